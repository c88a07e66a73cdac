"""Shared report charts."""

from __future__ import annotations

from avk_analysis.report.chapters import trends
from avk_analysis.report.chapters.context import Context
from tests.indicators.helpers import rows, table


def _ctx() -> Context:
    data = table(
        rows("kinderen_laag_inkomen_pct", {"GM0114": 9.0, "NL01": 7.0}, 2022),
        rows("kinderen_laag_inkomen_pct", {"GM0114": 8.0, "NL01": 6.5}, 2023),
    )
    return Context(2025, "planbureaus", data)


def test_trend_chart_has_alt_text_and_demo_marker(monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(trends, "display", shown.append)
    trends.show_trend(_ctx(), "kinderen_laag_inkomen_pct", ["GM0114", "NL01"], "kinderen", "Emmen")
    html = shown[0].data
    assert 'alt="Lijngrafiek van het aandeel kinderen: Emmen van 9,0 %' in html
    assert "2022-2023" in html and "DEMO" in html


def test_no_series_says_so(monkeypatch) -> None:
    said = []
    monkeypatch.setattr(trends, "md", said.append)
    trends.show_trend(_ctx(), "hh_laag_inkomen_pct", ["GM0114"], "huishoudens", "Emmen")
    assert said == ["Voor huishoudens zijn geen cijfers over de tijd beschikbaar."]


def test_a_long_trend_is_told_in_words_under_the_chart(monkeypatch) -> None:
    data = table(
        *[
            rows("kinderen_laag_inkomen_pct", {"GM0114": v, "NL01": 6.6}, y)
            for y, v in zip(range(2018, 2025), [8.0, 8.5, 8.0, 7.5, 6.0, 6.5, 6.1], strict=True)
        ]
    )
    said: list[str] = []
    monkeypatch.setattr(trends, "display", lambda _html: None)
    monkeypatch.setattr(trends, "md", said.append)
    ctx = Context(2025, "planbureaus", data)
    trends.show_trend(ctx, "kinderen_laag_inkomen_pct", ["GM0114", "NL01"], "kinderen", "Emmen")
    assert said == [
        "*In woorden, over 5 jaar:* Emmen gedaald (van 8,5 % in 2019 naar 6,1 % in 2024); "
        "Nederland ongeveer gelijk (van 6,6 % in 2019 naar 6,6 % in 2024)."
    ]
