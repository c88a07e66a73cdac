"""Delivering a microdata export (avk-monitor levering) and building with it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import cli, load
from avk_analysis.pipeline import build
from avk_analysis.sources.microdata import intake, tables
from avk_analysis.vocabulary.provenance import SIDECAR_NAME, read_provenance, verify
from tests.sources.microdata.conftest import Run

pytestmark = pytest.mark.xdist_group("microdata-intake")
DAY = dt.date(2026, 3, 2)
TD = "Trendbureau Drenthe"


@pytest.fixture
def delivery(ra_run: Run, tmp_path: Path) -> Path:
    """A copy of the script's export, as a planning office would mail it."""
    target = tmp_path / "levering" / ra_run.csv.name
    target.parent.mkdir()
    shutil.copyfile(ra_run.csv, target)
    return target


def test_an_export_is_taken_in_with_provenance_crediting_the_office(
    project: Path, delivery: Path
) -> None:
    result = intake.take_in(delivery, bron=TD, today=DAY)
    assert result.accepted, result.report.render()
    folder = project / "data" / "raw" / "microdata" / "trendbureau-drenthe" / DAY.isoformat()
    assert result.folder == folder
    assert (folder / delivery.name).read_bytes() == delivery.read_bytes()
    prov = verify(folder)
    assert prov.source == TD and prov.status == "echt"
    assert prov.files == {delivery.name: prov.files[delivery.name]}
    assert (
        "Bron: eigen berekeningen Trendbureau Drenthe op basis van niet-openbare microdata van het "
        "CBS." in prov.notes
    )
    assert "definitie 1" in prov.notes and "afgerond op 10" in prov.notes
    assert folder / delivery.name in intake.find_exports()
    # the same file again is refused; the folder of that day is never written twice
    again = intake.take_in(delivery, bron=TD, today=DAY)
    assert not again.accepted
    assert "al ingenomen" in again.report.render()


def test_an_export_needs_the_delivering_office(project: Path, delivery: Path) -> None:
    result = intake.take_in(delivery, bron=None, today=DAY)
    assert not result.accepted
    assert "--bron" in result.report.render()
    assert not (project / "data" / "raw" / "microdata" / "trendbureau-drenthe").exists()
    assert not intake.take_in(delivery, bron="voorbeeld", today=DAY).accepted


def test_a_broken_export_is_not_taken_in(project: Path, delivery: Path) -> None:
    text = delivery.read_text(encoding="utf-8").replace(";jv;;", ";jv;0;", 1)
    delivery.write_text(text, encoding="utf-8")
    before = sorted(p for p in (project / "data" / "raw").rglob("*"))
    result = intake.take_in(delivery, bron=TD, today=DAY)
    assert not result.accepted
    assert sorted(p for p in (project / "data" / "raw").rglob("*")) == before


def test_the_levering_command_recognises_an_export(project: Path, delivery: Path, capsys) -> None:
    status = cli.main(["levering", str(delivery), "--bron", TD])
    out = capsys.readouterr().out
    assert status == cli.EXIT_OK, out
    assert "Levering ingenomen: data/raw/microdata/trendbureau-drenthe/" in out
    assert f"Bron in de verantwoording: {TD} (status echt)" in out
    assert cli.main(["validate", str(delivery)]) == cli.EXIT_OK
    assert "0 fout(en)" in capsys.readouterr().out
    assert cli.main(["levering", str(delivery)]) == cli.EXIT_ERROR  # no --bron, already in


def test_a_loose_file_stops_the_build(project: Path, delivery: Path) -> None:
    loose = project / "data" / "raw" / "microdata" / delivery.name
    shutil.copyfile(delivery, loose)
    assert any("niet op de plek van een export" in p for p in intake.check_layout())
    with pytest.raises(build.BuildError, match="Microdata-exports staan niet waar ze horen"):
        build.find_inputs()


def test_a_changed_export_stops_the_build(project: Path, delivery: Path) -> None:
    result = intake.take_in(delivery, bron=TD, today=DAY)
    assert result.file is not None
    result.file.write_text(result.file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert any("gewijzigd na de inname" in p for p in intake.check_layout())


def test_the_build_puts_a_delivery_before_the_example(project: Path, delivery: Path) -> None:
    example = intake.find_exports()
    assert [p.parent.name for p in example] == ["voorbeeld"]
    result = build.build(force=True, log=lambda _m: None)
    cells = load.microdata()
    assert set(cells["status"]) == {"voorbeeld"}
    assert set(cells["bron"]) == {tables.EXAMPLE_SOURCE}
    assert result.statuses.get("voorbeeld", 0) > 0

    assert intake.take_in(delivery, bron=TD, today=DAY).accepted
    build.build(force=True, log=lambda _m: None)
    cells = load.microdata()
    # the delivery covers every cell of the example (same years and window): all delivered
    assert set(cells["status"]) == {"echt"}
    assert set(cells["bron"]) == {TD}
    assert set(cells["bronregel"]) == {intake.source_line(TD)}
    assert not cells.duplicated(tables.CELL).any()
    tidy = load.indicatoren(indicator="microdata_jongvolwassenen_laag_inkomen_pct")
    assert set(tidy["status"]) == {"echt"} and set(tidy["bron"]) == {TD}
    suppressed = tidy.loc[tidy["waarde"].isna()]
    assert len(suppressed) and set(suppressed["symbool"]) == {"x"}
    sources = json.loads((project / "data" / "processed" / "bronnen.json").read_text("utf-8"))
    micro = [s for s in sources if s["soort"] == "microdata"]
    assert {s["source"] for s in micro} == {TD, "Monitor generatiearmoede (synthetisch voorbeeld)"}


def test_a_newer_delivery_goes_before_an_older_one(project: Path, delivery: Path) -> None:
    assert intake.take_in(delivery, bron=TD, today=DAY).accepted
    lines = delivery.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    col = {name: i for i, name in enumerate(header)}
    i = next(
        k
        for k, ln in enumerate(lines)
        if ln.split(";")[col["regio_code"]] == "NL01"
        and ln.split(";")[col["maat"]] == "jv_langdurig"
    )
    cells = lines[i].split(";")
    cells[col["aantal"]] = str(int(cells[col["aantal"]]) + 10)
    lines[i] = ";".join(cells)
    newer = delivery.with_name("generatiearmoede_herzien.csv")
    newer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spg = "Sociaal Planbureau Groningen"
    assert intake.take_in(newer, bron=spg, today=DAY + dt.timedelta(days=1)).accepted
    combined = tables.combine(intake.find_exports())
    assert set(combined["bron"]) == {spg}  # the newer export has every cell
    row = combined.loc[
        (combined["regiocode"] == "NL01")
        & (combined["maat"] == "jv_langdurig")
        & (combined["jaar_van"] == int(cells[col["jaar_van"]]))
        & (combined["woonsituatie"] == cells[col["woonsituatie"]])
    ]
    assert row["aantal"].iloc[0] == int(cells[col["aantal"]])


def test_tidy_rows_compute_shares_from_the_delivered_counts(ra_run: Run) -> None:
    cells = tables.combine([])
    assert cells.empty and tables.tidy_rows(cells).empty
    frame = pd.DataFrame(
        {
            "jaar_van": 2023, "jaar_tot": 2023, "regiocode": ["GM0114"] * 3,
            "woonsituatie": "totaal", "ouder": "totaal", "maat": ["jv", "jv_laag", "jv_langdurig"],
            "aantal": pd.array([1230.0, 120.0, None], dtype="Float64"),
            "onderdrukt": [False, False, True], "afronding": 10, "definitie": "1",
            "status": "echt", "bron": TD, "bronregel": intake.source_line(TD), "map": "x",
            "bestand": "y",
        }
    )  # fmt: skip
    rows = tables.tidy_rows(frame).set_index("indicator")
    assert rows.loc["microdata_jongvolwassenen_laag_inkomen_pct", "waarde"] == pytest.approx(
        100 * 120 / 1230
    )
    assert pd.isna(rows.loc["microdata_jongvolwassenen_langdurig_laag_inkomen_pct", "waarde"])
    assert rows.loc["microdata_jongvolwassenen_langdurig_laag_inkomen_pct", "symbool"] == "x"
    assert (
        "niet-openbare microdata van het CBS"
        in rows.loc["microdata_jongvolwassenen_aantal", "definitie"]
    )
    assert tables.share(120.0, 1230.0, 10) == pytest.approx(9.756, abs=1e-3)
    assert pd.isna(tables.share(50.0, 90.0, 100))  # income rule: denominator under 100
    assert pd.isna(tables.share(None, 90.0, 10))


def test_the_sidecar_of_the_example_says_voorbeeld() -> None:
    folder = Path(__file__).resolve().parents[3] / "data" / "raw" / "microdata" / "voorbeeld"
    prov = read_provenance(folder)
    assert prov.status == "voorbeeld"
    assert (folder / SIDECAR_NAME).exists() and verify(folder)
