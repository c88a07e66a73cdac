"""Taking in planning-office deliveries (avk_analysis.sources.planning.intake) and where they go."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from avk_analysis import cli
from avk_analysis.sources.planning import intake, locations
from avk_analysis.vocabulary.provenance import SIDECAR_NAME, read_provenance, sha256_file, verify

HEADER = "bron;publicatie;bron_url;indicator;definitie;regiocode;jaar;waarde;eenheid;status;onzeker"
URL = "https://trendbureaudrenthe.nl/armoede/kinderen-in-armoede/"
DAY = dt.date(2026, 1, 15)


def _row(
    bron: str = "Trendbureau Drenthe",
    regio: str = "GM0114",
    waarde: str = "8,4",
    status: str = "echt",
) -> str:
    return (
        f"{bron};Kinderen in armoede;{URL};kinderen_laag_inkomen_pct;;{regio};2020;{waarde};%;"
        f"{status};nee"
    )


def _csv(tmp_path: Path, rows: list[str], name: str = "levering TD.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def base(project: Path) -> Path:
    return project / "data" / "raw" / "planbureaus"


def test_delivery_is_copied_verbatim_with_a_sidecar(
    tmp_path: Path, project: Path, base: Path
) -> None:
    source = _csv(tmp_path, [_row(), _row(regio="GM0109", waarde="7,8")])
    result = intake.take_in(source, today=DAY)
    assert result.accepted, result.report.render()
    folder = base / "trendbureau-drenthe" / "2026-01-15"
    assert result.folder == folder and result.file == folder / "levering TD.csv"
    assert result.file.read_bytes() == source.read_bytes()
    prov = verify(folder)  # checksums match
    assert prov.files == {"levering TD.csv": sha256_file(source)}
    assert prov.source == "Trendbureau Drenthe"
    assert prov.licence == "zoals vermeld door de bron; bron per rij in bron_url"
    assert prov.status == "echt"
    assert prov.retrieved == "2026-01-15"
    assert prov.url == URL
    assert "Kinderen in armoede" in prov.title
    assert "'levering TD.csv'" in prov.notes and sha256_file(source) in prov.notes
    assert locations.find_deliveries(project) == [
        base / "gepubliceerde_cijfers.csv",
        folder / "levering TD.csv",
    ]
    assert intake.check_layout(project) == []


def test_second_delivery_on_the_same_day_gets_a_suffix(tmp_path: Path, base: Path) -> None:
    first = intake.take_in(_csv(tmp_path, [_row()], "a.csv"), today=DAY)
    sidecar = (first.folder / SIDECAR_NAME).read_bytes()
    second = intake.take_in(_csv(tmp_path, [_row(waarde="8,5")], "a.csv"), today=DAY)
    third = intake.take_in(_csv(tmp_path, [_row(waarde="8,6")], "a.csv"), today=DAY)
    assert second.folder == base / "trendbureau-drenthe" / "2026-01-15-2"
    assert third.folder == base / "trendbureau-drenthe" / "2026-01-15-3"
    assert (first.folder / SIDECAR_NAME).read_bytes() == sidecar  # never overwritten
    assert "8,4" in (first.folder / "a.csv").read_text(encoding="utf-8")


def test_same_file_twice_is_refused(tmp_path: Path, base: Path) -> None:
    source = _csv(tmp_path, [_row()])
    assert intake.take_in(source, today=DAY).accepted
    again = intake.take_in(source, today=DAY + dt.timedelta(days=1))
    assert not again.accepted
    [f] = again.report.errors
    assert "al ingenomen" in f.message and "2026-01-15" in f.value
    assert not (base / "trendbureau-drenthe" / "2026-01-16").exists()


def test_delivery_with_errors_is_refused_and_nothing_is_written(tmp_path: Path, base: Path) -> None:
    before = sorted(p.relative_to(base) for p in base.rglob("*"))
    result = intake.take_in(_csv(tmp_path, [_row(regio="XX")]), today=DAY)
    assert not result.accepted
    assert "rij 2, kolom 'regiocode'" in result.report.render()
    assert sorted(p.relative_to(base) for p in base.rglob("*")) == before


def test_several_publishers_need_bron_and_each_is_credited(tmp_path: Path, base: Path) -> None:
    source = _csv(tmp_path, [_row(), _row(bron="Sociaal Planbureau Groningen", regio="GM0014")])
    refused = intake.take_in(source, today=DAY)
    assert not refused.accepted
    [f] = refused.report.errors
    assert "meer dan één bron" in f.message and "--bron" in f.message
    assert "Sociaal Planbureau Groningen" in f.value and "Trendbureau Drenthe" in f.value

    result = intake.take_in(source, bron="Trendbureau Drenthe", today=DAY)
    assert result.accepted
    assert result.folder.parent.name == "trendbureau-drenthe"
    prov = read_provenance(result.folder)
    assert "Sociaal Planbureau Groningen" in prov.source and "Trendbureau Drenthe" in prov.source
    assert "Sociaal Planbureau Groningen (1 cijfers)" in prov.notes


def test_mixed_statuses_are_refused(tmp_path: Path) -> None:
    source = _csv(tmp_path, [_row(), _row(regio="GM0109", status="demo")])
    result = intake.take_in(source, today=DAY)
    assert not result.accepted
    [f] = result.report.errors
    assert f.column == "status" and "demo (rij 3)" in f.value and "echt (rij 2)" in f.value


def test_slug() -> None:
    assert intake.slug("Trendbureau Drenthe") == "trendbureau-drenthe"
    assert intake.slug(" Sociaal Planbureau Groningen (SPG) ") == "sociaal-planbureau-groningen-spg"
    assert intake.slug("Veenkoloniën & Co") == "veenkolonien-co"


# --------------------------------------------------------------------------- layout


def test_loose_file_next_to_the_shipped_file_is_a_problem(project: Path, base: Path) -> None:
    (base / "nieuwe_cijfers.csv").write_text(HEADER + "\n" + _row() + "\n", encoding="utf-8")
    assert base / "nieuwe_cijfers.csv" not in locations.find_deliveries(project)
    [problem] = intake.check_layout(project)
    assert "data/raw/planbureaus/nieuwe_cijfers.csv" in problem
    assert "avk-monitor levering" in problem


def test_misplaced_and_changed_files_are_problems(
    tmp_path: Path, project: Path, base: Path
) -> None:
    result = intake.take_in(_csv(tmp_path, [_row()], "a.csv"), today=DAY)
    (base / "trendbureau-drenthe" / "los.csv").write_text("x", encoding="utf-8")
    (base / "spg" / "2026-02-01").mkdir(parents=True)
    (base / "spg" / "2026-02-01" / "b.xlsx").write_bytes(b"PK")
    (base / "~$a.xlsx").write_bytes(b"lock")  # Excel lock files are not data
    result.file.write_text("gewijzigd", encoding="utf-8")
    problems = intake.check_layout(project)
    assert len(problems) == 3, problems
    text = "\n".join(problems)
    assert "trendbureau-drenthe/2026-01-15/a.csv: het bestand is na de inname gewijzigd" in text
    assert "trendbureau-drenthe/los.csv" in text and "spg/2026-02-01/b.xlsx" in text


def test_missing_file_listed_in_a_sidecar_is_a_problem(tmp_path: Path, project: Path) -> None:
    result = intake.take_in(_csv(tmp_path, [_row()], "a.csv"), today=DAY)
    result.file.unlink()
    [problem] = intake.check_layout(project)
    assert "a.csv: staat in provenance.json maar ontbreekt" in problem
    assert locations.find_deliveries(project) == [
        project / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"
    ]


def test_shipped_layout_is_clean() -> None:
    repo = Path(__file__).resolve().parents[3]
    assert intake.check_layout(repo) == []
    assert [p.name for p in locations.find_deliveries(repo)] == ["gepubliceerde_cijfers.csv"]


# --------------------------------------------------------------------------- CLI


def test_cli_levering(tmp_path: Path, base: Path, capsys) -> None:
    source = _csv(tmp_path, [_row()])
    assert cli.main(["levering", str(source), "--bron", "Trendbureau Drenthe"]) == 0
    out = capsys.readouterr().out
    assert "Levering ingenomen: data/raw/planbureaus/trendbureau-drenthe/" in out
    assert "Bron in de verantwoording: Trendbureau Drenthe" in out
    [sidecar] = base.glob("trendbureau-drenthe/*/provenance.json")
    assert json.loads(sidecar.read_text(encoding="utf-8"))["status"] == "echt"

    bad = _csv(tmp_path, [_row(waarde="0,052"), _row(regio="GM0109", waarde="0,06")], "b.csv")
    assert cli.main(["levering", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "lijkt een fractie (0,052 = 5,2 %?)" in captured.out
    assert "NIET ingenomen" in captured.out and "Traceback" not in captured.out + captured.err
    assert cli.main(["levering", str(tmp_path / "bestaat_niet.csv")]) == 1


@pytest.mark.parametrize("bron", ["..", ".", "---", "統計局"])
def test_a_publisher_name_that_gives_no_folder_is_refused_before_anything_is_written(
    tmp_path: Path, project: Path, base: Path, bron: str
) -> None:
    before = sorted(base.rglob("*"))
    source = _csv(tmp_path, [_row(bron=bron)])
    result = intake.take_in(source, today=DAY)
    assert not result.accepted
    (error,) = result.report.errors
    assert error.column == "bron" and error.value == bron and "map" in error.message
    assert sorted(base.rglob("*")) == before  # nothing written, so nothing to get stuck on
    assert intake.check_layout(project) == []
    named = intake.take_in(source, bron="Trendbureau Drenthe", today=DAY)
    assert named.accepted and named.folder == base / "trendbureau-drenthe" / "2026-01-15"


def test_an_excel_lock_file_name_is_refused(tmp_path: Path, base: Path) -> None:
    before = sorted(base.rglob("*"))
    result = intake.take_in(_csv(tmp_path, [_row()], "~$levering.csv"), today=DAY)
    assert not result.accepted
    assert "vergrendelbestand" in result.report.render()
    assert sorted(base.rglob("*")) == before


def test_levering_warns_about_personal_data_and_says_where(
    tmp_path: Path, base: Path, capsys
) -> None:
    source = _csv(tmp_path, [_row().replace("Kinderen in armoede", "Vragen: j.bakker@td.nl")])
    assert cli.main(["levering", str(source)]) == 0
    out = capsys.readouterr().out
    assert "rij 2, kolom 'publicatie'" in out and "persoonsgegeven (een e-mailadres)" in out
