"""Generate the bundled offline CBS snapshot: synthetic figures in CBS's exact raw layout.

Run ``python -m tools.demo_snapshot`` (from the project root) to (re)write
``data/raw/snapshot/cbs/<table>/<date>/`` for every registry table. The files have the same
names and JSON shape as ``download.py`` stores for real downloads (``TableInfos``,
``DataProperties``, dimension sets, ``UntypedDataSet`` pages with ``odata.nextLink``,
``requests.json``) so the offline path runs the same parsing code.

THESE ARE NOT REAL CBS FIGURES. How they are made:

* Levels are anchored loosely on published figures (share of households with a low income in
  2017: NL 8.2 %, province Groningen 10.7 %, Drenthe 7.3 %, Veenkoloniën gemeenten 10-12 %,
  Tynaarlo/Westerveld/De Wolden about 4 %, city of Groningen about 14 %), with an index per
  income year (declining 2015→2021, a drop in 2022 from the energietoeslag) and a small
  multiplicative noise from a seeded generator (``numpy.random.default_rng``, seed ``SEED`` mixed
  with a CRC32 of the region code, the year and the measure, so every figure is reproducible).
* Persons ≈ 0.78 x the household share, minor children ≈ 1.02 x, long-term (≥ 4 years) ≈ 42 % of
  ≥ 1 year. Populations are rounded real-ish levels (Groningen ≈ 240,000, Emmen ≈ 108,000,
  Pekela ≈ 12,000) with a small trend per year.
* It mimics CBS's quirks: KWB 2017/2018 on the gemeente boundaries of that year (incl. the
  gemeenten merged since), KWB 2019-2020 on 2019 boundaries, 2021+ current; the KWB country key
  ``NL00``; space-padded region keys; ``_NN`` ordinals that shift between editions; KWB 2024+
  without the household low-income block but with ``PersonenInArmoede``; KWB 2025 income
  measures all "." (not yet published); "x" (secret) in very small wijken. KWB holds NL, the
  gemeenten and, from KWB 2022 on, their wijken under the real 2025 codes and names of the shipped
  boundaries (data/raw/grenzen/2025/wijken_2025.geojson; synthetic "Wijk 03 Bedum" for a former
  gemeente), no buurten. The KWB region dimension is
  typed ``GeoDetail`` and its entity set is filtered on ``Key``, as at CBS. The KWB income year
  is the edition year (income "over het verslagjaar"), and the topic groups carry CBS's own rule
  texts from the real DataProperties of 85984NED ("op 1 januari van het verslagjaar met het
  inkomen over het verslagjaar", "De bevolking van Nederland op 1 januari."), so the parser reads
  the reference year as it does from CBS. From KWB 2023 education is the theme "Onderwijs"
  (``BasisonderwijsVmboMbo1`` ...), as in 85984NED.
* The "Laag en langdurig laag inkomen" tables carry CBS's real dimension keys, category keys and
  titles (``1050290`` "Inkomen tot lage-inkomensgrens", ``T001164`` "Totaal", ``A028721`` "Ten
  minste 1 jaar", ``A028724`` "Vier jaar of langer", ``1050010`` "Particuliere huishoudens"),
  CBS's measure keys per edition (``Kinderen_3`` in 83921NED and 84641NED,
  ``MinderjarigeKinderen_3`` from 85678NED), periods from 2011, v3 region keys padded to 6 and
  empty long-term cells for 2011-2013 (four years are needed), as in CBS's answers
  (tests/sources/cbs/fixtures/recordings/).
* Feed pages hold ``PAGE_SIZE`` rows per table kind (far fewer than CBS's, so paging through
  ``odata.nextLink`` is exercised offline).

Same seed → byte-identical files (the sidecar's retrieval time is the fixed ``SNAPSHOT_DATE``).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import zlib
from functools import cache
from pathlib import Path

import numpy as np

from avk_analysis.sources.cbs import tables as registry
from avk_analysis.sources.cbs.client import DIMENSION_TYPES, build_url
from avk_analysis.sources.cbs.download import (
    DATA_ENTITY,
    REQUESTS_FILE,
    area_prefixes,
    paired_filters,
)
from avk_analysis.vocabulary import config, paths, regions
from avk_analysis.vocabulary.provenance import STATUS_DEMO, Provenance, write_provenance

SEED = 20251101
SNAPSHOT_DATE = "2025-11-01"
PAGE_SIZE = {registry.KIND_KWB: 40, registry.KIND_LLI: 250}  # rows per feed page
BASE_URL = config.DEFAULT_CBS_BASE_URL
LICENCE = "Geen (synthetische demodata in de vorm van CBS StatLine; geen CBS-cijfers)"

# Gemeenten that kept their code when others merged into them.
CONTINUING = frozenset({"GM0014"})
OLD_GRONINGEN = "GM0014@<2019"  # the city of Groningen before Haren and Ten Boer joined

# Inhabitants: current gemeenten around 2024, former gemeenten around 2017.
POPULATION: dict[str, int] = {
    "NL01": 17_950_000, "PV20": 596_000, "PV22": 502_000,
    "GM0014": 240_000, "GM0037": 32_000, "GM0047": 27_700, "GM0765": 12_000,
    "GM1895": 39_000, "GM1950": 26_600, "GM1952": 61_000, "GM1966": 48_000,
    "GM1969": 64_000, "GM1979": 45_000, "GM0106": 69_000, "GM0109": 35_600,
    "GM0114": 108_000, "GM0118": 56_000, "GM0119": 35_000, "GM1680": 25_900,
    "GM1681": 25_600, "GM1690": 24_500, "GM1699": 33_000, "GM1701": 19_900,
    "GM1730": 34_500, "GM1731": 33_800,
    OLD_GRONINGEN: 202_800, "GM0018": 34_200, "GM0040": 15_300, "GM1987": 12_400,
    "GM0007": 8_900, "GM0048": 15_900, "GM0017": 19_800, "GM0009": 7_400, "GM0005": 10_500,
    "GM1663": 10_000, "GM1651": 15_700, "GM0053": 13_600, "GM0015": 12_200,
    "GM0022": 19_500, "GM0025": 10_400, "GM0056": 18_900, "GM0003": 11_800,
    "GM0010": 24_900, "GM0024": 9_800,
}  # fmt: skip

# Share of private households below the lage-inkomensgrens (≥ 1 year) in income year 2017, %.
LOW_INCOME_2017: dict[str, float] = {
    "NL01": 8.2, "PV20": 10.7, "PV22": 7.3,
    "GM0014": 14.3, "GM0037": 10.2, "GM0047": 10.8, "GM0765": 11.6, "GM1895": 10.0,
    "GM1950": 8.6, "GM1952": 9.0, "GM1966": 6.3, "GM1969": 5.0, "GM1979": 9.8,
    "GM0106": 9.0, "GM0109": 7.8, "GM0114": 8.9, "GM0118": 7.6, "GM0119": 6.8,
    "GM1680": 5.2, "GM1681": 6.9, "GM1690": 4.1, "GM1699": 5.6, "GM1701": 4.3,
    "GM1730": 4.6, "GM1731": 5.8,
    OLD_GRONINGEN: 15.2, "GM0018": 11.5, "GM0040": 5.0, "GM1987": 8.0, "GM0007": 7.0,
    "GM0048": 9.2, "GM0017": 5.0, "GM0009": 4.5, "GM0005": 5.0, "GM1663": 6.2,
    "GM1651": 7.1, "GM0053": 5.5, "GM0015": 5.4, "GM0022": 6.0, "GM0025": 5.5,
    "GM0056": 4.0, "GM0003": 9.8, "GM0010": 12.0, "GM0024": 6.5,
}  # fmt: skip

# Index of the low-income share per income year (2017 = 1); 2022: energietoeslag.
TREND: dict[int, float] = {
    2011: 0.85, 2012: 0.94, 2013: 1.03, 2014: 1.05, 2015: 1.04, 2016: 1.02, 2017: 1.00,
    2018: 0.96, 2019: 0.93,
    2020: 0.90, 2021: 0.87, 2022: 0.66, 2023: 0.71, 2024: 0.73, 2025: 0.74,
}  # fmt: skip

MODIFIED: dict[str, str] = {
    "83765NED": "2020-08-27T02:00:00", "84286NED": "2021-07-01T02:00:00",
    "84583NED": "2022-08-30T02:00:00", "84799NED": "2023-06-22T02:00:00",
    "85039NED": "2024-03-21T02:00:00", "85318NED": "2024-12-20T02:00:00",
    "85618NED": "2025-06-30T02:00:00", "85984NED": "2025-09-30T02:00:00",
    "86165NED": "2025-10-15T02:00:00", "83921NED": "2018-11-29T02:00:00",
    "84641NED": "2020-06-30T02:00:00", "85678NED": "2024-06-27T02:00:00",
    "86006NED": "2025-06-26T02:00:00", "86202NED": "2025-10-31T02:00:00",
}  # fmt: skip

KWB_INCOME_LAG = 0  # KWB edition Y carries income over year Y (FINDINGS §1 of the recordings)
KWB_KEY_WIDTH = 10
WIJK_FROM = 2022  # KWB editions with wijk rows in the demo (the pages show the latest; size)
LLI_KEY_WIDTH = 6  # v3 RegioS keys are padded to the longest key ("NL01  ", "GM0014")


# --- deterministic randomness ---------------------------------------------------------------
def _rng(seed: int, *parts: object) -> np.random.Generator:
    words = [seed] + [zlib.crc32(str(p).encode("utf-8")) for p in parts]
    return np.random.default_rng(words)


def _noise(seed: int, *parts: object, sigma: float = 0.04) -> float:
    return float(math.exp(_rng(seed, *parts).normal(0.0, sigma)))


# --- regions ----------------------------------------------------------------------------------
def boundaries(year: int) -> list[tuple[str, str, str]]:
    """Return (code, name, province) of the gemeenten of Groningen/Drenthe on 1 January ``year``."""
    current = regions.gemeenten()
    out = {
        code: (name, prov)
        for code, name, prov in zip(
            current["gemeentecode"], current["gemeentenaam"], current["provinciecode"], strict=True
        )
    }
    for row in regions.crosswalk().itertuples(index=False):
        if int(str(row.ingangsdatum)[:4]) > year:
            out[row.oude_code] = (row.oude_naam, "PV20")
            if row.nieuwe_code not in CONTINUING:
                out.pop(row.nieuwe_code, None)
    return sorted((code, name, prov) for code, (name, prov) in out.items())


def _anchor_key(code: str, boundary_year: int) -> str:
    return OLD_GRONINGEN if code == "GM0014" and boundary_year < 2019 else code


@cache
def _veenkolonien() -> frozenset[str]:
    vk = set(regions.veenkolonien("planbureaus")) | {"GM0018", "GM1987", "GM0007", "GM0048"}
    return frozenset(vk)


def _growth(code: str) -> float:
    vk = _veenkolonien()
    if code.startswith("GM0014"):
        return 0.009
    if code == "NL01":
        return 0.006
    return -0.003 if code in vk else 0.001


def population(code: str, year: int, boundary_year: int) -> int:
    """Return the demo population of a region in ``year`` on the boundaries of ``boundary_year``."""
    key = _anchor_key(code, boundary_year)
    ref = 2024 if key in regions.all_codes() else 2017
    return round(POPULATION[key] * (1 + _growth(code)) ** (year - ref))


def household_size(code: str) -> float:
    """Return the demo mean household size of a region."""
    if code.startswith("GM0014"):
        return 1.78
    if code in ("NL01", "PV20", "PV22"):
        return 2.14
    return 2.18


def low_income(seed: int, code: str, income_year: int, boundary_year: int) -> float:
    """Return the demo share (%) of households below the lage-inkomensgrens (≥ 1 year)."""
    base = LOW_INCOME_2017[_anchor_key(code, boundary_year)]
    return base * TREND[income_year] * _noise(seed, code, income_year, "lig")


# --- JSON in CBS's shape ------------------------------------------------------------------------
def _dumps(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _fmt(value: float | str, decimals: int, width: int = 10) -> str:
    text = value if isinstance(value, str) else f"{value:.{decimals}f}"
    return text.rjust(width)


def _topic(key: str, title: str, datatype: str, unit: str, decimals: int, desc: str = "") -> dict:
    return {
        "Type": "Topic",
        "Key": key,
        "Title": title,
        "Description": desc,
        "ReleasePolicy": False,
        "Datatype": datatype,
        "Unit": unit,
        "Decimals": decimals,
        "Default": "Missing",
    }


def _number_properties(entries: list[dict | tuple[str, str]]) -> list[dict]:
    """Give entries IDs, positions, parents and ``_NN`` ordinals the way CBS does."""
    out: list[dict] = []
    parent = None
    ordinal = 0
    for i, entry in enumerate(entries):
        if isinstance(entry, tuple):  # ("group", title)
            parent = i
            out.append(
                {
                    "odata.type": "Cbs.OData.TopicGroup",
                    "ID": i,
                    "ParentID": None,
                    "Type": "TopicGroup",
                    "Key": "",
                    "Title": entry[1],
                    "Description": None,
                }
            )
            continue
        rec = dict(entry)
        kind = rec["Type"]
        if kind == "Topic":
            ordinal += 1
            rec["Key"] = f"{rec['Key']}_{ordinal}"
            rec["Position"] = ordinal
            rec["ParentID"] = parent
        else:
            rec["Position"] = i
            rec["ParentID"] = None
        head = {"odata.type": f"Cbs.OData.{kind}", "ID": i}
        out.append(head | rec)
    return out


def _dimension(key: str, title: str, kind: str = "Dimension", **extra: object) -> dict:
    return {"Type": kind, "Key": key, "Title": title, "Description": "", **extra}


def _category(key: str, title: str, width: int, **extra: object) -> dict:
    return {"Key": key.ljust(width), "Title": title, "Description": "", **extra}


# --- KWB ----------------------------------------------------------------------------------------
_KWB_FILLERS = [
    ("Woningvoorraad", "Woningvoorraad", "Long", "aantal", 0),
    ("GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen", "Long",
     "x 1 000 euro", 0),
    ("Koopwoningen", "Koopwoningen", "Long", "%", 0),
    ("Bevolkingsdichtheid", "Bevolkingsdichtheid", "Long", "aantal inwoners per km²", 0),
    ("OppervlakteTotaal", "Oppervlakte totaal", "Long", "ha", 0),
]  # fmt: skip
_KWB_FILLER_COUNT = {2017: 1, 2018: 2, 2019: 3, 2020: 3, 2021: 4, 2022: 4, 2023: 5, 2024: 3,
                     2025: 5}  # fmt: skip


# The reference year of a KWB measure follows from CBS's metadata texts. The demo carries the
# real texts of 85984NED's DataProperties (tests/sources/cbs/fixtures/recordings/): the topic
# groups' rules ("op 1 januari", "met het inkomen over het verslagjaar") and the topics' own
# sentences (uitkeringen, jeugdzorg, onderwijs), so ``metadata.reference_year`` reads them as from
# CBS.
_KWB_GROUP_DESCRIPTIONS = {
    "Bevolking": "De bevolking van Nederland op 1 januari.",
    "Inkomen": (
        "Deze variabelen geven informatie over het persoonlijk inkomen van personen in "
        "particuliere huishoudens waarvan het inkomen is waargenomen en het inkomen van "
        "particuliere huishoudens met een waargenomen inkomen. De gegevens komen uit de Integrale "
        "Inkomens- en Vermogensstatistiek (IIVS) met als populatie de bevolking van Nederland op "
        "1 januari van het verslagjaar met het inkomen over het verslagjaar."
    ),
}
_KWB_TOPIC_DESCRIPTIONS = {
    "Sociale zekerheid": (
        "De cijfers zijn standcijfers op de laatste dag van verslagmaand december."
    ),
    "Zorg": "Personen tot 23 jaar die op enig moment in de verslagperiode gebruik gemaakt hebben "
    "van jeugdhulp in natura, jeugdbescherming of jeugdreclassering.",
    "Hoogst behaald onderwijsniveau": "Het aantal personen die op 1 oktober (jaar T) tussen de 15 "
    "en 75 jaar oud waren en waren ingeschreven in een Nederlandse gemeente.",
}
# The real table explanation of KWB 2024 (85984NED, cbs.nl/nl-nl/cijfers/detail/85984NED), topic
# "Inkomen"; it names the verslagjaar without a year, so no year may be read from it.
KWB_EXPLANATION = (
    "Overzicht van statistische gegevens van gemeenten, wijken en buurten in Nederland.\n\n"
    "Gegevens beschikbaar over: {year}.\n\n"
    "Toelichting onderwerpen\n\n"
    "Inkomen\n"
    "Deze variabelen geven informatie over het persoonlijk inkomen van personen in particuliere "
    "huishoudens waarvan het inkomen is waargenomen en het inkomen van particuliere huishoudens "
    "met een waargenomen inkomen. De gegevens komen uit de Integrale Inkomens- en "
    "Vermogensstatistiek (IIVS) met als populatie de bevolking van Nederland op 1 januari van "
    "het verslagjaar met het inkomen over het verslagjaar.\n"
)


def _describe_kwb(props: list[dict], year: int) -> list[dict]:
    """Give KWB topic groups and topics CBS's metadata texts (which tie them to the verslagjaar)."""
    groups = {p["ID"]: p["Title"] for p in props if p["Type"] == "TopicGroup"}
    for prop in props:
        if prop["Type"] == "TopicGroup" and prop["Title"] in _KWB_GROUP_DESCRIPTIONS:
            prop["Description"] = _KWB_GROUP_DESCRIPTIONS[prop["Title"]]
        text = _KWB_TOPIC_DESCRIPTIONS.get(groups.get(prop.get("ParentID"), ""))
        if prop["Type"] == "Topic" and text:
            prop["Description"] = text
    return props


def kwb_properties(year: int) -> list[dict]:
    """Return demo ``DataProperties`` of KWB edition ``year`` (ordinals shift per edition)."""
    entries: list[dict | tuple[str, str]] = [
        # KWB's region dimension is typed GeoDetail (other tables: GeoDimension).
        _dimension("WijkenEnBuurten", "Wijken en buurten", "GeoDetail", MapYear=str(year)),
        _topic("Gemeentenaam", "Gemeentenaam", "String", "", 0),
        _topic("SoortRegio", "Soort regio", "String", "", 0),
        _topic("Codering", "Codering", "String", "", 0),
        _topic("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten",
               "String", "", 0),
        ("group", "Bevolking"),
        _topic("AantalInwoners", "Aantal inwoners", "Long", "aantal", 0),
        _topic("Mannen", "Mannen", "Long", "aantal", 0),
        _topic("Vrouwen", "Vrouwen", "Long", "aantal", 0),
        _topic("HuishoudensTotaal", "Huishoudens totaal", "Long", "aantal", 0),
        _topic("GemiddeldeHuishoudensgrootte", "Gemiddelde huishoudensgrootte", "Double",
               "aantal", 2),
        ("group", "Wonen"),
    ]  # fmt: skip
    entries += [_topic(*f) for f in _KWB_FILLERS[: _KWB_FILLER_COUNT[year]]]
    entries += [
        ("group", "Inkomen"),
        _topic("AantalInkomensontvangers", "Aantal inkomensontvangers", "Long", "aantal", 0),
        _topic("GemiddeldInkomenPerInkomensontvanger", "Gemiddeld inkomen per inkomensontvanger",
               "Double", "x 1 000 euro", 1),
        _topic("GemiddeldInkomenPerInwoner", "Gemiddeld inkomen per inwoner", "Double",
               "x 1 000 euro", 1),
    ]  # fmt: skip
    if year <= 2023:
        entries += [
            _topic("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen", "Double",
                   "%", 1),
            _topic("HuishOnderOfRondSociaalMinimum", "Huish. onder of rond sociaal minimum",
                   "Double", "%", 1),
        ]  # fmt: skip
        if year >= 2018:
            entries += [
                _topic("HuishoudensTot110VanSociaalMinimum",
                       "Huishoudens tot 110% van sociaal minimum", "Double", "%", 1),
                _topic("HuishoudensTot120VanSociaalMinimum",
                       "Huishoudens tot 120% van sociaal minimum", "Double", "%", 1),
            ]  # fmt: skip
    else:
        entries += [
            _topic("PersonenInArmoede", "Personen in armoede", "Double", "%", 1),
            _topic(
                "PersonenTot25BovenArmoedegrens",
                "Personen tot 25% boven armoedegrens",
                "Double",
                "%",
                1,
            ),
        ]
    if year >= 2018:  # wealth from KWB 2018 (84286NED), as at CBS
        entries.append(
            _topic("MediaanVermogenVanParticuliereHuish",
                   "Mediaan vermogen van particuliere huishoudens", "Double", "x 1 000 euro", 1)
        )  # fmt: skip
    entries += [
        ("group", "Sociale zekerheid"),
        _topic("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand",
               "Long", "aantal", 0),
        _topic("PersonenPerSoortUitkeringAO", "Personen per soort uitkering; Arbeidsongeschiktheid",
               "Long", "aantal", 0),
        _topic("PersonenPerSoortUitkeringWW", "Personen per soort uitkering; Werkloosheid",
               "Long", "aantal", 0),
        _topic("PersonenPerSoortUitkeringAOW", "Personen per soort uitkering; AOW", "Long",
               "aantal", 0),
        ("group", "Zorg"),
        _topic("JongerenMetJeugdzorgInNatura", "Jongeren met jeugdzorg in natura", "Long",
               "aantal", 0),
    ]  # fmt: skip
    if year == 2022:  # education level in KWB 2022 (85318NED) in the demo
        entries += [
            ("group", "Opleidingsniveau"),
            _topic("OpleidingsniveauLaag", "Opleidingsniveau laag", "Long", "aantal", 0),
            _topic("OpleidingsniveauMiddelbaar", "Opleidingsniveau middelbaar", "Long", "aantal",
                   0),
            _topic("OpleidingsniveauHoog", "Opleidingsniveau hoog", "Long", "aantal", 0),
        ]  # fmt: skip
    elif (
        year >= 2023
    ):  # "Vanaf verslagjaar 2023 is het thema Opleidingsniveau hernoemd tot Onderwijs"
        entries += [
            ("group", "Hoogst behaald onderwijsniveau"),
            _topic("BasisonderwijsVmboMbo1", "Basisonderwijs, vmbo, mbo1", "Long", "aantal", 0),
            _topic("HavoVwoMbo24", "Havo, vwo, mbo2-4", "Long", "aantal", 0),
            _topic("HboWo", "Hbo, wo", "Long", "aantal", 0),
        ]  # fmt: skip
    return _describe_kwb(_number_properties(entries), year)


@cache
def real_wijken() -> dict[str, list[tuple[str, str]]]:
    """Return per current gemeente its real 2025 wijken (code, CBS name), from the shipped file.

    ``data/raw/grenzen/2025/wijken_2025.geojson`` holds the 312 wijken of the 22 gemeenten
    (CBS gebiedsindelingen via PDOK); the demo's KWB wijk rows use these codes and names so the
    offline pages look like the real ones. Only the codes and names are real, never the figures.
    """
    path = paths.raw_dir() / "grenzen" / "2025" / "wijken_2025.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    out: dict[str, list[tuple[str, str]]] = {}
    for feature in features:
        props = feature["properties"]
        code = str(props["statcode"]).strip()
        out.setdefault("GM" + code[2:6], []).append((code, str(props["statnaam"]).strip()))
    return {gm: sorted(wijken) for gm, wijken in out.items()}


def wijk_layout(seed: int, code: str, name: str) -> list[tuple[str, str, float, bool]]:
    """Return a gemeente's wijken: (code, title, population weight, is_tiny).

    A current gemeente gets its real 2025 wijk codes and names; a former gemeente (in the editions
    on older boundaries) gets synthetic ones ("Wijk 03 Bedum"). Weights and the one tiny (secret)
    wijk are drawn from the seeded generator.
    """
    rng = _rng(seed, code, "wijken")
    wijken = real_wijken().get(code)
    if wijken is None:
        pop = POPULATION.get(code, 20_000)
        n = int(min(15, max(5, round(4 + pop / 12_000 + rng.integers(-1, 2)))))
        wijken = [(f"WK{code[2:]}{i:02d}", f"Wijk {i:02d} {name}") for i in range(n)]
    n = len(wijken)
    weights = rng.dirichlet(np.full(n, 2.0))
    tiny = bool(rng.random() < 0.35) and n > 2
    return [
        (wk, title, float(weights[i]), tiny and i == n - 1) for i, (wk, title) in enumerate(wijken)
    ]


def _round5(x: float) -> int:
    return int(5 * round(x / 5))


def _round10(x: float) -> int:
    return int(10 * round(x / 10))


def kwb_rows(seed: int, year: int, props: list[dict]) -> tuple[list[dict], list[dict]]:
    """Return (dimension records, Untyped data rows) of demo KWB edition ``year``."""
    keys = {p["Key"].rsplit("_", 1)[0]: p["Key"] for p in props if p["Type"] == "Topic"}
    income_year = year - KWB_INCOME_LAG
    regs: list[tuple[str, str, str, str, int, float, float]] = []
    # (key, title, soort, gemeentenaam, population, low-income %, wijk factor)
    nl_pop = population("NL01", year, year)
    regs.append(("NL00", "Nederland", "Land", "Nederland", nl_pop,
                 low_income(seed, "NL01", income_year, year), 1.0))  # fmt: skip
    for code, name, _prov in boundaries(year):
        pop = population(code, year, year)
        lig = low_income(seed, code, income_year, year)
        regs.append((code, name, "Gemeente", name, pop, lig, 1.0))
        if year < WIJK_FROM:
            continue
        for wk, title, weight, tiny in wijk_layout(seed, code, name):
            factor = _noise(seed, wk, "factor", sigma=0.35)
            wpop = _rng(seed, wk, year).integers(40, 96) if tiny else pop * weight
            regs.append((wk, title, "Wijk", name, int(wpop), lig * factor, factor))
    dim = [_category(k, t, KWB_KEY_WIDTH, CategoryGroupID=None) for k, t, *_ in regs]
    rows = []
    for i, (key, _title, soort, gname, pop, lig, factor) in enumerate(regs):
        is_wijk = soort == "Wijk"
        tiny = is_wijk and pop < 100
        pop_v = _round5(pop) if is_wijk else pop
        size_of = "NL01" if key == "NL00" else ("GM" + key[2:6] if is_wijk else key)
        size = household_size(size_of) * _noise(seed, key, "hh")
        hh = _round5(pop / size) if is_wijk else round(pop / size)
        men = round(pop_v * 0.497)
        anchor = lig / TREND[income_year]  # the region's structural level, without the trend
        inc_person = 27.0 * 1.03 ** (income_year - 2015) * (8.2 / max(anchor, 1.0)) ** 0.22
        secret = "x" if tiny else None
        pending = "." if year >= 2025 else None
        val: dict[str, float | str] = {
            "AantalInwoners": pop_v,
            "Mannen": _round5(men) if is_wijk else men,
            "Vrouwen": pop_v - (_round5(men) if is_wijk else men),
            "HuishoudensTotaal": hh,
            "GemiddeldeHuishoudensgrootte": round(pop_v / hh, 2) if hh else ".",
            "Woningvoorraad": _round5(hh * 1.03),
            "GemiddeldeWOZWaardeVanWoningen": round(230 * (1.06 ** (year - 2017)) / factor**0.3),
            "Koopwoningen": round(min(85.0, 62 / factor**0.5)),
            "Bevolkingsdichtheid": round(pop_v / (900 if is_wijk else 12_000) * 10),
            "OppervlakteTotaal": 900 if is_wijk else 12_000,
            "AantalInkomensontvangers": pending or secret or _round10(pop_v * 0.80),
            "GemiddeldInkomenPerInkomensontvanger": pending or secret or round(
                inc_person * 1.25, 1),
            "GemiddeldInkomenPerInwoner": pending or secret or round(inc_person, 1),
            "HuishoudensMetEenLaagInkomen": secret or round(lig * 0.97, 1),
            "HuishOnderOfRondSociaalMinimum": secret or round(lig * 0.85, 1),
            "HuishoudensTot110VanSociaalMinimum": secret or round(lig * 1.28, 1),
            "HuishoudensTot120VanSociaalMinimum": secret or round(lig * 1.55, 1),
            "PersonenInArmoede": pending or secret or round(
                anchor * 0.415 * _noise(seed, key, "ar"), 1),
            "PersonenTot25BovenArmoedegrens": pending or secret or round(
                anchor * 0.80 * _noise(seed, key, "ba"), 1),
            "PersonenPerSoortUitkeringBijstand": secret or _round10(
                pop_v * 0.0265 * (anchor / 8.2) ** 1.2 * 0.985 ** (year - 2017)),
            "PersonenPerSoortUitkeringAOW": secret or _round10(pop_v * 0.20),
            "PersonenPerSoortUitkeringAO": secret or _round10(
                pop_v * 0.062 * (anchor / 8.2) ** 0.5 * _noise(seed, key, year, "ao")),
            "PersonenPerSoortUitkeringWW": secret or _round10(
                pop_v * 0.016 * (anchor / 8.2) ** 0.4 * _noise(seed, key, year, "ww")),
            "JongerenMetJeugdzorgInNatura": secret or _round10(
                pop_v * 0.024 * (anchor / 8.2) ** 0.6 * _noise(seed, key, year, "jz")),
            "MediaanVermogenVanParticuliereHuish": pending or secret or round(
                110 * (8.2 / max(anchor, 1.0)) ** 0.7 * 1.06 ** (income_year - 2016)
                * _noise(seed, key, year, "vm"), 1),
            "OpleidingsniveauLaag": secret or _round10(
                pop_v * 0.74 * min(0.5, 0.27 * (anchor / 8.2) ** 0.4)),
            "OpleidingsniveauHoog": secret or _round10(
                pop_v * 0.74 * min(0.55, 0.31 * (8.2 / max(anchor, 1.0)) ** 0.5)),
        }  # fmt: skip
        if not secret:
            val["OpleidingsniveauMiddelbaar"] = _round10(
                pop_v * 0.74
                - float(val["OpleidingsniveauLaag"])
                - float(val["OpleidingsniveauHoog"])
            )
        else:
            val["OpleidingsniveauMiddelbaar"] = secret
        # the same three levels under the names of the theme "Onderwijs" (KWB 2023 on)
        val["BasisonderwijsVmboMbo1"] = val["OpleidingsniveauLaag"]
        val["HavoVwoMbo24"] = val["OpleidingsniveauMiddelbaar"]
        val["HboWo"] = val["OpleidingsniveauHoog"]
        row: dict[str, object] = {
            "ID": i,
            "WijkenEnBuurten": key.ljust(KWB_KEY_WIDTH),
            keys["Gemeentenaam"]: gname.ljust(30),
            keys["SoortRegio"]: soort.ljust(10),
            keys["Codering"]: key.ljust(KWB_KEY_WIDTH),
            keys["IndelingswijzigingWijkenEnBuurten"]: ".".rjust(8),
        }
        for p in props:
            if p["Type"] != "Topic" or p["Datatype"] == "String":
                continue
            row[p["Key"]] = _fmt(val[p["Key"].rsplit("_", 1)[0]], p["Decimals"])
        rows.append(row)
    return dim, rows


# --- LLI ----------------------------------------------------------------------------------------
# (role, base per inhabitant, share factor vs households); the stem and title per edition below.
_LLI_SUBJECTS = [("hh", None, 1.0), ("personen", 0.95, 0.78), ("kinderen", 0.19, 1.02)]
# CBS's measure keys and titles: 83921NED and 84641NED call the children "Kinderen", from 85678NED
# on "Minderjarige kinderen" (v3 column names in the cbsodata exports; StatLine titles).
_LLI_STEMS = {
    "old": {"hh": ("ParticuliereHuishoudens", "Particuliere huishoudens"),
            "personen": ("Personen", "Personen"), "kinderen": ("Kinderen", "Kinderen")},
    "new": {"hh": ("ParticuliereHuishoudens", "Particuliere huishoudens"),
            "personen": ("Personen", "Personen"),
            "kinderen": ("MinderjarigeKinderen", "Minderjarige kinderen")},
}  # fmt: skip
_LLI_OLD_STEMS = frozenset({"83921NED", "84641NED"})
# Categories as CBS codes and titles them (v4 code lists of 85678NED; the same titles in the v3
# answers of 83921NED, 84641NED, 85678NED and 86006NED).
_LLI_GRENS = (("T001164", "Totaal"), (registry.LLI_KEYS_LAGE_INKOMENSGRENS[0],
              registry.LLI_LAGE_INKOMENSGRENS))  # fmt: skip
_LLI_DUUR = (
    (registry.LLI_KEYS_TEN_MINSTE_1_JAAR[0], registry.LLI_TEN_MINSTE_1_JAAR),
    (registry.LLI_KEYS_VIER_JAAR_OF_LANGER[0], registry.LLI_VIER_JAAR_OF_LANGER),
)
# Only the all-households category: the others are never read, and the snapshot stays small.
_LLI_KENMERKEN = ((registry.LLI_KEYS_TOTAAL_HUISHOUDENS[0], registry.LLI_TOTAAL_HUISHOUDENS, 1),)
_LLI_FIRST_LONG_TERM = 2014  # "Vier jaar of langer" needs four years of income data from 2011
# Who has a low income: the household characteristics (tables.LLI_KENMERKEN) in the newest
# edition, for the last KENMERK_YEARS years only (the snapshot stays small). Per characteristic
# its part of all households and how much more (or less) often it has a low income than average.
KENMERK_TABLES = frozenset({"86202NED"})
KENMERK_YEARS = 3
_KENMERK_DEMO: dict[str, tuple[float, float]] = {  # slug → (part of households, share factor)
    "eenpersoons": (0.38, 1.6), "eenouder": (0.07, 3.0), "paar_zonder_kind": (0.29, 0.45),
    "paar_met_kind": (0.24, 0.7), "meerpersoons_overig": (0.02, 1.0),
    "hkw_tot_25": (0.04, 3.5), "hkw_25_45": (0.30, 1.1), "hkw_45_65": (0.36, 0.9),
    "hkw_65_plus": (0.30, 0.6),
    "bron_werknemer": (0.50, 0.35), "bron_zelfstandige": (0.08, 1.8),
    "bron_werkloosheid": (0.02, 3.0), "bron_arbeidsongeschiktheid": (0.05, 2.5),
    "bron_pensioen": (0.27, 0.6), "bron_sociale_voorziening": (0.05, 6.0),
    "eigen_woning": (0.58, 0.3), "huur_zonder_toeslag": (0.29, 1.6),
    "huur_met_toeslag": (0.13, 3.5),
}  # fmt: skip


def _lli_stems(table_id: str) -> dict[str, tuple[str, str]]:
    return _LLI_STEMS["old" if table_id in _LLI_OLD_STEMS else "new"]


def _lli_dimensions(table_id: str) -> list[dict]:
    """Return the LLI dimensions in CBS's order (83921NED puts the Kenmerken first)."""
    dims = [
        _dimension("InkomensgrensHuishouden", "Inkomensgrens huishouden"),
        _dimension("DuurInkomenspositie", "Duur inkomenspositie"),
        _dimension("KenmerkenVanHuishoudens", "Kenmerken van huishoudens"),
    ]
    if table_id == registry.LLI_TABLES[2017]:
        dims = [dims[2], dims[0], dims[1]]
    return [
        *dims,
        _dimension("RegioS", "Regio's", "GeoDimension"),
        _dimension("Perioden", "Perioden", "TimeDimension"),
    ]


def lli_properties(table_id: str) -> list[dict]:
    """Return demo ``DataProperties`` of an LLI edition (CBS's keys and measure order)."""
    entries: list[dict | tuple[str, str]] = list(_lli_dimensions(table_id))
    stems = _lli_stems(table_id)
    order = [role for role, _b, _f in _LLI_SUBJECTS]
    if table_id == registry.LLI_TABLES[2025]:  # another order: ordinals shift between editions
        order = [order[0], order[2], order[1]]
    # CBS lists the three counts (x 1 000), then the three shares (%)
    for role in order:
        stem, title = stems[role]
        entries.append(_topic(stem, title, "Double", "x 1 000", 1))
    for role in order:
        stem, title = stems[role]
        entries.append(_topic(f"{stem}Relatief", f"{title} relatief", "Double", "%", 1))
    return _number_properties(entries)


def lli_regions(table_id: str) -> list[tuple[str, str]]:
    """Return (code, title) of NL, the provinces and the gemeenten on the edition's boundaries."""
    year = registry.get(table_id).year
    areas = [("NL01", "Nederland"), ("PV20", "Groningen (PV)"), ("PV22", "Drenthe (PV)")]
    return areas + [(code, name) for code, name, _p in boundaries(year)]


def lli_rows(seed: int, table_id: str, props: list[dict]) -> tuple[dict[str, list], list[dict]]:
    """Return (dimension records per dimension, Untyped rows) of a demo LLI edition."""
    spec = registry.get(table_id)
    first, last = registry.LLI_PERIODS[table_id]
    regs = lli_regions(table_id)
    dims = {
        "InkomensgrensHuishouden": [_category(k, t, 7) for k, t in _LLI_GRENS],
        "DuurInkomenspositie": [_category(k, t, 7) for k, t in _LLI_DUUR],
        "KenmerkenVanHuishoudens": [
            _category(k, t, 7, CategoryGroupID=g) for k, t, g in _LLI_KENMERKEN
        ]
        + (
            [_category(k.key, k.title, 7, CategoryGroupID=2) for k in registry.LLI_KENMERKEN]
            if table_id in KENMERK_TABLES
            else []
        ),
        "RegioS": [_category(c, t, LLI_KEY_WIDTH, CategoryGroupID=None) for c, t in regs],
        "Perioden": [
            _category(
                f"{y}JJ00",
                f"{y}*" if y == last else str(y),
                8,
                Status="Voorlopig" if y == last else "Definitief",
            )
            for y in range(first, last + 1)
        ],
    }
    topics = [p for p in props if p["Type"] == "Topic"]
    role_of = {stem: role for role, (stem, _t) in _lli_stems(table_id).items()}
    rows: list[dict] = []
    for gi, (gkey, _gt) in enumerate(_LLI_GRENS):
        for di, (dkey, _dt) in enumerate(_LLI_DUUR):
            for ki, (kkey, _kt, _g) in enumerate(_LLI_KENMERKEN):
                for code, _title in regs:
                    for year in range(first, last + 1):
                        row: dict[str, object] = {
                            "ID": len(rows),
                            "InkomensgrensHuishouden": gkey,
                            "DuurInkomenspositie": dkey,
                            "KenmerkenVanHuishoudens": kkey,
                            "RegioS": code.ljust(LLI_KEY_WIDTH),
                            "Perioden": f"{year}JJ00",
                        }
                        values = _lli_values(seed, code, year, spec.year, gi, di, ki)
                        _fill(row, topics, role_of, values)
                        rows.append(row)
    if table_id in KENMERK_TABLES:
        for kenmerk in registry.LLI_KENMERKEN:
            for code, _title in regs:
                for year in range(last - KENMERK_YEARS + 1, last + 1):
                    row = {
                        "ID": len(rows),
                        "InkomensgrensHuishouden": _LLI_GRENS[1][0],
                        "DuurInkomenspositie": _LLI_DUUR[0][0],
                        "KenmerkenVanHuishoudens": kenmerk.key,
                        "RegioS": code.ljust(LLI_KEY_WIDTH),
                        "Perioden": f"{year}JJ00",
                    }
                    values = _kenmerk_values(seed, code, year, spec.year, kenmerk.slug)
                    _fill(row, topics, role_of, values)
                    rows.append(row)
    return dims, rows


def _fill(row: dict, topics: list[dict], role_of: dict[str, str], values: dict) -> None:
    """Write a cell's values into a row under the table's measure keys."""
    for p in topics:
        stem = p["Key"].rsplit("_", 1)[0]
        share = stem.endswith("Relatief")
        role = role_of[stem.removesuffix("Relatief")]
        row[p["Key"]] = _fmt(values[f"{role}_pct" if share else role], 1)


def _kenmerk_values(
    seed: int, code: str, year: int, boundary: int, slug: str
) -> dict[str, float | str]:
    """Return the demo values of one characteristic's low-income cell (households only)."""
    part, factor = _KENMERK_DEMO[slug]
    households = population(code, year, boundary) / household_size(code) * 0.93 * part
    share = min(70.0, low_income(seed, code, year, boundary) * factor)
    share *= _noise(seed, code, year, slug)
    count = households * share / 100 / 1000
    out: dict[str, float | str] = {"personen": ".", "personen_pct": ".", "kinderen": ".",
                                   "kinderen_pct": "."}  # fmt: skip
    if count < 0.05:
        out["hh"] = out["hh_pct"] = "x"
    else:
        out["hh"], out["hh_pct"] = round(count, 1), round(share, 1)
    return out


def _lli_values(
    seed: int, code: str, year: int, boundary: int, grens: int, duur: int, kenm: int
) -> dict[str, float | str]:
    """Return the demo values of one LLI cell: per role its count (x 1 000) and share (%)."""
    pop = population(code, year, boundary)
    total = grens == 0  # "Totaal": everybody, share 100 %
    if duur == 1 and year < _LLI_FIRST_LONG_TERM:
        return {k: "." for role, _b, _f in _LLI_SUBJECTS for k in (role, f"{role}_pct")}
    lig = 100.0 if total else low_income(seed, code, year, boundary)
    if duur == 1 and not total:
        lig *= 0.42 * _noise(seed, code, year, "lang")
    single_parent = kenm == 1
    out: dict[str, float | str] = {}
    for role, per_inh, factor in _LLI_SUBJECTS:
        share = 100.0 if total else lig * factor * _noise(seed, code, year, role, grens, duur)
        base = pop * per_inh if per_inh else pop / household_size(code) * 0.93
        if single_parent:
            share = 100.0 if total else min(55.0, share * 3.3)
            base *= {"hh": 0.065, "personen": 0.11}.get(role, 0.16)
        count = base * share / 100 / 1000
        if count < 0.05:
            out[role] = out[f"{role}_pct"] = "x"
        else:
            out[role] = round(count, 1)
            out[f"{role}_pct"] = round(share, 1)
    return out


# --- table assembly -----------------------------------------------------------------------------
def table_infos(table_id: str, props: list[dict], n_rows: int) -> dict:
    """Return a demo ``TableInfos`` record."""
    spec = registry.get(table_id)
    if spec.kind == registry.KIND_LLI:
        first, last = registry.LLI_PERIODS[table_id]
        period = f"{first}-{last}"
    else:
        period = str(spec.year)
    return {
        "ID": 0,
        "Title": spec.title,
        "ShortTitle": spec.title[:60],
        "Identifier": table_id,
        # The generator's former module name is part of the shipped data files; it stays so
        # the committed snapshot remains byte-identical (only the sidecar names the new path).
        "Summary": (
            "DEMODATA: synthetische cijfers in de vorm van CBS StatLine, gemaakt door "
            f"avk_analysis.cbs.demo (seed {SEED}); geen echte CBS-cijfers."
        ),
        "Modified": MODIFIED[table_id],
        "MetaDataModified": MODIFIED[table_id],
        "ReasonDelivery": "Actualisering",
        "ExplanatoryText": "",
        "OutputStatus": "Regulier",
        "Source": "CBS (demodata)",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Perjaar",
        "Period": period,
        "ShortDescription": "Demodata voor de offline modus van de generatiearmoede-monitor.",
        "Description": (
            KWB_EXPLANATION.format(year=spec.year) if spec.kind == registry.KIND_KWB else ""
        ),
        "DefaultPresentation": "",
        "DefaultSelection": "",
        "GraphTypes": "Table,Bar,Map",
        "RecordCount": n_rows,
        "ColumnCount": sum(1 for p in props if p["Type"] != "TopicGroup"),
        "SearchPriority": "2",
    }


def _region_of(row: dict, geo: str) -> str:
    return str(row[geo]).strip()


def _prefixed(key: str, flt_prefixes: list[str]) -> bool:
    return any(key.startswith(p) for p in flt_prefixes)


def _chunks_with_prefixes(geo: str, prefixes: list[str]) -> list[tuple[str, str, list[str]]]:
    """Return (data filter, Key filter, prefixes) per chunk, as ``download`` asks them."""
    out = []
    for flt, key_flt in paired_filters(geo, prefixes):
        out.append((flt, key_flt, [p for p in prefixes if f"'{p}')" in flt]))
    return out


def build_table(seed: int, table_id: str) -> list[tuple[str, str, bytes]]:
    """Return (file name, URL, body) of every response a download of ``table_id`` would store."""
    spec = registry.get(table_id)
    api = f"{BASE_URL}/ODataApi/odata/{table_id}"
    feed = f"{BASE_URL}/ODataFeed/odata/{table_id}/{DATA_ENTITY}"
    if spec.kind == registry.KIND_KWB:
        props = kwb_properties(spec.year)
        dim_geo, rows = kwb_rows(seed, spec.year, props)
        dims = {"WijkenEnBuurten": dim_geo}
        geo = "WijkenEnBuurten"
        prefixes = area_prefixes(spec.kind)
    else:
        props = lli_properties(table_id)
        dims, rows = lli_rows(seed, table_id, props)
        geo = "RegioS"
        prefixes = area_prefixes(spec.kind)

    def envelope(entity: str, value: list, url_base: str = api) -> dict:
        return {"odata.metadata": f"{url_base}/$metadata#Cbs.OData.WebAPI.{entity}", "value": value}

    files: list[tuple[str, str, bytes]] = [
        (
            "TableInfos.json",
            build_url(f"{api}/TableInfos"),
            _dumps(envelope("TableInfos", [table_infos(table_id, props, len(rows))])),
        ),
        ("DataProperties.json", build_url(f"{api}/DataProperties"),
         _dumps(envelope("DataProperties", props))),
    ]  # fmt: skip
    chunks = _chunks_with_prefixes(geo, prefixes)
    for p in props:
        if p["Type"] not in DIMENSION_TYPES:
            continue
        key = p["Key"]
        if key == geo:
            for n, (_flt, key_flt, pref) in enumerate(chunks, start=1):
                value = [c for c in dims[key] if _prefixed(c["Key"].strip(), pref)]
                url = build_url(f"{api}/{key}", {"$filter": key_flt})
                files.append((f"{key}_{n:03d}.json", url, _dumps(envelope(key, value))))
        else:
            files.append((f"{key}.json", build_url(f"{api}/{key}"),
                          _dumps(envelope(key, dims[key]))))  # fmt: skip
    n = 0
    feed_root = f"{BASE_URL}/ODataFeed/odata/{table_id}"
    for flt, _key_flt, pref in chunks:
        chunk_rows = [r for r in rows if _prefixed(_region_of(r, geo), pref)]
        size = PAGE_SIZE[spec.kind]
        starts = list(range(0, len(chunk_rows), size)) or [0]
        for start in starts:
            n += 1
            url = (
                build_url(feed, {"$filter": flt})
                if start == 0
                else build_url(feed, {"$filter": flt, "$format": "json", "$skip": str(start)})
            )
            body = envelope(DATA_ENTITY, chunk_rows[start : start + size], feed_root)
            if start + size < len(chunk_rows):
                body["odata.nextLink"] = build_url(
                    feed, {"$filter": flt, "$format": "json", "$skip": str(start + size)}
                )
            files.append((f"{DATA_ENTITY}_{n:03d}.json", url, _dumps(body)))
    return files


def write_table(seed: int, table_id: str, dest: Path) -> Path:
    """Write one demo table under ``dest/<table>/<SNAPSHOT_DATE>/`` with its sidecar."""
    spec = registry.get(table_id)
    target = Path(dest) / table_id / SNAPSHOT_DATE
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    done = []
    for name, url, body in build_table(seed, table_id):
        (target / name).write_bytes(body)
        done.append({"bestand": name, "url": url})
    (target / REQUESTS_FILE).write_text(
        json.dumps(done, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_provenance(
        target,
        Provenance(
            source="CBS StatLine (OData v3) — demodata",
            title=spec.title,
            url=f"{BASE_URL}/ODataApi/odata/{table_id}",
            retrieved=f"{SNAPSHOT_DATE}T00:00:00+00:00",
            licence=LICENCE,
            status=STATUS_DEMO,
            table_id=table_id,
            modified=MODIFIED[table_id],
            notes=(
                "DIT ZIJN GEEN ECHTE CIJFERS. Synthetische demodata in exact het bestandsformaat "
                "van een CBS-download, gemaakt door `python -m tools.demo_snapshot` met seed "
                f"{seed}: niveaus losjes verankerd op gepubliceerde cijfers (laag inkomen 2017: "
                "NL 8,2 %, provincie Groningen 10,7 %, Drenthe 7,3 %), met een jaarindex en "
                "kleine willekeurige afwijkingen per regio en jaar. Zelfde seed = dezelfde "
                "bestanden. Gebruik ze alleen om de monitor offline te laten draaien."
            ),
        ),
    )
    return target


def generate(dest: Path | None = None, seed: int = SEED) -> list[Path]:
    """Write the demo snapshot of every registry table; return the written directories."""
    root = Path(dest) if dest is not None else paths.snapshot_dir() / "cbs"
    return [write_table(seed, table_id, root) for table_id in registry.table_ids()]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.demo_snapshot [--seed N] [--doel MAP]``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo_snapshot",
        description="Schrijf de offline CBS-snapshot met synthetische demodata "
        "(geen echte cijfers).",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed (standaard {SEED})")
    parser.add_argument("--doel", type=Path, default=None, help="doelmap (standaard de snapshot)")
    args = parser.parse_args(argv)
    written = generate(args.doel, args.seed)
    total = sum(f.stat().st_size for d in written for f in d.iterdir())
    for directory in written:
        print(directory)
    print(f"{len(written)} tabellen, {total / 1e6:.2f} MB demodata geschreven.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
