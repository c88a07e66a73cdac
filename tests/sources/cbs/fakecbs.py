"""Test helpers: a local fake of the CBS OData v3 API and builders of CBS-shaped JSON.

The server listens on 127.0.0.1 only, answers recorded responses per path (``recorded.py`` builds
them from CBS's real answers), and can delay, fail with HTTP 5xx or reset the connection, so
retries can be tested without network.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from avk_analysis.vocabulary.provenance import (
    CBS_LICENCE,
    STATUS_REAL,
    Provenance,
    write_provenance,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Reply:
    """One canned answer: status and body, optionally after a delay or as a connection reset."""

    body: bytes = b""
    status: int = 200
    delay: float = 0.0
    reset: bool = False


def odata(entity: str, value: list, *, base: str = "http://x/ODataApi/odata/T", **extra) -> dict:
    """Return an OData v3 JSON-light envelope as CBS sends it."""
    return {
        "odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{entity}",
        "value": value,
        **extra,
    }


def json_reply(data: object, status: int = 200) -> Reply:
    """Return a Reply with ``data`` serialised compactly, as CBS does."""
    return Reply(json.dumps(data, separators=(",", ":")).encode("utf-8"), status)


Responder = Callable[[dict[str, str]], Reply]


def filter_prefixes(query: dict[str, str]) -> list[str]:
    """Return the prefixes of a ``startswith`` ``$filter`` (empty if there is none)."""
    return re.findall(r"startswith\(\w+,'([^']*)'\)", query.get("$filter", ""))


def filter_properties(query: dict[str, str]) -> set[str]:
    """Return the property names a ``startswith``/``substringof``/``eq`` ``$filter`` names."""
    text = query.get("$filter", "")
    names = set(re.findall(r"startswith\((\w+),", text))
    names |= set(re.findall(r"substringof\('[^']*',\s*(\w+)\)", text))
    names |= set(re.findall(r"(\w+)\s+eq\s+'", text))
    return names


def bad_property_reply(prop: str, entity: str) -> Reply:
    """Return CBS's answer to a filter on a property the entity set lacks: HTTP 400.

    The envelope is the OData v3 JSON error format CBS uses for all errors (the same shape as
    its 10,000-record refusal); the message text follows WCF Data Services, on which the v3
    API runs. Its exact wording at CBS is not confirmed (see fixtures/README.md).
    """
    return json_reply(
        {
            "odata.error": {
                "code": "",
                "message": {
                    "lang": "en-US",
                    "value": f"No property '{prop}' exists in type 'Cbs.OData.WebAPI.{entity}' "
                    "at position 11.",
                },
            }
        },
        400,
    )


def check_filter(query: dict[str, str], known: set[str], entity: str) -> Reply | None:
    """Return a 400 reply when the ``$filter`` names a property not in ``known``, else None."""
    for prop in sorted(filter_properties(query)):
        if prop not in known:
            return bad_property_reply(prop, entity)
    return None


TOO_MANY_BODY = json.dumps(
    {
        "odata.error": {
            "code": "",
            "message": {"lang": "en-US", "value": "query returns more than 10000 records"},
        }
    }
).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        fake.requests.append((parts.path, query))
        key = parts.path + (f"?$skip={query['$skip']}" if "$skip" in query else "")
        reply = fake.next_reply(key)
        if callable(reply):
            reply = reply(query)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.reset:
            # RST instead of FIN: the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeCbs

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that timed out leaves a broken pipe behind; that is expected


class FakeCbs:
    """A fake CBS host: ``add(path, *replies)``; the last reply of a path repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply | Responder]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """Return ``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, path: str, *replies: Reply | Responder) -> None:
        """Serve ``replies`` in order for ``path`` (add ``?$skip=N`` for a feed page).

        A reply may be a function of the query (e.g. to honour ``$filter``).
        """
        self.routes[path] = list(replies)

    def add_json(self, path: str, data: object) -> None:
        """Serve ``data`` as JSON for ``path``."""
        self.add(path, json_reply(data))

    def next_reply(self, key: str) -> Reply | Responder:
        """Return the next canned reply of a path (404 with an OData error if none)."""
        with self._lock:
            queue = self.routes.get(key) or self.routes.get(key.split("?")[0])
            if not queue:
                return json_reply({"odata.error": {"message": {"value": f"no route {key}"}}}, 404)
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def paths(self) -> list[str]:
        """Return the paths requested so far, in order."""
        return [p for p, _q in self.requests]

    def start(self) -> FakeCbs:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()


# --- CBS-shaped content -----------------------------------------------------------------------
def table_infos(table_id: str, title: str, modified: str) -> dict:
    """Return a TableInfos record with the fields the code reads (field names as in 85984NED's)."""
    return {
        "ID": 0,
        "Title": title,
        "ShortTitle": title,
        "Identifier": table_id,
        "Modified": modified,
        "MetaDataModified": modified,
        "ReasonDelivery": "Actualisering",
        "OutputStatus": "Regulier",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Perjaar",
        "Period": "",
    }


def padded(key: str, width: int = 10) -> str:
    """Pad a key like the v3 API does."""
    return key.ljust(width)


def kwb_rows(props: list[dict], regions: dict[str, dict[str, str]]) -> list[dict]:
    """Return UntypedDataSet rows: ``regions`` maps region key → {measure stem: raw string}.

    Measures not given get "       ." (not available); keys are padded.
    """
    rows = []
    for i, (key, values) in enumerate(regions.items()):
        row: dict[str, object] = {"ID": i, "WijkenEnBuurten": padded(key)}
        for p in props:
            if p.get("Type") != "Topic":
                continue
            stem = p["Key"].rsplit("_", 1)[0]
            if p.get("Datatype") == "String":
                row[p["Key"]] = padded(values.get(stem, key), 20)
            else:
                row[p["Key"]] = values.get(stem, "       .").rjust(10)
        rows.append(row)
    return rows


def write_raw_dir(
    directory: Path,
    table_id: str,
    *,
    properties: list[dict],
    rows: list[dict],
    dimensions: dict[str, list[dict]],
    status: str = STATUS_REAL,
    modified: str = "2024-01-01T02:00:00",
    page_size: int = 2,
    infos: dict | None = None,
) -> Path:
    """Write a raw directory in download.py's layout (pages of ``page_size`` rows + sidecar)."""
    directory.mkdir(parents=True, exist_ok=False)

    def dump(name: str, data: object) -> None:
        (directory / name).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    record = infos if infos is not None else table_infos(table_id, table_id, modified)
    dump("TableInfos.json", odata("TableInfos", [record]))
    dump("DataProperties.json", odata("DataProperties", properties))
    for dim, cats in dimensions.items():
        geo = any(
            p.get("Key") == dim and p.get("Type") in ("GeoDimension", "GeoDetail")
            for p in properties
        )
        dump(f"{dim}_001.json" if geo else f"{dim}.json", odata(dim, cats))
    pages = [rows[i : i + page_size] for i in range(0, len(rows), page_size)] or [[]]
    for n, page in enumerate(pages, start=1):
        extra = {"odata.nextLink": f"http://x/next?$skip={n * page_size}"} if n < len(pages) else {}
        dump(f"UntypedDataSet_{n:03d}.json", odata("UntypedDataSet", page, **extra))
    dump("requests.json", [])
    write_provenance(
        directory,
        Provenance(
            source="test",
            title=table_id,
            url=f"http://x/ODataApi/odata/{table_id}",
            retrieved="2025-01-01T00:00:00+00:00",
            licence=CBS_LICENCE,
            status=status,
            table_id=table_id,
            modified=modified,
        ),
    )
    return directory


def _matches(key: str, prefixes: list[str]) -> bool:
    return not prefixes or any(key.strip().startswith(p) for p in prefixes)


def serve_table(
    fake: FakeCbs,
    table_id: str,
    *,
    properties: list[dict],
    rows: list[dict],
    dimensions: dict[str, list[dict]],
    geo: str,
    modified: str = "2025-01-01T02:00:00",
    title: str = "",
    page_size: int = 2,
    infos: dict | None = None,
) -> None:
    """Serve a whole table like CBS: metadata, filtered dimensions and a paged, filtered feed."""
    api = f"/ODataApi/odata/{table_id}"
    infos = {**(infos or table_infos(table_id, title or table_id, modified)), "Modified": modified}
    fake.add_json(f"{api}/TableInfos", odata("TableInfos", [infos]))
    fake.add_json(f"{api}/DataProperties", odata("DataProperties", properties))
    for dim, cats in dimensions.items():
        # A dimension entity set has Key, Title, Description, ... and no property named after
        # the dimension: like CBS, answer 400 to a filter on anything else.
        known = {"Key", "Title", "Description", "CategoryGroupID"} | {k for c in cats for k in c}

        def dim_reply(
            query: dict[str, str], dim: str = dim, cats: list[dict] = cats, known: set = known
        ) -> Reply:
            bad = check_filter(query, known, dim)
            if bad is not None:
                return bad
            keep = [c for c in cats if _matches(c["Key"], filter_prefixes(query))]
            return json_reply(odata(dim, keep))

        fake.add(f"{api}/{dim}", dim_reply)
    feed = f"/ODataFeed/odata/{table_id}/UntypedDataSet"
    columns = {"ID"} | {str(p["Key"]) for p in properties if p.get("Key")}
    columns |= {k for r in rows for k in r}

    def page(query: dict[str, str]) -> Reply:
        bad = check_filter(query, columns, "UntypedDataSet")
        if bad is not None:
            return bad
        keep = [r for r in rows if _matches(str(r[geo]), filter_prefixes(query))]
        skip = int(query.get("$skip", "0"))
        extra = {}
        if skip + page_size < len(keep):
            flt = quote(query.get("$filter", ""), safe="(),'")
            extra["odata.nextLink"] = (
                f"{fake.base_url}{feed}?$filter={flt}&$format=json&$skip={skip + page_size}"
            )
        return json_reply(odata("UntypedDataSet", keep[skip : skip + page_size], **extra))

    fake.add(feed, page)


# TEST VALUES, NOT CBS FIGURES: a few cells per region to check parsing, symbols and filters.
# The shapes around them (keys, titles, padding) are CBS's own (``recorded.py``).
KWB_VALUES = {
    "NL00": {"Gemeentenaam": "Nederland", "AantalInwoners": "17942942",
             "HuishoudensTotaal": "8374404", "HuishoudensMetEenLaagInkomen": "6.4"},
    "GM0014": {"Gemeentenaam": "Groningen", "AantalInwoners": "243768",
               "HuishoudensTotaal": "145764", "HuishoudensMetEenLaagInkomen": "11.8",
               "GemiddeldInkomenPerInwoner": "28.6", "PersonenPerSoortUitkeringBijstand": "10970",
               "PersonenInArmoede": "5.9"},
    "WK001401": {"Gemeentenaam": "Groningen", "AantalInwoners": "85",
                 "HuishoudensTotaal": "40", "HuishoudensMetEenLaagInkomen": "x",
                 "PersonenPerSoortUitkeringBijstand": "-", "PersonenInArmoede": "x"},
    "GM0363": {"Gemeentenaam": "Amsterdam", "AantalInwoners": "931298",
               "HuishoudensTotaal": "520000", "HuishoudensMetEenLaagInkomen": "12.1"},
}  # fmt: skip


def kwb_dimension(values: dict[str, dict[str, str]]) -> list[dict]:
    """Return WijkenEnBuurten records (padded keys) for the regions of ``values``."""
    return [
        {"Key": padded(k), "Title": v.get("Title", v["Gemeentenaam"]), "Description": "",
         "CategoryGroupID": None}
        for k, v in values.items()
    ]  # fmt: skip


def serve_kwb(fake: FakeCbs, table_id: str, release: str = "2025-03", **kwargs: object) -> list:
    """Serve a KWB table with CBS's real 85984NED ``DataProperties`` (of ``release``) and the
    test values of ``KWB_VALUES`` (NL00, Groningen, a secret wijk, Amsterdam); return its rows.

    For another KWB id the 85984NED answer stands in: the household block of its 2025-03
    release carries the stems and titles KWB 2018-2023 have (FINDINGS §3), under other ordinals.
    """
    from .recorded import kwb2024_properties

    props = kwb2024_properties(release)
    rows = kwb_rows(props, KWB_VALUES)
    serve_table(
        fake,
        table_id,
        properties=props,
        rows=rows,
        dimensions={"WijkenEnBuurten": kwb_dimension(KWB_VALUES)},
        geo="WijkenEnBuurten",
        **kwargs,  # type: ignore[arg-type]
    )
    return rows
