"""Young adults (22-26) and their parents from the microdata exports: shares and ratios.

Everything is computed from the delivered (rounded) counts in ``data/processed/microdata.parquet``
(``load.microdata``): a reader who divides two shown counts gets the shown share. A share needs
both of its counts published; where CBS's rules suppressed one, the share is missing and
``onderdrukt`` says so ("onvoldoende waarnemingen"), never a zero.

The generational ratio of the planning offices, per parent, for uitwonende young adults:
``keer`` = P(parent low | young adult low) ÷ P(parent low | all young adults whose parent is
known), with ``bij_laag`` and ``bij_alle`` the two shares, over a pooled window of years.
"""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.sources.microdata.tables import share

TOTAL = "totaal"
AWAY = "uitwonend"
PARENTS = ("moeder", "vader")
YEAR_COLUMNS = [
    "regiocode",
    "jaar",
    "jv",
    "jv_laag",
    "jv_langdurig",
    "pct_laag",
    "pct_langdurig",
    "onderdrukt",
    "afronding",
    "status",
    "bron",
    "bronregel",
]
RATIO_COLUMNS = [
    "regiocode",
    "ouder",
    "jaar_van",
    "jaar_tot",
    "woonsituatie",
    "laag_ouder_laag",
    "jv_laag",
    "ouder_laag",
    "ouder_bekend",
    "bij_laag",
    "bij_alle",
    "keer",
    "onderdrukt",
    "afronding",
    "status",
    "bron",
    "bronregel",
]


def _value(cells: pd.DataFrame, measure: str) -> float:
    rows = cells.loc[cells["maat"] == measure, "aantal"]
    return float(rows.iloc[0]) if len(rows) and pd.notna(rows.iloc[0]) else math.nan


def _facts(cells: pd.DataFrame) -> dict[str, object]:
    first = cells.iloc[0]
    statuses = set(cells["status"])
    return {
        "afronding": int(first["afronding"]),
        "status": "voorbeeld" if "voorbeeld" in statuses else str(first["status"]),
        "bron": str(first["bron"]),
        "bronregel": str(first["bronregel"]),
    }


def young_adults(cells: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """Return per region and single year: counts, the share on a low income, the long-term share."""
    single = cells.loc[
        (cells["ouder"] == TOTAL)
        & (cells["woonsituatie"] == TOTAL)
        & (cells["jaar_van"] == cells["jaar_tot"])
    ]
    if codes is not None:
        single = single.loc[single["regiocode"].isin(codes)]
    rows = []
    for (code, year), group in single.groupby(["regiocode", "jaar_van"], sort=False):
        facts = _facts(group)
        jv, low, long_term = (_value(group, m) for m in ("jv", "jv_laag", "jv_langdurig"))
        rows.append(
            {
                "regiocode": code,
                "jaar": int(year),
                "jv": jv,
                "jv_laag": low,
                "jv_langdurig": long_term,
                "pct_laag": share(low, jv, facts["afronding"]),  # type: ignore[arg-type]
                "pct_langdurig": share(long_term, jv, facts["afronding"]),  # type: ignore[arg-type]
                "onderdrukt": bool(group["onderdrukt"].any()),
                **facts,
            }
        )
    frame = pd.DataFrame(rows, columns=YEAR_COLUMNS)
    return (
        _in_order(frame, codes)
        .sort_values(["_o", "jaar"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _in_order(frame: pd.DataFrame, codes: list[str] | None) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(codes or [])}
    return frame.assign(_o=frame["regiocode"].map(order).fillna(len(order)))


def parent_ratios(
    cells: pd.DataFrame, codes: list[str] | None = None, woonsituatie: str = AWAY
) -> pd.DataFrame:
    """Return per region, parent and window how much more often the parent has a low income.

    ``bij_laag`` = share of low-income young adults whose parent has a low income; ``bij_alle`` =
    the same among all young adults whose parent is known; ``keer`` = their ratio. Missing (NaN)
    when a count it needs is suppressed.
    """
    window = cells.loc[cells["ouder"].isin(PARENTS) & (cells["woonsituatie"] == woonsituatie)]
    if codes is not None:
        window = window.loc[window["regiocode"].isin(codes)]
    rows = []
    keys = ["regiocode", "ouder", "jaar_van", "jaar_tot"]
    for (code, parent, van, tot), group in window.groupby(keys, sort=False):
        facts = _facts(group)
        both = _value(group, "jv_laag_ouder_laag")
        only_young = _value(group, "jv_laag_ouder_niet_laag")
        only_parent = _value(group, "jv_niet_laag_ouder_laag")
        known = _value(group, "ouder_bekend")
        low_young = both + only_young  # NaN when either is suppressed
        low_parent = both + only_parent
        base = int(facts["afronding"])  # type: ignore[call-overload]
        with_low = share(both, low_young, base)
        with_all = share(low_parent, known, base)
        ratio = with_low / with_all if with_all and not math.isnan(with_all) else math.nan
        rows.append(
            {
                "regiocode": code,
                "ouder": parent,
                "jaar_van": int(van),
                "jaar_tot": int(tot),
                "woonsituatie": woonsituatie,
                "laag_ouder_laag": both,
                "jv_laag": low_young,
                "ouder_laag": low_parent,
                "ouder_bekend": known,
                "bij_laag": with_low,
                "bij_alle": with_all,
                "keer": ratio,
                "onderdrukt": math.isnan(ratio),
                **facts,
            }
        )
    frame = pd.DataFrame(rows, columns=RATIO_COLUMNS)
    frame = _in_order(frame, codes).assign(
        _p=frame["ouder"].map({p: i for i, p in enumerate(PARENTS)})
    )
    frame = frame.sort_values(["_o", "jaar_tot", "_p"]).drop(columns=["_o", "_p"])
    return frame.reset_index(drop=True)


def latest(frame: pd.DataFrame, year_column: str = "jaar") -> pd.DataFrame:
    """Return, per region (and parent), the row of the latest year or window."""
    if frame.empty:
        return frame
    keys = ["regiocode", "ouder"] if "ouder" in frame.columns else ["regiocode"]
    return frame.sort_values(year_column).groupby(keys, sort=False).tail(1).reset_index(drop=True)


def has_figures(cells: pd.DataFrame, code: str) -> bool:
    """Tell whether the exports hold any cell for this region."""
    return bool((cells["regiocode"] == code).any())
