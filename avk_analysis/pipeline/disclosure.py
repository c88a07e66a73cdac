"""Disclosure control: the one place that protects small counts before anything is published.

Rule (CBS practice; ``RULE_TEXT`` is the Dutch text for the report's Verantwoording):

- A count of people or households below the threshold (default 10) is not shown: it becomes the
  text "<10". Zero is shown as 0 (there is nobody to protect).
- A share, ratio or percentage computed from a suppressed count is suppressed too ("onderdrukt").
  A percentage published next to its counts is computed here, from the same rounded counts that
  are shown (``percentages``), so that a reader who divides the shown numbers gets the shown
  percentage.
- Counts that are shown are rounded to a multiple of 5 (half up: 12 → 10, 13 → 15), so that
  small differences between tables cannot reveal a suppressed count.
- Optionally (``groups``): when a group that is published with its total has exactly one
  suppressed cell, the smallest other non-zero cell of the group is suppressed too (secondary
  suppression; it shows "onderdrukt", not "<10", because it is not small; a zero stays visible).
- In the tidy indicator table a suppressed count keeps an empty ``waarde`` and gets the CBS
  symbol "x" (geheim).

Settings: ``AVK_MIN_COUNT`` (threshold, default 10, at least 5) and ``AVK_ROUND_TO`` (rounding base,
default 5; 1 = no rounding), or the ``min_count``/``round_to`` arguments. A threshold below 5 is
refused, so the layer cannot be switched off. The rule's settings and wording live in
``avk_analysis.vocabulary.disclosure_rule`` (re-exported here); this module applies them. Only the
build calls it: it writes the disclosure-controlled tables to ``data/processed/``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from avk_analysis.vocabulary.disclosure_rule import (
    DEFAULT_MIN_COUNT,
    DEFAULT_ROUND_TO,
    MIN_COUNT_ENV,
    MIN_COUNT_FLOOR,
    ROUND_TO_ENV,
    RULE_TEXT,
    SUPPRESSED_DERIVED,
    TIDY_SYMBOL,
    min_count,
    round_to,
    rule_text,
)

__all__ = [
    "ATTR",
    "DEFAULT_MIN_COUNT",
    "DEFAULT_ROUND_TO",
    "MIN_COUNT_ENV",
    "MIN_COUNT_FLOOR",
    "ROUND_TO_ENV",
    "RULE_TEXT",
    "SUPPRESSED_DERIVED",
    "TIDY_SYMBOL",
    "is_suppressed",
    "merge_small_groups",
    "min_count",
    "percent_of_shown",
    "round_count",
    "round_to",
    "rule_text",
    "suppress",
    "suppress_tidy",
]

ATTR = "onthullingscontrole"


def round_count(value: float, base: int) -> int:
    """Round a count half up to a multiple of ``base`` (12 → 10, 13 → 15 for base 5)."""
    if base <= 1:
        return math.floor(value + 0.5)
    return math.floor(value / base + 0.5) * base


def _small(values: pd.Series, n: int) -> pd.Series:
    numeric = pd.to_numeric(values, errors="coerce").astype("Float64")
    return (numeric.notna() & (numeric > 0) & (numeric < n)).fillna(False).astype(bool)


def suppress(
    df: pd.DataFrame,
    count_cols: Sequence[str],
    derived: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    min_count: int | None = None,
    round_to: int | None = None,
    rows: pd.Series | None = None,
    groups: Sequence[str] | None = None,
    percentages: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with small counts replaced by '<10' and derived values suppressed.

    ``derived`` maps a derived column (share, ratio) to the count columns it was computed from;
    a plain list means "computed from all ``count_cols``". ``rows`` limits the rule to the rows
    whose counts are counts of people (other rows pass unchanged). ``groups`` switches on
    secondary suppression within groups that are published with their total. ``percentages``
    maps a new column to (part, whole): it is computed after rounding, from the values shown in
    those columns (one decimal), and suppressed when either is suppressed.
    """
    n = _resolve_min_count(min_count)
    base = _resolve_round_to(round_to)
    label = f"<{n}"
    out = df.copy()
    missing = [c for c in [*count_cols, *(derived or [])] if c not in out.columns]
    if missing:
        raise KeyError(f"Kolommen ontbreken voor de onthullingscontrole: {missing}")
    applies = (
        pd.Series(True, index=out.index)
        if rows is None
        else rows.reindex(out.index).fillna(False).astype(bool)
    )
    suppressed: dict[str, pd.Series] = {}
    for col in count_cols:
        already = out[col].map(lambda v: isinstance(v, str) and v.startswith("<"))
        suppressed[col] = (_small(out[col], n) | already) & applies
    primary = {col: hide.copy() for col, hide in suppressed.items()}
    if groups:
        _secondary(out, list(count_cols), suppressed, list(groups), applies)
    for col in count_cols:
        shown = [
            _shown(value, bool(hide), bool(apply), label if first else SUPPRESSED_DERIVED, base)
            for value, hide, first, apply in zip(
                out[col], suppressed[col], primary[col], applies, strict=True
            )
        ]
        out[col] = pd.Series(shown, index=out.index, dtype=object)
    if derived:
        sources = (
            {d: list(count_cols) for d in derived}
            if not isinstance(derived, Mapping)
            else {d: list(s) for d, s in derived.items()}
        )
        for col, cols in sources.items():
            hide = pd.Series(False, index=out.index)
            for src in cols:
                hide |= suppressed.get(src, pd.Series(False, index=out.index))
            out[col] = out[col].astype(object)
            out.loc[hide, col] = SUPPRESSED_DERIVED
    for col, (part, whole) in (percentages or {}).items():
        out[col] = percent_of_shown(out[part], out[whole])
    out.attrs = {**df.attrs, ATTR: rule_text(n, base)}
    return out


def percent_of_shown(part: pd.Series, whole: pd.Series) -> pd.Series:
    """Return part/whole × 100 (one decimal) from published cells; a suppressed cell suppresses."""
    values = []
    for p, w in zip(part, whole, strict=True):
        if is_suppressed(p) or is_suppressed(w):
            values.append(SUPPRESSED_DERIVED)
            continue
        a, b = pd.to_numeric(p, errors="coerce"), pd.to_numeric(w, errors="coerce")
        if pd.isna(a) or pd.isna(b) or b <= 0:
            values.append(None)
        else:
            values.append(round(float(a) / float(b) * 100, 1))
    return pd.Series(values, index=part.index, dtype=object)


def _resolve_min_count(value: int | None) -> int:
    return min_count(value)


def _resolve_round_to(value: int | None) -> int:
    return round_to(value)


def _shown(value: object, hide: bool, apply: bool, label: str, base: int) -> object:
    if hide:
        return label
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value
    if not apply:
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() else number
    return round_count(float(value), base)  # type: ignore[arg-type]


def _secondary(
    df: pd.DataFrame,
    count_cols: list[str],
    suppressed: dict[str, pd.Series],
    groups: list[str],
    applies: pd.Series,
) -> None:
    """Suppress the smallest other cell when a group has exactly one suppressed cell."""
    for col in count_cols:
        numeric = pd.to_numeric(df[col], errors="coerce")
        for _, part in df.groupby(groups, dropna=False, sort=False):
            index = part.index
            hidden = suppressed[col].loc[index]
            if int(hidden.sum()) != 1:
                continue
            candidates = numeric.loc[index][~hidden & applies.loc[index]].dropna()
            candidates = candidates[candidates > 0]  # a zero is known to be zero: no protection
            if candidates.empty:
                continue
            suppressed[col].loc[candidates.idxmin()] = True


def suppress_tidy(
    df: pd.DataFrame,
    indicators: Sequence[str],
    derived: Mapping[str, str] | None = None,
    *,
    min_count: int | None = None,
    round_to: int | None = None,
) -> pd.DataFrame:
    """Apply the rule to a tidy indicator table: small counts get no value and symbol 'x'.

    ``indicators`` are the count indicators the rule applies to; ``derived`` maps a derived
    indicator (a share) to the count indicator it was computed from, per region and year.
    """
    from avk_analysis.vocabulary import tidy

    n = _resolve_min_count(min_count)
    base = _resolve_round_to(round_to)
    out = df.copy()
    counts = out["indicator"].isin(list(indicators))
    small = counts & _small(out["waarde"], n)
    out.loc[small, "waarde"] = float("nan")
    out.loc[small, "symbool"] = TIDY_SYMBOL
    shown = counts & ~small & out["waarde"].notna()
    out.loc[shown, "waarde"] = out.loc[shown, "waarde"].map(lambda v: float(round_count(v, base)))
    keys = pd.Series(
        list(zip(out["regiocode"], out["jaar"], out["tabel"], strict=True)), index=out.index
    )
    for target, source in (derived or {}).items():
        hidden = set(keys[small & (out["indicator"] == source)])
        rows = (out["indicator"] == target) & keys.isin(hidden)
        out.loc[rows, "waarde"] = float("nan")
        out.loc[rows, "symbool"] = TIDY_SYMBOL
    out = tidy.validate(out)
    out.attrs = {**df.attrs, ATTR: rule_text(n, base)}
    return out


def is_suppressed(value: object) -> bool:
    """Tell whether a published cell holds a suppression marker ('<10' or 'onderdrukt')."""
    return isinstance(value, str) and (value.startswith("<") or value == SUPPRESSED_DERIVED)


def merge_small_groups(
    df: pd.DataFrame,
    label_col: str,
    size_col: str,
    label: str,
    *,
    sum_cols: Sequence[str] = (),
    all_label: str | None = None,
    min_count: int | None = None,
) -> pd.DataFrame:
    """Return ``df`` with groups smaller than the threshold merged into one row called ``label``.

    A group (a row) whose ``size_col`` is below the threshold is not shown on its own: it joins
    the merged row, and while that row is still below the threshold the smallest other group
    joins it too. ``size_col`` and ``sum_cols`` are summed. Every row of the result has at least
    the threshold, so nothing about a small group can be read or recomputed. When every group
    had to be merged, the one row is called ``all_label`` (default ``label``); a table whose
    groups together stay below the threshold comes back empty (nothing is shown).
    """
    n = _resolve_min_count(min_count)
    cols = [size_col, *sum_cols]
    order = df.assign(_n=pd.to_numeric(df[size_col])).sort_values("_n", kind="stable")
    small = order.loc[order["_n"] < n]
    large = order.loc[order["_n"] >= n]
    while not small.empty and small["_n"].sum() < n and not large.empty:
        small = pd.concat([small, large.iloc[[0]]])
        large = large.iloc[1:]
    if not large.empty or small["_n"].sum() >= n:
        kept = df.loc[df.index.isin(large.index)]
        if small.empty:
            out = kept
        else:
            merged = {c: small[c].sum() for c in cols}
            merged[label_col] = label if len(kept) else (all_label or label)
            out = pd.concat([kept, pd.DataFrame([merged])], ignore_index=True)
    else:
        out = df.iloc[0:0]
    out = out.reset_index(drop=True)
    out.attrs = {**df.attrs, ATTR: rule_text(n)}
    return out
