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


def _series(values: dict[int, dict[str, float]], indicator: str = "kinderen_laag_inkomen_pct"):
    return table(*[rows(indicator, v, y) for y, v in values.items()])


def test_region_change_last_two_years_and_energy_note() -> None:
    df = _series({2021: {"PV22": 7.0}, 2022: {"PV22": 5.0}, 2023: {"PV22": 5.5}})
    got = changes.region_change(df, "kinderen_laag_inkomen_pct", "PV22", 2023)
    assert (got["jaar_vorig"], got["jaar"]) == (2022, 2023)
    assert round(got["verschil"], 1) == 0.5 and got["opmerking"] == changes.NOTE_ENERGY
    early = changes.region_change(df, "kinderen_laag_inkomen_pct", "PV22", 2021)
    assert math.isnan(early["verschil"]) and early["jaar"] == 2021  # one year: no change


def test_province_check_flags_disagreement() -> None:
    members = ["GM0106", "GM0114"]
    agree = _series(
        {
            2023: {"PV22": 6.0, "GM0106": 6.0, "GM0114": 6.0},
            2024: {"PV22": 6.5, "GM0106": 6.4, "GM0114": 6.6},
        }
    )
    got = changes.province_check(agree, "kinderen_laag_inkomen_pct", "PV22", members, 2024)
    assert got["akkoord"] is True and got["stijgers"] == 2
    clash = _series(
        {
            2023: {"PV22": 6.0, "GM0106": 6.0, "GM0114": 6.0},
            2024: {"PV22": 6.5, "GM0106": 5.6, "GM0114": 5.6},
        }
    )
    got = changes.province_check(clash, "kinderen_laag_inkomen_pct", "PV22", members, 2024)
    assert got["akkoord"] is False and got["dalers"] == 2


def test_province_check_unknown_when_a_gemeente_lacks_a_year() -> None:
    df = _series({2023: {"PV22": 6.0, "GM0106": 6.0}, 2024: {"PV22": 6.5, "GM0106": 6.4}})
    got = changes.province_check(
        df, "kinderen_laag_inkomen_pct", "PV22", ["GM0106", "GM0114"], 2024
    )
    assert got["akkoord"] is None
