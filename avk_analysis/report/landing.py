"""The landing page (index.html): a clickable map, three key figures, what changed, downloads.

Everything here is HTML built from the processed data, escaped where text enters it. The map is
inline SVG (no script, no external resource): each gemeente is a link to its factsheet.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from avk_analysis import catalogue, load, maps, narrative, regions
from avk_analysis.charts import CBS_LICENCE, csv_rows
from avk_analysis.indicators import scale
from avk_analysis.presentation import fmt_pct

MAP_INDICATOR = "kinderen_laag_inkomen_pct"
KEY_INDICATORS = (
    "kinderen_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
    "personen_in_armoede_pct",
)
MAP_WIDTH = 600
SIMPLIFY_M = 150.0  # metres: enough detail to recognise a gemeente, small enough to e-mail
# Dutch column names of the per-edition file with every published figure.
TIDY_COLUMNS = {
    "indicator": "indicator",
    "regiocode": "regiocode",
    "regionaam": "gebied",
    "jaar": "jaar",
    "waarde": "waarde",
    "eenheid": "eenheid",
    "symbool": "teken",
    "bron": "bron",
    "status": "status",
}


def published_figures(df: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the indicators the report and factsheets show (all their years)."""
    from avk_analysis.report import verantwoording

    return df.loc[df["indicator"].isin(verantwoording.reported_indicators(df))]


def tidy_figures(df: pd.DataFrame) -> pd.DataFrame:
    """Return figures as one tidy table with Dutch column names (values to 3 decimals)."""
    present = [c for c in TIDY_COLUMNS if c in df.columns]
    out = df[present].rename(columns=TIDY_COLUMNS).copy()
    if "waarde" in out.columns:
        out["waarde"] = pd.to_numeric(out["waarde"], errors="coerce").round(3)
    if "indicator" in out.columns:
        labels = {
            c: catalogue.label(c) for c in out["indicator"].unique() if c in catalogue.INDICATORS
        }
        out.insert(1, "omschrijving", out["indicator"].map(labels).fillna(""))
    return out.sort_values([c for c in ("indicator", "regiocode", "jaar") if c in out]).reset_index(
        drop=True
    )


def write_tidy_csv(directory: Path, jaar: int, df: pd.DataFrame, retrieved: str = "") -> Path:
    """Write ``cijfers_<jaar>.csv``: every figure of the edition, licence and retrieval date."""
    target = Path(directory) / f"cijfers_{jaar}.csv"
    frame = tidy_figures(df)
    sources = frame["bron"].tolist() if "bron" in frame.columns else [""] * len(frame)
    body = (
        [*row, CBS_LICENCE if str(source) == "CBS" else "zie de bron", retrieved or "onbekend"]
        for row, source in zip(frame.itertuples(index=False), sources, strict=True)
    )
    text = csv_rows([[*frame.columns, "licentie", "opgehaald"], *body])
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
        + "</svg>"
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
        name = regions.veenkolonien_name(veenkolonien)
        items.append(
            f'<li><span class="lijn" style="border-color:{maps.OUTLINE_COLOUR}"></span>'
            f"{html.escape(name)}</li>"
        )
    legend = (
        f'<p class="legenda-titel">{html.escape(what)} (%, {year})</p>'
        f'<ul class="legenda">{"".join(items)}</ul>'
    )
    return svg, legend


def key_figures_html(df: pd.DataFrame, jaar: int, veenkolonien: str) -> str:
    """Return the three key figures of the Veenkoloniën next to the Netherlands."""
    _, kern = narrative.key_figures(df, jaar, veenkolonien=veenkolonien)
    vk_code = regions.veenkolonien_code(veenkolonien)
    cards = []
    for code in KEY_INDICATORS:
        rows = kern.loc[kern["indicator"] == code]
        vk = rows.loc[rows["regiocode"] == vk_code]
        nl = rows.loc[rows["regiocode"] == "NL01"]
        if vk.empty:
            continue
        year = vk["jaar"].iloc[0]
        value = fmt_pct(vk["waarde"].iloc[0], 1)
        nl_text = f"Nederland: {fmt_pct(nl['waarde'].iloc[0], 1)}" if not nl.empty else ""
        demo = " (DEMO)" if (vk["status"] == "demo").any() else ""
        cards.append(
            '<div class="kerncijfer">'
            f'<p class="kerncijfer-getal">{html.escape(value)}{html.escape(demo)}</p>'
            f'<p class="kerncijfer-tekst">{html.escape(catalogue.label(code))}, '
            f"{html.escape(regions.veenkolonien_name(veenkolonien))}, {html.escape(str(year))}</p>"
            f'<p class="kerncijfer-nl">{html.escape(nl_text)}</p>'
            "</div>"
        )
    return '<div class="kerncijfers">' + "".join(cards) + "</div>" if cards else ""


def changes_html(df: pd.DataFrame, jaar: int, veenkolonien: str, n: int = 5) -> str:
    """Return what changed since the previous edition as a short list (or say there is none)."""
    _, kern = narrative.key_figures(df, jaar, veenkolonien=veenkolonien)
    _, vorige = narrative.key_figures(df, jaar, veenkolonien=veenkolonien, years_back=1)
    table = narrative.changes_table(kern, vorige, n=n)
    if table.empty:
        return "<p>Er zijn geen vergelijkbare cijfers van de vorige editie.</p>"
    items = []
    for r in table.to_dict("records"):
        text = (
            f"{r.get('Indicator', '')}, {r.get('Gebied', '')}: van {r.get('Vorige editie', '')} "
            f"naar {r.get('Deze editie', '')}"
        )
        note = str(r.get("Opmerking", "") or "")
        items.append(
            f"<li>{html.escape(text)}{html.escape(' (' + note + ')') if note else ''}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


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
) -> str:
    """Return the landing page's own sections: key figures, the map, changes and downloads."""
    svg, legend = map_svg(df, jaar, hrefs, veenkolonien)
    parts = [
        '<h2 id="kerncijfers" class="zonder-paginabreuk">Drie kerncijfers</h2>',
        key_figures_html(df, jaar, veenkolonien),
        '<h2 id="kaart" class="zonder-paginabreuk">Kaart van de 22 gemeenten</h2>',
        "<p>Kies een gemeente op de kaart (of in de lijst verderop) voor haar factsheet.</p>",
        f'<div class="landkaart">{svg}<div class="kaart-legenda">{legend}</div></div>',
        '<h2 id="veranderd" class="zonder-paginabreuk">Wat is er veranderd sinds vorig jaar</h2>',
        changes_html(df, jaar, veenkolonien),
        '<h2 id="downloads" class="zonder-paginabreuk">Rapport, PDF en cijfers</h2>',
        downloads_html(downloads),
    ]
    return "\n".join(p for p in parts if p)
