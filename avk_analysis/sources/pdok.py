"""Download CBS gebiedsindelingen from PDOK's OGC API Features and cache them with provenance.

PDOK serves the CBS boundaries of all years in one OGC API (run by GoKoala, PDOK's Go
implementation): ``<host>/cbs/gebiedsindelingen/ogc/v1/collections/<collection>/items``, one year
selected with the property filter ``jaarcode``. Paging is cursor based: the server chooses the
page size (``limit`` is only a wish that GoKoala caps at its configured maximum) and every page
but the last links to the next one with ``rel="next"``. Only those links tell where the
collection ends; the page size never does. Coordinates are asked in RD New with ``crs``; the
server states the CRS of the answer in the ``Content-Crs`` header (OGC API Features part 2).

Only Groningen and Drenthe (incl. former gemeenten) are kept; the result is cached under
``data/raw/pdok/<collection>/<year>/`` with a provenance sidecar, always in EPSG:28992.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import geopandas as gpd
import pandas as pd
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from avk_analysis.vocabulary import config, paths, provenance, regions

API_PATH = "/cbs/gebiedsindelingen/ogc/v1"
CRS = "EPSG:28992"
CRS_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"  # the GeoJSON default
KNOWN_CRS = {CRS_URI: CRS, CRS84_URI: "OGC:CRS84"}
COLLECTIONS = {
    "gemeente": "gemeente_gegeneraliseerd",
    "provincie": "provincie_gegeneraliseerd",
    "wijk": "wijk_gegeneraliseerd",
}
PROVINCES = ("PV20", "PV22")
LIMIT = 1000  # asked per page (GoKoala's default maximum); the server may send fewer
MAX_PAGES = 500  # hard stop: 3,300 wijken at GoKoala's default of 10 per page still fit
TIMEOUT = (10.0, 120.0)  # connect, read (seconds)
RETRIES = 3
BACKOFF = 1.0  # seconds, doubled per retry
ATTRIBUTION = "Bron: CBS / Kadaster, via PDOK"
LICENCE = f"CC BY 4.0 — {ATTRIBUTION} (CBS gebiedsindelingen)"
JSON_TYPES = ("application/geo+json", "application/json")


class BoundariesUnavailable(RuntimeError):
    """No boundaries for this year and level: nothing cached and no download possible."""


def collection(layer_or_level: str) -> str:
    """Return the PDOK collection of a level (gemeente, provincie, wijk) or collection name."""
    if layer_or_level in COLLECTIONS:
        return COLLECTIONS[layer_or_level]
    if layer_or_level in COLLECTIONS.values():
        return layer_or_level
    known = ", ".join([*COLLECTIONS, *COLLECTIONS.values()])
    raise ValueError(f"Onbekende kaartlaag {layer_or_level!r}; kies uit: {known}")


def level_of(layer_or_level: str) -> str:
    """Return the level (gemeente, provincie, wijk) of a collection or level name."""
    name = collection(layer_or_level)
    return next(level for level, coll in COLLECTIONS.items() if coll == name)


def api_url() -> str:
    """Return the landing page of the CBS gebiedsindelingen OGC API on the configured host."""
    return config.pdok_base_url() + API_PATH


def items_url(layer: str) -> str:
    """Return the items endpoint of a collection."""
    return f"{api_url()}/collections/{collection(layer)}/items"


def items_params(year: int) -> dict[str, str]:
    """Return the query of the first page: GeoJSON, one jaarcode, RD New, a page-size wish."""
    # GoKoala answers 400 to unknown parameters, so send nothing else
    return {"f": "json", "jaarcode": str(int(year)), "crs": CRS_URI, "limit": str(LIMIT)}


def cache_dir(year: int, layer: str) -> Path:
    """Return ``data/raw/pdok/<collection>/<year>/``."""
    return paths.pdok_raw_dir() / collection(layer) / str(int(year))


def cache_file(year: int, layer: str) -> Path:
    """Return the cached GeoJSON of a layer and year."""
    return paths.pdok_cache_file(collection(layer), year)


def _session() -> requests.Session:
    retry = Retry(
        total=RETRIES,
        connect=RETRIES,
        read=RETRIES,
        status=RETRIES,
        backoff_factor=BACKOFF,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = "avk-analysis (monitor generatiearmoede)"
    session.headers["Accept"] = "application/geo+json, application/json;q=0.9"
    return session


def _page_key(url: str) -> tuple:
    """Normalise a page URL (query order does not matter) to recognise a page seen before."""
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc.lower(), parts.path, tuple(sorted(parse_qsl(parts.query))))


def _problem(resp: requests.Response) -> str:
    """Return the ``detail`` of an RFC 7807 problem answer (as GoKoala sends), if any."""
    try:
        detail = resp.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return f": {detail}" if isinstance(detail, str) and detail else ""


def _get(session: requests.Session, url: str, params: dict[str, str] | None) -> requests.Response:
    try:
        resp = session.get(url, params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise BoundariesUnavailable(
            f"PDOK is niet bereikbaar ({url}): {type(exc).__name__}. De kaarten gebruiken dan de "
            "meegeleverde grenzen."
        ) from exc
    if resp.status_code == 404:
        raise BoundariesUnavailable(
            f"PDOK gaf HTTP 404 ({resp.url}){_problem(resp)}: collectie of dienst bestaat niet "
            "(meer)"
        )
    if resp.status_code != 200:
        raise BoundariesUnavailable(
            f"PDOK gaf HTTP {resp.status_code} ({resp.url}){_problem(resp)}"
        )
    return resp


def _document(resp: requests.Response) -> dict:
    """Parse one page; it must be a GeoJSON FeatureCollection."""
    try:
        doc = json.loads(resp.content)
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = resp.content[:200].decode("utf-8", errors="replace")
        raise BoundariesUnavailable(
            f"Het antwoord van PDOK is geen GeoJSON ({resp.url}): {snippet!r}"
        ) from exc
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        raise BoundariesUnavailable(f"Het antwoord van PDOK is geen FeatureCollection ({resp.url})")
    returned = doc.get("numberReturned")
    if isinstance(returned, int) and returned != len(doc["features"]):
        raise BoundariesUnavailable(
            f"PDOK meldt {returned} gebieden op deze pagina maar stuurde er "
            f"{len(doc['features'])} ({resp.url}); het antwoord is onvolledig"
        )
    return doc


def _next_link(doc: dict, base: str) -> str | None:
    """Return the absolute URL of the ``rel="next"`` link of a page (GeoJSON), if there is one."""
    for link in doc.get("links") or []:
        if not isinstance(link, dict) or link.get("rel") != "next" or not link.get("href"):
            continue
        media = str(link.get("type", JSON_TYPES[0])).split(";")[0].strip()
        if media in JSON_TYPES:
            href = urljoin(base, str(link["href"]))
            if urlsplit(href).scheme not in ("http", "https"):
                raise BoundariesUnavailable(f"PDOK gaf een onbruikbare 'next'-link: {href!r}")
            return href
    return None


def _content_crs(resp: requests.Response, features: list[dict]) -> str:
    """Return the CRS of a page from its ``Content-Crs`` header (``<uri>``)."""
    header = resp.headers.get("Content-Crs", "").strip().strip("<>").strip()
    if not header:
        # no header: RD metres as asked, unless the coordinates look like degrees (GeoJSON default)
        frame = gpd.GeoDataFrame.from_features(features)
        minx, miny, maxx, maxy = frame.total_bounds
        degrees = max(abs(minx), abs(miny), abs(maxx), abs(maxy)) <= 360
        return KNOWN_CRS[CRS84_URI] if degrees else CRS
    if header not in KNOWN_CRS:
        raise BoundariesUnavailable(
            f"PDOK antwoordde in een onverwacht coördinatenstelsel {header!r} ({resp.url}); "
            f"gevraagd was {CRS_URI}"
        )
    return KNOWN_CRS[header]


def _frame(features: list[dict], crs: str, url: str) -> gpd.GeoDataFrame:
    """Turn the features of one page into a frame in EPSG:28992."""
    try:
        gdf = gpd.GeoDataFrame.from_features(features, crs=crs)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise BoundariesUnavailable(f"PDOK-antwoord niet leesbaar als GeoJSON ({url})") from exc
    if "statcode" not in gdf.columns:
        raise BoundariesUnavailable(f"Het antwoord van PDOK heeft geen kenmerk 'statcode' ({url})")
    return gdf.to_crs(CRS)


def fetch_collection(year: int, layer: str) -> tuple[gpd.GeoDataFrame, int]:
    """Fetch every page of a collection for one jaarcode; return (all areas in RD, pages)."""
    name = collection(layer)
    url: str | None = items_url(name)
    params: dict[str, str] | None = items_params(year)
    seen: set[tuple] = set()
    frames: list[gpd.GeoDataFrame] = []
    matched: int | None = None
    fetched = pages = 0
    with _session() as session:
        while url is not None:
            if pages >= MAX_PAGES:
                raise BoundariesUnavailable(
                    f"PDOK bleef na {MAX_PAGES} pagina's naar een volgende pagina verwijzen voor "
                    f"{name} {year}; gestopt zonder iets op te slaan (maximum MAX_PAGES bereikt)"
                )
            resp = _get(session, url, params)
            seen.update({_page_key(resp.url), _page_key(resp.request.url or resp.url)})
            pages += 1
            doc = _document(resp)
            features = doc["features"]
            if features:
                frames.append(_frame(features, _content_crs(resp, features), resp.url))
            fetched += len(features)
            if isinstance(doc.get("numberMatched"), int):
                matched = doc["numberMatched"]
            url, params = _next_link(doc, resp.url), None
            if url is not None and _page_key(url) in seen:
                raise BoundariesUnavailable(
                    f"PDOK verwijst naar een pagina die al is opgehaald ({url}): een lus in de "
                    f"'next'-links van {name} {year}; gestopt zonder iets op te slaan"
                )
    if matched is not None and fetched != matched:
        raise BoundariesUnavailable(
            f"PDOK meldt {matched} gebieden voor {name} {year} maar de pagina's bevatten er "
            f"{fetched}; het antwoord is onvolledig"
        )
    if not frames:
        raise BoundariesUnavailable(
            f"PDOK gaf geen gebieden voor {name} met jaarcode {year} ({items_url(name)})"
        )
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=CRS)
    return gdf, pages


def wanted(layer: str, codes: pd.Series) -> pd.Series:
    """Tell which stripped statcodes belong to Groningen and Drenthe (incl. former gemeenten)."""
    name = collection(layer)
    gemeenten = set(regions.gemeente_codes()) | set(regions.crosswalk()["oude_code"])
    if name == COLLECTIONS["provincie"]:
        return codes.isin(PROVINCES)
    if name == COLLECTIONS["gemeente"]:
        return codes.isin(gemeenten)
    numbers = {code[2:] for code in gemeenten}
    return codes.str.startswith("WK") & codes.str[2:6].isin(numbers)


def download_boundaries(year: int, layer: str, *, force: bool = False) -> Path:
    """Download a boundary layer of ``year`` from PDOK, keep Groningen/Drenthe, cache it."""
    name = collection(layer)
    target = cache_file(year, name)
    if target.exists() and not force:
        return target
    if config.forced_offline():
        raise BoundariesUnavailable(
            f"Downloaden van {name} {year} staat uit (AVK_OFFLINE); er is geen cache in "
            f"{target.parent}"
        )
    gdf, pages = fetch_collection(year, name)
    gdf["statcode"] = gdf["statcode"].astype(str).str.strip()
    total = len(gdf)
    gdf = gdf.loc[wanted(name, gdf["statcode"])].sort_values("statcode").reset_index(drop=True)
    if gdf.empty:
        raise BoundariesUnavailable(
            f"Het antwoord van PDOK voor {name} {year} bevat geen gebieden in Groningen of Drenthe"
        )
    for col in ("statnaam", "jrstatcode", "rubriek"):
        if col in gdf.columns:
            gdf[col] = gdf[col].astype(str).str.strip()
    directory = target.parent
    directory.mkdir(parents=True, exist_ok=True)
    gdf.to_file(target, driver="GeoJSON", engine="pyogrio")
    first = requests.Request("GET", items_url(name), params=items_params(year)).prepare().url
    prov = provenance.Provenance(
        source="PDOK — CBS gebiedsindelingen (OGC API Features)",
        title=f"{name} {year}, gefilterd op Groningen en Drenthe",
        url=first or items_url(name),
        retrieved=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        licence=LICENCE,
        status=provenance.STATUS_REAL,
        table_id=name,
        notes=(
            f"{len(gdf)} van {total} gebieden bewaard (Groningen en Drenthe, inclusief opgeheven "
            f"gemeenten); {pages} pagina('s) gevolgd via de 'next'-links, {total} gebieden "
            f"opgehaald (jaarcode {year}); statcode zonder spaties; coördinaten in {CRS}."
        ),
    )
    provenance.write_provenance(directory, prov, files=[target])
    return target
