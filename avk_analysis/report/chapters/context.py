"""What every report notebook starts with: the data, the parameters and small display helpers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown, display

from avk_analysis import load
from avk_analysis.indicators.select import from_source
from avk_analysis.presentation import charts, maps
from avk_analysis.vocabulary import regions


@dataclass
class Context:
    """The data and settings one notebook run works with."""

    jaar: int
    veenkolonien: str
    data: pd.DataFrame

    @property
    def cbs_demo(self) -> bool:
        """Tell whether the CBS figures are the bundled demo snapshot."""
        return bool((from_source(self.data)["status"] == "demo").any())

    def demo_in(self, frame: pd.DataFrame) -> bool:
        """Tell whether a frame drawn in a chart or table holds any demo figure (per figure)."""
        if "status" not in frame.columns:
            return self.cbs_demo
        return bool((frame["status"] == "demo").any())

    def demo_for(self, indicators: str | list[str], jaar: int | None = None) -> bool:
        """Tell whether the figures of some indicators (in one year) include demo figures."""
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        rows = self.data.loc[self.data["indicator"].isin(wanted)]
        if jaar is not None:
            rows = rows.loc[rows["jaar"] == jaar]
        return bool((rows["status"] == "demo").any())

    @property
    def programme_example(self) -> bool:
        """Tell whether the programme figures are example data."""
        rows = self.data.loc[self.data["bron"] == "Alliantie van Kracht", "status"]
        return bool((rows == "voorbeeld").any())

    @property
    def vk_code(self) -> str:
        """Return the region code of the selected Veenkoloniën set."""
        return regions.veenkolonien_code(self.veenkolonien)

    @property
    def vk_name(self) -> str:
        """Return the display name of the selected Veenkoloniën set."""
        return regions.veenkolonien_name(self.veenkolonien)


def start(jaar: int, veenkolonien: str = regions.DEFAULT_VEENKOLONIEN) -> Context:
    """Load the tidy table, check the parameters and set the house style."""
    regions.veenkolonien(veenkolonien)  # unknown set → clear KeyError
    charts.apply_style()
    maps.use_veenkolonien(veenkolonien)  # maps outline the run's Veenkoloniën
    return Context(int(jaar), veenkolonien, load.indicatoren())


def md(text: str) -> None:
    """Show Dutch narrative (Markdown) as notebook output."""
    display(Markdown(text))


def heading(text: str, level: int = 2) -> None:
    """Show a heading built from data (e.g. with the gemeente's name)."""
    display(Markdown(f"{'#' * level} {text}"))
