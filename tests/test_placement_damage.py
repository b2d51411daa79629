"""Placement damage in every layout: every cell read is the generated value, or null.

Reports are generated, rendered (pipe, tsv, docx-export through the renderers; HTML and .docx
through tests/sources.py), damaged the way exports and pasted tables damage rows (tests/damage.py)
and parsed. A wrong number fails; a null is allowed and counted: the null rate is printed at
the end of the module's run.
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
import strategies as gs
from damage import TEXT_LAYOUTS, RowDamage, damage_text, random_damages, text_rows
from factories import cell_values
from govreport.render import render
from tallies import show_after_tests

pytest.importorskip("lxml")
pytest.importorskip("docx")
from sources import Geometry, to_docx, to_html

_COUNTS = {"cells": 0, "nulls": 0, "reports": 0}


@pytest.fixture(scope="module", autouse=True)
def _null_rate(request):
    yield
    if _COUNTS["cells"]:
        show_after_tests(request, f"placement damage: {_COUNTS['reports']} reports, {_COUNTS['nulls']} of "
                                  f"{_COUNTS['cells']} cells null ({100 * _COUNTS['nulls'] / _COUNTS['cells']:.2f} %), "
                                  "0 wrong")


def assert_right_or_null(back, report):
    got, want = cell_values(back), cell_values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and v != want.get(k)}
    assert not wrong, (wrong, [d.message for d in back.diagnostics if d.code.startswith("GR1")])
    _COUNTS["reports"] += 1
    _COUNTS["cells"] += len(want)
    _COUNTS["nulls"] += sum(1 for k, v in want.items() if v is not None and got.get(k) is None)


@settings(max_examples=40, deadline=None)
@given(report=gs.reports(), layout=st.sampled_from(TEXT_LAYOUTS), seed=st.integers(0, 10**6),
       count=st.integers(1, 4))
def test_damaged_text_rows_give_right_cells_or_nulls(report, layout, seed, count):
    text, _ = damage_text(render(report, layout), layout, random_damages(random.Random(seed), count))
    assert_right_or_null(govreport.parse(text, format=layout), report)


@settings(max_examples=25, deadline=None)
@given(report=gs.reports(), html=st.booleans(), spanned=st.booleans(), shifted=st.booleans(),
       lead=st.integers(0, 2), trail=st.integers(0, 2), split_results=st.booleans(),
       lose=st.lists(st.tuples(st.sampled_from(["active", "applications", "review_litigation"]),
                               st.integers(0, 40), st.integers(0, 6)), max_size=2))
def test_damaged_pages_give_right_cells_or_nulls(report, html, spanned, shifted, lead, trail, split_results, lose):
    geometry = Geometry(spanned_active=spanned, shifted_data=shifted, lead=lead, trail=trail,
                        split_results=split_results, lose=tuple(lose))
    data = to_html(report, geometry=geometry) if html else to_docx(report, geometry=geometry)
    back = govreport.parse(data)
    assert_right_or_null(back, report)
    if not lose:
        assert cell_values(back) == cell_values(report)


def _report_with_blank_first_value():
    """A 2019 report whose granted row starts with a blank (natural_person 0 made blank: the
    sums still hold) and has a non-zero total."""
    import attrs

    from factories import make_report

    for seed in range(200):
        report = make_report("2019", seed=seed)
        row = {c.column: c.value for c in report.applications if c.row == "granted"}
        if row["natural_person"] == 0 and row["total"] > 0:
            apps = report.applications
            cells = tuple(attrs.evolve(c, value=None) if (c.row, c.column) == ("granted", "natural_person") else c
                          for c in apps)
            return attrs.evolve(report, applications=attrs.evolve(apps, cells=cells))
    raise AssertionError("no seed gives such a report")


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("lead,trail", [(1, 1), (2, 1), (1, 2)])
def test_surplus_blanks_at_both_ends_are_settled_by_the_row_total(layout, lead, trail):
    # With surplus blanks at both ends the row fits as it is or shifted left (its own blank
    # first value dropped as a surplus one); only the first gives total = the sum of the parts.
    from govreport import schema

    report = _report_with_blank_first_value()
    text = render(report, layout)
    label = schema.template("2019").table("applications").row("granted").path[-1]
    line = next(n for n, ln in enumerate(text.split("\n")) if label in ln)
    rows = text_rows(text, layout)
    where = next(n for n, r in enumerate(rows) if r.start <= line < r.end)
    damaged, applied = damage_text(text, layout, [((where + 0.5) / len(rows), RowDamage("surplus", lead, trail))])
    assert applied
    back = govreport.parse(damaged, format=layout)
    assert cell_values(back) == cell_values(report)
    assert any(d.code == "GR114" and "GR203" in d.message for d in back.diagnostics)


@pytest.mark.parametrize("layout", ["tsv"])
def test_every_row_of_the_example_with_a_surplus_blank_at_both_ends(layout):
    # examples/dongchuan-2020-tsv.txt, each data row in turn given a surplus blank cell at both
    # ends: every cell is the one the untouched file gives, or null.
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "examples" / "dongchuan-2020-tsv.txt").read_text(encoding="utf-8")
    want = cell_values(govreport.parse(text))
    rows = text_rows(text, layout)
    damaged_rows = 0
    for n in range(len(rows)):
        damaged, applied = damage_text(text, layout, [((n + 0.5) / len(rows), RowDamage("surplus", 1, 1))])
        if not applied:
            continue
        damaged_rows += 1
        got = cell_values(govreport.parse(damaged, format=layout))
        assert {k: v for k, v in got.items() if v is not None and v != want.get(k)} == {}, n
    assert damaged_rows >= 30
