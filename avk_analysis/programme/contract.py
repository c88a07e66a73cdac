"""The contract of the programme workbook: sheets, columns, types, vocabularies and thresholds.

This module is the single source for the Excel template, the validation and the Dutch data
dictionary. Column names are the identifiers analysts and the validation use; every description
is Dutch because programme staff read it in the template and the data dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- kinds of column (the Dutch words appear in the template and the data dictionary) ---
TEXT = "tekst"
ID = "code"
INT = "geheel getal"
NUMBER = "getal"
DATE = "datum"
CHOICE = "keuzelijst"
GEMEENTE = "gemeentecode"
GEMEENTEN = "gemeentecodes"
YEAR = "jaar"
QUARTER = "kwartaal"
KINDS = (TEXT, ID, INT, NUMBER, DATE, CHOICE, GEMEENTE, GEMEENTEN, YEAR, QUARTER)

# --- vocabularies ---
STRATEGISCHE_DOELEN: dict[int, str] = {
    1: "Huishoudens ervaren een kansrijk toekomstperspectief",
    2: "Het kind, de jongere of volwassene ontvangt maatwerk vanuit het werkveld",
    3: "We leren van elkaar en we weten wat effectief is",
}
KAPITAALSVORMEN: dict[str, str] = {
    "economisch": "Geld en bezit, werk en inkomen; huishoudens zijn tevreden over hun "
    "arbeidsmarktpositie",
    "sociaal": "Het sociale netwerk; huishoudens kunnen terugvallen op informele hulp dichtbij",
    "cultureel": "Kennis, vaardigheden en opleiding; jongeren volgen een opleiding die bij hen "
    "past en huishoudens voelen zich thuis in hun wijk",
    "pedagogisch": "Opvoeden; ouders bieden hun kinderen een veilige, stimulerende omgeving",
    "mentaal": "Veerkracht en zelfvertrouwen van kinderen, jongeren en volwassenen",
    "algemeen": "Vroegsignalering en beter bereik van wie hulp nodig heeft (experimenten)",
    "effectiviteit": "Weten welke interventies werken (toetsingskader, set werkende interventies)",
    "leren": "Van elkaar leren: lerend evalueren, leeragenda's, congres, monitor",
}
# The kapitaalsvormen that belong to strategic goal 1 and 3 (goal 2 may use any of them).
KAPITAALSVORMEN_DOEL_1 = (
    "economisch",
    "sociaal",
    "cultureel",
    "pedagogisch",
    "mentaal",
    "algemeen",
)
KAPITAALSVORMEN_DOEL_3 = ("effectiviteit", "leren")
DOEL_STATUSSEN = ("gepland", "lopend", "gerealiseerd", "vervallen")
OORDELEN = ("bewezen effectief", "veelbelovend", "nog niet beoordeeld", "niet effectief")
OORDEEL_NIET_BEOORDEELD = "nog niet beoordeeld"
EXPERIMENT_STATUSSEN = ("gepland", "lopend", "afgerond", "gestopt")
PLAATSTYPEN = ("dorp", "wijk", "buurt", "gemeente", "regio")
BIJEENKOMST_SOORTEN = (
    "lerend evalueren",
    "leerbijeenkomst",
    "transitietafel",
    "congres",
    "eiland van reflectie",
    "training",
    "netwerkcafe",
    "nieuwsbrief",
)
SECTOREN = (
    "gemeente",
    "provincie",
    "wonen",
    "welzijn",
    "zorg",
    "onderwijs",
    "kennisinstelling",
    "werk en inkomen",
    "ervaringsdeskundigen",
    "overig",
)
# Units that count people or households: disclosure control applies to their realised values.
EENHEDEN_MENSEN = (
    "huishoudens",
    "personen",
    "kinderen",
    "jongeren",
    "ouders",
    "deelnemers",
    "plaatsingen",
    "ervaringsdeskundigen",
)
EENHEDEN_OVERIG = (
    "organisaties",
    "bijeenkomsten",
    "interventies",
    "sessies",
    "trainingen",
    "experimenten",
    "warmtebronnen",
    "producten",
    "rapportages",
)
PROCENT = "procent"
EENHEDEN = (*EENHEDEN_MENSEN, *EENHEDEN_OVERIG, PROCENT)
GEGEVENSTYPE_ECHT = "echt"
GEGEVENSTYPE_VOORBEELD = "voorbeeld"
GEGEVENSTYPEN = (GEGEVENSTYPE_ECHT, GEGEVENSTYPE_VOORBEELD)

# An AVK team is complete with (at least) this many people per role.
AVK_TEAM_NORM = {"avk_team_bestuurder": 1, "avk_team_managers": 2, "avk_team_uitvoering": 2}

# Years a programme workbook may describe (the alliance exists since 2017).
FIRST_YEAR = 2017
LAST_YEAR = 2100
# Dates outside this range are typing errors (or numbers in a date column).
FIRST_DATE_YEAR = 1990

# Sheets of the workbook that are not data.
INSTRUCTIONS_SHEET = "Toelichting"
LISTS_SHEET = "Lijsten"
INFO_SHEET = "Info"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet."""

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # below: error
    maximum: float | None = None  # above: error
    plausible_max: float | None = None  # above: warning (possible typing error)
    publishable: bool = True  # False: internal free text, never leaves the loader
    reference: str = ""  # "Sheet.column" the value must exist in
    example: str = ""

    def rule(self) -> str:
        """Return the Dutch rule for this column (type, range, vocabulary) in one line."""
        parts = [self.kind]
        num = (lambda v: str(int(v))) if self.kind == YEAR else _num
        if self.choices:
            parts.append("één van: " + ", ".join(self.choices))
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"van {num(self.minimum)} tot en met {num(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"minimaal {num(self.minimum)}")
        if self.plausible_max is not None:
            parts.append(f"waarschuwing boven {_num(self.plausible_max)}")
        if self.reference:
            sheet, col = self.reference.split(".")
            parts.append(f"moet voorkomen in blad '{sheet}', kolom '{col}'")
        return "; ".join(parts)


@dataclass(frozen=True)
class Sheet:
    """One data sheet of the workbook."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns whose combination must be unique
    duplicate_is_error: bool = True  # False: a repeated key is only a warning
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"Blad {self.name} heeft geen kolom {name!r}")

    @property
    def names(self) -> list[str]:
        """Return the column names in template order."""
        return [c.name for c in self.columns]

    @property
    def internal(self) -> list[str]:
        """Return the columns that must never be published (free text)."""
        return [c.name for c in self.columns if not c.publishable]


def _num(value: float) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return text.replace(",", ".")


_OPMERKING = Column(
    "opmerking",
    TEXT,
    "Vrije toelichting, alleen voor het programmateam. Wordt nooit gepubliceerd en komt niet in "
    "rapporten. Schrijf hier geen namen of andere gegevens over personen.",
    publishable=False,
)
_EENHEID = Column(
    "eenheid",
    CHOICE,
    "Waarin streefwaarde en realisatie zijn uitgedrukt. Bij 'procent' liggen beide tussen 0 en "
    "100. Aantallen mensen of huishoudens onder de publicatiegrens worden in rapporten "
    "afgeschermd.",
    choices=EENHEDEN,
    example="plaatsingen",
)

INFO_FIELDS: tuple[Column, ...] = (
    Column(
        "programmajaar",
        YEAR,
        "Het kalenderjaar waarover deze werkmap gaat (één werkmap per jaar).",
        required=True,
        minimum=FIRST_YEAR,
        maximum=LAST_YEAR,
        example="2025",
    ),
    Column(
        "gegevenstype",
        CHOICE,
        "'echt' voor gegevens van het programma, 'voorbeeld' voor verzonnen voorbeeldgegevens. "
        "Voorbeeldgegevens worden in elke tabel en elk rapport als voorbeeld gemarkeerd.",
        required=True,
        choices=GEGEVENSTYPEN,
        example="echt",
    ),
    Column(
        "peildatum",
        DATE,
        "De datum waarop de gegevens zijn bijgewerkt.",
        example="31-12-2025",
    ),
    Column(
        "toelichting",
        TEXT,
        "Vrije toelichting bij de werkmap, alleen voor het programmateam.",
        publishable=False,
    ),
)

SHEETS: dict[str, Sheet] = {
    s.name: s
    for s in (
        Sheet(
            "Doelen",
            "De doelen uit het Doelen-Inspanningen-Netwerk (DIN) met hun indicator, streefwaarde "
            "en realisatie op de peildatum. Eén rij per operationeel doel en indicator.",
            (
                Column(
                    "doel_id",
                    ID,
                    "Unieke code van het doel, bijvoorbeeld D01. Interventies verwijzen ernaar.",
                    required=True,
                    example="D01",
                ),
                Column(
                    "strategisch_doel",
                    INT,
                    "Nummer van het strategische doel: "
                    + "; ".join(f"{k} = {v}" for k, v in STRATEGISCHE_DOELEN.items())
                    + ".",
                    required=True,
                    minimum=1,
                    maximum=3,
                    example="1",
                ),
                Column(
                    "kapitaalsvorm",
                    CHOICE,
                    "De kapitaalsvorm uit de duivelskring van armoede (economisch tot en met "
                    "mentaal, algemeen) of het leerdoel (effectiviteit, leren).",
                    required=True,
                    choices=tuple(KAPITAALSVORMEN),
                    example="economisch",
                ),
                Column(
                    "operationeel_doel",
                    TEXT,
                    "Het operationele doel zoals in het faseplan.",
                    required=True,
                    example="Huishoudens zijn tevreden over hun arbeidsmarktpositie",
                ),
                Column("inspanning", TEXT, "De inspanning waarmee aan het doel wordt gewerkt."),
                Column(
                    "indicator",
                    TEXT,
                    "Waaraan de voortgang wordt afgemeten.",
                    required=True,
                    example="Aantal mensen met betaald werk via het experiment",
                ),
                Column(
                    "streefwaarde",
                    NUMBER,
                    "De streefwaarde van de indicator.",
                    minimum=0,
                    example="250",
                ),
                Column(
                    "realisatie",
                    NUMBER,
                    "De gerealiseerde waarde op de peildatum.",
                    minimum=0,
                    example="118",
                ),
                _EENHEID,
                Column(
                    "peildatum",
                    DATE,
                    "Datum waarop de realisatie is gemeten.",
                    example="31-12-2025",
                ),
                Column(
                    "status",
                    CHOICE,
                    "Stand van het doel.",
                    required=True,
                    choices=DOEL_STATUSSEN,
                    example="lopend",
                ),
            ),
            key=("doel_id",),
            notes=(
                "De eenheid is verplicht zodra een streefwaarde of realisatie is ingevuld.",
                "Kapitaalsvormen economisch tot en met algemeen horen bij strategisch doel 1, "
                "effectiviteit en leren bij doel 3; een andere combinatie geeft een waarschuwing.",
            ),
        ),
        Sheet(
            "Interventies",
            "De interventies van partners, per kapitaalsvorm, met het oordeel volgens het "
            "toetsingskader. Eén rij per interventie.",
            (
                Column(
                    "interventie_id",
                    ID,
                    "Unieke code van de interventie, bijvoorbeeld I001. Het blad Bereik verwijst "
                    "ernaar.",
                    required=True,
                    example="I001",
                ),
                Column(
                    "naam", TEXT, "Naam van de interventie.", required=True, example="Steungezinnen"
                ),
                Column(
                    "partner",
                    ID,
                    "De uitvoerende (penvoerende) partner: een partner_id of de naam uit het "
                    "blad Partners.",
                    required=True,
                    reference="Partners.partner_id",
                    example="P012",
                ),
                Column(
                    "gemeente_codes",
                    GEMEENTEN,
                    "De gemeenten waar de interventie loopt: CBS-codes gescheiden door een "
                    "puntkomma, bijvoorbeeld GM0114;GM0109.",
                    required=True,
                    example="GM0114;GM0109",
                ),
                Column(
                    "kapitaalsvorm",
                    CHOICE,
                    "De kapitaalsvorm waaraan de interventie vooral bijdraagt.",
                    required=True,
                    choices=tuple(KAPITAALSVORMEN),
                    example="pedagogisch",
                ),
                Column(
                    "doel_id",
                    ID,
                    "Het doel waaraan de interventie bijdraagt (optioneel).",
                    reference="Doelen.doel_id",
                    example="D05",
                ),
                Column("start", DATE, "Startdatum.", required=True, example="01-09-2024"),
                Column("eind", DATE, "Einddatum (leeg als de interventie doorloopt).", example=""),
                Column(
                    "bereik_huishoudens",
                    INT,
                    "Bereikte huishoudens in het programmajaar (uniek, schatting toegestaan).",
                    minimum=0,
                    plausible_max=15_000,
                    example="120",
                ),
                Column(
                    "bereik_personen",
                    INT,
                    "Bereikte personen in het programmajaar (uniek, schatting toegestaan).",
                    minimum=0,
                    plausible_max=40_000,
                    example="310",
                ),
                Column(
                    "oordeel_toetsingskader",
                    CHOICE,
                    "Het oordeel volgens het toetsingskader effectieve interventies.",
                    required=True,
                    choices=OORDELEN,
                    example="veelbelovend",
                ),
                Column(
                    "beoordeeld_op",
                    DATE,
                    "Datum van het oordeel (verwacht zodra er een oordeel is).",
                    example="15-05-2025",
                ),
                _OPMERKING,
            ),
            key=("interventie_id",),
            notes=(
                "Een einddatum vóór de startdatum is een fout.",
                "Een oordeel zonder datum 'beoordeeld_op' geeft een waarschuwing.",
            ),
        ),
        Sheet(
            "Experimenten",
            "De experimenten in dorp, wijk of buurt (faseplan 3), met hun streefwaarde en "
            "voortgang. Eén rij per experiment.",
            (
                Column(
                    "experiment_id",
                    ID,
                    "Unieke code van het experiment, bijvoorbeeld E01. Het blad Bereik verwijst "
                    "ernaar.",
                    required=True,
                    example="E02",
                ),
                Column(
                    "naam",
                    TEXT,
                    "Naam van het experiment.",
                    required=True,
                    example="Ervaringsdeskundigheid en werk",
                ),
                Column(
                    "gemeente_code",
                    GEMEENTE,
                    "De gemeente van het experiment; leeg als het in de hele regio loopt.",
                    example="GM0118",
                ),
                Column(
                    "plaats",
                    TEXT,
                    "Het dorp, de wijk of de buurt (naam), leeg bij een regionaal experiment.",
                    example="Verzetsbuurt",
                ),
                Column(
                    "plaatstype",
                    CHOICE,
                    "Soort plaats van het experiment.",
                    choices=PLAATSTYPEN,
                    example="buurt",
                ),
                Column("start", DATE, "Startdatum.", required=True, example="01-09-2022"),
                Column(
                    "fase",
                    INT,
                    "De fase waarin het experiment zit (1, 2, ...).",
                    minimum=1,
                    maximum=10,
                    example="2",
                ),
                Column(
                    "streefwaarde",
                    NUMBER,
                    "De streefwaarde van het experiment.",
                    minimum=0,
                    example="250",
                ),
                Column(
                    "realisatie",
                    NUMBER,
                    "De realisatie tot en met de peildatum.",
                    minimum=0,
                    example="118",
                ),
                _EENHEID,
                Column(
                    "status",
                    CHOICE,
                    "Stand van het experiment.",
                    required=True,
                    choices=EXPERIMENT_STATUSSEN,
                    example="lopend",
                ),
                _OPMERKING,
            ),
            key=("experiment_id",),
            notes=("De eenheid is verplicht zodra een streefwaarde of realisatie is ingevuld.",),
        ),
        Sheet(
            "Bereik",
            "Het bereik per kwartaal, gemeente en interventie of experiment: alleen opgetelde "
            "aantallen, nooit gegevens over personen. Eén rij per jaar, kwartaal, gemeente en "
            "interventie of experiment.",
            (
                Column(
                    "jaar",
                    YEAR,
                    "Kalenderjaar.",
                    required=True,
                    minimum=FIRST_YEAR,
                    maximum=LAST_YEAR,
                    example="2025",
                ),
                Column(
                    "kwartaal",
                    QUARTER,
                    "Kwartaal 1 tot en met 4 (ook 'Q1' of 'K1' wordt herkend).",
                    required=True,
                    minimum=1,
                    maximum=4,
                    example="1",
                ),
                Column(
                    "gemeente_code",
                    GEMEENTE,
                    "CBS-code van de gemeente, bijvoorbeeld GM0114.",
                    required=True,
                    example="GM0114",
                ),
                Column(
                    "interventie_id",
                    ID,
                    "De interventie (vul interventie_id óf experiment_id in).",
                    reference="Interventies.interventie_id",
                    example="I001",
                ),
                Column(
                    "experiment_id",
                    ID,
                    "Het experiment (vul interventie_id óf experiment_id in).",
                    reference="Experimenten.experiment_id",
                    example="",
                ),
                Column(
                    "huishoudens",
                    INT,
                    "Aantal bereikte huishoudens in het kwartaal.",
                    minimum=0,
                    plausible_max=5_000,
                    example="34",
                ),
                Column(
                    "personen",
                    INT,
                    "Aantal bereikte personen in het kwartaal (alle leeftijden).",
                    minimum=0,
                    plausible_max=15_000,
                    example="81",
                ),
                Column(
                    "kinderen",
                    INT,
                    "Waarvan kinderen tot 18 jaar.",
                    minimum=0,
                    plausible_max=7_500,
                    example="29",
                ),
            ),
            key=("jaar", "kwartaal", "gemeente_code", "interventie_id", "experiment_id"),
            notes=(
                "Vul per rij precies één van interventie_id en experiment_id in, en minstens één "
                "van de aantallen.",
                "Personen zijn minstens zoveel als huishoudens; kinderen hooguit zoveel als "
                "personen (anders een waarschuwing).",
                "Een jaar dat afwijkt van het programmajaar geeft een waarschuwing.",
            ),
        ),
        Sheet(
            "Bijeenkomsten",
            "De bijeenkomsten en producten van het programma (lerend evalueren, leerbijeenkomsten, "
            "transitietafels, congres, nieuwsbrieven, ...). Eén rij per bijeenkomst.",
            (
                Column(
                    "datum", DATE, "Datum van de bijeenkomst.", required=True, example="12-03-2025"
                ),
                Column(
                    "soort",
                    CHOICE,
                    "Soort bijeenkomst of product.",
                    required=True,
                    choices=BIJEENKOMST_SOORTEN,
                    example="transitietafel",
                ),
                Column(
                    "titel",
                    TEXT,
                    "Titel of onderwerp, alleen voor het programmateam (wordt niet gepubliceerd).",
                    required=True,
                    publishable=False,
                    example="Transitietafel verborgen armoede",
                ),
                Column(
                    "gemeente_code",
                    GEMEENTE,
                    "Gemeente waar de bijeenkomst was; leeg bij online of regionaal.",
                    example="GM0114",
                ),
                Column(
                    "deelnemers",
                    INT,
                    "Aantal deelnemers (bij een nieuwsbrief: aantal ontvangers).",
                    minimum=0,
                    plausible_max=5_000,
                    example="42",
                ),
                Column(
                    "ervaringsdeskundigen",
                    INT,
                    "Waarvan ervaringsdeskundigen.",
                    minimum=0,
                    plausible_max=500,
                    example="6",
                ),
                Column(
                    "organisaties",
                    INT,
                    "Aantal vertegenwoordigde organisaties.",
                    minimum=0,
                    plausible_max=300,
                    example="14",
                ),
            ),
            key=("datum", "soort", "titel"),
            duplicate_is_error=False,
            notes=(
                "Ervaringsdeskundigen horen bij de deelnemers: meer ervaringsdeskundigen dan "
                "deelnemers is een fout.",
                "Een datum buiten het programmajaar geeft een waarschuwing, net als twee rijen "
                "met dezelfde datum, soort en titel.",
            ),
        ),
        Sheet(
            "Partners",
            "De partners van het opgavenetwerk en hun AVK-team. Een AVK-team is compleet met 1 "
            "bestuurder, 2 managers of teamleiders en 2 mensen uit de uitvoering.",
            (
                Column(
                    "partner_id",
                    ID,
                    "Unieke code van de partner, bijvoorbeeld P001.",
                    required=True,
                    example="P001",
                ),
                Column(
                    "naam",
                    TEXT,
                    "Naam van de organisatie (partners zijn openbaar en mogen genoemd worden).",
                    required=True,
                    example="Gemeente Emmen",
                ),
                Column(
                    "sector",
                    CHOICE,
                    "Sector van de organisatie.",
                    required=True,
                    choices=SECTOREN,
                    example="gemeente",
                ),
                Column(
                    "gemeente_code",
                    GEMEENTE,
                    "Gemeente van vestiging.",
                    required=True,
                    example="GM0114",
                ),
                Column(
                    "avk_team_bestuurder",
                    INT,
                    "Aantal bestuurders in het AVK-team (norm 1; leeg = 0).",
                    minimum=0,
                    plausible_max=3,
                    example="1",
                ),
                Column(
                    "avk_team_managers",
                    INT,
                    "Aantal managers of teamleiders in het AVK-team (norm 2; leeg = 0).",
                    minimum=0,
                    plausible_max=10,
                    example="2",
                ),
                Column(
                    "avk_team_uitvoering",
                    INT,
                    "Aantal mensen uit de uitvoering in het AVK-team (norm 2; leeg = 0).",
                    minimum=0,
                    plausible_max=20,
                    example="2",
                ),
            ),
            key=("partner_id",),
            notes=("Ook de naam van een partner moet uniek zijn.",),
        ),
        Sheet(
            "Jaardoelen",
            "De jaardoelen voor bijeenkomsten en producten, bijvoorbeeld 2 nieuwsbrieven, 2 "
            "leerbijeenkomsten, 3 transitietafels en 1 congres per jaar (faseplan 3).",
            (
                Column(
                    "soort",
                    CHOICE,
                    "Soort bijeenkomst of product (zoals in het blad Bijeenkomsten).",
                    required=True,
                    choices=BIJEENKOMST_SOORTEN,
                    example="transitietafel",
                ),
                Column(
                    "streefaantal",
                    INT,
                    "Het aantal dat in het programmajaar gepland is.",
                    required=True,
                    minimum=0,
                    plausible_max=100,
                    example="3",
                ),
                Column(
                    "bron",
                    TEXT,
                    "Waar het jaardoel staat, bijvoorbeeld 'faseplan 3'.",
                    example="faseplan 3",
                ),
            ),
            key=("soort",),
        ),
    )
}

DATA_SHEETS = tuple(SHEETS)
ALL_SHEETS = (INFO_SHEET, *DATA_SHEETS)


def sheet(name: str) -> Sheet:
    """Return the contract of a data sheet."""
    return SHEETS[name]


def internal_columns() -> dict[str, list[str]]:
    """Return, per sheet, the free-text columns that must never be published."""
    out = {name: s.internal for name, s in SHEETS.items() if s.internal}
    out[INFO_SHEET] = [c.name for c in INFO_FIELDS if not c.publishable]
    return out


def is_person_unit(eenheid: object) -> bool:
    """Tell whether a unit counts people or households (disclosure control applies)."""
    return isinstance(eenheid, str) and eenheid in EENHEDEN_MENSEN
