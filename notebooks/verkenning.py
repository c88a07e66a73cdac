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

# %% [markdown]
# # Verkenning: zelf aan de slag met de monitorgegevens
#
# Dit notebook is voor analisten. Het laat zien hoe je de nette indicatortabel en de
# gemeentegrenzen laadt en in drie regels een kaart maakt. Het hoort niet bij het rapport.
#
# Elke rij in de indicatortabel is één cijfer: bron, tabel, indicator, regio, jaar, waarde,
# eenheid, definitie, **status** (`echt`, `demo` of `voorbeeld`) en een notitie als het cijfer
# is omgerekend naar de huidige gemeenten.

# %%
from avk_analysis import catalogue, load, maps

df = load.indicatoren()
df.head()

# %% [markdown]
# Welke indicatoren zijn er, en uit welke bron?

# %%
df.groupby(["bron", "indicator", "status"]).size().rename("cijfers").reset_index()

# %% [markdown]
# ## Een kaart in drie regels

# %%
kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)
ax = maps.plot_map(
    kaart,
    "waarde",
    title=catalogue.label("kinderen_laag_inkomen_pct"),
    unit="%",
    source_note=maps.map_source_note(kaart),
)

# %% [markdown]
# De kaart gebruikt echte gemeentegrenzen. Zonder internet zijn dat de meegeleverde,
# vereenvoudigde grenzen van 2025 (`data/raw/grenzen/2025/`, bron: CBS / Kadaster, via PDOK);
# met `make data` (online) worden de grenzen van PDOK opgehaald en gebruikt. Namen op de kaart:
# `maps.plot_map(..., labels=True)`. Provinciegrenzen: `boundaries.load_provinces()`;
# wijkgrenzen alleen na een download: `boundaries.load_boundaries(2025, "wijk")`.
#
# ## Eén gemeente door de jaren heen

# %%
load.indicatoren(indicator="hh_laag_inkomen_pct", regio=["GM0114", "PV22", "NL01"]).pivot_table(
    index="jaar", columns="regionaam", values="waarde"
)

# %% [markdown]
# ## Waar komen de cijfers vandaan?

# %%
load.bronnen()[["source", "title", "table_id", "retrieved", "status", "licence"]]
