"""Download registry tables from CBS and store the API's answers verbatim, with provenance.

Layout of one download (also used by the demo snapshot)::

    <root>/<table>/<YYYY-MM-DD>/
        TableInfos.json            DataProperties.json
        <Dimension>.json           one per non-region dimension (e.g. Perioden.json)
        <GeoDimension>_NNN.json    region dimension, filtered to our area (one file per answer)
        UntypedDataSet_NNN.json    data pages from the bulk feed, filtered to our area
        requests.json              which URL each file answers
        provenance.json            sidecar: status, table, URL, retrieval time, Modified, checksums

Raw data is immutable: an existing dated directory is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from avk_analysis import paths, regions
from avk_analysis.cbs import metadata
from avk_analysis.cbs import tables as registry
from avk_analysis.cbs.client import CbsClient, CbsError, Response, dimension_keys, startswith_filter
from avk_analysis.provenance import (
    CBS_LICENCE,
    SIDECAR_NAME,
    STATUS_REAL,
    Provenance,
    read_provenance,
    write_provenance,
)

log = logging.getLogger(__name__)

DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUESTS_FILE = "requests.json"
DATA_ENTITY = "UntypedDataSet"
MAX_FILTER_CHARS = 1500  # keep URLs well below the server's query-string limit
SOURCE = "CBS StatLine (OData v3)"


# --- our area ---------------------------------------------------------------------------------
def gemeente_numbers() -> list[str]:
    """Return the 4-digit numbers of current and former gemeenten of Groningen and Drenthe."""
    codes = set(regions.gemeente_codes()) | set(regions.crosswalk()["oude_code"])
    return sorted(code[2:] for code in codes)


def area_prefixes(kind: str, *, include_buurten: bool = True) -> list[str]:
    """Return the region-key prefixes that make up our area in a table of ``kind``."""
    numbers = gemeente_numbers()
    if kind == registry.KIND_KWB:
        out = [registry.KWB_COUNTRY_KEY]
        for num in numbers:
            out += [f"GM{num}", f"WK{num}"] + ([f"BU{num}"] if include_buurten else [])
        return out
    return [code for code in regions.areas()["regiocode"]] + [f"GM{num}" for num in numbers]


def area_test() -> Callable[[str], bool]:
    """Return a fast membership test for (stripped) CBS region keys of our area."""
    named = {registry.COUNTRY_CODE, registry.KWB_COUNTRY_KEY, *regions.areas()["regiocode"]}
    numbers = frozenset(gemeente_numbers())

    def test(code: str) -> bool:
        return code in named or (code[:2] in ("GM", "WK", "BU") and code[2:6] in numbers)

    return test


def in_area(code: str) -> bool:
    """Tell whether a (stripped) CBS region key belongs to Groningen/Drenthe, NL or a province."""
    return area_test()(code)


def filter_chunks(
    dimension: str, prefixes: list[str], max_chars: int = MAX_FILTER_CHARS
) -> list[str]:
    """Split a ``startswith`` filter over ``prefixes`` into filters of at most ``max_chars``."""
    chunks: list[list[str]] = [[]]
    for prefix in prefixes:
        trial = chunks[-1] + [prefix]
        if chunks[-1] and len(startswith_filter(dimension, trial)) > max_chars:
            chunks.append([prefix])
        else:
            chunks[-1] = trial
    return [startswith_filter(dimension, chunk) for chunk in chunks if chunk]


# --- stored downloads -------------------------------------------------------------------------
def dated_dirs(table_dir: Path) -> list[Path]:
    """Return the complete dated download directories of one table, oldest first."""
    if not table_dir.is_dir():
        return []
    return sorted(
        p
        for p in table_dir.iterdir()
        if p.is_dir() and DATE_DIR.match(p.name) and (p / SIDECAR_NAME).exists()
    )


def newest_download(table_id: str, root: Path | None = None) -> Path | None:
    """Return the newest stored download of a table under ``root`` (default cbs_raw_dir())."""
    found = dated_dirs(Path(root or paths.cbs_raw_dir()) / table_id)
    return found[-1] if found else None


def _write(directory: Path, name: str, response: Response, log_rows: list[dict]) -> None:
    (directory / name).write_bytes(response.body)
    log_rows.append({"bestand": name, "url": response.url})


def _numbered(entity: str, n: int) -> str:
    return f"{entity}_{n:03d}.json"


def download_table(
    table_id: str,
    client: CbsClient | None = None,
    dest: Path | None = None,
    *,
    now: datetime | None = None,
    include_buurten: bool = True,
) -> Path:
    """Download one registry table into ``<dest>/<table>/<YYYY-MM-DD>/`` and return that dir."""
    spec = registry.get(table_id)
    client = client or CbsClient()
    root = Path(dest) if dest is not None else paths.cbs_raw_dir()
    now = now or datetime.now(UTC)
    day = now.date().isoformat()
    target = root / table_id / day
    if target.exists():
        raise CbsError(
            f"CBS-tabel {table_id}: {target} bestaat al; ruwe data is onveranderlijk en wordt "
            "niet overschreven (download morgen opnieuw of verwijder de map bewust)",
            table_id=table_id,
        )
    tmp = root / table_id / f".{day}.partial-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    done: list[dict] = []
    try:
        infos_resp = client.get(client.api_url(table_id, "TableInfos"), table_id=table_id)
        _write(tmp, "TableInfos.json", infos_resp, done)
        infos = infos_resp.value[0] if infos_resp.value else {}
        props_pages = list(
            client.iter_pages(client.api_url(table_id, "DataProperties"), table_id=table_id)
        )
        props = [row for page in props_pages for row in page.value]
        _write_pages(tmp, "DataProperties", props_pages, done)
        geo = metadata.geo_dimension(table_id, props)
        filters = filter_chunks(geo, area_prefixes(spec.kind, include_buurten=include_buurten))
        for dim in dimension_keys(props):
            url = client.api_url(table_id, dim)
            if dim == geo:
                pages = [
                    page
                    for flt in filters
                    for page in client.iter_pages(url, table_id=table_id, params={"$filter": flt})
                ]
                for n, page in enumerate(pages, start=1):
                    _write(tmp, _numbered(dim, n), page, done)
            else:
                _write_pages(tmp, dim, list(client.iter_pages(url, table_id=table_id)), done)
        n = 0
        for flt in filters:
            for page in client.data_pages(table_id, filter=flt):
                n += 1
                _write(tmp, _numbered(DATA_ENTITY, n), page, done)
        (tmp / REQUESTS_FILE).write_text(
            json.dumps(done, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        write_provenance(
            tmp,
            Provenance(
                source=SOURCE,
                title=str(infos.get("Title") or spec.title).strip(),
                url=client.api_url(table_id),
                retrieved=now.isoformat(timespec="seconds"),
                licence=CBS_LICENCE,
                status=STATUS_REAL,
                table_id=table_id,
                modified=str(infos.get("Modified") or ""),
                notes=_notes(spec, filters),
            ),
        )
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("CBS %s opgeslagen in %s (%d bestanden)", table_id, target, len(done))
    return target


def _write_pages(directory: Path, entity: str, pages: list[Response], done: list[dict]) -> None:
    if len(pages) == 1:
        _write(directory, f"{entity}.json", pages[0], done)
        return
    for n, page in enumerate(pages, start=1):
        _write(directory, _numbered(entity, n), page, done)


def _notes(spec: registry.TableSpec, filters: list[str]) -> str:
    area = "Nederland, Groningen en Drenthe en hun (voormalige) gemeenten"
    if spec.kind == registry.KIND_KWB:
        area += ", met hun wijken en buurten"
    return (
        f"Ruwe antwoorden van de CBS OData v3-API, ongewijzigd opgeslagen. {spec.title}. "
        f"Gefilterd op {area} ({len(filters)} filter(s) met startswith op de regiodimensie). "
        f"Welke URL bij welk bestand hoort staat in {REQUESTS_FILE}."
    )


def refresh(
    tables: list[str] | None = None,
    client: CbsClient | None = None,
    dest: Path | None = None,
    *,
    now: datetime | None = None,
) -> list[Path]:
    """Download all (or the given) registry tables whose CBS ``Modified`` changed.

    A table whose newest stored download has the same ``Modified`` as CBS reports now is
    skipped. Returns the directories that were written.
    """
    client = client or CbsClient()
    root = Path(dest) if dest is not None else paths.cbs_raw_dir()
    written: list[Path] = []
    for table_id in tables or registry.table_ids():
        modified = str(client.table_infos(table_id).get("Modified") or "")
        newest = newest_download(table_id, root)
        if newest is not None and modified and read_provenance(newest).modified == modified:
            log.info(
                "CBS %s ongewijzigd sinds %s (Modified %s): overgeslagen",
                table_id,
                newest.name,
                modified,
            )
            continue
        written.append(download_table(table_id, client, root, now=now))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m avk_analysis.cbs.download [TABEL ...]``."""
    parser = argparse.ArgumentParser(
        description="Download CBS-tabellen uit het register (alleen gewijzigde tabellen)."
    )
    parser.add_argument("tabellen", nargs="*", help="tabel-id's (standaard: het hele register)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        written = refresh(args.tabellen or None)
    except (CbsError, KeyError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    if not written:
        print("Niets nieuws: alle tabellen zijn ongewijzigd.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
