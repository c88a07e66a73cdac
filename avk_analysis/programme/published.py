"""Publishable tables of the programme data: the only way programme data reaches notebooks.

Every function takes a loaded ``ProgrammeData``, a workbook path or a programme year, and returns
a DataFrame with Dutch column names that went through ``avk_analysis.disclosure`` (small counts of
people become '<10', shares derived from them 'onderdrukt', shown counts are rounded). Internal
free text (opmerking, titel, toelichting) never appears. There is deliberately no option to skip
the disclosure control. ``df.attrs`` holds ``status`` ('echt'/'voorbeeld'), ``programmajaar`` and
the rule text under ``onthullingscontrole``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from avk_analysis import disclosure, regions
from avk_analysis.programme import contract
from avk_analysis.programme.load import ProgrammeData, programme_tidy, resolve

Bron = ProgrammeData | Path | str | int
REGIO = "regio"  # shown instead of a gemeente for region-wide experiments and meetings


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


def tidy(bron: Bron) -> pd.DataFrame:
    """Return the programme's tidy indicators per gemeente and year (suppressed)."""
    return programme_tidy(resolve(bron))


def doelen(bron: Bron) -> pd.DataFrame:
    """Return every goal with target, realisation and % of target (people counts suppressed)."""
    data = resolve(bron)
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


def doelen_per_kapitaalsvorm(bron: Bron) -> pd.DataFrame:
    """Return per kapitaalsvorm the number of goals by status and how many met their target."""
    data = resolve(bron)
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


def interventies_per_oordeel(bron: Bron) -> pd.DataFrame:
    """Return interventions per kapitaalsvorm and verdict, with their summed reach."""
    data = resolve(bron)
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


def interventies(bron: Bron) -> pd.DataFrame:
    """Return the list of interventions (partner, gemeenten, verdict, reach; no free text)."""
    data = resolve(bron)
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


def experimenten_voortgang(bron: Bron) -> pd.DataFrame:
    """Return each experiment's phase, status and progress towards its target."""
    data = resolve(bron)
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


def activiteiten_vs_jaardoelen(bron: Bron) -> pd.DataFrame:
    """Return per kind of meeting the yearly target, the number held and who took part."""
    data = resolve(bron)
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


def avk_teams(bron: Bron) -> pd.DataFrame:
    """Return per partner its AVK team (norm: 1 bestuurder, 2 managers, 2 uitvoering)."""
    data = resolve(bron)
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


def avk_teams_per_sector(bron: Bron) -> pd.DataFrame:
    """Return per sector how many partners have a complete AVK team."""
    data = resolve(bron)
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


def bereik_per_kwartaal(bron: Bron) -> pd.DataFrame:
    """Return reach per year, quarter and gemeente, summed over interventions and experiments."""
    data = resolve(bron)
    src = data.internal["Bereik"]
    counts = ["huishoudens", "personen", "kinderen"]
    df = (
        src.groupby(["jaar", "kwartaal", "gemeente_code"], as_index=False)[counts]
        .sum(min_count=1)
        .sort_values(["jaar", "kwartaal", "gemeente_code"])
    )
    df.insert(3, "gemeente", df["gemeente_code"].map(regions.name))
    return _finish(df, data, counts)


def bereik_per_activiteit(bron: Bron) -> pd.DataFrame:
    """Return reach per intervention or experiment, summed over gemeenten and quarters."""
    data = resolve(bron)
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


def tabellen(bron: Bron) -> dict[str, pd.DataFrame]:
    """Return every publishable table of a workbook, loading it once."""
    data = resolve(bron)
    return {name: build(data) for name, build in TABLES.items()}


def metadata(bron: Bron) -> dict[str, object]:
    """Return programme year, status, peildatum, file name and the disclosure rule text."""
    data = resolve(bron)
    return {
        "programmajaar": data.jaar,
        "status": data.status,
        "peildatum": data.peildatum,
        "bestand": data.path.name,
        "onthullingscontrole": disclosure.rule_text(),
        "waarschuwingen": len(data.report.warnings),
    }


def _order(df: pd.DataFrame, col: str, order: tuple[str, ...], then: list[str]) -> pd.DataFrame:
    rank = {v: i for i, v in enumerate(order)}
    key = df[col].map(lambda v: rank.get(v, len(rank)))
    return df.assign(_rang=key).sort_values(["_rang", *then]).drop(columns="_rang")
