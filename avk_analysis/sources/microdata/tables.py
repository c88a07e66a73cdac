"""The exports in the build: one value per cell, delivered before example, and the tidy rows.

The build reads every export under ``data/raw/microdata/`` (the shipped synthetic example and
each delivery). :func:`combine` keeps one value per cell: a delivered export (status ``echt``)
goes before the example, a newer delivery before an older one. Every export holds whole tables
(the check refuses an incomplete one), so a table never mixes two exports. The cells go to
``data/processed/microdata.parquet`` with their provenance; :func:`tidy_rows` adds the single
years to the tidy indicator table (counts as delivered, shares computed from them; a suppressed
count and a share that needs one carry the CBS symbol ``x``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from avk_analysis.sources.microdata import contract, export, intake
from avk_analysis.vocabulary import catalogue, regions, tidy
from avk_analysis.vocabulary.provenance import STATUS_EXAMPLE, read_provenance

CELL = ["jaar_van", "jaar_tot", "regiocode", "woonsituatie", "ouder", "maat"]
COLUMNS = [
    *CELL,
    "aantal",
    "onderdrukt",
    "afronding",
    "definitie",
    "status",
    "bron",
    "bronregel",
    "map",
    "bestand",
]
EXAMPLE_SOURCE = "Voorbeeld: synthetische microdata (geen CBS-cijfers)"
EXAMPLE_LINE = (
    "Voorbeeld: synthetische microdata, gemaakt door de monitor (geen CBS-cijfers, geen echte "
    "personen)"
)
TABLE = "CBS-microdata (RA), definitie {definitie}"
# single-year measure -> indicator of the tidy table
COUNTS = {
    "jv": "microdata_jongvolwassenen_aantal",
    "jv_laag": "microdata_jongvolwassenen_laag_inkomen_aantal",
}
SHARES = {
    "jv_laag": "microdata_jongvolwassenen_laag_inkomen_pct",
    "jv_langdurig": "microdata_jongvolwassenen_langdurig_laag_inkomen_pct",
}
# CBS's income rule: a share only with a denominator of at least 100 when counts are in hundreds
SHARE_MINIMUM = {10: 0, 100: 100}


def share(part: object, whole: object, base: int) -> float:
    """Return 100 x part / whole from delivered counts; NaN when either is suppressed or too small.

    Under CBS's income rule (counts in hundreds) a share needs a denominator of at least 100.
    """
    if part is None or whole is None or pd.isna(part) or pd.isna(whole) or float(whole) <= 0:
        return float("nan")
    if float(whole) < SHARE_MINIMUM.get(int(base), 100):
        return float("nan")
    return 100.0 * float(part) / float(whole)


def empty() -> pd.DataFrame:
    """Return an empty cell table with the right columns."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})


def read(file: Path) -> pd.DataFrame:
    """Read one export with its provenance (who delivered it, status, source line)."""
    frame = export.load_export(file)
    prov = read_provenance(file.parent)
    example = prov.status == STATUS_EXAMPLE
    frame["status"] = prov.status
    frame["bron"] = EXAMPLE_SOURCE if example else prov.source
    frame["bronregel"] = EXAMPLE_LINE if example else intake.source_line(prov.source)
    frame["map"] = file.parent.relative_to(intake.microdata_dir().parent.parent.parent).as_posix()
    frame["bestand"] = file.name
    return frame


def combine(files: list[Path]) -> pd.DataFrame:
    """Return one value per cell: delivered before example, a newer delivery before an older."""
    if not files:
        return empty()
    frames = [read(f) for f in files]
    cells = pd.concat(frames, ignore_index=True)
    cells["_voorbeeld"] = cells["status"] == STATUS_EXAMPLE
    cells["_dag"] = cells["map"].str.rsplit("/", n=1).str[-1]  # <JJJJ-MM-DD>[-n] of a delivery
    cells = cells.sort_values(
        ["_voorbeeld", "_dag", "map"], ascending=[True, False, False], kind="stable"
    )
    cells = cells.drop_duplicates(CELL, keep="first").drop(columns=["_voorbeeld", "_dag"])
    order = {code: i for i, code in enumerate(export.known_regions())}
    cells["_regio"] = cells["regiocode"].map(order)
    cells = cells.sort_values(["jaar_van", "jaar_tot", "ouder", "_regio", "woonsituatie", "maat"])
    return cells.drop(columns="_regio")[COLUMNS].reset_index(drop=True)


def _region_name(code: str) -> str:
    return regions.veenkolonien_name(code[3:]) if code.startswith("VK_") else regions.name(code)


def tidy_rows(cells: pd.DataFrame) -> pd.DataFrame:
    """Return the single years (woonsituatie totaal) as rows of the tidy indicator table."""
    total = contract.get("TOTAAL")
    single = cells.loc[
        (cells["ouder"] == total)
        & (cells["woonsituatie"] == total)
        & (cells["jaar_van"] == cells["jaar_tot"])
    ]
    if single.empty:
        return tidy.empty()
    wide = single.pivot_table(
        index=["jaar_van", "regiocode"], columns="maat", values="aantal", aggfunc="first",
        dropna=False,
    )  # fmt: skip
    facts = single.drop_duplicates(["jaar_van", "regiocode"]).set_index(["jaar_van", "regiocode"])
    rows = []
    for (jaar, code), counts in wide.iterrows():
        fact = facts.loc[(jaar, code)]
        base = int(fact["afronding"])
        values: dict[str, float] = {ind: counts.get(m) for m, ind in COUNTS.items()}
        whole = counts.get("jv")
        for measure, indicator in SHARES.items():
            values[indicator] = share(counts.get(measure), whole, base)
        for indicator, value in values.items():
            missing = value is None or pd.isna(value)
            rows.append(
                {
                    "bron": fact["bron"],
                    "tabel": TABLE.format(definitie=fact["definitie"]),
                    "indicator": indicator,
                    "regiocode": code,
                    "regionaam": _region_name(str(code)),
                    "regioniveau": regions.level_of(str(code)),
                    "jaar": int(jaar),
                    "waarde": np.nan if missing else float(value),
                    "eenheid": catalogue.get(indicator).unit,
                    "definitie": f"{catalogue.get(indicator).definition} (definitie "
                    f"{fact['definitie']}: {contract.definitions()[str(fact['definitie'])]}; "
                    f"aantallen afgerond op {base}). {fact['bronregel']}.",
                    "status": fact["status"],
                    "symbool": "x" if missing else "",
                }
            )
    return tidy.make(pd.DataFrame(rows))
