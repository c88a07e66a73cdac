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

from avk_analysis import charts, load, narrative, presentation
from avk_analysis.indicators import generational
from avk_analysis.report import verantwoording

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
