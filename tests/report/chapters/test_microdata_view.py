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
    assert "had 28,0 % een moeder met een laag inkomen, tegen 10,0 % van alle" in text
    assert "**2,8 keer zo vaak** (2021-2023 samen" in text
    assert "de Veenkoloniën 2,8 keer" in text and "Nederland 2,8 keer" in text
    # the father's cells are partly suppressed: named as such, never a number or a zero
    assert "een vader met een laag inkomen hebben (2021-2023): onvoldoende waarnemingen" in text
    assert "voorbeeld" not in text.lower()
    assert LINE in text
    assert "Armoedeoverdracht tussen generaties" in text  # the national CBS figure as context
    assert "22 tot en met 26 jaar op 1 januari" in text and "2021-2023 samen" in text


def test_every_example_figure_says_voorbeeld(shown, monkeypatch) -> None:
    monkeypatch.setattr(view, "cells", lambda: _data("voorbeeld"))
    view.gemeente_section(_ctx(), "GM0765")
    words = [t for t in shown if not t.startswith("<")]  # the sentences
    assert "synthetisch" in words[1]
    ours = [t for t in words if "Armoedeoverdracht" not in t]  # CBS's national figure is real
    assert len(ours) < len(words)
    for text in ours:
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
