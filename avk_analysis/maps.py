"""Choropleth maps of the gemeenten: classed colours, a Dutch legend and the source note.

The boundaries come from :mod:`avk_analysis.boundaries`; this module only draws. Classes are
Fisher-Jenks natural breaks (mapclassify), so the same values always give the same map; numbers in
the legend follow :mod:`avk_analysis.presentation`.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from avk_analysis import boundaries
from avk_analysis.presentation import fmt_getal

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes

NO_DATA_LABEL = "geen gegevens"
NO_DATA_COLOUR = "#d9d9d9"
NO_DATA_EDGE = "#7f7f7f"
SCHEMES = {
    "naturalbreaks": "FisherJenks",  # the exact (deterministic) Jenks natural breaks
    "fisherjenks": "FisherJenks",
    "quantiles": "Quantiles",
    "equalinterval": "EqualInterval",
}


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
                f"{fmt_getal(lo, decimals)}{suffix}"
                if n == 1
                else f"{fmt_getal(lo, decimals)} – {fmt_getal(hi, decimals)}{suffix}"
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
    if gdf.attrs.get("herkomst") == boundaries.ORIGIN_SHIPPED:
        what += ", vereenvoudigd"
    return f"{what}: {boundaries.ATTRIBUTION} (CC BY 4.0)."
