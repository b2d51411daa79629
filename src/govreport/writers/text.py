"""CSV and JSON lines outputs, made transactional by a journal.

Three files: ``out.csv`` (the rows), ``out.diagnostics.csv`` and ``out.csv.journal`` (JSON lines). Rows
are appended to the first two; a commit flushes and syncs them, then appends one journal line
listing the sources it commits with the byte ranges of their rows and where both files end.
The journal's first line says what the output is (format, shape, columns).

Reopening trusts only what the journal commits: a torn last journal line is ignored, and both
files are cut back to the last committed byte (a half-written report disappears whole).
Dropping sources (a changed file on ``--resume``) rewrites the three files without their
ranges under temporary names and switches to them in a way that a kill at any point leaves
either the old or the new state (see :meth:`JournalWriter._switch`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any

import attrs

from ..errors import OutputError
from ..outputs import DIAGNOSTICS
from . import Converted, Preparer, Row, SourceEntry, Writer, as_set, journal_lines, remove_paths, sidecar

JOURNAL_VERSION = 1
_NEXT, _COMPACT = ".next", ".compact"


def _fsync(f: IO[bytes]) -> None:
    f.flush()
    os.fsync(f.fileno())


class JournalWriter(Writer):
    """The journal protocol; subclasses say how rows become bytes."""

    suffix_kind = "journal"

    def __init__(self, path: Path, shape: str, mode: str) -> None:
        super().__init__(path, shape, mode)
        self.diag_path = sidecar(path, "diagnostics")
        self.journal_path = path.with_name(path.name + ".journal")
        try:
            if mode == "overwrite":
                remove_paths(*self._all_paths())
            self._recover_switch()
            self._open()
            self._refuse_if_not_empty()
        except BaseException:
            self.abandon()
            raise

    # -- encoding (per format) ----------------------------------------------------------------
    def header(self, columns: tuple[str, ...]) -> bytes:
        return b""

    def encode(self, columns: tuple[str, ...], rows: Iterable[Row]) -> bytes:
        return ENCODERS[self.format_name](columns, rows)

    # -- files --------------------------------------------------------------------------------
    def _all_paths(self) -> list[Path]:
        out = [self.path, self.diag_path, self.journal_path]
        return out + [p.with_name(p.name + s) for p in out for s in (_NEXT, _COMPACT)]

    def _journal_header(self) -> dict[str, Any]:
        return {"govreport": "journal", "version": JOURNAL_VERSION, "format": self.format_name, "shape": self.shape,
                "columns": list(self.columns), "data_start": len(self.header(self.columns)),
                "diag_start": len(self.header(DIAGNOSTICS.names))}

    def _open(self) -> None:
        head = self._journal_header()
        data_end, diag_end = head["data_start"], head["diag_start"]
        if self.journal_path.exists():
            found, valid_bytes, last = self._scan_journal()
            if found is None:
                if self.path.exists() and self.path.stat().st_size:
                    raise OutputError("has no readable journal (it was not written by govreport convert)",
                                      source=str(self.path), expected="--overwrite to replace it")
            else:
                for key in ("format", "shape", "columns"):
                    if found.get(key) != head[key]:
                        raise OutputError(f"was written with {key} {found.get(key)!r}, not {head[key]!r}",
                                          source=str(self.path), expected="the same --shape, or --overwrite")
                if last is not None:
                    data_end, diag_end = last["data_end"], last["diag_end"]
                with open(self.journal_path, "r+b") as j:
                    j.truncate(valid_bytes)  # a torn last line was never a commit
                self._journal = open(self.journal_path, "ab")
        elif self.path.exists() and self.path.stat().st_size:
            raise OutputError("has no journal (it was not written by govreport convert)", source=str(self.path),
                              expected="--overwrite to replace it")
        if not hasattr(self, "_journal"):
            self._journal = open(self.journal_path, "wb")
            self._journal.write(json.dumps(head).encode() + b"\n")
            _fsync(self._journal)
        self._data = self._repair(self.path, self.header(self.columns), data_end)
        self._diag = self._repair(self.diag_path, self.header(DIAGNOSTICS.names), diag_end)
        self._data_pos, self._diag_pos = data_end, diag_end

    def _journal_lines(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return journal_lines(self.journal_path)

    def _scan_journal(self) -> tuple[dict[str, Any] | None, int, dict[str, Any] | None]:
        """(the journal's header or None when it is none of ours, its valid bytes, its last commit),
        read line by line: a long journal is never held in memory."""
        header: dict[str, Any] | None = None
        last: dict[str, Any] | None = None
        valid = 0
        for size, record in self._journal_lines():
            if header is None:
                if not isinstance(record, dict) or record.get("govreport") != "journal":
                    return None, 0, None
                header = record
            else:
                last = record
            valid += size
        return header, valid, last

    def _commits(self) -> Iterator[dict[str, Any]]:
        """The journal's commit lines, in order (after its header)."""
        lines = self._journal_lines()
        next(lines, None)
        for _, record in lines:
            yield record

    def iter_committed(self) -> Iterator[SourceEntry]:
        for record in self._commits():
            for e in record["sources"]:
                yield SourceEntry.from_dict(e)

    def _repair(self, path: Path, header: bytes, end: int) -> IO[bytes]:
        size = path.stat().st_size if path.exists() else 0
        if size:
            with open(path, "rb") as head:
                starts_right = head.read(len(header)) == header
        if not path.exists() or size < end or (size and not starts_right):
            if end > len(header):
                raise OutputError(f"{path.name} is shorter than its journal says (changed outside govreport)",
                                  source=str(self.path), expected="--overwrite to replace it")
            with open(path, "wb") as fresh:
                fresh.write(header)
                _fsync(fresh)
        f = open(path, "r+b")
        f.truncate(end)  # bytes after the last commit belong to no committed report
        f.seek(end)
        return f

    # -- the writer interface -----------------------------------------------------------------
    def add(self, item: Converted) -> None:
        # A worker has usually encoded the rows already (writers.Preparer): then this is two appends.
        if item.prepared_for != self.format_name or item.data is None or item.diag_data is None:
            item = Preparer(self.format_name, self.shape)(attrs.evolve(item, prepared_for=None))
        data, diag = item.data or b"", item.diag_data or b""
        self._data.write(data)
        self._diag.write(diag)
        entry = item.entry.to_dict()
        entry["data"] = [self._data_pos, self._data_pos + len(data)]
        entry["diag"] = [self._diag_pos, self._diag_pos + len(diag)]
        self._data_pos += len(data)
        self._diag_pos += len(diag)
        self.ledger.add(entry)

    def commit(self) -> None:
        if not self.ledger.pending:
            return
        _fsync(self._data)
        _fsync(self._diag)
        added = self.ledger.take()
        line = json.dumps({"data_end": self._data_pos, "diag_end": self._diag_pos, "sources": added},
                          ensure_ascii=False).encode() + b"\n"
        try:
            self._journal.write(line)
            _fsync(self._journal)  # this line is the commit
        except BaseException:
            self.ledger.restore(added)
            raise

    def drop(self, sources: Collection[str]) -> None:
        gone = as_set(sources)
        self.commit()  # what was added before counts as committed: a drop then removes it too
        if not any(e["source"] in gone for record in self._commits() for e in record["sources"]):
            return
        # The three files are copied without the dropped sources' byte ranges, commit line by
        # commit line (a commit's kept sources become one line of the new journal).
        head = self._journal_header()
        with open(self.path, "rb") as d, open(self.diag_path, "rb") as g, \
                open(self._tmp(self.path), "wb") as nd, open(self._tmp(self.diag_path), "wb") as ng, \
                open(self._tmp(self.journal_path), "wb") as nj:
            nd.write(self.header(self.columns))
            ng.write(self.header(DIAGNOSTICS.names))
            nj.write(json.dumps(head).encode() + b"\n")
            pos, dpos = len(self.header(self.columns)), len(self.header(DIAGNOSTICS.names))
            for record in self._commits():
                moved_entries = []
                for e in record["sources"]:
                    if e["source"] in gone:
                        continue
                    moved = dict(e)
                    for src, dst, key, at in ((d, nd, "data", pos), (g, ng, "diag", dpos)):
                        start, end = e[key]
                        src.seek(start)
                        dst.write(src.read(end - start))
                        moved[key] = [at, at + end - start]
                    pos, dpos = moved["data"][1], moved["diag"][1]
                    moved_entries.append(moved)
                if moved_entries:
                    nj.write(json.dumps({"data_end": pos, "diag_end": dpos, "sources": moved_entries},
                                        ensure_ascii=False).encode() + b"\n")
            _fsync(nd)
            _fsync(ng)
            _fsync(nj)
        self._close_files()
        self._switch()
        del self._journal
        self._open()

    @staticmethod
    def _tmp(path: Path) -> Path:
        return path.with_name(path.name + _COMPACT)

    def _switch(self) -> None:
        """Replace the three files by their rewritten copies. The journal's copy is renamed to
        ``.next`` first: from then on a reopening rolls the switch forward (renames whatever
        copies remain); before it, the copies are discarded and the old files stand."""
        nxt = self.journal_path.with_name(self.journal_path.name + _NEXT)
        os.replace(self._tmp(self.journal_path), nxt)
        self._recover_switch()

    def _recover_switch(self) -> None:
        nxt = self.journal_path.with_name(self.journal_path.name + _NEXT)
        copies = [self._tmp(self.path), self._tmp(self.diag_path)]
        if nxt.exists():
            for c, target in zip(copies, (self.path, self.diag_path)):
                if c.exists():
                    os.replace(c, target)
            os.replace(nxt, self.journal_path)
        else:
            remove_paths(*copies, self._tmp(self.journal_path))

    def _close_files(self) -> None:
        for name in ("_data", "_diag", "_journal"):
            f = getattr(self, name, None)
            if f is not None:
                try:
                    f.close()
                except OSError:  # bytes past the last commit that could not be flushed: never committed
                    pass

    def locations(self) -> dict[str, str]:
        return {"rows": str(self.path), "diagnostics": str(self.diag_path), "sources": str(self.journal_path)}


class CsvWriter(JournalWriter):
    """CSV (RFC 4180, UTF-8; with ``bom`` a UTF-8 BOM for Excel); decimals written plainly."""

    format_name = "csv"

    def __init__(self, path: Path, shape: str, mode: str, *, bom: bool = False) -> None:
        self.bom = bom
        super().__init__(path, shape, mode)

    def _journal_header(self) -> dict[str, Any]:
        return {**super()._journal_header(), "bom": self.bom}

    def header(self, columns: tuple[str, ...]) -> bytes:
        return ("\ufeff" if self.bom else "").encode() + self.encode(columns, [columns])



def csv_bytes(columns: tuple[str, ...], rows: Iterable[Row]) -> bytes:
    """Rows as CSV records (RFC 4180, UTF-8); a Decimal is written plainly by ``str``."""
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _json_value(v: Any) -> str:
    t = type(v)
    if t is str:
        return encode_basestring(v)  # what json.dumps(v, ensure_ascii=False) does, without a new encoder per call
    if v is None:
        return "null"
    if (t is int or t is Decimal) or (isinstance(v, (int, Decimal)) and not isinstance(v, bool)):
        return str(v)  # an exact number (a Decimal keeps its digits: no float in between)
    return json.dumps(v, ensure_ascii=False)


def _object_template(columns: tuple[str, ...]) -> str:
    """``{"a":%s,"b":%s}\\n``: one row's object with its values left to fill (``%`` escaped)."""
    keys = (json.dumps(c, ensure_ascii=False).replace("%", "%%") + ":%s" for c in columns)
    return "{" + ",".join(keys) + "}\n"


def jsonl_bytes(columns: tuple[str, ...], rows: Iterable[Row]) -> bytes:
    """Rows as JSON lines, one object per row with the columns as keys; numbers exact."""
    template = _object_template(columns)
    return "".join([template % tuple(map(_json_value, row)) for row in rows]).encode("utf-8")


#: Each journal format's row encoding (also run in worker processes: see writers.Preparer).
ENCODERS = {"csv": csv_bytes, "jsonl": jsonl_bytes}


class JsonLinesWriter(JournalWriter):
    """JSON lines: one object per row; numbers exact (decimals keep their digits)."""

    format_name = "jsonl"
