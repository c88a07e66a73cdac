"""The workbook contract is data (werkboekcontract.yaml), read once and checked field by field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from avk_analysis.sources.programme import contract
from avk_analysis.vocabulary.datafiles import DataFileError, data_file, read_yaml

SHIPPED = data_file(contract.CONTRACT_FILE)


@pytest.fixture(scope="module")
def raw() -> dict:
    """The shipped contract file as parsed YAML (names of vocabularies and bounds unresolved)."""
    return read_yaml(SHIPPED)


def _load(tmp_path: Path, data: object):
    path = tmp_path / "werkboekcontract.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return contract.load_contract(path)


def _column(data: dict, sheet: str, name: str) -> dict:
    spec = next(s for s in data["sheets"] if s["name"] == sheet)
    return next(c for c in spec["columns"] if c["name"] == name)


def test_shipped_contract_is_loaded_once(raw: dict) -> None:
    assert contract.load_contract() == (contract.INFO_FIELDS, contract.SHEETS)
    assert contract.load_contract()[1] is contract.SHEETS
    assert tuple(s["name"] for s in raw["sheets"]) == contract.DATA_SHEETS  # file order
    assert not hasattr(contract, "KINDS")


def test_names_in_the_file_are_resolved() -> None:
    doelen = contract.sheet("Doelen")
    assert doelen.column("kapitaalsvorm").choices == tuple(contract.KAPITAALSVORMEN)
    assert doelen.column("eenheid").choices == contract.EENHEDEN
    assert "1 = Huishoudens ervaren" in doelen.column("strategisch_doel").description
    jaar = contract.sheet("Bereik").column("jaar")
    assert (jaar.minimum, jaar.maximum) == (contract.FIRST_YEAR, contract.LAST_YEAR)
    info = {c.name: c for c in contract.INFO_FIELDS}
    assert info["gegevenstype"].choices == contract.GEGEVENSTYPEN
    # a column written once (YAML anchor) is the same column on every sheet that uses it
    assert contract.sheet("Interventies").column("opmerking") == contract.sheet(
        "Experimenten"
    ).column("opmerking")


def test_a_copy_of_the_shipped_file_gives_the_same_contract(tmp_path: Path, raw: dict) -> None:
    assert _load(tmp_path, raw) == (contract.INFO_FIELDS, contract.SHEETS)


@pytest.mark.parametrize(
    ("sheet", "column", "change", "message"),
    [
        ("Doelen", "status", {"kind": "lijst"}, r"'Doelen', kolom 'status', veld 'kind'"),
        ("Doelen", "status", {"choices": "kleuren"}, r"'Doelen', kolom 'status'.*'kleuren'"),
        ("Doelen", "inspanning", {"choices": "sectoren"}, r"kolom 'inspanning', veld 'choices'"),
        ("Doelen", "status", {"required": "ja"}, r"kolom 'status', veld 'required': verwacht"),
        ("Doelen", "realisatie", {"example": 118}, r"kolom 'realisatie', veld 'example'"),
        ("Doelen", "realisatie", {"minimum": "nul"}, r"kolom 'realisatie', veld 'minimum'"),
        ("Bereik", "kwartaal", {"maximum": 0}, r"kolom 'kwartaal', veld 'maximum'"),
        ("Bereik", "kwartaal", {"soort": "x"}, r"kolom 'kwartaal': onbekend veld 'soort'"),
        ("Bereik", "kwartaal", {"description": "{onbekend}"}, r"'kwartaal', veld 'description'"),
        ("Bereik", "interventie_id", {"reference": "Interventies.id"}, r"veld 'reference'"),
    ],
)
def test_a_bad_column_is_named_with_sheet_and_field(
    tmp_path: Path, raw: dict, sheet: str, column: str, change: dict, message: str
) -> None:
    data = copy.deepcopy(raw)
    _column(data, sheet, column).update(change)
    with pytest.raises(DataFileError, match=message):
        _load(tmp_path, data)


def test_sheet_level_mistakes_are_named(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["sheets"][0]["key"] = ["bestaat_niet"]
    with pytest.raises(DataFileError, match=r"blad 'Doelen', veld 'key': geen kolom"):
        _load(tmp_path, data)
    data = copy.deepcopy(raw)
    cols = data["sheets"][0]["columns"]
    cols.append(copy.deepcopy(cols[0]))
    with pytest.raises(DataFileError, match=r"kolom 'doel_id' staat er twee keer in"):
        _load(tmp_path, data)
    data = copy.deepcopy(raw)
    data["sheets"].append(copy.deepcopy(data["sheets"][0]))
    with pytest.raises(DataFileError, match=r"blad 'Doelen': staat er twee keer in"):
        _load(tmp_path, data)
    data = copy.deepcopy(raw)
    del data["sheets"][0]["columns"][0]["kind"]
    with pytest.raises(DataFileError, match=r"blad 'Doelen', kolom 'doel_id', veld 'kind'"):
        _load(tmp_path, data)
    with pytest.raises(DataFileError, match="'info' en 'sheets'"):
        _load(tmp_path, {"sheets": []})


def test_internal_columns_are_the_non_publishable_ones() -> None:
    internal = contract.internal_columns()
    assert internal == {
        "Interventies": ["opmerking"],
        "Experimenten": ["opmerking"],
        "Bijeenkomsten": ["titel"],
        contract.INFO_SHEET: ["toelichting"],
    }
