"""The programme in the report: is each goal on track, whom does it reach, what happens where.

Programme data reach this module only from ``data/processed/``: the published tables that the
build wrote after disclosure control (``load.programma``, one set per programme year) and the
tidy table (suppressed at build time). No workbook is opened here. Comparisons over programme
years and shares of need are computed from the *shown* (rounded) numbers, so that a reader who
divides two printed numbers gets the printed result.

Reach is set beside need, never divided by it, unless the reached group is part of the need
group (the workbook says how many reached households have a low income) and the need is large
enough for a share (``contract.MIN_NEED_FOR_SHARE``). Gemeenten are listed alphabetically and
never ranked on the programme's figures; a gemeente without registered reach gets no row of
zeros. A named partner is printed only next to a favourable verdict (inspiration); other
verdicts of the toetsingskader and AVK-team completeness appear only aggregated.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from IPython.display import display

from avk_analysis import load
from avk_analysis.indicators import scale
from avk_analysis.indicators.select import figure, latest_year
from avk_analysis.presentation import charts, maps, narrative
from avk_analysis.presentation.formatting import (
    escape_markdown,
    fmt_getal,
    fmt_pct,
    suppressed_label,
)
from avk_analysis.report.chapters.context import Context, heading, md
from avk_analysis.sources.programme import contract
from avk_analysis.vocabulary import regions

AVK = "Alliantie van Kracht"
NEED = "hh_laag_inkomen_aantal"
CHILD_NEED = "kinderen_laag_inkomen_aantal"
FAMILIES = ("hh_laag_inkomen_aantal_eenouder", "hh_laag_inkomen_aantal_paar_met_kind")
POVERTY = "kinderen_laag_inkomen_pct"  # where poverty is highest: the generational measure
NL = "NL01"
# A gemeente counts as 'more poverty than in the Netherlands' when its share is at least this
# many percentage points above: the margin of the regional chapter's 'In het kort'.
ABOVE_NL_MARGIN = 0.25
REACH = "programma_bereik_huishoudens"
TOTAL = "Totaal"
LOW_INCOME = "huishoudens_laag_inkomen"
NO_SHARE = "–"  # no share: the reached group is not known to be part of need, or need is small
SUPPRESSED = "onderdrukt"
# What the programme's own documents say about the scale of poverty (faseplan 2 and 3, section
# 1: "In het Drents-Groningse veenkoloniale gebied leven een kleine 14.000 gezinnen in armoede").
PROGRAMME_CLAIM = "een kleine 14.000 gezinnen in armoede"
PROGRAMME_CLAIM_SOURCE = "faseplan 2 en 3"
OP_KOERS, ACHTER, LOOPTIJD_ONBEKEND, GEEN_GEGEVENS, VERVALLEN = (
    "op koers",
    "achter",
    "looptijd onbekend",
    "nog geen gegevens",
    "vervallen",
)
VERDICTS = (OP_KOERS, ACHTER, LOOPTIJD_ONBEKEND, GEEN_GEGEVENS, VERVALLEN)
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
    LOOPTIJD_ONBEKEND: "Looptijd onbekend",
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
    if value is None or isinstance(value, str) or value is pd.NA:
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
    """Return one Dutch sentence: how many goals are on track for their period, behind, unknown."""
    counts = goals["oordeel"].value_counts()
    active = len(goals) - int(counts.get(VERVALLEN, 0))
    text = (
        f"Van de {active} lopende doelen liggen er {int(counts.get(OP_KOERS, 0))} op koers voor "
        f"hun looptijd en {int(counts.get(ACHTER, 0))} achter"
    )
    rest = []
    if counts.get(LOOPTIJD_ONBEKEND, 0):
        rest.append(f"van {int(counts[LOOPTIJD_ONBEKEND])} is de looptijd onbekend")
    if counts.get(GEEN_GEGEVENS, 0):
        rest.append(f"van {int(counts[GEEN_GEGEVENS])} zijn er nog geen gegevens")
    if rest:
        text += "; " + " en ".join(rest)
    if counts.get(VERVALLEN, 0):
        n = int(counts[VERVALLEN])
        text += f"; {n} {'doel is' if n == 1 else 'doelen zijn'} vervallen"
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


def _peildatum(ctx: Context) -> dt.date:
    peildatum = load.programma_info(ctx.jaar).get("peildatum")
    return peildatum if isinstance(peildatum, dt.date) else dt.date(ctx.jaar, 12, 31)


def _expected_text(value: object) -> str:
    number = _shown_number(value)
    if number is None:
        return "geen gegevens"
    return fmt_getal(number, 0 if number >= 10 or number == int(number) else 1)


def horizon_example(goals: pd.DataFrame, peildatum: dt.date) -> str:
    """Return one worked example of the verdict in words, from a goal of the table itself."""
    for _, g in goals.iterrows():
        realised, expected = _shown_number(g["realisatie"]), _shown_number(g["verwacht_nu"])
        passed = _shown_number(g.get("looptijd_voorbij_pct"))
        if (
            realised is None
            or expected is None
            or passed is None
            or not 0 < passed < 100
            or g["eenheid"] == contract.PROCENT
            or g["oordeel"] not in (OP_KOERS, ACHTER)
            or g["status"] == "gerealiseerd"
        ):
            continue
        limit = contract.ON_TRACK_SHARE * expected
        compared = "ten minste" if realised >= limit else "minder dan"
        return (
            f"Een voorbeeld: '{escape_markdown(g['indicator'])}' heeft als streefwaarde "
            f"{fmt_getal(_shown_number(g['streefwaarde']))} {escape_markdown(g['eenheid'])} in "
            f"{int(g['startjaar'])} tot en met {int(g['doeljaar'])}. Op {peildatum:%d-%m-%Y} is "
            f"{fmt_getal(passed)} % van die looptijd voorbij, dus verwacht: "
            f"{_expected_text(expected)}. Gerealiseerd is {fmt_getal(realised)}: {compared} "
            f"{fmt_getal(contract.ON_TRACK_SHARE * 100)} % van {_expected_text(expected)} "
            f"({_expected_text(limit)}), dus '{g['oordeel']}'."
        )
    return ""


# --- reach beside need ----------------------------------------------------------------------
def _need_value(ctx: Context, indicator: str, code: str, year: int | None) -> float | None:
    """Return the need as shown: rounded to tens (so that shares follow from shown numbers)."""
    fig = figure(ctx.data, indicator, code, year)
    return float(round(fig.waarde, -1)) if fig.available else None


def _summed_need(ctx: Context, indicator: str, year: int | None) -> float | None:
    values = [_need_value(ctx, indicator, code, year) for code in regions.gemeente_codes()]
    return None if not values or any(v is None for v in values) else float(sum(values))


def _reached(value: object) -> bool:
    """Tell whether a shown reach count says someone was reached ('<10' does, '0' does not)."""
    if isinstance(value, str):
        return value.startswith("<") or value == SUPPRESSED
    number = _shown_number(value)
    return number is not None and number > 0


def share_cell(low: object, need: float | None) -> str:
    """Return the share of need reached ('12 %'), or '–' when the rule allows no share.

    A share needs the reached households *with a low income* (a part of the need group), shown
    and not suppressed, and a need of at least ``contract.MIN_NEED_FOR_SHARE`` households.
    """
    shown = _shown_number(low)
    if shown is None or need is None or need < contract.MIN_NEED_FOR_SHARE:
        return NO_SHARE
    return fmt_pct(100 * shown / need, 0)


def share_rule() -> str:
    """Return, in plain Dutch, when the report shows reach as a share of need."""
    return (
        "Een aandeel (welk deel van de huishoudens met een laag inkomen het programma bereikte) "
        "staat er alleen als het werkboek zegt hoeveel bereikte huishoudens een laag inkomen "
        "hebben: alleen die horen bij de doelgroep. En alleen als de gemeente ten minste "
        f"{fmt_getal(contract.MIN_NEED_FOR_SHARE)} huishoudens met een laag inkomen telt: het "
        "CBS rondt die aantallen af op honderdtallen, en bij minder huishoudens maakt die "
        f"afronding het aandeel te onzeker. Anders staat er '{NO_SHARE}' en staan de aantallen "
        "alleen naast elkaar."
    )


def reach_table(ctx: Context) -> pd.DataFrame:
    """Return per gemeente (all 22) and in total the reach of this and last year beside need.

    Reach comes from the published ``bereik_per_gemeente`` of the programme year and the year
    before (unique over the year). Need (CBS) is of the same year when the CBS has it, else the
    latest earlier year (``attrs`` say which). Cells are shown values: counts, '<10',
    'onderdrukt', 'geen gegevens'; ``_actief`` tells whether the gemeente had any reach.
    """
    table = load.programma(ctx.jaar)["bereik_per_gemeente"]
    year = int(table["jaar"].iloc[0]) if "jaar" in table and len(table) else ctx.jaar
    earlier = [y for y in load.programma_jaren() if y < ctx.jaar]
    previous = earlier[-1] if earlier else None
    before = (
        load.programma(previous)["bereik_per_gemeente"].set_index("gemeente")
        if previous is not None
        else None
    )
    need_year = latest_year(ctx.data, NEED, year)
    child_year = latest_year(ctx.data, CHILD_NEED, year)
    has_low = LOW_INCOME in table and bool(table[LOW_INCOME].map(_reached).any())
    rows = []
    for _, rec in table.iterrows():
        total = rec["gemeente"] == TOTAL
        code = rec["gemeente_code"]
        need = (
            _summed_need(ctx, NEED, need_year) if total else _need_value(ctx, NEED, code, need_year)
        )
        kids_need = (
            _summed_need(ctx, CHILD_NEED, child_year)
            if total
            else _need_value(ctx, CHILD_NEED, code, child_year)
        )
        old = (
            before.loc[rec["gemeente"]]
            if before is not None and rec["gemeente"] in before.index
            else None
        )
        low = rec.get(LOW_INCOME)
        rows.append(
            {
                "gemeente_code": code,
                "gemeente": rec["gemeente"],
                "huishoudens_vorig": _cell(old["huishoudens"]) if old is not None else "",
                "huishoudens": _cell(rec["huishoudens"]),
                "laag_inkomen": _cell(low) if low is not None else "geen gegevens",
                "doelgroep": _cell(need),
                "aandeel": share_cell(low, need),
                "kinderen_vorig": _cell(old["kinderen"]) if old is not None else "",
                "kinderen": _cell(rec["kinderen"]),
                "kinderen_doelgroep": _cell(kids_need),
                "_doelgroep": need,
                "_totaal": total,
                "_actief": _reached(rec["huishoudens"])
                or (old is not None and _reached(old["huishoudens"])),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs.update(
        {
            "jaar": year,
            "vorig": previous,
            "need_jaar": need_year,
            "kinderen_jaar": child_year,
            "laag_inkomen": has_low,
        }
    )
    return out


def reach_display(reach: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the report's two reach tables (households, children): active gemeenten and total.

    Gemeenten without registered reach in either year get no row (no rows of zeros); the order
    is alphabetical, never by reach.
    """
    year, previous = reach.attrs["jaar"], reach.attrs["vorig"]
    need_year = reach.attrs["need_jaar"] or "geen jaar"
    child_year = reach.attrs["kinderen_jaar"] or "geen jaar"
    shown = reach.loc[reach["_actief"] | reach["_totaal"]]
    shown = pd.concat(
        [shown.loc[~shown["_totaal"]].sort_values("gemeente"), shown.loc[shown["_totaal"]]]
    )
    households = {"Gemeente": shown["gemeente"]}
    children = {"Gemeente": shown["gemeente"]}
    if previous is not None:
        households[f"Bereikt {previous}"] = shown["huishoudens_vorig"]
        children[f"Bereikt {previous}"] = shown["kinderen_vorig"]
    households[f"Bereikt {year}"] = shown["huishoudens"]
    children[f"Bereikt {year}"] = shown["kinderen"]
    if reach.attrs["laag_inkomen"]:
        households[f"Waarvan met laag inkomen {year}"] = shown["laag_inkomen"]
    households[f"Met laag inkomen (CBS {need_year})"] = shown["doelgroep"]
    if reach.attrs["laag_inkomen"]:
        households["Aandeel bereikt"] = shown["aandeel"]
    children[f"In huishouden met laag inkomen (CBS {child_year})"] = shown["kinderen_doelgroep"]
    return (
        pd.DataFrame(households).reset_index(drop=True),
        pd.DataFrame(children).reset_index(drop=True),
    )


def change_sentence(reach: pd.DataFrame) -> str:
    """Return the change of total reach since the previous programme year, in one sentence."""
    total = reach.loc[reach["_totaal"]].iloc[0]
    year, previous = reach.attrs["jaar"], reach.attrs["vorig"]
    now = (
        f"In {year} bereikte het programma {_words(total['huishoudens'])} verschillende "
        f"huishoudens en {_words(total['kinderen'])} kinderen"
    )
    if previous is None or not total["huishoudens_vorig"]:
        return now + "; er is geen eerder programmajaar om mee te vergelijken."
    return (
        now + f"; in {previous} waren dat er {_words(total['huishoudens_vorig'])} en "
        f"{_words(total['kinderen_vorig'])}. Een huishouden telt per jaar één keer, ook als het "
        "in meer kwartalen of bij meer activiteiten kwam; de aantallen zijn afgerond op 5."
    )


def _words(cell: str) -> str:
    return f"minder dan {cell[1:]}" if cell.startswith("<") else cell


def programme_claim_sentence(ctx: Context) -> str:
    """Return the one sentence that sets the programme's own '14.000' beside the monitor's count."""
    vk = ctx.vk_code
    year = latest_year(ctx.data, NEED, ctx.jaar, regio=vk)
    count = figure(ctx.data, NEED, vk, year)
    members = len(regions.veenkolonien(ctx.veenkolonien))
    which = narrative.veenkolonien_definition(ctx.veenkolonien, listed=False).split(",")[0]
    quote = (
        f"Het programma noemt '{PROGRAMME_CLAIM}' in de Veenkoloniën ({PROGRAMME_CLAIM_SOURCE}, "
        "zonder jaar, gebied of armoedegrens erbij)"
    )
    if not count.available:
        return (
            f"{quote}; de monitor heeft geen eigen CBS-telling van huishoudens met een laag "
            "inkomen in de Veenkoloniën om het naast te zetten."
        )
    demo = " (demonstratiecijfer)" if ctx.demo_for(NEED, year) else ""
    families = [figure(ctx.data, f, vk, year) for f in FAMILIES]
    with_children = ""
    if all(f.available for f in families):
        n = sum(f.waarde for f in families)
        with_children = f", van wie ongeveer {fmt_getal(round(n, -1))} gezinnen met kinderen"
    return (
        f"{quote}; de monitor telt in {year} in de {members} gemeenten van de Veenkoloniën "
        f"({which}) {narrative.show(count)}{demo} huishoudens met een laag inkomen (onder de "
        "lage-inkomensgrens van het CBS; alle soorten huishoudens, zonder studenten)"
        f"{with_children}, en de getallen verschillen omdat ze niet hetzelfde tellen: gezinnen "
        "of alle huishoudens, en mogelijk een ander gebied, jaar of armoedegrens."
    )


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    number = _shown_number(value)
    return "geen gegevens" if number is None else fmt_getal(number)


# --- the two key questions --------------------------------------------------------------------
def poverty_gemeenten(ctx: Context) -> tuple[list[str], int | None]:
    """Return the gemeenten where more children live in low income than in NL, and the year."""
    year = latest_year(ctx.data, POVERTY, ctx.jaar)
    if year is None:
        return [], None
    nl = figure(ctx.data, POVERTY, NL, year)
    if not nl.available:
        return [], year
    bars = scale.gemeenten_bars(ctx.data, POVERTY, year).dropna(subset=["waarde"])
    above = bars.loc[bars["waarde"] >= nl.waarde + ABOVE_NL_MARGIN]
    names = set(above["gemeente"])
    return [c for c in regions.gemeente_codes() if regions.name(c) in names], year


def key_questions(ctx: Context, tables: dict[str, pd.DataFrame], reach: pd.DataFrame) -> list[str]:
    """Return the short answers to 'Doen we de dingen goed? En doen we de goede dingen?'.

    Three paragraphs (Markdown), each built only from what the workbook and the monitor hold:
    goals on track for their period, year targets and participants' experiences; where the
    programme works and whom it reaches against where poverty is highest, and which
    interventions the toetsingskader judged; and what cannot be answered yet.
    """
    goals = tables["doelen"]
    meetings = tables["activiteiten_vs_jaardoelen"]
    with_target = meetings.loc[meetings["jaardoel"].notna()]
    met = int((with_target["jaardoel_gehaald"] == "ja").sum())
    good = [verdict_sentence(goals)]
    if len(with_target):
        good.append(
            f"{met} van de {len(with_target)} soorten bijeenkomsten en nieuwsbrieven met een "
            "jaardoel haalden dat."
        )
    experiences = tables.get("ervaringen")
    if experiences is not None and not experiences.empty:
        regional = experiences.loc[experiences["gemeente"] == "regio"]
        shares = regional["positief_pct"].map(_shown_number).dropna()
        if len(shares):
            good.append(
                "Van de deelnemers die hun ervaring gaven, antwoordde per onderwerp "
                f"{fmt_pct(shares.min(), 0)} tot {fmt_pct(shares.max(), 0)} positief."
            )

    right = []
    poor, year = poverty_gemeenten(ctx)
    places = tables["activiteiten_per_gemeente"].set_index("gemeente_code")
    active = [
        c
        for c in poor
        if c in places.index and (places.loc[c, ["interventies", "experimenten"]].sum() > 0)
    ]
    gemeenten = reach.loc[~reach["_totaal"]].set_index("gemeente_code")
    total = _number_text(reach.loc[reach["_totaal"], "huishoudens"].iloc[0])
    if poor and year is not None:
        inside = [_number_text(gemeenten.loc[c, "huishoudens"]) for c in poor]
        hidden = any(
            v is None and _reached(gemeenten.loc[c, "huishoudens"])
            for c, v in zip(poor, inside, strict=True)
        )
        reached = sum(v for v in inside if v is not None)
        text = (
            f"In {len(poor)} van de 22 gemeenten groeien kinderen vaker dan in heel Nederland op "
            f"in een huishouden met een laag inkomen ({year}); in {len(active)} daarvan loopt een "
            "interventie of experiment van het programma"
        )
        if total:
            text += (
                f", en daar woont {'ongeveer ' if hidden else ''}"
                f"{fmt_pct(100 * reached / total, 0)} van de bereikte huishoudens"
            )
        right.append(text + ".")
    low = _low_income_share(reach)
    if low is not None:
        right.append(
            f"Waar het werkboek het inkomen noemt, had {fmt_pct(low, 0)} van de bereikte "
            "huishoudens een laag inkomen."
        )
    verdicts = (
        tables["interventies_per_oordeel"].groupby("oordeel_toetsingskader")["interventies"].sum()
    )
    n = int(verdicts.sum())
    if n:
        right.append(
            f"Van de {n} interventies zijn er volgens het toetsingskader "
            f"{int(verdicts.get('bewezen effectief', 0))} bewezen effectief en "
            f"{int(verdicts.get('veelbelovend', 0))} veelbelovend; "
            f"{int(verdicts.get('niet effectief', 0))} bleek niet effectief en "
            f"{int(verdicts.get('nog niet beoordeeld', 0))} zijn nog niet beoordeeld. De bewezen "
            "en veelbelovende staan verderop bij naam, ter inspiratie."
        )

    unknown = [
        "Of het programma de armoede zelf vermindert: armoede hangt van veel meer af dan het "
        "programma, en de CBS-cijfers lopen een of twee jaar achter op het programmajaar.",
        "Of kinderen die het programma bereikt later minder vaak in armoede leven "
        "(generatiearmoede): daarvoor zijn gekoppelde CBS-microdata over vele jaren nodig.",
    ]
    not_judged = int(verdicts.get("nog niet beoordeeld", 0)) if n else 0
    if not_judged:
        unknown.append(
            f"Of de {not_judged} nog niet beoordeelde interventies werken: het toetsingskader "
            "heeft ze nog niet bekeken."
        )
    missing = int(((gemeenten["laag_inkomen"] == "geen gegevens") & gemeenten["_actief"]).sum())
    if missing:
        unknown.append(
            f"Hoeveel bereikte huishoudens een laag inkomen hebben in {missing} "
            f"{'gemeente' if missing == 1 else 'gemeenten'} met bereik: het werkboek zegt het "
            "daar niet."
        )
    return [
        "**Doen we de dingen goed?** " + " ".join(good),
        "**Doen we de goede dingen?** " + " ".join(right),
        "**Wat we nog niet kunnen zeggen:**\n\n" + "\n".join(f"- {u}" for u in unknown),
    ]


def _low_income_share(reach: pd.DataFrame) -> float | None:
    """Return the share (%) with a low income of the households reached where the workbook says."""
    rows = reach.loc[~reach["_totaal"]]
    pairs = [
        (_number_text(low), _number_text(hh))
        for low, hh in zip(rows["laag_inkomen"], rows["huishoudens"], strict=True)
    ]
    pairs = [(a, b) for a, b in pairs if a is not None and b]
    if not pairs:
        return None
    return 100 * sum(a for a, _ in pairs) / sum(b for _, b in pairs)


def _number_text(cell: str) -> float | None:
    """Return a shown count ('1.020') as a number; None for '<10', 'onderdrukt', 'geen gegevens'."""
    text = str(cell).replace(".", "")
    return float(text) if text.isdigit() else None


# --- the chapter ----------------------------------------------------------------------------
def _no_workbook(jaar: int) -> str:
    return (
        f"Voor programmajaar {jaar} is (nog) geen programmawerkboek aangeleverd. Daarom staan "
        "hier geen programmacijfers; dat betekent niet dat er niets is gebeurd."
    )


GOAL_TEXT = "Doel, inspanning en indicator"


def _goal_table(trend: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Return the goal table as the reader sees it: one text column, then five short figures.

    The goal, its inspanning and its indicator share the one column that wraps, so that the
    figures keep their width on a desktop and on paper (a phone shows each goal as a block):
    verdict, target with its period, what is expected by now, the realisation (with its share
    of the target) and the change since last year (with last year's realisation).
    """
    unit = trend["eenheid"].fillna("")
    part = trend["kapitaalsvorm"].where(
        trend["kapitaalsvorm"].notna(), "leerthema " + trend["leerthema"].astype(str)
    )
    previous = years[-2] if len(years) > 1 else None
    out = pd.DataFrame(
        {
            GOAL_TEXT: [
                f"{p} — {g}"
                + (f" · inspanning: {e}" if isinstance(e, str) and e else "")
                + f" · indicator: {i}"
                + (f" ({u})" if u else "")
                for p, g, e, i, u in zip(
                    part,
                    trend["operationeel_doel"],
                    trend["inspanning"],
                    trend["indicator"],
                    unit,
                    strict=True,
                )
            ],
            "Op koers?": trend["oordeel"],
            "Streef (looptijd)": [
                f"{_cell(t)} ({_period_text(a, b)})"
                for t, a, b in zip(
                    trend["streefwaarde"], trend["startjaar"], trend["doeljaar"], strict=True
                )
            ],
            "Verwacht nu (tijd voorbij)": [
                _expectation_text(e, v, u)
                for e, v, u in zip(
                    trend["verwacht_nu"], trend["looptijd_voorbij_pct"], unit, strict=True
                )
            ],
            f"Realisatie {years[-1]} (van streef)": [
                _with_pct(r, p)
                for r, p in zip(trend["realisatie"], trend["realisatie_pct"], strict=True)
            ],
        }
    )
    if previous is not None:
        out[f"Sinds {previous}"] = [
            f"{word} (was {_cell(before)})" if _cell(before) != "geen gegevens" else word
            for word, before in zip(
                trend["ontwikkeling"], trend[f"realisatie_{previous}"], strict=True
            )
        ]
    return out


def _period_text(start: object, end: object) -> str:
    if _shown_number(start) is None or _shown_number(end) is None:
        return "looptijd onbekend"
    a, b = int(start), int(end)  # type: ignore[call-overload]
    return str(a) if a == b else f"{a}–{b}"


def _expectation_text(expected: object, passed: object, unit: str) -> str:
    if _shown_number(expected) is None:
        return "–"
    if unit == contract.PROCENT:
        return f"{_expected_text(expected)} (een stand)"
    return f"{_expected_text(expected)} ({fmt_getal(_shown_number(passed))} %)"


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
    reach = reach_table(ctx)
    md(
        f"Wat doet en bereikt de Alliantie van Kracht, en gaan we de goede kant op? Dit "
        f"hoofdstuk gebruikt het werkboek van programmajaar {meta['programmajaar']} (peildatum "
        f"{meta['peildatum']:%d-%m-%Y})"
        + (f" en vergelijkt met {', '.join(map(str, years[:-1]))}" if previous else "")
        + f". Aantallen mensen onder de {meta['drempel']} zijn afgeschermd "
        f"('{suppressed_label(meta['drempel'])}'); de andere aantallen zijn afgerond op 5, en "
        "percentages zijn berekend op de afgeronde aantallen die u ziet."
    )

    heading("Doen we de dingen goed? En doen we de goede dingen?", 3)
    md(
        "De twee kernvragen van faseplan 3, beantwoord met wat het werkboek en de monitor nu "
        "weten. Elk getal staat verderop in dit hoofdstuk."
    )
    for paragraph in key_questions(ctx, tables, reach):
        md(paragraph)

    heading("Zijn de doelen op koers?", 3)
    md(f"{verdict_sentence(tables['doelen'])} {trend_sentence(trend, previous)}")
    md(f"Hoe het oordeel werkt: {meta.get('oordeelregel', '')}")
    example = horizon_example(tables["doelen"], _peildatum(ctx))
    if example:
        md(example)
    per_goal = tables["doelen_per_strategisch_doel"].copy()
    per_goal["Strategisch doel"] = [
        f"{n}. {name}" + (f" — leerthema {theme}" if theme else "")
        for n, name, theme in zip(
            per_goal["strategisch_doel"], per_goal["naam"], per_goal["leerthema"], strict=True
        )
    ]
    verdicts = [
        v
        for v in VERDICTS
        if v in per_goal.columns and (v in (OP_KOERS, ACHTER) or per_goal[v].sum() > 0)
    ]
    display(
        charts.table_html(
            dutch(per_goal, ["Strategisch doel", "doelen", *verdicts]),
            caption=f"Doelen per strategisch doel en hun oordeel, {ctx.jaar}.",
        )
    )
    display(
        charts.table_html(
            dutch(tables["doelen_per_kapitaalsvorm"], ["kapitaalsvorm", "doelen", *verdicts]),
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
                "Elk operationeel doel met zijn inspanning, indicator en oordeel; de streefwaarde "
                "met haar looptijd (startjaar–doeljaar); 'Verwacht nu': waar het doel op de "
                "peildatum zou moeten staan, met het deel van de looptijd dat voorbij is; de "
                "realisatie met haar deel van de streefwaarde, en de ontwikkeling sinds vorig jaar."
            ),
        )
    )

    _reach_section(ctx, reach)
    _where_and_who(ctx, tables)
    _interventions(tables)

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
            caption=(
                "Experimenten en hun voortgang naar de streefwaarde (het werkboek noemt voor "
                "experimenten geen looptijd, dus hier staat geen oordeel)."
            ),
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
    _teams(tables, meta)


def _reach_section(ctx: Context, reach: pd.DataFrame) -> None:
    """Render reach beside need: the programme's own 14.000, two tables, the share rule."""
    heading("Bereik naast de doelgroep", 3)
    year, need_year = reach.attrs["jaar"], reach.attrs["need_jaar"]
    md(programme_claim_sentence(ctx))
    md(change_sentence(reach))
    md(
        "Hieronder staat per gemeente hoeveel verschillende huishoudens en kinderen het "
        "programma bereikte, naast het aantal huishoudens met een laag inkomen en het aantal "
        "kinderen dat in zo'n huishouden opgroeit (CBS). Niet elk bereikt huishouden heeft een "
        "laag inkomen; het ene aantal door het andere delen geeft dus geen aandeel. "
        + (
            f"Bereik en doelgroep zijn van hetzelfde jaar ({year})."
            if need_year == year
            else (
                f"Van {year} zijn nog geen CBS-cijfers over de doelgroep; de tabellen gebruiken "
                f"{need_year or 'geen jaar'}, het meest recente jaar."
            )
        )
    )
    md(share_rule())
    households, children = reach_display(reach)
    quiet = int((~reach["_actief"] & ~reach["_totaal"]).sum())
    display(
        charts.table_html(
            households,
            caption=(
                f"Bereikte huishoudens per gemeente naast de huishoudens met een laag inkomen, op "
                f"alfabet; '{NO_SHARE}': geen aandeel (zie de regel hierboven). Totaal: alle 22 "
                "gemeenten."
            ),
            demo=ctx.demo_for(NEED),
        )
    )
    display(
        charts.table_html(
            children,
            caption=(
                "Bereikte kinderen per gemeente naast de kinderen die in een huishouden met een "
                "laag inkomen opgroeien, op alfabet. Het werkboek zegt niet hoeveel bereikte "
                "kinderen zo opgroeien, dus hier staat geen aandeel."
            ),
            demo=ctx.demo_for(CHILD_NEED),
        )
    )
    if quiet:
        md(
            f"In de andere {quiet} gemeenten heeft het programma in {year}"
            + (f" en {reach.attrs['vorig']}" if reach.attrs["vorig"] else "")
            + " geen bereik geregistreerd; de kaart hieronder laat zien waar het werkt."
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
    busy = int((places["activiteiten"] > 0).sum())
    display(
        charts.figure_html(
            ax.figure,
            alt=(
                "Kaart van de 22 gemeenten met het aantal interventies en experimenten van de "
                f"Alliantie van Kracht: in {busy} gemeenten loopt iets, in "
                f"{len(places) - busy} is niets geregistreerd. De tabel hieronder noemt de "
                "aantallen per gemeente."
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
                "Gemeenten met interventies of experimenten, op alfabet: aantallen, het aantal "
                "partners dat er een interventie uitvoert en hun sectoren (met het aantal "
                "interventies). De factsheet van een gemeente noemt ze bij naam."
            ),
        )
    )


def _interventions(tables: dict[str, pd.DataFrame]) -> None:
    """Render the verdicts of the toetsingskader (counted) and the inspiring ones by name."""
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
    inspiring = tables.get("interventies_inspiratie")
    if inspiring is None or inspiring.empty:
        md(
            "Het toetsingskader heeft (nog) geen interventie bewezen effectief of veelbelovend "
            "genoemd."
        )
        return
    md(
        "**Ter inspiratie.** Deze interventies zijn volgens het toetsingskader bewezen effectief "
        "of veelbelovend. Partners die iets vergelijkbaars willen doen, kunnen bij de "
        "uitvoerende organisatie terecht."
    )
    display(
        charts.table_html(
            dutch(
                inspiring,
                ["oordeel_toetsingskader", "naam", "partner", "kapitaalsvorm", "gemeenten"],
            ).rename(
                columns={"Kapitaalsvorm": "Kapitaalsvorm of leerthema", "Naam": "Interventie"}
            ),
            caption=(
                "Bewezen effectieve en veelbelovende interventies, met de organisatie die ze "
                "uitvoert."
            ),
        )
    )


def _teams(tables: dict[str, pd.DataFrame], meta: dict) -> None:
    """Render the AVK teams per sector, small sectors merged (never per partner)."""
    heading("AVK-teams bij partners", 3)
    teams = tables["avk_teams_per_sector"]
    md(
        "Elke partner vormt een AVK-team: 1 bestuurder, 2 managers of teamleiders en 2 mensen uit "
        "de uitvoering. De tabel telt per sector; welke partner welk team heeft, staat hier "
        f"bewust niet, en sectoren met minder dan {meta['drempel']} partners staan samen in één "
        "rij, zodat geen enkele partner herkenbaar is."
    )
    if teams.empty:
        md(f"Er zijn minder dan {meta['drempel']} partners: te weinig om per sector te tonen.")
        return
    display(
        charts.table_html(
            dutch(teams),
            caption=(
                "Partners met een compleet AVK-team, per sector (kleine sectoren samengevoegd)."
            ),
        )
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
            f"'{escape_markdown(top['onderwerp'])}' ({fmt_pct(top['_p'], 0)}) en het laagst bij "
            f"'{escape_markdown(low['onderwerp'])}' ({fmt_pct(low['_p'], 0)})."
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
def _activities_words(n_int: int, n_exp: int) -> str:
    """Return 'lopen 11 interventies', 'loopt 1 experiment', 'lopen 2 interventies en 1 ...'."""
    parts = []
    if n_int:
        parts.append(f"{n_int} {'interventie' if n_int == 1 else 'interventies'}")
    if n_exp:
        parts.append(f"{n_exp} {'experiment' if n_exp == 1 else 'experimenten'}")
    verb = "loopt" if n_int + n_exp == 1 else "lopen"
    return f"{verb} {' en '.join(parts)}"


def gemeente_summary(ctx: Context, gemeente: str, reach: pd.DataFrame | None = None) -> str:
    """Return one or two plain Dutch sentences on what the programme does in a gemeente."""
    name = regions.name(gemeente)
    tables = load.programma(ctx.jaar)
    places = tables["activiteiten_per_gemeente"].set_index("gemeente_code")
    own = places.loc[gemeente] if gemeente in places.index else None
    reach = reach_table(ctx) if reach is None else reach
    row = reach.loc[reach["gemeente_code"] == gemeente]
    n_int = int(own["interventies"]) if own is not None else 0
    n_exp = int(own["experimenten"]) if own is not None else 0
    n_partners = int(own["partners"]) if own is not None else 0
    if n_int == 0 and n_exp == 0:
        parts = [
            f"In {escape_markdown(name)} heeft de Alliantie van Kracht in {ctx.jaar} geen "
            "interventies of experimenten geregistreerd."
        ]
    else:
        sectors = ", ".join(s.split(" (")[0] for s in str(own["sectoren"]).split(", ") if s)
        parts = [
            f"In {escape_markdown(name)} {_activities_words(n_int, n_exp)} van de Alliantie van "
            "Kracht"
            + (
                f", uitgevoerd door {n_partners} {'partner' if n_partners == 1 else 'partners'}"
                f" uit {escape_markdown(sectors)}"
                if n_partners and sectors
                else ""
            )
            + "."
        ]
    if not row.empty and bool(row.iloc[0]["_actief"]):
        r = row.iloc[0]
        year, previous = reach.attrs["jaar"], reach.attrs["vorig"]
        sentence = (
            f"Het programma bereikte er in {year} {_words(r['huishoudens'])} verschillende "
            f"huishoudens en {_words(r['kinderen'])} kinderen"
        )
        if previous is not None and r["huishoudens_vorig"] in ("0", ""):
            sentence += f" (in {previous} was er nog geen bereik geregistreerd)"
        elif previous is not None:
            sentence += (
                f" (in {previous}: {_words(r['huishoudens_vorig'])} huishoudens en "
                f"{_words(r['kinderen_vorig'])} kinderen)"
            )
        parts.append(sentence + ".")
    return " ".join(parts)


def gemeente_reach(reach: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """Return a gemeente's reach as two rows (households, children) beside need, for a factsheet.

    The same shown values as the report's tables; a share only where the report shows one.
    """
    rec = reach.loc[reach["gemeente_code"] == gemeente].iloc[0]
    year, previous = reach.attrs["jaar"], reach.attrs["vorig"]
    need_year = reach.attrs["need_jaar"] or "geen jaar"
    child_year = reach.attrs["kinderen_jaar"] or "geen jaar"
    share = rec["aandeel"] != NO_SHARE
    rows = []
    for who, now, before, need, low, part in (
        (
            "Huishoudens",
            rec["huishoudens"],
            rec["huishoudens_vorig"],
            f"{rec['doelgroep']} met laag inkomen (CBS {need_year})",
            rec["laag_inkomen"],
            rec["aandeel"],
        ),
        (
            "Kinderen",
            rec["kinderen"],
            rec["kinderen_vorig"],
            f"{rec['kinderen_doelgroep']} in een huishouden met laag inkomen (CBS {child_year})",
            NO_SHARE,
            NO_SHARE,
        ),
    ):
        row = {"Wie": who}
        if previous is not None:
            row[f"Bereikt {previous}"] = before
        row[f"Bereikt {year}"] = now
        row["Naast de doelgroep"] = need
        if share:
            row["Waarvan met laag inkomen"] = low
            row["Aandeel bereikt"] = part
        rows.append(row)
    return pd.DataFrame(rows)


def _plural(kind: str) -> str:
    """Return the Dutch plural of an activity kind ('interventie' → 'interventies')."""
    return {"interventie": "interventies", "experiment": "experimenten"}.get(kind, kind)


def gemeente_section(ctx: Context, gemeente: str) -> None:
    """Render the programme part of a gemeente factsheet (sentences and small tables)."""
    name = regions.name(gemeente)
    if ctx.jaar not in load.programma_jaren():
        md(_no_workbook(ctx.jaar))
        return
    reach = reach_table(ctx)
    md(gemeente_summary(ctx, gemeente, reach))
    tables = load.programma(ctx.jaar)
    items = tables["interventies_per_gemeente"]
    local = items.loc[items["gemeente_code"] == gemeente]
    if not local.empty:
        # a column that says 'interventie' on every row tells nothing: then the caption says it
        kinds = set(local["soort"])
        columns = ["naam", "partner", "sector", "kapitaalsvorm"]
        what = "doet" if len(kinds) != 1 else f"doet: {len(local)} {_plural(next(iter(kinds)))}"
        display(
            charts.table_html(
                dutch(local, (["soort"] if len(kinds) != 1 else []) + columns).rename(
                    columns={"Kapitaalsvorm": "Kapitaalsvorm of leerthema"}
                ),
                caption=f"Wat het programma in {name} {what} (ter inspiratie; geen oordeel).",
            )
        )
    own = reach.loc[reach["gemeente_code"] == gemeente]
    if not own.empty and bool(own.iloc[0]["_actief"]):
        display(
            charts.table_html(
                gemeente_reach(reach, gemeente),
                caption=(
                    f"Bereik in {name}: verschillende huishoudens en kinderen per jaar, naast de "
                    "doelgroep (CBS). Niet elk bereikt huishouden heeft een laag inkomen; een "
                    "aandeel staat er alleen als het werkboek dat zegt en de doelgroep groot "
                    "genoeg is."
                ),
                demo=ctx.demo_for(NEED),
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
