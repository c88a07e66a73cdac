"""The words and display tables made from the indicators: Dutch cells, sentences, alt texts."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis import narrative
from avk_analysis.indicators import select
from tests.indicators.helpers import rows, table
from tests.indicators.test_changes import _key
from tests.indicators.test_generational import _data as _generational
from tests.indicators.test_scale import PCT
from tests.indicators.test_scale import _data as _scale


def test_missing_figure_is_never_zero() -> None:
    fig = select.figure(_scale(), PCT, "GM0106", 2023)
    assert narrative.show(fig) == "geen gegevens"
    secret = select.Figure(PCT, "GM0114", 2023, math.nan, "x", "demo", "CBS", "T")
    assert narrative.show(secret) == "geheim"


def test_key_figures_table_uses_latest_year_and_counts() -> None:
    display, numeric = narrative.key_figures(_scale(), 2025, gemeente="GM0114")
    row = display[display.Indicator.str.startswith("Minderjarige kinderen in huishoudens met laag")]
    row = row[~row.Indicator.str.contains("langdurig")].iloc[0]
    assert row["Jaar"] == "2023"
    assert row["Emmen"] == "8,4 % (1.460)"
    assert row["Nederland"] == "7,0 %"
    assert set(numeric.columns) == {
        "indicator",
        "regiocode",
        "regio",
        "jaar",
        "waarde",
        "symbool",
        "status",
    }


def test_position_text_compares_with_province_and_nl() -> None:
    text = narrative.position_text(_scale(), "GM0114", PCT, 2025)
    assert "Emmen" in text and "8,4 %" in text and "2023" in text
    assert "hoger dan in de provincie Drenthe (6,0 %)" in text
    assert "hoger dan in Nederland (7,0 %)" in text
    assert "geen cijfer" in narrative.position_text(_scale(), "GM0106", PCT, 2025)


def test_bars_alt_names_highest_gemeente() -> None:
    from avk_analysis.indicators import scale

    bars = scale.gemeenten_bars(_scale(), PCT, 2023)
    assert "Hoogste: Emmen (8,4 %)" in narrative.bars_alt(bars, "kinderen")


def test_changes_table_in_words() -> None:
    now = _key(
        {
            ("kinderen_laag_inkomen_pct", "NL01"): (2024, 9.0),
            ("hh_langdurig_laag_inkomen_pct", "NL01"): (2024, math.nan),
        }
    )
    before = _key(
        {
            ("kinderen_laag_inkomen_pct", "NL01"): (2023, 7.0),
            ("hh_langdurig_laag_inkomen_pct", "NL01"): (2023, 2.0),
        }
    )
    out = narrative.changes_table(now, before)
    first = out.iloc[0]
    assert first["Verschil (procentpunt)"] == "+2,0"
    assert first["Deze editie"] == "9,0 % (2024)" and first["Vorige editie"] == "7,0 % (2023)"
    gap = out[out.indicator == "hh_langdurig_laag_inkomen_pct"].iloc[0]
    assert gap["Verschil (procentpunt)"] == "" and "ontbreekt" in gap["Opmerking"]
    assert gap["Deze editie"] == "geen gegevens"


def test_definition_break_is_reported() -> None:
    df = table(
        rows("kwb_hh_laag_inkomen_pct", {"GM0114": 8.0}, 2021),
        rows("personen_in_armoede_pct", {"GM0114": 3.7}, 2022),
    )
    notes = narrative.definition_break_notes(df, 2025)
    assert len(notes) == 1 and "Vanaf 2022" in notes[0] and "tot en met 2021" in notes[0]
    assert narrative.definition_break_notes(df, 2021) == []


def test_generational_table_cites_sources_and_marks_unsure() -> None:
    tab, sources = narrative.generational_table(_generational())
    young = tab[tab.Indicator.str.startswith("Jongvolwassenen")].iloc[0]
    assert young["2016"] == "8,8 % [1]"
    assert young["2020"] == "5,9 % * [2]"
    assert "https://a.example/2" in sources and sources.count("\n") == 1
    assert "99" not in tab.to_string()


def test_young_adults_alt() -> None:
    from avk_analysis.indicators import generational

    s = generational.young_adults_series(_generational())
    assert "2020: 5,9 %" in narrative.young_adults_alt(s)


def test_gemeenten_table_has_every_gemeente() -> None:
    display, numeric = narrative.gemeenten_table(_scale(), 2025)
    assert len(display) == 22 and "Emmen (VK)" in set(display["Gemeente"])
    emmen = display[display.Gemeente == "Emmen (VK)"].iloc[0]
    assert emmen["Kinderen laag ink. (2023)"] == "8,4 %" and emmen["Kinderen, aantal"] == "1.460"
    assert isinstance(numeric, pd.DataFrame) and not numeric.empty
