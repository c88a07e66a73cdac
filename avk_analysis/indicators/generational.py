"""Generational poverty per the planning offices: young adults (22-26) and their parents."""

from __future__ import annotations

import pandas as pd

from avk_analysis import catalogue
from avk_analysis.charts import fmt_getal, fmt_pct
from avk_analysis.indicators.select import region_label

YOUNG_ADULTS = "jongvolwassenen_laag_inkomen_pct"
PREFIXES = ("jongvolwassenen_", "vader_", "moeder_", "langdurig_onder_")
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
    generational = df["indicator"].isin(GENERATIONAL) | df["indicator"].str.startswith(PREFIXES)
    rows = df.loc[generational & (df["bron"] != "CBS")].copy()
    rows["regio"] = rows["regiocode"].map(region_label)
    order = {c: i for i, c in enumerate(GENERATIONAL)}
    rows["_o"] = rows["indicator"].map(order).fillna(len(order))
    return rows.sort_values(["_o", "jaar", "regiocode", "bron_url"]).drop(columns="_o")


def young_adults_series(df: pd.DataFrame) -> pd.DataFrame:
    """Return the share of young adults (22-26) with a low income per year and region."""
    rows = generational_rows(df)
    return rows.loc[
        rows["indicator"] == YOUNG_ADULTS,
        ["jaar", "regiocode", "regio", "waarde", "onzeker", "tabel", "bron_url", "definitie"],
    ].reset_index(drop=True)


def generational_table(df: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Return (table indicator x year, Markdown list of sources); unsure figures marked '*'.

    Each cell cites its source by number, e.g. '8,8 % [2]'; the list names and links them.
    """
    rows = generational_rows(df)
    urls = list(dict.fromkeys(rows["bron_url"]))
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for _, r in rows.iterrows():
        unit = catalogue.get(r["indicator"]).unit
        value = fmt_pct(r["waarde"], 1) if unit == catalogue.PCT else fmt_getal(r["waarde"])
        value += (" *" if r["onzeker"] else "") + f" [{urls.index(r['bron_url']) + 1}]"
        key = (catalogue.label(r["indicator"]), r["regio"])
        year = str(r["jaar"])
        current = cells.setdefault(key, {})
        current[year] = f"{current[year]}; {value}" if year in current else value
    years = sorted({y for c in cells.values() for y in c})
    table = pd.DataFrame(
        [
            {"Indicator": k[0], "Gebied": k[1], **{y: c.get(y, "") for y in years}}
            for k, c in cells.items()
        ],
        columns=["Indicator", "Gebied", *years],
    )
    names = dict(zip(rows["bron_url"], rows["bron"], strict=False))
    sources = "\n".join(f"{i}. {names[u]}: <{u}>" for i, u in enumerate(urls, start=1))
    return table, sources


def series_alt(series: pd.DataFrame) -> str:
    """Return alt text for the young-adults chart."""
    parts = [f"{r['regio']} {r['jaar']}: {fmt_pct(r['waarde'], 1)}" for _, r in series.iterrows()]
    return "Aandeel jongvolwassenen (22-26) met een laag inkomen. " + "; ".join(parts) + "."
