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

from avk_analysis import load
from avk_analysis.indicators import nature, scale
from avk_analysis.presentation import charts, narrative
from avk_analysis.report.chapters import (
    at_a_glance,
    microdata_view,
    programme_view,
    trends,
    who_is_poor,
    wijken,
)
from avk_analysis.report.chapters.context import heading, md, start
from avk_analysis.vocabulary import regions

ctx = start(jaar, veenkolonien)
refs = load.referenties()
naam = regions.name(gemeente)
provincie = regions.province_of(gemeente)

# %%
heading(f"{naam} in cijfers", 2)
at_a_glance.show(
    at_a_glance.gemeente_lines(
        ctx.data, gemeente, ctx.jaar, at_a_glance.programme_facts(ctx.jaar, gemeente)
    )
)
in_vk = gemeente in regions.veenkolonien(ctx.veenkolonien)
md(
    f"De gemeente **{naam}** ligt in de provincie "
    f"{scale.region_label(provincie).replace(' (provincie)', '')}. "
    + (
        f"{naam} hoort bij de Veenkoloniën"
        if in_vk
        else f"{naam} hoort niet bij de Veenkoloniën; ter vergelijking staan ze er wel bij"
    )
    + f" ({narrative.veenkolonien_definition(ctx.veenkolonien, listed=False)})."
)

# %%
tabel, kern = narrative.key_figures(
    ctx.data, ctx.jaar, gemeente=gemeente, veenkolonien=ctx.veenkolonien
)
display(
    charts.table_html(
        narrative.short_region_names(tabel),
        caption=(
            f"Kerncijfers {naam}, laatste inkomensjaar, aantallen afgerond. "
            f"{narrative.break_story(ctx.data, ctx.jaar, short=True)} Bron: CBS."
        ),
        data=narrative.key_figures_download(kern),
    )
)

# %%
heading(f"Het programma in {naam}", 3)
programme_view.gemeente_section(ctx, gemeente)

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
heading(f"Ontwikkeling in {naam}", 3)
gebieden = [gemeente, provincie, "NL01"]
trends.show_trend(
    ctx,
    "kinderen_laag_inkomen_pct",
    gebieden,
    "minderjarige kinderen in een huishouden met een laag inkomen",
    highlight=naam,
    height=2.1,
    in_words=False,  # In het kort says the five-year direction of the gemeente
)

# %%
heading(f"Aard van armoede in {naam}", 3)
md(
    "Contextcijfers van het CBS per kapitaalsvorm van het programma: omstandigheden waarin "
    "armoede vaker voorkomt, geen oordeel over mensen. "
    + who_is_poor.gemeente_line(ctx.data, gemeente, ctx.jaar, short=True)
)
aard = narrative.nature_table(
    ctx.data,
    nature.comparison_codes(gemeente, ctx.veenkolonien),
    ctx.jaar,
    leave_out=narrative.IN_KEY_FIGURES,
)
if not aard.empty:
    aard = narrative.short_region_names(aard)
    display(
        charts.table_html(
            # in the order of the capital forms (economisch, cultureel, pedagogisch); the
            # column itself is left out so the table stays narrow on two A4 pages
            aard[["Maat", *[c for c in aard.columns if c not in ("Maat", "Kapitaalsvorm")]]],
            caption=(
                f"Contextcijfers {naam}, laatste jaar per maat, op volgorde van kapitaalsvorm "
                "(economisch, cultureel, pedagogisch); n.v.t. = een mediaan is niet op te tellen. "
                "Bron: CBS Kerncijfers wijken en buurten."
            ),
        )
    )

# %%
heading(f"Wijken van {naam}", 3)
wijken.show(ctx, gemeente)
