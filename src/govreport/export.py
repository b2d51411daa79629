"""Exports: long records, the wide shape, diagnostics as a table, and file writers.

* **long**: one record per cell, the data contract's shape (see [`govreport.records`][govreport.records]).
* **wide**: one row per report, one column per ``table.row.column`` identifier of both templates
  (in the data contract's order) plus ``source``, ``format`` and the metadata and legacy figures.
* **diagnostics**: one row per diagnostic (and one per file that could not be parsed).

Writers append report by report (nothing is held for the whole batch) to JSON lines, CSV
(optionally with a BOM for Excel), SQLite (standard library) or Parquet (needs pyarrow).
pandas and pyarrow are imported only when used.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import schema
from .errors import GovReportError, LimitExceeded
from .model import Report
from .numbers import plain_value
from .records import RECORD_FIELDS, report_records
from .schema import LEGACY_KEYS, META_KEYS

SHAPES = ("long", "wide")
DIAGNOSTIC_FIELDS = ("source", "code", "severity", "message", "cells", "line", "column")


def _wide_cell_columns() -> list[str]:
    seen: dict[str, None] = {}
    for template_id in schema.TABLE_TEMPLATES:
        for f in schema.fields(template_id):
            seen.setdefault(f.key, None)
    return list(seen)


#: Columns of the wide shape, in order.
WIDE_COLUMNS: tuple[str, ...] = (
    "source", "format", *(f"meta.{k}" for k in META_KEYS), *_wide_cell_columns(),
    *(f"legacy.{k}" for k in LEGACY_KEYS),
)


def wide_row(report: Report) -> dict[str, Any]:
    """The report as one row of the wide shape (absent cells are None)."""
    row: dict[str, Any] = dict.fromkeys(WIDE_COLUMNS)
    row["source"], row["format"] = report.source, report.format
    for k, v in report.meta.values().items():
        row[f"meta.{k}"] = v
    for c in report.cells():
        row[c.key] = plain_value(c.value)  # money: Decimal to an exact plain number
    if report.template == schema.TEMPLATE_LEGACY:
        for k, v in report.legacy_values().items():
            row[f"legacy.{k}"] = v
    return row


def wide_values(report: Report) -> tuple[Any, ...]:
    """[`wide_row`][govreport.export.wide_row] as a tuple in [`WIDE_COLUMNS`][govreport.export.WIDE_COLUMNS] order."""
    return tuple(map(wide_row(report).get, WIDE_COLUMNS))


def columns_of(shape: str) -> tuple[str, ...]:
    """The columns of an output shape: ``long`` records or ``wide`` rows."""
    if shape not in SHAPES:
        raise GovReportError(f"unknown shape {shape!r}", expected="long or wide")
    return RECORD_FIELDS if shape == "long" else WIDE_COLUMNS


def diagnostic_rows(report: Report, *, validate: bool = True) -> list[dict[str, Any]]:
    """The report's diagnostics (and, with ``validate``, its arithmetic findings) as rows."""
    found = list(report.diagnostics) + (report.validate() if validate else [])
    return [{"source": report.source, "code": d.code, "severity": d.severity, "message": d.message,
             "cells": " ".join(d.cells), "line": d.line, "column": d.column} for d in found]


def failure_row(source: str, error: BaseException) -> dict[str, Any]:
    """A diagnostics row for a file that could not be parsed."""
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    message = error.message if isinstance(error, GovReportError) else f"{type(error).__name__}: {error}"
    if isinstance(error, GovReportError) and error.expected:
        message += f" (expected {error.expected})"
    code = error.code if isinstance(error, LimitExceeded) else "GR005"  # a limit says which (GR30x)
    return {"source": source, "code": code, "severity": "error", "message": message, "cells": "",
            "line": line, "column": column}


def to_records(reports: Iterable[Report]) -> Iterator[dict[str, Any]]:
    """Long records of many reports."""
    for r in reports:
        yield from report_records(r)


def to_dataframe(reports: Iterable[Report], shape: str = "long"):  # type: ignore[no-untyped-def]
    """A pandas DataFrame of the reports, ``long`` (one row per cell) or ``wide`` (one per report)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise GovReportError("to_dataframe needs pandas", expected="pip install 'govreport[pandas]'") from None
    if shape == "long":
        return pd.DataFrame(list(to_records(reports)), columns=list(RECORD_FIELDS))
    if shape == "wide":
        return pd.DataFrame([wide_row(r) for r in reports], columns=list(WIDE_COLUMNS))
    raise GovReportError(f"unknown shape {shape!r}", expected="long or wide")


# -- writers ------------------------------------------------------------------------------------

class Writer:
    """Appends reports to an output; ``sources()`` lists the sources already there (for resume)."""

    def __init__(self, path: Path, shape: str) -> None:
        self.columns = columns_of(shape)
        self.path, self.shape = path, shape
        self._values = _getter(self.columns)

    def sources(self) -> set[str]:
        return set()

    def write(self, rows: list[dict[str, Any]], diagnostics: list[dict[str, Any]]) -> None:
        """Append one report's rows (dicts of ``columns``; a missing column is None) and
        diagnostics rows. A key that is no column raises [`GovReportError`][govreport.errors.GovReportError]: its value
        would otherwise be lost without a word."""
        for given, columns in ((rows, self.columns), (diagnostics, DIAGNOSTIC_FIELDS)):
            known = set(columns)
            for row in given:
                if not known.issuperset(row):
                    unknown = ", ".join(sorted(set(row) - known))
                    raise GovReportError(f"{self.path}: no column for {unknown}", expected=", ".join(columns))
        self.write_values(list(map(self._values, rows)), list(map(_DIAGNOSTIC_VALUES, diagnostics)))

    def write_values(self, rows: list[tuple[Any, ...]], diagnostics: list[tuple[Any, ...]]) -> None:
        """[`write`][govreport.export.Writer.write] with rows as tuples in ``columns`` order and diagnostics in
        [`DIAGNOSTIC_FIELDS`][govreport.export.DIAGNOSTIC_FIELDS] order (what ``convert``'s workers send)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


def _sidecar(path: Path) -> Path:
    return path.with_name(f"{path.stem}.diagnostics{path.suffix}")


class JsonLinesWriter(Writer):
    def __init__(self, path: Path, shape: str) -> None:
        super().__init__(path, shape)
        self._out: TextIO = open(path, "a", encoding="utf-8")
        self._diag: TextIO = open(_sidecar(path), "a", encoding="utf-8")

    def sources(self) -> set[str]:
        found: set[str] = set()
        for p in (self.path, _sidecar(self.path)):
            if p.exists():
                with open(p, encoding="utf-8") as f:
                    for line in f:
                        try:
                            found.add(json.loads(line)["source"])
                        except (ValueError, KeyError):
                            continue
        return found

    def write_values(self, rows: list[tuple[Any, ...]], diagnostics: list[tuple[Any, ...]]) -> None:
        cols = self.columns
        self._out.writelines(json.dumps(dict(zip(cols, r)), ensure_ascii=False) + "\n" for r in rows)
        self._diag.writelines(json.dumps(dict(zip(DIAGNOSTIC_FIELDS, d)), ensure_ascii=False) + "\n"
                              for d in diagnostics)
        self._out.flush()
        self._diag.flush()

    def close(self) -> None:
        self._out.close()
        self._diag.close()


class CsvWriter(Writer):
    def __init__(self, path: Path, shape: str, *, bom: bool = False) -> None:
        super().__init__(path, shape)
        encoding = "utf-8-sig" if bom else "utf-8"
        new = not path.exists() or path.stat().st_size == 0
        new_diag = not _sidecar(path).exists() or _sidecar(path).stat().st_size == 0
        self._out = open(path, "a", encoding=encoding if new else "utf-8", newline="")
        self._diag = open(_sidecar(path), "a", encoding=encoding if new_diag else "utf-8", newline="")
        self._rows = csv.writer(self._out)
        self._diags = csv.writer(self._diag)
        if new:
            self._rows.writerow(self.columns)
        if new_diag:
            self._diags.writerow(DIAGNOSTIC_FIELDS)

    def sources(self) -> set[str]:
        found: set[str] = set()
        for p in (self.path, _sidecar(self.path)):
            if p.exists():
                with open(p, encoding="utf-8-sig", newline="") as f:
                    found.update(r["source"] for r in csv.DictReader(f) if r.get("source"))
        return found

    def write_values(self, rows: list[tuple[Any, ...]], diagnostics: list[tuple[Any, ...]]) -> None:
        self._rows.writerows(rows)
        self._diags.writerows(diagnostics)
        self._out.flush()
        self._diag.flush()

    def close(self) -> None:
        self._out.close()
        self._diag.close()


class SqliteWriter(Writer):
    """Tables ``records`` (long) or ``reports_wide`` (wide), and ``diagnostics``."""

    def __init__(self, path: Path, shape: str) -> None:
        super().__init__(path, shape)
        self.table = "records" if shape == "long" else "reports_wide"
        self._db = sqlite3.connect(str(path))
        # WAL with one commit per report: a killed run keeps every report it wrote, cheaply.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        cols = ", ".join(f'"{c}"' for c in self.columns)
        self._db.execute(f'CREATE TABLE IF NOT EXISTS "{self.table}" ({cols})')
        dcols = ", ".join(f'"{c}"' for c in DIAGNOSTIC_FIELDS)
        self._db.execute(f"CREATE TABLE IF NOT EXISTS diagnostics ({dcols})")
        self._insert = (f'INSERT INTO "{self.table}" VALUES ({", ".join("?" for _ in self.columns)})')
        self._insert_diag = f"INSERT INTO diagnostics VALUES ({', '.join('?' for _ in DIAGNOSTIC_FIELDS)})"

    def sources(self) -> set[str]:
        found = {r[0] for r in self._db.execute(f'SELECT DISTINCT source FROM "{self.table}"')}
        return found | {r[0] for r in self._db.execute("SELECT DISTINCT source FROM diagnostics")}

    def write_values(self, rows: list[tuple[Any, ...]], diagnostics: list[tuple[Any, ...]]) -> None:
        self._db.executemany(self._insert, map(_sql_row, rows))
        self._db.executemany(self._insert_diag, map(_sql_row, diagnostics))
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()


def _sql(v: Any) -> Any:
    return v if v is None or isinstance(v, (int, float, str)) else json.dumps(v, ensure_ascii=False)


_SQL_TYPES = frozenset({type(None), int, float, str})


def _sql_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    # Rows of plain values (nearly all) go through as they are: one test per row, not per value.
    return values if _SQL_TYPES.issuperset(map(type, values)) else tuple(map(_sql, values))


def _getter(columns: Sequence[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """``row -> tuple of its values in columns' order`` (None for a column the row lacks)."""
    return lambda row: tuple(map(row.get, columns))


_DIAGNOSTIC_VALUES = _getter(DIAGNOSTIC_FIELDS)


class ParquetWriter(Writer):
    """Parquet via pyarrow (``pip install 'govreport[parquet]'``); written in row groups."""

    def __init__(self, path: Path, shape: str) -> None:
        super().__init__(path, shape)
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise GovReportError("Parquet output needs pyarrow", expected="pip install 'govreport[parquet]'") from None
        if path.exists():
            raise GovReportError(f"{path} exists; Parquet output cannot be appended to or resumed",
                                 expected="a new output path")
        self._rows: list[tuple[Any, ...]] = []
        self._diags: list[tuple[Any, ...]] = []
        self._writers: dict[str, Any] = {}

    def write_values(self, rows: list[tuple[Any, ...]], diagnostics: list[tuple[Any, ...]]) -> None:
        self._rows += rows
        self._diags += diagnostics
        if len(self._rows) >= 20000:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, path, rows, cols in (("rows", self.path, self._rows, self.columns),
                                       ("diags", _sidecar(self.path), self._diags, DIAGNOSTIC_FIELDS)):
            if not rows:
                continue
            table = pa.Table.from_pylist([dict(zip(cols, map(_parquet, r))) for r in rows],
                                         schema=pa.schema([(c, pa.string()) for c in cols]))
            if name not in self._writers:
                self._writers[name] = pq.ParquetWriter(str(path), table.schema)
            self._writers[name].write_table(table)
        self._rows, self._diags = [], []

    def close(self) -> None:
        self._flush()
        for w in self._writers.values():
            w.close()


def _parquet(v: Any) -> str | None:
    # One string column type keeps the schema stable across row groups; values are JSON scalars.
    return None if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))


def open_writer(path: str | Path, shape: str = "long", *, bom: bool = False) -> Writer:
    """A writer chosen by the output's extension: .jsonl/.ndjson, .csv, .sqlite/.db, .parquet."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".jsonl", ".ndjson", ".json"):
        return JsonLinesWriter(p, shape)
    if ext == ".csv":
        return CsvWriter(p, shape, bom=bom)
    if ext in (".sqlite", ".sqlite3", ".db"):
        return SqliteWriter(p, shape)
    if ext == ".parquet":
        return ParquetWriter(p, shape)
    raise GovReportError(f"cannot tell the output format of {p.name!r}",
                         expected="an output ending in .jsonl, .csv, .sqlite or .parquet")
