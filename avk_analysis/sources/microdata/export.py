"""A microdata export as delivered: recognise it, check it cell by cell, read it.

The kit's script writes one tidy CSV (``;``, UTF-8) with the columns of ``contract.columns()``.
After CBS's output check a planning office delivers it unchanged (``avk-monitor levering``).
``validate_export`` reports every problem with file, row (as a text editor shows it), column,
value and what was expected, in Dutch, and never raises for a user's mistake: wrong or missing
columns, unknown regions, measures or definitions, single years and pooled windows that do not
fit the measure, a published count under 10 (or not rounded), a suppressed cell that is not
empty or has no reason, a 0 where a cell was suppressed, duplicate or missing cells, and counts
that do not add up within their rounding.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from avk_analysis.sources.microdata import contract
from avk_analysis.vocabulary import regions
from avk_analysis.vocabulary.validation import InputError, Report

# the columns that tell an export apart from a planning-office delivery
SIGNATURE = ("jaar_van", "jaar_tot", "regio_code", "woonsituatie", "maat", "aantal")
YEAR = re.compile(r"\d{4}")
COUNT = re.compile(r"\d+")


@dataclass
class _Row:
    """One checked row of an export."""

    row: int
    jaar_van: int
    jaar_tot: int
    regio: str
    woon: str
    ouder: str
    maat: str
    aantal: int | None
    reden: str
    afronding: int
    definitie: str


@dataclass
class Checked:
    """The outcome of checking an export: the report and the rows that passed."""

    report: Report
    rows: list[_Row] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the export can be used."""
        return self.report.ok


def known_regions() -> dict[str, str]:
    """Return the region codes an export may hold, with their names."""
    out = {code: regions.name(code) for code in regions.gemeente_codes()}
    out.update({code: regions.name(code) for code in ("PV20", "PV22", "NL01")})
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        out[regions.veenkolonien_code(definitie)] = regions.veenkolonien_name(definitie)
    return out


def _header_of(path: Path) -> list[str] | None:
    """Return the first line's column names (None when the file is not readable text)."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(65536)
    except OSError:
        return None
    text = first.decode("utf-8-sig", errors="replace").strip()
    delimiter = ";" if ";" in text else ","
    return [c.strip().lower() for c in text.split(delimiter)]


def is_export(path: str | Path) -> bool:
    """Tell whether a file looks like a microdata export (its header has the export's columns)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() not in (".csv", ".txt"):
        return False
    header = _header_of(path)
    return header is not None and all(name in header for name in SIGNATURE)


def _read(path: Path, report: Report) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Read the CSV into text cells with the row numbers a text editor shows."""
    expected = "de CSV die het script in RA schreef (;-gescheiden, UTF-8), ongewijzigd"
    if not path.exists():
        report.error("Het bestand bestaat niet", value=str(path), expected=expected)
        return None
    if path.is_dir():
        report.error("Dit is een map, geen bestand", value=str(path), expected=expected)
        return None
    if path.suffix.lower() not in (".csv", ".txt"):
        report.error("Geen CSV-bestand", value=path.name, expected=expected)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error("Het bestand kan niet worden geopend", value=str(exc), expected=expected)
        return None
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        report.error(
            "Dit is geen tekstbestand (het lijkt een Excel- of zipbestand)",
            value=path.name,
            expected=expected,
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        report.warning(
            "Het bestand is niet in UTF-8 opgeslagen; het is gelezen als Windows-1252",
            expected=expected,
        )
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        report.error("Het bestand is leeg", expected=expected)
        return None
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        report.error("De CSV-opmaak klopt niet", row=start, value=str(exc), expected=expected)
        return None
    rows = [(n, c) for n, c in rows if any(x.strip() for x in c)]
    (_, header), body = rows[0], rows[1:]
    return [h.replace("\ufeff", "").strip().lower() for h in header], body


def _check_row(
    n: int, cells: list[str], where: dict[str, int], report: Report, known: dict[str, str]
) -> _Row | None:
    """Check one row; record every problem; return the row when it has none."""
    c = contract.constants()
    before = len(report.errors)
    v = {name: (cells[i].strip() if i < len(cells) else "") for name, i in where.items()}
    if len(cells) > len(where) and any(x.strip() for x in cells[len(where) :]):
        report.warning("Deze rij heeft meer velden dan de kopregel", row=n)
    years = []
    first = int(c["EERSTE_JAAR"])  # type: ignore[call-overload]
    this_year = dt.date.today().year
    for name in ("jaar_van", "jaar_tot"):
        text = v[name]
        if not YEAR.fullmatch(text):
            report.error("Geen jaartal", row=n, column=name, value=text, expected="bv. 2023")
        elif not first <= int(text) <= this_year:
            report.error(
                "Jaar buiten het bereik",
                row=n,
                column=name,
                value=text,
                expected=f"{first} (INHATAB) tot en met {this_year}",
            )
        else:
            years.append(int(text))
    if len(years) == 2 and years[0] > years[1]:
        report.error(
            "jaar_van ligt na jaar_tot",
            row=n,
            column="jaar_van",
            value=f"{years[0]}-{years[1]}",
            expected="jaar_van <= jaar_tot",
        )
    code = v["regio_code"]
    if code not in known:
        hint = "een GM-code van de 22 huidige gemeenten, PV20, PV22, NL01 of VK_<definitie>"
        if regions.is_former_gemeente(code):
            hint = "de huidige gemeenten: draai het script met de nieuwste gemeente-indeling"
        report.error("Onbekende regiocode", row=n, column="regio_code", value=code, expected=hint)
    checks = (
        ("woonsituatie", c["WOONSITUATIES"]),
        ("ouder", c["OUDERS"]),
        ("maat", (*contract.year_measures(), *contract.window_measures())),
    )
    for name, allowed in checks:
        if v[name] not in allowed:  # type: ignore[operator]
            report.error(
                f"Onbekende {name}", row=n, column=name, value=v[name], expected=", ".join(allowed)
            )  # type: ignore[arg-type]
    maat, ouder = v["maat"], v["ouder"]
    if maat in contract.year_measures():
        if ouder and ouder != c["TOTAAL"]:
            report.error(
                "Een jaarcijfer hoort bij ouder 'totaal'",
                row=n,
                column="ouder",
                value=ouder,
                expected="totaal",
            )
        if len(years) == 2 and years[0] != years[1]:
            report.error(
                "Een jaarcijfer geldt voor één jaar",
                row=n,
                column="jaar_tot",
                value=f"{years[0]}-{years[1]}",
                expected="jaar_van = jaar_tot",
            )
    elif maat in contract.window_measures() and ouder not in (c["MOEDER"], c["VADER"]):
        report.error(
            "De 2x2-tabel geldt per ouder",
            row=n,
            column="ouder",
            value=ouder,
            expected="moeder of vader",
        )
    afronding = 0
    if v["afronding"] not in {str(b) for b in c["AFRONDINGEN"]}:  # type: ignore[attr-defined]
        report.error(
            "Onbekende afronding",
            row=n,
            column="afronding",
            value=v["afronding"],
            expected="10 of 100",
        )
    else:
        afronding = int(v["afronding"])
    if v["definitie"] not in contract.definitions():
        report.error(
            "Onbekende definitieversie",
            row=n,
            column="definitie",
            value=v["definitie"],
            expected=" of ".join(contract.definitions()) + " (maak een nieuw pakket met "
            "`avk-monitor microdata-pakket` als het script nieuwer is)",
        )
    aantal = _check_count(n, v, afronding, report)
    if len(report.errors) > before:
        return None
    return _Row(
        n,
        years[0],
        years[1],
        code,
        v["woonsituatie"],
        ouder,
        maat,
        aantal,
        v["reden"],
        afronding,
        v["definitie"],
    )


def _check_count(n: int, v: dict[str, str], afronding: int, report: Report) -> int | None:
    """Check aantal and reden: a published count is >= 10 and rounded; a suppressed one empty."""
    text, reden = v["aantal"], v["reden"]
    minimum = int(contract.get("MINIMUM"))  # type: ignore[call-overload]
    if text == "":
        if not reden:
            report.error(
                "Een onderdrukte cel heeft een reden nodig",
                row=n,
                column="reden",
                expected=f"bv. '{contract.get('REDEN')}'",
            )
        return None
    if reden:
        report.error(
            "Een gepubliceerd aantal heeft geen reden van onderdrukking",
            row=n,
            column="reden",
            value=reden,
            expected="leeg",
        )
    if not COUNT.fullmatch(text):
        hint = "een heel getal zonder punt of komma, bv. 1230"
        report.error("Geen aantal", row=n, column="aantal", value=text, expected=hint)
        return None
    value = int(text)
    if value == 0:
        report.error(
            "Een 0 in een export: een onderdrukte cel is leeg, nooit 0",
            row=n,
            column="aantal",
            value=text,
            expected="leeg, met de reden in de kolom reden",
        )
    elif value < max(minimum, math.ceil(afronding / 2)):
        report.error(
            f"Een gepubliceerd aantal onder de {minimum} (regel van het CBS)",
            row=n,
            column="aantal",
            value=text,
            expected=f"ten minste {minimum}, anders onderdrukt (leeg)",
        )
    elif afronding and value % afronding:
        report.error(
            f"Niet afgerond op {afronding}",
            row=n,
            column="aantal",
            value=text,
            expected=f"een veelvoud van {afronding}",
        )
    return value


def _check_file(rows: list[_Row], report: Report, known: dict[str, str]) -> None:
    """Check what only the whole file shows: one setting, no doubles, complete, adding up."""
    c = contract.constants()
    for name in ("afronding", "definitie"):
        values = sorted({str(getattr(r, name)) for r in rows})
        if len(values) > 1:
            report.error(
                f"Eén export heeft één {name}; dit bestand mengt er meer",
                column=name,
                value=", ".join(values),
                expected="elke export apart aanleveren",
            )
    cells: dict[tuple, _Row] = {}
    for r in rows:
        key = (r.jaar_van, r.jaar_tot, r.regio, r.woon, r.ouder, r.maat)
        if key in cells:
            report.error(
                f"Dubbele cel: dezelfde als rij {cells[key].row}",
                row=r.row,
                expected="elke cel één keer",
            )
        else:
            cells[key] = r
    woon = list(c["WOONSITUATIES"])  # type: ignore[call-overload]
    blocks = {(r.jaar_van, r.jaar_tot, r.ouder) for r in rows}
    for van, tot, ouder in sorted(blocks):
        measures = contract.year_measures() if ouder == c["TOTAAL"] else contract.window_measures()
        missing = [
            f"{code} {w} {m}"
            for code in known
            for w in woon
            for m in measures
            if (van, tot, code, w, ouder, m) not in cells
        ]
        if missing:
            period = str(van) if van == tot else f"{van}-{tot}"
            report.error(
                f"Cellen ontbreken ({period}, ouder {ouder}): de export is onvolledig",
                value="; ".join(missing[:5])
                + (f" en nog {len(missing) - 5}" if len(missing) > 5 else ""),
                expected="alle regio's, woonsituaties en maten uit het script",
            )
    _check_sums(cells, report)


def _check_sums(cells: dict[tuple, _Row], report: Report) -> None:
    """Check that published counts add up within their rounding (a changed file shows here)."""
    c = contract.constants()
    total, home, away = c["TOTAAL"], c["THUIS"], c["UIT"]

    def value(key: tuple) -> int | None:
        row = cells.get(key)
        return row.aantal if row is not None else None

    for key, row in cells.items():
        van, tot, code, woon, ouder, maat = key
        base = row.afronding
        if woon == total and row.aantal is not None:
            parts = [value((van, tot, code, w, ouder, maat)) for w in (home, away)]
            if None not in parts and abs(row.aantal - sum(parts)) > 1.5 * base:  # type: ignore[arg-type]
                report.error(
                    "Totaal = thuiswonend + uitwonend klopt niet (ook niet afgerond)",
                    row=row.row,
                    column="aantal",
                    value=f"{row.aantal} vs {parts}",
                    expected=f"een verschil van hoogstens {1.5 * base:g}",
                )
        if maat == contract.window_measures()[0] and row.aantal is not None:
            parts = [
                value((van, tot, code, woon, ouder, m)) for m in contract.window_measures()[1:]
            ]
            if None not in parts and abs(row.aantal - sum(parts)) > 2.5 * base:  # type: ignore[arg-type]
                report.error(
                    "ouder_bekend = som van de 2x2-tabel klopt niet (ook niet afgerond)",
                    row=row.row,
                    column="aantal",
                    value=f"{row.aantal} vs {parts}",
                    expected=f"een verschil van hoogstens {2.5 * base:g}",
                )
        if maat in ("jv_laag", "jv_langdurig") and row.aantal is not None:
            whole = value((van, tot, code, woon, ouder, "jv"))
            if whole is not None and row.aantal > whole + base:
                report.error(
                    f"{maat} is groter dan jv",
                    row=row.row,
                    column="aantal",
                    value=f"{row.aantal} > {whole}",
                    expected="een deel van alle jongvolwassenen",
                )


def check_export(path: str | Path) -> Checked:
    """Check a microdata export and return the report and its rows (never raises)."""
    path = Path(path)
    report = Report(str(path))
    read = _read(path, report)
    if read is None:
        return Checked(report)
    header, body = read
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in where:
            report.error("Deze kolom komt twee keer voor", row=1, column=name)
        elif name:
            where[name] = i
    missing = [name for name in contract.columns() if name not in where]
    if missing:
        report.error(
            "Kolommen ontbreken",
            row=1,
            value=", ".join(missing),
            expected="de kolommen van het script: " + ", ".join(contract.columns()),
        )
        return Checked(report)
    extra = [name for name in where if name not in contract.columns()]
    if extra:
        report.warning("Onbekende kolommen worden genegeerd", row=1, value=", ".join(extra))
    if not body:
        report.error("Het bestand heeft geen cellen", expected="één rij per cel")
        return Checked(report)
    known = known_regions()
    rows = [r for n, cells in body if (r := _check_row(n, cells, where, report, known)) is not None]
    if report.ok:
        _check_file(rows, report, known)
    return Checked(report, rows if report.ok else [])


def validate_export(path: str | Path) -> Report:
    """Check a microdata export and return every problem found (never raises)."""
    return check_export(path).report


def load_export(path: str | Path) -> pd.DataFrame:
    """Read an export without errors into a frame; raise InputError when it has errors."""
    checked = check_export(path)
    if not checked.ok:
        raise InputError(checked.report)
    frame = pd.DataFrame(
        {
            "jaar_van": [r.jaar_van for r in checked.rows],
            "jaar_tot": [r.jaar_tot for r in checked.rows],
            "regiocode": [r.regio for r in checked.rows],
            "woonsituatie": [r.woon for r in checked.rows],
            "ouder": [r.ouder for r in checked.rows],
            "maat": [r.maat for r in checked.rows],
            "aantal": pd.array([r.aantal for r in checked.rows], dtype="Float64"),
            "onderdrukt": [r.aantal is None for r in checked.rows],
            "afronding": [r.afronding for r in checked.rows],
            "definitie": [r.definitie for r in checked.rows],
        }
    )
    frame.attrs["waarschuwingen"] = [f.render() for f in checked.report.warnings]
    return frame


def summary(frame: pd.DataFrame) -> dict[str, object]:
    """Return the years, windows, definition and rounding of a loaded export (for provenance)."""
    single = frame.loc[frame["jaar_van"] == frame["jaar_tot"]]
    windows = frame.loc[frame["ouder"] != contract.get("TOTAAL"), ["jaar_van", "jaar_tot"]]
    return {
        "jaren": sorted(int(y) for y in single["jaar_van"].unique()),
        "vensters": sorted({(int(a), int(b)) for a, b in windows.itertuples(index=False)}),
        "definitie": str(frame["definitie"].iloc[0]),
        "afronding": int(frame["afronding"].iloc[0]),
        "cellen": len(frame),
        "onderdrukt": int(frame["onderdrukt"].sum()),
    }
