"""Random reports for tests: reproducible from a seed, every template, arithmetic that balances.

Used by govreport's own tests and by :mod:`govreport.testing`'s properties, so a plugin's tests
draw the same reports as the built-in layouts'.
"""

from __future__ import annotations

import random
from decimal import Decimal

from govreport import schema
from govreport.model import Cell, Figure, Metadata, Report, Table

AGENCIES = ("青州市交通运输局", "临江县自然资源局", "东川区人民政府办公室", "北河市生态环境局")


def make_tables(template_id: str, rng: random.Random, *, split_other: bool = True) -> dict[str, Table]:
    """The three tables of a random report of ``template_id`` whose arithmetic balances."""
    spec = schema.template(template_id)
    cells: dict[str, list[Cell]] = {t: [] for t in schema.TABLES}

    def add(table: str, row: str, column: str, value: object) -> None:
        cells[table].append(Cell(table, row, column, value))  # type: ignore[arg-type]

    for row in spec.table("active").rows:
        for col in row.columns:
            if col.kind == schema.MONEY:
                value = rng.choice([0, 15000, Decimal("785901.37"), 113095600, 3957210])  # money is Decimal
            elif col.kind == schema.SIGNED:
                value = rng.randint(-20, 20)
            else:
                value = rng.randint(0, 6000)
            add("active", row.id, col.id, value)
    if template_id == schema.TEMPLATE_2019:  # new_published <= total_published
        for r in ("regulations", "normative_documents"):
            vals = {c.column: c for c in cells["active"] if c.row == r}
            lo, hi = sorted([int(vals["new_published"].value or 0), int(vals["total_published"].value or 0)])
            cells["active"] = [c if c.row != r or c.column not in ("new_published", "total_published") else
                               Cell("active", r, c.column, lo if c.column == "new_published" else hi)
                               for c in cells["active"]]

    apps = spec.table("applications")
    result_rows = [r.id for r in apps.rows if r.id not in ("new_received", "carried_over", "total_handled",
                                                          "carried_forward")]
    if template_id == schema.TEMPLATE_2021:
        drop = "other_handling" if split_other else None
        result_rows = [r for r in result_rows if r != drop and (split_other or r not in schema.OTHER_HANDLING_SPLIT)]
    applicant_cols = [c.id for c in schema.APPLICANT_COLUMNS if c.id != "total"]
    table: dict[str, dict[str, int]] = {}
    for applicant in applicant_cols:
        results = {r: rng.choice([0, 0, 0, 1, 2, 5]) for r in result_rows}
        handled = sum(results.values())
        forward = rng.randint(0, 3)
        carried = rng.randint(0, handled + forward)
        new = handled + forward - carried
        for row_id, v in {"new_received": new, "carried_over": carried, **results, "total_handled": handled,
                          "carried_forward": forward}.items():
            table.setdefault(row_id, {})[applicant] = v
    for row_spec in apps.rows:
        if row_spec.id not in table:
            continue
        for col_spec in row_spec.columns:
            count = sum(table[row_spec.id].values()) if col_spec.id == "total" else table[row_spec.id][col_spec.id]
            add("applications", row_spec.id, col_spec.id, count)

    for row_id in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rng.randint(0, 3) for _ in range(4)]
        for column_id, v in zip(("upheld", "corrected", "other", "pending"), parts):
            add("review_litigation", row_id, column_id, v)
        add("review_litigation", row_id, "total", sum(parts))
    return {t: Table(t, template_id, tuple(cs)) for t, cs in cells.items()}


def make_report(template_id: str = "2019", seed: int = 0, **kwargs: object) -> Report:
    """A random but reproducible report of ``template_id`` (``2019``, ``2021`` or ``legacy``):
    metadata, and tables whose arithmetic (勾稽关系) balances or legacy figures.
    ``split_other=False`` gives a 2021 report with one 其他处理 row instead of its split."""
    rng = random.Random(seed)
    year = {"2019": rng.choice([2019, 2020]), "2021": rng.choice([2021, 2022, 2023]), "legacy": 2016}[template_id]
    meta = Metadata(agency=rng.choice(AGENCIES), year=year, published=f"{year + 1}-01-{rng.randint(10, 28)}",
                    template=template_id, script="hans")
    if template_id == schema.TEMPLATE_LEGACY:
        figures = (Figure("active_disclosed", rng.randint(1, 900)), Figure("applications_received", rng.randint(0, 30)),
                   Figure("reviews", rng.randint(0, 3)), Figure("lawsuits", rng.randint(0, 3)))
        return Report(meta=meta, legacy=figures)
    tables = make_tables(template_id, rng, **kwargs)  # type: ignore[arg-type]
    return Report(meta=meta, active=tables["active"], applications=tables["applications"],
                  review_litigation=tables["review_litigation"])


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
