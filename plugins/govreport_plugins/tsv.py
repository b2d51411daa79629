"""Tab-separated tables: one row per line, cells separated by tabs, prose lines in between."""

from __future__ import annotations

from itertools import repeat

from govreport.blocks import Document, GridRow
from govreport.lines import LineBlocks, parse_blocks, split_cells
from govreport.model import Report
from govreport.plugin import RenderingPlugin, ReportInput
from govreport.render import Rows, table_text


def count_tab_lines(text: str) -> tuple[int, int]:
    """``(rows, single)``: lines that are tab-separated rows (a tab after a cell, or two tabs)
    and lines that are one cell after a leading tab (a docx export's cells).

    Counted with string methods over the whole text when every tab opens its line, else mapped
    over the lines with tabs (a multi-line regex over the whole text is ten times slower). The
    last answer is kept, as the tsv and docx-export plugins both ask about the same text.
    """
    global _LAST
    last_text, last_counts = _LAST
    if text is last_text:
        return last_counts
    rows = single = 0
    tabs_total = text.count("\t")
    starts = text.count("\n\t") + text.startswith("\t")
    if tabs_total and tabs_total == starts:
        # Every tab opens its line (a docx export): each such line is one cell.
        single = starts
    elif tabs_total:
        tab_lines = [ln for ln in text.split("\n") if "\t" in ln]
        tabs = list(map(str.count, tab_lines, repeat("\t")))
        one_tab = [ln for ln, n in zip(tab_lines, tabs) if n == 1]
        rows = len(tab_lines) - len(one_tab)  # two tabs or more: a row
        firsts = list(map(str.index, one_tab, repeat("\t")))
        single = firsts.count(0)  # the tab opens the line: one cell
        for line, first in zip(one_tab, firsts):
            if first:
                if line[:first].strip():
                    rows += 1  # a cell, then the tab
                elif not line[:first].strip(" "):
                    single += 1  # spaces, then the tab
    _LAST = (text, (rows, single))
    return rows, single


_LAST: tuple[str | None, tuple[int, int]] = (None, (0, 0))


class TabRows(LineBlocks):
    """Table lines to rows: one row per line, cells split on tabs."""

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        return [GridRow(split_cells(body, first_line + n, "\t"), first_line + n) for n, body in enumerate(lines)]


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
