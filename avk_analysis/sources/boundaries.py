"""Boundaries of gemeenten, provinces and wijken for maps (drawn by ``presentation.maps``).

Two sources, both real boundaries in EPSG:28992 (RD New):

* the generalised 2025 boundaries of the 22 gemeenten, their 312 wijken and the two provinces
  shipped in ``data/raw/grenzen/2025/`` (cartomap/nl, derived from CBS gebiedsindelingen via
  PDOK), so maps work offline;
* downloads from PDOK's OGC API (``avk_analysis.sources.pdok``), cached under
  ``data/raw/pdok/``, which replace the shipped ones once present and are the only source of
  other years.

"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd

from avk_analysis.sources import pdok
from avk_analysis.vocabulary import config, paths, provenance, regions, timing

CRS = pdok.CRS
LAYERS = pdok.COLLECTIONS
ATTRIBUTION = pdok.ATTRIBUTION  # "Bron: CBS / Kadaster, via PDOK"
SHIPPED_YEAR = paths.SHIPPED_BOUNDARY_YEAR
SHIPPED_FILES = paths.SHIPPED_BOUNDARY_FILES
ORIGIN_SHIPPED = "meegeleverd"
ORIGIN_PDOK = "pdok"


# --------------------------------------------------------------------------- loading


def shipped_dir() -> Path:
    """Return ``data/raw/grenzen/2025/``, the boundaries shipped for offline maps."""
    return paths.shipped_boundaries_dir()


def shipped_file(year: int, level: str) -> Path | None:
    """Return the shipped GeoJSON of a level and year, or None when none is shipped."""
    return paths.shipped_boundary_file(pdok.level_of(level), year)


def _standardise(gdf: gpd.GeoDataFrame, level: str, year: int) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["statcode"] = gdf["statcode"].astype(str).str.strip()
    gdf["statnaam"] = gdf["statnaam"].astype(str).str.strip()
    if level == "gemeente":
        gdf.insert(0, "gemeentecode", gdf["statcode"])
        gdf.insert(1, "gemeentenaam", gdf["statnaam"])
        gdf.insert(2, "provinciecode", gdf["statcode"].map(_province_of_gemeente))
    elif level == "provincie":
        gdf.insert(0, "provinciecode", gdf["statcode"])
        gdf.insert(1, "provincienaam", gdf["statnaam"])
    else:
        # the four digits after "WK" are the gemeente number (a "gemeentecode" column, as in the
        # shipped file and PDOK's wijk layer, is rebuilt from them so both sources agree)
        gdf = gdf.drop(columns=[c for c in ("gemeentecode",) if c in gdf.columns])
        gdf.insert(0, "wijkcode", gdf["statcode"])
        gdf.insert(1, "wijknaam", gdf["statnaam"])
        gdf.insert(2, "gemeentecode", "GM" + gdf["statcode"].str[2:6])
    gdf["jaar"] = int(year)
    gdf = gdf.sort_values("statcode").reset_index(drop=True)
    gdf = gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    return gpd.GeoDataFrame(gdf, geometry="geometry", crs=CRS)


def _province_of_gemeente(code: str) -> str:
    if regions.is_current_gemeente(code):
        return regions.province_of(code)
    return regions.province_of(regions.main_successor(code))


def _read(path: Path, level: str, year: int, origin: str) -> gpd.GeoDataFrame:
    """Verify the sidecar of ``path``'s folder, read it in RD and standardise the columns."""
    with timing.phase("grenzen laden"):
        return _read_verified(path, level, year, origin)


def _read_verified(path: Path, level: str, year: int, origin: str) -> gpd.GeoDataFrame:
    prov = provenance.verify(path.parent)
    gdf = gpd.read_file(path, engine="pyogrio")
    gdf = gdf.set_crs(CRS, allow_override=True) if gdf.crs is None else gdf.to_crs(CRS)
    out = _standardise(gdf, level, year)
    out.attrs.update(
        {
            "bron": prov.url,
            "licentie": prov.licence,
            "opgehaald": prov.retrieved,
            "herkomst": origin,
            "grensjaar": int(year),
            "bronvermelding": ATTRIBUTION,
        }
    )
    return out


def read_file(path: Path, level: str, year: int, origin: str = ORIGIN_SHIPPED) -> gpd.GeoDataFrame:
    """Read a boundary file (its provenance verified) with the standard columns."""
    return _read(path, pdok.level_of(level), year, origin)


def check_file(path: Path, level: str, year: int) -> None:
    """Verify and read a raw boundary file; raise a Dutch ProvenanceError naming it if damaged."""
    try:
        _read(path, pdok.level_of(level), year, ORIGIN_SHIPPED)
    except provenance.ProvenanceError:
        raise
    except Exception as exc:  # pyogrio, shapely and pandas raise many types for a damaged file
        raise provenance.ProvenanceError(
            f"{provenance.shown(path)}: de grenzen zijn niet leesbaar ({type(exc).__name__}); "
            f"{provenance.repair_hint(path)}."
        ) from None


def _unavailable(year: int, level: str, why: str) -> pdok.BoundariesUnavailable:
    return pdok.BoundariesUnavailable(
        f"Er zijn geen {level}grenzen voor {year}: niet in de cache "
        f"({pdok.cache_dir(year, level)}) en "
        f"alleen die van {SHIPPED_YEAR} worden meegeleverd; {why}. Haal ze met internet op bij "
        f"PDOK: draai `avk-monitor data --grensjaar {year}`."
    )


def load_boundaries(
    year: int, level: str = "gemeente", *, allow_download: bool = True
) -> gpd.GeoDataFrame:
    """Return boundaries of a level and year: PDOK cache, else download, else the shipped ones.

    This reads ``data/raw/`` only; a report kernel reads the build's copy through
    ``avk_analysis.load.geometrie``.
    """
    name = pdok.collection(level)
    lvl = pdok.level_of(name)
    path = pdok.cache_file(year, name)
    shipped = shipped_file(year, lvl)
    offline = not allow_download or config.forced_offline()
    if not path.exists() and not offline:
        try:
            pdok.download_boundaries(year, name)
        except pdok.BoundariesUnavailable as exc:
            if shipped is None:
                raise
            warnings.warn(
                f"PDOK-grenzen niet opgehaald ({exc}); de meegeleverde grenzen van "
                f"{SHIPPED_YEAR} worden gebruikt.",
                stacklevel=2,
            )
    if path.exists():
        return _read(path, lvl, year, ORIGIN_PDOK)
    if shipped is not None:
        return _read(shipped, lvl, year, ORIGIN_SHIPPED)
    # online, a failed download has raised above already
    raise _unavailable(year, lvl, "downloaden staat uit (AVK_OFFLINE of allow_download=False)")


def load_provinces(year: int = SHIPPED_YEAR, *, allow_download: bool = False) -> gpd.GeoDataFrame:
    """Return the outlines of Groningen and Drenthe (PDOK cache, download or shipped)."""
    return load_boundaries(year, "provincie", allow_download=allow_download)


# --------------------------------------------------------------------------- drawing paths

MAP_BOX = 600.0  # the drawing box of one group's map: its longer side, in SVG units


def _ring_path(coords: object, minx: float, maxy: float, scale: float) -> str:
    """Return the SVG path data of one ring (y flipped: north up), one decimal."""
    import numpy as np

    xy = np.asarray(coords, dtype=float)[:, :2]
    x = (xy[:, 0] - minx) * scale
    y = (maxy - xy[:, 1]) * scale
    points = [f"{a:.1f},{b:.1f}" for a, b in zip(x.tolist(), y.tolist(), strict=True)]
    return "M" + "L".join(points) + "Z"


def path_data(geom: object, minx: float, maxy: float, scale: float) -> str:
    """Return the SVG path data of a (multi)polygon in a drawing frame (holes included)."""
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            parts.append(_ring_path(ring.coords, minx, maxy, scale))
    return "".join(parts)


def map_paths(gdf: gpd.GeoDataFrame, *, group: str = "gemeentecode", box: float = MAP_BOX) -> dict:
    """Return the drawing paths of every area, per group (e.g. the wijken of each gemeente).

    Each group gets its own frame: the group's extent scaled so that its longer side is ``box``
    SVG units, north up. Per area: its code, CBS name, SVG path data and a point inside it for a
    label (shapely's representative point). The result is plain JSON, the same for the same
    boundaries, so the build computes it once per edition and every page only colours it.
    """
    out: dict[str, dict] = {}
    for key, part in gdf.sort_values("statcode").groupby(group, sort=True):
        minx, miny, maxx, maxy = (float(v) for v in part.total_bounds)
        scale = box / max(maxx - minx, maxy - miny)
        areas = []
        for row in part.itertuples():
            point = row.geometry.representative_point()
            areas.append(
                {
                    "code": str(row.statcode),
                    "naam": str(row.statnaam),
                    "d": path_data(row.geometry, minx, maxy, scale),
                    "x": round((point.x - minx) * scale, 1),
                    "y": round((maxy - point.y) * scale, 1),
                    "aandeel_oppervlak": round(
                        float(row.geometry.area) / float(part.area.sum()), 4
                    ),
                }
            )
        out[str(key)] = {
            "breedte": round((maxx - minx) * scale, 1),
            "hoogte": round((maxy - miny) * scale, 1),
            "vlakken": areas,
        }
    return {
        "grensjaar": gdf.attrs.get("grensjaar"),
        "herkomst": gdf.attrs.get("herkomst"),
        "bronvermelding": gdf.attrs.get("bronvermelding", ATTRIBUTION),
        "groepen": out,
    }
