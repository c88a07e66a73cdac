"""Young adults and their parents in the factsheet and the report, as a reader sees them."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from avk_analysis.report.chapters import microdata_view as view
from avk_analysis.report.chapters.context import Context
from tests.indicators.test_microdata import cells

LINE = (
    "Bron: eigen berekeningen Trendbureau Drenthe op basis van niet-openbare microdata van het CBS"
)


def _data(status: str = "echt") -> pd.DataFrame:
    parts = []
    for code, scale in (("GM0765", 1), ("PV20", 30), ("VK_planbureaus", 15), ("NL01", 900)):
        parts.append(
            cells(
                code,
                {
                    2022: (600 * scale, 60 * scale, 20 * scale),
                    2023: (610 * scale, 70 * scale, 20 * scale),
                },
                {
                    # Pekela: the father's 2x2 has suppressed cells
                    "moeder": (400 * scale, 14 * scale, 36 * scale, 26 * scale, 324 * scale),
                    "vader": (380 * scale, None, 40 * scale, 20 * scale, 310 * scale)
                    if code == "GM0765"
                    else (380 * scale, 10 * scale, 40 * scale, 20 * scale, 310 * scale),
                },
                status=status,
                bronregel=LINE,
            )
        )
    return pd.concat(parts, ignore_index=True)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch):
    """Capture what a section shows (Markdown and HTML), with hand-made cells."""
    out: list[str] = []
    monkeypatch.setattr(view, "md", lambda text: out.append(str(text)))
    monkeypatch.setattr(view, "heading", lambda text, level=2: out.append(f"# {text}"))
    monkeypatch.setattr(view, "display", lambda obj: out.append(getattr(obj, "data", str(obj))))
    return out


def _ctx() -> Context:
    return Context(2025, "planbureaus", pd.DataFrame())


def test_the_factsheet_section_answers_the_question(shown, monkeypatch) -> None:
    monkeypatch.setattr(view, "cells", lambda: _data())
    view.gemeente_section(_ctx(), "GM0765")
    text = "\n".join(shown)
    assert "# Jongvolwassenen en hun ouders in Pekela" in text
    assert "In 2023 hadden in Pekela ongeveer **70** van de 610 jongvolwassenen" in text
    assert "**11,5 %**" in text  # 70 / 610, from the delivered counts
    assert "2022: 10,0 %; 2023: 11,5 %" in text
    # the mother: 14 of 50 low-income young adults (28 %) vs 40 of 400 (10 %): 2,8 times
    assert "**2,8 keer zo vaak** een moeder (28,0 % tegen 10,0 %)" in text
    assert "als alle uitwonende jongvolwassenen (2021-2023 samen)" in text
    assert "Nederland 2,8 keer" in text  # compared in words (the table is screen-only)
    table = next(t for t in shown if "<table" in t)
    assert table.startswith('<div class="alleen-scherm">') and "Veenkoloniën" in table
    # the father's cells are partly suppressed: named as such, never a number or a zero
    assert "een vader met een laag inkomen hebben (2021-2023): onvoldoende waarnemingen" in text
    assert "voorbeeld" not in text.lower()
    assert LINE in text
    # CBS's national figure is told once, in the factsheet's text on generational poverty
    assert "Armoedeoverdracht tussen generaties" not in text
    assert "22 tot en met 26 jaar" in text and "de jaren 2021-2023 samen" in text
    assert "<svg" not in text and "<img" not in text  # no chart: the years are in the table


def test_every_example_figure_says_voorbeeld(shown, monkeypatch) -> None:
    monkeypatch.setattr(view, "cells", lambda: _data("voorbeeld"))
    view.gemeente_section(_ctx(), "GM0765")
    words = [t for t in shown if not t.startswith("<")]  # the sentences
    note = next(t for t in shown if "synthetische cijfers" in t)  # said on screen; on paper
    assert 'class="alleen-scherm"' in note  # the banner and every figure's word say it
    for text in words:
        for match in re.finditer(r"\d+,\d %|\*\*\d[\d.]*\*\*|\d+,\d keer zo vaak\*\*", text):
            after = text[match.end() : match.end() + 40]
            assert after.startswith(
                (" (voorbeeld)", "** (voorbeeld)", " keer zo vaak** (voorbeeld)")
            ), (
                match.group(),
                after,
            )
    tables = [t for t in shown if "<table" in t]
    assert tables and all("VOORBEELD" in t for t in tables)
    cells_shown = re.findall(r"<td[^>]*>([^<]*%[^<]*)</td>", tables[0])
    assert cells_shown and all("(voorbeeld)" in c for c in cells_shown)


def test_a_gemeente_without_figures_says_so(shown, monkeypatch) -> None:
    monkeypatch.setattr(view, "cells", lambda: _data())
    view.gemeente_section(_ctx(), "GM0014")
    assert "Voor Groningen zijn er (nog) geen cijfers uit CBS-microdata" in shown[-1]
    monkeypatch.setattr(view, "cells", lambda: _data().iloc[0:0])
    shown.clear()
    view.regions_section(_ctx())
    assert "(nog) geen cijfers uit CBS-microdata" in shown[-1]


def test_the_report_section_shows_the_regions_and_the_gemeenten(shown, monkeypatch) -> None:
    monkeypatch.setattr(view, "cells", lambda: _data())
    view.regions_section(_ctx())
    text = "\n".join(shown)
    assert "In 2023 hadden in Veenkoloniën (definitie planbureaus) ongeveer" in text
    tables = [t for t in shown if "<table" in t]
    assert len(tables) == 2
    assert "Groningen (provincie)" in tables[0] and "Nederland" in tables[0]
    assert "Pekela" in tables[1] and "onvoldoende waarnemingen" in tables[1]


def test_text_from_a_sidecar_is_escaped(monkeypatch) -> None:
    data = _data().assign(bronregel="Bron: *Trendbureau* <b>Drenthe</b> [x](javascript:1)")
    text = view.source_text(data)
    assert "<b>" not in text and "\\*Trendbureau\\*" in text and "\\[x\\]" in text


def test_the_long_term_share_is_said_of_all_young_adults(shown, monkeypatch) -> None:
    # pct_langdurig = jv_langdurig / jv: a share of all young adults, not of those with a low income
    monkeypatch.setattr(view, "cells", lambda: _data())
    view.gemeente_section(_ctx(), "GM0765")
    text = "\n".join(shown)
    assert "van hen had" not in text
    assert "van alle jongvolwassenen daar had al vier jaar of langer" in text
