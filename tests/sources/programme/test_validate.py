"""Validation of programme workbooks: one test per rule, asserting sheet, row and column."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from avk_analysis.sources.programme import contract, validate
from avk_analysis.sources.programme.validate import MAX_SAME_FINDINGS, check_workbook, validate_file
from avk_analysis.vocabulary.validation import ERROR, WARNING

from .workbooks import cell, find, make_book


def test_valid_workbook_has_no_findings(tmp_path: Path) -> None:
    report = validate_file(make_book(tmp_path))
    assert report.findings == [], report.render()
    assert report.ok


def test_validate_file_and_validate_workbook_agree(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "jaar"), "value", "x"))
    a, b = validate_file(path), validate.validate_workbook(path)
    assert [f.render() for f in a.findings] == [f.render() for f in b.findings]
    assert not a.ok


# --- what real spreadsheets contain ------------------------------------------------------------
def test_dutch_decimal_comma_and_thousands_dots_are_read(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Doelen", 2, "streefwaarde").value = "1.234,5"
        cell(wb, "Doelen", 2, "realisatie").value = "118,0"
        cell(wb, "Bereik", 2, "personen").value = "1.234"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok, checked.report.render()
    assert checked.frames["Doelen"].loc[0, "streefwaarde"] == 1234.5
    assert checked.frames["Bereik"].loc[0, "personen"] == 1234


def test_numbers_stored_as_text_are_read(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 2, "huishoudens").value = "34"
        cell(wb, "Bereik", 2, "kwartaal").value = "Q1"
        cell(wb, "Bereik", 2, "jaar").value = "2025"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.findings == []
    row = checked.frames["Bereik"].iloc[0]
    assert (row["huishoudens"], row["kwartaal"], row["jaar"]) == (34, 1, 2025)


def test_decimal_in_whole_number_column_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 3, "huishoudens"), "value", "12,5")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 3, "huishoudens")
    assert "geen geheel getal" in f.message
    assert f.value == "12,5"


@pytest.mark.parametrize(
    "value",
    [
        "12-03-2025",
        "2025-03-12",
        "12/03/2025",
        "12 maart 2025",
        45728,
        "45728",
        dt.datetime(2025, 3, 12),
    ],
)
def test_dates_as_text_or_excel_serials_are_read(tmp_path: Path, value: object) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bijeenkomsten", 2, "datum"), "value", value)
    )
    checked = check_workbook(path)
    assert checked.report.findings == [], checked.report.render()
    assert checked.frames["Bijeenkomsten"].loc[0, "datum"] == pd.Timestamp(2025, 3, 12)


@pytest.mark.parametrize("value", ["31-02-2025", "morgen", 2025, True])
def test_impossible_dates_are_errors(tmp_path: Path, value: object) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bijeenkomsten", 3, "datum"), "value", value)
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bijeenkomsten", 3, "datum")
    assert "datum" in f.expected


def test_trailing_spaces_are_ignored(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 2, "gemeente_code").value = " GM0114 "
        cell(wb, "Doelen", 2, "status").value = "Lopend\u00a0"
        cell(wb, "Interventies", 2, "interventie_id").value = "I001 "

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.findings == [], checked.report.render()
    assert checked.frames["Doelen"].loc[0, "status"] == "lopend"
    assert checked.frames["Interventies"].loc[0, "interventie_id"] == "I001"


def test_fully_empty_trailing_rows_are_ignored_silently(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Bereik"]
        for row in range(6, 40):
            ws.cell(row=row, column=1, value="   ")
            ws.cell(row=row, column=3, value=None)

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.findings == []
    assert len(checked.frames["Bereik"]) == 4


def test_partly_filled_row_is_not_dropped(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        lambda wb: setattr(cell(wb, "Interventies", 6, "opmerking"), "value", "alleen dit"),
    )
    report = validate_file(path)
    missing = find(report, ERROR, "Interventies", 6, text="Verplichte waarde ontbreekt")
    assert {f.column for f in missing} >= {"interventie_id", "naam", "partner", "start"}


def test_excel_percentage_format_is_read_as_percent(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Doelen", 3, "eenheid").value = "procent"
        c = cell(wb, "Doelen", 3, "realisatie")
        c.value = 0.85
        c.number_format = "0%"
        cell(wb, "Doelen", 3, "streefwaarde").value = "90%"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok, checked.report.render()
    assert checked.frames["Doelen"].loc[1, "realisatie"] == pytest.approx(85)
    assert checked.frames["Doelen"].loc[1, "streefwaarde"] == 90


# --- sheets -----------------------------------------------------------------------------------
def test_renamed_sheet_is_an_error_with_suggestion(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(wb["Interventies"], "title", "Interventie 2025"))
    report = validate_file(path)
    [f] = find(report, ERROR, sheet="Interventies", text="ontbreekt")
    assert "'Interventie 2025'" in f.message
    assert not find(report, WARNING, sheet="Interventie 2025")  # not also reported as extra


def test_missing_sheet_is_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: wb.remove(wb["Jaardoelen"]))
    report = validate_file(path)
    [f] = find(report, ERROR, sheet="Jaardoelen")
    assert "ontbreekt" in f.message


def test_sheet_name_differing_only_in_case_is_used_with_warning(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(wb["Partners"], "title", "partners "))
    checked = check_workbook(path)
    assert checked.report.ok
    assert find(checked.report, WARNING, sheet="partners ")
    assert len(checked.frames["Partners"]) == 2


def test_extra_sheet_is_a_warning(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: wb.create_sheet("Kladblok").append(["iets"]))
    report = validate_file(path)
    assert report.ok
    assert find(report, WARNING, sheet="Kladblok")


# --- columns and headers ----------------------------------------------------------------------
def test_extra_column_is_a_warning(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Partners"]
        ws.cell(row=1, column=9, value="contactpersoon")
        ws.cell(row=2, column=9, value="iemand")

    report = validate_file(make_book(tmp_path, edit))
    assert report.ok
    [f] = find(report, WARNING, "Partners", 1, "contactpersoon")
    assert "genegeerd" in f.message


def test_missing_required_column_suggests_the_renamed_one(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        lambda wb: setattr(cell(wb, "Bereik", 1, "gemeente_code"), "value", "gemeentecode"),
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 1, "gemeente_code")
    assert "gemeentecode" in f.message


def test_header_names_are_matched_loosely(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 1, "gemeente_code").value = "Gemeente code"
        cell(wb, "Bereik", 1, "interventie_id").value = "Interventie-ID *"

    report = validate_file(make_book(tmp_path, edit))
    assert report.findings == []


def test_horizontally_merged_header_cells_are_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Bereik"]
        ws.merge_cells("F1:G1")  # huishoudens over the personen header

    report = validate_file(make_book(tmp_path, edit))
    [f] = find(report, ERROR, "Bereik", 1, "huishoudens", "samengevoegde cellen F1:G1")
    assert f.expected == "elke kolomkop één keer"
    assert find(report, WARNING, "Bereik", 1, "personen")  # its own header is gone


def test_merged_title_above_header_is_skipped_and_rows_keep_excel_numbers(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Partners"]
        ws.insert_rows(1)
        ws["A1"] = "Partners van de Alliantie van Kracht"
        ws.merge_cells("A1:G1")
        ws["B4"] = None  # naam missing in Excel row 4 (second data row)

    report = validate_file(make_book(tmp_path, edit))
    assert find(report, WARNING, "Partners", 2, text="kolomkoppen staan in rij 2")
    [f] = find(report, ERROR, "Partners", 4, "naam")
    assert "Verplichte waarde ontbreekt" in f.message


def test_merged_data_cells_are_filled_with_a_warning(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Bereik"]
        ws["C3"] = "GM0109"
        ws["C4"] = None
        ws.merge_cells("C3:C4")

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok
    assert find(checked.report, WARNING, "Bereik", 4, "gemeente_code", "C3:C4")
    assert checked.frames["Bereik"]["gemeente_code"].tolist()[1:3] == ["GM0109", "GM0109"]


def test_no_header_row_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Jaardoelen"]
        for c in range(1, 4):
            ws.cell(row=1, column=c, value=f"kolom {c}")

    report = validate_file(make_book(tmp_path, edit))
    [f] = find(report, ERROR, "Jaardoelen", 1, text="Geen kolomkoppen")
    assert "soort" in f.expected


def test_data_without_header_is_a_warning(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: wb["Partners"].cell(row=2, column=10, value="x"))
    report = validate_file(path)
    assert find(report, WARNING, "Partners", 1, "J")


# --- values -----------------------------------------------------------------------------------
def test_duplicate_id_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 3, "interventie_id"), "value", "i001")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Interventies", 3, "interventie_id")
    assert "rij 2" in f.message


def test_duplicate_reach_row_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Bereik"].append([2025, 1, "GM0114", "I001", None, 3, 3, 0])

    report = validate_file(make_book(tmp_path, edit))
    [f] = find(report, ERROR, "Bereik", 6)
    assert "rij 2" in f.message


def test_duplicate_partner_name_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Partners", 3, "naam"), "value", "gemeente emmen")
    )
    report = validate_file(path)
    assert find(report, ERROR, "Partners", 3, "naam", "Dubbele")


@pytest.mark.parametrize("code", ["GM9999", "GM0363", "Amsterdam"])
def test_unknown_gemeente_is_an_error(tmp_path: Path, code: str) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 3, "gemeente_code"), "value", code)
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 3, "gemeente_code")
    assert f.value == code


def test_pre_merger_gemeente_is_mapped_with_a_warning(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 3, "gemeente_code").value = "GM0018"
        cell(wb, "Interventies", 2, "gemeente_codes").value = "GM0114;GM0109;GM0018"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok
    [f] = find(checked.report, WARNING, "Bereik", 3, "gemeente_code")
    assert "GM1952" in f.message and "Hoogezand-Sappemeer" in f.message
    assert checked.frames["Bereik"].loc[1, "gemeente_code"] == "GM1952"
    assert checked.frames["Interventies"].loc[0, "gemeente_codes"] == "GM0114;GM0109;GM1952"
    assert ("Bereik", 3) in checked.harmonised


def test_split_gemeente_goes_to_largest_successor(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Partners", 3, "gemeente_code"), "value", "GM0053")
    )
    checked = check_workbook(path)
    [f] = find(checked.report, WARNING, "Partners", 3, "gemeente_code")
    assert "gesplitst" in f.message
    assert checked.frames["Partners"].loc[1, "gemeente_code"] == "GM1966"


@pytest.mark.parametrize(
    ("value", "code"), [("Emmen", "GM0114"), (114, "GM0114"), ("gm14", "GM0014")]
)
def test_gemeente_name_or_bare_number_is_read_with_warning(
    tmp_path: Path, value: object, code: str
) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Partners", 2, "gemeente_code"), "value", value)
    )
    checked = check_workbook(path)
    assert checked.report.ok
    assert find(checked.report, WARNING, "Partners", 2, "gemeente_code")
    assert checked.frames["Partners"].loc[0, "gemeente_code"] == code


def test_negative_count_is_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, "Bereik", 4, "kinderen"), "value", -3))
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 4, "kinderen")
    assert "Negatief" in f.message


def test_implausibly_large_count_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "huishoudens"), "value", 50_000)
    )
    report = validate_file(path)
    assert report.ok
    [f] = find(report, WARNING, "Bereik", 2, "huishoudens")
    assert "5.000" in f.expected


def test_percentage_above_100_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Doelen", 3, "eenheid").value = "procent"
        cell(wb, "Doelen", 3, "streefwaarde").value = 80
        cell(wb, "Doelen", 3, "realisatie").value = "120,5"

    report = validate_file(make_book(tmp_path, edit))
    [f] = find(report, ERROR, "Doelen", 3, "realisatie")
    assert "100" in f.message


def test_required_value_missing_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "operationeel_doel"), "value", "  ")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Doelen", 2, "operationeel_doel")
    assert "Verplichte waarde ontbreekt" in f.message


def test_value_outside_vocabulary_suggests_the_closest(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "kapitaalsvorm"), "value", "economish")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Doelen", 2, "kapitaalsvorm")
    assert "'economisch'" in f.message
    assert f.value == "economish"


def test_vocabulary_ignores_case_and_accents(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bijeenkomsten", 2, "soort").value = "Netwerkcafé"
        cell(wb, "Jaardoelen", 2, "soort").value = "Transitie tafel"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok, checked.report.render()
    assert checked.frames["Bijeenkomsten"].loc[0, "soort"] == "netwerkcafe"
    assert checked.frames["Jaardoelen"].loc[0, "soort"] == "transitietafel"


def test_unknown_doel_id_reference_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 2, "doel_id"), "value", "D99")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Interventies", 2, "doel_id")
    assert "onbekende doel_id" in f.message


def test_unknown_interventie_id_reference_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 3, "interventie_id"), "value", "I01")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 3, "interventie_id")
    assert "'I001'" in f.message


def test_unknown_experiment_reference_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 5, "experiment_id"), "value", "E09")
    )
    assert find(validate_file(path), ERROR, "Bereik", 5, "experiment_id")


def test_partner_may_be_given_by_name(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        lambda wb: setattr(cell(wb, "Interventies", 2, "partner"), "value", "gemeente emmen"),
    )
    checked = check_workbook(path)
    assert checked.report.ok
    assert checked.frames["Interventies"].loc[0, "partner"] == "P001"


def test_unknown_partner_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 3, "partner"), "value", "Onbekend")
    )
    assert find(validate_file(path), ERROR, "Interventies", 3, "partner")


def test_reach_needs_exactly_one_of_intervention_or_experiment(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 2, "experiment_id").value = "E01"
        cell(wb, "Bereik", 3, "interventie_id").value = None

    report = validate_file(make_book(tmp_path, edit))
    assert find(report, ERROR, "Bereik", 2, "experiment_id", "Zowel")
    assert find(report, ERROR, "Bereik", 3, "interventie_id")


def test_reach_consistency_warnings(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 2, "personen").value = 10  # fewer than 34 households
        cell(wb, "Bereik", 3, "kinderen").value = 31  # more than 30 persons
        cell(wb, "Bereik", 4, "jaar").value = 2024

    report = validate_file(make_book(tmp_path, edit))
    assert report.ok
    assert find(report, WARNING, "Bereik", 2, "personen")
    assert find(report, WARNING, "Bereik", 3, "kinderen")
    assert find(report, WARNING, "Bereik", 4, "jaar")


def test_reach_without_any_count_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        for col in ("huishoudens", "personen", "kinderen"):
            cell(wb, "Bereik", 2, col).value = None

    assert find(validate_file(make_book(tmp_path, edit)), ERROR, "Bereik", 2, "huishoudens")


def test_reach_in_gemeente_outside_intervention_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "gemeente_code"), "value", "GM0037")
    )
    report = validate_file(path)
    assert report.ok
    assert find(report, WARNING, "Bereik", 2, "gemeente_code", "niet bij de interventie")


def test_end_before_start_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 2, "eind"), "value", "01-01-2020")
    )
    assert find(validate_file(path), ERROR, "Interventies", 2, "eind")


def test_verdict_without_date_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 2, "beoordeeld_op"), "value", None)
    )
    report = validate_file(path)
    assert report.ok
    assert find(report, WARNING, "Interventies", 2, "beoordeeld_op")


def test_more_experts_than_participants_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        lambda wb: setattr(cell(wb, "Bijeenkomsten", 2, "ervaringsdeskundigen"), "value", 21),
    )
    assert find(validate_file(path), ERROR, "Bijeenkomsten", 2, "ervaringsdeskundigen")


def test_meeting_outside_programme_year_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bijeenkomsten", 3, "datum"), "value", "02-06-2024")
    )
    report = validate_file(path)
    assert report.ok
    assert find(report, WARNING, "Bijeenkomsten", 3, "datum")


def test_unit_required_with_a_value(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Experimenten", 2, "eenheid"), "value", None)
    )
    assert find(validate_file(path), ERROR, "Experimenten", 2, "eenheid")


def test_capital_that_does_not_fit_goal_is_a_warning(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Doelen", 3, "kapitaalsvorm").value = "sociaal"
        cell(wb, "Doelen", 3, "leerthema").value = None

    report = validate_file(make_book(tmp_path, edit))
    assert report.ok
    assert find(report, WARNING, "Doelen", 3, "kapitaalsvorm", text="leerthema")


def test_learning_theme_is_not_a_kapitaalsvorm(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "kapitaalsvorm"), "value", "leren")
    )
    [f] = find(validate_file(path), ERROR, "Doelen", 2, "kapitaalsvorm")
    assert "leren" in f.value


def test_goal_without_capital_or_theme_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Interventies", 2, "kapitaalsvorm"), "value", None)
    )
    [f] = find(validate_file(path), ERROR, "Interventies", 2, "kapitaalsvorm")
    assert "allebei leeg" in f.message


def test_theme_on_goal_one_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "leerthema"), "value", "leren")
    )
    report = validate_file(path)
    assert report.ok and find(report, WARNING, "Doelen", 2, "leerthema")


def test_yearly_reach_above_quarterly_sum_is_a_warning(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Jaarbereik", 2, "huishoudens"), "value", 500)
    )
    report = validate_file(path)
    assert report.ok
    [f] = find(report, WARNING, "Jaarbereik", 2, "huishoudens")
    assert "kwartalen" in f.message


def test_more_low_income_households_than_reached_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Jaarbereik", 2, "huishoudens_laag_inkomen").value = 51  # of 50 reached
        cell(wb, "Jaarbereik", 3, "huishoudens_laag_inkomen").value = 15  # all 15: fine

    report = validate_file(make_book(tmp_path, edit))
    [f] = find(report, ERROR, "Jaarbereik", column="huishoudens_laag_inkomen")
    assert f.row == 2 and f.value == "51"
    assert "huishoudens_laag_inkomen ≤ huishoudens" in f.expected


# --- the period of a goal's target (startjaar, doeljaar) --------------------------------------
def test_target_year_before_start_year_is_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "doeljaar"), "value", 2023))
    report = validate_file(path)
    [f] = find(report, ERROR, "Doelen", 2, "doeljaar")
    assert "vóór het startjaar" in f.message and f.value == "2023"


@pytest.mark.parametrize("column, other", [("startjaar", "doeljaar"), ("doeljaar", "startjaar")])
def test_half_a_period_is_an_error_in_the_empty_column(
    tmp_path: Path, column: str, other: str
) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, column), "value", None))
    report = validate_file(path)
    [f] = find(report, ERROR, "Doelen", 2)
    assert f.column == column and other in f.message


def test_an_unreadable_year_is_reported_once(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "startjaar"), "value", "x"))
    report = validate_file(path)
    assert len(find(report, ERROR, "Doelen", 2, "startjaar")) == 1


def test_a_target_without_period_is_a_located_warning(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Doelen", 2, "startjaar").value = None
        cell(wb, "Doelen", 2, "doeljaar").value = None

    report = validate_file(make_book(tmp_path, edit))
    assert report.ok
    [f] = find(report, WARNING, "Doelen", 2, "doeljaar")
    assert "looptijd onbekend" in f.message


def test_an_old_workbook_without_the_period_columns_is_read_with_one_warning(
    tmp_path: Path,
) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Doelen"]
        for name in ("doeljaar", "startjaar"):  # right to left: positions stay valid
            ws.delete_cols(contract.sheet("Doelen").names.index(name) + 1)

    report = validate_file(make_book(tmp_path, edit))
    assert report.ok, report.render()
    sheet_level = [f for f in find(report, WARNING, "Doelen") if "ouder sjabloon" in f.message]
    assert len(sheet_level) == 1 and sheet_level[0].row is None
    assert not find(report, WARNING, "Doelen", 2, "doeljaar")  # no repeat per goal


def test_more_positive_than_participants_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Ervaringen", 2, "positief"), "value", 49)
    )
    assert find(validate_file(path), ERROR, "Ervaringen", 2, "positief")


def test_experience_score_outside_one_to_ten_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Ervaringen", 2, "gemiddelde_score"), "value", 72)
    )
    assert find(validate_file(path), ERROR, "Ervaringen", 2, "gemiddelde_score")


def test_strategic_goal_out_of_range_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Doelen", 2, "strategisch_doel"), "value", 4)
    )
    assert find(validate_file(path), ERROR, "Doelen", 2, "strategisch_doel", "te groot")


def test_excel_error_values_and_booleans_are_findings(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 2, "personen").value = "#DIV/0!"
        cell(wb, "Bereik", 3, "personen").value = True

    report = validate_file(make_book(tmp_path, edit))
    assert "#DIV/0!" in find(report, ERROR, "Bereik", 2, "personen")[0].message
    assert find(report, ERROR, "Bereik", 3, "personen")


def test_formula_without_cached_value_is_an_error(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "personen"), "value", "=F2*2")
    )
    report = validate_file(path)
    [f] = find(report, ERROR, "Bereik", 2, "G")
    assert "formule" in f.message and f.value == "=F2*2"


def test_many_identical_problems_are_summarised(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        for _ in range(MAX_SAME_FINDINGS + 10):
            wb["Bereik"].append([2025, 1, "GM0114", "I002", None, "veel", 1, 0])

    report = validate_file(make_book(tmp_path, edit))
    bad = find(report, ERROR, "Bereik", column="huishoudens", text="geen getal")
    assert len(bad) == MAX_SAME_FINDINGS + 1
    assert "nog 10 rij(en)" in bad[-1].message


# --- Info sheet -------------------------------------------------------------------------------
def test_info_fields_are_read(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Info"].append(["peildatum", "31-12-2025"])

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.info["programmajaar"] == 2025
    assert checked.info["gegevenstype"] == "echt"
    assert checked.info["peildatum"] == dt.date(2025, 12, 31)


def test_missing_programme_year_is_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: wb["Info"].delete_rows(2))
    [f] = find(validate_file(path), ERROR, "Info", text="programmajaar")
    assert "ontbreekt" in f.message


def test_invalid_data_type_is_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: setattr(wb["Info"]["B3"], "value", "nep"))
    assert find(validate_file(path), ERROR, "Info", 3, "gegevenstype")


def test_example_file_name_with_real_data_type_is_a_warning(tmp_path: Path) -> None:
    path = make_book(tmp_path, name="avk_programma_2024_voorbeeld.xlsx")
    report = validate_file(path)
    assert report.ok
    assert find(report, WARNING, "Info", column="gegevenstype")
    assert find(report, WARNING, "Info", column="programmajaar")


# --- files that are not a usable workbook -----------------------------------------------------
def test_empty_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    Workbook().save(path)
    report = validate_file(path)
    [f] = report.errors
    assert "leeg" in f.message


def test_headers_only_workbook_is_an_error(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        for name in (
            "Doelen",
            "Interventies",
            "Experimenten",
            "Bereik",
            "Jaarbereik",
            "Ervaringen",
            "Bijeenkomsten",
            "Partners",
            "Jaardoelen",
        ):
            wb[name].delete_rows(2, 20)

    report = validate_file(make_book(tmp_path, edit))
    assert find(report, ERROR, text="alleen kolomkoppen")


def test_csv_renamed_to_xlsx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "avk_programma_2025.xlsx"
    path.write_text("jaar;kwartaal;gemeente_code\n2025;1;GM0114\n", encoding="utf-8")
    [f] = validate_file(path).errors
    assert "CSV" in f.message


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"", "leeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"PK\x03\x04 kapot", "beschadigd"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "geen Excel"),
    ],
)
def test_file_that_is_not_excel_is_an_error(tmp_path: Path, content: bytes, word: str) -> None:
    path = tmp_path / "werkmap.xlsx"
    path.write_bytes(content)
    [f] = validate_file(path).errors
    assert word in f.message


def test_zip_that_is_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "brief.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    [f] = validate_file(path).errors
    assert "geen Excel-werkmap" in f.message


def test_missing_file_and_directory_are_errors(tmp_path: Path) -> None:
    [missing] = validate_file(tmp_path / "bestaat_niet.xlsx").errors
    assert "bestaat niet" in missing.message
    [folder] = validate_file(tmp_path).errors
    assert "map" in folder.message


def test_workbook_with_other_suffix_is_read_with_warning(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    other = path.with_suffix(".dat")
    path.rename(other)
    report = validate_file(other)
    assert report.ok
    assert find(report, WARNING, text=".xlsx")


def test_garbage_everywhere_never_raises(tmp_path: Path) -> None:
    weird: list[object] = [True, "#REF!", -1, 10**12, "=1/0", dt.time(12, 0), "  ", 3.5, "é"]

    def edit(wb: Workbook) -> None:
        for name in (
            "Doelen",
            "Interventies",
            "Experimenten",
            "Bereik",
            "Bijeenkomsten",
            "Partners",
            "Jaardoelen",
        ):
            ws = wb[name]
            for r in range(2, 6):
                for c in range(1, ws.max_column + 1):
                    ws.cell(row=r, column=c, value=weird[(r * 7 + c) % len(weird)])

    report = validate_file(make_book(tmp_path, edit))
    assert not report.ok
    assert all(f.sheet for f in report.errors)


# --- counts above the inhabitants, percentages typed as fractions ------------------------------
def test_reach_above_inhabitants_is_an_error_naming_the_maximum(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "huishoudens"), "value", 5_000_000)
    )
    report = validate_file(path)
    assert not report.ok
    [f] = find(report, ERROR, "Bereik", 2, "huishoudens")
    assert "Emmen" in f.message and f.value == "5.000.000"
    assert "hooguit 119.000" in f.expected and "CBS" in f.expected


def test_reach_typed_with_thousands_dots_is_bounded_too(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 3, "personen"), "value", "5.000.000")
    )
    [f] = find(validate_file(path), ERROR, "Bereik", 3, "personen")
    assert "Coevorden" in f.message


def test_intervention_reach_is_bounded_by_its_gemeenten_together(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Interventies", 2, "bereik_huishoudens").value = 150_000  # Emmen + Coevorden
        cell(wb, "Interventies", 3, "bereik_personen").value = 150_000  # Coevorden only

    report = validate_file(make_book(tmp_path, edit))
    assert find(report, ERROR, "Interventies", 2, "bereik_huishoudens") == []
    [f] = find(report, ERROR, "Interventies", 3, "bereik_personen")
    assert "hooguit 40.000" in f.expected


def _percent_goals(wb: Workbook, streef: object, real: object, row: int = 2) -> None:
    cell(wb, "Doelen", row, "eenheid").value = "procent"
    cell(wb, "Doelen", row, "streefwaarde").value = streef
    cell(wb, "Doelen", row, "realisatie").value = real


def test_percentages_typed_as_fractions_are_an_error(tmp_path: Path) -> None:
    path = make_book(tmp_path, lambda wb: _percent_goals(wb, "0.052", 0.04))
    checked = check_workbook(path)
    assert checked.frames["Doelen"].loc[0, "streefwaarde"] == pytest.approx(0.052)  # never 52
    [f] = find(checked.report, ERROR, "Doelen", 2, "streefwaarde")
    assert "lijkt een fractie (0,052 = 5,2 %?)" in f.message
    assert find(checked.report, ERROR, "Doelen", 2, "realisatie")


def test_fraction_next_to_a_real_percentage_is_a_warning(tmp_path: Path) -> None:
    report = validate_file(make_book(tmp_path, lambda wb: _percent_goals(wb, 40, 0.38)))
    assert report.ok
    [f] = find(report, WARNING, "Doelen", 2, "realisatie")
    assert "lijkt een fractie (0,38 = 38 %?)" in f.message


def test_real_small_percentage_is_accepted(tmp_path: Path) -> None:
    report = validate_file(make_book(tmp_path, lambda wb: _percent_goals(wb, 2, "0,5")))
    assert report.findings == [], report.render()


def test_excel_percentage_cells_are_never_fractions(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        _percent_goals(wb, 0.052, 0.04)
        cell(wb, "Doelen", 2, "streefwaarde").number_format = "0.0%"
        cell(wb, "Doelen", 2, "realisatie").number_format = "0%"

    checked = check_workbook(make_book(tmp_path, edit))
    assert checked.report.ok, checked.report.render()
    assert checked.frames["Doelen"].loc[0, "streefwaarde"] == pytest.approx(5.2)


# --- files that are read with care ------------------------------------------------------------
def test_a_value_from_another_workbook_is_a_located_warning(tmp_path: Path) -> None:
    from .workbooks import link_to_other_workbook

    path = link_to_other_workbook(make_book(tmp_path), "xl/worksheets/sheet2.xml", "K2", 118)
    checked = check_workbook(path)
    assert checked.report.ok, checked.report.render()
    [f] = find(checked.report, WARNING, "Doelen", 2, "K", text="andere werkmap")
    assert "budget_2025.xlsx" in f.message and "verouderd" in f.message
    assert f.value == "=[1]Blad1!A1"
    assert checked.frames["Doelen"]["realisatie"].iloc[0] == 118  # the stored result is read


def test_running_out_of_memory_is_called_so(tmp_path: Path, monkeypatch) -> None:
    import openpyxl

    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    [f] = validate_file(make_book(tmp_path)).errors
    assert "werkgeheugen" in f.message and "beschadigd" not in f.message.replace(
        "niet per se beschadigd", ""
    )


# --- personal data in published columns ----------------------------------------------------------
@pytest.mark.parametrize(
    ("sheet", "row", "column", "text", "what"),
    [
        ("Interventies", 2, "naam", "Jan de Vries (jan.devries@example.nl)", "e-mailadres"),
        ("Partners", 3, "naam", "Welzijn Coevorden, dhr. Jansen", "aanhef"),
        ("Experimenten", 2, "naam", "Werk, bel 06-12345678", "telefoonnummer"),
        ("Doelen", 2, "operationeel_doel", "Gezin van BSN 123456782", "burgerservicenummer"),
    ],
)
def test_personal_data_in_a_published_column_is_a_located_warning(
    tmp_path: Path, sheet: str, row: int, column: str, text: str, what: str
) -> None:
    path = make_book(tmp_path, lambda wb: setattr(cell(wb, sheet, row, column), "value", text))
    report = validate_file(path)
    assert report.ok, report.render()
    [f] = find(report, WARNING, sheet, row, column, text="persoonsgegeven")
    assert what in f.message and f.value == text and "opmerking" in f.expected


def test_personal_data_in_a_remark_that_is_never_published_is_not_flagged(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        lambda wb: setattr(cell(wb, "Interventies", 2, "opmerking"), "value", "mail a@b.nl"),
    )
    assert find(validate_file(path), WARNING, text="persoonsgegeven") == []
