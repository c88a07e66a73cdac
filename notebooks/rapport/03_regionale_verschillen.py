# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
jaar = 2025
veenkolonien = "planbureaus"

# %%
from IPython.display import display

from avk_analysis import load
from avk_analysis.indicators import nature, scale
from avk_analysis.presentation import charts, maps, narrative
from avk_analysis.report.chapters import at_a_glance, trends, who_is_poor
from avk_analysis.report.chapters.context import heading, md, start
from avk_analysis.vocabulary import regions

ctx = start(jaar, veenkolonien)

# %%
heading("Regionale verschillen")
at_a_glance.show(at_a_glance.chapter_lines(ctx.data, "regionaal", ctx.jaar, ctx.veenkolonien))
md(
    "Armoede is ongelijk verdeeld over de 22 gemeenten van Groningen en Drenthe. De kaarten "
    "tonen per gemeente het aandeel in het meest recente jaar; de klassen zijn zo gekozen dat "
    "verschillen goed zichtbaar zijn (natuurlijke grenzen)."
)

# %%
for indicator, wat in [
    ("kinderen_laag_inkomen_pct", "kinderen in een huishouden met een laag inkomen"),
    ("hh_langdurig_laag_inkomen_pct", "huishoudens met een langdurig laag inkomen"),
]:
    peiljaar = scale.latest_year(ctx.data, indicator, ctx.jaar)
    if peiljaar is None:
        md(f"Voor {wat} zijn geen cijfers per gemeente beschikbaar.")
        continue
    kaart = load.kaart(indicator, peiljaar)
    ax = maps.plot_map(
        kaart, "waarde", title=f"Aandeel {wat}, {peiljaar}", unit="%", legend_title="Aandeel"
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.map_alt(kaart, wat, peiljaar),
            caption=f"Aandeel {wat} per gemeente, {peiljaar}. Bron: CBS. "
            + maps.map_source_note(kaart),
            demo=ctx.cbs_demo,
            data=trends.figure_data(
                kaart.assign(
                    indicator=indicator, regio=kaart["gemeentenaam"], jaar=peiljaar
                ).dropna(subset=["waarde"])
            ),
        )
    )

# %%
heading("Gemeenten vergeleken met provincie en Nederland", 3)
indicator = "kinderen_laag_inkomen_pct"
peiljaar = scale.latest_year(ctx.data, indicator, ctx.jaar)
staaf = scale.gemeenten_bars(ctx.data, indicator, peiljaar)
if staaf.empty:
    md("Geen cijfers per gemeente beschikbaar.")
else:
    ax = charts.bar_compare(
        staaf,
        "gemeente",
        "waarde",
        highlight=scale.veenkolonien_names(ctx.veenkolonien),
        reference_lines=scale.reference_values(ctx.data, indicator, peiljaar),
        pct=True,
        title=f"Kinderen in een huishouden met een laag inkomen, {peiljaar}",
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.bars_alt(staaf, "kinderen in een huishouden met een laag inkomen"),
            caption=(
                f"Aandeel minderjarige kinderen in een huishouden met een laag inkomen, {peiljaar}. "
                "Gemeenten in de Veenkoloniën zijn gemarkeerd; lijnen: provincies en Nederland. "
                "Bron: CBS."
            ),
            demo=ctx.cbs_demo,
            data=trends.figure_data(
                staaf.assign(
                    indicator=indicator,
                    regiocode=staaf["gemeente"].map(lambda n: regions.read_gemeente(n).code),
                    regio=staaf["gemeente"],
                    jaar=peiljaar,
                )
            ),
        )
    )

# %%
heading("Alle gemeenten in één tabel", 3)
tabel, _ = narrative.gemeenten_table(ctx.data, ctx.jaar, veenkolonien=ctx.veenkolonien)
charts.table_html(
    tabel,
    caption=(
        "Kerncijfers per gemeente (huidige indeling), meest recente jaar per indicator: aandeel "
        "huishoudens met een (langdurig) laag inkomen, aandeel minderjarige kinderen in een "
        "huishouden met een (langdurig) laag inkomen en het aantal (afgerond), en het aandeel "
        "personen onder de nieuwe armoedegrens. VK = Veenkoloniën, Gr = Groningen, Dr = Drenthe. "
        "Bron: CBS."
    ),
)

# %%
heading("Aard van armoede: de kapitaalsvormen", 3)
md(
    "Het programma ordent zijn doelen naar vijf kapitaalsvormen: economisch, sociaal, cultureel, "
    "pedagogisch en mentaal kapitaal. Open CBS-cijfers (Kerncijfers wijken en buurten) geven voor "
    "een deel daarvan context: inkomen en vermogen, uitkeringen, opleiding en jeugdzorg. Het zijn "
    "geen oordelen over mensen, maar omstandigheden waarin armoede vaker voorkomt."
)
aard = narrative.nature_table(ctx.data, nature.comparison_codes(None, ctx.veenkolonien), ctx.jaar)
if aard.empty:
    md("Er zijn geen contextcijfers beschikbaar.")
else:
    display(
        charts.table_html(
            narrative.short_region_names(aard),
            caption=(
                "Contextcijfers per kapitaalsvorm, meest recente jaar per maat. Uitkeringen en "
                "jeugdzorg per 1.000 inwoners (zelfde tabel); n.v.t. = een mediaan is niet voor "
                "een groep gemeenten te berekenen. Bron: CBS Kerncijfers wijken en buurten en "
                "'Laag en langdurig laag inkomen'."
            ),
        )
    )
md(narrative.nature_gaps_text())

# %%
heading("Wie heeft een laag inkomen?", 3)
wie = who_is_poor.report_codes(ctx.veenkolonien)
if not who_is_poor.has_figures(ctx.data, wie, ctx.jaar):
    md("Het CBS publiceert (nog) geen cijfers over wie een laag inkomen heeft.")
else:
    md(
        "Twee vragen met een ander antwoord: welke huishoudens hebben het *vaakst* een laag "
        "inkomen, en uit wie *bestaat* de groep met een laag inkomen? Het CBS publiceert dit per "
        "gemeente en provincie, niet voor de Veenkoloniën als geheel; per gemeente staat het in "
        "de factsheet."
    )
    for code in wie[:2]:
        md(who_is_poor.region_sentences(ctx.data, code, ctx.jaar))
    bron = who_is_poor.source_caption(ctx.data, wie, ctx.jaar)
    cijfers = who_is_poor.numeric(ctx.data, wie, ctx.jaar)
    display(
        charts.table_html(
            narrative.short_region_names(who_is_poor.shares_table(ctx.data, wie, ctx.jaar)),
            caption=(
                "Hoe vaak een laag inkomen: aandeel van elke groep huishoudens onder de "
                f"lage-inkomensgrens. Bron: {bron}."
            ),
            data=cijfers,
            demo=ctx.cbs_demo,
        )
    )
    display(
        charts.table_html(
            narrative.short_region_names(who_is_poor.parts_table(ctx.data, wie, ctx.jaar)),
            caption=(
                "Wie de huishoudens met een laag inkomen zijn: deel van alle huishoudens met een "
                "laag inkomen (per groep van kenmerken samen ongeveer 100 %). Berekend door de "
                f"monitor uit de aantallen van het CBS (afgerond op honderdtallen). Bron: {bron}."
            ),
            data=cijfers,
            demo=ctx.cbs_demo,
        )
    )
md(narrative.debts_note())
