"""Build ``data/processed/`` from ``data/raw/``: every source into the one tidy indicator table.

The build is deterministic and skips itself when neither the raw inputs (their provenance
sidecars) nor the package code changed. Output is written aside and moved into place, so a failed
build never leaves a half-written table behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from avk_analysis import config, harmonise, paths, tidy
from avk_analysis.load import INDICATORS_FILE, SOURCES_FILE
from avk_analysis.provenance import SIDECAR_NAME, read_provenance, sha256_file, verify

BUILD_FILE = "build.json"

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
    skipped: bool = False
    seconds: float = 0.0


def _fingerprint(source_dirs: list[Path]) -> str:
    digest = hashlib.sha256()
    for directory in sorted(source_dirs):
        digest.update(str(directory.relative_to(paths.project_root())).encode())
        sidecar = directory / SIDECAR_NAME
        if sidecar.exists():
            digest.update(sidecar.read_bytes())
        else:  # e.g. a programme workbook the team dropped in: hash the files themselves
            for file in sorted(p for p in directory.iterdir() if p.is_file()):
                digest.update(file.name.encode())
                digest.update(sha256_file(file).encode())
    for py in sorted(paths.package_dir().rglob("*.py")):
        digest.update(py.relative_to(paths.package_dir()).as_posix().encode())
        digest.update(py.read_bytes())
    return digest.hexdigest()


def _source_record(directory: Path) -> dict:
    if not (directory / SIDECAR_NAME).exists():
        files = sorted(p.name for p in directory.iterdir() if p.suffix.lower() == ".xlsx")
        return {
            "source": "Alliantie van Kracht (programmateam)",
            "title": "Programmawerkboek " + ", ".join(files),
            "url": "",
            "retrieved": "",
            "licence": "Niet openbaar; alleen geaggregeerd en met onthullingscontrole gepubliceerd",
            "status": "echt",
            "table_id": "",
            "modified": "",
            "notes": "Door het programmateam aangeleverd werkboek (geen herkomstbestand).",
            "map": directory.relative_to(paths.project_root()).as_posix(),
        }
    prov = verify(directory)
    record = asdict(prov)
    record.pop("files")
    record["map"] = directory.relative_to(paths.project_root()).as_posix()
    return record


def _refresh_online(log: Log) -> str:
    """Try to refresh CBS and PDOK; return the mode the build runs in."""
    if config.forced_offline():
        log(f"Offline gedwongen ({config.OFFLINE_ENV}=1): geen downloads.")
        return "offline (geforceerd)"
    from avk_analysis.cbs import download, tables
    from avk_analysis.cbs.client import CbsClient, CbsError, CbsUnavailable

    try:
        # one quick probe without retries, so an offline machine does not wait for backoffs
        CbsClient(retries=0, connect_timeout=5, read_timeout=20).table_infos(
            tables.table_ids("kwb")[-1]
        )
    except CbsError:
        log("CBS is niet bereikbaar (geen verbinding): er wordt niets gedownload.")
        log("De opgeslagen downloads of de meegeleverde momentopname worden gebruikt.")
        return "offline"
    _boundaries_once(log)
    try:
        download.refresh()
    except CbsUnavailable as exc:
        log(f"CBS is niet bereikbaar ({exc}).")
        log("De opgeslagen downloads of de meegeleverde momentopname worden gebruikt.")
        return "offline"
    return "online"


class BuildError(RuntimeError):
    """The data cannot be built from what is in data/raw/ (a user's or a setup problem)."""


def _boundaries_once(log: Log) -> None:
    """Cache the current gemeente boundaries from PDOK once, so maps show real borders."""
    from avk_analysis import boundaries
    from avk_analysis.load import BOUNDARY_YEAR

    try:
        boundaries.load_boundaries(BOUNDARY_YEAR, "gemeente", allow_download=True)
    except boundaries.BoundariesUnavailable as exc:
        log(f"PDOK niet bereikbaar ({exc}); kaarten worden schematisch.")


@dataclass
class Inputs:
    """The raw inputs a build reads, found once and used for the fingerprint and the load."""

    cbs_dirs: list[Path]
    planning_files: list[Path]
    programme_files: list[Path]

    def dirs(self) -> list[Path]:
        """Return every raw folder the build depends on (reference data included)."""
        folders = self.cbs_dirs + sorted({f.parent for f in self.planning_files})
        folders += sorted({f.parent for f in self.programme_files})
        return [*folders, paths.reference_dir()]


def find_inputs() -> Inputs:
    """Return the CBS tables, planning-office deliveries and programme workbooks to build from."""
    from avk_analysis.cbs import parse
    from avk_analysis.programme import load

    planning = [
        f
        for f in sorted(paths.planning_raw_dir().rglob("*"))
        if f.suffix.lower() in {".csv", ".xlsx"} and not f.name.startswith("~$")
    ]
    return Inputs(list(parse.stored_tables().values()), planning, load.programme_files())


def _cbs(dirs: list[Path], log: Log) -> pd.DataFrame:
    from avk_analysis.cbs import parse

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
    return parse.load_all()


def _planning(files: list[Path], log: Log) -> pd.DataFrame:
    from avk_analysis.planning import delivery

    frames = []
    for file in files:
        frames.append(delivery.load_delivery(file))
        log(f"Planbureaus: {file.relative_to(paths.project_root())} ({len(frames[-1])} cijfers).")
    return tidy.combine(frames)


def _programme(files: list[Path], log: Log) -> pd.DataFrame:
    from avk_analysis.programme import load

    frames = []
    for file in files:
        data = load.load_workbook(file)
        frames.append(load.programme_tidy(data))
        label = " (VOORBEELDDATA)" if data.status == "voorbeeld" else ""
        log(f"Programma: {file.relative_to(paths.project_root())}{label}.")
    return tidy.combine(frames)


def build(*, force: bool = False, log: Log = print) -> BuildResult:
    """Build the tidy indicator table in ``data/processed/`` and return what was built."""
    start = time.perf_counter()
    mode = _refresh_online(log)
    out_dir = paths.processed_dir()
    out_dir.mkdir(parents=True, exist_ok=True)

    inputs = find_inputs()
    fingerprint = _fingerprint(inputs.dirs())
    build_file = out_dir / BUILD_FILE
    if not force and build_file.exists() and (out_dir / INDICATORS_FILE).exists():
        previous = json.loads(build_file.read_text(encoding="utf-8"))
        if previous.get("fingerprint") == fingerprint:
            log("Gegevens ongewijzigd: data/processed/ is al actueel.")
            previous.update(skipped=True, seconds=time.perf_counter() - start, mode=mode)
            return BuildResult(**previous)

    cbs = _cbs(inputs.cbs_dirs, log)
    planning = _planning(inputs.planning_files, log)
    programme = _programme(inputs.programme_files, log)
    cbs = harmonise.harmonise(cbs)
    aggregates = harmonise.veenkolonien_aggregates(cbs)
    provinces = harmonise.province_aggregates(cbs)
    table = tidy.combine([cbs, aggregates, provinces, planning, programme])

    sources = [_source_record(d) for d in inputs.dirs()]
    result = BuildResult(
        path=(out_dir / INDICATORS_FILE).relative_to(paths.project_root()).as_posix(),
        rows=len(table),
        mode=mode,
        statuses={k: int(v) for k, v in table["status"].value_counts().sort_index().items()},
        sources=sources,
        fingerprint=fingerprint,
    )
    _write_atomic(out_dir / INDICATORS_FILE, lambda p: table.to_parquet(p, index=False))
    _write_atomic(
        out_dir / SOURCES_FILE,
        lambda p: p.write_text(json.dumps(sources, indent=2, ensure_ascii=False), encoding="utf-8"),
    )
    record = asdict(result)
    record.pop("skipped")
    record.pop("seconds")
    _write_atomic(
        build_file,
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
