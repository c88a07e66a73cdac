"""Build ``data/processed/`` from ``data/raw/``: every source into the one tidy indicator table.

The build is the one door between the raw files and everything that is shown: sources only read and
check ``data/raw/``; the build harmonises, applies disclosure control (to the programme data,
through ``avk_analysis.pipeline.programme_tables``) and writes ``data/processed/``: the indicator
table, the references, the sources and the programme tables of each programme year.

The build is deterministic and skips itself only when no file under ``data/raw/`` changed (by
content), the package code is the same and the processed tables still match the checksums recorded
in ``build.json``. A rebuild says which inputs changed. Output is written aside and moved into
place, so a failed build never leaves a half-written table behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from avk_analysis.pipeline import code_fingerprint, harmonise, processed, references
from avk_analysis.pipeline.processed import (
    BOUNDARIES_DIR,
    BOUNDARY_ORIGIN,
    BOUNDARY_YEAR,
    BUILD_FILE,
    INDICATORS_FILE,
    MICRODATA_FILE,
    PROGRAMME_DIR,
    PROGRAMME_INFO,
    REFERENCE_DIR,
    REFERENCES_FILE,
    SOURCES_FILE,
)
from avk_analysis.vocabulary import config, paths, tidy
from avk_analysis.vocabulary.provenance import SIDECAR_NAME, read_provenance, sha256_file, verify

Log = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced and from which sources."""

    path: str
    rows: int
    mode: str  # "online", "offline" or "offline (geforceerd)"
    statuses: dict[str, int] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    fingerprint: str = ""
    checksums: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # raw file → sha256
    skipped: bool = False
    seconds: float = 0.0

    @classmethod
    def from_record(cls, record: dict, **changes: object) -> BuildResult:
        """Return a result from a ``build.json`` record (unknown keys ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in {**record, **changes}.items() if k in known})


IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"})


def raw_files(root: Path | None = None) -> list[Path]:
    """Return every file under ``data/raw/`` that can shape the output (lock files excluded)."""
    base = root or paths.raw_dir()
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file()
        and p.name not in IGNORED_NAMES
        and not p.name.startswith("~$")  # Excel's lock file of an open workbook
        and ".partial-" not in p.as_posix()  # a download still being written
    )


def input_hashes(files: list[Path]) -> dict[str, str]:
    """Return ``{path relative to the project: sha256}`` of the raw files."""
    root = paths.project_root()
    return {f.relative_to(root).as_posix(): sha256_file(f) for f in files}


def _fingerprint(hashes: dict[str, str]) -> str:
    """Hash every raw file and the package code that shapes processed data (changes noticed)."""
    digest = hashlib.sha256()
    for name, value in sorted(hashes.items()):
        digest.update(name.encode())
        digest.update(value.encode())
    for path in code_fingerprint.output_code_files():  # only code and data that shape the output
        digest.update(path.relative_to(paths.package_dir()).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Return Dutch lines naming the raw files added, changed or removed between two builds."""
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    lines = []
    for label, names in (("nieuw", added), ("gewijzigd", changed), ("verwijderd", removed)):
        if names:
            shown = ", ".join(names[:5]) + (f" en {len(names) - 5} meer" if len(names) > 5 else "")
            lines.append(f"{label}: {shown}")
    return lines


PROGRAMME_CREDIT = {
    "source": "Alliantie van Kracht (programmateam)",
    "url": "",
    "retrieved": "",
    "licence": "Niet openbaar; alleen geaggregeerd en met onthullingscontrole gepubliceerd",
    "status": "echt",
    "table_id": "",
    "modified": "",
    "notes": "Door het programmateam aangeleverd werkboek (geen herkomstbestand).",
}


def _source_record(directory: Path, kind: str) -> dict:
    """Return the provenance of one raw folder as a record for ``bronnen.json``."""
    folder = processed.rel(directory)
    if not (directory / SIDECAR_NAME).exists():
        if kind != "programma":
            raise BuildError(
                f"{folder}/{SIDECAR_NAME} ontbreekt: elke map in data/raw/ heeft een "
                "herkomstbestand. Lever planbureaucijfers aan met `avk-monitor levering BESTAND`."
            )
        files = sorted(p.name for p in directory.iterdir() if p.suffix.lower() == ".xlsx")
        return {
            **PROGRAMME_CREDIT,
            "title": "Programmawerkboek " + ", ".join(files),
            "soort": kind,
            "map": folder,
        }
    prov = verify(directory)
    record = asdict(prov)
    record.pop("files")
    record["soort"] = kind
    record["map"] = folder
    return record


def _refresh_online(log: Log) -> str:
    """Try to refresh CBS and PDOK; return the mode the build runs in."""
    if config.forced_offline():
        log(f"Offline gedwongen ({config.OFFLINE_ENV}=1): geen downloads.")
        return "offline (geforceerd)"
    from avk_analysis.sources.cbs import download, tables
    from avk_analysis.sources.cbs.client import CbsClient, CbsError, CbsNotFound, CbsUnavailable

    probe = tables.table_ids("kwb")[0]
    try:
        # one quick probe without retries, so an offline machine does not wait for backoffs;
        # any HTTP answer (a 404 for a table CBS has not published included) means CBS is up
        CbsClient(retries=0, connect_timeout=5, read_timeout=20).table_infos(probe)
    except CbsNotFound:
        log(f"CBS is bereikbaar (proeftabel {probe} niet gevonden, HTTP 404).")
    except CbsUnavailable as exc:
        log(f"CBS is niet bereikbaar (geen verbinding, time-out of storing): {exc}")
        log(
            "Er wordt niets gedownload; de opgeslagen downloads of de meegeleverde momentopname "
            "worden gebruikt."
        )
        return "offline"
    except CbsError as exc:
        log(f"CBS is bereikbaar maar gaf een onverwacht antwoord op de proefvraag: {exc}")
    _boundaries_once(log)
    results = download.refresh()
    for line in download.summary_lines(results):
        log(f"CBS {line}" if not line.startswith("CBS") else line)
    if not any(r.ok for r in results):
        log(
            "Geen enkele CBS-tabel ververst; de opgeslagen downloads of de meegeleverde "
            "momentopname worden gebruikt."
        )
        return "offline"
    return "online"


class BuildError(RuntimeError):
    """The data cannot be built from what is in data/raw/ (a user's or a setup problem)."""


def _boundaries_once(log: Log) -> None:
    """Cache the current gemeente boundaries from PDOK once; else maps use the shipped ones."""
    from avk_analysis.sources import boundaries, pdok

    try:
        pdok.download_boundaries(BOUNDARY_YEAR, "gemeente")
    except pdok.BoundariesUnavailable as exc:
        log(
            f"PDOK-grenzen niet opgehaald ({exc}); de kaarten gebruiken de meegeleverde, "
            f"vereenvoudigde grenzen van {boundaries.SHIPPED_YEAR} ({boundaries.ATTRIBUTION})."
        )


@dataclass
class Inputs:
    """The raw inputs a build reads, found once and used for the load and the sources."""

    cbs_dirs: list[Path]
    planning_files: list[Path]
    programme_files: list[Path]
    unused: list[str] = field(default_factory=list)  # Dutch notes on raw files nobody reads
    microdata_files: list[Path] = field(default_factory=list)  # exports of the RA kit

    def kinds(self) -> list[tuple[Path, str]]:
        """Return every raw folder the build depends on, with its kind (reference included)."""
        out = [(d, "cbs") for d in self.cbs_dirs]
        out += [(d, "planbureau") for d in sorted({f.parent for f in self.planning_files})]
        out += [(d, "programma") for d in sorted({f.parent for f in self.programme_files})]
        out += [(d, "microdata") for d in sorted({f.parent for f in self.microdata_files})]
        return [*out, (paths.reference_dir(), "referentie")]


# folders of data/raw/ the build or the maps read; anything else is reported as unused
KNOWN_RAW_FOLDERS = (
    "cbs",
    "snapshot",
    "pdok",
    "grenzen",
    "planbureaus",
    "programma",
    "reference",
    "microdata",
)


def _outside_known_folders(files: list[Path]) -> list[Path]:
    base = paths.raw_dir()
    return [f for f in files if f.relative_to(base).parts[0] not in KNOWN_RAW_FOLDERS]


def _loose_workbooks(files: list[Path]) -> list[str]:
    """Return Dutch problems for Excel-like workbooks in data/raw/ outside every folder read."""
    from avk_analysis.sources.programme import workbook

    return [
        f"{processed.rel(f)}: een werkmap of tabel op een plek waar de monitor niet zoekt; een "
        "programmawerkboek hoort in data/raw/programma/<jaar>/, een levering van een planbureau "
        "neemt u in met `avk-monitor levering BESTAND`"
        for f in _outside_known_folders(files)
        if f.suffix.lower() in workbook.WORKBOOK_SUFFIXES
    ]


def _unused(files: list[Path]) -> list[str]:
    """Return Dutch notes on raw files outside the folders any part of the monitor reads."""
    loose = _outside_known_folders(files)
    if not loose:
        return []
    names = ", ".join(processed.rel(f) for f in loose[:5])
    return [
        f"{len(loose)} bestand(en) in data/raw/ worden door de monitor niet gelezen ({names}); "
        "zie data/README.md voor waar welke bron hoort."
    ]


def linked_folders(base: Path | None = None) -> list[str]:
    """Return Dutch problems for folders under ``data/raw/`` that are symbolic links.

    Nothing that reads ``data/raw/`` follows a linked folder (nor does the fingerprint), so its
    files would be skipped without a word; the build refuses it instead.
    """
    base = base or paths.raw_dir()
    problems = []
    for folder, dirs, _files in os.walk(base):
        for name in sorted(dirs):
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(
                    f"{processed.rel(path)}: deze map is een koppeling (symbolische link) naar "
                    f"{os.readlink(path)}; de monitor volgt geen gekoppelde mappen in data/raw/. "
                    "Kopieer de map zelf naar deze plek en verwijder de koppeling"
                )
    return problems


def find_inputs() -> Inputs:
    """Return the CBS tables, planning-office deliveries and programme workbooks to build from."""
    from avk_analysis.sources.cbs import parse
    from avk_analysis.sources.microdata import intake as microdata_intake
    from avk_analysis.sources.planning import intake, locations
    from avk_analysis.sources.programme import workbook

    misplaced = microdata_intake.check_layout()
    if misplaced:
        raise BuildError(
            "Microdata-exports staan niet waar ze horen, dus de bouw stopt:\n- "
            + "\n- ".join(misplaced)
        )
    unread = linked_folders() + workbook.unread_files() + _loose_workbooks(raw_files())
    if unread:
        raise BuildError(
            "Deze bestanden of mappen in data/raw/ zou de bouw niet lezen, dus de bouw stopt "
            "(niets wordt stil overgeslagen):\n- "
            + "\n- ".join(unread)
            + "\nZie data/README.md voor waar welke bron hoort."
        )
    problems = intake.check_layout()
    if problems:
        raise BuildError(
            "Planbureau-leveringen staan niet waar ze horen, dus de bouw stopt (niets wordt "
            "overgeslagen):\n- "
            + "\n- ".join(problems)
            + "\nLever een bestand aan met `avk-monitor levering BESTAND`; zie "
            "docs/aanleverformaat_planbureaus.md, 'Waar een levering komt'."
        )
    planning = locations.find_deliveries()
    return Inputs(
        list(parse.stored_tables().values()),
        planning,
        workbook.programme_files(),
        _unused(raw_files()),
        microdata_intake.find_exports(),
    )


def _check_fingerprinted(inputs: Inputs, hashes: dict[str, str]) -> None:
    """Raise BuildError when the build would read a file its fingerprint leaves out.

    Such a file could change without the next run noticing; every file that is read counts.
    """
    root = paths.project_root()
    files = [*inputs.planning_files, *inputs.programme_files]
    missing = [f for f in files if f.relative_to(root).as_posix() not in hashes]
    if missing:
        raise BuildError(
            "Deze bestanden zou de bouw lezen, maar ze tellen niet mee in de vingerafdruk van "
            "data/raw/ (een latere wijziging zou onopgemerkt blijven): "
            + ", ".join(processed.rel(f) for f in missing)
            + ". Geef ze een gewone naam (geen '~$' of '.' vooraan); zie data/README.md."
        )


def _cbs(dirs: list[Path], log: Log):  # -> parse.CbsLoad (imported lazily)
    """Parse every stored CBS table; say which could not be read and which keys fell back."""
    from avk_analysis.sources.cbs import metadata, parse

    if not dirs:
        raise BuildError(
            "Geen CBS-gegevens gevonden: geen download in data/raw/cbs/ en geen momentopname in "
            "data/raw/snapshot/. Draai `make data` met internet, of herstel de momentopname met "
            "`git checkout data/raw/snapshot`."
        )
    kinds = {read_provenance(d).status for d in dirs}
    if kinds == {"demo"}:
        log("CBS: meegeleverde DEMO-momentopname (geen echte cijfers).")
    else:
        log(f"CBS: {len(dirs)} tabellen ({', '.join(sorted(kinds))}).")
    grouped: dict[tuple[str, ...], list[str]] = {}
    for table_id, names in absent_optional_measures(dirs).items():
        grouped.setdefault(tuple(names), []).append(table_id)
    for names, table_ids in grouped.items():
        log(
            f"CBS {', '.join(table_ids)}: deze maatstaven staan er (nog) niet in, dus geen "
            f"cijfers uit die tabel(len) voor: {', '.join(names)}."
        )
    loaded = parse.load_tables()
    for failure in loaded.failures:
        log(f"Let op: {failure.text()}")
    summary = metadata.fallback_summary(loaded.fallbacks)
    if summary:
        log(summary)
    return loaded


def absent_optional_measures(dirs: list[Path]) -> dict[str, list[str]]:
    """Return, per stored CBS table, the optional measures looked for but absent from it.

    ``cbs.metadata.resolve_measures`` skips an absent optional measure silently; the build says
    which ones, so a new indicator that never arrives is noticed.
    """
    from avk_analysis.sources.cbs import metadata, parse
    from avk_analysis.sources.cbs import tables as registry
    from avk_analysis.sources.cbs.client import CbsError

    out: dict[str, list[str]] = {}
    for directory in dirs:
        table_id = read_provenance(directory).table_id or directory.parent.name
        try:
            spec = registry.get(table_id)
            props = parse.read_entity(directory, "DataProperties")
            with metadata.collect_fallbacks():  # reported once, by the parse that follows
                found = metadata.resolve_measures(table_id, props, spec.measures, spec.year)
        except (KeyError, CbsError, OSError, ValueError):
            continue  # an unknown table or a missing required measure: parsing reports it
        missing = [m.name for m in spec.measures if m.applies(spec.year) and m.name not in found]
        if missing:
            out[table_id] = missing
    return out


def _planning(files: list[Path], log: Log) -> tuple[pd.DataFrame, pd.Series]:
    """Load every delivery; return the figures and, per row, primair/secundair publisher."""
    from avk_analysis.sources.planning import delivery

    frames, kinds = [], []
    for file in files:
        frame = delivery.load_delivery(file)
        kind = frame.attrs.get("soort_bron") or [references.PRIMARY] * len(frame)
        frames.append(frame)
        kinds.append(pd.Series(kind, dtype=object))
        log(f"Planbureaus: {processed.rel(file)} ({len(frame)} cijfers).")
    if not frames:
        return tidy.empty(), pd.Series(dtype=object)
    quoted = pd.concat(frames, ignore_index=True)
    return quoted, pd.concat(kinds, ignore_index=True)


def _microdata(files: list[Path], log: Log) -> pd.DataFrame:
    """Return the cells of the microdata exports, one value per cell (delivered before example)."""
    from avk_analysis.sources.microdata import tables

    for file in files:
        status = read_provenance(file.parent).status
        label = " (VOORBEELD: synthetisch)" if status == "voorbeeld" else ""
        log(f"Microdata: {processed.rel(file)}{label}.")
    return tables.combine(files)


def _microdata_tidy(cells: pd.DataFrame) -> pd.DataFrame:
    from avk_analysis.sources.microdata import tables

    return tables.tidy_rows(cells)


@dataclass
class ProgrammeYear:
    """The published tables of one programme year and the workbook facts the chapters need."""

    tables: dict[str, pd.DataFrame]
    info: dict[str, object]


def _programme(files: list[Path], log: Log) -> tuple[pd.DataFrame, dict[int, ProgrammeYear]]:
    """Load every workbook; return the tidy indicators and, per year, the published tables."""
    from avk_analysis.pipeline import programme_tables
    from avk_analysis.sources.programme import workbook

    frames, years = [], {}
    for file in files:
        data = workbook.load_workbook(file)
        frames.append(programme_tables.programme_tidy(data))
        tables = programme_tables.tabellen(data)
        # keyed by the year in the file name: the year a report asks for finds this workbook
        year = ProgrammeYear(tables, programme_tables.metadata(data, tables))
        years[workbook.workbook_year(file)] = year
        label = " (VOORBEELDDATA)" if data.status == "voorbeeld" else ""
        log(f"Programma: {file.relative_to(paths.project_root())}{label}.")
    return tidy.combine(frames), years


def _swap_folder(out_dir: Path, name: str, fill: Callable[[Path], None]) -> None:
    """Fill a folder of ``data/processed/`` aside, then swap it in (stale files go with it)."""
    target = out_dir / name
    fresh = out_dir / f".{name}.{os.getpid()}.tmp"
    old = out_dir / f".{name}.{os.getpid()}.old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        fresh.mkdir()
        fill(fresh)
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _write_programme(out_dir: Path, years: dict[int, ProgrammeYear]) -> None:
    """Write ``programma/<jaar>/`` (stale years disappear with the swap)."""

    def fill(fresh: Path) -> None:
        for jaar, year in sorted(years.items()):
            folder = fresh / str(jaar)
            folder.mkdir(parents=True)
            for name, frame in year.tables.items():
                processed.write_frame(frame, folder / f"{name}.parquet")
            text = json.dumps(year.info, indent=2, ensure_ascii=False)
            (folder / PROGRAMME_INFO).write_text(text, encoding="utf-8")

    _swap_folder(out_dir, PROGRAMME_DIR, fill)


def map_boundaries(check: bool = False) -> list[tuple[str, Path, str]]:
    """Return (level, raw file, origin) of the boundaries the maps use now.

    A PDOK download goes before the shipped 2025 set. With ``check`` every file is verified and
    read, so a damaged one stops the build by its name in ``data/raw/`` (ProvenanceError).
    """
    from avk_analysis.sources import boundaries, pdok

    out = []
    for level in ("gemeente", "provincie", "wijk"):
        downloaded = pdok.cache_file(BOUNDARY_YEAR, level)
        shipped = boundaries.shipped_file(BOUNDARY_YEAR, level)
        source, origin = (
            (downloaded, boundaries.ORIGIN_PDOK)
            if downloaded.exists()
            else (shipped, boundaries.ORIGIN_SHIPPED)
        )
        if source is None or not source.exists():
            continue
        if check:
            boundaries.check_file(source, level, BOUNDARY_YEAR)
        out.append((level, source, origin))
    return out


def _write_page_inputs(out_dir: Path, log: Log) -> None:
    """Copy what the pages need besides the tables: the reference data and the map boundaries.

    Report kernels read only ``data/processed/`` (``paths.processed_only``); the boundaries are
    the ones the maps would use now (a PDOK download, else the shipped 2025 set), with their
    provenance sidecar, so the caption can still name their origin.
    """
    from avk_analysis.sources import pdok

    def reference(fresh: Path) -> None:
        for file in sorted(paths.reference_dir().iterdir()):
            if file.is_file():
                shutil.copy2(file, fresh / file.name)

    def maps(fresh: Path) -> None:
        for level, source, origin in map_boundaries():
            folder = fresh / pdok.collection(level) / str(BOUNDARY_YEAR)
            folder.mkdir(parents=True)
            for name in [*read_provenance(source.parent).files, SIDECAR_NAME]:
                shutil.copy2(source.parent / name, folder / name)  # the sidecar must verify
            origin_text = json.dumps({"herkomst": origin, "bestand": source.name}, indent=2)
            (folder / BOUNDARY_ORIGIN).write_text(origin_text + "\n", encoding="utf-8")
            log(f"Grenzen voor de kaarten ({level} {BOUNDARY_YEAR}): {processed.rel(source)}.")
            if level in MAP_PATH_LEVELS:
                _write_map_paths(fresh, level, source, origin)

    _swap_folder(out_dir, REFERENCE_DIR, reference)
    _swap_folder(out_dir, BOUNDARIES_DIR, maps)


# Levels whose drawing paths the build computes once, for every page that maps them.
MAP_PATH_LEVELS = ("wijk",)


def map_paths_name(level: str, year: int = BOUNDARY_YEAR) -> str:
    """Return the processed name of a level's drawing paths: ``grenzen/kaart/wijk_2025.json``."""
    return f"{BOUNDARIES_DIR}/{processed.MAP_PATHS_DIR}/{level}_{int(year)}.json"


def _write_map_paths(fresh: Path, level: str, source: Path, origin: str) -> None:
    """Write the drawing paths of a level's areas, per gemeente (maps colour them per page)."""
    from avk_analysis.sources import boundaries

    gdf = boundaries.read_file(source, level, BOUNDARY_YEAR, origin)
    target = fresh / processed.MAP_PATHS_DIR / f"{level}_{BOUNDARY_YEAR}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(boundaries.map_paths(gdf), ensure_ascii=False, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")


def _skip_or_reason(force: bool, fingerprint: str, hashes: dict[str, str], log: Log) -> dict | None:
    """Return the previous record when the build can be skipped; otherwise log why not."""
    previous = processed.build_record()
    if force:
        log("Opnieuw bouwen op verzoek (--force / --opnieuw).")
        return None
    if previous is None:
        log("Nog geen (leesbare) eerdere bouw in data/processed/: alles wordt gebouwd.")
        return None
    if previous.get("fingerprint") == fingerprint:
        broken = processed.problems()
        if not broken:
            return previous
        log("data/processed/ klopt niet meer (" + "; ".join(broken) + "): opnieuw gebouwd.")
        return None
    lines = changes(previous.get("inputs") or {}, hashes)
    if lines:
        log("Invoer gewijzigd sinds de vorige bouw — " + "; ".join(lines) + ".")
    else:
        log("De code van het pakket is gewijzigd sinds de vorige bouw: opnieuw gebouwd.")
    return None


def _contributed(table: pd.DataFrame, record: dict) -> int:
    """Return how many figures of the table come from one source folder."""
    if record.get("table_id"):
        rows = table.loc[table["tabel"] == record["table_id"]]
        return int((rows["status"] == record.get("status")).sum())
    return int(record.get("rijen", 0) or 0)


def _one_value_per_cell(cbs: pd.DataFrame) -> pd.DataFrame:
    from avk_analysis.sources.cbs import parse

    return parse.one_value_per_cell(cbs)


def _registry_tables() -> set[str]:
    """Return the CBS tables the monitor reads through the API (quotes of them are references)."""
    from avk_analysis.sources.cbs import tables

    return set(tables.table_ids())


def _check_one_value_per_cell(table: pd.DataFrame) -> None:
    """Raise BuildError when an indicator, region and year has more than one value."""
    double = table.duplicated(references.CELL, keep=False)
    if double.any():
        rows = table.loc[double, [*references.CELL, "bron", "tabel"]].head(6)
        listed = "; ".join(
            f"{r.indicator} {r.regiocode} {r.jaar} ({r.bron}, {r.tabel})" for r in rows.itertuples()
        )
        raise BuildError(
            f"{int(double.sum())} cijfers delen een cel (indicator, regio, jaar) met een ander "
            f"cijfer, bijvoorbeeld {listed}. De monitor houdt één waarde per cel; dit is een fout "
            "in de bouw of in een levering (meld het bij het monitorteam)."
        )


def build(*, force: bool = False, log: Log = print) -> BuildResult:
    """Build the tidy indicator table in ``data/processed/`` and return what was built."""
    start = time.perf_counter()
    mode = _refresh_online(log)
    out_dir = paths.processed_dir()
    out_dir.mkdir(parents=True, exist_ok=True)

    hashes = input_hashes(raw_files())
    fingerprint = _fingerprint(hashes)
    previous = _skip_or_reason(force, fingerprint, hashes, log)
    if previous is not None:
        log("Gegevens ongewijzigd: data/processed/ is al actueel.")
        return BuildResult.from_record(
            previous, skipped=True, seconds=time.perf_counter() - start, mode=mode
        )
    inputs = find_inputs()
    _check_fingerprinted(inputs, hashes)
    for line in inputs.unused:
        log(f"Let op: {line}")
    # every raw folder and the map boundaries are checked before anything is read, so damage is
    # named by its own file (not by the delivery or page that trips over it later)
    sources = [_source_record(d, kind) for d, kind in inputs.kinds()]
    map_boundaries(check=True)

    cbs_load = _cbs(inputs.cbs_dirs, log)
    cbs = cbs_load.frame
    quoted, kinds = _planning(inputs.planning_files, log)
    programme, programme_years = _programme(inputs.programme_files, log)
    # former gemeenten become current ones here, so overlapping editions meet in one cell only now
    cbs = _one_value_per_cell(harmonise.harmonise(cbs))
    aggregates = harmonise.veenkolonien_aggregates(cbs)
    provinces = harmonise.province_aggregates(cbs)
    planning, refs = references.split(quoted, kinds, set(cbs["indicator"]), _registry_tables())
    log(
        f"Gepubliceerde cijfers: {len(planning)} als waarde opgenomen, {len(refs)} apart gehouden "
        "als referentie (ter controle van de CBS-reeksen)."
    )
    microdata = _microdata(inputs.microdata_files, log)
    table = tidy.combine(
        [cbs, aggregates, provinces, planning, programme, _microdata_tidy(microdata)]
    )
    _check_one_value_per_cell(table)

    from avk_analysis.sources.cbs import download

    refreshed = download.refresh_outcomes(detail=False)
    unreadable = {f.table_id: f for f in cbs_load.failures}
    for record in sources:
        record["rijen"] = _contributed(table, record)
        if record.get("soort") == "cbs":
            record["laatste_verversing"] = refreshed.get(str(record.get("table_id")), "")
            failure = unreadable.get(str(record.get("table_id")))
            record["leesfout"] = failure.text() if failure is not None else ""
        if record.get("soort") == "microdata":  # cells used; 0 when a delivery replaced them all
            record["rijen"] = int((microdata["map"] == record["map"]).sum())
    # the figures a planning-office folder or a workbook gave (one folder of its kind: all of them)
    for kind, frame in (("planbureau", planning), ("programma", programme)):
        own = [r for r in sources if r.get("soort") == kind]
        if len(own) == 1 and not own[0].get("rijen"):
            own[0]["rijen"] = len(frame)
    _write_atomic(out_dir / INDICATORS_FILE, lambda p: table.to_parquet(p, index=False))
    _write_atomic(out_dir / REFERENCES_FILE, lambda p: refs.to_parquet(p, index=False))
    _write_atomic(out_dir / MICRODATA_FILE, lambda p: microdata.to_parquet(p, index=False))
    _write_atomic(
        out_dir / SOURCES_FILE,
        lambda p: p.write_text(json.dumps(sources, indent=2, ensure_ascii=False), encoding="utf-8"),
    )
    _write_programme(out_dir, programme_years)
    _write_page_inputs(out_dir, log)
    result = BuildResult(
        path=processed.rel(out_dir / INDICATORS_FILE),
        rows=len(table),
        mode=mode,
        statuses={k: int(v) for k, v in table["status"].value_counts().sort_index().items()},
        sources=sources,
        fingerprint=fingerprint,
        checksums=processed.checksums(),
        inputs=hashes,
    )
    record = asdict(result)
    record.pop("skipped")
    record.pop("seconds")
    _write_atomic(
        out_dir / BUILD_FILE,
        lambda p: p.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"),
    )
    result.seconds = time.perf_counter() - start
    counts = ", ".join(f"{n} {s}" for s, n in result.statuses.items())
    log(f"Indicatortabel gebouwd: {result.rows} cijfers ({counts}) in {result.path}.")
    return result


def _write_atomic(target: Path, write: Callable[[Path], object]) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
