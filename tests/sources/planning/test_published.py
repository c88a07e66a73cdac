"""Published figures: conversion rules and the shipped delivery (the converter: tests/tools)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from avk_analysis.sources.planning import published
from avk_analysis.sources.planning.delivery import load_delivery, validate_delivery
from avk_analysis.vocabulary import catalogue, paths, provenance, tidy

DOC = Path(__file__).parents[3] / "docs" / "aanleverformaat_planbureaus.md"
SHIPPED_NAME = "gepubliceerde_cijfers.csv"


def _shipped() -> Path:
    return paths.planning_raw_dir() / SHIPPED_NAME


@pytest.fixture(scope="module")
def shipped_frame():
    return load_delivery(_shipped())


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("text", "year", "uncertain"),
    [
        ("2020", 2020, False),
        ("2020 (UNSURE; page updated 2022-10-10)", 2020, True),
        ("2024 (KWB table year)", 2024, False),
        ("2019 (KWB table year; income reference year = see DataProperties - UNSURE)", 2019, True),
        ("2020/2021", 2020, True),
        ("1995->2020", 2020, False),
        ("1995->2020/2021", 2020, True),
        ("1985->2008", 2008, False),
        ("UNSURE (c. 2017-2023)", None, True),
        ("UNSURE (homepage, c. 2024)", None, True),
        ("UNSURE (feitenbladen Sept 2017, data <=2016)", None, True),
        ("", None, True),
    ],
)
def test_parse_year(text: str, year: int | None, uncertain: bool) -> None:
    got = published.parse_year(text)
    assert (got.year, got.uncertain) == (year, uncertain)
    assert bool(got.reason) == (year is None)


@pytest.mark.parametrize(
    ("indicator", "table", "code"),
    [
        ("pct_minor_children_in_low_income_household", "", "kinderen_laag_inkomen_pct"),
        (
            "n_children_in_low_income_household (approx, 'iets meer dan')",
            "",
            "kinderen_laag_inkomen_aantal",
        ),
        ("pct_households_low_income", "", "hh_laag_inkomen_pct"),
        ("pct_households_low_income (old definition)", "", "hh_laag_inkomen_oude_definitie_pct"),
        (
            "pct_households_low_income (HuishoudensMetEenLaagInkomen)",
            "84583NED",
            "kwb_hh_laag_inkomen_pct",
        ),
        ("pct_inhabitants_below_poverty_line_new_def", "", "personen_in_armoede_pct"),
        ("n_persons_below_poverty_line_new_def (approx)", "", "personen_in_armoede_aantal"),
        (
            "pct_fathers_with_low_income_among_fathers_of_low_income_22_26",
            "",
            "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
        ),
        (
            "pct_mothers_with_low_income_among_mothers_of_all_22_26",
            "",
            "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
        ),
        ("pct_persons_22_26_low_income (revised series)", "", "jongvolwassenen_laag_inkomen_pct"),
        ("lage_inkomensgrens_paar_per_maand", "", "lage_inkomensgrens_paar"),
        ("pct_single_parent_households_low_income", "", None),
        ("iets_onbekends", "", None),
    ],
)
def test_indicator_code(indicator: str, table: str, code: str | None) -> None:
    assert published.indicator_code(indicator, table) == code


def test_every_mapped_code_is_in_the_catalogue() -> None:
    codes = (
        set(published.BASE_CODES.values())
        | set(published.NOTE_CODES.values())
        | set(published.KWB_CODES.values())
    )
    missing = sorted(c for c in codes if c not in catalogue.INDICATORS)
    assert missing == []


def test_source_split_and_organisation() -> None:
    url, note = published.split_source(
        "https://www.kansrijk-opgroeien.nl/a/ (feitenblad: https://www.trendbureaudrenthe.nl/b.pdf)"
    )
    assert url == "https://www.kansrijk-opgroeien.nl/a/"
    assert note == "feitenblad: https://www.trendbureaudrenthe.nl/b.pdf"
    assert published.organisation(url) == "Kansrijk Opgroeien"
    assert published.organisation("https://www.cbs.nl/x") == "CBS"
    assert published.organisation("http://www.rtvdrenthe.nl/n/1") == "RTV Drenthe"
    assert published.organisation("https://example.org/x") == "example.org"
    assert published.split_source("geen adres") == ("", "geen adres")


def _src(**over: str) -> dict[str, str]:
    row = {
        "source": "https://sociaalplanbureaugroningen.nl/armoede/x/",
        "table_id": "CBS microdata (SPG/TD/RUG analysis)",
        "year": "2014",
        "region_code": "VK",
        "region_name": published.PLANNING_VK_NAME,
        "indicator": "pct_persons_22_26_low_income",
        "value": "11.8",
        "unit": "%",
    }
    row.update(over)
    return row


def test_convert_row_veenkolonien() -> None:
    res = published.convert_row(_src(), 7)
    assert res.row is not None and res.line == 7
    row = res.row
    assert row["regiocode"] == "VK_planbureaus"
    assert row["indicator"] == "jongvolwassenen_laag_inkomen_pct"
    assert row["waarde"] == "11,8"
    assert row["onzeker"] == "nee"
    assert row["publicatie"] == "CBS-microdata (analyse SPG/TD/RUG)"
    assert row["bron"] == "Sociaal Planbureau Groningen"
    assert "oorspronkelijke indicator: pct_persons_22_26_low_income" in row["opmerking"]


def test_convert_row_marks_uncertainty_and_keeps_notes() -> None:
    approx = published.convert_row(_src(indicator="n_persons_22_26_low_income (approx)"), 2)
    assert approx.row is None  # unit % does not fit a count: refused, with a reason
    assert "eenheid" in approx.reason
    approx = published.convert_row(
        _src(indicator="n_persons_22_26_low_income (approx)", unit="persons", value="1025"), 2
    )
    assert approx.row["onzeker"] == "ja" and approx.row["waarde"] == "1025"
    unsure_year = published.convert_row(_src(year="2020 (UNSURE; page updated 2022-10-10)"), 2)
    assert unsure_year.row["jaar"] == "2020" and unsure_year.row["onzeker"] == "ja"
    assert (
        "oorspronkelijk jaar: 2020 (UNSURE; page updated 2022-10-10)"
        in (unsure_year.row["opmerking"])
    )
    other_vk = published.convert_row(_src(region_name="Drents-Groningse Veenkolonien"), 2)
    assert other_vk.row["onzeker"] == "ja"
    assert "Drents-Groningse Veenkolonien" in other_vk.row["opmerking"]


def test_convert_row_former_gemeente_keeps_code() -> None:
    res = published.convert_row(
        _src(region_code="GM0056", region_name="Zuidhorn (opgeheven 2019)"), 2
    )
    assert res.row["regiocode"] == "GM0056"
    assert "regio volgens bron: Zuidhorn (opgeheven 2019)" in res.row["opmerking"]


def test_convert_row_left_out_with_reasons() -> None:
    res = published.convert_row(_src(year="UNSURE (c. 2020-2023)", indicator="foo_bar"), 9)
    assert res.row is None
    assert "foo_bar" in res.reason and "peiljaar" in res.reason
    res = published.convert_row(_src(value="veel"), 9)
    assert res.row is None and "geen getal" in res.reason
    res = published.convert_row(_src(source="zonder adres"), 9)
    assert res.row is None and "webadres" in res.reason


def test_every_mapping_rule_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for name, code in published.BASE_CODES.items():
        assert f"| `{name}` | `{code}` |" in doc


# --------------------------------------------------------------------------- shipped delivery


def test_shipped_file_validates_without_errors() -> None:
    report = validate_delivery(_shipped())
    assert report.errors == [], report.render()
    # only warnings: the pre-merger gemeenten that are kept as they are
    assert {w.value for w in report.warnings} == {"GM0056", "GM0010", "GM0003", "GM0018"}


def test_shipped_provenance() -> None:
    prov = provenance.verify(paths.planning_raw_dir())
    assert prov.status == "echt"
    assert SHIPPED_NAME in prov.files
    assert "published_figures.csv" in prov.source
    assert "bron_url" in prov.url and "CC BY 4.0" in prov.licence


def test_shipped_frame_is_schema_valid_real_and_sourced(shipped_frame) -> None:
    df = tidy.validate(shipped_frame)
    assert len(df) == 232
    assert set(df["status"]) == {"echt"}
    assert df["bron_url"].str.match(r"https?://\S+$").all()
    assert (df["bron"] != "").all()
    with _shipped().open(encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh, delimiter=";"))
    assert df["onzeker"].tolist() == [r["onzeker"] == "ja" for r in raw]
    assert 50 <= int(df["onzeker"].sum()) < len(df)


def _has(df, indicator: str, regio: str, jaar: int, waarde: float) -> bool:
    sel = df[(df["indicator"] == indicator) & (df["regiocode"] == regio) & (df["jaar"] == jaar)]
    return bool((sel["waarde"] - waarde).abs().lt(1e-9).any())


def test_shipped_frame_holds_the_series_the_monitor_needs(shipped_frame) -> None:
    df = shipped_frame
    vk = "VK_planbureaus"
    # generational series for the Veenkoloniën
    assert _has(df, "jongvolwassenen_laag_inkomen_pct", vk, 2014, 11.8)
    assert _has(df, "jongvolwassenen_laag_inkomen_pct", vk, 2016, 8.8)
    assert _has(df, "jongvolwassenen_laag_inkomen_pct", vk, 2020, 5.9)
    assert _has(df, "vader_laag_inkomen_bij_arme_jongvolwassenen_pct", vk, 2014, 26.4)
    assert _has(df, "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct", vk, 2014, 36.4)
    assert _has(df, "moeder_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct", vk, 2020, 18)
    # children in low-income households per gemeente and province
    assert _has(df, "kinderen_laag_inkomen_pct", "GM0114", 2020, 8.4)
    assert _has(df, "kinderen_laag_inkomen_pct", "GM1969", 2020, 4.2)
    assert _has(df, "kinderen_laag_inkomen_pct", "PV20", 2022, 5.8)
    assert _has(df, "kinderen_laag_inkomen_pct", "PV22", 2020, 6.2)
    # households with (long-term) low income
    assert _has(df, "hh_laag_inkomen_pct", "GM0106", 2016, 9.0)
    assert _has(df, "hh_langdurig_laag_inkomen_pct", "PV22", 2018, 2.9)
    # the new poverty line for all 10 Groningen gemeenten
    new = df[(df["indicator"] == "personen_in_armoede_pct") & (df["jaar"] == 2023)]
    groningen = {"GM0014", "GM0037", "GM0047", "GM0765", "GM1895"}
    groningen |= {"GM1950", "GM1952", "GM1966", "GM1969", "GM1979"}
    assert groningen <= set(new["regiocode"])
    assert _has(df, "personen_in_armoede_pct", "GM0765", 2023, 4.2)
    # the uncertain 2020 SPG update stays marked as such
    upd = df[(df["regiocode"] == vk) & (df["jaar"] == 2020) & (df["tabel"].str.contains("SPG"))]
    assert upd.loc[upd["indicator"] == "jongvolwassenen_laag_inkomen_pct", "onzeker"].all()
