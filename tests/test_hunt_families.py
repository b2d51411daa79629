"""Input families found by a wrong-number hunt, each covered as a family.

Table 四's header names the columns of its three groups of rows (行政复议; 行政诉讼's 未经复议直接起诉
and 复议后起诉) once per group. A report that writes one group's columns in another order
(结果纠正 before 结果维持 in 行政复议 only) used to have that group's order applied to every
group when the values were placed by their order (tsv, pipe, docx-export): the other groups'
cells swapped, a wrong number. Which header group is which row's is the layout's geometry to
say, and a text layout keeps none: the columns the groups disagree on are null (GR119), the
others read. A positioned grid (HTML, .docx) places each value under its header cell and reads
them all.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from factories import cell_values, make_report
from govreport import schema
from govreport.model import Report
from govreport.render import Rows, table_text
from govreport_plugins.docx_export import docx_export_lines
from govreport_plugins.pipe import pipe_lines
from govreport_plugins.tsv import tsv_lines

WRITERS = {"pipe": pipe_lines, "tsv": tsv_lines, "docx-export": docx_export_lines}
TEMPLATES = [("2019", {}), ("2021", {"split_other": True}), ("2021", {"split_other": False})]


def _review_columns(template_id: str) -> list[str]:
    return [c.label for c in schema.template(template_id).table(schema.REVIEW_LITIGATION).rows[0].columns]


def _label_runs(rows: list[list[str]], labels: list[str]) -> list[tuple[int, int]]:
    """Where the header rows name a group's columns: ``(row, first cell)`` of each run of the
    column labels, in reading order (the template draws the groups left to right, so the k-th
    run is the k-th group of values in the data row)."""
    found = []
    for r, row in enumerate(rows):
        for c in range(len(row) - len(labels) + 1):
            if row[c:c + len(labels)] == labels:
                found.append((r, c))
    return found


def reordered_group_text(report: Report, layout: str, group: int, order: list[int]) -> str:
    """``report`` written in ``layout`` with table 四's ``group``-th group of columns (header
    labels and values alike) in ``order`` (a permutation of the group's column positions)."""
    labels = _review_columns(report.template or "2019")
    width = len(labels)

    def write(rows: Rows) -> list[str]:
        table = [list(r) for r in rows]
        runs = _label_runs(table, labels)
        if len(runs) == 3:  # table 四: its group labels, then the one data row
            r, c = runs[group]
            table[r][c:c + width] = [labels[p] for p in order]
            data = table[-1]
            block = data[group * width:(group + 1) * width]
            data[group * width:(group + 1) * width] = [block[p] for p in order]
        return WRITERS[layout](table)

    return table_text(report, write)


def _check(report: Report, layout: str, group: int, order: list[int]) -> None:
    back = govreport.parse(reordered_group_text(report, layout, group, order), format=layout)
    want, got = cell_values(report), cell_values(back)
    wrong = [f"{k}: read {v!r}, written {want[k]!r}" for k, v in got.items() if v is not None and v != want.get(k)]
    assert not wrong, wrong
    columns = [c.id for c in schema.template(report.template or "2019").table(schema.REVIEW_LITIGATION).rows[0].columns]
    moved = {columns[n] for n, p in enumerate(order) if p != n}
    nulled = {d for d in back.diagnostics if d.code == "GR119"}
    # only the cells of the columns the groups disagree on are null, with the diagnostic
    for key, value in want.items():
        if not key.startswith(schema.REVIEW_LITIGATION + "."):
            assert got[key] == value, key
            continue
        if key.split(".")[-1] in moved:
            assert got[key] is None, key
        else:
            assert got[key] == value, key
    assert nulled and set(next(iter(nulled)).cells) == {
        k for k in want if k.startswith(schema.REVIEW_LITIGATION + ".") and k.split(".")[-1] in moved}


@settings(max_examples=12, deadline=None)
@given(template=st.sampled_from(TEMPLATES), seed=st.integers(0, 10_000), layout=st.sampled_from(sorted(WRITERS)),
       group=st.integers(0, 2), data=st.data())
def test_one_review_group_in_another_column_order_is_never_read_wrong(template, seed, layout, group, data):
    template_id, kw = template
    report = make_report(template_id, seed=seed, **kw)
    width = len(_review_columns(template_id))
    order = data.draw(st.permutations(range(width)).filter(lambda p: p != sorted(p)), label="order")
    _check(report, layout, group, list(order))


def test_a_swap_in_the_first_group_nulls_those_two_columns_in_every_group():
    # the case the hunt found: 结果纠正 | 结果维持 in 行政复议 only; 行政诉讼's groups were swapped
    report = make_report("2019", seed=0)
    for layout in WRITERS:
        _check(report, layout, 0, [1, 0, 2, 3, 4])


@pytest.mark.parametrize("layout", sorted(WRITERS))
def test_every_group_in_the_same_other_order_is_read_in_that_order(layout):
    # the groups agree: the header's order is the order of every group's values
    report = make_report("2021", seed=3)
    labels = _review_columns("2021")
    order = [4, 0, 1, 2, 3]
    width = len(labels)

    def write(rows: Rows) -> list[str]:
        table = [list(r) for r in rows]
        runs = _label_runs(table, labels)
        if len(runs) == 3:
            for r, c in runs:
                table[r][c:c + width] = [labels[p] for p in order]
            data = table[-1]
            for g in range(3):
                block = data[g * width:(g + 1) * width]
                data[g * width:(g + 1) * width] = [block[p] for p in order]
        return WRITERS[layout](table)

    back = govreport.parse(table_text(report, write), format=layout)
    assert cell_values(back) == cell_values(report)
    assert not [d for d in back.diagnostics if d.code == "GR119"]


# -- a footnote marker raised (or lowered) beside a number ----------------------------------
# Pages and Word files mark a figure with a raised footnote number: 4188<sup>1</sup>, a run with
# w:vertAlign="superscript". Its text used to join the number's (41881, a wrong number); it
# stands apart now, so the cell is two digit runs (GR151) or no number (GR105): null, never joined.

MARKERS = ["1", "2", "※1", "注1", "*"]


def _html_with_markers(report: Report, rng: random.Random, share: float, marker: str, tag: str) -> tuple[bytes, int]:
    """``report`` as an HTML page with ``marker`` in a ``tag`` after the number of each value
    cell chosen with probability ``share``; and how many were marked."""
    import re

    from sources import to_html

    marked = 0

    def mark(m: re.Match[str]) -> str:
        nonlocal marked
        if rng.random() >= share:
            return m.group(0)
        marked += 1
        return f"<td>{m.group(1)}<{tag}>{marker}</{tag}></td>"

    page = re.sub(r"<td>(\d+)</td>", mark, to_html(report).decode())
    return page.encode(), marked


def _no_wrong_and_marked_null(report: Report, back: Report, marked: int) -> None:
    want, got = cell_values(report), cell_values(back)
    wrong = [f"{k}: read {v!r}, written {want[k]!r}" for k, v in got.items() if v is not None and v != want.get(k)]
    assert not wrong, wrong
    nulls = [k for k, v in got.items() if v is None and want[k] is not None]
    assert len(nulls) <= marked  # (a merged cell is one cell written once: no more nulls than marks)
    # each refused: two digit runs (GR151), or not a number at all (GR105: "12 *")
    refused = {c for d in back.diagnostics if d.code in ("GR151", "GR105") for c in d.cells}
    assert set(nulls) <= refused, set(nulls) - refused


@settings(max_examples=6, deadline=None)
@given(template=st.sampled_from(TEMPLATES), seed=st.integers(0, 10_000), marker=st.sampled_from(MARKERS),
       tag=st.sampled_from(["sup", "sub"]), share=st.sampled_from([0.05, 0.3]))
def test_a_raised_marker_beside_a_number_in_html_is_never_joined_to_it(template, seed, marker, tag, share):
    pytest.importorskip("lxml")
    template_id, kw = template
    report = make_report(template_id, seed=seed, **kw)
    page, marked = _html_with_markers(report, random.Random(seed), share, marker, tag)
    _no_wrong_and_marked_null(report, govreport.parse(page), marked)


@settings(max_examples=4, deadline=None)
@given(template=st.sampled_from(TEMPLATES), seed=st.integers(0, 10_000), marker=st.sampled_from(MARKERS),
       lowered=st.booleans())
def test_a_raised_run_beside_a_number_in_docx_is_never_joined_to_it(template, seed, marker, lowered):
    import io

    docx = pytest.importorskip("docx")
    from sources import to_docx

    template_id, kw = template
    report = make_report(template_id, seed=seed, **kw)
    document = docx.Document(io.BytesIO(to_docx(report)))
    rng = random.Random(seed)
    marked = 0
    for table in document.tables:
        for tr in table.rows:
            for tc in tr.cells:
                if tc.text.isdigit() and rng.random() < 0.2:
                    run = tc.paragraphs[0].add_run(marker)
                    run.font.subscript, run.font.superscript = lowered, not lowered
                    marked += 1
    out = io.BytesIO()
    document.save(out)
    _no_wrong_and_marked_null(report, govreport.parse(out.getvalue()), marked)


def test_a_raised_marker_stands_apart_from_a_label_too():
    # a marker on a label keeps the label's words apart from it: the row is still found or null,
    # its values never shifted
    pytest.importorskip("lxml")
    from sources import to_html

    report = make_report("2019", seed=2)
    page = to_html(report).decode().replace("行政许可</td>", "行政许可<sup>1</sup></td>")
    back = govreport.parse(page.encode())
    want, got = cell_values(report), cell_values(back)
    assert not [k for k, v in got.items() if v is not None and v != want[k]]


# -- table 三's header naming its columns in another order ---------------------------------
# Table 三's values are placed in the template's column order. A text report whose header puts
# the columns in another order (总计 first, a sub-column of 法人或其他组织 moved) had its values
# read in the template's order all the same: every cell of the moved columns wrong. A header row
# naming two columns the other way round now makes the rows under it null (GR134), in the
# text layouts that give no column a value stands under.


def _apps_labels(template_id: str) -> list[str]:
    return [c.label for c in schema.template(template_id).table(schema.APPLICATIONS).header_columns]


def _is_applications(rows: list[list[str]], labels: list[str]) -> bool:
    return sum(cell in labels for row in rows[:3] for cell in row) == len(labels)


def _permuted_applications(report: Report, layout: str, order: list[int], one_line: bool) -> str:
    """``report`` in ``layout`` with table 三's columns (header labels and every row's values) in
    ``order``: its header on one line of the column labels (``one_line``), or as the template
    draws it with only the sub-columns of the middle band permuted (``order`` keeps the first
    and last column in place)."""
    labels = _apps_labels(report.template or "2019")
    width = len(labels)

    def write(rows: Rows) -> list[str]:
        table = [list(r) for r in rows]
        if not _is_applications(table, labels):
            return WRITERS[layout](table)
        heads = next(n for n, r in enumerate(table) if any(c.strip().isdigit() for c in r))
        for row in table[heads:]:
            row[-width:] = [row[-width:][p] for p in order]
        if one_line:
            table[:heads] = [["", *[labels[p] for p in order]]]
        else:
            inner = table[heads - 1]
            first = inner.index(labels[1])
            inner[first:first + width - 2] = [labels[p] for p in order[1:-1]]
        return WRITERS[layout](table)

    return table_text(report, write)


def _check_applications(report: Report, layout: str, order: list[int], one_line: bool) -> None:
    back = govreport.parse(_permuted_applications(report, layout, order, one_line), format=layout)
    want, got = cell_values(report), cell_values(back)
    wrong = [f"{k}: read {v!r}, written {want[k]!r}" for k, v in got.items() if v is not None and v != want.get(k)]
    assert not wrong, wrong
    apps = {k for k in want if k.startswith(schema.APPLICATIONS + ".")}
    if order == sorted(order):
        assert got == want
        return
    assert all(got[k] is None for k in apps)
    assert all(got[k] == v for k, v in want.items() if k not in apps)
    assert {c for d in back.diagnostics if d.code == "GR134" for c in d.cells} == apps


@settings(max_examples=10, deadline=None)
@given(template=st.sampled_from(TEMPLATES), seed=st.integers(0, 10_000), layout=st.sampled_from(sorted(WRITERS)),
       one_line=st.booleans(), data=st.data())
def test_table_three_with_its_columns_in_another_order_is_never_read_wrong(template, seed, layout, one_line, data):
    template_id, kw = template
    report = make_report(template_id, seed=seed, **kw)
    width = len(_apps_labels(template_id))
    if one_line:
        order = list(data.draw(st.permutations(range(width)), label="order"))
    else:
        middle = data.draw(st.permutations(range(1, width - 1)), label="middle")
        order = [0, *middle, width - 1]
    _check_applications(report, layout, order, one_line)


def test_the_total_column_first_nulls_table_three_in_every_text_layout():
    report = make_report("2021", seed=4, split_other=False)
    width = len(_apps_labels("2021"))
    for layout in WRITERS:
        _check_applications(report, layout, [width - 1, *range(width - 1)], one_line=True)
