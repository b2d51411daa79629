"""The words around the tables that a template has unless it declares its own.

The national templates' section titles, the headings that name each table and the label
variants real reports use. They are the defaults of the template fields
:attr:`~govreport.template.spec.TemplateSpec.section_titles`,
:attr:`~govreport.template.spec.TemplateSpec.label_variants`,
:attr:`~govreport.template.spec.TableSpec.heading` and
:attr:`~govreport.template.spec.TableSpec.section`: a registered template that declares none
of them reads and writes reports with these, one that declares its own (a province printing its
headings otherwise) with its own. This module holds data only, so that :mod:`.spec` can take its
defaults from it without importing the national templates' content.
"""

from __future__ import annotations

# The report's six numbered sections, as the national templates title them.
SECTION_TITLES: tuple[str, ...] = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                                   "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况",
                                   "其他需要报告的事项")
# The section that holds each table (by table id).
TABLE_SECTIONS: dict[str, int] = {"active": 2, "applications": 3, "review_litigation": 4}
# The headings that name the table below them: a section number and words of its title
# (regular expressions matched at the start of a paragraph).
TABLE_HEADINGS: dict[str, str] = {
    "active": r"二\s*[、.].*主动公开",
    "applications": r"三\s*[、.].*(?:收到和处理|依申请|申请情况)",
    "review_litigation": r"四\s*[、.].*(?:行政复议|行政诉讼)",
}

# Variant wordings seen in real reports → the template's wording (both as label keys).
LABEL_VARIANT_PAIRS: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((variant, (wording,)) for variant, wording in (
        ("属于国际秘密", "属于国家秘密"),
        ("上年项目数量", "上一年项目数量"),
        ("本年办理结果", "本年度办理结果"),
        ("其他对外管理服务", "其他对外管理服务事项"),
        ("对外管理服务事项", "其他对外管理服务事项"),
        ("本年新公开数", "本年新公开数量"),
        ("本年新制作数", "本年新制作数量"),
        ("结转下年度办理", "结转下年度继续办理"),
        ("上年度结转政府信息公开申请数量", "上年结转政府信息公开申请数量"),
        ("本年度新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("法人或者其他组织", "法人或其他组织"),
        ("结果改正", "结果纠正"),
        ("行政事业收费", "行政事业性收费"),
        ("集中采购", "政府集中采购"),
        ("政府采购", "政府集中采购"),
    )),
    # The 2019 template says 规范性文件, the 2021 template 行政规范性文件; reports mix them up.
    ("规范性文件", ("行政规范性文件",)),
    ("行政规范性文件", ("规范性文件",)),
)
