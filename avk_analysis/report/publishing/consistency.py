"""One fact, one value: check a built edition's pages against each other and against its CSV.

Every figure a table shows carries its key (``data-cijfer="indicator|regiocode|jaar"``, see
``charts.table_html``); every chart's download names indicator and region code. This module
reads the pages as a reader gets them and checks that

* every keyed figure is a row of ``cijfers_<jaar>.csv`` with a source table, and the page shows
  the same value (at the page's precision);
* every figure in a CBS table is keyed, so no figure escapes the file;
* every chart's figures are rows of the file;
* each row's retrieval date is the one the Verantwoording gives for its source;
* the pages agree with each other: a factsheet's 'In het kort' with its key-figures table, the
  partners the report counts per gemeente with the partners the factsheet names, and the
  activity the factsheet's first lines count with the rows of its programme table.

Each check returns (problems, number of figures checked), so a test can also see that it ran.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup, Tag

CSV_NAME = "cijfers_{jaar}.csv"
_NUMBER = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-+]?\d+(?:,\d+)?")
_FIGURE_TEXT = re.compile(r"^[-+]?\d[\d.]*(?:,\d+)?(?: %)?(?: \(.*\))?$")
# columns of labels that look like figures: years, and the wijk number a map shows ('Nr.')
YEAR_HEADERS = frozenset({"jaar", "inkomensjaren", "nr."})
Result = tuple[list[str], int]


# --- reading ---------------------------------------------------------------------------------
def read_csv(path: Path | str) -> pd.DataFrame:
    """Read the edition's CSV (';', decimal comma) with a float ``waarde_getal`` column."""
    text = Path(path).read_text(encoding="utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    frame["waarde_getal"] = pd.to_numeric(
        frame["waarde"].str.replace(",", ".", regex=False).str.lstrip("'"), errors="coerce"
    )
    return frame


def numbers(text: str) -> list[tuple[float, int]]:
    """Return the numbers in Dutch text with their decimals: '6,4 % (4.800)' -> [(6.4, 1), ...]."""
    out = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        whole, _, fraction = raw.partition(",")
        out.append(
            (float(whole.replace(".", "") + ("." + fraction if fraction else "")), len(fraction))
        )
    return out


def _index(frame: pd.DataFrame) -> dict[tuple[str, str, str], pd.Series]:
    """Return the CSV rows a key can name (not the planning offices' figures set beside them)."""
    own = frame.loc[~frame["kenmerk"].str.startswith("ter vergelijking")]
    return {
        (r["indicator"], r["regiocode"], r["jaar"]): r for _, r in own.iterrows() if r["regiocode"]
    }


def same(page: float, decimals: int, value: float, unit: str) -> bool:
    """Tell whether a page number shows a CSV value at the page's precision."""
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9
    if unit == "aantal" and decimals == 0 and abs(value) >= 100:
        tolerance = 5 + 1e-9  # a count of 100 or more is shown rounded to tens
    return abs(page - value) <= tolerance


# --- every keyed figure is in the file ---------------------------------------------------------
def _cells(soup: BeautifulSoup) -> Iterable[Tag]:
    return soup.select("[data-cijfer]")


def check_keyed_figures(html: str, rows: dict, page: str = "") -> Result:
    """Check every ``data-cijfer`` figure of a page against the edition's CSV."""
    problems, checked = [], 0
    soup = BeautifulSoup(html, "html.parser")
    for cell in _cells(soup):
        text = cell.get_text(" ", strip=True)
        found = numbers(text)
        for i, key in enumerate(str(cell["data-cijfer"]).split()):
            checked += 1
            indicator, code, year = [*key.split("|"), "", "", ""][:3]
            row = rows.get((indicator, code, year))
            if row is None:
                problems.append(f"{page}: {key} ('{text}') staat niet in de CSV")
                continue
            if not row["tabel"]:
                problems.append(f"{page}: {key} heeft in de CSV geen brontabel")
            if i >= len(found) or pd.isna(row["waarde_getal"]):
                problems.append(f"{page}: {key} toont '{text}', de CSV '{row['waarde']}'")
                continue
            value, decimals = found[i]
            if not same(value, decimals, float(row["waarde_getal"]), row["eenheid"]):
                problems.append(f"{page}: {key} toont '{text}', de CSV {row['waarde']}")
    return problems, checked


def check_cbs_tables_are_keyed(html: str, page: str = "") -> Result:
    """Check that every figure of a CBS table names its key (none escapes the CSV)."""
    problems, checked = [], 0
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.find_all("table"):
        caption = table.find("caption")
        title = caption.get_text(" ", strip=True) if caption else ""
        keyed = table.select("[data-cijfer]")
        if "Bron: CBS" not in title and not keyed:
            continue
        for cell in table.find_all("td"):
            text = cell.get_text(" ", strip=True)
            label = str(cell.get("data-label", "")).strip().lower()
            if label in YEAR_HEADERS or not _FIGURE_TEXT.match(text):
                continue
            checked += 1
            if not cell.get("data-cijfer"):
                problems.append(
                    f"{page}: tabel '{title[:60]}', kolom '{label}': '{text}' heeft geen sleutel"
                )
    return problems, checked


def _downloads(soup: BeautifulSoup) -> Iterable[tuple[str, pd.DataFrame]]:
    """Yield (file name, frame) of every chart download on a page."""
    for link in soup.select("figure a[download]"):
        href = str(link.get("href", ""))
        if not href.startswith("data:text/csv"):
            continue
        text = base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
        yield str(link.get("download", "")), frame


def check_charts(html: str, rows: dict, page: str = "") -> Result:
    """Check every figure behind a chart (its download) against the edition's CSV."""
    problems, checked = [], 0
    soup = BeautifulSoup(html, "html.parser")
    for name, frame in _downloads(soup):
        if "Bron" in frame.columns and not frame["Bron"].str.startswith("CBS").all():
            continue  # a planning office's published figures: a quote, not an edition figure
        if not {"indicator", "regiocode", "jaar", "waarde"} <= set(frame.columns):
            problems.append(f"{page}: grafiek {name} noemt geen indicator en regiocode")
            continue
        for r in frame.itertuples():
            checked += 1
            row = rows.get((r.indicator, r.regiocode, r.jaar))
            found = numbers(str(r.waarde))
            if row is None or pd.isna(row["waarde_getal"]) or not found:
                problems.append(
                    f"{page}: grafiek {name}: {r.indicator} {r.regiocode} {r.jaar} niet in de CSV"
                )
                continue
            decimals = 0 if row["eenheid"] in ("aantal", "per 1.000 inwoners") else 1
            if not same(found[0][0], decimals, float(row["waarde_getal"]), "-"):
                problems.append(
                    f"{page}: grafiek {name}: {r.indicator} {r.regiocode} {r.jaar} is "
                    f"{r.waarde}, de CSV {row['waarde']}"
                )
    return problems, checked


# --- dates --------------------------------------------------------------------------------------
def _table_rows(soup: BeautifulSoup, *headers: str) -> list[dict[str, str]]:
    """Return the rows of the first table with all the columns ``headers`` as {column: text}."""
    for table in soup.find_all("table"):
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        if not set(headers) <= set(heads):
            continue
        out = []
        for tr in table.select("tbody tr"):
            texts = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            out.append(dict(zip(heads, texts, strict=False)))
        return out
    return []


def check_dates(report_html: str, frame: pd.DataFrame) -> Result:
    """Check that each CBS row's retrieval date is the one the Verantwoording gives its table."""
    soup = BeautifulSoup(report_html, "html.parser")
    sources = _table_rows(soup, "Tabel-id")
    dates = {r["Tabel-id"]: r.get("Opgehaald", "") for r in sources if r.get("Tabel-id")}
    problems, checked = [], 0
    cbs = frame.loc[frame["bron"] == "CBS"]
    for (tabel, date), n in cbs.groupby(["tabel", "opgehaald"]).size().items():
        checked += int(n)
        if tabel not in dates:
            problems.append(f"CSV: tabel {tabel} staat niet in de Bronnen van de Verantwoording")
        elif dates[tabel] != date:
            problems.append(
                f"CSV: tabel {tabel} opgehaald {date}, de Verantwoording zegt {dates[tabel]}"
            )
    others = set(frame.loc[frame["bron"] != "CBS", "opgehaald"])
    shown = {r.get("Opgehaald", "") for r in sources}
    for date in sorted(others - shown - {"onbekend"}):
        problems.append(f"CSV: ophaaldatum {date} staat bij geen enkele bron in de Verantwoording")
    return problems, checked


def check_download_dates(html: str, cbs_dates: set[str], page: str = "") -> Result:
    """Check that every CBS download on a page carries a retrieval date of a CBS table."""
    problems, checked = [], 0
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("a[download]"):
        href = str(link.get("href", ""))
        if not href.startswith("data:text/csv"):
            continue
        text = base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
        if not {"Bron", "Opgehaald"} <= set(frame.columns):
            continue
        cbs = frame.loc[frame["Bron"].str.startswith("CBS")]
        for date in sorted(set(cbs["Opgehaald"])):
            checked += 1
            if date not in cbs_dates:
                problems.append(
                    f"{page}: download {link.get('download')} zegt opgehaald {date}; de "
                    f"CBS-tabellen zijn opgehaald op {', '.join(sorted(cbs_dates))}"
                )
    return problems, checked


def cbs_dates(report_html: str) -> set[str]:
    """Return the retrieval dates the Verantwoording gives the CBS tables."""
    rows = _table_rows(BeautifulSoup(report_html, "html.parser"), "Tabel-id", "Opgehaald")
    return {r["Opgehaald"] for r in rows if r.get("Tabel-id", "").endswith(("NED", "ENG"))}


# --- pages against each other -------------------------------------------------------------------
def _glance(soup: BeautifulSoup) -> list[str]:
    box = soup.select_one("aside.in-het-kort")
    return [li.get_text(" ", strip=True) for li in box.find_all("li")] if box else []


def check_glance(factsheet_html: str, gemeente_name: str) -> Result:
    """Check a factsheet's 'In het kort' share against its own key-figures table."""
    soup = BeautifulSoup(factsheet_html, "html.parser")
    lines = _glance(soup)
    if not lines:
        return ["factsheet: geen 'In het kort'"], 0
    match = re.search(r"\((\d+,\d) % in (\d{4})\)", lines[0])
    wanted = f'td[data-cijfer^="kinderen_laag_inkomen_pct|"][data-label="{gemeente_name}"]'
    cell = soup.select_one(wanted)
    if match is None or cell is None:
        return [], 0
    shown = cell.get_text(" ", strip=True).split(" (")[0]
    key_year = str(cell["data-cijfer"]).split()[0].split("|")[2]
    if f"{match.group(1)} %" != shown or match.group(2) != key_year:
        return [f"factsheet: In het kort zegt {match.group(0)}, de kerncijfers {shown}"], 1
    return [], 1


def _partners_named(factsheet_soup: BeautifulSoup) -> tuple[set[str], int, int] | None:
    """Return (partners named, interventions, experiments) of a factsheet's programme table."""
    rows = _table_rows(factsheet_soup, "Partner", "Soort")
    if not rows:
        return None
    partners = {r["Partner"] for r in rows if r.get("Partner") and r["Partner"] not in ("-", "")}
    kinds = [r.get("Soort", "") for r in rows]
    return partners, kinds.count("interventie"), kinds.count("experiment")


def check_programme(report_html: str, factsheet_html: str, gemeente_name: str) -> Result:
    """Check the programme figures of a gemeente: report vs factsheet, table vs first lines."""
    report = BeautifulSoup(report_html, "html.parser")
    sheet = BeautifulSoup(factsheet_html, "html.parser")
    named = _partners_named(sheet)
    problems, checked = [], 0
    per_gemeente = _table_rows(report, "Gemeente", "Partners")
    row = next((r for r in per_gemeente if r["Gemeente"] == gemeente_name), None)
    if named is not None and row is not None and row.get("Partners", "").isdigit():
        checked += 1
        if int(row["Partners"]) != len(named[0]):
            problems.append(
                f"{gemeente_name}: het rapport telt {row['Partners']} partners, de factsheet "
                f"noemt er {len(named[0])}"
            )
    if named is not None:
        line = next((t for t in _glance(sheet) if "Alliantie van Kracht had" in t), "")
        for count, word in ((named[1], "interventie"), (named[2], "experiment")):
            said = re.search(rf"(\d+) {word}", line)
            checked += 1
            if (int(said.group(1)) if said else 0) != count:
                problems.append(
                    f"{gemeente_name}: In het kort zegt '{said.group(0) if said else 'geen'} "
                    f"{word}', de tabel heeft er {count}"
                )
    return problems, checked


# --- the whole edition --------------------------------------------------------------------------
def check_edition(directory: Path | str, jaar: int) -> Result:
    """Run every check on a built edition; return all problems and how many figures were checked."""
    from avk_analysis.vocabulary import regions

    folder = Path(directory)
    frame = read_csv(folder / CSV_NAME.format(jaar=jaar))
    rows = _index(frame)
    problems: list[str] = []
    checked = 0
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))}
    for name, html in pages.items():
        for check in (
            lambda h, n=name: check_keyed_figures(h, rows, n),
            lambda h, n=name: check_cbs_tables_are_keyed(h, n),
            lambda h, n=name: check_charts(h, rows, n),
        ):
            found, n_checked = check(html)
            problems += found
            checked += n_checked
    report = pages.get("rapport.html", "")
    if report:
        found, n_checked = check_dates(report, frame)
        problems += found
        checked += n_checked
        dates = cbs_dates(report)
        for name, html in pages.items():
            found, n_checked = check_download_dates(html, dates, name)
            problems += found
            checked += n_checked
    for name, html in pages.items():
        match = re.fullmatch(r"factsheet_(GM\d{4})\.html", name)
        if not match:
            continue
        gemeente = regions.name(match.group(1))
        for found, n_checked in (
            check_glance(html, gemeente),
            check_programme(report, html, gemeente),
        ):
            problems += found
            checked += n_checked
    return problems, checked
