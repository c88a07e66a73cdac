"""Data files shipped inside the package (``avk_analysis/data/*.yaml``): strict reading and checks.

The files are data, not code: the catalogue and the workbook contract read them once and check
every entry. A mistake stops the import with a Dutch message that names the file, the entry and
the field, so a typo in a YAML file never reaches a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TYPE_NAMES = {
    str: "tekst",
    bool: "true of false",
    int: "geheel getal",
    float: "getal",
    list: "lijst",
    dict: "velden",
}


class DataFileError(ValueError):
    """A shipped data file is malformed (the message names file, entry and field)."""


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """A safe YAML loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        """Build a mapping; a repeated key is an error (YAML would keep the last one silently)."""
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DataFileError(
                    f"regel {key_node.start_mark.line + 1}: sleutel {key!r} staat er twee keer"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def data_file(name: str) -> Path:
    """Return the path of a data file shipped in ``avk_analysis/data/``."""
    return DATA_DIR / name


def read_yaml(path: Path) -> Any:
    """Read a YAML file strictly (safe types, no repeated keys); DataFileError names the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: kan het bestand niet lezen ({exc})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: safe types only
    except DataFileError as exc:
        raise DataFileError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: geen geldige YAML ({exc})") from None


def _type_ok(value: object, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def check_record(
    record: object,
    where: str,
    fields: dict[str, tuple[type, ...]],
    required: tuple[str, ...],
) -> dict[str, Any]:
    """Check one mapping against field types; return it or raise DataFileError naming the field."""
    if not isinstance(record, dict):
        raise DataFileError(f"{where}: verwacht velden (naam: waarde), niet {record!r}")
    unknown = sorted(str(k) for k in record if k not in fields)
    if unknown:
        raise DataFileError(
            f"{where}: onbekend veld {', '.join(map(repr, unknown))} "
            f"(toegestaan: {', '.join(fields)})"
        )
    for name in required:
        if name not in record or record[name] is None:
            raise DataFileError(f"{where}, veld {name!r}: ontbreekt")
    for name, value in record.items():
        types = fields[name]
        if value is None and name not in required:
            continue
        if not _type_ok(value, types):
            wanted = " of ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise DataFileError(f"{where}, veld {name!r}: verwacht {wanted}, niet {value!r}")
    return record
