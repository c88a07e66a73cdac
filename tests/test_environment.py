"""environment.yml (conda) mirrors pyproject.toml (the source of truth)."""

from __future__ import annotations

import re
import tomllib

import yaml

from avk_analysis import paths


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    root = paths.project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(r) for r in project["dependencies"])
    wanted.update(_split(r) for r in project["optional-dependencies"]["dev"])
    env = yaml.safe_load((root / "environment.yml").read_text())
    conda = dict(_split(d) for d in env["dependencies"] if isinstance(d, str))
    conda.pop("python")
    conda.pop("pip")
    assert conda == wanted
    assert "conda-forge" in env["channels"]
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == [f"python{project['requires-python']}"]


def test_key_tools_are_pinned_to_a_major_version() -> None:
    project = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())["project"]
    deps = dict(_split(r) for r in project["dependencies"])
    for name in ("pandas", "papermill", "nbconvert"):
        assert "<" in deps[name], f"{name} must have an upper bound on its major version"
