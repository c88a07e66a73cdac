"""Markup planted in every text field of every input stays inert on a page (one escaping rule).

Inputs reach a page as Markdown (rendered by nbconvert with mistune) or as HTML (tables). Each
test plants bold, underline, a link, a Markdown link and a script in the text fields of one
input and checks the rendered HTML has none of them live.
"""

from __future__ import annotations

import mistune
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from avk_analysis import load
from avk_analysis.indicators import generational
from avk_analysis.presentation import charts, narrative
from avk_analysis.presentation import formatting as presentation
from avk_analysis.report.chapters import verantwoording

PLANTED = (
    '<b>vet</b> <u>onder</u> <a href="https://example.invalid/a">link</a> '
    "[md-link](https://example.invalid/b) <script>alert(1)</script> **sterk** _schuin_"
)


def _live(rendered: str) -> list[str]:
    """Return the live markup a planted text produced (empty list: all inert)."""
    soup = BeautifulSoup(rendered, "html.parser")
    found = [t.name for t in soup.find_all(["b", "u", "script", "strong", "em"])]
    found += [a["href"] for a in soup.find_all("a") if "example.invalid" in a.get("href", "")]
    return found


def test_planted_markup_is_really_live_without_escaping() -> None:
    """The check can fail: unescaped, the planted text renders bold, a link and a script."""
    assert {"b", "u", "script"} <= set(_live(mistune.html(PLANTED)))


@pytest.fixture
def planted_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {
        "soort": "cbs",
        "source": PLANTED,
        "title": PLANTED + " avk_programma_<b>2025</b>.xlsx",  # a workbook's file name
        "table_id": PLANTED,
        "url": 'https://example.invalid/"><script>x</script>',
        "status": "echt",
        "rijen": 3,
        "retrieved": "2025-06-01",
        "licence": PLANTED,
        "laatste_verversing": PLANTED,
    }
    empty_url = {**row, "url": ""}
    frame = pd.DataFrame([row, empty_url])
    for name in ("bronnen", "bronnen_ruw"):
        if hasattr(load, name):
            monkeypatch.setattr(load, name, lambda frame=frame: frame)


def test_source_list_escapes_every_field_and_has_no_empty_link(planted_sources: None) -> None:
    text = verantwoording.source_links()
    rendered = mistune.html(text)
    assert _live(rendered) == []
    assert "&lt;&gt;" not in rendered and "<>" not in text  # no empty link for a missing url
    assert "<b>vet</b>" in BeautifulSoup(rendered, "html.parser").get_text()  # shown as text


def test_sources_table_escapes_every_field(planted_sources: None) -> None:
    table = verantwoording.sources_table()
    out = charts.table_html(table, caption=PLANTED).data
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find_all(["b", "u", "script"]) == []
    assert [a["href"][:5] for a in soup.find_all("a")] == ["data:"]  # only the CSV link


def test_delivery_source_names_in_the_generational_list_are_escaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = pd.DataFrame(
        {
            "indicator": [generational.YOUNG_ADULTS] * 2,
            "regio": [PLANTED, "Veenkoloniën"],
            "regiocode": ["VK01", "VK01"],
            "jaar": [2016, 2020],
            "waarde": [8.8, 9.1],
            "onzeker": [False, True],
            "bron_url": ["https://example.invalid/c", "javascript:alert(1)"],
            "bron": [PLANTED, PLANTED],
        }
    )
    monkeypatch.setattr(generational, "generational_rows", lambda df: rows)
    table, sources = narrative.generational_table(pd.DataFrame())
    rendered = mistune.html(sources)
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find_all(["b", "u", "script", "strong", "em"]) == []
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://example.invalid/c"]  # the source's own address, nothing planted
    html_table = charts.table_html(table, caption="Generaties").data
    assert BeautifulSoup(html_table, "html.parser").find_all(["b", "u", "script"]) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.cbs.nl/a?b=1", "<https://www.cbs.nl/a?b=1>"),
        ("", ""),
        (None, ""),
        ("javascript:alert(1)", ""),
        ("/work/data/raw/x.csv", ""),  # an internal path never becomes a link
        ('https://x.nl/"><script>', ""),
        ("https://x.nl/a b", ""),
    ],
)
def test_markdown_url_links_only_plain_web_addresses(url: object, expected: str) -> None:
    assert presentation.markdown_url(url) == expected


def test_accessibility_statement_is_dutch_and_names_the_standard() -> None:
    text = verantwoording.accessibility_statement()
    assert "WCAG 2.1" in text and "axe-core" in text and "CSV" in text
    assert _live(mistune.html(text)) == []


# --- links only where a link belongs ---------------------------------------------------------

HOSTILE_PUBLISHER = '<a href="https://evil.example/">klik</a> Trendbureau Drenthe'


def _page_links(markdown_text: str) -> list[str]:
    """Return the link targets of Markdown as the pages render it (nbconvert's renderer)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    soup = BeautifulSoup(markdown2html_mistune(markdown_text), "html.parser")
    return [a.get("href", "") for a in soup.find_all("a")]


def test_the_page_renderer_really_links_an_address_in_plain_text() -> None:
    """The check can fail: without escaping, an address in a name becomes a live link."""
    assert any("evil.example" in h for h in _page_links(HOSTILE_PUBLISHER))
    assert any("evil.example" in h for h in _page_links(HOSTILE_PUBLISHER.replace("<", "&lt;")))


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE_PUBLISHER,
        "Zie https://evil.example/pad en HTTP://evil.example",
        "[klik](https://evil.example/) <https://evil.example/>",
    ],
)
def test_an_address_in_a_name_or_free_text_never_becomes_a_link(text: str) -> None:
    escaped = presentation.escape_markdown(text)
    assert _page_links(escaped) == []
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    shown = BeautifulSoup(markdown2html_mistune(escaped), "html.parser").get_text()
    assert "evil.example" in shown  # still there for the reader, as text


def test_hostile_publisher_in_the_verantwoording_links_only_its_url_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A delivery's publisher name with a link in it: only ``bron_url`` becomes a link."""
    good = {
        "soort": "planbureau",
        "source": HOSTILE_PUBLISHER,
        "title": "Levering 2025 van " + HOSTILE_PUBLISHER,
        "table_id": "",
        "url": "https://www.trendbureaudrenthe.nl/armoede",
    }
    bad_url = {**good, "url": "https://evil.example/ <b>x</b>"}
    no_url = {**good, "url": "javascript:alert(1)"}
    frame = pd.DataFrame([good, bad_url, no_url])
    monkeypatch.setattr(load, "bronnen_ruw", lambda: frame)
    links = _page_links(verantwoording.source_links())
    assert links == ["https://www.trendbureaudrenthe.nl/armoede"]


def test_published_figures_escape_the_publisher_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from avk_analysis.indicators import scale

    rows = pd.DataFrame(
        {
            "indicator": ["kinderen_laag_inkomen_pct"],
            "jaar": [2021],
            "bron": [HOSTILE_PUBLISHER],
            "gepubliceerd": [7.1],
            "monitor": [7.0],
            "monitor_status": ["echt"],
        }
    )
    monkeypatch.setattr(scale, "published_next_to", lambda *a, **k: rows)
    text = narrative.published_text(pd.DataFrame(), None, "GM0114")
    assert _page_links(text) == []
    assert "Trendbureau Drenthe" in text
