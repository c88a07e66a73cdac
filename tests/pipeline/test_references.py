"""Quoted figures are kept apart from the monitor's values and used to check them."""

from __future__ import annotations

import pandas as pd
import pytest

from avk_analysis.pipeline import references
from avk_analysis.vocabulary import tidy


def _row(indicator: str, region: str, year: int, value: float, **extra: object) -> dict:
    row = {
        "bron": "Trendbureau Drenthe",
        "tabel": "",
        "indicator": indicator,
        "regiocode": region,
        "regionaam": region,
        "regioniveau": "gemeente" if region.startswith("GM") else "land",
        "jaar": year,
        "waarde": value,
        "eenheid": "%",
        "definitie": "",
        "status": "echt",
        "bron_url": f"https://example.org/{indicator}/{region}/{year}/{value}",
    }
    row.update(extra)
    return row


def _frame(*rows: dict) -> pd.DataFrame:
    return tidy.make(pd.DataFrame(list(rows)))


def test_split_routes_each_quote_by_rule() -> None:
    quoted = _frame(
        _row("kinderen_laag_inkomen_pct", "GM0114", 2022, 8.4),  # CBS API series → reference
        _row("mediaan_vermogen_hh", "GM1680", 2022, 232.7, bron="CBS", tabel="85318NED"),
        _row("jongvolwassenen_laag_inkomen_pct", "VK_planbureaus", 2016, 8.8),  # own figure
        _row(
            "jongvolwassenen_laag_inkomen_pct",
            "VK_planbureaus",
            2016,
            8.8,
            onzeker=True,
            bron_url="https://example.org/andere-pagina",
        ),
        _row("gezinnen_in_armoede_aantal", "GM0114", 2021, 4000.0, bron="RTV Drenthe"),
    )
    kinds = pd.Series(["primair", "primair", "primair", "primair", "secundair"])
    values, refs = references.split(
        quoted, kinds, {"kinderen_laag_inkomen_pct"}, api_tables={"85318NED"}
    )
    assert values[["indicator", "onzeker"]].values.tolist() == [
        ["jongvolwassenen_laag_inkomen_pct", False]  # the certain one of two for one cell
    ]
    reasons = dict(
        zip(refs["indicator"] + "/" + refs["onzeker"].astype(str), refs["reden"], strict=True)
    )
    assert reasons == {
        "kinderen_laag_inkomen_pct/False": references.REASON_API,
        "mediaan_vermogen_hh/False": references.REASON_API,
        "jongvolwassenen_laag_inkomen_pct/True": references.REASON_DUPLICATE,
        "gezinnen_in_armoede_aantal/False": references.REASON_SECONDARY,
    }
    assert set(refs["soort_bron"]) == {"primair", "secundair"}


def test_split_refuses_an_unknown_kind() -> None:
    quoted = _frame(_row("kinderen_laag_inkomen_pct", "GM0114", 2022, 8.4))
    with pytest.raises(ValueError, match="soort_bron"):
        references.split(quoted, pd.Series(["tertiair"]), set())


def test_back_test_matches_year_or_named_table_and_leaves_out_secondary() -> None:
    cbs = dict(bron="CBS", bron_url="https://opendata.cbs.nl/#/CBS/nl/dataset/X")
    table = _frame(
        _row("kinderen_laag_inkomen_pct", "GM0114", 2022, 8.0, tabel="85678NED", **cbs),
        # KWB 2019 files its income figure under income year 2017
        _row("gem_inkomen_per_inwoner", "GM0014", 2017, 25.4, tabel="84583NED", status="demo",
             **cbs),
    )  # fmt: skip
    quoted = _frame(
        _row("kinderen_laag_inkomen_pct", "GM0114", 2022, 8.4),
        _row("kinderen_laag_inkomen_pct", "GM0114", 2022, 9.9, bron="RTV Drenthe"),
        _row("gem_inkomen_per_inwoner", "GM0014", 2019, 24.7, bron="CBS", tabel="84583NED"),
        _row("kinderen_laag_inkomen_pct", "GM0114", 2019, 7.0),  # no monitor value that year
    )
    kinds = pd.Series(["primair", "secundair", "primair", "primair"])
    _values, refs = references.split(
        quoted, kinds, set(table["indicator"]), api_tables={"84583NED"}
    )
    test = references.back_test(table, refs)
    got = {
        (r.indicator, r.jaar): (r.monitor, r.gepubliceerd, round(r.verschil, 1), r.monitor_status)
        for r in test.itertuples()
    }
    assert got == {
        ("kinderen_laag_inkomen_pct", 2022): (8.0, 8.4, 0.4, "echt"),
        ("gem_inkomen_per_inwoner", 2017): (25.4, 24.7, -0.7, "demo"),
    }
    with_secondary = references.back_test(table, refs, primary_only=False)
    assert len(with_secondary) == 3


def test_one_vintage_per_series_a_revised_series_replaces_the_first_release() -> None:
    first = "https://planbureau.example/2018"  # the first release (2018 text)
    revised = "https://planbureau.example/herzien"
    later = "https://planbureau.example/2022"
    note = "opmerking: oorspronkelijke indicator: pct_persons_22_26_low_income (revised series)"
    ya = "jongvolwassenen_laag_inkomen_pct"
    quoted = _frame(
        _row(ya, "VK_planbureaus", 2014, 11.8, bron_url=first),
        _row(ya, "NL01", 2014, 9.0, bron_url=first),  # same release, other region
        _row("jongvolwassenen_mannen_laag_inkomen_pct", "VK_planbureaus", 2014, 10.7,
             bron_url=first),  # another series of that release: no revision exists
        _row(ya, "VK_planbureaus", 2014, 9.5, bron_url=revised, definitie=note),
        _row(ya, "VK_planbureaus", 2016, 8.8, bron_url=revised, definitie=note),
        _row(ya, "VK_planbureaus", 2020, 5.9, bron_url=later),  # no year in common: kept
    )  # fmt: skip
    values, refs = references.split(quoted, pd.Series(["primair"] * 6), set())
    kept = sorted(zip(values["indicator"], values["regiocode"], values["jaar"], values["waarde"],
                      strict=True))  # fmt: skip
    assert kept == [
        (ya, "VK_planbureaus", 2014, 9.5),
        (ya, "VK_planbureaus", 2016, 8.8),
        (ya, "VK_planbureaus", 2020, 5.9),
        ("jongvolwassenen_mannen_laag_inkomen_pct", "VK_planbureaus", 2014, 10.7),
    ]
    assert sorted(zip(refs["regiocode"], refs["waarde"], strict=True)) == [
        ("NL01", 9.0),
        ("VK_planbureaus", 11.8),
    ]
    assert all(r.startswith("oudere versie van de reeks") and revised in r for r in refs["reden"])


def test_without_a_revised_series_the_duplicate_rule_still_decides() -> None:
    ya = "jongvolwassenen_laag_inkomen_pct"
    quoted = _frame(
        _row(ya, "VK_planbureaus", 2014, 11.8, bron_url="https://a.example/1"),
        _row(ya, "VK_planbureaus", 2014, 9.5, bron_url="https://a.example/2"),
    )
    values, refs = references.split(quoted, pd.Series(["primair"] * 2), set())
    assert list(values["waarde"]) == [11.8] and list(refs["reden"]) == [references.REASON_DUPLICATE]
