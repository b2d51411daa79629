"""Markdown as converters write it: pandoc ``gfm`` and ``markdown``, and GitHub-flavoured text.

* **pipe tables** (``| a | b |`` over an alignment row ``|---|:--:|``): cells split on ``|``
  except an escaped ``\\|``, ``<br>`` inside a cell joined. Their cell columns are positions in
  the row (a pipe table has no merged cells; an empty cell is a blank).
* **raw HTML tables**: wherever cells are merged, pandoc's gfm writer falls back to a
  ``<table>`` block. It is read by the HTML plugin's own code
  (:func:`~govreport_plugins.html.markup_blocks`), so spans mean here exactly what they mean
  in an HTML page; its texts are the core's normalised text already, so they are not
  normalised again.
* **pandoc's multiline, simple and grid tables** (what ``-t markdown`` writes): read by
  :mod:`govreport_plugins.fixed_width`, with the markdown in their cells stripped.
* prose: headings (``#``), emphasis, links, images, escapes and hard line breaks are stripped
  so labels and metadata read as plain text; a paragraph's soft-wrapped lines are joined.

Grids are given as the layout knows them; label-column padding left by expanded spans is dropped
(:mod:`govreport_plugins.label_columns`).
"""

from __future__ import annotations

import re

import attrs

from govreport.blocks import Block, Document, Grid, GridCell, GridRow, Paragraph, document_from_raw
from govreport.plugin import FormatPlugin

from .fixed_width import FixedWidthTables, count_table_rules
from .html import markup_blocks
from .label_columns import without_label_padding

_ALIGN_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_OPEN = re.compile(r"^\s*<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_TABLE_ANYWHERE = re.compile(r"<table\b", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'$^@&=:;,?/])")
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_SPLIT_PIPES = re.compile(r"(?<!\\)\|")


def inline_text(text: str) -> str:
    """Markdown inline syntax stripped: images, links (their text kept), emphasis, tags, escapes."""
    if not any(ch in text for ch in "*_[]!\\<~`"):
        return text.strip()
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    for _ in range(2):  # **bold *inside* bold**
        text = _EMPHASIS.sub(r"\2", text)
    text = _BR.sub("", text)
    text = _TAG.sub("", text)
    text = text.replace("`", "")
    text = text.rstrip()
    if text.endswith("\\"):  # a hard line break
        text = text[:-1]
    return _ESCAPE.sub(r"\1", text).strip()


def _prose_line(text: str) -> str:
    m = _HEADING.match(text)
    if m:
        text = m.group(1)
    text = _BULLET.sub("", _BLOCKQUOTE.sub("", text))
    return inline_text(text)


class MarkdownBlocks:
    """Reads a markdown text into paragraphs and grids."""

    def __init__(self) -> None:
        self.fixed = FixedWidthTables(clean=inline_text, prose=_prose_line)

    def blocks(self, text: str) -> list[Block]:
        lines = text.split("\n")
        blocks: list[Block] = []
        paragraph: list[tuple[int, str]] = []  # the lines of the paragraph being read

        def close() -> None:
            blocks.extend(_paragraphs(paragraph))
            paragraph.clear()

        i = 0
        while i < len(lines):
            line = lines[i]
            if _TABLE_OPEN.match(line):
                close()
                end = i
                while end < len(lines) and not _TABLE_CLOSE.search(lines[end]):
                    end += 1
                blocks.extend(_html_blocks("\n".join(lines[i:end + 1]), i + 1))
                i = end + 1
                continue
            if i + 1 < len(lines) and _ALIGN_ROW.match(lines[i + 1]) and "-" in lines[i + 1] \
                    and ("|" in line or _one_cell_header(lines, i)):
                close()
                grid, i = _pipe_table(lines, i)
                blocks.append(grid)
                continue
            found = self.fixed.table_at(lines, i)
            if found is not None:
                close()
                blocks.append(found[0])
                i = found[1]
                continue
            if not line.strip():
                close()
            else:
                paragraph.append((i + 1, line))
            i += 1
        close()
        return blocks


def _paragraphs(lines: list[tuple[int, str]]) -> list[Paragraph]:
    """A markdown paragraph's lines as paragraphs: soft-wrapped lines joined, a hard break
    (two trailing spaces or a backslash) or a heading starting a new one."""
    out: list[Paragraph] = []
    text, first, column = "", 0, 1
    for line, raw in lines:
        hard = raw.endswith("  ") or raw.rstrip().endswith("\\") or bool(_HEADING.match(raw))
        piece = _prose_line(raw)
        if not text:
            first, column = line, len(raw) - len(raw.lstrip()) + 1
        if text and text[-1].isascii() and piece[:1].isascii():
            text += " "
        text += piece
        if hard and text:
            out.append(Paragraph(text, first, column))
            text = ""
    if text:
        out.append(Paragraph(text, first, column))
    return out


def _pipe_table(lines: list[str], start: int) -> tuple[Grid, int]:
    """The pipe table whose header row is at ``start`` (its alignment row below it)."""
    header = _pipe_row(lines[start], start + 1)
    # A pipe table must have a header row: for a table without one, pandoc writes a row of
    # empty cells, which is no row of the report's table.
    rows = [header] if any(c.text for c in header.cells) else []
    i = start + 2
    while i < len(lines) and lines[i].strip():
        first = i
        body = lines[i]
        # html2text writes a cell's <br> as a hard break: the row goes on on the next line
        while "|" not in body and body.endswith("  ") and i + 1 < len(lines) and lines[i + 1].strip():
            i += 1
            body = body.rstrip() + lines[i].lstrip()
        if "|" not in body:
            i = first
            break
        rows.append(_pipe_row(body, first + 1))
        i += 1
    return without_label_padding(Grid(tuple(rows))), i


def _one_cell_header(lines: list[str], i: int) -> bool:
    """A header row of one cell without pipes (html2text's table-wide first row) over a bare
    ``---``: a table when the line after the rule is a pipe row (else the rule makes a heading)."""
    return bool(lines[i].strip()) and i + 2 < len(lines) and "|" in lines[i + 2] \
        and "|" not in lines[i + 1] and not _TABLE_OPEN.match(lines[i])


def _pipe_row(line: str, number: int) -> GridRow:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    elif body.endswith("|") and not body.endswith("\\|"):
        # no leading pipe (html2text): a trailing one closes an empty last cell
        body += " "
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    new = tuple.__new__
    cells = tuple(new(GridCell, (inline_text(piece.replace("\\|", "|")), number, n, 1, 1))
                  for n, piece in enumerate(_SPLIT_PIPES.split(body), 1))
    return GridRow(cells, number)


def _html_blocks(fragment: str, first_line: int) -> list[Block]:
    """A raw HTML block read by the HTML plugin, its lines counted from the markdown's."""
    # The fragment is the core's normalised text already: its texts are used as they are
    # (the one decoder and t2s run once per report).
    doc = document_from_raw(markup_blocks(fragment), encoding="html", normalized=True)
    shift = first_line - 1
    out: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(attrs.evolve(block, line=block.line + shift))
            continue
        rows = tuple(GridRow(tuple(c._replace(line=c.line + shift) for c in row.cells), row.line + shift)
                     for row in block.rows)
        out.append(without_label_padding(attrs.evolve(block, rows=rows)))
    return out


class MarkdownPlugin(FormatPlugin):
    """Reads markdown: pipe tables, raw HTML tables and pandoc's fixed-width tables."""

    name = "markdown"
    aliases = ("md", "gfm", "pandoc-markdown")
    description = "markdown (pandoc gfm/markdown): pipe tables, raw <table> blocks, pandoc multiline tables"
    filenames = ("*.md", "*.markdown")

    def sniff(self, text: str) -> float:
        # Pipe-table alignment rows and raw tables are markdown's own; headings and emphasis
        # only confirm it. Scores stay above the pipe plugin's (at most 0.95) for pipe tables
        # with alignment rows, and above the HTML plugin's 0.9 for markdown with <table> blocks.
        if "---" not in text and ("<" not in text or not _TABLE_ANYWHERE.search(text)):
            return 0.0  # every text parse sniffs: the other layouts leave here after two scans
        lines = text.split("\n")
        align = sum(1 for line in lines if "|" in line and "---" in line and _ALIGN_ROW.match(line))
        raw_tables = sum(1 for line in lines if _TABLE_OPEN.match(line))
        marks = sum(1 for line in lines if _HEADING.match(line) or line.startswith("**") or "\\" in line[-1:])
        rules = count_table_rules(text) if marks else 0
        if align or raw_tables:
            # raw tables beside fixed-width ones (pandoc's grid tables where cells do not merge):
            # only this plugin reads both, so it must rank above the fixed-width plugin
            return 0.98 if raw_tables and rules >= 2 else 0.97 if marks or align else 0.6
        if rules >= 2 and marks:
            return 0.98  # pandoc markdown's multiline tables: above the fixed-width plugin
        return 0.0

    def read(self, text: str) -> Document:
        reader = MarkdownBlocks()
        blocks = reader.blocks(text)
        return Document(blocks, diagnostics=reader.fixed.diagnostics)  # GR330 of its fixed-width tables
