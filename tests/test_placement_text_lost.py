"""Text rows that lost a value cell behind a surplus blank: right, or null.

In tsv, pipe and docx-export a row's cells have only their order. A row that lost one cell and
gained a surplus blank at one end (a flattened merged cell) has its template row's width again:
placed as it stands, its values after the lost one sit a column to the left and its blank end
under the last column. Where the row has arithmetic of its own (the row totals of tables 三 and
四) the blank end that breaks it is the doubt: the row as it stands and every way of dropping
one blank of either end with one cell lost anywhere are the candidates (so a row whose source
left its other end blank too, or a blank beside the surplus one, has the true placement among
them), and the template's arithmetic settles it or the row is null (GR113). The first of
2021's （六） rows had given wrong numbers: its row total was looked up before the table counted
it as printed with the （六） rows split, so nothing doubted it.

A row whose own blanks break its totals with no cell lost (a source whose totals count cells it
leaves blank: the converter fixtures r2021-blanks and uncertain-columns) is read as it stands
(GR116) when no lost cell would close its rules: one value, not negative, for the lost cell
that every rule through it asks for. A damaged row of a source whose arithmetic holds always has
that candidate, so it never falls back to the reading as it stands.

A shifted row of table 三 whose row total holds by chance is doubted by its blank end alone;
once the table is read, when the rules through it that fail (the column sums) all hold with one
of its cells taken as lost behind a surplus blank, it is null (GR117), never moved: reports have
arithmetic errors of their own. Measured cost: no row of the seeds, the corpus, the converter
fixtures or examples/ is nulled so (no text row there with a blank end reads as it stands in
table 三 or 四).

A table with no rule across its rows (the national tables 二 and 四) has no column sum to tell a
shifted row that adds up by chance or a shifted row of table 二, which has no rules at all. A row
that lost a cell there is drawn padded at its end, as rectangular exports pad it; each placement
with its end blank dropped and one cell lost that the row's own rules allow (a lost value
closing them) is a reading beside the row as it stands, and a cell the readings disagree on is
null (GR118); the cells they agree on are kept (a lost total that its group's rule sets is
known). A leading surplus blank is not drawn there: no export puts one among a row's values (a
flattened label rowspan puts it before the labels), and it cannot be told from the source's own
blank first cell (table 四: its first group's total taken as lost always adds up), the common
case, whose values would all be null. Measured cost: none of the seeds, the corpus or examples/,
one cell of one converter fixture's table 二 (r2019-blanks as gfm, html-gfm and html2text: a row
whose last cell the source left blank).

The source's zeros are left blank at random (its arithmetic intact, a blank counting as 0), as
real reports leave them.
"""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from damage import TEXT_LAYOUTS, is_value, split_data_row, text_rows, write_row
from factories import blank_zeros, cell_values, make_report
from tallies import show_after_tests

_COUNTS = {"reports": 0, "cells": 0, "nulls": 0, "lone": 0, "more": 0, "chance": 0, "unruled": 0}


@pytest.fixture(scope="module", autouse=True)
def _null_rate(request):
    yield
    if _COUNTS["cells"]:
        show_after_tests(request, (
            f"lost behind a blank: {_COUNTS['reports']} reports ({_COUNTS['lone']} with a lone blank end, "
            f"{_COUNTS['more']} with blanks at both ends or more than one at an end; {_COUNTS['chance']} "
            f"whose shifted row adds up by chance, {_COUNTS['unruled']} in table 二), {_COUNTS['nulls']} of "
            f"{_COUNTS['cells']} cells null ({100 * _COUNTS['nulls'] / _COUNTS['cells']:.2f} %), 0 wrong"))


def _number(text: str) -> int:
    return int(text) if text.strip() else 0


def _judged_across_rows(values: list[str]) -> bool:
    """True for a row of table 三 (five to fourteen values), whose column sums judge a surplus
    blank at either end. Tables 二 and 四 have no rule across rows: there a row that lost a cell
    is padded at its end, as rectangular exports pad (a leading surplus blank would be the
    source's own blank first cell to every reader: see the module docstring)."""
    return 5 <= len(values) < 15


def _adds_up(values: list[str]) -> bool:
    """The row's own totals hold (blanks as 0): the last of each group of five in table 四's
    fifteen, the last of table 三's row; table 二's rows (at most four cells) have none."""
    if len(values) < 5:
        return True
    groups = [values[g:g + 5] for g in range(0, 15, 5)] if len(values) == 15 else [values]
    return all(_number(g[-1]) == sum(map(_number, g[:-1])) for g in groups)


@attrs.frozen
class _Lost:
    """A report's text with one row damaged by :func:`_lose_behind_a_blank`."""

    text: str
    lone: bool  # the damaged row has a lone blank end (else blanks at both ends, or more than one at an end)
    chance: bool  # ... and its own totals hold (table 二's, which has none, always do)
    unruled: bool  # ... and it is a row of table 二


def _lose_behind_a_blank(text: str, layout: str, rng: random.Random) -> _Lost | None:
    """``text`` with one data row missing a non-zero value cell and carrying a surplus blank at
    one end; None when no row applies."""
    rows = [r for r in text_rows(text, layout) if split_data_row(r.cells)]
    rng.shuffle(rows)
    for row in rows:
        labels, values = split_data_row(row.cells)  # type: ignore[misc]
        lost = [n for n, v in enumerate(values) if is_value(v) and v.strip() not in ("0", "")]
        if not lost:
            continue
        k = rng.choice(lost)
        kept = values[:k] + values[k + 1:]
        placed = [*kept, ""] if rng.random() < 0.7 or not _judged_across_rows(values) else ["", *kept]
        ends = [not placed[0].strip(), not placed[1].strip(), not placed[-2].strip(), not placed[-1].strip()]
        lone = ends in ([True, False, False, False], [False, False, False, True])
        lines = text.split("\n")
        lines[row.start:row.end] = write_row(labels + placed, layout)
        return _Lost("\n".join(lines), lone, _adds_up(placed), len(values) < 5)
    return None


@settings(max_examples=150, deadline=None)
@given(template=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 10**6), layout=st.sampled_from(TEXT_LAYOUTS),
       blanks=st.sampled_from([0.0, 0.5, 1.0]))
def test_a_lost_value_behind_a_surplus_blank_gives_right_cells_or_nulls(template, seed, layout, blanks):
    rng = random.Random(seed)
    report = make_report(template, seed=seed)
    if blanks:
        report = blank_zeros(report, rng, blanks)
    damaged = _lose_behind_a_blank(govreport.render(report, layout), layout, rng)
    if damaged is None:
        return
    back = govreport.parse(damaged.text, format=layout)
    got, want = cell_values(back), cell_values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != want.get(k)}
    assert not wrong, [d.message for d in back.diagnostics if d.code.startswith("GR11")]
    _COUNTS["reports"] += 1
    _COUNTS["lone" if damaged.lone else "more"] += 1
    _COUNTS["chance"] += damaged.chance
    _COUNTS["unruled"] += damaged.unruled
    _COUNTS["cells"] += len(want)
    _COUNTS["nulls"] += sum(1 for key, v in want.items() if v is not None and got.get(key) is None)


def _shift_that_adds_up(text: str, layout: str, rng: random.Random) -> str | None:
    """``text`` with one data row missing a non-zero value cell and carrying a surplus blank at
    one end such that its own totals still hold (blanks as 0; table 二's rows have none): a
    shifted row only the column sums can tell (table 三), or nothing (tables 二 and 四); None
    when the report has no such row."""
    options = []
    for row in text_rows(text, layout):
        split = split_data_row(row.cells)
        if split is None:
            continue
        labels, values = split
        for k, v in enumerate(values):
            if is_value(v) and v.strip() not in ("0", ""):
                kept = values[:k] + values[k + 1:]
                ends = ([*kept, ""], ["", *kept]) if _judged_across_rows(values) else ([*kept, ""],)
                options += [(row, labels + placed) for placed in ends if _adds_up(placed)]
    if not options:
        return None
    row, cells = rng.choice(options)
    lines = text.split("\n")
    lines[row.start:row.end] = write_row(cells, layout)
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(template=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 10**6), layout=st.sampled_from(TEXT_LAYOUTS),
       blanks=st.sampled_from([0.0, 0.5, 1.0]))
def test_a_shifted_row_whose_total_holds_by_chance_gives_right_cells_or_nulls(template, seed, layout, blanks):
    # The row's own totals hold, so nothing in the row doubts it; its blank end does. Table 三:
    # the column sums that fail exactly where a lost cell would have moved its values: null
    # (GR117). Tables 二 and 四: the cells its readings disagree on are null (GR118).
    rng = random.Random(seed)
    report = make_report(template, seed=seed)
    if blanks:
        report = blank_zeros(report, rng, blanks)
    damaged = _shift_that_adds_up(govreport.render(report, layout), layout, rng)
    if damaged is None:
        return
    back = govreport.parse(damaged, format=layout)
    got, want = cell_values(back), cell_values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != want.get(k)}
    assert not wrong, [d.message for d in back.diagnostics if d.code.startswith("GR11")]
    _COUNTS["reports"] += 1
    _COUNTS["chance"] += 1
    _COUNTS["cells"] += len(want)
    _COUNTS["nulls"] += sum(1 for key, v in want.items() if v is not None and got.get(key) is None)
