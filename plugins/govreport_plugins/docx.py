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
from xml.etree import ElementTree as ET

from govreport.blocks import Document, RawCell, document_from_raw
from govreport.errors import FormatError
from govreport.plugin import FormatPlugin

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocxPlugin(FormatPlugin):
    """Reads .docx files: paragraphs and tables with merged cells."""

    name = "docx"
    aliases = ("word",)
    description = ".docx files (Word): paragraphs and tables, merged cells included"
    binary = True

    def sniff(self, data: bytes) -> float:  # type: ignore[override]
        if not data.startswith(b"PK\x03\x04"):
            return 0.0
        return 0.95 if b"word/document.xml" in data[:65536] or b"word/" in data else 0.6

    def read(self, data: bytes) -> Document:  # type: ignore[override]
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                xml = z.read("word/document.xml")
        except KeyError:
            raise FormatError("the zip file has no word/document.xml: not a .docx",
                              expected="a Word .docx file") from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as e:
            raise FormatError(f"not a readable .docx (corrupt or truncated zip: {e})",
                              expected="a Word .docx file") from None
        try:
            root = ET.fromstring(xml)
        except ET.ParseError as e:
            raise FormatError(f"word/document.xml is not well-formed XML: {e}", expected="a Word .docx file") from None
        body = root.find(f"{W}body")
        if body is None:
            raise FormatError("word/document.xml has no body", expected="a Word .docx file")
        raw: list[tuple[str, int, object]] = []  # ("p", position, text) or ("grid", position, rows)
        counter = [0]
        _walk(body, raw, counter)
        return document_from_raw(raw, encoding="docx")


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
            text = "" if continues else "".join(_text(p).strip() for p in tc.findall(f"{W}p"))
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
