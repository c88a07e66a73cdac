"""A plausible, seeded example workbook (made-up data, marked 'voorbeeld' everywhere).

``python -m tools.example_workbook [--jaar 2024 2025] [--seed 17]`` (from the project root)
writes one workbook per programme year, ``data/raw/programma/voorbeeld/avk_programma_<jaar>_
voorbeeld.xlsx``, with a provenance sidecar (status 'voorbeeld') over the folder, and prints the
validation result. The same seed gives byte-identical files. The partners and interventions are
the same in every year (drawn from the seed alone); what happens in a year (realisation, reach,
meetings, experiences) is drawn from the seed and the year, so goals show a trend.

Content follows faseplan 3: about 45 partners (the 9 AVK gemeenten, provinces and fictitious
organisations), goals per kapitaalsvorm, interventions with verdicts, the five experiments
(Ervaringsdeskundigheid en werk towards 250 placements), quarterly reach per gemeente including
counts below 10, meetings against the yearly targets, and some incomplete AVK teams.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from avk_analysis.sources.programme import contract, template, xlsxfile
from avk_analysis.sources.programme.validate import validate_workbook
from avk_analysis.sources.programme.workbook import workbook_name
from avk_analysis.vocabulary import paths, regions
from avk_analysis.vocabulary.provenance import STATUS_EXAMPLE, Provenance, write_provenance
from avk_analysis.vocabulary.validation import Report

DEFAULT_YEAR = 2025
DEFAULT_YEARS = (2024, 2025)
DEFAULT_SEED = 17
# Interventions start between these years; one that starts after a workbook's year is not in it.
FIRST_START, LAST_START = 2019, 2025
# Share of the quarterly reach that is unique over the year (people come back each quarter).
UNIQUE_SHARE = (0.4, 0.6)
PROGRAMME_SET = "programma"

# (name, sector, gemeente) — gemeenten and provinces are real, every other name is made up.
_ORGANISATIONS: list[tuple[str, str, str]] = [
    ("Provincie Groningen", "provincie", "GM0014"),
    ("Provincie Drenthe", "provincie", "GM0106"),
    ("Gemeente Hoogeveen", "gemeente", "GM0118"),
    ("Gemeente Borger-Odoorn", "gemeente", "GM1681"),
    ("Woonstichting Veenhorst", "wonen", "GM0114"),
    ("Woongroep Oost-Groningen", "wonen", "GM1895"),
    ("Wooncorporatie De Monden", "wonen", "GM0037"),
    ("Woonstede Kanaalstreek", "wonen", "GM0047"),
    ("Woonservice Hondsrug", "wonen", "GM1681"),
    ("Welzijnsgroep Veenkoloniën", "welzijn", "GM0114"),
    ("Stichting Welzijn Pekela", "welzijn", "GM0765"),
    ("Sociaal Werk Midden-Groningen", "welzijn", "GM1952"),
    ("Buurtwerk Stadskanaal", "welzijn", "GM0037"),
    ("Welzijn Westerwolde", "welzijn", "GM1950"),
    ("Stichting Samen Coevorden", "welzijn", "GM0109"),
    ("GGZ Noord-Oost", "zorg", "GM0106"),
    ("Verslavingszorg Noorden", "zorg", "GM0014"),
    ("Jeugdhulp Drenthe-Groningen", "zorg", "GM0106"),
    ("Kraamzorg Veenstreek", "zorg", "GM0047"),
    ("Wijkverpleging Oldambt", "zorg", "GM1895"),
    ("Huisartsenzorg Oostermoer", "zorg", "GM1680"),
    ("ROC Noordoost", "onderwijs", "GM0114"),
    ("Scholengroep De Veenkolonie", "onderwijs", "GM0047"),
    ("Kindcentra Oldambt", "onderwijs", "GM1895"),
    ("Hogeschool Noorderland", "onderwijs", "GM0014"),
    ("Kenniscentrum Armoede Noord", "kennisinstelling", "GM0014"),
    ("Lectoraat Bestaanszekerheid", "kennisinstelling", "GM0014"),
    ("Onderzoeksbureau Zuidoost-Drenthe", "kennisinstelling", "GM0106"),
    ("Werkplein Veenkoloniën", "werk en inkomen", "GM0037"),
    ("Ontwikkelcentrum Werk Oost", "werk en inkomen", "GM1950"),
    ("Werkbedrijf Zuidoost", "werk en inkomen", "GM0114"),
    ("Schuldhulp Oldambt", "werk en inkomen", "GM1895"),
    ("Stichting Ervaring Telt", "ervaringsdeskundigen", "GM0047"),
    ("Vereniging Ervaringsdeskundigen Noord", "ervaringsdeskundigen", "GM0014"),
    ("Voedselbank Zuidoost", "overig", "GM0114"),
    ("Stichting Kansrijk Meedoen", "overig", "GM0037"),
]

# (doel_id, strategisch doel, kapitaalsvorm, leerthema, operationeel doel, inspanning,
#  indicator, streefwaarde, realisatie in the last example year, eenheid, status)
_GOALS: list[tuple] = [
    (
        "D01",
        1,
        "economisch",
        None,
        "Huishoudens zijn tevreden over hun arbeidsmarktpositie",
        "Project Ervaringsdeskundigheid en werk",
        "Mensen uit armoede met een betaalde werkplek via het project",
        250,
        118,
        "plaatsingen",
        "lopend",
    ),
    (
        "D02",
        1,
        "economisch",
        None,
        "Huishoudens zijn tevreden over hun arbeidsmarktpositie",
        "Naar behoefte banen creëren voor kwetsbare groepen",
        "Partners die werkplekken voor kwetsbare groepen aanbieden",
        12,
        7,
        "organisaties",
        "lopend",
    ),
    (
        "D03",
        1,
        "sociaal",
        None,
        "Huishoudens ervaren dat ze terug kunnen vallen op informele hulp in de omgeving",
        "Stimuleren van uitnodigende ontmoetingspunten in de buurt",
        "Actieve ontmoetingspunten in de buurt",
        20,
        14,
        "organisaties",
        "lopend",
    ),
    (
        "D04",
        1,
        "sociaal",
        None,
        "Huishoudens ervaren dat ze terug kunnen vallen op informele hulp in de omgeving",
        "Scholingsaanbod op maat organiseren voor informele organisaties",
        "Trainingen voor informele organisaties",
        6,
        4,
        "trainingen",
        "lopend",
    ),
    (
        "D05",
        1,
        "cultureel",
        None,
        "Jongeren zijn tevreden over hun mogelijkheden om een opleiding te volgen die bij hen past",
        "Stimuleren van het erkennen en herkennen van talenten",
        "Jongeren in een talentenprogramma",
        150,
        96,
        "jongeren",
        "lopend",
    ),
    (
        "D06",
        1,
        "cultureel",
        None,
        "Huishoudens voelen zich prettig in hun wijk of omgeving",
        "Experimenteren met werkende methodieken in de wijk",
        "Bewoners van de Verzetsbuurt die zich prettig voelen in hun buurt",
        70,
        58,
        "procent",
        "lopend",
    ),
    (
        "D07",
        1,
        "pedagogisch",
        None,
        "Ouders ervaren dat ze hun kinderen een veilige en stimulerende omgeving kunnen bieden",
        "Experimenteren met steungezinnen, strippenkaart en gratis kinderopvang",
        "Gezinnen met een steungezin",
        60,
        41,
        "huishoudens",
        "lopend",
    ),
    (
        "D08",
        1,
        "mentaal",
        None,
        "Kinderen, jongeren en volwassenen hebben vertrouwen in zichzelf",
        "Kennis verspreiden bij partners over het belang van mentale gezondheid",
        "Partners die de training motiverende gespreksvoering volgden",
        15,
        15,
        "organisaties",
        "gerealiseerd",
    ),
    (
        "D09",
        1,
        "mentaal",
        None,
        "Kinderen, jongeren en volwassenen hebben vertrouwen in zichzelf",
        "Experimenteren met welzijn op recept",
        "Deelnemers aan welzijn op recept",
        200,
        6,
        "deelnemers",
        "lopend",
    ),
    (
        "D10",
        1,
        "algemeen",
        None,
        "Huishoudens zijn vroegtijdig in beeld zodat zij op het juiste moment de juiste "
        "ondersteuning krijgen",
        "Inzetten op vroegsignalering",
        "Huishoudens bereikt via vroegsignalering",
        1000,
        742,
        "huishoudens",
        "lopend",
    ),
    (
        "D11",
        1,
        "algemeen",
        None,
        "Kinderen, jongeren en volwassenen die hulp nodig hebben worden beter bereikt",
        "Experimenteren met langdurig aanwezig zijn, zichtbaar en toegankelijk blijven",
        "Lopende experimenten in dorp, wijk of buurt",
        5,
        5,
        "experimenten",
        "gerealiseerd",
    ),
    (
        "D12",
        2,
        "algemeen",
        None,
        "Het kind, de jongere of volwassene ontvangt maatwerk vanuit het werkveld",
        "Maak maatwerk mogelijk: ruimte en budget voor professionals",
        "Partners met een maatwerkbudget",
        20,
        11,
        "organisaties",
        "lopend",
    ),
    (
        "D13",
        3,
        None,
        "effectiviteit",
        "We weten welke methodieken werkend zijn",
        "Samen een toetsingskader ontwikkelen voor effectieve interventies",
        "Toetsingskader beschikbaar voor professionals en ervaringsdeskundigen",
        1,
        1,
        "producten",
        "gerealiseerd",
    ),
    (
        "D14",
        3,
        None,
        "effectiviteit",
        "We weten welke methodieken werkend zijn",
        "Een set werkende interventies opleveren",
        "Interventies beoordeeld met het toetsingskader",
        30,
        17,
        "interventies",
        "lopend",
    ),
    (
        "D15",
        3,
        None,
        "effectiviteit",
        "Gezinnen ervaren een effectievere dienstverlening",
        "Twee nieuwsbrieven per jaar over effectieve interventies",
        "Nieuwsbrieven over effectieve interventies",
        2,
        2,
        "producten",
        "gerealiseerd",
    ),
    (
        "D16",
        3,
        None,
        "effectiviteit",
        "Gezinnen ervaren een effectievere dienstverlening",
        "Ervaringen van gezinnen ophalen",
        "Gezinnen die de dienstverlening als beter ervaren",
        60,
        None,
        "procent",
        "gepland",
    ),
    (
        "D17",
        3,
        None,
        "leren",
        "We hebben lerend evalueren sessies met organisaties en ervaringsdeskundigen uitgevoerd",
        "Organiseren, uitvoeren en analyseren van lerend evalueren sessies",
        "Lerend evalueren sessies",
        6,
        5,
        "sessies",
        "lopend",
    ),
    (
        "D18",
        3,
        None,
        "leren",
        "Per jaar een rapportage op basis van monitoring en evaluatie",
        "Een brede monitor generatiearmoede",
        "Jaarrapportage monitor",
        1,
        0,
        "rapportages",
        "lopend",
    ),
    (
        "D19",
        3,
        None,
        "leren",
        "Jaarlijks 2 leeragenda's opgesteld",
        "Leeragenda's opstellen",
        "Leeragenda's",
        2,
        2,
        "producten",
        "gerealiseerd",
    ),
    (
        "D20",
        3,
        None,
        "leren",
        "Verwezenlijken van grotere conferenties",
        "Jaarlijks congres 'Samen veranderen'",
        "Deelnemers aan het congres",
        200,
        212,
        "deelnemers",
        "gerealiseerd",
    ),
    (
        "D21",
        3,
        None,
        "leren",
        "Verwezenlijken van grotere conferenties",
        "Ambassadeursprogramma",
        "Actieve ambassadeurs",
        10,
        None,
        "personen",
        "vervallen",
    ),
]

# The period of each goal's target (startjaar, doeljaar); None: a yearly target (the workbook's
# own year). Faseplan 3: 250 placements in Ervaringsdeskundigheid en werk, a set of working
# interventions within 4 years; newsletters, sessions and the report are yearly.
YEARLY = None
_HORIZONS: dict[str, tuple[int, int] | None] = {
    "D01": (2023, 2026),
    "D02": (2024, 2026),
    "D03": (2023, 2026),
    "D04": YEARLY,
    "D05": (2024, 2026),
    "D06": (2024, 2026),
    "D07": (2024, 2026),
    "D08": (2024, 2025),
    "D09": (2024, 2027),
    "D10": (2024, 2026),
    "D11": YEARLY,
    "D12": (2024, 2027),
    "D13": (2024, 2025),
    "D14": (2025, 2028),
    "D15": YEARLY,
    "D16": (2025, 2026),
    "D17": YEARLY,
    "D18": YEARLY,
    "D19": YEARLY,
    "D20": YEARLY,
    "D21": (2024, 2026),
}
# Share of a gemeente's reached households whose income was checked against the CBS low-income
# line (the rest is unknown and left empty), and the share of those below it.
INCOME_CHECKED = 0.6
LOW_INCOME_SHARE = (0.55, 0.85)

# (name, kapitaalsvorm, doel_id, sectors the partner comes from, reaches households)
_INTERVENTIONS: list[tuple[str, str, str, tuple[str, ...], bool]] = [
    ("Werkervaringsplekken bij partners", "economisch", "D02", ("werk en inkomen",), True),
    ("Opleiding op maat voor ervaringsdeskundigen", "economisch", "D01", ("onderwijs",), True),
    ("Jobcoaching na plaatsing", "economisch", "D01", ("werk en inkomen",), True),
    ("Budgetcoaching aan de keukentafel", "economisch", "", ("werk en inkomen", "welzijn"), True),
    ("Buurtkamers en ontmoetingspunten", "sociaal", "D03", ("welzijn",), True),
    ("Maatjesproject schuldhulp", "sociaal", "", ("welzijn", "overig"), True),
    ("Meester-gezel mentorschap in het werk", "sociaal", "", ("werk en inkomen",), True),
    ("Scholing informele organisaties", "sociaal", "D04", ("welzijn",), False),
    ("Talentenprogramma jongeren", "cultureel", "D05", ("onderwijs",), True),
    ("Huiswerkbegeleiding in de wijk", "cultureel", "D05", ("onderwijs", "welzijn"), True),
    ("Vervoer naar opleidingscentra", "cultureel", "D05", ("gemeente",), True),
    ("Cultuurpas voor kinderen", "cultureel", "", ("overig", "gemeente"), True),
    ("Steungezinnen", "pedagogisch", "D07", ("zorg", "welzijn"), True),
    ("Strippenkaart opvoedondersteuning", "pedagogisch", "D07", ("zorg",), True),
    ("Gratis kinderopvang bij scholing", "pedagogisch", "D07", ("gemeente",), True),
    ("Voorleesexpress", "pedagogisch", "", ("welzijn",), True),
    ("Welzijn op recept", "mentaal", "D09", ("zorg", "welzijn"), True),
    ("Training motiverende gespreksvoering", "mentaal", "D08", ("kennisinstelling",), False),
    ("Weerbaarheidstraining jongeren", "mentaal", "", ("welzijn", "onderwijs"), True),
    ("Lotgenotengroepen", "mentaal", "", ("ervaringsdeskundigen",), True),
    ("Vroegsignalering betalingsachterstanden", "algemeen", "D10", ("gemeente", "wonen"), True),
    ("Signalering tijdens de zwangerschap", "algemeen", "D10", ("zorg",), True),
    ("Huisbezoeken 'Vroeg erop af'", "algemeen", "D10", ("wonen", "welzijn"), True),
    ("Spreekuur in het dorpshuis", "algemeen", "D11", ("welzijn", "gemeente"), True),
    (
        "Pilot toetsingskader effectieve interventies",
        "effectiviteit",
        "D13",
        ("kennisinstelling",),
        False,
    ),
    (
        "Lerende praktijk effectieve interventies",
        "effectiviteit",
        "D14",
        ("kennisinstelling",),
        False,
    ),
    ("Leeraanbod 'Meer kennis over minder armoede'", "leren", "D17", ("kennisinstelling",), False),
    ("Podcastreeks ervaringskennis", "leren", "", ("ervaringsdeskundigen",), False),
    ("Ambassadeursprogramma", "leren", "D21", ("ervaringsdeskundigen",), False),
]
_VERDICT_WEIGHTS = {
    "bewezen effectief": 2,
    "veelbelovend": 4,
    "nog niet beoordeeld": 5,
    "niet effectief": 1,
}

# (id, naam, gemeente, plaats, plaatstype, start, fase, streefwaarde, realisatie, eenheid, status)
_EXPERIMENTS: list[tuple] = [
    (
        "E01",
        "Tijdige signalering van armoede binnen GGZ en VNN",
        None,
        None,
        "regio",
        (9, 1),
        1,
        1,
        0,
        "producten",
        "lopend",
    ),
    (
        "E02",
        "Ervaringsdeskundigheid en werk",
        None,
        None,
        "regio",
        (9, 1),
        2,
        250,
        118,
        "plaatsingen",
        "lopend",
    ),
    (
        "E03",
        "Hoogeveen, Verzetsbuurt",
        "GM0118",
        "Verzetsbuurt",
        "buurt",
        (10, 1),
        1,
        60,
        23,
        "deelnemers",
        "lopend",
    ),
    ("E04", "Verborgen armoede", None, None, "regio", (11, 1), 1, 40, 7, "huishoudens", "lopend"),
    (
        "E05",
        "Warm Groningen-Drenthe",
        None,
        None,
        "regio",
        (9, 15),
        1,
        50,
        12,
        "warmtebronnen",
        "lopend",
    ),
]

# soort → (jaardoel, gehouden, deelnemers range, share of experts by experience)
_MEETINGS: dict[str, tuple[int, int, tuple[int, int], float]] = {
    "lerend evalueren": (6, 5, (7, 16), 0.35),
    "leerbijeenkomst": (2, 2, (25, 60), 0.15),
    "transitietafel": (3, 2, (14, 30), 0.2),
    "congres": (1, 1, (212, 212), 0.1),
    "eiland van reflectie": (1, 1, (28, 40), 0.15),
    "training": (8, 9, (8, 22), 0.1),
    "netwerkcafe": (4, 3, (15, 35), 0.25),
    "nieuwsbrief": (2, 2, (1300, 1600), 0.0),
}
_TOPICS = (
    "vroegsignalering",
    "verborgen armoede",
    "ervaringsdeskundigheid en werk",
    "samen veranderen",
    "maatwerk",
    "kapitaalsvormen",
    "effectieve interventies",
    "warmtebronnen",
)
_REMARKS = (
    "Voorbeeld: cijfers van het derde kwartaal nagevraagd bij de partner.",
    "Voorbeeld: contactpersoon bij de partner gewisseld.",
    "Voorbeeld: bereik is een schatting van de uitvoerders.",
    "Voorbeeld: wordt besproken op de transitietafel.",
)


def example_path(jaar: int = DEFAULT_YEAR) -> Path:
    """Return where the example workbook of ``jaar`` is written."""
    return paths.programme_raw_dir() / "voorbeeld" / workbook_name(jaar, voorbeeld=True)


def _append(wb: Workbook, sheet: str, rows: list[list[object]]) -> None:
    ws = wb[sheet]
    for index, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=index, column=col, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD-MM-YYYY"


def _partners(rng: random.Random) -> list[dict]:
    gm = regions.gemeenten().set_index("gemeentecode")["gemeentenaam"]
    orgs = [(f"Gemeente {gm[c]}", "gemeente", c) for c in regions.veenkolonien(PROGRAMME_SET)]
    orgs += _ORGANISATIONS
    out = []
    for number, (naam, sector, code) in enumerate(orgs, start=1):
        complete = rng.random() < 0.6
        team = (
            [1, 2, 2]
            if complete
            else [rng.choice((0, 1)), rng.choice((0, 1, 2)), rng.randint(0, 2)]
        )
        if not complete and team == [1, 2, 2]:
            team[1] = 1
        out.append(
            {
                "partner_id": f"P{number:03d}",
                "naam": naam,
                "sector": sector,
                "gemeente_code": code,
                "team": team,
            }
        )
    return out


def _interventions(rng: random.Random, jaar: int, partners: list[dict]) -> list[dict]:
    avk = regions.veenkolonien(PROGRAMME_SET)
    out = []
    for number, (naam, kv, doel, sectors, households) in enumerate(_INTERVENTIONS, start=1):
        candidates = [p for p in partners if p["sector"] in sectors] or partners
        partner = rng.choice(candidates)
        codes = sorted(rng.sample(avk, rng.randint(1, 4)))
        if partner["gemeente_code"] in avk and partner["gemeente_code"] not in codes:
            codes = sorted([*codes[:-1], partner["gemeente_code"]])
        start = dt.date(rng.randint(FIRST_START, LAST_START), rng.choice((1, 3, 9)), 1)
        verdict = rng.choices(list(_VERDICT_WEIGHTS), weights=list(_VERDICT_WEIGHTS.values()))[0]
        judged_on = dt.date(
            max(start.year + 1, DEFAULT_YEARS[0]), rng.randint(2, 11), rng.randint(1, 28)
        )
        remark = rng.choice(_REMARKS) if rng.random() < 0.3 else None
        if start.year > jaar:
            continue  # starts after this workbook's year (drawn anyway: same network every year)
        if verdict == contract.OORDEEL_NIET_BEOORDEELD or judged_on.year > jaar:
            verdict, judged = contract.OORDEEL_NIET_BEOORDEELD, None
        else:
            judged = judged_on
        eind = dt.date(judged_on.year, 12, 31) if verdict == "niet effectief" else None
        learning = kv in contract.LEERTHEMAS
        out.append(
            {
                "interventie_id": f"I{number:03d}",
                "naam": naam,
                "partner": partner["partner_id"],
                "gemeente_codes": codes,
                "kapitaalsvorm": None if learning else kv,
                "leerthema": kv if learning else None,
                "doel_id": doel or None,
                "start": start,
                "eind": eind,
                "households": households,
                "oordeel": verdict,
                "beoordeeld_op": judged,
                "opmerking": remark,
            }
        )
    return out


_COUNTS = ("huishoudens", "personen", "kinderen")


def _reach_row(rng: random.Random, jaar: int, q: int, code: str, size: int) -> dict:
    hh = max(1, int(rng.gauss(size, size / 3)))
    personen = max(hh, round(hh * rng.uniform(1.8, 2.8)))
    kinderen = min(personen, round(personen * rng.uniform(0.25, 0.45)))
    return {
        "jaar": jaar,
        "kwartaal": q,
        "gemeente_code": code,
        "huishoudens": hh,
        "personen": personen,
        "kinderen": kinderen,
    }


def _reach(rng: random.Random, jaar: int, interventions: list[dict]) -> list[dict]:
    rows = []
    for item in interventions:
        if not item["households"]:
            continue
        size = rng.choice((4, 12, 25, 40, 70))
        for q in range(1, 5):
            if dt.date(jaar, 3 * q, 28) < item["start"]:
                continue
            for code in item["gemeente_codes"]:
                if rng.random() < 0.85:
                    row = _reach_row(rng, jaar, q, code, size)
                    rows.append({**row, "interventie_id": item["interventie_id"]})
    avk = regions.veenkolonien(PROGRAMME_SET)
    for q in range(1, 5):
        for code in sorted(rng.sample(avk, 5)):
            rows.append({**_reach_row(rng, jaar, q, code, 6), "experiment_id": "E02"})
    if jaar >= 2025:
        rows.append({**_reach_row(rng, jaar, 4, "GM0118", 20), "experiment_id": "E03"})
    rows.append({**_reach_row(rng, jaar, 4, "GM0114", 3), "experiment_id": "E04"})
    rows.append({**_reach_row(rng, jaar, 4, "GM1952", 3), "experiment_id": "E04"})
    for item in interventions:
        own = [r for r in rows if r.get("interventie_id") == item["interventie_id"]]
        item["bereik_huishoudens"] = round(sum(r["huishoudens"] for r in own) * 0.7) or None
        item["bereik_personen"] = round(sum(r["personen"] for r in own) * 0.7) or None
        if not item["households"]:
            item["bereik_huishoudens"] = None
            item["bereik_personen"] = rng.randint(20, 180)
    return rows


def _yearly_reach(rng: random.Random, jaar: int, reach: list[dict]) -> list[list[object]]:
    """Return unique households, persons and children per gemeente (below the quarterly sum)."""
    out = []
    for code in sorted({r["gemeente_code"] for r in reach}):
        own = [r for r in reach if r["gemeente_code"] == code]
        share = rng.uniform(*UNIQUE_SHARE)
        counts = [max(1, round(sum(r[c] for r in own) * share)) for c in _COUNTS]
        counts[1] = max(counts[1], counts[0])
        counts[2] = min(counts[2], counts[1])
        # its own stream, so that the other example figures stay as they were without it
        income = random.Random(f"inkomen-{jaar}-{code}")
        checked = income.random() < INCOME_CHECKED
        low = round(counts[0] * income.uniform(*LOW_INCOME_SHARE)) if checked else None
        out.append([jaar, code, *counts, low])
    return out


def _experiences(rng: random.Random, jaar: int) -> list[list[object]]:
    """Return aggregated experiences: a regional row per topic and a few per gemeente."""
    avk = regions.veenkolonien(PROGRAMME_SET)
    rows = []
    lift = 0.05 * (jaar - DEFAULT_YEARS[0])  # experiences improve a little each year
    for topic in contract.ERVARING_ONDERWERPEN:
        for code in [None, *sorted(rng.sample(avk, 3))]:
            n = rng.randint(60, 180) if code is None else rng.choice((6, 14, 25, 40))
            positive = min(n, round(n * (rng.uniform(0.45, 0.7) + lift)))
            score = round(min(10.0, rng.uniform(6.2, 7.4) + 2 * lift), 1)
            rows.append([jaar, topic, code, n, positive, score])
    return rows


def _goal_rows(rng: random.Random, jaar: int) -> list[list[object]]:
    """Return the goals of ``jaar``: the last example year as listed, earlier years lower."""
    behind = DEFAULT_YEARS[-1] - jaar
    peildatum = dt.date(jaar, 12, 31)
    rows = []
    for g in _GOALS:
        realised, status = g[8], g[10]
        if behind > 0 and realised is not None:
            realised = round(realised * rng.uniform(0.35, 0.8) ** behind)
            if g[0] in ("D09", "D04"):
                realised = g[8] + 8  # fewer in the later year: a trend the report must show
            if status == "gerealiseerd" and realised < g[7]:
                status = "lopend"
        horizon = _HORIZONS[g[0]] or (jaar, jaar)
        rows.append(
            [
                *g[:8],
                *horizon,
                realised,
                g[9],
                peildatum if realised is not None else None,
                status,
            ]
        )
    return rows


def _meetings(rng: random.Random, jaar: int) -> list[dict]:
    avk = regions.veenkolonien(PROGRAMME_SET)
    rows = []
    for soort, (_, held, (low, high), share) in _MEETINGS.items():
        for _ in range(held):
            deelnemers = rng.randint(low, high)
            rows.append(
                {
                    "datum": dt.date(jaar, rng.randint(1, 12), rng.randint(1, 28)),
                    "soort": soort,
                    "titel": f"{soort.capitalize()}: {rng.choice(_TOPICS)}",
                    "gemeente_code": None if soort == "nieuwsbrief" else rng.choice(avk),
                    "deelnemers": deelnemers,
                    "ervaringsdeskundigen": round(deelnemers * share * rng.uniform(0.6, 1.4))
                    if share
                    else None,
                    "organisaties": None
                    if soort == "nieuwsbrief"
                    else max(1, round(deelnemers * rng.uniform(0.3, 0.6))),
                }
            )
    rows.sort(key=lambda r: (r["datum"], r["soort"]))
    seen: set[tuple] = set()
    for row in rows:
        while (row["datum"], row["soort"], row["titel"]) in seen:
            row["titel"] += " (vervolg)"
        seen.add((row["datum"], row["soort"], row["titel"]))
    return rows


def build_example(jaar: int = DEFAULT_YEAR, seed: int = DEFAULT_SEED) -> Workbook:
    """Return the example workbook for ``jaar`` (deterministic for ``seed``)."""
    rng = random.Random(seed)  # the network: the same partners and interventions every year
    year_rng = random.Random(seed * 10_000 + jaar)  # what happened in the year
    wb = template.build_workbook(jaar, contract.GEGEVENSTYPE_VOORBEELD)
    info = wb[contract.INFO_SHEET]
    for row in range(2, info.max_row + 1):
        field = info.cell(row=row, column=1).value
        if field == "peildatum":
            info.cell(row=row, column=2, value=dt.date(jaar, 12, 31))
        if field == "toelichting":
            info.cell(
                row=row, column=2, value="Verzonnen voorbeeldgegevens om de monitor te testen."
            )

    partners = _partners(rng)
    interventions = _interventions(rng, jaar, partners)
    reach = _reach(year_rng, jaar, interventions)
    meetings = _meetings(year_rng, jaar)

    _append(wb, "Doelen", _goal_rows(year_rng, jaar))
    _append(
        wb,
        "Interventies",
        [
            [
                i["interventie_id"],
                i["naam"],
                i["partner"],
                ";".join(i["gemeente_codes"]),
                i["kapitaalsvorm"],
                i["leerthema"],
                i["doel_id"],
                i["start"],
                i["eind"],
                i["bereik_huishoudens"],
                i["bereik_personen"],
                i["oordeel"],
                i["beoordeeld_op"],
                i["opmerking"],
            ]
            for i in interventions
        ],
    )
    _append(
        wb,
        "Experimenten",
        [
            [
                e[0],
                e[1],
                e[2],
                e[3],
                e[4],
                dt.date(2022 if e[0] == "E02" else jaar, *e[5]),
                e[6],
                e[7],
                e[8],
                e[9],
                e[10],
                "Voorbeeld: fase 2 met nieuwe projectleider." if e[0] == "E02" else None,
            ]
            for e in _EXPERIMENTS
        ],
    )
    reach.sort(
        key=lambda r: (
            r["kwartaal"],
            r["gemeente_code"],
            r.get("interventie_id") or "",
            r.get("experiment_id") or "",
        )
    )
    _append(
        wb,
        "Bereik",
        [
            [
                r["jaar"],
                r["kwartaal"],
                r["gemeente_code"],
                r.get("interventie_id"),
                r.get("experiment_id"),
                r["huishoudens"],
                r["personen"],
                r["kinderen"],
            ]
            for r in reach
        ],
    )
    _append(wb, "Jaarbereik", _yearly_reach(year_rng, jaar, reach))
    _append(wb, "Ervaringen", _experiences(year_rng, jaar))
    _append(
        wb,
        "Bijeenkomsten",
        [
            [
                m["datum"],
                m["soort"],
                m["titel"],
                m["gemeente_code"],
                m["deelnemers"],
                m["ervaringsdeskundigen"],
                m["organisaties"],
            ]
            for m in meetings
        ],
    )
    _append(
        wb,
        "Partners",
        [
            [p["partner_id"], p["naam"], p["sector"], p["gemeente_code"], *p["team"]]
            for p in partners
        ],
    )
    _append(wb, "Jaardoelen", [[s, t[0], "faseplan 3"] for s, t in _MEETINGS.items()])
    return wb


def write_example(
    jaar: int = DEFAULT_YEAR, seed: int = DEFAULT_SEED, path: Path | None = None
) -> Path:
    """Write the example workbook and its provenance sidecar; return the workbook path."""
    target = Path(path) if path is not None else example_path(jaar)
    xlsxfile.save_stable(build_example(jaar, seed), target, dt.datetime(jaar, 12, 31, 12, 0, 0))
    write_provenance(
        target.parent,
        Provenance(
            source="Alliantie van Kracht (voorbeeldgegevens)",
            title="Voorbeeldwerkmappen programmagegevens (één per programmajaar)",
            url="",
            retrieved=f"{jaar}-12-31",
            licence="Verzonnen voorbeeldgegevens; vrij te gebruiken",
            status=STATUS_EXAMPLE,
            notes=(
                f"Gemaakt met 'python -m tools.example_workbook --jaar <jaren> --seed {seed}' "
                "(een werkmap per jaar). Verzonnen gegevens: niet gebruiken als echte cijfers."
            ),
        ),
    )
    return target


def main(argv: list[str] | None = None) -> int:
    """Write the example workbook and print its validation result."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.example_workbook",
        description="Schrijf de voorbeeldwerkmap programmagegevens.",
    )
    parser.add_argument(
        "--jaar",
        type=int,
        nargs="+",
        default=list(DEFAULT_YEARS),
        help="programmajaren (een werkmap per jaar; standaard %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--uit", type=Path, default=None, help="pad van de werkmap (.xlsx; alleen bij één jaar)"
    )
    args = parser.parse_args(argv)
    if args.uit is not None and len(args.jaar) > 1:
        parser.error("--uit kan alleen bij één jaar")
    ok = True
    for jaar in args.jaar:
        path = write_example(jaar, args.seed, args.uit)
        report: Report = validate_workbook(path)
        size = f"{path.stat().st_size:,}".replace(",", ".")
        print(f"Voorbeeldwerkmap geschreven: {path} ({size} bytes)")
        print(report.render())
        ok = ok and report.ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
