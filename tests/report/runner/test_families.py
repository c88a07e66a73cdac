"""The page declaration notebooks/paginas.yaml: schema, located errors, choices, grouping, CLI."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from avk_analysis.report.runner import families
from avk_analysis.report.runner.families import DeclarationError
from avk_analysis.report.runner.params import ReportError
from avk_analysis.vocabulary import regions

REAL = Path(__file__).resolve().parents[3] / "notebooks" / families.DECLARATION


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(REAL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def declaration() -> families.Declaration:
    return families.load(REAL)


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / families.DECLARATION
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _problems(tmp_path: Path, data: Any) -> str:
    with pytest.raises(DeclarationError) as info:
        families.load(_write(tmp_path, data))
    return str(info.value)


def test_the_real_declaration_has_report_gemeente_and_an_optional_wijk_family(declaration):
    report = declaration.report()
    assert report.name == "rapport" and report.merged and report.page == "rapport.html"
    assert [f.name for f in declaration.per_value()] == ["gemeente"]
    assert [f.name for f in declaration.optional()] == ["wijk"]
    gemeente = declaration.family("gemeente")
    assert gemeente.notebook == "factsheet.ipynb" and gemeente.page == "factsheet_{gemeente}.html"
    assert gemeente.varies.parameter == "gemeente"
    assert gemeente.varies.values == "regions.gemeente_codes"
    assert gemeente.index.groups.headings == (
        ("PV20", "Provincie Groningen"),
        ("PV22", "Provincie Drenthe"),
    )
    wijk = declaration.family("wijk")
    assert wijk is not None and wijk.active and wijk.optional and wijk.varies.parameter == "wijk"
    assert declaration.overview.page == "index.html"


def test_choices_select_pages_of_the_gemeente_family(declaration) -> None:
    assert families.select(declaration, {}) == {"gemeente": regions.gemeente_codes()}
    assert families.select(declaration, {"gemeente": "Emmen"}) == {"gemeente": ["GM0114"]}
    assert families.select(declaration, {"gemeente": "geen"}) == {"gemeente": []}
    with pytest.raises(ReportError, match=r"Onbekende paginafamilie 'buurt'.*gemeente"):
        families.select(declaration, {"buurt": "alle"})
    with pytest.raises(ReportError, match=r"Bedoelt u Emmen \(GM0114\)"):
        families.select(declaration, {"gemeente": "Emmn"})  # the declared chooser's advice


def test_the_optional_wijk_family_makes_pages_only_when_asked(declaration) -> None:
    everything = regions.wijk_codes()
    assert len(everything) == 312 and everything[0] == "WK001400"
    chosen = families.select(declaration, {"wijk": "alle"})
    assert chosen == {"gemeente": regions.gemeente_codes(), "wijk": everything}
    assert families.everything(declaration, chosen)  # an edition with every wijk page
    emmen = families.select(declaration, {"wijk": "Emmen"})["wijk"]  # a gemeente: its wijken
    assert len(emmen) == 27 and all(code.startswith("WK0114") for code in emmen)
    assert not families.everything(declaration, {**chosen, "wijk": emmen})  # a preview
    assert families.select(declaration, {"wijk": "Angelslo"})["wijk"] == ["WK011443"]
    assert families.select(declaration, {"wijk": "geen"}) == {"gemeente": regions.gemeente_codes()}
    assert [f.name for f in declaration.chosen(chosen)] == ["gemeente", "wijk"]
    assert [f.name for f in declaration.chosen({"gemeente": []})] == ["gemeente"]
    with pytest.raises(ReportError, match="Onbekende wijk 'Atlantis'"):
        families.select(declaration, {"wijk": "Atlantis"})
    assert regions.name("WK011443") == "Wijk 43 Angelslo"  # as the CBS writes it
    assert regions.gemeente_of_wijk("WK011443") == "GM0114"
    with pytest.raises(KeyError, match="geen wijk"):
        regions.gemeente_of_wijk("WK999901")


def test_a_disabled_family_may_be_left_at_alle_but_not_asked_for_pages(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    data["families"]["wijk"]["actief"] = False
    declaration = families.load(_write(tmp_path, data))
    assert families.select(declaration, {"wijk": "alle"}) == {"gemeente": regions.gemeente_codes()}
    with pytest.raises(ReportError, match="'wijk' staat uit"):
        families.select(declaration, {"wijk": "WK011401"})


def test_without_a_chooser_values_are_picked_by_value_or_name(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    del data["families"]["gemeente"]["per"]["kiezen"]
    declaration = families.load(_write(tmp_path, data))
    family = declaration.family("gemeente")
    assert families.choose_values(declaration, family, "gm0114") == ["GM0114"]
    assert families.choose_values(declaration, family, "borger odoorn") == ["GM1681"]
    assert families.choose_values(declaration, family, "Alle") == regions.gemeente_codes()
    with pytest.raises(ReportError, match=r"--gemeente\. Bedoelt u Emmen \(GM0114\)\?"):
        families.choose_values(declaration, family, "Emen")


def test_schema_problems_are_all_reported_with_file_family_and_key(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    gemeente = data["families"]["gemeente"]
    gemeente["tittel"] = gemeente.pop("titel")
    gemeente["actief"] = "ja"
    gemeente["bestand"] = "factsheet.html"
    gemeente["ondertitel"] = "{monitor} · {gemeentenaam}"
    gemeente["per"]["waarden"] = "os.listdir"
    gemeente["parameters"] = ["jaar", "gemeente"]
    message = _problems(tmp_path, data)
    where = str(tmp_path / families.DECLARATION)
    assert message.startswith(f"De paginadeclaratie {where} klopt niet; er is niets uitgevoerd.")
    lines = [line for line in message.splitlines() if line.startswith("  - ")]
    expected = [
        "familie 'gemeente', sleutel 'tittel': onbekende sleutel (bedoelt u 'titel'?)",
        "familie 'gemeente', sleutel 'titel': verwacht een tekst, gevonden niets",
        "familie 'gemeente', sleutel 'actief': verwacht true, false of 'optie', gevonden 'ja'",
        "familie 'gemeente', sleutel 'bestand': verwacht een tekst met {gemeente}, "
        "gevonden 'factsheet.html'",
        "sleutel 'ondertitel': verwacht alleen de plaatshouders {jaar}, {monitor}",
        "sleutel 'per.waarden': verwacht een functie die begint met 'regions.' of 'params.', "
        "gevonden 'os.listdir'",
        "sleutel 'parameters': verwacht een lijst met een of meer van jaar, veenkolonien",
    ]
    for part in expected:
        assert any(part in line for line in lines), (part, lines)
    assert all(line.startswith(f"  - {where}") for line in lines)
    assert len(lines) == len(expected)


def test_the_shape_across_families_is_checked(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    second = copy.deepcopy(data["families"]["gemeente"])
    data["families"]["tweede"] = second  # same notebook, file and anchor as 'gemeente'
    data["families"]["rapport2"] = copy.deepcopy(data["families"]["rapport"])
    data["families"]["rapport2"]["bestand"] = "rapport2.html"
    data["families"]["rapport2"]["index"]["anker"] = "rapport-2"
    data["families"]["wijk"]["navigatie"][0]["pagina"] = "elders.html"
    message = _problems(tmp_path, data)
    assert "verwacht precies één actieve familie met 'hoofdstukken'" in message
    assert "gevonden: rapport, rapport2" in message
    assert (
        "familie 'tweede', sleutel 'bestand': verwacht een andere bestandsnaam dan die van "
        "'gemeente'" in message
    )
    assert "familie 'tweede', sleutel 'notebook': verwacht een ander notebook" in message
    assert "familie 'tweede', sleutel 'index.anker': verwacht een ander anker" in message
    assert "familie 'wijk', sleutel 'navigatie[1].pagina'" in message and "'elders.html'" in message


def test_a_family_name_becomes_an_option_so_it_may_not_shadow_one(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    data["families"]["jaar"] = data["families"].pop("wijk")
    message = _problems(tmp_path, data)
    assert "familie 'jaar': verwacht als naam kleine letters" in message
    assert "--jaar" in message


def test_a_family_needs_chapters_or_a_notebook_with_per(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    data["families"]["wijk"]["hoofdstukken"] = "wijken"
    del data["families"]["gemeente"]["per"]
    message = _problems(tmp_path, data)
    assert "familie 'wijk', sleutel 'hoofdstukken/notebook': verwacht precies één van" in message
    assert "familie 'gemeente', sleutel 'per': verwacht een blok met sleutels" in message


def test_yaml_errors_missing_file_and_duplicate_keys_are_located(tmp_path) -> None:
    with pytest.raises(DeclarationError, match=r"paginas\.yaml ontbreekt"):
        families.load(tmp_path / families.DECLARATION)
    path = tmp_path / families.DECLARATION
    path.write_text("monitor: x\nfamilies:\n  rapport: [\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"\(regel \d+, kolom \d+\): geen geldige YAML"):
        families.load(path)
    path.write_text("monitor: x\nmonitor: y\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"regel 2.*'monitor' staat twee keer"):
        families.load(path)
    path.write_text("- een lijst\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match="verwacht een blok met sleutels"):
        families.load(path)


def test_a_disabled_family_may_name_code_that_does_not_exist_yet(tmp_path, raw) -> None:
    data = copy.deepcopy(raw)
    data["families"]["wijk"]["actief"] = False
    data["families"]["wijk"]["per"]["waarden"] = "regions.bestaat_nog_niet"
    del data["families"]["wijk"]["per"]["kiezen"]
    disabled = families.load(_write(tmp_path, data))
    assert families.select(disabled, {}) == {"gemeente": regions.gemeente_codes()}
    data["families"]["wijk"]["actief"] = True
    enabled = families.load(_write(tmp_path, data))
    with pytest.raises(DeclarationError) as info:
        families.select(enabled, {})
    assert "familie 'wijk', sleutel 'per.waarden'" in str(info.value)
    assert "'regions.bestaat_nog_niet' (bestaat niet)" in str(info.value)


def test_index_groups_per_province_in_declared_order_and_leave_nothing_out(declaration) -> None:
    family = declaration.family("gemeente")
    links = [("Assen", "a", "GM0106"), ("Pekela", "p", "GM0765"), ("Atlantis", "x", "GM9999")]
    assert families.groups(declaration, family, links) == [
        ("Provincie Groningen", [("Pekela", "p")]),
        ("Provincie Drenthe", [("Assen", "a")]),
        ("Overige", [("Atlantis", "x")]),
    ]
    assert families.groups(declaration, declaration.report(), links) == []


def test_the_cli_offers_an_option_per_family(tmp_path, monkeypatch, raw) -> None:
    from avk_analysis import cli

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    data = copy.deepcopy(raw)
    data["families"]["regio"] = copy.deepcopy(data["families"]["gemeente"])
    data["families"]["regio"].update(
        notebook="regio.ipynb", bestand="regio_{gemeente}.html", index={"kop": "R", "anker": "r"}
    )
    data["families"]["regio"]["index"]["link"] = "{naam}"
    _write(notebooks, data)
    args = cli.parser().parse_args(["report", "--jaar", "2025", "--regio", "Emmen"])
    assert args.pagina_regio == "Emmen" and args.pagina_gemeente is None
    # a broken declaration keeps --gemeente; the run says what is wrong with the file
    (notebooks / families.DECLARATION).write_text("monitor: [\n", encoding="utf-8")
    args = cli.parser().parse_args(["report", "--jaar", "2025", "--gemeente", "Emmen"])
    assert args.pagina_gemeente == "Emmen"
