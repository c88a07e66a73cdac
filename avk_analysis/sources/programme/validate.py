"""Validation of a programme workbook: every problem as a finding, never a traceback.

``check_workbook`` reads the workbook once, records every problem in a ``validation.Report`` (file,
sheet, row as Excel shows it, column, value found, what was expected) and returns the parsed
sheets next to it; ``workbook.load_workbook`` builds on it. ``validate_file`` is what the CLI calls.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from avk_analysis.sources.planning import bounds, delivery
from avk_analysis.sources.programme import cells, contract, xlsxfile
from avk_analysis.sources.programme.cells import CellError
from avk_analysis.sources.programme.contract import Column, Sheet
from avk_analysis.vocabulary import personal_data, regions
from avk_analysis.vocabulary.validation import ERROR, MAX_SAME_FINDINGS, WARNING, Report

__all__ = ["MAX_SAME_FINDINGS", "Checked", "check_workbook", "validate_file", "validate_workbook"]

# Header rows are looked for in the first rows of a sheet (title rows above them are allowed).
HEADER_SEARCH_ROWS = 10
ROW = "rij"  # column of the parsed frames that holds the Excel row number


@dataclass
class Checked:
    """The outcome of checking a workbook: the report and whatever could be parsed."""

    report: Report
    info: dict[str, object] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    # (sheet, row) of rows whose former gemeente code was mapped to the current gemeente
    harmonised: set[tuple[str, int]] = field(default_factory=set)


def validate_file(path: Path | str) -> Report:
    """Check a programme workbook for the CLI: errors → non-zero exit, warnings only → zero."""
    return validate_workbook(path)


def validate_workbook(path: Path | str) -> Report:
    """Check a programme workbook and return the report (never raises for user mistakes)."""
    return check_workbook(path).report


def check_workbook(path: Path | str) -> Checked:
    """Read and check a programme workbook; return the report and the parsed sheets."""
    path = Path(path)
    checked = Checked(Report(str(path)))
    _Checker(path, checked).run()
    return checked


@dataclass
class _Grid:
    """The non-empty cells of a worksheet, with merged cells filled in."""

    title: str
    values: dict[tuple[int, int], object]
    formats: dict[tuple[int, int], str]
    merged_from: dict[tuple[int, int], str]  # cell → merged range it was filled from
    last_row: int
    last_col: int

    def get(self, row: int, col: int) -> object:
        return self.values.get((row, col))

    def row_blank(self, row: int) -> bool:
        return all(cells.is_blank(self.values.get((row, c))) for c in range(1, self.last_col + 1))


class _Checker:
    """Checks one workbook; the steps share the report and the parsed frames."""

    def __init__(self, path: Path, checked: Checked):
        self.path = path
        self.checked = checked
        self.out = checked.report
        self.jaar: int | None = None
        self.empty_sheets: list[tuple[str, int]] = []
        # (sheet, row, column) of numbers in cells formatted as a percentage (read × 100)
        self.percent_cells: set[tuple[str, int, str]] = set()
        self.linked: list[str] = []  # other workbooks that formulas point to
        self.external_cells = 0
        self.absent: set[tuple[str, str]] = set()  # (sheet, column) missing from the header row

    # --- steps -------------------------------------------------------------------------
    def run(self) -> None:
        books = self._open()
        if books is not None:
            values, formulas = books
            self._check(values, formulas)

    def _open(self) -> tuple[openpyxl.Workbook, openpyxl.Workbook | None] | None:
        problem = xlsxfile.sniff(self.path)
        if problem:
            self.out.error(f"Het bestand kan niet worden gelezen: {problem}")
            return None
        if self.path.suffix.lower() not in xlsxfile.EXCEL_SUFFIXES:
            self.out.warning(
                "De bestandsnaam eindigt niet op .xlsx",
                value=self.path.suffix,
                expected=".xlsx",
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Read from bytes so that a workbook with another suffix is still read.
                content = self.path.read_bytes()
                values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
                formulas = (
                    openpyxl.load_workbook(io.BytesIO(content), data_only=False)
                    if _has_formulas(self.path)
                    else None
                )
        except MemoryError:
            self.out.error(f"Het bestand kan niet worden gelezen: {xlsxfile.MEMORY_MESSAGE}")
            return None
        except Exception as exc:  # any reader failure is the user's file, never a traceback
            self.out.error(
                "Het bestand kan niet als Excel-werkmap worden gelezen; open het in Excel en sla "
                f"het opnieuw op als Excel-werkmap (.xlsx) ({type(exc).__name__})"
            )
            return None
        self.linked = xlsxfile.external_links(self.path)
        return values, formulas

    def _check(self, book: openpyxl.Workbook, formulas: openpyxl.Workbook | None) -> None:
        grids = {ws.title: _grid(ws) for ws in book.worksheets}
        if all(not g.values for g in grids.values()):
            self.out.error(
                "De werkmap is leeg: er staan geen gegevens in",
                expected="de bladen " + ", ".join(contract.ALL_SHEETS) + " (gebruik het sjabloon)",
            )
            return
        for grid in grids.values():
            self._formula_findings(grid, formulas)
        if self.linked and not self.external_cells:
            self.out.warning(
                "De werkmap bevat koppelingen naar andere werkmappen ("
                + ", ".join(self.linked)
                + "); waarden die daaruit komen, zijn de uitkomsten van het laatste opslaan en "
                "kunnen verouderd zijn",
                expected="een werkmap zonder koppelingen (Gegevens → Koppelingen bewerken → "
                "Koppeling verbreken)",
            )
        mapping = self._resolve_sheets(list(grids))
        if contract.INFO_SHEET in mapping:
            self._read_info(grids[mapping[contract.INFO_SHEET]])
        self._filename_hints()
        for name in contract.DATA_SHEETS:
            if name in mapping:
                frame = self._read_sheet(grids[mapping[name]], contract.sheet(name))
                self.checked.frames[name] = frame
        frames = self.checked.frames
        if frames and all(f.empty for f in frames.values()):
            self.out.error(
                "De werkmap bevat geen gegevens: alle bladen hebben alleen kolomkoppen",
                expected="ten minste één ingevulde rij",
            )
        else:
            for sheet, header_row in self.empty_sheets:
                self.out.warning(
                    "Het blad bevat geen gegevensrijen",
                    sheet=sheet,
                    expected=f"rijen onder de kolomkoppen in rij {header_row}",
                )
        self._cross_checks()

    # --- sheets ------------------------------------------------------------------------
    def _resolve_sheets(self, present: list[str]) -> dict[str, str]:
        mapping: dict[str, str] = {}
        used: set[str] = set()
        for name in contract.ALL_SHEETS:
            if name in present:
                mapping[name] = name
                used.add(name)
        for name in contract.ALL_SHEETS:
            if name in mapping:
                continue
            same = [
                p
                for p in present
                if p not in used and cells.normalise_header(p) == cells.normalise_header(name)
            ]
            if same:
                mapping[name] = same[0]
                used.add(same[0])
                self.out.warning(
                    f"Het blad heet '{same[0]}' in plaats van '{name}'; het wordt gebruikt",
                    sheet=same[0],
                    value=same[0],
                    expected=name,
                )
        ignorable = {contract.INSTRUCTIONS_SHEET, contract.LISTS_SHEET}
        spare = [p for p in present if p not in used and p not in ignorable]
        suggested: set[str] = set()
        for name in contract.ALL_SHEETS:
            if name in mapping:
                continue
            guess = cells.closest(name, spare, cutoff=0.5)
            message = f"Het blad '{name}' ontbreekt"
            if guess:
                message += f"; bedoelt u blad '{guess}'? Geef dat blad de naam '{name}'"
                suggested.add(guess)
            self.out.error(message, sheet=name, expected=f"een blad met de naam '{name}'")
        for extra in spare:
            if extra not in suggested:
                self.out.warning(
                    "Dit blad hoort niet bij het sjabloon en wordt genegeerd",
                    sheet=extra,
                    expected="de bladen " + ", ".join(contract.ALL_SHEETS),
                )
        return mapping

    def _formula_findings(self, grid: _Grid, formulas: openpyxl.Workbook | None) -> None:
        if formulas is None:
            return
        ws = formulas[grid.title]
        for (row, col), cell in _cells(ws).items():
            value = cell.value
            is_formula = cell.data_type == "f" or (isinstance(value, str) and value.startswith("="))
            if is_formula and xlsxfile.is_external_formula(value):
                self.external_cells += 1
                linked = ", ".join(self.linked) or "een andere werkmap"
                self.out.warning(
                    f"De cel haalt haar waarde met een formule uit een andere werkmap ({linked}); "
                    "de monitor leest de uitkomst die bij het laatste opslaan is bewaard, en die "
                    "kan verouderd zijn",
                    sheet=grid.title,
                    row=row,
                    column=get_column_letter(col),
                    value=str(value),
                    expected="de waarde zelf: kopieer de cellen en plak ze als waarden "
                    "(Plakken speciaal → Waarden)",
                )
            if is_formula and grid.get(row, col) is None:
                self.out.error(
                    "De cel bevat een formule zonder opgeslagen uitkomst; open het bestand in "
                    "Excel en sla het op (of vervang de formule door de waarde)",
                    sheet=grid.title,
                    row=row,
                    column=get_column_letter(col),
                    value=str(value),
                    expected="een waarde",
                )

    # --- Info ----------------------------------------------------------------------------
    def _read_info(self, grid: _Grid) -> None:
        sheet = grid.title
        fields = {c.name: c for c in contract.INFO_FIELDS}
        seen: dict[str, int] = {}
        for row in range(1, grid.last_row + 1):
            key = cells.normalise_header(grid.get(row, 1))
            if key in ("", "veld"):
                continue
            if key not in fields:
                self.out.warning(
                    "Onbekend veld in het blad Info; het wordt genegeerd",
                    sheet=sheet,
                    row=row,
                    column="veld",
                    value=cells.display(grid.get(row, 1)),
                    expected=", ".join(fields),
                )
                continue
            if key in seen:
                self.out.error(
                    f"Het veld '{key}' staat twee keer in het blad Info (ook in rij {seen[key]})",
                    sheet=sheet,
                    row=row,
                    column="veld",
                    value=key,
                )
                continue
            seen[key] = row
            value = self._parse(grid, row, 2, fields[key], sheet)
            if value is not None:
                self.checked.info[key] = value
        for name, col in fields.items():
            if col.required and name not in seen:
                self.out.error(
                    f"Het veld '{name}' ontbreekt in het blad Info",
                    sheet=sheet,
                    column="veld",
                    expected=f"een rij met in kolom A '{name}' en in kolom B de waarde",
                )
        jaar = self.checked.info.get("programmajaar")
        self.jaar = jaar if isinstance(jaar, int) else None

    def _filename_hints(self) -> None:
        stem = self.path.stem.lower()
        soort = self.checked.info.get("gegevenstype")
        if "voorbeeld" in stem and soort == contract.GEGEVENSTYPE_ECHT:
            self.out.warning(
                "De bestandsnaam zegt 'voorbeeld' maar het blad Info zegt gegevenstype 'echt'",
                sheet=contract.INFO_SHEET,
                column="gegevenstype",
                value=soort,
                expected="'voorbeeld' voor voorbeeldgegevens",
            )
        years = {int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", stem)}
        if self.jaar is not None and years and self.jaar not in years:
            self.out.warning(
                "Het programmajaar verschilt van het jaar in de bestandsnaam",
                sheet=contract.INFO_SHEET,
                column="programmajaar",
                value=self.jaar,
                expected=" of ".join(str(y) for y in sorted(years)),
            )

    # --- data sheets -----------------------------------------------------------------------
    def _read_sheet(self, grid: _Grid, spec: Sheet) -> pd.DataFrame:
        sheet = grid.title
        header_row, columns = self._header(grid, spec)
        records: list[dict[str, object]] = []
        if header_row is None:
            return _frame(spec, records)
        used_cols = set(columns.values())
        merged_warned: set[str] = set()
        for row in range(header_row + 1, grid.last_row + 1):
            if grid.row_blank(row):
                continue
            if all(cells.is_blank(grid.get(row, c)) for c in used_cols):
                self.out.warning(
                    "Deze rij heeft alleen waarden in kolommen die worden genegeerd",
                    sheet=sheet,
                    row=row,
                    expected="waarden in de kolommen " + ", ".join(spec.names),
                )
                continue
            record: dict[str, object] = {ROW: row}
            for col in spec.columns:
                index = columns.get(col.name)
                if index is None:
                    record[col.name] = None
                    continue
                merged = grid.merged_from.get((row, index))
                if merged and merged not in merged_warned:
                    merged_warned.add(merged)
                    self.out.warning(
                        f"Samengevoegde cellen {merged}: de waarde geldt voor elke rij van het "
                        "samengevoegde gebied; maak de cellen liever los",
                        sheet=sheet,
                        row=row,
                        column=col.name,
                        value=cells.display(grid.get(row, index)),
                    )
                record[col.name] = self._parse(grid, row, index, col, sheet)
            records.append(record)
        if not records:
            self.empty_sheets.append((sheet, header_row))
        return _frame(spec, records)

    def _header(self, grid: _Grid, spec: Sheet) -> tuple[int | None, dict[str, int]]:
        sheet = grid.title
        wanted = set(spec.names)
        best_row, best_hits = None, 0
        for row in range(1, min(grid.last_row, HEADER_SEARCH_ROWS) + 1):
            hits = {
                cells.normalise_header(grid.get(row, c)) for c in range(1, grid.last_col + 1)
            } & wanted
            if len(hits) > best_hits:
                best_row, best_hits = row, len(hits)
        if best_row is None:
            self.out.error(
                "Geen kolomkoppen gevonden",
                sheet=sheet,
                row=1,
                expected="kolomkoppen in rij 1: " + ", ".join(spec.names),
            )
            return None, {}
        if best_row > 1 and any(not grid.row_blank(r) for r in range(1, best_row)):
            self.out.warning(
                f"De kolomkoppen staan in rij {best_row}; de rijen erboven worden genegeerd",
                sheet=sheet,
                row=best_row,
                expected="kolomkoppen in rij 1",
            )
        columns: dict[str, int] = {}
        extra: dict[str, int] = {}
        for col in range(1, grid.last_col + 1):
            raw = grid.get(best_row, col)
            name = cells.normalise_header(raw)
            letter = get_column_letter(col)
            if not name:
                has_data = any(
                    not cells.is_blank(grid.get(r, col))
                    for r in range(best_row + 1, grid.last_row + 1)
                )
                if has_data:
                    self.out.warning(
                        f"Kolom {letter} heeft gegevens maar geen kolomkop; "
                        "de kolom wordt genegeerd",
                        sheet=sheet,
                        row=best_row,
                        column=letter,
                        expected="een kolomkop uit: " + ", ".join(spec.names),
                    )
                continue
            if name in wanted and name not in columns:
                columns[name] = col
                continue
            if name in columns:
                merged = grid.merged_from.get((best_row, col))
                if merged:
                    message = (
                        f"De kolomkop staat in samengevoegde cellen {merged}; maak de cellen los "
                        "en geef elke kolom een eigen kolomkop"
                    )
                else:
                    first = get_column_letter(columns[name])
                    message = f"De kolom komt twee keer voor (kolom {first} en kolom {letter})"
                self.out.error(
                    message,
                    sheet=sheet,
                    row=best_row,
                    column=name,
                    value=cells.display(raw),
                    expected="elke kolomkop één keer",
                )
                continue
            extra[cells.display(raw)] = col
        missing = [c for c in spec.columns if c.name not in columns]
        self.absent |= {(spec.name, c.name) for c in missing}
        for col in missing:
            guess = cells.closest(col.name, list(extra), cutoff=0.6)
            hint = f"; kolom '{guess}' lijkt erop, geef die de naam '{col.name}'" if guess else ""
            if col.required:
                self.out.error(
                    f"Verplichte kolom '{col.name}' ontbreekt{hint}",
                    sheet=sheet,
                    row=best_row,
                    column=col.name,
                    expected=f"een kolom '{col.name}' ({col.rule()})",
                )
            else:
                self.out.warning(
                    f"Kolom '{col.name}' ontbreekt en blijft leeg{hint}",
                    sheet=sheet,
                    row=best_row,
                    column=col.name,
                    expected=f"een kolom '{col.name}'",
                )
        for raw in extra:
            self.out.warning(
                "Extra kolom die niet in het sjabloon staat; de kolom wordt genegeerd",
                sheet=sheet,
                row=best_row,
                column=raw,
                value=raw,
                expected="alleen de kolommen " + ", ".join(spec.names),
            )
        return best_row, columns

    # --- cells -------------------------------------------------------------------------------
    def _parse(self, grid: _Grid, row: int, index: int, col: Column, sheet: str) -> object:
        raw = grid.get(row, index)
        where = {"sheet": sheet, "row": row, "column": col.name, "value": cells.display(raw)}
        if cells.is_blank(raw):
            if col.required:
                self.out.error("Verplichte waarde ontbreekt", **where, expected=col.rule())
            return None
        fmt = grid.formats.get((row, index), "")
        try:
            value = self._convert(raw, fmt, col, where)
        except CellError as exc:
            self.out.error(f"Ongeldige waarde: {exc.message}", **where, expected=exc.expected)
            return None
        if col.publishable and isinstance(value, str):
            what = personal_data.looks_personal(value)
            if what:
                self.out.warning(
                    personal_data.message(what), **where, expected=personal_data.EXPECTED
                )
        if "%" in fmt and isinstance(raw, int | float) and not isinstance(raw, bool):
            self.percent_cells.add((sheet, row, col.name))
        if isinstance(value, int | float) and not isinstance(value, bool):
            if col.minimum is not None and value < col.minimum:
                if col.minimum == 0:
                    message = "Negatief aantal" if col.kind == contract.INT else "Negatieve waarde"
                else:
                    message = "Waarde te klein"
                self.out.error(message, **where, expected=col.rule())
                return None
            if col.maximum is not None and value > col.maximum:
                self.out.error("Waarde te groot", **where, expected=col.rule())
                return None
            if col.plausible_max is not None and value > col.plausible_max:
                self.out.warning(
                    "Onwaarschijnlijk groot aantal; controleer of dit klopt (tikfout?)",
                    **where,
                    expected=f"hooguit {col.plausible_max:,.0f}".replace(",", "."),
                )
        return value

    def _convert(self, raw: object, fmt: str, col: Column, where: dict) -> object:
        kind = col.kind
        if kind == contract.TEXT:
            return cells.clean_text(raw)
        if kind == contract.ID:
            return _id_text(raw)
        if kind == contract.INT:
            return cells.parse_int(raw, fmt)
        if kind == contract.NUMBER:
            return cells.parse_number(raw, fmt)
        if kind == contract.YEAR:
            return cells.parse_year(raw)
        if kind == contract.QUARTER:
            return cells.parse_quarter(raw)
        if kind == contract.DATE:
            return cells.parse_date(raw, contract.FIRST_DATE_YEAR, contract.LAST_YEAR)
        if kind == contract.CHOICE:
            return self._choice(raw, col, where)
        if kind == contract.GEMEENTE:
            return self._gemeente(raw, where)
        if kind == contract.GEMEENTEN:
            codes = [self._gemeente(part, where) for part in _split_codes(raw)]
            if any(c is None for c in codes):
                return None
            return ";".join(dict.fromkeys(c for c in codes if c))
        raise AssertionError(f"unknown column kind {kind}")

    def _choice(self, raw: object, col: Column, where: dict) -> str:
        key = cells.normalise_choice(raw).replace(" ", "")
        for choice in col.choices:
            if cells.normalise_choice(choice).replace(" ", "") == key:
                return choice
        guess = cells.closest(cells.display(raw), col.choices)
        hint = f"; bedoelt u '{guess}'?" if guess else ""
        raise CellError(f"deze waarde staat niet in de keuzelijst{hint}", ", ".join(col.choices))

    def _gemeente(self, raw: object, where: dict) -> str | None:
        text = cells.display(raw)
        ref = regions.read_gemeente(text)
        code = ref.code
        notes = {
            regions.READ_NUMBER: f"gemeentecode zonder 'GM'; gelezen als {code}",
            regions.READ_SHORT_CODE: f"gemeentecode met te weinig cijfers; gelezen als {code}",
            regions.READ_NAME: f"gemeentenaam in plaats van code; gelezen als {code}",
        }
        if code is None:
            if re.fullmatch(r"GM\d{1,4}|\d{1,4}(\.0+)?", text.upper().replace(" ", "")):
                self.out.error(
                    "Onbekende gemeentecode: geen (voormalige) gemeente in Groningen of Drenthe",
                    **where,
                    expected="een van de 22 gemeentecodes (zie het blad Lijsten van het sjabloon)",
                )
                return None
            hint = f"; bedoelt u '{ref.suggestion.split(' (')[0]}'?" if ref.suggestion else ""
            self.out.error(
                f"Onbekende gemeente{hint}",
                **where,
                expected="een gemeentecode uit Groningen of Drenthe, bijvoorbeeld GM0114",
            )
            return None
        note = notes.get(ref.how, "")
        if ref.how == regions.READ_SHORT_CODE and code == text.upper().replace(" ", ""):
            note = ""
        if note:
            self.out.warning(f"Let op: {note}", **where, expected="een gemeentecode als GM0114")
        if regions.is_current_gemeente(code):
            return code
        if regions.is_former_gemeente(code):
            successor = regions.main_successor(code)
            split = len(regions.successors(code)) > 1
            cw = regions.crosswalk().loc[lambda df: df["oude_code"] == code]
            since = dt.date.fromisoformat(str(cw["ingangsdatum"].iloc[0]))
            self.out.warning(
                f"Voormalige gemeente {code} ({cw['oude_naam'].iloc[0]}, opgeheven per "
                f"{since:%d-%m-%Y}); "
                f"geteld bij {successor} ({regions.name(successor)})"
                + (", die het grootste deel kreeg (de gemeente is gesplitst)" if split else ""),
                **where,
                expected="een huidige gemeentecode",
            )
            self.checked.harmonised.add((str(where["sheet"]), int(where["row"])))
            return successor
        return code  # a current gemeente (read_gemeente knows no other codes)

    # --- rules across rows and sheets --------------------------------------------------------
    def _cross_checks(self) -> None:
        frames = self.checked.frames
        for name, frame in frames.items():
            self._duplicates(contract.sheet(name), frame)
        if "Partners" in frames:
            self._duplicate_values(frames["Partners"], "Partners", "naam")
        if "Doelen" in frames:
            self._goal_rules(frames["Doelen"], "Doelen")
        if "Experimenten" in frames:
            self._goal_rules(frames["Experimenten"], "Experimenten")
        self._percent_fractions()
        if "Interventies" in frames:
            self._intervention_rules(frames["Interventies"])
            self._intervention_limits(frames["Interventies"])
        if "Bereik" in frames:
            self._reach_rules(frames["Bereik"])
        if "Bijeenkomsten" in frames:
            self._meeting_rules(frames["Bijeenkomsten"])
        if "Jaarbereik" in frames:
            self._yearly_reach_rules(frames["Jaarbereik"], frames.get("Bereik"))
        if "Ervaringen" in frames:
            self._experience_rules(frames["Ervaringen"])
        self._references()

    def _emit_rows(
        self,
        frame: pd.DataFrame,
        mask: pd.Series,
        severity: str,
        message: str | Callable[[pd.Series], str],
        sheet: str,
        column: str,
        expected: str,
    ) -> None:
        for _, rec in frame.loc[mask.fillna(False).astype(bool)].iterrows():
            text = message(rec) if callable(message) else message
            self.out.add(
                severity,
                text,
                sheet=sheet,
                row=int(rec[ROW]),
                column=column,
                value=_show(rec.get(column)),
                expected=expected,
            )

    def _duplicates(self, spec: Sheet, frame: pd.DataFrame) -> None:
        if frame.empty or not spec.key:
            return
        first: dict[tuple, int] = {}
        severity = ERROR if spec.duplicate_is_error else WARNING
        id_key = len(spec.key) == 1
        for _, rec in frame.iterrows():
            values = tuple(_key_part(rec[k]) for k in spec.key)
            if id_key and values[0] is None:
                continue
            if values in first:
                label = spec.key[0] if id_key else " + ".join(spec.key)
                self.out.add(
                    severity,
                    f"Dubbele {label}: dezelfde waarde staat ook in rij {first[values]}",
                    sheet=spec.name,
                    row=int(rec[ROW]),
                    column=spec.key[0] if id_key else label,
                    value=" / ".join("" if v is None else str(v) for v in values),
                    expected="elke waarde één keer" if id_key else "elke combinatie één keer",
                )
            else:
                first[values] = int(rec[ROW])

    def _duplicate_values(self, frame: pd.DataFrame, sheet: str, column: str) -> None:
        seen: dict[str, int] = {}
        for _, rec in frame.iterrows():
            value = rec[column]
            if not isinstance(value, str):
                continue
            key = cells.normalise_choice(value)
            if key in seen:
                self.out.error(
                    f"Dubbele {column}: staat ook in rij {seen[key]}",
                    sheet=sheet,
                    row=int(rec[ROW]),
                    column=column,
                    value=value,
                    expected="elke waarde één keer",
                )
            else:
                seen[key] = int(rec[ROW])

    def _goal_rules(self, frame: pd.DataFrame, sheet: str) -> None:
        if frame.empty:
            return
        has_value = frame["streefwaarde"].notna() | frame["realisatie"].notna()
        self._emit_rows(
            frame,
            has_value & frame["eenheid"].isna(),
            ERROR,
            "Eenheid ontbreekt terwijl er een streefwaarde of realisatie is ingevuld",
            sheet,
            "eenheid",
            ", ".join(contract.EENHEDEN),
        )
        percent = frame["eenheid"] == contract.PROCENT
        for col in ("streefwaarde", "realisatie"):
            self._emit_rows(
                frame,
                percent & (frame[col] > 100),
                ERROR,
                "Percentage boven 100",
                sheet,
                col,
                "een percentage van 0 tot en met 100",
            )
        if sheet == "Doelen":
            self._theme_rules(frame, "Doelen")
            learning = frame["strategisch_doel"] == contract.STRATEGISCH_DOEL_LEREN
            known = frame["strategisch_doel"].notna()
            self._emit_rows(
                frame,
                known & learning & frame["kapitaalsvorm"].notna() & frame["leerthema"].isna(),
                WARNING,
                "Een doel van strategisch doel 3 hoort bij een leerthema, "
                "niet bij een kapitaalsvorm",
                sheet,
                "kapitaalsvorm",
                "leeg, met een leerthema: " + ", ".join(contract.LEERTHEMAS),
            )
            self._emit_rows(
                frame,
                known & ~learning & frame["leerthema"].notna(),
                WARNING,
                "Een leerthema hoort bij strategisch doel 3",
                sheet,
                "leerthema",
                "leeg bij doel 1 en 2 (vul een kapitaalsvorm in)",
            )
            self._horizon_rules(frame)
            self._emit_rows(
                frame,
                (frame["status"] == "gerealiseerd") & (frame["realisatie"] < frame["streefwaarde"]),
                WARNING,
                "Status 'gerealiseerd' maar de realisatie ligt onder de streefwaarde",
                sheet,
                "status",
                "status 'lopend', of een realisatie van ten minste de streefwaarde",
            )

    def _horizon_rules(self, frame: pd.DataFrame) -> None:
        """Each target has a period (startjaar to doeljaar): both or neither, in order."""
        sheet = "Doelen"
        start, end = frame["startjaar"], frame["doeljaar"]
        self._emit_rows(
            frame,
            start.notna() & end.notna() & (end < start),
            ERROR,
            "Het doeljaar ligt vóór het startjaar",
            sheet,
            "doeljaar",
            "een doeljaar op of na het startjaar",
        )
        for filled, empty in (("startjaar", "doeljaar"), ("doeljaar", "startjaar")):
            flagged = self.out.rows_with(sheet, (empty,))  # an unreadable year: said already
            self._emit_rows(
                frame,
                frame[filled].notna() & frame[empty].isna() & ~frame[ROW].isin(flagged),
                ERROR,
                f"Verplichte waarde ontbreekt: {empty} hoort bij {filled} (samen de looptijd van "
                "de streefwaarde)",
                sheet,
                empty,
                "startjaar en doeljaar allebei ingevuld (of allebei leeg)",
            )
        targets = frame["streefwaarde"].notna() & (frame["status"] != "vervallen")
        if {(sheet, "startjaar"), (sheet, "doeljaar")} & self.absent:
            if targets.any():
                self.out.warning(
                    "De kolommen startjaar en doeljaar ontbreken (een werkmap van een ouder "
                    "sjabloon): zonder looptijd zegt het rapport bij elk doel 'looptijd onbekend' "
                    "in plaats van 'op koers' of 'achter'",
                    sheet=sheet,
                    column="doeljaar",
                    expected="de kolommen startjaar en doeljaar naast streefwaarde (zie het "
                    "sjabloon), ingevuld bij elk doel met een streefwaarde",
                )
            return
        self._emit_rows(
            frame,
            targets & start.isna() & end.isna(),
            WARNING,
            "Looptijd ontbreekt: zonder startjaar en doeljaar kan het rapport niet zeggen of dit "
            "doel op koers is en zet het 'looptijd onbekend'",
            sheet,
            "doeljaar",
            "het startjaar en het doeljaar van de streefwaarde",
        )

    def _theme_rules(self, frame: pd.DataFrame, sheet: str) -> None:
        """Every goal or intervention has a kapitaalsvorm or a leerthema."""
        flagged = self.out.rows_with(sheet, ("kapitaalsvorm", "leerthema"))
        self._emit_rows(
            frame,
            frame["kapitaalsvorm"].isna() & frame["leerthema"].isna() & ~frame[ROW].isin(flagged),
            ERROR,
            "Kapitaalsvorm en leerthema zijn allebei leeg",
            sheet,
            "kapitaalsvorm",
            "een kapitaalsvorm ("
            + ", ".join(contract.KAPITAALSVORMEN)
            + ") of een leerthema ("
            + ", ".join(contract.LEERTHEMAS)
            + ")",
        )

    def _intervention_rules(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self._theme_rules(frame, "Interventies")
        self._emit_rows(
            frame,
            frame["eind"] < frame["start"],
            ERROR,
            "De einddatum ligt vóór de startdatum",
            "Interventies",
            "eind",
            "een einddatum op of na de startdatum",
        )
        judged = frame["oordeel_toetsingskader"].notna() & (
            frame["oordeel_toetsingskader"] != contract.OORDEEL_NIET_BEOORDEELD
        )
        self._emit_rows(
            frame,
            judged & frame["beoordeeld_op"].isna(),
            WARNING,
            "Er is een oordeel maar geen datum waarop is beoordeeld",
            "Interventies",
            "beoordeeld_op",
            "de datum van het oordeel",
        )
        self._emit_rows(
            frame,
            (frame["oordeel_toetsingskader"] == contract.OORDEEL_NIET_BEOORDEELD)
            & frame["beoordeeld_op"].notna(),
            WARNING,
            "Er is een beoordelingsdatum maar het oordeel is 'nog niet beoordeeld'",
            "Interventies",
            "oordeel_toetsingskader",
            "het oordeel van die datum",
        )

    def _reach_rules(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        both = frame["interventie_id"].notna() & frame["experiment_id"].notna()
        neither = frame["interventie_id"].isna() & frame["experiment_id"].isna()
        self._emit_rows(
            frame,
            both,
            ERROR,
            "Zowel interventie_id als experiment_id is ingevuld",
            "Bereik",
            "experiment_id",
            "precies één van interventie_id en experiment_id",
        )
        self._emit_rows(
            frame,
            neither,
            ERROR,
            "Verplichte waarde ontbreekt: vul interventie_id of experiment_id in",
            "Bereik",
            "interventie_id",
            "precies één van interventie_id en experiment_id",
        )
        counts = ["huishoudens", "personen", "kinderen"]
        self._count_limits(frame, "Bereik", "gemeente_code", counts)
        self._emit_rows(
            frame,
            frame[counts].isna().all(axis=1),
            ERROR,
            "Verplichte waarde ontbreekt: geen enkel aantal ingevuld",
            "Bereik",
            "huishoudens",
            "ten minste één van huishoudens, personen, kinderen",
        )
        self._people_plausible(frame, "Bereik")
        if self.jaar is not None:
            self._emit_rows(
                frame,
                frame["jaar"].notna() & (frame["jaar"] != self.jaar),
                WARNING,
                "Het jaar verschilt van het programmajaar in het blad Info",
                "Bereik",
                "jaar",
                str(self.jaar),
            )

    def _count_limits(self, frame: pd.DataFrame, sheet: str, place: str, counts: list[str]) -> None:
        """A count of households, persons or children never exceeds the inhabitants there."""
        for _, rec in frame.iterrows():
            codes = rec[place]
            if not isinstance(codes, str) or not codes:
                continue
            limit = bounds.combined_limit(codes.split(";"))
            if limit is None:
                continue
            for col in counts:
                value = rec[col]
                if pd.isna(value) or value <= limit.maximum:
                    continue
                self.out.error(
                    f"Meer {col} dan {limit.basis} inwoners heeft",
                    sheet=sheet,
                    row=int(rec[ROW]),
                    column=col,
                    value=f"{int(value):,}".replace(",", "."),
                    expected=limit.explain(),
                )

    def _intervention_limits(self, frame: pd.DataFrame) -> None:
        if not frame.empty:
            self._count_limits(
                frame, "Interventies", "gemeente_codes", ["bereik_huishoudens", "bereik_personen"]
            )

    def _percent_fractions(self) -> None:
        """Report percentages typed as fractions (0,052 for 5,2 %); see the data dictionary."""
        cells_: list[tuple[str, int, str, float]] = []
        for sheet in ("Doelen", "Experimenten"):
            frame = self.checked.frames.get(sheet)
            if frame is None or frame.empty:
                continue
            for _, rec in frame.loc[frame["eenheid"] == contract.PROCENT].iterrows():
                for col in ("streefwaarde", "realisatie"):
                    value = rec[col]
                    row = int(rec[ROW])
                    if pd.isna(value) or (sheet, row, col) in self.percent_cells:
                        continue
                    cells_.append((sheet, row, col, float(value)))
        values = [v for *_, v in cells_]
        if len(values) >= 2 and all(0 <= v <= 1 for v in values) and max(values) > 0:
            for sheet, row, col, value in cells_:
                if value > 0:
                    self.out.error(
                        f"{delivery.fraction_message(value)}: alle percentages in deze werkmap "
                        "liggen tussen 0 en 1",
                        sheet=sheet,
                        row=row,
                        column=col,
                        value=_show(value).replace(".", ","),
                        expected=delivery.FRACTION_EXPECTED,
                    )
            return
        by_row: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
        for sheet, row, col, value in cells_:
            by_row[(sheet, row)][col] = value
        for (sheet, row), pair in by_row.items():
            for col, other in (("realisatie", "streefwaarde"), ("streefwaarde", "realisatie")):
                value, ref = pair.get(col), pair.get(other)
                if value is None or ref is None or not 0 < value < 1 or ref <= 1:
                    continue
                if ref >= delivery.FRACTION_FACTOR * value:
                    self.out.warning(
                        f"{delivery.fraction_message(value)}: de {other} op deze rij is "
                        f"{_show(ref).replace('.', ',')}; controleer of dit een percentage is",
                        sheet=sheet,
                        row=row,
                        column=col,
                        value=_show(value).replace(".", ","),
                        expected=delivery.FRACTION_EXPECTED,
                    )

    def _meeting_rules(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self._emit_rows(
            frame,
            frame["ervaringsdeskundigen"] > frame["deelnemers"],
            ERROR,
            "Meer ervaringsdeskundigen dan deelnemers (zij horen bij de deelnemers)",
            "Bijeenkomsten",
            "ervaringsdeskundigen",
            "ervaringsdeskundigen ≤ deelnemers",
        )
        if self.jaar is not None:
            self._emit_rows(
                frame,
                frame["datum"].notna() & (frame["datum"].dt.year != self.jaar),
                WARNING,
                "De datum ligt buiten het programmajaar",
                "Bijeenkomsten",
                "datum",
                f"een datum in {self.jaar}",
            )

    def _people_plausible(self, frame: pd.DataFrame, sheet: str) -> None:
        """Warn on reach rows with fewer persons than households or more children than persons."""
        self._emit_rows(
            frame,
            frame["personen"] < frame["huishoudens"],
            WARNING,
            "Minder personen dan huishoudens; elk huishouden telt ten minste één persoon",
            sheet,
            "personen",
            "personen ≥ huishoudens",
        )
        self._emit_rows(
            frame,
            frame["kinderen"] > frame["personen"],
            WARNING,
            "Meer kinderen dan personen; kinderen horen bij de personen",
            sheet,
            "kinderen",
            "kinderen ≤ personen",
        )

    def _yearly_reach_rules(self, frame: pd.DataFrame, quarterly: pd.DataFrame | None) -> None:
        """Unique yearly counts: persons ≥ households ≥ 0, never above the quarterly sum."""
        if frame.empty:
            return
        self._people_plausible(frame, "Jaarbereik")
        self._low_income_rule(frame)
        self._count_limits(frame, "Jaarbereik", "gemeente_code", ["huishoudens", "personen"])
        if quarterly is None or quarterly.empty:
            return
        summed = quarterly.groupby(["jaar", "gemeente_code"])["huishoudens"].sum(min_count=1)
        for _, rec in frame.iterrows():
            total = summed.get((rec["jaar"], rec["gemeente_code"]))
            if total is None or pd.isna(total) or pd.isna(rec["huishoudens"]):
                continue
            if rec["huishoudens"] > total:
                self.out.warning(
                    "Meer unieke huishoudens in het jaar dan de kwartalen in het blad Bereik "
                    f"samen ({_show(total)})",
                    sheet="Jaarbereik",
                    row=int(rec[ROW]),
                    column="huishoudens",
                    value=_show(rec["huishoudens"]),
                    expected=f"hooguit {_show(total)}",
                )

    def _low_income_rule(self, frame: pd.DataFrame) -> None:
        """Households with a low income are part of the households reached."""
        self._emit_rows(
            frame,
            frame["huishoudens_laag_inkomen"] > frame["huishoudens"],
            ERROR,
            "Meer huishoudens met een laag inkomen dan bereikte huishoudens (zij horen bij de "
            "bereikte huishoudens)",
            "Jaarbereik",
            "huishoudens_laag_inkomen",
            "huishoudens_laag_inkomen ≤ huishoudens",
        )

    def _experience_rules(self, frame: pd.DataFrame) -> None:
        """Aggregated experiences: positive answers never exceed the participants."""
        if frame.empty:
            return
        self._emit_rows(
            frame,
            frame["positief"] > frame["deelnemers"],
            ERROR,
            "Meer positieve antwoorden dan deelnemers die antwoordden",
            "Ervaringen",
            "positief",
            "positief ≤ deelnemers",
        )

    def _references(self) -> None:
        frames = self.checked.frames
        for name, frame in frames.items():
            for col in contract.sheet(name).columns:
                if not col.reference or frame.empty:
                    continue
                target_sheet, target_col = col.reference.split(".")
                if target_sheet not in frames:
                    continue
                target = frames[target_sheet]
                known = {str(v).upper(): str(v) for v in target[target_col].dropna()}
                if name == "Interventies" and col.name == "partner":
                    self._partner_names(frame, target, known)
                    continue
                for _, rec in frame.iterrows():
                    value = rec[col.name]
                    if not isinstance(value, str) or value.upper() in known:
                        continue
                    guess = cells.closest(value, list(known.values()), cutoff=0.5)
                    hint = f"; bedoelt u '{guess}'?" if guess else ""
                    self.out.error(
                        f"Verwijzing naar onbekende {target_col}{hint}",
                        sheet=name,
                        row=int(rec[ROW]),
                        column=col.name,
                        value=value,
                        expected=f"een {target_col} uit het blad {target_sheet}",
                    )
        self._reach_places()

    def _partner_names(self, frame: pd.DataFrame, partners: pd.DataFrame, known: dict) -> None:
        """Interventies.partner may hold a partner_id or a partner's name; store the id."""
        by_name = {
            cells.normalise_choice(n): i
            for i, n in zip(partners["partner_id"], partners["naam"], strict=True)
            if isinstance(n, str) and isinstance(i, str)
        }
        for idx, rec in frame.iterrows():
            value = rec["partner"]
            if not isinstance(value, str):
                continue
            if value.upper() in known:
                frame.at[idx, "partner"] = known[value.upper()]
                continue
            if cells.normalise_choice(value) in by_name:
                frame.at[idx, "partner"] = by_name[cells.normalise_choice(value)]
                continue
            options = list(known.values()) + [n for n in partners["naam"].dropna()]
            guess = cells.closest(value, options, cutoff=0.5)
            hint = f"; bedoelt u '{guess}'?" if guess else ""
            self.out.error(
                f"Verwijzing naar onbekende partner{hint}",
                sheet="Interventies",
                row=int(rec[ROW]),
                column="partner",
                value=value,
                expected="een partner_id of naam uit het blad Partners",
            )

    def _reach_places(self) -> None:
        """Warn when reach is reported in a gemeente where the intervention does not run."""
        frames = self.checked.frames
        if "Bereik" not in frames or "Interventies" not in frames:
            return
        places = {
            str(i).upper(): set(str(g).split(";"))
            for i, g in zip(
                frames["Interventies"]["interventie_id"],
                frames["Interventies"]["gemeente_codes"],
                strict=True,
            )
            if isinstance(i, str) and isinstance(g, str)
        }
        for _, rec in frames["Bereik"].iterrows():
            iid, code = rec["interventie_id"], rec["gemeente_code"]
            if not isinstance(iid, str) or not isinstance(code, str):
                continue
            where = places.get(iid.upper())
            if where is not None and code not in where:
                self.out.warning(
                    "Bereik in een gemeente die niet bij de interventie staat",
                    sheet="Bereik",
                    row=int(rec[ROW]),
                    column="gemeente_code",
                    value=code,
                    expected="een van de gemeente_codes van de interventie: "
                    + ", ".join(sorted(where)),
                )


# --- helpers -----------------------------------------------------------------------------
def _cells(ws: Worksheet) -> dict[tuple[int, int], object]:
    """Return the stored cells of a worksheet without creating the empty ones."""
    stored = getattr(ws, "_cells", None)
    if isinstance(stored, dict):
        return stored
    return {(c.row, c.column): c for row in ws.iter_rows() for c in row}


def _grid(ws: Worksheet) -> _Grid:
    values: dict[tuple[int, int], object] = {}
    formats: dict[tuple[int, int], str] = {}
    for key, cell in _cells(ws).items():
        if not cells.is_blank(cell.value):
            values[key] = cell.value
            formats[key] = cell.number_format or ""
    merged_from: dict[tuple[int, int], str] = {}
    for rng in ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        value = values.get(top)
        if value is None:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != top:
                    values[(r, c)] = value
                    formats[(r, c)] = formats.get(top, "")
                    merged_from[(r, c)] = rng.coord
    last_row = max((r for r, _ in values), default=0)
    last_col = max((c for _, c in values), default=0)
    return _Grid(ws.title, values, formats, merged_from, last_row, last_col)


def _has_formulas(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(
                b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                for n in archive.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _id_text(raw: object) -> str | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = cells.clean_text(raw)
    return re.sub(r"\s+", " ", text) if text else None


def _split_codes(raw: object) -> list[object]:
    if isinstance(raw, int | float):
        return [raw]
    text = cells.display(raw)
    parts = [p.strip() for p in re.split(r"[;,/\n]+", text) if p.strip()]
    out: list[object] = []
    for part in parts:
        if re.fullmatch(r"(GM\d{4}\s+)+GM\d{4}", part.upper()):
            out.extend(part.split())
        else:
            out.append(part)
    return out


def _key_part(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value.upper()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _show(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DTYPES = {
    contract.INT: "Int64",
    contract.YEAR: "Int64",
    contract.QUARTER: "Int64",
    contract.NUMBER: "Float64",
}


def _frame(spec: Sheet, records: list[dict[str, object]]) -> pd.DataFrame:
    """Build the parsed frame of a sheet: the contract's columns plus the Excel row number."""
    data: dict[str, object] = {ROW: pd.array([r[ROW] for r in records], dtype="Int64")}
    for col in spec.columns:
        values = [r.get(col.name) for r in records]
        if col.name in contract.AVK_TEAM_NORM:
            values = [0 if v is None else v for v in values]
        if col.kind in _DTYPES:
            data[col.name] = pd.array(values, dtype=_DTYPES[col.kind])
        elif col.kind == contract.DATE:
            data[col.name] = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
        else:
            data[col.name] = pd.Series(values, dtype="str")
    return pd.DataFrame(data).reset_index(drop=True)
