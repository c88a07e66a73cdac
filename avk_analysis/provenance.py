"""Provenance sidecars for raw data: source, retrieval time, checksums, licence and status."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

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
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    return Provenance(**data)


def verify(directory: Path) -> Provenance:
    """Check every recorded checksum of a raw directory; raise if a file changed or went missing."""
    directory = Path(directory)
    prov = read_provenance(directory)
    for name, expected in prov.files.items():
        path = directory / name
        if not path.exists():
            raise ProvenanceError(f"{path}: bestand ontbreekt maar staat in {SIDECAR_NAME}")
        actual = sha256_file(path)
        if actual != expected:
            raise ProvenanceError(
                f"{path}: checksum wijkt af van {SIDECAR_NAME} (ruwe data is onveranderlijk; "
                "zet een nieuwe download in een nieuwe map)"
            )
    return prov
