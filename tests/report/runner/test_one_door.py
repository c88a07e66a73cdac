"""One door for data: after the build, notebooks need nothing from data/raw/.

The build reads the programme workbook once and writes disclosure-controlled tables to
data/processed/programma/. The programme chapter and a factsheet then run with the raw programme
folder moved away, and show the programme's tables (not "no workbook"). A secret remark planted in
the workbook reaches neither the processed files nor the pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from avk_analysis.pipeline import build, processed
from avk_analysis.vocabulary import paths, provenance
from tests.conftest import make_project
from tests.sources.programme.workbooks import plant_remarks

SECRET = "GEHEIM-c41d-opmerking"
GEMEENTE = "GM0114"
pytestmark = pytest.mark.xdist_group("notebooks")


def _plant_secret(book_path: Path) -> None:
    """Put a secret remark in every opmerking cell of the example workbook."""
    book = openpyxl.load_workbook(book_path)
    assert plant_remarks(book, SECRET)
    book.save(book_path)
    provenance.write_provenance(book_path.parent, provenance.read_provenance(book_path.parent))


@pytest.fixture(scope="module")
def built_without_raw_programme(tmp_path_factory: pytest.TempPathFactory):
    """Build a scratch project, then move data/raw/programma/ out of it."""
    with pytest.MonkeyPatch.context() as mp:
        root = make_project(tmp_path_factory.mktemp("deur") / "project")
        mp.setenv("AVK_ROOT", str(root))
        mp.setenv("AVK_OFFLINE", "1")
        raw = root / "data" / "raw"
        _plant_secret(next((raw / "programma" / "voorbeeld").glob("*.xlsx")))
        build.build(log=lambda _m: None)
        shutil.move(raw, root.parent / "raw-weg")  # every raw folder: programme, CBS, maps, ...
        assert not raw.exists()
        mp.setenv(paths.PROCESSED_ONLY_ENV, "1")  # as the runner's kernels run
        yield root


def _run(root: Path, notebook: str, out: Path, **parameters: object) -> str:
    """Run one notebook of the scratch project; return all its text and HTML output."""
    import papermill

    nb = papermill.execute_notebook(
        str(root / "notebooks" / notebook),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(root / "notebooks"),
        progress_bar=False,
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    parts = []
    for o in outputs:
        data = o.get("data", {})
        parts += [str(data.get(k, "")) for k in ("text/html", "text/markdown", "text/plain")]
        parts.append(str(o.get("text", "")))
    return "\n".join(parts)


def test_processed_programme_tables_hold_no_free_text(built_without_raw_programme) -> None:
    root = built_without_raw_programme
    folder = root / "data" / "processed" / "programma" / "2025"
    files = sorted(folder.iterdir())
    assert len(files) > 5
    for file in files:
        if file.suffix == ".json":
            assert SECRET not in file.read_text(encoding="utf-8"), file.name
            continue
        for frame in (pd.read_parquet(file), processed.read_frame(file)):
            assert not frame.astype(str).apply(lambda c: c.str.contains(SECRET)).any().any()
            assert "opmerking" not in frame.columns, file.name
            assert SECRET not in json.dumps(frame.attrs, default=str), file.name
    table = pd.read_parquet(root / "data" / "processed" / "indicatoren.parquet")
    assert not table.astype(str).apply(lambda c: c.str.contains(SECRET)).any().any()


def test_programme_chapter_runs_without_raw_programme(
    built_without_raw_programme, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = built_without_raw_programme
    monkeypatch.setenv("AVK_ROOT", str(root))
    text = _run(root, "rapport/04_programma.ipynb", tmp_path / "04.ipynb", jaar=2025)
    assert "geen programmawerkboek" not in text  # the tables came from data/processed/
    assert "per kapitaalsvorm" in text and "AVK-teams bij partners" in text
    assert "Op koers?" in text and "Wat gebeurt waar en door wie" in text
    assert "voorbeelddata" in text and "&lt;10" in text
    assert SECRET not in text


def test_factsheet_runs_without_raw_programme(
    built_without_raw_programme, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = built_without_raw_programme
    monkeypatch.setenv("AVK_ROOT", str(root))
    text = _run(root, "factsheet.ipynb", tmp_path / "fs.ipynb", jaar=2025, gemeente=GEMEENTE)
    assert "geen programmawerkboek" not in text
    assert "Wat het programma in Emmen doet" in text and "In Emmen lopen" in text
    assert SECRET not in text


@pytest.mark.parametrize(
    ("notebook", "expected"),
    [
        ("rapport/03_regionale_verschillen.ipynb", "Bron: CBS / Kadaster, via PDOK"),
        ("rapport/05_verantwoording.ipynb", "CBS-cijfer vs gepubliceerd door SPG/TD"),
        ("rapport/01_samenvatting.ipynb", "Veenkoloniën"),
    ],
)
def test_other_chapters_run_without_any_raw_data(
    built_without_raw_programme, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, notebook, expected
) -> None:
    root = built_without_raw_programme
    monkeypatch.setenv("AVK_ROOT", str(root))
    text = _run(root, notebook, tmp_path / "uit.ipynb", jaar=2025)
    assert expected in text
