"""Writers of the converter layouts, for property tests: a report's tables (as ``tests/sources.py``
describes them, merged cells and all) laid out as LibreOffice's text export and as pandoc's
fixed-width (plain) tables, with the freedoms those converters take drawn at random: a blank
cell as an empty line or one space, a long label wrapped over two lines, cells left- or
right-aligned in their columns, full-width punctuation.

These are not the converters (``make.sh`` runs the real ones); they write the same layouts from
any generated report, so a Hypothesis property can cover the family, not only the fixtures.
"""

from __future__ import annotations

import random

from govreport.model import Report
from sources import SECTION_TITLES, Cell, table_rows

_TABLE_OF_SECTION = {2: "active", 3: "applications", 4: "review_litigation"}


def _placed(rows: list[list[Cell]]) -> list[list[tuple[int, Cell]]]:
    """Each row's cells with the grid column they start in (HTML's table model)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        placed = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((c, cell))
            _, rowspan, colspan = cell
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
        out.append(placed)
    return out


def _wrapped(text: str, rng: random.Random) -> list[str]:
    """A long label on two lines, as a narrow column wraps it (sometimes)."""
    if len(text) > 10 and not text[0].isdigit() and rng.random() < 0.5:
        cut = rng.randint(4, len(text) - 3)
        return [text[:cut], text[cut:]]
    return [text]


def _prose(report: Report, tables: dict[str, list[str]]) -> list[str]:
    lines = [report.meta.agency.value, f"{report.meta.year.value}年政府信息公开工作年度报告"]
    for n, title in enumerate(SECTION_TITLES, 1):
        lines.append(f"{'一二三四五六'[n - 1]}、{title}")
        table = _TABLE_OF_SECTION.get(n)
        if table:
            lines += tables[table]
        else:
            lines.append("本年度工作稳步推进，各项制度进一步完善，公开质量不断提升。")
    lines.append(report.meta.agency.value)
    y, m, d = (report.meta.published.value or "2021-01-15").split("-")
    lines.append(f"{int(y)}年{int(m)}月{int(d)}日")
    return lines


def libreoffice_text(report: Report, rng: random.Random) -> str:
    """The report as LibreOffice's text export of its .docx: every cell on its own line(s), a
    vertically merged cell's covered places as empty lines, nothing between rows."""
    blank = rng.choice(["", " "])

    def stream(rows: list[list[Cell]]) -> list[str]:
        covered_from: dict[tuple[int, int], int] = {}  # (row, column) covered by a rowspan → its colspan
        lines: list[str] = []
        for r, placed in enumerate(_placed(rows)):
            starts = {c: cell for c, cell in placed}
            width = max([c + cell[2] for c, cell in placed] + [c + 1 for (rr, c) in covered_from if rr == r])
            c = 0
            while c < width:
                if c in starts:
                    text, rowspan, colspan = starts[c]
                    lines += [part for part in _wrapped(text, rng)] if text else [blank]
                    for dr in range(1, rowspan):
                        covered_from[(r + dr, c)] = colspan
                    c += colspan
                elif (r, c) in covered_from:
                    lines.append(blank)  # a covered cell of a merge from above: one empty cell
                    c += covered_from[(r, c)]
                else:
                    c += 1
        return lines

    tables = {name: stream(rows) for name, rows in table_rows(report).items()}
    return "\n".join(_prose(report, tables)) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _full_width(text: str) -> str:
    """Labels as Word writes them: full-width brackets and punctuation."""
    return text.replace("(", "（").replace(")", "）").replace(":", "：").replace(",", "，")


def fixed_width(report: Report, rng: random.Random) -> str:
    """The report as pandoc's plain writer lays out its tables: columns as wide as their widest
    cell, one space between, rows between blank lines, rule lines above and below."""

    def table(rows: list[list[Cell]]) -> list[str]:
        placed = _placed(rows)
        columns = max(c + cell[2] for row in placed for c, cell in row)
        widths = [3] * columns
        wrapped = {(r, c): [_full_width(t) for t in _wrapped(cell[0], rng)] for r, row in enumerate(placed)
                   for c, cell in row}
        for (_, c), parts in wrapped.items():
            widths[c] = max(widths[c], *(_width(p) for p in parts))
        # pandoc aligns a column's every cell alike: value columns (those holding a number)
        # right-aligned in some tables, everything else left-aligned.
        numeric = {c for r, row in enumerate(placed) for c, cell in row if cell[0].isdigit()}
        right = rng.random() < 0.5
        starts = [sum(widths[:k]) + k + 2 for k in range(columns)]
        rule = " " * 2 + " ".join("-" * w for w in widths)
        out = [rule]
        for r, row in enumerate(placed):
            height = max(len(wrapped[(r, c)]) for c, _ in row)
            block = [""] * height
            for c, cell in row:
                for n, part in enumerate(wrapped[(r, c)]):
                    line = block[n]
                    at = starts[c]
                    if right and c in numeric and cell[2] == 1:
                        at += widths[c] - _width(part)
                    block[n] = line + " " * max(1, at - _width(line)) + part if line else " " * at + part
            out += [ln.rstrip() for ln in block] + [""]
        out[-1] = rule
        return [*out, ""]

    # A table's lines stay together; pandoc puts a blank line between the other paragraphs.
    tables = {name: ["\n".join(table(rows))] for name, rows in table_rows(report).items()}
    return "\n\n".join(_prose(report, tables)) + "\n"
