"""Many sources: finding them, identifying them, and parsing them one by one.

A source is identified by its resolved absolute path and the SHA-256 of its bytes, so the
same file reached as ``inbox/a.txt``, ``../x/inbox/a.txt`` or ``/abs/inbox/a.txt`` is one
source, and a file changed since it was converted is told apart from one that was not.

:func:`iter_parse` yields a :class:`~govreport.model.Report` or a :class:`Failure` for each
source in order: one bad file never stops the loop. ``govreport convert`` runs the same
per-file step (:func:`parse_source`) in its worker processes.

The files found are kept on disk (:class:`SourceList`, a private temporary SQLite database),
not in memory: walking, ordering, de-duplicating and planning 10^6 files costs the process
no more memory than 10^3 (issue 18).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path

import attrs

from .errors import GovReportError, LimitExceeded
from .limits import Limits
from .model import Report
from .registry import Registry

#: Extensions read when walking folders (files without an extension are read when they look like text).
EXTENSIONS = frozenset({".txt", ".text", ".md", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"})


@attrs.frozen
class Failure:
    """A source that could not be read as a report: what went wrong and where."""

    source: str
    message: str
    error: str = "GovReportError"  # the exception's class name
    line: int | None = None
    column: int | None = None
    sha256: str | None = None
    bytes: int | None = None
    code: str = "GR005"

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.message}"

    @classmethod
    def of(cls, source: str, error: BaseException, *, sha256: str | None = None, size: int | None = None) -> Failure:
        """The Failure of ``error`` raised while reading ``source``."""
        if isinstance(error, GovReportError):
            message = error.message + (f" (expected {error.expected})" if error.expected else "")
        else:
            message = f"{type(error).__name__}: {error}"
        code = error.code if isinstance(error, LimitExceeded) else "GR005"  # a limit says which (GR30x)
        return cls(source, message, type(error).__name__, getattr(error, "line", None), getattr(error, "column", None),
                   sha256, size, code)


@attrs.frozen
class Discovered:
    """What walking the input paths found: the files to read and the files passed over."""

    files: tuple[str, ...]
    skipped: dict[str, int]  # passed-over files by extension ("(none)" for files without one)

    def skipped_line(self) -> str:
        """``3 .pdf, 1 .bin`` (empty when nothing was skipped)."""
        return ", ".join(f"{n} {ext}" for ext, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))


def resolve(path: str | os.PathLike[str]) -> str:
    """A source's identity path: absolute, symlinks and ``..`` resolved."""
    return str(Path(path).resolve())


def _looks_like_text(path: str | bytes | Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"\x00" not in head and (head.startswith(b"PK") or bool(head.strip()))


def _suffix(name: bytes) -> str:
    """``Path(name).suffix`` of a file name as the system gives it, without making a Path:
    "a." and ".a" have none."""
    i = name.rfind(b".")
    return os.fsdecode(name[i:]) if 0 < i < len(name) - 1 else ""


class SourceList(AbstractSet[str]):
    """The files found under some input paths, each once by resolved path, in the order found,
    kept in a private temporary SQLite database rather than in memory.

    Folders are walked with :func:`os.scandir` one at a time, in no particular order; each file
    is stored with a sort key (its path's names below the folder named, separated by a NUL byte,
    which sorts below every byte of a name), and the database orders and de-duplicates them: the
    order is that of sorted ``Path.rglob`` (a folder's entries by name, a sub-folder's files in
    its place), whatever the size of a folder, and the memory it costs does not grow with the
    number of files (the database pages its rows to a temporary file past its small cache; the
    file is deleted when the list is closed, and by the system when the process dies).

    Each source carries a *mark* (0 when found) that a caller's plan may set (:meth:`mark`) and
    select by (:meth:`marked`: a set view in the same order). ``skipped`` counts the files
    passed over, by extension; ``unreadable`` the folders that could not be read;
    ``hidden_folders`` the hidden sub-folders (``.git``, ``.venv``) not walked. Close it (or
    use it as a context manager) when done.
    """

    def __init__(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        import sqlite3  # here, not at import: a parse needs none of it

        self.skipped: dict[str, int] = {}
        #: Folders under the inputs that could not be read (permissions, gone meanwhile), and
        #: the first of them with the system's reason: their files are not in the list.
        self.unreadable = 0
        self.first_unreadable = ""
        #: Hidden sub-folders (their names start with ".") passed over: not walked.
        self.hidden_folders = 0
        self._db = sqlite3.connect("", isolation_level=None)  # "": private, on disk, deleted on close
        try:
            self._db.execute("PRAGMA journal_mode=OFF")  # nothing here outlives the process
            self._db.execute("PRAGMA synchronous=OFF")
            self._find(paths)
        except BaseException:
            self._db.close()
            raise

    # -- walking ------------------------------------------------------------------------------
    def _find(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        db = self._db
        db.execute("BEGIN")
        db.execute("CREATE TABLE walked (ord BLOB NOT NULL, source BLOB NOT NULL)")
        db.execute("CREATE TABLE folders (id INTEGER PRIMARY KEY, path BLOB NOT NULL, ord BLOB NOT NULL)")
        skipped: Counter[str] = Counter()
        for n, raw in enumerate(paths):
            where = n.to_bytes(4, "big")  # the inputs in the order named; within one, by the sort key
            p = Path(raw)
            if p.is_dir():
                db.execute("INSERT INTO folders (path, ord) VALUES (?, ?)", (os.fsencode(resolve(p)), where))
                self._walk_folders(skipped)
            else:
                db.execute("INSERT INTO walked VALUES (?, ?)", (where, os.fsencode(resolve(p))))
        db.execute("CREATE TABLE found (seq INTEGER PRIMARY KEY, source BLOB NOT NULL UNIQUE, "
                   "mark INTEGER NOT NULL DEFAULT 0)")
        # Each source once, where it was first found; the rows are numbered in that order.
        db.execute("INSERT INTO found (source) SELECT source FROM walked GROUP BY source ORDER BY min(ord)")
        db.execute("DROP TABLE walked")
        db.execute("DROP TABLE folders")
        db.execute("CREATE INDEX found_mark ON found (mark, seq)")
        db.execute("COMMIT")
        self.skipped = dict(skipped)

    def _walk_folders(self, skipped: Counter[str]) -> None:
        """Read the queued folders until none is left (their sub-folders are queued in turn)."""
        db = self._db
        while (row := db.execute("SELECT id, path, ord FROM folders ORDER BY id LIMIT 1").fetchone()) is not None:
            folder_id, folder, prefix = row
            db.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
            self._read_folder(folder, prefix, skipped)

    def _read_folder(self, folder: bytes, prefix: bytes, skipped: Counter[str]) -> None:
        # Real sub-folders are walked (symlinked ones not) except hidden ones (.git, .venv,
        # .ipynb_checkpoints: a tool's files, never the reports; counted, and read when named
        # as an input), symlinks to files are followed, hidden files are passed over, an
        # unreadable folder is counted (the summary names it), anything that is not a file (a
        # FIFO, a broken link) is not counted.
        # Read as bytes: names and paths go to the database as the system gives them.
        try:
            entries = os.scandir(folder)
        except OSError as e:
            self.unreadable += 1
            if not self.first_unreadable:
                self.first_unreadable = f"{os.fsdecode(folder)}: {e.strerror or type(e).__name__}"
            return
        found: list[tuple[bytes, bytes]] = []
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if name.startswith(b"."):
                            self.hidden_folders += 1
                            continue
                        self._db.execute("INSERT INTO folders (path, ord) VALUES (?, ?)",
                                         (entry.path, prefix + name + b"\x00"))
                        continue
                    if name.startswith(b".") or not entry.is_file():
                        continue
                    link = entry.is_symlink()
                except OSError:
                    continue
                ext = _suffix(name).lower()
                if ext in EXTENSIONS or (not ext and _looks_like_text(entry.path)):
                    # the folder is a real path (resolved, reached through no symlink): only a
                    # symlinked file has another identity than its place
                    source = os.fsencode(resolve(os.fsdecode(entry.path))) if link else entry.path
                    found.append((prefix + name, source))
                    if len(found) >= 1000:
                        self._db.executemany("INSERT INTO walked VALUES (?, ?)", found)
                        found.clear()
                else:
                    skipped[ext or "(none)"] += 1
        self._db.executemany("INSERT INTO walked VALUES (?, ?)", found)

    # -- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM found").fetchone()[0]
        return count

    def __iter__(self) -> Iterator[str]:
        return self._sources("SELECT source FROM found ORDER BY seq")

    def __contains__(self, source: object) -> bool:
        if not isinstance(source, str):
            return False
        return self._db.execute("SELECT 1 FROM found WHERE source = ?", (os.fsencode(source),)).fetchone() is not None

    def _sources(self, sql: str, params: tuple[int, ...] = ()) -> Iterator[str]:
        # A cursor of its own: rows come as they are read. A reader that stops early leaves it to
        # be collected (closing the list finalises it first).
        for (source,) in self._db.execute(sql, params):
            yield os.fsdecode(source)

    def mark(self, source: str, mark: int) -> None:
        """Set the mark of ``source`` (a source not in the list is passed over)."""
        self._db.execute("UPDATE found SET mark = ? WHERE source = ?", (int(mark), os.fsencode(source)))

    def count(self, mark: int) -> int:
        """How many sources have ``mark``."""
        count: int = self._db.execute("SELECT count(*) FROM found WHERE mark = ?", (int(mark),)).fetchone()[0]
        return count

    def marked(self, *marks: int) -> MarkedSources:
        """The sources with one of ``marks``, as a set view in the order found."""
        return MarkedSources(self, tuple(sorted({int(m) for m in marks})))

    def begin(self) -> None:
        """Start a transaction: many :meth:`mark` calls then cost one commit (:meth:`commit`)."""
        self._db.execute("BEGIN")

    def commit(self) -> None:
        """End the transaction :meth:`begin` started."""
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Delete the list (its temporary database)."""
        self._db.close()

    def __enter__(self) -> SourceList:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MarkedSources(AbstractSet[str]):
    """The sources of a :class:`SourceList` with some marks: a set view, read from its database."""

    def __init__(self, found: SourceList, marks: tuple[int, ...]) -> None:
        self._found, self._marks = found, marks
        self._where = f"mark IN ({', '.join('?' for _ in marks)})" if marks else "0"

    def __len__(self) -> int:
        db = self._found._db
        count: int = db.execute(f"SELECT count(*) FROM found WHERE {self._where}", self._marks).fetchone()[0]
        return count

    def __iter__(self) -> Iterator[str]:
        return self._found._sources(f"SELECT source FROM found WHERE {self._where} ORDER BY seq", self._marks)

    def __contains__(self, source: object) -> bool:
        if not isinstance(source, str):
            return False
        row = self._found._db.execute(f"SELECT 1 FROM found WHERE source = ? AND {self._where}",
                                      (os.fsencode(source), *self._marks)).fetchone()
        return row is not None


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> Discovered:
    """The files named (always tried) and the report files below the folders named (sorted,
    recursive, hidden files and sub-folders left out), each once by resolved path; the rest
    counted by extension.

    All of them in memory: a long batch walks them with :class:`SourceList` instead."""
    with SourceList(paths) as found:
        return Discovered(tuple(found), found.skipped)


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files :func:`find_sources` would read, as resolved paths, as they are read from the list."""
    with SourceList(paths) as found:
        for f in found:
            yield Path(f)


#: Reading stops past this size: no report is near it, and a device or a runaway file must not fill memory.
MAX_SOURCE_BYTES = 256 * 1024 * 1024


def read_source(path: str) -> tuple[bytes, str]:
    """The bytes of a regular file and their SHA-256 (hex); a clear error for anything else."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise GovReportError("not a regular file (a folder, FIFO or device)", source=path,
                                 expected="a report file")
        if st.st_size > MAX_SOURCE_BYTES:
            raise GovReportError(f"file is {st.st_size} bytes", source=path,
                                 expected=f"a report of at most {MAX_SOURCE_BYTES} bytes")
        with open(path, "rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as e:
        raise GovReportError(f"cannot read file: {e.strerror or e}", source=path) from None
    return data, hashlib.sha256(data).hexdigest()


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read (resume compares it)."""
    try:
        return read_source(path)[1]
    except GovReportError:
        return None


def parse_source(path: str, format: str | None = None, *, registry: Registry | None = None,
                 limits: Limits | None = None) -> tuple[Report | Failure, str | None, int | None]:
    """``(Report or Failure, sha256, size)`` of one file: the per-file step of every batch
    (``limits``: what one report may cost, :class:`govreport.Limits`; the defaults when None)."""
    from .api import parse

    sha: str | None = None
    size: int | None = None
    try:
        data, sha = read_source(path)
        size = len(data)
        return parse(data, format, source=path, registry=registry, limits=limits), sha, size
    except Exception as e:  # one bad file never stops a batch
        return Failure.of(path, e, sha256=sha, size=size), sha, size


def iter_parse(paths: Iterable[str | os.PathLike[str]], format: str | None = None, *,
               registry: Registry | None = None) -> Iterator[Report | Failure]:
    """A :class:`Report` or a :class:`Failure` for every source under ``paths``, in order.

    Folders are walked as ``govreport convert`` walks them; each source is read once, by its
    resolved path (which is the Report's ``source``). Nothing raises for a bad file::

        for item in govreport.iter_parse(["reports/"]):
            if isinstance(item, govreport.Failure):
                print(item)          # file: what went wrong
                continue
            use(item)
    """
    with SourceList(paths) as found:
        for path in found:
            yield parse_source(path, format, registry=registry)[0]
