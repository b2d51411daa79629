"""The data contract: every template, table, row and column with its identifier and label.

Identifiers are public API (``applications.denied.state_secret.natural_person``). The labels
are the national templates' own wording (国办公开办函〔2019〕60号 and 〔2021〕30号); a row's
``path`` is its label split into the template's nesting (group, sub-group, item).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .errors import SchemaError

TEMPLATE_2019 = "2019"
TEMPLATE_2021 = "2021"
TEMPLATE_LEGACY = "legacy"
TEMPLATES = (TEMPLATE_2019, TEMPLATE_2021, TEMPLATE_LEGACY)
TABLE_TEMPLATES = (TEMPLATE_2019, TEMPLATE_2021)

ACTIVE = "active"
APPLICATIONS = "applications"
REVIEW_LITIGATION = "review_litigation"
TABLES = (ACTIVE, APPLICATIONS, REVIEW_LITIGATION)

TABLE_TITLES = {
    ACTIVE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
}

COUNT = "count"  # a non-negative integer
SIGNED = "signed"  # an integer that keeps its sign (本年增/减)
MONEY = "money"  # a decimal amount, reported in yuan

META_KEYS = ("agency", "year", "published", "template", "script")
LEGACY_KEYS = ("active_disclosed", "applications_received", "reviews", "lawsuits", "fees")
LEGACY_LABELS = {
    "active_disclosed": "主动公开政府信息",
    "applications_received": "收到政府信息公开申请",
    "reviews": "因政府信息公开申请提起的行政复议",
    "lawsuits": "因政府信息公开申请提起的行政诉讼",
    "fees": "收取的费用（元）",
}


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


@attrs.frozen
class TableSpec:
    """One of the three tables of a template."""

    id: str
    title: str
    rows: tuple[RowSpec, ...]

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise SchemaError(f"table {self.id!r} has no row {row_id!r}",
                          expected=", ".join(r.id for r in self.rows))


@attrs.frozen
class TemplateSpec:
    """A national template: its id, the document that set it, and its tables."""

    id: str
    name: str
    years: str
    tables: tuple[TableSpec, ...]

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise SchemaError(f"template {self.id!r} has no table {table_id!r}", expected=", ".join(TABLES))


def _cols(*pairs: tuple[str, str] | tuple[str, str, str] | tuple[str, str, str, str]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(*p) for p in pairs)


_NEW_2019 = _cols(("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                  ("total_published", "对外公开总数量"))
_ITEMS_2019 = _cols(("prev_items", "上一年项目数量"), ("change", "本年增/减", SIGNED),
                    ("decisions", "处理决定数量"))
_DOCS_2021 = _cols(("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
_DECISIONS_2021 = _cols(("decisions", "本年处理决定数量"))

_ACTIVE_2019 = TableSpec(ACTIVE, TABLE_TITLES[ACTIVE], (
    RowSpec("regulations", ("规章",), _NEW_2019),
    RowSpec("normative_documents", ("规范性文件",), _NEW_2019),
    RowSpec("licensing", ("行政许可",), _ITEMS_2019),
    RowSpec("other_services", ("其他对外管理服务事项",), _ITEMS_2019),
    RowSpec("penalties", ("行政处罚",), _ITEMS_2019),
    RowSpec("enforcement", ("行政强制",), _ITEMS_2019),
    RowSpec("fees", ("行政事业性收费",), _ITEMS_2019[:2]),
    RowSpec("procurement", ("政府集中采购",), _cols(("items", "采购项目数量"), ("amount", "采购总金额", MONEY))),
))
_ACTIVE_2021 = TableSpec(ACTIVE, TABLE_TITLES[ACTIVE], (
    RowSpec("regulations", ("规章",), _DOCS_2021),
    RowSpec("normative_documents", ("行政规范性文件",), _DOCS_2021),
    RowSpec("licensing", ("行政许可",), _DECISIONS_2021),
    RowSpec("penalties", ("行政处罚",), _DECISIONS_2021),
    RowSpec("enforcement", ("行政强制",), _DECISIONS_2021),
    RowSpec("fees", ("行政事业性收费",), _cols(("amount", "本年收费金额（单位：万元）", MONEY, "万元"))),
))

APPLICANT_COLUMNS = _cols(
    ("natural_person", "自然人"), ("commercial_enterprise", "商业企业"), ("research_institution", "科研机构"),
    ("public_interest_org", "社会公益组织"), ("legal_service_agency", "法律服务机构"), ("other_org", "其他"),
    ("total", "总计"),
)
RESULTS = "三、本年度办理结果"
DENIED = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER_HANDLING = "（六）其他处理"


def _app(row_id: str, *path: str) -> RowSpec:
    return RowSpec(row_id, path, APPLICANT_COLUMNS)


_APPS_HEAD = (
    _app("new_received", "一、本年新收政府信息公开申请数量"),
    _app("carried_over", "二、上年结转政府信息公开申请数量"),
    _app("granted", RESULTS, "（一）予以公开"),
    _app("partially_granted", RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _app("denied.state_secret", RESULTS, DENIED, "1.属于国家秘密"),
    _app("denied.prohibited_by_law", RESULTS, DENIED, "2.其他法律行政法规禁止公开"),
    _app("denied.endangers_security", RESULTS, DENIED, "3.危及“三安全一稳定”"),
    _app("denied.third_party_rights", RESULTS, DENIED, "4.保护第三方合法权益"),
    _app("denied.internal_affairs", RESULTS, DENIED, "5.属于三类内部事务信息"),
    _app("denied.process_information", RESULTS, DENIED, "6.属于四类过程性信息"),
    _app("denied.law_enforcement_files", RESULTS, DENIED, "7.属于行政执法案卷"),
    _app("denied.administrative_inquiry", RESULTS, DENIED, "8.属于行政查询事项"),
    _app("unavailable.not_held", RESULTS, UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    _app("unavailable.needs_creation", RESULTS, UNAVAILABLE, "2.没有现成信息需要另行制作"),
    _app("unavailable.unclear_after_correction", RESULTS, UNAVAILABLE, "3.补正后申请内容仍不明确"),
    _app("not_processed.petition", RESULTS, NOT_PROCESSED, "1.信访举报投诉类申请"),
    _app("not_processed.duplicate", RESULTS, NOT_PROCESSED, "2.重复申请"),
    _app("not_processed.publication", RESULTS, NOT_PROCESSED, "3.要求提供公开出版物"),
    _app("not_processed.excessive", RESULTS, NOT_PROCESSED, "4.无正当理由大量反复申请"),
    _app("not_processed.confirmation", RESULTS, NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
)
_APPS_TAIL = (
    _app("total_handled", RESULTS, "（七）总计"),
    _app("carried_forward", "四、结转下年度继续办理"),
)
_APPLICATIONS_2019 = TableSpec(APPLICATIONS, TABLE_TITLES[APPLICATIONS], (
    *_APPS_HEAD, _app("other_handling", RESULTS, OTHER_HANDLING), *_APPS_TAIL,
))
OTHER_HANDLING_SPLIT = ("other_handling.no_correction", "other_handling.unpaid_fee", "other_handling.other")
_APPLICATIONS_2021 = TableSpec(APPLICATIONS, TABLE_TITLES[APPLICATIONS], (
    *_APPS_HEAD,
    _app("other_handling.no_correction", RESULTS, OTHER_HANDLING,
         "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    _app("other_handling.unpaid_fee", RESULTS, OTHER_HANDLING,
         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    _app("other_handling.other", RESULTS, OTHER_HANDLING, "3.其他"),
    *_APPS_TAIL,
    # Reports that keep （六） as one row (e.g. the first 2021 reports) fill this one instead.
    _app("other_handling", RESULTS, "（六）其他处理（未分项时）"),
))

REVIEW_COLUMNS = _cols(("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                       ("pending", "尚未审结"), ("total", "总计"))
_REVIEW = TableSpec(REVIEW_LITIGATION, TABLE_TITLES[REVIEW_LITIGATION], (
    RowSpec("review", ("行政复议",), REVIEW_COLUMNS),
    RowSpec("litigation_direct", ("行政诉讼", "未经复议直接起诉"), REVIEW_COLUMNS),
    RowSpec("litigation_after_review", ("行政诉讼", "复议后起诉"), REVIEW_COLUMNS),
))

TEMPLATE_SPECS: dict[str, TemplateSpec] = {
    TEMPLATE_2019: TemplateSpec(TEMPLATE_2019, "国办公开办函〔2019〕60号", "2019–2020",
                                (_ACTIVE_2019, _APPLICATIONS_2019, _REVIEW)),
    TEMPLATE_2021: TemplateSpec(TEMPLATE_2021, "国办公开办函〔2021〕30号", "2021 and later",
                                (_ACTIVE_2021, _APPLICATIONS_2021, _REVIEW)),
}


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
