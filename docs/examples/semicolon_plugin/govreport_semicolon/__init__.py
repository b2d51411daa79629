"""A govreport format plugin for reports whose tables are semicolon-separated lines.

Spreadsheets saved as "CSV" in many locales separate cells with semicolons, and some agencies
paste such exports into their report between the prose::

    信息内容;本年新制作数量;本年新公开数量;对外公开总数量
    规章;0;0;0
    ;（七）总计;3;1;0;0;0;0;4

The plugin knows this layout and nothing of the template: its grammar cuts the text into runs
of table lines and runs of prose, and its transformer splits each table line into cells with
their columns. Matching labels to the template, units, blanks and arithmetic are govreport's.
"""

from __future__ import annotations

from pathlib import Path

from govreport.blocks import Document, GridRow
from govreport.lines import LineBlocks, parse_blocks, split_cells
from govreport.plugin import FormatPlugin

GRAMMAR = Path(__file__).with_name("semicolon.lark")


class SemicolonRows(LineBlocks):
    """A run of table lines to grid rows: one row per line, cells split on semicolons."""

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        # A semicolon closing the line ends the last cell; it does not open an empty one.
        return [GridRow(split_cells(body, first_line + n, ";", drop_terminator=True), first_line + n)
                for n, body in enumerate(lines)]


class SemicolonPlugin(FormatPlugin):
    """Reads tables with semicolon-separated cells."""

    name = "semicolon"
    aliases = ("ssv",)
    description = "semicolon-separated tables (spreadsheet exports) between prose lines"

    def sniff(self, text: str) -> float:
        # Every installed plugin sniffs every report: count with string methods, no regex.
        if text.count(";") < 10:
            return 0.0
        rows = sum(1 for line in text.split("\n") if ";" in line and not line.endswith("。"))
        return 0.0 if rows < 5 else min(0.9, 0.5 + rows / 60)

    def read(self, text: str) -> Document:
        return Document(parse_blocks(GRAMMAR, text, SemicolonRows(), layout="semicolon-separated"))
