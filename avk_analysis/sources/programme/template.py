"""The empty programme workbook (template) with drop-down lists and Dutch instructions.

``python -m avk_analysis.sources.programme.template [--jaar 2025] [--uit pad.xlsx]`` writes the
template
and regenerates ``docs/datadictionary_programma.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from avk_analysis.sources.programme import contract, dictionary, xlsxfile
from avk_analysis.vocabulary import paths, regions

TEMPLATE_ROWS = 1000  # drop-down lists and checks cover rows 2 to TEMPLATE_ROWS + 1
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
REQUIRED_FONT = Font(bold=True, color="FFD966")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def template_name(jaar: int) -> str:
    """Return the file name of an empty workbook for ``jaar``."""
    return f"avk_programma_{jaar}_sjabloon.xlsx"


def write_template(path: Path | str, jaar: int) -> Path:
    """Write an empty programme workbook for ``jaar`` with lists, checks and instructions."""
    wb = build_workbook(jaar)
    return xlsxfile.save_stable(wb, Path(path), dt.datetime(jaar, 1, 1))


def build_workbook(jaar: int, gegevenstype: str = contract.GEGEVENSTYPE_ECHT) -> Workbook:
    """Return the template as an openpyxl workbook (used by the example generator too)."""
    wb = Workbook()
    instructions = wb.active
    instructions.title = contract.INSTRUCTIONS_SHEET
    lists = _lists_sheet(wb)
    _info_sheet(wb, jaar, gegevenstype, lists)
    for spec in contract.SHEETS.values():
        _data_sheet(wb, spec, lists)
    _instructions(instructions, jaar)
    lists_sheet = wb[contract.LISTS_SHEET]
    wb.move_sheet(lists_sheet, offset=len(wb.sheetnames) - 1 - wb.index(lists_sheet))
    lists_sheet.sheet_state = "hidden"
    wb.active = 0
    return wb


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """Write the vocabularies to the hidden sheet; return list name → absolute range."""
    ws = wb.create_sheet(contract.LISTS_SHEET)
    gm = regions.gemeenten()
    lists: dict[str, tuple[str, ...]] = {
        "gemeente_code": tuple(gm["gemeentecode"]),
        "gemeentenaam": tuple(gm["gemeentenaam"]),
    }
    for spec in contract.SHEETS.values():
        for col in spec.columns:
            if col.choices:
                lists.setdefault(_list_key(col), col.choices)
    for col in contract.INFO_FIELDS:
        if col.choices:
            lists.setdefault(_list_key(col), col.choices)
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name).font = BOLD
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        ws.column_dimensions[letter].width = max(14, max(len(str(v)) for v in values) + 2)
        ranges[name] = (
            f"{quote_sheetname(contract.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        )
    return ranges


def _list_key(col: contract.Column) -> str:
    return "status_experiment" if col.choices == contract.EXPERIMENT_STATUSSEN else col.name


def _validation(col: contract.Column, lists: dict[str, str]) -> DataValidation | None:
    """Return the Excel data validation that matches a column, if any."""
    kind = col.kind
    dv: DataValidation | None = None
    if kind == contract.CHOICE:
        dv = DataValidation(type="list", formula1=lists[_list_key(col)], allow_blank=True)
        dv.errorStyle = "stop"
        dv.error = "Kies een waarde uit de lijst."
    elif kind == contract.GEMEENTE:
        dv = DataValidation(type="list", formula1=lists["gemeente_code"], allow_blank=True)
        dv.errorStyle = "warning"
        dv.error = "Vul een gemeentecode in, bijvoorbeeld GM0114."
    elif kind in (contract.INT, contract.YEAR, contract.QUARTER):
        low = int(col.minimum) if col.minimum is not None else 0
        high = int(col.maximum) if col.maximum is not None else 10_000_000
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
        )
        dv.errorStyle = "warning"
        dv.error = f"Vul een geheel getal in van {low} tot en met {high}."
    elif kind == contract.NUMBER:
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        dv.errorStyle = "warning"
        dv.error = "Vul een getal van 0 of meer in."
    elif kind == contract.DATE:
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({contract.FIRST_DATE_YEAR},1,1)",
            formula2=f"DATE({contract.LAST_YEAR},12,31)",
            allow_blank=True,
        )
        dv.errorStyle = "warning"
        dv.error = "Vul een datum in als dd-mm-jjjj."
    if dv is None:
        return None
    dv.showErrorMessage = True
    dv.errorTitle = "Controleer de waarde"
    dv.showInputMessage = True
    dv.promptTitle = col.name[:32]
    dv.prompt = _shorten(col.description, 250)
    return dv


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _data_sheet(wb: Workbook, spec: contract.Sheet, lists: dict[str, str]) -> Worksheet:
    ws = wb.create_sheet(spec.name)
    for index, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.name)
        cell.fill = HEADER_FILL
        cell.font = REQUIRED_FONT if col.required else HEADER_FONT
        verplicht = "Verplicht. " if col.required else ""
        cell.comment = Comment(f"{verplicht}{col.description}\n\nRegel: {col.rule()}", "AVK")
        letter = get_column_letter(index)
        width = 14 if col.kind != contract.TEXT else 32
        ws.column_dimensions[letter].width = max(width, len(col.name) + 3)
        dv = _validation(col, lists)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    return ws


def _info_sheet(wb: Workbook, jaar: int, gegevenstype: str, lists: dict[str, str]) -> Worksheet:
    ws = wb.create_sheet(contract.INFO_SHEET)
    for index, head in enumerate(("veld", "waarde", "uitleg"), start=1):
        cell = ws.cell(row=1, column=index, value=head)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
    values = {"programmajaar": jaar, "gegevenstype": gegevenstype}
    for row, col in enumerate(contract.INFO_FIELDS, start=2):
        ws.cell(row=row, column=1, value=col.name).font = BOLD
        ws.cell(row=row, column=2, value=values.get(col.name))
        ws.cell(row=row, column=3, value=col.description).alignment = WRAP
        if col.kind == contract.DATE:
            ws.cell(row=row, column=2).number_format = "DD-MM-YYYY"
        dv = _validation(col, lists)
        if dv is not None:
            dv.add(f"B{row}")
            ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 90
    return ws


def _instructions(ws: Worksheet, jaar: int) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 45
    ws.column_dimensions["E"].width = 70
    ws.column_dimensions["F"].width = 16
    row = 1
    ws.cell(
        row=row, column=1, value=f"Programmagegevens Alliantie van Kracht {jaar}"
    ).font = TITLE_FONT
    row += 2
    row = _paragraph(ws, row, dictionary.INTRO)
    row = _heading(ws, row + 1, "Zo vult u de werkmap in")
    for n, step in enumerate(dictionary.STEPS, start=1):
        row = _paragraph(ws, row, f"{n}. {step}")
    row = _heading(ws, row + 1, "Privacy")
    for text in dictionary.PRIVACY:
        row = _paragraph(ws, row, f"• {text}")
    row = _paragraph(ws, row, f"• {dictionary.disclosure_rule.RULE_TEXT}")
    row = _heading(ws, row + 1, "Bladen")
    for spec in contract.SHEETS.values():
        row = _paragraph(ws, row, f"{spec.name}: {spec.description}")
        for note in spec.notes:
            row = _paragraph(ws, row, f"    – {note}")
    row = _heading(ws, row + 1, "Kolommen")
    header = ("blad", "kolom", "verplicht", "regel", "uitleg", "gepubliceerd")
    for index, head in enumerate(header, start=1):
        cell = ws.cell(row=row, column=index, value=head)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
    row += 1
    for item in dictionary.column_rows():
        for index, head in enumerate(header, start=1):
            ws.cell(row=row, column=index, value=item[head]).alignment = WRAP
        row += 1


def _heading(ws: Worksheet, row: int, text: str) -> int:
    ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=12)
    return row + 1


def _paragraph(ws: Worksheet, row: int, text: str) -> int:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    cell = ws.cell(row=row, column=1, value=text)
    cell.alignment = WRAP
    ws.row_dimensions[row].height = 15 * max(1, len(text) // 150 + 1)
    return row + 1


def main(argv: list[str] | None = None) -> int:
    """Write the template and regenerate the data dictionary."""
    parser = argparse.ArgumentParser(description="Schrijf het lege programmasjabloon.")
    parser.add_argument("--jaar", type=int, default=dt.date.today().year)
    parser.add_argument("--uit", type=Path, default=None, help="pad van het sjabloon (.xlsx)")
    args = parser.parse_args(argv)
    target = args.uit or paths.processed_dir() / template_name(args.jaar)
    print(f"Sjabloon geschreven: {write_template(target, args.jaar)}")
    print(f"Datadictionary geschreven: {dictionary.write_data_dictionary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
