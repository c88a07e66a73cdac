"""'Wat is er veranderd': compare this edition's key figures with the previous edition's."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis import catalogue
from avk_analysis.charts import fmt_pct
from avk_analysis.indicators.select import from_source, region_label

KEY = ["indicator", "regiocode"]


def compare(current: pd.DataFrame, previous: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` largest changes in percentage points between two key-figure tables.

    Both tables are long (indicator, regiocode, jaar, waarde). A change of definition (another
    series in the catalogue) or a missing figure on either side is listed, never computed.
    """
    cols = [*KEY, "jaar", "waarde"]
    merged = current[cols].merge(previous[cols], on=KEY, how="outer", suffixes=("", "_vorig"))
    rows = []
    for _, r in merged.iterrows():
        ind = catalogue.get(r["indicator"])
        if ind.unit != catalogue.PCT:
            continue
        now, before = r["waarde"], r["waarde_vorig"]
        note = ""
        if _nan(now) or _nan(before):
            note = "geen vergelijking mogelijk: cijfer ontbreekt"
            diff = math.nan
        else:
            diff = float(now) - float(before)
            if not _nan(r["jaar"]) and not _nan(r["jaar_vorig"]) and r["jaar"] == r["jaar_vorig"]:
                note = "zelfde peiljaar (nog geen nieuwe cijfers)"
        rows.append(
            {
                "indicator": r["indicator"],
                "regiocode": r["regiocode"],
                "Indicator": ind.label,
                "Gebied": region_label(r["regiocode"]),
                "Vorige editie": _pct(before, r["jaar_vorig"]),
                "Deze editie": _pct(now, r["jaar"]),
                "verschil": diff,
                "Verschil (procentpunt)": "" if _nan(diff) else f"{diff:+.1f}".replace(".", ","),
                "Opmerking": note,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_abs"] = out["verschil"].abs()
    out = out.sort_values(["_abs", "indicator", "regiocode"], ascending=[False, True, True])
    return out.head(n).drop(columns="_abs").reset_index(drop=True)


def definition_breaks(df: pd.DataFrame, jaar: int) -> list[str]:
    """Return Dutch notes on series that end or begin near ``jaar`` (e.g. the 2024 poverty line)."""
    notes = []
    cbs = from_source(df)
    series: dict[str, tuple[int, int]] = {}
    for code, g in cbs.loc[cbs["waarde"].notna()].groupby("indicator"):
        series[str(code)] = (int(g["jaar"].min()), int(g["jaar"].max()))
    old = series.get("kwb_hh_laag_inkomen_pct")
    new = series.get("personen_in_armoede_pct")
    if old and new and new[0] <= jaar:
        notes.append(
            f"Vanaf {new[0]} meet CBS armoede met de nieuwe armoedegrens van CBS, SCP en Nibud "
            f"('{catalogue.label('personen_in_armoede_pct')}'). De oude reeks huishoudens met een "
            f"laag inkomen in de Kerncijfers wijken en buurten loopt tot en met {old[1]}. "
            "De twee reeksen zijn niet vergelijkbaar en worden nergens aan elkaar geplakt."
        )
    return notes


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _pct(value: object, year: object) -> str:
    if _nan(value):
        return "geen gegevens"
    suffix = "" if _nan(year) else f" ({int(year)})"
    return fmt_pct(float(value), 1) + suffix
