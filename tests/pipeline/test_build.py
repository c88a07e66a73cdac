"""Building data/processed/ from the snapshot, the shipped figures and the example workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import load
from avk_analysis.pipeline import build, references
from avk_analysis.vocabulary import regions
from avk_analysis.vocabulary.validation import InputError
from tests.conftest import make_project

REPO_RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """One build shared by the read-only tests of this module."""
    with pytest.MonkeyPatch.context() as mp:
        root = make_project(tmp_path_factory.mktemp("built") / "project")
        mp.setenv("AVK_ROOT", str(root))
        mp.setenv("AVK_OFFLINE", "1")
        messages: list[str] = []
        result = build.build(log=messages.append)
        result.messages = messages  # type: ignore[attr-defined]
        yield root, result


@pytest.fixture
def in_built(built, monkeypatch: pytest.MonkeyPatch):
    """Point AVK_ROOT at the shared build for one test."""
    monkeypatch.setenv("AVK_ROOT", str(built[0]))
    return built


def test_offline_build_uses_snapshot_and_labels_everything(built) -> None:
    project, result = built
    df = pd.read_parquet(project / "data" / "processed" / "indicatoren.parquet")
    assert len(df) == result.rows > 10_000
    assert result.mode == "offline (geforceerd)"
    assert any("DEMO" in m for m in result.messages)  # the terminal says so
    api = df[df.bron_url.str.startswith("https://opendata.cbs.nl/")]
    assert set(api.status) == {"demo"}
    # CBS figures quoted from StatLine pages are real, and kept apart as references
    refs = pd.read_parquet(project / "data" / "processed" / "referenties.parquet")
    quoted = refs[(refs.bron == "CBS") & refs.bron_url.str.startswith("https://www.cbs.nl/")]
    assert not quoted.empty and set(quoted.status) == {"echt"}
    assert not df.bron_url.str.startswith("https://www.cbs.nl/cijfers").any()
    assert set(df[df.bron == "Alliantie van Kracht"].status) == {"voorbeeld"}
    planning = df[df.bron.isin(["Sociaal Planbureau Groningen", "Trendbureau Drenthe"])]
    assert not planning.empty and set(planning.status) == {"echt"}
    assert (planning.bron_url.str.startswith("http")).all()


def test_cbs_gemeente_figures_are_on_current_gemeenten(in_built) -> None:
    df = load.indicatoren(bron="CBS")
    gm = df[df.regioniveau == "gemeente"]
    assert set(gm.regiocode) == set(regions.gemeente_codes())
    kwb2017 = gm[(gm.tabel == "83765NED") & (gm.regiocode == "GM1952")]
    assert not kwb2017.empty
    assert kwb2017.harmonisatie.str.contains("GM0018").all()


def test_aggregates_name_their_set(in_built) -> None:
    df = load.indicatoren(regio=["VK_planbureaus", "VK_programma", "VK_agenda"], bron="CBS")
    assert set(df.regiocode) == {"VK_planbureaus", "VK_programma", "VK_agenda"}
    assert df.harmonisatie.str.contains("Veenkoloniën volgens").all()


def test_second_build_is_skipped_and_force_rebuilds(project: Path) -> None:
    first = build.build(log=lambda _m: None)
    again = build.build(log=lambda _m: None)
    assert again.skipped and again.fingerprint == first.fingerprint
    forced = build.build(force=True, log=lambda _m: None)
    assert not forced.skipped and forced.rows == first.rows


def test_bad_programme_workbook_stops_the_build_and_keeps_the_old_table(project: Path) -> None:
    build.build(log=lambda _m: None)
    table = project / "data" / "processed" / "indicatoren.parquet"
    before = table.read_bytes()
    bad_dir = project / "data" / "raw" / "programma" / "2025"
    bad_dir.mkdir(parents=True)
    (bad_dir / "avk_programma_2025.xlsx").write_text("dit is geen Excel-bestand")
    with pytest.raises(InputError) as err:
        build.build(log=lambda _m: None)
    assert "avk_programma_2025.xlsx" in err.value.report.render()
    assert table.read_bytes() == before


def test_changed_raw_file_is_refused(project: Path) -> None:
    from avk_analysis.vocabulary.provenance import ProvenanceError

    csv = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    with pytest.raises((ProvenanceError, build.BuildError), match="checksum"):
        build.build(log=lambda _m: None)


def test_missing_snapshot_is_a_clear_error(project: Path) -> None:
    shutil.rmtree(project / "data" / "raw" / "snapshot")
    with pytest.raises(build.BuildError, match="momentopname"):
        build.build(log=lambda _m: None)


# --- integrity: every input change is noticed, a corrupt processed table is refused ---------------
def test_edit_of_a_raw_file_after_a_build_is_noticed(project: Path) -> None:
    from avk_analysis.vocabulary.provenance import ProvenanceError

    build.build(log=lambda _m: None)
    csv = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    messages: list[str] = []
    with pytest.raises((ProvenanceError, build.BuildError), match=r"gepubliceerde_cijfers\.csv"):
        build.build(log=messages.append)  # not "al actueel": the content changed
    assert any("gewijzigd: data/raw/planbureaus/gepubliceerde_cijfers.csv" in m for m in messages)


def test_added_and_removed_raw_files_are_noticed(project: Path) -> None:
    from avk_analysis.sources.cbs.client import CbsError
    from avk_analysis.vocabulary.provenance import ProvenanceError

    build.build(log=lambda _m: None)
    extra = project / "data" / "raw" / "overig" / "notities.csv"
    extra.parent.mkdir()
    extra.write_text("a;b\n1;2\n", encoding="utf-8")
    messages: list[str] = []
    result = build.build(log=messages.append)
    assert not result.skipped
    assert any("nieuw: data/raw/overig/notities.csv" in m for m in messages)
    assert any("niet gelezen" in m and "notities.csv" in m for m in messages)

    page = next((project / "data" / "raw" / "snapshot" / "cbs").rglob("UntypedDataSet_001.json"))
    page.unlink()
    messages.clear()
    with pytest.raises((ProvenanceError, CbsError), match="ontbreekt"):
        build.build(log=messages.append)
    assert any("verwijderd:" in m and "UntypedDataSet_001.json" in m for m in messages)


def test_corrupt_processed_table_is_refused_and_rebuilt(project: Path) -> None:
    from avk_analysis.pipeline.processed import ProcessedDataError

    build.build(log=lambda _m: None)
    table = project / "data" / "processed" / "indicatoren.parquet"
    table.write_bytes(table.read_bytes()[:1000])  # truncated
    with pytest.raises(ProcessedDataError, match="make build"):
        load.indicatoren()
    messages: list[str] = []
    result = build.build(log=messages.append)
    assert not result.skipped
    assert any("klopt niet meer" in m for m in messages)
    assert len(load.indicatoren()) == result.rows


def test_unreadable_processed_table_without_record_is_refused(project: Path) -> None:
    from avk_analysis.pipeline.processed import ProcessedDataError

    build.build(log=lambda _m: None)
    (project / "data" / "processed" / "build.json").unlink()
    with pytest.raises(ProcessedDataError, match="bouwverslag"):
        load.indicatoren()


def test_built_table_has_one_value_per_cell_and_keeps_quotes_apart(in_built) -> None:
    df = load.indicatoren()
    assert not df.duplicated(["indicator", "regiocode", "jaar"]).any()
    refs = load.referenties()
    assert not refs.empty
    # every quote of a series the monitor takes from the CBS API is a reference, not a value
    api = set(df.loc[df.bron_url.str.startswith("https://opendata.cbs.nl/"), "indicator"])
    quoted = df[
        ~df.bron_url.str.startswith("https://opendata.cbs.nl/")
        & (df.bron != "Alliantie van Kracht")
    ]
    assert not (set(quoted.indicator) & api)
    assert set(refs.loc[refs.indicator.isin(api), "reden"]) == {references.REASON_API}
    # the planning offices' own figures on young adults and their parents stay values
    assert "jongvolwassenen_laag_inkomen_pct" in set(df.indicator)


def test_loose_delivery_next_to_the_shipped_file_stops_the_build(project: Path) -> None:
    build.build(log=lambda _m: None)
    shipped = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    loose = shipped.with_name("levering_td_2026.csv")
    loose.write_bytes(shipped.read_bytes())
    with pytest.raises(build.BuildError, match=r"levering_td_2026\.csv") as err:
        build.build(log=lambda _m: None)
    assert "avk-monitor levering" in str(err.value)


def test_delivery_taken_in_is_built_and_credited_to_its_publisher(project: Path) -> None:
    from avk_analysis.sources.planning import intake

    build.build(log=lambda _m: None)
    delivery = project / "levering.csv"
    delivery.write_text(
        "bron;bron_url;indicator;definitie;regiocode;jaar;waarde;eenheid;status;onzeker\n"
        "Trendbureau Drenthe;https://www.trendbureaudrenthe.nl/armoede/;"
        "jongvolwassenen_laag_inkomen_pct;;VK_planbureaus;2022;6,1;%;echt;nee\n",
        encoding="utf-8",
    )
    intake.take_in(delivery)
    messages: list[str] = []
    result = build.build(log=messages.append)
    assert not result.skipped
    assert any("nieuw: data/raw/planbureaus/trendbureau-drenthe/" in m for m in messages)
    df = load.indicatoren(indicator="jongvolwassenen_laag_inkomen_pct", jaar=2022)
    assert df["waarde"].tolist() == [6.1] and df["bron"].tolist() == ["Trendbureau Drenthe"]
    credit = [s for s in result.sources if s["map"].startswith("data/raw/planbureaus/trendbureau")]
    assert len(credit) == 1 and credit[0]["source"] == "Trendbureau Drenthe"
    assert "Alliantie" not in credit[0]["source"]


# --- one door: the build writes the programme tables, loading never builds ----------------------
def test_programme_tables_are_built_recorded_and_read_back_cell_for_cell(in_built) -> None:
    from avk_analysis.pipeline import processed, programme_tables
    from avk_analysis.sources.programme import workbook as source

    root, result = in_built
    folder = root / "data" / "processed" / "programma" / "2025"
    names = {f"programma/2025/{p.name}" for p in folder.iterdir()}
    assert names == {f"programma/2025/{t}.parquet" for t in programme_tables.TABLES} | {
        "programma/2025/info.json"
    }
    assert names <= set(result.checksums)  # recorded in build.json like the other tables
    assert load.programma_jaren() == [2024, 2025]  # the example covers two programme years
    info = load.programma_info(2025)
    assert info["status"] == "voorbeeld" and info["programmajaar"] == 2025
    assert info["bestand"] == "avk_programma_2025_voorbeeld.xlsx"
    assert str(info["peildatum"]) == "2025-12-31"
    expected = programme_tables.tabellen(source.load_workbook(source.find_workbook(2025)))
    tables = load.programma(2025)
    assert list(tables) == list(expected)
    for name, frame in expected.items():
        got = tables[name]
        pd.testing.assert_frame_equal(got, frame, check_exact=True)
        for col in frame.columns:  # '<10' next to 15 (int) next to None: each cell as built
            assert [type(v) for v in got[col]] == [type(v) for v in frame[col]], (name, col)
        assert got.attrs == frame.attrs, name
        assert info["rijen"][name] == len(frame)
    assert processed.problems() == []
    # the Verantwoording's 'Cijfers' column: the workbook and the planning offices gave figures
    raw = load.bronnen_ruw()
    for kind in ("programma", "planbureau"):
        assert (raw.loc[raw["soort"] == kind, "rijen"] > 0).all(), kind


def test_loading_never_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from avk_analysis.pipeline.processed import ProcessedDataError

    def no_build(**_kwargs):
        raise AssertionError("loading must not build")

    monkeypatch.setattr(build, "build", no_build)
    for loader in (
        load.indicatoren,
        load.bronnen,
        load.referenties,
        load.programma_jaren,
        lambda: load.programma(2025),
        lambda: load.programma_info(2025),
    ):
        with pytest.raises(ProcessedDataError, match=r"make build.*make report"):
            loader()
    assert not list((project / "data" / "processed").iterdir())


def test_year_without_workbook_is_a_lookup_error(in_built) -> None:
    with pytest.raises(LookupError, match="Geen programmagegevens voor 2031"):
        load.programma(2031)


def test_changed_programme_table_is_refused_and_rebuilt(project: Path) -> None:
    from avk_analysis.pipeline import processed
    from avk_analysis.pipeline.processed import ProcessedDataError

    build.build(log=lambda _m: None)
    table = project / "data" / "processed" / "programma" / "2025" / "doelen.parquet"
    other = table.with_name("avk_teams_per_sector.parquet")
    table.write_bytes(other.read_bytes())  # a valid parquet file, but not the one built
    with pytest.raises(ProcessedDataError, match="make build"):
        load.programma(2025)
    assert any("doelen.parquet" in p for p in processed.problems())
    table.unlink()
    with pytest.raises(ProcessedDataError, match="ontbreekt"):
        load.programma(2025)
    extra = table.with_name("los.parquet")
    extra.write_bytes(other.read_bytes())
    assert any("los.parquet" in p and "staat niet in" in p for p in processed.problems())
    messages: list[str] = []
    result = build.build(log=messages.append)
    assert not result.skipped and any("klopt niet meer" in m for m in messages)
    assert not extra.exists() and len(load.programma(2025)["doelen"]) > 0


def test_programme_year_removed_from_raw_disappears_from_processed(project: Path) -> None:
    from avk_analysis.vocabulary import provenance
    from tools import example_workbook

    book = example_workbook.write_example(jaar=2024)
    build.build(log=lambda _m: None)
    assert load.programma_jaren() == [2024, 2025]
    assert load.programma_info(2024)["bestand"] == book.name
    book.unlink()
    provenance.write_provenance(book.parent, provenance.read_provenance(book.parent))
    build.build(log=lambda _m: None)
    assert load.programma_jaren() == [2025]
    assert not (project / "data" / "processed" / "programma" / "2024").exists()
    with pytest.raises(LookupError):
        load.programma_info(2024)


def test_absent_optional_measures_are_named_per_table(tmp_path) -> None:
    import json

    from avk_analysis.sources.cbs import metadata, parse
    from avk_analysis.sources.cbs import tables as registry

    source = next((REPO_RAW / "snapshot" / "cbs" / "86165NED").iterdir())
    table = tmp_path / "86165NED" / source.name
    shutil.copytree(source, table)
    spec = registry.get("86165NED")
    props = parse.read_entity(table, "DataProperties")
    found = metadata.resolve_measures("86165NED", props, spec.measures, spec.year)
    optional = [m for m in spec.measures if m.name in found and not m.required(spec.year)]
    assert optional, "the test needs an optional measure that the table has"
    dropped = optional[0]
    key = found[dropped.name]["Key"]
    before = build.absent_optional_measures([table]).get("86165NED", [])
    assert dropped.name not in before
    data = json.loads((table / "DataProperties.json").read_text(encoding="utf-8"))
    data["value"] = [p for p in data["value"] if p.get("Key") != key]
    (table / "DataProperties.json").write_text(json.dumps(data), encoding="utf-8")
    after = build.absent_optional_measures([table])["86165NED"]
    assert after == [*before, dropped.name] or set(after) == {*before, dropped.name}


def test_a_delivery_named_like_a_lock_file_is_never_read_unfingerprinted(project: Path) -> None:
    """A '~$' file is left out of the fingerprint, so the build must not read it either."""
    from avk_analysis.sources.planning import intake
    from avk_analysis.vocabulary.provenance import Provenance, write_provenance

    folder = project / "data" / "raw" / "planbureaus" / "trendbureau-drenthe" / "2026-01-15"
    folder.mkdir(parents=True)
    shipped = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    lines = shipped.read_text(encoding="utf-8-sig").splitlines()
    lock_named = folder / "~$levering.csv"
    lock_named.write_text("\n".join(lines[:2]).replace(";NL01;", ";GM0114;") + "\n", "utf-8")
    prov = Provenance("Trendbureau Drenthe", "Levering", "", "2026-01-15", "x", "echt")
    write_provenance(folder, prov, files=[lock_named])  # as an earlier intake would have done
    assert any("~$levering.csv" in p for p in intake.check_layout(project))
    with pytest.raises(build.BuildError, match=r"~\$levering\.csv"):
        build.build(log=lambda _m: None)


def test_the_build_refuses_to_read_a_file_its_fingerprint_leaves_out(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avk_analysis.sources.planning import locations

    shipped = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    hidden = shipped.with_name("~$kopie.csv")
    hidden.write_bytes(shipped.read_bytes())
    found = locations.find_deliveries()
    monkeypatch.setattr(locations, "find_deliveries", lambda root=None: [*found, hidden])
    with pytest.raises(build.BuildError, match=r"vingerafdruk.*~\$kopie\.csv"):
        build.build(log=lambda _m: None)


# --- damaged raw files: a Dutch message naming the file in data/raw/, caught by the build -------
@pytest.fixture
def fresh_regions():
    """Forget the reference tables read by earlier tests (they are cached per process)."""
    from avk_analysis.sources.planning import bounds

    cached = [
        regions.gemeenten,
        regions.areas,
        regions.crosswalk,
        regions.names,
        regions.veenkolonien_definitions,
        bounds._read,
    ]
    for function in cached:
        function.cache_clear()
    yield
    for function in cached:
        function.cache_clear()


def _build_fails(capsys, *expected: str) -> str:
    from avk_analysis import cli

    assert cli.main(["build"]) == 1  # a message, never a traceback
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, err
    return err


@pytest.mark.parametrize(
    "sidecar",
    ["snapshot/cbs/85618NED/2025-11-01/provenance.json", "reference/provenance.json"],
)
def test_an_invalid_provenance_file_is_named_with_what_to_do(
    project: Path, capsys, fresh_regions, sidecar: str
) -> None:
    (project / "data" / "raw" / sidecar).write_text('{"source": "CBS", ', encoding="utf-8")
    err = _build_fails(capsys, f"data/raw/{sidecar}", "beschadigd", "geen geldige JSON")
    assert "git checkout -- data/raw/" in err


def test_a_reference_table_replaced_by_another_file_is_named(
    project: Path, capsys, fresh_regions, tmp_path: Path
) -> None:
    from avk_analysis import cli

    reference = project / "data" / "raw" / "reference"
    (reference / "gemeenten.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    _build_fails(capsys, "data/raw/reference/gemeenten.csv", "git checkout -- data/raw/reference")
    delivery = tmp_path / "levering.csv"
    shipped = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    delivery.write_text("\n".join(shipped.read_text("utf-8-sig").splitlines()[:3]), "utf-8")
    assert cli.main(["validate", str(delivery)]) == 1
    err = capsys.readouterr().err
    assert "data/raw/reference/gemeenten.csv" in err and "Traceback" not in err


def test_a_damaged_reference_table_is_blamed_not_the_delivery(
    project: Path, capsys, fresh_regions
) -> None:
    table = project / "data" / "raw" / "reference" / "gemeenten.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join(line for line in lines if "GM0114" not in line) + "\n", "utf-8")
    err = _build_fails(capsys, "data/raw/reference/gemeenten.csv", "checksum")
    assert "gepubliceerde_cijfers.csv" not in err and len(err.splitlines()) <= 3


def test_a_reference_table_without_its_columns_is_named_even_with_a_matching_checksum(
    project: Path, fresh_regions
) -> None:
    from avk_analysis.vocabulary.provenance import (
        ProvenanceError,
        read_provenance,
        write_provenance,
    )

    reference = project / "data" / "raw" / "reference"
    (reference / "gemeenten.csv").write_text("code;naam\nGM0114;Emmen\n", encoding="utf-8")
    write_provenance(reference, read_provenance(reference))  # as if someone updated the sums
    with pytest.raises(ProvenanceError, match=r"gemeenten\.csv: de referentietabel mist"):
        regions.read_reference("gemeenten.csv")


def test_a_damaged_boundary_file_stops_the_build_by_its_raw_name(project: Path, capsys) -> None:
    shipped = project / "data" / "raw" / "grenzen" / "2025" / "gemeenten_2025.geojson"
    shipped.write_bytes(shipped.read_bytes()[: len(shipped.read_bytes()) // 2])
    err = _build_fails(capsys, "data/raw/grenzen/2025/gemeenten_2025.geojson")
    assert "data/processed" not in err and "git checkout -- data/raw/grenzen" in err
    assert not (project / "data" / "processed" / "build.json").exists()


# --- nothing skipped silently: formats and places the monitor does not read ----------------------
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("avk_programma_2025.xls", "het oude Excel-formaat (.xls) wordt niet gelezen"),
        ("avk_programma_2025.xlsm", "een werkmap met macro's (.xlsm) wordt niet gelezen"),
        ("programma 2025 definitief.xlsx", "de naam is niet avk_programma_<jaar>.xlsx"),
        ("avk_programma_2025.csv", "de monitor leest alleen Excel-werkmappen (.xlsx), geen .csv"),
    ],
)
def test_a_workbook_the_monitor_does_not_read_stops_the_build_by_name(
    project: Path, name: str, said: str
) -> None:
    example = (
        project / "data" / "raw" / "programma" / "voorbeeld" / "avk_programma_2025_voorbeeld.xlsx"
    )
    target = project / "data" / "raw" / "programma" / "2025" / name
    target.parent.mkdir(parents=True)
    target.write_bytes(example.read_bytes())
    with pytest.raises(build.BuildError) as err:
        build.build(log=lambda _m: None)
    assert f"data/raw/programma/2025/{name}: {said}" in str(err.value)
    assert not (project / "data" / "processed" / "indicatoren.parquet").exists()


def test_a_workbook_outside_the_folders_that_are_read_stops_the_build(project: Path) -> None:
    example = (
        project / "data" / "raw" / "programma" / "voorbeeld" / "avk_programma_2025_voorbeeld.xlsx"
    )
    (project / "data" / "raw" / "avk_programma_2025.xlsx").write_bytes(example.read_bytes())
    with pytest.raises(build.BuildError, match=r"data/raw/avk_programma_2025\.xlsx: een werkmap"):
        build.build(log=lambda _m: None)


@pytest.mark.parametrize("linked", ["programma/2025", "extra"])
def test_a_linked_folder_in_raw_is_refused_by_name(
    project: Path, tmp_path: Path, linked: str
) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    example = (
        project / "data" / "raw" / "programma" / "voorbeeld" / "avk_programma_2025_voorbeeld.xlsx"
    )
    (elsewhere / "avk_programma_2025.xlsx").write_bytes(example.read_bytes())
    link = project / "data" / "raw" / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(build.BuildError) as err:
        build.build(log=lambda _m: None)
    assert f"data/raw/{linked}: deze map is een koppeling (symbolische link)" in str(err.value)
