"""Reference data: gemeenten, provinces, mergers and Veenkoloniën sets."""

from __future__ import annotations

import pytest

from avk_analysis.vocabulary import regions


def test_22_gemeenten_10_groningen_12_drenthe() -> None:
    gm = regions.gemeenten()
    assert len(gm) == 22 and gm.gemeentecode.is_unique
    assert (gm.provinciecode == "PV20").sum() == 10
    assert (gm.provinciecode == "PV22").sum() == 12
    assert regions.province_of("GM0114") == "PV22"


def test_every_former_gemeente_maps_to_current_with_shares_summing_to_one() -> None:
    cw = regions.crosswalk()
    assert set(cw.nieuwe_code) <= set(regions.gemeente_codes())
    totals = cw.groupby("oude_code").aandeel.sum()
    assert (totals.round(6) == 1.0).all()
    assert regions.successors("GM0053") == [("GM1966", 0.8), ("GM1969", 0.2)]
    assert regions.main_successor("GM0053") == "GM1966"
    assert regions.successors("GM0018") == [("GM1952", 1.0)]


def test_split_is_documented() -> None:
    winsum = regions.crosswalk().query("oude_code == 'GM0053'")
    assert winsum.toelichting.str.contains("Aanname").all()


def test_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="GM9999"):
        regions.successors("GM9999")


def test_veenkolonien_sets() -> None:
    assert len(regions.veenkolonien()) == 10  # default: planning offices
    assert len(regions.veenkolonien("programma")) == 9
    assert len(regions.veenkolonien("agenda")) == 12
    for d in regions.veenkolonien_definitions().definitie:
        assert set(regions.veenkolonien(d)) <= set(regions.gemeente_codes())
    with pytest.raises(KeyError, match="kies uit"):
        regions.veenkolonien("onbekend")


def test_names_include_former_gemeenten_and_levels() -> None:
    assert regions.name("GM0018").startswith("Hoogezand-Sappemeer")
    assert regions.level_of("WK011401") == "wijk"
    assert regions.level_of("VK_programma") == "regio"
    assert regions.level_of("PV20") == "provincie"


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("GM0114", "GM0114", regions.READ_CODE),
        ("gm114", "GM0114", regions.READ_SHORT_CODE),
        (" 114 ", "GM0114", regions.READ_NUMBER),
        ("14.0", "GM0014", regions.READ_NUMBER),  # a number cell from Excel
        ("Emmen", "GM0114", regions.READ_NAME),
        ("midden groningen", "GM1952", regions.READ_NAME),
        ("Hoogezand-Sappemeer", "GM0018", regions.READ_NAME),  # a former gemeente
    ],
)
def test_read_gemeente_understands_how_people_write_it(text: str, code: str, how: str) -> None:
    ref = regions.read_gemeente(text)
    assert (ref.code, ref.how) == (code, how)


def test_read_gemeente_refuses_and_suggests() -> None:
    assert regions.read_gemeente("Emen").suggestion == "Emmen (GM0114)"
    outside = regions.read_gemeente("GM0363")  # Amsterdam: a code, but not ours
    assert outside.code is None and outside.suggestion is None
    assert regions.read_gemeente("xyz").code is None
    former = regions.read_gemeente("GM0018")
    assert former.former and not former.current
