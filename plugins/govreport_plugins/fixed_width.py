"""Fixed-width text tables: pandoc ``plain`` (and pandoc markdown's multiline and simple tables),
grid tables (``+----+----+``) and console dumps whose columns are set by character positions.

A table's columns come from its rule lines, measured in *display width*: a CJK character is two
columns wide, as a terminal or pandoc lays it out, so ``规章`` followed by spaces lines up with
``3924`` on the line below although it is fewer characters.

* **dash rules** (pandoc multiline and simple tables): a line of dash runs separated by spaces,
  ``-------- ------ ------``; each run is a column, and a column's text is every character from
  its run's start to the next run's start. When the lines between the rules hold blank lines, a
  row is the block of lines between blank lines and each column's lines are joined (a wrapped
  cell); otherwise every line is a row. A table without a header ends at its closing rule, one
  with a header row above a dash rule at the first blank line.
* **grid tables**: ``+`` marks the column boundaries of the border lines; a row is the block of
  lines between border lines, a ``|`` at a boundary separates cells, and a cell whose ``|`` is
  missing spans the columns it covers.

The grids are positioned (:class:`~govreport.blocks.GridCell` ``column`` is the grid column,
``colspan`` the columns a grid-table cell covers), with the blank padding of label columns
dropped (:mod:`govreport_plugins.label_columns`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from govreport.blocks import Block, Document, Grid, GridCell, GridRow, Paragraph
from govreport.lines import paragraph
from govreport.plugin import FormatPlugin

from .label_columns import without_label_padding

_DASH_RULE = re.compile(r"^ *-{3,}(?: +-{3,})* *$")
_GRID_BORDER = re.compile(r"^ *\+(?:[-=:]+\+)+ *$")
_PURE_NUMBER = re.compile(r"^\s*[+-]?\d[\d,.]*\s*$")

CellCleaner = Callable[[str], str]


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Display columns of one character: 2 for wide and full-width (CJK) ones, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_positions(line: str) -> list[int]:
    """The display column (0-based) at which each character of ``line`` starts."""
    positions = []
    at = 0
    for ch in line:
        positions.append(at)
        at += 1 if ch < "\u1100" else char_width(ch)  # ASCII and Latin: one column, no lookup
    return positions


_TOKEN = re.compile(r"\S+")


def _token_width(token: str) -> int:
    """A token's display width as the converter laid it out, at most.

    The core folds full-width punctuation and digits to ASCII before a plugin sees the text
    (``（一）`` becomes ``(一)``), which narrows the token by one column per folded character.
    A narrow character inside a token that holds a wide one is counted as wide: where it really
    was narrow the estimate is a little to the right, which keeps the token in its own column
    (cells start at their column's start); an estimate to the left could push it into the column
    before.
    """
    widths = [1 if ch < "\u1100" else char_width(ch) for ch in token]
    return 2 * len(token) if 2 in widths else sum(widths)


def join_fragments(parts: list[str]) -> str:
    """The lines of one wrapped cell as one text: CJK lines run on, Latin words get a space."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def _dash_runs(rule: str) -> list[int]:
    """Display columns where the dash runs of a rule line start."""
    return [m.start() for m in re.finditer(r"-+", rule)]


def _cut(line: str, starts: list[int]) -> list[str]:
    """``line`` cut into the columns that start at ``starts`` (display columns): each run of
    non-space characters goes to the column its start falls in."""
    pieces = [""] * len(starts)
    spans: dict[int, tuple[int, int]] = {}
    at = 0  # estimated display column of the scan position
    pos = 0
    for m in _TOKEN.finditer(line):
        at += m.start() - pos  # the spaces before the token
        k = max(0, bisect_right(starts, at) - 1)
        first, _ = spans.get(k, (m.start(), m.end()))
        spans[k] = (first, m.end())
        at += _token_width(m.group())
        pos = m.end()
    for k, (first, last) in spans.items():
        pieces[k] = line[first:last]
    return pieces


class FixedWidthTables:
    """Reads a document whose tables are laid out by character positions."""

    def __init__(self, clean: CellCleaner = str.strip, prose: CellCleaner = str.strip) -> None:
        self.clean = clean
        self.prose = prose

    def blocks(self, text: str) -> list[Block]:
        """Paragraphs and grids of a whole text."""
        lines = text.split("\n")
        blocks: list[Block] = []
        i = 0
        while i < len(lines):
            found = self.table_at(lines, i)
            if found is not None:
                blocks.append(found[0])
                i = found[1]
                continue
            if lines[i].strip():
                p = paragraph(i + 1, lines[i])
                blocks.append(Paragraph(self.prose(p.text), p.line, p.column))
            i += 1
        return blocks

    def table_at(self, lines: list[str], i: int) -> tuple[Grid, int] | None:
        """The table that starts at line index ``i`` and the index after it, or None."""
        line = lines[i]
        found: tuple[Grid | None, int] = (None, i)
        if _DASH_RULE.match(line):
            found = self._dash_table(lines, i)
        elif _GRID_BORDER.match(line):
            found = self._grid_table(lines, i)
        elif line.strip() and i + 1 < len(lines) and _DASH_RULE.match(lines[i + 1]) \
                and len(_dash_runs(lines[i + 1])) > 1:
            found = self._dash_table(lines, i + 1, header=i)
        grid, end = found
        return (grid, end) if grid is not None else None

    # -- dash-rule tables ------------------------------------------------------------------------
    def _dash_table(self, lines: list[str], rule: int, header: int | None = None) -> tuple[Grid | None, int]:
        """The table whose rule is at ``rule`` (``header``: the header line above a simple
        table's rule); returns the grid and the index of the line after the table."""
        starts = _dash_runs(lines[rule])
        header_lines: list[int] = [header] if header is not None else []
        body_start = rule + 1
        if header is None and len(starts) == 1:
            # pandoc's multiline table with a header: a full-width rule, the header lines, then
            # the rule that sets the columns.
            k = rule + 1
            while k < len(lines) and lines[k].strip() and not _DASH_RULE.match(lines[k]):
                k += 1
            if k >= len(lines) or not _DASH_RULE.match(lines[k]) or len(_dash_runs(lines[k])) < 2:
                return None, rule
            header_lines, starts, body_start = list(range(rule + 1, k)), _dash_runs(lines[k]), k + 1
        if len(starts) < 2:
            return None, rule
        # The body runs to the closing rule; a simple table with a header above its rule may
        # have none and ends at its first blank line.
        k = body_start
        while k < len(lines) and not _DASH_RULE.match(lines[k]):
            if header is not None and not lines[k].strip():
                break
            k += 1
        if k >= len(lines) and header is None:  # no closing rule: the table ends at a blank line
            k = body_start
            while k < len(lines) and lines[k].strip():
                k += 1
        closed = k < len(lines) and _DASH_RULE.match(lines[k]) is not None
        body = range(body_start, k)
        groups: list[list[int]] = [header_lines] if header_lines else []
        if any(not lines[n].strip() for n in body):  # a multiline table: rows between blank lines
            run: list[int] = []
            for n in body:
                if lines[n].strip():
                    run.append(n)
                elif run:
                    groups.append(run)
                    run = []
            if run:
                groups.append(run)
        else:
            groups += [[n] for n in body]
        if len(groups) < 2:
            return None, rule
        rows = [self._row(lines, group, starts) for group in groups]
        return without_label_padding(Grid(tuple(rows), positioned=True)), k + 1 if closed else k

    def _row(self, lines: list[str], numbers: list[int], starts: list[int]) -> GridRow:
        parts: list[list[str]] = [[] for _ in starts]
        first_line = [0] * len(starts)
        for n in numbers:
            for k, piece in enumerate(_cut(lines[n], starts)):
                if piece.strip():
                    parts[k].append(piece)
                    if not first_line[k]:
                        first_line[k] = n + 1
        new = tuple.__new__
        texts = [join_fragments([self.clean(x) for x in p]) for p in parts]
        cells = tuple(new(GridCell, (text, first_line[k] or numbers[0] + 1, k + 1, 1, 1)) for k, text in enumerate(texts))
        return GridRow(cells, numbers[0] + 1)

    # -- grid tables -----------------------------------------------------------------------------
    def _grid_table(self, lines: list[str], top: int) -> tuple[Grid | None, int]:
        border = lines[top]
        bounds = [at for ch, at in zip(border, display_positions(border)) if ch == "+"]
        rows: list[GridRow] = []
        k = top + 1
        block: list[int] = []
        while k < len(lines):
            line = lines[k]
            if _GRID_BORDER.match(line):
                if block:
                    rows.append(self._grid_row(lines, block, bounds))
                    block = []
                k += 1
                if k >= len(lines) or not lines[k].lstrip().startswith("|"):
                    break
                continue
            if not line.lstrip().startswith("|"):
                break
            block.append(k)
            k += 1
        if not rows:
            return None, top
        return without_label_padding(Grid(tuple(rows), positioned=True)), k

    def _grid_row(self, lines: list[str], numbers: list[int], bounds: list[int]) -> GridRow:
        """One grid-table row: cells between the ``|`` that stand on column boundaries."""
        # The boundaries every line of the row has a "|" on separate its cells.
        present = set(bounds)
        for n in numbers:
            line = lines[n]
            bars = {at for ch, at in zip(line, display_positions(line)) if ch == "|"}
            present &= bars
        edges = sorted(present)
        parts: list[list[str]] = [[] for _ in edges[:-1]]
        for n in numbers:
            line = lines[n]
            positions = display_positions(line)
            for k in range(len(edges) - 1):
                piece = "".join(ch for ch, at in zip(line, positions) if edges[k] < at < edges[k + 1])
                if piece.strip():
                    parts[k].append(piece)
        new = tuple.__new__
        cells = tuple(new(GridCell, (join_fragments([self.clean(x) for x in p]), numbers[0] + 1, bounds.index(edges[k]) + 1,
                                     bounds.index(edges[k + 1]) - bounds.index(edges[k]), 1))
                      for k, p in enumerate(parts))
        return GridRow(cells, numbers[0] + 1)


def count_table_rules(text: str) -> int:
    """How many lines are dash rules with two or more runs, or grid-table borders."""
    n = 0
    for line in text.split("\n"):
        if line[:1] in (" ", "-", "+") and ("---" in line) and (_DASH_RULE.match(line) or _GRID_BORDER.match(line)):
            n += 1
    return n


class FixedWidthPlugin(FormatPlugin):
    """Reads text whose tables are laid out by character positions (pandoc plain, grid tables)."""

    name = "fixed-width"
    aliases = ("plain", "pandoc-plain", "grid-table")
    description = "fixed-width text tables (pandoc plain, simple and grid tables): columns from rule lines"

    def sniff(self, text: str) -> float:
        rules = count_table_rules(text)
        if rules < 2:
            return 0.0
        numbers = sum(1 for line in text.split("\n") if "  " in line and _has_spaced_number(line))
        return min(0.97, 0.6 + rules / 20 + numbers / 100) if numbers >= 3 else 0.3

    def read(self, text: str) -> Document:
        return Document(FixedWidthTables().blocks(text))


def _has_spaced_number(line: str) -> bool:
    return any(_PURE_NUMBER.match(piece) for piece in line.split("  ") if piece.strip())
