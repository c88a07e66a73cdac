"""Publishing layer: executed notebooks to self-contained, offline HTML pages for the partners.

A report page shows text, tables and figures only: no code, no prompts, no parameter cells, no
stream output and never a traceback. Everything is inline (CSS in a ``<style>`` element, images as
``data:`` URIs), there is no JavaScript, and the same notebook always gives byte-identical HTML.
``check_html`` is the last gate before a page is published.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import nbformat
from bs4 import BeautifulSoup, Tag
from nbconvert import HTMLExporter
from nbformat import NotebookNode
from traitlets.config import Config

from avk_analysis.vocabulary import paths

TEMPLATE_NAME = "avk"
# Cells that never appear on a report page (papermill's parameter cells and analyst choices).
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove", "verberg"})
PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
TOC_LEVELS = ("h2", "h3")
TOC_PLACEHOLDER = "<!-- avk:inhoudsopgave -->"
_NBCONVERT_MISSING_ALT = "No description has been provided for this image"

# Numbers as they appear in tables: "12.345", "12,3", "12,3 %", "-4", "1 234.5".
_NUMBER_RE = re.compile(r"^[-−+]?(\d{1,3}([.,\s\u00a0\u202f]\d{3})+|\d+)([.,]\d+)?(\s?%)?\s?[?*]?$")
_CBS_SYMBOLS = frozenset({".", "x", "-", "?", "geen gegevens"})
# pandas Styler writes random 5-hex-digit uuids into ids and CSS selectors ("T_8f3a2_row0_col1").
_STYLER_UUID_RE = re.compile(r"(?<![\w-])T_([0-9a-f]{5})(?![0-9a-zA-Z])")


class PublishError(Exception):
    """A notebook cannot be published (for example: it holds an error output)."""


def template_dir() -> Path:
    """Return the directory that holds the ``avk`` nbconvert template."""
    return paths.package_dir() / "report" / "publishing" / "templates"


def stylesheet() -> str:
    """Return the house stylesheet that every page inlines."""
    return (template_dir() / TEMPLATE_NAME / "avk.css").read_text(encoding="utf-8")


def _tags(cell: NotebookNode) -> set[str]:
    """Return the tags of a cell."""
    return set(cell.get("metadata", {}).get("tags", []) or [])


def _check_no_errors(nb: NotebookNode) -> None:
    """Raise PublishError when any cell holds an error output or papermill's error marker."""
    found: list[str] = []
    for number, cell in enumerate(nb.cells, start=1):
        if PAPERMILL_ERROR_TAG in _tags(cell):
            found.append(f"cel {number}: papermill meldt dat de uitvoering is afgebroken")
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") == "error":
                ename = output.get("ename", "fout")
                evalue = str(output.get("evalue", "")).strip().splitlines()
                detail = f"{ename}: {evalue[0]}" if evalue else ename
                found.append(f"cel {number}: {detail}")
    if found:
        msg = (
            "Dit notebook bevat een foutmelding en wordt niet als rapport gepubliceerd "
            "(een rapport toont nooit een traceback). Los de fout op en voer het notebook "
            "opnieuw uit. Gevonden: " + "; ".join(found)
        )
        raise PublishError(msg)


def _publishable(nb: NotebookNode) -> NotebookNode:
    """Return a copy of ``nb`` without hidden cells."""
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if not (_tags(cell) & HIDDEN_TAGS)]
    return out


@functools.cache
def _exporter() -> HTMLExporter:
    """Return the HTMLExporter for the ``avk`` template (one per process: compiling it is slow)."""
    config = Config(
        {
            "NbConvertBase": {
                "display_data_priority": [
                    "text/html",
                    "image/svg+xml",
                    "image/png",
                    "image/jpeg",
                    "text/markdown",
                    "text/plain",
                    "text/latex",
                    "application/javascript",
                    "application/vnd.jupyter.widget-view+json",
                ]
            }
        }
    )
    return HTMLExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(template_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=False,
        language_code="nl",
    )


def export_html(
    nb: NotebookNode,
    *,
    title: str,
    banners: Sequence[str] = (),
    subtitle: str = "",
    nav_links: Sequence[tuple[str, str]] = (),
) -> str:
    """Render an executed notebook as one self-contained, deterministic Dutch HTML page."""
    if not title.strip():
        raise ValueError("Een rapportpagina heeft een titel nodig.")
    _check_no_errors(nb)
    clean = _publishable(nb)
    exporter = _exporter()
    resources = {
        "avk": {
            "title": title,
            "subtitle": subtitle,
            "banners": [str(b) for b in banners if str(b).strip()],
            "nav_links": [(str(label), str(href)) for label, href in nav_links],
        },
        "metadata": {"name": "", "path": ""},
    }
    body, _ = exporter.from_notebook_node(clean, resources=resources)
    return _postprocess(body)


def _slug(text: str) -> str:
    """Return a lowercase ASCII anchor for a heading text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "sectie"


def _number_classes(table: Tag) -> None:
    """Mark numeric cells (and headers of wholly numeric columns) with class ``getal``."""

    def add_class(cell: Tag) -> None:
        classes = list(cell.get("class") or [])
        if "getal" not in classes:
            cell["class"] = [*classes, "getal"]

    body_rows = [tr for tr in table.find_all("tr") if tr.find_parent("thead") is None]
    spanned = any(c.get("colspan") or c.get("rowspan") for c in table.find_all(["td", "th"]))
    columns: dict[int, list[bool]] = {}
    for tr in body_rows:
        for j, cell in enumerate(tr.find_all(["td", "th"], recursive=False)):
            text = cell.get_text(" ", strip=True)
            if _NUMBER_RE.match(text):
                if cell.name == "td":
                    add_class(cell)
                columns.setdefault(j, []).append(True)
            elif text and text not in _CBS_SYMBOLS:
                columns.setdefault(j, []).append(False)
    if spanned:
        return
    numeric = {j for j, flags in columns.items() if flags and all(flags)}
    for tr in body_rows:
        for j, cell in enumerate(tr.find_all(["td", "th"], recursive=False)):
            if j in numeric and cell.name == "td":
                add_class(cell)
    head = table.find("thead")
    if head is not None:
        rows = head.find_all("tr")
        if rows:
            for j, cell in enumerate(rows[-1].find_all(["td", "th"], recursive=False)):
                if j in numeric:
                    add_class(cell)


def _toc_html(entries: list[tuple[str, str, str]]) -> str:
    """Return the table-of-contents navigation for (level, id, text) entries."""
    if not entries:
        return ""
    parts = [
        '<nav class="toc" aria-label="Inhoudsopgave">',
        '<p class="toc-titel">Inhoud</p>',
        "<ol>",
    ]
    open_sub = False
    open_item = False
    for level, anchor, text in entries:
        link = f'<a href="#{html.escape(anchor)}">{html.escape(text)}</a>'
        if level == TOC_LEVELS[0]:
            if open_sub:
                parts.append("</ol>")
                open_sub = False
            if open_item:
                parts.append("</li>")
            parts.append(f"<li>{link}")
            open_item = True
        else:
            if not open_item:
                parts.append("<li>")
                open_item = True
            if not open_sub:
                parts.append("<ol>")
                open_sub = True
            parts.append(f"<li>{link}</li>")
    if open_sub:
        parts.append("</ol>")
    if open_item:
        parts.append("</li>")
    parts.extend(["</ol>", "</nav>"])
    return "\n".join(parts)


def _postprocess(body: str) -> str:
    """Give headings stable ids, build the table of contents and remove random ids."""
    uuids: dict[str, str] = {}

    def stable_uuid(match: re.Match[str]) -> str:
        key = match.group(1)
        uuids.setdefault(key, f"{len(uuids) + 1:05d}")
        return f"T_{uuids[key]}"

    body = _STYLER_UUID_RE.sub(stable_uuid, body)
    soup = BeautifulSoup(body, features="html.parser")
    main = soup.find("main")
    if main is None:
        raise PublishError("De rapportsjabloon leverde geen <main>-element op.")

    used: set[str] = set()
    for el in soup.find_all(id=True):
        if el.name not in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            used.add(str(el["id"]))
    entries: list[tuple[str, str, str]] = []
    first_h2 = True
    for heading in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        text = heading.get_text(" ", strip=True)
        base = str(heading.get("id") or "") or _slug(text)
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        heading["id"] = anchor
        if heading.name == "h2" and first_h2:
            heading["class"] = [*list(heading.get("class") or []), "zonder-paginabreuk"]
            first_h2 = False
        if heading.name in TOC_LEVELS and text:
            entries.append((heading.name, anchor, text))

    for img in soup.find_all("img"):
        if img.get("alt") == _NBCONVERT_MISSING_ALT:
            img["alt"] = "Afbeelding zonder beschrijving"
    for table in main.find_all("table"):
        _number_classes(table)

    wrapper = soup.find("div", class_="pagina")
    if entries and wrapper is not None:
        wrapper["class"] = [*list(wrapper.get("class") or []), "met-inhoud"]
    out = str(soup)
    out = out.replace(TOC_PLACEHOLDER, _toc_html(entries), 1)
    return out.rstrip("\n") + "\n"


def merge_notebooks(nbs: list[NotebookNode]) -> NotebookNode:
    """Concatenate executed chapter notebooks in order, leaving out the parameter cells."""
    if not nbs:
        raise ValueError("Er zijn geen notebooks om samen te voegen.")
    merged = nbformat.v4.new_notebook()
    metadata = copy.deepcopy(dict(nbs[0].get("metadata", {})))
    metadata.pop("papermill", None)
    merged.metadata = nbformat.from_dict(metadata)
    cells = []
    for nb in nbs:
        for cell in nb.cells:
            if _tags(cell) & PARAMETER_TAGS:
                continue
            new = copy.deepcopy(cell)
            new.get("metadata", {}).pop("papermill", None)
            new.get("metadata", {}).pop("execution", None)
            cells.append(new)
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"cel-{number:04d}"
    merged.cells = cells
    return merged


_INDEX_TEMPLATE = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(
    """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; \
style-src 'unsafe-inline'; font-src data:">
<title>{{ title }}</title>
<style type="text/css">
{{ css }}</style>
</head>
<body>
<header class="kop">
{%- if banners %}
<div class="banners" role="note" aria-label="Let op">
{%- for text in banners %}
<p class="banner"><span class="banner-teken" aria-hidden="true">!</span>{{ text }}</p>
{%- endfor %}
</div>
{%- endif %}
<h1>{{ title }}</h1>
</header>
<div class="pagina">
<main id="inhoud">
{%- if intro_html %}
<div class="tekst">
{{ intro_html }}
</div>
{%- endif %}
{%- for section in sections %}
<h2 id="{{ section.anchor }}" class="zonder-paginabreuk">{{ section.heading }}</h2>
{%- if section.paragraph %}
{%- for label, href in section.links %}
<p><a href="{{ href }}">{{ label }}</a></p>
{%- endfor %}
{%- elif section.groups %}
{%- for group, items in section.groups %}
<h3 class="zonder-paginabreuk">{{ group }}</h3>
<ul class="factsheets">
{%- for label, href in items %}
<li><a href="{{ href }}">{{ label }}</a></li>
{%- endfor %}
</ul>
{%- endfor %}
{%- elif section.links %}
<ul class="factsheets">
{%- for label, href in section.links %}
<li><a href="{{ href }}">{{ label }}</a></li>
{%- endfor %}
</ul>
{%- elif section.empty %}
<p>{{ section.empty }}</p>
{%- endif %}
{%- endfor %}
</main>
</div>
</body>
</html>
"""
)


@dataclass(frozen=True)
class IndexSection:
    """One section of the overview page: a heading and its links (maybe under group headings).

    ``paragraph`` shows the links as paragraphs (the yearly report) instead of a list;
    ``groups`` (heading, [(label, href)]) lists them under headings, e.g. per province (empty
    groups are left out); ``empty`` is said when there are no links at all.
    """

    anchor: str
    heading: str
    links: Sequence[tuple[str, str]] = ()
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]] = ()
    empty: str = ""
    paragraph: bool = False


def render_index(
    *,
    title: str,
    sections: Sequence[IndexSection],
    banners: Sequence[str] = (),
    intro_html: str = "",
) -> str:
    """Return the HTML of the overview page that links the report and every page family."""
    shown = [
        IndexSection(
            anchor=s.anchor,
            heading=s.heading,
            links=[(str(label), str(href)) for label, href in s.links],
            groups=[(g, list(items)) for g, items in s.groups if items],
            empty=s.empty,
            paragraph=s.paragraph,
        )
        for s in sections
    ]
    return _INDEX_TEMPLATE.render(
        sections=shown,
        title=title,
        css=jinja2.utils.markupsafe.Markup(stylesheet()),
        banners=[b for b in banners if str(b).strip()],
        intro_html=jinja2.utils.markupsafe.Markup(intro_html),
    )


def write_index(
    directory: Path | str,
    *,
    title: str,
    sections: Sequence[IndexSection],
    banners: Sequence[str] = (),
    intro_html: str = "",
    name: str = "index.html",
) -> Path:
    """Write the overview page ``name`` in ``directory`` linking every section's pages."""
    target = Path(directory) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page = render_index(title=title, sections=sections, banners=banners, intro_html=intro_html)
    target.write_text(page, encoding="utf-8", newline="\n")
    return target


# --- last gate before publishing -------------------------------------------------------------

# Attributes through which an element loads a resource.
_RESOURCE_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "base": ("href",),
}
_EMBEDDED_FRAMES = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet"})
_DATA_URI_RE = re.compile(r"data:[\w/+.-]+(?:;[\w=.+-]+)*,[^\"'\s)<>]*", re.IGNORECASE)
_EXTERNAL_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CSS_URL_RE = re.compile(r"url\(\s*['\"]?\s*(?!data:|#)([^'\")\s]*)", re.IGNORECASE)
_CODE_CLASS_RE = re.compile(r"input|prompt|highlight|codecell|code_cell|cm-", re.IGNORECASE)
_ERROR_CLASS_RE = re.compile(r"error|traceback|stderr|ansi-", re.IGNORECASE)
_TEXT_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:In|Out)\s?\[[\d\s*]*\]"), "codeprompt in de tekst"),
    (re.compile(r"Traceback"), "traceback in de tekst"),
    (re.compile(r"\b(?:ename|evalue)\b"), "foutuitvoer van Jupyter (ename/evalue) in de tekst"),
    (re.compile(r"\b[A-Z]\w*(?:Error|Exception):"), "Python-foutmelding in de tekst"),
    (re.compile(r"\x1b\[|\[0;3\dm"), "terminal-kleurcodes (ANSI) in de tekst"),
)
_RAW_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?<![\w.:/~-])/(?:tmp|home|work|root|Users|var|mnt|opt|srv|private|usr|etc|media)/"
            r"[^\s\"'<>]*"
        ),
        "absoluut bestandspad",
    ),
    (re.compile(r"\b[A-Za-z]:\\\\?[A-Za-z][^\s\"'<>]*"), "absoluut Windows-bestandspad"),
    (re.compile(r"file:/[^\s\"'<>]*", re.IGNORECASE), "verwijzing naar een lokaal bestand"),
    (
        re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?[^\s\"'<>]*"),
        "tijdstempel",
    ),
    (re.compile(r"(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])"), "tijdstempel"),
)


class _Inspector(HTMLParser):
    """Walks an HTML page and collects publishing problems."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self.lang: str | None = None
        self._in_style = 0
        self._in_script = 0

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "script":
            self._in_script += 1
            self.add("<script>-element gevonden (een rapportpagina bevat geen JavaScript)")
        if tag == "style":
            self._in_style += 1
        if tag in _EMBEDDED_FRAMES:
            self.add(f"ingebed venster <{tag}> gevonden")
        if tag == "link":
            rel = values.get("rel", "").lower()
            href = values.get("href", "")
            if "stylesheet" in rel:
                self.add(f"externe stylesheet: <link href={href!r}>")
            elif href and not href.lower().startswith("data:"):
                self.add(f"externe bron via <link rel={rel!r}>: {href}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.add("<meta http-equiv='refresh'> gevonden")
        for attr in _RESOURCE_ATTRS.get(tag, ()):
            value = values.get(attr, "").strip()
            if not value or value.lower().startswith("data:") or value.startswith("#"):
                continue
            if tag == "link":
                continue
            if _EXTERNAL_RE.match(value):
                self.add(f"externe bron in <{tag} {attr}>: {value}")
            else:
                self.add(f"niet-ingebedde bron (werkt niet offline) in <{tag} {attr}>: {value}")
        for name, value in values.items():
            if name.startswith("on"):
                self.add(f"JavaScript-attribuut {name} op <{tag}>")
            if name in {"href", "src", "action", "formaction"} and value.strip().lower().startswith(
                "javascript:"
            ):
                self.add(f"javascript:-link op <{tag}>")
        if "style" in values:
            self.css.append(values["style"])
        for token in values.get("class", "").split():
            if _CODE_CLASS_RE.search(token):
                self.add(f"code-cel of prompt (klasse {token!r})")
            if _ERROR_CLASS_RE.search(token):
                self.add(f"foutuitvoer (klasse {token!r})")
        mime = values.get("data-mime-type", "")
        if "stderr" in mime or "error" in mime:
            self.add(f"foutuitvoer ({mime})")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self._in_style -= 1
        if tag == "script" and self._in_script:
            self._in_script -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)
        elif not self._in_script:
            self.text.append(data)


def check_html(page: str) -> list[str]:
    """Return the problems that stop a page from being published (empty list: fine)."""
    stripped = _DATA_URI_RE.sub("data:…", page)
    inspector = _Inspector()
    inspector.feed(stripped)
    inspector.close()
    problems = inspector.problems
    if inspector.lang != "nl":
        problems.append('de pagina heeft geen <html lang="nl">')
    css = "\n".join(inspector.css)
    if "@import" in css:
        problems.append("@import in CSS (laadt een externe stylesheet)")
    for match in _CSS_URL_RE.finditer(css):
        problems.append(f"externe bron in CSS: url({match.group(1)})")
    text = "\n".join(inspector.text)
    for pattern, label in _TEXT_CHECKS:
        match = pattern.search(text)
        if match:
            problems.append(f"{label}: {match.group(0)!r}")
    for pattern, label in _RAW_CHECKS:
        match = pattern.search(stripped)
        if match:
            problems.append(f"{label}: {match.group(0)[:80]!r}")
    seen: set[str] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]


# --- PDF (optional) --------------------------------------------------------------------------

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_SWITCH = "AVK_PDF"


def chromium_path() -> str | None:
    """Return the installed Chromium (or Chrome) to print PDFs with, or None."""
    import os
    import shutil

    if os.environ.get(PDF_SWITCH, "1") == "0":
        return None
    for candidate in CHROMIUM_PATHS:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


PDF_OPTIONS = {
    "format": "A4",
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<span></span>",
    "footer_template": (
        '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
        '<span class="pageNumber"></span> / <span class="totalPages"></span>'
        "</div>"
    ),
    "margin": {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
}
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class PdfPrinter:
    """Prints pages of a folder to A4 PDFs in a thread of its own, while other work goes on.

    A run hands each page over as soon as it is written (:meth:`submit`), so the PDFs are made
    while the notebooks of other pages still run, in one browser; :meth:`finish` waits for the
    last one. Needs Chromium and the Python package playwright; without them nothing is made and
    the notice says so in one line (the HTML pages are complete without PDFs). A page that
    cannot be printed is named in the notice; the others are still made.
    """

    def __init__(self, directory: Path | str) -> None:
        import queue
        import threading

        self.directory = Path(directory)
        self.made: list[str] = []
        self.failed: list[str] = []
        self.timings: dict[str, float] = {}
        self.notice = ""
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="pdf-printer", daemon=True)
        self._thread.start()

    def submit(self, name: str) -> None:
        """Print the page ``name`` of the folder (queued; returns at once)."""
        self._queue.put(name)

    def finish(self) -> tuple[list[str], str]:
        """Wait until every submitted page is printed; return (PDF names, notice)."""
        self._queue.put(None)
        self._thread.join()
        if not self.notice:
            self.notice = f"{len(self.made)} PDF('s) gemaakt."
            if self.failed:
                self.notice += " Niet afgedrukt (fout in de browser): " + ", ".join(self.failed)
        return list(self.made), self.notice

    def _drain(self) -> None:
        while self._queue.get() is not None:
            pass

    def _work(self) -> None:
        import time

        from avk_analysis.vocabulary import timing

        browser_path = chromium_path()
        if browser_path is None:
            self.notice = "Geen PDF's gemaakt: Chromium ontbreekt (of AVK_PDF=0)."
            return self._drain()
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            self.notice = "Geen PDF's gemaakt: het Python-pakket playwright ontbreekt."
            return self._drain()
        clock = time.perf_counter()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=browser_path, args=BROWSER_ARGS)
                try:
                    page = browser.new_page()
                    page.route("**/*", _offline_route)
                    self.timings["browser starten"] = time.perf_counter() - clock
                    timing.record("PDF: browser starten", self.timings["browser starten"], job="")
                    while (name := self._queue.get()) is not None:
                        self._print(page, name)
                finally:
                    browser.close()
        except Exception as exc:  # the browser would not start or died: say so, keep the run
            self.notice = f"Geen (of niet alle) PDF's gemaakt: de browser gaf een fout ({exc})."
            self._drain()
        return None

    def _print(self, page: object, name: str) -> None:
        import time

        from avk_analysis.vocabulary import timing

        clock = time.perf_counter()
        source = self.directory / name
        target = source.with_suffix(".pdf")
        try:
            page.goto(source.as_uri(), wait_until="load")  # type: ignore[attr-defined]
            page.pdf(path=str(target), **PDF_OPTIONS)  # type: ignore[attr-defined]
        except Exception:
            target.unlink(missing_ok=True)
            self.failed.append(name)
            return
        self.made.append(target.name)
        self.timings[name] = time.perf_counter() - clock
        timing.record("PDF afdrukken", self.timings[name], job=name)


def export_pdfs(
    directory: Path | str, pages: Sequence[str], timings: dict[str, float] | None = None
) -> tuple[list[str], str]:
    """Print HTML pages in ``directory`` to A4 PDFs next to them; return (PDF names, notice).

    Needs Chromium and the Python package playwright; without them nothing is made and the
    notice says so in one line (the HTML pages are complete without PDFs). ``timings``
    receives the seconds of the browser start and of each page.
    """
    printer = PdfPrinter(directory)
    for name in pages:
        printer.submit(name)
    made, notice = printer.finish()
    if timings is not None:
        timings.update(printer.timings)
    return made, notice


def _offline_route(route: object) -> None:
    """Let a page load only itself and its data: URIs while it is printed."""
    url = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("file://", "data:")):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]
