"""The trend chart the report and the factsheets both show (one share over the income years)."""

from __future__ import annotations

from IPython.display import display

from avk_analysis import charts, narrative
from avk_analysis.indicators import scale
from avk_analysis.report.context import Context, md


def show_trend(ctx: Context, indicator: str, codes: list[str], what: str, highlight: str) -> None:
    """Show the trend of one share for some regions, or say that there are no figures."""
    series = scale.trend(ctx.data, indicator, codes, until=ctx.jaar)
    if series.empty:
        md(f"Voor {what} zijn geen cijfers over de tijd beschikbaar.")
        return
    ax = charts.line_trend(
        series,
        "jaar",
        "waarde",
        "regio",
        hue_order=[scale.region_label(c) for c in codes],
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
        )
    )
