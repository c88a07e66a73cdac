"""Landing page parts: the per-edition data file and the optional PDF export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.report import landing, publish


def test_tidy_csv_has_dutch_columns_licence_and_date(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "indicator": ["kinderen_laag_inkomen_pct", "kinderen_laag_inkomen_pct"],
            "regiocode": ["GM0114", "GM0106"],
            "regionaam": ["Emmen", "Assen"],
            "jaar": [2024, 2024],
            "waarde": [7.25, None],
            "eenheid": ["%", "%"],
            "symbool": ["", "x"],
            "bron": ["CBS", "Trendbureau Drenthe"],
            "status": ["echt", "echt"],
            "intern": ["/work/x", "/work/y"],  # columns not published stay out
        }
    )
    path = landing.write_tidy_csv(tmp_path, 2025, df, retrieved="2025-06-01")
    assert path.name == "cijfers_2025.csv"
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "indicator;omschrijving;regiocode;gebied;jaar;waarde;eenheid;teken;bron;status;"
        "licentie;opgehaald"
    )
    assert (
        lines[1].startswith("kinderen_laag_inkomen_pct;") and ";GM0106;Assen;2024;;%;x;" in lines[1]
    )
    assert lines[1].endswith(";Trendbureau Drenthe;echt;zie de bron;2025-06-01")
    assert lines[2].endswith(";7,25;%;;CBS;echt;CC BY 4.0, Bron: CBS;2025-06-01")
    assert "/work/" not in path.read_text(encoding="utf-8")


def test_pdf_export_is_skipped_with_one_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(publish.PDF_SWITCH, "0")
    made, notice = publish.export_pdfs(tmp_path, ["rapport.html"])
    assert made == [] and "Geen PDF" in notice and "\n" not in notice


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium ontbreekt")
def test_pdf_export_prints_a4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.delenv(publish.PDF_SWITCH, raising=False)
    page = publish.render_index(title="Proef", sections=[])
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    made, _ = publish.export_pdfs(tmp_path, ["index.html"])
    pdf = (tmp_path / "index.pdf").read_bytes()
    assert made == ["index.pdf"] and pdf.startswith(b"%PDF")
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"595" in pdf  # A4


def test_tidy_csv_neutralises_formulas_planted_in_every_text_column(tmp_path: Path) -> None:
    import csv

    planted = '=HYPERLINK("http://evil.example","klik")'
    df = pd.DataFrame(
        {
            "indicator": ["@SUM(1+1)*cmd|' /C calc'!A0", "kinderen_laag_inkomen_pct"],
            "regiocode": ["+GM0114", "GM0114"],
            "regionaam": ["-Emmen+cmd|' /C calc'!A0", "Emmen"],
            "jaar": [2024, 2024],
            "waarde": [-1.5, 7.0],
            "eenheid": ["\t=1+1", "%"],
            "symbool": ["\r=1+1", ""],
            "bron": [planted, "CBS"],
            "status": ["=echt", "echt"],
        }
    )
    path = landing.write_tidy_csv(tmp_path, 2025, df, retrieved="=NOW()")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    planted_row = next(r for r in rows if r[-3] != "CBS" and r[0] != "indicator")
    texts = [c for c in planted_row if c not in ("2024", "-1,5", "")]
    assert len(texts) == 9 and all(c.startswith("'") or c[:1].isalnum() for c in texts), texts
    assert "-1,5" in planted_row  # a negative number stays a number
    assert "'" + planted in planted_row and "'=NOW()" in planted_row
