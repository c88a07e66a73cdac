"""Finding and loading a checked programme workbook under ``data/raw/programma/``.

``load_workbook`` refuses a workbook with errors (``validation.InputError`` carries the report). The
``ProgrammeData`` it returns holds the parsed sheets *including internal free text*; it is for the
programme team and for the build only. This module reads and checks; it does not aggregate or
protect anything. The build turns the data into disclosure-controlled tables
(``avk_analysis.pipeline.programme_tables``) and writes them to ``data/processed/``, which is all
that notebooks and reports ever read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from avk_analysis.sources.programme import contract
from avk_analysis.sources.programme.validate import check_workbook
from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import STATUS_EXAMPLE, STATUS_REAL
from avk_analysis.vocabulary.validation import InputError, Report

STATUS_BY_TYPE = {
    contract.GEGEVENSTYPE_ECHT: STATUS_REAL,
    contract.GEGEVENSTYPE_VOORBEELD: STATUS_EXAMPLE,
}


@dataclass(frozen=True)
class ProgrammeData:
    """A checked programme workbook. ``internal`` holds free text: never publish it directly."""

    path: Path
    jaar: int
    status: str  # provenance status: "echt" or "voorbeeld"
    peildatum: dt.date | None
    internal: Mapping[str, pd.DataFrame]
    report: Report  # the warnings of the check (no errors, or it would not load)
    harmonised: frozenset[tuple[str, int]] = frozenset()

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}: {len(v)}" for k, v in self.internal.items())
        return f"ProgrammeData({self.path.name}, jaar={self.jaar}, status={self.status}, {rows})"


def load_workbook(path: Path | str) -> ProgrammeData:
    """Check and load a programme workbook; raise ``InputError`` (with the report) on errors."""
    checked = check_workbook(path)
    if not checked.report.ok:
        raise InputError(checked.report)
    info = checked.info
    peildatum = info.get("peildatum")
    return ProgrammeData(
        path=Path(path),
        jaar=int(info["programmajaar"]),  # type: ignore[arg-type]
        status=STATUS_BY_TYPE[str(info["gegevenstype"])],
        peildatum=peildatum if isinstance(peildatum, dt.date) else None,
        internal=dict(checked.frames),
        report=checked.report,
        harmonised=frozenset(checked.harmonised),
    )


def workbook_name(jaar: int, voorbeeld: bool = False) -> str:
    """Return the conventional file name of a programme workbook."""
    return f"avk_programma_{jaar}{'_voorbeeld' if voorbeeld else ''}.xlsx"


def _candidates(pattern: str) -> list[Path]:
    root = paths.programme_raw_dir()
    found = sorted(root.rglob(pattern)) if root.exists() else []
    return [p for p in found if not p.name.startswith("~$") and "sjabloon" not in p.name]


def _is_example(path: Path) -> bool:
    return "voorbeeld" in path.name or "voorbeeld" in path.parent.name


def find_workbook(jaar: int, *, voorbeeld_toegestaan: bool = True) -> Path:
    """Return the workbook of ``jaar`` under ``data/raw/programma/`` (real data before example)."""
    root = paths.programme_raw_dir()
    found = _candidates(f"avk_programma_{jaar}*.xlsx")
    real = [p for p in found if not _is_example(p)]
    examples = [p for p in found if _is_example(p)]
    for kind, files in (("echte", real), ("voorbeeld", examples)):
        if len(files) > 1:
            listed = ", ".join(str(p.relative_to(root)) for p in files)
            raise ValueError(
                f"Meer dan één {kind} programmawerkmap voor {jaar} in {root}: {listed}; "
                "laat er één over (de monitor kiest niet zelf)"
            )
    if real:
        return real[0]
    if examples and voorbeeld_toegestaan:
        return examples[0]
    raise FileNotFoundError(
        f"Geen programmawerkmap voor {jaar} gevonden in {root} "
        f"(verwacht: {workbook_name(jaar)}; maak voorbeeldgegevens met "
        "'python -m tools.example_workbook')"
    )


def workbook_year(path: Path) -> int:
    """Return the programme year in a workbook's file name (``avk_programma_2025*.xlsx``)."""
    match = re.match(r"avk_programma_(\d{4})", Path(path).name)
    if match is None:
        raise ValueError(f"{Path(path).name} heet niet avk_programma_<jaar>...xlsx")
    return int(match.group(1))


# Files a programme team could mean as a workbook; any of them the monitor does not read stops
# the build (the example workbook must never stand in for a real one silently).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers")
SPREADSHEET_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")
_WORKBOOK_NAME = re.compile(r"avk_programma_\d{4}.*\.xlsx")


def _why_unread(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xlsx" and "sjabloon" in path.name:
        return (
            "een sjabloon wordt niet gelezen; vul het in en noem het "
            f"{workbook_name(2025).replace('2025', '<jaar>')}"
        )
    if suffix == ".xlsx":
        return (
            "de naam is niet avk_programma_<jaar>.xlsx (bv. "
            f"{workbook_name(2025)}), dus de monitor zoekt hier niet; hernoem het bestand"
        )
    if suffix == ".xlsm":
        return (
            "een werkmap met macro's (.xlsm) wordt niet gelezen; kies in Excel 'Opslaan als' → "
            "'Excel-werkmap (.xlsx)' en verwijder het .xlsm-bestand"
        )
    if suffix == ".xls":
        return (
            "het oude Excel-formaat (.xls) wordt niet gelezen; kies in Excel 'Opslaan als' → "
            "'Excel-werkmap (.xlsx)' en verwijder het .xls-bestand"
        )
    return (
        f"de monitor leest alleen Excel-werkmappen (.xlsx), geen {suffix}-bestand; sla het op als "
        "Excel-werkmap (.xlsx) met de naam avk_programma_<jaar>.xlsx"
    )


def unread_files() -> list[str]:
    """Return Dutch problems for workbook-like files under ``data/raw/programma/`` never read.

    A workbook saved as .xls or .xlsm, or named otherwise, would leave the year without its
    workbook (the example would be used); the build stops instead and names the file.
    """
    root = paths.programme_raw_dir()
    if not root.is_dir():
        return []
    read = set(_candidates("avk_programma_*.xlsx"))
    problems = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(("~$", ".")) or path in read:
            continue
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            continue
        if path.suffix.lower() == ".xlsx" and _WORKBOOK_NAME.fullmatch(path.name):
            continue
        rel = path.relative_to(paths.project_root()).as_posix()
        problems.append(f"{rel}: {_why_unread(path)}")
    return problems


def programme_files() -> list[Path]:
    """Return one workbook per programme year in ``data/raw/programma/`` (real before example)."""
    years = sorted(
        {
            workbook_year(p)
            for p in _candidates("avk_programma_*.xlsx")
            if re.match(r"avk_programma_\d{4}", p.name)
        }
    )
    return [find_workbook(y) for y in years]
