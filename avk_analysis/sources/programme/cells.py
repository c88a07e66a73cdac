"""Parsing what real spreadsheet cells contain.

People type Dutch numbers ("1.234,5"), store numbers as text, type dates as text
("12-03-2025", "2025-03-12", "12 maart 2025") or leave Excel serial numbers, and leave
trailing spaces. These functions turn such values into Python values or raise ``CellError``
with a Dutch message and what was expected.

Rules for numbers written as text (documented in the data dictionary):
- a comma is the decimal separator, dots are thousands separators: "1.234,5" = 1234.5;
- without a comma, dots in groups of three are thousands separators: "1.234" = 1234, "12.500" =
  12500; any other dot is a decimal point: "1.5" = 1.5, and so is a dot after a leading 0:
  "0.052" = 0.052 (a thousands group cannot start with 0);
- spaces (also non-breaking) inside a number are ignored, a trailing "%" is allowed.
Dates written as text are read day-first (Dutch): "03-04-2025" is 3 April 2025.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata

from openpyxl.utils.datetime import from_excel

from avk_analysis.vocabulary import dutch_numbers

_SPACES = "\u00a0\u2007\u202f\u200b\ufeff"
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!")
MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# A thousands group never starts with 0: "0.052" is the decimal number 0.052, never 52.
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_YMD = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ tT]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_TEXT_DATE = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
_QUARTER = re.compile(r"(?:q|k|kw|kwartaal)?\s*([1-9]\d*)\s*(?:e|de)?\s*(?:kwartaal)?")


class CellError(ValueError):
    """A cell value cannot be read as the expected type."""

    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.message = message
        self.expected = expected


def clean_text(value: object) -> str | None:
    """Return the text of a cell without surrounding (also non-breaking) spaces, None if blank."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        text = value.strftime("%d-%m-%Y") if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.strftime("%d-%m-%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    for ch in _SPACES:
        text = text.replace(ch, " ")
    text = text.strip()
    return text or None


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None or only spaces)."""
    return clean_text(value) is None


def display(value: object) -> str:
    """Return a cell value as the user would recognise it in a message."""
    text = clean_text(value)
    return "" if text is None else text


def _check_excel_error(value: object) -> None:
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise CellError(
            f"de cel bevat de Excel-foutwaarde {value.strip()}",
            "een waarde zonder formulefout",
        )


def _reject_bool(value: object, expected: str) -> None:
    if isinstance(value, bool):
        raise CellError("de cel bevat WAAR/ONWAAR", expected)


def parse_number(value: object, number_format: str = "") -> float | None:
    """Read a number from a cell (Dutch text allowed); None if blank."""
    _check_excel_error(value)
    _reject_bool(value, "een getal")
    if is_blank(value):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if "%" in number_format:
            number = round(number * 100, 10)
        return number
    if isinstance(value, dt.date):
        raise CellError("de cel bevat een datum", "een getal")
    text = clean_text(value) or ""
    compact = text.replace(" ", "")
    percent = compact.endswith("%")
    if percent:
        compact = compact[:-1]
    if compact.startswith("€"):
        compact = compact[1:]
    number = dutch_numbers.read_number(compact, thousands_dots=True)
    if number is None:
        raise CellError(
            "dit is geen getal",
            "een getal, bijvoorbeeld 1234 of 1.234,5 (komma als decimaalteken)",
        )
    return number


def parse_int(value: object, number_format: str = "") -> int | None:
    """Read a whole number from a cell (Dutch text allowed); None if blank."""
    number = parse_number(value, number_format)
    if number is None:
        return None
    if not math.isfinite(number) or not float(number).is_integer():
        raise CellError("dit is geen geheel getal", "een geheel getal (zonder decimalen)")
    return int(number)


def parse_year(value: object) -> int | None:
    """Read a year (e.g. 2025) from a cell; None if blank."""
    if isinstance(value, dt.date):
        raise CellError("de cel bevat een datum", "een jaartal, bijvoorbeeld 2025")
    try:
        return parse_int(value)
    except CellError:
        raise CellError("dit is geen jaartal", "een jaartal, bijvoorbeeld 2025") from None


def parse_quarter(value: object) -> int | None:
    """Read a quarter (1-4, also 'Q1', 'K1', 'kwartaal 1') from a cell; None if blank."""
    _check_excel_error(value)
    _reject_bool(value, "een kwartaal 1 tot en met 4")
    if is_blank(value):
        return None
    if isinstance(value, int | float):
        if float(value).is_integer():
            return int(value)
        raise CellError("dit is geen kwartaal", "een kwartaal 1 tot en met 4")
    match = _QUARTER.fullmatch((clean_text(value) or "").lower())
    if not match:
        raise CellError("dit is geen kwartaal", "een kwartaal 1 tot en met 4, of Q1 tot en met Q4")
    return int(match.group(1))


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            "deze datum bestaat niet", "een bestaande datum als dd-mm-jjjj, bijvoorbeeld 12-03-2025"
        ) from None


def parse_date(value: object, min_year: int = 1990, max_year: int = 2100) -> dt.date | None:
    """Read a date from a cell (date, Excel serial number or Dutch text); None if blank."""
    _check_excel_error(value)
    _reject_bool(value, "een datum")
    if is_blank(value):
        return None
    expected = f"een datum tussen {min_year} en {max_year}, bijvoorbeeld 12-03-2025"
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, int | float) or (
        isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip())
    ):
        serial = float(value)
        if not 1 <= serial < 2_958_466:
            raise CellError("dit getal is geen datum", expected)
        result = from_excel(serial).date()
        if not min_year <= result.year <= max_year:
            raise CellError(
                f"dit getal is als Excel-datum {result:%d-%m-%Y}, geen datum maar een getal?",
                expected,
            )
    else:
        result = _parse_date_text((clean_text(value) or "").lower(), expected)
    if not min_year <= result.year <= max_year:
        raise CellError(f"de datum {result:%d-%m-%Y} ligt buiten het verwachte bereik", expected)
    return result


def _parse_date_text(text: str, expected: str) -> dt.date:
    if m := _DMY.fullmatch(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year += 2000
        return _make_date(year, month, day)
    if m := _YMD.fullmatch(text):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if (m := _TEXT_DATE.fullmatch(text)) and m.group(2) in MONTHS:
        return _make_date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    raise CellError("dit is geen datum", expected)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_choice(value: object) -> str:
    """Return a value as compared with a vocabulary: lower case, no accents, single spaces."""
    text = _strip_accents(clean_text(value) or "").lower()
    text = text.replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def normalise_header(value: object) -> str:
    """Return a header as compared with column names: 'Doel ID ' → 'doel_id'."""
    text = normalise_choice(value).replace("*", "").strip()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def closest(value: str, options: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """Return the option closest to ``value`` (case and accents ignored), or None."""
    if not options:
        return None
    keys = {normalise_choice(o): o for o in options}
    match = difflib.get_close_matches(normalise_choice(value), list(keys), n=1, cutoff=cutoff)
    return keys[match[0]] if match else None
