"""The programme's published tables (built, then written to data/processed/): disclosure control
always applied, internal free text never leaks."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from avk_analysis.pipeline import disclosure
from avk_analysis.pipeline import programme_tables as published
from avk_analysis.sources.programme import contract, workbook
from avk_analysis.vocabulary import catalogue, provenance, tidy
from tests.sources.programme.workbooks import cell, make_book

LEAK = "LEKTEST-7f3a9c"
PERSON_COLUMNS = {
    "bereik_huishoudens",
    "bereik_personen",
    "huishoudens",
    "personen",
    "kinderen",
    "deelnemers",
    "ervaringsdeskundigen",
    "huishoudens_laag_inkomen",
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


def test_goal_share_uses_the_shown_rounded_counts(example_data: workbook.ProgrammeData) -> None:
    df = published.doelen(example_data).set_index("doel_id")
    assert df.loc["D01", "realisatie"] == 120  # 118 rounded to 5
    assert df.loc["D01", "realisatie_pct"] == pytest.approx(48.0)  # 120 / 250, as shown
    assert df.loc["D09", "realisatie"] == "<10"
    assert df.loc["D09", "realisatie_pct"] == "onderdrukt"


def test_every_shown_percentage_follows_from_the_shown_counts(
    example_data: workbook.ProgrammeData,
) -> None:
    tables = published.tabellen(example_data)
    pairs = {
        "doelen": ("realisatie_pct", "realisatie", "streefwaarde"),
        "experimenten_voortgang": ("realisatie_pct", "realisatie", "streefwaarde"),
        "activiteiten_vs_jaardoelen": (
            "aandeel_ervaringsdeskundigen_pct",
            "ervaringsdeskundigen",
            "deelnemers",
        ),
        "ervaringen": ("positief_pct", "positief", "deelnemers"),
    }
    checked = 0
    for name, (pct, part, whole) in pairs.items():
        for _, rec in tables[name].iterrows():
            if disclosure.is_suppressed(rec[pct]) or rec[pct] is None or pd.isna(rec[pct]):
                continue
            assert rec[pct] == pytest.approx(round(rec[part] / rec[whole] * 100, 1)), name
            checked += 1
    assert checked > 20


def test_goals_keep_inspanning_and_indicator_and_get_a_verdict(
    example_data: workbook.ProgrammeData,
) -> None:
    df = published.doelen(example_data).set_index("doel_id")
    assert df.loc["D02", "indicator"].startswith("Partners die werkplekken")
    assert df.loc["D02", "inspanning"]
    assert set(df["oordeel"]) <= set(published.VERDICTS)
    assert df.loc["D08", "oordeel"] == published.OP_KOERS  # gerealiseerd
    assert df.loc["D01", "oordeel"] == published.ACHTER  # 120 of the 188 expected by now
    assert df.loc["D06", "oordeel"] == published.OP_KOERS  # 58 of 70 %: 82,9 %
    assert df.loc["D16", "oordeel"] == published.GEEN_GEGEVENS  # no realisation yet
    assert df.loc["D21", "oordeel"] == published.VERVALLEN
    assert pd.isna(df.loc["D21", "verwacht_nu"])  # nothing is expected of a cancelled goal
    # a suppressed realisation far below its target is still 'achter' (200 × 75 % ≥ 10)
    assert df.loc["D09", "oordeel"] == published.ACHTER


def _goal(tmp_path: Path, **values: object) -> pd.Series:
    """Return the published row of goal D01 (250 from 2024, 118 realised on 31-12-2025)."""

    def edit(wb: Workbook) -> None:
        for column, value in values.items():
            cell(wb, "Doelen", 2, column).value = value

    tmp_path.mkdir(parents=True, exist_ok=True)
    return published.doelen(workbook.load_workbook(make_book(tmp_path, edit))).iloc[0]


def test_the_verdict_judges_where_a_goal_should_be_by_now(tmp_path: Path) -> None:
    # 120 shown of 250; at the end of 2025 two of three years (2024-2026) have passed: 167
    three = _goal(tmp_path, doeljaar=2026)
    assert three["looptijd_voorbij_pct"] == 67
    assert three["verwacht_nu"] == pytest.approx(166.7)
    assert three["oordeel"] == published.ACHTER  # 120 < 75 % of 167
    # the same realisation against a four-year period (two of four years passed: 125) is on track
    four = _goal(tmp_path / "b", doeljaar=2027)
    assert four["verwacht_nu"] == pytest.approx(125.0)
    assert four["oordeel"] == published.OP_KOERS  # 120 ≥ 94
    # and at the end of its period the whole target counts
    ended = _goal(tmp_path / "c", startjaar=2025, doeljaar=2025)
    assert ended["verwacht_nu"] == pytest.approx(250.0)
    assert ended["oordeel"] == published.ACHTER
    # a period that is over has no margin: 50 of 60 (83 %) at the end of the year is behind
    almost = _goal(tmp_path / "d", startjaar=2025, doeljaar=2025, streefwaarde=60, realisatie=50)
    assert almost["looptijd_voorbij_pct"] == 100
    assert almost["oordeel"] == published.ACHTER
    done = _goal(tmp_path / "e", startjaar=2025, doeljaar=2025, streefwaarde=60, realisatie=60)
    assert done["oordeel"] == published.OP_KOERS


def test_a_percentage_is_a_level_and_a_period_not_begun_expects_nothing(tmp_path: Path) -> None:
    level = _goal(tmp_path, eenheid="procent", streefwaarde=70, realisatie=50, doeljaar=2030)
    assert level["verwacht_nu"] == pytest.approx(70.0)  # not pro rata
    assert level["oordeel"] == published.ACHTER  # 50 < 75 % of 70
    later = _goal(tmp_path / "b", startjaar=2026, doeljaar=2028)
    assert later["verwacht_nu"] == 0
    assert later["oordeel"] == published.GEEN_GEGEVENS


def test_a_goal_without_period_is_not_judged_behind(tmp_path: Path) -> None:
    goal = _goal(tmp_path, startjaar=None, doeljaar=None)
    assert goal["oordeel"] == published.LOOPTIJD_ONBEKEND
    assert pd.isna(goal["verwacht_nu"])


def test_an_old_workbook_without_period_columns_gets_no_verdict_against_the_target(
    tmp_path: Path,
) -> None:
    def edit(wb: Workbook) -> None:
        for name in ("doeljaar", "startjaar"):
            wb["Doelen"].delete_cols(contract.sheet("Doelen").names.index(name) + 1)

    goals = published.doelen(workbook.load_workbook(make_book(tmp_path, edit)))
    assert list(goals["oordeel"]) == [published.LOOPTIJD_ONBEKEND] * 2
    assert goals["startjaar"].isna().all()


def test_elapsed_share_counts_whole_years_and_the_days_of_the_last() -> None:
    share = published._elapsed_share
    assert share(2023, 2026, dt.date(2025, 12, 31)) == pytest.approx(0.75)
    assert share(2025, 2025, dt.date(2025, 12, 31)) == pytest.approx(1.0)
    assert share(2025, 2025, dt.date(2025, 7, 2)) == pytest.approx(183 / 365)
    assert share(2024, 2025, dt.date(2027, 1, 1)) == 1.0  # past its period: the whole target
    assert share(2026, 2027, dt.date(2025, 12, 31)) == 0.0
    assert share(None, 2027, dt.date(2025, 12, 31)) is None


def test_teams_per_sector_never_show_a_small_group(example_data: workbook.ProgrammeData) -> None:
    df = published.avk_teams_per_sector(example_data)
    partners = example_data.internal["Partners"]
    counts = partners["sector"].value_counts()
    assert (counts < disclosure.min_count()).any()  # there are small sectors to protect
    assert (df["partners"] >= disclosure.min_count()).all()
    assert df["partners"].sum() == len(partners)  # merged, not dropped
    assert published.OTHER_SECTORS in set(df["sector"])
    assert "provincie" not in set(df["sector"])


def test_reach_with_low_income_total_only_when_every_gemeente_says(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Jaarbereik", 2, "huishoudens_laag_inkomen").value = 40
        cell(wb, "Jaarbereik", 3, "huishoudens_laag_inkomen").value = 12

    full = published.bereik_per_gemeente(workbook.load_workbook(make_book(tmp_path, edit)))
    full = full.set_index("gemeente")
    assert full.loc["Emmen", "huishoudens_laag_inkomen"] == 40
    assert full.loc[published.TOTAL, "huishoudens_laag_inkomen"] == 50  # 52 rounded to 5

    def half(wb: Workbook) -> None:
        cell(wb, "Jaarbereik", 2, "huishoudens_laag_inkomen").value = 40

    (tmp_path / "b").mkdir()
    part = published.bereik_per_gemeente(workbook.load_workbook(make_book(tmp_path / "b", half)))
    part = part.set_index("gemeente")
    assert part.loc["Emmen", "huishoudens_laag_inkomen"] == 40
    assert part.loc[published.TOTAL, "huishoudens_laag_inkomen"] is None  # Coevorden unknown


def test_partners_per_gemeente_are_those_carrying_out_its_interventions(
    example_data: workbook.ProgrammeData,
) -> None:
    places = published.activiteiten_per_gemeente(example_data).set_index("gemeente_code")
    items = published.interventies_per_gemeente(example_data)
    for code, rec in places.iterrows():
        own = items.loc[(items["gemeente_code"] == code) & (items["soort"] == "interventie")]
        assert rec["partners"] == own["partner"].nunique(), code
        assert rec["interventies"] == len(own), code
    experiments = items.loc[items["soort"] == "experiment"]
    assert (experiments["partner"] == published.EXPERIMENT_PARTNER).all()  # never blank


def test_learning_themes_are_not_kapitaalsvormen(example_data: workbook.ProgrammeData) -> None:
    per_capital = published.doelen_per_kapitaalsvorm(example_data)
    assert list(per_capital["kapitaalsvorm"]) == list(contract.KAPITAALSVORMEN)
    assert not {"effectiviteit", "leren"} & set(per_capital["kapitaalsvorm"])
    per_goal = published.doelen_per_strategisch_doel(example_data)
    whole = per_goal.loc[per_goal["leerthema"] == ""].set_index("strategisch_doel")
    assert whole["doelen"].sum() == len(published.doelen(example_data))
    assert set(per_goal.loc[per_goal["leerthema"] != "", "leerthema"]) == {"effectiviteit", "leren"}
    counts = whole[list(published.VERDICTS)].sum(axis=1)
    assert (counts == whole["doelen"]).all()


def test_reach_lists_all_gemeenten_with_zero_and_unique_households(
    example_data: workbook.ProgrammeData,
) -> None:
    df = published.bereik_per_gemeente(example_data)
    gemeenten = df.loc[df["gemeente"] != published.TOTAL]
    assert len(gemeenten) == 22
    assert (gemeenten.loc[gemeenten["gemeente"] == "Groningen", "huishoudens"] == 0).all()
    # unique counts come from Jaarbereik, never from summing the quarters
    quarters = example_data.internal["Bereik"]
    emmen_quarters = quarters.loc[quarters["gemeente_code"] == "GM0114", "huishoudens"].sum()
    emmen = gemeenten.set_index("gemeente").loc["Emmen", "huishoudens"]
    assert emmen < emmen_quarters


def test_reach_total_triggers_secondary_suppression(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Jaarbereik", 3, "huishoudens").value = 7  # GM0109 small; total is published
        cell(wb, "Jaarbereik", 3, "personen").value = 20

    df = published.bereik_per_gemeente(workbook.load_workbook(make_book(tmp_path, edit)))
    df = df.set_index("gemeente")
    assert df.loc["Coevorden", "huishoudens"] == "<10"
    # else total − Emmen gives Coevorden away; Emmen is not small, so it says 'onderdrukt'
    assert df.loc["Emmen", "huishoudens"] == disclosure.SUPPRESSED_DERIVED
    assert df.loc["Assen", "huishoudens"] == 0  # a zero protects nothing and stays visible
    assert df.loc[published.TOTAL, "huishoudens"] == 55  # 50 + 7 rounded


def test_experiences_show_counts_and_scores_only_and_suppress_small_groups(
    example_data: workbook.ProgrammeData,
) -> None:
    df = published.ervaringen(example_data)
    assert set(df.columns) == {
        "onderwerp",
        "gemeente",
        "deelnemers",
        "positief",
        "gemiddelde_score",
        "positief_pct",
    }
    small = df.loc[df["deelnemers"] == "<10"]
    assert not small.empty
    assert (small[["positief", "gemiddelde_score", "positief_pct"]] == "onderdrukt").all().all()


def test_only_a_favourable_verdict_stands_next_to_a_named_partner(
    example_data: workbook.ProgrammeData,
) -> None:
    tables = published.tabellen(example_data)
    for name, df in tables.items():
        if "partner" in df.columns:
            assert not {"compleet", "ontbreekt", "oordeel"} & set(df.columns), name
            if "oordeel_toetsingskader" in df.columns:
                assert set(df["oordeel_toetsingskader"]) <= set(published.INSPIRING), name
    assert "avk_teams" not in tables
    verdicts = example_data.internal["Interventies"]["oordeel_toetsingskader"]
    assert {"niet effectief", "nog niet beoordeeld"} & set(verdicts)  # there was something to hide


def test_inspiring_interventions_are_named_with_their_partner(
    example_data: workbook.ProgrammeData,
) -> None:
    src = example_data.internal["Interventies"]
    partners = example_data.internal["Partners"].set_index("partner_id")["naam"]
    favourable = src.loc[src["oordeel_toetsingskader"].isin(published.INSPIRING)]
    table = published.interventies_inspiratie(example_data)
    assert len(table) == len(favourable) > 0
    assert set(table["naam"]) == set(favourable["naam"])
    assert set(table["partner"]) == set(favourable["partner"].map(partners))
    first = list(table["oordeel_toetsingskader"])
    assert first == sorted(first, key=published.INSPIRING.index)  # proven first


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
    themes = len(contract.KAPITAALSVORMEN) + len(contract.LEERTHEMAS)
    assert len(df) == themes * len(contract.OORDELEN)
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
def test_programme_tidy_takes_unique_reach_per_gemeente_and_year(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        cell(wb, "Jaarbereik", 3, "personen").value = None  # GM0109 persons unknown

    out = published.programme_tidy(workbook.load_workbook(make_book(tmp_path, edit)))
    tidy.validate(out)
    assert set(out["bron"]) == {published.BRON}
    assert set(out["status"]) == {provenance.STATUS_REAL}
    hh = out.loc[out["indicator"] == "programma_bereik_huishoudens"].set_index("regiocode")
    # from Jaarbereik (unique), not 34 + 20 from the quarters
    assert hh.loc["GM0114", "waarde"] == 50
    assert hh.loc["GM0109", "waarde"] == 15
    assert hh.loc["GM0014", "waarde"] == 0  # no registered reach: zero, listed
    assert len(hh) == 22
    pers = out.loc[out["indicator"] == "programma_bereik_personen"].set_index("regiocode")
    assert "GM0109" not in pers.index  # unknown is not zero
    assert pers.loc["GM0114", "regionaam"] == "Emmen"
    kids = out.loc[out["indicator"] == "programma_bereik_kinderen"].set_index("regiocode")
    assert kids.loc["GM0114", "waarde"] == 30  # 29 rounded
    assert kids.loc["GM0109", "waarde"] == 10


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
        tmp_path, lambda wb: setattr(cell(wb, "Jaarbereik", 3, "gemeente_code"), "value", "GM0018")
    )
    out = published.programme_tidy(workbook.load_workbook(path))
    row = out.loc[
        (out["indicator"] == "programma_bereik_huishoudens") & (out["regiocode"] == "GM1952")
    ]
    assert len(row) == 1
    assert row["harmonisatie"].iloc[0] == published.HARMONISED


def test_partners_per_gemeente_are_the_partners_the_factsheet_names(tmp_path: Path) -> None:
    """One fact, one value: the report counts per gemeente the partners its factsheet lists."""
    data = workbook.load_workbook(make_book(tmp_path))
    counts = published.activiteiten_per_gemeente(data).set_index("gemeente_code")["partners"]
    listed = published.interventies_per_gemeente(data)
    for code, n in counts.items():
        named = listed.loc[(listed["gemeente_code"] == code) & (listed["partner"] != ""), "partner"]
        assert n == named.nunique(), code
    assert counts.sum() > 0
