"""Rows of positioned layouts that lost cells, and rows whose source arithmetic is incomplete.

A row of an HTML or .docx table that lost ``k`` cells (broken markup: the cells after a lost one
stand a column to the left) stops ``k`` grid columns short of the edge its header and the rows
beside it reach; surplus blank cells at its ends (a merged cell flattened, a page's padding)
may move under its columns. Its positions are then not to be trusted: every placement by order
(up to ``k`` cells lost anywhere, surplus blanks dropped at either end) is a candidate for the
template's arithmetic, or the row is refused (GR115) when they cannot be enumerated safely.
Either way: right, or null with a diagnostic.

A row that reaches the edge lost no cell: its positions are the source's, and a row total its
own blank cells break (a source that leaves cells blank that its totals count) is no reason to
doubt them.
"""

from __future__ import annotations

import random
import re
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
import strategies as gs
from factories import blank_share, cell_values, make_report
from govreport.blocks import GridCell
from govreport.engine.placement import MAX_CANDIDATES, lost_cell_placements, row_edges
from govreport.model import Report
from govreport.numbers import is_blank

pytest.importorskip("lxml")
pytest.importorskip("docx")
from sources import SECTION_TITLES, Geometry, _html_table, table_rows, to_docx, to_html
from tallies import show_after_tests

LOSSY_TABLES = ("active", "applications", "review_litigation")


def to_markdown_html(report: Report, geometry: Geometry) -> bytes:
    """The report as pandoc's markdown writes a page whose tables merge cells: headings, and
    each table as a raw HTML block."""
    tables = table_rows(report, geometry)
    out = [f"# {report.meta.agency.value}", "", f"## {report.meta.year.value}年政府信息公开工作年度报告", ""]
    for n, title in enumerate(SECTION_TITLES, 1):
        out += [f"**{'一二三四五六'[n - 1]}、{title}**", ""]
        table_id = {2: "active", 3: "applications", 4: "review_litigation"}.get(n)
        if table_id and report.table(table_id) is not None:
            out += [_html_table(tables[table_id]), ""]
        else:
            out += ["无。", ""]
    out += [report.meta.agency.value, ""]
    return "\n".join(out).encode("utf-8")


WRITERS = {"html": lambda r, g: to_html(r, geometry=g), "docx": lambda r, g: to_docx(r, geometry=g),
           "markdown-html": to_markdown_html}
FORMATS = {"html": "html", "docx": "docx", "markdown-html": "markdown"}


def wrong_cells(back: Report, report: Report) -> dict[str, tuple[object, object]]:
    got, want = cell_values(back), cell_values(report)
    return {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != want.get(k)}


def _why(back: Report) -> list[str]:
    return [d.message[:200] for d in back.diagnostics if d.code.startswith("GR1") and d.code != "GR101"]


# -- the enumeration -----------------------------------------------------------------------------

def _cells(*texts: str) -> list[GridCell]:
    return [GridCell(t, 1, n + 1) for n, t in enumerate(texts)]


def _texts(placement):
    return tuple(None if c is None else c.text for c in placement)


@given(row=st.lists(st.sampled_from(["", "0", "1", "2", "7", "15"]), min_size=1, max_size=15),
       lead=st.integers(0, 2), trail=st.integers(0, 2), data=st.data())
def test_the_true_placement_is_among_the_candidates(row, lead, trail, data):
    # The family: a template row of any width (blanks anywhere), surplus blanks at both ends,
    # k of its non-blank cells lost. The placement that put every remaining cell back in its
    # column is a candidate, or the row is refused (None): never a candidate set without it.
    filled = [n for n, t in enumerate(row) if t]
    k = data.draw(st.integers(0, min(3, len(filled))))
    lost = set(data.draw(st.permutations(filled))[:k]) if k else set()
    observed = [""] * lead + [t for n, t in enumerate(row) if n not in lost] + [""] * trail
    found = lost_cell_placements(_cells(*observed), len(row), is_blank, max_lost=3)
    if found is None:
        return
    truth = tuple(None if n in lost else t for n, t in enumerate(row))
    assert truth in {_texts(p) for p in found}
    assert len(found) <= MAX_CANDIDATES


def test_candidates_are_distinct_and_too_many_are_refused():
    found = lost_cell_placements(_cells("1", "2", "", ""), 4, is_blank, max_lost=2)
    assert found is not None
    texts = [_texts(p) for p in found]
    assert len(texts) == len(set(texts))
    assert ("1", "2", "", "") in texts  # nothing lost
    assert {("1", None, "2", ""), (None, "1", "2", "")} <= set(texts)  # one lost, one blank surplus
    assert {(None, None, "1", "2"), ("1", None, None, "2")} <= set(texts)  # two lost, both blanks surplus
    # a table 四 row that lost three cells: more placements than the arithmetic can settle
    assert lost_cell_placements(_cells(*"123456789012"), 15, is_blank, max_lost=3) is None
    assert len(lost_cell_placements(_cells(*"1234567890123"), 15, is_blank, max_lost=2) or ()) == \
        len(list(combinations(range(15), 2)))


def test_row_edges_count_the_columns_rows_above_span_into():
    rows = [[GridCell("a", 1, 1), GridCell("", 1, 2, 3, 2)],  # a blank header cell over two rows
            [GridCell("b", 2, 1)],  # stops at 1, but 2-4 are covered from above
            [GridCell("c", 3, 1), GridCell("1", 3, 2)],  # stops at 2: nothing above covers 3
            [GridCell("d", 4, 1), GridCell("", 4, 2, 4)]]
    assert row_edges(rows) == (4, 4, 2, 5)


# -- lost cells in positioned layouts -------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(WRITERS))
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_table_four_row_that_lost_two_cells_beside_two_surplus_blanks(layout, template):
    # The data row of table 四 loses two cells and has two blank cells after its values (the
    # page's padding, which the header covers): the blanks move under the last two columns, the
    # row looks as long as its columns. Placed as it stands, the value after the lost cells would
    # land a column to the left. It stops two columns short of its header's edge: every
    # placement with up to two cells lost is a candidate; the arithmetic cannot single one out.
    geometry = Geometry(trail=2, lose=(("review_litigation", 3, 0), ("review_litigation", 3, 1)))
    for seed in range(12):
        report = make_report(template, seed=seed)
        back = govreport.parse(WRITERS[layout](report, geometry), format=FORMATS[layout])
        assert wrong_cells(back, report) == {}, (seed, _why(back))
        row = {c.column: c.value for c in back.review_litigation if c.row == "litigation_after_review"}
        assert row["other"] is None and row["pending"] is None
        assert any(d.code in ("GR113", "GR115") and "review_litigation.litigation_after_review.other" in d.cells
                   for d in back.diagnostics)
        # the rows before the lost cells keep what they hold where the arithmetic settles them
        assert cell_values(back)["applications.granted.total"] == cell_values(report)["applications.granted.total"]


def test_a_row_that_lost_more_cells_than_are_enumerated_is_refused_with_gr115():
    report = make_report("2019", seed=3)
    lose = tuple(("review_litigation", 3, k) for k in (0, 1, 2, 3))
    back = govreport.parse(to_html(report, geometry=Geometry(lose=lose)))
    assert wrong_cells(back, report) == {}
    assert all(c.value is None for c in back.review_litigation)
    (d,) = [d for d in back.diagnostics if d.code == "GR115"]
    assert "4 grid column(s)" in d.message and len(d.cells) == 15


_COUNTS = {"cells": 0, "nulls": 0, "reports": 0}


@pytest.fixture(scope="module", autouse=True)
def _null_rate(request):
    yield
    if _COUNTS["cells"]:
        show_after_tests(request, f"lost cells: {_COUNTS['reports']} reports, {_COUNTS['nulls']} of {_COUNTS['cells']} "
                                  f"cells null ({100 * _COUNTS['nulls'] / _COUNTS['cells']:.2f} %), 0 wrong")


@settings(max_examples=30, deadline=None)
@given(report=gs.reports(), layout=st.sampled_from(sorted(WRITERS)), table=st.sampled_from(LOSSY_TABLES),
       row=st.integers(0, 40), k=st.integers(1, 3), lead=st.integers(0, 2), trail=st.integers(0, 2),
       spanned=st.booleans(), split_results=st.booleans(), data=st.data())
def test_rows_that_lost_k_cells_beside_surplus_blanks_give_right_cells_or_nulls(
        report, layout, table, row, k, lead, trail, spanned, split_results, data):
    # k cells lost from one row (each counted from the row's last value, so any k of them),
    # blank padding at both ends of every row, merged header cells, a split label column.
    picks = data.draw(st.lists(st.integers(0, 6), min_size=k, max_size=k))
    geometry = Geometry(spanned_active=spanned, lead=lead, trail=trail, split_results=split_results,
                        lose=tuple((table, row, p) for p in picks))
    back = govreport.parse(WRITERS[layout](report, geometry), format=FORMATS[layout])
    assert wrong_cells(back, report) == {}, _why(back)
    want = cell_values(report)
    got = cell_values(back)
    _COUNTS["reports"] += 1
    _COUNTS["cells"] += len(want)
    _COUNTS["nulls"] += sum(1 for key, v in want.items() if v is not None and got.get(key) is None)


# -- rows that lost nothing: geometry wins --------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(report=gs.reports(), layout=st.sampled_from(sorted(WRITERS)), share=st.sampled_from([0.05, 0.2, 0.5]),
       seed=st.integers(0, 2**32), lead=st.integers(0, 2), trail=st.integers(0, 2), spanned=st.booleans(),
       split_results=st.booleans())
def test_rows_with_blank_cells_their_totals_count_are_read_as_they_stand(
        report, layout, share, seed, lead, trail, spanned, split_results):
    # The family of the r20xx-blanks converter fixtures: a source that leaves cells blank that
    # its totals count (a total blank beside its parts, a part blank beside its total), so rows
    # break their own arithmetic, some with a blank at an end. No cell was lost: every row reaches
    # its header's edge, and its positions are the source's. Every cell is read as it stands.
    report = blank_share(report, random.Random(seed), share)
    geometry = Geometry(spanned_active=spanned, lead=lead, trail=trail, split_results=split_results)
    back = govreport.parse(WRITERS[layout](report, geometry), format=FORMATS[layout])
    assert cell_values(back) == cell_values(report), _why(back)
    assert [d.code for d in back.diagnostics if d.code in ("GR106", "GR112", "GR113", "GR115")] == []


def test_markdown_html_writer_is_read_by_the_markdown_plugin():
    back = govreport.parse(to_markdown_html(make_report("2021", seed=4), Geometry(lead=1)))
    assert back.format == "markdown"
    assert re.match(r"\d{4}", str(back.meta.year.value))
