"""Checking a delivered microdata export (sources.microdata.export): every rule, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from avk_analysis.sources.microdata import export
from tests.sources.microdata.conftest import Run

pytestmark = pytest.mark.xdist_group("microdata-export")


@pytest.fixture
def lines(ra_run: Run) -> list[str]:
    return ra_run.csv.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cells(line: str) -> list[str]:
    return line.split(";")


def _find(lines: list[str], **where: str) -> int:
    """Return the index (0-based, header = 0) of the first row matching the given columns."""
    header = _cells(lines[0])
    for i, line in enumerate(lines[1:], start=1):
        cells = _cells(line)
        if all(cells[header.index(k)] == v for k, v in where.items()):
            return i
    raise LookupError(where)


def _set(lines: list[str], i: int, **values: str) -> list[str]:
    header = _cells(lines[0])
    cells = _cells(lines[i])
    for k, v in values.items():
        cells[header.index(k)] = v
    out = list(lines)
    out[i] = ";".join(cells)
    return out


def _errors(path: Path) -> list:
    return export.validate_export(path).errors


def test_the_scripts_export_is_valid_and_recognised(ra_run: Run) -> None:
    report = export.validate_export(ra_run.csv)
    assert report.ok, report.render()
    assert report.findings == []
    assert export.is_export(ra_run.csv)
    frame = export.load_export(ra_run.csv)
    assert len(frame) == len(ra_run.csv.read_text(encoding="utf-8").splitlines()) - 1
    assert frame["onderdrukt"].sum() == frame["aantal"].isna().sum() > 0
    facts = export.summary(frame)
    assert facts["jaren"] == [2021, 2022, 2023] and facts["vensters"] == [(2021, 2023)]
    assert facts["definitie"] == "1" and facts["afronding"] == 10


def test_a_planning_office_delivery_is_not_an_export() -> None:
    shipped = Path(__file__).resolve().parents[3] / "data/raw/planbureaus/gepubliceerde_cijfers.csv"
    assert not export.is_export(shipped)


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"aantal": "0", "reden": ""}, "aantal", "nooit 0"),
        ({"aantal": "", "reden": ""}, "reden", "heeft een reden nodig"),
        ({"aantal": "1.230"}, "aantal", "Geen aantal"),
        ({"regio_code": "GM0018"}, "regio_code", "Onbekende regiocode"),
        ({"regio_code": "Emmen"}, "regio_code", "Onbekende regiocode"),
        ({"definitie": "2"}, "definitie", "Onbekende definitieversie"),
        ({"afronding": "5"}, "afronding", "Onbekende afronding"),
        ({"woonsituatie": "samenwonend"}, "woonsituatie", "Onbekende woonsituatie"),
        ({"maat": "jv_arm"}, "maat", "Onbekende maat"),
        ({"ouder": "moeder"}, "ouder", "hoort bij ouder 'totaal'"),
        ({"jaar_tot": "2023"}, "jaar_tot", "geldt voor één jaar"),
        ({"jaar_van": "2009", "jaar_tot": "2009"}, "jaar_van", "Jaar buiten het bereik"),
        ({"jaar_van": "twintig"}, "jaar_van", "Geen jaartal"),
    ],
)
def test_a_broken_cell_is_reported_with_its_row_and_column(
    lines: list[str], tmp_path: Path, change: dict, column: str, message: str
) -> None:
    i = _find(lines, jaar_van="2021", regio_code="GM0114", woonsituatie="totaal", maat="jv")
    path = _write(tmp_path, _set(lines, i, **change))
    errors = _errors(path)
    assert errors, message
    hit = [e for e in errors if message in e.message]
    assert hit, [e.render() for e in errors]
    assert hit[0].row == i + 1  # the line number a text editor shows
    assert hit[0].column == column
    assert "export.csv" in hit[0].render()


def test_a_published_count_under_ten_or_not_rounded_is_refused(
    lines: list[str], tmp_path: Path
) -> None:
    i = _find(lines, regio_code="GM0014", woonsituatie="totaal", maat="jv")
    errors = _errors(_write(tmp_path, _set(lines, i, aantal="9")))
    assert any("onder de 10" in e.message and e.row == i + 1 for e in errors)
    errors = _errors(_write(tmp_path, _set(lines, i, aantal="1234")))
    assert any("Niet afgerond op 10" in e.message for e in errors)


def test_a_published_cell_with_a_reason_is_refused(lines: list[str], tmp_path: Path) -> None:
    i = _find(lines, regio_code="NL01", woonsituatie="totaal", maat="jv")
    errors = _errors(_write(tmp_path, _set(lines, i, reden="onvoldoende waarnemingen")))
    assert any("geen reden van onderdrukking" in e.message for e in errors)


def test_window_measures_belong_to_a_parent(lines: list[str], tmp_path: Path) -> None:
    i = _find(lines, ouder="moeder", maat="ouder_bekend")
    errors = _errors(_write(tmp_path, _set(lines, i, ouder="totaal")))
    assert any("geldt per ouder" in e.message for e in errors)


def test_missing_double_and_mixed_cells_are_refused(lines: list[str], tmp_path: Path) -> None:
    i = _find(lines, regio_code="GM0765", woonsituatie="uitwonend", ouder="vader")
    errors = _errors(_write(tmp_path, lines[:i] + lines[i + 1 :]))
    assert any("Cellen ontbreken (2021-2023, ouder vader)" in e.message for e in errors)
    assert any("GM0765 uitwonend" in e.value for e in errors)
    errors = _errors(_write(tmp_path, [*lines, lines[i]]))
    assert any(e.message.startswith("Dubbele cel: dezelfde als rij") for e in errors)
    j = _find(lines, regio_code="GM0014", maat="jv")
    mixed = _set(lines, j, definitie="1+laag<=100")
    errors = _errors(_write(tmp_path, mixed))
    assert any("mengt er meer" in e.message and e.column == "definitie" for e in errors)


def test_counts_that_do_not_add_up_are_refused(lines: list[str], tmp_path: Path) -> None:
    i = _find(lines, jaar_van="2021", regio_code="NL01", woonsituatie="totaal", maat="jv")
    value = int(_cells(lines[i])[_cells(lines[0]).index("aantal")])
    errors = _errors(_write(tmp_path, _set(lines, i, aantal=str(value + 100))))
    assert any("thuiswonend + uitwonend klopt niet" in e.message and e.row == i + 1 for e in errors)
    j = _find(
        lines, regio_code="NL01", woonsituatie="uitwonend", ouder="moeder", maat="ouder_bekend"
    )
    value = int(_cells(lines[j])[_cells(lines[0]).index("aantal")])
    errors = _errors(_write(tmp_path, _set(lines, j, aantal=str(value + 200))))
    assert any("som van de 2x2-tabel klopt niet" in e.message for e in errors)


def test_missing_columns_and_unreadable_files_are_explained(
    lines: list[str], tmp_path: Path
) -> None:
    header = _cells(lines[0])
    without = [";".join(c for k, c in zip(header, _cells(ln), strict=True) if k != "afronding")
               for ln in lines]  # fmt: skip
    errors = _errors(_write(tmp_path, without))
    assert errors[0].message == "Kolommen ontbreken" and errors[0].value == "afronding"
    assert _errors(tmp_path / "weg.csv")[0].message == "Het bestand bestaat niet"
    assert _errors(tmp_path)[0].message == "Dit is een map, geen bestand"
    xlsx = tmp_path / "export.xlsx"
    xlsx.write_bytes(b"PK\x03\x04rest")
    assert _errors(xlsx)[0].message == "Geen CSV-bestand"
    fake = tmp_path / "export2.csv"
    fake.write_bytes(b"PK\x03\x04rest")
    assert "geen tekstbestand" in _errors(fake)[0].message
    (tmp_path / "leeg.csv").write_text("", encoding="utf-8")
    assert _errors(tmp_path / "leeg.csv")[0].message == "Het bestand is leeg"
    only_header = _write(tmp_path, lines[:1], "kop.csv")
    assert _errors(only_header)[0].message == "Het bestand heeft geen cellen"


def test_a_comma_separated_copy_is_read_too(lines: list[str], tmp_path: Path) -> None:
    path = _write(tmp_path, [ln.replace(";", ",") for ln in lines])
    assert export.validate_export(path).ok
    assert export.is_export(path)
