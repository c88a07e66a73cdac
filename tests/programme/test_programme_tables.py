"""The programme's published tables (built, then written to data/processed/): disclosure control
always applied, internal free text never leaks."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from avk_analysis import catalogue, disclosure, provenance, tidy
from avk_analysis import programme_tables as published
from avk_analysis.programme import contract, workbook

from .workbooks import cell, make_book

LEAK = "LEKTEST-7f3a9c"
PERSON_COLUMNS = {
    "bereik_huishoudens",
    "bereik_personen",
    "huishoudens",
    "personen",
    "kinderen",
    "deelnemers",
    "ervaringsdeskundigen",
}


def _everything(data: workbook.ProgrammeData) -> dict[str, pd.DataFrame]:
    out = published.tabellen(data)
    out["tidy"] = published.programme_tidy(data)
    return out


def _small_numbers(values: pd.Series, threshold: int = 10) -> list[object]:
    numbers = pd.to_numeric(values, errors="coerce")
    return values[(numbers > 0) & (numbers < threshold)].tolist()


def test_free_text_never_reaches_published_output(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Interventies", 2, "opmerking").value = f"{LEAK} interventie"
        cell(wb, "Interventies", 3, "opmerking").value = LEAK
        cell(wb, "Experimenten", 2, "opmerking").value = f"gesprek met {LEAK}"
        cell(wb, "Bijeenkomsten", 2, "titel").value = f"Bijeenkomst {LEAK}"
        wb["Info"].append(["toelichting", f"intern {LEAK}"])

    path = make_book(tmp_path, edit)
    data = workbook.load_workbook(path)
    assert LEAK in data.internal["Interventies"]["opmerking"].iloc[0]  # the planted text is loaded
    outputs = _everything(data)
    outputs["metadata"] = pd.DataFrame([published.metadata(data, published.tabellen(data))])
    for name, df in outputs.items():
        assert not df.astype(str).apply(lambda s: s.str.contains(LEAK)).any().any(), name
        assert not any(LEAK in str(c) for c in df.columns), name
        assert LEAK not in repr(df.attrs), name
        for internal in ("opmerking", "titel", "toelichting"):
            assert internal not in df.columns, (name, internal)


def test_example_remarks_do_not_leak(example_data: workbook.ProgrammeData) -> None:
    data = example_data
    remarks = set(data.internal["Interventies"]["opmerking"].dropna()) | set(
        data.internal["Bijeenkomsten"]["titel"].dropna()
    )
    assert remarks
    text = "\n".join(df.to_csv() for df in _everything(data).values())
    assert not [r for r in remarks if r in text]


def test_person_counts_below_threshold_never_appear(example_data: workbook.ProgrammeData) -> None:
    outputs = _everything(example_data)
    seen_marker = False
    for name, df in outputs.items():
        if name == "tidy":
            people = df["indicator"].isin(published.PERSON_INDICATORS)
            assert _small_numbers(df.loc[people, "waarde"]) == []
            assert (df.loc[people & df["waarde"].isna(), "symbool"] == "x").all()
            continue
        for col in PERSON_COLUMNS & set(df.columns):
            assert _small_numbers(df[col]) == [], (name, col)
            seen_marker |= df[col].map(disclosure.is_suppressed).any()
        if "realisatie" in df.columns:
            people = df["eenheid"].map(contract.is_person_unit)
            assert _small_numbers(df.loc[people, "realisatie"]) == [], name
    assert seen_marker, "the example should exercise the suppression"


def test_shown_person_counts_are_rounded(example_data: workbook.ProgrammeData) -> None:
    df = published.bereik_per_kwartaal(example_data)
    numbers = pd.to_numeric(df["personen"], errors="coerce").dropna()
    assert len(numbers) > 10
    assert (numbers % 5 == 0).all()


def test_derived_share_of_a_suppressed_count_is_suppressed(
    example_data: workbook.ProgrammeData,
) -> None:
    df = published.experimenten_voortgang(example_data).set_index("naam")
    assert df.loc["Verborgen armoede", "realisatie"] == "<10"
    assert df.loc["Verborgen armoede", "realisatie_pct"] == disclosure.SUPPRESSED_DERIVED
    # counts that are not about people are shown as they are
    assert df.loc["Warm Groningen-Drenthe", "realisatie"] == 12
    assert df.loc["Ervaringsdeskundigheid en werk", "streefwaarde"] == 250


def test_goal_share_uses_unrounded_counts(example_data: workbook.ProgrammeData) -> None:
    df = published.doelen(example_data).set_index("doel_id")
    assert df.loc["D01", "realisatie"] == 120  # 118 rounded to 5
    assert df.loc["D01", "realisatie_pct"] == pytest.approx(47.2)  # 118 / 250
    assert df.loc["D09", "realisatie"] == "<10"
    assert df.loc["D09", "realisatie_pct"] == "onderdrukt"


def test_activities_against_yearly_targets(example_data: workbook.ProgrammeData) -> None:
    df = published.activiteiten_vs_jaardoelen(example_data).set_index("soort")
    assert list(df.index) == list(contract.BIJEENKOMST_SOORTEN)
    assert df.loc["transitietafel", "jaardoel"] == 3
    assert df.loc["transitietafel", "jaardoel_gehaald"] == "nee"
    assert df.loc["nieuwsbrief", "gehouden"] == 2


def test_interventions_by_capital_and_verdict_is_complete_grid(
    example_data: workbook.ProgrammeData,
) -> None:
    df = published.interventies_per_oordeel(example_data)
    assert len(df) == len(contract.KAPITAALSVORMEN) * len(contract.OORDELEN)
    assert df["interventies"].sum() == 29


def test_avk_teams_show_what_is_missing(example_data: workbook.ProgrammeData) -> None:
    teams = published.avk_teams(example_data)
    incomplete = teams.loc[teams["compleet"] == "nee"]
    assert not incomplete.empty and (incomplete["ontbreekt"] != "").all()
    assert (teams.loc[teams["compleet"] == "ja", "ontbreekt"] == "").all()
    sectors = published.avk_teams_per_sector(example_data)
    assert sectors["partners"].sum() == len(teams)


def test_tables_carry_status_and_rule(example_data: workbook.ProgrammeData) -> None:
    for name, df in published.tabellen(example_data).items():
        assert df.attrs["status"] == provenance.STATUS_EXAMPLE, name
        assert df.attrs["programmajaar"] == 2025, name
        assert df.attrs[disclosure.ATTR] == disclosure.RULE_TEXT, name
    tables = published.tabellen(example_data)
    meta = published.metadata(example_data, tables)
    assert meta["status"] == "voorbeeld" and meta["bestand"] == example_data.path.name
    assert meta["peildatum"] == "2025-12-31" and meta["programmajaar"] == 2025
    assert meta["rijen"] == {name: len(df) for name, df in tables.items()}


def test_no_public_way_to_skip_disclosure() -> None:
    public = {
        name: fn
        for name, fn in vars(published).items()
        if inspect.isfunction(fn)
        and not name.startswith("_")
        and fn.__module__ == published.__name__
    }
    assert set(published.TABLES) <= set(public)
    for name, fn in public.items():
        expected = ["data", "tables"] if name == "metadata" else ["data"]
        assert list(inspect.signature(fn).parameters) == expected, name


def test_threshold_cannot_be_lowered_to_switch_off(
    example_data: workbook.ProgrammeData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(disclosure.MIN_COUNT_ENV, "1")
    with pytest.raises(ValueError, match="ten minste 5"):
        published.bereik_per_kwartaal(example_data)
    with pytest.raises(ValueError):
        published.programme_tidy(example_data)


def test_threshold_can_be_raised(
    example_data: workbook.ProgrammeData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(disclosure.MIN_COUNT_ENV, "50")
    df = published.bereik_per_kwartaal(example_data)
    assert _small_numbers(df["huishoudens"], 50) == []
    assert (df["huishoudens"] == "<50").any()


# --- the tidy programme indicators (for indicatoren.parquet) ------------------------------------
def test_programme_tidy_aggregates_reach_per_gemeente_and_year(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Bereik", 3, "personen").value = None  # GM0109 persons now incomplete

    out = published.programme_tidy(workbook.load_workbook(make_book(tmp_path, edit)))
    tidy.validate(out)
    assert set(out["bron"]) == {published.BRON}
    assert set(out["status"]) == {provenance.STATUS_REAL}
    hh = out.loc[out["indicator"] == "programma_bereik_huishoudens"].set_index("regiocode")
    # GM0114: 34 + 20 = 54 → rounded to 55; GM0109: 12 + 5 = 17 → 15
    assert hh.loc["GM0114", "waarde"] == 55
    assert hh.loc["GM0109", "waarde"] == 15
    pers = out.loc[out["indicator"] == "programma_bereik_personen"].set_index("regiocode")
    assert bool(pers.loc["GM0109", "onzeker"]) and not bool(pers.loc["GM0114", "onzeker"])
    assert pers.loc["GM0109", "regionaam"] == "Coevorden"
    # GM0109 persons: only 9 known → suppressed with the CBS symbol for secret
    assert pers.loc["GM0109", "symbool"] == "x" and pers["waarde"].isna().loc["GM0109"]
    kids = out.loc[out["indicator"] == "programma_bereik_kinderen"].set_index("regiocode")
    assert kids.loc["GM0114", "waarde"] == 30  # 29 + 0
    assert kids.loc["GM0109", "waarde"] == 10  # 9 + 2 = 11, rounded


def test_programme_tidy_counts_and_example_status(example_data: workbook.ProgrammeData) -> None:
    out = published.programme_tidy(example_data)
    assert set(out["status"]) == {provenance.STATUS_EXAMPLE}
    assert set(out["indicator"]) <= set(catalogue.INDICATORS)
    assert {
        "programma_bereik_huishoudens",
        "programma_interventies_aantal",
        "programma_partners_aantal",
        "programma_bijeenkomsten_aantal",
    } <= set(out["indicator"])
    assert (out["regioniveau"] == "gemeente").all()


def test_programme_tidy_marks_harmonised_gemeenten(tmp_path: Path) -> None:
    path = make_book(
        tmp_path, lambda wb: setattr(cell(wb, "Bereik", 5, "gemeente_code"), "value", "GM0018")
    )
    out = published.programme_tidy(workbook.load_workbook(path))
    row = out.loc[
        (out["indicator"] == "programma_bereik_huishoudens") & (out["regiocode"] == "GM1952")
    ]
    assert len(row) == 1
    assert row["harmonisatie"].iloc[0] == published.HARMONISED
