"""'Wat is er veranderd' and definition breaks."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators import changes
from tests.indicators.helpers import rows, table


def _key(values: dict[tuple[str, str], tuple[int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator": i, "regiocode": r, "jaar": y, "waarde": v}
            for (i, r), (y, v) in values.items()
        ]
    )


def test_largest_changes_first_and_missing_never_computed() -> None:
    now = _key(
        {
            ("hh_laag_inkomen_pct", "NL01"): (2024, 6.0),
            ("kinderen_laag_inkomen_pct", "NL01"): (2024, 9.0),
            ("hh_langdurig_laag_inkomen_pct", "NL01"): (2024, math.nan),
        }
    )
    before = _key(
        {
            ("hh_laag_inkomen_pct", "NL01"): (2023, 6.5),
            ("kinderen_laag_inkomen_pct", "NL01"): (2023, 7.0),
            ("hh_langdurig_laag_inkomen_pct", "NL01"): (2023, 2.0),
        }
    )
    out = changes.compare(now, before)
    assert list(out.indicator[:2]) == ["kinderen_laag_inkomen_pct", "hh_laag_inkomen_pct"]
    assert out["verschil"].iloc[0] == 2.0
    gap = out[out.indicator == "hh_langdurig_laag_inkomen_pct"].iloc[0]
    assert math.isnan(gap["verschil"]) and gap["opmerking"] == changes.NOTE_MISSING


def test_series_spans_give_first_and_last_year() -> None:
    df = table(
        rows("kwb_hh_laag_inkomen_pct", {"GM0114": 8.0}, 2023),
        rows("personen_in_armoede_pct", {"GM0114": 3.7}, 2024),
    )
    spans = changes.series_spans(df)
    assert spans == {
        "kwb_hh_laag_inkomen_pct": (2023, 2023),
        "personen_in_armoede_pct": (2024, 2024),
    }
