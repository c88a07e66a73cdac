"""Small hand-made tidy tables for indicator tests."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.vocabulary import catalogue, regions, tidy

API = "https://opendata.cbs.nl/#/CBS/nl/dataset/T"


def rows(indicator: str, values: dict[str, float], jaar: int, **extra) -> list[dict]:
    """Return tidy rows of one indicator and year for several regions."""
    out = []
    for code, value in values.items():
        name = regions.veenkolonien_name(code[3:]) if code.startswith("VK_") else regions.name(code)
        out.append(
            {
                "bron": "CBS",
                "tabel": "T",
                "indicator": indicator,
                "regiocode": code,
                "regionaam": name,
                "regioniveau": regions.level_of(code),
                "jaar": jaar,
                "waarde": value,
                "eenheid": catalogue.get(indicator).unit,
                "status": "demo",
                "bron_url": API,
                "symbool": "." if math.isnan(value) else "",
                **extra,
            }
        )
    return out


def table(*parts: list[dict]) -> pd.DataFrame:
    """Combine row lists into a validated tidy table."""
    return tidy.make(pd.DataFrame([r for p in parts for r in p]))
