"""Filesystem locations of the project, resolved from one place.

Nothing in the package relies on the current working directory. Set ``AVK_ROOT`` to run the
package against another checkout or a scratch copy (the tests do this).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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


def planning_raw_dir() -> Path:
    """Return the planning-office deliveries (Trendbureau Drenthe, Sociaal Planbureau Groningen)."""
    return raw_dir() / "planbureaus"


def programme_raw_dir() -> Path:
    """Return the programme workbooks of the Alliantie van Kracht."""
    return raw_dir() / "programma"


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
