"""The package's face: the short names analysts use still reach the modules, imported lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import avk_analysis
from avk_analysis.presentation import charts, maps, narrative
from avk_analysis.vocabulary import catalogue, paths, regions


def test_short_names_are_the_moved_modules() -> None:
    from avk_analysis import catalogue as c
    from avk_analysis import charts as ch
    from avk_analysis import load
    from avk_analysis import maps as m
    from avk_analysis import narrative as n
    from avk_analysis import regions as r

    assert (ch, m, n, r, c) == (charts, maps, narrative, regions, catalogue)
    assert load.__name__ == "avk_analysis.load"
    assert set(avk_analysis.MOVED) <= set(dir(avk_analysis))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="presentatie"):
        avk_analysis.presentatie  # noqa: B018


def test_importing_the_package_imports_no_module_of_it() -> None:
    code = (
        "import sys, avk_analysis; "
        "print(sorted(m for m in sys.modules if m.startswith(('avk_analysis.', 'pandas'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=paths.project_root(),
    )
    assert out.stdout.strip() == "[]"
