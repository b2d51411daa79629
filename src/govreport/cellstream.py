"""Rows for a stream of cells: tables whose layout does not say where a row ends.

LibreOffice's text export of a .docx writes every table cell on its own line (a cell's
paragraphs on lines of their own) with nothing between rows, and a merged cell's covered
places as empty lines. A plugin can only hand such a table over as a stream of cells
(:attr:`govreport.blocks.Grid.cell_stream`); the rows are found here, with the template:

* a run of text cells followed by values ends with the row's label: the longest join of its
  last lines (up to three: a wrapped label) that is a template row label, with the group labels
  (a results block's label, a numbered group's label) standing before it. A template *column*
  label without an enumerator (the total over table 四's values) is a header, not a row;
* the row takes as many of the following value cells as its template row has columns. In a
  LibreOffice export a row's label cells come before its values, so the blanks left over after
  them are the covered cells of the next row's merged labels and are dropped; where the blanks
  could as well stand before the values (an unmerged empty label cell), the row is ambiguous:
  its values are not used and ``GR140`` says so;
* text cells before a row's label are header cells, given to the builder as one header row;
  an enumerated heading among them (``三、收到和处理…``) that is no row or group label is a
  paragraph (a section heading), as is everything before it;
* values with no label before them (table 四's single row of fifteen) are one label-less row.

The rows are handed to the builder as ordinary grids, so everything else (headers, column
order, units, label variants, wrapped rows) is read exactly as in the other layouts, with
one difference the stream earns: it writes every cell, blanks too, so a row cut to its
template row's width lost no cell (:attr:`govreport.blocks.Grid.complete_rows`), and a blank
at its end (an unfilled total before the next row's label) is read as that column's blank,
not doubted as the place a lost cell's neighbours moved from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import attrs

from . import schema
from .blocks import Block, Document, Grid, GridCell, GridRow, Paragraph
from .diagnostics import Diagnostic
from .engine.memo import BoundedMemo
from .labels import LabelIndex, label_key, split_enumerator
from .numbers import is_blank, looks_numeric
from .template.catalog import table_templates

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")
#: A wrapped label is joined from at most this many lines.
_MAX_LABEL_LINES = 3


class _RowShape(NamedTuple):
    """What the stream needs to know of a template row: its value cells and label levels."""

    width: int
    depth: int  # labels in its path: groups + its own


@attrs.frozen
class _Labels:
    """One template's row labels (with their rows' shapes), group labels and column labels."""

    spec: schema.TemplateSpec  # held, so that its id is not reused by another spec while it is kept
    rows: LabelIndex[_RowShape]
    groups: LabelIndex[str]
    columns: frozenset[str]
    column_labels: LabelIndex[str]

    @staticmethod
    def of(spec: schema.TemplateSpec) -> _Labels:
        """The labels of ``spec`` (worked out once per spec; registered templates come and go,
        so the memo checks it holds this very spec)."""
        known = _LABELS.get(id(spec))
        if known is None or known.spec is not spec:
            known = _LABELS.keep(id(spec), _Labels.work_out(spec))
        return known

    @staticmethod
    def work_out(spec: schema.TemplateSpec) -> _Labels:
        rows = [(r.path[-1], _RowShape(len(r.columns), len(r.path))) for t in spec.tables for r in t.rows]
        groups = {g for t in spec.tables for r in t.rows for g in r.path[:-1]}
        labels = sorted({c.label for t in spec.tables for r in t.rows for c in r.columns})
        variants = spec.label_variants  # the template's own variant wordings
        return _Labels(spec, LabelIndex(rows, variants), LabelIndex(((g, g) for g in sorted(groups)), variants),
                       frozenset(label_key(c) for c in labels), LabelIndex(((c, c) for c in labels), variants))

    def row_shape(self, text: str) -> _RowShape | None:
        """The shape of the template row ``text`` labels; None when it labels none (or rows of
        different widths), or is a column label standing alone."""
        if self.is_column(text):
            return None
        shapes = {hit.payload for hit in self.rows.lookup(text)}
        if len({shape.width for shape in shapes}) != 1:
            return None
        return shapes.pop() if len(shapes) == 1 else _RowShape(next(iter(shapes)).width, 0)

    def is_exact_row(self, text: str) -> bool:
        return any(hit.how in ("exact", "spaces") for hit in self.rows.lookup(text))

    def is_exact_column(self, text: str) -> bool:
        return any(hit.how in ("exact", "spaces") for hit in self.column_labels.lookup(text))

    def is_group(self, text: str) -> bool:
        return bool(self.groups.lookup(text))

    def is_column(self, text: str) -> bool:
        """A template column label without an enumerator (a total, a result column)."""
        enum, _ = split_enumerator(text)
        return enum is None and label_key(text) in self.columns


_LABELS: BoundedMemo[int, _Labels] = BoundedMemo("each template spec's labels for cell streams (by identity)", 16)


def _joined(cells: Sequence[GridCell]) -> GridCell:
    first = cells[0]
    return first if len(cells) == 1 else first._replace(text="".join(c.text for c in cells))


@attrs.frozen
class _Segment:
    """A run of text cells (blanks among them dropped) and the run of value cells after it."""

    texts: list[GridCell]
    values: list[GridCell]
    labels: list[GridCell] = attrs.field(factory=list)  # the row label that ends ``texts``, joined
    used: int = 0  # how many of ``texts`` the labels were made of
    shape: _RowShape | None = None

    @property
    def covered_before(self) -> int | None:
        """How many covered cells stand before the row's label: one per group of its path that
        the row does not restate (a merged group cell covers it), when the texts are only its labels."""
        if self.shape is None or self.shape.depth == 0 or self.used != len(self.texts):
            return None
        return self.shape.depth - len(self.labels)


class _Regrouper:
    """Turns one stream of cells into paragraphs and grids of rows."""

    def __init__(self, labels: _Labels) -> None:
        self.labels = labels
        self.blocks: list[Block] = []
        self.rows: list[GridRow] = []
        self.diagnostics: list[Diagnostic] = []
        self.matched = 0

    def run(self, cells: list[GridCell]) -> None:
        segments = self._segments(cells)
        for k, seg in enumerate(segments):
            self._texts(seg.texts[: len(seg.texts) - seg.used], trailing=not seg.values)
            if seg.values:
                following = segments[k + 1] if k + 1 < len(segments) else None
                self._row(seg, following.covered_before if following is not None else None)
        self._close_grid()

    def _segments(self, cells: list[GridCell]) -> list[_Segment]:
        segments: list[_Segment] = []
        texts: list[GridCell] = []
        i, n = 0, len(cells)
        while i < n:
            if not _is_value(cells[i].text):
                if not is_blank(cells[i].text):
                    texts.append(cells[i])
                i += 1
                continue
            end = i
            while end < n and _is_value(cells[end].text):
                end += 1
            run = cells[i:end]
            if _all_blank(run) and end < n and self.labels.is_column(cells[end].text):
                i = end  # covered cells inside a header that goes on: padding, not a row's values
                continue
            labels, used, shape = self._row_label(texts)
            segments.append(_Segment(texts, run, labels, used, shape))
            texts = []
            i = end
        if texts:
            segments.append(_Segment(texts, []))
        return segments

    def _row(self, seg: _Segment, covered_after: int | None) -> None:
        run, labels = seg.values, seg.labels
        if seg.shape is None:  # values without a label: one label-less row, as the layout has it
            if not _all_blank(run):
                self.rows.append(GridRow(tuple(run), run[0].line))
            return
        self.matched += 1
        width = seg.shape.width
        values, rest = run[:width], run[width:]
        surplus = len(rest)
        # The next row's covered label cells follow this row's values; when their number is
        # what is left over, the values are the first ``width`` cells. Otherwise blanks both
        # before and after leave two placements.
        if surplus and surplus != covered_after and _all_blank(rest) and _all_blank(run[:surplus]) \
                and [c.text for c in values] != [c.text for c in run[surplus:]]:
            leaf = labels[-1]
            self.diagnostics.append(Diagnostic(
                "GR140", f"row {leaf.text!r}: its {width} values cannot be told from the {surplus} empty "
                         "cell(s) beside them; its values were not used", line=leaf.line, column=leaf.column))
            self.rows.append(GridRow(tuple(labels), labels[0].line))
            return
        self.rows.append(GridRow((*labels, *values), labels[0].line))
        if not _all_blank(rest):
            self.rows.append(GridRow(tuple(rest), rest[0].line))

    def _row_label(self, texts: list[GridCell]) -> tuple[list[GridCell], int, _RowShape | None]:
        """The label cells that end ``texts`` (group labels, then the row's own, each joined from
        its lines), how many cells of ``texts`` they take, and the row's shape (None: no label).

        The row's own label is the shortest join of the last lines that is a template label
        word for word; failing that, the shortest that is one in a variant form (a join of more
        lines reaches into the header above too easily to be trusted with a fuzzy match).
        """
        found: tuple[int, GridCell, _RowShape] | None = None
        for size in range(1, min(_MAX_LABEL_LINES, len(texts)) + 1):
            leaf = _joined(texts[len(texts) - size:])
            shape = self.labels.row_shape(leaf.text)
            if shape is None:
                continue
            if self.labels.is_exact_row(leaf.text):
                found = (size, leaf, shape)
                break
            if found is None:
                found = (size, leaf, shape)
        if found is None:
            return [], 0, None
        size, leaf, shape = found
        labels = [leaf]
        start = len(texts) - size
        while start > 0:
            for group_size in range(1, min(2, start) + 1):
                group = _joined(texts[start - group_size: start])
                if self.labels.is_group(group.text):
                    labels.insert(0, group)
                    start -= group_size
                    break
            else:
                break
        return labels, len(texts) - start, shape

    def _texts(self, texts: list[GridCell], *, trailing: bool) -> None:
        """Text cells that label no row: a header row, after the section headings among them
        (and everything before those); at the end of the stream, paragraphs."""
        if not texts:
            return
        cut = len(texts) if trailing else 0
        if not trailing:
            for k, c in enumerate(texts):
                if _HEADING.match(c.text) and not self.labels.is_group(c.text) and self.labels.row_shape(c.text) is None:
                    cut = k + 1
        if cut:
            self._close_grid()
            self.blocks.extend(Paragraph(c.text, c.line, c.column) for c in texts[:cut])
        if texts[cut:]:
            header = self._header_cells(texts[cut:])
            self.rows.append(GridRow(tuple(header), header[0].line))

    def _header_cells(self, texts: list[GridCell]) -> list[GridCell]:
        """Header cells with a column label wrapped over lines joined again (``本年收费金`` +
        ``额（单位：万元）``), where the join is a template column label word for word."""
        out: list[GridCell] = []
        i = 0
        while i < len(texts):
            for size in range(min(_MAX_LABEL_LINES, len(texts) - i), 1, -1):
                joined = _joined(texts[i: i + size])
                if self.labels.is_exact_column(joined.text) and not self.labels.is_exact_column(texts[i].text):
                    out.append(joined)
                    i += size
                    break
            else:
                out.append(texts[i])
                i += 1
        return out

    def _close_grid(self) -> None:
        if self.rows:
            # Every cell of the stream is written, blanks too (a line of its own): a row given
            # its template row's number of values holds them in their order, none lost.
            self.blocks.append(Grid(tuple(self.rows), complete_rows=True))
            self.rows = []


def _is_value(text: str) -> bool:
    return is_blank(text) or looks_numeric(text)


def _all_blank(cells: Sequence[GridCell]) -> bool:
    return all(is_blank(c.text) for c in cells)


def regroup(doc: Document, template_id: str | None) -> tuple[Document, list[Diagnostic]]:
    """``doc`` with each cell-stream grid replaced by the paragraphs and grids of rows it holds.

    ``template_id`` is the template the report's labels point to; when they do not tell, each
    registered template is tried and the one that finds more rows is used (the first of those
    that find as many: the national templates come first).
    """
    registered = table_templates()
    candidates = [s for s in registered if s.id == template_id] or list(registered)
    best: tuple[int, list[Block], list[Diagnostic]] | None = None
    for candidate in candidates:
        labels = _Labels.of(candidate)
        blocks: list[Block] = []
        diagnostics: list[Diagnostic] = []
        matched = 0
        for block in doc.blocks:
            if not (isinstance(block, Grid) and block.cell_stream):
                blocks.append(block)
                continue
            regrouper = _Regrouper(labels)
            regrouper.run([c for row in block.rows for c in row.cells])
            blocks += regrouper.blocks
            diagnostics += regrouper.diagnostics
            matched += regrouper.matched
        if best is None or matched > best[0]:
            best = (matched, blocks, diagnostics)
    assert best is not None
    return attrs.evolve(doc, blocks=tuple(best[1])), best[2]
