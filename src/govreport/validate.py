"""The template's arithmetic (勾稽关系) as diagnostics.

Rules (the data contract's "Arithmetic checks"):

* GR201 table 三, per column: new_received + carried_over = total_handled + carried_forward
* GR202 table 三, per column: total_handled = the sum of all result rows
* GR203 table 三, per row: total = the sum of the six applicant columns
* GR204 table 四, per row: total = upheld + corrected + other + pending
* GR205 table 二 (2019): new_published <= total_published
* GR206 any count (or amount) below zero, except 本年增/减 (change)

Blank cells count as 0 in sums and the message says so; a rule whose cells are absent (a row
not found) is not checked: the missing row has its own diagnostic.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import schema
from .diagnostics import Diagnostic
from .model import Cell, Report, Table

RESULT_PREFIXES = ("granted", "partially_granted", "denied.", "unavailable.", "not_processed.")
_NAMES = {"new_received": "一", "carried_over": "二", "total_handled": "（七）", "carried_forward": "四"}


def _cells(table: Table, keys: Sequence[tuple[str, str]]) -> list[Cell] | None:
    """The cells at ``keys``, or None when one of them was not read."""
    index = table._index
    # all(map(contains)) rather than `None in cells`: that compares every Cell with None (attrs __eq__).
    return list(map(index.__getitem__, keys)) if all(map(index.__contains__, keys)) else None


def _sum(cells: Sequence[Cell]) -> int | float:
    return sum(c.value or 0 for c in cells)


def _blank_note(cells: Sequence[Cell]) -> str:
    blanks = [c.key for c in cells if c.value is None]
    if not blanks:
        return ""
    shown = ", ".join(blanks[:4]) + (f" and {len(blanks) - 4} more" if len(blanks) > 4 else "")
    return f" (blank cells counted as 0: {shown})"


def _fmt(cells: Sequence[Cell]) -> str:
    return " + ".join("blank" if c.value is None else str(c.value) for c in cells)


def _diag(code: str, message: str, cells: Sequence[Cell]) -> Diagnostic:
    first = next((c for c in cells if c.span), None)
    return Diagnostic(code, message + _blank_note(cells), cells=[c.key for c in cells],
                      values=[c.value for c in cells], line=first.span.line if first else None,
                      column=first.span.column if first else None)


def result_rows(table: Table) -> list[str]:
    """The result rows present in table 三 (（六） split or single)."""
    rows = table.rows()
    out = [r for r in rows if r.startswith(RESULT_PREFIXES)]
    split = [r for r in rows if r in schema.OTHER_HANDLING_SPLIT]
    out += split or [r for r in rows if r == "other_handling"]
    return out


def _applications(table: Table) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    columns = [c.id for c in schema.APPLICANT_COLUMNS]
    rows = table.rows()
    results = result_rows(table)
    for col in columns:
        lhs = _cells(table, [("new_received", col), ("carried_over", col)])
        rhs = _cells(table, [("total_handled", col), ("carried_forward", col)])
        if lhs and rhs and _sum(lhs) != _sum(rhs):
            out.append(_diag("GR201", f"applications column {col}: {_fmt(lhs)} != {_fmt(rhs)} "
                                      "(row 一 + row 二 vs row （七） + row 四)", lhs + rhs))
        parts = _cells(table, [(r, col) for r in results])
        total = _cells(table, [("total_handled", col)])
        if parts and total and _sum(parts) != _sum(total):
            out.append(_diag("GR202", f"applications column {col}: total_handled is {_fmt(total)} but the result "
                                      f"rows add up to {_sum(parts)}", total + parts))
    for row in rows:
        parts = _cells(table, [(row, c) for c in columns[:-1]])
        total = _cells(table, [(row, "total")])
        if parts and total and _sum(parts) != _sum(total):
            out.append(_diag("GR203", f"applications row {row}: total is {_fmt(total)} but the applicant columns "
                                      f"add up to {_fmt(parts)} = {_sum(parts)}", total + parts))
    return out


def _review(table: Table) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for row in table.rows():
        parts = _cells(table, [(row, c) for c in ("upheld", "corrected", "other", "pending")])
        total = _cells(table, [(row, "total")])
        if parts and total and _sum(parts) != _sum(total):
            out.append(_diag("GR204", f"review_litigation row {row}: total is {_fmt(total)} but "
                                      f"upheld + corrected + other + pending = {_fmt(parts)} = {_sum(parts)}",
                             total + parts))
    return out


def _active(table: Table, template_id: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if template_id == schema.TEMPLATE_2019:
        for row in ("regulations", "normative_documents"):
            pair = _cells(table, [(row, "new_published"), (row, "total_published")])
            if pair and None not in (pair[0].value, pair[1].value) and pair[0].value > pair[1].value:
                out.append(_diag("GR205", f"active row {row}: {pair[0].value} newly published but only "
                                          f"{pair[1].value} published in total", pair))
    return out


def _negatives(report: Report) -> list[Diagnostic]:
    return [_diag("GR206", f"{c.key} is {c.value}, a count cannot be negative", [c])
            for c in report.cells() if c.column != "change" and c.value is not None and c.value < 0]


def validate(report: Report) -> list[Diagnostic]:
    """Every arithmetic rule that fails on ``report``, as diagnostics (never raises)."""
    out: list[Diagnostic] = []
    if report.active is not None:
        out += _active(report.active, report.template or "")
    if report.applications is not None:
        out += _applications(report.applications)
    if report.review_litigation is not None:
        out += _review(report.review_litigation)
    out += _negatives(report)
    return out
