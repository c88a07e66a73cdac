"""One value per indicator, region and year: real downloads win over the demo snapshot."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.sources.cbs import parse
from avk_analysis.vocabulary import config, paths, tidy
from avk_analysis.vocabulary.provenance import STATUS_DEMO, STATUS_REAL

from .test_parse import LLI23, LLI24, LLI25, lli_dir


def test_real_older_edition_wins_over_newer_demo_edition(
    avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the snapshot holds the newer edition (indeling 2024) as demo; the real download is older
    lli_dir(paths.snapshot_dir() / "cbs", LLI24, [2021, 2022, 2023], status=STATUS_DEMO, scale=3)
    lli_dir(paths.cbs_raw_dir(), LLI23, [2021, 2022])
    monkeypatch.setenv(config.OFFLINE_ENV, "1")  # offline still uses stored real downloads
    df = parse.load_all()
    tidy.validate(df)
    share = df[df["indicator"] == "hh_laag_inkomen_pct"]
    assert set(share["status"]) == {STATUS_REAL}
    assert set(share["tabel"]) == {LLI23}
    # a demo figure for a year the real table lacks would mix demo into a real series
    assert 2023 not in set(share["jaar"])
    assert not df.duplicated(["indicator", "regiocode", "jaar"]).any()


def test_demo_stays_where_nothing_real_exists(avk_root: Path) -> None:
    lli_dir(paths.snapshot_dir() / "cbs", LLI24, [2022], status=STATUS_DEMO)
    df = parse.load_all()
    assert not df.empty and set(df["status"]) == {STATUS_DEMO}


def _rows(*rows: tuple[str, str, int, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["tabel", "indicator", "jaar", "status", "waarde"]).assign(
        regiocode="NL01"
    )


def test_one_value_per_cell_prefers_real_then_newest_edition() -> None:
    rows = _rows(
        (LLI23, "hh_laag_inkomen_pct", 2022, STATUS_REAL, 1.0),
        (LLI25, "hh_laag_inkomen_pct", 2022, STATUS_DEMO, 2.0),
        ("84641NED", "kinderen_laag_inkomen_pct", 2018, STATUS_REAL, 3.0),
        (LLI23, "kinderen_laag_inkomen_pct", 2018, STATUS_REAL, 4.0),
        ("84641NED", "hh_basis", 2018, STATUS_DEMO, 5.0),
    )
    kept = parse.one_value_per_cell(rows)
    got = dict(zip(zip(kept["indicator"], kept["jaar"], strict=True), kept["waarde"], strict=True))
    assert got == {
        ("hh_laag_inkomen_pct", 2022): 1.0,  # real beats a newer demo edition
        ("kinderen_laag_inkomen_pct", 2018): 4.0,  # of two real editions the newest wins
        ("hh_basis", 2018): 5.0,  # alone in its cell: kept
    }


def test_shadowed_demo_is_dropped_per_indicator() -> None:
    rows = _rows(
        (LLI23, "hh_laag_inkomen_pct", 2022, STATUS_REAL, 1.0),
        (LLI25, "hh_laag_inkomen_pct", 2024, STATUS_DEMO, 2.0),
        (LLI25, "kinderen_laag_inkomen_pct", 2024, STATUS_DEMO, 3.0),
    )
    kept = parse.without_shadowed_demo(rows)
    assert list(zip(kept["indicator"], kept["jaar"], strict=True)) == [
        ("hh_laag_inkomen_pct", 2022),
        ("kinderen_laag_inkomen_pct", 2024),
    ]
