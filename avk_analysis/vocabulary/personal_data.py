"""Text that looks like personal data, in a column that gets published.

The monitor publishes names of organisations, interventions, experiments and goals, never data
about people. A check cannot recognise every name, but it can recognise what usually travels
with one: an e-mail address, a Dutch phone number, a number that passes the BSN eleven-test, or
a salutation followed by a name ("dhr. Jansen", "mevr. De Vries"). ``validate`` and
``levering`` turn a hit into a located Dutch warning (``WARNING_MESSAGE``); the documentation of
the published name columns says so (docs/aanleverformaat_planbureaus.md,
docs/datadictionary_programma.md).
"""

from __future__ import annotations

import functools
import re

EMAIL = "een e-mailadres"
PHONE = "een telefoonnummer"
BSN = "een nummer dat eruitziet als een burgerservicenummer (BSN)"
SALUTATION = "een aanhef met een naam (dhr./mevr.)"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# a run of digits with the separators people type in phone numbers and BSNs
_NUMBER_RUN = re.compile(r"(?<![\w.,])\+?\(?\d[\d\s().-]{6,16}\d(?![\w,]|\.\d)")
_SALUTATION = re.compile(
    r"(?<!\w)(?i:dhr\.?|mevr\.?|mw\.|mr\.|fam\.|mevrouw|meneer|de heer)\s+"
    r"(?:[A-Z]\.\s?)*(?:(?:van|de|der|den|ter|ten|het|in 't)\s+)*[A-Z][a-z]"
)

WARNING_MESSAGE = (
    "Dit lijkt een persoonsgegeven ({what}) in een kolom die wordt gepubliceerd; de monitor "
    "publiceert nooit gegevens over personen"
)
EXPECTED = (
    "alleen de naam van een organisatie, interventie, experiment of doel: geen naam, "
    "e-mailadres, telefoonnummer of BSN van een persoon (zet contactgegevens in 'opmerking', "
    "die nooit wordt gepubliceerd)"
)


def _is_phone(digits: str) -> bool:
    """Tell whether a digit string is a Dutch phone number (0 + 9 digits, or 31 + 9 digits)."""
    return (len(digits) == 10 and digits.startswith("0")) or (
        len(digits) in (11, 13) and digits.removeprefix("00").startswith("31")
    )


def _is_bsn(digits: str) -> bool:
    """Tell whether nine digits pass the eleven-test of the burgerservicenummer."""
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


@functools.lru_cache(maxsize=4096)
def looks_personal(text: str) -> str:
    """Return what in ``text`` looks like personal data (Dutch, e.g. "een e-mailadres"), or ""."""
    if not text:
        return ""
    if _EMAIL.search(text):
        return EMAIL
    for match in _NUMBER_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if _is_phone(digits):
            return PHONE
        if _is_bsn(digits):
            return BSN
    if _SALUTATION.search(text):
        return SALUTATION
    return ""


def message(what: str) -> str:
    """Return the Dutch warning for a finding of ``looks_personal``."""
    return WARNING_MESSAGE.format(what=what)
