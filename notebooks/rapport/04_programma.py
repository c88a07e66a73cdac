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
from avk_analysis.report.chapters import at_a_glance, programme_view
from avk_analysis.report.chapters.context import heading, md, start

ctx = start(jaar, veenkolonien)

# %%
heading("Het programma")
at_a_glance.show(
    at_a_glance.chapter_lines(
        ctx.data,
        "programma",
        ctx.jaar,
        ctx.veenkolonien,
        programme=at_a_glance.programme_facts(ctx.jaar),
        goals=at_a_glance.goal_counts(ctx.jaar),
    )
)
if ctx.programme_example:
    md(
        "**Let op: voorbeelddata.** De programmagegevens in dit hoofdstuk zijn verzonnen om te "
        "laten zien hoe het rapport werkt; ze beschrijven niet wat er echt gebeurde."
    )
programme_view.chapter(ctx)
