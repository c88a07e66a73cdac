"""A plausible, seeded example workbook (made-up data, marked 'voorbeeld' everywhere).

``python -m tools.example_workbook [--jaar 2025] [--seed 17]`` (from the project root) writes
``data/raw/programma/voorbeeld/avk_programma_<jaar>_voorbeeld.xlsx`` with a provenance
sidecar (status 'voorbeeld') and prints the validation result. The same seed gives a
byte-identical file.

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

from avk_analysis import paths, regions
from avk_analysis.programme import contract, template, xlsxfile
from avk_analysis.programme.validate import validate_workbook
from avk_analysis.programme.workbook import workbook_name
from avk_analysis.provenance import STATUS_EXAMPLE, Provenance, write_provenance
from avk_analysis.validation import Report

DEFAULT_YEAR = 2025
DEFAULT_SEED = 17
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

# (doel_id, strategisch doel, kapitaalsvorm, operationeel doel, inspanning, indicator,
#  streefwaarde, realisatie, eenheid, status)
_GOALS: list[tuple] = [
    (
        "D01",
        1,
        "economisch",
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
        start = dt.date(rng.randint(2019, jaar), rng.choice((1, 3, 9)), 1)
        verdict = rng.choices(list(_VERDICT_WEIGHTS), weights=list(_VERDICT_WEIGHTS.values()))[0]
        if start.year >= jaar:
            verdict = contract.OORDEEL_NIET_BEOORDEELD
        judged = (
            None
            if verdict == contract.OORDEEL_NIET_BEOORDEELD
            else dt.date(jaar, rng.randint(2, 11), rng.randint(1, 28))
        )
        eind = dt.date(jaar, 12, 31) if verdict == "niet effectief" else None
        out.append(
            {
                "interventie_id": f"I{number:03d}",
                "naam": naam,
                "partner": partner["partner_id"],
                "gemeente_codes": codes,
                "kapitaalsvorm": kv,
                "doel_id": doel or None,
                "start": start,
                "eind": eind,
                "households": households,
                "oordeel": verdict,
                "beoordeeld_op": judged,
                "opmerking": rng.choice(_REMARKS) if rng.random() < 0.3 else None,
            }
        )
    return out


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
    rng = random.Random(seed)
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
    reach = _reach(rng, jaar, interventions)
    meetings = _meetings(rng, jaar)

    peildatum = dt.date(jaar, 12, 31)
    _append(wb, "Doelen", [[*g[:9], peildatum if g[7] is not None else None, g[9]] for g in _GOALS])
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
            title=f"Voorbeeldwerkmap programmagegevens {jaar}",
            url="",
            retrieved=f"{jaar}-12-31",
            licence="Verzonnen voorbeeldgegevens; vrij te gebruiken",
            status=STATUS_EXAMPLE,
            notes=(
                f"Gemaakt met 'python -m tools.example_workbook --jaar {jaar} "
                f"--seed {seed}'. Verzonnen gegevens: niet gebruiken als echte cijfers."
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
    parser.add_argument("--jaar", type=int, default=DEFAULT_YEAR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--uit", type=Path, default=None, help="pad van de werkmap (.xlsx)")
    args = parser.parse_args(argv)
    path = write_example(args.jaar, args.seed, args.uit)
    report: Report = validate_workbook(path)
    print(f"Voorbeeldwerkmap geschreven: {path} ({path.stat().st_size:,} bytes)".replace(",", "."))
    print(report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
