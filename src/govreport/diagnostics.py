"""Diagnostics: warnings and rule violations collected on a report, never raised.

Modelled on frictionless: each kind of diagnostic is a :class:`DiagnosticCode` with a stable
code, a title, a severity and a description; a :class:`Diagnostic` is one occurrence with a
message in plain words, the cells involved (identifiers and values) and where it was found.
The full table of codes is :data:`CODES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@attrs.frozen
class DiagnosticCode:
    """A kind of diagnostic: stable code, severity, title and what it means."""

    code: str
    severity: str
    title: str
    description: str


_CODE_LIST = [
    # 0xx: input and plugins
    DiagnosticCode("GR001", INFO, "decoded with fallback encoding",
                   "The bytes were not UTF-8; they were decoded as GB18030."),
    DiagnosticCode("GR002", INFO, "traditional script converted",
                   "The source is in traditional script; it was converted to simplified with OpenCC t2s."),
    DiagnosticCode("GR003", WARNING, "plugin failed to load",
                   "An installed format plugin could not be imported and was skipped."),
    DiagnosticCode("GR004", INFO, "export markers removed",
                   "Markers left by a document export ([bookmark: ...], [image: ...]) were removed."),
    DiagnosticCode("GR005", ERROR, "file could not be parsed",
                   "The file could not be read as a report at all (encoding, layout, corrupt file); "
                   "batch conversion records it and goes on with the next file."),
    # 1xx: structure found while building the report
    DiagnosticCode("GR101", WARNING, "label variant",
                   "A row or column label differs from the template (typo, variant wording, script); "
                   "it was matched to the template's label named in the message."),
    DiagnosticCode("GR102", WARNING, "unknown label",
                   "A table row's label matches no template row; its values were not used."),
    DiagnosticCode("GR103", WARNING, "missing table",
                   "One of the template's three tables was not found in the report."),
    DiagnosticCode("GR104", WARNING, "missing row",
                   "A template row was not found in its table; its cells are absent."),
    DiagnosticCode("GR105", ERROR, "unreadable cell",
                   "A cell's text is not a number the template allows; the cell is null."),
    DiagnosticCode("GR106", WARNING, "row does not fit",
                   "A row has more or fewer value cells than its template row and they cannot be "
                   "placed without guessing; its cells are null."),
    DiagnosticCode("GR107", WARNING, "duplicate row",
                   "A template row appears twice in a table with different values; the cells are null."),
    DiagnosticCode("GR108", WARNING, "amount without unit",
                   "A money amount states no unit (元 or 万元), neither in the cell nor in its column "
                   "header; it is null rather than a guess."),
    DiagnosticCode("GR109", WARNING, "table cut off",
                   "A table ends before all its rows; the cells read so far are kept."),
    DiagnosticCode("GR110", WARNING, "metadata not found",
                   "A metadata field (agency, year, date) could not be found."),
    DiagnosticCode("GR111", INFO, "template detected from year",
                   "The tables' headers did not tell which template the report uses; the year did."),
    # GR112-GR119: the table engine's placement of values on columns
    DiagnosticCode("GR112", WARNING, "values off the header's columns",
                   "In a table whose layout knows its columns (HTML, .docx), a row's values do not stand "
                   "under the header's columns one to a column (a value outside every column, or two under "
                   "one); its values were not used."),
    DiagnosticCode("GR113", WARNING, "placement ambiguous",
                   "A row's values fit its columns in more than one way and the template's arithmetic does "
                   "not single one out; the message names the candidates and the row's cells are null."),
    DiagnosticCode("GR114", INFO, "placed by arithmetic",
                   "A row's values fit its columns in more than one way (surplus blank cells at both ends, a "
                   "lost cell); exactly one placement satisfies the template's arithmetic and was used. The "
                   "message names the candidates and the rules."),
    # 2xx: arithmetic (勾稽关系)
    DiagnosticCode("GR201", ERROR, "applications do not balance",
                   "Table 三, per column: new_received + carried_over must equal total_handled + "
                   "carried_forward."),
    DiagnosticCode("GR202", ERROR, "results do not add up to total_handled",
                   "Table 三, per column: total_handled must equal the sum of all result rows."),
    DiagnosticCode("GR203", ERROR, "applicant columns do not add up to total",
                   "Table 三, per row: total must equal the sum of the six applicant columns."),
    DiagnosticCode("GR204", ERROR, "review/litigation row does not add up",
                   "Table 四, per row: total must equal upheld + corrected + other + pending."),
    DiagnosticCode("GR205", ERROR, "more published than exist",
                   "Table 二 (2019 template): new_published must not exceed total_published."),
    DiagnosticCode("GR206", ERROR, "negative count",
                   "A count is negative; only 本年增/减 (change) may be."),
]

CODES: Mapping[str, DiagnosticCode] = {c.code: c for c in _CODE_LIST}


@attrs.frozen
class Diagnostic:
    """One finding on a report.

    ``cells`` names the cells involved (``table.row.column``) and ``values`` their values in
    the same order; ``line``/``column`` point at the source where it was found (the first cell
    involved for arithmetic rules).
    """

    code: str
    message: str
    severity: str = attrs.field(default="")
    cells: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    values: tuple[Any, ...] = attrs.field(default=(), converter=tuple)
    line: int | None = None
    column: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code].severity)
        elif self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def title(self) -> str:
        """The code's title, e.g. ``"unknown label"``."""
        return CODES[self.code].title

    def format(self, source: str = "<input>") -> str:
        """Compiler-style one-line rendering: ``file:line:col: severity CODE message``."""
        where = source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of this diagnostic."""
        return {
            "code": self.code,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "cells": list(self.cells),
            "values": list(self.values),
            "line": self.line,
            "column": self.column,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """Inverse of :meth:`to_dict`."""
        return cls(
            code=data["code"],
            message=data["message"],
            severity=data.get("severity", ""),
            cells=tuple(data.get("cells", ())),
            values=tuple(data.get("values", ())),
            line=data.get("line"),
            column=data.get("column"),
        )


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in diagnostics:
        counts[d.severity] += 1
    return counts
