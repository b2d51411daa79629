"""The three table layouts on our own fixtures: every quirk the seeds show, both templates."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from factories import cell_values, make_report
from govreport.normalize import normalize
from govreport.registry import default_registry
from govreport.render import render

LAYOUTS = ["pipe", "tsv", "docx-export"]


def codes(report):
    return [d.code for d in report.diagnostics]


# -- pipe ------------------------------------------------------------------------------------

def test_pipe_traditional_wrapped_row_and_wan_yuan(fixture_text):
    r = govreport.parse(fixture_text("pipe_hant_2019.txt"))
    assert r.format == "pipe" and r.template == "2019"
    assert r.meta.values() == {"agency": "临江县自然资源局", "year": 2020, "published": None,
                               "template": "2019", "script": "hant"}
    # 行政許可 | 41 | 2  +  | 1288 |  is one row
    assert r.active.row("licensing") == {"prev_items": 41, "change": 2, "decisions": 1288}
    assert r.active.row("other_services") == {"prev_items": 5, "change": -1, "decisions": 12}
    assert r.value("active.procurement.amount") == 125000  # 12.5萬元
    assert r.applications.row("unavailable.not_held")["total"] == 1
    assert r.review_litigation.row("review") == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert r.review_litigation.row("litigation_direct")["total"] == 1
    assert len(list(r.cells())) == 198
    assert "GR002" in codes(r)
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


# -- tsv -------------------------------------------------------------------------------------

def test_tsv_column_shift_blanks_units_typo(fixture_text):
    r = govreport.parse(fixture_text("tsv_shift_2019.txt"))
    assert r.format == "tsv"
    assert r.meta.values() == {"agency": "东川区人民政府办公室", "year": 2020, "published": "2021-01-20",
                               "template": "2019", "script": "hans"}
    assert r.active.row("penalties") == {"prev_items": 9, "change": 3, "decisions": 40}  # '+3'
    assert r.value("active.procurement.amount") == 250400.5  # header says 元
    assert r.active.row("fees") == {"prev_items": 0, "change": 0}  # header 上年项目数量, a trailing empty cell
    # rows that lost or gained leading empty cells still land in the right columns
    assert r.applications.row("new_received") == {"natural_person": 3, "commercial_enterprise": 1,
                                                  "research_institution": 0, "public_interest_org": 0,
                                                  "legal_service_agency": 0, "other_org": 0, "total": 4}
    assert r.applications.row("total_handled")["total"] == 4
    assert r.applications.row("not_processed.confirmation")["total"] == 0
    # 属于国际秘密 is read as 属于国家秘密, with a warning naming the variant
    assert r.applications.row("denied.state_secret")["total"] == 0
    assert any(d.code == "GR101" and "国际秘密" in d.message for d in r.diagnostics)
    # the blank 行政复议 cells are null, never 0
    assert r.review_litigation.row("review") == dict.fromkeys(["upheld", "corrected", "other", "pending", "total"])
    assert r.review_litigation.row("litigation_direct")["total"] == 0
    assert len(list(r.cells())) == 198


# -- docx-export -----------------------------------------------------------------------------

def test_docx_export_2021_split_other_handling_marker_and_wrapped_cell(fixture_text):
    r = govreport.parse(fixture_text("docx_2021_split.txt"))
    assert r.format == "docx-export" and r.template == "2021"
    assert r.meta.values() == {"agency": "北河市生态环境局", "year": 2022, "published": "2023-01-16",
                               "template": "2021", "script": "hans"}
    assert r.active.row("normative_documents") == {"issued": 2, "repealed": 1, "in_force": 6}  # [bookmark]6
    assert r.value("active.fees.amount") == 15000  # 1.5 in a 万元 column
    assert r.applications.row("other_handling.no_correction")["total"] == 1
    assert r.applications.row("other_handling.other")["total"] == 0
    assert "other_handling" not in r.applications.rows()
    assert r.review_litigation.row("litigation_direct")["upheld"] == 2
    assert len(list(r.cells())) == 10 + 25 * 7 + 15


# -- every layout, both templates, through the renderers ------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("template,kwargs", [("2019", {}), ("2021", {"split_other": True}),
                                             ("2021", {"split_other": False})])
def test_render_parse_round_trip(layout, template, kwargs):
    report = make_report(template, seed=11, **kwargs)
    text = render(report, layout)
    back = govreport.parse(text)
    assert back.format == layout
    assert cell_values(back) == cell_values(report)
    assert back.meta.values() == report.meta.values()
    assert not [d for d in back.diagnostics if d.severity != "info"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sniffing_refuses_other_layouts(layout):
    text = normalize(render(make_report("2019", seed=2), layout)).text
    scores = {i.name: s for s, i in default_registry().scores(text)}
    assert max(scores, key=scores.get) == layout
    for other in [*LAYOUTS, "narrative"]:
        if other != layout:
            assert scores[other] < 0.2, (other, scores)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_missing_table_is_reported_and_the_rest_parsed(layout):
    report = make_report("2019", seed=5)
    from govreport.model import Report

    cut = Report(meta=report.meta, active=report.active, applications=None,
                 review_litigation=report.review_litigation)
    back = govreport.parse(render(cut, layout))
    assert back.applications is None
    assert any(d.code == "GR103" and "applications" in d.message for d in back.diagnostics)
    assert cell_values(back) == cell_values(cut)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_table_cut_off_halfway_keeps_what_was_read(layout):
    report = make_report("2019", seed=6)
    text = render(report, layout)
    marker = {"pipe": "（三）不予公开", "tsv": "（三）不予公开", "docx-export": "\t（三）不予公开"}[layout]
    cut_text = text[: text.index(marker)]
    back = govreport.parse(cut_text)
    got = cell_values(back)
    want = cell_values(report)
    assert got == {k: v for k, v in want.items() if k in got}  # nothing wrong
    assert got["applications.partially_granted.total"] == want["applications.partially_granted.total"]
    assert "applications.denied.state_secret.total" not in got
    assert any(d.code == "GR109" and "denied.state_secret" in d.message for d in back.diagnostics)
    assert back.review_litigation is None


def test_row_cut_off_mid_row_keeps_read_cells():
    report = make_report("2019", seed=7)
    text = render(report, "pipe")
    line_start = text.index("四、结转下年度继续办理")
    row = text[line_start:].split("\n")[0]
    truncated = text[:line_start] + " | ".join(row.split(" | ")[:3])  # label and two cells
    back = govreport.parse(truncated)
    got = back.applications.row("carried_forward")
    assert list(got) == ["natural_person", "commercial_enterprise"]
    assert got == {c: report.applications.get("carried_forward", c) for c in got}
    assert any(d.code == "GR109" for d in back.diagnostics)


def test_unreadable_cell_is_null_with_a_diagnostic():
    report = make_report("2019", seed=8)
    text = render(report, "tsv")
    line = next(ln for ln in text.split("\n") if ln.startswith("行政处罚\t"))
    bad = line.split("\t")
    bad[3] = "约40"
    back = govreport.parse(text.replace(line, "\t".join(bad)))
    assert back.active.get("penalties", "decisions") is None
    assert back.active.cell("penalties", "decisions").raw == "约40"
    assert any(d.code == "GR105" and "active.penalties.decisions" in d.cells for d in back.diagnostics)


def test_unknown_row_label_is_reported_not_guessed():
    report = make_report("2019", seed=9)
    text = render(report, "tsv").replace("行政强制\t", "行政裁决\t")
    back = govreport.parse(text)
    assert "enforcement" not in back.active.rows()
    assert any(d.code == "GR102" and "行政裁决" in d.message for d in back.diagnostics)
    assert any(d.code == "GR104" and "enforcement" in d.message for d in back.diagnostics)


def test_money_without_unit_is_null():
    report = make_report("2019", seed=10)
    text = render(report, "pipe")
    amount = next(ln for ln in text.split("\n") if ln.startswith("政府集中采购"))
    back = govreport.parse(text.replace(amount, "政府集中采购 | 3 | 120.5 |"))
    assert back.active.get("procurement", "amount") is None
    assert any(d.code == "GR108" for d in back.diagnostics)


def test_grammars_are_built_once():
    from govreport.grammars import load_grammar
    from govreport.lines import LineItems

    assert load_grammar("pipe", transformer=LineItems()) is load_grammar("pipe", transformer=LineItems())


# -- regressions found by the property tests (kept as explicit examples) -------------------------

def test_regression_wrapped_tsv_row_continues_after_a_tab():
    report = make_report("2019", seed=1)
    text = render(report, "tsv")
    line = next(ln for ln in text.split("\n") if ln.startswith("行政许可\t"))
    label, a, b, c = line.split("\t")
    back = govreport.parse(text.replace(line, f"{label}\t{a}\t{b}\n\t{c}"))
    assert cell_values(back) == cell_values(report)


def test_regression_wrapped_label_less_review_row():
    report = make_report("2019", seed=5)
    text = render(report, "tsv")
    line = text.rstrip("\n").split("\n")[[i for i, ln in enumerate(text.split("\n")) if ln.count("\t") == 14][-1]]
    cells = line.split("\t")
    wrapped = "\t".join(cells[:3]) + "\n\t" + "\t".join(cells[3:])
    back = govreport.parse(text.replace(line, wrapped))
    assert cell_values(back) == cell_values(report)


@pytest.mark.parametrize("leading", ["\t", "\t\t"])
def test_regression_wrapped_row_after_a_flattened_merged_cell(leading):
    # Hypothesis found it: the label-less review row gained leading empty cells (a flattened
    # merged cell) and then wrapped; its two lines hold one surplus blank beyond 15 cells.
    report = make_report("2019", seed=5)
    text = render(report, "tsv")
    line = text.rstrip("\n").split("\n")[[i for i, ln in enumerate(text.split("\n")) if ln.count("\t") == 14][-1]]
    cells = line.split("\t")
    wrapped = leading + "\t".join(cells[:3]) + "\n\t" + "\t".join(cells[3:])
    back = govreport.parse(text.replace(line, wrapped))
    assert cell_values(back) == cell_values(report)
    assert not [d for d in back.diagnostics if d.code == "GR106"]


def test_regression_footer_junk_after_the_signature_date():
    report = make_report("2019", seed=3)
    junk = "\n".join(["附件：相关数据表", "（此页无正文）", "扫一扫在手机打开当前页", "【打印本页】【关闭窗口】",
                      "浏览次数：1052"] * 2)
    back = govreport.parse(render(report, "pipe") + junk + "\n")
    assert back.meta.published.value == report.meta.published.value


def _cell_run_line_by_line(text, first_line, cells, rows):
    """The docx-export cell-run reader written plainly, one line at a time (the reference)."""
    from govreport.blocks import GridCell, GridRow

    for line, body in enumerate(text.split("\n"), first_line):
        tab = body.find("\t")
        if tab >= 0:
            content = body[tab + 1:]
            cells.append(GridCell(content.strip(), line, tab + 2 + len(content) - len(content.lstrip())))
        elif cells:
            rows.append(GridRow(tuple(cells), cells[0].line))
            cells = []
    return cells


_CELL_LINES = ["\t12", "\t 3 ", "\t", "  \tx", "\ta\tb", "", "  ", "\t行政许可", "\t0\t", " \t \t", "\t（一）予以公开"]


@settings(max_examples=300)
@given(lines=st.lists(st.sampled_from(_CELL_LINES), min_size=1, max_size=30), first=st.integers(1, 50),
       open_row=st.booleans())
def test_docx_cell_runs_read_row_by_row_as_line_by_line(lines, first, open_row):
    from govreport.blocks import GridCell
    from govreport_plugins.docx_export import _read_cell_run

    text = "\n".join(lines)
    start = [GridCell("carried over", 1, 2)] if open_row else []
    fast_rows: list = []
    slow_rows: list = []
    fast = _read_cell_run(text, first, list(start), fast_rows)
    slow = _cell_run_line_by_line(text, first, list(start), slow_rows)
    assert (fast, fast_rows) == (slow, slow_rows)


def _split_plainly(cells):
    """The row split written plainly (the reference): labels run from the first text cell to
    the last text cell before the first number after it; blanks among them are dropped."""
    from govreport.numbers import is_blank, looks_numeric

    kinds = ["blank" if is_blank(c.text.strip()) else "number" if looks_numeric(c.text.strip()) else "label"
             for c in cells]
    cells = [c._replace(text=c.text.strip()) for c in cells]
    if "label" not in kinds:
        return [], cells, True, "number" in kinds, False
    first = kinds.index("label")
    later_numbers = [n for n in range(first + 1, len(kinds)) if kinds[n] == "number"]
    end = later_numbers[0] if later_numbers else len(kinds)
    last = max(n for n in range(first, end) if kinds[n] == "label")
    labels = [c for c, k in zip(cells[: last + 1], kinds) if k != "blank"]
    rest = kinds[last + 1:]
    return (labels, cells[last + 1:], len(labels) == last + 1 - first, "label" in rest or "number" in rest,
            "label" in rest)


_ROW_TEXTS = ["", " ", "12", " 3 ", "规章", " 行政许可 ", "—", "/", "1.其他", "三、本年度办理结果", "无", "0.5万元"]


@settings(max_examples=500)
@given(texts=st.lists(st.sampled_from(_ROW_TEXTS), max_size=9))
def test_rows_split_into_labels_and_values_as_the_plain_rule_says(texts):
    from govreport.blocks import GridCell, GridRow
    from govreport.builder import split_row

    cells = [GridCell(t, 4, 1 + 5 * n) for n, t in enumerate(texts)]
    got = split_row(GridRow(tuple(cells), 4))
    assert (got.labels, got.values, got.contiguous, got.any_value, got.text_in_values) == _split_plainly(cells)


def test_a_number_before_the_label_stays_among_the_labels():
    # "0.5万元 | 1.其他 | 3": the leading number is not dropped, so the row does not read as 1.其他's data
    from govreport.blocks import GridCell, GridRow
    from govreport.builder import split_row

    got = split_row(GridRow((GridCell("0.5万元", 1, 1), GridCell("", 1, 8), GridCell("1.其他", 1, 10),
                             GridCell("3", 1, 16)), 1))
    assert [c.text for c in got.labels] == ["0.5万元", "1.其他"] and not got.contiguous


def test_a_failed_wrap_join_leaves_the_row_below_as_it_was():
    # The row below is read on its own when it is not the rest of the row above: its cells must be intact.
    from govreport.blocks import GridCell, GridRow
    from govreport.builder import _join_wrapped, split_row

    above = split_row(GridRow((GridCell("行政许可", 3, 1), GridCell("5", 3, 8)), 3))
    below = split_row(GridRow((GridCell("", 4, 1), GridCell("", 4, 3), GridCell("7", 4, 5), GridCell("8", 4, 7),
                               GridCell("9", 4, 9)), 4))
    before = list(below.values)
    assert _join_wrapped(above.values, below, 2) is None  # 5 + 7 8 9 is too long for two columns
    assert below.values == before
