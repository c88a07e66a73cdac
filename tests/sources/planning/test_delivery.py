"""Validation and loading of planning-office deliveries (avk_analysis.sources.planning.delivery)."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import openpyxl
import pytest

from avk_analysis.sources.planning import delivery
from avk_analysis.sources.planning.delivery import load_delivery, validate_delivery
from avk_analysis.vocabulary import tidy
from avk_analysis.vocabulary.validation import InputError

HEADER = "bron;publicatie;bron_url;indicator;definitie;regiocode;jaar;waarde;eenheid;status;onzeker"
URL = "https://trendbureaudrenthe.nl/armoede/kinderen-in-armoede/"
GOOD = [
    f"Trendbureau Drenthe;Kinderen;{URL};kinderen_laag_inkomen_pct;;GM0114;2020;8,4;%;echt;nee",
    f"Trendbureau Drenthe;Kinderen;{URL};kinderen_laag_inkomen_pct;;GM0109;2020;7,8;%;echt;nee",
    f"Trendbureau Drenthe;Kinderen;{URL};kinderen_laag_inkomen_aantal;;GM0106;2020;900;aantal;"
    "echt;ja",
]


def _csv(tmp_path: Path, lines: list[str], name: str = "aanlevering.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(
    regio: str = "GM0114",
    indicator: str = "kinderen_laag_inkomen_pct",
    jaar: str = "2020",
    waarde: str = "8,4",
    eenheid: str = "%",
    status: str = "echt",
    onzeker: str = "nee",
    url: str = URL,
) -> str:
    return (
        f"Trendbureau Drenthe;Kinderen;{url};{indicator};;{regio};{jaar};{waarde};{eenheid};"
        f"{status};{onzeker}"
    )


def _only(report, severity: str = "fout"):
    found = [f for f in report.findings if f.severity == severity]
    assert len(found) == 1, [f.render() for f in report.findings]
    return found[0]


# --------------------------------------------------------------------------- happy paths


def test_valid_delivery_loads_into_tidy_table(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, *GOOD])
    report = validate_delivery(path)
    assert report.findings == []
    df = load_delivery(path)
    tidy.validate(df)
    assert list(df.columns) == tidy.COLUMNS
    assert len(df) == 3
    emmen = df.loc[df["regiocode"] == "GM0114"].iloc[0]
    assert emmen["bron"] == "Trendbureau Drenthe"
    assert emmen["tabel"] == "Kinderen"
    assert emmen["regionaam"] == "Emmen"
    assert emmen["regioniveau"] == "gemeente"
    assert emmen["waarde"] == pytest.approx(8.4)
    assert emmen["eenheid"] == "%"
    assert emmen["status"] == "echt"
    assert emmen["bron_url"] == URL
    assert "lage-inkomensgrens" in emmen["definitie"]  # catalogue definition when empty
    assert df["onzeker"].tolist() == [False, False, True]


def test_comma_separated_with_points_and_quoted_commas(tmp_path) -> None:
    lines = [
        HEADER.replace(";", ","),
        f"Trendbureau Drenthe,Kinderen,{URL},kinderen_laag_inkomen_pct,,GM0114,2020,8.4,%,echt,nee",
        f'Trendbureau Drenthe,Kinderen,{URL},kinderen_laag_inkomen_pct,"def, met komma",GM0109,'
        '2020,"7,8",%,echt,',
    ]
    df = load_delivery(_csv(tmp_path, lines))
    assert df["waarde"].tolist() == pytest.approx([8.4, 7.8])
    assert df["definitie"].iloc[1] == "def, met komma"
    assert df["onzeker"].tolist() == [False, False]  # empty onzeker = nee


def test_veenkolonien_code_province_and_symbol(tmp_path) -> None:
    lines = [
        HEADER + ";opmerking",
        _row(regio="VK_planbureaus", indicator="jongvolwassenen_laag_inkomen_pct", waarde="5,9")
        + ";peiljaar niet vermeld",
        _row(regio="PV22", waarde=".") + ";",
        _row(regio="NL01", waarde="x", jaar="2019") + ";",
    ]
    df = load_delivery(_csv(tmp_path, lines))
    vk = df.loc[df["regiocode"] == "VK_planbureaus"].iloc[0]
    assert vk["regionaam"] == "Veenkoloniën (definitie planbureaus)"
    assert vk["regioniveau"] == "regio"
    assert vk["definitie"].endswith("(opmerking: peiljaar niet vermeld)")
    pv = df.loc[df["regiocode"] == "PV22"].iloc[0]
    assert math.isnan(pv["waarde"]) and pv["symbool"] == "."
    assert pv["regioniveau"] == "provincie"
    assert df.loc[df["regiocode"] == "NL01", "symbool"].iloc[0] == "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,4", 8.4),
        ("8.4", 8.4),
        (" 5,9 ", 5.9),
        ("1.234,5", 1234.5),
        ("13860", 13860.0),
        ("13 860", 13860.0),
        ("8,4 %", 8.4),
        ("-3,5", -3.5),
        ("13.860", None),
        ("acht", None),
        ("1,2,3", None),
        ("nan", None),
        ("inf", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    got = delivery.parse_number(text)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_unit_synonym_is_accepted(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, _row(eenheid="procent"), _row(regio="GM0109", eenheid="PCT")])
    assert validate_delivery(path).findings == []
    assert set(load_delivery(path)["eenheid"]) == {"%"}


# --------------------------------------------------------------------------- row-level problems


def test_unknown_indicator_with_suggestion(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, GOOD[0], GOOD[1], _row(indicator="kinderen_laag_inkomen_pc")])
    f = _only(validate_delivery(path))
    assert (f.row, f.column, f.value) == (4, "indicator", "kinderen_laag_inkomen_pc")
    assert "kinderen_laag_inkomen_pct" in f.expected
    assert f.file == str(path)


def test_english_published_name_suggests_catalogue_code(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, _row(indicator="pct_minor_children_in_low_income_household")])
    f = _only(validate_delivery(path))
    assert (f.row, f.column) == (2, "indicator")
    assert "'kinderen_laag_inkomen_pct'" in f.expected


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("Emmen", "GM0114"),
        ("gm0114", "GM0114"),
        ("VK", "VK_planbureaus"),
        ("GM0363", "GM"),
        ("VK_onbekend", "VK_"),
    ],
)
def test_unknown_region_code(tmp_path, code: str, hint: str) -> None:
    path = _csv(tmp_path, [HEADER, GOOD[0], _row(regio=code)])
    f = _only(validate_delivery(path))
    assert (f.row, f.column, f.value) == (3, "regiocode", code)
    assert hint in f.expected


def test_former_gemeente_is_kept_with_warning(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, GOOD[0], _row(regio="GM0056", jaar="2017", waarde="3,7")])
    report = validate_delivery(path)
    assert report.ok
    w = _only(report, "waarschuwing")
    assert (w.row, w.column, w.value) == (3, "regiocode", "GM0056")
    assert "Zuidhorn" in w.message and "Westerkwartier GM1969" in w.message
    df = load_delivery(path)
    old = df.loc[df["regiocode"] == "GM0056"].iloc[0]
    assert old["regionaam"] == "Zuidhorn (opgeheven)"
    assert old["regioniveau"] == "gemeente"
    assert old["harmonisatie"] == ""
    assert len(df) == 2  # nothing dropped or remapped
    assert any("Zuidhorn" in w for w in df.attrs["waarschuwingen"])


def test_split_former_gemeente_names_both_successors(tmp_path) -> None:
    report = validate_delivery(_csv(tmp_path, [HEADER, _row(regio="GM0053", jaar="2017")]))
    w = _only(report, "waarschuwing")
    assert "Het Hogeland GM1966 (80%)" in w.message and "Westerkwartier GM1969 (20%)" in w.message


@pytest.mark.parametrize("value", ["acht", "8,4,1", "13.860", "n.v.t."])
def test_non_numeric_value(tmp_path, value: str) -> None:
    path = _csv(tmp_path, [HEADER, GOOD[0], GOOD[1], GOOD[2], _row(waarde=value)])
    f = _only(validate_delivery(path))
    assert (f.row, f.column, f.value) == (5, "waarde", value)
    assert f.message == "Geen getal"
    if value == "13.860":
        assert "duizendtalscheiding" in f.expected


def test_percentage_above_100_and_negative(tmp_path) -> None:
    lines = [
        HEADER,
        _row(waarde="100,1"),
        _row(regio="GM0109", waarde="-1"),
        _row(regio="GM0106", waarde="100"),
        _row(regio="GM1730", waarde="0"),
    ]
    report = validate_delivery(_csv(tmp_path, lines))
    assert [(f.row, f.column, f.message) for f in report.errors] == [
        (2, "waarde", "Percentage groter dan 100"),
        (3, "waarde", "Negatief percentage"),
    ]
    assert report.errors[0].value == "100,1"


def test_negative_count_and_fractional_count(tmp_path) -> None:
    lines = [
        HEADER,
        _row(indicator="kinderen_laag_inkomen_aantal", eenheid="aantal", waarde="-20"),
        _row(
            regio="GM0109", indicator="kinderen_laag_inkomen_aantal", eenheid="aantal", waarde="2,5"
        ),
    ]
    report = validate_delivery(_csv(tmp_path, lines))
    f = _only(report)
    assert (f.row, f.column, f.message) == (2, "waarde", "Negatief aantal")
    w = _only(report, "waarschuwing")
    assert (w.row, w.column) == (3, "waarde")


def test_negative_change_is_allowed(tmp_path) -> None:
    row = _row(
        regio="VK_planbureaus",
        indicator="jongvolwassenen_laag_inkomen_groei_pct",
        eenheid="% verandering",
        waarde="-12",
    )
    assert validate_delivery(_csv(tmp_path, [HEADER, row])).findings == []


@pytest.mark.parametrize("jaar", ["1985", str(dt.date.today().year + 1), "2031"])
def test_year_out_of_range(tmp_path, jaar: str) -> None:
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, GOOD[0], _row(jaar=jaar)])))
    assert (f.row, f.column, f.value, f.message) == (3, "jaar", jaar, "Jaar buiten het bereik")
    assert str(dt.date.today().year) in f.expected


def test_year_bounds_are_inclusive(tmp_path) -> None:
    this_year = str(dt.date.today().year)
    lines = [HEADER, _row(jaar="1990"), _row(regio="GM0109", jaar=this_year)]
    assert validate_delivery(_csv(tmp_path, lines)).findings == []


@pytest.mark.parametrize("jaar", ["2020 (onzeker)", "20", "2020.5", "twintig"])
def test_year_not_a_year(tmp_path, jaar: str) -> None:
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, _row(jaar=jaar)])))
    assert (f.row, f.column, f.message) == (2, "jaar", "Geen jaartal")


def test_unit_mismatch(tmp_path) -> None:
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, _row(eenheid="aantal")])))
    assert (f.row, f.column, f.value) == (2, "eenheid", "aantal")
    assert "'%'" in f.expected


def test_status_onzeker_and_url_problems(tmp_path) -> None:
    lines = [
        HEADER,
        _row(status="echtt"),
        _row(regio="GM0109", onzeker="misschien"),
        _row(regio="GM0106", url=""),
        _row(regio="GM1730", url="www.trendbureaudrenthe.nl"),
        _row(regio="GM0118", url="", status="demo"),  # demo figures need no URL
    ]
    report = validate_delivery(_csv(tmp_path, lines))
    got = [(f.row, f.column, f.message) for f in report.errors]
    assert got == [
        (2, "status", "Onbekende status"),
        (3, "onzeker", "Onzeker moet ja of nee zijn"),
        (4, "bron_url", "Een echt cijfer heeft een bron_url nodig"),
        (5, "bron_url", "Geen geldig webadres"),
    ]


def test_required_value_missing(tmp_path) -> None:
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, GOOD[0], _row(regio="")])))
    assert (f.row, f.column, f.message) == (3, "regiocode", "Verplichte waarde ontbreekt")


def test_decimal_comma_in_comma_separated_file(tmp_path) -> None:
    lines = [
        HEADER.replace(";", ","),
        f"Trendbureau Drenthe,Kinderen,{URL},kinderen_laag_inkomen_pct,,GM0114,2020,8,4,%,echt,nee",
    ]
    report = validate_delivery(_csv(tmp_path, lines))
    assert not report.ok
    first = report.errors[0]
    assert first.row == 2 and "decimaalkomma" in first.message


def test_duplicate_and_conflicting_rows(tmp_path) -> None:
    lines = [HEADER, GOOD[0], GOOD[1], GOOD[0], _row(waarde="9,9"), GOOD[2]]
    report = validate_delivery(_csv(tmp_path, lines))
    got = [(f.row, f.message.split(":")[0]) for f in report.errors]
    assert got == [(4, "Dubbele rij"), (5, "Tegenstrijdige dubbele rij")]
    assert "rij 2" in report.errors[0].message and "rij 2" in report.errors[1].message


def test_same_figure_from_two_publications_is_not_a_duplicate(tmp_path) -> None:
    other = _row(url="https://www.rtvdrenthe.nl/nieuws/176532/x")
    assert validate_delivery(_csv(tmp_path, [HEADER, GOOD[0], other])).ok


def test_row_numbers_follow_the_file_with_blank_and_multiline_rows(tmp_path) -> None:
    lines = [
        HEADER,
        "",
        GOOD[0].replace(";;GM0114", ';"twee\nregels";GM0114'),
        _row(regio="XX99"),
    ]
    f = _only(validate_delivery(_csv(tmp_path, lines)))
    assert f.row == 5  # header 1, blank 2, record on lines 3-4, bad record on line 5


# --------------------------------------------------------------------------- file-level problems


def test_missing_required_column(tmp_path) -> None:
    header = HEADER.replace(";waarde", "")
    rows = [r.replace(";8,4;", ";").replace(";7,8;", ";") for r in GOOD[:2]]
    report = validate_delivery(_csv(tmp_path, [header, *rows]))
    f = _only(report)
    assert (f.row, f.column, f.message) == (1, "waarde", "Verplichte kolom ontbreekt")


def test_unknown_and_duplicate_columns(tmp_path) -> None:
    report = validate_delivery(_csv(tmp_path, [HEADER + ";regio_code;bron", GOOD[0] + ";x;y"]))
    f = _only(report)
    assert (f.row, f.column, f.message) == (1, "bron", "Deze kolom komt twee keer voor")
    w = _only(report, "waarschuwing")
    assert w.column == "regio_code" and "regiocode" in w.expected


def test_header_names_are_forgiving(tmp_path) -> None:
    header = HEADER.upper().replace("BRON_URL", "Bron URL")
    assert validate_delivery(_csv(tmp_path, [header, GOOD[0]])).findings == []


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, content: bytes) -> None:
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    f = _only(validate_delivery(path))
    assert f.message == "Het bestand is leeg"


def test_header_only(tmp_path) -> None:
    f = _only(validate_delivery(_csv(tmp_path, [HEADER])))
    assert "geen gegevensrijen" in f.message


def test_missing_file_and_directory(tmp_path) -> None:
    f = _only(validate_delivery(tmp_path / "bestaat-niet.csv"))
    assert f.message == "Het bestand bestaat niet"
    assert "bestaat-niet.csv" in f.value
    f = _only(validate_delivery(tmp_path))
    assert "map" in f.message


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("cijfers.pdf", b"%PDF-1.4", "Geen CSV- of Excel-bestand"),
        ("cijfers.xls", b"\xd0\xcf\x11\xe0", "oude Excel-formaat"),
        ("cijfers", b"bron;indicator", "Geen CSV- of Excel-bestand"),
        ("cijfers.csv", b"PK\x03\x04rest-of-a-zip", "geen CSV-tekstbestand"),
        ("cijfers.csv", b"bron\x00;x\x00", "geen CSV-tekstbestand"),
        ("cijfers.xlsx", b"dit is geen excel", "Excel-bestand kan niet worden gelezen"),
        ("cijfers.csv", b"bron\tindicator\n", "tab"),
    ],
)
def test_not_a_csv_or_excel(tmp_path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = validate_delivery(path)
    assert not report.ok
    assert fragment in report.errors[0].message


def test_windows_1252_is_read_with_warning(tmp_path) -> None:
    path = tmp_path / "ansi.csv"
    row = _row(regio="VK_planbureaus", indicator="jongvolwassenen_laag_inkomen_pct")
    path.write_bytes(("\n".join([HEADER + ";opmerking", row + ";Veenkoloniën"])).encode("cp1252"))
    report = validate_delivery(path)
    assert report.ok
    assert "UTF-8" in _only(report, "waarschuwing").message
    assert "Veenkoloniën" in load_delivery(path)["definitie"].iloc[0]


def test_load_raises_input_error_with_report(tmp_path) -> None:
    path = _csv(tmp_path, [HEADER, GOOD[0], _row(regio="GM9999")])
    with pytest.raises(InputError) as exc:
        load_delivery(path)
    assert "rij 3" in str(exc.value) and "regiocode" in str(exc.value)
    assert exc.value.report.errors[0].value == "GM9999"


# --------------------------------------------------------------------------- Excel


def _xlsx(tmp_path: Path, rows: list[list[object]], *, extra_sheet: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "cijfers"
    for r in rows:
        ws.append(r)
    if extra_sheet:
        wb.create_sheet("toelichting")["A1"] = "uitleg"
    path = tmp_path / "aanlevering.xlsx"
    wb.save(path)
    return path


def _xrow(regio: str = "GM0114", waarde: object = 8.4, jaar: object = 2020) -> list[object]:
    return [
        "Trendbureau Drenthe",
        "Kinderen",
        URL,
        "kinderen_laag_inkomen_pct",
        None,
        regio,
        jaar,
        waarde,
        "%",
        "echt",
        False,
    ]


def test_excel_delivery_loads(tmp_path) -> None:
    path = _xlsx(tmp_path, [HEADER.split(";"), _xrow(), _xrow("GM0109", 7.8, 2020.0)])
    report = validate_delivery(path)
    assert report.findings == []
    df = load_delivery(path)
    assert df["waarde"].tolist() == pytest.approx([8.4, 7.8])
    assert df["jaar"].tolist() == [2020, 2020]


def test_excel_errors_name_sheet_and_excel_row(tmp_path) -> None:
    rows = [HEADER.split(";"), _xrow(), [None] * 11, _xrow("GM0109", "veel")]
    f = _only(validate_delivery(_xlsx(tmp_path, rows, extra_sheet=True)), "fout")
    assert (f.sheet, f.row, f.column, f.value) == ("cijfers", 4, "waarde", "veel")
    assert "blad 'cijfers', rij 4, kolom 'waarde'" in f.render()


def test_excel_extra_sheet_and_percent_format(tmp_path) -> None:
    path = _xlsx(tmp_path, [HEADER.split(";"), _xrow(waarde=0.084)], extra_sheet=True)
    wb = openpyxl.load_workbook(path)
    wb["cijfers"]["H2"].number_format = "0.0%"
    wb.save(path)
    report = validate_delivery(path)
    assert report.ok
    messages = [w.message for w in report.warnings]
    assert any("eerste werkblad" in m for m in messages)
    assert any("als percentage opgemaakt" in m for m in messages)
    assert load_delivery(path)["waarde"].iloc[0] == pytest.approx(8.4)


def test_excel_empty_and_header_not_on_row_1(tmp_path) -> None:
    assert "leeg" in _only(validate_delivery(_xlsx(tmp_path, []))).message
    path = _xlsx(tmp_path, [["Cijfers Trendbureau"], HEADER.split(";"), _xrow()])
    report = validate_delivery(path)
    assert not report.ok  # a title row above the header is not the format


# --------------------------------------------------------------------------- CLI and docs


def test_cli_exit_status(tmp_path, capsys) -> None:
    good = _csv(tmp_path, [HEADER, GOOD[0]], "goed.csv")
    bad = _csv(tmp_path, [HEADER, _row(regio="XX")], "fout.csv")
    assert delivery.main([str(good)]) == 0
    assert delivery.main([str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Het bestand kan niet worden gebruikt" in out and "fout.csv, rij 2" in out
    assert delivery.main([]) == 2


def test_example_in_the_documentation_is_valid(tmp_path) -> None:
    doc = (Path(__file__).parents[3] / "docs" / "aanleverformaat_planbureaus.md").read_text(
        encoding="utf-8"
    )
    block = re.search(r"## Voorbeeld\n\n```text\n(.*?)```", doc, flags=re.S)
    assert block is not None
    path = tmp_path / "voorbeeld.csv"
    path.write_text(block.group(1), encoding="utf-8")
    report = validate_delivery(path)
    assert report.findings == [], report.render()
    assert len(load_delivery(path)) == 2


def test_zip_that_is_not_a_workbook(tmp_path) -> None:
    import zipfile

    path = tmp_path / "cijfers.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("iets.txt", "geen werkboek")
    f = _only(validate_delivery(path))
    assert "Excel-bestand kan niet worden gelezen" in f.message


# ------------------------------------------------------------- numbers, bounds and fractions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.052", 0.052),  # a leading 0 is never a thousands group
        ("0,052", 0.052),
        ("1.234", None),  # ambiguous: refused, never guessed
        ("1.234,5", 1234.5),
        ("13.860", None),
        ("5.000.000", None),
        ("12,5%", 12.5),
        ("-0.5", -0.5),
    ],
)
def test_parse_number_never_reads_a_decimal_as_thousands(text: str, expected) -> None:
    assert delivery.parse_number(text) == expected


def test_decimal_point_after_zero_is_read_as_decimal(tmp_path) -> None:
    path = _csv(
        tmp_path,
        [HEADER, _row(waarde="0.5", indicator="kinderen_laag_inkomen_aantal", eenheid="aantal")],
    )
    assert load_delivery(path)["waarde"].iloc[0] == pytest.approx(0.5)


def test_thousands_dots_get_a_hint(tmp_path) -> None:
    path = _csv(
        tmp_path,
        [HEADER, _row(waarde="13.860", indicator="kinderen_laag_inkomen_aantal", eenheid="aantal")],
    )
    f = _only(validate_delivery(path))
    assert f.column == "waarde" and "13860" in f.expected


def test_count_above_inhabitants_is_an_error_naming_the_maximum(tmp_path) -> None:
    row = _row(indicator="hh_laag_inkomen_aantal", eenheid="aantal", waarde="5000000")
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, row])))
    assert (f.row, f.column) == (2, "waarde")
    assert "Emmen" in f.message
    assert "hooguit 119.000" in f.expected and "inwoners.csv" in f.expected and "CBS" in f.expected


def test_count_bound_for_province_and_veenkolonien(tmp_path) -> None:
    rows = [
        _row(
            regio="PV22",
            indicator="kinderen_laag_inkomen_aantal",
            eenheid="aantal",
            waarde="400000",
        ),
        _row(
            regio="VK_planbureaus",
            indicator="kinderen_laag_inkomen_aantal",
            eenheid="aantal",
            waarde="500000",
        ),
        _row(
            regio="PV20", indicator="kinderen_laag_inkomen_aantal", eenheid="aantal", waarde="13860"
        ),
    ]
    report = validate_delivery(_csv(tmp_path, [HEADER, *rows]))
    assert [f.row for f in report.errors] == [3]  # PV22 (500.800 inhabitants) may have 400.000
    assert "Veenkoloniën" in report.errors[0].message


def test_percentage_as_fraction_is_caught_against_other_sources(tmp_path) -> None:
    # the shipped published figures give kinderen_laag_inkomen_pct around 5-15 %
    f = _only(validate_delivery(_csv(tmp_path, [HEADER, _row(waarde="0,052")])))
    assert "lijkt een fractie (0,052 = 5,2 %?)" in f.message
    assert (f.row, f.column) == (2, "waarde")
    assert "5,2" in f.expected


def test_percentage_file_of_fractions_is_caught(tmp_path) -> None:
    rows = [
        _row(indicator="personen_tot_25_boven_armoedegrens_pct", waarde="0.31"),
        _row(regio="GM0109", indicator="personen_tot_25_boven_armoedegrens_pct", waarde="0.284"),
    ]
    report = validate_delivery(_csv(tmp_path, [HEADER, *rows]))
    assert [f.row for f in report.errors] == [2, 3]
    assert "lijkt een fractie (0,31 = 31 %?)" in report.errors[0].message


def test_real_small_percentages_are_not_rejected(tmp_path) -> None:
    rows = [
        _row(indicator="personen_langdurig_laag_inkomen_pct", waarde="0,8"),  # median 2,5 elsewhere
        _row(regio="GM0109", waarde="8,4"),  # the file has larger percentages too
    ]
    report = validate_delivery(_csv(tmp_path, [HEADER, *rows]))
    assert report.findings == [], report.render()
    single = validate_delivery(
        _csv(
            tmp_path,
            [HEADER, _row(indicator="personen_tot_25_boven_armoedegrens_pct", waarde="0,5")],
            "een.csv",
        )
    )
    assert single.findings == [], single.render()


def test_unsure_single_fraction_is_a_warning(tmp_path) -> None:
    path = _csv(
        tmp_path, [HEADER, _row(indicator="personen_tot_25_boven_armoedegrens_pct", waarde="0,284")]
    )
    f = _only(validate_delivery(path), "waarschuwing")
    assert "lijkt een fractie (0,284 = 28,4 %?)" in f.message


def test_excel_percentage_cell_is_never_a_fraction(tmp_path) -> None:
    path = _xlsx(tmp_path, [HEADER.split(";"), _xrow(waarde=0.052), _xrow("GM0109", 0.06)])
    wb = openpyxl.load_workbook(path)
    wb["cijfers"]["H2"].number_format = "0.0%"
    wb["cijfers"]["H3"].number_format = "0.0%"
    wb.save(path)
    report = validate_delivery(path)
    assert report.ok, report.render()
    assert load_delivery(path)["waarde"].tolist() == pytest.approx([5.2, 6.0])


# --------------------------------------------------------------------------- large files


def test_a_warning_on_many_rows_is_listed_a_few_times_then_counted(tmp_path) -> None:
    from avk_analysis.vocabulary.validation import MAX_SAME_FINDINGS

    rows = [
        _row(regio="GM0003", jaar=str(1990 + i % 30)).replace("Kinderen", f"K{i}")
        for i in range(200)
    ]
    path = _csv(tmp_path, [HEADER, *rows])
    report = validate_delivery(path)
    assert report.ok and report.error_count == 0
    assert len(report.warnings) == MAX_SAME_FINDINGS + 1
    summary = report.warnings[-1]
    assert f"en nog {200 - MAX_SAME_FINDINGS} rij(en) met hetzelfde probleem" in summary.message
    assert summary.column == "regiocode" and "Appingedam" in summary.message
    assert f"{MAX_SAME_FINDINGS + 2}-201" in summary.message  # the rows, as one range
    assert len(report.render().splitlines()) < 12
    assert len(load_delivery(path)) == 200  # summarised warnings drop no figure


def test_errors_beyond_the_listed_ones_still_stop_their_rows(tmp_path) -> None:
    rows = [_row(jaar="twintig").replace("Kinderen", f"K{i}") for i in range(50)]
    report, records = delivery.check_delivery(_csv(tmp_path, [HEADER, *rows, GOOD[0]]))
    assert not report.ok and report.error_count == 50
    assert [rec.values["regiocode"] for rec in records] == ["GM0114"]  # only the good row
    assert "en nog 45 rij(en)" in report.render()


def test_other_deliveries_are_read_for_their_levels_without_checking_them_again() -> None:
    """The light read of a stored delivery gives what a full check of it gives."""
    from avk_analysis.vocabulary import catalogue, paths

    shipped = paths.planning_raw_dir() / "gepubliceerde_cijfers.csv"
    _report, records = delivery.check_delivery(shipped)
    full = sorted(
        (rec.values["indicator"], rec.waarde)
        for rec in records
        if rec.values["eenheid"] == catalogue.PCT and not rec.symbool
    )
    light = sorted(delivery._percent_values_cached(str(shipped), 0, 0))
    assert light == full and len(full) > 50


def test_a_utf16_delivery_is_read_and_named_as_such(tmp_path) -> None:
    for encoding in ("utf-16", "utf-16-le"):
        path = tmp_path / f"levering-{encoding}.csv"
        path.write_bytes("\n".join([HEADER, *GOOD]).encode(encoding))
        report = validate_delivery(path)
        assert report.ok, report.render()
        (warning,) = report.warnings
        assert "UTF-16" in warning.message and "binair" not in report.render()
        assert len(load_delivery(path)) == 3


def _xlsx_delivery(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cijfers"
    for line in [HEADER, *GOOD]:
        ws.append([int(c) if c.isdigit() else c for c in line.split(";")])
    path = tmp_path / "levering.xlsx"
    wb.save(path)
    return path


def test_a_delivery_workbook_that_unpacks_too_large_is_refused_unopened(
    tmp_path, monkeypatch
) -> None:
    from avk_analysis.sources.programme import xlsxfile
    from tests.sources.programme.workbooks import inflate

    path = inflate(_xlsx_delivery(tmp_path), xlsxfile.MAX_UNPACKED_MB + 10)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    error = _only(validate_delivery(path))
    assert "uitgepakt" in error.message and f"{xlsxfile.MAX_UNPACKED_MB} MB" in error.message


def test_a_delivery_value_from_another_workbook_is_a_located_warning(tmp_path) -> None:
    from tests.sources.programme.workbooks import link_to_other_workbook

    path = link_to_other_workbook(_xlsx_delivery(tmp_path), "xl/worksheets/sheet1.xml", "H2", 8.4)
    report = validate_delivery(path)
    warning = _only(report, "waarschuwing")
    assert (warning.sheet, warning.row, warning.column) == ("Cijfers", 2, "H")
    assert "budget_2025.xlsx" in warning.message and "verouderd" in warning.message
    assert load_delivery(path)["waarde"].tolist()[0] == 8.4


def test_running_out_of_memory_on_a_delivery_is_called_so(tmp_path, monkeypatch) -> None:
    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    error = _only(validate_delivery(_xlsx_delivery(tmp_path)))
    assert "werkgeheugen" in error.message and "(beschadigd" not in error.message


@pytest.mark.parametrize("column", ["bron", "publicatie", "definitie", "opmerking"])
def test_personal_data_in_a_published_delivery_column_is_a_located_warning(
    tmp_path, column: str
) -> None:
    header = HEADER + ";opmerking"
    cells = dict(zip(header.split(";"), (GOOD[0] + ";").split(";"), strict=True))
    cells[column] = "Trendbureau, contact: mevr. De Boer (06-12345678)"
    report = validate_delivery(_csv(tmp_path, [header, ";".join(cells.values())]))
    warning = _only(report, "waarschuwing")
    assert (warning.row, warning.column) == (2, column)
    assert "persoonsgegeven" in warning.message and "telefoonnummer" in warning.message
    assert report.ok
