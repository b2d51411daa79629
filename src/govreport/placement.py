"""Placing a row's value cells on its template columns by geometry.

In a positioned grid (see :class:`govreport.blocks.GridCell`) the header rows give each
template column the grid columns it covers, and a value cell belongs to the column it stands
under. Real pages do not always draw the header and the data rows on the same grid (a Word
table pasted into a page: the header's 本年增/减 spans columns 3–4 while a data row's first
value spans 2–3), so a cell may overlap more than one column. The placements are then
enumerated: every non-blank cell goes to a column it overlaps, the columns keep the cells'
order and no column takes two values. Exactly one placement is an answer; several are
candidates that only the template's arithmetic may settle; none means the row does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from .blocks import GridCell

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
        columns = [o[0] for o in options]
        if any(b <= a for a, b in pairwise(columns)):
            return []
        found.append(tuple(columns))
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
