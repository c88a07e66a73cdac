"""The real report notebooks, run end to end on the bundled data, checked as a reader sees them.

One run (report + one factsheet) is shared by the checks; a second forced run checks that the
same inputs give byte-identical HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from avk_analysis.report.publishing import publish
from avk_analysis.report.runner import run as runner
from avk_analysis.vocabulary import provenance
from tests.conftest import make_project
from tests.sources.programme.workbooks import plant_remarks

SECRET = "VERTROUWELIJK-7f3a-opmerking"
GEMEENTE = "GM0118"  # Hoogeveen: its reach is made tiny below, so it must be suppressed
# one worker runs this whole module, so its expensive module fixture runs once
pytestmark = pytest.mark.xdist_group("notebooks")

SECTIONS = ["Samenvatting", "Omvang", "Regionale verschillen", "Het programma", "Verantwoording"]


def _plant(book_path: Path) -> int:
    """Put a secret remark in every opmerking cell and give Hoogeveen a reach below 10."""
    book = openpyxl.load_workbook(book_path)
    plant_remarks(book, SECRET)
    reach = book["Jaarbereik"]  # unique reach per gemeente and year: what the pages show
    header = [c.value for c in reach[1]]
    col = {
        name: header.index(name) + 1
        for name in ("gemeente_code", "huishoudens", "personen", "kinderen")
    }
    if "huishoudens_laag_inkomen" in header:  # a part of the households reached
        col["huishoudens_laag_inkomen"] = header.index("huishoudens_laag_inkomen") + 1
    rows = [
        r
        for r in range(2, reach.max_row + 1)
        if reach.cell(r, col["gemeente_code"]).value == GEMEENTE
    ]
    for r in rows:
        for name, value in (("huishoudens", 1), ("personen", 2), ("kinderen", 1)):
            reach.cell(r, col[name], value=value)
        if (
            "huishoudens_laag_inkomen" in col
            and reach.cell(r, col["huishoudens_laag_inkomen"]).value
        ):
            reach.cell(r, col["huishoudens_laag_inkomen"], value=1)
    book.save(book_path)
    prov = provenance.read_provenance(book_path.parent)
    provenance.write_provenance(book_path.parent, prov)
    return len(rows)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as mp:
        root = make_project(tmp_path_factory.mktemp("nb") / "project")
        mp.setenv("AVK_ROOT", str(root))
        mp.setenv("AVK_OFFLINE", "1")
        # an edition with one factsheet (a run that chooses pages is otherwise a preview)
        mp.setattr(runner, "is_full", lambda *_args: True)
        folder = root / "data" / "raw" / "programma" / "voorbeeld"
        planted = sum(_plant(book) for book in sorted(folder.glob("*.xlsx")))
        assert planted, "the example workbooks should have reach in Hoogeveen"
        result = runner.run(jaar=2025, gemeente=GEMEENTE, workers=2, log=lambda _m: None)
        assert result.ok, [f.describe() for f in result.failures]
        pages = {p.name: p.read_text(encoding="utf-8") for p in result.outdir.glob("*.html")}
        yield root, result, pages


def test_pages_exist_and_index_links_them(published) -> None:
    _, _, pages = published
    assert set(pages) == {"index.html", "rapport.html", f"factsheet_{GEMEENTE}.html"}
    assert 'href="rapport.html"' in pages["index.html"]
    assert f'href="factsheet_{GEMEENTE}.html"' in pages["index.html"]


def test_report_has_its_sections_in_order(published) -> None:
    html = published[2]["rapport.html"]
    positions = [html.find(f">{s}") for s in SECTIONS]
    assert all(p > 0 for p in positions), dict(zip(SECTIONS, positions, strict=True))
    assert positions == sorted(positions)
    assert "Hoogeveen" in published[2][f"factsheet_{GEMEENTE}.html"]


def test_pages_pass_the_publishing_gate(published) -> None:
    for name, html in published[2].items():
        assert publish.check_html(html) == [], name
        assert "Traceback" not in html and "ctx = start" not in html, name
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html), name


def test_every_page_shows_demo_and_example_banners(published) -> None:
    for name, html in published[2].items():
        assert "demonstratiecijfers" in html, name
        assert "voorbeelddata" in html, name


def test_free_text_remarks_never_leave_the_loader(published) -> None:
    root, _, pages = published
    for name, html in pages.items():
        assert SECRET not in html, name
    table = pd.read_parquet(root / "data" / "processed" / "indicatoren.parquet")
    assert not table.astype(str).apply(lambda c: c.str.contains(SECRET)).any().any()


def test_suppressed_reach_is_never_shown_as_a_number(published) -> None:
    html = published[2]["rapport.html"]
    rows = re.findall(r"<tr[^>]*>\s*<t[dh][^>]*>Hoogeveen</t[dh]>(.*?)</tr>", html, re.S)
    reach_rows = [r for r in rows if "&lt;10" in r or "onderdrukt" in r]
    assert reach_rows, "rapport.html: Hoogeveen's reach row should be suppressed"
    for r in reach_rows:
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        assert not [c for c in cells if re.fullmatch(r"[1-9]", c)], cells  # no count below 10
    factsheet = published[2][f"factsheet_{GEMEENTE}.html"]
    programme = factsheet[factsheet.find("Het programma in Hoogeveen") :]
    assert "&lt;10" in programme  # the factsheet's reach is suppressed too
    assert "bereikte er in 2025 minder dan 10 " in programme  # in words, never a small number
    assert not re.search(r"bereikte er in 2025 [0-9]", programme)


def test_same_inputs_give_byte_identical_html(published, monkeypatch) -> None:
    root, _first, pages = published
    monkeypatch.setenv("AVK_ROOT", str(root))
    monkeypatch.setattr(runner, "is_full", lambda *_args: True)  # the same one-factsheet edition
    again = runner.run(jaar=2025, gemeente=GEMEENTE, workers=2, force=True, log=lambda _m: None)
    assert again.ok
    for name, html in pages.items():
        assert (again.outdir / name).read_text(encoding="utf-8") == html, name


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium ontbreekt")
def test_real_report_renders_in_chromium(published, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.report.publishing.test_browser import CHROMIUM, LAUNCH_ARGS, Watch, _keep

    _, result, _ = published
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for name in ("rapport.html", f"factsheet_{GEMEENTE}.html", "index.html"):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            watch = Watch(page)
            page.goto((result.outdir / name).as_uri(), wait_until="load")
            images = page.evaluate("document.images.length")
            broken = page.evaluate(
                "Array.from(document.images).filter(i => !i.complete || !i.naturalWidth).length"
            )
            shot = tmp_path / f"echt-{Path(name).stem}.png"
            page.screenshot(path=str(shot), full_page=True)
            page.close()
            assert watch.console == [] and watch.failed == [] and watch.outside == [], name
            assert broken == 0, name
            if name != "index.html":
                assert images >= 1, name  # charts (and maps) are there
            assert shot.stat().st_size > 50_000
            _keep(shot)
        browser.close()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium ontbreekt")
def test_real_pages_hide_no_figure_on_a_phone_a_desktop_or_paper(published) -> None:
    """Every table cell and caption of the real pages is on screen (390 and 1280 px) and on A4."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.report.publishing.test_browser import CHROMIUM, LAUNCH_ARGS, hidden_figures

    _, result, _ = published
    found = {}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for name in ("rapport.html", f"factsheet_{GEMEENTE}.html", "index.html"):
            for width, media in ((390, "screen"), (1280, "screen"), (688, "print")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto((result.outdir / name).as_uri(), wait_until="load")
                page.emulate_media(media=media)
                found[f"{name} {width} {media}"] = hidden_figures(page)
                page.close()
        browser.close()
    assert {k: v for k, v in found.items() if v} == {}


def _pdf_pages(path: Path) -> int:
    """Return the number of pages of a PDF that Chromium printed (one page object each)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


def test_factsheet_prints_on_two_pages_and_the_report_has_a_contents_page(published) -> None:
    _, result, _ = published
    sheet = result.outdir / f"factsheet_{GEMEENTE}.pdf"
    if not sheet.exists():
        pytest.skip("geen PDF's gemaakt (Chromium of playwright ontbreekt)")
    assert _pdf_pages(sheet) <= 2
    assert _pdf_pages(result.outdir / "rapport.pdf") >= 2
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.report.publishing.test_browser import CHROMIUM, LAUNCH_ARGS

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page()
        shown = {}
        for name in ("rapport.html", sheet.with_suffix(".html").name):
            page.goto((result.outdir / name).as_uri(), wait_until="load")
            page.emulate_media(media="print")
            shown[name] = page.evaluate(
                "(() => { const t = document.querySelector('nav.toc');"
                " const s = t && getComputedStyle(t);"
                " return s ? [s.display !== 'none', s.breakAfter] : null; })()"
            )
        browser.close()
    # the report prints its contents on a page of their own; the two-page factsheet does not
    assert shown["rapport.html"] == [True, "page"]
    assert shown[sheet.with_suffix(".html").name][0] is False


def test_exploration_notebook_runs_and_makes_a_map(published, monkeypatch, tmp_path: Path) -> None:
    import papermill

    root, _, _ = published
    monkeypatch.setenv("AVK_ROOT", str(root))
    out = tmp_path / "verkenning.ipynb"
    nb = papermill.execute_notebook(
        str(root / "notebooks" / "verkenning.ipynb"),
        str(out),
        kernel_name="python3",
        cwd=str(root / "notebooks"),
        progress_bar=False,
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the map


def test_one_fact_one_value_across_the_pages_and_the_edition_csv(published) -> None:
    """Every keyed figure, chart figure and date agrees with cijfers_2025.csv and between pages."""
    from avk_analysis.report.publishing import consistency

    _root, result, _pages = published
    problems, checked = consistency.check_edition(result.outdir, 2025)
    assert problems == [], problems[:10]
    assert checked > 1000  # the checks found the pages' figures, not an empty page
    edition = consistency.read_csv(result.outdir / "cijfers_2025.csv")
    for code in (
        "hh_laag_inkomen_pct",  # key figures
        "kwb_hh_tot_110_sm_pct",  # the sociaal-minimum lines
        "bijstand_per_1000",  # context measures the monitor computes
        "hh_laag_inkomen_pct_eenouder",  # who has a low income
        "kinderen_laag_inkomen_pct_verandering",  # what changed
        "programma.bereik_per_gemeente.huishoudens",  # the programme's tables
    ):
        assert code in set(edition["indicator"]), code
    assert (edition["tabel"] != "").all() or edition.loc[edition["tabel"] == "", "bron"].ne(
        "CBS"
    ).all()
    assert not edition["waarde"].str.contains(r",\d{4,}").any()  # no false precision
    suppressed = edition.loc[edition["indicator"].str.startswith("programma.bereik_per_gemeente")]
    assert "<10" in set(suppressed["teken"]) and "x" not in set(edition["teken"])
