"""'In het kort': three plain lines made from the page's own figures and direction words."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from avk_analysis.presentation import narrative
from avk_analysis.report.chapters import at_a_glance as kort
from tests.indicators.helpers import rows, table

KIDS = "kinderen_laag_inkomen_pct"


def _data(emmen_now: float = 5.9):
    return table(
        rows(KIDS, {"GM0114": 7.3, "NL01": 6.6, "GM0106": 4.0}, 2023),
        rows(KIDS, {"GM0114": emmen_now, "NL01": 6.5, "GM0106": 4.1}, 2024),
    )


def test_a_factsheet_gets_three_plain_lines_from_its_own_figures() -> None:
    programme = kort.Programme(2025, interventies=11, experimenten=0, huishoudens="445")
    lines = kort.gemeente_lines(_data(), "GM0114", 2025, programme)
    assert len(lines) == 3
    assert lines[0] == (
        "In Emmen groeit ongeveer 1 op de 17 kinderen op in een huishouden met een laag "
        "inkomen (5,9 % in 2024): minder vaak dan in heel Nederland (6,5 %)."
    )
    assert lines[1] == "Dat aandeel kinderen is gedaald: van 7,3 % (2023) naar 5,9 % (2024)."
    assert lines[2] == (
        "De Alliantie van Kracht had in 2025 11 interventies lopen in Emmen; ze bereikten 445 "
        "huishoudens."
    )


def test_the_direction_word_is_the_one_the_page_table_shows() -> None:
    """The line and the page's change table can never disagree: one source of the word."""
    for now in (7.2, 7.3, 8.0, 5.0):
        data = _data(now)
        page = narrative.region_changes_table(data, ["GM0114"], until=2025, indicators=[KIDS])
        word = page.iloc[0]["Richting"]
        line = kort.direction_line(data, "GM0114", 2025)
        assert ("ongeveer gelijk gebleven" if word == "ongeveer gelijk" else word) in line
        assert page.iloc[0]["Nu"] in line and page.iloc[0]["Eerder"] in line


def test_about_as_often_within_a_quarter_point() -> None:
    line = kort.share_line(_data(6.4), "GM0114", 2025)
    assert "ongeveer even vaak als in heel Nederland (6,5 %)" in line
    assert "vaker dan" in kort.share_line(_data(9.0), "GM0114", 2025)


def test_missing_figures_and_programme_are_said_plainly() -> None:
    data = _data()
    assert kort.share_line(data, "GM1680", 2025) == (
        "In Aa en Hunze is er geen cijfer over kinderen met een laag inkomen."
    )
    assert "geen twee jaren" in kort.direction_line(data, "GM1680", 2025)
    assert kort.programme_line("Emmen", None, 2025) == (
        "Over het programma in 2025 zijn (nog) geen gegevens aangeleverd."
    )
    idle = kort.Programme(2025, interventies=0, experimenten=0, voorbeeld=True)
    assert kort.programme_line("Westerveld", idle, 2025) == (
        "In Westerveld heeft de Alliantie van Kracht in 2025 geen interventies of experimenten "
        "geregistreerd (voorbeelddata)."
    )


@pytest.mark.parametrize(("pct", "words"), [(5.9, "1 op de 17"), (50.0, "de helft"), (0, "geen")])
def test_shares_in_words(pct: float, words: str) -> None:
    assert words in kort.one_in(pct)


def test_every_chapter_has_lines_and_an_unknown_chapter_is_refused() -> None:
    data = _data()
    for chapter in kort.CHAPTERS:
        lines = kort.chapter_lines(
            data, chapter, 2025, "planbureaus", goals={"lopend": 20, "op koers": 8, "achter": 11}
        )
        assert 1 <= len(lines) <= 3 and all(line.endswith(".") for line in lines), chapter
    with pytest.raises(ValueError, match="Onbekend hoofdstuk"):
        kort.chapter_lines(data, "bijlage", 2025, "planbureaus")


def test_regional_lines_name_highest_lowest_and_count_above_nederland() -> None:
    lines = kort.chapter_lines(_data(), "regionaal", 2025, "planbureaus")
    assert "Emmen (5,9 %)" in lines[0] and "Assen (4,1 %)" in lines[0]
    assert lines[1].startswith("In 0 van de 2 gemeenten")


def test_the_box_escapes_its_lines() -> None:
    box = kort.box_html(["<b>vet</b> & meer", ""])
    soup = BeautifulSoup(box, "html.parser")
    assert soup.find("b") is None
    assert [li.get_text() for li in soup.find_all("li")] == ["<b>vet</b> & meer"]
    assert soup.find("aside")["aria-label"] == "In het kort"


def test_a_suppressed_reach_stays_suppressed_in_words() -> None:
    programme = kort.Programme(2025, interventies=2, experimenten=1, huishoudens="<10")
    line = kort.programme_line("Hoogeveen", programme, 2025)
    assert "minder dan 10 huishoudens" in line
    assert "2 interventies en 1 experiment" in line
    hidden = kort.Programme(2025, 2, 0, huishoudens="120", kinderen="onderdrukt")
    line = kort.programme_line("Midden-Groningen", hidden, 2025)
    assert "120 huishoudens en een niet getoond aantal kinderen" in line
    assert "onderdrukt kinderen" not in line


def test_the_direction_line_adds_the_five_year_direction() -> None:
    data = table(
        *[
            rows(KIDS, {"GM0114": v}, y)
            for y, v in zip(range(2019, 2025), [9, 8, 8, 6, 7.3, 5.9], strict=True)
        ]
    )
    line = kort.direction_line(data, "GM0114", 2025)
    assert line == (
        "Dat aandeel kinderen is gedaald: van 7,3 % (2023) naar 5,9 % (2024); over 5 jaar gedaald."
    )


def test_the_summary_says_how_many_young_adults_have_a_low_income_and_what_is_unknown() -> None:
    kw = {"bron": "Trendbureau Drenthe", "tabel": "P", "status": "echt"}
    data = table(
        rows(KIDS, {"VK_planbureaus": 6.3, "NL01": 6.6}, 2024),
        rows("jongvolwassenen_laag_inkomen_pct", {"VK_planbureaus": 8.8}, 2016, **kw),
        rows("jongvolwassenen_laag_inkomen_pct", {"VK_planbureaus": 5.9, "NL01": 5.0}, 2020, **kw),
    )
    line = kort.generational_line(data)
    assert line.startswith("In de Veenkoloniën had in 2020 5,9 % van de jongvolwassenen")
    assert "(Nederland 5,0 %)" in line and "tabellering van CBS-microdata" in line
    lines = kort.chapter_lines(data, "samenvatting", 2025, "planbureaus")
    assert line in lines
    assert "nog niet bekend" in kort.generational_line(data.iloc[0:0])


def test_a_gemeente_is_compared_with_its_province_and_the_netherlands() -> None:
    data = table(rows(KIDS, {"GM0114": 6.1, "PV22": 5.7, "NL01": 6.6}, 2024))
    line = kort.share_line(data, "GM0114", 2025)
    assert "vaker dan in Drenthe (5,7 %) en minder vaak dan in heel Nederland (6,6 %)" in line
    # a province itself is compared with the Netherlands only
    assert "Drenthe (5,7 %)" not in kort.share_line(data, "PV22", 2025)
