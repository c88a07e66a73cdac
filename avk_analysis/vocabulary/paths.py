"""Filesystem locations of the project, resolved from one place.

Nothing in the package relies on the current working directory. Set ``AVK_ROOT`` to run the
package against another checkout or a scratch copy (the tests do this).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # avk_analysis/ (this file is in vocabulary/)


def project_root() -> Path:
    """Return the project root (``AVK_ROOT`` or the checkout that holds the package)."""
    env = os.environ.get("AVK_ROOT")
    return Path(env).resolve() if env else _PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return ``data/``."""
    return project_root() / "data"


def raw_dir() -> Path:
    """Return ``data/raw/`` (immutable inputs with provenance)."""
    return data_dir() / "raw"


PROCESSED_ONLY_ENV = "AVK_ALLEEN_VERWERKT"


def processed_only() -> bool:
    """Tell whether this process may read only ``data/processed/`` (report kernels: one door)."""
    return os.environ.get(PROCESSED_ONLY_ENV, "") == "1"


def reference_dir() -> Path:
    """Return the hand-kept reference data (regions, mergers, Veenkoloniën sets).

    Report kernels (``AVK_ALLEEN_VERWERKT=1``) read the build's copy in ``data/processed/``.
    """
    if processed_only():
        return processed_dir() / "referentie"
    return raw_dir() / "reference"


def cbs_raw_dir() -> Path:
    """Return where real CBS downloads are stored (``data/raw/cbs/<table>/<date>/``)."""
    return raw_dir() / "cbs"


def snapshot_dir() -> Path:
    """Return the bundled offline snapshot (demo CBS responses, shipped in git)."""
    return raw_dir() / "snapshot"


def pdok_raw_dir() -> Path:
    """Return where PDOK boundary downloads are cached."""
    return raw_dir() / "pdok"


def pdok_cache_file(collection: str, year: int) -> Path:
    """Return the cached GeoJSON of a PDOK collection and year (``data/raw/pdok/<c>/<year>/``)."""
    return pdok_raw_dir() / collection / str(int(year)) / f"{collection}.geojson"


# The boundaries shipped for offline maps (``data/raw/grenzen/2025/``), per level.
SHIPPED_BOUNDARY_YEAR = 2025
SHIPPED_BOUNDARY_FILES = {
    "gemeente": "gemeenten_2025.geojson",
    "provincie": "provincies_2025.geojson",
    "wijk": "wijken_2025.geojson",
}


def shipped_boundaries_dir() -> Path:
    """Return ``data/raw/grenzen/2025/``, the boundaries shipped for offline maps."""
    return raw_dir() / "grenzen" / str(SHIPPED_BOUNDARY_YEAR)


def shipped_boundary_file(level: str, year: int) -> Path | None:
    """Return the shipped GeoJSON of a level (gemeente, provincie, wijk) and year, or None."""
    name = SHIPPED_BOUNDARY_FILES.get(level)
    return shipped_boundaries_dir() / name if name and int(year) == SHIPPED_BOUNDARY_YEAR else None


def planning_raw_dir() -> Path:
    """Return the planning-office deliveries (Trendbureau Drenthe, Sociaal Planbureau Groningen)."""
    return raw_dir() / "planbureaus"


def programme_raw_dir() -> Path:
    """Return the programme workbooks of the Alliantie van Kracht."""
    return raw_dir() / "programma"


# Where the build puts the map boundaries inside data/processed/, and the note on their origin;
# here (not in ``processed``) so that the loader and the wijk list read them without a build
# import.
PROCESSED_BOUNDARIES_DIR = "grenzen"
BOUNDARY_ORIGIN_FILE = "herkomst.json"
BOUNDARY_YEAR = 2025  # the processed figures are on the gemeenten of this year
REBUILD_HINT = "Draai `make build` (of `make report`) om data/processed/ opnieuw te bouwen."


READ_LOG_ENV = "AVK_LEESLOG"


def note_read(file: Path) -> None:
    """Note that this process read a file of ``data/processed/`` (for incremental runs).

    With ``AVK_LEESLOG`` set (the run sets it for every notebook's kernel) the file's name
    relative to ``data/processed/`` is appended to that log; a page is made again only when one
    of the files it read, its notebook or its code changed. Without it nothing happens.
    """
    log = os.environ.get(READ_LOG_ENV)
    if not log:
        return
    try:
        name = Path(file).resolve().relative_to(processed_dir().resolve()).as_posix()
    except ValueError:
        return
    try:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
    except OSError:
        return


def processed_dir() -> Path:
    """Return ``data/processed/`` (disposable, rebuilt by ``make report``)."""
    return data_dir() / "processed"


def reports_dir() -> Path:
    """Return ``reports/`` (disposable, one folder per year)."""
    return project_root() / "reports"


def notebooks_dir() -> Path:
    """Return ``notebooks/``."""
    return project_root() / "notebooks"


def package_dir() -> Path:
    """Return the installed package directory (templates and other package data)."""
    return _PACKAGE_DIR
