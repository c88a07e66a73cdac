"""The fingerprint of a report's inputs and the manifest that tells a current report apart."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from avk_analysis import paths

MANIFEST = "manifest.json"
_FINGERPRINT_PACKAGES = ("nbconvert", "papermill", "nbclient", "ipykernel", "pandas", "matplotlib")


def _hash_tree(digest: Any, root: Path, *, skip_suffixes: tuple[str, ...] = ()) -> None:
    """Feed every regular, non-hidden file under ``root`` (sorted) into ``digest``."""
    if not root.exists():
        return
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if not file.is_file() or file.suffix in skip_suffixes:
            continue
        digest.update(rel.as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())


def fingerprint(build_fingerprint: str, parameters: Mapping[str, Any]) -> str:
    """Return the fingerprint of everything a report depends on (data, notebooks, code, params)."""
    digest = hashlib.sha256()
    digest.update(build_fingerprint.encode())
    digest.update(json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False).encode())
    for package in _FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    _hash_tree(digest, paths.notebooks_dir())
    _hash_tree(digest, paths.package_dir(), skip_suffixes=(".pyc",))
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(outdir: Path, fp: str) -> bool:
    """Tell whether ``outdir`` holds a complete, unmodified report for fingerprint ``fp``."""
    try:
        manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("vingerafdruk") != fp:
            return False
        return all(_sha256(outdir / name) == digest for name, digest in manifest["paginas"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def write(
    staging: Path,
    *,
    jaar: int,
    veenkolonien: str,
    families: Mapping[str, Sequence[str]],
    statuses: Mapping[str, int],
    fp: str,
) -> None:
    """Write the manifest (no timestamps) of the pages in ``staging`` into ``staging``.

    ``families`` holds, per page family of the declaration with one page per value, the values
    that got a page (``{"gemeente": ["GM0014", ...]}``).
    """
    pages = sorted(p.name for p in staging.glob("*.html"))
    record = {
        "jaar": jaar,
        "veenkolonien": veenkolonien,
        "families": {name: list(values) for name, values in families.items()},
        "statussen": {k: int(v) for k, v in sorted(statuses.items())},
        "vingerafdruk": fp,
        "paginas": {name: _sha256(staging / name) for name in pages},
    }
    text = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (staging / MANIFEST).write_text(text, encoding="utf-8", newline="\n")
