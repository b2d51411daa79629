"""Adding a template is one data module plus tests: a third template defined here, as data
only, is detected, read, checked and rendered by the same engine as the national ones.

The template below is a made-up province variant of the 2021 national template: table 二 has
one more row (行政确认, with the 2021 template's decisions column), the variant is in force
from 2022, and its own row label is its hint word. Nothing in the engine names it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import attrs
import pytest

import govreport
from govreport import schema
from govreport.errors import SchemaError
from govreport.model import Cell, Metadata, Report, Table
from govreport.template import catalog
from govreport.testing.reports import make_report, make_tables
from sources import to_docx, to_html

VARIANT = "province-2022"
EXTRA_ROW = "confirmation"
EXTRA_LABEL = "行政确认"


def _variant_spec() -> schema.TemplateSpec:
    national = schema.template(schema.TEMPLATE_2021)
    active = national.table(schema.ACTIVE)
    decisions = active.row("licensing").columns
    rows = [*active.rows]
    rows.insert([r.id for r in rows].index("enforcement") + 1, schema.RowSpec(EXTRA_ROW, (EXTRA_LABEL,), decisions))
    tables = tuple(attrs.evolve(t, rows=tuple(rows)) if t.id == schema.ACTIVE else t for t in national.tables)
    return schema.TemplateSpec(VARIANT, "某省政府信息公开工作年度报告格式（示例）", "2022 and later", tables,
                               hints=(EXTRA_LABEL,), first_year=2022, refines=schema.TEMPLATE_2021)


@pytest.fixture
def variant() -> Iterator[schema.TemplateSpec]:
    spec = catalog.register(_variant_spec())
    try:
        yield spec
    finally:
        catalog.unregister(VARIANT)


def _report(seed: int, year: int, *, split_other: bool = True) -> Report:
    """A report in the variant: a balanced 2021 report's tables, table 二 with the extra row."""
    rng = random.Random(seed)
    tables = make_tables(schema.TEMPLATE_2021, rng, split_other=split_other)
    active = tables[schema.ACTIVE]
    extra = Cell(schema.ACTIVE, EXTRA_ROW, "decisions", rng.randint(0, 900))
    cells = {t: tuple(table) for t, table in tables.items()}
    cells[schema.ACTIVE] = (*active, extra)
    meta = Metadata(agency="临江县自然资源局", year=year, published=f"{year + 1}-01-15", template=VARIANT, script="hans")
    return Report(meta=meta, **{t: Table(t, VARIANT, cs) for t, cs in cells.items()})  # type: ignore[arg-type]


def _values(report: Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


@pytest.mark.parametrize("layout", ["pipe", "tsv", "docx-export"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_registered_template_is_detected_read_and_checked_in_every_text_layout(variant, layout, seed):
    report = _report(seed, 2022 + seed % 2, split_other=seed != 2)
    parsed = govreport.parse(govreport.render(report, layout))
    assert parsed.template == VARIANT
    assert _values(parsed) == _values(report)
    assert parsed.active.get(EXTRA_ROW, "decisions") == report.active.get(EXTRA_ROW, "decisions")
    assert [d.code for d in parsed.diagnostics] == []
    assert parsed.validate() == []  # the 2021 rules, found by the variant's tables' rows and columns


def test_a_registered_template_is_read_from_html_and_docx_pages(variant):
    report = _report(5, 2023)
    for parsed in (govreport.parse(to_html(report)), govreport.parse(to_docx(report))):
        assert parsed.template == VARIANT
        assert _values(parsed) == _values(report)
        assert parsed.validate() == []


def test_the_variant_is_chosen_only_in_its_years_and_only_from_its_own_words(variant):
    parsed = govreport.parse(govreport.render(_report(4, 2021), "pipe"))
    # 2021 is not one of the variant's years: the national template reads it, and the extra
    # row is no row of that template (its values are not used, with a diagnostic).
    assert parsed.template == schema.TEMPLATE_2021
    assert "GR102" in [d.code for d in parsed.diagnostics]
    # A plain 2021-form report of the variant's years is the national template's.
    plain = govreport.parse(govreport.render(make_report("2021", seed=3), "pipe"))
    assert plain.template == schema.TEMPLATE_2021


def test_without_registration_the_same_text_is_the_national_template():
    spec = catalog.register(_variant_spec())
    try:
        text = govreport.render(_report(6, 2022), "pipe")
    finally:
        catalog.unregister(spec.id)
    parsed = govreport.parse(text)
    assert parsed.template == schema.TEMPLATE_2021
    assert EXTRA_ROW not in parsed.active.rows()


def test_registration_refuses_what_it_cannot_keep_apart():
    with pytest.raises(SchemaError):
        catalog.register(schema.template(schema.TEMPLATE_2021))  # an id taken
    with pytest.raises(SchemaError):
        catalog.register(attrs.evolve(_variant_spec(), refines="nowhere"))
    with pytest.raises(SchemaError):
        catalog.unregister(schema.TEMPLATE_2019)  # the national templates stay


def test_the_engine_memo_never_takes_one_table_spec_for_another() -> None:
    """The table engine memoises each table's cell order by the spec's id; registered templates
    come and go, and an id may be reused by a new spec once the old one is gone: the memo must
    check it holds this very spec."""
    from govreport import schema
    from govreport.engine import tables

    national = schema.template("2021")
    a, b = national.table("active"), national.table("applications")
    tables._CELL_ORDERS.keep(id(b), tables._CellOrder(a, [("a stale", "order")]))  # as if a's id were b's
    assert tables._cell_order(b) == [(r.id, c.id) for r in b.rows for c in r.columns]
