"""Measuring helpers of ``make bench``: memory of a process tree, profile folders, load.

Kept apart from the scenarios in :mod:`tools.bench` so that each stays short.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from avk_analysis.vocabulary import timing


class MemorySampler:
    """Sample the memory of this process and all its descendants (workers, kernels, browser).

    ``peak_sum_mb`` is the highest sum of the proportional set size (PSS: memory shared by
    forked kernels is counted once, split over them) of the whole tree at one moment;
    ``peak_single_mb`` the highest resident size (RSS) of one process. Needs psutil (a
    dependency of ipykernel); without it both stay None.
    """

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_sum_mb: float | None = None
        self.peak_single_mb: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0.0
            single = 0.0
            try:
                tree = [me, *me.children(recursive=True)]
            except psutil.Error:
                tree = [me]
            for process in tree:
                with contextlib.suppress(psutil.Error, OSError):
                    info = process.memory_full_info()
                    total += getattr(info, "pss", info.rss)
                    single = max(single, info.rss)
            total_mb, single_mb = total / 2**20, single / 2**20
            self.peak_sum_mb = max(self.peak_sum_mb or 0.0, total_mb)
            self.peak_single_mb = max(self.peak_single_mb or 0.0, single_mb)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        try:
            import psutil  # noqa: F401
        except ImportError:
            return self
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def result(self) -> dict[str, float | None]:
        """Return the peaks in MB (rounded)."""
        return {
            "som_pss_mb": None if self.peak_sum_mb is None else round(self.peak_sum_mb, 1),
            "grootste_proces_rss_mb": (
                None if self.peak_single_mb is None else round(self.peak_single_mb, 1)
            ),
        }


@contextlib.contextmanager
def profiled() -> Iterator[Path]:
    """Switch phase recording on (``AVK_PROFIEL``) for the block; yield the folder it fills."""
    previous = os.environ.get(timing.PROFILE_ENV)
    with tempfile.TemporaryDirectory(prefix="avk-profiel-") as folder:
        os.environ[timing.PROFILE_ENV] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop(timing.PROFILE_ENV, None)
            else:
                os.environ[timing.PROFILE_ENV] = previous


def load_average() -> str:
    """Return the machine's load average over 1, 5 and 15 minutes ("1,2 / 3,4 / 4,0")."""
    try:
        values = os.getloadavg()
    except OSError:
        return "onbekend"
    return " / ".join(f"{v:.1f}".replace(".", ",") for v in values)


def median(values: list[float]) -> float:
    """Return the median of a non-empty list."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


class Stopwatch:
    """Seconds since creation (``perf_counter``)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def seconds(self) -> float:
        """Return the seconds since the stopwatch started."""
        return time.perf_counter() - self.start


def runner_phases(records: list[dict[str, Any]], prefix: str = "run: ") -> dict[str, float]:
    """Return the run's own phases (the parts of ``runner.run``) from profile records."""
    out: dict[str, float] = {}
    for record in records:
        name = str(record.get("fase", ""))
        if name.startswith(prefix):
            out[name.removeprefix(prefix)] = out.get(name.removeprefix(prefix), 0.0) + float(
                record["s"]
            )
    return {k: round(v, 3) for k, v in out.items()}
