"""Figures quoted by others, kept apart from the monitor's own values and used to check them.

The indicator table holds one value per indicator, region and year. A figure that a planning
office, a news site or a CBS web page published for a series the monitor takes from the CBS API
is not a second value of that cell: it is a *reference*. References live in their own table
(``data/processed/referenties.parquet``) and feed the appendix "CBS-cijfer vs gepubliceerd door
SPG/TD", which shows the difference per figure.

Rules (:func:`split`):

* a row from a *secondary* publisher (a page quoting somebody else) is always a reference;
* a row of an indicator that the CBS API gives, or quoted from a CBS table the monitor reads
  through the API, is a reference (the API series is the value);
* one vintage per series: when a publication marks its figures of an indicator as a *revised
  series* ("revised series", "herziene reeks") and an earlier publication gives a different value
  for a year that series covers, every row of that indicator from the earlier publication is a
  reference (a first release of 11,8 % for 2014 never sits in one line with a revised 8,8 % for
  2016; the revised series says 9,5 % for 2014);
* of several primary rows for one cell, the first (revised before other, certain before unsure,
  then by publisher and address) is the value and the others are references;
* everything else (e.g. the planning offices' own microdata figures on young adults and their
  parents) is a value of the indicator table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from avk_analysis.vocabulary import tidy

PRIMARY = "primair"
SECONDARY = "secundair"
KINDS = (PRIMARY, SECONDARY)
COLUMNS = [*tidy.COLUMNS, "soort_bron", "reden"]
CELL = ["indicator", "regiocode", "jaar"]

REASON_SECONDARY = "secundaire bron: de pagina citeert het cijfer van een ander"
REASON_API = "de monitor neemt deze reeks zelf uit de CBS-API"
REASON_DUPLICATE = "er is al een gepubliceerd cijfer voor deze cel"
REASON_VINTAGE = (
    "oudere versie van de reeks: {url} publiceerde later een herziene reeks met een ander cijfer "
    "voor hetzelfde jaar; de herziene reeks is de waarde"
)
REVISED_MARKERS = ("revised series", "herziene reeks")


def is_revised(definition: object) -> bool:
    """Tell whether a published figure's definition or note marks it as part of a revised series."""
    text = str(definition or "").lower()
    return any(marker in text for marker in REVISED_MARKERS)


def _superseded(rows: pd.DataFrame) -> pd.Series:
    """Return, per row, the reason it belongs to an earlier vintage of a revised series (or '')."""
    reason = pd.Series("", index=rows.index, dtype=object)
    revised = rows["definitie"].map(is_revised).astype(bool)
    for indicator, new in rows.loc[revised].groupby("indicator"):
        cells = {
            (r, int(j)): float(w)
            for r, j, w in new[["regiocode", "jaar", "waarde"]].itertuples(index=False)
        }
        urls = set(new["bron_url"])
        same = rows.loc[(rows["indicator"] == indicator) & ~rows["bron_url"].isin(urls)]
        for _url, old in same.groupby("bron_url"):
            differs = any(
                (r, int(j)) in cells and not np.isclose(cells[(r, int(j))], float(w))
                for r, j, w in old[["regiocode", "jaar", "waarde"]].itertuples(index=False)
            )
            if differs:
                reason[old.index] = REASON_VINTAGE.format(url=new["bron_url"].iloc[0])
    return reason


def empty() -> pd.DataFrame:
    """Return an empty reference table with the right columns."""
    frame = tidy.empty()
    frame["soort_bron"] = pd.Series(dtype=str)
    frame["reden"] = pd.Series(dtype=str)
    return frame[COLUMNS]


def split(
    quoted: pd.DataFrame,
    kinds: pd.Series,
    api_indicators: set[str],
    api_tables: set[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split published figures into (values for the indicator table, references).

    ``kinds`` gives ``primair`` or ``secundair`` per row of ``quoted`` (same index). A quoted
    figure of an indicator in ``api_indicators``, or from a table in ``api_tables``, is a
    reference.
    """
    if quoted.empty:
        return tidy.empty(), empty()
    unknown = set(kinds.unique()) - set(KINDS)
    if unknown:
        raise ValueError(f"soort_bron must be one of {KINDS}, not {sorted(unknown)}")
    rows = quoted.assign(soort_bron=kinds.reindex(quoted.index).to_numpy())
    reason = pd.Series("", index=rows.index, dtype=object)
    reason[rows["indicator"].isin(api_indicators) | rows["tabel"].isin(api_tables)] = REASON_API
    reason[(reason == "") & (rows["soort_bron"] == SECONDARY)] = REASON_SECONDARY
    open_rows = rows.loc[reason == ""]
    vintage = _superseded(open_rows)
    reason[vintage.index[vintage != ""]] = vintage[vintage != ""]
    candidates = (
        rows.loc[reason == ""]
        .assign(_oud=lambda f: ~f["definitie"].map(is_revised).astype(bool))
        .sort_values(["_oud", "onzeker", "bron", "bron_url", "tabel"], kind="stable")
    )
    duplicate = candidates.duplicated(CELL, keep="first")
    reason[candidates.index[duplicate.to_numpy()]] = REASON_DUPLICATE
    values = tidy.make(rows.loc[reason == "", tidy.COLUMNS])
    refs = rows.loc[reason != ""].assign(reden=reason[reason != ""])
    refs = refs.sort_values(["indicator", "regiocode", "jaar", "bron", "bron_url"], kind="stable")
    return values, refs[COLUMNS].reset_index(drop=True)


def back_test(
    table: pd.DataFrame, refs: pd.DataFrame, *, primary_only: bool = True
) -> pd.DataFrame:
    """Return each reference next to the monitor's value of the same cell, with the difference.

    Only references whose cell has a CBS value in the indicator table are listed; a secondary
    reference is left out unless ``primary_only`` is False.
    """
    columns = [
        "indicator",
        "regiocode",
        "regionaam",
        "jaar",
        "eenheid",
        "monitor",
        "monitor_status",
        "monitor_tabel",
        "gepubliceerd",
        "bron",
        "soort_bron",
        "onzeker",
        "bron_url",
        "verschil",
    ]
    if refs.empty or table.empty:
        return pd.DataFrame(columns=columns)
    chosen = refs if not primary_only else refs.loc[refs["soort_bron"] == PRIMARY]
    own = table.loc[table["bron"] == "CBS", [*CELL, "waarde", "status", "tabel"]]
    own = own.rename(
        columns={"waarde": "monitor", "status": "monitor_status", "tabel": "monitor_tabel"}
    )
    # A quote that names the CBS table (e.g. a KWB edition on a StatLine page) is matched to
    # that table, whatever year the monitor files its figures under (a KWB edition's income
    # year is earlier than the edition's name); other quotes are matched on the year.
    by_table = chosen["tabel"].isin(set(own["monitor_tabel"]))
    on_table = (
        chosen.loc[by_table]
        .drop(columns="jaar")
        .merge(
            own.rename(columns={"monitor_tabel": "tabel"}),
            on=["indicator", "regiocode", "tabel"],
            how="inner",
        )
    )
    on_table["monitor_tabel"] = on_table["tabel"]
    on_year = chosen.loc[~by_table].merge(own, on=CELL, how="inner")
    merged = pd.concat([on_table, on_year], ignore_index=True)
    merged = merged.rename(columns={"waarde": "gepubliceerd"})
    merged["verschil"] = np.where(
        merged["monitor"].notna() & merged["gepubliceerd"].notna(),
        merged["gepubliceerd"] - merged["monitor"],
        np.nan,
    )
    merged = merged.sort_values(["indicator", "regiocode", "jaar", "bron"], kind="stable")
    return merged[columns].reset_index(drop=True)
