"""Tests of parsing stored raw directories into the tidy table."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import config, paths, tidy
from avk_analysis.cbs import parse
from avk_analysis.cbs.client import CbsError, CbsMissingMeasure
from avk_analysis.provenance import STATUS_DEMO, STATUS_REAL, read_provenance, write_provenance

from .fakecbs import KWB_VALUES, kwb_dimension, kwb_rows, load_properties, write_raw_dir

KWB22, KWB23, KWB24 = "85318NED", "85618NED", "85984NED"
LLI23, LLI25 = "85678NED", "86202NED"


def kwb_dir(root: Path, table_id: str, props_name: str, **kwargs: object) -> Path:
    """Write a small KWB raw dir (NL00, Groningen, a secret wijk, Amsterdam)."""
    props = load_properties(props_name)
    values = kwargs.pop("values", KWB_VALUES)
    return write_raw_dir(
        root / table_id / "2025-01-01",
        table_id,
        properties=props,
        rows=kwb_rows(props, values),  # type: ignore[arg-type]
        dimensions={"WijkenEnBuurten": kwb_dimension(values)},  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def _value(df: pd.DataFrame, indicator: str, region: str, year: int | None = None) -> pd.Series:
    sel = df[(df["indicator"] == indicator) & (df["regiocode"] == region)]
    if year is not None:
        sel = sel[sel["jaar"] == year]
    assert len(sel) == 1, (indicator, region, year, len(sel))
    return sel.iloc[0]


def test_kwb_parse_strips_keys_maps_country_and_keeps_our_area(tmp_path: Path) -> None:
    df = parse.parse_table_dir(kwb_dir(tmp_path, KWB23, "kwb2023_DataProperties"))
    tidy.validate(df)
    assert set(df["regiocode"]) == {"NL01", "GM0014", "WK001401"}  # padded, NL00 → NL01
    assert "GM0363" not in set(df["regiocode"])  # Amsterdam is outside our area
    row = _value(df, "inwoners", "GM0014")
    assert row["waarde"] == 238147 and row["regionaam"] == "Groningen"
    assert row["regioniveau"] == "gemeente" and row["jaar"] == 2023
    assert row["bron"] == "CBS" and row["tabel"] == KWB23 and row["status"] == STATUS_REAL
    assert row["bron_url"] == f"https://opendata.cbs.nl/#/CBS/nl/dataset/{KWB23}"
    assert "editiejaar" in row["definitie"] and not row["onzeker"]
    wijk = _value(df, "inwoners", "WK001401")
    assert wijk["regioniveau"] == "wijk" and wijk["regionaam"] == "Groningen"  # CBS title
    assert _value(df, "inwoners", "NL01")["regionaam"] == "Nederland"


def test_symbols_are_kept_distinct_from_zero(tmp_path: Path) -> None:
    df = parse.parse_table_dir(kwb_dir(tmp_path, KWB23, "kwb2023_DataProperties"))
    secret = _value(df, "kwb_hh_laag_inkomen_pct", "WK001401")
    assert secret["symbool"] == "x" and math.isnan(secret["waarde"])
    nil = _value(df, "personen_bijstand", "WK001401")
    assert nil["symbool"] == "-" and nil["waarde"] == 0.0
    missing = _value(df, "gem_inkomen_per_inwoner", "NL01")
    assert missing["symbool"] == "." and math.isnan(missing["waarde"])
    real = _value(df, "kwb_hh_laag_inkomen_pct", "GM0014")
    assert real["symbool"] == "" and real["waarde"] == 11.8


def test_shifted_ordinals_give_the_same_indicator(tmp_path: Path) -> None:
    d22 = parse.parse_table_dir(kwb_dir(tmp_path, KWB22, "kwb2022_DataProperties"))
    d23 = parse.parse_table_dir(kwb_dir(tmp_path, KWB23, "kwb2023_DataProperties"))
    assert set(d22["indicator"]) == set(d23["indicator"])
    assert _value(d22, "kwb_hh_laag_inkomen_pct", "GM0014")["jaar"] == 2022
    assert _value(d23, "kwb_hh_laag_inkomen_pct", "GM0014")["jaar"] == 2023


def test_2024_break_is_a_separate_series(tmp_path: Path) -> None:
    d23 = parse.parse_table_dir(kwb_dir(tmp_path, KWB23, "kwb2023_DataProperties"))
    d24 = parse.parse_table_dir(kwb_dir(tmp_path, KWB24, "kwb2024_DataProperties"))
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
        for p in load_properties("kwb2023_DataProperties")
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
    props = load_properties("kwb2023_DataProperties")
    directory = write_raw_dir(
        tmp_path / KWB23 / "2025-01-01",
        KWB23,
        properties=props,
        rows=[],
        dimensions={"WijkenEnBuurten": []},
    )
    df = parse.parse_table_dir(directory)
    assert df.empty and list(df.columns) == tidy.COLUMNS


def test_tampered_raw_dir_is_refused(tmp_path: Path) -> None:
    directory = kwb_dir(tmp_path, KWB23, "kwb2023_DataProperties")
    page = directory / "UntypedDataSet_001.json"
    page.write_text(page.read_text().replace("238147", "238148"))
    with pytest.raises(CbsError, match="checksum"):
        parse.parse_table_dir(directory)


def test_unregistered_table_is_refused(tmp_path: Path) -> None:
    directory = kwb_dir(tmp_path, "12345NED", "kwb2023_DataProperties")
    with pytest.raises(CbsError, match="niet in het register"):
        parse.parse_table_dir(directory)


# --- LLI ------------------------------------------------------------------------------------------
LLI_DIMS = {
    "Inkomensgrens": [("A1", "Lage-inkomensgrens"), ("A2", "Beleidsmatig minimum")],
    "DuurInkomenspositie": [("D1", "Ten minste 1 jaar"), ("D4", "Ten minste 4 jaar")],
    "KenmerkenHuishoudens": [("T001139", "Totaal particuliere huishoudens"), ("E1", "Eenouder")],
}
# (region, year, duur) → {stem: raw}, only for lage-inkomensgrens / all households.
LLI_VALUES = {
    ("NL01", 2022, "D1"): {"ParticuliereHuishoudens": "601.5", "ParticuliereHuishoudensRelatief":
                           "8.0", "Personen": "1001.2", "PersonenRelatief": "5.9",
                           "MinderjarigeKinderenTotaal": "180.4",
                           "MinderjarigeKinderenPercentage": "5.2"},
    ("NL01", 2022, "D4"): {"ParticuliereHuishoudens": "240.6", "ParticuliereHuishoudensRelatief":
                           "3.2", "Personen": "390.0", "PersonenRelatief": "2.3",
                           "MinderjarigeKinderenTotaal": "76.3",
                           "MinderjarigeKinderenPercentage": "2.2"},
    ("GM0003", 2022, "D1"): {"ParticuliereHuishoudens": "0.5", "ParticuliereHuishoudensRelatief":
                             "9.8", "Personen": "0.9", "PersonenRelatief": "7.5",
                             "MinderjarigeKinderenTotaal": "x",
                             "MinderjarigeKinderenPercentage": "x"},
}  # fmt: skip


def lli_dir(
    root: Path,
    table_id: str,
    years: list[int],
    status: str = STATUS_REAL,
    scale: float = 1.0,
) -> Path:
    """Write a small LLI raw dir; other categories carry 99.9 so leaks show."""
    props = load_properties("lli_DataProperties")
    topics = [p["Key"] for p in props if p["Type"] == "Topic"]
    regions = ["NL01", "GM1979", "GM0003", "GM0363"]
    rows = []
    for grens, _t in LLI_DIMS["Inkomensgrens"]:
        for duur, _t in LLI_DIMS["DuurInkomenspositie"]:
            for kenm, _t in LLI_DIMS["KenmerkenHuishoudens"]:
                for region in regions:
                    for year in years:
                        wanted = grens == "A1" and kenm == "T001139"
                        given = LLI_VALUES.get((region, year, duur), {}) if wanted else {}
                        row = {
                            "ID": len(rows),
                            "Inkomensgrens": grens.ljust(8),
                            "DuurInkomenspositie": duur.ljust(8),
                            "KenmerkenHuishoudens": kenm.ljust(8),
                            "RegioS": region.ljust(8),
                            "Perioden": f"{year}JJ00",
                        }
                        for key in topics:
                            raw = given.get(key.rsplit("_", 1)[0], "1.0" if wanted else "99.9")
                            if raw not in ("x", ".") and scale != 1.0:
                                raw = f"{float(raw) * scale:.1f}"
                            row[key] = raw.rjust(10)
                        rows.append(row)
    dims = {k: [{"Key": key.ljust(8), "Title": t} for key, t in v] for k, v in LLI_DIMS.items()}
    dims["RegioS"] = [{"Key": r.ljust(8), "Title": f"CBS {r}"} for r in regions]
    dims["Perioden"] = [{"Key": f"{y}JJ00", "Title": str(y)} for y in years]
    return write_raw_dir(
        root / table_id / "2025-01-01",
        table_id,
        properties=props,
        rows=rows,
        dimensions=dims,
        status=status,
        page_size=50,
    )


def test_lli_selects_categories_converts_thousands_and_derives_bases(tmp_path: Path) -> None:
    df = parse.parse_table_dir(lli_dir(tmp_path, LLI23, [2021, 2022]))
    tidy.validate(df)
    assert (df["waarde"] != 99.9).all()  # other grens/kenmerken/duur categories left out
    assert not (df["waarde"] == 99900.0).any()
    assert set(df["regiocode"]) == {"NL01", "GM1979", "GM0003"}  # former gemeente kept
    assert _value(df, "hh_laag_inkomen_pct", "NL01", 2022)["waarde"] == 8.0
    count = _value(df, "hh_laag_inkomen_aantal", "NL01", 2022)
    assert count["waarde"] == 601_500 and "x 1 000" in count["definitie"]
    assert _value(df, "hh_langdurig_laag_inkomen_pct", "NL01", 2022)["waarde"] == 3.2
    assert _value(df, "hh_langdurig_laag_inkomen_aantal", "NL01", 2022)["waarde"] == 240_600
    basis = _value(df, "hh_basis", "NL01", 2022)
    assert basis["waarde"] == round(601_500 / 0.08)
    assert "gedeeld door het aandeel" in basis["definitie"]
    assert _value(df, "kinderen_basis", "NL01", 2022)["waarde"] == round(180_400 / 0.052)
    assert _value(df, "personen_langdurig_laag_inkomen_pct", "NL01", 2022)["waarde"] == 2.3
    secret = _value(df, "kinderen_laag_inkomen_pct", "GM0003", 2022)
    assert secret["symbool"] == "x" and math.isnan(secret["waarde"])
    secret_base = _value(df, "kinderen_basis", "GM0003", 2022)
    assert secret_base["symbool"] == "x" and math.isnan(secret_base["waarde"])
    former = _value(df, "hh_laag_inkomen_pct", "GM0003", 2022)
    assert former["regioniveau"] == "gemeente" and "opgeheven" in former["regionaam"]
    assert set(df["jaar"]) == {2021, 2022}
    assert df.loc[df["indicator"] == "hh_basis", "regiocode"].nunique() == 3


def test_lli_missing_category_names_it(tmp_path: Path) -> None:
    directory = lli_dir(tmp_path, LLI23, [2022])
    duur = directory / "DuurInkomenspositie.json"
    data = json.loads(duur.read_text())
    data["value"] = [c for c in data["value"] if c["Title"] != "Ten minste 4 jaar"]
    duur.write_text(json.dumps(data))
    write_provenance(directory, read_provenance(directory))
    with pytest.raises(CbsMissingMeasure, match="Ten minste 4 jaar"):
        parse.parse_table_dir(directory)


# --- stored tables and load_all -------------------------------------------------------------------
def test_stored_tables_prefers_real_downloads(avk_root: Path) -> None:
    snap = kwb_dir(paths.snapshot_dir() / "cbs", KWB23, "kwb2023_DataProperties", status="demo")
    assert parse.stored_tables()[KWB23] == snap
    real = kwb_dir(paths.cbs_raw_dir(), KWB23, "kwb2023_DataProperties")
    assert parse.stored_tables()[KWB23] == real
    assert parse.stored_tables(prefer_real=False)[KWB23] == snap
    assert LLI23 not in parse.stored_tables()  # nothing stored for it


def test_load_all_keeps_newest_lli_edition_per_year(
    avk_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = paths.snapshot_dir() / "cbs"
    kwb_dir(base, KWB23, "kwb2023_DataProperties", status=STATUS_DEMO)
    kwb_dir(base, KWB24, "kwb2024_DataProperties", status=STATUS_DEMO)
    lli_dir(base, LLI23, [2021, 2022], status=STATUS_DEMO)
    lli_dir(base, LLI25, [2022], status=STATUS_DEMO, scale=1.1)
    df = parse.load_all()
    tidy.validate(df)
    assert (df["status"] == STATUS_DEMO).all()
    lli = df[df["indicator"] == "hh_laag_inkomen_pct"]
    assert dict(zip(lli["jaar"], lli["tabel"], strict=False)) == {2021: LLI23, 2022: LLI25}
    assert _value(df, "hh_laag_inkomen_pct", "NL01", 2022)["waarde"] == 8.8  # the 2025 edition

    real = lli_dir(paths.cbs_raw_dir(), LLI25, [2022], scale=1.2)
    monkeypatch.setenv(config.OFFLINE_ENV, "1")  # offline: no network, stored downloads still win
    online = parse.load_all()
    assert _value(online, "hh_laag_inkomen_pct", "NL01", 2022)["status"] == STATUS_REAL
    assert _value(online, "hh_laag_inkomen_pct", "NL01", 2022)["waarde"] == 9.6
    # the demo 2021 figure of the same series is left out rather than mixed with real ones
    assert set(online.loc[online["indicator"] == "hh_laag_inkomen_pct", "jaar"]) == {2022}
    assert real.exists()
