"""A Report as the typed rows of an output (:mod:`govreport.outputs`): what every writer stores.

Rows are tuples in the output table's column order, each value already of its column's
logical type (``int``, :class:`~decimal.Decimal`, ``str`` or None), so all writers store the
same thing. A value that does not fit its column becomes None plus a ``GR010`` diagnostics row.
"""

from __future__ import annotations

from typing import Any

from .export import diagnostic_rows, wide_row
from .model import Report
from .outputs import (
    DECIMAL,
    DIAGNOSTICS,
    INT64_MAX,
    INT64_MIN,
    INTEGER,
    NUMERIC_META,
    WIDE,
    Misfit,
    fit_decimal,
    fit_integer,
    fitter,
    misfits_as_diagnostics,
)
from .records import record_values

Row = tuple[Any, ...]
_DIAGNOSTIC_KEYS = DIAGNOSTICS.names


def long_rows(report: Report) -> tuple[list[Row], list[Row]]:
    """``(records, GR010 diagnostics)``: the long shape's rows, typed."""
    out: list[Row] = []
    misfits: list[Misfit] = []
    lines: dict[str, int | None] = {}
    for src, table, row, column, value, raw, line in record_values(report):
        text = None
        if table == "meta":
            if row in NUMERIC_META:
                value, why = fit_integer(value)
            else:
                value, text, why = None, (None if value is None else str(value)), None
        elif type(value) is int and INT64_MIN <= value <= INT64_MAX:  # nearly every cell: a count
            why = None
        elif isinstance(value, int):
            value, why = fit_integer(value)  # counts (and whole amounts) must fit 64 bits in every output
        else:
            value, why = fit_decimal(value)
        if why is not None:
            key = f"{table}.{row}.{column}" if column else f"{table}.{row}"
            misfits.append(Misfit(key, raw, why))
            lines[key] = line
        out.append((src, table, row, column, value, text, raw, line))
    return out, list(misfits_as_diagnostics(report.source, misfits, lines))


_WIDE_FITTERS = tuple((c.name, c.type, fitter(c.type)) for c in WIDE.columns)


def wide_rows(report: Report) -> tuple[list[Row], list[Row]]:
    """``([the wide row], GR010 diagnostics)``, typed."""
    row = wide_row(report)
    values: list[Any] = []
    misfits: list[Misfit] = []
    for name, kind, fit in _WIDE_FITTERS:
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
