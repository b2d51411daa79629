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
from ..headings import TableHeadings
from ..labels import _enum_value
from ..limits import checkpoint
from ..metadata import find_agency, find_published, find_year
from ..model import Metadata, MetaField, Report, Section, Span, Table
from ..normalize import NormalizedText
from ..schema import ACTIVE, APPLICATIONS, REVIEW_LITIGATION
from ..template.spec import TemplateSpec
from .memo import BoundedMemo
from .rows import LABEL, RowSplit, kind_of, split_row
from .tables import TableBuilder

_SECTION = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.]\s*(\S.{0,38})$")
_NON_LABEL = re.compile(r"[\s“”\"']")


class _Detector:
    """How the registered templates are told apart: each one's hint words (the words only its
    tables use), counted per cell text once per distinct text (reports repeat their labels)."""

    def __init__(self, specs: tuple[TemplateSpec, ...]) -> None:
        self.specs = specs
        self.patterns = tuple(re.compile("|".join(map(re.escape, s.hints))) if s.hints else None for s in specs)
        self.none = (0,) * len(specs)  # the evidence of a text with no hint (most texts): skipped
        self.hints: BoundedMemo[str, tuple[int, ...]] = BoundedMemo(
            "the number of each registered template's hint words in each cell text", 100_000)
        self.headings = {s.id: TableHeadings(s) for s in specs}  # each template's own table headings

    def count(self, text: str) -> tuple[int, ...]:
        """How many hint words of each template ``text`` holds."""
        found = tuple(len(p.findall(text)) if p is not None else 0 for p in self.patterns)
        return self.none if found == self.none else found

    def learn(self, text: str) -> tuple[int, ...]:
        # labels may hold enumerator numbers; only text cells count
        hints = self.count(_NON_LABEL.sub("", text)) if kind_of(text) == LABEL else self.none
        return self.hints.keep(text, hints)

    def choose(self, scores: Sequence[int], year: int | None = None) -> str | None:
        """The template the ``scores`` (hint words found, per template) tell: the template that
        refines no other with the most hints (None on a tie), then the one of its refinements
        with the most of their own hints, if its year allows."""
        bases = [n for n, s in enumerate(self.specs) if s.refines is None]
        best = max((scores[n] for n in bases), default=0)
        top = [n for n in bases if scores[n] == best]
        if not best or len(top) != 1:
            return None
        return self.refine(self.specs[top[0]].id, scores, year)

    def refine(self, template_id: str, scores: Sequence[int], year: int | None) -> str:
        """``template_id`` or the refinement of it whose own hint words the report uses most."""
        options = [n for n, s in enumerate(self.specs) if s.refines == template_id and scores[n]
                   and (year is None or s.in_force(year))]
        if not options:
            return template_id
        best = max(scores[n] for n in options)
        top = [n for n in options if scores[n] == best]
        return self.refine(self.specs[top[0]].id, scores, year) if len(top) == 1 else template_id

    def in_force(self, year: int | None) -> str | None:
        """The template (refining none) in force in ``year``; None when none is (a legacy year)
        or no year is known."""
        if year is None:
            return None
        return next((s.id for s in self.specs if s.refines is None and s.in_force(year)), None)

    def by_year(self, year: int | None) -> str:
        """The template a report with tables but no hint words is read in: the one in force in
        ``year``, else the earliest (no year, or a year before every template) or the latest."""
        found = self.in_force(year)
        if found is not None:
            return found
        bases = sorted((s for s in self.specs if s.refines is None), key=lambda s: s.first_year or 0)
        return (bases[-1] if year is not None and bases[-1].first_year and year >= bases[-1].first_year
                else bases[0]).id


_DETECTOR: list[_Detector] = []  # the detector of the templates registered now (one, rebuilt on change)


def _detector() -> _Detector:
    specs = tuple(schema.TEMPLATE_SPECS.values())
    if not _DETECTOR or _DETECTOR[0].specs != specs:
        _DETECTOR[:] = [_Detector(specs)]
    return _DETECTOR[0]


def detect_template(grids: Sequence[Grid]) -> str | None:
    """The template (``2019``, ``2021`` or a registered one) the table headers and rows tell;
    None when they do not tell."""
    detector = _detector()
    return detector.choose(_hint_scores(detector, [[split_row(r) for r in g.rows] for g in grids]))


def _hint_scores(detector: _Detector, grid_splits: list[list[RowSplit]]) -> list[int]:
    get, none = detector.hints.get, detector.none
    scores = list(none)
    for splits in grid_splits:
        for split in splits:
            # Text cells count wherever they stand: a header may follow values.
            for c in (split.labels + split.values) if split.text_in_values else split.labels:
                hints = get(c.text)
                if hints is None:
                    hints = detector.learn(c.text)
                if hints is not none:
                    scores = [a + b for a, b in zip(scores, hints)]
    return scores


def _template_from_wording(detector: _Detector, paragraphs: Sequence[Paragraph]) -> str | None:
    """The template whose own words (its column headers) the prose uses most, or None when
    none's are there or two equally."""
    scores = [0] * len(detector.specs)
    for p in paragraphs:
        scores = [a + b for a, b in zip(scores, detector.count(p.text))]
    return detector.choose(scores)


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
    detector = _detector()
    scores = _hint_scores(detector, grid_splits)
    template_id = detector.choose(scores, year.value)
    wording = _template_from_wording(detector, paragraphs) if template_id is None and year.value is None \
        and not grids else None
    if wording is not None:
        # A prose-only report without a year that uses one template's own words (its tables
        # were lost): not a legacy report, and its tables are reported missing below.
        template_id = wording
        diags.append(Diagnostic("GR111", f"template {template_id} chosen from the report's wording "
                                         "(no year, no tables)"))
    elif template_id is None:
        in_force = detector.in_force(year.value)
        if doc.narrative or not grids:
            # No tables: a legacy report unless the year is one of a template's (its tables lost).
            template_id = schema.TEMPLATE_LEGACY if in_force is None or doc.narrative \
                else detector.refine(in_force, scores, year.value)
        else:
            template_id = detector.refine(detector.by_year(year.value), scores, year.value)
            diags.append(Diagnostic("GR111", f"template {template_id} chosen from the year {year.value}"))
    if template_id != schema.TEMPLATE_LEGACY:
        builder = TableBuilder(template_id)
        hint: str | None = None
        headings = detector.headings[template_id]
        blocks = doc.blocks
        splits_of = iter(grid_splits)
        for n, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                hint = headings.table_named(block.text) or hint
            else:
                checkpoint("building the tables")  # the time budget (govreport.Limits), per grid
                builder.add_grid(block, hint, is_last_block=n == len(blocks) - 1, splits=next(splits_of))
        tables = builder.tables()
        diags.extend(builder.diagnostics)
        for table_id, table in tables.items():
            if table is None:
                title = schema.template(template_id).table(table_id).title
                diags.append(Diagnostic("GR103", f"table {table_id} ({title}) was not found"))

    meta = Metadata(agency=agency, year=year, published=published, template=MetaField(template_id),
                    script=MetaField(normalized.script))
    return Report(
        meta=meta, source=source, format=format_name, sections=tuple(find_sections(paragraphs)),
        active=tables[ACTIVE], applications=tables[APPLICATIONS], review_litigation=tables[REVIEW_LITIGATION],
        legacy=doc.figures if template_id == schema.TEMPLATE_LEGACY else (),
        diagnostics=tuple(diags),
    )
