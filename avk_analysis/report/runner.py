"""The yearly run: build the data, run the notebooks in parallel, publish ``reports/<jaar>/``.

Flow of :func:`run`:

1. resolve and check the parameters (gemeente, Veenkoloniën, jaar);
2. build ``data/processed/`` in this process (it skips itself when nothing changed);
3. compare the input fingerprint with ``reports/<jaar>/manifest.json``: equal means nothing to do;
4. take the lock of the year and check every notebook's ``parameters`` cell against the
   parameters it will get (all problems at once, before any kernel starts);
5. run one new kernel per notebook in a pool of worker processes (one retry when a kernel does
   not start; a failing cell is not retried), export each page and check it with
   :func:`publish.check_html`; the report page is merged once all chapters are done;
6. only when everything succeeded, swap the staging directory into ``reports/<jaar>/``.

A failed run leaves the previous ``reports/<jaar>/`` untouched. Executed notebooks (with their
outputs and error messages) go to ``data/processed/uitgevoerd/<jaar>/`` for debugging, with a
``.kernel.log`` next to a notebook whose kernel failed.

The parts live in their own modules of this package: ``jobs`` (what a run executes),
``execute`` (the worker pool), ``kernels`` and ``kernel_starter`` (a fresh kernel per notebook,
started fast), ``failures`` (what failed, where), ``manifest`` (fingerprint and manifest) and
``staging`` (the year's lock, the staging directory, the atomic swap).
"""

from __future__ import annotations

import html
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avk_analysis import paths, source_status
from avk_analysis.report import execute, jobs, kernels, manifest, params, staging
from avk_analysis.report.failures import Failure, summary
from avk_analysis.report.jobs import BANNER_DEMO as BANNER_DEMO
from avk_analysis.report.jobs import BANNER_EXAMPLE as BANNER_EXAMPLE
from avk_analysis.report.jobs import FACTSHEET_NOTEBOOK, INDEX_PAGE, REPORT_PAGE
from avk_analysis.report.jobs import banners_for as banners_for
from avk_analysis.report.jobs import chapter_notebooks as chapter_notebooks
from avk_analysis.report.kernel_starter import FAST_START_ENV as FAST_START_ENV
from avk_analysis.report.kernel_starter import KERNEL_PRELOAD as _KERNEL_PRELOAD  # noqa: F401
from avk_analysis.report.kernel_starter import imports_of as _imports_of  # noqa: F401
from avk_analysis.report.kernel_starter import preload_modules as preload_modules
from avk_analysis.report.kernels import KERNEL_NAME as KERNEL_NAME
from avk_analysis.report.kernels import kernel_environment as kernel_environment
from avk_analysis.report.manifest import fingerprint as fingerprint
from avk_analysis.report.manifest import is_current as _is_current
from avk_analysis.report.messages import Log, duration, rel
from avk_analysis.report.params import ReportError
from avk_analysis.report.staging import swap as _swap

__all__ = ["Failure", "ReportError", "RunResult", "run"]
# The names imported ``X as X`` above, and ``_KERNEL_PRELOAD``, ``_imports_of``, ``_is_current``
# and ``_swap``, stay reachable here for cli.py, bench.py and the tests.


@dataclass
class RunResult:
    """The outcome of :func:`run`."""

    ok: bool
    outdir: Path
    failures: list[Failure] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: bool = False
    pages: list[str] = field(default_factory=list)
    fingerprint: str = ""
    seconds: float = 0.0


def _province_groups(
    factsheets: list[tuple[str, str]],
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the factsheets under 'Provincie Groningen' / 'Provincie Drenthe' (none left out)."""
    from avk_analysis import regions

    gm = regions.gemeenten()
    province = dict(zip(gm["gemeentenaam"], gm["provinciecode"], strict=True))
    groups = [
        (f"Provincie {name}", [item for item in factsheets if province.get(item[0]) == code])
        for code, name in (("PV20", "Groningen"), ("PV22", "Drenthe"))
    ]
    rest = [item for item in factsheets if item[0] not in province]
    return [*groups, ("Overige", rest)] if rest else groups


def _write_index(plan: jobs.Plan, staging_dir: Path, jaar: int) -> list[Failure]:
    """Write the overview page into ``staging_dir``; return its publishing problems as failures."""
    from avk_analysis.report import publish

    intro = (
        f"<p>Het jaarrapport {jaar} en de factsheets per gemeente van de monitor "
        "generatiearmoede van de Alliantie van Kracht. Veenkoloniën volgens: "
        f"{html.escape(plan.vk_name)}. De pagina's werken zonder internetverbinding.</p>"
    )
    index = publish.write_index(
        staging_dir,
        title=f"Monitor generatiearmoede Groningen en Drenthe {jaar}",
        report_href=REPORT_PAGE,
        factsheets=plan.factsheets,
        banners=plan.banners,
        intro_html=intro,
        groups=_province_groups(plan.factsheets),
    )
    problems = publish.check_html(index.read_text(encoding="utf-8"))
    if not problems:
        return []
    index.unlink()
    return [Failure(INDEX_PAGE, None, "", "niet publiceerbaar: " + "; ".join(problems))]


def run(
    *,
    jaar: int,
    gemeente: str = params.ALL,
    workers: int = 0,
    veenkolonien: str = params.DEFAULT_VEENKOLONIEN,
    timeout: int = 600,
    log: Log = print,
    build_fn: Callable[..., Any] | None = None,
    force: bool = False,
) -> RunResult:
    """Build the data, run the report and factsheet notebooks and publish ``reports/<jaar>/``."""
    start = time.perf_counter()
    jaar = params.validate_jaar(jaar)
    codes = params.resolve_gemeenten(gemeente)
    veenkolonien = params.validate_veenkolonien(veenkolonien)
    workers = params.validate_positive(workers, "Het aantal workers", allow_zero=True)
    timeout = params.validate_positive(timeout, "De tijdslimiet per cel")
    notebooks = paths.notebooks_dir()
    chapters = chapter_notebooks(notebooks)
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    if not chapters:
        raise ReportError(
            f"Geen rapporthoofdstukken gevonden in {rel(notebooks / jobs.CHAPTER_DIR)}/ "
            "(verwacht: NN_<naam>.ipynb)."
        )
    if codes and not factsheet.exists():
        raise ReportError(f"Het factsheet-notebook {rel(factsheet)} ontbreekt.")

    outdir = paths.reports_dir() / str(jaar)
    build_result = (
        build_fn(log=log) if build_fn is not None else _default_build(log=log, force=force)
    )
    statuses = dict(getattr(build_result, "statuses", {}) or {})
    sources = list(getattr(build_result, "sources", []) or [])
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    fp = fingerprint(
        str(getattr(build_result, "fingerprint", "")), {**chapter_params, "gemeenten": codes}
    )
    if not force and _is_current(outdir, fp):
        log(f"Rapport {jaar} is al actueel ({rel(outdir)}/); er is niets opnieuw gemaakt.")
        pages = sorted(p.name for p in outdir.glob("*.html"))
        seconds = time.perf_counter() - start
        return RunResult(
            ok=True, outdir=outdir, skipped=True, pages=pages, fingerprint=fp, seconds=seconds
        )

    with staging.year_lock(jaar):
        return _run_notebooks(
            jaar=jaar,
            codes=codes,
            veenkolonien=veenkolonien,
            chapters=chapters,
            workers=workers,
            timeout=timeout,
            statuses=statuses,
            sources=sources,
            fp=fp,
            log=log,
            start=start,
        )


def _run_notebooks(
    *,
    jaar: int,
    codes: Sequence[str],
    veenkolonien: str,
    chapters: Sequence[Path],
    workers: int,
    timeout: int,
    statuses: Mapping[str, int],
    fp: str,
    log: Log,
    start: float,
    sources: Sequence[Mapping[str, Any]] = (),
) -> RunResult:
    """Check the notebooks, run them and publish (the part of :func:`run` under the lock)."""
    notebooks = paths.notebooks_dir()
    factsheet = notebooks / FACTSHEET_NOTEBOOK
    outdir = paths.reports_dir() / str(jaar)
    chapter_params = {"jaar": jaar, "veenkolonien": veenkolonien}
    execute.quiet_imports()
    plans = [(nb, chapter_params, rel(nb)) for nb in chapters]
    if codes:
        plans.append((factsheet, {**chapter_params, "gemeente": codes[0]}, rel(factsheet)))
    params.check_notebooks(plans)
    from avk_analysis.report import publish  # noqa: F401  (imported once, inherited by workers)

    kernels.register_engine()
    staging_dir, executed = staging.prepare(jaar)
    try:
        plan = jobs.make_plan(
            jaar=jaar,
            codes=codes,
            veenkolonien=veenkolonien,
            chapters=chapters,
            timeout=timeout,
            statuses=statuses,
            staging=staging_dir,
            executed=executed,
            demo_tables=source_status.demo_tables([dict(s) for s in sources]),
            real_tables=sum(
                1 for s in sources if s.get("soort") == "cbs" and s.get("status") == "echt"
            ),
        )
        n_workers = min(workers or os.cpu_count() or 1, len(plan.jobs))
        log(
            f"Rapport {jaar}: {len(chapters)} hoofdstuk(ken) en {len(codes)} factsheet(s), "
            f"{n_workers} tegelijk ({plan.vk_name})."
        )
        outcomes = execute.run_jobs(plan.jobs, plan.report, plan.chapter_keys, n_workers, log)
        failures = [o.failure for o in outcomes if o.failure]
        timings = {o.key: round(o.seconds, 3) for o in outcomes}
        expected = [REPORT_PAGE, *(page for _name, page in plan.factsheets)]
        if not failures:
            failures = [
                Failure(page, None, "", "pagina ontbreekt na de run")
                for page in expected
                if not (staging_dir / page).is_file()
            ]
        if not failures:
            failures = _write_index(plan, staging_dir, jaar)
        if failures:
            log(summary(jaar, failures, len(outcomes), outdir))
            return RunResult(
                ok=False,
                outdir=outdir,
                failures=failures,
                timings=timings,
                fingerprint=fp,
                seconds=time.perf_counter() - start,
            )
        manifest.write(
            staging_dir,
            jaar=jaar,
            veenkolonien=veenkolonien,
            gemeenten=codes,
            statuses=statuses,
            fp=fp,
        )
        pages = sorted(p.name for p in staging_dir.glob("*.html"))
        _swap(staging_dir, outdir)
    finally:
        shutil.rmtree(staging_dir, ignore_errors=True)
    seconds = time.perf_counter() - start
    log(
        f"Rapport {jaar} gepubliceerd in {rel(outdir)}/ ({len(pages)} pagina's) "
        f"in {duration(seconds)}. Begin bij {rel(outdir / INDEX_PAGE)}."
    )
    for banner in plan.banners:
        log(banner)
    if statuses.get("demo", 0):
        log(
            "Voor echte CBS-cijfers: `avk-monitor data` met internet, daarna `make report`; "
            "`avk-monitor bronnen` toont per tabel wat echt is en wat de laatste verversing deed."
        )
    return RunResult(
        ok=True, outdir=outdir, timings=timings, pages=pages, fingerprint=fp, seconds=seconds
    )


def _default_build(*, log: Log, force: bool = False) -> Any:
    """Build ``data/processed/`` with :func:`avk_analysis.build.build`."""
    from avk_analysis import build

    return build.build(log=log, force=force)
