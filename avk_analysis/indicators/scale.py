"""The scale of (generational) poverty: key figures, trends and gemeente comparisons."""

from __future__ import annotations

import pandas as pd

from avk_analysis.indicators.select import (
    Figure,
    comparison_regions,
    figure,
    from_source,
    latest_year,
    region_label,
)
from avk_analysis.vocabulary import regions

SINCE = 2017
NEW_LINE = "personen_in_armoede_pct"  # the CBS/SCP/Nibud poverty line (from KWB 2024)

# (share, count) pairs shown as key figures
KEY_FIGURES: list[tuple[str, str | None]] = [
    ("hh_laag_inkomen_pct", "hh_laag_inkomen_aantal"),
    ("hh_langdurig_laag_inkomen_pct", "hh_langdurig_laag_inkomen_aantal"),
    ("personen_laag_inkomen_pct", "personen_laag_inkomen_aantal"),
    ("kinderen_laag_inkomen_pct", "kinderen_laag_inkomen_aantal"),
    ("kinderen_langdurig_laag_inkomen_pct", "kinderen_langdurig_laag_inkomen_aantal"),
    ("personen_in_armoede_pct", None),
]


def trend(
    df: pd.DataFrame, indicator: str, codes: list[str], *, until: int, since: int = SINCE
) -> pd.DataFrame:
    """Return the series of one indicator for some regions (CBS), one row per region and year."""
    df = from_source(df)
    rows = df.loc[
        (df["indicator"] == indicator)
        & df["regiocode"].isin(codes)
        & df["jaar"].between(since, until)
    ]
    # the newest table wins where two editions hold the same year
    rows = rows.sort_values("tabel").drop_duplicates(["regiocode", "jaar"], keep="last")
    out = rows[["regiocode", "jaar", "waarde", "symbool", "status", "harmonisatie"]].copy()
    out["regio"] = out["regiocode"].map(region_label)
    out["indicator"] = indicator
    order = {c: i for i, c in enumerate(codes)}
    return out.sort_values(
        ["regiocode", "jaar"], key=lambda s: s.map(order) if s.name == "regiocode" else s
    ).reset_index(drop=True)


def new_line_from(series: pd.DataFrame) -> int | None:
    """Return the first year of the new poverty-line series in a break series (None if absent).

    The year comes from the data (the income year CBS states for the KWB edition), not from the
    edition's name, so the break sits where the figures change definition.
    """
    new = series.loc[series["indicator"] == NEW_LINE, "jaar"]
    return int(new.min()) if not new.empty else None


def gemeenten_bars(df: pd.DataFrame, indicator: str, jaar: int | None) -> pd.DataFrame:
    """Return one row per gemeente (name, value) for a bar chart; gemeenten without data left out.

    Left-out gemeenten are listed in ``attrs['zonder_gegevens']`` so a caption can name them.
    """
    rows, missing_names = [], []
    for _, gm in regions.gemeenten().iterrows():
        fig = figure(df, indicator, gm["gemeentecode"], jaar)
        if fig.available:
            rows.append({"gemeente": gm["gemeentenaam"], "waarde": fig.waarde})
        else:
            missing_names.append(gm["gemeentenaam"])
    out = pd.DataFrame(rows, columns=["gemeente", "waarde"])
    out.attrs["zonder_gegevens"] = missing_names
    return out


def veenkolonien_names(veenkolonien: str) -> list[str]:
    """Return the gemeente names of a Veenkoloniën set."""
    return [regions.name(c) for c in regions.veenkolonien(veenkolonien)]


def reference_values(df: pd.DataFrame, indicator: str, jaar: int | None) -> dict[str, float]:
    """Return {name: value} for the provinces and NL (reference lines in a chart)."""
    out = {}
    for code, name in (("PV20", "Groningen"), ("PV22", "Drenthe"), ("NL01", "Nederland")):
        fig = figure(df, indicator, code, jaar)
        if fig.available:
            out[name] = fig.waarde
    return out


# the key shares of the wide gemeente table
GEMEENTE_TABLE_SHARES = (
    "hh_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
    "kinderen_laag_inkomen_pct",
    "kinderen_langdurig_laag_inkomen_pct",
    "personen_in_armoede_pct",
)


def key_figures(
    df: pd.DataFrame,
    jaar: int,
    *,
    gemeente: str | None = None,
    veenkolonien: str = "planbureaus",
    years_back: int = 0,
) -> pd.DataFrame:
    """Return the key figures for the comparison regions, one row per share and region.

    Each indicator uses its most recent year up to ``jaar`` (minus ``years_back``: 1 gives the
    figures the previous edition showed). ``aantal`` holds the matching count (NaN when none).
    """
    codes = comparison_regions(gemeente, veenkolonien)
    rows = []
    for share, count in KEY_FIGURES:
        year = latest_year(df, share, jaar)
        year = None if year is None else year - years_back
        for code in codes:
            pct = figure(df, share, code, year)
            n = figure(df, count, code, year) if count else None
            rows.append(
                {
                    "indicator": share,
                    "regiocode": code,
                    "regio": region_label(code),
                    "jaar": year,
                    "waarde": pct.waarde,
                    "symbool": pct.symbool,
                    "status": pct.status,
                    "aantal_indicator": count or "",
                    "aantal": n.waarde if n is not None else float("nan"),
                    "aantal_symbool": n.symbool if n is not None else "",
                }
            )
    return pd.DataFrame(rows)


def gemeenten_figures(df: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Return the key shares (and the number of children) of all 22 gemeenten, long."""
    years = {s: latest_year(df, s, jaar) for s in GEMEENTE_TABLE_SHARES}
    rows = []
    for _, gm in regions.gemeenten().iterrows():
        code = gm["gemeentecode"]
        for share in GEMEENTE_TABLE_SHARES:
            fig = figure(df, share, code, years[share])
            rows.append(
                {
                    "regiocode": code,
                    "gemeente": gm["gemeentenaam"],
                    "provinciecode": gm["provinciecode"],
                    "indicator": share,
                    "jaar": years[share],
                    "waarde": fig.waarde,
                    "symbool": fig.symbool,
                }
            )
        kids = figure(df, "kinderen_laag_inkomen_aantal", code, years["kinderen_laag_inkomen_pct"])
        rows.append(
            {
                "regiocode": code,
                "gemeente": gm["gemeentenaam"],
                "provinciecode": gm["provinciecode"],
                "indicator": "kinderen_laag_inkomen_aantal",
                "jaar": years["kinderen_laag_inkomen_pct"],
                "waarde": kids.waarde,
                "symbool": kids.symbool,
            }
        )
    return pd.DataFrame(rows)


def position(df: pd.DataFrame, gemeente: str, indicator: str, jaar: int) -> dict[str, Figure]:
    """Return the figures of a gemeente, its province and NL for the latest year up to ``jaar``."""
    year = latest_year(df, indicator, jaar)
    return {
        "gemeente": figure(df, indicator, gemeente, year),
        "provincie": figure(df, indicator, regions.province_of(gemeente), year),
        "nederland": figure(df, indicator, "NL01", year),
    }


def wijken(df: pd.DataFrame, gemeente: str, jaar: int, *, n: int = 12) -> pd.DataFrame:
    """Return the wijken of a gemeente with the highest share of low-income households (KWB)."""
    indicator = "kwb_hh_laag_inkomen_pct"
    year = latest_year(df, indicator, jaar)
    prefix = "WK" + gemeente.removeprefix("GM")
    rows = df.loc[
        (df["indicator"] == indicator)
        & (df["jaar"] == year)
        & df["regiocode"].str.startswith(prefix)
    ]
    rows = rows.sort_values(["waarde", "regiocode"], ascending=[False, True], na_position="last")
    out = rows[["regiocode", "regionaam", "waarde", "symbool"]].assign(
        indicator=indicator, jaar=year
    )
    return out.head(n).reset_index(drop=True)


# --- the poverty lines side by side ----------------------------------------------------------
#: (indicator, series key) of every poverty line the monitor reads, in reading order. The keys
#: are stable identifiers; narrative.py gives them their Dutch names and definitions.
POVERTY_LINES: tuple[tuple[str, str], ...] = (
    ("hh_laag_inkomen_pct", "lig_lli"),
    ("kwb_hh_laag_inkomen_pct", "lig_kwb"),
    ("kwb_hh_sociaal_minimum_pct", "sm101"),
    ("kwb_hh_tot_110_sm_pct", "sm110"),
    ("kwb_hh_tot_120_sm_pct", "sm120"),
    (NEW_LINE, "armoedegrens"),
)


def poverty_lines(df: pd.DataFrame, code: str, *, until: int) -> pd.DataFrame:
    """Return every poverty-line series of one region, each its own ``reeks`` (never spliced)."""
    frames = []
    for indicator, key in POVERTY_LINES:
        s = trend(df, indicator, [code], until=until)
        s = s.loc[s["waarde"].notna()]
        if not s.empty:
            frames.append(s.assign(reeks=key))
    if not frames:
        return pd.DataFrame(columns=["regiocode", "jaar", "waarde", "status", "indicator", "reeks"])
    return pd.concat(frames, ignore_index=True)


def published_next_to(
    df: pd.DataFrame,
    refs: pd.DataFrame,
    indicators: list[str],
    codes: list[str],
    *,
    publishers: tuple[str, ...] = ("Sociaal Planbureau Groningen", "Trendbureau Drenthe"),
) -> pd.DataFrame:
    """Return the planning offices' published values next to the monitor's, same cell.

    Uses :func:`avk_analysis.pipeline.references.back_test` (primary quotes only), kept to some
    indicators, regions and publishers; newest year first.
    """
    from avk_analysis.pipeline import references

    if refs is None or refs.empty:
        return references.back_test(df.iloc[0:0], refs if refs is not None else df.iloc[0:0])
    chosen = refs.loc[
        refs["indicator"].isin(indicators)
        & refs["regiocode"].isin(codes)
        & refs["bron"].isin(publishers)
    ]
    out = references.back_test(from_source(df), chosen)
    return out.sort_values(["indicator", "regiocode", "jaar"], ascending=[True, True, False])


def two_low_income_numbers(df: pd.DataFrame, code: str, *, until: int) -> dict[str, object]:
    """Return the LLI and the KWB household low-income share of the latest shared income year.

    Both count households under the lage-inkomensgrens; they differ by the households they
    count (LLI leaves out student households and incomplete income years). Empty when the
    two series share no year.
    """
    lli = trend(df, "hh_laag_inkomen_pct", [code], until=until).dropna(subset=["waarde"])
    kwb = trend(df, "kwb_hh_laag_inkomen_pct", [code], until=until).dropna(subset=["waarde"])
    both = lli.merge(kwb, on="jaar", suffixes=("_lli", "_kwb"))
    if both.empty:
        return {}
    last = both.sort_values("jaar").iloc[-1]
    return {
        "regiocode": code,
        "jaar": int(last["jaar"]),
        "lli": float(last["waarde_lli"]),
        "kwb": float(last["waarde_kwb"]),
        "lli_laatste_jaar": int(lli["jaar"].max()),
        "kwb_laatste_jaar": int(kwb["jaar"].max()),
    }
