"""The one tidy indicator table that every source converges into, and its schema.

One row is one figure: which source and table, which indicator, which region and year, the value
(or the CBS symbol that stands in for it), its unit and definition, whether it is a real figure,
demo data or example data, and which harmonisation touched it.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from avk_analysis.vocabulary import symbols
from avk_analysis.vocabulary.provenance import STATUSES
from avk_analysis.vocabulary.regions import LEVELS

COLUMNS = [
    "bron",
    "tabel",
    "indicator",
    "regiocode",
    "regionaam",
    "regioniveau",
    "jaar",
    "waarde",
    "eenheid",
    "definitie",
    "status",
    "harmonisatie",
    "symbool",
    "bron_url",
    "onzeker",
]

# no symbol, or a CBS symbol standing in for the number (see avk_analysis.vocabulary.symbols)
SYMBOLS = ("", *symbols.CODES)
KEY = ["tabel", "indicator", "regiocode", "jaar", "bron_url"]


def _value_or_symbol(df: pd.DataFrame) -> pd.Series:
    """Every row has a number, or a CBS symbol that says why there is none."""
    return df["waarde"].notna() | (df["symbool"] != "")


@cache
def schema():
    """Return the pandera schema of the tidy table (built on first use; pandera imports slowly)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "bron": pa.Column(str, pa.Check.str_length(min_value=1)),
            "tabel": pa.Column(str),
            "indicator": pa.Column(str, pa.Check.str_length(min_value=1)),
            "regiocode": pa.Column(str, pa.Check.str_length(min_value=2)),
            "regionaam": pa.Column(str, pa.Check.str_length(min_value=1)),
            "regioniveau": pa.Column(str, pa.Check.isin(LEVELS)),
            "jaar": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "waarde": pa.Column(float, nullable=True),
            "eenheid": pa.Column(str),
            "definitie": pa.Column(str),
            "status": pa.Column(str, pa.Check.isin(STATUSES)),
            "harmonisatie": pa.Column(str),
            "symbool": pa.Column(str, pa.Check.isin(SYMBOLS)),
            "bron_url": pa.Column(str),
            "onzeker": pa.Column(bool),
        },
        checks=[pa.Check(_value_or_symbol, error="waarde ontbreekt zonder CBS-symbool")],
        unique=KEY,
        strict=True,
        ordered=True,
        coerce=True,
        name="tidy indicatortabel",
    )


def empty() -> pd.DataFrame:
    """Return an empty tidy table with the right columns and dtypes."""
    return validate(pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}))


def make(rows: pd.DataFrame, **defaults: object) -> pd.DataFrame:
    """Complete ``rows`` with defaults for missing optional columns, order them and validate."""
    df = rows.copy()
    fill = {"harmonisatie": "", "symbool": "", "bron_url": "", "onzeker": False, "definitie": ""}
    fill.update(defaults)
    for col, val in fill.items():
        if col not in df.columns:
            df[col] = val
    for col in ("harmonisatie", "symbool", "bron_url", "definitie"):
        df[col] = df[col].fillna("")
    # a missing flag means "not unsure" (NaN would otherwise coerce to True)
    df["onzeker"] = df["onzeker"].astype(object).where(df["onzeker"].notna(), False).astype(bool)
    return validate(df[COLUMNS])


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Check a frame against the tidy schema (lazily, so all problems are reported at once)."""
    return schema().validate(df, lazy=True)


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tidy frames, sort them deterministically and validate the result."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty()
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["bron", "tabel", "indicator", "regiocode", "jaar", "bron_url"])
    return validate(df.reset_index(drop=True))
