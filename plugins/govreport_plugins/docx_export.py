"""Plain text exported from a .docx: one cell per line after a tab, rows between blank lines."""

from __future__ import annotations

import re

from govreport.blocks import Block, Document, Grid, GridCell, GridRow
from govreport.lines import paragraph, parse_lines
from govreport.numbers import looks_numeric
from govreport.plugin import FormatPlugin

from .tsv import count_tab_lines

_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")


class DocxExportPlugin(FormatPlugin):
    """Reads docx→text exports: cells on their own lines, a cell's text may wrap."""

    name = "docx-export"
    aliases = ("docx-text", "pandoc")
    description = "text exported from .docx: one cell per line after a tab, rows separated by blank lines"

    def sniff(self, text: str) -> float:
        multi, cells = count_tab_lines(text)
        if cells < 15 or multi > cells / 4:
            return 0.0
        return min(0.95, 0.5 + cells / 200)

    def read(self, text: str) -> Document:
        blocks: list[Block] = []
        rows: list[GridRow] = []
        cells: list[GridCell] = []  # the row being read

        def end_row() -> None:
            nonlocal cells
            if cells:
                rows.append(GridRow(tuple(cells), cells[0].line))
                cells = []

        def end_grid() -> None:
            nonlocal rows
            end_row()
            if rows:
                blocks.append(Grid(tuple(rows)))
                rows = []

        for kind, line, body in parse_lines("docx_export", text, layout="docx-export"):
            if kind == "cell":
                tab = body.index("\t")
                content = body[tab + 1:]
                lead = len(content) - len(content.lstrip())
                cells.append(GridCell(content.strip(), line, tab + 2 + lead))
            elif kind == "blank":
                end_row()
            elif cells and _continues(cells[-1], body):
                last = cells[-1]
                cells[-1] = GridCell(last.text + body.strip(), last.line, last.column)
            else:
                end_grid()
                blocks.append(paragraph(line, body))
        end_grid()
        return Document(blocks)


def _continues(cell: GridCell, line: str) -> bool:
    """Whether a tab-less line is the wrapped rest of ``cell`` rather than prose."""
    stripped = line.strip()
    if not cell.text or looks_numeric(cell.text) or _SECTION_HEADING.match(stripped):
        return False
    return len(stripped) <= 40

