"""The narrative plugin on sentences written in the styles of pre-2019 reports."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport.blocks import Paragraph
from govreport_plugins.narrative_figures import find_figures, parse_quantity, read_figures


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


# -- the kinds of sentences real legacy reports hold (written for these tests) ------------------

SECTION_4 = "四、因政府信息公开申请提起行政复议、行政诉讼情况"

KINDS = [
    # the sentence about the report's parts: a number spelled for parts is no figure
    ("本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、行政复议和行政诉讼情况、存在的问题及改进措施共五个部分组成。",
     "active_disclosed", None),
    ("本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、行政复议和行政诉讼情况、存在的问题及改进措施共五个部分组成。",
     "reviews", None),
    ("本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、行政复议和行政诉讼情况、存在的问题及改进措施共五个部分组成。",
     "lawsuits", None),
    ("报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。", "applications_received", None),
    # sub-totals after the total, before it, and parts alone
    ("全年主动公开政府信息1500条，其中通过门户网站公开1200条，通过政府公报公开300条。", "active_disclosed", 1500),
    ("通过门户网站主动公开政府信息1200条；通过政府公报主动公开政府信息300条；全年共主动公开政府信息1500条。",
     "active_disclosed", 1500),
    ("2017年主动公开政府信息820条。其中，县直各单位主动公开政府信息610条，各乡镇主动公开政府信息210条。",
     "active_disclosed", 820),
    ("其中，各乡镇主动公开政府信息260条，占17.3%。", "active_disclosed", None),
    ("2017年，县政府办公室主动公开政府信息96条，全县共主动公开政府信息1320条。", "active_disclosed", 1320),
    ("主动公开政府信息147条（其中规范性文件12条）。", "active_disclosed", 147),
    ("主动公开政府信息425条，占制作政府信息总数的22.7%。", "active_disclosed", 425),
    # section and article numbers, dates, phone numbers, percentages
    ("根据《条例》第二十条的规定，主动公开政府信息。", "active_disclosed", None),
    ("依照《条例》第十三条，受理政府信息公开申请。", "applications_received", None),
    ("本报告所列数据的统计期限自2017年1月1日起至2017年12月31日止。", "applications_received", None),
    ("如对本报告有任何疑问，请与县政府办公室联系（电话：0591-24336243）。", "applications_received", None),
    ("政府信息公开咨询电话24336243，全年接听咨询电话120次。", "applications_received", None),
    ("主动公开政府信息占制作政府信息总数的78.5%。", "active_disclosed", None),
    ("截至2017年底，累计主动公开政府信息4359条。", "active_disclosed", None),
    ("2008年以来，主动公开政府信息4359条。", "active_disclosed", None),
    ("与2016年相比，2017年主动公开政府信息820条。", "active_disclosed", 820),
    ("2017年共收到政府信息公开申请25件，比上年增加8件。", "applications_received", 25),
    ("受理政府信息公开申请比上年增加8件。", "applications_received", None),
    # negative statements
    ("全年未收到政府信息公开申请。", "applications_received", 0),
    ("没有发生因政府信息公开申请提起行政复议的情况。", "reviews", 0),
    ("本年度无因政府信息公开引起的行政诉讼。", "lawsuits", 0),
    ("2017年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。", "reviews", 0),
    ("2017年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。", "applications_received", 0),
    ("2017年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。", "lawsuits", None),
    # fees waived without an amount, spending that is not a fee, fees stated
    ("对申请人提出的政府信息公开申请，依法免收检索费用。", "fees", None),
    ("依申请提供政府信息的收费均予以减免。", "fees", None),
    ("县财政安排政府信息公开工作专项经费1万元。", "fees", None),
    ("全年投入政府信息公开平台建设资金3.5万元，未向申请人收取任何费用。", "fees", 0),
    ("依申请公开政府信息收费标准为每页0.5元。", "fees", None),
    ("对复制政府信息的，收取工本费0.5元/页。", "fees", None),
    ("2017年，县政府主动公开政府信息1200条。", "active_disclosed", 1200),
    ("2017年，县政府办主动公开政府信息96条。", "active_disclosed", None),
    ("本年度因提供政府信息收取复制费、邮寄费共计56元。", "fees", 56),
    # Word residue left in a crawler's copy
    ("<!--[if !supportLists]-->7、<!--[endif]-->全年主动公开政府信息1,204条。", "active_disclosed", 1204),
    # complaints, visits and decisions are not disclosure figures
    ("全年受理群众投诉举报1523件，政府信息公开工作有序开展。", "applications_received", None),
    ("政府信息公开专栏访问量达11460人次。", "applications_received", None),
    # Chinese numerals: well formed, or no figure at all
    ("因政府信息公开申请引起的行政复议一件，行政诉讼两件。", "reviews", 1),
    ("因政府信息公开申请引起的行政复议一件，行政诉讼两件。", "lawsuits", 2),
    ("主动公开政府信息一〇五条。", "active_disclosed", 105),
    ("主动公开政府信息一百零五条。", "active_disclosed", 105),
    ("主动公开政府信息十十条。", "active_disclosed", None),
    ("主动公开政府信息12,3456条。", "active_disclosed", None),
    ("收到政府信息公开申请-3件。", "applications_received", None),
]

WITH_HEADING = [
    ("共收到行政复议申请2件，均已审结。", "reviews", 2),
    ("行政复议、行政诉讼均为0。", "reviews", 0),
    ("行政复议、行政诉讼均为0。", "lawsuits", 0),
    ("公开行政复议决定书15份。", "reviews", None),
]


@pytest.mark.parametrize("sentence,key,expected", KINDS)
def test_kinds_of_real_sentences(sentence, key, expected):
    assert figures(sentence).get(key) == expected


@pytest.mark.parametrize("sentence,key,expected", WITH_HEADING)
def test_sentences_under_the_review_heading(sentence, key, expected):
    assert figures(sentence, heading=SECTION_4).get(key) == expected
    if expected:  # without the heading the sentence is not about disclosure
        assert figures(sentence).get(key) is None


def test_enough_sentences_of_each_kind():
    assert len(KINDS) + len(WITH_HEADING) >= 30
    assert sum(1 for c in KINDS if c[2] is None) >= 15


def test_two_clauses_that_disagree_give_null_and_name_both():
    paras = [Paragraph("2017年主动公开政府信息820条。", 1), Paragraph("本年度主动公开政府信息830条。", 2)]
    reading = read_figures(paras, 2017)
    [fig] = reading.figures
    assert fig.key == "active_disclosed" and fig.value is None
    [d] = [d for d in reading.diagnostics if d.code == "GR120"]
    assert "820" in d.message and "830" in d.message and d.cells == ("legacy.active_disclosed",)


@pytest.mark.parametrize("text,value", [("一〇五件", 105), ("二〇一九", 2019), ("一百一十条", 110), ("三万二千条", 32000),
                                        ("两千零一十件", 2010), ("1,204条", 1204), ("一万元", 1)])
def test_well_formed_numerals(text, value):
    assert parse_quantity(text)[0] == value


@pytest.mark.parametrize("text", ["十十", "12,3456条", "一百五", "〇五", "万", "五十十"])
def test_ill_formed_numerals_are_refused(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


# -- a crawler's copy: header lines, the article on one line, the statistics table at the end -----

CRAWLED = (
    "标题: 临江县人民政府2015年政府信息公开工作年度报告\n"
    "发布时间: 2016-04-11 00:00\n"
    "发布机构: 临江县人民政府办公室\n"
    "==================== 正文 ====================\n"
    "本报告由概述、主动公开政府信息情况、政府信息依申请公开情况、存在的主要问题及改进情况、政府信息公开情况统计表共五个部分组成。"
    "本报告所列数据的统计期限自2015年1月1日起至2015年12月31日。如有疑问请联系（电话：24336240）。 "
    "一、概述 2015年，县政府办公室多次召开会议部署政府信息公开工作。 "
    "二、主动公开政府信息情况 （一）主动公开政府信息的数量 "
    "2015年制作政府信息总数980条，其中主动公开政府信息312条，不予公开信息数40。各乡镇主动公开政府信息102条，占32.7%。"
    "在互联网上，2015年县政府公开办主动公开信息数为58条。 "
    "三、政府信息依申请公开情况 2015年全县未收到有关政府信息公开的申请。"
    " 四、存在的主要问题及改进情况 1、加强培训。2、规范公开行为。 二〇一六年二月二十日 "
    "附件1：临江县2015年政府信息公开情况统计表 指标名称 计量单位 2015年度 历年累计 主动公开信息数 条 312 1516 "
    "其中：1.网站公开 条 300 1500 2.政府公报公开 条 12 16 受理依申请公开信息总数 条 0 0 行政复议数 件 0 0 "
    "行政诉讼数 件 0 0 附件下载"
)


def test_a_report_on_one_line_reads_like_a_report_on_many():
    r = govreport.parse(CRAWLED)
    assert r.format == "narrative" and r.template == "legacy"
    assert r.legacy_values() == {"active_disclosed": 312, "applications_received": 0, "reviews": 0,
                                 "lawsuits": 0, "fees": None}
    assert r.meta.values() == {"agency": "临江县人民政府", "year": 2015, "published": "2016-02-20",
                               "template": "legacy", "script": "hans"}
    lawsuits = next(f for f in r.legacy if f.key == "lawsuits")
    assert lawsuits.raw == "行政诉讼数 件 0 0"  # from the table: the prose does not say
    assert lawsuits.raw in CRAWLED


def test_statistics_table_cells_run_together_are_not_guessed():
    glued = CRAWLED.replace("主动公开信息数 条 312 1516", "主动公开信息数条3121516").replace(
        "行政诉讼数 件 0 0", "行政诉讼数件00")
    r = govreport.parse(glued)
    assert r.value("legacy.active_disclosed") == 312  # the prose
    assert r.value("legacy.lawsuits") == 0  # "00" splits one way only
    assert any(d.code == "GR122" and "3121516" in d.message for d in r.diagnostics)


def test_prose_and_table_that_disagree_say_so():
    r = govreport.parse(CRAWLED.replace("主动公开信息数 条 312 1516", "主动公开信息数 条 298 1516"))
    assert r.value("legacy.active_disclosed") == 312
    [d] = [d for d in r.diagnostics if d.code == "GR121"]
    assert "312" in d.message and "298" in d.message


def test_prose_only_report_of_a_later_year_is_not_legacy():
    text = ("平潭县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n2020年，本机关主动公开政府信息86条，"
            "收到政府信息公开申请3件。\n二、存在的主要问题及改进情况\n进一步加强培训。\n")
    r = govreport.parse(text)
    assert r.template == "2019" and r.legacy == ()
    assert sum(d.code == "GR103" for d in r.diagnostics) == 3


# -- linear time on hostile input --------------------------------------------------------------

def _seconds(fn, arg) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def _grows_linearly(make, fn, n: int) -> bool:
    """Work on input of size 4n takes well under the 16 times a quadratic reader would."""
    # Three tries: the machine is shared, and one slow run of the small input is noise, not growth.
    for _ in range(3):
        small, large = _seconds(fn, make(n)), _seconds(fn, make(4 * n))
        if large < 8 * small + 0.02:
            return True
    return False


def _read(text: str) -> None:
    read_figures([Paragraph(text, 1)], 2015)


@pytest.mark.parametrize("make", [
    lambda n: "主动公开政府信息" + "一二三四五六七八九十" * n + "。",  # a long run of Chinese numerals
    lambda n: "主动公开政府信息" + "1234567890" * n,  # a long run of digits with no measure
    lambda n: "收费" + " " * (10 * n) + "为0。",  # spaces near a fee
    lambda n: "收到申请" + "," * (10 * n) + "3件",  # commas
    lambda n: "主动公开" + "、" * (10 * n) + "五个部分",
    lambda n: "主动公开政府信息1条" * n,  # many subjects and counts in one clause
    lambda n: "共" * (10 * n) + "主动公开政府信息3条",  # a long run before the subject
    lambda n: "未" * (10 * n) + "收到政府信息公开申请",
    lambda n: "主动公开政府信息" + "1" * (10 * n) + "条",  # digits no count has
    lambda n: "本年度主动公开政府信息5条。统计表 指标名称 计量单位 2015年度 历年累计 主动公开信息数 条 " + "7" * (10 * n),
], ids=["cn-numerals", "digits", "spaces-fee", "commas", "list", "mentions", "prefix", "negation", "long-count",
        "table-run"])
def test_figures_are_read_in_linear_time(make):
    assert _grows_linearly(make, _read, 3000)


def test_a_long_run_of_digits_is_no_figure():
    assert figures("主动公开政府信息" + "1" * 50_000 + "条。") == {}
    assert figures("主动公开政府信息" + "一" * 50_000 + "条。") == {}
    table = "本年度主动公开政府信息5条。统计表 指标名称 计量单位 2017年度 历年累计 行政复议数 件 " + "7" * 50_000
    assert figures(table) == {"active_disclosed": 5}


def test_a_long_prose_report_of_numerals_parses():
    numerals = "一二三四五六七八九十" * 1000
    text = "临江县人民政府2015年政府信息公开工作年度报告\n" + f"主动公开政府信息{numerals}。\n" * 10
    r = govreport.parse(text)
    assert r.template == "legacy" and r.value("legacy.active_disclosed") is None


# -- families, by generators -------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """A reference writer of Chinese numerals below 10^8 in the standard form (一百零五, 三万零二十)."""
    if n == 0:
        return "零"

    def section(v: int, inner: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = v // unit % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            if unit == 10 and d == 1 and not out and not inner:
                out += "十"  # 十二, not 一十二, at the start of a number
            else:
                out += _CN_DIGITS[d] + name
        return out

    high, low = divmod(n, 10000)
    if not high:
        return section(low, inner=False)
    text = section(high, inner=False) + "万"
    if low:
        text += ("零" if low < 1000 else "") + section(low, inner=True)
    return text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_every_chinese_numeral_reads_back(n):
    assert parse_quantity(_chinese(n) + "条") == (n, "条")


@given(st.integers(min_value=1, max_value=10**12))
def test_digits_read_one_by_one_are_the_positional_number(n):
    assert parse_quantity("".join("〇一二三四五六七八九"[int(d)] for d in str(n)))[0] == n


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=0, max_value=99_999))
def test_a_statistics_row_run_together_is_read_right_or_not_at_all(year_count, cumulative):
    from govreport_plugins.narrative_figures import _split_run

    low, high = sorted((year_count, cumulative))
    split = _split_run(f"{low}{high}", ["year", "cumulative"])
    assert split is None or split == [low, high]


_PARTS_SENTENCES = ("本报告由概述、主动公开政府信息情况、政府信息依申请公开情况、"
                    "因政府信息公开申请提起行政复议和行政诉讼情况、"
                    "存在的主要问题及改进措施共{k}个部分组成。")
_DISTRACTORS = (
    lambda d: _PARTS_SENTENCES.format(k=_chinese(d(st.integers(3, 9)))),
    lambda d: f"如对本报告有任何疑问，请与县政府办公室联系（电话：{d(st.integers(20000000, 29999999))}）。",
    lambda d: f"主动公开政府信息占制作政府信息总数的{d(st.integers(1, 99))}.{d(st.integers(0, 9))}%。",
    lambda d: f"全年受理投诉举报{d(st.integers(1, 5000))}起，处结率为{d(st.integers(50, 100))}%。",
    lambda d: f"县财政安排政府信息公开工作专项经费{d(st.integers(1, 50))}万元。",
    lambda d: f"依照《条例》第{_chinese(d(st.integers(2, 40)))}条，受理政府信息公开申请。",
    lambda d: f"政府信息公开专栏访问量达{d(st.integers(100, 90000))}人次。",
    lambda d: f"目前已汇集了{d(st.integers(2, 90))}个单位的主动公开的政府信息。",
    lambda d: f"截至12月{d(st.integers(1, 31))}日，累计主动公开政府信息{d(st.integers(1, 90000))}条。",
    lambda d: f"在互联网上，县政府公开办主动公开信息数为{d(st.integers(1, 900))}条。",
    lambda d: f"全年受理行政许可申请{d(st.integers(1, 9000))}件，办结率100%。",
    lambda d: f"收到人大代表建议和政协委员提案{d(st.integers(1, 90))}件。",
    lambda d: f"受理群众来电来信{d(st.integers(1, 900))}件。",
    lambda d: f"全年政府信息公开工作经费支出{d(st.integers(1, 90))}万元。",
    lambda d: f"对{d(st.integers(2, 90))}名困难群众免收检索费用。",
    lambda d: f"公开行政复议决定书{d(st.integers(1, 90))}份。",
    lambda d: f"其他单位中，县教育局主动公开政府信息{d(st.integers(1, 900))}条。",
    lambda d: f"{d(st.integers(1990, 2007))}年以来，主动公开政府信息{d(st.integers(1, 900))}条。",
)


@st.composite
def legacy_reports(draw):
    """A legacy report in the styles real ones use: each figure stated (or not) in one of its
    wordings, parts and shares around the totals, distractors anywhere, on lines or on one line."""
    year = draw(st.integers(2008, 2018))
    count = st.integers(0, 5000)
    values = {k: draw(st.none() | count) for k in ("active_disclosed", "applications_received", "reviews",
                                                    "lawsuits", "fees")}
    sections: dict[str, list[str]] = {
        "一、概述": [f"{year}年，本机关认真贯彻落实《条例》。"], "二、主动公开政府信息情况": [],
        "三、政府信息公开申请的办理情况": [], "四、因政府信息公开申请提起行政复议、行政诉讼情况": [],
        "五、政府信息公开的收费情况": []}
    def written(v: int) -> str:  # a count as reports write it
        return draw(st.sampled_from([str(v), f"{v:,}", _chinese(v), f" {v} "]))

    a = values["active_disclosed"]
    if a is not None:
        lead = draw(st.sampled_from(["", "全年共", "本机关", "，通过政府门户网站", "，县政府"]))
        part = draw(st.integers(0, a))
        text = draw(st.sampled_from([
            f"{year}年{lead}主动公开政府信息{written(a)}条",
            f"{year}年{lead}主动公开政府信息{written(a)}条，其中县直各单位主动公开政府信息{part}条，"
            f"占{draw(st.integers(1, 99))}%",
            f"{year}年主动公开政府信息{written(a)}条（其中规范性文件{part}条）",
            f"通过门户网站主动公开政府信息{part}条；通过政府公报主动公开政府信息{a - part}条；"
            f"全年共主动公开政府信息{written(a)}条",
        ]))
        sections["二、主动公开政府信息情况"].append(text + "。")
        if draw(st.booleans()):  # a part in a sentence of its own
            sections["二、主动公开政府信息情况"].append(
                f"各乡镇主动公开政府信息{draw(count)}条，占{draw(st.integers(1, 99))}%。")
    n = values["applications_received"]
    if n is not None:
        sections["三、政府信息公开申请的办理情况"].append(
            f"{year}年未收到政府信息公开申请。" if n == 0 else draw(st.sampled_from([
                f"{year}年共收到政府信息公开申请{written(n)}件，均已按时答复。",
                f"全年共受理政府信息公开申请{written(n)}件，比上年增加{draw(count)}件。",
                f"{year}年，本机关收到依申请公开申请{written(n)}件。"])))
    r, lw = values["reviews"], values["lawsuits"]
    if r == 0 and lw == 0:
        sections["四、因政府信息公开申请提起行政复议、行政诉讼情况"].append("未发生因政府信息公开申请提起行政复议、行政诉讼的情况。")
    else:
        said = [f"因政府信息公开申请提起行政复议{r}件" if r is not None else "",
                f"提起行政诉讼{lw}件" if lw is not None else ""]
        if any(said):
            sections["四、因政府信息公开申请提起行政复议、行政诉讼情况"].append("，".join(x for x in said if x) + "。")
    f = values["fees"]
    if f is not None:
        sections["五、政府信息公开的收费情况"].append(
            "全年未收取任何费用。" if f == 0 else draw(st.sampled_from([
                f"因政府信息公开收取检索、复制费用{f}元。", f"全年共收取政府信息公开费用{f / 10000:.4f}万元。"])))
    for _ in range(draw(st.integers(0, 4))):
        heading = draw(st.sampled_from(sorted(sections)))
        where = draw(st.integers(0, len(sections[heading])))
        sections[heading].insert(where, draw(st.sampled_from(_DISTRACTORS))(draw))
    lines = [f"临江县人民政府{year}年政府信息公开工作年度报告"]
    for heading, body in sections.items():
        lines += [heading, *body]
    joiner = draw(st.sampled_from(["\n", " ", ""]))  # lines, or a crawler's copy on one line
    return year, values, joiner.join(lines)


@given(legacy_reports())
def test_generated_legacy_reports_give_their_figures_or_null(case):
    year, values, text = case
    paras = [Paragraph(t, n) for n, t in enumerate(text.split("\n"), 1) if t.strip()]
    got = {f.key: f.value for f in read_figures(paras, year).figures}
    for key, value in values.items():
        assert got.get(key) == value, (key, text)


@pytest.mark.parametrize("header,value", [
    ("指标名称 计量单位 本年度 历年累计", 4),  # the year's column named 本年度
    ("指标名称 计量单位 历年累计 2017年度", 9),  # the year's column second
    ("指标名称 计量单位 2016年度 历年累计", None),  # a table of another year
    ("指标名称 计量单位", None),  # no column says which is the year's
])
def test_statistics_table_columns_come_from_its_header(header, value):
    text = f"2017年度政府信息公开工作报告。 附件：统计表 {header} 行政复议数 件 4 9 行政诉讼数 件 0 0"
    assert figures(text).get("reviews") == value


@pytest.mark.parametrize("words,template", [
    ("规章本年制发件数为零，现行有效件数12件。", "2021"),  # the 2021 template's column words
    ("规范性文件本年新制作数量3件，对外公开总数量9件。", "2019"),  # the 2019 template's
])
def test_a_prose_only_report_without_a_year_in_a_templates_words_is_not_legacy(words, template):
    # Its tables were lost: the template is told by its own words, and the tables are missing.
    text = (f"某县交通运输局政府信息公开工作年度报告\n一、总体情况\n{words}\n"
            "二、主动公开政府信息情况\n主动公开政府信息20条。\n")
    report = govreport.parse(text, format="narrative")
    assert report.template == template
    codes = [d.code for d in report.diagnostics]
    assert "GR111" in codes and codes.count("GR103") == 3
    assert report.legacy == ()


def test_a_prose_only_report_without_a_year_or_template_words_stays_legacy():
    text = "某县交通运输局政府信息公开工作年度报告\n一、概述\n主动公开政府信息20条。\n"
    report = govreport.parse(text, format="narrative")
    assert report.template == "legacy"
