"""Tab-separated tables: one row per line, cells separated by tabs, prose lines in between."""

from __future__ import annotations

from govreport.blocks import Document, GridRow
from govreport.lines import LineBlocks, parse_blocks, split_cells
from govreport.plugin import FormatPlugin


def count_tab_lines(text: str) -> tuple[int, int]:
    """``(rows, single)``: lines that are tab-separated rows (a tab after a cell, or two tabs)
    and lines that are one cell after a leading tab (a docx export's cells).

    Plain string operations per line: a multi-line regex over the whole text is ten times slower.
    The last answer is kept, as the tsv and docx-export plugins both ask about the same text.
    """
    global _LAST
    last_text, last_counts = _LAST
    if text is last_text:
        return last_counts
    rows = single = 0
    if "\t" in text:
        for line in [ln for ln in text.split("\n") if "\t" in ln]:
            first = line.index("\t")
            if line.find("\t", first + 1) >= 0 or (first and line[:first].strip()):
                rows += 1
            elif not first or not line[:first].strip(" "):
                single += 1
    _LAST = (text, (rows, single))
    return rows, single


_LAST: tuple[str | None, tuple[int, int]] = (None, (0, 0))


class TabRows(LineBlocks):
    """Table lines to rows: one row per line, cells split on tabs."""

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        return [GridRow(split_cells(body, first_line + n, "\t"), first_line + n) for n, body in enumerate(lines)]


class TabSeparatedPlugin(FormatPlugin):
    """Reads tables with tab-separated cells (merged cells flattened to empty cells)."""

    name = "tsv"
    aliases = ("tab-separated", "tab")
    description = "tab-separated tables: one row per line, empty cells where merged cells were"

    def sniff(self, text: str) -> float:
        rows, single = count_tab_lines(text)
        if rows < 5 or single > rows:
            return 0.0
        return min(0.95, 0.5 + rows / 60)

    def read(self, text: str) -> Document:
        return Document(parse_blocks("tsv", text, TabRows(), layout="tab-separated"))
