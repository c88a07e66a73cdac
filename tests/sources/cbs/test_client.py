"""Tests of the CBS OData client: retries, timeouts, resets, the 10k error, paging, typing."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from avk_analysis.sources.cbs.client import (
    CbsClient,
    CbsError,
    CbsTooManyRecords,
    CbsUnavailable,
    build_url,
    is_too_many_records,
    startswith_filter,
    type_values,
    typed_long,
)

from .fakecbs import TOO_MANY_BODY, FakeCbs, Reply, json_reply, odata

T = "85618NED"
INFOS = f"/ODataApi/odata/{T}/TableInfos"
FEED = f"/ODataFeed/odata/{T}/UntypedDataSet"
PROPS = [
    {"Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
    {"Type": "Topic", "Key": "Gemeentenaam_1", "Datatype": "String"},
    {"Type": "Topic", "Key": "AantalInwoners_5", "Datatype": "Long"},
    {"Type": "Topic", "Key": "HuishoudensMetEenLaagInkomen_87", "Datatype": "Double"},
]


def _infos_reply() -> Reply:
    return json_reply(odata("TableInfos", [{"Identifier": T, "Modified": "2025-01-01T02:00:00"}]))


def test_base_url_comes_from_config_and_can_be_overridden(fake_cbs: FakeCbs) -> None:
    assert CbsClient().base_url == fake_cbs.base_url
    assert CbsClient("http://elders.example/").api_url(T, "TableInfos") == (
        f"http://elders.example/ODataApi/odata/{T}/TableInfos"
    )


def test_every_request_asks_for_json(fake_cbs: FakeCbs, client: CbsClient) -> None:
    fake_cbs.add(INFOS, _infos_reply())
    assert client.table_infos(T)["Modified"] == "2025-01-01T02:00:00"
    assert fake_cbs.requests[0][1]["$format"] == "json"


def test_http_500_then_success_is_retried(fake_cbs: FakeCbs, client: CbsClient) -> None:
    fake_cbs.add(INFOS, Reply(b"storing", 500), _infos_reply())
    assert client.table_infos(T)["Identifier"] == T
    assert fake_cbs.paths() == [INFOS, INFOS]


def test_connection_reset_is_retried(fake_cbs: FakeCbs, client: CbsClient) -> None:
    fake_cbs.add(INFOS, Reply(reset=True), Reply(reset=True), _infos_reply())
    assert client.table_infos(T)["Identifier"] == T
    assert len(fake_cbs.requests) == 3


def test_timeout_is_retried_then_unavailable(fake_cbs: FakeCbs) -> None:
    client = CbsClient(connect_timeout=1.0, read_timeout=0.1, retries=2, backoff=0.0)
    fake_cbs.add(INFOS, Reply(delay=0.6))
    started = time.monotonic()
    with pytest.raises(CbsUnavailable) as err:
        client.table_infos(T)
    assert len(fake_cbs.requests) == 3  # first try + 2 retries
    assert time.monotonic() - started < 3.0
    message = str(err.value)
    assert T in message and INFOS in message and "niet bereikbaar" in message
    assert "time-out" in message
    assert err.value.table_id == T


def test_retries_exhausted_on_5xx_gives_unavailable(fake_cbs: FakeCbs, client: CbsClient) -> None:
    fake_cbs.add(INFOS, Reply(b"Service Unavailable", 503))
    with pytest.raises(CbsUnavailable, match="HTTP 503"):
        client.table_infos(T)
    assert len(fake_cbs.requests) == 3


def test_backoff_grows_exponentially(fake_cbs: FakeCbs) -> None:
    waits: list[float] = []
    client = CbsClient(retries=3, backoff=0.5, sleep=waits.append)
    fake_cbs.add(INFOS, Reply(b"", 502))
    with pytest.raises(CbsUnavailable):
        client.table_infos(T)
    assert waits == [0.5, 1.0, 2.0]


def test_network_down_gives_unavailable(fake_cbs: FakeCbs) -> None:
    dead = CbsClient("http://127.0.0.1:9", connect_timeout=0.5, retries=1, backoff=0.0)
    with pytest.raises(CbsUnavailable, match="verbindingsfout"):
        dead.table_infos(T)


def test_too_many_records_is_not_retried(fake_cbs: FakeCbs, client: CbsClient) -> None:
    path = f"/ODataApi/odata/{T}/WijkenEnBuurten"
    fake_cbs.add(path, Reply(TOO_MANY_BODY, 500))
    with pytest.raises(CbsTooManyRecords) as err:
        client.dimension(T, "WijkenEnBuurten")
    assert len(fake_cbs.requests) == 1
    assert T in str(err.value) and "10.000" in str(err.value)
    assert not isinstance(err.value, CbsUnavailable)


def test_client_error_is_not_retried(fake_cbs: FakeCbs, client: CbsClient) -> None:
    with pytest.raises(CbsError, match="HTTP 404") as err:
        client.table_infos("99999NED")
    assert not isinstance(err.value, CbsUnavailable)
    assert len(fake_cbs.requests) == 1


def test_paging_follows_next_link(fake_cbs: FakeCbs, client: CbsClient) -> None:
    base = fake_cbs.base_url
    fake_cbs.add(
        FEED,
        json_reply(
            odata(
                "UntypedDataSet",
                [{"ID": 0}, {"ID": 1}],
                **{"odata.nextLink": f"{base}{FEED}?$format=json&$skip=2"},
            )
        ),
    )
    # CBS's nextLink may lack $format: the client adds it.
    fake_cbs.add(
        f"{FEED}?$skip=2",
        json_reply(
            odata("UntypedDataSet", [{"ID": 2}], **{"odata.nextLink": f"{base}{FEED}?$skip=3"})
        ),
    )
    fake_cbs.add(f"{FEED}?$skip=3", json_reply(odata("UntypedDataSet", [{"ID": 3}])))
    pages = list(client.data_pages(T, filter="startswith(WijkenEnBuurten,'GM0014')"))
    assert [row["ID"] for page in pages for row in page.value] == [0, 1, 2, 3]
    assert [q.get("$skip") for _p, q in fake_cbs.requests] == [None, "2", "3"]
    assert all(q["$format"] == "json" for _p, q in fake_cbs.requests)
    assert fake_cbs.requests[0][1]["$filter"] == "startswith(WijkenEnBuurten,'GM0014')"


def test_next_link_loop_is_an_error(fake_cbs: FakeCbs, client: CbsClient) -> None:
    base = fake_cbs.base_url
    loop = odata("UntypedDataSet", [{"ID": 0}], **{"odata.nextLink": f"{base}{FEED}?$format=json"})
    fake_cbs.add(FEED, json_reply(loop))
    with pytest.raises(CbsError, match="nextLink"):
        list(client.data_pages(T))


def test_get_data_strips_keys_and_keeps_symbols(fake_cbs: FakeCbs, client: CbsClient) -> None:
    fake_cbs.add_json(f"/ODataApi/odata/{T}/DataProperties", odata("DataProperties", PROPS))
    rows = [
        {
            "ID": 0,
            "WijkenEnBuurten": "GM0014    ",
            "Gemeentenaam_1": "Groningen  ",
            "AantalInwoners_5": "    240000",
            "HuishoudensMetEenLaagInkomen_87": "      12.5",
        },
        {
            "ID": 1,
            "WijkenEnBuurten": "WK001401  ",
            "Gemeentenaam_1": "Groningen  ",
            "AantalInwoners_5": "         -",
            "HuishoudensMetEenLaagInkomen_87": "         x",
        },
        {
            "ID": 2,
            "WijkenEnBuurten": "WK001402  ",
            "Gemeentenaam_1": "Groningen  ",
            "AantalInwoners_5": "       .",
            "HuishoudensMetEenLaagInkomen_87": "   ?",
        },
    ]
    fake_cbs.add_json(FEED, odata("UntypedDataSet", rows))
    df = client.get_data(T, measures=["AantalInwoners_5", "HuishoudensMetEenLaagInkomen_87"])
    assert fake_cbs.requests[-1][1]["$select"] == (
        "WijkenEnBuurten,AantalInwoners_5,HuishoudensMetEenLaagInkomen_87"
    )
    got = {(r.WijkenEnBuurten, r.measure): (r.waarde, r.symbool) for r in df.itertuples()}
    assert set(df["WijkenEnBuurten"]) == {"GM0014", "WK001401", "WK001402"}
    assert got[("GM0014", "AantalInwoners_5")] == (240000.0, "")
    assert got[("GM0014", "HuishoudensMetEenLaagInkomen_87")] == (12.5, "")
    assert got[("WK001401", "AantalInwoners_5")] == (0.0, "-")  # nil: zero, with its symbol
    secret = got[("WK001401", "HuishoudensMetEenLaagInkomen_87")]
    assert pd.isna(secret[0]) and secret[1] == "x"  # secret, not zero
    missing = got[("WK001402", "AantalInwoners_5")]
    assert pd.isna(missing[0]) and missing[1] == "."
    unreliable = got[("WK001402", "HuishoudensMetEenLaagInkomen_87")]
    assert pd.isna(unreliable[0]) and unreliable[1] == "?"
    # metadata is fetched once per client, not on every call
    client.get_data(T, measures=["AantalInwoners_5"])
    assert fake_cbs.paths().count(f"/ODataApi/odata/{T}/DataProperties") == 1


def test_type_values_rejects_unknown_tokens() -> None:
    with pytest.raises(CbsError, match="onbekende waarde"):
        type_values(pd.Series(["1.0", "abc"]), table_id=T, column="X_1")


def test_type_values_treats_null_as_not_available() -> None:
    typed = type_values(pd.Series([None, "", " 3"]))
    assert typed["symbool"].tolist() == [".", ".", ""]
    assert typed["waarde"].isna().tolist() == [True, True, False]


def test_typed_long_of_no_rows_is_empty() -> None:
    df = typed_long([], PROPS)
    assert df.empty
    assert list(df.columns) == ["WijkenEnBuurten", "measure", "waarde", "symbool"]


def test_filters_and_urls() -> None:
    assert startswith_filter("RegioS", ["GM0014"]) == "startswith(RegioS,'GM0014')"
    both = startswith_filter("RegioS", ["GM0014", "PV20"])
    assert both == "(startswith(RegioS,'GM0014') or startswith(RegioS,'PV20'))"
    url = build_url("http://h/x", {"$filter": both})
    assert " " not in url and "%20or%20" in url and url.endswith("$format=json")
    assert build_url("http://h/x?$format=json&$skip=2") == "http://h/x?$format=json&$skip=2"
    with pytest.raises(ValueError):
        startswith_filter("RegioS", [])


def test_too_many_records_detection() -> None:
    assert is_too_many_records("query returns more than 10000 records")
    assert is_too_many_records("The query returns more than 10,000 records.")
    assert not is_too_many_records("Internal server error")
