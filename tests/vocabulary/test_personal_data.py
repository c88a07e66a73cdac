"""What looks like personal data in a published column (avk_analysis.vocabulary.personal_data)."""

from __future__ import annotations

import pytest

from avk_analysis.vocabulary import personal_data as pd_


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Jan de Vries (jan.devries@example.nl)", pd_.EMAIL),
        ("Contact: j.devries@welzijn-emmen.nl", pd_.EMAIL),
        ("bel 06-12345678", pd_.PHONE),
        ("tel. 050 - 123 45 67", pd_.PHONE),
        ("+31 6 1234 5678", pd_.PHONE),
        ("0591685000", pd_.PHONE),
        ("BSN 123456782", pd_.BSN),
        ("cliënt 1234.56.782", pd_.BSN),
        ("dhr. Jansen", pd_.SALUTATION),
        ("Mevr. de Vries", pd_.SALUTATION),
        ("Steungezin mw. A. Bakker", pd_.SALUTATION),
        ("de heer Van Dam", pd_.SALUTATION),
        ("Dhr Pietersen", pd_.SALUTATION),
    ],
)
def test_what_usually_travels_with_a_name_is_recognised(text: str, what: str) -> None:
    assert pd_.looks_personal(text) == what
    assert what in pd_.message(what) and "gepubliceerd" in pd_.message(what)


@pytest.mark.parametrize(
    "text",
    [
        "Gemeente Emmen",
        "Welzijn op recept",
        "MW Drenthe",  # maatschappelijk werk, no salutation
        "HR Advies Noord",
        "GM0114",
        "Monitor 2023-2024",
        "Congres 12-03-2025",
        "kinderen tot 18 jaar; 2021/2022",
        "CBS 85618NED, 1.234.567 inwoners",
        "https://www.trendbureaudrenthe.nl/armoede/",
        "123456789",  # nine digits that fail the eleven-test
        "0,052",
        "",
    ],
)
def test_names_of_organisations_codes_dates_and_numbers_are_not_flagged(text: str) -> None:
    assert pd_.looks_personal(text) == ""
