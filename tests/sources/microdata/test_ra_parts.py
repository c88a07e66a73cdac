"""The parts of the kit's script, one awkward case of RA's files at a time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from avk_analysis.sources.microdata import contract, kit
from tests.sources.microdata.conftest import load_script


@pytest.fixture(scope="module")
def ra(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("kit")
    kit.write_kit(folder)
    return load_script(folder / contract.SCRIPT_NAME)


def _touch(root: Path, *parts: str) -> None:
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")


def test_the_highest_version_of_the_newest_year_is_chosen(ra, tmp_path: Path) -> None:
    folder = ("Bevolking", "KINDOUDERTAB")
    for name in ("KINDOUDER2023TABV4.sav", "KINDOUDER2024TABV1.sav", "kindouder2024tabv2.sav"):
        _touch(tmp_path, *folder, name)
    _touch(tmp_path, *folder, "KINDOUDER2024TABV3.csv")  # not a .sav file
    files = ra.vind_bestanden("kindouder", tmp_path)
    chosen, older = ra.kies(files)
    assert chosen.pad.name == "kindouder2024tabv2.sav"
    assert [b.pad.name for b in older] == ["KINDOUDER2024TABV1.sav"]


def test_a_file_per_year_with_or_without_version(ra, tmp_path: Path) -> None:
    folder = ("InkomenBestedingen", "KOPPELPERSOONHUISHOUDEN")
    for name in (
        "KOPPELPERSOONHUISHOUDEN2021.sav",
        "KOPPELPERSOONHUISHOUDEN2022V1.sav",
        "KOPPELPERSOONHUISHOUDEN2022V2.sav",
    ):
        _touch(tmp_path, *folder, name)
    files = ra.vind_bestanden("koppel", tmp_path)
    assert ra.kies(files, 2021)[0].pad.name == "KOPPELPERSOONHUISHOUDEN2021.sav"
    assert ra.kies(files, 2022)[0].pad.name == "KOPPELPERSOONHUISHOUDEN2022V2.sav"
    with pytest.raises(ra.InvoerFout):
        ra.kies(files, 2023)


def test_folders_are_found_whatever_their_case(ra, tmp_path: Path) -> None:
    _touch(tmp_path, "bevolking", "gbapersoontab", "2024", "GBAPERSOON2024TABV1.sav")
    assert [b.pad.name for b in ra.vind_bestanden("persoon", tmp_path)] == [
        "GBAPERSOON2024TABV1.sav"
    ]


def test_age_in_completed_years_on_first_january(ra) -> None:
    born = pd.DataFrame(
        {"jaar": [1999, 1999, 1999, 1994, 1994], "maand": [1, 1, 12, 1, 0], "dag": [1, 2, 31, 1, 0]}
    )
    age = ra.leeftijd(2021, born["jaar"], born["maand"], born["dag"])
    # born 1 January 1999: 22 on 1 January 2021; one day later: still 21; unknown day: after
    assert age.tolist() == [22, 21, 21, 27, 26]


def test_keys_as_text_or_number_and_unknown_parents(ra) -> None:
    s = pd.Series(["R", "R", "R", "R", "R", "", "B", "R"], dtype=object)
    n = pd.Series(
        ["000012345", " 12345 ", "---------", "", None, "77", "000012345", "12A45"], dtype=object
    )
    r, b = 18 * 10**10, 2 * 10**10  # R is the 18th letter
    assert ra.sleutel(s, n).tolist() == [r + 12345, r + 12345, -1, -1, -1, -1, b + 12345, -1]
    numbers = pd.Series([12345.0, float("nan")])
    assert ra.sleutel(pd.Series(["r", "R"]), numbers).tolist() == [r + 12345, -1]
    # address objects stay text: their kind has several letters
    objects = ra.objectsleutel(pd.Series(["VBO", "LIG", ""]), pd.Series(["00042", "7", "8"]))
    assert objects.tolist() == ["VBO:42", "LIG:7", ""]
    keys = ra.Sleutelset(pd.Series([r + 1, -1, r + 1, b + 5]))
    assert len(keys) == 2
    assert keys.bevat(pd.Series([r + 1, -1, b + 6])).tolist() == [True, False, False]


def test_dates_as_text_number_or_date_and_open_ends(ra) -> None:
    text = pd.Series(["20220315", "", "99991231", None], dtype=object)
    assert ra.datum(text, "99999999").tolist() == ["20220315", "99999999", "99991231", "99999999"]
    numbers = pd.Series([20220315.0, float("nan")])
    assert ra.datum(numbers, "00000000").tolist() == ["20220315", "00000000"]
    dates = pd.Series(pd.to_datetime(["2022-03-15", None]))
    assert ra.datum(dates, "99999999").tolist() == ["20220315", "99999999"]


@pytest.mark.parametrize(
    ("grens", "expected"),
    [
        ("onder-100", [True, True, False, False, False]),
        ("tot-en-met-100", [True, True, True, False, False]),
    ],
)
def test_low_income_boundary_and_negative_codes(ra, grens: str, expected: list[bool]) -> None:
    values = pd.Series([0.0, 99.9, 100.0, 100.1, -1.0])
    assert ra.Instellingen(grens, 10, 10).laag(values).tolist() == expected


def test_population_leaves_out_students_institutions_and_negative_codes(ra) -> None:
    inkomen = pd.DataFrame(
        {
            "lag": [50.0, 50.0, 50.0, float("nan"), -2.0, -1.0, 150.0, 100.0],
            "lagl": [50.0, 50.0, 50.0, float("nan"), -1.0, 50.0, 50.0, 150.0],
            "pop": [1.0, 2.0, 7.0, 3.0, 9.0, 1.0, 1.0, 1.0],
        },
        index=["R:1", "R:2", "R:3", "R:4", "R:5", "R:6", "R:7", "R:8"],
    )
    keys = [*inkomen.index, "R:99", ""]
    pop, low, long_term = ra.status_inkomen(inkomen, keys, ra.Instellingen("onder-100", 10, 10))
    assert pop.tolist() == [True, False, False, False, False, False, True, True, False, False]
    assert low.tolist() == [True, False, False, False, False, False, False, False, False, False]
    assert long_term.tolist() == [
        True,
        False,
        False,
        False,
        False,
        False,
        True,
        False,
        False,
        False,
    ]


def test_the_spell_on_first_january_counts(ra) -> None:
    spells = pd.DataFrame(
        {
            "sleutel": ["R:1", "R:1", "R:2", "R:2", "R:2", "R:3", "R:4", "R:4"],
            "begin": ["20150101", "20220701", "20150101", "20210301", "20211201", "20220102",
                      "20100101", "20220101"],
            "eind": ["20220630", "99999999", "20210228", "20211130", "99991231", "99999999",
                     "20220101", "20501231"],
            "object": ["A", "B", "C", "D", "E", "F", "G", "H"],
        }
    )  # fmt: skip
    log = ra.Log(stil=True)
    on_2022 = ra._spell_op(spells, "20220101", "object", log, "adres")
    # moved in July 2022: 1 January 2022 in A; a short stay (D) between the dates does not count;
    # a spell that starts on 2 January does not cover 1 January; a move on 1 January itself:
    # both spells hold that day, the one that started last counts (and the log says so)
    assert on_2022.to_dict() == {"R:1": "A", "R:2": "E", "R:4": "H"}
    assert any("overlappende" in line for line in log.regels)
    assert ra._spell_op(spells, "20230101", "object", log, "adres").to_dict() == {
        "R:1": "B",
        "R:2": "E",
        "R:3": "F",
        "R:4": "H",
    }


def test_the_newest_gemeente_column_and_former_gemeenten(ra, tmp_path: Path) -> None:
    import pyreadstat

    path = tmp_path / "BouwenWonen" / "VSLGWBTAB" / "VSLGWB2024TAB03V1.sav"
    path.parent.mkdir(parents=True)
    frame = pd.DataFrame(
        {
            "SOORTOBJECTNUMMER": ["VBO", "VBO", "VBO", "VBO"],
            "RINOBJECTNUMMER": [1.0, 2.0, 3.0, 4.0],
            "gem2018": ["0018", "0014", "", "0363"],
            "GEM2025": ["1952", "0014", "", "0363"],
            "wc2025": ["195201", "001401", "", "036301"],
        }
    )
    pyreadstat.write_sav(frame, str(path))
    [bestand] = ra.vind_bestanden("gemeente", tmp_path)
    kolom, alle = ra.gemeentekolom(bestand, None)
    assert (kolom, alle) == ("GEM2025", ["gem2018", "GEM2025"])
    import json

    regios = ra.Regios(json.loads(ra.REGIO_JSON))
    objects = ra.Sleutelset(["VBO:1", "VBO:2", "VBO:3", "VBO:4"])
    log = ra.Log(stil=True)
    gemeenten = ra.lees_gemeenten(bestand, kolom, objects, regios, log, 2)
    # read in blocks of 2 rows; an object without gemeente keeps '' (counted in Nederland only)
    assert gemeenten.to_dict() == {
        "VBO:1": "GM1952",
        "VBO:2": "GM0014",
        "VBO:3": "",
        "VBO:4": "GM0363",
    }
    with pytest.raises(ra.InvoerFout, match="opgeheven gemeenten"):
        ra.lees_gemeenten(bestand, "gem2018", objects, regios, log, 2)


# --------------------------------------------------------------------------- suppression


def _block(ra, cells: dict, relations: list, minimum: int = 10, hidden: set | None = None):
    blok = ra.Blok("test", minimum)
    for key, value in cells.items():
        verborgen = key in (hidden or set())
        blok.voeg_toe(ra.Cel(*key, value, verborgen), (0, value))
    for plus, minus in relations:
        blok.relatie(plus, minus)
    return blok


def test_one_small_part_costs_exactly_one_more_cell(ra) -> None:
    cells = {("T", "t", "m"): 100, ("A", "t", "m"): 3, ("B", "t", "m"): 40, ("C", "t", "m"): 57}
    blok = _block(
        ra, cells, [([("T", "t", "m")], [("A", "t", "m"), ("B", "t", "m"), ("C", "t", "m")])]
    )
    blok.onderdruk()
    status = {k[0]: c.status for k, c in blok.cellen.items()}
    assert status == {"T": "gepubliceerd", "A": "primair", "B": "secundair", "C": "gepubliceerd"}


def test_two_small_parts_that_add_up_to_less_than_ten_are_not_enough(ra) -> None:
    cells = {("T", "t", "m"): 100, ("A", "t", "m"): 0, ("B", "t", "m"): 4, ("C", "t", "m"): 96}
    blok = _block(
        ra, cells, [([("T", "t", "m")], [("A", "t", "m"), ("B", "t", "m"), ("C", "t", "m")])]
    )
    blok.onderdruk()
    # A + B = 4 would be published (T - C): both would be known to be small, A exactly if 0
    assert blok.cellen[("C", "t", "m")].status == "secundair"
    assert blok.cellen[("T", "t", "m")].status == "gepubliceerd"


def test_a_set_minus_a_smaller_set_is_protected(ra) -> None:
    # two overlapping sets: big = small + X; X is small, so one of the sets must go, and then
    # that set's own members must not give it back
    cells = {
        ("X", "t", "m"): 4, ("Y", "t", "m"): 30, ("Z", "t", "m"): 50,
        ("small", "t", "m"): 80, ("big", "t", "m"): 84,
    }  # fmt: skip
    relations = [
        ([("small", "t", "m")], [("Y", "t", "m"), ("Z", "t", "m")]),
        ([("big", "t", "m")], [("X", "t", "m"), ("Y", "t", "m"), ("Z", "t", "m")]),
    ]
    blok = _block(ra, cells, relations)
    assert blok.afleidbaar() == []  # nothing suppressed yet
    blok.cellen[("X", "t", "m")].status = "primair"
    assert blok.afleidbaar() == [("X", "t", "m")]  # big - small
    blok.onderdruk()
    assert blok.veilig()
    suppressed = {k[0] for k, c in blok.cellen.items() if c.status != "gepubliceerd"}
    assert "X" in suppressed and len(suppressed) == 3  # X, one set, and one of its members


def test_a_small_hidden_complement_is_protected(ra) -> None:
    # jv = jv_laag + zonder laag inkomen (never published): if that is 3, jv_laag must go
    cells = {("G", "t", "jv"): 50, ("G", "t", "jv_laag"): 47, ("G", "t", "jv_niet_laag"): 3}
    relations = [([("G", "t", "jv")], [("G", "t", "jv_laag"), ("G", "t", "jv_niet_laag")])]
    blok = _block(ra, cells, relations, hidden={("G", "t", "jv_niet_laag")})
    blok.onderdruk()
    assert blok.cellen[("G", "t", "jv_laag")].status == "secundair"
    assert blok.cellen[("G", "t", "jv")].status == "gepubliceerd"


def test_pruning_publishes_again_what_is_not_needed(ra) -> None:
    cells = {("T", "t", "m"): 100, ("A", "t", "m"): 3, ("B", "t", "m"): 40, ("C", "t", "m"): 57}
    blok = _block(
        ra, cells, [([("T", "t", "m")], [("A", "t", "m"), ("B", "t", "m"), ("C", "t", "m")])]
    )
    blok.cellen[("A", "t", "m")].status = "primair"
    for k in (("B", "t", "m"), ("C", "t", "m")):
        blok.cellen[k].status = "secundair"  # more than needed
    blok._snoei()
    assert sum(c.status == "secundair" for c in blok.cellen.values()) == 1
    assert blok.veilig()


def test_relations_that_do_not_add_up_are_a_bug(ra) -> None:
    with pytest.raises(AssertionError, match="klopt niet"):
        _block(
            ra, {("T", "t", "m"): 10, ("A", "t", "m"): 4}, [([("T", "t", "m")], [("A", "t", "m")])]
        )


def test_rounding_half_up(ra) -> None:
    assert [ra.afronden(v, 10) for v in (10, 14, 15, 25, 104)] == [10, 10, 20, 30, 100]
    assert [ra.afronden(v, 100) for v in (50, 149, 150)] == [100, 100, 200]
