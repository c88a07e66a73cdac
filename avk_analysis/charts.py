"""House style for the charts and small tables of the monitor (matplotlib/seaborn, Agg-safe).

One look everywhere: a colour-blind-safe palette (Okabe-Ito), readable type, no top/right spines,
a light grid and Dutch number formatting (decimal comma, thousands dot). ``figure_html`` and
``table_html`` give deterministic HTML that the publishing layer embeds as is.
"""

from __future__ import annotations

import base64
import html
import io
import math
import numbers
import struct
from collections.abc import Callable, Iterable, Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from avk_analysis.presentation import GEEN_GEGEVENS, fmt_getal, fmt_pct
from avk_analysis.presentation import is_missing as _is_missing
from avk_analysis.symbols import MEANING as SYMBOL_MEANINGS

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
_TEXT_COLUMNS = frozenset({"jaar", "regiocode", "code", "gemeentecode", "cbs-code"})

STYLE_RC: dict[str, object] = {
    "figure.figsize": (8.0, 4.5),
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
        fontsize=9,
        color=BREAK_COLOUR,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        gid="reeksbreuk-label",
    )
    return line


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
) -> Axes:
    """Draw one line per ``hue`` over the years; lines are not joined across ``break_year``."""
    _require_columns(df, [x, y, hue])
    if ax is None:
        ax = _new_axes()
    order = list(hue_order) if hue_order is not None else sorted(df[hue].dropna().unique(), key=str)
    for i, name in enumerate(order):
        part = df[df[hue] == name].sort_values(x)
        colour = PALETTE[i % len(PALETTE)]
        style = "-" if i < len(PALETTE) else "--"
        width = 3.0 if highlight is not None and name == highlight else 2.0
        alpha = 0.55 if highlight is not None and name != highlight else 1.0
        pieces = [part]
        if break_year is not None:
            pieces = [part[part[x] < break_year], part[part[x] >= break_year]]
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
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
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
        ax = _new_axes(figsize=(8.0, max(2.5, 0.32 * n + 1.4)))
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
            ax.text(top * 0.01, pos, GEEN_GEGEVENS, va="center", fontsize=9, style="italic")
        elif value_labels:
            ax.text(
                val + top * 0.01, pos, fmt(val), va="center", fontsize=9, zorder=4, bbox=label_box
            )
    for i, (label, ref) in enumerate(refs.items()):
        colour, dash = REFERENCE_STYLES[i % len(REFERENCE_STYLES)]
        line = ax.axvline(
            ref, color=colour, linestyle=dash, linewidth=1.8, zorder=3, label=f"{label}: {fmt(ref)}"
        )
        line.set_gid("referentielijn")
    if refs:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if xlabel else -0.06), ncol=2)
    ax.xaxis.set_major_formatter(pct_formatter(0) if pct else getal_formatter(0))
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    return ax


# --- HTML for the report ---------------------------------------------------------------------


def _png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) from a PNG header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_png(fig: Figure, demo: bool = False) -> bytes:
    """Render a figure to PNG bytes that are identical across runs, and close it."""
    if demo:
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
    buffer = io.BytesIO()
    try:
        fig.savefig(
            buffer,
            format="png",
            dpi=DPI,
            metadata={"Software": None},
            bbox_inches="tight",
            pad_inches=0.15,
            facecolor="white",
        )
    finally:
        plt.close(fig)
    return buffer.getvalue()


def figure_html(fig: Figure, alt: str, caption: str = "", demo: bool = False) -> HTML:
    """Embed a figure as a PNG data URI in ``<figure>`` with alt text and caption; closes it."""
    if not isinstance(alt, str) or not alt.strip():
        plt.close(fig)
        raise ValueError(
            "Een figuur heeft een alt-tekst nodig: beschrijf in een zin wat de grafiek laat zien."
        )
    png = figure_png(fig, demo=demo)
    width, height = _png_size(png)
    data = base64.b64encode(png).decode("ascii")
    parts = [
        '<figure class="grafiek">',
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt.strip())}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto">',
    ]
    if caption or demo:
        marker = (
            f' <strong class="demo-markering" style="color:{DEMO_COLOUR}">{DEMO_MARKER}</strong>'
            if demo
            else ""
        )
        parts.append(f"<figcaption>{html.escape(caption)}{marker}</figcaption>")
    parts.append("</figure>")
    return HTML("".join(parts))


def _parse_format(spec: str | Callable[[object], str]) -> Callable[[object], str]:
    """Turn a format spec ("getal", "getal:1", "pct", "pct:2", "tekst") into a function."""
    if callable(spec):
        return spec
    kind, _, digits = str(spec).partition(":")
    if kind == "tekst":
        return lambda v: "" if _is_missing(v) else str(v)
    if kind not in {"getal", "pct"}:
        raise ValueError(
            f"Onbekend getalformaat {spec!r}; gebruik getal, getal:N, pct, pct:N, tekst"
        )
    decimals = int(digits) if digits else (0 if kind == "getal" else 1)
    return (lambda v: fmt_pct(v, decimals)) if kind == "pct" else (lambda v: fmt_getal(v, decimals))


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


def table_html(
    df: pd.DataFrame,
    caption: str,
    number_formats: Mapping[str, str | Callable[[object], str]] | None = None,
    *,
    max_rows: int = 200,
) -> HTML:
    """Render a small aggregate table with Dutch numbers; missing values show their CBS symbol."""
    if not caption.strip():
        raise ValueError("Een tabel heeft een bijschrift nodig.")
    if len(df) > max_rows:
        raise ValueError(
            f"Tabel heeft {len(df)} rijen; een rapporttabel mag er hoogstens {max_rows} hebben. "
            "Vat de gegevens eerst samen."
        )
    data = df.copy()
    if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
        data = data.reset_index()
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

    right = ' class="getal" style="text-align:right"'
    head = "".join(
        f'<th scope="col"{right if c in numeric else ""}>{html.escape(c)}</th>' for c in shown
    )
    rows = []
    for _, row in data.iterrows():
        cells = []
        for col in shown:
            text, meaning = cell(row, col)
            title = f' title="{html.escape(meaning)}"' if meaning else ""
            cells.append(f"<td{right if col in numeric else ''}{title}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    parts = [
        '<div class="tabel">',
        '<table class="avk-tabel">',
        f"<caption>{html.escape(caption)}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
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
    return HTML("\n".join(parts))
