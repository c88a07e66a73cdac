"""An exported page in a real headless Chromium: no console errors, no network, a real picture.

Uses Debian's ``/usr/bin/chromium`` through the Python ``playwright`` package (no browser
download). Set ``AVK_SCREENSHOT_DIR`` to keep the screenshots (relative paths are taken from the
project root, e.g. ``reports/screenshots``).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from avk_analysis.report.publishing import publish
from avk_analysis.vocabulary import paths

CHROMIUM = Path("/usr/bin/chromium")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "sample_executed.ipynb.json"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium ontbreekt (/usr/bin/chromium; Debian-pakket 'chromium')",
    ),
]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Python-pakket playwright is niet geïnstalleerd"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    page = publish.export_html(
        nbformat.read(FIXTURE, as_version=4),
        title="Monitor generatiearmoede 2025",
        subtitle="Groningen en Drenthe",
        banners=["Let op: deze pagina toont demonstratiecijfers (geen echte CBS-cijfers)"],
        nav_links=[("Terug naar het overzicht", "index.html")],
    )
    (folder / "rapport.html").write_text(page, encoding="utf-8")
    publish.write_index(
        folder,
        title="Monitor generatiearmoede 2025",
        sections=[
            publish.IndexSection(
                "rapport", "Jaarrapport", [("Lees het jaarrapport", "rapport.html")], paragraph=True
            ),
            publish.IndexSection(
                "factsheets", "Factsheets", [("Assen", "rapport.html"), ("Emmen", "rapport.html")]
            ),
        ],
        banners=["Let op: voorbeelddata"],
    )
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, timeout=60_000
        )
        yield chromium
        chromium.close()


class Watch:
    """Records console messages, page errors and every request leaving the file."""

    def __init__(self, page: object) -> None:
        self.console: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG")
    return struct.unpack(">II", data[16:24])


def _keep(shot: Path) -> None:
    target = os.environ.get("AVK_SCREENSHOT_DIR")
    if target:
        folder = Path(target) if Path(target).is_absolute() else paths.project_root() / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, folder / shot.name)


@pytest.mark.parametrize("name", ["rapport.html", "index.html"])
def test_page_opens_offline_without_errors(
    browser: object, site: Path, tmp_path: Path, name: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto((site / name).as_uri(), wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "nl"
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length"
    )
    assert broken == 0
    # the text column uses the width it has (it is not squeezed into the sidebar column)
    assert page.evaluate("document.querySelector('main').getBoundingClientRect().width") > 600
    shot = tmp_path / f"{Path(name).stem}-desktop.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert watch.console == []
    assert watch.failed == []
    assert watch.outside == []
    assert shot.stat().st_size > 20_000
    width, height = _png_size(shot)
    assert width == 1280
    assert height > 600
    _keep(shot)


def test_report_layout_on_phone_and_in_print(browser: object, site: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    watch = Watch(page)
    page.goto((site / "rapport.html").as_uri(), wait_until="load")
    # responsive: nothing sticks out sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.is_visible(".banner")
    assert page.is_visible("nav.toc")
    shot = tmp_path / "rapport-telefoon.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    _keep(shot)
    page.emulate_media(media="print")
    assert page.is_hidden("nav.toc")
    assert page.is_visible(".banner")
    breaks = page.evaluate(
        "Array.from(document.querySelectorAll('main h2')).map(h => getComputedStyle(h).breakBefore)"
    )
    assert breaks == ["auto", "page"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
    assert watch.console == []
    assert watch.outside == []


@pytest.mark.parametrize("keep_csp", [True, False])
def test_planted_external_resource_is_noticed(
    browser: object, site: Path, tmp_path: Path, keep_csp: bool
) -> None:
    """The watch itself works: with the page's CSP the load is blocked, without it it is seen."""
    bad = (site / "rapport.html").read_text(encoding="utf-8")
    if not keep_csp:
        bad, count = re.subn(r"<meta [^>]*Content-Security-Policy[^>]*>", "", bad)
        assert count == 1
    url = "http://example.invalid/x.png"  # never leaves the machine: the route aborts it
    bad = bad.replace("</main>", f'<img src="{url}" alt="x"></main>', 1)
    path = tmp_path / "slecht.html"
    path.write_text(bad, encoding="utf-8")
    page = browser.new_page()
    watch = Watch(page)
    page.goto(path.as_uri(), wait_until="load")
    page.close()
    assert watch.failed == [url]
    if keep_csp:
        assert watch.outside == []
        assert any("Content Security Policy" in m for m in watch.console)
    else:
        assert watch.outside == [url]
    assert any("externe bron in <img src>" in p for p in publish.check_html(bad))


# --- accessibility (axe-core) ----------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(browser: object, path: Path, width: int = 1280) -> list[str]:
    """Return the serious and critical WCAG 2.1 A/AA violations axe-core finds on a page."""
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="Python-pakket axe-playwright-python is niet geïnstalleerd",
    )
    # bypass_csp: the page's CSP (rightly) forbids the injected axe script
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    Watch(page)
    page.goto(path.as_uri(), wait_until="load")
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}x, "
        f"bv. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


@pytest.mark.parametrize("name", ["rapport.html", "index.html"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_wcag_violations(
    browser: object, site: Path, name: str, width: int
) -> None:
    assert axe_violations(browser, site / name, width) == []


def test_axe_check_catches_a_planted_violation(browser: object, site: Path, tmp_path: Path) -> None:
    """The check can fail: an image without alt text and a low-contrast text are reported."""
    bad = (site / "rapport.html").read_text(encoding="utf-8")
    bad = bad.replace(
        "</main>",
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#eeeeee;background:#ffffff">bijna onzichtbaar</p></main>',
        1,
    )
    path = tmp_path / "slecht.html"
    path.write_text(bad, encoding="utf-8")
    found = " ".join(axe_violations(browser, path))
    assert "image-alt" in found and "color-contrast" in found


# Tables that hide no figure: every cell inside the viewport (or the printed page), no box that
# scrolls sideways. A visually hidden element (the stacked table's header, 1 px) does not count.
HIDDEN_FIGURES_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  document.querySelectorAll('main table').forEach((t, i) => {
    const box = t.parentElement.getBoundingClientRect();
    t.querySelectorAll('td, caption').forEach(c => {
      const r = c.getBoundingClientRect();
      if (r.width > 0 && (r.right > vw + 1 || r.right > box.right + 1 || r.left < -1))
        out.push(`tabel ${i}: ${c.tagName} '${c.textContent.slice(0, 30)}' rechts ${r.right}`);
    });
  });
  document.querySelectorAll('main *').forEach(e => {
    if (e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
        && ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX))
      out.push(`${e.tagName}.${e.className} schuift opzij: ${e.scrollWidth} > ${e.clientWidth}`);
  });
  if (document.documentElement.scrollWidth > vw + 1) out.push('de pagina schuift opzij');
  return out;
}"""


def hidden_figures(page: object) -> list[str]:
    """Return every table cell or caption a reader cannot see without scrolling sideways."""
    return page.evaluate(HIDDEN_FIGURES_JS)


def _wide_table_page(tmp_path: Path) -> Path:
    import pandas as pd

    from avk_analysis.presentation import charts

    wide = pd.DataFrame(
        {f"Kolom met een lange naam {i}": [12345.6, 7.5] for i in range(12)}
        | {"Richting": ["ongeveer gelijk", "gedaald"]}
    )
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    caption = "Brede tabel met een lang bijschrift dat op een telefoon nooit mag worden afgesneden"
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": charts.table_html(wide, caption).data}
        )
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("## Kop"), cell]
    path = tmp_path / "breed.html"
    path.write_text(publish.export_html(nb, title="Breed", banners=["Let op"]), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_a_wide_table_shows_every_figure_without_sideways_scrolling(
    browser: object, tmp_path: Path, width: int
) -> None:
    """On a phone a wide table stacks its rows; on a desktop it fits; nothing scrolls sideways."""
    path = _wide_table_page(tmp_path)
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(path.as_uri(), wait_until="load")
    assert hidden_figures(page) == []
    assert page.is_visible("text=Richting") or width >= 1280  # the label of the last column
    assert page.is_visible("text=gedaald")
    page.close()


def test_a_wide_table_fits_the_printed_page(browser: object, tmp_path: Path) -> None:
    path = _wide_table_page(tmp_path)
    page = browser.new_page(viewport={"width": 688, "height": 1000})  # A4 less its margins
    page.goto(path.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    assert hidden_figures(page) == []
    page.close()


def test_the_hidden_figures_check_can_fail(browser: object, tmp_path: Path) -> None:
    """The check sees a table that sticks out of its box (the old layout: a scrolling box)."""
    path = _wide_table_page(tmp_path)
    old = path.read_text(encoding="utf-8").replace(
        "</style>", "table.avk-tabel{display:table!important;white-space:nowrap}</style>", 1
    )
    path.write_text(old, encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(path.as_uri(), wait_until="load")
    found = hidden_figures(page)
    page.close()
    assert any("schuift opzij" in f for f in found) or any("rechts" in f for f in found)
