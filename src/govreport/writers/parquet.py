"""Parquet output as a dataset folder of part files, with the published Arrow schema.

``out.parquet/`` holds ``part-NNNNNN.parquet`` (the rows), ``_diagnostics/part-NNNNNN.parquet``
and ``_journal.jsonl``; readers (pyarrow, DuckDB ``read_parquet('out.parquet/*.parquet')``,
pandas, Spark) skip the names that start with ``_`` or ``.``. A part is written under a
hidden temporary name, renamed, and counts only once a journal line lists it with its sources:
on reopening, every file the journal does not list is removed. Parts are written when enough
rows are buffered (:attr:`ParquetDatasetWriter.part_rows`) and when the writer closes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import GovReportError, OutputError
from ..outputs import DIAGNOSTICS, OutputTable, arrow_schema
from . import Converted, Row, SourceEntry, Writer, as_set, journal_lines, remove_paths

JOURNAL = "_journal.jsonl"
DIAGNOSTICS_DIR = "_diagnostics"


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ParquetDatasetWriter(Writer):
    """See the module docstring (``pip install 'govreport[parquet]'``)."""

    format_name = "parquet"
    part_rows = 100_000  # a part per this many buffered rows and diagnostics (and one at the end): bounds memory
    part_sources = 5_000  # … or sources: bounds a journal line (and what reading one back costs)
    part_seconds = 60.0  # … or after this long, so a long run loses little when killed

    def __init__(self, path: Path, shape: str, mode: str) -> None:
        super().__init__(path, shape, mode)
        try:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise GovReportError("Parquet output needs pyarrow",
                                     expected="pip install 'govreport[parquet]'") from None
            if mode == "overwrite":
                remove_paths(path)
            if path.exists() and not path.is_dir():
                raise OutputError("is a file, not a dataset folder (an older govreport wrote it?)",
                                  source=str(path), expected="--overwrite to replace it")
            self.diag_dir = path / DIAGNOSTICS_DIR
            self.journal_path = path / JOURNAL
            self._rows: list[Row] = []
            self._diags: list[Row] = []
            self._last_part = time.monotonic()
            self._open()
            self._refuse_if_not_empty()
        except BaseException:
            self.abandon()
            raise

    def _header(self) -> dict[str, Any]:
        return {"govreport": "journal", "version": 1, "format": "parquet", "shape": self.shape,
                "columns": list(self.columns)}

    def _open(self) -> None:
        self.diag_dir.mkdir(parents=True, exist_ok=True)
        head = self._header()
        valid = 0
        parts: list[str] = []  # every part a journal line lists, in order
        self._into: dict[str, str | None] = {}  # part -> the part its rewrite made (None: emptied)
        self._count = 0
        if self.journal_path.exists():
            for n, (size, record) in enumerate(self._journal_lines()):
                if n == 0:
                    if record.get("govreport") != "journal":
                        raise OutputError("has an unreadable journal", source=str(self.path),
                                          expected="--overwrite to replace it")
                    for key in ("shape", "columns"):
                        if record.get(key) != head[key]:
                            raise OutputError(f"was written with {key} {record.get(key)!r}", source=str(self.path),
                                              expected="the same --shape, or --overwrite")
                else:
                    self._apply(record, parts)
                valid += size
        if valid == 0:
            if any(p.suffix == ".parquet" for p in self.path.iterdir()):
                raise OutputError("has part files but no journal (not written by govreport convert)",
                                  source=str(self.path), expected="--overwrite to replace it")
            with open(self.journal_path, "wb") as j:
                j.write(json.dumps(head).encode() + b"\n")
            valid = self.journal_path.stat().st_size
        with open(self.journal_path, "r+b") as j:
            j.truncate(valid)
        self._journal: IO[bytes] = open(self.journal_path, "ab")
        live = {self._current_part(p) for p in parts} - {None}
        # A part's name is never used twice, not even after the part was emptied and removed:
        # the journal's rewrite line for the old one would take the new one's sources too.
        named = [*parts, *self._into, *(p for p in self._into.values() if p is not None)]
        numbers = [0, *(int(p[5:11]) for p in named)]
        for folder in (self.path, self.diag_dir):
            for f in folder.iterdir():
                if f.is_file() and f.name != JOURNAL and f.name.removesuffix(".parquet") not in live:
                    f.unlink()  # an uncommitted or superseded part, or a temporary file
                elif f.name.startswith("part-"):
                    numbers.append(int(f.name[5:11]))
        self._next = max(numbers) + 1

    def _journal_lines(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return journal_lines(self.journal_path)

    def _apply(self, record: dict[str, Any], parts: list[str] | None = None) -> None:
        """What a journal line changes in the little this writer keeps: the parts, their rewrites
        and the count of sources (a rewrite's removed sources were all committed before it)."""
        if "part" in record:
            self._count += len(record["sources"])
            if parts is not None:
                parts.append(record["part"])
        elif "rewrite" in record:
            self._count -= len(record["removed"])
            self._into[record["rewrite"]] = record["into"]

    def _current_part(self, part: str) -> str | None:
        """Where the rows a part was written with are now (its rewrites followed; None: removed)."""
        current: str | None = part
        while current is not None and current in self._into:
            current = self._into[current]
        return current

    def _live_entries(self, end: int | None = None) -> Iterator[tuple[dict[str, Any], str]]:
        """Each committed source's journal entry and the part its rows are in now, in commit order
        (with ``end``: of the journal's first ``end`` bytes).

        A source leaves a part only by a rewrite of that part (or of the part its rows moved to).
        Two passes over the journal: the first notes where each part's rewrite lines are (a byte
        offset each: a few per part, nothing per source), the second yields each part line's
        entries that none of its parts' rewrites removed, reading those lines again one part at
        a time: what is held is one part's removed sources, however many the journal lists."""
        rewrites: dict[str, list[int]] = {}
        at = 0
        for size, record in journal_lines(self.journal_path, end):
            if "rewrite" in record:
                rewrites.setdefault(record["rewrite"], []).append(at)
            at += size
        with open(self.journal_path, "rb") as journal:
            for record in self._commit_lines(end):
                if "part" not in record:
                    continue
                part = self._current_part(record["part"])
                if part is None:
                    continue  # every source of it was removed
                removed = self._removed_along(record["part"], rewrites, journal)
                for e in record["sources"]:
                    if e["source"] not in removed:
                        yield e, part

    def _removed_along(self, part: str, rewrites: dict[str, list[int]], journal: IO[bytes]) -> set[str]:
        """The sources removed from ``part`` and from the parts its rows moved to, read from the
        rewrite lines at the offsets ``rewrites`` noted."""
        removed: set[str] = set()
        current: str | None = part
        while current is not None:
            for offset in rewrites.get(current, ()):
                journal.seek(offset)
                removed.update(json.loads(journal.readline())["removed"])
            current = self._into.get(current)
        return removed

    def _commit_lines(self, end: int | None = None) -> Iterator[dict[str, Any]]:
        lines = journal_lines(self.journal_path, end)
        next(lines, None)
        for _, record in lines:
            yield record

    def iter_committed(self) -> Iterator[SourceEntry]:
        for e, _ in self._live_entries():
            yield SourceEntry.from_dict(e)

    def _committed_count(self) -> int:
        return self._count

    def _commit_line(self, record: dict[str, Any]) -> None:
        self._journal.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._apply(record)

    # -- parts --------------------------------------------------------------------------------
    def _write_part(self, folder: Path, name: str, table: OutputTable, rows: list[Row]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema(table)
        columns: list[tuple[Any, ...]] = list(zip(*rows)) if rows else [() for _ in table.columns]
        arrays = [pa.array(col, type=field.type) for col, field in zip(columns, schema)]
        tmp = folder / f".{name}.parquet.tmp"
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), tmp, compression="zstd")
        _fsync_path(tmp)
        os.replace(tmp, folder / f"{name}.parquet")

    def _new_part(self) -> str:
        name = f"part-{self._next:06d}"
        self._next += 1
        return name

    # -- the writer interface -----------------------------------------------------------------
    def add(self, item: Converted) -> None:
        self._rows += item.rows
        self._diags += item.diagnostics
        self.ledger.add(item.entry.to_dict())

    def checkpoint(self) -> None:
        if (len(self._rows) + len(self._diags) >= self.part_rows or self.ledger.pending >= self.part_sources
                or (self.ledger.pending and time.monotonic() - self._last_part > self.part_seconds)):
            self.commit()

    def commit(self) -> None:
        if not self.ledger.pending:
            return
        name = self._new_part()
        self._write_part(self.path, name, self.table, self._rows)
        self._write_part(self.diag_dir, name, DIAGNOSTICS, self._diags)
        added = self.ledger.take()
        try:
            self._commit_line({"part": name, "sources": added})
        except BaseException:
            self.ledger.restore(added)
            raise
        self._rows, self._diags = [], []
        self._last_part = time.monotonic()

    def drop(self, sources: Collection[str]) -> None:
        wanted = as_set(sources)
        self.commit()
        if not wanted:
            return
        # A part's sources are listed on one journal line, so its live entries come together:
        # each part is settled when the next one's begin, holding one part's sources at a time.
        # The lines this appends (a rewrite per part) are past ``end``: the reading ignores them.
        end = self.journal_path.stat().st_size
        part: str | None = None
        holds = 0
        removed: list[str] = []
        for e, at in self._live_entries(end):
            if at != part:
                self._drop_from(part, holds, removed)
                part, holds, removed = at, 0, []
            holds += 1
            if e["source"] in wanted:
                removed.append(e["source"])
        self._drop_from(part, holds, removed)

    def _drop_from(self, part: str | None, holds: int, removed: list[str]) -> None:
        """Remove ``removed`` (some of the ``holds`` sources of ``part``): the part is rewritten
        without them, or removed when none is left, and a journal line says so."""
        if part is None or not removed:
            return
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        removed = sorted(removed)
        into = None
        if holds > len(removed):
            into = self._new_part()
            for folder, table in ((self.path, self.table), (self.diag_dir, DIAGNOSTICS)):
                old = pq.read_table(folder / f"{part}.parquet", schema=arrow_schema(table))
                kept = old.filter(pc.invert(pc.is_in(old["source"], value_set=pa_strings(removed))))
                self._write_part(folder, into, table, [tuple(r.values()) for r in kept.to_pylist()])
        self._commit_line({"rewrite": part, "into": into, "removed": removed})
        for folder in (self.path, self.diag_dir):
            (folder / f"{part}.parquet").unlink(missing_ok=True)

    def _close_files(self) -> None:
        j = getattr(self, "_journal", None)
        if j is not None:
            j.close()

    def locations(self) -> dict[str, str]:
        return {"rows": str(self.path), "diagnostics": str(self.diag_dir), "sources": str(self.journal_path)}


def pa_strings(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.string())
