"""Long records: one flat dict per cell, the export every tool can read.

Shape (the data contract): ``{"source", "table", "row", "column", "value", "raw", "line"}``.
Metadata and legacy figures use the same shape with ``table`` = ``meta``/``legacy`` and
``column`` = ``""``. Blank cells are records with ``value`` None.
"""

from __future__ import annotations

from typing import Any

from .model import Report
from .schema import LEGACY_KEYS, META_KEYS, TEMPLATE_LEGACY

RECORD_FIELDS = ("source", "table", "row", "column", "value", "raw", "line")


def report_records(report: Report) -> list[dict[str, Any]]:
    """Every record of a report: metadata, then table cells, then (legacy reports) figures."""
    src = report.source
    out: list[dict[str, Any]] = []
    for key in META_KEYS:
        f = report.meta.field(key)
        out.append({"source": src, "table": "meta", "row": key, "column": "", "value": f.value,
                    "raw": f.raw, "line": f.span.line if f.span else None})
    for c in report.cells():
        out.append({"source": src, "table": c.table, "row": c.row, "column": c.column, "value": c.value,
                    "raw": c.raw, "line": c.span.line if c.span else None})
    if report.template == TEMPLATE_LEGACY:
        figures = {f.key: f for f in report.legacy}
        for key in LEGACY_KEYS:
            f = figures.get(key)
            out.append({"source": src, "table": "legacy", "row": key, "column": "",
                        "value": f.value if f else None, "raw": f.raw if f else "",
                        "line": f.span.line if f and f.span else None})
    return out
