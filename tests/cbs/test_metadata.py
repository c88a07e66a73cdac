"""Tests of run-time key resolution: ordinals stripped, titles matched, categories by title."""

from __future__ import annotations

import pytest

from avk_analysis.cbs import metadata, tables
from avk_analysis.cbs.client import CbsMissingMeasure

from .fakecbs import load_properties


def test_stem_strips_only_the_ordinal() -> None:
    assert metadata.stem("HuishoudensMetEenLaagInkomen_87") == "HuishoudensMetEenLaagInkomen"
    assert metadata.stem("k_40PersonenMetLaagsteInkomen_79") == "k_40PersonenMetLaagsteInkomen"
    assert metadata.stem("AantalInwoners") == "AantalInwoners"


def test_shifted_ordinals_resolve_to_the_same_indicator() -> None:
    kwb22 = load_properties("kwb2022_DataProperties")
    kwb23 = load_properties("kwb2023_DataProperties")
    spec22, spec23 = tables.get("85318NED"), tables.get("85618NED")
    r22 = metadata.resolve_measures("85318NED", kwb22, spec22.measures, spec22.year)
    r23 = metadata.resolve_measures("85618NED", kwb23, spec23.measures, spec23.year)
    assert r22["kwb_hh_laag_inkomen_pct"]["Key"] == "HuishoudensMetEenLaagInkomen_78"
    assert r23["kwb_hh_laag_inkomen_pct"]["Key"] == "HuishoudensMetEenLaagInkomen_87"
    assert r22["gem_inkomen_per_inwoner"]["Key"] == "GemiddeldInkomenPerInwoner_72"
    assert r23["gem_inkomen_per_inwoner"]["Key"] == "GemiddeldInkomenPerInwoner_81"
    assert set(r22) == set(r23)


def test_2024_resolves_the_new_poverty_line_not_the_old_block() -> None:
    props = load_properties("kwb2024_DataProperties")
    spec = tables.get("85984NED")
    found = metadata.resolve_measures("85984NED", props, spec.measures, spec.year)
    assert found["personen_in_armoede_pct"]["Key"] == "PersonenInArmoede_81"
    assert "kwb_hh_laag_inkomen_pct" not in found
    assert "kwb_hh_sociaal_minimum_pct" not in found


def test_missing_required_measure_names_table_and_measure() -> None:
    props = [
        p
        for p in load_properties("kwb2023_DataProperties")
        if not p["Key"].startswith("HuishoudensMetEenLaagInkomen")
    ]
    spec = tables.get("85618NED")
    with pytest.raises(CbsMissingMeasure) as err:
        metadata.resolve_measures("85618NED", props, spec.measures, spec.year)
    assert "85618NED" in str(err.value) and "HuishoudensMetEenLaagInkomen" in str(err.value)
    assert err.value.table_id == "85618NED"


def test_missing_optional_measure_is_no_error() -> None:
    props = [
        p
        for p in load_properties("kwb2023_DataProperties")
        if not p["Key"].startswith("PersonenPerSoortUitkeringBijstand")
    ]
    spec = tables.get("85618NED")
    found = metadata.resolve_measures("85618NED", props, spec.measures, spec.year)
    assert "personen_bijstand" not in found and "inwoners" in found


def test_new_block_is_optional_in_2025_but_required_in_2024() -> None:
    props = [
        p
        for p in load_properties("kwb2024_DataProperties")
        if not p["Key"].startswith("PersonenInArmoede")
    ]
    found = metadata.resolve_measures("86165NED", props, tables.get("86165NED").measures, 2025)
    assert "personen_in_armoede_pct" not in found
    with pytest.raises(CbsMissingMeasure, match="PersonenInArmoede"):
        metadata.resolve_measures("85984NED", props, tables.get("85984NED").measures, 2024)


def test_title_match_uses_topic_group_when_the_key_differs() -> None:
    props = load_properties("lli_DataProperties")
    found = metadata.resolve_measures("85678NED", props, tables.get("85678NED").measures, 2023)
    assert found["hh_pct"]["Key"] == "ParticuliereHuishoudensRelatief_2"
    assert found["kinderen_aantal"]["Key"] == "MinderjarigeKinderenTotaal_5"
    assert found["kinderen_pct"]["Key"] == "MinderjarigeKinderenPercentage_6"
    assert found["personen_pct"]["Key"] == "PersonenRelatief_4"


def test_dimensions_by_type_and_title() -> None:
    props = load_properties("lli_DataProperties")
    assert metadata.geo_dimension("T", props) == "RegioS"
    assert metadata.time_dimension(props) == "Perioden"
    assert metadata.find_dimension("T", props, "inkomensgrens") == "Inkomensgrens"
    assert metadata.find_dimension("T", props, "kenmerken") == "KenmerkenHuishoudens"
    assert metadata.find_dimension("T", props, "geslacht", required=False) is None
    with pytest.raises(CbsMissingMeasure, match="geslacht"):
        metadata.find_dimension("T", props, "geslacht")
    with pytest.raises(CbsMissingMeasure, match="regiodimensie"):
        metadata.geo_dimension("T", [p for p in props if p["Type"] != "GeoDimension"])


def test_category_key_by_title() -> None:
    cats = [
        {"Key": "A050770 ", "Title": "Lage-inkomensgrens"},
        {"Key": "A050771 ", "Title": "Beleidsmatig minimum"},
    ]
    assert metadata.category_key("T", "Inkomensgrens", cats, "Lage-inkomensgrens") == "A050770"
    assert metadata.category_key("T", "Inkomensgrens", cats, "lage inkomensgrens") == "A050770"
    with pytest.raises(CbsMissingMeasure, match="Ten minste 1 jaar"):
        metadata.category_key("T", "Duur", cats, "Ten minste 1 jaar")


def test_thousands_unit() -> None:
    assert metadata.is_thousands({"Unit": "x 1 000"})
    assert not metadata.is_thousands({"Unit": "%"})
    assert not metadata.is_thousands({"Unit": "aantal"})
