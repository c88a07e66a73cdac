"""'Wie heeft een laag inkomen?': the household characteristics of the LLI tables, in plain words.

Two questions a reader asks, kept apart because they have different answers: which households
most *often* have a low income (the share of a group below the lage-inkomensgrens, as CBS
publishes it) and which households *make up* most of those with a low income (the group's count
as a part of all low-income households, computed by the monitor). The second needs counts that
bear it: CBS rounds counts to hundreds, so a part is only given where the region has at least
``PART_MIN_TOTAL`` households with a low income.
"""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.indicators import nature
from avk_analysis.indicators.select import figure, region_label
from avk_analysis.presentation.formatting import GEEN_GEGEVENS, fmt_getal, fmt_pct
from avk_analysis.presentation.narrative import cell_key, with_cell_keys
from avk_analysis.sources.cbs import tables
from avk_analysis.vocabulary import catalogue

#: CBS rounds the counts of the LLI tables to hundreds (x 1 000, one decimal): with fewer low-income
#: households than this, a part (count / total) could be off by more than 2,5 procentpunt.
PART_MIN_TOTAL = 2000
GROUP_LABELS = {
    "samenstelling": "Samenstelling",
    "leeftijd": "Leeftijd hoofdkostwinner",
    "inkomstenbron": "Belangrijkste inkomensbron",
    "woning": "Woning",
}
TOTAL = "hh_laag_inkomen_aantal"
#: The characteristics as a sentence names them ('... hebben het vaakst een laag inkomen').
PHRASES = {
    "eenpersoons": "mensen die alleen wonen",
    "eenouder": "eenoudergezinnen",
    "paar_zonder_kind": "paren zonder kinderen",
    "paar_met_kind": "paren met kinderen",
    "meerpersoons_overig": "andere huishoudens van meer personen",
    "hkw_tot_25": "huishoudens met een kostwinner jonger dan 25",
    "hkw_25_45": "huishoudens met een kostwinner van 25 tot 45",
    "hkw_45_65": "huishoudens met een kostwinner van 45 tot 65",
    "hkw_65_plus": "huishoudens met een kostwinner van 65 of ouder",
    "bron_werknemer": "huishoudens die vooral van loon leven",
    "bron_zelfstandige": "huishoudens die vooral van een eigen bedrijf leven",
    "bron_werkloosheid": "huishoudens die vooral van een WW-uitkering leven",
    "bron_arbeidsongeschiktheid": (
        "huishoudens die vooral van een arbeidsongeschiktheidsuitkering leven"
    ),
    "bron_pensioen": "huishoudens die vooral van pensioen of AOW leven",
    "bron_sociale_voorziening": "huishoudens die vooral van bijstand of een andere uitkering leven",
    "eigen_woning": "huishoudens in een koopwoning",
    "huur_zonder_toeslag": "huurders zonder huurtoeslag",
    "huur_met_toeslag": "huurders met huurtoeslag",
}
HOUSING_VERBS = {
    "eigen_woning": "woont in een koopwoning",
    "huur_zonder_toeslag": "huurt zonder huurtoeslag",
    "huur_met_toeslag": "huurt met huurtoeslag",
}


def kenmerk_label(indicator: str) -> str:
    """Return the plain name of a characteristic: 'eenoudergezinnen', 'in een koopwoning'."""
    label = catalogue.label(indicator)
    return label.split(": ", 1)[1] if ": " in label else label


def figures(df: pd.DataFrame, codes: list[str], jaar: int) -> pd.DataFrame:
    """Return per region and characteristic: share, count and part (NaN where not computable).

    Columns: regiocode, regio, groep, kenmerk, indicator, naam, jaar, pct, aantal, deel, tabel,
    status. ``deel`` (the part of all low-income households, %) is NaN when the region has
    fewer than ``PART_MIN_TOTAL`` such households.
    """
    frames = []
    for code in codes:
        rows = nature.low_income_by_characteristic(df, code, jaar)
        year = rows["jaar"].dropna()
        total = figure(df, TOTAL, code, int(year.iloc[0]) if not year.empty else None)
        small = not total.available or total.waarde < PART_MIN_TOTAL
        rows = rows.assign(
            regiocode=code,
            regio=region_label(code),
            naam=rows["indicator"].map(kenmerk_label),
            deel=[math.nan if small else d for d in rows["deel"]],
        )
        frames.append(rows)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def has_figures(df: pd.DataFrame, codes: list[str], jaar: int) -> bool:
    """Tell whether any region has a share for any characteristic."""
    found = figures(df, codes, jaar)
    return not found.empty and found["pct"].notna().any()


def _cell(value: float, decimals: int = 1) -> str:
    return GEEN_GEGEVENS if value is None or math.isnan(value) else fmt_pct(value, decimals)


def shares_table(df: pd.DataFrame, codes: list[str], jaar: int) -> pd.DataFrame:
    """Return the display table: per characteristic, the share with a low income per region."""
    found = figures(df, codes, jaar)
    out, keys = [], []
    for (group, name), rows in found.groupby(["groep", "naam"], sort=False):
        row = {"Groep": GROUP_LABELS.get(str(group), str(group)), "Huishoudens": name}
        key_row = {}
        for r in rows.itertuples():
            row[r.regio] = _cell(r.pct)
            if not math.isnan(r.pct):
                key_row[r.regio] = cell_key(r.indicator, r.regiocode, r.jaar)
        out.append(row)
        keys.append(key_row)
    return with_cell_keys(pd.DataFrame(out), keys)


def parts_table(df: pd.DataFrame, codes: list[str], jaar: int) -> pd.DataFrame:
    """Return the display table: per characteristic, its part of all low-income households."""
    found = figures(df, codes, jaar)
    out, keys = [], []
    for (group, name), rows in found.groupby(["groep", "naam"], sort=False):
        row = {"Groep": GROUP_LABELS.get(str(group), str(group)), "Huishoudens": name}
        key_row = {}
        for r in rows.itertuples():
            row[r.regio] = _cell(r.deel, 0)
            if not math.isnan(r.deel):
                key_row[r.regio] = cell_key(part_indicator(r.kenmerk), r.regiocode, r.jaar)
        out.append(row)
        keys.append(key_row)
    return with_cell_keys(pd.DataFrame(out), keys)


def part_indicator(slug: str) -> str:
    """Return the edition-CSV indicator of a group's part of all low-income households."""
    return f"hh_laag_inkomen_deel_{slug}"


def numeric(df: pd.DataFrame, codes: list[str], jaar: int) -> pd.DataFrame:
    """Return the figures behind both tables, one row per region and characteristic (download)."""
    found = figures(df, codes, jaar)
    if found.empty:
        return found
    return pd.DataFrame(
        {
            "gebied": found["regio"],
            "huishoudens": found["naam"],
            "jaar": found["jaar"],
            "aandeel_met_laag_inkomen_pct": found["pct"],
            "aantal_met_laag_inkomen": found["aantal"],
            "deel_van_alle_lage_inkomens_pct": found["deel"].round(0),
            "tabel": found["tabel"],
        }
    )


def _top(rows: pd.DataFrame, column: str, n: int) -> list[pd.Series]:
    ranked = rows.dropna(subset=[column]).sort_values(column, ascending=False, kind="stable")
    return [r for _, r in ranked.head(n).iterrows()]


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def region_sentences(df: pd.DataFrame, code: str, jaar: int) -> str:
    """Return who most often has a low income in a region and who makes up most of them."""
    found = figures(df, [code], jaar)
    where = ("de " if code.startswith("VK_") else "") + region_label(code).replace(
        " (provincie)", ""
    )
    if found.empty or found["pct"].isna().all():
        return f"Voor {where} publiceert het CBS geen cijfers over wie een laag inkomen heeft."
    year = int(found["jaar"].dropna().iloc[0])
    often = [f"{PHRASES[r['kenmerk']]} ({fmt_pct(r['pct'])})" for r in _top(found, "pct", 2)]
    text = f"In {where} hebben {_and(often)} het vaakst een laag inkomen"
    biggest = _top(found.loc[found["groep"] == "samenstelling"], "deel", 1)
    housing = _top(found.loc[found["groep"] == "woning"], "deel", 1)
    if biggest:
        b = biggest[0]
        text += (
            f". Van alle huishoudens met een laag inkomen zijn {PHRASES[b['kenmerk']]} de "
            "grootste groep "
            f"({fmt_getal(b['deel'], 0)} %)"
        )
        if housing:
            h = housing[0]
            text += f"; {fmt_getal(h['deel'], 0)} % {HOUSING_VERBS[h['kenmerk']]}"
    table = found["tabel"].dropna()
    source = f"CBS-tabel {table.iloc[0]}" if not table.empty else "CBS"
    return f"{text} ({source}, inkomensjaar {year})."


def gemeente_line(df: pd.DataFrame, gemeente: str, jaar: int, *, short: bool = False) -> str:
    """Return the factsheet's line on who has a low income in a gemeente.

    ``short=True`` names only the group that most often has a low income and the largest group
    among them, for a page that must stay on two sheets of paper.
    """
    if not short:
        return "*Wie heeft een laag inkomen?* " + region_sentences(df, gemeente, jaar)
    found = figures(df, [gemeente], jaar)
    if found.empty or found["pct"].isna().all():
        return region_sentences(df, gemeente, jaar)
    year = int(found["jaar"].dropna().iloc[0])
    often = _top(found, "pct", 1)[0]
    tabel = found["tabel"].dropna()
    source = f"CBS {tabel.iloc[0]}, {year}" if not tabel.empty else f"CBS, {year}"
    text = (
        f"*Wie heeft een laag inkomen?* Het vaakst {PHRASES[often['kenmerk']]} "
        f"({fmt_pct(often['pct'])}"
    )
    biggest = _top(found.loc[found["groep"] == "samenstelling"], "deel", 1)
    if not biggest:
        return f"{text}; {source})."
    b = biggest[0]
    return (
        f"{text}); de grootste groep zijn {PHRASES[b['kenmerk']]} "
        f"({fmt_getal(b['deel'], 0)} %; {source})."
    )


def report_codes(veenkolonien: str) -> list[str]:
    """Return the regions the report compares: the two provinces and the Netherlands.

    CBS publishes the characteristics per gemeente, province and country; the Veenkoloniën are
    not a CBS region, and a share cannot be added up from gemeenten without the group sizes.
    """
    del veenkolonien  # the same regions whichever set the report uses
    return ["PV20", "PV22", "NL01"]


def source_caption(df: pd.DataFrame, codes: list[str], jaar: int) -> str:
    """Return 'CBS-tabel 86202NED, inkomensjaar 2024' for the figures of a table."""
    found = figures(df, codes, jaar).dropna(subset=["pct"])
    if found.empty:
        return "CBS"
    tabel = ", ".join(sorted(set(found["tabel"]) - {""}))
    return f"CBS-tabel {tabel}, inkomensjaar {int(found['jaar'].iloc[0])}"


def characteristics() -> list[str]:
    """Return the share indicators of every characteristic, in reading order."""
    return [tables.kenmerk_indicator(k, "pct") for k in tables.LLI_KENMERKEN]
