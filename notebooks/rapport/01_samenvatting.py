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

from avk_analysis.presentation import narrative
from avk_analysis.presentation.charts import table_html
from avk_analysis.report.chapters import at_a_glance
from avk_analysis.report.chapters.context import heading, md, start

ctx = start(jaar, veenkolonien)
tabel, kern = narrative.key_figures(ctx.data, ctx.jaar, veenkolonien=ctx.veenkolonien)

# %%
heading(f"Samenvatting {ctx.jaar}")
at_a_glance.show(at_a_glance.chapter_lines(ctx.data, "samenvatting", ctx.jaar, ctx.veenkolonien))
md(
    "Deze monitor laat zien hoeveel armoede er is in Groningen en Drenthe, hoe lang die duurt en "
    "wat het programma van de Alliantie van Kracht eraan doet. De cijfers komen van het CBS, van "
    "Sociaal Planbureau Groningen en Trendbureau Drenthe, en van het programma zelf. "
    "De Veenkoloniën zijn in dit rapport, volgens de "
    f"{narrative.veenkolonien_definition(ctx.veenkolonien)}. Per gemeente staat alles in de "
    "factsheets."
)

# %%
heading("Kerncijfers", 3)
display(
    table_html(
        narrative.short_region_names(tabel),
        caption=(
            "Aandeel (en aantal, afgerond) per gebied, in het meest recente inkomensjaar met "
            "cijfers. Bron: CBS, bewerking monitor."
        ),
        data=narrative.key_figures_download(kern),
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
            narrative.short_region_names(verschil),
            caption=(
                "Verandering tussen de laatste twee inkomensjaren en over vijf jaar; "
                f"{narrative.direction_rule_text()}. Bron: CBS."
            ),
        )
    )
for note in narrative.province_check_notes(ctx.data, until=ctx.jaar, demo=ctx.cbs_demo):
    md(note)
story = narrative.break_story(ctx.data, ctx.jaar, short=True)
if story:
    md(f"*Armoedegrenzen.* {story} Meer bij 'De armoedegrenzen naast elkaar'.")

# %%
heading("Begrippen", 3)
md(narrative.terms_list())
