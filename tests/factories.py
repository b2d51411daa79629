"""Build consistent reports for tests: the plugin test kit's generator (govreport.testing.reports)."""

from __future__ import annotations

import random

import attrs

from govreport.model import Report, Table
from govreport.testing.reports import AGENCIES, cell_values, make_report, make_tables, report_values

__all__ = ["AGENCIES", "blank_share", "blank_zeros", "cell_values", "make_report", "make_tables", "report_values"]


def blank_share(report: Report, rng: random.Random, share: float) -> Report:
    """``report`` with each table cell made blank (null) with probability ``share``."""
    tables = {}
    for name in ("active", "applications", "review_litigation"):
        t = report.table(name)
        assert t is not None
        tables[name] = Table(t.id, t.template, tuple(attrs.evolve(c, value=None) if rng.random() < share else c
                                                     for c in t))
    return attrs.evolve(report, **tables)


def blank_zeros(report: Report, rng: random.Random, share: float) -> Report:
    """``report`` with each cell holding 0 made blank with probability ``share``: a source that
    leaves its zeros unfilled, its arithmetic intact (a blank counts as 0 in the sums)."""
    tables = {}
    for name in ("active", "applications", "review_litigation"):
        t = report.table(name)
        assert t is not None
        tables[name] = Table(t.id, t.template, tuple(
            attrs.evolve(c, value=None) if c.value == 0 and rng.random() < share else c for c in t))
    return attrs.evolve(report, **tables)


def with_prose(text: str, template_id: str, prose: str) -> str:
    """``text``, a report rendered in ``template_id``, with ``prose`` under its first section's
    heading (the benchmarks' reports carry a real report's share of prose)."""
    from govreport.render import written_sections

    heading = written_sections(template_id)[0].heading + "\n"
    return text.replace(heading, heading + prose + "\n", 1)


def wrong_cells(parsed: Report, written: Report) -> list[str]:
    """The cells ``parsed`` reads as a number other than ``written``'s (a null is not wrong)."""
    want = cell_values(written)
    return [f"{k}: read {v!r}, written {want.get(k)!r}" for k, v in cell_values(parsed).items()
            if v is not None and v != want.get(k)]
