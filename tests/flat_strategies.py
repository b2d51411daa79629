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
from govreport_plugins.flat import FlatPlugin


@attrs.frozen
class FlatCase:
    report: Report  # the truth
    text: str  # as a scraper writes it


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
    report = make_report(template, seed=seed, split_other=draw(st.booleans()))
    rng = random.Random(seed)
    report = blank_some_zeros(report, rng, draw(st.sampled_from([0.0, 0.0, 0.1, 0.5])))
    padding = draw(st.sampled_from([0.0, 0.0, 0.1, 0.3]))

    def pad(left: str, right: str) -> str:
        return " " if rng.random() < padding else ""

    return FlatCase(report, FlatPlugin().render(report, pad=pad))


@st.composite
def flat_reports_with_a_source_error(draw: st.DrawFn) -> FlatCase:
    """A report whose table 三 breaks a rule across rows as published: one row's cell and its
    row total raised alike (the row still adds up; its column no longer does: GR202 for a
    result row, GR201 for 一, 二 or 四, both for （七）)."""
    template = draw(st.sampled_from(_table_templates()))
    seed = draw(st.integers(0, 10**9))
    report = make_report(template, seed=seed, split_other=draw(st.booleans()))
    apps = report.applications
    assert apps is not None
    row = draw(st.sampled_from(apps.rows()))
    columns = schema.template(template).table(schema.APPLICATIONS).header_columns
    column = draw(st.sampled_from([c.id for c in columns if c.id != "total"]))
    extra = draw(st.integers(1, 9))
    cells = tuple(Cell(c.table, c.row, c.column, c.value + extra)  # type: ignore[operator]
                  if c.row == row and c.column in (column, "total") else c for c in apps.cells)
    broken = attrs.evolve(report, applications=Table(apps.id, apps.template, cells))
    return FlatCase(broken, FlatPlugin().render(broken))
