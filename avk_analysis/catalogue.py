"""The indicator catalogue: code → Dutch label, unit and definition.

Indicator codes are identifiers (stable, snake_case); what a reader sees is the Dutch label.
A code that is not in the catalogue cannot enter the tidy model.
"""

from __future__ import annotations

from dataclasses import dataclass

PCT = "%"
COUNT = "aantal"
K_EUR = "x 1 000 euro"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the monitor."""

    code: str
    label: str
    unit: str
    definition: str
    base: str = ""  # indicator code of the base a share is taken of (for weighting and counts)
    series: str = ""  # series name; two series with another name are never spliced


_LLI = (
    "CBS 'Laag en langdurig laag inkomen; huishoudenskenmerken, regio': particuliere huishoudens "
    "met een inkomen onder de lage-inkomensgrens (studentenhuishoudens en huishoudens met een "
    "onvolledig jaarinkomen niet meegeteld)"
)
_LONG = "langdurig = ten minste 4 jaar achtereen"
_KWB = "CBS Kerncijfers wijken en buurten (KWB)"
_NEW = (
    "Nieuwe armoedegrens van CBS, SCP en Nibud (vanaf KWB 2024); niet vergelijkbaar met de "
    "lage-inkomensgrens"
)
_GEN = (
    "Analyse van CBS-microdata door Sociaal Planbureau Groningen en Trendbureau Drenthe (met RUG): "
    "jongvolwassenen van 22-26 jaar in een huishouden onder de lage-inkomensgrens, "
    "studentenhuishoudens niet meegeteld"
)

INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        # --- CBS regional low-income tables (lage-inkomensgrens) ---
        Indicator(
            "hh_laag_inkomen_pct",
            "Huishoudens met laag inkomen",
            PCT,
            f"{_LLI}; ten minste 1 jaar",
            base="hh_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "hh_laag_inkomen_aantal",
            "Huishoudens met laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; ten minste 1 jaar",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "hh_langdurig_laag_inkomen_pct",
            "Huishoudens met langdurig laag inkomen",
            PCT,
            f"{_LLI}; {_LONG}",
            base="hh_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "hh_langdurig_laag_inkomen_aantal",
            "Huishoudens met langdurig laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; {_LONG}",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "personen_laag_inkomen_pct",
            "Personen in huishoudens met laag inkomen",
            PCT,
            f"{_LLI}; ten minste 1 jaar",
            base="personen_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "personen_laag_inkomen_aantal",
            "Personen in huishoudens met laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; ten minste 1 jaar",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "personen_langdurig_laag_inkomen_pct",
            "Personen in huishoudens met langdurig laag inkomen",
            PCT,
            f"{_LLI}; {_LONG}",
            base="personen_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "personen_langdurig_laag_inkomen_aantal",
            "Personen in huishoudens met langdurig laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; {_LONG}",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "kinderen_laag_inkomen_pct",
            "Minderjarige kinderen in huishoudens met laag inkomen",
            PCT,
            f"{_LLI}; kinderen tot 18 jaar; ten minste 1 jaar",
            base="kinderen_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "kinderen_laag_inkomen_aantal",
            "Minderjarige kinderen in huishoudens met laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; kinderen tot 18 jaar; ten minste 1 jaar",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "kinderen_langdurig_laag_inkomen_pct",
            "Minderjarige kinderen in huishoudens met langdurig laag inkomen",
            PCT,
            f"{_LLI}; kinderen tot 18 jaar; {_LONG}",
            base="kinderen_basis",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "kinderen_langdurig_laag_inkomen_aantal",
            "Minderjarige kinderen in huishoudens met langdurig laag inkomen (aantal)",
            COUNT,
            f"{_LLI}; kinderen tot 18 jaar; {_LONG}",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "hh_basis",
            "Particuliere huishoudens met inkomen (basis)",
            COUNT,
            f"{_LLI}; alle particuliere huishoudens in de tabel (basis van de percentages)",
        ),
        Indicator(
            "personen_basis",
            "Personen in particuliere huishoudens (basis)",
            COUNT,
            f"{_LLI}; alle personen in de tabel (basis van de percentages)",
        ),
        Indicator(
            "kinderen_basis",
            "Minderjarige kinderen in particuliere huishoudens (basis)",
            COUNT,
            f"{_LLI}; alle minderjarige kinderen in de tabel (basis van de percentages)",
        ),
        # --- CBS Kerncijfers wijken en buurten ---
        Indicator("inwoners", "Inwoners", COUNT, f"{_KWB}: aantal inwoners op 1 januari"),
        Indicator("huishoudens", "Huishoudens", COUNT, f"{_KWB}: particuliere huishoudens"),
        Indicator(
            "kwb_hh_laag_inkomen_pct",
            "Huishoudens met laag inkomen (KWB)",
            PCT,
            f"{_KWB}: particuliere huishoudens onder de lage-inkomensgrens; t/m KWB 2023",
            base="huishoudens",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "kwb_hh_sociaal_minimum_pct",
            "Huishoudens onder of rond sociaal minimum (KWB)",
            PCT,
            f"{_KWB}: tot 101 % van het sociaal minimum; t/m KWB 2023",
            base="huishoudens",
            series="sociaal minimum",
        ),
        Indicator(
            "kwb_hh_tot_110_sm_pct",
            "Huishoudens tot 110 % sociaal minimum (KWB)",
            PCT,
            f"{_KWB}; t/m KWB 2023",
            base="huishoudens",
            series="sociaal minimum",
        ),
        Indicator(
            "kwb_hh_tot_120_sm_pct",
            "Huishoudens tot 120 % sociaal minimum (KWB)",
            PCT,
            f"{_KWB}; t/m KWB 2023",
            base="huishoudens",
            series="sociaal minimum",
        ),
        Indicator(
            "personen_in_armoede_pct",
            "Personen in armoede (nieuwe armoedegrens)",
            PCT,
            _NEW,
            base="inwoners",
            series="armoedegrens CBS/SCP/Nibud",
        ),
        Indicator(
            "personen_in_armoede_aantal",
            "Personen in armoede (nieuwe armoedegrens, aantal)",
            COUNT,
            _NEW,
            series="armoedegrens CBS/SCP/Nibud",
        ),
        Indicator(
            "personen_tot_25_boven_armoedegrens_pct",
            "Personen tot 25 % boven de armoedegrens",
            PCT,
            _NEW,
            base="inwoners",
            series="armoedegrens CBS/SCP/Nibud",
        ),
        Indicator(
            "gem_inkomen_per_inwoner",
            "Gemiddeld inkomen per inwoner",
            K_EUR,
            f"{_KWB}: gemiddeld persoonlijk inkomen per inwoner",
            base="inwoners",
        ),
        Indicator(
            "personen_bijstand",
            "Personen met bijstandsuitkering",
            COUNT,
            f"{_KWB}: personen per soort uitkering, bijstand",
        ),
        # --- planning offices: generational poverty (CBS microdata) ---
        Indicator(
            "jongvolwassenen_laag_inkomen_pct",
            "Jongvolwassenen (22-26) met laag inkomen",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "jongvolwassenen_laag_inkomen_aantal",
            "Jongvolwassenen (22-26) met laag inkomen (aantal)",
            COUNT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "vader_laag_inkomen_bij_arme_jongvolwassenen_pct",
            "Arme jongvolwassenen van wie de vader ook een laag inkomen heeft",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "moeder_laag_inkomen_bij_arme_jongvolwassenen_pct",
            "Arme jongvolwassenen van wie de moeder ook een laag inkomen heeft",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "vader_laag_inkomen_bij_alle_jongvolwassenen_pct",
            "Alle jongvolwassenen van wie de vader een laag inkomen heeft",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "moeder_laag_inkomen_bij_alle_jongvolwassenen_pct",
            "Alle jongvolwassenen van wie de moeder een laag inkomen heeft",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "langdurig_onder_laag_inkomen_pct",
            "Aandeel langdurig onder personen met laag inkomen",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "langdurig_onder_arme_jongvolwassenen_pct",
            "Aandeel langdurig onder jongvolwassenen met laag inkomen",
            PCT,
            _GEN,
            series="generatiearmoede",
        ),
    ]
}


def get(code: str) -> Indicator:
    """Return the catalogue entry of an indicator code (KeyError names the unknown code)."""
    try:
        return INDICATORS[code]
    except KeyError:
        raise KeyError(f"Onbekende indicator {code!r}: voeg hem toe aan de catalogus") from None


def register(indicator: Indicator) -> None:
    """Add an indicator (e.g. a programme indicator) to the catalogue."""
    INDICATORS[indicator.code] = indicator


def label(code: str) -> str:
    """Return the Dutch label of an indicator code."""
    return get(code).label
