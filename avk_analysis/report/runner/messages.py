"""How the run speaks: the log callback, paths and durations in its Dutch messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from avk_analysis.vocabulary import paths

Log = Callable[[str], None]


def duration(value: float) -> str:
    """Return seconds in Dutch notation (``2,4 s``)."""
    return f"{value:.1f}".replace(".", ",") + " s"


def rel(path: Path) -> str:
    """Return ``path`` relative to the project root when possible (for messages)."""
    try:
        return path.resolve().relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(path)
