"""The build fingerprint covers the code that shapes the data, and nothing else."""

from __future__ import annotations

from pathlib import Path

from avk_analysis.pipeline import code_fingerprint
from avk_analysis.vocabulary import paths


def _rel(files: list[Path]) -> list[str]:
    return [f.relative_to(paths.package_dir()).as_posix() for f in files]


def test_output_code_files_cover_the_build_and_the_data_files() -> None:
    files = code_fingerprint.output_code_files()
    names = _rel(files)
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(f.is_file() for f in files)
    for needed in (
        "__init__.py",
        "pipeline/__init__.py",
        "pipeline/build.py",
        "vocabulary/tidy.py",
        "vocabulary/catalogue.py",
        "vocabulary/datafiles.py",
        "sources/__init__.py",
        "sources/cbs/__init__.py",
        "sources/cbs/parse.py",
        "sources/programme/contract.py",
        "data/indicatoren.yaml",
        "data/werkboekcontract.yaml",
    ):
        assert needed in names, needed


def test_output_code_files_leave_out_cli_and_report() -> None:
    names = _rel(code_fingerprint.output_code_files())
    assert "cli.py" not in names
    assert not [n for n in names if n.startswith("report/")]


def test_import_graph_follows_local_relative_and_package_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "root.py": (
            "import os\n"
            "from pkg import helper\n"
            "from pkg.sub import leaf\n"
            "from .consts import VALUE\n"
            "def later():\n"
            "    from pkg import lazy\n"
        ),
        "helper.py": "import pkg.deep\n",
        "deep.py": "",
        "consts.py": "VALUE = 1\n",
        "lazy.py": "",
        "unused.py": "import pkg.root\n",
        "sub/__init__.py": "from . import sibling\n",
        "sub/leaf.py": "from .. import consts\n",
        "sub/sibling.py": "",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    found = code_fingerprint.imported_modules("pkg.root", "pkg", pkg)
    assert sorted(found) == [
        "pkg",
        "pkg.consts",
        "pkg.deep",
        "pkg.helper",
        "pkg.lazy",
        "pkg.root",
        "pkg.sub",
        "pkg.sub.leaf",
        "pkg.sub.sibling",
    ]
    assert found["pkg.sub"] == pkg / "sub" / "__init__.py"
