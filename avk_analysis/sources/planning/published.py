"""Conversion rules from ``published_figures.csv`` (published figures) to planning deliveries.

``published_figures.csv`` (see data-sources.md §3) lists 238 figures quoted from public web pages
of Sociaal Planbureau Groningen, Trendbureau Drenthe, CBS and news sites, with English indicator
names and free-text notes. This module holds the rules that turn each row into one row of the
planning-office delivery format (``avk_analysis.sources.planning.delivery``):

* the indicator name (without its note in brackets) → a catalogue code, sometimes depending on
  the note or on the CBS table (the KWB rows keep their own KWB codes);
* the year text → one data year; a text with "UNSURE", a year pair "2020/2021" or an uncertain
  region set makes the row ``onzeker``; transitions "1995->2020" get the end year;
* "approx", "UNSURE", "estimate" or "?" in the indicator make the row ``onzeker``;
* region ``VK`` → ``VK_planbureaus``; pre-merger gemeente codes are kept as they are;
* the first URL in ``source`` → ``bron_url``, its domain → ``bron`` (the organisation), the rest of
  the text → ``opmerking``; ``table_id`` → ``publicatie`` (translated to Dutch where known).

Rows that cannot be converted are returned with a Dutch reason, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from avk_analysis.vocabulary import catalogue, regions

# published indicator name (before " (") → catalogue code
BASE_CODES: dict[str, str] = {
    # children below the lage-inkomensgrens
    "pct_minor_children_in_low_income_household": "kinderen_laag_inkomen_pct",
    "pct_children_in_low_income_household": "kinderen_laag_inkomen_pct",
    "pct_children_0_17_in_low_income_household": "kinderen_laag_inkomen_pct",
    "n_minor_children_in_low_income_household": "kinderen_laag_inkomen_aantal",
    "n_children_in_low_income_household": "kinderen_laag_inkomen_aantal",
    "n_children_0_17_in_low_income_household": "kinderen_laag_inkomen_aantal",
    "n_children_at_risk_of_poverty": "kinderen_laag_inkomen_aantal",
    "pct_minor_children_in_longterm_low_income_household": "kinderen_langdurig_laag_inkomen_pct",
    "n_minor_children_in_longterm_low_income_household": "kinderen_langdurig_laag_inkomen_aantal",
    "n_children_in_longterm_low_income_household": "kinderen_langdurig_laag_inkomen_aantal",
    # households below the lage-inkomensgrens / sociaal minimum
    "pct_households_low_income": "hh_laag_inkomen_pct",
    "n_households_low_income": "hh_laag_inkomen_aantal",
    "pct_households_longterm_low_income": "hh_langdurig_laag_inkomen_pct",
    "n_households_longterm_low_income": "hh_langdurig_laag_inkomen_aantal",
    "pct_households_income_up_to_110pct_social_minimum": "hh_tot_110_sm_pct",
    "pct_households_income_up_to_120pct_social_minimum": "hh_tot_120_sm_pct",
    "pct_households_low_income_group": "hh_tot_120_sm_pct",
    # persons
    "pct_persons_in_low_income_household": "personen_laag_inkomen_pct",
    "pct_persons_at_risk_of_poverty": "personen_laag_inkomen_pct",
    "pct_all_inhabitants_in_low_income_household": "personen_laag_inkomen_pct",
    "pct_all_inhabitants_longterm_low_income": "personen_langdurig_laag_inkomen_pct",
    "pct_persons_at_risk_of_poverty_without_income_support": (
        "personen_laag_inkomen_zonder_steun_pct"
    ),
    "pct_inhabitants_below_poverty_line_new_def": "personen_in_armoede_pct",
    "n_persons_below_poverty_line_new_def": "personen_in_armoede_aantal",
    "pct_persons_in_poverty_scp": "personen_armoede_scp_pct",
    "n_persons_in_poverty_scp": "personen_armoede_scp_aantal",
    "n_families_in_poverty": "gezinnen_in_armoede_aantal",
    # generational poverty in the Veenkoloniën (SPG/TD/RUG)
    "pct_persons_22_26_low_income": "jongvolwassenen_laag_inkomen_pct",
    "n_persons_22_26_low_income": "jongvolwassenen_laag_inkomen_aantal",
    "pct_men_22_26_low_income": "jongvolwassenen_mannen_laag_inkomen_pct",
    "pct_women_22_26_low_income": "jongvolwassenen_vrouwen_laag_inkomen_pct",
    "pct_fathers_with_low_income_among_fathers_of_low_income_22_26": (
        "vader_laag_inkomen_bij_arme_jongvolwassenen_pct"
    ),
    "n_fathers_with_low_income_of_low_income_22_26": (
        "vader_laag_inkomen_bij_arme_jongvolwassenen_aantal"
    ),
    "pct_mothers_with_low_income_among_mothers_of_low_income_22_26": (
        "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct"
    ),
    "n_mothers_with_low_income_of_low_income_22_26": (
        "moeder_laag_inkomen_bij_arme_jongvolwassenen_aantal"
    ),
    "pct_fathers_with_low_income_among_fathers_of_all_22_26": (
        "vader_laag_inkomen_bij_alle_jongvolwassenen_pct"
    ),
    "pct_mothers_with_low_income_among_mothers_of_all_22_26": (
        "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct"
    ),
    "pct_all_22_26_living_independently": "jongvolwassenen_uitwonend_pct",
    "pct_independent_low_income_22_26_with_low_income_father": (
        "vader_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct"
    ),
    "pct_independent_low_income_22_26_with_low_income_mother": (
        "moeder_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct"
    ),
    "pct_all_independent_22_26_with_low_income_father": (
        "vader_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct"
    ),
    "pct_all_independent_22_26_with_low_income_mother": (
        "moeder_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct"
    ),
    "pct_longterm_among_persons_with_low_income": "langdurig_onder_laag_inkomen_pct",
    "pct_longterm_among_22_26_with_low_income": "langdurig_onder_arme_jongvolwassenen_pct",
    "pct_change_n_poor_young_adults_22_26": "jongvolwassenen_laag_inkomen_groei_pct",
    # national studies of transmission between generations (CBS 2023, SCP 2011)
    "pct_children_from_1995_low_income_household_with_low_income_25y_later": (
        "kinderen_laag_inkomen_later_laag_inkomen_pct"
    ),
    "pct_foreign_born_children_from_low_income_household_with_low_income_later": (
        "kinderen_laag_inkomen_later_laag_inkomen_buiten_nl_geboren_pct"
    ),
    "share_children_from_low_income_household_with_longterm_low_income_in_2020": (
        "kinderen_laag_inkomen_later_langdurig_laag_inkomen_pct"
    ),
    "pct_poor_0_17_in_1985_poor_in_2008": "kinderen_arm_later_arm_scp_pct",
    "pct_nonpoor_0_17_in_1985_poor_in_2008": "kinderen_niet_arm_later_arm_scp_pct",
    # income lines (euro per month)
    "lage_inkomensgrens_alleenstaande_per_maand": "lage_inkomensgrens_alleenstaande",
    "lage_inkomensgrens_eenpersoonshuishouden_per_maand": "lage_inkomensgrens_alleenstaande",
    "lage_inkomensgrens_paar_per_maand": "lage_inkomensgrens_paar",
    "lage_inkomensgrens_paar_2_minderjarige_kinderen_per_maand": (
        "lage_inkomensgrens_paar_2_kinderen"
    ),
    "lage_inkomensgrens_paar_2_kinderen_per_maand": "lage_inkomensgrens_paar_2_kinderen",
    "lage_inkomensgrens_gezin_2_kinderen_per_maand": "lage_inkomensgrens_paar_2_kinderen",
    "lage_inkomensgrens_alleenstaande_ouder_1_kind_per_maand": (
        "lage_inkomensgrens_eenouder_1_kind"
    ),
    "110pct_sociaal_minimum_eenpersoons_per_maand_netto": "sociaal_minimum_110_alleenstaande",
    "110pct_sociaal_minimum_paar_per_maand_netto": "sociaal_minimum_110_paar",
    "120pct_sociaal_minimum_eenpersoons_per_maand_netto": "sociaal_minimum_120_alleenstaande",
    "120pct_sociaal_minimum_paar_per_maand_netto": "sociaal_minimum_120_paar",
    # CBS Kerncijfers wijken en buurten, as shown on StatLine pages
    "n_income_recipients": "inkomensontvangers",
    "avg_income_per_recipient": "gem_inkomen_per_inkomensontvanger",
    "avg_income_per_inhabitant": "gem_inkomen_per_inwoner",
    "pct_persons_in_national_bottom40_income": "personen_laagste_40_pct",
    "pct_persons_in_national_top20_income": "personen_hoogste_20_pct",
    "avg_standardised_household_income": "gem_gestandaardiseerd_inkomen_hh",
    "pct_households_in_national_bottom40": "hh_laagste_40_pct",
    "pct_households_in_national_top20": "hh_hoogste_20_pct",
    "median_wealth_private_households": "mediaan_vermogen_hh",
    "n_persons_bijstand": "personen_bijstand",
    "n_persons_AO_uitkering": "personen_ao_uitkering",
    "n_persons_WW_uitkering": "personen_ww_uitkering",
    "n_persons_AOW_uitkering": "personen_aow_uitkering",
    "n_youth_with_jeugdzorg_in_natura": "jongeren_jeugdzorg_in_natura",
}

# (base name, text in the note) → code; checked before BASE_CODES
NOTE_CODES: dict[tuple[str, str], str] = {
    ("pct_households_low_income", "old definition"): "hh_laag_inkomen_oude_definitie_pct",
}

# base name → KWB code when the row comes from a KWB table (the KWB block is its own series)
KWB_CODES: dict[str, str] = {
    "pct_households_low_income": "kwb_hh_laag_inkomen_pct",
    "pct_households_below_or_around_social_minimum": "kwb_hh_sociaal_minimum_pct",
    "pct_households_up_to_110pct_social_minimum": "kwb_hh_tot_110_sm_pct",
    "pct_households_up_to_120pct_social_minimum": "kwb_hh_tot_120_sm_pct",
}
KWB_TABLES = frozenset(
    {"84286NED", "84583NED", "84799NED", "85039NED", "85318NED", "85618NED", "85984NED"}
)

# unit in published_figures.csv → catalogue units it may be converted into
UNIT_MATCHES: dict[str, frozenset[str]] = {
    "%": frozenset({catalogue.PCT, catalogue.PCT_CHANGE}),
    "persons": frozenset({catalogue.COUNT}),
    "households": frozenset({catalogue.COUNT}),
    "EUR/month": frozenset({catalogue.EUR_PM}),
    "x1000 EUR": frozenset({catalogue.K_EUR}),
}

# domain of the source page → organisation (bron); unknown domains are shown as the domain
ORGANISATIONS: dict[str, str] = {
    "sociaalplanbureaugroningen.nl": "Sociaal Planbureau Groningen",
    "trendbureaudrenthe.nl": "Trendbureau Drenthe",
    "cbs.nl": "CBS",
    "rtvdrenthe.nl": "RTV Drenthe",
    "rtvnoord.nl": "RTV Noord",
    "menterwolde.info": "Menterwolde.info",
    "tienpuntenplan.nl": "Tienpuntenplan.nl",
    "sociaalweb.nl": "Sociaalweb",
    "provincie.drenthe.nl": "Provincie Drenthe",
    "kansrijk-opgroeien.nl": "Kansrijk Opgroeien",
    "nieuws.nl": "Nieuws.nl",
    "oogtv.nl": "OOG tv",
    "nhnieuws.nl": "NH Nieuws",
    "sargasso.nl": "Sargasso",
    "alliantievankracht.nl": "Alliantie van Kracht",
}

# table_id (source series) → Dutch publication / series name; unknown ones are kept as they are
SERIES_NL: dict[str, str] = {
    "CBS lage-inkomensgrens (secondary; CBS table not named)": (
        "CBS lage-inkomensgrens (secundair; CBS-tabel niet genoemd)"
    ),
    "CBS microdata (SPG/TD/RUG analysis)": "CBS-microdata (analyse SPG/TD/RUG)",
    "CBS/SCP/Nibud armoedegrens (new definition, publ. 2024-10; CBS table not named)": (
        "Armoedegrens CBS/SCP/Nibud (nieuwe definitie, publ. 2024-10; CBS-tabel niet genoemd)"
    ),
    "CBS (sociaal minimum)": "CBS (sociaal minimum)",
    "SCP niet-veel-maar-toereikend criterium (secondary)": (
        "SCP niet-veel-maar-toereikend-criterium (secundair)"
    ),
    "CBS 'Armoedeoverdracht tussen generaties 2020' (microdata study)": (
        "CBS 'Armoedeoverdracht tussen generaties 2020' (microdata-onderzoek)"
    ),
    "CBS 'laag inkomen' (grens EUR 12,140/jr prijspeil 2013; pre-revision series, "
    "not comparable)": (
        "CBS 'laag inkomen' (grens € 12.140 per jaar, prijspeil 2013; reeks van vóór de "
        "revisie, niet vergelijkbaar)"
    ),
    "RUG study (secondary)": "Onderzoek RUG (secundair)",
    "CBS / Kinderen in Tel (secondary)": "CBS / Kinderen in Tel (secundair)",
    "SCP 'Later arm, later rijk?' (CBS microdata)": "SCP 'Later arm, later rijk?' (CBS-microdata)",
}

# published indicators deliberately not converted, with the reason (shown in the docs)
LEFT_OUT: dict[str, str] = {
    "pct_single_parent_households_low_income": (
        "geen passende catalogus-code (eenoudergezinnen, bron 'Kinderen in Tel')"
    ),
    "n_persons_very_longterm_poverty": (
        "begrip 'zeer langdurig arm' is niet omschreven (RUG-onderzoek, via een nieuwssite)"
    ),
    "n_children_very_longterm_poverty": (
        "begrip 'zeer langdurig arm' is niet omschreven (RUG-onderzoek, via een nieuwssite)"
    ),
    "pct_minor_children_in_poverty": (
        "kengetal van de homepage zonder definitie: grens en peiljaar zijn onbekend"
    ),
}

PUBLISHED_VK = "VK"
VK_DEFINITION = "planbureaus"
PLANNING_VK_NAME = "Veenkolonien (SPG/TD def: 12 pre-2018 gemeenten)"
UNCERTAIN_MARKERS = ("unsure", "approx", "estimate", "?")
PUBLISHED_COLUMNS = (
    "source",
    "table_id",
    "year",
    "region_code",
    "region_name",
    "indicator",
    "value",
    "unit",
)

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class YearText:
    """A published year text read as one data year (or not readable)."""

    year: int | None
    uncertain: bool
    reason: str = ""  # why no year could be read


@dataclass(frozen=True)
class Converted:
    """One published row: its delivery row, or the reason it was left out."""

    line: int  # line in published_figures.csv (header = 1)
    source: dict[str, str]
    row: dict[str, str] | None
    reason: str = ""


def split_indicator(text: str) -> tuple[str, str]:
    """Split 'name (note)' into the name and the note (without brackets)."""
    name, _, rest = text.strip().partition(" (")
    return name.strip(), rest.rstrip(")").strip()


def indicator_code(text: str, table_id: str = "") -> str | None:
    """Return the catalogue code of a published indicator name, or None when there is none."""
    base, note = split_indicator(text)
    for (name, marker), code in NOTE_CODES.items():
        if base == name and marker in note:
            return code
    if table_id.strip() in KWB_TABLES and base in KWB_CODES:
        return KWB_CODES[base]
    return BASE_CODES.get(base)


def parse_year(text: str) -> YearText:
    """Read a published year text ('2020', '2020 (UNSURE; ...)', '1995->2020/2021', ...)."""
    raw = text.strip()
    unsure = "unsure" in raw.lower()
    if m := re.fullmatch(r"(\d{4})(?: \((.*)\))?", raw, flags=re.S):
        return YearText(int(m.group(1)), unsure)
    if m := re.fullmatch(r"(\d{4})/(\d{4})", raw):
        return YearText(int(m.group(1)), True)
    if m := re.fullmatch(r"(\d{4})->(\d{4})(/\d{4})?", raw):
        return YearText(int(m.group(2)), bool(m.group(3)))
    return YearText(None, True, f"geen eenduidig peiljaar in {raw!r}")


def is_uncertain_indicator(text: str) -> bool:
    """Tell whether the published indicator name marks the figure as approximate or unsure."""
    low = text.lower()
    return any(marker in low for marker in UNCERTAIN_MARKERS)


def split_source(text: str) -> tuple[str, str]:
    """Split a source text into its first URL and the remaining note."""
    m = _URL.search(text)
    if not m:
        return "", text.strip()
    rest = (text[: m.start()] + text[m.end() :]).strip()
    return m.group(0), rest.strip("() ").strip()


def organisation(url: str) -> str:
    """Return the organisation that publishes a web page (by its domain)."""
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.")
    return ORGANISATIONS.get(host, host)


def publisher(name: str, url: str) -> str:
    """Return who published the page: the named publisher, or the organisation of its domain."""
    name = name.strip()
    if not name or (" " not in name and "." in name):  # a bare domain such as 'rtvdrenthe.nl'
        return organisation(url)
    return name


def series_name(table_id: str) -> str:
    """Return the Dutch publication / series name for a published table_id."""
    return SERIES_NL.get(table_id.strip(), table_id.strip())


def _fmt_value(value: float) -> str:
    """Write a number with a decimal comma and no thousands separator."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def convert_row(src: dict[str, str], line: int) -> Converted:
    """Convert one row of published_figures.csv into a delivery row (or give the reason why not)."""
    reasons: list[str] = []
    base, _ = split_indicator(src["indicator"])
    code = indicator_code(src["indicator"], src["table_id"])
    if code is None:
        reasons.append(LEFT_OUT.get(base, f"geen catalogus-code voor {base!r}"))
    else:
        ind = catalogue.get(code)
        unit = src["unit"].strip()
        if ind.unit not in UNIT_MATCHES.get(unit, frozenset()):
            reasons.append(f"eenheid {unit!r} past niet bij {code} ({ind.unit!r})")
    year = parse_year(src["year"])
    if year.year is None:
        reasons.append(year.reason)
    try:
        value = float(src["value"])
    except ValueError:
        reasons.append(f"waarde {src['value']!r} is geen getal")
    if reasons or code is None or year.year is None:
        return Converted(line, src, None, "; ".join(reasons))
    ind = catalogue.get(code)
    url, source_note = split_source(src["source"])
    if not url:
        return Converted(line, src, None, "geen webadres in de kolom source")

    uncertain = year.uncertain or is_uncertain_indicator(src["indicator"])
    region = src["region_code"].strip()
    notes = [f"oorspronkelijke indicator: {src['indicator'].strip()}"]
    if src["year"].strip() != str(year.year):
        notes.append(f"oorspronkelijk jaar: {src['year'].strip()}")
    if region == PUBLISHED_VK:
        region = regions.veenkolonien_code(VK_DEFINITION)
        if src["region_name"].strip() != PLANNING_VK_NAME:
            uncertain = True
            notes.append(
                f"regio volgens bron: {src['region_name'].strip()} (gemeenteset niet genoemd; "
                f"ingedeeld bij {regions.veenkolonien_name(VK_DEFINITION)})"
            )
    elif regions.is_former_gemeente(region) and not regions.is_current_gemeente(region):
        notes.append(f"regio volgens bron: {src['region_name'].strip()}")
    if source_note:
        notes.append(f"bij de bron: {source_note}")
    row = {
        "bron": publisher(src.get("publisher", ""), url),
        "publicatie": series_name(src["table_id"]),
        "bron_url": url,
        "indicator": code,
        "definitie": ind.definition,
        "regiocode": region,
        "jaar": str(year.year),
        "waarde": _fmt_value(value),
        "eenheid": ind.unit,
        "status": "echt",
        "onzeker": "ja" if uncertain else "nee",
        "soort_bron": "secundair"
        if src.get("source_kind", "").strip() == "secondary"
        else "primair",
        "opmerking": "; ".join(notes),
    }
    return Converted(line, src, row)


def convert_rows(rows: list[dict[str, str]]) -> list[Converted]:
    """Convert all rows of published_figures.csv (line numbers start at 2, below the header)."""
    return [convert_row(src, line) for line, src in enumerate(rows, start=2)]
