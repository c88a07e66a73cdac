"""Boundaries of gemeenten, provinces and wijken for maps, and choropleth maps.

Two sources, both real boundaries in EPSG:28992 (RD New):

* the generalised 2025 boundaries of the 22 gemeenten and the two provinces shipped in
  ``data/raw/grenzen/2025/`` (cartomap/nl, derived from CBS gebiedsindelingen via PDOK), so maps
  work offline;
* downloads from PDOK's OGC API (``avk_analysis.pdok``), cached under ``data/raw/pdok/``, which
  replace the shipped ones once present and are the only source of wijken and other years.

``plot_map`` draws classed colours (mapclassify), a colour-blind-safe palette and Dutch legend
labels; ``map_source_note`` gives the attribution for the caption.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from avk_analysis import config, paths, pdok, provenance, regions

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CRS = pdok.CRS
LAYERS = pdok.COLLECTIONS
ATTRIBUTION = pdok.ATTRIBUTION  # "Bron: CBS / Kadaster, via PDOK"
SHIPPED_YEAR = 2025
SHIPPED_FILES = {"gemeente": "gemeenten_2025.geojson", "provincie": "provincies_2025.geojson"}
ORIGIN_SHIPPED = "meegeleverd"
ORIGIN_PDOK = "pdok"
NO_DATA_LABEL = "geen gegevens"
NO_DATA_COLOUR = "#d9d9d9"
NO_DATA_EDGE = "#7f7f7f"
SCHEMES = {
    "naturalbreaks": "FisherJenks",  # the exact (deterministic) Jenks natural breaks
    "fisherjenks": "FisherJenks",
    "quantiles": "Quantiles",
    "equalinterval": "EqualInterval",
}

# the download lives in avk_analysis.pdok; these stay importable from here
BoundariesUnavailable = pdok.BoundariesUnavailable
download_boundaries = pdok.download_boundaries
cache_dir = pdok.cache_dir
cache_file = pdok.cache_file


# --------------------------------------------------------------------------- loading


def shipped_dir() -> Path:
    """Return ``data/raw/grenzen/2025/``, the boundaries shipped for offline maps."""
    return paths.raw_dir() / "grenzen" / str(SHIPPED_YEAR)


def shipped_file(year: int, level: str) -> Path | None:
    """Return the shipped GeoJSON of a level and year, or None when none is shipped."""
    name = SHIPPED_FILES.get(pdok.level_of(level))
    return shipped_dir() / name if name and int(year) == SHIPPED_YEAR else None


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


def _unavailable(year: int, level: str, why: str) -> BoundariesUnavailable:
    if level == "wijk":
        return BoundariesUnavailable(
            f"Er zijn geen wijkgrenzen voor {year}: wijken worden niet meegeleverd en staan niet "
            f"in de cache ({cache_dir(year, level)}); {why}. Haal ze met internet op bij PDOK: "
            f"draai `avk-monitor data` (of boundaries.download_boundaries({year}, 'wijk'))."
        )
    return BoundariesUnavailable(
        f"Er zijn geen {level}grenzen voor {year}: niet in de cache ({cache_dir(year, level)}) en "
        f"alleen die van {SHIPPED_YEAR} worden meegeleverd; {why}. Haal ze met internet op bij "
        f"PDOK: draai `avk-monitor data --grensjaar {year}`."
    )


def load_boundaries(
    year: int, level: str = "gemeente", *, allow_download: bool = True
) -> gpd.GeoDataFrame:
    """Return boundaries of a level and year: PDOK cache, else download, else the shipped ones."""
    name = pdok.collection(level)
    lvl = pdok.level_of(name)
    path = cache_file(year, name)
    shipped = shipped_file(year, lvl)
    offline = not allow_download or config.forced_offline()
    if not path.exists() and not offline:
        try:
            download_boundaries(year, name)
        except BoundariesUnavailable as exc:
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
    """Wrap a gemeente name at spaces and hyphens so it fits inside its area."""
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
    labels: bool = False,
    source_note: str | None = None,
) -> Axes:
    """Draw a classed choropleth with a Dutch legend; name labels only when asked (labels=True)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import Patch

    gdf = gdf_with_values
    if column not in gdf.columns:
        raise KeyError(f"Kolom {column!r} staat niet in de kaartgegevens")
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
    if labels:
        _draw_labels(ax, gdf, list(fill))
    if source_note:
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
    """Return the caption note on the boundaries: their year, simplification and attribution."""
    year = gdf.attrs.get("grensjaar")
    what = f"Grenzen {year}" if year else "Grenzen"
    if gdf.attrs.get("herkomst") == ORIGIN_SHIPPED:
        what += ", vereenvoudigd"
    return f"{what}: {ATTRIBUTION} (CC BY 4.0)."
