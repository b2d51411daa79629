"""The published schema of every dataset govreport writes: columns and their types, as data.

One schema, declared once here and used by every writer (SQLite, DuckDB, Parquet, CSV, JSON
lines), by :func:`govreport.to_dataframe` (``LONG_DTYPES``/``WIDE_DTYPES``), by
:mod:`govreport.dask` (its ``meta``) and by the documentation page that lists the outputs
(:func:`schema_markdown`), so the page cannot drift from the code.

Logical types and how each output declares them:

* ``text``: SQLite ``TEXT``, DuckDB ``VARCHAR``, Arrow ``string``, pandas ``string``.
* ``integer``: a 64-bit signed integer. SQLite ``INTEGER``, DuckDB ``BIGINT``, Arrow
  ``int64``, pandas nullable ``Int64``.
* ``decimal``: an exact decimal with up to 32 integer and 6 fractional digits (money in yuan;
  the long shape's ``value``, which also holds counts exactly). DuckDB ``DECIMAL(38,6)``, Arrow
  ``decimal128(38, 6)``; SQLite has no decimal type: ``NUMERIC`` stores whole values as
  ``INTEGER`` and others as ``REAL`` (exact to the fen below 9×10^13 yuan); pandas ``Float64``
  (nullable double: exact for every count below 2^53 and money to the fen below 9×10^13 yuan).

A value that does not fit its column (a count beyond 64 bits, an amount with more than six
decimals or 32 integer digits) is written as null with a ``GR010`` diagnostic on that cell:
never an abort, never a rounded number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from . import schema
from .engine.memo import BoundedMemo
from .schema import LEGACY_KEYS, META_KEYS
from .template.catalog import table_templates

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
TYPES = (TEXT, INTEGER, DECIMAL)

DECIMAL_PRECISION = 38
DECIMAL_SCALE = 6
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_DECIMAL_LIMIT = Decimal(10) ** (DECIMAL_PRECISION - DECIMAL_SCALE)

#: How each output spells a logical type.
SQLITE_TYPES = {TEXT: "TEXT", INTEGER: "INTEGER", DECIMAL: "NUMERIC"}
DUCKDB_TYPES = {TEXT: "VARCHAR", INTEGER: "BIGINT", DECIMAL: f"DECIMAL({DECIMAL_PRECISION},{DECIMAL_SCALE})"}
ARROW_TYPES = {TEXT: "string", INTEGER: "int64", DECIMAL: f"decimal128({DECIMAL_PRECISION}, {DECIMAL_SCALE})"}
PANDAS_TYPES = {TEXT: "string", INTEGER: "Int64", DECIMAL: "Float64"}
CSV_TYPES = {TEXT: "text", INTEGER: "digits, optional sign", DECIMAL: "plain decimal (`785901.37`), no exponent"}
JSON_TYPES = {TEXT: "string", INTEGER: "number (integer)", DECIMAL: "number"}


@attrs.frozen
class Column:
    """A column of an output table: its name, logical type and meaning."""

    name: str
    type: str
    description: str


@attrs.frozen
class OutputTable:
    """One table of the outputs (``records``, ``reports_wide``, ``diagnostics``, ``sources``)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the unique key

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_META_TYPES = {"agency": TEXT, "year": INTEGER, "published": TEXT, "template": TEXT, "script": TEXT}
#: Metadata fields whose value is a number: in the long shape it goes to ``value``, the others to ``text``.
NUMERIC_META = frozenset(k for k, t in _META_TYPES.items() if t != TEXT)
_LEGACY_TYPES = {k: (DECIMAL if k == "fees" else INTEGER) for k in LEGACY_KEYS}

LONG = OutputTable("records", "The long shape: one row per cell, metadata field and legacy figure.", (
    Column("source", TEXT, "the report file: its resolved absolute path"),
    Column("table", TEXT, "`active`, `applications`, `review_litigation`, `meta` or `legacy`"),
    Column("row", TEXT, "the row identifier (`denied.state_secret`), or the metadata / legacy key"),
    Column("column", TEXT, "the column identifier (`natural_person`); empty for metadata and legacy figures"),
    Column("value", DECIMAL, "the number: a count (exact) or money in yuan; null when blank, unreadable or textual"),
    Column("text", TEXT, "the value of a textual metadata field (agency, published, template, script); else null"),
    Column("raw", TEXT, "the text the value was read from"),
    Column("line", INTEGER, "the 1-based source line"),
), ("source", "table", "row", "column"))


def _wide_cell_types(templates: tuple[schema.TemplateSpec, ...]) -> dict[str, str]:
    """Each cell of ``templates`` once (the first template that has it gives its place), typed."""
    seen: dict[str, str] = {}
    for spec in templates:
        for table in spec.tables:
            for row in table.rows:
                for col in row.columns:
                    seen.setdefault(f"{table.id}.{row.id}.{col.id}", DECIMAL if col.kind == schema.MONEY else INTEGER)
    return seen


def _wide(templates: tuple[schema.TemplateSpec, ...], of: str) -> OutputTable:
    return OutputTable("reports_wide", f"The wide shape: one row per report, one column per cell of {of}.", (
        Column("source", TEXT, "the report file: its resolved absolute path"),
        Column("format", TEXT, "the layout plugin that read it"),
        *(Column(f"meta.{k}", _META_TYPES[k], f"metadata: {k}") for k in META_KEYS),
        *(Column(key, kind, "a cell of the data contract" + (" (money, yuan)" if kind == DECIMAL else ""))
          for key, kind in _wide_cell_types(templates).items()),
        *(Column(f"legacy.{k}", _LEGACY_TYPES[k], f"pre-2019 figure: {schema.LEGACY_LABELS[k]}") for k in LEGACY_KEYS),
    ), ("source",))


#: The wide shape of the national templates (the published schema). With a template
#: registered (:func:`govreport.template.catalog.register`), :func:`wide_table` (and
#: ``shape_table("wide")``, which every writer uses) has its cells too.
WIDE = _wide(tuple(schema.template(t) for t in schema.TABLE_TEMPLATES), "both templates")


@attrs.frozen
class _WideOf:
    """The wide table of one set of registered templates (held, so their ids are not reused)."""

    templates: tuple[schema.TemplateSpec, ...]
    table: OutputTable


_WIDE_TABLES: BoundedMemo[tuple[int, ...], _WideOf] = BoundedMemo(
    "the wide table of each set of registered templates (by their identities)", 8)


def wide_table() -> OutputTable:
    """The wide shape of the templates registered now: :data:`WIDE`, plus a column for each
    cell of a registered template that no earlier template has (after those of the national
    templates, in the data contract's order: the national columns keep their places)."""
    templates = table_templates()
    key = tuple(map(id, templates))
    known = _WIDE_TABLES.get(key)
    if known is None or any(a is not b for a, b in zip(known.templates, templates)):
        national = len(templates) == len(schema.TABLE_TEMPLATES) and all(
            t.id == n for t, n in zip(templates, schema.TABLE_TEMPLATES))
        table = WIDE if national else _wide(templates, "every registered template")
        known = _WIDE_TABLES.keep(key, _WideOf(templates, table))
    return known.table

DIAGNOSTICS = OutputTable("diagnostics", "One row per diagnostic of a report, and one (GR005) per file that failed.", (
    Column("source", TEXT, "the report file: its resolved absolute path"),
    Column("code", TEXT, "the diagnostic code (`GR105`); see the code table"),
    Column("severity", TEXT, "`error`, `warning` or `info`"),
    Column("message", TEXT, "what was found, in plain words"),
    Column("cells", TEXT, "the cells involved, space-separated `table.row.column` identifiers"),
    Column("line", INTEGER, "the 1-based source line, when known"),
    Column("column", INTEGER, "the 1-based source column, when known"),
), ())

SOURCES = OutputTable("sources", "One row per source written: its identity and what became of it (what resume trusts).", (
    Column("source", TEXT, "the report file: its resolved absolute path"),
    Column("shape", TEXT, "`long` or `wide`: the shape its rows were written in"),
    Column("sha256", TEXT, "SHA-256 of the file's bytes, hex"),
    Column("bytes", INTEGER, "the file's size"),
    Column("status", TEXT, "`parsed`, `failed` (could not be read as a report) or `lost` (its worker died)"),
    Column("format", TEXT, "the layout plugin that read it; null when it failed"),
    Column("rows", INTEGER, "rows written for it in the shape's table"),
    Column("diagnostics", INTEGER, "rows written for it in the diagnostics table"),
), ("source", "shape"))

FAILURES = OutputTable("failures", "Dask only (`govreport.dask.read_reports(...).failures`): one row per file that "
                       "could not be parsed.", (
    Column("source", TEXT, "the report file: its resolved absolute path"),
    Column("sha256", TEXT, "SHA-256 of the file's bytes, hex; null when it could not be read"),
    Column("code", TEXT, "`GR005`"),
    Column("message", TEXT, "what went wrong"),
), ("source",))

TABLES: dict[str, OutputTable] = {t.name: t for t in (LONG, WIDE, DIAGNOSTICS, SOURCES, FAILURES)}
SHAPES = ("long", "wide")


def shape_table(shape: str) -> OutputTable:
    """The table of an output shape: ``long`` records or ``wide`` rows (of the templates
    registered now: :func:`wide_table`)."""
    from .errors import GovReportError

    if shape not in SHAPES:
        raise GovReportError(f"unknown shape {shape!r}", expected="long or wide")
    return LONG if shape == "long" else wide_table()


def _dtypes(table: OutputTable) -> dict[str, str]:
    return {c.name: PANDAS_TYPES[c.type] for c in table.columns}


#: pandas dtypes of the long shape (``DataFrame.astype(LONG_DTYPES)``).
LONG_DTYPES: dict[str, str] = _dtypes(LONG)
#: pandas dtypes of the wide shape: counts nullable ``Int64``, money ``Float64``.
WIDE_DTYPES: dict[str, str] = _dtypes(WIDE)
#: pandas dtypes of the diagnostics table.
DIAGNOSTIC_DTYPES: dict[str, str] = _dtypes(DIAGNOSTICS)
#: pandas dtypes of the failures frame of :func:`govreport.dask.read_reports`.
FAILURE_DTYPES: dict[str, str] = _dtypes(FAILURES)


def arrow_schema(table: OutputTable) -> Any:
    """The explicit Arrow schema of a table (imports pyarrow)."""
    import pyarrow as pa

    types = {TEXT: pa.string(), INTEGER: pa.int64(), DECIMAL: pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)}
    return pa.schema([pa.field(c.name, types[c.type]) for c in table.columns])


# -- fitting values into the declared types -------------------------------------------------------

@attrs.frozen
class Misfit:
    """A value that does not fit its column: where it was and why (becomes a GR010 diagnostic)."""

    column: str
    value: Any
    reason: str


def fit_integer(value: Any) -> tuple[int | None, str | None]:
    """``(value, None)`` when it fits a 64-bit integer column, else ``(None, reason)``."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            return None, f"{value!r} is not a whole number"
    if INT64_MIN <= value <= INT64_MAX:
        return value, None
    return None, f"{value} does not fit a 64-bit integer"


def fit_decimal(value: Any) -> tuple[int | Decimal | None, str | None]:
    """``(value, None)`` when it fits ``decimal(38, 6)`` (ints stay ints, floats become the
    Decimal of their shortest repr), else ``(None, reason)``."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"{value!r} is not a number"
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None, f"{value!r} is not a finite number"
        d = Decimal(repr(value))
    elif isinstance(value, Decimal):
        d = value
    else:
        return None, f"{value!r} is not a number"
    if not d.is_finite():
        return None, f"{value!r} is not a finite number"
    if abs(d) >= _DECIMAL_LIMIT:
        return None, f"{value} has more than {DECIMAL_PRECISION - DECIMAL_SCALE} integer digits"
    exponent = d.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_SCALE:
        return None, f"{value} has more than {DECIMAL_SCALE} decimals"
    if isinstance(value, int):
        return value, None
    return (int(d) if d == d.to_integral_value() else d), None


def fitter(kind: str) -> Any:
    """The fitting function of a logical type (text passes through)."""
    if kind == INTEGER:
        return fit_integer
    if kind == DECIMAL:
        return fit_decimal
    return _fit_text


def _fit_text(value: Any) -> tuple[str | None, str | None]:
    return (None if value is None else str(value)), None


def misfits_as_diagnostics(source: str, misfits: Iterable[Misfit], lines: dict[str, int | None]) -> Iterator[
        tuple[Any, ...]]:
    """GR010 diagnostics rows (in :data:`DIAGNOSTICS` order) for values that did not fit."""
    for m in misfits:
        yield (source, "GR010", "error", f"{m.column}: {m.reason}; written as null", m.column,
               lines.get(m.column), None)


def schema_markdown() -> str:
    """Every output table with its columns and types in each output, as Markdown (the docs page)."""
    out = ["| logical type | SQLite | DuckDB | Parquet (Arrow) | pandas | CSV | JSON lines |",
           "|---|---|---|---|---|---|---|"]
    for t in TYPES:
        out.append(f"| `{t}` | `{SQLITE_TYPES[t]}` | `{DUCKDB_TYPES[t]}` | `{ARROW_TYPES[t]}` | `{PANDAS_TYPES[t]}` "
                   f"| {CSV_TYPES[t]} | {JSON_TYPES[t]} |")
    out.append("")
    for table in TABLES.values():
        out.append(f"### `{table.name}`\n")
        out.append(table.description + (f" Unique key: `({', '.join(table.key)})`." if table.key else ""))
        out.append("")
        if table is WIDE:
            cells = [c for c in table.columns if c.description.startswith("a cell")]
            shown = [c for c in table.columns if c not in cells]
            money = [c.name for c in cells if c.type == DECIMAL]
            out.append(f"Besides the columns below, one column per cell of both templates ({len(cells)} columns, "
                       "named `table.row.column` in the data contract's order): `integer`, except money "
                       f"({', '.join(f'`{m}`' for m in money)}), `decimal` in yuan.\n")
        else:
            shown = list(table.columns)
        out.append("| column | type | meaning |")
        out.append("|---|---|---|")
        out += [f"| `{c.name}` | `{c.type}` | {c.description} |" for c in shown]
        out.append("")
    return "\n".join(out)
