"""SQLite (standard library) and DuckDB (``pip install 'govreport[duckdb]'``) outputs.

Tables: the shape's (``records`` or ``reports_wide``), ``diagnostics`` and ``sources``, with
the published column types declared and unique keys: ``sources (source, shape)``,
``reports_wide (source)`` and, in SQLite, ``records (source, table, row, column)``. A commit
is one transaction, so a report's rows, diagnostics and ``sources`` entry appear together or
not at all. Both shapes may share one database: its diagnostics are kept once per source.

SQLite inserts each source as it is added, into the transaction the next commit ends (each
source under a savepoint of its own, so a source that fails half-way leaves nothing); DuckDB
keeps the rows and inserts them at the commit as Arrow tables. Inserting as they come spreads
the writing process's work over the run: a commit of 500 reports' rows at once held it for
~0.25 s, during which ``convert --jobs 2``'s workers finished their chunk and waited on a full
pipe (``benchmarks/README.md``, issue 19).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import GovReportError, OutputError
from ..outputs import DECIMAL, DIAGNOSTICS, DUCKDB_TYPES, SOURCES, SQLITE_TYPES, OutputTable
from . import Converted, Preparer, Row, SourceEntry, Writer, remove_paths


def _database_files(path: Path) -> tuple[Path, ...]:
    """A database and the journals its engine keeps beside it."""
    return (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal", ".wal")))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(table: OutputTable, types: dict[str, str], *, unique: bool = True, clustered: bool = False
                     ) -> str:
    """``CREATE TABLE IF NOT EXISTS`` with the published types and, with ``unique``, its key;
    ``clustered`` (SQLite) stores the rows in the key's own B-tree (``WITHOUT ROWID``)."""
    cols = [f"{_q(c.name)} {types[c.type]}" + (" NOT NULL" if c.name in table.key else "") for c in table.columns]
    if unique and table.key:
        cols.append(f"PRIMARY KEY ({', '.join(map(_q, table.key))})")
    return f"CREATE TABLE IF NOT EXISTS {_q(table.name)} ({', '.join(cols)})" + (" WITHOUT ROWID" if clustered else "")


def _sql_value(v: Any) -> Any:
    return (int(v) if v == v.to_integral_value() else float(v)) if isinstance(v, Decimal) else v


def decimal_positions(table: OutputTable) -> tuple[int, ...]:
    """Where a table's rows may hold a Decimal: its ``decimal`` columns."""
    return tuple(i for i, c in enumerate(table.columns) if c.type == DECIMAL)


def sqlite_rows(table: OutputTable, rows: list[Row]) -> list[Row]:
    """Rows as SQLite stores them: money as REAL (whole amounts as INTEGER), the rest untouched.

    Only the table's decimal columns are looked at, so a row without a fractional amount
    (nearly all) costs one type test per decimal column."""
    where = decimal_positions(table)
    if len(where) == 1:
        at = where[0]
        hits = [n for n, r in enumerate(rows) if type(r[at]) is Decimal]
    else:
        hits = [n for n, r in enumerate(rows) if any(type(r[i]) is Decimal for i in where)]
    if not hits:
        return rows
    out = list(rows)
    for n in hits:
        out[n] = tuple(map(_sql_value, out[n]))
    return out


def _null(value: None) -> None:
    return value


def bind_none_directly() -> None:
    """Make the ``sqlite3`` module bind None as NULL without its adaptation protocol.

    CPython's ``sqlite3`` binds ``int``, ``float``, ``str`` and ``bytes`` as they are but sends
    every other value, None included, through the adaptation protocol first, which looks for
    ``__adapt__`` and ``__conform__`` and formats an ``AttributeError`` for each failed look:
    ~2,000 instructions per NULL, and nearly every row of the records table has one (its
    ``text`` column). An adapter registered for None is found in one dictionary look-up and
    returns the same None, bound as NULL as before: measured, a report's inserts take ~25 %
    less CPU (``benchmarks/README.md``, issue 19). The registry is the module's, shared by the
    whole process; an adapter someone else registered for None is left as it is."""
    if (type(None), sqlite3.PrepareProtocol) not in sqlite3.adapters:
        sqlite3.register_adapter(type(None), _null)


class SqlWriter(Writer):
    """What SQLite and DuckDB share: the sources bookkeeping and the commit cycle."""

    types: dict[str, str] = SQLITE_TYPES

    def __init__(self, path: Path, shape: str, mode: str) -> None:
        super().__init__(path, shape, mode)
        try:
            if mode == "overwrite":
                remove_paths(*_database_files(path))
            if not path.exists():
                self._create_in_place_of(path)
            self._db = self._open(path)
            self._check_existing()
            self._create()
            self._other_shapes = self._holds_other_shapes()
            self._refuse_if_not_empty()
            self._rows: list[Row] = []
            self._diags: list[Row] = []
        except BaseException:
            self.abandon()
            raise

    def _create_in_place_of(self, path: Path) -> None:
        # A kill while a database engine writes a new file's first pages can leave a file that
        # is no database at all, which no resume could open. So a new output is made beside
        # it, given its tables, closed and renamed in: the path is either absent or a database.
        staging = path.with_name(path.name + ".creating")
        remove_paths(*_database_files(staging))  # a killed creation's leftover: ours by its name
        self._db = self._open(staging)
        self._create()
        self._close_files()
        os.replace(staging, path)

    # -- per engine ---------------------------------------------------------------------------
    def _open(self, path: Path) -> Any:
        """A connection to the database at ``path`` (made when absent)."""
        raise NotImplementedError

    def _tables(self) -> set[str]:
        raise NotImplementedError

    def _columns(self, table: str) -> list[str]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _insert(self, table: OutputTable, rows: list[Row]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    # -- shared -------------------------------------------------------------------------------
    def _check_existing(self) -> None:
        tables = self._tables()
        for t in (self.table, DIAGNOSTICS, SOURCES):
            if t.name in tables and self._columns(t.name) != list(t.names):
                raise OutputError(f"its table {t.name!r} has other columns (written by an older govreport?)",
                                  source=str(self.path), expected="--overwrite to replace it, or another output")
        if self.table.name in tables and SOURCES.name not in tables:
            raise OutputError(f"has a {self.table.name!r} table but no 'sources' table (not written by govreport "
                              "convert)", source=str(self.path), expected="--overwrite to replace it")

    def _create(self) -> None:
        self._begin()
        for t in (self.table, DIAGNOSTICS, SOURCES):
            self._execute(create_table_sql(t, self.types, unique=self._unique(t), clustered=self._clustered(t)))
        self._commit()
        if self._execute("SELECT count(*) FROM sources")[0][0]:
            self._create_indexes()  # a resume deletes by source: the index must be there before

    def _create_indexes(self) -> None:
        # Made after the load (at close) when the output starts empty: one sort instead of an
        # index update per diagnostics row.
        self._execute(f"CREATE INDEX IF NOT EXISTS diagnostics_source ON {_q(DIAGNOSTICS.name)} (source)")

    def _unique(self, table: OutputTable) -> bool:
        return True

    def _clustered(self, table: OutputTable) -> bool:
        return False

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Row]:
        """A query's rows as they come (not all of them in memory)."""
        raise NotImplementedError

    def iter_committed(self) -> Iterator[SourceEntry]:
        cols = ", ".join(_q(c) for c in SOURCES.names if c != "shape")
        for r in self._stream(f"SELECT {cols} FROM sources WHERE shape = ?", (self.shape,)):
            yield SourceEntry(*r)

    def _committed_count(self) -> int:
        count: int = self._execute("SELECT count(*) FROM sources WHERE shape = ?", (self.shape,))[0][0]
        return count

    def _holds_other_shapes(self) -> bool:
        return bool(self._execute("SELECT count(*) FROM sources WHERE shape <> ?", (self.shape,))[0][0])

    def _in_other_shapes(self, sources: list[str]) -> list[str]:
        """Those of ``sources`` the database holds in another shape (asked in slices: a query's
        parameters are limited)."""
        if not self._other_shapes:  # the usual case: one shape per database, nothing to ask
            return []
        found: list[str] = []
        for i in range(0, len(sources), 500):
            part = sources[i:i + 500]
            marks = ", ".join("?" for _ in part)
            found += [r[0] for r in self._execute(
                f"SELECT DISTINCT source FROM sources WHERE shape <> ? AND source IN ({marks})", (self.shape, *part))]
        return found

    def add(self, item: Converted) -> None:
        if item.prepared_for != self.format_name:
            item = Preparer(self.format_name, self.shape)(item)
        self._rows += item.rows
        self._diags += item.diagnostics
        self.ledger.add(item.entry.to_dict())

    def _delete(self, sources: Collection[str], *, diagnostics: bool) -> None:
        for s in sources:
            self._execute(f"DELETE FROM {_q(self.table.name)} WHERE source = ?", (s,))
            self._execute("DELETE FROM sources WHERE source = ? AND shape = ?", (s, self.shape))
            if diagnostics:
                self._execute("DELETE FROM diagnostics WHERE source = ?", (s,))

    def commit(self) -> None:
        if not self.ledger.pending:
            return
        added = self.ledger.take()
        self._begin()
        try:
            # a source written in the other shape already has its diagnostics here: keep one set
            self._delete(self._in_other_shapes([e["source"] for e in added]), diagnostics=True)
            self._insert(self.table, self._rows)
            self._insert(DIAGNOSTICS, self._diags)
            self._insert(SOURCES, [(e["source"], self.shape, e["sha256"], e["bytes"], e["status"], e["format"],
                                    e["rows"], e["diagnostics"]) for e in added])
            self._commit()
        except BaseException:
            self.ledger.restore(added)
            try:
                self._rollback()
            except Exception:  # the connection may be gone (disk full): the transaction is lost anyway
                pass
            raise
        self._rows, self._diags = [], []

    def close(self) -> None:
        if not self._closed:
            self.commit()
            self._create_indexes()
        super().close()

    def drop(self, sources: Collection[str]) -> None:
        self.commit()
        if not sources:
            return
        self._create_indexes()  # deletes by source: indexed, whether or not the output started empty
        self._begin()
        try:
            self._delete(sources, diagnostics=True)  # a source the output does not hold deletes nothing
            self._commit()
        except BaseException:
            try:
                self._rollback()
            except Exception:  # the connection may be gone (disk full): the transaction is lost anyway
                pass
            raise

    def locations(self) -> dict[str, str]:
        where = str(self.path)
        return {"rows": f"{where} (table {self.table.name})", "diagnostics": f"{where} (table diagnostics)",
                "sources": f"{where} (table sources)"}


class SqliteWriter(SqlWriter):
    """SQLite through the standard library, in WAL mode; each source inserted as it is added
    (see the module docstring)."""

    format_name = "sqlite"
    types = SQLITE_TYPES

    def __init__(self, path: Path, shape: str, mode: str) -> None:
        # Set while a source is being inserted; still set after a failure that could not be
        # undone (its savepoint gone with the transaction): the commit then refuses.
        self._half_added = False
        self._insert_source = f"INSERT INTO sources VALUES ({', '.join('?' for _ in SOURCES.columns)})"
        super().__init__(path, shape, mode)

    def add(self, item: Converted) -> None:
        if item.prepared_for != self.format_name:
            item = Preparer(self.format_name, self.shape)(item)
        if self._half_added:
            raise OutputError("a source added before was left half written and could not be undone",
                              source=str(self.path), expected="--resume (what was committed stays)")
        db, e = self._db, item.entry
        if not db.in_transaction:
            self._begin()
        self._half_added = True
        db.execute("SAVEPOINT source")
        try:
            # a source written in the other shape already has its diagnostics here: keep one set
            self._delete(self._in_other_shapes([e.source]), diagnostics=True)
            self._insert(self.table, item.rows)
            self._insert(DIAGNOSTICS, item.diagnostics)
            db.execute(self._insert_source, (e.source, self.shape, e.sha256, e.bytes, e.status, e.format, e.rows,
                                             e.diagnostics))
            db.execute("RELEASE source")
        except BaseException:
            self._undo_source()
            raise
        self._half_added = False
        # The rows are in the transaction: the ledger only counts the pending sources.
        self.ledger.add({"source": e.source})

    def _undo_source(self) -> None:
        try:
            self._db.execute("ROLLBACK TO source")
            self._db.execute("RELEASE source")
        except Exception:  # the transaction is gone (a full disk may end it): the commit refuses
            return
        self._half_added = False

    def commit(self) -> None:
        if not self.ledger.pending:
            self._end_transaction()  # one left open by a source that failed and was undone: empty
            return
        if self._half_added or not self._db.in_transaction:
            lost = self.ledger.take()
            self._end_transaction()
            raise OutputError(f"the last {len(lost)} source(s) added were lost with their transaction",
                              source=str(self.path), expected="--resume (what was committed stays)")
        try:
            self._commit()
        except BaseException:
            if not self._db.in_transaction:  # rolled back: its sources are gone, not pending
                self.ledger.take()
            raise  # still open: its sources stay pending, a later commit tries again
        self.ledger.take()

    def _end_transaction(self) -> None:
        """Roll back what no commit will take (a half-written source goes with it)."""
        try:
            if self._db.in_transaction:
                self._rollback()
        except Exception:  # the connection may be gone (disk full): the transaction is lost anyway
            return
        self._half_added = False

    def _clustered(self, table: OutputTable) -> bool:
        # Records are small rows looked up by their key: kept in the key's B-tree they need no
        # second index (measured: a 40 % smaller file and 8 % faster inserts than a rowid table
        # with a unique index). Wide rows are too large for that layout.
        return table.name == "records"

    def _open(self, path: Path) -> Any:
        bind_none_directly()
        try:
            db = sqlite3.connect(str(path), isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            return db
        except sqlite3.Error as e:
            raise OutputError(f"cannot open as SQLite: {e}", source=str(self.path),
                              expected="a SQLite database, or a new file") from None

    def _tables(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _columns(self, table: str) -> list[str]:
        return [r[1] for r in self._db.execute(f"PRAGMA table_info({_q(table)})")]

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        rows: list[Row] = self._db.execute(sql, tuple(params)).fetchall()
        return rows

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Row]:
        # A cursor of its own: the writer's connection may run other statements meanwhile.
        cursor = self._db.cursor()
        try:
            yield from cursor.execute(sql, tuple(params))
        finally:
            cursor.close()

    def _insert(self, table: OutputTable, rows: list[Row]) -> None:
        # The shape's rows were prepared (Preparer: money as REAL) when added; diagnostics and
        # sources hold no decimal column.
        if rows:
            marks = ", ".join("?" for _ in table.columns)
            self._db.executemany(f"INSERT INTO {_q(table.name)} VALUES ({marks})", rows)

    def _close_files(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()


class DuckDbWriter(SqlWriter):
    """DuckDB, rows inserted as Arrow tables (the published schema); needs duckdb and pyarrow."""

    format_name = "duckdb"
    types = DUCKDB_TYPES

    def _open(self, path: Path) -> Any:
        try:
            import duckdb
        except ImportError:
            raise GovReportError("DuckDB output needs duckdb", expected="pip install 'govreport[duckdb]'") from None
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as e:
            raise OutputError(f"cannot open as DuckDB: {e}", source=str(self.path),
                              expected="a DuckDB database, or a new file") from None

    def _unique(self, table: OutputTable) -> bool:
        # A unique index over every record costs DuckDB much memory; records are kept unique by
        # the per-source transactions (and the sources table's key), as the fault tests check.
        return table.name != "records"

    def _tables(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT table_name FROM information_schema.tables").fetchall()}

    def _columns(self, table: str) -> list[str]:
        return [r[0] for r in self._db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        rows: list[Row] = self._db.execute(sql, list(params)).fetchall()
        return rows

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[Row]:
        # A cursor of its own (a duplicate connection), fetched in slices.
        cursor = self._db.cursor()
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(2048):
                yield from rows
        finally:
            cursor.close()

    def _insert(self, table: OutputTable, rows: list[Row]) -> None:
        if not rows:
            return
        import pyarrow as pa

        from ..outputs import arrow_schema

        schema = arrow_schema(table)
        arrays = [pa.array(col, type=f.type) for col, f in zip(zip(*rows), schema)]
        self._db.register("govreport_batch", pa.Table.from_arrays(arrays, schema=schema))
        try:
            self._db.execute(f"INSERT INTO {_q(table.name)} SELECT * FROM govreport_batch")
        finally:
            self._db.unregister("govreport_batch")

    def _close_files(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
