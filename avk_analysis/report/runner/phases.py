"""Where the time of one notebook job went: kernel start, each cell, kernel stop, export.

The worker measures the parts outside the kernel itself; the cells' own times come from the
executed notebook (papermill writes a start and end time on every cell). Nothing here changes
what a run does; the phases travel back with each job's outcome and ``make bench`` adds them up.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

KERNEL_START = "kernel starten"
KERNEL_STOP = "kernel stoppen en notebook opslaan"
EXPORT = "export (nbconvert)"
GATE = "HTML-poort"
WRITE = "pagina schrijven"
MERGE = "hoofdstukken samenvoegen"
_HEADING_RE = re.compile(r"""heading\(\s*f?(["'])(.+?)\1""")


def _stamp(value: Any) -> float | None:
    """Return a papermill ISO time stamp as seconds since the epoch (None when absent)."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return None


def cell_label(source: str, number: int) -> str:
    """Return a short name for a code cell: its heading text, else its first line."""
    match = _HEADING_RE.search(source)
    if match:
        text = match.group(2)
    else:
        lines = [line.strip() for line in source.splitlines() if line.strip()]
        text = lines[0] if lines else "(lege cel)"
    text = text if len(text) <= 48 else text[:45] + "..."
    return f"cel {number}: {text}"


def cells(nb: Any) -> list[dict[str, Any]]:
    """Return every executed code cell: label, start and end (epoch seconds) and seconds."""
    out = []
    number = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        number += 1
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        meta = cell.get("metadata", {}).get("papermill", {}) or {}
        start, end = _stamp(meta.get("start_time")), _stamp(meta.get("end_time"))
        if start is None or end is None:
            continue
        label = "parameters" if tags & {"parameters", "injected-parameters"} else None
        out.append(
            {
                "cel": label or cell_label(str(cell.get("source", "")), number),
                "start": start,
                "eind": end,
                "s": max(0.0, end - start),
            }
        )
    return out


def job_phases(nb: Any, called: float, returned: float) -> tuple[dict[str, float], list[dict]]:
    """Return (phases outside the cells, the cells) of one executed notebook.

    ``called`` and ``returned`` are the wall-clock times around the execution: the kernel
    start is the time until the first cell began, the stop the time after the last one ended.
    """
    timed = cells(nb)
    if not timed:
        return {KERNEL_START: max(0.0, returned - called)}, []
    return (
        {
            KERNEL_START: max(0.0, timed[0]["start"] - called),
            KERNEL_STOP: max(0.0, returned - timed[-1]["eind"]),
        },
        timed,
    )
