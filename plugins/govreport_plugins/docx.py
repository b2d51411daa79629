"""Word .docx files, read directly from their XML (standard library only).

A .docx is a zip holding ``word/document.xml``. Paragraphs (``w:p``) become paragraphs; tables
(``w:tbl``) become grids, with horizontally merged cells (``w:gridSpan``) and vertically merged
ones (``w:vMerge``) flattened to empty cells exactly as the text layouts show them, so the core
table builder reads them the same way. A table nested in a cell is read as a table of its own.

There are no line numbers in a .docx: a block's "line" is its position in the document
(the n-th paragraph or table row of the body, counting from 1).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from govreport.blocks import Document, document_from_raw
from govreport.errors import FormatError
from govreport.plugin import FormatPlugin, ReportInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def _table(tbl: ET.Element, out: list[tuple[str, int, object]], counter: list[int]) -> None:
    rows: list[tuple[int, list[str]]] = []
    nested: list[ET.Element] = []
    for tr in tbl.findall(f"{W}tr"):
        counter[0] += 1
        cells: list[str] = []
        for tc in tr.findall(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            merged_below = False
            if props is not None:
                gs = props.find(f"{W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(f"{W}val", "1")))
                    except ValueError:
                        span = 1
                vm = props.find(f"{W}vMerge")
                merged_below = vm is not None and vm.get(f"{W}val", "continue") != "restart"
            inner = tc.findall(f"{W}tbl")
            nested += inner
            paras = [_text(p) for p in tc.findall(f"{W}p")]
            text = "" if merged_below else "".join(p.strip() for p in paras)
            cells += [text] + [""] * (span - 1)
        rows.append((counter[0], cells))
    if rows:
        out.append(("grid", rows[0][0], rows))
    for t in nested:
        _table(t, out, counter)
