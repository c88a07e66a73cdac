"""The programme in the report: verdicts and trends per goal, reach against same-year need, what
happens where (without verdicts next to named partners), and a year without a workbook."""

from __future__ import annotations

import pandas as pd
import pytest

from avk_analysis import build, load
from avk_analysis.report import programme_view as view
from avk_analysis.report.context import Context


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Build the shipped raw data once for this module (a scratch project)."""
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("p") / "project")
    mp = pytest.MonkeyPatch()
    mp.setenv("AVK_ROOT", str(root))
    build.build(log=lambda _m: None)
    yield root
    mp.undo()


@pytest.fixture
def ctx(built, monkeypatch: pytest.MonkeyPatch) -> Context:
    monkeypatch.setenv("AVK_ROOT", str(built))
    return Context(2025, "planbureaus", load.indicatoren())


def _goals(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doel_id", "realisatie", "eenheid", "oordeel"])


def test_goal_trend_compares_shown_realisations() -> None:
    goals = {
        2024: _goals([("D1", 50, "x", "achter"), ("D2", "<10", "x", "achter"), ("D3", 5, "x", "")]),
        2025: _goals(
            [
                ("D1", 60, "x", "op koers"),
                ("D2", 20, "x", "achter"),
                ("D3", 5, "x", "op koers"),
                ("D4", 1, "x", "op koers"),
                ("D5", 2, "x", "op koers"),
            ]
        ),
    }
    goals[2024] = pd.concat([goals[2024], _goals([("D5", 9, "y", "")])], ignore_index=True)
    out = view.goal_trend(goals, 2025).set_index("doel_id")
    assert out.loc["D1", "ontwikkeling"] == view.HOGER
    assert out.loc["D2", "ontwikkeling"] == view.NIET_TE_VERGELIJKEN  # suppressed before
    assert out.loc["D3", "ontwikkeling"] == view.GELIJK
    assert out.loc["D4", "ontwikkeling"] == view.NIEUW
    assert out.loc["D5", "ontwikkeling"] == view.NIET_TE_VERGELIJKEN  # unit changed
    assert out.loc["D1", "realisatie_2024"] == 50


def test_single_year_has_no_trend() -> None:
    out = view.goal_trend({2025: _goals([("D1", 5, "x", "achter")])}, 2025)
    assert (out["ontwikkeling"] == "").all()
    assert "nog geen eerder programmajaar" in view.trend_sentence(out, None)


def test_verdict_sentence_counts_every_goal() -> None:
    goals = _goals([("a", 1, "x", "op koers"), ("b", 1, "x", "achter"), ("c", 1, "x", "vervallen")])
    text = view.verdict_sentence(goals)
    assert "Van de 2 lopende doelen zijn er 1 op koers, 1 achter" in text and "vervallen" in text


def test_example_covers_two_programme_years_with_a_trend(ctx: Context) -> None:
    assert {2024, 2025} <= set(load.programma_jaren())
    trend = view.goal_trend(view.goals_by_year(2025), 2025).set_index("doel_id")
    assert trend.loc["D01", "ontwikkeling"] == view.HOGER
    assert set(trend["ontwikkeling"]) >= {view.HOGER, view.NIET_TE_VERGELIJKEN}
    assert trend["inspanning"].notna().all() and trend["indicator"].notna().all()


def test_reach_lists_all_22_gemeenten_with_same_year_need(ctx: Context) -> None:
    reach = view.reach_vs_need(ctx)
    gemeenten = reach.loc[~reach["_totaal"]]
    assert len(gemeenten) == 22
    col = next(c for c in reach.columns if c.startswith(view.HH))
    assert (gemeenten[col] == "0").any()  # zero reach is shown as zero
    assert reach.attrs["jaar"] == 2025
    need_col = next(c for c in reach.columns if c.startswith(view.NEED_COL))
    assert str(reach.attrs["need_jaar"]) in need_col  # the header says which year
    # the ratio follows from the shown numbers: reach / shown need × 1000
    row = gemeenten.dropna(subset=["_ratio"]).loc[lambda d: d["_ratio"] > 0].iloc[0]
    shown_reach = int(row[col].replace(".", ""))
    shown_need = int(row[need_col].replace(".", ""))
    ratio = row[view.RATIO]
    assert int(ratio.replace(".", "")) == round(1000 * shown_reach / shown_need)
    # never more households reached than live in low income through quarterly double counting
    assert (gemeenten["_ratio"].dropna() < 1000).all()
    assert any(c.startswith(view.KIDS_NEED) for c in reach.columns)


def test_suppressed_reach_never_becomes_a_ratio(ctx: Context) -> None:
    reach = view.reach_vs_need(ctx)
    col = next(c for c in reach.columns if c.startswith(view.KIDS))
    hidden = reach.loc[reach[col].isin(["<10", view.SUPPRESSED])]
    assert not hidden.empty
    assert (hidden[view.KIDS_RATIO] == view.SUPPRESSED).all()


def test_factsheet_sentence_says_what_happens_there(ctx: Context, monkeypatch) -> None:
    text = view.gemeente_summary(ctx, "GM0114")
    assert text.startswith("In Emmen lopen") and "Alliantie van Kracht" in text
    assert "verschillende huishoudens" in text
    quiet = view.gemeente_summary(ctx, "GM0014")
    assert "geen interventies of experimenten" in quiet


def test_factsheet_prints_no_verdict_next_to_a_partner(ctx: Context, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(view, "md", shown.append)
    monkeypatch.setattr(view, "display", lambda obj: shown.append(obj.data))
    view.gemeente_section(ctx, "GM0114")
    html = "\n".join(shown)
    for word in (
        "niet effectief",
        "veelbelovend",
        "bewezen effectief",
        "ontbreek",
        "niet compleet",
    ):
        assert word not in html, word
    assert "Partner" in html


def test_chapter_renders_verdicts_map_and_experiences(ctx: Context, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(view, "md", shown.append)
    monkeypatch.setattr(view, "heading", lambda text, level=2: shown.append(f"# {text}"))
    monkeypatch.setattr(view, "display", lambda obj: shown.append(obj.data))
    view.chapter(ctx)
    html = "\n".join(shown)
    assert "Op koers?" in html and "Sinds 2024" in html
    assert "# Wat gebeurt waar en door wie" in html and "<img" in html
    assert "# Ervaringen van deelnemers" in html
    assert "Kapitaalsvorm of leerthema" in html
    assert "1.500 per 1.000" not in html


def test_year_without_workbook_says_so(ctx: Context, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(view, "md", said.append)
    ctx.jaar = 2031
    view.chapter(ctx)
    view.gemeente_section(ctx, "GM0114")
    assert len(said) == 2 and all("geen programmawerkboek" in s for s in said)


def test_factsheet_reach_is_two_rows_from_the_chapter_numbers(ctx: Context) -> None:
    reach = view.reach_vs_need(ctx)
    small = view.gemeente_reach(reach, "Emmen")
    assert list(small["Wie"]) == ["Huishoudens", "Kinderen"]
    row = reach.loc[reach["Gemeente"] == "Emmen"].iloc[0]
    assert small.iloc[0]["Bereikt (2025)"] == row[f"{view.HH} (2025)"]
    assert small.iloc[0]["Bereikt per"] == f"{row[view.RATIO]} per 1.000"
