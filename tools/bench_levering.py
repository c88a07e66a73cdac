"""Benchmark scenario: a very large planning-office delivery (part of ``make bench``).

In a scratch copy of the project (``data/raw`` copied to a temporary folder, ``AVK_ROOT`` set;
the real ``data/raw`` is never touched) it times, each as a fresh ``avk-monitor`` process:

1. ``build --opnieuw`` and ``validate`` of a 2-row delivery, before the large delivery;
2. ``levering`` of a generated delivery of ``--rijen`` rows (default 100,000): every indicator
   in %, every known region (current and former gemeenten, provinces, Nederland, the
   Veenkoloniën sets) and year, so a former gemeente's warning recurs on ~40 % of the rows;
3. ``build --opnieuw`` and ``validate`` of the 2-row delivery again, after it.

The generated figures are not real: the rows carry ``status`` ``demo`` and the publisher
"Benchmark (geen echte cijfers)". Per step it records the seconds, the peak memory of the
process, the number of output lines (repeated warnings that are not summarised show up there)
and the last lines. Run it alone with ``python -m tools.bench_levering`` from the project root.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 100_000
PUBLISHER = "Benchmark (geen echte cijfers)"
HEADER = [
    "bron",
    "publicatie",
    "bron_url",
    "indicator",
    "definitie",
    "regiocode",
    "jaar",
    "waarde",
    "eenheid",
    "status",
    "onzeker",
    "soort_bron",
    "opmerking",
]


def _say(message: str) -> None:
    print(message, flush=True)


def write_large_delivery(target: Path, rows: int) -> Path:
    """Write a delivery of ``rows`` distinct % figures (demo status) in the delivery format."""
    from avk_analysis.sources.planning import delivery
    from avk_analysis.vocabulary import catalogue

    indicators = sorted(c for c, i in catalogue.INDICATORS.items() if i.unit == catalogue.PCT)
    regions = sorted(delivery._known_regions())
    years = list(range(delivery.MIN_YEAR, 2025))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        n = 0
        part = 0
        while n < rows:
            part += 1
            for indicator in indicators:
                for region in regions:
                    for year in years:
                        if n >= rows:
                            break
                        value = f"{5 + (n % 900) / 10:.1f}".replace(".", ",")
                        writer.writerow(
                            [
                                PUBLISHER,
                                f"Benchmarkreeks deel {part}",
                                "https://example.org/benchmark",
                                indicator,
                                "",
                                region,
                                year,
                                value,
                                "%",
                                "demo",
                                "nee",
                                "primair",
                                "",
                            ]
                        )
                        n += 1
    return target


def write_small_delivery(target: Path) -> Path:
    """Write a delivery of 2 rows (demo status) to validate before and after."""
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for region in ("GM0114", "GM0106"):
            writer.writerow(
                [
                    PUBLISHER,
                    "Kleine levering",
                    "https://example.org/klein",
                    "kinderen_laag_inkomen_pct",
                    "",
                    region,
                    2022,
                    "7,5",
                    "%",
                    "demo",
                    "nee",
                    "primair",
                    "",
                ]
            )
    return target


def _timed(label: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``avk-monitor ARGS`` in a fresh process; return seconds, peak memory and lines."""
    command = [sys.executable, "-m", "avk_analysis.cli", *args]
    _say(f"   {label}: avk-monitor {' '.join(args[:1])} ...")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    lines = text.count("\n")
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024
    result = {
        "seconden": round(seconds, 2),
        "geheugen_piek_mb": round(usage.ru_maxrss * scale, 1),
        "regels_uitvoer": lines,
        "exitcode": process.returncode,
        "laatste_regels": text.strip().splitlines()[-3:],
    }
    _say(
        f"      {seconds:.1f} s, {result['geheugen_piek_mb']} MB, {lines} regels, "
        f"exitcode {process.returncode}"
    )
    return result


def run(rows: int = ROWS, repo: Path | None = None) -> dict[str, Any]:
    """Run the scenario in a scratch copy of ``repo``'s data/raw; return the measurements."""
    repo = repo or Path(__file__).resolve().parents[1]
    _say(f"\n== Grote levering: {rows} rijen ==")
    with tempfile.TemporaryDirectory(prefix="avk-grote-levering-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(repo / "data" / "raw", root / "data" / "raw")
        shutil.copytree(repo / "notebooks", root / "notebooks")
        (root / "data" / "processed").mkdir(parents=True)
        (root / "reports").mkdir()
        env = {**os.environ, "AVK_ROOT": str(root), "AVK_OFFLINE": "1"}
        small = write_small_delivery(Path(tmp) / "klein.csv")
        start = time.perf_counter()
        large = write_large_delivery(Path(tmp) / "groot.csv", rows)
        generated = time.perf_counter() - start
        _say(f"   levering van {rows} rijen geschreven ({large.stat().st_size // 1024} kB)")
        small_check = ["validate", str(small)]
        steps = {
            "build_voor": _timed("bouwen, vóór", ["build", "--opnieuw"], env),
            "validate_2_rijen_voor": _timed("2 rijen controleren, vóór", small_check, env),
            "levering": _timed("grote levering innemen", ["levering", str(large)], env),
            "build_na": _timed("bouwen, na", ["build", "--opnieuw"], env),
            "validate_2_rijen_na": _timed("2 rijen controleren, na", small_check, env),
        }
    return {"rijen": rows, "schrijven_s": round(generated, 2), "stappen": steps}


def render_markdown(data: dict[str, Any]) -> list[str]:
    """Return the Dutch benchmark lines of this scenario."""

    def seconds(value: float) -> str:
        return f"{value:.1f}".replace(".", ",") + " s"

    labels = {
        "build_voor": "Bouwen (geforceerd), vóór de levering",
        "validate_2_rijen_voor": "Levering van 2 rijen controleren, vóór",
        "levering": f"Levering van {data['rijen']} rijen innemen",
        "build_na": "Bouwen (geforceerd), na de levering",
        "validate_2_rijen_na": "Levering van 2 rijen controleren, na",
    }
    lines = [
        "",
        f"## Grote levering ({data['rijen']} rijen)",
        "",
        "| Stap | Tijd | Geheugen (piek) | Regels uitvoer | Exitcode |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in labels.items():
        step = data["stappen"][key]
        memory = str(step["geheugen_piek_mb"]).replace(".", ",")
        lines.append(
            f"| {label} | {seconds(step['seconden'])} | {memory} MB | "
            f"{step['regels_uitvoer']} | {step['exitcode']} |"
        )
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """Run the scenario alone and print its figures (JSON and Markdown)."""
    p = argparse.ArgumentParser(prog="python -m tools.bench_levering", description=__doc__)
    p.add_argument("--rijen", type=int, default=ROWS, help="aantal rijen van de grote levering")
    args = p.parse_args(argv)
    data = run(args.rijen)
    _say(json.dumps(data, indent=2, ensure_ascii=False))
    _say("\n".join(render_markdown(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
