"""Placement damage: what exports and pasted tables do to a rendered report's table rows.

Text layouts (pipe, tsv, docx-export) are edited row by row: surplus blank cells at either or
both ends of a row's values (a merged cell flattened), a lost value cell, both (the row keeps
its width: only the template's arithmetic can tell it), a row wrapped onto
the next line, blank cells inside a header row (merged header cells flattened). HTML and .docx
are written by tests/sources.py in a random :class:`sources.Geometry` (merged header cells whose
spans differ from the data rows', blank lead/trail cells, a split label column, lost cells).

A damage never changes a value: parsing the damaged report must give every cell right or null.
"""

from __future__ import annotations

import random
import re

import attrs

TEXT_LAYOUTS = ("pipe", "tsv", "docx-export")
_VALUE = re.compile(r"^[+-]?\d[\d.]*(?:万?元)?$")


@attrs.frozen
class TextRow:
    """A table row of a rendered text report: the lines it spans and its cell texts."""

    start: int
    end: int  # exclusive
    cells: tuple[str, ...]


def text_rows(text: str, layout: str) -> list[TextRow]:
    lines = text.split("\n")
    rows: list[TextRow] = []
    if layout == "docx-export":
        i = 0
        while i < len(lines):
            if lines[i].startswith("\t"):
                j = i
                while j < len(lines) and lines[j].startswith("\t"):
                    j += 1
                rows.append(TextRow(i, j, tuple(ln[1:] for ln in lines[i:j])))
                i = j
            else:
                i += 1
        return rows
    for i, ln in enumerate(lines):
        if layout == "pipe" and ln.endswith(" |"):
            rows.append(TextRow(i, i + 1, tuple(ln[:-2].split(" | "))))
        elif layout == "tsv" and "\t" in ln:
            rows.append(TextRow(i, i + 1, tuple(ln.split("\t"))))
    return rows


def write_row(cells: list[str], layout: str) -> list[str]:
    if layout == "pipe":
        return [" | ".join(cells) + " |"]
    if layout == "tsv":
        return ["\t".join(cells)]
    return ["\t" + c for c in cells]


def is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def split_data_row(cells: tuple[str, ...]) -> tuple[list[str], list[str]] | None:
    """(labels, values) of a data row (values: numbers and blanks after the last label, at
    least two numbers among them); None for a header or prose row."""
    last_label = max((n for n, c in enumerate(cells) if c.strip() and not is_value(c)), default=-1)
    labels, values = list(cells[:last_label + 1]), list(cells[last_label + 1:])
    if sum(1 for v in values if is_value(v)) < 2 or any(v.strip() and not is_value(v) for v in values):
        return None
    return labels, values


@attrs.frozen
class RowDamage:
    """One damage to one row: ``kind`` is surplus, lost, shifted (lost, and a surplus blank at
    the start when ``lead`` on a row of table 三, else at the end), wrap or header."""

    kind: str
    lead: int = 0
    trail: int = 0
    position: float = 0.0  # where in the row (0..1): the lost cell, the wrap point, the header blank

    def apply(self, cells: tuple[str, ...], layout: str) -> list[list[str]] | None:
        """The row's replacement rows, or None when this damage does not apply to it."""
        if self.kind == "header":
            if split_data_row(cells) is not None or len(cells) < 2 or not any(c.strip() for c in cells):
                return None
            at = 1 + int(self.position * (len(cells) - 1))
            return [[*cells[:at], "", *cells[at:]]]
        split = split_data_row(cells)
        if split is None:
            return None
        labels, values = split
        if self.kind == "surplus":
            return [labels + [""] * self.lead + values + [""] * self.trail]
        k = int(self.position * len(values))
        if self.kind == "lost":
            return [labels + values[:k] + values[k + 1:]]
        if self.kind == "shifted":  # a lost cell and a surplus blank: the row keeps its width
            kept = values[:k] + values[k + 1:]
            # (a leading surplus blank only where column sums judge it, on table 三's rows of five
            # to fourteen values: see tests/test_placement_text_lost.py)
            return [labels + (["", *kept] if self.lead and 5 <= len(values) < 15 else [*kept, ""])]
        if self.kind == "wrap" and layout != "docx-export" and labels and 1 <= k < len(values):
            rest = values[k:]
            if not any(v.strip() for v in rest) or not values[k].strip():
                return None  # a wrapped line starts with a value (its separators are dropped)
            return [labels + values[:k], ["", *rest]]
        return None


def damage_text(text: str, layout: str, damages: list[tuple[float, RowDamage]]) -> tuple[str, list[RowDamage]]:
    """``text`` with each damage applied to the row at its (relative) index, when it applies;
    also the damages that applied."""
    rows = text_rows(text, layout)
    lines = text.split("\n")
    edits: dict[int, tuple[TextRow, list[list[str]]]] = {}
    applied: list[RowDamage] = []
    for where, damage in damages:
        row = rows[int(where * len(rows))]
        if row.start in edits:
            continue
        replacement = damage.apply(row.cells, layout)
        if replacement is not None:
            edits[row.start] = (row, replacement)
            applied.append(damage)
    for start in sorted(edits, reverse=True):
        row, replacement = edits[start]
        new_lines: list[str] = []
        for n, cells in enumerate(replacement):
            if layout == "pipe" and n > 0:
                new_lines.append("| " + " | ".join(cells[1:]) + " |")  # a wrapped pipe line
            else:
                new_lines += write_row(cells, layout)
            if layout == "docx-export" and n + 1 < len(replacement):
                new_lines.append("")
        lines[row.start:row.end] = new_lines
    return "\n".join(lines), applied


def random_damages(rng: random.Random, count: int) -> list[tuple[float, RowDamage]]:
    out = []
    for _ in range(count):
        kind = rng.choice(["surplus", "surplus", "lost", "shifted", "wrap", "header"])
        lead, trail = rng.choice([(1, 0), (0, 1), (1, 1), (2, 1), (1, 2), (0, 2), (2, 0)])
        out.append((rng.random(), RowDamage(kind, lead, trail, rng.random())))
    return out
