"""The Remote Access kit: the standalone script and its Dutch LEESMIJ, ready to upload.

``avk-monitor microdata-pakket MAP`` calls :func:`write_kit`. The kit holds exactly two files: the
script (package data, ``ra/avk_generatiearmoede.py``) with the monitor's regions written into it
from ``data/raw/reference/`` (the 22 gemeenten, the provinces, every Veenkoloniën set and the
gemeenten that no longer exist), and ``LEESMIJ.md``. RA has no internet and no pip: the script
imports only pandas and pyreadstat, never this package.
"""

from __future__ import annotations

import hashlib
import json
import string
from pathlib import Path

from avk_analysis.sources.microdata import contract
from avk_analysis.vocabulary import paths, regions

README_NAME = "LEESMIJ.md"
README_TEMPLATE = contract.SCRIPT_PATH.parent / README_NAME
KIT_FILES = (contract.SCRIPT_NAME, README_NAME)
REFERENCE_FILES = ("gemeenten.csv", "gebieden.csv", "veenkolonien.csv", "herindelingen.csv")
# measured with tools/bench_microdata.py (make bench-microdata, 2 cores, December 2026); shown in
# the LEESMIJ so an analyst knows what to expect on RA's shared machine
RUNTIME_NOTE = (
    "Gemeten op een synthetische populatie in de indeling van RA (`make bench-microdata` in de "
    "monitor): 2 miljoen personen (21,5 miljoen rijen gelezen) in ongeveer 80 seconden met een "
    "piekgeheugen van ongeveer 0,7 GB; de outputcontrole zelf duurt minder dan een seconde. De "
    "leestijd groeit met het aantal rijen van de bestanden (ongeveer 4 microseconden per rij), "
    "het geheugen met het aantal jongvolwassenen dat het script bewaart (ongeveer 1 MB per "
    "1.000, boven op ongeveer 0,5 GB voor het leesblok). Voor de landelijke bestanden (naar "
    "schatting 250 miljoen rijen) is dat ongeveer een kwartier tot een half uur en 2,5 à 3 GB; "
    "met `--blok 250000` is het leesblok kleiner."
)


class KitError(RuntimeError):
    """The kit cannot be written (the folder is not empty, or the script template is broken)."""


def reference_fingerprint() -> str:
    """Return a short checksum of the reference files the regions come from."""
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        digest.update(name.encode())
        digest.update((paths.reference_dir() / name).read_bytes())
    return digest.hexdigest()[:12]


def regions_data() -> dict[str, object]:
    """Return the monitor's regions for the script: gemeenten, provinces, Veenkoloniën, former."""
    gemeenten = {
        row.gemeentecode: {"naam": row.gemeentenaam, "provincie": row.provinciecode}
        for row in regions.gemeenten().itertuples()
    }
    areas = regions.areas()
    provincies = {
        row.regiocode: row.regionaam
        for row in areas.itertuples()
        if row.regioniveau == regions.LEVEL_PROVINCE
    }
    veenkolonien = {
        regions.veenkolonien_code(d): {
            "naam": regions.veenkolonien_name(d),
            "gemeenten": regions.veenkolonien(d),
        }
        for d in regions.veenkolonien_definitions()["definitie"]
    }
    cw = regions.crosswalk()
    opgeheven = {
        old: regions.main_successor(old)
        for old in sorted(set(cw["oude_code"]))
        if not regions.is_current_gemeente(old)
    }
    return {
        "gemeenten": gemeenten,
        "provincies": provincies,
        "veenkolonien": veenkolonien,
        "opgeheven": opgeheven,
        "hoofdset": regions.veenkolonien_code(),
        "bron": f"monitor data/raw/reference, controlegetal {reference_fingerprint()}",
    }


def script_text(data: dict[str, object] | None = None) -> str:
    """Return the script with the regions written in (default: the monitor's reference data)."""
    text = contract.SCRIPT_PATH.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith(contract.REGIONS_START)]
    ends = [i for i, line in enumerate(lines) if line.startswith(contract.REGIONS_END)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] != starts[0] + 2:
        raise KitError(f"{contract.SCRIPT_PATH.name}: het regioblok in het script is beschadigd")
    payload = json.dumps(regions_data() if data is None else data, ensure_ascii=False, indent=1)
    if '"""' in payload or "\\" in payload:
        raise KitError("de regio's bevatten tekens die niet in het script passen")
    lines[starts[0] + 1] = f'REGIO_JSON = r"""{payload}"""\n'
    return "".join(lines)


def _listing(codes: list[str]) -> str:
    return ", ".join(f"{regions.name(c)} (`{c}`)" for c in codes)


def readme_text(data: dict[str, object] | None = None) -> str:
    """Return the Dutch LEESMIJ of the kit, with the regions and the definitions version."""
    data = regions_data() if data is None else data
    constants = contract.constants()
    vk = data["veenkolonien"]
    assert isinstance(vk, dict)
    vk_lines = "\n".join(
        f"- `{code}`: {info['naam']}: {_listing(info['gemeenten'])};" for code, info in vk.items()
    )
    provincies = data["provincies"]
    assert isinstance(provincies, dict)
    gemeenten = data["gemeenten"]
    assert isinstance(gemeenten, dict)
    template = string.Template(README_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        versie=constants["SCRIPT_VERSIE"],
        definitie=constants["DEFINITIE"],
        referentie=str(data["bron"]).replace("monitor ", ""),
        aantal_gemeenten=len(gemeenten),
        gemeenten=_listing(list(gemeenten)),
        provincies=", ".join(f"{name} (`{code}`)" for code, name in provincies.items()),
        veenkolonien=vk_lines,
        doorlooptijd=RUNTIME_NOTE,
    )


def write_kit(folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write the kit (script and LEESMIJ) into ``folder``; refuse a folder with other files."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise KitError(f"{target} is een bestand, geen map")
    if target.is_dir():
        present = sorted(p.name for p in target.iterdir())
        foreign = [n for n in present if n not in KIT_FILES]
        if foreign:
            raise KitError(
                f"De map {target} bevat al andere bestanden ({', '.join(foreign[:5])}); het pakket "
                "hoort in een eigen map met alleen het script en LEESMIJ.md (kies een nieuwe map)"
            )
        if present and not overwrite:
            raise KitError(
                f"De map {target} bevat al een pakket; gebruik --overschrijven om het te vervangen"
            )
    data = regions_data()
    texts = {contract.SCRIPT_NAME: script_text(data), README_NAME: readme_text(data)}
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = target / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
