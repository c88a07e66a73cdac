"""The wijken of a gemeente on its factsheet (and a wijk page): a real map and a table of all.

Every wijk of the gemeente, as the CBS names it, with the wijk measures of the Kerncijfers wijken
en buurten (KWB) and the gemeente's own figures as reference. A secret figure (CBS ``x``) is
never a number: the map cross-hatches the wijk and the table shows ``x``. The map is inline SVG
drawn from the paths the build computed once per edition (``load.kaartvlakken``), so a page only
colours it; CSS sizes it for a phone, a desktop and paper.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML, display

from avk_analysis import load
from avk_analysis.indicators import nature
from avk_analysis.pipeline import processed
from avk_analysis.presentation import charts, maps, narrative
from avk_analysis.presentation.formatting import CELL_KEYS, fmt_getal, fmt_pct
from avk_analysis.report.chapters.context import Context, md
from avk_analysis.vocabulary import regions

MAP_MEASURE = "armoedegrens"  # the measure the map colours: persons under the poverty line
KINDS = {
    nature.KIND_SHARE: "pct:1",
    nature.KIND_PART: "pct:1",
    nature.KIND_PER_1000: "getal:0",
    nature.KIND_LEVEL: "getal:0",
}
NUMBER = "Nr."
NAME = "Wijk"


def number(code: str) -> str:
    """Return the wijk number a map and table show: the last two digits of the wijkcode."""
    return code[-2:] if code.startswith("WK") else ""


def column(key: str, year: int | None) -> str:
    """Return the table header of a wijk measure, with its year."""
    return narrative.WIJK_LABELS[key] + (f" ({year})" if year else "")


def wijk_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Return the display table of :func:`nature.wijk_figures`: number, name, measures, symbols.

    The gemeente's own row comes first ("Gemeente Emmen"), then every wijk by wijkcode (its
    name as the CBS writes it, then the number the map shows); a
    ``<kolom>_symbool`` column holds the CBS symbol of a figure without a number.
    """
    years = figures.attrs.get("jaren", {})
    gemeente = str(figures["regiocode"].iloc[0])
    names = [f"Gemeente {regions.name(gemeente)}", *figures["regionaam"].iloc[1:].tolist()]
    # the name first: on a phone each row becomes a block headed by its first column
    out = pd.DataFrame(
        {NAME: [str(n) for n in names], NUMBER: [number(str(c)) for c in figures["regiocode"]]}
    )
    keys: list[dict[str, str]] = [{} for _ in range(len(out))]
    for key in nature.WIJK_MEASURES:
        name = column(key, years.get(key))
        out[name] = figures[key].astype(float).tolist()
        out[f"{name}_symbool"] = figures[f"{key}_symbool"].tolist()
        indicator = narrative.nature_indicator(key)
        for i, (code, value) in enumerate(zip(figures["regiocode"], figures[key], strict=True)):
            if not math.isnan(float(value)):  # a symbol names no figure
                keys[i][name] = narrative.cell_key(indicator, str(code), years.get(key))
    # every shown figure names its cell of the edition's CSV (report.consistency checks them)
    return narrative.with_cell_keys(out, keys)


def formats(table: pd.DataFrame) -> dict[str, str]:
    """Return the number format of every measure column of :func:`wijk_table`."""
    out = {NAME: "tekst", NUMBER: "tekst"}
    headers = [c for c in table.columns if c not in (NUMBER, NAME) and not c.endswith("_symbool")]
    for key, header in zip(nature.WIJK_MEASURES, headers, strict=True):
        out[header] = KINDS[nature.measure(key).kind]
    return out


def map_html(
    ctx: Context,
    gemeente: str,
    figures: pd.DataFrame,
    shapes: dict | None,
    *,
    highlight: str | None = None,
    with_list: bool = True,
) -> str:
    """Return the map figure of the wijken (empty when there are no boundaries for them).

    ``highlight`` outlines one wijk (on its own page); ``with_list`` adds the compact list of
    every wijk that replaces the table on paper.
    """
    if not shapes or not shapes.get("vlakken"):
        return ""
    year = figures.attrs.get("jaren", {}).get(MAP_MEASURE)
    wijken = figures.iloc[1:]
    values = dict(zip(wijken["regiocode"], wijken[MAP_MEASURE].astype(float), strict=True))
    symbols = dict(zip(wijken["regiocode"], wijken[f"{MAP_MEASURE}_symbool"], strict=True))
    own = float(figures[MAP_MEASURE].iloc[0])
    naam = regions.name(gemeente)
    reference = None if math.isnan(own) else (f"Gemeente {naam}", fmt_pct(own, 1))
    what = "aandeel inwoners onder de armoedegrens"
    demo = ctx.demo_for(nature.measure(MAP_MEASURE).indicator, year)
    svg, legend = maps.area_map(
        shapes,
        values,
        symbols,
        labels={a["code"]: number(a["code"]) for a in shapes["vlakken"]},
        aria_label=(
            f"Kaart van de {len(shapes['vlakken'])} wijken van {naam}: {what}"
            + (f" in {year}" if year else "")
            + ". Elke wijk draagt haar nummer uit de tabel eronder, met alle cijfers."
        ),
        legend_title=f"Onder de armoedegrens (%{', ' + str(year) if year else ''})",
        reference=reference,
        demo=demo,
        highlight=highlight,
    )
    origin = ", vereenvoudigd" if shapes.get("herkomst") == "meegeleverd" else ""
    where = "" if highlight is None else f" Zwart omlijnd: {regions.name(highlight)}."
    caption = (
        f"Wijken van {naam} naar het {what}"
        + (f" ({year})" if year else "")
        + f".{where} Bron: CBS Kerncijfers wijken en buurten; grenzen "
        f"{shapes.get('grensjaar') or ''}{origin}: CBS / Kadaster via PDOK (CC BY 4.0)."
    )
    marker = (
        f' <strong class="demo-markering">{html.escape(charts.DEMO_MARKER)}</strong>'
        if demo
        else ""
    )
    return (
        f'<figure class="wijkkaart">{svg}<div class="kaart-legenda">{legend}'
        f"{print_list(figures) if with_list else ''}</div>"
        f"<figcaption>{html.escape(caption)}{marker}</figcaption></figure>"
    )


def print_list(figures: pd.DataFrame) -> str:
    """Return the compact list of every wijk with its mapped figure, shown only on paper.

    On screen the full table follows the map; on paper (two A4 pages per factsheet) the map
    carries this list beside it instead: number, name and the figure the map colours, ``x``
    where it is secret. The full table is in the web page and its CSV download.
    """
    rows = []
    for r in figures.iloc[1:].itertuples():
        value = float(getattr(r, MAP_MEASURE))
        sign = str(getattr(r, f"{MAP_MEASURE}_symbool"))
        shown = fmt_pct(value, 1) if not math.isnan(value) else (sign or ".")
        nr = number(str(r.regiocode))
        rows.append(
            f'<li><span class="nr">{html.escape(nr)}</span> '
            f"{html.escape(short_name(str(r.regionaam), nr))} "
            f'<span class="waarde">{html.escape(shown)}</span></li>'
        )
    return (
        '<div class="wijklijst"><p>Per wijk (nummer op de kaart), x = geheim; uitkeringen, '
        "jeugdzorg en opleiding in de webversie.</p>"
        f"<ol>{''.join(rows)}</ol></div>"
    )


def short_name(name: str, nr: str) -> str:
    """Return a CBS wijk name without the 'Wijk 01 ' its number already says, for the print list.

    'Wijk 01 Nieuw-Weerdinge' with number 01 → 'Nieuw-Weerdinge'; any other name is kept whole.
    """
    prefix = f"Wijk {nr} "
    if nr and name.startswith(prefix) and len(name) > len(prefix):
        return name[len(prefix) :]
    return name


def shapes_of(gemeente: str) -> dict | None:
    """Return the drawing paths of a gemeente's wijken (None when the build has none)."""
    try:
        data = load.kaartvlakken("wijk")
    except processed.ProcessedDataError:
        return None
    group = data.get("groepen", {}).get(gemeente)
    if not group:
        return None
    return {**group, "grensjaar": data.get("grensjaar"), "herkomst": data.get("herkomst")}


def show(ctx: Context, gemeente: str) -> None:
    """Show the wijk section of a factsheet: a short text, the map and the table of all wijken."""
    figures = nature.wijk_figures(ctx.data, gemeente, ctx.jaar)
    naam = regions.name(gemeente)
    if len(figures) <= 1:
        md(f"Er zijn geen wijkcijfers voor {naam}.")
        return
    table = wijk_table(figures)
    n = len(figures) - 1
    intro = (
        f"{naam} heeft {n} {'wijk' if n == 1 else 'wijken'}. De kaart kleurt ze naar het aandeel "
        "inwoners onder de armoedegrens; de tabel geeft per wijk ook uitkeringen, jeugdzorg en "
        "opleiding, met de hele gemeente bovenaan ter vergelijking."
    )
    caption = (
        f"Alle wijken van {naam} (namen zoals het CBS ze schrijft) en de gemeente: aandeel "
        "inwoners onder de armoedegrens, bijstand en jeugdzorg per 1.000 inwoners, laag "
        "opgeleid (15-75 jaar). Bron: CBS Kerncijfers wijken en buurten."
    )
    demo = ctx.demo_for([nature.measure(k).indicator for k in nature.WIJK_MEASURES])
    figure = map_html(ctx, gemeente, figures, shapes_of(gemeente))
    rendered = charts.table_html(
        table, caption=caption, number_formats=formats(table), demo=demo, max_rows=400
    ).data
    kind = "wijken met-kaart" if figure else "wijken"
    display(
        HTML(
            f'<div class="{kind}"><p class="wijken-inleiding">{html.escape(intro)}</p>'
            f"{figure}{rendered}</div>"
        )
    )


def comparison_table(ctx: Context, wijk: str, gemeente: str) -> pd.DataFrame:
    """Return the context measures of one wijk next to its gemeente (display table, symbols).

    Only the measures the CBS publishes per wijk; a secret figure keeps its ``x``.
    """
    rows, keys = [], []
    for m in nature.CONTEXT:
        year = nature.latest_year(ctx.data, m.indicator, ctx.jaar, regio=gemeente)
        own = nature.value(ctx.data, m, wijk, year)["waarde"]
        sign = "" if not math.isnan(own) else nature.symbol(ctx.data, m, wijk, year)
        if math.isnan(own) and sign == ".":
            continue  # not published per wijk (or not this year): left out, not "geen gegevens"
        whole = nature.value(ctx.data, m, gemeente, year)["waarde"]
        rows.append(
            {
                "Maat": narrative.NATURE_LABELS[m.key],
                "Jaar": "" if year is None else str(year),
                "Wijk": _cell(m.kind, own),
                "Wijk_symbool": sign,
                "Gemeente": _cell(m.kind, whole),
            }
        )
        indicator = narrative.nature_indicator(m.key)
        keys.append(
            {
                "Wijk": "" if math.isnan(own) else narrative.cell_key(indicator, wijk, year),
                "Gemeente": ""
                if math.isnan(whole)
                else narrative.cell_key(indicator, gemeente, year),
            }
        )
    table = pd.DataFrame(rows, columns=["Maat", "Jaar", "Wijk", "Wijk_symbool", "Gemeente"])
    return narrative.with_cell_keys(table, keys)


def _cell(kind: str, value: float) -> str | None:
    """Return a figure as the table shows it (None when there is none: the symbol is shown)."""
    if math.isnan(value):
        return None
    if kind in (nature.KIND_SHARE, nature.KIND_PART):
        return fmt_pct(value, 1)
    return fmt_getal(value, 1 if kind == nature.KIND_LEVEL else 0)


def show_wijk(ctx: Context, wijk: str) -> None:
    """Show one wijk's page: where it lies, its figures next to its gemeente, its gemeente's map."""
    gemeente = regions.gemeente_of_wijk(wijk)
    naam, gemeente_naam = regions.name(wijk), regions.name(gemeente)
    table = comparison_table(ctx, wijk, gemeente)
    md(
        f"{naam} is een wijk van de gemeente {gemeente_naam} (wijkcode {wijk}). Hieronder haar "
        f"cijfers uit de Kerncijfers wijken en buurten van het CBS, naast die van {gemeente_naam}; "
        "op de kaart de wijk tussen de andere wijken van de gemeente."
    )
    parts = []
    if table.empty:
        parts.append(f"<p>Het CBS publiceert voor {html.escape(naam)} geen wijkcijfers.</p>")
    else:
        renamed = {
            "Wijk": naam,
            "Wijk_symbool": f"{naam}_symbool",
            "Gemeente": f"Gemeente {gemeente_naam}",
        }
        shown = table.rename(columns=renamed)
        shown.attrs[CELL_KEYS] = table.attrs[CELL_KEYS].rename(columns=renamed)
        demo = ctx.demo_for([m.indicator for m in nature.CONTEXT])
        parts.append(
            charts.table_html(
                shown,
                caption=(
                    f"{naam} en de gemeente {gemeente_naam}, meest recente jaar per maat; "
                    "uitkeringen en jeugdzorg per 1.000 inwoners. Bron: CBS Kerncijfers wijken "
                    "en buurten."
                ),
                number_formats={c: "tekst" for c in shown.columns if not c.endswith("_symbool")},
                demo=demo,
            ).data
        )
    figures = nature.wijk_figures(ctx.data, gemeente, ctx.jaar)
    if len(figures) > 1:
        parts.append(
            map_html(ctx, gemeente, figures, shapes_of(gemeente), highlight=wijk, with_list=False)
        )
    display(HTML('<div class="wijk">' + "".join(p for p in parts if p) + "</div>"))
