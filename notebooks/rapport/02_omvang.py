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

from avk_analysis import charts, narrative
from avk_analysis.indicators import generational, scale
from avk_analysis.report import trends
from avk_analysis.report.context import heading, md, start

ctx = start(jaar, veenkolonien)
gebieden = [ctx.vk_code, "PV20", "PV22", "NL01"]

# %%
heading("Omvang van armoede en generatiearmoede")
md(
    "Hoeveel huishoudens, personen en kinderen leven in een huishouden met een laag inkomen, "
    "en hoe lang? De cijfers gaan over particuliere huishoudens met een inkomen onder de "
    "lage-inkomensgrens van het CBS; *langdurig* betekent ten minste vier jaar achtereen. "
    "Alle gemeentecijfers staan op de huidige gemeentelijke indeling."
)

# %%
for indicator, wat in [
    ("hh_laag_inkomen_pct", "huishoudens met een laag inkomen"),
    ("hh_langdurig_laag_inkomen_pct", "huishoudens met een langdurig laag inkomen"),
    ("kinderen_laag_inkomen_pct", "minderjarige kinderen in een huishouden met een laag inkomen"),
]:
    trends.show_trend(ctx, indicator, gebieden, wat, highlight=ctx.vk_name)

# %%
heading("Armoede volgens de nieuwe armoedegrens", 3)
md(
    "Vanaf de Kerncijfers wijken en buurten 2024 publiceert het CBS het aandeel personen in "
    "armoede volgens de nieuwe armoedegrens van CBS, SCP en Nibud. Dat is een **andere "
    "definitie**: de cijfers zijn niet te vergelijken met de lage-inkomensgrens en worden "
    "daarom als aparte reeks getoond. De stippellijn markeert de breuk. De oude reeks hier komt "
    "uit de Kerncijfers wijken en buurten en wijkt daardoor iets af van de reeks huishoudens met "
    "een laag inkomen hierboven (uit de CBS-tabel 'Laag en langdurig laag inkomen', met een "
    "andere afbakening van huishoudens). Op de as staat steeds het **inkomensjaar**: het jaar "
    "waarover het inkomen gaat, zoals het CBS dat bij elke editie vermeldt."
)
breuk = scale.break_series(ctx.data, gebieden, until=ctx.jaar)
if breuk.empty:
    md("Er zijn nog geen cijfers volgens de nieuwe armoedegrens.")
else:
    ax = charts.line_trend(
        breuk,
        "jaar",
        "waarde",
        "reeks",
        break_year=scale.new_line_from(breuk),
        pct=True,
        title="Oude en nieuwe definitie (" + ctx.vk_name + ")",
        xlabel="Inkomensjaar",
        ylabel="%",
        break_label="Nieuwe armoedegrens",
    )
    display(
        charts.figure_html(
            ax.figure,
            alt=narrative.break_alt(breuk),
            caption=(
                "Huishoudens met een laag inkomen (Kerncijfers wijken en buurten, edities tot en "
                "met 2023) en personen in armoede (nieuwe armoedegrens, vanaf de editie 2024), "
                f"{ctx.vk_name}, per inkomensjaar. Twee definities: niet vergelijkbaar. "
                "Bron: CBS Kerncijfers wijken en buurten."
            ),
            demo=ctx.demo_in(breuk),
        )
    )

# %%
heading("Generatiearmoede: jongvolwassenen en hun ouders", 3)
md(
    "Sociaal Planbureau Groningen en Trendbureau Drenthe volgen met de RUG hoeveel "
    "jongvolwassenen (22-26 jaar) in de Veenkoloniën een laag inkomen hebben, en hoe vaak hun "
    "vader of moeder dat ook had. Het zijn gepubliceerde cijfers uit hun analyses van "
    "CBS-microdata (definitie planbureaus: de 12 gemeenten van vóór 2018). Cijfers met * zijn "
    "onzeker (peiljaar of precieze definitie niet bevestigd)."
)
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
        tabel,
        caption="Gepubliceerde cijfers over generatiearmoede in de Veenkoloniën; [n] verwijst naar de bron.",
    )
)
md("Bronnen:\n\n" + bronnen)
