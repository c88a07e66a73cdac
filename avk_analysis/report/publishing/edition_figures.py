"""Every figure of an edition in one citable table: the file ``cijfers_<jaar>.csv``.

One row per figure, one value per column: what it is (indicator, omschrijving, kenmerk), where
and when (regiocode, gebied, jaar), the value and its unit (or the symbol the pages show in its
place), who made it (``herkomst``: published by CBS or a planning office, computed by the
monitor, or the programme's own data), and where it comes from (``tabel``: the CBS table id, the
delivery or the workbook; ``url``; ``opgehaald`` and ``licentie`` of that very source). Values
have the precision the pages show (shares one decimal, rates per 1.000 whole), never a float's
fifteen digits.

The rows are made from the same functions the pages use, so a figure reads the same on every
page and in this file (``avk_analysis.report.publishing.consistency`` checks it on the built
edition).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from avk_analysis import load
from avk_analysis.indicators import changes, generational, nature, scale
from avk_analysis.indicators.select import from_source, latest_year, region_label
from avk_analysis.pipeline import processed
from avk_analysis.presentation.formatting import suppressed_label
from avk_analysis.vocabulary import catalogue, regions, symbols
from avk_analysis.vocabulary.disclosure_rule import TIDY_SYMBOL

COLUMNS = [
    "indicator",
    "omschrijving",
    "kenmerk",
    "regiocode",
    "gebied",
    "jaar",
    "waarde",
    "eenheid",
    "teken",
    "herkomst",
    "bron",
    "tabel",
    "url",
    "status",
    "licentie",
    "opgehaald",
]
PUBLISHED_BY_CBS = "gepubliceerd door CBS"
SUMMED = "berekend door de monitor (opgeteld uit de gemeenten)"
RECODED = "berekend door de monitor (omgerekend naar de huidige gemeenten)"
COMPUTED = "berekend door de monitor"
PROGRAMME = "programmagegevens van de Alliantie van Kracht"
PROGRAMME_COMPUTED = "berekend door de monitor uit de programmagegevens"
PER_1000 = "per 1.000 inwoners"
#: Decimals of a value per unit: what the pages show.
DECIMALS = {
    catalogue.PCT: 1,
    "aantal": 0,
    "x 1 000 euro": 1,
    "euro per maand": 0,
    "% verandering": 1,
    "procentpunt": 1,
    PER_1000: 0,
}
CBS = "CBS"
AVK = "Alliantie van Kracht"


def rounded(value: object, unit: str) -> object:
    """Return a value with the precision the pages show for its unit (None when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return value
    if math.isnan(float(value)):
        return None
    decimals = DECIMALS.get(unit, 1)
    # the pages round half up (presentation.fmt_getal); so does this file
    out = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(out) if decimals == 0 else float(out)


def shown_symbol(symbol: object, bron: str) -> str:
    """Return the text the pages show instead of a number ('' for a number).

    A programme count below the disclosure threshold reads '<10' (as on every page); a CBS symbol
    reads as the pages write it ('geheim', 'geen gegevens', ...).
    """
    missing = symbol is None or (isinstance(symbol, float) and math.isnan(symbol))
    text = "" if missing else str(symbol).strip()
    if not text:
        return ""
    if bron == AVK and text == TIDY_SYMBOL:
        return suppressed_label(_threshold())
    return symbols.CELL_TEXT.get(text, text)


def _threshold() -> int:
    from avk_analysis.vocabulary.disclosure_rule import min_count

    return min_count(None)


# --- which indicators the pages show ---------------------------------------------------------
def shown_indicators(df: pd.DataFrame) -> list[str]:
    """Return every indicator a page shows: key figures, lines, context, who is poor, generations.

    The Verantwoording's definitions table uses the same list.
    """
    from avk_analysis.sources.cbs import tables

    shown = [code for pair in scale.KEY_FIGURES for code in pair if code]
    shown += [code for code, _key in scale.POVERTY_LINES]
    shown += ["kwb_hh_laag_inkomen_pct", "programma_bereik_huishoudens"]
    for m in nature.CONTEXT:
        shown += [m.indicator, *m.parts]
        if m.kind == nature.KIND_PER_1000:
            shown.append(nature.INHABITANTS)
    for item in tables.LLI_KENMERKEN:
        shown += [tables.kenmerk_indicator(item, "pct"), tables.kenmerk_indicator(item, "aantal")]
    shown += sorted(set(generational.generational_rows(df)["indicator"]))
    present = set(df["indicator"])
    # the young adults per gemeente and year from the microdata tabulation (single years)
    shown += sorted(c for c in present if c.startswith("microdata_"))
    return [c for c in dict.fromkeys(shown) if c in present and c in catalogue.INDICATORS]


def _regions_shown(codes: Iterable[str], vk_code: str) -> list[bool]:
    """Tell per region code whether the pages show it.

    Only the edition's Veenkoloniën set, and no former gemeente (the pages use the current ones).
    """
    out = []
    for code in codes:
        c = str(code)
        if c.startswith("VK_"):
            out.append(c == vk_code)
        elif c.startswith("GM"):
            out.append(regions.is_current_gemeente(c))
        else:
            out.append(True)
    return out


# --- where each row comes from ---------------------------------------------------------------
def _sources() -> pd.DataFrame:
    """Return the build's sources (empty when the data were built without them)."""
    try:
        return load.bronnen()
    except (processed.ProcessedDataError, FileNotFoundError):
        return pd.DataFrame(columns=["soort", "tabel", "opgehaald", "licentie"])


def source_of(bron: str, tabel: str, sources: pd.DataFrame) -> tuple[str, str]:
    """Return (retrieval date, licence) of the source a row came from ('' when unknown)."""
    if sources.empty:
        return "", ""
    if bron == CBS:
        hit = sources.loc[(sources["soort"] == "cbs") & (sources["tabel"] == tabel)]
    elif bron == AVK:
        hit = sources.loc[sources["soort"] == "programma"]
    else:
        hit = sources.loc[sources["soort"] == "planbureau"]
    if hit.empty:
        return "", ""
    row = hit.iloc[0]
    return str(row.get("opgehaald", "") or "")[:10], str(row.get("licentie", "") or "")


def _origins(rows: pd.DataFrame) -> list[str]:
    """Return per row who made the figure (CBS, the monitor, a planning office, the programme)."""
    recoded = rows.get("harmonisatie", pd.Series("", index=rows.index)).fillna("").astype(str)
    out = []
    for bron, code, how in zip(rows["bron"], rows["regiocode"], recoded, strict=True):
        if bron == CBS:
            if str(code).startswith("VK_"):
                out.append(SUMMED)
            elif how.startswith("Omgerekend"):
                out.append(RECODED)
            else:
                out.append(PUBLISHED_BY_CBS)
        elif bron == AVK:
            out.append(PROGRAMME)
        else:
            out.append(f"gepubliceerd door {bron}")
    return out


def tidy_rows(df: pd.DataFrame, jaar: int, vk_code: str) -> pd.DataFrame:
    """Return the shown indicators' rows of the tidy table (years up to ``jaar``), as CSV rows."""
    rows = df.loc[df["indicator"].isin(shown_indicators(df)) & (df["jaar"] <= jaar)]
    rows = rows.loc[_regions_shown(rows["regiocode"], vk_code)]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    labels = {c: catalogue.label(c) for c in rows["indicator"].unique()}
    return pd.DataFrame(
        {
            "indicator": rows["indicator"],
            "omschrijving": rows["indicator"].map(labels),
            "kenmerk": "",
            "regiocode": rows["regiocode"],
            "gebied": rows["regionaam"],
            "jaar": rows["jaar"].astype(int),
            "waarde": [rounded(v, u) for v, u in zip(rows["waarde"], rows["eenheid"], strict=True)],
            "eenheid": rows["eenheid"],
            "teken": [
                shown_symbol(s, b) if pd.isna(v) else ""
                for s, b, v in zip(rows["symbool"], rows["bron"], rows["waarde"], strict=True)
            ],
            "herkomst": _origins(rows),
            "bron": rows["bron"],
            "tabel": rows["tabel"].fillna(""),
            "url": rows["bron_url"].fillna("") if "bron_url" in rows else "",
            "status": rows["status"],
        }
    )


def reference_rows(refs: pd.DataFrame | None, jaar: int) -> pd.DataFrame:
    """Return the planning offices' published figures the pages set beside the monitor's."""
    if refs is None or refs.empty:
        return pd.DataFrame(columns=COLUMNS)
    from avk_analysis.presentation import narrative

    wanted = {c for c, _k in scale.POVERTY_LINES} | set(narrative.PUBLISHED_CHECK)
    rows = refs.loc[
        refs["indicator"].isin(wanted)
        & refs["bron"].isin(("Sociaal Planbureau Groningen", "Trendbureau Drenthe"))
        & (refs["soort_bron"] == "primair")
        & (refs["jaar"] <= jaar)
    ]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame(
        {
            "indicator": rows["indicator"],
            "omschrijving": rows["indicator"].map(catalogue.label),
            "kenmerk": "ter vergelijking met het CBS-cijfer van de monitor",
            "regiocode": rows["regiocode"],
            "gebied": rows["regionaam"],
            "jaar": rows["jaar"].astype(int),
            "waarde": [rounded(v, u) for v, u in zip(rows["waarde"], rows["eenheid"], strict=True)],
            "eenheid": rows["eenheid"],
            "teken": "",
            "herkomst": [f"gepubliceerd door {b}" for b in rows["bron"]],
            "bron": rows["bron"],
            "tabel": rows["tabel"].fillna(""),
            "url": rows["bron_url"].fillna(""),
            "status": rows["status"],
        }
    )


# --- figures the monitor computes for the pages ----------------------------------------------
def _newest(cbs: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Return per region the row of one indicator and year from the newest table (as figure())."""
    rows = cbs.loc[(cbs["indicator"] == indicator) & (cbs["jaar"] == year)]
    return rows.sort_values("tabel").drop_duplicates("regiocode", keep="last")


def _same_table(cbs: pd.DataFrame, indicator: str) -> pd.Series:
    """Return one value of ``indicator`` per (regiocode, tabel), as nature's same-table rule."""
    rows = cbs.loc[(cbs["indicator"] == indicator) & cbs["waarde"].notna()]
    rows = rows.drop_duplicates(["regiocode", "tabel"], keep="first")
    return rows.set_index(["regiocode", "tabel"])["waarde"]


def context_rows(df: pd.DataFrame, jaar: int, vk_code: str) -> pd.DataFrame:
    """Return the context measures the monitor computes (rates per 1.000, education parts).

    The same rule as :func:`avk_analysis.indicators.nature.value`, for all regions at once.
    """
    from avk_analysis.presentation import narrative

    cbs = from_source(df)
    cbs = cbs.loc[_regions_shown(cbs["regiocode"], vk_code)]
    out = []
    for m in nature.CONTEXT:
        if m.kind not in (nature.KIND_PER_1000, nature.KIND_PART):
            continue
        year = latest_year(df, m.indicator, jaar)
        if year is None:
            continue
        rows = _newest(cbs, m.indicator, year).dropna(subset=["waarde"])
        keys = list(zip(rows["regiocode"], rows["tabel"], strict=True))
        if m.kind == nature.KIND_PER_1000:
            base = _same_table(cbs, nature.INHABITANTS).reindex(keys).to_numpy()
            values = 1000 * rows["waarde"].to_numpy() / base
            unit, suffix = PER_1000, "per_1000"
        else:
            parts = [_same_table(cbs, p).reindex(keys).to_numpy() for p in m.parts]
            whole = sum(parts)
            values = 100 * rows["waarde"].to_numpy() / whole
            unit, suffix = catalogue.PCT, "pct"
        for (code, tabel), value, status in zip(keys, values, rows["status"], strict=True):
            if value is None or not math.isfinite(float(value)) or float(value) < 0:
                continue
            out.append(
                {
                    "indicator": f"{m.key}_{suffix}",
                    "omschrijving": narrative.NATURE_LABELS[m.key],
                    "kenmerk": f"kapitaalsvorm: {m.kapitaalsvorm}",
                    "regiocode": code,
                    "gebied": region_label(code),
                    "jaar": int(year),
                    "waarde": rounded(float(value), unit),
                    "eenheid": unit,
                    "teken": "",
                    "herkomst": COMPUTED,
                    "bron": CBS,
                    "tabel": tabel,
                    "url": "",
                    "status": status,
                }
            )
    return pd.DataFrame(out, columns=COLUMNS[:-2])


def low_income_part_rows(df: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Return each household group's part of all low-income households (who makes up the poor)."""
    from avk_analysis.report.chapters import who_is_poor

    codes = [*regions.gemeente_codes(), "PV20", "PV22", "NL01"]
    found = who_is_poor.figures(df, codes, jaar)
    if found.empty:
        return pd.DataFrame(columns=COLUMNS[:-2])
    found = found.dropna(subset=["deel"])
    return pd.DataFrame(
        {
            "indicator": found["kenmerk"].map(who_is_poor.part_indicator),
            "omschrijving": "Deel van alle huishoudens met laag inkomen: " + found["naam"],
            "kenmerk": found["groep"],
            "regiocode": found["regiocode"],
            "gebied": found["regio"],
            "jaar": found["jaar"].astype(int),
            "waarde": [rounded(v, catalogue.PCT) for v in found["deel"].round(0)],
            "eenheid": catalogue.PCT,
            "teken": "",
            "herkomst": COMPUTED,
            "bron": CBS,
            "tabel": found["tabel"],
            "url": "",
            "status": found["status"],
        }
    )


def change_rows(df: pd.DataFrame, jaar: int, vk_code: str) -> pd.DataFrame:
    """Return the changes the pages show (last two income years), with their direction word."""
    from avk_analysis.presentation import narrative

    codes = [*regions.gemeente_codes(), "PV20", "PV22", "NL01", vk_code]
    found = changes.region_changes(df, narrative.CHANGE_INDICATORS, codes, jaar)
    found = found.dropna(subset=["verschil"])
    out = []
    for r in found.itertuples():
        out.append(
            {
                "indicator": narrative.change_indicator(r.indicator),
                "omschrijving": f"Verandering: {catalogue.label(r.indicator)}",
                "kenmerk": f"van {r.jaar_vorig} naar {r.jaar}; richting: {r.richting}",
                "regiocode": r.regiocode,
                "gebied": region_label(r.regiocode),
                "jaar": int(r.jaar),
                "waarde": rounded(r.verschil, catalogue.PCT),
                "eenheid": "procentpunt",
                "teken": "",
                "herkomst": COMPUTED,
                "bron": CBS,
                "tabel": _table_of(df, r.indicator, r.regiocode, int(r.jaar)),
                "url": "",
                "status": r.status,
            }
        )
    return pd.DataFrame(out, columns=COLUMNS[:-2])


def _table_of(df: pd.DataFrame, indicator: str, code: str, year: int) -> str:
    """Return the CBS table a figure comes from (the newest holding it, as the pages use)."""
    from avk_analysis.indicators.select import figure

    return figure(df, indicator, code, year).tabel


# --- the programme's published tables ---------------------------------------------------------
_ROW_WORDS = (
    "doel_id",
    "interventie_id",
    "experiment_id",
    "id",
    "soort",
    "naam",
    "kapitaalsvorm",
    "leerthema",
    "onderdeel",
    "oordeel_toetsingskader",
    "sector",
    "onderwerp",
    "strategisch_doel",
    "kwartaal",
    "partner",
    "plaats",
)
_NOT_FIGURES = ("gemeente_code", "gemeente", "jaar", "gemeente_codes", "gemeenten", "eenheid")


def _programme_value(value: object, threshold: int) -> tuple[object, str]:
    """Return (number, symbol) of a cell of a programme table ('<10' and 'onderdrukt' stay)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return (None, "") if math.isnan(float(value)) else (value, "")
    text = "" if value is None else str(value).strip()
    if text in (suppressed_label(threshold), "onderdrukt"):
        return None, text
    try:
        return float(text.replace(",", ".")), ""
    except ValueError:
        return None, "?"


def programme_rows(jaar: int) -> pd.DataFrame:
    """Return every figure of the programme's published tables of ``jaar``, one row each."""
    try:
        if jaar not in load.programma_jaren():
            return pd.DataFrame(columns=COLUMNS[:-2])
        info = load.programma_info(jaar)
        tables_ = load.programma(jaar)
    except processed.ProcessedDataError:
        return pd.DataFrame(columns=COLUMNS[:-2])
    threshold = int(info.get("drempel") or _threshold())
    status = str(info.get("status", ""))
    workbook = str(info.get("bestand", ""))
    out = []
    for name, table in tables_.items():
        for _, rec in table.iterrows():
            words = "; ".join(
                f"{c}: {rec[c]}"
                for c in _ROW_WORDS
                if c in table.columns and not pd.isna(rec[c]) and str(rec[c]).strip()
            )
            code = str(rec.get("gemeente_code", "") or "") if "gemeente_code" in table else ""
            area = str(rec.get("gemeente", "") or "") if "gemeente" in table else ""
            for column in table.columns:
                if column in _NOT_FIGURES or column in _ROW_WORDS:
                    continue
                if pd.api.types.is_datetime64_any_dtype(table[column]):
                    continue
                value, symbol = _programme_value(rec[column], threshold)
                if symbol == "?" or (value is None and not symbol):
                    continue  # text (a name, a verdict) or an empty cell: not a figure
                pct = column.endswith("_pct")
                unit = (
                    catalogue.PCT
                    if pct
                    else str(rec["eenheid"])
                    if "eenheid" in table and column in ("streefwaarde", "realisatie")
                    else "aantal"
                )
                out.append(
                    {
                        "indicator": f"programma.{name}.{column}",
                        "omschrijving": f"{name.replace('_', ' ')}: {column.replace('_', ' ')}",
                        "kenmerk": words,
                        "regiocode": code if code.startswith("GM") else "",
                        "gebied": area or "alle gemeenten",
                        "jaar": int(rec["jaar"])
                        if "jaar" in table and not pd.isna(rec["jaar"])
                        else int(jaar),
                        "waarde": rounded(value, catalogue.PCT if pct else "aantal")
                        if value is not None
                        else None,
                        "eenheid": unit,
                        "teken": symbol,
                        "herkomst": PROGRAMME_COMPUTED if pct else PROGRAMME,
                        "bron": AVK,
                        "tabel": workbook,
                        "url": "",
                        "status": status,
                    }
                )
    return pd.DataFrame(out, columns=COLUMNS[:-2])


# --- the whole edition ------------------------------------------------------------------------
def edition_figures(
    df: pd.DataFrame, jaar: int, veenkolonien: str, refs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return every figure of the edition ``jaar`` as one tidy, citable table (``COLUMNS``)."""
    vk_code = regions.veenkolonien_code(veenkolonien)
    parts = [
        tidy_rows(df, jaar, vk_code),
        context_rows(df, jaar, vk_code),
        low_income_part_rows(df, jaar),
        change_rows(df, jaar, vk_code),
        reference_rows(refs, jaar),
        programme_rows(jaar),
    ]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    sources = _sources()
    # one lookup per source, not per row (27.000 rows, a few dozen sources)
    pairs = list(zip(frame["bron"].astype(str), frame["tabel"].astype(str), strict=True))
    known = {pair: source_of(*pair, sources) for pair in set(pairs)}
    found = [known[pair] for pair in pairs]
    frame["opgehaald"] = [d or "onbekend" for d, _lic in found]
    frame["licentie"] = [lic or "zie de bron" for _d, lic in found]
    frame["kenmerk"] = frame["kenmerk"].fillna("")
    order = ["indicator", "regiocode", "jaar", "herkomst", "kenmerk"]
    frame = frame.sort_values(order, kind="stable")
    return frame[COLUMNS].reset_index(drop=True)
