"""Batch conversion of whole corpora: files and folders in, one dataset out.

Files are parsed in worker processes (``jobs``, default: the usable cores; :mod:`govreport.pool`)
in chunks: each worker reads, parses, validates and shapes its files and prepares their rows
for the output (:class:`FileWork`, :class:`~govreport.writers.Preparer`), so the one writing
process (:mod:`govreport.writers`) only stores them. It commits whole reports: whatever
stops a run (Ctrl-C, SIGKILL, a full disk, a lost worker), the output holds every committed
report exactly once and nothing of the others. Each source is identified by its resolved path
and the SHA-256 of its bytes.

An output that already holds sources is refused unless ``resume`` (skip the sources committed
with the same hash; a changed file is parsed again and replaces its rows; a file whose worker
died is tried again) or ``overwrite`` (start afresh). A file that cannot be parsed becomes a
row of the diagnostics table and never stops the batch.
"""

from __future__ import annotations

import enum
import gc
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from .batch import EXTENSIONS, Failure, SourceList, discover, file_sha256, parse_source
from .errors import GovReportError, OutputError
from .limits import Limits
from .writers import (
    FAILED,
    FINAL_STATUSES,
    LOST,
    PARSED,
    Converted,
    Preparer,
    Writer,
    converted_report,
    failure_converted,
    open_writer,
    preparer,
)

__all__ = ["EXTENSIONS", "ConvertInterrupted", "Summary", "batch_gc", "convert", "discover"]

#: A commit at least this often (seconds) and every this many reports: a kill loses little work.
COMMIT_SECONDS = 2.0
COMMIT_REPORTS = 500


@attrs.define
class Summary:
    """What a conversion did (filled in as it goes, so an interrupted run can say it too)."""

    output: str = ""
    files: int = 0  # sources found
    parsed: int = 0
    with_errors: int = 0  # parsed, with arithmetic or cell errors
    failed: int = 0
    lost: int = 0  # their worker died
    unchanged: int = 0  # already in the output with the same hash: skipped
    replaced: int = 0  # in the output with another hash: parsed again
    written: int = 0  # sources committed by this run
    skipped: dict[str, int] = attrs.field(factory=dict)  # files passed over, by extension
    unreadable: int = 0  # folders under the inputs that could not be read
    first_unreadable: str = ""  # the first of them, with the system's reason
    hidden_folders: int = 0  # hidden sub-folders (.git, .venv) not walked
    locations: dict[str, str] = attrs.field(factory=dict)
    elapsed: float = 0.0

    @property
    def done(self) -> int:
        """Sources converted (parsed, failed or lost) by this run."""
        return self.parsed + self.failed + self.lost

    def line(self) -> str:
        """One line: what was parsed, failed, skipped, and where the diagnostics are."""
        parts = [f"{self.parsed} parsed ({self.with_errors} with errors)", f"{self.failed} failed"]
        if self.lost:
            parts.append(f"{self.lost} lost (worker died)")
        if self.unchanged:
            parts.append(f"{self.unchanged} already in the output")
        if self.replaced:
            parts.append(f"{self.replaced} changed and replaced")
        if self.skipped:
            passed = ", ".join(f"{n} {ext}" for ext, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
            parts.append(f"skipped {passed} (not report files)")
        if self.hidden_folders:
            parts.append(f"{self.hidden_folders} hidden folder(s) not walked (name one to read it)")
        if self.unreadable:
            parts.append(f"{self.unreadable} folder(s) could not be read, their files not found "
                         f"(first: {self.first_unreadable})")
        if self.locations.get("diagnostics"):
            parts.append(f"diagnostics in {self.locations['diagnostics']}")
        return ", ".join(parts)


class ConvertInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`convert`: what was finished is committed; ``summary`` says how much."""

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary


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


def _storable(source: str) -> bool:
    """Whether an output can store ``source``: a file name that is not valid UTF-8 reaches
    Python with lone surrogates (``os.fsdecode``), which no output's text can hold."""
    return source.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in source)


def _unstorable(source: str) -> Converted:
    """The failure of a source whose path no output can store (one bad name must not stop the
    batch, and a stand-in name could collide with another file's)."""
    return failure_converted(Failure(source, "its file name is not valid UTF-8, so no output can store it "
                                             "(expected a UTF-8 name: rename the file)"), FAILED)


@attrs.frozen
class FileWork:
    """What a worker does with one file: parse it (``format``, ``limits``), shape its typed rows
    and prepare them for the output (:class:`~govreport.writers.Preparer`)."""

    shape: str
    prepare: Preparer
    format: str | None = None
    limits: Limits | None = None

    def __call__(self, path: str) -> Converted:
        if not _storable(path):
            return _unstorable(path)  # not parsed: its rows could not be stored (see _consume)
        item, sha, size = parse_source(path, self.format, limits=self.limits)
        if isinstance(item, Failure):
            return failure_converted(item, "failed")
        return self.prepare(converted_report(item, self.shape, sha, size))


def _lost(path: str, reason: str) -> Converted:
    failure = Failure(path, f"the worker process reading this file died ({reason})", "WorkerLost", code="GR011")
    return failure_converted(failure, LOST)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_inputs(paths: Sequence[str | os.PathLike[str]]) -> None:
    """An error before any work when an input path does not exist."""
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise GovReportError(f"input not found: {', '.join(missing)}", source=missing[0],
                             expected="existing files or folders")


def convert(paths: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, shape: str = "long",
            jobs: int | None = None, resume: bool = False, overwrite: bool = False, format: str | None = None,
            bom: bool = False, limits: Limits | None = None,
            progress: Callable[[int, int, Summary], None] | None = None,
            on_failure: Callable[[Converted], None] | None = None,
            on_start: Callable[[int, Summary, Any], None] | None = None) -> Summary:
    """Parse every report under ``paths`` into ``out`` (format from its extension).

    ``limits`` bounds what each report may cost (:class:`govreport.Limits`; a file over a
    limit is a failure with the limit's code). ``progress(n, total, summary)`` is called after
    each source, ``on_failure(item)`` for each source that failed or was lost,
    ``on_start(total, summary, pool)`` once before the first (``pool`` is the
    :class:`~govreport.pool.WorkerPool`, or None in one process). Raises
    :class:`~govreport.errors.OutputError` when ``out`` cannot be written (it exists and neither
    ``resume`` nor ``overwrite`` is given, another convert holds it, the disk is full: what was
    committed stays), :class:`ConvertInterrupted` on Ctrl-C.
    """
    paths = list(paths)
    if resume and overwrite:
        raise GovReportError("resume and overwrite exclude each other", expected="one of them")
    if jobs is not None and jobs < 1:
        raise GovReportError(f"jobs must be at least 1, not {jobs}", expected="a positive number of processes")
    check_inputs(paths)
    if format is not None:
        from .registry import default_registry

        default_registry().get(format)  # an unknown layout name is one error before any work, not one per file
    started = time.monotonic()
    with SourceList(paths) as found:  # on disk: a batch of 10^6 files holds none of their names in memory
        writer = open_writer(out, shape, mode="resume" if resume else "overwrite" if overwrite else "new", bom=bom)
        summary = Summary(output=str(out), files=len(found), skipped=found.skipped,
                          unreadable=found.unreadable, first_unreadable=found.first_unreadable,
                          hidden_folders=found.hidden_folders, locations=writer.locations())
        try:
            files = _plan(found, writer, summary)
            work = FileWork(shape, preparer(out, shape), format, limits)
            _run(files, writer, summary, work, jobs=jobs, progress=progress, on_failure=on_failure,
                 on_start=on_start)
        except KeyboardInterrupt:
            _finish(writer, summary)
            raise ConvertInterrupted(summary) from None
        except OutputError:
            writer.abandon()
            raise
        except Exception as e:
            writer.abandon()
            if isinstance(e, GovReportError):
                raise
            raise OutputError(f"cannot write: {_os_message(e)}; {summary.written} source(s) committed by this run",
                              source=str(out), expected="space and permission to write, then --resume") from e
        _finish(writer, summary)
    summary.elapsed = time.monotonic() - started
    return summary


def _os_message(e: BaseException) -> str:
    return (e.strerror or str(e)) if isinstance(e, OSError) else f"{type(e).__name__}: {e}"


def _finish(writer: Writer, summary: Summary) -> None:
    before = writer.pending
    try:
        writer.close()
    except Exception as e:
        writer.abandon()
        raise OutputError(f"cannot write: {_os_message(e)}; {summary.written} source(s) committed by this run",
                          source=summary.output, expected="space and permission to write, then --resume") from e
    summary.written += before


class Planned(enum.IntEnum):
    """What a resume makes of each file found (its mark in the :class:`~govreport.batch.SourceList`)."""

    NEW = 0  # not in the output: converted
    UNCHANGED = 1  # in the output with the same SHA-256: skipped
    CHANGED = 2  # in the output with another hash (or none): its rows dropped, converted again
    RETRY = 3  # in the output as lost (its worker died): dropped, converted again


def _plan(found: SourceList, writer: Writer, summary: Summary) -> Collection[str]:
    """The files to convert, in the order found: new ones, changed ones (their old rows dropped)
    and lost ones.

    The output's sources are read as they come (:meth:`~govreport.writers.Writer.iter_committed`)
    and each is looked up in the list of files found, which is kept on disk (its rows marked
    with what the plan makes of them): the plan holds nothing per file or per source in memory,
    and the files to drop and to convert are set views of that list."""
    if writer.mode != "resume":  # "new" refused a non-empty output and "overwrite" emptied it
        return found
    found.begin()
    try:
        for entry in writer.iter_committed():
            if entry.source not in found:
                continue  # in the output, not among the inputs: kept as it is
            if entry.status not in FINAL_STATUSES:
                planned = Planned.RETRY
            elif entry.sha256 is not None and file_sha256(entry.source) == entry.sha256:
                planned = Planned.UNCHANGED
            else:
                planned = Planned.CHANGED
            found.mark(entry.source, planned)  # a source committed twice: the later entry counts
    finally:
        found.commit()
    summary.unchanged += found.count(Planned.UNCHANGED)
    summary.replaced += found.count(Planned.CHANGED)
    writer.drop(found.marked(Planned.CHANGED, Planned.RETRY))
    return found.marked(Planned.NEW, Planned.CHANGED, Planned.RETRY)


def _run(files: Collection[str], writer: Writer, summary: Summary, work: FileWork, *, jobs: int | None,
         progress: Callable[[int, int, Summary], None] | None, on_failure: Callable[[Converted], None] | None,
         on_start: Callable[[int, Summary, Any], None] | None) -> None:
    from .pool import WorkerPool

    total = len(files)
    jobs = jobs or default_jobs()
    pool = WorkerPool(jobs, work, initializer=_raise_gc_threshold) if jobs > 1 and total > 1 else None
    results: Iterable[Converted] = pool.run(files, _lost) if pool is not None else map(work, files)
    if on_start is not None:
        on_start(total, summary, pool)
    last_commit = time.monotonic()
    try:
        _consume(results, total, writer, summary, progress, on_failure, last_commit)
    finally:
        if pool is not None:
            pool.close()  # also when the loop stops early (Ctrl-C, a full disk): no worker is left behind


def _consume(results: Iterable[Converted], total: int, writer: Writer, summary: Summary,
             progress: Callable[[int, int, Summary], None] | None, on_failure: Callable[[Converted], None] | None,
             last_commit: float) -> None:
    with batch_gc():
        for n, item in enumerate(results, 1):
            if _storable(item.entry.source):
                writer.add(item)
            # else FileWork's failure for a name no output can store (also a lost worker's):
            # reported and counted, never stored, so the next run tries it again
            status = item.entry.status
            if status == PARSED:
                summary.parsed += 1
                if any(d[2] == "error" for d in item.diagnostics):
                    summary.with_errors += 1
            else:
                if status == LOST:
                    summary.lost += 1
                else:
                    summary.failed += 1
                if on_failure is not None:
                    on_failure(item)
            if writer.pending >= COMMIT_REPORTS or time.monotonic() - last_commit >= COMMIT_SECONDS:
                before = writer.pending
                writer.checkpoint()
                summary.written += before - writer.pending
                last_commit = time.monotonic()
            if progress is not None:
                progress(n, total, summary)
