"""Picking figures out of the tidy table: one value, the latest year, preferred sources."""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import pandas as pd

from avk_analysis import regions

CBS = "CBS"


@dataclass(frozen=True)
class Figure:
    """One figure with what a reader needs to judge it."""

    indicator: str
    regiocode: str
    jaar: int | None
    waarde: float
    symbool: str
    status: str
    bron: str
    tabel: str

    @property
    def available(self) -> bool:
        """Tell whether there is a number (not a CBS symbol or a gap)."""
        return not math.isnan(self.waarde)


def missing(indicator: str, regiocode: str, jaar: int | None = None) -> Figure:
    """Return the figure for 'no data' (never zero)."""
    return Figure(indicator, regiocode, jaar, math.nan, ".", "", "", "")


STATLINE_PREFIX = "https://opendata.cbs.nl/"


def from_source(df: pd.DataFrame, bron: str | None = CBS) -> pd.DataFrame:
    """Return the rows of one source (None: all sources).

    For "CBS" these are the tables fetched from the CBS API (or its snapshot) and the aggregates
    built from them; CBS figures quoted in the planning-office delivery are left out, so one
    series never mixes the two.
    """
    if bron is None:
        return df
    rows = df.loc[df["bron"] == bron]
    if bron == CBS:
        rows = rows.loc[rows["bron_url"].str.startswith(STATLINE_PREFIX)]
    return rows


_INDEX: dict[tuple[int, str | None], tuple[weakref.ref, pd.DataFrame, dict]] = {}


def _indexed(df: pd.DataFrame, bron: str | None) -> tuple[pd.DataFrame, dict]:
    """Return (rows of one source, {(indicator, region, year): positions}), cached per frame.

    Report notebooks ask for hundreds of single figures; scanning the whole table each time
    made a factsheet take seconds. The cache holds a weak reference, so a new or changed frame
    (another object) is indexed afresh.
    """
    key = (id(df), bron)
    hit = _INDEX.get(key)
    if hit is not None and hit[0]() is df:
        return hit[1], hit[2]
    rows = from_source(df, bron).reset_index(drop=True)
    index: dict[tuple, list[int]] = {}
    for i, k in enumerate(zip(rows["indicator"], rows["regiocode"], rows["jaar"], strict=True)):
        index.setdefault(k, []).append(i)
    _INDEX[key] = (weakref.ref(df), rows, index)
    return rows, index


def latest_year(
    df: pd.DataFrame, indicator: str, jaar: int, *, regio: str | None = None, bron: str | None = CBS
) -> int | None:
    """Return the most recent year <= ``jaar`` in which ``indicator`` has a number."""
    rows, _ = _indexed(df, bron)
    rows = rows.loc[(rows["indicator"] == indicator) & (rows["jaar"] <= jaar)]
    if regio is not None:
        rows = rows.loc[rows["regiocode"] == regio]
    rows = rows.loc[rows["waarde"].notna()]
    return None if rows.empty else int(rows["jaar"].max())


def figure(
    df: pd.DataFrame, indicator: str, regio: str, jaar: int | None, *, bron: str | None = CBS
) -> Figure:
    """Return one figure (the newest CBS table wins when several hold it)."""
    if jaar is None:
        return missing(indicator, regio)
    source, index = _indexed(df, bron)
    positions = index.get((indicator, regio, jaar))
    if not positions:
        return missing(indicator, regio, jaar)
    rows = source.iloc[positions]
    if rows.empty:
        return missing(indicator, regio, jaar)
    row = rows.sort_values("tabel").iloc[-1]
    return Figure(
        indicator,
        regio,
        int(row["jaar"]),
        float(row["waarde"]),
        str(row["symbool"]),
        str(row["status"]),
        str(row["bron"]),
        str(row["tabel"]),
    )


def comparison_regions(gemeente: str | None, veenkolonien: str) -> list[str]:
    """Return the codes to compare with: (gemeente,) Veenkoloniën, the provinces and NL."""
    codes = [gemeente] if gemeente else []
    codes.append(regions.veenkolonien_code(veenkolonien))
    if gemeente:
        codes.append(regions.province_of(gemeente))
    else:
        codes += ["PV20", "PV22"]
    codes.append("NL01")
    return codes


def region_label(code: str) -> str:
    """Return the Dutch display name of a region code (Veenkoloniën aggregates included)."""
    if code.startswith("VK_"):
        return regions.veenkolonien_name(code.removeprefix("VK_"))
    return regions.names().get(code, code)
