"""Diagnostics: warnings and rule violations collected on a report, never raised.

Modelled on frictionless: each kind of diagnostic is a [`DiagnosticCode`][govreport.diagnostics.DiagnosticCode] with a stable
code, a title, a severity and a description; a [`Diagnostic`][govreport.diagnostics.Diagnostic] is one occurrence with a
message in plain words, the cells involved (identifiers and values) and where it was found.
The full table of codes is [`CODES`][govreport.diagnostics.CODES].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .numbers import from_plain, plain_value
from .sequences import as_tuple

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
    DiagnosticCode("GR006", WARNING, "duplicate plugin name",
                   "Two installed format plugins have the same name; the one named in the message was "
                   "not used (the first one registered keeps the name)."),
    DiagnosticCode("GR007", WARNING, "plugin failed",
                   "A format plugin's sniff or read raised an error or broke the plugin contract (a "
                   "score that is not a number in 0..1, a result that is not a Document); it counted "
                   "as not recognising the input and the next candidate was used."),
    DiagnosticCode("GR008", WARNING, "declared charset does not fit",
                   "The page declares a charset its bytes are not in; they were checked against UTF-8 "
                   "and GB18030 and decoded with the one that fits."),
    DiagnosticCode("GR009", WARNING, "undecodable bytes replaced",
                   "A few bytes could not be decoded in any candidate encoding and were replaced; a "
                   "cell holding one is unreadable (null), never a guessed number."),
    # 01x: datasets (batch conversion and its outputs)
    DiagnosticCode("GR010", ERROR, "value does not fit its column",
                   "A value cannot be stored in its output column's declared type (a count beyond 64 bits, an "
                   "amount with more than six decimals); it is written as null, and the report's other rows "
                   "are written as usual."),
    DiagnosticCode("GR011", ERROR, "worker process lost",
                   "The worker process parsing this file died (killed, out of memory) with the file alone in its "
                   "hands (a worker that dies on a chunk of files has each of them tried again alone first); the "
                   "file is recorded as lost, a new worker takes over, and a --resume run tries the file again."),
    DiagnosticCode("GR012", WARNING, "tables of a PDF text extraction not read",
                   "The input is text that pdftotext extracted from a PDF: its tables' columns are lost "
                   "(a blank cell writes nothing, a wrapped cell is cut in two), so its tables were not "
                   "read and their cells are missing, never guessed. Parse the PDF itself (govreport[pdf]) "
                   "or the page or .docx it was made from."),
    DiagnosticCode("GR013", WARNING, "paragraph-separated numbers not read as a table",
                   "One-cell-per-line text whose numbers each stand alone between empty lines, as a PDF "
                   "text extractor writes paragraphs: the empty lines separate paragraphs, they are not "
                   "blank cells, and a blank cell wrote nothing, so the cells cannot be placed; the run "
                   "is not read as a table and its cells are missing, never guessed."),
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
                   "The tables' headers did not tell which template the report uses; the year did (or, "
                   "in a prose-only report without a year, the template's own words in its prose)."),
    # 12x: legacy figures and metadata
    DiagnosticCode("GR120", WARNING, "legacy figure stated twice",
                   "Two clauses of a legacy report state different values for the same figure, with "
                   "nothing to tell which is the total; the message names both and the figure is null."),
    DiagnosticCode("GR121", WARNING, "prose and statistics table disagree",
                   "A legacy report's prose and its statistics table (统计表) state different values for "
                   "a figure; the message names both, the prose's value is kept."),
    DiagnosticCode("GR122", INFO, "statistics-table cells run together",
                   "A row of a legacy statistics table has its numbers run together with no separator "
                   "(a label, its unit, then 4251516) in more than one possible way; the row was not used."),
    # 13x: cells run together by a scrape, recovered by the template's arithmetic
    DiagnosticCode("GR130", INFO, "recovered by arithmetic",
                   "The cell was split off a run of digits a scrape wrote with no cell boundaries; every "
                   "split the template's arithmetic allows gives it this value. Drop cells with this code "
                   "to keep only values read directly."),
    DiagnosticCode("GR131", WARNING, "ambiguous run of digits",
                   "Several splits of a run of digits satisfy the template's arithmetic and they disagree on "
                   "these cells; the message says how many fit. The cells are null."),
    DiagnosticCode("GR132", ERROR, "no split adds up",
                   "No split of a table's runs of digits satisfies the template's arithmetic: the rule named "
                   "fails whatever the split (the source's own figures do not add up). Nothing is guessed: "
                   "the rows bound by the rule keep only values their digits give one way (no blank cell, "
                   "the row's own total holding); the other cells are null."),
    DiagnosticCode("GR133", WARNING, "recovery stopped at its bound",
                   "A run of digits has too many possible splits, or the search across the table took too "
                   "many steps; the cells it could not settle are null."),
    # 15x: one cell's text that must not be read as a number (govreport.numbers)
    DiagnosticCode("GR150", ERROR, "digits not ASCII",
                   "A cell's number is written with digits other than 0-9 (Arabic-Indic, superscript, "
                   "circled...); they are text, not a number, so the cell is null."),
    DiagnosticCode("GR151", ERROR, "digits split by space",
                   "A space, tab, line break or paragraph boundary stands between two digits of a cell "
                   "(1 234, 2<br>1): two numbers or one cannot be told, so the cell is null."),
    DiagnosticCode("GR152", ERROR, "number too long",
                   "A cell's number has more digits than a count (18) or an exact amount (15 significant "
                   "digits) can have; it is null rather than rounded."),
    DiagnosticCode("GR140", WARNING, "row not told from its padding",
                   "In a layout that gives a table as a stream of cells (LibreOffice's text export), a row's "
                   "values have empty cells on both sides and could start at either end; its values were not used."),
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
                   "lost cell); exactly one placement satisfies the template's arithmetic (or all that do give "
                   "every cell the same value) and was used. The message names the candidates and the rules."),
    DiagnosticCode("GR115", WARNING, "lost cells not placeable",
                   "In a table whose layout knows its columns (HTML, .docx), a row stops short of the edge "
                   "its header and the rows beside it reach, so it lost cells and its values may stand left "
                   "of their columns; it lost more cells than the engine enumerates (3), or its placements "
                   "are too many for the template's arithmetic to settle (over 256): its cells are null."),
    DiagnosticCode("GR116", INFO, "read as it stands despite its arithmetic",
                   "A text row (tsv, pipe, docx-export) with a blank cell at an end breaks its own row's "
                   "arithmetic, so a value may have been lost behind a surplus blank; but no placement with "
                   "one cell lost behind a blank of either end satisfies the template's arithmetic either (a "
                   "source that leaves cells blank that its totals count): the row was read as it stands."),
    DiagnosticCode("GR117", WARNING, "row shifted by a lost cell, by the column sums",
                   "A text row (tsv, pipe, docx-export) with a blank cell at an end adds up as it stands, but "
                   "the template's rules through its cells that span other rows (table 三's column sums) fail, "
                   "and all of them hold when one of its cells is taken as lost behind a surplus blank (its "
                   "values after it one column to the right), in it alone, with one other such row, or once "
                   "the rows the arithmetic could not settle take placements of theirs: the row total held by "
                   "chance on a shifted row, or the report's own sums are wrong. The row's cells are null, "
                   "never moved."),
    DiagnosticCode("GR118", WARNING, "blank-ended row readable in several ways",
                   "A text row (tsv, pipe, docx-export) with a blank cell at an end may have lost a value behind "
                   "a surplus blank (a flattened merged cell, a row padded to the table's width); a placement "
                   "with one cell lost that way fits the row's own rules as well as the row as it stands, and no "
                   "rule across rows can tell them apart: the table has none (the national tables 二 and 四, "
                   "where only a blank at the row's end is taken for padding; 二 has no rules at all), or the "
                   "ones through the row (table 三's column sums) fail through a row that could not be read or "
                   "another such row. The cells on which the readings differ are null; those they all agree "
                   "on are kept."),
    DiagnosticCode("GR119", WARNING, "header groups name the columns in different orders",
                   "In a table whose header names its columns once per group of rows (table 四: administrative "
                   "review, and the two groups of litigation), the groups list the same columns in different "
                   "orders ('corrected' before 'upheld' in one only); the values were placed by their order (a "
                   "text layout), which cannot tell which group is which row's, so the cells of the columns the "
                   "groups disagree on are null. Columns every group puts in the same place are read."),
    DiagnosticCode("GR134", WARNING, "header names the columns out of the template's order",
                   "A header row of a table whose values are placed in the template's column order (table 三) "
                   "names two of its columns the other way round ('total' before 'natural person'); in a text "
                   "layout (tsv, pipe, docx-export) no value says which column it stands under, so the cells of "
                   "the rows placed under that header are null. HTML and .docx place each value under its "
                   "header cell and are read."),
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
                   "A count is negative; only a signed column (table 二's change) may be."),
    # 30x: govreport.Limits exceeded (raised as LimitExceeded: the file is not read)
    DiagnosticCode("GR300", ERROR, "input too large",
                   "The file has more bytes than Limits.max_bytes allows, or its text more characters "
                   "than Limits.max_text_chars."),
    DiagnosticCode("GR301", ERROR, "zip member too large",
                   "A zip member (a .docx's word/document.xml) inflates past Limits.max_member_bytes; "
                   "reading stopped there."),
    DiagnosticCode("GR302", ERROR, "zip member compressed too well",
                   "A zip member inflates more than Limits.max_ratio times its compressed size: a zip bomb."),
    DiagnosticCode("GR303", ERROR, "too many cells",
                   "The report has more table cells than Limits.max_cells allows."),
    DiagnosticCode("GR304", ERROR, "span too large",
                   "A colspan, rowspan or gridSpan is larger than Limits.max_span."),
    DiagnosticCode("GR305", ERROR, "nesting too deep",
                   "Markup or tables are nested deeper than Limits.max_depth."),
    DiagnosticCode("GR306", ERROR, "line too long",
                   "A line, paragraph or cell has more characters than Limits.max_line_length."),
    DiagnosticCode("GR307", ERROR, "time budget spent",
                   "Reading the report took longer than Limits.time_budget seconds."),
    DiagnosticCode("GR308", ERROR, "too many elements",
                   "The .docx or HTML document has more elements than Limits.max_elements."),
    DiagnosticCode("GR309", ERROR, "too many zip members",
                   "The zip (.docx) lists more files than Limits.max_members."),
    # 33x: converter layouts
    DiagnosticCode("GR330", WARNING, "numbers not placed in columns",
                   "A fixed-width table line's numbers could not be put in their columns: full-width "
                   "punctuation before them (folded to ASCII by the normaliser) leaves their display "
                   "positions uncertain, and the readings disagree. They were not used: the row's cells "
                   "there are null."),
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
    cells: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    values: tuple[Any, ...] = attrs.field(default=(), converter=as_tuple)
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
            "values": [plain_value(v) for v in self.values],  # money: exact plain numbers
            "line": self.line,
            "column": self.column,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """Inverse of [`to_dict`][govreport.diagnostics.Diagnostic.to_dict]."""
        return cls(
            code=data["code"],
            message=data["message"],
            severity=data.get("severity", ""),
            cells=tuple(data.get("cells", ())),
            values=tuple(map(from_plain, data.get("values", ()))),
            line=data.get("line"),
            column=data.get("column"),
        )


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in diagnostics:
        counts[d.severity] += 1
    return counts
