"""Picking figures out of the tidy table: one value, the latest year, preferred sources."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from avk_analysis import catalogue, regions

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


def latest_year(
    df: pd.DataFrame, indicator: str, jaar: int, *, regio: str | None = None, bron: str | None = CBS
) -> int | None:
    """Return the most recent year <= ``jaar`` in which ``indicator`` has a number."""
    rows = from_source(df, bron)
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
    rows = from_source(df, bron)
    rows = rows.loc[
        (rows["indicator"] == indicator) & (rows["regiocode"] == regio) & (rows["jaar"] == jaar)
    ]
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


def unit_of(indicator: str) -> str:
    """Return the unit of an indicator."""
    return catalogue.get(indicator).unit
