"""Random reports for tests: reproducible from a seed, every template, arithmetic that balances.

Used by govreport's own tests and by :mod:`govreport.testing`'s properties, so a plugin's tests
draw the same reports as the built-in layouts'.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

from govreport import schema
from govreport.model import Cell, Figure, Metadata, Report, Table
from govreport.registry import PluginInfo
from govreport.template import rules
from govreport.template.catalog import first_table_year, table_templates

AGENCIES = ("青州市交通运输局", "临江县自然资源局", "东川区人民政府办公室", "北河市生态环境局")


def _family(template_id: str, table_id: str, per: str, right_is_results: bool | None = None
            ) -> rules.RuleFamily | None:
    """The template's rule family of ``table_id`` checked ``per`` column or row (and, for column
    sums, the one whose right side is or is not the results group): where the generator reads
    which rows and columns are totals, parts and flows (the template's arithmetic, as data)."""
    for family in rules.families(template_id):
        if family.table != table_id or family.per != per or family.at_most:
            continue
        if right_is_results is None or (family.right == (rules.RESULT_ROWS,)) == right_is_results:
            return family
    return None


def _count_parts(table: schema.TableSpec, row: schema.RowSpec, family: rules.RuleFamily | None
                 ) -> tuple[list[str], str | None]:
    """The row's columns its row total adds up (``family``: the table's per-row sum), and that total."""
    total = family.left[0] if family is not None and len(family.left) == 1 else None
    if total is None or total not in {c.id for c in row.columns}:
        return [c.id for c in row.columns], None
    return [c.id for c in row.columns if c.id in family.right], total  # type: ignore[union-attr]


#: What a result of table 三 is drawn from, per applicant column (``make_tables``'s default).
RESULT_VALUES = (0, 0, 0, 1, 2, 5)


def make_tables(template_id: str, rng: random.Random, *, split_other: bool = True,
                result_values: Sequence[int] = RESULT_VALUES) -> dict[str, Table]:
    """The three tables of a random report of ``template_id`` (any registered template) whose
    arithmetic balances: the rows, columns and which of them are totals come from the
    template's data and its rule families, so a registered template's own rows are filled too.
    ``split_other=False`` prints a row that has an alternative (2021's （六）) as that one row.
    ``result_values`` is what each result of table 三 is drawn from (more zeros: rows of zeros,
    as most real reports have)."""
    spec = schema.template(template_id)
    cells: dict[str, list[Cell]] = {t: [] for t in schema.TABLES}

    def add(table: str, row: str, column: str, value: object) -> None:
        cells[table].append(Cell(table, row, column, value))  # type: ignore[arg-type]

    for row in spec.table(schema.ACTIVE).rows:
        for col in row.columns:
            if col.kind == schema.MONEY:
                value = rng.choice([0, 15000, Decimal("785901.37"), 113095600, 3957210])  # money is Decimal
            elif col.kind == schema.SIGNED:
                value = rng.randint(-20, 20)
            else:
                value = rng.randint(0, 6000)
            add(schema.ACTIVE, row.id, col.id, value)
    for rule in rules.table_rules(template_id, schema.ACTIVE, split_other):
        if rule.at_most and len(rule.left) == len(rule.right) == 1:  # e.g. new_published <= total_published
            (small,), (large,) = rule.left, rule.right
            vals = {(c.row, c.column): c for c in cells[schema.ACTIVE]}
            lo, hi = sorted([int(vals[small].value or 0), int(vals[large].value or 0)])
            cells[schema.ACTIVE] = [c if (c.row, c.column) not in (small, large) else
                                    Cell(schema.ACTIVE, c.row, c.column, lo if (c.row, c.column) == small else hi)
                                    for c in cells[schema.ACTIVE]]

    apps = spec.table(schema.APPLICATIONS)
    printed = schema.reading_order(apps, split_other=split_other)
    handling = _family(template_id, schema.APPLICATIONS, "column", right_is_results=True)  # handled = sum of the results
    flow = _family(template_id, schema.APPLICATIONS, "column", right_is_results=False)  # new + carried = handled + forward
    assert handling is not None and flow is not None, "the template's arithmetic has no flow of applications"
    (handled_row,) = handling.left
    new_row, carried_row = flow.left
    forward_row = next(r for r in flow.right if r != handled_row)
    flows = {new_row, carried_row, handled_row, forward_row}
    result_rows = [r.id for r in printed if r.path[0] == schema.RESULTS and r.id not in flows]
    applicant_cols, applicant_total = _count_parts(apps, apps.rows[0], _family(template_id, schema.APPLICATIONS, "row"))
    table: dict[str, dict[str, int]] = {}
    for applicant in applicant_cols:
        results = {r: rng.choice(result_values) for r in result_rows}
        handled = sum(results.values())
        forward = rng.randint(0, 3)
        carried = rng.randint(0, handled + forward)
        new = handled + forward - carried
        for row_id, v in {new_row: new, carried_row: carried, **results, handled_row: handled,
                          forward_row: forward}.items():
            table.setdefault(row_id, {})[applicant] = v
    for row_spec in apps.rows:
        if row_spec.id not in table:
            continue
        for col_spec in row_spec.columns:
            count = sum(table[row_spec.id].values()) if col_spec.id == applicant_total \
                else table[row_spec.id][col_spec.id]
            add(schema.APPLICATIONS, row_spec.id, col_spec.id, count)

    review = spec.table(schema.REVIEW_LITIGATION)
    review_sum = _family(template_id, schema.REVIEW_LITIGATION, "row")
    for row_spec in review.rows:
        columns, total = _count_parts(review, row_spec, review_sum)
        parts = [rng.randint(0, 3) for _ in columns]
        for column_id, v in zip(columns, parts):
            add(schema.REVIEW_LITIGATION, row_spec.id, column_id, v)
        if total is not None:
            add(schema.REVIEW_LITIGATION, row_spec.id, total, sum(parts))
    return {t: Table(t, template_id, tuple(cs)) for t, cs in cells.items()}


def report_years(template_id: str) -> list[int]:
    """The years a generated report of ``template_id`` may have: its years in force (three
    from its first for an open-ended one), three years before the first table template's for a
    legacy report (2016)."""
    if template_id == schema.TEMPLATE_LEGACY:
        return [first_table_year() - 3]
    spec = schema.template(template_id)
    first = spec.first_year if spec.first_year is not None else first_table_year()
    last = spec.last_year if spec.last_year is not None else first + 2
    return list(range(first, last + 1))


def make_report(template_id: str = "2019", seed: int = 0, **kwargs: object) -> Report:
    """A random but reproducible report of ``template_id`` (``2019``, ``2021``, ``legacy`` or
    a registered template): metadata, and tables whose arithmetic (勾稽关系) balances or legacy
    figures. ``split_other=False`` gives a 2021 report with its （六） group as one row instead of its three items."""
    rng = random.Random(seed)
    # A year is drawn for each national table template and the report takes its own, so a seed
    # draws the same numbers whichever of them is asked for (as it always has), and whatever
    # else is registered; a registered template's year is drawn after them.
    drawn = {t: rng.choice(report_years(t)) for t in schema.TABLE_TEMPLATES}
    years = report_years(template_id)
    year = drawn[template_id] if template_id in drawn else years[0] if len(years) == 1 else rng.choice(years)
    meta = Metadata(agency=rng.choice(AGENCIES), year=year, published=f"{year + 1}-01-{rng.randint(10, 28)}",
                    template=template_id, script="hans")
    if template_id == schema.TEMPLATE_LEGACY:
        figures = (Figure("active_disclosed", rng.randint(1, 900)), Figure("applications_received", rng.randint(0, 30)),
                   Figure("reviews", rng.randint(0, 3)), Figure("lawsuits", rng.randint(0, 3)))
        return Report(meta=meta, legacy=figures)
    tables = make_tables(template_id, rng, **kwargs)  # type: ignore[arg-type]
    return Report(meta=meta, active=tables[schema.ACTIVE], applications=tables[schema.APPLICATIONS],
                  review_litigation=tables[schema.REVIEW_LITIGATION])


def written_templates(info: PluginInfo) -> tuple[str, ...]:
    """The templates a plugin's reports are drawn in: its ``render_templates`` and every
    registered template that refines one of them (a layout writes a template's tables from its
    data, so a province's variant of a template it writes is written the same way)."""
    own = tuple(info.render_templates)
    return own + tuple(spec.id for spec in table_templates() if spec.refines in own and spec.id not in own)


def cell_values(report: Report) -> dict[str, object]:
    """``{table.row.column: value}`` of every cell of the report's tables."""
    return {c.key: c.value for c in report.cells()}


def report_values(report: Report) -> dict[str, object]:
    """Everything a layout must carry: every cell, the legacy figures of a legacy report, and
    the metadata (``meta.x``) but the script (a layout may write either script)."""
    values = cell_values(report)
    if report.template == schema.TEMPLATE_LEGACY:
        values.update({f"legacy.{k}": v for k, v in report.legacy_values().items()})
    values.update({f"meta.{k}": v for k, v in report.meta.values().items() if k != "script"})
    return values
