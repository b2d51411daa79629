"""Hypothesis strategies for flattened scrapes: generated reports written the way scrapers do.

A scrape keeps no cell boundaries, except where a cell was padded with ``&nbsp;`` (a space
survives), and writes nothing for a blank cell. ``flat_reports()`` draws a consistent report
(tests/factories.py), blanks some of its zero cells (a blank counts as 0 in every rule, so the
report stays consistent), pads some cell boundaries, and renders it flat.
"""

from __future__ import annotations

import random

import attrs
from hypothesis import strategies as st

from factories import make_report
from govreport import schema
from govreport.model import Cell, Report, Table
from govreport.template.catalog import table_templates
from govreport.testing.reports import RESULT_VALUES
from govreport_plugins.flat import FlatPlugin

#: Results drawn mostly zero, as in most real reports: rows of zeros (a row of zeros is written one
#: way whatever the arithmetic says).
SPARSE = (0,) * 9 + (1, 2, 5)


@attrs.frozen
class FlatCase:
    report: Report  # the truth
    text: str  # as a scraper writes it
    padding: float = 0.0  # the share of cell boundaries the scrape left a space at
    pad_seed: int = 0  # which ones

    def written(self, report: Report) -> str:
        """``report`` as this case's scrape writes it: the same boundaries padded."""
        rng = random.Random(self.pad_seed)

        def pad(left: str, right: str) -> str:
            return " " if rng.random() < self.padding else ""

        return FlatPlugin().render(report, pad=pad)


def scraped(report: Report, padding: float, pad_seed: int) -> FlatCase:
    """``report`` as a scrape that padded about ``padding`` of its cell boundaries writes it."""
    blank = FlatCase(report, "", padding, pad_seed)
    return attrs.evolve(blank, text=blank.written(report))


def blank_some_zeros(report: Report, rng: random.Random, share: float) -> Report:
    """The report with about ``share`` of its zero counts blank (None)."""
    tables = {}
    for table_id in ("active", "applications", "review_litigation"):
        table = report.table(table_id)
        assert table is not None
        cells = tuple(Cell(c.table, c.row, c.column, None) if c.value == 0 and rng.random() < share else c
                      for c in table.cells)
        tables[table_id] = Table(table_id, table.template, cells)
    return attrs.evolve(report, active=tables["active"], applications=tables["applications"],
                        review_litigation=tables["review_litigation"])


def _table_templates() -> list[str]:
    """The templates with tables registered now (the national ones and any a test registers)."""
    return [spec.id for spec in table_templates()]


@st.composite
def flat_reports(draw: st.DrawFn, templates: tuple[str, ...] | None = None) -> FlatCase:
    """A report of one of ``templates`` (by default every template registered when it is
    drawn) as a scraper writes it."""
    template = draw(st.sampled_from(templates if templates is not None else _table_templates()))
    seed = draw(st.integers(0, 10**9))
    report = make_report(template, seed=seed, split_other=draw(st.booleans()),
                         result_values=draw(st.sampled_from([RESULT_VALUES, SPARSE])))
    rng = random.Random(seed)
    report = blank_some_zeros(report, rng, draw(st.sampled_from([0.0, 0.0, 0.1, 0.5])))
    return scraped(report, draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])), seed + 1)  # padding drawn apart from blanks


#: The source's own slips a published table 三 or 四 has, as ``flat_reports_with_source_errors`` draws them.
SOURCE_ERRORS = (
    "cell and total",  # a cell and its row total raised alike: the row adds up, its column does not
    "cell",  # a cell raised alone: neither its row nor its column adds up
    "total",  # a row total raised alone
    "blank counted",  # a non-zero cell left blank while the totals still count it
    "blank and total",  # a zero left blank and the row total raised in one row: the blank hides
)


def _with_source_error(report: Report, rng: random.Random, kind: str) -> Report:
    table_id = rng.choice(["applications", "applications", "review_litigation"])
    table = report.table(table_id)
    assert table is not None
    spec = schema.template(report.template).table(table_id)
    row = rng.choice(table.rows())
    parts = [c.id for c in spec.row(row).columns if c.id != "total"]
    column = rng.choice(parts)
    extra = rng.randint(1, 12)
    values = {c.column: c.value for c in table.cells if c.row == row}
    if kind == "blank counted":
        counted = [c for c in parts if values.get(c)]
        if not counted:
            return report
        changes: dict[str, int | None] = {rng.choice(counted): None}
    elif kind == "blank and total":
        zeros = [c for c in parts if values.get(c) == 0]
        if not zeros or not isinstance(values.get("total"), int):
            return report
        changes = {rng.choice(zeros): None, "total": values["total"] + extra}  # type: ignore[operator]
    else:
        raised = {"cell and total": (column, "total"), "cell": (column,), "total": ("total",)}[kind]
        changes = {c: values[c] + extra for c in raised if isinstance(values.get(c), int)}  # type: ignore[operator]
    cells = tuple(Cell(c.table, c.row, c.column, changes[c.column]) if c.row == row and c.column in changes else c
                  for c in table.cells)
    return attrs.evolve(report, **{table_id: Table(table.id, table.template, cells)})  # type: ignore[arg-type]


@st.composite
def flat_reports_with_source_errors(draw: st.DrawFn) -> FlatCase:
    """A report whose table 三 or 四 does not add up as published: one or two of the slips in
    :data:`SOURCE_ERRORS`, on top of blank zeros and padded boundaries as ``flat_reports`` draws
    them. The truth is the report as published (a wrong number is one the source does not say)."""
    template = draw(st.sampled_from(_table_templates()))
    seed = draw(st.integers(0, 10**9))
    rng = random.Random(seed)
    report = make_report(template, seed=seed, split_other=draw(st.booleans()),
                         result_values=draw(st.sampled_from([RESULT_VALUES, SPARSE])))
    report = blank_some_zeros(report, rng, draw(st.sampled_from([0.0, 0.0, 0.1, 0.5])))
    for kind in draw(st.lists(st.sampled_from(SOURCE_ERRORS), min_size=1, max_size=2)):
        report = _with_source_error(report, rng, kind)
    return scraped(report, draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])), seed + 1)  # padding drawn apart from blanks
