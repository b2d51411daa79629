"""Corpora bigger than one machine: govreport on Dask (``pip install 'govreport[dask]'``).

:func:`read_reports` turns files (a list, folders, or a glob) into lazy Dask DataFrames with
the published dtypes as their ``meta`` (:data:`govreport.LONG_DTYPES` / ``WIDE_DTYPES``): one
partition per ``blocksize`` files, parsed wherever the scheduler puts it. A file that cannot be
parsed is a row of the ``failures`` frame, never an exception that kills the job::

    from dask.distributed import Client
    import govreport.dask

    client = Client("tcp://scheduler:8786")
    got = govreport.dask.read_reports("/data/reports/**/*.txt", shape="long", blocksize=500)
    got.frame.to_parquet("/data/records/")           # or got.frame.to_sql(...), got.frame.groupby(...)
    print(got.failures.compute())                     # the files that failed, with the reason

``records``, ``diagnostics`` and ``failures`` come from the same tasks: compute them together
(``dask.compute(a, b)``, or ``to_parquet(..., compute=False)`` on each and one ``dask.compute``)
to parse each file once.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from .batch import Failure, find_sources, parse_source
from .outputs import DIAGNOSTICS, FAILURES, OutputTable, shape_table

__all__ = ["DaskReports", "empty_frame", "parse_block", "read_reports"]


@attrs.frozen
class DaskReports:
    """What :func:`read_reports` returns: the rows, the diagnostics and the failures, lazily.

    Unpacks as ``frame, failures = read_reports(...)``."""

    frame: Any  # dask.dataframe.DataFrame of the shape's table
    diagnostics: Any  # dask.dataframe.DataFrame of the diagnostics table
    failures: Any  # dask.dataframe.DataFrame: source, sha256, code, message
    files: tuple[str, ...]

    def __iter__(self) -> Iterator[Any]:
        yield self.frame
        yield self.failures


def _files(paths_or_glob: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    if isinstance(paths_or_glob, (str, os.PathLike)):
        text = os.fspath(paths_or_glob)
        if any(ch in text for ch in "*?["):
            return find_sources(sorted(glob.glob(text, recursive=True))).files
        return find_sources([text]).files
    return find_sources(list(paths_or_glob)).files


def empty_frame(table: OutputTable) -> Any:
    """An empty pandas DataFrame with the published dtypes of ``table`` (a Dask ``meta``)."""
    import pandas as pd

    from .export import typed_frame

    return typed_frame(pd, [], table)


def parse_block(files: list[str], shape: str = "long", format: str | None = None) -> tuple[Any, Any, Any]:
    """``(rows, diagnostics, failures)`` pandas DataFrames of some files (one Dask partition)."""
    import pandas as pd

    from .convert import batch_gc
    from .export import typed_frame
    from .shaping import shaped_rows

    rows: list[tuple[Any, ...]] = []
    diagnostics: list[tuple[Any, ...]] = []
    failures: list[tuple[Any, ...]] = []
    with batch_gc():
        for path in files:
            item, sha, _ = parse_source(path, format)
            if isinstance(item, Failure):
                failures.append((item.source, sha, item.code, item.message))
                diagnostics.append((item.source, item.code, "error", item.message, "", item.line, item.column))
                continue
            got, diags = shaped_rows(item, shape)
            rows += got
            diagnostics += diags
    return (typed_frame(pd, rows, shape_table(shape)), typed_frame(pd, diagnostics, DIAGNOSTICS),
            typed_frame(pd, failures, FAILURES))


def read_reports(paths_or_glob: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], shape: str = "long", *,
                 blocksize: int = 256, format: str | None = None) -> DaskReports:
    """Lazy Dask DataFrames of every report under ``paths_or_glob`` (see the module docstring).

    ``blocksize`` is the number of files per partition (a partition of the long shape holds
    about 200 rows per file)."""
    try:
        import dask.dataframe as dd
        from dask.delayed import delayed
    except ImportError:
        from .errors import GovReportError

        raise GovReportError("govreport.dask needs dask", expected="pip install 'govreport[dask]'") from None
    if blocksize < 1:
        from .errors import GovReportError

        raise GovReportError(f"blocksize must be at least 1, not {blocksize}", expected="files per partition")
    table = shape_table(shape)
    files = _files(paths_or_glob)
    blocks = [list(files[i:i + blocksize]) for i in range(0, len(files), blocksize)]
    parts = [delayed(parse_block, nout=3, pure=True)(block, shape, format) for block in blocks]
    if not parts:
        parts = [delayed(parse_block, nout=3, pure=True)([], shape, format)]
    frame = dd.from_delayed([p[0] for p in parts], meta=empty_frame(table), verify_meta=True)
    diagnostics = dd.from_delayed([p[1] for p in parts], meta=empty_frame(DIAGNOSTICS), verify_meta=True)
    failures = dd.from_delayed([p[2] for p in parts], meta=empty_frame(FAILURES), verify_meta=True)
    return DaskReports(frame, diagnostics, failures, files)
