"""The delivery format for figures from the planning offices, its validation and its loading.

Trendbureau Drenthe and Sociaal Planbureau Groningen deliver figures as one long table (CSV with
``;`` or ``,``, UTF-8, or an Excel workbook) with Dutch column names; the format is documented for
them in ``docs/aanleverformaat_planbureaus.md``. One row is one figure:

bron, publicatie (optional), bron_url, indicator, definitie, regiocode, jaar, waarde, eenheid,
status, onzeker, opmerking (optional).

``validate_delivery`` reports every problem (file, row as the file shows it, column, value found,
what was expected) and never raises for a user's mistake. ``load_delivery`` turns a file without
errors into the tidy indicator table. A pre-merger gemeente code is kept as the former gemeente
(a warning says where it went); nothing is remapped or dropped here.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from avk_analysis.sources.planning import bounds, locations, published
from avk_analysis.sources.planning.locations import CSV_SUFFIXES, EXCEL_SUFFIXES
from avk_analysis.sources.programme import xlsxfile
from avk_analysis.vocabulary import catalogue, dutch_numbers, personal_data, regions, symbols, tidy
from avk_analysis.vocabulary.provenance import STATUSES
from avk_analysis.vocabulary.validation import InputError, Report

COLUMNS = (
    "bron",
    "publicatie",
    "bron_url",
    "indicator",
    "definitie",
    "regiocode",
    "jaar",
    "waarde",
    "eenheid",
    "status",
    "onzeker",
    "soort_bron",
    "opmerking",
)
OPTIONAL_COLUMNS = ("publicatie", "soort_bron", "opmerking")
PRIMARY = "primair"
SECONDARY = "secundair"
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
REQUIRED_CELLS = ("bron", "indicator", "regiocode", "jaar", "waarde", "eenheid", "status")
# free text that reaches the pages (the remark becomes part of the definition)
PUBLISHED_TEXT = ("bron", "publicatie", "definitie", "opmerking")
# the CBS symbols a delivery may give instead of a number
SYMBOLS = {code: symbols.MEANING[code] for code in (symbols.NOT_AVAILABLE, symbols.SECRET)}
MIN_YEAR = 1990
YES = "ja"
NO = "nee"
UNIT_SYNONYMS = {
    "%": catalogue.PCT,
    "procent": catalogue.PCT,
    "pct": catalogue.PCT,
    "percentage": catalogue.PCT,
    "aantal": catalogue.COUNT,
    "personen": catalogue.COUNT,
    "huishoudens": catalogue.COUNT,
    "kinderen": catalogue.COUNT,
    "x 1 000 euro": catalogue.K_EUR,
    "x 1000 euro": catalogue.K_EUR,
    "x1000 euro": catalogue.K_EUR,
    "euro per maand": catalogue.EUR_PM,
    "euro/maand": catalogue.EUR_PM,
    "€ per maand": catalogue.EUR_PM,
    "% verandering": catalogue.PCT_CHANGE,
}
COLUMN_HELP = {
    "bron": "de organisatie die het cijfer publiceert, bv. 'Trendbureau Drenthe'",
    "bron_url": "een webadres dat met https:// of http:// begint",
    "indicator": "een code uit de indicatorcatalogus, bv. 'kinderen_laag_inkomen_pct'",
    "regiocode": "NL01, PV20, PV22, een GM-code (ook van een opgeheven gemeente) of VK_<definitie>",
    "jaar": "het peiljaar van het cijfer als jaartal, bv. 2022",
    "waarde": "een getal (decimaalkomma of -punt), of '.' (niet beschikbaar) of 'x' (geheim)",
    "eenheid": "de eenheid van de indicator in de catalogus",
    "status": "echt, demo of voorbeeld",
    "onzeker": "ja of nee (leeg = nee)",
    "soort_bron": "primair (de bron publiceert het cijfer zelf) of secundair (de pagina citeert "
    "een ander); leeg = primair",
}


@dataclass
class _Table:
    """The raw cells of a delivery as text, with the row numbers the file shows."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    sheet: str = ""
    # (row, column index) of Excel cells formatted as a percentage (their value was × 100)
    scaled: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class _Record:
    """One validated row, normalised."""

    row: int
    values: dict[str, str] = field(default_factory=dict)
    waarde: float = math.nan
    symbool: str = ""
    jaar: int = 0
    onzeker: bool = False


# --------------------------------------------------------------------------- reading


def _expected_format() -> str:
    return "een CSV-bestand (.csv, UTF-8, ; of , als scheidingsteken) of een Excel-bestand (.xlsx)"


def _read(path: Path, report: Report) -> _Table | None:
    """Read a delivery into text cells; record why it cannot be read (never raise)."""
    if not path.exists():
        report.error("Het bestand bestaat niet", value=str(path), expected=_expected_format())
        return None
    if path.is_dir():
        report.error("Dit is een map, geen bestand", value=str(path), expected=_expected_format())
        return None
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            return _read_excel(path, report)
        if suffix in CSV_SUFFIXES:
            return _read_csv(path, report)
    except OSError as exc:
        report.error("Het bestand kan niet worden geopend", value=str(exc))
        return None
    except MemoryError:
        report.error(f"Het bestand kan niet worden gelezen: {xlsxfile.MEMORY_MESSAGE}")
        return None
    if suffix == ".xls":
        report.error(
            "Het oude Excel-formaat (.xls) wordt niet gelezen",
            value=path.name,
            expected="sla het bestand op als .xlsx of als CSV UTF-8",
        )
    else:
        report.error(
            "Geen CSV- of Excel-bestand", value=suffix or path.name, expected=_expected_format()
        )
    return None


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16_ADVICE = "in Excel: 'Opslaan als' → 'CSV UTF-8 (door komma's gescheiden)'"


def _utf16_without_bom(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when text bytes alternate with zero bytes, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode(data: bytes, path: Path, report: Report) -> str | None:
    """Return the text of a CSV delivery (UTF-8, UTF-16 or Windows-1252), or None with why."""
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else _utf16_without_bom(data)
    if encoding is not None:
        try:
            text = data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            report.error(
                "Het bestand lijkt in UTF-16 opgeslagen, maar is als UTF-16 niet leesbaar "
                "(beschadigd of afgebroken)",
                value=path.name,
                expected=UTF16_ADVICE,
            )
            return None
        report.warning(
            "Het bestand is in UTF-16 opgeslagen (in Excel heet dat 'Unicode-tekst'); het is "
            "als UTF-16 gelezen",
            value=path.name,
            expected=UTF16_ADVICE,
        )
        return text
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        report.error(
            "Dit is geen CSV-tekstbestand (het lijkt een Excel- of ander binair bestand)",
            value=path.name,
            expected="een Excel-bestand met de extensie .xlsx, of een CSV-bestand als tekst",
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.warning(
            "Het bestand is niet in UTF-8 opgeslagen; het is gelezen als Windows-1252. "
            "Controleer letters als ë en é",
            expected=UTF16_ADVICE,
        )
        return data.decode("cp1252", errors="replace")


def _csv_text(path: Path, report: Report) -> tuple[str, str] | None:
    """Return (text, delimiter) of a CSV delivery, or None when it cannot be read as one."""
    text = _decode(path.read_bytes(), path, report)
    if text is None:
        return None
    if not text.strip():
        report.error("Het bestand is leeg", expected="een kopregel met kolomnamen en gegevensrijen")
        return None
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if ";" in first:
        return text, ";"
    if "," in first:
        return text, ","
    if "\t" in first:
        report.error(
            "Het scheidingsteken is een tab",
            row=1,
            expected="; (puntkomma) of , (komma) als scheidingsteken",
        )
        return None
    return text, ","


def _read_csv(path: Path, report: Report) -> _Table | None:
    found = _csv_text(path, report)
    if found is None:
        return None
    text, delimiter = found
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        report.error("De CSV-opmaak klopt niet", row=start, value=str(exc))
        return None
    rows = [(n, c) for n, c in rows if any(x.strip() for x in c)]
    if not rows:
        report.error("Het bestand is leeg", expected="een kopregel met kolomnamen en gegevensrijen")
        return None
    (_, header), body = rows[0], rows[1:]
    if rows[0][0] != 1:
        report.error(
            "De kopregel met kolomnamen moet op rij 1 staan",
            row=rows[0][0],
            expected="kolomnamen op de eerste regel",
        )
        return None
    return _Table(header, body)


def _cell_text(value: object, number_format: str) -> tuple[str, bool]:
    """Return an Excel cell as text, and whether it was a percentage-formatted number."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return (YES if value else NO), False
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        scaled = "%" in number_format
        if scaled:
            value = round(value * 100, 10)
        if value.is_integer():
            return str(int(value)), scaled
        return repr(value), scaled
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(), False
    return str(value), False


def _external_formulas(path: Path, report: Report) -> None:
    """Warn about cells whose formula reads another workbook (their stored result may be old)."""
    import openpyxl

    linked = xlsxfile.external_links(path)
    if not linked:
        return
    wb = openpyxl.load_workbook(path, data_only=False, read_only=True)
    found = 0
    try:
        ws = wb.worksheets[0]
        for cells in ws.iter_rows():
            for cell in cells:
                if xlsxfile.is_external_formula(getattr(cell, "value", None)):
                    found += 1
                    report.warning(
                        f"De cel haalt haar waarde met een formule uit een andere werkmap "
                        f"({', '.join(linked)}); gelezen is de uitkomst van het laatste opslaan, "
                        "en die kan verouderd zijn",
                        sheet=ws.title,
                        row=cell.row,
                        column=cell.column_letter,
                        value=str(cell.value),
                        expected="de waarde zelf (kopiëren en plakken als waarden)",
                    )
    finally:
        wb.close()
    if not found:
        report.warning(
            f"Het bestand bevat koppelingen naar andere werkmappen ({', '.join(linked)}); "
            "waarden die daaruit komen, kunnen verouderd zijn",
            expected="een bestand zonder koppelingen (Gegevens → Koppelingen bewerken)",
        )


def _read_excel(path: Path, report: Report) -> _Table | None:
    import openpyxl

    too_large = xlsxfile.unpacked_size_problem(path)
    if too_large:
        report.error(f"Het Excel-bestand is niet gelezen: {too_large}", value=path.name)
        return None
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
        _external_formulas(path, report)
    except MemoryError:
        report.error(f"Het Excel-bestand kan niet worden gelezen: {xlsxfile.MEMORY_MESSAGE}")
        return None
    except Exception as exc:  # damaged files make zipfile/openpyxl/lxml raise many types
        report.error(
            "Het Excel-bestand kan niet worden gelezen (beschadigd of geen echt .xlsx-bestand)",
            value=f"{type(exc).__name__}: {exc}",
            expected="een .xlsx-bestand dat in Excel opent",
        )
        return None
    try:
        ws = wb.worksheets[0]
        if len(wb.worksheets) > 1:
            report.warning(
                f"Alleen het eerste werkblad '{ws.title}' is gelezen",
                sheet=ws.title,
                value=", ".join(s.title for s in wb.worksheets[1:]),
                expected="de cijfers op het eerste werkblad",
            )
        rows: list[tuple[int, list[str]]] = []
        scaled_cols: set[int] = set()
        scaled_cells: set[tuple[int, int]] = set()
        for cells in ws.iter_rows(min_row=1, max_row=ws.max_row):
            texts = []
            for i, cell in enumerate(cells):
                text, scaled = _cell_text(cell.value, cell.number_format or "")
                texts.append(text)
                if scaled:
                    scaled_cols.add(i)
                    scaled_cells.add((cell.row, i))
            if any(t.strip() for t in texts):
                rows.append((cells[0].row, texts))
    finally:
        wb.close()
    if not rows:
        report.error(
            "Het werkblad is leeg",
            sheet=ws.title,
            expected="een kopregel met kolomnamen en gegevensrijen",
        )
        return None
    if rows[0][0] != 1:
        report.error(
            "De kopregel met kolomnamen moet op rij 1 staan",
            sheet=ws.title,
            row=rows[0][0],
            expected="kolomnamen op de eerste rij",
        )
        return None
    header = rows[0][1]
    for i in sorted(scaled_cols):
        name = header[i] if i < len(header) else ""
        report.warning(
            "Deze kolom is in Excel als percentage opgemaakt; de getallen zijn met 100 "
            "vermenigvuldigd (0,059 wordt 5,9)",
            sheet=ws.title,
            column=name.strip(),
            expected="percentages als gewone getallen, bv. 5,9",
        )
    return _Table(header, rows[1:], sheet=ws.title, scaled=scaled_cells)


# --------------------------------------------------------------------------- checking


def parse_number(text: str) -> float | None:
    """Read a number with a decimal comma or point (no thousands separators); None if not one."""
    try:
        return dutch_numbers.read_number(text, thousands_dots=False)
    except dutch_numbers.AmbiguousNumber:
        return None


_WEB_ADDRESS = re.compile(r"https?://\S*")


@functools.lru_cache(maxsize=1024)
def _normalise_unit(text: str) -> str:
    key = " ".join(text.strip().lower().split())
    return UNIT_SYNONYMS.get(key, key)


def _known_regions() -> dict[str, str]:
    out = dict(regions.names())
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        out[regions.veenkolonien_code(definitie)] = regions.veenkolonien_name(definitie)
    return out


@dataclass
class _Regions:
    """What a check asks of the regions, looked up once per file (not once per row)."""

    names: dict[str, str]
    former: dict[str, str]  # former gemeente code → its Dutch note
    limits: dict[str, bounds.CountLimit | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Regions:
        """Return the known regions and the notes on the former gemeenten among them."""
        names = _known_regions()
        return cls(names, {code: _former_note(code) for code in names if is_former(code)})

    def limit(self, code: str) -> bounds.CountLimit | None:
        """Return the count bound of a region (cached)."""
        if code not in self.limits:
            self.limits[code] = bounds.count_limit(code)
        return self.limits[code]


def is_former(code: str) -> bool:
    """Tell whether a code is a gemeente of Groningen/Drenthe that no longer exists."""
    return regions.is_former_gemeente(code) and not regions.is_current_gemeente(code)


def _former_note(code: str) -> str:
    cw = regions.crosswalk()
    rows = cw.loc[cw["oude_code"] == code]
    date = str(rows["ingangsdatum"].iloc[0])
    parts = [
        f"{name} {new}" + (f" ({share:.0%})".replace(".", ",") if share < 1 else "")
        for new, name, share in zip(
            rows["nieuwe_code"], rows["nieuwe_naam"], rows["aandeel"], strict=True
        )
    ]
    return (
        f"Voormalige gemeente {rows['oude_naam'].iloc[0]}, opgeheven per {date} en opgegaan in "
        f"{' en '.join(parts)}. Het cijfer blijft bij de voormalige gemeente staan en wordt niet "
        "omgerekend"
    )


def _suggest_region(value: str, known: dict[str, str]) -> str:
    by_name = {name.casefold(): code for code, name in known.items()}
    by_name.update({"veenkoloniën": "VK_planbureaus", "veenkolonien": "VK_planbureaus"})
    for code, name in regions.names().items():
        by_name.setdefault(name.casefold().removesuffix(" (opgeheven)"), code)
    if value.upper() == published.PUBLISHED_VK:
        return f"bedoelt u '{regions.veenkolonien_code()}'? ({COLUMN_HELP['regiocode']})"
    if value.casefold() in by_name:
        return f"bedoelt u '{by_name[value.casefold()]}'? (gebruik de code, niet de naam)"
    if value.upper() in known:
        return f"bedoelt u '{value.upper()}'? (hoofdletters)"
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if close:
        return f"bedoelt u '{close[0]}'? ({COLUMN_HELP['regiocode']})"
    return COLUMN_HELP["regiocode"]


def _suggest_indicator(value: str) -> str:
    codes = list(catalogue.INDICATORS)
    alias = published.indicator_code(value)
    if alias:
        return f"bedoelt u '{alias}'? ({value!r} is een Engelse naam uit de gepubliceerde lijst)"
    by_label = {ind.label.casefold(): code for code, ind in catalogue.INDICATORS.items()}
    if value.casefold() in by_label:
        return f"bedoelt u '{by_label[value.casefold()]}'? (gebruik de code, niet het label)"
    close = difflib.get_close_matches(value.lower(), codes, n=1, cutoff=0.6)
    if close:
        return f"bedoelt u '{close[0]}'?"
    close = difflib.get_close_matches(value.casefold(), list(by_label), n=1, cutoff=0.6)
    if close:
        return f"bedoelt u '{by_label[close[0]]}'? (label: {close[0]})"
    return COLUMN_HELP["indicator"]


def _check_header(table: _Table, report: Report) -> dict[str, int]:
    """Map column names to positions; report missing, duplicate and unknown columns."""
    where = {"sheet": table.sheet}
    positions: dict[str, int] = {}
    for i, raw in enumerate(table.header):
        name = raw.replace("\ufeff", "").strip().lower().replace(" ", "_")
        if not name:
            has_data = any(i < len(cells) and cells[i].strip() for _, cells in table.rows)
            if has_data:
                report.warning(
                    "Een kolom zonder naam wordt genegeerd",
                    row=1,
                    value=f"kolom {i + 1}",
                    expected="een kolomnaam uit het aanleverformaat",
                    **where,
                )
            continue
        if name in positions:
            report.error(
                "Deze kolom komt twee keer voor",
                row=1,
                column=name,
                value=raw,
                expected="elke kolom één keer",
                **where,
            )
            continue
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
            hint = f"bedoelt u '{close[0]}'?" if close else f"een van: {', '.join(COLUMNS)}"
            report.warning(
                "Onbekende kolom; deze wordt genegeerd",
                row=1,
                column=raw.strip(),
                value=raw.strip(),
                expected=hint,
                **where,
            )
            continue
        positions[name] = i
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            report.error(
                "Verplichte kolom ontbreekt",
                row=1,
                column=name,
                expected=f"een kolom '{name}' in de kopregel",
                **where,
            )
    if not table.rows:
        report.error(
            "Het bestand heeft wel een kopregel maar geen gegevensrijen",
            expected="ten minste één rij met een cijfer",
            **where,
        )
    return positions


def _check_row(
    n: int,
    cells: list[str],
    positions: dict[str, int],
    table: _Table,
    report: Report,
    regions_: _Regions,
    this_year: int,
) -> _Record | None:
    """Check one row; return the normalised record, or None when the row has errors."""
    before = report.error_count
    known = regions_.names
    where = {"sheet": table.sheet, "row": n}
    used = max(positions.values(), default=-1)
    extra = [c for c in cells[used + 1 :] if c.strip()] if len(cells) > len(table.header) else []
    if extra:
        report.error(
            "Deze rij heeft meer velden dan de kopregel. Staat er een decimaalkomma in een bestand "
            "met komma's als scheidingsteken?",
            value=" | ".join(extra),
            expected="; als scheidingsteken, of de waarde tussen aanhalingstekens",
            **where,
        )
    v = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
    rec = _Record(row=n, values=v)

    for name in PUBLISHED_TEXT:
        what = personal_data.looks_personal(v.get(name, ""))
        if what:
            report.warning(
                personal_data.message(what),
                column=name,
                value=v[name],
                expected=personal_data.EXPECTED,
                **where,
            )

    for name in REQUIRED_CELLS:
        if name in v and not v[name]:
            report.error(
                "Verplichte waarde ontbreekt", column=name, expected=COLUMN_HELP[name], **where
            )

    ind = None
    if v.get("indicator"):
        ind = catalogue.INDICATORS.get(v["indicator"])
        if ind is None:
            report.error(
                "Onbekende indicator",
                column="indicator",
                value=v["indicator"],
                expected=_suggest_indicator(v["indicator"]),
                **where,
            )

    code = v.get("regiocode", "")
    if code:
        if code not in known:
            report.error(
                "Onbekende regiocode",
                column="regiocode",
                value=code,
                expected=_suggest_region(code, known),
                **where,
            )
        elif code in regions_.former:
            report.warning(
                regions_.former[code],
                column="regiocode",
                value=code,
                expected="bij voorkeur een huidige gemeente; een opgeheven gemeente mag",
                **where,
            )

    if v.get("jaar"):
        text = v["jaar"]
        if not re.fullmatch(r"\d{4}", text):
            report.error(
                "Geen jaartal", column="jaar", value=text, expected=COLUMN_HELP["jaar"], **where
            )
        elif not MIN_YEAR <= int(text) <= this_year:
            report.error(
                "Jaar buiten het bereik",
                column="jaar",
                value=text,
                expected=f"een jaar van {MIN_YEAR} tot en met {this_year}",
                **where,
            )
        else:
            rec.jaar = int(text)

    unit = ind.unit if ind else ""
    if v.get("eenheid") and ind is not None and _normalise_unit(v["eenheid"]) != ind.unit:
        report.error(
            "De eenheid past niet bij de indicator",
            column="eenheid",
            value=v["eenheid"],
            expected=f"'{ind.unit}' (de eenheid van {ind.code} in de catalogus)",
            **where,
        )

    if v.get("waarde"):
        text = v["waarde"]
        if text.lower() in SYMBOLS:
            rec.symbool = text.lower()
        else:
            number = parse_number(text)
            if number is None:
                hint = COLUMN_HELP["waarde"]
                if dutch_numbers.THOUSANDS.fullmatch(dutch_numbers.compact(text)):
                    hint = "geen duizendtalscheiding: schrijf 13860 of 13,86 (niet 13.860)"
                report.error("Geen getal", column="waarde", value=text, expected=hint, **where)
            else:
                rec.waarde = number
                _check_range(number, unit, report, where)
                if unit == catalogue.COUNT and code in known:
                    _check_count_limit(number, regions_.limit(code), report, where)

    status = v.get("status", "").lower()
    if v.get("status") and status not in STATUSES:
        report.error(
            "Onbekende status",
            column="status",
            value=v["status"],
            expected=COLUMN_HELP["status"],
            **where,
        )

    onzeker = v.get("onzeker", "").lower()
    if onzeker not in (YES, NO, ""):
        report.error(
            "Onzeker moet ja of nee zijn",
            column="onzeker",
            value=v["onzeker"],
            expected=COLUMN_HELP["onzeker"],
            **where,
        )
    rec.onzeker = onzeker == YES

    kind = v.get("soort_bron", "").strip().lower()
    if kind not in (PRIMARY, SECONDARY, ""):
        report.error(
            "Soort bron moet primair of secundair zijn",
            column="soort_bron",
            value=v["soort_bron"],
            expected=COLUMN_HELP["soort_bron"],
            **where,
        )
    rec.values["soort_bron"] = kind or PRIMARY

    url = v.get("bron_url", "")
    if url and not _WEB_ADDRESS.fullmatch(url):
        report.error(
            "Geen geldig webadres",
            column="bron_url",
            value=url,
            expected=COLUMN_HELP["bron_url"] + ", zonder spaties",
            **where,
        )
    elif not url and status == "echt" and "bron_url" in v:
        report.error(
            "Een echt cijfer heeft een bron_url nodig",
            column="bron_url",
            expected=COLUMN_HELP["bron_url"],
            **where,
        )
    if report.error_count > before:
        return None
    v["status"] = status
    v["eenheid"] = unit
    return rec


def _check_range(number: float, unit: str, report: Report, where: dict) -> None:
    shown = f"{number:g}".replace(".", ",")
    if unit == catalogue.PCT and number > 100:
        report.error(
            "Percentage groter dan 100", column="waarde", value=shown, expected="0 t/m 100", **where
        )
    elif unit == catalogue.PCT and number < 0:
        report.error(
            "Negatief percentage", column="waarde", value=shown, expected="0 t/m 100", **where
        )
    elif unit == catalogue.COUNT and number < 0:
        report.error("Negatief aantal", column="waarde", value=shown, expected="0 of meer", **where)
    elif unit == catalogue.COUNT and not number.is_integer():
        report.warning(
            "Een aantal met decimalen",
            column="waarde",
            value=shown,
            expected="een heel getal",
            **where,
        )


def _check_count_limit(
    number: float, limit: bounds.CountLimit | None, report: Report, where: dict
) -> None:
    """A count of people or households can never exceed the region's inhabitants."""
    if limit is None or number <= limit.maximum:
        return
    report.error(
        f"Dit aantal is groter dan het aantal inwoners van {limit.basis}",
        column="waarde",
        value=f"{number:,.0f}".replace(",", "."),
        expected=limit.explain(),
        **where,
    )


# --------------------------------------------------------------------------- fractions

FRACTION_FACTOR = 10  # other sources at least this many times larger: a fraction, not a percent


def _dutch_number(number: float) -> str:
    return f"{number:.10g}".replace(".", ",")


def fraction_message(number: float) -> str:
    """Return the Dutch 'looks like a fraction' text for a percentage value between 0 and 1."""
    return (
        f"Dit percentage lijkt een fractie ({_dutch_number(number)} = "
        f"{_dutch_number(round(number * 100, 8))} %?)"
    )


FRACTION_EXPECTED = (
    "het percentage zelf, bv. 5,2 voor 5,2 % (niet 0,052); in Excel mag ook een cel die als "
    "percentage is opgemaakt"
)


def _decimals(text: str) -> int:
    digits = re.split(r"[.,]", text.strip().removesuffix("%").strip())
    return len(digits[-1]) if len(digits) > 1 else 0


def _reference_levels(exclude: Path) -> dict[str, float]:
    """Return indicator → median of its % values in the other deliveries under data/raw/."""
    levels: dict[str, list[float]] = {}
    for path in locations.find_deliveries():
        if path.resolve() == exclude.resolve() or path.suffix.lower() not in CSV_SUFFIXES:
            continue
        for indicator, value in _percent_values(path):
            levels.setdefault(indicator, []).append(value)
    return {k: float(pd.Series(v).median()) for k, v in levels.items()}


def _percent_values(path: Path) -> list[tuple[str, float]]:
    """Return (indicator, value) of the % figures of a stored CSV delivery (cached per version)."""
    stat = path.stat()
    return _percent_values_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.cache
def _percent_values_cached(path: str, _mtime: int, _size: int) -> list[tuple[str, float]]:
    """Read only indicator and value of a stored CSV delivery (it was checked when taken in).

    Checking every row again would make each check cost as much as the largest delivery.
    """
    found = _csv_text(Path(path), Report(path))
    if found is None:
        return []
    text, delimiter = found
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, on_bad_lines="skip"
        )
    except (ValueError, csv.Error):  # pandas' ParserError is a ValueError
        return []
    frame.columns = [str(c).replace("\ufeff", "").strip().lower().replace(" ", "_") for c in frame]
    if not {"indicator", "waarde"} <= set(frame.columns):
        return []
    percent = {code for code, ind in catalogue.INDICATORS.items() if ind.unit == catalogue.PCT}
    rows = frame.loc[frame["indicator"].str.strip().isin(percent), ["indicator", "waarde"]]
    numbers = {text: parse_number(text) for text in rows["waarde"].str.strip().unique()}
    out = []
    for indicator, text in zip(
        rows["indicator"].str.strip(), rows["waarde"].str.strip(), strict=True
    ):
        number = numbers[text]
        if number is not None and math.isfinite(number) and text.lower() not in SYMBOLS:
            out.append((indicator, number))
    return out


def _check_fractions(
    records: list[_Record],
    table: _Table,
    positions: dict[str, int],
    report: Report,
    references: dict[str, float],
) -> None:
    """Report % values that look like fractions (0,052 for 5,2 %); see the format document."""
    col = positions.get("waarde", -1)
    pct = [
        rec
        for rec in records
        if rec.values["eenheid"] == catalogue.PCT
        and not rec.symbool
        and math.isfinite(rec.waarde)
        and (rec.row, col) not in table.scaled
    ]
    whole_file = len(pct) >= 2 and all(0 <= rec.waarde <= 1 for rec in pct)
    by_indicator: dict[str, list[_Record]] = {}
    for rec in pct:
        by_indicator.setdefault(rec.values["indicator"], []).append(rec)
    for indicator, recs in by_indicator.items():
        values = [rec.waarde for rec in recs]
        if not all(0 <= v <= 1 for v in values) or max(values) == 0:
            continue
        level = references.get(indicator)
        if level is not None and level >= FRACTION_FACTOR * max(values):
            reason = (
                f"de andere leveringen geven voor {indicator} rond {_dutch_number(level)} % "
                "(mediaan)"
            )
        elif whole_file:
            reason = "alle percentages in dit bestand liggen tussen 0 en 1"
        else:
            for rec in recs:
                if 0 < rec.waarde < 1 and _decimals(rec.values["waarde"]) >= 3:
                    report.warning(
                        fraction_message(rec.waarde) + "; controleer of dit een percentage is",
                        sheet=table.sheet,
                        row=rec.row,
                        column="waarde",
                        value=rec.values["waarde"],
                        expected=FRACTION_EXPECTED,
                    )
            continue
        for rec in recs:
            if rec.waarde > 0:
                report.error(
                    f"{fraction_message(rec.waarde)}: {reason}",
                    sheet=table.sheet,
                    row=rec.row,
                    column="waarde",
                    value=rec.values["waarde"],
                    expected=FRACTION_EXPECTED,
                )


def _key(rec: _Record) -> tuple:
    v = rec.values
    return (v.get("publicatie", ""), v["indicator"], v["regiocode"], rec.jaar, v["bron_url"])


def _check_duplicates(records: list[_Record], table: _Table, report: Report) -> list[_Record]:
    seen: dict[tuple, _Record] = {}
    out = []
    for rec in records:
        key = _key(rec)
        first = seen.get(key)
        if first is None:
            seen[key] = rec
            out.append(rec)
            continue
        same = first.values == rec.values
        report.error(
            f"Dubbele rij: gelijk aan rij {first.row}"
            if same
            else f"Tegenstrijdige dubbele rij: zelfde publicatie, indicator, regio, jaar en "
            f"bron_url als rij {first.row}, maar een andere inhoud",
            sheet=table.sheet,
            row=rec.row,
            column="" if same else "waarde",
            value=rec.values.get("waarde", ""),
            expected="elk cijfer één keer",
        )
    return out


def _validate(path: str | Path, *, references: bool = True) -> tuple[Report, list[_Record]]:
    path = Path(path)
    report = Report(str(path))
    table = _read(path, report)
    if table is None:
        return report, []
    positions = _check_header(table, report)
    if any(name not in positions for name in REQUIRED_CELLS):
        return report, []
    known = _Regions.load()
    this_year = dt.date.today().year
    records = [
        rec
        for n, cells in table.rows
        if (rec := _check_row(n, cells, positions, table, report, known, this_year)) is not None
    ]
    records = _check_duplicates(records, table, report)
    levels = _reference_levels(path) if references else {}
    _check_fractions(records, table, positions, report, levels)
    return report, records


def validate_delivery(path: str | Path) -> Report:
    """Check a planning-office delivery and return every problem found (never raises)."""
    return _validate(path)[0]


def check_delivery(path: str | Path) -> tuple[Report, list[_Record]]:
    """Check a delivery; return the report and its rows (row number, normalised cells)."""
    return _validate(path)


# --------------------------------------------------------------------------- loading


def _definition(rec: _Record) -> str:
    v = rec.values
    text = v.get("definitie", "") or catalogue.get(v["indicator"]).definition
    if v.get("opmerking"):
        text = f"{text} (opmerking: {v['opmerking']})"
    return text


def load_delivery(path: str | Path) -> pd.DataFrame:
    """Load a delivery into the tidy indicator table; raise InputError when it has errors."""
    report, records = _validate(path)
    if not report.ok:
        raise InputError(report)
    known = _known_regions()
    rows = [
        {
            "bron": rec.values["bron"],
            "tabel": rec.values.get("publicatie", ""),
            "indicator": rec.values["indicator"],
            "regiocode": rec.values["regiocode"],
            "regionaam": known[rec.values["regiocode"]],
            "regioniveau": regions.level_of(rec.values["regiocode"]),
            "jaar": rec.jaar,
            "waarde": rec.waarde,
            "eenheid": rec.values["eenheid"],
            "definitie": _definition(rec),
            "status": rec.values["status"],
            "harmonisatie": "",
            "symbool": rec.symbool,
            "bron_url": rec.values.get("bron_url", ""),
            "onzeker": rec.onzeker,
        }
        for rec in records
    ]
    frame = tidy.make(pd.DataFrame(rows, columns=tidy.COLUMNS))
    frame.attrs["waarschuwingen"] = [f.render() for f in report.warnings]
    # per row: does the publisher publish the figure itself, or quote somebody else?
    frame.attrs["soort_bron"] = [rec.values["soort_bron"] for rec in records]
    return frame


def main(argv: list[str] | None = None) -> int:
    """Check delivery files from the command line; exit status 1 when a file has errors."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("Gebruik: python -m avk_analysis.sources.planning.delivery BESTAND [BESTAND ...]")
        return 2
    status = 0
    for name in args:
        report = validate_delivery(name)
        print(report.render())
        status = status or (0 if report.ok else 1)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
