"""Every column the contract marks internal (free text) stays out of every published output."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from avk_analysis.pipeline import programme_tables
from avk_analysis.sources.programme import contract, workbook

from .workbooks import cell, make_book

MARKER = "INTERN-3e1b"


def _plant(wb: Workbook) -> None:
    """Write the marker into every internal column of the contract (first data row)."""
    for sheet, columns in contract.internal_columns().items():
        for column in columns:
            if sheet == contract.INFO_SHEET:
                wb[sheet].append([column, f"{MARKER} {column}"])
            else:
                cell(wb, sheet, 2, column).value = f"{MARKER} {sheet}.{column}"


def test_internal_columns_never_reach_published_tables(tmp_path: Path) -> None:
    internal = {c for cols in contract.internal_columns().values() for c in cols}
    assert internal  # the contract does declare free text
    data = workbook.load_workbook(make_book(tmp_path, _plant))
    for sheet, columns in contract.internal_columns().items():
        for column in columns if sheet != contract.INFO_SHEET else ():
            planted = data.internal[sheet][column].astype(str).str.contains(MARKER)
            assert planted.any(), (sheet, column)  # the marker was loaded (else: no test)

    tables = programme_tables.tabellen(data)
    outputs = {**tables, "tidy": programme_tables.programme_tidy(data)}
    for name, df in outputs.items():
        assert not internal & {str(c) for c in df.columns}, name
        assert MARKER not in df.to_csv(), name
        assert MARKER not in repr(df.attrs), name
    assert MARKER not in json.dumps(programme_tables.metadata(data, tables), default=str)
