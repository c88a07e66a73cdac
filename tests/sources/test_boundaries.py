"""Boundaries: PDOK's OGC API (served locally), the shipped 2025 boundaries and choropleth maps.

The fake server answers in the shapes of GoKoala, the OGC API implementation PDOK runs. Sources
(github.com/PDOK/gokoala, snapshot of commit 19e9f549691ef452f5f3e7347512b10190a2e764):

* ``internal/ogc/features/testdata/expected_foo_collection_with_cursor.json``: a page of
  ``/collections/<c>/items?f=json``: ``links`` with rel ``self`` ("This document as GeoJSON",
  ``application/geo+json``), two ``alternate`` (JSON-FG, HTML), ``next`` ("Next page") and
  ``prev`` ("Previous page") carrying an opaque ``cursor``; ``numberReturned``, ``timeStamp``;
  no ``numberMatched``. ``expected_features_cql_comparison_page1.json``: the first page has a
  ``next`` but no ``prev`` link, and the next link keeps the other query parameters.
* ``internal/ogc/features/json.go`` (createFeatureCollectionLinks): next/prev links only when
  the cursor has a next/previous page; ``url.go`` (toPrevNextURL): a next link clones every
  query parameter and sets ``f`` and ``cursor`` (Go's ``url.Values.Encode``, keys sorted);
  validateNoUnknownParams: an unknown query parameter is a 400; a ``limit`` above the maximum is
  capped, not refused. ``config/ogcapi_features_collection.go``: limit default 10, max 1000.
* ``internal/ogc/features/features.go`` and ``domain/spatialref.go``: the ``Content-Crs``
  header, written as ``<uri>``; ``expected_multiple_gpkgs_bbox_rd_output_also_rd.json``: with
  ``crs=http://www.opengis.net/def/crs/EPSG/0/28992`` coordinates are RD metres, no ``crs``
  member in the body; without ``crs`` GoKoala answers in CRS84.
* ``internal/engine/problems.go``, ``internal/ogc/features/main.go`` (handleCollectionNotFound)
  and ``testdata/expected_feature_404.json``: errors are RFC 7807 problems
  (``application/problem+json`` with ``detail``, ``status``, ``timeStamp``, ``title``).

PDOK-specific and not from GoKoala: the service path ``/cbs/gebiedsindelingen/ogc/v1``, the
collection names, the ``jaarcode`` property filter and the properties ``statcode``,
``statnaam``, ``jaarcode``, ``jrstatcode`` come from shared/domain/data-sources.md §5 and public
client code using the live API; statcodes padded with spaces are carried over from PDOK's WFS.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import socket
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import matplotlib.pyplot as plt
import pytest
from pyproj import Transformer

from avk_analysis import load
from avk_analysis.presentation import maps
from avk_analysis.sources import boundaries, pdok
from avk_analysis.sources.pdok import BoundariesUnavailable
from avk_analysis.vocabulary import paths, provenance, regions

REPO_RAW = Path(__file__).parents[2] / "data" / "raw"
API = "/cbs/gebiedsindelingen/ogc/v1"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
KNOWN_PARAMS = {"f", "limit", "cursor", "crs", "datetime", "bbox", "bbox-crs", "filter"}
KNOWN_PARAMS |= {"filter-crs", "filter-lang", "profile", "jaarcode"}  # + PDOK's property filter
TO_CRS84 = Transformer.from_crs("EPSG:28992", "OGC:CRS84", always_xy=True)

# (collection, jaarcode) -> (statcode, statnaam, x, y) in RD metres
AREAS = {
    ("gemeente_gegeneraliseerd", 2025): [
        ("GM0014", "Groningen", 233000, 580000),
        ("GM0363", "Amsterdam", 120000, 485000),
        ("GM0106", "Assen", 233000, 555000),
        ("GM0114", "Emmen", 255000, 530000),
        ("GM0119", "Meppel", 205000, 522000),
    ],
    ("gemeente_gegeneraliseerd", 2017): [
        ("GM0014", "Groningen", 233000, 580000),
        ("GM0018", "Hoogezand-Sappemeer", 245000, 575000),
        ("GM0363", "Amsterdam", 120000, 485000),
    ],
    ("provincie_gegeneraliseerd", 2025): [
        ("PV20", "Groningen", 240000, 580000),
        ("PV22", "Drenthe", 240000, 545000),
        ("PV27", "Noord-Holland", 120000, 500000),
    ],
    ("wijk_gegeneraliseerd", 2025): [
        ("WK001401", "Centrum", 233000, 581000),
        ("WK011401", "Emmen-Centrum", 255000, 531000),
        ("WK036300", "Burgwallen-Oude Zijde", 121000, 487000),
    ],
}


def _ring(x: float, y: float, size: float = 5000.0) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def _features(coll: str, year: int, crs84: bool) -> list[dict]:
    out = []
    for i, (code, name, x, y) in enumerate(AREAS.get((coll, year), []), start=1):
        ring = _ring(x, y)
        if crs84:
            ring = [list(TO_CRS84.transform(px, py)) for px, py in ring]
        out.append(
            {
                "id": i,
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
                "properties": {
                    "jaarcode": year,
                    "jrstatcode": f"{year}{code}",
                    "statcode": code.ljust(10) if i == 1 else code,
                    "statnaam": name,
                },
            }
        )
    return out


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{offset}|Nwyr1Q".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int:
    return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")[0])


class _OgcApi:
    """A stand-in for PDOK's GoKoala: cursor pages of a server-chosen size, Content-Crs."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.page_size = 2  # the server's choice; the client's limit is ignored
        self.fail_first = 0  # answer 503 to this many requests first
        self.mode = "ok"  # ok | loop | endless | html | crs84 | no_header
        self.collections = {c for c, _ in AREAS}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                outer.requests.append((url.path, query))
                status, body, headers = outer.answer(url.path, query)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @staticmethod
    def problem(status: int, title: str, detail: str) -> tuple[int, bytes, dict[str, str]]:
        doc = {"detail": detail, "status": status, "timeStamp": "2000-01-01T00:00:00Z"}
        doc["title"] = title
        return status, json.dumps(doc).encode(), {"Content-Type": "application/problem+json"}

    def link(self, coll: str, rel: str, title: str, media: str, params: dict[str, str]) -> dict:
        href = f"{self.url}{API}/collections/{coll}/items?{urlencode(sorted(params.items()))}"
        return {"rel": rel, "title": title, "type": media, "href": href}

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        if self.fail_first > 0:
            self.fail_first -= 1
            return 503, b"Service Unavailable", {"Content-Type": "text/plain"}
        if self.mode == "html":
            return (
                200,
                b"<!DOCTYPE html><html><body>PDOK</body></html>",
                {"Content-Type": "text/html"},
            )
        parts = path.split("/")
        prefix = f"{API}/collections/"
        if not path.startswith(prefix) or len(parts) != 8 or parts[-1] != "items":
            return self.problem(404, "Not Found", "page not found")
        coll = parts[-2]
        if coll not in self.collections:
            msg = f"collection {coll} doesn't exist in this features service"
            return self.problem(404, "Not Found", msg)
        unknown = set(query) - KNOWN_PARAMS
        if unknown:
            return self.problem(400, "Bad Request", f"unknown query parameter(s) found: {unknown}")
        crs = query.get("crs", CRS84_URI)
        if self.mode == "crs84":
            crs = CRS84_URI
        features = _features(coll, int(query.get("jaarcode", 0)), crs84=crs == CRS84_URI)
        start = _offset(query["cursor"]) if "cursor" in query else 0
        page = features[start : start + self.page_size]
        if self.mode == "endless":
            page = features[:1]
        keep = {k: v for k, v in query.items() if k not in ("cursor", "f")}
        own = {**keep, **({"cursor": query["cursor"]} if "cursor" in query else {})}
        links = [
            self.link(coll, "self", "This document as GeoJSON", "application/geo+json",
                      {**own, "f": "json"}),
            self.link(coll, "alternate", "This document as JSON-FG", "application/vnd.ogc.fg+json",
                      {**own, "f": "jsonfg"}),
            self.link(coll, "alternate", "This document as HTML", "text/html",
                      {**own, "f": "html"}),
        ]  # fmt: skip
        nxt = start + self.page_size
        if self.mode == "endless":
            nxt = start + 1
        elif self.mode == "loop" and nxt >= len(features):
            nxt = 0  # the last page points back to the first: a cursor loop
        if self.mode in ("endless", "loop") or nxt < len(features):
            links.append(
                self.link(coll, "next", "Next page", "application/geo+json",
                          {**keep, "cursor": _cursor(nxt), "f": "json"})
            )  # fmt: skip
        if start > 0:
            links.append(
                self.link(coll, "prev", "Previous page", "application/geo+json",
                          {**keep, "cursor": _cursor(max(start - self.page_size, 0)), "f": "json"})
            )  # fmt: skip
        doc = {
            "links": links,
            "numberReturned": len(page),
            "timeStamp": "2000-01-01T00:00:00Z",
            "type": "FeatureCollection",
            "features": page,
        }
        headers = {"Content-Type": "application/geo+json"}
        if self.mode != "no_header":
            headers["Content-Crs"] = f"<{crs}>"
        return 200, json.dumps(doc).encode(), headers

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
    """A scratch project root (reference data and shipped boundaries), online, no back-off."""
    for name in ("reference", "grenzen"):
        shutil.copytree(REPO_RAW / name, tmp_path / "data" / "raw" / name)
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    monkeypatch.delenv("AVK_OFFLINE", raising=False)
    monkeypatch.setattr(pdok, "BACKOFF", 0.0)
    return tmp_path


@pytest.fixture
def api(root, monkeypatch):
    server = _OgcApi()
    monkeypatch.setenv("AVK_PDOK_BASE_URL", server.url + "/")
    yield server
    server.close()


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _items(server: _OgcApi) -> list[dict[str, str]]:
    return [q for path, q in server.requests if path.endswith("/items")]


# --------------------------------------------------------------------------- download & cache


def test_default_host_is_pdok_api(monkeypatch) -> None:
    monkeypatch.delenv("AVK_PDOK_BASE_URL", raising=False)
    assert pdok.items_url("gemeente") == (
        "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/gemeente_gegeneraliseerd/items"
    )


def test_download_follows_next_links_to_the_end(api) -> None:
    path = pdok.download_boundaries(2025, "gemeente")
    expected = paths.pdok_raw_dir() / "gemeente_gegeneraliseerd" / "2025"
    assert path == expected / "gemeente_gegeneraliseerd.geojson"
    queries = _items(api)
    assert len(queries) == 3  # 5 areas, 2 per page: the page size never ends the paging
    first, *rest = queries
    assert first == {"f": "json", "jaarcode": "2025", "crs": RD_URI, "limit": "1000"}
    assert all("cursor" in q and q["jaarcode"] == "2025" and q["crs"] == RD_URI for q in rest)
    assert [_offset(q["cursor"]) for q in rest] == [2, 4]
    route = api.requests[0][0]
    assert route == "/cbs/gebiedsindelingen/ogc/v1/collections/gemeente_gegeneraliseerd/items"

    prov = provenance.verify(expected)
    assert prov.status == "echt" and list(prov.files) == ["gemeente_gegeneraliseerd.geojson"]
    assert prov.url.startswith(api.url + API + "/collections/gemeente_gegeneraliseerd/items?")
    assert "jaarcode=2025" in prov.url and "f=json" in prov.url
    assert "CC BY 4.0" in prov.licence and "Bron: CBS / Kadaster, via PDOK" in prov.licence
    assert dt.datetime.strptime(prov.retrieved, "%Y-%m-%dT%H:%M:%SZ")
    assert "4 van 5 gebieden" in prov.notes and "3 pagina('s)" in prov.notes

    gdf = boundaries.load_boundaries(2025)
    assert gdf["gemeentecode"].tolist() == ["GM0014", "GM0106", "GM0114", "GM0119"]
    assert gdf["statcode"].str.len().eq(6).all()  # padding stripped
    assert gdf["provinciecode"].tolist() == ["PV20", "PV22", "PV22", "PV22"]
    assert gdf.crs.to_epsg() == 28992
    assert gdf.total_bounds.tolist() == [205000, 522000, 260000, 585000]  # RD metres, untouched
    assert gdf.geometry.is_valid.all()
    assert gdf.attrs["herkomst"] == "pdok" and gdf.attrs["bron"] == prov.url

    # a second call uses the cache, force downloads again
    assert pdok.download_boundaries(2025, "gemeente_gegeneraliseerd") == path
    assert len(_items(api)) == 3
    pdok.download_boundaries(2025, "gemeente", force=True)
    assert len(_items(api)) == 6


@pytest.mark.parametrize("page_size", [1, 3, 1000])
def test_every_page_size_gives_every_area(api, page_size: int) -> None:
    api.page_size = page_size
    gdf = boundaries.load_boundaries(2025)
    assert len(gdf) == 4
    assert len(_items(api)) == -(-5 // page_size)


def test_jaarcode_selects_the_year_and_keeps_former_gemeenten(api) -> None:
    gdf = boundaries.load_boundaries(2017)
    assert gdf["gemeentecode"].tolist() == ["GM0014", "GM0018"]
    assert gdf.loc[gdf["gemeentecode"] == "GM0018", "provinciecode"].item() == "PV20"
    assert set(gdf["jaar"]) == {2017}
    assert {q["jaarcode"] for q in _items(api)} == {"2017"}


def test_provinces_and_wijken(api) -> None:
    prov = boundaries.load_provinces(2025, allow_download=True)
    assert prov["provinciecode"].tolist() == ["PV20", "PV22"]
    assert prov.attrs["herkomst"] == "pdok"
    wijk = boundaries.load_boundaries(2025, "wijk")
    assert wijk["wijkcode"].tolist() == ["WK001401", "WK011401"]
    assert wijk["gemeentecode"].tolist() == ["GM0014", "GM0114"]
    routes = {path.split("/")[-2] for path, _ in api.requests}
    assert routes == {"provincie_gegeneraliseerd", "wijk_gegeneraliseerd"}


def test_next_link_loop_is_refused(api) -> None:
    api.mode = "loop"
    with pytest.raises(BoundariesUnavailable, match="lus"):
        pdok.download_boundaries(2025, "gemeente")
    assert len(_items(api)) <= 5
    assert not pdok.cache_dir(2025, "gemeente").exists()


def test_endless_next_links_stop_at_the_hard_maximum(api, monkeypatch) -> None:
    monkeypatch.setattr(pdok, "MAX_PAGES", 4)
    api.mode = "endless"
    with pytest.raises(BoundariesUnavailable, match="na 4 pagina's"):
        pdok.download_boundaries(2025, "gemeente")
    assert len(_items(api)) == 4
    assert not pdok.cache_dir(2025, "gemeente").exists()


def test_retry_after_server_error(api) -> None:
    api.fail_first = 1
    gdf = boundaries.load_boundaries(2025)
    assert len(gdf) == 4
    assert len(api.requests) == 4  # one 503, then the three pages


def test_gives_up_after_retries(api) -> None:
    api.fail_first = 100
    with pytest.raises(BoundariesUnavailable, match="HTTP 503"):
        pdok.download_boundaries(2025, "gemeente")
    assert len(api.requests) == pdok.RETRIES + 1
    assert not pdok.cache_file(2025, "gemeente").exists()


def test_unknown_collection_is_a_clear_404(api) -> None:
    api.collections.discard("wijk_gegeneraliseerd")
    with pytest.raises(BoundariesUnavailable, match="HTTP 404") as info:
        pdok.download_boundaries(2025, "wijk")
    assert "doesn't exist in this features service" in str(info.value)  # the problem's detail
    assert len(api.requests) == 1  # no retries on a 404
    assert not pdok.cache_dir(2025, "wijk").exists()


def test_non_json_answer_is_clear(api) -> None:
    api.mode = "html"
    with pytest.raises(BoundariesUnavailable, match="geen GeoJSON"):
        pdok.download_boundaries(2025, "gemeente")
    assert not pdok.cache_dir(2025, "gemeente").exists()


def test_no_areas_in_groningen_or_drenthe(api) -> None:
    AREAS[("gemeente_gegeneraliseerd", 2030)] = [("GM0363", "Amsterdam", 120000, 485000)]
    try:
        with pytest.raises(BoundariesUnavailable, match="geen gebieden in Groningen of Drenthe"):
            pdok.download_boundaries(2030, "gemeente")
        with pytest.raises(BoundariesUnavailable, match="geen gebieden voor"):
            pdok.download_boundaries(2031, "gemeente")  # jaarcode without data
    finally:
        del AREAS[("gemeente_gegeneraliseerd", 2030)]


@pytest.mark.parametrize("mode", ["crs84", "no_header"])
def test_answers_end_in_rd(api, mode: str) -> None:
    api.mode = mode  # crs84: the server ignored crs and says so in Content-Crs; no_header: RD
    gdf = boundaries.load_boundaries(2025)
    assert gdf.crs.to_epsg() == 28992
    assert gdf.total_bounds == pytest.approx([205000, 522000, 260000, 585000], abs=1.0)


def test_cache_is_checked(api, monkeypatch) -> None:
    pdok.download_boundaries(2025, "gemeente")
    monkeypatch.setenv("AVK_PDOK_BASE_URL", _dead_url())
    monkeypatch.setenv("AVK_OFFLINE", "1")
    assert boundaries.load_boundaries(2025).attrs["herkomst"] == "pdok"
    path = pdok.cache_file(2025, "gemeente")
    path.write_text(path.read_text(encoding="utf-8").replace("Assen", "Asen"), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="checksum"):
        boundaries.load_boundaries(2025)


def test_network_down_falls_back_to_shipped(root, monkeypatch) -> None:
    monkeypatch.setenv("AVK_PDOK_BASE_URL", _dead_url())
    with pytest.raises(BoundariesUnavailable, match="niet bereikbaar"):
        pdok.download_boundaries(2025, "gemeente")
    with pytest.warns(UserWarning, match="meegeleverde grenzen"):
        gdf = boundaries.load_boundaries(2025)
    assert len(gdf) == 22 and gdf.attrs["herkomst"] == "meegeleverd"
    with pytest.raises(BoundariesUnavailable, match="niet bereikbaar"):
        boundaries.load_boundaries(2024)  # nothing shipped for 2024
    assert not (paths.pdok_raw_dir() / "gemeente_gegeneraliseerd").exists()


def test_offline_uses_shipped_and_never_touches_the_network(api, monkeypatch) -> None:
    monkeypatch.setenv("AVK_OFFLINE", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdf = boundaries.load_boundaries(2025)
    assert len(gdf) == 22 and gdf.attrs["herkomst"] == "meegeleverd"
    assert maps.map_source_note(gdf) == (
        "Grenzen 2025, vereenvoudigd: Bron: CBS / Kadaster, via PDOK (CC BY 4.0)."
    )
    assert len(boundaries.load_provinces()) == 2
    with pytest.raises(BoundariesUnavailable, match="AVK_OFFLINE"):
        pdok.download_boundaries(2025, "gemeente")
    # the 312 wijken of the 22 gemeenten are shipped too: wijk maps work offline
    wijken = boundaries.load_boundaries(2025, "wijk")
    assert len(wijken) == 312 and wijken.attrs["herkomst"] == "meegeleverd"
    assert set(wijken["gemeentecode"]) == set(regions.gemeente_codes())
    assert (wijken.groupby("gemeentecode").size()["GM0114"]) == 27  # Emmen
    assert wijken.set_index("wijkcode").loc["WK001400", "wijknaam"] == "Centrum"
    with pytest.raises(BoundariesUnavailable, match="alleen die van 2025 worden meegeleverd"):
        boundaries.load_boundaries(2024, "wijk")
    with pytest.raises(BoundariesUnavailable, match="alleen die van 2025 worden meegeleverd"):
        boundaries.load_boundaries(2024)
    monkeypatch.delenv("AVK_OFFLINE")
    with pytest.raises(BoundariesUnavailable, match="allow_download=False"):
        boundaries.load_boundaries(2024, "wijk", allow_download=False)
    assert load.geometrie().attrs["herkomst"] == "meegeleverd"  # downloaden=False by default
    assert api.requests == []


def test_online_download_replaces_shipped(api, monkeypatch) -> None:
    monkeypatch.setenv("AVK_OFFLINE", "1")
    assert boundaries.load_boundaries(2025).attrs["herkomst"] == "meegeleverd"
    monkeypatch.delenv("AVK_OFFLINE")
    online = load.geometrie(downloaden=True)
    assert online.attrs["herkomst"] == "pdok" and len(online) == 4
    assert maps.map_source_note(online) == (
        "Grenzen 2025: Bron: CBS / Kadaster, via PDOK (CC BY 4.0)."
    )
    monkeypatch.setenv("AVK_OFFLINE", "1")  # once cached, offline uses the download too
    assert boundaries.load_boundaries(2025).attrs["herkomst"] == "pdok"
    assert len(_items(api)) == 3


def test_unknown_layer_is_refused(root) -> None:
    with pytest.raises(ValueError, match="Onbekende kaartlaag"):
        boundaries.load_boundaries(2025, "buurt")


# --------------------------------------------------------------------------- shipped boundaries


def test_shipped_sidecar_verifies() -> None:
    directory = REPO_RAW / "grenzen" / "2025"
    prov = provenance.verify(directory)
    assert set(prov.files) == {
        "gemeenten_2025.geojson",
        "provincies_2025.geojson",
        "wijken_2025.geojson",
    }
    assert "d12a9a9b777940999b929c805730b19d330aaae7" in prov.source  # the wijk file's commit
    assert prov.status == "echt"
    assert "CC BY 4.0" in prov.licence and "Bron: CBS / Kadaster, via PDOK" in prov.licence
    assert "cartomap/nl" in prov.source and "01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6" in prov.url


def test_shipped_wijken_are_valid_and_cover_their_gemeente(root, monkeypatch) -> None:
    monkeypatch.setenv("AVK_OFFLINE", "1")
    wijken = boundaries.load_boundaries(2025, "wijk")
    assert wijken.crs.to_epsg() == 28992 and wijken.geometry.is_valid.all()
    assert wijken["wijkcode"].is_unique and wijken["wijkcode"].str.match(r"^WK\d{6}$").all()
    gem = boundaries.load_boundaries(2025).set_index("gemeentecode")
    areas = wijken.dissolve("gemeentecode").area
    # separately simplified: the union of a gemeente's wijken is within 3 % of the gemeente shape
    assert ((areas / gem.loc[areas.index].area - 1).abs() < 0.03).all()


def test_shipped_gemeenten_and_provinces_are_present_and_valid(root, monkeypatch) -> None:
    monkeypatch.setenv("AVK_OFFLINE", "1")
    gem = boundaries.load_boundaries(2025)
    prov = boundaries.load_provinces()
    assert gem.crs.to_epsg() == 28992 and prov.crs.to_epsg() == 28992
    expected = regions.gemeenten().set_index("gemeentecode")
    assert sorted(gem["gemeentecode"]) == sorted(expected.index)
    assert len(gem) == 22
    names = gem.set_index("gemeentecode")["gemeentenaam"]
    assert (names == expected.loc[names.index, "gemeentenaam"]).all()
    assert prov["provinciecode"].tolist() == ["PV20", "PV22"]
    assert prov["provincienaam"].tolist() == ["Groningen", "Drenthe"]
    assert gem.geometry.is_valid.all() and prov.geometry.is_valid.all()
    assert not gem.geometry.is_empty.any()
    area = gem.set_index("gemeentecode").area / 1e6
    assert area["GM0014"] == pytest.approx(198.1, abs=0.5)  # README: 198.1 km²
    assert area["GM0114"] == pytest.approx(346.5, abs=0.5)  # README: 346.5 km²
    # each gemeente lies in its own province
    shapes = prov.set_index("provinciecode").geometry
    for row in gem.itertuples():
        assert shapes[row.provinciecode].contains(row.geometry.representative_point())
    # and in the north-east of the Netherlands, in RD metres
    minx, miny, maxx, maxy = gem.total_bounds
    assert 180_000 < minx < maxx < 285_000 and 510_000 < miny < maxy < 625_000
