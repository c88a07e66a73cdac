"""Publishing layer: notebook -> offline Dutch HTML page, the last gate, merging and the index."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from avk_analysis.report.publishing import publish

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sample_executed.ipynb.json"
DEMO_BANNER = "Let op: deze pagina toont demonstratiecijfers (geen echte CBS-cijfers)"


@pytest.fixture(scope="module")
def sample() -> nbformat.NotebookNode:
    return nbformat.read(FIXTURE, as_version=4)


@pytest.fixture(scope="module")
def page(sample: nbformat.NotebookNode) -> str:
    return publish.export_html(
        sample,
        title="Monitor 2025",
        subtitle="Groningen en Drenthe",
        banners=[DEMO_BANNER],
        nav_links=[("Terug naar het overzicht", "index.html")],
    )


def _export(nb: nbformat.NotebookNode, **kw: object) -> str:
    return publish.export_html(nb, title=str(kw.pop("title", "Test")), **kw)


def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells))


# --- what a page shows and hides -------------------------------------------------------------


def test_page_has_no_code_prompts_parameters_or_streams(page: str) -> None:
    for hidden in (
        "SOURCE_MARKER",  # code of a visible cell
        "jaar = 2025",  # injected parameters
        "jaar = 2024",  # parameters cell
        "# Parameters",
        "In [",
        "debug: 22 gemeenten",  # stdout
        "UserWarning",  # stderr
        "VERBORGEN-UITVOER",  # cell tagged verberg
        "INTERNE-NOTITIE",  # cell tagged remove
        "RUWE-CEL",  # raw cell without html mimetype
        "matplotlib.legend",  # text/plain-only repr
        "IPython.core.display",  # text/plain fallback next to html
        "/work/main",  # papermill metadata
        "2025-03-01",  # papermill timestamps
    ):
        assert hidden not in page, hidden
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None
    assert soup.select(".input, .prompt, .jp-InputArea, pre") == []


def test_page_renders_markdown_figures_and_tables(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    assert main.find("h1").get_text() == "Monitor generatiearmoede"
    images = main.find_all("img")
    assert len(images) == 2
    assert all(img["src"].startswith("data:image/png;base64,") for img in images)
    assert images[0]["alt"].startswith("Lijngrafiek: aandeel kinderen")
    assert "DEMO — geen echte cijfers" in main.find("figcaption").get_text()
    tables = main.find_all("table")
    assert [t.find("caption").get_text() if t.find("caption") else "" for t in tables] == [
        "Kinderen in armoede per gemeente",
        "",
    ]
    # numbers in a plain pandas table are right-aligned through class "getal"
    pandas_cells = tables[1].select("tbody td")
    assert [("getal" in (c.get("class") or [])) for c in pandas_cells] == [False, True, True] * 2
    assert [("getal" in (c.get("class") or [])) for c in tables[1].select("thead th")] == [
        False,
        True,
        True,
    ]
    # the citation link stays a link
    assert main.find("a", href="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED")


def test_page_is_dutch_offline_and_titled(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "nl"
    assert soup.title.get_text() == "Monitor 2025"
    assert soup.find("p", class_="ondertitel").get_text() == "Groningen en Drenthe"
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in csp["content"]
    assert soup.find("link") is None
    style = soup.find("style").get_text()
    assert "@media print" in style
    assert "http" not in style
    assert page.startswith("<!DOCTYPE html>")


def test_table_of_contents_lists_h2_and_h3_with_unique_targets(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    toc = soup.find("nav", class_="toc")
    links = [(a["href"], a.get_text()) for a in toc.find_all("a")]
    assert links == [
        ("#kinderen-in-armoede", "Kinderen in armoede"),
        ("#per-gemeente", "Per gemeente"),
        ("#bronnen-en-definities", "Bronnen en definities"),
        ("#per-gemeente-2", "Per gemeente"),
    ]
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for href, _ in links:
        assert soup.find(id=href[1:]).name in {"h2", "h3"}
    # h3 entries are nested under their h2
    assert [len(li.find_all("li")) for li in toc.find("ol").find_all("li", recursive=False)] == [
        1,
        1,
    ]
    # only the first h2 is printed without a page break before it
    assert [h.get("class") for h in soup.find_all("h2")] == [["zonder-paginabreuk"], None]
    assert publish.TOC_PLACEHOLDER not in page
    assert soup.find("div", class_="pagina")["class"] == ["pagina", "met-inhoud"]


def test_page_without_headings_has_no_toc() -> None:
    html = _export(_nb(new_markdown_cell("Alleen tekst.")))
    assert 'class="toc"' not in html
    assert 'class="pagina met-inhoud"' not in html
    assert 'class="pagina"' in html
    assert publish.TOC_PLACEHOLDER not in html
    assert publish.check_html(html) == []


def test_banner_is_at_the_top_and_escaped(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    banner = soup.find(class_="banner")
    assert DEMO_BANNER in banner.get_text()
    assert banner.find_next("h1").get_text() == "Monitor 2025"
    assert soup.find("body").find(class_="banner") is soup.select(".kop .banner")[0]
    plain = _export(_nb(new_markdown_cell("## Kop")))
    assert 'class="banner"' not in plain
    tricky = _export(_nb(new_markdown_cell("x")), banners=["<b>voorbeelddata</b> & meer", " "])
    soup = BeautifulSoup(tricky, "html.parser")
    assert [b.get_text() for b in soup.select(".banner")] == ["!<b>voorbeelddata</b> & meer"]
    assert soup.select(".banner b") == []


def test_nav_links_are_rendered_and_escaped(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.select("nav.paginalinks a")] == [
        ("Terug naar het overzicht", "index.html")
    ]
    html = _export(_nb(new_markdown_cell("x")), nav_links=[('"><script>', "a.html?x=1&y=2")])
    assert "<script>" not in html
    assert publish.check_html(html) == []


def test_title_is_required() -> None:
    with pytest.raises(ValueError, match="titel"):
        publish.export_html(_nb(new_markdown_cell("x")), title="  ")


def test_output_types_markdown_svg_and_plain_text() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    nb = _nb(
        new_code_cell(
            "x",
            outputs=[
                new_output("display_data", data={"text/markdown": "**vet** en _schuin_"}),
                new_output("display_data", data={"image/svg+xml": svg, "text/plain": "svg"}),
                new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
                new_output("display_data", data={"application/javascript": "alert(1)"}),
            ],
            execution_count=1,
        )
    )
    html = _export(nb)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("strong").get_text() == "vet"
    imgs = soup.find_all("img")
    assert len(imgs) == 1
    assert imgs[0]["src"].startswith("data:image/svg+xml;base64,")
    assert "42" not in soup.find("main").get_text()
    assert "alert" not in html
    assert publish.check_html(html) == []


def test_raw_html_cell_is_kept() -> None:
    nb = _nb(nbformat.v4.new_raw_cell("<p>RUW-HTML</p>", metadata={"raw_mimetype": "text/html"}))
    assert "<p>RUW-HTML</p>" in _export(nb)


# --- errors never reach a page ---------------------------------------------------------------


def test_error_output_makes_export_fail(sample: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(sample)
    nb.cells[4].outputs.append(
        new_output(
            "error",
            ename="KeyError",
            evalue="'GM0014'",
            traceback=["\x1b[0;31mKeyError\x1b[0m Traceback (most recent call last)", "..."],
        )
    )
    with pytest.raises(publish.PublishError) as info:
        publish.export_html(nb, title="Fout")
    message = str(info.value)
    assert "cel 5" in message
    assert "KeyError: 'GM0014'" in message
    assert "Traceback" not in message
    assert "\x1b" not in message


def test_error_in_hidden_cell_also_fails() -> None:
    cell = new_code_cell("x", metadata={"tags": ["verberg"]})
    cell.outputs = [new_output("error", ename="ValueError", evalue="", traceback=[])]
    with pytest.raises(publish.PublishError, match="cel 1: ValueError"):
        _export(_nb(cell))


def test_papermill_error_marker_makes_export_fail() -> None:
    marker = new_markdown_cell(
        "<span>An Exception was encountered</span>",
        metadata={"tags": [publish.PAPERMILL_ERROR_TAG]},
    )
    with pytest.raises(publish.PublishError, match="afgebroken"):
        _export(_nb(new_markdown_cell("## A"), marker))


# --- determinism -----------------------------------------------------------------------------


def test_export_is_byte_identical(sample: nbformat.NotebookNode, page: str) -> None:
    again = publish.export_html(
        nbformat.read(FIXTURE, as_version=4),
        title="Monitor 2025",
        subtitle="Groningen en Drenthe",
        banners=[DEMO_BANNER],
        nav_links=[("Terug naar het overzicht", "index.html")],
    )
    assert again.encode() == page.encode()
    assert page.endswith("</html>\n")


def test_styler_uuids_are_made_stable() -> None:
    df = pd.DataFrame({"a": [1.5, 2.5]})

    def styled() -> str:
        return df.style.highlight_max(color="#eee").to_html()

    first, second = styled(), styled()
    assert first != second  # pandas draws a fresh random uuid each time
    pages = [
        _export(
            _nb(new_code_cell("s", outputs=[new_output("display_data", data={"text/html": h})]))
        )
        for h in (first, second)
    ]
    assert pages[0] == pages[1]
    assert "T_00001" in pages[0]


# --- the last gate ---------------------------------------------------------------------------


def test_check_html_accepts_the_sample(page: str) -> None:
    assert publish.check_html(page) == []


PLANTED = {
    "external script": ('<script src="https://cdn.example.org/require.js"></script>', "script"),
    "inline script": ("<script>var a = 1;</script>", "script"),
    "stylesheet": ('<link rel="stylesheet" href="https://fonts.example.org/a.css">', "stylesheet"),
    "local stylesheet": ('<link rel="stylesheet" href="style.css">', "stylesheet"),
    "external image": ('<img src="http://example.org/logo.png" alt="logo">', "externe bron"),
    "protocol-relative image": ('<img src="//example.org/x.png" alt="x">', "externe bron"),
    "relative image": ('<img src="figuren/x.png" alt="x">', "niet-ingebedde bron"),
    "iframe": ('<iframe src="https://example.org"></iframe>', "iframe"),
    "svg image": (
        '<svg><image href="https://example.org/x.png"/></svg>',
        "externe bron in <image href>",
    ),
    "css import": ("<style>@import url(https://example.org/a.css);</style>", "@import"),
    "css url": (
        '<div style="background: url(https://example.org/a.png)">x</div>',
        "externe bron in CSS",
    ),
    "event handler": ('<img src="data:image/png;base64,AA" alt="x" onload="go()">', "onload"),
    "javascript link": ('<a href="javascript:go()">klik</a>', "javascript:"),
    "traceback": ("<pre>Traceback (most recent call last):</pre>", "traceback"),
    "python error": ("<p>KeyError: 'GM0014'</p>", "Python-foutmelding"),
    "ename": ('<p>{"ename": "x"}</p>', "ename"),
    "error class": ('<div class="output_error">fout</div>', "foutuitvoer"),
    "stderr mime": ('<div data-mime-type="application/vnd.jupyter.stderr">w</div>', "stderr"),
    "code cell": ('<div class="jp-InputArea">x = 1</div>', "code-cel"),
    "prompt": ("<p>In [12]: x</p>", "codeprompt"),
    "tmp path": ("<p>Opgeslagen in /tmp/avk/rapport.html</p>", "absoluut bestandspad"),
    "home path": ('<a href="/home/analist/data.xlsx">data</a>', "absoluut bestandspad"),
    "work path": ("<p>bron: /work/main/data/raw</p>", "absoluut bestandspad"),
    "windows path": ("<p>C:\\Users\\analist\\data.xlsx</p>", "Windows"),
    "file url": ('<a href="file:///C:/data.xlsx">data</a>', "lokaal bestand"),
    "timestamp": ("<p>Gemaakt op 2025-03-01T10:00:00</p>", "tijdstempel"),
    "time of day": ("<p>Gemaakt om 14:03:22</p>", "tijdstempel"),
    "ansi": ("<p>\x1b[0;31mfout</p>", "ANSI"),
    "meta refresh": ('<meta http-equiv="refresh" content="0">', "refresh"),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_check_html_flags_planted_problem(page: str, name: str) -> None:
    snippet, expected = PLANTED[name]
    problems = publish.check_html(page.replace("</main>", snippet + "</main>", 1))
    assert problems, name
    assert any(expected in p for p in problems), problems


def test_check_html_flags_missing_lang(page: str) -> None:
    problems = publish.check_html(page.replace('lang="nl"', 'lang="en"', 1))
    assert problems == ['de pagina heeft geen <html lang="nl">']


def test_check_html_allows_citations_and_data_uris(page: str) -> None:
    extra = (
        '<p><a href="https://www.cbs.nl/nl-nl/onze-diensten/methoden">methode</a></p>'
        # base64 may contain "/tmp/" or "12:34:56"-like runs; data URIs are not inspected as text
        '<img alt="x" src="data:image/png;base64,AA+/tmp/BB+/home/x12:34:56">'
        "<p>Peildatum 2024-01-01, inkomen en/of vermogen.</p>"
    )
    assert publish.check_html(page.replace("</main>", extra + "</main>", 1)) == []


# --- merging chapters ------------------------------------------------------------------------


def _chapter(name: str) -> nbformat.NotebookNode:
    nb = _nb(
        new_code_cell("jaar = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("jaar = 2", metadata={"tags": ["injected-parameters"]}),
        new_markdown_cell(f"## {name}"),
        new_code_cell(
            "x",
            outputs=[new_output("display_data", data={"text/html": f"<p>{name}-uitvoer</p>"})],
        ),
    )
    nb.metadata["papermill"] = {"input_path": f"/tmp/{name}.ipynb"}
    return nb


def test_merge_notebooks_keeps_order_and_drops_parameters() -> None:
    merged = publish.merge_notebooks([_chapter("Een"), _chapter("Twee"), _chapter("Drie")])
    assert [c.source for c in merged.cells if c.cell_type == "markdown"] == [
        "## Een",
        "## Twee",
        "## Drie",
    ]
    assert len(merged.cells) == 6
    assert all(not (set(c.metadata.get("tags", [])) & publish.PARAMETER_TAGS) for c in merged.cells)
    assert "papermill" not in merged.metadata
    ids = [c.id for c in merged.cells]
    assert len(set(ids)) == len(ids)
    nbformat.validate(merged)
    html = _export(merged)
    assert html.index("Een-uitvoer") < html.index("Twee-uitvoer") < html.index("Drie-uitvoer")
    assert publish.check_html(html) == []


def test_merge_notebooks_does_not_change_its_input() -> None:
    chapter = _chapter("Een")
    before = json.dumps(chapter, sort_keys=True)
    publish.merge_notebooks([chapter, chapter])
    assert json.dumps(chapter, sort_keys=True) == before


def test_merge_notebooks_needs_notebooks() -> None:
    with pytest.raises(ValueError, match="geen notebooks"):
        publish.merge_notebooks([])


# --- the index page --------------------------------------------------------------------------


def _sections(
    factsheets: list[tuple[str, str]], groups: list | tuple = ()
) -> list[publish.IndexSection]:
    return [
        publish.IndexSection(
            "rapport", "Jaarrapport", [("Lees het jaarrapport", "rapport.html")], paragraph=True
        ),
        publish.IndexSection(
            "factsheets",
            "Factsheets per gemeente",
            factsheets,
            groups,
            "Er zijn dit jaar geen factsheets gemaakt.",
        ),
    ]


def test_write_index_links_report_and_all_factsheets(tmp_path: Path) -> None:
    factsheets = [(f"Gemeente {i}", f"factsheets/gm{i:04d}.html") for i in range(22)]
    factsheets.append(("Pekela & Oldambt <test>", "factsheets/a&b.html"))
    path = publish.write_index(
        tmp_path / "2025",
        title="Monitor generatiearmoede 2025",
        sections=_sections(factsheets),
        banners=["Let op: voorbeelddata"],
        intro_html="<p>Welkom bij de <em>monitor</em>.</p>",
    )
    assert path == tmp_path / "2025" / "index.html"
    page = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["rapport.html", *[href for _, href in factsheets]]
    assert soup.find_all("a")[-1].get_text() == "Pekela & Oldambt <test>"
    assert soup.html["lang"] == "nl"
    assert soup.find(class_="banner").get_text().endswith("Let op: voorbeelddata")
    assert soup.find("em").get_text() == "monitor"
    assert publish.check_html(page) == []
    assert page == publish.render_index(
        title="Monitor generatiearmoede 2025",
        sections=_sections(factsheets),
        banners=["Let op: voorbeelddata"],
        intro_html="<p>Welkom bij de <em>monitor</em>.</p>",
    )
    # the exact layout of the published overview page (its bytes must not drift)
    assert (
        "</div>\n"
        '<h2 id="rapport" class="zonder-paginabreuk">Jaarrapport</h2>\n'
        '<p><a href="rapport.html">Lees het jaarrapport</a></p>\n'
        '<h2 id="factsheets" class="zonder-paginabreuk">Factsheets per gemeente</h2>\n'
        '<ul class="factsheets">\n'
        '<li><a href="factsheets/gm0000.html">Gemeente 0</a></li>\n'
    ) in page
    assert (
        '<li><a href="factsheets/a&amp;b.html">Pekela &amp; Oldambt &lt;test&gt;</a></li>\n'
    ) in page
    assert page.endswith("</a></li>\n</ul>\n</main>\n</div>\n</body>\n</html>\n")


def test_write_index_without_factsheets_says_so(tmp_path: Path) -> None:
    path = publish.write_index(tmp_path, title="Monitor", sections=_sections([]))
    page = path.read_text(encoding="utf-8")
    assert (
        '<h2 id="factsheets" class="zonder-paginabreuk">Factsheets per gemeente</h2>\n'
        "<p>Er zijn dit jaar geen factsheets gemaakt.</p>\n</main>"
    ) in page
    assert 'class="banner"' not in page
    assert publish.check_html(page) == []


def test_template_ships_in_the_package() -> None:
    folder = publish.template_dir() / publish.TEMPLATE_NAME
    assert {p.name for p in folder.iterdir()} >= {"conf.json", "index.html.j2", "avk.css"}
    assert json.loads((folder / "conf.json").read_text())["base_template"] == "base"
    assert "http" not in publish.stylesheet()


def test_write_index_groups_factsheets_under_headings(tmp_path: Path) -> None:
    page = publish.write_index(
        tmp_path,
        title="Monitor",
        sections=_sections(
            [("Assen", "a.html"), ("Emmen", "e.html"), ("Pekela", "p.html")],
            [
                ("Provincie Groningen", [("Pekela", "p.html")]),
                ("Provincie Drenthe", [("Assen", "a.html"), ("Emmen", "e.html")]),
                ("Leeg", []),
            ],
        ),
    ).read_text(encoding="utf-8")
    assert (
        page.index("Provincie Groningen")
        < page.index("p.html")
        < page.index("Provincie Drenthe")
        < page.index("a.html")
    )
    assert "Leeg" not in page
    assert publish.check_html(page) == []
