"""Flattened scrapes: the flat plugin (layout) and govreport.recovery (the template's arithmetic)."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport
from factories import make_report
from flat_strategies import blank_some_zeros, flat_reports, flat_reports_with_a_source_error
from govreport import recovery, schema
from govreport.blocks import Grid, GridCell, GridRow
from govreport.model import Cell, Report, Table
from govreport.render import render
from govreport.testing.properties import reports as kit_reports
from govreport_plugins.flat import FlatPlugin
from tallies import show_after_tests

FLAT = FlatPlugin()
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HEADER = ("标题: 青州市交通运输局2020年政府信息公开工作年度报告\n发布时间: 2021-01-20 09:00\n"
          "==================== 正文 ====================\n")


@attrs.define
class Tally:
    """Cells recovered / cells generated, over the whole property run (printed at the end)."""

    recovered: int = 0
    total: int = 0
    reports: int = 0


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _print_recovered_share(request: pytest.FixtureRequest):
    yield
    if TALLY.total:
        share = TALLY.recovered / TALLY.total
        line = (f"flat round trip: {TALLY.recovered} of {TALLY.total} generated cells recovered ({share:.1%}) "
                f"over {TALLY.reports} reports; every other cell null")
        show_after_tests(request, line)


def _values(report: Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


def _wrong(parsed: Report, truth: Report) -> list[tuple[str, object, object]]:
    want = _values(truth)
    return [(k, v, want.get(k)) for k, v in _values(parsed).items() if v is not None and v != want.get(k)]


# -- the property -------------------------------------------------------------------------------

# 40 examples: a flat report takes tens of milliseconds to settle (HYPOTHESIS_PROFILE=thorough
# raises it with the other properties).
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
          max_examples=500 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 40)
@given(flat_reports())
def test_flat_round_trip_never_gives_a_wrong_number(case):
    parsed = govreport.parse(case.text)
    assert parsed.format == "flat"
    assert parsed.template == case.report.template
    assert _wrong(parsed, case.report) == []
    meta = ("agency", "year", "published")
    assert [getattr(parsed.meta, k).value for k in meta] == [getattr(case.report.meta, k).value for k in meta]
    truth = _values(case.report)
    recovered = [k for k, v in _values(parsed).items() if v is not None]
    TALLY.recovered += len(recovered)
    TALLY.total += sum(1 for v in truth.values() if v is not None)
    TALLY.reports += 1
    # Every value found is marked as recovered by arithmetic.
    marked = {k for d in parsed.diagnostics if d.code == "GR130" for k in d.cells}
    assert set(recovered) <= marked


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
          max_examples=300 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 25)
@given(flat_reports_with_a_source_error())
def test_a_source_that_does_not_add_up_is_refused_not_split_to_fit(case):
    parsed = govreport.parse(case.text)
    refusals = [d for d in parsed.diagnostics if d.code == "GR132"]
    assert refusals and ("GR202" in refusals[0].message or "GR201" in refusals[0].message)
    assert all(c.value is None for c in parsed.applications.cells)
    assert _wrong(parsed, case.report) == []


def test_a_consistent_table_three_comes_back_whole():
    # Rows of small counts: the column sums and row totals leave one reading (seeded examples).
    for seed in range(5):
        truth = make_report("2019", seed=seed)
        parsed = govreport.parse(FLAT.render(truth))
        apps = parsed.applications
        assert apps is not None
        assert _wrong(parsed, truth) == []
        assert sum(c.value is not None for c in apps.cells) >= 0.8 * len(truth.applications.cells)


# -- refusals -------------------------------------------------------------------------------------

def _with(report: Report, changes: dict[tuple[str, str], int]) -> Report:
    apps = report.applications
    cells = tuple(Cell(c.table, c.row, c.column, changes.get((c.row, c.column), c.value)) for c in apps.cells)
    return attrs.evolve(report, applications=Table(apps.id, apps.template, cells))


def test_results_that_do_not_add_up_are_refused_naming_the_rule():
    # The source's results add up to more than its 总计 (row totals still hold): no split fits.
    truth = make_report("2019", seed=11)
    granted = truth.applications.row("granted")
    broken = _with(truth, {("granted", "natural_person"): granted["natural_person"] + 6,
                           ("granted", "total"): granted["total"] + 6})
    parsed = govreport.parse(FLAT.render(broken))
    refusals = [d for d in parsed.diagnostics if d.code == "GR132"]
    assert len(refusals) == 1
    assert "GR202" in refusals[0].message and "natural_person" in refusals[0].message
    assert "applications.total_handled.natural_person" in refusals[0].cells
    assert all(c.value is None for c in parsed.applications.cells)
    assert _wrong(parsed, broken) == []
    # The other tables are read as usual.
    assert parsed.review_litigation is not None
    assert any(c.value is not None for c in parsed.review_litigation.cells)


def test_a_row_that_does_not_add_up_is_refused_naming_its_rule():
    truth = make_report("2019", seed=12)
    row = truth.applications.row("carried_over")
    broken = _with(truth, {("carried_over", "total"): row["total"] + 3})
    parsed = govreport.parse(FLAT.render(broken))
    refusal = next(d for d in parsed.diagnostics if d.code == "GR132")
    assert "GR203" in refusal.message and "carried_over" in refusal.message
    assert all(c.value is None for c in parsed.applications.cells)


def test_ambiguous_cells_are_null_with_the_count_of_readings():
    text = HEADER + ("青州市交通运输局2020年政府信息公开工作年度报告 二、主动公开政府信息情况第二十条第(一)项信息内容"
                     "本年新制作数量本年新公开数量对外公开总数量规章000规范性文件6233440第二十条第(八)项信息内容"
                     "上一年项目数量本年增/减行政事业性收费48-6第二十条第(五)项信息内容上一年项目数量本年增/减"
                     "处理决定数量行政许可1520-7311 三、收到和处理政府信息公开申请情况\n")
    parsed = govreport.parse(text, format="flat")
    assert parsed.format == "flat"
    active = parsed.active
    assert [active.get("regulations", c) for c in ("new_made", "new_published", "total_published")] == [0, 0, 0]
    assert [active.get("fees", c) for c in ("prev_items", "change")] == [48, -6]
    # The sign starts 本年增/减, so 1520 is the previous year's count; the rest is ambiguous.
    assert active.get("licensing", "prev_items") == 1520
    assert active.get("licensing", "change") is None
    ambiguous = [d for d in parsed.diagnostics if d.code == "GR131"]
    normative = next(d for d in ambiguous if "normative_documents" in d.message)
    assert "readings" in normative.message
    assert set(normative.cells) == {f"active.normative_documents.{c}" for c in
                                    ("new_made", "new_published", "total_published")}
    assert all(active.get("normative_documents", c) is None for c in ("new_made", "new_published"))


def test_spaces_are_cell_boundaries_and_units_belong_to_money():
    rows = schema.template("2019").table("applications").rows
    labels = "".join(r.path[-1] for r in rows[:1])
    text = (HEADER + "报告 三、收到和处理政府信息公开申请情况申请人情况自然人" + labels + "120 000113"
            + rows[1].path[-1] + "0 0 0 0 0 00" + "二、主动公开政府信息情况第二十条第(九)项信息内容采购项目数量采购总金额"
            "政府集中采购 0 0元规章0 0 7规范性文件0 0 0。\n")
    parsed = govreport.parse(text, format="flat")
    apps = parsed.applications
    assert [apps.get("new_received", c.id) for c in schema.APPLICANT_COLUMNS] == [12, 0, 0, 0, 0, 1, 13]
    assert [apps.get("carried_over", c.id) for c in schema.APPLICANT_COLUMNS] == [0] * 7
    assert parsed.active.get("procurement", "items") == 0
    assert parsed.active.get("procurement", "amount") == 0
    assert [parsed.active.get("regulations", c) for c in ("new_made", "new_published", "total_published")] \
        == [0, 0, 7]


def test_the_search_is_bounded_and_says_so():
    width = len(schema.APPLICANT_COLUMNS)
    grid = Grid((GridRow((GridCell("三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量", 1, 1),
                          GridCell("123456789" * 9, 1, 40)), 1),), run_together=True)
    started = time.process_time()
    found = recovery.recover(grid, schema.template("2019"))
    assert time.process_time() - started < 5
    assert [d.code for d in found.diagnostics] == ["GR133"]
    assert [c.text for c in found.rows[0].cells] == [""] * width


def test_digits_that_cannot_be_the_row_are_not_used():
    grid = Grid((GridRow((GridCell("规章", 1, 1), GridCell("00", 1, 3)), 1),
                 GridRow((GridCell(schema.TABLE_TITLES["review_litigation"]
                                   + "".join(c.label for c in schema.REVIEW_COLUMNS), 1, 5),
                          GridCell("0" * 16, 1, 40)), 1)),
                run_together=True)
    found = recovery.recover(grid, schema.template("2019"))
    codes = [d.code for d in found.diagnostics]
    assert "GR106" in codes  # sixteen zeros are not fifteen cells
    regulations = next(r for r in found.rows if r.row == "regulations")
    assert [c.text for c in regulations.cells] == ["", "", ""]  # 0 | 0 | blank, 0 | blank | 0 ...


def test_template_rules_follow_validation():
    rows = [r.id for r in schema.template("2019").table("applications").rows]
    rules = recovery.template_rules("2019", "applications", rows)
    assert {r.code for r in rules} == {"GR201", "GR202", "GR203"}
    assert len([r for r in rules if r.code == "GR203"]) == len(rows)
    results = next(r for r in rules if r.code == "GR202" and r.where == "column total")
    assert results.cells[-1] == ("total_handled", "total")
    # A report's own arithmetic, checked by validate, agrees with the rules on a consistent report.
    report = make_report("2019", seed=3)
    for rule in rules:
        total = sum(k * (report.applications.get(*cell) or 0) for cell, k in zip(rule.cells, rule.coefficients))
        assert total == 0, rule
    assert recovery.template_rules("2021", "active", ["regulations"]) == []


# -- the layout ------------------------------------------------------------------------------------

def test_render_writes_the_article_on_one_line_after_crawler_headers():
    text = FLAT.render(make_report("2021", seed=5))
    lines = text.rstrip("\n").split("\n")
    assert lines[0].startswith("标题: ")
    assert len(lines) == 7
    assert "|" not in text and "\t" not in text


@pytest.mark.parametrize("layout", ["pipe", "tsv", "docx-export", "narrative"])
def test_other_layouts_are_not_sniffed_as_flat(layout):
    report = make_report("2019", seed=4)
    text = render(report, layout)
    assert FLAT.sniff(text) == 0.0


def test_a_flattened_pre_2019_statistics_table_is_not_flat():
    # A pre-2019 report's statistics table, run together the same way: its labels are its own.
    legacy = make_report("legacy", seed=2)
    body = render(legacy, "narrative").replace("\n", "")
    table = "".join(f"{label}条{n}{n * 3}" for label, n in (("主动公开信息数", 12), ("其中:1.网站公开", 10),
                                                                ("2.政府公报公开", 2), ("受理依申请公开信息总数", 0),
                                                                ("对申请的答复数", 0), ("行政复议数", 0),
                                                                ("行政诉讼数", 0), ("行政申诉数", 0), ("其他", 1)))
    text = HEADER.replace("2020", "2011") + body + " 附件:统计表 指标名称计量单位2011年度历年累计" + table + "\n"
    assert FLAT.sniff(text) == 0.0
    assert govreport.parse(text).format == "narrative"


def test_prose_numbers_are_not_table_runs():
    prose = ("全年共公布政府信息2602条(其中机构职能类信息82条),办结率100%,电话:0591-12345678;"
             "依据(国办公开办函〔2019〕60号)和第(3)项,一是上线试运行12345平台。")
    blocks = list(FLAT._read_blocks(prose))
    assert not any(isinstance(b, Grid) for b in blocks)


def test_enumerators_stay_with_their_labels():
    text = "三、收到和处理政府信息公开申请情况(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000" \
           "3.危及“三安全一稳定”00000004.保护第三方合法权益0000000"
    grid = next(b for b in FLAT._read_blocks(text) if isinstance(b, Grid))
    assert [r.cells[0].text for r in grid.rows][1:] == ["2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                                                       "4.保护第三方合法权益"]
    assert [r.cells[1].text for r in grid.rows] == ["0000000"] * 4


def test_a_wrongly_numbered_label_does_not_lend_its_digit():
    # "…00000003.其他法律…": 3 is not that row's number (2), so the digits before it are suspect.
    title = "三、收到和处理政府信息公开申请情况"
    grid = Grid((GridRow((GridCell(title + "1.属于国家秘密", 1, 1), GridCell("0000000", 1, 30)), 1),
                 GridRow((GridCell("3.其他法律行政法规禁止公开", 1, 38), GridCell("0000000", 1, 50)), 1)),
                run_together=True)
    found = recovery.recover(grid, schema.template("2019"))
    assert [r.row for r in found.rows] == ["denied.prohibited_by_law"]
    assert [d.code for d in found.diagnostics if d.code != "GR130"] == ["GR106"]


# -- the real examples ------------------------------------------------------------------------------

@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize("name", ["pt-syq-2019-flat", "pt-syq-2020-flat"])
def test_the_real_flat_reports_are_sniffed_flat_and_read_without_a_wrong_number(name):
    parsed = govreport.parse_file(CORPUS / f"{name}.txt")
    assert parsed.format == "flat"
    expected = json.loads((CORPUS / "expected" / f"{name}.json").read_text(encoding="utf-8"))["cells"]
    got = _values(parsed)
    assert [k for k, v in got.items() if v is not None and v != expected.get(k)] == []
    assert sum(v is not None for v in got.values()) >= 20
    if name.endswith("2020-flat"):  # its results add to 27 against a total of 21
        refusal = next(d for d in parsed.diagnostics if d.code == "GR132")
        assert "GR202" in refusal.message


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize("name", ["pt-syq-2011", "pt-syq-2012", "pt-county-2011"])
def test_the_real_pre_2019_reports_are_not_sniffed_flat(name):
    assert FLAT.sniff((CORPUS / f"{name}.txt").read_text(encoding="utf-8", errors="replace")) == 0.0


def test_blanks_in_the_source_stay_blank():
    truth = blank_some_zeros(make_report("2019", seed=8), random.Random(1), 0.6)
    parsed = govreport.parse(FLAT.render(truth))
    assert _wrong(parsed, truth) == []
    blanks = {c.key for c in truth.cells() if c.value is None}
    assert blanks and all(parsed.applications.get(*k.split(".")[1:]) is None for k in blanks
                          if k.startswith("applications.") and k.count(".") == 2)


def test_a_header_in_another_order_places_the_cells_by_it():
    # Table 四 with 总计 first and 结果纠正 before 结果维持, once per sub-table, and table 二 with
    # 对外公开总数量 first: the cells follow the header, as in any layout that has one.
    order = ("total", "corrected", "upheld", "other", "pending")
    header = "".join(next(c.label for c in schema.REVIEW_COLUMNS if c.id == i) for i in order)
    text = (HEADER + "报告 二、主动公开政府信息情况信息内容对外公开总数量本年新制作数量本年新公开数量规章7 0 0"
            "规范性文件0 0 0 四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼" + header * 3
            + "50230" + "0" * 10 + " 五、其他。\n")
    parsed = govreport.parse(text, format="flat")
    rl = parsed.review_litigation
    assert [rl.get("review", c) for c in order] == [5, 0, 2, 3, 0]
    assert [rl.get("litigation_direct", c) for c in order] == [0] * 5
    active = parsed.active
    assert [active.get("regulations", c) for c in ("total_published", "new_made", "new_published")] == [7, 0, 0]
    # In the template's order the same digits would not fit GR204 (total 0 for parts 5 + 0 + 2 + 3).
    plain = text.replace(header * 3, "".join(c.label for c in schema.REVIEW_COLUMNS) * 3)
    assert govreport.parse(plain, format="flat").review_litigation.get("review", "upheld") is None


def test_digits_after_the_last_table_are_not_its_values():
    # Prose after table 四 with three runs in one sentence: no header right before them, no row.
    header = schema.TABLE_TITLES["review_litigation"] + "".join(c.label for c in schema.REVIEW_COLUMNS)
    grid = Grid((GridRow((GridCell(header, 1, 1), GridCell("0" * 15, 1, 60)), 1),
                 GridRow((GridCell("五、存在的主要问题及改进情况全区", 1, 80), GridCell("12", 1, 96)), 1),
                 GridRow((GridCell("个部门共", 1, 99), GridCell("3", 1, 103)), 1)), run_together=True)
    found = recovery.recover(grid, schema.template("2019"))
    assert [r.row for r in found.rows] == ["review", "litigation_direct", "litigation_after_review"]
    assert [d.code for d in found.diagnostics].count("GR102") == 2


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from([r.path[-1] for t in schema.template("2019").tables for r in t.rows]
                                          + ["信息内容", "总计"]),
                          st.lists(st.text(alphabet="0123456789+-. 元", min_size=1, max_size=14), min_size=1,
                                   max_size=3)), min_size=1, max_size=8))
def test_any_run_together_grid_is_read_or_refused_without_an_exception(rows):
    grid = Grid([GridRow((GridCell(label, 1, 1), *(GridCell(p, 1, 10 + n) for n, p in enumerate(pieces))), 1)
                 for label, pieces in rows], run_together=True)
    found = recovery.recover(grid, schema.template("2019"))
    for placed in found.rows:
        spec = schema.template("2019").table(placed.table).row(placed.row)
        assert len(placed.cells) == len(spec.columns)


def test_a_table_titled_otherwise_is_known_by_its_header():
    # 四's title worded otherwise: its header still says the run is table 四's, not 三's 总计 row.
    apps = schema.template("2019").table("applications").rows
    header = "".join(c.label for c in schema.REVIEW_COLUMNS)
    text = (HEADER + "报告 三、收到和处理政府信息公开申请情况申请人情况" + apps[0].path[-1] + "0" * 7
            + apps[1].path[-1] + "0" * 7 + "四、因政府信息公开申请提起行政复议、行政诉讼的情况行政复议行政诉讼" + header * 3
            + "12003" + "0" * 10 + " 五、其他。\n")
    parsed = govreport.parse(text, format="flat")
    assert [parsed.review_litigation.get("review", c.id) for c in schema.REVIEW_COLUMNS] == [1, 2, 0, 0, 3]
    assert parsed.applications.get("total_handled", "total") is None  # not found, and not taken from 四


def test_a_pre_2019_report_rendered_flat_is_read_back_as_prose():
    truth = make_report("legacy", seed=3)
    text = FLAT.render(truth)
    assert FLAT.sniff(text) == 0.0
    parsed = govreport.parse(text)
    assert parsed.format == "narrative"
    assert parsed.legacy_values() == truth.legacy_values()


def test_an_article_that_opens_like_a_header_line_is_still_the_article():
    lines = FLAT.render(make_report("2019", seed=6)).split("\n")
    lines[6] = "各有关单位：" + lines[6]
    parsed = govreport.parse("\n".join(lines))
    assert parsed.format == "flat"
    assert parsed.applications is not None and any(c.value is not None for c in parsed.applications.cells)


@pytest.mark.parametrize("nodes", [1, 30, 200])
def test_a_search_cut_short_leaves_undecided_cells_null_and_says_so(monkeypatch, nodes):
    monkeypatch.setattr(recovery, "MAX_NODES", nodes)
    for seed in range(3):
        truth = make_report("2019", seed=seed)
        parsed = govreport.parse(FLAT.render(truth))
        assert _wrong(parsed, truth) == []
        if nodes == 1:
            assert any(d.code == "GR133" and "applications" in d.message for d in parsed.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(report=kit_reports(("2019", "2021")), data=st.data())
def test_a_blank_the_totals_still_count_never_gives_a_wrong_number(report: Report, data: st.DataObject) -> None:
    """A blank source cell whose number the table's totals still count (the source's own error)
    makes the true reading fail the arithmetic: the readings that survive are all wrong, even when
    they agree. A reading that leaves a counted cell blank therefore recovers nothing. (Table 四,
    15 cells in one run of digits with three totals, showed it: 3 wrong in 600 before.)"""
    from govreport.testing.properties import _blank
    from govreport.testing.reports import report_values

    table = data.draw(st.sampled_from(["review_litigation", "applications"]), label="table")
    key = data.draw(st.sampled_from(sorted(c.key for c in report.cells() if c.table == table)), label="blanked")
    back = govreport.parse(FlatPlugin().render(_blank(report, key)), format="flat")
    got, want = report_values(back), report_values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != (None if k == key else want.get(k))}
    assert not wrong, wrong
