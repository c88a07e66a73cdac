"""The Verantwoording appendix is generated from provenance and reference data."""

from __future__ import annotations

import mistune
import pytest

from avk_analysis import load
from avk_analysis.pipeline import build
from avk_analysis.report.chapters import verantwoording as v
from avk_analysis.report.chapters.context import Context


@pytest.fixture
def data(project):
    build.build(log=lambda _m: None)
    return load.indicatoren()


def test_sources_carry_provenance_and_status(data) -> None:
    table = v.sources_table()
    assert {"Bron", "Tabel-id", "Opgehaald", "Licentie", "Status"} <= set(table.columns)
    cbs = table[table["Bron"].str.contains("CBS")]
    assert len(cbs) >= 10
    # the snapshot is synthetic, and its licence line says so; real CBS data are CC BY 4.0
    assert cbs["Licentie"].str.contains("demodata").all()
    assert "CC BY 4.0" in v.licence_text()
    assert cbs["Status"].str.contains("DEMO").all()
    assert "85678NED" in set(table["Tabel-id"])
    assert "https://opendata.cbs.nl/" in v.source_links()


def test_definitions_cover_only_what_the_report_shows(data) -> None:
    shown = v.definitions_table(data)
    assert "Minderjarige kinderen in huishoudens met laag inkomen" in set(shown["Indicator"])
    assert "Personen met een AOW-uitkering" not in set(shown["Indicator"])
    assert len(shown) < 40


def test_harmonisation_symbols_and_disclosure_texts(data) -> None:
    text = v.harmonisation_text(data)
    assert "Winsum" in text and "80 %" in text
    assert "cijfers zo omgerekend" in text
    assert "<strong>*</strong>" in mistune.html(v.symbols_text())  # rendered as the page does
    assert "10" in v.disclosure_text()


def test_intro_names_demo_and_example_data(data) -> None:
    text = v.intro(Context(2025, "planbureaus", data))
    assert "demonstratiecijfers" in text and "voorbeelddata" in text
    assert "Veenkoloniën (gemeenten Alliantie van Kracht)" in mistune.html(
        v.veenkolonien_text("programma")
    )
