"""Done when: the kit's export, delivered with avk-monitor levering, shows in the factsheets and
the report, with suppressed figures named as such and the example no longer shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avk_analysis import cli
from avk_analysis.indicators import microdata as figures
from avk_analysis.report.publishing import publish
from avk_analysis.report.runner import run as runner
from avk_analysis.sources.microdata import export
from tests.conftest import make_project
from tests.sources.microdata.conftest import Run

pytestmark = pytest.mark.xdist_group("microdata-pages")
TD = "Trendbureau Drenthe"


def _suppressed_gemeente(csv: Path) -> str:
    """Return a gemeente whose uitwonend ratio for the mother the export had to suppress."""
    frame = export.load_export(csv).assign(status="echt", bron=TD, bronregel="x")
    ratios = figures.parent_ratios(frame)
    hit = ratios.loc[ratios["onderdrukt"] & ratios["regiocode"].str.startswith("GM")]
    assert not hit.empty, "the small synthetic population must have suppressed gemeenten"
    return str(hit["regiocode"].iloc[0])


@pytest.fixture(scope="module")
def published(ra_run: Run, tmp_path_factory: pytest.TempPathFactory):
    gemeente = _suppressed_gemeente(ra_run.csv)
    with pytest.MonkeyPatch.context() as mp:
        root = make_project(tmp_path_factory.mktemp("md") / "project")
        mp.setenv("AVK_ROOT", str(root))
        mp.setenv("AVK_OFFLINE", "1")
        mp.setattr(runner, "is_full", lambda *_args: True)  # report and one factsheet
        mailed = tmp_path_factory.mktemp("mail") / ra_run.csv.name
        shutil.copyfile(ra_run.csv, mailed)
        assert cli.main(["levering", str(mailed), "--bron", TD]) == cli.EXIT_OK
        result = runner.run(jaar=2025, gemeente=gemeente, workers=2, log=lambda _m: None)
        assert result.ok, [f.describe() for f in result.failures]
        pages = {p.name: p.read_text(encoding="utf-8") for p in result.outdir.glob("*.html")}
        yield gemeente, pages


def test_the_factsheet_shows_the_delivered_figures(published) -> None:
    gemeente, pages = published
    html = pages[f"factsheet_{gemeente}.html"]
    assert "Jongvolwassenen en hun ouders in" in html
    assert "onvoldoende waarnemingen" in html
    assert "op basis van niet-openbare microdata van het CBS" in html and TD in html
    section = html.split("Jongvolwassenen en hun ouders in", 1)[1]
    assert "(voorbeeld)" not in section  # the delivered export took the example's place
    assert "keer zo vaak" in section  # the comparison regions' ratios are published
    assert "niet per gemeente bekend" not in html


def test_the_report_shows_the_regions_and_every_gemeente(published) -> None:
    _, pages = published
    html = pages["rapport.html"]
    assert "Jongvolwassenen en hun ouders per gemeente (CBS-microdata)" in html
    assert "Alle 22 gemeenten" in html and "Westerwolde" in html
    assert "onvoldoende waarnemingen" in html
    assert "keer zo vaak" in html
    assert "cijfers over jongvolwassenen en hun ouders uit CBS-microdata" not in html  # no banner
    # the Verantwoording credits the delivering office
    assert "Generatiearmoede uit CBS-microdata (Remote Access" in html


def test_the_pages_pass_the_publishing_gate(published) -> None:
    for name, html in published[1].items():
        assert publish.check_html(html) == [], name
