"""Long records: one flat dict per cell, the export every tool can read.

Shape (the data contract): ``{"source", "table", "row", "column", "value", "raw", "line"}``.
Metadata and legacy figures use the same shape with ``table`` = ``meta``/``legacy`` and
``column`` = ``""``. Blank cells are records with ``value`` None.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Report
from .numbers import plain_value
from .schema import LEGACY_KEYS, META_KEYS, TEMPLATE_LEGACY

RECORD_FIELDS = ("source", "table", "row", "column", "value", "raw", "line")


def report_records(report: Report) -> list[dict[str, Any]]:
    """Every record of a report: metadata, then table cells, then (legacy reports) figures."""
    return [dict(zip(RECORD_FIELDS, values)) for values in record_values(report)]


def record_values(report: Report) -> list[tuple[Any, ...]]:
    """The report's records as tuples in [`RECORD_FIELDS`][govreport.records.RECORD_FIELDS] order (what batch writers take:
    cheaper to make and to send between processes than dicts)."""
    src = report.source
    out = meta_values(report)
    for c in report.cells():
        span, value = c.span, c.value
        if value.__class__ is Decimal:  # money: a plain JSON number, exact (see numbers.plain_value)
            value = plain_value(value)
        out.append((src, c.table, c.row, c.column, value, c.raw, span.line if span else None))
    out += legacy_values(report)
    return out


def meta_values(report: Report) -> list[tuple[Any, ...]]:
    """The metadata records of a report (the first records, in ``META_KEYS`` order)."""
    src = report.source
    out: list[tuple[Any, ...]] = []
    for key in META_KEYS:
        f = report.meta.field(key)
        out.append((src, "meta", key, "", f.value, f.raw, f.span.line if f.span else None))
    return out


def legacy_values(report: Report) -> list[tuple[Any, ...]]:
    """The legacy figures' records of a pre-2019 report (the last records), else none."""
    if report.template != TEMPLATE_LEGACY:
        return []
    src = report.source
    figures = {f.key: f for f in report.legacy}
    out: list[tuple[Any, ...]] = []
    for key in LEGACY_KEYS:
        g = figures.get(key)
        out.append((src, "legacy", key, "", g.value if g else None, g.raw if g else "",
                    g.span.line if g and g.span else None))
    return out
