"""Benchmark of the yearly run (``make bench``): targets, where the time goes, naive loop.

Run from the project root: ``.venv/bin/python -m tools.bench --jaar 2025``. Measures, in one
run, on the real project directories (``data/processed``, ``reports/<jaar>`` and
``reports/voorbeeld`` are disposable; ``data/raw`` is never touched):

1. cold: ``data/processed`` and ``reports/<jaar>`` removed, then build + report + all pages of
   every family in ``notebooks/paginas.yaml`` (PDFs included);
2. warm: data built, forced re-run of every notebook, PDFs included, with the phase profile
   on (see :mod:`tools.bench_profiel`): where the time of the whole edition goes; also once
   without the kernel starter;
3. no-op: an unchanged re-run, in this process and as a fresh ``avk-monitor report`` process;
4. one factsheet (``--profiel-gemeente``, default Emmen, the one with most wijken) run a few
   times in one warm worker, then printed to PDF: its phase profile;
5. the one-page preview from the command line: ``avk-monitor factsheet <gemeente>`` in a fresh
   process (its previous preview removed, so it really makes the page);
6. incremental: one input changed (a report chapter's notebook, then back), a normal run:
   which pages it makes again and how long it takes;
7. a family of 250 pages (``--familie-paginas``): the notebook of one family (``--familie``,
   default the gemeente factsheet) with its values repeated, written to a temporary folder
   (never to ``reports/<jaar>``); ``--wijkfamilie`` also every page of the wijk family;
8. the time per notebook; 9. peak memory of the whole process tree; 10. the size of every
   HTML page;
11. the naive way on the same notebooks: per notebook the ``papermill`` CLI, the
    ``jupyter nbconvert --to html`` CLI and Chromium's ``--print-to-pdf``, one after the other
    (``--zonder-naief`` skips it);
12. a delivery of 100,000 rows (``tools.bench_levering``, in a scratch copy of ``data/raw``)
    (``--levering-rijen 0`` skips it).

Then it checks the targets of issue 17 (warm edition with PDFs at most 20 s, a factsheet at
most 1 s, a page of a large family at most 0,5 s, a preview at most 3 s, an incremental run that
makes only what changed, peak memory under 1 GB) and says by how much each is met or missed.
Figures go to ``reports/bench/benchmark.json`` and ``reports/bench/benchmark.md``. The machine
load is recorded with them: timings on a busy machine are inflated; the profile's shares are
what to compare.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from avk_analysis.report.runner import execute, families, jobs, kernel_starter, kernels, params
from avk_analysis.report.runner import run as runner
from avk_analysis.vocabulary import paths, regions, timing
from tools import bench_levering, bench_meten, bench_profiel

BENCH_DIR = "bench"
FAMILY = "gemeente"
FAMILY_PAGES = 250


def _say(message: str) -> None:
    print(message, flush=True)


def _fmt(seconds: float | None) -> str:
    """Return seconds in Dutch notation, or a dash."""
    return "–" if seconds is None else f"{seconds:.1f}".replace(".", ",") + " s"


def _fmt3(seconds: float | None) -> str:
    """Return seconds with two decimals in Dutch notation, or a dash."""
    return "–" if seconds is None else f"{seconds:.2f}".replace(".", ",") + " s"


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _remove(path: Path) -> None:
    """Delete a disposable directory of the project; refuse anything under data/raw."""
    if _inside(path, paths.raw_dir()) or not _inside(path, paths.project_root()):
        raise RuntimeError(f"Weigert {path} te verwijderen: alleen data/processed en reports/.")
    if path == paths.processed_dir():
        for child in path.iterdir() if path.exists() else []:
            if child.name == ".gitkeep":
                continue
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def peak_memory_mb() -> dict[str, float | None]:
    """Return the peak resident memory (MB) of this process and of its largest child."""
    try:
        import resource
    except ImportError:  # Windows
        return {"dit_proces_mb": None, "grootste_kindproces_mb": None}
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024  # bytes vs kilobytes
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return {"dit_proces_mb": round(own, 1), "grootste_kindproces_mb": round(children, 1)}


def _timed_run(label: str, **kwargs: Any) -> tuple[runner.RunResult, float, Any]:
    """Run the report, return (result, wall seconds, build result)."""
    from avk_analysis.pipeline import build

    builds: list[Any] = []

    def build_fn(*, log: Any) -> Any:
        builds.append(build.build(log=log))
        return builds[-1]

    _say(f"\n== {label} ==")
    start = time.perf_counter()
    result = runner.run(build_fn=build_fn, log=lambda m: _say(f"   {m}"), **kwargs)
    seconds = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"De {label.lower()} mislukte; zie de meldingen hierboven.")
    return result, seconds, builds[-1] if builds else None


def _cli_noop(jaar: int, gemeente: str, veenkolonien: str) -> float:
    """Time an unchanged ``avk-monitor report`` in a fresh process."""
    command = [sys.executable, "-m", "avk_analysis.cli", "report", "--jaar", str(jaar)]
    command += ["--gemeente", gemeente, "--veenkolonien", veenkolonien]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or "al actueel" not in done.stdout:
        raise SystemExit(f"De no-op-run deed iets anders dan verwacht:\n{done.stdout}{done.stderr}")
    return seconds


def naive_plans(
    declaration: families.Declaration,
    selected: dict[str, list[str]],
    jaar: int,
    veenkolonien: str,
) -> list[tuple[str, Path, dict[str, Any]]]:
    """Return (key, notebook, parameters) of every notebook of a run, as the runner keys them."""
    notebooks = paths.notebooks_dir()
    run_parameters = {"jaar": jaar, "veenkolonien": veenkolonien}
    report = declaration.report()
    plans: list[tuple[str, Path, dict[str, Any]]] = [
        (f"{report.name}:{nb.stem}", nb, jobs.family_parameters(report, run_parameters))
        for nb in jobs.chapter_notebooks(notebooks, report.chapters)
    ]
    for family in declaration.chosen(selected):
        notebook = jobs.family_notebook(family, notebooks)
        plans += [
            (
                f"{notebook.stem}:{value}",
                notebook,
                jobs.family_parameters(family, run_parameters, value),
            )
            for value in selected.get(family.name, [])
        ]
    return plans


CHROMIUM_PDF_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def naive_run(
    plans: list[tuple[str, Path, dict[str, Any]]], timeout: int, *, pdf: bool = True
) -> list[dict[str, Any]]:
    """Run every notebook the naive way: papermill CLI, nbconvert CLI, Chromium PDF, in turn."""
    from avk_analysis.report.publishing import publish

    bindir = Path(sys.executable).parent
    papermill_cli = bindir / "papermill"
    nbconvert_cli = bindir / "jupyter-nbconvert"
    notebooks = paths.notebooks_dir()
    chromium = publish.chromium_path() if pdf else None
    rows: list[dict[str, Any]] = []
    env = kernels.kernel_environment(os.environ)  # the same bytecode cache as the runner: fair
    with tempfile.TemporaryDirectory(prefix="avk-naief-") as tmp:
        for number, (key, notebook, values) in enumerate(plans, start=1):
            executed = Path(tmp) / f"{key.replace(':', '_')}.ipynb"
            # Run the scripts with this interpreter: their #! line may point at another venv.
            command = [sys.executable, str(papermill_cli), str(notebook), str(executed)]
            for name, value in values.items():
                command += ["-p", name, str(value)]
            command += ["-k", kernels.KERNEL_NAME, "--cwd", str(notebooks), "--no-progress-bar"]
            command += ["--execution-timeout", str(timeout)]
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            middle = time.perf_counter()
            convert = [sys.executable, str(nbconvert_cli), "--to", "html", str(executed)]
            convert += ["--output-dir", tmp]
            subprocess.run(convert, check=True, capture_output=True, env=env)
            end = time.perf_counter()
            page = executed.with_suffix(".html")
            pdf_s = None
            if chromium:
                target = page.with_suffix(".pdf")
                printing = [chromium, *CHROMIUM_PDF_ARGS, f"--print-to-pdf={target}"]
                subprocess.run(
                    [*printing, page.as_uri()], check=True, capture_output=True, timeout=timeout
                )
                pdf_s = time.perf_counter() - end
            rows.append(
                {
                    "notebook": key,
                    "papermill_s": round(middle - start, 3),
                    "nbconvert_s": round(end - middle, 3),
                    "pdf_s": None if pdf_s is None else round(pdf_s, 3),
                    "html_bytes": page.stat().st_size,
                }
            )
            _say(f"   [{number}/{len(plans)}] {key}: {_fmt(end - start + (pdf_s or 0.0))}")
    return rows


def _page_jobs(
    declaration: families.Declaration,
    family: families.Family,
    values: list[str],
    *,
    jaar: int,
    veenkolonien: str,
    timeout: int,
    statuses: dict[str, int],
    out: Path,
    executed: Path,
) -> list[jobs.Job]:
    """Return one job per value (values may repeat), pages numbered so none overwrites another."""
    notebooks = paths.notebooks_dir()
    notebook = jobs.family_notebook(family, notebooks)
    vk_name = regions.veenkolonien_name(veenkolonien)
    fields = families.base_fields(
        declaration, jaar=jaar, veenkolonien=veenkolonien, vk_name=vk_name
    )
    common = {
        "cwd": str(notebooks),
        "timeout": timeout,
        "preload": kernel_starter.preload_modules([notebook]),
    }
    return [
        jobs.page_job(
            declaration,
            family,
            value,
            fields=fields,
            run_parameters={"jaar": jaar, "veenkolonien": veenkolonien},
            html=out / f"{number:04d}_{jobs.page_file(family, value)}",
            executed=executed / f"{number:04d}.ipynb",
            key=f"{family.name}:{number:04d}",
            common=common,
            banners=jobs.banners_for(statuses),
        )
        for number, value in enumerate(values)
    ]


def _family(declaration: families.Declaration, family_name: str) -> families.Family:
    family = declaration.family(family_name)
    if family is None or family.varies is None or not family.active:
        offered = ", ".join(f.name for f in declaration.per_value() + declaration.optional())
        offered = offered or "geen"
        raise SystemExit(f"Familie {family_name!r} is geen actieve familie per waarde ({offered}).")
    return family


def _run_pages(
    page_jobs: list[jobs.Job], workers: int, *, pdf: bool, quiet: bool = True
) -> tuple[list[execute.Outcome], float, dict[str, float]]:
    """Run page jobs in a pool (and print their PDFs); return (outcomes, seconds, PDF times)."""
    from avk_analysis.report.publishing import publish

    execute.quiet_imports()
    kernels.register_engine()
    n_pages = len(page_jobs)
    step = max(1, n_pages // 10)
    said = [0]

    def sparse(message: str) -> None:
        said[0] += 1
        if not quiet or "MISLUKT" in message or said[0] % step == 0 or said[0] == n_pages:
            _say(f"   {message}")

    start = time.perf_counter()
    outcomes = execute.run_jobs(page_jobs, None, set(), workers, sparse)
    failed = [o.failure.describe() for o in outcomes if o.failure]
    if failed:
        raise SystemExit("De meting mislukte:\n" + "\n".join(failed[:5]))
    pdf_times: dict[str, float] = {}
    if pdf and page_jobs:
        folder = Path(page_jobs[0].html).parent
        publish.export_pdfs(folder, [Path(j.html).name for j in page_jobs], pdf_times)
    return outcomes, time.perf_counter() - start, pdf_times


def family_run(
    *,
    jaar: int,
    family_name: str,
    n_pages: int,
    workers: int,
    veenkolonien: str,
    timeout: int,
    statuses: dict[str, int],
    pdf: bool = False,
) -> dict[str, Any]:
    """Time ``n_pages`` pages of one family (its values repeated) into a temporary folder.

    ``n_pages`` 0 makes one page per value. With ``pdf`` every page is printed as well.
    """
    declaration = families.load()
    family = _family(declaration, family_name)
    values = families.select(declaration, {family.name: params.ALL})[family.name]
    if not values:
        raise SystemExit(f"Familie {family_name!r} heeft geen waarden.")
    n_pages = n_pages or len(values)
    _say(f"\n== Familie '{family.name}': {n_pages} pagina's ({len(values)} waarden) ==")
    with tempfile.TemporaryDirectory(prefix="avk-familie-") as tmp:
        out, executed = Path(tmp) / "paginas", Path(tmp) / "uitgevoerd"
        out.mkdir()
        executed.mkdir()
        if _inside(out, paths.reports_dir()):
            raise RuntimeError(f"De familiemeting schrijft nooit in reports/: {out}")
        chosen = [values[number % len(values)] for number in range(n_pages)]
        page_jobs = _page_jobs(
            declaration,
            family,
            chosen,
            jaar=jaar,
            veenkolonien=veenkolonien,
            timeout=timeout,
            statuses=statuses,
            out=out,
            executed=executed,
        )
        outcomes, seconds, pdf_times = _run_pages(page_jobs, workers, pdf=pdf)
        sizes = [p.stat().st_size for p in out.glob("*.html")]
    per_job = sorted(o.seconds for o in outcomes)
    pdf_s = sum(pdf_times.values()) if pdf_times else None
    return {
        "familie": family.name,
        "notebook": family.notebook,
        "paginas": n_pages,
        "waarden": len(values),
        "workers": workers,
        "seconden": round(seconds, 3),
        "seconden_per_pagina": round(seconds / n_pages, 3),
        "met_pdf": bool(pdf_times),
        "pdf_s": None if pdf_s is None else round(pdf_s, 3),
        "per_pagina_werkproces_s": {
            "min": round(per_job[0], 3),
            "mediaan": round(per_job[len(per_job) // 2], 3),
            "max": round(per_job[-1], 3),
        },
        "html_bytes_totaal": sum(sizes),
    }


def page_profile_run(
    *,
    jaar: int,
    gemeente: str,
    repeats: int,
    veenkolonien: str,
    timeout: int,
    statuses: dict[str, int],
) -> dict[str, Any]:
    """Profile one factsheet: ``repeats`` runs in one warm worker, then its PDF."""
    declaration = families.load()
    family = _family(declaration, FAMILY)
    value = families.select(declaration, {FAMILY: gemeente})[FAMILY][0]
    _say(f"\n== Profiel van één factsheet ({value}), {repeats} keer ==")
    with tempfile.TemporaryDirectory(prefix="avk-profiel-pagina-") as tmp:
        out, executed = Path(tmp) / "paginas", Path(tmp) / "uitgevoerd"
        out.mkdir()
        executed.mkdir()
        page_jobs = _page_jobs(
            declaration,
            family,
            [value] * repeats,
            jaar=jaar,
            veenkolonien=veenkolonien,
            timeout=timeout,
            statuses=statuses,
            out=out,
            executed=executed,
        )
        with bench_meten.profiled() as folder:
            outcomes, _seconds, _ = _run_pages(page_jobs, 1, pdf=False, quiet=False)
            pdf_times: dict[str, float] = {}
            from avk_analysis.report.publishing import publish

            publish.export_pdfs(out, [Path(page_jobs[-1].html).name], pdf_times)
            records = timing.read(folder)
    page_s = next((v for k, v in pdf_times.items() if k.endswith(".html")), None)
    profile = bench_profiel.page_profile(outcomes, records, page_s)
    profile["pagina"] = f"{regions.name(value)}, {value}"
    profile["pdf_browser_starten_s"] = round(pdf_times.get("browser starten", 0.0), 3)
    return profile


def preview_cli(jaar: int, gemeente: str, veenkolonien: str, repeats: int) -> dict[str, Any]:
    """Time ``avk-monitor factsheet <gemeente>`` in a fresh process, its preview removed first."""
    from avk_analysis.report.runner import run as report_runner

    _say(f"\n== Voorbeeld van één factsheet vanaf de opdrachtregel ({gemeente}) ==")
    command = [sys.executable, "-m", "avk_analysis.cli", "factsheet", gemeente]
    command += ["--jaar", str(jaar), "--veenkolonien", veenkolonien]
    runs: list[float] = []
    phases: dict[str, float] = {}
    for _ in range(repeats):
        _remove(report_runner.preview_dir())
        with bench_meten.profiled() as folder:
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - start
            records = timing.read(folder)
        if done.returncode != 0:
            raise SystemExit(f"Het voorbeeld mislukte:\n{done.stdout}{done.stderr}")
        runs.append(seconds)
        _say(f"   {_fmt(seconds)}")
        if seconds == min(runs):
            phases = bench_meten.runner_phases(records)
            pages = [r for r in records if r.get("fase") not in {"", None}]
            kernel = [r for r in pages if str(r.get("taak", "")).startswith("factsheet")]
            phases["in de kernel gemeten (gegevens, grafieken, tabellen)"] = round(
                sum(float(r["s"]) for r in kernel), 3
            )
            phases["python starten, imports van avk-monitor en overige"] = round(
                seconds - sum(v for k, v in phases.items() if not k.startswith("in de kernel")),
                3,
            )
    return {
        "gemeente": gemeente,
        "seconden_per_run": [round(r, 3) for r in runs],
        "mediaan_s": round(bench_meten.median(runs), 3),
        "fasen_snelste_s": phases,
    }


INCREMENTAL_NOTEBOOK = "rapport/05_verantwoording.ipynb"


def incremental_run(common: dict[str, Any], notebook: str = INCREMENTAL_NOTEBOOK) -> dict[str, Any]:
    """Change one input (a chapter notebook gets a trailing newline), run, restore, run again."""
    path = paths.notebooks_dir() / notebook
    original = path.read_bytes()
    steps = []
    try:
        path.write_bytes(original + b"\n")
        for label in (f"notebooks/{notebook} gewijzigd", f"notebooks/{notebook} teruggezet"):
            result, seconds, _ = _timed_run(f"Incrementeel: {label}", **common)
            steps.append(
                {
                    "wijziging": label,
                    "seconden": round(seconds, 3),
                    "reden": result.reason,
                    "opnieuw": sorted(result.timings),
                    "hergebruikt": sorted(getattr(result, "reused", []) or []),
                }
            )
            path.write_bytes(original)
    finally:
        path.write_bytes(original)
    return {"notebook": notebook, "stappen": steps}


def _environment(workers: int) -> dict[str, Any]:
    versions = {}
    for package in ("papermill", "nbconvert", "nbclient", "ipykernel", "pandas", "matplotlib"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "workers": workers,
        "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        "offline_geforceerd": bool(os.environ.get("AVK_OFFLINE")),
        "versies": versions,
    }


TARGETS = {
    "warm": 20.0,
    "factsheet": 1.0,
    "familie_per_pagina": 0.5,
    "voorbeeld": 3.0,
    "geheugen_mb": 1024.0,
}


def _ratio(value: float | None, norm: float) -> str:
    if value is None:
        return "niet gemeten"
    diff = value - norm
    sign = "+" if diff > 0 else "−"
    return f"{sign}{abs(diff):.2f}".replace(".", ",") + f" ({value / norm:.2f}× de norm)".replace(
        ".", ","
    )


def _top(phases: dict[str, float] | None, n: int = 3) -> str:
    """Return the largest phases as 'name 41 %, name 22 %'."""
    if not phases:
        return ""
    total = sum(phases.values()) or 1.0
    biggest = sorted(phases.items(), key=lambda item: -item[1])[:n]
    return ", ".join(f"{k} {100 * v / total:.0f} %".replace(".", ",") for k, v in biggest)


def factsheet_times(timings: dict[str, float]) -> list[float]:
    """Return the seconds of every gemeente factsheet job of a run."""
    return sorted(v for k, v in timings.items() if k.startswith("factsheet:"))


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the targets of issue 17: what was measured, and by how much each is met or missed."""
    t = data["tijden_s"]
    profile = data.get("profiel") or {}
    edition = (profile.get("editie") or {}).get("fasen_s")
    page = profile.get("factsheet") or {}
    rows: list[dict[str, Any]] = []

    def add(name: str, norm: float, value: float | None, unit: str, why: str) -> None:
        rows.append(
            {
                "doel": name,
                "norm": norm,
                "eenheid": unit,
                "gemeten": None if value is None else round(value, 3),
                "gehaald": None if value is None else value <= norm,
                "verschil": _ratio(value, norm),
                "waarom": why,
            }
        )

    add(
        "Warme editie met PDF's (alle notebooks opnieuw)",
        TARGETS["warm"],
        t.get("warm"),
        "s",
        "grootste posten (som over alle notebooks): " + _top(edition),
    )
    sheets = factsheet_times(data.get("per_notebook_warm_s", {}))
    add(
        "Factsheet, warm (mediaan in de warme editie, 2 tegelijk)",
        TARGETS["factsheet"],
        bench_meten.median(sheets) if sheets else None,
        "s",
        (
            f"alleen gemeten (één werkproces): {_fmt3(page.get('mediaan_warm_s'))}; grootste "
            "posten: "
            + _top({k: v for k, v in page.get("fasen_s", {}).items() if k != "PDF afdrukken"})
        )
        if page
        else "",
    )
    for key, label in (("familie", "Familie"), ("wijkfamilie", "Wijkfamilie")):
        family = data.get(key)
        if family:
            add(
                f"{label} '{family['familie']}' van {family['paginas']} pagina's, per pagina",
                TARGETS["familie_per_pagina"],
                family["seconden_per_pagina"],
                "s",
                f"{family['workers']} tegelijk; per pagina in een werkproces "
                f"{_fmt3(family['per_pagina_werkproces_s']['mediaan'])} (mediaan)"
                + (
                    f"; PDF's daarna {_fmt(family['pdf_s'])}"
                    if family.get("pdf_s") is not None
                    else ""
                ),
            )
    preview = data.get("voorbeeld") or {}
    add(
        "Voorbeeld van één factsheet vanaf de opdrachtregel",
        TARGETS["voorbeeld"],
        preview.get("mediaan_s"),
        "s",
        "grootste posten: " + _top(preview.get("fasen_snelste_s")),
    )
    incremental = data.get("incrementeel") or {}
    if incremental.get("stappen"):
        first = incremental["stappen"][0]
        # every job of a forced run: the notebooks and the merge of the report
        total = len(data.get("per_notebook_warm_s") or {}) or data.get("aantal_notebooks", 0)
        redone = len(first["opnieuw"])
        rows.append(
            {
                "doel": "Eén invoer veranderd: alleen de pagina's die ervan afhangen opnieuw",
                "norm": None,
                "eenheid": "",
                "gemeten": redone,
                "gehaald": 0 < redone < total,
                "verschil": f"{redone} van {total} taken opnieuw in {_fmt(first['seconden'])}",
                "waarom": first["reden"],
            }
        )
    memory = (data.get("geheugen_piek_mb") or {}).get("warme_editie") or {}
    add(
        "Piekgeheugen van de warme editie (alle processen samen, PSS)",
        TARGETS["geheugen_mb"],
        memory.get("som_pss_mb"),
        "MB",
        f"grootste proces {memory.get('grootste_proces_rss_mb', '–')} MB (RSS); "
        "het proces dat de run leidt is hier de benchmark zelf",
    )
    return rows


def _yes(value: bool | None) -> str:
    return "–" if value is None else ("ja" if value else "**nee**")


def render_markdown(data: dict[str, Any]) -> str:
    """Return the readable Dutch benchmark report."""
    t = data["tijden_s"]
    env = data["omgeving"]
    lines = [
        f"# Benchmark jaarrapport {data['jaar']}",
        "",
        f"{data['aantal_notebooks']} notebooks ({data['aantal_hoofdstukken']} hoofdstuk(ken), "
        f"{data['aantal_factsheets']} factsheet(s)); {env['cpu_count']} kernen, "
        f"{env['workers']} notebooks tegelijk; Python {env['python']}. Belasting van de machine "
        f"(1/5/15 min) bij het begin: {env.get('belasting_begin', 'onbekend')}, aan het eind: "
        f"{env.get('belasting_eind', 'onbekend')}. Op een drukke machine zijn alle tijden te "
        "hoog; vergelijk dan de aandelen in het profiel.",
        "",
    ]
    rows = data.get("doelen") or []
    if rows:
        lines += [
            "## Doelen (issue 17)",
            "",
            "| Doel | Norm | Gemeten | Gehaald | Verschil | Waarom |",
            "|---|---:|---:|---|---|---|",
        ]
        for row in rows:
            norm = "–" if row["norm"] is None else f"≤ {row['norm']:g} {row['eenheid']}"
            measured = row["gemeten"]
            shown = (
                "–"
                if measured is None
                else f"{measured:g} {row['eenheid']}".replace(".", ",").strip()
            )
            lines.append(
                f"| {row['doel']} | {norm.replace('.', ',')} | {shown} | {_yes(row['gehaald'])} "
                f"| {row['verschil']} | {row['waarom']} |"
            )
        lines.append("")
    lines += [
        "## Tijden",
        "",
        "| Meting | Tijd |",
        "|---|---:|",
        f"| Koud: data bouwen + rapport + alle factsheets + PDF's | {_fmt(t['koud'])} |",
        f"| – waarvan data bouwen | {_fmt(t['koud_build'])} |",
        "| Warm: data gebouwd, alle notebooks opnieuw (geforceerd), met PDF's | "
        f"{_fmt(t['warm'])} |",
        f"| – waarvan PDF's afdrukken (na de notebooks) | {_fmt(t.get('warm_pdf'))} |",
        f"| – idem zonder kernelstarter (elke kernel een nieuw Python-proces) | "
        f"{_fmt(t['warm_zonder_kernelstarter'])} |",
        f"| Niets veranderd (in hetzelfde proces) | {_fmt(t['noop'])} |",
        f"| Niets veranderd (nieuw `avk-monitor report`-proces) | {_fmt(t['noop_cli'])} |",
        f"| Voorbeeld: `avk-monitor factsheet` in een nieuw proces (mediaan) | "
        f"{_fmt(t.get('voorbeeld_cli'))} |",
        f"| Naïef: papermill-CLI + nbconvert-CLI per notebook, na elkaar | {_fmt(t['naief'])} |",
        f"| Naïef met PDF's: plus Chromium `--print-to-pdf` per pagina | "
        f"{_fmt(t.get('naief_met_pdf'))} |",
    ]
    pages = data["aantal_notebooks"]
    if t.get("warm") and pages:
        lines.append(
            f"| Warm per notebook (volledige editie, {pages}) | {_fmt3(t['warm'] / pages)} |"
        )
    family = data.get("familie")
    if family:
        lines.append(
            f"| Familie '{family['familie']}' van {family['paginas']} pagina's, warm | "
            f"{_fmt(family['seconden'])} |"
        )
        lines.append(f"| – per pagina | {_fmt3(family['seconden_per_pagina'])} |")
    wijk = data.get("wijkfamilie")
    if wijk:
        lines.append(
            f"| Wijkfamilie ({wijk['paginas']} pagina's, één per wijk), warm"
            + (", met PDF's" if wijk.get("met_pdf") else "")
            + f" | {_fmt(wijk['seconden'])} |"
        )
        lines.append(f"| – per pagina | {_fmt3(wijk['seconden_per_pagina'])} |")
    if t.get("naief") and t.get("warm"):
        html_only = t["warm"] - (t.get("warm_pdf") or 0.0)
        ratio = f"{t['naief'] / html_only:.1f}".replace(".", ",")
        lines.append(f"| Versnelling zonder PDF's (naïef / warm zonder PDF-tijd) | {ratio}× |")
    if t.get("naief_met_pdf") and t.get("warm"):
        ratio = f"{t['naief_met_pdf'] / t['warm']:.1f}".replace(".", ",")
        lines.append(f"| Versnelling met PDF's (naïef met PDF's / warm met PDF's) | {ratio}× |")
    lines.append("")
    if data.get("profiel"):
        lines += bench_profiel.render_markdown(data["profiel"], data.get("profiel_voor"))
    preview = data.get("voorbeeld")
    if preview:
        lines += [
            "## Voorbeeld vanaf de opdrachtregel",
            "",
            "Seconden per run: "
            + ", ".join(_fmt3(s) for s in preview["seconden_per_run"])
            + ". De snelste run, per deel:",
            "",
            "| Deel | s |",
            "|---|---:|",
            *(f"| {k} | {_fmt3(v)} |" for k, v in preview["fasen_snelste_s"].items()),
            "",
        ]
    incremental = data.get("incrementeel")
    if incremental:
        lines += ["## Eén invoer veranderd", ""]
        for step in incremental["stappen"]:
            again = ", ".join(step["opnieuw"]) or "niets"
            lines += [
                f"- **{step['wijziging']}**: {_fmt(step['seconden'])}. {step['reden']} "
                f"Opnieuw gemaakt: {again}."
                + (
                    f" Hergebruikt: {len(step['hergebruikt'])} pagina('s)."
                    if step["hergebruikt"]
                    else ""
                ),
            ]
        lines.append("")
    mem = {
        k: ("–" if v is None else str(v).replace(".", ","))
        for k, v in data["geheugen_piek_mb"].items()
        if not isinstance(v, dict)
    }
    warm_mem = {
        k: ("–" if v is None else str(v).replace(".", ","))
        for k, v in (data["geheugen_piek_mb"].get("warme_editie") or {}).items()
    }
    lines += [
        "## Geheugen (piek)",
        "",
        f"- warme editie, alle processen samen (PSS: gedeeld geheugen één keer geteld): "
        f"{warm_mem.get('som_pss_mb', '–')} MB; grootste proces daarin (RSS): "
        f"{warm_mem.get('grootste_proces_rss_mb', '–')} MB",
        f"- alle processen samen tot en met de familiemeting: {mem.get('som_pss_mb', '–')} MB",
        f"- grootste proces (RSS): {mem.get('grootste_proces_rss_mb', '–')} MB",
        f"- dit proces: {mem.get('dit_proces_mb', '–')} MB; grootste kindproces tot en met de "
        f"familiemeting: {mem.get('grootste_kindproces_mb', '–')} MB; inclusief de naïeve "
        f"run: {mem.get('inclusief_naief_mb', '–')} MB",
        "",
        "## Tijd per notebook",
        "",
        "| Notebook | Warm | Zonder kernelstarter | Naïef papermill | Naïef nbconvert | "
        "Naïef PDF |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    naive = {row["notebook"]: row for row in data.get("naief", [])}
    plain = data.get("per_notebook_warm_zonder_kernelstarter_s", {})
    for key, seconds in sorted(data["per_notebook_warm_s"].items()):
        row = naive.get(key, {})
        lines.append(
            f"| {key} | {_fmt(seconds)} | {_fmt(plain.get(key))} | "
            f"{_fmt(row.get('papermill_s'))} | {_fmt(row.get('nbconvert_s'))} | "
            f"{_fmt(row.get('pdf_s'))} |"
        )
    lines += ["", "## Paginagrootte", "", "| Pagina | kB |", "|---|---:|"]
    for name, size in data["html_bytes"].items():
        lines.append(f"| {name} | {size / 1024:.0f} |")
    total = sum(data["html_bytes"].values())
    lines += [f"| totaal | {total / 1024:.0f} |", ""]
    if data.get("grote_levering"):
        lines += bench_levering.render_markdown(data["grote_levering"])
    if env["pythondontwritebytecode"]:
        lines += [
            "PYTHONDONTWRITEBYTECODE staat aan: de kernels (ook die van de naïeve run) gebruiken "
            "daarom een bytecodecache in data/processed/pycache/. De koude run vult die cache; "
            "de werkprocessen en `avk-monitor` zelf compileren hun modules elke keer opnieuw.",
            "",
        ]
    return "\n".join(lines)


def _timed_run_profiled(label: str, **kwargs: Any) -> tuple[runner.RunResult, float, dict]:
    """Run the report with the phase profile on; return (result, seconds, edition profile)."""
    with bench_meten.profiled() as folder:
        result, seconds, _ = _timed_run(label, **kwargs)
        records = timing.read(folder)
    profile = bench_profiel.edition_profile(
        result.phases, result.cells, records, seconds, edition_key=runner.EDITION
    )
    profile["run_fasen_s"] = bench_meten.runner_phases(records)
    return result, seconds, profile


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write ``reports/bench/benchmark.{json,md}``."""
    p = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--jaar", type=int, required=True)
    p.add_argument("--gemeente", default=params.ALL)
    p.add_argument("--workers", type=int, default=0, help="0 = aantal kernen")
    p.add_argument("--veenkolonien", default=regions.DEFAULT_VEENKOLONIEN)
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--zonder-naief", action="store_true", help="sla de naïeve meting over")
    p.add_argument(
        "--zonder-kernelstarter-meting",
        action="store_true",
        help="sla de warme run zonder kernelstarter over",
    )
    p.add_argument("--familie", default=FAMILY, help="familie voor de meting met veel pagina's")
    p.add_argument(
        "--familie-paginas",
        type=int,
        default=FAMILY_PAGES,
        help="aantal pagina's van die familie (0 = meting overslaan)",
    )
    p.add_argument(
        "--wijkfamilie",
        action="store_true",
        help="meet ook elke pagina van de wijkfamilie (één per wijk, met PDF's)",
    )
    p.add_argument(
        "--profiel-gemeente",
        default="GM0114",
        help="de factsheet voor het profiel en het voorbeeld (standaard Emmen)",
    )
    p.add_argument("--herhalingen", type=int, default=3, help="runs van profiel en voorbeeld")
    p.add_argument(
        "--levering-rijen",
        type=int,
        default=bench_levering.ROWS,
        help="rijen van de grote levering (0 = meting overslaan)",
    )
    p.add_argument(
        "--alleen-profiel",
        action="store_true",
        help="alleen bouwen, de warme editie en het factsheetprofiel (snel, om te vergelijken)",
    )
    p.add_argument(
        "--bewaar-als-voor",
        metavar="TOELICHTING",
        help="schrijf het profiel naar tools/bench_voor.json als het 'voor' van latere metingen",
    )
    args = p.parse_args(argv)

    jaar = params.validate_jaar(args.jaar)
    declaration = families.load()
    selected = families.select(declaration, {"gemeente": args.gemeente})
    n_pages = params.validate_positive(args.familie_paginas, "--familie-paginas", allow_zero=True)
    veenkolonien = params.validate_veenkolonien(args.veenkolonien)
    workers = args.workers or os.cpu_count() or 1
    repeats = max(2, args.herhalingen)
    common = {
        "jaar": jaar,
        "gemeente": args.gemeente,
        "workers": workers,
        "veenkolonien": veenkolonien,
        "timeout": args.timeout,
    }
    outdir = paths.reports_dir() / str(jaar)
    environment = _environment(workers)
    environment["belasting_begin"] = bench_meten.load_average()

    sampler = bench_meten.MemorySampler()
    with sampler:
        _remove(paths.processed_dir())
        _remove(outdir)
        cold, cold_s, cold_build = _timed_run("Koud", **common)
        statuses = dict(getattr(cold_build, "statuses", {}) or {})
        with bench_meten.MemorySampler() as warm_memory:
            warm, warm_s, edition = _timed_run_profiled("Warm (geforceerd)", force=True, **common)
        page = page_profile_run(
            jaar=jaar,
            gemeente=args.profiel_gemeente,
            repeats=repeats + 1,
            veenkolonien=veenkolonien,
            timeout=args.timeout,
            statuses=statuses,
        )
        plain, plain_s = None, None
        noop_s = noop_cli_s = None
        preview = incremental = family = wijk = None
        if not args.alleen_profiel:
            if not args.zonder_kernelstarter_meting:
                previous = os.environ.get(kernel_starter.FAST_START_ENV)
                os.environ[kernel_starter.FAST_START_ENV] = "0"
                try:
                    plain, plain_s, _ = _timed_run(
                        "Warm, zonder kernelstarter (geforceerd)", force=True, **common
                    )
                finally:
                    if previous is None:
                        os.environ.pop(kernel_starter.FAST_START_ENV, None)
                    else:
                        os.environ[kernel_starter.FAST_START_ENV] = previous
            _timed_run("Weer actueel maken", **common)
            noop, noop_s, _ = _timed_run("Niets veranderd", **common)
            if not noop.skipped:
                raise SystemExit("De no-op-run sloeg niets over; de vingerafdruk is niet stabiel.")
            noop_cli_s = _cli_noop(jaar, args.gemeente, veenkolonien)
            preview = preview_cli(jaar, args.profiel_gemeente, veenkolonien, repeats)
            incremental = incremental_run(common)
            if n_pages:
                family = family_run(
                    jaar=jaar,
                    family_name=args.familie,
                    n_pages=n_pages,
                    workers=workers,
                    veenkolonien=veenkolonien,
                    timeout=args.timeout,
                    statuses=statuses,
                )
            if args.wijkfamilie:
                wijk = family_run(
                    jaar=jaar,
                    family_name="wijk",
                    n_pages=0,
                    workers=workers,
                    veenkolonien=veenkolonien,
                    timeout=args.timeout,
                    statuses=statuses,
                    pdf=True,
                )
    memory: dict[str, Any] = {**peak_memory_mb(), **sampler.result()}
    memory["warme_editie"] = warm_memory.result()

    naive: list[dict[str, Any]] = []
    naive_s = naive_pdf_s = None
    if not args.zonder_naief and not args.alleen_profiel:
        _say("\n== Naïef: papermill-CLI + nbconvert-CLI + Chromium-PDF, na elkaar ==")
        naive = naive_run(naive_plans(declaration, selected, jaar, veenkolonien), args.timeout)
        naive_s = sum(r["papermill_s"] + r["nbconvert_s"] for r in naive)
        naive_pdf_s = naive_s + sum(r["pdf_s"] or 0.0 for r in naive)
        memory["inclusief_naief_mb"] = peak_memory_mb()["grootste_kindproces_mb"]

    large = None
    if args.levering_rijen > 0 and not args.alleen_profiel:
        large = bench_levering.run(args.levering_rijen)
    environment["belasting_eind"] = bench_meten.load_average()

    chapters = jobs.chapter_notebooks(None, declaration.report().chapters)
    n_family_pages = sum(len(values) for values in selected.values())
    warm_pdf = (warm.phases.get(runner.EDITION) or {}).get(runner.PDF_PHASE)
    data = {
        "jaar": jaar,
        "aantal_notebooks": len(chapters) + n_family_pages,
        "aantal_hoofdstukken": len(chapters),
        "aantal_factsheets": n_family_pages,
        "omgeving": environment,
        "tijden_s": {
            "koud": round(cold_s, 3),
            "koud_build": round(getattr(cold_build, "seconds", 0.0), 3),
            "warm": round(warm_s, 3),
            "warm_pdf": None if warm_pdf is None else round(warm_pdf, 3),
            "warm_zonder_kernelstarter": None if plain_s is None else round(plain_s, 3),
            "noop": None if noop_s is None else round(noop_s, 3),
            "noop_cli": None if noop_cli_s is None else round(noop_cli_s, 3),
            "voorbeeld_cli": preview["mediaan_s"] if preview else None,
            "naief": None if naive_s is None else round(naive_s, 3),
            "naief_met_pdf": None if naive_pdf_s is None else round(naive_pdf_s, 3),
        },
        "build_modus": getattr(cold_build, "mode", None),
        "per_notebook_koud_s": cold.timings,
        "per_notebook_warm_s": warm.timings,
        "per_notebook_warm_zonder_kernelstarter_s": plain.timings if plain else {},
        "geheugen_piek_mb": memory,
        "html_bytes": {p.name: p.stat().st_size for p in sorted(outdir.glob("*.html"))},
        "profiel": {"factsheet": page, "editie": edition},
        "profiel_voor": bench_profiel.read_before(),
        "voorbeeld": preview,
        "incrementeel": incremental,
        "naief": naive,
        "familie": family,
        "wijkfamilie": wijk,
        "grote_levering": large,
    }
    data["doelen"] = targets(data)
    if args.bewaar_als_voor:
        before = {
            "commit": _commit(),
            "datum": time.strftime("%Y-%m-%d"),
            "belasting": environment["belasting_begin"],
            "toelichting": args.bewaar_als_voor,
            "tijden_s": data["tijden_s"],
            "factsheet": page,
            "editie": edition,
        }
        bench_profiel.BEFORE_FILE.write_text(
            json.dumps(before, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        data["profiel_voor"] = before
    bench_dir = paths.reports_dir() / BENCH_DIR
    bench_dir.mkdir(parents=True, exist_ok=True)
    (bench_dir / "benchmark.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = render_markdown(data)
    (bench_dir / "benchmark.md").write_text(markdown, encoding="utf-8")
    _say("\n" + markdown)
    _say(f"Resultaten: {bench_dir / 'benchmark.json'} en {bench_dir / 'benchmark.md'}")
    return 0


def _commit() -> str:
    """Return the short hash of the checked-out commit ('' outside git)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=paths.project_root(),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
