"""The indicator catalogue: code → Dutch label, unit and definition.

Indicator codes are identifiers (stable, snake_case); what a reader sees is the Dutch label.
A code that is not in the catalogue cannot enter the tidy model. The entries are data: they live
in ``avk_analysis/data/indicatoren.yaml`` and are read and checked once, on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from avk_analysis.vocabulary.datafiles import DataFileError, check_record, data_file, read_yaml

PCT = "%"
COUNT = "aantal"
K_EUR = "x 1 000 euro"
EUR_PM = "euro per maand"
PCT_CHANGE = "% verandering"
UNITS = (PCT, COUNT, K_EUR, EUR_PM, PCT_CHANGE)

CATALOGUE_FILE = "indicatoren.yaml"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the monitor."""

    code: str
    label: str
    unit: str
    definition: str
    base: str = ""  # indicator code of the base a share is taken of (for weighting and counts)
    series: str = ""  # series name; two series with another name are never spliced


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FIELDS: dict[str, tuple[type, ...]] = {
    "code": (str,),
    "label": (str,),
    "unit": (str,),
    "definition": (str,),
    "base": (str,),
    "series": (str,),
}
_REQUIRED = ("code", "label", "unit", "definition")


def _expand(text: str, fragments: dict[str, str], where: str) -> str:
    """Replace every ``{name}`` in ``text`` by its fragment (DataFileError names a missing one)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            known = ", ".join(fragments) or "-"
            raise DataFileError(f"{where}: onbekend tekstdeel {{{name}}} (bekend: {known})")
        return fragments[name]

    return _PLACEHOLDER.sub(one, text)


def _read_fragments(raw: object, path: Path) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: 'fragments' moet velden (naam: tekst) bevatten")
    out: dict[str, str] = {}
    for name, text in raw.items():
        where = f"{path}: fragments.{name}"
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{where}: verwacht een niet-lege tekst, niet {text!r}")
        out[str(name)] = _expand(text, out, where)  # a fragment may use the ones before it
    return out


def parse_catalogue(data: object, path: Path) -> dict[str, Indicator]:
    """Check the parsed catalogue file and return ``{code: Indicator}`` in file order."""
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise DataFileError(f"{path}: verwacht een lijst 'indicators' (en eventueel 'fragments')")
    extra = sorted(set(data) - {"fragments", "indicators"})
    if extra:
        raise DataFileError(f"{path}: onbekend onderdeel {', '.join(map(repr, extra))}")
    fragments = _read_fragments(data.get("fragments"), path)
    out: dict[str, Indicator] = {}
    for n, entry in enumerate(data["indicators"], start=1):
        code = entry.get("code") if isinstance(entry, dict) else None
        where = f"{path}: indicator {code!r}" if code else f"{path}: indicator nr. {n}"
        rec = check_record(entry, where, _FIELDS, _REQUIRED)
        if not _CODE.match(rec["code"]):
            raise DataFileError(f"{where}, veld 'code': alleen kleine letters, cijfers en _")
        if rec["code"] in out:
            raise DataFileError(f"{where}, veld 'code': staat er twee keer in")
        for name in ("label", "definition"):
            if not rec[name].strip():
                raise DataFileError(f"{where}, veld {name!r}: is leeg")
        if rec["unit"] not in UNITS:
            raise DataFileError(
                f"{where}, veld 'unit': {rec['unit']!r} is geen bekende eenheid "
                f"(verwacht: {', '.join(map(repr, UNITS))})"
            )
        rec = {k: v for k, v in rec.items() if v is not None}
        rec["definition"] = _expand(rec["definition"], fragments, f"{where}, veld 'definition'")
        out[rec["code"]] = Indicator(**rec)
    for ind in out.values():
        if not ind.base:
            continue
        where = f"{path}: indicator {ind.code!r}, veld 'base'"
        if ind.base not in out:
            raise DataFileError(f"{where}: {ind.base!r} staat niet in de catalogus")
        if ind.base == ind.code or out[ind.base].unit != COUNT:
            raise DataFileError(f"{where}: {ind.base!r} moet een ander aantal ({COUNT}) zijn")
    return out


@cache
def load_catalogue(path: Path | None = None) -> dict[str, Indicator]:
    """Read and check the catalogue file once (default: the shipped ``indicatoren.yaml``)."""
    source = Path(path) if path is not None else data_file(CATALOGUE_FILE)
    return parse_catalogue(read_yaml(source), source)


INDICATORS: dict[str, Indicator] = load_catalogue()


def get(code: str) -> Indicator:
    """Return the catalogue entry of an indicator code (KeyError names the unknown code)."""
    try:
        return INDICATORS[code]
    except KeyError:
        raise KeyError(
            f"Onbekende indicator {code!r}: voeg hem toe aan de catalogus "
            f"(avk_analysis/data/{CATALOGUE_FILE})"
        ) from None


def label(code: str) -> str:
    """Return the Dutch label of an indicator code."""
    return get(code).label
