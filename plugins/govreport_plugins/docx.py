"""Word .docx files, read directly from their XML (with lxml when it is installed, else the standard library).

A .docx is a zip holding ``word/document.xml``. Paragraphs (``w:p``) become paragraphs; tables
(``w:tbl``) become positioned grids: each cell keeps its grid column, horizontally merged cells
(``w:gridSpan``) their column span and vertically merged ones (``w:vMerge``) their row span, so
the core places values by the column they stand in. A table nested in a cell is read as a table of its own.

There are no line numbers in a .docx: a block's "line" is its position in the document
(the n-th paragraph or table row of the body, counting from 1).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from govreport.blocks import Document, RawCell, document_from_raw
from govreport.errors import FormatError
from govreport.limits import Limits, checkpoint
from govreport.limits import active as active_limits
from govreport.numbers import join_cell_lines
from govreport.plugin import FormatPlugin, ReportInput

if TYPE_CHECKING:  # imported where the standard library reads (lxml reads when it is installed)
    from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TBL, _TR, _TC, _VAL = f"{W}p", f"{W}t", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}val"
_TR_PR, _GRID_BEFORE, _TC_PR, _GRID_SPAN, _V_MERGE = f"{W}trPr", f"{W}gridBefore", f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge"
_SPACES = (f"{W}tab", f"{W}br", f"{W}cr")  # each reads as a space
# A run raised or lowered (w:vertAlign superscript/subscript: a footnote marker, 4188 and a raised
# 1) is no part of the text beside it: it stands apart by a space, so a number and its marker
# are two digit runs (refused, GR151), never 41881.
_R, _VERT_ALIGN, _RAISED = f"{W}r", f"{W}vertAlign", frozenset({"superscript", "subscript"})
_TRANSPARENT = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")  # wrappers whose contents are read as the body's


class DocxPlugin(FormatPlugin):
    """Reads .docx files: paragraphs and tables with merged cells."""

    name = "docx"
    aliases = ("word",)
    description = ".docx files (Word): paragraphs and tables, merged cells included"
    filenames = ("*.docx",)

    def sniff(self, source: ReportInput) -> float:
        data = source.data
        if data is None or not data.startswith(b"PK\x03\x04"):
            return 0.0
        return 0.95 if b"word/document.xml" in data[:65536] or b"word/" in data else 0.6

    def read(self, source: ReportInput) -> Document:
        data = source.data
        if data is None:
            raise FormatError("a .docx is read from its bytes, and text was given", expected="a Word .docx file")
        root = _document_root(data)
        body = root.find(f"{W}body")
        if body is None:
            raise FormatError("word/document.xml has no body", expected="a Word .docx file")
        walk = _BodyWalk()
        walk.container(body)
        return document_from_raw(walk.blocks, encoding="docx")


# -- the zip and the XML: bounded before anything is built ---------------------------------

_DOCUMENT = "word/document.xml"
_CHUNK = 64 * 1024
_RATIO_AFTER = 1024 * 1024  # a small member may compress very well (repeated markup); judge ratios past 1 MiB
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _document_root(data: bytes) -> ET.Element:
    """Parse ``word/document.xml`` out of the .docx bytes within the active limits: its root
    element.

    The member is inflated in chunks and each chunk is counted (decompressed size, ratio to its
    compressed size) before the XML parser sees it, so a zip bomb stops after at most
    ``max_member_bytes`` of output whatever the zip's headers claim; elements, cells and nesting
    depth are counted as the tree is built. A DTD is refused outright: a .docx has none, and
    entity declarations are how XXE and billion-laughs attacks work. No member is ever written
    to disk, so names like ``../../x`` reach nothing.

    lxml builds the tree when it is installed (about four times faster than the standard
    library's parser) and the active depth limit is the one libxml2 enforces itself; otherwise
    the standard library's pull parser does, with the same limits. Both trees answer the same
    ElementTree calls, so one walk reads either.
    """
    lim = active_limits()
    # Each listed member costs a ZipInfo (~0.5 KB) as the zip is opened: count the central
    # directory's entry signatures first (a fast byte scan) so that a zip of a million empty
    # members is refused before it is listed.
    lim.check("max_members", data.count(b"PK\x01\x02"), "files listed in the zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo(_DOCUMENT)
            with z.open(info) as member:
                chunks = _counted_chunks(member, info.compress_size, lim)
                etree = _lxml_etree() if lim.max_depth == _LIBXML2_MAX_DEPTH else None
                if etree is not None:
                    return cast("ET.Element", _parse_with_lxml(etree, chunks, lim))
                return _parse_streaming(chunks, lim)
    except KeyError:
        raise FormatError("the zip file has no word/document.xml: not a .docx",
                          expected="a Word .docx file") from None
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, NotImplementedError, zlib.error,
            RuntimeError) as e:  # RuntimeError: an encrypted member; NotImplementedError: unknown compression
        raise FormatError(f"not a readable .docx (corrupt, truncated or encrypted zip: {e})",
                          expected="a Word .docx file") from None


def _counted_chunks(member: IO[bytes], compressed: int, lim: Limits) -> Iterator[bytes]:
    """The member's bytes in chunks, each counted against the size and ratio limits and
    searched for a DTD before it is handed on (the time budget is checked between chunks)."""
    inflated = 0
    tail = b""  # the end of the previous chunk: a DTD marker may straddle two chunks
    while chunk := member.read(_CHUNK):
        inflated += len(chunk)
        lim.check("max_member_bytes", inflated, f"{_DOCUMENT} inflated bytes")
        if lim.max_ratio is not None and inflated > _RATIO_AFTER:
            lim.check("max_ratio", inflated / max(compressed, 1), f"{_DOCUMENT} compression ratio")
        window = tail + chunk
        if any(marker in window for marker in _DTD):
            raise FormatError(f"{_DOCUMENT} declares a DTD or entities, which a .docx never has",
                              expected="a Word .docx file (no <!DOCTYPE>, no <!ENTITY>)")
        tail = chunk[-16:]
        yield chunk
        checkpoint(f"reading {_DOCUMENT}")


def _parse_streaming(chunks: Iterator[bytes], lim: Limits) -> ET.Element:
    """The standard library's reading: a pull parser whose events count every element."""
    from xml.etree import ElementTree as ET

    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    depth = elements = cells = 0
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for item in parser.read_events():
                event, el = cast(tuple[str, ET.Element], item)  # start and end events carry the element
                if event == "end":
                    depth -= 1
                    continue
                depth += 1
                elements += 1
                if root is None:
                    root = el
                if depth > (lim.max_depth or depth):
                    raise lim.exceeded("max_depth", depth, f"elements nested in {_DOCUMENT}")
                if el.tag == _TC:
                    cells += 1
                elif el.tag == _GRID_SPAN:
                    span = _declared_span(el.get(_VAL))
                    lim.check("max_span", span, "a gridSpan")
                    cells += span - 1  # the grid positions the merged cell covers
            lim.check("max_elements", elements, f"elements in {_DOCUMENT}")
            lim.check("max_cells", cells, "table cells in the document (spans included)")
        parser.close()
    except ET.ParseError as e:
        raise FormatError(f"{_DOCUMENT} is not well-formed XML: {e}", expected="a Word .docx file") from None
    if root is None:
        raise FormatError(f"{_DOCUMENT} is empty", expected="a Word .docx file")
    return root


#: libxml2 refuses markup nested deeper than this (without XML_PARSE_HUGE, which govreport never
#: sets): when the active ``max_depth`` is this bound, lxml's own check is exactly the limit's.
_LIBXML2_MAX_DEPTH = 256


def _lxml_etree() -> Any:
    """lxml's ``etree`` module, or None when lxml is not installed (imported on first use)."""
    try:
        from lxml import etree
    except ImportError:
        return None
    return etree


def _start_tags(chunk: bytes, previous_last: bytes) -> int:
    """Start tags (elements) in ``chunk``, counted in its bytes: every ``<`` opens markup (text
    holds ``&lt;``), and end tags, declarations and processing instructions are not elements.
    Comments and CDATA holding ``<`` make the count an over-estimate, never an under-one."""
    opened = chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
    if previous_last == b"<" and chunk[:1] in (b"/", b"?", b"!"):
        opened -= 1  # a "</" split between two chunks: its "<" was counted with the previous one
    return opened


def _parse_with_lxml(etree: Any, chunks: Iterator[bytes], lim: Limits) -> Any:
    """lxml's reading: elements are counted in the bytes before the parser sees them, cells and
    spans from the parser's events for those two tags only (filtered in C), nesting depth by
    libxml2 itself; no DTD is loaded, no entity resolved, nothing fetched from a network."""
    parser = etree.XMLPullParser(events=("start",), tag=(_TC, _GRID_SPAN), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
                                 remove_pis=True)
    elements = cells = 0
    last = b""
    try:
        for chunk in chunks:
            elements += _start_tags(chunk, last)
            last = chunk[-1:]
            lim.check("max_elements", elements, f"elements in {_DOCUMENT}")
            parser.feed(chunk)
            for _, el in parser.read_events():
                if el.tag == _TC:
                    cells += 1
                else:
                    span = _declared_span(el.get(_VAL))
                    lim.check("max_span", span, "a gridSpan")
                    cells += span - 1  # the grid positions the merged cell covers
            lim.check("max_cells", cells, "table cells in the document (spans included)")
        root = parser.close()
    except etree.XMLSyntaxError as e:
        if e.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in str(e):
            raise lim.exceeded("max_depth", _LIBXML2_MAX_DEPTH + 1, f"elements nested in {_DOCUMENT}") from None
        if e.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # libxml2's bounds on one text (10 MB), a name...
            raise FormatError(f"{_DOCUMENT} holds a text or name longer than the XML parser reads ({e})",
                              expected="a Word .docx file (no paragraph holds megabytes of text)") from None
        raise FormatError(f"{_DOCUMENT} is not well-formed XML: {e}", expected="a Word .docx file") from None
    if root is None:
        raise FormatError(f"{_DOCUMENT} is empty", expected="a Word .docx file")
    return root


def _declared_span(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or not text.isascii():
        return 1
    return int(text) if len(text) <= 12 else 10**12  # never int() of a thousand digits


def _paragraph_text(el: ET.Element) -> str:
    """A paragraph's text: its ``w:t`` texts, a space for each tab and line break and around a
    raised or lowered run.

    One loop over the paragraph's elements for either tree: lxml's own ``el.iter(*tags)``
    sets up a matcher of the tag names on each call, which costs more than this loop over
    the few elements of a paragraph (5.7 against 8.8 M instructions for a report's ~380)."""
    parts = []
    apart = False  # in a raised or lowered run: a space after it, at the next run
    for node in el.iter():
        tag = node.tag
        if tag == _T:
            if node.text:
                parts.append(node.text)
        elif tag in _SPACES:
            parts.append(" ")
        elif tag == _R:
            if apart:
                parts.append(" ")
                apart = False
        elif tag == _VERT_ALIGN and node.get(_VAL) in _RAISED:
            parts.append(" ")
            apart = True
    return "".join(parts)


class _BodyWalk:
    """One walk over a document body: the blocks in order, each with its position.

    There are no line numbers in a .docx: a block's position counts the paragraphs and table
    rows of the body from 1. The walk reads an lxml tree and the standard library's alike.
    """

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int, object]] = []  # ("p", position, text) or ("grid", position, rows)
        self.position = 0

    def container(self, container: ET.Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.position += 1
                text = _paragraph_text(child)
                if text.strip():
                    self.blocks.append(("p", self.position, text))
            elif tag == _TBL:
                self.table(child)
            elif tag in _TRANSPARENT:
                self.container(child)

    def table(self, tbl: ET.Element) -> None:
        """One ``w:tbl`` as a positioned grid (see the grid contract in docs/plugins.md).

        A cell starts at the grid column after the ones its row skips (``w:gridBefore``) and
        the cells before it, and covers ``w:gridSpan`` columns. A ``w:vMerge`` that restarts
        begins a vertically merged cell; the cells that continue it in the rows below give no
        cell of their own, and the first cell's ``rowspan`` counts them. Spans are clamped to
        the table's extent. Tables nested in cells follow the table, each read as its own.
        """
        rows_of_cells = [(tr, [tc for tc in tr if tc.tag == _TC]) for tr in tbl if tr.tag == _TR]
        most_cells = max((len(tcs) for _, tcs in rows_of_cells), default=0)
        parsed: list[tuple[int, list[_ParsedCell]]] = []
        nested: list[ET.Element] = []
        for tr, tcs in rows_of_cells:
            self.position += 1
            column = 1 + min(_skipped_columns(tr), most_cells)
            cells: list[_ParsedCell] = []
            for tc in tcs:
                span, continues, paragraphs, props_seen = 1, False, [], False
                for part in tc:
                    tag = part.tag
                    if tag == _P:
                        paragraphs.append(part)
                    elif tag == _TC_PR and not props_seen:  # the first w:tcPr counts
                        span, continues = _merge_of(part, most_cells)
                        props_seen = True
                    elif tag == _TBL:
                        nested.append(part)
                if continues:
                    text = ""
                elif len(paragraphs) == 1:  # one line: what join_cell_lines makes of it
                    text = _paragraph_text(paragraphs[0]).strip()
                else:  # 13 over 524 is never 13524
                    text = join_cell_lines(_paragraph_text(p) for p in paragraphs)
                cells.append(_new_cell(_ParsedCell, (column, span, continues, text)))
                column += span
            parsed.append((self.position, cells))
        # Each row's continuing cells by start column, to count how far a merged cell reaches.
        continuing = [{c.column for c in cells if c.continues} for _, cells in parsed]
        rows: list[tuple[int, list[RawCell]]] = []
        for r, (line, cells) in enumerate(parsed):
            out_cells: list[RawCell] = []
            for c in cells:
                if c.continues:
                    continue
                rowspan = 1
                while r + rowspan < len(parsed) and c.column in continuing[r + rowspan]:
                    rowspan += 1
                out_cells.append(_new_cell(RawCell, (c.text, c.column, c.span, rowspan)))
            rows.append((line, out_cells))
        if rows:
            self.blocks.append(("grid", rows[0][0], rows))
        for t in nested:
            self.table(t)


# A NamedTuple made from a tuple of all its fields, without its Python-level __new__ (that
# call is a third of what making a cell costs, and a table has hundreds).
_new_cell = tuple.__new__


class _ParsedCell(NamedTuple):
    """A ``w:tc`` as its row gives it, before vertical merges are counted."""

    column: int
    span: int
    continues: bool  # a w:vMerge that continues the cell above: no cell of its own
    text: str


def _skipped_columns(tr: ET.Element) -> int:
    """The grid columns a row leaves empty before its first cell (``w:trPr/w:gridBefore``)."""
    for props in tr:
        if props.tag == _TR_PR:
            for prop in props:
                if prop.tag == _GRID_BEFORE:
                    return _int_val(prop, 0)
            return 0
    return 0


def _merge_of(tc_pr: ET.Element, most_cells: int) -> tuple[int, bool]:
    """A cell's column span (clamped to the widest row) and whether it continues a vertical
    merge, from the first ``w:gridSpan`` and ``w:vMerge`` in its properties."""
    span: int | None = None
    continues: bool | None = None
    for prop in tc_pr:
        tag = prop.tag
        if tag == _GRID_SPAN and span is None:
            span = max(1, min(_int_val(prop, 1), most_cells))
        elif tag == _V_MERGE and continues is None:
            continues = prop.get(_VAL, "continue") != "restart"
    return (1 if span is None else span), bool(continues)


def _int_val(el: ET.Element, default: int) -> int:
    try:
        return max(0, int(el.get(_VAL, str(default))))
    except ValueError:
        return default
