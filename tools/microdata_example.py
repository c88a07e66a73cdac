"""The shipped example export: the kit's script run on synthetic microdata (status 'voorbeeld').

``python -m tools.microdata_example [--seed 11] [--schaal 1.0]`` (from the project root) draws a
synthetic population in RA's layout (``tools/microdata_synthetic.py``; gemeenten about as large
as the real ones), writes the kit with ``avk-monitor microdata-pakket``'s code, runs its script
exactly as an analyst would in RA, and puts the export in ``data/raw/microdata/voorbeeld/`` with
a provenance sidecar (status ``voorbeeld``). The same settings give a byte-identical file. Until
a planning office delivers a real export, the monitor shows this one, labelled "voorbeeld" on
every figure; a delivered export goes before it, cell by cell.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from avk_analysis.sources.microdata import contract, export, intake, kit
from avk_analysis.vocabulary.provenance import STATUS_EXAMPLE, Provenance, write_provenance
from tools import microdata_synthetic as synthetic

DEFAULT_SEED = 11
DEFAULT_SCALE = 1.0
DEFAULT_ELSEWHERE = 60_000  # young adult candidates outside Groningen and Drenthe
YEARS = (2021, 2022, 2023)
RETRIEVED = "2026-11-22"  # fixed, so the sidecar is the same on every run


def build_example(
    target: Path,
    *,
    seed: int = DEFAULT_SEED,
    scale: float = DEFAULT_SCALE,
    elsewhere: int = DEFAULT_ELSEWHERE,
    years: tuple[int, ...] = YEARS,
    work: Path | None = None,
) -> Path:
    """Write the example export and its sidecar into ``target``; return the export."""
    settings = synthetic.Settings(
        seed=seed, years=years, scale=scale, elsewhere=elsewhere, others=0, traps=False
    )
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        base = Path(tmp)
        model = synthetic.build_model(settings)
        synthetic.write_layout(model, base / "G")
        kit.write_kit(base / "pakket")
        command = [
            sys.executable,
            str(base / "pakket" / contract.SCRIPT_NAME),
            "--bron", str(base / "G"),
            "--jaren", *map(str, years),
            "--uit", str(base / "uit"),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"het script faalde:\n{done.stdout}\n{done.stderr}")
        [made] = sorted((base / "uit").glob("*.csv"))
        target.mkdir(parents=True, exist_ok=True)
        for old in target.iterdir():
            old.unlink()
        result = target / made.name
        shutil.copyfile(made, result)
    report = export.validate_export(result)
    if not report.ok:
        raise RuntimeError(report.render())
    prov = Provenance(
        source="Monitor generatiearmoede (synthetisch voorbeeld)",
        title=f"{intake.TITLE}: VOORBEELD op synthetische microdata, {years[0]}-{years[-1]}",
        url="",
        retrieved=RETRIEVED,
        licence="Synthetisch voorbeeld: geen CBS-cijfers, geen echte personen",
        status=STATUS_EXAMPLE,
        notes=(
            f"Gemaakt met `python -m tools.microdata_example --seed {seed} --schaal {scale}` "
            f"(synthetische populatie in de indeling van CBS Remote Access, "
            f"tools/microdata_synthetic.py; het script {contract.SCRIPT_NAME} versie "
            f"{contract.get('SCRIPT_VERSIE')}, definitie {contract.get('DEFINITIE')}). De "
            "aantallen lijken op die van echte gemeenten maar zijn verzonnen; de monitor toont "
            "ze als 'voorbeeld' tot een planbureau een echte export aanlevert."
        ),
    )
    write_provenance(target, prov, files=[result])
    return result


def main(argv: list[str] | None = None) -> int:
    """Regenerate the shipped example export."""
    p = argparse.ArgumentParser(description="Maak de voorbeeldexport (synthetische microdata).")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--schaal", type=float, default=DEFAULT_SCALE)
    p.add_argument("--elders", type=int, default=DEFAULT_ELSEWHERE)
    p.add_argument("--uit", default=None, help="map (standaard data/raw/microdata/voorbeeld)")
    args = p.parse_args(argv)
    target = Path(args.uit) if args.uit else intake.microdata_dir() / intake.EXAMPLE_FOLDER
    result = build_example(target, seed=args.seed, scale=args.schaal, elsewhere=args.elders)
    print(f"Voorbeeldexport geschreven: {result}")
    print(export.validate_export(result).render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
