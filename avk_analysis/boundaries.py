"""Boundaries of gemeenten, provinces and wijken, an offline tile map, and choropleth maps.

Real boundaries come from PDOK's CBS gebiedsindelingen WFS (one service per year, generalised
layers), are filtered to Groningen and Drenthe and cached under
``data/raw/pdok/<layer>/<year>/`` with a provenance sidecar, always in EPSG:28992 (RD New).
Without a cache and without network the monitor falls back to ``schematic_tiles()``: one square
per gemeente, clearly marked as schematic. ``plot_map`` draws either with classed colours
(mapclassify), a colour-blind-safe palette and Dutch legend labels.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import requests
from pyogrio.errors import DataLayerError, DataSourceError
from requests.adapters import HTTPAdapter
from shapely.geometry import box
from urllib3.util.retry import Retry

from avk_analysis import config, paths, provenance, regions

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CRS = "EPSG:28992"
LAYERS = {
    "gemeente": "gemeente_gegeneraliseerd",
    "provincie": "provincie_gegeneraliseerd",
    "wijk": "wijk_gegeneraliseerd",
}
PROVINCES = ("PV20", "PV22")
PAGE_SIZE = 1000
MAX_PAGES = 50
TIMEOUT = (10.0, 120.0)  # connect, read (seconds)
RETRIES = 3
BACKOFF = 1.0  # seconds, doubled per retry
LICENCE = (
    "CC BY 4.0 — bron: CBS en Kadaster, CBS gebiedsindelingen via PDOK (licentie volgens het "
    "open-databeleid van CBS; niet apart nagegaan in de PDOK-metadata)"
)
SCHEMATIC_FLAG = "schematisch"
SCHEMATIC_CAPTION = "Schematische kaart: één tegel per gemeente, geen echte grenzen"
NO_DATA_LABEL = "geen gegevens"
NO_DATA_COLOUR = "#d9d9d9"
NO_DATA_EDGE = "#7f7f7f"
TILE_SIZE = 12_000.0  # metres in RD, only to give the tiles a plausible scale
TILE_GAP = 700.0
TILE_ORIGIN = (200_000.0, 610_000.0)  # top-left corner of tile (0, 0)
SCHEMES = {
    "naturalbreaks": "FisherJenks",  # the exact (deterministic) Jenks natural breaks
    "fisherjenks": "FisherJenks",
    "quantiles": "Quantiles",
    "equalinterval": "EqualInterval",
}


class BoundariesUnavailable(RuntimeError):
    """No boundaries for this year and level: nothing cached and no download possible."""


# --------------------------------------------------------------------------- download & cache


def _layer(layer_or_level: str) -> str:
    if layer_or_level in LAYERS:
        return LAYERS[layer_or_level]
    if layer_or_level in LAYERS.values():
        return layer_or_level
    known = ", ".join([*LAYERS, *LAYERS.values()])
    raise ValueError(f"Onbekende kaartlaag {layer_or_level!r}; kies uit: {known}")


def _level(layer: str) -> str:
    return next(level for level, name in LAYERS.items() if name == layer)


def wfs_url(year: int) -> str:
    """Return the PDOK WFS endpoint of the CBS gebiedsindelingen of ``year``."""
    return f"{config.pdok_base_url()}/cbs/gebiedsindelingen/{int(year)}/wfs/v1_0"


def wfs_params(layer: str, start: int = 0) -> dict[str, str]:
    """Return the GetFeature query for one page of ``layer`` (GeoJSON, EPSG:28992)."""
    return {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeName": f"gebiedsindelingen:{_layer(layer)}",
        "outputFormat": "application/json",
        "srsName": CRS,
        "count": str(PAGE_SIZE),
        "startIndex": str(start),
    }


def cache_dir(year: int, layer: str) -> Path:
    """Return ``data/raw/pdok/<layer>/<year>/``."""
    return paths.pdok_raw_dir() / _layer(layer) / str(int(year))


def cache_file(year: int, layer: str) -> Path:
    """Return the cached GeoJSON of a layer and year."""
    name = _layer(layer)
    return cache_dir(year, name) / f"{name}.geojson"


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
    return session


def _count_features(content: bytes, url: str) -> tuple[int, int | None]:
    """Return (features in this page, numberMatched if the server says) of a GeoJSON answer."""
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = content[:200].decode("utf-8", errors="replace")
        raise BoundariesUnavailable(
            f"Het antwoord van PDOK is geen GeoJSON ({url}): {snippet!r}"
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise BoundariesUnavailable(f"Het antwoord van PDOK is geen FeatureCollection ({url})")
    matched = doc.get("numberMatched")
    return len(doc["features"]), matched if isinstance(matched, int) else None


def _read_page(content: bytes, url: str) -> gpd.GeoDataFrame:
    """Read one GeoJSON page with pyogrio; make sure it is in EPSG:28992."""
    try:
        gdf = gpd.read_file(io.BytesIO(content), engine="pyogrio")
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise BoundariesUnavailable(f"PDOK-antwoord niet leesbaar als GeoJSON ({url})") from exc
    if "statcode" not in gdf.columns:
        raise BoundariesUnavailable(f"Het antwoord van PDOK heeft geen kolom 'statcode' ({url})")
    minx = gdf.total_bounds[0]
    if gdf.crs is None or (gdf.crs.to_epsg() == 4326 and minx > 1000):
        # no crs member (GDAL then assumes WGS84) but RD coordinates, as requested
        gdf = gdf.set_crs(CRS, allow_override=True)
    return gdf.to_crs(CRS)


def _wanted(layer: str, codes: pd.Series) -> pd.Series:
    """Tell which stripped statcodes belong to Groningen and Drenthe (incl. former gemeenten)."""
    gemeenten = set(regions.gemeente_codes()) | set(regions.crosswalk()["oude_code"])
    if layer == LAYERS["provincie"]:
        return codes.isin(PROVINCES)
    if layer == LAYERS["gemeente"]:
        return codes.isin(gemeenten)
    numbers = {code[2:] for code in gemeenten}
    return codes.str.startswith("WK") & codes.str[2:6].isin(numbers)


def download_boundaries(year: int, layer: str, *, force: bool = False) -> Path:
    """Download a boundary layer of ``year`` from PDOK, keep Groningen/Drenthe, cache it."""
    name = _layer(layer)
    target = cache_file(year, name)
    if target.exists() and not force:
        return target
    url = wfs_url(year)
    if config.forced_offline():
        raise BoundariesUnavailable(
            f"Downloaden van {name} {year} staat uit (AVK_OFFLINE); er is geen cache in "
            f"{target.parent}"
        )
    pages: list[gpd.GeoDataFrame] = []
    fetched = 0
    with _session() as session:
        for page in range(MAX_PAGES):
            params = wfs_params(name, start=page * PAGE_SIZE)
            try:
                resp = session.get(url, params=params, timeout=TIMEOUT)
            except requests.RequestException as exc:
                raise BoundariesUnavailable(
                    f"PDOK is niet bereikbaar ({url}): {type(exc).__name__}. Zonder cache valt de "
                    "kaart terug op schematische tegels."
                ) from exc
            if resp.status_code != 200:
                raise BoundariesUnavailable(
                    f"PDOK gaf HTTP {resp.status_code} voor {name} {year} ({resp.url})"
                )
            n_page, matched = _count_features(resp.content, resp.url)
            if n_page:
                pages.append(_read_page(resp.content, resp.url))
            fetched += n_page
            done = fetched >= matched if matched is not None else n_page < PAGE_SIZE
            if n_page == 0 or done:
                break
    frames = [p for p in pages if not p.empty]
    if not frames:
        raise BoundariesUnavailable(f"PDOK gaf geen gebieden voor {name} {year} ({url})")
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)
    gdf["statcode"] = gdf["statcode"].astype(str).str.strip()
    total = len(gdf)
    gdf = gdf.loc[_wanted(name, gdf["statcode"])].sort_values("statcode").reset_index(drop=True)
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
    prov = provenance.Provenance(
        source="PDOK — CBS gebiedsindelingen (WFS)",
        title=f"{name} {year}, gefilterd op Groningen en Drenthe",
        url=requests.Request("GET", url, params=wfs_params(name)).prepare().url or url,
        retrieved=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        licence=LICENCE,
        status=provenance.STATUS_REAL,
        table_id=f"gebiedsindelingen:{name}",
        notes=(
            f"{len(gdf)} van {total} gebieden bewaard (Groningen en Drenthe, inclusief opgeheven "
            f"gemeenten); statcode zonder spaties; {len(pages)} pagina('s) van {PAGE_SIZE}; "
            f"coördinaten in {CRS}."
        ),
    )
    provenance.write_provenance(directory, prov, files=[target])
    return target


def _standardise(gdf: gpd.GeoDataFrame, layer: str, year: int) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["statcode"] = gdf["statcode"].astype(str).str.strip()
    level = _level(layer)
    if level == "gemeente":
        gdf.insert(0, "gemeentecode", gdf["statcode"])
        gdf.insert(1, "gemeentenaam", gdf["statnaam"])
        gdf.insert(2, "provinciecode", gdf["statcode"].map(_province_of_gemeente))
    elif level == "provincie":
        gdf.insert(0, "provinciecode", gdf["statcode"])
        gdf.insert(1, "provincienaam", gdf["statnaam"])
    else:
        gdf.insert(0, "wijkcode", gdf["statcode"])
        gdf.insert(1, "wijknaam", gdf["statnaam"])
        gdf.insert(2, "gemeentecode", "GM" + gdf["statcode"].str[2:6])
    gdf["jaar"] = int(year)
    gdf[SCHEMATIC_FLAG] = False
    gdf = gdf.sort_values("statcode").reset_index(drop=True)
    gdf = gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    out = gpd.GeoDataFrame(gdf, geometry="geometry", crs=CRS)
    out.attrs[SCHEMATIC_FLAG] = False
    return out


def _province_of_gemeente(code: str) -> str:
    if regions.is_current_gemeente(code):
        return regions.province_of(code)
    return regions.province_of(regions.main_successor(code))


def load_boundaries(
    year: int, level: str = "gemeente", *, allow_download: bool = True
) -> gpd.GeoDataFrame:
    """Return the boundaries of a level and year (cache, else PDOK; BoundariesUnavailable)."""
    name = _layer(level)
    path = cache_file(year, name)
    if not path.exists():
        if not allow_download or config.forced_offline():
            raise BoundariesUnavailable(
                f"Geen grenzen voor {_level(name)} {year} in de cache ({path.parent}) en "
                "downloaden staat uit (AVK_OFFLINE of allow_download=False)"
            )
        download_boundaries(year, name)
    prov = provenance.verify(path.parent)
    gdf = gpd.read_file(path, engine="pyogrio")
    gdf = gdf.set_crs(CRS, allow_override=True) if gdf.crs is None else gdf.to_crs(CRS)
    out = _standardise(gdf, name, year)
    out.attrs.update({"bron": prov.url, "licentie": prov.licence, "opgehaald": prov.retrieved})
    return out


# --------------------------------------------------------------------------- schematic fallback


def schematic_tiles() -> gpd.GeoDataFrame:
    """Return the offline tile map: one square per gemeente at its tile position (schematic)."""
    gem = regions.gemeenten()
    x0, y0 = TILE_ORIGIN
    geoms = [
        box(
            x0 + col * TILE_SIZE + TILE_GAP / 2,
            y0 - (row + 1) * TILE_SIZE + TILE_GAP / 2,
            x0 + (col + 1) * TILE_SIZE - TILE_GAP / 2,
            y0 - row * TILE_SIZE - TILE_GAP / 2,
        )
        for col, row in zip(gem["tegel_kolom"], gem["tegel_rij"], strict=True)
    ]
    gdf = gpd.GeoDataFrame(
        {
            "gemeentecode": gem["gemeentecode"].to_numpy(),
            "gemeentenaam": gem["gemeentenaam"].to_numpy(),
            "provinciecode": gem["provinciecode"].to_numpy(),
            SCHEMATIC_FLAG: True,
        },
        geometry=geoms,
        crs=CRS,
    )
    gdf.attrs[SCHEMATIC_FLAG] = True
    return gdf


def gemeente_geometries(year: int, allow_download: bool) -> tuple[gpd.GeoDataFrame, bool]:
    """Return (gemeente geometries, schematic?): real boundaries if available, else the tiles."""
    try:
        return load_boundaries(year, "gemeente", allow_download=allow_download), False
    except BoundariesUnavailable:
        return schematic_tiles(), True


def is_schematic(gdf: gpd.GeoDataFrame) -> bool:
    """Tell whether a frame holds schematic tiles rather than real boundaries."""
    if gdf.attrs.get(SCHEMATIC_FLAG):
        return True
    return SCHEMATIC_FLAG in gdf.columns and bool(gdf[SCHEMATIC_FLAG].fillna(False).any())


# --------------------------------------------------------------------------- maps


def format_nl(value: float, decimals: int = 1) -> str:
    """Format a number the Dutch way: decimal comma, dot as thousands separator."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def classify(values: pd.Series, scheme: str = "NaturalBreaks", k: int = 5) -> tuple[list, list]:
    """Classify the non-missing values; return (upper bounds per class, class per value)."""
    key = scheme.replace(" ", "").replace("_", "").lower()
    if key not in SCHEMES:
        raise ValueError(
            f"Onbekende klassenindeling {scheme!r}; kies uit: NaturalBreaks, Quantiles"
        )
    y = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    unique = np.unique(y)
    if len(unique) == 0:
        return [], []
    if len(unique) == 1:
        return [float(unique[0])], [0] * len(y)
    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = getattr(mapclassify, SCHEMES[key])(y, k=min(int(k), len(unique)))
    bins = [float(b) for b in result.bins]
    classes = [int(c) for c in result.yb]
    used = sorted(set(classes))  # drop empty classes so the legend shows what is on the map
    remap = {old: new for new, old in enumerate(used)}
    return [bins[i] for i in used], [remap[c] for c in classes]


def _short_label(name: str, width: int = 10) -> str:
    """Wrap a gemeente name at spaces and hyphens so it fits on a tile."""
    parts = name.replace("-", "-\x00").replace(" ", " \x00").split("\x00")
    lines = [""]
    for part in parts:
        if lines[-1] and len((lines[-1] + part).rstrip()) > width:
            lines.append(part)
        else:
            lines[-1] += part
    return "\n".join(line.strip() for line in lines)


def plot_map(
    gdf_with_values: gpd.GeoDataFrame,
    column: str,
    ax: Axes | None = None,
    scheme: str = "NaturalBreaks",
    k: int = 5,
    *,
    cmap: str = "cividis",
    title: str | None = None,
    legend_title: str | None = None,
    unit: str = "",
    decimals: int = 1,
    labels: bool | None = None,
    source_note: str | None = None,
) -> Axes:
    """Draw a classed choropleth with a Dutch legend; schematic tiles get labels and a caption."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import Patch

    gdf = gdf_with_values
    if column not in gdf.columns:
        raise KeyError(f"Kolom {column!r} staat niet in de kaartgegevens")
    schematic = is_schematic(gdf)
    values = pd.to_numeric(gdf[column], errors="coerce")
    present = values.notna().to_numpy()
    upper, classes = classify(values[present], scheme, k)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6.5))
    palette = plt.get_cmap(cmap)
    n = len(upper)
    colours = [to_hex(palette(0.5 if n == 1 else i / (n - 1))) for i in range(n)]

    fill = np.array([NO_DATA_COLOUR] * len(gdf), dtype=object)
    fill[present] = [colours[c] for c in classes]
    handles = []
    if n:
        lowest = float(values[present].min())
        lowers = [lowest, *upper[:-1]]
        suffix = f" {unit}" if unit else ""
        for colour, lo, hi in zip(colours, lowers, upper, strict=True):
            text = (
                f"{format_nl(lo, decimals)}{suffix}"
                if n == 1
                else f"{format_nl(lo, decimals)} – {format_nl(hi, decimals)}{suffix}"
            )
            handles.append(Patch(facecolor=colour, edgecolor="none", label=text))
        gdf.loc[present].plot(ax=ax, color=list(fill[present]), edgecolor="white", linewidth=0.6)
    if not present.all():
        gdf.loc[~present].plot(
            ax=ax, facecolor=NO_DATA_COLOUR, edgecolor=NO_DATA_EDGE, hatch="///", linewidth=0.6
        )
        handles.append(
            Patch(
                facecolor=NO_DATA_COLOUR, edgecolor=NO_DATA_EDGE, hatch="///", label=NO_DATA_LABEL
            )
        )
    ax.legend(
        handles=handles,
        title=legend_title or column,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
    )
    show_labels = schematic if labels is None else labels
    if show_labels:
        _draw_labels(ax, gdf, list(fill))
    if schematic:
        ax.text(
            0.0,
            -0.03,
            SCHEMATIC_CAPTION,
            transform=ax.transAxes,
            fontsize=8,
            style="italic",
            va="top",
        )
    elif source_note:
        ax.text(0.0, -0.03, source_note, transform=ax.transAxes, fontsize=7, va="top")
    if title:
        ax.set_title(title)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _draw_labels(ax: Axes, gdf: gpd.GeoDataFrame, fill: list[str]) -> None:
    from matplotlib.colors import to_rgb

    name_col = next(
        (c for c in ("gemeentenaam", "regionaam", "statnaam", "gemeentecode") if c in gdf.columns),
        None,
    )
    if name_col is None:
        return
    for (_, row), colour in zip(gdf.iterrows(), fill, strict=True):
        point = row.geometry.representative_point()
        r, g, b = to_rgb(colour)
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
        ax.annotate(
            _short_label(str(row[name_col])),
            xy=(point.x, point.y),
            ha="center",
            va="center",
            fontsize=6.5,
            color="white" if dark else "black",
        )


def map_source_note(gdf: gpd.GeoDataFrame) -> str:
    """Return the caption note on the geometry: PDOK boundaries or the schematic tile map."""
    if is_schematic(gdf):
        return SCHEMATIC_CAPTION + "."
    return "Grenzen: CBS gebiedsindelingen via PDOK (CC BY 4.0)."
