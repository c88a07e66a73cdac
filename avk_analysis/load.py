"""Loaders for analysts and notebooks: the tidy indicator table, its sources and geometries.

>>> from avk_analysis import load
>>> load.catalogus("laag inkomen")  # which indicators there are: years, levels, sources, status
>>> emmen = load.tabel("kinderen_laag_inkomen_pct", regio=["Emmen", "Assen"])
>>> load.herkomst(emmen)  # 'Bron: CBS, tabel 85318NED, opgehaald 12 maart 2026, CC BY 4.0'
>>> df = load.indicatoren(indicator="kinderen_laag_inkomen_pct", jaar=2022)  # tidy rows
>>> kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)

The loader is strict and forgiving: an unknown indicator, region, year, source or status is a
Dutch ``KeyError`` / ``ValueError`` naming the nearest valid ones ("Bedoelt u …?"), never an empty
frame; gemeente names (``"Emmen"``), lower-case codes (``"gm0114"``) and years as text (``"2022"``)
are understood.

Everything here reads ``data/processed/`` only, checked against ``build.json``. Loading never
builds and never goes online: a missing or stale table is a ``processed.ProcessedDataError`` that
says what to run (``make build`` or ``make report``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from avk_analysis.pipeline import processed
from avk_analysis.pipeline.processed import (
    BOUNDARY_YEAR,
    INDICATORS_FILE,
    MICRODATA_FILE,
    PROGRAMME_INFO,
    REFERENCES_FILE,
    SOURCES_FILE,
)
from avk_analysis.vocabulary import catalogue, paths, regions, timing

__all__ = [
    "BOUNDARY_YEAR",
    "INDICATORS_FILE",
    "REFERENCES_FILE",
    "SOURCES_FILE",
    "bronnen",
    "bronnen_ruw",
    "catalogus",
    "geometrie",
    "herkomst",
    "indicatoren",
    "kaart",
    "kaartvlakken",
    "microdata",
    "programma",
    "programma_info",
    "programma_jaren",
    "referenties",
    "tabel",
]

STATUSES = ("echt", "demo", "voorbeeld")
# words people type for a status, mapped to the monitor's own (only used for the hint)
_STATUS_WORDS = {
    "real": "echt",
    "actual": "echt",
    "official": "echt",
    "synthetic": "demo",
    "fake": "demo",
    "example": "voorbeeld",
    "sample": "voorbeeld",
}
# short names of sources people use; accepted as the full name
_SOURCE_ALIASES = {
    "spg": "Sociaal Planbureau Groningen",
    "td": "Trendbureau Drenthe",
    "trendbureau": "Trendbureau Drenthe",
    "planbureau groningen": "Sociaal Planbureau Groningen",
    "avk": "Alliantie van Kracht",
    "alliantie": "Alliantie van Kracht",
    "statline": "CBS",
}
_REGION_ALIASES = {
    "nederland": "NL01",
    "nl": "NL01",
    "provincie groningen": "PV20",
    "provincie drenthe": "PV22",
    "drenthe": "PV22",
}
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_ALL = {"alle", "all", "*"}


def _as_list(value: Any) -> list | None:
    if value is None:
        return None
    if isinstance(value, str | int):
        return [value]
    return list(value)


def _norm(text: object) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_-]+", " ", ascii_text.strip().lower())


def _quoted(items: Sequence[str]) -> str:
    shown = [f"'{i}'" for i in items]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " of " + shown[-1]


def _hint(wanted: object, options: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str:
    """Return ' Bedoelt u 'x' of 'y'?' for the nearest options (case- and accent-blind), or ''."""
    by_norm: dict[str, str] = {}
    for option in options:
        by_norm.setdefault(_norm(option), option)
    close = difflib.get_close_matches(_norm(wanted), list(by_norm), n=n, cutoff=cutoff)
    return f" Bedoelt u {_quoted([by_norm[c] for c in close])}?" if close else ""


def _span(years: Iterable[int]) -> str:
    """Return '2013, 2015–2025' for a set of years."""
    ordered = sorted({int(y) for y in years})
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for year in ordered[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


# --- resolving what an analyst writes ----------------------------------------------------------


def _resolve_indicators(wanted: Any, df: pd.DataFrame) -> list[str]:
    known = catalogue.INDICATORS
    present = set(df["indicator"])
    out = []
    for value in _as_list(wanted) or []:
        text = str(value).strip()
        code = text if text in known else None
        if code is None:  # a code in another case, or the Dutch label
            by_code = {c.lower(): c for c in known}
            by_label = {_norm(i.label): c for c, i in known.items()}
            code = by_code.get(text.lower()) or by_label.get(_norm(text))
        if code is None:
            options = [*known, *(i.label for i in known.values())]
            raise KeyError(
                f"Onbekende indicator {text!r}.{_hint(text, options)} "
                "`load.catalogus()` (of `avk-monitor indicatoren`) toont alle indicatoren; "
                "`load.catalogus('armoede')` zoekt erin."
            )
        if code not in present:
            raise KeyError(
                f"De indicator {code!r} ({known[code].label}) staat in de catalogus, maar er zijn "
                "geen cijfers van in data/processed/ (de bron is niet ingelezen of leverde hem "
                "niet). `load.catalogus()` zegt welke indicatoren cijfers hebben."
            )
        out.append(code)
    return out


def _region_lookup(df: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Return normalised code → code and normalised name → code for the regions in ``df``."""
    pairs = df[["regiocode", "regionaam"]].drop_duplicates()
    codes = {str(c).lower(): str(c) for c in pairs["regiocode"]}
    names: dict[str, str] = {}
    for code, name in zip(pairs["regiocode"], pairs["regionaam"], strict=True):
        names.setdefault(_norm(name), str(code))
        if regions.level_of(str(code)) == regions.LEVEL_GEMEENTE:  # a gemeente wins a name
            names[_norm(name)] = str(code)
    for alias, code in _REGION_ALIASES.items():
        if code.lower() in codes:
            names.setdefault(alias, code)
    return codes, names


def _resolve_regions(wanted: Any, df: pd.DataFrame) -> list[str]:
    codes, names = _region_lookup(df)
    out = []
    for value in _as_list(wanted) or []:
        text = str(value).strip()
        code = codes.get(text.lower()) or names.get(_norm(text))
        if code is None:
            ref = regions.read_gemeente(text)  # GM114, 114, a former gemeente's name
            if ref.code is not None and ref.code.lower() in codes:
                code = ref.code
            elif ref.former:
                successor = regions.main_successor(ref.code)
                raise KeyError(
                    f"{text!r} is een opgeheven gemeente ({ref.code}); de cijfers staan op de "
                    f"gemeenten van {BOUNDARY_YEAR}. Bedoelt u {regions.name(successor)} "
                    f"({successor})?"
                )
        if code is None:
            shown = sorted(set(df["regionaam"]) - {n for n in df["regionaam"] if "Wijk" in n})
            hint = _hint(text, [*shown, *codes.values()])
            raise KeyError(
                f"Onbekende regio {text!r}.{hint} Geef een code (GM0114, PV22, NL01) of een naam "
                "(Emmen, Drenthe (provincie), Nederland)."
            )
        out.append(code)
    return out


def _resolve_years(wanted: Any, df: pd.DataFrame) -> list[int]:
    present = sorted({int(y) for y in df["jaar"]})
    out = []
    for value in _as_list(wanted) or []:
        try:
            year = int(str(value).strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is geen jaartal; geef een jaar als 2022 of '2022'."
            ) from None
        if year not in present:
            raise ValueError(
                f"Geen cijfers voor het jaar {year}: de indicatortabel heeft cijfers voor "
                f"{_span(present)}."
            )
        out.append(year)
    return out


def _resolve_sources(wanted: Any, df: pd.DataFrame) -> list[str]:
    present = sorted(set(df["bron"]))
    by_norm = {_norm(b): b for b in present}
    out = []
    for value in _as_list(wanted) or []:
        text = str(value).strip()
        found = by_norm.get(_norm(text)) or _SOURCE_ALIASES.get(_norm(text))
        if found is None or found not in present:
            raise ValueError(
                f"Onbekende bron {text!r}.{_hint(text, [*present, *_SOURCE_ALIASES])} "
                f"Bronnen in de tabel: {', '.join(present)}."
            )
        out.append(found)
    return out


def _resolve_statuses(wanted: Any) -> list[str]:
    out = []
    for value in _as_list(wanted) or []:
        text = _norm(value)
        if text not in STATUSES:
            meant = _STATUS_WORDS.get(text)
            hint = f" Bedoelt u '{meant}'?" if meant else _hint(text, STATUSES)
            raise ValueError(
                f"Onbekende status {value!r}.{hint} Een cijfer is {_quoted(list(STATUSES))}."
            )
        out.append(text)
    return out


def indicatoren(
    *,
    indicator: str | Iterable[str] | None = None,
    regio: str | Iterable[str] | None = None,
    jaar: int | str | Iterable[int | str] | None = None,
    status: str | Iterable[str] | None = None,
    bron: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the tidy indicator table, filtered; an unknown value is a Dutch KeyError/ValueError.

    Each filter takes one value or a list: ``indicator`` a code or label, ``regio`` a code
    (``GM0114``, ``gm0114``) or name (``Emmen``), ``jaar`` an int or text, ``status`` ``echt``,
    ``demo`` or ``voorbeeld``, ``bron`` a source (``CBS``, ``SPG``). Never builds.
    """
    df = _read_parquet(INDICATORS_FILE)
    filters = (
        ("indicator", _resolve_indicators(indicator, df) if indicator is not None else None),
        ("regiocode", _resolve_regions(regio, df) if regio is not None else None),
        ("jaar", _resolve_years(jaar, df) if jaar is not None else None),
        ("status", _resolve_statuses(status) if status is not None else None),
        ("bron", _resolve_sources(bron, df) if bron is not None else None),
    )
    for column, values in filters:
        if values is not None:
            df = df.loc[df[column].isin(values)]
    return df.reset_index(drop=True)


# --- the catalogue -----------------------------------------------------------------------------


def catalogus(zoek: str | None = None) -> pd.DataFrame:
    """Return one row per indicator: label, unit, definition, years, levels, sources, status.

    ``zoek`` keeps the indicators whose code, label or definition contain every word of it
    (case- and accent-blind): ``catalogus("laag inkomen kinderen")``. Indicators of the
    catalogue without figures in this build are listed with status ``geen cijfers``.
    """
    df = _read_parquet(INDICATORS_FILE)
    groups = dict(tuple(df.groupby("indicator", sort=False)))
    rows = []
    for code, ind in catalogue.INDICATORS.items():
        part = groups.get(code)
        has = part is not None and not part.empty
        rows.append(
            {
                "indicator": code,
                "label": ind.label,
                "eenheid": ind.unit,
                "definitie": ind.definition,
                "jaren": _span(part["jaar"]) if has else "",
                "niveaus": ", ".join(sorted(set(part["regioniveau"]))) if has else "",
                "bronnen": ", ".join(sorted(set(part["bron"]))) if has else "",
                "status": ", ".join(s for s in STATUSES if has and s in set(part["status"]))
                or "geen cijfers",
                "cijfers": len(part) if has else 0,
            }
        )
    out = pd.DataFrame(rows)
    if zoek:
        words = _norm(zoek).split()
        haystack = (out["indicator"] + " " + out["label"] + " " + out["definitie"]).map(_norm)
        keep = haystack.map(lambda text: all(w in text for w in words))
        out = out.loc[keep]
    return out.reset_index(drop=True)


# --- one clean table with its provenance -------------------------------------------------------


def _kind_of_source(bron: str) -> str:
    """Return the ``soort`` of the bronnen.json record a row's source comes from."""
    if bron == "CBS":
        return "cbs"
    if bron == "Alliantie van Kracht":
        return "programma"
    return "planbureau"


def _date(value: object) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _short_licence(text: str) -> str:
    return "CC BY 4.0" if text.startswith("CC BY 4.0") else text


def _provenance(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with ``opgehaald`` (date) and ``licentie`` from the build's source records."""
    records = bronnen_ruw()
    exact: dict[tuple[str, str, str], dict] = {}
    by_kind: dict[tuple[str, str], dict] = {}
    for rec in records.to_dict("records"):
        kind, status = str(rec.get("soort", "")), str(rec.get("status", ""))
        exact.setdefault((kind, str(rec.get("table_id", "") or ""), status), rec)
        by_kind.setdefault((kind, status), rec)
    dates, licences = [], []
    for bron, table, status in zip(df["bron"], df["tabel"], df["status"], strict=True):
        kind = _kind_of_source(str(bron))
        rec = exact.get((kind, str(table), str(status)))
        if rec is None and kind != "cbs":  # one record per folder of published figures
            rec = by_kind.get((kind, str(status)))
        dates.append(_date(rec.get("retrieved")) if rec else None)
        licences.append(_short_licence(str(rec.get("licence", ""))) if rec else "")
    return df.assign(opgehaald=dates, licentie=licences)


_LONG_COLUMNS = [
    "indicator",
    "regiocode",
    "regionaam",
    "regioniveau",
    "jaar",
    "waarde",
    "symbool",
    "eenheid",
    "bron",
    "tabel",
    "status",
    "opgehaald",
    "licentie",
    "bron_url",
    "onzeker",
]


def tabel(
    indicator: str,
    *,
    regio: str | Iterable[str] | None = None,
    jaar: int | str | Iterable[int | str] | None = None,
    breed: bool = True,
    bron: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return one indicator as a clean table: one value per cell, one source, one status.

    ``breed=True`` (default): regions as rows (index ``regio``, the name), years as columns;
    ``breed=False``: tidy rows with the provenance on every row (source, table id, retrieval
    date ``opgehaald``, status, licence). Without ``regio`` the table holds the 22 gemeenten (or
    every region when the indicator has no gemeente figures). A selection that would mix sources
    or demo and real figures is a ValueError saying how to choose. :func:`herkomst` writes the
    citation line of the result.
    """
    codes = _resolve_indicators(indicator, _read_parquet(INDICATORS_FILE))
    if len(codes) != 1:
        raise ValueError("`load.tabel` toont één indicator; gebruik `load.indicatoren` voor meer.")
    (code,) = codes
    every = isinstance(regio, str) and regio.strip().lower() in _ALL
    df = indicatoren(
        indicator=code, regio=None if every else regio, jaar=jaar, bron=bron, status=status
    )
    if regio is None:
        gemeenten = df.loc[df["regioniveau"] == regions.LEVEL_GEMEENTE]
        df = gemeenten if not gemeenten.empty else df
    if df.empty:
        years = _span(indicatoren(indicator=code)["jaar"])
        raise ValueError(
            f"Geen cijfers voor {code!r} met deze keuze (regio={regio!r}, jaar={jaar!r}, "
            f"bron={bron!r}, status={status!r}); de indicator heeft cijfers voor {years}."
        )
    kinds = df.groupby(["bron", "status"])["jaar"].agg(_span)
    if len(kinds) > 1:
        listed = "; ".join(f"{b} ({s}): {years}" for (b, s), years in kinds.items())
        raise ValueError(
            f"De keuze voor {code!r} mengt bronnen of echte en niet-echte cijfers ({listed}). "
            "Kies er één met bron=... of status=..., zodat elke cel één soort cijfer is."
        )
    df = _provenance(df)
    long = df[_LONG_COLUMNS].sort_values(["regiocode", "jaar"]).reset_index(drop=True)
    ind = catalogue.get(code)
    attrs = {
        "indicator": code,
        "label": ind.label,
        "eenheid": ind.unit,
        "status": str(long["status"].iloc[0]),
        "bron": str(long["bron"].iloc[0]),
        "herkomst": _provenance_records(long),
    }
    if not breed:
        long.attrs.update(attrs)
        return long
    wide = long.pivot(index="regionaam", columns="jaar", values="waarde")  # one value per cell
    order = long.drop_duplicates("regionaam").set_index("regionaam")["regiocode"]
    wide = wide.loc[sorted(wide.index, key=lambda n: (regions.level_of(order[n]), n))]
    wide.index.name, wide.columns.name = "regio", "jaar"
    wide.attrs.update({**attrs, "regiocodes": order.to_dict()})
    return wide


def _provenance_records(long: pd.DataFrame) -> list[dict[str, Any]]:
    """Return one record per (source, table, status, date, licence) with its years."""
    cols = ["bron", "tabel", "status", "opgehaald", "licentie", "bron_url"]
    out = []
    for key, part in long.groupby(cols, dropna=False, sort=False):
        out.append({**dict(zip(cols, key, strict=True)), "jaren": sorted(set(part["jaar"]))})
    return sorted(out, key=lambda r: (r["jaren"][0], str(r["tabel"])))


def datum(value: dt.date | dt.datetime | str | None) -> str:
    """Return a date the Dutch way: '12 maart 2026' ('' for none)."""
    day = _date(value) if isinstance(value, str) else value
    if day is None or (isinstance(day, float) and pd.isna(day)):
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def herkomst(frame: pd.DataFrame) -> str:
    """Return the citation line of a table from :func:`tabel`.

    'Bron: CBS, tabel 85318NED, opgehaald 12 maart 2026, CC BY 4.0'; demo and example figures
    say so first ('Let op: DEMONSTRATIECIJFERS …').
    """
    records = frame.attrs.get("herkomst")
    if records is None and {"bron", "tabel", "status"} <= set(frame.columns):
        has_provenance = "opgehaald" in frame.columns
        records = _provenance_records(frame if has_provenance else _provenance(frame))
    if not records:
        raise ValueError(
            "Deze tabel draagt geen herkomst; maak haar met `load.tabel(...)` "
            "(of geef een tabel met de kolommen bron, tabel en status)."
        )
    parts = []
    for (bron, status, day, licence), recs in _group_citations(records).items():
        tables: dict[str, set[int]] = {}
        for rec in recs:
            if rec["tabel"] and str(rec["tabel"]) != str(bron):
                tables.setdefault(str(rec["tabel"]), set()).update(rec["jaren"])
        if bron != "CBS":  # published figures: 'tabel' names what they are based on
            where = f"op basis van {', '.join(tables)}" if tables else ""
        elif len(tables) == 1:
            where = f"tabel {next(iter(tables))}"
        else:
            where = "tabellen " + ", ".join(f"{t} ({_span(y)})" for t, y in tables.items())
        urls = sorted({str(r["bron_url"]) for r in recs if r.get("bron_url")})
        if bron != "CBS" and 0 < len(urls) <= 2:
            where = ", ".join(p for p in (where, *urls) if p)
        when = datum(day)
        if status == "demo":
            text = (
                f"DEMONSTRATIECIJFERS (verzonnen, geen echte {bron}-cijfers), in de vorm van "
                f"{bron}-{where}" + (f", gemaakt {when}" if when else "")
            )
        elif status == "voorbeeld":
            text = f"VOORBEELDDATA (verzonnen) van {bron}" + (f", gemaakt {when}" if when else "")
        else:
            text = ", ".join(
                p for p in (bron, where, f"opgehaald {when}" if when else "", licence) if p
            )
        parts.append(text)
    return "Bron: " + "; ".join(parts)


def _group_citations(records: Sequence[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    out: dict[tuple, list[dict[str, Any]]] = {}
    for rec in records:
        licence = str(rec.get("licentie", "") or "") if rec.get("status") == "echt" else ""
        if len(licence) > 40:  # a sentence, not a licence name: the citation leaves it out
            licence = ""
        key = (rec["bron"], rec["status"], rec.get("opgehaald"), licence)
        out.setdefault(key, []).append(rec)
    return out


# --- other processed tables --------------------------------------------------------------------


# processed file → (checksum it was read with, the frame): a page reads the indicator table and
# the programme tables several times; each is read once per process while it is unchanged
_FRAMES: dict[str, tuple[str, pd.DataFrame]] = {}


def _cached(name: str, read: Any) -> pd.DataFrame:
    """Return ``read(file)`` of a checked processed file, read once while the file is unchanged.

    Every caller gets its own shallow copy (pandas copy-on-write): changing it changes nothing
    in the cache.
    """
    with timing.phase("gegevens laden"):
        file = processed.require(name)
        checksum = processed.verified_checksum(name)
        hit = _FRAMES.get(name)
        if hit is None or hit[0] != checksum:
            try:
                frame = read(file)
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise processed.ProcessedDataError(
                    f"{processed.rel(file)} is niet leesbaar ({type(exc).__name__}). "
                    + processed.REBUILD_HINT
                ) from None
            hit = (checksum, frame)
            _FRAMES[name] = hit
        return hit[1].copy(deep=False)


def _read_parquet(name: str) -> pd.DataFrame:
    """Read a checked processed table; a corrupt file is a ProcessedDataError saying what to run."""
    return _cached(name, pd.read_parquet)


def referenties(*, indicator: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Return the figures quoted by others (kept apart from the indicator table, for checks)."""
    df = _read_parquet(REFERENCES_FILE)
    values = _as_list(indicator)
    if values is not None:
        known = catalogue.INDICATORS
        for value in values:
            if value not in known:
                raise KeyError(f"Onbekende indicator {value!r}.{_hint(value, known)}")
        df = df.loc[df["indicator"].isin(values)]
    return df.reset_index(drop=True)


def microdata() -> pd.DataFrame:
    """Return the cells of the microdata exports (one value per cell; empty when there are none).

    One row per cell of the Remote Access kit's export: jaar_van, jaar_tot (a single year or a
    pooled window), regiocode, woonsituatie, ouder, maat, aantal (empty when suppressed),
    onderdrukt, afronding, definitie, status (echt / voorbeeld), bron, bronregel, map, bestand.
    """
    return _read_parquet(MICRODATA_FILE)


# bronnen.json keys → the Dutch column names analysts see
SOURCE_COLUMNS = {
    "soort": "soort",
    "table_id": "tabel",
    "title": "titel",
    "status": "status",
    "source": "bron",
    "retrieved": "opgehaald",
    "modified": "gewijzigd_bij_bron",
    "licence": "licentie",
    "url": "url",
    "rijen": "cijfers",
    "laatste_verversing": "laatste_verversing",
    "map": "map",
    "notes": "toelichting",
}


def bronnen() -> pd.DataFrame:
    """Return the sources the indicator table was built from, with Dutch column names.

    One row per raw folder: soort, tabel, titel, status, bron, opgehaald (date), licentie, ….
    """
    raw = bronnen_ruw()
    out = pd.DataFrame(
        {dutch: raw.get(key, pd.Series(dtype=object)) for key, dutch in SOURCE_COLUMNS.items()}
    )
    out["opgehaald"] = [_date(v) for v in out["opgehaald"]]
    return out


def bronnen_ruw() -> pd.DataFrame:
    """Return ``bronnen.json`` as stored (its own keys; for the report's source pages)."""
    return pd.DataFrame(_read_json(SOURCES_FILE))


def _read_json(name: str) -> object:
    """Read a checked processed JSON file; a damaged one is a ProcessedDataError."""
    file = processed.require(name)
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except ValueError:
        raise processed.ProcessedDataError(
            f"{processed.rel(file)} is geen geldige JSON. " + processed.REBUILD_HINT
        ) from None


def programma_jaren() -> list[int]:
    """Return the programme years the last build wrote published tables for."""
    processed.require(INDICATORS_FILE)  # no build (or a broken one) is an error, not "no years"
    return processed.programme_years(processed.build_record() or {})


def _programme_year(jaar: int) -> int:
    """Return ``jaar`` when the build has programme tables for it; else a Dutch LookupError."""
    jaar = int(jaar)
    if jaar not in programma_jaren():
        raise LookupError(
            f"Geen programmagegevens voor {jaar} in data/processed/: bij de laatste bouw stond er "
            f"geen programmawerkboek voor {jaar} in data/raw/programma/. Zet het werkboek daar en "
            "draai `make build` (of `make report`)."
        )
    return jaar


def programma_info(jaar: int) -> dict[str, object]:
    """Return the facts of the programme workbook of ``jaar`` (status, peildatum, file, counts)."""
    name = processed.programme_file(_programme_year(jaar), PROGRAMME_INFO)
    info = _read_json(name)
    if not isinstance(info, dict):
        raise processed.ProcessedDataError(
            f"{processed.rel(processed.path(name))} is geen geldig programmaverslag. "
            + processed.REBUILD_HINT
        )
    peildatum = info.get("peildatum")
    return {**info, "peildatum": dt.date.fromisoformat(peildatum) if peildatum else None}


def programma(jaar: int) -> dict[str, pd.DataFrame]:
    """Return the programme's published tables of ``jaar`` (disclosure control applied)."""
    return _programme_tables(jaar, programma_info(jaar))


def _programme_tables(jaar: int, info: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Read the programme tables that ``info`` lists."""
    out = {}
    for table in info.get("rijen") or {}:
        name = processed.programme_file(int(jaar), f"{table}.parquet")
        out[table] = _cached(name, processed.read_frame)
    return out


def geometrie(jaar: int = BOUNDARY_YEAR, *, downloaden: bool = False):
    """Return gemeente boundaries: downloaded from PDOK when cached, else the shipped ones.

    In a report kernel (``paths.processed_only()``) only the build's copy is read.
    """
    from avk_analysis.sources import boundaries

    if paths.processed_only():
        return _built_boundaries(jaar, "gemeente")
    return boundaries.load_boundaries(jaar, "gemeente", allow_download=downloaden)


def _built_boundaries(year: int, level: str):
    """Return the boundaries the build copied to ``data/processed/grenzen/`` (report kernels)."""
    from avk_analysis.sources import boundaries, pdok

    name = pdok.collection(level)
    lvl = pdok.level_of(name)
    folder = paths.processed_dir() / paths.PROCESSED_BOUNDARIES_DIR / name / str(int(year))
    origin = folder / paths.BOUNDARY_ORIGIN_FILE
    if not origin.exists():
        raise pdok.BoundariesUnavailable(
            f"Geen {lvl}grenzen voor {year} in data/processed/{paths.PROCESSED_BOUNDARIES_DIR}/ "
            f"(de bouw neemt de grenzen van {paths.BOUNDARY_YEAR} over). " + paths.REBUILD_HINT
        )
    info = json.loads(origin.read_text(encoding="utf-8"))
    paths.note_read(folder / info["bestand"])
    return boundaries.read_file(folder / info["bestand"], lvl, year, info["herkomst"])


def kaartvlakken(niveau: str = "wijk", jaar: int = BOUNDARY_YEAR) -> dict[str, Any]:
    """Return the drawing paths of a level's areas per gemeente, as the build computed them.

    ``{"groepen": {"GM0114": {"breedte", "hoogte", "vlakken": [{code, naam, d, x, y}, …]}}, …}``:
    the real (generalised) boundaries the maps use, projected once per edition so that a page
    only colours them (see ``boundaries.map_paths``).
    """
    name = f"{processed.BOUNDARIES_DIR}/{processed.MAP_PATHS_DIR}/{niveau}_{int(jaar)}.json"
    with timing.phase("grenzen laden"):
        data = _read_json(name)
    if not isinstance(data, dict) or not isinstance(data.get("groepen"), dict):
        raise processed.ProcessedDataError(
            f"{processed.rel(processed.path(name))} bevat geen kaartvlakken. "
            + processed.REBUILD_HINT
        )
    return data


def kaart(indicator: str, jaar: int | str, *, bron: str = "CBS", downloaden: bool = False):
    """Return gemeente geometries joined with one indicator for one year (a map in one call).

    An unknown indicator or year is a Dutch KeyError/ValueError; a choice without any gemeente
    figure is a ValueError (never a map of "geen gegevens").
    """
    values = indicatoren(indicator=indicator, jaar=jaar, regio=regions.gemeente_codes(), bron=bron)
    if values.empty:
        raise ValueError(
            f"Geen gemeentecijfers voor {indicator!r} in {jaar} van bron {bron!r}; "
            "`load.catalogus()` zegt per indicator welke jaren, niveaus en bronnen er zijn."
        )
    gdf = geometrie(downloaden=downloaden)
    cols = ["regiocode", "waarde", "symbool", "status", "eenheid"]
    merged = gdf.merge(
        values[cols].drop_duplicates("regiocode"),
        left_on="gemeentecode",
        right_on="regiocode",
        how="left",
    )
    merged.attrs.update(gdf.attrs)
    return merged
