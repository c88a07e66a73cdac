"""The 'Verantwoording' appendix, generated from provenance and reference data."""

from __future__ import annotations

import pandas as pd

from avk_analysis import load, source_status
from avk_analysis.indicators import generational, scale
from avk_analysis.pipeline import disclosure
from avk_analysis.presentation.formatting import (
    GEEN_GEGEVENS,
    escape_markdown,
    fmt_getal,
    markdown_url,
    suppressed_label,
)
from avk_analysis.vocabulary import catalogue, disclosure_rule, regions, symbols
from avk_analysis.vocabulary.provenance import CBS_LICENCE

STATUS_TEXT = {
    "echt": "echte cijfers",
    "demo": "DEMO: geen echte cijfers",
    "voorbeeld": "VOORBEELDDATA: geen echte programmagegevens",
}
UNSURE_MARK = ("*", "onzeker gepubliceerd cijfer (peiljaar of precieze definitie niet bevestigd)")


def intro(ctx) -> str:
    """Return the opening paragraph: what was used and whether anything is demo or example data."""
    parts = [
        f"Dit rapport gaat over het jaar {ctx.jaar}. Elk cijfer gebruikt het meest recente jaar "
        "waarvoor het beschikbaar is; tabellen en grafieken noemen dat jaar."
    ]
    unreadable = source_status.unreadable_tables(load.bronnen_ruw().to_dict("records"))
    if unreadable:
        listed = " ".join(escape_markdown(reason) for _table, _title, reason in unreadable)
        parts.append(f"**Niet alle CBS-tabellen konden worden gelezen.** {listed}")
    if ctx.cbs_demo:
        demo = source_status.demo_tables()
        real = [r for r in _cbs_sources() if r.get("status") == "echt" and r.get("rijen")]
        if real and demo:
            listed = ", ".join(
                f"{escape_markdown(title)} ({escape_markdown(table)})" for table, title in demo
            )
            parts.append(
                f"**Een deel van de CBS-cijfers zijn demonstratiecijfers**: die uit {listed}. "
                "Voor die tabellen is de meegeleverde momentopname gebruikt: die heeft precies de "
                "vorm van echte CBS-gegevens, maar de waarden zijn verzonnen. De tabel hieronder "
                "zegt per bron of de cijfers echt zijn en wat de laatste verversing deed."
            )
        else:
            parts.append(
                "**De CBS-cijfers in deze editie zijn demonstratiecijfers**: de meegeleverde "
                "momentopname is gebruikt. Die heeft precies de vorm van echte CBS-gegevens, maar "
                "de waarden zijn verzonnen. De tabel hieronder zegt per bron waarom."
            )
    if ctx.programme_example:
        parts.append(
            "**De programmagegevens zijn voorbeelddata**: ze laten zien hoe het rapport eruitziet "
            "als het programmateam zijn werkboek invult, maar ze beschrijven niet wat er echt "
            "gebeurde."
        )
    return " ".join(parts)


def _text(value: object) -> str:
    """Return a text field of bronnen.json ('' when absent: a missing key reads as NaN)."""
    return value if isinstance(value, str) else ""


def _cbs_sources() -> list[dict]:
    """Return the CBS source records of the build."""
    return [r for r in load.bronnen_ruw().to_dict("records") if r.get("soort") == "cbs"]


def sources_table() -> pd.DataFrame:
    """Return every source folder the data were built from, with provenance and licence."""
    rows = []
    for _, s in load.bronnen_ruw().iterrows():
        table_id = str(s.get("table_id", "") or "")
        status = STATUS_TEXT.get(str(s.get("status", "")), str(s.get("status", "")))
        used = int(s.get("rijen", 0) or 0)
        if s.get("soort") == "cbs" and _text(s.get("leesfout")):
            status += (
                " — NIET GELEZEN: de indeling van de tabel klopt niet met wat de monitor verwacht"
            )
        elif s.get("soort") in ("cbs", "microdata") and not used:
            status += " (niet gebruikt: er zijn echte cijfers van dezelfde indicatoren)"
        rows.append(
            {
                "Bron": str(s.get("source", "")),
                "Tabel of publicatie": str(s.get("title", "")),
                "Tabel-id": table_id,
                "Opgehaald": str(s.get("retrieved", ""))[:10],
                "Gewijzigd bij bron": str(s.get("modified", "") or "")[:10],
                "Cijfers": used,
                "Licentie": str(s.get("licence", "")),
                "Status": status,
                "Laatste verversing": _text(s.get("laatste_verversing")),
            }
        )
    return pd.DataFrame(rows)


def _fmt(value: float, unit: str, *, signed: bool = False) -> str:
    """Format a value of the back-test table (a difference of shares in %-punt)."""
    if pd.isna(value):
        return GEEN_GEGEVENS
    decimals = 1 if unit == catalogue.PCT or abs(value) < 100 else 0
    text = fmt_getal(value, decimals)
    if signed and value > 0:
        text = "+" + text
    if unit == catalogue.PCT:
        return text + (" %-punt" if signed else " %")
    return text


def back_test_table(ctx) -> tuple[pd.DataFrame, str]:
    """Return the appendix 'CBS-cijfer vs gepubliceerd door SPG/TD' and a sentence about it."""
    from avk_analysis.pipeline import references

    refs = load.referenties()
    test = references.back_test(ctx.data, refs)
    secondary = int((refs["soort_bron"] == references.SECONDARY).sum())
    if test.empty:
        return pd.DataFrame(), (
            "Er zijn geen gepubliceerde cijfers van de planbureaus voor dezelfde reeksen als de "
            f"CBS-cijfers van de monitor. ({secondary} cijfers van nieuwssites en andere "
            "secundaire bronnen worden niet getoond.)"
        )
    rows = []
    for r in test.itertuples():
        unit = r.eenheid
        rows.append(
            {
                "Indicator": catalogue.label(r.indicator),
                "Gebied": r.regionaam,
                "Jaar": r.jaar,
                "CBS-cijfer (monitor)": _fmt(r.monitor, unit)
                + (" (demo)" if r.monitor_status == "demo" else ""),
                "Gepubliceerd": _fmt(r.gepubliceerd, unit) + (" *" if r.onzeker else ""),
                "Door": r.bron,
                "Verschil": _fmt(r.verschil, unit, signed=True),
            }
        )
    demo = bool((test["monitor_status"] == "demo").any())
    text = (
        f"{len(test)} cijfers die Sociaal Planbureau Groningen, Trendbureau Drenthe of het CBS "
        "zelf op hun websites publiceerden, naast het CBS-cijfer dat de monitor voor dezelfde "
        "indicator, hetzelfde gebied en jaar uit de CBS-API haalt. Een klein verschil komt "
        "meestal door afronding of een latere herziening door het CBS. Met * gemarkeerde cijfers "
        f"zijn onzeker (jaar of definitie niet bevestigd). {secondary} cijfers van nieuwssites en "
        "andere pagina's die een ander citeren zijn alleen als verwijzing bewaard en staan hier "
        "niet."
    )
    if demo:
        text += (
            " **Let op**: waar '(demo)' staat is het CBS-cijfer een demonstratiecijfer; het "
            "verschil zegt dan niets over de kwaliteit van de cijfers."
        )
    return pd.DataFrame(rows), text


def source_links() -> str:
    """Return a Markdown list of every source with its address."""
    lines = []
    for _, s in load.bronnen_ruw().iterrows():
        ident = f" ({escape_markdown(s['table_id'])})" if s.get("table_id") else ""
        url = markdown_url(s.get("url"))
        link = f" — {url}" if url else ""
        lines.append(
            f"- {escape_markdown(s['source'])}: {escape_markdown(s['title'])}{ident}{link}"
        )
    return "\n".join(lines)


def licence_text() -> str:
    """Return the attribution required by CBS open data."""
    return (
        f"CBS-cijfers: {CBS_LICENCE}. Elke tabel staat hierboven met haar tabel-id. "
        "Cijfers van Sociaal Planbureau Groningen en Trendbureau Drenthe zijn overgenomen uit hun "
        "openbare publicaties; de bron-URL staat bij elk cijfer in de monitorgegevens."
    )


def veenkolonien_text(definitie: str) -> str:
    """Return which Veenkoloniën set was used, its gemeenten and the alternatives."""
    defs = regions.veenkolonien_definitions().set_index("definitie")
    row = defs.loc[definitie]
    members = escape_markdown(", ".join(regions.name(c) for c in regions.veenkolonien(definitie)))
    others = ", ".join(
        f"'{escape_markdown(defs.loc[d, 'naam'])}'" for d in defs.index if d != definitie
    )
    return (
        f"Gebruikte definitie: **{escape_markdown(row['naam'])}** "
        f"({len(regions.veenkolonien(definitie))} gemeenten: {members}). "
        f"{escape_markdown(row['omschrijving'])} Bron: {escape_markdown(row['bron'])}. "
        f"Andere te kiezen definities: {others}. Elk Veenkoloniën-cijfer is berekend uit de "
        "gemeenten van de gekozen set (aantallen opgeteld, aandelen gewogen naar hun basis)."
    )


def reported_indicators(df: pd.DataFrame) -> list[str]:
    """Return the indicators the report shows (key figures, series, generations, programme)."""
    shown = [code for pair in scale.KEY_FIGURES for code in pair if code]
    shown += ["kwb_hh_laag_inkomen_pct", "programma_bereik_huishoudens"]
    shown += sorted(set(generational.generational_rows(df)["indicator"]))
    present = set(df["indicator"])
    return [c for c in dict.fromkeys(shown) if c in present and c in catalogue.INDICATORS]


def definitions_table(df: pd.DataFrame) -> pd.DataFrame:
    """Return the indicators the report shows with their Dutch definition and unit."""
    present = reported_indicators(df)
    rows = [
        {
            "Indicator": catalogue.get(c).label,
            "Eenheid": catalogue.get(c).unit,
            "Definitie": catalogue.get(c).definition,
        }
        for c in present
    ]
    return pd.DataFrame(rows)


def harmonisation_text(df: pd.DataFrame) -> str:
    """Return how mergers of gemeenten were handled and how many figures that touched."""
    merged = df.loc[df["harmonisatie"].str.startswith("Omgerekend")]
    former = df["regiocode"].map(
        lambda c: regions.is_former_gemeente(c) and not regions.is_current_gemeente(c)
    )
    kept = df.loc[former]
    cw = regions.crosswalk()
    waves = []
    for date, g in cw.loc[cw["oude_code"] != cw["nieuwe_code"]].groupby("ingangsdatum"):
        news = ", ".join(
            f"{name} ({', '.join(g.loc[g['nieuwe_naam'] == name, 'oude_naam'])})"
            for name in dict.fromkeys(g["nieuwe_naam"])
        )
        waves.append(f"{escape_markdown(date[:4])}: {escape_markdown(news)}")
    split = escape_markdown(cw.loc[cw["aandeel"] < 1.0, "toelichting"].iloc[0])
    return (
        "Alle gemeentecijfers staan op de huidige indeling (22 gemeenten). Sinds 2017 zijn in "
        "Groningen gemeenten samengevoegd — " + "; ".join(waves) + ". "
        "Cijfers van vóór een herindeling zijn omgerekend: aantallen opgeteld, aandelen gewogen "
        f"naar hun basis (bijvoorbeeld het aantal huishoudens). {split} "
        f"In deze editie zijn {len(merged)} cijfers zo omgerekend; elk draagt in de "
        "monitorgegevens een notitie met de samenstellende gemeenten. "
        f"{len(kept)} gepubliceerde cijfers gaan over een voormalige gemeente; die zijn niet "
        "omgerekend, omdat niet alle delen van de huidige gemeente in die bron staan. Ze staan "
        "apart in de monitorgegevens, met '(opgeheven)' achter de naam, en niet in dit rapport."
    )


def symbols_text() -> str:
    """Return the legend of symbols used in tables."""
    threshold = disclosure_rule.min_count()
    marks = {
        **symbols.EXPLANATION,
        UNSURE_MARK[0]: UNSURE_MARK[1],
        suppressed_label(threshold): (
            f"minder dan {threshold} (onderdrukt om herleidbaarheid te voorkomen)"
        ),
    }
    items = "\n".join(f"- **{escape_markdown(k)}**: {escape_markdown(v)}" for k, v in marks.items())
    return "In tabellen staan in plaats van een getal soms deze tekens:\n\n" + items


def disclosure_text() -> str:
    """Return the suppression rule applied to programme data."""
    return "Onthullingscontrole: " + disclosure.rule_text()


def accessibility_statement() -> str:
    """Return the short toegankelijkheidsverklaring (accessibility statement) in Markdown."""
    return (
        "De pagina's van deze monitor zijn gemaakt om te voldoen aan de toegankelijkheidseisen "
        "voor overheden (WCAG 2.1, niveau A en AA). Elke pagina wordt bij het maken automatisch "
        "gecontroleerd met axe-core; ernstige en kritieke fouten houden publicatie tegen. Wat "
        "we daarvoor doen:\n\n"
        "- elke grafiek en kaart heeft een beschrijving in tekst (alt-tekst) en de cijfers "
        "erachter zijn te downloaden als CSV-bestand;\n"
        "- tabellen hebben kolomkoppen die een schermlezer voorleest; past een tabel niet op "
        "het scherm, dan staat elke rij als een blokje onder elkaar, met de kolomnaam bij elk "
        "cijfer, zodat er nooit een cijfer buiten beeld valt;\n"
        "- koppen staan in een logische volgorde en de inhoudsopgave werkt met het toetsenbord;\n"
        "- kleuren hebben genoeg contrast en betekenis hangt nooit alleen van kleur af "
        "(ontbrekende cijfers zijn gearceerd en benoemd);\n"
        "- de pagina's zijn te lezen op een telefoon zonder zijwaarts te schuiven en zijn op A4 "
        "af te drukken zonder dat er iets wegvalt.\n\n"
        "Bekende beperking: grafieken zijn afbeeldingen; wie de cijfers wil laten voorlezen, "
        "gebruikt de tabel of het CSV-bestand bij de grafiek. Loopt u toch tegen een probleem "
        "aan, meld het dan bij het programmateam van de Alliantie van Kracht."
    )
