"""Tables drawn with box-drawing characters, as ``w3m -dump`` (and other console renderers)
write an HTML page's tables: ``┌──┬──┐`` borders, ``│`` between cells, a border under each row.

The layout is a grid table in other characters: each box-drawing character is one display
column, like the ``+``, ``-`` and ``|`` of a grid table, so the lines are translated character
for character and read by :class:`~govreport_plugins.fixed_width.FixedWidthTables` (columns from
every border line, a cell spanning the columns whose ``│`` is missing, a partial border under a
row-spanning cell's neighbours). The prose lines are the same in both, and the translation
keeps every line's length, so lines and columns point at the source.
"""

from __future__ import annotations

from govreport.blocks import Document
from govreport.plugin import FormatPlugin

from .fixed_width import FixedWidthTables

#: Light and heavy box-drawing characters to their grid-table forms: corners and junctions are
#: ``+``, horizontal lines ``-``, vertical lines ``|``.
_TO_GRID_TABLE = str.maketrans(
    {**{c: "+" for c in "┌┬┐├┼┤└┴┘┏┳┓┣╋┫┗┻┛╔╦╗╠╬╣╚╩╝"},
     **{c: "-" for c in "─━═"},
     **{c: "|" for c in "│┃║"}})
#: A text is this layout when this many of its lines start a box-drawn border.
_MIN_BORDERS = 2


def as_grid_tables(text: str) -> str:
    """``text`` with its box-drawing characters written as a grid table's."""
    return text.translate(_TO_GRID_TABLE)


class BoxDrawingPlugin(FormatPlugin):
    """Reads text whose tables are drawn with box-drawing characters (``w3m -dump``)."""

    name = "box-drawing"
    aliases = ("w3m", "box-table")
    description = "tables drawn with box-drawing characters (w3m -dump): read as grid tables"

    def sniff(self, text: str) -> float:
        # Every input is sniffed by every plugin: one substring search sends the others away.
        if "┼" not in text and "┬" not in text:
            return 0.0
        borders = sum(1 for line in text.split("\n") if line.lstrip()[:1] in ("┌", "├", "└"))
        if borders < _MIN_BORDERS:
            return 0.0
        return min(0.97, 0.85 + borders / 400)

    def read(self, text: str) -> Document:
        tables = FixedWidthTables()
        return Document(tables.blocks(as_grid_tables(text)), diagnostics=tables.diagnostics)
