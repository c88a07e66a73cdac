"""The ``avk-monitor`` command: build data, validate inputs, write templates, run the report.

User mistakes (a bad workbook, an unknown gemeente, no network) end with a Dutch message and a
non-zero exit status, never with a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from avk_analysis.vocabulary import paths

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
DEFAULT_JAAR = 2025  # the edition `make report` makes (Makefile JAAR)


# --- argparse in Dutch: its own frame (usage, section titles, -h, errors) ------------------------
# argparse takes these strings from gettext, which has no Dutch catalogue; the parser below sets
# them itself, so `avk-monitor ... --help` and its errors are Dutch whatever the locale.
_ERRORS = (
    (r"the following arguments are required: (.*)", r"deze gegevens ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (
        r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)",
        r"\1: ongeldige keuze \2 (kies uit \3)",
    ),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"\1: ongeldige waarde \3 (verwacht: \2)"),
    (r"argument (.*?): expected one argument", r"\1: hier hoort één waarde achter"),
    (
        r"argument (.*?): expected at least one argument",
        r"\1: hier hoort minstens één waarde achter",
    ),
    (r"argument (.*?): ignored explicit argument (.*)", r"\1: de waarde \2 hoort hier niet"),
    (r"ambiguous option: (.*?) could match (.*)", r"de optie \1 is niet eenduidig: \2"),
    (r"argument (.*?): not allowed with argument (.*)", r"\1 gaat niet samen met \2"),
)
_TYPES = {"int": "een geheel getal", "float": "een getal"}


def dutch_error(message: str) -> str:
    """Return argparse's English error ``message`` in Dutch (unknown ones stay as they are)."""
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message):
            text = re.sub(pattern, replacement, message)
            for english, dutch in _TYPES.items():
                text = text.replace(f"(verwacht: {english})", f"(verwacht: {dutch})")
            return text
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with a Dutch ``gebruik:`` line."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        """Start the help with 'gebruik:' instead of 'usage:'."""
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own frame is Dutch: usage, section titles, -h/--help, errors."""

    def __init__(self, *args, **kwargs) -> None:
        """Create the parser with the Dutch formatter and a Dutch -h/--help."""
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="toon deze hulp en stop",
        )

    def error(self, message: str):
        """Print the usage and a Dutch error, then stop with exit status 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {dutch_error(message)}\n")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build data/processed/ from data/raw/."""
    from avk_analysis.pipeline import build

    build.build(force=args.force)
    return EXIT_OK


def cmd_data(args: argparse.Namespace) -> int:
    """Refresh the CBS tables and PDOK boundaries (online only); print a Dutch summary."""
    import difflib

    from avk_analysis.sources import pdok
    from avk_analysis.sources.cbs import download, metadata, parse
    from avk_analysis.sources.cbs import tables as registry
    from avk_analysis.vocabulary import config

    if config.forced_offline():
        _err(f"Offline gedwongen ({config.OFFLINE_ENV}=1): er wordt niets gedownload.")
        return EXIT_ERROR
    wanted = list(dict.fromkeys(t.strip().upper() for t in args.tabel or []))
    known = registry.table_ids()
    unknown = [t for t in wanted if t not in known]
    if unknown:
        for table_id in unknown:
            close = difflib.get_close_matches(table_id, known, n=3, cutoff=0.5)
            hint = f" Bedoelt u {' of '.join(close)}?" if close else ""
            _err(f"Onbekende CBS-tabel {table_id!r}.{hint} Bekend: {', '.join(known)}.")
        return EXIT_ERROR
    results = download.refresh(wanted or None)
    print(f"CBS-tabellen ({paths.cbs_raw_dir()}):")
    for line in download.summary_lines(results):
        print(f"  {line}")
    checked = parse.check_downloads([r.path for r in results if r.ok and r.path is not None])
    for failure in checked.failures:
        print(f"  Let op: {failure.text()}")
    summary = metadata.fallback_summary(checked.fallbacks)
    if summary:
        print(f"  {summary}")
    ok = all(r.ok for r in results) and not checked.failures
    layers_ok = True
    if not wanted:  # --tabel refreshes only those CBS tables, no boundaries
        print(f"PDOK-grenzen ({paths.pdok_raw_dir()}):")
        for year in args.grensjaar:
            for layer in ("gemeente", "provincie", "wijk"):
                try:
                    pdok.download_boundaries(year, layer)
                except (pdok.BoundariesUnavailable, OSError, ValueError) as exc:
                    layers_ok = False
                    print(f"  {layer} {year}: fout ({' '.join(str(exc).split())})")
                else:
                    print(f"  {layer} {year}: opgeslagen")
    if ok and layers_ok:
        print("Klaar: alles is ververst.")
        return EXIT_OK
    print(
        "Niet alles is ververst; zie de regels hierboven. De build gebruikt voor de rest de "
        "opgeslagen downloads of de momentopname."
    )
    return EXIT_ERROR


def cmd_bronnen(args: argparse.Namespace) -> int:
    """Print per CBS table its status, retrieval date, CBS Modified, rows and last refresh."""
    from avk_analysis import source_status

    print(source_status.render(source_status.overview()))
    return EXIT_OK


def _kind_of(path: Path) -> str:
    """Tell whether a file is a programme workbook or a planning-office delivery."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return "planbureau"
    from avk_analysis.sources.programme import xlsxfile

    try:
        names = {n.strip().lower() for n in xlsxfile.sheet_names(path)}
    except Exception:  # unreadable: the programme validator explains why, with location
        return "programma"
    return "planbureau" if names and "doelen" not in names and "info" not in names else "programma"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check programme workbooks or planning-office deliveries and print a Dutch report."""
    from avk_analysis.sources.microdata import export
    from avk_analysis.sources.planning import delivery
    from avk_analysis.sources.programme import validate

    status = EXIT_OK
    for name in args.bestanden:
        path = Path(name)
        kind = args.soort
        if kind == "auto":
            kind = _kind_of(path)
        if kind == "planbureau" and export.is_export(path):
            report = export.validate_export(path)  # an export of the Remote Access kit
        elif kind == "programma":
            report = validate.validate_file(path)
        else:
            report = delivery.validate_delivery(path)
        print(report.render())
        print()
        if not report.ok:
            status = EXIT_ERROR
    return status


def cmd_levering(args: argparse.Namespace) -> int:
    """Check a planning-office delivery and take it into data/raw/planbureaus/ (never overwrite)."""
    from avk_analysis.sources.microdata import export
    from avk_analysis.sources.microdata import intake as microdata_intake
    from avk_analysis.sources.planning import intake

    if export.is_export(args.bestand):  # an export of the Remote Access kit
        result = microdata_intake.take_in(Path(args.bestand), bron=args.bron)
    else:
        result = intake.take_in(Path(args.bestand), bron=args.bron)
    print(result.report.render())
    print()
    if not result.accepted:
        print("De levering is NIET ingenomen; verbeter de fouten hierboven en probeer het opnieuw.")
        return EXIT_ERROR
    prov = result.provenance
    print(f"Levering ingenomen: {Path(str(result.file)).relative_to(paths.project_root())}")
    if prov is not None:
        print(f"Bron in de verantwoording: {prov.source} (status {prov.status})")
    for note in result.notes:
        print(note)
    return EXIT_OK


def cmd_microdata_pakket(args: argparse.Namespace) -> int:
    """Write the Remote Access kit (standalone script and LEESMIJ) into a folder."""
    from avk_analysis.sources.microdata import kit

    try:
        written = kit.write_kit(Path(args.map), overwrite=args.overschrijven)
    except kit.KitError as exc:
        _err(f"Fout: {exc}.")
        return EXIT_ERROR
    print(f"Microdatapakket geschreven in {args.map}:")
    for path in written:
        print(f"  {path.name}")
    print(
        "Upload beide bestanden naar uw project in CBS Remote Access en volg LEESMIJ.md; lever de "
        "goedgekeurde export aan met `avk-monitor levering BESTAND --bron ORGANISATIE`."
    )
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    """Write an empty programme workbook with headers, drop-downs and instructions."""
    from avk_analysis.sources.programme import template

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


def cmd_indicatoren(args: argparse.Namespace) -> int:
    """Print the indicator catalogue (optionally searched): years, levels, sources, status."""
    from avk_analysis import load
    from avk_analysis.vocabulary import catalogue

    zoek = " ".join(args.zoek or []) or None
    table = load.catalogus(zoek)
    if args.alleen_met_cijfers:
        table = table.loc[table["cijfers"] > 0]
    if table.empty:
        import difflib

        words = list(catalogue.INDICATORS) + [i.label for i in catalogue.INDICATORS.values()]
        close = difflib.get_close_matches(zoek or "", words, n=3, cutoff=0.5)
        hint = f" Bedoelt u {' of '.join(repr(c) for c in close)}?" if close else ""
        _err(f"Geen indicator gevonden voor {zoek!r}.{hint}")
        return EXIT_ERROR
    for row in table.itertuples():
        print(row.indicator)
        unit = f"({row.eenheid})"
        facts = [row.label if row.label.endswith(unit) else f"{row.label} {unit}"]
        if row.cijfers:
            facts += [row.jaren, row.niveaus, row.bronnen, row.status]
        else:
            facts.append("nog geen cijfers in data/processed/")
        print("    " + " · ".join(facts))
        if args.definitie:
            print("    " + row.definitie)
    print()
    print(
        f"{len(table)} indicator(en). In Python: load.tabel('{table['indicator'].iloc[0]}') geeft "
        "een nette tabel (gemeenten × jaren); load.herkomst(tabel) de bronregel."
    )
    return EXIT_OK


def cmd_factsheet(args: argparse.Namespace) -> int:
    """Make one factsheet as a preview in reports/voorbeeld/ (the edition stays untouched)."""
    from avk_analysis.report.runner import params
    from avk_analysis.report.runner import run as runner

    if params._norm(args.gemeente) in (params.ALL, params.NONE):
        _err(
            "`avk-monitor factsheet` maakt een voorbeeld van één gemeente. Alle factsheets "
            f"maakt de volledige run: `avk-monitor report --jaar {args.jaar}` (of `make report`)."
        )
        return EXIT_USAGE
    result = runner.run(
        jaar=args.jaar,
        pages={"gemeente": args.gemeente},
        workers=args.workers,
        veenkolonien=args.veenkolonien,
        timeout=args.timeout,
        force=args.opnieuw,
    )
    if result.ok:
        for page in result.pages:
            print(f"Openen: {result.outdir / page}")
    return EXIT_OK if result.ok else EXIT_ERROR


def cmd_report(args: argparse.Namespace) -> int:
    """Build the data, run the notebooks and publish reports/<jaar>/."""
    from avk_analysis.report.runner import run as runner

    chosen = {
        name: getattr(args, f"pagina_{name}")
        for name in getattr(args, "page_families", ())
        if getattr(args, f"pagina_{name}", None) is not None
    }
    result = runner.run(
        jaar=args.jaar,
        pages=chosen,
        workers=args.workers,
        veenkolonien=args.veenkolonien,
        timeout=args.timeout,
        force=args.opnieuw,
    )
    return EXIT_OK if result.ok else EXIT_ERROR


def _run_options(p: argparse.ArgumentParser, *, workers: int, workers_help: str) -> None:
    """Add the options every report run takes: Veenkoloniën, workers, time-out, --opnieuw."""
    p.add_argument(
        "--veenkolonien",
        default="planbureaus",
        metavar="DEFINITIE",
        help="planbureaus (standaard), programma of agenda",
    )
    p.add_argument("--workers", type=int, default=workers, metavar="AANTAL", help=workers_help)
    p.add_argument(
        "--timeout",
        type=int,
        default=600,
        metavar="SECONDEN",
        help="maximale seconden per notebookcel",
    )
    p.add_argument(
        "--opnieuw", action="store_true", help="ook opnieuw maken als er niets veranderde"
    )


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``avk-monitor``."""
    p = DutchArgumentParser(
        prog="avk-monitor",
        description="Monitor generatiearmoede Groningen en Drenthe (Alliantie van Kracht).",
        epilog="Hulp bij één opdracht: avk-monitor <opdracht> --help",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="opdracht", title="opdrachten")

    b = sub.add_parser("build", help="bouw data/processed/ uit data/raw/")
    b.add_argument("--force", action="store_true", help="ook bouwen als niets veranderde")
    b.add_argument("--opnieuw", dest="force", action="store_true", help="hetzelfde als --force")
    b.set_defaults(func=cmd_build)

    d = sub.add_parser("data", help="ververs CBS-tabellen en PDOK-grenzen (alleen online)")
    d.add_argument(
        "--grensjaar",
        type=int,
        nargs="*",
        default=[2025],
        metavar="JAAR",
        help="jaren van de grenzen",
    )
    d.add_argument(
        "--tabel",
        action="append",
        metavar="ID",
        help="ververs alleen deze CBS-tabel (herhaalbaar, bijv. --tabel 85618NED); "
        "dan geen PDOK-grenzen",
    )
    d.set_defaults(func=cmd_data)

    bo = sub.add_parser(
        "bronnen", help="toon per CBS-tabel: echt of demo, ophaaldatum, cijfers, laatste verversing"
    )
    bo.set_defaults(func=cmd_bronnen)

    v = sub.add_parser("validate", help="controleer een programmawerkboek of planbureau-levering")
    v.add_argument("bestanden", nargs="+", help="Excel- of CSV-bestand(en)")
    v.add_argument(
        "--soort",
        choices=["auto", "programma", "planbureau"],
        default="auto",
        help="soort bestand (standaard: auto, herkend aan de bladen)",
    )
    v.set_defaults(func=cmd_validate)

    le = sub.add_parser(
        "levering",
        help="controleer een planbureau-levering of microdata-export en neem haar op in data/raw/",
    )
    le.add_argument(
        "bestand", help="CSV- of Excel-bestand in het aanleverformaat, of een microdata-export"
    )
    le.add_argument(
        "--bron",
        help="de aanleverende organisatie (verplicht bij een microdata-export, en als het bestand "
        "meer bronnen noemt)",
    )
    le.set_defaults(func=cmd_levering)

    mp = sub.add_parser(
        "microdata-pakket",
        help="schrijf het pakket voor CBS Remote Access (script en LEESMIJ) in een map",
    )
    mp.add_argument("map", metavar="MAP", help="nieuwe map voor het pakket")
    mp.add_argument("--overschrijven", action="store_true", help="een bestaand pakket vervangen")
    mp.set_defaults(func=cmd_microdata_pakket)

    t = sub.add_parser("template", help="schrijf een leeg programmawerkboek voor een jaar")
    t.add_argument("--jaar", type=int, required=True, help="het programmajaar, bijv. 2026")
    t.add_argument(
        "--uit", help="pad van het nieuwe werkboek (standaard: avk_programma_<jaar>.xlsx hier)"
    )
    t.add_argument("--overschrijven", action="store_true", help="een bestaand bestand vervangen")
    t.set_defaults(func=cmd_template)

    ind = sub.add_parser(
        "indicatoren",
        help="toon de indicatoren: jaren, niveaus, bronnen en status (met ZOEK: zoek erin)",
    )
    ind.add_argument(
        "zoek",
        nargs="*",
        metavar="ZOEK",
        help="woorden in code, naam of definitie, bijv. 'kinderen'",
    )
    ind.add_argument("--definitie", action="store_true", help="toon ook de definitie")
    ind.add_argument(
        "--alleen-met-cijfers",
        action="store_true",
        help="laat indicatoren zonder cijfers in data/processed/ weg",
    )
    ind.set_defaults(func=cmd_indicatoren)

    f = sub.add_parser(
        "factsheet",
        help="maak één factsheet als voorbeeld in reports/voorbeeld/ (de editie blijft staan)",
        description="Maak één factsheet in een paar seconden, als voorbeeld in reports/voorbeeld/. "
        "De gepubliceerde editie in reports/<jaar>/ wordt niet aangeraakt.",
    )
    f.add_argument("gemeente", metavar="GEMEENTE", help="gemeentecode (GM0114) of naam (Emmen)")
    f.add_argument(
        "--jaar", type=int, default=DEFAULT_JAAR, help=f"het jaar (standaard {DEFAULT_JAAR})"
    )
    _run_options(f, workers=1, workers_help="parallelle notebooks (standaard 1)")
    f.set_defaults(func=cmd_factsheet)

    r = sub.add_parser(
        "report",
        help="maak het jaarrapport en de factsheets in reports/<jaar>/",
        description="Maak de editie: het jaarrapport en alle factsheets in reports/<jaar>/. Wie "
        "pagina's kiest (--gemeente GM0114), krijgt een voorbeeld in reports/voorbeeld/; de "
        "editie vervangt alleen een volledige run.",
    )
    r.add_argument("--jaar", type=int, required=True, help="het jaar van de editie, bijv. 2025")
    names = []
    for name, help_text, active in _page_family_options():
        names.append(name)
        r.add_argument(
            f"--{name}",
            dest=f"pagina_{name}",
            metavar="KEUZE",
            default=None,
            help=(help_text or f"'alle', 'geen', een waarde of naam ({name})")
            + "; een keuze maakt een voorbeeld in reports/voorbeeld/"
            + ("" if active else " (staat uit in notebooks/paginas.yaml)"),
        )
    r.set_defaults(page_families=tuple(names))
    _run_options(r, workers=0, workers_help="parallelle notebooks (0 = aantal kernen)")
    r.set_defaults(func=cmd_report)
    return p


def _page_family_options() -> list[tuple[str, str, bool]]:
    """Return (name, help, active) of the page families one picks pages of (``--gemeente``).

    They come from ``notebooks/paginas.yaml``; when that file cannot be read, the documented
    options remain and ``report`` itself says what is wrong with the file.
    """
    from avk_analysis.report.runner import families

    try:
        declaration = families.load()
    except families.DeclarationError:
        return [(name, "", True) for name in families.FALLBACK_OPTIONS]
    return [(f.name, f.varies.help, f.active) for f in declaration.families if f.varies is not None]


def main(argv: list[str] | None = None) -> int:
    """Run ``avk-monitor`` and return its exit status."""
    from avk_analysis.vocabulary.validation import InputError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        _err(exc.report.render())
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("Afgebroken.")
        return 130
    except OSError as exc:
        _err(filesystem_message(exc))
        return EXIT_ERROR
    except Exception as exc:
        user_error = _user_error_types()
        if isinstance(exc, user_error):
            _err(f"Fout: {exc}")
            return EXIT_ERROR
        raise


def filesystem_message(exc: OSError) -> str:
    """Return a Dutch one-paragraph message for a filesystem error (no traceback)."""
    where = exc.filename or ""
    if exc.filename2:
        where = f"{where} → {exc.filename2}"
    from avk_analysis.vocabulary import faults

    advice = faults.advice(exc)
    text = f"Fout bij het lezen of schrijven van bestanden: {advice}"
    if where:
        text += f" ({where})"
    return (
        text + ". Er is niets gepubliceerd; het vorige rapport in reports/ en de gegevens in "
        "data/processed/ zijn ongewijzigd gebleven."
    )


def _user_error_types() -> tuple[type[BaseException], ...]:
    """Return the exception types that are a user's or the network's problem, not a bug."""
    from avk_analysis.pipeline.build import BuildError
    from avk_analysis.pipeline.processed import ProcessedDataError
    from avk_analysis.sources.cbs.client import CbsError
    from avk_analysis.vocabulary.provenance import ProvenanceError

    types: list[type[BaseException]] = [
        BuildError,
        CbsError,
        ProvenanceError,
        ProcessedDataError,
        KeyError,
    ]
    try:
        from avk_analysis.sources.pdok import BoundariesUnavailable

        types.append(BoundariesUnavailable)
    except ImportError:
        pass
    try:
        from avk_analysis.report.runner.run import ReportError

        types.append(ReportError)
    except ImportError:
        pass
    return tuple(types)


if __name__ == "__main__":
    sys.exit(main())
