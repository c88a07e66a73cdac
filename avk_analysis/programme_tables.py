"""The programme's published tables: validated workbook data in, disclosure-controlled frames out.

The build calls this module (and only the build): it turns a checked ``ProgrammeData`` into the
tidy programme indicators for ``indicatoren.parquet`` and into the tables the report shows, which
it writes to ``data/processed/programma/<jaar>/``. Every frame went through
``avk_analysis.disclosure`` (small counts of people become '<10', shares derived from them
'onderdrukt', shown counts are rounded); internal free text (opmerking, titel, toelichting) never
appears. There is deliberately no option to skip the disclosure control. ``df.attrs`` holds
``status`` ('echt'/'voorbeeld'), ``programmajaar`` and the rule text under
``onthullingscontrole``.
"""

from __future__ import annotations

import pandas as pd

from avk_analysis import catalogue, disclosure, regions, tidy
from avk_analysis.programme import contract
from avk_analysis.programme.validate import ROW
from avk_analysis.programme.workbook import ProgrammeData

BRON = "Alliantie van Kracht"
HARMONISED = "voormalige gemeentecode omgezet naar de huidige gemeente (grootste opvolger)"
# Tidy indicators that count people: disclosure control applies to them.
PERSON_INDICATORS = (
    "programma_bereik_huishoudens",
    "programma_bereik_personen",
    "programma_bereik_kinderen",
    "programma_bijeenkomsten_deelnemers",
)
REGIO = "regio"  # shown instead of a gemeente for region-wide experiments and meetings


def _tidy_rows(
    data: ProgrammeData, frame: pd.DataFrame, code_col: str, year_col: str | None, sheet: str
) -> pd.DataFrame:
    """Return frame with regiocode, jaar and whether the row's code was harmonised."""
    out = frame.copy()
    out["regiocode"] = out[code_col]
    out["jaar"] = out[year_col].astype("Int64") if year_col else data.jaar
    out["_omgezet"] = [(sheet, int(r)) in data.harmonised for r in out[ROW]]
    return out.loc[out["regiocode"].notna()]


def programme_tidy(data: ProgrammeData) -> pd.DataFrame:
    """Return the programme's tidy indicators per gemeente and year, after disclosure control."""
    parts: list[pd.DataFrame] = []
    frames = data.internal

    reach = _tidy_rows(data, frames["Bereik"], "gemeente_code", "jaar", "Bereik")
    for col in ("huishoudens", "personen", "kinderen"):
        grouped = reach.groupby(["regiocode", "jaar"], as_index=False).agg(
            waarde=(col, lambda s: s.sum(min_count=1)),
            onvolledig=(col, lambda s: bool(s.isna().any())),
            omgezet=("_omgezet", "any"),
        )
        grouped = grouped.loc[grouped["waarde"].notna()]
        parts.append(_indicator(grouped, f"programma_bereik_{col}", "onvolledig"))

    interventions = frames["Interventies"].copy()
    interventions["gemeente_code"] = interventions["gemeente_codes"].str.split(";")
    interventions = interventions.explode("gemeente_code")
    parts.append(_count(data, interventions, "Interventies", "programma_interventies_aantal"))

    parts.append(
        _count(data, frames["Experimenten"], "Experimenten", "programma_experimenten_aantal")
    )
    parts.append(_count(data, frames["Partners"], "Partners", "programma_partners_aantal"))

    meetings = frames["Bijeenkomsten"].copy()
    meetings["jaar"] = meetings["datum"].dt.year
    rows = _tidy_rows(data, meetings, "gemeente_code", "jaar", "Bijeenkomsten")
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=("datum", "size"), omgezet=("_omgezet", "any")
    )
    parts.append(_indicator(grouped, "programma_bijeenkomsten_aantal"))
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=("deelnemers", lambda s: s.sum(min_count=1)),
        onvolledig=("deelnemers", lambda s: bool(s.isna().any())),
        omgezet=("_omgezet", "any"),
    )
    grouped = grouped.loc[grouped["waarde"].notna()]
    parts.append(_indicator(grouped, "programma_bijeenkomsten_deelnemers", "onvolledig"))

    parts = [p for p in parts if not p.empty]
    if not parts:
        return disclosure.suppress_tidy(tidy.empty(), PERSON_INDICATORS)
    rows = pd.concat(parts, ignore_index=True)
    rows["bron"] = BRON
    rows["tabel"] = f"avk_programma_{data.jaar}"
    rows["regionaam"] = rows["regiocode"].map(regions.name)
    rows["regioniveau"] = regions.LEVEL_GEMEENTE
    rows["eenheid"] = rows["indicator"].map(lambda c: catalogue.get(c).unit)
    rows["definitie"] = rows["indicator"].map(lambda c: catalogue.get(c).definition)
    rows["status"] = data.status
    rows["jaar"] = rows["jaar"].astype(int)
    rows["waarde"] = rows["waarde"].astype(float)
    rows["symbool"] = ""
    rows["bron_url"] = ""
    rows = rows[tidy.COLUMNS].sort_values(["indicator", "regiocode", "jaar"])
    # suppress_tidy validates the result against the tidy schema
    out = disclosure.suppress_tidy(rows.reset_index(drop=True), PERSON_INDICATORS)
    out.attrs.update({"status": data.status, "programmajaar": data.jaar})
    return out


def _count(data: ProgrammeData, frame: pd.DataFrame, sheet: str, indicator: str) -> pd.DataFrame:
    rows = _tidy_rows(data, frame, "gemeente_code", None, sheet)
    grouped = rows.groupby(["regiocode", "jaar"], as_index=False).agg(
        waarde=(ROW, "size"), omgezet=("_omgezet", "any")
    )
    return _indicator(grouped, indicator)


def _indicator(grouped: pd.DataFrame, code: str, incomplete: str | None = None) -> pd.DataFrame:
    catalogue.get(code)  # fail early on a code that is not in the catalogue
    out = pd.DataFrame(
        {
            "indicator": code,
            "regiocode": grouped["regiocode"].astype(str),
            "jaar": grouped["jaar"].astype(int),
            "waarde": grouped["waarde"].astype(float),
            "harmonisatie": grouped["omgezet"].map(lambda x: HARMONISED if x else ""),
            "onzeker": grouped[incomplete].astype(bool) if incomplete else False,
        }
    )
    return out


# --- the report's tables ---------------------------------------------------------------
def _finish(df: pd.DataFrame, data: ProgrammeData, counts: list[str], **kwargs) -> pd.DataFrame:
    out = disclosure.suppress(df.reset_index(drop=True), counts, **kwargs)
    out.attrs.update({"status": data.status, "programmajaar": data.jaar})
    return out


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    part = pd.to_numeric(part, errors="coerce").astype("Float64")
    whole = pd.to_numeric(whole, errors="coerce").astype("Float64")
    return (part / whole.where(whole > 0) * 100).round(1)


def _whole(values: pd.Series) -> pd.Series:
    """Return whole numbers as Int64 when every value is whole (targets such as 250.0)."""
    numbers = pd.to_numeric(values, errors="coerce")
    whole = numbers.dropna()
    return numbers.astype("Int64") if (whole == whole.round()).all() else numbers


def _gemeente(code: object) -> str:
    return regions.name(code) if isinstance(code, str) else REGIO


def _person_rows(df: pd.DataFrame) -> pd.Series:
    return df["eenheid"].map(contract.is_person_unit).astype(bool)


def doelen(data: ProgrammeData) -> pd.DataFrame:
    """Return every goal with target, realisation and % of target (people counts suppressed)."""
    src = data.internal["Doelen"]
    df = pd.DataFrame(
        {
            "doel_id": src["doel_id"],
            "strategisch_doel": src["strategisch_doel"],
            "kapitaalsvorm": src["kapitaalsvorm"],
            "operationeel_doel": src["operationeel_doel"],
            "inspanning": src["inspanning"],
            "indicator": src["indicator"],
            "streefwaarde": _whole(src["streefwaarde"]),
            "realisatie": src["realisatie"],
            "eenheid": src["eenheid"],
            "realisatie_pct": _pct(src["realisatie"], src["streefwaarde"]),
            "status": src["status"],
            "peildatum": src["peildatum"],
        }
    )
    df = _order(df, "kapitaalsvorm", tuple(contract.KAPITAALSVORMEN), ["doel_id"])
    return _finish(
        df,
        data,
        ["realisatie"],
        derived={"realisatie_pct": ["realisatie"]},
        rows=_person_rows(df),
    )


def doelen_per_kapitaalsvorm(data: ProgrammeData) -> pd.DataFrame:
    """Return per kapitaalsvorm the number of goals by status and how many met their target."""
    src = data.internal["Doelen"]
    rows = []
    for kv in contract.KAPITAALSVORMEN:
        part = src.loc[src["kapitaalsvorm"] == kv]
        with_target = part.loc[part["streefwaarde"].notna() & part["realisatie"].notna()]
        met = int((with_target["realisatie"] >= with_target["streefwaarde"]).sum())
        row = {"kapitaalsvorm": kv, "doelen": len(part)}
        row.update({s: int((part["status"] == s).sum()) for s in contract.DOEL_STATUSSEN})
        row.update({"met_streefwaarde": len(with_target), "streefwaarde_gehaald": met})
        rows.append(row)
    df = pd.DataFrame(rows)
    df["gehaald_pct"] = _pct(df["streefwaarde_gehaald"], df["met_streefwaarde"])
    return _finish(df, data, [])


def interventies_per_oordeel(data: ProgrammeData) -> pd.DataFrame:
    """Return interventions per kapitaalsvorm and verdict, with their summed reach."""
    src = data.internal["Interventies"]
    rows = []
    for kv in contract.KAPITAALSVORMEN:
        for oordeel in contract.OORDELEN:
            part = src.loc[
                (src["kapitaalsvorm"] == kv) & (src["oordeel_toetsingskader"] == oordeel)
            ]
            rows.append(
                {
                    "kapitaalsvorm": kv,
                    "oordeel_toetsingskader": oordeel,
                    "interventies": len(part),
                    "bereik_huishoudens": part["bereik_huishoudens"].sum(min_count=1),
                    "bereik_personen": part["bereik_personen"].sum(min_count=1),
                }
            )
    df = pd.DataFrame(rows)
    return _finish(df, data, ["bereik_huishoudens", "bereik_personen"])


def interventies(data: ProgrammeData) -> pd.DataFrame:
    """Return the list of interventions (partner, gemeenten, verdict, reach; no free text)."""
    src = data.internal["Interventies"]
    partners = data.internal["Partners"].set_index("partner_id")["naam"].to_dict()
    df = pd.DataFrame(
        {
            "interventie_id": src["interventie_id"],
            "naam": src["naam"],
            "partner": src["partner"].map(lambda p: partners.get(p, p)),
            "gemeenten": src["gemeente_codes"].map(
                lambda codes: ", ".join(regions.name(c) for c in str(codes).split(";"))
            ),
            "kapitaalsvorm": src["kapitaalsvorm"],
            "doel_id": src["doel_id"],
            "start": src["start"],
            "eind": src["eind"],
            "oordeel_toetsingskader": src["oordeel_toetsingskader"],
            "beoordeeld_op": src["beoordeeld_op"],
            "bereik_huishoudens": src["bereik_huishoudens"],
            "bereik_personen": src["bereik_personen"],
        }
    )
    df = _order(df, "kapitaalsvorm", tuple(contract.KAPITAALSVORMEN), ["interventie_id"])
    return _finish(df, data, ["bereik_huishoudens", "bereik_personen"])


def experimenten_voortgang(data: ProgrammeData) -> pd.DataFrame:
    """Return each experiment's phase, status and progress towards its target."""
    src = data.internal["Experimenten"]
    df = pd.DataFrame(
        {
            "experiment_id": src["experiment_id"],
            "naam": src["naam"],
            "gemeente": src["gemeente_code"].map(_gemeente),
            "plaats": src["plaats"],
            "plaatstype": src["plaatstype"],
            "start": src["start"],
            "fase": src["fase"],
            "status": src["status"],
            "streefwaarde": _whole(src["streefwaarde"]),
            "realisatie": src["realisatie"],
            "eenheid": src["eenheid"],
            "realisatie_pct": _pct(src["realisatie"], src["streefwaarde"]),
        }
    ).sort_values("experiment_id")
    return _finish(
        df,
        data,
        ["realisatie"],
        derived={"realisatie_pct": ["realisatie"]},
        rows=_person_rows(df),
    )


def activiteiten_vs_jaardoelen(data: ProgrammeData) -> pd.DataFrame:
    """Return per kind of meeting the yearly target, the number held and who took part."""
    meetings = data.internal["Bijeenkomsten"]
    meetings = meetings.loc[meetings["datum"].dt.year == data.jaar]
    targets = data.internal["Jaardoelen"].set_index("soort")["streefaantal"].to_dict()
    rows = []
    for soort in contract.BIJEENKOMST_SOORTEN:
        part = meetings.loc[meetings["soort"] == soort]
        target = targets.get(soort)
        held = len(part)
        rows.append(
            {
                "soort": soort,
                "jaardoel": pd.NA if target is None or pd.isna(target) else int(target),
                "gehouden": held,
                "jaardoel_gehaald": ""
                if target is None or pd.isna(target)
                else ("ja" if held >= target else "nee"),
                "deelnemers": part["deelnemers"].sum(min_count=1),
                "ervaringsdeskundigen": part["ervaringsdeskundigen"].sum(min_count=1),
            }
        )
    df = pd.DataFrame(rows)
    df["jaardoel"] = df["jaardoel"].astype("Int64")
    df["aandeel_ervaringsdeskundigen_pct"] = _pct(df["ervaringsdeskundigen"], df["deelnemers"])
    return _finish(
        df,
        data,
        ["deelnemers", "ervaringsdeskundigen"],
        derived={"aandeel_ervaringsdeskundigen_pct": ["deelnemers", "ervaringsdeskundigen"]},
    )


def _missing_roles(rec: pd.Series) -> str:
    labels = {
        "avk_team_bestuurder": ("bestuurder", "bestuurders"),
        "avk_team_managers": ("manager", "managers"),
        "avk_team_uitvoering": ("uitvoerende", "uitvoerenden"),
    }
    parts = []
    for col, norm in contract.AVK_TEAM_NORM.items():
        short = norm - int(rec[col])
        if short > 0:
            parts.append(f"{short} {labels[col][0] if short == 1 else labels[col][1]}")
    return ", ".join(parts)


def avk_teams(data: ProgrammeData) -> pd.DataFrame:
    """Return per partner its AVK team (norm: 1 bestuurder, 2 managers, 2 uitvoering)."""
    src = data.internal["Partners"]
    df = pd.DataFrame(
        {
            "partner": src["naam"],
            "sector": src["sector"],
            "gemeente": src["gemeente_code"].map(_gemeente),
            "bestuurder": src["avk_team_bestuurder"],
            "managers": src["avk_team_managers"],
            "uitvoering": src["avk_team_uitvoering"],
        }
    )
    missing = src.apply(_missing_roles, axis=1) if len(src) else pd.Series(dtype=str)
    df["compleet"] = ["ja" if not m else "nee" for m in missing]
    df["ontbreekt"] = list(missing)
    df = _order(df, "sector", contract.SECTOREN, ["partner"])
    return _finish(df, data, [])


def avk_teams_per_sector(data: ProgrammeData) -> pd.DataFrame:
    """Return per sector how many partners have a complete AVK team."""
    teams = avk_teams(data)
    rows = []
    for sector in contract.SECTOREN:
        part = teams.loc[teams["sector"] == sector]
        if part.empty:
            continue
        rows.append(
            {
                "sector": sector,
                "partners": len(part),
                "avk_team_compleet": int((part["compleet"] == "ja").sum()),
            }
        )
    df = pd.DataFrame(rows, columns=["sector", "partners", "avk_team_compleet"])
    df["compleet_pct"] = _pct(df["avk_team_compleet"], df["partners"])
    return _finish(df, data, [])


def bereik_per_kwartaal(data: ProgrammeData) -> pd.DataFrame:
    """Return reach per year, quarter and gemeente, summed over interventions and experiments."""
    src = data.internal["Bereik"]
    counts = ["huishoudens", "personen", "kinderen"]
    df = (
        src.groupby(["jaar", "kwartaal", "gemeente_code"], as_index=False)[counts]
        .sum(min_count=1)
        .sort_values(["jaar", "kwartaal", "gemeente_code"])
    )
    df.insert(3, "gemeente", df["gemeente_code"].map(regions.name))
    return _finish(df, data, counts)


def bereik_per_activiteit(data: ProgrammeData) -> pd.DataFrame:
    """Return reach per intervention or experiment, summed over gemeenten and quarters."""
    src = data.internal["Bereik"].copy()
    names = {
        **data.internal["Interventies"].set_index("interventie_id")["naam"].to_dict(),
        **data.internal["Experimenten"].set_index("experiment_id")["naam"].to_dict(),
    }
    src["soort"] = src["interventie_id"].map(
        lambda v: "interventie" if isinstance(v, str) else "experiment"
    )
    src["id"] = src["interventie_id"].where(src["interventie_id"].notna(), src["experiment_id"])
    counts = ["huishoudens", "personen", "kinderen"]
    df = src.groupby(["soort", "id"], as_index=False).agg(
        gemeenten=("gemeente_code", "nunique"),
        **{c: (c, lambda s: s.sum(min_count=1)) for c in counts},
    )
    df.insert(2, "naam", df["id"].map(lambda i: names.get(i, i)))
    df = df.sort_values(["soort", "id"])
    return _finish(df, data, counts)


TABLES = {
    "doelen": doelen,
    "doelen_per_kapitaalsvorm": doelen_per_kapitaalsvorm,
    "interventies": interventies,
    "interventies_per_oordeel": interventies_per_oordeel,
    "experimenten_voortgang": experimenten_voortgang,
    "activiteiten_vs_jaardoelen": activiteiten_vs_jaardoelen,
    "avk_teams": avk_teams,
    "avk_teams_per_sector": avk_teams_per_sector,
    "bereik_per_kwartaal": bereik_per_kwartaal,
    "bereik_per_activiteit": bereik_per_activiteit,
}


def tabellen(data: ProgrammeData) -> dict[str, pd.DataFrame]:
    """Return every published table of one checked workbook (disclosure control applied)."""
    return {name: build(data) for name, build in TABLES.items()}


def metadata(data: ProgrammeData, tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Return the workbook facts the chapters need, JSON-ready (year, status, file, counts)."""
    return {
        "programmajaar": data.jaar,
        "status": data.status,
        "peildatum": data.peildatum.isoformat() if data.peildatum else None,
        "bestand": data.path.name,
        "onthullingscontrole": disclosure.rule_text(),
        "drempel": disclosure.min_count(),
        "waarschuwingen": len(data.report.warnings),
        "rijen": {name: len(df) for name, df in tables.items()},
    }


def _order(df: pd.DataFrame, col: str, order: tuple[str, ...], then: list[str]) -> pd.DataFrame:
    rank = {v: i for i, v in enumerate(order)}
    key = df[col].map(lambda v: rank.get(v, len(rank)))
    return df.assign(_rang=key).sort_values(["_rang", *then]).drop(columns="_rang")
