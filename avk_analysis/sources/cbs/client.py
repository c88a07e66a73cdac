"""A thin client for the CBS StatLine OData v3 API, with timeouts, retries and CBS symbols kept.

Metadata (``TableInfos``, ``DataProperties``, dimension sets) comes from ``/ODataApi/odata/<id>``,
data from the bulk feed ``/ODataFeed/odata/<id>/UntypedDataSet`` (no 10,000-record cap; pages are
followed through ``odata.nextLink``). Values are fetched untyped (strings) and typed here, so the
CBS symbols survive: "." not available, "x" secret, "-" nil (zero), "?" unreliable.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd
import requests

from avk_analysis.vocabulary import config, symbols

log = logging.getLogger(__name__)

# Not the `cbsodata` package: it replaces dimension codes by their titles, refetches every
# metadata set on each call, and has no timeout or retry; this client keeps codes, caches
# metadata per instance and retries with backoff.

SYMBOL_NOT_AVAILABLE = symbols.NOT_AVAILABLE
SYMBOL_NIL = symbols.NIL
SYMBOLS = symbols.CODES

# CBS types every dimension in DataProperties; region dimensions come as ``GeoDimension`` (e.g.
# ``RegioS``) or, in the KWB tables (``WijkenEnBuurten``), as ``GeoDetail`` (odata.type
# ``Cbs.OData.GeoDetail``, its categories ``Cbs.OData.GeoDetailCategory``; seen in public code
# reading the CBS v3 API). Anything that lists dimensions must use these tuples.
GEO_DIMENSION_TYPES = ("GeoDimension", "GeoDetail")
DIMENSION_TYPES = ("Dimension", *GEO_DIMENSION_TYPES, "TimeDimension")
#: The property a dimension entity set (``/WijkenEnBuurten``, ``/RegioS``) is filtered on: its rows
#: are ``Key``, ``Title``, ``Description``, ... and have no property named after the dimension.
DIMENSION_KEY = "Key"
NUMERIC_DATATYPES = frozenset(
    {"long", "integer", "int", "int16", "int32", "int64", "short", "double", "float", "decimal"}
)
_TOO_MANY = re.compile(r"(more than|meer dan|exceeds?)\s*10[.,]?000\s*(records|cellen|cells)", re.I)
_SAFE = "(),'$:=*"


class CbsError(RuntimeError):
    """Base class of everything that goes wrong while talking to CBS or reading its answers."""

    def __init__(self, message: str, *, table_id: str = "", url: str = "") -> None:
        super().__init__(message)
        self.table_id = table_id
        self.url = url


class CbsUnavailable(CbsError):
    """CBS could not be reached (network down, timeouts, 5xx) after all retries."""


class CbsNotFound(CbsError):
    """CBS answered HTTP 404: the table (or entity set) is not published (never retried)."""


class CbsTooManyRecords(CbsError):
    """The ODataApi refused a query that returns more than 10,000 records (never retried)."""


class CbsMissingMeasure(CbsError):
    """An expected measure, dimension or category is not in the table's metadata."""


@dataclass(frozen=True)
class Response:
    """One successful API answer: the URL asked, the body verbatim and its parsed JSON."""

    url: str
    body: bytes
    data: dict

    @property
    def value(self) -> list[dict]:
        """Return the ``value`` list of an OData answer (empty when absent)."""
        return list(self.data.get("value", []))

    @property
    def next_link(self) -> str | None:
        """Return ``odata.nextLink`` when the server has more pages."""
        return self.data.get("odata.nextLink")


def build_url(url: str, params: dict[str, str] | None = None) -> str:
    """Append OData query options to ``url``, always with ``$format=json``; spaces as %20."""
    params = dict(params or {})
    if "$format=" not in url:
        params.setdefault("$format", "json")
    if not params:
        return url
    query = "&".join(f"{key}={quote(str(val), safe=_SAFE)}" for key, val in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


def startswith_filter(dimension: str, prefixes: Iterable[str]) -> str:
    """Return an OData ``$filter`` that keeps keys starting with any prefix (padding-proof)."""
    clauses = [f"startswith({dimension},'{p}')" for p in prefixes]
    if not clauses:
        raise ValueError("startswith_filter needs at least one prefix")
    return clauses[0] if len(clauses) == 1 else "(" + " or ".join(clauses) + ")"


def key_filter(prefixes: Iterable[str]) -> str:
    """Return a ``$filter`` for a dimension entity set: ``Key`` starts with any prefix."""
    return startswith_filter(DIMENSION_KEY, prefixes)


def is_too_many_records(body: str) -> bool:
    """Tell whether an error body is CBS's 10,000-record refusal."""
    return bool(_TOO_MANY.search(body))


class CbsClient:
    """OData v3 client for one CBS host with explicit timeouts and retries with backoff."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 1.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Configure the host (default ``config.cbs_base_url()``), timeouts and retry policy."""
        self.base_url = (base_url or config.cbs_base_url()).rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", "avk-analysis (generatiearmoede-monitor)")
        self._sleep = sleep
        self._properties: dict[str, list[dict]] = {}

    # --- URLs -------------------------------------------------------------------------------
    def api_url(self, table_id: str, entity: str = "") -> str:
        """Return ``<base>/ODataApi/odata/<id>[/<entity>]`` (metadata, max 10,000 records)."""
        root = f"{self.base_url}/ODataApi/odata/{table_id}"
        return f"{root}/{entity}" if entity else root

    def feed_url(self, table_id: str, entity: str = "UntypedDataSet") -> str:
        """Return ``<base>/ODataFeed/odata/<id>/<entity>`` (bulk feed, paged)."""
        return f"{self.base_url}/ODataFeed/odata/{table_id}/{entity}"

    # --- HTTP with retries ------------------------------------------------------------------
    def get(self, url: str, *, table_id: str, params: dict[str, str] | None = None) -> Response:
        """GET one URL as JSON, retrying connection errors, timeouts and HTTP 5xx."""
        full = build_url(url, params)
        attempts = self.retries + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                log.warning(
                    "CBS %s: poging %d/%d mislukt (%s); opnieuw over %.1f s",
                    table_id,
                    attempt,
                    attempts,
                    problem,
                    delay,
                )
                self._sleep(delay)
            try:
                resp = self.session.get(full, timeout=self.timeout)
            except requests.Timeout as exc:
                problem = f"time-out ({type(exc).__name__})"
                continue
            except (
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                problem = f"verbindingsfout ({type(exc).__name__}: {exc})"
                continue
            if resp.status_code >= 500 or resp.status_code == 429:
                text = resp.text[:2000]
                if resp.status_code >= 500 and is_too_many_records(text):
                    raise CbsTooManyRecords(
                        f"CBS-tabel {table_id}: de vraag levert meer dan 10.000 records op en "
                        f"wordt door de ODataApi geweigerd ({full}). Filter strenger of gebruik de "
                        "ODataFeed (die pagineert).",
                        table_id=table_id,
                        url=full,
                    )
                problem = f"HTTP {resp.status_code}"
                continue
            if resp.status_code == 404:
                raise CbsNotFound(
                    f"CBS-tabel {table_id}: niet gevonden (HTTP 404) voor {full}; CBS publiceert "
                    f"deze tabel of entiteit (nog) niet: {resp.text[:300]}",
                    table_id=table_id,
                    url=full,
                )
            if resp.status_code >= 400:
                raise CbsError(
                    f"CBS-tabel {table_id}: HTTP {resp.status_code} voor {full} "
                    f"(bestaat de tabel of entiteit wel?): {resp.text[:300]}",
                    table_id=table_id,
                    url=full,
                )
            try:
                data = json.loads(resp.content)
            except ValueError:
                problem = "antwoord is geen geldige JSON (afgebroken?)"
                continue
            if not isinstance(data, dict):
                raise CbsError(
                    f"CBS-tabel {table_id}: onverwacht antwoord van {full} (geen JSON-object)",
                    table_id=table_id,
                    url=full,
                )
            return Response(url=full, body=resp.content, data=data)
        raise CbsUnavailable(
            f"CBS-tabel {table_id}: CBS is niet bereikbaar na {attempts} pogingen ({problem}) "
            f"voor {full}. Probeer het later opnieuw of werk met de offline snapshot "
            f"({config.OFFLINE_ENV}=1).",
            table_id=table_id,
            url=full,
        )

    def iter_pages(
        self, url: str, *, table_id: str, params: dict[str, str] | None = None
    ) -> Iterator[Response]:
        """Yield every page of an entity set, following ``odata.nextLink``."""
        response = self.get(url, table_id=table_id, params=params)
        yield response
        seen = {response.url}
        while response.next_link:
            nxt = build_url(response.next_link)
            if nxt in seen:
                raise CbsError(
                    f"CBS-tabel {table_id}: odata.nextLink verwijst naar een al opgehaalde "
                    f"pagina ({nxt})",
                    table_id=table_id,
                    url=nxt,
                )
            seen.add(nxt)
            response = self.get(nxt, table_id=table_id)
            yield response

    def get_all(
        self, url: str, *, table_id: str, params: dict[str, str] | None = None
    ) -> list[dict]:
        """Return the concatenated ``value`` of all pages of an entity set."""
        rows: list[dict] = []
        for page in self.iter_pages(url, table_id=table_id, params=params):
            rows.extend(page.value)
        return rows

    # --- metadata ---------------------------------------------------------------------------
    def table_infos(self, table_id: str) -> dict:
        """Return the single ``TableInfos`` record (Title, Identifier, Modified, ...)."""
        rows = self.get_all(self.api_url(table_id, "TableInfos"), table_id=table_id)
        if not rows:
            raise CbsError(
                f"CBS-tabel {table_id}: TableInfos is leeg",
                table_id=table_id,
                url=self.api_url(table_id, "TableInfos"),
            )
        return rows[0]

    def data_properties(self, table_id: str) -> list[dict]:
        """Return ``DataProperties`` (cached per client: dimensions, topics, their types)."""
        if table_id not in self._properties:
            url = self.api_url(table_id, "DataProperties")
            self._properties[table_id] = self.get_all(url, table_id=table_id)
        return self._properties[table_id]

    def dimension(self, table_id: str, name: str, *, filter: str | None = None) -> list[dict]:
        """Return a dimension entity set (``RegioS``, ``Perioden``, ...) with keys stripped.

        A ``filter`` on a dimension entity set must name its ``Key`` property
        (``key_filter``), not the dimension: CBS answers HTTP 400 otherwise.
        """
        params = {"$filter": filter} if filter else None
        rows = self.get_all(self.api_url(table_id, name), table_id=table_id, params=params)
        return [strip_key(row) for row in rows]

    # --- data -------------------------------------------------------------------------------
    def data_pages(
        self,
        table_id: str,
        *,
        filter: str | None = None,
        select: Iterable[str] | None = None,
    ) -> Iterator[Response]:
        """Yield the raw pages of the bulk feed ``UntypedDataSet`` (server-side filter/select)."""
        params: dict[str, str] = {}
        if filter:
            params["$filter"] = filter
        if select:
            params["$select"] = ",".join(select)
        yield from self.iter_pages(self.feed_url(table_id), table_id=table_id, params=params)

    def get_data(
        self,
        table_id: str,
        *,
        filter: str | None = None,
        measures: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Return data in long form (dimensions, ``measure``, ``waarde``, ``symbool``)."""
        props = self.data_properties(table_id)
        measures = list(measures) if measures is not None else None
        select = None
        if measures is not None:
            select = [p["Key"] for p in props if p.get("Type") in DIMENSION_TYPES] + measures
        rows: list[dict] = []
        for page in self.data_pages(table_id, filter=filter, select=select):
            rows.extend(page.value)
        return typed_long(rows, props, table_id=table_id, measures=measures)


def strip_key(row: dict) -> dict:
    """Return a copy of a dimension record with its padded ``Key`` stripped."""
    out = dict(row)
    if isinstance(out.get("Key"), str):
        out["Key"] = out["Key"].strip()
    if isinstance(out.get("Title"), str):
        out["Title"] = out["Title"].strip()
    return out


def dimension_keys(properties: list[dict]) -> list[str]:
    """Return the keys of the dimensions in ``DataProperties`` order."""
    return [p["Key"] for p in properties if p.get("Type") in DIMENSION_TYPES]


def numeric_topics(properties: list[dict]) -> list[str]:
    """Return the keys of the numeric topics (measures) of a table."""
    return [
        p["Key"]
        for p in properties
        if p.get("Type") == "Topic" and str(p.get("Datatype", "")).lower() in NUMERIC_DATATYPES
    ]


def type_values(raw: pd.Series, *, table_id: str = "", column: str = "") -> pd.DataFrame:
    """Type untyped CBS strings into ``waarde`` (float) and ``symbool`` (CBS symbol or "")."""
    text = raw.astype("string").str.strip()
    text = text.fillna(SYMBOL_NOT_AVAILABLE).replace("", SYMBOL_NOT_AVAILABLE)
    is_symbol = text.isin(SYMBOLS)
    number = pd.to_numeric(text.where(~is_symbol), errors="coerce").astype(float)
    bad = ~is_symbol & number.isna()
    if bad.any():
        examples = ", ".join(repr(v) for v in text[bad].unique()[:3])
        raise CbsError(
            f"CBS-tabel {table_id}: onbekende waarde(n) {examples} in kolom {column!r}; "
            f"verwacht een getal of een CBS-symbool ({' '.join(SYMBOLS)})",
            table_id=table_id,
        )
    number = number.where(text != SYMBOL_NIL, 0.0)
    symbol = text.where(is_symbol, "").astype(str)
    return pd.DataFrame({"waarde": number.to_numpy(dtype=float), "symbool": symbol.to_numpy()})


def typed_long(
    rows: list[dict],
    properties: list[dict],
    *,
    table_id: str = "",
    measures: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Turn UntypedDataSet rows into long form: stripped dimension keys, measure, value, symbol."""
    dims = dimension_keys(properties)
    wanted = list(measures) if measures is not None else numeric_topics(properties)
    columns = [*dims, "measure", "waarde", "symbool"]
    if not rows or not wanted:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "waarde" else str) for c in columns})
    wide = pd.DataFrame.from_records(rows)
    missing = [c for c in [*dims, *wanted] if c not in wide.columns]
    if missing:
        raise CbsMissingMeasure(
            f"CBS-tabel {table_id}: kolom(men) {', '.join(missing)} staan in DataProperties maar "
            "niet in de data",
            table_id=table_id,
        )
    for dim in dims:
        wide[dim] = wide[dim].astype("string").str.strip().astype(str)
    parts = []
    for key in wanted:
        typed = type_values(wide[key], table_id=table_id, column=key)
        part = wide[dims].reset_index(drop=True).copy()
        part["measure"] = key
        part["waarde"] = typed["waarde"].to_numpy()
        part["symbool"] = typed["symbool"].to_numpy()
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["waarde"] = out["waarde"].astype(np.float64)
    return out[columns]
