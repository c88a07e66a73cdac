"""Generational poverty per the planning offices: young adults (22-26) and their parents."""

from __future__ import annotations

import pandas as pd

from avk_analysis import catalogue
from avk_analysis.charts import fmt_getal, fmt_pct
from avk_analysis.indicators.select import region_label

YOUNG_ADULTS = "jongvolwassenen_laag_inkomen_pct"
GENERATIONAL = [
    "jongvolwassenen_laag_inkomen_pct",
    "jongvolwassenen_laag_inkomen_aantal",
    "langdurig_onder_arme_jongvolwassenen_pct",
    "langdurig_onder_laag_inkomen_pct",
    "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
    "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct",
    "vader_laag_inkomen_bij_alle_jongvolwassenen_pct",
    "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
]


def generational_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Return the planning offices' generational figures (Veenkoloniën and NL), oldest first."""
    rows = df.loc[df["indicator"].isin(GENERATIONAL) & (df["bron"] != "CBS")].copy()
    rows["regio"] = rows["regiocode"].map(region_label)
    order = {c: i for i, c in enumerate(GENERATIONAL)}
    rows["_o"] = rows["indicator"].map(order)
    return rows.sort_values(["_o", "jaar", "regiocode", "bron_url"]).drop(columns="_o")


def young_adults_series(df: pd.DataFrame) -> pd.DataFrame:
    """Return the share of young adults (22-26) with a low income per year and region."""
    rows = generational_rows(df)
    return rows.loc[
        rows["indicator"] == YOUNG_ADULTS,
        ["jaar", "regiocode", "regio", "waarde", "onzeker", "tabel", "bron_url", "definitie"],
    ].reset_index(drop=True)


def generational_table(df: pd.DataFrame) -> pd.DataFrame:
    """Return a display table: indicator, year, region, value, source; unsure figures marked '*'."""
    out = []
    for _, r in generational_rows(df).iterrows():
        unit = catalogue.get(r["indicator"]).unit
        value = fmt_pct(r["waarde"], 1) if unit == catalogue.PCT else fmt_getal(r["waarde"])
        out.append(
            {
                "Indicator": catalogue.label(r["indicator"]),
                "Jaar": str(r["jaar"]),
                "Gebied": r["regio"],
                "Waarde": value + (" *" if r["onzeker"] else ""),
                "Bron": f'<a href="{r["bron_url"]}">{r["bron"]}</a>',
            }
        )
    return pd.DataFrame(out, columns=["Indicator", "Jaar", "Gebied", "Waarde", "Bron"])


def series_alt(series: pd.DataFrame) -> str:
    """Return alt text for the young-adults chart."""
    parts = [f"{r['regio']} {r['jaar']}: {fmt_pct(r['waarde'], 1)}" for _, r in series.iterrows()]
    return "Aandeel jongvolwassenen (22-26) met een laag inkomen. " + "; ".join(parts) + "."
