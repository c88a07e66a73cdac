"""The seeded example workbook: valid, plausible, marked as example, deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from avk_analysis.sources.programme import contract
from avk_analysis.sources.programme.validate import check_workbook, validate_file
from avk_analysis.sources.programme.workbook import load_workbook
from avk_analysis.vocabulary import provenance, regions
from tools import example_workbook as example


def test_example_passes_validation_without_errors(example_book: Path) -> None:
    report = validate_file(example_book)
    assert report.errors == [], report.render()


def test_example_is_marked_as_example(example_book: Path) -> None:
    data = load_workbook(example_book)
    assert data.status == provenance.STATUS_EXAMPLE
    assert data.jaar == 2025


def test_example_is_byte_identical_for_a_seed(example_book: Path, tmp_path: Path) -> None:
    again = example.write_example(path=tmp_path / "avk_programma_2025_voorbeeld.xlsx")
    assert (
        hashlib.sha256(again.read_bytes()).digest()
        == hashlib.sha256(example_book.read_bytes()).digest()
    )
    other = example.write_example(seed=99, path=tmp_path / "ander" / "x.xlsx")
    assert other.read_bytes() != example_book.read_bytes()


def test_example_content_is_plausible(example_book: Path) -> None:
    frames = check_workbook(example_book).frames
    partners = frames["Partners"]
    assert 40 <= len(partners) <= 50
    assert set(regions.veenkolonien("programma")) <= set(partners["gemeente_code"])
    assert set(partners["gemeente_code"]) - set(regions.veenkolonien("programma"))  # and others
    complete = (
        (partners["avk_team_bestuurder"] >= 1)
        & (partners["avk_team_managers"] >= 2)
        & (partners["avk_team_uitvoering"] >= 2)
    )
    assert 0 < complete.sum() < len(partners)

    experiments = frames["Experimenten"].set_index("naam")
    assert len(experiments) == 5
    assert experiments.loc["Ervaringsdeskundigheid en werk", "streefwaarde"] == 250
    assert experiments.loc["Ervaringsdeskundigheid en werk", "fase"] == 2

    interventions = frames["Interventies"]
    assert set(interventions["kapitaalsvorm"].dropna()) == set(contract.KAPITAALSVORMEN)
    assert set(interventions["leerthema"].dropna()) == set(contract.LEERTHEMAS)
    assert (interventions["kapitaalsvorm"].isna() != interventions["leerthema"].isna()).all()
    assert len(set(interventions["oordeel_toetsingskader"])) >= 3
    assert set(interventions["interventie_id"].str.upper()).isdisjoint(
        set(frames["Experimenten"]["experiment_id"])
    )

    reach = frames["Bereik"]
    assert set(reach["kwartaal"]) == {1, 2, 3, 4}
    assert (reach["huishoudens"] < 10).any()  # small counts for the disclosure control
    assert reach["experiment_id"].notna().any()

    targets = frames["Jaardoelen"].set_index("soort")["streefaantal"]
    assert targets["nieuwsbrief"] == 2 and targets["transitietafel"] == 3
    held = frames["Bijeenkomsten"]["soort"].value_counts()
    assert held["transitietafel"] < targets["transitietafel"]  # a target that was missed


def test_example_workbook_says_voorbeeld_in_info(example_book: Path) -> None:
    wb = openpyxl.load_workbook(example_book)
    info = {r[0].value: r[1].value for r in wb[contract.INFO_SHEET].iter_rows(min_row=2)}
    assert info["gegevenstype"] == contract.GEGEVENSTYPE_VOORBEELD


def test_main_writes_default_location_with_provenance(avk_root: Path, capsys) -> None:
    assert example.main([]) == 0
    path = (
        avk_root / "data" / "raw" / "programma" / "voorbeeld" / "avk_programma_2025_voorbeeld.xlsx"
    )
    assert path.exists()
    prov = provenance.verify(path.parent)
    assert prov.status == provenance.STATUS_EXAMPLE
    assert path.name in prov.files
    assert "avk_programma_2024_voorbeeld.xlsx" in prov.files  # two programme years by default
    out = capsys.readouterr().out
    assert "0 fout(en)" in out


def test_two_years_share_the_network_and_show_a_trend(tmp_path: Path) -> None:
    early = load_workbook(
        example.write_example(2024, path=tmp_path / "a" / "avk_programma_2024_voorbeeld.xlsx")
    )
    late = load_workbook(
        example.write_example(2025, path=tmp_path / "b" / "avk_programma_2025_voorbeeld.xlsx")
    )
    assert early.jaar == 2024 and late.jaar == 2025
    names = lambda d: list(d.internal["Partners"]["naam"])  # noqa: E731
    assert names(early) == names(late)
    assert set(early.internal["Interventies"]["interventie_id"]) <= set(
        late.internal["Interventies"]["interventie_id"]
    )
    goals = {d.jaar: d.internal["Doelen"].set_index("doel_id")["realisatie"] for d in (early, late)}
    assert goals[2024]["D01"] < goals[2025]["D01"]
    assert goals[2024]["D09"] > goals[2025]["D09"]  # one goal goes down
    assert (early.internal["Bereik"]["jaar"] == 2024).all()
    assert (early.internal["Jaarbereik"]["jaar"] == 2024).all()
