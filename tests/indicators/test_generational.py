"""Planning-office generational figures."""

from __future__ import annotations

from avk_analysis.indicators import generational
from tests.indicators.helpers import rows, table


def _data():
    kw = {"bron": "Trendbureau Drenthe", "tabel": "P", "status": "echt"}
    return table(
        rows(
            "jongvolwassenen_laag_inkomen_pct",
            {"VK_planbureaus": 8.8},
            2016,
            bron_url="https://a.example/1",
            **kw,
        ),
        rows(
            "jongvolwassenen_laag_inkomen_pct",
            {"VK_planbureaus": 5.9},
            2020,
            bron_url="https://a.example/2",
            onzeker=True,
            **kw,
        ),
        rows(
            "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
            {"VK_planbureaus": 26.4},
            2014,
            bron_url="https://a.example/1",
            **kw,
        ),
        rows("jongvolwassenen_laag_inkomen_pct", {"VK_planbureaus": 99.0}, 2016),  # CBS: not here
    )


def test_rows_are_the_planning_offices_figures_only() -> None:
    got = generational.generational_rows(_data())
    assert set(got["bron"]) == {"Trendbureau Drenthe"}  # the CBS row is left out
    assert got["indicator"].iloc[0] == "jongvolwassenen_laag_inkomen_pct"


def test_young_adults_series() -> None:
    s = generational.young_adults_series(_data())
    assert list(s.jaar) == [2016, 2020] and list(s.waarde) == [8.8, 5.9]
