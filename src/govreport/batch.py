"""Many sources: finding them, identifying them, and parsing them one by one.

A source is identified by its resolved absolute path and the SHA-256 of its bytes, so the
same file reached as ``inbox/a.txt``, ``../x/inbox/a.txt`` or ``/abs/inbox/a.txt`` is one
source, and a file changed since it was converted is told apart from one that was not.

:func:`iter_parse` yields a :class:`~govreport.model.Report` or a :class:`Failure` for each
source in order: one bad file never stops the loop. ``govreport convert`` runs the same
per-file step (:func:`parse_source`) in its worker processes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
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


def _looks_like_text(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"\x00" not in head and (head.startswith(b"PK") or bool(head.strip()))


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> Discovered:
    """The files named (always tried) and the report files below the folders named (sorted,
    recursive, hidden files left out), each once by resolved path; the rest counted by extension."""
    seen: dict[str, None] = {}
    skipped: Counter[str] = Counter()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if not x.name.startswith(".") and x.is_file()):
                ext = f.suffix.lower()
                if ext in EXTENSIONS or (not ext and _looks_like_text(f)):
                    seen.setdefault(resolve(f), None)
                else:
                    skipped[ext or "(none)"] += 1
        else:
            seen.setdefault(resolve(p), None)
    return Discovered(tuple(seen), dict(skipped))


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files :func:`find_sources` would read, as resolved paths."""
    return (Path(f) for f in find_sources(paths).files)


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
    for path in find_sources(paths).files:
        yield parse_source(path, format, registry=registry)[0]
