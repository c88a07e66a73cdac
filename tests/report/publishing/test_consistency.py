"""One fact, one value: the checks of pages against each other and against the edition's CSV.

Each check is shown to pass on a consistent page and to fail on the slip it exists for.
"""

from __future__ import annotations

import pandas as pd
import pytest

from avk_analysis.presentation import charts
from avk_analysis.report.publishing import consistency as check

CSV = pd.DataFrame(
    [
        ["kinderen_laag_inkomen_pct", "", "GM0114", "2024", "6,1", "%", "CBS", "86202NED"],
        ["kinderen_laag_inkomen_aantal", "", "GM0114", "2024", "1200", "aantal", "CBS", "86202NED"],
        ["bijstand_per_1000", "", "GM0114", "2025", "26", "per 1.000 inwoners", "CBS", "86165NED"],
        ["hh_laag_inkomen_pct", "", "GM0114", "2023", "7,0", "%", "CBS", ""],
        ["kinderen_laag_inkomen_pct", "ter vergelijking", "GM0114", "2023", "6,0", "%", "SPG", ""],
    ],
    columns=["indicator", "kenmerk", "regiocode", "jaar", "waarde", "eenheid", "bron", "tabel"],
).assign(waarde_getal=lambda f: pd.to_numeric(f["waarde"].str.replace(",", "."), errors="coerce"))
ROWS = check._index(CSV)


def _table(cells: str, caption: str = "Kerncijfers Emmen. Bron: CBS.") -> str:
    return (
        f"<table><caption>{caption}</caption><thead><tr><th>Indicator</th><th>Emmen</th>"
        f"<th>Jaar</th></tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    )


KEY = "kinderen_laag_inkomen_pct|GM0114|2024 kinderen_laag_inkomen_aantal|GM0114|2024"


def test_a_keyed_figure_must_be_the_csvs_value_with_a_source_table() -> None:
    good = _table(f'<td>Kinderen</td><td data-label="Emmen" data-cijfer="{KEY}">6,1 % (1.200)</td>')
    assert check.check_keyed_figures(good, ROWS) == ([], 2)
    slip = good.replace("6,1 %", "6,2 %")
    problems, _ = check.check_keyed_figures(slip, ROWS)
    assert len(problems) == 1 and "6,2 %" in problems[0]
    missing = good.replace("|2024 ", "|2019 ")
    assert "staat niet in de CSV" in check.check_keyed_figures(missing, ROWS)[0][0]
    sourceless = _table('<td data-cijfer="hh_laag_inkomen_pct|GM0114|2023">7,0 %</td>')
    assert "geen brontabel" in check.check_keyed_figures(sourceless, ROWS)[0][0]


def test_counts_are_compared_at_the_pages_rounding() -> None:
    rows = check._index(
        CSV.assign(waarde=lambda f: f["waarde"].where(f["eenheid"] != "aantal", "1204")).assign(
            waarde_getal=lambda f: pd.to_numeric(f["waarde"].str.replace(",", "."))
        )
    )
    page = _table(f'<td data-cijfer="{KEY}">6,1 % (1.200)</td>')
    assert check.check_keyed_figures(page, rows)[0] == []  # 1.204 is shown as 1.200
    assert check.same(26.0, 0, 26.4, "per 1.000 inwoners")
    assert not check.same(27.0, 0, 26.4, "per 1.000 inwoners")


def test_a_cbs_table_cannot_show_a_figure_without_its_key() -> None:
    keyed = _table(
        f'<td data-label="Indicator">Kinderen</td><td data-label="Emmen" data-cijfer="{KEY}">'
        '6,1 %</td><td data-label="Jaar">2024</td>'
    )
    assert check.check_cbs_tables_are_keyed(keyed) == ([], 1)  # the year column is no figure
    bare = keyed.replace(f' data-cijfer="{KEY}"', "")
    problems, _ = check.check_cbs_tables_are_keyed(bare)
    assert len(problems) == 1 and "heeft geen sleutel" in problems[0]
    programme = _table('<td data-label="Emmen">12</td>', caption="Interventies per gemeente.")
    assert check.check_cbs_tables_are_keyed(programme) == ([], 0)


def _figure(frame: pd.DataFrame) -> str:
    link = charts.csv_link(frame, "grafiek", "van deze grafiek", source="CBS")
    return f"<figure>{link}</figure>"


def test_every_figure_behind_a_chart_is_in_the_csv() -> None:
    series = pd.DataFrame(
        {
            "indicator": ["kinderen_laag_inkomen_pct"],
            "regiocode": ["GM0114"],
            "regio": ["Emmen"],
            "jaar": [2024],
            "waarde": [6.1234],
        }
    )
    assert check.check_charts(_figure(series), ROWS) == ([], 1)
    wrong = check.check_charts(_figure(series.assign(waarde=6.3)), ROWS)[0]
    assert len(wrong) == 1 and "6,3" in wrong[0]
    anonymous = check.check_charts(_figure(series[["regio", "jaar", "waarde"]]), ROWS)[0]
    assert "noemt geen indicator" in anonymous[0]


def _report(dates: dict[str, str], partners: str = "9") -> str:
    sources = "".join(f"<tr><td>CBS</td><td>{t}</td><td>{d}</td></tr>" for t, d in dates.items())
    return (
        "<table><thead><tr><th>Bron</th><th>Tabel-id</th><th>Opgehaald</th></tr></thead>"
        f"<tbody>{sources}</tbody></table>"
        "<table><thead><tr><th>Gemeente</th><th>Interventies</th><th>Partners</th></tr></thead>"
        f"<tbody><tr><td>Emmen</td><td>2</td><td>{partners}</td></tr></tbody></table>"
    )


def test_each_csv_row_has_the_retrieval_date_the_verantwoording_gives() -> None:
    frame = pd.DataFrame(
        {
            "bron": ["CBS", "CBS", "Alliantie van Kracht"],
            "tabel": ["86202NED"] * 2 + [""],
            "opgehaald": ["2025-11-01", "2025-11-01", "2025-12-31"],
        }
    )
    report = _report({"86202NED": "2025-11-01", "": "2025-12-31"})
    assert check.check_dates(report, frame) == ([], 2)
    stale = check.check_dates(_report({"86202NED": "2025-11-01"}), frame)[0]
    assert stale == ["CSV: ophaaldatum 2025-12-31 staat bij geen enkele bron in de Verantwoording"]
    other = check.check_dates(_report({"86202NED": "2026-12-01", "": "2025-12-31"}), frame)[0]
    assert "opgehaald 2025-11-01, de Verantwoording zegt 2026-12-01" in other[0]


def _factsheet(line: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><td>{s}</td><td>x</td><td>{p}</td></tr>" for s, p in rows)
    return (
        f'<aside class="in-het-kort"><ul><li>In Emmen groeit ... (6,1 % in 2024).</li>'
        f"<li>...</li><li>{line}</li></ul></aside>"
        f'<table><tbody><tr><td data-label="Emmen" data-cijfer="{KEY}">6,1 % (1.200)</td>'
        "</tr></tbody></table>"
        "<table><thead><tr><th>Soort</th><th>Naam</th><th>Partner</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


@pytest.mark.parametrize(
    ("partners", "line", "rows", "slips"),
    [
        (
            "2",
            "De Alliantie van Kracht had in 2025 2 interventies en 1 experiment lopen in Emmen.",
            [("interventie", "A"), ("interventie", "B"), ("experiment", "")],
            0,
        ),
        (
            "6",
            "De Alliantie van Kracht had in 2025 2 interventies lopen in Emmen.",
            [("interventie", "A"), ("interventie", "B")],
            1,
        ),  # report counts 6, factsheet names 2
        (
            "1",
            "De Alliantie van Kracht had in 2025 0 interventies en 1 experiment lopen.",
            [("interventie", "A")],
            2,
        ),  # 'lopen 0 interventies en 1 experiment'
    ],
)
def test_the_programme_figures_of_a_gemeente_agree_between_pages(
    partners: str, line: str, rows: list[tuple[str, str]], slips: int
) -> None:
    problems, checked = check.check_programme(
        _report({}, partners), _factsheet(line, rows), "Emmen"
    )
    assert checked == 3 and len(problems) == slips, problems


def test_in_het_kort_says_the_key_figure_the_table_shows() -> None:
    page = _factsheet("", [])
    assert check.check_glance(page, "Emmen") == ([], 1)
    slip = page.replace("(6,1 % in 2024)", "(6,2 % in 2024)")
    assert "In het kort zegt" in check.check_glance(slip, "Emmen")[0][0]


def test_numbers_are_read_the_dutch_way() -> None:
    assert check.numbers("6,4 % (4.800)") == [(6.4, 1), (4800.0, 0)]
    assert check.numbers("+0,1") == [(0.1, 1)] and check.numbers("-1,5") == [(-1.5, 1)]
    assert check.numbers("gedaald (van 8,8 % in 2019)") == [(8.8, 1), (2019.0, 0)]


def test_a_planning_offices_chart_is_a_quote_not_an_edition_figure() -> None:
    quoted = pd.DataFrame({"regio": ["Veenkoloniën"], "jaar": [2014], "waarde": [9.5]})
    link = charts.csv_link(quoted, "grafiek", "van deze grafiek", source="Trendbureau Drenthe")
    assert check.check_charts(f"<figure>{link}</figure>", ROWS) == ([], 0)


def test_a_cbs_download_carries_a_cbs_tables_retrieval_date() -> None:
    frame = pd.DataFrame({"a": [1]})
    good = charts.csv_link(frame, "t", "van deze tabel", source="CBS", retrieved="2025-11-01")
    assert check.check_download_dates(good, {"2025-11-01"}) == ([], 1)
    stale = charts.csv_link(frame, "t", "van deze tabel", source="CBS", retrieved="2026-12-01")
    assert "opgehaald 2026-12-01" in check.check_download_dates(stale, {"2025-11-01"})[0][0]
    report = _report({"86202NED": "2025-11-01"})
    assert check.cbs_dates(report) == {"2025-11-01"}
