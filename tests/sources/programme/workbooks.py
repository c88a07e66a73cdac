"""Small hand-made programme workbooks for the tests (valid unless a test edits them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell

from avk_analysis.sources.programme import contract
from avk_analysis.vocabulary.validation import Finding, Report

INFO = [["veld", "waarde"], ["programmajaar", 2025], ["gegevenstype", "echt"]]

ROWS: dict[str, list[list[object]]] = {
    "Doelen": [
        [
            "D01",
            1,
            "economisch",
            None,
            "Tevreden over arbeidsmarktpositie",
            "Project werk",
            "Mensen met betaald werk",
            250,
            2024,
            2026,
            118,
            "plaatsingen",
            dt.date(2025, 12, 31),
            "lopend",
        ],
        [
            "D02",
            3,
            None,
            "leren",
            "Per jaar een rapportage",
            "Monitor",
            "Jaarrapportage",
            1,
            2025,
            2025,
            0,
            "rapportages",
            None,
            "lopend",
        ],
    ],
    "Interventies": [
        [
            "I001",
            "Steungezinnen",
            "P001",
            "GM0114;GM0109",
            "pedagogisch",
            None,
            "D01",
            dt.date(2024, 9, 1),
            None,
            120,
            300,
            "veelbelovend",
            dt.date(2025, 5, 15),
            None,
        ],
        [
            "I002",
            "Welzijn op recept",
            "P002",
            "GM0109",
            "mentaal",
            None,
            None,
            dt.date(2025, 1, 1),
            None,
            40,
            90,
            "nog niet beoordeeld",
            None,
            None,
        ],
    ],
    "Experimenten": [
        [
            "E01",
            "Ervaringsdeskundigheid en werk",
            None,
            None,
            "regio",
            dt.date(2022, 9, 1),
            2,
            250,
            118,
            "plaatsingen",
            "lopend",
            None,
        ],
    ],
    "Bereik": [
        [2025, 1, "GM0114", "I001", None, 34, 81, 29],
        [2025, 2, "GM0109", "I001", None, 12, 30, 9],
        [2025, 1, "GM0109", "I002", None, 5, 9, 2],
        [2025, 1, "GM0114", None, "E01", 20, 20, 0],
    ],
    "Jaarbereik": [[2025, "GM0114", 50, 95, 29], [2025, "GM0109", 15, 35, 10]],
    "Ervaringen": [
        [2025, "ervaren steun", None, 48, 31, 7.2],
        [2025, "ervaren steun", "GM0114", 6, 4, 6.8],
    ],
    "Bijeenkomsten": [
        [dt.date(2025, 3, 12), "transitietafel", "Transitietafel werk", "GM0114", 20, 4, 8],
        [dt.date(2025, 6, 2), "congres", "Congres samen veranderen", "GM0109", 180, 15, 40],
    ],
    "Partners": [
        ["P001", "Gemeente Emmen", "gemeente", "GM0114", 1, 2, 2],
        ["P002", "Welzijn Coevorden", "welzijn", "GM0109", 1, 1, 0],
    ],
    "Jaardoelen": [["transitietafel", 3, "faseplan 3"], ["congres", 1, "faseplan 3"]],
}


def valid_workbook() -> Workbook:
    """Return a small valid programme workbook (plain, without template styling)."""
    wb = Workbook()
    info = wb.active
    info.title = contract.INFO_SHEET
    for row in INFO:
        info.append(row)
    for name, spec in contract.SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(spec.names)
        for row in ROWS[name]:
            ws.append(list(row))
    return wb


def cell(wb: Workbook, sheet: str, row: int, column: str) -> Cell:
    """Return the cell of a contract column in an Excel row of a data sheet."""
    index = contract.sheet(sheet).names.index(column) + 1
    return wb[sheet].cell(row=row, column=index)


def make_book(
    tmp_path: Path,
    edit: Callable[[Workbook], None] | None = None,
    name: str = "avk_programma_2025.xlsx",
) -> Path:
    """Save the valid workbook, optionally edited, and return its path."""
    wb = valid_workbook()
    if edit is not None:
        edit(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def find(
    report: Report,
    severity: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    text: str = "",
) -> list[Finding]:
    """Return the findings that match every given criterion."""
    return [
        f
        for f in report.findings
        if (severity is None or f.severity == severity)
        and (sheet is None or f.sheet == sheet)
        and (row is None or f.row == row)
        and (column is None or f.column == column)
        and text.lower() in f.message.lower()
    ]


def plant_remarks(book: Workbook, secret: str) -> int:
    """Write ``secret`` into every ``opmerking`` cell of a workbook; return how many cells."""
    planted = 0
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        if "opmerking" in header:
            col = header.index("opmerking") + 1
            for row in range(2, sheet.max_row + 1):
                sheet.cell(row=row, column=col, value=secret)
                planted += 1
    return planted


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def link_to_other_workbook(
    path: Path, sheet_file: str, ref: str, cached: object, other: str = "budget_2025.xlsx"
) -> Path:
    """Rewrite cell ``ref`` of a saved workbook as Excel stores a link to another workbook.

    The cell gets the formula ``[1]Blad1!A1`` and ``cached`` as its stored result, and the
    workbook an external-link part pointing to ``other`` (as Excel writes it, ECMA-376 §18.14).
    """
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts[sheet_file].decode("utf-8")
    cell = f'<c r="{ref}"><f>[1]Blad1!A1</f><v>{cached}</v></c>'
    sheet, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell, sheet, count=1)
    assert n == 1, f"cell {ref} not found in {sheet_file}"
    parts[sheet_file] = sheet.encode("utf-8")
    parts["xl/externalLinks/externalLink1.xml"] = (
        f'<externalLink xmlns="{_MAIN}" xmlns:r="{_RELS}"><externalBook r:id="rId1">'
        '<sheetNames><sheetName val="Blad1"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
        f'<row r="1"><cell r="A1"><v>{cached}</v></cell></row></sheetData></sheetDataSet>'
        "</externalBook></externalLink>"
    ).encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/externalLinkPath" '
        f'Target="file:///C:/Users/medewerker/Documents/{other}" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdExt1" Type="{_RELS}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>',
    ).encode()
    book = parts["xl/workbook.xml"].decode("utf-8")
    parts["xl/workbook.xml"] = book.replace(
        "</sheets>",
        '</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>',
        1,
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def inflate(path: Path, megabytes: int) -> Path:
    """Add a sheet part that unpacks to ``megabytes`` MB of rows (a 'zip bomb'), streamed."""
    import zipfile

    row = b'<row><c t="s"><v>0</v></c></row>' * 32_768
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet99.xml", "w") as part,
    ):
        written = 0
        while written < megabytes * 1024 * 1024:
            part.write(row)
            written += len(row)
    return path
