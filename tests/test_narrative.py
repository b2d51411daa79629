"""The narrative plugin on sentences written in the styles of pre-2019 reports."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport.blocks import Paragraph
from govreport_plugins.narrative import find_figures, parse_quantity


def figures(*sentences, year=2017, heading=None):
    paras = ([Paragraph(heading, 1)] if heading else []) + [Paragraph(s, n + 2) for n, s in enumerate(sentences)]
    return {f.key: f.value for f in find_figures(paras, year)}


CASES = [
    # (sentence, key, expected value or None)
    ("2017年，通过政府门户网站主动公开政府信息147条，其中案件办理信息49条。", "active_disclosed", 147),
    ("全年共主动公开政府信息一百二十三条。", "active_disclosed", 123),
    ("本年度主动公开各类政府信息1,204条。", "active_disclosed", 1204),
    ("2017年，收到依申请公开申请1起，目前已按时办结。", "applications_received", 1),
    ("全年共受理政府信息公开申请两件，均已按期答复。", "applications_received", 2),
    ("本年度共收到政府信息公开申请十二件。", "applications_received", 12),
    ("2017年未收到政府信息公开申请。", "applications_received", 0),
    ("本机关没有收到公民、法人或者其他组织提出的政府信息公开申请。", "applications_received", 0),
    ("因政府信息公开申请提起行政复议1件，提起行政诉讼0件。", "reviews", 1),
    ("因政府信息公开申请提起行政复议1件，提起行政诉讼0件。", "lawsuits", 0),
    ("2017年，我局没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。", "reviews", 0),
    ("2017年，我局没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。", "lawsuits", 0),
    ("因政府信息公开被申请行政复议和提起行政诉讼均为零。", "reviews", 0),
    ("本年度政府信息公开收取检索、复制等费用共计120元。", "fees", 120),
    ("因政府信息公开共收取费用0.3万元。", "fees", 3000),
    ("全年政府信息公开工作未收取任何费用。", "fees", 0),
    # traps
    ("全年共受理投诉举报2180起，处结率为95%。", "applications_received", None),  # complaints, not applications
    ("对印刷、邮寄等费用，政府信息公开原则上都予以减免。", "fees", None),  # no amount stated
    ("主动公开政府信息的比例达到98%。", "active_disclosed", None),  # a percentage
    ("2016年主动公开政府信息320条。", "active_disclosed", None),  # another year
    ("政府信息公开咨询电话：0631-5681102。", "applications_received", None),  # a phone number
    ("其中主动公开政府信息中的规范性文件49条。", "active_disclosed", None),  # a breakdown part
    ("主动公开政府信息工作始于2008年。", "active_disclosed", None),  # a year, no count
    ("本单位在政府信息公开中接待群众咨询56人次。", "applications_received", None),  # not applications
    ("2017年行政复议案件办理3件。", "reviews", None),  # reviews not about information disclosure
]


@pytest.mark.parametrize("sentence,key,expected", CASES)
def test_sentence(sentence, key, expected):
    assert figures(sentence).get(key) == expected


def test_enough_cases_and_traps():
    assert len(CASES) >= 20
    assert sum(1 for c in CASES if c[2] is None) >= 6


@pytest.mark.parametrize("text,value", [("147条", 147), ("两起", 2), ("十二条", 12), ("一百四十七条", 147),
                                        ("零", 0), ("二千零五件", 2005), ("3.5万元", 3.5), ("十件", 10)])
def test_quantity_grammar(text, value):
    assert parse_quantity(text)[0] == value


def test_every_figure_keeps_its_sentence():
    [f] = find_figures([Paragraph("前言。", 1), Paragraph("共收到政府信息公开申请3件。", 7, 3)], 2016)
    assert f.key == "applications_received" and f.value == 3
    assert f.raw == "共收到政府信息公开申请3件。" and f.span.line == 7


NARRATIVE = """2016年度政府信息公开工作报告

根据《中华人民共和国政府信息公开条例》，现将临江县自然资源局2016年度政府信息公开工作报告如下：
一、概述
2016年，我局认真落实政府信息公开各项要求。全年共受理投诉举报312起。
二、主动公开政府信息情况
2016年，主动公开政府信息86条，其中政策文件12条。
三、政府信息公开申请的办理情况
2016年，收到政府信息公开申请3件，均已按时答复。
四、因政府信息公开申请提起行政复议、行政诉讼情况
2016年，未发生因政府信息公开申请提起行政复议、行政诉讼的情况。

                              临江县自然资源局
                                2017年2月20日
"""


def test_whole_report_is_chosen_by_sniffing_and_read():
    r = govreport.parse(NARRATIVE)
    assert r.format == "narrative" and r.template == "legacy"
    assert r.meta.values() == {"agency": "临江县自然资源局", "year": 2016, "published": "2017-02-20",
                               "template": "legacy", "script": "hans"}
    assert r.legacy_values() == {"active_disclosed": 86, "applications_received": 3, "reviews": 0,
                                 "lawsuits": 0, "fees": None}
    records = [x for x in r.to_records() if x["table"] == "legacy"]
    assert len(records) == 5 and {x["row"] for x in records if x["value"] is None} == {"fees"}


def test_not_chosen_for_table_reports(fixture_text):
    from govreport.normalize import normalize
    from govreport.registry import default_registry

    for name in ("pipe_hant_2019.txt", "tsv_shift_2019.txt", "docx_2021_split.txt"):
        scores = {i.name: s for s, i in default_registry().scores(normalize(fixture_text(name)).text)}
        assert scores["narrative"] < 0.2


def _has_tables_line_by_line(text: str) -> bool:
    rows = [ln for ln in text.split("\n") if ln.count("|") >= 2 or ln.count("\t") >= 2 or ln.startswith("\t")]
    return len(rows) >= 5


@given(st.text(alphabet="ab|\t\n \r", max_size=80))
def test_table_detection_in_the_narrative_sniffer_matches_a_line_by_line_count(text):
    from govreport_plugins.narrative import _has_tables

    assert _has_tables(text) == _has_tables_line_by_line(text)
