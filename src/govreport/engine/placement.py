"""Placing a row's value cells on its template columns by geometry.

In a positioned grid (see :class:`govreport.blocks.GridCell`) the header rows give each
template column the grid columns it covers, and a value cell belongs to the column it stands
under. Real pages do not always draw the header and the data rows on the same grid (a Word
table pasted into a page: a header cell spans columns 3–4 while a data row's first
value spans 2–3), so a cell may overlap more than one column. The placements are then
enumerated: every non-blank cell goes to a column it overlaps, the columns keep the cells'
order and no column takes two values. Exactly one placement is an answer; several are
candidates that only the template's arithmetic may settle; none means the row does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations, pairwise
from math import comb

from ..blocks import GridCell

#: A template column's extent in the grid: first and last grid column it covers (1-based).
Extent = tuple[int, int]
#: One placement: for each target column, the cell that goes there (None: no cell under it).
Placement = tuple[GridCell | None, ...]


def overlaps(cell: GridCell, extent: Extent) -> bool:
    """True when ``cell`` covers at least one grid column of ``extent``."""
    return cell.column <= extent[1] and cell.column + cell.colspan - 1 >= extent[0]


def placements(values: Sequence[GridCell], extents: Sequence[Extent], is_blank: Callable[[str], bool],
               *, limit: int = 8) -> list[Placement]:
    """The distinct placements of ``values`` on columns of these ``extents`` (in grid order),
    at most ``limit`` of them.

    Only non-blank cells decide a placement; a column that gets none takes the first blank
    cell standing under it (its source position), or None when no cell stands under it.
    """
    filled = [c for c in values if not is_blank(c.text)]
    if len(filled) > len(extents):
        return []
    options = [[j for j, e in enumerate(extents) if overlaps(c, e)] for c in filled]
    if any(not o for o in options):
        return []  # a value outside every column
    found: list[tuple[int, ...]] = []
    chosen: list[int] = []

    def extend(i: int, lowest: int) -> None:
        if len(found) >= limit:
            return
        if i == len(filled):
            found.append(tuple(chosen))
            return
        for j in options[i]:
            if j >= lowest:
                chosen.append(j)
                extend(i + 1, j + 1)
                chosen.pop()

    if all(len(o) == 1 for o in options):  # the usual case: one column under each cell
        only = [o[0] for o in options]
        if any(b <= a for a, b in pairwise(only)):
            return []
        found.append(tuple(only))
    else:
        extend(0, 0)
    blanks = [c for c in values if is_blank(c.text)]
    out: list[Placement] = []
    for columns in found:
        slots: list[GridCell | None] = [None] * len(extents)
        for cell, j in zip(filled, columns):
            slots[j] = cell
        for j, extent in enumerate(extents):
            if slots[j] is None:
                slots[j] = next((b for b in blanks if overlaps(b, extent)), None)
        out.append(tuple(slots))
    return out


def count_placements(values: Sequence[GridCell], width: int, is_blank: Callable[[str], bool], *,
                     lost_cell: bool = False) -> list[Placement]:
    """The distinct placements of a row's values on ``width`` columns where only the cells'
    order is known (tsv, pipe, docx-export).

    A row of ``width`` cells is placed as it stands. A longer one has surplus blank cells at
    its ends (a merged cell flattened by an export): each way of dropping them is a candidate.
    With ``lost_cell``, a row one cell short may have lost any one cell: each position of the
    lost cell (None) is a candidate. Candidates that give the same texts are one.
    """
    n = len(values)
    if n == width:
        return [tuple(values)]
    found: list[Placement] = []
    seen: set[tuple[str | None, ...]] = set()

    def add(candidate: Placement) -> None:
        texts = tuple(None if c is None else c.text for c in candidate)
        if texts not in seen:
            seen.add(texts)
            found.append(candidate)

    if n > width:
        surplus = n - width
        lead = 0  # leading blank cells
        while lead < n and is_blank(values[lead].text):
            lead += 1
        trail = 0
        while trail < n and is_blank(values[n - 1 - trail].text):
            trail += 1
        for k in range(min(surplus, lead) + 1):  # k dropped from the start, the rest from the end
            if surplus - k <= trail:
                add(tuple(values[k:k + width]))
    elif lost_cell and n == width - 1:
        for p in range(width):
            add((*values[:p], None, *values[p:]))
    return found


def row_edges(rows: Sequence[Sequence[GridCell]]) -> tuple[int, ...]:
    """Each row's right edge in a positioned grid: the last grid column its cells cover,
    extended over the columns after it that cells of rows above span into (a rowspan from a
    header row covers the columns below it). Linear in the cells and the grid width.

    A row whose edge stops before the edge of the rows it belongs with (its header's, its
    neighbours') has lost cells: the cells after a lost one stand as many columns to the left of
    where they belong, so its positions are not to be trusted."""
    width = max((c.column + c.colspan - 1 for row in rows for c in row), default=0)
    if width > 4 * sum(len(row) for row in rows):  # nonsense geometry: do not allocate for it
        return (0,) * len(rows)
    taken_until = [0] * (width + 2)  # grid column -> first row index no longer covered from above
    edges: list[int] = []
    for r, row in enumerate(rows):
        reach = 0
        for c in row:
            last = c.column + c.colspan - 1
            reach = max(reach, last)
            if c.rowspan > 1:
                for k in range(c.column, last + 1):
                    taken_until[k] = max(taken_until[k], r + c.rowspan)
        while reach < width and taken_until[reach + 1] > r:
            reach += 1
        edges.append(reach)
    return tuple(edges)


#: The most cells a row may have lost for its placements to be enumerated; a row that lost more
#: is refused (its cells null), never placed by a guess.
MAX_LOST_CELLS = 3
#: The most placements of one row handed to the template's arithmetic; a row with more is
#: refused: so many candidates cannot single one out, and trying them all costs work.
MAX_CANDIDATES = 256


def lost_cell_placements(values: Sequence[GridCell], width: int, is_blank: Callable[[str], bool], *,
                         max_lost: int, limit: int = MAX_CANDIDATES) -> list[Placement] | None:
    """Every placement by order of ``values`` on ``width`` columns for a row that may have lost
    up to ``max_lost`` cells and may carry surplus blank cells at either end: for each way of
    dropping ``a`` leading and ``b`` trailing blank cells, the rest in order on the columns with
    the ``width - (len(values) - a - b)`` lost cells (None) at every choice of columns.
    Candidates that give the same texts are one.

    None when there are more than ``limit`` of them: the row cannot be placed safely.
    """
    n = len(values)
    lead = 0
    while lead < n and is_blank(values[lead].text):
        lead += 1
    trail = 0
    while trail < n and is_blank(values[n - 1 - trail].text):
        trail += 1
    ways = [(a, b) for a in range(lead + 1) for b in range(trail + 1)
            if a + b <= n and 0 <= width - (n - a - b) <= max_lost]
    if sum(comb(width, width - (n - a - b)) for a, b in ways) > 16 * limit:
        return None  # too many even before the duplicates are dropped
    found: list[Placement] = []
    seen: set[tuple[str | None, ...]] = set()
    texts_of = tuple(c.text for c in values)
    for a, b in ways:
        kept, kept_texts = tuple(values[a:n - b]), texts_of[a:n - b]
        for lost in combinations(range(width), width - len(kept)):
            candidate: Placement
            if len(lost) == 1:  # the usual case, put together from slices (3x faster)
                (p,) = lost
                candidate = (*kept[:p], None, *kept[p:])
                texts: tuple[str | None, ...] = (*kept_texts[:p], None, *kept_texts[p:])
            else:
                cells = iter(kept)
                candidate = tuple(None if j in lost else next(cells) for j in range(width))
                texts = tuple(None if c is None else c.text for c in candidate)
            if texts not in seen:
                seen.add(texts)
                found.append(candidate)
                if len(found) > limit:
                    return None
    return found
