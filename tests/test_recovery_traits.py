"""Recovery (flattened scrapes) reads what differs between tables from the template's data.

Each test reads one run-together grid with a national template and with the same template
whose table has one trait of its :class:`~govreport.schema.TableSpec` changed: the reading
follows the trait, so no table is named in :mod:`govreport.recovery`.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from govreport import recovery, schema
from govreport.blocks import Grid, GridCell, GridRow
from govreport.template.spec import COLUMNS_AS_TEMPLATE


def _with(template_id: str, table_id: str, **changes: object) -> schema.TemplateSpec:
    """The template with one table's traits changed (not registered: recover takes the spec)."""
    spec = schema.template(template_id)
    return attrs.evolve(spec, tables=tuple(attrs.evolve(t, **changes) if t.id == table_id else t  # type: ignore[arg-type]
                                           for t in spec.tables))


def _grid(*rows: tuple[str, tuple[str, ...]]) -> Grid:
    out = []
    for line, (label, pieces) in enumerate(rows, 1):
        cells = [GridCell(label, line, 1)] + [GridCell(p, line, 40 + 10 * n) for n, p in enumerate(pieces)]
        out.append(GridRow(tuple(cells), line))
    return Grid(tuple(out), run_together=True)


def _texts(found: recovery.Recovery, table: str, row: str) -> list[str]:
    (placed,) = [p for p in found.rows if p.table == table and p.row == row]
    return [c.text for c in placed.cells]


_REVIEW = schema.template("2019").table(schema.REVIEW_LITIGATION)
_REVIEW_HEADER = "".join(c.label for c in _REVIEW.header_columns)


def test_rows_side_by_side_after_a_header_follow_the_trait():
    grid = _grid((_REVIEW.title + _REVIEW_HEADER, ("1", "2", "0", "0", "3", "0" * 10)))
    national = recovery.recover(grid, schema.template("2019"))
    assert _texts(national, schema.REVIEW_LITIGATION, "review") == ["1", "2", "0", "0", "3"]
    assert "GR130" in {d.code for d in national.diagnostics}
    apart = recovery.recover(grid, _with("2019", schema.REVIEW_LITIGATION, rows_side_by_side=False))
    assert [p for p in apart.rows if p.table == schema.REVIEW_LITIGATION] == []
    assert [d.code for d in apart.diagnostics] == ["GR102"]  # its digits are not used


def test_a_table_is_known_by_its_header_only_when_its_spec_says_so():
    apps = schema.template("2019").table(schema.APPLICATIONS)
    otherwise = "四、因政府信息公开申请提起行政复议、行政诉讼的情况"  # a title worded otherwise than the template's
    grid = _grid((apps.title + apps.rows[0].path[-1], ("0" * 7,)), (apps.rows[1].path[-1], ("0" * 7,)),
                 (otherwise + _REVIEW_HEADER * 3, ("1", "2", "0", "0", "3", "0" * 10)))
    national = recovery.recover(grid, schema.template("2019"))
    assert _texts(national, schema.REVIEW_LITIGATION, "review") == ["1", "2", "0", "0", "3"]
    unknown = recovery.recover(grid, _with("2019", schema.REVIEW_LITIGATION, known_by_header=False))
    assert [p for p in unknown.rows if p.table == schema.REVIEW_LITIGATION] == []
    # the run stays in table 三, whose rows it cannot be: nothing of it is a value
    assert all(c.text in ("", "0") for p in unknown.rows for c in p.cells)


def test_a_header_in_another_order_places_the_cells_unless_the_table_keeps_the_template_order():
    active = schema.template("2019").table(schema.ACTIVE)
    regulations = active.row("regulations")
    made, published, total = (c.label for c in regulations.columns)
    label = active.title + "信息内容" + published + made + total + regulations.path[-1]
    grid = _grid((label, ("1", "2", "3")))
    national = recovery.recover(grid, schema.template("2019"))
    assert _texts(national, schema.ACTIVE, "regulations") == ["2", "1", "3"]  # made, published, total
    kept = recovery.recover(grid, _with("2019", schema.ACTIVE, column_order=COLUMNS_AS_TEMPLATE))
    assert _texts(kept, schema.ACTIVE, "regulations") == ["1", "2", "3"]


def test_recovery_names_no_table_and_no_template():
    """What differs between tables is data: the module has no table or template constant."""
    source = (Path(recovery.__file__)).read_text(encoding="utf-8")
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("#", "*")))
    names = ("ACTIVE", "APPLICATIONS", "REVIEW_LITIGATION", "TEMPLATE_2019", "TEMPLATE_2021", "TABLE_TEMPLATES",
             "TABLE_TITLES", "APPLICANT_COLUMNS", "REVIEW_COLUMNS")
    assert [n for n in names if re.search(rf"\b{n}\b", code)] == []
    assert not re.search(r"[\"'](?:active|applications|review_litigation|2019|2021)[\"']", code)
