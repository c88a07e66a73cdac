"""Loading a checked programme workbook, and its tidy indicators per gemeente and year.

``load_workbook`` refuses a workbook with errors (``validation.InputError`` carries the report).
The ``ProgrammeData`` it returns holds the parsed sheets *including internal free text*; it is
for the programme team and for building publishable tables. Notebooks and reports use
``avk_analysis.programme.published`` (or ``programme_tidy``), which only return data that went
through ``avk_analysis.disclosure``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from avk_analysis import catalogue, disclosure, paths, regions, tidy
from avk_analysis.programme import contract
from avk_analysis.programme.validate import ROW, check_workbook
from avk_analysis.provenance import STATUS_EXAMPLE, STATUS_REAL
from avk_analysis.validation import InputError, Report

BRON = "Alliantie van Kracht"
STATUS_BY_TYPE = {
    contract.GEGEVENSTYPE_ECHT: STATUS_REAL,
    contract.GEGEVENSTYPE_VOORBEELD: STATUS_EXAMPLE,
}
HARMONISED = "voormalige gemeentecode omgezet naar de huidige gemeente (grootste opvolger)"
# Tidy indicators that count people: disclosure control applies to them.
PERSON_INDICATORS = (
    "programma_bereik_huishoudens",
    "programma_bereik_personen",
    "programma_bereik_kinderen",
    "programma_bijeenkomsten_deelnemers",
)


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
        "'python -m avk_analysis.programme.example')"
    )


def programme_files() -> list[Path]:
    """Return one workbook per programme year in ``data/raw/programma/`` (real before example)."""
    years = sorted(
        {
            int(m.group(1))
            for p in _candidates("avk_programma_*.xlsx")
            if (m := re.match(r"avk_programma_(\d{4})", p.name))
        }
    )
    return [find_workbook(y) for y in years]


def resolve(bron: ProgrammeData | Path | str | int) -> ProgrammeData:
    """Return programme data for a loaded object, a workbook path or a programme year."""
    if isinstance(bron, ProgrammeData):
        return bron
    path = find_workbook(bron) if isinstance(bron, int) and not isinstance(bron, bool) else bron
    path = Path(path).resolve()
    stat = path.stat() if path.exists() else None
    if stat is None:
        return load_workbook(path)
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> ProgrammeData:
    """Load a workbook once per version of the file (a notebook asks for several tables)."""
    return load_workbook(Path(path))


def _tidy_rows(
    data: ProgrammeData, frame: pd.DataFrame, code_col: str, year_col: str | None, sheet: str
) -> pd.DataFrame:
    """Return frame with regiocode, jaar and whether the row's code was harmonised."""
    out = frame.copy()
    out["regiocode"] = out[code_col]
    out["jaar"] = out[year_col].astype("Int64") if year_col else data.jaar
    out["_omgezet"] = [(sheet, int(r)) in data.harmonised for r in out[ROW]]
    return out.loc[out["regiocode"].notna()]


def programme_tidy(data: ProgrammeData | Path | str | int) -> pd.DataFrame:
    """Return the programme's tidy indicators per gemeente and year, after disclosure control."""
    data = resolve(data)
    parts: list[pd.DataFrame] = []
    frames = data.internal

    reach = _tidy_rows(data, frames["Bereik"], "gemeente_code", "jaar", "Bereik")
    for col in ("huishoudens", "personen", "kinderen"):
        grouped = reach.groupby(["regiocode", "jaar"], as_index=False).agg(
            waarde=(col, lambda s: s.sum(min_count=1)),
            onvolledig=(col, lambda s: bool(s.isna().any())),
            omgezet=("_omgezet", "any"),
        )
        grouped = grouped.loc[grouped["waarde"].notna()]
        parts.append(_indicator(grouped, f"programma_bereik_{col}", "onvolledig"))

    interventions = frames["Interventies"].copy()
    interventions["gemeente_code"] = interventions["gemeente_codes"].str.split(";")
    interventions = interventions.explode("gemeente_code")
    parts.append(_count(data, interventions, "Interventies", "programma_interventies_aantal"))

    parts.append(
        _count(data, frames["Experimenten"], "Experimenten", "programma_experimenten_aantal")
    )
    parts.append(_count(data, frames["Partners"], "Partners", "programma_partners_aantal"))

    meetings = frames["Bijeenkomsten"].copy()
    meetings["jaar"] = meetings["datum"].dt.year
    rows = _tidy_rows(data, meetings, "gemeente_code", "jaar", "Bijeenkomsten")
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=("datum", "size"), omgezet=("_omgezet", "any")
    )
    parts.append(_indicator(grouped, "programma_bijeenkomsten_aantal"))
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=("deelnemers", lambda s: s.sum(min_count=1)),
        onvolledig=("deelnemers", lambda s: bool(s.isna().any())),
        omgezet=("_omgezet", "any"),
    )
    grouped = grouped.loc[grouped["waarde"].notna()]
    parts.append(_indicator(grouped, "programma_bijeenkomsten_deelnemers", "onvolledig"))

    parts = [p for p in parts if not p.empty]
    if not parts:
        return disclosure.suppress_tidy(tidy.empty(), PERSON_INDICATORS)
    rows = pd.concat(parts, ignore_index=True)
    rows["bron"] = BRON
    rows["tabel"] = f"avk_programma_{data.jaar}"
    rows["regionaam"] = rows["regiocode"].map(regions.name)
    rows["regioniveau"] = regions.LEVEL_GEMEENTE
    rows["eenheid"] = rows["indicator"].map(lambda c: catalogue.get(c).unit)
    rows["definitie"] = rows["indicator"].map(lambda c: catalogue.get(c).definition)
    rows["status"] = data.status
    rows["jaar"] = rows["jaar"].astype(int)
    rows["waarde"] = rows["waarde"].astype(float)
    rows["symbool"] = ""
    rows["bron_url"] = ""
    rows = rows[tidy.COLUMNS].sort_values(["indicator", "regiocode", "jaar"])
    # suppress_tidy validates the result against the tidy schema
    out = disclosure.suppress_tidy(rows.reset_index(drop=True), PERSON_INDICATORS)
    out.attrs.update({"status": data.status, "programmajaar": data.jaar})
    return out


def _count(data: ProgrammeData, frame: pd.DataFrame, sheet: str, indicator: str) -> pd.DataFrame:
    rows = _tidy_rows(data, frame, "gemeente_code", None, sheet)
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=(ROW, "size"), omgezet=("_omgezet", "any")
    )
    return _indicator(grouped, indicator)


def _indicator(grouped: pd.DataFrame, code: str, incomplete: str | None = None) -> pd.DataFrame:
    catalogue.get(code)  # fail early on a code that is not in the catalogue
    out = pd.DataFrame(
        {
            "indicator": code,
            "regiocode": grouped["regiocode"].astype(str),
            "jaar": grouped["jaar"].astype(int),
            "waarde": grouped["waarde"].astype(float),
            "harmonisatie": grouped["omgezet"].map(lambda x: HARMONISED if x else ""),
            "onzeker": grouped[incomplete].astype(bool) if incomplete else False,
        }
    )
    return out
