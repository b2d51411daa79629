"""Exports: long records, the wide shape, diagnostics as a table, and file writers.

* **long**: one record per cell, the data contract's shape (see [`govreport.records`][govreport.records]).
* **wide**: one row per report, one column per ``table.row.column`` identifier of both templates
  (in the data contract's order) plus ``source``, ``format`` and the metadata and legacy figures.
* **diagnostics**: one row per diagnostic (and one per file that could not be parsed).

The typed tables every output stores, and their schema, are in :mod:`govreport.outputs`
(``LONG_DTYPES``/``WIDE_DTYPES`` for pandas); the writers are in :mod:`govreport.writers`.
pandas and pyarrow are imported only when used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import schema
from .errors import GovReportError
from .model import Report
from .numbers import plain_value
from .outputs import WIDE, wide_table
from .records import report_records

#: Columns of the wide shape, in order (the published schema's ``reports_wide``).
WIDE_COLUMNS: tuple[str, ...] = WIDE.names


def wide_row(report: Report, columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The report as one row of the wide shape (absent cells are None), in ``columns`` (by
    default those of the templates registered now: :func:`govreport.outputs.wide_table`)."""
    if columns is None:
        columns = wide_table().names
    row: dict[str, Any] = dict.fromkeys(columns)
    row["source"], row["format"] = report.source, report.format
    for k, v in report.meta.values().items():
        row[f"meta.{k}"] = v
    for c in report.cells():
        row[c.key] = plain_value(c.value)  # money: Decimal to an exact plain number
    if report.template == schema.TEMPLATE_LEGACY:
        for k, v in report.legacy_values().items():
            row[f"legacy.{k}"] = v
    return row


def diagnostic_rows(report: Report, *, validate: bool = True) -> list[dict[str, Any]]:
    """The report's diagnostics (and, with ``validate``, its arithmetic findings) as rows."""
    found = list(report.diagnostics) + (report.validate() if validate else [])
    return [{"source": report.source, "code": d.code, "severity": d.severity, "message": d.message,
             "cells": " ".join(d.cells), "line": d.line, "column": d.column} for d in found]


def to_records(reports: Iterable[Report]) -> Iterator[dict[str, Any]]:
    """Long records of many reports."""
    for r in reports:
        yield from report_records(r)


def to_dataframe(reports: Iterable[Report], shape: str = "long") -> Any:
    """A pandas DataFrame of the reports in the published types (:data:`govreport.LONG_DTYPES`
    or :data:`govreport.WIDE_DTYPES`): ``long`` (one row per cell) or ``wide`` (one per report).
    Values that do not fit their column are null (see :mod:`govreport.outputs`)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise GovReportError("to_dataframe needs pandas", expected="pip install 'govreport[pandas]'") from None
    from .outputs import shape_table
    from .shaping import long_rows, wide_rows

    table = shape_table(shape)
    shaper = long_rows if shape == "long" else wide_rows
    rows = [row for r in reports for row in shaper(r)[0]]
    return typed_frame(pd, rows, table)


def typed_frame(pd: Any, rows: list[tuple[Any, ...]], table: Any) -> Any:
    """A DataFrame of typed rows with the published pandas dtypes of ``table``."""
    from decimal import Decimal

    from .outputs import PANDAS_TYPES

    columns: list[tuple[Any, ...]] = list(zip(*rows)) if rows else [() for _ in table.columns]
    data = {}
    for c, values in zip(table.columns, columns):
        plain = [float(v) if isinstance(v, Decimal) else v for v in values] if c.type == "decimal" else list(values)
        data[c.name] = pd.array(plain, dtype=PANDAS_TYPES[c.type])
    return pd.DataFrame(data, columns=list(table.names))


def open_writer(path: str | Path, shape: str = "long", *, mode: str = "new", bom: bool = False) -> Any:
    """A dataset writer chosen by the extension (see :func:`govreport.writers.open_writer`)."""
    from .writers import open_writer as _open

    return _open(path, shape, mode=mode, bom=bom)
