"""Upper bounds for counts per region: no count of people or households exceeds the inhabitants.

Every household has at least one member, so the number of inhabitants of a region is an upper
bound for any count of households, persons or children in it (reached by the programme in a
quarter, or delivered by a planning office). The inhabitants come from the shipped reference file
``data/raw/reference/inwoners.csv`` (CBS, around 1 January 2024, rounded; see the provenance
sidecar of that folder). Because those figures are rounded, the bound adds ``MARGIN`` and is
rounded up to a thousand: a count above it is certainly a mistake (a typing error, a total of all
quarters, a figure for the wrong region), never a real count.

Provinces and Veenkoloniën sets are the sum of their gemeenten; a former gemeente is bounded by
the inhabitants of the gemeente(n) it merged into (which contain it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from avk_analysis.vocabulary import paths, regions
from avk_analysis.vocabulary.provenance import ProvenanceError, repair_hint, shown

REFERENCE_FILE = "inwoners.csv"
MARGIN = 0.10  # the reference figures are rounded and about 1 January 2024
PEILDATUM = "1 januari 2024"


@dataclass(frozen=True)
class CountLimit:
    """The largest possible count of people or households in one region."""

    code: str
    name: str
    inhabitants: int  # the (summed) reference figure
    maximum: int  # inhabitants plus MARGIN, rounded up to a thousand
    basis: str  # what the inhabitants are: 'Emmen' or 'de gemeenten A, B'

    def explain(self) -> str:
        """Return the Dutch explanation of the bound for an error message."""
        return (
            f"hooguit {_dutch(self.maximum)}: het aantal inwoners van {self.basis} "
            f"(ca. {_dutch(self.inhabitants)} op {PEILDATUM} volgens CBS, "
            f"data/raw/reference/{REFERENCE_FILE}) plus {MARGIN * 100:.0f} % marge; "
            "een aantal huishoudens, personen of kinderen kan nooit groter zijn"
        )


def _dutch(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


@cache
def _read(path: Path) -> dict[str, int]:
    df = regions.read_reference(path.name)
    try:
        return {str(c): int(v) for c, v in zip(df["regiocode"], df["inwoners"], strict=True)}
    except ValueError:
        raise ProvenanceError(
            f"{shown(path)}: de kolom inwoners bevat iets anders dan hele getallen; "
            f"{repair_hint(path)}."
        ) from None


def inhabitants() -> dict[str, int]:
    """Return region code → inhabitants from the shipped reference file (empty if it is absent)."""
    path = paths.reference_dir() / REFERENCE_FILE
    return _read(path) if path.exists() else {}


def _limit(code: str, name: str, members: list[str], basis: str) -> CountLimit | None:
    table = inhabitants()
    if not members or any(m not in table for m in members):
        return None
    total = sum(table[m] for m in members)
    maximum = int(math.ceil(total * (1 + MARGIN) / 1000) * 1000)
    return CountLimit(code, name, total, maximum, basis)


def count_limit(code: str) -> CountLimit | None:
    """Return the upper bound for counts in a region, or None when no reference figure exists."""
    known = regions.names()
    gemeenten = regions.gemeenten()
    if code == "NL01" or regions.is_current_gemeente(code):
        return _limit(code, known[code], [code], known[code])
    if code in ("PV20", "PV22"):
        members = gemeenten.loc[gemeenten["provinciecode"] == code, "gemeentecode"].tolist()
        return _limit(code, known[code], members, f"de gemeenten van {known[code]}")
    if regions.is_former_gemeente(code):
        members = [new for new, _ in regions.successors(code)]
        names = ", ".join(regions.name(m) for m in members)
        return _limit(code, known[code], members, f"{names}, waarin {known[code]} is opgegaan")
    if code.startswith("VK_"):
        definitie = code.removeprefix("VK_")
        try:
            members = regions.veenkolonien(definitie)
            name = regions.veenkolonien_name(definitie)
        except (KeyError, ValueError):
            return None
        return _limit(code, name, members, f"de gemeenten van {name}")
    return None


def combined_limit(codes: list[str]) -> CountLimit | None:
    """Return the upper bound for a count over several current gemeenten together."""
    codes = list(dict.fromkeys(codes))
    if len(codes) == 1:
        return count_limit(codes[0])
    if not all(regions.is_current_gemeente(c) for c in codes):
        return None
    names = ", ".join(regions.name(c) for c in codes)
    return _limit(";".join(codes), names, codes, f"de gemeenten {names} samen")
