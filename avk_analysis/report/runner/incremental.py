"""Incremental runs: a page is made again only when something it depends on changed.

A page (a notebook job, or the report merged from its chapters) depends on its notebook, the
package code that notebook imports (and the code and template that turn it into HTML), the files
of ``data/processed/`` its kernel read (noted through ``paths.note_read``), its parameters, its
title, banners and links, and the versions of the packages that run and export it. Each run
writes a fingerprint of that per job into the manifest, with the files it read. The next run
computes the same fingerprint from the files the job read last time: equal means the page (and
its PDF) is taken over from the previous edition unchanged; otherwise it is made again. A forced
run (``--opnieuw``) makes everything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from avk_analysis.pipeline import processed
from avk_analysis.report.runner import kernel_starter
from avk_analysis.report.runner.jobs import Job, Plan, ReportJob
from avk_analysis.vocabulary import paths

RECORDS = "taken"  # the manifest's key for the per-job records
RENDER_MODULES = (
    "avk_analysis.report.publishing.publish",
)  # the code that turns a notebook into HTML


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "ontbreekt"


@cache
def _module_files(names: tuple[str, ...]) -> tuple[Path, ...]:
    """Return the package files of some dotted module names (modules and package inits)."""
    package = paths.package_dir()
    out = []
    for name in names:
        parts = name.split(".")[1:]
        for candidate in (
            package.joinpath(*parts) / "__init__.py",
            package.joinpath(*parts[:-1], f"{parts[-1]}.py") if parts else None,
        ):
            if candidate is not None and candidate.is_file():
                out.append(candidate)
    return tuple(sorted(set(out)))


@dataclass
class Inputs:
    """What a run's jobs depend on besides their own notebook: hashed once per run."""

    checksums: Mapping[str, str]
    packages: Sequence[str]
    _code: dict[str, dict[str, str]] = field(default_factory=dict)

    def code(self, notebook: str) -> dict[str, str]:
        """Return {package file: sha256} of the code a notebook's page depends on."""
        if notebook not in self._code:
            names = kernel_starter.package_modules([Path(notebook)]) if notebook else ()
            names = (*names, *kernel_starter.package_modules_of(RENDER_MODULES))
            files = list(_module_files(tuple(sorted(set(names)))))
            templates = sorted(
                p for p in (paths.package_dir() / "report" / "publishing" / "templates").rglob("*")
            )
            files += [p for p in templates if p.is_file()]
            package = paths.package_dir()
            self._code[notebook] = {
                p.relative_to(package).as_posix(): _sha(p) for p in sorted(set(files))
            }
        return self._code[notebook]


def inputs(packages: Sequence[str]) -> Inputs:
    """Return the shared inputs of this run (the build's checksums, package versions)."""
    record = processed.build_record() or {}
    return Inputs(dict(record.get("checksums") or {}), list(packages))


def _digest(parts: Mapping[str, Any]) -> str:
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def job_fingerprint(job: Job, reads: Iterable[str], given: Inputs) -> str:
    """Return the fingerprint of a notebook job's page, given the processed files it reads."""
    return _digest(
        {
            "notebook": _sha(Path(job.notebook)),
            "code": given.code(job.notebook),
            "gelezen": {name: given.checksums.get(name, "ontbreekt") for name in sorted(reads)},
            "parameters": job.parameters,
            "pagina": [
                job.title,
                job.subtitle,
                list(job.banners),
                [list(link) for link in job.nav_links],
                Path(job.html).name if job.html else "",
            ],
            "pakketten": list(given.packages),
        }
    )


def report_fingerprint(report: ReportJob, chapters: Mapping[str, str], given: Inputs) -> str:
    """Return the fingerprint of the report page: its chapters' fingerprints and its own page."""
    return _digest(
        {
            "hoofdstukken": dict(sorted(chapters.items())),
            "code": given.code(""),
            "pagina": [
                report.title,
                report.subtitle,
                list(report.banners),
                [list(link) for link in report.nav_links],
                Path(report.html).name,
            ],
            "pakketten": list(given.packages),
        }
    )


def _stamp(executed: Path) -> Path:
    """Return the file next to an executed chapter that holds its job's fingerprint."""
    return executed.with_suffix(".vingerafdruk")


def _stamp_of(executed: Path) -> str:
    if not executed.is_file():
        return ""
    try:
        return _stamp(executed).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def previous_records(outdir: Path) -> dict[str, dict[str, Any]]:
    """Return the per-job records of the edition in ``outdir`` (empty when there are none)."""
    try:
        data = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    records = data.get(RECORDS) if isinstance(data, dict) else None
    pages = data.get("paginas") if isinstance(data, dict) else None
    if not isinstance(records, dict) or not isinstance(pages, dict):
        return {}
    out = {}
    for key, record in records.items():
        if not isinstance(record, dict):
            continue
        page = record.get("pagina")
        # the page must still be there as the manifest recorded it (never take over an edited one)
        if page and (pages.get(page) is None or _sha(outdir / page) != pages[page]):
            continue
        out[str(key)] = record
    return out


@dataclass
class Reuse:
    """Which jobs of a plan a run takes over from the previous edition, and their records."""

    jobs: set[str] = field(default_factory=set)
    report: bool = False
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)  # executed notebooks that stay


def decide(
    plan: Plan,
    previous: Mapping[str, Mapping[str, Any]],
    given: Inputs,
    executed_dir: Path,
    chapter_keys: set[str],
) -> Reuse:
    """Return what can be taken over: jobs whose fingerprint is what it was, with their files."""
    out = Reuse()
    fingerprints: dict[str, str] = {}
    for job in plan.jobs:
        record = previous.get(job.key)
        if not record:
            continue
        now = job_fingerprint(job, record.get("gelezen") or [], given)
        if now != record.get("vingerafdruk"):
            continue
        kept = executed_dir / Path(job.executed).name
        if job.key in chapter_keys and _stamp_of(kept) != now:
            continue  # the executed chapter (of this very fingerprint) is needed for the merge
        if kept.is_file():  # the executed notebook behind the page stays, for debugging
            out.executed.extend([kept.name, _stamp(kept).name])
        out.jobs.add(job.key)
        out.records[job.key] = dict(record)
        fingerprints[job.key] = now
    report = plan.report
    if report is not None and chapter_keys <= out.jobs:
        record = previous.get(report.key) or {}
        chapters = {key: fingerprints[key] for key in chapter_keys}
        if report_fingerprint(report, chapters, given) == record.get("vingerafdruk"):
            out.report = True
            out.records[report.key] = dict(record)
    return out


def take_over(reuse: Reuse, plan: Plan, outdir: Path, staging: Path) -> list[str]:
    """Copy the pages (and PDFs) taken over from ``outdir`` into ``staging``; return the pages."""
    pages = []
    for job in [*plan.jobs, *([plan.report] if plan.report is not None else [])]:
        taken = job.key in reuse.jobs if isinstance(job, Job) else reuse.report
        if not taken or not job.html:
            continue
        name = Path(job.html).name
        shutil.copy2(outdir / name, staging / name)
        pdf = Path(name).with_suffix(".pdf").name
        if (outdir / pdf).is_file():
            shutil.copy2(outdir / pdf, staging / pdf)
        pages.append(name)
    return pages


def records(
    plan: Plan,
    outcomes: Sequence[Any],
    reuse: Reuse,
    given: Inputs,
    chapter_keys: set[str],
) -> dict[str, dict[str, Any]]:
    """Return the per-job records of this run for the manifest (made and taken over)."""
    out = dict(reuse.records)
    made = {o.key: o for o in outcomes}
    fingerprints = {k: str(r.get("vingerafdruk", "")) for k, r in reuse.records.items()}
    for job in plan.jobs:
        outcome = made.get(job.key)
        if outcome is None or job.key in reuse.jobs:
            continue
        record: dict[str, Any] = {
            "vingerafdruk": job_fingerprint(job, outcome.reads, given),
            "gelezen": list(outcome.reads),
        }
        if job.html:
            record["pagina"] = Path(job.html).name
        if job.key in chapter_keys:  # which run's chapter this is (not in the manifest: it
            # holds papermill's time stamps, the manifest none)
            _stamp(Path(job.executed)).write_text(record["vingerafdruk"], encoding="utf-8")
        fingerprints[job.key] = record["vingerafdruk"]
        out[job.key] = record
    report = plan.report
    if report is not None and not reuse.report and report.key in made:
        chapters = {key: fingerprints.get(key, "") for key in chapter_keys}
        out[report.key] = {
            "vingerafdruk": report_fingerprint(report, chapters, given),
            "pagina": Path(report.html).name,
        }
    return out
