"""HTML pages as saved from a government site (whole page with navigation, or the article).

Parser: lxml (``pip install 'govreport[html]'``). Why lxml: it is libxml2's forgiving HTML
parser, the fastest in Python by far, keeps each element's source line (``sourceline``) for
diagnostics, and handles the broken markup real sites serve; selectolax is as fast but gives no
source lines, and the standard library's html.parser would need a tree builder of our own.

Encoding: the page arrives decoded by the core's one decoder (:mod:`govreport.decode`: a BOM,
the declared ``<meta charset>``/``http-equiv`` checked against the bytes, UTF-8, GB18030).

Tables become positioned grids: each cell keeps its grid column and its ``rowspan``/``colspan``
(see the grid contract in docs/plugins.md), so the core places values by the column they stand
in; ``<br>`` inside a cell joins the lines; a layout table that holds other tables is not a grid
itself, its inner tables are. Everything before the report's title (navigation, breadcrumbs) is
dropped when a title is found.
"""

from __future__ import annotations

import re

from govreport.blocks import Document, RawBlock, RawCell, document_from_raw
from govreport.errors import FormatError
from govreport.limits import active as active_limits
from govreport.limits import checkpoint
from govreport.numbers import join_cell_lines
from govreport.plugin import FormatPlugin, ReportInput

_TAG = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|h[1-6])\b", re.I)
_PAGE_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_BLOCK_TAGS = {"html", "body", "main", "header", "footer", "nav", "form", "p", "div", "h1", "h2", "h3", "h4", "h5",
               "h6", "li", "ul", "ol", "dl", "dd", "dt", "section", "article", "center", "blockquote", "pre",
               "table", "tbody", "thead", "tfoot", "tr", "td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "iframe"}
# A superscript or subscript (a footnote marker: 4188<sup>1</sup>) is no part of the text beside
# it: it stands apart by a space, so a number and its marker are two digit runs (refused, GR151).
_APART = frozenset({"sup", "sub"})
_LINE_BREAKING = frozenset((*_BLOCK_TAGS, *_SKIP, *_APART, "br"))  # what _cell_text cannot leave to lxml's itertext
_PAGE_DATE = re.compile(r"(?:发布|发表|成文|公开)(?:日期|时间)")
_TITLE = re.compile(r"(?:19|20)\d{2}\s*年\s*度?.{0,16}?(?:政府信息公开|政务公开|信息公开).{0,10}?报告")


class HtmlPlugin(FormatPlugin):
    """Reads HTML report pages: paragraphs and tables with row and column spans."""

    name = "html"
    aliases = ("htm", "web")
    description = "HTML pages: tables with rowspan/colspan, <br> in cells, GBK pages, navigation dropped"
    filenames = ("*.html", "*.htm", "*.shtml", "*.xhtml")

    def sniff(self, source: ReportInput) -> float:
        head = source.decoded_text[:8192]  # the markup as decoded (by the core's one decoder)
        if "<" not in head or "\x00" in head:
            return 0.0
        tags = len(_TAG.findall(head))
        if tags == 0:
            return 0.0
        # A page of markup is HTML before it is anything else: its indentation (tabs) and any
        # "|" in scripts would otherwise let a text layout claim it. Text layouts score at most
        # 0.95, so a whole page (or three block tags) outranks them.
        if _PAGE_START.match(head):
            return 0.99
        return 0.96 if tags >= 3 else 0.55

    def read(self, source: ReportInput) -> Document:
        return document_from_raw(markup_blocks(source.decoded_text), encoding="html")


def markup_blocks(text: str) -> list[RawBlock]:
    """The paragraphs and tables of a page of markup, their texts as the markup has them
    (not yet normalised): what :meth:`HtmlPlugin.read` reads, for a plugin that finds markup
    inside its own layout (raw ``<table>`` blocks in markdown), already normalised by the core."""
    try:
        from lxml import etree
    except ImportError:
        raise FormatError("reading HTML needs lxml", expected="pip install 'govreport[html]'") from None
    # the page's tree and the texts walked out of it take ~10 bytes per character
    active_limits().check("max_text_chars", len(text), "characters in the page")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding declaration
    if not text.strip():
        raise FormatError("the HTML page is empty", expected="an HTML report page")
    try:
        # lxml.html's own parser, without its element classes: lxml.html looks each element's
        # class up in Python as the walk first touches it, a fifth of a page's reading
        root = etree.fromstring(text, etree.HTMLParser())
    except Exception as e:  # lxml raises XMLSyntaxError (or ValueError) on hopeless input
        raise FormatError(f"not readable as HTML: {e}", expected="an HTML report page") from None
    if root is None:
        raise FormatError("not readable as HTML: the page holds no elements", expected="an HTML report page")
    spans = _check_limits(root)
    raw: list[tuple[str, int, object]] = []
    _walk(root, raw, spans)
    return page_head(root) + _from_title(raw)


def _check_limits(root) -> DeclaredSpans:  # type: ignore[no-untyped-def]
    """Refuse a page past the active :class:`~govreport.Limits` before walking it: elements,
    nesting depth, span values and the grid positions its cells cover (a cell covers
    colspan x rowspan of them). XPath counts in C; only cells that declare a span reach Python.
    Returns those cells' spans, for the walk.
    """
    lim = active_limits()
    lim.check("max_elements", int(root.xpath("count(//*)")), "elements in the page")
    too_deep = root.xpath(_DEEPER_THAN.format(steps="/*" * (lim.max_depth + 1))) if lim.max_depth else []
    if too_deep:
        raise lim.exceeded("max_depth", lim.max_depth + 1, "elements nested in the page",  # type: ignore[operator]
                           line=too_deep[0].sourceline)
    covered = int(root.xpath(_CELL_COUNT))
    spans = _declared_spans(root)
    for cell, (rowspan, colspan) in spans.items():
        colspan_value, rowspan_value = _declared_span(colspan), _declared_span(rowspan)
        lim.check("max_span", max(colspan_value, rowspan_value), "a colspan or rowspan",
                  line=cell.sourceline)  # type: ignore[attr-defined]
        covered += colspan_value * rowspan_value - 1
    lim.check("max_cells", covered, "table cells in the page (spans included)")
    checkpoint("reading the HTML page")
    return spans


#: The cells that declare a ``rowspan`` or ``colspan``, in document order, and the two
#: attributes' values as the markup has them (None where one is not given).
DeclaredSpans = dict[object, tuple[str | None, str | None]]


def _declared_spans(root) -> DeclaredSpans:  # type: ignore[no-untyped-def]
    """The page's cells that declare a span. Found through their span attributes: most cells
    declare none, and a path to the attributes costs XPath a third of a predicate
    (``[@colspan or @rowspan]``) tested on every cell. XPath gives the attributes in document
    order, and the dict keeps it."""
    found: dict[object, list[str | None]] = {}
    for value in root.xpath(_SPAN_ATTRIBUTES):
        found.setdefault(value.getparent(), [None, None])[value.attrname == "colspan"] = str(value)
    return {cell: (rowspan, colspan) for cell, (rowspan, colspan) in found.items()}


_CELL_COUNT = "count(descendant-or-self::td) + count(descendant-or-self::th)"
_SPAN_ATTRIBUTES = " | ".join(f"descendant-or-self::{cell}/@{span}" for cell in ("td", "th")
                              for span in ("colspan", "rowspan"))
# The first element nested deeper than a depth: "/*" once per level, the root's included.
_DEEPER_THAN = "({steps})[1]"


def _declared_span(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit() or not text.isascii():
        return 1
    return int(text) if len(text) <= 12 else 10**12  # never int() of a thousand digits


def _cell_text(el, joiner: str = "\n") -> str:  # type: ignore[no-untyped-def]
    """An element's text, its lines joined by ``joiner``: a ``<br>`` and the edges of a block
    element inside it (``<p>``, ``<div>``...) end a line. Lines are joined by
    :func:`~govreport.numbers.join_cell_lines`, so two lines that meet digit to digit keep a
    space as well: a grid cell, whose lines are joined with nothing (``行政<br>许可`` is one
    label), still never reads ``<p>13</p><p>524</p>`` as 13524 or ``2<br>1`` as 21.

    Most cells hold plain text or inline markup (``<span>``, ``<font>``): lxml gathers their
    text in C. Only a cell with a line break, a block or a script inside is walked here.
    """
    if len(el) == 0:
        text = el.text or ""
        if "\n" not in text:  # one line: what join_cell_lines makes of it
            return text.replace("\xa0", " ").strip()
    elif not _holds_any(el, _LINE_BREAKING):
        text = "".join(el.itertext())  # comments' texts are skipped, their tails kept
    else:
        text = _text_with_breaks(el)
    return join_cell_lines(text.replace("\xa0", " ").split("\n"), joiner)


def _holds_any(el, tags: frozenset[str] | set[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether an element inside ``el`` has one of ``tags``.

    lxml's ``iterdescendants(*tags)`` builds a matcher of the tag names on each call (~60,000
    instructions for thirty names, more than reading a cell), and the elements inside a
    paragraph or a cell are few: they are looked at in Python. Past a few dozen, lxml's matcher
    scans the rest in C, so a page of deeply nested markup costs no more than it did."""
    if len(el) == 0:
        return False
    for n, node in enumerate(el.iterdescendants()):
        if node.tag in tags:  # a comment's tag is a function: never one of them
            return True
        if n == _SCANNED_IN_PYTHON:
            return next(el.iterdescendants(*tags), None) is not None
    return False


_SCANNED_IN_PYTHON = 32


def _text_with_breaks(el) -> str:  # type: ignore[no-untyped-def]
    """The text of ``el`` with ``\n`` at each ``<br>`` and block edge, the text of scripts and
    styles left out. Iterative, not recursive: a page may nest elements thousands deep."""
    parts: list[str] = []
    # (node, is_tail_marker): a node to visit, or a node whose tail follows its subtree
    stack: list[tuple[object, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if closing:
            if isinstance(tag, str) and tag in _BLOCK_TAGS:
                parts.append("\n")
            elif tag in _APART:
                parts.append(" ")
            if node is not el and node.tail:  # type: ignore[attr-defined]
                parts.append(node.tail)  # type: ignore[attr-defined]
            continue
        stack.append((node, True))
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == "br":
            parts.append("\n")
        else:
            if tag in _APART:
                parts.append(" ")
            if tag in _BLOCK_TAGS and node is not el:
                parts.append("\n")
            if node.text:  # type: ignore[attr-defined]
                parts.append(node.text)  # type: ignore[attr-defined]
        stack.extend((child, False) for child in reversed(node))  # type: ignore[call-overload]
    return "".join(parts)


def _walk(el, out: list[tuple[str, int, object]], spans: DeclaredSpans) -> None:  # type: ignore[no-untyped-def]
    """Paragraph texts and tables in document order."""
    if not isinstance(el.tag, str) or el.tag in _SKIP:
        return
    if el.tag == "table":
        if el.xpath(".//table"):  # a layout table: read what its cells hold, inner tables as grids
            for cell in el.iterdescendants("td", "th"):
                if cell.xpath("ancestor::table[1]")[0] is el:
                    _walk_contents(cell, out, spans)
            return
        out.append(("grid", el.sourceline or 0, _grid(el, spans)))
        return
    if not _holds_any(el, _BLOCK_TAGS):
        text = _cell_text(el)
        if text:
            for n, line in enumerate(t for t in text.split("\n") if t.strip()):
                out.append(("p", (el.sourceline or 0) + n, line))
        return
    _walk_contents(el, out, spans)


def _walk_contents(el, out: list[tuple[str, int, object]], spans: DeclaredSpans) -> None:  # type: ignore[no-untyped-def]
    """An element's own text, its children and the text between them, in order."""
    if el.text and el.text.strip():
        out.append(("p", el.sourceline or 0, el.text.strip()))
    for child in el:
        _walk(child, out, spans)
        if child.tail and child.tail.strip():
            out.append(("p", child.sourceline or 0, child.tail.strip()))


def _grid(table, declared: DeclaredSpans) -> list[tuple[int, list[RawCell]]]:  # type: ignore[no-untyped-def]
    """The table's rows as positioned cells: each cell once, at the grid column where it
    starts, with its ``rowspan``/``colspan``; the columns a cell from a row above still covers
    are skipped, as a browser lays the table out.

    Spans are clamped to the table's real extent (a ``colspan`` to the widest row the cells
    themselves make, a ``rowspan`` to the rows left), and the work is linear in the cells: a
    row skips the columns taken from above through one list of "taken until row" marks.
    ``declared``: the page's cells that declare a span (:func:`_declared_spans`).
    """
    trs = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    cells_of = [list(tr.iterchildren("td", "th")) for tr in trs]  # lxml picks the cells out in C
    most_cells = max(map(len, cells_of), default=0)
    spans: dict[object, tuple[int, int]] = {}  # (rowspan, colspan) of the cells that declare one
    width = 0  # the columns the widest row lays out itself: a span reaching past it is cut there
    for tds in cells_of:
        row_width = len(tds)
        for td in tds:
            if td in declared:
                rowspan_text, colspan_text = declared[td]
                spans[td] = rowspan, colspan = _span(rowspan_text), _span(colspan_text)
                row_width += min(colspan, most_cells) - 1
        width = max(width, row_width)
    taken_until = [0] * width  # grid column -> first row index no longer covered from above
    rows: list[tuple[int, list[RawCell]]] = []
    for r, (tr, tds) in enumerate(zip(trs, cells_of)):
        checkpoint("reading the page's tables")  # the time budget (govreport.Limits), per row
        c = 0
        cells: list[RawCell] = []
        for td in tds:
            while c < width and taken_until[c] > r:
                c += 1
            if c >= width:
                break  # more cells than the table has columns (broken markup): no place for them
            rowspan, colspan = spans.get(td, _NO_SPANS)
            if colspan > 1:
                colspan = min(colspan, most_cells, width - c)
            if rowspan > 1:
                rowspan = min(rowspan, len(trs) - r)
                for k in range(c, c + colspan):
                    taken_until[k] = r + rowspan
            # a label's lines are one label
            cells.append(_new_cell(RawCell, (_cell_text(td, ""), c + 1, colspan, rowspan)))
            c += colspan
        rows.append((tr.sourceline or 0, cells))
    return rows


_NO_SPANS = (1, 1)
# A NamedTuple made from a tuple of all its fields, without its Python-level __new__ (that
# call is a third of what making a cell costs, and a page has hundreds).
_new_cell = tuple.__new__


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


# <meta name=…> of report pages (government site templates) and the header line each becomes.
_HEAD_META = {"articletitle": "标题", "title": "标题", "pubdate": "发布时间", "publishdate": "发布时间",
              "firstpublishedtime": "发布时间", "contentsource": "发布机构", "source": "发布机构"}
# No ``\s*`` around it (the piece before it is stripped instead): searched for, a leading
# ``\s*`` restarts at each space of a long run without a separator, quadratic in the run.
_TITLE_SEPARATORS = re.compile(r"_|\||-{1,2}|——|—")


def page_head(root) -> list[tuple[str, int, object]]:  # type: ignore[no-untyped-def]
    """What the page's ``<head>`` says about the report, as the header lines a crawler writes
    above an article (``标题: …``, ``发布时间: …``, ``发布机构: …``), so the metadata reader
    treats a saved page and a crawler's copy alike: ``<meta name="ArticleTitle">`` (else the
    ``<title>`` up to its first ``_``/``|`` separator), ``PubDate``, ``ContentSource``."""
    found: dict[str, tuple[str, int]] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        header = _HEAD_META.get(name)
        if header and content and header not in found:
            found[header] = (content, meta.sourceline or 0)
    if "标题" not in found:
        title = root.find(".//title")
        text = (title.text or "").strip() if title is not None else ""
        if text:
            found["标题"] = (_TITLE_SEPARATORS.split(text, maxsplit=1)[0].rstrip(), title.sourceline or 0)
    return [("p", line, f"{header}: {value[:200]}") for header, (value, line) in found.items()]


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
