"""The disclosure rule itself: its threshold, its rounding and its Dutch wording (no data).

``avk_analysis.pipeline.disclosure`` applies the rule to tables; this module only says what the rule
is,
so that the workbook's instructions and the data dictionary can describe it without depending on
the code that protects published figures. Settings: ``AVK_MIN_COUNT`` (threshold, default 10, at
least 5) and ``AVK_ROUND_TO`` (rounding base, default 5; 1 = no rounding).
"""

from __future__ import annotations

import os

MIN_COUNT_ENV = "AVK_MIN_COUNT"
ROUND_TO_ENV = "AVK_ROUND_TO"
DEFAULT_MIN_COUNT = 10
DEFAULT_ROUND_TO = 5
MIN_COUNT_FLOOR = 5
SUPPRESSED_DERIVED = "onderdrukt"
TIDY_SYMBOL = "x"


def _setting(value: int | None, env: str, default: int, floor: int, what: str) -> int:
    if value is None:
        raw = os.environ.get(env, "").strip()
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{env}={raw!r} is geen geheel getal ({what})") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < floor:
        raise ValueError(
            f"{what} moet een geheel getal van ten minste {floor} zijn, niet {value!r}"
        )
    return value


def min_count(value: int | None = None) -> int:
    """Return the suppression threshold (argument, ``AVK_MIN_COUNT`` or 10; at least 5)."""
    return _setting(
        value, MIN_COUNT_ENV, DEFAULT_MIN_COUNT, MIN_COUNT_FLOOR, "de onthullingsdrempel"
    )


def round_to(value: int | None = None) -> int:
    """Return the rounding base for shown counts (argument, ``AVK_ROUND_TO`` or 5; 1 = none)."""
    return _setting(value, ROUND_TO_ENV, DEFAULT_ROUND_TO, 1, "de afrondingsbasis")


def rule_text(threshold: int | None = None, base: int | None = None) -> str:
    """Return the Dutch description of the disclosure rule for the current settings."""
    n, b = min_count(threshold), round_to(base)
    text = (
        f"Aantallen mensen of huishoudens kleiner dan {n} worden niet getoond maar als "
        f"'<{n}' weergegeven; een nul wordt wel getoond. Percentages en verhoudingen die op zo'n "
        f"klein aantal berusten, worden ook niet getoond ('{SUPPRESSED_DERIVED}'). "
    )
    if b > 1:
        text += (
            f"De overige aantallen zijn afgerond op een veelvoud van {b}; een percentage naast "
            "getoonde aantallen is berekend op diezelfde afgeronde aantallen. "
        )
    text += (
        f"Zo werkt ook het CBS. Ook in het cijferbestand van de editie (CSV) staat een "
        f"afgeschermd aantal als '<{n}'."
    )
    return text


RULE_TEXT = rule_text(DEFAULT_MIN_COUNT, DEFAULT_ROUND_TO)
