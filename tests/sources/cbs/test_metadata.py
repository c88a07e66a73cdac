"""Run-time key resolution against CBS's real metadata: stems, titles, categories by key.

The ``DataProperties`` and code lists are CBS's own answers (``recorded.py``), so a key or title
the monitor expects but CBS does not send makes these tests fail.
"""

from __future__ import annotations

import pytest

from avk_analysis.sources.cbs import metadata, tables
from avk_analysis.sources.cbs.client import CbsMissingMeasure

from .recorded import kwb2024_properties, lli_properties, v4_codes

KWB23, KWB24, KWB25 = "85618NED", "85984NED", "86165NED"


def test_stem_strips_only_the_ordinal() -> None:
    assert metadata.stem("HuishoudensMetEenLaagInkomen_87") == "HuishoudensMetEenLaagInkomen"
    assert metadata.stem("k_40PersonenMetLaagsteInkomen_79") == "k_40PersonenMetLaagsteInkomen"
    assert metadata.stem("AantalInwoners") == "AantalInwoners"


def _resolve(table_id: str, props: list[dict], year: int | None = None) -> dict[str, dict]:
    spec = tables.get(table_id)
    return metadata.resolve_measures(table_id, props, spec.measures, year or spec.year)


def test_the_two_releases_of_kwb_2024_resolve_to_the_same_indicators() -> None:
    early = _resolve(KWB24, kwb2024_properties("2025-03"))
    later = _resolve(KWB24, kwb2024_properties("later"))
    assert early["gem_inkomen_per_inwoner"]["Key"] == "GemiddeldInkomenPerInwoner_83"
    assert later["gem_inkomen_per_inwoner"]["Key"] == "GemiddeldInkomenPerInwoner_78"
    assert early["personen_bijstand"]["Key"] == "PersonenPerSoortUitkeringBijstand_94"
    assert later["personen_bijstand"]["Key"] == "PersonenPerSoortUitkeringBijstand_87"
    assert later["personen_in_armoede_pct"]["Key"] == "PersonenInArmoede_81"
    assert "personen_in_armoede_pct" not in early  # added in a later release: no error
    assert set(early) | {"personen_in_armoede_pct", "personen_tot_25_boven_armoedegrens_pct"} == (
        set(later)
    )


def test_2024_never_reads_the_old_household_block() -> None:
    found = _resolve(KWB24, kwb2024_properties("2025-03"))  # the block is there, empty
    assert "kwb_hh_laag_inkomen_pct" not in found
    assert "kwb_hh_sociaal_minimum_pct" not in found


def test_kwb_2023_reads_the_household_block_by_its_stems() -> None:
    # 85984NED's 2025-03 answer stands in for 85618NED: the same stems (FINDINGS §3)
    found = _resolve(KWB23, kwb2024_properties("2025-03"))
    assert found["kwb_hh_laag_inkomen_pct"]["Key"] == "HuishoudensMetEenLaagInkomen_89"
    assert found["kwb_hh_tot_120_sm_pct"]["Key"] == "HuishoudensTot120VanSociaalMinimum_92"
    assert "personen_in_armoede_pct" not in found


def test_education_is_found_under_its_new_names_from_2023() -> None:
    found = _resolve(KWB24, kwb2024_properties("later"))
    assert found["opleidingsniveau_laag"]["Key"] == "BasisonderwijsVmboMbo1_75"
    assert found["opleidingsniveau_middelbaar"]["Key"] == "HavoVwoMbo24_76"
    assert found["opleidingsniveau_hoog"]["Key"] == "HboWo_77"


def test_missing_required_measure_names_table_and_measure() -> None:
    props = [
        p
        for p in kwb2024_properties("2025-03")
        if not p["Key"].startswith("HuishoudensMetEenLaagInkomen")
    ]
    with pytest.raises(CbsMissingMeasure) as err:
        _resolve(KWB23, props)
    assert "85618NED" in str(err.value) and "HuishoudensMetEenLaagInkomen" in str(err.value)
    assert err.value.table_id == "85618NED"


def test_missing_optional_measure_is_no_error() -> None:
    props = [
        p
        for p in kwb2024_properties("later")
        if not p["Key"].startswith("PersonenPerSoortUitkeringBijstand")
    ]
    found = _resolve(KWB24, props)
    assert "personen_bijstand" not in found and "inwoners" in found


@pytest.mark.parametrize("table_id", ["83921NED", "84641NED", "85678NED", "86006NED"])
def test_every_recorded_lli_table_resolves_all_subjects_by_key(table_id: str) -> None:
    with metadata.collect_fallbacks() as fallbacks:
        found = _resolve(table_id, lli_properties(table_id))
    children = "Kinderen" if table_id in ("83921NED", "84641NED") else "MinderjarigeKinderen"
    assert found["kinderen_aantal"]["Key"] == f"{children}_3"
    assert found["kinderen_pct"]["Key"] == f"{children}Relatief_6"
    assert found["hh_pct"]["Key"] == "ParticuliereHuishoudensRelatief_4"
    assert found["personen_aantal"]["Key"] == "Personen_2"
    assert fallbacks == []  # every measure by its key, none by title


def test_a_renamed_lli_measure_is_found_by_title_and_the_fallback_is_recorded() -> None:
    props = lli_properties("85678NED")
    for prop in props:
        if prop["Key"] == "MinderjarigeKinderen_3":
            prop["Key"] = "KinderenTot18Jaar_3"  # a new key, CBS's title "Minderjarige kinderen"
    with metadata.collect_fallbacks() as fallbacks:
        found = _resolve("85678NED", props)
    assert found["kinderen_aantal"]["Key"] == "KinderenTot18Jaar_3"
    assert [f.found for f in fallbacks] == ["KinderenTot18Jaar_3"]
    line = metadata.fallback_summary(fallbacks)
    assert "85678NED" in line and "MinderjarigeKinderen" in line and "KinderenTot18Jaar_3" in line


def test_a_missing_children_measure_is_an_error_in_a_confirmed_edition() -> None:
    props = [p for p in lli_properties("84641NED") if not p["Key"].startswith("Kinderen")]
    with pytest.raises(CbsMissingMeasure, match=r"84641NED.*MinderjarigeKinderen"):
        _resolve("84641NED", props)


def test_dimensions_by_type_and_key() -> None:
    props = lli_properties("86006NED")
    assert metadata.geo_dimension("T", props) == "RegioS"
    assert metadata.time_dimension(props) == "Perioden"
    assert metadata.find_dimension("T", props, "inkomensgrens") == "InkomensgrensHuishouden"
    assert metadata.find_dimension("T", props, "kenmerken") == "KenmerkenVanHuishoudens"
    assert metadata.find_dimension("T", props, "geslacht", required=False) is None
    with pytest.raises(CbsMissingMeasure, match="geslacht"):
        metadata.find_dimension("T", props, "geslacht")
    with pytest.raises(CbsMissingMeasure, match="regiodimensie"):
        metadata.geo_dimension("T", [p for p in props if p["Type"] != "GeoDimension"])


def test_real_category_keys_and_titles_are_the_registered_ones() -> None:
    duur = v4_codes("DuurInkomenspositie")
    grens = v4_codes("InkomensgrensHuishouden")
    kenmerken = v4_codes("KenmerkenVanHuishoudens")
    with metadata.collect_fallbacks() as fallbacks:
        assert (
            metadata.category_key(
                "85678NED",
                "DuurInkomenspositie",
                duur,
                tables.LLI_VIER_JAAR_OF_LANGER,
                tables.LLI_KEYS_VIER_JAAR_OF_LANGER,
            )
            == "A028724"
        )
        assert (
            metadata.category_key(
                "85678NED",
                "InkomensgrensHuishouden",
                grens,
                tables.LLI_LAGE_INKOMENSGRENS,
                tables.LLI_KEYS_LAGE_INKOMENSGRENS,
            )
            == "1050290"
        )
    assert fallbacks == []
    # the title alone finds each of them too (the fallback), among CBS's real categories
    assert metadata.category_key("T", "D", duur, tables.LLI_VIER_JAAR_OF_LANGER) == "A028724"
    assert metadata.category_key("T", "D", duur, tables.LLI_TEN_MINSTE_1_JAAR) == "A028721"
    assert metadata.category_key("T", "G", grens, tables.LLI_LAGE_INKOMENSGRENS) == "1050290"
    assert metadata.category_key("T", "K", kenmerken, tables.LLI_TOTAAL_HUISHOUDENS) == "1050010"


def test_the_old_guessed_titles_do_not_exist_in_cbs_answers() -> None:
    duur = v4_codes("DuurInkomenspositie")
    with pytest.raises(CbsMissingMeasure) as err:
        metadata.category_key("85678NED", "DuurInkomenspositie", duur, "Ten minste 4 jaar")
    assert "A028724='Vier jaar of langer'" in str(err.value)
    grens = v4_codes("InkomensgrensHuishouden")
    assert not [c for c in grens if "beleidsmatig" in c["Title"].lower()]


def test_category_by_key_even_when_the_title_changed() -> None:
    cats = [dict(c) for c in v4_codes("DuurInkomenspositie")]
    cats[1]["Title"] = "Langdurig (4 jaar of langer)"
    with metadata.collect_fallbacks() as fallbacks:
        key = metadata.category_key(
            "T", "D", cats, tables.LLI_VIER_JAAR_OF_LANGER, tables.LLI_KEYS_VIER_JAAR_OF_LANGER
        )
    assert key == "A028724" and fallbacks == []


def test_category_title_fallback_is_recorded_once() -> None:
    cats = [dict(c) for c in v4_codes("DuurInkomenspositie")]
    cats[1]["Key"] = "A099999"  # CBS re-coded the category; the title still matches
    with metadata.collect_fallbacks() as fallbacks:
        for _ in range(2):
            key = metadata.category_key(
                "85678NED",
                "DuurInkomenspositie",
                cats,
                tables.LLI_VIER_JAAR_OF_LANGER,
                tables.LLI_KEYS_VIER_JAAR_OF_LANGER,
            )
    assert key == "A099999" and len(fallbacks) == 1
    assert "A028724" in fallbacks[0].text() and "A099999" in fallbacks[0].text()


def test_thousands_unit() -> None:
    units = {p["Key"]: p for p in lli_properties("85678NED") if p["Type"] == "Topic"}
    assert metadata.is_thousands(units["MinderjarigeKinderen_3"])
    assert not metadata.is_thousands(units["MinderjarigeKinderenRelatief_6"])
    assert not metadata.is_thousands({"Unit": "aantal"})
