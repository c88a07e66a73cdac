"""The analysts' loader: strict about unknown values, forgiving about how they are written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import load
from avk_analysis.pipeline import processed
from avk_analysis.pipeline.processed import (
    BUILD_FILE,
    INDICATORS_FILE,
    REFERENCES_FILE,
    SOURCES_FILE,
)

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "raw" / "reference"
CBS_LICENCE = "CC BY 4.0 — bron: Centraal Bureau voor de Statistiek (CBS)"
DEMO_LICENCE = "Geen (synthetische demodata in de vorm van CBS StatLine; geen CBS-cijfers)"


def _row(indicator, code, name, level, year, value, *, bron="CBS", tabel="86202NED", status="demo"):
    return {
        "bron": bron,
        "tabel": tabel,
        "indicator": indicator,
        "regiocode": code,
        "regionaam": name,
        "regioniveau": level,
        "jaar": year,
        "waarde": value,
        "eenheid": "%",
        "definitie": "test",
        "status": status,
        "harmonisatie": "",
        "symbool": "",
        "bron_url": "" if bron == "CBS" else "https://example.org/spg",
        "onzeker": False,
    }


REGIONS = [
    ("GM0114", "Emmen", "gemeente"),
    ("GM0106", "Assen", "gemeente"),
    ("GM0014", "Groningen", "gemeente"),
    ("PV20", "Groningen (provincie)", "provincie"),
    ("NL01", "Nederland", "land"),
]


def _rows() -> list[dict]:
    rows = []
    for year, base in ((2021, 8.0), (2022, 9.0)):
        for n, (code, name, level) in enumerate(REGIONS):
            rows.append(_row("kinderen_laag_inkomen_pct", code, name, level, year, base + n / 10))
    # a real CBS table whose id also has a demo snapshot entry in bronnen.json
    rows.append(_row("hh_laag_inkomen_pct", "GM0114", "Emmen", "gemeente", 2022, 7.5,
                     tabel="85318NED", status="echt"))  # fmt: skip
    # one indicator from two planning offices: a table of it would mix sources
    spg = {"bron": "Sociaal Planbureau Groningen", "tabel": "CBS-microdata", "status": "echt"}
    td = {"bron": "Trendbureau Drenthe", "tabel": "CBS-microdata", "status": "echt"}
    rows.append(_row("jongvolwassenen_laag_inkomen_pct", "NL01", "Nederland", "land", 2014, 9.0,
                     **spg))  # fmt: skip
    rows.append(_row("jongvolwassenen_laag_inkomen_pct", "NL01", "Nederland", "land", 2016, 8.0,
                     **td))  # fmt: skip
    return rows


SOURCES = [
    {"soort": "cbs", "table_id": "86202NED", "status": "demo", "source": "CBS demo",
     "title": "LLI", "retrieved": "2025-11-01T00:00:00+00:00", "licence": DEMO_LICENCE,
     "url": "", "rijen": 10, "modified": "", "map": "snapshot", "notes": "demo"},
    {"soort": "cbs", "table_id": "85318NED", "status": "demo", "source": "CBS demo",
     "title": "KWB 2022", "retrieved": "2025-11-01T00:00:00+00:00", "licence": DEMO_LICENCE,
     "url": "", "rijen": 0, "modified": "", "map": "snapshot", "notes": "demo"},
    {"soort": "cbs", "table_id": "85318NED", "status": "echt", "source": "CBS StatLine",
     "title": "KWB 2022", "retrieved": "2026-03-12T09:30:00+00:00", "licence": CBS_LICENCE,
     "url": "", "rijen": 1, "modified": "", "map": "cbs", "notes": ""},
    {"soort": "planbureau", "table_id": "", "status": "echt", "source": "gepubliceerd",
     "title": "Gepubliceerde cijfers", "retrieved": "2026-02-03", "licence": "Geciteerd",
     "url": "", "rijen": 2, "modified": "", "map": "planbureaus", "notes": ""},
]  # fmt: skip


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch data/processed/ with a small indicator table, its sources and build record."""
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    shutil.copytree(REFERENCE, tmp_path / "data" / "raw" / "reference")  # gemeenten, herindelingen
    out = tmp_path / "data" / "processed"
    out.mkdir(parents=True)
    pd.DataFrame(_rows()).to_parquet(out / INDICATORS_FILE, index=False)
    pd.DataFrame(columns=["indicator"]).to_parquet(out / REFERENCES_FILE, index=False)
    (out / SOURCES_FILE).write_text(json.dumps(SOURCES), encoding="utf-8")
    record = {"checksums": processed.checksums()}
    (out / BUILD_FILE).write_text(json.dumps(record), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"indicator": "kinderen_laag_inkomen_pt"}, KeyError, "'kinderen_laag_inkomen_pct'"),
        ({"jaar": 2030}, ValueError, "Geen cijfers voor het jaar 2030"),
        ({"jaar": "twintig"}, ValueError, "geen jaartal"),
        ({"regio": "Emen"}, KeyError, "Bedoelt u 'Emmen'"),
        ({"regio": "Hoogezand-Sappemeer"}, KeyError, "Midden-Groningen (GM1952)"),
        ({"bron": "cbx"}, ValueError, "Bedoelt u 'CBS'"),
        ({"status": "real"}, ValueError, "Bedoelt u 'echt'"),
        ({"indicator": "personen_ww_uitkering"}, KeyError, "geen cijfers van in data/processed"),
    ],
)  # fmt: skip
def test_unknown_values_raise_in_dutch_with_a_suggestion(built, kwargs, error, words) -> None:
    with pytest.raises(error) as info:
        load.indicatoren(**kwargs)
    assert words in str(info.value)


def test_names_lower_case_codes_and_years_as_text_are_understood(built) -> None:
    by_code = load.indicatoren(indicator="kinderen_laag_inkomen_pct", regio="GM0114", jaar=2022)
    for regio, jaar in (("Emmen", "2022"), ("gm0114", 2022), (" emmen ", " 2022")):
        same = load.indicatoren(indicator="kinderen_laag_inkomen_pct", regio=regio, jaar=jaar)
        pd.testing.assert_frame_equal(same, by_code)
    assert len(by_code) == 1
    # a name of both a gemeente and a province means the gemeente; the province by its own name
    assert load.indicatoren(regio="Groningen", jaar=2021)["regiocode"].unique().tolist() == [
        "GM0014"
    ]
    assert set(load.indicatoren(regio=["Groningen (provincie)", "Nederland"])["regiocode"]) == {
        "PV20",
        "NL01",
    }
    assert set(load.indicatoren(bron="cbs")["bron"]) == {"CBS"}
    assert set(load.indicatoren(bron="SPG")["bron"]) == {"Sociaal Planbureau Groningen"}


def test_catalogus_lists_years_levels_sources_and_status_and_searches(built) -> None:
    cat = load.catalogus()
    row = cat.set_index("indicator").loc["kinderen_laag_inkomen_pct"]
    assert row["jaren"] == "2021–2022"
    assert row["niveaus"] == "gemeente, land, provincie"
    assert (row["bronnen"], row["status"], row["cijfers"]) == ("CBS", "demo", 10)
    assert cat.set_index("indicator").loc["personen_ww_uitkering", "status"] == "geen cijfers"
    found = load.catalogus("KINDEREN laag")
    assert "kinderen_laag_inkomen_pct" in set(found["indicator"])
    assert all(
        "kinderen" in (i + lab).lower() for i, lab in zip(found.indicator, found.label, strict=True)
    )
    assert load.catalogus("bestaat niet xyz").empty


def test_tabel_is_wide_with_one_value_per_cell_and_a_citation(built) -> None:
    wide = load.tabel("kinderen_laag_inkomen_pct")
    assert list(wide.columns) == [2021, 2022]
    assert list(wide.index) == ["Assen", "Emmen", "Groningen"]  # without regio: the gemeenten
    assert wide.loc["Emmen", 2022] == 9.0
    assert wide.attrs["status"] == "demo" and wide.attrs["eenheid"] == "%"
    citation = load.herkomst(wide)
    assert citation.startswith("Bron: DEMONSTRATIECIJFERS")
    assert "86202NED" in citation and "1 november 2025" in citation
    some = load.tabel("kinderen_laag_inkomen_pct", regio=["Emmen", "NL01"], jaar="2022")
    assert some.shape == (2, 1) and list(some.index) == ["Emmen", "Nederland"]


def test_real_figures_cite_their_own_retrieval_not_the_demo_entry_of_the_same_table(built) -> None:
    long = load.tabel("hh_laag_inkomen_pct", breed=False)
    (row,) = long.to_dict("records")
    assert row["status"] == "echt" and row["tabel"] == "85318NED"
    assert str(row["opgehaald"]) == "2026-03-12" and row["licentie"] == "CC BY 4.0"
    assert load.herkomst(long) == "Bron: CBS, tabel 85318NED, opgehaald 12 maart 2026, CC BY 4.0"
    assert load.herkomst(load.tabel("hh_laag_inkomen_pct")) == load.herkomst(long)


def test_tabel_refuses_to_mix_two_sources_and_says_how_to_choose(built) -> None:
    with pytest.raises(ValueError, match="mengt bronnen") as info:
        load.tabel("jongvolwassenen_laag_inkomen_pct")
    assert "Sociaal Planbureau Groningen (echt): 2014" in str(info.value)
    assert "bron=" in str(info.value)
    spg = load.tabel("jongvolwassenen_laag_inkomen_pct", bron="SPG")
    assert spg.loc["Nederland", 2014] == 9.0
    assert load.herkomst(spg).startswith("Bron: Sociaal Planbureau Groningen, op basis van")
    with pytest.raises(ValueError, match="Geen cijfers voor 'kinderen_laag_inkomen_pct'"):
        load.tabel("kinderen_laag_inkomen_pct", status="echt")


def test_herkomst_of_a_table_without_provenance_is_a_dutch_error() -> None:
    with pytest.raises(ValueError, match="geen herkomst"):
        load.herkomst(pd.DataFrame({"a": [1]}))


def test_dutch_dates() -> None:
    assert load.datum("2026-03-12T09:30:00+00:00") == "12 maart 2026"
    assert load.datum("") == ""


def test_bronnen_has_dutch_columns_and_dates(built) -> None:
    sources = load.bronnen()
    assert {"soort", "tabel", "titel", "status", "opgehaald", "licentie"} <= set(sources.columns)
    assert "table_id" not in sources.columns
    assert str(sources.loc[sources.status == "echt", "opgehaald"].iloc[0]) == "2026-03-12"
    assert "table_id" in load.bronnen_ruw().columns  # the stored form, for the report's pages


def test_loading_without_a_build_says_what_to_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    with pytest.raises(processed.ProcessedDataError, match="make build"):
        load.catalogus()
