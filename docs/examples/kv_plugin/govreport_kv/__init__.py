"""A complete govreport format plugin: reports whose tables are "标签：数，数，数" lines.

Some agencies publish the template's tables as a list::

    二、主动公开政府信息情况
    规章：0，0，3
    行政许可：1024
    三、收到和处理政府信息公开申请情况
    一、本年新收政府信息公开申请数量：3，1，0，0，0，0，4

The plugin is a grammar (``kv.lark``) and a small transformer to grids: each row line becomes a
grid row of the label and its values, in the template's column order. Everything else
(matching labels to the template, units, blanks, arithmetic) is govreport's core.
"""

from __future__ import annotations

import re
from pathlib import Path

from govreport.blocks import Document, GridRow
from govreport.lines import gather, paragraph, parse_lines, split_cells
from govreport.plugin import FormatPlugin

GRAMMAR = Path(__file__).with_name("kv.lark")
_ROW_LINE = re.compile(r"[^：:]{1,60}[：:] *[-+\d][-+\d.,，、 /—万元]*")


class KeyValuePlugin(FormatPlugin):
    """Reads '标签：数，数，数' lists."""

    name = "kv"
    aliases = ("key-value",)
    description = "tables written as '标签：数，数，数' lines"

    def sniff(self, text: str) -> float:
        # Every installed plugin sniffs every report: string tests pick the few lines worth a
        # regex (one multi-line regex over the whole text costs more than the rest of sniffing).
        if text.count("：") + text.count(":") < 5:  # fewer colons than the rows it takes
            return 0.0
        rows = sum(1 for line in text.split("\n") if ("：" in line or ":" in line) and _ROW_LINE.fullmatch(line))
        return 0.0 if rows < 5 else min(0.9, 0.5 + rows / 60)

    def read(self, text: str) -> Document:
        entries: list[tuple[str, object]] = []
        for kind, line, body in parse_lines(GRAMMAR, text, layout="key-value"):
            if kind == "row":
                label, _, values = re.split(r"([：:])", body, maxsplit=1)
                cells = split_cells(label, line, "\t")  # the label as one cell
                offset = len(label) + 1
                for cell in split_cells(re.sub(r"[，、]", ",", values), line, ","):
                    cells.append(cell._replace(column=cell.column + offset))
                entries.append(("row", GridRow(tuple(cells), line)))
            elif kind == "text":
                entries.append(("text", paragraph(line, body)))
        return Document(gather(entries))
