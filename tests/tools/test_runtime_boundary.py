"""The runtime package never imports the developer tools (tools/ is not shipped)."""

from __future__ import annotations

import ast

from avk_analysis.vocabulary import paths


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_package_does_not_import_tools() -> None:
    offenders = []
    for py in sorted(paths.package_dir().rglob("*.py")):
        mods = _imported_modules(py.read_text(encoding="utf-8"))
        if any(m == "tools" or m.startswith("tools.") for m in mods):
            offenders.append(py.relative_to(paths.package_dir()).as_posix())
    assert offenders == []


def test_moved_tools_are_gone_from_the_package() -> None:
    pkg = paths.package_dir()
    for old in ("demo.py", "example.py", "convert_published.py"):
        assert not list(pkg.rglob(old)), old
