"""The avk-monitor command as a new analyst would use it: clear Dutch output, no tracebacks."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from avk_analysis import cli
from tests.test_load import built  # noqa: F401  (fixture: a small data/processed/)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "raw" / "programma" / "voorbeeld" / "avk_programma_2025_voorbeeld.xlsx"
DELIVERY = REPO / "data" / "raw" / "planbureaus" / "gepubliceerde_cijfers.csv"


def test_validate_example_workbook_passes(capsys) -> None:
    assert cli.main(["validate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "0 fout(en)" in out and "bruikbaar" in out


def test_validate_shipped_delivery_passes_with_warnings(capsys) -> None:
    assert cli.main(["validate", str(DELIVERY)]) == 0
    assert "0 fout(en)" in capsys.readouterr().out


def test_validate_bad_workbook_names_sheet_row_and_column(tmp_path: Path, capsys) -> None:
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["Bereik"]
    sheet.cell(row=3, column=[c.value for c in sheet[1]].index("huishoudens") + 1, value=-5)
    bad = tmp_path / "avk_programma_2025.xlsx"
    book.save(bad)
    assert cli.main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "blad 'Bereik'" in out and "rij 3" in out and "kolom 'huishoudens'" in out
    assert "Traceback" not in out


def test_not_an_excel_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    fake = tmp_path / "werkboek.xlsx"
    fake.write_text("naam;waarde\n")
    assert cli.main(["validate", str(fake)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "werkboek.xlsx" in captured.out


def test_template_goes_to_working_directory_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["template", "--jaar", "2026"]) == 0
    target = tmp_path / "avk_programma_2026.xlsx"
    assert target.exists()
    assert "Toelichting" in openpyxl.load_workbook(target).sheetnames
    assert cli.main(["template", "--jaar", "2026"]) == 1
    assert "bestaat al" in capsys.readouterr().err


def test_data_refresh_refuses_when_forced_offline(capsys) -> None:
    assert cli.main(["data"]) == 1
    assert "Offline" in capsys.readouterr().err


def test_console_script_prints_dutch_help() -> None:
    exe = Path(sys.executable).with_name("avk-monitor")
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("build", "data", "validate", "template", "report"):
        assert command in out
    assert "generatiearmoede" in out


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "schijf is vol"),
        (errno.EROFS, "alleen-lezen"),
        (errno.EACCES, "rechten"),
    ],
)
def test_filesystem_errors_end_in_dutch_without_traceback(
    code: int, words: str, monkeypatch, capsys
) -> None:
    from avk_analysis.report.runner import run as runner

    def fail(**_kwargs):
        raise OSError(code, os.strerror(code), "reports/2025/.staging-2025-1/rapport.html")

    monkeypatch.setattr(runner, "run", fail)
    assert cli.main(["report", "--jaar", "2025"]) == 1
    err = capsys.readouterr().err
    assert words in err and "reports/2025/.staging-2025-1/rapport.html" in err
    assert "vorige rapport" in err and "Traceback" not in err


def test_full_disk_while_publishing_keeps_the_previous_report(project: Path, monkeypatch) -> None:
    from avk_analysis.report.runner import staging

    old = project / "reports" / "2025"
    old.mkdir(parents=True)
    (old / "index.html").write_text("vorige editie", encoding="utf-8")
    new = project / "reports" / ".staging-2025-1"
    new.mkdir()
    (new / "index.html").write_text("nieuwe editie", encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst):
        if Path(src) == new:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(staging.os, "replace", replace)
    with pytest.raises(OSError):
        staging.swap(new, old)
    assert (old / "index.html").read_text(encoding="utf-8") == "vorige editie"
    assert "schijf is vol" in cli.filesystem_message(OSError(errno.ENOSPC, "x", str(old)))


def test_help_frame_is_dutch_in_every_subcommand(capsys) -> None:
    english = ("usage:", "positional arguments", "options:", "show this help message")
    for argv in (["--help"], *([name, "--help"] for name in _subcommands())):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("gebruik: avk-monitor"), argv
        assert "toon deze hulp en stop" in out, argv
        assert not [word for word in english if word in out], (argv, out)


def _subcommands() -> list[str]:
    action = next(a for a in cli.parser()._actions if a.dest == "command")
    return list(action.choices)


def test_every_option_has_a_dutch_help_text() -> None:
    action = next(a for a in cli.parser()._actions if a.dest == "command")
    for name, sub in action.choices.items():
        for option in sub._actions:
            assert option.help, f"avk-monitor {name} {option.option_strings or option.dest}"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report"], "deze gegevens ontbreken: --jaar"),
        (["report", "--jaar", "twee"], "--jaar: ongeldige waarde 'twee' (verwacht: een geheel"),
        (["raport"], "opdracht: ongeldige keuze 'raport'"),
        (["build", "--snel"], "onbekende argumenten: --snel"),
    ],
)  # fmt: skip
def test_usage_errors_are_dutch(argv, words, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert words in err and "gebruik:" in err and "error" not in err


@pytest.mark.usefixtures("built")
def test_indicatoren_lists_and_searches_the_catalogue(capsys) -> None:
    assert cli.main(["indicatoren", "kinderen", "laag"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "kinderen_laag_inkomen_pct\n" in out
    assert "2021–2022 · gemeente, land, provincie · CBS · demo" in out
    # every word must match: the households-total has no 'kinderen' in it
    assert "\nhh_laag_inkomen_pct\n" not in out
    assert "hh_laag_inkomen_pct_paar_met_kind\n" in out
    assert cli.main(["indicatoren", "kinderrn"]) == cli.EXIT_ERROR
    assert "Geen indicator gevonden voor 'kinderrn'" in capsys.readouterr().err


def test_factsheet_refuses_all_and_points_to_report(capsys) -> None:
    assert cli.main(["factsheet", "alle"]) == cli.EXIT_USAGE
    assert "avk-monitor report --jaar 2025" in capsys.readouterr().err


def test_factsheet_is_a_preview_run_of_one_gemeente(monkeypatch, capsys, tmp_path) -> None:
    from types import SimpleNamespace

    from avk_analysis.report.runner import run as runner

    calls = []

    def fake_run(**kwargs):
        calls.append(kwargs)
        return SimpleNamespace(ok=True, outdir=tmp_path, pages=["factsheet_GM0114.html"])

    monkeypatch.setattr(runner, "run", fake_run)
    assert cli.main(["factsheet", "Emmen", "--veenkolonien", "programma"]) == cli.EXIT_OK
    assert calls[0]["pages"] == {"gemeente": "Emmen"} and calls[0]["jaar"] == cli.DEFAULT_JAAR
    assert calls[0]["veenkolonien"] == "programma"
    assert "factsheet_GM0114.html" in capsys.readouterr().out
