"""Pipe tables: ``<label> | 0 | 0 | 0 |``, prose lines in between."""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import contains

from govreport.blocks import Document, GridRow
from govreport.lines import LineBlocks, parse_blocks, split_cells
from govreport.model import Report
from govreport.plugin import RenderingPlugin, ReportInput, lines_of
from govreport.render import Rows, table_text

_SEPARATOR_ROW = re.compile(r"^[\s|:\-—+]*$")


class PipeRows(LineBlocks):
    """Table lines to rows: cells split on ``|``, wrapped rows joined, ``|---|`` lines dropped."""

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        rows = []
        i = 0
        while i < len(lines):
            line = first_line + i
            body = lines[i]
            # A row line not closed by "|" continues on following lines that open with "|".
            while not body.rstrip().endswith("|") and i + 1 < len(lines) and lines[i + 1].lstrip().startswith("|"):
                i += 1
                body = body.rstrip() + " " + lines[i].lstrip()
            if not _SEPARATOR_ROW.match(body):
                rows.append(GridRow(split_cells(body, line, "|", drop_terminator=True), line))
            i += 1
        return rows


class PipeTablePlugin(RenderingPlugin):
    """Reads tables whose cells are separated by ``|`` (rows may wrap onto the next line)."""

    name = "pipe"
    aliases = ("pipe-table",)
    description = "pipe tables: cells separated by '|', rows that wrap, prose lines between tables"

    def sniff(self, text: ReportInput) -> float:
        rows = _row_lines(text) if "|" in text else 0
        if rows < 5:
            return 0.0
        return min(0.95, 0.5 + rows / 60)

    def read(self, text: ReportInput) -> Document:
        return Document(parse_blocks("pipe", text, PipeRows(), layout="pipe-table"))

    def render(self, report: Report) -> str:
        return table_text(report, pipe_lines)


def _row_lines(text: str) -> int:
    """Lines that are pipe rows: text before their first "|". A line's head is blank exactly
    when it starts with "|" once ``lstrip``ped (maps of string methods: a multi-line regex over
    the whole text is ten times slower, a loop over the lines twice)."""
    lines = lines_of(text)
    bar_lines = list(compress(lines, map(contains, lines, repeat("|"))))
    return len(bar_lines) - sum(map(str.startswith, map(str.lstrip, bar_lines), repeat("|")))


def pipe_lines(rows: Rows) -> list[str]:
    """A table's rows as pipe lines: cells separated by " | ", each row closed by " |"."""
    return [" | ".join(r) + " |" for r in rows]
