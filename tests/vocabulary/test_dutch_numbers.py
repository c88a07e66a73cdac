"""One number parser for workbooks and deliveries: Dutch and Excel ways of writing numbers."""

from __future__ import annotations

import pytest

from avk_analysis.vocabulary.dutch_numbers import AmbiguousNumber, read_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,4", 8.4),
        ("8.4", 8.4),
        ("0.052", 0.052),  # never a thousands separator: a group does not start with 0
        ("0,052", 0.052),
        ("1.234,5", 1234.5),
        ("12,5%", 12.5),
        ("-3,5", -3.5),
        ("13860", 13860.0),
        ("1\u00a0234,5", 1234.5),
        ("1e3", 1000.0),
    ],
)
def test_reads_the_same_either_way(text: str, expected: float) -> None:
    assert read_number(text, thousands_dots=False) == expected
    assert read_number(text, thousands_dots=True) == expected


@pytest.mark.parametrize(("text", "expected"), [("1.234", 1234.0), ("5.000.000", 5_000_000.0)])
def test_thousands_dots_read_or_refused(text: str, expected: float) -> None:
    assert read_number(text, thousands_dots=True) == expected
    with pytest.raises(AmbiguousNumber):
        read_number(text, thousands_dots=False)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12..5", "inf", "nan", "1.23.4"])
def test_not_a_number(text: str) -> None:
    assert read_number(text, thousands_dots=True) is None
