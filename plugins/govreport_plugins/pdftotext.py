"""Text that poppler's ``pdftotext`` extracted from a PDF (with or without ``-layout``).

pdftotext ends every page with a form feed, which no other text layout writes: that is what
the sniffer looks for, in the decoded text (the normaliser removes control characters). Its
tables cannot be read back by layout: without ``-layout`` every text run is a paragraph of its
own, a blank cell writes nothing and a wrapped cell is cut in two, so a row's numbers cannot be
told from its neighbour's (read as a cell stream they land in the wrong columns); with
``-layout`` the columns are only spaces, a blank cell is a gap like any other and a cell's
wrapped lines stand on separate lines. So the prose is read (the report's heading, organ and
year, the sections) and the tables are not: a warning (GR012) says so and what to run instead,
and the table engine reports every table as not found. A null with a reason, never a number in
the wrong cell.
"""

from __future__ import annotations

import re

from govreport.blocks import Block, Document
from govreport.diagnostics import Diagnostic
from govreport.lines import paragraph
from govreport.plugin import FormatPlugin, ReportInput

#: A line that is a number alone or numbers set apart by spaces: a table row's cells, not prose.
_TABLE_LINE = re.compile(r"^\s*(?:\S*\s+)?[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*)*\s*$")
#: A text is a table's remains when at least this many of its lines are table lines.
_MIN_TABLE_LINES = 3


def _decoded(text: str) -> str:
    """The text before normalising (the form feeds are still in it) when the core gave it."""
    return text.decoded_text if isinstance(text, ReportInput) else text


class PdfToTextPlugin(FormatPlugin):
    """Reads pdftotext output: prose only, its tables refused with a diagnostic."""

    name = "pdftotext"
    aliases = ("poppler-text",)
    description = "text from pdftotext (page ends as form feeds): prose read, tables refused (GR012)"

    def sniff(self, text: str) -> float:
        # One substring search: every input is sniffed by every plugin.
        if "\f" not in _decoded(text):
            return 0.0
        # Above the cell-stream and fixed-width readers, which would read these tables wrong.
        return 0.98

    def read(self, text: str) -> Document:
        blocks: list[Block] = []
        table_lines = 0
        for n, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            if _TABLE_LINE.match(line):
                table_lines += 1  # a table's cells have no place in the prose
                continue
            blocks.append(paragraph(n + 1, line))
        diagnostics = []
        if table_lines >= _MIN_TABLE_LINES:
            diagnostics.append(Diagnostic(
                "GR012",
                "text extracted by pdftotext: its tables' columns are lost (blank cells write "
                "nothing, wrapped cells are cut), so they were not read; parse the PDF itself "
                "(pip install 'govreport[pdf]') or its HTML or .docx source",
                line=1))
        return Document(blocks, diagnostics=diagnostics)
