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
gemeente = "GM0114"
veenkolonien = "planbureaus"

# %%
from IPython.display import display

from avk_analysis import charts, load, narrative, regions
from avk_analysis.indicators import nature, scale
from avk_analysis.report import microdata_view, programme_view, trends
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)
refs = load.referenties()
naam = regions.name(gemeente)
provincie = regions.province_of(gemeente)

# %%
heading(f"{naam} in cijfers", 2)
in_vk = gemeente in regions.veenkolonien(ctx.veenkolonien)
md(
    f"Factsheet generatiearmoede {ctx.jaar} voor de gemeente **{naam}** "
    f"(provincie {scale.region_label(provincie).replace(' (provincie)', '')}). "
    + (
        f"{naam} hoort bij de {ctx.vk_name}"
        if in_vk
        else f"{naam} hoort niet bij de {ctx.vk_name}; ter vergelijking staan ze er wel bij"
    )
    + f" (de Veenkoloniën zijn hier {narrative.veenkolonien_members(ctx.veenkolonien)})."
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
heading(f"Generatiearmoede in {naam}", 3)
md(
    narrative.generational_gemeente_text(
        ctx.data,
        refs,
        gemeente,
        ctx.jaar,
        ctx.veenkolonien,
        microdata=microdata_view.has_figures(gemeente),
    )
)

# %%
microdata_view.gemeente_section(ctx, gemeente, refs)

# %%
heading(f"Wat is er veranderd in {naam}", 3)
md(narrative.gemeente_change_text(ctx.data, gemeente, until=ctx.jaar))

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
md(narrative.published_text(ctx.data, refs, gemeente))

# %%
heading(f"Aard van armoede in {naam}", 3)
md(
    "Contextcijfers van het CBS per kapitaalsvorm van het programma: omstandigheden waarin "
    "armoede vaker voorkomt, geen oordeel over mensen."
)
aard = narrative.nature_table(
    ctx.data, nature.comparison_codes(gemeente, ctx.veenkolonien), ctx.jaar
)
if not aard.empty:
    display(
        charts.table_html(
            aard,
            caption=(
                f"Contextcijfers {naam}, Veenkoloniën, provincie en Nederland; meest recente "
                "jaar per maat; n.v.t. = een mediaan is niet voor een groep gemeenten te "
                "berekenen. Bron: CBS Kerncijfers wijken en buurten."
            ),
        )
    )
md(narrative.nature_gaps_text())
wijken = narrative.wijken_nature_table(ctx.data, gemeente, ctx.jaar)
if wijken.empty:
    md(f"Er zijn geen wijkcijfers voor {naam}.")
else:
    display(
        charts.table_html(
            wijken,
            caption=(
                f"Wijken in {naam} (hoogstens 10), hoogste aandeel personen onder de nieuwe "
                "armoedegrens eerst; uitkeringen en jeugdzorg per 1.000 inwoners; laag opgeleid = "
                "aandeel inwoners van 15-75 jaar; geen gegevens = kleine wijk, geheim gehouden. "
                "Bron: CBS Kerncijfers wijken en buurten."
            ),
        )
    )

# %%
heading(f"Het programma in {naam}", 3)
programme_view.gemeente_section(ctx, gemeente)
