"""'Wat is er veranderd': compare this edition's key figures with the previous edition's."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis import catalogue
from avk_analysis.indicators.select import from_source

KEY = ["indicator", "regiocode"]
NOTE_MISSING = "ontbreekt"  # one side has no figure: listed, never computed
NOTE_SAME_YEAR = "zelfde_jaar"  # both editions show the same year (no new figures yet)


def compare(current: pd.DataFrame, previous: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` largest changes in percentage points between two key-figure tables.

    Both tables are long (indicator, regiocode, jaar, waarde). A change of definition (another
    series in the catalogue) or a missing figure on either side is listed, never computed; the
    ``opmerking`` column says which (``NOTE_MISSING``, ``NOTE_SAME_YEAR`` or empty).
    """
    cols = [*KEY, "jaar", "waarde"]
    merged = current[cols].merge(previous[cols], on=KEY, how="outer", suffixes=("", "_vorig"))
    rows = []
    for _, r in merged.iterrows():
        if catalogue.get(r["indicator"]).unit != catalogue.PCT:
            continue
        now, before = r["waarde"], r["waarde_vorig"]
        note = ""
        if _nan(now) or _nan(before):
            note = NOTE_MISSING
            diff = math.nan
        else:
            diff = float(now) - float(before)
            if not _nan(r["jaar"]) and not _nan(r["jaar_vorig"]) and r["jaar"] == r["jaar_vorig"]:
                note = NOTE_SAME_YEAR
        rows.append(
            {
                "indicator": r["indicator"],
                "regiocode": r["regiocode"],
                "jaar": r["jaar"],
                "waarde": now,
                "jaar_vorig": r["jaar_vorig"],
                "waarde_vorig": before,
                "verschil": diff,
                "opmerking": note,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_abs"] = out["verschil"].abs()
    out = out.sort_values(["_abs", "indicator", "regiocode"], ascending=[False, True, True])
    return out.head(n).drop(columns="_abs").reset_index(drop=True)


def series_spans(df: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Return per CBS indicator the first and last year with a figure."""
    cbs = from_source(df)
    return {
        str(code): (int(g["jaar"].min()), int(g["jaar"].max()))
        for code, g in cbs.loc[cbs["waarde"].notna()].groupby("indicator")
    }


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


# --- change over the last income years, per region -------------------------------------------
NOTE_ENERGY = "energietoeslag"  # the change spans 2022, the year of the one-off energietoeslag
ENERGY_YEAR = 2022
TOLERANCE_PP = 0.5  # province vs its gemeenten: a larger gap is flagged
SMALL_PP = 0.25  # a change smaller than this has no direction ("ongeveer gelijk")


def _series(df: pd.DataFrame, indicator: str, code: str, until: int) -> pd.DataFrame:
    cbs = from_source(df)
    rows = cbs.loc[
        (cbs["indicator"] == indicator)
        & (cbs["regiocode"] == code)
        & (cbs["jaar"] <= until)
        & cbs["waarde"].notna()
    ]
    return rows.sort_values("tabel").drop_duplicates("jaar", keep="last").sort_values("jaar")


def region_change(df: pd.DataFrame, indicator: str, code: str, until: int) -> dict[str, object]:
    """Return the change of one share between its last two income years up to ``until``.

    Keys: indicator, regiocode, jaar_vorig, waarde_vorig, jaar, waarde, verschil (pp, NaN when
    fewer than two years), opmerking (``NOTE_ENERGY`` when the years span 2022) and status.
    """
    s = _series(df, indicator, code, until)
    out: dict[str, object] = {
        "indicator": indicator,
        "regiocode": code,
        "jaar_vorig": None,
        "waarde_vorig": math.nan,
        "jaar": None,
        "waarde": math.nan,
        "verschil": math.nan,
        "opmerking": NOTE_MISSING,
        "status": "",
    }
    if s.empty:
        return out
    last = s.iloc[-1]
    out.update(jaar=int(last["jaar"]), waarde=float(last["waarde"]), status=str(last["status"]))
    if len(s) < 2:
        return out
    prev = s.iloc[-2]
    out.update(
        jaar_vorig=int(prev["jaar"]),
        waarde_vorig=float(prev["waarde"]),
        verschil=float(last["waarde"]) - float(prev["waarde"]),
        opmerking=NOTE_ENERGY if int(prev["jaar"]) <= ENERGY_YEAR <= int(last["jaar"]) else "",
    )
    return out


def region_changes(
    df: pd.DataFrame, indicators: list[str], codes: list[str], until: int
) -> pd.DataFrame:
    """Return ``region_change`` for every indicator and region, in the given order."""
    return pd.DataFrame([region_change(df, i, c, until) for i in indicators for c in codes])


def province_check(
    df: pd.DataFrame, indicator: str, province: str, members: list[str], until: int
) -> dict[str, object]:
    """Check that a province's change agrees with its gemeenten' changes.

    The gemeenten's change is their base-weighted mean (the catalogue's base of the share, from
    the same table and year) in the province's two years. ``akkoord`` is False when the two
    changes differ by more than ``TOLERANCE_PP`` or clearly (both at least ``SMALL_PP``) point
    in opposite directions; ``stijgers``
    and ``dalers`` count the gemeenten that rose or fell.
    """
    own = region_change(df, indicator, province, until)
    out = {
        **own,
        "verschil_gemeenten": math.nan,
        "stijgers": 0,
        "dalers": 0,
        "gemeenten": len(members),
        "akkoord": None,
    }
    if _nan(own["verschil"]):
        return out
    base = catalogue.get(indicator).base
    cbs = from_source(df)
    means = []
    for year in (own["jaar_vorig"], own["jaar"]):
        rows = cbs.loc[
            (cbs["indicator"] == indicator) & (cbs["jaar"] == year) & cbs["regiocode"].isin(members)
        ]
        rows = rows.sort_values("tabel").drop_duplicates("regiocode", keep="last")
        if rows["waarde"].isna().any() or len(rows) < len(members):
            return out
        weights = pd.Series(1.0, index=rows["regiocode"].to_numpy())
        if base:
            b = cbs.loc[
                (cbs["indicator"] == base)
                & cbs["regiocode"].isin(members)
                & cbs["tabel"].isin(set(rows["tabel"]))
            ]
            b = b.sort_values("jaar").drop_duplicates("regiocode", keep="last")
            found = b.set_index("regiocode")["waarde"]
            if found.notna().all() and set(found.index) == set(members):
                weights = found.reindex(weights.index)
        values = rows.set_index("regiocode")["waarde"].reindex(weights.index)
        means.append(float((values * weights).sum() / weights.sum()))
    diffs = [region_change(df, indicator, m, until)["verschil"] for m in members]
    gm_change = means[1] - means[0]
    prov_change = float(own["verschil"])
    opposite = gm_change * prov_change < 0 and min(abs(gm_change), abs(prov_change)) >= SMALL_PP
    agree = abs(gm_change - prov_change) <= TOLERANCE_PP and not opposite
    out.update(
        verschil_gemeenten=gm_change,
        stijgers=sum(1 for d in diffs if not _nan(d) and d > 0),
        dalers=sum(1 for d in diffs if not _nan(d) and d < 0),
        akkoord=bool(agree),
    )
    return out
