"""The microdata tools: the synthetic RA files hold every awkward case, the shipped example is
deterministic and labelled, and the benchmark's estimate is a straight line through two runs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from avk_analysis.sources.microdata import export, intake
from avk_analysis.vocabulary import regions
from avk_analysis.vocabulary.provenance import read_provenance, verify
from tools import bench_microdata, microdata_example
from tools import microdata_synthetic as synthetic

pytestmark = pytest.mark.xdist_group("microdata-tools")


@pytest.fixture(scope="module")
def model() -> synthetic.Model:
    return synthetic.build_model(synthetic.Settings())


def test_the_synthetic_population_holds_every_awkward_case(model: synthetic.Model) -> None:
    p = model.persons
    young = p.loc[p["kind"] == "jv"]
    assert ((young["bm"] == 1) & (young["bd"] == 1)).any()  # a birthday on 1 January
    assert (p["s"] == "B").any() and set(p.loc[p["kind"] == "nietR", "n"]) <= set(young["n"])
    k = model.parents
    assert {"", "---------"} <= set(k["ma_n"]) and (k["pa_s"] == "B").any()
    states = set(model.truth["gemeente"])
    assert {synthetic.GAP, synthetic.MISSING_OBJECT, synthetic.NONE} <= states
    assert set(s[2:] for s in regions.gemeente_codes()) <= states
    a = model.address_spells
    on_first = a.loc[a["begin"].str.endswith("0101") & a["begin"].str.startswith(("2022", "2023"))]
    assert not on_first.empty  # a move on 1 January itself
    assert a["end"].str.endswith("1130").any()  # a short stay elsewhere during a year
    assert {"", "99991231", "20501231"} <= set(a["end"])
    income = pd.concat(model.income.values())
    assert {1, 2, 3, 7, 8, 9} <= set(income["pop"])
    assert (income["lag"] == 100).any() and (income["lag"] < 0).any()
    assert ((income["pop"] == 1) & (income["lag"] < 0)).any()  # an impossible combination


def test_the_known_answers_add_up(model: synthetic.Model) -> None:
    answers = synthetic.known_answers(model)
    wide = answers.pivot_table(
        index=["jaar_van", "jaar_tot", "regio_code", "ouder", "maat"],
        columns="woonsituatie",
        values="waarde",
    )
    assert (wide["totaal"] == wide["thuiswonend"] + wide["uitwonend"]).all()
    cells = answers.set_index(
        ["jaar_van", "jaar_tot", "regio_code", "woonsituatie", "ouder", "maat"]
    )
    per = cells["waarde"].unstack("regio_code")
    drenthe = [g for g in regions.gemeente_codes() if regions.province_of(g) == "PV22"]
    assert (per["PV22"] == per[drenthe].sum(axis=1)).all()
    assert (per["NL01"] >= per["PV20"] + per["PV22"]).all()
    assert (answers["waarde"] == 0).any() and (answers["waarde"] >= 10).any()


def test_the_files_are_written_where_ra_keeps_them(model: synthetic.Model, tmp_path: Path) -> None:
    files = synthetic.write_layout(model, tmp_path)
    names = {f.relative_to(tmp_path).as_posix() for f in files}
    patterns = [
        r"Bevolking/GBAPERSOONTAB/\d{4}/GBAPERSOON\d{4}TABV\d+\.sav",
        r"Bevolking/KINDOUDERTAB/KINDOUDER\d{4}TABV\d+\.sav",
        r"Bevolking/GBAHUISHOUDENSBUS/GBAHUISHOUDENS\d{4}BUSV\d+\.sav",
        r"Bevolking/GBAADRESOBJECTBUS/GBAADRESOBJECT\d{4}BUSV\d+\.sav",
        r"BouwenWonen/VSLGWBTAB/VSLGWB\d{4}TAB03V\d+\.sav",
        r"InkomenBestedingen/KOPPELPERSOONHUISHOUDEN/KOPPELPERSOONHUISHOUDEN\d{4}(V\d+)?\.sav",
        r"InkomenBestedingen/INHATAB/INHA\d{4}TABV\d+\.sav",
    ]
    assert all(any(re.fullmatch(p, n) for p in patterns) for n in names), names
    assert all(any(re.fullmatch(p, n) for n in names) for p in patterns)


def test_the_shipped_example_is_a_valid_export_labelled_voorbeeld() -> None:
    folder = intake.microdata_dir() / intake.EXAMPLE_FOLDER
    [file] = intake.find_exports()
    assert file.parent == folder
    assert export.validate_export(file).ok
    prov = verify(folder)
    assert prov.status == "voorbeeld"
    assert "python -m tools.microdata_example" in prov.notes
    assert "geen CBS-cijfers" in prov.licence


def test_the_example_is_byte_identical_for_its_settings(tmp_path: Path) -> None:
    small = {"scale": 0.01, "elsewhere": 120}
    first = microdata_example.build_example(tmp_path / "a", **small)
    second = microdata_example.build_example(tmp_path / "b", **small)
    assert first.read_bytes() == second.read_bytes()
    assert read_provenance(tmp_path / "a").files == read_provenance(tmp_path / "b").files
    other = microdata_example.build_example(tmp_path / "c", seed=3, **small)
    assert other.read_bytes() != first.read_bytes()


def test_the_benchmark_estimates_from_rows_and_young_adults() -> None:
    small = {
        "personen": 1_000_000,
        "jongvolwassenen_kandidaten": 120_000,
        "lezen_en_tellen_s": 50.0,
        "outputcontrole_s": 0.7,
        "piekgeheugen_mb": 700,
        "rijen_gelezen": 10_000_000,
    }
    large = {
        "personen": 2_000_000,
        "jongvolwassenen_kandidaten": 240_000,
        "lezen_en_tellen_s": 110.0,
        "outputcontrole_s": 0.8,
        "piekgeheugen_mb": 940,
        "rijen_gelezen": 20_000_000,
    }
    out = bench_microdata.estimate(small, large)
    rows = sum(bench_microdata.NATIONAL_ROWS.values())
    assert out["microseconden_per_rij"] == 5.5
    assert out["lezen_en_tellen_s"] == round(5.5e-6 * rows)
    assert out["outputcontrole_s"] == 0.8  # the output control does not grow with the population
    # 240 MB more for 120,000 more young adults: 2 MB per 1,000, up to 2.1 million
    assert out["geheugen_per_1000_jongvolwassenen_mb"] == 2.0
    assert out["piekgeheugen_mb"] == 940 + 2 * (2_100_000 - 240_000) / 1000
    settings = bench_microdata.settings_for(2_000_000)
    assert not settings.traps and settings.others > settings.elsewhere
    assert np.isclose(settings.elsewhere + 98_649, 0.12 * 2_000_000, rtol=0.01)
