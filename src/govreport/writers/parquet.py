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
from collections.abc import Collection
from pathlib import Path
from typing import IO, Any

from ..errors import GovReportError, OutputError
from ..outputs import DIAGNOSTICS, OutputTable, arrow_schema
from . import Converted, Row, Writer, remove_paths

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
    part_rows = 100_000  # a part per this many buffered rows (and one at the end): bounds memory too
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
            self._refuse_if_not_empty(len(self.ledger.committed))
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
        if self.journal_path.exists():
            raw = self.journal_path.read_bytes()
            for n, line in enumerate(raw.splitlines(keepends=True)):
                if not line.endswith(b"\n"):
                    break
                try:
                    record = json.loads(line)
                except ValueError:
                    break
                if n == 0:
                    if record.get("govreport") != "journal":
                        raise OutputError("has an unreadable journal", source=str(self.path),
                                          expected="--overwrite to replace it")
                    for key in ("shape", "columns"):
                        if record.get(key) != head[key]:
                            raise OutputError(f"was written with {key} {record.get(key)!r}", source=str(self.path),
                                              expected="the same --shape, or --overwrite")
                else:
                    self._apply(record)
                valid += len(line)
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
        live = {e["part"] for e in self.ledger.committed.values()}
        numbers = [0]
        for folder in (self.path, self.diag_dir):
            for f in folder.iterdir():
                if f.is_file() and f.name != JOURNAL and f.name.removesuffix(".parquet") not in live:
                    f.unlink()  # an uncommitted or superseded part, or a temporary file
                elif f.name.startswith("part-"):
                    numbers.append(int(f.name[5:11]))
        self._next = max(numbers) + 1

    def _apply(self, record: dict[str, Any]) -> None:
        if "part" in record:
            self.ledger.settle({**e, "part": record["part"]} for e in record["sources"])
        elif "rewrite" in record:
            self.ledger.forget(record["removed"])
            for e in self.ledger.committed.values():
                if e["part"] == record["rewrite"]:
                    e["part"] = record["into"]

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
        if len(self._rows) >= self.part_rows or (
                self.ledger.pending and time.monotonic() - self._last_part > self.part_seconds):
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
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        committed = self.ledger.committed
        gone = set(sources) & set(committed)
        self.commit()
        for part in sorted({committed[s]["part"] for s in gone}):
            removed = sorted(s for s in gone if committed[s]["part"] == part)
            stays = [s for s, e in committed.items() if e["part"] == part and s not in gone]
            into = None
            if stays:
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
