"""Generational poverty per the planning offices: young adults (22-26) and their parents."""

from __future__ import annotations

import pandas as pd

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
