"""The words and display tables a reader sees, made from the indicators' frames.

The indicators (``avk_analysis.indicators``) compute figures and return frames; this module
turns them into Dutch: table cells ('12,3 % (1.200)'), sentences that place a gemeente against
its province and the Netherlands, and the alt text of every chart. Numbers go through
:mod:`avk_analysis.presentation`, so a figure reads the same everywhere.
"""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis import catalogue, regions
from avk_analysis.indicators import changes, generational, scale
from avk_analysis.indicators.select import Figure, latest_year, region_label
from avk_analysis.presentation import GEEN_GEGEVENS, fmt_getal, fmt_pct, fmt_signed, symbol_cell

# short column headers for the wide gemeente table (the caption spells them out)
SHORT_LABELS = {
    "hh_laag_inkomen_pct": "Huish. laag ink.",
    "hh_langdurig_laag_inkomen_pct": "Huish. langdurig",
    "kinderen_laag_inkomen_pct": "Kinderen laag ink.",
    "kinderen_langdurig_laag_inkomen_pct": "Kinderen langdurig",
    "personen_in_armoede_pct": "Armoedegrens (nieuw)",
}
CHANGE_NOTES = {
    changes.NOTE_MISSING: "geen vergelijking mogelijk: cijfer ontbreekt",
    changes.NOTE_SAME_YEAR: "zelfde peiljaar (nog geen nieuwe cijfers)",
    "": "",
}


def _year(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def show(fig: Figure, decimals: int = 1) -> str:
    """Return a figure as Dutch text: '12,3 %', '1.200' or why there is no number."""
    if not fig.available:
        return symbol_cell(fig.symbool)
    if catalogue.get(fig.indicator).unit == catalogue.PCT:
        return fmt_pct(fig.waarde, decimals)
    return fmt_getal(round(fig.waarde, -1) if fig.waarde >= 100 else fig.waarde)


def _figure(indicator: str, code: str, year: int | None, value: float, symbol: str) -> Figure:
    return Figure(indicator, code, year, float(value), str(symbol), "", "", "")


def key_figures(
    df: pd.DataFrame,
    jaar: int,
    *,
    gemeente: str | None = None,
    veenkolonien: str = "planbureaus",
    years_back: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (display table, numeric long table) of the key figures for the comparison regions.

    Each indicator uses its most recent year up to ``jaar`` (minus ``years_back``: 1 gives the
    figures the previous edition showed); the table says which year that is.
    """
    long = scale.key_figures(
        df, jaar, gemeente=gemeente, veenkolonien=veenkolonien, years_back=years_back
    )
    display: list[dict] = []
    numeric: list[dict] = []
    for share, rows in long.groupby("indicator", sort=False):
        year = _year(rows["jaar"].iloc[0])
        row = {"Indicator": catalogue.label(share), "Jaar": "" if year is None else str(year)}
        for r in rows.itertuples():
            pct = _figure(share, r.regiocode, year, r.waarde, r.symbool)
            text = show(pct)
            if r.aantal_indicator:
                n = _figure(r.aantal_indicator, r.regiocode, year, r.aantal, r.aantal_symbool)
                if n.available and pct.available:
                    text += f" ({show(n)})"
            row[r.regio] = text
            numeric.append(
                {
                    "indicator": share,
                    "regiocode": r.regiocode,
                    "regio": r.regio,
                    "jaar": year,
                    "waarde": r.waarde,
                    "symbool": r.symbool,
                    "status": r.status,
                }
            )
        display.append(row)
    return pd.DataFrame(display), pd.DataFrame(numeric)


def gemeenten_table(
    df: pd.DataFrame, jaar: int, *, veenkolonien: str = "planbureaus"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (display, numeric) tables of the key shares for all 22 gemeenten."""
    members = set(regions.veenkolonien(veenkolonien))
    long = scale.gemeenten_figures(df, jaar)
    display, numeric = [], []
    for code, rows in long.groupby("regiocode", sort=False):
        first = rows.iloc[0]
        row = {
            "Gemeente": first["gemeente"] + (" (VK)" if code in members else ""),
            "Prov.": "Gr" if first["provinciecode"] == "PV20" else "Dr",
        }
        for r in rows.itertuples():
            year = _year(r.jaar)
            fig = _figure(r.indicator, code, year, r.waarde, r.symbool)
            if r.indicator in SHORT_LABELS:
                row[f"{SHORT_LABELS[r.indicator]} ({year or '-'})"] = show(fig)
                numeric.append(
                    {
                        "regiocode": code,
                        "gemeente": r.gemeente,
                        "indicator": r.indicator,
                        "jaar": year,
                        "waarde": r.waarde,
                        "symbool": r.symbool,
                    }
                )
            else:
                row["Kinderen, aantal"] = show(fig)
        display.append(row)
    return pd.DataFrame(display), pd.DataFrame(numeric)


def position_text(df: pd.DataFrame, gemeente: str, indicator: str, jaar: int) -> str:
    """Return a Dutch sentence placing a gemeente against its province and NL."""
    figures = scale.position(df, gemeente, indicator, jaar)
    own = figures["gemeente"]
    name = regions.name(gemeente)
    label = catalogue.label(indicator).lower()
    if not own.available:
        return f"Voor {name} is er geen cijfer over '{label}' beschikbaar."

    def versus(other: Figure, where: str) -> str:
        if not other.available:
            return f"voor {where} is geen cijfer beschikbaar"
        diff = own.waarde - other.waarde
        if abs(diff) < 0.25:
            return f"ongeveer gelijk aan {where} ({show(other)})"
        word = "hoger" if diff > 0 else "lager"
        return f"{word} dan in {where} ({show(other)})"

    province = region_label(regions.province_of(gemeente)).replace(" (provincie)", "")
    return (
        f"{label[0].upper()}{label[1:]} in {name}: {show(own)} in {own.jaar}; "
        f"{versus(figures['provincie'], 'de provincie ' + province)} en "
        f"{versus(figures['nederland'], 'Nederland')}."
    )


def summary_sentence(
    area: pd.DataFrame, nl: pd.DataFrame, indicator: str, whom: str, area_name: str
) -> str:
    """Return a Dutch key sentence comparing an area with NL (from key_figures' numeric table)."""
    if indicator not in area.index or pd.isna(area.loc[indicator, "waarde"]):
        return f"Voor '{catalogue.label(indicator).lower()}' is geen cijfer beschikbaar."
    a = area.loc[indicator]
    year = int(a["jaar"])
    text = f"In de {area_name} gold dit in {year} voor **{fmt_pct(a['waarde'])}** {whom}"
    if indicator in nl.index and not pd.isna(nl.loc[indicator, "waarde"]):
        text += f", tegen {fmt_pct(nl.loc[indicator, 'waarde'])} in heel Nederland"
    label = catalogue.label(indicator).lower()
    return f"*{label[0].upper()}{label[1:]}.* {text}."


def trend_alt(series: pd.DataFrame, what: str) -> str:
    """Return alt text describing a trend chart: first and last value per region."""
    parts = []
    for regio, g in series.dropna(subset=["waarde"]).groupby("regio", sort=False):
        g = g.sort_values("jaar")
        first, last = g.iloc[0], g.iloc[-1]
        parts.append(
            f"{regio} van {fmt_pct(first['waarde'])} in {first['jaar']} "
            f"naar {fmt_pct(last['waarde'])} in {last['jaar']}"
        )
    return f"Lijngrafiek van het aandeel {what}: " + "; ".join(parts) + "."


def break_alt(series: pd.DataFrame) -> str:
    """Return alt text for the definition-break chart."""
    parts = []
    for reeks, g in series.groupby("reeks", sort=False):
        g = g.sort_values("jaar")
        parts.append(
            f"{reeks}: {g['jaar'].min()}-{g['jaar'].max()}, laatst {fmt_pct(g['waarde'].iloc[-1])}"
        )
    start = scale.new_line_from(series)
    where = f" met een breuk in {start}" if start is not None else ""
    return f"Twee aparte reeksen{where}. " + "; ".join(parts) + "."


def bars_alt(bars: pd.DataFrame, what: str) -> str:
    """Return alt text for a gemeente bar chart: highest and lowest gemeente."""
    if bars.empty:
        return f"Staafdiagram van het aandeel {what}: geen gegevens."
    s = bars.sort_values("waarde")
    low, high = s.iloc[0], s.iloc[-1]
    return (
        f"Staafdiagram van het aandeel {what} per gemeente. Hoogste: {high['gemeente']} "
        f"({fmt_pct(high['waarde'])}); laagste: {low['gemeente']} ({fmt_pct(low['waarde'])})."
    )


def map_alt(gdf: pd.DataFrame, what: str, jaar: int) -> str:
    """Return alt text for a gemeente map: the three highest gemeenten and the gaps."""
    known = gdf.dropna(subset=["waarde"]).sort_values("waarde", ascending=False)
    top = ", ".join(
        f"{r['gemeentenaam']} ({fmt_pct(r['waarde'])})" for _, r in known.head(3).iterrows()
    )
    text = f"Kaart van het aandeel {what} per gemeente in {jaar}. Hoogst: {top}."
    gaps = gdf.loc[gdf["waarde"].isna(), "gemeentenaam"].tolist()
    if gaps:
        text += f" Geen gegevens: {', '.join(gaps)}."
    return text


def wijken_table(df: pd.DataFrame, gemeente: str, jaar: int, *, n: int = 12) -> pd.DataFrame:
    """Return the wijken of a gemeente with the highest share of low-income households (KWB)."""
    rows = scale.wijken(df, gemeente, jaar, n=n)
    year = latest_year(df, "kwb_hh_laag_inkomen_pct", jaar)
    return pd.DataFrame(
        {
            "Wijk": rows["regionaam"],
            f"Huishoudens met laag inkomen ({year})": [
                show(_figure("kwb_hh_laag_inkomen_pct", c, year, w, s))
                for c, w, s in zip(rows["regiocode"], rows["waarde"], rows["symbool"], strict=True)
            ],
        }
    ).reset_index(drop=True)


# --- generational poverty --------------------------------------------------------------------
def generational_table(df: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Return (table indicator x year, Markdown list of sources); unsure figures marked '*'.

    Each cell cites its source by number, e.g. '8,8 % [2]'; the list names and links them.
    """
    rows = generational.generational_rows(df)
    urls = list(dict.fromkeys(rows["bron_url"]))
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for _, r in rows.iterrows():
        unit = catalogue.get(r["indicator"]).unit
        value = fmt_pct(r["waarde"], 1) if unit == catalogue.PCT else fmt_getal(r["waarde"])
        value += (" *" if r["onzeker"] else "") + f" [{urls.index(r['bron_url']) + 1}]"
        key = (catalogue.label(r["indicator"]), r["regio"])
        year = str(r["jaar"])
        current = cells.setdefault(key, {})
        current[year] = f"{current[year]}; {value}" if year in current else value
    years = sorted({y for c in cells.values() for y in c})
    table = pd.DataFrame(
        [
            {"Indicator": k[0], "Gebied": k[1], **{y: c.get(y, "") for y in years}}
            for k, c in cells.items()
        ],
        columns=["Indicator", "Gebied", *years],
    )
    names = dict(zip(rows["bron_url"], rows["bron"], strict=False))
    sources = "\n".join(f"{i}. {names[u]}: <{u}>" for i, u in enumerate(urls, start=1))
    return table, sources


def young_adults_alt(series: pd.DataFrame) -> str:
    """Return alt text for the young-adults chart."""
    parts = [f"{r['regio']} {r['jaar']}: {fmt_pct(r['waarde'], 1)}" for _, r in series.iterrows()]
    return "Aandeel jongvolwassenen (22-26) met een laag inkomen. " + "; ".join(parts) + "."


# --- what changed ----------------------------------------------------------------------------
def _pct_with_year(value: object, year: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return GEEN_GEGEVENS
    suffix = "" if year is None or pd.isna(year) else f" ({int(year)})"
    return fmt_pct(float(value), 1) + suffix


def changes_table(current: pd.DataFrame, previous: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` largest changes between two key-figure tables, as a display table.

    The numeric columns ``indicator``, ``regiocode`` and ``verschil`` stay, for selecting.
    """
    rows = changes.compare(current, previous, n=n)
    if rows.empty:
        return rows
    return pd.DataFrame(
        {
            "indicator": rows["indicator"],
            "regiocode": rows["regiocode"],
            "Indicator": rows["indicator"].map(catalogue.label),
            "Gebied": rows["regiocode"].map(region_label),
            "Vorige editie": [
                _pct_with_year(v, y)
                for v, y in zip(rows["waarde_vorig"], rows["jaar_vorig"], strict=True)
            ],
            "Deze editie": [
                _pct_with_year(v, y) for v, y in zip(rows["waarde"], rows["jaar"], strict=True)
            ],
            "verschil": rows["verschil"],
            "Verschil (procentpunt)": [
                "" if pd.isna(d) else fmt_signed(d, 1) for d in rows["verschil"]
            ],
            "Opmerking": rows["opmerking"].map(CHANGE_NOTES),
        }
    )


def definition_break_notes(df: pd.DataFrame, jaar: int) -> list[str]:
    """Return Dutch notes on series that end or begin near ``jaar`` (e.g. the 2024 poverty line)."""
    spans = changes.series_spans(df)
    old = spans.get("kwb_hh_laag_inkomen_pct")
    new = spans.get("personen_in_armoede_pct")
    if not (old and new and new[0] <= jaar):
        return []
    return [
        f"Vanaf {new[0]} meet CBS armoede met de nieuwe armoedegrens van CBS, SCP en Nibud "
        f"('{catalogue.label('personen_in_armoede_pct')}'). De oude reeks huishoudens met een "
        f"laag inkomen in de Kerncijfers wijken en buurten loopt tot en met {old[1]}. "
        "De twee reeksen zijn niet vergelijkbaar en worden nergens aan elkaar geplakt."
    ]
