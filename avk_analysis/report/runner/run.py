"""The yearly run: build the data, run the notebooks in parallel, publish ``reports/<jaar>/``.

Flow of :func:`run`:

1. read the page declaration (``notebooks/paginas.yaml``: which page families, see
   :mod:`~avk_analysis.report.runner.families`), resolve and check the parameters (the pages chosen
   per family, e.g. ``--gemeente``; Veenkoloniën; jaar);
2. build ``data/processed/`` in this process (it skips itself when nothing changed);
3. compare the input fingerprint with ``reports/<jaar>/manifest.json``: equal means nothing to do;
4. take the lock of the year and check every notebook's ``parameters`` cell against the
   parameters it will get (all problems at once, before any kernel starts);
5. run one new kernel per notebook in a pool of worker processes (one retry when a kernel does
   not start; a failing cell is not retried), export each page and check it with
   :func:`publish.check_html`; the report page is merged once all chapters are done;
6. only when everything succeeded, swap the staging directory into ``reports/<jaar>/``.

Only a full run (every page of every family) replaces the edition in ``reports/<jaar>/``. A run
that chooses pages (``--gemeente GM0114``, ``avk-monitor factsheet``) is a *preview*: it makes
only those pages (the report chapters only when no page is chosen) and writes them to
``reports/voorbeeld/``; the edition stays as it was.

A failed run leaves the previous ``reports/<jaar>/`` untouched. Executed notebooks (with their
outputs and error messages) go to ``data/processed/uitgevoerd/<jaar>/`` for debugging, with a
``.kernel.log`` next to a notebook whose kernel failed.

The parts live in their own modules of this package: ``families`` (the page declaration),
``jobs`` (what a run executes), ``execute`` (the worker pool), ``kernels`` and
``kernel_starter`` (a fresh kernel per notebook, started fast), ``failures`` (what failed,
where), ``manifest`` (fingerprint and manifest) and ``staging`` (the year's lock, the staging
directory, the atomic swap).
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

from avk_analysis import source_status
from avk_analysis.report.runner import (
    execute,
    families,
    incremental,
    jobs,
    kernels,
    manifest,
    params,
    staging,
)
from avk_analysis.report.runner.failures import Failure, summary
from avk_analysis.report.runner.messages import Log, duration, rel
from avk_analysis.report.runner.params import ReportError
from avk_analysis.vocabulary import paths, timing

__all__ = ["Failure", "ReportError", "RunResult", "run"]


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
    preview: bool = False
    reason: str = ""
    phases: dict[str, dict[str, float]] = field(default_factory=dict)
    cells: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)


PREVIEW_DIR = "voorbeeld"


def preview_dir() -> Path:
    """Return ``reports/voorbeeld/``: where a run that makes only some pages writes them."""
    return paths.reports_dir() / PREVIEW_DIR


def is_full(declaration: families.Declaration, selected: Mapping[str, Sequence[str]]) -> bool:
    """Tell whether ``selected`` holds every page of every family (a run that makes an edition).

    An optional family (``actief: optie``, the wijk pages) is part of the edition only when the
    run chose it, and then with all its pages.
    """
    return families.everything(declaration, selected)


def _index_sections(plan: jobs.Plan) -> list[Any]:
    """Return the overview page's sections: the report, then every family with pages."""
    from avk_analysis.report.publishing import publish

    declaration = plan.declaration
    assert declaration is not None
    report = declaration.report()
    sections = [
        publish.IndexSection(
            anchor=report.index.anchor,
            heading=report.index.heading,
            links=[(report.index.link, report.page)],
            paragraph=True,
        )
    ]
    for family in declaration.chosen(plan.pages):
        listed = plan.pages.get(family.name, [])
        grouped = families.groups(declaration, family, [(p.label, p.href, p.value) for p in listed])
        sections.append(
            publish.IndexSection(
                anchor=family.index.anchor,
                heading=family.index.heading,
                links=[(p.label, p.href) for p in listed],
                groups=grouped,
                empty=family.index.empty,
            )
        )
    return sections


EDITION = "editie"  # the key of the edition's own phases (landing page, data file, PDFs)
PDF_PHASE = "PDF's afdrukken"
LANDING_PHASE = "startpagina en cijferbestand"


def _write_index(
    plan: jobs.Plan,
    staging_dir: Path,
    jaar: int,
    veenkolonien: str,
    timed: dict[str, float] | None = None,
    pdfs: Sequence[str] | None = None,
) -> list[Failure]:
    """Write the overview page into ``staging_dir``; return its publishing problems as failures."""
    from avk_analysis.report.publishing import publish

    timed = {} if timed is None else timed
    clock = time.perf_counter()

    declaration = plan.declaration
    assert declaration is not None
    overview = declaration.overview
    fields = families.base_fields(
        declaration, jaar=jaar, veenkolonien=veenkolonien, vk_name=plan.vk_name
    )
    escaped = {name: html.escape(str(value)) for name, value in fields.items()}
    intro = "<p>" + html.escape(overview.intro, quote=False).format(**escaped) + "</p>"
    intro += _landing_html(plan, staging_dir, jaar, veenkolonien, timed, pdfs)
    index = publish.write_index(
        staging_dir,
        title=overview.title.format(**fields),
        sections=_index_sections(plan),
        banners=plan.banners,
        intro_html=intro,
        name=overview.page,
    )
    problems = publish.check_html(index.read_text(encoding="utf-8"))
    timed[LANDING_PHASE] = time.perf_counter() - clock
    if not problems:
        return []
    index.unlink()
    return [Failure(overview.page, None, "", "niet publiceerbaar: " + "; ".join(problems))]


def _landing_html(
    plan: jobs.Plan,
    staging_dir: Path,
    jaar: int,
    veenkolonien: str,
    timed: dict[str, float] | None = None,
    pdfs: Sequence[str] | None = None,
) -> str:
    """Write the edition's data file; return the landing page's own sections.

    ``pdfs`` are the PDFs the run printed (while its notebooks ran); without it (a caller of its
    own) the pages are printed here.
    """
    from avk_analysis import load
    from avk_analysis.pipeline import processed
    from avk_analysis.report.publishing import landing, publish

    try:
        data = load.indicatoren()
    except processed.ProcessedDataError:
        return ""  # a run without the indicator table (a test's own build): links only
    pages = sorted(p.name for p in staging_dir.glob("*.html"))
    tidy = landing.write_tidy_csv(
        staging_dir, jaar, data, veenkolonien=veenkolonien, refs=load.referenties()
    )
    if pdfs is None:
        clock = time.perf_counter()
        pdfs, notice = publish.export_pdfs(staging_dir, pages)
        if timed is not None:
            timed[PDF_PHASE] = time.perf_counter() - clock
        if not pdfs:
            print(notice)
    hrefs = {p.value: p.href for listed in plan.pages.values() for p in listed}
    report = plan.declaration.report().page if plan.declaration is not None else "rapport.html"
    downloads = [("Het jaarrapport (webpagina)", report)]
    report_pdf = Path(report).with_suffix(".pdf").name
    if report_pdf in pdfs:
        downloads.append(("Het jaarrapport als PDF (om af te drukken)", report_pdf))
    # each page's PDF next to its page (the landing page lists the gemeenten alphabetically)
    page_pdfs = {}
    for listed in plan.pages.values():
        for p in listed:
            pdf = Path(p.href).with_suffix(".pdf").name
            if pdf in pdfs:
                page_pdfs[p.value] = pdf
    downloads.append((f"Alle gepubliceerde cijfers van {jaar} (CSV, één bestand)", tidy.name))
    return "\n" + landing.overview_html(data, jaar, veenkolonien, hrefs, downloads, page_pdfs)


def _and(items: Sequence[str]) -> str:
    """Return ``a``, ``a en b`` or ``a, b en c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def run(
    *,
    jaar: int,
    gemeente: str | None = None,
    pages: Mapping[str, str] | None = None,
    workers: int = 0,
    veenkolonien: str = params.DEFAULT_VEENKOLONIEN,
    timeout: int = 600,
    log: Log = print,
    build_fn: Callable[..., Any] | None = None,
    force: bool = False,
) -> RunResult:
    """Build the data, run the notebooks of every page family and publish ``reports/<jaar>/``.

    ``pages`` chooses, per family of the declaration with one page per value, which pages to
    make (``{"gemeente": "Emmen"}``; ``alle`` when not given); ``gemeente`` is short for
    ``pages={"gemeente": ...}``. A choice that leaves pages out is a preview: it goes to
    ``reports/voorbeeld/`` and never touches the edition in ``reports/<jaar>/``.
    """
    start = time.perf_counter()
    jaar = params.validate_jaar(jaar)
    for folder in (paths.reports_dir() / str(jaar), preview_dir()):
        restored = staging.recover(folder)  # before anything else: never lose both editions
        if restored:
            log(restored)
    declaration = families.load()
    choices = dict(pages or {})
    if gemeente is not None:
        choices["gemeente"] = gemeente
    selected = families.select(declaration, choices)
    preview = not is_full(declaration, selected)
    veenkolonien = params.validate_veenkolonien(veenkolonien)
    workers = params.validate_positive(workers, "Het aantal workers", allow_zero=True)
    timeout = params.validate_positive(timeout, "De tijdslimiet per cel")
    notebooks = paths.notebooks_dir()
    report_family = declaration.report()
    chapters = jobs.chapter_notebooks(notebooks, report_family.chapters)
    with_report = not preview or not any(selected.values())
    if not chapters and with_report:
        raise ReportError(
            f"Geen rapporthoofdstukken gevonden in {rel(notebooks / report_family.chapters)}/ "
            "(verwacht: NN_<naam>.ipynb)."
        )
    for family in declaration.chosen(selected):
        notebook = jobs.family_notebook(family, notebooks)
        if selected[family.name] and not notebook.exists():
            raise ReportError(
                f"Het notebook {rel(notebook)} van paginafamilie '{family.name}' "
                f"({rel(declaration.path)}) ontbreekt."
            )

    outdir = preview_dir() if preview else paths.reports_dir() / str(jaar)
    with timing.phase("run: gegevens bouwen of controleren"):
        build_result = (
            build_fn(log=log) if build_fn is not None else _default_build(log=log, force=force)
        )
    statuses = dict(getattr(build_result, "statuses", {}) or {})
    sources = list(getattr(build_result, "sources", []) or [])
    run_parameters = {"jaar": jaar, "veenkolonien": veenkolonien}
    with timing.phase("run: vingerafdruk"):
        fp_parts = manifest.parts(
            str(getattr(build_result, "fingerprint", "")),
            {**run_parameters, "families": selected},
        )
        fp = manifest.fingerprint_of(fp_parts)
    what = "Voorbeeld" if preview else "Rapport"
    if not force and manifest.is_current(outdir, fp):
        log(f"{what} {jaar} is al actueel ({rel(outdir)}/); er is niets opnieuw gemaakt.")
        done = sorted(p.name for p in outdir.glob("*.html"))
        seconds = time.perf_counter() - start
        return RunResult(
            ok=True,
            outdir=outdir,
            skipped=True,
            pages=done,
            fingerprint=fp,
            seconds=seconds,
            preview=preview,
        )
    reason = (
        "Opnieuw gemaakt op verzoek (--opnieuw)."
        if force
        else manifest.rebuild_reason(outdir, fp_parts)
    )
    log(reason)

    with staging.year_lock(jaar):
        return _run_notebooks(
            jaar=jaar,
            declaration=declaration,
            selected=selected,
            veenkolonien=veenkolonien,
            chapters=chapters if with_report else [],
            workers=workers,
            timeout=timeout,
            statuses=statuses,
            sources=sources,
            fp=fp,
            log=log,
            start=start,
            preview=preview,
            fp_parts=fp_parts,
            reason=reason,
            reuse_allowed=not force,
        )


def _run_notebooks(
    *,
    jaar: int,
    declaration: families.Declaration,
    selected: Mapping[str, Sequence[str]],
    veenkolonien: str,
    chapters: Sequence[Path],
    workers: int,
    timeout: int,
    statuses: Mapping[str, int],
    fp: str,
    log: Log,
    start: float,
    sources: Sequence[Mapping[str, Any]] = (),
    preview: bool = False,
    fp_parts: Mapping[str, Any] | None = None,
    reason: str = "",
    reuse_allowed: bool = True,
) -> RunResult:
    """Check the notebooks, run them and publish (the part of :func:`run` under the lock).

    A run that is not forced takes over every page of the previous edition whose inputs did not
    change (:mod:`~avk_analysis.report.runner.incremental`) and makes only the others.
    """
    notebooks = paths.notebooks_dir()
    edition = paths.reports_dir() / str(jaar)
    outdir = preview_dir() if preview else edition
    run_parameters = {"jaar": jaar, "veenkolonien": veenkolonien}
    report_family = declaration.report()
    execute.quiet_imports()
    chapter_params = jobs.family_parameters(report_family, run_parameters)
    plans = [(nb, chapter_params, rel(nb)) for nb in chapters]
    for family in declaration.chosen(selected):
        if selected[family.name]:
            notebook = jobs.family_notebook(family, notebooks)
            first = jobs.family_parameters(family, run_parameters, selected[family.name][0])
            plans.append((notebook, first, rel(notebook)))
    with timing.phase("run: notebooks controleren en nbconvert laden"):
        params.check_notebooks(plans)
        # imported once here, so that the workers (forked) inherit it
        from avk_analysis.report.publishing import publish

        kernels.register_engine()
    label = f"{PREVIEW_DIR}-{jaar}" if preview else ""
    staging_dir, executed = staging.planned(jaar, label=label)
    plan = jobs.make_plan(
        jaar=jaar,
        declaration=declaration,
        selected=selected,
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
        unreadable_tables=[
            (table, title)
            for table, title, _reason in source_status.unreadable_tables([dict(s) for s in sources])
        ],
        with_report=bool(chapters),
        link_prefix=f"../{jaar}/" if preview else "",
        example_kinds=sorted(
            {
                str(s.get("soort"))
                for s in sources
                if s.get("status") == "voorbeeld"
                and (s.get("soort") != "microdata" or s.get("rijen"))  # used at all
            }
        ),
    )
    given = incremental.inputs(list((fp_parts or {}).get("pakketten", [])))
    reuse = incremental.Reuse()
    if reuse_allowed and not preview:
        previous = incremental.previous_records(outdir)
        reuse = incremental.decide(plan, previous, given, executed, plan.chapter_keys)
    staging.prepare(jaar, label=label, keep=reuse.executed)
    printer = None
    try:
        taken = incremental.take_over(reuse, plan, outdir, staging_dir)
        to_run = [job for job in plan.jobs if job.key not in reuse.jobs]
        run_chapters = {key for key in plan.chapter_keys if key not in reuse.jobs}
        report_job = None if reuse.report else plan.report
        n_workers = max(1, min(workers or os.cpu_count() or 1, len(to_run) or 1))
        counts = [report_family.count.format(aantal=len(chapters))] if chapters else []
        counts += [
            f.count.format(aantal=len(selected[f.name]))
            for f in declaration.chosen(selected)
            if selected[f.name] or not preview
        ]
        what = f"Voorbeeld {jaar} (alleen gekozen pagina's)" if preview else f"Rapport {jaar}"
        log(f"{what}: {_and(counts)}, {n_workers} tegelijk ({plan.vk_name}).")
        if reuse.jobs or reuse.report:
            log(_reuse_line(plan, reuse, to_run, report_job, taken))
        if not preview:
            from avk_analysis.report.publishing import publish

            printer = publish.PdfPrinter(staging_dir)
            for name in taken:  # a page taken over without its PDF gets one now
                if not (staging_dir / name).with_suffix(".pdf").is_file():
                    printer.submit(name)
        on_page = (lambda page: printer.submit(Path(page).name)) if printer else None
        with timing.phase("run: notebooks en pagina's (werkprocessen)"):
            outcomes = execute.run_jobs(to_run, report_job, run_chapters, n_workers, log, on_page)
        failures = [o.failure for o in outcomes if o.failure]
        timings = {o.key: round(o.seconds, 3) for o in outcomes}
        if not failures:
            failures = [
                Failure(page, None, "", "pagina ontbreekt na de run")
                for page in plan.page_names()
                if not (staging_dir / page).is_file()
            ]
        run_phases = {o.key: dict(o.phases) for o in outcomes}
        run_cells = {o.key: list(o.cells) for o in outcomes if o.cells}
        pdfs: list[str] = []
        if printer is not None:
            clock = time.perf_counter()
            made, notice = printer.finish()
            printer = None
            run_phases[EDITION] = {PDF_PHASE: time.perf_counter() - clock}
            pdfs = sorted(p.name for p in staging_dir.glob("*.pdf"))
            if (not made and not pdfs) or "Niet afgedrukt" in notice:
                log(notice)
        if not failures and not preview:
            failures = _write_index(
                plan, staging_dir, jaar, veenkolonien, run_phases.setdefault(EDITION, {}), pdfs
            )
        if failures:
            log(summary(jaar, failures, len(outcomes), outdir))
            return RunResult(
                ok=False,
                outdir=outdir,
                failures=failures,
                timings=timings,
                fingerprint=fp,
                seconds=time.perf_counter() - start,
                preview=preview,
                reason=reason,
                phases=run_phases,
                cells=run_cells,
            )
        manifest.write(
            staging_dir,
            jaar=jaar,
            veenkolonien=veenkolonien,
            families=selected,
            statuses=statuses,
            fp=fp,
            fingerprint_parts=fp_parts,
            records=incremental.records(plan, outcomes, reuse, given, plan.chapter_keys),
        )
        pages = sorted(p.name for p in staging_dir.glob("*.html"))
        staging.swap(staging_dir, outdir)
    finally:
        if printer is not None:
            printer.finish()
        shutil.rmtree(staging_dir, ignore_errors=True)
    seconds = time.perf_counter() - start
    if preview:
        log(
            f"Voorbeeld {jaar} klaar in {rel(outdir)}/ ({', '.join(pages)}) in "
            f"{duration(seconds)}. De editie in {rel(edition)}/ is niet aangeraakt; alleen een "
            "volledige run (zonder paginakeuze) vervangt die."
        )
    else:
        log(
            f"Rapport {jaar} gepubliceerd in {rel(outdir)}/ ({len(pages)} pagina's) "
            f"in {duration(seconds)}. Begin bij {rel(outdir / declaration.overview.page)}."
        )
    for banner in plan.banners:
        log(banner)
    if statuses.get("demo", 0):
        log(
            "Voor echte CBS-cijfers: `avk-monitor data` met internet, daarna `make report`; "
            "`avk-monitor bronnen` toont per tabel wat echt is en wat de laatste verversing deed."
        )
    return RunResult(
        ok=True,
        outdir=outdir,
        timings=timings,
        pages=pages,
        fingerprint=fp,
        seconds=seconds,
        preview=preview,
        reason=reason,
        phases=run_phases,
        cells=run_cells,
        reused=sorted(reuse.jobs | ({plan.report.key} if reuse.report and plan.report else set())),
    )


def _reuse_line(
    plan: jobs.Plan,
    reuse: incremental.Reuse,
    to_run: Sequence[jobs.Job],
    report_job: jobs.ReportJob | None,
    taken: Sequence[str],
) -> str:
    """Return one Dutch line: which pages an incremental run makes again, how many it keeps."""
    again = [job.label + (f" ({job.subject})" if job.subject else "") for job in to_run]
    if report_job is not None:
        again.append(Path(report_job.html).name)
    shown = again[:6] + ([f"nog {len(again) - 6}"] if len(again) > 6 else [])
    made = _and(shown) if shown else "niets"
    return (
        f"Alleen wat ervan afhangt wordt opnieuw gemaakt: {made}. Ongewijzigd overgenomen uit "
        f"de vorige editie: {len(taken)} pagina('s) (met hun PDF)."
    )


def _default_build(*, log: Log, force: bool = False) -> Any:
    """Build ``data/processed/`` with :func:`avk_analysis.pipeline.build.build`."""
    from avk_analysis.pipeline import build

    return build.build(log=log, force=force)
