"""Report assembly: a plugin's Document becomes a Report.

Metadata, the numbered sections, the template (told by the tables' own words, else by the
year), the tables (read by :class:`govreport.engine.tables.TableBuilder`) and the diagnostics
of every stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import schema
from ..blocks import Document, Grid, GridRow, Paragraph
from ..diagnostics import Diagnostic
from ..labels import _enum_value
from ..limits import checkpoint
from ..metadata import find_agency, find_published, find_year
from ..model import Metadata, MetaField, Report, Section, Span, Table
from ..normalize import NormalizedText
from ..schema import ACTIVE, APPLICATIONS, REVIEW_LITIGATION
from ..template import national
from .memo import BoundedMemo
from .rows import LABEL, RowSplit, kind_of, split_row
from .tables import TableBuilder

_SECTION = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.]\s*(\S.{0,38})$")
_TITLED = tuple(national.TABLE_HEADINGS)
# The headings that name the table below them; one pattern, one group per table.
_TABLE_TITLE = re.compile(r"\s*(?:" + "|".join(f"({national.TABLE_HEADINGS[t]})" for t in _TITLED) + ")")
_HINT_2021 = re.compile("|".join(national.TEMPLATE_HINTS[schema.TEMPLATE_2021]))
_HINT_2019 = re.compile("|".join(national.TEMPLATE_HINTS[schema.TEMPLATE_2019]))

_NON_LABEL = re.compile(r"[\s“”\"']")
# Each cell text's template evidence (hints of 2021, hints of 2019), learnt once per distinct
# text: reports repeat their labels.
_HINTS: BoundedMemo[str, tuple[int, int]] = BoundedMemo("the template hints (2021, 2019) in each cell text", 100_000)


def _learn_hints(text: str) -> tuple[int, int]:
    if kind_of(text) != LABEL:
        hints = (0, 0)  # labels may hold enumerator numbers; only text cells count
    else:
        label = _NON_LABEL.sub("", text)
        hints = (len(_HINT_2021.findall(label)), len(_HINT_2019.findall(label)))
    return _HINTS.keep(text, hints)


def detect_template(grids: Sequence[Grid]) -> str | None:
    """``2019`` or ``2021`` from the table headers and rows; None when they do not tell."""
    return _detect_template([[split_row(r) for r in g.rows] for g in grids])


def _detect_template(grid_splits: list[list[RowSplit]]) -> str | None:
    get = _HINTS.get
    score_2021 = score_2019 = 0
    for splits in grid_splits:
        for split in splits:
            # Text cells count wherever they stand: a header may follow values.
            for c in (split.labels + split.values) if split.text_in_values else split.labels:
                hints = get(c.text) or _learn_hints(c.text)
                score_2021 += hints[0]
                score_2019 += hints[1]
    if score_2019 == score_2021:
        return None
    return schema.TEMPLATE_2021 if score_2021 > score_2019 else schema.TEMPLATE_2019


def _template_from_wording(paragraphs: Sequence[Paragraph]) -> str | None:
    """The template whose own words (its column headers: 本年制发件数, 本年新制作数量 …) the
    prose uses more, or None when neither's are there or both equally."""
    score_2021 = sum(len(_HINT_2021.findall(p.text)) for p in paragraphs)
    score_2019 = sum(len(_HINT_2019.findall(p.text)) for p in paragraphs)
    if score_2019 == score_2021:
        return None
    return schema.TEMPLATE_2021 if score_2021 > score_2019 else schema.TEMPLATE_2019


def _table_hint(p: Paragraph) -> str | None:
    m = _TABLE_TITLE.match(p.text)
    return _TITLED[m.lastindex - 1] if m and m.lastindex else None


def find_sections(paragraphs: Sequence[Paragraph]) -> list[Section]:
    """The numbered sections (一、… 二、…): headings in sequence and the prose under each."""
    sections: list[Section] = []
    current: tuple[int, str, Paragraph] | None = None
    body: list[str] = []
    expected = 1
    for p in paragraphs:
        m = _SECTION.match(p.text)
        number = _enum_value(m.group(1)) if m else None
        if m and number == expected:
            if current:
                sections.append(Section(current[0], current[1], "\n".join(body).strip(), Span(current[2].line)))
            current = (number, m.group(2).strip(), p)
            body = []
            expected += 1
        elif current is not None:
            body.append(p.text.strip())
    if current:
        sections.append(Section(current[0], current[1], "\n".join(body).strip(), Span(current[2].line)))
    return sections


def _rows_of_cell_streams(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """The document with its cell-stream grids cut into rows by the template (:mod:`govreport.cellstream`)."""
    if not any(isinstance(b, Grid) and b.cell_stream for b in doc.blocks):
        return doc, []
    from ..cellstream import regroup

    # The template from the streams' cells read as one row (one split instead of one per cell).
    cells = tuple(c for b in doc.blocks if isinstance(b, Grid) and b.cell_stream for r in b.rows for c in r.cells)
    return regroup(doc, detect_template([Grid((GridRow(cells),))]))


def build_report(doc: Document, normalized: NormalizedText, *, source: str = "<string>",
                 format_name: str = "", diagnostics: Sequence[Diagnostic] = ()) -> Report:
    """Assemble a [`Report`][govreport.model.Report] from a plugin's [`Document`][govreport.blocks.Document]."""
    doc, stream_diagnostics = _rows_of_cell_streams(doc)
    diags = [*diagnostics, *stream_diagnostics]
    if normalized.script == "hant":
        diags.append(Diagnostic("GR002", "the source is in traditional script; it was converted to simplified"))
    if normalized.encoding == "gb18030":
        diags.append(Diagnostic("GR001", "the bytes are not UTF-8; decoded as GB18030"))
    if normalized.markers_removed:
        diags.append(Diagnostic("GR004", f"{normalized.markers_removed} export marker(s) removed"))
    diags.extend(doc.diagnostics)  # the plugin's own findings

    paragraphs = doc.paragraphs
    year = find_year(paragraphs)
    agency = find_agency(paragraphs)
    published = find_published(paragraphs)
    for key, f in (("agency", agency), ("year", year)):
        if f.value is None:
            diags.append(Diagnostic("GR110", f"the report's {key} was not found"))

    tables: dict[str, Table | None] = dict.fromkeys(schema.TABLES)
    grids = doc.grids
    # Every row is split once: the template is told by the labels, then the rows are read.
    grid_splits = [[split_row(r) for r in g.rows] for g in grids]
    template_id = _detect_template(grid_splits)
    wording = _template_from_wording(paragraphs) if template_id is None and year.value is None and not grids \
        else None
    if wording is not None:
        # A prose-only report without a year that uses one template's own words (its tables
        # were lost): not a legacy report, and its tables are reported missing below.
        template_id = wording
        diags.append(Diagnostic("GR111", f"template {template_id} chosen from the report's wording "
                                         "(no year, no tables)"))
    elif template_id is None:
        if doc.narrative or not grids:
            template_id = schema.TEMPLATE_LEGACY if (year.value is None or year.value <= 2018 or doc.narrative) \
                else (schema.TEMPLATE_2021 if year.value >= 2021 else schema.TEMPLATE_2019)
        else:
            template_id = schema.TEMPLATE_2021 if (year.value or 0) >= 2021 else schema.TEMPLATE_2019
            diags.append(Diagnostic("GR111", f"template {template_id} chosen from the year {year.value}"))
    if template_id != schema.TEMPLATE_LEGACY:
        builder = TableBuilder(template_id)
        hint: str | None = None
        blocks = doc.blocks
        splits_of = iter(grid_splits)
        for n, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                hint = _table_hint(block) or hint
            else:
                checkpoint("building the tables")  # the time budget (govreport.Limits), per grid
                builder.add_grid(block, hint, is_last_block=n == len(blocks) - 1, splits=next(splits_of))
        tables = builder.tables()
        diags.extend(builder.diagnostics)
        for table_id, table in tables.items():
            if table is None:
                diags.append(Diagnostic("GR103", f"table {table_id} ({schema.TABLE_TITLES[table_id]}) was not found"))

    meta = Metadata(agency=agency, year=year, published=published, template=MetaField(template_id),
                    script=MetaField(normalized.script))
    return Report(
        meta=meta, source=source, format=format_name, sections=tuple(find_sections(paragraphs)),
        active=tables[ACTIVE], applications=tables[APPLICATIONS], review_litigation=tables[REVIEW_LITIGATION],
        legacy=doc.figures if template_id == schema.TEMPLATE_LEGACY else (),
        diagnostics=tuple(diags),
    )
