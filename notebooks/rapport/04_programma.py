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
from avk_analysis.report import programme_view
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)

# %%
heading("Het programma")
if ctx.programme_example:
    md(
        "**Let op: voorbeelddata.** De programmagegevens in dit hoofdstuk zijn verzonnen om te "
        "laten zien hoe het rapport werkt; ze beschrijven niet wat er echt gebeurde."
    )
programme_view.chapter(ctx)
