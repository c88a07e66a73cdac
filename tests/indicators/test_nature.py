"""The nature of poverty: context measures per kapitaalsvorm."""

from __future__ import annotations

import math

from avk_analysis.indicators import nature
from tests.indicators.helpers import rows, table


def _data():
    return table(
        rows("inwoners", {"GM0114": 100_000, "PV22": 500_000}, 2024, tabel="K24"),
        rows("personen_bijstand", {"GM0114": 2_500, "PV22": 10_000}, 2024, tabel="K24"),
        # another table holds other inhabitants: never the base of K24's count
        rows("inwoners", {"GM0114": 1}, 2024, tabel="K23"),
        rows("opleidingsniveau_laag", {"GM0114": 300}, 2024, tabel="K24"),
        rows("opleidingsniveau_middelbaar", {"GM0114": 500}, 2024, tabel="K24"),
        rows("opleidingsniveau_hoog", {"GM0114": 200}, 2024, tabel="K24"),
        rows("mediaan_vermogen_hh", {"GM0114": 120.5}, 2022, tabel="K24"),
    )


def test_counts_become_rates_of_the_same_table() -> None:
    df = _data()
    got = nature.value(df, nature.measure("bijstand"), "GM0114", 2024)
    assert got["waarde"] == 25.0 and got["tabel"] == "K24"
    assert nature.value(df, nature.measure("bijstand"), "PV22", 2024)["waarde"] == 20.0


def test_education_share_of_the_three_levels() -> None:
    got = nature.value(_data(), nature.measure("opleiding_laag"), "GM0114", 2024)
    assert got["waarde"] == 30.0


def test_missing_part_gives_no_number() -> None:
    df = _data()
    df = df.loc[df["indicator"] != "opleidingsniveau_hoog"]
    assert math.isnan(nature.value(df, nature.measure("opleiding_laag"), "GM0114", 2024)["waarde"])
    assert math.isnan(nature.value(df, nature.measure("jeugdzorg"), "GM0114", 2024)["waarde"])


def test_context_figures_one_year_per_measure() -> None:
    got = nature.context_figures(_data(), ["GM0114", "PV22"], 2025)
    vermogen = got.loc[got["maat"] == "vermogen"]
    assert set(vermogen["jaar"]) == {2022}
    assert math.isnan(vermogen.loc[vermogen["regiocode"] == "PV22", "waarde"].iloc[0])
    assert set(got["kapitaalsvorm"]) <= set(nature.KAPITAALSVORMEN)


def test_comparison_codes() -> None:
    assert nature.comparison_codes("GM0106", "planbureaus") == [
        "GM0106", "VK_planbureaus", "PV22", "NL01"
    ]  # fmt: skip


def test_who_has_a_low_income_per_characteristic() -> None:
    df = table(
        rows("hh_laag_inkomen_aantal", {"GM0114": 4_000}, 2023),
        rows("hh_laag_inkomen_pct_eenouder", {"GM0114": 24.0}, 2023),
        rows("hh_laag_inkomen_aantal_eenouder", {"GM0114": 1_000}, 2023),
        rows("hh_laag_inkomen_pct_eenpersoons", {"GM0114": 12.0}, 2023),
        rows("hh_laag_inkomen_aantal_eenpersoons", {"GM0114": math.nan}, 2023),
        # an older year of one characteristic: never mixed into the 2023 rows
        rows("hh_laag_inkomen_pct_eenpersoons", {"GM0114": 30.0}, 2021),
    )
    got = nature.low_income_by_characteristic(df, "GM0114", 2025).set_index("kenmerk")
    assert got.loc["eenouder", "pct"] == 24.0 and got.loc["eenouder", "deel"] == 25.0
    assert got.loc["eenpersoons", "pct"] == 12.0 and math.isnan(got.loc["eenpersoons", "deel"])
    assert set(got["jaar"]) == {2023}
    assert got.loc["eenouder", "groep"] == "samenstelling"
    assert list(dict.fromkeys(got["groep"])) == list(nature.KENMERK_GROUPS)
    assert math.isnan(got.loc["huur_met_toeslag", "pct"])  # no figure, never zero
