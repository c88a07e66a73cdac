"""Choropleth maps of the gemeenten: classed colours, a Dutch legend and the source note.

The boundaries come from :mod:`avk_analysis.sources.boundaries`; this module only draws. Classes are
Fisher-Jenks natural breaks (mapclassify), so the same values always give the same map; numbers in
the legend follow :mod:`avk_analysis.presentation.formatting`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from avk_analysis.presentation.formatting import fmt_getal
from avk_analysis.sources import boundaries
from avk_analysis.vocabulary import regions, timing

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes

NO_DATA_LABEL = "geen gegevens"
NO_DATA_COLOUR = "#ffffff"  # white with a dark hatch: never confused with a class colour
NO_DATA_EDGE = "#4d4d4d"
# Sequential, colour-blind safe (ColorBrewer YlGnBu): light to dark, no grey anywhere.
SEQUENTIAL = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]
OUTLINE_COLOUR = "#d0006f"  # the Veenkoloniën outline stands out against every class colour
_current_veenkolonien: str | None = None
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
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


def use_veenkolonien(definitie: str | None) -> None:
    """Set the Veenkoloniën set that maps outline by default (the run's choice)."""
    global _current_veenkolonien
    if definitie is not None:
        regions.veenkolonien(definitie)  # unknown set → clear KeyError
    _current_veenkolonien = definitie


def class_labels(
    values: pd.Series, classes: list[int], n: int, decimals: int = 1, unit: str = ""
) -> list[str]:
    """Return one legend label per class from its own lowest and highest value; never overlapping.

    Each label shows the range of the values actually in the class, so "3,1 – 4,0" is followed
    by "4,1 – 5,4", not by "4,0 – 5,4"; when rounding would make two labels touch, one more
    decimal is shown.
    """
    y = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    groups = [y[np.asarray(classes) == i] for i in range(n)]
    suffix = f" {unit}" if unit else ""
    digits = decimals
    for digits in range(decimals, decimals + 3):
        bounds = [(fmt_getal(g.min(), digits), fmt_getal(g.max(), digits)) for g in groups]
        rounded = [(round(g.min(), digits), round(g.max(), digits)) for g in groups]
        if all(rounded[i][1] < rounded[i + 1][0] for i in range(n - 1)):
            break
    bounds = [(fmt_getal(g.min(), digits), fmt_getal(g.max(), digits)) for g in groups]
    return [f"{lo}{suffix}" if lo == hi else f"{lo} – {hi}{suffix}" for lo, hi in bounds]


def _palette(n: int, cmap: str | None) -> list[str]:
    """Return ``n`` sequential colours (the house palette unless a colormap is named)."""
    if cmap:
        import matplotlib.pyplot as plt
        from matplotlib.colors import to_hex

        palette = plt.get_cmap(cmap)
        return [to_hex(palette(0.5 if n == 1 else 0.1 + 0.85 * i / (n - 1))) for i in range(n)]
    if n == 1:
        return [SEQUENTIAL[3]]
    picks = np.linspace(0, len(SEQUENTIAL) - 1, n).round().astype(int)
    return [SEQUENTIAL[i] for i in picks]


def plot_map(
    gdf_with_values: gpd.GeoDataFrame,
    column: str,
    ax: Axes | None = None,
    scheme: str = "NaturalBreaks",
    k: int = 5,
    *,
    cmap: str | None = None,
    title: str | None = None,
    legend_title: str | None = None,
    unit: str = "",
    decimals: int = 1,
    labels: bool = False,
    source_note: str | None = None,
    year: int | None = None,
    outline: Iterable[str] | str | None = "auto",
    outline_label: str | None = None,
) -> Axes:
    """Draw a classed choropleth with a Dutch legend (unit, year) and the Veenkoloniën outlined.

    ``outline`` names the gemeentecodes to outline, or a Veenkoloniën definition; "auto" is the
    set the run chose (:func:`use_veenkolonien`, else the default); None draws no outline.
    Missing values are hatched and named in the legend; name labels only when asked.
    """
    with timing.phase("kaart tekenen"):
        return _plot_map(
            gdf_with_values,
            column,
            ax,
            scheme,
            k,
            cmap=cmap,
            title=title,
            legend_title=legend_title,
            unit=unit,
            decimals=decimals,
            labels=labels,
            source_note=source_note,
            year=year,
            outline=outline,
            outline_label=outline_label,
        )


def _plot_map(
    gdf_with_values: gpd.GeoDataFrame,
    column: str,
    ax: Axes | None,
    scheme: str,
    k: int,
    *,
    cmap: str | None,
    title: str | None,
    legend_title: str | None,
    unit: str,
    decimals: int,
    labels: bool,
    source_note: str | None,
    year: int | None,
    outline: Iterable[str] | str | None,
    outline_label: str | None,
) -> Axes:
    """Draw the map of :func:`plot_map`."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from avk_analysis.presentation.charts import record_data

    gdf = gdf_with_values
    if column not in gdf.columns:
        raise KeyError(f"Kolom {column!r} staat niet in de kaartgegevens")
    values = pd.to_numeric(gdf[column], errors="coerce")
    present = values.notna().to_numpy()
    upper, classes = classify(values[present], scheme, k)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6.5))
    n = len(upper)
    colours = _palette(n, cmap)

    fill = np.array([NO_DATA_COLOUR] * len(gdf), dtype=object)
    fill[present] = [colours[c] for c in classes]
    handles: list[object] = []
    if n:
        texts = class_labels(values[present], classes, n, decimals, unit)
        for colour, text in zip(colours, texts, strict=True):
            handles.append(Patch(facecolor=colour, edgecolor="#808080", label=text))
        gdf.loc[present].plot(ax=ax, color=list(fill[present]), edgecolor="white", linewidth=0.6)
    if not present.all():
        gdf.loc[~present].plot(
            ax=ax, facecolor=NO_DATA_COLOUR, edgecolor=NO_DATA_EDGE, hatch="///", linewidth=0.6
        )
        missing = _names(gdf.loc[~present])
        label = NO_DATA_LABEL + (f" ({', '.join(missing)})" if 0 < len(missing) <= 3 else "")
        handles.append(
            Patch(facecolor=NO_DATA_COLOUR, edgecolor=NO_DATA_EDGE, hatch="///", label=label)
        )
    outlined, vk_label = _outline(gdf, outline, outline_label)
    if outlined is not None:
        gpd_outline = type(gdf)(geometry=[outlined], crs=gdf.crs)
        gpd_outline.boundary.plot(ax=ax, color=OUTLINE_COLOUR, linewidth=2.2, zorder=5)
        handles.append(Line2D([], [], color=OUTLINE_COLOUR, linewidth=2.2, label=vk_label))
    ax.legend(
        handles=handles,
        title=_legend_title(legend_title or column, unit, year, title),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=10.5,
        title_fontsize=11,
    )
    if labels:
        _draw_labels(ax, gdf, list(fill))
    if source_note:
        ax.text(0.0, -0.03, source_note, transform=ax.transAxes, fontsize=10, va="top")
    if title:
        ax.set_title(title)
    ax.set_aspect("equal")
    ax.set_axis_off()
    frame = pd.DataFrame(
        {
            "gemeentecode": gdf["gemeentecode"].tolist() if "gemeentecode" in gdf else None,
            "gemeente": _names(gdf, all_rows=True),
            column: values.tolist(),
        }
    )
    record_data(ax, frame.dropna(axis=1, how="all"))
    return ax


def _names(gdf: gpd.GeoDataFrame, *, all_rows: bool = False) -> list[str]:
    """Return the gemeente names of some map rows (codes when there are no names)."""
    col = next((c for c in ("gemeentenaam", "regionaam", "statnaam") if c in gdf.columns), None)
    if col is None:
        code = "gemeentecode" if "gemeentecode" in gdf.columns else None
        return [str(v) for v in gdf[code]] if code else ([""] * len(gdf) if all_rows else [])
    return [str(v) for v in gdf[col]]


def _legend_title(base: str, unit: str, year: int | None, title: str | None) -> str:
    """Return the legend title with unit and year, e.g. "Aandeel (%, 2024)"."""
    if year is None and title:
        found = _YEAR_RE.findall(title)
        year = int(found[-1]) if found else None
    extra = [p for p in (unit if unit and unit not in base else "", str(year or "")) if p]
    return f"{base} ({', '.join(extra)})" if extra else base


def _outline(
    gdf: gpd.GeoDataFrame, outline: Iterable[str] | str | None, label: str | None
) -> tuple[object | None, str]:
    """Return the merged shape to outline and its legend label (None: nothing to outline)."""
    if outline is None or "gemeentecode" not in gdf.columns:
        return None, ""
    definitie = None
    if isinstance(outline, str):
        definitie = _current_veenkolonien or regions.DEFAULT_VEENKOLONIEN
        definitie = definitie if outline == "auto" else outline
        codes = set(regions.veenkolonien(definitie))
    else:
        codes = {str(c) for c in outline}
    chosen = gdf.loc[gdf["gemeentecode"].isin(codes)]
    if chosen.empty:
        return None, ""
    name = label or (regions.veenkolonien_name(definitie) if definitie else "Veenkoloniën")
    return chosen.geometry.union_all(), name


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
            fontsize=10,
            color="white" if dark else "black",
        )


def map_source_note(gdf: gpd.GeoDataFrame) -> str:
    """Return the caption note on the boundaries: their year, simplification and attribution."""
    year = gdf.attrs.get("grensjaar")
    what = f"Grenzen {year}" if year else "Grenzen"
    if gdf.attrs.get("herkomst") == boundaries.ORIGIN_SHIPPED:
        what += ", vereenvoudigd"
    return f"{what}: {boundaries.ATTRIBUTION} (CC BY 4.0)."


# --- an inline SVG map of areas (the wijken of a gemeente) -------------------------------------

SECRET_FILL = "url(#kaart-geheim)"
MISSING_FILL = "url(#kaart-geen)"
_PATTERNS = (
    '<defs><pattern id="kaart-geen" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#4d4d4d" stroke-width="1.5"/></pattern>'
    '<pattern id="kaart-geheim" width="7" height="7" patternUnits="userSpaceOnUse">'
    '<rect width="7" height="7" fill="#d9d9d9"/>'
    '<path d="M0,0L7,7M7,0L0,7" stroke="#4d4d4d" stroke-width="1.1"/></pattern></defs>'
)
SECRET_LEGEND = "x = geheim (het CBS publiceert dit cijfer niet)"
HIGHLIGHT_COLOUR = "#000000"


def area_map(
    shapes: dict,
    values: dict[str, float],
    symbols: dict[str, str],
    *,
    labels: dict[str, str],
    aria_label: str,
    legend_title: str,
    unit: str = "%",
    decimals: int = 1,
    reference: tuple[str, str] | None = None,
    demo: bool = False,
    k: int = 5,
    highlight: str | None = None,
) -> tuple[str, str]:
    """Return (inline SVG map, legend HTML) of areas coloured by classed values.

    ``shapes`` is one group of ``boundaries.map_paths`` (drawing paths computed once per
    edition); ``values`` and ``symbols`` are keyed by area code. An area whose figure is secret
    (``x``) is never coloured as a number: it gets its own cross-hatch and legend line; an area
    without a figure is hatched white ("geen gegevens"). ``labels`` (code → short text, e.g. the
    wijk number) are drawn inside the areas; ``reference`` (label, formatted value) is named in
    the legend (the gemeente's own figure); ``highlight`` (a code) is outlined in black, with a
    legend line naming it. Classes as in :func:`plot_map` (natural breaks).
    """
    import html

    areas = shapes["vlakken"]
    codes = [a["code"] for a in areas]
    present = [c for c in codes if not _missing(values.get(c))]
    upper, classes = classify(
        pd.Series([values[c] for c in present], dtype=float), "NaturalBreaks", k
    )
    colours = _palette(len(upper), None)
    colour_of = {c: colours[i] for c, i in zip(present, classes, strict=True)}
    shapes_svg, names = [], []
    secret = any(symbols.get(c) == "x" and c not in colour_of for c in codes)
    missing = any(symbols.get(c) != "x" and c not in colour_of for c in codes)
    for area in areas:
        code = area["code"]
        if code in colour_of:
            fill, shown = colour_of[code], _fmt_value(values[code], decimals, unit)
        elif symbols.get(code) == "x":
            fill, shown = SECRET_FILL, "geheim (x)"
        else:
            fill, shown = MISSING_FILL, NO_DATA_LABEL
        title = html.escape(f"{area['naam']}: {shown}")
        shapes_svg.append(
            f'<path d="{area["d"]}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" '
            f'stroke-width="1.2"><title>{title}</title></path>'
        )
        text = labels.get(code, "")
        if text:
            names.append(
                f'<text x="{area["x"]:.1f}" y="{area["y"]:.1f}" dy="0.35em">'
                f"{html.escape(text)}</text>"
            )
    outline = ""
    chosen = next((a for a in areas if a["code"] == highlight), None)
    if chosen is not None:
        outline = (
            f'<path d="{chosen["d"]}" fill="none" stroke="{HIGHLIGHT_COLOUR}" stroke-width="4" '
            'stroke-linejoin="round" pointer-events="none"/>'
        )
    width, height = float(shapes["breedte"]), float(shapes["hoogte"])
    watermark = (
        f'<text class="kaart-demo" x="{width / 2:.0f}" y="{height / 2:.0f}" '
        f'transform="rotate(-25 {width / 2:.0f} {height / 2:.0f})">DEMO</text>'
        if demo
        else ""
    )
    svg = (
        f'<svg class="kaart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{html.escape(aria_label)}" xmlns="http://www.w3.org/2000/svg">'
        + _PATTERNS
        + "".join(shapes_svg)
        + outline
        + watermark
        + '<g class="kaart-nummers" aria-hidden="true">'
        + "".join(names)
        + "</g></svg>"
    )
    items = []
    if upper:
        texts = class_labels(
            pd.Series([values[c] for c in present], dtype=float),
            classes,
            len(upper),
            decimals,
            unit,
        )
        items = [
            f'<li><span class="vlak" style="background:{c}"></span>{html.escape(t)}</li>'
            for c, t in zip(colours, texts, strict=True)
        ]
    if secret:
        items.append(f'<li><span class="vlak geheim"></span>{html.escape(SECRET_LEGEND)}</li>')
    if missing:
        items.append(f'<li><span class="vlak geen"></span>{NO_DATA_LABEL}</li>')
    if chosen is not None:
        items.append(
            f'<li><span class="lijn" style="border-color:{HIGHLIGHT_COLOUR}"></span>'
            f"{html.escape(chosen['naam'])}</li>"
        )
    if reference is not None:
        items.append(
            f'<li class="referentie">{html.escape(reference[0])}: '
            f"<strong>{html.escape(reference[1])}</strong></li>"
        )
    legend = (
        f'<p class="legenda-titel">{html.escape(legend_title)}</p>'
        f'<ul class="legenda">{"".join(items)}</ul>'
    )
    return svg, legend


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _fmt_value(value: float, decimals: int, unit: str) -> str:
    from avk_analysis.presentation.formatting import fmt_pct

    if unit == "%":
        return fmt_pct(value, decimals)
    return fmt_getal(value, decimals) + (f" {unit}" if unit else "")
