"""Building data/processed/ from the snapshot, the shipped figures and the example workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import build, load, regions
from avk_analysis.validation import InputError
from tests.conftest import make_project


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
    # CBS figures quoted from StatLine pages in the planning-office file are real and say so
    quoted = df[(df.bron == "CBS") & df.bron_url.str.startswith("https://www.cbs.nl/")]
    assert not quoted.empty and set(quoted.status) == {"echt"}
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
    from avk_analysis.provenance import ProvenanceError

    csv = project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    with pytest.raises(ProvenanceError, match="checksum"):
        build.build(log=lambda _m: None)


def test_missing_snapshot_is_a_clear_error(project: Path) -> None:
    shutil.rmtree(project / "data" / "raw" / "snapshot")
    with pytest.raises(build.BuildError, match="momentopname"):
        build.build(log=lambda _m: None)
