"""Golden-file tests in the pygments style: an input and what govreport must read from it.

A golden file holds two sections::

    ---input---
    二、主动公开政府信息情况
    规章：0，0，3
    ...
    ---expected---
    {
     "format": "kv",
     "meta": {...},
     "cells": {"active.regulations.new_made": 0, ...},
     "diagnostics": ["GR101 line 4", ...]
    }

The input is the text between the two marker lines, exactly (so it ends with a newline); the
expected part is JSON: the layout sniffing chose, the values in the shape of the expected-values
files (:mod:`govreport.testing.scoring`), and the diagnostics found (code and line). Diagnostics
that depend on what else is installed (GR003, GR006, GR007) are left out; a golden whose
expected part has no ``"diagnostics"`` key does not compare them at all (for a plugin that
wants its goldens to pin its cells, not the core's warnings).

``check_golden(path)`` parses the input and compares; a mismatch fails with a diff of the two
JSON texts. With ``update=True`` (pytest's ``--update-goldens``, see
:mod:`govreport.testing.pytest_plugin`) the expected part is rewritten from what govreport reads
now (the input is never touched) and a warning names the file, so the change shows up in review.
Updating is refused under CI (the ``CI`` environment variable set): CI checks goldens, it never
blesses them.
"""

from __future__ import annotations

import difflib
import json
import os
import warnings
from pathlib import Path
from typing import Any

from ..api import parse
from ..errors import GovReportError
from ..model import Report
from ..registry import Registry
from .scoring import expected_of

INPUT_MARK = "---input---\n"
EXPECTED_MARK = "---expected---\n"
#: Diagnostics about the installation rather than the input: not part of a golden.
INSTALLATION_CODES = frozenset({"GR003", "GR006", "GR007"})


class GoldenFileError(ValueError):
    """A golden file that is not in the ``---input---``/``---expected---`` shape."""


class GoldenUpdateRefused(RuntimeError):
    """``update`` was asked for where goldens must only be checked (under CI)."""


def golden_files(folder: str | Path, pattern: str = "*.golden") -> list[Path]:
    """The golden files in ``folder`` (and below), sorted: for ``pytest.mark.parametrize``."""
    return sorted(Path(folder).rglob(pattern))


def read_golden(path: str | Path) -> tuple[str, str | None]:
    """``(input, expected JSON text or None)`` of a golden file."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith(INPUT_MARK):
        raise GoldenFileError(f"{path}: a golden file starts with the line {INPUT_MARK.strip()!r}")
    body = text[len(INPUT_MARK):]
    at = body.find("\n" + EXPECTED_MARK)
    if at < 0:
        if body.startswith(EXPECTED_MARK):
            return "", body[len(EXPECTED_MARK):]
        return body, None  # a new golden: only its input so far
    return body[: at + 1], body[at + 1 + len(EXPECTED_MARK):]


def write_golden(path: str | Path, input_text: str, expected: dict[str, Any]) -> None:
    """Write a golden file from an input and its expected reading."""
    if input_text and not input_text.endswith("\n"):
        input_text += "\n"
    Path(path).write_text(INPUT_MARK + input_text + EXPECTED_MARK + _dump(expected), encoding="utf-8")


def golden_reading(input_text: str, *, format: str | None = None, registry: Registry | None = None,
                   source: str = "<golden>") -> dict[str, Any]:
    """What govreport reads from ``input_text``, in the golden files' expected shape (a
    library error is part of the reading: ``{"error": "FormatError: ..."}``)."""
    try:
        report = parse(input_text, format, source=source, registry=registry)
    except GovReportError as e:
        return {"error": f"{type(e).__name__}: {e.message}"}
    return _reading(report)


def _reading(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"format": report.format, "template": report.template}
    out.update(expected_of(report))
    out["diagnostics"] = [f"{d.code} line {d.line}" if d.line is not None else d.code
                          for d in report.diagnostics if d.code not in INSTALLATION_CODES]
    return out


def _dump(expected: dict[str, Any]) -> str:
    return json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


def check_golden(path: str | Path, *, format: str | None = None, update: bool = False,
                 registry: Registry | None = None) -> None:
    """Parse the golden file's input and compare with its expected part (see the module).

    Raises :class:`AssertionError` with a diff on a mismatch (or when the file has no expected
    part yet and ``update`` is false).
    """
    path = Path(path)
    input_text, expected_text = read_golden(path)
    reading = golden_reading(input_text, format=format, registry=registry, source=path.name)
    if expected_text is not None and "diagnostics" in reading and '"diagnostics":' not in expected_text:
        del reading["diagnostics"]  # this golden leaves diagnostics out (and an update keeps it so)
    got = _dump(reading)
    if expected_text == got:
        return
    if update:
        if os.environ.get("CI"):
            raise GoldenUpdateRefused(f"{path}: goldens are not updated under CI (CI={os.environ['CI']!r})")
        path.write_text(INPUT_MARK + input_text + EXPECTED_MARK + got, encoding="utf-8")
        warnings.warn(f"golden file updated: {path} (review the change before committing)", stacklevel=2)
        return
    if expected_text is None:
        raise AssertionError(f"{path}: no ---expected--- part yet; run pytest with --update-goldens to write it")
    diff = "".join(difflib.unified_diff(expected_text.splitlines(True), got.splitlines(True),
                                        f"{path.name} (expected)", f"{path.name} (read now)"))
    raise AssertionError(f"{path}: govreport reads the input differently from the golden file:\n{diff}")
