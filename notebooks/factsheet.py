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
gemeente = "GM0114"
veenkolonien = "planbureaus"

# %%
from IPython.display import display

from avk_analysis import charts, narrative, regions
from avk_analysis.indicators import scale
from avk_analysis.report import programme_view, trends
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)
naam = regions.name(gemeente)
provincie = regions.province_of(gemeente)

# %%
heading(f"{naam} in cijfers", 2)
in_vk = gemeente in regions.veenkolonien(ctx.veenkolonien)
md(
    f"Factsheet generatiearmoede {ctx.jaar} voor de gemeente **{naam}** "
    f"(provincie {scale.region_label(provincie).replace(' (provincie)', '')}). "
    + (
        f"{naam} hoort bij de {ctx.vk_name}."
        if in_vk
        else f"{naam} hoort niet bij de {ctx.vk_name}; ter vergelijking staan ze er wel bij."
    )
)

# %%
tabel, kern = narrative.key_figures(
    ctx.data, ctx.jaar, gemeente=gemeente, veenkolonien=ctx.veenkolonien
)
display(
    charts.table_html(
        tabel,
        caption=f"Kerncijfers {naam} vergeleken met Veenkoloniën, provincie en Nederland. Bron: CBS.",
    )
)
for indicator in [
    "kinderen_laag_inkomen_pct",
    "hh_langdurig_laag_inkomen_pct",
    "personen_in_armoede_pct",
]:
    md(narrative.position_text(ctx.data, gemeente, indicator, ctx.jaar))

# %%
heading(f"Ontwikkeling in {naam}", 3)
gebieden = [gemeente, provincie, "NL01"]
trends.show_trend(
    ctx,
    "kinderen_laag_inkomen_pct",
    gebieden,
    "minderjarige kinderen in een huishouden met een laag inkomen",
    highlight=naam,
)

# %%
heading(f"Wijken in {naam}", 3)
wijken = narrative.wijken_table(ctx.data, gemeente, ctx.jaar)
if wijken.empty:
    md("Er zijn geen wijkcijfers over lage inkomens beschikbaar.")
else:
    md(
        "Wijken met het hoogste aandeel huishoudens met een laag inkomen (Kerncijfers wijken en "
        "buurten; de oude definitie, die na 2023 niet meer wordt gepubliceerd)."
    )
    display(
        charts.table_html(
            wijken, caption=f"Wijken in {naam}. Bron: CBS Kerncijfers wijken en buurten."
        )
    )

# %%
heading(f"Het programma in {naam}", 3)
programme_view.gemeente_section(ctx, gemeente)
