"""Plain text exported from a .docx: one cell per line after a tab, rows between blank lines."""

from __future__ import annotations

import re
from itertools import count, repeat
from typing import Any

from lark import Token, Transformer, v_args

from govreport.blocks import Block, Document, Grid, GridCell, GridRow
from govreport.lines import paragraph, parse_blocks
from govreport.model import Report
from govreport.numbers import looks_numeric
from govreport.plugin import RenderingPlugin, ReportInput
from govreport.render import Rows, table_text

from .tsv import count_tab_lines

_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")
# The constant fields of the cells of a clean cell run, shared by every run: a ``repeat``
# without a count never ends and holds no position, so one object serves every ``zip`` (and
# twice in one), and making four for every row cost ~0.04 M instructions per report.
_GRID_CELL, _COLUMN_2, _SPAN_1 = repeat(GridCell), repeat(2), repeat(1)


class DocxExportPlugin(RenderingPlugin):
    """Reads docx→text exports: cells on their own lines, a cell's text may wrap."""

    name = "docx-export"
    aliases = ("docx-text",)  # not "pandoc": pandoc writes several layouts (markdown, plain), none of them this one
    description = "text exported from .docx: one cell per line after a tab, rows separated by blank lines"

    def sniff(self, text: ReportInput) -> float:
        multi, cells = count_tab_lines(text)
        if cells < 15 or multi > cells / 4:
            return 0.0
        return min(0.95, 0.5 + cells / 200)

    def read(self, text: ReportInput) -> Document:
        return Document(parse_blocks("docx_export", text, DocxExportBlocks(), layout="docx-export"))

    def render(self, report: Report) -> str:
        return table_text(report, docx_export_lines)


def docx_export_lines(rows: Rows) -> list[str]:
    """A table's rows as a docx export writes them: each cell on its own line after a tab, a
    blank line after each row."""
    out: list[str] = []
    for r in rows:
        out += ["\t" + c for c in r]
        out.append("")
    return out


class DocxExportBlocks(Transformer[Token, list[Block]]):
    """Runs of cell lines and prose lines to blocks: the cells of a row stand on consecutive
    lines, a blank line ends the row, a tab-less line right after a cell may continue it."""

    @v_args(inline=True)
    def cells(self, tok: Token) -> tuple[bool, int, str]:
        return True, tok.line or 1, tok[:-1]

    @v_args(inline=True)
    def text(self, tok: Token) -> tuple[bool, int, list[str]]:
        return False, tok.line or 1, tok[:-1].split("\n")

    def start(self, runs: list[tuple[bool, int, Any]]) -> list[Block]:
        blocks: list[Block] = []
        rows: list[GridRow] = []
        cells: list[GridCell] = []  # the row being read
        new = tuple.__new__  # GridCell(...) would go through the NamedTuple's Python-level __new__
        for is_cells, first_line, lines in runs:
            if is_cells:
                cells = _read_cell_run(lines, first_line, cells, rows)
                continue
            for line, body in enumerate(lines, first_line):
                if not body.strip():
                    cells = _end_row(cells, rows)
                elif cells and _continues(cells[-1], body):
                    last = cells[-1]
                    # joined at the line break the source has, which stays in the text: "395." over
                    # "721" never becomes 395.721 (the number parser refuses digits either side of
                    # a break), and each line of the cell's text is the input's own
                    cells[-1] = new(GridCell, (f"{last.text}\n{body.strip()}", last.line, last.column, 1, 1))
                else:
                    cells = _end_row(cells, rows)
                    if rows:
                        blocks.append(Grid(tuple(rows)))
                        rows = []
                    blocks.append(paragraph(line, body))
        _end_row(cells, rows)
        if rows:
            blocks.append(Grid(tuple(rows)))
        return blocks


def _end_row(cells: list[GridCell], rows: list[GridRow]) -> list[GridCell]:
    """Close the row being read (if it has cells) into ``rows``; the next row starts empty."""
    if cells:
        rows.append(GridRow(tuple(cells), cells[0].line))
    return []


def _read_cell_run(text: str, first_line: int, cells: list[GridCell], rows: list[GridRow]) -> list[GridCell]:
    """Read a run of cell lines and the blank lines between them (nothing else is in a cell
    run) into the open row ``cells``; a blank line closes the row into ``rows``. Returns the
    row left open at the end of the run (the next run may continue it)."""
    new = tuple.__new__
    line = first_line
    chunks = text.split("\n\n")  # the rows, most of the time
    last = len(chunks) - 1
    for n, chunk in enumerate(chunks):
        contents = chunk[1:].split("\n\t") if chunk[:1] == "\t" and chunk.count("\n") == chunk.count("\n\t") else None
        if contents is not None and contents == list(map(str.strip, contents)):
            # Every line a tab and a cell's text without surrounding spaces: the cells start in column 2.
            cells.extend(map(new, _GRID_CELL, zip(contents, count(line), _COLUMN_2, _SPAN_1, _SPAN_1)))
            line += len(contents)
        else:
            for body in chunk.split("\n"):
                tab = body.find("\t")
                if tab >= 0:
                    content = body[tab + 1:]
                    unindented = content.lstrip()
                    cells.append(new(GridCell, (unindented.rstrip(), line, tab + 2 + len(content) - len(unindented), 1, 1)))
                else:
                    cells = _end_row(cells, rows)
                line += 1
        if n < last:  # the blank line the chunks were split on
            cells = _end_row(cells, rows)
            line += 1
    return cells


def _continues(cell: GridCell, line: str) -> bool:
    """Whether a tab-less line is the wrapped rest of ``cell`` rather than prose."""
    stripped = line.strip()
    if not cell.text or looks_numeric(cell.text) or _SECTION_HEADING.match(stripped):
        return False
    return len(stripped) <= 40

