"""Loading checked workbooks and the tidy programme indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from avk_analysis import catalogue, provenance, tidy
from avk_analysis.programme import load
from avk_analysis.validation import InputError

from .workbooks import cell, make_book


def test_load_refuses_workbook_with_errors(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "gemeente_code"), "value", "GM9999")
    )
    with pytest.raises(InputError) as info:
        load.load_workbook(path)
    [f] = info.value.report.errors
    assert (f.sheet, f.row, f.column) == ("Bereik", 2, "gemeente_code")
    assert "GM9999" in str(info.value)


def test_load_refuses_a_file_that_is_not_excel(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError):
        load.load_workbook(path)


def test_load_returns_internal_frames_and_status(tmp_path: Path) -> None:
    data = load.load_workbook(make_book(tmp_path))
    assert data.jaar == 2025
    assert data.status == provenance.STATUS_REAL
    assert len(data.internal["Bereik"]) == 4
    assert "opmerking" in data.internal["Interventies"].columns
    assert "Bereik: 4" in repr(data)


def test_programme_tidy_aggregates_reach_per_gemeente_and_year(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 3, "personen").value = None  # GM0109 persons now incomplete

    out = load.programme_tidy(load.load_workbook(make_book(tmp_path, edit)))
    tidy.validate(out)
    assert set(out["bron"]) == {load.BRON}
    assert set(out["status"]) == {provenance.STATUS_REAL}
    hh = out.loc[out["indicator"] == "programma_bereik_huishoudens"].set_index("regiocode")
    # GM0114: 34 + 20 = 54 → rounded to 55; GM0109: 12 + 5 = 17 → 15
    assert hh.loc["GM0114", "waarde"] == 55
    assert hh.loc["GM0109", "waarde"] == 15
    pers = out.loc[out["indicator"] == "programma_bereik_personen"].set_index("regiocode")
    assert bool(pers.loc["GM0109", "onzeker"]) and not bool(pers.loc["GM0114", "onzeker"])
    assert pers.loc["GM0109", "regionaam"] == "Coevorden"
    # GM0109 persons: only 9 known → suppressed with the CBS symbol for secret
    assert pers.loc["GM0109", "symbool"] == "x" and pers["waarde"].isna().loc["GM0109"]
    kids = out.loc[out["indicator"] == "programma_bereik_kinderen"].set_index("regiocode")
    assert kids.loc["GM0114", "waarde"] == 30  # 29 + 0
    assert kids.loc["GM0109", "waarde"] == 10  # 9 + 2 = 11, rounded


def test_programme_tidy_counts_and_example_status(example_data: load.ProgrammeData) -> None:
    out = load.programme_tidy(example_data)
    assert set(out["status"]) == {provenance.STATUS_EXAMPLE}
    assert set(out["indicator"]) <= set(catalogue.INDICATORS)
    assert {
        "programma_bereik_huishoudens",
        "programma_interventies_aantal",
        "programma_partners_aantal",
        "programma_bijeenkomsten_aantal",
    } <= set(out["indicator"])
    assert (out["regioniveau"] == "gemeente").all()


def test_programme_tidy_marks_harmonised_gemeenten(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 5, "gemeente_code"), "value", "GM0018")
    )
    out = load.programme_tidy(path)
    row = out.loc[
        (out["indicator"] == "programma_bereik_huishoudens") & (out["regiocode"] == "GM1952")
    ]
    assert len(row) == 1
    assert row["harmonisatie"].iloc[0] == load.HARMONISED


def test_find_workbook_prefers_real_data(avk_root: Path) -> None:
    from avk_analysis.programme import example

    with pytest.raises(FileNotFoundError, match="Geen programmawerkmap"):
        load.find_workbook(2025)
    demo = example.write_example()
    assert load.find_workbook(2025) == demo
    with pytest.raises(FileNotFoundError):
        load.find_workbook(2025, voorbeeld_toegestaan=False)
    real_dir = avk_root / "data" / "raw" / "programma" / "2025"
    real_dir.mkdir(parents=True)
    real = make_book(real_dir)
    assert load.find_workbook(2025) == real
    assert load.resolve(2025).status == provenance.STATUS_REAL


def test_programme_files_one_per_year(avk_root: Path) -> None:
    from avk_analysis.programme import example

    assert load.programme_files() == []
    e2024 = example.write_example(jaar=2024)
    e2025 = example.write_example(jaar=2025)
    assert load.programme_files() == [e2024, e2025]
    real_dir = avk_root / "data" / "raw" / "programma" / "2025"
    real_dir.mkdir(parents=True)
    real = make_book(real_dir)
    (real_dir / "~$avk_programma_2025.xlsx").write_bytes(b"lock")
    assert load.programme_files() == [e2024, real]


def test_two_real_workbooks_for_one_year_are_refused(avk_root: Path) -> None:
    base = avk_root / "data" / "raw" / "programma"
    (base / "a").mkdir(parents=True)
    (base / "b").mkdir()
    make_book(base / "a")
    make_book(base / "b", name="avk_programma_2025_v2.xlsx")
    with pytest.raises(ValueError, match="Meer dan één echte programmawerkmap voor 2025"):
        load.find_workbook(2025)
