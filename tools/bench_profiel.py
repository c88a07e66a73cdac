"""Where the time goes (part of ``make bench``): phases of one factsheet and of a whole edition.

The phases come from two places (see :mod:`avk_analysis.report.runner.phases` and
:mod:`avk_analysis.vocabulary.timing`): the worker measures the kernel start and stop, every cell
(from
papermill's time stamps), the nbconvert export, the HTML gate and writing the page; with
``AVK_PROFIEL`` set, the kernels record their own phases (data loading, boundaries, drawing a
map, encoding a chart as SVG or PNG, its phone variant, table HTML) and the run records the PDFs.
A cell's own time minus the phases recorded inside it is "rekenen en opbouwen": pandas work and
building the chart in matplotlib. The first cell after the parameters imports the package and
loads the data; its rest is "imports en start".

Absolute seconds depend on the machine and its load; the shares (% of the total) are what a
later change is judged by. A profile measured earlier (``tools/bench_voor.json``, the "before"
of issue 17) is shown next to the current one.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from avk_analysis.report.runner import phases as ph

BEFORE_FILE = Path(__file__).with_name("bench_voor.json")
IMPORTS = "imports en start (rest van de eerste cel)"
REST = "rekenen en opbouwen (rest van de cellen)"
PDF = "PDF afdrukken"
PDF_BROWSER = "PDF: browser starten"
# The order in which a breakdown is shown (anything else is added after it).
ORDER = (
    ph.KERNEL_START,
    IMPORTS,
    "gegevens laden",
    "grenzen laden",
    REST,
    "kaart tekenen",
    "grafiek coderen (SVG/PNG)",
    "grafiek coderen: telefoonvariant",
    "tabel (HTML)",
    ph.KERNEL_STOP,
    ph.MERGE,
    ph.EXPORT,
    ph.GATE,
    ph.WRITE,
    PDF_BROWSER,
    PDF,
    "startpagina en cijferbestand",
)
_SLACK = 0.01  # seconds of clock difference between a kernel and its worker


def _dutch(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def job_breakdown(
    phases: Mapping[str, float], cells: Sequence[Mapping[str, Any]], records: Iterable[Mapping]
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Return (seconds per phase, the cells with their own phases) of one notebook job."""
    out: dict[str, float] = defaultdict(float)
    for name, seconds in phases.items():
        out[name] += float(seconds)
    pool = sorted(records, key=lambda r: float(r.get("eind", 0)))
    shown: list[dict[str, Any]] = []
    first = True
    for cell in cells:
        if cell["cel"] == "parameters":
            continue
        # a kernel phase ends inside the cell that ran it: after papermill started the cell and
        # before papermill saw it end (each phase belongs to one cell only)
        inside = [r for r in pool if float(r.get("eind", 0)) <= cell["eind"] + _SLACK]
        pool = pool[len(inside) :]
        own: dict[str, float] = defaultdict(float)
        for record in inside:
            own[record["fase"]] += float(record["s"])
            out[record["fase"]] += float(record["s"])
        rest = max(0.0, float(cell["s"]) - sum(own.values()))
        out[IMPORTS if first else REST] += rest
        shown.append({"cel": cell["cel"], "s": float(cell["s"]), "fasen": dict(own)})
        first = False
    return dict(out), shown


def _by_job(records: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    grouped: dict[str, list[Mapping]] = defaultdict(list)
    for record in records:
        grouped[str(record.get("taak", ""))].append(record)
    return grouped


def edition_profile(
    run_phases: Mapping[str, Mapping[str, float]],
    run_cells: Mapping[str, Sequence[Mapping[str, Any]]],
    records: Sequence[Mapping],
    wall_seconds: float,
    *,
    edition_key: str = "editie",
) -> dict[str, Any]:
    """Return the breakdown of a whole run: seconds per phase summed over every job, and shares."""
    kernel = _by_job(records)
    total: dict[str, float] = defaultdict(float)
    per_job: dict[str, float] = {}
    factsheets: list[dict[str, float]] = []
    for key, phases in run_phases.items():
        if key == edition_key:
            continue
        own, _cells = job_breakdown(phases, run_cells.get(key, []), kernel.get(key, []))
        for name, seconds in own.items():
            total[name] += seconds
        per_job[key] = round(sum(own.values()), 3)
        if not key.startswith("rapport"):
            factsheets.append(own)
    pdf_pages = [r for r in records if r.get("fase") == PDF]
    total[PDF] += sum(float(r["s"]) for r in pdf_pages)
    total[PDF_BROWSER] += sum(float(r["s"]) for r in records if r.get("fase") == PDF_BROWSER)
    edition = run_phases.get(edition_key, {})
    if "startpagina en cijferbestand" in edition:
        total["startpagina en cijferbestand"] += float(edition["startpagina en cijferbestand"])
    summed = sum(total.values())
    return {
        "wand_s": round(wall_seconds, 3),
        "som_fasen_s": round(summed, 3),
        "fasen_s": {k: round(v, 3) for k, v in _ordered(total)},
        "aandeel_pct": {k: round(100 * v / summed, 1) for k, v in _ordered(total)}
        if summed
        else {},
        "per_taak_s": per_job,
        "pdf_paginas": len(pdf_pages),
        "factsheet_gemiddeld_s": {
            k: round(statistics.fmean(f.get(k, 0.0) for f in factsheets), 3)
            for k, _v in _ordered({n: 1 for f in factsheets for n in f})
        }
        if factsheets
        else {},
    }


def page_profile(
    outcomes: Sequence[Any], records: Sequence[Mapping], pdf_seconds: float | None
) -> dict[str, Any]:
    """Return the breakdown of one page measured several times (the first run warms up)."""
    kernel = _by_job(records)
    runs = []
    for outcome in outcomes:
        own, cells = job_breakdown(outcome.phases, outcome.cells, kernel.get(outcome.key, []))
        runs.append((outcome.seconds, own, cells))
    warm = runs[1:] or runs
    median = statistics.median(r[0] for r in warm)
    chosen = min(warm, key=lambda r: abs(r[0] - median))
    phases = dict(_ordered(chosen[1]))
    if pdf_seconds is not None:
        phases[PDF] = pdf_seconds
    summed = sum(phases.values())
    return {
        "seconden_per_run": [round(r[0], 3) for r in runs],
        "mediaan_warm_s": round(median, 3),
        "fasen_s": {k: round(v, 3) for k, v in phases.items()},
        "aandeel_pct": {k: round(100 * v / summed, 1) for k, v in phases.items()} if summed else {},
        "cellen": [
            {
                "cel": c["cel"],
                "s": round(c["s"], 3),
                "fasen": {k: round(v, 3) for k, v in c["fasen"].items()},
            }
            for c in chosen[2]
        ],
    }


def _ordered(values: Mapping[str, float]) -> list[tuple[str, float]]:
    known = [(k, values[k]) for k in ORDER if k in values]
    return known + sorted(((k, v) for k, v in values.items() if k not in ORDER), key=lambda i: i[0])


def read_before(path: Path = BEFORE_FILE) -> dict[str, Any] | None:
    """Return the profile measured before the speed work (None when there is none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _phase_rows(
    now: Mapping[str, Any], before: Mapping[str, Any] | None, *, total_label: str
) -> list[str]:
    names = [k for k, _v in _ordered({**(before or {}).get("fasen_s", {}), **now["fasen_s"]})]
    lines = [
        "| Fase | Voor (s) | Voor (%) | Nu (s) | Nu (%) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in names:
        b_s = (before or {}).get("fasen_s", {}).get(name)
        b_p = (before or {}).get("aandeel_pct", {}).get(name)
        n_s = now["fasen_s"].get(name)
        n_p = now.get("aandeel_pct", {}).get(name)
        lines.append(
            f"| {name} | {'–' if b_s is None else _dutch(b_s)} | "
            f"{'–' if b_p is None else _dutch(b_p, 1)} | {'–' if n_s is None else _dutch(n_s)} | "
            f"{'–' if n_p is None else _dutch(n_p, 1)} |"
        )
    b_total = sum((before or {}).get("fasen_s", {}).values()) if before else None
    lines.append(
        f"| **{total_label}** | {'–' if b_total is None else _dutch(b_total)} | 100 | "
        f"{_dutch(sum(now['fasen_s'].values()))} | 100 |"
    )
    return lines


def render_markdown(profile: Mapping[str, Any], before: Mapping[str, Any] | None) -> list[str]:
    """Return the Dutch Markdown section 'Waar de tijd heen gaat' (before next to now)."""
    lines = ["## Waar de tijd heen gaat (profiel)", ""]
    if before:
        lines += [
            f"'Voor' is gemeten op commit {before.get('commit', '?')} ({before.get('datum', '?')}, "
            f"belasting van de machine {before.get('belasting', '?')}): "
            f"{before.get('toelichting', '')}".rstrip(),
            "",
        ]
        times = before.get("tijden_s") or {}
        shown = [
            (label, times.get(key))
            for key, label in (
                ("warm", "warme editie met PDF's"),
                ("warm_pdf", "waarvan PDF's"),
                ("voorbeeld_cli", "voorbeeld vanaf de opdrachtregel"),
                ("noop_cli", "niets veranderd (nieuw proces)"),
            )
            if times.get(key) is not None
        ]
        if shown:
            lines += [
                "Tijden van die meting: "
                + "; ".join(f"{label} {_dutch(value, 1)} s" for label, value in shown)
                + ".",
                "",
            ]
    else:
        lines += ["Er is geen eerder profiel (tools/bench_voor.json) om mee te vergelijken.", ""]
    page = profile.get("factsheet")
    if page:
        b_page = (before or {}).get("factsheet")
        lines += [
            f"### Eén factsheet ({page.get('pagina', '')}), warm, alleen",
            "",
            "Seconden per run: "
            + ", ".join(_dutch(s) for s in page["seconden_per_run"])
            + f" (de eerste warmt op; mediaan daarna {_dutch(page['mediaan_warm_s'])} s). De "
            "fasen hieronder zijn die van de run die het dichtst bij de mediaan lag, plus het "
            "afdrukken van de PDF.",
            "",
            *_phase_rows(page, b_page, total_label="factsheet met PDF"),
            "",
            "Per cel (celtijd in de kernel, met wat daarbinnen apart gemeten is):",
            "",
            "| Cel | s | waarvan |",
            "|---|---:|---|",
        ]
        for cell in page["cellen"]:
            inside = "; ".join(f"{k} {_dutch(v)}" for k, v in cell["fasen"].items()) or "–"
            lines.append(f"| {cell['cel']} | {_dutch(cell['s'])} | {inside} |")
        lines.append("")
    edition = profile.get("editie")
    if edition:
        b_ed = (before or {}).get("editie")
        lines += [
            "### De hele editie (warme run), opgeteld over alle notebooks en pagina's",
            "",
            f"Wandtijd {_dutch(edition['wand_s'], 1)} s; de fasen tellen op tot "
            f"{_dutch(edition['som_fasen_s'], 1)} s omdat er notebooks naast elkaar lopen "
            f"({edition.get('pdf_paginas', 0)} PDF's).",
            "",
            *_phase_rows(edition, b_ed, total_label="som van de fasen"),
            "",
        ]
        average = edition.get("factsheet_gemiddeld_s") or {}
        if average:
            lines += [
                "Gemiddelde factsheet in die run (s): "
                + "; ".join(f"{k} {_dutch(v)}" for k, v in average.items())
                + ".",
                "",
            ]
    return lines
