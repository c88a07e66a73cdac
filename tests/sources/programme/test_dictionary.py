"""The Dutch data dictionary is generated from the contract and shipped in docs/."""

from __future__ import annotations

from pathlib import Path

from avk_analysis.sources.programme import contract, dictionary
from avk_analysis.vocabulary import paths

SHIPPED = paths.project_root() / "docs" / dictionary.DOC_NAME


def test_shipped_dictionary_is_up_to_date() -> None:
    assert SHIPPED.exists(), "run: python -m avk_analysis.sources.programme.template"
    assert SHIPPED.read_text(encoding="utf-8") == dictionary.markdown()


def test_dictionary_documents_every_column_rule_and_indicator() -> None:
    text = dictionary.markdown()
    for spec in contract.SHEETS.values():
        assert f"### {spec.name}" in text
        for col in spec.columns:
            assert f"| {col.name} |" in text
    assert "waarschuwing boven 5.000" in text  # plausibility threshold of Bereik.huishoudens
    assert "programma_bereik_huishoudens" in text
    assert "nee, alleen programmateam" in text


def test_write_data_dictionary(tmp_path: Path) -> None:
    target = dictionary.write_data_dictionary(tmp_path / "dd.md")
    assert target.read_text(encoding="utf-8").startswith(f"# {dictionary.TITLE}")
