"""Choropleth maps on the real boundaries: classes, Dutch legend, labels, source note."""

from __future__ import annotations

import io
import itertools

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from avk_analysis.presentation import charts, maps
from avk_analysis.sources import boundaries
from tests.sources.test_boundaries import api, root  # noqa: F401  (fixtures: scratch root, fake PDOK)


@pytest.fixture
def gem_values(root, monkeypatch):  # noqa: F811 (root: fixture from test_boundaries)
    monkeypatch.setenv("AVK_OFFLINE", "1")
    gem = boundaries.load_boundaries(2025)
    values = np.linspace(2.5, 12.0, len(gem))
    values[3] = np.nan
    merged = gem.merge(
        pd.DataFrame({"gemeentecode": gem["gemeentecode"], "pct": values}), on="gemeentecode"
    )
    merged.attrs.update(gem.attrs)
    return merged


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_real_boundaries_with_missing_value(gem_values) -> None:
    note = maps.map_source_note(gem_values)
    ax = maps.plot_map(
        gem_values, "pct", unit="%", legend_title="Kinderen", source_note=note, year=2024
    )
    legend = _legend_texts(ax)
    missing = gem_values.loc[gem_values["pct"].isna(), "gemeentenaam"].iloc[0]
    assert legend[-2] == f"geen gegevens ({missing})"  # hatched and named
    assert legend[-1] == "Veenkoloniën (definitie planbureaus)"  # the outline is explained
    assert len(legend) == 7  # 5 classes + no data + outline
    assert legend[0].startswith("2,5 – ") and legend[0].endswith(" %")
    assert all("," in t for t in legend[:5])
    assert ax.get_legend().get_title().get_text() == "Kinderen (%, 2024)"
    assert [t.get_text() for t in ax.texts] == [note]  # labels are off by default
    assert "Bron: CBS / Kadaster, via PDOK" in note
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_classes_do_not_overlap_and_palette_has_no_grey(gem_values) -> None:
    ax = maps.plot_map(gem_values, "pct", unit="%", title="Aandeel, 2023")
    legend = _legend_texts(ax)[:5]
    bounds = [
        [float(x.replace(",", ".")) for x in t.removesuffix(" %").split(" – ")] for t in legend
    ]
    assert all(hi < nxt[0] for (_, hi), nxt in itertools.pairwise(bounds))
    assert ax.get_legend().get_title().get_text() == "pct (%, 2023)"  # year from the title
    from matplotlib.colors import to_rgb

    for colour in maps.SEQUENTIAL:
        r, g, b = to_rgb(colour)
        assert max(r, g, b) - min(r, g, b) > 0.15, colour  # clearly a colour, not a grey
    frame = charts.recorded_data(ax.figure)
    assert list(frame.columns) == ["gemeentecode", "gemeente", "pct"] and len(frame) == 22


def test_class_labels_add_a_decimal_instead_of_touching() -> None:
    labels = maps.class_labels(pd.Series([1.0, 3.96, 4.04, 6.0]), [0, 0, 1, 1], 2, decimals=1)
    assert labels == ["1,00 – 3,96", "4,04 – 6,00"]
    assert maps.class_labels(pd.Series([2.0, 5.0]), [0, 1], 2, 0, "%") == ["2 %", "5 %"]


def test_outline_choices(gem_values) -> None:
    codes = list(gem_values["gemeentecode"][:2])
    ax = maps.plot_map(gem_values, "pct", outline=codes, outline_label="Mijn gebied")
    assert _legend_texts(ax)[-1] == "Mijn gebied"
    ax = maps.plot_map(gem_values, "pct", outline=None)
    assert "Veenkoloniën" not in " ".join(_legend_texts(ax))
    maps.use_veenkolonien("programma")
    try:
        ax = maps.plot_map(gem_values, "pct")
        assert _legend_texts(ax)[-1].startswith("Veenkoloniën (")
        assert _legend_texts(ax)[-1] != "Veenkoloniën (definitie planbureaus)"
    finally:
        maps.use_veenkolonien(None)
    with pytest.raises(KeyError):
        maps.use_veenkolonien("bestaat_niet")


def test_plot_labels_on_request(gem_values) -> None:
    ax = maps.plot_map(gem_values, "pct", labels=True)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 22
    assert "Midden-\nGroningen" in texts and "Emmen" in texts


def test_plot_quantiles_on_existing_axes(gem_values) -> None:
    _, ax = plt.subplots()
    out = maps.plot_map(gem_values, "pct", ax=ax, scheme="Quantiles", k=4)
    assert out is ax
    assert len(_legend_texts(ax)) == 6  # 4 classes + no data + outline


def test_plot_downloaded_boundaries(api) -> None:  # noqa: F811 (fixture)
    gdf = boundaries.load_boundaries(2025)
    gdf["pct"] = [5.2, 6.5, 8.4, 8.4]
    ax = maps.plot_map(gdf, "pct", k=5)
    legend = _legend_texts(ax)
    assert "geen gegevens" not in " ".join(legend)
    assert len(legend) == 3 + (
        "Veenkoloniën" in legend[-1]
    )  # k is reduced to the number of distinct values
    assert len(ax.texts) == 0


def test_plot_edge_cases(gem_values) -> None:
    gem_values["leeg"] = np.nan
    assert _legend_texts(maps.plot_map(gem_values, "leeg", outline=None)) == ["geen gegevens"]
    gem_values["een"] = 7.25
    assert _legend_texts(maps.plot_map(gem_values, "een", decimals=2, outline=None)) == ["7,25"]
    with pytest.raises(ValueError, match="klassenindeling"):
        maps.plot_map(gem_values, "pct", scheme="Willekeurig")
    with pytest.raises(KeyError, match="niet in de kaartgegevens"):
        maps.plot_map(gem_values, "bestaat_niet")


def test_map_source_note_without_attrs() -> None:
    bare = gpd.GeoDataFrame({"a": [1]}, geometry=[None])
    assert maps.map_source_note(bare) == "Grenzen: Bron: CBS / Kadaster, via PDOK (CC BY 4.0)."


def test_classify_is_deterministic() -> None:
    values = pd.Series([1.0, 1.2, 5.0, 5.5, 9.0, 9.1, 20.0, np.nan])
    first = maps.classify(values, "NaturalBreaks", 4)
    assert first == maps.classify(values, "NaturalBreaks", 4)
    upper, classes = first
    assert len(upper) == 4 and len(classes) == 7
    assert upper[-1] == 20.0 and classes[0] == 0 and classes[-1] == 3


def test_map_prints_its_smallest_text_at_8_pt_or_more(gem_values) -> None:
    from tests.presentation.test_charts import printed_font_sizes

    charts.apply_style()
    ax = maps.plot_map(
        gem_values, "pct", unit="%", title="Aandeel", source_note="Grenzen: CBS", labels=True
    )
    smallest, scale = printed_font_sizes(ax.figure)
    assert smallest * scale >= charts.PRINT_MIN_FONT_PT, (smallest, scale)
