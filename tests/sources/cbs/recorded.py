"""CBS's real answers, turned into the v3 shapes the monitor downloads (the CBS test fixtures).

Every builder here starts from a file in ``fixtures/recordings/``: public copies of CBS's own
answers (origin, commit and trimming of each file in ``fixtures/recordings/README.md``). What a
recording does not hold is built from the nearest real evidence and labelled where it is made:

* **Keys, titles, units, padding, dimension order** come from the recordings: the real v3
  ``DataProperties``/``TableInfos`` of KWB 2024 (85984NED), the v4 code lists and measure codes of
  85678NED, and the v3 column names of the cbsodata exports of 83921NED, 84641NED, 85678NED and
  86006NED. The v3 ``DataProperties`` of the LLI tables were never saved publicly: they are
  assembled from those v3 column names and the v4 titles and units (flat, without topic groups:
  whether CBS groups them is unknown). v3 category keys are taken equal to the v4 codes
  ([medium], FINDINGS §2b); v3 ``RegioS`` keys are padded to 6 ("NL01  ", [medium]).
* **Values** are CBS's where a recording has them (the totals of every LLI table, the
  lage-inkomensgrens rows of 83921NED, the population of KWB 2024). The lage-inkomensgrens rows of
  84641NED, 85678NED and 86006NED are not in any recording (their first 10,000 API rows hold only
  the totals); :func:`synthetic_low_income` makes them from the recorded totals and a made-up
  share, and every value it writes is NOT A REAL FIGURE.
* **The later release of KWB 2024** (``release="later"``) is a construction: the recorded release
  of 2025-03 with the changes four independent third-party code bases report (FINDINGS §3): the
  household low-income block ``_89``-``_92`` removed, ``PersonenInArmoede_81`` and
  ``PersonenTot25BovenArmoedegrens_82`` added, the income and social-security ordinals shifted
  to the reported ones. Its income values are made up (NOT REAL), except the national 3.1 % and
  6.4 % that CBS published (via BNNVARA, Dec 2025; the kwb2024.xlsx schema report).
* **Untyped values** are right-aligned strings ("   183.3" in a saved UntypedDataSet answer of
  83906ENG, public code, file id 4569056834); a missing value is ".".
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from functools import cache
from pathlib import Path

from avk_analysis.vocabulary import regions

from .fakecbs import FIXTURES, FakeCbs, odata, serve_table, write_raw_dir

RECORDINGS = FIXTURES / "recordings"
KWB24 = "85984NED"
LLI_TABLES = ("83921NED", "84641NED", "85678NED", "86006NED")
KWB_KEY_WIDTH = 10  # "NL00      " (85984NED TableInfos.DefaultSelection)
REGION_KEY_WIDTH = 6  # "NL01  " (v3 RegioS, [medium])
VALUE_WIDTH = 8
LOW_INCOME = "1050290"
TOTAL = "T001164"
ONE_YEAR, FOUR_YEARS = "A028721", "A028724"
ALL_HOUSEHOLDS = "1050010"
FIRST_LONG_TERM = 2014  # "Vier jaar of langer" is empty for 2011-2013 (83921NED answers)


# --- reading the recordings --------------------------------------------------------------------
def _csv(name: str) -> list[dict[str, str]]:
    text = (RECORDINGS / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _json(name: str) -> list[dict]:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def v4_codes(dimension: str) -> list[dict]:
    """Return a dimension's categories as v3 records from the v4 code list of 85678NED."""
    name = f"85678NED_{dimension}Codes_TiemenKasbergen.csv"
    if dimension == "RegioS":
        name = "85678NED_RegioSCodes_TiemenKasbergen-GrDr.csv"
    return [
        {
            "Key": row["Identifier"],
            "Title": row["Title"],
            "Description": row.get("Description") or "",
            "CategoryGroupID": int(row["DimensionGroupId"])
            if (row.get("DimensionGroupId") or "").isdigit()
            else None,
        }
        for row in _csv(name)
    ]


def _key_of_title(dimension: str) -> dict[str, str]:
    return {c["Title"]: c["Key"] for c in v4_codes(dimension)}


@cache
def region_code(title: str) -> str:
    """Return the CBS code of a region title of the LLI exports (former gemeenten included).

    Current regions from the v4 code list of 85678NED; former gemeenten (83921NED, 84641NED)
    through the monitor's reference crosswalk (data/raw/reference/herindelingen.csv).
    """
    current = _key_of_title("RegioS")
    if title in current:
        return current[title]
    bare = title.removesuffix(" (gemeente)")
    by_name = {name: code for code, name in regions.names().items()}
    old = dict(zip(regions.crosswalk()["oude_naam"], regions.crosswalk()["oude_code"], strict=True))
    if bare in by_name:
        return by_name[bare]
    if bare in old:
        return old[bare]
    raise KeyError(f"regio {title!r} niet in de codelijst of de herindelingen")


def _untyped(value: str, decimals: int) -> str:
    """Return a typed CSV value as the UntypedDataSet writes it (right-aligned; '.' if missing)."""
    if value.strip() == "":
        return ".".rjust(VALUE_WIDTH)
    number = float(value)
    text = f"{number:.{decimals}f}" if decimals else str(round(number))
    return text.rjust(VALUE_WIDTH)


# --- LLI ----------------------------------------------------------------------------------------
_DIMENSION_TYPES = {
    "InkomensgrensHuishouden": "Dimension",
    "DuurInkomenspositie": "Dimension",
    "KenmerkenVanHuishoudens": "Dimension",
    "RegioS": "GeoDimension",
    "Perioden": "TimeDimension",
}
_LLI_YEAR = {"83921NED": 2017, "84641NED": 2019, "85678NED": 2023, "86006NED": 2024}


def _lli_export(table_id: str) -> list[dict[str, str]]:
    return _csv(f"{table_id}_TypedDataSet-cbsodata-first10k-GrDr-particulier_dertje.csv")


def _lli_columns(table_id: str) -> tuple[list[str], list[str]]:
    """Return (dimension keys, measure keys) in the order of the real v3 answer."""
    header = list(_lli_export(table_id)[0])
    columns = [c for c in header if c != "ID"]
    dims = [c for c in columns if c in _DIMENSION_TYPES]
    return dims, [c for c in columns if c not in _DIMENSION_TYPES]


def _measure_meta(key: str) -> tuple[str, str, str]:
    """Return (title, unit, description) of an LLI measure key.

    From the v4 ``MeasureCodes`` of 85678NED (``1050010_1`` "Particuliere huishoudens", ...);
    "Kinderen" (83921NED, 84641NED) from the StatLine export of 84641NED ("Kinderen (x 1 000)",
    "Kinderen relatief (%)").
    """
    stem = key.rsplit("_", 1)[0]
    share = stem.endswith("Relatief")
    base = stem.removesuffix("Relatief")
    v4 = {
        "ParticuliereHuishoudens": "1050010",
        "Personen": "1050001",
        "MinderjarigeKinderen": "1016445",
        "Kinderen": "1016445",
    }[base]
    codes = {row["Identifier"]: row for row in _csv("85678NED_MeasureCodes_TiemenKasbergen.csv")}
    row = codes[f"{v4}_{2 if share else 1}"]
    title = row["Title"]
    if base == "Kinderen":
        title = "Kinderen relatief" if share else "Kinderen"
    return title, row["Unit"], row["Description"]


def lli_properties(table_id: str) -> list[dict]:
    """Return the v3 ``DataProperties`` of an LLI table, assembled from the recordings."""
    dims, measures = _lli_columns(table_id)
    titles = {
        row["Identifier"]: row["Title"] for row in _csv("85678NED_Dimensions_TiemenKasbergen.csv")
    }
    out: list[dict] = []
    for key in dims:
        kind = _DIMENSION_TYPES[key]
        record = {
            "odata.type": f"Cbs.OData.{kind}",
            "ID": len(out),
            "Position": len(out),
            "ParentID": None,
            "Type": kind,
            "Key": key,
            "Title": titles[key],
            "Description": "",
        }
        if kind == "GeoDimension":
            record["MapYear"] = _LLI_YEAR[table_id]
        out.append(record)
    for position, key in enumerate(measures, start=1):
        title, unit, description = _measure_meta(key)
        out.append(
            {
                "odata.type": "Cbs.OData.Topic",
                "ID": len(out),
                "Position": position,
                "ParentID": None,
                "Type": "Topic",
                "Key": key,
                "Title": title,
                "Description": description,
                "Datatype": "Double",
                "Unit": unit,
                "Decimals": 1,
                "Default": "Missing",
                "PresentationType": "Relative" if unit == "%" else "Absolute",
            }
        )
    return out


def lli_dimensions(table_id: str) -> dict[str, list[dict]]:
    """Return the dimension entity sets of an LLI table (v4 codes; regions, years as exported)."""
    rows = _lli_export(table_id)
    titles = list(dict.fromkeys(r["RegioS"] for r in rows))
    years = sorted({int(r["Perioden"].rstrip("*")) for r in rows})
    return {
        "InkomensgrensHuishouden": v4_codes("InkomensgrensHuishouden"),
        "DuurInkomenspositie": v4_codes("DuurInkomenspositie"),
        "KenmerkenVanHuishoudens": v4_codes("KenmerkenVanHuishoudens"),
        "RegioS": [
            {
                "Key": region_code(t).ljust(REGION_KEY_WIDTH),
                "Title": t,
                "Description": "",
                "CategoryGroupID": None,
            }
            for t in titles
        ],
        "Perioden": [
            {"Key": f"{y}JJ00", "Title": str(y), "Description": "", "Status": "Definitief"}
            for y in years
        ],
    }


def lli_rows(table_id: str, *, synthetic: bool = True) -> list[dict]:
    """Return the UntypedDataSet rows of an LLI table: the recorded ones, keys restored.

    With ``synthetic`` the lage-inkomensgrens rows that no recording holds are added (NOT REAL,
    see :func:`synthetic_low_income`); 83921NED's are recorded and kept as they are.
    """
    dims, measures = _lli_columns(table_id)
    keys = {d: _key_of_title(d) for d in ("InkomensgrensHuishouden", "DuurInkomenspositie")}
    keys["KenmerkenVanHuishoudens"] = _key_of_title("KenmerkenVanHuishoudens")
    out = []
    for raw in _lli_export(table_id):
        row: dict[str, object] = {"ID": len(out)}
        for dim in dims:
            if dim == "RegioS":
                row[dim] = region_code(raw[dim]).ljust(REGION_KEY_WIDTH)
            elif dim == "Perioden":
                row[dim] = f"{int(raw[dim].rstrip('*'))}JJ00"
            else:
                row[dim] = keys[dim][raw[dim]]
        for key in measures:
            row[key] = _untyped(raw[key], 1)
        out.append(row)
    recorded = {r["InkomensgrensHuishouden"] for r in out}
    if synthetic and LOW_INCOME not in recorded:
        out += synthetic_low_income(table_id, out, measures)
    return out


def _made_up_share(*parts: object) -> float:
    """Return a made-up share (%) between 4 and 14, the same for the same parts (NOT REAL)."""
    return round(4.0 + (zlib.crc32(repr(parts).encode()) % 1000) / 100.0, 1)


def synthetic_low_income(table_id: str, rows: list[dict], measures: list[str]) -> list[dict]:
    """Return made-up lage-inkomensgrens rows for both durations (NOT REAL FIGURES).

    For every recorded total (Totaal, Ten minste 1 jaar, per household characteristic) a share
    per subject is made up (4-14 %, long-term 40 % of it, none before 2014) and the count is the
    recorded total times that share, so counts and shares agree as they do at CBS.
    """
    totals = [
        r
        for r in rows
        if r["InkomensgrensHuishouden"] == TOTAL and r["DuurInkomenspositie"] == ONE_YEAR
    ]
    counts = [m for m in measures if not m.rsplit("_", 1)[0].endswith("Relatief")]
    out = []
    for total in totals:
        region, period = str(total["RegioS"]).strip(), str(total["Perioden"])
        group = total["KenmerkenVanHuishoudens"]
        year = int(period[:4])
        for duur, factor in ((ONE_YEAR, 1.0), (FOUR_YEARS, 0.4)):
            row = dict(total, ID=len(rows) + len(out))
            row["InkomensgrensHuishouden"] = LOW_INCOME
            row["DuurInkomenspositie"] = duur
            for count in counts:
                stem = count.rsplit("_", 1)[0]
                share_key = next(m for m in measures if m.startswith(f"{stem}Relatief_"))
                value = str(total[count]).strip()
                if (duur == FOUR_YEARS and year < FIRST_LONG_TERM) or value == ".":
                    row[count] = row[share_key] = ".".rjust(VALUE_WIDTH)
                    continue
                share = round(_made_up_share(table_id, region, year, stem, group) * factor, 1)
                row[share_key] = f"{share:.1f}".rjust(VALUE_WIDTH)
                row[count] = f"{float(value) * share / 100:.1f}".rjust(VALUE_WIDTH)
            out.append(row)
    return out


def lli_table_infos(table_id: str, modified: str = "2025-06-26T02:00:00") -> dict:
    """Return a TableInfos record with the fields the monitor reads (the title CBS gives)."""
    from avk_analysis.sources.cbs import tables

    title = tables.get(table_id).title
    if table_id == "85678NED":
        title = _csv("85678NED_Properties_TiemenKasbergen.csv")[0]["Title"]
    return {
        "ID": 0,
        "Title": title,
        "ShortTitle": title,
        "Identifier": table_id,
        "Modified": modified,
        "MetaDataModified": modified,
        "Period": "",
        "Language": "nl",
        "Catalog": "CBS",
    }


# --- KWB 2024 -----------------------------------------------------------------------------------
KWB24_LATER_KEYS = {  # FINDINGS §3: the later release's keys, from four third-party code bases
    "AantalInkomensontvangers": 76,
    "GemiddeldInkomenPerInkomensontvanger": 77,
    "GemiddeldInkomenPerInwoner": 78,
    "k_40PersonenMetLaagsteInkomen": 79,
    "k_20PersonenMetHoogsteInkomen": 80,
    "PersonenInArmoede": 81,
    "PersonenTot25BovenArmoedegrens": 82,
    "GemGestandaardiseerdInkomen": 83,
    "k_40HuishoudensMetLaagsteInkomen": 84,
    "k_20HuishoudensMetHoogsteInkomen": 85,
    "MediaanVermogenVanParticuliereHuish": 86,
    "PersonenPerSoortUitkeringBijstand": 87,
    "PersonenPerSoortUitkeringAO": 88,
    "PersonenPerSoortUitkeringWW": 89,
    "PersonenPerSoortUitkeringAOW": 90,
}
_REMOVED_LATER = (
    "HuishoudensMetEenLaagInkomen",
    "HuishOnderOfRondSociaalMinimum",
    "HuishoudensTot110VanSociaalMinimum",
    "HuishoudensTot120VanSociaalMinimum",
)
KWB24_LATER_MODIFIED = "2025-10-30T02:00:00"  # constructed, not seen


def _stem(key: str) -> str:
    return key.rsplit("_", 1)[0] if key.rsplit("_", 1)[-1].isdigit() else key


def kwb2024_properties(release: str = "2025-03") -> list[dict]:
    """Return 85984NED's ``DataProperties``: the recorded release, or the constructed later one."""
    props = _json("85984NED_DataProperties_niquedegraaff.json")
    if release == "2025-03":
        return props
    if release != "later":
        raise ValueError(release)
    out = []
    for prop in props:
        stem = _stem(str(prop.get("Key", "")))
        if prop.get("Type") == "Topic" and stem in _REMOVED_LATER:
            continue
        prop = dict(prop)
        if stem == "GemGestandaardiseerdInkomenVanHuish":
            stem = "GemGestandaardiseerdInkomen"
            prop["Title"] = "Gem. gestandaardiseerd inkomen"
        if stem in KWB24_LATER_KEYS:
            prop["Key"] = f"{stem}_{KWB24_LATER_KEYS[stem]}"
        out.append(prop)
        if stem == "k_20PersonenMetHoogsteInkomen":
            for new, title, code in (
                ("PersonenInArmoede", "Personen in armoede", "M008349"),
                (
                    "PersonenTot25BovenArmoedegrens",
                    "Personen tot 25% boven armoedegrens",
                    "M008348",
                ),
            ):
                out.append(
                    {
                        **{k: prop[k] for k in ("odata.type", "ParentID", "Type", "Datatype")},
                        "ID": 10_000 + KWB24_LATER_KEYS[new],
                        "Key": f"{new}_{KWB24_LATER_KEYS[new]}",
                        "Title": title,
                        "Description": f"v4 {code} (constructed record, see recorded.py).",
                        "Unit": "%",
                        "Decimals": 1,
                        "Default": "Missing",
                        "PresentationType": "Relative",
                    }
                )
    for position, prop in enumerate(p for p in out if p.get("Type") == "Topic"):
        prop["Position"] = position
    return out


def kwb2024_table_infos(release: str = "2025-03") -> dict:
    """Return 85984NED's recorded ``TableInfos`` (the later release: a new ``Modified`` only)."""
    infos = dict(_json("85984NED_TableInfos_niquedegraaff.json")[0])
    if release == "later":
        infos["Modified"] = infos["MetaDataModified"] = KWB24_LATER_MODIFIED
    return infos


def _kwb_export() -> list[dict[str, str]]:
    return _csv("85984NED_TypedDataSet-cbsodata-first10k-GrDrGM_dertje.csv")


# National figures CBS published for 2024 (FINDINGS §1b): persons in poverty 3.1 %, up to 25 %
# above the line 6.4 %. Everything else the later release adds is made up below.
_NATIONAL_2024 = {"PersonenInArmoede": "3.1", "PersonenTot25BovenArmoedegrens": "6.4"}
_MADE_UP_KWB = {  # stem → (low, high) range for a made-up value (NOT REAL)
    "PersonenInArmoede": (2.0, 5.0),
    "PersonenTot25BovenArmoedegrens": (4.5, 9.0),
    "GemiddeldInkomenPerInwoner": (30.0, 40.0),
    "MediaanVermogenVanParticuliereHuish": (80.0, 200.0),
}


def kwb2024_rows(props: list[dict], release: str = "2025-03") -> list[dict]:
    """Return 85984NED's UntypedDataSet rows for the 10 recorded regions (NL00 and 9 gemeenten).

    The recorded release keeps CBS's values (income empty). The later release fills the income
    measures the monitor reads with made-up values (NOT REAL; NL's published 3.1 % / 6.4 % apart).
    """
    by_stem = {_stem(p["Key"]): p for p in props if p.get("Type") == "Topic"}
    out = []
    for i, raw in enumerate(_kwb_export()):
        code = raw["Codering_3"]
        row: dict[str, object] = {"ID": i, "WijkenEnBuurten": code}
        for column, value in raw.items():
            prop = by_stem.get(_stem(column))
            if prop is None or column in ("ID", "WijkenEnBuurten"):
                continue
            if prop.get("Datatype") == "String":
                row[prop["Key"]] = value
            else:
                row[prop["Key"]] = _untyped(value, int(prop.get("Decimals") or 0))
        if release == "later":
            for stem, (low, high) in _MADE_UP_KWB.items():
                if stem not in by_stem:
                    continue
                made_up = low + (zlib.crc32(f"{code}{stem}".encode()) % 1000) / 1000 * (high - low)
                value = _NATIONAL_2024.get(stem) if code.startswith("NL") else None
                row[by_stem[stem]["Key"]] = (value or f"{made_up:.1f}").rjust(VALUE_WIDTH)
        for prop in by_stem.values():
            row.setdefault(prop["Key"], ".".rjust(VALUE_WIDTH))
        out.append(row)
    return out


def kwb2024_dimension() -> list[dict]:
    """Return the ``WijkenEnBuurten`` records of the recorded regions (padded keys, CBS titles)."""
    return [
        {
            "Key": raw["Codering_3"].ljust(KWB_KEY_WIDTH),
            "Title": raw["WijkenEnBuurten"],
            "Description": "",
            "CategoryGroupID": None,
        }
        for raw in _kwb_export()
    ]


# --- serving and storing ------------------------------------------------------------------------
def table(table_id: str, release: str = "2025-03") -> dict:
    """Return the pieces of a recorded table: properties, rows, dimensions, geo, infos."""
    if table_id == KWB24:
        props = kwb2024_properties(release)
        return {
            "properties": props,
            "rows": kwb2024_rows(props, release),
            "dimensions": {"WijkenEnBuurten": kwb2024_dimension()},
            "geo": "WijkenEnBuurten",
            "infos": kwb2024_table_infos(release),
        }
    return {
        "properties": lli_properties(table_id),
        "rows": lli_rows(table_id),
        "dimensions": lli_dimensions(table_id),
        "geo": "RegioS",
        "infos": lli_table_infos(table_id),
    }


def serve_recorded(fake: FakeCbs, table_id: str, release: str = "2025-03", **changes) -> dict:
    """Serve a recorded table like CBS (``changes`` replace pieces, e.g. a broken dimension)."""
    parts = {**table(table_id, release), **changes}
    infos = parts["infos"]
    serve_table(
        fake,
        table_id,
        properties=parts["properties"],
        rows=parts["rows"],
        dimensions=parts["dimensions"],
        geo=parts["geo"],
        modified=str(infos.get("Modified") or ""),
        title=str(infos.get("Title") or ""),
        page_size=500,
        infos=infos,
    )
    return parts


def store_recorded(
    root: Path, table_id: str, release: str = "2025-03", *, status: str = "echt", **changes
) -> Path:
    """Write a recorded table as a stored download under ``root/<table>/2025-06-01/``."""
    parts = {**table(table_id, release), **changes}
    return write_raw_dir(
        Path(root) / table_id / "2025-06-01",
        table_id,
        properties=parts["properties"],
        rows=parts["rows"],
        dimensions=parts["dimensions"],
        status=status,
        modified=str(parts["infos"].get("Modified") or ""),
        page_size=500,
        infos=parts["infos"],
    )


def envelope(entity: str, value: list) -> dict:
    """Return an OData envelope as CBS sends it (for tests that write files by hand)."""
    return odata(entity, value)
