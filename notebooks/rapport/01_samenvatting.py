# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
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

from avk_analysis import load, narrative
from avk_analysis.charts import table_html
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)
refs = load.referenties()
tabel, kern = narrative.key_figures(ctx.data, ctx.jaar, veenkolonien=ctx.veenkolonien)

# %%
heading(f"Samenvatting {ctx.jaar}")
md(
    "Deze monitor brengt de aard en omvang van (generatie)armoede in Groningen en Drenthe in "
    "beeld, met cijfers van het CBS, van Sociaal Planbureau Groningen en Trendbureau Drenthe, "
    "en met wat het programma van de Alliantie van Kracht doet en bereikt. "
    f"De Veenkoloniën zijn hier: **{ctx.vk_name}**, dat zijn "
    f"{narrative.veenkolonien_members(ctx.veenkolonien)}."
)
md(narrative.abbreviations_note())

# %%
heading("Generatiearmoede in het kort", 3)
md(narrative.children_text(ctx.data, ctx.vk_code, ctx.jaar, compare=["PV20", "PV22", "NL01"]))
md(narrative.young_adults_text(ctx.data, ctx.vk_name))
md(narrative.national_reference_text(refs))
md(
    "Per gemeente staat dit in de factsheets: hoeveel kinderen er in een (langdurig) laag "
    "inkomen opgroeien, hoe dat verandert en wat het programma er doet."
)

# %%
vk = kern[kern.regiocode == ctx.vk_code].set_index("indicator")
nl = kern[kern.regiocode == "NL01"].set_index("indicator")
md(
    narrative.summary_sentence(
        vk, nl, "hh_langdurig_laag_inkomen_pct", "van de huishoudens", ctx.vk_name
    )
)

# %%
heading("Kerncijfers", 3)
display(
    table_html(
        tabel,
        caption=(
            "Aandeel (en aantal, afgerond) per gebied, in het meest recente inkomensjaar met "
            "cijfers. Bron: CBS, bewerking monitor."
        ),
    )
)

# %%
heading("Wat is er veranderd", 3)
md(
    "De verandering tussen de laatste twee inkomensjaren, voor de Veenkoloniën, beide provincies "
    "en Nederland. Per gemeente staat de verandering in de factsheet."
)
verschil = narrative.region_changes_table(
    ctx.data, [ctx.vk_code, "PV20", "PV22", "NL01"], until=ctx.jaar
)
if verschil.empty:
    md("Er zijn nog geen twee jaren om te vergelijken.")
else:
    display(
        table_html(
            verschil,
            caption=(
                "Verandering tussen de laatste twee inkomensjaren; 'ongeveer gelijk' = minder dan "
                "0,25 procentpunt. Bron: CBS."
            ),
        )
    )
for note in narrative.province_check_notes(ctx.data, until=ctx.jaar, demo=ctx.cbs_demo):
    md(note)
for note in narrative.definition_break_notes(ctx.data, ctx.jaar):
    md(f"**Let op, definitiewijziging.** {note}")
