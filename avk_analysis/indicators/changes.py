"""'Wat is er veranderd': compare this edition's key figures with the previous edition's."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis import catalogue
from avk_analysis.indicators.select import from_source

KEY = ["indicator", "regiocode"]
NOTE_MISSING = "ontbreekt"  # one side has no figure: listed, never computed
NOTE_SAME_YEAR = "zelfde_jaar"  # both editions show the same year (no new figures yet)


def compare(current: pd.DataFrame, previous: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` largest changes in percentage points between two key-figure tables.

    Both tables are long (indicator, regiocode, jaar, waarde). A change of definition (another
    series in the catalogue) or a missing figure on either side is listed, never computed; the
    ``opmerking`` column says which (``NOTE_MISSING``, ``NOTE_SAME_YEAR`` or empty).
    """
    cols = [*KEY, "jaar", "waarde"]
    merged = current[cols].merge(previous[cols], on=KEY, how="outer", suffixes=("", "_vorig"))
    rows = []
    for _, r in merged.iterrows():
        if catalogue.get(r["indicator"]).unit != catalogue.PCT:
            continue
        now, before = r["waarde"], r["waarde_vorig"]
        note = ""
        if _nan(now) or _nan(before):
            note = NOTE_MISSING
            diff = math.nan
        else:
            diff = float(now) - float(before)
            if not _nan(r["jaar"]) and not _nan(r["jaar_vorig"]) and r["jaar"] == r["jaar_vorig"]:
                note = NOTE_SAME_YEAR
        rows.append(
            {
                "indicator": r["indicator"],
                "regiocode": r["regiocode"],
                "jaar": r["jaar"],
                "waarde": now,
                "jaar_vorig": r["jaar_vorig"],
                "waarde_vorig": before,
                "verschil": diff,
                "opmerking": note,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_abs"] = out["verschil"].abs()
    out = out.sort_values(["_abs", "indicator", "regiocode"], ascending=[False, True, True])
    return out.head(n).drop(columns="_abs").reset_index(drop=True)


def series_spans(df: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Return per CBS indicator the first and last year with a figure."""
    cbs = from_source(df)
    return {
        str(code): (int(g["jaar"].min()), int(g["jaar"].max()))
        for code, g in cbs.loc[cbs["waarde"].notna()].groupby("indicator")
    }


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA
