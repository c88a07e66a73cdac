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

from avk_analysis import narrative
from avk_analysis.charts import table_html
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)
tabel, kern = narrative.key_figures(ctx.data, ctx.jaar, veenkolonien=ctx.veenkolonien)

# %%
heading(f"Samenvatting {ctx.jaar}")
md(
    "Deze monitor brengt de aard en omvang van (generatie)armoede in Groningen en Drenthe in "
    "beeld, met cijfers van het CBS, van Sociaal Planbureau Groningen en Trendbureau Drenthe, "
    "en met wat het programma van de Alliantie van Kracht doet en bereikt. "
    f"De Veenkoloniën zijn hier: **{ctx.vk_name}**."
)

# %%
vk = kern[kern.regiocode == ctx.vk_code].set_index("indicator")
nl = kern[kern.regiocode == "NL01"].set_index("indicator")
md(narrative.summary_sentence(vk, nl, "kinderen_laag_inkomen_pct", "van de kinderen", ctx.vk_name))
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
            "Aandeel (en aantal, afgerond) per gebied, in het meest recente jaar met cijfers. "
            "Bron: CBS, bewerking monitor."
        ),
    )
)

# %%
heading("Wat is er veranderd", 3)
vorige = narrative.key_figures(ctx.data, ctx.jaar, veenkolonien=ctx.veenkolonien, years_back=1)[1]
verschil = narrative.changes_table(kern, vorige, n=8)
md(
    "Vergelijking van de nieuwste cijfers met die van een jaar eerder, zoals de vorige editie "
    "ze liet zien; grootste verschillen eerst."
)
if verschil.empty:
    md("Er zijn geen vergelijkbare cijfers voor de vorige editie.")
else:
    display(
        table_html(
            verschil[
                [
                    "Indicator",
                    "Gebied",
                    "Vorige editie",
                    "Deze editie",
                    "Verschil (procentpunt)",
                    "Opmerking",
                ]
            ],
            caption="Grootste veranderingen ten opzichte van de vorige editie.",
        )
    )
for note in narrative.definition_break_notes(ctx.data, ctx.jaar):
    md(f"**Let op, definitiewijziging.** {note}")
