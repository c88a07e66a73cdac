"""The indicator catalogue: code → Dutch label, unit and definition.

Indicator codes are identifiers (stable, snake_case); what a reader sees is the Dutch label.
A code that is not in the catalogue cannot enter the tidy model.
"""

from __future__ import annotations

from dataclasses import dataclass

PCT = "%"
COUNT = "aantal"
K_EUR = "x 1 000 euro"
EUR_PM = "euro per maand"
PCT_CHANGE = "% verandering"


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
_GEN_UIT = f"{_GEN}; alleen uitwonende (zelfstandig wonende) jongvolwassenen"
_SM = (
    "CBS: particuliere huishoudens met een inkomen tot een percentage van het sociaal "
    "(beleidsmatig) minimum, zoals Sociaal Planbureau Groningen het publiceert"
)
_SCP = (
    "SCP-criterium 'niet-veel-maar-toereikend' (budgetbenadering van het Sociaal en Cultureel "
    "Planbureau); niet vergelijkbaar met de lage-inkomensgrens of de nieuwe armoedegrens"
)
_TRANS = (
    "CBS 'Armoedeoverdracht tussen generaties 2020' (microdata-onderzoek, heel Nederland): "
    "kinderen die in 1995 in een huishouden onder de lage-inkomensgrens woonden, 25 jaar later"
)
_SCP_TRANS = (
    "SCP 'Later arm, later rijk?' (Guiaux 2011, CBS-microdata): kinderen van 0-17 jaar in 1985, "
    "armoede in 2008 volgens het SCP-criterium"
)
_LIG = (
    "Lage-inkomensgrens van het CBS: vaste koopkracht (bijstand voor een alleenstaande in 1979, "
    "geïndexeerd met de prijzen), netto per maand"
)
_SMB = (
    "Sociaal (beleidsmatig) minimum, netto per maand, zoals Sociaal Planbureau Groningen het toont"
)

_AVK = "Programmagegevens van de Alliantie van Kracht (jaarwerkmap)"
_AVK_SUPPRESSED = "Kleine aantallen zijn afgeschermd (symbool x); zie de verantwoording"
_AVK_SUM = (
    "een huishouden of persoon die door meer activiteiten of in meer kwartalen is bereikt, "
    "telt vaker mee; onzeker = niet alle rijen hadden dit aantal ingevuld. " + _AVK_SUPPRESSED
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
        # --- published planning-office figures (avk_analysis.planning.published) ---
        Indicator(
            "jongvolwassenen_mannen_laag_inkomen_pct",
            "Jonge mannen (22-26) met laag inkomen",
            PCT,
            f"{_GEN}; alleen mannen",
            series="generatiearmoede",
        ),
        Indicator(
            "jongvolwassenen_vrouwen_laag_inkomen_pct",
            "Jonge vrouwen (22-26) met laag inkomen",
            PCT,
            f"{_GEN}; alleen vrouwen",
            series="generatiearmoede",
        ),
        Indicator(
            "vader_laag_inkomen_bij_arme_jongvolwassenen_aantal",
            "Vaders met laag inkomen van arme jongvolwassenen (aantal)",
            COUNT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "moeder_laag_inkomen_bij_arme_jongvolwassenen_aantal",
            "Moeders met laag inkomen van arme jongvolwassenen (aantal)",
            COUNT,
            _GEN,
            series="generatiearmoede",
        ),
        Indicator(
            "jongvolwassenen_uitwonend_pct",
            "Jongvolwassenen (22-26) die zelfstandig wonen",
            PCT,
            f"{_GEN}; aandeel uitwonend onder alle jongvolwassenen van 22-26 jaar",
            series="generatiearmoede",
        ),
        Indicator(
            "vader_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct",
            "Arme uitwonende jongvolwassenen van wie de vader ook een laag inkomen heeft",
            PCT,
            _GEN_UIT,
            series="generatiearmoede",
        ),
        Indicator(
            "moeder_laag_inkomen_bij_arme_uitwonende_jongvolwassenen_pct",
            "Arme uitwonende jongvolwassenen van wie de moeder ook een laag inkomen heeft",
            PCT,
            _GEN_UIT,
            series="generatiearmoede",
        ),
        Indicator(
            "vader_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct",
            "Alle uitwonende jongvolwassenen van wie de vader een laag inkomen heeft",
            PCT,
            _GEN_UIT,
            series="generatiearmoede",
        ),
        Indicator(
            "moeder_laag_inkomen_bij_alle_uitwonende_jongvolwassenen_pct",
            "Alle uitwonende jongvolwassenen van wie de moeder een laag inkomen heeft",
            PCT,
            _GEN_UIT,
            series="generatiearmoede",
        ),
        Indicator(
            "jongvolwassenen_laag_inkomen_groei_pct",
            "Groei van het aantal jongvolwassenen (22-26) met laag inkomen",
            PCT_CHANGE,
            f"{_GEN}; procentuele verandering van het aantal over de genoemde periode (RUG)",
            series="generatiearmoede",
        ),
        Indicator(
            "hh_laag_inkomen_oude_definitie_pct",
            "Huishoudens met laag inkomen (oude CBS-definitie)",
            PCT,
            "CBS 'laag inkomen' met de grens van vóór de revisie (€ 12.140 per jaar, prijspeil "
            "2013); niet vergelijkbaar met de huidige lage-inkomensgrens",
            series="lage-inkomensgrens (oude definitie)",
        ),
        Indicator(
            "hh_tot_110_sm_pct",
            "Huishoudens tot 110 % sociaal minimum",
            PCT,
            f"{_SM}: tot 110 %",
            series="sociaal minimum",
        ),
        Indicator(
            "hh_tot_120_sm_pct",
            "Huishoudens tot 120 % sociaal minimum",
            PCT,
            f"{_SM}: tot 120 %",
            series="sociaal minimum",
        ),
        Indicator(
            "personen_laag_inkomen_zonder_steun_pct",
            "Personen met laag inkomen zonder de tijdelijke inkomenssteun",
            PCT,
            "CBS: personen onder de lage-inkomensgrens als de tijdelijke koopkrachtsteun (zoals "
            "de energietoeslag van 2022) niet was meegeteld",
            series="lage-inkomensgrens",
        ),
        Indicator(
            "personen_armoede_scp_pct",
            "Personen in armoede (SCP-criterium)",
            PCT,
            _SCP,
            series="SCP niet-veel-maar-toereikend",
        ),
        Indicator(
            "personen_armoede_scp_aantal",
            "Personen in armoede (SCP-criterium, aantal)",
            COUNT,
            _SCP,
            series="SCP niet-veel-maar-toereikend",
        ),
        Indicator(
            "gezinnen_in_armoede_aantal",
            "Gezinnen in armoede (schatting, aantal)",
            COUNT,
            "Schatting van het aantal gezinnen in armoede zoals genoemd in publicaties over de "
            "Veenkoloniën; de grens en de telling zijn niet nader omschreven",
        ),
        Indicator(
            "kinderen_laag_inkomen_later_laag_inkomen_pct",
            "Kinderen uit een huishouden met laag inkomen die later zelf een laag inkomen hebben",
            PCT,
            f"{_TRANS} zelf onder de lage-inkomensgrens",
            series="armoedeoverdracht CBS",
        ),
        Indicator(
            "kinderen_laag_inkomen_later_laag_inkomen_buiten_nl_geboren_pct",
            "Kinderen (buiten Nederland geboren) uit een huishouden met laag inkomen die later "
            "zelf een laag inkomen hebben",
            PCT,
            f"{_TRANS} zelf onder de lage-inkomensgrens; alleen kinderen geboren buiten Nederland",
            series="armoedeoverdracht CBS",
        ),
        Indicator(
            "kinderen_laag_inkomen_later_langdurig_laag_inkomen_pct",
            "Kinderen uit een huishouden met laag inkomen die later langdurig een laag inkomen "
            "hebben",
            PCT,
            f"{_TRANS} zelf ten minste 4 jaar onder de lage-inkomensgrens",
            series="armoedeoverdracht CBS",
        ),
        Indicator(
            "kinderen_arm_later_arm_scp_pct",
            "Arme kinderen die als volwassene arm zijn (SCP)",
            PCT,
            f"{_SCP_TRANS}; kinderen die in 1985 arm waren",
            series="armoedeoverdracht SCP",
        ),
        Indicator(
            "kinderen_niet_arm_later_arm_scp_pct",
            "Niet-arme kinderen die als volwassene arm zijn (SCP)",
            PCT,
            f"{_SCP_TRANS}; kinderen die in 1985 niet arm waren",
            series="armoedeoverdracht SCP",
        ),
        Indicator(
            "lage_inkomensgrens_alleenstaande",
            "Lage-inkomensgrens, alleenstaande",
            EUR_PM,
            _LIG,
        ),
        Indicator("lage_inkomensgrens_paar", "Lage-inkomensgrens, paar", EUR_PM, _LIG),
        Indicator(
            "lage_inkomensgrens_paar_2_kinderen",
            "Lage-inkomensgrens, paar met 2 kinderen",
            EUR_PM,
            _LIG,
        ),
        Indicator(
            "lage_inkomensgrens_eenouder_1_kind",
            "Lage-inkomensgrens, alleenstaande ouder met 1 kind",
            EUR_PM,
            _LIG,
        ),
        Indicator(
            "sociaal_minimum_110_alleenstaande",
            "110 % van het sociaal minimum, alleenstaande",
            EUR_PM,
            _SMB,
        ),
        Indicator("sociaal_minimum_110_paar", "110 % van het sociaal minimum, paar", EUR_PM, _SMB),
        Indicator(
            "sociaal_minimum_120_alleenstaande",
            "120 % van het sociaal minimum, alleenstaande",
            EUR_PM,
            _SMB,
        ),
        Indicator("sociaal_minimum_120_paar", "120 % van het sociaal minimum, paar", EUR_PM, _SMB),
        Indicator(
            "inkomensontvangers",
            "Inkomensontvangers",
            COUNT,
            f"{_KWB}: personen met een persoonlijk inkomen",
        ),
        Indicator(
            "gem_inkomen_per_inkomensontvanger",
            "Gemiddeld inkomen per inkomensontvanger",
            K_EUR,
            f"{_KWB}: gemiddeld persoonlijk inkomen per inkomensontvanger",
        ),
        Indicator(
            "personen_laagste_40_pct",
            "Personen met een inkomen in de landelijke laagste 40 %",
            PCT,
            f"{_KWB}: personen in particuliere huishoudens, landelijke 40 % laagste inkomens",
        ),
        Indicator(
            "personen_hoogste_20_pct",
            "Personen met een inkomen in de landelijke hoogste 20 %",
            PCT,
            f"{_KWB}: personen in particuliere huishoudens, landelijke 20 % hoogste inkomens",
        ),
        Indicator(
            "gem_gestandaardiseerd_inkomen_hh",
            "Gemiddeld gestandaardiseerd inkomen van huishoudens",
            K_EUR,
            f"{_KWB}: gemiddeld gestandaardiseerd inkomen van particuliere huishoudens",
        ),
        Indicator(
            "hh_laagste_40_pct",
            "Huishoudens met een inkomen in de landelijke laagste 40 %",
            PCT,
            f"{_KWB}: particuliere huishoudens, landelijke 40 % laagste inkomens",
        ),
        Indicator(
            "hh_hoogste_20_pct",
            "Huishoudens met een inkomen in de landelijke hoogste 20 %",
            PCT,
            f"{_KWB}: particuliere huishoudens, landelijke 20 % hoogste inkomens",
        ),
        Indicator(
            "mediaan_vermogen_hh",
            "Mediaan vermogen van particuliere huishoudens",
            K_EUR,
            f"{_KWB}: mediaan vermogen van particuliere huishoudens",
        ),
        Indicator(
            "personen_ao_uitkering",
            "Personen met een arbeidsongeschiktheidsuitkering",
            COUNT,
            f"{_KWB}: personen per soort uitkering, arbeidsongeschiktheid",
        ),
        Indicator(
            "personen_ww_uitkering",
            "Personen met een WW-uitkering",
            COUNT,
            f"{_KWB}: personen per soort uitkering, werkloosheid (WW)",
        ),
        Indicator(
            "personen_aow_uitkering",
            "Personen met een AOW-uitkering",
            COUNT,
            f"{_KWB}: personen per soort uitkering, AOW",
        ),
        Indicator(
            "jongeren_jeugdzorg_in_natura",
            "Jongeren met jeugdzorg in natura",
            COUNT,
            f"{_KWB}: jongeren met jeugdzorg in natura",
        ),
        # --- programme data of the Alliantie van Kracht (avk_analysis.programme) ---
        Indicator(
            "programma_bereik_huishoudens",
            "Bereikte huishoudens (programma)",
            COUNT,
            f"{_AVK}, blad Bereik: huishoudens bereikt door interventies en experimenten, "
            f"opgeteld over de kwartalen en activiteiten van het jaar; {_AVK_SUM}",
        ),
        Indicator(
            "programma_bereik_personen",
            "Bereikte personen (programma)",
            COUNT,
            f"{_AVK}, blad Bereik: personen bereikt door interventies en experimenten, "
            f"opgeteld over de kwartalen en activiteiten van het jaar; {_AVK_SUM}",
        ),
        Indicator(
            "programma_bereik_kinderen",
            "Bereikte kinderen (programma)",
            COUNT,
            f"{_AVK}, blad Bereik: kinderen tot 18 jaar bereikt door interventies en "
            f"experimenten, opgeteld over de kwartalen en activiteiten van het jaar; {_AVK_SUM}",
        ),
        Indicator(
            "programma_interventies_aantal",
            "Interventies in de gemeente (programma)",
            COUNT,
            f"{_AVK}, blad Interventies: interventies die in het programmajaar in de gemeente "
            "lopen (een interventie in meer gemeenten telt in elk ervan)",
        ),
        Indicator(
            "programma_experimenten_aantal",
            "Experimenten in de gemeente (programma)",
            COUNT,
            f"{_AVK}, blad Experimenten: experimenten in dorp, wijk of buurt van de gemeente "
            "(regionale experimenten zonder gemeente tellen niet mee)",
        ),
        Indicator(
            "programma_partners_aantal",
            "Partners gevestigd in de gemeente (programma)",
            COUNT,
            f"{_AVK}, blad Partners: partnerorganisaties naar gemeente van vestiging",
        ),
        Indicator(
            "programma_bijeenkomsten_aantal",
            "Bijeenkomsten in de gemeente (programma)",
            COUNT,
            f"{_AVK}, blad Bijeenkomsten: bijeenkomsten met een gemeente (online en regionale "
            "bijeenkomsten tellen niet mee)",
        ),
        Indicator(
            "programma_bijeenkomsten_deelnemers",
            "Deelnemers aan bijeenkomsten in de gemeente (programma)",
            COUNT,
            f"{_AVK}, blad Bijeenkomsten: deelnemers opgeteld over de bijeenkomsten in de "
            f"gemeente; wie vaker kwam, telt vaker mee. {_AVK_SUPPRESSED}",
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
