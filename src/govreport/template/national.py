"""The national templates' content (国办公开办函〔2019〕60号 and 〔2021〕30号) as data.

Each table's rows and columns with their labels (a row's ``path`` is its label split into the
template's nesting: group, sub-group, item), and the words a report's layout uses around them:
the table headings, the header rows, the row groups, the words that tell the two templates
apart. The builder, validator, renderers and label matcher read them here.
"""

from __future__ import annotations

import attrs

from . import wording
from .spec import (
    ACTIVE,
    APPLICATIONS,
    COLUMNS_FROM_HEADER,
    COLUMNS_FROM_HEADER_GROUPS,
    MONEY,
    REVIEW_LITIGATION,
    SIGNED,
    TEMPLATE_2019,
    TEMPLATE_2021,
    ColumnSpec,
    RowAlternative,
    RowSpec,
    TableSpec,
    TemplateSpec,
)

TABLE_TITLES = {
    ACTIVE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
}


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

# -- the words around the tables ---------------------------------------------------------------
# The report's six numbered sections, the section that holds each table and the headings that
# name them: the defaults of every template's fields (:mod:`.wording`), re-exported here.
SECTION_TITLES = wording.SECTION_TITLES
TABLE_SECTIONS = wording.TABLE_SECTIONS
TABLE_HEADINGS = wording.TABLE_HEADINGS

# Table 二: the group title over each group of rows (第二十条第(一)项 …), the first header cell
# of each group's header row, and the header words that say a label-only row belongs to table 二.
ACTIVE_GROUP_TITLES = {"regulations": "第二十条第(一)项", "licensing": "第二十条第(五)项",
                       "penalties": "第二十条第(六)项", "fees": "第二十条第(八)项", "procurement": "第二十条第(九)项"}
ACTIVE_GROUP_TITLE_START = "第二十条"
ACTIVE_HEADER_LEAD = "信息内容"
# Table 三: its header rows as the template draws them (a corner note over three rows and
# three columns, then 申请人情况 over the seven applicant columns).
APPLICATIONS_CORNER = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
# Table 四: the two groups over its fifteen columns.
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
LITIGATION_KINDS = ("未经复议直接起诉", "复议后起诉")

# Header words that say which table a label-only row belongs to.
TABLE_HEADER_WORDS = {
    ACTIVE: frozenset({ACTIVE_HEADER_LEAD, *ACTIVE_GROUP_TITLES.values(), "本年新制作数量", "本年新公开数量",
                       "对外公开总数量", "上一年项目数量", "上年项目数量", "本年增/减", "处理决定数量", "本年制发件数",
                       "本年废止件数", "现行有效件数", "本年处理决定数量", "采购项目数量"}),
    APPLICATIONS: frozenset({APPLICANTS, LEGAL_PERSONS, *(c.label for c in APPLICANT_COLUMNS[:-2])}),
    REVIEW_LITIGATION: frozenset({REVIEW, LITIGATION, *(c.label for c in REVIEW_COLUMNS[:-1]), *LITIGATION_KINDS}),
}
# Words only one template's tables use: they tell which template a report follows.
TEMPLATE_HINTS = {
    TEMPLATE_2021: ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量",
                    "申请人无正当理由逾期不补正"),
    TEMPLATE_2019: ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "上年项目数量",
                    "采购项目数量", "政府集中采购", "采购总金额"),
}
# Labels of table 三 and 四 that name a group of rows (as label keys: no enumerator, no spaces),
# and the group they open ("results": the whole of 三、本年度办理结果, no sub-group).
ROW_GROUPS = {"本年度办理结果": "results", "本年办理结果": "results", "不予公开": "denied",
              "无法提供": "unavailable", "不予处理": "not_processed", "其他处理": "other_handling",
              LITIGATION: "litigation"}
# The row a report that does not split 2021's （六） fills, and how a report labels it.
SINGLE_OTHER_HANDLING = "other_handling"

# Variant wordings seen in real reports → the template's wording (both as label keys): the
# default of every template's ``label_variants`` (:mod:`.wording`), as a mapping.
LABEL_VARIANTS: dict[str, tuple[str, ...]] = dict(wording.LABEL_VARIANT_PAIRS)


# -- each table's layout as data, and the two templates ----------------------------------------
_APPLICATIONS_GROUPS = tuple((k, "" if g == "results" else g) for k, g in ROW_GROUPS.items() if g != "litigation")
_REVIEW_GROUPS = tuple((k, g) for k, g in ROW_GROUPS.items() if g == "litigation")


def _active_layout(table: TableSpec) -> TableSpec:
    """Table 二: its header names each group's columns (in the report's order, with units);
    its corner and group titles name none."""
    return attrs.evolve(table, header_words=TABLE_HEADER_WORDS[ACTIVE], column_order=COLUMNS_FROM_HEADER,
                        header_ignored=(ACTIVE_HEADER_LEAD, ACTIVE_GROUP_TITLE_START),
                        group_titles=tuple(ACTIVE_GROUP_TITLES.items()), header_lead=ACTIVE_HEADER_LEAD)


def _applications_layout(table: TableSpec, *alternatives: RowAlternative) -> TableSpec:
    """Table 三: the template's column order under its two-level header; labels that name a
    group of rows; 2021's （六） may be printed as one row."""
    return attrs.evolve(table, header_words=TABLE_HEADER_WORDS[APPLICATIONS], row_groups=_APPLICATIONS_GROUPS,
                        alternatives=alternatives, known_by_header=True, header_note=APPLICATIONS_CORNER,
                        column_bands=(APPLICANTS, LEGAL_PERSONS))


def _review_layout(table: TableSpec) -> TableSpec:
    """Table 四: its header names the five columns once per group of rows, and the rows may
    stand side by side in one line of values."""
    return attrs.evolve(table, header_words=TABLE_HEADER_WORDS[REVIEW_LITIGATION],
                        column_order=COLUMNS_FROM_HEADER_GROUPS, row_groups=_REVIEW_GROUPS, rows_side_by_side=True,
                        known_by_header=True)


TEMPLATE_SPECS: dict[str, TemplateSpec] = {
    TEMPLATE_2019: TemplateSpec(
        TEMPLATE_2019, "国办公开办函〔2019〕60号", "2019–2020",
        (_active_layout(_ACTIVE_2019), _applications_layout(_APPLICATIONS_2019), _review_layout(_REVIEW)),
        hints=TEMPLATE_HINTS[TEMPLATE_2019], first_year=2019, last_year=2020),
    TEMPLATE_2021: TemplateSpec(
        TEMPLATE_2021, "国办公开办函〔2021〕30号", "2021 and later",
        (_active_layout(_ACTIVE_2021),
         _applications_layout(_APPLICATIONS_2021, RowAlternative(SINGLE_OTHER_HANDLING, OTHER_HANDLING_SPLIT)),
         _review_layout(_REVIEW)),
        hints=TEMPLATE_HINTS[TEMPLATE_2021], first_year=2021),
}
