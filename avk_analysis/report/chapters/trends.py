"""The trend chart the report and the factsheets both show (one share over the income years)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from avk_analysis.indicators import scale
from avk_analysis.presentation import charts, narrative
from avk_analysis.report.chapters.context import Context, md

FIGURE_COLUMNS = ["indicator", "regiocode", "regio", "jaar", "waarde"]


def figure_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the figures behind a chart as its download: indicator, region code and name, year.

    With the indicator and the region code every figure can be found in the edition's CSV.
    """
    return frame[[c for c in FIGURE_COLUMNS if c in frame.columns]].reset_index(drop=True)


def show_trend(
    ctx: Context,
    indicator: str,
    codes: list[str],
    what: str,
    highlight: str,
    *,
    height: float | None = None,
    in_words: bool = True,
) -> None:
    """Show the trend of one share for some regions (``height`` in inches: a lower chart).

    Under the chart, the five-year direction per region in words (``in_words=False`` leaves it
    out where the page already says it, as a factsheet's 'In het kort' does).
    """
    series = scale.trend(ctx.data, indicator, codes, until=ctx.jaar)
    if series.empty:
        md(f"Voor {what} zijn geen cijfers over de tijd beschikbaar.")
        return
    # the page named its Veenkoloniën set once; the legend says just 'Veenkoloniën'
    series = series.assign(regio=series["regiocode"].map(narrative.short_region_label))
    if highlight == ctx.vk_name:
        highlight = narrative.VK_SHORT
    ax = None
    if height is not None:
        width = charts.STYLE_RC["figure.figsize"][0]
        _fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    ax = charts.line_trend(
        series,
        "jaar",
        "waarde",
        "regio",
        ax=ax,
        hue_order=[narrative.short_region_label(c) for c in codes],
        highlight=highlight,
        pct=True,
        title=f"Aandeel {what}",
        xlabel="Inkomensjaar",
        ylabel="%",
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.trend_alt(series, what),
            caption=(
                f"Aandeel {what}, inkomensjaren {series.jaar.min()}-{series.jaar.max()}. Bron: CBS."
            ),
            demo=ctx.demo_in(series),
            data=figure_data(series),
        )
    )
    words = narrative.trend_words(ctx.data, indicator, codes, until=ctx.jaar) if in_words else ""
    if words:
        md(words)
