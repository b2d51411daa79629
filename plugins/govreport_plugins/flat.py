"""Flattened scrapes: the page's text with the table cells run together.

Crawlers that keep a page's text write a few ``key: value`` header lines (``标题:``,
``发布时间:`` …) and then the whole article on one line, tables included, with nothing between
the cells: ``<label>007<label>7777166…``. Stray spaces survive where a cell was padded
(``120 000113``); a space is therefore always a cell boundary, but most boundaries are lost.

This plugin knows the layout only. It finds the *table runs* (digits written directly after
text, not followed by a measure word or punctuation as the numbers of prose are), groups runs
that follow each other with no sentence break between them into grids, and gives each run as a
row: the text before it, then its space-separated pieces. The grid is marked
``run_together``: the core (:mod:`govreport.recovery`) splits the pieces into cells by the
template's arithmetic, or refuses.

``FlatPlugin.render(report)`` writes any report the way these scrapers do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

from govreport import schema
from govreport.blocks import Block, Document, Grid, GridCell, GridRow, Paragraph
from govreport.model import Report
from govreport.plugin import FormatPlugin
from govreport.recovery import template_row_share
from govreport.render import table_rows, written_sections  # the row producers, the template's sections
from govreport_plugins.narrative import narrative_lines

# Digits, with signs, decimals and single spaces inside, and a money unit after them.
_RUN = re.compile(r"[+-]?\d+(?:\.\d+)?(?: *[+-]?\d+(?:\.\d+)?)*(?: *(?:万元|元))?")
# What follows a number of prose (条, 件, 年, 15%, 3个 …) or of an address, a date, a code.
_PROSE_AFTER = set("年月日时分秒条件项个次人家期份万亿余多%天场篇类名号批户位层栋楼米岁倍例起届")
_PUNCTUATION = set("，。；：、,.;:!！?？”’」』)）〕】]>》/@-_~")
_OPENING = set("(（〔【[<《“‘「『")
_SENTENCE_END = set("。；！？;!?")
_CRAWLER_HEADER = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]|^=+\s*\S+\s*=+$")
_ENUMERATOR_MARK = set(".、．")
MIN_GRID_ROWS = 3


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _table_runs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the runs of digits that stand for table cells in one line."""
    for m in _RUN.finditer(text):
        start, end = m.start(), m.end()
        gap = start
        while gap and text[gap - 1] == " ":  # a run after a padded label
            gap -= 1
        before = text[gap - 1] if gap else ""
        after = text[end] if end < len(text) else ""
        if after in _ENUMERATOR_MARK and not text[end + 1: end + 2].isdigit() and text[end - 1].isdigit():
            # "…00000002.<label>…": the run's last digit is the next label's enumerator (1. to 9.,
            # or two digits for 10. and on: an enumerator does not start with 0).
            cut = 1 if text[end - 1] != "0" else 2
            if cut == 2 and (end - start < 2 or text[end - 2] in "0 +-"):
                continue
            end -= cut
            while end > start and text[end - 1] in " +-":
                end -= 1
            if end <= start:
                continue
            after = text[end]
        if not before or not (_is_cjk(before) or before in ")）”》"):
            continue
        if before in _OPENING or after in _PROSE_AFTER or after in _PUNCTUATION or (after.isascii() and after.isalpha()):
            continue
        yield start, end


def _pieces(text: str, line: int, start: int) -> list[GridCell]:
    out = []
    for m in re.finditer(r"\S+", text):
        out.append(GridCell(m.group(), line, start + m.start() + 1))
    # A unit written after a space belongs to the piece before it.
    if len(out) > 1 and out[-1].text in ("元", "万元"):
        unit = out.pop()
        out[-1] = out[-1]._replace(text=out[-1].text + unit.text)
    return out


def _blocks(text: str, line: int) -> Iterator[Block]:
    """The blocks of one line: sentences as paragraphs, stretches of table runs as grids."""
    runs = list(_table_runs(text))
    grids: list[list[tuple[int, int]]] = []
    for run in runs:
        if grids:
            gap = text[grids[-1][-1][1]: run[0]]
            if not any(ch in _SENTENCE_END for ch in gap):
                grids[-1].append(run)
                continue
        grids.append([run])
    position = 0
    for group in grids:
        if len(group) < MIN_GRID_ROWS:
            continue
        head = group[0][0]
        opening = max(text.rfind(ch, position, head) for ch in _SENTENCE_END)
        label_start = opening + 1 if opening >= position else position
        yield from _sentences(text[position:label_start], line, position)
        rows = []
        for start, end in group:
            label = text[label_start:start]
            rows.append(GridRow((GridCell(label.strip(), line, label_start + 1), *_pieces(text[start:end], line, start)),
                                line))
            label_start = end
        yield Grid(tuple(rows), run_together=True)
        position = label_start
    yield from _sentences(text[position:], line, position)


def _sentences(text: str, line: int, offset: int) -> Iterator[Paragraph]:
    for m in re.finditer(r"[^。！？]+[。！？]?", text):
        if m.group().strip():
            yield Paragraph(m.group().strip(), line, offset + m.start() + 1)


def _join(cells: list[str], pad: Callable[[str, str], str] | None) -> str:
    if pad is None:
        return "".join(cells)
    out = cells[0]
    for left, right in itertools.pairwise(cells):
        out += pad(left, right) + right
    return out


class FlatPlugin(FormatPlugin):
    """Reads flattened scrapes: crawler header lines, then the article on one line, cells run together."""

    #: Cell boundaries are lost: values read back right or null (the round trip allows nulls).
    render_lossless = False
    name = "flat"
    aliases = ("flattened", "scrape")
    description = "flattened scrapes: the article on one line, cells run together (a label, then digits with no separator)"

    def sniff(self, text: str) -> float:
        if "信息公开" not in text or text.count("|") > 10 or text.count("\t") > 10:
            return 0.0
        labels: list[str] = []
        for block in self._read_blocks(text):
            if isinstance(block, Grid):
                labels += [row.cells[0].text for row in block.rows]
        if len(labels) < 8:
            return 0.0
        # The core says whether the runs follow the template's row labels (a pre-2019 statistics
        # table run together follows labels of its own).
        share = template_row_share(labels)
        if share < 0.5:
            return 0.0
        one_line = max((len(line) for line in text.split("\n")), default=0) > 1000
        header = bool(_CRAWLER_HEADER.match(text))
        return min(0.95, 0.75 + 0.1 * one_line + 0.1 * header)

    def read(self, text: str) -> Document:
        return Document(tuple(self._read_blocks(text)))

    def _read_blocks(self, text: str) -> Iterator[Block]:
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            if len(line) < 300 and _CRAWLER_HEADER.match(line):  # the article itself may open "X：…"
                key, _, value = line.partition(":")
                # The title's value is the report's title line; other header lines stay whole
                # (``发布时间: 2021-03-05`` is how the published date is stated).
                if key.strip() == "标题" and value.strip():
                    yield Paragraph(value.strip(), n, len(key) + 2 + len(value) - len(value.lstrip()))
                else:
                    yield Paragraph(line.strip(), n)
                continue
            yield from _blocks(line, n)

    def render(self, report: Report, *, pad: Callable[[str, str], str] | None = None) -> str:
        """``report`` as a flattened scrape: crawler header lines, then the article on one line
        with every table row's cells written together (blank cells leave nothing).

        ``pad(left, right)``, if given, says what the scrape left between two neighbouring
        cells of a row (``" "`` where a cell was padded with ``&nbsp;``; ``""`` by default).
        """
        meta = report.meta
        agency, year = meta.agency.value or "", meta.year.value
        title = f"{agency}{year if year is not None else ''}年政府信息公开工作年度报告"
        published = meta.published.value or ""
        head = [f"标题: {title}", f"发布时间: {published} 00:00" if published else "发布时间: ", "文号: ",
                f"发布机构: {agency}", "栏目: 政府信息公开年报", "==================== 正文 ===================="]
        parts = [title, " "]
        if report.template == schema.TEMPLATE_LEGACY:  # a pre-2019 report: its prose on one line
            return "\n".join(head) + "\n" + title + " " + "".join(narrative_lines(report)) + "\n"
        template_id = report.template if report.template in schema.TEMPLATE_SPECS else schema.TEMPLATE_2019
        texts = {s.number: s.text for s in report.sections}
        for section in written_sections(template_id):
            parts.append(section.heading)
            if section.table and report.table(section.table) is not None:
                parts += [_join(cells, pad) for cells in table_rows(report, section.table, template_id)]
                parts.append(" ")
            elif texts.get(section.number):
                parts.append(texts[section.number])
            elif not section.table:
                parts.append("无。")
        return "\n".join(head) + "\n" + "".join(parts).rstrip() + "\n"
