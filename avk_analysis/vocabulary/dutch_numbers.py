"""Reading numbers as Dutch people and Excel write them: one parser for workbooks and deliveries.

``1.234,5`` is Dutch (dot for thousands, comma for decimals); ``8,4`` and ``8.4`` are both 8.4;
``0.052`` is a decimal number (a thousands group never starts with 0). ``1.234`` and ``13.860``
are ambiguous: a programme workbook reads them as thousands (Dutch Excel writes them so), a
planning-office delivery refuses them (its format forbids thousands separators).
"""

from __future__ import annotations

import math
import re

THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+")  # 1.234, 5.000.000
DUTCH = re.compile(r"[-+]?([1-9]\d{0,2}(\.\d{3})+|\d+),\d+")  # 1.234,5 or 8,4
PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")  # 8.4, 0.052, 1e3
_SPACES = ("\u00a0", "\u202f", " ")


class AmbiguousNumber(ValueError):
    """A number with dots as thousands separators where they are not allowed (e.g. '13.860')."""


def compact(text: str) -> str:
    """Return a number text without spaces (also non-breaking ones)."""
    for space in _SPACES:
        text = text.replace(space, "")
    return text.strip()


def read_number(text: str, *, thousands_dots: bool) -> float | None:
    """Return the number in ``text``, or None when it is not a number.

    With ``thousands_dots`` False, '1.234' raises :class:`AmbiguousNumber` instead of being read
    as 1234. A trailing '%' is ignored (the value is already in percent).
    """
    s = compact(text).removesuffix("%")
    if DUTCH.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(s):
        if not thousands_dots:
            raise AmbiguousNumber(text)
        s = s.replace(".", "")
    if not PLAIN.fullmatch(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None
