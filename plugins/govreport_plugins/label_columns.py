"""Blank cells that only pad a table's label columns, dropped from positioned grids.

A converter that lays a table out on a grid (pandoc's fixed-width tables, a PDF's ruled cells,
HTML with its spans expanded) leaves an empty cell wherever a merged label covers several rows
or columns: table 三's results label spanning twenty rows leaves twenty empty cells under it. Those
cells are not values; a builder that counts a row's cells would take them for blank values at
the start of the row and, with a blank value at its end too, could not tell which end to trim.

A *label column* is a grid column that holds text, and never a number, in the rows that hold
numbers: its blanks are padding and are dropped, and every other cell keeps its grid column. A
value column that happens to be blank in every row holds no text in those rows, so it keeps its
blanks (they are the blank values the report states). This is a rule about layouts; it knows no
template label.
"""

from __future__ import annotations

from govreport.blocks import Grid, GridRow
from govreport.numbers import is_blank, looks_numeric


def label_columns(grid: Grid) -> set[int]:
    """The grid columns that hold text, and no number, in the rows that hold a number."""
    text_columns: set[int] = set()
    number_columns: set[int] = set()
    for row in grid.rows:
        kinds = [(c.column, _kind(c.text)) for c in row.cells]
        if not any(k == "number" for _, k in kinds):
            continue
        for column, kind in kinds:
            if kind == "number":
                number_columns.add(column)
            elif kind == "text":
                text_columns.add(column)
    return text_columns - number_columns


def without_label_padding(grid: Grid) -> Grid:
    """``grid`` without the blank cells that stand in its label columns."""
    labels = label_columns(grid)
    if not labels:
        return grid
    rows = []
    for row in grid.rows:
        cells = tuple(c for c in row.cells if not (c.column in labels and is_blank(c.text)))
        rows.append(row if len(cells) == len(row.cells) else GridRow(cells, row.line))
    return Grid(tuple(rows), positioned=grid.positioned)


def _kind(text: str) -> str:
    if is_blank(text):
        return "blank"
    return "number" if looks_numeric(text) else "text"
