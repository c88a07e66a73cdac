"""'Wat is er veranderd' and definition breaks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

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


# --- direction words that know rounding and small numbers ------------------------------------
def _with_counts(values: dict[int, dict[str, tuple[float, float]]]):
    """Shares and their counts (children) per year and region."""
    parts = []
    for year, by_code in values.items():
        parts.append(rows("kinderen_laag_inkomen_pct", {c: v[0] for c, v in by_code.items()}, year))
        parts.append(
            rows("kinderen_laag_inkomen_aantal", {c: v[1] for c, v in by_code.items()}, year)
        )
    return table(*parts)


def test_ten_children_in_a_small_gemeente_is_no_direction() -> None:
    # about 6.000 children; 10 fewer with a low income is -0,17 pp: chance, not a fall
    df = _with_counts({2023: {"GM1701": (5.0, 300)}, 2024: {"GM1701": (4.83, 290)}})
    got = changes.region_change(df, "kinderen_laag_inkomen_pct", "GM1701", 2024)
    assert got["drempel"] > 0.5  # 2 x sqrt(590) of 6.000 children is about 0,8 pp
    assert got["richting"] == changes.ABOUT_SAME


def test_the_same_change_in_a_large_area_has_a_direction() -> None:
    # 0,6 pp in a province with 100.000 children: far beyond chance and rounding
    df = _with_counts({2023: {"PV22": (6.0, 6000)}, 2024: {"PV22": (5.4, 5400)}})
    got = changes.region_change(df, "kinderen_laag_inkomen_pct", "PV22", 2024)
    assert got["drempel"] == changes.SMALL_PP
    assert got["richting"] == changes.FALLEN
    # ... but the same 0,6 pp among 3.000 children is within chance (2 x sqrt(360) / 3.000 = 1,3)
    small = _with_counts({2023: {"GM1701": (6.0, 180)}, 2024: {"GM1701": (5.4, 162)}})
    assert changes.region_change(small, "kinderen_laag_inkomen_pct", "GM1701", 2024)[
        "richting"
    ] == (changes.ABOUT_SAME)


@pytest.mark.parametrize(
    ("diff", "threshold", "word"),
    [
        (0.24, 0.0, "ongeveer gelijk"),  # never below SMALL_PP, whatever the threshold
        (-0.25, 0.25, "gedaald"),
        (0.3, 0.25, "gestegen"),
        (0.9, 1.0, "ongeveer gelijk"),
        (math.nan, 0.25, ""),
    ],
)
def test_direction_word(diff: float, threshold: float, word: str) -> None:
    assert changes.direction(diff, threshold) == word


def test_noise_without_counts_is_the_rounding_floor() -> None:
    assert changes.noise_pp(6.0, math.nan, 300) == changes.SMALL_PP
    assert changes.noise_pp(0.0, 10, 0) == changes.SMALL_PP
    assert changes.count_indicator("kinderen_laag_inkomen_pct") == "kinderen_laag_inkomen_aantal"
    assert changes.count_indicator("personen_in_armoede_pct") == "personen_in_armoede_aantal"
    assert changes.count_indicator("mediaan_vermogen_hh") is None


def test_long_change_compares_with_five_years_earlier() -> None:
    df = _series(
        {
            y: {"PV22": v}
            for y, v in zip(range(2017, 2025), [8, 8, 7.5, 7, 7, 5, 6, 6.2], strict=True)
        }
    )
    got = changes.long_change(df, "kinderen_laag_inkomen_pct", "PV22", 2024)
    assert (got["jaar_begin"], got["jaar"]) == (2019, 2024)
    assert round(got["verschil"], 1) == -1.3 and got["richting"] == changes.FALLEN
    short = changes.long_change(df, "kinderen_laag_inkomen_pct", "PV22", 2021)
    assert short["richting"] == "" and short["jaar_begin"] is None  # 2017-2021: not five years
    energy = changes.long_change(df, "kinderen_laag_inkomen_pct", "PV22", 2022, years=3)
    assert energy["opmerking"] == changes.NOTE_ENERGY  # 2022 is an end point


def test_province_counts_only_gemeenten_that_clearly_moved() -> None:
    members = ["GM0106", "GM0114", "GM1701"]
    df = _with_counts(
        {
            2023: {
                "PV22": (6.0, 6000),
                "GM0106": (6.0, 600),
                "GM0114": (6.0, 1200),
                "GM1701": (6.0, 180),
            },
            2024: {
                "PV22": (6.1, 6100),
                "GM0106": (7.5, 750),
                "GM0114": (6.1, 1220),
                "GM1701": (5.5, 165),
            },
        }
    )
    got = changes.province_check(df, "kinderen_laag_inkomen_pct", "PV22", members, 2024)
    # Assen +1,5 is beyond chance; Emmen +0,1 and Westerveld -0,5 (180 children) are not
    assert (got["stijgers"], got["dalers"], got["gelijk"]) == (1, 0, 2)
    assert got["richting"] == changes.ABOUT_SAME
