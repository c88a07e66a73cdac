"""Benchmark of the yearly run (``make bench``): cold, warm, no-op, a large family, naive.

Run from the project root: ``.venv/bin/python -m tools.bench --jaar 2025``. Measures, on the
real project directories (``data/processed`` and ``reports/<jaar>`` are disposable;
``data/raw`` is never touched):

1. cold: ``data/processed`` and ``reports/<jaar>`` removed, then build + report + all pages of
   every family in ``notebooks/paginas.yaml``;
2. warm: data built, forced re-run of every notebook (also once without the kernel starter);
3. no-op: an unchanged re-run, in this process and as a fresh ``avk-monitor report`` process;
4. a family of 250 pages (``--familie-paginas``): the notebook of one family (``--familie``,
   default the gemeente factsheet) with its values repeated, written to a temporary folder
   (never to ``reports/<jaar>``), so the cost per page of a larger family (per wijk) is known
   before it is built;
5. the time per notebook; 6. peak memory; 7. the size of every HTML page;
8. the naive way on the same notebooks: per notebook the ``papermill`` CLI, then the
   ``jupyter nbconvert --to html`` CLI, one after the other (``--zonder-naief`` skips it);
9. a delivery of 100,000 rows (``tools.bench_levering``, in a scratch copy of ``data/raw``):
   build and check of a 2-row delivery before and after taking it in (``--levering-rijen 0``
   skips it).

Figures go to ``reports/bench/benchmark.json`` and ``reports/bench/benchmark.md``.
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

from avk_analysis import paths, regions
from avk_analysis.report import execute, families, jobs, kernel_starter, kernels, params, runner
from tools import bench_levering

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
    from avk_analysis import build

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
    for family in declaration.per_value():
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


def naive_run(plans: list[tuple[str, Path, dict[str, Any]]], timeout: int) -> list[dict[str, Any]]:
    """Run every notebook the naive way: papermill CLI, then nbconvert CLI, sequentially."""
    bindir = Path(sys.executable).parent
    papermill_cli = bindir / "papermill"
    nbconvert_cli = bindir / "jupyter-nbconvert"
    notebooks = paths.notebooks_dir()
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
            rows.append(
                {
                    "notebook": key,
                    "papermill_s": round(middle - start, 3),
                    "nbconvert_s": round(end - middle, 3),
                    "html_bytes": executed.with_suffix(".html").stat().st_size,
                }
            )
            _say(f"   [{number}/{len(plans)}] {key}: {_fmt(end - start)}")
    return rows


def family_run(
    *,
    jaar: int,
    family_name: str,
    n_pages: int,
    workers: int,
    veenkolonien: str,
    timeout: int,
    statuses: dict[str, int],
) -> dict[str, Any]:
    """Time ``n_pages`` pages of one family (its values repeated) into a temporary folder."""
    declaration = families.load()
    family = declaration.family(family_name)
    if family is None or family.varies is None or not family.active:
        offered = ", ".join(f.name for f in declaration.per_value()) or "geen"
        raise SystemExit(f"Familie {family_name!r} is geen actieve familie per waarde ({offered}).")
    values = families.select(declaration, {})[family.name]
    if not values:
        raise SystemExit(f"Familie {family_name!r} heeft geen waarden.")
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
    execute.quiet_imports()
    kernels.register_engine()
    from avk_analysis.report import publish  # noqa: F401  (imported once, inherited by workers)

    _say(f"\n== Familie '{family.name}': {n_pages} pagina's ({len(values)} waarden herhaald) ==")
    with tempfile.TemporaryDirectory(prefix="avk-familie-") as tmp:
        out, executed = Path(tmp) / "paginas", Path(tmp) / "uitgevoerd"
        out.mkdir()
        executed.mkdir()
        if _inside(out, paths.reports_dir()):
            raise RuntimeError(f"De familiemeting schrijft nooit in reports/: {out}")
        page_jobs = [
            jobs.page_job(
                declaration,
                family,
                values[number % len(values)],
                fields=fields,
                run_parameters={"jaar": jaar, "veenkolonien": veenkolonien},
                html=out / f"{number:04d}_{jobs.page_file(family, values[number % len(values)])}",
                executed=executed / f"{number:04d}.ipynb",
                key=f"{family.name}:{number:04d}",
                common=common,
                banners=jobs.banners_for(statuses),
            )
            for number in range(n_pages)
        ]
        step = max(1, n_pages // 10)
        said = [0]

        def sparse(message: str) -> None:
            said[0] += 1
            if "MISLUKT" in message or said[0] % step == 0 or said[0] == n_pages:
                _say(f"   {message}")

        start = time.perf_counter()
        outcomes = execute.run_jobs(page_jobs, None, set(), workers, sparse)
        seconds = time.perf_counter() - start
        failed = [o.failure.describe() for o in outcomes if o.failure]
        if failed:
            raise SystemExit("De familiemeting mislukte:\n" + "\n".join(failed[:5]))
        sizes = [p.stat().st_size for p in out.glob("*.html")]
    per_job = sorted(o.seconds for o in outcomes)
    return {
        "familie": family.name,
        "notebook": family.notebook,
        "paginas": n_pages,
        "waarden": len(values),
        "workers": workers,
        "seconden": round(seconds, 3),
        "seconden_per_pagina": round(seconds / n_pages, 3),
        "per_pagina_werkproces_s": {
            "min": round(per_job[0], 3),
            "mediaan": round(per_job[len(per_job) // 2], 3),
            "max": round(per_job[-1], 3),
        },
        "html_bytes_totaal": sum(sizes),
    }


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


def render_markdown(data: dict[str, Any]) -> str:
    """Return the readable Dutch benchmark report."""
    t = data["tijden_s"]
    lines = [
        f"# Benchmark jaarrapport {data['jaar']}",
        "",
        f"{data['aantal_notebooks']} notebooks ({data['aantal_hoofdstukken']} hoofdstuk(ken), "
        f"{data['aantal_factsheets']} factsheet(s)); {data['omgeving']['cpu_count']} kernen, "
        f"{data['omgeving']['workers']} notebooks tegelijk; Python {data['omgeving']['python']}.",
        "",
        "| Meting | Tijd |",
        "|---|---:|",
        f"| Koud: data bouwen + rapport + alle factsheets | {_fmt(t['koud'])} |",
        f"| – waarvan data bouwen | {_fmt(t['koud_build'])} |",
        f"| Warm: data gebouwd, alle notebooks opnieuw (geforceerd) | {_fmt(t['warm'])} |",
        f"| – idem zonder kernelstarter (elke kernel een nieuw Python-proces) | "
        f"{_fmt(t['warm_zonder_kernelstarter'])} |",
        f"| Niets veranderd (in hetzelfde proces) | {_fmt(t['noop'])} |",
        f"| Niets veranderd (nieuw `avk-monitor report`-proces) | {_fmt(t['noop_cli'])} |",
        f"| Naïef: papermill-CLI + nbconvert-CLI per notebook, na elkaar | {_fmt(t['naief'])} |",
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
    if t.get("naief") and t.get("warm"):
        ratio = f"{t['naief'] / t['warm']:.1f}".replace(".", ",")
        lines.append(f"| Versnelling warm t.o.v. naïef | {ratio}× |")
    mem = {
        k: ("–" if v is None else str(v).replace(".", ","))
        for k, v in data["geheugen_piek_mb"].items()
    }
    lines += [
        "",
        "## Geheugen (piek, resident)",
        "",
        f"- dit proces: {mem['dit_proces_mb']} MB",
        f"- grootste kindproces (werkproces, kernelstarter of kernel), tot en met warm: "
        f"{mem['grootste_kindproces_mb']} MB",
        f"- grootste kindproces inclusief de naïeve run: {mem.get('inclusief_naief_mb', '–')} MB",
        "",
        "## Tijd per notebook",
        "",
        "| Notebook | Warm | Zonder kernelstarter | Naïef papermill | Naïef nbconvert |",
        "|---|---:|---:|---:|---:|",
    ]
    naive = {row["notebook"]: row for row in data.get("naief", [])}
    plain = data.get("per_notebook_warm_zonder_kernelstarter_s", {})
    for key, seconds in sorted(data["per_notebook_warm_s"].items()):
        row = naive.get(key, {})
        lines.append(
            f"| {key} | {_fmt(seconds)} | {_fmt(plain.get(key))} | "
            f"{_fmt(row.get('papermill_s'))} | {_fmt(row.get('nbconvert_s'))} |"
        )
    lines += ["", "## Paginagrootte", "", "| Pagina | kB |", "|---|---:|"]
    for name, size in data["html_bytes"].items():
        lines.append(f"| {name} | {size / 1024:.0f} |")
    total = sum(data["html_bytes"].values())
    lines += [f"| totaal | {total / 1024:.0f} |", ""]
    if data.get("grote_levering"):
        lines += bench_levering.render_markdown(data["grote_levering"])
    if data["omgeving"]["pythondontwritebytecode"]:
        lines += [
            "PYTHONDONTWRITEBYTECODE staat aan: de kernels (ook die van de naïeve run) gebruiken "
            "daarom een bytecodecache in data/processed/pycache/. De koude run vult die cache; "
            "de werkprocessen en `avk-monitor` zelf compileren hun modules elke keer opnieuw.",
            "",
        ]
    return "\n".join(lines)


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
    p.add_argument("--familie", default=FAMILY, help="familie voor de meting met veel pagina's")
    p.add_argument(
        "--familie-paginas",
        type=int,
        default=FAMILY_PAGES,
        help="aantal pagina's van die familie (0 = meting overslaan)",
    )
    p.add_argument(
        "--levering-rijen",
        type=int,
        default=bench_levering.ROWS,
        help="rijen van de grote levering (0 = meting overslaan)",
    )
    args = p.parse_args(argv)

    jaar = params.validate_jaar(args.jaar)
    declaration = families.load()
    selected = families.select(declaration, {"gemeente": args.gemeente})
    n_pages = params.validate_positive(args.familie_paginas, "--familie-paginas", allow_zero=True)
    veenkolonien = params.validate_veenkolonien(args.veenkolonien)
    workers = args.workers or os.cpu_count() or 1
    common = {
        "jaar": jaar,
        "gemeente": args.gemeente,
        "workers": workers,
        "veenkolonien": veenkolonien,
        "timeout": args.timeout,
    }
    outdir = paths.reports_dir() / str(jaar)

    _remove(paths.processed_dir())
    _remove(outdir)
    cold, cold_s, cold_build = _timed_run("Koud", **common)
    warm, warm_s, _ = _timed_run("Warm (geforceerd)", force=True, **common)
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
    noop, noop_s, _ = _timed_run("Niets veranderd", **common)
    if not noop.skipped:
        raise SystemExit("De no-op-run sloeg niets over; de vingerafdruk is niet stabiel.")
    noop_cli_s = _cli_noop(jaar, args.gemeente, veenkolonien)
    family: dict[str, Any] | None = None
    if n_pages:
        family = family_run(
            jaar=jaar,
            family_name=args.familie,
            n_pages=n_pages,
            workers=workers,
            veenkolonien=veenkolonien,
            timeout=args.timeout,
            statuses=dict(getattr(cold_build, "statuses", {}) or {}),
        )
    memory: dict[str, Any] = peak_memory_mb()

    naive: list[dict[str, Any]] = []
    naive_s = None
    if not args.zonder_naief:
        _say("\n== Naïef: papermill-CLI + nbconvert-CLI, na elkaar ==")
        start = time.perf_counter()
        naive = naive_run(naive_plans(declaration, selected, jaar, veenkolonien), args.timeout)
        naive_s = time.perf_counter() - start
        memory["inclusief_naief_mb"] = peak_memory_mb()["grootste_kindproces_mb"]

    large = bench_levering.run(args.levering_rijen) if args.levering_rijen > 0 else None

    chapters = jobs.chapter_notebooks(None, declaration.report().chapters)
    n_family_pages = sum(len(values) for values in selected.values())
    data = {
        "jaar": jaar,
        "aantal_notebooks": len(chapters) + n_family_pages,
        "aantal_hoofdstukken": len(chapters),
        "aantal_factsheets": n_family_pages,
        "omgeving": _environment(workers),
        "tijden_s": {
            "koud": round(cold_s, 3),
            "koud_build": round(getattr(cold_build, "seconds", 0.0), 3),
            "warm": round(warm_s, 3),
            "warm_zonder_kernelstarter": round(plain_s, 3),
            "noop": round(noop_s, 3),
            "noop_cli": round(noop_cli_s, 3),
            "naief": round(naive_s, 3) if naive_s is not None else None,
        },
        "build_modus": getattr(cold_build, "mode", None),
        "per_notebook_koud_s": cold.timings,
        "per_notebook_warm_s": warm.timings,
        "per_notebook_warm_zonder_kernelstarter_s": plain.timings,
        "geheugen_piek_mb": memory,
        "html_bytes": {p.name: p.stat().st_size for p in sorted(outdir.glob("*.html"))},
        "naief": naive,
        "familie": family,
        "grote_levering": large,
    }
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


if __name__ == "__main__":
    sys.exit(main())
