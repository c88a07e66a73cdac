"""The converter of published figures (tools.convert_published): nothing lost, re-runnable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avk_analysis.sources.planning import published
from avk_analysis.vocabulary import paths, provenance
from tools import convert_published

FIXTURE = Path(__file__).parents[1] / "sources" / "planning" / "fixtures" / "published_figures.csv"
DOC = Path(__file__).parents[2] / "docs" / "aanleverformaat_planbureaus.md"
N_PUBLISHED = 238


def _shipped() -> Path:
    return paths.planning_raw_dir() / convert_published.OUTPUT_NAME


@pytest.fixture(scope="module")
def results() -> list[published.Converted]:
    return published.convert_rows(convert_published.read_published(FIXTURE))


# --------------------------------------------------------------------------- nothing lost


def test_every_published_row_is_converted_or_listed_in_the_docs(results) -> None:
    assert len(results) == N_PUBLISHED
    kept = [r for r in results if r.row is not None]
    left = [r for r in results if r.row is None]
    assert len(kept) + len(left) == N_PUBLISHED
    assert len(kept) >= 230
    doc = DOC.read_text(encoding="utf-8")
    for res in left:
        line = f"| {res.line} | {res.source['region_code']} |"
        assert line in doc, f"regel {res.line} ontbreekt in de documentatie"
        assert res.reason in doc
    assert f"{len(kept)} van de {N_PUBLISHED} cijfers omgezet, {len(left)} weggelaten" in doc


# --------------------------------------------------------------------------- converter


def test_converter_is_deterministic_and_matches_shipped_file(tmp_path) -> None:
    src = tmp_path / "published_figures.csv"
    shutil.copy(FIXTURE, src)
    a = convert_published.convert(src, tmp_path / "a")
    b = convert_published.convert(src, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a" / "provenance.json").read_bytes() == (
        tmp_path / "b" / "provenance.json"
    ).read_bytes()
    assert a.read_bytes() == _shipped().read_bytes(), (
        "data/raw/planbureaus is niet bijgewerkt: draai de converter opnieuw"
    )
    prov = provenance.verify(tmp_path / "a")
    assert prov.status == "echt"
    assert provenance.sha256_file(FIXTURE) in prov.notes


def test_converter_cli(tmp_path, capsys) -> None:
    out = tmp_path / "uit"
    assert convert_published.main([str(FIXTURE), "--uit", str(out), "--weggelaten"]) == 0
    text = capsys.readouterr().out
    assert "232 van 238 cijfers omgezet" in text and "| 198 | PV20 |" in text
    assert (out / convert_published.OUTPUT_NAME).exists()
    assert convert_published.main([str(tmp_path / "weg.csv"), "--uit", str(out)]) == 1
    bad = tmp_path / "slecht.csv"
    bad.write_text("source,year\nx,2020\n", encoding="utf-8")
    assert convert_published.main([str(bad), "--uit", str(out)]) == 1
    assert "kolommen ontbreken" in capsys.readouterr().err
