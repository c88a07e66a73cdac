"""Shared fixtures: a scratch copy of the project's raw data, so tests never touch the real tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avk_analysis.vocabulary import paths

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network: force the offline snapshot unless a test says otherwise."""
    monkeypatch.setenv("AVK_OFFLINE", "1")


def make_project(root: Path) -> Path:
    """Copy data/raw and the notebooks into ``root`` (a scratch project) and return it."""
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.py"))
    (root / "data" / "processed").mkdir(parents=True)
    (root / "reports").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project (AVK_ROOT) with a copy of data/raw and the notebooks."""
    root = make_project(tmp_path / "project")
    monkeypatch.setenv("AVK_ROOT", str(root))
    assert paths.project_root() == root
    return root
