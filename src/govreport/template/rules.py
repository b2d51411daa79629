"""The template's arithmetic (勾稽关系) as data, and the one small engine that checks it.

Each family of rules is a :class:`RuleFamily`: which table, which rows and columns add up to
which, and how the finding reads. :func:`table_rules` expands the families of a template's
table into :class:`SumRule` s, one per column or row (for table 三 in the shape the report
printed: the 2021 （六） split in three or kept as one row), and :func:`check` tests one rule
against the cells read. The validator runs every rule of a report; the table engine runs the
rules that touch a row whose placement only arithmetic can settle.

Blank cells count as 0 in sums (the finding says so); a rule with a cell that was not read
(its row is missing) is not checked: the missing row has its own diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache

import attrs

from .. import schema
from ..model import Cell, Value
from .spec import RESULT_ROWS, RuleFamily

__all__ = ["FAMILIES", "RESULT_ROWS", "RuleFamily", "SumRule", "check", "checkable", "families", "table_rules"]

#: A cell of one table: (row id, column id).
CellRef = tuple[str, str]

_APPLICANT_PARTS = tuple(c.id for c in schema.APPLICANT_COLUMNS if c.id != "total")
_REVIEW_PARTS = ("upheld", "corrected", "other", "pending")

FAMILIES: tuple[RuleFamily, ...] = (
    RuleFamily("GR201", schema.APPLICATIONS, "column", ("new_received", "carried_over"),
               ("total_handled", "carried_forward"),
               "{subject}: {left} != {right} (row 一 + row 二 vs row （七） + row 四)"),
    RuleFamily("GR202", schema.APPLICATIONS, "column", ("total_handled",), (RESULT_ROWS,),
               "{subject}: total_handled is {left} but the result rows add up to {right_sum}"),
    RuleFamily("GR203", schema.APPLICATIONS, "row", ("total",), _APPLICANT_PARTS,
               "{subject}: total is {left} but the applicant columns add up to {right} = {right_sum}"),
    RuleFamily("GR204", schema.REVIEW_LITIGATION, "row", ("total",), _REVIEW_PARTS,
               "{subject}: total is {left} but upheld + corrected + other + pending = {right} = {right_sum}"),
    RuleFamily("GR205", schema.ACTIVE, "row", ("new_published",), ("total_published",),
               "{subject}: {left} newly published but only {right} published in total",
               at_most=True, blanks_count_as_zero=False, rows=("regulations", "normative_documents")),
)
#: Counts and amounts are never negative; only columns of this kind (本年增/减) may be.
NEGATIVE_CODE = "GR206"
MAY_BE_NEGATIVE = schema.SIGNED


@attrs.frozen
class SumRule:
    """One rule: the cells at ``left`` add up to (or at most to) those at ``right``."""

    code: str
    table: str
    subject: str
    left: tuple[CellRef, ...]
    right: tuple[CellRef, ...]
    message: str
    at_most: bool = False
    blanks_count_as_zero: bool = True

    @property
    def refs(self) -> tuple[CellRef, ...]:
        return self.left + self.right


@attrs.frozen
class Finding:
    """A rule that does not hold: the rule, its cells (left then right) and the message."""

    rule: SumRule
    cells: tuple[Cell, ...]
    message: str


def _result_rows(table: schema.TableSpec, split_other: bool) -> tuple[str, ...]:
    return tuple(r.id for r in schema.reading_order(table, split_other=split_other)
                 if r.path[0] == schema.RESULTS and r.id != "total_handled")


def families(template_id: str) -> tuple[RuleFamily, ...]:
    """The rule families of ``template_id``: its own (``TemplateSpec.rules``), else the national ones."""
    own = schema.template(template_id).rules
    return FAMILIES if own is None else own


@cache  # a handful of (template, table, shape) keys; cleared when a template is registered
def table_rules(template_id: str, table_id: str, split_other: bool) -> tuple[SumRule, ...]:
    """Every rule of ``table_id`` in ``template_id``, for table 三 printed with the 2021 （六）
    row split (``split_other``) or as one row."""
    spec = schema.template(template_id).table(table_id)
    rules: list[SumRule] = []
    cells = {(r.id, c.id) for r in spec.rows for c in r.columns}
    for family in families(template_id):
        if family.table != table_id:
            continue
        if family.per == "column":
            def rows(names: tuple[str, ...]) -> tuple[str, ...]:
                return _result_rows(spec, split_other) if names == (RESULT_ROWS,) else names

            # every column of the table: a rule over a row without it is dropped below
            columns = list(dict.fromkeys(c.id for r in spec.rows for c in r.columns))
            for col in columns:
                rules.append(SumRule(family.code, table_id, f"{table_id} column {col}",
                                     tuple((r, col) for r in rows(family.left)),
                                     tuple((r, col) for r in rows(family.right)),
                                     family.message, family.at_most, family.blanks_count_as_zero))
        else:
            for row in schema.reading_order(spec, split_other=split_other):
                if family.rows and row.id not in family.rows:
                    continue
                rules.append(SumRule(family.code, table_id, f"{table_id} row {row.id}",
                                     tuple((row.id, c) for c in family.left),
                                     tuple((row.id, c) for c in family.right),
                                     family.message, family.at_most, family.blanks_count_as_zero))
    # A rule over a cell the template's table does not have is no rule of this template.
    return tuple(r for r in rules if cells.issuperset(r.refs))


def _total(cells: Sequence[Cell]) -> int | Decimal | float:
    total: int | Decimal | float = 0
    for c in cells:
        total += c.value or 0  # type: ignore[operator]  # counts and amounts; a float only from old JSON
    return total


def _shown(cells: Sequence[Cell]) -> str:
    return " + ".join("blank" if c.value is None else str(c.value) for c in cells)


def checkable(rule: SumRule, cells: Mapping[CellRef, Cell]) -> bool:
    """True when every cell of ``rule`` was read (and none is blank where blanks do not count)."""
    if not all(map(cells.__contains__, rule.refs)):
        return False
    return rule.blanks_count_as_zero or all(cells[k].value is not None for k in rule.refs)


def check(rule: SumRule, cells: Mapping[CellRef, Cell]) -> Finding | None:
    """The :class:`Finding` when ``rule`` is checkable on ``cells`` and does not hold; None
    when it holds or cannot be checked."""
    if not checkable(rule, cells):
        return None
    left = [cells[k] for k in rule.left]
    right = [cells[k] for k in rule.right]
    a, b = _total(left), _total(right)
    if (a <= b) if rule.at_most else (a == b):
        return None
    message = rule.message.format(subject=rule.subject, left=_shown(left), right=_shown(right), left_sum=a,
                                  right_sum=b)
    return Finding(rule, tuple(left + right), message)


def negative(cell: Cell, kind: str) -> str | None:
    """The finding's message when ``cell`` is negative and its column's ``kind`` may not be."""
    value: Value = cell.value
    if kind != MAY_BE_NEGATIVE and value is not None and value < 0:
        return f"{cell.key} is {value}, a count cannot be negative"
    return None
