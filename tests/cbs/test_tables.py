"""Tests of the table registry: ids, catalogue coverage, required/optional editions."""

from __future__ import annotations

import pytest

from avk_analysis import catalogue
from avk_analysis.cbs import tables


def test_registry_ids() -> None:
    assert tables.table_ids(tables.KIND_KWB) == [
        "83765NED", "84286NED", "84583NED", "84799NED", "85039NED",
        "85318NED", "85618NED", "85984NED", "86165NED",
    ]  # fmt: skip
    assert tables.table_ids(tables.KIND_LLI) == ["83921NED", "84641NED", "85678NED", "86202NED"]
    assert tables.get("85984NED").year == 2024
    assert tables.get("85678NED").year == 2023
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
    assert by_name["personen_in_armoede_pct"].required(2024)
    assert not by_name["personen_in_armoede_pct"].required(2025)
    assert not by_name["kwb_hh_tot_120_sm_pct"].applies(2017)
    assert by_name["inwoners"].required(2017) and by_name["inwoners"].required(2025)
    assert not by_name["personen_bijstand"].required(2020)


def test_lli_measures_per_edition() -> None:
    hh, personen, kinderen = tables.lli_subjects("83921NED")
    assert hh.count.required(2017) and not personen.count.required(2017)
    _hh, personen, kinderen = tables.lli_subjects("85678NED")
    assert personen.share.required(2023) and kinderen.count.required(2023)
    _hh, _p, kinderen = tables.lli_subjects("86202NED")
    assert not kinderen.count.required(2025)
    assert kinderen.indicator(True, "pct") == "kinderen_langdurig_laag_inkomen_pct"


def test_context_measures_are_optional_and_found_by_stem() -> None:
    from avk_analysis.cbs import metadata

    from .fakecbs import load_properties

    by_name = {m.name: m for m in tables.KWB_MEASURES}
    for name in tables.KWB_CONTEXT_MEASURES:
        assert not by_name[name].required(2018) and not by_name[name].required(2024), name
        assert catalogue.get(name).unit in (catalogue.PCT, "aantal", "x 1 000 euro")
    assert not by_name["mediaan_vermogen_hh"].applies(2017)
    # The recorded KWB 2022 metadata has none of them: reading it still works, they are skipped.
    props = load_properties("kwb2022_DataProperties")
    found = metadata.resolve_measures("85318NED", props, tables.KWB_MEASURES, 2022)
    assert not set(tables.KWB_CONTEXT_MEASURES) - {"personen_bijstand"} & set(found)
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
