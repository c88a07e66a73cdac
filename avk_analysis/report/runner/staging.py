"""The directories of a run: the year's lock, staging, stale leftovers, the atomic swap."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

from avk_analysis.report.runner.params import ReportError
from avk_analysis.report.runner.processes import pid_exists
from avk_analysis.vocabulary import paths

EXECUTED_DIR = "uitgevoerd"
STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".oud-"


def executed_dir(jaar: int) -> Path:
    """Return ``data/processed/uitgevoerd/<jaar>/``: the executed notebooks of the last run."""
    return paths.processed_dir() / EXECUTED_DIR / str(jaar)


def planned(jaar: int, label: str = "") -> tuple[Path, Path]:
    """Return the staging and executed-notebook directories a run of ``jaar`` will use."""
    staging = paths.reports_dir() / f"{STAGING_PREFIX}{jaar}-{os.getpid()}"
    executed = paths.processed_dir() / EXECUTED_DIR / label if label else executed_dir(jaar)
    return staging, executed


def prepare(jaar: int, label: str = "", keep: Sequence[str] = ()) -> tuple[Path, Path]:
    """Return new, empty staging and executed-notebook directories for a run of ``jaar``.

    Staging and old directories that crashed earlier runs for the year left behind go first.
    ``label`` names the executed-notebook folder instead of the year (a preview keeps the
    executed notebooks of the edition). ``keep`` names executed notebooks of the previous run
    that stay (chapters an incremental run takes over, to merge the report again).
    """
    reports = paths.reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    _clean_stale(reports, jaar)
    staging, executed = planned(jaar, label)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    aside = executed.with_name(f"{executed.name}{OLD_PREFIX}{os.getpid()}")
    shutil.rmtree(aside, ignore_errors=True)
    if keep and executed.is_dir():
        os.replace(executed, aside)
    shutil.rmtree(executed, ignore_errors=True)
    executed.mkdir(parents=True)
    for name in keep:
        if (aside / name).is_file():
            os.replace(aside / name, executed / name)
    shutil.rmtree(aside, ignore_errors=True)
    return staging, executed


@contextlib.contextmanager
def year_lock(jaar: int) -> Iterator[None]:
    """Hold an exclusive lock for the year, so two runs never publish over each other."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    path = paths.processed_dir() / EXECUTED_DIR / f".lock-{jaar}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(
                f"Er loopt al een rapportrun voor {jaar} (in een ander venster of van een "
                "collega). Wacht tot die klaar is en probeer het daarna opnieuw."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    """Tell whether a process exists (POSIX only; elsewhere assume it does)."""
    return os.name != "posix" or pid_exists(pid)


def _leftovers(reports: Path, prefix: str, name: str) -> list[Path]:
    """Return ``<prefix><name>-<pid>`` directories of runs that ended (the newest first)."""
    found = []
    for path in reports.glob(f"{prefix}{name}-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def recover(outdir: Path) -> str:
    """Put back the edition a run left aside when it stopped between the two renames of a swap.

    A run killed after ``outdir`` went to ``.oud-<name>-<pid>`` and before the new edition took
    its place leaves no ``outdir``: the old one is renamed back. When ``outdir`` exists, an old
    copy is stale and goes. Return a Dutch note when an edition was restored ("" otherwise).
    """
    reports = outdir.parent
    if not reports.is_dir():
        return ""
    old = _leftovers(reports, OLD_PREFIX, outdir.name)
    note = ""
    if old and not outdir.exists():
        os.replace(old.pop(0), outdir)
        note = (
            f"De vorige versie van {outdir.name} is teruggezet: een eerdere run stopte tijdens "
            "het publiceren (tussen het wegzetten van de oude en het plaatsen van de nieuwe)."
        )
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return note


def _clean_stale(reports: Path, jaar: int) -> None:
    """Restore an edition a crashed run left aside; remove its staging directories."""
    recover(reports / str(jaar))
    for path in _leftovers(reports, STAGING_PREFIX, str(jaar)):
        shutil.rmtree(path, ignore_errors=True)


def swap(staging: Path, outdir: Path) -> None:
    """Move ``staging`` to ``outdir``; the previous ``outdir`` stays until the move succeeded."""
    old = outdir.with_name(f"{OLD_PREFIX}{outdir.name}-{os.getpid()}")
    had_old = outdir.exists()
    if had_old:
        os.replace(outdir, old)
    try:
        os.replace(staging, outdir)
    except BaseException:
        if had_old:
            os.replace(old, outdir)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)
