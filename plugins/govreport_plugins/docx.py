"""Word .docx files, read directly from their XML (standard library only).

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
from typing import IO, cast
from xml.etree import ElementTree as ET

from govreport.blocks import Document, RawCell, document_from_raw
from govreport.errors import FormatError
from govreport.limits import Limits, checkpoint
from govreport.limits import active as active_limits
from govreport.numbers import join_cell_lines
from govreport.plugin import FormatPlugin, ReportInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TC, _GRID_SPAN, _VAL = f"{W}tc", f"{W}gridSpan", f"{W}val"


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
        raw: list[tuple[str, int, object]] = []  # ("p", position, text) or ("grid", position, rows)
        counter = [0]
        _walk(body, raw, counter)
        return document_from_raw(raw, encoding="docx")


# -- the zip and the XML: bounded before anything is built ---------------------------------

_DOCUMENT = "word/document.xml"
_CHUNK = 64 * 1024
_RATIO_AFTER = 1024 * 1024  # a small member may compress very well (repeated markup); judge ratios past 1 MiB
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _document_root(data: bytes) -> ET.Element:
    """Parse ``word/document.xml`` out of the .docx bytes within the active limits.

    The member is inflated in chunks and each chunk is counted (decompressed size, ratio to its
    compressed size) before the XML parser sees it, so a zip bomb stops after at most
    ``max_member_bytes`` of output whatever the zip's headers claim; the pull parser's events
    count elements, cells and nesting depth as the tree is built. A DTD is refused outright: a
    .docx has none, and entity declarations are how XXE and billion-laughs attacks work. No
    member is ever written to disk, so names like ``../../x`` reach nothing.
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
                return _parse_streaming(member, info.compress_size, lim)
    except KeyError:
        raise FormatError("the zip file has no word/document.xml: not a .docx",
                          expected="a Word .docx file") from None
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, NotImplementedError, zlib.error,
            RuntimeError) as e:  # RuntimeError: an encrypted member; NotImplementedError: unknown compression
        raise FormatError(f"not a readable .docx (corrupt, truncated or encrypted zip: {e})",
                          expected="a Word .docx file") from None


def _parse_streaming(member: IO[bytes], compressed: int, lim: Limits) -> ET.Element:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    inflated = depth = elements = cells = 0
    tail = b""  # the end of the previous chunk: a DTD marker may straddle two chunks
    try:
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
            checkpoint(f"reading {_DOCUMENT}")
        parser.close()
    except ET.ParseError as e:
        raise FormatError(f"{_DOCUMENT} is not well-formed XML: {e}", expected="a Word .docx file") from None
    if root is None:
        raise FormatError(f"{_DOCUMENT} is empty", expected="a Word .docx file")
    return root


def _declared_span(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or not text.isascii():
        return 1
    return int(text) if len(text) <= 12 else 10**12  # never int() of a thousand digits


def _text(el: ET.Element) -> str:
    parts = []
    for node in el.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    return "".join(parts)


def _walk(container: ET.Element, out: list[tuple[str, int, object]], counter: list[int]) -> None:
    for child in container:
        if child.tag == f"{W}p":
            counter[0] += 1
            text = _text(child)
            if text.strip():
                out.append(("p", counter[0], text))
        elif child.tag == f"{W}tbl":
            _table(child, out, counter)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            _walk(child, out, counter)


def _int_val(el: ET.Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, int(el.get(f"{W}val", str(default))))
    except ValueError:
        return default


def _table(tbl: ET.Element, out: list[tuple[str, int, object]], counter: list[int]) -> None:
    """One ``w:tbl`` as a positioned grid (see the grid contract in docs/plugins.md).

    A cell starts at the grid column after the ones its row skips (``w:gridBefore``) and the
    cells before it, and covers ``w:gridSpan`` columns. A ``w:vMerge`` that restarts begins a
    vertically merged cell; the cells that continue it in the rows below give no cell of their
    own, and the first cell's ``rowspan`` counts them. Spans are clamped to the table's extent.
    """
    parsed: list[tuple[int, list[tuple[int, int, bool, str]]]] = []  # (line, [(column, colspan, continues, text)])
    nested: list[ET.Element] = []
    trs = tbl.findall(f"{W}tr")
    most_cells = max((len(tr.findall(f"{W}tc")) for tr in trs), default=0)
    for tr in trs:
        counter[0] += 1
        row_props = tr.find(f"{W}trPr")
        column = 1 + min(_int_val(row_props.find(f"{W}gridBefore") if row_props is not None else None, 0),
                         most_cells)
        cells: list[tuple[int, int, bool, str]] = []
        for tc in tr.findall(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            continues = False
            if props is not None:
                span = max(1, min(_int_val(props.find(f"{W}gridSpan"), 1), most_cells))
                vm = props.find(f"{W}vMerge")
                continues = vm is not None and vm.get(f"{W}val", "continue") != "restart"
            nested += tc.findall(f"{W}tbl")
            text = "" if continues else join_cell_lines(_text(p) for p in tc.findall(f"{W}p"))  # 13 / 524 is never 13524
            cells.append((column, span, continues, text))
            column += span
        parsed.append((counter[0], cells))
    # Each row's continuing cells by start column, to count how far a merged cell reaches.
    continuing = [{col for col, _, cont, _ in cells if cont} for _, cells in parsed]
    rows: list[tuple[int, list[RawCell]]] = []
    for r, (line, cells) in enumerate(parsed):
        out_cells: list[RawCell] = []
        for col, span, cont, text in cells:
            if cont:
                continue
            rowspan = 1
            while r + rowspan < len(parsed) and col in continuing[r + rowspan]:
                rowspan += 1
            out_cells.append(RawCell(text, col, span, rowspan))
        rows.append((line, out_cells))
    if rows:
        out.append(("grid", rows[0][0], rows))
    for t in nested:
        _table(t, out, counter)
