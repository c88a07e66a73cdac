"""The landing page (index.html): every gemeente, a map with names, key figures, changes, downloads.

Everything here is HTML built from the processed data, escaped where text enters it. The map is
inline SVG (no script, no external resource): each gemeente is a link to its factsheet.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from avk_analysis import load
from avk_analysis.indicators import changes, scale
from avk_analysis.indicators.select import figure, latest_year, region_label
from avk_analysis.presentation import maps, narrative
from avk_analysis.presentation.charts import csv_rows
from avk_analysis.presentation.formatting import fmt_pct
from avk_analysis.vocabulary import catalogue, regions

MAP_INDICATOR = "kinderen_laag_inkomen_pct"
# One income year and one poverty line (the CBS lage-inkomensgrens) for all three cards.
KEY_INDICATORS = (
    "kinderen_laag_inkomen_pct",
    "hh_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
)
CARD_TEXT = {
    "kinderen_laag_inkomen_pct": "van de kinderen groeit op in een huishouden met een laag inkomen",
    "hh_laag_inkomen_pct": "van de huishoudens heeft een laag inkomen",
    "hh_langdurig_laag_inkomen_pct": (
        "van de huishoudens heeft al vier jaar of langer een laag inkomen"
    ),
}
MAP_WIDTH = 600
# Names on the map: long ones on two lines so that they stay inside their gemeente.
LABELS = {
    "GM1952": "Midden-\nGroningen",
    "GM1969": "Wester-\nkwartier",
    "GM1950": "Wester-\nwolde",
    "GM1731": "Midden-\nDrenthe",
    "GM1681": "Borger-\nOdoorn",
    "GM1966": "Het\nHogeland",
    "GM1680": "Aa en\nHunze",
    "GM0037": "Stads-\nkanaal",
}
SIMPLIFY_M = 150.0  # metres: enough detail to recognise a gemeente, small enough to e-mail


def write_tidy_csv(
    directory: Path,
    jaar: int,
    df: pd.DataFrame,
    *,
    veenkolonien: str = regions.DEFAULT_VEENKOLONIEN,
    refs: pd.DataFrame | None = None,
) -> Path:
    """Write ``cijfers_<jaar>.csv``: every figure of the edition with its source, date, licence.

    The rows come from :func:`avk_analysis.report.publishing.edition_figures.edition_figures` (the
    tidy
    table ``df``, the planning offices' published figures ``refs`` and the programme's tables).
    """
    from avk_analysis.report.publishing import edition_figures

    target = Path(directory) / f"cijfers_{jaar}.csv"
    frame = edition_figures.edition_figures(df, jaar, veenkolonien, refs)
    text = csv_rows([list(frame.columns), *frame.itertuples(index=False)])
    target.write_text("\ufeff" + text, encoding="utf-8", newline="")
    return target


def _path(geom: object, transform) -> str:
    """Return SVG path data for a (multi)polygon."""
    polys = getattr(geom, "geoms", [geom])
    parts = []
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            pts = [transform(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def map_svg(
    df: pd.DataFrame, jaar: int, hrefs: Mapping[str, str], veenkolonien: str
) -> tuple[str, str]:
    """Return (inline SVG map of the gemeenten linking to their factsheets, legend HTML)."""
    year = scale.latest_year(df, MAP_INDICATOR, jaar)
    gdf = load.geometrie()
    if year is not None:
        values = df.loc[
            (df["indicator"] == MAP_INDICATOR) & (df["jaar"] == year) & (df["bron"] == "CBS"),
            ["regiocode", "waarde"],
        ].drop_duplicates("regiocode")
        gdf = gdf.merge(values, left_on="gemeentecode", right_on="regiocode", how="left")
    else:
        gdf["waarde"] = float("nan")
    gdf = gdf.to_crs(28992) if gdf.crs is not None and gdf.crs.to_epsg() != 28992 else gdf
    geoms = gdf.geometry.simplify(SIMPLIFY_M)
    minx, miny, maxx, maxy = gdf.total_bounds
    scale_f = MAP_WIDTH / (maxx - minx)
    height = (maxy - miny) * scale_f

    def transform(x: float, y: float) -> tuple[float, float]:
        return (x - minx) * scale_f, (maxy - y) * scale_f

    present = gdf["waarde"].notna().to_numpy()
    upper, classes = maps.classify(gdf.loc[present, "waarde"], "NaturalBreaks", 5)
    colours = maps._palette(len(upper), None)
    fill = [maps.NO_DATA_COLOUR] * len(gdf)
    for i, c in zip([i for i, p in enumerate(present) if p], classes, strict=True):
        fill[i] = colours[c]
    vk = set(regions.veenkolonien(veenkolonien))
    shapes = []
    for i, (row, geom) in enumerate(zip(gdf.itertuples(), geoms, strict=True)):
        name = regions.name(row.gemeentecode)
        value = fmt_pct(row.waarde, 1)
        label = f"{name}: {value}"
        d = _path(geom, transform)
        pattern = ' fill="url(#geen)"' if not present[i] else f' fill="{fill[i]}"'
        path = (
            f'<path d="{d}"{pattern} stroke="#ffffff" stroke-width="1">'
            f"<title>{html.escape(label)}</title></path>"
        )
        href = hrefs.get(row.gemeentecode)
        if href:
            shapes.append(
                f'<a href="{html.escape(href)}" aria-label="{html.escape("Factsheet " + label)}">'
                f"{path}</a>"
            )
        else:
            shapes.append(path)
    names = []
    for row in gdf.itertuples():
        point = row.geometry.representative_point()
        x, y = transform(point.x, point.y)
        label = LABELS.get(row.gemeentecode, regions.name(row.gemeentecode))
        lines = label.split("\n")
        tspans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 1.05}em">{html.escape(t)}</tspan>'
            for i, t in enumerate(lines)
        )
        shift = (len(lines) - 1) * 0.5
        names.append(f'<text x="{x:.1f}" y="{y:.1f}" dy="{0.35 - shift:.2f}em">{tspans}</text>')
    chosen = gdf.loc[gdf["gemeentecode"].isin(vk)]
    outline = ""
    if not chosen.empty:
        merged = chosen.geometry.union_all().simplify(SIMPLIFY_M)
        outline = (
            f'<path d="{_path(merged, transform)}" fill="none" stroke="{maps.OUTLINE_COLOUR}" '
            'stroke-width="3" pointer-events="none"/>'
        )
    what = catalogue.label(MAP_INDICATOR)
    aria = f"Kaart: {what} per gemeente, {year}. Kies een gemeente voor haar factsheet."
    svg = (
        f'<svg class="kaart" viewBox="0 0 {MAP_WIDTH} {height:.0f}" role="group" '
        f'aria-label="{html.escape(aria)}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<defs><pattern id="geen" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#4d4d4d" stroke-width="1.5"/></pattern></defs>'
        + "".join(shapes)
        + outline
        + '<g class="kaart-namen" aria-hidden="true">'
        + "".join(names)
        + "</g></svg>"
    )
    items = []
    if upper:
        texts = maps.class_labels(gdf.loc[present, "waarde"], classes, len(upper), 1, "%")
        items = [
            f'<li><span class="vlak" style="background:{c}"></span>{html.escape(t)}</li>'
            for c, t in zip(colours, texts, strict=True)
        ]
    if not present.all():
        items.append('<li><span class="vlak geen"></span>geen gegevens</li>')
    if outline:
        name = narrative.VK_SHORT  # the page's introduction names the definition
        items.append(
            f'<li><span class="lijn" style="border-color:{maps.OUTLINE_COLOUR}"></span>'
            f"{html.escape(name)}</li>"
        )
    legend = (
        f'<p class="legenda-titel">{html.escape(what)} (%, {year})</p>'
        f'<ul class="legenda">{"".join(items)}</ul>'
    )
    return svg, legend


def _card_year(df: pd.DataFrame, jaar: int, codes: Sequence[str]) -> int | None:
    """Return the one income year all key figures have (the latest such year up to ``jaar``)."""
    years = [
        latest_year(df, indicator, jaar, regio=code)
        for indicator in KEY_INDICATORS
        for code in codes
    ]
    return None if any(y is None for y in years) else min(y for y in years if y is not None)


def key_figures_html(df: pd.DataFrame, jaar: int, veenkolonien: str) -> str:
    """Return three key figures of one income year and one poverty line, per area."""
    vk_code = regions.veenkolonien_code(veenkolonien)
    codes = [vk_code, "PV20", "PV22", "NL01"]
    year = _card_year(df, jaar, [vk_code])
    if year is None:
        return "<p>Er zijn (nog) geen kerncijfers voor de Veenkoloniën.</p>"
    cards = []
    for indicator in KEY_INDICATORS:
        own = figure(df, indicator, vk_code, year)
        others = []
        for code in codes[1:]:
            other = figure(df, indicator, code, year)
            if other.available:
                others.append(f"{_area(code)} {fmt_pct(other.waarde, 1)}")
        demo = " (DEMO)" if own.status == "demo" else ""
        key = narrative.cell_key(indicator, vk_code, year) if own.available else ""
        keyed = f' data-cijfer="{html.escape(key)}"' if key else ""
        cards.append(
            '<div class="kerncijfer">'
            f'<p class="kerncijfer-getal"{keyed}>{html.escape(narrative.show(own))}'
            f"{html.escape(demo)}</p>"
            f'<p class="kerncijfer-tekst">{html.escape(CARD_TEXT[indicator])}</p>'
            f'<p class="kerncijfer-nl">{html.escape(" · ".join(others))}</p>'
            "</div>"
        )
    intro = (
        f"<p>In de Veenkoloniën, inkomensjaar {year}, alle drie gemeten met de "
        "lage-inkomensgrens van het CBS; eronder de provincies en Nederland in hetzelfde jaar.</p>"
    )
    return intro + '<div class="kerncijfers">' + "".join(cards) + "</div>"


def _area(code: str) -> str:
    """Return a short, unambiguous area name: 'Veenkoloniën', 'provincie Groningen', 'Nederland'."""
    if code.startswith("PV"):
        return "provincie " + region_label(code).replace(" (provincie)", "")
    return narrative.short_region_label(code)


def _codes_of(table: pd.DataFrame, vk_code: str) -> list[str]:
    """Return the region code of each row of a changes table (its 'Gebied' holds the label)."""
    by_label = {region_label(c): c for c in (vk_code, "PV20", "PV22", "NL01")}
    return [by_label.get(str(g), str(g)) for g in table["Gebied"]]


def changes_html(df: pd.DataFrame, jaar: int, veenkolonien: str) -> str:
    """Return what changed between the last two income years, exactly as the report says it."""
    vk_code = regions.veenkolonien_code(veenkolonien)
    table = narrative.region_changes_table(df, [vk_code, "PV20", "PV22", "NL01"], until=jaar)
    if table.empty:
        return "<p>Er zijn nog geen twee jaren om te vergelijken.</p>"
    table = table.assign(code=_codes_of(table, vk_code))
    items = []
    for indicator, rows in table.groupby("Indicator", sort=False):
        parts = []
        for r in rows.to_dict("records"):
            where = _area(str(r["code"]))
            if r.get("Richting"):
                longer = r.get(narrative.LONG_COLUMN) or ""
                over = f", over {changes.LONG_YEARS} jaar {longer}" if longer else ""
                parts.append(f"{where} {r['Richting']} ({r['Eerder']} → {r['Nu']}){over}")
            else:
                parts.append(f"{where}: {r['Nu']}, geen vergelijking")
        items.append(
            f"<li><strong>{html.escape(str(indicator))}</strong>: "
            f"{html.escape('; '.join(parts))}.</li>"
        )
    return (
        "<p>De verandering tussen de laatste twee inkomensjaren en over vijf jaar, dezelfde als "
        f"in het jaarrapport ({html.escape(narrative.direction_rule_text())}); per gemeente "
        "staat ze in de factsheet.</p><ul>" + "".join(items) + "</ul>"
    )


def gemeenten_html(hrefs: Mapping[str, str], pdfs: Mapping[str, str]) -> str:
    """Return all 22 gemeenten in alphabetical order, each with its factsheet and its PDF."""
    items = []
    for code, name in alphabetical_gemeenten():
        page = hrefs.get(code)
        text = html.escape(name)
        link = f'<a href="{html.escape(page)}">{text}</a>' if page else text
        pdf = pdfs.get(code)
        if pdf:
            link += (
                f' <a class="pdf" href="{html.escape(pdf)}" '
                f'aria-label="{html.escape("Factsheet " + name + " als PDF")}">PDF</a>'
            )
        items.append(f"<li>{link}</li>")
    return '<ul class="gemeenten">' + "".join(items) + "</ul>"


def alphabetical_gemeenten() -> list[tuple[str, str]]:
    """Return (code, name) of the 22 gemeenten sorted by name as a reader looks them up."""
    pairs = [(code, regions.name(code)) for code in regions.gemeente_codes()]
    return sorted(pairs, key=lambda p: p[1].casefold())


def downloads_html(links: Sequence[tuple[str, str]]) -> str:
    """Return the list of downloads (report, PDFs, data) that exist."""
    items = [f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for t, h in links]
    return '<ul class="downloads">' + "".join(items) + "</ul>"


def overview_html(
    df: pd.DataFrame,
    jaar: int,
    veenkolonien: str,
    hrefs: Mapping[str, str],
    downloads: Sequence[tuple[str, str]],
    pdfs: Mapping[str, str] | None = None,
) -> str:
    """Return the landing page's own sections: gemeenten, map, key figures, changes, downloads."""
    svg, legend = map_svg(df, jaar, hrefs, veenkolonien)
    parts = [
        '<h2 id="gemeente" class="zonder-paginabreuk">Kies uw gemeente</h2>',
        "<p>De factsheet van elke gemeente: kerncijfers, ontwikkeling en wat het programma er "
        "doet, in het kort bovenaan. Ook als PDF om af te drukken.</p>",
        gemeenten_html(hrefs, pdfs or {}),
        '<h2 id="kaart" class="zonder-paginabreuk">Kaart van de 22 gemeenten</h2>',
        "<p>Kies een gemeente op de kaart voor haar factsheet.</p>",
        f'<div class="landkaart">{svg}<div class="kaart-legenda">{legend}</div></div>',
        '<h2 id="kerncijfers" class="zonder-paginabreuk">Drie kerncijfers</h2>',
        key_figures_html(df, jaar, veenkolonien),
        '<h2 id="veranderd" class="zonder-paginabreuk">Wat is er veranderd</h2>',
        changes_html(df, jaar, veenkolonien),
        '<h2 id="downloads" class="zonder-paginabreuk">Rapport, PDF en cijfers</h2>',
        downloads_html(downloads),
    ]
    return "\n".join(p for p in parts if p)
