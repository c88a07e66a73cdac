"""House style for the charts and small tables of the monitor (matplotlib/seaborn, Agg-safe).

One look everywhere: a colour-blind-safe palette (Okabe-Ito), readable type, no top/right spines,
a light grid and Dutch number formatting (decimal comma, thousands dot). ``figure_html`` and
``table_html`` give deterministic HTML that the publishing layer embeds as is.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
import numbers
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from avk_analysis.presentation.formatting import (
    CELL_KEYS,
    GEEN_GEGEVENS,
    fmt_getal,
    fmt_pct,
    spreadsheet_text,
)
from avk_analysis.presentation.formatting import is_missing as _is_missing
from avk_analysis.vocabulary import timing
from avk_analysis.vocabulary.symbols import MEANING as SYMBOL_MEANINGS

# Okabe-Ito, ordered so that the first colours contrast most on white (yellow last).
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
]
HIGHLIGHT = PALETTE[0]
# One colour per reference region in every chart (labels as indicators.select.region_label gives).
REGION_COLOURS: dict[str, str] = {
    "Nederland": PALETTE[6],  # black
    "Groningen (provincie)": PALETTE[1],  # orange
    "Drenthe (provincie)": PALETTE[2],  # bluish green
}
CONTEXT_GREY = "#A7B1BC"
BREAK_COLOUR = "#333333"
DEMO_COLOUR = "#8A1C00"
REFERENCE_STYLES: list[tuple[str, object]] = [
    (PALETTE[3], (0, (5, 3))),
    (PALETTE[2], (0, (1, 2))),
    (PALETTE[4], (0, (6, 2, 1, 2))),
    (PALETTE[6], (0, (3, 3))),
]
DPI = 110
DEMO_MARKER = "DEMO — geen echte cijfers"
LEGEND_BESIDE_MAX = 26  # characters: a legend with longer names goes under the plot
_TEXT_COLUMNS = frozenset({"jaar", "regiocode", "code", "gemeentecode", "cbs-code"})

STYLE_RC: dict[str, object] = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#E3E6EA",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.formatter.use_locale": False,
    "axes.unicode_minus": False,
    "lines.linewidth": 2.2,
    "lines.markersize": 5,
    "svg.hashsalt": "avk",
    "pdf.fonttype": 42,
}
_style_applied = False


def apply_style() -> None:
    """Apply the house style (seaborn's whitegrid look, our palette; idempotent).

    The seaborn style sheet that matplotlib ships is used instead of ``seaborn.set_theme``: the
    same look without importing seaborn (and scipy), which saves over a second per notebook.
    Seaborn itself stays available for analysts' own charts.
    """
    global _style_applied
    plt.style.use("seaborn-v0_8-whitegrid")
    mpl.rcParams.update(STYLE_RC)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)
    _style_applied = True


def _ensure_style() -> None:
    """Apply the house style once if a notebook has not done so yet."""
    if not _style_applied:
        apply_style()


# --- Dutch numbers ---------------------------------------------------------------------------


def getal_formatter(decimals: int = 0) -> FuncFormatter:
    """Return an axis formatter with decimal comma and thousands dot."""
    return FuncFormatter(lambda v, _pos: fmt_getal(v, decimals))


def pct_formatter(decimals: int = 0) -> FuncFormatter:
    """Return an axis formatter for percentages ("12,5 %")."""
    return FuncFormatter(lambda v, _pos: fmt_pct(v, decimals))


def year_formatter() -> FuncFormatter:
    """Return an axis formatter for years (no thousands dot: "2024")."""
    return FuncFormatter(lambda v, _pos: str(round(v)))


def format_axis(ax: Axes, axis: str = "y", *, pct: bool = False, decimals: int = 0) -> None:
    """Give an axis Dutch tick labels (numbers or percentages)."""
    fmt = pct_formatter(decimals) if pct else getal_formatter(decimals)
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)


# --- charts ----------------------------------------------------------------------------------


def mark_break(ax: Axes, year: float, label: str = "Nieuwe definitie") -> Line2D:
    """Draw a dashed vertical line with a label where a series changes definition."""
    line = ax.axvline(
        year, color=BREAK_COLOUR, linestyle=(0, (5, 3)), linewidth=1.4, zorder=3, label="_breuk"
    )
    line.set_gid("reeksbreuk")
    left, right = ax.get_xlim()
    to_left = year > left + 0.6 * (right - left)
    ax.annotate(
        label,
        xy=(year, 1.0),
        xycoords=ax.get_xaxis_transform(),
        xytext=(-5 if to_left else 5, -3),
        textcoords="offset points",
        ha="right" if to_left else "left",
        va="top",
        fontsize=10,
        color=BREAK_COLOUR,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        gid="reeksbreuk-label",
    )
    return line


def legend_below(
    fig: Figure,
    handles: list[object] | None = None,
    labels: list[str] | None = None,
    *,
    ncol: int = 1,
    **kwargs: object,
) -> object:
    """Put one legend under the whole chart, below the axis labels, so nothing overprints.

    The figure gets a constrained layout, which makes room for the legend under the x-axis
    title and tick labels (a legend anchored to the axes would sit on top of them when the
    chart is low or the type is large, as on a phone).
    """
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        fig.set_layout_engine("constrained")
    if handles is None or labels is None:
        found_handles, found_labels = [], []
        for ax in fig.axes:
            h, lab = ax.get_legend_handles_labels()
            found_handles += h
            found_labels += lab
        handles, labels = found_handles, found_labels
    return fig.legend(handles, labels, loc="outside lower left", ncol=ncol, **kwargs)


def _require_columns(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise a Dutch error when a column is missing."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"Kolom(men) ontbreken: {', '.join(missing)}; "
            f"aanwezig: {', '.join(map(str, df.columns))}"
        )


def _new_axes(figsize: tuple[float, float] | None = None) -> Axes:
    """Return fresh axes in the house style."""
    _ensure_style()
    _fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _consecutive_runs(part: pd.DataFrame, x: str, y: str) -> list[pd.DataFrame]:
    """Split rows sorted by year into runs of consecutive years that have a value."""
    part = part.loc[pd.to_numeric(part[y], errors="coerce").notna()]
    if part.empty:
        return []
    years = pd.to_numeric(part[x], errors="coerce").to_numpy(dtype=float)
    starts = np.flatnonzero(np.diff(years) > 1) + 1
    return [part.iloc[a:b] for a, b in zip([0, *starts], [*starts, len(part)], strict=True)]


def line_trend(
    df: pd.DataFrame,
    x: str,
    y: str,
    hue: str,
    ax: Axes | None = None,
    break_year: int | None = None,
    *,
    hue_order: list[str] | None = None,
    highlight: str | None = None,
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    pct: bool = False,
    decimals: int = 0,
    break_label: str = "Nieuwe definitie",
    from_zero: bool = True,
    join_gaps: bool = False,
) -> Axes:
    """Draw one line per ``hue`` over the years; lines are not joined across ``break_year``.

    Nor are they joined across years without a figure (2014, 2016 and 2020 are three points, not
    a line that suggests the years between are known); ``join_gaps=True`` joins them.
    """
    _require_columns(df, [x, y, hue])
    if ax is None:
        ax = _new_axes()
    order = list(hue_order) if hue_order is not None else sorted(df[hue].dropna().unique(), key=str)
    free = [c for c in PALETTE if c not in REGION_COLOURS.values()]
    n_free = 0
    for name in order:
        part = df[df[hue] == name].sort_values(x)
        colour = REGION_COLOURS.get(str(name))
        style = "-"
        if colour is None:  # gemeenten and other series take the colours no region holds
            colour = free[n_free % len(free)]
            style = "-" if n_free < len(free) else "--"
            n_free += 1
        width = 3.0 if highlight is not None and name == highlight else 2.0
        alpha = 0.55 if highlight is not None and name != highlight else 1.0
        pieces = [part]
        if break_year is not None:
            pieces = [part[part[x] < break_year], part[part[x] >= break_year]]
        if not join_gaps:
            pieces = [run for piece in pieces for run in _consecutive_runs(piece, x, y)]
        labelled = False
        for piece in pieces:
            if piece.empty:
                continue
            ax.plot(
                piece[x].to_numpy(dtype=float),
                piece[y].to_numpy(dtype=float),
                color=colour,
                linestyle=style,
                linewidth=width,
                alpha=alpha,
                marker="o",
                label=str(name) if not labelled else "_" + str(name),
            )
            labelled = True
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(year_formatter())
    # ticks that the labels can show exactly (no "3 %" at 2,5 on a low chart)
    ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10], integer=decimals == 0))
    format_axis(ax, "y", pct=pct, decimals=decimals)
    values = pd.to_numeric(df[y], errors="coerce")
    if from_zero and values.notna().any() and (values.dropna() >= 0).all():
        ax.set_ylim(bottom=0, top=float(values.max()) * 1.12 or 1.0)
    if break_year is not None:
        mark_break(ax, break_year, break_label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if len(order) > 1:
        if max(len(str(n)) for n in order) > LEGEND_BESIDE_MAX:
            # long names beside the plot would squeeze it: the legend goes underneath
            legend_below(ax.figure)
        else:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    record_data(ax, pd.concat([df[df[hue] == n][[hue, x, y]].sort_values(x) for n in order]))
    return ax


def bar_compare(
    df: pd.DataFrame,
    category: str,
    value: str,
    highlight: str | Iterable[str] | None = None,
    reference_lines: Mapping[str, float] | None = None,
    *,
    ax: Axes | None = None,
    sort: bool = True,
    pct: bool = False,
    decimals: int = 1,
    title: str = "",
    xlabel: str = "",
    value_labels: bool = True,
) -> Axes:
    """Draw horizontal bars per category (e.g. gemeenten) with reference lines (province, NL)."""
    _require_columns(df, [category, value])
    data = df[[category, value]].copy()
    duplicated = data[category][data[category].duplicated()].unique()
    if len(duplicated):
        raise ValueError(
            f"Categorie komt meer dan eens voor in {category!r}: "
            f"{', '.join(map(str, duplicated))} (tel of kies eerst; er wordt niets samengevoegd)"
        )
    data[value] = pd.to_numeric(data[value], errors="coerce")
    if sort:
        data = data.sort_values(value, ascending=False, na_position="last", kind="stable")
    marked = {highlight} if isinstance(highlight, str) else set(highlight or [])
    n = len(data)
    if ax is None:
        ax = _new_axes(figsize=(6.4, max(2.5, 0.3 * n + 1.4)))
    positions = np.arange(n)
    names = [str(c) for c in data[category]]
    values = data[value].to_numpy(dtype=float)
    colours = [
        HIGHLIGHT if not marked or name in marked else CONTEXT_GREY
        for name in data[category].tolist()
    ]
    ax.barh(positions, np.nan_to_num(values, nan=0.0), color=colours, height=0.7, zorder=2)
    ax.set_yticks(positions, labels=names)
    for tick, name in zip(ax.get_yticklabels(), data[category].tolist(), strict=True):
        if name in marked:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    fmt = (lambda v: fmt_pct(v, decimals)) if pct else (lambda v: fmt_getal(v, decimals))
    refs = dict(reference_lines or {})
    finite = [v for v in [*values.tolist(), *refs.values()] if not _is_missing(v)]
    top = max(finite) if finite else 1.0
    ax.set_xlim(0, top * 1.15 if top > 0 else 1.0)
    label_box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}
    for pos, val in zip(positions, values, strict=True):
        if math.isnan(val):
            ax.text(top * 0.01, pos, GEEN_GEGEVENS, va="center", fontsize=10, style="italic")
        elif value_labels:
            ax.text(
                val + top * 0.01, pos, fmt(val), va="center", fontsize=10, zorder=4, bbox=label_box
            )
    for i, (label, ref) in enumerate(refs.items()):
        colour, dash = REFERENCE_STYLES[i % len(REFERENCE_STYLES)]
        line = ax.axvline(
            ref, color=colour, linestyle=dash, linewidth=1.8, zorder=3, label=f"{label}: {fmt(ref)}"
        )
        line.set_gid("referentielijn")
    if refs:
        legend_below(ax.figure, ncol=2)
    ax.xaxis.set_major_formatter(pct_formatter(0) if pct else getal_formatter(0))
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    shown = data.rename(columns={category: str(category), value: str(value)})
    if refs:
        extra = pd.DataFrame({str(category): list(refs), str(value): list(refs.values())})
        shown = pd.concat([shown, extra], ignore_index=True)
    record_data(ax, shown)
    return ax


# --- HTML for the report ---------------------------------------------------------------------

CBS_LICENCE = "CC BY 4.0, Bron: CBS"
DATA_ATTR = "_avk_cijfers"
# A phone shows a chart about 350 px wide; this variant is drawn narrower with larger type so
# that its text is at least as large as the body text there.
PHONE_WIDTH_IN = 4.2
PHONE_MIN_FONT = 14.5  # pt in the SVG: about 16 px on a 390 px screen, the body size
PHONE_MEDIA = "(max-width: 40rem)"
# On A4 a chart prints at its own size, made smaller to fit the text width and, unless it is
# taller than wide, a height of 80 mm (avk.css says the same). Its smallest text must stay at
# least 8 pt there: ``print_scale`` and the test of every chart function check that.
PRINT_WIDTH_MM = 182.0
PRINT_MAX_HEIGHT_MM = 80.0
PRINT_MIN_FONT_PT = 8.0
TALL_RATIO = 0.6  # height / width from which a chart counts as tall (bars of all gemeenten, maps)
# SVG is chosen when it is not much larger than the PNG (maps with many vertices are not).
SVG_MAX_RATIO = 1.6
_SOURCE_RE = re.compile(r"Bron(?:nen)?:\s*([^.;]+(?:\.[A-Za-z][^.;]*)*)")


def print_scale(width_pt: float, height_pt: float) -> float:
    """Return how much smaller a figure of this size prints on A4 (1.0: at its own size)."""
    mm = 25.4 / 72
    limits = [1.0, PRINT_WIDTH_MM / (width_pt * mm)]
    if height_pt <= TALL_RATIO * width_pt:  # a tall chart may take the page height
        limits.append(PRINT_MAX_HEIGHT_MM / (height_pt * mm))
    return min(limits)


def record_data(ax: Axes, frame: pd.DataFrame) -> None:
    """Keep the figures a chart draws on its figure, for the CSV link next to it."""
    setattr(ax.figure, DATA_ATTR, frame.reset_index(drop=True).copy())


def recorded_data(fig: Figure) -> pd.DataFrame | None:
    """Return the figures a chart function recorded on ``fig`` (None when none were)."""
    return getattr(fig, DATA_ATTR, None)


def _png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) from a PNG header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _svg_size(svg: bytes) -> tuple[int, int]:
    """Return (width, height) in CSS pixels from the header of a matplotlib SVG (in pt)."""
    head = svg[:2000].decode("utf-8", "replace")
    w = re.search(r'width="([\d.]+)pt"', head)
    h = re.search(r'height="([\d.]+)pt"', head)
    if not (w and h):
        return 0, 0
    return round(float(w.group(1)) * 4 / 3), round(float(h.group(1)) * 4 / 3)


def _watermark(fig: Figure) -> None:
    """Draw the DEMO watermark across a figure."""
    fig.text(
        0.5,
        0.5,
        "DEMO",
        fontsize=64,
        fontweight="bold",
        color=DEMO_COLOUR,
        alpha=0.13,
        rotation=25,
        ha="center",
        va="center",
        gid="demo-watermerk",
    )


def _render(fig: Figure, fmt: str) -> bytes:
    """Render a figure to PNG or SVG bytes that are identical across runs."""
    buffer = io.BytesIO()
    metadata: dict[str, object] = {"Software": None}
    if fmt == "svg":
        metadata = {"Date": None, "Creator": None}
    # SVG text stays text (smaller, crisp, selectable); Verdana is the closest common fallback.
    with mpl.rc_context({"svg.hashsalt": "avk", "svg.fonttype": "none"}):
        fig.savefig(
            buffer,
            format=fmt,
            dpi=DPI,
            metadata=metadata,
            bbox_inches="tight",
            pad_inches=0.15,
            facecolor="white",
        )
    out = buffer.getvalue()
    if fmt == "svg":
        out = out.replace(b"'DejaVu Sans', sans-serif", b"'DejaVu Sans', Verdana, sans-serif")
    return out


def figure_png(fig: Figure, demo: bool = False) -> bytes:
    """Render a figure to PNG bytes that are identical across runs, and close it."""
    if demo:
        _watermark(fig)
    try:
        return _render(fig, "png")
    finally:
        plt.close(fig)


def _phone_variant(fig: Figure) -> None:
    """Make ``fig`` narrow with larger type (for a phone screen); changes it in place."""
    import textwrap

    from matplotlib.text import Text

    _width, height = fig.get_size_inches()
    for text in fig.findobj(Text):
        if text.get_gid() == "demo-watermerk":
            text.set_fontsize(40)
            continue
        text.set_fontsize(max(float(text.get_fontsize()) * 1.2, PHONE_MIN_FONT))
    handles: list[object] = []
    labels: list[str] = []
    titles: list[str] = []
    for ax in fig.axes:
        title = ax.get_title(loc="left")
        if title:
            ax.set_title("\n".join(textwrap.wrap(title, 26)), loc="left")
        if ax.axison:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        legend = ax.get_legend()
        if legend is not None:
            handles += legend.legend_handles
            labels += [t.get_text() for t in legend.get_texts()]
            titles.append(legend.get_title().get_text())
            legend.remove()
    for legend in list(fig.legends):
        handles += legend.legend_handles
        labels += [t.get_text() for t in legend.get_texts()]
        titles.append(legend.get_title().get_text())
        legend.remove()
    if handles:
        # Beside the plot there is no room on a phone: one legend goes under the whole chart,
        # below the x-axis title, so the two never overprint.
        title_text = next((t for t in titles if t), "")
        legend_below(
            fig,
            handles,
            ["\n".join(textwrap.wrap(t, 28)) for t in labels],
            title=title_text or None,
            fontsize=PHONE_MIN_FONT,
            title_fontsize=PHONE_MIN_FONT,
        )
    fig.set_size_inches(PHONE_WIDTH_IN, max(3.2, height * 1.1))


# Below this many path vertices an SVG is always small (charts, the simplified maps): "auto"
# then takes SVG without also rendering a PNG to compare sizes with.
SVG_SURE_VERTICES = 20_000


def _vertex_count(fig: Figure) -> int:
    """Return the number of path vertices a figure draws (lines, patches, collections)."""
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch

    total = 0
    for artist in fig.findobj(lambda a: isinstance(a, Line2D | Patch | Collection)):
        if isinstance(artist, Line2D):
            total += len(artist.get_xydata())
        elif isinstance(artist, Patch):
            total += len(artist.get_path().vertices)
        else:
            total += sum(len(path.vertices) for path in artist.get_paths())
    return total


def _encode(fig: Figure, fmt: str) -> tuple[str, bytes, tuple[int, int]]:
    """Render in the requested format ("svg", "png" or "auto"); return (mime, bytes, size).

    "auto" is SVG unless it is much larger than the PNG; a figure with few vertices is SVG
    without rendering the PNG at all (one render instead of two).
    """
    if fmt == "auto" and _vertex_count(fig) <= SVG_SURE_VERTICES:
        fmt = "svg"
    png = _render(fig, "png") if fmt in {"png", "auto"} else b""
    if fmt in {"svg", "auto"}:
        svg = _render(fig, "svg")
        if fmt == "svg" or len(svg) <= SVG_MAX_RATIO * len(png):
            return "image/svg+xml", svg, _svg_size(svg)
    return "image/png", png, _png_size(png)


SOURCE_KINDS = (("CBS", "cbs"), ("Alliantie van Kracht", "programma"))


def retrieved_date(source: str = "") -> str:
    """Return the newest retrieval date of the built sources of one kind ("" when unknown).

    ``source`` is the source a caption names ("CBS", "Alliantie van Kracht", a planning
    office): a CBS chart carries the date of the CBS tables, not of another source. Without a
    known source the newest date of all sources is given.
    """
    try:
        from avk_analysis import load

        frame = load.bronnen()
    except Exception:  # no built data (an analyst's own chart): the CSV says 'onbekend'
        return ""
    column = next((c for c in ("opgehaald", "retrieved") if c in frame.columns), None)
    if column is None:
        return ""
    kind = next((k for name, k in SOURCE_KINDS if source.startswith(name)), None)
    if kind is None and source and "soort" in frame.columns:
        kind = "planbureau"
    if kind is not None and "soort" in frame.columns and (frame["soort"] == kind).any():
        frame = frame.loc[frame["soort"] == kind]
    dates = [str(v)[:10] for v in frame[column].tolist() if not _is_missing(v) and str(v)]
    return max(dates) if dates else ""


def _source_of(caption: str) -> str:
    """Return the source named in a caption ("Bron: CBS." → "CBS")."""
    match = _SOURCE_RE.search(caption or "")
    return match.group(1).strip() if match else ""


def csv_cell(value: object) -> str:
    """Return a CSV cell: Dutch decimal comma for numbers, text that no spreadsheet runs."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value)).replace(".", ",").removesuffix(",0")
    return spreadsheet_text(value)


def csv_rows(rows: Iterable[Iterable[object]]) -> str:
    """Return rows (the header first) as the monitor's CSV: ';', CRLF, every cell a ``csv_cell``.

    The one writer of every CSV the monitor publishes (the edition's figures and the download
    behind each chart and table), so no cell reaches a spreadsheet as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def csv_text(
    frame: pd.DataFrame,
    *,
    source: str = "",
    licence: str | None = None,
    retrieved: str | None = None,
    demo: bool = False,
) -> str:
    """Return figures as CSV (';', decimal comma) with source, licence and retrieval date."""
    src = source or "zie het bijschrift"
    lic = licence if licence is not None else (CBS_LICENCE if "CBS" in src else "zie de bron")
    date = retrieved if retrieved is not None else retrieved_date(source)
    data = frame.copy()
    if not isinstance(data.index, pd.RangeIndex) and data.index.name is not None:
        data = data.reset_index()
    if isinstance(data.columns, pd.MultiIndex):
        data.columns = [" — ".join(str(p) for p in col if str(p)) for col in data.columns]
    columns = [str(c) for c in data.columns] + ["Bron", "Licentie", "Opgehaald"]
    status = ["DEMO: geen echte cijfers"] if demo else []
    if demo:
        columns.append("Let op")
    body = ([*row, src, lic, date or "onbekend", *status] for row in data.itertuples(index=False))
    return csv_rows([columns, *body])


def _slug(text: str) -> str:
    """Return a short ASCII file-name part for a caption."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:50].rstrip("-") or "cijfers"


def csv_link(
    frame: pd.DataFrame,
    name: str,
    what: str,
    *,
    source: str = "",
    licence: str | None = None,
    retrieved: str | None = None,
    demo: bool = False,
) -> str:
    """Return a ``data:`` download link to the CSV of ``frame`` (works offline, in e-mail)."""
    text = "\ufeff" + csv_text(
        frame, source=source, licence=licence, retrieved=retrieved, demo=demo
    )
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    filename = f"{_slug(name)}.csv"
    return (
        f'<p class="download"><a download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">'
        f"Download de cijfers {html.escape(what)} (CSV)</a></p>"
    )


def figure_html(
    fig: Figure,
    alt: str,
    caption: str = "",
    demo: bool = False,
    *,
    data: pd.DataFrame | None = None,
    source: str | None = None,
    licence: str | None = None,
    retrieved: str | None = None,
    fmt: str = "auto",
    phone: bool = True,
) -> HTML:
    """Embed a figure (SVG or PNG data URI, a phone variant, a CSV link) with alt text; closes it.

    ``data`` are the figures behind the chart (default: what the chart function recorded);
    ``fmt`` is "svg", "png" or "auto" (SVG unless it is much larger than the PNG).
    """
    if not isinstance(alt, str) or not alt.strip():
        plt.close(fig)
        raise ValueError(
            "Een figuur heeft een alt-tekst nodig: beschrijf in een zin wat de grafiek laat zien."
        )
    if fmt not in {"auto", "svg", "png"}:
        plt.close(fig)
        raise ValueError(f"Onbekend beeldformaat {fmt!r}; kies auto, svg of png")
    frame = data if data is not None else recorded_data(fig)
    try:
        if demo:
            _watermark(fig)
        with timing.phase("grafiek coderen (SVG/PNG)"):
            mime, body, (width, height) = _encode(fig, fmt)
        small = None
        if phone:
            with timing.phase("grafiek coderen: telefoonvariant"):
                _phone_variant(fig)
                small = _encode(fig, "svg" if mime == "image/svg+xml" else "png")
    finally:
        plt.close(fig)
    tall = " hoog" if height > TALL_RATIO * width else ""
    parts = [f'<figure class="grafiek{tall}">']
    uri = f"data:{mime};base64,{base64.b64encode(body).decode('ascii')}"
    img = (
        f'<img src="{uri}" alt="{html.escape(alt.strip())}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
    )
    if small is not None:
        s_mime, s_body, (s_w, s_h) = small
        s_uri = f"data:{s_mime};base64,{base64.b64encode(s_body).decode('ascii')}"
        parts.append(
            f'<picture><source media="{PHONE_MEDIA}" srcset="{s_uri}" '
            f'width="{s_w}" height="{s_h}">{img}</picture>'
        )
    else:
        parts.append(img)
    if caption or demo:
        marker = (
            f' <strong class="demo-markering" style="color:{DEMO_COLOUR}">{DEMO_MARKER}</strong>'
            if demo
            else ""
        )
        parts.append(f"<figcaption>{html.escape(caption)}{marker}</figcaption>")
    if frame is not None and not frame.empty:
        src = source if source is not None else _source_of(caption)
        parts.append(
            csv_link(
                frame,
                "grafiek-" + (caption or alt),
                "van deze grafiek",
                source=src,
                licence=licence,
                retrieved=retrieved,
                demo=demo,
            )
        )
    parts.append("</figure>")
    return HTML("".join(parts))


def _parse_format(spec: str | Callable[[object], str]) -> Callable[[object], str]:
    """Turn a format spec ("getal", "getal:1", "pct", "pct:2", "tekst") into a function."""
    if callable(spec):
        return spec
    kind, _, digits = str(spec).partition(":")
    if kind == "tekst":
        return _text_cell
    if kind not in {"getal", "pct"}:
        raise ValueError(
            f"Onbekend getalformaat {spec!r}; gebruik getal, getal:N, pct, pct:N, tekst"
        )
    decimals = int(digits) if digits else (0 if kind == "getal" else 1)
    return (lambda v: fmt_pct(v, decimals)) if kind == "pct" else (lambda v: fmt_getal(v, decimals))


def _text_cell(value: object) -> str:
    """Return a text cell; a stray float in it is still written the Dutch way ("47,2")."""
    if _is_missing(value):
        return ""
    if isinstance(value, float | np.floating):
        return fmt_getal(float(value), 0 if float(value).is_integer() else 1)
    return str(value)


def _is_symbol(value: object) -> bool:
    """Return True when a cell holds a CBS symbol instead of a number."""
    return isinstance(value, str) and value.strip() in SYMBOL_MEANINGS


def _default_format(series: pd.Series) -> str:
    """Pick a format for a column: text for codes and years, whole or one-decimal numbers."""
    if str(series.name).strip().lower() in _TEXT_COLUMNS or pd.api.types.is_bool_dtype(series):
        return "tekst"
    present = [v for v in series.tolist() if not _is_missing(v) and not _is_symbol(v)]
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present):
        return "tekst"
    return "getal:0" if all(float(v).is_integer() for v in present) else "getal:1"


def _symbol_text(value: object) -> str:
    """Return a symbol cell as text ("" when empty or missing)."""
    return "" if _is_missing(value) else str(value).strip()


# A cell that reads as a figure: "12,3 %", "1.200", "6,3 % (2.900)", "<10", "x", "geen gegevens".
_NUMERIC_TEXT = re.compile(
    r"^(?:[-+]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?: %)?(?: \?)?(?: \([^()]*\))?|&lt;\d+|[.x?-]"
    r"|geen gegevens)$"
)
# From this many columns a table is 'wide' (it stacks into one block per row on a tablet as well)
# or 'very wide' (it stacks on every screen).
WIDE_TABLE_COLUMNS = 7
SHORT_CELL = 22  # characters: a text column whose cells are all this short does not wrap
VERY_WIDE_TABLE_COLUMNS = 10
# characters of unbreakable cells (figures, short words) a row may hold before it stacks
UNBROKEN_CHARS_MAX = 90


def _cell_keys(keys: pd.DataFrame | None, columns: list[str], n: int) -> list[dict[str, str]]:
    """Return per shown row {column: 'indicator|regiocode|jaar ...'} from a table's cell keys."""
    if keys is None or len(keys) != n:
        return [{} for _ in range(n)]
    frame = keys.reset_index(drop=True)
    return [
        {
            c: str(frame.at[i, c])
            for c in columns
            if c in frame.columns and isinstance(frame.at[i, c], str) and frame.at[i, c]
        }
        for i in range(n)
    ]


def table_html(
    df: pd.DataFrame,
    caption: str,
    number_formats: Mapping[str, str | Callable[[object], str]] | None = None,
    *,
    max_rows: int = 200,
    download: bool = True,
    source: str | None = None,
    licence: str | None = None,
    retrieved: str | None = None,
    demo: bool = False,
    data: pd.DataFrame | None = None,
) -> HTML:
    """Render a small aggregate table with Dutch numbers; missing values show their CBS symbol.

    An unnamed index (row numbers left by filtering) is never shown; a named one becomes the
    first column. Every cell carries its column header (``data-label``) so that on a narrow
    screen the stylesheet can show each row as a block of "header: value" lines: no figure is
    ever hidden beside the screen. A ``data:`` link offers the figures as CSV: ``data`` (one
    value per column) when given, else the table as shown (``download=False`` leaves it out).

    A display table may name, per cell, the figures it shows (``df.attrs[CELL_KEYS]``: a frame
    of the same shape with 'indicator|regiocode|jaar' keys, space-separated when a cell shows
    two); each such cell carries them as ``data-cijfer``, so a check can find every figure of a
    page in the edition's CSV (``avk_analysis.report.publishing.consistency``).
    """
    if not caption.strip():
        raise ValueError("Een tabel heeft een bijschrift nodig.")
    with timing.phase("tabel (HTML)"):
        return _table_html(
            df,
            caption,
            number_formats,
            max_rows=max_rows,
            download=download,
            source=source,
            licence=licence,
            retrieved=retrieved,
            demo=demo,
            data=data,
        )


def _table_html(
    df: pd.DataFrame,
    caption: str,
    number_formats: Mapping[str, str | Callable[[object], str]] | None,
    *,
    max_rows: int,
    download: bool,
    source: str | None,
    licence: str | None,
    retrieved: str | None,
    demo: bool,
    data: pd.DataFrame | None,
) -> HTML:
    """Build the HTML of :func:`table_html`."""
    if len(df) > max_rows:
        raise ValueError(
            f"Tabel heeft {len(df)} rijen; een rapporttabel mag er hoogstens {max_rows} hebben. "
            "Vat de gegevens eerst samen."
        )
    download_frame = data
    keys = df.attrs.get(CELL_KEYS)
    data = df.copy()
    if any(name is not None for name in data.index.names):
        data = data.reset_index()
    else:
        data = data.reset_index(drop=True)
    if isinstance(data.columns, pd.MultiIndex):
        data.columns = [" — ".join(str(p) for p in col if str(p)) for col in data.columns]
    columns = [str(c) for c in data.columns]
    data.columns = columns
    symbol_columns = {c for c in columns if c == "symbool" or c.endswith("_symbool")}
    shown = [c for c in columns if c not in symbol_columns]
    formats = dict(number_formats or {})
    unknown = sorted(set(formats) - set(shown))
    if unknown:
        raise ValueError(f"Getalformaat voor onbekende kolom(men): {', '.join(unknown)}")
    spec = {c: formats.get(c, _default_format(data[c])) for c in shown}
    render = {c: _parse_format(s) for c, s in spec.items()}
    numeric = {c for c, s in spec.items() if callable(s) or not str(s).startswith("tekst")}
    used_symbols: set[str] = set()

    def cell(row: pd.Series, col: str) -> tuple[str, str]:
        value = row[col]
        own = _symbol_text(row[f"{col}_symbool"]) if f"{col}_symbool" in symbol_columns else ""
        shared = _symbol_text(row["symbool"]) if "symbool" in symbol_columns else ""
        symbol = own or (shared if col in numeric else "")
        if _is_symbol(value) and col in numeric:
            symbol, value = value.strip(), None
        if _is_missing(value):
            if symbol in SYMBOL_MEANINGS:
                used_symbols.add(symbol)
                return html.escape(symbol), SYMBOL_MEANINGS[symbol]
            return GEEN_GEGEVENS, ""
        if isinstance(value, bool | np.bool_):
            return ("ja" if value else "nee"), ""
        text = render[col](value)
        if symbol == "?":
            used_symbols.add(symbol)
            return f"{html.escape(text)} ?", SYMBOL_MEANINGS[symbol]
        return html.escape(text), ""

    rendered = [[cell(row, col) for col in shown] for _, row in data.iterrows()]
    # text columns that hold figures ("6,3 % (2.900)") align like numbers, so that no row of a
    # column stands apart from the others
    right_cols = numeric | {
        col
        for j, col in enumerate(shown)
        if rendered
        and col.strip().lower() not in _TEXT_COLUMNS
        and all(_NUMERIC_TEXT.match(r[j][0]) for r in rendered)
    }
    # columns of short words ("interventie", "Wijk 10 Emmen") never break inside a cell
    short_cols = {
        col
        for j, col in enumerate(shown)
        if rendered and all(len(html.unescape(r[j][0])) <= SHORT_CELL for r in rendered)
    }
    right = ' class="getal" style="text-align:right"'
    head = "".join(
        f'<th scope="col" role="columnheader"{right if c in right_cols else ""}>'
        f"{html.escape(c)}</th>"
        for c in shown
    )
    rows = []
    key_rows = _cell_keys(keys, shown, len(rendered))
    for cells_of_row, key_row in zip(rendered, key_rows, strict=True):
        cells = []
        for col, (text, meaning) in zip(shown, cells_of_row, strict=True):
            title = f' title="{html.escape(meaning)}"' if meaning else ""
            label = f' data-label="{html.escape(col)}"'
            if key_row.get(col):
                label += f' data-cijfer="{html.escape(key_row[col])}"'
            kind = right if col in right_cols else ""
            if col in short_cols and col not in right_cols:
                kind = ' class="kort"'
            cells.append(f'<td role="cell"{label}{kind}{title}>{text}</td>')
        rows.append('<tr role="row">' + "".join(cells) + "</tr>")
    # cells that never wrap (figures, short words) set a table's least width: when they add up
    # to more than a desktop column holds, the table stacks everywhere, like a very wide one
    unbroken = sum(
        max(len(html.unescape(r[j][0])) for r in rendered)
        for j, col in enumerate(shown)
        if rendered and (col in right_cols or col in short_cols)
    )
    very_wide = len(shown) >= VERY_WIDE_TABLE_COLUMNS or unbroken > UNBROKEN_CHARS_MAX
    wide = " breed" if len(shown) >= WIDE_TABLE_COLUMNS or very_wide else ""
    wide += " zeer-breed" if very_wide else ""
    parts = [
        f'<div class="tabel" role="region" tabindex="0" aria-label="{html.escape(caption)}">',
        f'<table class="avk-tabel{wide}" role="table">',
        f"<caption>{html.escape(caption)}</caption>",
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>',
        '<tbody role="rowgroup">',
        *rows,
        "</tbody>",
        "</table>",
    ]
    if used_symbols:
        legend = "; ".join(
            f"{s} = {SYMBOL_MEANINGS[s]}" for s in SYMBOL_MEANINGS if s in used_symbols
        )
        parts.append(f'<p class="tabel-voetnoot">Tekens: {html.escape(legend)}</p>')
    parts.append("</div>")
    if download and not data.empty:
        parts.append(
            csv_link(
                download_frame if download_frame is not None else data,
                "tabel-" + caption,
                "van deze tabel",
                source=source if source is not None else _source_of(caption),
                licence=licence,
                retrieved=retrieved,
                demo=demo,
            )
        )
    return HTML("\n".join(parts))
