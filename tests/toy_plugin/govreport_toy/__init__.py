"""A throwaway third-party plugin used by the registry tests: a 'key = value' layout."""

from govreport.blocks import Document, Grid, GridCell, GridRow
from govreport.lines import paragraph


class ToyPlugin:
    name = "toy"
    aliases = ("toy-kv",)
    description = "toy layout: '@toy' first line, then 'label = v1, v2, ...' rows"

    def sniff(self, text):
        return 0.99 if text.startswith("@toy") else 0.0

    def read(self, text):
        blocks, rows = [], []
        for n, line in enumerate(text.split("\n"), 1):
            if " = " in line:
                label, _, values = line.partition(" = ")
                cells = [GridCell(label.strip(), n, 1)] + [GridCell(v.strip(), n, 1) for v in values.split(",")]
                rows.append(GridRow(tuple(cells), n))
            elif line.strip() and not line.startswith("@toy"):
                blocks.append(paragraph(n, line))
        if rows:
            blocks.append(Grid(tuple(rows)))
        return Document(blocks)


class SniffRaises(ToyPlugin):
    """Broken on purpose: its sniff raises on every input."""

    name = "toy-sniff-raises"
    aliases = ()

    def sniff(self, text):
        raise RuntimeError("toy sniffer bug")


class ReadRaises(ToyPlugin):
    """Broken on purpose: it claims '@toy' inputs first (priority) and then fails reading them."""

    name = "toy-read-raises"
    aliases = ()
    priority = 10

    def read(self, text):
        raise ZeroDivisionError("toy reader bug")


class SameName(ToyPlugin):
    """A second plugin called 'toy'."""

    description = "the second plugin named toy"
