"""The report AST: plain, frozen, slotted attrs classes.

A [`Report`][govreport.model.Report] holds the metadata, the numbered sections, the three template tables (or,
for pre-2019 reports, the legacy figures) and the diagnostics found while reading it. Every
cell keeps its value, the raw text it came from and its source position.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from .diagnostics import Diagnostic
from .engine.memo import FunctionMemo
from .errors import MissingTableError, SchemaError
from .numbers import from_plain, plain_value
from .schema import LEGACY_KEYS, META_KEYS, TABLES
from .sequences import as_tuple

#: A cell's value: a count is an ``int`` (exact); money is in yuan, a ``decimal.Decimal`` exact
#: to the source's digits (see govreport.numbers); None when the cell is blank or unreadable.
#: Outputs store money as an exact decimal (:mod:`govreport.outputs`).
Value = int | Decimal | float | None



@attrs.frozen
class Span:
    """Where something came from: 1-based line and column in the source text."""

    line: int
    column: int = 1
    end_line: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Span | None:
        if d is None:
            return None
        return cls(d["line"], d.get("column", 1), d.get("end_line"))


def _new_span(at: tuple[int, int]) -> Span:
    return Span(*at)


#: The one [`Span`][govreport.model.Span] for each ``(line, column)``: spans are frozen values, so
#: one object can stand for every span at the same place (a report has hundreds of cells, and
#: most positions recur from report to report). ``SPANS[line, column]`` is what the table
#: engine asks for each cell it makes: a dictionary lookup once the position is known.
SPANS: FunctionMemo[tuple[int, int], Span] = FunctionMemo("the shared Span at each (line, column)", 100_000,
                                                          _new_span)


def span_at(line: int, column: int = 1) -> Span:
    """The [`Span`][govreport.model.Span] at ``line``/``column`` (shared, not created anew each time)."""
    return SPANS[line, column]


def _span(d: Mapping[str, Any] | None) -> Span | None:
    return Span.from_dict(d)


@attrs.frozen
class Cell:
    """One table cell: where it sits in the template, its value, raw text and source span."""

    table: str
    row: str
    column: str
    value: Value
    raw: str = ""
    span: Span | None = None

    @property
    def key(self) -> str:
        """``table.row.column``."""
        return f"{self.table}.{self.row}.{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row, "column": self.column, "value": plain_value(self.value),
                "raw": self.raw, "span": self.span.to_dict() if self.span else None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cell:
        return cls(d["table"], d["row"], d["column"], from_plain(d["value"]), d.get("raw", ""), _span(d.get("span")))


# attrs' frozen __init__ sets each field through object.__setattr__; the slots' own setters
# are a third cheaper, and the builder makes a Cell for every value of every report.
_CELL_FIELDS = ("table", "row", "column", "value", "raw", "span")


def _cell_maker() -> Any:
    new = object.__new__
    set_table, set_row, set_column, set_value, set_raw, set_span = (Cell.__dict__[f].__set__ for f in _CELL_FIELDS)

    def make_cell(table: str, row: str, column: str, value: Value, raw: str, span: Span | None) -> Cell:
        """``Cell(table, row, column, value, raw, span)``, made without calling ``__init__``."""
        cell = new(Cell)
        set_table(cell, table)
        set_row(cell, row)
        set_column(cell, column)
        set_value(cell, value)
        set_raw(cell, raw)
        set_span(cell, span)
        return cell

    return make_cell


make_cell: Callable[[str, str, str, Value, str, Span | None], Cell] = _cell_maker()
#: The setters of a Cell's slots, in the order of its fields (table, row, column, value, raw,
#: span): what ``make_cell`` calls, for the table engine's loop over a row's cells, which makes
#: them without a call per cell.
CELL_SETTERS: tuple[Callable[[Cell, Any], None], ...] = tuple(Cell.__dict__[f].__set__ for f in _CELL_FIELDS)


@attrs.frozen
class Table:
    """One template table with the cells read from the report (in template order)."""

    id: str
    template: str
    cells: tuple[Cell, ...] = attrs.field(converter=as_tuple)
    span: Span | None = None
    _index: dict[tuple[str, str], Cell] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {(c.row, c.column): c for c in self.cells})

    @classmethod
    def _indexed(cls, id: str, template: str, cells: tuple[Cell, ...], span: Span | None,
                 index: dict[tuple[str, str], Cell]) -> Table:
        """The Table of ``cells`` with the index its maker already holds (the builder keeps
        one): ``index`` maps each cell's (row, column) to it and holds nothing else."""
        table = object.__new__(cls)
        for name, value in (("id", id), ("template", template), ("cells", cells), ("span", span), ("_index", index)):
            object.__setattr__(table, name, value)
        return table

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def cell(self, row: str, column: str) -> Cell:
        """The cell at ``row``/``column``; [`SchemaError`][govreport.errors.SchemaError] (a KeyError too) if not read."""
        try:
            return self._index[(row, column)]
        except KeyError:
            raise SchemaError(f"table {self.id!r} has no cell {row}.{column}") from None

    def get(self, row: str, column: str, default: Value = None) -> Value:
        """The value at ``row``/``column``, or ``default`` when the cell is absent or blank."""
        c = self._index.get((row, column))
        return default if c is None or c.value is None else c.value

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def rows(self) -> list[str]:
        """Row identifiers present, in order."""
        seen: dict[str, None] = {}
        for c in self.cells:
            seen.setdefault(c.row, None)
        return list(seen)

    def row(self, row: str) -> dict[str, Value]:
        """``{column: value}`` of one row."""
        return {c.column: c.value for c in self.cells if c.row == row}

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "template": self.template, "span": self.span.to_dict() if self.span else None,
                "cells": [c.to_dict() for c in self.cells]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Table:
        return cls(d["id"], d["template"], tuple(Cell.from_dict(c) for c in d["cells"]), _span(d.get("span")))


@attrs.frozen
class Section:
    """A numbered section of the report (一、… to 六、…)."""

    number: int
    heading: str
    text: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "heading": self.heading, "text": self.text,
                "span": self.span.to_dict() if self.span else None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Section:
        return cls(d["number"], d["heading"], d["text"], _span(d.get("span")))


@attrs.frozen
class Figure:
    """A figure stated in prose (pre-2019 reports): key, value, and the sentence it came from."""

    key: str
    value: Value
    raw: str = ""
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "raw": self.raw,
                "span": self.span.to_dict() if self.span else None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Figure:
        return cls(d["key"], d["value"], d.get("raw", ""), _span(d.get("span")))


@attrs.frozen
class MetaField:
    """A metadata value with the text it was read from."""

    value: Any
    raw: str = ""
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "raw": self.raw, "span": self.span.to_dict() if self.span else None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MetaField:
        return cls(d["value"], d.get("raw", ""), _span(d.get("span")))


def _meta_field(v: Any) -> MetaField:
    return v if isinstance(v, MetaField) else MetaField(v)


@attrs.frozen
class Metadata:
    """Report metadata. Each attribute is a [`MetaField`][govreport.model.MetaField]: its value and where it was
    read (``meta.year.value == 2020``, ``meta.year.span``); [`values`][govreport.model.Metadata.values] gives the
    plain values, [`field`][govreport.model.Metadata.field] one field by its key."""

    agency: MetaField = attrs.field(factory=lambda: MetaField(None), converter=_meta_field)
    year: MetaField = attrs.field(factory=lambda: MetaField(None), converter=_meta_field)
    published: MetaField = attrs.field(factory=lambda: MetaField(None), converter=_meta_field)
    template: MetaField = attrs.field(factory=lambda: MetaField(None), converter=_meta_field)
    script: MetaField = attrs.field(factory=lambda: MetaField("hans"), converter=_meta_field)

    def field(self, key: str) -> MetaField:
        if key not in META_KEYS:
            raise SchemaError(f"no metadata field {key!r}", expected=", ".join(META_KEYS))
        found: MetaField = getattr(self, key)
        return found

    def values(self) -> dict[str, Any]:
        """``{key: value}`` for every metadata field."""
        return {k: getattr(self, k).value for k in META_KEYS}

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k).to_dict() for k in META_KEYS}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Metadata:
        return cls(**{k: MetaField.from_dict(d[k]) for k in META_KEYS if k in d})


@attrs.frozen
class Report:
    """A parsed annual report."""

    meta: Metadata
    source: str = "<string>"
    format: str = ""
    sections: tuple[Section, ...] = attrs.field(default=(), converter=as_tuple)
    active: Table | None = None
    applications: Table | None = None
    review_litigation: Table | None = None
    legacy: tuple[Figure, ...] = attrs.field(default=(), converter=as_tuple)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=as_tuple)

    @property
    def template(self) -> str | None:
        """``"2019"``, ``"2021"`` or ``"legacy"``."""
        template: str | None = self.meta.template.value
        return template

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables found, in template order."""
        return tuple(t for t in (self.active, self.applications, self.review_litigation) if t is not None)

    def table(self, table_id: str) -> Table | None:
        """The table ``active``, ``applications`` or ``review_litigation``; None when the report has none."""
        if table_id not in TABLES:
            raise SchemaError(f"no table {table_id!r}", expected=", ".join(TABLES))
        table: Table | None = getattr(self, table_id)
        return table

    def get_table(self, table_id: str) -> Table:
        """The table ``table_id``, or :class:`~govreport.errors.MissingTableError` when the report
        has none (a legacy report, a table the source lacks): for code that type-checks."""
        table = self.table(table_id)
        if table is None:
            raise MissingTableError(f"the report has no {table_id!r} table"
                                    + (" (a pre-2019 report states its figures in prose)"
                                       if self.template == "legacy" else ""),
                                    source=self.source, expected="a report with that table")
        return table

    def get_applications(self) -> Table:
        """:meth:`get_table` of ``applications`` (table 三)."""
        return self.get_table("applications")

    def get_active(self) -> Table:
        """:meth:`get_table` of ``active`` (table 二)."""
        return self.get_table("active")

    def get_review_litigation(self) -> Table:
        """:meth:`get_table` of ``review_litigation`` (table 四)."""
        return self.get_table("review_litigation")

    def cells(self) -> Iterator[Cell]:
        """Every cell of every table."""
        for t in self.tables:
            yield from t.cells

    def value(self, key: str) -> Value:
        """The value of ``table.row.column`` (or ``meta.x`` / ``legacy.x``); None if absent."""
        table_id, _, rest = key.partition(".")
        if table_id == "meta":
            meta: Value = self.meta.field(rest).value
            return meta
        if table_id == "legacy":
            return self.legacy_values().get(rest)
        table = self.table(table_id)
        row, _, column = rest.rpartition(".")
        return None if table is None else table.get(row, column)

    def legacy_values(self) -> dict[str, Value]:
        """``{key: value}`` of the legacy figures (every key, None where not stated)."""
        values: dict[str, Value] = dict.fromkeys(LEGACY_KEYS)
        for f in self.legacy:
            values[f.key] = f.value
        return values

    def with_diagnostics(self, extra: tuple[Diagnostic, ...]) -> Report:
        """A copy with more diagnostics appended."""
        return attrs.evolve(self, diagnostics=self.diagnostics + tuple(extra))

    def validate(self) -> list[Diagnostic]:
        """Run the template's arithmetic checks (勾稽关系); see [`govreport.validate`][govreport.validate]."""
        from .validate import validate

        return validate(self)

    def to_records(self) -> list[dict[str, Any]]:
        """Long records, one per cell (see [`govreport.records`][govreport.records])."""
        from .records import report_records

        return report_records(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; [`from_dict`][govreport.model.Report.from_dict] reads it back to an equal Report."""
        return {
            "source": self.source,
            "format": self.format,
            "meta": self.meta.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            # "is not None": a table found with no cells is falsy, and is still a table found
            "tables": {t: (getattr(self, t).to_dict() if getattr(self, t) is not None else None) for t in TABLES},
            "legacy": [f.to_dict() for f in self.legacy],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        tables = d.get("tables", {})
        return cls(
            meta=Metadata.from_dict(d["meta"]),
            source=d.get("source", "<string>"),
            format=d.get("format", ""),
            sections=tuple(Section.from_dict(s) for s in d.get("sections", ())),
            active=Table.from_dict(tables["active"]) if tables.get("active") else None,
            applications=Table.from_dict(tables["applications"]) if tables.get("applications") else None,
            review_litigation=(Table.from_dict(tables["review_litigation"])
                               if tables.get("review_litigation") else None),
            legacy=tuple(Figure.from_dict(f) for f in d.get("legacy", ())),
            diagnostics=tuple(Diagnostic.from_dict(x) for x in d.get("diagnostics", ())),
        )

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)
