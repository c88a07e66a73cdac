"""The files of ``data/processed/`` and their integrity record (``build.json``).

The build writes the tables and records their checksums in ``build.json``; the loader and a
skipped build check them, so a truncated or edited table is never read as if it were fine. Besides
the fixed tables (``TABLES``) the build writes the disclosure-controlled programme tables, one
folder per programme year: ``programma/<jaar>/<tabel>.parquet`` and ``programma/<jaar>/info.json``
(the workbook's year, status, file name and counts); they are checked the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import sha256_file

INDICATORS_FILE = "indicatoren.parquet"
REFERENCES_FILE = "referenties.parquet"
SOURCES_FILE = "bronnen.json"
MICRODATA_FILE = "microdata.parquet"  # the cells of the microdata exports, one value per cell
BUILD_FILE = "build.json"
TABLES = (INDICATORS_FILE, REFERENCES_FILE, SOURCES_FILE, MICRODATA_FILE)
PROGRAMME_DIR = "programma"
PROGRAMME_INFO = "info.json"
REFERENCE_DIR = "referentie"  # copy of data/raw/reference/ for the pages
# the boundaries the maps use: <collection>/<year>/ with their sidecar, and the drawing paths
# of the wijken (``kaart/``)
BOUNDARIES_DIR = paths.PROCESSED_BOUNDARIES_DIR
BOUNDARY_ORIGIN = paths.BOUNDARY_ORIGIN_FILE
MAP_PATHS_DIR = "kaart"
FOLDERS = (PROGRAMME_DIR, REFERENCE_DIR, BOUNDARIES_DIR)
REBUILD_HINT = paths.REBUILD_HINT
# the processed figures are on the gemeenten of this year (harmonised), so maps use its boundaries
BOUNDARY_YEAR = paths.BOUNDARY_YEAR


class ProcessedDataError(RuntimeError):
    """A table in ``data/processed/`` is missing, corrupt or does not match its build record."""


def path(name: str) -> Path:
    """Return the path of one processed file."""
    return paths.processed_dir() / name


def programme_file(jaar: int, name: str) -> str:
    """Return the processed name of one programme file, e.g. ``programma/2025/doelen.parquet``."""
    return f"{PROGRAMME_DIR}/{int(jaar)}/{name}"


def folder_files(folders: tuple[str, ...] = FOLDERS) -> list[str]:
    """Return the processed names of every file under the build's folders (sorted)."""
    root = paths.processed_dir()
    out = []
    for folder in folders:
        base = path(folder)
        if base.is_dir():
            out += [p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file()]
    return sorted(out)


def programme_files() -> list[str]:
    """Return the processed names of every file under ``programma/`` (sorted)."""
    return folder_files((PROGRAMME_DIR,))


def programme_years(record: dict) -> list[int]:
    """Return the programme years a build record holds tables for (from its checksums)."""
    pattern = re.compile(rf"{PROGRAMME_DIR}/(\d{{4}})/{re.escape(PROGRAMME_INFO)}")
    names = record.get("checksums") or {}
    return sorted(int(m.group(1)) for name in names if (m := pattern.fullmatch(name)))


def checksums() -> dict[str, str]:
    """Return the SHA-256 of every processed table that exists (programme tables included)."""
    names = [name for name in TABLES if path(name).exists()] + folder_files()
    return {name: sha256_file(path(name)) for name in names}


def build_record() -> dict | None:
    """Return the last build's record (``build.json``), or None when there is none or it is bad."""
    file = path(BUILD_FILE)
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def problems() -> list[str]:
    """Return what is wrong with data/processed/ (Dutch; empty when every table is intact)."""
    record = build_record()
    if record is None:
        return [f"{rel(path(BUILD_FILE))} ontbreekt of is onleesbaar"]
    expected = record.get("checksums") or {}
    recorded = [n for n in expected if n.split("/", 1)[0] in FOLDERS]
    out = []
    for name in [*TABLES, *sorted(set(recorded) | set(folder_files()))]:
        file = path(name)
        if not file.exists():
            out.append(f"{rel(file)} ontbreekt")
        elif name in expected and sha256_file(file) != expected[name]:
            out.append(f"{rel(file)} is beschadigd of gewijzigd na de bouw (checksum wijkt af)")
        elif name not in expected:
            out.append(f"{rel(file)} staat niet in {BUILD_FILE}")
    return out


# file → (its stat when its checksum last matched, that checksum): a file that was not touched
# since is not hashed again (a page reads the same tables many times)
_VERIFIED: dict[str, tuple[tuple[int, int, int], str]] = {}


def stat_key(file: Path) -> tuple[int, int, int]:
    """Return what changes when a file is replaced or written: inode, size, modification time."""
    st = file.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def verified_checksum(name: str) -> str:
    """Return the checksum a processed file was verified against (after :func:`require`)."""
    return _VERIFIED[str(path(name))][1]


def require(name: str) -> Path:
    """Return a processed table's path after checking it; ProcessedDataError says what to run."""
    file = path(name)
    if not file.exists():
        raise ProcessedDataError(f"{rel(file)} ontbreekt. {REBUILD_HINT}")
    record = build_record() or {}
    expected = (record.get("checksums") or {}).get(name)
    if expected is None:
        raise ProcessedDataError(
            f"{rel(file)} heeft geen bouwverslag ({BUILD_FILE}) en is dus niet te controleren. "
            + REBUILD_HINT
        )
    paths.note_read(file)
    key = stat_key(file)
    if _VERIFIED.get(str(file)) == (key, expected):
        return file
    if sha256_file(file) != expected:
        raise ProcessedDataError(
            f"{rel(file)} is beschadigd of na de bouw gewijzigd (de checksum klopt niet met "
            f"{BUILD_FILE}). {REBUILD_HINT}"
        )
    _VERIFIED[str(file)] = (key, expected)
    return file


def rel(file: Path) -> str:
    """Return a path relative to the project root when possible (for messages)."""
    try:
        return file.relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(file)


# --- frames with mixed cells ('<10' next to 15) in parquet ----------------------------------------
# A published table holds object columns that mix numbers, suppression markers and missing values.
# Parquet columns have one type, so such a column is stored as JSON text per cell (15, 15.0, "<10",
# NA, null) and read back to exactly the same Python values; the original dtypes are kept too.
_ENCODED = "_json_kolommen"
_DTYPES = "_dtypes"
_NA = "NA"


def _encode(value: object) -> str | None:
    if value is None:
        return None
    if value is pd.NA:
        return _NA
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # a numpy scalar: the Python number it stands for
    if isinstance(value, bool | int | float | str):
        return json.dumps(value)
    raise TypeError(f"Waarde {value!r} ({type(value).__name__}) kan niet worden opgeslagen")


def _decode(text: object) -> object:
    if text is None or (isinstance(text, float) and text != text):
        return None
    return pd.NA if text == _NA else json.loads(str(text))


def write_frame(df: pd.DataFrame, target: Path) -> None:
    """Write a (published) frame to parquet so that ``read_frame`` returns it cell for cell."""
    out = df.copy()
    encoded = [str(c) for c in out.columns if out[c].dtype == object]
    for col in encoded:
        out[col] = pd.Series([_encode(v) for v in out[col]], index=out.index, dtype=object)
    out.attrs = {
        **df.attrs,
        _ENCODED: encoded,
        _DTYPES: {str(c): str(t) for c, t in df.dtypes.items()},
    }
    out.to_parquet(target, index=False)


def read_frame(file: Path) -> pd.DataFrame:
    """Read a frame written by ``write_frame`` (mixed cells and dtypes as they were written)."""
    df = pd.read_parquet(file)
    attrs = dict(df.attrs)
    encoded, dtypes = attrs.pop(_ENCODED, []), attrs.pop(_DTYPES, {})
    for col in encoded:
        df[col] = pd.Series([_decode(v) for v in df[col]], index=df.index, dtype=object)
    for col, dtype in dtypes.items():
        if col not in encoded and str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    df.attrs = attrs
    return df
