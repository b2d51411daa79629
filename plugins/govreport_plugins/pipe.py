"""Pipe tables: ``规章 | 0 | 0 | 0 |``, prose lines in between."""

from __future__ import annotations

import re

from govreport.blocks import Document, GridRow
from govreport.lines import gather, paragraph, parse_lines, split_cells
from govreport.plugin import FormatPlugin

_SEPARATOR_ROW = re.compile(r"^[\s|:\-—+]*$")


class PipeTablePlugin(FormatPlugin):
    """Reads tables whose cells are separated by ``|`` (rows may wrap onto the next line)."""

    name = "pipe"
    aliases = ("pipe-table", "markdown")
    description = "pipe tables: cells separated by '|', rows that wrap, prose lines between tables"

    def sniff(self, text: str) -> float:
        # A row line has text before its first "|" (string operations: a multi-line regex
        # over the whole text is ten times slower).
        rows = sum(1 for line in text.split("\n") if "|" in line and line[: line.index("|")].strip()) \
            if "|" in text else 0
        if rows < 5:
            return 0.0
        return min(0.95, 0.5 + rows / 60)

    def read(self, text: str) -> Document:
        items = parse_lines("pipe", text, layout="pipe-table")
        entries: list[tuple[str, object]] = []
        i = 0
        while i < len(items):
            kind, line, body = items[i]
            if kind == "row":
                # A row line not closed by "|" continues on following lines that open with "|".
                while not body.rstrip().endswith("|") and i + 1 < len(items) and items[i + 1][0] == "row" \
                        and items[i + 1][2].lstrip().startswith("|"):
                    body = body.rstrip() + " " + items[i + 1][2].lstrip()
                    i += 1
                if not _SEPARATOR_ROW.match(body):
                    entries.append(("row", GridRow(split_cells(body, line, "|", drop_terminator=True), line)))
            elif kind == "text":
                entries.append(("text", paragraph(line, body)))
            i += 1
        return Document(gather(entries))
