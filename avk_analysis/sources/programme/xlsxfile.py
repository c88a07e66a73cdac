"""The .xlsx file itself: recognising what a file really is, and saving byte-stably.

openpyxl stamps the save time into the workbook properties and into every zip entry, so two
saves of the same workbook differ. ``save_stable`` rewrites both with a fixed moment, which
makes generated workbooks (template, example) byte-identical for identical content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# A workbook whose parts unpack to more than this is refused before it is opened: reading
# takes about ten times its unpacked size in memory. A workbook with tens of thousands of rows
# unpacks to a few MB; larger deliveries go in as CSV.
MAX_UNPACKED_MB = 100
_EXTERNAL_LINK = re.compile(r"xl/externalLinks/_rels/externalLink\d+\.xml\.rels")
_TARGET = re.compile(rb'Target="([^"]*)"')


def unpacked_size_problem(path: Path) -> str | None:
    """Return a Dutch reason when the workbook unpacks beyond ``MAX_UNPACKED_MB``, else None.

    The sizes come from the zip directory, so nothing is unpacked to find out (the zip reader
    never unpacks an entry beyond its stated size).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return None  # not a zip: sniff and the reader say why
    if total <= MAX_UNPACKED_MB * 1024 * 1024:
        return None
    size = f"{total / 1024 / 1024:,.0f}".replace(",", ".")
    return (
        f"het bestand is uitgepakt {size} MB groot, meer dan de {MAX_UNPACKED_MB} MB die de "
        "monitor van een Excel-werkmap leest (een werkmap met tienduizenden rijen is uitgepakt "
        "enkele MB's); het is daarom niet geopend. Lever zoveel rijen aan als CSV-bestand, of "
        "controleer of de werkmap lege opgemaakte rijen of afbeeldingen bevat"
    )


def external_links(path: Path) -> list[str]:
    """Return the other workbooks that formulas of this workbook point to (file names)."""
    try:
        with zipfile.ZipFile(path) as archive:
            rels = [n for n in archive.namelist() if _EXTERNAL_LINK.fullmatch(n)]
            targets = [t for n in sorted(rels) for t in _TARGET.findall(archive.read(n))]
    except (zipfile.BadZipFile, OSError, KeyError):
        return []
    names = [
        t.decode("utf-8", errors="replace").replace("\\", "/").rsplit("/", 1)[-1] for t in targets
    ]
    return list(dict.fromkeys(n for n in names if n))


def is_external_formula(formula: object) -> bool:
    """Tell whether a formula reads another workbook (``[1]Blad1!A1``, ``'[a.xlsx]Blad1'!A1``)."""
    return isinstance(formula, str) and re.search(r"\[[^\]]+\][^!]*!", formula) is not None


MEMORY_MESSAGE = (
    "er is niet genoeg werkgeheugen (RAM) om dit bestand te lezen; het bestand is daardoor niet "
    "per se beschadigd. Sluit andere programma's en probeer het opnieuw, of lever de gegevens "
    "in kleinere delen aan"
)


def sniff(path: Path) -> str | None:
    """Return a Dutch reason why ``path`` is not a readable .xlsx file, or None if it may be."""
    path = Path(path)
    if not path.exists():
        return "het bestand bestaat niet (controleer de naam en de map)"
    if path.is_dir():
        return "dit is een map, geen Excel-bestand"
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        return "het bestand is leeg (0 bytes)"
    if head.startswith(_OLE_MAGIC):
        return (
            "dit is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligd bestand; "
            "sla het op als Excel-werkmap (.xlsx) zonder wachtwoord"
        )
    if not head.startswith(_ZIP_MAGIC):
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = head.decode("cp1252")
            except UnicodeDecodeError:
                text = ""
        first = text.splitlines()[0] if text.splitlines() else ""
        if text and (";" in first or "," in first or "\t" in first):
            return (
                "dit is een tekstbestand (CSV) met een Excel-extensie, geen Excel-werkmap; "
                "open het in Excel en sla het op als Excel-werkmap (.xlsx)"
            )
        return "dit is geen Excel-werkmap (.xlsx); sla het bestand op als Excel-werkmap"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "het bestand is beschadigd of onvolledig (geen geldige Excel-werkmap)"
    if "xl/workbook.xml" not in names:
        return (
            "dit is een zip-bestand maar geen Excel-werkmap (bijvoorbeeld een Word- of "
            "OpenDocument-bestand); sla het op als Excel-werkmap (.xlsx)"
        )
    return unpacked_size_problem(path)


def sheet_names(path: Path) -> list[str]:
    """Return the sheet names of a workbook without loading it; ValueError if it is not one."""
    problem = sniff(Path(path))
    if problem:
        raise ValueError(f"{path}: {problem}")
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [el.get("name", "") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]


def save_stable(workbook: Workbook, path: Path, moment: dt.datetime) -> Path:
    """Save ``workbook`` to ``path`` with ``moment`` as creation, modification and zip time."""
    path = Path(path)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.creator = "avk_analysis"
    workbook.properties.lastModifiedBy = "avk_analysis"
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path
