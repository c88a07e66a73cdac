"""Convert ``published_figures.csv`` into the planning-office delivery format (re-runnable).

Usage::

    python -m tools.convert_published /pad/naar/published_figures.csv

writes ``data/raw/planbureaus/gepubliceerde_cijfers.csv`` (``;``-separated, UTF-8, decimal comma)
and its ``provenance.json``, and prints the rows that were left out with their reason. The same
input always gives byte-identical output. The rules live in
``avk_analysis.sources.planning.published``.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from avk_analysis.sources.planning import published
from avk_analysis.sources.planning.delivery import COLUMNS
from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import Provenance, sha256_file, write_provenance

OUTPUT_NAME = "gepubliceerde_cijfers.csv"
# The day the list of published figures was taken into the project (the pages were read before).
LIST_DATE = "2026-12-01"
LICENCE = (
    "Cijfers overgenomen (geciteerd) van publieke webpagina's van Sociaal Planbureau Groningen, "
    "Trendbureau Drenthe, CBS (open data, CC BY 4.0) en nieuwssites; de bron staat per rij in "
    "bron_url en moet bij hergebruik worden vermeld"
)


class ConversionInputError(Exception):
    """The published figures file cannot be read (missing, or not the expected columns)."""


def read_published(path: Path) -> list[dict[str, str]]:
    """Read published_figures.csv as text rows (ConversionInputError with a Dutch message)."""
    if not path.is_file():
        raise ConversionInputError(f"{path}: bestand niet gevonden")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in published.PUBLISHED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ConversionInputError(f"{path}: kolommen ontbreken: {', '.join(missing)}")
        return [dict(row) for row in reader]


def delivery_text(results: list[published.Converted]) -> str:
    """Return the delivery CSV text for the converted rows, in the order of the input."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for res in results:
        if res.row is not None:
            writer.writerow(res.row)
    return buf.getvalue()


def left_out_table(results: list[published.Converted]) -> str:
    """Return a Markdown table of the rows that were left out (line, indicator, year, reason)."""
    lines = [
        "| regel | regio | indicator (gepubliceerd) | jaar (gepubliceerd) | waarde | reden |",
        "|---|---|---|---|---|---|",
    ]
    for res in results:
        if res.row is None:
            src = res.source
            cells = [
                str(res.line),
                src["region_code"],
                src["indicator"],
                src["year"],
                f"{src['value']} {src['unit']}",
                res.reason,
            ]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def convert(source: Path, out_dir: Path | None = None, *, retrieved: str = LIST_DATE) -> Path:
    """Convert ``source`` and write the delivery CSV plus its provenance; return the CSV path."""
    source = Path(source)
    results = published.convert_rows(read_published(source))
    out_dir = Path(out_dir) if out_dir is not None else paths.planning_raw_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / OUTPUT_NAME
    target.write_bytes(b"\xef\xbb\xbf" + delivery_text(results).encode("utf-8"))
    kept = sum(r.row is not None for r in results)
    left = [r for r in results if r.row is None]
    notes = (
        f"Omgezet met 'python -m tools.convert_published' uit {source.name} "
        f"(sha256 {sha256_file(source)}): {len(results)} gepubliceerde cijfers, {kept} omgezet, "
        f"{len(left)} weggelaten (regels {', '.join(str(r.line) for r in left) or '-'}; redenen "
        "in docs/aanleverformaat_planbureaus.md). Onzeker = ja bij 'UNSURE', 'approx', "
        "'estimate' of '?' in jaar of indicator, bij een jaarpaar als 2020/2021 en bij een "
        "Veenkoloniën-cijfer zonder genoemde gemeenteset."
    )
    prov = Provenance(
        source="shared/domain/published_figures.csv (gepubliceerde cijfers; bron per rij)",
        title="Gepubliceerde cijfers van SPG, Trendbureau Drenthe, CBS en nieuwssites "
        "(aanleverformaat planbureaus)",
        url="per rij in de kolom bron_url",
        retrieved=retrieved,
        licence=LICENCE,
        status="echt",
        notes=notes,
    )
    write_provenance(out_dir, prov, files=[target])
    return target


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (Dutch messages, no traceback for a wrong input file)."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.convert_published",
        description="Zet published_figures.csv om naar het aanleverformaat van de planbureaus.",
    )
    parser.add_argument("bron", type=Path, help="pad naar published_figures.csv")
    parser.add_argument(
        "--uit", type=Path, default=None, help="doelmap (standaard data/raw/planbureaus)"
    )
    parser.add_argument("--opgehaald", default=LIST_DATE, help="datum in de provenance")
    parser.add_argument(
        "--weggelaten", action="store_true", help="druk de weggelaten rijen af als Markdown-tabel"
    )
    args = parser.parse_args(argv)
    try:
        target = convert(args.bron, args.uit, retrieved=args.opgehaald)
    except ConversionInputError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    results = published.convert_rows(read_published(args.bron))
    kept = sum(r.row is not None for r in results)
    print(f"{target}: {kept} van {len(results)} cijfers omgezet.")
    if args.weggelaten:
        print(left_out_table(results), end="")
    else:
        for res in results:
            if res.row is None:
                print(f"  weggelaten regel {res.line}: {res.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
