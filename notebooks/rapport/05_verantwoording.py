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

from avk_analysis.presentation.charts import table_html
from avk_analysis.report.chapters import at_a_glance
from avk_analysis.report.chapters import verantwoording as v
from avk_analysis.report.chapters.context import heading, md, start

ctx = start(jaar, veenkolonien)

# %%
heading("Verantwoording")
at_a_glance.show(
    at_a_glance.chapter_lines(
        ctx.data, "verantwoording", ctx.jaar, ctx.veenkolonien, demo=ctx.cbs_demo
    )
)
md(v.intro(ctx))

# %%
heading("Bronnen", 3)
display(table_html(v.sources_table(), caption="Gebruikte bronnen, met herkomst en licentie."))
md(v.source_links())
md(v.licence_text())

# %%
heading("CBS-cijfer vs gepubliceerd door SPG/TD", 3)
vergelijking, toelichting = v.back_test_table(ctx)
md(toelichting)
if not vergelijking.empty:
    display(
        table_html(
            vergelijking,
            caption="Gepubliceerde cijfers naast het CBS-cijfer van de monitor, met het verschil.",
        )
    )

# %%
heading("Veenkoloniën", 3)
md(v.veenkolonien_text(ctx.veenkolonien))

# %%
heading("Definities", 3)
display(
    table_html(
        v.definitions_table(ctx.data), caption="Indicatoren in dit rapport en hun definitie."
    )
)

# %%
heading("Herindelingen", 3)
md(v.harmonisation_text(ctx.data))

# %%
heading("Tekens en kleine aantallen", 3)
md(v.symbols_text())
md(v.disclosure_text())

# %%
heading("Toegankelijkheid", 3)
md(v.accessibility_statement())
