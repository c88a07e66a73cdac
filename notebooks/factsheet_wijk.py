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
wijk = "WK011443"

# %%
from avk_analysis.report.chapters import wijken
from avk_analysis.report.chapters.context import heading, start
from avk_analysis.vocabulary import regions

ctx = start(jaar)
naam = regions.name(wijk)

# %%
heading(f"{naam} in cijfers", 2)
wijken.show_wijk(ctx, wijk)
