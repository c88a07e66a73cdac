"""Key figures, trends and gemeente comparisons."""

from __future__ import annotations

import math

from avk_analysis.indicators import scale, select
from avk_analysis.vocabulary import regions
from tests.indicators.helpers import rows, table

PCT = "kinderen_laag_inkomen_pct"


def _data():
    return table(
        rows(PCT, {"GM0114": 9.6, "PV22": 6.2, "NL01": 8.1, "VK_planbureaus": 8.0}, 2022),
        rows(PCT, {"GM0114": 8.4, "PV22": 6.0, "NL01": 7.0, "VK_planbureaus": 7.5}, 2023),
        rows("kinderen_laag_inkomen_aantal", {"GM0114": 1460.0}, 2023),
        rows(PCT, {"GM0114": math.nan}, 2024),
    )


def test_latest_year_skips_symbols_and_respects_report_year() -> None:
    df = _data()
    assert select.latest_year(df, PCT, 2025) == 2023  # 2024 is only a symbol
    assert select.latest_year(df, PCT, 2022) == 2022
    assert select.latest_year(df, PCT, 2019) is None


def test_missing_figure_is_never_zero() -> None:
    fig = select.figure(_data(), PCT, "GM0106", 2023)
    assert not fig.available and math.isnan(fig.waarde) and fig.symbool == "."


def test_quoted_cbs_figures_do_not_enter_api_series() -> None:
    quoted = rows(PCT, {"GM0114": 50.0}, 2023, bron_url="https://www.cbs.nl/x", status="echt")
    df = table(rows(PCT, {"GM0114": 8.4}, 2023), quoted)
    assert select.figure(df, PCT, "GM0114", 2023).waarde == 8.4


def test_key_figures_use_latest_year_and_carry_counts() -> None:
    long = scale.key_figures(_data(), 2025, gemeente="GM0114")
    emmen = long[(long.indicator == PCT) & (long.regiocode == "GM0114")].iloc[0]
    assert emmen["jaar"] == 2023 and emmen["waarde"] == 8.4 and emmen["aantal"] == 1460.0
    previous = scale.key_figures(_data(), 2025, gemeente="GM0114", years_back=1)
    assert (
        previous[(previous.indicator == PCT) & (previous.regiocode == "GM0114")].waarde.iloc[0]
        == 9.6
    )


def test_position_gives_gemeente_province_and_nl() -> None:
    figures = scale.position(_data(), "GM0114", PCT, 2025)
    assert [f.waarde for f in figures.values()] == [8.4, 6.0, 7.0]
    assert {f.jaar for f in figures.values()} == {2023}


def test_trend_orders_regions_and_keeps_newest_table() -> None:
    df = table(
        rows(PCT, {"NL01": 7.0, "GM0114": 8.0}, 2022),
        rows(PCT, {"NL01": 7.5}, 2022, tabel="U"),
    )
    t = scale.trend(df, PCT, ["GM0114", "NL01"], until=2025)
    assert list(t.regiocode) == ["GM0114", "NL01"]
    assert t[t.regiocode == "NL01"].waarde.iloc[0] == 7.5


def test_poverty_lines_are_each_their_own_continuous_series() -> None:
    df = table(
        *[rows("hh_laag_inkomen_pct", {"VK_planbureaus": 8.0}, y) for y in (2022, 2023, 2024)],
        rows("kwb_hh_laag_inkomen_pct", {"VK_planbureaus": 8.0}, 2023),
        rows("personen_in_armoede_pct", {"VK_planbureaus": 3.7}, 2024),
    )
    s = scale.poverty_lines(df, "VK_planbureaus", until=2025)
    years = s.groupby("reeks").jaar.agg(["min", "max"]).T.to_dict()
    # the lage-inkomensgrens of the LLI tables runs on through 2024; the new line starts there
    assert years["lig_lli"] == {"min": 2022, "max": 2024}
    assert years["lig_kwb"] == {"min": 2023, "max": 2023}
    assert years["armoedegrens"] == {"min": 2024, "max": 2024}


def test_gemeenten_bars_list_gemeenten_without_data() -> None:
    bars = scale.gemeenten_bars(_data(), PCT, 2023)
    assert list(bars.gemeente) == ["Emmen"]
    assert len(bars.attrs["zonder_gegevens"]) == len(regions.gemeente_codes()) - 1


def test_poverty_lines_are_separate_series() -> None:
    df = table(
        rows("hh_laag_inkomen_pct", {"PV20": 9.0}, 2021),
        rows("kwb_hh_tot_120_sm_pct", {"PV20": 14.0}, 2021),
        rows("personen_in_armoede_pct", {"PV20": 4.0}, 2022),
    )
    got = scale.poverty_lines(df, "PV20", until=2025)
    assert list(got["reeks"]) == ["lig_lli", "sm120", "armoedegrens"]
    assert scale.new_line_from(got) == 2022
    assert scale.poverty_lines(df, "PV22", until=2025).empty


def test_two_low_income_numbers_share_a_year() -> None:
    df = table(
        rows("hh_laag_inkomen_pct", {"PV20": 9.0}, 2021),
        rows("hh_laag_inkomen_pct", {"PV20": 8.0}, 2023),
        rows("kwb_hh_laag_inkomen_pct", {"PV20": 8.5}, 2021),
    )
    got = scale.two_low_income_numbers(df, "PV20", until=2025)
    assert (got["jaar"], got["lli"], got["kwb"], got["lli_laatste_jaar"]) == (2021, 9.0, 8.5, 2023)
    assert scale.two_low_income_numbers(df, "PV22", until=2025) == {}
