"""What a reader sees of a value: Dutch numbers, CBS symbols, suppression labels, escaping.

One place for the rules every page follows, so that a table, a chart axis and a sentence show
the same number the same way: decimal comma, thousands dot, halves rounded up; a CBS symbol or
"geen gegevens" instead of a missing number (never zero); text from an input file escaped before
it enters HTML or Markdown, and neutralised before it enters a CSV file that a spreadsheet opens.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from avk_analysis.vocabulary import symbols

GEEN_GEGEVENS = "geen gegevens"
# DataFrame.attrs key of a display table's per-cell figure keys ('indicator|regiocode|jaar')
CELL_KEYS = "cijfers"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~-])")
# A spreadsheet runs a cell that starts with one of these (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as the monitor writes it in a CSV cell, also with a sign, thousands dots, a decimal
# comma or point, an exponent or a percent sign: "-1,5", "+0,3", "-1.234,5", "1e-05", "-4 %".
_CSV_NUMBER = re.compile(
    r"[+-]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?:[eE][+-]?\d+)?(?:\s?%)?"
)


def is_missing(x: object) -> bool:
    """Return True for None, NaN and pandas' missing markers."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isnan(float(x))


def fmt_getal(x: float | int | None, decimals: int = 0) -> str:
    """Format a number the Dutch way: ``12345.6 -> "12.346"``; missing -> "geen gegevens"."""
    if is_missing(x):
        return GEEN_GEGEVENS
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"Geen getal: {x!r}")
    if not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"Aantal decimalen moet 0 of meer zijn, niet {decimals!r}")
    if math.isinf(float(x)):
        raise ValueError(f"Oneindige waarde kan niet worden getoond: {x!r}")
    value = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_pct(x: float | None, decimals: int = 1) -> str:
    """Format a percentage (already in percent) the Dutch way: ``12.345 -> "12,3 %"``."""
    if is_missing(x):
        return GEEN_GEGEVENS
    return f"{fmt_getal(x, decimals)} %"


def fmt_signed(x: float, decimals: int = 1) -> str:
    """Format a change with its sign the Dutch way: ``0.25 -> "+0,3"``, ``-1 -> "-1,0"``."""
    text = fmt_getal(x, decimals)
    return text if text.startswith("-") or text == GEEN_GEGEVENS else f"+{text}"


def symbol_cell(symbol: str) -> str:
    """Return what a table cell shows for a CBS symbol (``"geen gegevens"`` when unknown)."""
    return symbols.CELL_TEXT.get(symbol, GEEN_GEGEVENS) or GEEN_GEGEVENS


def suppressed_label(threshold: int) -> str:
    """Return the text that replaces a suppressed count, e.g. ``"<10"``."""
    return f"<{int(threshold)}"


def escape_html(text: object) -> str:
    """Escape text from an input file (delivery, workbook, CBS title, file name) for HTML."""
    return html.escape(str(text), quote=True)


def spreadsheet_text(text: object) -> str:
    """Return text for a CSV cell that no spreadsheet runs as a formula (OWASP's advice).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single
    quote in front, so Excel and LibreOffice show it as text instead of running it; numbers
    (also negative ones in Dutch notation, ``-1,5``) and the CBS symbol ``-`` (nil) stay as they
    are. Every CSV the monitor writes passes each cell through here (``charts.csv_cell``).
    """
    value = str(text)
    if not value.startswith(FORMULA_STARTS) or value == "-" or _CSV_NUMBER.fullmatch(value):
        return value
    return "'" + value


# "scheme://" inside text: the Markdown renderer of the pages would turn it into a live link.
_ADDRESS_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)")


def escape_markdown(text: object) -> str:
    """Escape text from an input file for Markdown: markup, HTML and web addresses are inert.

    Only a URL field becomes a link (:func:`markdown_url`); an address inside a name or a free
    text stays text, because its colon is escaped and the renderer no longer sees an address.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
    return _ADDRESS_SCHEME.sub(r"\1\\:", escaped)


_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`\\]*)?")


def markdown_url(url: object) -> str:
    """Return a Markdown autolink ``<https://…>`` for a safe web address, else ``""``.

    Addresses come from input files: anything but a plain http(s) address (empty, a local path,
    ``javascript:``, markup) gives no link at all, so a page never shows ``<>`` or a live link
    that an input planted.
    """
    text = "" if is_missing(url) else str(url).strip()
    if not _SAFE_URL.fullmatch(text):
        return ""
    return f"<{text.replace('>', '%3E')}>"
