"""Generational poverty per the planning offices: young adults (22-26) and their parents."""

from __future__ import annotations

import re

import pandas as pd

from avk_analysis.indicators.select import region_label

YOUNG_ADULTS = "jongvolwassenen_laag_inkomen_pct"
PREFIXES = ("jongvolwassenen_", "vader_", "moeder_", "langdurig_onder_")
GENERATIONAL = [
    "jongvolwassenen_laag_inkomen_pct",
    "jongvolwassenen_laag_inkomen_aantal",
    "langdurig_onder_arme_jongvolwassenen_pct",
    "langdurig_onder_laag_inkomen_pct",
    "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
    "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct",
    "vader_laag_inkomen_bij_alle_jongvolwassenen_pct",
    "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
]


def generational_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Return the planning offices' generational figures (Veenkoloniën and NL), oldest first."""
    generational = df["indicator"].isin(GENERATIONAL) | df["indicator"].str.startswith(PREFIXES)
    rows = df.loc[generational & (df["bron"] != "CBS")].copy()
    rows["regio"] = rows["regiocode"].map(region_label)
    order = {c: i for i, c in enumerate(GENERATIONAL)}
    rows["_o"] = rows["indicator"].map(order).fillna(len(order))
    return rows.sort_values(["_o", "jaar", "regiocode", "bron_url"]).drop(columns="_o")


def young_adults_series(df: pd.DataFrame) -> pd.DataFrame:
    """Return the share of young adults (22-26) with a low income per year and region."""
    rows = generational_rows(df)
    return rows.loc[
        rows["indicator"] == YOUNG_ADULTS,
        ["jaar", "regiocode", "regio", "waarde", "onzeker", "tabel", "bron_url", "definitie"],
    ].reset_index(drop=True)


# --- the national reference and the RUG finding ---------------------------------------------
#: CBS, "Armoedeoverdracht tussen generaties" (2023): of children who grew up in a low-income
#: household (1995), 9.6 % had a low income themselves 25 years later; of *all inhabitants*
#: "bijna 5,5 procent" had a low income (2020/2021). Fixed published figures (no regional
#: breakdown exists); the comparator is all inhabitants, not all children.
NATIONAL_TRANSFER = {
    "van_laag_inkomen": 9.6,
    "alle_inwoners": 5.5,
    "alle_inwoners_woord": "bijna",
    "publicatiejaar": 2023,
    "bron": "CBS, 'Armoedeoverdracht tussen generaties' (2023)",
    "bron_url": "https://sociaalweb.nl/nieuws/cbs-meeste-mensen-ontstijgen-armoederisico-van-hun-ouders",
}

CHILDREN = ("kinderen_laag_inkomen_pct", "kinderen_langdurig_laag_inkomen_pct")
PARENT_PAIRS = {
    "moeder": (
        "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct",
        "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
    ),
    "vader": (
        "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
        "vader_laag_inkomen_bij_alle_jongvolwassenen_pct",
    ),
}


def national_transfer(refs: pd.DataFrame | None = None) -> dict[str, object]:
    """Return the national reference of CBS; the 9.6 % is taken from the references if present."""
    out = dict(NATIONAL_TRANSFER)
    if refs is not None and not refs.empty:
        hit = refs.loc[
            (refs["indicator"] == "kinderen_laag_inkomen_later_laag_inkomen_pct")
            & (refs["regiocode"] == "NL01")
        ]
        if not hit.empty:
            out["van_laag_inkomen"] = float(hit["waarde"].iloc[0])
            out["bron_url"] = str(hit["bron_url"].iloc[0])
    out["verhouding"] = float(out["van_laag_inkomen"]) / float(out["alle_inwoners"])
    return out


def superseded(refs: pd.DataFrame | None) -> pd.DataFrame:
    """Return the young-adults figures kept as references because a revised series replaced them."""
    if refs is None or refs.empty or "reden" not in refs.columns:
        return pd.DataFrame(columns=["indicator", "regiocode", "jaar", "waarde", "definitie"])
    old = refs.loc[
        (refs["indicator"] == YOUNG_ADULTS)
        & refs["reden"].astype(str).str.startswith("oudere versie van de reeks")
    ]
    return old.sort_values(["regiocode", "jaar"]).reset_index(drop=True)


_APPROX = re.compile(r"approx[^']*'([^']+)'", re.IGNORECASE)


def source_wording(definition: object) -> str | None:
    """Return the words a source used for an approximate figure ('net geen 7%', 'bijna'), if any.

    The planning offices' conversion keeps them in the definition's note as ``approx '...'``; a
    page then quotes the source ('net geen 7 %') instead of a precise-looking '7,0 %'.
    """
    match = _APPROX.search(str(definition or ""))
    if match is None:
        return None
    return re.sub(r"(\d)\s*%", r"\1 %", match.group(1).strip())


def _certain_first(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(["jaar", "onzeker"], ascending=[True, False])


#: the same shares among young adults who live on their own (Trendbureau Drenthe, 2020); the
#: monitor's own microdata tabulation compares parents for this group too
PARENT_PAIRS_OWN_HOME = {
    "moeder": (
        "moeder_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct",
        "moeder_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct",
    ),
    "vader": (
        "vader_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct",
        "vader_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct",
    ),
}


def parent_ratios(
    df: pd.DataFrame, pairs: dict[str, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Return, per parent and region, the latest year with both shares and how many times higher.

    ``bij_laag``: share of low-income young adults (22-26) whose parent had a low income;
    ``bij_alle``: the same share among all young adults; ``keer`` = bij_laag / bij_alle.
    ``pairs``: ``PARENT_PAIRS`` (all young adults) by default, or ``PARENT_PAIRS_OWN_HOME``.
    """
    rows = generational_rows(df)
    out = []
    for parent, (low, every) in (PARENT_PAIRS if pairs is None else pairs).items():
        a = rows.loc[rows["indicator"] == low]
        b = rows.loc[rows["indicator"] == every]
        both = _certain_first(a).merge(
            _certain_first(b), on=["regiocode", "jaar"], suffixes=("_laag", "_alle")
        )
        for code, g in both.groupby("regiocode"):
            last = g.sort_values("jaar").iloc[-1]
            out.append(
                {
                    "ouder": parent,
                    "regiocode": code,
                    "regio": region_label(str(code)),
                    "jaar": int(last["jaar"]),
                    "bij_laag": float(last["waarde_laag"]),
                    "bij_alle": float(last["waarde_alle"]),
                    "keer": float(last["waarde_laag"]) / float(last["waarde_alle"])
                    if last["waarde_alle"]
                    else float("nan"),
                    "onzeker": bool(last["onzeker_laag"] or last["onzeker_alle"]),
                    "bron_url": str(last["bron_url_laag"]),
                }
            )
    return pd.DataFrame(
        out,
        columns=["ouder", "regiocode", "regio", "jaar", "bij_laag", "bij_alle", "keer",
                 "onzeker", "bron_url"],
    )  # fmt: skip


def young_adults_latest(df: pd.DataFrame) -> pd.DataFrame:
    """Return the latest share of young adults (22-26) with a low income per region."""
    series = young_adults_series(df)
    if series.empty:
        return series
    series = series.sort_values(["regiocode", "jaar", "onzeker"], ascending=[True, True, False])
    return series.groupby("regiocode", as_index=False).last()


def levels(df: pd.DataFrame) -> dict[str, set[str]]:
    """Return per generational indicator the region levels it exists at (gemeente, aggregaat...)."""
    rows = generational_rows(df)
    return {str(code): set(g["regiocode"].map(_level)) for code, g in rows.groupby("indicator")}


def _level(code: str) -> str:
    if code.startswith("VK_"):
        return "veenkolonien"
    if code.startswith("GM"):
        return "gemeente"
    if code.startswith("PV"):
        return "provincie"
    return "nederland"


def has_gemeente_figures(df: pd.DataFrame, gemeente: str) -> bool:
    """Tell whether the planning offices published a generational figure for this gemeente."""
    rows = generational_rows(df)
    return bool((rows["regiocode"] == gemeente).any())
