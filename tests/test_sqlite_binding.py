"""The SQLite writer's adapter for None (``writers.sql.bind_none_directly``) changes how fast a
NULL is bound, never what is stored: rows with None anywhere read back the same as rows
inserted without it, and an adapter someone else registered for None is left alone."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import blank_share, make_report
from govreport.outputs import LONG, SQLITE_TYPES
from govreport.writers import converted_report, open_writer
from govreport.writers.sql import bind_none_directly, create_table_sql, sqlite_rows

_NONE_KEY = (type(None), sqlite3.PrepareProtocol)


@contextmanager
def _adapter_for_none(adapter: object | None) -> Iterator[None]:
    """Within the block, ``adapter`` (or none at all) is the sqlite3 module's adapter for None."""
    before = sqlite3.adapters.pop(_NONE_KEY, None)
    if adapter is not None:
        sqlite3.adapters[_NONE_KEY] = adapter
    try:
        yield
    finally:
        sqlite3.adapters.pop(_NONE_KEY, None)
        if before is not None:
            sqlite3.adapters[_NONE_KEY] = before


def _stored(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The rows as an in-memory database holds them, with each value's storage class."""
    db = sqlite3.connect(":memory:")
    db.execute(create_table_sql(LONG, SQLITE_TYPES, clustered=True))
    db.executemany(f"INSERT INTO records VALUES ({', '.join('?' for _ in LONG.columns)})", rows)
    cols = ", ".join(f'"{c}", typeof("{c}")' for c in LONG.names)
    stored = db.execute(f"SELECT {cols} FROM records ORDER BY 1, 2, 3, 4").fetchall()
    db.close()
    return stored


_VALUES = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.text(max_size=4))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=3), _VALUES, _VALUES, _VALUES, st.one_of(st.none(), st.integers(0, 9))),
                min_size=1, max_size=12, unique_by=lambda r: r[0]))
def test_rows_with_none_are_stored_the_same_with_the_adapter(picked):
    rows = [("/in/a.txt", "active", key, "", value, text, raw, line) for key, value, text, raw, line in picked]
    with _adapter_for_none(None):
        without = _stored(rows)
        bind_none_directly()
        assert sqlite3.adapters.get(_NONE_KEY) is not None
        with_it = _stored(rows)
    assert with_it == without


def test_a_converted_report_reads_back_with_its_nulls(tmp_path):
    report = attrs.evolve(blank_share(make_report("2021", seed=31), random.Random(3), 0.3), source="/in/r.txt")
    item = converted_report(report, "long", "0" * 64, 10)
    with _adapter_for_none(None):
        out = tmp_path / "r.sqlite"
        with open_writer(out, "long") as w:
            w.add(item)
        assert sqlite3.adapters.get(_NONE_KEY) is not None  # the writer registered it
        db = sqlite3.connect(out)
        order = ", ".join(f'"{k}"' for k in LONG.key)
        got = db.execute(f"SELECT * FROM records ORDER BY {order}").fetchall()
        nulls = db.execute("SELECT count(*) FROM records WHERE text IS NULL").fetchone()[0]
        db.close()
    want = sorted(sqlite_rows(LONG, item.rows), key=lambda r: tuple(r[LONG.names.index(k)] for k in LONG.key))
    assert got == want
    assert nulls == sum(r[LONG.names.index("text")] is None for r in item.rows) > 0


def test_an_adapter_registered_for_none_by_someone_else_is_kept():
    def theirs(value: None) -> None:
        return value

    with _adapter_for_none(theirs):
        bind_none_directly()
        assert sqlite3.adapters[_NONE_KEY] is theirs
