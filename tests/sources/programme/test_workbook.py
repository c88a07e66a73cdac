"""Finding and loading checked workbooks (the source only reads and checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from avk_analysis.sources.programme import workbook
from avk_analysis.vocabulary import provenance
from avk_analysis.vocabulary.validation import InputError

from .workbooks import cell, make_book


def test_load_refuses_workbook_with_errors(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 2, "gemeente_code"), "value", "GM9999")
    )
    with pytest.raises(InputError) as info:
        workbook.load_workbook(path)
    [f] = info.value.report.errors
    assert (f.sheet, f.row, f.column) == ("Bereik", 2, "gemeente_code")
    assert "GM9999" in str(info.value)


def test_load_refuses_a_file_that_is_not_excel(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError):
        workbook.load_workbook(path)


def test_load_returns_internal_frames_and_status(tmp_path: Path) -> None:
    data = workbook.load_workbook(make_book(tmp_path))
    assert data.jaar == 2025
    assert data.status == provenance.STATUS_REAL
    assert len(data.internal["Bereik"]) == 4
    assert "opmerking" in data.internal["Interventies"].columns
    assert "Bereik: 4" in repr(data)


def test_find_workbook_prefers_real_data(avk_root: Path) -> None:
    from tools import example_workbook as example

    with pytest.raises(FileNotFoundError, match="Geen programmawerkmap"):
        workbook.find_workbook(2025)
    demo = example.write_example()
    assert workbook.find_workbook(2025) == demo
    with pytest.raises(FileNotFoundError):
        workbook.find_workbook(2025, voorbeeld_toegestaan=False)
    real_dir = avk_root / "data" / "raw" / "programma" / "2025"
    real_dir.mkdir(parents=True)
    real = make_book(real_dir)
    assert workbook.find_workbook(2025) == real
    assert workbook.load_workbook(workbook.find_workbook(2025)).status == provenance.STATUS_REAL


def test_programme_files_one_per_year(avk_root: Path) -> None:
    from tools import example_workbook as example

    assert workbook.programme_files() == []
    e2024 = example.write_example(jaar=2024)
    e2025 = example.write_example(jaar=2025)
    assert workbook.programme_files() == [e2024, e2025]
    real_dir = avk_root / "data" / "raw" / "programma" / "2025"
    real_dir.mkdir(parents=True)
    real = make_book(real_dir)
    (real_dir / "~$avk_programma_2025.xlsx").write_bytes(b"lock")
    assert workbook.programme_files() == [e2024, real]


def test_two_real_workbooks_for_one_year_are_refused(avk_root: Path) -> None:
    base = avk_root / "data" / "raw" / "programma"
    (base / "a").mkdir(parents=True)
    (base / "b").mkdir()
    make_book(base / "a")
    make_book(base / "b", name="avk_programma_2025_v2.xlsx")
    with pytest.raises(ValueError, match="Meer dan één echte programmawerkmap voor 2025"):
        workbook.find_workbook(2025)


def test_workbook_year_comes_from_the_file_name(tmp_path: Path) -> None:
    assert workbook.workbook_year(tmp_path / "avk_programma_2026_voorbeeld.xlsx") == 2026
    with pytest.raises(ValueError, match="avk_programma_<jaar>"):
        workbook.workbook_year(tmp_path / "programma.xlsx")


def test_programme_sources_neither_aggregate_nor_protect() -> None:
    """The source layer reads and checks; disclosure control is the build's job."""
    import ast

    from avk_analysis.vocabulary import paths

    for module in sorted((paths.package_dir() / "sources" / "programme").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            (node.module or "") + "." + alias.name
            if isinstance(node, ast.ImportFrom)
            else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not [i for i in imported if "disclosure." in i or i.endswith(".disclosure")], module
