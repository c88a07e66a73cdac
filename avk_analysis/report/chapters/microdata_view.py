"""Young adults and their parents from CBS microdata, per gemeente and per region, in words.

The figures come from the exports of the Remote Access kit (``load.microdata``), shares and
ratios from ``indicators.microdata``. Every figure of the synthetic example export says
"voorbeeld"; a figure that CBS's rules suppress says "onvoldoende waarnemingen", never a number;
the years, the pooled window and the definitions are stated in plain Dutch with the source line
CBS requires.
"""

from __future__ import annotations

import math

import pandas as pd
from IPython.display import HTML, display

from avk_analysis import load
from avk_analysis.indicators import generational
from avk_analysis.indicators import microdata as figures
from avk_analysis.presentation import charts, narrative
from avk_analysis.presentation.formatting import escape_markdown, fmt_getal, fmt_pct
from avk_analysis.report.chapters.context import Context, heading, md
from avk_analysis.vocabulary import regions

SUPPRESSED = "onvoldoende waarnemingen"
EXAMPLE = "voorbeeld"
PARENT_WORD = {"moeder": "een moeder", "vader": "een vader"}


def cells() -> pd.DataFrame:
    """Return the delivered cells (empty when no export was built)."""
    return load.microdata()


def has_figures(gemeente: str) -> bool:
    """Tell whether the exports hold figures for this gemeente."""
    data = cells()
    return not data.empty and figures.has_figures(data, gemeente)


def _name(code: str) -> str:
    if code.startswith("VK_"):
        return (
            "de Veenkoloniën"
            if code == regions.veenkolonien_code()
            else regions.veenkolonien_name(code[3:])
        )
    return regions.name(code).replace(" (provincie)", "")


def _label(code: str) -> str:
    if code.startswith("VK_"):
        return regions.veenkolonien_name(code[3:])
    return regions.name(code)


def _mark(text: str, status: str) -> str:
    return f"{text} ({EXAMPLE})" if status == EXAMPLE else text


def _pct(value: float, status: str) -> str:
    return SUPPRESSED if math.isnan(value) else _mark(fmt_pct(value, 1), status)


def _count(value: float, status: str) -> str:
    return SUPPRESSED if math.isnan(value) else _mark(fmt_getal(value), status)


def _times(value: float, status: str) -> str:
    return SUPPRESSED if math.isnan(value) else _mark(f"{fmt_getal(value, 1)} keer", status)


def _window(row: pd.Series) -> str:
    van, tot = int(row["jaar_van"]), int(row["jaar_tot"])
    return str(van) if van == tot else f"{van}-{tot}"


def _windows(data: pd.DataFrame) -> str:
    """Return the pooled windows of the parents' figures, e.g. '2021-2023' ('' when none)."""
    windows = data.loc[data["ouder"] != "totaal", ["jaar_van", "jaar_tot"]].drop_duplicates()
    return ", ".join(f"{a}-{b}" for a, b in windows.itertuples(index=False))


def example_note(data: pd.DataFrame) -> str:
    """Return the warning that the figures are synthetic (empty when all are delivered)."""
    if not (data["status"] == EXAMPLE).any():
        return ""
    return (
        "**Voorbeeld.** Er is nog geen echte export uit CBS-microdata aangeleverd. De cijfers "
        "hieronder zijn **synthetisch**: ze laten zien hoe de monitor ze zal tonen, maar het zijn "
        "geen CBS-cijfers en ze zeggen niets over echte jongvolwassenen. Elk cijfer draagt daarom "
        "het woord 'voorbeeld'. Tot die export er is, is **niet bekend** hoeveel jongvolwassenen "
        "per gemeente een laag inkomen hebben en hoe vaak hun ouders dat ook hadden; bekend zijn "
        "alleen de cijfers van de planbureaus voor de Veenkoloniën als geheel en voor Nederland. "
        "De planbureaus maken de echte cijfers met het pakket van de monitor in CBS Remote Access."
    )


def example_line(data: pd.DataFrame) -> str:
    """Return the factsheet's one-sentence warning (HTML) that the figures are synthetic (or '')."""
    if not (data["status"] == EXAMPLE).any():
        return ""
    return (
        "<strong>Voorbeeld:</strong> synthetische cijfers. Zolang er geen echte export uit "
        "CBS-microdata is, is niet per gemeente bekend hoeveel jongvolwassenen een laag inkomen "
        "hebben."
    )


def short_definitions_text(data: pd.DataFrame) -> str:
    """Return the factsheet's short account of the definitions (the report has the full one)."""
    window = _windows(data) or "geen"
    base = int(data["afronding"].iloc[0])
    return (
        "*Zo is geteld:* 22 tot en met 26 jaar, zonder studenten; laag inkomen = onder de "
        f"lage-inkomensgrens van het CBS; ouders: de jaren {window} samen; afgerond op {base}. "
        "Meer in het rapport (Omvang)."
    )


def definitions_text(data: pd.DataFrame) -> str:
    """Return how the figures were made, in plain Dutch (years, window, definition, rules)."""
    years = sorted(
        int(y) for y in data.loc[data["jaar_van"] == data["jaar_tot"], "jaar_van"].unique()
    )
    window = _windows(data) or "geen"
    base = int(data["afronding"].iloc[0])
    versions = ", ".join(sorted(set(data["definitie"])))
    return (
        "*Zo is geteld.* **Jongvolwassenen** zijn mensen van 22 tot en met 26 jaar op 1 januari, "
        "in de gemeente waar ze toen woonden (in de gemeenten van nu). Alleen wie in een gewoon "
        "huishouden woont met een inkomen over het hele jaar telt mee; studenten en mensen in een "
        "instelling tellen niet mee, zoals bij het CBS. **Laag inkomen**: onder de "
        "lage-inkomensgrens van het CBS in dat jaar; **langdurig**: het inkomen over de laatste "
        "vier jaar ligt onder die grens. **Uitwonend**: niet als kind bij de ouders ingeschreven. "
        "Wie thuis woont, deelt het inkomen met de ouders; daarom vergelijkt de monitor alleen "
        "uitwonende jongvolwassenen met hun moeder en vader. De cijfers over moeders en vaders "
        f"gelden voor de jaren {window} samen (elk jaar telt iedereen één keer mee), omdat er per "
        f"gemeente in één jaar te weinig zijn. Jaren met een eigen cijfer: {_span(years)}. "
        f"Alle aantallen zijn afgerond op {base}; een aandeel is berekend uit de afgeronde "
        f"aantallen. **{SUPPRESSED.capitalize()}**: het CBS staat niet toe dat dit cijfer "
        "getoond wordt (minder dan 10 personen, of terug te rekenen uit andere cijfers). "
        f"Definitie {versions} van de tabellering van de monitor."
    )


def _span(years: list[int]) -> str:
    if not years:
        return "geen"
    return str(years[0]) if len(years) == 1 else f"{years[0]} tot en met {years[-1]}"


def source_text(data: pd.DataFrame) -> str:
    """Return the source lines of the figures shown (CBS's required wording for real ones)."""
    lines = sorted(set(data["bronregel"]))
    return "*" + " ".join(f"{escape_markdown(line)}." for line in lines) + "*"


def national_text(refs: pd.DataFrame | None) -> str:
    """Return how the national CBS figure (told once, above) differs from these figures."""
    ref = generational.national_transfer(refs)
    return (
        f"*Landelijk ter vergelijking.* Het landelijke CBS-cijfer hierboven ('Armoedeoverdracht "
        f"tussen generaties', {ref['publicatiejaar']}) volgt kinderen over 25 jaar (ouders toen, "
        "kinderen nu); de cijfers hier zetten ouders en jongvolwassenen in dezelfde jaren naast "
        "elkaar. Vergelijk de richting, niet de precieze getallen."
    )


def _share_sentence(name: str, row: pd.Series | None, compare: list[pd.Series]) -> str:
    if row is None:
        return f"Voor {name} zijn er geen cijfers over jongvolwassenen uit CBS-microdata."
    status = str(row["status"])
    year = int(row["jaar"])
    if math.isnan(row["pct_laag"]):
        return (
            f"Hoeveel jongvolwassenen (22-26 jaar) in {name} in {year} een laag inkomen hadden, is "
            f"niet te tonen: {SUPPRESSED}."
        )
    others = [
        f"{_name(str(o['regiocode']))} {_pct(o['pct_laag'], str(o['status']))}"
        for o in compare
        if int(o["jaar"]) == year
    ]
    text = (
        f"In {year} hadden in {name} ongeveer **{_count(row['jv_laag'], status)}** van de "
        f"{_count(row['jv'], status)} jongvolwassenen van 22 tot en met 26 jaar een laag inkomen: "
        f"**{_pct(row['pct_laag'], status)}**" + (f" ({'; '.join(others)})" if others else "") + "."
    )
    if not math.isnan(row["pct_langdurig"]):
        text += (
            f" {_pct(row['pct_langdurig'], status)} van alle jongvolwassenen daar had al vier "
            "jaar of langer een laag inkomen."
        )
    return text


def _trend_sentence(name: str, series: pd.DataFrame) -> str:
    if len(series) < 2:
        return ""
    parts = [
        f"{int(r['jaar'])}: {_pct(r['pct_laag'], str(r['status']))}" for _, r in series.iterrows()
    ]
    first, last = series.iloc[0], series.iloc[-1]
    if math.isnan(first["pct_laag"]) or math.isnan(last["pct_laag"]):
        direction = ""
    else:
        diff = float(last["pct_laag"]) - float(first["pct_laag"])
        direction = (
            " Dat is ongeveer gelijk gebleven"
            if abs(diff) < 1
            else f" Dat is {'gestegen' if diff > 0 else 'gedaald'} met "
            f"{fmt_getal(abs(diff), 1)} procentpunt"
        ) + f" sinds {int(first['jaar'])}."
    return "Verloop: " + "; ".join(parts) + "." + direction


def _ratio_line(name: str, ratios: pd.DataFrame, compare: pd.DataFrame) -> str:
    """Return the factsheet's short account of both parents: own ratios, then the comparison."""
    shown = ratios.loc[~ratios["onderdrukt"].astype(bool)]
    parts = []
    for _, r in shown.iterrows():
        parent, status = str(r["ouder"]), str(r["status"])
        parts.append(
            f"**{fmt_getal(r['keer'], 1)} keer zo vaak**"
            + (f" ({EXAMPLE})" if status == EXAMPLE else "")
            + f" {PARENT_WORD[parent]} ({_pct(r['bij_laag'], status)} tegen "
            f"{_pct(r['bij_alle'], status)})"
        )
    out = []
    if parts:
        window = _window(shown.iloc[0])
        out.append(
            f"Uitwonende jongvolwassenen met een laag inkomen in {name} hadden "
            + " en ".join(parts)
            + f" met een laag inkomen als alle uitwonende jongvolwassenen ({window} samen)."
        )
        others = []
        for code, g in compare.groupby("regiocode", sort=False):
            times = [
                _times(o["keer"], str(o["status"]))
                for _, o in g.iterrows()
                if not o["onderdrukt"] and str(o["ouder"]) in set(shown["ouder"])
            ]
            if times:
                others.append(f"{_name(str(code))} {' en '.join(times)}")
        if others:
            out.append("Ter vergelijking: " + "; ".join(others) + ".")
    suppressed = ratios.loc[ratios["onderdrukt"].astype(bool)]
    out += _ratio_sentences(name, suppressed, compare.iloc[0:0])
    return " ".join(out)


def _ratio_sentences(name: str, ratios: pd.DataFrame, compare: pd.DataFrame) -> list[str]:
    out = []
    for _, r in ratios.iterrows():
        parent, status, window = str(r["ouder"]), str(r["status"]), _window(r)
        if r["onderdrukt"]:
            out.append(
                f"Hoe vaak uitwonende jongvolwassenen met een laag inkomen in {name} "
                f"{PARENT_WORD[parent]} met een laag inkomen hebben ({window}): {SUPPRESSED}."
            )
            continue
        others = [
            f"{_name(str(o['regiocode']))} {_times(o['keer'], str(o['status']))}"
            for _, o in compare.loc[compare["ouder"] == parent].iterrows()
            if _window(o) == window
        ]
        out.append(
            f"Van de uitwonende jongvolwassenen met een laag inkomen in {name} had "
            f"{_pct(r['bij_laag'], status)} {PARENT_WORD[parent]} met een laag inkomen, tegen "
            f"{_pct(r['bij_alle'], status)} van alle uitwonende jongvolwassenen van wie de "
            f"{parent} bekend is: **{fmt_getal(r['keer'], 1)} keer zo vaak**"
            + (f" ({EXAMPLE})" if status == EXAMPLE else "")
            + f" ({window} samen"
            + (f"; {'; '.join(others)}" if others else "")
            + ")."
        )
    return out


def _region_table(data: pd.DataFrame, codes: list[str], *, counts: bool = True) -> pd.DataFrame:
    """Return one row per region: share per year, long-term share (and count), the ratios."""
    years = figures.young_adults(data, codes)
    ratios = figures.latest(figures.parent_ratios(data, codes), "jaar_tot")
    all_years = sorted(years["jaar"].unique())
    rows = []
    for code in codes:
        mine = years.loc[years["regiocode"] == code].set_index("jaar")
        if mine.empty:
            continue
        last = mine.iloc[-1]
        status = str(last["status"])
        row = {"Gebied": _label(code)}
        for year in all_years:
            row[str(year)] = (
                _pct(mine.loc[year, "pct_laag"], str(mine.loc[year, "status"]))
                if year in mine.index
                else "geen gegevens"
            )
        if counts:
            row[f"Aantal {all_years[-1]}"] = _count(last["jv_laag"], status)
        row[f"Langdurig {all_years[-1]} (van allen)"] = _pct(last["pct_langdurig"], status)
        for parent in figures.PARENTS:
            hit = ratios.loc[(ratios["regiocode"] == code) & (ratios["ouder"] == parent)]
            row[f"{parent.capitalize()}: keer zo vaak"] = (
                _times(hit["keer"].iloc[0], str(hit["status"].iloc[0]))
                if len(hit)
                else "geen gegevens"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _caption(data: pd.DataFrame, what: str) -> str:
    example = (data["status"] == EXAMPLE).any()
    window = _windows(data)
    lines = "; ".join(sorted(set(data["bronregel"])))
    return (
        ("VOORBEELD (synthetische cijfers). " if example else "")
        + f"{what} Per jaar: aandeel jongvolwassenen (22-26) met een laag inkomen. Moeder, vader: "
        f"hoe vaak uitwonende jongvolwassenen met een laag inkomen een moeder of vader met een "
        f"laag inkomen hebben, vergeleken met alle uitwonende jongvolwassenen ({window}). {lines}."
    )


def _trend_chart(data: pd.DataFrame, codes: list[str], highlight: str) -> None:
    series = figures.young_adults(data, codes)
    series = series.loc[series["pct_laag"].notna()].assign(
        regio=lambda f: f["regiocode"].map(_label)
    )
    if series["jaar"].nunique() < 2:
        return
    example = bool((series["status"] == EXAMPLE).any())
    ax = charts.line_trend(
        series,
        "jaar",
        "pct_laag",
        "regio",
        hue_order=[_label(c) for c in codes if c in set(series["regiocode"])],
        highlight=highlight,
        pct=True,
        title="Jongvolwassenen (22-26) met een laag inkomen" + (" — VOORBEELD" if example else ""),
        xlabel="Inkomensjaar",
        ylabel="%",
    )
    parts = [
        f"{r['regio']} {int(r['jaar'])}: {_pct(r['pct_laag'], str(r['status']))}"
        for _, r in series.iterrows()
    ]
    display(
        charts.figure_html(
            ax.figure,
            alt="Aandeel jongvolwassenen (22-26) met een laag inkomen. " + "; ".join(parts) + ".",
            caption=("VOORBEELD: synthetische cijfers. " if example else "")
            + "Aandeel jongvolwassenen (22-26 jaar) met een laag inkomen, per inkomensjaar. "
            + "; ".join(sorted(set(series["bronregel"])))
            + ".",
            demo=example,
            source="; ".join(sorted(set(series["bronregel"]))),
        )
    )


def gemeente_section(ctx: Context, gemeente: str, refs: pd.DataFrame | None = None) -> None:
    """Show the factsheet's section: young adults on a low income and their parents."""
    data = cells()
    name = regions.name(gemeente)
    heading(f"Jongvolwassenen en hun ouders in {name}", 3)
    if data.empty or not figures.has_figures(data, gemeente):
        md(
            f"Voor {name} zijn er (nog) geen cijfers uit CBS-microdata over jongvolwassenen en hun "
            "ouders. De planbureaus maken ze met het pakket van de monitor in CBS Remote Access."
        )
        return
    note = example_line(data)
    if note:  # on paper the banner and the word 'voorbeeld' at every figure say it
        display(HTML(f'<div class="alleen-scherm"><p>{note}</p></div>'))
    province = regions.province_of(gemeente)
    codes = [gemeente, province, ctx.vk_code, "NL01"]
    codes = [c for c in dict.fromkeys(codes) if figures.has_figures(data, c)]
    years = figures.young_adults(data, codes)
    latest = figures.latest(years)
    own = latest.loc[latest["regiocode"] == gemeente]
    compare = [r for _, r in latest.iterrows() if r["regiocode"] in (province, "NL01")]
    trend = _trend_sentence(name, years.loc[years["regiocode"] == gemeente])
    share = _share_sentence(name, own.iloc[0] if len(own) else None, compare)
    md(share + (" " + trend if trend else ""))
    ratios = figures.latest(figures.parent_ratios(data, codes), "jaar_tot")
    mine = ratios.loc[ratios["regiocode"] == gemeente]
    others = ratios.loc[ratios["regiocode"].isin([province, "NL01"])]
    md(_ratio_line(name, mine, others))
    table = charts.table_html(
        narrative.short_region_names(_region_table(data, codes, counts=False)),
        caption=_caption(data, f"{name}, provincie, Veenkoloniën en Nederland."),
        source="; ".join(sorted(set(data["bronregel"]))),
        demo=bool((data["status"] == EXAMPLE).any()),
    ).data
    # on paper the sentences above carry the figures and the comparison with province and
    # Nederland, so the factsheet stays two A4 pages; on screen the table shows every region
    display(HTML(f'<div class="alleen-scherm">{table}</div>'))
    # the factsheet stays two A4 pages: the years are in the table (no second telling in a
    # chart), the national figure is in the text above, the full account is in the report
    md(short_definitions_text(data) + " " + source_text(data))


def regions_section(ctx: Context, refs: pd.DataFrame | None = None) -> None:
    """Show the report's section: the Veenkoloniën, the provinces, Nederland and every gemeente."""
    data = cells()
    heading("Jongvolwassenen en hun ouders per gemeente (CBS-microdata)", 3)
    if data.empty:
        md(
            "Er zijn (nog) geen cijfers uit CBS-microdata over jongvolwassenen en hun ouders per "
            "gemeente. De planbureaus maken ze met het pakket van de monitor in CBS Remote Access."
        )
        return
    note = example_note(data)
    if note:
        md(note)
    vk = [regions.veenkolonien_code(d) for d in regions.veenkolonien_definitions()["definitie"]]
    vk = [ctx.vk_code, *[c for c in vk if c != ctx.vk_code]]
    codes = [c for c in [*vk, "PV20", "PV22", "NL01"] if figures.has_figures(data, c)]
    latest = figures.latest(figures.young_adults(data, codes))
    main = latest.loc[latest["regiocode"] == ctx.vk_code]
    compare = [r for _, r in latest.iterrows() if r["regiocode"] in ("PV20", "PV22", "NL01")]
    md(
        "Nieuw in de monitor: met CBS-microdata is per gemeente en per jaar te zien hoeveel "
        "jongvolwassenen een laag inkomen hebben, en hoe vaak hun ouders ook. "
        + _share_sentence(ctx.vk_name, main.iloc[0] if len(main) else None, compare)
    )
    ratios = figures.latest(figures.parent_ratios(data, codes), "jaar_tot")
    mine = ratios.loc[ratios["regiocode"] == ctx.vk_code]
    others = ratios.loc[ratios["regiocode"].isin(["PV20", "PV22", "NL01"])]
    md(" ".join(_ratio_sentences(ctx.vk_name, mine, others)))
    example = bool((data["status"] == EXAMPLE).any())
    display(
        charts.table_html(
            _region_table(data, codes),
            caption=_caption(
                data, "De Veenkoloniën (drie afbakeningen), de provincies en Nederland."
            ),
            source="; ".join(sorted(set(data["bronregel"]))),
            demo=example,
        )
    )
    gemeenten = [c for c in regions.gemeente_codes() if figures.has_figures(data, c)]
    display(
        charts.table_html(
            _region_table(data, gemeenten),
            caption=_caption(data, "Alle 22 gemeenten."),
            source="; ".join(sorted(set(data["bronregel"]))),
            demo=example,
        )
    )
    md(national_text(refs))
    md(definitions_text(data))
    md(source_text(data))
