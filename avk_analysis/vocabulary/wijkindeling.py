"""The wijken of the 22 gemeenten: their codes, their names as the CBS writes them, their gemeente.

Read from the wijk boundaries the maps use (a PDOK download when there is one, else the shipped
2025 set; in a report kernel the build's copy in ``data/processed/``), so the wijk pages, the
maps and the KWB wijk rows share one list. Only the properties are read (plain JSON), never the
shapes, so listing the wijken is fast.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from avk_analysis.vocabulary import paths

COLLECTION = "wijk_gegeneraliseerd"  # PDOK's collection of generalised wijk boundaries


def boundary_file() -> Path:
    """Return the GeoJSON of the wijk boundaries the maps use now."""
    year = paths.BOUNDARY_YEAR
    if paths.processed_only():
        folder = paths.processed_dir() / paths.PROCESSED_BOUNDARIES_DIR / COLLECTION / str(year)
        origin = json.loads((folder / paths.BOUNDARY_ORIGIN_FILE).read_text(encoding="utf-8"))
        paths.note_read(folder / str(origin["bestand"]))
        return folder / str(origin["bestand"])
    downloaded = paths.pdok_cache_file(COLLECTION, year)
    if downloaded.exists():
        return downloaded
    shipped = paths.shipped_boundary_file("wijk", year)
    if shipped is None:
        raise FileNotFoundError(f"Geen wijkgrenzen van {year} meegeleverd.")
    return shipped


@cache
def _read(file: str, stamp: tuple[int, int]) -> tuple[tuple[str, str, str], ...]:
    data = json.loads(Path(file).read_text(encoding="utf-8"))
    rows = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        code = str(props.get("statcode", "")).strip()
        if code.startswith("WK") and len(code) == 8:
            rows.append((code, str(props.get("statnaam", "")).strip(), "GM" + code[2:6]))
    return tuple(sorted(rows))


def wijken() -> tuple[tuple[str, str, str], ...]:
    """Return (wijkcode, name as the CBS writes it, gemeentecode) of every wijk, by code."""
    file = boundary_file()
    st = file.stat()
    return _read(str(file), (st.st_size, st.st_mtime_ns))


def codes() -> list[str]:
    """Return the codes of every wijk (WK + gemeente number + wijk number)."""
    return [code for code, _name, _gemeente in wijken()]


def name(code: str) -> str:
    """Return the name of a wijk as the CBS writes it; KeyError for an unknown code."""
    for wijk, naam, _gemeente in wijken():
        if wijk == code:
            return naam
    raise KeyError(f"{code} is geen wijk van de 22 gemeenten in Groningen en Drenthe")


def gemeente_of(code: str) -> str:
    """Return the gemeentecode of a wijk; KeyError for an unknown code."""
    for wijk, _naam, gemeente in wijken():
        if wijk == code:
            return gemeente
    raise KeyError(f"{code} is geen wijk van de 22 gemeenten in Groningen en Drenthe")
