"""Phase timers: where the time of a page goes (for ``make bench``; off unless asked for).

With ``AVK_PROFIEL`` set to a folder, every process that runs :func:`phase` (the run itself, its
workers and every notebook kernel) appends one JSON line per finished phase to
``<folder>/<pid>.jsonl``: the phase name, its seconds, the wall-clock time it ended and the job
it belongs to (``AVK_PROFIEL_TAAK``, set by the worker before it starts a kernel). Without the
variable a phase costs one environment lookup, and nothing is written.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROFILE_ENV = "AVK_PROFIEL"
JOB_ENV = "AVK_PROFIEL_TAAK"


def enabled() -> bool:
    """Tell whether phase times are recorded in this process."""
    return bool(os.environ.get(PROFILE_ENV))


def record(name: str, seconds: float, *, job: str | None = None) -> None:
    """Append one finished phase to this process's profile file (nothing when profiling is off)."""
    folder = os.environ.get(PROFILE_ENV)
    if not folder:
        return
    line = {
        "fase": name,
        "s": round(float(seconds), 6),
        "eind": time.time(),
        "taak": job if job is not None else os.environ.get(JOB_ENV, ""),
        "pid": os.getpid(),
    }
    try:
        with open(Path(folder) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:  # profiling must never break a run
        return


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the block as phase ``name`` (recorded only when profiling is on)."""
    if not os.environ.get(PROFILE_ENV):
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        record(name, time.perf_counter() - start)


def read(folder: Path | str) -> list[dict]:
    """Return every phase recorded under ``folder`` (unreadable lines are skipped)."""
    out: list[dict] = []
    for file in sorted(Path(folder).glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and "fase" in item and "s" in item:
                out.append(item)
    return out
