"""The indicator catalogue is data (indicatoren.yaml), read once and checked entry by entry."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from avk_analysis.vocabulary import catalogue
from avk_analysis.vocabulary.datafiles import DataFileError, data_file, read_yaml

SHIPPED = data_file(catalogue.CATALOGUE_FILE)


@pytest.fixture(scope="module")
def raw() -> dict:
    """The shipped catalogue file as parsed YAML (fragments unexpanded)."""
    return read_yaml(SHIPPED)


def _load(tmp_path: Path, data: object) -> dict[str, catalogue.Indicator]:
    path = tmp_path / "indicatoren.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return catalogue.load_catalogue(path)


def _entry(data: dict, code: str) -> dict:
    return next(e for e in data["indicators"] if e["code"] == code)


def test_shipped_catalogue_is_loaded_once() -> None:
    assert catalogue.load_catalogue() is catalogue.INDICATORS
    assert len(catalogue.INDICATORS) >= 80
    assert SHIPPED.is_file() and SHIPPED.parent.name == "data"


def test_shipped_entries_are_complete() -> None:
    for code, ind in catalogue.INDICATORS.items():
        assert code == ind.code
        assert ind.unit in catalogue.UNITS
        assert ind.label.strip() and ind.definition.strip()
        assert "{" not in ind.definition and "}" not in ind.definition, code
        if ind.base:
            assert catalogue.get(ind.base).unit == catalogue.COUNT


def test_fragments_are_expanded() -> None:
    ind = catalogue.get("hh_laag_inkomen_pct")
    assert ind.definition.startswith("CBS 'Laag en langdurig laag inkomen;")
    assert ind.definition.endswith("; ten minste 1 jaar")
    nested = catalogue.get("programma_bereik_huishoudens").definition
    assert nested.endswith(
        "Kleine aantallen zijn afgeschermd (getoond als <10); zie de verantwoording"
    )


def test_public_api_is_unchanged() -> None:
    assert catalogue.label("inwoners") == "Inwoners"
    assert catalogue.get("inwoners").unit == catalogue.COUNT
    with pytest.raises(KeyError, match="bestaat_niet"):
        catalogue.get("bestaat_niet")
    assert not hasattr(catalogue, "register")


def test_a_copy_of_the_shipped_file_gives_the_same_catalogue(tmp_path: Path, raw: dict) -> None:
    assert _load(tmp_path, raw) == catalogue.INDICATORS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update(unit="procent"), r"'inwoners', veld 'unit': 'procent'"),
        (lambda e: e.pop("label"), r"'inwoners', veld 'label': ontbreekt"),
        (lambda e: e.update(label="  "), r"'inwoners', veld 'label': is leeg"),
        (lambda e: e.update(eenheid="%"), r"'inwoners': onbekend veld 'eenheid'"),
        (lambda e: e.update(definition=12), r"'inwoners', veld 'definition': verwacht tekst"),
        (lambda e: e.update(definition="{kwb} en {nope}"), r"'inwoners'.*tekstdeel \{nope\}"),
        (lambda e: e.update(base="bestaat_niet"), r"'inwoners', veld 'base': 'bestaat_niet'"),
        (lambda e: e.update(base="hh_laag_inkomen_pct"), r"'inwoners', veld 'base'.*aantal"),
        (lambda e: e.update(code="Inwoners"), r"'Inwoners', veld 'code'"),
    ],
)
def test_a_bad_entry_is_named_with_its_field(tmp_path: Path, raw: dict, change, message) -> None:
    data = copy.deepcopy(raw)
    change(_entry(data, "inwoners"))
    with pytest.raises(DataFileError, match=message):
        _load(tmp_path, data)


def test_a_code_given_twice_is_refused(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["indicators"].append(copy.deepcopy(_entry(data, "inwoners")))
    with pytest.raises(DataFileError, match=r"'inwoners', veld 'code': staat er twee keer in"):
        _load(tmp_path, data)


def test_a_key_given_twice_in_one_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "indicatoren.yaml"
    path.write_text(
        "indicators:\n"
        "  - code: a\n    label: A\n    unit: aantal\n    definition: x\n    unit: '%'\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"regel 6: sleutel 'unit' staat er twee keer"):
        catalogue.load_catalogue(path)


def test_broken_yaml_and_wrong_layout_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "indicatoren.yaml"
    path.write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="geen geldige YAML"):
        catalogue.load_catalogue(path)
    other = tmp_path / "ander"
    other.mkdir()
    with pytest.raises(DataFileError, match="verwacht een lijst 'indicators'"):
        _load(other, {"codes": []})


def test_young_adult_definitions_name_the_group_they_count() -> None:
    """'Alle jongvolwassenen' are all 22-26-year-olds, not only those with a low income."""
    for code in (
        "vader_laag_inkomen_bij_alle_jongvolwassenen_pct",
        "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
        "jongvolwassenen_uitwonend_pct",
        "vader_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct",
    ):
        text = catalogue.get(code).definition
        assert "alle jongvolwassenen" in text and "onder de lage-inkomensgrens" not in text, code
    poor = catalogue.get("vader_laag_inkomen_bij_arme_jongvolwassenen_pct").definition
    assert "onder de lage-inkomensgrens" in poor
    assert (
        "niet alleen jongvolwassenen"
        in catalogue.get("langdurig_onder_laag_inkomen_pct").definition
    )


def test_definitions_say_income_years_and_the_pages_symbol() -> None:
    for ind in catalogue.INDICATORS.values():
        assert "KWB 2023'" not in ind.definition and "t/m KWB" not in ind.definition, ind.code
        assert "symbool x" not in ind.definition, ind.code
    near = catalogue.get("personen_tot_25_boven_armoedegrens_pct").definition
    assert "boven die grens, maar minder dan 25 %" in near
