"""The online refresh against CBS-shaped answers: GeoDetail regions, Key filters, 404s,
reference years from the metadata, and ``avk-monitor data`` against a fake CBS."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from avk_analysis import cli, paths, pdok
from avk_analysis.cbs import download, metadata, parse, tables
from avk_analysis.cbs.client import CbsClient, CbsMissingMeasure, CbsNotFound

from .fakecbs import (
    KWB_VALUES,
    FakeCbs,
    kwb_dimension,
    kwb_rows,
    load_properties,
    serve_kwb,
    serve_table,
    write_raw_dir,
)

KWB23, KWB24, KWB25, LLI23 = "85618NED", "85984NED", "86165NED", "85678NED"
DAY = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


# --- GeoDetail and the Key filter ---------------------------------------------------------------
def test_geodetail_is_a_region_dimension() -> None:
    props = load_properties("kwb2024_geodetail_DataProperties")
    assert metadata.geo_dimension(KWB24, props) == "WijkenEnBuurten"
    assert "WijkenEnBuurten" in [p["Key"] for p in metadata.dimensions(props)]


def test_fake_refuses_a_dimension_filter_on_the_dimension_name(fake_cbs: FakeCbs) -> None:
    serve_kwb(fake_cbs, KWB24, "kwb2024_geodetail_DataProperties")
    url = f"{fake_cbs.base_url}/ODataApi/odata/{KWB24}/WijkenEnBuurten"
    bad = requests.get(url, params={"$filter": "startswith(WijkenEnBuurten,'GM')"}, timeout=5)
    assert bad.status_code == 400
    assert "WijkenEnBuurten" in bad.json()["odata.error"]["message"]["value"]
    good = requests.get(url, params={"$filter": "startswith(Key,'GM')"}, timeout=5)
    assert good.status_code == 200
    assert {r["Key"].strip() for r in good.json()["value"]} == {"GM0014", "GM0363"}


def test_geodetail_kwb_downloads_and_parses(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path, avk_root: Path
) -> None:
    serve_kwb(fake_cbs, KWB24, "kwb2024_geodetail_DataProperties")
    target = download.download_table(KWB24, client, tmp_path, now=DAY)
    assert sorted(p.name for p in target.glob("WijkenEnBuurten_*.json"))
    data_filters = [q["$filter"] for p, q in fake_cbs.requests if p.endswith("UntypedDataSet")]
    assert data_filters and all("startswith(WijkenEnBuurten," in f for f in data_filters)
    # $select-style dimension listing includes the GeoDetail dimension
    from avk_analysis.cbs.client import dimension_keys

    assert dimension_keys(load_properties("kwb2024_geodetail_DataProperties")) == [
        "WijkenEnBuurten"
    ]
    df = parse.parse_table_dir(target)
    assert set(df["regiocode"]) == {"NL01", "GM0014", "WK001401"}
    armoede = df[(df["indicator"] == "personen_in_armoede_pct") & (df["regiocode"] == "GM0014")]
    assert armoede["jaar"].tolist() == [2022]  # income year from the metadata, not 2024
    assert (
        "Inkomensjaar 2022 volgens de CBS-metadata van tabel 85984NED"
        in (armoede["definitie"].iloc[0])
    )
    inw = df[(df["indicator"] == "inwoners") & (df["regiocode"] == "GM0014")].iloc[0]
    assert inw["jaar"] == 2024 and "Peildatum 1 januari 2024" in inw["definitie"]
    hh = df[(df["indicator"] == "huishoudens") & (df["regiocode"] == "GM0014")].iloc[0]
    assert hh["jaar"] == 2024 and "geen verslagjaar of peildatum" in hh["definitie"]


def test_get_data_selects_the_geodetail_dimension(fake_cbs: FakeCbs, client: CbsClient) -> None:
    props = load_properties("kwb2024_geodetail_DataProperties")
    serve_table(
        fake_cbs,
        KWB24,
        properties=props,
        rows=kwb_rows(props, KWB_VALUES),
        dimensions={"WijkenEnBuurten": kwb_dimension(KWB_VALUES)},
        geo="WijkenEnBuurten",
    )
    df = client.get_data(KWB24, measures=["AantalInwoners_5"])
    feed = next(q for p, q in fake_cbs.requests if p.endswith("UntypedDataSet"))
    assert feed["$select"] == "WijkenEnBuurten,AantalInwoners_5"
    assert set(df["WijkenEnBuurten"]) >= {"GM0014", "NL00"}


# --- 404 in the middle of a refresh ----------------------------------------------------------
def test_404_in_the_middle_does_not_stop_the_refresh(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path
) -> None:
    serve_kwb(fake_cbs, KWB23, "kwb2023_DataProperties", modified="2025-05-20T02:00:00")
    # KWB25 is not served: the fake answers 404, like CBS for a table it has not published
    serve_kwb(fake_cbs, KWB24, "kwb2024_geodetail_DataProperties", modified="2025-05-21T02:00:00")
    results = download.refresh([KWB23, KWB25, KWB24], client, tmp_path, now=DAY)
    assert [(r.table_id, r.outcome) for r in results] == [
        (KWB23, "nieuw"),
        (KWB25, "niet gevonden"),
        (KWB24, "nieuw"),
    ]
    assert f"/ODataFeed/odata/{KWB24}/UntypedDataSet" in fake_cbs.paths()  # tried after the 404
    missing = results[1]
    assert "HTTP 404" in missing.reason and "niet bereikbaar" not in missing.reason
    assert missing.path is None and missing.rows is None
    assert results[2].rows == 3 and results[2].modified == "2025-05-21T02:00:00"

    written = json.loads((tmp_path / "verversing.json").read_text(encoding="utf-8"))
    assert written["versie"] == 1 and written["tijdstip"] == "2025-06-01T09:30:00+00:00"
    assert written["bron"] == fake_cbs.base_url
    assert written["tabellen"][1] == {
        "tabel": KWB25,
        "uitkomst": "niet gevonden",
        "reden": missing.reason,
        "map": None,
        "cbs_gewijzigd": "",
        "rijen": None,
    }
    assert written["tabellen"][0]["map"].endswith(f"{KWB23}/2025-06-01")
    # deterministic: the same results give the same bytes
    before = (tmp_path / "verversing.json").read_bytes()
    download.write_refresh(results, tmp_path, when=DAY, source=fake_cbs.base_url)
    assert (tmp_path / "verversing.json").read_bytes() == before

    last = download.last_refresh(tmp_path)
    assert [r["uitkomst"] for r in last] == ["nieuw", "niet gevonden", "nieuw"]
    assert all(r["tijdstip"] == "2025-06-01T09:30:00+00:00" for r in last)
    assert download.last_refresh(tmp_path / "leeg") is None


def test_404_is_its_own_error_class(fake_cbs: FakeCbs, client: CbsClient) -> None:
    with pytest.raises(CbsNotFound, match="niet gevonden"):
        client.table_infos("99999NED")
    assert len(fake_cbs.requests) == 1  # not retried


def test_other_failures_are_fout_and_do_not_stop(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path
) -> None:
    from .fakecbs import Reply

    serve_kwb(fake_cbs, KWB23, "kwb2023_DataProperties")
    fake_cbs.add(f"/ODataApi/odata/{KWB24}/TableInfos", Reply(b"storing", 503))
    results = download.refresh([KWB24, KWB23], client, tmp_path, now=DAY)
    assert [r.outcome for r in results] == ["fout", "nieuw"]
    assert "HTTP 503" in results[0].reason


# --- categories by key, title as a tolerant fallback --------------------------------------------
DUUR = [
    {"Key": "D1      ", "Title": "Ten minste 1 jaar"},
    {"Key": "D4      ", "Title": "Ten minste 4 jaar (langdurig)"},
]


def test_category_by_key_even_when_the_title_changed() -> None:
    cats = [
        {"Key": "1050010 ", "Title": "Particuliere huishoudens, totaal"},
        {"Key": "1050085 ", "Title": "Totaal particuliere huishoudens met kinderen"},
    ]
    key = metadata.category_key("T", "KenmerkenVanHuishoudens", cats, "Totaal x", ("1050010",))
    assert key == "1050010"


def test_title_fallback_tolerates_additions() -> None:
    assert metadata.category_key("T", "Duur", DUUR, "Ten minste 4 jaar") == "D4"
    assert metadata.category_key("T", "Duur", DUUR, "Ten minste 1 jaar") == "D1"  # exact wins


def test_title_fallback_never_guesses_between_two() -> None:
    cats = [*DUUR, {"Key": "D4b", "Title": "Ten minste 4 jaar, waarvan 4 jaar"}]
    with pytest.raises(CbsMissingMeasure, match="niet eenduidig") as err:
        metadata.category_key("85678NED", "DuurInkomenspositie", cats, "Ten minste 4 jaar")
    assert "D4=" in str(err.value) and "D4b=" in str(err.value)


def test_missing_category_names_table_dimension_and_found_keys() -> None:
    with pytest.raises(CbsMissingMeasure) as err:
        metadata.category_key("85678NED", "DuurInkomenspositie", DUUR, "Ten minste 8 jaar", ("X9",))
    text = str(err.value)
    assert "85678NED" in text and "DuurInkomenspositie" in text and "X9" in text
    assert "D1='Ten minste 1 jaar'" in text and "D4='Ten minste 4 jaar (langdurig)'" in text


def test_lli_parses_with_changed_titles(tmp_path: Path) -> None:
    from .test_parse import lli_dir

    directory = lli_dir(tmp_path, LLI23, [2022])
    for name, old, new in (
        ("DuurInkomenspositie.json", "Ten minste 4 jaar", "Ten minste 4 jaar (langdurig)"),
        ("KenmerkenHuishoudens.json", "Totaal particuliere huishoudens", "Particuliere hh"),
    ):
        file = directory / name
        data = json.loads(file.read_text())
        for cat in data["value"]:
            if cat["Title"] == old:
                cat["Title"] = new
                if name.startswith("Kenmerken"):
                    cat["Key"] = "1050010 "  # found by its CBS key, whatever the title
        file.write_text(json.dumps(data))
    rows = parse.read_entity(directory, "UntypedDataSet")
    for row in rows:
        if row["KenmerkenHuishoudens"].strip() == "T001139":
            row["KenmerkenHuishoudens"] = "1050010 "
    for page in sorted(directory.glob("UntypedDataSet_*.json")):
        page.unlink()
    (directory / "UntypedDataSet_001.json").write_text(json.dumps({"value": rows}))
    from avk_analysis.provenance import read_provenance, write_provenance

    write_provenance(directory, read_provenance(directory))
    df = parse.parse_table_dir(directory)
    lang = df[(df["indicator"] == "hh_langdurig_laag_inkomen_pct") & (df["regiocode"] == "NL01")]
    assert lang["waarde"].tolist() == [3.2]
    assert (df["waarde"] != 99.9).all()


def test_registry_records_the_found_keys() -> None:
    assert tables.LLI_KEYS_TOTAAL_HUISHOUDENS == ("1050010",)
    assert tables.LLI_DIM_KEYS_DUUR == ("DuurInkomenspositie",)


# --- reference years from CBS metadata texts ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "edition", "expected"),
    [
        ("Het gaat om inkomensgegevens over 2020, weergegeven naar de wijkindeling van 2023.",
         2023, (2020, "inkomensjaar")),
        ("Gemiddeld inkomen per inwoner; inkomen over 2021 (voorlopige cijfers).", 2023,
         (2021, "inkomensjaar")),
        ("Verslagjaar: 2021", 2023, (2021, "verslagjaar")),
        ("De cijfers hebben betrekking op 2022.", 2024, (2022, "verslagjaar")),
        ("Het aantal inwoners op 1 januari 2024.", 2024, (2024, "peildatum")),
        ("Peildatum: 1 januari 2023", 2023, (2023, "peildatum")),
        ("Stand per 1 januari 2026", 2024, None),  # after the edition: not a reference year
        ("De bevolking van Nederland op 1 januari van het verslagjaar met het inkomen over het "
         "verslagjaar.", 2024, None),  # CBS's 85984NED explanation: no year stated
        ("", 2024, None),
    ],
)  # fmt: skip
def test_year_in_text_reads_cbs_phrasings(
    text: str, edition: int, expected: tuple[int, str] | None
) -> None:
    assert metadata.year_in_text(text, edition) == expected


def test_reference_year_uses_topic_group_and_table_explanation() -> None:
    props = [
        {"ID": 1, "ParentID": None, "Type": "TopicGroup", "Title": "Inkomen", "Description": None},
        {"ID": 2, "ParentID": 1, "Type": "Topic", "Key": "X_2", "Title": "X", "Description": ""},
    ]
    infos = {
        "Identifier": KWB23,
        "Description": "Bevolking\nHet aantal inwoners op 1 januari 2023.\n\nInkomen\n"
        "De cijfers over inkomen hebben betrekking op 2021.\n",
    }
    year, text = metadata.reference_year(props[1], infos, 2023, properties=props)
    assert year == 2021
    assert text.startswith("Verslagjaar 2021 volgens de CBS-metadata van tabel 85618NED (KWB 2023)")
    assert "'Inkomen'" in text
    props[0]["Description"] = "Het gaat om inkomensgegevens over 2020."
    assert metadata.reference_year(props[1], infos, 2023, properties=props)[0] == 2020


def test_reference_year_missing_keeps_edition_year_and_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    prop = {"Key": "HuishoudensTotaal_29", "Title": "Huishoudens totaal", "Description": ""}
    infos = {"Identifier": KWB24, "Description": "Bevolking\nStand op 1 januari 2024.\n"}
    with caplog.at_level(logging.WARNING):
        year, text = metadata.reference_year(
            prop | {"ParentID": 9}, infos, 2024, properties=[{"ID": 9, "Title": "Huishoudens"}]
        )
    assert year == 2024 and "geen verslagjaar of peildatum" in text and KWB24 in text
    assert any("HuishoudensTotaal_29" in r.getMessage() for r in caplog.records)


def test_two_kwb_editions_with_one_income_year_keep_the_newer(
    tmp_path: Path, avk_root: Path
) -> None:
    props = load_properties("kwb2024_geodetail_DataProperties")
    for table_id in (KWB24, KWB25):
        write_raw_dir(
            paths.cbs_raw_dir() / table_id / "2025-01-01",
            table_id,
            properties=props,
            rows=kwb_rows(props, KWB_VALUES),
            dimensions={"WijkenEnBuurten": kwb_dimension(KWB_VALUES)},
        )
    df = parse.load_all()
    cell = df[(df["indicator"] == "personen_in_armoede_pct") & (df["regiocode"] == "GM0014")]
    assert cell["jaar"].tolist() == [2022] and cell["tabel"].tolist() == [KWB25]


# --- avk-monitor data ---------------------------------------------------------------------------
@pytest.fixture
def pdok_ok(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """Replace the PDOK download (another engineer's module) by a recorder."""
    calls: list[tuple[int, str]] = []

    def fake(year: int, layer: str, *, force: bool = False) -> Path:
        calls.append((year, layer))
        return Path(f"/tmp/{layer}_{year}.geojson")

    monkeypatch.setattr(pdok, "download_boundaries", fake)
    return calls


def test_cmd_data_summarises_every_table_and_fails_on_404(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    serve_kwb(fake_cbs, KWB23, "kwb2023_DataProperties")
    assert cli.main(["data"]) == 1
    out = capsys.readouterr().out
    assert f"{KWB23}: nieuw" in out
    assert f"{KWB24}: niet gevonden" in out and "niet bereikbaar" not in out
    assert "1 nieuw, 0 ongewijzigd, 12 niet gevonden, 0 fout" in out
    # tried after CBS failures
    assert pdok_ok == [(2025, "gemeente"), (2025, "provincie"), (2025, "wijk")]
    assert "gemeente 2025: opgeslagen" in out and "Traceback" not in out
    record = download.last_refresh()
    assert record is not None and len(record) == 13


def test_cmd_data_only_given_tables_exit_0(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    serve_kwb(fake_cbs, KWB23, "kwb2023_DataProperties")
    assert cli.main(["data", "--tabel", KWB23]) == 0
    out = capsys.readouterr().out
    assert f"{KWB23}: nieuw" in out and KWB24 not in out and "Klaar" in out
    assert cli.main(["data", "--tabel", KWB23.lower()]) == 0  # unchanged now
    assert f"{KWB23}: ongewijzigd" in capsys.readouterr().out
    assert [p for p in fake_cbs.paths() if KWB24 in p] == []


def test_cmd_data_unknown_table_suggests(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    assert cli.main(["data", "--tabel", "85618NEX"]) == 1
    err = capsys.readouterr().err
    assert "Onbekende CBS-tabel '85618NEX'" in err and "Bedoelt u 85618NED" in err
    assert fake_cbs.requests == []


def test_cmd_data_reports_pdok_failure_per_layer(
    fake_cbs: FakeCbs,
    avk_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    for table_id in tables.table_ids():
        serve_kwb(fake_cbs, table_id, "kwb2023_DataProperties")  # shape is irrelevant here

    def fake(year: int, layer: str, *, force: bool = False) -> Path:
        if layer == "provincie":
            raise pdok.BoundariesUnavailable("PDOK gaf HTTP 503")
        return Path("/tmp/x.geojson")

    monkeypatch.setattr(pdok, "download_boundaries", fake)
    assert cli.main(["data"]) == 1
    out = capsys.readouterr().out
    assert "13 nieuw" in out
    assert "gemeente 2025: opgeslagen" in out and "provincie 2025: fout (PDOK gaf HTTP 503)" in out
    assert "Traceback" not in out


# --- build probe --------------------------------------------------------------------------------
def test_build_probe_404_is_not_no_connection(
    fake_cbs: FakeCbs, avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avk_analysis import build

    monkeypatch.setattr(build, "_boundaries_once", lambda log: None)
    serve_kwb(fake_cbs, KWB23, "kwb2023_DataProperties")
    messages: list[str] = []
    mode = build._refresh_online(messages.append)
    text = "\n".join(messages)
    assert mode == "online"
    assert "geen verbinding" not in text and "bereikbaar (proeftabel" in text
    assert f"{KWB23}: nieuw" in text and f"{KWB24}: niet gevonden" in text


def test_build_probe_without_network_says_so(
    avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avk_analysis import build, config

    monkeypatch.setenv(config.CBS_BASE_URL_ENV, "http://127.0.0.1:9")
    messages: list[str] = []
    assert build._refresh_online(messages.append) == "offline"
    assert "niet bereikbaar" in "\n".join(messages)
