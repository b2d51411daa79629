"""Text rows with a blank end that no rule across rows can judge: the cells their readings
disagree on are null (GR118), the others kept.

In tsv, pipe and docx-export a row that lost a value cell and gained a surplus blank at one end
keeps its width. Table 三's column sums tell such a row (tests/test_placement_text_lost.py); a
table without rules across rows (二, 四) cannot, nor can sums that run through another damaged
row. In tables 二 and 四 only a blank at the row's end is taken for padding (a blank first value
is the source's own). Each case below is one row family, written into a generated report in every text layout;
the property tests of the same module family (test_placement_text_lost, test_placement_damage)
draw them at random.
"""

from __future__ import annotations

import random

import pytest

import govreport
from damage import TEXT_LAYOUTS, split_data_row, text_rows, write_row
from factories import blank_zeros, make_report
from govreport.model import Report


def _with_values(text: str, layout: str, width: int, values: list[list[str]]) -> str:
    """``text`` with the value cells of its data rows of ``width`` values replaced, in order, by
    ``values`` (one list per row; rows after the last list are left as they are)."""
    lines = text.split("\n")
    rows = [r for r in text_rows(text, layout) if (s := split_data_row(r.cells)) and len(s[1]) == width]
    assert len(rows) >= len(values)
    for row, new in reversed(list(zip(rows, values))):
        labels, _ = split_data_row(row.cells)  # type: ignore[misc]
        lines[row.start:row.end] = write_row(labels + new, layout)
    return "\n".join(lines)


def _unsettled(report: Report) -> set[str]:
    return {c for d in report.diagnostics if d.code == "GR118" for c in d.cells}


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_a_blank_first_value_with_nothing_to_judge_it_is_the_sources_own(layout: str) -> None:
    # "(blank) 1 (blank) (blank) 1" in table 四, "(blank) +14 5999" in table 二: a lead blank
    # among values comes from no export; it is the source's unfilled first figure, read as is.
    zeros = ["0"] * 10
    text = _with_values(govreport.render(make_report("2021", seed=3), layout), layout, 15,
                        [["", "1", "", "", "1", *zeros]])
    text = _with_values(text, layout, 3, [["", "7", "5999"]])
    report = govreport.parse(text, format=layout)
    assert not _unsettled(report)
    four, two = report.review_litigation, report.active
    assert four is not None and two is not None
    assert [four.get("review", c) for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [None, 1, None, None, 1]
    assert [two.get("regulations", c) for c in ("issued", "repealed", "in_force")] == [None, 7, 5999]


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_table_four_row_of_blanks_and_zeros_is_kept_whole(layout: str) -> None:
    # A blank group (the body had no review cases) before zeros: every reading gives the same
    # values (a lost cell's group total sets it to 0), so nothing is null and nothing is said.
    text = _with_values(govreport.render(make_report("2021", seed=3), layout), layout, 15,
                        [[""] * 5 + ["0"] * 10])
    report = govreport.parse(text, format=layout)
    assert not _unsettled(report)
    table = report.review_litigation
    assert table is not None
    assert [table.get("litigation_direct", c) for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [0] * 5


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_table_two_row_without_rules_and_a_blank_end_is_null_where_its_values_could_move(layout: str) -> None:
    # 2021's table 二 has no rule on its rows: "5 3 (blank)" may be "(lost) 5 3" or "5 (lost) 3".
    text = _with_values(govreport.render(make_report("2021", seed=3), layout), layout, 3, [["5", "3", ""]])
    report = govreport.parse(text, format=layout)
    assert _unsettled(report) == {"active.regulations.issued", "active.regulations.repealed"}
    active = report.active
    assert active is not None
    assert active.get("regulations", "issued") is None and active.get("regulations", "repealed") is None
    assert active.get("normative_documents", "issued") is not None  # the next row, whole, is read


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_two_shifted_rows_of_table_three_whose_totals_hold_are_null(layout: str) -> None:
    # Each row lost a zero and gained a blank at its start: its own total still holds, and the
    # column sums fail through both, so neither alone explains them (found by the damage
    # property; each was read as it stands and gave wrong numbers).
    report = make_report("2019", seed=0)
    text = govreport.render(report, layout)
    rows = [split_data_row(r.cells) for r in text_rows(text, layout)]
    three = [s[1] for s in rows if s and len(s[1]) == 7]
    shifted: list[list[str]] = []
    for values in three:
        k = next((n for n, v in enumerate(values[:6]) if v == "0" and values[n:6] != values[n + 1:7]
                  and ["", *values[:n], *values[n + 1:]][1:6] != values[1:6]), None)  # a zero whose loss moves values
        done = sum(1 for s, v in zip(shifted, three) if s != v)
        shifted.append(["", *values[:k], *values[k + 1:]] if k is not None and done < 2 else values)
    assert sum(1 for s, v in zip(shifted, three) if s != v) == 2
    back = govreport.parse(_with_values(text, layout, 7, shifted), format=layout)
    want = {c.key: c.value for c in report.cells()}
    assert {c.key: (c.value, want[c.key]) for c in back.cells() if c.value is not None and c.value != want[c.key]} \
        == {}
    assert len({d.line for d in back.diagnostics if d.code == "GR117"}) == 2  # both rows, each said


def _blank_ended_three(report: Report, layout: str) -> tuple[str, list[list[str]]]:
    """``report`` (its zeros left blank) as ``layout`` text, and its table 三 rows' values."""
    text = govreport.render(blank_zeros(report, random.Random(0), 1.0), layout)
    rows = [split_data_row(r.cells) for r in text_rows(text, layout)]
    return text, [s[1] for s in rows if s and len(s[1]) == 7]


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_a_report_whose_own_sums_are_wrong_keeps_its_blank_ended_rows(layout: str) -> None:
    # The cost guard: a source that leaves its zeros blank (so many rows have a blank end) and
    # whose column sums are wrong (one result row and its total one higher, the row still adding
    # up) is read as it stands: no lost cell, alone or with another row, explains the sums.
    text, three = _blank_ended_three(make_report("2019", seed=0), layout)
    at = next(n for n, v in enumerate(three) if n > 2 and v[0].strip() and v[-1].strip())
    wrong = list(three[at])
    wrong[0], wrong[-1] = str(int(wrong[0]) + 1), str(int(wrong[-1]) + 1)
    back = govreport.parse(_with_values(text, layout, 7, [*three[:at], wrong]), format=layout)
    assert not [d.code for d in back.diagnostics if d.code in ("GR113", "GR117", "GR118")
                and d.cells[0].startswith("applications.")]
    assert any(f.code == "GR202" for f in back.validate())
    assert sum(1 for c in back.cells() if c.table == "applications" and c.value is not None) \
        == sum(1 for v in three for t in v if t.strip())


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_a_shifted_row_beside_an_unsettled_one_is_judged_with_its_candidates(layout: str) -> None:
    # One row lost a cell (too short: its candidates are unsettled, GR113), a later one lost a
    # zero and gained a blank at its start, its total holding: the unsettled row's candidates,
    # one of which is its truth, tell the second row shifted. (Found by the damage property.)
    report = make_report("2019", seed=0)
    text = govreport.render(report, layout)
    three = [s[1] for r in text_rows(text, layout) if (s := split_data_row(r.cells)) and len(s[1]) == 7]
    short = 3  # a result row: its cells are in the column sums the shifted row is judged by
    shift = next(n for n, values in enumerate(three) if n > short and _moving_zero(values) is not None)
    k = _moving_zero(three[shift])
    assert k is not None
    rows = [*three[:short], three[short][:2] + three[short][3:], *three[short + 1:shift],
            ["", *three[shift][:k], *three[shift][k + 1:]]]
    back = govreport.parse(_with_values(text, layout, 7, rows), format=layout)
    want = {c.key: c.value for c in report.cells()}
    assert {c.key: (c.value, want[c.key]) for c in back.cells() if c.value is not None and c.value != want[c.key]} \
        == {}
    assert {d.code for d in back.diagnostics if d.cells[:1] and d.cells[0].startswith("applications.")} \
        >= {"GR113"} and {"GR117", "GR118"} & {d.code for d in back.diagnostics}


def _moving_zero(values: list[str]) -> int | None:
    """A zero of table 三's row ``values`` whose loss behind a blank at the start keeps its total
    and moves a value (the first), or None."""
    return next((j for j, v in enumerate(values[:6]) if v == "0"
                 and ["", *values[:j], *values[j + 1:]][1:6] != values[1:6]), None)

