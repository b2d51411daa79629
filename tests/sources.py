"""Test helpers: a report as an HTML page or a .docx file, with merged cells like real ones.

Tables are described once as rows of ``(text, rowspan, colspan)`` and written either as HTML
(``rowspan``/``colspan``) or with python-docx (``merge`` gives ``gridSpan`` and ``vMerge``).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import attrs

from govreport import schema
from govreport.model import Report
from govreport.render import format_value, written_sections
from govreport.template import national

Cell = tuple[str, int, int]
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})


@attrs.frozen
class Geometry:
    """How a page lays its tables out: the merged-cell shapes real pages (often Word tables
    pasted into HTML) show. Every shape keeps every value readable by its grid column.

    * ``spanned_active``: table 二 in the 2019 第二十条 form: every row five grid columns wide,
      a three-column header spanning (1, 2, 1) grid columns, a two-column one (2, 2), a
      one-column one (4), with each group title over all five;
    * ``shifted_data``: in that form, the three-value data rows span (2, 1, 1) under a (1, 2, 1)
      header: the first value overlaps two header columns and only the order settles it;
    * ``lead``/``trail``: blank cells (``&nbsp;``) between a row's labels and its values and at
      its end, in header and data rows alike;
    * ``split_results``: table 三's 三、本年度办理结果 label column is cut in two rowspans (a
      pasted table split over a page break), the second starting at （四）;
    * ``lose``: broken markup that lost a cell: ``(table, row, k)`` drops the ``k``-th value
      cell counted from the row's last one (the cells after it move left). This one damages:
      the values can no longer all be placed with certainty.
    """

    spanned_active: bool = False
    shifted_data: bool = False
    lead: int = 0
    trail: int = 0
    split_results: bool = False
    lose: tuple[tuple[str, int, int], ...] = ()


PLAIN = Geometry()
_ACTIVE_SPANS = {3: (1, 2, 1), 2: (2, 2), 1: (4,)}


def _v(report: Report, table: str, row: str, col: schema.ColumnSpec) -> str:
    t = report.table(table)
    return format_value(t.get(row, col.id) if t else None, col.kind, col.unit)


def _pad(labels: list[Cell], values: list[Cell], geometry: Geometry) -> list[Cell]:
    return labels + [("", 1, 1)] * geometry.lead + values + [("", 1, 1)] * geometry.trail


def _applications_header(note: str, bands: Sequence[str], columns: list[str], g: Geometry) -> list[list[Cell]]:
    """Table 三's header rows as the template draws them: the corner note over the label
    columns and every header row, the outermost band over all the columns, each inner band
    between the first and last column under the one before (those two span down to the last
    header row), the innermost columns last. The padding columns span every header row."""
    height = len(bands) + 1
    if not bands:
        return [[(note, 1, 3), *[("", 1, 1)] * g.lead, *[(c, 1, 1) for c in columns], *[("", 1, 1)] * g.trail]]
    rows: list[list[Cell]] = [[(note, height, 3), *[("", height, 1)] * g.lead, (bands[0], 1, len(columns)),
                               *[("", height, 1)] * g.trail]]
    for depth in range(1, len(bands)):
        rows.append([(columns[depth - 1], height - depth, 1), (bands[depth], 1, len(columns) - 2 * depth),
                     (columns[-depth], height - depth, 1)])
    inner = len(bands) - 1
    rows.append([(c, 1, 1) for c in columns[inner:len(columns) - inner]])
    return rows


def table_rows(report: Report, geometry: Geometry = PLAIN) -> dict[str, list[list[Cell]]]:
    template = report.template or "2019"
    spec = schema.template(template)
    g = geometry
    active: list[list[Cell]] = []
    # group titles with full-width parentheses, as pages write them
    active_spec = spec.table("active")
    groups = {r: t.replace("(", "（").replace(")", "）") for r, t in active_spec.group_titles}
    for row in spec.table("active").rows:
        k = len(row.columns)
        head_spans = _ACTIVE_SPANS.get(k, (1,) * k) if g.spanned_active else (1,) * k
        data_spans = (2, 1, 1) if g.spanned_active and g.shifted_data and k == 3 else head_spans
        if row.id in groups:
            active.append([(groups[row.id], 1, 1 + sum(head_spans) + g.lead + g.trail)])
            active.append(_pad([(active_spec.header_lead, 1, 1)],
                               [(c.label, 1, cs) for c, cs in zip(row.columns, head_spans)], g))
        active.append(_pad([(row.path[-1], 1, 1)],
                           [(_v(report, "active", row.id, c), 1, cs) for c, cs in zip(row.columns, data_spans)], g))

    apps = report.applications
    apps_spec = spec.table("applications")
    split = apps is not None and any(r in apps.rows() for a in apps_spec.alternatives for r in a.replaces)
    rows = schema.reading_order(apps_spec, split_other=split)
    # A row printed instead of others (2021's （六） as one row) stands under their group's labels.
    instead = {a.row: apps_spec.row(a.replaces[0]).path[:-1] for a in apps_spec.alternatives}
    a = _applications_header(apps_spec.header_note.translate(_FULL_WIDTH), apps_spec.column_bands,
                             [c.label for c in apps_spec.header_columns], g)
    results = [r for r in rows if r.path[0] == schema.RESULTS]
    # Where the results label column starts a rowspan: once, or again at （四） when split.
    cut = next((i for i, r in enumerate(results) if r.id.startswith("unavailable.")), len(results)) \
        if g.split_results else len(results)
    starts = {0: cut} if cut == len(results) else {0: cut, cut: len(results) - cut}
    groups_seen: set[str] = set()
    for r in rows:
        vals = [(_v(report, "applications", r.id, c), 1, 1) for c in r.columns]
        path = list(instead.get(r.id, r.path))
        cells: list[Cell] = []
        if path[0] != schema.RESULTS:
            cells.append((path[0], 1, 3))
        else:
            n = results.index(r)
            if n in starts:
                cells.append((schema.RESULTS, starts[n], 1))
            if len(path) == 2:
                cells.append((path[1], 1, 2))
            else:
                if path[1] not in groups_seen:
                    members = [x for x in results if len(x.path) == 3 and x.path[1] == path[1]]
                    cells.append((path[1], len(members), 1))
                    groups_seen.add(path[1])
                cells.append((path[2], 1, 1))
        a.append(_pad(cells, vals, g))

    # Table 四 as the template draws it: its rows side by side under a two-level header, each
    # row's group (行政复议, 行政诉讼) over its rows' columns, a row of a group named again below.
    review_rows = spec.table("review_litigation").rows
    values: list[Cell] = []
    for row in review_rows:
        values += [(_v(report, "review_litigation", row.id, c), 1, 1) for c in row.columns]
    pad_head = [("", 3, 1)] * g.lead, [("", 3, 1)] * g.trail
    tops: dict[str, int] = {}
    for row in review_rows:
        tops[row.path[0]] = tops.get(row.path[0], 0) + len(row.columns)
    second: list[Cell] = []
    third: list[Cell] = []
    for row in review_rows:
        if len(row.path) == 1:  # a group of one row: its column labels span the two rows below
            second += [(c.label, 2, 1) for c in row.columns]
        else:
            second.append((row.path[1], 1, len(row.columns)))
            third += [(c.label, 1, 1) for c in row.columns]
    review = [[*pad_head[0], *[(top, 1, width) for top, width in tops.items()], *pad_head[1]],
              second, third, _pad([], values, g)]
    tables = {"active": active, "applications": a, "review_litigation": review}
    _lose_cells(tables, g)
    return tables


def _lose_cells(tables: dict[str, list[list[Cell]]], geometry: Geometry) -> dict[str, set[int]]:
    """Apply ``geometry.lose``; the indexes of the rows that lost a cell, per table."""
    lost: dict[str, set[int]] = {t: set() for t in tables}
    for table, r, k in geometry.lose:
        n = r % len(tables[table])
        row = tables[table][n]
        index = len(row) - 1 - geometry.trail - k
        if 0 <= index < len(row) and row[index][0] and row[index][1:] == (1, 1) and len(row) > 1:
            del row[index]
            lost[table].add(n)
    return lost


#: The national templates' section titles (a report's own template may title them otherwise:
#: the pages below write :func:`govreport.render.written_sections` of its template).
SECTION_TITLES = national.SECTION_TITLES


def _date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def to_html(report: Report, *, navigation: bool = False, unrelated_tables: int = 0, charset: str = "utf-8",
            layout_table: bool = False, geometry: Geometry = PLAIN) -> bytes:
    tables = table_rows(report, geometry)
    body: list[str] = []
    if navigation:
        body.append('<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>2019年度报告</a> | '
                    "<span>浏览次数：12345</span> <span>发布时间：2020-03-01</span></div>")
        body.append("<ul><li>机构概况</li><li>政策文件 328</li><li>通知公告 1024</li></ul>")
    for n in range(unrelated_tables):
        # a site's statistics table whose row labels are two of table 二's (the template's first rows)
        first, second = (r.path[-1] for r in schema.template(report.template or "2019").table("active").rows[:2])
        body.append(f"<table><tr><td>栏目</td><td>访问量</td></tr><tr><td>{first}</td><td>{4321 + n}</td></tr>"
                    f"<tr><td>{second}</td><td>{n + 7}</td></tr></table>")
    body.append(f"<h1>{html.escape(report.meta.agency.value)}</h1>")
    body.append(f"<h2>{report.meta.year.value}年政府信息公开工作年度报告</h2>")
    for section in written_sections(report.template or "2019"):
        body.append(f"<p><strong>{section.heading}</strong></p>")
        table_id = section.table
        if table_id and report.table(table_id) is not None:
            body.append(_html_table(tables[table_id]))
        else:
            body.append("<p>本年度工作稳步推进。<br/>无。</p>")
    body.append(f'<p style="text-align:right">{html.escape(report.meta.agency.value)}</p>')
    if report.meta.published.value:
        body.append(f'<p style="text-align:right">{_date(report.meta.published.value)}</p>')
    content = "\n".join(body)
    if layout_table:
        content = f'<table width="100%"><tr><td>{content}</td></tr></table>'
    page = (f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"\n<title>年度报告</title>\n<script>var x = '<table>';</script>\n</head>\n<body>\n{content}\n"
            "<div class=\"footer\">版权所有 主办单位 电话：0631-5231363</div>\n</body>\n</html>\n")
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


def _html_table(rows: list[list[Cell]]) -> str:
    out = ['<table border="1">']
    for row in rows:
        tds = []
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            shown = html.escape(text) if text else "&nbsp;"
            if len(text) > 12 and "、" in text:  # long labels wrap with <br> on real pages
                half = len(text) // 2
                shown = html.escape(text[:half]) + "<br/>" + html.escape(text[half:])
            tds.append(f"<td{attrs}>{shown}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def to_docx(report: Report, geometry: Geometry = PLAIN) -> bytes:
    import docx

    d = docx.Document()
    tables = table_rows(report, attrs.evolve(geometry, lose=()))
    # A row that lost a cell is shorter than the others (Word keeps no empty cell for it).
    lost = _lose_cells(tables, geometry)
    d.add_paragraph(report.meta.agency.value)
    d.add_paragraph(f"{report.meta.year.value}年政府信息公开工作年度报告")
    for section in written_sections(report.template or "2019"):
        d.add_paragraph(section.heading)
        table_id = section.table
        if table_id and report.table(table_id) is not None:
            _docx_table(d, tables[table_id], lost[table_id])
        else:
            d.add_paragraph("无。")
    d.add_paragraph(report.meta.agency.value)
    if report.meta.published.value:
        d.add_paragraph(_date(report.meta.published.value))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_table(d, rows: list[list[Cell]], short: set[int] = frozenset()) -> None:  # type: ignore[no-untyped-def,assignment]
    width = max(sum(cs for _, _, cs in row) for row in rows)
    table = d.add_table(rows=len(rows), cols=width)
    taken: set[tuple[int, int]] = set()
    ends: dict[int, int] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.text = text
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
        ends[r] = c
    for r in short:  # drop the row's empty cells after its last one
        start = 0
        tr = table.rows[r]._tr
        for tc in list(tr.tc_lst):
            if start >= ends[r] and (r, start) not in taken:
                tr.remove(tc)
            start += tc.grid_span
