"""An attacker who tries to recompute the suppressed cells of an export from its published cells.

Built from the monitor's reference data and the additive relations an outsider knows, not from
the script: each 2x2 table adds up to its total (ouder_bekend), totaal = thuiswonend + uitwonend,
a province or Veenkoloniën set is the sum of its gemeenten, Nederland = the provinces plus the
rest of the country, and jv = jv_laag + (jongvolwassenen zonder laag inkomen), the same for
langdurig. Every unpublished count is a non-negative unknown. For each suppressed cell the
attacker solves two linear programmes (smallest and largest possible value); equal means the
cell is recomputed. The attacker is given the *unrounded* published counts: the worst case.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import coo_array

from avk_analysis.vocabulary import regions

WOON = ("totaal", "thuiswonend", "uitwonend")
YEAR_MEASURES = ("jv", "jv_laag", "jv_langdurig")
HIDDEN = {"jv_laag": "zonder_laag", "jv_langdurig": "zonder_langdurig"}
WINDOW_MEASURES = (
    "ouder_bekend",
    "jv_laag_ouder_laag",
    "jv_laag_ouder_niet_laag",
    "jv_niet_laag_ouder_laag",
    "jv_niet_laag_ouder_niet_laag",
)
REST = "rest van Nederland"
Cell = tuple[str, str, str]  # (regio, woonsituatie, maat)


@cache
def aggregates() -> dict[str, list[str]]:
    """Return each aggregate region of the export with its gemeenten (from the reference data)."""
    out = {
        code: [g for g in regions.gemeente_codes() if regions.province_of(g) == code]
        for code in ("PV20", "PV22")
    }
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        out[regions.veenkolonien_code(definitie)] = regions.veenkolonien(definitie)
    return out


def relations(measures: Iterable[str]) -> list[dict[Cell, int]]:
    """Return the additive relations of one block as {cell: coefficient} (sum is zero)."""
    measures = list(measures)
    year = "jv" in measures
    all_measures = [*measures, *HIDDEN.values()] if year else measures
    places = [*regions.gemeente_codes(), *aggregates(), "NL01", REST]
    out: list[dict[Cell, int]] = []
    for woon in WOON:
        for maat in all_measures:
            for code, members in aggregates().items():
                out.append({(code, woon, maat): 1, **{(g, woon, maat): -1 for g in members}})
            out.append(
                {("NL01", woon, maat): 1, ("PV20", woon, maat): -1, ("PV22", woon, maat): -1,
                 (REST, woon, maat): -1}
            )  # fmt: skip
    for place in places:
        for maat in all_measures:
            out.append(
                {(place, "totaal", maat): 1, (place, "thuiswonend", maat): -1,
                 (place, "uitwonend", maat): -1}
            )  # fmt: skip
        for woon in WOON:
            if year:
                for part, rest in HIDDEN.items():
                    out.append(
                        {(place, woon, "jv"): 1, (place, woon, part): -1, (place, woon, rest): -1}
                    )
            else:
                out.append(
                    {(place, woon, measures[0]): 1, **{(place, woon, m): -1 for m in measures[1:]}}
                )
    return out


def true_values(answers: pd.DataFrame, block: tuple[int, int, str]) -> dict[Cell, int]:
    """Return every cell of one block with its true count, hidden cells and the rest included."""
    van, tot, ouder = block
    rows = answers.loc[
        (answers["jaar_van"] == van) & (answers["jaar_tot"] == tot) & (answers["ouder"] == ouder)
    ]
    values = {(r.regio_code, r.woonsituatie, r.maat): int(r.waarde) for r in rows.itertuples()}
    measures = sorted({m for _, _, m in values})
    for woon in WOON:
        for maat in measures:
            values[(REST, woon, maat)] = values[("NL01", woon, maat)] - sum(
                values[(p, woon, maat)] for p in ("PV20", "PV22")
            )
    places = [*regions.gemeente_codes(), *aggregates(), "NL01", REST]
    if "jv" in measures:
        for place in places:
            for woon in WOON:
                for part, rest in HIDDEN.items():
                    values[(place, woon, rest)] = (
                        values[(place, woon, "jv")] - values[(place, woon, part)]
                    )
    return values


def pinned(
    values: dict[Cell, int],
    published: set[Cell],
    rels: list[dict[Cell, int]],
    targets: Iterable[Cell],
) -> list[Cell]:
    """Return the targets that can take only one value, given the published cells.

    The unknowns are the unpublished cells, non-negative, tied by the relations: a polyhedron.
    A cell is pinned when it is constant on that polyhedron (what an attacker's smallest and
    largest possible value would show). One linear programme finds the unknowns that must be 0
    on every solution (the largest possible slack); the cells that are constant are then those
    that every direction of the remaining affine hull leaves unchanged (a null-space test).
    """
    unknown = sorted({c for rel in rels for c in rel if c not in published})
    column = {c: i for i, c in enumerate(unknown)}
    n = len(unknown)
    rows, cols, data, rhs = [], [], [], []
    for r, rel in enumerate(rels):
        constant = 0
        for cell, coef in rel.items():
            if cell in published:
                constant -= coef * values[cell]
            else:
                rows.append(r)
                cols.append(column[cell])
                data.append(coef)
        rhs.append(constant)
    a = coo_array((data, (rows, cols)), shape=(len(rels), n)).toarray().astype(float)
    b = np.array(rhs, dtype=float)
    # which unknowns are 0 on every solution? Scale the solutions freely (A x = b s, s >= 1):
    # the sum of solutions that make each unknown >= 1 makes all of them >= 1 at once, so
    # maximising sum(y) with 0 <= y <= min(x, 1) gives y = 1 exactly for the unknowns that can
    # be positive, y = 0 for the ones that are always 0.
    a_eq = np.hstack([a, np.zeros((len(rels), n)), -b[:, None]])
    a_ub = np.hstack([-np.eye(n), np.eye(n), np.zeros((n, 1))])  # y - x <= 0
    cost = np.concatenate([np.zeros(n), -np.ones(n), [0.0]])
    bounds = [(0, None)] * n + [(0, 1)] * n + [(1, None)]
    result = linprog(cost, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=np.zeros(len(rels)),
                     bounds=bounds, method="highs")  # fmt: skip
    assert result.status == 0, result.message
    zero = np.flatnonzero(result.x[n : 2 * n] < 0.5)
    hull = np.vstack([a, np.eye(n)[zero]]) if len(zero) else a
    if hull.shape[0] < n:  # as many rows as unknowns, so the SVD returns every direction
        hull = np.vstack([hull, np.zeros((n - hull.shape[0], n))])
    _, singular, vt = np.linalg.svd(hull, full_matrices=False)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0.0))).sum())
    directions = vt[rank:].T  # columns: the free directions of the hull
    moves = np.abs(directions).max(axis=1) if directions.size else np.zeros(n)
    return [cell for cell in targets if moves[column[cell]] < 1e-8]


def blocks(export: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Return the linked tables of an export: each single year, and each parent's window."""
    keys = export[["jaar_van", "jaar_tot", "ouder"]].drop_duplicates()
    return sorted((int(a), int(b), str(c)) for a, b, c in keys.itertuples(index=False))


def recomputed(
    export: pd.DataFrame, answers: pd.DataFrame, minimum: int = 10
) -> list[tuple[tuple[int, int, str], Cell, int]]:
    """Return every protected cell the attacker pins to one value: (block, cell, its value).

    Protected: every suppressed cell of the export, and every never-published complement
    (jongvolwassenen zonder laag inkomen, ...) under ``minimum``.
    """
    hits = []
    for block in blocks(export):
        van, tot, ouder = block
        rows = export.loc[
            (export["jaar_van"] == van) & (export["jaar_tot"] == tot) & (export["ouder"] == ouder)
        ]
        values = true_values(answers, block)
        published = {
            (r.regio_code, r.woonsituatie, r.maat)
            for r in rows.itertuples()
            if not pd.isna(r.aantal)
        }
        measures = list(dict.fromkeys(rows["maat"]))
        targets = [
            (r.regio_code, r.woonsituatie, r.maat) for r in rows.itertuples() if pd.isna(r.aantal)
        ]
        targets += [
            c for c, v in values.items() if c[2] in HIDDEN.values() and c[0] != REST and v < minimum
        ]
        for cell in pinned(values, published, relations(measures), targets):
            hits.append((block, cell, values[cell]))
    return hits
