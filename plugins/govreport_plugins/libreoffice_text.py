"""LibreOffice's text export of a document (``soffice --headless --convert-to txt``).

Every paragraph is a line, and so is every table cell: a cell's paragraphs each on a line of
their own, a blank cell an empty line (or a line holding one space), the places a merged cell
covers empty lines too. Nothing marks where a table row ends, no tab, no blank line between
rows: the layout cannot tell its rows, so a table is handed over as one grid flagged as a
stream of cells (:attr:`govreport.blocks.Grid.cell_stream`) and the core cuts it into rows
with the template (:mod:`govreport.cellstream`).

What is a table and what is prose is told by the lines' shapes alone: a table is a run of
short lines (numbers, blanks, labels) holding at least three lines that are a bare number;
a line of prose (a sentence ending in 。, or a long line) ends it.
"""

from __future__ import annotations

import re

from govreport.blocks import Block, Document, Grid, GridCell, GridRow
from govreport.lines import paragraph
from govreport.numbers import looks_numeric
from govreport.plugin import FormatPlugin

_BARE_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")
#: A table cell's line is at most this long; prose lines are longer or end a sentence.
_CELL_MAX = 60
_SENTENCE_END = ("。", "！", "？", "；")
#: A run of cell-like lines is a table when at least this many of its lines are bare numbers.
_MIN_NUMBERS = 3


def _is_cell_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if looks_numeric(stripped):
        return True
    return len(stripped) <= _CELL_MAX and not stripped.endswith(_SENTENCE_END)


class LibreOfficeTextPlugin(FormatPlugin):
    """Reads LibreOffice text exports: one cell per line, rows found by the core."""

    name = "libreoffice-text"
    aliases = ("lo-text", "soffice-text")
    description = "LibreOffice text export (soffice --convert-to txt): one cell per line, no row delimiters"

    def sniff(self, text: str) -> float:
        if "\t" in text or "|" in text:
            return 0.0  # tab-separated, docx-export and pipe layouts have their own plugins
        lines = text.split("\n")
        numbers = sum(1 for line in lines if _BARE_NUMBER.match(line))
        filled = sum(1 for line in lines if line.strip()) or 1
        if numbers < 20 or numbers / filled < 0.25:
            return 0.0
        return min(0.9, 0.5 + numbers / 250)

    def read(self, text: str) -> Document:
        lines = text.split("\n")
        blocks: list[Block] = []
        i = 0
        new = tuple.__new__
        while i < len(lines):
            if not _is_cell_line(lines[i]) or not lines[i].strip():
                if lines[i].strip():
                    blocks.append(paragraph(i + 1, lines[i]))
                i += 1
                continue
            end = i
            while end < len(lines) and _is_cell_line(lines[end]):
                end += 1
            # Blank lines at the run's end are spacing before the prose, not cells.
            last = end
            while last > i and not lines[last - 1].strip():
                last -= 1
            run = range(i, last)
            if sum(1 for n in run if _BARE_NUMBER.match(lines[n])) >= _MIN_NUMBERS:
                rows = tuple(GridRow((new(GridCell, (lines[n].strip(), n + 1, 1, 1, 1)),), n + 1) for n in run)
                blocks.append(Grid(rows, cell_stream=True))
            else:
                blocks.extend(paragraph(n + 1, lines[n]) for n in run if lines[n].strip())
            i = end
        return Document(blocks)
