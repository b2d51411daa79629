"""A govreport format plugin that reads *and writes* one layout: tables saved as CSV.

Some agencies keep the template's tables in a spreadsheet and publish them saved as CSV, with
the report's prose lines around them::

    二、主动公开政府信息情况
    第二十条第(一)项
    信息内容,本年新制作数量,本年新公开数量,对外公开总数量
    规章,0,0,3
    "行政规范性文件",2,2,"1,204"

A line with a comma is a table row (cells as the :mod:`csv` module splits them, quotes and all);
consecutive rows are one grid; other lines are paragraphs. Matching the rows to the template,
units, blanks and the arithmetic are govreport's core.

The plugin reads :attr:`~govreport.plugin.ReportInput.decoded_text`, the text *before*
normalising: normalising folds the full-width comma "，" of a label into ",", which would split
the label. The cells it finds are normalised by :func:`govreport.blocks.document_from_raw`, as
the core normalises every other layout's text.
"""

from __future__ import annotations

import csv
import io
import re

from govreport.blocks import Document, RawBlock, document_from_raw
from govreport.model import Report
from govreport.plugin import RenderingPlugin, ReportInput
from govreport.render import Rows, table_text

# A value cell as the template has them: a count, a signed change, an amount (元/万元), a blank.
_VALUE = re.compile(r"\s*(?:[-+]?[\d,]+(?:\.\d+)?\s*(?:万元|元)?)?\s*")
# The core counts "\r\n" (and "\r\r\n") and a lone "\r" as one line break: so must a plugin
# that splits the decoded text itself, or its line numbers would not be the source's.
_LINE_BREAK = re.compile(r"\r+\n|\r")


def _lines(text: str) -> list[str]:
    return _LINE_BREAK.sub("\n", text).split("\n")


def _cells(line: str) -> list[str] | None:
    """The line's cells if it is a table row (a comma outside a tab or pipe layout), else None.
    A line the csv module cannot split (a quote left open over more than its field limit, as
    in a page minified onto one line) is no row."""
    if "," not in line or "\t" in line or "|" in line:
        return None
    try:
        return next(csv.reader([line]))
    except csv.Error:
        return None


def _is_data_row(cells: list[str] | None) -> bool:
    """A row of labels (some may be blank: merged cells), then values, at least one of them a
    number: what a template row looks like. Prose with a comma in it is not."""
    if not cells or len(cells) < 2:
        return False
    first_value = len(cells)
    while first_value > 0 and _VALUE.fullmatch(cells[first_value - 1]):
        first_value -= 1
    labels, values = cells[:first_value], cells[first_value:]
    return any(c.strip() for c in labels) and any(any(ch.isdigit() for ch in v) for v in values)


class CsvPlugin(RenderingPlugin):
    """Reads and writes reports whose tables are CSV rows."""

    name = "csv"
    aliases = ("comma-separated",)
    description = "tables saved as CSV: one row per line, cells separated by commas, quoted when needed"
    filenames = ("*.csv",)

    def sniff(self, source: ReportInput) -> float:
        text = source.decoded_text
        # String tests first: every installed plugin sniffs every input. A web page (markup
        # first) is the HTML plugin's, and its styles and scripts are full of commas.
        if text.count(",") < 10 or text.lstrip()[:1] == "<":
            return 0.0
        rows = sum(1 for line in _lines(text) if _is_data_row(_cells(line)))
        return 0.0 if rows < 5 else min(0.9, 0.5 + rows / 60)

    def read(self, source: ReportInput) -> Document:
        raw: list[RawBlock] = []
        grid: list[tuple[int, list[str]]] = []
        for line_no, line in enumerate(_lines(source.decoded_text), 1):
            cells = _cells(line)
            if cells is not None:
                grid.append((line_no, cells))
                continue
            if grid:
                raw.append(("grid", grid[0][0], grid))
                grid = []
            if line.strip():
                raw.append(("p", line_no, line))
        if grid:
            raw.append(("grid", grid[0][0], grid))
        return document_from_raw(raw, encoding=source.normalized.encoding)

    def render(self, report: Report) -> str:
        return table_text(report, csv_lines)


def csv_lines(rows: Rows) -> list[str]:
    """A table's rows as CSV lines (the csv module quotes a cell holding a comma or a quote)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().rstrip("\n").split("\n")
