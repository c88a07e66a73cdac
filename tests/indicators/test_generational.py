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


def _parents():
    kw = {"bron": "Sociaal Planbureau Groningen", "tabel": "P", "status": "echt"}
    return table(
        rows("moeder_laag_inkomen_bij_arme_jongvolwassenen_pct", {"VK_planbureaus": 36.4}, 2014,
             bron_url="https://a.example/1", **kw),
        rows("moeder_laag_inkomen_bij_alle_jongvolwassenen_pct", {"VK_planbureaus": 9.1}, 2014,
             bron_url="https://a.example/1", **kw),
        # a later year with only one of the pair: not a ratio
        rows("moeder_laag_inkomen_bij_arme_jongvolwassenen_pct", {"VK_planbureaus": 30.0}, 2016,
             bron_url="https://a.example/2", **kw),
    )  # fmt: skip


def test_parent_ratio_needs_both_shares_of_one_year() -> None:
    got = generational.parent_ratios(_parents())
    assert list(got["ouder"]) == ["moeder"]  # no father figures: no father row
    r = got.iloc[0]
    assert r["jaar"] == 2014 and round(r["keer"], 1) == 4.0


def test_parent_ratio_empty_without_figures() -> None:
    assert generational.parent_ratios(_data().iloc[0:0]).empty


def test_national_transfer_prefers_the_quoted_figure() -> None:
    import pandas as pd

    assert generational.national_transfer()["van_laag_inkomen"] == 9.6
    refs = pd.DataFrame(
        {
            "indicator": ["kinderen_laag_inkomen_later_laag_inkomen_pct"],
            "regiocode": ["NL01"],
            "waarde": [11.0],
            "bron_url": ["https://b.example"],
        }
    )
    got = generational.national_transfer(refs)
    assert got["van_laag_inkomen"] == 11.0 and round(got["verhouding"], 1) == 2.0


def test_gemeente_figures_exist_only_where_published() -> None:
    assert not generational.has_gemeente_figures(_data(), "GM0114")
    assert generational.levels(_data())["jongvolwassenen_laag_inkomen_pct"] == {"veenkolonien"}


def test_the_national_comparator_is_all_inhabitants() -> None:
    ref = generational.national_transfer()
    assert ref["alle_inwoners"] == 5.5 and ref["alle_inwoners_woord"] == "bijna"
    assert "alle_kinderen" not in ref
    assert round(ref["verhouding"], 1) == 1.7


def test_source_wording_keeps_the_words_of_an_approximate_quote() -> None:
    assert generational.source_wording("x (approx 'net geen 7%')") == "net geen 7 %"
    assert generational.source_wording("x (approx 'bijna')") == "bijna"
    assert generational.source_wording("x (revised series)") is None
    assert generational.source_wording(None) is None
