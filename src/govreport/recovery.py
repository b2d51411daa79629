"""Run-together cells (flattened scrapes): split digit runs by the template's arithmetic, or refuse.

A scraper that takes a page's text loses the boundaries between table cells:
a row label then ``6233440`` is 62 | 33 | 440, and a row of table 三 is seven counts written as
one string. A plugin that reads such a layout marks its grid ``run_together``
(:class:`~govreport.blocks.Grid`); each row is a text cell (the row label, often with the
headers before it) and one or more *pieces* (digit runs the scrape separated by spaces; a
space is always a cell boundary, a piece holds one or more cells).

For each table this module

1. finds the template row each text cell ends with (the row labels come from the template;
   the table titles in the text, or a header naming all the columns of a table that is
   ``known_by_header``, say which table the rows are in; a table whose rows may stand
   ``rows_side_by_side`` has its one run of values right after its header; a header that
   names a row's columns in another order places the cells by it, except in a table whose
   ``column_order`` is the template's (a two-level header, read in the template's order as in
   every layout)). What differs between tables is data of their
   :class:`~govreport.template.spec.TableSpec`: no table is named here;
2. enumerates the *readings* of each row: the ways its pieces split into the row's cells,
   blank cells included (a blank cell leaves no trace in a scrape). A number has no leading
   zero (``0`` itself excepted), a sign only in a column that may be negative, a decimal point
   only in a money column, and a unit written after the run belongs to a money cell. The
   row's own rules (a row total, a ``<=`` between two of its cells) prune while enumerating,
   right to left so that the total is known before its parts;
3. keeps only the readings that take part in a reading of the whole table under which every
   rule across rows holds (column sums, 新收 + 结转 = 办理 + 结转下年): a search with bound
   propagation over the rows, asked once per reading still in doubt;
4. gives a cell a value only when every surviving reading agrees on it; in a row that no rule
   across rows binds, only when the digits alone decide it, blanks included
   (:func:`_decided_cells`): the row's own total cannot tell a true split from one that meets
   it by chance when the source both left a cell blank and mis-added the row.

Diagnostics (codes GR130–GR133): every value recovered this way carries GR130 (so a user can
keep or drop them); cells the readings disagree on are null with GR131 (how many readings fit,
which cells differ); where no reading fits, GR132 names the rule that fails whatever the split
(the source's own arithmetic error), and the rows it binds keep only the values their digits
give one way (:func:`_set_aside`); GR133 says when the bounded
amount of work ran out before the readings were settled (undecided cells stay null).

The arithmetic comes from :func:`template_rules`, which writes the template's own rules
(:func:`govreport.template.rules.table_rules`) as linear rules.
The work is bounded: :data:`MAX_STEPS` and :data:`MAX_READINGS` per row, :data:`MAX_GRID_STEPS`
per grid (a report), :data:`MAX_NODES` per table for the search across rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

import attrs

from . import schema
from .blocks import Grid, GridCell
from .diagnostics import CODES, Diagnostic
from .engine.memo import BoundedMemo
from .labels import core_key, label_key, variant_keys
from .schema import COUNT, MONEY, SIGNED, ColumnSpec, RowSpec, TableSpec, TemplateSpec
from .template.catalog import table_templates
from .template.rules import table_rules
from .template.spec import COLUMNS_AS_TEMPLATE

#: Readings kept per row before the row is given up (GR133).
MAX_READINGS = 2000
#: Enumeration steps per row, and search nodes per table, before giving up (GR133).
MAX_STEPS = 20_000
MAX_NODES = 20_000
#: Enumeration steps for all the rows of one grid (a report) together: the worst case of a
#: report, whatever its rows, stays a fraction of a second.
MAX_GRID_STEPS = 60_000

# -- the template's rules ---------------------------------------------------------------------

EQUAL = "=="
AT_MOST = "<="


@attrs.frozen
class Rule:
    """A linear rule over cells: ``sum(coefficient * value) == 0`` (or ``<= 0``); blank is 0."""

    code: str  # the validation code of the rule (GR201 ...)
    where: str  # which instance: "column natural_person", "row granted"
    cells: tuple[tuple[str, str], ...]  # (row, column)
    coefficients: tuple[int, ...]
    relation: str = EQUAL

    def describe(self) -> str:
        return f"{self.code} ({CODES[self.code].title}) in {self.where}"


def template_rules(template_id: str, table_id: str, rows: Collection[str]) -> list[Rule]:
    """The template's arithmetic on table ``table_id`` of a report whose table has ``rows``.

    The rules are the template's own (:func:`govreport.template.rules.table_rules`, the ones
    :mod:`govreport.validate` checks; GR206, no negative counts, is part of what a reading is),
    written as linear rules: a part counts +1 and its total -1 (``<=`` rules: the smaller side
    +1). Like validation, a rule over a row that is absent is not a rule.
    """
    split = any(r in rows for a in schema.template(template_id).table(table_id).alternatives for r in a.replaces)
    out: list[Rule] = []
    for rule in table_rules(template_id, table_id, split):
        if not all(r in rows for r, _ in rule.refs):
            continue
        # the right side first (the parts), the left (a total) last: the readings prune by it
        left = 1 if rule.at_most else -1
        where = rule.subject.removeprefix(f"{table_id} ")
        out.append(Rule(rule.code, where, rule.right + rule.left,
                        (*[-left] * len(rule.right), *[left] * len(rule.left)), AT_MOST if rule.at_most else EQUAL))
    return out


# -- finding the rows ---------------------------------------------------------------------------

@attrs.frozen
class _Labels:
    """One template's row labels as keys (longest first), its tables' titles as keys, and the
    ``known_by_header`` tables with their columns (later tables first: a text that names the
    columns of two tables has passed the earlier one's header already)."""

    spec: TemplateSpec  # held, so that its id is not reused by another spec while it is kept
    titles: tuple[tuple[str, str], ...]
    rows: dict[str, tuple[tuple[str, RowSpec], ...]]
    by_header: tuple[tuple[str, tuple[str, ...]], ...]  # (table id, its column labels as keys)


_LABELS: BoundedMemo[int, _Labels] = BoundedMemo("each template spec's row labels for recovery (by identity)", 16)


def _labels(spec: TemplateSpec) -> _Labels:
    """The labels of ``spec`` (worked out once per spec; registered templates come and go, so
    the memo checks it holds this very spec)."""
    known = _LABELS.get(id(spec))
    if known is None or known.spec is not spec:
        known = _LABELS.keep(id(spec), _work_out_labels(spec))
    return known


def _work_out_labels(spec: TemplateSpec) -> _Labels:
    titles = tuple((label_key(table.title), table.id) for table in spec.tables)
    canonical_to_variants: dict[str, list[str]] = {}
    for variant, targets in variant_keys(spec.label_variants).items():
        for target in targets:
            canonical_to_variants.setdefault(target, []).append(variant)
    rows: dict[str, tuple[tuple[str, RowSpec], ...]] = {}
    for table in spec.tables:
        keys: dict[str, RowSpec] = {}
        for row in table.rows:
            key = label_key(row.path[-1])
            keys.setdefault(key, row)
            keys.setdefault(core_key(key), row)
        for key, row in list(keys.items()):
            for variant in canonical_to_variants.get(key, ()):
                keys.setdefault(variant, row)
        rows[table.id] = tuple(sorted(keys.items(), key=lambda kv: -len(kv[0])))
    by_header = tuple((table.id, tuple(label_key(c.label) for c in table.header_columns))
                      for table in reversed(spec.tables) if table.known_by_header)
    return _Labels(spec, titles, rows, by_header)


def _find_row(labels: _Labels, text: str, current: str | None) -> tuple[str | None, RowSpec | None]:
    """(table, template row) that ``text`` ends with; the table is the last title in the text,
    else ``current``, else the first table one of whose labels the text ends with."""
    key = label_key(text)
    best = -1
    for title, table_id in labels.titles:
        at = key.rfind(title)
        if at > best:
            best, current = at, table_id
    tables = [current] if current else list(labels.rows)
    for table_id in tables:
        for row_key, row in labels.rows[table_id]:
            if key.endswith(row_key):
                return table_id, row
    return current, None


def template_row_share(texts: Sequence[str]) -> float:
    """The share of ``texts`` that end in a row label of a table template (any registered one).

    For plugins of layouts that lose the table structure: they can tell a template table whose
    cells ran together from another table (a pre-2019 statistics table) without knowing a
    template label themselves.
    """
    if not texts:
        return 0.0
    keys = {key for spec in table_templates() for table in _labels(spec).rows.values() for key, _ in table}
    hits = 0
    for text in texts:
        key = label_key(text)
        if any(key.endswith(k) for k in keys):
            hits += 1
    return hits / len(texts)


_DIGIT_ENUMERATOR = re.compile(r"\s*(\d+)\s*[.、]")


def _enumerator_agrees(text: str, row: RowSpec) -> bool:
    """False when ``text`` opens with a number (``2.``) other than its template row's own."""
    m = _DIGIT_ENUMERATOR.match(text)
    if not m:
        return True
    own = _DIGIT_ENUMERATOR.match(row.path[-1])
    return own is None or own.group(1) == m.group(1)


# -- readings of one row --------------------------------------------------------------------------

_TOKEN = {
    COUNT: re.compile(r"0|[1-9]\d*"),
    SIGNED: re.compile(r"0|[+-]?[1-9]\d*"),
    MONEY: re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}
_ANY_TOKEN = re.compile(r"0|[+-]?[1-9]\d*|(?:0|[1-9]\d*)\.\d+")
_UNIT = re.compile(r"(万元|元)$")

Reading = tuple[tuple[int, int] | None, ...]  # per cell: (start, end) in the run string, or blank


class BoundReached(Exception):
    """The bounded amount of work ran out."""


@attrs.define
class _Line:
    """One row of the grid: the template rows it holds and the run of digits they are written in."""

    table: str
    rows: tuple[RowSpec, ...]
    label: GridCell
    pieces: tuple[GridCell, ...]
    columns: tuple[tuple[ColumnSpec, ...], ...]  # each row's columns in the order the source writes them
    run: str = ""  # the pieces joined by one space; positions below index it
    unit: str = ""  # a money unit written after the run
    origin: list[tuple[int, int]] = attrs.Factory(list)  # run position -> (line, column)
    readings: list[Reading] = attrs.Factory(list)

    @property
    def cells(self) -> list[tuple[str, str]]:
        return [(r.id, c.id) for r, cols in zip(self.rows, self.columns) for c in cols]

    @property
    def kinds(self) -> list[str]:
        return [c.kind for cols in self.columns for c in cols]

    def text(self, span: tuple[int, int] | None) -> str:
        return "" if span is None else self.run[span[0]:span[1]]

    def value(self, span: tuple[int, int] | None) -> int:
        """The value a rule counts (blank is 0; money is never in a rule)."""
        if span is None:
            return 0
        text = self.run[span[0]:span[1]]
        return int(text) if "." not in text else 0


def _prepare(line: _Line) -> None:
    texts = [p.text.strip() for p in line.pieces]
    m = _UNIT.search(texts[-1]) if texts else None
    if m:
        line.unit = m.group(1)
        texts[-1] = texts[-1][: m.start()].rstrip()
    run_parts = []
    for piece, text in zip(line.pieces, texts):
        lead = len(piece.text) - len(piece.text.lstrip())
        for n, _ in enumerate(text):
            line.origin.append((piece.line, piece.column + lead + n))
        line.origin.append((piece.line, piece.column + lead + len(text)))  # the separator
        run_parts.append(text)
    line.run = " ".join(run_parts)


def _min_cover(run: str) -> list[float]:
    """For each end position, the fewest numbers that can write ``run[:end]`` (a lower bound
    for pruning: any kind of number)."""
    inf = float("inf")
    cover = [inf] * (len(run) + 1)
    cover[0] = 0
    for end in range(1, len(run) + 1):
        if run[end - 1] == " ":
            continue
        start = end - 1
        while start >= 0 and run[start] != " ":
            if _ANY_TOKEN.fullmatch(run, start, end):
                before = start - 1 if start > 0 and run[start - 1] == " " else start
                cover[end] = min(cover[end], cover[before] + 1)
            start -= 1
    return cover


@attrs.define
class _LocalRule:
    """A row's own rule as the enumeration checks it, cell by cell from the right."""

    relation: str
    first: int  # once this cell is chosen, every cell of the rule is
    settled: int  # once this cell is chosen, what is left can only add (-1: never)
    prefix: bool  # every cell left of ``settled`` is a part of this rule
    total: int = 0  # sum of coefficient * value over the chosen cells


def _can_add_up(rest: int, digit_sum: int, digits: int, cells: int) -> bool:
    """Whether ``digits`` digits (summing to ``digit_sum``) can be written as at most ``cells``
    counts adding up to ``rest``: a count is at least the sum of its digits, none can be longer
    than ``rest``, and the longest must hold at least ``digits / cells`` of them."""
    if digit_sum > rest:
        return False
    if digits == 0:
        return rest == 0
    if cells == 0 or digits > cells * len(str(rest)):
        return False
    longest = -(-digits // cells)
    return longest == 1 or rest >= 10 ** (longest - 1)


def _local_readings(line: _Line, rules: Sequence[Rule], budget: list[int], *, use_rules: bool = True
                    ) -> list[Reading]:
    """Every reading of the line under its own rules.

    Cells are chosen right to left, so a row's total is known before its parts: once it is,
    the parts chosen so far must not exceed it, and the digits still to be written must not
    add up to more than what is left (a number is at least the sum of its digits).
    """
    run, kinds = line.run, line.kinds
    width = len(kinds)
    index = {cell: n for n, cell in enumerate(line.cells)}
    checks: list[_LocalRule] = []
    of_cell: list[list[tuple[_LocalRule, int]]] = [[] for _ in range(width)]
    if use_rules:
        for rule in rules:
            positions = [index[c] for c in rule.cells]
            negatives = [p for p, k in zip(positions, rule.coefficients) if k < 0]
            positives = [p for p, k in zip(positions, rule.coefficients) if k > 0]
            settled = min(negatives) if negatives else width
            prunable = all(kinds[p] == COUNT for p in positives) and all(p < settled for p in positives)
            check = _LocalRule(rule.relation, min(positions), settled if prunable else -1,
                               prunable and set(range(settled)) <= set(positives))
            checks.append(check)
            for p, k in zip(positions, rule.coefficients):
                of_cell[p].append((check, k))
    cover = _min_cover(run)
    digit_sum, digit_count = [0], [0]
    for ch in run:
        digit_sum.append(digit_sum[-1] + (int(ch) if ch.isdigit() else 0))
        digit_count.append(digit_count[-1] + ch.isdigit())
    tokens: dict[tuple[int, int, str], int | None] = {}

    def number(start: int, end: int, kind: str) -> int | None:
        """The token's value for the rules (money counts 0), None when it is no number of ``kind``."""
        key = (start, end, kind)
        if key in tokens:
            return tokens[key]
        value: int | None = None
        if _TOKEN[kind].fullmatch(run, start, end):
            value = 0 if kind == MONEY else int(run[start:end])
        tokens[key] = value
        return value

    out: list[Reading] = []
    chosen: list[tuple[int, int] | None] = [None] * width
    steps = 0

    def choose(c: int, value: int, end: int) -> bool:
        """Add cell ``c``'s value to its rules; False when one of them can no longer hold."""
        ok = True
        for check, k in of_cell[c]:
            check.total += k * value
            if c <= check.first:
                if check.total > 0 or (check.relation == EQUAL and check.total != 0):
                    ok = False
            elif 0 <= c <= check.settled:
                if check.total > 0 or (check.prefix and not _can_add_up(-check.total, digit_sum[end],
                                                                        digit_count[end], c)):
                    ok = False
        return ok

    def unchoose(c: int, value: int) -> None:
        for check, k in of_cell[c]:
            check.total -= k * value

    # States known to lead to no reading: what is left to choose depends only on the cell, the
    # digits still to write, the unit and the rules' running sums.
    dead: set[tuple[int, int, bool, tuple[int, ...]]] = set()

    def walk(cell: int, end: int, unit_pending: bool) -> None:
        # Cells [cell, width) are chosen; run[:end] is still to be written in cells [0, cell).
        if cell == 0:
            if end == 0:
                out.append(tuple(chosen))
            return
        state = (cell, end, unit_pending, tuple(check.total for check in checks))
        if state in dead:
            return
        found = len(out)
        explore(cell, end, unit_pending)
        if len(out) == found:
            dead.add(state)

    def explore(cell: int, end: int, unit_pending: bool) -> None:
        nonlocal steps
        steps += 1
        budget[0] -= 1
        if steps > MAX_STEPS or len(out) > MAX_READINGS or budget[0] < 0:
            raise BoundReached
        c = cell - 1
        if cover[end] <= c:  # blank: the cells before can still write the rest
            chosen[c] = None
            if choose(c, 0, end):
                walk(c, end, unit_pending)
            unchoose(c, 0)
        kind = kinds[c]
        if end == 0 or (unit_pending and kind != MONEY):
            return
        # A part of a settled total cannot exceed what is left of it; numbers only grow leftwards.
        limit = min((-check.total for check, _ in of_cell[c] if check.prefix and c < check.settled), default=None)
        start = end - 1
        while start >= 0 and run[start] != " ":
            value = number(start, end, kind)
            if value is not None and limit is not None and value > limit:
                break
            if value is not None:
                before = start - 1 if start > 0 and run[start - 1] == " " else start
                if cover[before] <= c:
                    chosen[c] = (start, end)
                    if choose(c, value, before):
                        walk(c, before, False)
                    unchoose(c, value)
            start -= 1
        chosen[c] = None

    walk(width, len(run), bool(line.unit))
    return out


# -- the search across rows -------------------------------------------------------------------------

@attrs.define
class _Cross:
    """A rule across lines: each line's contribution per reading."""

    rule: Rule
    lines: list[int]
    contribution: dict[int, list[int]]


class _Search:
    """Depth-first search for a reading of every line under the cross rules, with bounds."""

    def __init__(self, domains: list[list[int]], crosses: list[_Cross], nodes: list[int]) -> None:
        self.domains = domains
        self.crosses = crosses
        self.nodes = nodes  # shared budget, a one-item list
        self.of_line: dict[int, list[int]] = {}
        for n, cross in enumerate(crosses):
            for v in cross.lines:
                self.of_line.setdefault(v, []).append(n)

    def find(self, lines: Iterable[int]) -> dict[int, int] | None:
        order = sorted(lines, key=lambda v: len(self.domains[v]))
        crosses, domains = self.crosses, self.domains
        fixed = [0] * len(crosses)
        low = [0] * len(crosses)
        high = [0] * len(crosses)
        bounds: dict[tuple[int, int], tuple[int, int]] = {}
        for n, cross in enumerate(crosses):
            for v in cross.lines:
                values = [cross.contribution[v][k] for k in domains[v]]
                lo, hi = (min(values), max(values)) if values else (0, 0)
                bounds[(n, v)] = (lo, hi)
                low[n] += lo
                high[n] += hi
        chosen: dict[int, int] = {}

        def feasible(n: int) -> bool:
            lo, hi = fixed[n] + low[n], fixed[n] + high[n]
            return lo <= 0 and (crosses[n].rule.relation != EQUAL or hi >= 0)

        def walk(depth: int) -> bool:
            if depth == len(order):
                return True
            v = order[depth]
            mine = self.of_line.get(v, [])
            for k in domains[v]:
                self.nodes[0] -= 1
                if self.nodes[0] < 0:
                    raise BoundReached
                for n in mine:
                    lo, hi = bounds[(n, v)]
                    fixed[n] += crosses[n].contribution[v][k]
                    low[n] -= lo
                    high[n] -= hi
                if all(feasible(n) for n in mine) and walk(depth + 1):
                    chosen[v] = k
                    return True
                for n in mine:
                    lo, hi = bounds[(n, v)]
                    fixed[n] -= crosses[n].contribution[v][k]
                    low[n] += lo
                    high[n] += hi
            return False

        return chosen if walk(0) else None


# -- the result -----------------------------------------------------------------------------------

@attrs.frozen
class PlacedRow:
    """A template row read from a run-together grid: its cells as the builder places any row
    (a recovered cell's text is its split-off number; an undecided or refused cell is blank)."""

    table: str
    row: str
    cells: tuple[GridCell, ...]
    anchor: GridCell


@attrs.frozen
class Recovery:
    """What :func:`recover` found in a grid: rows to place and diagnostics."""

    rows: tuple[PlacedRow, ...]
    diagnostics: tuple[Diagnostic, ...]


def _key(table: str, cell: tuple[str, str]) -> str:
    return f"{table}.{cell[0]}.{cell[1]}"


def _table_by_header(labels: _Labels, text: str) -> str | None:
    """The ``known_by_header`` table whose columns ``text`` names all of (a title worded
    otherwise than the template's still has its table's header after it), else None."""
    key = label_key(text)
    for table_id, columns in labels.by_header:
        if _names_columns(key, columns):
            return table_id
    return None


def _names_columns(key: str, columns: Iterable[str]) -> bool:
    """True when the label key ``key`` holds every one of the column label keys ``columns``."""
    return all(c in key for c in columns)


def _side_by_side_header(table: TableSpec, text: str) -> bool:
    """True when ``text`` is the header of a table whose rows may stand side by side in the one
    run of values after it: it names every column of the table."""
    return table.rows_side_by_side and _names_columns(label_key(text), (label_key(c.label)
                                                                         for c in table.header_columns))


def _source_order(text: str, row: RowSpec, orders: dict[tuple[str, ...], tuple[ColumnSpec, ...]]
                  ) -> tuple[ColumnSpec, ...]:
    """The row's columns in the order a header in ``text`` names them (all of them, once each),
    else in the order the last such header gave for these columns, else the template's.
    (A table whose ``column_order`` is the template's is not read here: a two-level header
    names the total before the organisations, and its order is the template's, as for every
    layout.)"""
    ids = tuple(c.id for c in row.columns)
    key = label_key(text)
    # Each label's places in the text; a header repeated (table 四 names its columns once per
    # sub-table) must give the same order every time.
    places = [[m.start() for m in re.finditer(re.escape(label_key(c.label)), key)] for c in row.columns]
    if len(row.columns) > 1 and places[0] and all(len(p) == len(places[0]) for p in places):
        found = {tuple(sorted(range(len(places)), key=lambda n: places[n][i])) for i in range(len(places[0]))}
        if len(found) == 1:
            orders[ids] = tuple(row.columns[n] for n in found.pop())
    return orders.get(ids, row.columns)


def recover(grid: Grid, spec: TemplateSpec) -> Recovery:
    """Split the run-together rows of ``grid`` into cells by ``spec``'s arithmetic (see the module)."""
    labels = _labels(spec)
    diagnostics: list[Diagnostic] = []
    lines: list[_Line] = []
    current: str | None = None
    orders: dict[tuple[str, ...], tuple[ColumnSpec, ...]] = {}
    for grid_row in grid.rows:
        if len(grid_row.cells) < 2:
            continue
        label, pieces = grid_row.cells[0], tuple(grid_row.cells[1:])
        current, row = _find_row(labels, label.text, _table_by_header(labels, label.text) or current)
        if current is None:
            continue
        table = spec.table(current)
        if row is not None:
            rows: tuple[RowSpec, ...] = (row,)
        elif _side_by_side_header(table, label.text):
            rows = table.rows  # the table's one row of values right after its header, its rows side by side
        else:
            diagnostics.append(Diagnostic(
                "GR102", f"the text before the digits {pieces[0].text!r} ends in no row label of table {current}; "
                         "its values were not used", line=pieces[0].line, column=pieces[0].column))
            continue
        if row is not None and lines and not _enumerator_agrees(label.text, row):
            # The scrape wrote the label's number right after the digits ("…00000002.<label>…"):
            # the plugin took it off the run before; if it is not this label's number, the run
            # before has a digit too many or too few.
            lines.pop()
            diagnostics.append(Diagnostic(
                "GR106", f"the label {label.text!r} is not numbered as template row {row.id}; the digits before it "
                         "were not used", line=label.line, column=label.column))
        columns = tuple(r.columns for r in rows) if table.column_order == COLUMNS_AS_TEMPLATE \
            else tuple(_source_order(label.text, r, orders) for r in rows)
        line = _Line(current, rows, label, pieces, columns)
        _prepare(line)
        lines.append(line)
    placed: list[PlacedRow] = []
    budget = [MAX_GRID_STEPS]
    for table_spec in spec.tables:
        mine = [ln for ln in lines if ln.table == table_spec.id]
        if mine:
            placed += _recover_table(spec.id, table_spec.id, mine, diagnostics, budget)
    return Recovery(tuple(placed), tuple(diagnostics))


def _recover_table(template_id: str, table_id: str, lines: list[_Line], diagnostics: list[Diagnostic],
                   budget: list[int]) -> list[PlacedRow]:
    # A row written twice is read once, from its first occurrence (the builder's duplicate
    # check sees the second).
    rows_of: dict[str, int] = {}
    for n, line in enumerate(lines):
        for r in line.rows:
            rows_of.setdefault(r.id, n)
    rules = template_rules(template_id, table_id, set(rows_of))
    local: dict[int, list[Rule]] = {}
    cross_rules: list[Rule] = []
    for rule in rules:
        owners = {rows_of[r] for r, _ in rule.cells}
        if len(owners) == 1:
            local.setdefault(owners.pop(), []).append(rule)
        else:
            cross_rules.append(rule)
    usable: list[int] = []
    failed: dict[int, list[Rule]] = {}
    for n, line in enumerate(lines):
        try:
            line.readings = _local_readings(line, local.get(n, []), budget)
        except BoundReached:
            diagnostics.append(_diag("GR133", table_id, line, line.cells,
                                     f"{table_id}: the run {line.run!r} has more than {MAX_READINGS} readings "
                                     f"(or took more than {MAX_STEPS} steps, or the report's {MAX_GRID_STEPS} "
                                     "ran out); its cells are null"))
            continue
        if line.readings:
            usable.append(n)
            continue
        try:
            shapes = _local_readings(line, (), budget, use_rules=False) if local.get(n) else []
        except BoundReached:  # many splits, none adding up: the rule is the row's own
            shapes = []
            failed[n] = list(local[n])
            continue
        if not shapes:
            diagnostics.append(_diag("GR106", table_id, line, line.cells,
                                     f"{table_id}: the digits {line.run!r} cannot be written as the "
                                     f"{len(line.cells)} cells of row(s) {', '.join(r.id for r in line.rows)}; "
                                     "its values were not used"))
        else:
            failed[n] = _failing_local(line, local[n], shapes)
    # A rule across rows binds only rows that were read; a rule over a row given up is no rule.
    readable = set(usable) | set(failed)
    crosses: list[_Cross] = []
    for rule in cross_rules:
        bound = sorted({rows_of[r] for r, _ in rule.cells})
        if all(o in readable for o in bound):
            crosses.append(_Cross(rule, bound, {}))
    # Lines bound together by rules across rows are settled together.
    groups = _components(usable + list(failed), crosses)
    out: list[PlacedRow] = []
    for group in groups:
        out += _settle(table_id, lines, group, [c for c in crosses if c.lines[0] in group], failed, diagnostics,
                       {cell for rule in rules for cell in rule.cells})
    for n, line in enumerate(lines):
        if n not in readable:
            out += _place(line, None)
    return out


def _components(members: list[int], crosses: list[_Cross]) -> list[list[int]]:
    parent = {m: m for m in members}

    def root(m: int) -> int:
        while parent[m] != m:
            m = parent[m]
        return m

    for cross in crosses:
        for other in cross.lines[1:]:
            parent[root(other)] = root(cross.lines[0])
    groups: dict[int, list[int]] = {}
    for m in sorted(members):
        groups.setdefault(root(m), []).append(m)
    return list(groups.values())


def _settle(table_id: str, lines: list[_Line], group: list[int], crosses: list[_Cross],
            failed: dict[int, list[Rule]], diagnostics: list[Diagnostic],
            ruled: set[tuple[str, str]]) -> list[PlacedRow]:
    """Settle one group of lines bound by rules across rows; place its rows."""
    broken = [n for n in group if n in failed]
    if broken:
        return _set_aside(table_id, lines, group, crosses, [r for n in broken for r in failed[n]],
                          failed, diagnostics, ruled, alone=True)
    for cross in crosses:
        cross.contribution = {v: [_contribution(cross.rule, lines[v], reading) for reading in lines[v].readings]
                              for v in cross.lines}
    domains = [list(range(len(ln.readings))) for ln in lines]
    nodes = [MAX_NODES]
    search = _Search(domains, crosses, nodes)
    bound = False
    try:
        solution = search.find(group) if crosses else dict.fromkeys(group, 0)
    except BoundReached:
        diagnostics.append(Diagnostic(
            "GR133", f"{table_id}: the search for a reading of the whole table stopped after {MAX_NODES} steps; "
                     "its run-together cells are null",
            cells=[_key(table_id, c) for n in group for c in lines[n].cells], line=lines[group[0]].label.line))
        return [p for n in group for p in _place(lines[n], None)]
    if solution is None:
        return _set_aside(table_id, lines, group, crosses, _failing_cross(search, crosses), failed, diagnostics,
                          ruled, alone=False)
    if crosses:
        supported = {v: {k} for v, k in solution.items()}
        try:
            for v in group:
                for k in list(domains[v]):
                    if k in supported[v]:
                        continue
                    saved = domains[v]
                    domains[v] = [k]
                    try:
                        found = search.find(group)
                    finally:
                        domains[v] = saved
                    if found is None:
                        domains[v] = [x for x in domains[v] if x != k]
                    else:
                        for w, x in found.items():
                            supported[w].add(x)
        except BoundReached:
            bound = True
            diagnostics.append(Diagnostic(
                "GR133", f"{table_id}: the search stopped after {MAX_NODES} steps before every reading was "
                         "checked against the whole table; cells the unchecked readings could change are null",
                cells=[], line=lines[group[0]].label.line))
    out: list[PlacedRow] = []
    for v in group:
        line = lines[v]
        readings = [line.readings[k] for k in domains[v]]
        out += _place(line, readings, table_id, diagnostics, bounded=bound, ruled=ruled, digits_only=not crosses)
    return out


def _set_aside(table_id: str, lines: list[_Line], group: list[int], crosses: list[_Cross], failing: list[Rule],
               failed: dict[int, list[Rule]], diagnostics: list[Diagnostic], ruled: set[tuple[str, str]], *,
               alone: bool) -> list[PlacedRow]:
    """Settle a group some of whose rules fail whatever the split (the source's own figures do
    not add up).

    The failing rules are set aside, and so is every row they bind unless its own digits decide
    its split (:func:`_decided_by_digits`): the source's error is in one of those rows, and a
    split that makes such a row meet the rules it still meets would be a guess that fits the
    error; only a row written one way reads the same whatever the error is. A row set aside
    takes the rules through it with it, and a row that loses a rule so is held to the same
    test, until no more rows are set aside: a row keeps a split the arithmetic chose only when
    every rule that bound it still holds. The rows left are settled by the rules left, as any
    group is."""
    failing_set = set(failing)
    suspects = {n for n in group if any(set(lines[n].cells) & set(rule.cells) for rule in failing)}
    by_digits = {n: n not in failed and _decided_by_digits(lines[n]) for n in group}  # asked once per row
    while True:
        kept = [n for n in group if n not in suspects or by_digits[n]]
        dropped = [c for c in crosses if c.rule in failing_set or not all(v in kept for v in c.lines)]
        more = suspects | {v for c in dropped for v in c.lines}
        if more == suspects:
            break
        suspects = more
    left = [c for c in crosses if c not in dropped]
    at = len(diagnostics)  # said before what settling the rows left says, once that says how many were given
    out = [p for n in group if n not in kept for p in _place(lines[n], None)]
    for part in _components(kept, left):
        out += _settle(table_id, lines, part, [c for c in left if c.lines[0] in part], failed, diagnostics, ruled)
    # Counted from what was placed: a kept row is still null if the search over the rows left
    # stops at its bound (GR133).
    suspect_rows = {spec.id for n in suspects for spec in lines[n].rows}
    given = sum(1 for placed in out if placed.row in suspect_rows for cell in placed.cells if cell.text)
    bound = sum(len(lines[n].cells) for n in suspects)
    shown = "; ".join(r.describe() for r in failing[:6]) + (f" and {len(failing) - 6} more" if len(failing) > 6 else "")
    how = "the row's own digits" if alone else "the rows' digits"
    diagnostics.insert(at, Diagnostic(
        "GR132", f"{table_id}: no split of {how} satisfies the template's arithmetic: {shown} fails whatever "
                 f"the split (the source's own figures do not add up); of the {bound} run-together cells in the "
                 f"rows these rules bind or that lost a rule with them, {given} were given a value, in rows whose "
                 "digits can be split only one way",
        cells=tuple(dict.fromkeys(_key(table_id, c) for r in failing for c in r.cells)),
        line=lines[group[0]].label.line, column=lines[group[0]].label.column))
    return out


def _decided_by_digits(line: _Line) -> bool:
    """Whether the line's digits alone decide its split: one way to write its run as its cells,
    blank cells included (a blank leaves no trace, and a source may leave any cell blank), and
    that way meets the row's own rules. ``0000000`` as seven cells is seven zeros whatever the
    arithmetic says; ``4000004`` is not decided (``40`` and a blank cell is another way)."""
    return len(line.readings) == 1 and all(_decided_cells(line))


def _decided_cells(line: _Line) -> list[bool]:
    """Per cell, whether every way of writing the line's run as its cells (blank cells
    included, no rule) gives it the same number: what the digits say without arithmetic. A
    unit written after the run belongs to the last cell written, which must be a money cell."""
    run, kinds, unit = line.run, line.kinds, bool(line.unit)
    width = len(kinds)

    numbers_from: dict[tuple[int, str], list[tuple[int, int]]] = {}  # each start and kind is asked for again and again

    def tokens(start: int, kind: str) -> list[tuple[int, int]]:
        """(end, where the next cell starts) of each number of ``kind`` written from ``start``."""
        key = (start, kind)
        if key not in numbers_from:
            out = numbers_from[key] = []
            end = start + 1
            while end <= len(run) and run[end - 1] != " ":
                if _TOKEN[kind].fullmatch(run, start, end):
                    out.append((end, end + 1 if end < len(run) and run[end] == " " else end))
                end += 1
        return numbers_from[key]

    # Forward: (where cell c starts, whether the last number before it is money).
    starts: list[set[tuple[int, bool]]] = [{(0, False)}]
    for kind in kinds:
        starts.append(starts[-1] | {(after, kind == MONEY) for s, _ in starts[-1] for _, after in tokens(s, kind)})
    # Backward: (where cell c starts, whether a number is written in cells c...), from which the
    # rest of the run can be written (with the unit's money cell last, when there is a unit).
    rest: list[set[tuple[int, bool]]] = [set() for _ in range(width)] + [{(len(run), False)}]
    options: list[set[tuple[int, int] | None]] = [set() for _ in range(width)]
    for c in range(width - 1, -1, -1):
        for s, money_before in starts[c]:
            for written in (False, True):
                if (s, written) in rest[c + 1] and (written or money_before or not unit):
                    rest[c].add((s, written))
                    options[c].add(None)
            for end, after in tokens(s, kinds[c]):
                for written in (False, True):
                    if (after, written) in rest[c + 1] and (written or kinds[c] == MONEY or not unit):
                        rest[c].add((s, True))
                        options[c].add((s, end))
    return [len(found) == 1 and None not in found for found in options]


def _contribution(rule: Rule, line: _Line, reading: Reading) -> int:
    index = {cell: n for n, cell in enumerate(line.cells)}
    return sum(k * line.value(reading[index[c]]) for c, k in zip(rule.cells, rule.coefficients) if c in index)


def _failing_local(line: _Line, rules: list[Rule], shapes: list[Reading]) -> list[Rule]:
    """The line's own rules that no split satisfies (all of them when only their conjunction fails)."""
    index = {cell: n for n, cell in enumerate(line.cells)}

    def holds(rule: Rule, reading: Reading) -> bool:
        total = sum(k * line.value(reading[index[c]]) for c, k in zip(rule.cells, rule.coefficients))
        return total == 0 if rule.relation == EQUAL else total <= 0

    alone = [r for r in rules if not any(holds(r, s) for s in shapes)]
    return alone or list(rules)


def _failing_cross(search: _Search, crosses: list[_Cross]) -> list[Rule]:
    """The rules across rows that fail whatever the split, each taken alone (all of them when
    only their conjunction fails)."""
    alone = []
    nodes = [MAX_NODES]  # naming the rule has a bound of its own, shared by the rules
    for cross in crosses:
        single = _Search(search.domains, [cross], nodes)
        try:
            if single.find(cross.lines) is None:
                alone.append(cross.rule)
        except BoundReached:
            break
    return alone or [c.rule for c in crosses]


def _diag(code: str, table_id: str, line: _Line, cells: Sequence[tuple[str, str]], message: str) -> Diagnostic:
    return Diagnostic(code, message, cells=[_key(table_id, c) for c in cells], line=line.pieces[0].line,
                      column=line.pieces[0].column)


def _place(line: _Line, readings: list[Reading] | None, table_id: str = "",
           diagnostics: list[Diagnostic] | None = None, *, bounded: bool = False,
           ruled: Collection[tuple[str, str]] = (), digits_only: bool = False) -> list[PlacedRow]:
    """The line's rows with the cells every reading agrees on (all blank when ``readings`` is None);
    none when a reading leaves blank a cell that the arithmetic (``ruled``: its cells) counts;
    with ``digits_only`` (no rule across rows binds the line), only cells its digits decide."""
    width = len(line.cells)
    texts: list[str] = [""] * width
    spans: list[tuple[int, int] | None] = [None] * width
    # A reading that leaves a cell blank counts it as 0 in the arithmetic; when the source's
    # blank stands for a number its totals still count (the source's own error), the true
    # reading fails the rules and the readings that survive are all wrong, agreed or not. So
    # cells are recovered only where no surviving reading needs a blank.
    blank_in_rule = [n for n, cell in enumerate(line.cells) if cell in ruled]
    needs_blank = bool(readings) and any(r[n] is None for r in readings or () for n in blank_in_rule)
    # A row that only its own rules check can be split wrong when the source both left a cell
    # blank and mis-added the row: the true split fails the row's total and another, with no
    # blank, meets it by chance (``2 _ 1 2 16`` is ``21216``, read 2 | 1 | 2 | 1 | 6). Nothing
    # in the row tells the two apart, so such a row keeps only what its digits say alone.
    undecided = [not d for d in _decided_cells(line)] if digits_only and readings else [False] * width
    if readings:
        first = readings[0]
        disagree = []
        for n in range(width):
            values = {line.text(r[n]) for r in readings}
            if len(values) == 1 and not needs_blank and not undecided[n]:
                texts[n], spans[n] = line.text(first[n]), first[n]
            else:
                disagree.append(n)
        if line.unit:
            ends = [n for n, span in enumerate(spans) if span is not None and span[1] == len(line.run)]
            if ends:
                texts[ends[-1]] += line.unit
        assert diagnostics is not None
        recovered = [n for n in range(width) if spans[n] is not None]
        if recovered:
            diagnostics.append(_diag(
                "GR130", table_id, line, [line.cells[n] for n in recovered],
                f"{table_id}: {len(recovered)} cell(s) of row(s) {', '.join(r.id for r in line.rows)} split off the "
                f"run-together digits {line.run + line.unit!r}, the same in every reading the template's arithmetic "
                "allows"))
        if disagree:
            count = f"{len(readings)}" + (" or more" if bounded else "")
            if needs_blank:
                why = ("only with a blank cell counted as 0 (a blank leaves no trace in a scrape, and one the "
                       "source's totals still count would make every such reading wrong); the cells are null: ")
            elif any(undecided[n] for n in disagree):
                why = ("template's arithmetic, but only the row's own rules check them (no rule across rows binds "
                       "the row), and a source that left a cell blank and mis-added the row would make such a "
                       "split wrong: only cells the digits alone decide are kept; null: ")
            else:
                why = f"template's arithmetic; they disagree on {len(disagree)} cell(s), which are null: "
            diagnostics.append(_diag(
                "GR131", table_id, line, [line.cells[n] for n in disagree],
                f"{table_id}: {count} readings of the run-together digits {line.run + line.unit!r} fit the "
                + ("template's arithmetic " if needs_blank else "") + why
                + ", ".join(f"{c[0]}.{c[1]}" for c in (line.cells[n] for n in disagree))))
    out: list[PlacedRow] = []
    position = 0
    for row, columns in zip(line.rows, line.columns):
        cells: dict[str, GridCell] = {}
        for column in columns:
            span = spans[position]
            if span is None:
                where = line.origin[0] if line.origin else (line.label.line, line.label.column)
            else:
                where = line.origin[span[0]]
            cells[column.id] = GridCell(texts[position], where[0], where[1])
            position += 1
        # The builder places a row's cells in the template's order.
        out.append(PlacedRow(line.table, row.id, tuple(cells[c.id] for c in row.columns), line.label))
    return out
