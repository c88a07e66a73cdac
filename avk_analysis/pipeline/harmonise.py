"""Put figures on the current gemeenten (herindelingen) and build regional aggregates.

Counts are summed (times the share of a split gemeente that moved); shares and averages are
weighted by their base (the catalogue says which indicator that is, e.g. households). A figure
that cannot be combined (a part or its base is missing) gets no number but the CBS symbol ".",
and every combined figure records in ``harmonisatie`` which parts it was built from.
"""

from __future__ import annotations

import math

import pandas as pd

from avk_analysis.vocabulary import catalogue, regions

FRAME_KEYS = ["bron", "tabel", "jaar", "bron_url", "status"]
COUNT_UNITS = {catalogue.COUNT}


def _is_count(unit: str) -> bool:
    return unit in COUNT_UNITS


def _base_code(indicator: str) -> str:
    try:
        return catalogue.get(indicator).base
    except KeyError:
        return ""


def combine_values(
    values: list[float],
    symbols: list[str],
    shares: list[float],
    bases: list[float] | None,
) -> tuple[float, str]:
    """Combine parts into one figure: a weighted sum (counts) or base-weighted mean (shares).

    ``bases`` is None for counts. Returns (value, symbol); a missing part gives (nan, symbol).
    """
    missing = [s for v, s in zip(values, symbols, strict=True) if v is None or math.isnan(v)]
    if bases is not None:
        missing += ["." for b in bases if b is None or math.isnan(b)]
    if missing:
        return math.nan, "x" if "x" in missing else "."
    if bases is None:
        return float(sum(v * s for v, s in zip(values, shares, strict=True))), ""
    weights = [b * s for b, s in zip(bases, shares, strict=True)]
    total = sum(weights)
    if total <= 0:
        return math.nan, "."
    return float(sum(v * w for v, w in zip(values, weights, strict=True)) / total), ""


def _expected_parts(target: str, present: set[str]) -> set[str]:
    """Return the codes that together made up ``target`` on the boundaries the data use."""
    cw = regions.crosswalk()
    rows = cw.loc[cw["nieuwe_code"] == target]
    dates = rows.loc[
        rows["oude_code"].isin(present) & (rows["oude_code"] != target), "ingangsdatum"
    ]
    if dates.empty:
        return {target}
    return set(rows.loc[rows["ingangsdatum"] >= dates.min(), "oude_code"])


def _part_label(code: str, share: float) -> str:
    label = f"{code} {regions.names().get(code, code)}"
    return label if share == 1.0 else f"{label} ({share:.0%} van de gemeente)".replace(".", ",")


def _combine_rows(
    parts: pd.DataFrame, shares: dict[str, float], base_values: dict[str, float] | None
) -> tuple[float, str]:
    codes = parts["regiocode"].tolist()
    return combine_values(
        parts["waarde"].tolist(),
        parts["symbool"].tolist(),
        [shares[c] for c in codes],
        None if base_values is None else [base_values.get(c, math.nan) for c in codes],
    )


def _frame_bases(
    frame: pd.DataFrame, table_rows: pd.DataFrame | None = None
) -> dict[str, dict[str, float]]:
    """Return {indicator: {region: value}} of a frame, to weight shares by their base.

    A KWB edition dates its measures differently (population on 1 January of the edition year,
    income over an earlier year), so a share and its base can sit in one table under two years.
    A base missing from the frame's year is then taken from the same table when that table
    holds it for one year only (one edition, one base).
    """
    bases = {
        ind: dict(zip(g["regiocode"], g["waarde"], strict=True))
        for ind, g in frame.groupby("indicator", sort=False)
    }
    if table_rows is not None:
        for ind, g in table_rows.groupby("indicator", sort=False):
            if ind not in bases and g["jaar"].nunique() == 1:
                bases[ind] = dict(zip(g["regiocode"], g["waarde"], strict=True))
    return bases


def _table_rows(df: pd.DataFrame) -> dict[tuple, pd.DataFrame]:
    """Return the rows of each (source, table), for bases dated in another year of the table."""
    return {key: g for key, g in df.groupby(["bron", "tabel"], sort=False, dropna=False)}


def _combined_row(
    template: pd.Series, code: str, name: str, level: str, value: float, symbol: str, note: str
) -> dict:
    row = template.to_dict()
    row.update(
        regiocode=code,
        regionaam=name,
        regioniveau=level,
        waarde=value,
        symbool=symbol,
        harmonisatie=note,
    )
    return row


def _harmonise_frame(frame: pd.DataFrame, table_rows: pd.DataFrame | None = None) -> list[dict]:
    """Harmonise one (source, table, year) frame that holds former gemeenten."""
    present = set(frame["regiocode"])
    bases = _frame_bases(frame, table_rows)
    out: list[dict] = []
    for indicator, rows in frame.groupby("indicator", sort=False):
        targets: dict[str, dict[str, float]] = {}
        for code in rows["regiocode"]:
            for target, share in regions.successors(code):
                targets.setdefault(target, {})[code] = share
        used: set[str] = set()
        for target, shares in targets.items():
            if set(shares) == {target}:
                continue
            expected = _expected_parts(target, present)
            if not expected <= set(shares):
                continue
            parts = rows.loc[rows["regiocode"].isin(shares)]
            unit = str(parts["eenheid"].iloc[0])
            base_code = "" if _is_count(unit) else _base_code(indicator)
            if _is_count(unit):
                value, symbol = _combine_rows(parts, shares, None)
                how = "opgeteld"
            elif base_code and base_code in bases:
                value, symbol = _combine_rows(parts, shares, bases[base_code])
                how = f"gewogen naar {catalogue.label(base_code).lower()}"
            else:
                value, symbol, how = math.nan, ".", "niet om te rekenen: geen basis om te wegen"
            listed = ", ".join(_part_label(c, shares[c]) for c in sorted(shares))
            note = f"Omgerekend naar de huidige gemeente uit {listed}; {how}."
            out.append(
                _combined_row(
                    parts.iloc[0],
                    target,
                    regions.name(target),
                    regions.LEVEL_GEMEENTE,
                    value,
                    symbol,
                    note,
                )
            )
            used |= {c for c in shares if c == target or not regions.is_current_gemeente(c)}
        for _, row in rows.loc[~rows["regiocode"].isin(used)].iterrows():
            rec = row.to_dict()
            if regions.is_former_gemeente(rec["regiocode"]) and not regions.is_current_gemeente(
                rec["regiocode"]
            ):
                rec["harmonisatie"] = (
                    "Voormalige gemeente, niet omgerekend: niet alle delen van de huidige "
                    f"gemeente {regions.name(regions.main_successor(rec['regiocode']))} "
                    "staan in deze bron."
                )
            out.append(rec)
    return out


def harmonise(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with gemeente figures on current gemeenten, parts named in ``harmonisatie``.

    Only gemeente-level rows of frames that hold a former gemeente are touched. A former gemeente
    whose partners are missing from the same source stays as it is (with a note): it is never
    dropped and never passed off as the whole current gemeente.
    """
    if df.empty:
        return df
    is_gm = df["regioniveau"] == regions.LEVEL_GEMEENTE
    former = is_gm & df["regiocode"].map(
        lambda c: regions.is_former_gemeente(c) and not regions.is_current_gemeente(c)
    )
    keys = df.loc[former, FRAME_KEYS].drop_duplicates()
    if keys.empty:
        return df
    touched = df[FRAME_KEYS].merge(keys.assign(_t=True), on=FRAME_KEYS, how="left")["_t"].eq(True)
    touched = touched.to_numpy() & is_gm.to_numpy()
    rows: list[dict] = []
    tables = _table_rows(df.loc[touched])
    for _, frame in df.loc[touched].groupby(FRAME_KEYS, sort=False, dropna=False):
        key = (frame["bron"].iloc[0], frame["tabel"].iloc[0])
        rows.extend(_harmonise_frame(frame, tables.get(key)))
    result = pd.concat(
        [df.loc[~touched], pd.DataFrame(rows, columns=df.columns)], ignore_index=True
    )
    return result.astype(df.dtypes.to_dict())


def aggregate(
    df: pd.DataFrame, members: list[str], code: str, name: str, note: str
) -> pd.DataFrame:
    """Build an aggregate region (e.g. the Veenkoloniën) from gemeente figures.

    Per (source, table, year, indicator) the aggregate is made only when every member has a row;
    counts are summed and shares weighted by their base. ``note`` names the set used.
    """
    gm = df.loc[(df["regioniveau"] == regions.LEVEL_GEMEENTE) & df["regiocode"].isin(members)]
    rows: list[dict] = []
    shares = dict.fromkeys(members, 1.0)
    tables = _table_rows(gm)
    for _, frame in gm.groupby(FRAME_KEYS, sort=False, dropna=False):
        bases = _frame_bases(frame, tables.get((frame["bron"].iloc[0], frame["tabel"].iloc[0])))
        for indicator, parts in frame.groupby("indicator", sort=False):
            if set(parts["regiocode"]) != set(members):
                continue
            unit = str(parts["eenheid"].iloc[0])
            if _is_count(unit):
                value, symbol = _combine_rows(parts, shares, None)
                how = "opgeteld"
            else:
                base_code = _base_code(indicator)
                if not base_code or base_code not in bases:
                    continue
                value, symbol = _combine_rows(parts, shares, bases[base_code])
                how = f"gewogen naar {catalogue.label(base_code).lower()}"
            rows.append(
                _combined_row(
                    parts.iloc[0],
                    code,
                    name,
                    regions.LEVEL_AGGREGATE,
                    value,
                    symbol,
                    f"{note}; {how}.",
                )
            )
    return pd.DataFrame(rows, columns=df.columns).astype(df.dtypes.to_dict())


def veenkolonien_aggregates(df: pd.DataFrame) -> pd.DataFrame:
    """Build the Veenkoloniën aggregate for every selectable definition."""
    frames = []
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        members = regions.veenkolonien(definitie)
        note = (
            f"Veenkoloniën volgens '{regions.veenkolonien_name(definitie)}': "
            f"{len(members)} gemeenten ({', '.join(regions.name(c) for c in members)})"
        )
        frames.append(
            aggregate(
                df,
                members,
                regions.veenkolonien_code(definitie),
                regions.veenkolonien_name(definitie),
                note,
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else df.iloc[0:0]


def province_aggregates(df: pd.DataFrame) -> pd.DataFrame:
    """Build province figures from their gemeenten for tables that publish none (e.g. KWB)."""
    gm = regions.gemeenten()
    with_province = set(df.loc[df["regioniveau"] == regions.LEVEL_PROVINCE, "tabel"])
    source = df.loc[~df["tabel"].isin(with_province)]
    frames = []
    for code in ("PV20", "PV22"):
        members = gm.loc[gm["provinciecode"] == code, "gemeentecode"].tolist()
        agg = aggregate(
            source,
            members,
            code,
            regions.name(code),
            f"Berekend uit de {len(members)} gemeenten van de provincie",
        )
        frames.append(agg.assign(regioniveau=regions.LEVEL_PROVINCE))
    return pd.concat(frames, ignore_index=True)
