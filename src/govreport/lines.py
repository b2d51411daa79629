"""Building blocks for line-oriented layout plugins (public: third-party plugins use them too).

Two ways to write a layout grammar:

* **runs of lines** (what the built-in layouts do, and the fastest): the grammar has a rule
  ``rows`` whose terminal is a run of table lines and a rule ``text`` whose terminal is a run of
  prose and blank lines. A [`LineBlocks`][govreport.lines.LineBlocks] subclass says how table lines become
  [`GridRow`][govreport.blocks.GridRow]s and is applied during parsing ([`parse_blocks`][govreport.lines.parse_blocks]),
  so a report is a handful of tokens and no second pass;
* **classified lines**: rules ``row``/``cell``, ``text`` and ``blank``; [`LineItems`][govreport.lines.LineItems]
  turns the parse into ``(kind, line, text)`` tuples ([`parse_lines`][govreport.lines.parse_lines]) for the
  plugin to walk, and [`split_cells`][govreport.lines.split_cells], [`paragraph`][govreport.lines.paragraph] and
  [`gather`][govreport.lines.gather] do the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import contains
from pathlib import Path
from typing import Any, NamedTuple

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput

from .blocks import Block, Grid, GridCell, GridRow, Paragraph
from .errors import FormatError
from .grammars import load_grammar

Item = tuple[str, int, str]


class TabLineCounts(NamedTuple):
    """How a text's lines use tabs (what tab-separated and docx-export layouts are told by)."""

    #: Lines that are tab-separated rows: a cell, then a tab; or two tabs or more.
    rows: int
    #: Lines that are one cell after a leading tab (or after spaces, then the tab), as a
    #: docx export writes its cells.
    single: int


def count_tab_lines(text: str, get_lines: Callable[[], Sequence[str]] | None = None) -> TabLineCounts:
    """How ``text``'s lines use tabs (``get_lines``: gives its lines when they are split
    already; asked only when the lines are needed, which a docx export's never are).

    Counted with string methods over the whole text when every tab opens its line, else with
    maps of string methods over the lines with tabs: no Python-level loop (a multi-line regex
    over the whole text is ten times slower).
    A one-tab line's head is blank exactly when ``lstrip()`` takes the tab away too, and is
    spaces or nothing exactly when the line starts with the tab after ``lstrip(" ")``.
    """
    tabs_total = text.count("\t")
    if not tabs_total:
        return TabLineCounts(0, 0)
    starts = text.count("\n\t") + text.startswith("\t")
    if tabs_total == starts:
        return TabLineCounts(0, starts)  # every tab opens its line (a docx export): one cell each
    lines = text.split("\n") if get_lines is None else get_lines()
    tab_lines = list(compress(lines, map(contains, lines, repeat("\t"))))
    one_tab = list(compress(tab_lines, map((1).__eq__, map(str.count, tab_lines, repeat("\t")))))
    rows = len(tab_lines) - len(one_tab)  # two tabs or more: a row
    rows += sum(map(contains, map(str.lstrip, one_tab), repeat("\t")))  # a cell, then the tab
    single = sum(map(str.startswith, map(str.lstrip, one_tab, repeat(" ")), repeat("\t")))
    return TabLineCounts(rows, single)


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
    """Parse ``text`` with a line grammar; a lexing failure becomes a [`FormatError`][govreport.errors.FormatError]."""
    items: list[Item] = _parse(load_grammar(grammar, transformer=LineItems()), text, layout)
    return items


class LineBlocks(Transformer[Token, list[Block]]):
    """Transformer for run-of-lines grammars: ``rows`` and ``text`` runs become blocks.

    Subclasses implement [`table_rows`][govreport.lines.LineBlocks.table_rows]; prose runs become one
    [`Paragraph`][govreport.blocks.Paragraph] per non-blank line, and consecutive rows (blank lines between them
    included) one [`Grid`][govreport.blocks.Grid].
    The instance is shared by every parse of its grammar, so it must keep no state.
    """

    def table_rows(self, lines: list[str], first_line: int) -> list[GridRow]:
        """The grid rows of a run of table lines (``first_line`` is the run's line number)."""
        raise NotImplementedError

    @v_args(inline=True)
    def rows(self, tok: Token) -> list[GridRow]:
        return self.table_rows(tok[:-1].split("\n"), tok.line or 1)

    @v_args(inline=True)
    def text(self, tok: Token) -> list[Paragraph]:
        out = []
        line = tok.line or 1
        for ln in tok[:-1].split("\n"):
            if ln.strip():
                out.append(paragraph(line, ln))
            line += 1
        return out

    def start(self, runs: list[list[Block | GridRow]]) -> list[Block]:
        return _group_rows(item for run in runs for item in run)


def parse_blocks(grammar: str | Path, text: str, transformer: Transformer[Token, Any], *, layout: str) -> Any:
    """Parse ``text`` with a run-of-lines grammar and ``transformer`` (a [`LineBlocks`][govreport.lines.LineBlocks]
    or any transformer of the grammar), applied during parsing.

    A lexing failure becomes a [`FormatError`][govreport.errors.FormatError] with the line and what was expected.
    """
    return _parse(load_grammar(grammar, transformer=transformer), text, layout)


def _parse(parser: Lark, text: str, layout: str) -> Any:
    if not text.endswith("\n"):
        text += "\n"
    try:
        return parser.parse(text)
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
    if " " not in text and "".join(pieces).isprintable():
        # No piece holds whitespace (every whitespace character but " " is unprintable), so
        # none has any to strip (most tab-separated rows; two strips per cell saved).
        return _cells_as_they_stand(pieces, line, len(separator))
    cells = []
    col = 1
    step = len(separator)
    new = tuple.__new__  # GridCell(...) would go through the NamedTuple's Python-level __new__
    for piece in pieces:
        # A cell starts at its first non-space character (a blank cell where its piece ends).
        unindented = piece.lstrip()
        end = col + len(piece)
        cells.append(new(GridCell, (unindented.rstrip(), line, end - len(unindented), 1, 1)))
        col = end + step
    return cells


def split_rows(lines: Sequence[str], first_line: int, separator: str) -> list[GridRow]:
    """One [`GridRow`][govreport.blocks.GridRow] per line of a run of table lines (numbered from
    ``first_line``), its cells those of [`split_cells`][govreport.lines.split_cells].

    Whether a cell holds whitespace to strip is asked once of the whole run (most tab-separated
    runs hold none), not of each line.
    """
    run = "".join(lines)
    if " " not in run and run.replace(separator, "").isprintable():
        step = len(separator)
        return [GridRow(_cells_as_they_stand(body.split(separator), first_line + n, step), first_line + n)
                for n, body in enumerate(lines)]
    return [GridRow(split_cells(body, first_line + n, separator), first_line + n) for n, body in enumerate(lines)]


def _cells_as_they_stand(pieces: list[str], line: int, step: int) -> list[GridCell]:
    """The cells of a row split into ``pieces`` none of which holds whitespace: each cell is
    its piece, starting where the piece does (``step``: the separator's length)."""
    cells = []
    col = 1
    new = tuple.__new__  # GridCell(...) would go through the NamedTuple's Python-level __new__
    for piece in pieces:
        cells.append(new(GridCell, (piece, line, col, 1, 1)))
        col += len(piece) + step
    return cells


def gather(entries: Iterable[tuple[str, object]]) -> list[Block]:
    """Group ``("row", GridRow)`` and ``("text", Paragraph)`` entries into blocks: consecutive
    rows form a [`Grid`][govreport.blocks.Grid], each prose line a [`Paragraph`][govreport.blocks.Paragraph]."""
    return _group_rows(obj for _, obj in entries)  # type: ignore[misc]


def _group_rows(items: Iterable[Block | GridRow]) -> list[Block]:
    """Blocks in order, each run of consecutive rows made one [`Grid`][govreport.blocks.Grid]."""
    blocks: list[Block] = []
    rows: list[GridRow] = []
    for item in items:
        if isinstance(item, GridRow):
            rows.append(item)
            continue
        if rows:
            blocks.append(Grid(tuple(rows)))
            rows = []
        blocks.append(item)
    if rows:
        blocks.append(Grid(tuple(rows)))
    return blocks


def paragraph(line: int, text: str) -> Paragraph:
    """A prose line as a [`Paragraph`][govreport.blocks.Paragraph] with its first non-space column."""
    stripped = text.strip()
    return Paragraph(stripped, line, len(text) - len(text.lstrip()) + 1)
