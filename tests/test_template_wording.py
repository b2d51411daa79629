"""A template's own words around its tables: section titles, table headings, label variants.

The template below is the made-up province variant of tests/test_template_catalog.py (the
2021 national template with a row 行政确认 in table 二 and a ninth 不予公开 item) that also
numbers its sections otherwise (an extra section before table 二, so the tables stand in
sections 三, 四 and 五 under headings the national patterns do not match) and declares label
variants of its own (its extra row printed as 行政确认事项, a column of table 二 printed
shorter): words no national template has. It is written and read in every layout, and the
national templates' reports read as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from factories import cell_values, wrong_cells
from govreport import schema
from govreport.errors import SchemaError
from govreport.headings import TableHeadings
from govreport.labels import LabelIndex, split_enumerator
from govreport.registry import default_registry
from govreport.render import section_numeral, written_sections
from govreport.template import catalog, wording
from govreport.testing.reports import make_report
from sources import to_docx, to_html
from test_template_catalog import EXTRA_LABEL, EXTRA_ROW, _variant_spec

VARIANT = "province-2022"  # the id of _variant_spec()
#: The extra section, the second of the report (a made-up title).
EXTRA_SECTION = "重点领域政府信息公开情况"
#: The province's own wordings: its extra row's label and table 二's in-force column, shorter.
ROW_VARIANT = EXTRA_LABEL + "事项"
IN_FORCE = schema.template(schema.TEMPLATE_2021).table(schema.ACTIVE).row("regulations").column("in_force").label
COLUMN_VARIANT = IN_FORCE[2:]


def _own_words(spec: schema.TemplateSpec, *, headings: bool = True, variants: bool = True) -> schema.TemplateSpec:
    """``spec`` with its sections numbered one further (an extra second section) and, unless
    told not to, its own headings and label variants."""
    titles = (spec.section_titles[0], EXTRA_SECTION, *spec.section_titles[1:])
    numerals = "一二三四五六七八九十"

    def moved(table: schema.TableSpec) -> schema.TableSpec:
        # The national heading with the section's numeral moved one on (二 → 三 …).
        old, new = numerals[table.section - 1], numerals[table.section]
        own = table.heading.replace(old, new, 1) if headings else table.heading
        return attrs.evolve(table, section=table.section + 1, heading=own)

    own_variants = ((ROW_VARIANT, (EXTRA_LABEL,)), (COLUMN_VARIANT, (IN_FORCE,)))
    return attrs.evolve(spec, tables=tuple(map(moved, spec.tables)), section_titles=titles,
                        label_variants=(*spec.label_variants, *own_variants) if variants else spec.label_variants)


@pytest.fixture
def variant() -> Iterator[schema.TemplateSpec]:
    spec = catalog.register(_own_words(_variant_spec()))
    try:
        yield spec
    finally:
        catalog.unregister(VARIANT)


def _layouts() -> list[str]:
    return sorted(i.name for i in default_registry().renderers() if schema.TEMPLATE_2021 in i.render_templates)


def _in_own_words(text: str) -> str:
    """A rendered report as the province prints it: its own wordings instead of the labels."""
    return text.replace(EXTRA_LABEL, ROW_VARIANT).replace(IN_FORCE, COLUMN_VARIANT)


def test_the_national_templates_declare_the_national_words():
    for template_id in schema.TABLE_TEMPLATES:
        spec = schema.template(template_id)
        assert spec.section_titles == wording.SECTION_TITLES
        assert spec.label_variants == wording.LABEL_VARIANT_PAIRS
        assert {t.id: (t.heading, t.section) for t in spec.tables} == {
            t: (wording.TABLE_HEADINGS[t], wording.TABLE_SECTIONS[t]) for t in schema.TABLES}


def test_a_template_declaring_no_words_has_the_national_ones():
    national = schema.template(schema.TEMPLATE_2021)
    bare = schema.TemplateSpec("bare", "a template built field by field", "2030",
                               tuple(schema.TableSpec(t.id, t.title, t.rows) for t in national.tables))
    assert bare.section_titles == national.section_titles and bare.label_variants == national.label_variants
    assert [(t.heading, t.section) for t in bare.tables] == [(t.heading, t.section) for t in national.tables]


def test_the_headings_are_the_templates_own(variant):
    own, national = TableHeadings(variant), TableHeadings(schema.template(schema.TEMPLATE_2021))
    sections = {s.table: s.heading for s in written_sections(VARIANT) if s.table}
    assert [s.heading[2:] for s in written_sections(VARIANT)][1] == EXTRA_SECTION
    for table_id, heading in sections.items():
        assert own.table_named(heading) == table_id
        assert national.table_named(heading) != table_id  # the national patterns do not name it
    assert own.table_named(f"二、{EXTRA_SECTION}") is None
    nationals = {s.table: s.heading for s in written_sections(schema.TEMPLATE_2021) if s.table}
    assert {t: national.table_named(h) for t, h in nationals.items()} == {t: t for t in nationals}


def test_a_heading_that_is_no_pattern_is_refused_at_registration():
    spec = _variant_spec()
    broken = attrs.evolve(spec, tables=(attrs.evolve(spec.tables[0], heading="二、(主动公开"), *spec.tables[1:]))
    with pytest.raises(SchemaError, match="heading"):
        catalog.register(broken)
    assert VARIANT not in schema.TEMPLATE_SPECS


def test_a_heading_pattern_with_groups_of_its_own_names_its_table():
    spec = _variant_spec()
    grouped = attrs.evolve(spec, tables=tuple(
        attrs.evolve(t, heading=f"({t.heading[0]})" + t.heading[1:]) for t in spec.tables))
    headings = TableHeadings(grouped)
    for section in written_sections(schema.TEMPLATE_2021):
        if section.table:
            assert headings.table_named(section.heading) == section.table


def test_label_variants_are_the_templates_own():
    national = schema.template(schema.TEMPLATE_2021)
    own = _own_words(national)
    rows = [(EXTRA_LABEL, "row")]
    assert LabelIndex(rows, own.label_variants).lookup(ROW_VARIANT)[0].how == "variant"
    assert LabelIndex(rows, national.label_variants).lookup(ROW_VARIANT) == []
    # a template's variants may be written as labels: they are compared as label keys
    written = LabelIndex(rows, ((f"（一）{ROW_VARIANT}：", (f" {EXTRA_LABEL} ",)),))
    assert [m.payload for m in written.lookup(ROW_VARIANT)] == ["row"]
    # a template that declares variants has those alone (the national ones are not added)
    short, full = "集中采购", "政府集中采购"  # a national variant (too short to be read as a typo)
    assert (short, (full,)) in national.label_variants
    assert LabelIndex([(full, 1)], ()).lookup(short) == []


@pytest.mark.parametrize("layout", _layouts())
@pytest.mark.parametrize("seed", [1, 2])
def test_a_report_in_the_templates_own_words_is_read_from_every_layout(variant, layout, seed):
    report = make_report(VARIANT, seed=seed, split_other=seed == 1)
    info = default_registry().get(layout)
    written = govreport.render(report, layout)
    assert isinstance(written, str) and f"五、{variant.section_titles[4]}" in written
    for text, read_as_variant in ((written, set()), (_in_own_words(written), {"GR101"})):
        parsed = govreport.parse(text)
        assert parsed.template == VARIANT
        if info.render_lossless:
            assert cell_values(parsed) == cell_values(report)
            assert {d.code for d in parsed.diagnostics} == read_as_variant  # GR101: a label read as its variant
            assert parsed.validate() == []
            assert [s.heading for s in parsed.sections][1] == EXTRA_SECTION
        else:  # a flattened scrape (its sections on one line): nulls allowed, never another number
            assert wrong_cells(parsed, report) == []


def _docx_relabelled(data: bytes, relabel: Callable[[str], str]) -> bytes:
    """A .docx file with each table cell's text ``relabel``-ed (merged cells once)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                new = relabel(cell.text)
                if new != cell.text:
                    cell.text = new
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_in_own_words(data: bytes) -> bytes:
    return _docx_relabelled(data, lambda text: _in_own_words(text) if text in (EXTRA_LABEL, IN_FORCE) else text)


def test_a_report_in_the_templates_own_words_is_read_from_html_and_docx_pages(variant):
    report = make_report(VARIANT, seed=4)
    page = to_html(report)
    assert ROW_VARIANT not in page.decode()
    for data in (page, _in_own_words(page.decode()).encode(), to_docx(report), _docx_in_own_words(to_docx(report))):
        parsed = govreport.parse(data)
        assert parsed.template == VARIANT
        assert cell_values(parsed) == cell_values(report)
        assert [s.heading for s in parsed.sections][1] == EXTRA_SECTION


def test_without_its_label_variants_the_provinces_wording_is_not_read():
    spec = catalog.register(_own_words(_variant_spec(), variants=False))
    try:
        report = make_report(VARIANT, seed=2)
        parsed = govreport.parse(_in_own_words(govreport.render(report, "pipe")))
    finally:
        catalog.unregister(spec.id)
    assert parsed.active.get(EXTRA_ROW, "decisions") is None  # the row is unknown: its value not used
    assert "GR102" in [d.code for d in parsed.diagnostics]


def _values_line_only(text: str, heading: str) -> str:
    """Table 四 printed as its line of values under its heading, its header rows lost."""
    lines = text.split("\n")
    at = lines.index(heading)
    header = [n for n in range(at + 1, len(lines)) if lines[n].strip()][:3]
    return "\n".join(line for n, line in enumerate(lines) if n not in header)


def test_the_templates_own_heading_names_the_table_below_it():
    """A line of values under a heading is table 四's only when the template's heading says so:
    read with the variant's own headings the line is the table (no diagnostic); the same text
    read by a template with the national headings has no table 四 (GR103), and no number."""
    results = {}
    for own in (True, False):
        spec = catalog.register(_own_words(_variant_spec(), headings=own))
        try:
            report = make_report(VARIANT, seed=3)
            (review,) = [s.heading for s in written_sections(VARIANT) if s.table == schema.REVIEW_LITIGATION]
            parsed = govreport.parse(_values_line_only(govreport.render(report, "tsv"), review), format="tsv")
        finally:
            catalog.unregister(spec.id)
        assert parsed.template == VARIANT and wrong_cells(parsed, report) == []
        results[own] = [d.code for d in parsed.diagnostics]
        assert (parsed.review_litigation is not None) == own
    assert results[True] == [] and "GR103" in results[False]


def test_the_national_reports_are_read_as_before_while_the_variant_is_registered(variant):
    for template_id in schema.TABLE_TEMPLATES:
        report = make_report(template_id, seed=5)
        for layout in ("pipe", "tsv", "docx-export"):
            text = govreport.render(report, layout)
            assert isinstance(text, str) and EXTRA_SECTION not in text
            parsed = govreport.parse(text)
            assert parsed.template == template_id and cell_values(parsed) == cell_values(report)
            assert [d.code for d in parsed.diagnostics] == []


def test_registration_refuses_tables_outside_the_templates_sections():
    spec = _variant_spec()
    for sections in ((2, 2, 4), (2, 3, 7)):
        tables = tuple(attrs.evolve(t, section=n) for t, n in zip(spec.tables, sections))
        with pytest.raises(SchemaError, match="sections"):
            catalog.register(attrs.evolve(spec, tables=tables))
    assert VARIANT not in schema.TEMPLATE_SPECS


# -- the family: any numbering of the sections, any row printed in the template's own wording --

#: The made-up prefix of the drawn template's own wording of one of its rows.
OWN_PREFIX = "本省"


def _renumbered(spec: schema.TemplateSpec, extra: int, row_label: str) -> schema.TemplateSpec:
    """``spec`` with ``extra`` sections of its own before table 二 (the tables' sections and
    headings moved by as many) and its own wording of the row labelled ``row_label``."""
    titles = (spec.section_titles[0], *(f"{EXTRA_SECTION}（{k}）" for k in range(1, extra + 1)),
              *spec.section_titles[1:])

    def moved(table: schema.TableSpec) -> schema.TableSpec:
        old = section_numeral(table.section)
        assert table.heading.startswith(old)  # the national headings open with their numeral
        return attrs.evolve(table, section=table.section + extra,
                            heading=section_numeral(table.section + extra) + table.heading[len(old):])

    return attrs.evolve(spec, tables=tuple(map(moved, spec.tables)), section_titles=titles,
                        label_variants=(*spec.label_variants, (OWN_PREFIX + row_label, (row_label,))))


def _row_labels(spec: schema.TemplateSpec) -> list[str]:
    """Row labels (without enumerators) that name one row and nothing else of the template (no
    column, no group of rows): a whole-label replacement of one touches that row alone."""
    others = {c.label for t in spec.tables for r in t.rows for c in r.columns}
    others |= {split_enumerator(p)[1] for t in spec.tables for r in t.rows for p in r.path[:-1]}
    leaves = [split_enumerator(r.path[-1])[1] for t in spec.tables for r in t.rows]
    return sorted(label for label in set(leaves) if leaves.count(label) == 1 and label not in others)


def _whole_label(label: str) -> re.Pattern[str]:
    return re.compile(f"(?<![\u4e00-\u9fff]){re.escape(label)}(?![\u4e00-\u9fff])")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), extra=st.integers(0, 3), split=st.booleans(),
       layout=st.sampled_from([*_layouts(), "html", "docx"]), data=st.data())
def test_any_section_numbering_and_own_row_wording_of_a_registered_template_is_read(seed, extra, split, layout,
                                                                                   data):
    """A registered template with 0-3 sections of its own before table 二 (its tables under its
    own headings) and one row printed in its own wording: read from every layout with every
    cell right (a lossy layout: right or null)."""
    base = _variant_spec()
    label = data.draw(st.sampled_from(_row_labels(base)), label="row label")
    spec = catalog.register(_renumbered(base, extra, label))
    try:
        report = make_report(VARIANT, seed=seed, split_other=split)
        pattern = _whole_label(label)

        def relabel(text: str) -> str:
            return pattern.sub(OWN_PREFIX + label, text)

        if layout == "html":
            source: str | bytes = relabel(to_html(report).decode()).encode()
        elif layout == "docx":
            source = _docx_relabelled(to_docx(report), relabel)
        else:
            written = govreport.render(report, layout)
            assert isinstance(written, str)
            source = relabel(written)
        lossless = layout in ("html", "docx") or default_registry().get(layout).render_lossless
        parsed = govreport.parse(source)
    finally:
        catalog.unregister(spec.id)
    assert parsed.template == VARIANT
    assert wrong_cells(parsed, report) == []
    if lossless:
        assert cell_values(parsed) == cell_values(report)


def test_a_templates_own_group_title_is_written_over_its_row_and_read_back():
    """A group title of the template's own over its extra row of table 二 (a made-up article of
    the national titles' form): every layout writes it with its header row, and reads it."""
    spec = _variant_spec()
    active = spec.table(schema.ACTIVE)
    first_title = dict(active.group_titles)["regulations"]
    own_title = first_title.replace("(一)", "(十)")
    assert own_title != first_title and own_title not in dict(active.group_titles).values()
    own = attrs.evolve(spec, tables=(attrs.evolve(active, group_titles=(*active.group_titles, (EXTRA_ROW, own_title))),
                                     *spec.tables[1:]))
    catalog.register(own)
    try:
        report = make_report(VARIANT, seed=6)
        for layout in ("pipe", "tsv", "docx-export"):
            text = govreport.render(report, layout)
            assert isinstance(text, str)
            lines = [line.strip(" |\t") for line in text.split("\n")]  # a line's first cell first
            at = lines.index(own_title)
            lead = next(n for n in range(at + 1, len(lines)) if lines[n].startswith(active.header_lead))
            label = lines.index(EXTRA_LABEL) if EXTRA_LABEL in lines else next(
                n for n in range(lead, len(lines)) if lines[n].startswith(EXTRA_LABEL))
            assert at < lead < label <= lead + 3  # the title, its header row, then the row
            assert cell_values(govreport.parse(text)) == cell_values(report)
        for page in (to_html(report), to_docx(report)):
            assert cell_values(govreport.parse(page)) == cell_values(report)
    finally:
        catalog.unregister(VARIANT)
