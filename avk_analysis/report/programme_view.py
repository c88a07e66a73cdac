"""The programme in the report: is each goal on track, whom does it reach, what happens where.

Programme data reach this module only from ``data/processed/``: the published tables that the
build wrote after disclosure control (``load.programma``, one set per programme year) and the
tidy table (suppressed at build time). No workbook is opened here. Comparisons over programme
years and ratios against need are computed from the *shown* (rounded) numbers, so that a reader
who divides two printed numbers gets the printed result. A named partner is never printed next
to a verdict or a gap: verdicts of the toetsingskader and AVK-team completeness appear only
aggregated (per kapitaalsvorm, per sector).
"""

from __future__ import annotations

import math

import pandas as pd
from IPython.display import display

from avk_analysis import charts, load, maps, regions
from avk_analysis.indicators.select import figure, latest_year
from avk_analysis.presentation import escape_markdown, fmt_getal, fmt_pct, suppressed_label
from avk_analysis.report.context import Context, heading, md

AVK = "Alliantie van Kracht"
NEED = "hh_laag_inkomen_aantal"
CHILD_NEED = "kinderen_langdurig_laag_inkomen_aantal"
REACH = "programma_bereik_huishoudens"
TOTAL = "Totaal"
# Column headers of the reach table (short: the text above the table explains them).
HH = "Huishoudens bereikt"
NEED_COL = "Met laag inkomen"
RATIO = "Per 1.000"
KIDS = "Kinderen bereikt"
KIDS_NEED = "Kinderen langdurig laag inkomen"
KIDS_RATIO = "Per 100 kinderen"
SUPPRESSED = "onderdrukt"
OP_KOERS, ACHTER, GEEN_GEGEVENS, VERVALLEN = (
    "op koers",
    "achter",
    "nog geen gegevens",
    "vervallen",
)
VERDICTS = (OP_KOERS, ACHTER, GEEN_GEGEVENS, VERVALLEN)
HOGER, GELIJK, LAGER, NIEUW, NIET_TE_VERGELIJKEN = (
    "hoger",
    "gelijk",
    "lager",
    "nieuw",
    "niet te vergelijken",
)

HEADERS = {
    "doel_id": "Doel",
    "strategisch_doel": "Strategisch doel",
    "kapitaalsvorm": "Kapitaalsvorm",
    "leerthema": "Leerthema",
    "onderdeel": "Kapitaalsvorm of leerthema",
    "operationeel_doel": "Operationeel doel",
    "inspanning": "Inspanning",
    "indicator": "Indicator",
    "streefwaarde": "Streefwaarde",
    "realisatie": "Realisatie",
    "eenheid": "Eenheid",
    "realisatie_pct": "Van streefwaarde",
    "oordeel": "Op koers?",
    "status": "Status",
    "peildatum": "Peildatum",
    "doelen": "Doelen",
    "naam": "Naam",
    "oordeel_toetsingskader": "Oordeel toetsingskader",
    "interventies": "Interventies",
    "experimenten": "Experimenten",
    "bereik_huishoudens": "Bereikte huishoudens",
    "bereik_personen": "Bereikte personen",
    "gemeente": "Gemeente",
    "plaats": "Plaats",
    "fase": "Fase",
    "soort": "Soort",
    "jaardoel": "Jaardoel",
    "gehouden": "Gehouden",
    "jaardoel_gehaald": "Jaardoel gehaald",
    "deelnemers": "Deelnemers",
    "ervaringsdeskundigen": "Ervaringsdeskundigen",
    "aandeel_ervaringsdeskundigen_pct": "Aandeel ervaringsdeskundigen",
    "partner": "Partner",
    "sector": "Sector",
    "sectoren": "Sectoren van de partners (aantal interventies)",
    "partners": "Partners",
    "avk_team_compleet": "Met compleet AVK-team",
    "compleet_pct": "Compleet",
    "onderwerp": "Onderwerp",
    "positief": "Waarvan positief",
    "positief_pct": "Aandeel positief",
    "gemiddelde_score": "Gemiddeld cijfer (1-10)",
    OP_KOERS: "Op koers",
    ACHTER: "Achter",
    GEEN_GEGEVENS: "Nog geen gegevens",
    VERVALLEN: "Vervallen",
}


# Published columns that mix numbers with suppression markers: formatted here, the Dutch way.
COUNT_COLUMNS = (
    "realisatie",
    "deelnemers",
    "positief",
    "ervaringsdeskundigen",
    "bereik_huishoudens",
    "bereik_personen",
)
DECIMAL_COLUMNS = {
    "gemiddelde_score": 1,
}
# Shares shown as the rest of the report shows them: whole percentages, "48 %".
PCT_COLUMNS = frozenset(
    {"realisatie_pct", "aandeel_ervaringsdeskundigen_pct", "positief_pct", "compleet_pct"}
)


def dutch(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Select columns, write mixed number/marker cells the Dutch way, give Dutch headers."""
    df = (df if columns is None else df[columns]).reset_index(drop=True).copy()
    for col in df.columns:
        if col in COUNT_COLUMNS:
            df[col] = df[col].map(_cell)
        elif col in DECIMAL_COLUMNS:
            df[col] = df[col].map(lambda v, d=DECIMAL_COLUMNS[col]: _decimal(v, d))
        elif col in PCT_COLUMNS:
            df[col] = df[col].map(_percentage)
    return df.rename(columns=HEADERS)


def _percentage(value: object) -> str:
    """Return a share as the report writes shares of programme counts: '48 %'."""
    if isinstance(value, str):
        return value
    number = _shown_number(value)
    return "geen gegevens" if number is None else fmt_pct(number, 0)


def _decimal(value: object, decimals: int) -> str:
    if isinstance(value, str):
        return value
    number = _shown_number(value)
    return "geen gegevens" if number is None else fmt_getal(number, decimals)


def _threshold(ctx: Context) -> int:
    """Return the suppression threshold the build used for the programme year."""
    return int(load.programma_info(ctx.jaar)["drempel"])


def _shown_number(value: object) -> float | None:
    """Return a published cell as a number, or None when it is suppressed or missing."""
    if value is None or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


# --- goals over the programme years -------------------------------------------------------
def goal_trend(goals: dict[int, pd.DataFrame], jaar: int) -> pd.DataFrame:
    """Return the goals of ``jaar`` with the shown realisation of each earlier year and the trend.

    ``goals`` maps a programme year to its published ``doelen`` table. The trend compares the
    shown realisation with that of the year before (same ``doel_id``): hoger / gelijk / lager,
    'nieuw' when the goal was not there, 'niet te vergelijken' when either is suppressed or
    missing, or the unit changed.
    """
    current = goals[jaar].copy()
    earlier = sorted(y for y in goals if y < jaar)
    for year in earlier:
        old = goals[year].set_index("doel_id")
        current[f"realisatie_{year}"] = current["doel_id"].map(old["realisatie"]).astype(object)
    if not earlier:
        current["ontwikkeling"] = ""
        return current
    previous = goals[earlier[-1]].set_index("doel_id")
    trend = []
    for _, rec in current.iterrows():
        if rec["doel_id"] not in previous.index:
            trend.append(NIEUW)
            continue
        before = previous.loc[rec["doel_id"]]
        now, then = _shown_number(rec["realisatie"]), _shown_number(before["realisatie"])
        if now is None or then is None or before["eenheid"] != rec["eenheid"]:
            trend.append(NIET_TE_VERGELIJKEN)
        else:
            trend.append(HOGER if now > then else LAGER if now < then else GELIJK)
    current["ontwikkeling"] = trend
    return current


def goals_by_year(jaar: int) -> dict[int, pd.DataFrame]:
    """Return the published goals table of every programme year up to ``jaar``."""
    return {y: load.programma(y)["doelen"] for y in load.programma_jaren() if y <= jaar}


def verdict_sentence(goals: pd.DataFrame) -> str:
    """Return one Dutch sentence: how many goals are on track, behind, without data."""
    counts = goals["oordeel"].value_counts()
    active = len(goals) - int(counts.get(VERVALLEN, 0))
    text = (
        f"Van de {active} lopende doelen zijn er {int(counts.get(OP_KOERS, 0))} op koers, "
        f"{int(counts.get(ACHTER, 0))} achter en zijn er van "
        f"{int(counts.get(GEEN_GEGEVENS, 0))} nog geen gegevens"
    )
    if counts.get(VERVALLEN, 0):
        text += f"; {int(counts[VERVALLEN])} doel is vervallen"
    return text + "."


def trend_sentence(trend: pd.DataFrame, previous: int | None) -> str:
    """Return one Dutch sentence on how the realisations moved since the previous year."""
    if previous is None:
        return "Er is nog geen eerder programmajaar om mee te vergelijken."
    counts = trend["ontwikkeling"].value_counts()
    return (
        f"Vergeleken met {previous} is de realisatie bij {int(counts.get(HOGER, 0))} doelen "
        f"hoger, bij {int(counts.get(GELIJK, 0))} gelijk en bij {int(counts.get(LAGER, 0))} "
        f"lager; {int(counts.get(NIET_TE_VERGELIJKEN, 0) + counts.get(NIEUW, 0))} doelen zijn "
        "nieuw of niet te vergelijken (geen of een afgeschermde realisatie)."
    )


# --- reach against need ---------------------------------------------------------------------
def _need(ctx: Context, indicator: str, year: int) -> tuple[int | None, bool]:
    """Return the year of need to use and whether it is the reach year itself."""
    if latest_year(ctx.data, indicator, year) == year:
        return year, True
    return latest_year(ctx.data, indicator, year), False


def reach_vs_need(ctx: Context) -> pd.DataFrame:
    """Return per gemeente (all 22) the unique households reached against low-income households.

    Reach comes from the published ``bereik_per_gemeente`` (unique over the year, zero shown as
    zero). Need is of the same year when the CBS has it, else the latest earlier year (the
    column header says which). The ratio is computed from the shown (rounded) numbers; a
    suppressed reach gives 'onderdrukt', missing statistics 'geen gegevens'.
    """
    table = load.programma(ctx.jaar)["bereik_per_gemeente"]
    year = int(table["jaar"].iloc[0]) if "jaar" in table and len(table) else ctx.jaar
    need_year, _ = _need(ctx, NEED, year)
    child_year, _ = _need(ctx, CHILD_NEED, year)
    rows = []
    for _, rec in table.iterrows():
        code = rec["gemeente_code"]
        total = rec["gemeente"] == TOTAL
        need = (
            _summed_need(ctx, NEED, need_year, table)
            if total
            else _need_value(ctx, NEED, code, need_year)
        )
        kids_need = (
            _summed_need(ctx, CHILD_NEED, child_year, table)
            if total
            else _need_value(ctx, CHILD_NEED, code, child_year)
        )
        reach, kids = _shown_number(rec["huishoudens"]), _shown_number(rec["kinderen"])
        rows.append(
            {
                "Gemeente": rec["gemeente"],
                f"{HH} ({year})": _cell(rec["huishoudens"]),
                f"{NEED_COL} ({need_year or 'geen jaar'})": _cell(need),
                RATIO: _ratio(rec["huishoudens"], need),
                f"{KIDS} ({year})": _cell(rec["kinderen"]),
                f"{KIDS_NEED} ({child_year or 'geen jaar'})": _cell(kids_need),
                KIDS_RATIO: _ratio(rec["kinderen"], kids_need, per=100),
                "_ratio": 1000 * reach / need if reach is not None and need else math.nan,
                "_kinderen": kids,
                "_totaal": total,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs.update({"jaar": year, "need_jaar": need_year, "kinderen_jaar": child_year})
    return out


def _reach_tables(reach: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the reach table into households and children (each fits the page)."""
    shown = reach.drop(columns=["_ratio", "_kinderen", "_totaal"]).reset_index(drop=True)
    kids = [c for c in shown.columns if c.startswith((KIDS, KIDS_NEED)) or c == KIDS_RATIO]
    households = shown.drop(columns=kids)
    return households, shown[["Gemeente", *kids]]


def _need_value(ctx: Context, indicator: str, code: str, year: int | None) -> float | None:
    """Return the need as shown: rounded to tens (so that ratios follow from shown numbers)."""
    fig = figure(ctx.data, indicator, code, year)
    return float(round(fig.waarde, -1)) if fig.available else None


def _summed_need(
    ctx: Context, indicator: str, year: int | None, table: pd.DataFrame
) -> float | None:
    values = [
        _need_value(ctx, indicator, code, year)
        for code in table["gemeente_code"]
        if isinstance(code, str) and code
    ]
    return None if not values or any(v is None for v in values) else float(sum(values))


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    number = _shown_number(value)
    return "geen gegevens" if number is None else fmt_getal(number)


def _ratio(reach: object, need: float | None, per: int = 1000) -> str:
    if isinstance(reach, str) and (reach.startswith("<") or reach == SUPPRESSED):
        return SUPPRESSED
    shown = _shown_number(reach)
    if shown is None or not need:
        return "geen gegevens"
    return fmt_getal(per * shown / need, 0)


# --- the chapter ----------------------------------------------------------------------------
def _no_workbook(jaar: int) -> str:
    return (
        f"Voor programmajaar {jaar} is (nog) geen programmawerkboek aangeleverd. Daarom staan "
        "hier geen programmacijfers; dat betekent niet dat er niets is gebeurd."
    )


def _goal_table(trend: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Return the goal table as the reader sees it: verdict first, inspanning and indicator kept."""
    unit = trend["eenheid"].fillna("")
    part = trend["kapitaalsvorm"].where(
        trend["kapitaalsvorm"].notna(), "leerthema " + trend["leerthema"].astype(str)
    )
    out = pd.DataFrame(
        {
            "Kapitaalsvorm of leerthema — operationeel doel": [
                f"{p} — {g}" for p, g in zip(part, trend["operationeel_doel"], strict=True)
            ],
            "Op koers?": trend["oordeel"],
        }
    )
    if len(years) > 1:
        out[f"Sinds {years[-2]}"] = trend["ontwikkeling"]
    out["Inspanning → indicator (eenheid)"] = [
        (f"{e} → " if isinstance(e, str) and e else "") + (f"{i} ({u})" if u else str(i))
        for e, i, u in zip(trend["inspanning"], trend["indicator"], unit, strict=True)
    ]
    out["Streef"] = trend["streefwaarde"]
    for year in years[:-1]:
        out[str(year)] = trend[f"realisatie_{year}"].map(_cell)
    out[f"{years[-1]} (% van streef)"] = [
        _with_pct(r, p) for r, p in zip(trend["realisatie"], trend["realisatie_pct"], strict=True)
    ]
    return out


def _with_pct(realised: object, pct: object) -> str:
    """Return '740 (74 %)': the shown realisation with its share of the target."""
    text = _cell(realised)
    share = _shown_number(pct) if not isinstance(pct, str) else None
    return f"{text} ({fmt_getal(share, 0)} %)" if share is not None else text


def chapter(ctx: Context) -> None:
    """Render the programme chapter (headings, narrative, tables, charts, map)."""
    if ctx.jaar not in load.programma_jaren():
        md(_no_workbook(ctx.jaar))
        return
    meta = load.programma_info(ctx.jaar)
    tables = load.programma(ctx.jaar)
    by_year = goals_by_year(ctx.jaar)
    years = sorted(by_year)
    trend = goal_trend(by_year, ctx.jaar)
    previous = years[-2] if len(years) > 1 else None
    md(
        f"Wat doet en bereikt de Alliantie van Kracht, en gaan we de goede kant op? Dit "
        f"hoofdstuk gebruikt het werkboek van programmajaar {meta['programmajaar']} (peildatum "
        f"{meta['peildatum']:%d-%m-%Y})"
        + (f" en vergelijkt met {', '.join(map(str, years[:-1]))}" if previous else "")
        + f". Aantallen mensen onder de {meta['drempel']} zijn afgeschermd "
        f"('{suppressed_label(meta['drempel'])}'); de andere aantallen zijn afgerond op 5, en "
        "percentages zijn berekend op de afgeronde aantallen die u ziet."
    )

    heading("Zijn de doelen op koers?", 3)
    md(f"{verdict_sentence(tables['doelen'])} {trend_sentence(trend, previous)}")
    md(f"Hoe het oordeel werkt: {meta.get('oordeelregel', '')}")
    per_goal = tables["doelen_per_strategisch_doel"].copy()
    per_goal["Strategisch doel"] = [
        f"{n}. {name}" + (f" — leerthema {theme}" if theme else "")
        for n, name, theme in zip(
            per_goal["strategisch_doel"], per_goal["naam"], per_goal["leerthema"], strict=True
        )
    ]
    display(
        charts.table_html(
            dutch(per_goal, ["Strategisch doel", "doelen", *VERDICTS]),
            caption=f"Doelen per strategisch doel en hun oordeel, {ctx.jaar}.",
        )
    )
    display(
        charts.table_html(
            dutch(tables["doelen_per_kapitaalsvorm"], ["kapitaalsvorm", "doelen", *VERDICTS]),
            caption=(
                f"Doelen van strategisch doel 1 en 2 per kapitaalsvorm, {ctx.jaar} "
                "('algemeen': vroegsignalering en bereik)."
            ),
        )
    )
    display(
        charts.table_html(
            _goal_table(trend, years),
            caption=(
                "Elk operationeel doel met zijn oordeel, de ontwikkeling sinds vorig jaar, de "
                "inspanning waarmee eraan gewerkt wordt en de indicator waaraan het wordt "
                "afgemeten: streefwaarde ('Streef') en realisatie per programmajaar, de laatste "
                "met het percentage van de streefwaarde."
            ),
        )
    )

    heading("Bereik naast de doelgroep", 3)
    reach = reach_vs_need(ctx)
    year, need_year = reach.attrs["jaar"], reach.attrs["need_jaar"]
    same = need_year == year
    md(
        f"Hoeveel verschillende huishoudens en kinderen bereikte het programma in {year} per "
        "gemeente, afgezet tegen het aantal huishoudens met een laag inkomen en het aantal "
        "kinderen dat langdurig in een huishouden met een laag inkomen opgroeit (CBS)? Een "
        "huishouden telt één keer, ook als het in meer kwartalen of bij meer activiteiten kwam. "
        "Alle 22 gemeenten staan erin; 0 betekent dat er geen bereik is geregistreerd. "
        f"'{RATIO}': bereikte huishoudens per 1.000 huishoudens met een laag inkomen; "
        f"'{KIDS_RATIO}': bereikte kinderen per 100 kinderen die langdurig in een huishouden "
        "met een laag inkomen opgroeien (het programma bereikt ook andere kinderen, dus dit "
        "is een maat voor de omvang, geen aandeel). "
        + (
            f"Bereik en doelgroep zijn van hetzelfde jaar ({year})."
            if same
            else (
                f"Van {year} zijn nog geen CBS-cijfers over de doelgroep; de tabel gebruikt "
                f"{need_year or 'geen jaar'}, het meest recente jaar."
            )
        )
    )
    households, children = _reach_tables(reach)
    display(
        charts.table_html(
            households,
            caption=(
                f"Bereikte huishoudens per gemeente, {year}, naast de huishoudens met een laag "
                "inkomen (de doelgroep)."
            ),
        )
    )
    display(
        charts.table_html(
            children,
            caption=(
                f"Bereikte kinderen per gemeente, {year}, tegenover de kinderen die langdurig "
                "in een huishouden met een laag inkomen opgroeien."
            ),
        )
    )
    known = reach.loc[~reach["_totaal"]].dropna(subset=["_ratio"])
    known = known.loc[known["_ratio"] > 0]
    if not known.empty:
        ax = charts.bar_compare(
            known.rename(columns={"_ratio": "per_1000"}),
            "Gemeente",
            "per_1000",
            decimals=0,
            title=f"Bereikte huishoudens per 1.000 huishoudens met een laag inkomen, {year}",
        )
        display(
            charts.figure_html(
                ax.figure,
                alt=_ratio_alt(known),
                caption=(
                    "Alleen gemeenten met geregistreerd bereik. Bron: programmagegevens "
                    "Alliantie van Kracht en CBS."
                ),
                demo=ctx.programme_example or ctx.demo_for(NEED),
            )
        )

    _where_and_who(ctx, tables)

    heading("Interventies en het toetsingskader", 3)
    verdicts = tables["interventies_per_oordeel"]
    pivot = verdicts.pivot_table(
        index=["onderdeel", "kapitaalsvorm"],
        columns="oordeel_toetsingskader",
        values="interventies",
        aggfunc="sum",
        sort=False,
    ).reset_index()
    pivot = pivot.rename(
        columns={"onderdeel": "Soort", "kapitaalsvorm": "Kapitaalsvorm of leerthema"}
    )
    display(
        charts.table_html(
            pivot,
            caption=(
                "Aantal interventies per kapitaalsvorm of leerthema en oordeel volgens het "
                "toetsingskader (alleen opgeteld, nooit per partner)."
            ),
        )
    )

    heading("Experimenten", 3)
    display(
        charts.table_html(
            dutch(
                tables["experimenten_voortgang"],
                [
                    "naam",
                    "gemeente",
                    "fase",
                    "status",
                    "streefwaarde",
                    "realisatie",
                    "eenheid",
                    "realisatie_pct",
                ],
            ),
            caption="Experimenten en hun voortgang naar de streefwaarde.",
        )
    )

    heading("Activiteiten tegenover de jaardoelen", 3)
    display(
        charts.table_html(
            dutch(tables["activiteiten_vs_jaardoelen"]),
            caption="Bijeenkomsten en nieuwsbrieven tegenover de jaardoelen.",
        )
    )

    _experiences(tables)

    heading("AVK-teams bij partners", 3)
    md(
        "Elke partner vormt een AVK-team: 1 bestuurder, 2 managers of teamleiders en 2 mensen uit "
        "de uitvoering. De tabel telt per sector; welke partner welk team heeft, staat hier "
        "bewust niet."
    )
    display(
        charts.table_html(
            dutch(tables["avk_teams_per_sector"]),
            caption="Partners met een compleet AVK-team, per sector.",
        )
    )


def _where_and_who(ctx: Context, tables: dict[str, pd.DataFrame]) -> None:
    """Render 'wat gebeurt waar en door wie': a map and a table, framed as inspiration."""
    heading("Wat gebeurt waar en door wie", 3)
    places = tables["activiteiten_per_gemeente"].copy()
    places["activiteiten"] = places["interventies"] + places["experimenten"]
    md(
        "Ter inspiratie: waar lopen interventies en experimenten, en uit welke sectoren komen de "
        "partners die ze uitvoeren? Een gemeente met weinig activiteiten is geen oordeel over "
        "die gemeente of haar partners; het laat zien waar partners van elkaar kunnen leren."
    )
    gdf = load.geometrie()
    gdf = gdf.merge(
        places[["gemeente_code", "activiteiten"]],
        left_on="gemeentecode",
        right_on="gemeente_code",
        how="left",
    )
    ax = maps.plot_map(
        gdf,
        "activiteiten",
        title=f"Interventies en experimenten per gemeente, {ctx.jaar}",
        legend_title="Aantal",
        decimals=0,
        k=4,
    )
    busiest = places.sort_values("activiteiten", ascending=False).iloc[0]
    display(
        charts.figure_html(
            ax.figure,
            alt=(
                "Kaart van de 22 gemeenten met het aantal interventies en experimenten van de "
                f"Alliantie van Kracht. Het meeste in {busiest['gemeente']} "
                f"({int(busiest['activiteiten'])}); in "
                f"{int((places['activiteiten'] == 0).sum())} gemeenten is niets geregistreerd."
            ),
            caption=(
                "Een interventie die in meer gemeenten loopt, telt in elk ervan. Bron: "
                "programmagegevens Alliantie van Kracht. " + maps.map_source_note(gdf)
            ),
            demo=ctx.programme_example,
        )
    )
    shown = places.loc[places["activiteiten"] > 0]
    display(
        charts.table_html(
            dutch(shown, ["gemeente", "interventies", "experimenten", "partners", "sectoren"]),
            caption=(
                "Gemeenten met interventies of experimenten: aantallen en de sectoren van de "
                "uitvoerende partners. De factsheet van een gemeente noemt de interventies."
            ),
        )
    )
    none = places.loc[places["activiteiten"] == 0, "gemeente"]
    if len(none):
        md(
            "Geen interventies of experimenten geregistreerd in: "
            + ", ".join(escape_markdown(n) for n in none)
            + "."
        )


def _experiences(tables: dict[str, pd.DataFrame]) -> None:
    """Render the aggregated experiences of participants (counts and scores only)."""
    heading("Ervaringen van deelnemers", 3)
    experiences = tables.get("ervaringen")
    if experiences is None or experiences.empty:
        md("Er zijn (nog) geen ervaringen van deelnemers aangeleverd.")
        return
    regional = experiences.loc[experiences["gemeente"] == "regio"]
    best = regional.assign(_p=regional["positief_pct"].map(_shown_number)).dropna(subset=["_p"])
    text = (
        "Hoe ervaren de mensen voor wie het programma er is de steun? Hieronder staan alleen "
        "opgetelde antwoorden: het aantal deelnemers, hoeveel er positief antwoordden en het "
        "gemiddelde cijfer. Groepen kleiner dan de publicatiegrens zijn afgeschermd."
    )
    if not best.empty:
        top = best.sort_values("_p").iloc[-1]
        low = best.sort_values("_p").iloc[0]
        text += (
            f" In de hele regio is het aandeel positief het hoogst bij "
            f"'{escape_markdown(top['onderwerp'])}' ({fmt_pct(top['_p'])}) en het laagst bij "
            f"'{escape_markdown(low['onderwerp'])}' ({fmt_pct(low['_p'])})."
        )
    md(text + " De antwoorden per gemeente staan in de factsheets.")
    display(
        charts.table_html(
            dutch(regional, EXPERIENCE_COLUMNS),
            caption="Ervaringen van deelnemers per onderwerp, alle antwoorden uit de regio samen.",
        )
    )


EXPERIENCE_COLUMNS = ["onderwerp", "deelnemers", "positief", "positief_pct", "gemiddelde_score"]


# --- the factsheet --------------------------------------------------------------------------
def gemeente_summary(ctx: Context, gemeente: str) -> str:
    """Return one or two plain Dutch sentences on what the programme does in a gemeente."""
    name = regions.name(gemeente)
    tables = load.programma(ctx.jaar)
    places = tables["activiteiten_per_gemeente"].set_index("gemeente_code")
    own = places.loc[gemeente] if gemeente in places.index else None
    reach = reach_vs_need(ctx)
    row = reach.loc[reach["Gemeente"] == name]
    year = reach.attrs["jaar"]
    n_int = int(own["interventies"]) if own is not None else 0
    n_exp = int(own["experimenten"]) if own is not None else 0
    if n_int == 0 and n_exp == 0:
        return (
            f"In {escape_markdown(name)} heeft de Alliantie van Kracht in {ctx.jaar} geen "
            "interventies of experimenten geregistreerd."
        )
    sectors = ", ".join(s.split(" (")[0] for s in str(own["sectoren"]).split(", ") if s)
    parts = [
        f"In {escape_markdown(name)} lopen {n_int} "
        f"{'interventie' if n_int == 1 else 'interventies'}"
        + (f" en {n_exp} {'experiment' if n_exp == 1 else 'experimenten'}" if n_exp else "")
        + " van de Alliantie van Kracht"
        + (f", uitgevoerd door partners uit {escape_markdown(sectors)}" if sectors else "")
        + "."
    ]
    if not row.empty:
        shown = row.iloc[0][f"{HH} ({year})"]
        ratio = row.iloc[0][RATIO]
        if shown not in ("0", "geen gegevens"):
            sentence = f"Samen bereikten ze in {year} {shown} verschillende huishoudens"
            if ratio not in ("geen gegevens", SUPPRESSED):
                sentence += f" ({ratio} per 1.000 huishoudens met een laag inkomen)"
            kids = row.iloc[0][f"{KIDS} ({year})"]
            if kids not in ("0", "geen gegevens"):
                sentence += (
                    f" met {kids} kinderen" if not kids.startswith("<") else " en enkele kinderen"
                )
            parts.append(sentence + ".")
    return " ".join(parts)


def gemeente_reach(reach: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return a gemeente's reach as two rows (households, children) that fit a factsheet."""
    rec = reach.loc[reach["Gemeente"] == name].iloc[0]
    year = reach.attrs["jaar"]
    need_year, child_year = reach.attrs["need_jaar"], reach.attrs["kinderen_jaar"]
    return pd.DataFrame(
        [
            {
                "Wie": "Huishoudens",
                f"Bereikt ({year})": rec[f"{HH} ({year})"],
                "Doelgroep": rec[f"{NEED_COL} ({need_year or 'geen jaar'})"],
                "Doelgroep is": f"met laag inkomen ({need_year or 'geen jaar'})",
                "Bereikt per": f"{rec[RATIO]} per 1.000",
            },
            {
                "Wie": "Kinderen",
                f"Bereikt ({year})": rec[f"{KIDS} ({year})"],
                "Doelgroep": rec[f"{KIDS_NEED} ({child_year or 'geen jaar'})"],
                "Doelgroep is": f"langdurig laag inkomen ({child_year or 'geen jaar'})",
                "Bereikt per": f"{rec[KIDS_RATIO]} per 100",
            },
        ]
    )


def gemeente_section(ctx: Context, gemeente: str) -> None:
    """Render the programme part of a gemeente factsheet (sentences and a small table)."""
    name = regions.name(gemeente)
    if ctx.jaar not in load.programma_jaren():
        md(_no_workbook(ctx.jaar))
        return
    md(gemeente_summary(ctx, gemeente))
    tables = load.programma(ctx.jaar)
    items = tables["interventies_per_gemeente"]
    local = items.loc[items["gemeente_code"] == gemeente]
    if not local.empty:
        display(
            charts.table_html(
                dutch(local, ["soort", "naam", "partner", "sector", "kapitaalsvorm"]).rename(
                    columns={"Kapitaalsvorm": "Kapitaalsvorm of leerthema"}
                ),
                caption=f"Wat het programma in {name} doet (ter inspiratie; geen oordeel).",
            )
        )
    reach = reach_vs_need(ctx)
    own = reach.loc[reach["Gemeente"] == name]
    if not own.empty:
        display(
            charts.table_html(
                gemeente_reach(reach, name),
                caption=(
                    f"Bereik in {name}: verschillende huishoudens en kinderen in het jaar, "
                    "naast de doelgroep (CBS)."
                ),
            )
        )
    experiences = tables.get("ervaringen")
    if experiences is not None:
        local = experiences.loc[experiences["gemeente"] == name]
        if not local.empty:
            display(
                charts.table_html(
                    dutch(local, EXPERIENCE_COLUMNS),
                    caption=(
                        f"Ervaringen van deelnemers in {name} (alleen opgeteld; kleine groepen "
                        "afgeschermd)."
                    ),
                )
            )


def _ratio_alt(known: pd.DataFrame) -> str:
    s = known.sort_values("_ratio")
    hi, lo = s.iloc[-1], s.iloc[0]
    return (
        "Staafdiagram: bereikte huishoudens per 1.000 huishoudens met een laag inkomen. "
        f"Hoogst in {hi['Gemeente']} ({fmt_getal(hi['_ratio'])}), "
        f"laagst in {lo['Gemeente']} ({fmt_getal(lo['_ratio'])})."
    )
