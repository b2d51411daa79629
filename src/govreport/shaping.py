"""A Report as the typed rows of an output (:mod:`govreport.outputs`): what every writer stores.

Rows are tuples in the output table's column order, each value already of its column's
logical type (``int``, :class:`~decimal.Decimal`, ``str`` or None), so all writers store the
same thing. A value that does not fit its column becomes None plus a ``GR010`` diagnostics row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .export import diagnostic_rows, wide_row
from .model import Report
from .numbers import plain_value
from .outputs import (
    DECIMAL,
    DIAGNOSTICS,
    INT64_MAX,
    INT64_MIN,
    INTEGER,
    NUMERIC_META,
    Misfit,
    OutputTable,
    fit_decimal,
    fit_integer,
    fitter,
    misfits_as_diagnostics,
    wide_table,
)
from .records import legacy_values, meta_values

Row = tuple[Any, ...]
_DIAGNOSTIC_KEYS = DIAGNOSTICS.names


def long_rows(report: Report) -> tuple[list[Row], list[Row]]:
    """``(records, GR010 diagnostics)``: the long shape's rows, typed (the records of
    :func:`~govreport.records.record_values`, each with its ``text`` column and its value fitted)."""
    out: list[Row] = []
    misfits: list[Misfit] = []
    lines: dict[str, int | None] = {}
    src = report.source

    def fitted(table: str, row: str, column: str, value: Any, raw: str, line: int | None) -> Row:
        if isinstance(value, int):
            value, why = fit_integer(value)  # counts (and whole amounts) must fit 64 bits in every output
        else:
            value, why = fit_decimal(value)
        if why is not None:
            key = f"{table}.{row}.{column}" if column else f"{table}.{row}"
            misfits.append(Misfit(key, raw, why))
            lines[key] = line
        return (src, table, row, column, value, None, raw, line)

    for _, table, row, column, value, raw, line in meta_values(report):
        if row in NUMERIC_META:
            value, why = fit_integer(value)
            if why is not None:
                misfits.append(Misfit(f"meta.{row}", raw, why))
                lines[f"meta.{row}"] = line
            out.append((src, table, row, column, value, None, raw, line))
        else:
            out.append((src, table, row, column, None, None if value is None else str(value), raw, line))
    # One pass over the cells, nearly all of them a count that fits (or blank): that row is made
    # directly; anything else (money, a count past 64 bits) is fitted with a diagnostic if need be.
    for c in report.cells():
        value, span = c.value, c.span
        if value is None or (value.__class__ is int and INT64_MIN <= value <= INT64_MAX):
            out.append((src, c.table, c.row, c.column, value, None, c.raw, span.line if span else None))
        else:
            if value.__class__ is Decimal:
                value = plain_value(value)  # as the records export holds it (an exact float or an int)
            out.append(fitted(c.table, c.row, c.column, value, c.raw, span.line if span else None))
    for _, table, row, column, value, raw, line in legacy_values(report):
        out.append(fitted(table, row, column, value, raw, line))
    return out, list(misfits_as_diagnostics(report.source, misfits, lines))


class _WideFitters:
    """The fitting function of each column of the wide table (of the templates registered now),
    worked out again only when that table changes."""

    def __init__(self) -> None:
        self.table: OutputTable | None = None
        self.fitters: tuple[tuple[str, str, Any], ...] = ()

    def of(self, table: OutputTable) -> tuple[tuple[str, str, Any], ...]:
        if table is not self.table:
            self.table, self.fitters = table, tuple((c.name, c.type, fitter(c.type)) for c in table.columns)
        return self.fitters


_WIDE_FITTERS = _WideFitters()


def wide_rows(report: Report) -> tuple[list[Row], list[Row]]:
    """``([the wide row], GR010 diagnostics)``, typed, in the columns of
    :func:`~govreport.outputs.wide_table` (a registered template's cells too)."""
    table = wide_table()
    row = wide_row(report, table.names)
    values: list[Any] = []
    misfits: list[Misfit] = []
    for name, kind, fit in _WIDE_FITTERS.of(table):
        v = row[name]
        if v is None or (kind == INTEGER and type(v) is int and INT64_MIN <= v <= INT64_MAX):
            values.append(v)
            continue
        if kind == DECIMAL and isinstance(v, int) and not isinstance(v, bool):
            fitted, why = fit_integer(v)
        else:
            fitted, why = fit(v)
        if why is not None:
            misfits.append(Misfit(name, v, why))
        values.append(fitted)
    lines = {c.key: (c.span.line if c.span else None) for c in report.cells()} if misfits else {}
    return [tuple(values)], list(misfits_as_diagnostics(report.source, misfits, lines))


def shaped_rows(report: Report, shape: str) -> tuple[list[Row], list[Row]]:
    """``(rows, diagnostics rows)`` of a report in an output shape: its parse diagnostics,
    its arithmetic findings and any GR010 for values that did not fit."""
    rows, misfit_rows = long_rows(report) if shape == "long" else wide_rows(report)
    diagnostics = [tuple(map(d.get, _DIAGNOSTIC_KEYS)) for d in diagnostic_rows(report)]
    return rows, diagnostics + misfit_rows
