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

from avk_analysis import load
from avk_analysis.indicators import generational, scale
from avk_analysis.presentation import charts, narrative
from avk_analysis.report.chapters import at_a_glance, microdata_view, trends
from avk_analysis.report.chapters.context import heading, md, start

ctx = start(jaar, veenkolonien)
refs = load.referenties()
gebieden = [ctx.vk_code, "PV20", "PV22", "NL01"]

# %%
heading("Omvang van armoede en generatiearmoede")
at_a_glance.show(at_a_glance.chapter_lines(ctx.data, "omvang", ctx.jaar, ctx.veenkolonien))
md(
    "Hoeveel huishoudens, personen en kinderen leven in een huishouden met een laag inkomen, "
    "en hoe lang? De cijfers gaan over particuliere huishoudens met een inkomen onder de "
    "lage-inkomensgrens van het CBS; *langdurig* betekent ten minste vier jaar achtereen. "
    "Alle gemeentecijfers staan op de huidige gemeentelijke indeling."
)
md(narrative.year_axis_note())
md(narrative.two_numbers_text(ctx.data, ctx.vk_code, until=ctx.jaar))

# %%
for indicator, wat in [
    ("hh_laag_inkomen_pct", "huishoudens met een laag inkomen"),
    ("hh_langdurig_laag_inkomen_pct", "huishoudens met een langdurig laag inkomen"),
    ("kinderen_laag_inkomen_pct", "minderjarige kinderen in een huishouden met een laag inkomen"),
]:
    trends.show_trend(ctx, indicator, gebieden, wat, highlight=narrative.VK_SHORT)
md(
    "De daling in 2022 komt vooral door de eenmalige energietoeslag; zie de uitleg bij de "
    "armoedegrenzen hieronder."
)

# %%
heading("De armoedegrenzen naast elkaar", 3)
md(
    "Er is niet één armoedegrens. Hieronder staat elke grens die het CBS per gemeente "
    "publiceert als eigen lijn: ze worden nooit aan elkaar geplakt."
)
md(narrative.break_story(ctx.data, ctx.jaar))
lijnen = scale.poverty_lines(ctx.data, ctx.vk_code, until=ctx.jaar)
getekend = lijnen.loc[lijnen["reeks"].isin(["lig_lli", "sm110", "sm120", "armoedegrens"])]
if getekend.empty:
    md("Er zijn geen cijfers per armoedegrens.")
else:
    ax = charts.line_trend(
        getekend.assign(reeks=getekend["reeks"].map(narrative.LINE_NAMES)),
        "jaar",
        "waarde",
        "reeks",
        pct=True,
        title="Armoedegrenzen naast elkaar (Veenkoloniën)",
        xlabel="Inkomensjaar",
        ylabel="%",
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.lines_alt(getekend),
            caption=(
                "Aandeel onder elke grens, Veenkoloniën, per inkomensjaar; elke grens is een "
                "eigen lijn. Verschillende definities: vergelijk de hoogte niet, wel de "
                "richting. Bron: CBS."
            ),
            demo=ctx.demo_in(getekend),
            data=trends.figure_data(getekend.assign(regio=narrative.VK_SHORT)),
        )
    )
grenzen = narrative.lines_table(ctx.data, refs, gebieden, until=ctx.jaar)
if not grenzen.empty:
    display(
        charts.table_html(
            narrative.short_region_names(grenzen),
            caption=(
                "Aandeel onder elke armoedegrens in het laatste inkomensjaar van die grens (CBS); "
                "de laatste kolom zet ernaast wat Sociaal Planbureau Groningen of Trendbureau "
                "Drenthe voor dezelfde cel publiceerde."
            ),
        )
    )
md("Wat elke grens telt:\n\n" + narrative.lines_definitions())
md(narrative.energy_note())

# %%
heading("Generatiearmoede: jongvolwassenen en hun ouders", 3)
md(narrative.young_adults_text(ctx.data, ctx.vk_name, refs))
md(narrative.national_reference_text(refs))
jong = generational.young_adults_series(ctx.data)
if not jong.empty:
    ax = charts.line_trend(
        jong.groupby(["jaar", "regio"], as_index=False)["waarde"].last(),
        "jaar",
        "waarde",
        "regio",
        pct=True,
        decimals=0,
        title="Jongvolwassenen (22-26) met een laag inkomen",
        ylabel="%",
        from_zero=True,
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.young_adults_alt(jong),
            caption="Bron: Sociaal Planbureau Groningen en Trendbureau Drenthe (CBS-microdata).",
        )
    )
tabel, bronnen = narrative.generational_table(ctx.data)
display(
    charts.table_html(
        narrative.short_region_names(tabel),
        caption=(
            "Gepubliceerde cijfers over generatiearmoede in de Veenkoloniën (12 gemeenten van "
            "vóór 2018) en Nederland; [n] verwijst naar de bron; * = onzeker."
        ),
    )
)
md("Bronnen:\n\n" + bronnen)

# %%
microdata_view.regions_section(ctx, refs)
