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


def box_drawing(report: Report, rng: random.Random) -> str:
    """The report as ``w3m -dump`` draws an HTML page's tables: box-drawing borders round every
    cell, a border under each row except below a row-spanning cell (a partial border beside it),
    columns as wide as their widest cell, long labels wrapped, full-width punctuation."""

    def table(rows: list[list[Cell]]) -> list[str]:
        placed = _placed(rows)
        columns = max(c + cell[2] for row in placed for c, cell in row)
        owner: dict[tuple[int, int], tuple[int, int]] = {}  # grid place -> (row, column) of its cell
        for r, row in enumerate(placed):
            for c, (_, rowspan, colspan) in row:
                owner.update({(r + dr, c + dc): (r, c) for dr in range(rowspan) for dc in range(colspan)})
        height = len(placed)
        texts = {(r, c): [_full_width(t) for t in _wrapped(cell[0], rng)] if cell[0] else []
                 for r, row in enumerate(placed) for c, cell in row}
        spans = {(r, c): cell[2] for r, row in enumerate(placed) for c, cell in row}
        for place in {(r, c) for r in range(height) for c in range(columns)} - set(owner):
            owner[place], texts[place], spans[place] = place, [], 1  # a short row: w3m draws empty cells
        widths = [2] * columns
        for (r, c), parts in texts.items():
            if spans[(r, c)] == 1:
                widths[c] = max(widths[c], *(_width(p) for p in parts), 2)
        for (r, c), parts in texts.items():  # a spanning cell widens its last column if it must
            last = c + spans[(r, c)] - 1
            room = sum(widths[c:last + 1]) + spans[(r, c)] - 1
            need = max((_width(p) for p in parts), default=0)
            widths[last] += max(0, need - room)

        def split_after(r: int, c: int) -> bool:  # a border between grid rows r and r + 1 at column c
            return r + 1 >= height or owner.get((r, c)) != owner.get((r + 1, c))

        def bar_at(r: int, k: int) -> bool:  # a '│' at boundary k (left of column k) in grid row r
            return k in (0, columns) or owner.get((r, k - 1)) != owner.get((r, k))

        def border(r: int) -> str:  # the line below grid row r (r = -1: the top border)
            line = ""
            for k in range(columns + 1):
                above, below = r >= 0 and bar_at(r, k), r + 1 < height and bar_at(r + 1, k)
                left = k > 0 and (r < 0 or split_after(r, k - 1))
                right = k < columns and (r < 0 or split_after(r, k))
                if left or right:
                    line += "┼" if above and below else "┬" if below else "┴" if above else "─"
                else:
                    line += "│" if above or below else " "
                if k < columns:
                    line += ("─" if r < 0 or split_after(r, k) else " ") * widths[k]
            return line

        out = [border(-1).replace("┼", "┬").replace("─┬", "─┬")]
        out[0] = "┌" + out[0][1:-1] + "┐"
        for r in range(height):
            starts = {c: texts[(r, c)] for c in range(columns) if owner.get((r, c)) == (r, c)}
            lines = max([len(p) for p in starts.values()] + [1])
            for n in range(lines):
                line = ""
                for k in range(columns):
                    if bar_at(r, k):
                        line += "│"
                        cell = owner[(r, k)]
                        span = spans[cell]
                        width = sum(widths[k:k + span]) + span - 1
                        parts = starts.get(k, [])
                        text = parts[n] if n < len(parts) and cell == (r, k) else ""
                        line += text + " " * (width - _width(text))
                out.append(line + "│")
            if r + 1 < height:
                below = border(r)
                out.append(("├" if split_after(r, 0) else "│") + below[1:-1] + ("┤" if split_after(r, columns - 1) else "│"))
        bottom = border(height - 1)
        out.append("└" + bottom[1:-1].replace("┼", "┴") + "┘")
        return [*out, ""]

    tables = {name: ["\n".join(table(rows))] for name, rows in table_rows(report).items()}
    return "\n\n".join(_prose(report, tables)) + "\n"
