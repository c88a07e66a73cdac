"""The fingerprint of a report's inputs and the manifest that tells a current report apart."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from avk_analysis.vocabulary import paths

MANIFEST = "manifest.json"
# Scratch work of analysts: never part of the report, so never a reason to rebuild it.
# ``notebooks/verkenning/`` (any notebook in it) and the exploration notebook ``verkenning.*``.
SCRATCH = "verkenning"
_FINGERPRINT_PACKAGES = ("nbconvert", "papermill", "nbclient", "ipykernel", "pandas", "matplotlib")


def is_scratch(rel: Path) -> bool:
    """Tell whether a path under ``notebooks/`` is scratch (``verkenning/``, ``verkenning.*``)."""
    return bool(rel.parts) and (rel.parts[0] == SCRATCH or Path(rel.parts[0]).stem == SCRATCH)


def _tree_files(
    root: Path, *, skip_suffixes: tuple[str, ...] = (), scratch: bool = False
) -> dict[str, str]:
    """Return ``{relative path: sha256}`` of every regular, non-hidden file under ``root``."""
    out: dict[str, str] = {}
    if not root.exists():
        return out
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if scratch and is_scratch(rel):
            continue
        if not file.is_file() or file.suffix in skip_suffixes:
            continue
        out[rel.as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


def _digest(files: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode())
    return digest.hexdigest()


def parts(build_fingerprint: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Return the parts of a report's fingerprint: data, parameters, packages, notebooks, code.

    ``notebooks`` holds one digest per notebook file (so a rebuild can name the file that
    changed); scratch work under ``notebooks/verkenning/`` is left out.
    """
    versions = []
    for package in _FINGERPRINT_PACKAGES:
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=-")
    return {
        "gegevens": build_fingerprint,
        "parameters": json.loads(json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False)),
        "pakketten": versions,
        "notebooks": _tree_files(paths.notebooks_dir(), scratch=True),
        "code": _digest(_tree_files(paths.package_dir(), skip_suffixes=(".pyc",))),
    }


def fingerprint_of(fingerprint_parts: Mapping[str, Any]) -> str:
    """Return the fingerprint (one hex digest) of the parts from :func:`parts`."""
    text = json.dumps(dict(fingerprint_parts), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(build_fingerprint: str, parameters: Mapping[str, Any]) -> str:
    """Return the fingerprint of everything a report depends on (data, notebooks, code, params)."""
    return fingerprint_of(parts(build_fingerprint, parameters))


def _listed(names: Sequence[str]) -> str:
    shown = list(names[:3]) + ([f"nog {len(names) - 3}"] if len(names) > 3 else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]


def rebuild_reason(outdir: Path, fingerprint_parts: Mapping[str, Any]) -> str:
    """Return one Dutch line saying why the report in ``outdir`` is made again (what changed)."""
    try:
        old = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"Nieuw gemaakt: er staat nog geen (leesbaar) rapport in {outdir.name}/."
    before = old.get("onderdelen") if isinstance(old, dict) else None
    if not isinstance(before, dict):
        return "Opnieuw gemaakt: het vorige rapport is van een oudere versie van de monitor."
    why = []
    if before.get("gegevens") != fingerprint_parts["gegevens"]:
        why.append("de gegevens in data/processed/ zijn veranderd")
    if before.get("parameters") != fingerprint_parts["parameters"]:
        why.append("andere keuzes (jaar, Veenkoloniën of pagina's)")
    if before.get("pakketten") != fingerprint_parts["pakketten"]:
        why.append("andere versies van de rekenpakketten")
    old_nb = before.get("notebooks") if isinstance(before.get("notebooks"), dict) else {}
    new_nb = fingerprint_parts["notebooks"]
    changed = sorted(n for n in set(old_nb) | set(new_nb) if old_nb.get(n) != new_nb.get(n))
    if changed:
        files = _listed([f"notebooks/{n}" for n in changed])
        why.append(
            ("dit notebook veranderde: " if len(changed) == 1 else "deze notebooks veranderden: ")
            + files
        )
    if before.get("code") != fingerprint_parts["code"]:
        why.append("de code van de monitor (avk_analysis/) is veranderd")
    if not why:
        pages = old.get("paginas") if isinstance(old.get("paginas"), dict) else {}
        missing = [name for name in pages if not (outdir / name).is_file()]
        return (
            "Opnieuw gemaakt: pagina's in "
            + outdir.name
            + "/ zijn verwijderd of gewijzigd"
            + (f" ({_listed(missing)})." if missing else ".")
        )
    return "Opnieuw gemaakt omdat " + "; ".join(why) + "."


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
    fingerprint_parts: Mapping[str, Any] | None = None,
    records: Mapping[str, Any] | None = None,
) -> None:
    """Write the manifest (no timestamps) of the pages in ``staging`` into ``staging``.

    ``families`` holds, per page family of the declaration with one page per value, the values
    that got a page (``{"gemeente": ["GM0014", ...]}``); ``records`` what each job depended on
    (see :mod:`~avk_analysis.report.runner.incremental`), so the next run makes only what changed.
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
    if fingerprint_parts is not None:
        record["onderdelen"] = dict(fingerprint_parts)
    if records is not None:
        record["taken"] = dict(records)
    text = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (staging / MANIFEST).write_text(text, encoding="utf-8", newline="\n")
