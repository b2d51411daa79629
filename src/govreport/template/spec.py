"""The shape of a template as data: templates, tables, rows and columns with their ids.

The identifiers are public API (``applications.denied.state_secret.natural_person``);
:mod:`govreport.schema` re-exports everything here. The national templates' content is in
:mod:`govreport.template.national`.
"""

from __future__ import annotations

import attrs

from ..errors import SchemaError

TEMPLATE_2019 = "2019"
TEMPLATE_2021 = "2021"
TEMPLATE_LEGACY = "legacy"
TEMPLATES = (TEMPLATE_2019, TEMPLATE_2021, TEMPLATE_LEGACY)
TABLE_TEMPLATES = (TEMPLATE_2019, TEMPLATE_2021)

ACTIVE = "active"
APPLICATIONS = "applications"
REVIEW_LITIGATION = "review_litigation"
TABLES = (ACTIVE, APPLICATIONS, REVIEW_LITIGATION)

COUNT = "count"  # a non-negative integer
SIGNED = "signed"  # an integer that keeps its sign (本年增/减)
MONEY = "money"  # a decimal amount, reported in yuan


@attrs.frozen
class ColumnSpec:
    """A column of a template row: identifier, label, value kind and declared unit."""

    id: str
    label: str
    kind: str = COUNT
    unit: str | None = None  # the unit the template itself declares (2021 fees: 万元)


@attrs.frozen
class RowSpec:
    """A template row: identifier, label path and columns."""

    id: str
    path: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]

    @property
    def label(self) -> str:
        """The full label as the data contract writes it (path joined by spaces)."""
        return " ".join(self.path)

    def column(self, column_id: str) -> ColumnSpec:
        for c in self.columns:
            if c.id == column_id:
                return c
        raise SchemaError(f"row {self.id!r} has no column {column_id!r}",
                          expected=", ".join(c.id for c in self.columns))


@attrs.frozen
class TableSpec:
    """One of the three tables of a template."""

    id: str
    title: str
    rows: tuple[RowSpec, ...]

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise SchemaError(f"table {self.id!r} has no row {row_id!r}",
                          expected=", ".join(r.id for r in self.rows))


@attrs.frozen
class TemplateSpec:
    """A national template: its id, the document that set it, and its tables."""

    id: str
    name: str
    years: str
    tables: tuple[TableSpec, ...]

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise SchemaError(f"template {self.id!r} has no table {table_id!r}", expected=", ".join(TABLES))
