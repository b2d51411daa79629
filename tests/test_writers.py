"""Writers: rows prepared in a worker (writers.Preparer) are stored exactly as rows the writer prepares itself."""

from __future__ import annotations

import tempfile
from collections import Counter
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from factories import make_report
from govreport.batch import Failure
from govreport.errors import OutputError
from govreport.model import Cell, Table
from govreport.outputs import LONG
from govreport.writers import Converted, Preparer, converted_report, failure_converted, open_writer
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


# -- what an output holds, read back from it (issue 18: writers keep no per-source memory) -----

_SOURCES = [f"/in/s{i}.txt" for i in range(5)]


def _versions() -> dict[tuple[int, int], Converted]:
    """Each source in three versions: two parsed reports (other hashes, other rows) and a failure."""
    found = {}
    for i, source in enumerate(_SOURCES):
        for v in range(2):
            report = attrs.evolve(make_report("2019" if (i + v) % 2 else "2021", seed=500 + 10 * i + v),
                                  source=source)
            found[i, v] = converted_report(report, "long", f"{i}{v}".ljust(64, "0"), 1000 + v)
        found[i, 2] = failure_converted(Failure(source, "cannot be read", sha256="f" * 64, bytes=7), "failed")
    return found


_VERSIONS: dict[tuple[int, int], Converted] = {}

_OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.integers(0, len(_SOURCES) - 1), st.integers(0, 2)),
    st.tuples(st.just("commit")),
    st.tuples(st.just("drop"), st.sets(st.integers(0, len(_SOURCES) - 1), max_size=3)),
    st.tuples(st.just("reopen")),   # close (commits) and open again with mode="resume"
    st.tuples(st.just("killed")),   # abandon (what was pending is lost) and open again
), max_size=14)


def _want(model: dict[str, Converted]) -> dict[str, tuple[str | None, str, int]]:
    return {s: (c.entry.sha256, c.entry.status, c.entry.rows) for s, c in model.items()}


def _check_writer(writer, model: dict[str, Converted]) -> None:
    assert {s: (e.sha256, e.status, e.rows) for s, e in writer.committed().items()} == _want(model)
    assert sum(1 for _ in writer.iter_committed()) == len(model)  # each source once


def _check_output(out: Path, model: dict[str, Converted]) -> None:
    """What a reader finds in the output (the writer closed: DuckDB lets one process open it once)."""
    want = _want(model)
    found = read_output(out)
    assert {s: (e["sha256"], e["status"], e["rows"]) for s, e in found["sources"].items()} == want
    at = LONG.names.index("source")
    assert Counter(r[at] for r in found["rows"]) == Counter({s: c.entry.rows for s, c in model.items() if c.entry.rows})
    assert Counter(d[0] for d in found["diagnostics"]) == Counter(
        {s: c.entry.diagnostics for s, c in model.items() if c.entry.diagnostics})


@pytest.mark.parametrize("ext", FORMATS)
@settings(max_examples=12, deadline=None)
@given(ops=_OPS)
# A Parquet part emptied by a drop and removed gave its name to the next part after a
# reopening, and the old rewrite line then removed the new part's sources too.
@example(ops=[("add", 0, 0), ("drop", {0}), ("reopen",), ("add", 0, 0)])
def test_what_an_output_holds_is_read_back_from_it_after_any_sequence_of_writes(ext, ops):
    # A writer keeps nothing of what it committed: committed(), iter_committed() and the
    # resume's drop read the output itself. Any sequence of adds, commits, drops, clean and
    # killed reopenings must leave it holding exactly what was committed and not dropped.
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")
    if not _VERSIONS:
        _VERSIONS.update(_versions())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out{ext}"
        model: dict[str, Converted] = {}
        pending: dict[str, Converted] = {}
        w = open_writer(out, "long")
        try:
            for op in ops:
                if op[0] == "add":
                    item = _VERSIONS[op[1], op[2]]
                    if item.entry.source in model or item.entry.source in pending:
                        continue  # convert drops a source before writing it again
                    w.add(item)
                    pending[item.entry.source] = item
                elif op[0] == "commit":
                    w.commit()
                    model.update(pending)
                    pending.clear()
                elif op[0] == "drop":
                    gone = [_SOURCES[i] for i in sorted(op[1])]
                    w.drop(gone)  # commits what was pending first
                    model.update(pending)
                    pending.clear()
                    for s in gone:
                        model.pop(s, None)
                else:
                    if op[0] == "reopen":
                        w.close()
                        model.update(pending)
                    else:
                        w.abandon()
                    pending.clear()
                    _check_output(out, model)
                    w = open_writer(out, "long", mode="resume")
                    _check_writer(w, model)
            w.commit()
            model.update(pending)
            _check_writer(w, model)
        finally:
            w.abandon()
        _check_output(out, model)
        with pytest.raises(OutputError, match=f"already holds {len(model)} source") if model else nullcontext():
            open_writer(out, "long").abandon()


def _largest_container(obj: object, depth: int = 2) -> int:
    """The most items any list, dict, set or tuple held by ``obj``'s attributes has (``depth`` levels down)."""
    largest = 0
    for value in vars(obj).values():
        if isinstance(value, (list, dict, set, frozenset, tuple)):
            largest = max(largest, len(value))
        elif depth > 1 and hasattr(value, "__dict__") and type(value).__module__.startswith("govreport"):
            largest = max(largest, _largest_container(value, depth - 1))
    return largest


@pytest.mark.parametrize("ext", FORMATS)
def test_a_writer_holds_nothing_per_committed_source(tmp_path, ext):
    # Issue 18: the committed entries once stayed in the writer (~0.6 KB per source: 116 MiB at
    # 10^5 files). What a writer holds after its commits, and after a resume has read the
    # sources back, must not grow with them: no container of the writer (or of its ledger)
    # is as large as the number of sources written.
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")
    n = 600
    out = tmp_path / f"out{ext}"
    w = open_writer(out, "long")
    try:
        for i in range(n):
            w.add(failure_converted(Failure(f"/in/{i:04d}.txt", "cannot be read", sha256=f"{i:064x}"), "failed"))
            if w.pending >= 100:
                w.commit()
        w.commit()
        assert _largest_container(w) < 100
    finally:
        w.close()
    w = open_writer(out, "long", mode="resume")
    try:
        assert sum(1 for _ in w.iter_committed()) == n
        w.drop(["/in/0003.txt"])
        assert _largest_container(w) < 100
        assert len(w.committed()) == n - 1
    finally:
        w.close()
