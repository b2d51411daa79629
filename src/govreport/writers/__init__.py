"""Dataset writers: transactional per report, resumable, one writer per output at a time.

Every writer stores the typed rows of :mod:`govreport.outputs` and keeps, in the output
itself, the ``sources`` it holds (resolved path, SHA-256, status, row counts). A report's rows
become visible together with its ``sources`` entry or not at all:

* SQLite and DuckDB: one database transaction per commit;
* CSV and JSON lines: rows are appended, then a line of the journal (``OUT.journal``, JSON lines)
  commits them; on reopening, anything after the last committed byte is cut off;
* Parquet: a dataset folder of part files, each written under a temporary name, renamed, then
  committed by a journal line; files the journal does not list are removed on reopening.

What an output holds is kept in the output only, never in the writer's memory: a writer holds
the sources added since its last commit (:mod:`~govreport.writers.ledger`), and
:meth:`Writer.iter_committed` reads the committed ones back as they come (a resume streams them),
so writing 10^5 or 10^6 sources costs the writing process no more memory than 10^4.

A writer is opened in one of three modes: ``"new"`` refuses an output that already holds
sources, ``"resume"`` keeps what was committed (and repairs or drops anything else), and
``"overwrite"`` starts afresh. While open, the output is locked (:mod:`govreport.lock`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import attrs

from ..errors import GovReportError, OutputError
from ..lock import OutputLock
from ..outputs import DIAGNOSTICS, OutputTable, shape_table
from .ledger import Ledger

Row = tuple[Any, ...]
MODES = ("new", "resume", "overwrite")
PARSED, FAILED, LOST = "parsed", "failed", "lost"
#: Statuses a resume trusts (a lost file is tried again).
FINAL_STATUSES = frozenset({PARSED, FAILED})


@attrs.frozen
class SourceEntry:
    """A source as an output records it (a row of the ``sources`` table)."""

    source: str
    sha256: str | None
    bytes: int | None
    status: str
    format: str | None
    rows: int
    diagnostics: int

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceEntry:
        return cls(d["source"], d.get("sha256"), d.get("bytes"), d["status"], d.get("format"), int(d.get("rows", 0)),
                   int(d.get("diagnostics", 0)))


@attrs.frozen
class Converted:
    """One source ready to be written: its entry, its rows and its diagnostics rows.

    ``prepared_for``: the output format whose :class:`Preparer` has made the rows ready (in a
    worker process), so that its writer does not do it again. ``data``/``diag_data``: the rows
    and diagnostics already encoded in the output's own bytes (CSV, JSON lines); ``rows`` is
    then empty (``diagnostics`` stays: the summary and the failure lines read it)."""

    entry: SourceEntry
    rows: list[Row]
    diagnostics: list[Row]
    prepared_for: str | None = None
    data: bytes | None = None
    diag_data: bytes | None = None


class Writer:
    """The interface every output format implements (see the module docstring)."""

    format_name = ""

    def __init__(self, path: Path, shape: str, mode: str) -> None:
        if mode not in MODES:
            raise GovReportError(f"unknown writer mode {mode!r}", expected=", ".join(MODES))
        self.path, self.shape, self.mode = path, shape, mode
        self.table: OutputTable = shape_table(shape)
        self.columns = self.table.names
        self.ledger = Ledger()
        self._lock = OutputLock(path).acquire()
        self._closed = False

    # -- what every format implements ---------------------------------------------------------
    def drop(self, sources: Collection[str]) -> None:
        """Commit what was added, then remove ``sources`` and all their rows, durably (before they
        are written anew); sources the output does not hold are passed over.

        ``sources`` is only iterated and asked for membership: a set is used as it is (``convert``
        gives a view of its list of files, kept on disk), any other collection is made a set
        (:func:`as_set`)."""
        raise NotImplementedError

    def iter_committed(self) -> Iterator[SourceEntry]:
        """The sources committed to this output in this shape, read from the output as they come
        (in the order they were committed; where a source appears twice, the later counts)."""
        raise NotImplementedError

    def add(self, item: Converted) -> None:
        """Write one source's rows; they count once :meth:`commit` returns."""
        raise NotImplementedError

    def commit(self) -> None:
        """Make every source added so far durable, each whole."""
        raise NotImplementedError

    def checkpoint(self) -> None:
        """Called now and then during a batch: commit (a format may wait for more rows)."""
        self.commit()

    def _close_files(self) -> None:
        raise NotImplementedError

    def locations(self) -> dict[str, str]:
        """Where the rows, the diagnostics and the sources are (for the summary line)."""
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------------
    def committed(self) -> dict[str, SourceEntry]:
        """The sources committed to this output in this shape, by source (all of them in memory:
        a resume over a large output streams :meth:`iter_committed` instead)."""
        return {e.source: e for e in self.iter_committed()}

    @property
    def pending(self) -> int:
        """Sources added and not yet committed."""
        return self.ledger.pending

    def write(self, item: Any) -> None:
        """Write and commit one :class:`~govreport.model.Report` or :class:`~govreport.Failure`."""
        self.add(converted(item, self.shape))
        self.commit()

    def close(self) -> None:
        """Commit what was added, close the files and release the lock."""
        if self._closed:
            return
        try:
            self.commit()
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Close without committing (what was not committed is dropped on the next resume)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._close_files()
        finally:
            self._lock.release()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.abandon()

    def _committed_count(self) -> int:
        return sum(1 for _ in self.iter_committed())

    def _refuse_if_not_empty(self) -> None:
        if self.mode != "new":
            return
        count = self._committed_count()
        if count:
            raise OutputError(f"already holds {count} source(s) in the {self.shape} shape", source=str(self.path),
                              expected="--resume to add the missing ones, or --overwrite to replace it")


def converted(item: Any, shape: str) -> Converted:
    """A Report or a :class:`~govreport.Failure` as the rows a writer takes."""
    from ..batch import Failure

    if isinstance(item, Failure):
        return failure_converted(item, FAILED)
    sha, size = _identity(item.source)
    return converted_report(item, shape, sha, size)


def converted_report(report: Any, shape: str, sha256: str | None, size: int | None) -> Converted:
    """A parsed report's rows and entry (``sha256``/``size`` of the bytes it was parsed from)."""
    from ..shaping import shaped_rows

    rows, diags = shaped_rows(report, shape)
    return Converted(SourceEntry(report.source, sha256, size, PARSED, report.format, len(rows), len(diags)), rows,
                     diags)


def _identity(source: str) -> tuple[str | None, int | None]:
    from ..batch import read_source

    try:
        data, sha = read_source(source)
    except GovReportError:
        return None, None
    return sha, len(data)


def failure_converted(failure: Any, status: str) -> Converted:
    """A failed source's entry and its one diagnostics row (GR005, or GR011 for a lost worker)."""
    row = (failure.source, failure.code, "error", failure.message, "", failure.line, failure.column)
    entry = SourceEntry(failure.source, failure.sha256, failure.bytes, status, None, 0, 1)
    return Converted(entry, [], [row])


@attrs.frozen
class Preparer:
    """What an output does to a source's rows before storing them, done where it is cheapest.

    For CSV and JSON lines it encodes them into the output's bytes (the costly part of those
    writers); for SQLite it turns fractional money into REAL; other formats take the rows as
    they are. ``convert`` runs it in the worker processes, in parallel, so the writing process
    only stores; a writer given an item not prepared for it prepares it itself. Made by
    :func:`preparer` (picklable: it crosses to the workers)."""

    format: str
    shape: str

    def __call__(self, item: Converted) -> Converted:
        if item.prepared_for == self.format:
            return item
        if self.format in ("csv", "jsonl"):
            from .text import ENCODERS

            encode = ENCODERS[self.format]
            return attrs.evolve(item, rows=[], prepared_for=self.format,
                                data=encode(shape_table(self.shape).names, item.rows),
                                diag_data=encode(DIAGNOSTICS.names, item.diagnostics))
        if self.format == "sqlite":
            from .sql import sqlite_rows

            return attrs.evolve(item, rows=sqlite_rows(shape_table(self.shape), item.rows), prepared_for=self.format)
        return attrs.evolve(item, prepared_for=self.format)


def preparer(path: str | os.PathLike[str], shape: str) -> Preparer:
    """The :class:`Preparer` of an output (its format from the extension)."""
    return Preparer(output_format(Path(path)), shape)


def sidecar(path: Path, kind: str) -> Path:
    """``out.csv`` → ``out.diagnostics.csv`` (``kind`` = ``diagnostics``, ``journal``, …)."""
    return path.with_name(f"{path.stem}.{kind}{path.suffix}")


def as_set(sources: Collection[str]) -> AbstractSet[str]:
    """``sources`` for membership tests: a set as it is (never copied: it may be a view of a list
    kept on disk), anything else made one."""
    return sources if isinstance(sources, AbstractSet) else set(sources)


def journal_lines(path: Path, end: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """A journal's whole, readable lines as they come, each with its length in bytes; the
    first torn or unreadable line ends it (what follows was never committed). With ``end``,
    only the lines within its first ``end`` bytes (a journal read while it is appended to)."""
    with open(path, "rb") as j:
        read = 0
        for line in j:
            read += len(line)
            if end is not None and read > end:
                return
            if not line.endswith(b"\n"):
                return
            try:
                record = json.loads(line)
            except ValueError:
                return
            yield len(line), record


def remove_paths(*paths: Path) -> None:
    """Remove files or folders (an ``--overwrite``)."""
    import shutil

    for p in paths:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        elif p.exists() or p.is_symlink():
            p.unlink()


def check_writable(path: Path) -> None:
    """An error before any work when the output cannot be created where it is asked for."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist", source=str(path), expected="an existing folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"the folder {parent} is not writable", source=str(path), expected="a writable folder")
    if path.exists() and not path.is_dir() and not os.access(path, os.W_OK):
        raise OutputError("the output is not writable", source=str(path), expected="a writable file")


EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".sqlite": "sqlite",
              ".sqlite3": "sqlite", ".db": "sqlite", ".duckdb": "duckdb", ".parquet": "parquet"}


def output_format(path: Path) -> str:
    """The output format an extension names."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"cannot tell the output format of {path.name!r}", source=str(path),
                          expected="an output ending in .sqlite, .duckdb, .parquet, .csv or .jsonl")
    return fmt


def open_writer(path: str | os.PathLike[str], shape: str = "long", *, mode: str = "new", bom: bool = False
                ) -> Writer:
    """A writer chosen by the output's extension: ``.sqlite``/``.db``, ``.duckdb``, ``.parquet``
    (a dataset folder), ``.csv`` or ``.jsonl``/``.ndjson``; see the module docstring for ``mode``."""
    p = Path(path)
    fmt = output_format(p)
    shape_table(shape)
    check_writable(p)
    try:
        return _open(p, fmt, shape, mode, bom)
    except OSError as e:  # a folder where a file should be, permissions changed meanwhile, a full disk
        raise OutputError(f"cannot open the output: {e.strerror or e}", source=str(p),
                          expected="a writable file or folder there") from None


def _open(p: Path, fmt: str, shape: str, mode: str, bom: bool) -> Writer:
    if fmt == "sqlite":
        from .sql import SqliteWriter

        return SqliteWriter(p, shape, mode)
    if fmt == "duckdb":
        from .sql import DuckDbWriter

        return DuckDbWriter(p, shape, mode)
    if fmt == "parquet":
        from .parquet import ParquetDatasetWriter

        return ParquetDatasetWriter(p, shape, mode)
    from .text import CsvWriter, JsonLinesWriter

    return CsvWriter(p, shape, mode, bom=bom) if fmt == "csv" else JsonLinesWriter(p, shape, mode)


__all__ = ["DIAGNOSTICS", "FAILED", "LOST", "PARSED", "Converted", "Preparer", "SourceEntry", "Writer", "open_writer",
           "preparer"]
