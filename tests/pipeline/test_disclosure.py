"""Disclosure control: small counts, derived shares, rounding, settings, tidy tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from avk_analysis.pipeline import disclosure
from avk_analysis.pipeline.disclosure import SUPPRESSED_DERIVED, suppress, suppress_tidy
from avk_analysis.vocabulary import tidy


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(disclosure.MIN_COUNT_ENV, raising=False)
    monkeypatch.delenv(disclosure.ROUND_TO_ENV, raising=False)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gemeente": ["A", "B", "C", "D", "E", "F", "G"],
            "aantal": [0, 3, 9, 10, 12, 13, None],
            "totaal": [40, 40, 40, 40, 40, 40, 40],
        }
    )


def test_small_counts_become_text_and_others_are_rounded() -> None:
    out = suppress(_frame(), ["aantal"])
    assert out["aantal"].tolist() == [0, "<10", "<10", 10, 10, 15, None]
    assert out["totaal"].tolist() == [40] * 7  # not a count column: untouched


def test_input_is_not_changed_and_rule_is_attached() -> None:
    df = _frame()
    out = suppress(df, ["aantal"])
    assert df["aantal"].iloc[1] == 3
    assert out.attrs[disclosure.ATTR] == disclosure.RULE_TEXT


def test_derived_shares_of_suppressed_counts_are_suppressed() -> None:
    df = _frame()
    df["aandeel"] = df["aantal"] / df["totaal"] * 100
    out = suppress(df, ["aantal"], derived={"aandeel": ["aantal"]})
    assert out["aandeel"].iloc[1] == SUPPRESSED_DERIVED
    assert out["aandeel"].iloc[2] == SUPPRESSED_DERIVED
    assert out["aandeel"].iloc[4] == pytest.approx(30.0)  # a derived column is kept as given
    assert out["aandeel"].iloc[0] == 0


def test_percentages_are_computed_from_the_shown_rounded_counts() -> None:
    df = pd.DataFrame({"deel": [25, 3, 12, 0], "geheel": [55, 40, 40, 20]})
    out = suppress(df, ["deel", "geheel"], percentages={"pct": ("deel", "geheel")})
    assert out["deel"].tolist() == [25, "<10", 10, 0]
    assert out["geheel"].tolist() == [55, 40, 40, 20]
    # 25 of 55 shown: 45,5 % (not 40,4 % or any share of unrounded counts)
    assert out["pct"].tolist() == [45.5, SUPPRESSED_DERIVED, 25.0, 0.0]


def test_percent_of_shown_handles_missing_and_zero_wholes() -> None:
    out = disclosure.percent_of_shown(pd.Series([5, None, "<10"]), pd.Series([0, 10, 50]))
    assert out.tolist() == [None, None, SUPPRESSED_DERIVED]


def test_derived_as_list_depends_on_all_counts() -> None:
    df = pd.DataFrame({"a": [50, 50], "b": [20, 4], "ratio": [2.5, 12.5]})
    out = suppress(df, ["a", "b"], derived=["ratio"])
    assert out["ratio"].tolist() == [2.5, SUPPRESSED_DERIVED]


def test_rows_limit_the_rule_to_counts_of_people() -> None:
    df = pd.DataFrame({"realisatie": [7, 7, 118], "eenheid": ["deelnemers", "producten", "x"]})
    out = suppress(df, ["realisatie"], rows=df["eenheid"] == "deelnemers")
    assert out["realisatie"].tolist() == ["<10", 7, 118]


def test_secondary_suppression_within_groups() -> None:
    df = pd.DataFrame({"groep": ["x", "x", "x", "y", "y"], "n": [4, 30, 50, 20, 25]})
    out = suppress(df, ["n"], groups=["groep"])
    # the secondary cell is not small: it says 'onderdrukt', not '<10'
    assert out["n"].tolist() == ["<10", SUPPRESSED_DERIVED, 50, 20, 25]


def test_secondary_suppression_skips_zeros() -> None:
    df = pd.DataFrame({"groep": ["x"] * 4, "n": [4, 0, 30, 50]})
    out = suppress(df, ["n"], groups=["groep"])
    assert out["n"].tolist() == ["<10", 0, SUPPRESSED_DERIVED, 50]


def test_threshold_and_rounding_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert suppress(_frame(), ["aantal"], min_count=15)["aantal"].tolist()[4] == "<15"
    assert suppress(_frame(), ["aantal"], round_to=1)["aantal"].tolist()[4] == 12
    monkeypatch.setenv(disclosure.MIN_COUNT_ENV, "20")
    monkeypatch.setenv(disclosure.ROUND_TO_ENV, "10")
    out = suppress(_frame(), ["aantal"])
    assert out["aantal"].tolist()[3:6] == ["<20", "<20", "<20"]
    assert disclosure.min_count() == 20 and disclosure.round_to() == 10
    assert "kleiner dan 20" in disclosure.rule_text()


@pytest.mark.parametrize("value", [0, 1, 4, -3])
def test_threshold_below_floor_is_refused(value: int) -> None:
    with pytest.raises(ValueError, match="ten minste 5"):
        suppress(_frame(), ["aantal"], min_count=value)


@pytest.mark.parametrize("raw", ["tien", "1", "2.5"])
def test_bad_environment_setting_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(disclosure.MIN_COUNT_ENV, raw)
    with pytest.raises(ValueError, match=f"{disclosure.MIN_COUNT_ENV}|ten minste"):
        disclosure.min_count()


def test_missing_column_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="onthullingscontrole"):
        suppress(_frame(), ["bestaat_niet"])


def test_round_count_half_up() -> None:
    assert [disclosure.round_count(v, 5) for v in (10, 12, 12.5, 13, 17.4)] == [10, 10, 15, 15, 15]
    assert disclosure.round_count(12, 1) == 12


def test_rule_text_is_dutch_and_describes_defaults() -> None:
    assert "'<10'" in disclosure.RULE_TEXT
    assert "veelvoud van 5" in disclosure.RULE_TEXT
    assert "onderdrukt" in disclosure.RULE_TEXT
    assert "veelvoud" not in disclosure.rule_text(base=1)


def test_is_suppressed() -> None:
    assert disclosure.is_suppressed("<10") and disclosure.is_suppressed(SUPPRESSED_DERIVED)
    assert not disclosure.is_suppressed(10) and not disclosure.is_suppressed("Emmen")


def _tidy() -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "bron": "test",
            "tabel": "t",
            "indicator": ["n", "n", "pct", "pct", "andere"],
            "regiocode": ["GM0114", "GM0037", "GM0114", "GM0037", "GM0114"],
            "regionaam": ["Emmen", "Stadskanaal", "Emmen", "Stadskanaal", "Emmen"],
            "regioniveau": "gemeente",
            "jaar": 2025,
            "waarde": [7.0, 23.0, 3.5, 11.5, 3.0],
            "eenheid": "aantal",
            "status": "voorbeeld",
        }
    )
    return tidy.make(rows)


def test_suppress_tidy_uses_the_cbs_symbol() -> None:
    out = suppress_tidy(_tidy(), ["n"], derived={"pct": "n"})
    by = out.set_index(["indicator", "regiocode"])
    assert math.isnan(by.loc[("n", "GM0114"), "waarde"])
    assert by.loc[("n", "GM0114"), "symbool"] == "x"
    assert by.loc[("n", "GM0037"), "waarde"] == 25  # rounded
    assert by.loc[("pct", "GM0114"), "symbool"] == "x"  # share of a suppressed count
    assert by.loc[("pct", "GM0037"), "waarde"] == 11.5
    assert by.loc[("andere", "GM0114"), "waarde"] == 3  # not a count of people
    tidy.validate(out)


# --- small groups merged ---------------------------------------------------------------------
def _sectors(sizes: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"sector": list(sizes), "n": list(sizes.values()), "ok": [v // 2 for v in sizes.values()]}
    )


def test_small_groups_are_merged_into_one_row() -> None:
    df = _sectors({"gemeente": 11, "provincie": 2, "wonen": 5, "zorg": 6, "onderwijs": 12})
    out = disclosure.merge_small_groups(df, "sector", "n", "overig", sum_cols=["ok"])
    assert list(out["sector"]) == ["gemeente", "onderwijs", "overig"]
    merged = out.set_index("sector").loc["overig"]
    assert merged["n"] == 13 and merged["ok"] == 1 + 2 + 3  # provincie 2 → 1 is not readable
    assert out["n"].sum() == df["n"].sum()  # merged, nothing dropped


def test_a_merged_row_still_small_takes_the_smallest_other_group() -> None:
    df = _sectors({"gemeente": 11, "onderwijs": 12, "provincie": 2, "wonen": 3})
    out = disclosure.merge_small_groups(df, "sector", "n", "overig", sum_cols=["ok"])
    assert list(out["sector"]) == ["onderwijs", "overig"]  # 2 + 3 + 11 (gemeente, the smallest)
    assert (out["n"] >= disclosure.min_count()).all()
    assert out["n"].sum() == 28 and out.set_index("sector").loc["overig", "n"] == 16


def test_everything_merged_gets_its_own_name_and_too_few_gives_nothing() -> None:
    df = _sectors({"gemeente": 11, "provincie": 2})
    out = disclosure.merge_small_groups(df, "sector", "n", "overig", all_label="alle")
    assert list(out["sector"]) == ["alle"] and out["n"].iloc[0] == 13
    few = disclosure.merge_small_groups(_sectors({"a": 3, "b": 4}), "sector", "n", "overig")
    assert few.empty


def test_groups_at_the_threshold_stay_as_they_are() -> None:
    df = _sectors({"gemeente": 10, "wonen": 25})
    out = disclosure.merge_small_groups(df, "sector", "n", "overig")
    assert list(out["sector"]) == ["gemeente", "wonen"]
