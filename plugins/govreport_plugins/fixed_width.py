"""Fixed-width text tables: pandoc ``plain`` (and pandoc markdown's multiline and simple tables),
grid tables (``+----+----+``) and console dumps whose columns are set by character positions.

A table's columns come from its rule lines, measured in *display width*: a CJK character is two
columns wide, as a terminal or pandoc lays it out, so a two-character label followed by spaces lines up with
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
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from govreport.blocks import Block, Document, Grid, GridCell, GridRow, Paragraph
from govreport.diagnostics import Diagnostic
from govreport.lines import paragraph
from govreport.numbers import looks_numeric
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


#: ASCII punctuation that CJK text writes in its full-width form (（）：，；！？), which the core
#: folds to ASCII before a plugin sees the text.
_FOLDED_PUNCTUATION = frozenset("()[]{}:;,!?")


@lru_cache(maxsize=8192)
def _natural_width(token: str) -> int:
    """Display width of a text with no full-width folding undone (reports repeat their cells)."""
    if token.isascii():
        return len(token)
    return sum(1 if ch < "\u1100" else char_width(ch) for ch in token)


@lru_cache(maxsize=8192)
def _folded_candidates(token: str) -> int:
    """How many characters of a token may have been folded from full width by the core (one
    column narrower each): ASCII punctuation inside a token that holds CJK characters."""
    if all(ch < "\u1100" for ch in token):
        return 0
    return sum(1 for ch in token if ch in _FOLDED_PUNCTUATION)


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


class _Placed(NamedTuple):
    """One reading of a line: each column's first and last character index, the display
    position and width of each column's first token, and whether two cells met in a column."""

    spans: dict[int, tuple[int, int]]
    firsts: dict[int, tuple[int, int]]
    collided: bool
    uncertain: bool  # folded punctuation stands before a token: positions may be off


class Columns(NamedTuple):
    """A table's columns: where each starts and ends (exclusive), in display columns."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _rule_columns(rule: str) -> Columns:
    runs = list(re.finditer(r"-+", rule))
    return Columns(tuple(m.start() for m in runs), tuple(m.end() for m in runs))


def learn_alignments(lines: list[str], columns: Columns) -> dict[int, str]:
    """Each column's alignment (``left`` or ``right``) as the table's certain lines show it: lines
    where no folded punctuation stands before a cell, so positions are exact."""
    starts, ends = columns
    votes: dict[int, set[str]] = {}
    for line in lines:
        placed = _reading(line, columns, "plain")
        if placed.collided or placed.uncertain:
            continue
        for k, (at, width) in placed.firsts.items():
            left, right = at == starts[k], at + width == ends[k]
            if left != right:
                votes.setdefault(k, set()).add("left" if left else "right")
    return {k: v.pop() for k, v in votes.items() if len(v) == 1}


def _cut(line: str, columns: Columns, alignments: dict[int, str]) -> tuple[list[str], bool]:
    """``line`` cut into the columns that start at ``starts`` (display columns): each run of
    non-space characters goes to the column it stands in.

    The core folds full-width punctuation to ASCII before a plugin sees the text, so a token
    may stand up to one column further right than the folded text says for each such character
    before it on the line (``(三)`` was ``（三）``, or was typed with ASCII
    brackets: the text does not say). Three readings are tried: none of them folded, all of them,
    and anchored (a cell starts at its column's start or ends at its column's end, which fixes
    where it stands). A reading that puts two cells in one column, or a cell off its column's
    alignment (learnt from the table's certain lines), is wrong; the others must agree. When
    they do not, the line's numbers cannot be placed and are left out (the builder then reports
    the row), never put in a wrong column. Returns the pieces and whether numbers were left out.
    """
    plain = _reading(line, columns, "plain")
    left_out = False
    if not plain.uncertain:
        chosen = plain.spans
    else:
        readings = [_reading(line, columns, mode) for mode in ("anchored", "plain", "folded")]
        fitting = {tuple(sorted(r.spans.items())) for r in readings
                   if not r.collided and _aligned(r, columns, alignments)}
        if len(fitting) == 1:
            chosen = dict(next(iter(fitting)))
        else:  # none or two placements fit: keep the text, leave the numbers out
            chosen = {k: span for k, span in readings[0].spans.items() if not looks_numeric(line[span[0]:span[1]])}
            left_out = len(chosen) < len(readings[0].spans)
    pieces = [""] * len(columns.starts)
    for k, (first, last) in chosen.items():
        pieces[k] = line[first:last]
    return pieces, left_out


def _aligned(placed: _Placed, columns: Columns, alignments: dict[int, str]) -> bool:
    starts, ends = columns
    for k, (at, width) in placed.firsts.items():
        alignment = alignments.get(k)
        if (alignment == "left" and at != starts[k]) or (alignment == "right" and at + width != ends[k]):
            return False
    return True


@lru_cache(maxsize=4096)
def _reading(line: str, columns: Columns, mode: str) -> _Placed:
    """The columns of the tokens under one reading of the folded widths (kept per line: a table's
    alignments and its rows read the same lines, and reports repeat them)."""
    tokens = list(_TOKEN.finditer(line))
    spans: dict[int, tuple[int, int]] = {}
    firsts: dict[int, tuple[int, int]] = {}
    last_end: dict[int, int] = {}  # display column where the column's last token ended
    collided = False
    starts, ends = columns
    raw = pos = offset = slack = 0
    for m in tokens:
        raw += m.start() - pos  # the spaces before the token
        token = m.group()
        width = _natural_width(token)
        folded = _folded_candidates(token)
        if mode == "anchored":
            lo, hi = raw + offset, raw + offset + slack
            k = _column(starts, ends, lo, hi, width)
            if slack:
                anchored = _anchor(starts, ends, k, lo, hi, width)
                if anchored is not None:
                    offset, slack = anchored - raw, 0
            at = raw + offset
            slack += folded
        else:
            at = raw + offset
            k = max(0, bisect_right(starts, at) - 1)
        shown = width + (folded if mode != "plain" else 0)  # its width as the converter laid it out
        if mode == "folded":
            offset += folded
        if k in last_end and at - last_end[k] >= 2:
            collided = True
        if k not in firsts:
            firsts[k] = (at, shown)
        last_end[k] = at + shown
        first, _ = spans.get(k, (m.start(), m.end()))
        spans[k] = (first, m.end())
        raw += width
        pos = m.end()
    uncertain = any(_folded_candidates(m.group()) for m in tokens[:-1])
    return _Placed(spans, firsts, collided, uncertain)


def _column(starts: Sequence[int], ends: Sequence[int], lo: int, hi: int, width: int) -> int:
    """The column of a token whose start is somewhere in ``lo..hi``."""
    k_lo = max(0, bisect_right(starts, lo) - 1)
    k_hi = max(0, bisect_right(starts, hi) - 1)
    if k_lo == k_hi:
        return k_lo
    for k in range(k_lo + 1, k_hi + 1):  # a cell starting at its column's start
        if lo <= starts[k] <= hi:
            return k
    for k in range(k_lo, k_hi + 1):  # a cell ending at its column's end
        if lo + width <= ends[k] <= hi + width:
            return k
    return k_lo


def _anchor(starts: Sequence[int], ends: Sequence[int], k: int, lo: int, hi: int, width: int) -> int | None:
    """Where a token of column ``k`` starts, when its column's start or end says so."""
    if lo <= starts[k] <= hi:
        return starts[k]
    if lo + width <= ends[k] <= hi + width:
        return ends[k] - width
    return None


class FixedWidthTables:
    """Reads a document whose tables are laid out by character positions."""

    def __init__(self, clean: CellCleaner = str.strip, prose: CellCleaner = str.strip) -> None:
        self.clean = clean
        self.prose = prose
        #: Lines whose numbers could not be placed in their columns (GR330): the builder sees
        #: their cells blank, so the reader must say why they are null.
        self.diagnostics: list[Diagnostic] = []

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
        columns = _rule_columns(lines[body_start - 1])  # the rule that sets the columns stands above the body
        alignments = learn_alignments([lines[n] for group in groups for n in group], columns)
        rows = [self._row(lines, group, columns, alignments) for group in groups]
        return without_label_padding(Grid(tuple(rows), positioned=True)), k + 1 if closed else k

    def _row(self, lines: list[str], numbers: list[int], columns: Columns, alignments: dict[int, str]) -> GridRow:
        parts: list[list[str]] = [[] for _ in columns.starts]
        first_line = [0] * len(columns.starts)
        for n in numbers:
            pieces, left_out = _cut(lines[n], columns, alignments)
            if left_out:
                self.diagnostics.append(Diagnostic(
                    "GR330", f"line {n + 1}: its numbers cannot be placed in the table's columns (full-width "
                             "punctuation before them leaves their positions uncertain); they were not used",
                    line=n + 1, column=1))
            for k, piece in enumerate(pieces):
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
        bounds = _grid_bounds(lines, top)
        rows: list[GridRow] = []
        k = top + 1
        # a row between two borders; a border under some of its cells only (w3m draws one
        # under a row-spanning cell's neighbours) cuts it into sub-rows
        parts: list[list[int]] = [[]]
        partials: list[int] = []
        while k < len(lines):
            line = lines[k]
            if _GRID_BORDER.match(line):
                if parts[0]:
                    rows.extend(self._spanned_rows(lines, parts, partials, bounds))
                parts, partials = [[]], []
                k += 1
                if k >= len(lines) or not lines[k].lstrip().startswith("|"):
                    break
                continue
            if not line.lstrip().startswith("|"):
                break
            if "+-" in line and parts[-1]:
                partials.append(k)
                parts.append([])
            else:
                parts[-1].append(k)
            k += 1
        if not rows:
            return None, top
        return without_label_padding(Grid(tuple(rows), positioned=True)), k

    def _spanned_rows(self, lines: list[str], parts: list[list[int]], partials: list[int],
                      bounds: list[int]) -> list[GridRow]:
        """The rows of one bordered block: a block cut by partial borders is one row per part,
        and a cell no partial border rules off below spans the parts down to the next border
        under it (its text from every part it covers); a block a partial border would leave
        empty is not cut."""
        if not partials or not parts[-1]:
            return [self._grid_row(lines, [n for p in parts for n in p] + partials, bounds)]
        sub = [self._grid_row(lines, p, bounds) for p in parts]
        ruled = [_partial_border(lines[n], bounds) for n in partials]
        new = tuple.__new__
        covered: set[tuple[int, int]] = set()
        out: list[GridRow] = []
        for j, row in enumerate(sub):
            cells: list[GridCell] = []
            for cell in row.cells:
                if (j, cell.column) in covered:
                    continue
                span = range(cell.column - 1, cell.column - 1 + cell.colspan)
                end = j
                while end < len(sub) - 1 and not any(i in ruled[end][0] for i in span):
                    end += 1
                if end == j:
                    cells.append(cell)
                    continue
                texts = [cell.text]
                for below in range(j + 1, end + 1):
                    texts.append(ruled[below - 1][1].get(cell.column - 1, ""))
                    texts += [c.text for c in sub[below].cells if c.column == cell.column]
                    covered.add((below, cell.column))
                text = join_fragments([t for t in texts if t])
                cells.append(new(GridCell, (text, cell.line, cell.column, cell.colspan, end - j + 1)))
            out.append(GridRow(tuple(cells), row.line))
        return out

    def _grid_row(self, lines: list[str], numbers: list[int], bounds: list[int]) -> GridRow:
        """One grid-table row: cells between the ``|`` that stand on column boundaries; a cell
        whose ``|`` is missing on every line of the row spans the columns it covers."""
        per_line = [_bars(lines[n], bounds) for n in numbers]
        present = set(range(len(bounds)))
        for bars in per_line:
            present &= set(bars)
        edges = sorted(present)
        parts: list[list[str]] = [[] for _ in edges[:-1]]
        for n, bars in zip(numbers, per_line):
            pieces = lines[n].split("|")
            for k in range(len(edges) - 1):
                # the text between the bars on boundaries edges[k] and edges[k + 1]
                first, last = bars[edges[k]], bars[edges[k + 1]]
                piece = "|".join(pieces[first + 1: last + 1])
                if piece.strip():
                    parts[k].append(piece)
        new = tuple.__new__
        texts = [join_fragments([self.clean(x) for x in p]) for p in parts]
        cells = tuple(new(GridCell, (text, numbers[0] + 1, edges[k] + 1, edges[k + 1] - edges[k], 1))
                      for k, text in enumerate(texts))
        return GridRow(cells, numbers[0] + 1)


def _partial_border(line: str, bounds: list[int]) -> tuple[set[int], dict[int, str]]:
    """A border line under some cells only: the column intervals (indexes of their left
    boundary) it rules off, and the text it holds in the others (a row-spanning cell's)."""
    barred = line.replace("+", "|")
    bars = _bars(barred, bounds)
    pieces = barred.split("|")
    ruled: set[int] = set()
    texts: dict[int, str] = {}
    edges = sorted(bars)
    for a, b in pairwise(edges):
        piece = "|".join(pieces[bars[a] + 1: bars[b] + 1]).strip()
        if piece and not piece.strip("-=:"):
            ruled.update(range(a, b))
        elif piece:
            texts[a] = piece
    return ruled, texts


def _grid_bounds(lines: list[str], top: int) -> list[int]:
    """The column boundaries of the grid table whose top border is at ``top``: the ``+`` of
    every border line of the table, not only of the top one (pandoc's top border marks every
    column; w3m's marks only the first row's cells, so a first row spanning the table hides
    the columns below it)."""
    bounds: set[int] = set()
    for line in lines[top:]:
        if _GRID_BORDER.match(line):
            bounds.update(at for ch, at in zip(line, display_positions(line)) if ch == "+")
        elif not line.lstrip().startswith("|"):
            break
        elif "+-" in line:
            # a partial border's '+' split a row-spanning cell's neighbours into columns of
            # their own (a third label level beside a spanning one)
            bounds.update(_partial_border_junctions(line))
    return sorted(bounds)


def _partial_border_junctions(line: str) -> list[int]:
    """The display columns of a partial border's ``+``, the text before each measured as
    :func:`_bars` measures it (folded full-width punctuation counted two columns)."""
    out = []
    at = 0
    pieces = re.split(r"([|+])", line)
    for piece, mark in zip(pieces[::2], pieces[1::2]):
        at += _natural_width(piece) + sum(_folded_candidates(t) for t in piece.split())
        if mark == "+":
            out.append(at)
        at += 1
    return out


def _bars(line: str, bounds: list[int]) -> dict[int, int]:
    """The boundaries (indexes into ``bounds``) that a ``|`` of the line stands on, each with the
    bar's index among the line's bars. A bar's position is estimated with the text before it
    as wide as the converter laid it out (folded full-width punctuation counted two columns)."""
    out: dict[int, int] = {}
    at = 0
    pieces = line.split("|")
    for n, piece in enumerate(pieces[:-1]):
        at += _natural_width(piece) + sum(_folded_candidates(t) for t in piece.split())
        k = min(range(len(bounds)), key=lambda b: abs(bounds[b] - at))
        if abs(bounds[k] - at) <= 1:
            out[k] = n
        at += 1
    return out


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
        # Rule lines of two or more dash runs (or grid borders) are this layout's own; numbers
        # standing apart in columns confirm it (a report whose cells are all blank has none).
        if "---" not in text:
            return 0.0  # every text parse sniffs: the other layouts leave here after one scan
        rules = count_table_rules(text)
        if rules < 2:
            return 0.0
        numbers = sum(1 for line in text.split("\n") if "  " in line and _has_spaced_number(line))
        return min(0.97, 0.8 + rules / 40 + numbers / 200)

    def read(self, text: str) -> Document:
        tables = FixedWidthTables()
        return Document(tables.blocks(text), diagnostics=tables.diagnostics)


def _has_spaced_number(line: str) -> bool:
    return any(_PURE_NUMBER.match(piece) for piece in line.split("  ") if piece.strip())
