"""Tests of the demo snapshot generator: deterministic, CBS-shaped, parseable, realistic quirks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.sources.cbs import parse, tables
from avk_analysis.vocabulary import paths, tidy
from avk_analysis.vocabulary.provenance import STATUS_DEMO, read_provenance, verify
from tools import demo_snapshot as demo

GRONINGEN_2017 = {
    "GM0003", "GM0005", "GM0007", "GM0009", "GM0010", "GM0014", "GM0015", "GM0017", "GM0018",
    "GM0022", "GM0024", "GM0025", "GM0037", "GM0040", "GM0047", "GM0048", "GM0053", "GM0056",
    "GM0765", "GM1651", "GM1663", "GM1895", "GM1987",
}  # fmt: skip


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate the whole demo snapshot once for this module."""
    root = tmp_path_factory.mktemp("snapshot")
    demo.generate(root)
    return root


@pytest.fixture(scope="module")
def parsed(snapshot: Path) -> dict[str, pd.DataFrame]:
    """Parse every generated table."""
    return {t: parse.parse_table_dir(snapshot / t / demo.SNAPSHOT_DATE) for t in tables.table_ids()}


def _rows(directory: Path) -> list[dict]:
    return parse.read_entity(directory, "UntypedDataSet")


def _dir(snapshot: Path, table_id: str) -> Path:
    return snapshot / table_id / demo.SNAPSHOT_DATE


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    for table_id in ("83765NED", "85984NED", "84641NED"):
        a = demo.write_table(demo.SEED, table_id, tmp_path / "a")
        b = demo.write_table(demo.SEED, table_id, tmp_path / "b")
        names = sorted(p.name for p in a.iterdir())
        assert names == sorted(p.name for p in b.iterdir())
        for name in names:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
    other = demo.write_table(demo.SEED + 1, "84641NED", tmp_path / "c")
    assert _rows(other) != _rows(tmp_path / "a" / "84641NED" / demo.SNAPSHOT_DATE)


def test_layout_matches_download_layout(snapshot: Path) -> None:
    for table_id in ("85618NED", "85678NED"):
        directory = _dir(snapshot, table_id)
        names = {p.name for p in directory.iterdir()}
        assert {
            "TableInfos.json",
            "DataProperties.json",
            "requests.json",
            "provenance.json",
        } <= names
        pages = sorted(n for n in names if n.startswith("UntypedDataSet_"))
        assert len(pages) > 1 and all(re.fullmatch(r"UntypedDataSet_\d{3}\.json", n) for n in pages)
        bodies = [json.loads((directory / n).read_text(encoding="utf-8")) for n in pages]
        assert all(set(b) >= {"odata.metadata", "value"} for b in bodies)
        assert any("odata.nextLink" in b for b in bodies)
        infos = json.loads((directory / "TableInfos.json").read_text())["value"][0]
        assert infos["Identifier"] == table_id and infos["Modified"]
        props = json.loads((directory / "DataProperties.json").read_text())["value"]
        topic = next(p for p in props if p["Type"] == "Topic")
        assert {
            "Key",
            "Position",
            "Type",
            "Title",
            "Unit",
            "Decimals",
            "Description",
            "Datatype",
        } <= set(topic)
        logged = json.loads((directory / "requests.json").read_text())
        assert {e["bestand"] for e in logged} == names - {"requests.json", "provenance.json"}
    lli = _dir(snapshot, "85678NED")
    assert (lli / "Perioden.json").exists() and (lli / "RegioS_001.json").exists()
    cat = json.loads((lli / "Perioden.json").read_text())["value"][0]
    assert {"Key", "Title", "Description"} <= set(cat)


def test_sidecar_says_demo(snapshot: Path) -> None:
    for table_id in tables.table_ids():
        prov = verify(_dir(snapshot, table_id))
        assert prov.status == STATUS_DEMO and prov.table_id == table_id
        assert "GEEN ECHTE CIJFERS" in prov.notes and str(demo.SEED) in prov.notes
        assert prov.retrieved.startswith(demo.SNAPSHOT_DATE)


def test_kwb_quirks(snapshot: Path) -> None:
    rows17 = _rows(_dir(snapshot, "83765NED"))
    keys17 = {r["WijkenEnBuurten"] for r in rows17}
    assert "NL00      " in keys17  # KWB country key, padded
    gm17 = {k.strip() for k in keys17 if k.startswith("GM")}
    assert gm17 >= GRONINGEN_2017 and len(gm17) == 23 + 12
    gm18 = {r["WijkenEnBuurten"].strip() for r in _rows(_dir(snapshot, "84286NED"))}
    assert {"GM1952", "GM1950", "GM0017"} <= gm18 and "GM0018" not in gm18
    gm19 = {r["WijkenEnBuurten"].strip() for r in _rows(_dir(snapshot, "84583NED"))}
    assert {"GM1966", "GM0003"} <= gm19 and "GM0017" not in gm19
    gm21 = {k.strip() for r in _rows(_dir(snapshot, "85039NED")) for k in [r["WijkenEnBuurten"]]}
    gm22 = {k.strip() for r in _rows(_dir(snapshot, "85318NED")) for k in [r["WijkenEnBuurten"]]}
    assert {k for k in gm21 if k.startswith("GM")} == {
        "GM0014", "GM0037", "GM0047", "GM0765", "GM1895", "GM1950", "GM1952", "GM1966", "GM1969",
        "GM1979", "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680", "GM1681", "GM1690",
        "GM1699", "GM1701", "GM1730", "GM1731",
    }  # fmt: skip
    assert not any(k.startswith("WK") for k in gm21)  # wijk rows from KWB 2022 on
    wijken = [k for k in gm22 if k.startswith("WK")]
    per_gm = pd.Series([k[2:6] for k in wijken]).value_counts()
    assert len(wijken) == 312 and per_gm["0765"] == 2 and per_gm["0114"] == 27  # real counts
    assert not any(k.startswith("BU") for k in gm22)

    props24 = json.loads((_dir(snapshot, "85984NED") / "DataProperties.json").read_text())["value"]
    geo = next(p for p in props24 if p["Key"] == "WijkenEnBuurten")
    assert geo["Type"] == "GeoDetail"  # KWB's region dimension, as at CBS
    logged = json.loads((_dir(snapshot, "85984NED") / "requests.json").read_text())
    dim_urls = [e["url"] for e in logged if e["bestand"].startswith("WijkenEnBuurten_")]
    assert dim_urls and all("startswith(Key,'" in u for u in dim_urls)
    data_urls = [e["url"] for e in logged if e["bestand"].startswith("UntypedDataSet_")]
    assert all("startswith(WijkenEnBuurten,'" in u for u in data_urls)

    def ordinal(table_id: str, stem: str) -> str:
        props = json.loads((_dir(snapshot, table_id) / "DataProperties.json").read_text())["value"]
        return next(p["Key"] for p in props if p["Key"].startswith(stem + "_"))

    stem = "HuishoudensMetEenLaagInkomen"
    assert ordinal("85318NED", stem) != ordinal("85618NED", stem)  # ordinals shift


def test_parsed_snapshot_is_schema_valid_demo(parsed: dict[str, pd.DataFrame]) -> None:
    for table_id, df in parsed.items():
        tidy.validate(df)
        assert not df.empty, table_id
        assert (df["status"] == STATUS_DEMO).all()


def test_snapshot_contains_the_2024_break(parsed: dict[str, pd.DataFrame]) -> None:
    kwb = tidy.combine([parsed[t] for t in tables.table_ids(tables.KIND_KWB)])
    old = kwb[kwb["indicator"] == "kwb_hh_laag_inkomen_pct"]
    new = kwb[kwb["indicator"] == "personen_in_armoede_pct"]
    # income year = KWB edition year: CBS's rule "inkomen over het verslagjaar" in the metadata
    assert old["jaar"].max() == 2023 and old["jaar"].min() == 2017
    assert set(old["tabel"]) == set(tables.table_ids(tables.KIND_KWB)[:7])
    assert set(new["jaar"]) == {2024, 2025}
    assert new["definitie"].str.contains("Inkomensjaar 2024: de beschrijving van onderwerp").any()
    assert new["definitie"].str.contains("inkomen over het verslagjaar").all()
    inw = kwb[kwb["indicator"] == "inwoners"]
    assert set(inw["jaar"]) == set(range(2017, 2026))  # population: peildatum 1 januari
    assert inw["definitie"].str.contains("Peildatum 1 januari").all()
    y2025 = new[new["jaar"] == 2025]
    assert (y2025["symbool"] == ".").all() and y2025["waarde"].isna().all()  # not yet published
    ink25 = kwb[(kwb["tabel"] == "86165NED") & (kwb["indicator"] == "gem_inkomen_per_inwoner")]
    assert set(ink25["symbool"]) <= {".", "x"}
    assert (kwb["symbool"] == "x").any()  # secret small wijken


def test_snapshot_levels_are_plausible(parsed: dict[str, pd.DataFrame]) -> None:
    lli = parsed["85678NED"]
    pct = lli[lli["indicator"] == "hh_laag_inkomen_pct"].set_index(["regiocode", "jaar"])["waarde"]
    assert 7.0 <= pct["NL01", 2017] <= 9.5
    assert 9.0 <= pct["PV20", 2017] <= 12.5
    assert 6.0 <= pct["PV22", 2017] <= 8.5
    assert pct["GM0765", 2017] > pct["PV22", 2017] > pct["GM1730", 2017]
    assert pct["GM1701", 2017] < 6 and pct["GM1690", 2017] < 6
    assert pct["NL01", 2022] < 0.85 * pct["NL01", 2021] < pct["NL01", 2017]
    kids = lli[lli["indicator"] == "kinderen_laag_inkomen_pct"].set_index(["regiocode", "jaar"])
    assert kids.loc[("NL01", 2017), "waarde"] >= pct["NL01", 2017] * 0.9
    lang = lli[lli["indicator"] == "hh_langdurig_laag_inkomen_pct"].set_index(["regiocode", "jaar"])
    assert 0.3 <= lang.loc[("NL01", 2019), "waarde"] / pct["NL01", 2019] <= 0.55
    inw = parsed["85984NED"]
    inw = inw[inw["indicator"] == "inwoners"].set_index("regiocode")["waarde"]
    assert 230_000 < inw["GM0014"] < 250_000 and 100_000 < inw["GM0114"] < 115_000
    assert 10_000 < inw["GM0765"] < 14_000


def test_lli_editions_have_their_periods_and_boundaries(parsed: dict[str, pd.DataFrame]) -> None:
    for table_id, (first, last) in tables.LLI_PERIODS.items():
        assert set(parsed[table_id]["jaar"]) == set(range(first, last + 1)), table_id
    assert "GM0003" in set(parsed["84641NED"]["regiocode"])
    assert "GM1979" not in set(parsed["84641NED"]["regiocode"])
    assert "GM0018" in set(parsed["83921NED"]["regiocode"])
    # 83921NED publishes households, persons and children (CBS's v3 columns), like the others
    assert set(parsed["83921NED"]["indicator"]) == set(tables.get("83921NED").indicators())
    # "Vier jaar of langer" needs four years of data: empty for 2011-2013, as at CBS
    lang = parsed["86006NED"]
    early = lang[
        (lang["indicator"] == "kinderen_langdurig_laag_inkomen_pct") & (lang["jaar"] < 2014)
    ]
    assert len(early) and set(early["symbool"]) == {"."}
    assert not any(c.startswith("GM00") and c in {"GM0003", "GM0010"}
                   for c in parsed["85678NED"]["regiocode"])  # fmt: skip


def test_snapshot_is_small(snapshot: Path) -> None:
    # LLI periods from 2011 as at CBS, and the household characteristics of the newest edition
    total = sum(f.stat().st_size for f in snapshot.rglob("*") if f.is_file())
    assert total < 6_000_000


def test_committed_snapshot_matches_the_generator(tmp_path: Path) -> None:
    committed = paths.snapshot_dir() / "cbs"
    if not committed.exists():
        pytest.skip("geen snapshot in de checkout")
    for table_id in ("83765NED", "86202NED"):
        ours = demo.write_table(demo.SEED, table_id, tmp_path)
        theirs = committed / table_id / demo.SNAPSHOT_DATE
        assert read_provenance(theirs).files == read_provenance(ours).files, (
            f"{theirs} is verouderd: draai `python -m tools.demo_snapshot`"
        )


def test_snapshot_has_who_has_a_low_income(parsed: dict[str, pd.DataFrame]) -> None:
    lli = parsed["86202NED"]
    for kenmerk in tables.LLI_KENMERKEN:
        code = tables.kenmerk_indicator(kenmerk, "pct")
        rows = lli[(lli["indicator"] == code) & (lli["regiocode"] == "GM0114")]
        assert set(rows["jaar"]) == {2022, 2023, 2024}, code
    cell = lli[lli["jaar"] == 2024].set_index(["indicator", "regiocode"])["waarde"]
    single_parent = cell["hh_laag_inkomen_pct_eenouder", "PV22"]
    couples = cell["hh_laag_inkomen_pct_paar_zonder_kind", "PV22"]
    assert single_parent > 2 * cell["hh_laag_inkomen_pct", "PV22"] > couples


def test_snapshot_has_the_context_measures(parsed: dict[str, pd.DataFrame]) -> None:
    kwb24 = parsed["85984NED"]
    gm = kwb24.loc[kwb24["regiocode"] == "GM0114"].set_index("indicator")["waarde"]
    for name in tables.KWB_CONTEXT_MEASURES:
        assert name in gm.index, name
    inw = gm["inwoners"]
    assert 0.01 < gm["personen_bijstand"] / inw < 0.05
    assert 0.02 < gm["personen_ao_uitkering"] / inw < 0.12
    edu = gm[["opleidingsniveau_laag", "opleidingsniveau_middelbaar", "opleidingsniveau_hoog"]]
    assert 0.6 < edu.sum() / inw < 0.85 and (edu > 0).all()
    assert 50 < gm["mediaan_vermogen_hh"] < 400
    # not in the editions where CBS had them not (yet)
    assert "mediaan_vermogen_hh" not in set(parsed["83765NED"]["indicator"])
    assert "opleidingsniveau_laag" not in set(parsed["85039NED"]["indicator"])


def test_demo_wijken_carry_the_real_2025_codes_and_names(parsed: dict[str, pd.DataFrame]) -> None:
    import json as _json

    shipped = _json.loads(
        (paths.raw_dir() / "grenzen" / "2025" / "wijken_2025.geojson").read_text(encoding="utf-8")
    )
    real = {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in shipped["features"]}
    kwb = parsed["85984NED"]
    wijken = kwb.loc[kwb["regioniveau"] == "wijk", ["regiocode", "regionaam"]].drop_duplicates()
    assert set(wijken["regiocode"]) == set(real)  # all 312, nothing invented
    assert all(real[c] == n for c, n in zip(wijken["regiocode"], wijken["regionaam"], strict=True))
    # older editions (on other boundaries) have no wijk rows in the demo
    assert (parsed["84583NED"]["regioniveau"] != "wijk").all()
