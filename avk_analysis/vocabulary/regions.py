"""The regions of the monitor: 22 gemeenten, the provinces, NL, mergers and Veenkoloniën sets.

All of it is hand-kept reference data under ``data/raw/reference/`` (with a provenance sidecar);
this module only reads it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from avk_analysis.vocabulary import paths, provenance

DEFAULT_VEENKOLONIEN = "planbureaus"
LEVEL_NL = "land"
LEVEL_PROVINCE = "provincie"
LEVEL_GEMEENTE = "gemeente"
LEVEL_WIJK = "wijk"
LEVEL_BUURT = "buurt"
LEVEL_AGGREGATE = "regio"
LEVELS = (LEVEL_NL, LEVEL_PROVINCE, LEVEL_AGGREGATE, LEVEL_GEMEENTE, LEVEL_WIJK, LEVEL_BUURT)


# The columns each reference table must have (a replaced or damaged file is named, never a
# pandas traceback).
REFERENCE_COLUMNS = {
    "gemeenten.csv": ("gemeentecode", "gemeentenaam", "provinciecode"),
    "gebieden.csv": ("regiocode", "regionaam", "regioniveau"),
    "herindelingen.csv": (
        "ingangsdatum",
        "oude_code",
        "oude_naam",
        "nieuwe_code",
        "nieuwe_naam",
        "aandeel",
    ),
    "inwoners.csv": ("regiocode", "inwoners"),
    "veenkolonien.csv": ("definitie", "gemeentecode"),
    "veenkolonien_definities.csv": ("definitie", "naam"),
}


@cache
def _verified(directory: str) -> None:
    """Check the reference folder against its provenance once per process (ProvenanceError)."""
    provenance.verify(Path(directory))


def read_reference(name: str) -> pd.DataFrame:
    """Return a reference table; a damaged or replaced file is a Dutch ProvenanceError."""
    directory = paths.reference_dir()
    _verified(str(directory))
    path = directory / name
    paths.note_read(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:  # pandas' ParserError: ValueError
        raise provenance.ProvenanceError(
            f"{provenance.shown(path)}: de referentietabel is niet leesbaar als CSV "
            f"({type(exc).__name__}); {provenance.repair_hint(path)}."
        ) from None
    missing = [c for c in REFERENCE_COLUMNS.get(name, ()) if c not in df.columns]
    if missing:
        raise provenance.ProvenanceError(
            f"{provenance.shown(path)}: de referentietabel mist de kolom(men) "
            f"{', '.join(missing)} (is het bestand vervangen?); {provenance.repair_hint(path)}."
        )
    return df


def _read(name: str) -> pd.DataFrame:
    return read_reference(name)


@cache
def gemeenten() -> pd.DataFrame:
    """Return the 22 current gemeenten (code, name, province)."""
    return _read("gemeenten.csv")


@cache
def areas() -> pd.DataFrame:
    """Return NL and the two provinces (regiocode, regionaam, regioniveau)."""
    return _read("gebieden.csv")


@cache
def crosswalk() -> pd.DataFrame:
    """Return the herindeling crosswalk: old code → current code with the share that moved."""
    df = _read("herindelingen.csv")
    df["aandeel"] = df["aandeel"].astype(float)
    return df


def gemeente_codes() -> list[str]:
    """Return the codes of the 22 current gemeenten."""
    return gemeenten()["gemeentecode"].tolist()


def province_of(code: str) -> str:
    """Return the province code (PV20/PV22) of a current gemeente."""
    row = gemeenten().loc[gemeenten()["gemeentecode"] == code]
    if row.empty:
        raise KeyError(f"{code} is geen huidige gemeente in Groningen of Drenthe")
    return str(row["provinciecode"].iloc[0])


@cache
def names() -> dict[str, str]:
    """Return code → name for every known region code, old gemeenten included."""
    out = dict(zip(areas()["regiocode"], areas()["regionaam"], strict=True))
    out.update(dict(zip(gemeenten()["gemeentecode"], gemeenten()["gemeentenaam"], strict=True)))
    cw = crosswalk()
    for old, name in zip(cw["oude_code"], cw["oude_naam"], strict=True):
        out.setdefault(old, f"{name} (opgeheven)")
    return out


def name(code: str) -> str:
    """Return the Dutch name of a region code (raises KeyError for unknown codes).

    A wijk has the name the CBS gives it (from the wijk boundaries, ``wijkindeling``).
    """
    known = names()
    if code in known or not str(code).startswith("WK"):
        return known[code]
    from avk_analysis.vocabulary import wijkindeling

    return wijkindeling.name(code)


def wijk_codes() -> list[str]:
    """Return the codes of the wijken of the 22 gemeenten (the wijk page family's values)."""
    from avk_analysis.vocabulary import wijkindeling

    return wijkindeling.codes()


def gemeente_of_wijk(code: str) -> str:
    """Return the gemeentecode of a wijk (the wijk pages are grouped per gemeente)."""
    from avk_analysis.vocabulary import wijkindeling

    return wijkindeling.gemeente_of(code)


def is_current_gemeente(code: str) -> bool:
    """Tell whether ``code`` is one of the 22 current gemeenten."""
    return code in set(gemeente_codes())


def is_former_gemeente(code: str) -> bool:
    """Tell whether ``code`` is a gemeente that was merged away since 2017."""
    return code in set(crosswalk()["oude_code"])


def successors(code: str) -> list[tuple[str, float]]:
    """Return [(current code, share)] for an old or current gemeente code."""
    if is_current_gemeente(code):
        return [(code, 1.0)]
    cw = crosswalk()
    rows = cw.loc[cw["oude_code"] == code]
    if rows.empty:
        raise KeyError(f"{code} is geen (voormalige) gemeente in Groningen of Drenthe")
    return list(zip(rows["nieuwe_code"], rows["aandeel"], strict=True))


def main_successor(code: str) -> str:
    """Return the current gemeente that received the largest part of ``code``."""
    return max(successors(code), key=lambda pair: pair[1])[0]


@cache
def veenkolonien_definitions() -> pd.DataFrame:
    """Return the selectable Veenkoloniën definitions (id, name, description, source)."""
    return _read("veenkolonien_definities.csv")


def veenkolonien(definitie: str = DEFAULT_VEENKOLONIEN) -> list[str]:
    """Return the gemeente codes of a Veenkoloniën definition."""
    df = _read("veenkolonien.csv")
    codes = df.loc[df["definitie"] == definitie, "gemeentecode"].tolist()
    if not codes:
        known = ", ".join(veenkolonien_definitions()["definitie"])
        raise KeyError(f"Onbekende Veenkoloniën-definitie {definitie!r}; kies uit: {known}")
    return codes


def veenkolonien_code(definitie: str = DEFAULT_VEENKOLONIEN) -> str:
    """Return the (non-CBS) code of a Veenkoloniën aggregate, e.g. ``VK_planbureaus``."""
    veenkolonien(definitie)  # validates the name
    return f"VK_{definitie}"


def veenkolonien_name(definitie: str = DEFAULT_VEENKOLONIEN) -> str:
    """Return the Dutch display name of a Veenkoloniën definition."""
    defs = veenkolonien_definitions().set_index("definitie")
    return str(defs.loc[definitie, "naam"])


def all_codes() -> list[str]:
    """Return NL, the provinces and the 22 gemeenten (the regions CBS is asked for)."""
    return areas()["regiocode"].tolist() + gemeente_codes()


def level_of(code: str) -> str:
    """Return the region level of a CBS-style code."""
    prefix = code[:2]
    return {
        "NL": LEVEL_NL,
        "PV": LEVEL_PROVINCE,
        "GM": LEVEL_GEMEENTE,
        "WK": LEVEL_WIJK,
        "BU": LEVEL_BUURT,
        "VK": LEVEL_AGGREGATE,
    }.get(prefix, LEVEL_AGGREGATE)


# --- reading a gemeente as people write it ----------------------------------------------------
READ_CODE = "code"  # GM0114
READ_SHORT_CODE = "korte code"  # GM114 → GM0114
READ_NUMBER = "nummer"  # 114 → GM0114
READ_NAME = "naam"  # Emmen → GM0114
_GM_CODE = re.compile(r"GM0*(\d{1,4})")
_NUMBER = re.compile(r"0*(\d{1,4})(\.0+)?")


@dataclass(frozen=True)
class GemeenteRef:
    """What a written gemeente stands for: its code (current or former), how it was read, a hint."""

    text: str
    code: str | None
    how: str = ""  # READ_* ("" when not understood)
    suggestion: str | None = None  # "Emmen (GM0114)" when not understood but close

    @property
    def current(self) -> bool:
        """Tell whether the code is one of the 22 current gemeenten."""
        return self.code is not None and is_current_gemeente(self.code)

    @property
    def former(self) -> bool:
        """Tell whether the code is a former gemeente of Groningen or Drenthe."""
        return self.code is not None and not self.current and is_former_gemeente(self.code)


def _normal_name(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_-]+", " ", ascii_text.strip().lower())


@cache
def _names_to_codes() -> dict[str, str]:
    """Return normalised current and former gemeente names → code (current names win)."""
    out = {
        _normal_name(row.oude_naam): row.oude_code
        for row in crosswalk().itertuples()
        if row.oude_code != row.nieuwe_code
    }
    out.update({_normal_name(n): c for c, n in zip(*_current_columns(), strict=True)})
    return out


def _current_columns() -> tuple[list[str], list[str]]:
    gm = gemeenten()
    return gm["gemeentecode"].tolist(), gm["gemeentenaam"].tolist()


def read_gemeente(text: object) -> GemeenteRef:
    """Read a gemeente as people write it: 'GM0114', 'gm114', '114', 'Emmen', 'Hoogezand-Sappemeer'.

    The one resolver of gemeente codes: the CLI, the loaders and the workbook check use it. A
    code is returned for a current or former gemeente of Groningen and Drenthe; anything else
    gets ``code=None`` and, when close, a suggestion ("Bedoelt u …?").
    """
    raw = str(text).strip()
    compact = raw.upper().replace(" ", "")
    known = set(gemeente_codes()) | set(crosswalk()["oude_code"])
    code, how = None, ""
    if m := _GM_CODE.fullmatch(compact):
        code = f"GM{int(m.group(1)):04d}"
        how = READ_CODE if code == compact else READ_SHORT_CODE
    elif m := _NUMBER.fullmatch(compact):
        code, how = f"GM{int(m.group(1)):04d}", READ_NUMBER
    elif (by_name := _names_to_codes().get(_normal_name(raw))) is not None:
        code, how = by_name, READ_NAME
    if code is not None and code in known:
        return GemeenteRef(raw, code, how)
    return GemeenteRef(raw, None, "", _suggest(raw, code))


def _suggest(raw: str, code: str | None) -> str | None:
    """Return 'Emmen (GM0114)' for the closest current or former gemeente name, or None."""
    if code is not None:  # a well-formed code outside Groningen and Drenthe
        return None
    names = _names_to_codes()
    close = difflib.get_close_matches(_normal_name(raw), list(names), n=1, cutoff=0.7)
    if not close:
        return None
    found = names[close[0]]
    return f"{names_display().get(found, found)} ({found})"


def names_display() -> dict[str, str]:
    """Return code → plain name of current and former gemeenten (no '(opgeheven)')."""
    out = {row.oude_code: row.oude_naam for row in crosswalk().itertuples()}
    out.update(dict(zip(*_current_columns(), strict=True)))
    return out
