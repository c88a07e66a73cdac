"""The words and display tables made from the indicators: Dutch cells, sentences, alt texts."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators import generational, select
from avk_analysis.pipeline import references
from avk_analysis.presentation import narrative
from avk_analysis.vocabulary import regions
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
        "aantal_indicator",
        "aantal",
    }
    download = narrative.key_figures_download(numeric)
    emmen = download.loc[
        (download["indicator"] == "kinderen_laag_inkomen_pct") & (download["regiocode"] == "GM0114")
    ].iloc[0]
    assert (emmen["aandeel_pct"], emmen["aantal"]) == (8.4, 1460.0)  # value and count apart
    keys = display.attrs[narrative.CELL_KEYS]
    assert keys.loc[row.name, "Emmen"] == (
        "kinderen_laag_inkomen_pct|GM0114|2023 kinderen_laag_inkomen_aantal|GM0114|2023"
    )


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


def test_the_break_is_told_once_in_income_years() -> None:
    df = table(
        *[rows("hh_laag_inkomen_pct", {"GM0114": 8.0}, y) for y in (2019, 2023, 2024)],
        rows("kwb_hh_laag_inkomen_pct", {"GM0114": 8.0}, 2023),
        rows("personen_in_armoede_pct", {"GM0114": 3.7}, 2024),
    )
    story = narrative.break_story(df, 2025)
    assert "loopt zonder breuk van 2019 tot en met 2024" in story
    assert "de cijfers van 2024 zijn te vergelijken met die van eerdere jaren" in story
    assert "Vanaf inkomensjaar 2024 meet het CBS armoede daarnaast" in story
    assert "tot en met inkomensjaar 2023" in story
    assert "Kerncijfers 2024" not in story and "Kerncijfers 2023" not in story
    short = narrative.break_story(df, 2025, short=True)
    assert short == (
        "De lage-inkomensgrens loopt zonder breuk door (vergelijkbaar met eerdere jaren); de "
        "nieuwe armoedegrens is een eigen reeks vanaf 2024."
    )
    # an edition before the new line knows nothing of it
    assert "nieuwe" not in narrative.break_story(df, 2023)
    assert narrative.break_story(df.iloc[0:0], 2025) == ""


def test_no_sentence_files_a_kwb_income_under_an_earlier_year() -> None:
    """KWB 2024 holds the income over 2024: no text may say the KWB income is years older."""
    texts = [narrative.year_axis_note(), narrative.lines_definitions(), narrative.terms_list()]
    for text in texts:
        assert "paar jaar eerder" not in text
        assert "vanaf de Kerncijfers" not in text and "tot en met de Kerncijfers" not in text
    assert "Kerncijfers 2024: inkomen over 2024" in narrative.year_axis_note()


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


# --- issue 9: generational poverty, lines, changes, nature, plain words -----------------------
def _gen_data():
    kw = {"bron": "Sociaal Planbureau Groningen", "tabel": "P", "status": "echt"}
    return table(
        rows("kinderen_laag_inkomen_pct", {"GM0106": 7.7, "PV22": 5.3, "NL01": 6.5}, 2024),
        rows("kinderen_laag_inkomen_aantal", {"GM0106": 1010.0}, 2024),
        rows("moeder_laag_inkomen_bij_arme_jongvolwassenen_pct", {"VK_planbureaus": 36.4}, 2014,
             bron_url="https://a.example/1", **kw),
        rows("moeder_laag_inkomen_bij_alle_jongvolwassenen_pct", {"VK_planbureaus": 9.1}, 2014,
             bron_url="https://a.example/1", **kw),
        rows("jongvolwassenen_laag_inkomen_pct", {"VK_planbureaus": 5.9}, 2020,
             bron_url="https://a.example/2", **kw),
    )  # fmt: skip


def test_gemeente_outside_the_region_is_told_the_region_figure_does_not_apply() -> None:
    text = narrative.generational_gemeente_text(_gen_data(), None, "GM0106", 2025, "planbureaus")
    assert "**7,7 %**" in text and "ongeveer 1.010 kinderen" in text
    assert "niet per gemeente bekend" in text
    assert "Assen hoort daar niet bij" in text and "4,0 keer" in text
    assert "9,6 %" in text and "bijna 5,5 % van alle inwoners" in text
    assert "alle kinderen" not in text  # CBS's comparator is all inhabitants
    assert "ongeveer 1,7 keer zo vaak" in text and "twee keer" not in text
    assert "arme" not in text.lower()


def test_the_national_finding_has_one_wording_on_every_page() -> None:
    sentence = narrative.national_transfer_sentence(None)
    report = narrative.national_reference_text(None)
    factsheet = narrative.generational_gemeente_text(
        _gen_data(), None, "GM0106", 2025, "planbureaus"
    )
    assert sentence in report and sentence in factsheet
    for text in (report, factsheet):
        assert text.count("keer zo vaak") == text.count("1,7 keer zo vaak") + text.count(
            "4,0 keer zo vaak"
        )


def test_an_approximate_quote_is_shown_as_its_source_words_it() -> None:
    row = pd.Series(
        {"waarde": 7.0, "definitie": "… (opmerking: oorspronkelijke indicator: "
         "pct_persons_22_26_low_income (approx 'net geen 7%'))"}
    )  # fmt: skip
    assert narrative.quoted_pct(row) == "net geen 7 %"
    row["definitie"] = "x (approx 'bijna')"
    assert narrative.quoted_pct(row) == "bijna 7,0 %"
    row["definitie"] = "x"
    assert narrative.quoted_pct(row) == "7,0 %"


def test_an_earlier_vintage_is_named_beside_the_revised_figure() -> None:
    refs = pd.DataFrame(
        [
            {"indicator": "jongvolwassenen_laag_inkomen_pct", "regiocode": "VK_planbureaus",
             "jaar": 2014, "waarde": 11.8, "definitie": "",
             "reden": references.REASON_VINTAGE.format(url="https://a.example/1")},
        ]
    )  # fmt: skip
    revised = _gen_data()
    extra = table(
        rows("jongvolwassenen_laag_inkomen_pct", {"VK_planbureaus": 9.5}, 2014,
             bron="Trendbureau Drenthe", tabel="P", status="echt", bron_url="https://a.example/1")
    )  # fmt: skip
    revised = pd.concat([revised, extra], ignore_index=True)
    text = narrative.young_adults_text(revised, "Veenkoloniën", refs)
    assert "in 2014 11,8 %" in text and "(9,5 % voor hetzelfde jaar)" in text
    assert "herzien" not in narrative.young_adults_text(revised, "Veenkoloniën")


def test_gemeente_inside_the_region_reads_the_region_figure_as_context() -> None:
    text = narrative.generational_gemeente_text(_gen_data(), None, "GM0114", 2025, "planbureaus")
    assert "Emmen hoort bij dat gebied" in text
    assert "Voor Emmen is geen cijfer over kinderen" in text  # no figure: said, not left out


def test_young_adults_text_states_the_level_and_the_ratio() -> None:
    text = narrative.young_adults_text(_gen_data(), "Veenkoloniën")
    assert "5,9 %" in text and "**4,0 keer zo vaak**" in text and "niet per gemeente" in text
    assert "geen cijfers" in narrative.young_adults_text(_gen_data().iloc[0:0], "VK")


def test_abbreviations_are_spelled_out_once() -> None:
    note = narrative.abbreviations_note()
    for short in ("KWB", "LLI", "SPG", "TD", "CBS", "SCP", "Nibud", "RUG", "AVK"):
        assert f"{short} = " in note
    assert narrative.veenkolonien_members("planbureaus").startswith("de 10 gemeenten ")
    assert " en Emmen" in narrative.veenkolonien_members("planbureaus")


def test_province_disagreement_is_flagged() -> None:
    gm = regions.gemeenten()
    members = gm.loc[gm["provinciecode"] == "PV22", "gemeentecode"].tolist()
    df = table(
        rows("kinderen_laag_inkomen_pct", {"PV22": 6.0, **dict.fromkeys(members, 6.0)}, 2023),
        rows("kinderen_laag_inkomen_pct", {"PV22": 7.0, **dict.fromkeys(members, 5.0)}, 2024),
    )
    notes = narrative.province_check_notes(df, until=2025, demo=True)
    drenthe = next(n for n in notes if "Drenthe" in n)
    assert drenthe.startswith("**Let op:**")
    assert "in de provincie gestegen (+1,0 procentpunt)" in drenthe
    assert "in de gemeenten samen gedaald (-1,0 procentpunt)" in drenthe
    assert "van de 12 gemeenten stegen er 0, daalden er 12 en bleven er 0 ongeveer" in drenthe
    assert "demonstratiecijfers" in drenthe
    groningen = next(n for n in notes if "Groningen" in n)
    assert "niet met de gemeenten te vergelijken" in groningen


def test_region_changes_table_marks_the_energy_year() -> None:
    df = table(
        rows("kinderen_laag_inkomen_pct", {"PV20": 8.0}, 2021),
        rows("kinderen_laag_inkomen_pct", {"PV20": 6.0}, 2022),
    )
    got = narrative.region_changes_table(df, ["PV20", "PV22"], until=2025)
    assert len(got) == 1  # PV22 has no figure at all: not a row
    r = got.iloc[0]
    assert r["Verschil (procentpunt)"] == "-2,0" and r["Richting"] == "gedaald"
    assert "energietoeslag" in r["Opmerking"]


def test_nature_table_says_a_median_cannot_be_added() -> None:
    df = table(rows("mediaan_vermogen_hh", {"GM0114": 120.5, "NL01": 150.0}, 2022))
    got = narrative.nature_table(df, ["GM0114", "PV22", "NL01"], 2025)
    row = got.loc[got["Maat"].str.startswith("Mediaan")].iloc[0]
    assert row["Emmen"] == "120,5" and row["Drenthe (provincie)"] == narrative.NOT_ADDABLE
    assert "sociaal kapitaal" in narrative.nature_gaps_text()


def test_lines_table_one_row_per_line_with_published_value() -> None:
    df = table(
        rows("hh_laag_inkomen_pct", {"PV20": 9.0, "PV22": 7.0}, 2021),
        rows("personen_in_armoede_pct", {"PV20": 4.0}, 2022),
    )
    refs = pd.DataFrame(
        {
            "indicator": ["hh_laag_inkomen_pct"],
            "regiocode": ["PV20"],
            "regionaam": ["Groningen"],
            "jaar": [2021],
            "eenheid": ["%"],
            "waarde": [9.4],
            "bron": ["Sociaal Planbureau Groningen"],
            "soort_bron": ["primair"],
            "onzeker": [False],
            "bron_url": ["https://spg.example"],
            "tabel": ["CBS lage-inkomensgrens"],
        }
    )
    got = narrative.lines_table(df, refs, ["PV20", "PV22"], until=2025)
    assert list(got["Inkomensjaren"]) == ["2021", "2022"]
    first, new = got.iloc[0], got.iloc[1]
    assert first["Groningen (provincie)"] == "9,0 %" and first["Drenthe (provincie)"] == "7,0 %"
    assert "9,4 %" in first["Gepubliceerd door planbureau"]
    assert "monitor 9,0 %" in first["Gepubliceerd door planbureau"]
    assert new["Drenthe (provincie)"] == "geen gegevens"
    assert new["Gepubliceerd door planbureau"] == "geen"
    assert "armoedegrens" in narrative.lines_definitions()


def test_province_that_agrees_with_its_gemeenten_gets_no_check_sentence() -> None:
    gm = regions.gemeenten()
    members = gm.loc[gm["provinciecode"] == "PV22", "gemeentecode"].tolist()
    df = table(
        rows("kinderen_laag_inkomen_pct", {"PV22": 6.0, **dict.fromkeys(members, 6.0)}, 2023),
        rows("kinderen_laag_inkomen_pct", {"PV22": 7.0, **dict.fromkeys(members, 7.0)}, 2024),
    )
    notes = narrative.province_check_notes(df, until=2025)
    assert not [n for n in notes if "Drenthe" in n]
    assert not any("klopt" in n for n in notes)


def test_terms_list_explains_the_jargon_once() -> None:
    text = narrative.terms_list()
    for word in ("Procentpunt", "Doelgroep", "Langdurig", "KWB = ", "LLI = "):
        assert text.count(word) == 1, word


def test_wijk_names_drop_only_a_trailing_gemeente_name() -> None:
    wijken = pd.DataFrame({"Wijk": ["Wijk 03 Midden-Groningen", "Emmen-Centrum", "Wijk 1 Emmen"]})
    out = narrative.without_gemeente_name(wijken, "Wijk", "Emmen")
    assert out["Wijk"].tolist() == ["Wijk 03 Midden-Groningen", "Emmen-Centrum", "Wijk 1"]


def test_changes_table_says_the_five_year_direction_in_words() -> None:
    df = table(
        *[
            rows("kinderen_laag_inkomen_pct", {"PV22": v, "NL01": 6.0}, y)
            for y, v in zip(range(2018, 2025), [8.0, 8.8, 8.0, 7.0, 5.0, 6.0, 6.1], strict=True)
        ]
    )
    got = narrative.region_changes_table(
        df, ["PV22", "NL01"], until=2025, indicators=["kinderen_laag_inkomen_pct"]
    )
    drenthe, nl = got.iloc[0], got.iloc[1]
    assert drenthe["Richting"] == "ongeveer gelijk"  # +0,1: within rounding
    assert drenthe[narrative.LONG_COLUMN] == "gedaald (van 8,8 % in 2019)"
    assert nl[narrative.LONG_COLUMN] == "ongeveer gelijk (van 6,0 % in 2019)"
    assert "afronding en toeval" in narrative.direction_rule_text()
    assert "Ongeveer gelijk" in narrative.terms_list()


def test_a_factsheet_shows_a_key_figure_once() -> None:
    df = table(
        rows("mediaan_vermogen_hh", {"GM0114": 120.5, "NL01": 150.0}, 2022),
        rows("personen_in_armoede_pct", {"GM0114": 3.4, "NL01": 3.8}, 2024),
    )
    full = narrative.nature_table(df, ["GM0114", "NL01"], 2025)
    short = narrative.nature_table(df, ["GM0114", "NL01"], 2025, leave_out=narrative.IN_KEY_FIGURES)
    assert len(full) - len(short) == 2  # the new poverty line and long-term children
    assert not short["Maat"].str.contains("armoedegrens").any()
    keys = short.attrs[narrative.CELL_KEYS]
    assert len(keys) == len(short)  # every remaining row keeps its figure keys
    assert keys.loc[short["Maat"].str.startswith("Mediaan")].iloc[0]["Emmen"] == (
        "mediaan_vermogen_hh|GM0114|2022"
    )


def test_the_own_home_ratios_are_told_apart_from_the_all_young_adults_ones() -> None:
    kw = {
        "bron": "Trendbureau Drenthe",
        "tabel": "P",
        "status": "echt",
        "bron_url": "https://t.example",
    }
    low, every = generational.PARENT_PAIRS_OWN_HOME["moeder"]
    own = table(
        rows(low, {"VK_planbureaus": 18.0}, 2020, **kw),
        rows(every, {"VK_planbureaus": 9.0}, 2020, **kw),
    )
    data = pd.concat([_gen_data(), own], ignore_index=True)
    text = narrative.young_adults_text(data, "Veenkoloniën")
    assert "**4,0 keer zo vaak**" in text  # 2014, all young adults (from _gen_data)
    assert "Alleen **uitwonende** jongvolwassenen (2020)" in text
    assert "2,0 keer zo vaak een moeder met een laag inkomen (18,0 % tegen 9,0 %)" in text
    assert "niet met deze te vergelijken" in text
