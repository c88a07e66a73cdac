"""Taking in a planning-office delivery: check it, copy it verbatim, write its provenance.

A delivery goes into a folder of its own, ``data/raw/planbureaus/<uitgever>/<JJJJ-MM-DD>/``
(a second delivery from the same publisher on the same day gets ``-2``, ``-3``, ...), next to a
provenance sidecar written on intake. Raw data is immutable: an existing folder is never written
to, and a file that was already taken in (same checksum) is refused. The layout is documented in
``docs/aanleverformaat_planbureaus.md`` ("Waar een levering komt").

``take_in`` is what ``avk-monitor levering`` calls. ``find_deliveries`` returns every delivery the
build must read (the shipped file and the intake folders); ``check_layout`` returns, in Dutch,
every file under ``data/raw/planbureaus/`` that is *not* where deliveries go. The build must treat
each such problem as an error (never skip the file silently): a file without a sidecar that
covers it is invisible to the build's fingerprint and would be credited to the wrong source.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from avk_analysis.sources.planning import delivery
from avk_analysis.sources.planning.locations import (
    data_files,
    intake_folders,
    is_skipped,
    listed_files,
    planning_dir,
)
from avk_analysis.vocabulary.provenance import (
    SIDECAR_NAME,
    Provenance,
    ProvenanceError,
    read_provenance,
    sha256_file,
    write_provenance,
)
from avk_analysis.vocabulary.validation import Report

LICENCE = "zoals vermeld door de bron; bron per rij in bron_url"
COMMAND = "avk-monitor levering BESTAND"


@dataclass
class Intake:
    """The outcome of taking in one delivery: the check and, if accepted, where it went."""

    report: Report
    folder: Path | None = None  # the new folder (None: refused)
    file: Path | None = None  # the copied delivery inside it
    provenance: Provenance | None = None
    notes: list[str] = field(default_factory=list)  # Dutch remarks for the user

    @property
    def accepted(self) -> bool:
        """Tell whether the delivery was taken in."""
        return self.folder is not None


def slug(name: str) -> str:
    """Return a folder name for a publisher: 'Trendbureau Drenthe' → 'trendbureau-drenthe'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _rows(records: list, key: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for rec in records:
        out.setdefault(rec.values.get(key, ""), []).append(rec.row)
    return out


def _row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:5])
    return f"rij {shown}" + (f" en nog {len(rows) - 5}" if len(rows) > 5 else "")


def already_taken_in(checksum: str, base: Path) -> Path | None:
    """Return the file under ``base`` with this checksum in a sidecar, if any."""
    if not base.is_dir():
        return None
    for sidecar in sorted(base.rglob(SIDECAR_NAME)):
        try:
            files = read_provenance(sidecar.parent).files
        except (ProvenanceError, ValueError, TypeError):
            continue
        for name, recorded in files.items():
            if recorded == checksum:
                return sidecar.parent / name
    return None


def _free_folder(publisher_dir: Path, day: dt.date) -> Path:
    base = day.isoformat()
    candidate = publisher_dir / base
    n = 2
    while candidate.exists():
        candidate = publisher_dir / f"{base}-{n}"
        n += 1
    return candidate


def file_unchanged(
    path: Path, checksum: str, prov: Provenance, publisher_dir: Path, day: dt.date
) -> Path:
    """Copy a delivered file unchanged into ``publisher_dir/<day>[-n]/`` beside its provenance.

    The copy and its sidecar are written in a staging folder first and moved into a fresh dated
    folder only when the copy's checksum matches; returns that folder. Used by every intake
    (planning offices' deliveries and microdata exports).
    """
    publisher_dir.mkdir(parents=True, exist_ok=True)
    staging = publisher_dir / f".inname-{os.getpid()}-{day.isoformat()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        target = staging / path.name
        shutil.copyfile(path, target)
        if sha256_file(target) != checksum:
            raise OSError(f"de kopie van {path.name} wijkt af van het origineel")
        write_provenance(staging, prov, files=[target])
        folder = _free_folder(publisher_dir, day)
        folder.mkdir()  # exclusive: fails if someone else took the name in the meantime
        for item in (target, staging / SIDECAR_NAME):
            os.replace(item, folder / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def take_in(
    path: str | Path,
    *,
    bron: str | None = None,
    root: Path | None = None,
    today: dt.date | None = None,
) -> Intake:
    """Check a delivery and, without errors, copy it into its own folder with a sidecar."""
    path = Path(path)
    report, records = delivery.check_delivery(path)
    result = Intake(report)
    if is_skipped(path):
        report.error(
            "De bestandsnaam begint met '~$' of '.': zo heten de vergrendelbestanden van Excel en "
            "verborgen bestanden, die de monitor nooit leest",
            value=path.name,
            expected="een gewone bestandsnaam, bv. levering_trendbureau_2026.csv",
        )
    if not report.ok:
        return result
    where = {"sheet": "", "column": "bron"}
    bron = " ".join(bron.split()) if bron else None
    publishers = _rows(records, "bron")
    if bron is None and len(publishers) > 1:
        listed = "; ".join(f"'{p}' ({_row_list(r)})" for p, r in sorted(publishers.items()))
        report.error(
            "Dit bestand bevat cijfers van meer dan één bron; zeg met --bron wie het bestand "
            "aanlevert (elke bron wordt in het herkomstbestand genoemd)",
            value=listed,
            expected='bijvoorbeeld: avk-monitor levering BESTAND --bron "Trendbureau Drenthe"',
            **where,
        )
    if bron is not None and not slug(bron):
        report.error(
            "De naam bij --bron bevat geen letters of cijfers",
            value=bron,
            expected="de naam van de organisatie, bv. 'Trendbureau Drenthe'",
        )
    elif bron is None and len(publishers) == 1 and not slug(next(iter(publishers))):
        report.error(
            "Van deze naam kan geen map voor de uitgever worden gemaakt: er staan geen letters "
            "a-z of cijfers in",
            value=next(iter(publishers)),
            expected="de naam van de organisatie, bv. 'Trendbureau Drenthe', of geef die met "
            '--bron: avk-monitor levering BESTAND --bron "Trendbureau Drenthe"',
            **where,
        )
    statuses = _rows(records, "status")
    if len(statuses) > 1:
        listed = "; ".join(f"{s} ({_row_list(r)})" for s, r in sorted(statuses.items()))
        report.error(
            "Een levering heeft één status voor alle rijen; dit bestand mengt statussen",
            column="status",
            value=listed,
            expected="alle rijen 'echt', of alle 'demo', of alle 'voorbeeld' (splits het bestand)",
        )
    checksum = sha256_file(path)
    base = planning_dir(root)
    earlier = already_taken_in(checksum, base)
    if earlier is not None:
        report.error(
            "Dit bestand is al ingenomen (zelfde inhoud)",
            value=str(earlier.relative_to(base.parent.parent.parent)),
            expected="een nieuwe levering; een bestaande levering wordt nooit opnieuw ingenomen",
        )
    if not report.ok:
        return result

    names = sorted(publishers)
    organisation = bron or names[0]
    if bron is not None and names != [bron]:
        source = f"{organisation} (aanleverende organisatie; cijfers van: {', '.join(names)})"
    else:
        source = organisation
    [status] = statuses
    day = today or dt.date.today()
    publications = sorted(p for p in _rows(records, "publicatie") if p)
    urls = sorted(u for u in _rows(records, "bron_url") if u)
    title = f"Levering van {organisation}: " + (
        "; ".join(publications) if publications else f"cijfers uit {path.name}"
    )
    notes = [
        f"Aangeleverd bestand '{path.name}', ongewijzigd ingenomen met '{COMMAND}' op "
        f"{day.isoformat()} (sha256 {checksum}).",
        f"{len(records)} cijfers; {report.warning_count} waarschuwing(en) bij de controle.",
    ]
    if len(names) > 1 or (bron is not None and names != [bron]):
        counts = ", ".join(f"{p} ({len(publishers[p])} cijfers)" for p in names)
        notes.append(f"Bronnen in de kolom bron: {counts}; elke bron wordt per rij vermeld.")
    prov = Provenance(
        source=source,
        title=title,
        url=urls[0] if len(urls) == 1 else "per rij in de kolom bron_url",
        retrieved=day.isoformat(),
        licence=LICENCE,
        status=status,
        notes=" ".join(notes),
    )

    folder = file_unchanged(path, checksum, prov, base / slug(organisation), day)
    result.folder, result.file, result.provenance = folder, folder / path.name, prov
    if path.resolve().is_relative_to(base.resolve()):
        result.notes.append(
            f"Het origineel {path} staat nog in data/raw/planbureaus/; verwijder het daar, anders "
            "weigert de build het als los bestand."
        )
    return result


# --------------------------------------------------------------------------- layout


def check_layout(root: Path | None = None) -> list[str]:
    """Return Dutch problems for files under data/raw/planbureaus/ that are not deliveries."""
    base = planning_dir(root)
    if not base.is_dir():
        return []
    problems: list[str] = []
    good = set(intake_folders(base))
    where = (
        "een levering hoort in data/raw/planbureaus/<uitgever>/<JJJJ-MM-DD>/ met een "
        f"herkomstbestand ({SIDECAR_NAME}); neem het bestand in met `{COMMAND}`"
    )
    for directory in [base, *good]:
        rel = directory.relative_to(base.parent.parent.parent).as_posix()
        has_sidecar = (directory / SIDECAR_NAME).exists()
        listed = listed_files(directory)
        if has_sidecar and not listed:
            problems.append(f"{rel}/{SIDECAR_NAME}: het herkomstbestand is onleesbaar of leeg")
        for file in data_files(directory):
            if file.name not in listed:
                problems.append(
                    f"{rel}/{file.name}: los bestand dat in geen herkomstbestand staat en dus "
                    f"niet als levering wordt gelezen; {where}"
                )
        for name, recorded in listed.items():
            file = directory / name
            if is_skipped(Path(name)):
                problems.append(
                    f"{rel}/{name}: staat in {SIDECAR_NAME} maar heet als een vergrendelbestand "
                    "van Excel of een verborgen bestand ('~$' of '.' vooraan), dat de monitor "
                    f"niet leest; neem het in met een gewone naam met `{COMMAND}`"
                )
            elif not file.is_file():
                problems.append(f"{rel}/{name}: staat in {SIDECAR_NAME} maar ontbreekt")
            elif sha256_file(file) != recorded:
                problems.append(
                    f"{rel}/{name}: het bestand is na de inname gewijzigd (checksum wijkt af van "
                    f"{SIDECAR_NAME}); ruwe data is onveranderlijk, neem een nieuwe versie in "
                    f"met `{COMMAND}`"
                )
    for path in sorted(base.rglob("*")):
        if any(is_skipped(Path(part)) for part in path.relative_to(base).parts):
            continue
        if not path.is_file() or path.parent == base or path.parent in good:
            continue
        rel = path.relative_to(base.parent.parent.parent).as_posix()
        problems.append(f"{rel}: dit bestand staat niet op de plek van een levering; {where}")
    return problems
