"""Where planning-office deliveries live under ``data/raw/planbureaus/`` and how to find them.

The shipped file sits in the folder itself; every delivery taken in with ``avk-monitor levering``
sits in ``<uitgever>/<JJJJ-MM-DD>/`` with its own ``provenance.json``. A delivery is a file that a
sidecar names; :mod:`avk_analysis.sources.planning.intake` reports every other file.
"""

from __future__ import annotations

import re
from pathlib import Path

from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import SIDECAR_NAME, ProvenanceError, read_provenance

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIVERY_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES
_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}(-[2-9]|-[1-9]\d+)?")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def planning_dir(root: Path | None = None) -> Path:
    """Return ``data/raw/planbureaus/`` of the project ``root`` (default: the project root)."""
    return paths.planning_raw_dir() if root is None else Path(root) / "data" / "raw" / "planbureaus"


def is_skipped(path: Path) -> bool:
    """Tell whether a file is no data at all: hidden files and Excel lock files (~$...)."""
    return path.name.startswith((".", "~$"))


def data_files(directory: Path) -> list[Path]:
    """Return the data files of a folder (no sidecar, hidden or lock files)."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.name != SIDECAR_NAME and not is_skipped(p)
    )


def intake_folders(base: Path) -> list[Path]:
    """Return the ``<uitgever>/<datum>/`` folders under ``base`` that hold a sidecar."""
    out = []
    for publisher in sorted(p for p in base.iterdir() if p.is_dir() and not is_skipped(p)):
        for folder in sorted(p for p in publisher.iterdir() if p.is_dir() and not is_skipped(p)):
            if (
                _SLUG.fullmatch(publisher.name)
                and _FOLDER.fullmatch(folder.name)
                and (folder / SIDECAR_NAME).exists()
            ):
                out.append(folder)
    return out


def listed_files(directory: Path) -> dict[str, str]:
    """Return the files a folder's sidecar names, with their checksums (empty if unreadable)."""
    try:
        return read_provenance(directory).files
    except (ProvenanceError, ValueError, TypeError):
        return {}


def find_deliveries(root: Path | None = None) -> list[Path]:
    """Return every delivery file under data/raw/planbureaus/ (shipped file and intake folders)."""
    base = planning_dir(root)
    if not base.is_dir():
        return []
    out = []
    for directory in [base, *intake_folders(base)]:
        for name in listed_files(directory):
            file = directory / name
            skipped = is_skipped(file)  # never read what the build's fingerprint leaves out
            if file.suffix.lower() in DELIVERY_SUFFIXES and file.is_file() and not skipped:
                out.append(file)
    return sorted(out)
