"""Fixtures for the programme tests: a scratch project root and the example workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avk_analysis.vocabulary import paths

REPO_REFERENCE = paths.reference_dir()


@pytest.fixture
def avk_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point AVK_ROOT at a scratch copy of the project (reference data only)."""
    root = tmp_path / "root"
    shutil.copytree(REPO_REFERENCE, root / "data" / "raw" / "reference")
    monkeypatch.setenv("AVK_ROOT", str(root))
    monkeypatch.delenv("AVK_MIN_COUNT", raising=False)
    monkeypatch.delenv("AVK_ROUND_TO", raising=False)
    return root


@pytest.fixture(scope="session")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the default example workbook once per session (outside the project)."""
    from tools import example_workbook as example

    target = tmp_path_factory.mktemp("voorbeeld") / "avk_programma_2025_voorbeeld.xlsx"
    return example.write_example(path=target)


@pytest.fixture(scope="session")
def example_data(example_book: Path):
    """Return the loaded example workbook (loaded once per session)."""
    from avk_analysis.sources.programme.workbook import load_workbook

    return load_workbook(example_book)
