"""Every CSV a reader downloads: formula text planted in every input text field stays inert.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(OWASP, "CSV injection"); the edition's figures and the download behind every chart and table
are semicolon CSV with a BOM, which Dutch Excel opens with a double click. The test plants such
text in every free-text and code field of a delivery and of a programme workbook, builds, and
writes every published table the way the pages do.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from avk_analysis import load
from avk_analysis.pipeline import build
from avk_analysis.presentation import charts
from avk_analysis.report.publishing import landing
from avk_analysis.sources.planning import intake
from avk_analysis.sources.programme import contract
from tests.sources.programme.workbooks import valid_workbook

ATTACKS = (
    '=HYPERLINK("http://evil.example","klik {}")',
    "@SUM(1+1)*cmd|' /C calc'!A{}",
    "+cmd|' /C calc'!B{}",
    "-2+3+cmd|' /C calc'!C{}",
)


def _runs(cell: str) -> bool:
    """Tell whether a spreadsheet would run a CSV cell (a lone '-' is CBS's nil symbol)."""
    if cell == "-" or not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    return not cell.lstrip("+-").replace(",", "").replace(".", "").isdigit()


def _cells(text: str) -> list[str]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
    return [cell for row in reader for cell in row]


def _plant_workbook(path: Path) -> set[str]:
    """Save the test workbook with formula text in every text and code cell; return the texts."""
    wb = valid_workbook()
    planted: dict[str, str] = {}
    for spec in contract.SHEETS.values():
        ws = wb[spec.name]
        for index, col in enumerate(spec.columns, start=1):
            if col.kind not in (contract.TEXT, contract.ID):
                continue
            for row in range(2, ws.max_row + 1):
                cell = ws.cell(row=row, column=index)
                if not isinstance(cell.value, str):
                    continue
                # the same code gets the same text on every sheet, so references still hold
                attack = ATTACKS[len(planted) % len(ATTACKS)].format(len(planted))
                cell.value = planted.setdefault(cell.value, attack)
                cell.data_type = "s"  # text that starts with '=', not a formula
    wb.save(path)
    return set(planted.values())


def _plant_delivery(path: Path) -> set[str]:
    texts = {
        "bron": '=HYPERLINK("http://evil.example","klik")',
        "publicatie": "@SUM(1+1)*cmd|' /C calc'!A0",
        "definitie": "+cmd|' /C calc'!A0",
        "opmerking": "-2+3+cmd|' /C calc'!A0",
    }
    header = (
        "bron;publicatie;bron_url;indicator;definitie;regiocode;jaar;waarde;eenheid;status;onzeker"
    )
    row = [
        texts["bron"],
        texts["publicatie"],
        "https://evil.example/cijfers",
        "jongvolwassenen_laag_inkomen_pct",
        texts["definitie"],
        "VK_planbureaus",
        "2021",
        "6,4",
        "%",
        "echt",
        "nee",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([*header.split(";"), "opmerking"])
    writer.writerow([*row, texts["opmerking"]])
    path.write_text(out.getvalue(), encoding="utf-8")
    return set(texts.values())


def test_formulas_planted_in_every_input_text_field_never_reach_a_csv_live(
    project: Path, tmp_path: Path
) -> None:
    book = project / "data" / "raw" / "programma" / "2025" / "avk_programma_2025.xlsx"
    book.parent.mkdir(parents=True)
    in_workbook = _plant_workbook(book)
    delivery = tmp_path / "levering.csv"
    in_delivery = _plant_delivery(delivery)
    taken = intake.take_in(delivery)
    assert taken.accepted, taken.report.render()
    build.build(log=lambda _m: None)

    edition = landing.write_tidy_csv(tmp_path, 2025, load.indicatoren(), refs=load.referenties())
    texts = {"cijfers_2025.csv": edition.read_text(encoding="utf-8")}
    texts["referenties"] = charts.csv_text(load.referenties(), source="zie de kolom bron")
    for name, frame in load.programma(2025).items():
        texts[f"programma {name}"] = charts.csv_text(frame, source="Alliantie van Kracht")
    texts["bronnen"] = charts.csv_text(load.bronnen())
    planning = load.indicatoren()
    texts["indicatoren"] = charts.csv_text(planning.loc[planning["bron"] != "CBS"])
    neutralised: list[str] = []
    for name, text in texts.items():
        cells = _cells(text)
        live = [c for c in cells if _runs(c)]
        assert live == [], f"{name}: {live[:3]}"
        neutralised += [c[1:] for c in cells if c.startswith("'")]

    def shown(planted: str) -> bool:
        return any(cell.startswith(planted) for cell in neutralised)

    # the planted text did reach the files, shown as text (the remark is part of the definition)
    assert [t for t in in_delivery if not shown(t)] == ["-2+3+cmd|' /C calc'!A0"]
    assert len([t for t in in_workbook if shown(t)]) >= 5, neutralised
