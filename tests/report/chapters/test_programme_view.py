"""The programme in the report and the factsheets: verdicts against each goal's period, reach
beside need (a share only where it is one), no ranking or rows of zeros, the programme's own
14.000 beside the monitor's count, and every programme figure the same on every page."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from avk_analysis import load
from avk_analysis.pipeline import build
from avk_analysis.presentation import narrative
from avk_analysis.report.chapters import at_a_glance
from avk_analysis.report.chapters import programme_view as view
from avk_analysis.report.chapters.context import Context
from avk_analysis.sources.programme import contract
from avk_analysis.vocabulary import regions


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


def _render(monkeypatch: pytest.MonkeyPatch, render, *args) -> str:
    """Return what a page part shows: headings, Markdown and table/figure HTML, in order."""
    shown: list[str] = []
    monkeypatch.setattr(view, "md", shown.append)
    monkeypatch.setattr(view, "heading", lambda text, level=2: shown.append(f"# {text}"))
    monkeypatch.setattr(view, "display", lambda obj: shown.append(obj.data))
    render(*args)
    return "\n".join(shown)


def _rows(html: str, caption: str) -> list[list[str]]:
    """Return the body rows (cell texts) of the table whose caption starts with ``caption``."""
    for table in re.findall(r"<table.*?</table>", html, re.S):
        found = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        if found and re.sub(r"<[^>]+>", "", found.group(1)).strip().startswith(caption):
            body = re.search(r"<tbody[^>]*>(.*?)</tbody>", table, re.S).group(1)
            return [
                [
                    unescape(re.sub(r"<[^>]+>", "", c)).strip()
                    for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
                ]
                for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
            ]
    raise AssertionError(f"no table with caption {caption!r}")


def _goals(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doel_id", "realisatie", "eenheid", "oordeel"])


# --- goals ------------------------------------------------------------------------------------
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
    goals = _goals(
        [
            ("a", 1, "x", "op koers"),
            ("b", 1, "x", "achter"),
            ("c", 1, "x", "vervallen"),
            ("d", 1, "x", "looptijd onbekend"),
        ]
    )
    text = view.verdict_sentence(goals)
    assert "Van de 3 lopende doelen liggen er 1 op koers voor hun looptijd en 1 achter" in text
    assert "van 1 is de looptijd onbekend" in text and "1 doel is vervallen" in text


def test_example_covers_two_programme_years_with_a_trend(ctx: Context) -> None:
    assert {2024, 2025} <= set(load.programma_jaren())
    trend = view.goal_trend(view.goals_by_year(2025), 2025).set_index("doel_id")
    assert trend.loc["D01", "ontwikkeling"] == view.HOGER
    assert set(trend["ontwikkeling"]) >= {view.HOGER, view.NIET_TE_VERGELIJKEN}
    assert trend["inspanning"].notna().all() and trend["indicator"].notna().all()


def test_goal_table_shows_period_expectation_and_verdict(ctx: Context, monkeypatch) -> None:
    html = _render(monkeypatch, view.chapter, ctx)
    rows = _rows(html, "Elk operationeel doel")
    goals = load.programma(2025)["doelen"]
    first = goals.iloc[0]  # D01: 250 in 2023-2026, 120 shown, 188 expected at the end of 2025
    row = next(r for r in rows if first["operationeel_doel"] in r[0])
    assert "250 (2023–2026)" in row
    assert "188 (75 %)" in row
    assert row[1] == first["oordeel"] == view.ACHTER
    # the rule is stated in words, with a worked example taken from the table itself
    assert "looptijd" in html and "verwacht nu" in html
    assert "Op 31-12-2025 is 75 % van die looptijd voorbij, dus verwacht: 188" in html
    assert "Gerealiseerd is 120: minder dan 75 % van 188 (141), dus 'achter'" in html


# --- reach ------------------------------------------------------------------------------------
def test_a_share_only_of_a_part_of_need_and_of_a_large_enough_need() -> None:
    assert view.share_cell(310, 2700.0) == "11 %"
    assert view.share_cell(310, float(contract.MIN_NEED_FOR_SHARE)) == "31 %"
    assert view.share_cell(135, 400.0) == view.NO_SHARE  # need too small to bear a share
    assert view.share_cell(135, contract.MIN_NEED_FOR_SHARE - 10.0) == view.NO_SHARE
    assert view.share_cell("<10", 5000.0) == view.NO_SHARE  # suppressed part
    assert view.share_cell("onderdrukt", 5000.0) == view.NO_SHARE
    assert view.share_cell(None, 5000.0) == view.NO_SHARE  # workbook does not say
    assert view.share_cell(100, None) == view.NO_SHARE
    rule = view.share_rule()
    assert "1.000" in rule and "honderdtallen" in rule


def test_reach_stands_beside_need_with_last_years_reach(ctx: Context) -> None:
    reach = view.reach_table(ctx)
    assert reach.attrs["jaar"] == 2025 and reach.attrs["vorig"] == 2024
    households, children = view.reach_display(reach)
    assert list(households.columns[:3]) == ["Gemeente", "Bereikt 2024", "Bereikt 2025"]
    before = load.programma(2024)["bereik_per_gemeente"].set_index("gemeente")
    for _, rec in households.iterrows():
        shown = before.loc[rec["Gemeente"], "huishoudens"]
        assert rec["Bereikt 2024"] == view._cell(shown)
    # shares appear only where the rule allows one; the rest says '–'
    emmen = households.set_index("Gemeente").loc["Emmen"]
    assert emmen["Aandeel bereikt"] == "11 %"  # 310 of 2.700
    small = households.loc[
        households["Met laag inkomen (CBS 2024)"].map(view._number_text).fillna(0)
        < contract.MIN_NEED_FOR_SHARE
    ]
    assert not small.empty and (small["Aandeel bereikt"] == view.NO_SHARE).all()
    assert "Aandeel" not in " ".join(children.columns)  # children: side by side only
    for table in (households, children):
        text = table.to_csv()
        assert "per 1.000" not in text and "per 100" not in text and "onderdrukt per" not in text


def test_reach_has_no_ranking_and_no_rows_of_zeros(ctx: Context, monkeypatch) -> None:
    households, children = view.reach_display(view.reach_table(ctx))
    names = list(households["Gemeente"])
    assert names[-1] == view.TOTAL and names[:-1] == sorted(names[:-1])  # alphabetical
    assert "Groningen" not in names  # no registered reach in either year: no row of zeros
    for table in (households, children):
        counts = table.drop(columns="Gemeente").iloc[:-1]
        assert not (counts.isin(["0", "–", "geen gegevens"]).all(axis=1)).any()
    html = _render(monkeypatch, view.chapter, ctx)
    assert html.count("<img") == 1  # the map only: no bar chart ranking gemeenten on reach
    assert "per 1.000" not in html and "Per 100" not in html


def test_suppressed_reach_never_becomes_a_share(ctx: Context) -> None:
    reach = view.reach_table(ctx)
    hidden = reach.loc[reach["laag_inkomen"].isin(["<10", view.SUPPRESSED])]
    assert not hidden.empty
    assert (hidden["aandeel"] == view.NO_SHARE).all()


def test_the_programmes_14000_is_set_beside_the_monitors_count(ctx: Context, monkeypatch) -> None:
    sentence = view.programme_claim_sentence(ctx)
    assert sentence.count(". ") == 0 and sentence.endswith(".")  # one sentence
    assert "een kleine 14.000 gezinnen in armoede" in sentence
    assert "lage-inkomensgrens van het CBS" in sentence  # which poverty line
    assert "10 gemeenten van de Veenkoloniën (definitie planbureaus)" in sentence  # which set
    # the count is the one the key figures show for the Veenkoloniën, of the year they show
    table, _ = narrative.key_figures(ctx.data, 2025, veenkolonien="planbureaus")
    row = table.loc[table["Indicator"].str.startswith("Huishoudens met laag inkomen")].iloc[0]
    vk = next(c for c in table.columns if c.startswith("Veenkoloni"))
    count = re.search(r"\(([\d.]+)\)", row[vk]).group(1)
    assert f"telt in {row['Jaar']} in de 10 gemeenten" in sentence
    assert f" {count} (demonstratiecijfer) huishoudens" in sentence
    assert "verschillen omdat" in sentence  # why they differ
    html = _render(monkeypatch, view.chapter, ctx)
    reach_part = html[html.index("# Bereik naast de doelgroep") :]
    assert sentence in reach_part.split("# Wat gebeurt waar")[0]


def test_another_veenkolonien_set_is_named_in_the_sentence(built, monkeypatch) -> None:
    monkeypatch.setenv("AVK_ROOT", str(built))
    other = Context(2025, "programma", load.indicatoren())
    sentence = view.programme_claim_sentence(other)
    n = len(regions.veenkolonien("programma"))
    which = narrative.veenkolonien_definition("programma", listed=False).split(",")[0]
    assert f"in de {n} gemeenten van de Veenkoloniën ({which})" in sentence
    assert which != "definitie planbureaus"


# --- the two key questions --------------------------------------------------------------------
def test_key_questions_are_answered_from_the_data(ctx: Context, monkeypatch) -> None:
    tables = load.programma(2025)
    good, right, unknown = view.key_questions(ctx, tables, view.reach_table(ctx))
    assert good.startswith("**Doen we de dingen goed?**")
    assert view.verdict_sentence(tables["doelen"]) in good
    assert right.startswith("**Doen we de goede dingen?**")
    # 'where poverty is highest' counts the gemeenten the regional chapter counts
    regional = at_a_glance.chapter_lines(ctx.data, "regionaal", 2025, "planbureaus")
    above = re.search(r"In (\d+) van de 22 gemeenten", regional[1]).group(1)
    assert f"In {above} van de 22 gemeenten groeien kinderen vaker" in right
    verdicts = tables["interventies_per_oordeel"].groupby("oordeel_toetsingskader")["interventies"]
    proven = int(verdicts.sum()["bewezen effectief"])
    assert f"{proven} bewezen effectief" in right
    assert "Wat we nog niet kunnen zeggen" in unknown and "microdata" in unknown
    html = _render(monkeypatch, view.chapter, ctx)
    assert html.index("# Doen we de dingen goed?") < html.index("# Zijn de doelen op koers?")


def test_proven_and_promising_interventions_are_named_as_inspiration(
    ctx: Context, monkeypatch
) -> None:
    html = _render(monkeypatch, view.chapter, ctx)
    rows = _rows(html, "Bewezen effectieve en veelbelovende interventies")
    inspiring = load.programma(2025)["interventies_inspiratie"]
    assert len(rows) == len(inspiring) > 0
    assert {r[0] for r in rows} <= {"bewezen effectief", "veelbelovend"}
    assert {r[1] for r in rows} == set(inspiring["naam"])
    assert {r[2] for r in rows} == set(inspiring["partner"])  # the organisation, named


def test_teams_table_has_no_small_sector(ctx: Context, monkeypatch) -> None:
    html = _render(monkeypatch, view.chapter, ctx)
    rows = _rows(html, "Partners met een compleet AVK-team")
    assert rows and all(int(r[1]) >= 10 for r in rows)
    assert not any(r[0] == "provincie" for r in rows)


# --- factsheets -------------------------------------------------------------------------------
def test_factsheet_sentence_says_what_happens_there(ctx: Context) -> None:
    text = view.gemeente_summary(ctx, "GM0114")
    assert text.startswith("In Emmen lopen 11 interventies") and "Alliantie van Kracht" in text
    assert "verschillende huishoudens" in text and "(in 2024:" in text
    assert "per 1.000" not in text
    quiet = view.gemeente_summary(ctx, "GM0014")
    assert "geen interventies of experimenten" in quiet
    only = view.gemeente_summary(ctx, "GM0118")  # Hoogeveen: one experiment, no intervention
    assert only.startswith("In Hoogeveen loopt 1 experiment van de Alliantie van Kracht")
    assert "0 interventies" not in only


def test_factsheet_prints_only_favourable_verdicts_and_no_team_gaps(
    ctx: Context, monkeypatch
) -> None:
    html = _render(monkeypatch, view.gemeente_section, ctx, "GM0114")
    for word in ("niet effectief", "ontbreek", "niet compleet", "looptijd onbekend"):
        assert word not in html, word
    assert "Partner" in html


def test_factsheets_have_no_zero_reach_rows(ctx: Context, monkeypatch) -> None:
    reach = view.reach_table(ctx)
    for code in regions.gemeente_codes():
        html = _render(monkeypatch, view.gemeente_section, ctx, code)
        assert "per 1.000" not in html and "per 100" not in html, code
        active = bool(reach.set_index("gemeente_code").loc[code, "_actief"])
        assert ("Bereik in " in html) == active, code  # a reach table only where there is reach


def test_year_without_workbook_says_so(ctx: Context, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(view, "md", said.append)
    ctx.jaar = 2031
    view.chapter(ctx)
    view.gemeente_section(ctx, "GM0114")
    assert len(said) == 2 and all("geen programmawerkboek" in s for s in said)


# --- one fact, one value: the report, the factsheets and 'In het kort' --------------------------
def test_programme_counts_are_the_same_on_every_page(ctx: Context, monkeypatch) -> None:
    chapter = _render(monkeypatch, view.chapter, ctx)
    where = {r[0]: r for r in _rows(chapter, "Gemeenten met interventies of experimenten")}
    households = {r[0]: r for r in _rows(chapter, "Bereikte huishoudens per gemeente")}
    children = {r[0]: r for r in _rows(chapter, "Bereikte kinderen per gemeente")}
    compared = 0
    for code in regions.gemeente_codes():
        name = regions.name(code)
        sheet = _render(monkeypatch, view.gemeente_section, ctx, code)
        facts = at_a_glance.programme_facts(2025, code)
        line = at_a_glance.programme_line(name, facts, 2025)
        if name in where:
            _, n_int, n_exp, n_partners, _ = where[name]
            local = _rows(sheet, f"Wat het programma in {name} doet")
            if local and local[0][0] not in ("interventie", "experiment"):
                # one kind only: no 'Soort' column, the caption names the kind and the count
                assert f"doet: {len(local)} interventies" in sheet or int(n_int) == 0, name
                interventions = local if int(n_int) else []
                partner = 1
            else:
                interventions = [r for r in local if r[0] == "interventie"]
                partner = 2
            assert len(interventions) == int(n_int) == facts.interventies, name
            assert len(local) - len(interventions) == int(n_exp) == facts.experimenten, name
            assert len({r[partner] for r in interventions}) == int(n_partners), name
            assert f"uitgevoerd door {n_partners} partner" in sheet or n_partners == "0", name
            compared += 1
        else:
            assert facts.interventies == facts.experimenten == 0, name
            assert "geen interventies of experimenten" in sheet, name
        if name in households:
            small = {r[0]: r for r in _rows(sheet, f"Bereik in {name}")}
            assert small["Huishoudens"][1:3] == households[name][1:3], name  # 2024, 2025
            assert small["Kinderen"][1:3] == children[name][1:3], name
            assert facts.huishoudens == households[name][2], name
            shown = facts.huishoudens
            if shown not in ("0", ""):
                words = f"minder dan {shown[1:]}" if shown.startswith("<") else shown
                assert f"{words} huishoudens" in line, name
    assert compared >= 5
    total = households[view.TOTAL]
    region = at_a_glance.programme_facts(2025)
    assert region.huishoudens == total[2] and region.gemeenten == len(where)
    assert f"{total[2]} verschillende huishoudens" in chapter
