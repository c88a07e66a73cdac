"""Run-time settings, read from environment variables so tests and mirrors can override them."""

from __future__ import annotations

import os

CBS_BASE_URL_ENV = "AVK_CBS_BASE_URL"
PDOK_BASE_URL_ENV = "AVK_PDOK_BASE_URL"
OFFLINE_ENV = "AVK_OFFLINE"

DEFAULT_CBS_BASE_URL = "https://opendata.cbs.nl"
DEFAULT_PDOK_BASE_URL = "https://api.pdok.nl"  # OGC API host; the service path is appended


def cbs_base_url() -> str:
    """Return the CBS OData host (``AVK_CBS_BASE_URL`` or opendata.cbs.nl), no trailing slash."""
    return os.environ.get(CBS_BASE_URL_ENV, DEFAULT_CBS_BASE_URL).rstrip("/")


def pdok_base_url() -> str:
    """Return the PDOK host (``AVK_PDOK_BASE_URL`` or api.pdok.nl), without trailing slash."""
    return os.environ.get(PDOK_BASE_URL_ENV, DEFAULT_PDOK_BASE_URL).rstrip("/")


def forced_offline() -> bool:
    """Tell whether ``AVK_OFFLINE`` forces the bundled snapshot (set it to 1, true or yes)."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes", "ja"}
