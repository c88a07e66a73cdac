"""The kit's script, run as in RA on synthetic microdata in RA's layout, against known answers.

One run is shared (``ra_run``); every output rule is checked on it, and each rule is also broken
on purpose (the script patched in-process) to show that the check finds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.sources.microdata import contract
from avk_analysis.vocabulary import regions
from tests.sources.microdata import attacker, rules
from tests.sources.microdata.conftest import CELL, YEARS, Run, read_export, run_script
from tools import microdata_synthetic as synthetic

pytestmark = pytest.mark.xdist_group("microdata-script")


@pytest.fixture(scope="module")
def answers(ra_run: Run) -> pd.DataFrame:
    return synthetic.known_answers(ra_run.model)


@pytest.fixture(scope="module")
def export(ra_run: Run) -> pd.DataFrame:
    return ra_run.export()


# --------------------------------------------------------------------------- shape


def test_export_has_every_cell_once_in_the_shape_of_the_export(export: pd.DataFrame) -> None:
    assert tuple(export.columns) == contract.columns()
    assert not export.duplicated(CELL).any()
    codes = [*regions.gemeente_codes(), "PV20", "PV22", "NL01"]
    codes += [regions.veenkolonien_code(d) for d in regions.veenkolonien_definitions()["definitie"]]
    assert set(export["regio_code"]) == set(codes)
    single = export.loc[export["ouder"] == "totaal"]
    window = export.loc[export["ouder"] != "totaal"]
    assert set(single["maat"]) == set(contract.year_measures())
    assert (single["jaar_van"] == single["jaar_tot"]).all()
    assert sorted(set(single["jaar_van"])) == list(YEARS)
    assert set(window["maat"]) == set(contract.window_measures())
    assert set(window["ouder"]) == {"moeder", "vader"}
    assert set(zip(window["jaar_van"], window["jaar_tot"], strict=True)) == {(YEARS[0], YEARS[-1])}
    per_cell = len(codes) * 3  # regions x woonsituaties
    assert len(single) == per_cell * 3 * len(YEARS)
    assert len(window) == per_cell * 5 * 2
    assert set(export["definitie"]) == {"1"}


def test_export_matches_the_known_answers_within_rounding(
    export: pd.DataFrame, answers: pd.DataFrame
) -> None:
    assert rules.wrong_counts(export, answers) == []
    merged = export.merge(answers, on=CELL, validate="one_to_one")
    published = merged.loc[merged["aantal"].notna()]
    assert len(published) > 400  # most cells of the large regions are published
    assert ((published["aantal"] - published["waarde"]).abs() <= 5).all()
    # the answers hold every awkward case: they are not trivially all suppressed or all zero
    assert published.loc[published["maat"] == "jv_laag_ouder_laag", "aantal"].max() >= 10


def test_no_published_count_under_ten_and_every_small_cell_suppressed(
    export: pd.DataFrame, answers: pd.DataFrame
) -> None:
    assert rules.small_published(export) == []
    assert rules.small_not_suppressed(export, answers) == []
    merged = export.merge(answers, on=CELL)
    assert (merged["waarde"] == 0).any(), "the synthetic data must have zero cells"
    assert merged.loc[merged["waarde"] == 0, "aantal"].isna().all()


def test_suppressed_cells_are_empty_with_a_reason_never_zero(ra_run: Run) -> None:
    text = ra_run.csv.read_text(encoding="utf-8").splitlines()
    header = text[0].split(";")
    aantal, reden = header.index("aantal"), header.index("reden")
    suppressed = [line.split(";") for line in text[1:] if line.split(";")[aantal] == ""]
    assert suppressed
    assert {cells[reden] for cells in suppressed} == {contract.get("REDEN")}
    assert not [line for line in text[1:] if line.split(";")[aantal] == "0"]
    assert rules.suppressed_without_reason(ra_run.export()) == []


def test_published_counts_are_rounded(export: pd.DataFrame) -> None:
    assert set(export["afronding"]) == {10}
    assert rules.unrounded(export) == []


def test_no_suppressed_cell_can_be_recomputed_from_published_cells(
    export: pd.DataFrame, answers: pd.DataFrame
) -> None:
    assert attacker.recomputed(export, answers) == []


def test_secondary_suppression_is_used_and_kept_small(
    export: pd.DataFrame, answers: pd.DataFrame
) -> None:
    merged = export.merge(answers, on=CELL)
    suppressed = merged.loc[merged["aantal"].isna()]
    secondary = suppressed.loc[suppressed["waarde"] >= 10]
    primary = suppressed.loc[suppressed["waarde"] < 10]
    assert len(secondary) > 0  # without it, the attacker would win (see the broken run below)
    assert len(secondary) < len(primary)
    # the cost order gives up detail before totals: gemeenten before the Veenkoloniën and the
    # provinces, never Nederland; Nederland's single years are all published
    level = secondary["regio_code"].str[:2]
    assert (level == "GM").sum() > (level != "GM").sum()
    assert not (level == "NL").any()
    nl = merged.loc[(merged["regio_code"] == "NL01") & (merged["ouder"] == "totaal")]
    assert nl.loc[nl["woonsituatie"] == "totaal", "aantal"].notna().all()


# --------------------------------------------------------------------------- what it says


def test_script_says_what_it_is_doing(ra_run: Run) -> None:
    out = ra_run.process.stdout
    newest = max(YEARS) + 1
    assert (
        f"GBAPERSOON{newest}TABV2.sav (oudere versie(s) niet gebruikt: GBAPERSOON{newest}TABV1"
        in out
    )
    assert f"INHA{YEARS[1]}TABV2.sav (oudere versie(s) niet gebruikt: INHA{YEARS[1]}TABV1" in out
    assert f"KINDOUDER{newest}TABV1.sav" in out and f"KINDOUDER{newest - 1}TABV4" not in out
    assert "Gemeente-indeling: gem2025 (in het bestand: gem2018, gem2025)" in out
    assert re.search(r"rijen gelezen, [\d.]+ bewaard", out)
    assert re.search(r"\] Jaar 2022: [\d.]+ jongvolwassenen", out)
    assert "Klaar:" in out
    assert re.search(r"^\[\s+\d+\.\d s\s+\d+ MB\]", out, re.MULTILINE)  # time and peak memory


def test_note_says_what_was_suppressed_and_why(ra_run: Run, export: pd.DataFrame) -> None:
    note = ra_run.note.read_text(encoding="utf-8")
    for year in YEARS:
        rows = export.loc[(export["jaar_van"] == year) & (export["ouder"] == "totaal")]
        line = next(ln for ln in note.splitlines() if ln.startswith(f"- Jongvolwassenen {year}:"))
        numbers = [int(n) for n in re.findall(r"(\d+) (?:cellen|gepubliceerd|onderdrukt)", line)]
        cells, published, primary, secondary = numbers
        assert cells == len(rows)
        assert published == int(rows["aantal"].notna().sum())
        assert primary + secondary == int(rows["aantal"].isna().sum())
    assert "ten minste 10 personen" in note
    assert "afgerond op 10" in note
    assert "niet terug te rekenen" in note
    assert "op basis van niet-openbare microdata van het CBS" in note
    assert "INHA2022TABV2.sav" in note and "INHA2022TABV1.sav" not in note


# --------------------------------------------------------------------------- options


def test_low_income_up_to_and_including_100_is_a_labelled_variant(
    ra_run: Run, tmp_path: Path
) -> None:
    process = run_script(ra_run.kit, ra_run.root, tmp_path, "--grens", "tot-en-met-100")
    assert process.returncode == 0, process.stderr
    export = read_export(next(tmp_path.glob("*.csv")))
    answers = synthetic.known_answers(ra_run.model, up_to_100=True)
    assert set(export["definitie"]) == {contract.get("DEFINITIE_TOT_EN_MET_100")}
    assert rules.wrong_counts(export, answers) == []
    # INHARMLAG exactly 100 exists in the data and moves people between the two definitions
    standard = synthetic.known_answers(ra_run.model)
    low = ["jaar_van", "jaar_tot", "regio_code", "woonsituatie", "ouder", "maat"]
    both = standard.merge(answers, on=low, suffixes=("_onder", "_tot_en_met"))
    assert (both["waarde_tot_en_met"] != both["waarde_onder"]).any()


def test_rounding_to_hundreds_publishes_no_count_that_rounds_to_zero(
    ra_run: Run, tmp_path: Path
) -> None:
    process = run_script(ra_run.kit, ra_run.root, tmp_path, "--afronding", "100")
    assert process.returncode == 0, process.stderr
    export = read_export(next(tmp_path.glob("*.csv")))
    answers = synthetic.known_answers(ra_run.model)
    assert set(export["afronding"]) == {100}
    assert rules.unrounded(export) == []
    assert rules.small_published(export, minimum=100) == []
    assert rules.small_not_suppressed(export, answers, minimum=50) == []
    assert rules.wrong_counts(export, answers) == []
    assert attacker.recomputed(export, answers, minimum=50) == []
    assert "minimum 50" in process.stdout


# --------------------------------------------------------------------------- sad paths


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jaren", "2021", "2023"], "aaneengesloten jaren"),
        (["--jaren", "2009", "2010"], "begint in 2011"),
        (
            ["--jaren", "2019", "2020"],
            "Geen InkomenBestedingen/KOPPELPERSOONHUISHOUDEN-bestand voor",
        ),
        (["--afronding", "5"], "--afronding is 10 of 100"),
        (["--minimum", "5"], "ten minste 10"),
        (["--indeling", "gem2018"], "opgeheven gemeenten van Groningen of Drenthe"),
        (["--indeling", "gem1999"], "de kolom gem1999 bestaat niet"),
    ],
)
def test_wrong_options_stop_with_a_dutch_message(
    ra_run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    years = [str(y) for y in YEARS] if "--jaren" not in args else []
    import subprocess
    import sys

    command = [sys.executable, str(ra_run.kit / contract.SCRIPT_NAME), "--bron", str(ra_run.root)]
    command += ["--uit", str(tmp_path), *(["--jaren", *years] if years else []), *args]
    process = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert process.returncode == 1, process.stdout
    assert message in process.stderr
    assert "Traceback" not in process.stderr
    assert not list(tmp_path.glob("*.csv"))


def test_missing_folder_or_variable_is_named(ra_run: Run, tmp_path: Path) -> None:
    process = run_script(ra_run.kit, tmp_path / "leeg", tmp_path / "uit")
    assert process.returncode == 1 and "bestaat niet (--bron)" in process.stderr
    (tmp_path / "leeg").mkdir()
    process = run_script(ra_run.kit, tmp_path / "leeg", tmp_path / "uit")
    assert process.returncode == 1 and "Bevolking/GBAPERSOONTAB staat niet onder" in process.stderr
    # a copy of the files in which INHATAB lacks INHPOPIIV
    import shutil

    import pyreadstat

    root = tmp_path / "G"
    shutil.copytree(ra_run.root, root)
    inha = root / "InkomenBestedingen" / "INHATAB" / f"INHA{YEARS[0]}TABV2.sav"
    frame, _ = pyreadstat.read_sav(str(inha))
    pyreadstat.write_sav(frame.drop(columns="INHPOPIIV"), str(inha))
    process = run_script(ra_run.kit, root, tmp_path / "uit")
    assert process.returncode == 1
    assert f"INHA{YEARS[0]}TABV2.sav: de variabele(n) INHPOPIIV ontbreken" in process.stderr
    assert "Traceback" not in process.stderr


def test_a_script_without_regions_refuses_to_run(tmp_path: Path, ra_run: Run) -> None:
    import subprocess
    import sys

    command = [sys.executable, str(contract.SCRIPT_PATH), "--bron", str(ra_run.root), "--jaren"]
    command += [str(y) for y in YEARS] + ["--uit", str(tmp_path)]
    process = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode == 1
    assert "avk-monitor microdata-pakket" in process.stderr


# ------------------------------------------------------------------ rules broken on purpose


def _run_in_process(script, ra_run: Run, out: Path) -> pd.DataFrame:
    argv = ["--bron", str(ra_run.root), "--jaren", *map(str, YEARS), "--uit", str(out)]
    assert script.main(argv) == 0
    return read_export(next(out.glob("*.csv")))


def test_without_secondary_suppression_the_attacker_recomputes_cells(
    script, ra_run: Run, answers: pd.DataFrame, tmp_path: Path, monkeypatch
) -> None:
    def primary_only(self) -> None:
        for cel in self.cellen.values():
            if not cel.verborgen and cel.waarde < self.minimum:
                cel.status = "primair"

    monkeypatch.setattr(script.Blok, "onderdruk", primary_only)
    monkeypatch.setattr(script.Blok, "veilig", lambda self: True)
    broken = _run_in_process(script, ra_run, tmp_path)
    assert rules.small_published(broken) == []  # primary suppression alone looks fine ...
    hits = attacker.recomputed(broken, answers)
    assert hits  # ... but the attacker gets suppressed cells back
    assert any(cell[1] == "thuiswonend" for _, cell, _ in hits)


def test_publishing_one_suppressed_cell_gives_another_away(
    export: pd.DataFrame, answers: pd.DataFrame
) -> None:
    """A pair of suppressed cells beside a published total: publish one, the other follows."""
    merged = export.merge(answers, on=CELL)
    single = merged.loc[(merged["ouder"] == "totaal")]
    pairs = single.pivot_table(
        index=["jaar_van", "regio_code", "maat"], columns="woonsituatie", values="aantal",
        aggfunc="first", dropna=False,
    )  # fmt: skip
    candidates = pairs.loc[
        pairs["totaal"].notna() & pairs["thuiswonend"].isna() & pairs["uitwonend"].isna()
    ]
    assert not candidates.empty
    year, code, maat = candidates.index[0]
    tampered = export.copy()
    where = (
        (tampered["jaar_van"] == year)
        & (tampered["ouder"] == "totaal")
        & (tampered["regio_code"] == code)
        & (tampered["maat"] == maat)
        & (tampered["woonsituatie"] == "uitwonend")
    )
    truth = answers.merge(tampered.loc[where, CELL], on=CELL)["waarde"].iloc[0]
    tampered.loc[where, "aantal"] = truth
    tampered.loc[where, "reden"] = ""
    hits = attacker.recomputed(tampered.loc[tampered["jaar_van"] == year], answers)
    assert any(cell == (code, "thuiswonend", maat) for _, cell, _ in hits)


def test_without_rounding_the_rounding_check_fails(
    script, ra_run: Run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(script, "afronden", lambda waarde, basis: waarde)
    broken = _run_in_process(script, ra_run, tmp_path)
    assert rules.unrounded(broken)


def test_with_a_lower_threshold_the_small_count_checks_fail(
    script, ra_run: Run, answers: pd.DataFrame, tmp_path: Path, monkeypatch
) -> None:
    original = script.Instellingen.__init__

    def lower(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        self.minimum = 5

    monkeypatch.setattr(script.Instellingen, "__init__", lower)
    monkeypatch.setattr(script, "afronden", lambda waarde, basis: waarde)
    broken = _run_in_process(script, ra_run, tmp_path)
    assert rules.small_published(broken)
    assert rules.small_not_suppressed(broken, answers)


def test_with_a_superseded_version_the_answers_are_wrong(
    ra_run: Run, answers: pd.DataFrame, tmp_path: Path
) -> None:
    """The traps are real: hide the current INHATAB of one year and the export changes."""
    import shutil

    root = tmp_path / "G"
    shutil.copytree(ra_run.root, root)
    (root / "InkomenBestedingen" / "INHATAB" / f"INHA{YEARS[0]}TABV2.sav").unlink()
    process = run_script(ra_run.kit, root, tmp_path / "uit")
    assert process.returncode == 0, process.stderr
    broken = read_export(next((tmp_path / "uit").glob("*.csv")))
    assert rules.wrong_counts(broken, answers)
