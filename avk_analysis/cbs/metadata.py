"""Resolve CBS column keys and dimension category keys from table metadata at run time.

KWB keys look like ``HuishoudensMetEenLaagInkomen_87``: the ``_NN`` ordinal is the column's
position and shifts between editions and revisions, so keys are matched on their stem (ordinal
stripped) or on their title. Category keys of dimensions (e.g. "Lage-inkomensgrens") differ per
edition and are found by title in the dimension entity set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from avk_analysis.cbs.client import DIMENSION_TYPES, CbsMissingMeasure
from avk_analysis.cbs.tables import MeasureSpec

_ORDINAL = re.compile(r"_\d+$")


def stem(key: str) -> str:
    """Return a CBS column key without its ``_NN`` ordinal (``AantalInwoners_5`` → ...)."""
    return _ORDINAL.sub("", key.strip())


def normalise(text: str | None) -> str:
    """Return ``text`` lower-cased, without accents, spaces or punctuation (for matching)."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", ascii_text.lower())


def topics(properties: list[dict]) -> list[dict]:
    """Return the topic (measure) records of ``DataProperties``."""
    return [p for p in properties if p.get("Type") == "Topic"]


def dimensions(properties: list[dict]) -> list[dict]:
    """Return the dimension records of ``DataProperties`` in order."""
    return [p for p in properties if p.get("Type") in DIMENSION_TYPES]


def _titles_of(prop: dict, by_id: dict[object, dict]) -> set[str]:
    """Return the normalised title of a topic, alone and prefixed by its topic group(s)."""
    title = prop.get("Title") or ""
    out = {normalise(title)}
    parent = by_id.get(prop.get("ParentID"))
    prefix = ""
    while parent is not None:
        prefix = f"{parent.get('Title') or ''} {prefix}"
        out.add(normalise(f"{prefix}{title}"))
        parent = by_id.get(parent.get("ParentID"))
    return out


def find_measure(
    properties: list[dict],
    stems: Iterable[str],
    titles: Iterable[str] = (),
    *,
    exclude: Iterable[str] = (),
) -> dict | None:
    """Return the topic whose key stem (or title) matches, preferring stems; None if absent.

    Topics whose key is in ``exclude`` (already claimed by another measure) are skipped.
    """
    wanted_stems = {s.lower() for s in stems}
    wanted_titles = {normalise(t) for t in titles} - {""}
    taken = set(exclude)
    candidates = [p for p in topics(properties) if p.get("Key") not in taken]
    for prop in candidates:
        if stem(str(prop.get("Key", ""))).lower() in wanted_stems:
            return prop
    if wanted_titles:
        by_id = {p.get("ID"): p for p in properties if p.get("ID") is not None}
        for prop in candidates:
            if _titles_of(prop, by_id) & wanted_titles:
                return prop
    return None


def resolve_measures(
    table_id: str, properties: list[dict], specs: Iterable[MeasureSpec], year: int
) -> dict[str, dict]:
    """Map each applicable spec name to its ``DataProperties`` record for edition ``year``.

    A required measure that is absent raises ``CbsMissingMeasure`` naming the table and measure;
    an optional one is left out of the result.
    """
    found: dict[str, dict] = {}
    applicable = [spec for spec in specs if spec.applies(year)]
    # Exact stem matches first, so a title match can never steal another measure's column.
    for spec in applicable:
        prop = find_measure(properties, spec.stems)
        if prop is not None:
            found[spec.name] = prop
    for spec in applicable:
        if spec.name in found:
            continue
        claimed = [p["Key"] for p in found.values()]
        prop = find_measure(properties, (), spec.titles, exclude=claimed)
        if prop is not None:
            found[spec.name] = prop
        elif spec.required(year):
            raise CbsMissingMeasure(
                f"CBS-tabel {table_id}: verwachte maatstaf {spec.stems[0]!r} "
                f"(indicator {spec.name}) ontbreekt in DataProperties; de tabel is gewijzigd of "
                "het register (avk_analysis/cbs/tables.py) klopt niet",
                table_id=table_id,
            )
    return found


def geo_dimension(table_id: str, properties: list[dict]) -> str:
    """Return the key of the region dimension (``WijkenEnBuurten``, ``RegioS``)."""
    for prop in dimensions(properties):
        if prop.get("Type") == "GeoDimension":
            return str(prop["Key"])
    for prop in dimensions(properties):
        if prop.get("Key") in ("WijkenEnBuurten", "RegioS", "Regio"):
            return str(prop["Key"])
    raise CbsMissingMeasure(
        f"CBS-tabel {table_id}: geen regiodimensie (GeoDimension) in DataProperties",
        table_id=table_id,
    )


def time_dimension(properties: list[dict]) -> str | None:
    """Return the key of the period dimension (``Perioden``), or None (e.g. KWB)."""
    for prop in dimensions(properties):
        if prop.get("Type") == "TimeDimension":
            return str(prop["Key"])
    return None


def find_dimension(
    table_id: str, properties: list[dict], word: str, *, required: bool = True
) -> str | None:
    """Return the key of the dimension whose title or key contains ``word`` (normalised)."""
    target = normalise(word)
    for prop in dimensions(properties):
        if target in normalise(prop.get("Title")) or target in normalise(prop.get("Key")):
            return str(prop["Key"])
    if required:
        raise CbsMissingMeasure(
            f"CBS-tabel {table_id}: geen dimensie met {word!r} in de titel in DataProperties",
            table_id=table_id,
        )
    return None


def category_key(table_id: str, dimension: str, categories: list[dict], title: str) -> str:
    """Return the (stripped) key of the category titled ``title`` in a dimension entity set."""
    target = normalise(title)
    for cat in categories:
        if normalise(cat.get("Title")) == target:
            return str(cat["Key"]).strip()
    known = ", ".join(repr(str(c.get("Title", "")).strip()) for c in categories[:12])
    raise CbsMissingMeasure(
        f"CBS-tabel {table_id}: categorie {title!r} ontbreekt in dimensie {dimension} "
        f"(gevonden: {known})",
        table_id=table_id,
    )


def is_thousands(prop: dict) -> bool:
    """Tell whether a measure is published in thousands (Unit 'x 1 000')."""
    return normalise(prop.get("Unit")).startswith("x1000")
