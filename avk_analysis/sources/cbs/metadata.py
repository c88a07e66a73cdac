"""Resolve CBS column keys and dimension category keys from table metadata at run time.

KWB keys look like ``HuishoudensMetEenLaagInkomen_87``: the ``_NN`` ordinal is the column's
position and shifts between editions and revisions, so keys are matched on their stem (ordinal
stripped) or on their title. Categories of dimensions (e.g. "Inkomen tot lage-inkomensgrens") are
found by their CBS key (code) first and by title only as a fallback; the title match tolerates
additions ("Vier jaar of langer (langdurig)") but never picks between two candidates. Every
fallback from key to title is recorded (:func:`collect_fallbacks`), so a refresh or a build can
say once which keys no longer match.

``reference_year`` reads the year a KWB measure is about (income year, peildatum) from CBS's own
metadata texts: a year they name, or CBS's rule "met het inkomen over het verslagjaar" (the
verslagjaar is the edition year).
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from avk_analysis.sources.cbs.client import DIMENSION_TYPES, GEO_DIMENSION_TYPES, CbsMissingMeasure
from avk_analysis.sources.cbs.tables import MeasureSpec

log = logging.getLogger(__name__)

_ORDINAL = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Fallback:
    """A measure or category found by its title because none of its expected keys was present."""

    table_id: str
    where: str  # "maatstaf" or the dimension key
    wanted: str  # the expected key(s) or stem(s)
    found: str  # the key found by title
    title: str

    def text(self) -> str:
        """Return one Dutch line for a log or a summary."""
        where = "maatstaf" if self.where == "maatstaf" else f"categorie in {self.where}"
        return (
            f"{self.table_id}: {where} {self.title!r} op titel gevonden als {self.found} "
            f"(verwacht: {self.wanted})"
        )


_COLLECTOR: ContextVar[list[Fallback] | None] = ContextVar("cbs_fallbacks", default=None)


@contextlib.contextmanager
def collect_fallbacks() -> Iterator[list[Fallback]]:
    """Collect every key-to-title fallback made inside the block (for one summary line)."""
    found: list[Fallback] = []
    token = _COLLECTOR.set(found)
    try:
        yield found
    finally:
        _COLLECTOR.reset(token)


def _fell_back(event: Fallback) -> None:
    collector = _COLLECTOR.get()
    if collector is None:
        log.info("CBS %s", event.text())
    elif event not in collector:
        collector.append(event)


def fallback_summary(events: Iterable[Fallback]) -> str:
    """Return one Dutch line naming every key-to-title fallback ("" when there were none)."""
    unique = list(dict.fromkeys(events))
    if not unique:
        return ""
    return (
        f"CBS: {len(unique)} sleutel(s) niet gevonden, teruggevallen op de titel — "
        + "; ".join(e.text() for e in unique)
        + ". Controleer het register (avk_analysis/sources/cbs/tables.py) en docs/cbs_sleutels.md."
    )


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
            _fell_back(
                Fallback(
                    table_id,
                    "maatstaf",
                    " of ".join(spec.stems),
                    str(prop.get("Key", "")),
                    str(prop.get("Title") or "").strip(),
                )
            )
        elif spec.required(year):
            raise CbsMissingMeasure(
                f"CBS-tabel {table_id}: verwachte maatstaf "
                f"{' of '.join(repr(s) for s in spec.stems)} (indicator {spec.name}) ontbreekt in "
                "DataProperties, ook op titel niet gevonden "
                f"({' / '.join(repr(t) for t in spec.titles)}); de tabel is gewijzigd of het "
                "register (avk_analysis/sources/cbs/tables.py) klopt niet",
                table_id=table_id,
            )
    return found


def geo_dimension(table_id: str, properties: list[dict]) -> str:
    """Return the key of the region dimension (``GeoDimension`` or KWB's ``GeoDetail``)."""
    for prop in dimensions(properties):
        if prop.get("Type") in GEO_DIMENSION_TYPES:
            return str(prop["Key"])
    for prop in dimensions(properties):
        if prop.get("Key") in ("WijkenEnBuurten", "RegioS", "Regio"):
            return str(prop["Key"])
    raise CbsMissingMeasure(
        f"CBS-tabel {table_id}: geen regiodimensie ({' of '.join(GEO_DIMENSION_TYPES)}) in "
        "DataProperties",
        table_id=table_id,
    )


def time_dimension(properties: list[dict]) -> str | None:
    """Return the key of the period dimension (``Perioden``), or None (e.g. KWB)."""
    for prop in dimensions(properties):
        if prop.get("Type") == "TimeDimension":
            return str(prop["Key"])
    return None


def find_dimension(
    table_id: str,
    properties: list[dict],
    word: str,
    *,
    keys: Iterable[str] = (),
    required: bool = True,
) -> str | None:
    """Return the dimension with one of ``keys``, else the one whose title/key contains ``word``."""
    dims = dimensions(properties)
    wanted = [str(k) for k in keys]
    for key in wanted:
        for prop in dims:
            if str(prop.get("Key", "")).strip() == key:
                return str(prop["Key"])
    target = normalise(word)
    for prop in dims:
        if target in normalise(prop.get("Title")) or target in normalise(prop.get("Key")):
            return str(prop["Key"])
    if required:
        raise CbsMissingMeasure(
            f"CBS-tabel {table_id}: geen dimensie met {word!r} in de titel in DataProperties",
            table_id=table_id,
        )
    return None


def _category_list(categories: list[dict]) -> str:
    shown = [
        f"{str(c.get('Key', '')).strip()}={str(c.get('Title') or '').strip()!r}"
        for c in categories[:15]
    ]
    more = f" en {len(categories) - 15} meer" if len(categories) > 15 else ""
    return ", ".join(shown) + more if shown else "geen categorieën"


def category_key(
    table_id: str,
    dimension: str,
    categories: list[dict],
    title: str,
    keys: Iterable[str] = (),
) -> str:
    """Return the (stripped) key of a category: by CBS key first, then by title.

    The title fallback tries an exact (normalised) match, then a unique candidate whose title
    starts with or contains ``title``; two candidates are an error, never a guess.
    """
    present = {str(c.get("Key", "")).strip(): c for c in categories}
    wanted = [str(k).strip() for k in keys]
    for key in wanted:
        if key in present:
            return key
    target = normalise(title)
    by_title = [(str(c.get("Key", "")).strip(), normalise(c.get("Title"))) for c in categories]
    for rule in (
        lambda t: t == target,
        lambda t: t.startswith(target),
        lambda t: target in t,
    ):
        hits = [key for key, cat_title in by_title if target and cat_title and rule(cat_title)]
        if len(hits) == 1:
            if wanted:
                _fell_back(Fallback(table_id, dimension, ", ".join(wanted), hits[0], title))
            return hits[0]
        if len(hits) > 1:
            named = ", ".join(f"{k}={str(present[k].get('Title') or '').strip()!r}" for k in hits)
            raise CbsMissingMeasure(
                f"CBS-tabel {table_id}: categorie {title!r} in dimensie {dimension} is niet "
                f"eenduidig: meerdere kandidaten ({named}); leg de sleutel vast in "
                "avk_analysis/sources/cbs/tables.py",
                table_id=table_id,
            )
    expected = f" (verwachte sleutel(s): {', '.join(wanted)})" if wanted else ""
    raise CbsMissingMeasure(
        f"CBS-tabel {table_id}: categorie {title!r}{expected} ontbreekt in dimensie "
        f"{dimension} (gevonden: {_category_list(categories)})",
        table_id=table_id,
    )


def is_thousands(prop: dict) -> bool:
    """Tell whether a measure is published in thousands (Unit 'x 1 000')."""
    return normalise(prop.get("Unit")).startswith("x1000")


# --- reference year of a KWB measure ---------------------------------------------------------
_YEAR = r"((?:19|20)\d{2})"
#: (label, pattern) of texts that name a year, in order of preference: "Het gaat om
#: inkomensgegevens over 2020" (cbs.nl maatwerk 2023/35), "waardepeildatum 1 januari 2023" (the WOZ
#: topic of 85984NED), plus the usual "peildatum"/"verslagjaar"/"betreft" forms.
_YEAR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("inkomensjaar", rf"inkomens(?:gegevens|cijfers|jaar)\s*(?:over|van|in|is|:)?\s*"
                         rf"(?:het\s+jaar\s+)?{_YEAR}"),
        ("inkomensjaar", rf"inkomen(?:s)?\s+(?:over|van)\s+(?:het\s+(?:verslag)?jaar\s+)?"
                         rf"{_YEAR}"),
        ("verslagjaar", rf"verslagjaar\s*(?:is|:)?\s*{_YEAR}"),
        ("peildatum", rf"peildatum\s*(?:is|:)?\s*(?:1\s+januari\s+)?{_YEAR}"),
        ("peildatum", rf"(?:op|per|stand\s+per)\s+1\s+januari\s+{_YEAR}"),
        ("verslagjaar", rf"(?:cijfers|gegevens)(?:\s+\w+){{0,3}}?\s+(?:hebben\s+betrekking\s+"
                        rf"op|gaan\s+over|over)\s+(?:het\s+jaar\s+)?{_YEAR}"),
        ("verslagjaar", rf"\bbetreft\s+(?:het\s+)?(?:jaar\s+|inkomen\s+(?:over\s+)?)?{_YEAR}"),
    )
)  # fmt: skip
#: (label, pattern) of CBS's rules that name no year but tie the figure to the verslagjaar, which
#: in the KWB is the edition year (TableInfos.Period "2024" for KWB 2024). Quotes from the real
#: DataProperties of 85984NED: topic group "Inkomen": "... op 1 januari van het verslagjaar met
#: het inkomen over het verslagjaar"; "Bevolking": "De bevolking van Nederland op 1 januari.";
#: "Particuliere huishoudens": "Betreft de huishoudens op 1 januari."; uitkeringen: "standcijfers
#: op de laatste dag van verslagmaand december"; onderwijsniveau: "op 1 oktober (jaar T)";
#: jeugdzorg: "in de verslagperiode". The income rule comes first: its sentence names 1 January.
_RULE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("inkomensjaar", r"inkomen\s+over\s+het\s+verslagjaar"),
        ("peildatum", r"(?:op|per)\s+1\s+januari(?:\s+van\s+het\s+verslagjaar)?(?!\s*\d)"),
        ("stand_december", r"laatste\s+dag\s+van\s+(?:de\s+)?verslagmaand\s+december"),
        ("peildatum_oktober", r"(?:op\s+)?1\s+oktober(?:\s+\(jaar\s+t\))?(?!\s*\d)"),
        ("verslagjaar", r"\bverslag(?:periode|jaar)\b"),
    )
)  # fmt: skip
_LABELS = {
    "inkomensjaar": "inkomensjaar {year}",
    "verslagjaar": "verslagjaar {year}",
    "peildatum": "peildatum 1 januari {year}",
    "peildatum_oktober": "peildatum 1 oktober {year}",
    "stand_december": "stand op 31 december {year}",
}


def year_in_text(text: str | None, edition_year: int) -> tuple[int, str] | None:
    """Return (year, kind) stated in a CBS metadata text, or None if it names no usable year.

    Years after the edition year are ignored (a text may mention a later revision date).
    """
    if not text:
        return None
    flat = re.sub(r"\s+", " ", str(text))
    for label, pattern in _YEAR_PATTERNS:
        for match in pattern.finditer(flat):
            year = int(match.group(1))
            if 1990 <= year <= edition_year:
                return year, label
    return None


def rule_in_text(text: str | None, *, prefer: str = "") -> tuple[str, str] | None:
    """Return (kind, quote) of a CBS rule that ties a figure to the verslagjaar, or None.

    ``prefer`` tries one kind first (wealth: the 1 January rule of the income sentence).
    """
    if not text:
        return None
    flat = re.sub(r"\s+", " ", str(text))
    ordered = sorted(_RULE_PATTERNS, key=lambda item: item[0] != prefer)
    for label, pattern in ordered:
        match = pattern.search(flat)
        if match:
            return label, match.group(0)
    return None


def report_year(table_infos: dict, edition_year: int) -> int:
    """Return a table's verslagjaar: ``TableInfos.Period`` if it is one year, else the edition."""
    period = str(table_infos.get("Period") or "").strip()
    return int(period) if re.fullmatch(r"(?:19|20)\d{2}", period) else edition_year


def _section(text: str, heading: str) -> str:
    """Return the paragraph(s) of a table explanation under the line ``heading``."""
    lines = str(text).splitlines()
    target = normalise(heading)
    out: list[str] = []
    inside = False
    for line in lines:
        bare = line.strip()
        is_heading = bool(bare) and len(bare.split()) <= 4 and not bare.endswith((".", ":"))
        if is_heading and normalise(bare) == target:
            inside = True
            continue
        if inside and is_heading and out:
            break
        if inside:
            out.append(bare)
    return " ".join(out)


def _groups(prop: dict, properties: Iterable[dict]) -> list[dict]:
    by_id = {p.get("ID"): p for p in properties if p.get("ID") is not None}
    out = []
    parent = by_id.get(prop.get("ParentID"))
    while parent is not None and len(out) < 10:
        out.append(parent)
        parent = by_id.get(parent.get("ParentID"))
    return out


def reference_year(
    prop: dict,
    table_infos: dict,
    edition_year: int,
    *,
    properties: Iterable[dict] = (),
) -> tuple[int, str]:
    """Return the year a KWB measure is about, and a Dutch explanation of where it comes from.

    Looked for, in order: the measure's own ``Description``; the ``Description`` and ``Title``
    of its topic group(s) (``properties`` gives the groups); the section of the table
    explanation (``TableInfos.Description``) headed by the group's title; the whole table
    explanation only for a measure without a group. A text that names a year gives that year; a
    CBS rule without a year ("met het inkomen over het verslagjaar", "op 1 januari") gives the
    verslagjaar (:func:`report_year`). When no text says anything the edition year is kept, the
    explanation says so and a warning is logged.
    """
    table_id = str(table_infos.get("Identifier") or "").strip() or "?"
    where = f"tabel {table_id} (KWB {edition_year})"
    groups = _groups(prop, list(properties))
    explanation = str(table_infos.get("Description") or "")
    sources: list[tuple[str, str | None]] = [
        ("de beschrijving van de maatstaf", prop.get("Description")),
    ]
    for group in groups:
        name = str(group.get("Title") or "").strip()
        sources.append((f"de beschrijving van onderwerp {name!r}", group.get("Description")))
        sources.append((f"de titel van onderwerp {name!r}", name))
    for group in groups:
        name = str(group.get("Title") or "").strip()
        if name and explanation:
            sources.append((f"de tabeltoelichting bij {name!r}", _section(explanation, name)))
    if not groups:  # else another topic's section ("op 1 januari 2024") could be read
        sources.append(("de tabeltoelichting", explanation))
    for source, text in sources:
        found = year_in_text(text, edition_year)
        if found is not None:
            year, kind = found
            label = _LABELS[kind].format(year=year)
            return year, f"{label.capitalize()} volgens de CBS-metadata van {where}; uit {source}."
    verslagjaar = report_year(table_infos, edition_year)
    # wealth is measured on 1 January of the verslagjaar (the income sentence says so too)
    wealth = "vermogen" in normalise(prop.get("Title"))
    for source, text in sources:
        rule = rule_in_text(text, prefer="peildatum" if wealth else "")
        if rule is None:
            continue
        kind, quote = rule
        label = _LABELS[kind].format(year=verslagjaar)
        return verslagjaar, (
            f"{label.capitalize()}: {source} in de CBS-metadata van {where} zegt "
            f"'{quote.strip()}', en het verslagjaar van deze tabel is {verslagjaar}."
        )
    log.warning(
        "CBS %s: geen verslagjaar of peildatum gevonden in de metadata van %s; het editiejaar "
        "%d wordt gebruikt",
        table_id,
        prop.get("Key"),
        edition_year,
    )
    return edition_year, (
        f"Jaar = verslagjaar van de KWB ({edition_year}, tabel {table_id}): de CBS-metadata noemen "
        "voor deze maatstaf geen jaar of peildatum. In de KWB gaan inkomenscijfers over het "
        "verslagjaar en telt de bevolking op 1 januari van dat jaar."
    )
