"""The data contract: every template, table, row and column with its identifier and label.

Identifiers are public API (``applications.denied.state_secret.natural_person``). The facts
themselves live in the template package (:mod:`govreport.template.spec` for the shapes,
:mod:`govreport.template.national` for the national templates' labels); this module gives
them their public names and the contract's views of them (fields, reading order).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .errors import SchemaError
from .template.legacy import FIGURE_LABELS as LEGACY_LABELS
from .template.national import (
    APPLICANT_COLUMNS,
    DENIED,
    NOT_PROCESSED,
    OTHER_HANDLING,
    OTHER_HANDLING_SPLIT,
    RESULTS,
    REVIEW_COLUMNS,
    TABLE_TITLES,
    TEMPLATE_SPECS,
)
from .template.spec import (
    ACTIVE,
    APPLICATIONS,
    COUNT,
    MONEY,
    REVIEW_LITIGATION,
    SIGNED,
    TABLE_TEMPLATES,
    TABLES,
    TEMPLATE_2019,
    TEMPLATE_2021,
    TEMPLATE_LEGACY,
    TEMPLATES,
    ColumnSpec,
    RowSpec,
    TableSpec,
    TemplateSpec,
)

__all__ = [
    "ACTIVE", "APPLICANT_COLUMNS", "APPLICATIONS", "COUNT", "DENIED", "LEGACY_KEYS", "LEGACY_LABELS", "META_KEYS",
    "MONEY", "NOT_PROCESSED", "OTHER_HANDLING", "OTHER_HANDLING_SPLIT", "RESULTS", "REVIEW_COLUMNS",
    "REVIEW_LITIGATION", "SIGNED", "TABLES", "TABLE_TEMPLATES", "TABLE_TITLES", "TEMPLATES", "TEMPLATE_2019",
    "TEMPLATE_2021", "TEMPLATE_LEGACY", "TEMPLATE_SPECS", "ColumnSpec", "Field", "RowSpec", "TableSpec",
    "TemplateSpec", "cell_keys", "fields", "reading_order", "template",
]

META_KEYS = ("agency", "year", "published", "template", "script")
LEGACY_KEYS = ("active_disclosed", "applications_received", "reviews", "lawsuits", "fees")


def template(template_id: str) -> TemplateSpec:
    """The [`TemplateSpec`][govreport.schema.TemplateSpec] of ``"2019"`` or ``"2021"``."""
    try:
        return TEMPLATE_SPECS[template_id]
    except KeyError:
        raise SchemaError(f"no table template {template_id!r}", expected="2019 or 2021") from None


@attrs.frozen
class Field:
    """One cell of the data contract, as a line of ``fields.tsv``."""

    template: str
    table: str
    row: str
    column: str
    row_label: str
    column_label: str

    @property
    def key(self) -> str:
        """``table.row.column``."""
        return f"{self.table}.{self.row}.{self.column}"


def fields(template_id: str | None = None) -> Iterator[Field]:
    """Every cell of every table template (or of one), in the data contract's order."""
    ids = [template_id] if template_id else list(TEMPLATE_SPECS)
    for tid in ids:
        for table in template(tid).tables:
            for row in table.rows:
                for col in row.columns:
                    yield Field(tid, table.id, row.id, col.id, row.label, col.label)


def reading_order(table: TableSpec, *, split_other: bool) -> list[RowSpec]:
    """Table 三's rows as a report prints them: the 2021 template's single （六） row (when a
    report does not split it) stands where the three sub-rows would."""
    rows = list(table.rows)
    if table.id != APPLICATIONS or not any(r.id in OTHER_HANDLING_SPLIT for r in rows):
        return rows
    single = next(r for r in rows if r.id == "other_handling")
    out = []
    for r in rows:
        if r.id in OTHER_HANDLING_SPLIT:
            if split_other:
                out.append(r)
            elif r.id == OTHER_HANDLING_SPLIT[0]:
                out.append(single)
        elif r.id != "other_handling":
            out.append(r)
    return out


def cell_keys(template_id: str) -> list[str]:
    """All ``table.row.column`` identifiers of a template, in order."""
    return [f.key for f in fields(template_id)]
