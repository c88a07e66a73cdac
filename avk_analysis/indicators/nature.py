"""The nature of poverty (aard): open CBS context measures per kapitaalsvorm, per region.

The programme groups its goals by the five forms of capital (kapitaalsvormen) of the
"duivelskring van armoede". The Kerncijfers wijken en buurten hold a few measures that give
context to some of them (income and wealth, benefits, youth care, education level). Counts are
turned into rates of the same table's inhabitants (the count and its base come from one edition,
so they share a reference date); shares are shown as published. Kapitaalsvormen without an open
measure are listed with no measures, so a reader sees the gap rather than nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from avk_analysis.indicators.select import (
    figure,
    from_source,
    latest_year,
    region_label,
    table_value,
)
from avk_analysis.sources.cbs import tables
from avk_analysis.vocabulary import regions

KIND_SHARE = "pct"  # a published share (%)
KIND_PER_1000 = "per_1000"  # a count per 1 000 inhabitants of the same table
KIND_PART = "deel"  # one count as % of the sum of several counts (education level)
KIND_LEVEL = "niveau"  # an amount as published (x 1 000 euro)

INHABITANTS = "inwoners"


@dataclass(frozen=True)
class ContextMeasure:
    """One context measure: its kapitaalsvorm, what it is computed from and how."""

    key: str
    kapitaalsvorm: str
    kind: str
    indicator: str
    parts: tuple[str, ...] = ()  # KIND_PART: the counts that make the whole


ECONOMISCH = "economisch"
SOCIAAL = "sociaal"
CULTUREEL = "cultureel"
PEDAGOGISCH = "pedagogisch"
MENTAAL = "mentaal"
KAPITAALSVORMEN = (ECONOMISCH, SOCIAAL, CULTUREEL, PEDAGOGISCH, MENTAAL)

EDUCATION = ("opleidingsniveau_laag", "opleidingsniveau_middelbaar", "opleidingsniveau_hoog")

CONTEXT: tuple[ContextMeasure, ...] = (
    ContextMeasure("armoedegrens", ECONOMISCH, KIND_SHARE, "personen_in_armoede_pct"),
    ContextMeasure("sm120", ECONOMISCH, KIND_SHARE, "kwb_hh_tot_120_sm_pct"),
    ContextMeasure("inkomen", ECONOMISCH, KIND_LEVEL, "gem_inkomen_per_inwoner"),
    ContextMeasure("vermogen", ECONOMISCH, KIND_LEVEL, "mediaan_vermogen_hh"),
    ContextMeasure("bijstand", ECONOMISCH, KIND_PER_1000, "personen_bijstand"),
    ContextMeasure("ao", ECONOMISCH, KIND_PER_1000, "personen_ao_uitkering"),
    ContextMeasure("ww", ECONOMISCH, KIND_PER_1000, "personen_ww_uitkering"),
    ContextMeasure("opleiding_laag", CULTUREEL, KIND_PART, "opleidingsniveau_laag", EDUCATION),
    ContextMeasure("jeugdzorg", PEDAGOGISCH, KIND_PER_1000, "jongeren_jeugdzorg_in_natura"),
    ContextMeasure(
        "kinderen_langdurig", PEDAGOGISCH, KIND_SHARE, "kinderen_langdurig_laag_inkomen_pct"
    ),
)

#: The measures a wijk table shows (few, so a reader can take them in).
WIJK_MEASURES = ("armoedegrens", "bijstand", "jeugdzorg", "opleiding_laag")


def measure(key: str) -> ContextMeasure:
    """Return a context measure by key (KeyError if unknown)."""
    for m in CONTEXT:
        if m.key == key:
            return m
    raise KeyError(key)


def _nan_row(m: ContextMeasure, code: str, year: int | None) -> dict:
    return {
        "kapitaalsvorm": m.kapitaalsvorm,
        "maat": m.key,
        "indicator": m.indicator,
        "soort": m.kind,
        "regiocode": code,
        "regio": region_label(code),
        "jaar": year,
        "waarde": math.nan,
        "status": "",
        "tabel": "",
    }


def _same_table_value(df: pd.DataFrame, indicator: str, code: str, tabel: str) -> float:
    """Return the value of ``indicator`` for ``code`` in one CBS table (NaN when absent)."""
    return table_value(df, indicator, code, tabel)


def value(df: pd.DataFrame, m: ContextMeasure, code: str, year: int | None) -> dict:
    """Return one context figure as a row (``waarde`` NaN when it cannot be computed)."""
    row = _nan_row(m, code, year)
    fig = figure(df, m.indicator, code, year)
    if not fig.available:
        return row
    row.update(status=fig.status, tabel=fig.tabel)
    if m.kind in (KIND_SHARE, KIND_LEVEL):
        row["waarde"] = fig.waarde
        return row
    if m.kind == KIND_PER_1000:
        base = _same_table_value(df, INHABITANTS, code, fig.tabel)
        if base and not math.isnan(base):
            row["waarde"] = 1000 * fig.waarde / base
        return row
    whole = [_same_table_value(df, p, code, fig.tabel) for p in m.parts]
    if all(not math.isnan(w) for w in whole) and sum(whole) > 0:
        row["waarde"] = 100 * fig.waarde / sum(whole)
    return row


def context_figures(df: pd.DataFrame, codes: list[str], jaar: int) -> pd.DataFrame:
    """Return the context measures for some regions, one row per measure and region.

    Each measure uses its most recent year up to ``jaar`` with a figure for any region, the
    same year for every region, so a row compares like with like.
    """
    rows = []
    for m in CONTEXT:
        year = latest_year(df, m.indicator, jaar)
        for code in codes:
            rows.append(value(df, m, code, year))
    return pd.DataFrame(rows)


def comparison_codes(gemeente: str | None, veenkolonien: str) -> list[str]:
    """Return the regions a context table compares: (gemeente,) Veenkoloniën, provinces, NL."""
    codes = [gemeente] if gemeente else []
    codes.append(regions.veenkolonien_code(veenkolonien))
    codes += [regions.province_of(gemeente)] if gemeente else ["PV20", "PV22"]
    return [*codes, "NL01"]


def wijken_context(df: pd.DataFrame, gemeente: str, jaar: int, *, n: int = 12) -> pd.DataFrame:
    """Return the wijken of a gemeente with the wijk measures, wide; highest poverty share first.

    Columns: regiocode, regionaam and one column per key of ``WIJK_MEASURES`` (NaN: no figure,
    e.g. a secret small wijk). ``attrs['jaren']`` holds the year of each measure.
    """
    prefix = "WK" + gemeente.removeprefix("GM")
    cbs = from_source(df)
    names = (
        cbs.loc[cbs["regiocode"].str.startswith(prefix), ["regiocode", "regionaam"]]
        .drop_duplicates("regiocode")
        .sort_values("regiocode")
    )
    out = names.reset_index(drop=True)
    years = {}
    for key in WIJK_MEASURES:
        m = measure(key)
        year = latest_year(df, m.indicator, jaar, regio=gemeente)
        years[key] = year
        out[key] = [value(df, m, code, year)["waarde"] for code in out["regiocode"]]
    first = WIJK_MEASURES[0]
    out = out.sort_values([first, "regiocode"], ascending=[False, True], na_position="last")
    out = out.head(n).reset_index(drop=True)
    out.attrs["jaren"] = years
    return out


def wijk_figures(df: pd.DataFrame, gemeente: str, jaar: int) -> pd.DataFrame:
    """Return every wijk of a gemeente with the wijk measures and their CBS symbols, by wijkcode.

    Columns: regiocode, regionaam (as CBS spells it), and per key of ``WIJK_MEASURES`` the value
    (NaN when there is no number) and ``<key>_symbool``: the CBS symbol that stands in for it
    (``x`` secret, ``.`` not available; empty when there is a number). The first row is the
    gemeente itself, the reference. ``attrs['jaren']`` holds the year of each measure: the
    latest year up to ``jaar`` with a figure for the gemeente (the wijken are in the same table).
    """
    prefix = "WK" + gemeente.removeprefix("GM")
    cbs = from_source(df)
    wijken = (
        cbs.loc[cbs["regiocode"].str.startswith(prefix), ["regiocode", "regionaam"]]
        .drop_duplicates("regiocode")
        .sort_values("regiocode")
    )
    codes = [gemeente, *wijken["regiocode"].tolist()]
    names = [region_label(gemeente), *wijken["regionaam"].tolist()]
    out = pd.DataFrame({"regiocode": codes, "regionaam": names})
    years: dict[str, int | None] = {}
    for key in WIJK_MEASURES:
        m = measure(key)
        year = latest_year(df, m.indicator, jaar, regio=gemeente)
        years[key] = year
        values, signs = [], []
        for code in codes:
            row = value(df, m, code, year)
            values.append(row["waarde"])
            signs.append("" if not math.isnan(row["waarde"]) else symbol(df, m, code, year))
        out[key] = values
        out[f"{key}_symbool"] = signs
    out.attrs["jaren"] = years
    return out


def symbol(df: pd.DataFrame, m: ContextMeasure, code: str, year: int | None) -> str:
    """Return the CBS symbol of a figure without a number: its own (``x``), else ``.``."""
    fig = figure(df, m.indicator, code, year)
    sign = fig.symbool.strip() if isinstance(fig.symbool, str) else ""
    return sign if sign in ("x", ".", "-", "?") else "."


# --- who has a low income (wie is arm) ----------------------------------------------------------
#: The groups of household characteristics, in reading order (keys of ``tables.Kenmerk.group``).
KENMERK_GROUPS = ("samenstelling", "leeftijd", "inkomstenbron", "woning")


def low_income_by_characteristic(df: pd.DataFrame, code: str, jaar: int) -> pd.DataFrame:
    """Return who has a low income in a region: one row per household characteristic.

    Columns: ``groep``, ``kenmerk`` (slug), ``indicator`` (the share's code), ``jaar``, ``pct``
    (share of that group below the lage-inkomensgrens), ``aantal`` (such households) and
    ``deel`` (their part of all low-income households in the region, %; NaN when a count is
    missing). Every row uses the most recent year up to ``jaar`` with a share of the first
    characteristic, so the rows compare like with like.
    """
    kenmerken = tables.LLI_KENMERKEN
    first = tables.kenmerk_indicator(kenmerken[0], "pct")
    year = latest_year(df, first, jaar, regio=code)
    total = figure(df, "hh_laag_inkomen_aantal", code, year)
    rows = []
    columns = ["groep", "kenmerk", "indicator", "jaar", "pct", "aantal", "deel", "status", "tabel"]
    for item in kenmerken:
        share = figure(df, tables.kenmerk_indicator(item, "pct"), code, year)
        count = figure(df, tables.kenmerk_indicator(item, "aantal"), code, year)
        part = math.nan
        if count.available and total.available and total.waarde > 0:
            part = 100 * count.waarde / total.waarde
        rows.append(
            {
                "groep": item.group,
                "kenmerk": item.slug,
                "indicator": share.indicator,
                "jaar": year,
                "pct": share.waarde,
                "aantal": count.waarde,
                "deel": part,
                "status": share.status,
                "tabel": share.tabel,
            }
        )
    return pd.DataFrame(rows, columns=columns)
