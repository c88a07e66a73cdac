"""The words and display tables a reader sees, made from the indicators' frames.

The indicators (``avk_analysis.indicators``) compute figures and return frames; this module
turns them into Dutch: table cells ('12,3 % (1.200)'), sentences that place a gemeente against
its province and the Netherlands, and the alt text of every chart. Numbers go through
:mod:`avk_analysis.presentation.formatting`, so a figure reads the same everywhere.
"""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators import changes, generational, nature, scale
from avk_analysis.indicators.select import Figure, latest_year, region_label
from avk_analysis.presentation.formatting import (
    CELL_KEYS,
    GEEN_GEGEVENS,
    escape_markdown,
    fmt_getal,
    fmt_pct,
    fmt_signed,
    markdown_url,
    symbol_cell,
)
from avk_analysis.vocabulary import catalogue, regions

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
    changes.NOTE_ENERGY: "2022: eenmalige energietoeslag telde als inkomen",
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


def cell_key(indicator: str, code: str, year: object) -> str:
    """Return the key of one figure as the edition's CSV holds it: 'indicator|regiocode|jaar'."""
    if year is None or (isinstance(year, float) and math.isnan(year)) or year == "":
        return ""
    return f"{indicator}|{code}|{int(year)}"


def with_cell_keys(display: pd.DataFrame, keys: list[dict[str, str]]) -> pd.DataFrame:
    """Attach per-cell figure keys to a display table (read by ``charts.table_html``)."""
    frame = pd.DataFrame(keys, columns=list(display.columns), dtype=object).fillna("")
    display.attrs[CELL_KEYS] = frame
    return display


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
    keys: list[dict] = []
    numeric: list[dict] = []
    for share, rows in long.groupby("indicator", sort=False):
        year = _year(rows["jaar"].iloc[0])
        row = {"Indicator": catalogue.label(share), "Jaar": "" if year is None else str(year)}
        key_row: dict[str, str] = {}
        for r in rows.itertuples():
            pct = _figure(share, r.regiocode, year, r.waarde, r.symbool)
            text = show(pct)
            key = cell_key(share, r.regiocode, year) if pct.available else ""
            if r.aantal_indicator:
                n = _figure(r.aantal_indicator, r.regiocode, year, r.aantal, r.aantal_symbool)
                if n.available and pct.available:
                    text += f" ({show(n)})"
                    key += " " + cell_key(r.aantal_indicator, r.regiocode, year)
            row[r.regio] = text
            key_row[r.regio] = key
            numeric.append(
                {
                    "indicator": share,
                    "regiocode": r.regiocode,
                    "regio": r.regio,
                    "jaar": year,
                    "waarde": r.waarde,
                    "symbool": r.symbool,
                    "status": r.status,
                    "aantal_indicator": r.aantal_indicator,
                    "aantal": r.aantal,
                }
            )
        display.append(row)
        keys.append(key_row)
    return with_cell_keys(pd.DataFrame(display), keys), pd.DataFrame(numeric)


def key_figures_download(numeric: pd.DataFrame) -> pd.DataFrame:
    """Return the key figures as a download: one value per column (share and count apart)."""
    if numeric.empty:
        return numeric
    return pd.DataFrame(
        {
            "indicator": numeric["indicator"],
            "regiocode": numeric["regiocode"],
            "gebied": numeric["regio"],
            "jaar": numeric["jaar"],
            "aandeel_pct": numeric["waarde"],
            "aantal": numeric["aantal"],
            "aantal_indicator": numeric["aantal_indicator"],
        }
    )


def gemeenten_table(
    df: pd.DataFrame, jaar: int, *, veenkolonien: str = "planbureaus"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (display, numeric) tables of the key shares for all 22 gemeenten."""
    members = set(regions.veenkolonien(veenkolonien))
    long = scale.gemeenten_figures(df, jaar)
    display, numeric, keys = [], [], []
    for code, rows in long.groupby("regiocode", sort=False):
        first = rows.iloc[0]
        row = {
            "Gemeente": first["gemeente"] + (" (VK)" if code in members else ""),
            "Prov.": "Gr" if first["provinciecode"] == "PV20" else "Dr",
        }
        key_row: dict[str, str] = {}
        for r in rows.itertuples():
            year = _year(r.jaar)
            fig = _figure(r.indicator, code, year, r.waarde, r.symbool)
            if r.indicator in SHORT_LABELS:
                column = f"{SHORT_LABELS[r.indicator]} ({year or '-'})"
                row[column] = show(fig)
                key_row[column] = cell_key(r.indicator, code, year) if fig.available else ""
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
                key_row["Kinderen, aantal"] = (
                    cell_key(r.indicator, code, year) if fig.available else ""
                )
        display.append(row)
        keys.append(key_row)
    out = pd.DataFrame(display)
    return with_cell_keys(out, keys), pd.DataFrame(numeric)


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
        value = quoted_pct(r) if unit == catalogue.PCT else fmt_getal(r["waarde"])
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
    sources = "\n".join(
        f"{i}. {escape_markdown(names[u])}" + (f": {markdown_url(u)}" if markdown_url(u) else "")
        for i, u in enumerate(urls, start=1)
    )
    return table, sources


def quoted_pct(row: pd.Series, decimals: int = 1) -> str:
    """Return a published share as its source words it ('net geen 7 %', 'bijna 5,5 %')."""
    words = generational.source_wording(row.get("definitie"))
    value = fmt_pct(float(row["waarde"]), decimals)
    if words is None:
        return value
    return words if any(ch.isdigit() for ch in words) else f"{words} {value}"


def young_adults_alt(series: pd.DataFrame) -> str:
    """Return alt text for the young-adults chart."""
    parts = [f"{r['regio']} {r['jaar']}: {quoted_pct(r)}" for _, r in series.iterrows()]
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


MAIN_LINE = "hh_laag_inkomen_pct"  # the headline series: the lage-inkomensgrens of the LLI tables


def _span_until(df: pd.DataFrame, indicator: str, jaar: int) -> tuple[int, int] | None:
    """Return the first and last income year of a CBS series up to ``jaar`` (None if none)."""
    span = changes.series_spans(df.loc[df["jaar"] <= jaar]).get(indicator)
    return span


def break_story(df: pd.DataFrame, jaar: int, *, short: bool = False) -> str:
    """Return the one plain account of the poverty lines over time, in income years.

    The lage-inkomensgrens of the 'Laag en langdurig laag inkomen' tables runs on without a
    break; the CBS/SCP/Nibud poverty line is a series of its own that starts later; the
    Kerncijfers wijken en buurten stopped publishing the old lines when the new one came.
    ``short=True`` gives one sentence for a caption. Empty when there is no main series.
    """
    main = _span_until(df, MAIN_LINE, jaar)
    if main is None:
        return ""
    new = _span_until(df, scale.NEW_LINE, jaar)
    kwb = _span_until(df, "kwb_hh_laag_inkomen_pct", jaar)
    if short:
        text = "De lage-inkomensgrens loopt zonder breuk door (vergelijkbaar met eerdere jaren)"
        if new:
            text += f"; de nieuwe armoedegrens is een eigen reeks vanaf {new[0]}"
        return text + "."
    text = (
        "*Eén grens loopt door, één grens is nieuw.* De hoofdcijfers van dit rapport gebruiken "
        "de lage-inkomensgrens van het CBS (tabel 'Laag en langdurig laag inkomen'). Die reeks "
        f"loopt zonder breuk van {main[0]} tot en met {main[1]}: de cijfers van {main[1]} zijn te "
        "vergelijken met die van eerdere jaren."
    )
    if new:
        text += (
            f" Vanaf inkomensjaar {new[0]} meet het CBS armoede daarnaast met een nieuwe "
            "armoedegrens van CBS, SCP en Nibud. Dat is een eigen reeks die in "
            f"{new[0]} begint; vergelijk die niet met de lage-inkomensgrens."
        )
        if kwb and kwb[1] < new[0]:
            text += (
                " In de Kerncijfers wijken en buurten staan de lage-inkomensgrens en het sociaal "
                f"minimum tot en met inkomensjaar {kwb[1]}; daarna staat daar alleen de nieuwe "
                "grens."
            )
    return text


# --- plain words: abbreviations and the Veenkoloniën set --------------------------------------
ABBREVIATIONS = {
    "AVK": "Alliantie van Kracht",
    "CBS": "Centraal Bureau voor de Statistiek",
    "SPG": "Sociaal Planbureau Groningen",
    "TD": "Trendbureau Drenthe",
    "SCP": "Sociaal en Cultureel Planbureau",
    "Nibud": "Nationaal Instituut voor Budgetvoorlichting",
    "RUG": "Rijksuniversiteit Groningen",
    "KWB": "Kerncijfers wijken en buurten (een CBS-tabel per jaar)",
    "LLI": "de CBS-tabel 'Laag en langdurig laag inkomen'",
}


def abbreviations_note() -> str:
    """Return one Dutch sentence that spells out every abbreviation the report uses."""
    parts = [f"{k} = {v}" for k, v in ABBREVIATIONS.items()]
    return "*Afkortingen in dit rapport:* " + "; ".join(parts) + "."


def veenkolonien_members(veenkolonien: str) -> str:
    """Return 'de 10 gemeenten A, B en C' of a Veenkoloniën set."""
    names = scale.veenkolonien_names(veenkolonien)
    if not names:
        return "geen gemeenten"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return f"de {len(names)} gemeenten {listed}"


def _and(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


# --- generational poverty in words ----------------------------------------------------------
def _times(x: float) -> str:
    return fmt_getal(x, 1) + " keer"


def national_transfer_sentence(refs: pd.DataFrame | None) -> str:
    """Return CBS's national finding in the one wording every page uses (report, factsheets).

    The comparator is what CBS names: all inhabitants ("bijna 5,5 procent"), not all children;
    the ratio is told once, as "ongeveer 1,7 keer zo vaak".
    """
    ref = generational.national_transfer(refs)
    return (
        f"Volgens het CBS ('Armoedeoverdracht tussen generaties', {ref['publicatiejaar']}) had "
        "van de kinderen die in 1995 in een huishouden met een laag inkomen woonden, 25 jaar "
        f"later **{fmt_pct(float(ref['van_laag_inkomen']))}** zelf een laag inkomen, tegen "
        f"{ref['alle_inwoners_woord']} {fmt_pct(float(ref['alle_inwoners']))} van alle inwoners: "
        f"ongeveer {_times(float(ref['verhouding']))} zo vaak."
    )


def national_reference_text(refs: pd.DataFrame | None) -> str:
    """Return the national reference (CBS 2023) in plain Dutch, with what it does not mean."""
    return (
        f"*Landelijk ter vergelijking.* {national_transfer_sentence(refs)} Het onderzoek van de "
        "RUG waarop het programma zich baseert, wijst in dezelfde richting. De meeste kinderen "
        "uit een huishouden met een laag inkomen hebben als volwassene dus géén laag inkomen."
    )


def young_adults_text(df: pd.DataFrame, vk_name: str, refs: pd.DataFrame | None = None) -> str:
    """Return what the planning offices found on young adults (22-26) and their parents.

    With ``refs``, an earlier vintage of the young-adults series kept as a reference is named in
    one sentence beside the revised figure the monitor shows for the same year.
    """
    latest = generational.young_adults_latest(df)
    ratios = generational.parent_ratios(df)
    if latest.empty and ratios.empty:
        return (
            "Over jongvolwassenen en hun ouders heeft de monitor nog geen cijfers van de "
            "planbureaus."
        )
    parts = []
    vk = latest.loc[latest["regiocode"].str.startswith("VK_")]
    nl = latest.loc[latest["regiocode"] == "NL01"]
    if not vk.empty:
        r = vk.iloc[-1]
        text = (
            f"In de Veenkoloniën had in {int(r['jaar'])} **{quoted_pct(r)}** van de "
            "jongvolwassenen van 22 tot 26 jaar een laag inkomen"
        )
        if not nl.empty:
            n = nl.iloc[-1]
            text += f" (Nederland {int(n['jaar'])}: {quoted_pct(n)})"
        parts.append(text + ".")
    mother = ratios.loc[(ratios["ouder"] == "moeder") & ratios["regiocode"].str.startswith("VK_")]
    father = ratios.loc[(ratios["ouder"] == "vader") & ratios["regiocode"].str.startswith("VK_")]
    for label, rows in (("moeder", mother), ("vader", father)):
        if rows.empty:
            continue
        r = rows.iloc[-1]
        parts.append(
            f"Van de jongvolwassenen met een laag inkomen had in {r['jaar']} "
            f"{fmt_pct(r['bij_laag'])} een {label} met een laag inkomen, tegen "
            f"{fmt_pct(r['bij_alle'])} van alle jongvolwassenen: **{_times(r['keer'])} zo vaak**"
            + (" (cijfer onzeker)" if r["onzeker"] else "")
            + "."
        )
    own_home = generational.parent_ratios(df, generational.PARENT_PAIRS_OWN_HOME)
    own_home = own_home.loc[own_home["regiocode"].str.startswith("VK_")]
    if not own_home.empty:
        said = [
            f"{_times(r['keer'])} zo vaak een {r['ouder']} met een laag inkomen "
            f"({fmt_pct(r['bij_laag'])} tegen {fmt_pct(r['bij_alle'])})"
            for _, r in own_home.sort_values("ouder").iterrows()
        ]
        year = int(own_home["jaar"].max())
        parts.append(
            f"Alleen **uitwonende** jongvolwassenen ({year}): die met een laag inkomen hadden "
            + " en ".join(said)
            + " als alle uitwonende jongvolwassenen. Dat is dezelfde groep als in de tabellering "
            "van de monitor hieronder; de cijfers hierboven gaan over alle jongvolwassenen, ook "
            "wie nog thuis woont, en zijn daarom niet met deze te vergelijken."
        )
    parts.append(
        "Deze cijfers komen van Sociaal Planbureau Groningen en Trendbureau Drenthe (analyse van "
        "CBS-microdata met de RUG) en bestaan alleen voor de Veenkoloniën als geheel (de 12 "
        f"gemeenten van vóór 2018; in dit rapport: {vk_name}) en voor Nederland, niet per gemeente."
    )
    parts += [_vintage_sentence(df, r) for _, r in generational.superseded(refs).iterrows()]
    return " ".join(p for p in parts if p)


def _vintage_sentence(df: pd.DataFrame, old: pd.Series) -> str:
    """Return one sentence on an earlier vintage beside the revised figure of the same cell."""
    series = generational.young_adults_series(df)
    same = series.loc[(series["regiocode"] == old["regiocode"]) & (series["jaar"] == old["jaar"])]
    if same.empty:
        return ""
    where = region_label(str(old["regiocode"]))
    where = "de Veenkoloniën" if str(old["regiocode"]).startswith("VK_") else where
    return (
        f"Een eerdere publicatie gaf voor {where} in {int(old['jaar'])} {quoted_pct(old)}; de "
        f"planbureaus hebben die reeks later herzien ({quoted_pct(same.iloc[0])} voor hetzelfde "
        "jaar). De monitor toont alleen de herziene reeks, zodat de jaren met elkaar te "
        "vergelijken zijn; het oudere cijfer staat bij de referenties."
    )


def _share_figure(df: pd.DataFrame, indicator: str, code: str, jaar: int) -> Figure:
    from avk_analysis.indicators.select import figure

    return figure(df, indicator, code, latest_year(df, indicator, jaar))


def children_text(df: pd.DataFrame, code: str, jaar: int, *, compare: list[str]) -> str:
    """Return how many children grow up in (long-term) low income in a region, with comparisons."""
    name = ("de " if code.startswith("VK_") else "") + region_label(code)
    sentences = []
    for indicator, what in (
        ("kinderen_laag_inkomen_pct", "in een huishouden met een laag inkomen"),
        ("kinderen_langdurig_laag_inkomen_pct", "al ten minste vier jaar in een laag inkomen"),
    ):
        own = _share_figure(df, indicator, code, jaar)
        if not own.available:
            sentences.append(f"Voor {name} is geen cijfer over kinderen {what}.")
            continue
        count = indicator.replace("_pct", "_aantal")
        n = _share_figure(df, count, code, jaar)
        amount = f", ongeveer {show(n)} kinderen" if n.available and n.jaar == own.jaar else ""
        others = []
        for other in compare:
            o = _share_figure(df, indicator, other, jaar)
            if o.available and o.jaar == own.jaar:
                others.append(f"{region_label(other)} {show(o)}")
        extra = f" ({_and(others)})" if others else ""
        sentences.append(
            f"In {own.jaar} groeide in {name} **{show(own)}** van de minderjarige kinderen op "
            f"{what}{amount}{extra}."
        )
    return " ".join(sentences)


def generational_gemeente_text(
    df: pd.DataFrame,
    refs: pd.DataFrame | None,
    gemeente: str,
    jaar: int,
    veenkolonien: str,
    *,
    microdata: bool = False,
) -> str:
    """Return the factsheet's plain account of generational poverty for one gemeente.

    ``microdata``: the exports of the Remote Access kit have figures for this gemeente (they
    follow in their own section, so the text no longer says they do not exist).
    """
    name = regions.name(gemeente)
    in_vk = gemeente in regions.veenkolonien(veenkolonien)
    if microdata and not generational.has_gemeente_figures(df, gemeente):
        # the children's figures are in the key figures above and the young adults' in the
        # section below: this text only links them (the factsheet stays two A4 pages)
        return (
            f"Generatiearmoede kan ontstaan bij kinderen die in een huishouden met een laag "
            f"inkomen opgroeien (voor {name}: zie de kerncijfers). Landelijk: "
            f"{national_transfer_sentence(refs)}"
        )
    parts = [children_text(df, gemeente, jaar, compare=[regions.province_of(gemeente), "NL01"])]
    if generational.has_gemeente_figures(df, gemeente):
        parts.append(
            f"De planbureaus publiceerden ook cijfers over jongvolwassenen in {name}: zie de tabel."
        )
    else:
        parts.append(
            "Hoe vaak jongvolwassenen (22-26 jaar) met een laag inkomen ouders met een laag "
            "inkomen hebben, is **niet per gemeente bekend**: de planbureaus publiceren dat "
            "alleen voor de Veenkoloniën als geheel en voor Nederland."
        )
        ratios = generational.parent_ratios(df)
        mother = ratios.loc[
            (ratios["ouder"] == "moeder") & ratios["regiocode"].str.startswith("VK_")
        ]
        if not mother.empty:
            r = mother.iloc[-1]
            where = (
                f"{name} hoort bij dat gebied, dus dit regiocijfer zegt iets over {name}, "
                "maar het precieze niveau kan per gemeente verschillen"
                if in_vk
                else f"{name} hoort daar niet bij; het regiocijfer geldt voor {name} dus niet"
            )
            parts.append(
                f"In de Veenkoloniën hadden jongvolwassenen met een laag inkomen "
                f"{_times(r['keer'])} zo vaak een moeder met een laag inkomen als alle "
                f"jongvolwassenen ({r['jaar']}). {where}."
            )
    parts.append(
        f"Landelijk: {national_transfer_sentence(refs)} Kinderen die nu in een laag inkomen "
        "opgroeien, zijn dus de groep waar generatiearmoede kan ontstaan."
    )
    return " ".join(parts)


# --- the poverty lines side by side ---------------------------------------------------------
LINE_NAMES = {
    "lig_lli": "Huishoudens onder de lage-inkomensgrens (CBS-tabel laag inkomen)",
    "lig_kwb": "Huishoudens onder de lage-inkomensgrens (Kerncijfers wijken en buurten)",
    "sm101": "Huishoudens onder of rond het sociaal minimum (tot 101 %)",
    "sm110": "Huishoudens tot 110 % van het sociaal minimum",
    "sm120": "Huishoudens tot 120 % van het sociaal minimum",
    "armoedegrens": "Personen onder de nieuwe armoedegrens (CBS, SCP en Nibud)",
}
LINE_DEFINITIONS = {
    "lig_lli": "Vaste koopkracht: ongeveer de bijstand van een alleenstaande in 1979, elk jaar "
    "met de prijzen verhoogd (2022: € 1.200 netto per maand voor een alleenstaande). Zonder "
    "studentenhuishoudens en huishoudens met een onvolledig jaarinkomen.",
    "lig_kwb": "Dezelfde grens, maar een iets andere groep huishoudens; ook per wijk. De "
    "Kerncijfers wijken en buurten publiceren haar niet meer sinds de nieuwe armoedegrens.",
    "sm101": "Het sociaal minimum is het bedrag dat de overheid als minimum hanteert (bijstand, "
    "AOW); 'rond' = tot 101 %.",
    "sm110": "Gemeenten gebruiken deze grens vaak voor minimaregelingen.",
    "sm120": "Ruimere grens voor minimaregelingen; telt ook huishoudens net boven het minimum.",
    "armoedegrens": "Nieuwe grens van CBS, SCP en Nibud, een eigen reeks vanaf het eerste "
    "inkomensjaar in de kolom 'Inkomensjaren': wat een huishouden minimaal nodig heeft, "
    "inclusief woonlasten. Een andere definitie: niet te vergelijken met de lage-inkomensgrens.",
}


def energy_note() -> str:
    """Return the explanation of the 2022 dip (the one-off energietoeslag)."""
    return (
        "*Waarom 2022 lager is.* In 2022 kregen huishoudens met een laag inkomen een eenmalige "
        "energietoeslag van de gemeente (ongeveer € 1.300). Het CBS telde die als inkomen, "
        "waardoor veel huishoudens net boven de lage-inkomensgrens kwamen. De daling in 2022 "
        "betekent dus niet dat armoede echt afnam; de hogere energierekening werd niet "
        "meegeteld. Sociaal Planbureau Groningen toont daarom ook het sociaal minimum."
    )


def lines_table(
    df: pd.DataFrame, refs: pd.DataFrame | None, codes: list[str], *, until: int
) -> pd.DataFrame:
    """Return one row per poverty line: its years, the latest value per region, published values.

    Every region shows the line's latest income year (the same for all regions of a row); the
    last column lists what the planning offices published for the same cell, next to the
    monitor's value.
    """
    published = scale.published_next_to(df, refs, [i for i, _ in scale.POVERTY_LINES], codes)
    rows: list[dict] = []
    keys: list[dict] = []
    for indicator, key in scale.POVERTY_LINES:
        per_region = {c: scale.poverty_lines(df, c, until=until) for c in codes}
        series = [s.loc[s["reeks"] == key] for s in per_region.values()]
        years = pd.concat(series)["jaar"] if any(not s.empty for s in series) else pd.Series()
        if years.empty:
            continue
        last_year = int(years.max())
        row = {
            "Grens": LINE_NAMES[key],
            "Inkomensjaren": _span(int(years.min()), last_year),
            "Jaar": str(last_year),
        }
        key_row = {}
        for code, s in zip(codes, series, strict=True):
            hit = s.loc[s["jaar"] == last_year, "waarde"]
            row[region_label(code)] = fmt_pct(hit.iloc[0]) if not hit.empty else GEEN_GEGEVENS
            key_row[region_label(code)] = cell_key(indicator, code, last_year) if len(hit) else ""
        keys.append(key_row)
        pub = published.loc[published["indicator"] == indicator] if not published.empty else None
        cells = []
        if pub is not None:
            for r in pub.drop_duplicates(["regiocode"]).itertuples():
                cells.append(
                    f"{region_label(r.regiocode)} {r.jaar}: {fmt_pct(r.gepubliceerd)} "
                    f"({r.bron}; monitor {fmt_pct(r.monitor)})"
                )
        row["Gepubliceerd door planbureau"] = "; ".join(cells) or "geen"
        rows.append(row)
    return with_cell_keys(pd.DataFrame(rows), keys)


def lines_definitions() -> str:
    """Return the definitions of the poverty lines as a Markdown list."""
    items = [f"- **{LINE_NAMES[k]}**: {LINE_DEFINITIONS[k]}" for _, k in scale.POVERTY_LINES]
    return "\n".join(items)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def lines_alt(series: pd.DataFrame) -> str:
    """Return alt text for the poverty-lines chart."""
    parts = []
    for key, g in series.groupby("reeks", sort=False):
        g = g.sort_values("jaar")
        parts.append(
            f"{LINE_NAMES.get(str(key), key)}: {int(g['jaar'].min())}-{int(g['jaar'].max())}, "
            f"laatst {fmt_pct(g['waarde'].iloc[-1])}"
        )
    return "Lijnen per armoedegrens, elk een eigen reeks. " + "; ".join(parts) + "."


def two_numbers_text(df: pd.DataFrame, code: str, *, until: int) -> str:
    """Explain why households with a low income show two numbers (LLI and KWB)."""
    both = scale.two_low_income_numbers(df, code, until=until)
    if not both:
        return ""
    return (
        f"*Twee cijfers voor hetzelfde begrip.* Huishoudens met een laag inkomen staan in twee "
        f"CBS-tabellen. Voor {short_region_label(code)} in {both['jaar']}: "
        f"{fmt_pct(both['lli'])} in de "
        f"tabel 'Laag en langdurig laag inkomen' en {fmt_pct(both['kwb'])} in de Kerncijfers "
        "wijken en buurten. Het verschil komt doordat ze niet precies dezelfde huishoudens tellen. "
        "Dit rapport gebruikt het eerste cijfer als hoofdcijfer (het loopt door tot "
        f"{both['lli_laatste_jaar']} en heeft ook kinderen en 'langdurig'); het tweede alleen voor "
        f"wijken en voor de vergelijking met het sociaal minimum (tot {both['kwb_laatste_jaar']})."
    )


def year_axis_note() -> str:
    """Return the sentence that says which year every figure is filed under."""
    return (
        "*Jaren.* Elk jaartal in dit rapport is het **inkomensjaar**: het jaar waarover het "
        "inkomen gaat. De Kerncijfers wijken en buurten van een jaar gaan over het inkomen van "
        "dat jaar (Kerncijfers 2024: inkomen over 2024); de monitor zet elk cijfer op het jaar "
        "dat het CBS erbij vermeldt. Uitkeringen, jeugdzorg en opleiding staan op het jaar van "
        "de tabel (de telling van dat jaar)."
    )


# --- what changed, per region ---------------------------------------------------------------
CHANGE_INDICATORS = [
    "kinderen_laag_inkomen_pct",
    "kinderen_langdurig_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
]


LONG_COLUMN = f"Over {changes.LONG_YEARS} jaar"


def long_change_text(df: pd.DataFrame, indicator: str, code: str, *, until: int) -> str:
    """Return the multi-year direction in words: 'gedaald (van 8,8 % in 2019)' ('' if too short)."""
    long = changes.long_change(df, indicator, code, until)
    if not long["richting"]:
        return ""
    text = f"{long['richting']} (van {fmt_pct(long['waarde_begin'])} in {long['jaar_begin']})"
    return text


def region_changes_table(
    df: pd.DataFrame, codes: list[str], *, until: int, indicators: list[str] | None = None
) -> pd.DataFrame:
    """Return the change of the key shares between their last two income years per region.

    'Richting' is a direction word only when the change exceeds what rounding and chance in
    counts of this size explain (:func:`changes.direction`); the next column says the direction
    over five income years in words.
    """
    rows = changes.region_changes(df, indicators or CHANGE_INDICATORS, codes, until)
    out, keys = [], []
    for r in rows.itertuples():
        if pd.isna(r.jaar):
            continue
        has = not pd.isna(r.verschil)
        long = changes.long_change(df, r.indicator, r.regiocode, until)
        change_key = cell_key(change_indicator(r.indicator), r.regiocode, r.jaar)
        keys.append(
            {
                "Eerder": cell_key(r.indicator, r.regiocode, r.jaar_vorig) if has else "",
                "Nu": cell_key(r.indicator, r.regiocode, r.jaar),
                "Verschil (procentpunt)": change_key if has else "",
                LONG_COLUMN: cell_key(r.indicator, r.regiocode, long["jaar_begin"])
                if long["richting"]
                else "",
            }
        )
        out.append(
            {
                "Indicator": catalogue.label(r.indicator),
                "Gebied": region_label(r.regiocode),
                "Eerder": _pct_with_year(r.waarde_vorig, r.jaar_vorig) if has else GEEN_GEGEVENS,
                "Nu": _pct_with_year(r.waarde, r.jaar),
                "Verschil (procentpunt)": fmt_signed(r.verschil, 1) if has else "",
                "Richting": r.richting if has else "",
                LONG_COLUMN: long_change_text(df, r.indicator, r.regiocode, until=until),
                "Opmerking": CHANGE_NOTES.get(r.opmerking, ""),
            }
        )
    return with_cell_keys(pd.DataFrame(out), keys)


def change_indicator(indicator: str) -> str:
    """Return the edition-CSV indicator of a share's change between its last two years."""
    return f"{indicator}_verandering"


def trend_words(df: pd.DataFrame, indicator: str, codes: list[str], *, until: int) -> str:
    """Return a trend chart's multi-year direction in words, one clause per region."""
    parts = []
    for code in codes:
        long = changes.long_change(df, indicator, code, until)
        if not long["richting"]:
            continue
        parts.append(
            f"{short_region_label(code)} {long['richting']} (van {fmt_pct(long['waarde_begin'])} "
            f"in {long['jaar_begin']} naar {fmt_pct(long['waarde'])} in {long['jaar']})"
        )
    if not parts:
        return ""
    return f"*In woorden, over {changes.LONG_YEARS} jaar:* " + "; ".join(parts) + "."


def direction_rule_text() -> str:
    """Return, in plain words, when a change gets a direction word (captions and Begrippen)."""
    return (
        "'ongeveer gelijk' = het verschil is niet groter dan wat afronding en toeval bij zulke "
        f"aantallen kunnen geven (altijd minstens {fmt_getal(changes.SMALL_PP, 2)} procentpunt; "
        "in een kleine gemeente meer)"
    )


def province_check_notes(df: pd.DataFrame, *, until: int, demo: bool = False) -> list[str]:
    """Return a note per province whose change disagrees with its gemeenten (none if they agree)."""
    notes = []
    gm = regions.gemeenten()
    for province in ("PV20", "PV22"):
        members = gm.loc[gm["provinciecode"] == province, "gemeentecode"].tolist()
        check = changes.province_check(df, "kinderen_laag_inkomen_pct", province, members, until)
        name = region_label(province).replace(" (provincie)", "")
        if check["akkoord"] is None:
            notes.append(
                f"Provincie {name}: de verandering is niet met de gemeenten te vergelijken "
                "(niet alle gemeenten hebben cijfers voor beide jaren)."
            )
            continue
        counts = (
            f"van de {check['gemeenten']} gemeenten stegen er {check['stijgers']}, daalden er "
            f"{check['dalers']} en bleven er {check['gelijk']} ongeveer gelijk"
        )
        base = (
            f"Provincie {name}, kinderen in een huishouden met een laag inkomen "
            f"{check['jaar_vorig']}-{check['jaar']}: in de provincie {check['richting']} "
            f"({fmt_signed(check['verschil'], 1)} procentpunt), in de gemeenten samen "
            f"{check['richting_gemeenten']} ({fmt_signed(check['verschil_gemeenten'], 1)} "
            f"procentpunt); {counts}."
        )
        if check["akkoord"]:
            continue  # province and gemeenten agree: nothing a reader needs to be told
        else:
            notes.append(
                "**Let op:** "
                + base
                + " De provincie en haar gemeenten laten hier een ander beeld zien. Het CBS "
                "rondt af en houdt kleine aantallen geheim, en de provincie telt ook huishoudens "
                "mee die de gemeenten niet kunnen toedelen. "
                + (
                    "Bij demonstratiecijfers zijn de provincie en de gemeenten bovendien los van "
                    "elkaar verzonnen. "
                    if demo
                    else ""
                )
                + "Lees de verandering van de provincie daarom samen met die van de gemeenten."
            )
    return notes


def gemeente_change_text(df: pd.DataFrame, gemeente: str, *, until: int) -> str:
    """Return one sentence per key share on how it changed in a gemeente, with its province."""
    name = regions.name(gemeente)
    province = regions.province_of(gemeente)
    out = []
    for indicator in CHANGE_INDICATORS[:2]:
        own = changes.region_change(df, indicator, gemeente, until)
        if pd.isna(own["verschil"]):
            continue
        prov = changes.region_change(df, indicator, province, until)
        text = (
            f"{catalogue.label(indicator)} in {name}: van {fmt_pct(own['waarde_vorig'])} in "
            f"{own['jaar_vorig']} naar {fmt_pct(own['waarde'])} in {own['jaar']}, "
            f"{own['richting']} ({fmt_signed(own['verschil'], 1)} procentpunt)"
        )
        if not pd.isna(prov["verschil"]) and prov["jaar"] == own["jaar"]:
            text += f"; in de provincie {prov['richting']} ({fmt_signed(prov['verschil'], 1)})"
        if own["opmerking"] == changes.NOTE_ENERGY:
            text += "; let op: in 2022 telde de eenmalige energietoeslag als inkomen"
        out.append(text + ".")
    if not out:
        return f"Voor {name} zijn er nog geen twee jaren om te vergelijken."
    return " ".join(out)


# --- the nature of poverty (aard) by kapitaalsvorm -------------------------------------------
NATURE_LABELS = {
    "armoedegrens": "Personen onder de nieuwe armoedegrens",
    "sm120": "Huishoudens tot 120 % van het sociaal minimum",
    "inkomen": "Gemiddeld inkomen per inwoner (x € 1.000)",
    "vermogen": "Mediaan vermogen van huishoudens (x € 1.000)",
    "bijstand": "Bijstand, per 1.000 inwoners",
    "ao": "Arbeidsongeschiktheidsuitkering, per 1.000 inwoners",
    "ww": "WW-uitkering, per 1.000 inwoners",
    "opleiding_laag": "Inwoners 15-75 met een laag opleidingsniveau",
    "jeugdzorg": "Jongeren met jeugdzorg, per 1.000 inwoners",
    "kinderen_langdurig": "Kinderen in een langdurig laag inkomen",
}
KAPITAAL_LABELS = {
    nature.ECONOMISCH: "Economisch kapitaal (inkomen, vermogen, uitkeringen)",
    nature.SOCIAAL: "Sociaal kapitaal (netwerk, informele hulp)",
    nature.CULTUREEL: "Cultureel kapitaal (opleiding)",
    nature.PEDAGOGISCH: "Pedagogisch kapitaal (opgroeien, opvoeden)",
    nature.MENTAAL: "Mentaal kapitaal (zelfvertrouwen)",
}


NOT_ADDABLE = "n.v.t."  # a median cannot be computed for a group of gemeenten
#: Context measures a factsheet's key figures already show (one fact, shown once per page).
IN_KEY_FIGURES = ("armoedegrens", "kinderen_langdurig")


def _nature_cell(kind: str, value: float, code: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if kind == nature.KIND_LEVEL and (code.startswith(("VK_", "PV"))):
            return NOT_ADDABLE
        return GEEN_GEGEVENS
    if kind in (nature.KIND_SHARE, nature.KIND_PART):
        return fmt_pct(value, 1)
    return fmt_getal(value, 1 if kind == nature.KIND_LEVEL else 0)


def nature_table(
    df: pd.DataFrame, codes: list[str], jaar: int, *, leave_out: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Return the context measures by kapitaalsvorm, one column per region (display table).

    ``leave_out`` names measures (keys of ``nature.CONTEXT``) a page already shows elsewhere,
    such as a factsheet's key figures, so one fact is not shown twice.
    """
    long = nature.context_figures(df, codes, jaar)
    long = long.loc[~long["maat"].isin(leave_out)]
    rows, keys = [], []
    for (kv, key), g in long.groupby(["kapitaalsvorm", "maat"], sort=False):
        year = g["jaar"].iloc[0]
        row = {
            "Kapitaalsvorm": kv,
            "Maat": NATURE_LABELS[str(key)],
            "Jaar": "" if year is None or pd.isna(year) else str(int(year)),
        }
        key_row = {}
        for r in g.itertuples():
            row[r.regio] = _nature_cell(r.soort, r.waarde, r.regiocode)
            if not pd.isna(r.waarde):
                key_row[r.regio] = cell_key(nature_indicator(str(key)), r.regiocode, year)
        rows.append(row)
        keys.append(key_row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["Kapitaalsvorm"] = out["Kapitaalsvorm"].map(lambda k: k.capitalize())
    return with_cell_keys(out, keys)


def nature_indicator(key: str) -> str:
    """Return the edition-CSV indicator of a context measure (a computed rate has its own)."""
    m = nature.measure(key)
    if m.kind == nature.KIND_PER_1000:
        return f"{key}_per_1000"
    if m.kind == nature.KIND_PART:
        return f"{key}_pct"
    return m.indicator


def nature_gaps_text() -> str:
    """Say which kapitaalsvormen open CBS data cannot describe."""
    covered = {m.kapitaalsvorm for m in nature.CONTEXT}
    missing = [KAPITAAL_LABELS[k] for k in nature.KAPITAALSVORMEN if k not in covered]
    if not missing:
        return ""
    return (
        f"Voor {_and([m.split(' (')[0].lower() for m in missing])} heeft het CBS geen open "
        "cijfers per gemeente; daarover gaan de ervaringen en de programmagegevens van de "
        "Alliantie."
    )


def debts_note() -> str:
    """Say where problematic debts per gemeente are published and why they are not here yet."""
    return (
        "*Problematische schulden.* Het CBS publiceert per gemeente hoeveel huishoudens "
        "geregistreerde problematische schulden hebben (dashboard 'Schuldenproblematiek in "
        "beeld'); Trendbureau Drenthe toont ze per wijk. De monitor neemt ze op zodra er een "
        "open CBS-tabel met die cijfers is die hij automatisch kan ophalen; die is nog niet "
        "gevonden."
    )


WIJK_LABELS = {
    "armoedegrens": "Onder armoedegrens",
    "bijstand": "Bijstand per 1.000",
    "jeugdzorg": "Jeugdzorg per 1.000",
    "opleiding_laag": "Laag opgeleid",
}


def wijken_nature_table(df: pd.DataFrame, gemeente: str, jaar: int, *, n: int = 10) -> pd.DataFrame:
    """Return the wijk detail of the nature measures (display table, short headers)."""
    wide = nature.wijken_context(df, gemeente, jaar, n=n)
    if wide.empty:
        return wide
    years = wide.attrs.get("jaren", {})
    out = pd.DataFrame({"Wijk": wide["regionaam"]})
    keys = pd.DataFrame({"Wijk": [""] * len(wide)})
    for key in nature.WIJK_MEASURES:
        kind = nature.measure(key).kind
        year = years.get(key)
        col = WIJK_LABELS[key] + (f" ({year})" if year else "")
        out[col] = [_nature_cell(kind, v) for v in wide[key]]
        keys[col] = [
            "" if pd.isna(v) else cell_key(nature_indicator(key), c, year)
            for c, v in zip(wide["regiocode"], wide[key], strict=True)
        ]
    if all((out[c] == GEEN_GEGEVENS).all() for c in out.columns[1:]):
        return out.iloc[0:0]
    return with_cell_keys(out, keys.to_dict("records"))


PUBLISHED_CHECK = [
    "kinderen_laag_inkomen_pct",
    "kinderen_langdurig_laag_inkomen_pct",
    "hh_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
]


def published_text(df: pd.DataFrame, refs: pd.DataFrame | None, code: str) -> str:
    """Return the planning offices' published values next to the monitor's for one region."""
    rows = scale.published_next_to(df, refs, PUBLISHED_CHECK, [code])
    rows = rows.dropna(subset=["monitor", "gepubliceerd"])
    if rows.empty:
        return (
            f"Sociaal Planbureau Groningen en Trendbureau Drenthe publiceerden voor "
            f"{region_label(code)} geen cijfers die de monitor naast de zijne kan zetten."
        )
    parts = []
    for r in rows.drop_duplicates(["indicator"]).itertuples():
        parts.append(
            f"{catalogue.label(r.indicator).lower()} {r.jaar}: {escape_markdown(r.bron)} "
            f"{fmt_pct(r.gepubliceerd)}, "
            f"monitor {fmt_pct(r.monitor)}"
        )
    demo = (rows["monitor_status"] == "demo").any()
    return (
        f"*Naast de cijfers van de planbureaus ({region_label(code)}).* "
        + "; ".join(parts)
        + "."
        + (
            " De monitorcijfers zijn hier demonstratiecijfers, dus verschillen zeggen niets."
            if demo
            else ""
        )
    )


# --- the Veenkoloniën named once per page ----------------------------------------------------
VK_SHORT = "Veenkoloniën"


def veenkolonien_definition(veenkolonien: str, *, listed: bool = True) -> str:
    """Return the one place a page names its Veenkoloniën set: 'definitie planbureaus: de 10 …'.

    ``listed=False`` gives the short form for a factsheet: 'definitie planbureaus, 10 gemeenten'.
    """
    name = regions.veenkolonien_name(veenkolonien)
    which = name.removeprefix(VK_SHORT).strip().strip("()") or veenkolonien
    if not listed:
        return f"{which}, {len(regions.veenkolonien(veenkolonien))} gemeenten"
    return f"{which}: {veenkolonien_members(veenkolonien)}"


def short_region_label(code: str) -> str:
    """Return a region's name as a table or legend shows it after the page named the set once."""
    return VK_SHORT if code.startswith("VK_") else region_label(code)


def short_region_names(table: pd.DataFrame) -> pd.DataFrame:
    """Return a display table that says just 'Veenkoloniën' in its headers and cells."""
    long_names = {
        regions.veenkolonien_name(d) for d in regions.veenkolonien_definitions().definitie
    }
    renamed = {c: VK_SHORT for c in table.columns if c in long_names}
    keys = table.attrs.get(CELL_KEYS)
    out = table.rename(columns=renamed)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: VK_SHORT if v in long_names else v)
    if keys is not None:
        out.attrs[CELL_KEYS] = keys.rename(columns=renamed)
    return out


# --- Begrippen: the few words a reader meets, in plain Dutch -------------------------------
TERMS = {
    "Laag inkomen": (
        "een huishoudinkomen onder de lage-inkomensgrens van het CBS: een vast bedrag aan "
        "koopkracht dat alleen met de prijzen meegaat"
    ),
    "Langdurig": "vier jaar of langer achter elkaar een laag inkomen",
    "Nieuwe armoedegrens": (
        "de grens die CBS, SCP en Nibud samen maakten; een eigen reeks, niet te vergelijken met "
        "de lage-inkomensgrens"
    ),
    "Inkomensjaar": (
        "het jaar waarover het inkomen gaat; het CBS publiceert de cijfers ongeveer anderhalf "
        "jaar later"
    ),
    "Procentpunt": (
        "het verschil tussen twee percentages: van 6 % naar 7 % is 1 procentpunt erbij "
        "(ook geschreven als %-punt)"
    ),
    "Ongeveer gelijk": (
        "een verandering die niet groter is dan wat afronding en toeval bij zulke aantallen kunnen "
        "geven; pas daarboven staat er 'gestegen' of 'gedaald'. In een kleine gemeente is dat "
        "eerder het geval dan in een provincie"
    ),
    "Doelgroep": "de huishoudens of kinderen met een (langdurig) laag inkomen volgens het CBS",
    "Kapitaalsvorm": (
        "de vijf soorten hulpbronnen waar het programma zijn doelen naar ordent: economisch, "
        "sociaal, cultureel, pedagogisch en mentaal kapitaal"
    ),
    "<10": "een aantal kleiner dan 10; dat wordt niet getoond, zodat niemand herkenbaar is",
}


def terms_list() -> str:
    """Return the 'Begrippen' list: the plain words and abbreviations a reader meets, once."""
    terms = [f"- **{escape_markdown(k)}**: {v}." for k, v in TERMS.items()]
    return "\n".join([*terms, "", abbreviations_note()])


def without_gemeente_name(table: pd.DataFrame, column: str, gemeente_name: str) -> pd.DataFrame:
    """Return a display table whose wijk names drop a trailing gemeente name ('Wijk 03 Emmen')."""
    suffix = " " + gemeente_name
    names = table[column].astype(str)
    short = names.map(lambda n: n[: -len(suffix)] if n.endswith(suffix) and n != suffix else n)
    return table.assign(**{column: short})
