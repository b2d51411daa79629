"""Renderers: a Report back to text in each layout (the generator side of every plugin).

``render(report, "pipe")`` writes the report the way the pipe-table layout reads it, and the
same for ``"tsv"``, ``"docx-export"`` and ``"narrative"`` (legacy figures in sentences). Useful
to normalise reports into one layout, and the basis of the round-trip property tests:
``parse(render(report, layout))`` gives back the same cells and metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import schema
from .errors import SchemaError
from .model import Report, Table, Value
from .schema import ACTIVE, APPLICATIONS, REVIEW_LITIGATION, SIGNED
from .template import national

Rows = list[list[str]]

_SECTIONS = national.SECTION_TITLES
_CN_NUM = "一二三四五六七八九十"
_ACTIVE_GROUPS = national.ACTIVE_GROUP_TITLES


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
    for row in spec.rows:
        group = _ACTIVE_GROUPS.get(row.id)
        if group:
            rows.append([group])
            rows.append([national.ACTIVE_HEADER_LEAD, *[c.label for c in row.columns]])
        vals = [format_value(table.get(row.id, c.id) if table else None, c.kind, c.unit) for c in row.columns]
        rows.append([row.path[-1], *vals])
    return rows


def _applications_rows(table: Table | None, template_id: str) -> Rows:
    spec = schema.template(template_id).table(APPLICATIONS)
    applicants = schema.APPLICANT_COLUMNS
    rows: Rows = [
        [national.APPLICATIONS_CORNER, national.APPLICANTS],
        ["", applicants[0].label, national.LEGAL_PERSONS, applicants[-1].label],
        ["", "", *[c.label for c in applicants[1:-1]], ""],
    ]
    split = table is not None and any(r in table.rows() for r in schema.OTHER_HANDLING_SPLIT)
    seen_groups: set[str] = set()
    for row in schema.reading_order(spec, split_other=split):
        path = list(row.path)
        if row.id == national.SINGLE_OTHER_HANDLING:
            path = [schema.RESULTS, schema.OTHER_HANDLING]
        labels = []
        for depth, part in enumerate(path[:-1]):
            labels.append("" if (depth, part) in seen_groups else part)
            seen_groups.add((depth, part))  # type: ignore[arg-type]
        labels.append(path[-1])
        vals = [format_value(table.get(row.id, c.id) if table else None) for c in row.columns]
        rows.append([*labels, *vals])
    return rows


def _review_rows(table: Table | None) -> Rows:
    cols = schema.REVIEW_COLUMNS
    labels = [c.label for c in cols]
    values: list[str] = []
    for row in ("review", "litigation_direct", "litigation_after_review"):
        values += [format_value(table.get(row, c.id) if table else None) for c in cols]
    return [[national.REVIEW, national.LITIGATION], [*labels, *national.LITIGATION_KINDS],
            ["", "", "", "", "", *labels, *labels], values]


def _pipe(rows: Rows) -> list[str]:
    return [" | ".join(r) + " |" for r in rows]


def _tsv(rows: Rows) -> list[str]:
    return ["\t".join(r) for r in rows]


def _docx(rows: Rows) -> list[str]:
    out: list[str] = []
    for r in rows:
        out += ["\t" + c for c in r]
        out.append("")
    return out


TABLE_WRITERS: dict[str, Callable[[Rows], list[str]]] = {"pipe": _pipe, "tsv": _tsv, "docx-export": _docx}
LAYOUTS = (*TABLE_WRITERS, "narrative")


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def render(report: Report, layout: str) -> str:
    """The report as text in ``layout`` (``pipe``, ``tsv``, ``docx-export`` or ``narrative``)."""
    if layout not in LAYOUTS:
        raise SchemaError(f"no renderer for layout {layout!r}", expected=", ".join(LAYOUTS))
    meta = report.meta
    agency, year = meta.agency.value or "", meta.year.value
    lines: list[str] = []
    if agency:
        lines.append(agency)
    if year is not None:
        lines.append(f"{year}年政府信息公开工作年度报告")
    lines.append("")
    if report.template == schema.TEMPLATE_LEGACY or layout == "narrative":
        lines += _narrative(report)
    else:
        write = TABLE_WRITERS[layout]
        template_id = report.template or schema.TEMPLATE_2019
        tables = {ACTIVE: _active_rows(report.active, template_id),
                  APPLICATIONS: _applications_rows(report.applications, template_id),
                  REVIEW_LITIGATION: _review_rows(report.review_litigation)}
        texts = {s.number: s.text for s in report.sections}
        for n, title in enumerate(_SECTIONS, 1):
            lines.append(f"{_CN_NUM[n - 1]}、{title}")
            table_id = {s: t for t, s in national.TABLE_SECTIONS.items()}.get(n)
            if table_id and report.table(table_id) is not None:
                lines.append("")
                lines += write(tables[table_id])
                lines.append("")
            elif texts.get(n):
                lines.append(texts[n])
            elif not table_id:
                lines.append("无。")
    lines.append("")
    if agency:
        lines.append(agency)
    if meta.published.value:
        lines.append(_date_cn(meta.published.value))
    return "\n".join(lines) + "\n"


def _narrative(report: Report) -> list[str]:
    v = report.legacy_values()
    year = report.meta.year.value
    lead = f"{year}年，" if year else ""
    out = ["一、概述", f"{lead}我单位认真贯彻落实《中华人民共和国政府信息公开条例》。"]
    if v["active_disclosed"] is not None:
        out += ["二、主动公开政府信息情况", f"{lead}主动公开政府信息{v['active_disclosed']}条。"]
    if v["applications_received"] is not None:
        out += ["三、政府信息公开申请的办理情况", f"{lead}共收到政府信息公开申请{v['applications_received']}件。"]
    if v["fees"] is not None:
        out += ["四、政府信息公开的收费及减免情况", f"{lead}因政府信息公开收取费用{format_value(v['fees'], schema.MONEY)}。"]
    parts = []
    if v["reviews"] is not None:
        parts.append(f"因政府信息公开申请提起行政复议{v['reviews']}件")
    if v["lawsuits"] is not None:
        parts.append(f"提起行政诉讼{v['lawsuits']}件")
    if parts:
        out += ["五、因政府信息公开申请提起行政复议、行政诉讼情况", f"{lead}{'，'.join(parts)}。"]
    return out
