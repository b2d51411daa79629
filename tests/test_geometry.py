"""Positioned grids (HTML, .docx): values placed by the grid column they stand under.

The fixtures are our own reports, written by tests/sources.py in the merged-cell shapes real
pages show: a rowspan label column, header colspans that differ from the data rows' (the 2019
第二十条 form), blank cells before and after the values, the （六） split.
"""

import pytest

import govreport
import govreport.limits
from factories import cell_values, make_report
from govreport.api import open_input
from govreport.blocks import GridCell
from govreport.engine.placement import placements

pytest.importorskip("lxml")
pytest.importorskip("docx")
from sources import Geometry, to_docx, to_html

TEMPLATES = [("2019", {}), ("2021", {"split_other": True}), ("2021", {"split_other": False})]
GEOMETRIES = {
    "spanned": Geometry(spanned_active=True),
    "shifted": Geometry(spanned_active=True, shifted_data=True),
    "padded": Geometry(lead=1, trail=2),
    "split-results": Geometry(split_results=True),
    "all": Geometry(spanned_active=True, shifted_data=True, lead=2, trail=1, split_results=True),
}


def warnings(report):
    return [d for d in report.diagnostics if d.severity != "info"]


@pytest.mark.parametrize("template,kw", TEMPLATES)
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
@pytest.mark.parametrize("writer", [to_html, to_docx], ids=["html", "docx"])
def test_every_cell_right_in_each_merged_cell_shape(template, kw, name, writer):
    report = make_report(template, seed=31, **kw)
    back = govreport.parse(writer(report, geometry=GEOMETRIES[name]))
    assert cell_values(back) == cell_values(report)
    assert not warnings(back), [d.message for d in warnings(back)]


def _cells(*spec):
    """GridCells from ``(text, column, colspan)``."""
    return [GridCell(text, 1, column, colspan) for text, column, colspan in spec]


def blank(text):
    return not text.strip()


def test_a_value_overlapping_two_columns_is_placed_by_the_order():
    # header 上一年项目数量 [2], 本年增/减 [3-4], 处理决定数量 [5]; values [2-3], [4], [5]
    found = placements(_cells(("3", 2, 2), ("0", 4, 1), ("1", 5, 1)), [(2, 2), (3, 4), (5, 5)], blank)
    assert [[c.text for c in p] for p in found] == [["3", "0", "1"]]


def test_two_placements_are_both_returned_and_blanks_keep_their_place():
    found = placements(_cells(("3", 2, 2), ("", 4, 1), ("1", 5, 1)), [(2, 2), (3, 4), (5, 5)], blank)
    got = [[c.text if c else None for c in p] for p in found]
    assert sorted(got, key=str) == [["3", "", "1"], [None, "3", "1"]]  # nothing stands under [2] in the second


def test_a_value_outside_every_column_or_two_under_one_does_not_fit():
    assert placements(_cells(("3", 9, 1)), [(2, 2)], blank) == []
    assert placements(_cells(("3", 2, 1), ("4", 3, 1)), [(2, 3)], blank) == []
    assert placements(_cells(("1", 2, 1), ("2", 3, 1), ("3", 4, 1)), [(2, 2), (3, 3)], blank) == []


def test_a_column_with_no_cell_under_it_is_none():
    (found,) = placements(_cells(("7", 2, 1)), [(2, 2), (3, 3)], blank)
    assert found[0].text == "7" and found[1] is None


PAGE = """<html><body><p>2020年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="2">3</td><td>&nbsp;</td><td>4</td></tr>
<tr><td>其他对外管理服务事项</td><td colspan="2">5</td><td>1</td><td>6</td></tr>
<tr><td>行政处罚</td><td>1</td><td>2</td><td>3</td><td>4</td></tr>
</table></body></html>"""


def test_an_ambiguous_row_is_null_with_the_candidates_named():
    r = govreport.parse(PAGE.encode())
    # 3 stands under 上一年项目数量 and 本年增/减 alike (4 only under 处理决定数量): two placements,
    # no rule to tell them apart, so the whole row is null and the diagnostic names both.
    assert r.active.row("licensing") == {"prev_items": None, "change": None, "decisions": None}
    (d,) = [d for d in r.diagnostics if d.code == "GR113"]
    assert "prev_items=3" in d.message and "change=3" in d.message and "decisions=4" in d.message
    assert set(d.cells) == {"active.licensing.prev_items", "active.licensing.change", "active.licensing.decisions"}
    assert r.active.row("other_services") == {"prev_items": 5, "change": 1, "decisions": 6}


def test_a_row_whose_values_do_not_stand_under_the_columns_is_not_used():
    r = govreport.parse(PAGE.encode())
    assert "penalties" not in r.active.rows()
    assert any(d.code == "GR112" and "active.penalties.prev_items" in d.cells for d in r.diagnostics)


def test_an_empty_last_row_under_table_four_is_not_a_second_row():
    report = make_report("2019", seed=32)
    page = to_html(report).decode()
    last = page.rindex("</table>")
    page = page[:last] + "<tr>" + "<td>&nbsp;</td>" * 15 + "</tr>" + page[last:]
    back = govreport.parse(page.encode())
    assert cell_values(back) == cell_values(report)
    assert not warnings(back)


def test_spans_are_clamped_to_the_table():
    from govreport_plugins.html import HtmlPlugin

    page = ("<html><body><p>2020年政府信息公开工作年度报告</p><table>"
            '<tr><td colspan="1000000000" rowspan="1000000000">行政许可</td><td colspan="99999999999">1</td></tr>'
            "<tr><td>规章</td><td>2</td></tr></table></body></html>")
    # The default limits refuse such spans outright (GR30x, tests/test_hostile.py); without that
    # limit the grid still clamps them to the table's real extent.
    with govreport.limits.enforced(govreport.Limits(max_span=None, max_cells=None)):
        (grid,) = HtmlPlugin().read(open_input(page.encode())[0]).grids
    assert grid.positioned
    for row in grid.rows:
        for c in row.cells:
            assert c.colspan <= 2 and c.rowspan <= 2


def test_docx_merged_cells_keep_their_geometry():
    from govreport_plugins.docx import DocxPlugin

    doc = DocxPlugin().read(open_input(to_docx(make_report("2019", seed=33)))[0])
    apps = next(g for g in doc.grids if any(c.text == "申请人情况" for c in g.rows[0].cells))
    assert apps.positioned
    first = {c.text: (c.column, c.colspan, c.rowspan) for c in apps.rows[0].cells}
    assert first["申请人情况"] == (4, 7, 1)
    assert next(iter(first.values())) == (1, 3, 3)
    nat = next(c for c in apps.rows[1].cells if c.text == "自然人")
    assert (nat.column, nat.rowspan) == (4, 2)


def test_a_text_row_two_placements_fit_is_null_as_a_whole_even_where_they_agree():
    """The review line with a surplus blank at both ends: dropping either blank gives a
    placement whose row totals hold (all zeros), and the two disagree only at the ends. The
    cells between are the same in both, but the row is still a guess: all fifteen are null,
    and the diagnostic shows both placements."""
    import attrs

    from factories import make_report

    report = make_report("2019", seed=1)
    review = report.review_litigation
    zeros = attrs.evolve(report, review_litigation=attrs.evolve(review, cells=tuple(attrs.evolve(c, value=0)
                                                                                    for c in review)))
    lines = govreport.render(zeros, "tsv").split("\n")
    at = lines.index("\t".join(["0"] * 15))
    lines[at] = "\t".join(["", *["0"] * 14, ""])
    r = govreport.parse("\n".join(lines), format="tsv")
    assert all(c.value is None for c in r.review_litigation)
    (d,) = [d for d in r.diagnostics if d.code == "GR113"]
    assert len(d.cells) == 15 and "2 ways" in d.message and "15 cells are null" in d.message
    assert d.message.count("review.pending=0") == 2  # both candidates are named
    # Unchanged, the same line is read as it stands.
    lines[at] = "\t".join(["0"] * 15)
    assert all(c.value == 0 for c in govreport.parse("\n".join(lines), format="tsv").review_litigation)
