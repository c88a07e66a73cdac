"""Loaders for analysts and notebooks: the tidy indicator table, its sources and geometries.

>>> from avk_analysis import load
>>> df = load.indicatoren(indicator="kinderen_laag_inkomen_pct", jaar=2022)
>>> kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from avk_analysis import paths, regions

# kept here (not imported from build) so notebooks need not import the build machinery
INDICATORS_FILE = "indicatoren.parquet"
SOURCES_FILE = "bronnen.json"


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
    file = paths.processed_dir() / INDICATORS_FILE
    if not file.exists():
        if not bouwen:
            raise FileNotFoundError(f"{file} ontbreekt: draai eerst `make report` of `make build`")
        from avk_analysis import build

        build.build(log=lambda _msg: None)
    df = pd.read_parquet(file)
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


def bronnen() -> pd.DataFrame:
    """Return the sources the current indicator table was built from (one row per raw folder)."""
    file = paths.processed_dir() / SOURCES_FILE
    if not file.exists():
        indicatoren()
    return pd.DataFrame(json.loads(file.read_text(encoding="utf-8")))


BOUNDARY_YEAR = 2025  # figures are harmonised to the current gemeenten, so use current boundaries


def geometrie(jaar: int = BOUNDARY_YEAR, *, downloaden: bool = False):
    """Return gemeente boundaries (real when cached or downloadable, else the schematic tiles)."""
    from avk_analysis import boundaries

    gdf, _schematic = boundaries.gemeente_geometries(jaar, allow_download=downloaden)
    return gdf


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
