"""Rendering: a Report back into a layout (the generator side of the plugins).

``render(report, "pipe")`` asks the installed plugin called ``pipe`` to write the report; any
plugin with a ``render(report)`` method writes its layout this way (``govreport render --to``).
This module keeps what every layout shares: the report as rows of cell texts per table
(:data:`Rows`, the template's labels and the values as a report prints them), and the text
around them (:func:`table_text`, :func:`framed_text`); each plugin only says how its layout
writes a table. ``parse(render(report, layout))`` gives back the same cells and metadata: the
basis of the round-trip properties (:mod:`govreport.testing`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from . import schema
from .errors import GovReportError, SchemaError, UnknownFormatError
from .model import Report, Table, Value
from .registry import Registry, default_registry
from .schema import ACTIVE, APPLICATIONS, REVIEW_LITIGATION, SIGNED

#: A table as rows of cell texts, the way a report prints it (header rows included).
Rows = list[list[str]]
#: A layout's way of writing a table's rows as lines of text.
TableWriter = Callable[[Rows], list[str]]

_CN_NUM = "一二三四五六七八九十"


def section_numeral(n: int) -> str:
    """The Chinese numeral of section ``n`` (1-99) as a heading writes it: 三, 十二, 二十一."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _CN_NUM[n - 1]
    return ("" if tens == 1 else _CN_NUM[tens - 1]) + "十" + (_CN_NUM[ones - 1] if ones else "")


@attrs.frozen
class WrittenSection:
    """One of the numbered sections a report in a template is written with."""

    number: int
    heading: str  # as written: its numeral and the template's title ("二、" + title)
    table: str | None  # the id of the table written in it (the template's ``TableSpec.section``)


def written_sections(template_id: str) -> tuple[WrittenSection, ...]:
    """The numbered sections of a report in ``template_id``, as the template titles them
    (``TemplateSpec.section_titles``), each with the table it holds, if any."""
    spec = schema.template(template_id)
    table_of = {t.section: t.id for t in spec.tables}
    return tuple(WrittenSection(n, f"{section_numeral(n)}、{title}", table_of.get(n))
                 for n, title in enumerate(spec.section_titles, 1))


def table_rows(report: Report, table_id: str, template_id: str) -> Rows:
    """Table ``table_id`` of ``report`` as rows of cell texts in ``template_id``'s layout."""
    producers = {ACTIVE: _active_rows, APPLICATIONS: _applications_rows, REVIEW_LITIGATION: _review_rows}
    return producers[table_id](report.table(table_id), template_id)


def format_value(value: Value, kind: str = schema.COUNT, unit: str | None = None) -> str:
    """A cell value as a report would write it (money in ``unit``, or in 元 with the unit written)."""
    if value is None:
        return ""
    if kind == schema.MONEY:
        amount = Decimal(str(value))
        if unit == "万元":
            return _plain(amount / 10000)
        return _plain(amount) + "元"
    if kind == SIGNED and isinstance(value, int) and value > 0:
        return f"+{value}"
    return str(value)


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


def _active_rows(table: Table | None, template_id: str) -> Rows:
    spec = schema.template(template_id).table(ACTIVE)
    rows: Rows = []
    groups = dict(spec.group_titles)  # the template's own titles over its groups of rows
    for row in spec.rows:
        group = groups.get(row.id)
        if group:
            rows.append([group])
            rows.append([spec.header_lead, *[c.label for c in row.columns]])
        vals = [format_value(table.get(row.id, c.id) if table else None, c.kind, c.unit) for c in row.columns]
        rows.append([row.path[-1], *vals])
    return rows


def _applications_header(note: str, bands: Sequence[str], columns: list[str]) -> Rows:
    """Table 三's header as text rows: the corner note and the outermost band, then each inner
    band between the first and last column under the band before it (those two cells span
    down to the last row, so the rows below leave them blank), then the innermost columns."""
    if not bands:
        return [[note, *columns]]
    rows: Rows = [[note, bands[0]]]
    for depth in range(1, len(bands)):
        rows.append(["", *[""] * (depth - 1), columns[depth - 1], bands[depth], columns[-depth],
                     *[""] * (depth - 1)])
    inner = len(bands) - 1
    rows.append(["", *[""] * inner, *columns[inner:len(columns) - inner], *[""] * inner])
    return rows


def _applications_rows(table: Table | None, template_id: str) -> Rows:
    spec = schema.template(template_id).table(APPLICATIONS)
    rows = _applications_header(spec.header_note, spec.column_bands, [c.label for c in spec.header_columns])
    printed = set(table.rows()) if table is not None else set()
    split = any(r in printed for a in spec.alternatives for r in a.replaces)
    # An alternative row is printed as the label of the group of the rows it stands for.
    as_group = {a.row: spec.row(a.replaces[0]).path[:-1] for a in spec.alternatives}
    seen_groups: set[tuple[int, str]] = set()
    for row in schema.reading_order(spec, split_other=split):
        path = list(as_group.get(row.id, row.path))
        labels = []
        for depth, part in enumerate(path[:-1]):
            labels.append("" if (depth, part) in seen_groups else part)
            seen_groups.add((depth, part))
        labels.append(path[-1])
        vals = [format_value(table.get(row.id, c.id) if table else None) for c in row.columns]
        rows.append([*labels, *vals])
    return rows


def _review_rows(table: Table | None, template_id: str) -> Rows:
    """Table 四 as the template draws it: its rows side by side under a header of their
    labels (a group over its kinds), the columns under each, and one line of values."""
    spec = schema.template(template_id).table(REVIEW_LITIGATION)
    groups = list(dict.fromkeys(r.path[0] for r in spec.rows))
    second: list[str] = []
    third: list[str] = []
    values: list[str] = []
    for row in spec.rows:
        labels = [c.label for c in row.columns]
        if len(row.path) == 1:  # a row without kinds: its columns right under its label
            second += labels
            third += [""] * len(labels)
        else:
            second.append(row.path[-1])
            third += labels
        values += [format_value(table.get(row.id, c.id) if table else None) for c in row.columns]
    return [groups, second, third, values]


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def table_text(report: Report, write_table: TableWriter) -> str:
    """The report as text, its three tables written by ``write_table``: the title, the six
    sections (each table in its section, other sections' text or "无。"), the signature.

    For the ``render`` method of a plugin whose layout is text with tables: the plugin writes
    rows of cell texts its way, this writes everything else. A legacy (pre-2019) report has no
    tables: a prose layout writes it (the narrative plugin).
    """
    if report.template == schema.TEMPLATE_LEGACY:
        raise SchemaError("a legacy report has no tables to write", expected="a prose layout such as 'narrative'")
    template_id = report.template or schema.TABLE_TEMPLATES[0]
    texts = {s.number: s.text for s in report.sections}
    lines: list[str] = []
    for section in written_sections(template_id):
        lines.append(section.heading)
        if section.table and report.table(section.table) is not None:
            lines.append("")
            lines += write_table(table_rows(report, section.table, template_id))
            lines.append("")
        elif texts.get(section.number):
            lines.append(texts[section.number])
        elif not section.table:
            lines.append("无。")
    return framed_text(report, lines)


def framed_text(report: Report, body: list[str]) -> str:
    """``body`` between the report's title (agency, year) and its signature (agency, date)."""
    meta = report.meta
    agency, year = meta.agency.value or "", meta.year.value
    lines: list[str] = []
    if agency:
        lines.append(agency)
    if year is not None:
        lines.append(f"{year}年政府信息公开工作年度报告")
    lines.append("")
    lines += body
    lines.append("")
    if agency:
        lines.append(agency)
    if meta.published.value:
        lines.append(_date_cn(meta.published.value))
    return "\n".join(lines) + "\n"


def render(report: Report, layout: str, *, registry: Registry | None = None) -> str | bytes:
    """The report written in ``layout``: the ``render`` of the installed plugin of that name
    (``pipe``, ``tsv``, ``docx-export``, ``narrative`` or any third-party plugin that writes)."""
    reg = registry or default_registry()
    writers = sorted(info.name for info in reg.renderers())
    try:
        info = reg.get(layout)
    except GovReportError:
        info = None
    if info is None or not info.renders:
        raise UnknownFormatError(f"no installed plugin writes the layout {layout!r}", expected=", ".join(writers))
    return info.plugin.render(report)  # type: ignore[no-any-return]
