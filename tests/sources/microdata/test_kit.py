"""The Remote Access kit: exactly a standalone script and a Dutch LEESMIJ, regions written in."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from avk_analysis import cli
from avk_analysis.sources.microdata import contract, kit
from avk_analysis.vocabulary import provenance, regions
from tests.sources.microdata.conftest import load_script

STDLIB = set(sys.stdlib_module_names)


def test_the_kit_holds_exactly_the_script_and_the_leesmij(tmp_path: Path) -> None:
    written = kit.write_kit(tmp_path / "pakket")
    assert sorted(p.name for p in (tmp_path / "pakket").iterdir()) == sorted(kit.KIT_FILES)
    assert sorted(written) == sorted((tmp_path / "pakket").iterdir())


def test_the_script_is_standalone_python_39_with_pandas_and_pyreadstat_only(tmp_path: Path) -> None:
    kit.write_kit(tmp_path)
    source = (tmp_path / contract.SCRIPT_NAME).read_text(encoding="utf-8")
    tree = ast.parse(source, feature_version=(3, 9))  # no syntax newer than RA's Python 3.9
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported - STDLIB == {"pandas", "pyreadstat"}
    assert "avk_analysis" not in source
    for node in ast.walk(tree):  # no parameters that Python 3.9 does not know
        if isinstance(node, ast.Call):
            assert "strict" not in {k.arg for k in node.keywords}, "zip(strict=) is Python 3.10"


def test_the_regions_come_from_the_reference_data(tmp_path: Path) -> None:
    kit.write_kit(tmp_path)
    script = load_script(tmp_path / contract.SCRIPT_NAME)
    data = json.loads(script.REGIO_JSON)
    assert list(data["gemeenten"]) == regions.gemeente_codes()
    assert {c: v["provincie"] for c, v in data["gemeenten"].items()} == {
        c: regions.province_of(c) for c in regions.gemeente_codes()
    }
    assert set(data["provincies"]) == {"PV20", "PV22"}
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        code = regions.veenkolonien_code(definitie)
        assert data["veenkolonien"][code]["gemeenten"] == regions.veenkolonien(definitie)
    assert data["hoofdset"] == regions.veenkolonien_code()
    assert "GM0018" in data["opgeheven"] and "GM0014" not in data["opgeheven"]
    assert kit.reference_fingerprint() in data["bron"]
    regios = script.Regios(data)
    assert regios.volgorde()[-1] == "NL01" and len(regios.volgorde()) == 22 + 2 + 3 + 1


def test_a_changed_set_in_the_reference_data_changes_the_script(
    project: Path, tmp_path: Path
) -> None:
    reference = project / "data" / "raw" / "reference" / "veenkolonien.csv"
    text = reference.read_text(encoding="utf-8").replace("programma,GM0047\n", "")
    reference.write_text(text, encoding="utf-8")
    # a deliberate change of raw data records its checksum, as the provenance check asks
    prov = provenance.read_provenance(reference.parent)
    prov.files[reference.name] = provenance.sha256_file(reference)
    (reference.parent / provenance.SIDECAR_NAME).write_text(prov.to_json(), encoding="utf-8")
    kit.write_kit(tmp_path / "pakket")
    data = json.loads(load_script(tmp_path / "pakket" / contract.SCRIPT_NAME).REGIO_JSON)
    assert "GM0047" not in data["veenkolonien"]["VK_programma"]["gemeenten"]


def test_the_leesmij_explains_definitions_running_export_and_uncertainties(tmp_path: Path) -> None:
    kit.write_kit(tmp_path)
    text = (tmp_path / kit.README_NAME).read_text(encoding="utf-8")
    assert "$" not in text.replace("$ ", "")  # every placeholder filled
    assert f"## De definities (versie {contract.get('DEFINITIE')})" in text
    assert "python avk_generatiearmoede.py --bron G:\\ --jaren 2021 2022 2023 --uit" in text
    assert "1_Controle vooraf" in text and "outputcontroleformulier" in text
    assert "avk-monitor levering" in text
    assert "op basis van niet-openbare microdata van het CBS" in text
    for name in regions.gemeenten()["gemeentenaam"]:
        assert name in text
    # what microdata.md §5 leaves uncertain is listed for checking in RA
    uncertain = text.split("## Nog te controleren", 1)[1]
    for topic in ("precies 100", "negatieve code", "afronden op honderdtallen", "peildatum",
                  "PLHH", "einddatum ver in de toekomst"):  # fmt: skip
        assert topic in uncertain, topic


def test_the_kit_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notities.txt").write_text("x", encoding="utf-8")
    with pytest.raises(kit.KitError, match="andere bestanden"):
        kit.write_kit(tmp_path)
    kit.write_kit(tmp_path / "nieuw")
    with pytest.raises(kit.KitError, match="--overschrijven"):
        kit.write_kit(tmp_path / "nieuw")
    assert len(kit.write_kit(tmp_path / "nieuw", overwrite=True)) == 2
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    with pytest.raises(kit.KitError, match="geen map"):
        kit.write_kit(tmp_path / "bestand")


def test_the_command_writes_the_kit_and_says_what_next(tmp_path: Path, capsys) -> None:
    assert cli.main(["microdata-pakket", str(tmp_path / "ra")]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "avk_generatiearmoede.py" in out and "LEESMIJ.md" in out
    assert cli.main(["microdata-pakket", str(tmp_path / "ra")]) == cli.EXIT_ERROR
    assert "--overschrijven" in capsys.readouterr().err


def test_contract_constants_are_read_from_the_script_without_running_it() -> None:
    assert contract.columns()[0] == "jaar_van"
    assert contract.year_measures() == ("jv", "jv_laag", "jv_langdurig")
    assert contract.window_measures()[0] == "ouder_bekend"
    assert contract.get("DEFINITIE") in contract.definitions()
    assert "{organisatie}" in str(contract.get("BRONREGEL"))
