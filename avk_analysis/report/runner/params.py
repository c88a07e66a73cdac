"""Parameters of the yearly run: which gemeenten, which Veenkoloniën, which year, per notebook.

Everything here is checked before a single kernel starts, and every problem found is reported in
one Dutch message (``ReportError``) instead of the first one only. Heavy modules (pandas via
``regions``, papermill) are imported only when needed, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Mapping
from pathlib import Path

ALL = "alle"
DEFAULT_VEENKOLONIEN = "planbureaus"  # equals regions.DEFAULT_VEENKOLONIEN (tested)
NONE = "geen"
FIRST_YEAR = 2000
PARAMETERS_TAG = "parameters"


class ReportError(Exception):
    """A user error in the report run (bad parameter, bad notebook); shown without traceback."""


def _norm(text: str) -> str:
    """Return ``text`` lower-cased with spaces and hyphens collapsed, for name matching."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def resolve_gemeenten(gemeente: str) -> list[str]:
    """Return the gemeente codes for ``alle``, ``geen``, a GM code or a gemeente name."""
    from avk_analysis.vocabulary import regions

    value = str(gemeente).strip()
    if _norm(value) == ALL:
        return regions.gemeente_codes()
    if _norm(value) == NONE:
        return []
    ref = regions.read_gemeente(value)
    if ref.current:
        return [str(ref.code)]
    raise ReportError(_unknown_gemeente_message(ref))


def resolve_wijken(wijk: str) -> list[str]:
    """Return the wijk codes for ``alle``, ``geen``, a WK code, a wijk name or a gemeente.

    A gemeente (code or name, ``Emmen``) stands for all its wijken, so one gemeente's wijk pages
    can be previewed.
    """
    import difflib

    from avk_analysis.vocabulary import regions, wijkindeling

    value = str(wijk).strip()
    if _norm(value) == ALL:
        return regions.wijk_codes()
    if _norm(value) == NONE:
        return []
    rows = wijkindeling.wijken()
    by_code = {_norm(code): code for code, _naam, _gm in rows}
    if _norm(value) in by_code:
        return [by_code[_norm(value)]]
    by_name = [code for code, naam, _gm in rows if _norm(naam) == _norm(value)]
    if by_name:
        return by_name
    ref = regions.read_gemeente(value)
    if ref.current:
        return [code for code, _naam, gm in rows if gm == ref.code]
    # "Angelslo" for "Wijk 43 Angelslo": a whole word (or words) of exactly one name
    pattern = re.compile(rf"(^| ){re.escape(_norm(value))}($| )")
    within = [(code, naam) for code, naam, _gm in rows if pattern.search(_norm(naam))]
    if len(within) == 1:
        return [within[0][0]]
    if within:
        shown = ", ".join(f"{naam} ({code})" for code, naam in within[:5])
        raise ReportError(f"Meer wijken heten {value!r}: {shown}. Kies er een met haar wijkcode.")
    names = {_norm(naam): naam for _code, naam, _gm in rows}
    close = difflib.get_close_matches(_norm(value), list(names), n=1, cutoff=0.7)
    hint = f" Bedoelt u {names[close[0]]}?" if close else ""
    raise ReportError(
        f"Onbekende wijk {value!r}.{hint} Kies '{ALL}', '{NONE}', een wijkcode (zoals "
        f"WK011401), de naam van een wijk of een gemeente (al haar wijken)."
    )


def _unknown_gemeente_message(ref) -> str:
    """Return the Dutch message for an unknown or former gemeente, with the closest suggestion."""
    from avk_analysis.vocabulary import regions

    n = len(regions.gemeente_codes())
    choices = f"Kies '{ALL}', '{NONE}', een gemeentecode (zoals GM0014) of de naam van een van de "
    choices += f"{n} gemeenten."
    if ref.former:
        cw = regions.crosswalk()
        former = cw.loc[cw["oude_code"] == ref.code]
        successors = ", ".join(
            f"{regions.name(new)} ({new})" for new in dict.fromkeys(former["nieuwe_code"])
        )
        old = f"{former['oude_naam'].iloc[0]} ({ref.code})"
        return f"Gemeente {old} bestaat niet meer; zij is opgegaan in {successors}. {choices}"
    hint = f" Bedoelt u {ref.suggestion}?" if ref.suggestion else ""
    return f"Onbekende gemeente {ref.text!r}.{hint} {choices}"


def validate_veenkolonien(definitie: str) -> str:
    """Return the Veenkoloniën definition id, or raise ReportError listing the valid ones."""
    from avk_analysis.vocabulary import regions

    known = regions.veenkolonien_definitions()["definitie"].tolist()
    value = str(definitie).strip().lower()
    if value in known:
        return value
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    hint = f" Bedoelt u {close[0]!r}?" if close else ""
    raise ReportError(
        f"Onbekende Veenkoloniën-definitie {definitie!r}.{hint} Kies uit: {', '.join(known)}."
    )


def validate_jaar(jaar: int, *, today: dt.date | None = None) -> int:
    """Return ``jaar`` when it is a plausible report year, else raise ReportError."""
    last = (today or dt.date.today()).year + 1
    if isinstance(jaar, bool) or not isinstance(jaar, int):
        raise ReportError(f"Het jaar moet een geheel getal zijn, niet {jaar!r}.")
    if not FIRST_YEAR <= jaar <= last:
        raise ReportError(
            f"Jaar {jaar} is geen plausibel rapportjaar; kies een jaar van {FIRST_YEAR} t/m {last}."
        )
    return jaar


def validate_positive(value: int, label: str, *, allow_zero: bool = False) -> int:
    """Return ``value`` when it is a positive integer (or zero when allowed), else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        minimum = "0 of meer" if allow_zero else "1 of meer"
        raise ReportError(f"{label} moet een geheel getal van {minimum} zijn, niet {value!r}.")
    return value


def has_parameters_cell(notebook: Path) -> bool:
    """Tell whether a notebook has a code cell tagged ``parameters``."""
    try:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"Notebook {notebook} is niet te lezen: {exc}") from exc
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", []) or []
        if cell.get("cell_type") == "code" and PARAMETERS_TAG in tags:
            return True
    return False


def notebook_problems(notebook: Path, parameters: Mapping[str, object], label: str) -> list[str]:
    """Return Dutch problems with passing ``parameters`` to ``notebook`` (empty list: fine)."""
    if not has_parameters_cell(notebook):
        return [
            f"{label}: geen cel met de tag 'parameters'. Geef de eerste codecel met "
            f"{', '.join(parameters)} de tag 'parameters' (in Jupyter: Property Inspector → "
            "Cell Tags)."
        ]
    from papermill import inspect_notebook

    try:
        declared = inspect_notebook(str(notebook))
    except Exception as exc:  # a syntax error in the parameters cell, an unreadable notebook
        return [f"{label}: de parametercel is niet te lezen ({type(exc).__name__}: {exc})."]
    unknown = [name for name in parameters if name not in declared]
    if not unknown:
        return []
    known = ", ".join(declared) or "geen"
    return [
        f"{label}: de parametercel declareert {', '.join(unknown)} niet "
        f"(wel: {known}). Voeg {', '.join(f'{n} = ...' for n in unknown)} toe aan de "
        "cel met de tag 'parameters'."
    ]


def check_notebooks(plans: list[tuple[Path, Mapping[str, object], str]]) -> None:
    """Raise one ReportError with every parameter problem of (notebook, parameters, label)."""
    problems: list[str] = []
    for notebook, parameters, label in plans:
        problems.extend(notebook_problems(notebook, parameters, label))
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ReportError(
            f"De notebooks passen niet bij de parameters van het rapport; er is niets uitgevoerd.\n"
            f"{lines}"
        )
