"""The benchmark tool (tools/bench.py): what it runs and how it reports, without running it."""

from __future__ import annotations

from pathlib import Path

import pytest

from avk_analysis.report.runner import families
from tools import bench

REPO = Path(__file__).resolve().parents[2]


def test_make_bench_runs_the_tool_not_the_package() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/python -m tools.bench --jaar $(JAAR)" in makefile
    assert not list((REPO / "avk_analysis").rglob("bench.py"))


def test_naive_plans_follow_the_declaration_and_the_runner_keys() -> None:
    declaration = families.load(REPO / "notebooks" / families.DECLARATION)
    plans = bench.naive_plans(declaration, {"gemeente": ["GM0014", "GM0114"]}, 2025, "agenda")
    keys = [key for key, _nb, _values in plans]
    chapters = sorted((REPO / "notebooks" / "rapport").glob("[0-9][0-9]_*.ipynb"))
    assert keys == [f"rapport:{nb.stem}" for nb in chapters] + [
        "factsheet:GM0014",
        "factsheet:GM0114",
    ]
    assert plans[-1][1] == REPO / "notebooks" / "factsheet.ipynb"
    assert plans[-1][2] == {"jaar": 2025, "veenkolonien": "agenda", "gemeente": "GM0114"}
    assert plans[0][2] == {"jaar": 2025, "veenkolonien": "agenda"}


def test_the_family_measurement_needs_an_active_family() -> None:
    with pytest.raises(SystemExit, match="'buurt' is geen actieve familie per waarde"):
        bench.family_run(
            jaar=2025,
            family_name="buurt",
            n_pages=3,
            workers=1,
            veenkolonien="planbureaus",
            timeout=10,
            statuses={},
        )


def test_the_report_gives_seconds_per_page_of_the_large_family() -> None:
    times = {
        "koud": 40.0,
        "koud_build": 10.0,
        "warm": 27.0,
        "warm_zonder_kernelstarter": 50.0,
        "noop": 1.0,
        "noop_cli": 3.0,
        "naief": None,
    }
    data = {
        "jaar": 2025,
        "aantal_notebooks": 27,
        "aantal_hoofdstukken": 5,
        "aantal_factsheets": 22,
        "omgeving": {"cpu_count": 2, "workers": 2, "python": "3.11", "pythondontwritebytecode": 0},
        "tijden_s": times,
        "geheugen_piek_mb": {"dit_proces_mb": 100.0, "grootste_kindproces_mb": 300.0},
        "per_notebook_warm_s": {"factsheet:GM0014": 2.0},
        "html_bytes": {"index.html": 2048},
        "familie": {
            "familie": "gemeente",
            "paginas": 250,
            "seconden": 200.0,
            "seconden_per_pagina": 0.8,
        },
    }
    text = bench.render_markdown(data)
    assert "| Familie 'gemeente' van 250 pagina's, warm | 200,0 s |" in text
    assert "| – per pagina | 0,80 s |" in text
    assert "| Warm per notebook (volledige editie, 27) | 1,00 s |" in text
    assert "| Naïef: papermill-CLI + nbconvert-CLI per notebook, na elkaar | – |" in text


def test_the_large_delivery_is_valid_distinct_and_warns_on_former_gemeenten(
    tmp_path: Path,
) -> None:
    from avk_analysis.sources.planning import delivery
    from tools import bench_levering

    path = bench_levering.write_large_delivery(tmp_path / "groot.csv", 300)
    report, records = delivery.check_delivery(path)
    assert report.ok, report.render()
    assert len(records) == 300 and {r.values["status"] for r in records} == {"demo"}
    assert any("Voormalige gemeente" in f.message for f in report.warnings)
    small = bench_levering.write_small_delivery(tmp_path / "klein.csv")
    assert delivery.validate_delivery(small).findings == []


def test_the_large_delivery_scenario_reports_every_step() -> None:
    step = {"seconden": 1.5, "geheugen_piek_mb": 200.0, "regels_uitvoer": 9, "exitcode": 0}
    keys = ["build_voor", "validate_2_rijen_voor", "levering", "build_na", "validate_2_rijen_na"]
    from tools import bench_levering

    lines = bench_levering.render_markdown({"rijen": 100000, "stappen": dict.fromkeys(keys, step)})
    assert "| Levering van 100000 rijen innemen | 1,5 s | 200,0 MB | 9 | 0 |" in lines
    assert len([line for line in lines if line.startswith("| ") and " s |" in line]) == 5
