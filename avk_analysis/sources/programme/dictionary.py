"""The Dutch data dictionary of the programme workbook, generated from the contract.

The same text goes into the template's instructions sheet and into
``docs/datadictionary_programma.md``; a test keeps the shipped markdown in sync.
"""

from __future__ import annotations

from pathlib import Path

from avk_analysis.sources.programme import contract
from avk_analysis.vocabulary import catalogue, disclosure_rule, paths

DOC_NAME = "datadictionary_programma.md"
TITLE = "Datadictionary programmagegevens Alliantie van Kracht"

INTRO = (
    "Deze werkmap bevat de programmagegevens van de Alliantie van Kracht voor één programmajaar "
    "(kalenderjaar). De monitor generatiearmoede leest de werkmap, controleert hem en maakt er "
    "opgetelde cijfers van voor het jaarlijkse rapport. Iedere fout wordt gemeld met blad, rij, "
    "kolom, de gevonden waarde en wat werd verwacht."
)

STEPS = (
    "Gebruik één werkmap per programmajaar. Vul in het blad Info het programmajaar en het "
    "gegevenstype in: 'echt' voor gegevens van het programma, 'voorbeeld' voor verzonnen "
    "oefengegevens.",
    "Laat de bladnamen en de kolomkoppen in rij 1 zoals ze zijn. Extra kolommen en bladen worden "
    "genegeerd (met een waarschuwing); een hernoemd of ontbrekend blad is een fout.",
    "Vul één rij per doel, interventie, experiment, kwartaal-gemeente-activiteit, bijeenkomst, "
    "partner of jaardoel in. Volledig lege rijen worden overgeslagen. Voeg geen cellen samen.",
    "Kies waar mogelijk uit de keuzelijst in de cel. Een waarde buiten de lijst is een fout; de "
    "controle stelt de dichtstbijzijnde waarde voor.",
    "Gemeenten vult u in als CBS-code, bijvoorbeeld GM0114 (Emmen); zie het blad Lijsten. Een "
    "code van een gemeente die is opgegaan in een nieuwe gemeente (bijvoorbeeld GM0018 "
    "Hoogezand-Sappemeer) wordt geteld bij de huidige gemeente, met een waarschuwing. Een "
    "gemeentenaam of een code zonder 'GM' wordt herkend, ook met een waarschuwing.",
    "Getallen: een komma is het decimaalteken, punten mogen duizendtallen scheiden (1.234,5). "
    "Zonder komma gelden punten in groepjes van drie als duizendtallen: 1.234 is duizend "
    "tweehonderdvierendertig. Als tekst opgeslagen getallen worden gewoon gelezen.",
    "Datums: een Excel-datum, of tekst als dd-mm-jjjj (12-03-2025), jjjj-mm-dd (2025-03-12) of "
    "12 maart 2025. Tekst wordt altijd dag-eerst gelezen.",
    "Controleer de werkmap met de monitor voordat u hem aanlevert. Fouten moeten worden "
    "opgelost; waarschuwingen zijn om na te lopen en houden de verwerking niet tegen.",
)

PRIVACY = (
    "Vul alleen opgetelde aantallen in (huishoudens, personen, kinderen per kwartaal en "
    "gemeente), nooit namen, geboortedata, adressen of andere gegevens over personen.",
    "De kolommen 'opmerking' (Interventies, Experimenten), 'titel' (Bijeenkomsten) en "
    "'toelichting' (Info) zijn alleen voor het programmateam: de monitor neemt ze nooit op in "
    "tabellen of rapporten.",
    "Partnerorganisaties mogen bij naam worden genoemd; zij zijn openbare partners.",
    "Namen van doelen, interventies, experimenten en partners worden gepubliceerd. Zet daar "
    "nooit de naam of contactgegevens van een persoon in. De controle waarschuwt (met blad, rij "
    "en kolom) bij een e-mailadres, een telefoonnummer, een nummer dat eruitziet als een BSN en "
    "bij 'dhr.' of 'mevr.' met een naam; een naam zonder zulke kenmerken herkent zij niet, dus "
    "lees de namen zelf ook na.",
)


# The worked example of a verdict: 250 in 2023-2026, three quarters of the period passed.
_EXPECTED = round(250 * 3 / 4)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _yes(flag: bool) -> str:
    return "ja" if flag else "nee"


def column_rows() -> list[dict[str, str]]:
    """Return one row per column of every sheet (blad, kolom, verplicht, regel, uitleg, ...)."""
    rows: list[dict[str, str]] = []
    for col in contract.INFO_FIELDS:
        rows.append(_row(contract.INFO_SHEET, col))
    for spec in contract.SHEETS.values():
        for col in spec.columns:
            rows.append(_row(spec.name, col))
    return rows


def _row(sheet: str, col: contract.Column) -> dict[str, str]:
    return {
        "blad": sheet,
        "kolom": col.name,
        "verplicht": _yes(col.required),
        "regel": col.rule(),
        "uitleg": col.description,
        "gepubliceerd": "ja" if col.publishable else "nee, alleen programmateam",
        "voorbeeld": col.example,
    }


def programme_indicators() -> list[catalogue.Indicator]:
    """Return the catalogue entries the monitor derives from the workbook."""
    return [i for code, i in catalogue.INDICATORS.items() if code.startswith("programma_")]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """Return the data dictionary as Dutch markdown."""
    rule = disclosure_rule
    out = [
        f"# {TITLE}",
        "",
        "_Gegenereerd uit `avk_analysis/sources/programme/contract.py`; niet met de "
        "hand bewerken (`python -m avk_analysis.sources.programme.template`)._",
        "",
        INTRO,
        "",
    ]
    out += ["## Invullen", ""] + [f"{n}. {s}" for n, s in enumerate(STEPS, 1)] + [""]
    out += ["## Privacy", ""] + [f"- {s}" for s in PRIVACY]
    out += [
        f"- {rule.RULE_TEXT}",
        f"- Instellingen (voor beheerders): de drempel met `{rule.MIN_COUNT_ENV}` "
        f"(standaard {rule.DEFAULT_MIN_COUNT}, minimaal {rule.MIN_COUNT_FLOOR}), de "
        f"afronding met `{rule.ROUND_TO_ENV}` (standaard {rule.DEFAULT_ROUND_TO}; "
        "1 = niet afronden).",
        "",
    ]
    out += ["## Bladen", ""]
    out += [
        f"- **{contract.INFO_SHEET}**: programmajaar, gegevenstype (echt/voorbeeld), peildatum."
    ]
    out += [f"- **{s.name}**: {s.description}" for s in contract.SHEETS.values()]
    out += [
        f"- **{contract.INSTRUCTIONS_SHEET}** en **{contract.LISTS_SHEET}**: deze toelichting en "
        "de keuzelijsten; ze worden niet ingelezen.",
        "",
    ]
    header = ["kolom", "verplicht", "regel", "uitleg", "gepubliceerd"]
    by_sheet: dict[str, list[dict[str, str]]] = {}
    for row in column_rows():
        by_sheet.setdefault(row["blad"], []).append(row)
    notes = {s.name: s.notes for s in contract.SHEETS.values()}
    for sheet, rows in by_sheet.items():
        out += [f"### {sheet}", ""]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_cell(r[h]) for h in header) + " |" for r in rows]
        out.append("")
        if notes.get(sheet):
            out += ["Controles over rijen heen:", ""] + [f"- {n}" for n in notes[sheet]] + [""]
    out += ["## Keuzelijsten", ""]
    out += [
        "- **kapitaalsvorm**: "
        + "; ".join(f"{k} ({v})" for k, v in contract.KAPITAALSVORMEN.items())
    ]
    out += [
        "- **leerthema** (strategisch doel 3; geen kapitaalsvormen): "
        + "; ".join(f"{k} ({v})" for k, v in contract.LEERTHEMAS.items())
    ]
    out += ["- **onderwerp** (Ervaringen): " + ", ".join(contract.ERVARING_ONDERWERPEN)]
    out += [
        "- **strategisch_doel**: "
        + "; ".join(f"{k} = {v}" for k, v in contract.STRATEGISCHE_DOELEN.items())
    ]
    out += [
        f"- **eenheid**: aantallen mensen: {', '.join(contract.EENHEDEN_MENSEN)}; overige "
        f"aantallen: {', '.join(contract.EENHEDEN_OVERIG)}; en {contract.PROCENT}"
    ]
    out += [
        f"- **AVK-team compleet**: ten minste {n} {k.removeprefix('avk_team_')}"
        for k, n in contract.AVK_TEAM_NORM.items()
    ]
    out += ["", "## Wat de monitor ervan maakt", ""]
    out += [
        "Het bereik van het programma in een gemeente is het aantal **unieke** huishoudens, "
        "personen en kinderen over het hele jaar uit het blad Jaarbereik: wie in meer kwartalen "
        "of bij meer interventies kwam, telt één keer. Het blad Bereik (per kwartaal en "
        "activiteit) laat zien wanneer en waar mensen bereikt zijn; opgeteld over kwartalen telt "
        "het mensen vaker en wordt het daarom niet als bereik gebruikt. Een gemeente die niet in "
        "het blad Jaarbereik staat, heeft geen geregistreerd bereik (in de indicatortabel: 0). "
        "Ervaringen van deelnemers (blad Ervaringen) worden alleen opgeteld getoond; een rij met "
        "minder deelnemers dan de publicatiegrens wordt afgeschermd, vrije tekst bestaat in dit "
        "blad niet. De monitor maakt verder overzichten van doelen (met een oordeel en de "
        "vergelijking met eerdere programmajaren), interventies, experimenten, bijeenkomsten en "
        "AVK-teams (per sector, nooit per partner; sectoren met minder partners dan de "
        "publicatiegrens staan samen in één rij). Alles wat wordt gepubliceerd gaat door de "
        "onthullingscontrole (zie Privacy).",
        "",
        "**Het oordeel over een doel** kent zijn looptijd. Van 1 januari van het startjaar tot en "
        "met 31 december van het doeljaar loopt de looptijd; op de peildatum is een deel daarvan "
        "voorbij, en evenveel van de streefwaarde zou er dan bereikt moeten zijn ('verwacht nu'). "
        "Een doel is 'op koers' als de realisatie ten minste "
        f"{contract.ON_TRACK_SHARE * 100:.0f} % is van wat er nu verwacht wordt (of als het "
        "gerealiseerd is), anders 'achter'; is de looptijd voorbij, dan telt de hele "
        "streefwaarde. Voorbeeld: 250 plaatsingen in 2023 tot en met 2026; "
        f"eind 2025 is drie kwart van de looptijd voorbij, dus verwacht: {_EXPECTED}; 'op koers' "
        f"vanaf {round(contract.ON_TRACK_SHARE * _EXPECTED)}. Bij de eenheid 'procent' (een "
        "stand, geen optelsom) is wat er verwacht wordt de streefwaarde zelf. Zonder startjaar "
        "en doeljaar zegt het rapport 'looptijd onbekend': een werkmap van een ouder sjabloon "
        "zonder deze kolommen wordt gewoon gelezen, met één waarschuwing.",
        "",
        "**Bereik en doelgroep.** Het rapport zet het bereik naast het aantal huishoudens met "
        "een laag inkomen (CBS), en deelt ze alleen als de bereikte huishoudens bij die groep "
        "horen: met de kolom huishoudens_laag_inkomen van het blad Jaarbereik. Ook dan staat er "
        f"alleen een aandeel als de gemeente ten minste {_thousands(contract.MIN_NEED_FOR_SHARE)} "
        "huishoudens met een laag inkomen telt (het CBS rondt die aantallen af op "
        "honderdtallen). Gemeenten worden nooit gerangschikt op bereik, en een gemeente zonder "
        "geregistreerd bereik krijgt in het rapport geen rij met nullen.",
        "",
        "Indicatoren in de indicatortabel:",
        "",
    ]
    out += [f"- `{i.code}` — {i.label} ({i.unit}): {i.definition}" for i in programme_indicators()]
    out.append("")
    return "\n".join(out)


def default_path() -> Path:
    """Return where the data dictionary lives: ``docs/datadictionary_programma.md``."""
    return paths.project_root() / "docs" / DOC_NAME


def write_data_dictionary(path: Path | None = None) -> Path:
    """Write the data dictionary markdown (default ``docs/datadictionary_programma.md``)."""
    target = Path(path) if path is not None else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown(), encoding="utf-8")
    return target
