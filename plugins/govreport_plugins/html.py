"""HTML pages as saved from a government site (whole page with navigation, or the article).

Parser: lxml (``pip install 'govreport[html]'``). Why lxml: it is libxml2's forgiving HTML
parser, the fastest in Python by far, keeps each element's source line (``sourceline``) for
diagnostics, and handles the broken markup real sites serve; selectolax is as fast but gives no
source lines, and the standard library's html.parser would need a tree builder of our own.

Encoding: a BOM, else ``<meta charset>``/``http-equiv`` (GB2312 and GBK are read as their
superset GB18030), else UTF-8, else GB18030. Tables become positioned grids: each cell keeps
its grid column and its ``rowspan``/``colspan`` (see the grid contract in docs/plugins.md), so
the core places values by the column they stand in; ``<br>`` inside a cell joins the lines;
a layout table that holds other tables is not a grid itself, its inner tables are.
Everything before the report's title (navigation, breadcrumbs) is dropped when a title is found.
"""

from __future__ import annotations

import codecs
import re

from govreport.blocks import Document, RawCell, document_from_raw
from govreport.errors import FormatError
from govreport.plugin import FormatPlugin

_TAG = re.compile(rb"<\s*(?:html|body|table|tr|td|p|div|h[1-6])\b", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {"html", "body", "main", "header", "footer", "nav", "form", "p", "div", "h1", "h2", "h3", "h4", "h5",
               "h6", "li", "ul", "ol", "dl", "dd", "dt", "section", "article", "center", "blockquote", "pre",
               "table", "tbody", "thead", "tfoot", "tr", "td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "iframe"}
_PAGE_DATE = re.compile(r"(?:发布|发表|成文|公开)(?:日期|时间)")
_TITLE = re.compile(r"(?:19|20)\d{2}\s*年\s*度?.{0,16}?(?:政府信息公开|政务公开|信息公开).{0,10}?报告")


def decode_html(data: bytes) -> str:
    """The page's text, decoded by BOM, declared charset, UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
            name = "gb18030"
        try:
            codecs.lookup(name)
            return data.decode(name, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class HtmlPlugin(FormatPlugin):
    """Reads HTML report pages: paragraphs and tables with row and column spans."""

    name = "html"
    aliases = ("htm", "web")
    description = "HTML pages: tables with rowspan/colspan, <br> in cells, GBK pages, navigation dropped"
    binary = True

    def sniff(self, data: bytes) -> float:  # type: ignore[override]
        head = data[:8192]
        if b"\x00" in head or data.startswith(b"PK\x03\x04"):
            return 0.0
        tags = len(_TAG.findall(head))
        if tags == 0:
            return 0.0
        return 0.9 if tags >= 3 or re.search(rb"<!doctype html|<html", head, re.I) else 0.55

    def read(self, data: bytes) -> Document:  # type: ignore[override]
        try:
            import lxml.html
        except ImportError:
            raise FormatError("reading HTML needs lxml", expected="pip install 'govreport[html]'") from None
        text = decode_html(data)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding declaration
        if not text.strip():
            raise FormatError("the HTML page is empty", expected="an HTML report page")
        try:
            root = lxml.html.document_fromstring(text)
        except Exception as e:  # lxml raises ParserError or XMLSyntaxError on hopeless input
            raise FormatError(f"not readable as HTML: {e}", expected="an HTML report page") from None
        raw: list[tuple[str, int, object]] = []
        _walk(root, raw)
        raw = _from_title(raw)
        return document_from_raw(raw, encoding="html")


def _cell_text(el) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []

    def visit(node) -> None:  # type: ignore[no-untyped-def]
        if not isinstance(node.tag, str) or node.tag in _SKIP:
            return
        if node.tag == "br":
            parts.append("\n")  # a cell's lines are joined again; a paragraph's become lines
        elif node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return "".join(parts).replace("\xa0", " ").strip()


def _walk(el, out: list[tuple[str, int, object]]) -> None:  # type: ignore[no-untyped-def]
    """Paragraph texts and tables in document order."""
    if not isinstance(el.tag, str) or el.tag in _SKIP:
        return
    if el.tag == "table":
        if el.xpath(".//table"):  # a layout table: read what its cells hold, inner tables as grids
            for cell in el.iterdescendants("td", "th"):
                if cell.xpath("ancestor::table[1]")[0] is el:
                    _walk_contents(cell, out)
            return
        out.append(("grid", el.sourceline or 0, _grid(el)))
        return
    has_block_inside = any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iterdescendants())
    if not has_block_inside:
        text = _cell_text(el)
        if text:
            for n, line in enumerate(t for t in text.split("\n") if t.strip()):
                out.append(("p", (el.sourceline or 0) + n, line))
        return
    _walk_contents(el, out)


def _walk_contents(el, out: list[tuple[str, int, object]]) -> None:  # type: ignore[no-untyped-def]
    """An element's own text, its children and the text between them, in order."""
    if el.text and el.text.strip():
        out.append(("p", el.sourceline or 0, el.text.strip()))
    for child in el:
        _walk(child, out)
        if child.tail and child.tail.strip():
            out.append(("p", child.sourceline or 0, child.tail.strip()))


def _grid(table) -> list[tuple[int, list[RawCell]]]:  # type: ignore[no-untyped-def]
    """The table's rows as positioned cells: each cell once, at the grid column where it
    starts, with its ``rowspan``/``colspan``; the columns a cell from a row above still covers
    are skipped, as a browser lays the table out.

    Spans are clamped to the table's real extent (a ``colspan`` to the widest row the cells
    themselves make, a ``rowspan`` to the rows left), and the work is linear in the cells: a
    row skips the columns taken from above through one list of "taken until row" marks.
    """
    trs = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    rows_of_cells = [[td for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")] for tr in trs]
    most_cells = max((len(tds) for tds in rows_of_cells), default=0)
    spans = [[(_span(td.get("rowspan")), min(_span(td.get("colspan")), most_cells)) for td in tds]
             for tds in rows_of_cells]
    # Columns a row lays out itself; a span reaching past the widest row is cut there.
    width = max((sum(cs for _, cs in row) for row in spans), default=0)
    taken_until = [0] * width  # grid column -> first row index no longer covered from above
    rows: list[tuple[int, list[RawCell]]] = []
    for r, (tr, tds) in enumerate(zip(trs, rows_of_cells)):
        c = 0
        cells: list[RawCell] = []
        for td, (rowspan, colspan) in zip(tds, spans[r]):
            while c < width and taken_until[c] > r:
                c += 1
            if c >= width:
                break  # more cells than the table has columns (broken markup): no place for them
            colspan = min(colspan, width - c)
            rowspan = min(rowspan, len(trs) - r)
            cells.append(RawCell(_cell_text(td).replace("\n", ""), c + 1, colspan, rowspan))
            if rowspan > 1:
                for k in range(c, c + colspan):
                    taken_until[k] = r + rowspan
            c += colspan
        rows.append((tr.sourceline or 0, cells))
    return rows


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _from_title(raw: list[tuple[str, int, object]]) -> list[tuple[str, int, object]]:
    """Drop navigation (and any table in it) before the report: start at its title line.

    The page's own publication date (发布时间/发布日期), often in the header, is kept: it is the
    report's date when no date stands under the signature.
    """
    titles = [i for i, (k, _, t) in enumerate(raw) if k == "p" and len(str(t)) <= 60 and _TITLE.search(str(t))]
    if not titles:
        return raw
    start = titles[0]
    # keep an agency line standing right above the title
    if start > 0 and raw[start - 1][0] == "p" and len(str(raw[start - 1][2])) <= 30:
        start -= 1
    dates = [item for item in raw[:start] if item[0] == "p" and _PAGE_DATE.search(str(item[2]))]
    return raw[start:] + dates
