"""Tab-separated tables: one row per line, cells separated by tabs, prose lines in between."""

from __future__ import annotations

import re

from govreport.blocks import Document, GridRow
from govreport.lines import gather, paragraph, parse_lines, split_cells
from govreport.plugin import FormatPlugin

# A tab between two cells, or two tabs on a line: a docx export's lone leading tab is not a row.
_TSV_ROW = re.compile(r"[^\t\s][ ]*\t|\t.*\t")


class TabSeparatedPlugin(FormatPlugin):
    """Reads tables with tab-separated cells (merged cells flattened to empty cells)."""

    name = "tsv"
    aliases = ("tab-separated", "tab")
    description = "tab-separated tables: one row per line, empty cells where merged cells were"

    def sniff(self, text: str) -> float:
        lines = text.split("\n")
        rows = sum(1 for ln in lines if _TSV_ROW.search(ln))
        single = sum(1 for ln in lines if ln.startswith("\t") and ln.count("\t") == 1)
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
