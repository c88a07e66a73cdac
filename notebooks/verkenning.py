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
# Dit notebook is voor analisten en hoort niet bij het rapport. Eigen proefnotebooks horen in
# de map `notebooks/verkenning/`: wat daar staat, laat het rapport nooit opnieuw maken.
#
# Vier stappen: een indicator vinden, een nette tabel laden met haar bronregel, er een grafiek
# van maken, en één factsheet als voorbeeld bekijken. Elk cijfer heeft een **status**: `echt`,
# `demo` (verzonnen demonstratiecijfers) of `voorbeeld` (verzonnen programmagegevens).

# %%
from avk_analysis import load
from avk_analysis.presentation import charts, maps
from avk_analysis.vocabulary import catalogue

# %% [markdown]
# ## 1. Een indicator vinden
#
# `load.catalogus()` geeft alle indicatoren met jaren, niveaus, bronnen en status; met een
# zoekwoord alleen de indicatoren waar alle woorden in staan. (In de terminal:
# `avk-monitor indicatoren kinderen`.)

# %%
load.catalogus("kinderen laag inkomen")[["indicator", "label", "jaren", "niveaus", "status"]]

# %% [markdown]
# ## 2. Een nette tabel met haar bron
#
# `load.tabel` geeft één waarde per cel: gemeenten als rijen, jaren als kolommen. Namen
# ("Emmen"), codes ("gm0114") en jaren als tekst ("2022") mogen; een tikfout geeft een melding
# met "Bedoelt u …?" in plaats van een lege tabel. `load.herkomst` geeft de bronregel voor
# onder een tabel of grafiek.

# %%
tabel = load.tabel("kinderen_laag_inkomen_pct", regio=["Emmen", "Assen", "Drenthe", "Nederland"])
print(load.herkomst(tabel))
tabel

# %% [markdown]
# Met `breed=False` komt dezelfde keuze als lange tabel, met de herkomst op elke rij (bron,
# tabel, ophaaldatum, status, licentie):

# %%
load.tabel("kinderen_laag_inkomen_pct", regio="Emmen", breed=False).head()

# %% [markdown]
# ## 3. Een grafiek
#
# Grafieken van het pakket dragen het woord DEMO zolang er demonstratiecijfers in staan. Zet
# de eenheid en de jaren in de titel en de bronregel eronder.

# %%
lang = load.tabel(
    "kinderen_laag_inkomen_pct", regio=["Emmen", "Assen", "Drenthe", "Nederland"], breed=False
)
ax = charts.line_trend(
    lang,
    "jaar",
    "waarde",
    "regionaam",
    title=f"{catalogue.label('kinderen_laag_inkomen_pct')}, {lang.jaar.min()}–{lang.jaar.max()}",
    ylabel=tabel.attrs["eenheid"],
    pct=True,
)
ax.figure.supxlabel(load.herkomst(lang), fontsize=7, x=0.01, ha="left", wrap=True)

# %% [markdown]
# ## Een kaart in drie regels

# %%
kaart = load.kaart("kinderen_laag_inkomen_pct", 2022)
ax = maps.plot_map(
    kaart,
    "waarde",
    title=catalogue.label("kinderen_laag_inkomen_pct") + ", 2022",
    unit="%",
    source_note=maps.map_source_note(kaart),
)

# %% [markdown]
# De kaart gebruikt echte gemeentegrenzen. Zonder internet zijn dat de meegeleverde,
# vereenvoudigde grenzen van 2025 (`data/raw/grenzen/2025/`, bron: CBS / Kadaster, via PDOK);
# met `make data` (online) worden de grenzen van PDOK opgehaald en gebruikt.
#
# ## 4. Eén factsheet als voorbeeld
#
# In een terminal (in JupyterLab: Bestand → Nieuw → Terminal):
#
# ```bash
# .venv/bin/avk-monitor factsheet Emmen --veenkolonien programma
# ```
#
# Die maakt in een paar seconden `reports/voorbeeld/factsheet_GM0114.html`. De gepubliceerde
# editie in `reports/<jaar>/` blijft zoals ze was; alleen `make report` vervangt die.
#
# ## Waar komen de cijfers vandaan?

# %%
load.bronnen()[["soort", "tabel", "titel", "status", "opgehaald", "licentie"]]
