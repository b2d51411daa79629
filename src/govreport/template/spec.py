"""The shape of a template as data: templates, tables, rows and columns with their ids.

The identifiers are public API (``applications.denied.state_secret.natural_person``);
:mod:`govreport.schema` re-exports everything here. The national templates' content is in
:mod:`govreport.template.national`.
"""

from __future__ import annotations

import attrs

from ..errors import SchemaError
from . import wording

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


def _national_heading(table: TableSpec) -> str:
    return wording.TABLE_HEADINGS.get(table.id, "")


def _national_section(table: TableSpec) -> int:
    return wording.TABLE_SECTIONS.get(table.id, 0)


#: How the engine finds a table's columns in a report (the order a report prints them in).
COLUMNS_AS_TEMPLATE = "template"  # always the template's order (table 三's two-level header)
COLUMNS_FROM_HEADER = "header"  # the header row above a row names exactly its columns (table 二)
COLUMNS_FROM_HEADER_GROUPS = "header_groups"  # the header names the columns once per group of rows (table 四)
COLUMN_ORDERS = (COLUMNS_AS_TEMPLATE, COLUMNS_FROM_HEADER, COLUMNS_FROM_HEADER_GROUPS)


@attrs.frozen
class RowAlternative:
    """A row a report may print instead of several rows of the template (2021's （六） kept as one
    row instead of its three items): ``row`` stands where ``replaces`` would, and a report has
    one or the other."""

    row: str
    replaces: tuple[str, ...]


@attrs.frozen
class TableSpec:
    """One of the three tables of a template, with what its layout does differently (as data:
    the table engine has no branch on a table)."""

    id: str
    title: str
    rows: tuple[RowSpec, ...]
    #: Words of the table's header rows: a label-only row with them belongs to this table.
    header_words: frozenset[str] = frozenset()
    #: One of :data:`COLUMN_ORDERS`: where a report's column order is read from.
    column_order: str = COLUMNS_AS_TEMPLATE
    #: Header cells that name no column (label keys they start with: a corner, a group title).
    header_ignored: tuple[str, ...] = ()
    #: Labels (as label keys) that name a group of rows rather than a row, and the group they
    #: open: the id prefix of its rows (``denied`` for ``denied.*``), or "" for a group whose
    #: rows have no common prefix (the whole results block).
    row_groups: tuple[tuple[str, str], ...] = ()
    #: True when one label-less grid row may hold the values of all the rows side by side
    #: (table 四 printed as one line of fifteen values under a two-level header).
    rows_side_by_side: bool = False
    #: Rows a report may print instead of others (:class:`RowAlternative`).
    alternatives: tuple[RowAlternative, ...] = ()
    #: True when a header naming every column of the table's rows (see :attr:`header_columns`)
    #: says by itself that the rows after it are this table's: its rows share one set of
    #: columns no other table has, so a flattened scrape whose table title is worded otherwise
    #: than the template's is still read (:mod:`govreport.recovery`).
    known_by_header: bool = False
    #: The heading that names the table in a report: a regular expression matched at the start
    #: of a paragraph (its section number and words of its title); the paragraphs' grids after
    #: it are read as this table's first. By default the national templates' heading.
    heading: str = attrs.field(default=attrs.Factory(_national_heading, takes_self=True))
    #: The number of the report's section that holds the table (the renderers write it there);
    #: by default the national templates' (二 for table 二 …).
    section: int = attrs.field(default=attrs.Factory(_national_section, takes_self=True))
    #: Titles a report prints over groups of the table's rows (table 二's articles): the row
    #: each title stands above, and the title. The renderers write the title, then a header row
    #: (:attr:`header_lead` and the row's column labels), before that row.
    group_titles: tuple[tuple[str, str], ...] = ()
    #: The first cell of the header row under a group title (the one over the label column).
    header_lead: str = ""
    #: The note a report prints in the header's corner, over the label columns (table 三's
    #: 勾稽关系 note). Only the renderers use it: a header cell that names no column or
    #: label is passed over by the readers anyway.
    header_note: str = ""
    #: Titles printed over the columns of the header, outermost first: the first over all of
    #: :attr:`header_columns`, each next over those between the first and the last column under
    #: the one before it (table 三: 申请人情况 over the seven, 法人或其他组织 over the five
    #: between 自然人 and 总计). The renderers draw the header from them.
    column_bands: tuple[str, ...] = ()

    @property
    def header_columns(self) -> tuple[ColumnSpec, ...]:
        """The table's distinct columns (by label) in the order its rows first have them."""
        seen: dict[str, ColumnSpec] = {}
        for row in self.rows:
            for column in row.columns:
                seen.setdefault(column.label, column)
        return tuple(seen.values())

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise SchemaError(f"table {self.id!r} has no row {row_id!r}",
                          expected=", ".join(r.id for r in self.rows))


#: The rows a family sums over when it names them by the template's results group.
RESULT_ROWS = "<results>"


@attrs.frozen
class RuleFamily:
    """``sum(left) == sum(right)`` (or ``<=``) in one table, for each of its columns
    (``per="column"``: ``left``/``right`` are rows) or each of its rows (``per="row"``:
    ``left``/``right`` are columns).

    A family applies to each template whose table has the family's rows and columns (table
    二's 本年新公开数量 exists in the 2019 template only): it names no template.
    """

    code: str
    table: str
    per: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    #: The finding; fields: subject, left, right (cell values joined by +), left_sum, right_sum.
    message: str
    at_most: bool = False  # left <= right
    blanks_count_as_zero: bool = True  # False: not checked while a cell is blank
    rows: tuple[str, ...] = ()  # per="row": only these rows (all rows of the table when empty)


@attrs.frozen
class TemplateSpec:
    """A template: its id, the document that set it, its tables, and how a report in it is
    told from one in another template."""

    id: str
    name: str
    years: str
    tables: tuple[TableSpec, ...]
    #: Words only this template's tables use (its column headers, its own rows): a report whose
    #: tables use more of them than of any other template's is in this template.
    hints: tuple[str, ...] = ()
    #: The report years the template is in force for (None: open-ended); without hints, a
    #: report's year picks the template (a refinement is picked only by its hints).
    first_year: int | None = None
    last_year: int | None = None
    #: The template this one varies (a province's own version of a national template): chosen
    #: over it when the report uses this template's own hint words and its year allows.
    refines: str | None = None
    #: The template's arithmetic (勾稽关系) as rule families; ``None``: the national families
    #: (``govreport.template.rules.FAMILIES``), which apply wherever its tables have their cells.
    rules: tuple[RuleFamily, ...] | None = None
    #: The report's numbered sections' titles, in order (the renderers write them; a table is
    #: written in the section its :attr:`TableSpec.section` names). By default the national ones.
    section_titles: tuple[str, ...] = wording.SECTION_TITLES
    #: Variant wordings of the template's row and column labels that reports use, as label keys
    #: (``labels.label_key``): ``(variant, (template wording, ...))``. A label that matches no
    #: template label as it stands is read as the wording its variant names. By default the
    #: variants seen in real reports of the national templates.
    label_variants: tuple[tuple[str, tuple[str, ...]], ...] = wording.LABEL_VARIANT_PAIRS

    def in_force(self, year: int) -> bool:
        """True when ``year`` is one of the template's years."""
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year)

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise SchemaError(f"template {self.id!r} has no table {table_id!r}", expected=", ".join(TABLES))
