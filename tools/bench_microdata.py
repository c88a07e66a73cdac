"""Benchmark of the Remote Access script at provincial scale (not a test: speed is measured here).

``python -m tools.bench_microdata [--personen 2000000] [--map DIR]`` (or ``make bench-microdata``)
draws a synthetic population of about that many persons in RA's layout
(``tools/microdata_synthetic.py``: young adult candidates, their parents and everybody else,
with income links and households for every person and every year), writes the kit, runs its
script in a separate process as an analyst would, and measures the wall-clock time and the peak
memory (resident set) of that process. It writes ``reports/bench/microdata.json`` and prints a
Dutch summary with an estimate for RA's national files (about 18 million persons, more rows in
the cumulative and spell files; ``NATIONAL_ROWS`` states the assumption): reading scales with the
rows read, memory with the young adults kept, and the output control does not depend on the
population at all.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from avk_analysis.sources.microdata import contract, kit
from avk_analysis.vocabulary import paths
from tools import microdata_synthetic as synthetic

NATIONAL = 18_000_000
# Assumptions for RA's national files (rough orders of magnitude, not checked in RA): rows per
# file the script reads. The cumulative person files hold everyone registered since 1995; the
# spell files hold several spells per person.
NATIONAL_ROWS = {
    "GBAPERSOONTAB": 24_000_000,
    "KINDOUDERTAB": 24_000_000,
    "GBAADRESOBJECTBUS": 60_000_000,
    "GBAHUISHOUDENSBUS": 60_000_000,
    "VSLGWBTAB": 10_000_000,
    "KOPPELPERSOONHUISHOUDEN (3 jaar)": 3 * 17_500_000,
    "INHATAB (3 jaar)": 3 * 8_000_000,
}
# people born in the ten cohorts that are 22-26 in one of three years (about 210,000 a year)
NATIONAL_CANDIDATES = 2_100_000
YEARS = (2021, 2022, 2023)
CANDIDATE_SHARE = 0.12  # people born in the ten cohorts that are 22-26 in one of the years
_LINE = re.compile(r"^\[\s*([\d.]+) s(?:\s+(\d+) MB)?\] (.*)$")


def settings_for(persons: int, seed: int = 5) -> synthetic.Settings:
    """Return generator settings for about ``persons`` persons with realistic proportions."""
    young = int(persons * CANDIDATE_SHARE)
    sizes = synthetic.gemeente_sizes(synthetic.Settings(scale=1.0))
    in_region = int(sizes["n"].iloc[:22].sum())  # the 22 gemeenten at their real size
    elsewhere = max(0, young - in_region)
    others = max(0, persons - young * 3)  # each young adult has a mother and a father
    return synthetic.Settings(
        seed=seed, years=YEARS, scale=1.0, elsewhere=elsewhere, others=others, traps=False
    )


def _phases(stdout: str) -> dict[str, float]:
    """Return the seconds the script itself reports for reading and for the output control."""
    times = []
    for line in stdout.splitlines():
        m = _LINE.match(line)
        if m:
            times.append((float(m.group(1)), m.group(3)))
    control = next((t for t, text in times if text.startswith("Outputcontrole")), math_nan())
    end = times[-1][0] if times else math_nan()
    return {"lezen_en_tellen_s": control, "outputcontrole_s": end - control, "totaal_s": end}


def math_nan() -> float:
    """Return NaN (no phase found)."""
    return float("nan")


def measure(persons: int, folder: Path) -> dict[str, object]:
    """Generate about ``persons`` persons in ``folder``, run the script, return the measurements."""
    import pyreadstat

    settings = settings_for(persons)
    started = time.perf_counter()
    model = synthetic.build_model(settings)
    files = synthetic.write_layout(model, folder / "G")
    generated = time.perf_counter() - started
    rows = {}
    for file in files:
        _, meta = pyreadstat.read_sav(str(file), metadataonly=True)
        rows[file.relative_to(folder / "G").as_posix()] = int(meta.number_rows)
    kit.write_kit(folder / "pakket", overwrite=True)
    command = [
        sys.executable,
        str(folder / "pakket" / contract.SCRIPT_NAME),
        "--bron",
        str(folder / "G"),
        "--jaren",
        *map(str, YEARS),
        "--uit",
        str(folder / "uit"),
    ]
    # a fresh process per measurement, so its peak memory is its own
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(round(time.perf_counter() - t, 2), "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode); "
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
    first, _, stdout = done.stdout.partition("\n")
    seconds, peak_kb, code = first.split()
    if code != "0":
        raise RuntimeError(done.stderr)
    read_rows = sum(
        int(n.replace(".", "")) for n in re.findall(r": ([\d.]+) rijen gelezen", stdout)
    )
    return {
        "personen": len(model.persons),
        "jongvolwassenen_kandidaten": int((model.persons["kind"] == "jv").sum()),
        "bestanden": rows,
        "rijen_gelezen": read_rows,
        "genereren_s": round(generated, 1),
        "script_s": float(seconds),
        "piekgeheugen_mb": round(int(peak_kb) / 1024),
        **{k: round(v, 1) for k, v in _phases(stdout).items()},
        "uitvoer": stdout,
    }


def estimate(small: dict, large: dict) -> dict[str, float]:
    """Return the estimate for RA's national files from two measurements.

    Time: reading and counting cost a fixed time per row read (measured), times the rows of the
    national files (``NATIONAL_ROWS``, an assumption); the output control does not depend on the
    population. Memory: a fixed part (the block being read) plus what is kept, which grows with
    the young adults (a straight line through both measurements, to ``NATIONAL_CANDIDATES``).
    """
    per_row = float(large["lezen_en_tellen_s"]) / int(large["rijen_gelezen"])
    rows = sum(NATIONAL_ROWS.values())
    x0, x1 = small["jongvolwassenen_kandidaten"], large["jongvolwassenen_kandidaten"]
    y0, y1 = float(small["piekgeheugen_mb"]), float(large["piekgeheugen_mb"])
    slope = (y1 - y0) / (x1 - x0)
    return {
        "personen": NATIONAL,
        "rijen": rows,
        "microseconden_per_rij": round(1e6 * per_row, 2),
        "lezen_en_tellen_s": round(per_row * rows),
        "outputcontrole_s": round(float(large["outputcontrole_s"]), 1),
        "piekgeheugen_mb": round(y1 + slope * (NATIONAL_CANDIDATES - x1)),
        "geheugen_per_1000_jongvolwassenen_mb": round(1000 * slope, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure the script at two sizes and write reports/bench/microdata.json."""
    p = argparse.ArgumentParser(description="Meet het RA-script op een synthetische populatie.")
    p.add_argument("--personen", type=int, default=2_000_000)
    p.add_argument("--map", default=None, help="werkmap (standaard een tijdelijke map)")
    args = p.parse_args(argv)
    results = []
    for persons in (args.personen // 2, args.personen):  # both read full blocks of a million
        with tempfile.TemporaryDirectory(dir=args.map) as tmp:
            results.append(measure(persons, Path(tmp)))
    small, large = results
    national = estimate(small, large)
    out = paths.reports_dir() / "bench"
    out.mkdir(parents=True, exist_ok=True)
    record = {"klein": small, "groot": large, "schatting": national}
    (out / "microdata.json").write_text(json.dumps(record, indent=2, ensure_ascii=False), "utf-8")
    print(large["uitvoer"])
    for r in results:
        print(
            f"{r['personen']:,} personen ({r['jongvolwassenen_kandidaten']:,} kandidaat-"
            f"jongvolwassenen), {r['rijen_gelezen']:,} rijen gelezen: script {r['script_s']} s "
            f"(lezen en tellen {r['lezen_en_tellen_s']} s, outputcontrole "
            f"{r['outputcontrole_s']} s), piekgeheugen {r['piekgeheugen_mb']} MB.".replace(",", ".")
        )
    print(
        f"Schatting voor de landelijke bestanden van RA (ongeveer {national['rijen']:,} rijen, "
        f"aanname): lezen en tellen ongeveer {national['lezen_en_tellen_s'] / 60:.0f} minuten "
        f"({national['microseconden_per_rij']} µs per gelezen rij), outputcontrole "
        f"{national['outputcontrole_s']} s, piekgeheugen ongeveer "
        f"{national['piekgeheugen_mb'] / 1024:.1f} GB "
        f"({national['geheugen_per_1000_jongvolwassenen_mb']} MB per 1.000 kandidaat-"
        "jongvolwassenen boven op het leesblok).".replace(",", ".")
    )
    print(f"Cijfers in {out / 'microdata.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
