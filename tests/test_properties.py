"""Property tests: parse(render(report, layout, perturbation)) gives back the report.

Profiles: ``ci`` (default, fast) and ``thorough`` (HYPOTHESIS_PROFILE=thorough, for local runs).
"""

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import govreport
import strategies as gs
from factories import cell_values
from govreport.errors import GovReportError
from govreport.normalize import normalize
from govreport.registry import default_registry
from govreport.render import render

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LAYOUTS = st.sampled_from(gs.LAYOUTS)  # the installed writers whose text the perturbations know
ANY_TABLE_LAYOUT = st.sampled_from(gs.TABLE_LAYOUTS)  # every installed writer of the table templates


def assert_same(back, report):
    assert cell_values(back) == cell_values(report)
    meta = back.meta.values()
    meta.pop("script")
    want = report.meta.values()
    want.pop("script")
    assert meta == want


@pytest.mark.parametrize("strategy", gs.PRESERVING, ids=lambda s: s.__name__)
@given(data=st.data())
def test_each_perturbation_alone_preserves_cells(strategy, data):
    report = data.draw(gs.reports())
    layout = data.draw(LAYOUTS)
    perturb = data.draw(strategy())
    back = govreport.parse(perturb(render(report, layout), layout))
    assert back.format == layout
    assert_same(back, report)


@given(report=gs.reports(), layout=LAYOUTS, perturbs=st.lists(gs.any_preserving(), min_size=2, max_size=4))
def test_combined_perturbations_preserve_cells(report, layout, perturbs):
    text = render(report, layout)
    for p in perturbs:
        text = p(text, layout)
    assert_same(govreport.parse(text), report)


@given(report=gs.reports(), layout=LAYOUTS, perturb=gs.blank_cells())
def test_blanked_cell_is_null_never_a_wrong_value(report, layout, perturb):
    back = govreport.parse(perturb(render(report, layout), layout))
    got, want = cell_values(back), cell_values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != want.get(k)}
    assert not wrong
    nulls = [k for k, v in got.items() if v is None and want.get(k) is not None]
    missing = [k for k in want if k not in got]
    assert len(nulls) + len(missing) >= 1
    if missing:  # a row that no longer fits is reported
        assert any(d.code in ("GR106", "GR109") for d in back.diagnostics)


@given(report=gs.reports(), layout=ANY_TABLE_LAYOUT)
def test_sniffing_picks_the_rendered_layout(report, layout):
    text = normalize(render(report, layout)).text
    assert default_registry().guess(text).name == layout


@given(report=gs.reports(), layout=LAYOUTS, perturb=gs.missing_table())
def test_missing_table_is_reported(report, layout, perturb):
    back = govreport.parse(perturb(render(report, layout), layout))
    assert back.applications is None
    assert any(d.code == "GR103" and "applications" in d.message for d in back.diagnostics)
    assert cell_values(back) == {k: v for k, v in cell_values(report).items() if not k.startswith("applications.")}


@given(case=gs.inconsistent_reports(), layout=ANY_TABLE_LAYOUT)
def test_inconsistency_survives_the_round_trip_and_fires(case, layout):
    report, key, rules = case
    back = govreport.parse(render(report, layout))
    assert cell_values(back) == cell_values(report)
    diags = back.validate()
    assert rules <= {d.code for d in diags}
    assert any(key in d.cells for d in diags)


@given(st.text(max_size=400))
@example("\t\n\t1\n\n")
@example("| | |\n|1|\n" * 6)
@example("规章\t0\t0\n" * 6)
def test_arbitrary_text_raises_only_library_errors(text):
    try:
        govreport.parse(text)
    except GovReportError:
        pass


@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_library_errors(data):
    try:
        govreport.parse(data)
    except GovReportError:
        pass


@given(rows=st.lists(st.lists(st.sampled_from(["", "0", "1", "+2", "-", "规章", "行政许可", "1.属于国家秘密",
                                               "（三）不予公开", "总计", "12万元", "x"]), max_size=9), max_size=12),
       layout=LAYOUTS)
def test_random_grids_never_crash(rows, layout):
    sep = {"pipe": " | ", "tsv": "\t"}.get(layout)
    if sep:
        body = "\n".join(sep.join(r) + (" |" if layout == "pipe" else "") for r in rows)
    else:
        body = "\n\n".join("\n".join("\t" + c for c in r) for r in rows)
    text = "2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + body + "\n"
    try:
        govreport.parse(text, format=layout)
    except GovReportError:
        pass
