"""Boundaries from PDOK (served locally), the schematic tile fallback and choropleth maps."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from avk_analysis import boundaries, paths, provenance, regions
from avk_analysis.boundaries import BoundariesUnavailable

REPO_REFERENCE = Path(__file__).parents[1] / "data" / "raw" / "reference"
RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def _square(x: float, y: float, size: float = 5000.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def _feature(layer: str, i: int, code: str, name: str, x: float, y: float, year: int) -> dict:
    return {
        "type": "Feature",
        "id": f"{layer}.{i}",
        "geometry": _square(x, y),
        "properties": {
            "id": i,
            "statcode": code.ljust(10),  # PDOK pads codes with spaces
            "jrstatcode": f"{year}{code}",
            "statnaam": name,
            "rubriek": layer.split("_")[0],
        },
    }


def _collection(layer: str, year: int) -> list[dict]:
    rows = {
        "gemeente_gegeneraliseerd": [
            ("GM0014", "Groningen", 233000, 580000),
            ("GM0363", "Amsterdam", 120000, 485000),
            ("GM0106", "Assen", 233000, 555000),
            ("GM0114", "Emmen", 255000, 530000),
        ],
        "provincie_gegeneraliseerd": [
            ("PV20", "Groningen", 240000, 580000),
            ("PV22", "Drenthe", 240000, 545000),
            ("PV27", "Noord-Holland", 120000, 500000),
        ],
        "wijk_gegeneraliseerd": [
            ("WK001401", "Centrum", 233000, 581000),
            ("WK011401", "Emmen-Centrum", 255000, 531000),
            ("WK036300", "Burgwallen-Oude Zijde", 121000, 487000),
        ],
    }[layer]
    if year == 2017 and layer == "gemeente_gegeneraliseerd":
        rows = [*rows, ("GM0018", "Hoogezand-Sappemeer", 245000, 575000)]
    return [_feature(layer, i, *row, year) for i, row in enumerate(rows, start=1)]


class _PdokServer:
    """A tiny stand-in for PDOK's WFS: pages by startIndex/count, can fail on purpose."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.fail_first: int = 0  # answer 503 to this many requests first
        self.mode = "ok"  # ok | no_crs | wgs84 | xml | 404 | elsewhere | no_matched
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                outer.requests.append((url.path, query))
                status, body, ctype = outer.answer(url.path, query)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes, str]:
        if self.fail_first > 0:
            self.fail_first -= 1
            return 503, b"busy", "text/plain"
        parts = path.strip("/").split("/")
        if (
            self.mode == "404"
            or parts[:2] != ["cbs", "gebiedsindelingen"]
            or parts[3:]
            != [
                "wfs",
                "v1_0",
            ]
        ):
            return 404, b"not found", "text/plain"
        if self.mode == "xml":
            return 200, b"<ows:ExceptionReport>bad</ows:ExceptionReport>", "text/xml"
        year = int(parts[2])
        layer = query["typeName"].split(":", 1)[1]
        features = _collection(layer, year)
        if self.mode == "elsewhere":
            features = [f for f in features if f["properties"]["statcode"].startswith("GM0363")]
        if self.mode == "wgs84":
            for f in features:
                f["geometry"] = _square(6.5, 53.2, 0.05)
        start, count = int(query.get("startIndex", 0)), int(query.get("count", 1000))
        page = features[start : start + count]
        doc = {"type": "FeatureCollection", "features": page, "numberReturned": len(page)}
        if self.mode != "no_matched":
            doc["numberMatched"] = len(features)
        if self.mode in ("ok", "no_matched"):
            doc["crs"] = RD_CRS
        return 200, json.dumps(doc).encode(), "application/json"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _headless():
    """Draw without a display (Agg) and close every figure afterwards."""
    plt.switch_backend("Agg")
    yield
    plt.close("all")


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """A scratch project root (reference data only), online, without retry back-off."""
    shutil.copytree(REPO_REFERENCE, tmp_path / "data" / "raw" / "reference")
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    monkeypatch.delenv("AVK_OFFLINE", raising=False)
    monkeypatch.setattr(boundaries, "BACKOFF", 0.0)
    return tmp_path


@pytest.fixture
def pdok(root, monkeypatch):
    server = _PdokServer()
    monkeypatch.setenv("AVK_PDOK_BASE_URL", server.url)
    yield server
    server.close()


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------- download & cache


def test_download_writes_cache_and_sidecar(pdok) -> None:
    path = boundaries.download_boundaries(2024, "gemeente")
    expected = paths.pdok_raw_dir() / "gemeente_gegeneraliseerd" / "2024"
    assert path == expected / "gemeente_gegeneraliseerd.geojson"
    prov = provenance.verify(expected)
    assert prov.status == "echt"
    assert list(prov.files) == ["gemeente_gegeneraliseerd.geojson"]
    assert "typeName=gebiedsindelingen%3Agemeente_gegeneraliseerd" in prov.url
    assert "srsName=EPSG%3A28992" in prov.url and prov.url.startswith(pdok.url)
    assert "CC BY 4.0" in prov.licence
    assert dt.datetime.strptime(prov.retrieved, "%Y-%m-%dT%H:%M:%SZ")
    assert "3 van 4 gebieden" in prov.notes
    route, query = pdok.requests[0]
    assert route == "/cbs/gebiedsindelingen/2024/wfs/v1_0"
    assert query["service"] == "WFS" and query["version"] == "2.0.0"
    assert query["request"] == "GetFeature" and query["outputFormat"] == "application/json"
    assert query["srsName"] == "EPSG:28992"
    # a second call uses the cache, force downloads again
    assert boundaries.download_boundaries(2024, "gemeente_gegeneraliseerd") == path
    assert len(pdok.requests) == 1
    boundaries.download_boundaries(2024, "gemeente", force=True)
    assert len(pdok.requests) == 2


def test_load_returns_filtered_gemeenten_in_rd(pdok) -> None:
    gdf = boundaries.load_boundaries(2024)
    assert len(gdf) <= 22
    assert gdf["gemeentecode"].tolist() == ["GM0014", "GM0106", "GM0114"]  # Amsterdam dropped
    assert gdf.crs.to_epsg() == 28992
    assert gdf["statcode"].str.len().eq(6).all()  # spaces stripped
    assert gdf["provinciecode"].tolist() == ["PV20", "PV22", "PV22"]
    assert gdf["gemeentenaam"].tolist() == ["Groningen", "Assen", "Emmen"]
    assert set(gdf["jaar"]) == {2024}
    assert not boundaries.is_schematic(gdf)
    assert gdf.total_bounds[0] > 200_000  # RD metres, untouched
    assert gdf.attrs["bron"].startswith(pdok.url)
    assert gdf.geometry.is_valid.all()


def test_former_gemeente_kept_for_old_year(pdok) -> None:
    gdf = boundaries.load_boundaries(2017)
    hs = gdf.loc[gdf["gemeentecode"] == "GM0018"]
    assert len(hs) == 1 and hs["provinciecode"].iloc[0] == "PV20"


def test_provinces_and_wijken(pdok) -> None:
    prov = boundaries.load_boundaries(2024, "provincie")
    assert prov["provinciecode"].tolist() == ["PV20", "PV22"]
    wijk = boundaries.load_boundaries(2024, "wijk")
    assert wijk["wijkcode"].tolist() == ["WK001401", "WK011401"]
    assert wijk["gemeentecode"].tolist() == ["GM0014", "GM0114"]
    assert {q["typeName"] for _, q in pdok.requests} == {
        "gebiedsindelingen:provincie_gegeneraliseerd",
        "gebiedsindelingen:wijk_gegeneraliseerd",
    }


@pytest.mark.parametrize(("mode", "requests_made"), [("ok", 2), ("no_matched", 3)])
def test_paging(pdok, monkeypatch, mode: str, requests_made: int) -> None:
    monkeypatch.setattr(boundaries, "PAGE_SIZE", 2)
    pdok.mode = mode
    gdf = boundaries.load_boundaries(2024)
    assert len(gdf) == 3
    assert [q["startIndex"] for _, q in pdok.requests] == [str(2 * i) for i in range(requests_made)]
    assert all(q["count"] == "2" for _, q in pdok.requests)


def test_retry_after_server_error(pdok) -> None:
    pdok.fail_first = 2
    gdf = boundaries.load_boundaries(2024)
    assert len(gdf) == 3
    assert len(pdok.requests) == 3


def test_gives_up_after_retries(pdok) -> None:
    pdok.fail_first = 100
    with pytest.raises(BoundariesUnavailable, match="HTTP 503"):
        boundaries.download_boundaries(2024, "gemeente")
    assert len(pdok.requests) == boundaries.RETRIES + 1
    assert not boundaries.cache_file(2024, "gemeente").exists()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("404", "HTTP 404"),
        ("xml", "geen GeoJSON"),
        ("elsewhere", "geen gebieden in Groningen of Drenthe"),
    ],
)
def test_bad_answers_are_clear(pdok, mode: str, message: str) -> None:
    pdok.mode = mode
    with pytest.raises(BoundariesUnavailable, match=message):
        boundaries.download_boundaries(2024, "gemeente")
    assert not boundaries.cache_dir(2024, "gemeente").exists()


def test_crs_without_member_and_wgs84_end_in_rd(pdok) -> None:
    pdok.mode = "no_crs"
    rd = boundaries.load_boundaries(2024)
    assert rd.crs.to_epsg() == 28992 and rd.total_bounds[0] == pytest.approx(233000)
    pdok.mode = "wgs84"
    wgs = boundaries.load_boundaries(2023)
    assert wgs.crs.to_epsg() == 28992
    assert 200_000 < wgs.total_bounds[0] < 300_000  # 6.5°E lies in the north-east in RD


def test_cache_used_without_network_and_checked(pdok, monkeypatch) -> None:
    boundaries.download_boundaries(2024, "gemeente")
    monkeypatch.setenv("AVK_PDOK_BASE_URL", _dead_url())
    monkeypatch.setenv("AVK_OFFLINE", "1")
    assert len(boundaries.load_boundaries(2024)) == 3
    path = boundaries.cache_file(2024, "gemeente")
    path.write_text(path.read_text(encoding="utf-8").replace("Assen", "Asen"), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="checksum"):
        boundaries.load_boundaries(2024)


def test_network_down_raises_and_falls_back(root, monkeypatch) -> None:
    monkeypatch.setenv("AVK_PDOK_BASE_URL", _dead_url())
    with pytest.raises(BoundariesUnavailable, match="niet bereikbaar"):
        boundaries.download_boundaries(2024, "gemeente")
    with pytest.raises(BoundariesUnavailable):
        boundaries.load_boundaries(2024)
    gdf, schematic = boundaries.gemeente_geometries(2024, allow_download=True)
    assert schematic is True
    assert len(gdf) == 22 and boundaries.is_schematic(gdf)
    assert not (paths.pdok_raw_dir() / "gemeente_gegeneraliseerd").exists()


def test_offline_or_no_download_never_touches_the_network(pdok, monkeypatch) -> None:
    with pytest.raises(BoundariesUnavailable, match="allow_download=False"):
        boundaries.load_boundaries(2024, allow_download=False)
    monkeypatch.setenv("AVK_OFFLINE", "1")
    with pytest.raises(BoundariesUnavailable, match="AVK_OFFLINE"):
        boundaries.load_boundaries(2024)
    with pytest.raises(BoundariesUnavailable, match="AVK_OFFLINE"):
        boundaries.download_boundaries(2024, "gemeente")
    gdf, schematic = boundaries.gemeente_geometries(2024, allow_download=True)
    assert schematic and len(gdf) == 22
    assert pdok.requests == []


def test_gemeente_geometries_real_when_available(pdok) -> None:
    gdf, schematic = boundaries.gemeente_geometries(2024, allow_download=True)
    assert schematic is False and len(gdf) == 3
    gdf2, schematic2 = boundaries.gemeente_geometries(2024, allow_download=False)  # from cache
    assert schematic2 is False and gdf2["gemeentecode"].tolist() == gdf["gemeentecode"].tolist()


def test_unknown_layer_is_refused(root) -> None:
    with pytest.raises(ValueError, match="Onbekende kaartlaag"):
        boundaries.load_boundaries(2024, "buurt")


# --------------------------------------------------------------------------- tiles


def test_tiles_cover_the_22_gemeenten_without_overlap() -> None:
    tiles = boundaries.schematic_tiles()
    assert list(tiles.columns) == [
        "gemeentecode",
        "gemeentenaam",
        "provinciecode",
        "schematisch",
        "geometry",
    ]
    assert len(tiles) == 22 and tiles["gemeentecode"].is_unique
    assert set(tiles["gemeentecode"]) == set(regions.gemeente_codes())
    assert tiles.attrs["schematisch"] is True and tiles["schematisch"].all()
    assert tiles.crs.to_epsg() == 28992
    for a, b in itertools.combinations(tiles.geometry, 2):
        assert not a.intersects(b)
    assert np.allclose(tiles.area, tiles.area.iloc[0])
    by_code = tiles.set_index("gemeentecode").geometry
    assert by_code["GM1966"].centroid.y > by_code["GM0014"].centroid.y  # Het Hogeland north
    assert by_code["GM0114"].centroid.x > by_code["GM0119"].centroid.x  # Emmen east of Meppel


# --------------------------------------------------------------------------- maps


@pytest.fixture
def tile_values():
    tiles = boundaries.schematic_tiles()
    values = np.linspace(2.5, 12.0, len(tiles))
    values[3] = np.nan
    merged = tiles.merge(
        pd.DataFrame({"gemeentecode": tiles["gemeentecode"], "pct": values}), on="gemeentecode"
    )
    merged.attrs.clear()  # a merge may lose attrs; the column still marks it schematic
    yield merged
    plt.close("all")


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_tiles_with_missing_value(tile_values) -> None:
    ax = boundaries.plot_map(tile_values, "pct", unit="%", legend_title="Kinderen (%)")
    legend = _legend_texts(ax)
    assert legend[-1] == "geen gegevens"
    assert len(legend) == 6  # 5 classes + no data
    assert legend[0].startswith("2,5 – ") and legend[0].endswith(" %")
    assert all("," in t for t in legend[:-1])
    assert ax.get_legend().get_title().get_text() == "Kinderen (%)"
    texts = [t.get_text() for t in ax.texts]
    assert boundaries.SCHEMATIC_CAPTION in texts
    assert "Midden-\nGroningen" in texts and "Emmen" in texts
    assert len(texts) == 22 + 1  # one label per tile + the caption
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_plot_quantiles_on_existing_axes(tile_values) -> None:
    _, ax = plt.subplots()
    out = boundaries.plot_map(tile_values, "pct", ax=ax, scheme="Quantiles", k=4)
    assert out is ax
    assert len(_legend_texts(ax)) == 5


def test_plot_real_shaped_boundaries(pdok) -> None:
    gdf = boundaries.load_boundaries(2024)
    gdf["pct"] = [5.2, 6.5, 8.4]
    ax = boundaries.plot_map(gdf, "pct", k=5, source_note="Grenzen: CBS/PDOK 2024")
    legend = _legend_texts(ax)
    assert "geen gegevens" not in legend
    assert len(legend) == 3  # k is reduced to the number of distinct values
    texts = [t.get_text() for t in ax.texts]
    assert boundaries.SCHEMATIC_CAPTION not in texts
    assert texts == ["Grenzen: CBS/PDOK 2024"]  # no tile labels on a real map
    gdf.loc[1, "pct"] = np.nan
    ax2 = boundaries.plot_map(gdf, "pct")
    assert _legend_texts(ax2)[-1] == "geen gegevens"
    plt.close("all")


def test_plot_edge_cases(tile_values) -> None:
    tile_values["leeg"] = np.nan
    assert _legend_texts(boundaries.plot_map(tile_values, "leeg")) == ["geen gegevens"]
    tile_values["een"] = 7.25
    assert _legend_texts(boundaries.plot_map(tile_values, "een", decimals=2)) == ["7,25"]
    with pytest.raises(ValueError, match="klassenindeling"):
        boundaries.plot_map(tile_values, "pct", scheme="Willekeurig")
    with pytest.raises(KeyError, match="niet in de kaartgegevens"):
        boundaries.plot_map(tile_values, "bestaat_niet")


def test_classify_is_deterministic() -> None:
    values = pd.Series([1.0, 1.2, 5.0, 5.5, 9.0, 9.1, 20.0, np.nan])
    first = boundaries.classify(values, "NaturalBreaks", 4)
    assert first == boundaries.classify(values, "NaturalBreaks", 4)
    upper, classes = first
    assert len(upper) == 4 and len(classes) == 7
    assert upper[-1] == 20.0 and classes[0] == 0 and classes[-1] == 3


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(13860, 0, "13.860"), (13860, 1, "13.860,0"), (5.25, 2, "5,25"), (-1.5, 1, "-1,5")],
)
def test_format_nl(value: float, decimals: int, text: str) -> None:
    assert boundaries.format_nl(value, decimals) == text
