"""Reading a PDF with a text layer into blocks (the pdf plugin's reader, imported when it
first reads a PDF).

How a page is read:

* **ruling lines**: thin path objects (a table border is a line or a thin filled rectangle)
  and the straight lines of stroked paths (a cell's rectangle, a grid drawn as one path)
  become horizontal and vertical segments; segments that touch form a table. The table's grid
  lines are the distinct x of its vertical segments and y of its horizontal ones; a cell spans
  columns while no vertical segment separates them at its row's middle, and rows while no
  horizontal segment separates them at its column's middle. Each cell becomes a
  :class:`~govreport.blocks.GridCell` at its grid column with its ``colspan``/``rowspan``
  (``Grid.positioned``); its text is the characters whose centre lies in it, line by line.
* **prose**: the characters outside tables, in lines from top to bottom.
* **page furniture**: lines in the top or bottom margin that are page numbers (``- 3 -``,
  ``第3页``, ``3/12``) or repeat on most pages (a running header) are dropped.
* **a table continued on the next page** (the last block of a page, the first of the next,
  with the same column lines) is joined to its first part; rows at the top of the continuation
  that repeat the table's first rows (a header repeated on each page) are dropped.
* a document without a text layer (a scan) is an error that names OCR as what it needs; one
  without tables (a pre-2019 report) is read as prose by the narrative plugin.

A block's "line" is its position in the document: the n-th line of text or table row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from govreport.blocks import Block, Document, Grid, GridCell, GridRow, Paragraph
from govreport.errors import FormatError
from govreport.normalize import normalize_pieces
from govreport.numbers import is_blank, looks_numeric

from .label_columns import without_label_padding

#: A drawn rectangle thinner than this (points) is a line.
_THIN = 2.0
#: Coordinates closer than this (points) are the same grid line.
_SNAP = 2.0
#: The top and bottom margins where page headers, footers and numbers stand (share of the page height).
_MARGIN = 0.08
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–\s]*$")


class _Char(NamedTuple):
    text: str
    left: float
    bottom: float
    right: float
    top: float
    after_break: bool  # a line break stands between it and the character before (text order)
    after_space: bool

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def y(self) -> float:
        return (self.bottom + self.top) / 2


class _Segment(NamedTuple):
    """A ruling line: ``at`` is its y (horizontal) or x (vertical), ``lo``..``hi`` its extent."""

    at: float
    lo: float
    hi: float


@attrs.frozen
class _Cell:
    row: int
    column: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]  # left, bottom, right, top


@attrs.frozen
class _Table:
    top: float
    xs: tuple[float, ...]
    cells: tuple[_Cell, ...]
    rows: int


@attrs.frozen
class _PageBlock:
    """A block of a page before normalisation: a line of prose or a table's rows of cell texts."""

    top: float
    text: str | None = None
    table: list[list[tuple[str, _Cell]]] | None = None
    xs: tuple[float, ...] = ()
    in_margin: str = ""  # "top" or "bottom" for a line in the page's top or bottom margin


def read_pdf(data: bytes) -> Document:
    """The blocks of a PDF document (see the module docstring); a clear error for a PDF that
    cannot be read, has no text layer, or when pypdfium2 is not installed."""
    try:
        import pypdfium2
    except ImportError:
        raise FormatError("this is a PDF; reading PDF needs pypdfium2",
                          expected="pip install 'govreport[pdf]'") from None
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception as e:  # pypdfium2 raises PdfiumError on broken or encrypted files
        raise FormatError(f"not a readable PDF: {e}", expected="a PDF file with a text layer") from None
    try:
        pages = [_read_page(pdf[n]) for n in range(len(pdf))]
    finally:
        pdf.close()
    if not any(page.chars for page in pages):
        images = sum(page.images for page in pages)
        raise FormatError(
            f"the PDF has no text layer ({len(pages)} page(s)"
            + (f", {images} image(s): a scan)" if images else ")"),
            expected="a PDF with text: run OCR on a scan first (for instance ocrmypdf --language chi_sim)")
    doc = _document(_join_pages(_without_furniture([page.blocks for page in pages])))
    return doc if doc.grids else _as_prose(doc)


def _as_prose(doc: Document) -> Document:
    """A PDF without tables (a pre-2019 report states its figures in prose): its lines read by
    the narrative plugin, as a text export of it would be."""
    from .narrative import NarrativePlugin

    text = "\n".join(p.text for p in doc.paragraphs)
    narrative = NarrativePlugin()
    if narrative.sniff(text) <= 0:
        return doc
    return attrs.evolve(narrative.read(text), script=doc.script, encoding=doc.encoding,
                        markers_removed=doc.markers_removed)


# -- one page ------------------------------------------------------------------------------------

class _Page(NamedTuple):
    blocks: list[_PageBlock]  # top to bottom
    images: int
    chars: int


def _read_page(page: Any) -> _Page:
    """A page's blocks from top to bottom, and how many images and characters it holds."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    horizontal: list[_Segment] = []
    vertical: list[_Segment] = []
    images = 0
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= _THIN and right - left > _THIN:
            horizontal.append(_Segment((top + bottom) / 2, left, right))
        elif right - left <= _THIN and top - bottom > _THIN:
            vertical.append(_Segment((left + right) / 2, bottom, top))
        else:  # a stroked path of several lines: a cell's rectangle (``re S``), a grid drawn at once
            _stroked_lines(obj, horizontal, vertical)
    chars = list(_chars(page))
    tables = _tables(horizontal, vertical)
    blocks: list[_PageBlock] = []
    taken: set[int] = set()
    for table in tables:
        rows: list[list[tuple[str, _Cell]]] = [[] for _ in range(table.rows)]
        for cell in table.cells:
            inside = [n for n, c in enumerate(chars) if n not in taken and _inside(c, cell.box)]
            taken.update(inside)
            rows[cell.row].append((_text([chars[n] for n in inside]), cell))
        blocks.append(_PageBlock(table.top, table=[sorted(r, key=lambda tc: tc[1].column) for r in rows],
                                 xs=table.xs))
    for line in _lines([c for n, c in enumerate(chars) if n not in taken]):
        top = max(c.top for c in line)
        bottom = min(c.bottom for c in line)
        margin = "top" if top > height * (1 - _MARGIN) else "bottom" if bottom < height * _MARGIN else ""
        blocks.append(_PageBlock(top, text=_text(line), in_margin=margin))
    blocks.sort(key=lambda b: -b.top)
    return _Page(blocks, images, len(chars))


#: A path with more segments than this is a drawing, not table rules.
_MAX_PATH_SEGMENTS = 2000


def _stroked_lines(obj: Any, horizontal: list[_Segment], vertical: list[_Segment]) -> None:
    """The horizontal and vertical lines of a stroked path object, in page coordinates."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)) or not stroke.value:
        return  # a filled shape (a cell's shading) draws no rule
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if count <= 1 or count > _MAX_PATH_SEGMENTS:
        return
    m = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for n in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, n)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            _add_line(previous, point, horizontal, vertical)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_line(point, start, horizontal, vertical)
        previous = point


def _add_line(a: tuple[float, float], b: tuple[float, float], horizontal: list[_Segment],
              vertical: list[_Segment]) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= _THIN / 4 and abs(x1 - x0) > _THIN:
        horizontal.append(_Segment((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= _THIN / 4 and abs(y1 - y0) > _THIN:
        vertical.append(_Segment((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _chars(page: Any) -> Iterator[_Char]:
    """The page's characters in text order (PDFium's), without the spaces and line breaks it
    generates between them, which are kept as flags on the character after them."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        after_break = after_space = False
        for n in range(min(count, len(text))):
            ch = text[n]
            if ch.isspace():
                after_break = after_break or ch in "\r\n"
                after_space = True
                continue
            left, bottom, right, top = textpage.get_charbox(n)
            yield _Char(ch, left, bottom, right, top, after_break, after_space)
            after_break = after_space = False
    finally:
        textpage.close()


def _inside(c: _Char, box: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = box
    return left <= c.x <= right and bottom <= c.y <= top


def _lines(chars: Sequence[_Char]) -> list[list[_Char]]:
    """Characters (in text order) cut into lines where a line break stands."""
    lines: list[list[_Char]] = []
    for c in chars:
        if c.after_break or not lines:
            lines.append([c])
        else:
            lines[-1].append(c)
    return lines


def _text(chars: Sequence[_Char]) -> str:
    """The text of some characters: lines run on, a space only between Latin words."""
    out = ""
    for c in chars:
        if out and (c.after_space or c.after_break) and out[-1].isascii() and out[-1].isalnum() \
                and c.text.isascii() and c.text.isalnum():
            out += " "
        out += c.text
    return out


# -- tables from ruling lines --------------------------------------------------------------------

def _snap(values: Sequence[float]) -> list[float]:
    """Distinct coordinates: values closer than ``_SNAP`` are one."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < _SNAP:
            continue
        out.append(v)
    return out


def _tables(horizontal: list[_Segment], vertical: list[_Segment]) -> list[_Table]:
    """The tables the segments draw: groups of segments that touch."""
    segments = [("h", s) for s in horizontal] + [("v", s) for s in vertical]
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, (k, _) in enumerate(segments) if k == "h"]
    vs = [i for i, (k, _) in enumerate(segments) if k == "v"]
    for i in hs:
        h = segments[i][1]
        for j in vs:
            v = segments[j][1]
            if h.lo - _SNAP <= v.at <= h.hi + _SNAP and v.lo - _SNAP <= h.at <= v.hi + _SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segments)):
        groups.setdefault(find(i), []).append(i)
    tables = []
    for members in groups.values():
        h_of = [segments[i][1] for i in members if segments[i][0] == "h"]
        v_of = [segments[i][1] for i in members if segments[i][0] == "v"]
        table = _grid(h_of, v_of)
        if table is not None:
            tables.append(table)
    return tables


def _grid(horizontal: list[_Segment], vertical: list[_Segment]) -> _Table | None:
    ys = sorted(_snap([s.at for s in horizontal]), reverse=True)  # top to bottom
    xs = _snap([s.at for s in vertical])
    if len(ys) < 2 or len(xs) < 2:
        return None

    def vertical_at(x: float, y: float) -> bool:
        return any(abs(s.at - x) < _SNAP and s.lo - _SNAP <= y <= s.hi + _SNAP for s in vertical)

    def horizontal_at(y: float, x: float) -> bool:
        return any(abs(s.at - y) < _SNAP and s.lo - _SNAP <= x <= s.hi + _SNAP for s in horizontal)

    rows, columns = len(ys) - 1, len(xs) - 1
    covered: set[tuple[int, int]] = set()
    cells = []
    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            if (r, c) in covered:
                continue
            colspan = 1
            while c + colspan < columns and not vertical_at(xs[c + colspan], middle_y):
                colspan += 1
            middle_x = (xs[c] + xs[c + 1]) / 2
            rowspan = 1
            while r + rowspan < rows and not horizontal_at(ys[r + rowspan], middle_x):
                rowspan += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            cells.append(_Cell(r, c + 1, rowspan, colspan, (xs[c], ys[r + rowspan], xs[c + colspan], ys[r])))
    return _Table(ys[0], tuple(xs), tuple(cells), rows)


# -- pages into one document ---------------------------------------------------------------------

def _furniture_key(block: _PageBlock) -> str:
    """A margin line's text with its numbers blanked, and which margin it stands in."""
    return block.in_margin + ":" + re.sub(r"\d+", "#", (block.text or "").replace(" ", ""))


def _without_furniture(pages: list[list[_PageBlock]]) -> list[list[_PageBlock]]:
    """Pages without their page numbers and the header and footer lines that repeat in the
    same margin on most pages (a report's first and last lines are no running header)."""
    counts: dict[str, int] = {}
    for blocks in pages:
        for key in {_furniture_key(b) for b in blocks if b.in_margin and b.text}:
            counts[key] = counts.get(key, 0) + 1
    most = max(2, -(-len(pages) * 3 // 5))
    repeated = {k for k, n in counts.items() if n >= most}
    return [[b for b in blocks if not (b.in_margin and b.text is not None
                                       and (_PAGE_NUMBER.match(b.text) or _furniture_key(b) in repeated))]
            for blocks in pages]


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < _SNAP * 2 for x, y in zip(a, b))


def _join_pages(pages: list[list[_PageBlock]]) -> list[_PageBlock]:
    """The pages' blocks in order, a table continued on the next page joined to its first part
    (without the header rows it repeats)."""
    out: list[_PageBlock] = []
    for blocks in pages:
        for n, block in enumerate(blocks):
            previous = out[-1] if out else None
            if n == 0 and block.table is not None and previous is not None and previous.table is not None \
                    and _same_columns(previous.xs, block.xs):
                rows = block.table
                head = 0
                while head < len(rows) and head < len(previous.table) and _texts(rows[head]) == _texts(previous.table[head]):
                    head += 1
                out[-1] = attrs.evolve(previous, table=_continued(previous.table, rows[head:]))
                continue
            out.append(block)
    return out


def _continued(first: list[list[tuple[str, _Cell]]], rest: list[list[tuple[str, _Cell]]]
               ) -> list[list[tuple[str, _Cell]]]:
    """A table's rows followed by those of its continuation. A merged label cut by the page
    break (a label reaching the first part's last row, an empty cell of the same columns opening
    the continuation) is one cell again, spanning both parts' rows; an empty cell under a value
    is a blank value of its own row."""
    if not rest:
        return first
    joined = [list(row) for row in first]
    ending = {(cell.column, cell.colspan): (r, k) for r, row in enumerate(joined) for k, (_, cell) in enumerate(row)
              if r + cell.rowspan == len(joined)}
    opening = []
    for text, cell in rest[0]:
        at = ending.get((cell.column, cell.colspan))
        if text or at is None or _is_value(joined[at[0]][at[1]][0]):
            opening.append((text, cell))
            continue
        r, k = at
        above_text, above = joined[r][k]
        joined[r][k] = (above_text, attrs.evolve(above, rowspan=above.rowspan + cell.rowspan))
    return joined + ([opening] if opening else []) + rest[1:]


def _is_value(text: str) -> bool:
    return is_blank(text) or looks_numeric(text)


def _texts(row: list[tuple[str, _Cell]]) -> list[tuple[str, int, int]]:
    return [(text, cell.column, cell.colspan) for text, cell in row]


def _document(blocks: list[_PageBlock]) -> Document:
    """Normalise every text in one pass and build the document's blocks, numbered in order."""
    pieces: list[str] = []
    for b in blocks:
        if b.table is None:
            pieces.append(b.text or "")
        else:
            pieces += [text for row in b.table for text, _ in row]
    texts, norm = normalize_pieces(pieces)
    it = iter(texts)
    out: list[Block] = []
    line = 0
    new = tuple.__new__
    for b in blocks:
        if b.table is None:
            line += 1
            text = next(it).strip()
            if text:
                out.append(Paragraph(text, line))
            continue
        rows = []
        for row in b.table:
            line += 1
            cells = tuple(new(GridCell, (next(it).strip(), line, cell.column, cell.colspan, cell.rowspan))
                          for _, cell in row)
            if cells:
                rows.append(GridRow(cells, line))
        if rows:
            out.append(without_label_padding(Grid(tuple(rows), positioned=True)))
    return Document(out, script=norm.script, encoding="pdf", markers_removed=norm.markers_removed)
