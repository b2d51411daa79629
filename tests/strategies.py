"""Hypothesis strategies: random reports of both templates and the layout perturbations real
exports show. Each perturbation kind is its own named strategy, usable alone.

A perturbation is a function ``(text, layout) -> text`` applied to a rendered report; those
that destroy information also say which cells they damaged.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import attrs
from hypothesis import strategies as st

from govreport import schema
from govreport.labels import split_enumerator
from govreport.registry import default_registry
from govreport.render import written_sections
from govreport.template.catalog import table_templates
from govreport.testing.properties import TABLE_TEMPLATES, reports

__all__ = ["LAYOUTS", "TABLE_LAYOUTS", "reports"]

#: Every installed plugin that writes the table templates (built-in or third-party): the
#: layout-neutral properties run on all of them.
# Every installed writer of the table templates whose layout keeps every value (a lossy one such
# as flat has properties of its own: values right or null).
TABLE_LAYOUTS = tuple(i.name for i in default_registry().renderers()
                      if set(TABLE_TEMPLATES) <= set(i.render_templates) and i.render_lossless)
SEP = {"pipe": " | ", "tsv": "\t"}


@attrs.frozen
class Perturbation:
    name: str
    apply: Callable[[str, str, random.Random], str]
    rng: random.Random = attrs.field(eq=False)
    destroys: bool = False

    def __call__(self, text: str, layout: str) -> str:
        return self.apply(text, layout, self.rng)

    def __repr__(self) -> str:
        return f"<{self.name}>"


def _lines_matching(text: str, pattern: str) -> list[int]:
    return [i for i, ln in enumerate(text.split("\n")) if re.search(pattern, ln)]


def _edit_line(text: str, index: int, fn: Callable[[str], str]) -> str:
    lines = text.split("\n")
    lines[index] = fn(lines[index])
    return "\n".join(lines)


# What a data row looks like in each layout whose text the perturbations below know how to damage.
_DATA_ROW = {"pipe": r"^[^|\s][^|]* \| \d", "tsv": r"^[^\t\s][^\t]*\t\d", "docx-export": r"^\t\d"}
#: The installed table writers whose text the perturbations know (the layout-specific properties).
LAYOUTS = tuple(name for name in TABLE_LAYOUTS if name in _DATA_ROW)


def _wrap_rows(text: str, layout: str, rng: random.Random) -> str:
    if layout == "docx-export":
        return text  # rows are already one cell per line
    rows = _lines_matching(text, _DATA_ROW[layout])
    i = rng.choice(rows)

    def wrap(line: str) -> str:
        sep = SEP[layout]
        cells = line.split(sep)
        cut = rng.randint(2, max(2, len(cells) - 1))
        head, tail = sep.join(cells[:cut]), sep.join(cells[cut:])
        return head + ("\n| " + tail if layout == "pipe" else "\n" + "\t" + tail)

    if layout == "tsv":
        # a wrapped tsv row continues on a line of values with no label (one leading tab)
        return _edit_line(text, i, lambda ln: ln.split("\t")[0] + "\t" + "\t".join(ln.split("\t")[1:3]) + "\n"
                          + "\t" + "\t".join(ln.split("\t")[3:]) if len(ln.split("\t")) > 3 else ln)
    return _edit_line(text, i, wrap)


def _wrap_cells(text: str, layout: str, rng: random.Random) -> str:
    if layout != "docx-export":
        return text
    rows = _lines_matching(text, r"^\t[\u4e00-\u9fff][^\t\[]{5,}$")  # label cells, not markers
    i = rng.choice(rows)
    return _edit_line(text, i, lambda ln: ln[: len(ln) // 2 + 1] + "\n" + ln[len(ln) // 2 + 1:])


def _flatten_merged(text: str, layout: str, rng: random.Random) -> str:
    rows = _lines_matching(text, _DATA_ROW[layout] if layout != "docx-export" else r"^\t[^\d\s+-]")
    if layout == "docx-export":  # only the first cell of a row (after a blank line) starts a row
        lines = text.split("\n")
        rows = [i for i in rows if i > 0 and not lines[i - 1].strip()]
    i = rng.choice(rows)
    if layout == "docx-export":
        return _edit_line(text, i, lambda ln: "\t\n" + ln)
    extra = rng.choice([1, 2])
    return _edit_line(text, i, lambda ln: SEP[layout].join([""] * extra) + SEP[layout] + ln)


_CJK = "\u4e00-\u9fff"


def _whole_label(label: str) -> str:
    """A pattern of ``label`` standing as a whole label (no character of a longer label at
    either end; an enumerator or a cell boundary may stand there)."""
    return f"(?<![{_CJK}]){re.escape(label)}(?![{_CJK}])"


def _item_labels() -> list[str]:
    """The labels (without their enumerators) of every registered template's items, the rows
    of a group of rows (三's 1.属于… under （三）不予公开), where real reports have stray spaces."""
    found = {split_enumerator(row.path[-1])[1] for spec in table_templates() for table in spec.tables
             for row in table.rows if len(row.path) > 2}
    return sorted(label for label in found if len(label) >= 4)


def _stray_spaces(text: str, layout: str, rng: random.Random) -> str:
    """A space after the first two characters of the items' labels ("属于 国家秘密")."""
    for label in _item_labels():
        text = re.sub(_whole_label(label), label[:2] + " " + label[2:], text)
    return text


def _split_digits(text: str, layout: str, rng: random.Random) -> str:
    """A space or tab between two digits of a cell ("12" -> "1 2"): one number or two cannot be
    told, so it destroys the cell (null + GR151, never 12)."""
    def split(m: re.Match[str]) -> str:
        return m.group(1) + rng.choice([" ", "  ", "\u3000"]) + m.group(2) if rng.random() < 0.3 else m.group(0)

    return re.sub(r"(?<=[\t ])(\d)(\d)(?=\d*(?:\t| \||\n))", split, text)


_FULL = str.maketrans({**{chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)}, "(": "（", ")": "）"})


def _full_width(text: str, layout: str, rng: random.Random) -> str:
    return text.translate(_FULL)


def _traditional(text: str, layout: str, rng: random.Random) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def label_variant_wordings() -> list[tuple[str, str]]:
    """``(template wording, variant)`` for every label variant of every registered template
    (``TemplateSpec.label_variants``): what a report may print instead of a label."""
    pairs = {(wording, variant): None for spec in table_templates() for variant, wordings in spec.label_variants
             for wording in wordings}
    return list(pairs)


def _half_width_enumerator(text: str, rng: random.Random) -> str:
    """One full-width enumerator written half-width with a space after it ("（一）" → "(一) ")."""
    found = sorted(set(re.findall(f"（([一二三四五六七八九十])）(?=[{_CJK}])", text)))
    if not found:
        return text
    numeral = rng.choice(found)
    return re.sub(f"（{numeral}）(?=[{_CJK}])", f"({numeral}) ", text)


def _typos(text: str, layout: str, rng: random.Random) -> str:
    """Labels printed in the variant wordings the templates declare, and an enumerator written
    half-width."""
    variants = label_variant_wordings()
    for good, bad in rng.sample(variants, k=rng.randint(1, len(variants))):
        text = re.sub(_whole_label(good), bad, text)
    return _half_width_enumerator(text, rng)


def _markers(text: str, layout: str, rng: random.Random) -> str:
    rows = _lines_matching(text, r"\d")
    for i in rng.sample(rows, k=min(3, len(rows))):
        text = _edit_line(text, i, lambda ln: re.sub(r"(?<=[\t ])(\d)", r"[bookmark: _GoBack]\1", ln, count=1))
    return text + "[image: 图片 1]\n"


def _unsigned_changes(text: str, layout: str, rng: random.Random) -> str:
    return re.sub(r"(?<=[\t ])\+(\d)", r"\1", text)


def _wan_yuan(text: str, layout: str, rng: random.Random) -> str:
    from decimal import Decimal

    def to_wan(m: re.Match[str]) -> str:
        return format((Decimal(m.group(1)) / 10000).normalize(), "f") + "万元"

    return re.sub(r"(\d+(?:\.\d+)?)元", to_wan, text)


def _crlf(text: str, layout: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def _junk(text: str, layout: str, rng: random.Random) -> str:
    junk = ["附件：相关数据表", "（此页无正文）", "扫一扫在手机打开当前页", "【打印本页】【关闭窗口】", "浏览次数：1052"]
    return text + "\n".join(rng.sample(junk, k=rng.randint(1, len(junk)))) + "\n"


def _blank_cell(text: str, layout: str, rng: random.Random) -> str:
    rows = _lines_matching(text, r"[\t ]\d+(?:\t| \||$)")
    i = rng.choice(rows)
    return _edit_line(text, i, lambda ln: re.sub(r"(?<=[\t ])\d+(?=\t| \||$)", "", ln, count=1))


def _lost_leading_blanks(text: str, layout: str, rng: random.Random) -> str:
    """Rows that lost the empty cells a merged cell left at their start."""
    lines = text.split("\n")
    if layout == "docx-export":
        starts = [i for i, ln in enumerate(lines) if ln == "\t" and i > 0 and not lines[i - 1].strip()
                  and i + 1 < len(lines) and lines[i + 1].startswith("\t") and not lines[i + 1][1:2].isdigit()]
    else:
        lead = "\t" if layout == "tsv" else " | "
        starts = [i for i, ln in enumerate(lines) if ln.startswith(lead) and re.search(r"[\u4e00-\u9fff]", ln)
                  and re.search(r"\d", ln)]
    if not starts:
        return text
    for i in sorted(rng.sample(starts, k=min(3, len(starts))), reverse=True):
        if layout == "docx-export":
            del lines[i]
        else:
            lines[i] = lines[i].lstrip("\t") if layout == "tsv" else lines[i][3:]
    return "\n".join(lines)


def _drop_table(text: str, layout: str, rng: random.Random) -> str:
    """Remove table 三 (heading kept, grid gone): the lines between its section's heading and
    the next one, as the report's template titles them."""
    lines = text.split("\n")
    for spec in table_templates():
        headings = [s.heading for s in written_sections(spec.id)]
        (at,) = [n for n, s in enumerate(written_sections(spec.id)) if s.table == schema.APPLICATIONS]
        if at + 1 < len(headings) and headings[at] in lines and headings[at + 1] in lines:
            start, end = lines.index(headings[at]), lines.index(headings[at + 1])
            return "\n".join(lines[: start + 1] + lines[end:])
    return text


def _perturbation(name: str, fn: Callable[[str, str, random.Random], str], destroys: bool = False):
    return st.builds(Perturbation, st.just(name), st.just(fn), st.randoms(use_true_random=False), st.just(destroys))


def wrapped_rows():
    return _perturbation("wrapped_rows", _wrap_rows)


def wrapped_cells():
    return _perturbation("wrapped_cells", _wrap_cells)


def merged_cell_flattening():
    return _perturbation("merged_cell_flattening", _flatten_merged)


def stray_spaces():
    return _perturbation("stray_spaces", _stray_spaces)


def split_digits():
    return _perturbation("split_digits", _split_digits, destroys=True)


def full_width():
    return _perturbation("full_width", _full_width)


def traditional_script():
    return _perturbation("traditional_script", _traditional)


def label_typos():
    return _perturbation("label_typos", _typos)


def export_markers():
    return _perturbation("export_markers", _markers)


def unsigned_changes():
    return _perturbation("unsigned_changes", _unsigned_changes)


def amounts_in_wan_yuan():
    return _perturbation("amounts_in_wan_yuan", _wan_yuan)


def crlf():
    return _perturbation("crlf", _crlf)


def trailing_junk():
    return _perturbation("trailing_junk", _junk)


def lost_leading_blanks():
    return _perturbation("lost_leading_blanks", _lost_leading_blanks)


def missing_table():
    """Destroys information: table 三 is gone."""
    return _perturbation("missing_table", _drop_table, destroys=True)


def blank_cells():
    """Destroys information: one value cell becomes blank."""
    return _perturbation("blank_cells", _blank_cell, destroys=True)


PRESERVING = [wrapped_rows, wrapped_cells, merged_cell_flattening, lost_leading_blanks, stray_spaces, full_width,
              traditional_script, label_typos, export_markers, unsigned_changes, amounts_in_wan_yuan, crlf, trailing_junk]


def any_preserving():
    return st.one_of([s() for s in PRESERVING])


RULES_BROKEN_BY = {"new_received": {"GR201", "GR203"}, "carried_forward": {"GR201", "GR203"},
                   "total_handled": {"GR201", "GR202", "GR203"}, "granted": {"GR202", "GR203"},
                   "review_litigation.review": {"GR204"}}


@st.composite
def inconsistent_reports(draw):
    """A report with one chosen inconsistency: ``(report, key, rules it must break)``."""
    report = draw(reports())
    target = draw(st.sampled_from(sorted(RULES_BROKEN_BY)))
    delta = draw(st.integers(1, 50))
    if target.startswith("review_litigation"):
        table, row, column = report.review_litigation, "review", draw(st.sampled_from(["upheld", "pending"]))
    else:
        table, row = report.applications, target
        column = draw(st.sampled_from(["natural_person", "legal_service_agency", "other_org"]))
    cells = tuple(attrs.evolve(c, value=c.value + delta) if (c.row, c.column) == (row, column) else c for c in table)
    field = "review_litigation" if target.startswith("review") else "applications"
    bad = attrs.evolve(report, **{field: attrs.evolve(table, cells=cells)})
    return bad, f"{field}.{row}.{column}", RULES_BROKEN_BY[target]
