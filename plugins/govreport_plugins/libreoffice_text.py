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

Text whose empty lines separate paragraphs is not this layout, though it looks alike: a PDF
text extractor (pdftotext without its form feeds, a copy from a PDF viewer) writes every text
run as a paragraph with an empty line after it, so its numbers stand alone between empty lines
and a blank cell writes nothing. Read as a cell stream, every empty line would be a blank cell
and the values would land in the wrong columns. What tells them apart: in a cell stream,
neighbouring values are neighbouring lines (a row's filled cells) and neighbouring blank cells
are runs of empty lines; between paragraphs, neither. Such text is not sniffed, and a run of it
is not read as a table (GR013).
"""

from __future__ import annotations

import re

from govreport.blocks import Block, Document, Grid, GridCell, GridRow
from govreport.diagnostics import Diagnostic
from govreport.lines import paragraph
from govreport.numbers import looks_numeric
from govreport.plugin import FormatPlugin

_BARE_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")
#: A table cell's line is at most this long; prose lines are longer or end a sentence.
_CELL_MAX = 60
_SENTENCE_END = ("。", "！", "？", "；")
#: A run of cell-like lines is a table when at least this many of its lines are bare numbers.
_MIN_NUMBERS = 3
#: Enough numbers to tell a cell stream from paragraphs by their neighbours (see the docstring).
_SEPARATED_MIN = 10


def _empty_lines_separate(lines: list[str]) -> bool:
    """True when ``lines`` look like paragraphs with an empty line after each, not a cell
    stream: few numbers stand next to another number, and almost no two empty lines stand
    together (a cell stream's filled rows and runs of blank cells make both common)."""
    numbers = adjacent = doubled = 0
    number_before = empty_before = False
    for line in lines:
        is_number = _BARE_NUMBER.match(line) is not None
        is_empty = not is_number and not line.strip()
        numbers += is_number
        adjacent += is_number and number_before
        doubled += is_empty and empty_before
        number_before, empty_before = is_number, is_empty
    return numbers >= _SEPARATED_MIN and adjacent * 4 < numbers and doubled * 10 < numbers


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
        if numbers < 20 or numbers / filled < 0.25 or _empty_lines_separate(lines):
            return 0.0
        return min(0.9, 0.5 + numbers / 250)

    def read(self, text: str) -> Document:
        lines = text.split("\n")
        blocks: list[Block] = []
        diagnostics: list[Diagnostic] = []
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
            if _empty_lines_separate(lines[i:last]):
                diagnostics.append(Diagnostic(
                    "GR013", f"lines {i + 1}-{last}: numbers each alone between empty lines, as a PDF "
                             "text extractor writes paragraphs: not a stream of cells (a blank cell wrote "
                             "nothing), so not read as a table; parse the PDF itself (pip install "
                             "'govreport[pdf]') or its HTML or .docx source", line=i + 1))
                blocks.extend(paragraph(n + 1, lines[n]) for n in run if lines[n].strip())
            elif sum(1 for n in run if _BARE_NUMBER.match(lines[n])) >= _MIN_NUMBERS:
                rows = tuple(GridRow((new(GridCell, (lines[n].strip(), n + 1, 1, 1, 1)),), n + 1) for n in run)
                blocks.append(Grid(rows, cell_stream=True))
            else:
                blocks.extend(paragraph(n + 1, lines[n]) for n in run if lines[n].strip())
            i = end
        return Document(blocks, diagnostics=diagnostics)
