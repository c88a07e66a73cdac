"""The ``avk-monitor`` command: build data, validate inputs, write templates, run the report.

User mistakes (a bad workbook, an unknown gemeente, no network) end with a Dutch message and a
non-zero exit status, never with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from avk_analysis import paths

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build data/processed/ from data/raw/."""
    from avk_analysis import build

    build.build(force=args.force)
    return EXIT_OK


def cmd_data(args: argparse.Namespace) -> int:
    """Refresh the CBS tables and PDOK boundaries (online only)."""
    from avk_analysis import boundaries, config
    from avk_analysis.cbs import download

    if config.forced_offline():
        _err(f"Offline gedwongen ({config.OFFLINE_ENV}=1): er wordt niets gedownload.")
        return EXIT_ERROR
    stored = download.refresh()
    print(f"CBS: {len(stored)} tabel(len) nieuw opgeslagen in {paths.cbs_raw_dir()}.")
    for year in args.grensjaar:
        for layer in ("gemeente", "provincie"):
            boundaries.download_boundaries(year, layer)
    print(f"PDOK: grenzen opgeslagen in {paths.pdok_raw_dir()}.")
    return EXIT_OK


def _kind_of(path: Path) -> str:
    """Tell whether a file is a programme workbook or a planning-office delivery."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return "planbureau"
    from avk_analysis.programme import xlsxfile

    try:
        names = {n.strip().lower() for n in xlsxfile.sheet_names(path)}
    except Exception:  # unreadable: the programme validator explains why, with location
        return "programma"
    return "planbureau" if names and "doelen" not in names and "info" not in names else "programma"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check programme workbooks or planning-office deliveries and print a Dutch report."""
    from avk_analysis.planning import delivery
    from avk_analysis.programme import validate

    status = EXIT_OK
    for name in args.bestanden:
        path = Path(name)
        kind = args.soort
        if kind == "auto":
            kind = _kind_of(path)
        report = (
            validate.validate_file(path)
            if kind == "programma"
            else delivery.validate_delivery(path)
        )
        print(report.render())
        print()
        if not report.ok:
            status = EXIT_ERROR
    return status


def cmd_template(args: argparse.Namespace) -> int:
    """Write an empty programme workbook with headers, drop-downs and instructions."""
    from avk_analysis.programme import template

    # Default: the working directory. The team fills the workbook in and only then places it in
    # data/raw/programma/<jaar>/, so an empty template never reaches a report run.
    target = Path(args.uit) if args.uit else Path.cwd() / f"avk_programma_{args.jaar}.xlsx"
    if target.exists() and not args.overschrijven:
        _err(f"{target} bestaat al; kies een ander pad met --uit of gebruik --overschrijven.")
        return EXIT_ERROR
    target.parent.mkdir(parents=True, exist_ok=True)
    template.write_template(target, args.jaar)
    print(f"Leeg werkboek voor {args.jaar} geschreven: {target}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Build the data, run the notebooks and publish reports/<jaar>/."""
    from avk_analysis.report import runner

    result = runner.run(
        jaar=args.jaar,
        gemeente=args.gemeente,
        workers=args.workers,
        veenkolonien=args.veenkolonien,
        timeout=args.timeout,
        force=args.opnieuw,
    )
    return EXIT_OK if result.ok else EXIT_ERROR


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``avk-monitor``."""
    p = argparse.ArgumentParser(
        prog="avk-monitor",
        description="Monitor generatiearmoede Groningen en Drenthe (Alliantie van Kracht).",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="opdracht")

    b = sub.add_parser("build", help="bouw data/processed/ uit data/raw/")
    b.add_argument("--force", action="store_true", help="ook bouwen als niets veranderde")
    b.set_defaults(func=cmd_build)

    d = sub.add_parser("data", help="ververs CBS-tabellen en PDOK-grenzen (alleen online)")
    d.add_argument("--grensjaar", type=int, nargs="*", default=[2025], help="jaren van de grenzen")
    d.set_defaults(func=cmd_data)

    v = sub.add_parser("validate", help="controleer een programmawerkboek of planbureau-levering")
    v.add_argument("bestanden", nargs="+", help="Excel- of CSV-bestand(en)")
    v.add_argument("--soort", choices=["auto", "programma", "planbureau"], default="auto")
    v.set_defaults(func=cmd_validate)

    t = sub.add_parser("template", help="schrijf een leeg programmawerkboek voor een jaar")
    t.add_argument("--jaar", type=int, required=True)
    t.add_argument("--uit", help="pad van het nieuwe werkboek")
    t.add_argument("--overschrijven", action="store_true")
    t.set_defaults(func=cmd_template)

    r = sub.add_parser("report", help="maak het jaarrapport en de factsheets in reports/<jaar>/")
    r.add_argument("--jaar", type=int, required=True)
    r.add_argument("--gemeente", default="alle", help="'alle', 'geen', een code (GM0114) of naam")
    r.add_argument(
        "--workers", type=int, default=0, help="parallelle notebooks (0 = aantal kernen)"
    )
    r.add_argument("--veenkolonien", default="planbureaus", help="planbureaus, programma of agenda")
    r.add_argument("--timeout", type=int, default=600, help="maximale seconden per notebookcel")
    r.add_argument(
        "--opnieuw", action="store_true", help="ook opnieuw maken als er niets veranderde"
    )
    r.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run ``avk-monitor`` and return its exit status."""
    from avk_analysis.validation import InputError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        _err(exc.report.render())
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("Afgebroken.")
        return 130
    except Exception as exc:
        user_error = _user_error_types()
        if isinstance(exc, user_error):
            _err(f"Fout: {exc}")
            return EXIT_ERROR
        raise


def _user_error_types() -> tuple[type[BaseException], ...]:
    """Return the exception types that are a user's or the network's problem, not a bug."""
    from avk_analysis.build import BuildError
    from avk_analysis.cbs.client import CbsError
    from avk_analysis.provenance import ProvenanceError

    types: list[type[BaseException]] = [
        BuildError,
        CbsError,
        ProvenanceError,
        FileNotFoundError,
        KeyError,
    ]
    try:
        from avk_analysis.boundaries import BoundariesUnavailable

        types.append(BoundariesUnavailable)
    except ImportError:
        pass
    try:
        from avk_analysis.report.runner import ReportError

        types.append(ReportError)
    except ImportError:
        pass
    return tuple(types)


if __name__ == "__main__":
    sys.exit(main())
