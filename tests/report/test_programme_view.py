"""The programme in the report: reach against need, and a year without a workbook."""

from __future__ import annotations

import pytest

from avk_analysis import build, load
from avk_analysis.report import programme_view
from avk_analysis.report.context import Context


@pytest.fixture
def ctx(project) -> Context:
    build.build(log=lambda _m: None)
    return Context(2025, "planbureaus", load.indicatoren())


def test_reach_per_1000_low_income_households(ctx: Context) -> None:
    reach = programme_view.reach_vs_need(ctx)
    assert not reach.empty
    row = reach.dropna(subset=["_ratio"]).iloc[0]
    shown = row["Bereikt per 1.000 huishoudens met laag inkomen"]
    assert shown.replace(".", "").isdigit()
    assert round(row["_ratio"]) == int(shown.replace(".", ""))
    # suppressed reach never becomes a number
    hidden = reach[reach.filter(like="Bereikte huishoudens").iloc[:, 0] == "<10"]
    assert (hidden["Bereikt per 1.000 huishoudens met laag inkomen"] == "onderdrukt").all()


def test_year_without_workbook_says_so(ctx: Context, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(programme_view, "md", said.append)
    ctx.jaar = 2031
    programme_view.chapter(ctx)
    programme_view.gemeente_section(ctx, "GM0114")
    assert len(said) == 2 and all("geen programmawerkboek" in s for s in said)
