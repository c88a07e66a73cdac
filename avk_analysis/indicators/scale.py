"""The scale of (generational) poverty: key figures, trends and gemeente comparisons."""

from __future__ import annotations

import pandas as pd

from avk_analysis import catalogue, regions
from avk_analysis.charts import fmt_getal, fmt_pct
from avk_analysis.indicators.select import (
    Figure,
    comparison_regions,
    figure,
    from_source,
    latest_year,
    region_label,
)

SINCE = 2017
NEW_LINE = "personen_in_armoede_pct"  # the CBS/SCP/Nibud poverty line (from KWB 2024)

# (share, count) pairs shown as key figures
KEY_FIGURES: list[tuple[str, str | None]] = [
    ("hh_laag_inkomen_pct", "hh_laag_inkomen_aantal"),
    ("hh_langdurig_laag_inkomen_pct", "hh_langdurig_laag_inkomen_aantal"),
    ("personen_laag_inkomen_pct", "personen_laag_inkomen_aantal"),
    ("kinderen_laag_inkomen_pct", "kinderen_laag_inkomen_aantal"),
    ("kinderen_langdurig_laag_inkomen_pct", "kinderen_langdurig_laag_inkomen_aantal"),
    ("personen_in_armoede_pct", None),
]

# short column headers for the wide gemeente table (the caption spells them out)
SHORT_LABELS = {
    "hh_laag_inkomen_pct": "Huish. laag ink.",
    "hh_langdurig_laag_inkomen_pct": "Huish. langdurig",
    "kinderen_laag_inkomen_pct": "Kinderen laag ink.",
    "kinderen_langdurig_laag_inkomen_pct": "Kinderen langdurig",
    "personen_in_armoede_pct": "Armoedegrens (nieuw)",
}

SYMBOL_TEXT = {".": "geen gegevens", "x": "geheim", "-": "0", "?": "onbetrouwbaar", "": ""}


def show(fig: Figure, decimals: int = 1) -> str:
    """Return a figure as Dutch text: '12,3 %', '1.200' or why there is no number."""
    if not fig.available:
        return SYMBOL_TEXT.get(fig.symbool, "geen gegevens") or "geen gegevens"
    if catalogue.get(fig.indicator).unit == catalogue.PCT:
        return fmt_pct(fig.waarde, decimals)
    return fmt_getal(round(fig.waarde, -1) if fig.waarde >= 100 else fig.waarde)


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
    codes = comparison_regions(gemeente, veenkolonien)
    display, numeric = [], []
    for share, count in KEY_FIGURES:
        year = latest_year(df, share, jaar)
        year = None if year is None else year - years_back
        row = {"Indicator": catalogue.label(share), "Jaar": "" if year is None else str(year)}
        for code in codes:
            pct = figure(df, share, code, year)
            text = show(pct)
            if count:
                n = figure(df, count, code, year)
                if n.available and pct.available:
                    text += f" ({show(n)})"
            row[region_label(code)] = text
            numeric.append(
                {
                    "indicator": share,
                    "regiocode": code,
                    "regio": region_label(code),
                    "jaar": year,
                    "waarde": pct.waarde,
                    "symbool": pct.symbool,
                    "status": pct.status,
                }
            )
        display.append(row)
    return pd.DataFrame(display), pd.DataFrame(numeric)


def trend(
    df: pd.DataFrame, indicator: str, codes: list[str], *, until: int, since: int = SINCE
) -> pd.DataFrame:
    """Return the series of one indicator for some regions (CBS), one row per region and year."""
    df = from_source(df)
    rows = df.loc[
        (df["indicator"] == indicator)
        & df["regiocode"].isin(codes)
        & df["jaar"].between(since, until)
    ]
    # the newest table wins where two editions hold the same year
    rows = rows.sort_values("tabel").drop_duplicates(["regiocode", "jaar"], keep="last")
    out = rows[["regiocode", "jaar", "waarde", "symbool", "status", "harmonisatie"]].copy()
    out["regio"] = out["regiocode"].map(region_label)
    out["indicator"] = indicator
    order = {c: i for i, c in enumerate(codes)}
    return out.sort_values(
        ["regiocode", "jaar"], key=lambda s: s.map(order) if s.name == "regiocode" else s
    ).reset_index(drop=True)


def gemeenten_table(
    df: pd.DataFrame, jaar: int, *, veenkolonien: str = "planbureaus"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (display, numeric) tables of the key shares for all 22 gemeenten."""
    members = set(regions.veenkolonien(veenkolonien))
    years = {s: latest_year(df, s, jaar) for s in SHORT_LABELS}
    display, numeric = [], []
    for _, gm in regions.gemeenten().iterrows():
        code = gm["gemeentecode"]
        row = {
            "Gemeente": gm["gemeentenaam"] + (" (VK)" if code in members else ""),
            "Prov.": "Gr" if gm["provinciecode"] == "PV20" else "Dr",
        }
        for share, short in SHORT_LABELS.items():
            fig = figure(df, share, code, years[share])
            row[f"{short} ({years[share] or '-'})"] = show(fig)
            numeric.append(
                {
                    "regiocode": code,
                    "gemeente": gm["gemeentenaam"],
                    "indicator": share,
                    "jaar": years[share],
                    "waarde": fig.waarde,
                    "symbool": fig.symbool,
                }
            )
        kids = figure(df, "kinderen_laag_inkomen_aantal", code, years["kinderen_laag_inkomen_pct"])
        row["Kinderen, aantal"] = show(kids)
        display.append(row)
    return pd.DataFrame(display), pd.DataFrame(numeric)


def position_text(df: pd.DataFrame, gemeente: str, indicator: str, jaar: int) -> str:
    """Return a Dutch sentence placing a gemeente against its province and NL."""
    year = latest_year(df, indicator, jaar)
    own = figure(df, indicator, gemeente, year)
    name = regions.name(gemeente)
    label = catalogue.label(indicator).lower()
    if not own.available:
        return f"Voor {name} is er geen cijfer over '{label}' beschikbaar."
    prov = figure(df, indicator, regions.province_of(gemeente), year)
    nl = figure(df, indicator, "NL01", year)

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
        f"{label[0].upper()}{label[1:]} in {name}: {show(own)} in {year}; "
        f"{versus(prov, 'de provincie ' + province)} en {versus(nl, 'Nederland')}."
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


def break_series(df: pd.DataFrame, codes: list[str], *, until: int) -> pd.DataFrame:
    """Return the old KWB low-income series and the new poverty-line series for the first region.

    The two series carry another ``reeks`` label so that a chart never joins them.
    """
    code = codes[0]
    old = trend(df, "kwb_hh_laag_inkomen_pct", [code], until=until)
    new = trend(df, NEW_LINE, [code], until=until)
    old["reeks"] = "Huishoudens met laag inkomen (oude definitie)"
    new["reeks"] = "Personen in armoede (nieuwe armoedegrens)"
    out = pd.concat([old, new], ignore_index=True)
    return out.loc[out["waarde"].notna()].reset_index(drop=True)


def new_line_from(series: pd.DataFrame) -> int | None:
    """Return the first year of the new poverty-line series in a break series (None if absent).

    The year comes from the data (the income year CBS states for the KWB edition), not from the
    edition's name, so the break sits where the figures change definition.
    """
    new = series.loc[series["indicator"] == NEW_LINE, "jaar"]
    return int(new.min()) if not new.empty else None


def break_alt(series: pd.DataFrame) -> str:
    """Return alt text for the definition-break chart."""
    parts = []
    for reeks, g in series.groupby("reeks", sort=False):
        g = g.sort_values("jaar")
        parts.append(
            f"{reeks}: {g['jaar'].min()}-{g['jaar'].max()}, laatst {fmt_pct(g['waarde'].iloc[-1])}"
        )
    start = new_line_from(series)
    where = f" met een breuk in {start}" if start is not None else ""
    return f"Twee aparte reeksen{where}. " + "; ".join(parts) + "."


def gemeenten_bars(df: pd.DataFrame, indicator: str, jaar: int | None) -> pd.DataFrame:
    """Return one row per gemeente (name, value) for a bar chart; gemeenten without data left out.

    Left-out gemeenten are listed in ``attrs['zonder_gegevens']`` so a caption can name them.
    """
    rows, missing_names = [], []
    for _, gm in regions.gemeenten().iterrows():
        fig = figure(df, indicator, gm["gemeentecode"], jaar)
        if fig.available:
            rows.append({"gemeente": gm["gemeentenaam"], "waarde": fig.waarde})
        else:
            missing_names.append(gm["gemeentenaam"])
    out = pd.DataFrame(rows, columns=["gemeente", "waarde"])
    out.attrs["zonder_gegevens"] = missing_names
    return out


def veenkolonien_names(veenkolonien: str) -> list[str]:
    """Return the gemeente names of a Veenkoloniën set."""
    return [regions.name(c) for c in regions.veenkolonien(veenkolonien)]


def reference_values(df: pd.DataFrame, indicator: str, jaar: int | None) -> dict[str, float]:
    """Return {name: value} for the provinces and NL (reference lines in a chart)."""
    out = {}
    for code, name in (("PV20", "Groningen"), ("PV22", "Drenthe"), ("NL01", "Nederland")):
        fig = figure(df, indicator, code, jaar)
        if fig.available:
            out[name] = fig.waarde
    return out


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
    indicator = "kwb_hh_laag_inkomen_pct"
    year = latest_year(df, indicator, jaar)
    prefix = "WK" + gemeente.removeprefix("GM")
    rows = df.loc[
        (df["indicator"] == indicator)
        & (df["jaar"] == year)
        & df["regiocode"].str.startswith(prefix)
    ]
    rows = rows.sort_values(["waarde", "regiocode"], ascending=[False, True], na_position="last")
    out = pd.DataFrame(
        {
            "Wijk": rows["regionaam"],
            f"Huishoudens met laag inkomen ({year})": [
                show(Figure(indicator, c, year, w, s, "", "", ""))
                for c, w, s in zip(rows["regiocode"], rows["waarde"], rows["symbool"], strict=True)
            ],
        }
    )
    return out.head(n).reset_index(drop=True)
