"""Parameter checks of the report run: gemeente, Veenkoloniën, jaar and notebook parameters."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from avk_analysis.report.runner import params
from avk_analysis.report.runner.params import ReportError
from avk_analysis.vocabulary import regions

FIXTURES = Path(__file__).parents[1] / "fixtures" / "runner"
CHAPTER = FIXTURES / "notebooks" / "rapport" / "01_inleiding.ipynb"
FACTSHEET = FIXTURES / "notebooks" / "factsheet.ipynb"
ONLY_JAAR = FIXTURES / "extra" / "alleen_jaar.ipynb"
NO_PARAMETERS = FIXTURES / "extra" / "zonder_parameters.ipynb"


def test_alle_and_geen() -> None:
    assert params.resolve_gemeenten("alle") == regions.gemeente_codes()
    assert len(params.resolve_gemeenten(" Alle ")) == 22
    assert params.resolve_gemeenten("geen") == []
    assert params.resolve_gemeenten("GEEN") == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("GM0014", "GM0014"),
        ("gm0014", "GM0014"),
        ("gm14", "GM0014"),
        ("Groningen", "GM0014"),
        ("  midden-groningen ", "GM1952"),
        ("Midden Groningen", "GM1952"),
        ("aa en hunze", "GM1680"),
        ("BORGER-ODOORN", "GM1681"),
    ],
)
def test_one_gemeente_by_code_or_name(value: str, code: str) -> None:
    assert params.resolve_gemeenten(value) == [code]


def test_unknown_gemeente_suggests_the_closest() -> None:
    with pytest.raises(ReportError, match=r"Onbekende gemeente 'Veendm'\. Bedoelt u Veendam"):
        params.resolve_gemeenten("Veendm")
    with pytest.raises(ReportError, match=r"Bedoelt u Groningen \(GM0014\)\?"):
        params.resolve_gemeenten("groningn")
    with pytest.raises(ReportError, match=r"Bedoelt u Hoogeveen \(GM0118\)\?"):
        params.resolve_gemeenten("Hogeveen")


def test_unknown_code_is_not_guessed() -> None:
    with pytest.raises(ReportError) as info:
        params.resolve_gemeenten("GM0115")
    assert "Onbekende gemeente 'GM0115'" in str(info.value)
    assert "Bedoelt u" not in str(info.value)


def test_unknown_gemeente_without_close_match_lists_the_choices() -> None:
    with pytest.raises(ReportError) as info:
        params.resolve_gemeenten("Amsterdam")
    assert "Bedoelt u" not in str(info.value)
    assert "'alle', 'geen'" in str(info.value)


def test_merged_gemeente_points_to_its_successor() -> None:
    with pytest.raises(ReportError, match="opgegaan in Midden-Groningen \\(GM1952\\)"):
        params.resolve_gemeenten("Hoogezand-Sappemeer")
    with pytest.raises(ReportError, match="bestaat niet meer"):
        params.resolve_gemeenten("GM0018")


def test_default_veenkolonien_matches_regions() -> None:
    assert params.DEFAULT_VEENKOLONIEN == regions.DEFAULT_VEENKOLONIEN


def test_veenkolonien_definitions() -> None:
    for known in regions.veenkolonien_definitions()["definitie"]:
        assert params.validate_veenkolonien(known) == known
    assert params.validate_veenkolonien(" Agenda ") == "agenda"
    with pytest.raises(ReportError, match="Bedoelt u 'programma'"):
        params.validate_veenkolonien("programa")
    with pytest.raises(ReportError, match="Kies uit: planbureaus"):
        params.validate_veenkolonien("heel drenthe")


def test_jaar_must_be_plausible() -> None:
    today = dt.date(2025, 6, 1)
    assert params.validate_jaar(2025, today=today) == 2025
    assert params.validate_jaar(2026, today=today) == 2026
    for bad in (1999, 2027, 25):
        with pytest.raises(ReportError, match="plausibel"):
            params.validate_jaar(bad, today=today)
    for bad in ("2025", 2025.0, True):
        with pytest.raises(ReportError, match="geheel getal"):
            params.validate_jaar(bad, today=today)  # type: ignore[arg-type]


def test_positive_numbers() -> None:
    assert params.validate_positive(0, "Workers", allow_zero=True) == 0
    assert params.validate_positive(600, "Tijdslimiet") == 600
    with pytest.raises(ReportError, match="Tijdslimiet moet een geheel getal van 1 of meer"):
        params.validate_positive(0, "Tijdslimiet")
    with pytest.raises(ReportError, match="0 of meer"):
        params.validate_positive(-1, "Workers", allow_zero=True)


def test_notebook_that_declares_the_parameters_is_fine() -> None:
    assert params.notebook_problems(CHAPTER, {"jaar": 2025, "veenkolonien": "agenda"}, "h1") == []
    assert params.notebook_problems(CHAPTER, {"jaar": 2025}, "h1") == []  # defaults may stay
    factsheet = {"jaar": 2025, "gemeente": "GM0014", "veenkolonien": "agenda"}
    assert params.notebook_problems(FACTSHEET, factsheet, "fs") == []


def test_undeclared_parameter_is_an_error() -> None:
    problems = params.notebook_problems(ONLY_JAAR, {"jaar": 1, "veenkolonien": "x"}, "h2")
    assert len(problems) == 1
    assert problems[0].startswith("h2: de parametercel declareert veenkolonien niet (wel: jaar)")
    gemeente = params.notebook_problems(CHAPTER, {"jaar": 1, "gemeente": "GM0014"}, "h1")
    assert "declareert gemeente niet" in gemeente[0]


def test_notebook_without_parameters_cell_is_an_error() -> None:
    assert not params.has_parameters_cell(NO_PARAMETERS)
    assert params.has_parameters_cell(CHAPTER)
    problems = params.notebook_problems(NO_PARAMETERS, {"jaar": 1}, "zp")
    assert problems and "geen cel met de tag 'parameters'" in problems[0]


def test_unreadable_notebook_is_an_error(tmp_path) -> None:
    broken = tmp_path / "kapot.ipynb"
    broken.write_text("{niet json", encoding="utf-8")
    with pytest.raises(ReportError, match="niet te lezen"):
        params.notebook_problems(broken, {"jaar": 1}, "kapot")


def test_check_notebooks_reports_every_problem_at_once(tmp_path) -> None:
    copy = tmp_path / "zelfde.ipynb"
    shutil.copy(CHAPTER, copy)
    plans = [
        (CHAPTER, {"jaar": 1, "veenkolonien": "x"}, "goed"),
        (ONLY_JAAR, {"jaar": 1, "veenkolonien": "x"}, "eerste"),
        (NO_PARAMETERS, {"jaar": 1}, "tweede"),
    ]
    with pytest.raises(ReportError) as info:
        params.check_notebooks(plans)
    message = str(info.value)
    assert "  - eerste:" in message and "  - tweede:" in message and "goed" not in message
    params.check_notebooks([(copy, {"jaar": 1}, "ok")])  # no problems: no error
