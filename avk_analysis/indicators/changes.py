"""'Wat is er veranderd': compare this edition's key figures with the previous edition's."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators.select import from_source
from avk_analysis.vocabulary import catalogue

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
SMALL_PP = 0.25  # a change smaller than this never has a direction ("ongeveer gelijk")
# Two shares published with one decimal can differ by 0,1 procentpunt by rounding alone; SMALL_PP
# stays well above that. Small numbers add chance: a count k moves from year to year by about
# sqrt(k) without any real change (Poisson), so the difference of two years' counts has a spread
# of about sqrt(k1 + k2); twice that is roughly the 95 % range of what chance alone gives.
CHANCE_FACTOR = 2.0
LONG_YEARS = 5  # the multi-year direction compares with the figure of five income years earlier
RISEN, FALLEN, ABOUT_SAME = "gestegen", "gedaald", "ongeveer gelijk"


def count_indicator(indicator: str) -> str | None:
    """Return the count that belongs to a share ('..._pct' -> '..._aantal'), None if none."""
    if not indicator.endswith("_pct"):
        return None
    code = indicator.removesuffix("_pct") + "_aantal"
    return code if code in catalogue.INDICATORS else None


def noise_pp(share_now: float, count_before: float, count_now: float) -> float:
    """Return the smallest change (procentpunt) that rounding and chance cannot explain.

    At least ``SMALL_PP``; with the counts behind the share (e.g. 1.200 of the children in a
    gemeente), also ``CHANCE_FACTOR`` times the spread sqrt(count_before + count_now) that chance
    alone gives, as a share of the whole group (count_now / share_now). A small gemeente thus
    needs a larger change before it is called 'gestegen' or 'gedaald'.
    """
    threshold = SMALL_PP
    counts = (share_now, count_before, count_now)
    if any(_nan(x) for x in counts) or min(counts) <= 0:
        return threshold
    group = float(count_now) * 100.0 / float(share_now)
    chance = CHANCE_FACTOR * math.sqrt(float(count_before) + float(count_now))
    return max(threshold, 100.0 * chance / group)


def direction(diff: float, threshold: float = SMALL_PP) -> str:
    """Return 'gestegen', 'gedaald' or 'ongeveer gelijk' ('' when there is no change)."""
    if _nan(diff):
        return ""
    if abs(diff) < max(threshold, SMALL_PP):
        return ABOUT_SAME
    return RISEN if diff > 0 else FALLEN


def _series(df: pd.DataFrame, indicator: str, code: str, until: int) -> pd.DataFrame:
    cbs = from_source(df)
    rows = cbs.loc[
        (cbs["indicator"] == indicator)
        & (cbs["regiocode"] == code)
        & (cbs["jaar"] <= until)
        & cbs["waarde"].notna()
    ]
    return rows.sort_values("tabel").drop_duplicates("jaar", keep="last").sort_values("jaar")


def _count_of(df: pd.DataFrame, indicator: str, code: str, row: pd.Series) -> float:
    """Return the count behind a share's row (same table and year; NaN when none)."""
    count = count_indicator(indicator)
    if count is None:
        return math.nan
    cbs = from_source(df)
    hit = cbs.loc[
        (cbs["indicator"] == count)
        & (cbs["regiocode"] == code)
        & (cbs["jaar"] == row["jaar"])
        & (cbs["tabel"] == row["tabel"])
        & cbs["waarde"].notna()
    ]
    return float(hit["waarde"].iloc[0]) if not hit.empty else math.nan


def region_change(df: pd.DataFrame, indicator: str, code: str, until: int) -> dict[str, object]:
    """Return the change of one share between its last two income years up to ``until``.

    Keys: indicator, regiocode, jaar_vorig, waarde_vorig, jaar, waarde, verschil (pp, NaN when
    fewer than two years), drempel (the change rounding and chance can explain, see
    :func:`noise_pp`), richting (:func:`direction`), opmerking (``NOTE_ENERGY`` when the years
    span 2022) and status.
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
        "drempel": math.nan,
        "richting": "",
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
    diff = float(last["waarde"]) - float(prev["waarde"])
    threshold = noise_pp(
        float(last["waarde"]),
        _count_of(df, indicator, code, prev),
        _count_of(df, indicator, code, last),
    )
    out.update(
        jaar_vorig=int(prev["jaar"]),
        waarde_vorig=float(prev["waarde"]),
        verschil=diff,
        drempel=threshold,
        richting=direction(diff, threshold),
        opmerking=NOTE_ENERGY if int(prev["jaar"]) <= ENERGY_YEAR <= int(last["jaar"]) else "",
    )
    return out


def long_change(
    df: pd.DataFrame, indicator: str, code: str, until: int, *, years: int = LONG_YEARS
) -> dict[str, object]:
    """Return the change of a share over about ``years`` income years, with its direction word.

    It compares the last year up to ``until`` with the last year at least ``years`` before it
    (NaN when the series is not that long). Keys: indicator, regiocode, jaar_begin,
    waarde_begin, jaar, waarde, verschil, drempel, richting and opmerking (``NOTE_ENERGY`` when
    either end is 2022, the year of the one-off energietoeslag).
    """
    s = _series(df, indicator, code, until)
    out: dict[str, object] = {
        "indicator": indicator,
        "regiocode": code,
        "jaar_begin": None,
        "waarde_begin": math.nan,
        "jaar": None,
        "waarde": math.nan,
        "verschil": math.nan,
        "drempel": math.nan,
        "richting": "",
        "opmerking": NOTE_MISSING,
    }
    if s.empty:
        return out
    last = s.iloc[-1]
    out.update(jaar=int(last["jaar"]), waarde=float(last["waarde"]))
    early = s.loc[s["jaar"] <= int(last["jaar"]) - years]
    if early.empty:
        return out
    first = early.iloc[-1]
    diff = float(last["waarde"]) - float(first["waarde"])
    threshold = noise_pp(
        float(last["waarde"]),
        _count_of(df, indicator, code, first),
        _count_of(df, indicator, code, last),
    )
    ends = {int(first["jaar"]), int(last["jaar"])}
    out.update(
        jaar_begin=int(first["jaar"]),
        waarde_begin=float(first["waarde"]),
        verschil=diff,
        drempel=threshold,
        richting=direction(diff, threshold),
        opmerking=NOTE_ENERGY if ENERGY_YEAR in ends else "",
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
    changes differ by more than ``TOLERANCE_PP`` or clearly point in opposite directions (both
    beyond what rounding and chance explain, :func:`direction`). ``stijgers`` and ``dalers``
    count the gemeenten whose own change has a direction word by the same rule; ``gelijk``
    those that stayed about the same; ``richting_gemeenten`` is the gemeenten's joint word.
    """
    own = region_change(df, indicator, province, until)
    out = {
        **own,
        "verschil_gemeenten": math.nan,
        "richting_gemeenten": "",
        "stijgers": 0,
        "dalers": 0,
        "gelijk": 0,
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
    words = [region_change(df, indicator, m, until)["richting"] for m in members]
    gm_change = means[1] - means[0]
    prov_change = float(own["verschil"])
    # the gemeenten together are about the province's population: the same threshold applies
    threshold = float(own["drempel"]) if not _nan(own["drempel"]) else SMALL_PP
    gm_word = direction(gm_change, threshold)
    clear = {RISEN, FALLEN}
    opposite = own["richting"] in clear and gm_word in clear and own["richting"] != gm_word
    agree = abs(gm_change - prov_change) <= TOLERANCE_PP and not opposite
    out.update(
        verschil_gemeenten=gm_change,
        richting_gemeenten=gm_word,
        stijgers=words.count(RISEN),
        dalers=words.count(FALLEN),
        gelijk=words.count(ABOUT_SAME),
        akkoord=bool(agree),
    )
    return out
