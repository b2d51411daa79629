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
    RuleFamily,
    TableSpec,
    TemplateSpec,
)

__all__ = [
    "ACTIVE", "APPLICANT_COLUMNS", "APPLICATIONS", "COUNT", "DENIED", "LEGACY_KEYS", "LEGACY_LABELS", "META_KEYS",
    "MONEY", "NOT_PROCESSED", "OTHER_HANDLING", "OTHER_HANDLING_SPLIT", "RESULTS", "REVIEW_COLUMNS",
    "REVIEW_LITIGATION", "SIGNED", "TABLES", "TABLE_TEMPLATES", "TABLE_TITLES", "TEMPLATES", "TEMPLATE_2019",
    "TEMPLATE_2021", "TEMPLATE_LEGACY", "TEMPLATE_SPECS", "ColumnSpec", "Field", "RowSpec", "RuleFamily", "TableSpec",
    "TemplateSpec", "cell_keys", "fields", "reading_order", "template",
]

META_KEYS = ("agency", "year", "published", "template", "script")
LEGACY_KEYS = ("active_disclosed", "applications_received", "reviews", "lawsuits", "fees")


def template(template_id: str) -> TemplateSpec:
    """The [`TemplateSpec`][govreport.schema.TemplateSpec] of ``"2019"``, ``"2021"`` or a registered
    template (:func:`govreport.template.catalog.register`)."""
    try:
        return TEMPLATE_SPECS[template_id]
    except KeyError:
        raise SchemaError(f"no table template {template_id!r}", expected=" or ".join(TEMPLATE_SPECS)) from None


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
    """A table's rows as a report prints them: with the rows its alternatives replace
    (``split_other``: 2021's （六） split in three), or with each alternative row standing where
    the rows it replaces would (（六） kept as one row)."""
    if not table.alternatives:
        return list(table.rows)
    instead = {a.replaces[0]: a.row for a in table.alternatives}
    # each alternative row stands where its rows would (never at its own place in the spec)
    dropped = {a.row for a in table.alternatives} | (set() if split_other else
                                                     {r for a in table.alternatives for r in a.replaces})
    out = []
    for r in table.rows:
        if not split_other and r.id in instead:
            out.append(table.row(instead[r.id]))
        if r.id not in dropped:
            out.append(r)
    return out


def cell_keys(template_id: str) -> list[str]:
    """All ``table.row.column`` identifiers of a template, in order."""
    return [f.key for f in fields(template_id)]
