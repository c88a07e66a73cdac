"""The yearly report run on tiny fixture notebooks: publish, fail safely, skip, retry."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from avk_analysis.report.runner import jobs, kernel_starter, kernels, manifest, staging
from avk_analysis.report.runner import run as runner
from avk_analysis.report.runner.run import ReportError
from avk_analysis.vocabulary import paths

pytestmark = pytest.mark.xdist_group("report_runner")

FIXTURES = Path(__file__).parents[1] / "fixtures" / "runner"
REAL_REFERENCE = Path(__file__).resolve().parents[3] / "data" / "raw" / "reference"
REAL_DECLARATION = Path(__file__).resolve().parents[3] / "notebooks" / "paginas.yaml"
JAAR = 2025


@dataclass
class FakeBuild:
    """Stands in for build.build: records calls, returns fixed statuses and fingerprint."""

    statuses: dict[str, int] = field(default_factory=lambda: {"echt": 5})
    fingerprint: str = "data-v1"
    calls: int = 0

    def __call__(self, *, log) -> SimpleNamespace:
        self.calls += 1
        return SimpleNamespace(statuses=dict(self.statuses), fingerprint=self.fingerprint)


def make_project(root: Path, chapters: dict[str, str] | None = None, factsheet: str = "") -> Path:
    """Create a scratch project: reference data, the page declaration and fixture notebooks."""
    shutil.copytree(REAL_REFERENCE, root / "data" / "raw" / "reference")
    chapter_dir = root / "notebooks" / "rapport"
    chapter_dir.mkdir(parents=True)
    shutil.copy(REAL_DECLARATION, root / "notebooks" / "paginas.yaml")
    chapters = chapters or {
        "01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb",
        "02_cijfers.ipynb": "notebooks/rapport/02_cijfers.ipynb",
    }
    for name, source in chapters.items():
        shutil.copy(FIXTURES / source, chapter_dir / name)
    shutil.copy(
        FIXTURES / (factsheet or "notebooks/factsheet.ipynb"),
        root / "notebooks" / "factsheet.ipynb",
    )
    return root


@pytest.fixture(autouse=True)
def no_pdfs(monkeypatch) -> None:
    """The fixture notebooks' pages need no PDFs (printing: test_publish, test_notebooks)."""
    monkeypatch.setenv("AVK_PDF", "0")


@pytest.fixture(autouse=True)
def edition_with_one_factsheet(request: pytest.FixtureRequest, monkeypatch) -> None:
    """Most tests check an edition's mechanics with one factsheet: count such a run as full.

    The ``test_preview_*`` tests use the real rule (a run that chooses pages is a preview).
    """
    if not request.node.name.startswith("test_preview"):
        monkeypatch.setattr(runner, "is_full", lambda *_args: True)


def read_pages(directory: Path) -> dict[str, bytes]:
    """Return every file of a directory as bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module", autouse=True)
def shared_bytecode_cache(tmp_path_factory: pytest.TempPathFactory):
    """Let the kernels of all scratch projects share one bytecode cache (faster tests)."""
    cache = tmp_path_factory.getbasetemp() / "runner-pycache"
    cache.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPYCACHEPREFIX", str(cache))
        yield


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """One project, four runs: publish, forced re-run, no-op re-run, a run with a broken chapter.

    Session scope: computed once even when pytest-xdist interleaves other modules' tests.
    """
    root = make_project(tmp_path_factory.mktemp("project"))
    build = FakeBuild(statuses={"demo": 10, "echt": 4, "voorbeeld": 2})
    out = SimpleNamespace(root=root, build=build)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AVK_ROOT", str(root))
        mp.setenv("AVK_PDF", "0")
        mp.setattr(runner, "is_full", lambda *_args: True)  # an edition with one factsheet
        reports = paths.reports_dir() / str(JAAR)
        args = {"jaar": JAAR, "gemeente": "GM0014", "workers": 2, "build_fn": build}

        out.first_log = []
        out.first = runner.run(**args, log=out.first_log.append)
        out.first_pages = read_pages(reports)

        out.second = runner.run(**args, log=lambda _m: None, force=True)
        out.second_pages = read_pages(reports)

        out.noop_log = []
        calls = build.calls
        start = time.perf_counter()
        out.noop = runner.run(**args, log=out.noop_log.append)
        out.noop_seconds = time.perf_counter() - start
        out.noop_build_calls = build.calls - calls

        shutil.copy(FIXTURES / "extra" / "03_kapot.ipynb", root / "notebooks" / "rapport")
        out.failed_log = []
        # forced: every notebook runs (a normal run would take the unchanged pages over)
        out.failed = runner.run(**args, log=out.failed_log.append, force=True)
        out.failed_pages = read_pages(reports)
        out.reports = reports
        out.executed = paths.processed_dir() / "uitgevoerd" / str(JAAR)
    return out


def test_success_publishes_report_factsheet_index_and_manifest(runs: SimpleNamespace) -> None:
    assert runs.first.ok and not runs.first.failures and not runs.first.skipped
    assert set(runs.first_pages) == {
        "index.html",
        "rapport.html",
        "factsheet_GM0014.html",
        "manifest.json",
    }
    index = runs.first_pages["index.html"].decode()
    assert 'href="rapport.html"' in index
    assert 'href="factsheet_GM0014.html">Groningen</a>' in index
    factsheet = runs.first_pages["factsheet_GM0014.html"].decode()
    assert "<title>Factsheet Groningen 2025</title>" in factsheet
    assert "Factsheet voor GM0014 over 2025." in factsheet  # the parameters reached the kernel
    report = runs.first_pages["rapport.html"].decode()
    assert report.index("Inleiding") < report.index("Cijfers")  # chapters in order
    assert "Het rapport gaat over 2025" in report
    assert set(runs.first.timings) == {
        "rapport:01_inleiding",
        "rapport:02_cijfers",
        "rapport",
        "factsheet:GM0014",
    }
    manifest = json.loads(runs.first_pages["manifest.json"])
    assert set(manifest["paginas"]) == {"index.html", "rapport.html", "factsheet_GM0014.html"}
    assert manifest["families"] == {"gemeente": ["GM0014"]} and manifest["jaar"] == JAAR
    assert not re.search(r"\d{1,2}:\d{2}", runs.first_pages["manifest.json"].decode())  # no times
    assert any("gepubliceerd" in line for line in runs.first_log)
    assert any("factsheet.ipynb (Groningen, GM0014) klaar in" in line for line in runs.first_log)


def _stdout(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernelstarter alleen op Linux")
def test_kernels_come_from_the_kernel_starter_with_preloaded_modules(runs) -> None:
    # jinja2 is imported only in the last cell; the starter imported it before the kernel ran
    assert "voorgeladen: True" in _stdout(runs.executed / "factsheet_GM0014.ipynb")


def test_preload_follows_the_imports_of_notebooks_and_package(tmp_path) -> None:
    notebook = FIXTURES / "notebooks" / "factsheet.ipynb"
    assert kernel_starter.preload_modules([notebook]) == (*kernel_starter.KERNEL_PRELOAD, "jinja2")
    assert kernel_starter.imports_of(
        "%matplotlib inline\nimport pandas as pd\nfrom a.b import c"
    ) == {
        "pandas",
        "a.b",
        "a.b.c",
    }
    assert kernel_starter.imports_of("def kapot(:") == set()
    uses_package = tmp_path / "pakket.ipynb"
    cell = {"cell_type": "code", "source": "from avk_analysis import load", "metadata": {}}
    uses_package.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    preload = kernel_starter.preload_modules([uses_package])
    assert {"pandas", "pyarrow", "pyarrow.parquet"} <= set(preload)  # via avk_analysis.load


def test_executed_notebooks_go_to_processed_never_to_reports(runs: SimpleNamespace) -> None:
    assert not [name for name in runs.first_pages if name.endswith(".ipynb")]
    assert (runs.executed / "factsheet_GM0014.ipynb").exists()
    assert (runs.executed / "rapport_01_inleiding.ipynb").exists()
    leftovers = [p.name for p in runs.reports.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_every_page_carries_the_demo_and_example_banners(runs: SimpleNamespace) -> None:
    for name, content in runs.first_pages.items():
        if name.endswith(".html"):
            text = content.decode()
            assert "demonstratiecijfers" in text, name
            assert "voorbeelddata" in text, name
            assert "verzonnen" in text, name
            # the reader is told what the figures are, not how to rebuild the report
            banners = " ".join(re.findall(r'<p class="banner".*?</p>', text, flags=re.S))
            assert "demonstratiecijfers" in banners, name
            assert "verbinding" not in banners and "internet" not in banners, name


def test_demo_banner_names_the_demo_tables_when_others_are_real() -> None:
    demo = [("86202NED", "Laag en langdurig laag inkomen (indeling 2025)")]
    (banner,) = jobs.banners_for({"demo": 5, "echt": 9}, demo, real_tables=3)
    assert "86202NED" in banner and "Laag en langdurig laag inkomen" in banner
    assert "De andere CBS-cijfers zijn echt" in banner
    # all CBS tables demo: the general banner, no table list
    assert jobs.banners_for({"demo": 5}, demo, real_tables=0) == (jobs.BANNER_DEMO,)


def test_banners_follow_the_build_statuses() -> None:
    assert jobs.banners_for({"echt": 10}) == ()
    assert jobs.banners_for({"echt": 10, "demo": 0}) == ()
    assert jobs.banners_for({"demo": 1}) == (jobs.BANNER_DEMO,)
    assert jobs.banners_for({"voorbeeld": 3, "echt": 1}) == (jobs.BANNER_EXAMPLE,)


def test_forced_rerun_gives_byte_identical_pages(runs: SimpleNamespace) -> None:
    assert runs.second.ok and not runs.second.skipped
    assert runs.second_pages == runs.first_pages


def test_unchanged_inputs_skip_the_run(runs: SimpleNamespace) -> None:
    assert runs.noop.ok and runs.noop.skipped
    assert runs.noop.timings == {}
    assert runs.noop_seconds < 3
    assert runs.noop_build_calls == 1  # the data build still decides whether data changed
    assert any("Rapport 2025 is al actueel" in line for line in runs.noop_log)


def test_changed_inputs_are_not_skipped(runs: SimpleNamespace, monkeypatch) -> None:
    monkeypatch.setenv("AVK_ROOT", str(runs.root))
    fp = runs.first.fingerprint
    assert manifest.fingerprint("data-v1", {"a": 1}) != manifest.fingerprint("data-v2", {"a": 1})
    assert manifest.fingerprint("data-v1", {"a": 1}) != manifest.fingerprint("data-v1", {"a": 2})
    assert not manifest.is_current(runs.reports, "iets-anders")
    assert manifest.is_current(runs.reports, fp)
    page = runs.reports / "index.html"
    original = page.read_bytes()
    try:
        page.write_bytes(original + b"<!-- handmatig aangepast -->")
        assert not manifest.is_current(runs.reports, fp)  # an edited page is rebuilt
    finally:
        page.write_bytes(original)


def test_failing_cell_is_reported_and_previous_report_kept(runs: SimpleNamespace) -> None:
    result = runs.failed
    assert not result.ok
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert failure.notebook == "rapport/03_kapot.ipynb"
    assert failure.cell_index == 2  # index in the source notebook, not papermill's copy
    assert failure.cell_source_first_line == "totaal = sum([1, 2])"
    assert failure.error == "ValueError: kapot in 2025"
    summary = "\n".join(runs.failed_log)
    assert "NIET gepubliceerd" in summary
    assert "rapport/03_kapot.ipynb, cel 3 (index 2) `totaal = sum([1, 2])`" in summary
    assert "ValueError: kapot in 2025" in summary
    # the other notebooks still ran to the end
    assert {"rapport:01_inleiding", "rapport:02_cijfers", "factsheet:GM0014"} <= set(result.timings)
    assert (runs.executed / "factsheet_GM0014.ipynb").exists()
    broken = json.loads((runs.executed / "rapport_03_kapot.ipynb").read_text(encoding="utf-8"))
    assert any(
        o.get("ename") == "ValueError" for c in broken["cells"] for o in c.get("outputs", [])
    )
    # the previous report is untouched, byte for byte, and no staging directory is left
    assert runs.failed_pages == runs.second_pages
    assert [p.name for p in runs.reports.parent.iterdir()] == [str(JAAR)]


def test_a_page_that_fails_the_html_check_is_a_failure(tmp_path, monkeypatch) -> None:
    one = {"01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb"}
    root = make_project(tmp_path, chapters=one, factsheet="extra/factsheet_met_script.ipynb")
    monkeypatch.setenv("AVK_ROOT", str(root))
    result = runner.run(jaar=JAAR, gemeente="GM0014", build_fn=FakeBuild(), log=lambda _m: None)
    assert not result.ok
    (failure,) = result.failures
    assert failure.notebook == "factsheet.ipynb" and failure.gemeente == "Groningen, GM0014"
    assert "factsheet_GM0014.html niet publiceerbaar" in failure.error
    assert "<script>" in failure.error
    assert not (root / "reports" / str(JAAR)).exists()
    assert [p.name for p in (root / "reports").iterdir()] == []  # staging removed


def test_a_cell_over_the_time_limit_fails_with_its_location(tmp_path, monkeypatch) -> None:
    root = make_project(tmp_path, chapters={"01_traag.ipynb": "extra/traag.ipynb"})
    monkeypatch.setenv("AVK_ROOT", str(root))
    start = time.perf_counter()
    result = runner.run(
        jaar=JAAR, gemeente="geen", timeout=1, build_fn=FakeBuild(), log=lambda _m: None
    )
    assert time.perf_counter() - start < 30  # the 60 s cell was stopped
    assert not result.ok
    (failure,) = result.failures
    assert failure.notebook == "rapport/01_traag.ipynb"
    assert failure.cell_index == 2 and failure.cell_source_first_line == "import time"
    assert (
        failure.error == "tijdslimiet overschreden: de cel liep langer dan 1 s (CellTimeoutError)"
    )
    executed = root / "data" / "processed" / "uitgevoerd" / str(JAAR) / "rapport_01_traag.ipynb"
    assert executed.exists()  # kept for debugging


def test_unknown_and_missing_parameters_are_errors_before_running(tmp_path, monkeypatch) -> None:
    root = make_project(
        tmp_path,
        chapters={
            "01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb",
            "02_alleen_jaar.ipynb": "extra/alleen_jaar.ipynb",
        },
        factsheet="extra/zonder_parameters.ipynb",
    )
    monkeypatch.setenv("AVK_ROOT", str(root))
    with pytest.raises(ReportError) as info:
        runner.run(jaar=JAAR, gemeente="Emmen", build_fn=FakeBuild(), log=lambda _m: None)
    message = str(info.value)
    assert "niets uitgevoerd" in message
    assert "rapport/02_alleen_jaar.ipynb" in message and "veenkolonien" in message
    assert "notebooks/factsheet.ipynb: geen cel met de tag 'parameters'" in message
    assert "01_inleiding" not in message
    assert not (root / "data" / "processed" / "uitgevoerd" / str(JAAR)).exists()
    assert not (root / "reports").exists()


def test_unknown_gemeente_is_a_user_error_with_suggestion(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AVK_ROOT", str(make_project(tmp_path)))
    build = FakeBuild()
    with pytest.raises(ReportError, match=r"Bedoelt u Groningen \(GM0014\)\?"):
        runner.run(jaar=JAAR, gemeente="Groningn", build_fn=build, log=lambda _m: None)
    with pytest.raises(ReportError, match="Veenkoloniën-definitie"):
        runner.run(jaar=JAAR, veenkolonien="veen", build_fn=build, log=lambda _m: None)
    with pytest.raises(ReportError, match="plausibel"):
        runner.run(jaar=1850, build_fn=build, log=lambda _m: None)
    assert build.calls == 0  # rejected before the data build


def test_cli_reports_a_report_error_without_traceback(tmp_path, monkeypatch, capsys) -> None:
    from avk_analysis import cli

    monkeypatch.setenv("AVK_ROOT", str(make_project(tmp_path)))
    status = cli.main(["report", "--jaar", str(JAAR), "--gemeente", "Groningn"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_ERROR
    assert "Bedoelt u Groningen" in err and "Traceback" not in err


def _flaky_kernelspec(tmp_path: Path, monkeypatch, failures: int) -> Path:
    """Install a ``python3`` kernelspec that fails to start ``failures`` times."""
    counter = tmp_path / "starts.txt"
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, str(FIXTURES / "flaky_kernel.py"), str(counter)]
    kernel = {
        "argv": [*argv, "-f", "{connection_file}"],
        "display_name": "Python 3 (wankel)",
        "language": "python",
    }
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("AVK_TEST_KERNEL_FAILURES", str(failures))
    return counter


def test_kernel_start_failure_is_retried_once(tmp_path, monkeypatch) -> None:
    one = {"01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb"}
    root = make_project(tmp_path / "project", chapters=one)
    monkeypatch.setenv("AVK_ROOT", str(root))
    counter = _flaky_kernelspec(tmp_path, monkeypatch, failures=1)
    log: list[str] = []
    kwargs = {"gemeente": "Pekela", "workers": 1}  # one at a time: the counter has no lock
    result = runner.run(jaar=JAAR, build_fn=FakeBuild(), log=log.append, **kwargs)
    assert result.ok, result.failures
    assert counter.read_text() == "1"  # exactly one failed start (of two notebooks), then success
    assert sum("startte niet" in line and "opnieuw gestart" in line for line in log) == 1
    assert sorted(p.name for p in (root / "reports" / str(JAAR)).iterdir()) == [
        "factsheet_GM0765.html",
        "index.html",
        "manifest.json",
        "rapport.html",
    ]
    # a kernelspec other than this interpreter's own ipykernel starts the normal way
    executed = root / "data" / "processed" / "uitgevoerd" / str(JAAR)
    assert "voorgeladen: False" in _stdout(executed / "factsheet_GM0765.ipynb")


def test_kernel_that_never_starts_fails_after_one_retry(tmp_path, monkeypatch) -> None:
    one = {"01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb"}
    root = make_project(tmp_path / "project", chapters=one)
    monkeypatch.setenv("AVK_ROOT", str(root))
    counter = _flaky_kernelspec(tmp_path, monkeypatch, failures=5)
    log: list[str] = []
    result = runner.run(jaar=JAAR, gemeente="geen", build_fn=FakeBuild(), log=log.append)
    assert not result.ok
    assert counter.read_text() == "2"  # one retry, not more
    assert "Er is niets in reports/2025/ gezet." in "\n".join(log)
    (failure,) = result.failures
    assert failure.notebook == "rapport/01_inleiding.ipynb" and failure.cell_index is None
    assert "tweede poging" in failure.error and "opzettelijke startfout" in failure.error
    assert not (root / "reports" / str(JAAR)).exists()


def test_kernel_that_never_starts_on_a_full_disk_says_the_disk_is_full(
    tmp_path, monkeypatch
) -> None:
    from avk_analysis.vocabulary import faults

    one = {"01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb"}
    root = make_project(tmp_path / "project", chapters=one)
    monkeypatch.setenv("AVK_ROOT", str(root))
    _flaky_kernelspec(tmp_path, monkeypatch, failures=5)
    monkeypatch.setattr(faults, "free_bytes", lambda _path: 2 * 1024 * 1024)  # workers fork
    result = runner.run(jaar=JAAR, gemeente="geen", build_fn=FakeBuild(), log=lambda _m: None)
    (failure,) = result.failures
    assert failure.error.startswith("de schijf is (bijna) vol: nog 2 MB vrij bij ")
    assert "de kernel kon niet starten" in failure.error


def test_a_page_that_cannot_be_written_on_a_full_disk_says_so(tmp_path, monkeypatch) -> None:
    import errno

    import nbformat

    from avk_analysis.report.runner import execute

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Kop\n\nTekst.")])
    job = SimpleNamespace(
        html=str(tmp_path / "factsheet.html"),
        title="Factsheet",
        banners=[],
        subtitle="",
        nav_links=[],
    )

    def full(self, *_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", full)
    error = execute._export_page(job, lambda: nb)
    assert "niet publiceerbaar: de schijf is vol" in error and "No space" not in error


def test_swap_restores_the_old_report_when_the_move_fails(tmp_path, monkeypatch) -> None:
    outdir, stage = tmp_path / "2025", tmp_path / ".staging-2025-1"
    outdir.mkdir()
    (outdir / "index.html").write_text("oud", encoding="utf-8")
    stage.mkdir()
    (stage / "index.html").write_text("nieuw", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(src) == stage:
            raise OSError("schijf vol")
        real_replace(src, dst)

    monkeypatch.setattr(staging.os, "replace", failing_replace)
    with pytest.raises(OSError):
        staging.swap(stage, outdir)
    assert (outdir / "index.html").read_text(encoding="utf-8") == "oud"
    monkeypatch.setattr(staging.os, "replace", real_replace)
    staging.swap(stage, outdir)
    assert (outdir / "index.html").read_text(encoding="utf-8") == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]


KILL_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
from avk_analysis.report.runner import staging

real_replace = os.replace


def replace_then_die(src, dst):
    real_replace(src, dst)  # the old edition went aside ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before the new one moves in


os.replace = replace_then_die
staging.swap(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_run_killed_between_the_renames_loses_no_edition(tmp_path, monkeypatch) -> None:
    import subprocess

    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    args = {"jaar": JAAR, "gemeente": "GM0014", "workers": 1, "build_fn": FakeBuild()}
    first = runner.run(**args, log=lambda _m: None)
    assert first.ok, first.failures
    edition = root / "reports" / str(JAAR)
    published = read_pages(edition)
    stage = root / "reports" / f"{staging.STAGING_PREFIX}{JAAR}-999999"
    stage.mkdir()
    (stage / "index.html").write_text("half af", encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_RENAMES, str(stage), str(edition)],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
        check=False,
    )
    assert child.returncode == -9  # killed by SIGKILL
    assert not edition.exists()  # the crash window: the edition is aside, nothing in its place
    (aside,) = edition.parent.glob(f"{staging.OLD_PREFIX}*")
    assert aside.name.startswith(f"{staging.OLD_PREFIX}{JAAR}-") and read_pages(aside) == published
    log: list[str] = []
    again = runner.run(**args, log=log.append)
    assert again.ok and again.skipped, log  # restored first, so nothing had to be made again
    assert read_pages(edition) == published
    assert any("teruggezet" in line for line in log)
    assert not aside.exists()


def test_recover_removes_a_stale_old_copy_when_the_new_edition_is_in_place(tmp_path) -> None:
    edition = tmp_path / "2025"
    edition.mkdir()
    (edition / "index.html").write_text("nieuw", encoding="utf-8")
    stale = tmp_path / f"{staging.OLD_PREFIX}2025-999999"
    stale.mkdir()
    assert staging.recover(edition) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]
    assert (edition / "index.html").read_text(encoding="utf-8") == "nieuw"


def test_kernels_get_a_bytecode_cache_when_writing_bytecode_is_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AVK_ROOT", str(tmp_path))
    env = kernels.kernel_environment({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"})
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PATH"] == "/bin"
    assert Path(env["PYTHONPYCACHEPREFIX"]) == tmp_path.resolve() / "data" / "processed" / "pycache"
    own = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/elders"}
    one_door = {"AVK_ALLEEN_VERWERKT": "1"}  # kernels read only data/processed/
    assert kernels.kernel_environment(own) == {**own, **one_door}  # an explicit choice is kept
    assert kernels.kernel_environment({"PATH": "/bin"}) == {"PATH": "/bin", **one_door}


def test_a_second_run_for_the_same_year_is_refused(tmp_path, monkeypatch) -> None:
    fcntl = pytest.importorskip("fcntl")
    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    lock = root / "data" / "processed" / "uitgevoerd" / f".lock-{JAAR}"
    lock.parent.mkdir(parents=True)
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ReportError, match="Er loopt al een rapportrun voor 2025"):
            runner.run(jaar=JAAR, gemeente="geen", build_fn=FakeBuild(), log=lambda _m: None)
    assert not (root / "reports").exists()


def test_a_new_family_is_the_declaration_plus_a_notebook(tmp_path, monkeypatch) -> None:
    import yaml

    one = {"01_inleiding.ipynb": "notebooks/rapport/01_inleiding.ipynb"}
    root = make_project(tmp_path, chapters=one)
    monkeypatch.setenv("AVK_ROOT", str(root))
    shutil.copy(FIXTURES / "notebooks" / "factsheet.ipynb", root / "notebooks" / "kort.ipynb")
    declaration = root / "notebooks" / "paginas.yaml"
    data = yaml.safe_load(declaration.read_text(encoding="utf-8"))
    data["families"]["kort"] = {
        "notebook": "kort.ipynb",
        "parameters": ["jaar"],
        "per": {
            "parameter": "gemeente",
            "waarden": "regions.gemeente_codes",
            "naam": "regions.name",
        },
        "bestand": "kort_{gemeente}.html",
        "titel": "Kort over {naam} ({jaar})",
        "ondertitel": "{monitor}",
        "onderwerp": "{gemeente}",
        "navigatie": [{"tekst": "Overzicht", "pagina": "index.html"}],
        "telling": "{aantal} korte pagina('s)",
        "index": {"kop": "Kort per gemeente", "anker": "kort", "link": "{naam} kort"},
    }
    declaration.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    log: list[str] = []
    result = runner.run(
        jaar=JAAR,
        pages={"gemeente": "GM0014", "kort": "Pekela"},
        build_fn=FakeBuild(),
        log=log.append,
    )
    assert result.ok, result.failures
    pages = read_pages(root / "reports" / str(JAAR))
    assert set(pages) == {
        "index.html",
        "rapport.html",
        "factsheet_GM0014.html",
        "kort_GM0765.html",
        "manifest.json",
    }
    kort = pages["kort_GM0765.html"].decode()
    assert "<title>Kort over Pekela (2025)</title>" in kort
    assert "Factsheet voor GM0765 over 2025." in kort  # its own parameter reached the kernel
    assert 'href="rapport.html"' not in kort  # its own navigation
    index = pages["index.html"].decode()
    assert index.index('id="factsheets"') < index.index('id="kort"')
    assert '<li><a href="kort_GM0765.html">Pekela kort</a></li>' in index
    manifest = json.loads(pages["manifest.json"])
    assert manifest["families"] == {"gemeente": ["GM0014"], "kort": ["GM0765"]}
    assert any("1 hoofdstuk(ken), 1 factsheet(s) en 1 korte pagina('s)" in line for line in log)
    assert "kort:GM0765" in result.timings


def test_a_missing_or_broken_declaration_stops_the_run_before_the_build(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    build = FakeBuild()
    declaration = root / "notebooks" / "paginas.yaml"
    declaration.write_text(
        declaration.read_text(encoding="utf-8").replace('titel: "Factsheet', 'titl: "Factsheet'),
        encoding="utf-8",
    )
    with pytest.raises(ReportError) as info:
        runner.run(jaar=JAAR, gemeente="GM0014", build_fn=build, log=lambda _m: None)
    assert "familie 'gemeente', sleutel 'titl': onbekende sleutel (bedoelt u 'titel'?)" in str(
        info.value
    )
    declaration.unlink()
    with pytest.raises(ReportError, match=r"paginadeclaratie notebooks/paginas\.yaml ontbreekt"):
        runner.run(jaar=JAAR, build_fn=build, log=lambda _m: None)
    assert build.calls == 0
    assert not (root / "reports").exists()


def test_preview_of_one_factsheet_keeps_the_edition(tmp_path, monkeypatch) -> None:
    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    edition = root / "reports" / str(JAAR)
    edition.mkdir(parents=True)
    (edition / "index.html").write_text("de editie", encoding="utf-8")
    (edition / "factsheet_GM0014.html").write_text("oud", encoding="utf-8")
    executed = root / "data" / "processed" / "uitgevoerd" / str(JAAR)
    executed.mkdir(parents=True)
    (executed / "rapport_01_inleiding.ipynb").write_text("{}", encoding="utf-8")
    before = read_pages(edition)
    log: list[str] = []
    result = runner.run(jaar=JAAR, gemeente="Groningen", build_fn=FakeBuild(), log=log.append)
    assert result.ok and result.preview, result.failures
    assert result.outdir == root / "reports" / "voorbeeld"
    assert result.pages == ["factsheet_GM0014.html"]
    assert set(result.timings) == {"factsheet:GM0014"}  # no chapter ran, no report merged
    assert read_pages(edition) == before  # the edition is untouched, byte for byte
    assert (executed / "rapport_01_inleiding.ipynb").exists()  # and its executed notebooks
    page = (result.outdir / "factsheet_GM0014.html").read_text(encoding="utf-8")
    assert "Factsheet voor GM0014 over 2025." in page
    assert f'href="../{JAAR}/index.html"' in page  # navigation leads to the edition
    assert not (result.outdir / "index.html").exists()
    text = "\n".join(log)
    assert "Voorbeeld 2025 klaar in reports/voorbeeld/" in text
    assert "De editie in reports/2025/ is niet aangeraakt" in text
    again = runner.run(jaar=JAAR, gemeente="GM0014", build_fn=FakeBuild(), log=log.append)
    assert again.skipped and again.preview


def test_preview_rule_only_a_run_of_every_page_is_an_edition(tmp_path, monkeypatch) -> None:
    from avk_analysis.report.runner import families

    monkeypatch.setenv("AVK_ROOT", str(make_project(tmp_path)))
    declaration = families.load()
    everything = families.select(declaration, {})
    assert runner.is_full(declaration, everything)
    assert not runner.is_full(declaration, families.select(declaration, {"gemeente": "Emmen"}))
    assert not runner.is_full(declaration, families.select(declaration, {"gemeente": "geen"}))


def test_scratch_notebooks_are_outside_the_fingerprint_and_a_rebuild_says_why(
    tmp_path, monkeypatch
) -> None:
    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    params = {"jaar": JAAR}
    parts = manifest.parts("data-v1", params)
    scratch = root / "notebooks" / "verkenning"
    scratch.mkdir()
    (scratch / "mijn_proef.ipynb").write_text("{}", encoding="utf-8")
    (root / "notebooks" / "verkenning.py").write_text("x = 1\n", encoding="utf-8")
    assert manifest.parts("data-v1", params) == parts
    outdir = root / "reports" / str(JAAR)
    outdir.mkdir(parents=True)
    fp = manifest.fingerprint_of(parts)
    manifest.write(
        outdir, jaar=JAAR, veenkolonien="planbureaus", families={}, statuses={}, fp=fp,
        fingerprint_parts=parts,
    )  # fmt: skip
    assert "nog geen" in manifest.rebuild_reason(root / "reports" / "elders", parts)
    with (root / "notebooks" / "factsheet.ipynb").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    changed = manifest.parts("data-v2", params)
    assert manifest.fingerprint_of(changed) != fp
    reason = manifest.rebuild_reason(outdir, changed)
    assert reason.startswith("Opnieuw gemaakt omdat ")
    assert "de gegevens in data/processed/ zijn veranderd" in reason
    assert "dit notebook veranderde: notebooks/factsheet.ipynb" in reason
    assert "\n" not in reason


def test_an_incremental_run_makes_only_what_changed(tmp_path, monkeypatch) -> None:
    root = make_project(tmp_path)
    monkeypatch.setenv("AVK_ROOT", str(root))
    args = {"jaar": JAAR, "gemeente": "GM0014", "workers": 2, "build_fn": FakeBuild()}
    first = runner.run(**args, log=lambda _m: None)
    assert first.ok and first.reused == []
    reports = paths.reports_dir() / str(JAAR)
    before = read_pages(reports)
    records = json.loads(before["manifest.json"])["taken"]
    assert set(records) == {
        "rapport:01_inleiding",
        "rapport:02_cijfers",
        "factsheet:GM0014",
        "rapport",
    }
    chapter = root / "notebooks" / "rapport" / "02_cijfers.ipynb"
    chapter.write_bytes(chapter.read_bytes() + b"\n")  # one input changes
    log: list[str] = []
    second = runner.run(**args, log=log.append)
    assert second.ok
    assert set(second.timings) == {"rapport:02_cijfers", "rapport"}
    assert set(second.reused) == {"rapport:01_inleiding", "factsheet:GM0014"}
    after = read_pages(reports)
    assert after["factsheet_GM0014.html"] == before["factsheet_GM0014.html"]
    said = [line for line in log if line.startswith("Alleen wat ervan afhangt")]
    assert said and "rapport/02_cijfers.ipynb" in said[0] and "rapport.html" in said[0]
    assert "notebooks/rapport/02_cijfers.ipynb" in second.reason
    # a page changed by hand in the edition is made again, never taken over
    page = reports / "factsheet_GM0014.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- bijgewerkt -->", encoding="utf-8")
    third = runner.run(**args, log=lambda _m: None)
    assert third.ok and "factsheet:GM0014" in third.timings
    assert "rapport:01_inleiding" in third.reused and "rapport" in third.reused
    assert (reports / "factsheet_GM0014.html").read_bytes() == before["factsheet_GM0014.html"]
    # a forced run makes everything
    forced = runner.run(**args, log=lambda _m: None, force=True)
    assert forced.reused == [] and len(forced.timings) == 4


def test_a_page_depends_on_the_processed_files_it_read_and_nothing_else(tmp_path) -> None:
    from avk_analysis.report.runner import incremental

    job = jobs.Job(
        key="factsheet:GM0014",
        notebook=str(FIXTURES / "notebooks" / "factsheet.ipynb"),
        label="factsheet.ipynb",
        parameters={"gemeente": "GM0014"},
        executed=str(tmp_path / "factsheet_GM0014.ipynb"),
        cwd=str(tmp_path),
        timeout=10,
        html=str(tmp_path / "factsheet_GM0014.html"),
        title="Factsheet Groningen 2025",
    )
    plan = jobs.Plan([job], None, set(), {}, (), "")
    reads = ["indicatoren.parquet"]
    old = incremental.Inputs({"indicatoren.parquet": "a", "referenties.parquet": "b"}, ["x=1"])
    previous = {job.key: {"vingerafdruk": incremental.job_fingerprint(job, reads, old),
                          "gelezen": reads}}  # fmt: skip

    def reused(given: incremental.Inputs) -> bool:
        return job.key in incremental.decide(plan, previous, given, tmp_path, set()).jobs

    assert reused(old)
    assert reused(
        incremental.Inputs({"indicatoren.parquet": "a", "referenties.parquet": "c"}, ["x=1"])
    )
    assert not reused(incremental.Inputs({"indicatoren.parquet": "nieuw"}, ["x=1"]))
    assert not reused(incremental.Inputs({"indicatoren.parquet": "a"}, ["x=2"]))  # a package
    retitled = jobs.Plan([dataclasses.replace(job, title="Andere titel")], None, set(), {}, (), "")
    assert not incremental.decide(retitled, previous, old, tmp_path, set()).jobs
