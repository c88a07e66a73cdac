"""Recognising files and saving workbooks byte-stably."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from avk_analysis.programme import xlsxfile


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
