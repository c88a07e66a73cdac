"""CBS's output rules as checks on an export, each returning what breaks it (empty = kept).

Used on the real run of the kit's script (every check empty) and on runs where a rule was
broken on purpose (the check must find it), so a check that cannot fail is noticed.
"""

from __future__ import annotations

import pandas as pd

from tests.sources.microdata.conftest import CELL

MINIMUM = 10


def small_published(export: pd.DataFrame, minimum: int = MINIMUM) -> list[str]:
    """Published counts under the minimum (zero included)."""
    rows = export.loc[export["aantal"].notna() & (export["aantal"] < minimum)]
    return [f"{tuple(r[c] for c in CELL)} = {r['aantal']}" for _, r in rows.iterrows()]


def small_not_suppressed(
    export: pd.DataFrame, answers: pd.DataFrame, minimum: int = MINIMUM
) -> list[str]:
    """Cells whose true count is under the minimum (zero included) but that were published."""
    merged = export.merge(answers, on=CELL, validate="one_to_one")
    rows = merged.loc[(merged["waarde"] < minimum) & merged["aantal"].notna()]
    return [f"{tuple(r[c] for c in CELL)}: waar {r['waarde']}" for _, r in rows.iterrows()]


def suppressed_without_reason(export: pd.DataFrame) -> list[str]:
    """Suppressed cells without a reason, and published cells with one."""
    bad = export.loc[export["aantal"].isna() != (export["reden"] != "")]
    return [f"{tuple(r[c] for c in CELL)}: reden {r['reden']!r}" for _, r in bad.iterrows()]


def unrounded(export: pd.DataFrame) -> list[str]:
    """Published counts that are not a multiple of their rounding base."""
    rows = export.loc[export["aantal"].notna()]
    bad = rows.loc[rows["aantal"] % rows["afronding"] != 0]
    return [f"{tuple(r[c] for c in CELL)} = {r['aantal']}" for _, r in bad.iterrows()]


def wrong_counts(export: pd.DataFrame, answers: pd.DataFrame) -> list[str]:
    """Published counts that differ from the known answer rounded half up to the base."""
    merged = export.merge(answers, on=CELL, validate="one_to_one")
    rows = merged.loc[merged["aantal"].notna()]
    base = rows["afronding"]
    expected = ((rows["waarde"] / base + 0.5) // 1 * base).astype(int)
    bad = rows.loc[rows["aantal"] != expected]
    return [
        f"{tuple(r[c] for c in CELL)}: {r['aantal']} (waar {r['waarde']})"
        for _, r in bad.iterrows()
    ]
