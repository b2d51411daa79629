"""The table engine: a template's tables read from a plugin's grids, row by row.

* label-only rows are headers: they tell the table, the columns' order, units and (in a
  positioned grid) grid extents, and the group context (a numbered group's label) for the rows below;
* a row's labels are matched to a template row (:mod:`govreport.labels`); its values are
  placed on the row's columns: by the grid column they stand under in a positioned grid
  (:mod:`govreport.engine.placement`), by their order otherwise; where more than one placement
  fits, the template's arithmetic (:mod:`govreport.template.rules`) decides once the table is
  read, and what it cannot decide is null with a diagnostic, never a guess.

What differs between tables is data in :mod:`govreport.template`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple, cast

import attrs

from .. import schema
from ..blocks import Grid, GridCell
from ..diagnostics import Diagnostic
from ..errors import CellValueError
from ..labels import LabelIndex, LabelMatch, label_key, split_enumerator
from ..model import CELL_SETTERS, SPANS, Cell, Span, Table, Value, make_cell
from ..numbers import parse_cell, unit_from_header
from ..recovery import recover
from ..schema import MONEY, ColumnSpec, RowSpec, TableSpec
from ..template import rules
from ..template.spec import COLUMNS_FROM_HEADER, COLUMNS_FROM_HEADER_GROUPS
from .memo import BoundedMemo, FunctionMemo
from .placement import (
    MAX_CANDIDATES,
    MAX_LOST_CELLS,
    Extent,
    Placement,
    count_placements,
    lost_cell_placements,
    overlaps,
    placements,
    row_edges,
)
from .rows import RowSplit, cell_is_blank, join_wrapped, split_row, trimmed, without_blank_ends


def _group_of(row_id: str) -> str | None:
    head = row_id.split(".")[0]
    return head if "." in row_id else None


class _Columns:
    """A row's columns in source order, each with the unit its header declares, and the keys
    of its cells, worked out once per row and header (rows repeat from report to report)."""

    __slots__ = ("counts", "keys", "specs", "width")

    def __init__(self, row_id: str, specs: Sequence[tuple[ColumnSpec, str | None]]) -> None:
        self.specs = tuple(specs)
        self.width = len(self.specs)
        self.keys = tuple((row_id, c.id) for c, _ in self.specs)  # the table state's cell keys
        # Per column: its id when a plain digit string is its value as it stands (not money)
        self.counts = tuple(c.id if c.kind != MONEY else None for c, _ in self.specs)


class _Matchers:
    """Label indexes of one template's tables (built once per template)."""

    def __init__(self, spec: schema.TemplateSpec) -> None:
        self.spec = spec
        self.rows: dict[str, LabelIndex[RowSpec]] = {}
        for table in spec.tables:
            self.rows[table.id] = LabelIndex(((r.path[-1], r) for r in table.rows), spec.label_variants)
        # A row's column labels are looked up only under a header that names them (table 二)
        # or in a positioned grid: each row's index is made the first time it is asked for.
        row_specs = {(t.id, r.id): r for t in spec.tables for r in t.rows}
        self.columns: FunctionMemo[tuple[str, str], LabelIndex[ColumnSpec]] = FunctionMemo(
            "each row's column labels (by table and row)", len(row_specs) + 1,
            lambda key: LabelIndex(((c.label, c) for c in row_specs[key].columns), spec.label_variants))
        self.resolved: BoundedMemo[tuple[str | None, ...], object] = BoundedMemo(
            "the template row each sequence of label texts names, by table and group", 50_000)
        # Each table's column labels, to tell a header row that names columns.
        self.table_columns: dict[str, LabelIndex[ColumnSpec]] = {
            t.id: LabelIndex(((c.label, c) for c in {c.id + c.label: c for r in t.rows for c in r.columns}.values()),
                             spec.label_variants)
            for t in spec.tables}
        self.plain_columns = {(t.id, r.id): _Columns(r.id, [(c, None) for c in r.columns])
                              for t in spec.tables for r in t.rows}
        # Labels naming a group of rows, by table (label key -> the group's id prefix, "" for none).
        self.groups = {t.id: dict(t.row_groups) for t in spec.tables}
        # Each table's row ids (a group label alone may name a row: a group not split in items).
        self.row_ids = {t.id: frozenset(r.id for r in t.rows) for t in spec.tables}
        # The tables to try for a row's labels, the current table first.
        ids = tuple(t.id for t in spec.tables)
        self.table_order: dict[str | None, tuple[str, ...]] = {
            current: ((current,) if current else ()) + tuple(t for t in ids if t != current)
            for current in (None, *ids)}
        self.header_words = {t.id: t.header_words for t in spec.tables}
        # Each table's columns: (band depth, place in the template's order). A header drawn as the
        # template draws it names the columns of one depth (outside the same bands) in the
        # template's order, in any reading order (row by row, or one stream of cells); the
        # columns of different depths stand in different rows (see TableSpec.column_bands).
        self.column_rank = {t.id: _column_ranks(t) for t in spec.tables}
        self.band_keys = {t.id: frozenset(map(label_key, t.column_bands)) for t in spec.tables}
        self.ordered_columns: BoundedMemo[tuple[str, ...], _Columns] = BoundedMemo(
            "each row's columns in each order a header gives them (by table, row and column ids)", 1024)
        self.header_votes: BoundedMemo[tuple[str, ...], dict[str, int]] = BoundedMemo(
            "how many labels of each header row (by its texts) name each table's header words", 4096)
        self.header_groups: BoundedMemo[tuple[str, ...], str] = BoundedMemo(
            "the group each header row's labels open last (by table and texts)", 4096)
        self.header_readings: BoundedMemo[tuple[str | None, ...], _HeaderReading] = BoundedMemo(
            "what each header row's labels tell (by the table read before it and the row's texts)", 4096)


_MATCHERS: BoundedMemo[str, _Matchers] = BoundedMemo("each template's label indexes", 16)
_PLAIN_COUNTS: BoundedMemo[str, int] = BoundedMemo(
    "the count each plain digit text (ASCII, under 19 digits) stands for", 100_000)
_TEXT = itemgetter(0)  # a GridCell's text
_NO_END = 1 << 30  # the last grid column of an extent that is not bounded
_NO_ROW = object()  # a cached answer: these labels name no row of the table
_NO_GROUP = "<no group>"  # a cached answer: these labels name no group of rows


def _matchers(template_id: str) -> _Matchers:
    spec = schema.template(template_id)
    found = _MATCHERS.get(template_id)
    # A template registered anew under an id (tests do) gets new indexes.
    return found if found is not None and found.spec is spec else _MATCHERS.keep(template_id, _Matchers(spec))


_HeaderPlan = tuple["_Columns", tuple[tuple[int, LabelMatch[ColumnSpec]], ...]]
_HEADER_PLANS: BoundedMemo[tuple[str, str, str, tuple[str, ...]], _HeaderPlan] = BoundedMemo(
    "the columns of each row under each header that names them (by template, table, row and header texts)", 4096)


def _header_plan(template_id: str, table_id: str, row_id: str, header: tuple[str, ...]) -> _HeaderPlan:
    """Row ``row_id`` of a table whose header names its columns, under a header of these
    (non-blank) texts: its columns, and the header labels read as variants (index, match).
    Reports repeat their headers."""
    key = (template_id, table_id, row_id, header)
    plan = _HEADER_PLANS.get(key)
    return plan if plan is not None else _HEADER_PLANS.keep(key, _work_out_header_plan(*key))


def _work_out_header_plan(template_id: str, table_id: str, row_id: str, header: tuple[str, ...]) -> _HeaderPlan:
    m = _matchers(template_id)
    spec, index = m.spec.table(table_id).row(row_id), m.columns[(table_id, row_id)]
    matched: list[tuple[ColumnSpec, str | None]] = []
    variants = []
    for n, text in enumerate(header):
        hits = index.lookup(text)
        if len(hits) != 1:
            matched = []
            break
        if hits[0].is_variant:
            variants.append((n, hits[0]))
        matched.append((hits[0].payload, unit_from_header(text)))
    if len(matched) != len(spec.columns) or {c.id for c, _ in matched} != {c.id for c in spec.columns}:
        matched = [(c, None) for c in spec.columns]
    return _Columns(row_id, matched), tuple(variants)


@attrs.frozen
class _HeaderReading:
    """What a header row's label texts tell, read once per table before it and texts (reports
    repeat their headers): the table the row belongs to (None: none), the group it opens (None:
    no group label; ``""``: a group label naming no group in particular), and the label cells
    that name columns: their positions for a table whose header names its columns (table 二),
    their column matches for one whose header names them group by group (table 四)."""

    table: str | None
    group: str | None = None
    header_cells: tuple[int, ...] = ()
    column_hits: tuple[tuple[int, LabelMatch[ColumnSpec]], ...] = ()
    # a table read in the template's column order (table 三): the columns the row names, in
    # its order, when two of them stand in the reverse of the template's order; () otherwise
    misordered: tuple[str, ...] = ()


@attrs.frozen
class _Pending:
    """A row (or table 四's three rows in one grid row) whose values fit its columns in
    several ways: the columns, the candidate placements, and where the row stands."""

    groups: tuple[tuple[RowSpec, _Columns], ...]
    candidates: tuple[Placement, ...]
    anchor: GridCell
    # The first candidate is the row as it stands, the others suppose a cell lost behind a
    # surplus blank: a text row doubted only because it breaks its own arithmetic beside a blank
    # end (see TableBuilder._order_candidates and _settle).
    as_it_stands_first: bool = False

    @property
    def keys(self) -> list[tuple[str, str]]:
        """The (row, column) of each of the row's cells, in placement order."""
        return [(spec.id, col.id) for spec, cols in self.groups for col, _ in cols.specs]

    @property
    def columns(self) -> list[tuple[ColumnSpec, str | None]]:
        """Each cell's column and the unit its header declares, in placement order."""
        return [spec for _, cols in self.groups for spec in cols.specs]


class _OrderCandidates(NamedTuple):
    """A row's placements by order, and whether the first is the row as it stands, the others
    a lost cell's (see :attr:`_Pending.as_it_stands_first`)."""

    placements: list[Placement]
    as_it_stands_first: bool
    # the one placement is a text row's as it stands beside a blank end, its own arithmetic
    # holding: a cell lost behind a surplus blank could still have shifted it (see _check_shifted)
    doubted_by_layout: bool = False


@attrs.define
class _TableState:
    spec: TableSpec
    cells: dict[tuple[str, str], Cell] = attrs.Factory(dict)
    found_rows: list[str] = attrs.Factory(list)
    conflicts: set[str] = attrs.Factory(set)
    unfit_rows: set[str] = attrs.Factory(set)
    # rows nulled because the template's arithmetic could not settle their placement (GR113),
    # and those rows with their candidates
    unsettled_rows: set[str] = attrs.Factory(set)
    unsettled: list[_Pending] = attrs.Factory(list)
    header: list[GridCell] = attrs.Factory(list)
    header_closed: bool = False
    review_header: list[str] = attrs.Factory(list)
    # cells placed by their order under a header whose groups name the columns in different
    # orders, or a header naming two columns in the reverse of the template's order
    # (TableBuilder._doubt_disordered): nulled once the table is read (GR119, GR134), by code
    disordered: dict[tuple[str, str], tuple[str, int]] = attrs.Factory(dict)
    # the columns a header row of a table read in the template's order named, in the source's
    # order, when that is not the template's ((): none did)
    misordered: tuple[str, ...] = ()
    # the columns the header's groups name in different places (TableBuilder._grouped_header_order)
    doubtful: frozenset[str] = frozenset()
    columns: dict[str, _Columns] = attrs.Factory(dict)  # each row's columns under the current header
    # Positioned grids: the header cells read since the table's last data row, and each row's
    # column extents under them (None: the header does not place every column).
    header_cells: list[GridCell] = attrs.Factory(list)
    header_cells_closed: bool = False
    # ... the right edge of those header rows and of the data rows read under them since: the
    # edge a row of this header must reach (one that stops before it lost cells)
    header_edge: int = 0
    pending: list[_Pending] = attrs.Factory(list)  # rows only the template's arithmetic can place
    # text rows with a blank end read as they stand, their own arithmetic holding: checked
    # against the column sums once the table is read (TableBuilder._check_shifted)
    doubted: list[_Pending] = attrs.Factory(list)
    extents: dict[str, tuple[Extent, ...] | None] = attrs.Factory(dict)
    group: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class TableBuilder:
    """Maps grids onto one template's three tables, collecting diagnostics."""

    def __init__(self, template_id: str) -> None:
        self.template_id = template_id
        self.m = _matchers(template_id)
        self.states = {t.id: _TableState(t) for t in self.m.spec.tables}
        self.diagnostics: list[Diagnostic] = []
        self._variants_seen: set[tuple[str, str]] = set()
        self._positioned = False  # the grid being read knows its geometry
        self._complete_rows = False  # ... or at least that its rows lose no cell (Grid.complete_rows)
        self._edges: tuple[int, ...] = ()  # a positioned grid's row edges (placement.row_edges)
        self._width = 0  # ... and the grid's width
        self._row_index = 0

    # -- public ------------------------------------------------------------------------------
    def add_grid(self, grid: Grid, hint: str | None, *, is_last_block: bool,
                 splits: list[RowSplit] | None = None) -> None:
        """Read one grid; ``hint`` is the table named by the heading above it, if any."""
        if grid.run_together:
            self._add_run_together(grid)
            return
        current = hint
        self._positioned = grid.positioned
        self._complete_rows = grid.complete_rows  # a row of the template's width lost no cell
        # Rows of a positioned grid that stop before an edge lost cells: see _lost_columns.
        self._edges = row_edges([r.cells for r in grid.rows]) if grid.positioned else ()
        self._width = max(self._edges, default=0)
        if splits is None:
            splits = [split_row(r) for r in grid.rows]
        i = 0
        while i < len(splits):
            self._row_index = i
            split = splits[i]
            consumed = 1
            found: tuple[str | None, Any] = (None, None)
            if split.labels and split.values:
                found = self._match_row(split.labels, current)
                # A row of blanks is a data row only when its labels stand together at its start
                # ("<row> | | | |"); "<group> | | | | | <group> | …" or "… | <column> | |" are headers.
                if found[1] is not None and not split.any_value \
                        and (len(split.values) < len(found[1][0].columns) or not split.contiguous):
                    found = (None, None)
            if found[0] is not None and found[1] is not None:
                current = found[0]
                consumed = self._data_row(found[0], found[1], split, splits, i, is_last_block)
            elif split.labels:
                current = self._header_row(split, current)
                if split.any_value:
                    self._unknown_row(split, current)
            elif current is not None:
                consumed = self._unlabelled_row(current, split, splits[i + 1] if i + 1 < len(splits) else None)
            i += consumed

    def tables(self) -> dict[str, Table | None]:
        """The tables read (None for a table with no row found) and their diagnostics."""
        out: dict[str, Table | None] = {}
        for table_id, st in self.states.items():
            if not st.found_rows and not st.unfit_rows:
                out[table_id] = None
                continue
            if st.pending:
                self._settle(st)
            if st.doubted:
                self._check_shifted(st)
            if st.disordered:
                self._null_disordered(st)
            found = st.cells
            cells = tuple(filter(None, map(found.get, _cell_order(st.spec))))  # template order
            span = Span(st.first_line, 1, st.last_line) if st.first_line else None
            out[table_id] = Table._indexed(table_id, self.template_id, cells, span, found)
            self._missing_rows(st)
        return out

    # -- rows --------------------------------------------------------------------------------
    def _header_votes(self, texts: tuple[str, ...]) -> dict[str, int]:
        """How many of a header row's labels (these texts) name each table's header words."""
        memo = self.m.header_votes
        votes = memo.get(texts)
        if votes is None:
            keys = [label_key(t) for t in texts]
            votes = memo.keep(texts, {t: sum(1 for k in keys if k in words or _strip_unit(k) in words)
                                      for t, words in self.m.header_words.items()})
        return votes

    def _group_named(self, table_id: str, texts: tuple[str, ...]) -> str | None:
        """The group the last group label among a header row's labels (these texts) opens
        (``""``: none in particular), or None when no label names a group of the table."""
        key = (table_id, *texts)
        found = self.m.header_groups.get(key)
        if found is None:
            groups = self.m.groups[table_id]
            named = [g for g in (groups.get(_strip_remark(label_key(t))) for t in texts) if g is not None]
            found = self.m.header_groups.keep(key, named[-1] if named else _NO_GROUP)
        return None if found is _NO_GROUP else found

    def _header_row(self, split: RowSplit, current: str | None) -> str | None:
        labels = split.labels
        key = (current, *map(_TEXT, labels))
        reading = self.m.header_readings.get(key)
        if reading is None:
            reading = self.m.header_readings.keep(key, self._read_header(current, key[1:]))
        current = reading.table
        if current is None:
            return None
        st = self.states[current]
        # A label-only row may also be a group label (a numbered group's label on its own line).
        if reading.group is not None:
            st.group = reading.group or None
        if self._positioned:
            self._header_geometry(st, labels, self._edges[self._row_index])
        if st.spec.column_order == COLUMNS_FROM_HEADER:
            # Consecutive header rows build one header (an export may split it over rows).
            if st.header_closed:
                st.header, st.header_closed = [], False
            st.header += [labels[n] for n in reading.header_cells]
            st.columns.clear()
        if reading.misordered:
            st.misordered = reading.misordered
        for n, hit in reading.column_hits:
            st.review_header.append(hit.payload.id)
            st.columns.clear()
            if hit.is_variant:
                self._variant(labels[n], hit, "column")
        return current

    def _read_header(self, current: str | None, texts: tuple[str, ...]) -> _HeaderReading:
        """What a header row of these label texts tells, read after table ``current``."""
        votes = self._header_votes(texts)
        best = max(votes, key=votes.__getitem__)
        if votes[best] and (current is None or votes[best] > votes.get(current, 0)):
            current = best
        if current is None:
            return _HeaderReading(None)
        spec = self.states[current].spec
        group = self._group_named(current, texts) if self.m.groups[current] else None
        if spec.column_order == COLUMNS_FROM_HEADER:
            ignored = spec.header_ignored
            kept = tuple(n for n, text in enumerate(texts) if not label_key(text).startswith(ignored))
            return _HeaderReading(current, group, header_cells=kept)
        if spec.column_order == COLUMNS_FROM_HEADER_GROUPS:
            index = self.m.table_columns[current]
            hits = tuple((n, found[0]) for n, found in ((n, index.lookup(text)) for n, text in enumerate(texts)) if found)
            return _HeaderReading(current, group, column_hits=hits)
        # Values are placed in the template's column order: a header row naming two columns
        # the other way round ('total' before 'natural person') says the source's order is another.
        index, rank = self.m.table_columns[current], self.m.column_rank[current]
        named = [found[0].payload.id for found in map(index.lookup, texts) if len(found) == 1]
        ranks = [rank[c] for c in named if c in rank]
        # A row with no band title among its labels is a header of one row (or one row of
        # the template's drawing, whose columns are of one depth): its whole order counts.
        flat = not any(label_key(t) in self.m.band_keys[current] for t in texts)
        if any((flat or a[0] == b[0]) and a[1] > b[1] for n, a in enumerate(ranks) for b in ranks[n + 1:]):
            return _HeaderReading(current, group, misordered=tuple(named))
        return _HeaderReading(current, group)

    def _match_row(self, labels: list[GridCell], current: str | None
                   ) -> tuple[str | None, tuple[RowSpec, LabelMatch[RowSpec], GridCell] | None]:
        for table_id in self.m.table_order[current]:
            found = self._resolve(table_id, labels)
            if found is not None:
                return table_id, found
        return None, None

    def _resolve(self, table_id: str, labels: list[GridCell]
                 ) -> tuple[RowSpec, LabelMatch[RowSpec], GridCell] | None:
        st = self.states[table_id]
        # The answer depends only on the label texts and the group context: reports repeat
        # both, so it is worked out once per template and kept.
        key = (table_id, st.group, *map(_TEXT, labels))
        resolved = self.m.resolved.get(key)
        if resolved is None:
            resolved = self.m.resolved.keep(key, self._resolve_texts(table_id, st.group, list(key[2:])))
        if resolved is _NO_ROW:
            return None
        hit, leaf, group = cast("tuple[LabelMatch[RowSpec], int, str | None]", resolved)
        if self.m.groups[table_id]:
            st.group = group
        return hit.payload, hit, labels[leaf]

    def _resolve_texts(self, table_id: str, group: str | None, labels: list[str]
                       ) -> tuple[LabelMatch[RowSpec], int, str | None] | object:
        """``(match, index of the leaf label, group context after the row)`` or _NO_ROW."""
        groups = self.m.groups[table_id]
        leaf: int | None = None
        for n, text in enumerate(labels):
            g = groups.get(_strip_remark(label_key(text))) if groups else None
            if g is not None:
                group = g or None
                continue
            leaf = n
        if leaf is None:
            # A group label alone that names a row of its own (a group not split in items).
            last = groups.get(_strip_remark(label_key(labels[-1])))
            if last in self.m.row_ids[table_id]:
                spec = self.states[table_id].spec.row(last)
                return LabelMatch(spec, spec.path[-1], "exact"), len(labels) - 1, group
            return _NO_ROW
        hits = self.m.rows[table_id].lookup(labels[leaf])
        if not hits:
            return _NO_ROW
        if len(hits) > 1:
            in_group = [h for h in hits if _group_of(h.payload.id) == group]
            hits = in_group or hits
            if len(hits) > 1:
                return _NO_ROW
        hit = hits[0]
        row_group = _group_of(hit.payload.id)
        if row_group is not None and group is not None and row_group != group:
            # An item numbered like another group's item (a 3. under a group of two): do not guess.
            enum, _ = split_enumerator(labels[leaf])
            if hit.how != "exact" or enum is None:
                return _NO_ROW
        return hit, leaf, (row_group if row_group else group)

    def _unknown_row(self, split: RowSplit, current: str | None) -> None:
        label = " ".join(c.text for c in split.labels)
        first = split.labels[0]
        self.diagnostics.append(Diagnostic(
            "GR102", f"row label {label!r} matches no template row"
                     + (f" of table {current}" if current else "") + "; its values were not used",
            line=first.line, column=first.column))

    def _data_row(self, table_id: str, found: tuple[RowSpec, LabelMatch[RowSpec], GridCell],
                  split: RowSplit, splits: list[RowSplit], i: int, is_last_block: bool) -> int:
        spec, hit, leaf = found
        if hit.is_variant:
            self._variant(leaf, hit, "row")
        st = self.states[table_id]
        st.header_closed = True
        columns = self._columns_for(st, spec)
        values = split.values
        consumed = 1
        if self._positioned:
            extents = self._extents(st, spec, columns)
            if extents is not None:
                lost = self._lost_columns(st, extents)
                if not lost:
                    self._place_by_geometry(st, [(spec, columns)], extents, values, leaf)
                    return consumed
                values = _under_columns(values, extents)  # by order, without the cells beside the columns
                if i + 1 >= len(splits) or join_wrapped(values, splits[i + 1], columns.width) is None:
                    if st.doubtful or st.misordered:
                        self._doubt_disordered(st, (spec,), leaf)
                    self._place_lost(st, [(spec, columns)], values, leaf, lost)
                    return consumed
        if st.doubtful or st.misordered:
            self._doubt_disordered(st, (spec,), leaf)
        if len(values) == columns.width and not split.blank_ends and not self._grid_short():  # the usual row
            self._record(st, spec, columns, values, leaf)
            return consumed
        # A wrapped row: a short row completed by the label-less row below it.
        if len(trimmed(values)) < columns.width and i + 1 < len(splits):
            joined = join_wrapped(values, splits[i + 1], columns.width)
            if joined is not None:
                values, consumed = joined, 2
        self._place(st, spec, columns, values, leaf, truncated=is_last_block and i + consumed >= len(splits))
        return consumed

    def _unlabelled_row(self, table_id: str, split: RowSplit, following: RowSplit | None) -> int:
        st = self.states[table_id]
        consumed = 1
        if not st.spec.rows_side_by_side:
            if split.any_value:
                v = split.values[0]
                self.diagnostics.append(Diagnostic(
                    "GR106", f"a row of values without a label in table {table_id}; its values were not used",
                    line=v.line, column=v.column))
            return 1
        width = sum(len(r.columns) for r in st.spec.rows)
        values = split.values
        if not split.any_value and all(r.id in st.found_rows for r in st.spec.rows):
            return 1  # a row of blanks under a table already read (a page's empty last row)
        if self._positioned:
            groups = [(r, self._columns_for(st, r)) for r in st.spec.rows]
            row_extents = [self._extents(st, r, cols) for r, cols in groups]
            if all(e is not None for e in row_extents):
                extents = tuple(e for row in row_extents for e in row)  # type: ignore[union-attr]
                lost = self._lost_columns(st, extents)
                anchor = values[0] if values else None
                if not lost:
                    self._place_by_geometry(st, groups, extents, values, anchor)
                    return 1
                values = _under_columns(values, extents)
                if following is None or join_wrapped(values, following, width) is None:
                    if st.doubtful or st.misordered:
                        self._doubt_disordered(st, st.spec.rows, anchor)
                    self._place_lost(st, groups, values, anchor, lost)
                    return 1
        if len(trimmed(values)) < width and following is not None:
            joined = join_wrapped(values, following, width)
            if joined is not None:
                values, consumed = joined, 2
        groups = [(r, self._columns_for(st, r)) for r in st.spec.rows]
        if st.doubtful or st.misordered:
            self._doubt_disordered(st, st.spec.rows, values[0] if values else None)
        candidates, as_it_stands_first, doubted = self._order_candidates(st, groups, values, truncated=False)
        if not candidates:
            if split.any_value:
                v = split.values[0]
                self.diagnostics.append(Diagnostic(
                    "GR106", f"table {table_id}: a row of {len(split.values)} cells without labels does not fit the "
                             f"{width} cells of the template; its values were not used",
                    line=v.line, column=v.column))
            return 1
        self._place_candidates(st, groups, candidates, values[0], as_it_stands_first=as_it_stands_first,
                               doubted_by_layout=doubted)
        return consumed

    # -- columns -----------------------------------------------------------------------------
    def _columns_for(self, st: _TableState, spec: RowSpec) -> _Columns:
        """The row's columns in source order with the unit its header declares."""
        cols = st.columns.get(spec.id)
        if cols is not None:
            return cols
        order = st.spec.column_order
        if order == COLUMNS_FROM_HEADER and st.header:
            cols = self._header_columns(st, spec)
        elif order == COLUMNS_FROM_HEADER_GROUPS:
            key = (st.spec.id, spec.id, *self._grouped_header_order(st, spec))
            cols = self.m.ordered_columns.get(key) or self.m.ordered_columns.keep(
                key, _Columns(spec.id, [(spec.column(cid), None) for cid in key[2:]]))
        else:
            cols = self.m.plain_columns[(st.spec.id, spec.id)]
        st.columns[spec.id] = cols
        return cols

    def _header_columns(self, st: _TableState, spec: RowSpec) -> _Columns:
        """The row's columns in the order (and with the units) the header gives, when the
        header names exactly the row's columns; the template's order otherwise."""
        header = [h for h in st.header if not cell_is_blank(h.text)]
        cols, variants = _header_plan(self.template_id, st.spec.id, spec.id, tuple(h.text for h in header))
        for n, hit in variants:
            self._variant(header[n], hit, "column")
        return cols

    def _grouped_header_order(self, st: _TableState, spec: RowSpec) -> list[str]:
        default = [c.id for c in spec.columns]
        # The header names the row's columns once per group of rows: its order is read only
        # from complete groups. A header with a label lost or unreadable would otherwise lend
        # the next group's first label to this one and shift every value.
        groups = _header_groups(st.review_header, default)
        st.doubtful = frozenset()
        if not groups:
            return default
        if all(g == groups[0] for g in groups):
            return groups[0]
        st.doubtful = frozenset(c for position in zip(*groups) if len(set(position)) > 1 for c in position)
        # The groups name the columns in different orders. Which group is which row's is the
        # layout's geometry to say, not the order the header's rows list them in: a position
        # where every group names the same column is that column; the others are taken in the
        # template's order and their cells nulled if placed by order (_doubt_disordered).
        agreed = [g[0] if len(set(g)) == 1 else None for g in zip(*groups)]
        rest = iter([c for c in default if c not in agreed])
        return [c if c is not None else next(rest) for c in agreed]

    def _doubt_disordered(self, st: _TableState, specs: Sequence[RowSpec], anchor: GridCell | None) -> None:
        """Note the cells of ``specs`` that a header naming its groups' columns in different
        orders (table 四's 'corrected' before 'upheld' in one group only) leaves uncertain when the
        rows are placed by their order: the columns at the positions where the groups disagree."""
        line = anchor.line if anchor is not None else 0
        if st.misordered:  # a header that puts the columns in another order: every cell is in doubt
            for spec in specs:
                for col in spec.columns:
                    st.disordered.setdefault((spec.id, col.id), ("GR134", line))
        doubtful = st.doubtful  # (worked out with the rows' columns, before any is placed)
        for spec in specs:
            for col in spec.columns:
                if col.id in doubtful:
                    st.disordered.setdefault((spec.id, col.id), ("GR119", line))

    def _null_disordered(self, st: _TableState) -> None:
        """Null the cells :meth:`_doubt_disordered` noted, with one diagnostic per code (GR119, GR134)."""
        width = len(st.spec.rows[0].columns)
        found = st.review_header
        why = {
            "GR119": "its header names the columns of its groups of rows in different orders ("
                     + " / ".join(", ".join(found[n:n + width]) for n in range(0, len(found), width))
                     + ") and the values were placed by their order, so the columns the groups disagree on "
                       "cannot be told apart",
            "GR134": f"its header names the columns in another order than the template's ({', '.join(st.misordered)}) "
                     "and a text layout gives no column a value stands under: which value is which column's "
                     "cannot be told from the order",
        }
        for code, reason in why.items():
            keys = [k for k in _cell_order(st.spec) if st.disordered.get(k, ("",))[0] == code and k in st.cells]
            if not keys:
                continue
            for key in keys:
                st.cells[key] = attrs.evolve(st.cells[key], value=None)
            self.diagnostics.append(Diagnostic(
                code, f"table {st.spec.id}: {reason}; their cells are null",
                cells=[f"{st.spec.id}.{r}.{c}" for r, c in keys], values=[None] * len(keys),
                line=min(st.disordered[k][1] for k in keys) or None))

    def _add_run_together(self, grid: Grid) -> None:
        """A flattened scrape's grid: [`recover`][govreport.recovery.recover] splits its digit
        runs by the template's arithmetic; the rows it gives back have one cell per column (in
        the template's order), so they are recorded as they stand."""
        found = recover(grid, self.m.spec)
        self.diagnostics.extend(found.diagnostics)
        for row in found.rows:
            st = self.states[row.table]
            self._record(st, st.spec.row(row.row), self.m.plain_columns[(row.table, row.row)], list(row.cells),
                         row.anchor)

    # -- cells -------------------------------------------------------------------------------
    def _place(self, st: _TableState, spec: RowSpec, cols: _Columns, values: list[GridCell],
               anchor: GridCell, *, truncated: bool) -> None:
        """Place a row's values by their order: as they stand when they fit, by the template's
        arithmetic when they fit in several ways (settled once the table is read)."""
        if len(values) == cols.width and not self._grid_short() and (
                self._positioned or self._complete_rows
                or not (cell_is_blank(values[0].text) or cell_is_blank(values[-1].text))):  # the usual case
            self._record(st, spec, cols, values, anchor)
            return
        candidates, as_it_stands_first, doubted = self._order_candidates(st, [(spec, cols)], values,
                                                                         truncated=truncated)
        if candidates:
            self._place_candidates(st, [(spec, cols)], candidates, anchor, as_it_stands_first=as_it_stands_first,
                                   doubted_by_layout=doubted)
            return
        specs = cols.specs
        fitted: Sequence[GridCell | None]
        kept = trimmed(values)
        if truncated and len(kept) < cols.width:
            fitted = kept
            missing = [f"{st.spec.id}.{spec.id}.{c.id}" for c, _ in specs[len(kept):]]
            self.diagnostics.append(Diagnostic(
                "GR109", f"table {st.spec.id} is cut off in row {spec.id}: {len(missing)} cell(s) not read",
                cells=missing, line=anchor.line, column=anchor.column))
        else:
            self.diagnostics.append(Diagnostic(
                "GR106", f"row {spec.id} of table {st.spec.id} has {len(kept)} value cells, the template "
                         f"has {cols.width}; its values were not used",
                cells=[f"{st.spec.id}.{spec.id}.{c.id}" for c, _ in specs], line=anchor.line,
                column=anchor.column))
            st.unfit_rows.add(spec.id)  # reported here; a later row that fits may still fill it
            return
        self._record(st, spec, cols, fitted, anchor)

    def _order_candidates(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]],
                          values: list[GridCell], *, truncated: bool) -> _OrderCandidates:
        """The placements of ``values`` on the columns of ``groups`` by their order.

        Besides :func:`count_placements`: a row of a positioned grid that stops short of the
        table's right edge has lost a cell: the placements of the values without their blank
        ends, one cell lost anywhere, are candidates too. So may a text row whose values break
        their own row's arithmetic beside a blank end (a flattened merged cell's surplus blank
        standing where a value was): its candidates are the row as it stands and every way of
        dropping one blank of either end with one cell lost anywhere (however many blanks
        each end has, and at both ends: the true placement is among them).
        """
        width = sum(cols.width for _, cols in groups)
        candidates = count_placements(values, width, cell_is_blank, lost_cell=not truncated)
        if truncated or not values:
            return _OrderCandidates(candidates, False)
        if self._grid_short():
            return _OrderCandidates(candidates + self._new(candidates, without_blank_ends(values, width)), False)
        if not self._complete_rows and len(candidates) == 1 and len(values) == width \
                and (cell_is_blank(values[0].text) or cell_is_blank(values[-1].text)):
            if not self._breaks_own_rules(st, groups, candidates[0]):
                return _OrderCandidates(candidates, False, doubted_by_layout=True)
            lost = lost_cell_placements(values, width, cell_is_blank, max_lost=1) or []
            return _OrderCandidates(candidates + self._new(candidates, lost), True)
        return _OrderCandidates(candidates, False)

    @staticmethod
    def _new(known: Sequence[Placement], more: Sequence[Placement]) -> list[Placement]:
        """The placements of ``more`` that give other texts than every one of ``known``."""
        seen = {tuple(None if c is None else c.text for c in p) for p in known}
        return [p for p in more if tuple(None if c is None else c.text for c in p) not in seen]

    def _place_candidates(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]],
                          candidates: Sequence[Placement], anchor: GridCell, *,
                          as_it_stands_first: bool = False, doubted_by_layout: bool = False) -> None:
        """Record the one placement, or keep several for :meth:`_settle` to decide by the
        template's arithmetic once the whole table is read."""
        if len(candidates) == 1:
            if doubted_by_layout:
                st.doubted.append(_Pending(tuple(groups), tuple(candidates), anchor))
            start = 0
            for spec, cols in groups:
                self._record(st, spec, cols, candidates[0][start:start + cols.width], anchor)
                start += cols.width
            return
        st.pending.append(_Pending(tuple(groups), tuple(candidates), anchor, as_it_stands_first))
        for spec, _ in groups:
            self._mark_found(st, spec, anchor)

    def _settle(self, st: _TableState) -> None:
        """Decide each row placed in several ways by the rules of the template that touch it:
        the one placement they all confirm is used (GR114); when several are confirmed and give
        every cell the same value, those values (GR114); otherwise (none confirmed, or several
        that differ) the whole row is null, with a GR113 that names the candidates."""
        split = _prints_replaced_rows(st)
        table_rules = rules.table_rules(self.template_id, st.spec.id, split)
        read_as_they_stand: list[tuple[_Pending, list[rules.SumRule]]] = []
        for pending in st.pending:
            keys = pending.keys
            key_set = set(keys)
            touching = [r for r in table_rules if not key_set.isdisjoint(r.refs)]
            confirmed: list[list[Cell]] = []
            used: set[str] = set()
            holds = 0  # candidates under which every rule holds (blanks counted as 0)
            explained = 0  # candidates supposing a lost cell whose value some count would make them hold
            as_it_stands: list[Cell] | None = None  # the row as it stands, when no rule refutes it
            for n, candidate in enumerate(pending.candidates):
                cells = self._tentative(st, pending, candidate)
                tentative = {**st.cells, **dict(zip(keys, cells))}
                checked = [r for r in touching if rules.checkable(r, tentative)]
                failing = [r for r in checked if rules.check(r, tentative) is not None]
                holds += not failing
                if pending.as_it_stands_first and n:
                    explained += _a_lost_value_fits(touching, tentative,
                                                    [k for k, c in zip(keys, candidate) if c is None])
                # A rule that fails only through a blank cell (counted as 0) does not rule the
                # placement out: a source's own blank, an unfilled total, must not refute the
                # true placement and leave a shifted one that adds up by chance. Such
                # placements take part in the agreement below, so they can only null cells.
                if not any(all(tentative[k].value is not None for k in r.refs) for r in failing):
                    confirmed.append(cells)
                    used.update(r.code for r in checked if r not in failing)
                    if n == 0 and pending.as_it_stands_first:
                        as_it_stands = cells
            if not holds and not explained and as_it_stands is not None:
                # A text row doubted only by its own arithmetic beside a blank end: no cell lost
                # behind a surplus blank would make it add up either (no one value of the lost
                # cell closes the rules through it), so the doubt is the source's: it leaves cells
                # blank that its totals count. Lost-cell candidates explain nothing; the row is
                # read as it stands. (A damaged row of a source whose arithmetic holds always has
                # its true placement among the candidates, and that one is explained.) Decided
                # once every row is settled: see _confirm_as_they_stand.
                self._record_placement(st, pending, pending.candidates[0])
                read_as_they_stand.append((pending, touching))
                continue
            if not holds:
                confirmed = []  # no placement is confirmed by the arithmetic: the row is null
            shown = "; ".join(self._shown(keys, c) for c in pending.candidates[:6]) \
                + ("; …" if len(pending.candidates) > 6 else "")
            where = pending.anchor
            names = [f"{st.spec.id}.{r}.{c}" for r, c in keys]
            if len(confirmed) == 1:
                chosen: Sequence[GridCell | None] = pending.candidates[
                    next(n for n, c in enumerate(pending.candidates)
                         if self._tentative(st, pending, c) == confirmed[0])]
                self.diagnostics.append(Diagnostic(
                    "GR114", f"table {st.spec.id}: the row at line {where.line} fits its columns in "
                             f"{len(pending.candidates)} ways ({shown}); only {self._shown(keys, chosen)} satisfies "
                             f"the template's arithmetic ({', '.join(sorted(used))})",
                    cells=names, line=where.line, column=where.column))
            else:
                why = ("none of them satisfies the template's arithmetic" if not confirmed else
                       f"{len(confirmed)} of them satisfy the template's arithmetic")
                if confirmed and all(all(c.value == in_slot[0].value for c in in_slot) for in_slot in zip(*confirmed)):
                    # Every placement that adds up gives every cell the same value: the values
                    # are certain, whichever source cell each came from.
                    self.diagnostics.append(Diagnostic(
                        "GR114", f"table {st.spec.id}: the row at line {where.line} fits its columns in "
                                 f"{len(pending.candidates)} ways ({shown}); {why} and agree on every cell",
                        cells=names, line=where.line, column=where.column))
                    chosen = [self._agreed_cell(pending, confirmed, n) for n in range(len(keys))]
                else:
                    # No placement, or more than one that disagree: the whole row is null (a cell
                    # two placements happen to agree on is still a guess about the row).
                    self.diagnostics.append(Diagnostic(
                        "GR113", f"table {st.spec.id}: the row at line {where.line} fits its columns in "
                                 f"{len(pending.candidates)} ways ({shown}); {why}: the row's {len(names)} "
                                 "cells are null", cells=names, line=where.line, column=where.column))
                    chosen = [None] * len(keys)
                    st.unsettled_rows.update(spec.id for spec, _ in pending.groups)
                    st.unsettled.append(pending)
            self._record_placement(st, pending, chosen)
        self._confirm_as_they_stand(st, read_as_they_stand)
        st.pending.clear()

    def _confirm_as_they_stand(self, st: _TableState,
                               read_as_they_stand: Sequence[tuple[_Pending, list[rules.SumRule]]]) -> None:
        """Keep each text row read as it stands though it breaks its own arithmetic (GR116) when
        the rules that found no lost cell to explain it are all over rows that were read. When
        one of them runs through a row whose cells could not be read (refused, or unsettled:
        the source is damaged there), the failure to explain proves nothing: a damaged row's
        true placement is explained only by sums whose other cells are right. The row is then
        null (GR113)."""
        unread = st.unfit_rows | st.unsettled_rows | st.conflicts
        for pending, touching in read_as_they_stand:
            keys = pending.keys
            names = [f"{st.spec.id}.{r}.{c}" for r, c in keys]
            own = {spec.id for spec, _ in pending.groups}
            through = sorted({row for r in touching for row, _ in r.refs if row in unread and row not in own})
            where = pending.anchor
            if not through:
                self.diagnostics.append(Diagnostic(
                    "GR116", f"table {st.spec.id}: the row at line {where.line} breaks its own arithmetic beside "
                             "a blank end cell, but no placement with a cell lost behind a surplus blank satisfies "
                             f"it either ({len(pending.candidates) - 1} tried): it is read as it stands",
                    cells=names, line=where.line, column=where.column))
                continue
            self.diagnostics.append(Diagnostic(
                "GR113", f"table {st.spec.id}: the row at line {where.line} breaks its own arithmetic beside a "
                         f"blank end cell, and the rules that would tell a cell lost behind a surplus blank run "
                         f"through rows that could not be read ({', '.join(through[:4])}): the row's "
                         f"{len(names)} cells are null", cells=names, line=where.line, column=where.column))
            st.unsettled_rows.update(own)
            st.unsettled.append(pending)
            self._record_placement(st, pending, [None] * len(keys))

    def _record_placement(self, st: _TableState, pending: _Pending, chosen: Sequence[GridCell | None]) -> None:
        """Record the cells ``chosen`` for a settled row, each of its rows' share in turn."""
        start = 0
        for spec, cols in pending.groups:
            self._record(st, spec, cols, chosen[start:start + cols.width], pending.anchor, settled=True)
            start += cols.width

    def _check_shifted(self, st: _TableState) -> None:
        """Null each text row read as it stands beside a blank end (its own arithmetic holding)
        that a cell lost behind a surplus blank would explain: the rules through it that fail
        (the column sums: a row total can hold by chance on a shifted row) all hold, a lost value
        closing the ones through it, when its values stand as one such placement has them.
        Never a pick by the column sums: reports have arithmetic errors of their own, so the row
        is null (GR117), not moved."""
        table_rules = rules.table_rules(self.template_id, st.spec.id, _prints_replaced_rows(st))
        found = st.cells
        if all(len({row for row, _ in r.refs}) == 1 for r in table_rules):
            # no rule across rows: only its own rules tell, of a cell lost behind a blank padding
            # the row's end (see _null_unsettled)
            self._null_unsettled(st, table_rules, st.doubted, padded_only=True)
            st.doubted.clear()
            return
        shifted: list[_Pending] = []
        unjudged: list[_Pending] = []  # rows the failing sums cannot judge: they need cells not read
        unexplained: list[_Pending] = []  # rows the failing sums doubt that no lost cell of theirs explains
        unread = st.unfit_rows | st.conflicts  # rows with no candidates: sums through them judge nothing
        for doubted in st.doubted:
            keys = doubted.keys
            as_it_stands = doubted.candidates[0]
            if _read_otherwise(st, doubted):
                continue
            key_set = set(keys)
            touching = [r for r in table_rules if not key_set.isdisjoint(r.refs)]
            # (its own rules hold: only a rule over other rows' cells too can fail)
            failing = [r for r in touching if not key_set.issuperset(r.refs) and rules.check(r, found) is not None]
            if not failing:
                continue
            values = [c for c in as_it_stands if c is not None]
            for candidate in lost_cell_placements(values, len(keys), cell_is_blank, max_lost=1) or []:
                lost = [k for k, c in zip(keys, candidate) if c is None]
                tentative = {**found, **dict(zip(keys, self._tentative(st, doubted, candidate)))}
                if lost and _a_lost_value_fits(touching, tentative, lost):
                    codes = ", ".join(sorted({r.code for r in failing}))
                    self._report_shifted(st, doubted, f"the rules through it fail ({codes}) and all hold with a "
                                                      f"cell lost behind a surplus blank {self._shown(keys, candidate)}")
                    shifted.append(doubted)
                    break
            else:
                if any(row in unread for r in failing for row, _ in r.refs):
                    # The sums that fail through the row also run through a row whose cells could
                    # not be read (refused, or read twice: the source is damaged there): they can
                    # neither confirm the row as it stands nor explain a lost cell.
                    unjudged.append(doubted)
                else:
                    unexplained.append(doubted)
        together, unconfirmed = self._shifted_together(st, table_rules, unexplained)
        shifted += together
        unjudged += unconfirmed
        # (each row is judged on the table as read: nulling one first would change the sums that
        # judge the next, and a shifted row after it could pass)
        for doubted in shifted:
            self._record_placement(st, doubted, [None] * len(doubted.candidates[0]))
        self._null_unsettled(st, table_rules, unjudged)
        st.doubted.clear()

    def _report_shifted(self, st: _TableState, doubted: _Pending, why: str) -> None:
        """Say (GR117) that the doubted row ``doubted``, which adds up as it stands, is taken
        for a shifted one, for the reason ``why``: its cells are to be null."""
        keys, where = doubted.keys, doubted.anchor
        self.diagnostics.append(Diagnostic(
            "GR117", f"table {st.spec.id}: the row at line {where.line} has a blank end cell and adds up as it "
                     f"stands {self._shown(keys, doubted.candidates[0])}, but {why}: the row's {len(keys)} cells "
                     "are null", cells=[f"{st.spec.id}.{r}.{c}" for r, c in keys], line=where.line,
            column=where.column))

    def _shifted_together(self, st: _TableState, table_rules: Sequence[rules.SumRule],
                          doubted_rows: Sequence[_Pending]) -> tuple[list[_Pending], list[_Pending]]:
        """Judge the rows of ``doubted_rows`` (text rows read as they stand beside a blank end,
        their own rules holding, the sums through them failing, no lost cell of their own
        explaining it) together with the table's unsettled rows (nulled by GR113, whose true
        placement is one of their candidates).

        Every rule across rows holding is the test. A doubted row is shifted (GR117; returned
        first, to be null) when it holds with a cell lost behind a surplus blank in it (its value
        the one its row's own rules set) and in one other doubted row, or in it alone once the
        unsettled rows take candidates of theirs. When the unsettled rows have candidates that
        make it hold with every doubted row as it stands, those rows are confirmed; when they
        have none, the doubted rows whose failing rules run through an unsettled row cannot be
        judged (returned second: null where their readings disagree, GR118). A report whose own
        sums are wrong, nothing unsettled, keeps its rows as they stand.

        Each placement changes each rule's difference of sides by a fixed amount; rows explain
        the sums together when their changes cancel the table's differences exactly, which one
        look-up per placement finds (no pair is tried)."""
        if not doubted_rows:
            return [], []
        found = st.cells
        across = [r for r in table_rules if len({row for row, _ in r.refs}) > 1
                  and not r.at_most and r.blanks_count_as_zero]
        values: dict[tuple[str, str], Value] = {k: c.value for k, c in found.items()}
        gap = tuple(_sum_of(values, r.left, ("", "")) - _sum_of(values, r.right, ("", "")) for r in across)
        zero = tuple(0 for _ in across)

        def change(row: Mapping[tuple[str, str], Value]) -> tuple[int | Decimal, ...]:
            """How the values of ``row`` (a placement of one row's cells) change each rule's
            difference of sides from the table as read."""
            return tuple(sum((_number(row[k]) - _number(values[k]) for k in r.left if k in row), 0)
                         - sum((_number(row[k]) - _number(values[k]) for k in r.right if k in row), 0)
                         for r in across)

        # The unsettled rows' candidates, summed over every choice (a few rows of a few each).
        bases: set[tuple[int | Decimal, ...]] = {zero}
        for pending in st.unsettled:
            options = {change(row) for row in (_placement_values(table_rules, pending, c) for c in pending.candidates)
                       if row}
            bases = {tuple(a + b for a, b in zip(base, o)) for base in bases for o in options}
            if len(bases) > MAX_CANDIDATES:
                return [], list(doubted_rows)  # too many to judge by
        placed: list[list[tuple[tuple[int | Decimal, ...], Placement]]] = []
        by_change: dict[tuple[int | Decimal, ...], set[int]] = {}
        for n, doubted in enumerate(doubted_rows):
            keys = doubted.keys
            stood = [c for c in doubted.candidates[0] if c is not None]
            mine: list[tuple[tuple[int | Decimal, ...], Placement]] = []
            for candidate in lost_cell_placements(stood, len(keys), cell_is_blank, max_lost=1) or []:
                row = _placement_values(table_rules, doubted, candidate) if None in candidate else None
                if row is None or any(row[k] is None for k, c in zip(keys, candidate) if c is None):
                    continue  # the row as it stands; one its own rules rule out or whose lost value nothing sets
                moved = change(row)
                mine.append((moved, candidate))
                by_change.setdefault(moved, set()).add(n)
            placed.append(mine)
        # (a placement that changes no sum gives the row's values as they stand: every column
        # of a table with rules across rows is in one)
        as_they_stand = any(all(g + b == 0 for g, b in zip(gap, base)) for base in bases)
        shifted: dict[int, tuple[Placement, str]] = {}
        for n, mine in enumerate(placed):
            for moved, candidate in mine:
                if moved == zero:
                    continue
                for base in bases:
                    wanted = tuple(-g - b - m for g, b, m in zip(gap, base, moved))
                    if wanted == zero and base != zero:
                        shifted.setdefault(n, (candidate, "once the rows that could not be settled take "
                                                          "placements of theirs"))
                    other = next((m for m in sorted(by_change.get(wanted, ())) if m != n), None)
                    if other is not None:
                        shifted.setdefault(n, (candidate, f"and in the row at line {doubted_rows[other].anchor.line}"))
        if as_they_stand:
            # The rows as they stand satisfy every rule too (once the unsettled rows take their
            # true placements): a row that also fits shifted is unsure, not shifted.
            unsure = [doubted_rows[n] for n in sorted(shifted)]
            return [], unsure
        for n, (candidate, also) in sorted(shifted.items()):
            doubted = doubted_rows[n]
            self._report_shifted(st, doubted, "the rules across rows fail through it and all hold with a cell lost "
                                              f"behind a surplus blank in it {self._shown(doubted.keys, candidate)} {also}")
        unconfirmed = [] if not st.unsettled else [
            d for n, d in enumerate(doubted_rows) if n not in shifted
            and any(row in st.unsettled_rows for r in across if not set(r.refs).isdisjoint(
                (spec.id, col.id) for spec, cols in d.groups for col, _ in cols.specs) for row, _ in r.refs)]
        return [doubted_rows[n] for n in sorted(shifted)], unconfirmed

    def _null_unsettled(self, st: _TableState, table_rules: Sequence[rules.SumRule],
                        doubted_rows: Sequence[_Pending], *, padded_only: bool = False) -> None:
        """Null the cells of each text row of ``doubted_rows`` (read as it stands beside a blank
        end, its own rules holding) on which its readings disagree: the rows of a table with no
        rule across rows (the national tables 二 and 四), and those whose rules across rows fail
        through cells that could not be read (see :meth:`_check_shifted`).

        Such a row may as well have lost a cell behind a surplus blank (a flattened merged cell),
        and no column sum can tell: every placement with one blank end cell dropped and one cell
        lost that the row's own rules allow (see :func:`_lost_value`; a row without rules allows
        them all) is a reading beside the row as it stands. A cell keeps its value only when every
        reading gives it that value (a lost cell has the value its rules set, or none); the others
        are null, with a GR118 that names the readings. A row whose readings agree on every value
        (blanks and zeros that move among themselves) is kept as it is, without a word.

        With ``padded_only`` (a table without rules across rows) the surplus blank is looked for
        at the row's end alone: where an export lost a cell and kept the row's width, it padded
        the row at its end (a rectangular export); a flattened label rowspan puts its blank
        before the labels, not among the values. A blank first value with nothing to judge it is
        the source's own blank (a figure left unfilled, the common case), and doubting it would
        null the values after every such cell."""
        found = st.cells
        for doubted in doubted_rows:
            keys = doubted.keys
            as_it_stands = doubted.candidates[0]
            if _read_otherwise(st, doubted):
                continue
            key_set = set(keys)
            own = [r for r in table_rules if key_set.issuperset(r.refs)]
            stood: list[object] = [found[k].value for k in keys]
            texts = [None if c is None else c.text for c in as_it_stands]
            # Most readings change no value, and are passed over before any is parsed: those that
            # move only blank or zero texts into cells blank as they stand (which no reading can
            # make unsure, and which leave every sum as it is), with the lost cell blank as it
            # stands too or set by an equality of the row's own rules through it (the row as it
            # stands satisfies them, so they set the value it has).
            closed = {k for r in own if not r.at_most and r.blanks_count_as_zero for k in r.refs}
            readings: list[tuple[Placement, list[object]]] = []
            first = next(c for c in as_it_stands if c is not None)
            for candidate in lost_cell_placements([c for c in as_it_stands if c is not None], len(keys),
                                                  cell_is_blank, max_lost=1) or []:
                lost = [k for k, c in zip(keys, candidate) if c is None]
                if not lost or (padded_only and not any(c is first for c in candidate)):
                    continue  # the row as it stands, or a blank dropped from its start (see above)
                at = keys.index(lost[0])
                if (stood[at] is None or lost[0] in closed) and all(
                        stood[n] is None and _adds_nothing(c.text)
                        for n, (c, t) in enumerate(zip(candidate, texts)) if n != at and c is not None and c.text != t):
                    continue  # a reading that changes no value
                row = _placement_values(table_rules, doubted, candidate)
                if row is not None:
                    readings.append((candidate, [_UNKNOWN if k == lost[0] and row[k] is None else row[k]
                                                 for k in keys]))
            unsure = [n for n, v in enumerate(stood)
                      if v is not None and any(values[n] != v for _, values in readings)]
            if not unsure:
                continue
            others = [c for c, values in readings if any(values[n] != stood[n] for n in unsure)]
            shown = "; ".join(self._shown(keys, c) for c in others[:4]) + ("; …" if len(others) > 4 else "")
            where = doubted.anchor
            self.diagnostics.append(Diagnostic(
                "GR118", f"table {st.spec.id}: the row at line {where.line} has a blank end cell and reads "
                         f"{self._shown(keys, as_it_stands)} as it stands, but {len(others)} placement(s) with a "
                         f"cell lost behind a surplus blank fit it as well ({shown}), and nothing in the template "
                         f"tells them apart: the {len(unsure)} cell(s) on which they differ are null",
                cells=[f"{st.spec.id}.{keys[n][0]}.{keys[n][1]}" for n in unsure],
                line=where.line, column=where.column))
            chosen = list(as_it_stands)
            for n in unsure:
                chosen[n] = None
            self._record_placement(st, doubted, chosen)

    def _breaks_own_rules(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]],
                          placed: Sequence[GridCell | None]) -> bool:
        """True when the cells ``placed`` under these rows' columns break a rule of the
        template that involves only these rows (a row total)."""
        pending = _Pending(tuple(groups), (tuple(placed),), placed[0] or GridCell("", 0, 1))
        cells = dict(zip(pending.keys, self._tentative(st, pending, tuple(placed))))
        # The first row of an alternative's replaced rows (2021's （六）1.) is not yet among the
        # rows found: its own rules are those of the table printed with the replaced rows.
        replaced = {r for a in st.spec.alternatives for r in a.replaces}
        split = _prints_replaced_rows(st) or any(spec.id in replaced for spec, _ in groups)
        return any(rules.check(r, cells) is not None
                   for r in rules.table_rules(self.template_id, st.spec.id, split)
                   if all(k in cells for k in r.refs))

    def _agreed_cell(self, pending: _Pending, confirmed: list[list[Cell]], n: int) -> GridCell | None:
        """The source cell of the value all confirmed placements put in slot ``n``."""
        for candidate in pending.candidates:
            cell = candidate[n]
            if cell is not None and cell.text == confirmed[0][n].raw:
                return cell
        return None

    def _tentative(self, st: _TableState, pending: _Pending, candidate: Placement) -> list[Cell]:
        """The cells a placement would give, without diagnostics (an unreadable text is null)."""
        out: list[Cell] = []
        start = 0
        for spec, cols in pending.groups:
            for (col, unit), cell in zip(cols.specs, candidate[start:start + cols.width]):
                value = None if cell is None else _value_or_none(cell.text, col, unit)
                out.append(make_cell(st.spec.id, spec.id, col.id, value, cell.text if cell else "", None))
            start += cols.width
        return out

    @staticmethod
    def _shown(keys: Sequence[tuple[str, str]], candidate: Sequence[GridCell | None]) -> str:
        """A placement in a message: the non-blank cells by column (row.column=text)."""
        parts = [f"{r}.{c}={cell.text}" for (r, c), cell in zip(keys, candidate)
                 if cell is not None and not cell_is_blank(cell.text)]
        return "[" + ", ".join(parts[:8]) + (", …" if len(parts) > 8 else "") + "]"

    def _record(self, st: _TableState, spec: RowSpec, cols: _Columns, fitted: Sequence[GridCell | None],
                anchor: GridCell, *, settled: bool = False) -> None:
        """Make the row's cells from the cells placed under its columns (None: no cell stands
        under the column; it is null) and keep them, or null them if the row came before."""
        table_id, row_id = st.spec.id, spec.id
        new_cells: list[Cell] = []
        keep = new_cells.append
        count_of = _PLAIN_COUNTS.get
        spans = SPANS
        # Each cell is made as model.make_cell makes it, without the call (~0.07 M instructions
        # per report): a frozen Cell's fields set through their slots' setters.
        new, (set_table, set_row, set_column, set_value, set_raw, set_span) = object.__new__, CELL_SETTERS
        value: Value
        for (col, header_unit), count_column, placed in zip(cols.specs, cols.counts, fitted):
            if placed is None:
                value, text, span = None, "", spans[anchor.line, anchor.column]
            else:
                text, line, column, _, _ = placed
                span = spans[line, column]
                # a plain count, most cells (the memo knows the texts seen; others are learnt below)
                value = count_of(text)
                if value is None or count_column is None:
                    if count_column is not None and text.isdigit() and text.isascii() and len(text) < 19:
                        value = _PLAIN_COUNTS.keep(text, int(text))  # (longer runs: parse_cell refuses them)
                    else:
                        value = self._value(table_id, row_id, col, header_unit, text, span)
            cell = new(Cell)
            set_table(cell, table_id)
            set_row(cell, row_id)
            set_column(cell, col.id)
            set_value(cell, value)
            set_raw(cell, text)
            set_span(cell, span)
            keep(cell)
        found = st.cells
        if row_id in st.found_rows and not settled:
            old = [found.get((row_id, c.column)) for c in new_cells]
            if [o.value if o else None for o in old] != [c.value for c in new_cells] and row_id not in st.conflicts:
                st.conflicts.add(row_id)
                self.diagnostics.append(Diagnostic(
                    "GR107", f"row {row_id} of table {table_id} appears twice with different values; "
                             "its cells are null",
                    cells=[c.key for c in new_cells], line=anchor.line, column=anchor.column))
                for c in new_cells:
                    found[(row_id, c.column)] = attrs.evolve(c, value=None)
            return
        found.update(zip(cols.keys, new_cells))
        self._mark_found(st, spec, anchor)

    def _value(self, table_id: str, row_id: str, col: ColumnSpec, header_unit: str | None, text: str,
               span: Span) -> Value:
        """The value of a cell text that is not a plain count (money, a unit, a refusal: None
        with the number parser's diagnostic)."""
        try:
            return parse_cell(text, col.kind, unit=header_unit or col.unit)
        except CellValueError as e:
            key = f"{table_id}.{row_id}.{col.id}"
            code = e.code  # GR105, or the number parser's closer word (GR108 no unit, GR15x)
            self.diagnostics.append(Diagnostic(code, f"{key}: {e.message}"
                                               + (f" (expected {e.expected})" if e.expected else ""),
                                               cells=[key], values=[None], line=span.line, column=span.column))
            return None

    def _mark_found(self, st: _TableState, spec: RowSpec, anchor: GridCell) -> None:
        if spec.id not in st.found_rows:
            st.found_rows.append(spec.id)
        line = anchor.line
        if st.first_line is None or line < st.first_line:
            st.first_line = line
        if st.last_line is None or line > st.last_line:
            st.last_line = line

    def _variant(self, cell: GridCell, hit: LabelMatch[Any], what: str) -> None:
        if hit.how == "remark" and unit_from_header(cell.text):
            return  # a unit in a column header is information, not a variant
        # One warning per distinct variant text: a repeated header is one variant, not ten.
        if (what, cell.text) in self._variants_seen:
            return
        self._variants_seen.add((what, cell.text))
        how = {"spaces": "stray spaces", "remark": "shortened or annotated wording", "variant": "variant wording",
               "typo": "a typo"}.get(hit.how, hit.how)
        self.diagnostics.append(Diagnostic(
            "GR101", f"{what} label {cell.text!r} read as template label {hit.canonical!r} ({how})",
            line=cell.line, column=cell.column))

    # -- geometry (positioned grids) ---------------------------------------------------------
    def _header_geometry(self, st: _TableState, labels: list[GridCell], edge: int) -> None:
        """Keep a positioned header row's cells: they give the columns their extents, and its
        right edge (``edge``, blank cells included) the edge its data rows reach. A header
        row that names a column after data rows starts a new header (table 二's per-group ones)."""
        index = self.m.table_columns[st.spec.id]
        if st.header_cells_closed and any(index.lookup(c.text) for c in labels):
            st.header_cells, st.header_cells_closed, st.header_edge = [], False, 0
        st.header_cells += labels
        st.header_edge = max(st.header_edge, edge)
        st.extents.clear()

    def _grid_short(self) -> bool:
        """True when the current row of a positioned grid stops before the grid's right edge."""
        return bool(self._edges) and self._edges[self._row_index] < self._width

    def _lost_columns(self, st: _TableState, extents: Sequence[Extent]) -> int:
        """How many grid columns the current row stops short of the edge the rows of its header
        reach (the header rows', blank cells included, and the data rows' read under it): a
        rectangular table's row that does so lost cells that covered them. Measured against the
        row's own header, not the grid: blocks of a table under headers of their own (table 二's
        groups) may be narrower than the grid they share."""
        edge = self._edges[self._row_index]
        expected = max(st.header_edge, max(e[1] for e in extents))
        st.header_edge = max(st.header_edge, edge)
        return max(0, expected - edge)

    def _place_lost(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]], values: list[GridCell],
                    anchor: GridCell | None, lost: int) -> None:
        """Place the values of a positioned row that lost the cells of ``lost`` grid columns:
        their positions are not to be trusted, so every placement by their order is a candidate
        (up to ``lost`` cells lost anywhere, surplus blank cells dropped at either end) for the
        template's arithmetic to settle. A row that lost more than the engine enumerates, or
        whose candidates are too many to settle, is refused (GR115)."""
        width = sum(cols.width for _, cols in groups)
        where = anchor if anchor is not None else GridCell("", 0, 1)
        keys = [f"{st.spec.id}.{spec.id}.{col.id}" for spec, cols in groups for col, _ in cols.specs]
        candidates = lost_cell_placements(values, width, cell_is_blank, max_lost=min(lost, MAX_LOST_CELLS)) \
            if lost <= MAX_LOST_CELLS else None
        if candidates is None:
            self._refuse_lost(st, groups, values, where, lost)
            return
        if not candidates:
            self._refuse_unfit(st, groups, values, where, width, keys)
            return
        st.header_cells_closed = True
        self._place_candidates(st, groups, candidates, where)

    def _refuse_lost(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]], values: list[GridCell],
                     where: GridCell, lost: int) -> None:
        """Null a row that may have lost the cells of ``lost`` grid columns when its placements
        cannot be enumerated safely (more cells lost than the engine enumerates, or too many
        candidates for the arithmetic to single one out): GR115."""
        width = sum(cols.width for _, cols in groups)
        keys = [f"{st.spec.id}.{spec.id}.{col.id}" for spec, cols in groups for col, _ in cols.specs]
        self.diagnostics.append(Diagnostic(
            "GR115", f"table {st.spec.id}: the row at line {where.line} stops {lost} grid column(s) short of the "
                     f"edge of its table's rows, so it may have lost cells; its {len(trimmed(values))} value cells "
                     f"fit its {width} columns in too many ways (more than {MAX_LOST_CELLS} cells lost, or more "
                     f"than {MAX_CANDIDATES} placements) to be settled; its cells are null",
            cells=keys, line=where.line, column=where.column))
        st.header_cells_closed = True
        for spec, cols in groups:
            self._record(st, spec, cols, [None] * cols.width, where)

    def _extents(self, st: _TableState, spec: RowSpec, cols: _Columns) -> tuple[Extent, ...] | None:
        """The grid extent of each of the row's columns (in ``cols`` order) from the header
        cells: a column is the one header cell naming it, inside the header cells that name the
        row itself when there are any (table 四's group labels over their five columns). None when a
        column is named by no header cell or by more than one."""
        if spec.id in st.extents:
            return st.extents[spec.id]
        first, last = 1, _NO_END
        index = self.m.columns[(st.spec.id, spec.id)]
        for part in spec.path:
            key = label_key(part)
            # (a header cell that names one of the row's columns does not name the row: a total
            # row's label may read like the total column's header, and its cells are not under it)
            named = [c for c in st.header_cells if label_key(c.text) == key and not index.lookup(c.text)]
            if len(named) == 1:
                first, last = max(first, named[0].column), min(last, named[0].column + named[0].colspan - 1)
        extents: list[Extent] | None = []
        for col, _ in cols.specs:
            under = [c for c in st.header_cells if first <= c.column and c.column + c.colspan - 1 <= last
                     and any(h.payload.id == col.id for h in index.lookup(c.text))]
            if len(under) != 1:
                extents = None
                break
            extents.append((under[0].column, under[0].column + under[0].colspan - 1))  # type: ignore[union-attr]
        found = tuple(extents) if extents is not None else None
        st.extents[spec.id] = found
        return found

    def _place_by_geometry(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]],
                           extents: Sequence[Extent], values: list[GridCell], anchor: GridCell | None) -> None:
        """Place value cells under the columns of ``groups`` (one row, or table 四's three rows
        in one grid row) by the grid columns they occupy."""
        targets = [(g, k) for g, (_, cols) in enumerate(groups) for k in range(cols.width)]
        order = sorted(range(len(targets)), key=lambda t: extents[t][0])
        found = placements(values, [extents[t] for t in order], cell_is_blank)
        where = anchor if anchor is not None else GridCell("", 0, 1)
        keys = [f"{st.spec.id}.{groups[g][0].id}.{groups[g][1].specs[k][0].id}" for g, k in targets]
        if not found:
            self.diagnostics.append(Diagnostic(
                "GR112", f"table {st.spec.id}: the values of the row at line {where.line} do not stand under the "
                         "header's columns one to a column; they were not used",
                cells=keys, line=where.line, column=where.column))
            st.unfit_rows.update(spec.id for spec, _ in groups)
            return
        candidates: list[Placement] = []
        for p in found:
            placed: list[GridCell | None] = [None] * len(targets)
            for j, cell in enumerate(p):
                placed[order[j]] = cell
            candidates.append(tuple(placed))
        st.header_cells_closed = True
        narrower = self._width - self._edges[self._row_index] if self._edges else 0
        if narrower and len(candidates) == 1 and None not in candidates[0] and values \
                and (cell_is_blank(values[0].text) or cell_is_blank(values[-1].text)) \
                and self._breaks_own_rules(st, groups, candidates[0]):
            # The row reaches its header's edge but not the grid's: either its block is narrower
            # than the grid (table 二's groups), or its header is narrower than its data rows and
            # the row lost cells, a trailing blank moving under the last column. A blank end
            # beside values that break their own row's arithmetic makes the second possible:
            # the placements by order with that many cells lost are candidates too. A row that
            # reaches the grid's edge lost no cell: its positions are the source's, and a row
            # total its own blank cells break (a source's incomplete arithmetic) is no doubt.
            alternatives = lost_cell_placements(_under_columns(values, extents), len(targets), cell_is_blank,
                                                max_lost=min(narrower, MAX_LOST_CELLS))
            if alternatives is None:
                self._refuse_lost(st, groups, values, where, narrower)
                return
            known = {tuple(None if c is None else c.text for c in candidates[0])}
            candidates += [p for p in alternatives
                           if tuple(None if c is None else c.text for c in p) not in known]
        elif all(None in p for p in candidates):
            # No cell under a column: a cell may be lost and the rest moved left (broken markup),
            # so the positions are not to be trusted; the order of the cells and the arithmetic
            # decide, as in the text layouts.
            candidates = count_placements(_under_columns(values, extents), len(targets), cell_is_blank,
                                          lost_cell=True)
            if not candidates:
                self._refuse_unfit(st, groups, values, where, len(targets), keys)
                return
        self._place_candidates(st, groups, candidates, where)

    def _refuse_unfit(self, st: _TableState, groups: Sequence[tuple[RowSpec, _Columns]], values: list[GridCell],
                      where: GridCell, width: int, keys: list[str]) -> None:
        """A positioned row whose values fit its header's columns in no way: GR106, values unused."""
        self.diagnostics.append(Diagnostic(
            "GR106", f"table {st.spec.id}: the row at line {where.line} has {len(trimmed(values))} value "
                     f"cells under a header of {width} columns; its values were not used",
            cells=keys, line=where.line, column=where.column))
        st.unfit_rows.update(spec.id for spec, _ in groups)

    def _missing_rows(self, st: _TableState) -> None:
        expected = [r.id for r in st.spec.rows]
        found = set(st.found_rows)
        for alternative in st.spec.alternatives:  # a report prints one or the other
            replaced = set(alternative.replaces)
            if found & replaced or alternative.row not in found:
                expected.remove(alternative.row)
            if alternative.row in found:
                expected = [r for r in expected if r not in replaced]
        missing = [r for r in expected if r not in found and r not in st.unfit_rows]
        if not missing:
            return
        last_found = max(expected.index(r) for r in found if r in expected) if found & set(expected) else -1
        tail = [r for r in missing if expected.index(r) > last_found]
        inner = [r for r in missing if expected.index(r) < last_found]
        if tail:
            self.diagnostics.append(Diagnostic(
                "GR109", f"table {st.spec.id} ends before row(s) {', '.join(tail)}",
                cells=[f"{st.spec.id}.{r}" for r in tail], line=st.last_line))
        for r in inner:
            self.diagnostics.append(Diagnostic("GR104", f"row {r} of table {st.spec.id} was not found",
                                               cells=[f"{st.spec.id}.{r}"], line=st.first_line))


def _read_otherwise(st: _TableState, doubted: _Pending) -> bool:
    """True when the cells of a row doubted as it stands were read otherwise since (it came
    twice): there is nothing left to doubt."""
    found = st.cells
    return any(k not in found or found[k].raw != c.text for k, c in zip(doubted.keys, doubted.candidates[0])
               if c is not None) or any(spec.id in st.conflicts for spec, _ in doubted.groups)


#: What :func:`_lost_value` says of a lost cell that some rule through it rules out, or a rule
#: without it refutes: the placement does not fit.
_NO_FIT = object()
#: ... of a lost cell that no rule sets: its value is unknown, equal to no value.
_UNKNOWN = object()


def _a_lost_value_fits(touching: Sequence[rules.SumRule], cells: dict[tuple[str, str], Cell],
                       lost: Sequence[tuple[str, str]]) -> bool:
    """True when some one value (a count, not negative) of the ``lost`` cell would make every
    rule of ``touching`` hold on ``cells`` (see :func:`_lost_value`). With more than one lost
    cell the answer is yes: the placement is not ruled out."""
    if len(lost) != 1:
        return True
    values = {k: cells[k].value for rule in touching for k in rule.refs if k in cells}
    return _lost_value(touching, values, lost[0]) is not _NO_FIT


def _lost_value(touching: Sequence[rules.SumRule], values: Mapping[tuple[str, str], Value],
                key: tuple[str, str]) -> object:
    """The one value (a count, not negative) of the lost cell at ``key`` that makes every rule
    of ``touching`` hold on ``values`` (blanks as 0 where the rule counts them so): each sum rule
    through it asks for the value that closes it, and they must ask for the same one (a row
    total and a column sum through the same cell rarely agree by chance); a rule the cell is
    not in must hold as it stands. :data:`_UNKNOWN` when no rule through it can be closed that
    way (at most, or unchecked), :data:`_NO_FIT` when none makes them hold."""
    wanted: set[int | Decimal] = set()
    for rule in touching:
        if not all(k in values for k in rule.refs) or not (
                rule.blanks_count_as_zero or all(values[k] is not None for k in rule.refs if k != key)):
            continue  # not checkable
        if key not in rule.refs:
            left, right = _sum_of(values, rule.left, key), _sum_of(values, rule.right, key)
            if not ((left <= right) if rule.at_most else (left == right)):
                return _NO_FIT
        elif not rule.at_most and rule.blanks_count_as_zero:
            left, right = _sum_of(values, rule.left, key), _sum_of(values, rule.right, key)
            need = right - left if key in rule.left else left - right
            if need < 0:
                return _NO_FIT
            wanted.add(need)
    if len(wanted) > 1:
        return _NO_FIT
    if not wanted:
        return _UNKNOWN
    (need,) = wanted
    return int(need) if isinstance(need, Decimal) and need == need.to_integral_value() else need


def _adds_nothing(text: str) -> bool:
    """True for a cell text that is blank or zero: moved into a blank cell it changes no sum."""
    return cell_is_blank(text) or text.strip() == "0"


def _placement_values(table_rules: Sequence[rules.SumRule], pending: _Pending,
                      candidate: Placement) -> dict[tuple[str, str], Value] | None:
    """The values a placement of ``pending``'s cells gives, each lost cell's (None in the
    placement) the one its row's own rules set (see :func:`_lost_value`; None when none does).
    None when those rules rule the placement out."""
    keys = pending.keys
    key_set = set(keys)
    row = {k: None if c is None else _value_or_none(c.text, col, unit)
           for k, c, (col, unit) in zip(keys, candidate, pending.columns)}
    own = [r for r in table_rules if key_set.issuperset(r.refs)]
    for k in [k for k, c in zip(keys, candidate) if c is None]:
        closing = _lost_value(own, row, k)
        if closing is _NO_FIT:
            return None
        if isinstance(closing, (int, Decimal)):
            row[k] = closing
    return row


def _number(value: Value) -> int | Decimal:
    """A value in a sum: a blank as 0, an amount that is not a Decimal by its text."""
    if value is None:
        return 0
    return value if isinstance(value, (int, Decimal)) else Decimal(str(value))


def _value_or_none(text: str, col: ColumnSpec, unit: str | None) -> Value:
    """The value of ``text`` under ``col`` (its header's ``unit``), None when unreadable."""
    try:
        return parse_cell(text, col.kind, unit=unit or col.unit)
    except CellValueError:
        return None


def _sum_of(values: Mapping[tuple[str, str], Value], refs: Sequence[tuple[str, str]],
            key: tuple[str, str]) -> int | Decimal:
    """The sum of the values at ``refs`` but ``key``, blanks as 0 (exact, counts and amounts alike:
    an amount that is not a Decimal is taken by its text)."""
    return sum((_number(values[k]) for k in refs if k != key), 0)


def _prints_replaced_rows(st: _TableState) -> bool:
    """True when the table was printed with rows that an alternative row may stand for (2021's
    （六） split in three), False when with the alternative or with no such rows."""
    found = st.found_rows
    return any(r in found for a in st.spec.alternatives for r in a.replaces)


def _under_columns(values: list[GridCell], extents: Sequence[Extent]) -> list[GridCell]:
    """The value cells that stand under at least one of the columns (a positioned row's blank
    cells beside the header's columns are no values, whatever their order says)."""
    return [v for v in values if any(overlaps(v, e) for e in extents)]


_UNIT_SUFFIX = re.compile(r"\((?:单位:)?(?:万元|元)\)$")
_REMARK_SUFFIX = re.compile(r"\([^()]*\)$")


def _column_ranks(table: TableSpec) -> dict[str, tuple[int, int]]:
    """Each column of ``table``: its band depth (how many of the table's ``column_bands`` stand
    over it: the outermost columns are under the first band only) and its place in the template's order."""
    order = [c.id for c in table.header_columns] or list(dict.fromkeys(c.id for r in table.rows for c in r.columns))
    n, bands = len(order), len(table.column_bands)
    return {c: (min(i + 1, n - i, bands), i) for i, c in enumerate(order)}


def _header_groups(found: Sequence[str], default: Sequence[str]) -> list[list[str]]:
    """The column ids a header named (``found``, in its order) cut into groups of a row's
    width, when each group names every one of the row's columns (``default``) once; [] when not."""
    width = len(default)
    groups = [list(found[n:n + width]) for n in range(0, len(found), width)]
    if found and len(found) % width == 0 and all(sorted(g) == sorted(default) for g in groups):
        return groups
    return []


def _strip_unit(key: str) -> str:
    return _UNIT_SUFFIX.sub("", key) if key.endswith(")") else key


def _strip_remark(key: str) -> str:
    return _REMARK_SUFFIX.sub("", key) if key.endswith(")") else key


class _CellOrder(NamedTuple):
    spec: TableSpec  # held, so that its id is not reused by another spec while it is kept
    cells: list[tuple[str, str]]


_CELL_ORDERS: BoundedMemo[int, _CellOrder] = BoundedMemo(
    "each table spec's cells in template order (by the spec's identity)", 64)


def _cell_order(spec: TableSpec) -> list[tuple[str, str]]:
    """``(row, column)`` of a table's cells in template order (computed once per table spec;
    a registered template's specs come and go, so the memo checks it holds this very spec)."""
    known = _CELL_ORDERS.get(id(spec))
    if known is None or known.spec is not spec:
        known = _CELL_ORDERS.keep(id(spec), _CellOrder(spec, [(r.id, c.id) for r in spec.rows for c in r.columns]))
    return known.cells
