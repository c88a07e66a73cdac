"""Choropleth maps on the real boundaries: classes, Dutch legend, labels, source note."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from avk_analysis import boundaries, maps
from tests.test_boundaries import api, root  # noqa: F401  (fixtures: scratch root, fake PDOK)


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
    ax = maps.plot_map(gem_values, "pct", unit="%", legend_title="Kinderen (%)", source_note=note)
    legend = _legend_texts(ax)
    assert legend[-1] == "geen gegevens"
    assert len(legend) == 6  # 5 classes + no data
    assert legend[0].startswith("2,5 – ") and legend[0].endswith(" %")
    assert all("," in t for t in legend[:-1])
    assert ax.get_legend().get_title().get_text() == "Kinderen (%)"
    assert [t.get_text() for t in ax.texts] == [note]  # labels are off by default
    assert "Bron: CBS / Kadaster, via PDOK" in note
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_plot_labels_on_request(gem_values) -> None:
    ax = maps.plot_map(gem_values, "pct", labels=True)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 22
    assert "Midden-\nGroningen" in texts and "Emmen" in texts


def test_plot_quantiles_on_existing_axes(gem_values) -> None:
    _, ax = plt.subplots()
    out = maps.plot_map(gem_values, "pct", ax=ax, scheme="Quantiles", k=4)
    assert out is ax
    assert len(_legend_texts(ax)) == 5


def test_plot_downloaded_boundaries(api) -> None:  # noqa: F811 (fixture)
    gdf = boundaries.load_boundaries(2025)
    gdf["pct"] = [5.2, 6.5, 8.4, 8.4]
    ax = maps.plot_map(gdf, "pct", k=5)
    legend = _legend_texts(ax)
    assert "geen gegevens" not in legend
    assert len(legend) == 3  # k is reduced to the number of distinct values
    assert len(ax.texts) == 0


def test_plot_edge_cases(gem_values) -> None:
    gem_values["leeg"] = np.nan
    assert _legend_texts(maps.plot_map(gem_values, "leeg")) == ["geen gegevens"]
    gem_values["een"] = 7.25
    assert _legend_texts(maps.plot_map(gem_values, "een", decimals=2)) == ["7,25"]
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
