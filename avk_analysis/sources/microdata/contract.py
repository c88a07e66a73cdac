"""What the Remote Access script promises: its definitions, measures and export columns.

The standalone script (``ra/avk_generatiearmoede.py``) is the one place where the definitions
live; it cannot import the monitor, so the monitor reads the script's constants from its source
(``ast.literal_eval``, nothing is run). The export reader and the report use these names, so a
changed measure or a new definition version is noticed in one place.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SCRIPT_NAME = "avk_generatiearmoede.py"
SCRIPT_PATH = Path(__file__).resolve().parent / "ra" / SCRIPT_NAME
REGIONS_START = "# --- REGIO'S:"
REGIONS_END = "# --- EINDE REGIO'S ---"
_CONSTANTS = (
    "SCRIPT_VERSIE",
    "DEFINITIE",
    "DEFINITIE_TOT_EN_MET_100",
    "DEFINITIES",
    "EERSTE_JAAR",
    "LEEFTIJD_VAN",
    "LEEFTIJD_TOT",
    "MINIMUM",
    "AFRONDINGEN",
    "TOTAAL",
    "THUIS",
    "UIT",
    "WOONSITUATIES",
    "MOEDER",
    "VADER",
    "OUDERS",
    "MATEN_JAAR",
    "MATEN_VENSTER",
    "KOLOMMEN",
    "REDEN",
    "NEDERLAND",
    "BRONREGEL",
)


class _Names(ast.NodeTransformer):
    """Replace names of constants defined earlier in the script by their values."""

    def __init__(self, known: dict[str, object]) -> None:
        self.known = known

    def visit_Name(self, node: ast.Name) -> ast.AST:
        """Return the constant a known name stands for (other names stay, and fail to evaluate)."""
        if node.id in self.known:
            return ast.copy_location(ast.Constant(self.known[node.id]), node)
        return node


def _evaluate(node: ast.expr, known: dict[str, object]) -> object:
    """Evaluate a literal that may use constants defined before it; raise ValueError otherwise."""
    tree = _Names(known).visit(ast.fix_missing_locations(ast.Expression(body=node)))
    return ast.literal_eval(tree.body)


@cache
def constants() -> dict[str, object]:
    """Return the script's module-level constants that the monitor relies on."""
    tree = ast.parse(SCRIPT_PATH.read_text(encoding="utf-8"), filename=str(SCRIPT_PATH))
    values: dict[str, object] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name):
            pairs = [(target, node.value)]
        elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            pairs = list(zip(target.elts, node.value.elts, strict=True))  # A, B = "x", "y"
        else:
            continue
        for name, value in pairs:
            if not isinstance(name, ast.Name):
                continue
            try:
                values[name.id] = _evaluate(value, values)
            except (ValueError, TypeError, SyntaxError):
                continue
    missing = [n for n in _CONSTANTS if n not in values]
    if missing:
        raise RuntimeError(f"{SCRIPT_PATH.name} mist de constante(n) {', '.join(missing)}")
    return {n: values[n] for n in _CONSTANTS}


def get(name: str) -> object:
    """Return one constant of the script (KeyError for a name the monitor does not rely on)."""
    return constants()[name]


def definitions() -> dict[str, str]:
    """Return definition version → its Dutch description."""
    return dict(get("DEFINITIES"))  # type: ignore[arg-type]


def year_measures() -> tuple[str, ...]:
    """Return the single-year measures (jv, jv_laag, jv_langdurig)."""
    return tuple(get("MATEN_JAAR"))  # type: ignore[arg-type]


def window_measures() -> tuple[str, ...]:
    """Return the pooled 2x2 measures per parent (ouder_bekend first)."""
    return tuple(get("MATEN_VENSTER"))  # type: ignore[arg-type]


def columns() -> tuple[str, ...]:
    """Return the export's columns in their order."""
    return tuple(get("KOLOMMEN"))  # type: ignore[arg-type]
