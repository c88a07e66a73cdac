"""Loaders for analysts and notebooks: the tidy indicator table, its sources and geometries.

>>> from avk_analysis import load
>>> df = load.indicatoren(indicator="kinderen_laag_inkomen_pct", jaar=2022)
>>> kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)
>>> tabellen = load.programma(2025)  # the programme's published tables

Everything here reads ``data/processed/`` only, checked against ``build.json``. Loading never
builds and never goes online: a missing or stale table is a ``processed.ProcessedDataError`` that
says what to run (``make build`` or ``make report``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import pandas as pd

from avk_analysis import processed, regions
from avk_analysis.processed import (
    BOUNDARY_YEAR,
    INDICATORS_FILE,
    PROGRAMME_INFO,
    REFERENCES_FILE,
    SOURCES_FILE,
)

__all__ = [
    "BOUNDARY_YEAR",
    "INDICATORS_FILE",
    "REFERENCES_FILE",
    "SOURCES_FILE",
    "bronnen",
    "geometrie",
    "indicatoren",
    "kaart",
    "programma",
    "programma_info",
    "programma_jaren",
    "referenties",
]


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
) -> pd.DataFrame:
    """Return the tidy indicator table, optionally filtered (never builds; see ``make build``)."""
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
    df = _read_parquet(REFERENCES_FILE)
    values = _as_list(indicator)
    if values is not None:
        df = df.loc[df["indicator"].isin(values)]
    return df.reset_index(drop=True)


def bronnen() -> pd.DataFrame:
    """Return the sources the current indicator table was built from (one row per raw folder)."""
    return pd.DataFrame(_read_json(SOURCES_FILE))


def _read_json(name: str) -> object:
    """Read a checked processed JSON file; a damaged one is a ProcessedDataError."""
    file = processed.require(name)
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except ValueError:
        raise processed.ProcessedDataError(
            f"{processed.rel(file)} is geen geldige JSON. " + processed.REBUILD_HINT
        ) from None


def programma_jaren() -> list[int]:
    """Return the programme years the last build wrote published tables for."""
    processed.require(INDICATORS_FILE)  # no build (or a broken one) is an error, not "no years"
    return processed.programme_years(processed.build_record() or {})


def _programme_year(jaar: int) -> int:
    """Return ``jaar`` when the build has programme tables for it; else a Dutch LookupError."""
    jaar = int(jaar)
    if jaar not in programma_jaren():
        raise LookupError(
            f"Geen programmagegevens voor {jaar} in data/processed/: bij de laatste bouw stond er "
            f"geen programmawerkboek voor {jaar} in data/raw/programma/. Zet het werkboek daar en "
            "draai `make build` (of `make report`)."
        )
    return jaar


def programma_info(jaar: int) -> dict[str, object]:
    """Return the facts of the programme workbook of ``jaar`` (status, peildatum, file, counts)."""
    name = processed.programme_file(_programme_year(jaar), PROGRAMME_INFO)
    info = _read_json(name)
    if not isinstance(info, dict):
        raise processed.ProcessedDataError(
            f"{processed.rel(processed.path(name))} is geen geldig programmaverslag. "
            + processed.REBUILD_HINT
        )
    peildatum = info.get("peildatum")
    return {**info, "peildatum": dt.date.fromisoformat(peildatum) if peildatum else None}


def programma(jaar: int) -> dict[str, pd.DataFrame]:
    """Return the programme's published tables of ``jaar`` (disclosure control applied)."""
    info = programma_info(jaar)
    out = {}
    for table in info.get("rijen") or {}:
        name = processed.programme_file(int(jaar), f"{table}.parquet")
        file = processed.require(name)
        try:
            out[table] = processed.read_frame(file)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise processed.ProcessedDataError(
                f"{processed.rel(file)} is niet leesbaar ({type(exc).__name__}). "
                + processed.REBUILD_HINT
            ) from None
    return out


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
