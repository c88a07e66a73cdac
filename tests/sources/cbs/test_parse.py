"""Parsing stored raw directories into the tidy table, against CBS's real answers.

The stored tables are built by ``recorded.py`` from CBS's own answers (keys, titles, padding,
empty cells); ``fakecbs.KWB_VALUES`` are labelled test values in those shapes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.sources.cbs import parse, tables
from avk_analysis.sources.cbs.client import CbsError, CbsMissingMeasure
from avk_analysis.vocabulary import config, paths, tidy
from avk_analysis.vocabulary.provenance import (
    STATUS_DEMO,
    STATUS_REAL,
    read_provenance,
    write_provenance,
)

from . import recorded
from .fakecbs import KWB_VALUES, kwb_dimension, kwb_rows, write_raw_dir

KWB22, KWB23, KWB24 = "85318NED", "85618NED", "85984NED"
LLI17, LLI19, LLI23, LLI24, LLI25 = "83921NED", "84641NED", "85678NED", "86006NED", "86202NED"


def kwb_dir(root: Path, table_id: str, release: str = "2025-03", **kwargs: object) -> Path:
    """Write a KWB raw dir: CBS's real 85984NED metadata of ``release``, test values as rows."""
    props = recorded.kwb2024_properties(release)
    values = kwargs.pop("values", KWB_VALUES)
    return write_raw_dir(
        root / table_id / "2025-01-01",
        table_id,
        properties=props,
        rows=kwb_rows(props, values),  # type: ignore[arg-type]
        dimensions={"WijkenEnBuurten": kwb_dimension(values)},  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def lli_dir(
    root: Path,
    table_id: str,
    years: list[int] | None = None,
    status: str = STATUS_REAL,
    scale: float = 1.0,
) -> Path:
    """Store a recorded LLI table, optionally only some years and with values scaled.

    Scaled values (``scale`` != 1) are TEST VALUES, not CBS figures: they tell editions apart.
    """
    parts = recorded.table(table_id)
    rows = parts["rows"]
    if years is not None:
        rows = [r for r in rows if int(str(r["Perioden"])[:4]) in years]
    if scale != 1.0:
        measures = [p["Key"] for p in parts["properties"] if p["Type"] == "Topic"]
        rows = [
            {
                **r,
                **{
                    m: f"{float(r[m]) * scale:.1f}".rjust(8)
                    for m in measures
                    if str(r[m]).strip() not in (".", "x")
                },
            }
            for r in rows
        ]
    return recorded.store_recorded(root, table_id, status=status, rows=rows)


def _value(df: pd.DataFrame, indicator: str, region: str, year: int | None = None) -> pd.Series:
    sel = df[(df["indicator"] == indicator) & (df["regiocode"] == region)]
    if year is not None:
        sel = sel[sel["jaar"] == year]
    assert len(sel) == 1, (indicator, region, year, len(sel))
    return sel.iloc[0]


# --- KWB ------------------------------------------------------------------------------------------
def test_kwb_parse_strips_keys_maps_country_and_keeps_our_area(tmp_path: Path) -> None:
    df = parse.parse_table_dir(kwb_dir(tmp_path, KWB23))
    tidy.validate(df)
    assert set(df["regiocode"]) == {"NL01", "GM0014", "WK001401"}  # padded, NL00 → NL01
    assert "GM0363" not in set(df["regiocode"])  # Amsterdam is outside our area
    row = _value(df, "inwoners", "GM0014")
    assert row["waarde"] == 243768 and row["regionaam"] == "Groningen"
    assert row["regioniveau"] == "gemeente" and row["jaar"] == 2023
    assert row["bron"] == "CBS" and row["tabel"] == KWB23 and row["status"] == STATUS_REAL
    assert row["bron_url"] == f"https://opendata.cbs.nl/#/CBS/nl/dataset/{KWB23}"
    # CBS's own rule text: "De bevolking van Nederland op 1 januari."
    assert "Peildatum 1 januari 2023" in row["definitie"] and not row["onzeker"]
    wijk = _value(df, "inwoners", "WK001401")
    assert wijk["regioniveau"] == "wijk" and wijk["regionaam"] == "Groningen"  # CBS title
    assert _value(df, "inwoners", "NL01")["regionaam"] == "Nederland"


def test_symbols_are_kept_distinct_from_zero(tmp_path: Path) -> None:
    df = parse.parse_table_dir(kwb_dir(tmp_path, KWB23))
    secret = _value(df, "kwb_hh_laag_inkomen_pct", "WK001401")
    assert secret["symbool"] == "x" and math.isnan(secret["waarde"])
    nil = _value(df, "personen_bijstand", "WK001401")
    assert nil["symbool"] == "-" and nil["waarde"] == 0.0
    missing = _value(df, "gem_inkomen_per_inwoner", "NL01")
    assert missing["symbool"] == "." and math.isnan(missing["waarde"])
    real = _value(df, "kwb_hh_laag_inkomen_pct", "GM0014")
    assert real["symbool"] == "" and real["waarde"] == 11.8


def test_income_year_is_the_verslagjaar_as_cbs_states_it(tmp_path: Path) -> None:
    directory = recorded.store_recorded(tmp_path, KWB24, "later")
    df = parse.parse_table_dir(directory)
    income = _value(df, "gem_inkomen_per_inwoner", "GM0114")
    assert income["jaar"] == 2024
    assert "Inkomensjaar 2024" in income["definitie"]
    assert "inkomen over het verslagjaar" in income["definitie"]
    assert "eerder jaar" not in " ".join(df["definitie"])  # the old, wrong sentence
    wealth = _value(df, "mediaan_vermogen_hh", "GM0114")
    assert wealth["jaar"] == 2024 and "Peildatum 1 januari 2024" in wealth["definitie"]
    population = _value(df, "inwoners", "GM0114")
    assert population["jaar"] == 2024 and population["waarde"] == 109346  # CBS's figure


def test_the_two_kwb_2024_releases_give_the_same_indicators(tmp_path: Path) -> None:
    early = parse.parse_table_dir(recorded.store_recorded(tmp_path / "a", KWB24, "2025-03"))
    later = parse.parse_table_dir(recorded.store_recorded(tmp_path / "b", KWB24, "later"))
    assert set(early["indicator"]) == set(later["indicator"])
    assert _value(early, "inwoners", "GM0114")["waarde"] == 109346
    assert _value(later, "inwoners", "GM0114")["waarde"] == 109346


def test_an_early_kwb_release_gives_no_figure_never_a_zero(tmp_path: Path) -> None:
    # 85984NED of 2025-03: the household block is there but empty; PersonenInArmoede is absent
    df = parse.parse_table_dir(recorded.store_recorded(tmp_path, KWB24, "2025-03"))
    armoede = df[df["indicator"] == "personen_in_armoede_pct"]
    assert len(armoede) == 10  # NL and the 9 recorded gemeenten
    assert set(armoede["symbool"]) == {"."} and armoede["waarde"].isna().all()
    assert (
        "(nog) niet" in armoede["definitie"].iloc[0]
        and "2025-03-27" in armoede["definitie"].iloc[0]
    )
    income = df[df["indicator"] == "gem_inkomen_per_inwoner"]
    assert set(income["symbool"]) == {"."} and income["waarde"].isna().all()
    assert "kwb_hh_laag_inkomen_pct" not in set(df["indicator"])  # the old block: never in 2024


def test_a_later_kwb_release_gives_the_new_definition_series(tmp_path: Path) -> None:
    df = parse.parse_table_dir(recorded.store_recorded(tmp_path, KWB24, "later"))
    nl = _value(df, "personen_in_armoede_pct", "NL01")
    assert nl["waarde"] == 3.1 and nl["jaar"] == 2024 and nl["symbool"] == ""
    assert _value(df, "personen_tot_25_boven_armoedegrens_pct", "NL01")["waarde"] == 6.4


def test_2024_break_is_a_separate_series(tmp_path: Path) -> None:
    d23 = parse.parse_table_dir(kwb_dir(tmp_path / "a", KWB23, "2025-03"))
    d24 = parse.parse_table_dir(kwb_dir(tmp_path / "b", KWB24, "later"))
    assert "kwb_hh_laag_inkomen_pct" in set(d23["indicator"])
    assert "personen_in_armoede_pct" not in set(d23["indicator"])
    assert "kwb_hh_laag_inkomen_pct" not in set(d24["indicator"])
    assert "kwb_hh_tot_120_sm_pct" not in set(d24["indicator"])
    new = _value(d24, "personen_in_armoede_pct", "GM0014")
    assert new["waarde"] == 5.9 and new["jaar"] == 2024
    both = tidy.combine([d23, d24])
    old = both[both["indicator"] == "kwb_hh_laag_inkomen_pct"]
    assert old["jaar"].max() == 2023  # nothing spliced onto the old series
    assert set(both.loc[both["indicator"] == "personen_in_armoede_pct", "jaar"]) == {2024}


def test_missing_required_measure_raises(tmp_path: Path) -> None:
    props = [
        p
        for p in recorded.kwb2024_properties("2025-03")
        if not p["Key"].startswith("HuishoudensTotaal")
    ]
    directory = write_raw_dir(
        tmp_path / KWB23 / "2025-01-01",
        KWB23,
        properties=props,
        rows=kwb_rows(props, KWB_VALUES),
        dimensions={"WijkenEnBuurten": kwb_dimension(KWB_VALUES)},
    )
    with pytest.raises(CbsMissingMeasure) as err:
        parse.parse_table_dir(directory)
    assert KWB23 in str(err.value) and "HuishoudensTotaal" in str(err.value)


def test_empty_table_gives_empty_tidy_frame(tmp_path: Path) -> None:
    directory = write_raw_dir(
        tmp_path / KWB23 / "2025-01-01",
        KWB23,
        properties=recorded.kwb2024_properties(),
        rows=[],
        dimensions={"WijkenEnBuurten": []},
    )
    df = parse.parse_table_dir(directory)
    assert df.empty and list(df.columns) == tidy.COLUMNS


def test_tampered_raw_dir_is_refused(tmp_path: Path) -> None:
    directory = kwb_dir(tmp_path, KWB23)
    page = directory / "UntypedDataSet_001.json"
    page.write_text(page.read_text().replace("243768", "243769"))
    with pytest.raises(CbsError, match="checksum"):
        parse.parse_table_dir(directory)


def test_unregistered_table_is_refused(tmp_path: Path) -> None:
    directory = kwb_dir(tmp_path, "12345NED")
    with pytest.raises(CbsError, match="niet in het register"):
        parse.parse_table_dir(directory)


# --- LLI ------------------------------------------------------------------------------------------
def test_lli_1_year_and_4_years_from_cbs_real_rows(tmp_path: Path) -> None:
    # 83921NED's lage-inkomensgrens rows are recorded: these are CBS's own figures for Emmen
    df = parse.parse_table_dir(lli_dir(tmp_path, LLI17))
    tidy.validate(df)
    assert _value(df, "kinderen_laag_inkomen_pct", "GM0114", 2016)["waarde"] == 10.0
    assert _value(df, "kinderen_langdurig_laag_inkomen_pct", "GM0114", 2016)["waarde"] == 3.9
    count = _value(df, "kinderen_laag_inkomen_aantal", "GM0114", 2016)
    assert count["waarde"] == 2_000 and "x 1 000" in count["definitie"]
    assert _value(df, "hh_laag_inkomen_pct", "PV20", 2016)["waarde"] == 10.3
    assert _value(df, "personen_laag_inkomen_pct", "PV20", 2016)["waarde"] == 8.3
    # "Vier jaar of langer" is empty for 2011-2013: no figure, never a zero
    early = _value(df, "kinderen_langdurig_laag_inkomen_pct", "GM0114", 2011)
    assert early["symbool"] == "." and math.isnan(early["waarde"])
    # only the lage-inkomensgrens and all households: the totals (100 %) are never read
    assert (df.loc[df["indicator"].str.endswith("_pct"), "waarde"].dropna() < 100).all()
    # former gemeenten are kept under their own code (harmonised later)
    assert "GM0018" in set(df["regiocode"])  # Hoogezand-Sappemeer
    basis = _value(df, "kinderen_basis", "GM0114", 2016)
    assert basis["waarde"] == round(2_000 / 0.10)


@pytest.mark.parametrize("table_id", [LLI17, LLI19, LLI23, LLI24])
def test_every_registered_lli_table_reads(tmp_path: Path, table_id: str) -> None:
    df = parse.parse_table_dir(lli_dir(tmp_path, table_id))
    tidy.validate(df)
    first, last = tables.LLI_PERIODS[table_id]  # the registry's periods are CBS's
    assert set(df["jaar"]) == set(range(first, last + 1))
    kids = df[df["indicator"] == "kinderen_laag_inkomen_pct"]
    assert kids["waarde"].notna().all() and len(kids) > 0
    assert "NL01" in set(kids["regiocode"]) and "PV22" in set(kids["regiocode"])


def test_lli_missing_category_names_it_with_what_was_found(tmp_path: Path) -> None:
    directory = lli_dir(tmp_path, LLI23, [2022])
    duur = directory / "DuurInkomenspositie.json"
    data = json.loads(duur.read_text())
    data["value"] = [c for c in data["value"] if c["Title"] != "Vier jaar of langer"]
    duur.write_text(json.dumps(data))
    write_provenance(directory, read_provenance(directory))
    with pytest.raises(CbsMissingMeasure) as err:
        parse.parse_table_dir(directory)
    text = str(err.value)
    assert "Vier jaar of langer" in text and "A028724" in text  # what was expected
    assert "A028721='Ten minste 1 jaar'" in text  # what was found
    assert "DuurInkomenspositie" in text and LLI23 in text


# --- one table never takes the others down ------------------------------------------------------
def test_read_table_turns_a_changed_layout_into_a_failure(tmp_path: Path) -> None:
    parts = recorded.table(LLI24)
    props = [p for p in parts["properties"] if not p["Key"].startswith("MinderjarigeKinderen")]
    directory = recorded.store_recorded(tmp_path, LLI24, properties=props)
    frame, failure = parse.read_table(directory)
    assert frame is None and failure is not None
    assert failure.table_id == LLI24 and failure.status == STATUS_REAL
    text = failure.text()
    assert "86006NED" in text and "MinderjarigeKinderen" in text
    assert "ontbreken in deze editie" in text and "geen demonstratiecijfers" in text
    assert "kinderen_laag_inkomen_pct" in failure.indicators


def test_load_tables_costs_only_the_broken_table_and_never_fills_it_with_demo(
    avk_root: Path,
) -> None:
    snap = paths.snapshot_dir() / "cbs"
    lli_dir(snap, LLI23, status=STATUS_DEMO)  # demo of another edition, 2011-2022
    lli_dir(paths.cbs_raw_dir(), LLI17)  # real, readable, 2011-2016
    # the real 86006NED download lost its 4-year category: it cannot be read
    parts = recorded.table(LLI24)
    dims = dict(parts["dimensions"])
    dims["DuurInkomenspositie"] = [c for c in dims["DuurInkomenspositie"] if c["Key"] != "A028724"]
    recorded.store_recorded(paths.cbs_raw_dir(), LLI24, dimensions=dims)
    loaded = parse.load_tables()
    assert [f.table_id for f in loaded.failures] == [LLI24]
    df = loaded.frame
    kids = df[df["indicator"] == "kinderen_laag_inkomen_pct"]
    assert set(kids["status"]) == {STATUS_REAL} and set(kids["tabel"]) == {LLI17}
    # 86006NED's years are missing, not taken from the demo edition
    assert max(kids["jaar"]) == 2016


def test_stored_tables_prefers_real_downloads(avk_root: Path) -> None:
    snap = kwb_dir(paths.snapshot_dir() / "cbs", KWB23, status="demo")
    assert parse.stored_tables()[KWB23] == snap
    real = kwb_dir(paths.cbs_raw_dir(), KWB23)
    assert parse.stored_tables()[KWB23] == real
    assert parse.stored_tables(prefer_real=False)[KWB23] == snap
    assert LLI23 not in parse.stored_tables()  # nothing stored for it


def test_load_all_keeps_newest_lli_edition_per_year(
    avk_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = paths.snapshot_dir() / "cbs"
    lli_dir(base, LLI23, [2021, 2022], status=STATUS_DEMO)
    lli_dir(base, LLI24, [2022], status=STATUS_DEMO, scale=1.1)
    df = parse.load_all()
    tidy.validate(df)
    assert (df["status"] == STATUS_DEMO).all()
    lli = df[(df["indicator"] == "hh_laag_inkomen_pct") & (df["regiocode"] == "NL01")]
    assert dict(zip(lli["jaar"], lli["tabel"], strict=False)) == {2021: LLI23, 2022: LLI24}
    # the newer edition's 2022 share, scaled by 1.1 (test values)
    unscaled = parse.parse_table_dir(lli_dir(tmp_path / "plain", LLI24, [2022]))
    share_24 = _value(unscaled, "hh_laag_inkomen_pct", "NL01", 2022)["waarde"]
    assert _value(df, "hh_laag_inkomen_pct", "NL01", 2022)["waarde"] == round(share_24 * 1.1, 1)

    lli_dir(paths.cbs_raw_dir(), LLI24, [2022], scale=1.2)
    monkeypatch.setenv(config.OFFLINE_ENV, "1")  # offline: no network, stored downloads still win
    online = parse.load_all()
    cell = _value(online, "hh_laag_inkomen_pct", "NL01", 2022)
    assert cell["status"] == STATUS_REAL and cell["waarde"] == round(share_24 * 1.2, 1)
    # the demo 2021 figure of the same series is left out rather than mixed with real ones
    assert set(online.loc[online["indicator"] == "hh_laag_inkomen_pct", "jaar"]) == {2022}


def test_lli_reads_who_has_a_low_income_per_household_characteristic(tmp_path: Path) -> None:
    # 86006NED's recorded answer holds a second characteristic, "Type: Eenpersoonshuishouden"
    # (its lage-inkomensgrens rows are made up from the recorded totals, see recorded.py)
    df = parse.parse_table_dir(lli_dir(tmp_path, LLI24))
    single = df[df["indicator"] == "hh_laag_inkomen_pct_eenpersoons"]
    assert len(single) > 20 and single["waarde"].notna().all()
    assert set(single["jaar"]) == set(range(2011, 2024))
    count = _value(df, "hh_laag_inkomen_aantal_eenpersoons", "GM0114", 2023)
    share = _value(df, "hh_laag_inkomen_pct_eenpersoons", "GM0114", 2023)
    total = recorded.table(LLI24)["rows"]
    recorded_total = next(
        float(r["ParticuliereHuishoudens_1"])
        for r in total
        if r["KenmerkenVanHuishoudens"] == "1050015"
        and r["InkomensgrensHuishouden"] == recorded.TOTAL
        and str(r["RegioS"]).strip() == "GM0114"
        and r["Perioden"] == "2023JJ00"
    )
    assert count["waarde"] == pytest.approx(recorded_total * share["waarde"] / 100 * 1000, abs=51)
    assert "Type: Eenpersoonshuishouden" in share["definitie"]
    # a characteristic this table does not publish gives no rows, never an error
    assert "hh_laag_inkomen_pct_eenouder" not in set(df["indicator"])
    # the all-households figures are still those of category 1050010 alone: more households
    all_count = _value(df, "hh_laag_inkomen_aantal", "GM0114", 2023)["waarde"]
    assert all_count > count["waarde"]
