"""Picking figures out of the tidy table: one value, the latest year, preferred sources."""

from __future__ import annotations

import functools
import math
import weakref
from dataclasses import dataclass

import pandas as pd

from avk_analysis.vocabulary import regions

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


_SOURCES: dict[tuple[int, str | None], tuple[weakref.ref, pd.DataFrame]] = {}


def from_source(df: pd.DataFrame, bron: str | None = CBS) -> pd.DataFrame:
    """Return the rows of one source (None: all sources).

    For "CBS" these are the tables fetched from the CBS API (or its snapshot) and the aggregates
    built from them; CBS figures quoted in the planning-office delivery are left out, so one
    series never mixes the two. The selection is made once per frame (a page asks for it
    hundreds of times); every call gets its own shallow copy, so changing it changes nothing
    here.
    """
    if bron is None:
        return df
    key = (id(df), bron)
    hit = _SOURCES.get(key)
    if hit is None or hit[0]() is not df:
        rows = df.loc[df["bron"] == bron]
        if bron == CBS:
            rows = rows.loc[rows["bron_url"].str.startswith(STATLINE_PREFIX)]
        hit = (weakref.ref(df), rows)
        _SOURCES[key] = hit
    return hit[1].copy(deep=False)


class _Index:
    """Plain-Python lookups into the rows of one source of one frame (built once per frame).

    Plain loops over lists beat pandas here (a few hundred lookups of single figures, and
    grouping arrow strings is slow); each lookup is built the first time it is needed.
    """

    def __init__(self, rows: pd.DataFrame) -> None:
        self.rows = rows
        self.indicator = rows["indicator"].tolist()
        self.regiocode = rows["regiocode"].tolist()
        self.jaar = [int(y) for y in rows["jaar"].tolist()]
        self.waarde = [float(v) for v in rows["waarde"].tolist()]
        self.tabel = [str(t) for t in rows["tabel"].tolist()]

    @functools.cached_property
    def text(self) -> dict[str, list[str]]:
        """Return the text columns a Figure carries, as lists."""
        return {c: [str(v) for v in self.rows[c].tolist()] for c in ("symbool", "status", "bron")}

    @functools.cached_property
    def by_year(self) -> dict[tuple[str, str, int], list[int]]:
        """Return (indicator, region, year) → row positions."""
        out: dict[tuple[str, str, int], list[int]] = {}
        for i, key in enumerate(zip(self.indicator, self.regiocode, self.jaar, strict=True)):
            out.setdefault(key, []).append(i)
        return out

    @functools.cached_property
    def by_table(self) -> dict[tuple[str, str, str], list[int]]:
        """Return (indicator, region, table) → row positions."""
        out: dict[tuple[str, str, str], list[int]] = {}
        for i, key in enumerate(zip(self.indicator, self.regiocode, self.tabel, strict=True)):
            out.setdefault(key, []).append(i)
        return out

    @functools.cached_property
    def _years(self) -> tuple[dict[str, list[int]], dict[tuple[str, str], list[int]]]:
        years: dict[str, set[int]] = {}
        region: dict[tuple[str, str], set[int]] = {}
        for ind, reg, year, value in zip(
            self.indicator, self.regiocode, self.jaar, self.waarde, strict=True
        ):
            if value == value:  # not NaN
                years.setdefault(ind, set()).add(year)
                region.setdefault((ind, reg), set()).add(year)
        return (
            {k: sorted(v) for k, v in years.items()},
            {k: sorted(v) for k, v in region.items()},
        )

    @property
    def years(self) -> dict[str, list[int]]:
        """Return indicator → the sorted years with a number."""
        return self._years[0]

    @property
    def region_years(self) -> dict[tuple[str, str], list[int]]:
        """Return (indicator, region) → the sorted years with a number."""
        return self._years[1]


_INDEX: dict[tuple[int, str | None], tuple[weakref.ref, _Index]] = {}


def _indexed(df: pd.DataFrame, bron: str | None) -> _Index:
    """Return the lookups of one source of ``df``, cached per frame.

    Report notebooks ask for hundreds of single figures; scanning (or even filtering) the whole
    table each time made a factsheet take seconds. The cache holds a weak reference, so a new or
    changed frame (another object) is indexed afresh.
    """
    key = (id(df), bron)
    hit = _INDEX.get(key)
    if hit is not None and hit[0]() is df:
        return hit[1]
    index = _Index(from_source(df, bron))
    _INDEX[key] = (weakref.ref(df), index)
    return index


def latest_year(
    df: pd.DataFrame, indicator: str, jaar: int, *, regio: str | None = None, bron: str | None = CBS
) -> int | None:
    """Return the most recent year <= ``jaar`` in which ``indicator`` has a number."""
    index = _indexed(df, bron)
    years = (
        index.years.get(indicator, [])
        if regio is None
        else index.region_years.get((indicator, regio), [])
    )
    earlier = [y for y in years if y <= jaar]
    return earlier[-1] if earlier else None


def figure(
    df: pd.DataFrame, indicator: str, regio: str, jaar: int | None, *, bron: str | None = CBS
) -> Figure:
    """Return one figure (the newest CBS table wins when several hold it)."""
    if jaar is None:
        return missing(indicator, regio)
    index = _indexed(df, bron)
    positions = index.by_year.get((indicator, regio, jaar))
    if not positions:
        return missing(indicator, regio, jaar)
    # the newest table wins; among rows of one table the last one (as a stable sort would)
    i = max(positions, key=lambda p: (index.tabel[p], p))
    text = index.text
    return Figure(
        indicator,
        regio,
        index.jaar[i],
        index.waarde[i],
        text["symbool"][i],
        text["status"][i],
        text["bron"][i],
        index.tabel[i],
    )


def table_value(
    df: pd.DataFrame, indicator: str, regio: str, tabel: str, *, bron: str | None = CBS
) -> float:
    """Return the first number of ``indicator`` for ``regio`` in one table (NaN when absent)."""
    index = _indexed(df, bron)
    for i in index.by_table.get((indicator, regio, tabel), []):
        if not math.isnan(index.waarde[i]):
            return index.waarde[i]
    return math.nan


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
