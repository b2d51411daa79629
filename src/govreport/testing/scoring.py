"""Score a folder of reports against hand-checked expected values.

The expected values are JSON files in the data contract's shape (the shape of the project's
seed and corpus expectations)::

    {"id": "r01", "layout": "kv",
     "meta": {"agency": "...", "year": 2020, "published": "2021-01-20", "template": "2019", "script": "hans"},
     "cells": {"applications.new_received.total": 4, ...},
     "legacy": {"active_disclosed": 147, ...}}

For every ``EXPECTED/<id>.json`` the folder holds one source ``<id>.*``. A value is right when
it equals the expected one (``null`` only equals ``null``; numbers within 1e-9 relative); a
value that differs is *wrong* (the worst outcome), an absent or null one *missing*, a non-null
cell nobody expected *spurious*, and a file that cannot be parsed *crashed*.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..api import parse_file
from ..model import Report
from ..numbers import plain_value
from ..registry import Registry


def expected_of(report: Report) -> dict[str, Any]:
    """The report's values in the expected-values shape (``meta``, ``cells``, ``legacy``)."""
    # Values as JSON holds them (an amount is a Decimal in the report, a number in the file).
    out: dict[str, Any] = {"meta": report.meta.values(), "cells": {c.key: plain_value(c.value) for c in report.cells()}}
    if report.legacy:
        out["legacy"] = {k: plain_value(v) for k, v in report.legacy_values().items()}
    return out


def same_value(got: Any, want: Any) -> bool:
    """Whether a parsed value counts as the expected one."""
    if got is None or want is None:
        return got is None and want is None
    if isinstance(got, (int, float)) and isinstance(want, (int, float)) and not isinstance(got, bool):
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    return str(got).strip() == str(want).strip()


@attrs.frozen
class ReportScore:
    """How one report scored: counts, and the keys behind them."""

    id: str
    source: str
    right: int = 0
    total: int = 0
    wrong: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    crashed: str | None = None

    def line(self) -> str:
        status = f"CRASH ({self.crashed})" if self.crashed else f"{self.right}/{self.total}"
        return f"{self.id}: {status}" + (f", {len(self.spurious)} spurious" if self.spurious else "")


@attrs.frozen
class FolderScore:
    """A folder's score: one :class:`ReportScore` per expected file."""

    reports: tuple[ReportScore, ...]

    @property
    def wrong(self) -> int:
        return sum(len(r.wrong) for r in self.reports)

    @property
    def missing(self) -> int:
        return sum(len(r.missing) for r in self.reports)

    @property
    def spurious(self) -> int:
        return sum(len(r.spurious) for r in self.reports)

    @property
    def crashed(self) -> int:
        return sum(1 for r in self.reports if r.crashed)

    @property
    def perfect(self) -> bool:
        return all(r.right == r.total and not r.crashed for r in self.reports)

    def summary(self) -> str:
        right = sum(r.right for r in self.reports)
        total = sum(r.total for r in self.reports)
        return (f"score: values {right}/{total} wrong {self.wrong} missing {self.missing} "
                f"spurious {self.spurious} crashed {self.crashed}")

    def report(self) -> str:
        """Every report's line, what went wrong in it, and the summary."""
        lines = []
        for r in self.reports:
            lines.append(r.line())
            lines += [f"    {w}" for w in (*r.wrong, *r.missing)]
            lines += [f"    spurious {k}" for k in r.spurious]
        lines.append(self.summary())
        return "\n".join(lines)


def score_report(report: Report, expected: Mapping[str, Any], *, id: str = "") -> ReportScore:
    """Score one parsed report against its expected values."""
    got: dict[str, Any] = {f"meta.{k}": v for k, v in report.meta.values().items()}
    got.update({c.key: c.value for c in report.cells()})
    if report.legacy:
        got.update({f"legacy.{k}": v for k, v in report.legacy_values().items()})
    want: dict[str, Any] = dict(expected.get("cells", {}))
    want.update({f"meta.{k}": v for k, v in expected.get("meta", {}).items()})
    want.update({f"legacy.{k}": v for k, v in expected.get("legacy", {}).items()})
    right = 0
    wrong: list[str] = []
    missing: list[str] = []
    for key, value in want.items():
        if key in got and same_value(got[key], value):
            right += 1
        elif got.get(key) is None:
            missing.append(f"{key}: missing (want {value!r})")
        else:
            wrong.append(f"{key}: got {got[key]!r} want {value!r}")
    spurious = tuple(k for k, v in got.items() if k not in want and v is not None and not k.startswith(("meta.",
                                                                                                       "legacy.")))
    return ReportScore(id or report.source, report.source, right, len(want), tuple(wrong), tuple(missing), spurious)


def score_folder(folder: str | Path, expected: str | Path | None = None, *, format: str | None = None,
                 registry: Registry | None = None) -> FolderScore:
    """Parse every report that has an expected file and score it.

    ``expected`` is the folder of ``<id>.json`` files (default: ``folder/expected``). A source
    that cannot be parsed is a crashed report, never an exception: one bad file does not hide
    the others' scores.
    """
    folder = Path(folder)
    expected_dir = Path(expected) if expected is not None else folder / "expected"
    scores = []
    for path in sorted(expected_dir.glob("*.json")):
        want = json.loads(path.read_text(encoding="utf-8"))
        sources = [p for p in folder.glob(path.stem + ".*") if p.suffix != ".json" and p.is_file()]
        total = sum(len(want.get(k, {})) for k in ("cells", "meta", "legacy"))
        if len(sources) != 1:
            scores.append(ReportScore(path.stem, "", 0, total, crashed=f"{len(sources)} source files named "
                                                                          f"{path.stem}.* in {folder}"))
            continue
        try:
            report = parse_file(sources[0], format, registry=registry)
        except Exception as e:  # a crash is a score, not an abort
            scores.append(ReportScore(path.stem, str(sources[0]), 0, total, crashed=f"{type(e).__name__}: {e}"))
            continue
        scores.append(score_report(report, want, id=path.stem))
    return FolderScore(tuple(scores))
