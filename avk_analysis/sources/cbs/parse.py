"""Turn stored CBS raw directories (real downloads or the demo snapshot) into tidy rows.

Real downloads and the snapshot share one layout (see ``download``) and one code path here.
Measure keys and category keys are resolved from each directory's own metadata. All regions of
our area that a table returned are kept, former gemeenten included: harmonising them to the
current gemeenten happens later (``avk_analysis.pipeline.harmonise``), not here.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from avk_analysis.sources.cbs import metadata
from avk_analysis.sources.cbs import tables as registry
from avk_analysis.sources.cbs.client import (
    SYMBOL_NIL,
    SYMBOL_NOT_AVAILABLE,
    CbsError,
    CbsMissingMeasure,
    typed_long,
)
from avk_analysis.sources.cbs.download import DATA_ENTITY, area_test, newest_download
from avk_analysis.vocabulary import catalogue, paths, regions, tidy
from avk_analysis.vocabulary.provenance import STATUS_DEMO, STATUS_REAL, ProvenanceError, verify

log = logging.getLogger(__name__)

SOURCE = "CBS"
_PERIOD_YEAR = re.compile(r"^(\d{4})JJ00$")
_COLUMNS = ["regiocode", "indicator", "jaar", "waarde", "symbool", "toelichting"]


def read_entity(directory: Path, entity: str) -> list[dict]:
    """Return the ``value`` records of an entity set stored as ``<entity>.json`` or numbered."""
    directory = Path(directory)
    plain = directory / f"{entity}.json"
    files = [plain] if plain.exists() else sorted(directory.glob(f"{entity}_[0-9][0-9][0-9].json"))
    rows: list[dict] = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CbsError(f"{file}: geen geldige JSON ({exc})") from None
        rows.extend(data.get("value", []))
    return rows


def _titles(directory: Path, dimension: str) -> dict[str, str]:
    return {
        str(r.get("Key", "")).strip(): str(r.get("Title") or "").strip()
        for r in read_entity(directory, dimension)
    }


def parse_table_dir(directory: Path) -> pd.DataFrame:
    """Parse one stored raw directory (``<table>/<date>/``) into a validated tidy frame."""
    directory = Path(directory)
    try:
        prov = verify(directory)
    except ProvenanceError as exc:
        raise CbsError(str(exc)) from None
    table_id = prov.table_id or directory.parent.name
    try:
        spec = registry.get(table_id)
    except KeyError as exc:
        raise CbsError(str(exc.args[0]), table_id=table_id) from None
    props = read_entity(directory, "DataProperties")
    if not props:
        raise CbsError(
            f"CBS-tabel {table_id}: DataProperties ontbreekt in {directory}", table_id=table_id
        )
    rows = read_entity(directory, DATA_ENTITY)
    if spec.kind == registry.KIND_KWB:
        body, titles = _parse_kwb(directory, spec, props, rows)
    else:
        body, titles = _parse_lli(directory, spec, props, rows)
    if body.empty:
        return tidy.empty()
    return _finish(body, titles, spec, prov.status)


def _keep_area(df: pd.DataFrame, table_id: str) -> pd.DataFrame:
    test = area_test()
    verdict = {code: test(code) for code in df["regiocode"].unique()}
    keep = df["regiocode"].map(verdict).astype(bool)
    if (~keep).any():
        log.info(
            "CBS %s: %d rijen buiten Groningen/Drenthe/NL overgeslagen (%s, ...)",
            table_id,
            int((~keep).sum()),
            ", ".join(sorted(df.loc[~keep, "regiocode"].unique())[:5]),
        )
    return df[keep]


def _table_infos(directory: Path) -> dict:
    rows = read_entity(directory, "TableInfos")
    return rows[0] if rows else {}


def kwb_reference_years(
    spec: registry.TableSpec, props: list[dict], resolved: dict[str, dict], infos: dict
) -> dict[str, tuple[int, str]]:
    """Return, per resolved KWB indicator, its reference year and Dutch explanation."""
    infos = dict(infos)
    infos.setdefault("Identifier", spec.table_id)
    return {
        indicator: metadata.reference_year(prop, infos, spec.year, properties=props)
        for indicator, prop in resolved.items()
    }


def _parse_kwb(
    directory: Path, spec: registry.TableSpec, props: list[dict], rows: list[dict]
) -> tuple[pd.DataFrame, dict[str, str]]:
    resolved = metadata.resolve_measures(spec.table_id, props, spec.measures, spec.year)
    geo = metadata.geo_dimension(spec.table_id, props)
    titles = _titles(directory, geo)
    if registry.KWB_COUNTRY_KEY in titles:
        titles[registry.COUNTRY_CODE] = titles[registry.KWB_COUNTRY_KEY]
    key_to_indicator = {prop["Key"]: ind for ind, prop in resolved.items()}
    long = typed_long(rows, props, table_id=spec.table_id, measures=list(key_to_indicator))
    if long.empty:
        return pd.DataFrame(columns=_COLUMNS), titles
    infos = _table_infos(directory)
    years = kwb_reference_years(spec, props, resolved, infos)
    long["indicator"] = long["measure"].map(key_to_indicator)
    long["regiocode"] = long[geo].replace({registry.KWB_COUNTRY_KEY: registry.COUNTRY_CODE})
    long["jaar"] = long["indicator"].map({ind: y for ind, (y, _t) in years.items()}).astype(int)
    long["toelichting"] = long["indicator"].map({ind: t for ind, (_y, t) in years.items()})
    pending = _not_yet_published(spec, resolved, long, infos)
    out = pd.concat([long[_COLUMNS], pending], ignore_index=True) if len(pending) else long
    return _keep_area(out, spec.table_id)[_COLUMNS], titles


def _not_yet_published(
    spec: registry.TableSpec, resolved: dict[str, dict], long: pd.DataFrame, infos: dict
) -> pd.DataFrame:
    """Return "no figure" rows for measures CBS adds in a later release of this edition.

    A KWB edition is filled in phases: a release may lack a measure that a later release of the
    same table adds (85984NED of 2025-03 has no PersonenInArmoede). Every region then gets the
    CBS symbol "." (not available): no figure, never a zero, never an error.
    """
    missing = [m for m in spec.measures_for_year() if m.filled_later and m.name not in resolved]
    if not missing:
        return pd.DataFrame(columns=_COLUMNS)
    regions_seen = long["regiocode"].drop_duplicates().tolist()
    year = metadata.report_year(infos, spec.year)
    modified = str(infos.get("Modified") or "")[:10]
    release = f" (versie van {modified})" if modified else ""
    rows = [
        {
            "regiocode": code,
            "indicator": measure.name,
            "jaar": year,
            "waarde": np.nan,
            "symbool": SYMBOL_NOT_AVAILABLE,
            "toelichting": (
                f"Deze versie van tabel {spec.table_id}{release} bevat de maatstaf "
                f"{measure.stems[0]} (nog) niet: CBS vult de Kerncijfers wijken en buurten per "
                "kwartaal aan. Geen cijfer, tot een latere versie het geeft."
            ),
        }
        for measure in missing
        for code in regions_seen
    ]
    log.info(
        "CBS %s%s: %s nog niet gepubliceerd; geen cijfer (symbool '.').",
        spec.table_id,
        release,
        ", ".join(m.stems[0] for m in missing),
    )
    return pd.DataFrame(rows, columns=_COLUMNS)


def _lli_dimension(table_id: str, props: list[dict], word: str, keys: tuple[str, ...]) -> str:
    found = metadata.find_dimension(table_id, props, word, keys=keys)
    assert found is not None  # required=True raises instead
    return found


_THOUSANDS_NOTE = (
    "CBS publiceert dit aantal in duizendtallen (x 1 000); hier omgerekend naar aantallen (de "
    "afronding op honderdtallen blijft)."
)


def _lli_filter(
    directory: Path, table_id: str, props: list[dict], long: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the lage-inkomensgrens; return (all households, the characteristics' rows).

    Categories are found by key, the title as fallback. The characteristics' rows carry a
    ``kenmerk`` column (a :data:`tables.LLI_KENMERKEN` slug); one CBS does not publish in this
    edition is left out (said in the log), never an error.
    """
    grens = metadata.find_dimension(
        table_id,
        props,
        registry.LLI_DIM_INKOMENSGRENS,
        keys=registry.LLI_DIM_KEYS_INKOMENSGRENS,
        required=False,
    )
    if grens is not None:
        cats = read_entity(directory, grens)
        key = metadata.category_key(
            table_id,
            grens,
            cats,
            registry.LLI_LAGE_INKOMENSGRENS,
            registry.LLI_KEYS_LAGE_INKOMENSGRENS,
        )
        long = long[long[grens] == key]
    dim = metadata.find_dimension(
        table_id,
        props,
        registry.LLI_DIM_KENMERKEN,
        keys=registry.LLI_DIM_KEYS_KENMERKEN,
        required=False,
    )
    if dim is None:
        return long, long.iloc[0:0].assign(kenmerk="")
    cats = read_entity(directory, dim)
    total = metadata.category_key(
        table_id, dim, cats, registry.LLI_TOTAAL_HUISHOUDENS, registry.LLI_KEYS_TOTAAL_HUISHOUDENS
    )
    slugs: dict[str, str] = {}
    missing = []
    for kenmerk in registry.LLI_KENMERKEN:
        try:
            key = metadata.category_key(table_id, dim, cats, kenmerk.title, (kenmerk.key,))
        except CbsMissingMeasure:
            missing.append(kenmerk.title)
            continue
        slugs[key] = kenmerk.slug
    if missing:
        log.info(
            "CBS %s: %d huishoudkenmerk(en) niet in deze tabel (%s, ...): daarvoor geen cijfers",
            table_id,
            len(missing),
            missing[0],
        )
    kenmerken = long[long[dim].isin(list(slugs))].copy()
    kenmerken["kenmerk"] = kenmerken[dim].map(slugs)
    return long[long[dim] == total], kenmerken


def _lli_kenmerken(
    table_id: str, kenmerken: pd.DataFrame, resolved: dict[str, dict], one: str, duur: str
) -> list[pd.DataFrame]:
    """Return the households' count and share per characteristic (at least one year)."""
    hh = next(s for s in registry.lli_subjects(table_id) if s.subject == "hh")
    rows = kenmerken[kenmerken[duur] == one]
    out = []
    for spec, kind in ((hh.share, "pct"), (hh.count, "aantal")):
        prop = resolved.get(spec.name)
        if prop is None or rows.empty:
            continue
        part = rows[rows["measure"] == prop["Key"]].copy()
        part["indicator"] = [
            registry.kenmerk_indicator(registry.kenmerk(slug), kind) for slug in part["kenmerk"]
        ]
        part["toelichting"] = ""
        if kind == "aantal" and metadata.is_thousands(prop):
            part["waarde"] = part["waarde"] * 1000.0
            part["toelichting"] = _THOUSANDS_NOTE
        out.append(part)
    return out


def _parse_lli(
    directory: Path, spec: registry.TableSpec, props: list[dict], rows: list[dict]
) -> tuple[pd.DataFrame, dict[str, str]]:
    table_id = spec.table_id
    resolved = metadata.resolve_measures(table_id, props, spec.measures, spec.year)
    geo = metadata.geo_dimension(table_id, props)
    period = metadata.time_dimension(props)
    if period is None:
        raise CbsError(f"CBS-tabel {table_id}: geen periodedimensie (Perioden)", table_id=table_id)
    duur = _lli_dimension(table_id, props, registry.LLI_DIM_DUUR, registry.LLI_DIM_KEYS_DUUR)
    duur_cats = read_entity(directory, duur)
    one = metadata.category_key(
        table_id,
        duur,
        duur_cats,
        registry.LLI_TEN_MINSTE_1_JAAR,
        registry.LLI_KEYS_TEN_MINSTE_1_JAAR,
    )
    four = metadata.category_key(
        table_id,
        duur,
        duur_cats,
        registry.LLI_VIER_JAAR_OF_LANGER,
        registry.LLI_KEYS_VIER_JAAR_OF_LANGER,
    )
    if one == four:
        raise CbsError(
            f"CBS-tabel {table_id}: '{registry.LLI_TEN_MINSTE_1_JAAR}' en "
            f"'{registry.LLI_VIER_JAAR_OF_LANGER}' wijzen naar dezelfde categorie {one} in {duur}",
            table_id=table_id,
        )
    titles = _titles(directory, geo)

    measures = [prop["Key"] for prop in resolved.values()]
    long = typed_long(rows, props, table_id=table_id, measures=measures)
    if long.empty:
        return pd.DataFrame(columns=_COLUMNS), titles
    long, kenmerken = _lli_filter(directory, table_id, props, long)
    long = _lli_years(long[long[duur].isin([one, four])], period, geo, table_id)
    long["langdurig"] = long[duur] == four

    per_kenmerk = _lli_years(kenmerken, period, geo, table_id)
    parts = _lli_kenmerken(table_id, per_kenmerk, resolved, one, duur)
    for subject in registry.lli_subjects(table_id):
        count_prop = resolved.get(subject.count.name)
        share_prop = resolved.get(subject.share.name)
        if share_prop is not None:
            share = long[long["measure"] == share_prop["Key"]].copy()
            share["indicator"] = np.where(
                share["langdurig"], subject.indicator(True, "pct"), subject.indicator(False, "pct")
            )
            share["toelichting"] = ""
            parts.append(share)
        if count_prop is not None:
            count = long[long["measure"] == count_prop["Key"]].copy()
            count["indicator"] = np.where(
                count["langdurig"],
                subject.indicator(True, "aantal"),
                subject.indicator(False, "aantal"),
            )
            count["toelichting"] = ""
            if metadata.is_thousands(count_prop):
                count["waarde"] = count["waarde"] * 1000.0
                count["toelichting"] = _THOUSANDS_NOTE
            parts.append(count)
            if share_prop is not None:
                parts.append(_basis(subject.basis, count, share))
    if not parts:
        return pd.DataFrame(columns=_COLUMNS), titles
    return pd.concat(parts, ignore_index=True)[_COLUMNS], titles


def _lli_years(long: pd.DataFrame, period: str, geo: str, table_id: str) -> pd.DataFrame:
    """Keep the year periods of our area; add ``jaar`` and ``regiocode``."""
    years = long[period].str.extract(_PERIOD_YEAR)[0]
    if years.isna().any():
        log.info(
            "CBS %s: %d rijen met een niet-jaarperiode overgeslagen",
            table_id,
            int(years.isna().sum()),
        )
    long = long[years.notna()].copy()
    long["jaar"] = years[years.notna()].astype(int)
    long["regiocode"] = long[geo]
    return _keep_area(long, table_id)


def _basis(indicator: str, count: pd.DataFrame, share: pd.DataFrame) -> pd.DataFrame:
    """Derive the base of a share: count (≥ 1 year) / share %, with the symbol that blocks it."""
    keys = ["regiocode", "jaar"]
    c = count[~count["langdurig"]][[*keys, "waarde", "symbool"]]
    s = share[~share["langdurig"]][[*keys, "waarde", "symbool"]]
    both = c.merge(s, on=keys, how="outer", suffixes=("_n", "_p"))
    pct = both["waarde_p"]
    ok = both["waarde_n"].notna() & pct.notna() & (pct > 0)
    value = np.where(ok, np.round(both["waarde_n"] / (pct.where(ok, 1.0) / 100.0)), np.nan)
    sym_p = both["symbool_p"].fillna("")
    sym_n = both["symbool_n"].fillna("")
    blocking = sym_p.where((sym_p != "") & (sym_p != SYMBOL_NIL), sym_n)
    blocking = blocking.where((blocking != "") & (blocking != SYMBOL_NIL), SYMBOL_NOT_AVAILABLE)
    out = both[keys].copy()
    out["indicator"] = indicator
    out["waarde"] = value
    out["symbool"] = np.where(ok, "", blocking)
    out["toelichting"] = (
        "Afgeleid: aantal met laag inkomen (ten minste 1 jaar, omgerekend uit x 1 000) gedeeld "
        "door het aandeel (%/100), afgerond op hele aantallen; onnauwkeurig doordat CBS het "
        "aantal op honderdtallen afrondt."
    )
    return out


def _finish(
    body: pd.DataFrame, titles: dict[str, str], spec: registry.TableSpec, status: str
) -> pd.DataFrame:
    names = regions.names()
    df = body.reset_index(drop=True).copy()
    df["bron"] = SOURCE
    df["tabel"] = spec.table_id
    df["regionaam"] = [names.get(c) or titles.get(c) or c for c in df["regiocode"]]
    df["regioniveau"] = df["regiocode"].map(regions.level_of)
    units = {code: catalogue.get(code).unit for code in df["indicator"].unique()}
    defs = {code: catalogue.get(code).definition for code in units}
    df["eenheid"] = df["indicator"].map(units)
    base = df["indicator"].map(defs) + f" (CBS-tabel {spec.table_id})."
    df["definitie"] = np.where(df["toelichting"] != "", base + " " + df["toelichting"], base)
    df["status"] = status
    df["harmonisatie"] = ""
    df["bron_url"] = spec.statline_url
    df["onzeker"] = False
    df["jaar"] = df["jaar"].astype(int)
    return tidy.make(df.drop(columns=["toelichting"]))


def snapshot_cbs_dir() -> Path:
    """Return the CBS part of the bundled offline snapshot."""
    return paths.snapshot_dir() / "cbs"


def stored_tables(prefer_real: bool = True) -> dict[str, Path]:
    """Return, per registry table, the newest real download (if preferred and any) or snapshot.

    Stored real downloads are used offline too: ``AVK_OFFLINE`` only stops network access.
    """
    out: dict[str, Path] = {}
    for table_id in registry.table_ids():
        real = newest_download(table_id, paths.cbs_raw_dir()) if prefer_real else None
        chosen = real or newest_download(table_id, snapshot_cbs_dir())
        if chosen is None:
            log.warning("CBS %s: geen download en geen momentopname gevonden", table_id)
            continue
        out[table_id] = chosen
    return out


def _edition(tables: pd.Series) -> pd.Series:
    """Return the edition year (KWB year, LLI indeling year) of each row's table."""
    years = {t: registry.get(t).year for t in tables.unique()}
    return tables.map(years)


def without_shadowed_demo(df: pd.DataFrame, claimed: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Drop the demo figures of every indicator that has real figures in some table.

    Demo never wins over real, and a series never mixes the two: once any table gives real
    figures for an indicator, demo figures of that indicator (from the snapshot of another
    edition) are left out, even for years the real tables do not cover. ``claimed`` names
    indicators of real downloads that could not be read: they are not filled with demo figures
    either (a table that fails costs its figures, it is never replaced by made-up ones).
    """
    if df.empty:
        return df
    real = set(df.loc[df["status"] == STATUS_REAL, "indicator"]) | set(claimed)
    drop = (df["status"] == STATUS_DEMO) & df["indicator"].isin(real)
    if drop.any():
        tables = ", ".join(sorted(df.loc[drop, "tabel"].unique()))
        log.info(
            "CBS: %d demo-cijfers weggelaten omdat er echte cijfers van dezelfde indicator zijn "
            "(tabellen %s)",
            int(drop.sum()),
            tables,
        )
    return df.loc[~drop]


def one_value_per_cell(df: pd.DataFrame) -> pd.DataFrame:
    """Keep one figure per (indicator, region, year): real before demo, then the newest edition.

    Editions overlap (e.g. 85678NED and 86202NED both hold 2019-2022; two KWB editions can carry
    the same income year). Per indicator and year only the best edition is kept — real before
    demo, then the newest — so a former gemeente published by an older edition does not linger
    next to the current gemeente of a newer one. An indicator missing from a newer edition still
    comes from an older one.
    """
    if df.empty:
        return df
    rank = (df["status"] == STATUS_REAL).astype(int) * 10_000 + _edition(df["tabel"])
    best = rank.groupby([df["indicator"], df["jaar"]]).transform("max")
    kept = df.loc[rank == best]
    dropped = len(df) - len(kept)
    if dropped:
        log.info("CBS: %d cijfers van oudere edities vervangen door nieuwere", dropped)
    double = kept.duplicated(["indicator", "regiocode", "jaar"], keep=False)
    if double.any():
        example = kept.loc[double, ["indicator", "regiocode", "jaar", "tabel"]].head(3)
        raise CbsError(
            "CBS: één tabel geeft meer dan één waarde voor dezelfde cel: "
            + "; ".join(" ".join(map(str, r)) for r in example.itertuples(index=False))
        )
    return kept


@dataclass(frozen=True)
class TableFailure:
    """A stored CBS table the monitor could not read: which, why, and what is missing now."""

    table_id: str
    title: str
    status: str  # provenance status of the stored download (echt / demo)
    directory: Path
    reason: str  # Dutch: which dimension or measure, what was found, what was expected
    indicators: tuple[str, ...]

    def text(self) -> str:
        """Return one Dutch line: table, reason, consequence."""
        return (
            f"CBS-tabel {self.table_id} ({self.title}) kon niet worden gelezen: "
            f"{_without_table_prefix(self.reason, self.table_id)} De cijfers uit deze tabel "
            "ontbreken in deze editie; er komen geen demonstratiecijfers voor in de plaats."
        )


def _without_table_prefix(reason: str, table_id: str) -> str:
    text = reason.strip()
    prefix = f"CBS-tabel {table_id}: "
    text = text[len(prefix) :] if text.startswith(prefix) else text
    return text if text.endswith(".") else text + "."


@dataclass
class CbsLoad:
    """Every stored CBS table parsed: the tidy figures, the tables that failed, the fallbacks."""

    frame: pd.DataFrame
    failures: list[TableFailure]
    fallbacks: list[metadata.Fallback]


#: What a table's layout can break while it is read (a changed CBS answer, a damaged file).
READ_ERRORS = (CbsError, ValueError, KeyError, TypeError, OSError)


def read_table(directory: Path) -> tuple[pd.DataFrame | None, TableFailure | None]:
    """Parse one stored table; on a layout it cannot read return a ``TableFailure`` instead."""
    directory = Path(directory)
    table_id = directory.parent.name
    try:
        return parse_table_dir(directory), None
    except READ_ERRORS as exc:
        status, title = "", table_id
        try:
            prov = verify(directory)
            status, title, table_id = prov.status, prov.title or title, prov.table_id or table_id
        except ProvenanceError:
            pass
        try:
            spec = registry.get(table_id)
            title, indicators = spec.title, spec.indicators()
        except KeyError:
            indicators = ()
        reason = str(exc) if isinstance(exc, CbsError) else f"{type(exc).__name__}: {exc}"
        failure = TableFailure(table_id, title, status, directory, reason, indicators)
        log.warning("%s", failure.text())
        return None, failure


def load_tables(prefer_real: bool = True) -> CbsLoad:
    """Parse every stored registry table; a table that cannot be read costs only itself.

    Real downloads win over the demo snapshot (:func:`without_shadowed_demo`), and overlapping
    editions give one value per indicator, region and year (:func:`one_value_per_cell`).
    """
    frames: list[pd.DataFrame] = []
    failures: list[TableFailure] = []
    with metadata.collect_fallbacks() as fallbacks:
        for directory in stored_tables(prefer_real).values():
            frame, failure = read_table(directory)
            if failure is not None:
                failures.append(failure)
            else:
                frames.append(frame)
    claimed = frozenset(
        indicator
        for failure in failures
        if failure.status == STATUS_REAL
        for indicator in failure.indicators
    )
    combined = tidy.combine(frames)
    kept = one_value_per_cell(without_shadowed_demo(combined, claimed))
    return CbsLoad(tidy.combine([kept]), failures, list(fallbacks))


def check_downloads(paths_: list[Path]) -> CbsLoad:
    """Read freshly refreshed downloads once: which cannot be read, which keys fell back.

    ``avk-monitor data`` calls this after a refresh, so a changed layout is reported where the
    table came in (and the report still leaves only that table out).
    """
    frames: list[pd.DataFrame] = []
    failures: list[TableFailure] = []
    with metadata.collect_fallbacks() as fallbacks:
        for directory in paths_:
            frame, failure = read_table(directory)
            if failure is not None:
                failures.append(failure)
            elif frame is not None:
                frames.append(frame)
    return CbsLoad(tidy.combine(frames), failures, list(fallbacks))


def load_all(prefer_real: bool = True) -> pd.DataFrame:
    """Return the tidy figures of every stored table that can be read (see :func:`load_tables`)."""
    return load_tables(prefer_real).frame
