"""Batch conversion of whole corpora: files and folders in, one dataset out.

Files are parsed in worker processes (``jobs``, default: all cores) and streamed to the writer
as they finish, so memory stays flat whatever the corpus size and nothing parsed is lost if a
run is interrupted; ``resume`` skips the sources already in the output. A file that cannot be
parsed becomes a row of the diagnostics table and never stops the batch.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from .export import _DIAGNOSTIC_VALUES, DIAGNOSTIC_FIELDS, diagnostic_rows, failure_row, open_writer, wide_values
from .records import record_values

#: Extensions read when walking folders (other files are sniffed by their first bytes).
EXTENSIONS = {".txt", ".text", ".md", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"}


@attrs.define
class Summary:
    """What a conversion did."""

    parsed: int = 0
    with_errors: int = 0  # parsed, with arithmetic or cell errors
    failed: int = 0
    skipped: int = 0

    def line(self) -> str:
        return (f"{self.parsed} parsed ({self.with_errors} with errors), {self.failed} failed"
                + (f", {self.skipped} skipped (already in the output)" if self.skipped else ""))


def _looks_like_text(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"\x00" not in head and (head.startswith(b"PK") or bool(head.strip()))


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and the report files below folders named (sorted, recursive)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                if f.suffix.lower() in EXTENSIONS or (not f.suffix and _looks_like_text(f)):
                    yield f
        else:
            yield p  # a named file is always tried (a missing one is reported as failed)


# A parse allocates a couple of thousand objects and keeps ~700 alive until its Report is done:
# with the collector's default first threshold (700) a young collection runs about once per
# report over objects about to be freed, and a full one every hundred reports, ~10 % of the
# time. A batch raises the threshold: a report's objects then mostly die young, unvisited.
# Worker processes keep the setting; the calling process gets its own back when convert returns.
BATCH_GC_THRESHOLD = 20_000


@contextmanager
def batch_gc() -> Iterator[None]:
    """Within the block, the garbage collector's first threshold is raised for batch parsing."""
    before = gc.get_threshold()
    _raise_gc_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _raise_gc_threshold() -> None:  # also the worker processes' initializer
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, BATCH_GC_THRESHOLD), *rest)


def _work(args: tuple[str, str | None, str]) -> tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]], bool]:
    """Parse one file in a worker: (source, rows, diagnostics rows, parsed?), rows as tuples in
    the writer's column order (cheaper to send between processes than dicts)."""
    path, fmt, shape = args
    from .api import parse_file

    try:
        report = parse_file(path, fmt)
        rows = record_values(report) if shape == "long" else [wide_values(report)]
        return path, rows, _diagnostic_values(diagnostic_rows(report)), True
    except Exception as e:  # one bad file never stops the batch
        return path, [], _diagnostic_values([failure_row(path, e)]), False


_SEVERITY = DIAGNOSTIC_FIELDS.index("severity")


def _diagnostic_values(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return list(map(_DIAGNOSTIC_VALUES, rows))


def convert(paths: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, shape: str = "long",
            jobs: int | None = None, resume: bool = False, format: str | None = None, bom: bool = False,
            progress: Callable[[int, int, Summary], None] | None = None) -> Summary:
    """Parse every report under ``paths`` into ``out`` (format from its extension)."""
    writer = open_writer(out, shape, bom=bom)
    summary = Summary()
    try:
        files = [str(p) for p in discover(paths)]
        if resume:
            done = writer.sources()
            summary.skipped = sum(1 for f in files if f in done)
            files = [f for f in files if f not in done]
        total = len(files)
        tasks = [(f, format, shape) for f in files]
        jobs = jobs or os.cpu_count() or 1
        if jobs == 1 or total <= 1:
            results: Iterable[Any] = map(_work, tasks)
            pool = None
        else:
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_raise_gc_threshold)
            results = pool.map(_work, tasks, chunksize=max(1, min(64, total // (jobs * 8) or 1)))
        try:
            with batch_gc():
                for n, (_source, rows, diags, ok) in enumerate(results, 1):
                    writer.write_values(rows, diags)
                    if ok:
                        summary.parsed += 1
                        if any(d[_SEVERITY] == "error" for d in diags):
                            summary.with_errors += 1
                    else:
                        summary.failed += 1
                    if progress:
                        progress(n, total, summary)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    finally:
        writer.close()
    return summary


def terminal_progress(n: int, total: int, summary: Summary) -> None:
    """A one-line progress bar on stderr (used only when stderr is a terminal)."""
    width = 30
    done = int(width * n / total) if total else width
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total}  {summary.failed} failed")
    if n == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
