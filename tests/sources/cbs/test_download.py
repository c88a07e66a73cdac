"""Tests of downloading: verbatim storage, filters, provenance, immutability, refresh."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from avk_analysis.sources.cbs import download, parse
from avk_analysis.sources.cbs.client import CbsClient, CbsError, CbsUnavailable
from avk_analysis.vocabulary.provenance import (
    CBS_LICENCE,
    STATUS_REAL,
    read_provenance,
    sha256_file,
    verify,
)

from .fakecbs import FakeCbs, Reply, json_reply, odata, serve_kwb
from .recorded import kwb2024_properties, serve_recorded

KWB23 = "85618NED"
DAY1 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
DAY2 = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_download_stores_verbatim_answers_with_provenance(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path
) -> None:
    serve_kwb(fake_cbs, KWB23, title="Kerncijfers wijken en buurten 2023")
    target = download.download_table(KWB23, client, tmp_path, now=DAY1)
    assert target == tmp_path / KWB23 / "2025-03-01"
    names = _files(target)
    assert {"TableInfos.json", "DataProperties.json", "requests.json", "provenance.json"} <= set(
        names
    )
    geo_files = [n for n in names if n.startswith("WijkenEnBuurten_")]
    data_files = [n for n in names if n.startswith("UntypedDataSet_")]
    assert geo_files and data_files
    # NL00 + GM0014 + WK001401 come back (GM0363 Amsterdam is filtered out server-side), paged by 2
    rows = [
        row
        for n in data_files
        for row in json.loads((target / n).read_text(encoding="utf-8"))["value"]
    ]
    assert sorted(r["WijkenEnBuurten"].strip() for r in rows) == ["GM0014", "NL00", "WK001401"]
    assert any("odata.nextLink" in json.loads((target / n).read_text()) for n in data_files)

    # bodies are stored verbatim: the very bytes the API sent (padded keys included)
    served = json_reply(odata("DataProperties", kwb2024_properties()))
    assert (target / "DataProperties.json").read_bytes() == served.body
    assert any('"WijkenEnBuurten":"GM0014    "' in (target / n).read_text() for n in data_files)
    logged = json.loads((target / "requests.json").read_text(encoding="utf-8"))
    assert {e["bestand"] for e in logged} == set(names) - {"requests.json", "provenance.json"}
    assert all(e["url"].startswith(fake_cbs.base_url) for e in logged)
    assert all("$format=json" in e["url"] for e in logged)

    prov = verify(target)
    assert prov.status == STATUS_REAL
    assert prov.table_id == KWB23
    assert prov.title == "Kerncijfers wijken en buurten 2023"
    assert prov.modified == "2025-01-01T02:00:00"
    assert prov.licence == CBS_LICENCE
    assert prov.url == f"{fake_cbs.base_url}/ODataApi/odata/{KWB23}"
    assert prov.retrieved.startswith("2025-03-01T09:30")
    assert set(prov.files) == set(names) - {"provenance.json"}
    assert all(sha256_file(target / n) == h for n, h in prov.files.items())


def test_download_filters_to_our_area(fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path) -> None:
    serve_kwb(fake_cbs, KWB23)
    download.download_table(KWB23, client, tmp_path, now=DAY1)
    feeds = [q["$filter"] for p, q in fake_cbs.requests if p.endswith("UntypedDataSet")]
    joined = " ".join(feeds)
    for prefix in ("NL00", "GM0014", "WK0014", "BU0014", "GM0114", "WK0114", "GM0018", "GM1987"):
        assert f"startswith(WijkenEnBuurten,'{prefix}')" in joined
    assert "0363" not in joined
    assert all(len(f) <= download.MAX_FILTER_CHARS for f in feeds)
    dims = [q["$filter"] for p, q in fake_cbs.requests if p.endswith("/WijkenEnBuurten")]
    assert len(dims) == len(set(feeds)) > 1  # the region dimension is filtered the same way,
    # but on its own Key property (its rows are Key, Title, ...; CBS answers 400 otherwise)
    assert all("startswith(Key,'" in f and "WijkenEnBuurten" not in f for f in dims)
    assert [f.replace("(Key,", "(WijkenEnBuurten,") for f in dims] == list(dict.fromkeys(feeds))


def test_lli_filter_uses_region_codes() -> None:
    (flt,) = download.filter_chunks("RegioS", download.area_prefixes("lli"))
    assert "startswith(RegioS,'NL01')" in flt and "startswith(RegioS,'PV22')" in flt
    assert "startswith(RegioS,'GM0010')" in flt  # Delfzijl, merged into Eemsdelta in 2021
    assert "WK" not in flt


def test_area_membership() -> None:
    assert download.in_area("NL01") and download.in_area("NL00") and download.in_area("PV20")
    assert download.in_area("GM1987") and download.in_area("WK011403")
    assert download.in_area("BU01140305")
    assert not download.in_area("GM0363") and not download.in_area("WK036301")
    assert not download.in_area("PV27")


def test_raw_is_immutable(fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path) -> None:
    serve_kwb(fake_cbs, KWB23)
    target = download.download_table(KWB23, client, tmp_path, now=DAY1)
    before = {p.name: sha256_file(p) for p in target.iterdir()}
    with pytest.raises(CbsError, match="onveranderlijk"):
        download.download_table(KWB23, client, tmp_path, now=DAY1)
    assert {p.name: sha256_file(p) for p in target.iterdir()} == before
    assert _files(tmp_path / KWB23) == ["2025-03-01"]


def test_failed_download_leaves_nothing(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path
) -> None:
    serve_kwb(fake_cbs, KWB23)
    fake_cbs.add(f"/ODataFeed/odata/{KWB23}/UntypedDataSet", Reply(b"storing", 503))
    with pytest.raises(CbsUnavailable):
        download.download_table(KWB23, client, tmp_path, now=DAY1)
    assert list((tmp_path / KWB23).iterdir()) == []


def test_refresh_skips_unchanged_and_fetches_changed(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path
) -> None:
    serve_kwb(fake_cbs, KWB23, modified="2025-01-01T02:00:00")
    (first,) = download.refresh([KWB23], client, tmp_path, now=DAY1)
    assert first.outcome == "nieuw" and first.path == tmp_path / KWB23 / "2025-03-01"
    assert first.rows == 3 and first.modified == "2025-01-01T02:00:00"

    fake_cbs.requests.clear()
    (same,) = download.refresh([KWB23], client, tmp_path, now=DAY2)
    assert same.outcome == "ongewijzigd" and same.path == first.path and same.rows == 3
    assert fake_cbs.paths() == [f"/ODataApi/odata/{KWB23}/TableInfos"]  # nothing else fetched

    serve_kwb(fake_cbs, KWB23, modified="2025-05-20T02:00:00")
    (second,) = download.refresh([KWB23], client, tmp_path, now=DAY2)
    assert second.outcome == "nieuw" and second.path == tmp_path / KWB23 / "2025-06-01"
    assert read_provenance(second.path).modified == "2025-05-20T02:00:00"
    assert download.newest_download(KWB23, tmp_path) == second.path
    verify(first.path)  # the older download is untouched


def test_downloaded_dir_parses_like_any_raw_dir(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path, avk_root: Path
) -> None:
    serve_kwb(fake_cbs, KWB23)
    target = download.download_table(KWB23, client, tmp_path, now=DAY1)
    df = parse.parse_table_dir(target)
    assert set(df["regiocode"]) == {"NL01", "GM0014", "WK001401"}
    assert (df["status"] == STATUS_REAL).all()


def test_lli_download_stores_every_dimension_and_parses(
    fake_cbs: FakeCbs, client: CbsClient, tmp_path: Path, avk_root: Path
) -> None:
    serve_recorded(fake_cbs, "86006NED")  # CBS's real keys, titles and padding
    target = download.download_table("86006NED", client, tmp_path, now=DAY1)
    names = _files(target)
    for dim in (
        "InkomensgrensHuishouden",
        "DuurInkomenspositie",
        "KenmerkenVanHuishoudens",
        "Perioden",
    ):
        assert f"{dim}.json" in names
    assert "RegioS_001.json" in names and "UntypedDataSet_001.json" in names
    feeds = [q["$filter"] for p, q in fake_cbs.requests if p.endswith("UntypedDataSet")]
    assert all("startswith(RegioS,'" in f for f in feeds)
    df = parse.parse_table_dir(target)
    assert set(df["jaar"]) == set(range(2011, 2024))
    assert "GM0114" in set(df["regiocode"]) and "LD01" not in set(df["regiocode"])
