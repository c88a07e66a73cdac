"""Download registry tables from CBS and store the API's answers verbatim, with provenance.

Layout of one download (also used by the demo snapshot)::

    <root>/<table>/<YYYY-MM-DD>/
        TableInfos.json            DataProperties.json
        <Dimension>.json           one per non-region dimension (e.g. Perioden.json)
        <Region>_NNN.json          region dimension (GeoDimension/GeoDetail), filtered on its
                                   ``Key`` to our area (one file per answer)
        UntypedDataSet_NNN.json    data pages from the bulk feed, filtered to our area
        requests.json              which URL each file answers
        provenance.json            sidecar: status, table, URL, retrieval time, Modified, checksums

Raw data is immutable: an existing dated directory is never overwritten.

``refresh()`` tries every table (one failing table never stops the others) and returns one
``TableResult`` per table. It also writes the outcome of that refresh to
``<cbs_raw_dir>/verversing.json`` (read it back with ``last_refresh()``)::

    {
      "versie": 1,
      "tijdstip": "2025-06-01T09:30:00+00:00",   # start of the refresh, UTC, ISO 8601
      "bron": "https://opendata.cbs.nl",           # the CBS host asked
      "tabellen": [                                # registry order (or the order asked)
        {
          "tabel": "85618NED",
          "uitkomst": "nieuw",                     # nieuw | ongewijzigd | niet gevonden | fout
          "reden": "nieuwe versie opgeslagen ...", # Dutch, for people
          "map": "data/raw/cbs/85618NED/2025-06-01",  # relative to the project root, or null
          "cbs_gewijzigd": "2025-05-20T02:00:00",  # TableInfos.Modified, "" when unknown
          "rijen": 1234                            # data rows stored, null when unknown
        }
      ]
    }

Keys are sorted, the file ends with a newline; the same refresh gives the same bytes.
``last_refresh()`` returns the ``tabellen`` list, each entry with ``tijdstip`` added (None when
no refresh has been recorded).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from avk_analysis.sources.cbs import metadata
from avk_analysis.sources.cbs import tables as registry
from avk_analysis.sources.cbs.client import (
    DIMENSION_KEY,
    CbsClient,
    CbsError,
    CbsNotFound,
    Response,
    dimension_keys,
    startswith_filter,
)
from avk_analysis.vocabulary import paths, regions
from avk_analysis.vocabulary.provenance import (
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
REFRESH_FILE = "verversing.json"
REFRESH_FORMAT = 1

OUTCOME_NEW = "nieuw"
OUTCOME_UNCHANGED = "ongewijzigd"
OUTCOME_NOT_FOUND = "niet gevonden"
OUTCOME_ERROR = "fout"
OUTCOMES = (OUTCOME_NEW, OUTCOME_UNCHANGED, OUTCOME_NOT_FOUND, OUTCOME_ERROR)


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


def prefix_chunks(
    dimension: str, prefixes: list[str], max_chars: int = MAX_FILTER_CHARS
) -> list[list[str]]:
    """Split ``prefixes`` so that a ``startswith`` filter on ``dimension`` stays short."""
    chunks: list[list[str]] = [[]]
    for prefix in prefixes:
        trial = chunks[-1] + [prefix]
        if chunks[-1] and len(startswith_filter(dimension, trial)) > max_chars:
            chunks.append([prefix])
        else:
            chunks[-1] = trial
    return [chunk for chunk in chunks if chunk]


def filter_chunks(
    dimension: str, prefixes: list[str], max_chars: int = MAX_FILTER_CHARS
) -> list[str]:
    """Split a ``startswith`` filter over ``prefixes`` into filters of at most ``max_chars``."""
    return [startswith_filter(dimension, c) for c in prefix_chunks(dimension, prefixes, max_chars)]


def paired_filters(geo: str, prefixes: list[str]) -> list[tuple[str, str]]:
    """Return (data-feed filter on ``geo``, dimension-set filter on ``Key``) per prefix chunk.

    The data rows carry the region in a property named after the dimension; the dimension's own
    entity set has ``Key``, ``Title``, ... and must be filtered on ``Key`` (CBS answers 400 to a
    filter on the dimension name there). Both use the same chunks.
    """
    return [
        (startswith_filter(geo, chunk), startswith_filter(DIMENSION_KEY, chunk))
        for chunk in prefix_chunks(geo, prefixes)
    ]


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
    return _download(table_id, client, dest, now=now, include_buurten=include_buurten)[0]


def _download(
    table_id: str,
    client: CbsClient | None = None,
    dest: Path | None = None,
    *,
    now: datetime | None = None,
    include_buurten: bool = True,
) -> tuple[Path, int]:
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
        prefixes = area_prefixes(spec.kind, include_buurten=include_buurten)
        # The data feed is filtered on the dimension's name, the dimension's own entity set on
        # its ``Key`` property (its rows are Key, Title, ...): CBS answers 400 otherwise.
        pairs = paired_filters(geo, prefixes)
        filters = [data_filter for data_filter, _key in pairs]
        key_filters = [key_filter for _data, key_filter in pairs]
        for dim in dimension_keys(props):
            url = client.api_url(table_id, dim)
            if dim == geo:
                pages = [
                    page
                    for flt in key_filters
                    for page in client.iter_pages(url, table_id=table_id, params={"$filter": flt})
                ]
                for n, page in enumerate(pages, start=1):
                    _write(tmp, _numbered(dim, n), page, done)
            else:
                _write_pages(tmp, dim, list(client.iter_pages(url, table_id=table_id)), done)
        n = 0
        n_rows = 0
        for flt in filters:
            for page in client.data_pages(table_id, filter=flt):
                n += 1
                n_rows += len(page.value)
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
    return target, n_rows


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


@dataclass(frozen=True)
class TableResult:
    """The outcome of refreshing one table: nieuw, ongewijzigd, niet gevonden or fout."""

    table_id: str
    outcome: str  # one of OUTCOMES
    reason: str  # Dutch, for people
    path: Path | None = None  # the download written (nieuw) or kept (ongewijzigd)
    modified: str = ""  # CBS TableInfos.Modified, "" when unknown
    rows: int | None = None  # data rows in ``path``

    @property
    def ok(self) -> bool:
        """Tell whether the table is up to date (nieuw or ongewijzigd)."""
        return self.outcome in (OUTCOME_NEW, OUTCOME_UNCHANGED)

    def to_dict(self) -> dict:
        """Return the record as stored in ``verversing.json`` (Dutch keys)."""
        return {
            "tabel": self.table_id,
            "uitkomst": self.outcome,
            "reden": self.reason,
            "map": _display_path(self.path),
            "cbs_gewijzigd": self.modified,
            "rijen": self.rows,
        }

    def summary(self) -> str:
        """Return one Dutch summary line (``85618NED: nieuw (...)``)."""
        return f"{self.table_id}: {self.outcome} ({self.reason})"


def _display_path(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).resolve().relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def stored_rows(directory: Path) -> int:
    """Return the number of data rows in a stored download directory."""
    total = 0
    for file in sorted(Path(directory).glob(f"{DATA_ENTITY}*.json")):
        try:
            total += len(json.loads(file.read_text(encoding="utf-8")).get("value", []))
        except ValueError:
            continue
    return total


def refresh_table(
    table_id: str,
    client: CbsClient,
    root: Path,
    *,
    now: datetime | None = None,
) -> TableResult:
    """Refresh one table (download when CBS ``Modified`` changed); never raises a CbsError."""
    modified = ""
    try:
        registry.get(table_id)
        modified = str(client.table_infos(table_id).get("Modified") or "")
        newest = newest_download(table_id, root)
        if newest is not None and modified and read_provenance(newest).modified == modified:
            log.info(
                "CBS %s ongewijzigd sinds %s (Modified %s): overgeslagen",
                table_id,
                newest.name,
                modified,
            )
            return TableResult(
                table_id,
                OUTCOME_UNCHANGED,
                f"CBS-versie {modified} is al opgeslagen ({newest.name})",
                newest,
                modified,
                stored_rows(newest),
            )
        target, n_rows = _download(table_id, client, root, now=now)
        return TableResult(
            table_id,
            OUTCOME_NEW,
            f"nieuwe CBS-versie {modified or '(onbekend)'} opgeslagen, {n_rows} rijen",
            target,
            modified,
            n_rows,
        )
    except CbsNotFound as exc:
        log.warning("CBS %s: niet gevonden (%s)", table_id, exc.url or exc)
        return TableResult(
            table_id,
            OUTCOME_NOT_FOUND,
            "CBS kent deze tabel niet (HTTP 404): niet (meer) gepubliceerd of een verkeerd "
            "tabel-id in het register",
            modified=modified,
        )
    except KeyError as exc:
        return TableResult(table_id, OUTCOME_ERROR, str(exc.args[0]), modified=modified)
    except (CbsError, OSError, ValueError) as exc:
        log.warning("CBS %s: verversen mislukt: %s", table_id, exc)
        return TableResult(table_id, OUTCOME_ERROR, _short(str(exc)), modified=modified)


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def refresh(
    tables: list[str] | None = None,
    client: CbsClient | None = None,
    dest: Path | None = None,
    *,
    now: datetime | None = None,
) -> list[TableResult]:
    """Try every (or every given) registry table; return one ``TableResult`` per table.

    A table whose newest stored download has the same ``Modified`` as CBS reports now is
    ``ongewijzigd``; a 404 is ``niet gevonden``; any other failure is ``fout`` with the reason.
    Failures never stop the tables after them. The results are written to
    ``<dest>/verversing.json`` (see the module docstring).
    """
    client = client or CbsClient()
    root = Path(dest) if dest is not None else paths.cbs_raw_dir()
    started = now or datetime.now(UTC)
    results = [
        refresh_table(table_id, client, root, now=now)
        for table_id in (tables or registry.table_ids())
    ]
    write_refresh(results, root, when=started, source=client.base_url)
    return results


def write_refresh(
    results: list[TableResult], root: Path, *, when: datetime, source: str = ""
) -> Path:
    """Write ``verversing.json`` (deterministic: sorted keys, fixed layout) and return its path."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    record = {
        "versie": REFRESH_FORMAT,
        "tijdstip": when.astimezone(UTC).isoformat(timespec="seconds"),
        "bron": source,
        "tabellen": [r.to_dict() for r in results],
    }
    target = root / REFRESH_FILE
    tmp = target.with_name(f".{REFRESH_FILE}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    os.replace(tmp, target)
    return target


def last_refresh(root: Path | None = None) -> list[dict] | None:
    """Return the per-table records of the last refresh (with ``tijdstip``), or None."""
    target = Path(root or paths.cbs_raw_dir()) / REFRESH_FILE
    if not target.exists():
        return None
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
    except ValueError:
        log.warning("%s is geen geldige JSON; genegeerd", target)
        return None
    when = record.get("tijdstip")
    return [{**row, "tijdstip": when} for row in record.get("tabellen", [])]


READER_OUTCOMES = {
    "nieuw": "nieuw opgehaald",
    "ongewijzigd": "ongewijzigd bij het CBS",
    "niet gevonden": "niet gevonden bij het CBS",
    "fout": "mislukt (fout bij het ophalen)",
}


def refresh_outcomes(*, detail: bool = True) -> dict[str, str]:
    """Return per table what the last ``avk-monitor data`` did (Dutch), if it ever ran.

    ``detail`` adds the full reason (for the terminal); without it the text is short and holds
    no URL or time of day, as a published page needs.
    """
    entries = last_refresh() or []
    out = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("tabel"):
            continue
        outcome = str(entry.get("uitkomst", ""))
        when = str(entry.get("tijdstip") or "")[:10]
        if detail:
            text = outcome + (f": {entry['reden']}" if entry.get("reden") else "")
        else:
            text = READER_OUTCOMES.get(outcome, outcome)
        out[str(entry["tabel"])] = f"{text} ({when})" if when else text
    return out


def summary_lines(results: list[TableResult]) -> list[str]:
    """Return Dutch summary lines: one per table and a closing count."""
    lines = [r.summary() for r in results]
    counts = {o: sum(1 for r in results if r.outcome == o) for o in OUTCOMES}
    lines.append(
        f"CBS: {counts[OUTCOME_NEW]} nieuw, {counts[OUTCOME_UNCHANGED]} ongewijzigd, "
        f"{counts[OUTCOME_NOT_FOUND]} niet gevonden, {counts[OUTCOME_ERROR]} fout."
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m avk_analysis.sources.cbs.download [TABEL ...]``."""
    parser = argparse.ArgumentParser(
        description="Download CBS-tabellen uit het register (alleen gewijzigde tabellen)."
    )
    parser.add_argument("tabellen", nargs="*", help="tabel-id's (standaard: het hele register)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    results = refresh(args.tabellen or None)
    for line in summary_lines(results):
        print(line)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
