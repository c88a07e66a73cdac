"""The pre-commit configuration strips notebook outputs (incl. papermill's) and syncs jupytext."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from avk_analysis.vocabulary import paths


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load((paths.project_root() / ".pre-commit-config.yaml").read_text())
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


def test_hooks_present() -> None:
    hooks = _hooks()
    assert {"ruff-check", "ruff-format", "nbstripout", "jupytext-sync"} <= set(hooks)
    assert "metadata.papermill" in hooks["nbstripout"]["entry"]


def test_nbstripout_hook_removes_outputs_and_papermill_metadata(tmp_path: Path) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 3,
                "id": "a1",
                "metadata": {"papermill": {"duration": 1.2}, "execution": {"x": 1}},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "geheim\n"}],
                "source": "print('geheim')",
            }
        ],
        "metadata": {"papermill": {"parameters": {"jaar": 2025}}, "kernelspec": {"name": "p"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    entry = _hooks()["nbstripout"]["entry"].replace(".venv/bin/", "")
    exe = str(Path(sys.executable).with_name("nbstripout"))
    args = entry.split(" ", 1)[1]
    subprocess.run(f"{exe} {args} {path}", shell=True, check=True)
    out = json.loads(path.read_text())
    assert out["cells"][0]["outputs"] == [] and out["cells"][0]["execution_count"] is None
    assert "papermill" not in out["metadata"] and "papermill" not in out["cells"][0]["metadata"]


def test_committed_notebooks_have_no_outputs_and_have_a_twin() -> None:
    for nb_path in (paths.project_root() / "notebooks").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in nb_path.parts:
            continue
        nb = json.loads(nb_path.read_text())
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), nb_path
        assert nb_path.with_suffix(".py").exists(), f"{nb_path} has no jupytext .py twin"


def test_notebooks_and_their_py_twins_hold_the_same_cells() -> None:
    import jupytext

    for py in (paths.project_root() / "notebooks").rglob("*.py"):
        paired = jupytext.read(py)
        committed = jupytext.read(py.with_suffix(".ipynb"))
        assert [c.source for c in paired.cells] == [c.source for c in committed.cells], py
