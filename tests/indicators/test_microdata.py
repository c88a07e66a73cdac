"""Young adults and their parents from delivered microdata cells: shares and ratios."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from avk_analysis.indicators import microdata as figures

NA = None
WINDOW = (
    "ouder_bekend",
    "jv_laag_ouder_laag",
    "jv_laag_ouder_niet_laag",
    "jv_niet_laag_ouder_laag",
    "jv_niet_laag_ouder_niet_laag",
)


def cells(
    code: str, year_counts: dict[int, tuple], window: dict[str, tuple], **extra
) -> pd.DataFrame:
    """Cells of one region: per year (jv, jv_laag, jv_langdurig), per parent the uitwonend 2x2.

    A 2x2 is (ouder_bekend, laag/laag, laag/niet laag, niet laag/laag, niet laag/niet laag);
    None is a suppressed cell.
    """
    rows = []
    base = {"afronding": 10, "definitie": "1", "status": "echt", "bron": "Trendbureau Drenthe",
            "bronregel": "Bron: eigen berekeningen Trendbureau Drenthe", **extra}  # fmt: skip
    for year, counts in year_counts.items():
        for maat, value in zip(("jv", "jv_laag", "jv_langdurig"), counts, strict=True):
            rows.append({"jaar_van": year, "jaar_tot": year, "regiocode": code,
                         "woonsituatie": "totaal", "ouder": "totaal", "maat": maat,
                         "aantal": value, **base})  # fmt: skip
    for parent, counts in window.items():
        for maat, value in zip(WINDOW, counts, strict=True):
            rows.append({"jaar_van": 2021, "jaar_tot": 2023, "regiocode": code,
                         "woonsituatie": "uitwonend", "ouder": parent, "maat": maat,
                         "aantal": value, **base})  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["aantal"] = pd.array(frame["aantal"], dtype="Float64")
    frame["onderdrukt"] = frame["aantal"].isna()
    return frame


def test_shares_per_year_from_the_delivered_counts() -> None:
    data = cells("GM0114", {2022: (1200, 130, 40), 2023: (1210, 120, NA)}, {})
    out = figures.young_adults(data, ["GM0114"])
    assert out["jaar"].tolist() == [2022, 2023]
    assert out.loc[0, "pct_laag"] == pytest.approx(100 * 130 / 1200)
    assert out.loc[0, "pct_langdurig"] == pytest.approx(100 * 40 / 1200)
    assert math.isnan(out.loc[1, "pct_langdurig"]) and bool(out.loc[1, "onderdrukt"])
    latest = figures.latest(out)
    assert latest["jaar"].tolist() == [2023]


def test_shares_under_the_income_rule_need_a_denominator_of_100() -> None:
    data = cells("GM0765", {2023: (90, 20, NA)}, {}, afronding=100)
    assert math.isnan(figures.young_adults(data)["pct_laag"].iloc[0])
    data = cells("GM0765", {2023: (200, 100, NA)}, {}, afronding=100)
    assert figures.young_adults(data)["pct_laag"].iloc[0] == pytest.approx(50.0)


def test_the_generational_ratio_per_parent() -> None:
    # mother known for 1000 uitwonende young adults; 100 on a low income, 30 of them with a low-
    # income mother; 70 others have a low-income mother: 30 % vs 10 %: three times as often
    data = cells("VK_planbureaus", {}, {"moeder": (1000, 30, 70, 70, 830),
                                        "vader": (900, 20, NA, 60, 760)})  # fmt: skip
    out = figures.parent_ratios(data, ["VK_planbureaus"])
    mother = out.loc[out["ouder"] == "moeder"].iloc[0]
    assert mother["bij_laag"] == pytest.approx(30.0)
    assert mother["bij_alle"] == pytest.approx(10.0)
    assert mother["keer"] == pytest.approx(3.0)
    assert not mother["onderdrukt"]
    father = out.loc[out["ouder"] == "vader"].iloc[0]
    assert father["onderdrukt"] and math.isnan(father["keer"])  # one count suppressed: no ratio
    assert (father["jaar_van"], father["jaar_tot"]) == (2021, 2023)


def test_example_cells_are_marked_and_regions_keep_their_order() -> None:
    data = pd.concat(
        [
            cells("NL01", {2023: (60000, 5000, 2000)}, {}, status="voorbeeld"),
            cells("GM0114", {2023: (1200, 130, 40)}, {}),
        ]
    )
    out = figures.young_adults(data, ["GM0114", "NL01"])
    assert out["regiocode"].tolist() == ["GM0114", "NL01"]
    assert out["status"].tolist() == ["echt", "voorbeeld"]
    assert figures.has_figures(data, "NL01") and not figures.has_figures(data, "PV20")
