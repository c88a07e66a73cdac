"""Provenance sidecars for raw data: source, retrieval time, checksums, licence and status."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from avk_analysis.vocabulary import paths

SIDECAR_NAME = "provenance.json"

CBS_LICENCE = "CC BY 4.0 — bron: Centraal Bureau voor de Statistiek (CBS)"
STATUS_REAL = "echt"
STATUS_DEMO = "demo"
STATUS_EXAMPLE = "voorbeeld"
STATUSES = (STATUS_REAL, STATUS_DEMO, STATUS_EXAMPLE)


@dataclass
class Provenance:
    """What a raw directory holds and where it came from."""

    source: str
    title: str
    url: str
    retrieved: str
    licence: str
    status: str
    table_id: str = ""
    modified: str = ""
    notes: str = ""
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise deterministically (sorted keys, stable indentation)."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class ProvenanceError(RuntimeError):
    """A raw directory lacks its sidecar or a file does not match its recorded checksum."""


def shown(path: Path) -> str:
    """Return ``path`` as the user knows it: relative to the project (``data/raw/...``)."""
    try:
        return Path(path).resolve().relative_to(paths.project_root()).as_posix()
    except ValueError:
        return str(path)


def repair_hint(path: Path) -> str:
    """Return, in Dutch, what to do about a damaged file or folder under ``data/raw/``."""
    try:
        parts = Path(path).resolve().relative_to(paths.raw_dir().resolve()).parts
    except ValueError:
        return "zet het oorspronkelijke bestand terug"
    top = parts[0] if parts else ""
    if top == "cbs" and len(parts) > 1:
        return (
            f"verwijder de map data/raw/cbs/{parts[1]}/ en haal de tabel opnieuw op met "
            f"`avk-monitor data --tabel {parts[1]}` (zonder internet gebruikt de monitor dan de "
            "meegeleverde momentopname)"
        )
    if top == "pdok":
        return "verwijder de map en haal de grenzen opnieuw op met `avk-monitor data`"
    if top == "planbureaus" and len(parts) > 3:
        return (
            "zet het oorspronkelijke bestand terug (ruwe data is onveranderlijk), of verwijder de "
            "map van deze levering en neem haar opnieuw in met `avk-monitor levering BESTAND`"
        )
    if top == "programma" and len(parts) > 1 and parts[1] == "voorbeeld":
        return "maak het voorbeeldwerkboek opnieuw met `python -m tools.example_workbook`"
    if top in ("snapshot", "reference", "grenzen", "planbureaus", "programma"):
        folder = "/".join(parts[:1]) if top != "programma" else "/".join(parts[:2])
        return (
            f"zet de meegeleverde versie terug met `git checkout -- data/raw/{folder}`; wie de "
            f"bestanden bewust wijzigt, werkt ook de checksums in {SIDECAR_NAME} bij"
        )
    return "zet het oorspronkelijke bestand terug"


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_provenance(directory: Path, prov: Provenance, *, files: list[Path] | None = None) -> Path:
    """Checksum the files of ``directory`` and write its sidecar; return the sidecar path."""
    directory = Path(directory)
    targets = (
        files
        if files is not None
        else sorted(p for p in directory.rglob("*") if p.is_file() and p.name != SIDECAR_NAME)
    )
    prov.files = {p.relative_to(directory).as_posix(): sha256_file(p) for p in sorted(targets)}
    if prov.status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {prov.status!r}")
    sidecar = directory / SIDECAR_NAME
    sidecar.write_text(prov.to_json(), encoding="utf-8")
    return sidecar


def read_provenance(directory: Path) -> Provenance:
    """Read the sidecar of a raw directory."""
    sidecar = Path(directory) / SIDECAR_NAME
    if not sidecar.exists():
        raise ProvenanceError(f"{sidecar}: herkomstbestand ontbreekt (provenance sidecar missing)")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        prov = Provenance(**data)
    except (ValueError, TypeError) as exc:  # not JSON, not UTF-8, or other fields
        reason = (
            "geen geldige JSON"
            if isinstance(exc, ValueError)
            else "onbekende of ontbrekende velden"
        )
        raise ProvenanceError(
            f"{shown(sidecar)}: het herkomstbestand is beschadigd ({reason}); "
            f"{repair_hint(sidecar)}."
        ) from None
    if not isinstance(prov.files, dict):
        raise ProvenanceError(
            f"{shown(sidecar)}: het herkomstbestand is beschadigd ('files' is geen lijst van "
            f"bestanden met checksums); {repair_hint(sidecar)}."
        )
    return prov


def verify(directory: Path) -> Provenance:
    """Check every recorded checksum of a raw directory; raise if a file changed or went missing."""
    directory = Path(directory)
    prov = read_provenance(directory)
    for name, expected in prov.files.items():
        path = directory / name
        if not path.exists():
            raise ProvenanceError(
                f"{shown(path)}: bestand ontbreekt maar staat in {SIDECAR_NAME}; "
                f"{repair_hint(path)}."
            )
        actual = sha256_file(path)
        if actual != expected:
            raise ProvenanceError(
                f"{shown(path)}: het bestand is beschadigd of gewijzigd (de checksum wijkt af van "
                f"{SIDECAR_NAME}; ruwe data is onveranderlijk); {repair_hint(path)}."
            )
    return prov
