"""environment.yml and environment-dev.yml (conda) mirror pyproject.toml (the source of truth)."""

from __future__ import annotations

import re
import tomllib

import yaml

from avk_analysis.vocabulary import paths

# PyPI name → conda-forge name where they differ (checked on conda-forge)
CONDA_NAMES = {"playwright": "playwright-python"}
# PyPI-only packages: they go into the pip section of environment.yml
PIP_ONLY = {"jupyterlab-language-pack-nl-nl", "axe-playwright-python"}
# Every conda-forge name listed was checked to exist there; a new dependency is added here only
# after checking it (https://anaconda.org/conda-forge/<naam>), so conda can solve the file.
CHECKED_ON_CONDA_FORGE = {
    "pandas", "numpy", "pyarrow", "pandera", "requests", "urllib3", "openpyxl", "geopandas",
    "pyogrio", "shapely", "mapclassify", "matplotlib", "seaborn", "papermill", "nbconvert",
    "nbformat", "ipykernel", "jupytext", "jupyterlab", "ipython", "jinja2", "beautifulsoup4",
    "traitlets", "pyyaml", "pytest", "pytest-xdist", "ruff", "pre-commit", "nbstripout",
    "playwright-python", "pyreadstat", "scipy", "psutil",
}  # fmt: skip


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*([^#]*)", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _project() -> dict:
    return tomllib.loads((paths.project_root() / "pyproject.toml").read_text())["project"]


def _env(name: str) -> dict:
    return yaml.safe_load((paths.project_root() / name).read_text(encoding="utf-8"))


def _conda(env: dict) -> dict[str, str]:
    return dict(_split(d) for d in env["dependencies"] if isinstance(d, str))


def _pip(env: dict) -> dict[str, str]:
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    lines = pip[0]["pip"] if pip else []
    return dict(_split(line) for line in lines if not line.startswith("-"))


def _as_conda(requirements: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Return (conda-forge name → spec, pip-only name → spec) of PyPI requirements."""
    conda, pip = {}, {}
    for name, spec in (_split(r) for r in requirements):
        if name in PIP_ONLY:
            pip[name] = spec
        else:
            conda[CONDA_NAMES.get(name, name)] = spec
    return conda, pip


def test_environment_yml_has_the_runtime_dependencies_under_conda_forge_names() -> None:
    project = _project()
    env = _env("environment.yml")
    conda, pip = _as_conda(project["dependencies"])
    listed = _conda(env)
    assert listed.pop("python") == project["requires-python"]
    assert listed.pop("pip") == ""
    assert listed == conda
    assert _pip(env) == pip
    assert "conda-forge" in env["channels"]
    assert "-e . --no-deps" in next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))


def test_dev_tools_are_separate_in_environment_dev_yml() -> None:
    project = _project()
    runtime = set(_conda(_env("environment.yml")))
    dev, dev_pip = _as_conda(project["optional-dependencies"]["dev"])
    env = _env("environment-dev.yml")
    listed = _conda(env)
    listed.pop("pip", None)
    assert listed == dev
    assert _pip(env) == dev_pip
    assert not runtime & set(dev), "dev tools do not belong in the analysts' environment"


def test_every_conda_name_was_checked_on_conda_forge() -> None:
    names = set(_conda(_env("environment.yml"))) | set(_conda(_env("environment-dev.yml")))
    unchecked = names - CHECKED_ON_CONDA_FORGE - {"python", "pip"}
    assert not unchecked, f"check these on conda-forge, then add them above: {sorted(unchecked)}"


def test_licence_is_an_spdx_string() -> None:
    assert _project()["license"] == "MIT"  # a table ({text = ...}) makes setuptools warn


def test_key_tools_are_pinned_to_a_major_version() -> None:
    deps = dict(_split(r) for r in _project()["dependencies"])
    for name in ("pandas", "papermill", "nbconvert"):
        assert "<" in deps[name], f"{name} must have an upper bound on its major version"
