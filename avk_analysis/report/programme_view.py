"""The programme in the report: what the Alliantie van Kracht does and reaches, against need.

Programme data reach this module only from ``data/processed/``: the published tables that the
build wrote after disclosure control (``load.programma``) and the tidy table (suppressed at build
time). No workbook is opened here.
"""

from __future__ import annotations

import math

import pandas as pd
from IPython.display import display

from avk_analysis import charts, load, regions
from avk_analysis.indicators.select import figure, latest_year
from avk_analysis.presentation import fmt_getal, suppressed_label
from avk_analysis.report.context import Context, heading, md

AVK = "Alliantie van Kracht"
NEED = "hh_laag_inkomen_aantal"
REACH = "programma_bereik_huishoudens"

HEADERS = {
    "doel_id": "Doel",
    "strategisch_doel": "Strategisch doel",
    "kapitaalsvorm": "Kapitaalsvorm",
    "operationeel_doel": "Operationeel doel",
    "inspanning": "Inspanning",
    "indicator": "Indicator",
    "streefwaarde": "Streefwaarde",
    "realisatie": "Realisatie",
    "eenheid": "Eenheid",
    "realisatie_pct": "Gerealiseerd (% van streefwaarde)",
    "status": "Status",
    "peildatum": "Peildatum",
    "doelen": "Doelen",
    "gepland": "Gepland",
    "lopend": "Lopend",
    "gerealiseerd": "Gerealiseerd",
    "vervallen": "Vervallen",
    "met_streefwaarde": "Met streefwaarde",
    "streefwaarde_gehaald": "Streefwaarde gehaald",
    "gehaald_pct": "Gehaald (%)",
    "oordeel_toetsingskader": "Oordeel toetsingskader",
    "interventies": "Interventies",
    "bereik_huishoudens": "Bereikte huishoudens",
    "bereik_personen": "Bereikte personen",
    "naam": "Naam",
    "gemeente": "Gemeente",
    "plaats": "Plaats",
    "fase": "Fase",
    "soort": "Soort",
    "jaardoel": "Jaardoel",
    "gehouden": "Gehouden",
    "jaardoel_gehaald": "Jaardoel gehaald",
    "deelnemers": "Deelnemers",
    "ervaringsdeskundigen": "Ervaringsdeskundigen",
    "aandeel_ervaringsdeskundigen_pct": "Aandeel ervaringsdeskundigen (%)",
    "partner": "Partner",
    "sector": "Sector",
    "bestuurder": "Bestuurder",
    "managers": "Managers",
    "uitvoering": "Uitvoering",
    "compleet": "Team compleet",
    "ontbreekt": "Ontbreekt",
    "partners": "Partners",
    "avk_team_compleet": "Met compleet AVK-team",
    "compleet_pct": "Compleet (%)",
    "gemeenten": "Gemeenten",
}


def dutch(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Select columns and give them their Dutch display headers."""
    df = df if columns is None else df[columns]
    return df.rename(columns=HEADERS)


def _threshold(ctx: Context) -> int:
    """Return the suppression threshold the build used for the programme year."""
    return int(load.programma_info(ctx.jaar)["drempel"])


def reach_vs_need(ctx: Context) -> pd.DataFrame:
    """Return per gemeente the households reached per 1,000 low-income households.

    A suppressed reach gives 'onderdrukt', missing statistics 'geen gegevens' — never zero.
    """
    data = ctx.data
    reach_rows = data.loc[(data["bron"] == AVK) & (data["indicator"] == REACH)]
    reach_year = int(reach_rows["jaar"].max()) if not reach_rows.empty else ctx.jaar
    need_year = latest_year(data, NEED, ctx.jaar)
    rows = []
    for _, gm in regions.gemeenten().iterrows():
        code = gm["gemeentecode"]
        reach = figure(data, REACH, code, reach_year, bron=AVK)
        need = figure(data, NEED, code, need_year)
        if reach.jaar is not None and reach.symbool == "." and reach.status == "":
            continue  # no programme activity recorded in this gemeente
        if reach.symbool == "x":
            shown, ratio = suppressed_label(_threshold(ctx)), "onderdrukt"
        elif not reach.available:
            shown, ratio = "geen gegevens", "geen gegevens"
        else:
            shown = fmt_getal(reach.waarde)
            ratio = (
                fmt_getal(1000 * reach.waarde / need.waarde, 0)
                if need.available and need.waarde > 0
                else "geen gegevens"
            )
        rows.append(
            {
                "Gemeente": gm["gemeentenaam"],
                f"Bereikte huishoudens ({reach_year})": shown,
                f"Huishoudens met laag inkomen ({need_year})": (
                    fmt_getal(round(need.waarde, -1)) if need.available else "geen gegevens"
                ),
                "Bereikt per 1.000 huishoudens met laag inkomen": ratio,
                "_ratio": (
                    1000 * reach.waarde / need.waarde
                    if reach.available and need.available and need.waarde > 0
                    else math.nan
                ),
            }
        )
    return pd.DataFrame(rows)


def _no_workbook(jaar: int) -> str:
    return (
        f"Voor programmajaar {jaar} is (nog) geen programmawerkboek aangeleverd. Daarom staan "
        "hier geen programmacijfers; dat betekent niet dat er niets is gebeurd."
    )


def chapter(ctx: Context) -> None:
    """Render the programme chapter (headings, narrative, tables, charts)."""
    if ctx.jaar not in load.programma_jaren():
        md(_no_workbook(ctx.jaar))
        return
    meta = load.programma_info(ctx.jaar)
    tables = load.programma(ctx.jaar)
    md(
        f"Wat doet en bereikt de Alliantie van Kracht? Dit hoofdstuk gebruikt het werkboek van "
        f"programmajaar {meta['programmajaar']} (peildatum {meta['peildatum']:%d-%m-%Y}). "
        f"Aantallen onder de {meta['drempel']} zijn afgeschermd "
        f"('{suppressed_label(meta['drempel'])}')."
    )

    heading("Bereik tegenover de opgave", 3)
    reach = reach_vs_need(ctx)
    md(
        "Hoeveel huishoudens bereikt het programma per gemeente, afgezet tegen het aantal "
        "huishoudens met een laag inkomen daar (CBS)? Gemeenten zonder geregistreerd bereik "
        "staan er niet in."
    )
    display(charts.table_html(reach.drop(columns="_ratio"), caption="Bereik per gemeente."))
    known = reach.dropna(subset=["_ratio"])
    if not known.empty:
        ax = charts.bar_compare(
            known.rename(columns={"_ratio": "per_1000"}),
            "Gemeente",
            "per_1000",
            decimals=0,
            title="Bereikte huishoudens per 1.000 huishoudens met een laag inkomen",
        )
        display(
            charts.figure_html(
                ax.figure,
                alt=_ratio_alt(known),
                caption="Bron: programmagegevens Alliantie van Kracht en CBS.",
                demo=ctx.programme_example or ctx.demo_for(NEED),
            )
        )

    heading("Doelen per kapitaalsvorm", 3)
    display(
        charts.table_html(
            dutch(tables["doelen_per_kapitaalsvorm"]),
            caption="Doelen per kapitaalsvorm: status en gehaalde streefwaarden.",
        )
    )
    goals = tables["doelen"]
    display(
        charts.table_html(
            dutch(
                goals,
                [
                    "kapitaalsvorm",
                    "operationeel_doel",
                    "streefwaarde",
                    "realisatie",
                    "eenheid",
                    "realisatie_pct",
                    "status",
                ],
            ),
            caption="Doelen met een streefwaarde: streefwaarde tegenover realisatie.",
        )
    )

    heading("Interventies en het toetsingskader", 3)
    verdicts = tables["interventies_per_oordeel"]
    pivot = verdicts.pivot_table(
        index="kapitaalsvorm",
        columns="oordeel_toetsingskader",
        values="interventies",
        aggfunc="sum",
        sort=False,
    ).reset_index()
    display(
        charts.table_html(
            dutch(pivot),
            caption="Aantal interventies per kapitaalsvorm en oordeel volgens het toetsingskader.",
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

    heading("AVK-teams bij partners", 3)
    md(
        "Elke partner vormt een AVK-team: 1 bestuurder, 2 managers of teamleiders en 2 mensen uit "
        "de uitvoering. Ter inspiratie, niet om partners op aan te spreken."
    )
    display(
        charts.table_html(
            dutch(tables["avk_teams_per_sector"]),
            caption="Partners met een compleet AVK-team, per sector.",
        )
    )


def gemeente_section(ctx: Context, gemeente: str) -> None:
    """Render the programme part of a gemeente factsheet."""
    name = regions.name(gemeente)
    if ctx.jaar not in load.programma_jaren():
        md(_no_workbook(ctx.jaar))
        return
    tables = load.programma(ctx.jaar)
    reach = reach_vs_need(ctx)
    own = reach.loc[reach["Gemeente"] == name]
    if own.empty:
        md(f"Voor {name} zijn geen bereikcijfers van het programma geregistreerd.")
    else:
        display(charts.table_html(own.drop(columns="_ratio"), caption=f"Bereik in {name}."))
    interventions = tables["interventies"]
    local = interventions.loc[interventions["gemeenten"].str.contains(name, regex=False, na=False)]
    if local.empty:
        md(f"Er zijn geen interventies in {name} geregistreerd.")
    else:
        display(
            charts.table_html(
                dutch(local, ["naam", "partner", "kapitaalsvorm", "oordeel_toetsingskader"]),
                caption=f"Interventies die (ook) in {name} lopen.",
            )
        )
    teams = tables["avk_teams"]
    local_teams = teams.loc[teams["gemeente"] == name]
    if not local_teams.empty:
        display(
            charts.table_html(
                dutch(local_teams, ["partner", "sector", "compleet", "ontbreekt"]),
                caption=f"Partners in {name} en hun AVK-team.",
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
