"""Tab-separated tables: one row per line, cells separated by tabs, prose lines in between."""

from __future__ import annotations

import re

from govreport.blocks import Document, GridRow
from govreport.lines import gather, paragraph, parse_lines, split_cells
from govreport.plugin import FormatPlugin

# A tab after a cell, or two tabs on a line: a docx export's lone leading tab is not a row.
TSV_ROW_LINE = re.compile(r"^(?:[^\t\n]*[^\t\s][ ]*\t|[^\n\t]*\t[^\n]*\t)", re.M)
SINGLE_CELL_LINE = re.compile(r"^ *\t[^\t\n]*$", re.M)


class TabSeparatedPlugin(FormatPlugin):
    """Reads tables with tab-separated cells (merged cells flattened to empty cells)."""

    name = "tsv"
    aliases = ("tab-separated", "tab")
    description = "tab-separated tables: one row per line, empty cells where merged cells were"

    def sniff(self, text: str) -> float:
        if "\t" not in text:
            return 0.0
        rows = len(TSV_ROW_LINE.findall(text))
        single = len(SINGLE_CELL_LINE.findall(text))
        if rows < 5 or single > rows:
            return 0.0
        return min(0.95, 0.5 + rows / 60)

    def read(self, text: str) -> Document:
        entries: list[tuple[str, object]] = []
        for kind, line, body in parse_lines("tsv", text, layout="tab-separated"):
            if kind == "row":
                entries.append(("row", GridRow(split_cells(body, line, "\t"), line)))
            elif kind == "text":
                entries.append(("text", paragraph(line, body)))
        return Document(gather(entries))
