"""The files of ``data/processed/`` and their integrity record (``build.json``).

The build writes the tables and records their checksums in ``build.json``; the loader and a
skipped build check them, so a truncated or edited table is never read as if it were fine.
"""

from __future__ import annotations

import json
from pathlib import Path

from avk_analysis import paths
from avk_analysis.provenance import sha256_file

INDICATORS_FILE = "indicatoren.parquet"
REFERENCES_FILE = "referenties.parquet"
SOURCES_FILE = "bronnen.json"
BUILD_FILE = "build.json"
TABLES = (INDICATORS_FILE, REFERENCES_FILE, SOURCES_FILE)
REBUILD_HINT = "Draai `make build` (of `make report`) om data/processed/ opnieuw te bouwen."


class ProcessedDataError(RuntimeError):
    """A table in ``data/processed/`` is missing, corrupt or does not match its build record."""


def path(name: str) -> Path:
    """Return the path of one processed file."""
    return paths.processed_dir() / name


def checksums() -> dict[str, str]:
    """Return the SHA-256 of every processed table that exists."""
    return {name: sha256_file(path(name)) for name in TABLES if path(name).exists()}


def build_record() -> dict | None:
    """Return the last build's record (``build.json``), or None when there is none or it is bad."""
    file = path(BUILD_FILE)
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def problems() -> list[str]:
    """Return what is wrong with data/processed/ (Dutch; empty when every table is intact)."""
    record = build_record()
    if record is None:
        return [f"{rel(path(BUILD_FILE))} ontbreekt of is onleesbaar"]
    expected = record.get("checksums") or {}
    out = []
    for name in TABLES:
        file = path(name)
        if not file.exists():
            out.append(f"{rel(file)} ontbreekt")
        elif name in expected and sha256_file(file) != expected[name]:
            out.append(f"{rel(file)} is beschadigd of gewijzigd na de bouw (checksum wijkt af)")
        elif name not in expected:
            out.append(f"{rel(file)} staat niet in {BUILD_FILE}")
    return out


def require(name: str) -> Path:
    """Return a processed table's path after checking it; ProcessedDataError says what to run."""
    file = path(name)
    if not file.exists():
        raise ProcessedDataError(f"{rel(file)} ontbreekt. {REBUILD_HINT}")
    record = build_record() or {}
    expected = (record.get("checksums") or {}).get(name)
    if expected is None:
        raise ProcessedDataError(
            f"{rel(file)} heeft geen bouwverslag ({BUILD_FILE}) en is dus niet te controleren. "
            + REBUILD_HINT
        )
    if sha256_file(file) != expected:
        raise ProcessedDataError(
            f"{rel(file)} is beschadigd of na de bouw gewijzigd (de checksum klopt niet met "
            f"{BUILD_FILE}). {REBUILD_HINT}"
        )
    return file


def rel(file: Path) -> str:
    """Return a path relative to the project root when possible (for messages)."""
    try:
        return file.relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(file)
