"""Landing page parts: the per-edition data file and the optional PDF export."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.report.publishing import landing, publish
from tests.indicators.helpers import rows, table


def _no_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """The edition file without a build: no sources, no programme."""
    from avk_analysis.report.publishing import edition_figures

    sources = pd.DataFrame(
        {
            "soort": ["cbs", "planbureau"],
            "tabel": ["T", ""],
            "opgehaald": ["2025-11-01", "2026-01-15"],
            "licentie": ["CC BY 4.0, Bron: CBS", "zie de bron per rij"],
        }
    )
    monkeypatch.setattr(edition_figures, "_sources", lambda: sources)
    monkeypatch.setattr(edition_figures, "programme_rows", lambda _jaar: pd.DataFrame())


def test_edition_csv_has_one_value_per_column_its_source_and_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_sources(monkeypatch)
    df = table(
        rows("kinderen_laag_inkomen_pct", {"GM0114": 7.25, "GM0106": math.nan}, 2024),
        rows("kinderen_laag_inkomen_aantal", {"GM0114": 1200.0}, 2024),
    )
    df.loc[df["regiocode"] == "GM0106", "symbool"] = "x"
    path = landing.write_tidy_csv(tmp_path, 2025, df)
    assert path.name == "cijfers_2025.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        got = list(csv.DictReader(handle, delimiter=";"))
    assert list(got[0]) == [
        "indicator",
        "omschrijving",
        "kenmerk",
        "regiocode",
        "gebied",
        "jaar",
        "waarde",
        "eenheid",
        "teken",
        "herkomst",
        "bron",
        "tabel",
        "url",
        "status",
        "licentie",
        "opgehaald",
    ]
    by = {(r["indicator"], r["regiocode"]): r for r in got}
    emmen = by[("kinderen_laag_inkomen_pct", "GM0114")]
    assert emmen["waarde"] == "7,3"  # the page's precision, rounded half up like the page
    assert emmen["tabel"] == "T" and emmen["herkomst"] == "gepubliceerd door CBS"
    assert emmen["opgehaald"] == "2025-11-01" and emmen["licentie"] == "CC BY 4.0, Bron: CBS"
    assert by[("kinderen_laag_inkomen_aantal", "GM0114")]["waarde"] == "1200"
    secret = by[("kinderen_laag_inkomen_pct", "GM0106")]
    assert secret["waarde"] == "" and secret["teken"] == "geheim"  # as the pages say it


def test_pdf_export_is_skipped_with_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(publish.PDF_SWITCH, "0")
    made, notice = publish.export_pdfs(tmp_path, ["rapport.html"])
    assert made == [] and "Geen PDF" in notice and "\n" not in notice


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium ontbreekt")
def test_pdf_export_prints_a4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.delenv(publish.PDF_SWITCH, raising=False)
    page = publish.render_index(title="Proef", sections=[])
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    made, _ = publish.export_pdfs(tmp_path, ["index.html"])
    pdf = (tmp_path / "index.pdf").read_bytes()
    assert made == ["index.pdf"] and pdf.startswith(b"%PDF")
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"595" in pdf  # A4


def test_edition_csv_neutralises_formulas_planted_in_every_text_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_sources(monkeypatch)
    planted = '=HYPERLINK("http://evil.example","klik")'
    df = table(rows("kinderen_laag_inkomen_pct", {"GM0114": -1.5, "GM0106": 7.0}, 2024))
    emmen = df["regiocode"] == "GM0114"
    df.loc[emmen, "regionaam"] = "-Emmen+cmd|' /C calc'!A0"
    df.loc[emmen, "tabel"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    df.loc[emmen, "bron_url"] = planted
    df.loc[emmen, "status"] = "=echt"
    path = landing.write_tidy_csv(tmp_path, 2025, df)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        got = list(csv.reader(handle, delimiter=";"))
    row = next(r for r in got if r[3] == "GM0114")
    assert "-1,5" in row  # a negative number stays a number
    for cell in ("-Emmen+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", planted, "=echt"):
        assert "'" + cell in row, cell


# --- the two-minute path: every gemeente, one year and one definition, the report's changes ---
from bs4 import BeautifulSoup  # noqa: E402

from avk_analysis.vocabulary import regions  # noqa: E402

VK = "VK_planbureaus"
AREAS = [VK, "PV20", "PV22", "NL01"]


def test_landing_lists_all_22_gemeenten_alphabetically_with_factsheet_and_pdf() -> None:
    hrefs = {"GM0114": "factsheet_GM0114.html", "GM1680": "factsheet_GM1680.html"}
    pdfs = {"GM0114": "factsheet_GM0114.pdf"}
    soup = BeautifulSoup(landing.gemeenten_html(hrefs, pdfs), "html.parser")
    items = soup.select("ul.gemeenten > li")
    names = [li.contents[0].get_text() for li in items]
    assert len(names) == 22 == len(set(names))
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Aa en Hunze" and names[-1] == "Westerwolde"
    assert set(names) == {regions.name(c) for c in regions.gemeente_codes()}
    links = {a.get_text(): a["href"] for a in soup.find_all("a") if a.get_text() != "PDF"}
    assert links == {"Emmen": "factsheet_GM0114.html", "Aa en Hunze": "factsheet_GM1680.html"}
    assert [a["href"] for a in soup.select("a.pdf")] == ["factsheet_GM0114.pdf"]


def _key_data():
    parts = []
    for year in (2023, 2024):
        for indicator in landing.KEY_INDICATORS:
            if indicator == "hh_laag_inkomen_pct" and year == 2024:
                continue  # one series a year behind: every card goes back to 2023
            parts.append(rows(indicator, dict.fromkeys(AREAS, 5.0 + year - 2023), year))
    parts.append(rows("personen_in_armoede_pct", dict.fromkeys(AREAS, 3.7), 2024))
    return table(*parts)


def test_key_figure_cards_share_one_year_and_one_poverty_line() -> None:
    out = landing.key_figures_html(_key_data(), 2025, "planbureaus")
    soup = BeautifulSoup(out, "html.parser")
    assert "inkomensjaar 2023" in soup.get_text() and "2024" not in soup.get_text()
    assert "lage-inkomensgrens" in soup.get_text()
    assert "armoedegrens (nieuw" not in out and "3,7" not in out  # no other definition mixed in
    cards = soup.select(".kerncijfer")
    assert len(cards) == 3
    assert all(c.select_one(".kerncijfer-getal").get_text().startswith("5,0 %") for c in cards)
    assert "provincie Groningen 5,0 %" in cards[0].get_text()


def test_what_changed_is_the_report_table_in_words() -> None:
    from avk_analysis.presentation import narrative

    data = table(
        rows("kinderen_laag_inkomen_pct", {VK: 6.5, "PV20": 7.5, "PV22": 5.1, "NL01": 5.9}, 2023),
        rows("kinderen_laag_inkomen_pct", {VK: 6.4, "PV20": 7.8, "PV22": 5.3, "NL01": 6.5}, 2024),
    )
    report = narrative.region_changes_table(data, AREAS, until=2025)
    text = BeautifulSoup(landing.changes_html(data, 2025, "planbureaus"), "html.parser").get_text()
    for r in report.to_dict("records"):
        assert f"{r['Richting']} ({r['Eerder']} → {r['Nu']})" in text
    assert "Veenkoloniën ongeveer gelijk" in text and "provincie Groningen gestegen" in text


def test_map_names_every_gemeente(monkeypatch: pytest.MonkeyPatch) -> None:
    data = table(rows("kinderen_laag_inkomen_pct", {"GM0114": 6.0, "GM0106": 4.0}, 2024))
    svg, _ = landing.map_svg(data, 2025, {}, "planbureaus")
    soup = BeautifulSoup(svg, "html.parser")
    shown = {" ".join(t.stripped_strings).replace("- ", "-") for t in soup.select("g text")}
    expected = {regions.name(c) for c in regions.gemeente_codes()}
    unbroken = {s.replace("-", "") for s in shown}
    assert all(n in shown or n.replace("-", "") in unbroken for n in expected), shown
