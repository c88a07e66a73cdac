"""'In het kort': three plain Dutch lines at the top of each factsheet and report chapter.

The lines are made here, from the same figures and direction words the page shows below them
(``narrative.region_changes_table``, the programme tables after disclosure control), so that a
reader who stops after three lines has read the page's own numbers, in words. Notebooks call
:func:`show`; they never type these lines by hand.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, display

from avk_analysis.indicators import generational, scale
from avk_analysis.indicators.changes import LONG_YEARS
from avk_analysis.indicators.select import figure, latest_year
from avk_analysis.presentation.formatting import fmt_pct
from avk_analysis.presentation.narrative import LONG_COLUMN, quoted_pct, region_changes_table
from avk_analysis.vocabulary import regions

TITLE = "In het kort"
CHILDREN = "kinderen_laag_inkomen_pct"
CHILDREN_LONG = "kinderen_langdurig_laag_inkomen_pct"
HOUSEHOLDS = "hh_laag_inkomen_pct"
HOUSEHOLDS_LONG = "hh_langdurig_laag_inkomen_pct"
NL = "NL01"
SAME = 0.25  # percentage points: closer than this reads as 'about as often' (as on the pages)
CHAPTERS = ("samenvatting", "omvang", "regionaal", "programma", "verantwoording")


@dataclass(frozen=True)
class Programme:
    """What the programme tables say about one area in one programme year (as shown)."""

    jaar: int
    interventies: int
    experimenten: int
    huishoudens: str = ""  # the shown reach: '445', '<10', '' when not known
    kinderen: str = ""
    gemeenten: int = 0  # gemeenten with activity (for the whole region)
    voorbeeld: bool = False


# --- words ------------------------------------------------------------------------------------
def _in(code: str) -> str:
    """Return 'in Emmen', 'in de Veenkoloniën', 'in Groningen'."""
    if code.startswith("VK_"):
        return "in de Veenkoloniën"
    if code == NL:
        return "in Nederland"
    return "in " + scale.region_label(code).replace(" (provincie)", "")


def _first_up(text: str) -> str:
    """Return text with its first letter in capitals (names keep theirs)."""
    return text[:1].upper() + text[1:]


def one_in(pct: float) -> str:
    """Return a share as 'ongeveer 1 op de 17' (plain words for a percentage)."""
    if pct <= 0:
        return "geen"
    n = round(100 / pct)
    return "ongeveer de helft" if n <= 2 else f"ongeveer 1 op de {n}"


def _compared(own: float, other: float) -> str:
    """Return 'vaker dan', 'minder vaak dan' or 'ongeveer even vaak als'."""
    diff = own - other
    if abs(diff) < SAME:
        return "ongeveer even vaak als"
    return "vaker dan" if diff > 0 else "minder vaak dan"


def _shown(count: str) -> str:
    """Return a shown count in words: '<10' reads 'minder dan 10', a hidden one says so.

    'onderdrukt' (secondary suppression: not small, but it would give a small one away) reads
    'een niet getoond aantal', so a sentence never says 'onderdrukt kinderen'.
    """
    if count.strip().lower() == "onderdrukt":
        return "een niet getoond aantal"
    return f"minder dan {count[1:]}" if count.startswith("<") else count


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --- the lines ----------------------------------------------------------------------------------
def share_line(df: pd.DataFrame, code: str, jaar: int, indicator: str = CHILDREN) -> str:
    """Return where an area stands on a share, in words, against the Netherlands."""
    year = latest_year(df, indicator, jaar, regio=code)
    what = {
        CHILDREN: ("kinderen", "groeit", "op in een huishouden met een laag inkomen"),
        CHILDREN_LONG: ("kinderen", "groeit", "al vier jaar of langer op in een laag inkomen"),
        HOUSEHOLDS: ("huishoudens", "heeft", "een laag inkomen"),
        HOUSEHOLDS_LONG: ("huishoudens", "heeft", "al vier jaar of langer een laag inkomen"),
    }[indicator]
    whom, verb, rest = what
    if year is None:
        return f"{_first_up(_in(code))} is er geen cijfer over {whom} met een laag inkomen."
    own = figure(df, indicator, code, year)
    text = (
        f"{_first_up(_in(code))} {verb} {one_in(own.waarde)} {whom} {rest} "
        f"({fmt_pct(own.waarde)} in {year})"
    )
    compared = []
    if code.startswith("GM"):  # a gemeente is compared with its own province first
        province = regions.province_of(code)
        prov = figure(df, indicator, province, year)
        if prov.available:
            where = regions.name(province).replace(" (provincie)", "")
            compared.append(
                f"{_compared(own.waarde, prov.waarde)} in {where} ({fmt_pct(prov.waarde)})"
            )
    nl = figure(df, indicator, NL, year)
    if code != NL and nl.available:
        compared.append(
            f"{_compared(own.waarde, nl.waarde)} in heel Nederland ({fmt_pct(nl.waarde)})"
        )
    if compared:
        text += ": " + " en ".join(compared)
    return text + "."


def generational_line(df: pd.DataFrame) -> str:
    """Return the latest share of young adults (22-26) with a low income, and what is not known.

    The planning offices' figure exists only for the Veenkoloniën as a whole and Nederland; per
    gemeente it comes with the tabulation of CBS microdata, which the line says.
    """
    latest = generational.young_adults_latest(df)
    vk = latest.loc[latest["regiocode"].str.startswith("VK_")]
    if vk.empty:
        return (
            "Hoeveel jongvolwassenen (22-26 jaar) een laag inkomen hebben, is nog niet bekend; "
            "per gemeente komt dat met de tabellering van CBS-microdata."
        )
    r = vk.iloc[-1]
    text = (
        f"In de Veenkoloniën had in {int(r['jaar'])} {quoted_pct(r)} van de jongvolwassenen "
        "(22-26 jaar) een laag inkomen"
    )
    nl = latest.loc[(latest["regiocode"] == NL) & (latest["jaar"] == r["jaar"])]
    if not nl.empty:
        text += f" (Nederland {quoted_pct(nl.iloc[0])})"
    return text + "; per gemeente is dat pas bekend met de tabellering van CBS-microdata."


def direction_line(df: pd.DataFrame, code: str, jaar: int, indicator: str = CHILDREN) -> str:
    """Return how a share moved between its last two years, with the page's direction word."""
    table = region_changes_table(df, [code], until=jaar, indicators=[indicator])
    if table.empty or not str(table.iloc[0]["Richting"]):
        return f"{_first_up(_in(code))} zijn er nog geen twee jaren om te vergelijken."
    r = table.iloc[0]
    word = {"ongeveer gelijk": "ongeveer gelijk gebleven"}.get(r["Richting"], r["Richting"])
    whom = "kinderen" if indicator.startswith("kinderen") else "huishoudens"
    # the five-year direction in one word; its figures stand in the changes table and the chart
    longer = str(r.get(LONG_COLUMN, "") or "").split(" (")[0]
    return (
        f"Dat aandeel {whom} is {word}: van {r['Eerder']} naar {r['Nu']}"
        + (f" ({r['Opmerking']})" if r.get("Opmerking") else "")
        + (f"; over {LONG_YEARS} jaar {longer}" if longer else "")
        + "."
    )


def programme_line(name: str, programme: Programme | None, jaar: int) -> str:
    """Return what the programme does in an area, in one plain sentence."""
    if programme is None:
        return f"Over het programma in {jaar} zijn (nog) geen gegevens aangeleverd."
    example = " (voorbeelddata)" if programme.voorbeeld else ""
    if programme.interventies == 0 and programme.experimenten == 0:
        return (
            f"In {name} heeft de Alliantie van Kracht in {programme.jaar} geen interventies of "
            f"experimenten geregistreerd{example}."
        )
    activities = [
        _count(programme.interventies, "interventie", "interventies")
        if programme.interventies
        else "",
        _count(programme.experimenten, "experiment", "experimenten")
        if programme.experimenten
        else "",
    ]
    where = (
        f"in {_count(programme.gemeenten, 'gemeente', 'gemeenten')}"
        if programme.gemeenten
        else f"in {name}"
    )
    text = (
        f"De Alliantie van Kracht had in {programme.jaar} "
        + " en ".join(a for a in activities if a)
        + f" lopen {where}"
    )
    reached = [
        f"{_shown(programme.huishoudens)} huishoudens"
        if programme.huishoudens not in ("", "0")
        else "",
        f"{_shown(programme.kinderen)} kinderen" if programme.kinderen not in ("", "0") else "",
    ]
    reached = [r for r in reached if r]
    if reached:
        text += "; ze bereikten " + " en ".join(reached)
    return text + example + "."


def gemeente_lines(
    df: pd.DataFrame, gemeente: str, jaar: int, programme: Programme | None
) -> list[str]:
    """Return the three lines of a factsheet: where it stands, where it goes, what happens."""
    return [
        share_line(df, gemeente, jaar),
        direction_line(df, gemeente, jaar),
        programme_line(regions.name(gemeente), programme, jaar),
    ]


def _extremes_lines(df: pd.DataFrame, jaar: int, veenkolonien: str) -> list[str]:
    """Return the lines of the regional chapter: highest, lowest, how many above the NL share."""
    year = latest_year(df, CHILDREN, jaar)
    if year is None:
        return ["Er zijn geen cijfers per gemeente over kinderen in een laag inkomen."]
    bars = scale.gemeenten_bars(df, CHILDREN, year).dropna(subset=["waarde"])
    if bars.empty:
        return ["Er zijn geen cijfers per gemeente over kinderen in een laag inkomen."]
    bars = bars.sort_values("waarde", ascending=False, kind="stable")
    hi, lo = bars.iloc[0], bars.iloc[-1]
    lines = [
        f"Kinderen groeien het vaakst in een huishouden met een laag inkomen op in "
        f"{hi['gemeente']} ({fmt_pct(hi['waarde'])}) en het minst vaak in {lo['gemeente']} "
        f"({fmt_pct(lo['waarde'])}), in {year}."
    ]
    nl = figure(df, CHILDREN, NL, year)
    if nl.available:
        above = bars.loc[bars["waarde"] >= nl.waarde + SAME]
        members = set(scale.veenkolonien_names(veenkolonien))
        in_vk = int(above["gemeente"].isin(members).sum())
        lines.append(
            f"In {len(above)} van de {len(bars)} gemeenten groeien kinderen vaker in een laag "
            f"inkomen op dan in heel Nederland ({fmt_pct(nl.waarde)})."
        )
        lines.append(
            f"Daarvan {'ligt' if in_vk == 1 else 'liggen'} er {in_vk} in de Veenkoloniën "
            f"({len(members)} gemeenten)."
        )
    return lines


def chapter_lines(
    df: pd.DataFrame,
    chapter: str,
    jaar: int,
    veenkolonien: str,
    *,
    programme: Programme | None = None,
    goals: Mapping[str, int] | None = None,
    demo: bool = False,
) -> list[str]:
    """Return the three lines of a report chapter (``CHAPTERS`` names them)."""
    vk = regions.veenkolonien_code(veenkolonien)
    if chapter == "samenvatting":
        return [
            share_line(df, vk, jaar, CHILDREN),
            direction_line(df, vk, jaar, CHILDREN),
            generational_line(df),  # the programme's own question: generational poverty
        ]
    if chapter == "omvang":
        return [
            share_line(df, vk, jaar, HOUSEHOLDS),
            share_line(df, vk, jaar, CHILDREN_LONG),
            generational_line(df),
        ]
    if chapter == "regionaal":
        return _extremes_lines(df, jaar, veenkolonien)
    if chapter == "programma":
        lines = []
        if goals:
            lines.append(
                f"Van de {goals.get('lopend', 0)} lopende doelen van het programma liggen er "
                f"{goals.get('op koers', 0)} op koers voor hun looptijd en "
                f"{goals.get('achter', 0)} achter."
            )
        lines.append(programme_line("de regio", programme, jaar))
        if goals and goals.get("jaardoelen"):
            lines.append(
                f"{goals.get('jaardoel gehaald', 0)} van de {goals['jaardoelen']} soorten "
                "bijeenkomsten en nieuwsbrieven haalden hun jaardoel."
            )
        return lines
    if chapter == "verantwoording":
        return [
            "De cijfers komen van het CBS, van Sociaal Planbureau Groningen en Trendbureau "
            "Drenthe, en van het programma zelf; elke bron staat hieronder met datum en licentie.",
            (
                "Let op: de CBS-cijfers in deze editie zijn demonstratiecijfers, geen echte "
                "cijfers."
                if demo
                else "De CBS-cijfers zijn echte cijfers, zoals het CBS ze publiceert."
            ),
            "Aantallen kleiner dan 10 worden niet getoond, zodat niemand in de cijfers te "
            "herkennen is.",
        ]
    raise ValueError(f"Onbekend hoofdstuk {chapter!r}; kies uit {', '.join(CHAPTERS)}")


# --- from the programme tables ------------------------------------------------------------------
def programme_facts(jaar: int, gemeente: str | None = None) -> Programme | None:
    """Return the programme's activity and reach (one gemeente, or all) as the pages show them."""
    from avk_analysis import load
    from avk_analysis.report.chapters.programme_view import TOTAL, _cell

    if jaar not in load.programma_jaren():
        return None
    tables = load.programma(jaar)
    example = load.programma_info(jaar).get("status") == "voorbeeld"
    places = tables["activiteiten_per_gemeente"]
    reach = tables["bereik_per_gemeente"]
    year = int(reach["jaar"].iloc[0]) if "jaar" in reach and len(reach) else jaar
    if gemeente is not None:
        places = places.loc[places["gemeente_code"] == gemeente]
        reach = reach.loc[reach["gemeente_code"] == gemeente]
    else:
        reach = reach.loc[reach["gemeente"] == TOTAL]
    row = reach.iloc[0] if len(reach) else None
    busy = places.loc[(places["interventies"] > 0) | (places["experimenten"] > 0)]
    experiments = tables.get("experimenten_voortgang")
    n_exp = (
        len(experiments)
        if gemeente is None and experiments is not None
        else int(places["experimenten"].sum())
    )
    n_int = len(tables["interventies"]) if gemeente is None else int(places["interventies"].sum())
    return Programme(
        jaar=year,
        interventies=n_int,
        experimenten=n_exp,
        huishoudens="" if row is None else _cell(row["huishoudens"]),
        kinderen="" if row is None else _cell(row["kinderen"]),
        gemeenten=len(busy) if gemeente is None else 0,
        voorbeeld=example,
    )


def goal_counts(jaar: int) -> dict[str, int]:
    """Return how many goals run, are on course and behind, and how many year targets were met."""
    from avk_analysis import load

    if jaar not in load.programma_jaren():
        return {}
    tables = load.programma(jaar)
    counts = tables["doelen"]["oordeel"].value_counts()
    meetings = tables.get("activiteiten_vs_jaardoelen")
    met = meetings["jaardoel_gehaald"].astype(str) if meetings is not None else pd.Series()
    return {
        "lopend": int(counts.sum() - counts.get("vervallen", 0)),
        "op koers": int(counts.get("op koers", 0)),
        "achter": int(counts.get("achter", 0)),
        "jaardoelen": len(met),
        "jaardoel gehaald": int((met == "ja").sum()),
    }


# --- on the page --------------------------------------------------------------------------------
def box_html(lines: Sequence[str]) -> str:
    """Return the 'In het kort' box: a title and the lines as a short list (text escaped)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines if line)
    return (
        f'<aside class="in-het-kort" aria-label="{TITLE}">'
        f'<p class="in-het-kort-titel">{TITLE}</p><ul>{items}</ul></aside>'
    )


def show(lines: Sequence[str]) -> None:
    """Show the 'In het kort' box as notebook output."""
    display(HTML(box_html(lines)))
