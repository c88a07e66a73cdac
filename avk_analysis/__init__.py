"""AVK generational-poverty monitor.

The folders are the layers of the data's way, bottom to top: ``vocabulary`` (shared words and
places), ``sources`` (readers of ``data/raw/``), ``pipeline`` (the build, the only writer of
``data/processed/``), the loader (``load``, ``source_status``: the analyst's door),
``indicators``, ``presentation`` and ``report`` (chapters, publishing, runner); ``cli`` is the
``avk-monitor`` command. The short names analysts know keep working and are imported only when
used (``import avk_analysis`` stays light)::

    from avk_analysis import load, charts, narrative, maps, regions, catalogue
"""

from __future__ import annotations

import importlib
from types import ModuleType

# short name -> the module it stands for since the package was laid out in layers
MOVED = {
    "catalogue": "avk_analysis.vocabulary.catalogue",
    "charts": "avk_analysis.presentation.charts",
    "maps": "avk_analysis.presentation.maps",
    "narrative": "avk_analysis.presentation.narrative",
    "regions": "avk_analysis.vocabulary.regions",
}


def __getattr__(name: str) -> ModuleType:
    """Import a moved module on first use under its short name (PEP 562)."""
    if name in MOVED:
        module = importlib.import_module(MOVED[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module 'avk_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the package's names, the short names included."""
    return sorted({*globals(), *MOVED})
