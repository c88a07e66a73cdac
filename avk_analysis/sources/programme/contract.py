"""The contract of the programme workbook: sheets, columns, types, vocabularies and thresholds.

This module is the single source for the Excel template, the validation and the Dutch data
dictionary. Column names are the identifiers analysts and the validation use; every description
is Dutch because programme staff read it in the template and the data dictionary. The
vocabularies and thresholds are defined here; the info fields and the data sheets are data, in
``avk_analysis/data/werkboekcontract.yaml``, read and checked once, on import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from avk_analysis.vocabulary.datafiles import DataFileError, check_record, data_file, read_yaml

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
}
# Strategic goal 3 (learning) is organised by learning theme, not by kapitaalsvorm.
LEERTHEMAS: dict[str, str] = {
    "effectiviteit": "Weten welke interventies werken (toetsingskader, set werkende interventies)",
    "leren": "Van elkaar leren: lerend evalueren, leeragenda's, congres, monitor",
}
# Goals of strategic goal 1 and 2 carry a kapitaalsvorm; goals of strategic goal 3 a leerthema.
STRATEGISCH_DOEL_LEREN = 3
# Topics of the aggregated experiences of participants (sheet Ervaringen).
ERVARING_ONDERWERPEN = (
    "ervaren steun",
    "tevredenheid dienstverlening",
    "gehoord en serieus genomen",
    "vertrouwen in de toekomst",
    "meedoen in de buurt",
)
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

# What the monitor makes of the workbook (the report and the data dictionary say it in words):
# a goal is on track when its realisation is at least this share of where it should be by the
# peildatum (its target pro rata of the period startjaar-doeljaar that has passed) ...
ON_TRACK_SHARE = 0.75
# ... and reach is shown as a share of the households with a low income only where the workbook
# says how many reached households have a low income, and where the CBS counts at least this
# many such households (the CBS rounds these counts to hundreds).
MIN_NEED_FOR_SHARE = 1000

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


CONTRACT_FILE = "werkboekcontract.yaml"

# What the contract file may name: kinds of column, vocabularies (``choices``), bounds and texts.
_KINDS = frozenset({TEXT, ID, INT, NUMBER, DATE, CHOICE, GEMEENTE, GEMEENTEN, YEAR, QUARTER})
_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kapitaalsvormen": tuple(KAPITAALSVORMEN),
    "doel_statussen": DOEL_STATUSSEN,
    "oordelen": OORDELEN,
    "experiment_statussen": EXPERIMENT_STATUSSEN,
    "plaatstypen": PLAATSTYPEN,
    "bijeenkomst_soorten": BIJEENKOMST_SOORTEN,
    "sectoren": SECTOREN,
    "eenheden": EENHEDEN,
    "gegevenstypen": GEGEVENSTYPEN,
    "leerthemas": tuple(LEERTHEMAS),
    "ervaring_onderwerpen": ERVARING_ONDERWERPEN,
}
_BOUNDS: dict[str, int] = {"eerste_jaar": FIRST_YEAR, "laatste_jaar": LAST_YEAR}
_TEXTS: dict[str, str] = {
    "strategische_doelen": "; ".join(f"{k} = {v}" for k, v in STRATEGISCHE_DOELEN.items()),
}
_NUMBER = (int, float, str)
_COLUMN_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "kind": (str,),
    "description": (str,),
    "required": (bool,),
    "choices": (str,),
    "minimum": _NUMBER,
    "maximum": _NUMBER,
    "plausible_max": _NUMBER,
    "publishable": (bool,),
    "reference": (str,),
    "example": (str,),
}
_SHEET_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "columns": (list,),
    "key": (list,),
    "duplicate_is_error": (bool,),
    "notes": (list,),
}


def _bound(value: float | str, where: str) -> float:
    if not isinstance(value, str):
        return value
    if value not in _BOUNDS:
        raise DataFileError(
            f"{where}: {value!r} is geen getal of bekende grens ({', '.join(_BOUNDS)})"
        )
    return _BOUNDS[value]


def _description(text: str, where: str) -> str:
    out = text
    for name, value in _TEXTS.items():
        out = out.replace("{" + name + "}", value)
    if "{" in out or "}" in out:
        raise DataFileError(
            f"{where}: onbekend tekstdeel in {text!r} (bekend: {', '.join(_TEXTS)})"
        )
    if not out.strip():
        raise DataFileError(f"{where}: is leeg")
    return out


def _column(raw: object, sheet: str, n: int) -> Column:
    name = raw.get("name") if isinstance(raw, dict) else None
    where = f"{sheet}, kolom {name!r}" if isinstance(name, str) else f"{sheet}, kolom nr. {n}"
    rec = dict(check_record(raw, where, _COLUMN_FIELDS, ("name", "kind", "description")))
    if rec["kind"] not in _KINDS:
        raise DataFileError(
            f"{where}, veld 'kind': {rec['kind']!r} is geen soort kolom "
            f"(verwacht: {', '.join(sorted(_KINDS))})"
        )
    rec["description"] = _description(rec["description"], f"{where}, veld 'description'")
    choices = rec.pop("choices", None)
    if choices is not None and choices not in _VOCABULARIES:
        raise DataFileError(
            f"{where}, veld 'choices': {choices!r} is geen keuzelijst "
            f"(verwacht: {', '.join(_VOCABULARIES)})"
        )
    if (choices is not None) != (rec["kind"] == CHOICE):
        raise DataFileError(f"{where}, veld 'choices': hoort bij (en alleen bij) soort {CHOICE!r}")
    if choices is not None:
        rec["choices"] = _VOCABULARIES[choices]
    for bound in ("minimum", "maximum", "plausible_max"):
        if bound in rec:
            rec[bound] = _bound(rec[bound], f"{where}, veld {bound!r}")
    low, high = rec.get("minimum"), rec.get("maximum")
    if low is not None and high is not None and low > high:
        raise DataFileError(f"{where}, veld 'maximum': kleiner dan het minimum ({low})")
    return Column(**{k: v for k, v in rec.items() if v is not None})


def _columns(raw: list, where: str) -> tuple[Column, ...]:
    cols = tuple(_column(c, where, n) for n, c in enumerate(raw, start=1))
    names = [c.name for c in cols]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataFileError(f"{where}: kolom {', '.join(map(repr, twice))} staat er twee keer in")
    return cols


def _strings(value: list, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v for v in value):
        raise DataFileError(f"{where}: verwacht een lijst met teksten, niet {value!r}")
    return tuple(value)


def _sheet(raw: object, path: Path, n: int) -> Sheet:
    name = raw.get("name") if isinstance(raw, dict) else None
    where = f"{path}: blad {name!r}" if isinstance(name, str) else f"{path}: blad nr. {n}"
    rec = dict(check_record(raw, where, _SHEET_FIELDS, ("name", "description", "columns")))
    rec["description"] = _description(rec["description"], f"{where}, veld 'description'")
    rec["columns"] = _columns(rec["columns"], where)
    for name in ("key", "notes"):
        if name in rec:
            rec[name] = _strings(rec[name], f"{where}, veld {name!r}")
    sheet = Sheet(**rec)
    missing = [k for k in sheet.key if k not in sheet.names]
    if missing:
        raise DataFileError(f"{where}, veld 'key': geen kolom {', '.join(map(repr, missing))}")
    return sheet


def parse_contract(data: object, path: Path) -> tuple[tuple[Column, ...], dict[str, Sheet]]:
    """Check the parsed contract file and return (info fields, ``{name: Sheet}``) in file order."""
    if not isinstance(data, dict) or set(data) != {"info", "sheets"}:
        raise DataFileError(f"{path}: verwacht precies de onderdelen 'info' en 'sheets'")
    if not isinstance(data["info"], list) or not isinstance(data["sheets"], list):
        raise DataFileError(f"{path}: 'info' en 'sheets' moeten lijsten zijn")
    info = _columns(data["info"], f"{path}: blad {INFO_SHEET!r}")
    sheets: dict[str, Sheet] = {}
    for n, raw in enumerate(data["sheets"], start=1):
        sheet = _sheet(raw, path, n)
        if sheet.name in sheets or sheet.name in (INFO_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET):
            raise DataFileError(
                f"{path}: blad {sheet.name!r}: staat er twee keer in of is een gereserveerde naam"
            )
        sheets[sheet.name] = sheet
    for sheet in sheets.values():
        for col in sheet.columns:
            if not col.reference:
                continue
            target, _, column = col.reference.partition(".")
            if target not in sheets or column not in sheets[target].names:
                raise DataFileError(
                    f"{path}: blad {sheet.name!r}, kolom {col.name!r}, veld 'reference': "
                    f"{col.reference!r} is geen bestaand 'Blad.kolom'"
                )
    return info, sheets


@cache
def load_contract(path: Path | None = None) -> tuple[tuple[Column, ...], dict[str, Sheet]]:
    """Read and check the contract file once (default: the shipped ``werkboekcontract.yaml``)."""
    source = Path(path) if path is not None else data_file(CONTRACT_FILE)
    return parse_contract(read_yaml(source), source)


INFO_FIELDS: tuple[Column, ...]
SHEETS: dict[str, Sheet]
INFO_FIELDS, SHEETS = load_contract()

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
