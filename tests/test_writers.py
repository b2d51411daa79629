"""Writers: rows prepared in a worker (writers.Preparer) are stored exactly as rows the writer prepares itself."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from factories import make_report
from govreport.model import Cell, Table
from govreport.writers import Preparer, converted_report, open_writer
from outputs_reading import read_output

FORMATS = [".sqlite", ".csv", ".jsonl", ".parquet", ".duckdb"]


def _items(shape: str):
    items = []
    for i in range(6):
        report = make_report("2019" if i % 2 else "2021", seed=300 + i)
        table = report.applications
        cells = tuple(Cell(c.table, c.row, c.column, Decimal("12.34")) if n == 3 else c
                      for n, c in enumerate(table.cells))  # a fractional amount: SQLite's REAL path
        report = attrs.evolve(report, applications=Table(table.id, table.template, cells), source=f"/in/r{i}.txt")
        items.append(converted_report(report, shape, "0" * 64, 100 + i))
    return items


@pytest.mark.parametrize("shape", ["long", "wide"])
@pytest.mark.parametrize("ext", FORMATS)
def test_prepared_and_unprepared_rows_are_stored_alike(tmp_path, ext, shape):
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")
    items = _items(shape)
    fmt = ext[1:]
    found = []
    for name, batch in (("plain", items), ("prepared", [Preparer(fmt, shape)(i) for i in items])):
        out = tmp_path / f"{name}{ext}"
        with open_writer(out, shape) as w:
            for item in batch:
                w.add(item)
        found.append(read_output(out, shape))
    assert found[0] == found[1]
    assert len(found[0]["sources"]) == len(items) and found[0]["rows"]
    if fmt in ("csv", "jsonl"):
        prepared = Preparer(fmt, shape)(items[0])
        assert prepared.rows == [] and prepared.data and prepared.prepared_for == fmt
        assert Preparer(fmt, shape)(prepared) is prepared  # never twice
