"""The template's arithmetic (勾稽关系) as diagnostics.

The rules are data in :mod:`govreport.template.rules`; this module runs them on a report.
They are (the data contract's "Arithmetic checks"):

* GR201 table 三, per column: new_received + carried_over = total_handled + carried_forward
* GR202 table 三, per column: total_handled = the sum of all result rows
* GR203 table 三, per row: total = the sum of the six applicant columns
* GR204 table 四, per row: total = upheld + corrected + other + pending
* GR205 table 二 (2019): new_published <= total_published
* GR206 any count (or amount) below zero, except the signed change column

Blank cells count as 0 in sums and the message says so; a rule whose cells are absent (a row
not found) is not checked: the missing row has its own diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import schema
from .diagnostics import Diagnostic
from .model import Cell, Report, Table
from .template import rules


def _blank_note(cells: Sequence[Cell]) -> str:
    blanks = [c.key for c in cells if c.value is None]
    if not blanks:
        return ""
    shown = ", ".join(blanks[:4]) + (f" and {len(blanks) - 4} more" if len(blanks) > 4 else "")
    return f" (blank cells counted as 0: {shown})"


def _diag(code: str, message: str, cells: Sequence[Cell]) -> Diagnostic:
    span = next((c.span for c in cells if c.span), None)
    return Diagnostic(code, message + _blank_note(cells), cells=[c.key for c in cells],
                      values=[c.value for c in cells], line=span.line if span else None,
                      column=span.column if span else None)


def _findings(table: Table, template_id: str) -> list[Diagnostic]:
    printed = table.rows()
    alternatives = schema.template(template_id).table(table.id).alternatives
    split = any(r in printed for a in alternatives for r in a.replaces)
    out: list[Diagnostic] = []
    for rule in rules.table_rules(template_id, table.id, split):
        found = rules.check(rule, table._index)
        if found:
            out.append(_diag(rule.code, found.message, found.cells))
    return out


def _negatives(report: Report) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for table in (report.active, report.applications, report.review_litigation):
        if table is None:
            continue
        spec = schema.template(table.template).table(table.id)
        kinds = {(r.id, c.id): c.kind for r in spec.rows for c in r.columns}
        for c in table:
            message = rules.negative(c, kinds.get((c.row, c.column), schema.COUNT))
            if message:
                out.append(_diag(rules.NEGATIVE_CODE, message, [c]))
    return out


def validate(report: Report) -> list[Diagnostic]:
    """Every arithmetic rule that fails on ``report``, as diagnostics (never raises)."""
    out: list[Diagnostic] = []
    if report.template in schema.TEMPLATE_SPECS:
        for table in (report.active, report.applications, report.review_litigation):
            if table is not None:
                out += _findings(table, report.template)
    out += _negatives(report)
    return out
