"""What a reader sees of a value: Dutch numbers, symbols, suppression labels and escaping."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from avk_analysis.presentation import formatting as presentation

# --- Dutch numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12345, 0, "12.345"),
        (12345.678, 2, "12.345,68"),
        (1234567.891, 1, "1.234.567,9"),
        (999.5, 0, "1.000"),
        (2.5, 0, "3"),  # half up, as CBS rounds, not half to even
        (0.125, 2, "0,13"),
        (-1234.5, 0, "-1.235"),
        (-0.4, 0, "0"),  # no "-0"
        (7, 2, "7,00"),
        (np.float64(12.5), 1, "12,5"),
        (np.int64(1000), 0, "1.000"),
    ],
)
def test_fmt_getal(value: float, decimals: int, expected: str) -> None:
    assert presentation.fmt_getal(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(12.345, 1, "12,3 %"), (0.05, 2, "0,05 %"), (100, 0, "100 %"), (12.35, 1, "12,4 %")],
)
def test_fmt_pct(value: float, decimals: int, expected: str) -> None:
    assert presentation.fmt_pct(value, decimals) == expected


def test_fmt_defaults() -> None:
    assert presentation.fmt_pct(12.345) == "12,3 %"
    assert presentation.fmt_getal(12345) == "12.345"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_is_never_zero(missing: object) -> None:
    assert presentation.fmt_getal(missing) == "geen gegevens"
    assert presentation.fmt_pct(missing) == "geen gegevens"


def test_fmt_getal_rejects_bad_input() -> None:
    with pytest.raises(TypeError, match="Geen getal"):
        presentation.fmt_getal("12")
    with pytest.raises(TypeError):
        presentation.fmt_getal(True)
    with pytest.raises(ValueError, match="Oneindige"):
        presentation.fmt_getal(math.inf)
    with pytest.raises(ValueError, match="decimalen"):
        presentation.fmt_getal(1.0, -1)


def test_fmt_signed() -> None:
    assert presentation.fmt_signed(0.25) == "+0,3"
    assert presentation.fmt_signed(-1) == "-1,0"
    assert presentation.fmt_signed(0.04) == "+0,0"
    assert presentation.fmt_signed(float("nan")) == "geen gegevens"


def test_symbol_cells_and_suppression_label() -> None:
    assert presentation.symbol_cell(".") == "geen gegevens"
    assert presentation.symbol_cell("x") == "geheim"
    assert presentation.symbol_cell("-") == "0"
    assert presentation.symbol_cell("") == "geen gegevens"
    assert presentation.suppressed_label(10) == "<10"
    assert presentation.suppressed_label(5) == "<5"


@pytest.mark.parametrize(
    "planted",
    [
        "<b>vet</b>",
        '<a href="https://elders.example">klik</a>',
        "<script>alert(1)</script>",
        "**vet** [link](https://elders.example) <u>x</u>",
    ],
)
def test_escaping_makes_planted_markup_inert(planted: str) -> None:
    import mistune  # the Markdown renderer nbconvert uses

    as_html = presentation.escape_html(planted)
    assert "<" not in as_html and ">" not in as_html
    rendered = mistune.html(presentation.escape_markdown(planted))
    assert "<b>" not in rendered and "<a " not in rendered and "<script" not in rendered
    assert "<strong>" not in rendered and "<u>" not in rendered


# --- CSV cells a spreadsheet would run (OWASP "CSV injection") ------------------------------

FORMULAS = (
    '=HYPERLINK("http://evil.example","klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_a_quote_in_front(text: str) -> None:
    assert presentation.spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["-1,5", "+0,3", "-1.234,5", "-12", "1e-05", "-4 %", "-", "Emmen", "x", "", "5,2", "a=b"],
)
def test_numbers_symbols_and_plain_text_stay_as_they_are(text: str) -> None:
    assert presentation.spreadsheet_text(text) == text
