"""The wijk table of a factsheet: every figure names its cell of the edition's CSV."""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators import nature
from avk_analysis.presentation import charts, narrative
from avk_analysis.presentation.formatting import CELL_KEYS
from avk_analysis.report.chapters import wijken


def _figures() -> pd.DataFrame:
    # the shape of nature.wijk_figures: the gemeente first, then its wijken by wijkcode
    out = pd.DataFrame(
        {"regiocode": ["GM0114", "WK011400", "WK011401"],
         "regionaam": ["Emmen", "Emmen-Centrum", "Angelslo"]}
    )  # fmt: skip
    for i, key in enumerate(nature.WIJK_MEASURES):
        out[key] = [10.0 + i, math.nan, 12.5 + i]  # Emmen-Centrum secret
        out[f"{key}_symbool"] = ["", "x", ""]
    out.attrs["jaren"] = dict.fromkeys(nature.WIJK_MEASURES, 2023)
    return out


def test_every_wijk_figure_carries_its_key_and_a_secret_one_none() -> None:
    table = wijken.wijk_table(_figures())
    keys = table.attrs[CELL_KEYS]
    header = wijken.column("bijstand", 2023)
    assert list(keys[header]) == [
        "bijstand_per_1000|GM0114|2023",
        "",  # 'x' is a symbol, not a figure
        "bijstand_per_1000|WK011401|2023",
    ]
    share = wijken.column(nature.WIJK_MEASURES[0], 2023)
    indicator = narrative.nature_indicator(nature.WIJK_MEASURES[0])
    assert keys[share].iloc[2] == f"{indicator}|WK011401|2023"
    html = charts.table_html(table, "Wijken. Bron: CBS.", wijken.formats(table)).data
    assert html.count("data-cijfer=") == 2 * len(nature.WIJK_MEASURES)
    assert "WK011400|" not in html


def test_the_print_list_drops_only_the_wijk_number_its_number_already_says() -> None:
    assert wijken.short_name("Wijk 01 Nieuw-Weerdinge", "01") == "Nieuw-Weerdinge"
    assert wijken.short_name("Centrum", "00") == "Centrum"
    assert wijken.short_name("Wijk 02 Roswinkel", "01") == "Wijk 02 Roswinkel"
    assert wijken.short_name("Wijk 03 ", "03") == "Wijk 03 "  # nothing left: kept whole
    listed = wijken.print_list(_figures())
    assert "Emmen-Centrum" in listed and "Angelslo" in listed and "<li>" in listed
