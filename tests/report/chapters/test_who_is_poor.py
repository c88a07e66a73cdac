"""'Wie heeft een laag inkomen?': most often vs most of them, with table id and income year."""

from __future__ import annotations

import math

from avk_analysis.report.chapters import who_is_poor as wie
from avk_analysis.sources.cbs import tables
from tests.indicators.helpers import rows, table


def _data(total: float = 2700.0):
    return table(
        rows("hh_laag_inkomen_aantal", {"GM0114": total, "PV22": 10800.0}, 2024, tabel="86202NED"),
        rows(
            "hh_laag_inkomen_pct_eenpersoons", {"GM0114": 9.3, "PV22": 8.5}, 2024, tabel="86202NED"
        ),
        rows(
            "hh_laag_inkomen_aantal_eenpersoons",
            {"GM0114": 1600.0, "PV22": 7100.0},
            2024,
            tabel="86202NED",
        ),
        rows(
            "hh_laag_inkomen_pct_eenouder", {"GM0114": 18.2, "PV22": 16.3}, 2024, tabel="86202NED"
        ),
        rows(
            "hh_laag_inkomen_aantal_eenouder",
            {"GM0114": 600.0, "PV22": 2500.0},
            2024,
            tabel="86202NED",
        ),
        rows(
            "hh_laag_inkomen_pct_bron_sociale_voorziening",
            {"GM0114": 34.0, "PV22": 30.2},
            2024,
            tabel="86202NED",
        ),
        rows("hh_laag_inkomen_pct_huur_met_toeslag", {"GM0114": 20.5}, 2024, tabel="86202NED"),
        rows("hh_laag_inkomen_aantal_huur_met_toeslag", {"GM0114": 1200.0}, 2024, tabel="86202NED"),
    )


def test_who_most_often_and_who_makes_up_most_in_plain_words() -> None:
    text = wie.region_sentences(_data(), "GM0114", 2025)
    assert text == (
        "In Emmen hebben huishoudens die vooral van bijstand of een andere uitkering leven "
        "(34,0 %) en huurders met huurtoeslag (20,5 %) het vaakst een laag inkomen. Van alle "
        "huishoudens met een laag inkomen zijn mensen die alleen wonen de grootste groep (59 %); "
        "44 % huurt met huurtoeslag (CBS-tabel 86202NED, inkomensjaar 2024)."
    )
    assert wie.gemeente_line(_data(), "GM0114", 2025).startswith("*Wie heeft een laag inkomen?*")


def test_no_part_on_counts_too_small_to_bear_it() -> None:
    small = wie.figures(_data(total=300.0), ["GM0114"], 2025)
    assert small["deel"].isna().all()  # 1.600 of 300, rounded to hundreds: no part at all
    text = wie.region_sentences(_data(total=300.0), "GM0114", 2025)
    assert "grootste groep" not in text and "het vaakst" in text


def test_tables_show_shares_and_parts_per_region_with_keys() -> None:
    shares = wie.shares_table(_data(), ["GM0114", "PV22"], 2025)
    single = shares.loc[shares["Huishoudens"] == "eenpersoonshuishoudens"].iloc[0]
    assert (single["Emmen"], single["Drenthe (provincie)"]) == ("9,3 %", "8,5 %")
    assert len(shares) == len(tables.LLI_KENMERKEN)  # every characteristic, also without data
    keys = shares.attrs["cijfers"].loc[single.name]
    assert keys["Emmen"] == "hh_laag_inkomen_pct_eenpersoons|GM0114|2024"
    parts = wie.parts_table(_data(), ["GM0114", "PV22"], 2025)
    one = parts.loc[parts["Huishoudens"] == "eenoudergezinnen"].iloc[0]
    assert (one["Emmen"], one["Drenthe (provincie)"]) == ("22 %", "23 %")
    assert parts.attrs["cijfers"].loc[one.name, "Emmen"] == (
        "hh_laag_inkomen_deel_eenouder|GM0114|2024"
    )
    assert wie.source_caption(_data(), ["GM0114"], 2025) == "CBS-tabel 86202NED, inkomensjaar 2024"


def test_a_region_without_figures_is_said_plainly() -> None:
    assert "publiceert het CBS geen cijfers" in wie.region_sentences(_data(), "GM1701", 2025)
    assert not wie.has_figures(_data(), ["GM1701"], 2025)
    assert wie.report_codes("programma") == ["PV20", "PV22", "NL01"]
    assert math.isnan(wie.figures(_data(), ["GM1701"], 2025)["pct"].iloc[0])
    assert set(wie.PHRASES) == {k.slug for k in tables.LLI_KENMERKEN}


def test_the_factsheet_line_is_short() -> None:
    assert wie.gemeente_line(_data(), "GM0114", 2025, short=True) == (
        "*Wie heeft een laag inkomen?* Het vaakst huishoudens die vooral van bijstand of een "
        "andere uitkering leven (34,0 %); de grootste groep zijn mensen die alleen wonen (59 %; "
        "CBS 86202NED, 2024)."
    )
    small = wie.gemeente_line(_data(total=300.0), "GM0114", 2025, short=True)
    assert "grootste groep" not in small and small.endswith("(34,0 %; CBS 86202NED, 2024).")
