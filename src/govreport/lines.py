"""Building blocks for line-oriented layout plugins (public: third-party plugins use them too).

A layout grammar classifies lines (``row``/``cell``, ``text``, ``blank``); :class:`LineItems`
turns its parse into ``(kind, line, text)`` tuples during parsing, and the helpers here split
row lines into cells and gather rows into grids.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput

from .blocks import Block, Grid, GridCell, GridRow, Paragraph
from .errors import FormatError
from .grammars import load_grammar

Item = tuple[str, int, str]


class LineItems(Transformer[Token, list[Item]]):
    """Transformer for line grammars: each rule named ``row``, ``cell``, ``text`` or ``blank``
    becomes ``(rule, line, text)``."""

    # A terminal may hold a run of lines (line breaks included); it is given back line by line.
    @staticmethod
    def _lines(kind: str, tok: Token) -> list[Item]:
        first = tok.line or 0
        return [(kind, first + n, ln) for n, ln in enumerate(tok[:-1].split("\n"))]

    @v_args(inline=True)
    def row(self, tok: Token) -> list[Item]:
        return self._lines("row", tok)

    @v_args(inline=True)
    def cell(self, tok: Token) -> list[Item]:
        return self._lines("cell", tok)

    @v_args(inline=True)
    def text(self, tok: Token) -> list[Item]:
        return self._lines("text", tok)

    def blank(self, _: list[Token]) -> list[Item]:
        return [("blank", 0, "")]

    def start(self, items: list[list[Item]]) -> list[Item]:
        return [item for group in items for item in group]


def parse_lines(grammar: str | Path, text: str, *, layout: str) -> list[Item]:
    """Parse ``text`` with a line grammar; a lexing failure becomes a :class:`FormatError`."""
    parser: Lark = load_grammar(grammar, transformer=LineItems())
    if not text.endswith("\n"):
        text += "\n"
    try:
        return parser.parse(text)  # type: ignore[return-value]
    except UnexpectedInput as e:
        raise FormatError(f"text does not fit the {layout} layout", line=getattr(e, "line", None),
                          column=getattr(e, "column", None),
                          expected=f"lines of the {layout} layout") from None


def split_cells(text: str, line: int, separator: str, *, drop_terminator: bool = False) -> list[GridCell]:
    """Split a row line on ``separator`` into cells that keep their 1-based start column.

    With ``drop_terminator`` a separator closing the line (``a | b |``) does not open an
    empty last cell.
    """
    pieces = text.split(separator)
    if drop_terminator and len(pieces) > 1 and not pieces[-1].strip():
        pieces.pop()
    cells = []
    col = 1
    step = len(separator)
    for piece in pieces:
        stripped = piece.strip()
        if stripped == piece:
            cells.append(GridCell(piece, line, col))
        else:
            cells.append(GridCell(stripped, line, col + len(piece) - len(piece.lstrip())))
        col += len(piece) + step
    return cells


def gather(entries: Iterable[tuple[str, object]]) -> list[Block]:
    """Group ``("row", GridRow)`` and ``("text", Paragraph)`` entries into blocks: consecutive
    rows form a :class:`Grid`, each prose line a :class:`Paragraph`."""
    blocks: list[Block] = []
    rows: list[GridRow] = []
    for kind, obj in entries:
        if kind == "row":
            rows.append(obj)  # type: ignore[arg-type]
            continue
        if rows:
            blocks.append(Grid(tuple(rows)))
            rows = []
        blocks.append(obj)  # type: ignore[arg-type]
    if rows:
        blocks.append(Grid(tuple(rows)))
    return blocks


def paragraph(line: int, text: str) -> Paragraph:
    """A prose line as a :class:`Paragraph` with its first non-space column."""
    stripped = text.strip()
    return Paragraph(stripped, line, len(text) - len(text.lstrip()) + 1)
