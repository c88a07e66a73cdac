"""Taking in a microdata export: check it, copy it verbatim, credit who delivered it.

``avk-monitor levering EXPORT.csv --bron "Trendbureau Drenthe"`` recognises an export of the
kit's script and puts it, unchanged, into ``data/raw/microdata/<uitgever>/<JJJJ-MM-DD>/`` next
to a provenance sidecar that credits the delivering planning office and carries CBS's source
line ("Bron: eigen berekeningen … op basis van niet-openbare microdata van het CBS"). The shipped
synthetic example sits in ``data/raw/microdata/voorbeeld/`` (status ``voorbeeld``). Raw data is
immutable: a folder is never written twice and the same file is never taken in twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from avk_analysis.sources.microdata import contract, export
from avk_analysis.sources.planning.intake import already_taken_in, file_unchanged, slug
from avk_analysis.sources.planning.locations import (
    data_files,
    intake_folders,
    is_skipped,
    listed_files,
)
from avk_analysis.vocabulary import paths
from avk_analysis.vocabulary.provenance import (
    SIDECAR_NAME,
    STATUS_REAL,
    Provenance,
    sha256_file,
)
from avk_analysis.vocabulary.validation import Report

FOLDER = "microdata"
EXAMPLE_FOLDER = "voorbeeld"
COMMAND = 'avk-monitor levering EXPORT.csv --bron "ORGANISATIE"'
LICENCE = (
    "Niet-openbare microdata van het CBS: alleen geaggregeerde, door het CBS gecontroleerde "
    "uitkomsten; bronvermelding verplicht"
)
TITLE = "Generatiearmoede uit CBS-microdata (Remote Access, script van de monitor)"


def microdata_dir(root: Path | None = None) -> Path:
    """Return ``data/raw/microdata/`` of the project ``root`` (default: the project root)."""
    base = paths.raw_dir() if root is None else Path(root) / "data" / "raw"
    return base / FOLDER


def source_line(organisation: str) -> str:
    """Return CBS's required source line for one delivering organisation."""
    return str(contract.get("BRONREGEL")).format(organisatie=organisation)


def folders(root: Path | None = None) -> list[Path]:
    """Return the folders with exports: the shipped example and every delivery."""
    base = microdata_dir(root)
    if not base.is_dir():
        return []
    found = [base / EXAMPLE_FOLDER] if (base / EXAMPLE_FOLDER / SIDECAR_NAME).exists() else []
    return found + intake_folders(base)


def find_exports(root: Path | None = None) -> list[Path]:
    """Return every export the build reads (files named in a sidecar)."""
    out = []
    for folder in folders(root):
        for name in listed_files(folder):
            file = folder / name
            if file.suffix.lower() in (".csv", ".txt") and file.is_file():
                out.append(file)
    return sorted(out)


def check_layout(root: Path | None = None) -> list[str]:
    """Return Dutch problems for files under data/raw/microdata/ that are not exports."""
    base = microdata_dir(root)
    if not base.is_dir():
        return []
    good = folders(root)
    problems = []
    where = f"neem een export in met `{COMMAND}`"
    for folder in good:
        rel = folder.relative_to(base.parent.parent.parent).as_posix()
        listed = listed_files(folder)
        for file in data_files(folder):
            if file.name not in listed:
                problems.append(f"{rel}/{file.name}: staat in geen herkomstbestand; {where}")
        for name, recorded in listed.items():
            file = folder / name
            if not file.is_file():
                problems.append(f"{rel}/{name}: staat in {SIDECAR_NAME} maar ontbreekt")
            elif sha256_file(file) != recorded:
                problems.append(
                    f"{rel}/{name}: gewijzigd na de inname (checksum wijkt af); ruwe data is "
                    f"onveranderlijk, neem een nieuwe versie in met `{COMMAND}`"
                )
    for path in sorted(base.rglob("*")):
        if any(is_skipped(Path(p)) for p in path.relative_to(base).parts) or not path.is_file():
            continue
        if path.parent not in good:
            rel = path.relative_to(base.parent.parent.parent).as_posix()
            problems.append(f"{rel}: dit bestand staat niet op de plek van een export; {where}")
    return problems


@dataclass
class Intake:
    """The outcome of taking in one export."""

    report: Report
    folder: Path | None = None
    file: Path | None = None
    provenance: Provenance | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        """Tell whether the export was taken in."""
        return self.folder is not None


def _period(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def take_in(
    path: str | Path,
    *,
    bron: str | None,
    root: Path | None = None,
    today: dt.date | None = None,
) -> Intake:
    """Check an export and, without errors, copy it into its own folder with a sidecar."""
    path = Path(path)
    checked = export.check_export(path)
    result = Intake(checked.report)
    report = checked.report
    organisation = " ".join(bron.split()) if bron else ""
    if not organisation:
        report.error(
            "Zeg met --bron welke organisatie deze microdata-export aanlevert (zij staat in de "
            "bronvermelding: 'eigen berekeningen <organisatie> op basis van niet-openbare "
            "microdata van het CBS')",
            expected='bv. avk-monitor levering EXPORT.csv --bron "Trendbureau Drenthe"',
        )
    elif not slug(organisation) or slug(organisation) == EXAMPLE_FOLDER:
        report.error(
            "Deze naam bij --bron kan niet",
            value=organisation,
            expected="de naam van de organisatie, bv. 'Sociaal Planbureau Groningen'",
        )
    if not report.ok:
        return result
    base = microdata_dir(root)
    checksum = sha256_file(path)
    earlier = already_taken_in(checksum, base)
    if earlier is not None:
        report.error(
            "Deze export is al ingenomen (zelfde inhoud)",
            value=earlier.relative_to(base.parent.parent.parent).as_posix(),
            expected="een nieuwe export; een bestaande wordt nooit opnieuw ingenomen",
        )
        return result
    frame = export.load_export(path)
    facts = export.summary(frame)
    day = today or dt.date.today()
    windows = ", ".join(f"{a}-{b}" for a, b in facts["vensters"])  # type: ignore[attr-defined]
    notes = [
        f"{source_line(organisation)}.",
        f"Export '{path.name}' van het script {contract.SCRIPT_NAME} (definitie "
        f"{facts['definitie']}: {contract.definitions()[str(facts['definitie'])]}), ongewijzigd "
        f"ingenomen met 'avk-monitor levering' op {day.isoformat()} (sha256 {checksum}).",
        f"Jaren {_period(facts['jaren'])}; 2x2 per ouder over {windows}; afgerond op "  # type: ignore[arg-type]
        f"{facts['afronding']}; {facts['cellen']} cellen, waarvan {facts['onderdrukt']} "
        "onderdrukt (onvoldoende waarnemingen).",
    ]
    prov = Provenance(
        source=organisation,
        title=f"{TITLE}, {_period(facts['jaren'])}",  # type: ignore[arg-type]
        url="",
        retrieved=day.isoformat(),
        licence=LICENCE,
        status=STATUS_REAL,
        table_id="",
        notes=" ".join(notes),
    )
    folder = file_unchanged(path, checksum, prov, base / slug(organisation), day)
    result.folder, result.file, result.provenance = folder, folder / path.name, prov
    result.notes.append(
        "De monitor toont deze cijfers na de volgende bouw (`make report`); ze gaan voor op het "
        "voorbeeld."
    )
    return result
