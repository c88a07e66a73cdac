"""The registry of CBS tables the monitor reads, and which measures become which indicator.

Measures are declared by their key *stem* (the v3 key without its ``_NN`` ordinal, which shifts
between editions and revisions) and by title, never by ordinal. Each measure says in which
editions it is looked for and in which it is required: a required measure that is missing is an
error (``CbsMissingMeasure``); an optional one that is missing is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_KWB = "kwb"
KIND_LLI = "lli"

KWB_TITLE = "Kerncijfers wijken en buurten {year}"
LLI_TITLE = "Laag en langdurig laag inkomen; huishoudenskenmerken, regio (indeling {year})"
#: Titles that differ from the pattern: 86006NED as 85678NED's successor note names it.
LLI_TITLES: dict[str, str] = {
    "86006NED": "Laag en langdurig laag inkomen; regio (indeling 2024)",
}

#: KWB edition year → table id.
KWB_TABLES: dict[int, str] = {
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}

#: "Laag en langdurig laag inkomen" editions: gemeente indeling year → table id. 86006NED
#: (indeling 2024) succeeds the discontinued 85678NED (its Properties: "Gediscontinueerd", "wordt
#: opgevolgd door ... (indeling 2024)"); 86202NED (indeling 2025) is registered from a cbs.nl page
#: and a third-party column list only (see docs/cbs_sleutels.md).
LLI_TABLES: dict[int, str] = {
    2017: "83921NED",
    2019: "84641NED",
    2023: "85678NED",
    2024: "86006NED",
    2025: "86202NED",
}

#: Data years (Perioden) each LLI edition holds, as CBS has them: 83921NED 2011-2016, 84641NED
#: 2011-2018, 86006NED 2011-2023 (v3 answers), 85678NED 2011-2022 (v4 "TemporalCoverage").
#: 86202NED is inferred (every edition starts in 2011; its last year is the one before its
#: indeling year). Used by the demo snapshot and for the Verantwoording.
LLI_PERIODS: dict[str, tuple[int, int]] = {
    "83921NED": (2011, 2016),
    "84641NED": (2011, 2018),
    "85678NED": (2011, 2022),
    "86006NED": (2011, 2023),
    "86202NED": (2011, 2024),
}

#: Tables CBS no longer updates, with their successor (still read: they hold older indelingen).
DISCONTINUED: dict[str, str] = {"85678NED": "86006NED"}

# LLI dimensions and categories: found by CBS key first, by title only as a fallback (exact,
# then a unique prefix or containment match, never a guess between two). The keys and titles are
# those of CBS's own answers (tests/sources/cbs/fixtures/recordings/, from
# /work/shared/domain/cbs-recordings): the v4 code lists of 85678NED and the v3 titles of
# 83921NED, 84641NED, 85678NED and 86006NED. Which key is confirmed for which table, and which
# is inferred: docs/cbs_sleutels.md.
LLI_DIM_KEYS_INKOMENSGRENS = ("InkomensgrensHuishouden",)
LLI_DIM_KEYS_DUUR = ("DuurInkomenspositie",)
LLI_DIM_KEYS_KENMERKEN = ("KenmerkenVanHuishoudens",)
LLI_KEYS_LAGE_INKOMENSGRENS: tuple[str, ...] = ("1050290",)
LLI_KEYS_TEN_MINSTE_1_JAAR: tuple[str, ...] = ("A028721",)
LLI_KEYS_VIER_JAAR_OF_LANGER: tuple[str, ...] = ("A028724",)
LLI_KEYS_TOTAAL_HUISHOUDENS: tuple[str, ...] = ("1050010",)
# Category titles (the fallback), as CBS spells them.
LLI_LAGE_INKOMENSGRENS = "Inkomen tot lage-inkomensgrens"
LLI_TEN_MINSTE_1_JAAR = "Ten minste 1 jaar"
LLI_VIER_JAAR_OF_LANGER = "Vier jaar of langer"
LLI_TOTAAL_HUISHOUDENS = "Particuliere huishoudens"


@dataclass(frozen=True)
class Kenmerk:
    """A household characteristic of the LLI tables: who has a low income (wie is arm)."""

    key: str  # CBS category key in KenmerkenVanHuishoudens (v4 code list of 85678NED)
    slug: str  # suffix of its indicator codes
    title: str  # CBS title (the fallback)
    group: str  # samenstelling, leeftijd, inkomstenbron, woning


#: The characteristics read per region and year (households below the lage-inkomensgrens, at least
#: one year). Aggregates CBS also lists ("Type: Paar, totaal", "Bron: Overdrachtsinkomen", ...)
#: are left out, so the categories of a group do not overlap. Keys and titles: the v4 code list
#: of 85678NED (tests/sources/cbs/fixtures/recordings/); in the other editions inferred to be the
#: same.
LLI_KENMERKEN: tuple[Kenmerk, ...] = (
    Kenmerk("1050015", "eenpersoons", "Type: Eenpersoonshuishouden", "samenstelling"),
    Kenmerk("1050190", "eenouder", "Type: Eenoudergezin", "samenstelling"),
    Kenmerk("1017780", "paar_zonder_kind", "Type: Paar, zonder kind", "samenstelling"),
    Kenmerk("1016090", "paar_met_kind", "Type: Paar, met kind(eren)", "samenstelling"),
    Kenmerk("1050220", "meerpersoons_overig", "Type: Meerpersoonshuishouden, overig",
            "samenstelling"),
    Kenmerk("A025340", "hkw_tot_25", "Hoofdkostwinner: tot 25 jaar", "leeftijd"),
    Kenmerk("A025343", "hkw_25_45", "Hoofdkostwinner: 25 tot 45 jaar", "leeftijd"),
    Kenmerk("A025351", "hkw_45_65", "Hoofdkostwinner: 45 tot 65 jaar", "leeftijd"),
    Kenmerk("A025359", "hkw_65_plus", "Hoofdkostwinner: 65 jaar of ouder", "leeftijd"),
    Kenmerk("1013400", "bron_werknemer", "Bron: Inkomen als werknemer", "inkomstenbron"),
    Kenmerk("1013601", "bron_zelfstandige", "Bron: Inkomen als zelfstandige (totaal)",
            "inkomstenbron"),
    Kenmerk("1013750", "bron_werkloosheid", "Bron: Uitkering werkloosheid", "inkomstenbron"),
    Kenmerk("1013800", "bron_arbeidsongeschiktheid", "Bron: Uitkering arbeidsongeschiktheid",
            "inkomstenbron"),
    Kenmerk("1013850", "bron_pensioen", "Bron: Uitkering pensioen", "inkomstenbron"),
    Kenmerk("1013900", "bron_sociale_voorziening", "Bron: Uitkering sociale voorziening",
            "inkomstenbron"),
    Kenmerk("1014800", "eigen_woning", "Woningbezit: eigen woning", "woning"),
    Kenmerk("1014950", "huur_zonder_toeslag", "Woningbezit: huurwoning geen huurtoeslag",
            "woning"),
    Kenmerk("1014900", "huur_met_toeslag", "Woningbezit: huurwoning met huurtoeslag", "woning"),
)  # fmt: skip


def kenmerk(slug: str) -> Kenmerk:
    """Return the characteristic with ``slug``."""
    return next(k for k in LLI_KENMERKEN if k.slug == slug)


def kenmerk_indicator(item: Kenmerk, kind: str) -> str:
    """Return the indicator code of a characteristic: ``hh_laag_inkomen_<kind>_<slug>``."""
    return f"hh_laag_inkomen_{kind}_{item.slug}"


# Words that identify the LLI dimensions by title when none of the keys above is present.
LLI_DIM_INKOMENSGRENS = "inkomensgrens"
LLI_DIM_DUUR = "duur"
LLI_DIM_KENMERKEN = "kenmerken"

#: KWB keys the country under ``NL00``; the monitor uses ``NL01`` like the other tables.
KWB_COUNTRY_KEY = "NL00"
COUNTRY_CODE = "NL01"


@dataclass(frozen=True)
class MeasureSpec:
    """One CBS measure: how to find it and in which editions it is looked for / required."""

    name: str  # indicator code (KWB) or measure role (LLI, e.g. "hh_aantal")
    stems: tuple[str, ...]
    titles: tuple[str, ...] = ()
    first: int | None = None  # first edition year in which the measure is looked for
    last: int | None = None  # last edition year in which the measure is looked for
    required_from: int | None = None  # None: never required
    required_to: int | None = None
    # CBS fills KWB editions in quarterly phases and may add a measure only in a later release
    # of the same edition (85984NED of 2025-03 lacks PersonenInArmoede): absent means "no figure
    # yet" (CBS symbol "."), never an error and never a zero.
    filled_later: bool = False

    def applies(self, year: int) -> bool:
        """Tell whether the measure is looked for in edition ``year``."""
        return (self.first is None or year >= self.first) and (
            self.last is None or year <= self.last
        )

    def required(self, year: int) -> bool:
        """Tell whether a missing measure is an error in edition ``year``."""
        if self.required_from is None or not self.applies(year):
            return False
        return year >= self.required_from and (self.required_to is None or year <= self.required_to)


def _always(name: str, stems: tuple[str, ...], titles: tuple[str, ...] = ()) -> MeasureSpec:
    return MeasureSpec(name, stems, titles, required_from=0)


def _optional(name: str, stems: tuple[str, ...], titles: tuple[str, ...] = ()) -> MeasureSpec:
    return MeasureSpec(name, stems, titles)


KWB_MEASURES: tuple[MeasureSpec, ...] = (
    _always("inwoners", ("AantalInwoners",), ("Aantal inwoners",)),
    _always("huishoudens", ("HuishoudensTotaal",), ("Huishoudens totaal",)),
    # The household low-income block ends with KWB 2023 (definition break in KWB 2024).
    MeasureSpec(
        "kwb_hh_laag_inkomen_pct",
        ("HuishoudensMetEenLaagInkomen",),
        ("Huishoudens met een laag inkomen",),
        first=2017,
        last=2023,
        required_from=2017,
        required_to=2023,
    ),
    MeasureSpec(
        "kwb_hh_sociaal_minimum_pct",
        ("HuishOnderOfRondSociaalMinimum",),
        ("Huish. onder of rond sociaal minimum", "Huishoudens onder of rond sociaal minimum"),
        first=2017,
        last=2023,
        required_from=2017,
        required_to=2023,
    ),
    MeasureSpec(
        "kwb_hh_tot_110_sm_pct",
        ("HuishoudensTot110VanSociaalMinimum",),
        ("Huishoudens tot 110% van sociaal minimum",),
        first=2018,
        last=2023,
        required_from=2018,
        required_to=2023,
    ),
    MeasureSpec(
        "kwb_hh_tot_120_sm_pct",
        ("HuishoudensTot120VanSociaalMinimum",),
        ("Huishoudens tot 120% van sociaal minimum",),
        first=2018,
        last=2023,
        required_from=2018,
        required_to=2023,
    ),
    # New CBS/SCP/Nibud poverty line from KWB 2024: a separate series, never spliced onto the
    # old block. The first releases of KWB 2024 (85984NED, 2025-03/04) still carry the old
    # household block, empty, and no PersonenInArmoede; later releases replace the block by
    # PersonenInArmoede_81 / PersonenTot25BovenArmoedegrens_82 (FINDINGS §3). Absent → no figure.
    MeasureSpec(
        "personen_in_armoede_pct",
        ("PersonenInArmoede",),
        ("Personen in armoede",),
        first=2024,
        filled_later=True,
    ),
    MeasureSpec(
        "personen_tot_25_boven_armoedegrens_pct",
        ("PersonenTot25BovenArmoedegrens",),
        ("Personen tot 25% boven armoedegrens",),
        first=2024,
        filled_later=True,
    ),
    MeasureSpec(
        "gem_inkomen_per_inwoner",
        ("GemiddeldInkomenPerInwoner",),
        ("Gemiddeld inkomen per inwoner",),
        first=2017,
        required_from=2017,
        required_to=2024,
    ),
    # Optional: its presence in every KWB edition since 2017 is not confirmed.
    _optional(
        "personen_bijstand",
        ("PersonenPerSoortUitkeringBijstand",),
        ("Personen per soort uitkering; Bijstand", "Bijstand"),
    ),
    # Context of the nature of poverty (aard), per kapitaalsvorm. All optional: the stems are
    # those seen in public code reading KWB 2018-2024 through the CBS API (ordinals vary; see
    # /work/shared/domain/data-sources.md §1a); an edition without them simply lacks the figure.
    _optional(
        "personen_ao_uitkering",
        ("PersonenPerSoortUitkeringAO",),
        ("Personen per soort uitkering; Arbeidsongeschiktheid", "Personen per soort uitkering; AO"),
    ),
    _optional(
        "personen_ww_uitkering",
        ("PersonenPerSoortUitkeringWW",),
        ("Personen per soort uitkering; Werkloosheid", "Personen per soort uitkering; WW"),
    ),
    _optional(
        "personen_aow_uitkering",
        ("PersonenPerSoortUitkeringAOW",),
        ("Personen per soort uitkering; AOW",),
    ),
    MeasureSpec(
        "mediaan_vermogen_hh",
        ("MediaanVermogenVanParticuliereHuish",),
        ("Mediaan vermogen van particuliere huishoudens",),
        first=2018,  # not in KWB 2017 (83765NED)
    ),
    _optional(
        "jongeren_jeugdzorg_in_natura",
        ("JongerenMetJeugdzorgInNatura",),
        ("Jongeren met jeugdzorg in natura",),
    ),
    # Education level: "Opleidingsniveau laag/middelbaar/hoog" up to KWB 2022; from verslagjaar
    # 2023 CBS renamed the theme "Onderwijs" ("Hoogst behaald onderwijsniveau": basisonderwijs,
    # vmbo, mbo1 / havo, vwo, mbo2-4 / hbo, wo; persons aged 15-75 on 1 October), seen in the real
    # DataProperties of 85984NED. Both names are looked for, the older stem first.
    _optional(
        "opleidingsniveau_laag",
        ("OpleidingsniveauLaag", "BasisonderwijsVmboMbo1"),
        ("Opleidingsniveau laag", "Basisonderwijs, vmbo, mbo1"),
    ),
    _optional(
        "opleidingsniveau_middelbaar",
        ("OpleidingsniveauMiddelbaar", "HavoVwoMbo24"),
        ("Opleidingsniveau middelbaar", "Havo, vwo, mbo2-4"),
    ),
    _optional(
        "opleidingsniveau_hoog",
        ("OpleidingsniveauHoog", "HboWo"),
        ("Opleidingsniveau hoog", "Hbo, wo"),
    ),
)

#: The optional context measures of the nature of poverty (aard), read where an edition has them.
KWB_CONTEXT_MEASURES: tuple[str, ...] = (
    "personen_bijstand",
    "personen_ao_uitkering",
    "personen_ww_uitkering",
    "personen_aow_uitkering",
    "mediaan_vermogen_hh",
    "jongeren_jeugdzorg_in_natura",
    "opleidingsniveau_laag",
    "opleidingsniveau_middelbaar",
    "opleidingsniveau_hoog",
)


@dataclass(frozen=True)
class LliSubject:
    """One unit of count in an LLI table (households, persons, minor children)."""

    subject: str  # "hh", "personen", "kinderen"
    count: MeasureSpec  # published x 1 000
    share: MeasureSpec  # % of the subject's total
    basis: str  # indicator of the derived base (count / share)

    def indicator(self, langdurig: bool, kind: str) -> str:
        """Return the indicator code for a duration and ``kind`` ("aantal" or "pct")."""
        middle = "langdurig_laag_inkomen" if langdurig else "laag_inkomen"
        return f"{self.subject}_{middle}_{kind}"


def _lli_subject(
    subject: str, stems: tuple[str, ...], titles: tuple[str, ...], required: bool
) -> LliSubject:
    req = 0 if required else None
    count = MeasureSpec(f"{subject}_aantal", stems, titles, required_from=req)
    share = MeasureSpec(
        f"{subject}_pct",
        tuple(f"{stem}Relatief" for stem in stems),
        tuple(f"{title} relatief" for title in titles),
        required_from=req,
    )
    return LliSubject(subject, count, share, f"{subject}_basis")


#: LLI editions whose three subjects are confirmed by CBS's own answers (v3 column names of
#: 83921NED, 84641NED, 85678NED and 86006NED; v4 measure codes of 85678NED): all required there.
LLI_CONFIRMED = frozenset({"83921NED", "84641NED", "85678NED", "86006NED"})


def lli_subjects(table_id: str) -> tuple[LliSubject, ...]:
    """Return the households/persons/children measures of an LLI edition.

    The children's measure is ``MinderjarigeKinderen_3`` ("Minderjarige kinderen") from 85678NED
    on and ``Kinderen_3`` ("Kinderen") in 83921NED and 84641NED; both stems are looked for, the
    key first. Every subject is required in the confirmed editions; in 86202NED, known only from
    third-party code, persons and children are optional.
    """
    confirmed = table_id in LLI_CONFIRMED
    return (
        _lli_subject(
            "hh", ("ParticuliereHuishoudens",), ("Particuliere huishoudens",), required=True
        ),
        _lli_subject("personen", ("Personen",), ("Personen",), required=confirmed),
        _lli_subject(
            "kinderen",
            ("MinderjarigeKinderen", "Kinderen"),
            ("Minderjarige kinderen", "Kinderen"),
            required=confirmed,
        ),
    )


def lli_indicators(table_id: str) -> tuple[str, ...]:
    """Return the indicator codes an LLI edition gives (both durations, counts, shares, bases).

    The characteristics (:data:`LLI_KENMERKEN`) are not listed: they are optional per edition.
    """
    out: list[str] = []
    for subject in lli_subjects(table_id):
        for langdurig in (False, True):
            out += [subject.indicator(langdurig, "aantal"), subject.indicator(langdurig, "pct")]
        out.append(subject.basis)
    return tuple(out)


@dataclass(frozen=True)
class TableSpec:
    """A registry entry: what a CBS table is and how to read it."""

    table_id: str
    kind: str  # KIND_KWB or KIND_LLI
    year: int  # KWB edition year, or LLI gemeente indeling year
    title: str
    measures: tuple[MeasureSpec, ...] = field(default=())

    @property
    def statline_url(self) -> str:
        """Return the table's StatLine page."""
        return f"https://opendata.cbs.nl/#/CBS/nl/dataset/{self.table_id}"

    def measures_for_year(self) -> tuple[MeasureSpec, ...]:
        """Return the measures that are looked for in this edition."""
        return tuple(m for m in self.measures if m.applies(self.year))

    def indicators(self) -> tuple[str, ...]:
        """Return the indicator codes this table gives (what is missing when it cannot be read)."""
        if self.kind == KIND_LLI:
            return lli_indicators(self.table_id)
        return tuple(m.name for m in self.measures_for_year())

    @property
    def successor(self) -> str:
        """Return the table that succeeds this discontinued one ("" while CBS updates it)."""
        return DISCONTINUED.get(self.table_id, "")


def _registry() -> dict[str, TableSpec]:
    out: dict[str, TableSpec] = {}
    for year, table_id in KWB_TABLES.items():
        out[table_id] = TableSpec(
            table_id, KIND_KWB, year, KWB_TITLE.format(year=year), KWB_MEASURES
        )
    for year, table_id in LLI_TABLES.items():
        measures = tuple(m for s in lli_subjects(table_id) for m in (s.count, s.share))
        title = LLI_TITLES.get(table_id, LLI_TITLE.format(year=year))
        out[table_id] = TableSpec(table_id, KIND_LLI, year, title, measures)
    return out


REGISTRY: dict[str, TableSpec] = _registry()


def get(table_id: str) -> TableSpec:
    """Return the registry entry of a table id (KeyError with a Dutch message if unknown)."""
    try:
        return REGISTRY[table_id]
    except KeyError:
        known = ", ".join(REGISTRY)
        raise KeyError(
            f"CBS-tabel {table_id!r} staat niet in het register (bekend: {known})"
        ) from None


def table_ids(kind: str | None = None) -> list[str]:
    """Return the registry's table ids, optionally of one kind, in registry order."""
    return [t for t, spec in REGISTRY.items() if kind is None or spec.kind == kind]
