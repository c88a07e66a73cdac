"""The tidy indicator table schema."""

from __future__ import annotations

import math

import pandas as pd
import pandera.errors
import pytest

from avk_analysis.vocabulary import tidy


def _row(**kw) -> dict:
    base = {
        "bron": "CBS",
        "tabel": "T",
        "indicator": "hh_basis",
        "regiocode": "GM0114",
        "regionaam": "Emmen",
        "regioniveau": "gemeente",
        "jaar": 2022,
        "waarde": 1.0,
        "eenheid": "aantal",
        "status": "demo",
    }
    base.update(kw)
    return base


def test_make_fills_defaults_and_orders_columns() -> None:
    df = tidy.make(pd.DataFrame([_row()]))
    assert list(df.columns) == tidy.COLUMNS
    assert df.symbool.iloc[0] == ""
    assert not bool(df.onzeker.iloc[0])


def test_missing_value_needs_a_symbol() -> None:
    with pytest.raises(pandera.errors.SchemaErrors, match="symbool"):
        tidy.make(pd.DataFrame([_row(waarde=math.nan)]))
    ok = tidy.make(pd.DataFrame([_row(waarde=math.nan, symbool="x")]))
    assert ok.symbool.iloc[0] == "x"


def test_bad_status_level_and_duplicates_are_rejected() -> None:
    with pytest.raises(pandera.errors.SchemaErrors):
        tidy.make(pd.DataFrame([_row(status="real")]))
    with pytest.raises(pandera.errors.SchemaErrors):
        tidy.make(pd.DataFrame([_row(regioniveau="stad")]))
    with pytest.raises(pandera.errors.SchemaErrors):
        tidy.make(pd.DataFrame([_row(), _row()]))


def test_combine_is_sorted_and_empty_safe() -> None:
    a = tidy.make(pd.DataFrame([_row(regiocode="GM0114", jaar=2023)]))
    b = tidy.make(pd.DataFrame([_row(regiocode="GM0106", regionaam="Assen")]))
    out = tidy.combine([a, b, tidy.empty()])
    assert list(out.regiocode) == ["GM0106", "GM0114"]
    assert tidy.combine([]).empty


def test_missing_unsure_flag_means_not_unsure() -> None:
    df = tidy.make(pd.DataFrame([_row(), _row(regiocode="GM0106", onzeker=True)]))
    assert df.onzeker.tolist() == [False, True]
