"""Parsing what real spreadsheet cells contain."""

from __future__ import annotations

import datetime as dt

import pytest

from avk_analysis.sources.programme import cells
from avk_analysis.sources.programme.cells import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),
        ("12.500", 12500.0),
        ("1.234.567", 1234567.0),
        ("1,5", 1.5),
        ("1.5", 1.5),
        (" 34 ", 34.0),
        ("1 234", 1234.0),
        ("1\u00a0234,50", 1234.5),
        ("-5", -5.0),
        ("85%", 85.0),
        (12, 12.0),
        (0.5, 0.5),
        (None, None),
        ("   ", None),
    ],
)
def test_parse_number(raw: object, expected: float | None) -> None:
    assert cells.parse_number(raw) == expected


def test_percentage_format_multiplies_by_100() -> None:
    assert cells.parse_number(0.85, "0%") == pytest.approx(85)
    assert cells.parse_number(0.85, "0.00") == pytest.approx(0.85)


@pytest.mark.parametrize("raw", ["twaalf", "1,2,3", "12a", True, dt.date(2025, 1, 1), "#N/A"])
def test_parse_number_rejects(raw: object) -> None:
    with pytest.raises(CellError) as info:
        cells.parse_number(raw)
    assert info.value.expected


@pytest.mark.parametrize(("raw", "expected"), [("12,0", 12), (12.0, 12), ("1.000", 1000)])
def test_parse_int(raw: object, expected: int) -> None:
    assert cells.parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["12,5", 12.5, "1.5"])
def test_parse_int_rejects_decimals(raw: object) -> None:
    with pytest.raises(CellError, match="geen geheel getal"):
        cells.parse_int(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "12-03-2025",
        "12-3-2025",
        "12/03/2025",
        "12.03.2025",
        "12-03-25",
        "2025-03-12",
        "2025-03-12 00:00:00",
        "2025-03-12T10:15:00",
        "12 maart 2025",
        "12 mrt. 2025",
        45728,
        45728.0,
        "45728",
        dt.datetime(2025, 3, 12, 14, 30),
        dt.date(2025, 3, 12),
    ],
)
def test_parse_date(raw: object) -> None:
    assert cells.parse_date(raw) == dt.date(2025, 3, 12)


@pytest.mark.parametrize("raw", ["31-02-2025", "13-13-2025", "gisteren", 2025, 0, "1-1-1850"])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(CellError):
        cells.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(1, 1), ("Q2", 2), ("k3", 3), ("kwartaal 4", 4), ("1e kwartaal", 1)]
)
def test_parse_quarter(raw: object, expected: int) -> None:
    assert cells.parse_quarter(raw) == expected


def test_parse_quarter_rejects_text() -> None:
    with pytest.raises(CellError):
        cells.parse_quarter("voorjaar")


def test_clean_text_and_blank() -> None:
    assert cells.clean_text("  Emmen\u00a0 ") == "Emmen"
    assert cells.clean_text(12.0) == "12"
    assert cells.is_blank(" \u00a0 ")
    assert not cells.is_blank(0)


def test_normalisation_and_closest() -> None:
    assert cells.normalise_header(" Doel ID *") == "doel_id"
    assert cells.normalise_header("Gemeente-code") == "gemeente_code"
    assert cells.normalise_choice("Netwerkcafé ") == "netwerkcafe"
    assert cells.closest("economish", ["economisch", "sociaal"]) == "economisch"
    assert cells.closest("xyz", ["economisch", "sociaal"]) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.052", 0.052),  # never 52: a thousands group cannot start with 0
        ("0,052", 0.052),
        ("-0.052", -0.052),
        ("1.234", 1234.0),
        ("1.234,5", 1234.5),
        ("13.860", 13860.0),
        ("5.000.000", 5_000_000.0),
        ("12,5%", 12.5),
    ],
)
def test_parse_number_decimal_or_thousands(raw: str, expected: float) -> None:
    assert cells.parse_number(raw) == pytest.approx(expected)
