"""Running the jobs: a pool of worker processes, one fresh kernel per notebook, pages out.

A kernel that does not start is retried once; a failing cell is not retried. Every problem comes
back as a :class:`~avk_analysis.report.runner.failures.Failure`, never as a crash of the run.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avk_analysis.report.runner import kernels, phases
from avk_analysis.report.runner.failures import (
    Failure,
    aborted_message,
    first_line,
    job_failure,
    source_index,
)
from avk_analysis.report.runner.jobs import Job, ReportJob
from avk_analysis.report.runner.messages import Log, duration
from avk_analysis.report.runner.processes import die_with_parent
from avk_analysis.vocabulary import faults, paths, timing


@dataclass
class Outcome:
    """What a worker reports back about one job."""

    key: str
    seconds: float
    failure: Failure | None = None
    retried: str = ""
    phases: dict[str, float] = field(default_factory=dict)
    cells: list[dict[str, Any]] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)


def quiet_imports() -> None:
    """Skip jsonschema's optional RFC 3987 grammar, which nbformat never uses (~1 s per process).

    ``rfc3987_syntax`` builds a Lark parser at import time; jsonschema imports it only to check
    the ``iri`` string formats, which no notebook schema uses. Marking it unavailable makes
    jsonschema skip those format checkers, exactly as when the package is not installed.
    """
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


def _init_worker(env: Mapping[str, str], parent: int, watch_parent: bool) -> None:
    """Prepare a worker process: the parent's environment, quiet loggers, warm imports.

    On POSIX a worker leaves the terminal's process group: Ctrl-C reaches only the run itself,
    which then stops the workers (and they their kernels); on Linux a worker also ends when the
    run ends unexpectedly.
    """
    if os.name == "posix":
        os.setpgrp()
        if watch_parent and sys.platform.startswith("linux"):
            die_with_parent(parent)
    os.environ.clear()
    os.environ.update(env)
    quiet_imports()
    for name in ("papermill", "traitlets", "nbclient"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    import papermill  # noqa: F401

    from avk_analysis.report.publishing import publish  # noqa: F401

    kernels.register_engine()


def _tail(path: Path, lines: int = 3) -> str:
    """Return the last lines of a text file (empty when missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:] if line.strip())


def run_folders(job: Job) -> list[Path]:
    """Return where a notebook job writes: its page, its executed notebook, kernel files, tmp."""
    import tempfile

    from jupyter_core.paths import jupyter_runtime_dir

    folders = [Path(job.executed).parent, Path(tempfile.gettempdir()), Path(jupyter_runtime_dir())]
    if job.html:
        folders.insert(0, Path(job.html).parent)
    return folders


def _export_page(
    job: Job | ReportJob, notebook: Callable[[], Any], timed: dict[str, float] | None = None
) -> str:
    """Export ``notebook()`` as the job's page, check it and write it if it passes.

    Return the Dutch error ("" when the page was written); nothing is written on a problem.
    ``timed`` receives the seconds of each step (export, gate, write).
    """
    from avk_analysis.report.publishing import publish

    timed = {} if timed is None else timed
    try:
        clock = time.perf_counter()
        page = publish.export_html(
            notebook(),
            title=job.title,
            banners=job.banners,
            subtitle=job.subtitle,
            nav_links=job.nav_links,
        )
        timed[phases.EXPORT] = time.perf_counter() - clock
        clock = time.perf_counter()
        problems = publish.check_html(page)
        timed[phases.GATE] = time.perf_counter() - clock
        if not problems:
            clock = time.perf_counter()
            Path(job.html).write_text(page, encoding="utf-8", newline="\n")
            timed[phases.WRITE] = time.perf_counter() - clock
    except Exception as exc:
        problems = [faults.describe(exc)]
    if not problems:
        return ""
    return f"pagina {Path(job.html).name} niet publiceerbaar: " + "; ".join(problems)


def _run_job(job: Job) -> Outcome:
    """Worker: execute a notebook (one retry on kernel start failure) and export its page."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    kernel_log = Path(job.executed).with_suffix(".kernel.log")
    kernel_log.unlink(missing_ok=True)
    retried = ""
    nb = None
    os.environ[timing.JOB_ENV] = job.key  # the kernel's own phase times name their job
    read_log = Path(job.executed).with_suffix(".gelezen")
    read_log.unlink(missing_ok=True)
    os.environ[paths.READ_LOG_ENV] = str(read_log)  # which processed files the page read
    called = time.time()
    for attempt in (1, 2):
        try:
            called = time.time()
            nb = kernels.execute_notebook(job, kernel_log)
            break
        except kernels.KernelStartError as exc:
            detail = _tail(kernel_log)
            message = str(exc) + (f" [kernel: {detail}]" if detail else "")
            if attempt == 2:
                error = f"de kernel startte ook bij de tweede poging niet ({message})"
                full = (
                    faults.DISK_FULL
                    if faults.is_disk_full(message)
                    else faults.low_space(run_folders(job))
                )
                if full:
                    error = f"{full}: de kernel kon niet starten ({message})"
                return Outcome(
                    job.key, time.perf_counter() - start, job_failure(job, error), retried
                )
            retried = message
        except PapermillExecutionError as exc:
            kernel_log.unlink(missing_ok=True)  # the error is in the notebook, not the kernel
            cell, note = source_index(job.notebook, exc.cell_index)
            evalue = first_line(exc.evalue, 300) or "(geen melding)"
            error = faults.describe_output(exc.ename, evalue)
            failure = job_failure(job, error + (f" {note}" if note else ""), cell, exc.source)
            return Outcome(job.key, time.perf_counter() - start, failure, retried)
        except kernels.CellAborted as exc:
            nbformat.write(exc.nb, job.executed)  # type: ignore[attr-defined]
            cell, _ = source_index(job.notebook, exc.cell_index)
            source = exc.nb.cells[exc.cell_index].source  # type: ignore[attr-defined]
            message = aborted_message(exc.cause, job.timeout)
            full = faults.low_space(run_folders(job))
            if full and type(exc.cause).__name__ == "DeadKernelError":
                message = f"{full}: de kernel stopte tijdens deze cel"
            failure = job_failure(job, message, cell, source)
            return Outcome(job.key, time.perf_counter() - start, failure, retried)
        except Exception as exc:  # anything else is reported, never a crash of the run
            failure = job_failure(job, faults.describe(exc))
            return Outcome(job.key, time.perf_counter() - start, failure, retried)
    returned = time.time()
    kernel_log.unlink(missing_ok=True)  # kept only for failed notebooks
    timed, cells = phases.job_phases(nb, called, returned)
    reads = _reads(read_log)
    error = _export_page(job, lambda: nb, timed) if job.html else ""
    failure = job_failure(job, error) if error else None
    return Outcome(job.key, time.perf_counter() - start, failure, retried, timed, cells, reads)


def _reads(log: Path) -> list[str]:
    """Return the processed files a kernel noted it read (sorted, once each); remove the log."""
    try:
        names = log.read_text(encoding="utf-8").split()
    except OSError:
        return []
    log.unlink(missing_ok=True)
    return sorted(set(names))


def _run_report(job: ReportJob) -> Outcome:
    """Worker: merge the executed chapters and export the report page."""
    import nbformat

    from avk_analysis.report.publishing import publish

    timed: dict[str, float] = {}

    def merged() -> Any:
        clock = time.perf_counter()
        chapters = [nbformat.read(path, as_version=4) for path in job.chapters]
        out = publish.merge_notebooks(chapters)
        timed[phases.MERGE] = time.perf_counter() - clock
        return out

    start = time.perf_counter()
    error = _export_page(job, merged, timed)
    failure = None
    if error:
        failure = Failure(
            notebook=job.label,
            cell_index=None,
            cell_source_first_line="",
            error=error,
        )
    return Outcome(job.key, time.perf_counter() - start, failure, phases=timed)


def _mp_context() -> multiprocessing.context.BaseContext:
    """Return fork on Linux (workers inherit the imported modules), spawn elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_jobs(
    jobs: Sequence[Job],
    report_job: ReportJob | None,
    chapter_keys: set[str],
    workers: int,
    log: Log,
    on_page: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Run the jobs in a process pool; submit the report once all chapters succeeded.

    ``on_page`` gets the path of every page as soon as it is written (the run prints its PDF
    meanwhile).
    """
    pages = {job.key: job.html for job in jobs if job.html}
    if report_job is not None:
        pages[report_job.key] = report_job.html
    total = len(jobs) + (1 if report_job else 0)
    labels = {job.key: job.label + (f" ({job.subject})" if job.subject else "") for job in jobs}
    report_page = Path(report_job.html).name if report_job else ""
    if report_job:
        labels[report_job.key] = f"{report_page} (hoofdstukken samengevoegd)"
    outcomes: list[Outcome] = []
    waiting_chapters = set(chapter_keys)
    chapters_ok = True
    width = len(str(total))
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_mp_context(),
        initializer=_init_worker,
        initargs=(
            kernels.kernel_environment(os.environ),
            os.getpid(),
            threading.current_thread() is threading.main_thread(),
        ),
    )
    try:
        keys = {pool.submit(_run_job, job): job.key for job in jobs}
        if report_job and not chapter_keys:
            keys[pool.submit(_run_report, report_job)] = report_job.key
        pending = set(keys)
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker process died (killed, out of memory)
                    key = keys[future]
                    error = f"werkproces afgebroken ({type(exc).__name__}: {exc})"
                    outcome = Outcome(key, 0.0, Failure(labels.get(key, key), None, "", error))
                outcomes.append(outcome)
                label = labels.get(outcome.key, outcome.key)
                if on_page is not None and outcome.failure is None and pages.get(outcome.key):
                    on_page(pages[outcome.key])
                if outcome.retried:
                    log(f"  Kernel van {label} startte niet ({outcome.retried}); opnieuw gestart.")
                prefix = f"  [{len(outcomes):>{width}}/{total}] {label}"
                if outcome.failure:
                    log(f"{prefix} MISLUKT na {duration(outcome.seconds)}")
                else:
                    log(f"{prefix} klaar in {duration(outcome.seconds)}")
                if outcome.key in waiting_chapters:
                    waiting_chapters.discard(outcome.key)
                    chapters_ok = chapters_ok and outcome.failure is None
                    if not waiting_chapters and report_job:
                        if chapters_ok:
                            try:
                                future = pool.submit(_run_report, report_job)
                            except cf.BrokenExecutor as exc:  # a worker died; already reported
                                log(f"  {report_page} wordt niet gemaakt: {exc}")
                                continue
                            keys[future] = report_job.key
                            pending.add(future)
                        else:
                            log(f"  {report_page} wordt niet gemaakt: een hoofdstuk is mislukt.")
    except BaseException:  # Ctrl-C or a bug: stop the workers we started, then report
        workers_started = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers_started:
            process.terminate()
        raise
    pool.shutdown(wait=True)
    return outcomes
