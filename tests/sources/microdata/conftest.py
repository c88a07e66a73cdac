"""Fixtures of the microdata tests: synthetic RA files, the kit, and one run of its script.

The synthetic files (``tools/microdata_synthetic.py``) come with the answers the script must
find. Generating them and running the script take some seconds, so the session shares one run;
each module keeps its tests on one worker (``xdist_group``), so its own fixtures run once.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from avk_analysis.sources.microdata import contract, kit
from tools import microdata_synthetic as synthetic

YEARS = (2021, 2022, 2023)
CELL = ["jaar_van", "jaar_tot", "regio_code", "woonsituatie", "ouder", "maat"]


@dataclass
class Run:
    """One run of the kit's script on synthetic RA files, with the answers it must give."""

    model: synthetic.Model
    root: Path  # stands for RA's G: drive
    kit: Path
    out: Path
    process: subprocess.CompletedProcess
    csv: Path
    note: Path

    def export(self) -> pd.DataFrame:
        """Return the export as written (aantal empty when suppressed)."""
        return read_export(self.csv)


def read_export(path: Path) -> pd.DataFrame:
    """Read an export CSV: counts as nullable integers, everything else as text."""
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    frame["aantal"] = pd.to_numeric(frame["aantal"].replace("", None)).astype("Int64")
    for col in ("jaar_van", "jaar_tot", "afronding"):
        frame[col] = frame[col].astype(int)
    return frame


def run_script(kit_dir: Path, root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the kit's script as RA would: a separate Python process with only its arguments."""
    years = [str(y) for y in YEARS]
    command = [sys.executable, str(kit_dir / contract.SCRIPT_NAME), "--bron", str(root)]
    command += ["--jaren", *years, "--uit", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def load_script(path: Path) -> ModuleType:
    """Import the kit's script as a module (for tests of its parts)."""
    spec = importlib.util.spec_from_file_location(f"ra_script_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ra_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Synthetic RA files, the kit written by the monitor, and one run of its script."""
    base = tmp_path_factory.mktemp("ra")
    model = synthetic.build_model(synthetic.Settings(years=YEARS))
    synthetic.write_layout(model, base / "G")
    kit.write_kit(base / "kit")
    process = run_script(base / "kit", base / "G", base / "uit")
    assert process.returncode == 0, process.stderr
    stem = f"generatiearmoede_{YEARS[0]}-{YEARS[-1]}"
    return Run(
        model,
        base / "G",
        base / "kit",
        base / "uit",
        process,
        base / "uit" / f"{stem}.csv",
        base / "uit" / f"{stem}_toelichting.txt",
    )


@pytest.fixture(scope="session")
def script(ra_run: Run) -> ModuleType:
    """The kit's script (as the monitor wrote it) imported as a module."""
    return load_script(ra_run.kit / contract.SCRIPT_NAME)
