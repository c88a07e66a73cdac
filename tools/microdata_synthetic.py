"""Synthetic CBS microdata in Remote Access's layout, with the answers the kit must find.

``python -m tools.microdata_synthetic MAP [--schaal 0.02] [--personen 0] [--seed 7]`` writes
SPSS ``.sav`` files under ``MAP`` exactly where RA keeps them (``Bevolking/GBAPERSOONTAB/<jaar>/
GBAPERSOON<jaar>TABV<n>.sav``, ``InkomenBestedingen/INHATAB/INHA<jaar>TABV<n>.sav``, ...; see
``shared/domain/microdata.md`` §1) and, with ``--antwoorden``, the known answers as CSV.

Everything is made up (seeded: the same settings give the same files). The generator first draws
a *semantic model*: per young adult and year the gemeente on 1 January, living with the parents or
not, the income household's population code and low-income category, and the same for mother and
father. The known answers are counted from that model alone, by the definitions of
``microdata.md`` §2; the files encode the model, with every awkward case RA has:

- a superseded version beside the current one (older ``V<n>`` with wrong values; an older year
  with a higher version), for persons, parents, income, the income link and gemeenten;
- unknown parents (empty and ``---------``), a parent whose key differs only in ``RINPERSOONS``;
- students and institutions (``INHPOPIIV`` 2, 3, 7, 8, 9), ``INHARMLAG`` exactly 100, negative
  codes and an impossible negative value with ``INHPOPIIV = 1``;
- moves between gemeenten during a year, a short stay elsewhere, a move on 1 January itself, an
  address without gemeente, an address missing from VSLGWBTAB, a gap without any address;
- birthdays on 1 January (one day older that day), persons whose key is not ``R``;
- old gemeente columns (``gem2018`` with former codes) beside the newest; keys and dates as text
  in one file and as numbers in another; open spells as empty, ``99991231`` or ``20501231``.

Never part of the kit: the kit's script never sees this module.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from avk_analysis.vocabulary import paths, regions

YEARS = (2021, 2022, 2023)
# the share of a gemeente's inhabitants who are a young adult candidate (born in the window)
CANDIDATE_SHARE = 0.09
ELSEWHERE = ("0363", "0599", "0344", "0518", "0153")  # gemeenten outside Groningen and Drenthe
LOW, EDGE, HIGH = "laag", "grens", "hoog"  # INHARMLAG < 100, exactly 100, above 100
NONE = ""
GAP = "GAT"  # no address spell on 1 January
MISSING_OBJECT = "ONBEKEND"  # an address whose object is not in VSLGWBTAB


@dataclass
class Settings:
    """What to generate: the seed, the years and the population size."""

    seed: int = 7
    years: tuple[int, ...] = YEARS
    scale: float = 0.02  # young adults per gemeente = inhabitants x CANDIDATE_SHARE x scale
    elsewhere: int = 2500  # young adult candidates living outside Groningen and Drenthe
    without: int = 25  # young adult candidates at an address without gemeente
    others: int = 600  # further persons of any age (volume for the readers' filters)
    traps: bool = True  # superseded versions and older years beside the current files

    @property
    def newest(self) -> int:
        """Return the edition year of the cumulative files (the year after the last income)."""
        return max(self.years) + 1


@dataclass
class Model:
    """The semantic model: persons, their states per year, households and the RA tables."""

    settings: Settings
    persons: pd.DataFrame  # s, n, by, bm, bd, kind
    parents: pd.DataFrame  # child s,n -> mother s,n / father s,n ('' or '---------' unknown)
    address_spells: pd.DataFrame  # s, n, obj_s, obj_n, begin, end
    objects: pd.DataFrame  # obj_s, obj_n, gem (4 digits or ''), old (gem2018)
    household_spells: pd.DataFrame  # s, n, begin, end, plhh
    link: dict[int, pd.DataFrame] = field(default_factory=dict)  # year -> s, n, hs, hn
    income: dict[int, pd.DataFrame] = field(default_factory=dict)  # year -> hs, hn, lag, lagl, pop
    truth: pd.DataFrame = field(default_factory=pd.DataFrame)  # young adult x year


# =============================================================================== drawing


def _date(rng: np.random.Generator, year: np.ndarray | int, size: int) -> np.ndarray:
    """Return random dates in ``year`` from 2 January to 31 December as 'YYYYMMDD' text."""
    day = rng.integers(1, 365, size)  # day 1 = 2 January
    base = pd.to_datetime(pd.Series(np.broadcast_to(year, size)).astype(str) + "-01-01")
    return (base + pd.to_timedelta(day, unit="D")).dt.strftime("%Y%m%d").to_numpy()


def _open_end(rng: np.random.Generator, size: int) -> np.ndarray:
    """Return end dates of running spells: empty, 99991231 or 20501231."""
    return rng.choice(np.array(["", "99991231", "20501231"], dtype=object), size, p=[0.6, 0.3, 0.1])


def _outside(rng: np.random.Generator, low: int, high: int, band: tuple[int, int], size: int):
    """Return birth years from ``low`` to ``high`` outside ``band`` (inclusive)."""
    years = np.array([y for y in range(low, high + 1) if not band[0] <= y <= band[1]])
    return rng.choice(years, size)


def _this_year(rng: np.random.Generator, latent: np.ndarray, leave: float, enter: float):
    """Return who has a low income this year: most of the usually poor, a few others."""
    u = rng.random(len(latent))
    return np.where(latent, u >= leave, u < enter)


def _category(rng: np.random.Generator, p_low: np.ndarray, edge: float = 0.02) -> np.ndarray:
    """Return low / edge (exactly 100) / high per row."""
    u = rng.random(len(p_low))
    out = np.where(u < p_low, LOW, HIGH).astype(object)
    out[(u >= p_low) & (u < p_low + edge)] = EDGE
    return out


def _value(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """Return INHARMLAG-like values for categories (low 10-99, edge 100, high 101-600)."""
    low = rng.integers(10, 100, len(category)).astype(float)
    high = rng.integers(101, 601, len(category)).astype(float)
    return np.where(category == LOW, low, np.where(category == EDGE, 100.0, high))


def gemeente_sizes(settings: Settings) -> pd.DataFrame:
    """Return the home gemeente of every young adult candidate (22 + elsewhere + none)."""
    inhabitants = pd.read_csv(paths.reference_dir() / "inwoners.csv", dtype={"regiocode": str})
    inhabitants = inhabitants.loc[inhabitants["regiocode"].isin(regions.gemeente_codes())]
    sizes = {
        code[2:]: max(6, round(n * CANDIDATE_SHARE * settings.scale))
        for code, n in zip(inhabitants["regiocode"], inhabitants["inwoners"], strict=True)
    }
    for i, code in enumerate(ELSEWHERE):
        sizes[code] = settings.elsewhere // len(ELSEWHERE) + (
            i < settings.elsewhere % len(ELSEWHERE)
        )
    sizes[NONE] = settings.without
    return pd.DataFrame({"home": list(sizes), "n": list(sizes.values())})


def _propensity(home: np.ndarray) -> np.ndarray:
    """Return the base chance of a low income by home gemeente (Veenkoloniën higher)."""
    vk = {c[2:] for c in regions.veenkolonien("planbureaus")}
    return np.select(
        [np.isin(home, list(vk)), home == "0014", np.isin(home, list(ELSEWHERE))],
        [0.12, 0.10, 0.08],
        default=0.065,
    )


def build_model(settings: Settings) -> Model:
    """Draw the semantic model: young adults, parents, others and their states per year."""
    rng = np.random.default_rng(settings.seed)
    years = list(settings.years)
    t0, t1 = years[0], years[-1]
    sizes = gemeente_sizes(settings)
    home = np.repeat(sizes["home"].to_numpy(), sizes["n"].to_numpy()).astype(object)
    n_young = len(home)
    numbers = rng.permutation(np.arange(10_000_000, 10_000_000 + 8 * n_young + settings.others))
    take = iter(np.split(numbers, [n_young, 2 * n_young, 3 * n_young]))
    young_n, mother_n, father_n, other_n = (next(take) for _ in range(4))
    other_n = other_n[: settings.others]

    # --- young adults: birth dates around the window, some on 1 January -------------------
    by = rng.integers(t0 - 28, t1 - 20, n_young)
    bm = rng.integers(1, 13, n_young)
    bd = rng.integers(1, 29, n_young)
    on_first = rng.random(n_young) < 0.04
    bm[on_first], bd[on_first] = 1, 1
    young = pd.DataFrame({"s": "R", "n": young_n, "by": by, "bm": bm, "bd": bd, "kind": "jv"})

    # --- gemeente on 1 January of each year (moves happen in the year before) ------------
    state = {t0: home.copy()}
    places = np.array([c[2:] for c in regions.gemeente_codes()] + list(ELSEWHERE), dtype=object)
    for t in years[1:]:
        moving = rng.random(n_young) < 0.08
        nxt = state[t - 1].copy()
        nxt[moving] = rng.choice(places, int(moving.sum()))
        state[t] = nxt
    special = rng.random((n_young, len(years)))
    for i, t in enumerate(years):
        state[t] = state[t].copy()
        state[t][special[:, i] < 0.004] = GAP
        state[t][(special[:, i] >= 0.004) & (special[:, i] < 0.007)] = MISSING_OBJECT
    address_spells, objects = _address_spells(rng, young, state, years)

    # --- living with the parents (PLHH = 1) on 1 January ----------------------------------
    thuis = {}
    for t in years:
        age = t - by - ~((bm == 1) & (bd == 1))
        p_home = np.clip(0.45 - 0.08 * (age - 22), 0.08, 0.5)
        thuis[t] = rng.random(n_young) < p_home
    household_spells, no_household = _household_spells(rng, young, thuis, years)

    # --- parents ---------------------------------------------------------------------------
    mothers = pd.DataFrame(
        {
            "s": "R",
            "n": mother_n,
            "by": by - rng.integers(20, 40, n_young),
            "bm": rng.integers(1, 13, n_young),
            "bd": rng.integers(1, 29, n_young),
            "kind": "ouder",
        }
    )
    fathers = mothers.assign(n=father_n, by=by - rng.integers(20, 45, n_young))
    fathers.loc[rng.random(n_young) < 0.01, "s"] = "B"  # a parent whose key is not R
    mother_known = rng.random(n_young) >= 0.02
    father_known = rng.random(n_young) >= 0.06
    unknown_text = np.where(rng.random(n_young) < 0.5, "", "---------").astype(object)
    parents = pd.DataFrame(
        {
            "s": "R",
            "n": young_n,
            "ma_s": np.where(mother_known, "R", unknown_text.astype(str).astype(object)),
            "ma_n": np.where(mother_known, mother_n.astype(str), unknown_text).astype(object),
            "pa_s": np.where(father_known, fathers["s"].to_numpy(), ""),
            "pa_n": np.where(father_known, father_n.astype(str), unknown_text).astype(object),
        }
    )
    parents.loc[parents["ma_n"] == "", "ma_s"] = ""

    # --- income per year: households, population codes, low-income categories -----------
    p = _propensity(home)
    mother_latent = rng.random(n_young) < p * 0.9
    father_latent = rng.random(n_young) < p * 0.8
    young_latent_p = np.clip(p * 0.7 + 0.10 * mother_latent + 0.05 * father_latent, 0, 0.9)
    young_latent = rng.random(n_young) < young_latent_p
    student_p = np.where(home == "0014", 0.35, 0.09)
    link, income, truth = {}, {}, []
    hkw_next = iter(range(500_000_000, 900_000_000))
    for t in years:
        together = rng.random(n_young) < 0.7
        m_hkw = np.fromiter((next(hkw_next) for _ in range(n_young)), int, n_young)
        f_hkw = np.where(
            together, m_hkw, np.fromiter((next(hkw_next) for _ in range(n_young)), int, n_young)
        )
        y_hkw_own = np.fromiter((next(hkw_next) for _ in range(n_young)), int, n_young)
        m_in = mother_known & (rng.random(n_young) >= 0.02)  # a parent missing from the link
        f_in = father_known & (rng.random(n_young) >= 0.02)
        y_in = rng.random(n_young) >= 0.015  # a young adult missing from the link
        m_low = _this_year(rng, mother_latent, leave=0.15, enter=0.015)
        f_low = _this_year(rng, father_latent, leave=0.15, enter=0.015)
        m_cat = _category(rng, m_low.astype(float) * 0.97)
        f_cat = np.where(together, m_cat, _category(rng, f_low.astype(float) * 0.97))
        m_pop = rng.choice([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 9], n_young)
        f_pop = np.where(together, m_pop, rng.choice([1] * 19 + [8], n_young))
        y_low = _this_year(rng, young_latent, leave=0.2, enter=0.025)
        y_cat = _category(rng, y_low.astype(float) * 0.97)
        u = rng.random(n_young)
        y_pop = np.where(
            u < student_p, 2, np.where(u < student_p + 0.04, rng.choice([3, 7, 8, 9], n_young), 1)
        )
        # living at home: with both parents (one household), else mostly with the mother; a few
        # have an income household of their own
        with_mother = together | (rng.random(n_young) < 0.75)
        own = rng.random(n_young) < 0.05
        shares_m = thuis[t] & m_in & with_mother & ~own
        shares_f = thuis[t] & f_in & ~own & ~shares_m
        y_hkw = np.where(shares_m, m_hkw, np.where(shares_f, f_hkw, y_hkw_own))
        y_cat = np.where(shares_m, m_cat, np.where(shares_f, f_cat, y_cat))
        y_pop = np.where(shares_m, m_pop, np.where(shares_f, f_pop, y_pop))
        y_lagl_cat = np.where(
            (y_cat == LOW) & young_latent & (rng.random(n_young) < 0.6),
            LOW,
            np.where(rng.random(n_young) < 0.02, EDGE, HIGH),
        ).astype(object)
        y_lagl_cat[(y_cat == HIGH) & (rng.random(n_young) < 0.03)] = LOW  # long-term but not now
        # households: one row each (shared rows take the mother's / father's values)
        rows = [
            pd.DataFrame(
                {"h": m_hkw[m_in], "cat": m_cat[m_in], "catl": m_cat[m_in], "pop": m_pop[m_in]}
            ),
            pd.DataFrame(
                {
                    "h": f_hkw[f_in & ~together],
                    "cat": f_cat[f_in & ~together],
                    "catl": f_cat[f_in & ~together],
                    "pop": f_pop[f_in & ~together],
                }
            ),
            pd.DataFrame(
                {
                    "h": y_hkw_own[y_in & ~(shares_m | shares_f)],
                    "cat": y_cat[y_in & ~(shares_m | shares_f)],
                    "catl": y_lagl_cat[y_in & ~(shares_m | shares_f)],
                    "pop": y_pop[y_in & ~(shares_m | shares_f)],
                }
            ),
        ]
        hh = pd.concat(rows, ignore_index=True).drop_duplicates("h")
        # the long-term value of a shared household is the young adult's own draw
        shared = pd.Series(
            y_lagl_cat[y_in & (shares_m | shares_f)], index=y_hkw[y_in & (shares_m | shares_f)]
        )
        shared = shared[~shared.index.duplicated()]
        hh.loc[hh["h"].isin(shared.index), "catl"] = shared.reindex(
            hh.loc[hh["h"].isin(shared.index), "h"]
        ).to_numpy()
        lag = _value(rng, hh["cat"].to_numpy())
        lagl = _value(rng, hh["catl"].to_numpy())
        neg = hh["pop"].isin([7, 8, 9]).to_numpy()
        lag[neg] = rng.choice([-1.0, -2.0, -3.0], int(neg.sum()))
        lagl[neg] = -1.0
        lag[hh["pop"].to_numpy() == 3] = np.nan
        impossible = (hh["pop"].to_numpy() == 1) & (rng.random(len(hh)) < 0.003)
        lag[impossible] = -1.0  # INHPOPIIV = 1 with a negative code: outside the population
        hh = hh.assign(lag=lag, lagl=lagl)
        income[t] = pd.DataFrame(
            {"hs": "R", "hn": hh["h"], "lag": hh["lag"], "lagl": hh["lagl"], "pop": hh["pop"]}
        )
        link[t] = pd.concat(
            [
                pd.DataFrame({"s": "R", "n": young_n[y_in], "hs": "R", "hn": y_hkw[y_in]}),
                pd.DataFrame({"s": "R", "n": mother_n[m_in], "hs": "R", "hn": m_hkw[m_in]}),
                pd.DataFrame(
                    {
                        "s": fathers["s"].to_numpy()[f_in],
                        "n": father_n[f_in],
                        "hs": "R",
                        "hn": f_hkw[f_in],
                    }
                ),
            ],
            ignore_index=True,
        )
        values = hh.set_index("h")

        def household(keys: np.ndarray, present: np.ndarray, values=values):
            row = values.reindex(np.where(present, keys, -1))
            pop = (row["pop"].to_numpy() == 1) & (row["lag"].to_numpy() >= 0)
            return pop, row["cat"].to_numpy(), row["catl"].to_numpy()

        y_popok, y_c, y_cl = household(y_hkw, y_in)
        m_popok, m_c, _ = household(m_hkw, m_in)
        f_popok, f_c, _ = household(f_hkw, f_in)
        age = t - by - ~((bm == 1) & (bd == 1))
        truth.append(
            pd.DataFrame(
                {
                    "n": young_n,
                    "jaar": t,
                    "jv": (age >= 22) & (age <= 26),
                    "gemeente": state[t],
                    "thuis": thuis[t] & ~no_household[t],
                    "pop": y_popok,
                    "cat": y_c,
                    "catl": y_cl,
                    "moeder_bekend": m_popok,
                    "moeder_cat": m_c,
                    "vader_bekend": f_popok,
                    "vader_cat": f_c,
                }
            )
        )

    # --- persons who must never count: non-R young adults, and everybody else -----------
    not_r = young.sample(frac=0.03, random_state=settings.seed).assign(s="B", kind="nietR")
    others = pd.DataFrame(
        {
            "s": "R",
            "n": other_n,
            # never 22-26 in the window: young adults are all in the model above
            "by": _outside(rng, 1925, t1, (t0 - 28, t1 - 20), len(other_n)),
            "bm": rng.integers(1, 13, len(other_n)),
            "bd": rng.integers(1, 29, len(other_n)),
            "kind": "overig",
        }
    )
    persons = pd.concat([young, mothers, fathers, not_r, others], ignore_index=True)
    model = Model(
        settings=settings,
        persons=persons,
        parents=parents,
        address_spells=address_spells,
        objects=objects,
        household_spells=household_spells,
        link=link,
        income=income,
        truth=pd.concat(truth, ignore_index=True),
    )
    _add_not_r(rng, model, not_r)
    _add_volume(rng, model, pd.concat([mothers, fathers, others], ignore_index=True))
    return model


def _day(year: int, offset: int) -> str:
    """Return the date ``offset`` days after 1 January of ``year`` as 'YYYYMMDD'."""
    return (dt.date(year, 1, 1) + dt.timedelta(days=int(offset))).strftime("%Y%m%d")


def _address_spells(rng, young: pd.DataFrame, state: dict, years: list[int]):
    """Return address spells that put everybody in ``state[t]`` on 1 January t, and the objects.

    A move between two reference dates happens on a random day of the year before (sometimes
    with a short stay elsewhere in between, sometimes on 1 January itself: then the old spell
    ends and the new one starts that day, and the one that started last counts). A gap is a
    1 January without any address.
    """
    n, k = len(young), len(years)
    ends = _open_end(rng, n)
    day = rng.integers(1, 365, (n, k))  # the day of a move in the year before
    new_year = rng.random((n, k)) < 0.02  # a move on 1 January itself
    stay = rng.random((n, k)) < 0.3  # a short stay elsewhere before the move
    stay_at = rng.choice(np.array(ELSEWHERE, dtype=object), (n, k))
    back = rng.integers(0, 6, n)
    month = rng.integers(1, 13, n)
    spells: list[list] = []
    objects: list[tuple] = []
    counter = [700_000]

    def new_object(gem: str) -> tuple[str, int]:
        counter[0] += 1
        number = counter[0]
        kind = "LIG" if number % 31 == 0 else "VBO"
        if gem != MISSING_OBJECT:
            objects.append((kind, number, gem))
        return kind, number

    columns = [state[t] for t in years]
    for i, (s, n_) in enumerate(zip(young["s"], young["n"], strict=True)):
        mine: list[list] = []
        current = None
        for j, t in enumerate(years):
            gem = columns[j][i]
            if gem == current:
                continue
            if gem == GAP:
                if mine:
                    mine[-1][5] = f"{t - 1}0601"  # ends before 1 January t; nothing covers it
                current = None
                continue
            if current is None:  # the first address, or the first after a gap
                begin = f"{t - 1 - back[i]}{month[i]:02d}15" if j == 0 else f"{t - 1}0701"
                kind, number = new_object(gem)
                mine.append([n_, s, kind, number, begin, ""])
                current = gem
                continue
            if new_year[i, j]:  # the two spells overlap on 1 January
                mine[-1][5] = f"{t}0101"
                kind, number = new_object(gem)
                mine.append([n_, s, kind, number, f"{t}0101", ""])
                current = gem
                continue
            moved = _day(t - 1, day[i, j])
            mine[-1][5] = _day(t - 1, day[i, j] - 1)
            if moved < f"{t - 1}1101" and stay[i, j]:  # a short stay elsewhere first
                kind, number = new_object(str(stay_at[i, j]))
                mine.append([n_, s, kind, number, moved, f"{t - 1}1130"])
                moved = f"{t - 1}1201"
            kind, number = new_object(gem)
            mine.append([n_, s, kind, number, moved, ""])
            current = gem
        if mine and mine[-1][5] == "":
            mine[-1][5] = ends[i]
        spells += mine
    spell_frame = pd.DataFrame(spells, columns=["n", "s", "obj_s", "obj_n", "begin", "end"])
    object_frame = pd.DataFrame(objects, columns=["obj_s", "obj_n", "gem"])
    return spell_frame, object_frame


def _household_spells(rng, young: pd.DataFrame, thuis: dict, years: list[int]):
    """Return BRP household spells with PLHH 1 when ``thuis[t]``; some 1 Januaries have none."""
    n = len(young)
    none = {t: rng.random(n) < 0.005 for t in years}
    ends = _open_end(rng, n)
    plhh = rng.integers(2, 8, (n, len(years)))
    spells: list[list] = []
    for i, n_ in enumerate(young["n"]):
        mine: list[list] = []
        current = None
        for j, t in enumerate(years):
            value = None if none[t][i] else bool(thuis[t][i])
            if value is not None and value == current:
                continue
            if mine and mine[-1][3] == "":
                mine[-1][3] = f"{t - 1}0630"  # the spell ends in the year before
            current = value
            if value is None:
                continue
            begin = f"{t - 2}0301" if j == 0 else f"{t - 1}0701"
            mine.append([n_, "R", begin, "", 1 if value else int(plhh[i, j])])
        if mine and mine[-1][3] == "":
            mine[-1][3] = ends[i]
        spells += mine
    return pd.DataFrame(spells, columns=["n", "s", "begin", "end", "plhh"]), none


def _add_not_r(rng, model: Model, not_r: pd.DataFrame) -> None:
    """Give the non-R young adults an address, a household and a low income (must not count)."""
    gem = regions.gemeente_codes()[0][2:]
    numbers = np.arange(9_800_000, 9_800_000 + len(not_r))
    model.objects = pd.concat(
        [model.objects, pd.DataFrame({"obj_s": "VBO", "obj_n": numbers, "gem": gem})],
        ignore_index=True,
    )
    model.address_spells = pd.concat(
        [
            model.address_spells,
            pd.DataFrame(
                {
                    "n": not_r["n"].to_numpy(),
                    "s": "B",
                    "obj_s": "VBO",
                    "obj_n": numbers,
                    "begin": "20100101",
                    "end": "",
                }
            ),
        ],
        ignore_index=True,
    )
    model.household_spells = pd.concat(
        [
            model.household_spells,
            pd.DataFrame(
                {"n": not_r["n"].to_numpy(), "s": "B", "begin": "20100101", "end": "", "plhh": 2}
            ),
        ],
        ignore_index=True,
    )
    for t in model.settings.years:
        h = np.arange(950_000_000, 950_000_000 + len(not_r)) + t
        model.link[t] = pd.concat(
            [
                model.link[t],
                pd.DataFrame({"s": "B", "n": not_r["n"].to_numpy(), "hs": "R", "hn": h}),
            ],
            ignore_index=True,
        )
        model.income[t] = pd.concat(
            [
                model.income[t],
                pd.DataFrame({"hs": "R", "hn": h, "lag": 50.0, "lagl": 50.0, "pop": 1}),
            ],
            ignore_index=True,
        )


def _add_volume(rng, model: Model, people: pd.DataFrame) -> None:
    """Give parents and other persons addresses, households and income (the readers filter them)."""
    n = len(people)
    objs = np.arange(20_000_000, 20_000_000 + n)
    gem = rng.choice(np.array([c[2:] for c in regions.gemeente_codes()] + list(ELSEWHERE)), n)
    model.objects = pd.concat(
        [model.objects, pd.DataFrame({"obj_s": "VBO", "obj_n": objs, "gem": gem})],
        ignore_index=True,
    )
    begin = _date(rng, rng.integers(1990, 2020, n), n)
    model.address_spells = pd.concat(
        [
            model.address_spells,
            pd.DataFrame(
                {
                    "n": people["n"].to_numpy(),
                    "s": people["s"].to_numpy(),
                    "obj_s": "VBO",
                    "obj_n": objs,
                    "begin": begin,
                    "end": _open_end(rng, n),
                }
            ),
        ],
        ignore_index=True,
    )
    model.household_spells = pd.concat(
        [
            model.household_spells,
            pd.DataFrame(
                {
                    "n": people["n"].to_numpy(),
                    "s": people["s"].to_numpy(),
                    "begin": begin,
                    "end": _open_end(rng, n),
                    "plhh": rng.integers(2, 8, n),
                }
            ),
        ],
        ignore_index=True,
    )
    # KINDOUDERTAB has a row for everybody (here with unknown or made-up parents)
    unknown = np.where(rng.random(n) < 0.5, "", "---------").astype(object)
    model.parents = pd.concat(
        [
            model.parents,
            pd.DataFrame(
                {
                    "s": people["s"].to_numpy(),
                    "n": people["n"].to_numpy(),
                    "ma_s": "",
                    "ma_n": unknown,
                    "pa_s": "",
                    "pa_n": unknown,
                }
            ),
        ],
        ignore_index=True,
    )
    others = people.loc[people["kind"] == "overig"]
    for t in model.settings.years:
        h = np.arange(980_000_000, 980_000_000 + len(others)) + 10 * t
        model.link[t] = pd.concat(
            [
                model.link[t],
                pd.DataFrame({"s": "R", "n": others["n"].to_numpy(), "hs": "R", "hn": h}),
            ],
            ignore_index=True,
        )
        cat = _category(rng, np.full(len(others), 0.08))
        model.income[t] = pd.concat(
            [
                model.income[t],
                pd.DataFrame(
                    {
                        "hs": "R",
                        "hn": h,
                        "lag": _value(rng, cat),
                        "lagl": _value(rng, cat),
                        "pop": 1,
                    }
                ),
            ],
            ignore_index=True,
        )


# =============================================================================== the answers


def _low(category: pd.Series, up_to_100: bool) -> pd.Series:
    return (category == LOW) | ((category == EDGE) & up_to_100)


def person_years(model: Model, *, up_to_100: bool = False) -> pd.DataFrame:
    """Return the young adults (R, 22-26) in the low-income population, one row per year."""
    t = model.truth.loc[model.truth["jv"] & model.truth["pop"]].copy()
    current = {c[2:] for c in regions.gemeente_codes()}
    t["regio"] = ["GM" + g if g in current else "REST" for g in t["gemeente"]]
    t["woon"] = np.where(t["thuis"], "thuiswonend", "uitwonend")
    t["laag"] = _low(t["cat"], up_to_100)
    t["langdurig"] = _low(t["catl"], up_to_100)
    for parent in ("moeder", "vader"):
        t[f"{parent}_laag"] = t[f"{parent}_bekend"] & _low(t[f"{parent}_cat"], up_to_100)
    return t


def known_answers(model: Model, *, up_to_100: bool = False) -> pd.DataFrame:
    """Return every cell the export has, with its true (unrounded) count."""
    rows = person_years(model, up_to_100=up_to_100)
    years = list(model.settings.years)
    measures: list[tuple[tuple[int, int], str, str, pd.Series]] = []
    for year in years:
        sel = rows["jaar"] == year
        measures += [
            ((year, year), "totaal", "jv", sel),
            ((year, year), "totaal", "jv_laag", sel & rows["laag"]),
            ((year, year), "totaal", "jv_langdurig", sel & rows["langdurig"]),
        ]
    window = (years[0], years[-1])
    for parent in ("moeder", "vader"):
        known, low = rows[f"{parent}_bekend"], rows[f"{parent}_laag"]
        measures += [
            (window, parent, "ouder_bekend", known),
            (window, parent, "jv_laag_ouder_laag", known & rows["laag"] & low),
            (window, parent, "jv_laag_ouder_niet_laag", known & rows["laag"] & ~low),
            (window, parent, "jv_niet_laag_ouder_laag", known & ~rows["laag"] & low),
            (window, parent, "jv_niet_laag_ouder_niet_laag", known & ~rows["laag"] & ~low),
        ]
    members = {code: [code] for code in regions.gemeente_codes()}
    for _, area in regions.areas().iterrows():
        if area["regioniveau"] == regions.LEVEL_PROVINCE:
            members[area["regiocode"]] = [
                g for g in regions.gemeente_codes() if regions.province_of(g) == area["regiocode"]
            ]
    for definitie in regions.veenkolonien_definitions()["definitie"]:
        members[regions.veenkolonien_code(definitie)] = regions.veenkolonien(definitie)
    out = []
    for (van, tot), parent, maat, mask in measures:
        sub = rows.loc[mask]
        counts = sub.groupby(["regio", "woon"]).size()
        for code, gemeenten in [*members.items(), ("NL01", None)]:
            for woon in ("totaal", "thuiswonend", "uitwonend"):
                woons = ["thuiswonend", "uitwonend"] if woon == "totaal" else [woon]
                where = counts.index.get_level_values("woon").isin(woons)
                if gemeenten is not None:
                    where &= counts.index.get_level_values("regio").isin(gemeenten)
                out.append((van, tot, code, woon, parent, maat, int(counts[where].sum())))
    return pd.DataFrame(
        out,
        columns=["jaar_van", "jaar_tot", "regio_code", "woonsituatie", "ouder", "maat", "waarde"],
    )


# =============================================================================== the files


def _key_text(numbers: pd.Series | np.ndarray, pad: bool) -> np.ndarray:
    text = pd.Series(numbers).astype(str)
    return (text.str.zfill(9) if pad else text).to_numpy(dtype=object)


def _write(df: pd.DataFrame, path: Path) -> None:
    import pyreadstat

    path.parent.mkdir(parents=True, exist_ok=True)
    text = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    plain = df.astype({c: object for c in text})  # Python strings: fast to write
    pyreadstat.write_sav(plain, str(path), row_compress=True)


def write_layout(model: Model, root: str | Path) -> list[Path]:
    """Write the model as RA's .sav files under ``root``; return the files written."""
    root = Path(root)
    s = model.settings
    newest = s.newest
    written: list[Path] = []

    def put(df: pd.DataFrame, *parts: str) -> None:
        path = root.joinpath(*parts)
        _write(df, path)
        written.append(path)

    p = model.persons
    persons = pd.DataFrame(
        {
            "RINPERSOONS": p["s"].to_numpy(dtype=object),
            "RINPERSOON": _key_text(p["n"], pad=True),
            "GBAGEBOORTEJAAR": p["by"].astype(str).to_numpy(dtype=object),
            "GBAGEBOORTEMAAND": p["bm"].astype(str).str.zfill(2).to_numpy(dtype=object),
            "GBAGEBOORTEDAG": p["bd"].astype(str).str.zfill(2).to_numpy(dtype=object),
            "GBAGESLACHT": np.where(p.index % 2 == 0, "1", "2").astype(object),
        }
    )
    folder = ("Bevolking", "GBAPERSOONTAB")
    put(persons, *folder, str(newest), f"GBAPERSOON{newest}TABV2.sav")
    if s.traps:  # superseded: wrong birth years in the version before and in the year before
        wrong = persons.assign(GBAGEBOORTEJAAR=(p["by"] + 3).astype(str).to_numpy(dtype=object))
        put(wrong, *folder, str(newest), f"GBAPERSOON{newest}TABV1.sav")
        put(wrong, *folder, str(newest - 1), f"GBAPERSOON{newest - 1}TABV3.sav")

    k = model.parents
    kindouder = pd.DataFrame(
        {
            "RINPERSOONS": k["s"].to_numpy(dtype=object),
            "RINPERSOON": k["n"].astype(float).to_numpy(),  # a number in this file
            "RINPERSOONSMa": k["ma_s"].to_numpy(dtype=object),
            "RINPERSOONMa": [v.zfill(9) if v.isdigit() else v for v in k["ma_n"]],
            "RINPERSOONSpa": k["pa_s"].to_numpy(dtype=object),
            "RINPERSOONpa": [v.zfill(9) if v.isdigit() else v for v in k["pa_n"]],
            "XKOPPELNUMMER": np.arange(len(k), dtype=float),
        }
    )
    folder = ("Bevolking", "KINDOUDERTAB")
    put(kindouder, *folder, f"KINDOUDER{newest}TABV1.sav")
    if s.traps:  # an older year with a higher version: mothers and fathers swapped
        swapped = kindouder.rename(
            columns={
                "RINPERSOONSMa": "RINPERSOONSpa",
                "RINPERSOONMa": "RINPERSOONpa",
                "RINPERSOONSpa": "RINPERSOONSMa",
                "RINPERSOONpa": "RINPERSOONMa",
            }
        )[kindouder.columns]
        put(swapped, *folder, f"KINDOUDER{newest - 1}TABV4.sav")

    a = model.address_spells
    adres = pd.DataFrame(
        {
            "RINPERSOONS": a["s"].to_numpy(dtype=object),
            "RINPERSOON": _key_text(a["n"], pad=True),
            "SOORTOBJECTNUMMER": a["obj_s"].to_numpy(dtype=object),
            "RINOBJECTNUMMER": _key_text(a["obj_n"], pad=False),
            "GBADATUMAANVANGADRESHOUDING": pd.to_numeric(a["begin"]).astype(float).to_numpy(),
            "GBADATUMEINDEADRESHOUDING": pd.to_numeric(a["end"].replace("", np.nan))
            .astype(float)
            .to_numpy(),
        }
    )  # dates as numbers here; an empty end is a system-missing value
    put(adres, "Bevolking", "GBAADRESOBJECTBUS", f"GBAADRESOBJECT{newest}BUSV1.sav")

    h = model.household_spells
    huishoudens = pd.DataFrame(
        {
            "RINPERSOONS": h["s"].to_numpy(dtype=object),
            "RINPERSOON": _key_text(h["n"], pad=False),
            "HUISHOUDNR": _key_text(np.arange(len(h)) + 1_000_000, pad=False),
            "DATUMAANVANGHH": h["begin"].to_numpy(dtype=object),
            "DATUMEINDEHH": h["end"].to_numpy(dtype=object),
            "PLHH": h["plhh"].astype(float).to_numpy(),
            "TYPHH": np.ones(len(h)),
        }
    )
    folder = ("Bevolking", "GBAHUISHOUDENSBUS")
    put(huishoudens, *folder, f"GBAHUISHOUDENS{newest}BUSV2.sav")
    if s.traps:  # the superseded version says everybody lives with the parents
        put(huishoudens.assign(PLHH=1.0), *folder, f"GBAHUISHOUDENS{newest}BUSV1.sav")

    o = model.objects
    former = {
        code[2:]: old[2:]
        for old, code in zip(
            regions.crosswalk()["oude_code"], regions.crosswalk()["nieuwe_code"], strict=True
        )
        if not regions.is_current_gemeente(old)
    }  # a current gemeente -> one of its former gemeenten (for the old column)
    gem_now = o["gem"].to_numpy(dtype=object)
    vslgwb = pd.DataFrame(
        {
            "SOORTOBJECTNUMMER": o["obj_s"].to_numpy(dtype=object),
            "RINOBJECTNUMMER": o["obj_n"].astype(float).to_numpy(),  # a number in this file
            "gem2018": np.array([former.get(g, g) for g in gem_now], dtype=object),
            "wc2025": np.array([g + "01" if g else "" for g in gem_now], dtype=object),
            "bc2025": np.array([g + "0101" if g else "" for g in gem_now], dtype=object),
            "gem2025": gem_now,
        }
    )
    folder = ("BouwenWonen", "VSLGWBTAB")
    put(vslgwb, *folder, f"VSLGWB{newest}TAB03V1.sav")
    if s.traps:  # an older year with a higher version and only the old indeling
        put(
            vslgwb[["SOORTOBJECTNUMMER", "RINOBJECTNUMMER", "gem2018"]],
            *folder,
            f"VSLGWB{newest - 1}TAB03V2.sav",
        )

    for i, t in enumerate(s.years):
        link = model.link[t]
        koppel = pd.DataFrame(
            {
                "RINPERSOONS": link["s"].to_numpy(dtype=object),
                "RINPERSOON": _key_text(link["n"], pad=True),
                "RINPERSOONSHKW": link["hs"].to_numpy(dtype=object),
                "RINPERSOONHKW": _key_text(link["hn"], pad=True),
            }
        )
        folder = ("InkomenBestedingen", "KOPPELPERSOONHUISHOUDEN")
        if i == 1 and s.traps:  # this year has versions; V1 links everybody to one household
            put(koppel, *folder, f"KOPPELPERSOONHUISHOUDEN{t}V2.sav")
            put(
                koppel.assign(RINPERSOONHKW=koppel["RINPERSOONHKW"].iloc[0]),
                *folder,
                f"KOPPELPERSOONHUISHOUDEN{t}V1.sav",
            )
        else:
            put(koppel, *folder, f"KOPPELPERSOONHUISHOUDEN{t}.sav")
        inc = model.income[t]
        pop = inc["pop"].astype(float).to_numpy()
        inha = pd.DataFrame(
            {
                "RINPERSOONSHKW": inc["hs"].to_numpy(dtype=object),
                "RINPERSOONHKW": _key_text(inc["hn"], pad=False),
                "INHARMLAG": inc["lag"].to_numpy(dtype=float),
                "INHARMLAGL": inc["lagl"].to_numpy(dtype=float),
                # text in the last year, a number before: types differ between years in RA
                "INHPOPIIV": pd.Series(pop).map(lambda v: str(int(v))).to_numpy(dtype=object)
                if t == s.years[-1]
                else pop,
                "INHARMSOC": inc["lag"].to_numpy(dtype=float) * 0.9,
                "INHBESTINKH": inc["lag"].to_numpy(dtype=float) * 250.0,
            }
        )
        folder = ("InkomenBestedingen", "INHATAB")
        put(inha, *folder, f"INHA{t}TABV2.sav")
        if s.traps:  # the superseded version: everybody on a low income
            put(inha.assign(INHARMLAG=50.0, INHPOPIIV=1.0), *folder, f"INHA{t}TABV1.sav")
    return written


def main(argv: list[str] | None = None) -> int:
    """Write synthetic RA files (and optionally the known answers) into a folder."""
    p = argparse.ArgumentParser(description="Synthetische CBS-microdata in de indeling van RA.")
    p.add_argument("map", help="hoofdmap (staat voor de G:-schijf van RA)")
    p.add_argument("--seed", type=int, default=Settings.seed)
    p.add_argument("--schaal", type=float, default=Settings.scale)
    p.add_argument("--elders", type=int, default=Settings.elsewhere)
    p.add_argument("--overig", type=int, default=Settings.others, help="extra personen")
    p.add_argument("--zonder-valkuilen", action="store_true", help="geen oude versies ernaast")
    p.add_argument("--antwoorden", help="schrijf de bekende antwoorden naar dit CSV-bestand")
    args = p.parse_args(argv)
    settings = Settings(
        seed=args.seed,
        scale=args.schaal,
        elsewhere=args.elders,
        others=args.overig,
        traps=not args.zonder_valkuilen,
    )
    model = build_model(settings)
    files = write_layout(model, args.map)
    print(f"{len(files)} bestanden, {len(model.persons)} personen in {args.map}")
    if args.antwoorden:
        known_answers(model).to_csv(args.antwoorden, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
