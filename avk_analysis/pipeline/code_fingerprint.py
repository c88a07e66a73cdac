"""Which files of the package shape the processed data (what the build's fingerprint must cover).

The build (``avk_analysis.pipeline.build``) and every package module it imports, directly or through
other modules, decide what lands in ``data/processed/``; so do the data files in
``avk_analysis/data/`` (catalogue, workbook contract). The command line, the report runner and
other modules the build never imports do not: editing them must not rebuild the data. The import
graph is read from the source (``ast``), without importing anything, and includes imports inside
functions and the ``__init__.py`` of every package on the way.
"""

from __future__ import annotations

import ast
from pathlib import Path

from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.datafiles import DATA_DIR

PACKAGE = "avk_analysis"
BUILD_MODULE = "avk_analysis.pipeline.build"
DATA_PATTERNS = ("*.yaml",)


def _module_file(name: str, package: str, package_dir: Path) -> Path | None:
    """Return the source file of a dotted module name inside the package (None: not ours)."""
    if name != package and not name.startswith(package + "."):
        return None
    rel = Path(*name.split(".")[1:])
    for candidate in (package_dir / rel / "__init__.py", (package_dir / rel).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(path: Path, module: str) -> set[str]:
    """Return every dotted name an ``import`` in ``path`` may refer to (modules or attributes)."""
    is_package = path.name == "__init__.py"
    parts = module.split(".")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = parts if is_package else parts[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def imported_modules(
    root: str = BUILD_MODULE, package: str = PACKAGE, package_dir: Path | None = None
) -> dict[str, Path]:
    """Return ``{module: file}`` of ``root`` and every package module it imports, transitively."""
    base_dir = package_dir if package_dir is not None else paths.package_dir()
    found: dict[str, Path] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _module_file(name, package, base_dir)
        if path is None:
            continue  # outside the package, or an attribute such as ``processed.BUILD_FILE``
        found[name] = path
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo.extend(parents)  # importing a.b.c runs a/__init__.py and a/b/__init__.py
        todo.extend(sorted(_imported_names(path, name)))
    return found


def output_code_files() -> list[Path]:
    """Return the package files that shape the processed data (build's imports and data files)."""
    files = set(imported_modules().values())
    for pattern in DATA_PATTERNS:
        files.update(p for p in DATA_DIR.glob(pattern) if p.is_file())
    return sorted(files, key=lambda p: p.relative_to(paths.package_dir()).as_posix())
