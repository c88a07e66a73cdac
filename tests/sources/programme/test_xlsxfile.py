"""Recognising files and saving workbooks byte-stably."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from avk_analysis.sources.programme import xlsxfile


def _book() -> Workbook:
    wb = Workbook()
    wb.active["A1"] = "waarde"
    return wb


def test_save_stable_is_byte_identical_and_stamps_the_moment(tmp_path: Path) -> None:
    moment = dt.datetime(2025, 12, 31, 12, 0)
    a = xlsxfile.save_stable(_book(), tmp_path / "a.xlsx", moment)
    b = xlsxfile.save_stable(_book(), tmp_path / "b.xlsx", moment)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert all(i.date_time == (2025, 12, 31, 12, 0, 0) for i in archive.infolist())
    assert "2025-12-31T12:00:00Z" in core


def test_sniff_accepts_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ok.xlsx"
    _book().save(path)
    assert xlsxfile.sniff(path) is None


def test_sniff_recognises_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes("jaar;kwartaal\n2025;1\n".encode("cp1252"))
    assert "CSV" in (xlsxfile.sniff(path) or "")


def test_sheet_names_without_loading(tmp_path: Path) -> None:
    wb = _book()
    wb.active.title = "Info"
    wb.create_sheet("Bereik")
    path = tmp_path / "b.xlsx"
    wb.save(path)
    assert xlsxfile.sheet_names(path) == ["Info", "Bereik"]
    bad = tmp_path / "c.xlsx"
    bad.write_text("a;b\n")
    with pytest.raises(ValueError, match="CSV"):
        xlsxfile.sheet_names(bad)


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from avk_analysis.sources.programme import validate

    from .workbooks import inflate, make_book

    path = inflate(make_book(tmp_path), xlsxfile.MAX_UNPACKED_MB + 10)
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, large unpacked
    problem = xlsxfile.sniff(path)
    assert problem is not None and f"meer dan de {xlsxfile.MAX_UNPACKED_MB} MB" in problem

    def never(*_args, **_kwargs):
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    report = validate.validate_file(path)
    (error,) = report.errors
    assert "uitgepakt" in error.message and "MB" in error.message and "CSV" in error.message


def test_external_links_and_formulas_are_recognised(tmp_path: Path) -> None:
    from .workbooks import link_to_other_workbook, make_book

    path = link_to_other_workbook(make_book(tmp_path), "xl/worksheets/sheet2.xml", "I2", 118)
    assert xlsxfile.external_links(path) == ["budget_2025.xlsx"]
    assert xlsxfile.is_external_formula("[1]Blad1!A1")
    assert xlsxfile.is_external_formula("='[budget.xlsx]Blad 1'!A1*2")
    assert not xlsxfile.is_external_formula("=SUM(A1:A3)")
    assert not xlsxfile.is_external_formula("=INDEX({1,2},1)")
