"""The CBS symbols that stand in for a number, and what they mean: one vocabulary for all layers.

CBS writes ``.`` (not available), ``x`` (secret), ``-`` (nil) and ``?`` (unreliable) where a
figure is missing or doubtful. Sources keep them apart from zero; the presentation layer shows
them with the texts below (a short cell text, a tooltip, and the legend of the Verantwoording).
"""

from __future__ import annotations

NOT_AVAILABLE = "."
SECRET = "x"
NIL = "-"
UNRELIABLE = "?"
CODES = (NOT_AVAILABLE, SECRET, NIL, UNRELIABLE)

#: In a table cell instead of the number.
CELL_TEXT = {
    NOT_AVAILABLE: "geen gegevens",
    SECRET: "geheim",
    NIL: "0",
    UNRELIABLE: "onbetrouwbaar",
}
#: A short meaning (tooltip and table footnote).
MEANING = {
    NOT_AVAILABLE: "geen gegevens beschikbaar",
    SECRET: "geheim",
    NIL: "nihil",
    UNRELIABLE: "onbetrouwbaar",
}
#: The full explanation (legend in the Verantwoording).
EXPLANATION = {
    NOT_AVAILABLE: "gegevens ontbreken of zijn (nog) niet beschikbaar",
    SECRET: "geheim (CBS publiceert het cijfer niet, om herleidbaarheid te voorkomen)",
    NIL: "nihil (het cijfer is nul)",
    UNRELIABLE: "cijfer is onbetrouwbaar",
}
