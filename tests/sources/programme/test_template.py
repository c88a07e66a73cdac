"""The empty template: sheets, drop-down lists, instructions, determinism."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from avk_analysis.sources.programme import contract, template
from avk_analysis.sources.programme.validate import validate_file
from avk_analysis.vocabulary import regions


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sjabloon") / template.template_name(2025)
    return template.write_template(path, 2025)


def _validations(ws) -> dict[str, object]:
    return {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}


def test_template_has_all_sheets_in_order(template_path: Path) -> None:
    wb = openpyxl.load_workbook(template_path)
    assert wb.sheetnames == [
        contract.INSTRUCTIONS_SHEET,
        *contract.ALL_SHEETS,
        contract.LISTS_SHEET,
    ]
    assert wb[contract.LISTS_SHEET].sheet_state == "hidden"
    for name, spec in contract.SHEETS.items():
        assert [c.value for c in wb[name][1]] == spec.names


def test_template_has_drop_down_lists_with_the_vocabularies(template_path: Path) -> None:
    wb = openpyxl.load_workbook(template_path)
    lists = wb[contract.LISTS_SHEET]
    dv = _validations(wb["Doelen"])["C2"]  # kapitaalsvorm
    assert dv.type == "list"
    rng = dv.formula1.split("!")[1].replace("$", "")
    values = [c.value for row in lists[rng] for c in row]
    assert values == list(contract.KAPITAALSVORMEN)
    gemeente = _validations(wb["Bereik"])["C2"]
    rng = gemeente.formula1.split("!")[1].replace("$", "")
    assert [c.value for row in lists[rng] for c in row] == regions.gemeente_codes()
    assert _validations(wb["Bereik"])["F2"].type == "whole"
    assert _validations(wb["Bijeenkomsten"])["A2"].type == "date"
    assert str(_validations(wb["Doelen"])["C2"].sqref) == "C2:C1001"


def test_template_info_sheet_carries_year_and_type(template_path: Path) -> None:
    wb = openpyxl.load_workbook(template_path)
    info = {r[0].value: r[1].value for r in wb[contract.INFO_SHEET].iter_rows(min_row=2)}
    assert info["programmajaar"] == 2025
    assert info["gegevenstype"] == contract.GEGEVENSTYPE_ECHT


def test_template_instructions_are_dutch_and_cover_every_column(template_path: Path) -> None:
    wb = openpyxl.load_workbook(template_path)
    text = "\n".join(
        str(c.value) for row in wb[contract.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "Zo vult u de werkmap in" in text
    assert "Privacy" in text and "<10" in text
    for spec in contract.SHEETS.values():
        for col in spec.columns:
            assert col.name in text


def test_template_headers_have_comments(template_path: Path) -> None:
    wb = openpyxl.load_workbook(template_path)
    comment = wb["Bereik"]["A1"].comment
    assert comment is not None and "Kalenderjaar" in comment.text


def test_template_is_deterministic(template_path: Path, tmp_path: Path) -> None:
    again = template.write_template(tmp_path / "nog_een.xlsx", 2025)
    assert again.read_bytes() == template_path.read_bytes()


def test_empty_template_is_only_refused_for_having_no_data(template_path: Path) -> None:
    report = validate_file(template_path)
    assert [f.message for f in report.errors] == [
        "De werkmap bevat geen gegevens: alle bladen hebben alleen kolomkoppen"
    ]
    assert report.warnings == []


def test_template_filled_with_one_row_per_sheet_is_valid(
    template_path: Path, tmp_path: Path
) -> None:
    from .workbooks import INFO, ROWS

    wb = openpyxl.load_workbook(template_path)
    for name, rows in ROWS.items():
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                wb[name].cell(row=r, column=c, value=value)
    assert INFO[1][0] == "programmajaar"
    path = tmp_path / "ingevuld.xlsx"
    wb.save(path)
    report = validate_file(path)
    assert report.findings == [], report.render()


def test_main_writes_template_and_dictionary(tmp_path: Path, avk_root: Path) -> None:
    target = tmp_path / "s.xlsx"
    assert template.main(["--jaar", "2026", "--uit", str(target)]) == 0
    assert target.exists()
    assert (avk_root / "docs" / "datadictionary_programma.md").exists()
