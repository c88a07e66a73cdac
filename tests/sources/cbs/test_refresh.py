"""The online refresh against CBS's real answers: GeoDetail regions, Key filters, 404s,
reference years from the metadata, changed layouts, and ``avk-monitor data`` against a fake CBS.

The served tables are CBS's own answers (``recorded.py``); ``KWB_VALUES`` are labelled test
values in CBS's real shapes.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from avk_analysis import cli
from avk_analysis.sources import pdok
from avk_analysis.sources.cbs import download, metadata, parse, tables
from avk_analysis.sources.cbs.client import CbsClient, CbsMissingMeasure, CbsNotFound

from .fakecbs import KWB_VALUES, FakeCbs, kwb_dimension, kwb_rows, serve_kwb, serve_table
from .recorded import kwb2024_properties, serve_recorded, table, v4_codes

KWB23, KWB24, KWB25, LLI23, LLI24 = "85618NED", "85984NED", "86165NED", "85678NED", "86006NED"
DAY = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


# --- GeoDetail and the Key filter ---------------------------------------------------------------
def test_geodetail_is_a_region_dimension() -> None:
    props = kwb2024_properties()  # CBS: "odata.type": "Cbs.OData.GeoDetail", "MapYear": 2024
    assert metadata.geo_dimension(KWB24, props) == "WijkenEnBuurten"
    assert "WijkenEnBuurten" in [p["Key"] for p in metadata.dimensions(props)]


def test_fake_refuses_a_dimension_filter_on_the_dimension_name(fake_cbs: FakeCbs) -> None:
    serve_kwb(fake_cbs, KWB24)
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
    serve_recorded(fake_cbs, KWB24, "later")
    target = download.download_table(KWB24, client, tmp_path, now=DAY)
    assert sorted(p.name for p in target.glob("WijkenEnBuurten_*.json"))
    data_filters = [q["$filter"] for p, q in fake_cbs.requests if p.endswith("UntypedDataSet")]
    assert data_filters and all("startswith(WijkenEnBuurten," in f for f in data_filters)
    from avk_analysis.sources.cbs.client import dimension_keys

    assert dimension_keys(kwb2024_properties()) == ["WijkenEnBuurten"]
    df = parse.parse_table_dir(target)
    assert {"NL01", "GM0114", "GM0014"} <= set(df["regiocode"])
    armoede = df[(df["indicator"] == "personen_in_armoede_pct") & (df["regiocode"] == "GM0114")]
    assert armoede["jaar"].tolist() == [2024]  # income over the verslagjaar (= edition year)
    text = armoede["definitie"].iloc[0]
    assert "Inkomensjaar 2024" in text and "inkomen over het verslagjaar" in text
    inw = df[(df["indicator"] == "inwoners") & (df["regiocode"] == "GM0114")].iloc[0]
    assert inw["jaar"] == 2024 and "Peildatum 1 januari 2024" in inw["definitie"]
    assert inw["waarde"] == 109346  # CBS's figure for Emmen
    hh = df[(df["indicator"] == "huishoudens") & (df["regiocode"] == "GM0114")].iloc[0]
    assert hh["jaar"] == 2024 and "'op 1 januari'" in hh["definitie"]


def test_get_data_selects_the_geodetail_dimension(fake_cbs: FakeCbs, client: CbsClient) -> None:
    props = kwb2024_properties()
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
    serve_kwb(fake_cbs, KWB23, modified="2025-05-20T02:00:00")
    # KWB25 is not served: the fake answers 404, like CBS for a table it has not published
    serve_kwb(fake_cbs, KWB24, "later", modified="2025-05-21T02:00:00")
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

    serve_kwb(fake_cbs, KWB23)
    fake_cbs.add(f"/ODataApi/odata/{KWB24}/TableInfos", Reply(b"storing", 503))
    results = download.refresh([KWB24, KWB23], client, tmp_path, now=DAY)
    assert [r.outcome for r in results] == ["fout", "nieuw"]
    assert "HTTP 503" in results[0].reason


# --- categories by key, title as a tolerant fallback --------------------------------------------
def _duur(**changes: str) -> list[dict]:
    """CBS's real DuurInkomenspositie categories, with the titles in ``changes`` replaced."""
    cats = [dict(c) for c in v4_codes("DuurInkomenspositie")]
    for cat in cats:
        cat["Title"] = changes.get(cat["Key"], cat["Title"])
    return cats


def test_title_fallback_tolerates_additions() -> None:
    cats = _duur(A028724="Vier jaar of langer (langdurig)")
    for cat in cats:
        cat["Key"] = cat["Key"].replace("A0287", "B0287")  # CBS re-coded both categories
    assert metadata.category_key("T", "Duur", cats, "Vier jaar of langer") == "B028724"
    assert metadata.category_key("T", "Duur", cats, "Ten minste 1 jaar") == "B028721"


def test_title_fallback_never_guesses_between_two() -> None:
    cats = [*_duur(), {"Key": "A028725", "Title": "Vier jaar of langer, waarvan 4 jaar"}]
    cats[1]["Title"] = "Vier jaar of langer, totaal"
    cats[1]["Key"] = "A099999"
    with pytest.raises(CbsMissingMeasure, match="niet eenduidig") as err:
        metadata.category_key(
            LLI23, "DuurInkomenspositie", cats, "Vier jaar of langer", ("A028724",)
        )
    assert "A099999=" in str(err.value) and "A028725=" in str(err.value)


def test_missing_category_names_table_dimension_and_found_keys() -> None:
    with pytest.raises(CbsMissingMeasure) as err:
        metadata.category_key(LLI23, "DuurInkomenspositie", _duur(), "Acht jaar", ("X9",))
    text = str(err.value)
    assert LLI23 in text and "DuurInkomenspositie" in text and "X9" in text
    assert "A028721='Ten minste 1 jaar'" in text and "A028724='Vier jaar of langer'" in text


def test_lli_parses_with_changed_titles_by_key(tmp_path: Path, avk_root: Path) -> None:
    from .recorded import store_recorded

    parts = table(LLI24)
    dims = {k: [dict(c) for c in v] for k, v in parts["dimensions"].items()}
    for cat in dims["DuurInkomenspositie"]:
        if cat["Key"] == "A028724":
            cat["Title"] = "Langdurig: vier jaar of langer"
    for cat in dims["KenmerkenVanHuishoudens"]:
        if cat["Key"] == "1050010":
            cat["Title"] = "Particuliere huishoudens, totaal"
    with metadata.collect_fallbacks() as fallbacks:
        df = parse.parse_table_dir(store_recorded(tmp_path, LLI24, dimensions=dims))
    assert fallbacks == []  # found by CBS key, whatever the title
    lang = df[(df["indicator"] == "kinderen_langdurig_laag_inkomen_pct") & (df["jaar"] == 2023)]
    assert lang["waarde"].notna().all() and len(lang) > 20


def test_registry_records_the_real_keys() -> None:
    assert tables.LLI_KEYS_TOTAAL_HUISHOUDENS == ("1050010",)
    assert tables.LLI_KEYS_LAGE_INKOMENSGRENS == ("1050290",)
    assert tables.LLI_KEYS_TEN_MINSTE_1_JAAR == ("A028721",)
    assert tables.LLI_KEYS_VIER_JAAR_OF_LANGER == ("A028724",)
    assert tables.LLI_DIM_KEYS_DUUR == ("DuurInkomenspositie",)
    codes = {c["Key"]: c["Title"] for c in v4_codes("InkomensgrensHuishouden")}
    assert codes["1050290"] == tables.LLI_LAGE_INKOMENSGRENS
    kenmerken = {c["Key"]: c["Title"] for c in v4_codes("KenmerkenVanHuishoudens")}
    assert kenmerken["1050010"] == tables.LLI_TOTAAL_HUISHOUDENS


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
         "verslagjaar.", 2024, None),  # CBS's 85984NED explanation: no year stated (a rule)
        ("", 2024, None),
    ],
)  # fmt: skip
def test_year_in_text_reads_cbs_phrasings(
    text: str, edition: int, expected: tuple[int, str] | None
) -> None:
    assert metadata.year_in_text(text, edition) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("... met als populatie de bevolking van Nederland op 1 januari van het verslagjaar met "
         "het inkomen over het verslagjaar.", "inkomensjaar"),
        ("De bevolking van Nederland op 1 januari.", "peildatum"),
        ("Betreft de huishoudens op 1 januari. ", "peildatum"),
        ("De cijfers zijn standcijfers op de laatste dag van verslagmaand december.",
         "stand_december"),
        ("Het aantal personen die op 1 oktober (jaar T) tussen de 15 en 75 jaar oud waren",
         "peildatum_oktober"),
        ("Het betreft voorlopige cijfers.", None),
        ("op 1 januari 2023", None),  # a named year is year_in_text's, not a rule
    ],
)  # fmt: skip
def test_rule_in_text_reads_cbs_rules_without_a_year(text: str, expected: str | None) -> None:
    found = metadata.rule_in_text(text)
    assert (found[0] if found else None) == expected


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
    assert year == 2024 and "geen jaar of peildatum" in text and KWB24 in text
    assert "eerder jaar" not in text  # the old, wrong sentence
    assert "inkomenscijfers over het verslagjaar" in text
    assert any("HuishoudensTotaal_29" in r.getMessage() for r in caplog.records)


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
    serve_kwb(fake_cbs, KWB23)
    assert cli.main(["data"]) == 1
    out = capsys.readouterr().out
    assert f"{KWB23}: nieuw" in out
    assert f"{KWB24}: niet gevonden" in out and "niet bereikbaar" not in out
    assert "1 nieuw, 0 ongewijzigd, 13 niet gevonden, 0 fout" in out
    # tried after CBS failures
    assert pdok_ok == [(2025, "gemeente"), (2025, "provincie"), (2025, "wijk")]
    assert "gemeente 2025: opgeslagen" in out and "Traceback" not in out
    record = download.last_refresh()
    assert record is not None and len(record) == 14


def test_cmd_data_only_given_tables_exit_0(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    serve_kwb(fake_cbs, KWB23)
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
        serve_kwb(fake_cbs, table_id)  # shape is irrelevant here

    def fake(year: int, layer: str, *, force: bool = False) -> Path:
        if layer == "provincie":
            raise pdok.BoundariesUnavailable("PDOK gaf HTTP 503")
        return Path("/tmp/x.geojson")

    monkeypatch.setattr(pdok, "download_boundaries", fake)
    assert cli.main(["data"]) == 1
    out = capsys.readouterr().out
    assert "14 nieuw" in out
    assert "gemeente 2025: opgeslagen" in out and "provincie 2025: fout (PDOK gaf HTTP 503)" in out
    assert "Traceback" not in out


# --- build probe --------------------------------------------------------------------------------
def test_build_probe_404_is_not_no_connection(
    fake_cbs: FakeCbs, avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avk_analysis.pipeline import build

    monkeypatch.setattr(build, "_boundaries_once", lambda log: None)
    serve_kwb(fake_cbs, KWB23)
    messages: list[str] = []
    mode = build._refresh_online(messages.append)
    text = "\n".join(messages)
    assert mode == "online"
    assert "geen verbinding" not in text and "bereikbaar (proeftabel" in text
    assert f"{KWB23}: nieuw" in text and f"{KWB24}: niet gevonden" in text


def test_build_probe_without_network_says_so(
    avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avk_analysis.pipeline import build
    from avk_analysis.vocabulary import config

    monkeypatch.setenv(config.CBS_BASE_URL_ENV, "http://127.0.0.1:9")
    messages: list[str] = []
    assert build._refresh_online(messages.append) == "offline"
    assert "niet bereikbaar" in "\n".join(messages)


# --- avk-monitor data against CBS's real answers ------------------------------------------------
def test_cmd_data_reads_every_recorded_table(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    for table_id in ("83921NED", "84641NED", LLI23, LLI24):
        serve_recorded(fake_cbs, table_id)
    serve_recorded(fake_cbs, KWB24, "later")
    wanted = ["--tabel", "83921NED", "--tabel", "84641NED", "--tabel", LLI23, "--tabel", LLI24]
    assert cli.main(["data", *wanted, "--tabel", KWB24]) == 0
    out = capsys.readouterr().out
    assert "5 nieuw" in out and "Let op" not in out and "teruggevallen" not in out
    assert "Klaar: alles is ververst." in out


def test_cmd_data_names_a_table_whose_layout_changed(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    serve_recorded(fake_cbs, LLI23)
    parts = table(LLI24)
    props = [
        {**p, "Key": p["Key"].replace("MinderjarigeKinderen", "Jeugdigen"), "Title": "Jeugdigen"}
        if p["Key"].startswith("MinderjarigeKinderen")
        else p
        for p in parts["properties"]
    ]
    rows = [
        {k.replace("MinderjarigeKinderen", "Jeugdigen"): v for k, v in r.items()}
        for r in parts["rows"]
    ]
    serve_recorded(fake_cbs, LLI24, properties=props, rows=rows)
    assert cli.main(["data", "--tabel", LLI23, "--tabel", LLI24]) == 1
    out = capsys.readouterr().out
    assert f"{LLI23}: nieuw" in out and f"{LLI24}: nieuw" in out  # both stored verbatim
    line = next(x for x in out.splitlines() if "Let op" in x)
    assert "86006NED" in line and "kon niet worden gelezen" in line
    assert "MinderjarigeKinderen" in line and "Minderjarige kinderen" in line  # expected
    assert "ontbreken in deze editie" in line and "Traceback" not in out
    assert LLI23 not in line  # the readable table is not blamed


def test_cmd_data_says_once_which_keys_fell_back_to_titles(
    fake_cbs: FakeCbs, avk_root: Path, pdok_ok: list, capsys: pytest.CaptureFixture
) -> None:
    parts = table(LLI24)
    recoded = {"A028724": "A099999"}
    dims = {k: [dict(c) for c in v] for k, v in parts["dimensions"].items()}
    for cat in dims["DuurInkomenspositie"]:
        cat["Key"] = recoded.get(cat["Key"], cat["Key"])
    rows = [
        {
            **r,
            "DuurInkomenspositie": recoded.get(r["DuurInkomenspositie"], r["DuurInkomenspositie"]),
        }
        for r in parts["rows"]
    ]
    serve_recorded(fake_cbs, LLI24, dimensions=dims, rows=rows)
    assert cli.main(["data", "--tabel", LLI24]) == 0  # found by title: readable
    out = capsys.readouterr().out
    lines = [x for x in out.splitlines() if "teruggevallen op de titel" in x]
    assert len(lines) == 1
    assert "A099999" in lines[0] and "A028724" in lines[0] and "Vier jaar of langer" in lines[0]
