"""Build consistent reports for tests (random but reproducible, arithmetic that balances)."""

from __future__ import annotations

import random
from decimal import Decimal

from govreport import schema
from govreport.model import Cell, Figure, Metadata, Report, Table

AGENCIES = ("青州市交通运输局", "临江县自然资源局", "东川区人民政府办公室", "北河市生态环境局")


def make_tables(template_id: str, rng: random.Random, *, split_other: bool = True) -> dict[str, Table]:
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
            lo, hi = sorted([vals["new_published"].value, vals["total_published"].value])
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
    for col in applicant_cols:
        results = {r: rng.choice([0, 0, 0, 1, 2, 5]) for r in result_rows}
        handled = sum(results.values())
        forward = rng.randint(0, 3)
        carried = rng.randint(0, handled + forward)
        new = handled + forward - carried
        for r, v in {"new_received": new, "carried_over": carried, **results, "total_handled": handled,
                     "carried_forward": forward}.items():
            table.setdefault(r, {})[col] = v
    for r in apps.rows:
        if r.id not in table:
            continue
        for c in r.columns:
            value = sum(table[r.id].values()) if c.id == "total" else table[r.id][c.id]
            add("applications", r.id, c.id, value)

    for r in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rng.randint(0, 3) for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending"), parts):
            add("review_litigation", r, c, v)
        add("review_litigation", r, "total", sum(parts))
    return {t: Table(t, template_id, tuple(cs)) for t, cs in cells.items()}


def make_report(template_id: str = "2019", seed: int = 0, **kwargs: object) -> Report:
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
    return {c.key: c.value for c in report.cells()}
