"""Row splitting: a grid row's cells told apart as labels and values, and the row helpers
that work on value cells by their order (trimming, wrapped rows).

A cell's kind (blank, number, label) is learnt once per distinct text and a row's split once
per distinct sequence of kinds: reports repeat both.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple, cast

import attrs

from ..blocks import GridCell, GridRow
from ..numbers import is_blank, looks_numeric
from .memo import BoundedMemo
from .placement import Placement, count_placements

# The kinds of cell text.
BLANK, NUMBER, LABEL = 0, 1, 2


@attrs.define
class RowSplit:
    """A row's label cells and value cells (blanks included)."""

    labels: list[GridCell]
    values: list[GridCell]
    contiguous: bool = True  # no blank cell between the first and the last label
    any_value: bool = False  # a value cell that is not blank
    text_in_values: bool = False  # a value cell that is text (junk, or a header after values)
    blank_ends: bool = False  # the first or the last value cell is blank


class RowShape(NamedTuple):
    """How a row of given cell kinds splits."""

    labels: tuple[int, ...]  # positions of the label cells
    label_run: slice | None  # the same as one slice, when they stand together (most rows)
    first_value: int  # position of the first value cell
    contiguous: bool
    any_value: bool
    text_in_values: bool
    blank_ends: bool


# A text with surrounding spaces is never kept: each time it comes, its row takes the slow
# path that strips it (the built-in plugins strip their cells, so this costs them nothing).
KINDS: BoundedMemo[str, int] = BoundedMemo("the kind of each distinct cell text", 100_000)
SHAPES: BoundedMemo[tuple[int, ...], RowShape] = BoundedMemo("the split of each sequence of cell kinds", 10_000)


def kind_of(text: str) -> int:
    """BLANK, NUMBER or LABEL (of the text without surrounding spaces)."""
    kind = KINDS.get(text)
    if kind is not None:
        return kind
    stripped = text.strip()
    if stripped.isdigit() and stripped.isascii():  # a plain count: most new texts of a report
        kind = NUMBER
    else:
        kind = BLANK if is_blank(stripped) else NUMBER if looks_numeric(stripped) else LABEL
    return KINDS.keep(text, kind) if stripped == text else kind


def cell_is_blank(text: str) -> bool:
    kind = KINDS.get(text)
    return (kind if kind is not None else kind_of(text)) == BLANK


_TEXT = itemgetter(0)  # a GridCell's text


def split_row(row: GridRow) -> RowSplit:
    """Separate a row's label cells from its value cells."""
    cells: Sequence[GridCell] = row.cells
    known = tuple(map(KINDS.get, map(_TEXT, cells)))
    shape = SHAPES.get(known)  # type: ignore[arg-type]  # a key with None is never found
    if shape is None:
        if None in known:  # a text not seen yet, or one with surrounding spaces
            cells, kinds = _learnt(cells, known)
        else:
            kinds = cast("tuple[int, ...]", known)
        shape = SHAPES.get(kinds) or SHAPES.keep(kinds, _shape(kinds))
    run = shape.label_run
    return RowSplit(list(cells[run]) if run is not None else [cells[n] for n in shape.labels],
                    list(cells[shape.first_value:]), shape.contiguous, shape.any_value, shape.text_in_values,
                    shape.blank_ends)


def _learnt(cells: Sequence[GridCell], known: tuple[int | None, ...]) -> tuple[list[GridCell], tuple[int, ...]]:
    """A row's cells, those whose kind is not ``known`` stripped, and every cell's kind.

    Only the unknown texts are looked at: a known text has no surrounding spaces (those are
    never kept), and most rows that come here hold one or two new numbers among known cells.
    """
    stripped = list(cells)
    kinds = list(known)
    for n, kind in enumerate(known):
        if kind is None:
            cell = cells[n]
            text = cell.text.strip()
            kinds[n] = kind_of(cell.text)
            if text != cell.text:
                stripped[n] = cell._replace(text=text)
    return stripped, cast("tuple[int, ...]", tuple(kinds))  # every None was replaced


def _shape(kinds: tuple[int, ...]) -> RowShape:
    if LABEL not in kinds:
        return RowShape((), slice(0, 0), 0, True, NUMBER in kinds, False,
                        bool(kinds) and BLANK in (kinds[0], kinds[-1]))
    first_label = kinds.index(LABEL)
    if NUMBER in kinds[first_label + 1:]:
        first_value = kinds.index(NUMBER, first_label + 1)
        last_label = first_value - 1 - kinds[first_value - 1::-1].index(LABEL)
    else:  # no value after the labels (a header row)
        last_label = len(kinds) - 1 - kinds[::-1].index(LABEL)
    labels = tuple(n for n, k in enumerate(kinds[: last_label + 1]) if k != BLANK)
    values = kinds[last_label + 1:]
    text_in_values = LABEL in values
    run = slice(labels[0], labels[-1] + 1) if labels == tuple(range(labels[0], labels[-1] + 1)) else None
    return RowShape(labels, run, last_label + 1, len(labels) == last_label + 1 - first_label,
                    text_in_values or NUMBER in values, text_in_values, bool(values) and BLANK in (values[0], values[-1]))


def trimmed(values: list[GridCell]) -> list[GridCell]:
    """``values`` without the blank cells at its end (the list itself when it ends in a value:
    callers only read it)."""
    end = len(values)
    while end and cell_is_blank(values[end - 1].text):
        end -= 1
    return values if end == len(values) else values[:end]


def join_wrapped(values: list[GridCell], following: RowSplit, width: int) -> list[GridCell] | None:
    """A short row's values completed by the label-less row below it, when together they fill
    ``width`` columns (surplus blanks before the first part, from a flattened merged cell,
    dropped as for any row); None when the row below is not its rest."""
    rest = continuation(following.values)
    if following.labels or not rest:
        return None
    joined = trimmed(values) + rest
    return joined if count_placements(joined, width, cell_is_blank) else None


def without_blank_ends(values: list[GridCell], width: int) -> list[Placement]:
    """The placements by order of ``values`` without the blank cells at their ends, one of
    them lost anywhere (the candidates of a row that may have lost a cell)."""
    start, end = 0, len(values)
    while start < end and cell_is_blank(values[start].text):
        start += 1
    while end > start and cell_is_blank(values[end - 1].text):
        end -= 1
    return count_placements(values[start:end], width, cell_is_blank, lost_cell=True)


def continuation(values: list[GridCell]) -> list[GridCell]:
    """The cells of a wrapped row's second line, without the separators that open it."""
    rest = trimmed(values)
    start = 0
    while start < len(rest) and cell_is_blank(rest[start].text):
        start += 1
    return rest[start:]
