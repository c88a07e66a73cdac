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


def test_table_cites_sources_and_marks_unsure() -> None:
    tab, sources = generational.generational_table(_data())
    young = tab[tab.Indicator.str.startswith("Jongvolwassenen")].iloc[0]
    assert young["2016"] == "8,8 % [1]"
    assert young["2020"] == "5,9 % * [2]"
    assert "https://a.example/2" in sources and sources.count("\n") == 1
    assert "99" not in tab.to_string()


def test_series_and_alt_text() -> None:
    s = generational.young_adults_series(_data())
    assert list(s.jaar) == [2016, 2020]
    assert "2020: 5,9 %" in generational.series_alt(s)
