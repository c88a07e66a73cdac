"""Generatiearmoede per gemeente uit CBS-microdata: de tabellering voor CBS Remote Access (RA).

Dit script hoort bij de monitor generatiearmoede van de Alliantie van Kracht. Het draait in RA,
zonder internet, met alleen Python 3.9 of nieuwer, pandas en pyreadstat:

    python avk_generatiearmoede.py --bron G:/ --jaren 2021 2022 2023 --uit H:/export

Het leest de nieuwste versie (hoogste V<n>) van elk RA-bestand, past definitie 1 toe
(jongvolwassenen van 22-26 jaar op 1 januari, hun inkomen en dat van hun ouders), telt per gemeente,
provincie, Veenkoloniën en Nederland, past de outputregels van het CBS toe (minimaal 10, nul en
kleine cellen onderdrukt, secundaire onderdrukking zodat niets terug te rekenen is, afronding) en
schrijft in --uit één nette CSV en een toelichting voor het outputcontroleformulier.
Zie LEESMIJ.md naast dit script. Het script importeert niets van de monitor zelf.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Callable

SCRIPT_VERSIE = "1.0"

# --- REGIO'S: ingevuld door `avk-monitor microdata-pakket` uit de referentiegegevens ---
REGIO_JSON = r"""{}"""
# --- EINDE REGIO'S ---

# The definitions: every export names its version. A non-default low-income boundary is a
# variant of version 1 and says so.
DEFINITIE = "1"
DEFINITIE_TOT_EN_MET_100 = "1+laag<=100"
DEFINITIES = {
    DEFINITIE: "definitie 1: laag inkomen = 0 <= INHARMLAG < 100",
    DEFINITIE_TOT_EN_MET_100: "definitie 1, variant: laag inkomen = 0 <= INHARMLAG <= 100",
}
EERSTE_JAAR = 2011  # INHATAB exists from income year 2011 (before: IHI files, a trend break)
LEEFTIJD_VAN, LEEFTIJD_TOT = 22, 26
MINIMUM = 10  # CBS: every published count covers at least 10 persons
AFRONDINGEN = (10, 100)

TOTAAL, THUIS, UIT = "totaal", "thuiswonend", "uitwonend"
WOONSITUATIES = (TOTAAL, THUIS, UIT)
MOEDER, VADER = "moeder", "vader"
OUDERS = (TOTAAL, MOEDER, VADER)
# single years (ouder = totaal)
MATEN_JAAR = ("jv", "jv_laag", "jv_langdurig")
# per parent, pooled over the years given: the 2x2 and its total
MATEN_VENSTER = (
    "ouder_bekend",
    "jv_laag_ouder_laag",
    "jv_laag_ouder_niet_laag",
    "jv_niet_laag_ouder_laag",
    "jv_niet_laag_ouder_niet_laag",
)
# never published, but linked to published cells (complements): protected when small
VERBORGEN_JAAR = ("jv_niet_laag", "jv_niet_langdurig")
KOLOMMEN = (
    "jaar_van",
    "jaar_tot",
    "regio_code",
    "woonsituatie",
    "ouder",
    "maat",
    "aantal",
    "reden",
    "afronding",
    "definitie",
)
REDEN = "onvoldoende waarnemingen"
NEDERLAND = "NL01"
REST = "REST"  # the rest of the Netherlands (outside the 22 gemeenten, or no gemeente): hidden
BRONREGEL = (
    "Bron: eigen berekeningen {organisatie} op basis van niet-openbare microdata van het CBS"
)


class InvoerFout(Exception):
    """A problem with the input or the options: printed in Dutch, without a traceback."""


# =============================================================================== logging


def _piekgeheugen_mb() -> float | None:
    """Return this process's peak memory in MB, when the platform tells (else None)."""
    try:
        import resource

        piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return piek / 1024 if sys.platform != "darwin" else piek / 1024 / 1024
    except Exception:
        pass
    try:  # Windows (RA): GetProcessMemoryInfo through ctypes
        import ctypes
        from ctypes import wintypes

        class _Teller(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        teller = _Teller()
        teller.cb = ctypes.sizeof(_Teller)
        proces = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        if ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
            proces, ctypes.byref(teller), teller.cb
        ):
            return teller.PeakWorkingSetSize / 1024 / 1024
    except Exception:
        pass
    return None


def n_(getal_: int) -> str:
    """Return a count with a thousands dot: 1234567 -> '1.234.567'."""
    return f"{getal_:,}".replace(",", ".")


class Log:
    """Say what the script is doing, with the time since the start and the peak memory."""

    def __init__(self, stil: bool = False) -> None:
        self.start = time.perf_counter()
        self.stil = stil
        self.regels: list[str] = []

    def __call__(self, tekst: str) -> None:
        """Print one line: elapsed seconds, peak memory (if known) and the message."""
        verstreken = time.perf_counter() - self.start
        piek = _piekgeheugen_mb()
        geheugen = f" {piek:6.0f} MB" if piek is not None else ""
        regel = f"[{verstreken:7.1f} s{geheugen}] {tekst}"
        self.regels.append(tekst)
        if not self.stil:
            print(regel, flush=True)


# =============================================================================== regions


class Regios:
    """The regions the export covers, as the monitor wrote them into this script."""

    def __init__(self, data: dict) -> None:
        if not data or "gemeenten" not in data:
            raise InvoerFout(
                "Dit script bevat geen regio's. Maak het pakket met `avk-monitor microdata-pakket "
                "MAP` (dat schrijft de 22 gemeenten en de Veenkoloniën in het script)."
            )
        self.gemeenten: dict[str, dict] = data["gemeenten"]  # GMxxxx -> {naam, provincie}
        self.provincies: dict[str, str] = data["provincies"]  # PVxx -> naam
        self.veenkolonien: dict[str, dict] = data["veenkolonien"]  # VK_x -> {naam, gemeenten}
        self.opgeheven: dict[str, str] = data.get("opgeheven", {})  # former GMxxxx -> current
        self.hoofdset: str = data.get("hoofdset", "")  # the Veenkoloniën set the monitor shows
        self.bron: str = data.get("bron", "")

    def aggregaten(self) -> dict[str, list[str]]:
        """Return every aggregate region with its gemeenten (provinces, Veenkoloniën)."""
        out: dict[str, list[str]] = {}
        for code in self.provincies:
            out[code] = [g for g, v in self.gemeenten.items() if v["provincie"] == code]
        for code, vk in self.veenkolonien.items():
            out[code] = list(vk["gemeenten"])
        return out

    def volgorde(self) -> list[str]:
        """Return the published regions in a fixed order: gemeenten, provinces, VK sets, NL."""
        return [*self.gemeenten, *self.provincies, *self.veenkolonien, NEDERLAND]

    def naam(self, code: str) -> str:
        """Return the Dutch name of a region code."""
        if code in self.gemeenten:
            return self.gemeenten[code]["naam"]
        if code in self.provincies:
            return self.provincies[code]
        if code in self.veenkolonien:
            return self.veenkolonien[code]["naam"]
        return "Nederland" if code == NEDERLAND else code


# =============================================================================== files


class Bestand:
    """One RA file: its kind, year and version."""

    def __init__(self, pad: Path, jaar: int, versie: int) -> None:
        self.pad = pad
        self.jaar = jaar
        self.versie = versie

    def __repr__(self) -> str:
        return f"{self.pad.name}"


# kind -> (folder under the root, file-name pattern with (year) and (version))
SOORTEN = {
    "persoon": (("Bevolking", "GBAPERSOONTAB"), r"GBAPERSOON(\d{4})TABV(\d+)\.sav"),
    "kindouder": (("Bevolking", "KINDOUDERTAB"), r"KINDOUDER(\d{4})TABV(\d+)\.sav"),
    "huishouden": (("Bevolking", "GBAHUISHOUDENSBUS"), r"GBAHUISHOUDENS(\d{4})BUSV(\d+)\.sav"),
    "adres": (("Bevolking", "GBAADRESOBJECTBUS"), r"GBAADRESOBJECT(\d{4})BUSV(\d+)\.sav"),
    "gemeente": (("BouwenWonen", "VSLGWBTAB"), r"VSLGWB(\d{4})TAB03V(\d+)\.sav"),
    "koppel": (
        ("InkomenBestedingen", "KOPPELPERSOONHUISHOUDEN"),
        r"KOPPELPERSOONHUISHOUDEN(\d{4})(?:V(\d+))?\.sav",
    ),
    "inkomen": (("InkomenBestedingen", "INHATAB"), r"INHA(\d{4})TABV(\d+)\.sav"),
}
NIEUWSTE = ("persoon", "kindouder", "huishouden", "adres", "gemeente")  # one file: the newest
PER_JAAR = ("koppel", "inkomen")  # one file per income year


def _map(basis: Path, delen: Sequence[str]) -> Path | None:
    """Return a folder under ``basis`` whatever the case of its names (None: not there)."""
    huidig = basis
    for deel in delen:
        kandidaat = huidig / deel
        if kandidaat.is_dir():
            huidig = kandidaat
            continue
        try:
            gevonden = [
                p for p in huidig.iterdir() if p.is_dir() and p.name.lower() == deel.lower()
            ]
        except OSError:
            return None
        if not gevonden:
            return None
        huidig = gevonden[0]
    return huidig


def vind_bestanden(soort: str, bron: Path) -> list[Bestand]:
    """Return every file of one kind under the root, any version, sorted by year and version."""
    delen, patroon = SOORTEN[soort]
    map_ = _map(bron, delen)
    if map_ is None:
        raise InvoerFout(
            f"De map {'/'.join(delen)} staat niet onder {bron}. Geef met --bron de map die "
            "Bevolking/, InkomenBestedingen/ en BouwenWonen/ bevat (in RA de G:-schijf)."
        )
    regex = re.compile(patroon, re.IGNORECASE)
    out = []
    for pad in sorted(map_.rglob("*")):
        m = regex.fullmatch(pad.name)
        if m and pad.is_file():
            out.append(Bestand(pad, int(m.group(1)), int(m.group(2) or 0)))
    return sorted(out, key=lambda b: (b.jaar, b.versie, b.pad.name))


def kies(bestanden: list[Bestand], jaar: int | None = None) -> tuple[Bestand, list[Bestand]]:
    """Return the current file (highest version of the year, or of the newest year) and the rest."""
    kandidaten = [b for b in bestanden if jaar is None or b.jaar == jaar]
    if not kandidaten:
        raise InvoerFout("geen bestand")
    nieuwste_jaar = max(b.jaar for b in kandidaten)
    van_jaar = [b for b in kandidaten if b.jaar == nieuwste_jaar]
    gekozen = max(van_jaar, key=lambda b: (b.versie, b.pad.name))
    oud = [b for b in van_jaar if b is not gekozen]
    return gekozen, oud


def bestanden_kiezen(bron: Path, jaren: list[int], log: Log) -> dict[str, dict[int, Bestand]]:
    """Choose the files to read; say which versions are used and which are left aside."""
    keuze: dict[str, dict[int, Bestand]] = {}
    for soort in NIEUWSTE + PER_JAAR:
        alle = vind_bestanden(soort, bron)
        delen, patroon = SOORTEN[soort]
        waar = "/".join(delen)
        if not alle:
            raise InvoerFout(f"Geen bestand {patroon} gevonden in {waar} onder {bron}.")
        keuze[soort] = {}
        for jaar in [None] if soort in NIEUWSTE else jaren:
            try:
                gekozen, oud = kies(alle, jaar)
            except InvoerFout:
                er_zijn = sorted({b.jaar for b in alle})
                raise InvoerFout(
                    f"Geen {waar}-bestand voor inkomensjaar {jaar} (er zijn: "
                    f"{', '.join(map(str, er_zijn))}). Kies --jaren waarvoor het inkomen er is."
                ) from None
            keuze[soort][gekozen.jaar if jaar is None else jaar] = gekozen
            tekst = f"{waar}: {gekozen.pad.name}"
            if oud:
                tekst += f" (oudere versie(s) niet gebruikt: {', '.join(b.pad.name for b in oud)})"
            log(tekst)
    return keuze


# =============================================================================== reading


def _pyreadstat():
    try:
        import pyreadstat
    except ImportError:
        raise InvoerFout(
            "Het Python-pakket pyreadstat ontbreekt; in RA staat het in de standaardomgeving. "
            "Vraag het RA-team welke Python-omgeving pyreadstat heeft."
        ) from None
    return pyreadstat


def _kolommen(bestand: Bestand, gevraagd: Sequence[str]) -> tuple[list[str], list[str], int]:
    """Return (actual names, all names, rows) of the wanted variables, matched without case."""
    pyreadstat = _pyreadstat()
    _, meta = pyreadstat.read_sav(str(bestand.pad), metadataonly=True)
    namen = list(meta.column_names)
    per_kleine_letter = {n.lower(): n for n in namen}
    ontbreekt = [g for g in gevraagd if g.lower() not in per_kleine_letter]
    if ontbreekt:
        raise InvoerFout(
            f"{bestand.pad.name}: de variabele(n) {', '.join(ontbreekt)} ontbreken (het bestand "
            f"heeft: {', '.join(namen[:30])}{' …' if len(namen) > 30 else ''})."
        )
    rijen = meta.number_rows if isinstance(meta.number_rows, int) else -1
    return [per_kleine_letter[g.lower()] for g in gevraagd], namen, rijen


def lees(
    bestand: Bestand,
    gevraagd: Sequence[str],
    filter_: Callable,
    log: Log,
    blok: int,
):
    """Read only the wanted variables of a .sav file in blocks; keep what ``filter_`` keeps."""
    import pandas as pd

    pyreadstat = _pyreadstat()
    echt, _, totaal = _kolommen(bestand, gevraagd)
    delen = []
    gelezen = 0
    begin = 0
    while totaal < 0 or begin < totaal:
        df, _meta = pyreadstat.read_sav(
            str(bestand.pad),
            usecols=echt,
            row_offset=begin,
            row_limit=blok,
            dates_as_pandas_datetime=True,
        )
        if df.empty:
            break
        df.columns = list(gevraagd)
        gelezen += len(df)
        delen.append(filter_(df))
        begin += len(df)
        if len(df) < blok:
            break
    uit = pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=list(gevraagd))
    log(f"  {bestand.pad.name}: {n_(gelezen)} rijen gelezen, {n_(len(uit))} bewaard")
    return uit


# --- normalising text, keys, dates and numbers (types differ between files and years) -------


def tekst(reeks):
    """Return values as stripped text; numbers without '.0'; dates as YYYYMMDD; missing = ''."""
    import pandas as pd
    from pandas.api import types

    if types.is_datetime64_any_dtype(reeks):
        return reeks.dt.strftime("%Y%m%d").fillna("").astype(object)
    if types.is_bool_dtype(reeks):
        return reeks.astype(int).astype(str).astype(object)
    if types.is_numeric_dtype(reeks):
        getal = pd.to_numeric(reeks, errors="coerce")
        heel = getal.round(0).astype("Int64").astype(str).astype(object)
        return heel.where(getal.notna(), "")
    obj = reeks.astype(object)
    obj = obj.where(obj.notna(), "")
    return obj.astype(str).str.strip().astype(object)


LETTERS = {letter: i + 1 for i, letter in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
ONBEKEND = -1  # an unknown person key (empty, '---------', or not a RIN number)


def sleutel(soort, nummer):
    """Return person keys as numbers: letter x 10^10 + RIN number; -1 for an unknown key.

    RINPERSOONS is one letter and RINPERSOON a number of at most 9 digits (text in one file, a
    number in another); as one integer a key takes 8 bytes instead of a text of 60.
    """
    import pandas as pd

    s = tekst(soort).str.upper().map(LETTERS)
    n = tekst(nummer)
    n = pd.to_numeric(n.where(n.str.match(r"^\d{1,10}$"), None), errors="coerce")
    sleutels = s * 10**10 + n  # exact: below 2^53
    return sleutels.fillna(ONBEKEND).astype("int64")


def objectsleutel(soort, nummer):
    """Return address object keys as text 'SOORT:NUMMER' (leading zeros dropped); '' unknown."""
    s = tekst(soort).str.upper()
    n = tekst(nummer).str.replace(r"^0+(?=\d)", "", regex=True)
    onbekend = (s == "") | (n == "") | n.str.match(r"^-+$")
    return (s + ":" + n).where(~onbekend, "")


def datum(reeks, leeg: str):
    """Return dates as 'YYYYMMDD' text; an empty date becomes ``leeg`` (open spell ends)."""
    t = tekst(reeks).str.replace(r"\D", "", regex=True).str.slice(0, 8)
    return t.where(t.str.len() == 8, leeg)


def getal(reeks):
    """Return numbers (text with a decimal comma too); anything else becomes missing."""
    import pandas as pd
    from pandas.api import types

    if types.is_numeric_dtype(reeks) and not types.is_bool_dtype(reeks):
        return pd.to_numeric(reeks, errors="coerce").astype(float)
    t = tekst(reeks).str.replace(",", ".", regex=False)
    return pd.to_numeric(t, errors="coerce").astype(float)


class Sleutelset:
    """A fixed set of keys with a reusable hash table (fast membership for every block)."""

    def __init__(self, sleutels) -> None:
        import pandas as pd

        reeks = pd.Series(list(sleutels) if not hasattr(sleutels, "dtype") else sleutels)
        if pd.api.types.is_numeric_dtype(reeks):
            uniek = pd.unique(reeks[reeks != ONBEKEND].astype("int64"))
            self.index = pd.Index(sorted(uniek), dtype="int64")
        else:
            self.index = pd.Index(sorted({s for s in reeks if s}), dtype=object)

    def bevat(self, reeks):
        """Return a boolean mask: which keys of ``reeks`` are in the set."""
        waarden = reeks.astype(self.index.dtype) if len(reeks) else reeks
        return self.index.get_indexer(waarden) >= 0

    def __len__(self) -> int:
        return len(self.index)


# =============================================================================== the population


def leeftijd(jaar: int, geboortejaar, maand, dag):
    """Return the age in completed years on 1 January of ``jaar`` (unknown day: after 1 Jan)."""
    al_jarig = (maand == 1) & (dag == 1)
    return jaar - geboortejaar - (~al_jarig).astype(int)


def lees_personen(bestand: Bestand, jaren: list[int], log: Log, blok: int):
    """Return the persons with an 'R' key who are 22-26 on 1 January of one of the years."""
    import pandas as pd

    laag, hoog = min(jaren) - LEEFTIJD_TOT - 1, max(jaren) - LEEFTIJD_VAN
    vars_ = ["RINPERSOONS", "RINPERSOON", "GBAGEBOORTEJAAR", "GBAGEBOORTEMAAND", "GBAGEBOORTEDAG"]

    def filter_(df):
        s = tekst(df["RINPERSOONS"]).str.upper()
        jaar = getal(df["GBAGEBOORTEJAAR"])
        houd = (s == "R") & (jaar >= laag) & (jaar <= hoog)
        df = df.loc[houd]
        uit = pd.DataFrame(
            {
                "sleutel": sleutel(df["RINPERSOONS"], df["RINPERSOON"]),
                "jaar": getal(df["GBAGEBOORTEJAAR"]).astype(int),
                "maand": getal(df["GBAGEBOORTEMAAND"]).fillna(0).astype(int),
                "dag": getal(df["GBAGEBOORTEDAG"]).fillna(0).astype(int),
            }
        )
        for t in jaren:
            lft = leeftijd(t, uit["jaar"], uit["maand"], uit["dag"])
            uit[f"jv{t}"] = (lft >= LEEFTIJD_VAN) & (lft <= LEEFTIJD_TOT)
        return uit.loc[uit[[f"jv{t}" for t in jaren]].any(axis=1) & (uit["sleutel"] != ONBEKEND)]

    log(f"Personen (R-sleutel, 22-26 jaar op 1 januari van {', '.join(map(str, jaren))}) ...")
    personen = lees(bestand, vars_, filter_, log, blok)
    dubbel = personen.duplicated("sleutel")
    if dubbel.any():
        log(f"  let op: {int(dubbel.sum())} persoonssleutel(s) dubbel; de eerste telt")
        personen = personen.loc[~dubbel]
    onbekende_dag = int(((personen["maand"] < 1) | (personen["dag"] < 1)).sum())
    if onbekende_dag:
        log(f"  {onbekende_dag} personen zonder volledige geboortedatum: tellen als na 1 januari")
    return personen.set_index("sleutel")


def lees_ouders(bestand: Bestand, jongeren: Sleutelset, log: Log, blok: int):
    """Return mother and father keys of the young adults ('' for an unknown parent)."""
    import pandas as pd

    vars_ = [
        "RINPERSOONS",
        "RINPERSOON",
        "RINPERSOONSMa",
        "RINPERSOONMa",
        "RINPERSOONSpa",
        "RINPERSOONpa",
    ]

    def filter_(df):
        kind = sleutel(df["RINPERSOONS"], df["RINPERSOON"])
        houd = jongeren.bevat(kind)
        df = df.loc[houd]
        return pd.DataFrame(
            {
                "sleutel": kind.loc[houd],
                MOEDER: sleutel(df["RINPERSOONSMa"], df["RINPERSOONMa"]),
                VADER: sleutel(df["RINPERSOONSpa"], df["RINPERSOONpa"]),
            }
        )

    log("Ouders (KINDOUDERTAB) ...")
    ouders = lees(bestand, vars_, filter_, log, blok)
    ouders = ouders.drop_duplicates("sleutel").set_index("sleutel")
    for ouder in (MOEDER, VADER):
        log(f"  {ouder} onbekend bij {int((ouders[ouder] == ONBEKEND).sum())} jongvolwassenen")
    return ouders


def _spell_op(spells, peildatum: str, waarde: str, log: Log, wat: str):
    """Return per person the value of the spell valid on ``peildatum`` (the latest start wins)."""
    geldig = spells.loc[(spells["begin"] <= peildatum) & (spells["eind"] >= peildatum)]
    geldig = geldig.sort_values(["sleutel", "begin", "eind", waarde])
    dubbel = geldig.duplicated("sleutel", keep="last")
    if dubbel.any():
        log(
            f"  {wat} {peildatum}: {int(dubbel.sum())} overlappende periode(s); "
            "de laatst begonnen telt"
        )
    return geldig.loc[~dubbel].set_index("sleutel")[waarde]


def lees_adressen(bestand: Bestand, jongeren: Sleutelset, peildata: list[str], log: Log, blok: int):
    """Return the address spells of the young adults that cover one of the reference dates."""
    import pandas as pd

    vars_ = [
        "RINPERSOONS",
        "RINPERSOON",
        "SOORTOBJECTNUMMER",
        "RINOBJECTNUMMER",
        "GBADATUMAANVANGADRESHOUDING",
        "GBADATUMEINDEADRESHOUDING",
    ]
    eerste, laatste = min(peildata), max(peildata)

    def filter_(df):
        wie = sleutel(df["RINPERSOONS"], df["RINPERSOON"])
        jong = jongeren.bevat(wie)  # first the cheap filter: only young adults' spells
        df, wie = df.loc[jong], wie.loc[jong]
        begin = datum(df["GBADATUMAANVANGADRESHOUDING"], "00000000")
        eind = datum(df["GBADATUMEINDEADRESHOUDING"], "99999999")
        houd = (begin <= laatste) & (eind >= eerste)
        return pd.DataFrame(
            {
                "sleutel": wie.loc[houd],
                "object": objectsleutel(
                    df["SOORTOBJECTNUMMER"].loc[houd], df["RINOBJECTNUMMER"].loc[houd]
                ),
                "begin": begin.loc[houd],
                "eind": eind.loc[houd],
            }
        )

    log("Adressen (GBAADRESOBJECTBUS) ...")
    return lees(bestand, vars_, filter_, log, blok)


def gemeentekolom(bestand: Bestand, gevraagd: str | None) -> tuple[str, list[str]]:
    """Return the gemeente column to use (the newest gem<YYYY>, or the one asked) and all."""
    _, namen, _ = _kolommen(bestand, [])
    kolommen = sorted(
        (n for n in namen if re.fullmatch(r"gem\d{4}", n, re.IGNORECASE)), key=str.lower
    )
    if not kolommen:
        raise InvoerFout(f"{bestand.pad.name}: geen gemeentekolom gem<JJJJ> gevonden.")
    if gevraagd:
        passend = [k for k in kolommen if k.lower() == gevraagd.lower()]
        if not passend:
            raise InvoerFout(
                f"{bestand.pad.name}: de kolom {gevraagd} bestaat niet; er zijn: "
                f"{', '.join(kolommen)}."
            )
        return passend[0], kolommen
    return kolommen[-1], kolommen


def lees_gemeenten(
    bestand: Bestand, kolom: str, objecten: Sleutelset, regios: Regios, log: Log, blok: int
):
    """Return object -> 'GMxxxx' (or '' for an object without gemeente) from VSLGWBTAB."""
    import pandas as pd

    def filter_(df):
        obj = objectsleutel(df["SOORTOBJECTNUMMER"], df["RINOBJECTNUMMER"])
        houd = objecten.bevat(obj)
        code = tekst(df[kolom].loc[houd]).str.replace(r"\D", "", regex=True)
        code = code.where(code.str.len() == 0, "GM" + code.str.zfill(4))
        code = code.where(code != "GM0000", "")
        return pd.DataFrame({"object": obj.loc[houd], "gemeente": code})

    log(f"Gemeenten (VSLGWBTAB, kolom {kolom}) ...")
    tabel = lees(bestand, ["SOORTOBJECTNUMMER", "RINOBJECTNUMMER", kolom], filter_, log, blok)
    tabel = tabel.drop_duplicates("object").set_index("object")["gemeente"]
    oud = sorted(set(tabel) & set(regios.opgeheven))
    if oud:
        raise InvoerFout(
            f"De kolom {kolom} van {bestand.pad.name} bevat opgeheven gemeenten van Groningen of "
            f"Drenthe ({', '.join(oud[:5])}). Kies de nieuwste indeling (--indeling weglaten) of "
            "de indeling waarin de 22 huidige gemeenten staan."
        )
    return tabel


def lees_huishoudens(
    bestand: Bestand, jongeren: Sleutelset, peildata: list[str], log: Log, blok: int
):
    """Return the BRP household spells (PLHH) of the young adults around the reference dates."""
    import pandas as pd

    vars_ = ["RINPERSOONS", "RINPERSOON", "DATUMAANVANGHH", "DATUMEINDEHH", "PLHH"]
    eerste, laatste = min(peildata), max(peildata)

    def filter_(df):
        wie = sleutel(df["RINPERSOONS"], df["RINPERSOON"])
        jong = jongeren.bevat(wie)  # first the cheap filter: only young adults' spells
        df, wie = df.loc[jong], wie.loc[jong]
        begin = datum(df["DATUMAANVANGHH"], "00000000")
        eind = datum(df["DATUMEINDEHH"], "99999999")
        houd = (begin <= laatste) & (eind >= eerste)
        return pd.DataFrame(
            {
                "sleutel": wie.loc[houd],
                "thuis": (getal(df["PLHH"].loc[houd]) == 1),
                "begin": begin.loc[houd],
                "eind": eind.loc[houd],
            }
        )

    log("Huishoudens (GBAHUISHOUDENSBUS) ...")
    return lees(bestand, vars_, filter_, log, blok)


def lees_inkomen(
    koppel: Bestand, inkomen: Bestand, personen: Sleutelset, log: Log, blok: int, jaar: int
):
    """Return per person (young adults and parents) the income household's INHA variables."""
    import pandas as pd

    def filter_koppel(df):
        wie = sleutel(df["RINPERSOONS"], df["RINPERSOON"])
        houd = personen.bevat(wie)
        return pd.DataFrame(
            {
                "sleutel": wie.loc[houd],
                "hkw": sleutel(df["RINPERSOONSHKW"].loc[houd], df["RINPERSOONHKW"].loc[houd]),
            }
        )

    log(f"Inkomen {jaar}: koppeling persoon-huishouden ...")
    vars_k = ["RINPERSOONS", "RINPERSOON", "RINPERSOONSHKW", "RINPERSOONHKW"]
    koppeling = lees(koppel, vars_k, filter_koppel, log, blok)
    koppeling = koppeling.loc[koppeling["hkw"] != ONBEKEND]
    dubbel = koppeling.duplicated("sleutel")
    if dubbel.any():
        log(
            f"  let op: {int(dubbel.sum())} personen met meer dan één inkomenshuishouden; "
            "de eerste telt"
        )
        koppeling = koppeling.loc[~dubbel]
    huishoudens = Sleutelset(koppeling["hkw"])

    def filter_inkomen(df):
        hkw = sleutel(df["RINPERSOONSHKW"], df["RINPERSOONHKW"])
        houd = huishoudens.bevat(hkw)
        return pd.DataFrame(
            {
                "hkw": hkw.loc[houd],
                "lag": getal(df["INHARMLAG"].loc[houd]),
                "lagl": getal(df["INHARMLAGL"].loc[houd]),
                "pop": getal(df["INHPOPIIV"].loc[houd]),
            }
        )

    log(f"Inkomen {jaar}: huishoudensinkomen (INHATAB) ...")
    vars_i = ["RINPERSOONSHKW", "RINPERSOONHKW", "INHARMLAG", "INHARMLAGL", "INHPOPIIV"]
    inha = lees(inkomen, vars_i, filter_inkomen, log, blok).drop_duplicates("hkw")
    return koppeling.merge(inha, on="hkw", how="left").set_index("sleutel")


# =============================================================================== tabulation


GRENS_ONDER, GRENS_TOT_EN_MET = "onder-100", "tot-en-met-100"
GRENZEN = (GRENS_ONDER, GRENS_TOT_EN_MET)


class Instellingen:
    """The options of one run."""

    def __init__(self, grens: str, minimum: int, afronding: int) -> None:
        self.grens = 100.0
        self.tot_en_met = grens == GRENS_TOT_EN_MET
        self.afronding = afronding
        # a published count is at least MINIMUM and never rounds to 0
        self.minimum = max(minimum, math.ceil(afronding / 2))
        self.definitie = DEFINITIE_TOT_EN_MET_100 if self.tot_en_met else DEFINITIE

    def laag(self, waarde):
        """Tell which INHARMLAG values are a low income (0 <= value < 100, or <= 100)."""
        onder = waarde <= self.grens if self.tot_en_met else waarde < self.grens
        return (waarde >= 0) & onder


def status_inkomen(inkomen, sleutels, inst: Instellingen):
    """Return (in population, low, long-term low) for ``sleutels`` in one income year."""
    rij = inkomen.reindex(sleutels)
    pop = (rij["pop"] == 1) & rij["lag"].notna() & (rij["lag"] >= 0)
    laag = pop & inst.laag(rij["lag"])
    langdurig = pop & inst.laag(rij["lagl"])
    return pop.to_numpy(), laag.to_numpy(), langdurig.to_numpy()


def tel_jaar(
    jaar: int,
    personen,
    ouders,
    adressen,
    gemeente_van,
    huishoudens,
    inkomen,
    regios: Regios,
    inst: Instellingen,
    log: Log,
):
    """Return the person-level frame of one year: atom region, woonsituatie, income, parents."""
    import pandas as pd

    peildatum = f"{jaar}0101"
    jong = personen.index[personen[f"jv{jaar}"].to_numpy()]
    df = pd.DataFrame(index=jong)
    obj = _spell_op(adressen, peildatum, "object", log, "adres")
    gem = obj.reindex(jong).map(gemeente_van)
    gem = gem.where(gem.notna(), "")
    zonder = int((gem == "").sum())
    df["regio"] = gem.where(gem.isin(list(regios.gemeenten)), REST).to_numpy()
    thuis = _spell_op(huishoudens, peildatum, "thuis", log, "huishouden").reindex(jong)
    df["woon"] = [THUIS if t is True else UIT for t in thuis.tolist()]
    df["pop"], df["laag"], df["langdurig"] = status_inkomen(inkomen, jong, inst)
    for ouder in (MOEDER, VADER):
        sleutels = ouders[ouder].reindex(jong).fillna(ONBEKEND).astype("int64")
        pop, laag, _ = status_inkomen(inkomen, sleutels.to_numpy(), inst)
        bekend = (sleutels != ONBEKEND).to_numpy() & pop
        df[f"{ouder}_bekend"] = bekend
        df[f"{ouder}_laag"] = bekend & laag
    in_pop = int(df["pop"].sum())
    log(
        f"Jaar {jaar}: {n_(len(df))} jongvolwassenen (R, 22-26), {n_(in_pop)} in de "
        f"lage-inkomenspopulatie; {n_(zonder)} zonder gemeente op 1 januari (alleen in Nederland)"
    )
    return df.loc[df["pop"]]


def _tel(df, kolommen: list[str], waar) -> dict[tuple[str, str], int]:
    """Count rows per (atom region, woonsituatie) where ``waar`` holds."""
    sub = df.loc[waar] if waar is not None else df
    telling = sub.groupby(kolommen).size()
    return {k: int(v) for k, v in telling.items()}


def tellingen(per_jaar: dict[int, object]) -> dict[tuple, int]:
    """Return the atom counts: (blok, maat, atom, woon) -> count, years and the pooled window."""
    uit: dict[tuple, int] = {}
    for jaar, df in per_jaar.items():
        for maat, waar in (
            ("jv", None),
            ("jv_laag", df["laag"]),
            ("jv_langdurig", df["langdurig"]),
        ):
            for (regio, woon), n in _tel(df, ["regio", "woon"], waar).items():
                uit[(("jaar", jaar), maat, regio, woon)] = n
        for ouder in (MOEDER, VADER):
            bekend, laag_o = df[f"{ouder}_bekend"], df[f"{ouder}_laag"]
            for maat, waar in (
                ("ouder_bekend", bekend),
                ("jv_laag_ouder_laag", bekend & df["laag"] & laag_o),
                ("jv_laag_ouder_niet_laag", bekend & df["laag"] & ~laag_o),
                ("jv_niet_laag_ouder_laag", bekend & ~df["laag"] & laag_o),
                ("jv_niet_laag_ouder_niet_laag", bekend & ~df["laag"] & ~laag_o),
            ):
                for (regio, woon), n in _tel(df, ["regio", "woon"], waar).items():
                    sleutel_ = (("venster", ouder), maat, regio, woon)
                    uit[sleutel_] = uit.get(sleutel_, 0) + n
    return uit


# =============================================================================== output control


class Cel:
    """One cell of a linked table: its true count and whether it may be published."""

    __slots__ = ("maat", "regio", "status", "verborgen", "waarde", "woon")

    def __init__(self, regio: str, woon: str, maat: str, waarde: int, verborgen: bool) -> None:
        self.regio = regio
        self.woon = woon
        self.maat = maat
        self.waarde = waarde
        self.verborgen = verborgen  # never published (rest of NL, complements)
        self.status = "verborgen" if verborgen else "gepubliceerd"  # or primair / secundair

    @property
    def sleutel(self) -> tuple[str, str, str]:
        """Return (regio, woon, maat)."""
        return (self.regio, self.woon, self.maat)


Sleutel = tuple  # (regio, woon, maat)
Relatie = list  # [(cell key, +1 or -1), ...]: the signed counts add up to zero


class Blok:
    """A set of linked cells (one year, or one parent's pooled 2x2) and their additive relations.

    A relation is a list of (cell, sign) whose signed counts add up to zero, e.g. total - parts.
    Relations that follow from others (a Veenkoloniën set minus a smaller one, both provinces
    minus a set) are added too: they change nothing in what can be recomputed, but they let the
    quick checks per relation see the differences an attacker would take.
    """

    def __init__(self, naam: str, minimum: int) -> None:
        self.naam = naam
        self.minimum = minimum
        self.cellen: dict[Sleutel, Cel] = {}
        self.relaties: list[Relatie] = []
        self.kosten: dict[Sleutel, tuple] = {}
        self.per_cel: dict[Sleutel, list[int]] = {}  # cell -> the relations it is in

    # -- structure --
    def voeg_toe(self, cel: Cel, kosten: tuple) -> None:
        """Add a cell with its cost of suppression (lower is suppressed first)."""
        self.cellen[cel.sleutel] = cel
        self.kosten[cel.sleutel] = kosten
        self.per_cel[cel.sleutel] = []

    def relatie(self, plus: list[Sleutel], min_: list[Sleutel]) -> None:
        """Add sum(plus) = sum(min_); raise if the true counts do not add up (a bug)."""
        links = sum(self.cellen[k].waarde for k in plus)
        rechts = sum(self.cellen[k].waarde for k in min_)
        if links != rechts:
            raise AssertionError(f"{self.naam}: {plus} = {min_} klopt niet ({links} != {rechts})")
        rel = [(k, 1) for k in plus] + [(k, -1) for k in min_]
        for k, _ in rel:
            self.per_cel[k].append(len(self.relaties))
        self.relaties.append(rel)

    # -- state --
    def onbekend(self, k: Sleutel) -> bool:
        """Tell whether a cell is not published (suppressed or hidden)."""
        return self.cellen[k].status != "gepubliceerd"

    def beschermd(self, k: Sleutel) -> bool:
        """Tell whether a cell must not be recomputable (suppressed, or hidden and small)."""
        cel = self.cellen[k]
        if cel.verborgen:
            return cel.waarde < self.minimum
        return cel.status in ("primair", "secundair")

    # -- the checks --
    def probleem(self, i: int) -> str:
        """Return what relation ``i`` gives away of a protected cell ('' = nothing)."""
        onbekend = [(k, t) for k, t in self.relaties[i] if self.onbekend(k)]
        if not any(self.beschermd(k) for k, _ in onbekend):
            return ""
        if len(onbekend) == 1:
            return "enkel"  # recomputable: the other cells of the relation are published
        een_kant = len({t for _, t in onbekend}) == 1  # all on one side: their sum is published
        if een_kant and sum(self.cellen[k].waarde for k, _ in onbekend) < self.minimum:
            return "klein"  # together smaller than the minimum
        return ""

    def relatieproblemen(self) -> list[int]:
        """Return the relations that give a protected cell away on their own."""
        return [i for i in range(len(self.relaties)) if self.probleem(i)]

    def afleidbaar(self, rond: Sleutel | None = None) -> list[Sleutel]:
        """Return the protected cells the published cells determine exactly (linear algebra).

        Each relation restricted to the unpublished cells is one equation; a cell is determined
        exactly when a combination of equations holds that cell alone, i.e. when the reduced row
        echelon form has a row with only that cell. Computed exactly (integers) per group of
        connected unpublished cells; with ``rond`` only for the groups around that cell.
        """
        return sorted(k for k, _ in self._afleidingen(rond))

    def _afleidingen(self, rond: Sleutel | None = None) -> list[tuple[Sleutel, dict[int, int]]]:
        """Return (protected cell, the combination of relations that determines it)."""
        uit = []
        for cellen, rijen, nummers in self._groepen(rond):
            for rij, combinatie in _rref(rijen):
                if len(rij) == 1:
                    (j,) = rij
                    if self.beschermd(cellen[j]):
                        uit.append((cellen[j], {nummers[i]: c for i, c in combinatie.items()}))
        return uit

    def _groepen(self, rond: Sleutel | None = None) -> list[tuple[list[Sleutel], list, list[int]]]:
        """Return the unpublished cells in connected groups, with their equations (and numbers)."""
        if rond is None:
            nummers = range(len(self.relaties))
        else:  # the relations reachable from ``rond`` through unpublished cells
            gezien: set[int] = set()
            rand = list(self.per_cel[rond])
            while rand:
                i = rand.pop()
                if i in gezien:
                    continue
                gezien.add(i)
                for k, _ in self.relaties[i]:
                    if self.onbekend(k):
                        rand.extend(j for j in self.per_cel[k] if j not in gezien)
            nummers = sorted(gezien)
        ouder: dict[Sleutel, Sleutel] = {}

        def wortel(k: Sleutel) -> Sleutel:
            while ouder[k] != k:
                ouder[k] = ouder[ouder[k]]
                k = ouder[k]
            return k

        vergelijkingen = []
        for i in nummers:
            onbekend = [(k, t) for k, t in self.relaties[i] if self.onbekend(k)]
            if not onbekend:
                continue
            for k, _ in onbekend:
                ouder.setdefault(k, k)
            eerste = wortel(onbekend[0][0])
            for k, _ in onbekend[1:]:
                ouder[wortel(k)] = eerste
            vergelijkingen.append((i, onbekend))
        per_groep: dict[Sleutel, tuple[list[Sleutel], dict[Sleutel, int], list, list[int]]] = {}
        for i, onbekend in vergelijkingen:
            w = wortel(onbekend[0][0])
            cellen, kolom, rijen, nrs = per_groep.setdefault(w, ([], {}, [], []))
            rij: dict[int, int] = {}
            for k, t in onbekend:
                if k not in kolom:
                    kolom[k] = len(cellen)
                    cellen.append(k)
                rij[kolom[k]] = rij.get(kolom[k], 0) + t
            rij = {j: v for j, v in rij.items() if v != 0}
            if rij:
                rijen.append(rij)
                nrs.append(i)
        return [(cellen, rijen, nrs) for cellen, _, rijen, nrs in per_groep.values()]

    def veilig(self) -> bool:
        """Tell whether no relation and no combination of relations gives a protected cell away."""
        return not self.relatieproblemen() and not self.afleidbaar()

    # -- suppression --
    def _onderdruk(self, k: Sleutel) -> None:
        self.cellen[k].status = "secundair"

    def _kandidaten(self, leden: Iterable[Sleutel]) -> list[Sleutel]:
        vrij = {k for k in leden if not self.onbekend(k)}
        return sorted(vrij, key=lambda k: (self.kosten[k], k))

    def onderdruk(self) -> None:
        """Primary suppression (< minimum, zero included), then as little secondary as it can."""
        for cel in self.cellen.values():
            if not cel.verborgen and cel.waarde < self.minimum:
                cel.status = "primair"
        while True:
            problemen = self.relatieproblemen()
            if problemen:
                rel = self.relaties[problemen[0]]
                kandidaten = self._kandidaten(k for k, _ in rel)  # the cheapest published cell
                if not kandidaten:
                    raise AssertionError(f"{self.naam}: relatie {rel} niet te beschermen")
                self._onderdruk(kandidaten[0])
                continue
            doel = self.afleidbaar()
            if not doel:
                break
            self._breek(doel[0])
        self._snoei()

    def _breek(self, doel: Sleutel) -> None:
        """Suppress published cells until ``doel`` is no longer recomputable.

        The reduced row echelon form tells which combination of relations determines ``doel``;
        suppressing any published cell that this combination uses (with a non-zero total
        coefficient) breaks it. The cheapest such cell is suppressed, and so on while another
        combination remains; ``_snoei`` publishes again whatever turns out not to be needed.
        """
        while True:
            combinatie = dict(self._afleidingen(doel)).get(doel)
            if combinatie is None:
                return
            gewicht: dict[Sleutel, int] = {}
            for i, c in combinatie.items():
                for k, t in self.relaties[i]:
                    if not self.onbekend(k):
                        gewicht[k] = gewicht.get(k, 0) + c * t
            kandidaten = self._kandidaten(k for k, g in gewicht.items() if g != 0)
            if not kandidaten:
                raise AssertionError(f"{self.naam}: {doel} blijft afleidbaar")
            self._onderdruk(kandidaten[0])

    def _snoei(self) -> None:
        """Publish again every secondary cell that is not needed (largest cost first)."""
        secundair = [k for k, c in self.cellen.items() if c.status == "secundair"]
        for k in sorted(secundair, key=lambda k: (self.kosten[k], k), reverse=True):
            self.cellen[k].status = "gepubliceerd"
            if any(self.probleem(i) for i in self.per_cel[k]) or self.afleidbaar(rond=k):
                self.cellen[k].status = "secundair"


def _normaal(rij: dict[int, int], combinatie: dict[int, int]) -> None:
    """Divide a row and its combination by their common divisor; make the pivot positive."""
    deler = 0
    for v in rij.values():
        deler = math.gcd(deler, v)
    for v in combinatie.values():
        deler = math.gcd(deler, v)
    if rij[min(rij)] < 0:
        deler = -deler
    if deler not in (0, 1):
        for j in rij:
            rij[j] //= deler
        for j in combinatie:
            combinatie[j] //= deler


def _min(a: dict[int, int], fa: int, b: dict[int, int], fb: int) -> dict[int, int]:
    """Return fa * a - fb * b without zeros."""
    uit = {j: fa * v for j, v in a.items()}
    for j, v in b.items():
        w = uit.get(j, 0) - fb * v
        if w:
            uit[j] = w
        else:
            uit.pop(j, None)
    return uit


def _rref(rijen: list[dict[int, int]]) -> list[tuple[dict[int, int], dict[int, int]]]:
    """Return the reduced row echelon form of sparse integer rows, exactly (no rounding).

    Rows stay integers (fraction-free elimination, divided by their greatest common divisor);
    each row comes with the combination of input rows it is (row number -> coefficient).
    """
    klaar: list[tuple[dict[int, int], dict[int, int]]] = []
    spil: list[int] = []
    for nummer, invoer in enumerate(rijen):
        rij, combinatie = dict(invoer), {nummer: 1}
        for p, (r, c) in zip(spil, klaar):
            if p in rij:
                a, b = rij[p], r[p]
                rij, combinatie = _min(rij, b, r, a), _min(combinatie, b, c, a)
        if not rij:
            continue
        _normaal(rij, combinatie)
        p = min(rij)
        for i, (r, c) in enumerate(klaar):  # eliminate the new pivot from the rows before
            if p in r:
                a, b = r[p], rij[p]
                r2, c2 = _min(r, b, rij, a), _min(c, b, combinatie, a)
                _normaal(r2, c2)
                klaar[i] = (r2, c2)
        klaar.append((rij, combinatie))
        spil.append(p)
    return klaar


# what a reader needs most is suppressed last: the totals of single years (share of young adults
# on a low income) and the uitwonend 2x2 (how often their parents have a low income too)
WOONGEWICHT = {
    "jaar": {THUIS: 0, UIT: 1, TOTAAL: 2},
    "venster": {THUIS: 0, TOTAAL: 1, UIT: 2},
}


def _kosten(regio: str, woon: str, maat: str, waarde: int, regios: Regios, soort: str) -> tuple:
    """Return the cost of suppressing a cell: detail before totals, then the smallest count."""
    if regio in regios.gemeenten:
        niveau = 0
    elif regio in regios.veenkolonien:
        niveau = 2 if regio == regios.hoofdset else 1  # the monitor's own set is kept longest
    elif regio in regios.provincies:
        niveau = 2
    else:
        niveau = 3
    totaalmaat = maat in ("jv", "ouder_bekend")
    return (niveau + WOONGEWICHT[soort][woon] + totaalmaat, waarde)


def maak_blok(
    naam: str,
    maten: Sequence[str],
    verborgen_maten: Sequence[str],
    atomen: dict[tuple[str, str, str], int],
    regios: Regios,
    inst: Instellingen,
) -> Blok:
    """Build one linked table: every region, woonsituatie and measure, with its relations."""
    blok = Blok(naam, inst.minimum)
    soort = "jaar" if "jv" in maten else "venster"
    aggregaten = regios.aggregaten()
    alle_atomen = [*regios.gemeenten, REST]

    def waarde(regio: str, woon: str, maat: str) -> int:
        woons = [THUIS, UIT] if woon == TOTAAL else [woon]
        if regio == NEDERLAND:
            leden = alle_atomen
        elif regio in aggregaten:
            leden = aggregaten[regio]
        else:
            leden = [regio]
        return sum(atomen.get((maat, m, w), 0) for m in leden for w in woons)

    def basiswaarde(regio: str, woon: str, maat: str) -> int:
        if maat == "jv_niet_laag":
            return waarde(regio, woon, "jv") - waarde(regio, woon, "jv_laag")
        if maat == "jv_niet_langdurig":
            return waarde(regio, woon, "jv") - waarde(regio, woon, "jv_langdurig")
        return waarde(regio, woon, maat)

    regiolijst = [*regios.volgorde(), REST]
    for regio in regiolijst:
        for woon in WOONSITUATIES:
            for maat in [*maten, *verborgen_maten]:
                n = basiswaarde(regio, woon, maat)
                verborgen = regio == REST or maat in verborgen_maten
                blok.voeg_toe(
                    Cel(regio, woon, maat, n, verborgen),
                    _kosten(regio, woon, maat, n, regios, soort),
                )
    alle_maten = [*maten, *verborgen_maten]
    gemeenten = list(regios.gemeenten)
    for woon in WOONSITUATIES:
        for maat in alle_maten:

            def c(regio: str, woon: str = woon, maat: str = maat) -> Sleutel:
                return (regio, woon, maat)

            for code, leden in aggregaten.items():
                blok.relatie([c(code)], [c(g) for g in leden])
            blok.relatie([c(NEDERLAND)], [c(p) for p in regios.provincies] + [c(REST)])
            # relations that follow from these: a set minus a smaller set, all minus a set
            for a, leden_a in aggregaten.items():
                for b, leden_b in aggregaten.items():
                    if a != b and set(leden_a) < set(leden_b):
                        rest = [g for g in leden_b if g not in leden_a]
                        blok.relatie([c(b)], [c(a)] + [c(g) for g in rest])
                if a not in regios.provincies:
                    rest = [g for g in gemeenten if g not in leden_a]
                    blok.relatie([c(p) for p in regios.provincies], [c(a)] + [c(g) for g in rest])
    for regio in regiolijst:
        for maat in alle_maten:
            blok.relatie([(regio, TOTAAL, maat)], [(regio, THUIS, maat), (regio, UIT, maat)])
        for woon in WOONSITUATIES:
            if "jv" in maten:
                for deel, rest in (
                    ("jv_laag", "jv_niet_laag"),
                    ("jv_langdurig", "jv_niet_langdurig"),
                ):
                    blok.relatie([(regio, woon, "jv")], [(regio, woon, deel), (regio, woon, rest)])
            else:
                blok.relatie([(regio, woon, maten[0])], [(regio, woon, m) for m in maten[1:]])
    return blok


def afronden(waarde: int, basis: int) -> int:
    """Round half up to a multiple of ``basis`` (14 -> 10, 15 -> 20 for basis 10)."""
    return math.floor(waarde / basis + 0.5) * basis


def rijen_van(blok: Blok, jaar_van: int, jaar_tot: int, ouder: str, maten, regios: Regios, inst):
    """Return the export rows of one block (hidden cells are never written)."""
    uit = []
    for regio in regios.volgorde():
        for woon in WOONSITUATIES:
            for maat in maten:
                cel = blok.cellen[(regio, woon, maat)]
                gepubliceerd = cel.status == "gepubliceerd"
                uit.append(
                    {
                        "jaar_van": jaar_van,
                        "jaar_tot": jaar_tot,
                        "regio_code": regio,
                        "woonsituatie": woon,
                        "ouder": ouder,
                        "maat": maat,
                        "aantal": afronden(cel.waarde, inst.afronding) if gepubliceerd else "",
                        "reden": "" if gepubliceerd else REDEN,
                        "afronding": inst.afronding,
                        "definitie": inst.definitie,
                    }
                )
    return uit


# =============================================================================== the run


def schrijf_csv(pad: Path, rijen: list[dict]) -> None:
    """Write the export: ';'-separated UTF-8, one row per cell, no index."""
    import csv

    with pad.open("w", encoding="utf-8", newline="") as fh:
        schrijver = csv.DictWriter(
            fh, fieldnames=list(KOLOMMEN), delimiter=";", lineterminator="\n"
        )
        schrijver.writeheader()
        for rij in rijen:
            schrijver.writerow(rij)


def toelichting(
    blokken: list[tuple[str, Blok]],
    inst: Instellingen,
    jaren: list[int],
    bestanden: dict[str, dict[int, Bestand]],
    kolom: str,
    regios: Regios,
    csv_naam: str,
) -> str:
    """Return the Dutch note for the output-control form: what was suppressed and why."""
    regels = [
        f"Toelichting bij {csv_naam} (voor het outputcontroleformulier van het CBS)",
        "",
        f"Gemaakt met avk_generatiearmoede.py versie {SCRIPT_VERSIE} (monitor generatiearmoede, "
        f"Alliantie van Kracht); {DEFINITIES[inst.definitie]}.",
        f"Jaren: {', '.join(map(str, jaren))} (peildatum 1 januari; inkomen van hetzelfde jaar); "
        f"de 2x2-tabellen per ouder zijn gestapeld over {jaren[0]}-{jaren[-1]} (persoonsjaren).",
        f"Gemeente-indeling: kolom {kolom} van "
        f"{next(iter(bestanden['gemeente'].values())).pad.name}.",
        "Gebruikte bestanden (hoogste versie): "
        + "; ".join(f"{b.pad.name}" for soort in bestanden.values() for b in soort.values())
        + ".",
        "",
        "Wat de export bevat",
        "- Alleen aantallen personen (tellingen), geen RIN-sleutels, geen individuele waarden en "
        "geen inkomensbedragen.",
        f"- Regio's: de {len(regios.gemeenten)} gemeenten van Groningen en Drenthe, de provincies, "
        f"{len(regios.veenkolonien)} Veenkoloniën-sets en Nederland.",
        "",
        "Toegepaste outputregels",
        f"- Elke gepubliceerde telling telt ten minste {inst.minimum} personen (ongewogen); nul en "
        "kleine cellen zijn onderdrukt (kolom aantal leeg, kolom reden "
        f"'{REDEN}'; nooit 0).",
        f"- Alle gepubliceerde tellingen zijn afgerond op {inst.afronding} (half naar boven).",
        "- Secundaire onderdrukking: geen onderdrukte cel is terug te rekenen uit de gepubliceerde "
        "cellen via de optellingen totaal = thuiswonend + uitwonend, de 2x2-tabel = zijn totaal "
        "(ouder_bekend), provincie = som van haar gemeenten, Veenkoloniën-set = som van haar "
        "gemeenten en Nederland = provincies + rest. Niet-gepubliceerde complementen "
        "(jongvolwassenen zonder laag inkomen = jv - jv_laag, zonder langdurig laag inkomen) en de "
        "rest van Nederland "
        f"zijn daarbij meegenomen: is zo'n complement kleiner dan {inst.minimum}, dan is het "
        "evenmin terug te rekenen.",
        "- Controle na afloop: exacte lineaire controle (rijgereduceerde vorm met breuken) over "
        "alle optellingen tegelijk, plus per optelling: een groep onderdrukte delen naast een "
        f"gepubliceerd totaal telt samen ten minste {inst.minimum}. Uitkomst: geslaagd.",
        "",
        "Aantallen cellen",
    ]
    for naam, blok in blokken:
        zichtbaar = [c for c in blok.cellen.values() if not c.verborgen]
        primair = sum(c.status == "primair" for c in zichtbaar)
        secundair = sum(c.status == "secundair" for c in zichtbaar)
        regels.append(
            f"- {naam}: {len(zichtbaar)} cellen, {len(zichtbaar) - primair - secundair} "
            f"gepubliceerd, {primair} onderdrukt omdat ze kleiner zijn dan {inst.minimum} "
            f"(primair), {secundair} onderdrukt zodat die niet terug te rekenen zijn (secundair)."
        )
    regels += [
        "",
        "Bronvermelding bij publicatie: " + BRONREGEL.format(organisatie="[organisatie]") + ".",
        "",
    ]
    return "\n".join(regels)


def voer_uit(args: argparse.Namespace, log: Log) -> tuple[Path, Path]:
    """Run the whole tabulation; return the CSV and the note written."""
    regios = Regios(json.loads(REGIO_JSON))
    jaren = sorted(set(args.jaren))
    if jaren[0] < EERSTE_JAAR:
        raise InvoerFout(f"De tabellering begint in {EERSTE_JAAR} (INHATAB); niet {jaren[0]}.")
    if jaren != list(range(jaren[0], jaren[-1] + 1)):
        raise InvoerFout(f"Geef aaneengesloten jaren, bijvoorbeeld 2021 2022 2023 (niet {jaren}).")
    if args.afronding not in AFRONDINGEN:
        raise InvoerFout(f"--afronding is 10 of 100, niet {args.afronding}.")
    if args.minimum < MINIMUM:
        raise InvoerFout(f"--minimum is ten minste {MINIMUM} (CBS), niet {args.minimum}.")
    bron = Path(args.bron)
    if not bron.is_dir():
        raise InvoerFout(f"De map {bron} bestaat niet (--bron).")
    uitmap = Path(args.uit)
    uitmap.mkdir(parents=True, exist_ok=True)
    inst = Instellingen(args.grens, args.minimum, args.afronding)
    log(
        f"Start: jaren {jaren[0]}-{jaren[-1]}, definitie {inst.definitie}, minimum {inst.minimum}, "
        f"afronding {inst.afronding}, gemeenten en Veenkoloniën van de monitor ({regios.bron})"
    )
    bestanden = bestanden_kiezen(bron, jaren, log)
    [gem_bestand] = bestanden["gemeente"].values()
    kolom, alle_kolommen = gemeentekolom(gem_bestand, args.indeling)
    log(f"Gemeente-indeling: {kolom} (in het bestand: {', '.join(alle_kolommen)})")
    peildata = [f"{j}0101" for j in jaren]

    [persoon] = bestanden["persoon"].values()
    personen = lees_personen(persoon, jaren, log, args.blok)
    jongeren = Sleutelset(personen.index)
    [kindouder] = bestanden["kindouder"].values()
    ouders = lees_ouders(kindouder, jongeren, log, args.blok)
    [adres] = bestanden["adres"].values()
    adressen = lees_adressen(adres, jongeren, peildata, log, args.blok)
    gemeente_van = lees_gemeenten(
        gem_bestand, kolom, Sleutelset(adressen["object"]), regios, log, args.blok
    )
    onbekende_objecten = int((~adressen["object"].isin(gemeente_van.index)).sum())
    if onbekende_objecten:
        log(
            f"  {onbekende_objecten} adresperiode(s) met een object dat niet in VSLGWBTAB staat: "
            "alleen Nederland"
        )
    [huishouden] = bestanden["huishouden"].values()
    huishoudens = lees_huishoudens(huishouden, jongeren, peildata, log, args.blok)
    import pandas as pd

    nodig = Sleutelset(
        pd.concat([personen.index.to_series(), ouders[MOEDER], ouders[VADER]], ignore_index=True)
    )

    per_jaar = {}
    for jaar in jaren:
        inkomen = lees_inkomen(
            bestanden["koppel"][jaar], bestanden["inkomen"][jaar], nodig, log, args.blok, jaar
        )
        per_jaar[jaar] = tel_jaar(
            jaar, personen, ouders, adressen, gemeente_van, huishoudens, inkomen, regios, inst, log
        )
    atomen = tellingen(per_jaar)
    ontbrekend = [
        g
        for g in regios.gemeenten
        if not any(atomen.get((("jaar", j), "jv", g, w)) for j in jaren for w in (THUIS, UIT))
    ]
    if ontbrekend:
        raise InvoerFout(
            f"Geen enkele jongvolwassene in {', '.join(ontbrekend[:5])} in kolom {kolom}. Is de "
            "gemeente-indeling veranderd? Kies met --indeling de kolom met de huidige gemeenten, "
            "of maak een nieuw pakket met de monitor."
        )

    log("Outputcontrole: primaire en secundaire onderdrukking, afronding ...")
    rijen: list[dict] = []
    blokken: list[tuple[str, Blok]] = []
    for jaar in jaren:
        deel = {(m, r, w): n for (b, m, r, w), n in atomen.items() if b == ("jaar", jaar)}
        blok = maak_blok(f"jaar {jaar}", MATEN_JAAR, VERBORGEN_JAAR, deel, regios, inst)
        blok.onderdruk()
        blokken.append((f"Jongvolwassenen {jaar}", blok))
        rijen += rijen_van(blok, jaar, jaar, TOTAAL, MATEN_JAAR, regios, inst)
    for ouder in (MOEDER, VADER):
        deel = {(m, r, w): n for (b, m, r, w), n in atomen.items() if b == ("venster", ouder)}
        blok = maak_blok(f"2x2 {ouder}", MATEN_VENSTER, (), deel, regios, inst)
        blok.onderdruk()
        blokken.append((f"2x2 {ouder} {jaren[0]}-{jaren[-1]}", blok))
        rijen += rijen_van(blok, jaren[0], jaren[-1], ouder, MATEN_VENSTER, regios, inst)
    for naam, blok in blokken:
        if not blok.veilig():  # the check the note reports; it cannot fail after onderdruk()
            raise AssertionError(f"{naam}: outputcontrole niet geslaagd")
        zichtbaar = [c for c in blok.cellen.values() if not c.verborgen]
        onderdrukt = sum(c.status != "gepubliceerd" for c in zichtbaar)
        log(f"  {naam}: {len(zichtbaar)} cellen, {onderdrukt} onderdrukt")

    stam = f"generatiearmoede_{jaren[0]}-{jaren[-1]}"
    csv_pad = uitmap / f"{stam}.csv"
    notitie = uitmap / f"{stam}_toelichting.txt"
    schrijf_csv(csv_pad, rijen)
    notitie.write_text(
        toelichting(blokken, inst, jaren, bestanden, kolom, regios, csv_pad.name), encoding="utf-8"
    )
    log(f"Klaar: {csv_pad} ({len(rijen)} cellen) en {notitie.name}")
    return csv_pad, notitie


def parser() -> argparse.ArgumentParser:
    """Return the command-line options (Dutch)."""
    p = argparse.ArgumentParser(
        description="Generatiearmoede per gemeente uit CBS-microdata "
        "(monitor Alliantie van Kracht)."
    )
    p.add_argument(
        "--bron",
        required=True,
        help="map met Bevolking/, InkomenBestedingen/, BouwenWonen/ (RA: G:/)",
    )
    p.add_argument(
        "--jaren",
        required=True,
        nargs="+",
        type=int,
        help="aaneengesloten inkomensjaren, bv. 2021 2022 2023",
    )
    p.add_argument("--uit", required=True, help="map voor de CSV en de toelichting")
    p.add_argument(
        "--afronding",
        type=int,
        default=10,
        help="afrondingsbasis: 10 (standaard) of 100 (CBS-inkomensregel)",
    )
    p.add_argument(
        "--indeling",
        default=None,
        help="gemeentekolom van VSLGWBTAB, bv. gem2025 (standaard: de nieuwste)",
    )
    p.add_argument(
        "--grens",
        choices=GRENZEN,
        default=GRENS_ONDER,
        help="laag inkomen: INHARMLAG onder 100 (standaard, definitie 1) of tot en met 100 "
        "(variant)",
    )
    p.add_argument(
        "--minimum",
        type=int,
        default=MINIMUM,
        help=f"kleinste te publiceren aantal (ten minste {MINIMUM})",
    )
    p.add_argument(
        "--blok", type=int, default=1_000_000, help="rijen per leesblok (minder = minder geheugen)"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the script; return 0 when the export was written, 1 for an input problem."""
    args = parser().parse_args(argv)
    log = Log()
    try:
        voer_uit(args, log)
    except InvoerFout as fout:
        print(f"FOUT: {fout}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
