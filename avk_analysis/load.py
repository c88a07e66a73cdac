"""Loaders for analysts and notebooks: the tidy indicator table, its sources and geometries.

>>> from avk_analysis import load
>>> df = load.indicatoren(indicator="kinderen_laag_inkomen_pct", jaar=2022)
>>> kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from avk_analysis import processed, regions
from avk_analysis.processed import INDICATORS_FILE, REFERENCES_FILE, SOURCES_FILE

__all__ = ["INDICATORS_FILE", "REFERENCES_FILE", "SOURCES_FILE", "bronnen", "indicatoren"]


def _as_list(value: str | int | Iterable | None) -> list | None:
    if value is None:
        return None
    if isinstance(value, str | int):
        return [value]
    return list(value)


def indicatoren(
    *,
    indicator: str | Iterable[str] | None = None,
    regio: str | Iterable[str] | None = None,
    jaar: int | Iterable[int] | None = None,
    status: str | Iterable[str] | None = None,
    bron: str | Iterable[str] | None = None,
    bouwen: bool = True,
) -> pd.DataFrame:
    """Return the tidy indicator table, optionally filtered (builds it first when missing)."""
    _ensure_built(bouwen)
    df = _read_parquet(INDICATORS_FILE)
    for column, wanted in (
        ("indicator", indicator),
        ("regiocode", regio),
        ("jaar", jaar),
        ("status", status),
        ("bron", bron),
    ):
        values = _as_list(wanted)
        if values is not None:
            df = df.loc[df[column].isin(values)]
    return df.reset_index(drop=True)


def _ensure_built(bouwen: bool) -> None:
    """Build data/processed/ when it was never built and ``bouwen`` allows it."""
    if processed.path(INDICATORS_FILE).exists() or not bouwen:
        return
    from avk_analysis import build

    build.build(log=lambda _msg: None)


def _read_parquet(name: str) -> pd.DataFrame:
    """Read a checked processed table; a corrupt file is a ProcessedDataError saying what to run."""
    file = processed.require(name)
    try:
        return pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise processed.ProcessedDataError(
            f"{processed.rel(file)} is niet leesbaar ({type(exc).__name__}). "
            + processed.REBUILD_HINT
        ) from None


def referenties(*, indicator: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Return the figures quoted by others (kept apart from the indicator table, for checks)."""
    _ensure_built(True)
    df = _read_parquet(REFERENCES_FILE)
    values = _as_list(indicator)
    if values is not None:
        df = df.loc[df["indicator"].isin(values)]
    return df.reset_index(drop=True)


def bronnen() -> pd.DataFrame:
    """Return the sources the current indicator table was built from (one row per raw folder)."""
    _ensure_built(True)
    file = processed.require(SOURCES_FILE)
    try:
        return pd.DataFrame(json.loads(file.read_text(encoding="utf-8")))
    except ValueError:
        raise processed.ProcessedDataError(
            f"{processed.rel(file)} is geen geldige JSON. " + processed.REBUILD_HINT
        ) from None


BOUNDARY_YEAR = 2025  # figures are harmonised to the current gemeenten, so use current boundaries


def geometrie(jaar: int = BOUNDARY_YEAR, *, downloaden: bool = False):
    """Return gemeente boundaries: downloaded from PDOK when cached, else the shipped ones."""
    from avk_analysis import boundaries

    return boundaries.load_boundaries(jaar, "gemeente", allow_download=downloaden)


def kaart(indicator: str, jaar: int, *, bron: str = "CBS", downloaden: bool = False):
    """Return gemeente geometries joined with one indicator for one year (a map in one call)."""
    values = indicatoren(indicator=indicator, jaar=jaar, regio=regions.gemeente_codes(), bron=bron)
    gdf = geometrie(downloaden=downloaden)
    cols = ["regiocode", "waarde", "symbool", "status", "eenheid"]
    merged = gdf.merge(
        values[cols].drop_duplicates("regiocode"),
        left_on="gemeentecode",
        right_on="regiocode",
        how="left",
    )
    merged.attrs.update(gdf.attrs)
    return merged
