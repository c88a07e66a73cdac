"""The programme's published tables: validated workbook data in, disclosure-controlled frames out.

The build calls this module (and only the build): it turns a checked ``ProgrammeData`` into the
tidy programme indicators for ``indicatoren.parquet`` and into the tables the report shows, which
it writes to ``data/processed/programma/<jaar>/``. Every frame went through
``avk_analysis.pipeline.disclosure`` (small counts of people become '<10', shares derived from them
'onderdrukt', shown counts are rounded); internal free text (opmerking, titel, toelichting) never
appears. There is deliberately no option to skip the disclosure control. ``df.attrs`` holds
``status`` ('echt'/'voorbeeld'), ``programmajaar`` and the rule text under
``onthullingscontrole``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from avk_analysis.pipeline import disclosure
from avk_analysis.sources.programme import contract
from avk_analysis.sources.programme.validate import ROW
from avk_analysis.sources.programme.workbook import ProgrammeData
from avk_analysis.vocabulary import catalogue, regions, tidy

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
REACH_COUNTS = ("huishoudens", "personen", "kinderen")
LOW_INCOME = "huishoudens_laag_inkomen"  # of the households reached: with a low income (optional)
TOTAL = "Totaal"
# Who carries out an experiment: the programme itself (experiments have no partner of their own).
EXPERIMENT_PARTNER = BRON
EXPERIMENT_SECTOR = "programma"
# Groups of partners smaller than the disclosure threshold are merged into this row.
OTHER_SECTORS = "overige sectoren samen"
ALL_SECTORS = "alle sectoren samen"
# Verdicts of the toetsingskader under which an intervention is named as inspiration.
INSPIRING = ("bewezen effectief", "veelbelovend")

# --- the verdict per goal ---------------------------------------------------------------
# A goal is on track when its realisation is at least this share (in %) of where it should be
# by the peildatum: its target pro rata of the period (startjaar to doeljaar) that has passed.
ON_TRACK_PCT = contract.ON_TRACK_SHARE * 100
OP_KOERS = "op koers"
ACHTER = "achter"
LOOPTIJD_ONBEKEND = "looptijd onbekend"
GEEN_GEGEVENS = "nog geen gegevens"
VERVALLEN = "vervallen"
VERDICTS = (OP_KOERS, ACHTER, LOOPTIJD_ONBEKEND, GEEN_GEGEVENS, VERVALLEN)
VERDICT_RULE = (
    "Elke streefwaarde heeft een looptijd, van 1 januari van het startjaar tot en met 31 "
    "december van het doeljaar. Op de peildatum is een deel van die looptijd voorbij; evenveel "
    "van de streefwaarde zou er dan bereikt moeten zijn ('verwacht nu'). "
    f"'{OP_KOERS}': de realisatie is ten minste {ON_TRACK_PCT:.0f} % van wat er nu verwacht "
    f"wordt (of het doel is gerealiseerd); '{ACHTER}': minder dan dat. Is de looptijd voorbij, "
    "dan is een doel alleen op koers als de hele streefwaarde is gehaald. Bij een percentage (een "
    "stand, geen optelsom) is wat er verwacht wordt de streefwaarde zelf. "
    f"'{LOOPTIJD_ONBEKEND}': het werkboek noemt geen startjaar en doeljaar, dus is niet te "
    "zeggen waar het doel nu zou moeten staan. "
    f"'{GEEN_GEGEVENS}': er is (nog) geen realisatie of streefwaarde, de looptijd is nog niet "
    "begonnen, of de realisatie is een afgeschermd klein aantal waaruit geen oordeel volgt."
)


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

    reach = _yearly_reach(data)
    for col in REACH_COUNTS:
        grouped = reach.rename(columns={"gemeente_code": "regiocode", col: "waarde"})
        grouped = grouped.assign(jaar=data.jaar, onvolledig=grouped["waarde"].isna())
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


def _yearly_reach(data: ProgrammeData) -> pd.DataFrame:
    """Return unique reach per gemeente of the year; every gemeente, 0 where none is registered.

    The unique counts come from the sheet Jaarbereik; the quarterly sheet Bereik counts a
    household once per quarter and activity and is never summed into reach.
    """
    src = data.internal["Jaarbereik"]
    src = src.loc[src["jaar"] == data.jaar] if "jaar" in src else src
    rows = _tidy_rows(data, src, "gemeente_code", None, "Jaarbereik")
    counts = (*REACH_COUNTS, LOW_INCOME)
    grouped = rows.groupby("gemeente_code", as_index=False).agg(
        **{c: (c, lambda s: s.sum(min_count=1)) for c in counts},
        omgezet=("_omgezet", "any"),
    )
    known = set(grouped["gemeente_code"])
    zeros = pd.DataFrame(
        [
            {"gemeente_code": code, **dict.fromkeys(counts, 0.0), "omgezet": False}
            for code in regions.gemeente_codes()
            if code not in known
        ],
        columns=["gemeente_code", *counts, "omgezet"],
    )
    out = pd.concat([grouped, zeros], ignore_index=True)
    return out.sort_values("gemeente_code").reset_index(drop=True)


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


def _elapsed_share(start: object, end: object, peildatum: dt.date) -> float | None:
    """Return the share (0-1) of the period 1 Jan ``start`` - 31 Dec ``end`` passed on peildatum.

    Counted in years, the year of the peildatum by its days (31 December: the whole year), so
    that a period of four years is three quarters passed at the end of its third year. None when
    the period is unknown (no start or end year).
    """
    if not _number(start) or not _number(end):
        return None
    first, last = int(start), int(end)  # type: ignore[arg-type]
    year_days = (dt.date(peildatum.year, 12, 31) - dt.date(peildatum.year, 1, 1)).days + 1
    passed = peildatum.year - first + peildatum.timetuple().tm_yday / year_days
    return min(1.0, max(0.0, passed / (last - first + 1)))


def _expected_now(target: object, share: float | None, unit: object) -> float | None:
    """Return where a goal should be on the peildatum: its target pro rata of the time passed.

    A percentage is a level, not a sum that grows over the years: its expectation is the
    target itself. None when the target or the period is unknown.
    """
    if not _number(target) or share is None:
        return None
    if unit == contract.PROCENT:
        return float(target)  # type: ignore[arg-type]
    return float(target) * share  # type: ignore[arg-type]


def _verdict(
    status: object,
    realised: object,
    target: object,
    expected: float | None,
    finished: bool = False,
) -> str:
    """Return the verdict of one published goal row against where it should be by now.

    ``finished``: the period is over on the peildatum, so the whole target is due (no margin).
    """
    if status == VERVALLEN:
        return VERVALLEN
    if status == "gerealiseerd" and _number(realised):
        return OP_KOERS
    if not _number(target):
        return GEEN_GEGEVENS
    if disclosure.is_suppressed(realised):
        # a suppressed realisation is below the threshold: 'achter' only when that says so
        if expected is None:
            return LOOPTIJD_ONBEKEND
        limit = ON_TRACK_PCT / 100 * expected
        return ACHTER if limit >= disclosure.min_count() else GEEN_GEGEVENS
    if not _number(realised):
        return GEEN_GEGEVENS
    if expected is None:
        return LOOPTIJD_ONBEKEND
    if expected <= 0:
        return GEEN_GEGEVENS  # the period has not started: nothing is expected yet
    limit = expected if finished else ON_TRACK_PCT / 100 * expected
    return OP_KOERS if float(realised) >= limit else ACHTER  # type: ignore[arg-type]


def _number(value: object) -> bool:
    if value is None or isinstance(value, str | bool):
        return False
    return not pd.isna(value)


def _theme(src: pd.DataFrame) -> pd.Series:
    """Return the kapitaalsvorm of a row or, for strategic goal 3, its leerthema."""
    return src["kapitaalsvorm"].where(src["kapitaalsvorm"].notna(), src["leerthema"])


def doelen(data: ProgrammeData) -> pd.DataFrame:
    """Return every goal with its inspanning, indicator, target, realisation, % and verdict."""
    src = data.internal["Doelen"]
    df = pd.DataFrame(
        {
            "doel_id": src["doel_id"],
            "strategisch_doel": src["strategisch_doel"],
            "kapitaalsvorm": src["kapitaalsvorm"],
            "leerthema": src["leerthema"],
            "operationeel_doel": src["operationeel_doel"],
            "inspanning": src["inspanning"],
            "indicator": src["indicator"],
            "streefwaarde": _whole(src["streefwaarde"]),
            "startjaar": src["startjaar"].astype("Int64"),
            "doeljaar": src["doeljaar"].astype("Int64"),
            "realisatie": src["realisatie"],
            "eenheid": src["eenheid"],
            "status": src["status"],
            "peildatum": src["peildatum"],
        }
    )
    order = (*contract.KAPITAALSVORMEN, *contract.LEERTHEMAS)
    df = _order(df.assign(_thema=_theme(df)), "_thema", order, ["strategisch_doel", "doel_id"])
    out = _finish(
        df.drop(columns="_thema"),
        data,
        ["realisatie"],
        rows=_person_rows(df),
        percentages={"realisatie_pct": ("realisatie", "streefwaarde")},
    )
    fallback = data.peildatum or dt.date(data.jaar, 12, 31)
    shares = [
        _elapsed_share(a, b, p.date() if isinstance(p, pd.Timestamp) else fallback)
        for a, b, p in zip(out["startjaar"], out["doeljaar"], out["peildatum"], strict=True)
    ]
    expected = [
        None if st == VERVALLEN else _expected_now(t, sh, u)
        for t, sh, u, st in zip(
            out["streefwaarde"], shares, out["eenheid"], out["status"], strict=True
        )
    ]
    out["looptijd_voorbij_pct"] = pd.array(
        [None if sh is None else round(sh * 100) for sh in shares], dtype="Int64"
    )
    out["verwacht_nu"] = pd.array(
        [None if e is None else round(e, 1) for e in expected], dtype="Float64"
    )
    out["oordeel"] = [
        _verdict(s, r, w, e, finished=sh is not None and sh >= 1.0)
        for s, r, w, e, sh in zip(
            out["status"], out["realisatie"], out["streefwaarde"], expected, shares, strict=True
        )
    ]
    return out


def _verdict_counts(goals: pd.DataFrame) -> dict[str, int]:
    counts = {"doelen": len(goals)}
    counts.update({v: int((goals["oordeel"] == v).sum()) for v in VERDICTS})
    return counts


def doelen_per_kapitaalsvorm(data: ProgrammeData) -> pd.DataFrame:
    """Return per kapitaalsvorm (strategic goals 1 and 2) the goals by verdict."""
    goals = doelen(data)
    rows = [
        {"kapitaalsvorm": kv, **_verdict_counts(goals.loc[goals["kapitaalsvorm"] == kv])}
        for kv in contract.KAPITAALSVORMEN
    ]
    out = pd.DataFrame(rows)
    out.attrs.update(goals.attrs)
    return out


def doelen_per_strategisch_doel(data: ProgrammeData) -> pd.DataFrame:
    """Return per strategic goal (and for goal 3 per leerthema) the goals by verdict."""
    goals = doelen(data)
    rows = []
    for number, name in contract.STRATEGISCHE_DOELEN.items():
        part = goals.loc[goals["strategisch_doel"] == number]
        rows.append(
            {"strategisch_doel": number, "naam": name, "leerthema": "", **_verdict_counts(part)}
        )
        if number == contract.STRATEGISCH_DOEL_LEREN:
            for theme in contract.LEERTHEMAS:
                sub = part.loc[part["leerthema"] == theme]
                if len(sub):
                    rows.append(
                        {
                            "strategisch_doel": number,
                            "naam": name,
                            "leerthema": theme,
                            **_verdict_counts(sub),
                        }
                    )
    out = pd.DataFrame(rows)
    out.attrs.update(goals.attrs)
    return out


def interventies_per_oordeel(data: ProgrammeData) -> pd.DataFrame:
    """Return interventions per kapitaalsvorm and verdict, with their summed reach."""
    src = data.internal["Interventies"].assign(_thema=lambda f: _theme(f))
    rows = []
    for kv in (*contract.KAPITAALSVORMEN, *contract.LEERTHEMAS):
        for oordeel in contract.OORDELEN:
            part = src.loc[(src["_thema"] == kv) & (src["oordeel_toetsingskader"] == oordeel)]
            rows.append(
                {
                    "onderdeel": "leerthema" if kv in contract.LEERTHEMAS else "kapitaalsvorm",
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
    """Return the interventions (partner, sector, gemeenten, reach; no verdict, no free text).

    The verdict of the toetsingskader is published only aggregated (``interventies_per_oordeel``):
    a named partner is never printed next to a verdict ("geen shaming/blaming").
    """
    src = data.internal["Interventies"]
    partners = data.internal["Partners"].set_index("partner_id")["naam"].to_dict()
    sectors = data.internal["Partners"].set_index("partner_id")["sector"].to_dict()
    df = pd.DataFrame(
        {
            "interventie_id": src["interventie_id"],
            "naam": src["naam"],
            "partner": src["partner"].map(lambda p: partners.get(p, p)),
            "gemeenten": src["gemeente_codes"].map(
                lambda codes: ", ".join(regions.name(c) for c in str(codes).split(";"))
            ),
            "gemeente_codes": src["gemeente_codes"],
            "sector": src["partner"].map(lambda p: sectors.get(p, "overig")),
            "kapitaalsvorm": _theme(src),
            "doel_id": src["doel_id"],
            "start": src["start"],
            "eind": src["eind"],
            "bereik_huishoudens": src["bereik_huishoudens"],
            "bereik_personen": src["bereik_personen"],
        }
    )
    order = (*contract.KAPITAALSVORMEN, *contract.LEERTHEMAS)
    df = _order(df, "kapitaalsvorm", order, ["interventie_id"])
    return _finish(df, data, ["bereik_huishoudens", "bereik_personen"])


def interventies_inspiratie(data: ProgrammeData) -> pd.DataFrame:
    """Return the interventions judged proven or promising, named with their partner.

    Only a favourable verdict is ever printed next to a partner's name (inspiration, as the
    programme asks); the other verdicts are published only counted (``interventies_per_oordeel``).
    """
    items = interventies(data)
    verdicts = data.internal["Interventies"].set_index("interventie_id")["oordeel_toetsingskader"]
    items = items.assign(oordeel_toetsingskader=items["interventie_id"].map(verdicts))
    items = items.loc[items["oordeel_toetsingskader"].isin(INSPIRING)]
    df = pd.DataFrame(
        {
            "oordeel_toetsingskader": items["oordeel_toetsingskader"],
            "naam": items["naam"],
            "partner": items["partner"],
            "kapitaalsvorm": items["kapitaalsvorm"],
            "gemeenten": items["gemeenten"],
        }
    )
    df = _order(df, "oordeel_toetsingskader", INSPIRING, ["naam"])
    return _finish(df, data, [])


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
        }
    ).sort_values("experiment_id")
    return _finish(
        df,
        data,
        ["realisatie"],
        rows=_person_rows(df),
        percentages={"realisatie_pct": ("realisatie", "streefwaarde")},
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
    return _finish(
        df,
        data,
        ["deelnemers", "ervaringsdeskundigen"],
        percentages={
            "aandeel_ervaringsdeskundigen_pct": ("ervaringsdeskundigen", "deelnemers"),
        },
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
    """Return per partner its AVK team (for the programme team; never published per partner)."""
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
    """Return per sector how many partners have a complete AVK team.

    A sector with fewer partners than the disclosure threshold is not shown on its own: it is
    merged with the other small sectors (``disclosure.merge_small_groups``), so that no table
    says that one named province or housing corporation lacks a complete team.
    """
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
    df = disclosure.merge_small_groups(
        df,
        "sector",
        "partners",
        OTHER_SECTORS,
        sum_cols=["avk_team_compleet"],
        all_label=ALL_SECTORS,
    )
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


def bereik_per_gemeente(data: ProgrammeData) -> pd.DataFrame:
    """Return unique reach per gemeente (all 22, 0 where none is registered) and a total row.

    ``huishoudens_laag_inkomen`` (of the households reached, those with a low income) is empty
    where the workbook does not say; its total is given only when every gemeente with reach
    says. The total is published, so within the gemeenten a single suppressed cell is protected
    by secondary suppression (the total would otherwise give it away).
    """
    reach = _yearly_reach(data)
    counts = [*REACH_COUNTS, LOW_INCOME]
    df = pd.DataFrame(
        {
            "gemeente_code": reach["gemeente_code"],
            "gemeente": reach["gemeente_code"].map(regions.name),
            "jaar": data.jaar,
            **{c: reach[c] for c in counts},
            "_groep": "gemeenten",
        }
    ).sort_values("gemeente")
    reached = pd.to_numeric(reach["huishoudens"]).fillna(0) > 0
    complete = bool(reach.loc[reached, LOW_INCOME].notna().all()) and bool(reached.any())
    total = {
        "gemeente_code": "",
        "gemeente": TOTAL,
        "jaar": data.jaar,
        **{c: reach[c].sum(min_count=1) for c in REACH_COUNTS},
        LOW_INCOME: reach[LOW_INCOME].sum() if complete else None,
        "_groep": TOTAL,
    }
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    out = _finish(df, data, counts, groups=["_groep"])
    return out.drop(columns="_groep")


def activiteiten_per_gemeente(data: ProgrammeData) -> pd.DataFrame:
    """Return per gemeente (all 22) the interventions, experiments and partners that run them.

    ``partners`` counts the different partners that carry out an intervention in the gemeente:
    the same partners a factsheet names (not the partners who are based there).
    """
    items = interventies(data)
    items = items.assign(gemeente_code=items["gemeente_codes"].str.split(";")).explode(
        "gemeente_code"
    )
    experiments = data.internal["Experimenten"]
    rows = []
    for code in regions.gemeente_codes():
        own = items.loc[items["gemeente_code"] == code]
        counts = own["sector"].value_counts()
        # the partners that carry out the interventions here: the ones the factsheet names
        named = {p for p in own["partner"] if isinstance(p, str) and p.strip()}
        sectors = [s for s in contract.SECTOREN if s in counts.index]
        rows.append(
            {
                "gemeente_code": code,
                "gemeente": regions.name(code),
                "interventies": len(own),
                "experimenten": int((experiments["gemeente_code"] == code).sum()),
                "partners": len(named),
                "sectoren": ", ".join(f"{s} ({int(counts[s])})" for s in sectors),
            }
        )
    out = pd.DataFrame(rows).sort_values("gemeente")
    return _finish(out, data, [])


def interventies_per_gemeente(data: ProgrammeData) -> pd.DataFrame:
    """Return one row per gemeente and intervention (name, partner, sector, theme; no verdict)."""
    items = interventies(data)
    items = items.assign(gemeente_code=items["gemeente_codes"].str.split(";")).explode(
        "gemeente_code"
    )
    df = pd.DataFrame(
        {
            "gemeente_code": items["gemeente_code"],
            "gemeente": items["gemeente_code"].map(regions.name),
            "soort": "interventie",
            "naam": items["naam"],
            "partner": items["partner"],
            "sector": items["sector"],
            "kapitaalsvorm": items["kapitaalsvorm"],
        }
    )
    exp = data.internal["Experimenten"]
    local = exp.loc[exp["gemeente_code"].notna()]
    df = pd.concat(
        [
            df,
            pd.DataFrame(
                {
                    "gemeente_code": local["gemeente_code"],
                    "gemeente": local["gemeente_code"].map(regions.name),
                    "soort": "experiment",
                    "naam": local["naam"],
                    "partner": EXPERIMENT_PARTNER,
                    "sector": EXPERIMENT_SECTOR,
                    "kapitaalsvorm": "",
                }
            ),
        ],
        ignore_index=True,
    ).sort_values(["gemeente", "soort", "naam"])
    return _finish(df, data, [])


def ervaringen(data: ProgrammeData) -> pd.DataFrame:
    """Return the aggregated experiences: participants, % positive and mean score (suppressed).

    Counts are rounded and the share positive is computed from the shown counts; a row with
    fewer participants than the threshold shows neither its score nor its share.
    """
    src = data.internal["Ervaringen"]
    df = pd.DataFrame(
        {
            "onderwerp": src["onderwerp"],
            "gemeente": src["gemeente_code"].map(_gemeente),
            "deelnemers": src["deelnemers"],
            "positief": src["positief"],
            "gemiddelde_score": src["gemiddelde_score"].round(1),
        }
    )
    rank = {v: i for i, v in enumerate(contract.ERVARING_ONDERWERPEN)}
    df = df.assign(
        _r=df["onderwerp"].map(rank), _g=df["gemeente"].map(lambda g: g != REGIO)
    ).sort_values(["_r", "_g", "gemeente"])
    df = df.drop(columns=["_r", "_g"])
    out = _finish(
        df,
        data,
        ["deelnemers", "positief"],
        derived={"gemiddelde_score": ["deelnemers"]},
        percentages={"positief_pct": ("positief", "deelnemers")},
    )
    # a share of a suppressed number of participants is suppressed too
    hidden = out["deelnemers"].map(disclosure.is_suppressed)
    out["positief"] = out["positief"].astype(object)
    out.loc[hidden, ["positief", "positief_pct"]] = disclosure.SUPPRESSED_DERIVED
    return out


TABLES = {
    "doelen": doelen,
    "doelen_per_kapitaalsvorm": doelen_per_kapitaalsvorm,
    "doelen_per_strategisch_doel": doelen_per_strategisch_doel,
    "interventies": interventies,
    "interventies_per_oordeel": interventies_per_oordeel,
    "interventies_per_gemeente": interventies_per_gemeente,
    "interventies_inspiratie": interventies_inspiratie,
    "activiteiten_per_gemeente": activiteiten_per_gemeente,
    "experimenten_voortgang": experimenten_voortgang,
    "activiteiten_vs_jaardoelen": activiteiten_vs_jaardoelen,
    "avk_teams_per_sector": avk_teams_per_sector,
    "bereik_per_gemeente": bereik_per_gemeente,
    "bereik_per_kwartaal": bereik_per_kwartaal,
    "bereik_per_activiteit": bereik_per_activiteit,
    "ervaringen": ervaringen,
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
        "oordeelregel": VERDICT_RULE,
        "waarschuwingen": data.report.warning_count,
        "rijen": {name: len(df) for name, df in tables.items()},
    }


def _order(df: pd.DataFrame, col: str, order: tuple[str, ...], then: list[str]) -> pd.DataFrame:
    rank = {v: i for i, v in enumerate(order)}
    key = df[col].map(lambda v: rank.get(v, len(rank)))
    return df.assign(_rang=key).sort_values(["_rang", *then]).drop(columns="_rang")
