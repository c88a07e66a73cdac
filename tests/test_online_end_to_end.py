"""The online path end to end against CBS's real answers: `avk-monitor data`, then the report.

The server answers in CBS's own OData v3 shapes: the recorded "Laag en langdurig laag inkomen"
tables (83921NED, 84641NED, 85678NED, 86006NED) and KWB 2024 (85984NED) in its recorded release
of 2025-03 and in the later release (see tests/sources/cbs/recorded.py for what is recorded and
what is
made up). Every other table stays the bundled demo snapshot. The report must show the served
figures as real, name exactly which tables are still demo, and a table whose layout changed must
cost only that table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from avk_analysis import cli, load
from avk_analysis.report.runner import run as runner
from avk_analysis.sources.cbs import parse
from avk_analysis.vocabulary import config
from tests.sources.cbs import recorded
from tests.sources.cbs.fakecbs import FakeCbs

LLI = ("83921NED", "84641NED", "85678NED", "86006NED")
KWB24 = "85984NED"


@pytest.fixture
def fake(project: Path, monkeypatch: pytest.MonkeyPatch):
    """A CBS-like server on 127.0.0.1; network allowed; an edition with one factsheet."""
    server = FakeCbs().start()
    monkeypatch.setenv(config.CBS_BASE_URL_ENV, server.base_url)
    monkeypatch.delenv(config.OFFLINE_ENV, raising=False)
    monkeypatch.setattr(runner, "is_full", lambda *_args: True)
    try:
        yield server
    finally:
        server.stop()


def _data(*tables: str) -> int:
    return cli.main(["data", *[a for t in tables for a in ("--tabel", t)]])


def _served_share(table_id: str, region: str, year: int, tmp: Path) -> float:
    """Return the children's low-income share a served table holds for one cell."""
    df = parse.parse_table_dir(recorded.store_recorded(tmp, table_id))
    cell = df[
        (df.indicator == "kinderen_laag_inkomen_pct") & (df.regiocode == region) & (df.jaar == year)
    ]
    return float(cell["waarde"].iloc[0])


def _banner(page: str) -> str:
    return " ".join(re.findall(r'<p class="banner".*?</p>', page, flags=re.S))


def test_data_then_report_with_cbs_real_answers(
    fake: FakeCbs, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    for table_id in LLI:
        recorded.serve_recorded(fake, table_id)
    recorded.serve_recorded(fake, KWB24, "2025-03")  # the early release: income not yet filled
    assert _data(*LLI, KWB24) == 0
    out = capsys.readouterr().out
    assert "5 nieuw" in out and "Let op" not in out

    result = runner.run(jaar=2025, gemeente="GM0114", workers=2, log=lambda _m: None)
    assert result.ok, result.failures

    kids = load.indicatoren(indicator="kinderen_laag_inkomen_pct")
    emmen = kids[kids.regiocode == "GM0114"].set_index("jaar")
    # one value per cell: the newest readable edition per year, all of them real
    assert set(emmen["status"]) == {"echt"} and set(emmen["tabel"]) == {"86006NED"}
    assert emmen.loc[2023, "waarde"] == _served_share("86006NED", "GM0114", 2023, tmp_path)
    lang = load.indicatoren(indicator="kinderen_langdurig_laag_inkomen_pct")
    assert set(lang["status"]) == {"echt"} and lang["waarde"].notna().any()

    # the early KWB 2024 release has no PersonenInArmoede: no figure, never a zero
    armoede = load.indicatoren(indicator="personen_in_armoede_pct")
    served = armoede[(armoede.tabel == KWB24) & (armoede.jaar == 2024)]
    assert len(served) and set(served["symbool"]) == {"."} and served["waarde"].isna().all()
    assert (served["status"] == "echt").all()
    population = load.indicatoren(indicator="inwoners")
    emmen_2024 = population[(population.regiocode == "GM0114") & (population.jaar == 2024)]
    assert emmen_2024["waarde"].tolist() == [109346.0]  # CBS's figure, peildatum 1 januari 2024

    page = (result.outdir / "factsheet_GM0114.html").read_text(encoding="utf-8")
    banner = _banner(page)
    assert "86006NED" not in banner and "85678NED" not in banner  # real, so not named as demo
    assert "85618NED" in banner  # KWB 2023 is still the demo snapshot: named
    # 86202NED stays demo for what no served table holds: the household characteristics (the
    # recorded 85678NED/86006NED rows hold few of them), so the banner names it
    assert "86202NED" in banner
    assert KWB24 not in banner  # served: real
    assert "kon bij deze editie niet worden gelezen" not in banner
    report = (result.outdir / "rapport.html").read_text(encoding="utf-8")
    assert "Een deel van de CBS-cijfers zijn demonstratiecijfers" in report
    assert "eerder jaar" not in report  # the old, wrong income-year sentence
    sources = load.bronnen_ruw()
    row = sources[sources.table_id == "86006NED"].iloc[0]
    assert row["status"] == "echt" and row["rijen"] > 0 and not row["leesfout"]


def test_a_changed_layout_costs_only_that_table(
    fake: FakeCbs, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    recorded.serve_recorded(fake, "85678NED")
    recorded.serve_recorded(fake, KWB24, "later")
    # 86006NED as CBS might change it: the 4-year category gone from the duration dimension
    parts = recorded.table("86006NED")
    dims = dict(parts["dimensions"])
    dims["DuurInkomenspositie"] = [
        c for c in dims["DuurInkomenspositie"] if c["Key"] != recorded.FOUR_YEARS
    ]
    recorded.serve_recorded(fake, "86006NED", dimensions=dims)
    assert _data("85678NED", "86006NED", KWB24) == 1  # stored, but one cannot be read
    out = capsys.readouterr().out
    assert "Let op: CBS-tabel 86006NED" in out and "Traceback" not in out

    result = runner.run(jaar=2025, gemeente="GM0114", workers=2, log=lambda _m: None)
    assert result.ok, result.failures

    kids = load.indicatoren(indicator="kinderen_laag_inkomen_pct")
    assert set(kids["status"]) == {"echt"} and set(kids["tabel"]) == {"85678NED"}
    assert kids["jaar"].max() == 2022  # 86006NED's 2023 is missing, not filled with demo
    armoede = load.indicatoren(indicator="personen_in_armoede_pct")
    nl = armoede[(armoede.regiocode == "NL01") & (armoede.jaar == 2024)]
    assert nl["waarde"].tolist() == [3.1] and (nl["status"] == "echt").all()  # later release

    page = (result.outdir / "factsheet_GM0114.html").read_text(encoding="utf-8")
    banner = _banner(page)
    assert "CBS-tabel 86006NED" in banner and "kon bij deze editie niet worden gelezen" in banner
    report = (result.outdir / "rapport.html").read_text(encoding="utf-8")
    assert "Niet alle CBS-tabellen konden worden gelezen" in report
    assert "Vier jaar of langer" in report and "DuurInkomenspositie" in report  # what and where

    assert cli.main(["bronnen"]) == 0
    listing = capsys.readouterr().out
    line = next(x for x in listing.splitlines() if x.startswith("86006NED"))
    assert "NIET GELEZEN" in line
    assert "NIET GELEZEN bij de laatste bouw (1 tabel(len))" in listing
    sources = load.bronnen_ruw()
    broken = sources[sources.table_id == "86006NED"].iloc[0]
    assert broken["rijen"] == 0 and "Vier jaar of langer" in broken["leesfout"]


def test_processed_table_has_no_rows_of_the_shadowed_demo_edition(fake: FakeCbs) -> None:
    recorded.serve_recorded(fake, "85678NED")
    assert _data("85678NED") == 0
    from avk_analysis.pipeline import build

    build.build(log=lambda _m: None)
    df = pd.read_parquet(Path(load.processed.path(load.INDICATORS_FILE)))
    lli = df[df.indicator.str.startswith(("kinderen_", "hh_laag", "personen_laag"))]
    # the household characteristics are not in the recorded 85678NED: they stay demo, whole
    per_kenmerk = lli.indicator.str.contains("_pct_|_aantal_")
    assert set(lli.loc[~per_kenmerk, "status"]) == {"echt"}
    assert set(lli.loc[per_kenmerk, "status"]) == {"demo"}
