"""The package's folders are its layers: no module imports from a layer above its own.

The order, bottom to top: ``vocabulary`` < ``sources`` < ``pipeline`` (the build) < the loader
(``load``, ``source_status``) < ``indicators`` < ``presentation`` < ``report.chapters`` <
``report.publishing`` < ``report.runner`` < the command line (``cli``). Imports are read from the
source with ``ast`` (nothing is run), imports inside functions included, so a lazy import cannot
hide a bend in the line. A module that no layer claims fails the check too: a new folder or
top-level module must be given its place here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from avk_analysis.vocabulary import paths

PACKAGE = "avk_analysis"

# (dotted prefix, layer); the longest matching prefix decides. Bottom to top.
LAYERS: tuple[tuple[str, str], ...] = (
    ("avk_analysis.vocabulary", "vocabulary"),
    ("avk_analysis.sources", "sources"),
    ("avk_analysis.pipeline", "pipeline"),
    ("avk_analysis.load", "loader"),
    ("avk_analysis.source_status", "loader"),
    ("avk_analysis.indicators", "indicators"),
    ("avk_analysis.presentation", "presentation"),
    ("avk_analysis.report", "chapters"),  # the report's own __init__ (a docstring)
    ("avk_analysis.report.chapters", "chapters"),
    ("avk_analysis.report.publishing", "publishing"),
    ("avk_analysis.report.runner", "runner"),
    ("avk_analysis.cli", "command"),
)
# the package's face (``avk_analysis/__init__.py``: lazy names for analysts), claimed alone so
# that a new top-level module is not claimed by it
FACE = "avk_analysis"
ORDER = (
    "vocabulary",
    "sources",
    "pipeline",
    "loader",
    "indicators",
    "presentation",
    "chapters",
    "publishing",
    "runner",
    "command",
)


def layer_of(module: str) -> str | None:
    """Return the layer of a dotted module name of the package (None: not claimed)."""
    if module == FACE:
        return "command"
    best = None
    for prefix, layer in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best[0])
        ):
            best = (prefix, layer)
    return best[1] if best else None


def module_name(package_dir: Path, file: Path) -> str:
    """Return the dotted name of a package file."""
    parts = list(file.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Return the package modules that ``source`` imports anywhere (functions included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                child = f"{base}.{alias.name}"
                out.add(child if child in known else base)
    return {
        name
        for name in out
        if name.split(".")[0] == PACKAGE and name != PACKAGE  # the root runs for every import
    }


def violations(package_dir: Path, sources: dict[str, str] | None = None) -> list[str]:
    """Return every import from a higher layer, and every module no layer claims.

    ``sources`` replaces the text of some files ({path relative to the package: text}); the
    tests use it to show that the check catches a planted import.
    """
    files = sorted(package_dir.rglob("*.py"))
    names = {module_name(package_dir, f): f for f in files}
    known = set(names)
    found = []
    for name, file in names.items():
        mine = layer_of(name)
        if mine is None:
            found.append(f"{name}: no layer claims this module")
            continue
        rel = file.relative_to(package_dir).as_posix()
        text = (sources or {}).get(rel) or file.read_text(encoding="utf-8")
        for target in sorted(imported_modules(text, name, file.name == "__init__.py", known)):
            theirs = layer_of(target)
            if theirs is not None and ORDER.index(theirs) > ORDER.index(mine):
                found.append(f"{name} ({mine}) imports {target} ({theirs})")
    return found


def test_no_module_imports_a_higher_layer() -> None:
    assert violations(paths.package_dir()) == []


def test_every_layer_holds_modules() -> None:
    names = {module_name(paths.package_dir(), f) for f in paths.package_dir().rglob("*.py")}
    assert {layer_of(n) for n in names} == set(ORDER)


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        # a source reading a build output: the bend the folders were made to forbid
        (
            "sources/boundaries.py",
            "def _bent():\n    from avk_analysis.pipeline import processed\n",
            "avk_analysis.sources.boundaries (sources) imports avk_analysis.pipeline.processed",
        ),
        # vocabulary reaching up to a source, written as a relative import
        (
            "vocabulary/regions.py",
            "from ..sources import pdok\n",
            "avk_analysis.vocabulary.regions (vocabulary) imports avk_analysis.sources.pdok",
        ),
        # a chapter calling the runner
        (
            "report/chapters/context.py",
            "import avk_analysis.report.runner.run\n",
            "avk_analysis.report.chapters.context (chapters) imports "
            "avk_analysis.report.runner.run",
        ),
        # indicators drawing: presentation is above them
        (
            "indicators/select.py",
            "from avk_analysis.presentation import charts\n",
            "avk_analysis.indicators.select (indicators) imports avk_analysis.presentation.charts",
        ),
    ],
)
def test_a_planted_upward_import_is_caught(file: str, line: str, expected: str) -> None:
    package = paths.package_dir()
    text = (package / file).read_text(encoding="utf-8") + "\n\n" + line
    assert expected in "\n".join(violations(package, {file: text}))


def test_a_module_outside_every_layer_is_caught(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    (package / "vocabulary").mkdir(parents=True)
    (package / "__init__.py").write_text('"""Face."""\n', encoding="utf-8")
    (package / "vocabulary" / "__init__.py").write_text('"""Words."""\n', encoding="utf-8")
    assert violations(package) == []
    (package / "helpers.py").write_text('"""Homeless."""\n', encoding="utf-8")
    (package / "misc").mkdir()
    (package / "misc" / "__init__.py").write_text("", encoding="utf-8")
    assert violations(package) == [
        "avk_analysis.helpers: no layer claims this module",
        "avk_analysis.misc: no layer claims this module",
    ]
