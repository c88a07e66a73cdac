"""Harmonisation to current gemeenten and regional aggregates."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from avk_analysis.pipeline import harmonise
from avk_analysis.vocabulary import regions, tidy


def _rows(values: dict[str, float], indicator: str, unit: str, jaar: int = 2018) -> list[dict]:
    return [
        {
            "bron": "CBS",
            "tabel": "TEST",
            "indicator": indicator,
            "regiocode": code,
            "regionaam": regions.names()[code],
            "regioniveau": "gemeente",
            "jaar": jaar,
            "waarde": value,
            "eenheid": unit,
            "status": "demo",
            "symbool": "" if not math.isnan(value) else ".",
        }
        for code, value in values.items()
    ]


# Midden-Groningen (2018) = Hoogezand-Sappemeer + Slochteren + Menterwolde
MG = {"GM0018": 14000.0, "GM0040": 6500.0, "GM1987": 5300.0}
MG_PCT = {"GM0018": 12.0, "GM0040": 5.0, "GM1987": 9.0}


def _frame(extra: list[dict] | None = None) -> pd.DataFrame:
    rows = _rows(MG, "hh_basis", "aantal") + _rows(MG_PCT, "hh_laag_inkomen_pct", "%")
    rows += _rows({"GM0114": 50000.0}, "hh_basis", "aantal")
    rows += _rows({"GM0114": 10.0}, "hh_laag_inkomen_pct", "%")
    return tidy.make(pd.DataFrame(rows + (extra or [])))


def test_counts_of_merged_gemeente_sum() -> None:
    out = harmonise.harmonise(_frame())
    row = out[(out.regiocode == "GM1952") & (out.indicator == "hh_basis")]
    assert len(row) == 1
    assert row.waarde.iloc[0] == pytest.approx(sum(MG.values()))
    assert "GM0018" in row.harmonisatie.iloc[0] and "opgeteld" in row.harmonisatie.iloc[0]


def test_share_of_merged_gemeente_is_base_weighted() -> None:
    out = harmonise.harmonise(_frame())
    row = out[(out.regiocode == "GM1952") & (out.indicator == "hh_laag_inkomen_pct")]
    expected = sum(MG[c] * MG_PCT[c] for c in MG) / sum(MG.values())
    assert row.waarde.iloc[0] == pytest.approx(expected)
    # not the unweighted mean
    assert row.waarde.iloc[0] != pytest.approx(sum(MG_PCT.values()) / 3)
    assert "gewogen" in row.harmonisatie.iloc[0]


def test_nothing_dropped_and_untouched_rows_unchanged() -> None:
    df = _frame()
    out = tidy.validate(harmonise.harmonise(df))
    assert set(out.regiocode) == {"GM1952", "GM0114"}
    emmen = out[out.regiocode == "GM0114"].sort_values("indicator")
    pd.testing.assert_frame_equal(
        emmen.reset_index(drop=True),
        df[df.regiocode == "GM0114"].sort_values("indicator").reset_index(drop=True),
    )
    # every former code is named in a note of the row that absorbed it
    notes = " ".join(out.harmonisatie)
    assert all(code in notes for code in MG)


def test_split_gemeente_uses_documented_share() -> None:
    # Het Hogeland (2019) = Bedum + De Marne + Eemsmond + 80 % of Winsum
    parts = {"GM0005": 4000.0, "GM1663": 4300.0, "GM1651": 7000.0, "GM0053": 5800.0}
    out = harmonise.harmonise(tidy.make(pd.DataFrame(_rows(parts, "hh_basis", "aantal"))))
    hh = out[out.regiocode == "GM1966"].waarde.iloc[0]
    assert hh == pytest.approx(4000 + 4300 + 7000 + 0.8 * 5800)
    share = regions.crosswalk().query("oude_code == 'GM0053' and nieuwe_code == 'GM1966'")
    assert float(share.aandeel.iloc[0]) == 0.8
    assert "80%" in out[out.regiocode == "GM1966"].harmonisatie.iloc[0].replace(" ", "")


def test_continuing_code_absorbs_merged_parts() -> None:
    parts = {"GM0014": 110000.0, "GM0017": 8500.0, "GM0009": 3000.0}
    out = harmonise.harmonise(tidy.make(pd.DataFrame(_rows(parts, "hh_basis", "aantal"))))
    assert list(out.regiocode) == ["GM0014"]
    assert out.waarde.iloc[0] == pytest.approx(sum(parts.values()))


def test_missing_part_gives_symbol_not_zero() -> None:
    values = dict(MG, GM0040=math.nan)
    out = harmonise.harmonise(tidy.make(pd.DataFrame(_rows(values, "hh_basis", "aantal"))))
    row = out[out.regiocode == "GM1952"]
    assert math.isnan(row.waarde.iloc[0])
    assert row.symbool.iloc[0] == "."


def test_lone_former_gemeente_is_kept_not_passed_off_as_successor() -> None:
    df = tidy.make(pd.DataFrame(_rows({"GM0056": 3.7}, "kinderen_laag_inkomen_pct", "%", 2017)))
    out = harmonise.harmonise(df)
    assert list(out.regiocode) == ["GM0056"]
    assert "niet omgerekend" in out.harmonisatie.iloc[0]


def test_veenkolonien_aggregate_requires_all_members_and_names_the_set() -> None:
    members = regions.veenkolonien("programma")
    base = dict.fromkeys(members, 1000.0)
    pct = {c: float(i + 1) for i, c in enumerate(members)}
    rows = _rows(base, "hh_basis", "aantal", 2022) + _rows(pct, "hh_laag_inkomen_pct", "%", 2022)
    df = tidy.make(pd.DataFrame(rows))
    agg = harmonise.aggregate(df, members, "VK_programma", "VK", "set programma")
    assert set(agg.indicator) == {"hh_basis", "hh_laag_inkomen_pct"}
    assert agg[agg.indicator == "hh_basis"].waarde.iloc[0] == 1000.0 * len(members)
    assert agg[agg.indicator == "hh_laag_inkomen_pct"].waarde.iloc[0] == pytest.approx(
        sum(pct.values()) / len(pct)
    )
    assert all("set programma" in n for n in agg.harmonisatie)
    # one member missing: no aggregate at all (never a partial sum)
    partial = df[df.regiocode != members[0]]
    assert harmonise.aggregate(partial, members, "VK_programma", "VK", "x").empty


def test_all_veenkolonien_definitions_are_built() -> None:
    codes = regions.gemeente_codes()
    df = tidy.make(pd.DataFrame(_rows(dict.fromkeys(codes, 10.0), "hh_basis", "aantal", 2022)))
    agg = harmonise.veenkolonien_aggregates(df)
    assert set(agg.regiocode) == {"VK_planbureaus", "VK_programma", "VK_agenda"}
    assert (agg.regioniveau == "regio").all()


def test_province_aggregates_only_for_tables_without_province_rows() -> None:
    codes = regions.gemeente_codes()
    rows = _rows(dict.fromkeys(codes, 10.0), "hh_basis", "aantal", 2022)
    df = tidy.make(pd.DataFrame(rows))
    agg = harmonise.province_aggregates(df)
    assert set(agg.regiocode) == {"PV20", "PV22"}
    assert agg.set_index("regiocode").waarde.to_dict() == {"PV20": 100.0, "PV22": 120.0}
    with_pv = [
        *rows,
        dict(rows[0], regiocode="PV20", regionaam="Groningen", regioniveau="provincie"),
    ]
    assert harmonise.province_aggregates(tidy.make(pd.DataFrame(with_pv))).empty


def test_share_dated_in_another_year_than_its_base_is_weighted_by_the_same_edition() -> None:
    # a KWB edition: population on 1 January 2024, the share over income year 2022
    members = ["GM0114", "GM0109"]
    rows = _rows({"GM0114": 100_000.0, "GM0109": 30_000.0}, "inwoners", "aantal", jaar=2024)
    rows += _rows({"GM0114": 4.0, "GM0109": 2.0}, "personen_in_armoede_pct", "%", jaar=2022)
    # another edition's base must not be used
    rows += [
        {**r, "tabel": "OTHER", "waarde": 1.0}
        for r in _rows({"GM0114": 1.0, "GM0109": 1.0}, "inwoners", "aantal", jaar=2022)
    ]
    agg = harmonise.aggregate(tidy.make(pd.DataFrame(rows)), members, "VK_test", "Test", "test")
    share = agg[agg.indicator == "personen_in_armoede_pct"]
    assert share.jaar.tolist() == [2022]
    assert share.waarde.iloc[0] == pytest.approx((4.0 * 100_000 + 2.0 * 30_000) / 130_000)
