"""What a format plugin produces: a [`Document`][govreport.blocks.Document] of blocks with their source lines.

Plugins know layouts; they turn text into paragraphs and grids of cell texts. Only the core
([`govreport.engine`][govreport.engine]) knows the template and maps grids onto it. The grid contract (what a
cell's column means, how merged cells are given) is written down in docs/plugins.md.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from .diagnostics import Diagnostic
from .model import Figure
from .sequences import as_tuple


@attrs.frozen
class Paragraph:
    """A line (or run of lines) of prose, or a heading."""

    text: str
    line: int
    column: int = 1


class GridCell(NamedTuple):
    """The text of one table cell and where it stands.

    ``column`` is 1-based. In a grid whose ``positioned`` flag is set (the layout knows the
    table's geometry: HTML, .docx, fixed-width text, PDF) it is the grid column where the cell
    starts, and ``colspan``/``rowspan`` say how many grid columns and rows the cell covers; a
    merged cell appears once, in its first row, and the rows it covers below hold no cell for
    those columns. In other grids (tsv, pipe, docx-export) it is the cell's position in its row.

    A NamedTuple rather than an attrs class: a report has hundreds of cells and this is the
    cheapest immutable record Python has.
    """

    text: str
    line: int
    column: int = 1
    colspan: int = 1
    rowspan: int = 1


@attrs.frozen
class GridRow:
    """One table row as the layout gives it: cell texts in order, blanks included."""

    cells: tuple[GridCell, ...] = attrs.field(converter=as_tuple)
    line: int = 0

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@attrs.frozen
class Grid:
    """Consecutive table rows not interrupted by prose."""

    rows: tuple[GridRow, ...] = attrs.field(converter=as_tuple)
    #: True when cell columns are grid positions the layout knows (see [`GridCell`][govreport.blocks.GridCell]).
    positioned: bool = False
    #: True when the layout lost the boundaries between value cells (a flattened scrape): each
    #: row is a text cell followed by cells that each hold one or more of the row's values
    #: written with nothing between them ("6233440" for 62 | 33 | 440). The core splits them
    #: by the template's arithmetic (:mod:`govreport.recovery`), never by guessing.
    run_together: bool = False
    #: True when the layout cannot say where a row ends (LibreOffice's text export writes one
    #: cell per line, nothing between rows): the cells, read in order row after row, are one
    #: stream, and the core finds the rows with the template (:mod:`govreport.cellstream`).
    cell_stream: bool = False
    #: True when a row that holds exactly its template row's cells holds them all, in order,
    #: blanks included: the layout writes every cell and loses none (the rows
    #: :mod:`govreport.cellstream` cuts from a stream). The core then places such a row as it
    #: stands, as in a positioned grid, where otherwise a blank at the row's end might stand
    #: for a lost cell.
    complete_rows: bool = False

    @property
    def line(self) -> int:
        return self.rows[0].line if self.rows else 0


Block = Paragraph | Grid


@attrs.frozen
class Document:
    """A plugin's reading of one report: blocks in source order, and figures stated in prose."""

    blocks: tuple[Block, ...] = attrs.field(converter=as_tuple)
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=as_tuple)
    # A plugin for prose-only reports says so; the core then builds a legacy report.
    narrative: bool = False
    # Plugins that read bytes themselves (.docx, HTML) say what they found; text plugins leave
    # these to the core, which normalised the text before calling them.
    script: str | None = None
    encoding: str | None = None
    markers_removed: int = 0
    # What the plugin found about the layout that the Report should say (e.g. two sentences
    # stating different figures); the core adds them to the Report's diagnostics.
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=as_tuple)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]


class RawCell(NamedTuple):
    """A cell as a plugin that knows the table's geometry hands it over, before normalisation:
    its text, the 1-based grid column where it starts and how many columns and rows it covers.
    A merged cell is given once, in its first row; the rows it covers give no cell there."""

    text: str
    column: int
    colspan: int = 1
    rowspan: int = 1


# ("p", line, text) or ("grid", line, [(line, cells)]) where a row's cells are all plain texts
# (their column is their position in the row) or all RawCells (a positioned grid): never a
# mix of the two in one row.
RawBlock = tuple[str, int, object]


# A NamedTuple made from a tuple of all its fields, without its Python-level __new__ (that
# call is a third of what making a cell costs, and a page has hundreds).
_new_cell = tuple.__new__


def _positioned(cells: list[RawCell] | list[str]) -> bool:
    """Whether a raw row's cells are :class:`RawCell`s (a row's cells are all of one kind)."""
    return bool(cells) and isinstance(cells[0], RawCell)


def document_from_raw(raw: list[RawBlock], *, encoding: str, normalized: bool = False) -> Document:
    """A Document from un-normalised paragraphs and grids (for plugins that read files
    themselves, like .docx and HTML): every text is normalised in one pass, so t2s runs once
    per report. A grid whose cells are :class:`RawCell`s is positioned (its cells keep their
    grid columns and spans); one of plain texts is not (a cell's column is its position).
    ``normalized``: the texts come from text the core normalised already (markup inside a
    text layout) and are used as they are."""
    from .normalize import NormalizedText, normalize_pieces

    pieces: list[str] = []
    for kind, _, payload in raw:
        if kind == "p":
            pieces.append(payload)  # type: ignore[arg-type]
        else:
            for _, cells in payload:  # type: ignore[attr-defined]
                pieces += [c.text for c in cells] if _positioned(cells) else cells
    if normalized:
        texts, norm = pieces, NormalizedText("", "hans", encoding)
    else:
        texts, norm = normalize_pieces(pieces)
    it = iter(texts)
    blocks: list[Block] = []
    for kind, line, payload in raw:
        if kind == "p":
            blocks.append(Paragraph(next(it).strip(), line))
            continue
        rows: list[GridRow] = []
        positioned = False
        for ln, cells in payload:  # type: ignore[attr-defined]
            # zip stops at the row's last cell without taking another text from ``it``
            if _positioned(cells):
                positioned = True
                out = [_new_cell(GridCell, (text.strip(), ln, c.column, c.colspan, c.rowspan)) for c, text in zip(cells, it)]
            else:
                out = [GridCell(text.strip(), ln, n) for n, (_, text) in enumerate(zip(cells, it), 1)]
            rows.append(GridRow(tuple(out), ln))
        blocks.append(Grid(tuple(rows), positioned=positioned))
    return Document(blocks, script=norm.script, encoding=encoding, markers_removed=norm.markers_removed)
