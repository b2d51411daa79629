"""Tab-separated tables: one row per line, cells separated by tabs, prose lines in between."""

from __future__ import annotations

from govreport.blocks import Document, GridRow
from govreport.lines import LineBlocks, TabLineCounts, parse_blocks, split_rows
from govreport.lines import count_tab_lines as tab_line_counts
from govreport.model import Report
from govreport.plugin import RenderingPlugin, ReportInput
from govreport.render import Rows, table_text


def count_tab_lines(text: str) -> TabLineCounts:
    """``(rows, single)`` of :func:`govreport.lines.count_tab_lines`: counted once per input
    (:attr:`ReportInput.tab_lines <govreport.plugin.ReportInput.tab_lines>`), as the tsv and
    docx-export plugins both ask about the same text."""
    return text.tab_lines if isinstance(text, ReportInput) else tab_line_counts(text)


class TabRows(LineBlocks):
    """Table lines to rows: one row per line, cells split on tabs."""

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        return split_rows(lines, first_line, "\t")


class TabSeparatedPlugin(RenderingPlugin):
    """Reads tables with tab-separated cells (merged cells flattened to empty cells)."""

    name = "tsv"
    aliases = ("tab-separated", "tab")
    description = "tab-separated tables: one row per line, empty cells where merged cells were"

    def sniff(self, text: ReportInput) -> float:
        rows, single = count_tab_lines(text)
        if rows < 5 or single > rows:
            return 0.0
        return min(0.95, 0.5 + rows / 60)

    def read(self, text: ReportInput) -> Document:
        return Document(parse_blocks("tsv", text, TabRows(), layout="tab-separated"))

    def render(self, report: Report) -> str:
        return table_text(report, tsv_lines)


def tsv_lines(rows: Rows) -> list[str]:
    """A table's rows as tab-separated lines (merged cells are empty cells)."""
    return ["\t".join(r) for r in rows]
