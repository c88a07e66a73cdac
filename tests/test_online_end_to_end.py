"""The online path end to end: `avk-monitor data` against a CBS-like server, then the report.

The server answers in CBS's OData v3 shapes (see tests/cbs/fixtures/README.md for the sources of
those shapes). It serves one real "Laag en langdurig laag inkomen" table; every other table stays
the bundled demo snapshot. The report must show the served figures, say they are real, and name
exactly which tables are still demo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import cli, config, load, regions
from avk_analysis.report import runner
from tests.cbs.fakecbs import FakeCbs, load_properties, serve_table

LLI23 = "85678NED"
DIMS = {
    "Inkomensgrens": [("A1", "Lage-inkomensgrens"), ("A2", "Beleidsmatig minimum")],
    "DuurInkomenspositie": [("D1", "Ten minste 1 jaar"), ("D4", "Ten minste 4 jaar")],
    "KenmerkenHuishoudens": [("T001139", "Totaal particuliere huishoudens"), ("E1", "Eenouder")],
}
YEARS = (2021, 2022)


def _children_pct(code: str, year: int) -> float:
    """A served share of children in a low-income household, distinct per gemeente and year."""
    return round(3.0 + (int(code[2:]) % 97) / 10 + (year - 2021) / 10, 1)


def _rows(props: list[dict], codes: list[str]) -> list[dict]:
    topics = [p["Key"] for p in props if p["Type"] == "Topic"]
    rows = []
    for grens, _ in DIMS["Inkomensgrens"]:
        for duur, _ in DIMS["DuurInkomenspositie"]:
            for kenm, _ in DIMS["KenmerkenHuishoudens"]:
                for code in codes:
                    for year in YEARS:
                        wanted = grens == "A1" and kenm == "T001139"
                        pct = _children_pct(code, year) / (2 if duur == "D4" else 1)
                        row = {
                            "ID": len(rows),
                            "Inkomensgrens": grens.ljust(8),
                            "DuurInkomenspositie": duur.ljust(8),
                            "KenmerkenHuishoudens": kenm.ljust(8),
                            "RegioS": code.ljust(8),
                            "Perioden": f"{year}JJ00",
                        }
                        for key in topics:
                            stem = key.rsplit("_", 1)[0]
                            if not wanted:
                                raw = "99.9"
                            elif stem.endswith(("Relatief", "Percentage")):
                                raw = f"{pct:.1f}"
                            else:
                                raw = "1.2"  # x 1 000
                            row[key] = raw.rjust(10)
                        rows.append(row)
    return rows


@pytest.fixture
def served(project: Path, monkeypatch: pytest.MonkeyPatch):
    """A CBS-like server with one real LLI table for all our regions; network allowed."""
    fake = FakeCbs().start()
    monkeypatch.setenv(config.CBS_BASE_URL_ENV, fake.base_url)
    monkeypatch.delenv(config.OFFLINE_ENV, raising=False)
    props = load_properties("lli_DataProperties")
    codes = ["NL01", "PV20", "PV22", *regions.gemeente_codes()]
    dims = {k: [{"Key": key.ljust(8), "Title": t} for key, t in v] for k, v in DIMS.items()}
    dims["RegioS"] = [{"Key": c.ljust(8), "Title": regions.name(c)} for c in codes]
    dims["Perioden"] = [{"Key": f"{y}JJ00", "Title": f"{y}*"} for y in YEARS]
    serve_table(
        fake,
        LLI23,
        properties=props,
        rows=_rows(props, codes),
        dimensions=dims,
        geo="RegioS",
        title="Laag en langdurig laag inkomen; huishoudenskenmerken, regio (indeling 2023)",
        page_size=200,
    )
    try:
        yield fake
    finally:
        fake.stop()


def test_data_then_report_shows_served_figures_as_real(
    served: FakeCbs, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(runner, "is_full", lambda *_args: True)  # an edition with one factsheet
    assert cli.main(["data", "--tabel", LLI23]) == 0
    out = capsys.readouterr().out
    assert f"{LLI23}: nieuw" in out

    result = runner.run(jaar=2025, gemeente="GM0114", workers=2, log=lambda _m: None)
    assert result.ok, result.failures

    df = load.indicatoren(indicator="kinderen_laag_inkomen_pct")
    emmen = df[(df.regiocode == "GM0114") & (df.jaar == 2022)]
    assert emmen[["waarde", "status", "tabel"]].values.tolist() == [
        [_children_pct("GM0114", 2022), "echt", LLI23]
    ]
    # the series is real throughout: no demo year of another edition is mixed in
    assert set(df["status"]) == {"echt"} and set(df["jaar"]) == set(YEARS)

    page = (result.outdir / "factsheet_GM0114.html").read_text(encoding="utf-8")
    banner = " ".join(re.findall(r'<p class="banner".*?</p>', page, flags=re.S))
    assert "De andere CBS-cijfers zijn echt" in banner
    assert LLI23 not in banner  # the served table is real, so it is not named as demo
    assert "86202NED" in banner or "Kerncijfers wijken en buurten" in banner

    report = (result.outdir / "rapport.html").read_text(encoding="utf-8")
    assert "Een deel van de CBS-cijfers zijn demonstratiecijfers" in report
    sources = load.bronnen_ruw()
    served_row = sources[sources.table_id == LLI23].iloc[0]
    assert served_row["status"] == "echt" and served_row["rijen"] > 0


def test_bronnen_lists_each_table_with_its_status_and_refresh(served: FakeCbs, capsys) -> None:
    assert cli.main(["data", "--tabel", LLI23]) == 0
    capsys.readouterr()
    assert cli.main(["bronnen"]) == 0
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith(LLI23))
    assert "echt" in line and "nieuw" in line
    demo_line = next(row for row in out.splitlines() if row.startswith("86202NED"))
    assert "demo" in demo_line and "nooit ververst" in demo_line
    assert "1 tabel(len) echt" in out


def test_processed_table_has_no_rows_of_the_shadowed_demo_edition(served: FakeCbs) -> None:
    assert cli.main(["data", "--tabel", LLI23]) == 0
    from avk_analysis import build

    build.build(log=lambda _m: None)
    df = pd.read_parquet(Path(load.processed.path(load.INDICATORS_FILE)))
    lli = df[df.indicator.str.startswith(("kinderen_", "hh_laag", "personen_laag"))]
    assert set(lli.status) == {"echt"}
