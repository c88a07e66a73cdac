"""Validation findings: location, rendering and the summary of long runs of one problem."""

from __future__ import annotations

from avk_analysis.vocabulary.validation import ERROR, WARNING, Report, row_ranges


def test_row_ranges_join_neighbours_and_stop_after_a_limit() -> None:
    assert row_ranges([9, 3, 4, 5, 7]) == "3-5, 7, 9"
    assert row_ranges(list(range(1, 100, 2)), limit=3) == "1, 3, 5, …"


def test_the_same_problem_is_listed_up_to_max_same_then_summarised_per_column() -> None:
    report = Report("levering.csv", max_same=2)
    for row in range(2, 8):
        report.warning("Let op", sheet="", row=row, column="regiocode", value="GM0003")
    report.warning("Let op", row=9, column="jaar")  # another column: its own run
    report.error("Fout zonder rij")
    report.error("Fout zonder rij")  # findings without a row are never summarised
    assert [f.row for f in report.warnings] == [2, 3, 9, None]
    assert report.warnings[-1].message == "Let op — en nog 4 rij(en) met hetzelfde probleem: 4-7"
    assert report.error_count == 2 and len(report.errors) == 2 and not report.ok
    assert report.rows_with("", ("regiocode",)) == {2, 3, 4, 5, 6, 7}
    assert "1 fout" not in report.render() and "2 fout(en), 7 waarschuwing(en)" in report.render()


def test_without_a_limit_every_finding_is_kept() -> None:
    report = Report("x.xlsx", max_same=None)
    for row in range(100):
        report.add(ERROR if row % 2 else WARNING, "Zelfde", row=row)
    assert len(report.findings) == 100 and report.error_count == 50
