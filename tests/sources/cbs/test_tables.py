"""Tests of the table registry: ids, catalogue coverage, required/optional editions."""

from __future__ import annotations

import pytest

from avk_analysis.sources.cbs import tables
from avk_analysis.vocabulary import catalogue


def test_registry_ids() -> None:
    assert tables.table_ids(tables.KIND_KWB) == [
        "83765NED", "84286NED", "84583NED", "84799NED", "85039NED",
        "85318NED", "85618NED", "85984NED", "86165NED",
    ]  # fmt: skip
    assert tables.table_ids(tables.KIND_LLI) == [
        "83921NED", "84641NED", "85678NED", "86006NED", "86202NED",
    ]  # fmt: skip
    assert tables.get("85984NED").year == 2024
    assert tables.get("85678NED").year == 2023
    assert tables.get("86006NED").year == 2024
    # 85678NED is discontinued ("Gediscontinueerd"), succeeded by 86006NED (its Properties)
    assert tables.get("85678NED").successor == "86006NED"
    assert tables.get("86006NED").successor == ""
    with pytest.raises(KeyError, match="niet in het register"):
        tables.get("12345NED")


def test_every_produced_indicator_is_in_the_catalogue() -> None:
    codes = {m.name for m in tables.KWB_MEASURES}
    for table_id in tables.table_ids(tables.KIND_LLI):
        for subject in tables.lli_subjects(table_id):
            codes |= {subject.basis}
            codes |= {subject.indicator(lang, kind) for lang in (False, True)
                      for kind in ("aantal", "pct")}  # fmt: skip
    for code in codes:
        assert catalogue.get(code).label


def test_old_block_and_new_poverty_line_are_separate_series() -> None:
    old = catalogue.get("kwb_hh_laag_inkomen_pct")
    new = catalogue.get("personen_in_armoede_pct")
    assert old.series != new.series
    by_name = {m.name: m for m in tables.KWB_MEASURES}
    assert by_name["kwb_hh_laag_inkomen_pct"].applies(2023)
    assert not by_name["kwb_hh_laag_inkomen_pct"].applies(2024)
    assert not by_name["personen_in_armoede_pct"].applies(2023)
    # filled in a later release of KWB 2024: absent means "no figure", never an error
    assert not by_name["personen_in_armoede_pct"].required(2024)
    assert by_name["personen_in_armoede_pct"].filled_later
    assert not by_name["kwb_hh_tot_120_sm_pct"].applies(2017)
    assert by_name["inwoners"].required(2017) and by_name["inwoners"].required(2025)
    assert not by_name["personen_bijstand"].required(2020)


def test_lli_measures_per_edition() -> None:
    # 83921NED publishes persons and children too (its v3 columns Personen_2, Kinderen_3)
    hh, personen, kinderen = tables.lli_subjects("83921NED")
    assert hh.count.required(2017) and personen.count.required(2017)
    assert kinderen.count.stems == ("MinderjarigeKinderen", "Kinderen")
    _hh, personen, kinderen = tables.lli_subjects("86006NED")
    assert personen.share.required(2024) and kinderen.count.required(2024)
    _hh, _p, kinderen = tables.lli_subjects("86202NED")  # known from third-party code only
    assert not kinderen.count.required(2025)
    assert kinderen.indicator(True, "pct") == "kinderen_langdurig_laag_inkomen_pct"
    assert "kinderen_langdurig_laag_inkomen_pct" in tables.get("86006NED").indicators()
    assert "kinderen_basis" in tables.get("86006NED").indicators()


def test_lli_periods_start_in_2011_as_at_cbs() -> None:
    assert tables.LLI_PERIODS["83921NED"] == (2011, 2016)
    assert tables.LLI_PERIODS["84641NED"] == (2011, 2018)
    assert tables.LLI_PERIODS["85678NED"] == (2011, 2022)
    assert tables.LLI_PERIODS["86006NED"] == (2011, 2023)
    assert set(tables.LLI_PERIODS) == set(tables.table_ids(tables.KIND_LLI))


def test_context_measures_are_optional_and_found_by_stem() -> None:
    from avk_analysis.sources.cbs import metadata

    from .recorded import kwb2024_properties

    by_name = {m.name: m for m in tables.KWB_MEASURES}
    for name in tables.KWB_CONTEXT_MEASURES:
        assert not by_name[name].required(2018) and not by_name[name].required(2024), name
        assert catalogue.get(name).unit in (catalogue.PCT, "aantal", "x 1 000 euro")
    assert not by_name["mediaan_vermogen_hh"].applies(2017)
    # CBS's real KWB 2024 metadata without the context topics: reading still works, they are
    # skipped (the build names them).
    props = [
        p
        for p in kwb2024_properties()
        if not str(p.get("Key", "")).startswith(
            ("PersonenPerSoortUitkering", "JongerenMet", "Mediaan", "Basisonderwijs", "Havo", "Hbo")
        )
    ]
    found = metadata.resolve_measures("85318NED", props, tables.KWB_MEASURES, 2022)
    assert not set(tables.KWB_CONTEXT_MEASURES) & set(found)
    # With a column of another ordinal, the stem finds it; AO never takes the AOW column.
    extra = [
        {"Type": "Topic", "Key": "PersonenPerSoortUitkeringAOW_91", "ID": 900,
         "Title": "Personen per soort uitkering; AOW"},
        {"Type": "Topic", "Key": "PersonenPerSoortUitkeringAO_88", "ID": 901,
         "Title": "Personen per soort uitkering; AO"},
        {"Type": "Topic", "Key": "OpleidingsniveauLaag_64", "ID": 902,
         "Title": "Opleidingsniveau laag"},
    ]  # fmt: skip
    found = metadata.resolve_measures("85318NED", props + extra, tables.KWB_MEASURES, 2022)
    assert found["personen_ao_uitkering"]["Key"] == "PersonenPerSoortUitkeringAO_88"
    assert found["personen_aow_uitkering"]["Key"] == "PersonenPerSoortUitkeringAOW_91"
    assert found["opleidingsniveau_laag"]["Key"] == "OpleidingsniveauLaag_64"


def test_the_keys_page_covers_every_registered_table_and_key() -> None:
    from avk_analysis.vocabulary import paths

    page = (paths.project_root() / "docs" / "cbs_sleutels.md").read_text(encoding="utf-8")
    for table_id in tables.table_ids():
        assert f"| {table_id} |" in page, table_id
    for keys in (
        tables.LLI_KEYS_LAGE_INKOMENSGRENS,
        tables.LLI_KEYS_TEN_MINSTE_1_JAAR,
        tables.LLI_KEYS_VIER_JAAR_OF_LANGER,
        tables.LLI_KEYS_TOTAAL_HUISHOUDENS,
    ):
        for key in keys:
            assert f"`{key}`" in page, key
    for title in (tables.LLI_LAGE_INKOMENSGRENS, tables.LLI_VIER_JAAR_OF_LANGER):
        assert title in page
