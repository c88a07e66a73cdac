"""The edition's figures file: every figure, one value per column, its source and its maker."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from avk_analysis import load
from avk_analysis.indicators import nature
from avk_analysis.report.publishing import edition_figures as ef
from tests.indicators.helpers import rows, table

VK = "VK_planbureaus"


@pytest.fixture(autouse=True)
def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = pd.DataFrame(
        {
            "soort": ["cbs", "cbs", "planbureau", "programma"],
            "tabel": ["T", "U", "", ""],
            "opgehaald": ["2025-11-01", "2025-12-02", "2026-01-15", "2025-12-31"],
            "licentie": ["CC BY 4.0, Bron: CBS", "CC BY 4.0", "zie per rij", "voorbeeld"],
        }
    )
    monkeypatch.setattr(ef, "_sources", lambda: sources)
    monkeypatch.setattr(load, "programma_jaren", lambda: [])


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (4.654, "%", 4.7),
        (7.25, "%", 7.3),  # half up, as the pages round
        (26.5, ef.PER_1000, 27),
        (1234.0, "aantal", 1234),
        (35.1999999999, "x 1 000 euro", 35.2),
        (math.nan, "%", None),
    ],
)
def test_values_have_the_precision_the_pages_show(value, unit, expected) -> None:
    got = ef.rounded(value, unit)
    assert got == expected and (expected is None or type(got) is type(expected))


def test_monitor_aggregates_are_marked_and_rounded_and_former_gemeenten_left_out() -> None:
    df = table(
        rows("hh_laag_inkomen_pct", {VK: 4.65432, "VK_agenda": 5.1, "GM0114": 6.0}, 2024),
        rows("hh_laag_inkomen_pct", {"GM0018": 7.0}, 2016),  # Hoogezand-Sappemeer, former
    )
    got = ef.edition_figures(df, 2025, "planbureaus")
    assert set(got["regiocode"]) == {VK, "GM0114"}  # only this edition's Veenkoloniën
    vk = got.loc[got["regiocode"] == VK].iloc[0]
    assert vk["waarde"] == 4.7 and vk["herkomst"] == ef.SUMMED and vk["tabel"] == "T"
    emmen = got.loc[got["regiocode"] == "GM0114"].iloc[0]
    assert emmen["herkomst"] == ef.PUBLISHED_BY_CBS
    assert emmen["opgehaald"] == "2025-11-01"


def test_each_row_carries_its_own_sources_date_and_licence() -> None:
    df = table(
        rows("hh_laag_inkomen_pct", {"GM0114": 6.0}, 2023),
        rows("hh_laag_inkomen_pct", {"GM0114": 6.2}, 2024, tabel="U"),
    )
    got = ef.edition_figures(df, 2025, "planbureaus").set_index("jaar")
    assert got.loc[2023, "opgehaald"] == "2025-11-01" and got.loc[2023, "tabel"] == "T"
    assert got.loc[2024, "opgehaald"] == "2025-12-02" and got.loc[2024, "licentie"] == "CC BY 4.0"


def _wijk(found: list[dict]) -> list[dict]:
    """The same rows for wijk 01 of Emmen."""
    return [
        {**r, "regiocode": "WK011401", "regionaam": "Wijk 01 Emmen", "regioniveau": "wijk"}
        for r in found
    ]


def test_the_poverty_lines_and_context_measures_are_in_the_file() -> None:
    df = table(
        rows("kwb_hh_tot_110_sm_pct", {"GM0114": 9.1}, 2023),
        rows("kwb_hh_sociaal_minimum_pct", {"GM0114": 6.1}, 2023),
        rows("personen_in_armoede_pct", {"GM0114": 3.4}, 2024),
        rows("personen_bijstand", {"GM0114": 2650.0}, 2024),
        _wijk(rows("personen_bijstand", {"GM0114": 200.0}, 2024)),
        rows("inwoners", {"GM0114": 100000.0}, 2024),
        _wijk(rows("inwoners", {"GM0114": 4000.0}, 2024)),
        rows("opleidingsniveau_laag", {"GM0114": 20000.0}, 2024),
        rows("opleidingsniveau_middelbaar", {"GM0114": 30000.0}, 2024),
        rows("opleidingsniveau_hoog", {"GM0114": 21000.0}, 2024),
    )
    got = ef.edition_figures(df, 2025, "planbureaus")
    present = set(got["indicator"])
    for code in ("kwb_hh_tot_110_sm_pct", "kwb_hh_sociaal_minimum_pct", "personen_in_armoede_pct"):
        assert code in present, code
    rate = got.loc[(got["indicator"] == "bijstand_per_1000") & (got["regiocode"] == "GM0114")]
    expected = nature.value(df, nature.measure("bijstand"), "GM0114", 2024)["waarde"]
    assert rate["waarde"].iloc[0] == ef.rounded(expected, ef.PER_1000) == 27  # 26,5 -> 27
    assert rate["herkomst"].iloc[0] == ef.COMPUTED and rate["eenheid"].iloc[0] == ef.PER_1000
    wijk = got.loc[(got["indicator"] == "bijstand_per_1000") & (got["regiocode"] == "WK011401")]
    assert wijk["waarde"].iloc[0] == 50
    part = got.loc[got["indicator"] == "opleiding_laag_pct", "waarde"].iloc[0]
    assert part == 28.2  # 20.000 of 71.000


def test_who_makes_up_the_poor_only_where_the_counts_bear_it() -> None:
    df = table(
        rows("hh_laag_inkomen_aantal", {"GM0114": 2700.0, "GM1701": 300.0}, 2024),
        rows("hh_laag_inkomen_pct_eenouder", {"GM0114": 18.2, "GM1701": 9.7}, 2024),
        rows("hh_laag_inkomen_aantal_eenouder", {"GM0114": 600.0, "GM1701": 100.0}, 2024),
        rows("hh_laag_inkomen_pct_eenpersoons", {"GM0114": 9.3, "GM1701": 5.5}, 2024),
        rows("hh_laag_inkomen_aantal_eenpersoons", {"GM0114": 1600.0, "GM1701": 200.0}, 2024),
    )
    got = ef.edition_figures(df, 2025, "planbureaus")
    parts = got.loc[got["indicator"].str.startswith("hh_laag_inkomen_deel_")]
    assert set(parts["regiocode"]) == {"GM0114"}  # 300 households: a part would be a guess
    one = parts.loc[parts["indicator"] == "hh_laag_inkomen_deel_eenouder"].iloc[0]
    assert one["waarde"] == 22.0 and one["herkomst"] == ef.COMPUTED and one["tabel"] == "T"
    assert {"hh_laag_inkomen_pct_eenouder", "hh_laag_inkomen_aantal_eenouder"} <= set(
        got["indicator"]
    )


def test_programme_tables_become_rows_with_the_pages_symbols(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(load, "programma_jaren", lambda: [2025])
    monkeypatch.setattr(
        load,
        "programma_info",
        lambda _j: {"status": "voorbeeld", "bestand": "avk_2025.xlsx", "drempel": 10},
    )
    reach = pd.DataFrame(
        {
            "gemeente_code": ["GM0114", "GM0118"],
            "gemeente": ["Emmen", "Hoogeveen"],
            "jaar": [2025, 2025],
            "huishoudens": [445, "<10"],
            "positief_pct": [75.777, "onderdrukt"],
            "start": pd.to_datetime(["2025-01-01", "2025-02-01"]),
            "naam": ["Voorleesexpress", "Buurtkamer"],
        }
    )
    monkeypatch.setattr(load, "programma", lambda _j: {"bereik_per_gemeente": reach})
    got = ef.programme_rows(2025)
    assert set(got["indicator"]) == {
        "programma.bereik_per_gemeente.huishoudens",
        "programma.bereik_per_gemeente.positief_pct",
    }  # dates and names are not figures
    emmen = got.loc[got["regiocode"] == "GM0114"].set_index("indicator")
    assert emmen.loc["programma.bereik_per_gemeente.huishoudens", "waarde"] == 445
    assert emmen.loc["programma.bereik_per_gemeente.positief_pct", "waarde"] == 75.8
    assert emmen.loc["programma.bereik_per_gemeente.positief_pct", "herkomst"] == (
        ef.PROGRAMME_COMPUTED
    )
    assert "naam: Voorleesexpress" in emmen["kenmerk"].iloc[0]
    small = got.loc[got["regiocode"] == "GM0118"].set_index("indicator")
    assert small.loc["programma.bereik_per_gemeente.huishoudens", "teken"] == "<10"
    assert pd.isna(small.loc["programma.bereik_per_gemeente.huishoudens", "waarde"])
    assert small.loc["programma.bereik_per_gemeente.positief_pct", "teken"] == "onderdrukt"
    assert set(got["tabel"]) == {"avk_2025.xlsx"} and set(got["status"]) == {"voorbeeld"}


def test_a_suppressed_programme_count_reads_as_on_the_pages() -> None:
    assert ef.shown_symbol("x", ef.AVK) == "<10"
    assert ef.shown_symbol("x", ef.CBS) == "geheim"
    assert ef.shown_symbol(".", ef.CBS) == "geen gegevens"
    assert ef.shown_symbol("", ef.CBS) == ""


def test_the_young_adults_from_the_microdata_tabulation_are_in_the_file() -> None:
    kw = {"bron": "Trendbureau Drenthe", "tabel": "microdata", "status": "voorbeeld"}
    df = table(
        rows("kinderen_laag_inkomen_pct", {"GM0114": 6.1}, 2024),
        rows("microdata_jongvolwassenen_laag_inkomen_pct", {"GM0114": 10.3}, 2023, **kw),
        rows("microdata_jongvolwassenen_laag_inkomen_aantal", {"GM0114": 400.0}, 2023, **kw),
    )
    got = ef.edition_figures(df, 2025, "planbureaus")
    share = got.loc[got["indicator"] == "microdata_jongvolwassenen_laag_inkomen_pct"]
    assert list(share["waarde"]) == [10.3] and list(share["status"]) == ["voorbeeld"]
    assert "microdata_jongvolwassenen_laag_inkomen_aantal" in set(got["indicator"])
