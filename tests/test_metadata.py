"""Report metadata from every place real pages state it: title, header lines, page head,
signature; an agency only when it looks like the name of a body."""

import datetime
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from govreport.blocks import Paragraph
from govreport.metadata import agency_in_title, find_agency, find_published, find_year, parse_date
from govreport.template.bodies import looks_like_body


def paras(*lines):
    return [Paragraph(t, n) for n, t in enumerate(lines, 1)]


# -- the title: the agency is what stands before the year --------------------------------------

@pytest.mark.parametrize("title,agency", [
    ("平潭综合实验区2016年度政府信息公开工作年度报告", "平潭综合实验区"),
    ("临江县人民政府2011年政府信息公开工作年度报告", "临江县人民政府"),
    ("北河市生态环境局2017年政府信息公开工作报告", "北河市生态环境局"),
    ("2016年临江县人民政府政府信息公开工作年度报告", "临江县人民政府"),  # the year first
    ("2016年度政府信息公开工作报告", None),  # no body named
    ("关于做好2016年政府信息公开工作年度报告的通知", None),
])
def test_agency_in_title(title, agency):
    assert agency_in_title(title) == agency


def test_title_first_form():
    ps = paras("临江县交通运输局2015年度政府信息公开工作年度报告", "根据《条例》规定，现公布本报告。", "一、概述")
    assert find_agency(ps).value == "临江县交通运输局"
    assert find_year(ps).value == 2015
    assert find_agency(ps).span.line == 1


def test_title_broken_over_two_lines():
    ps = paras("平潭综合实验区2019年", "政府信息公开工作年度报告", "一、总体情况",
               "2019年，在省政府办公厅的指导下，我区推进公开。")
    assert (find_agency(ps).value, find_year(ps).value) == ("平潭综合实验区", 2019)


# -- crawler header lines ------------------------------------------------------------------------

HEADER = ["标题: 临江县人民政府2011年政府信息公开工作年度报告", "发布时间: 2012-04-18 00:00", "文号: ",
          "发布机构: 临江县人民政府办公室", "栏目: 政府信息公开年报", "原文链接: https://example.org/a.htm",
          "==================== 正文 ===================="]


def test_crawler_header_lines():
    ps = paras(*HEADER, "本报告由概述等五个部分组成。2011年，我县认真落实《条例》。")
    assert find_agency(ps).value == "临江县人民政府"  # the title, not the publishing office
    assert find_year(ps).value == 2011
    assert find_published(ps).value == "2012-04-18"  # no signed date: the page date


def test_issuer_header_when_the_title_names_no_body():
    lines = ["标题: 2011年政府信息公开工作年度报告", *HEADER[1:]]
    assert find_agency(paras(*lines, "正文。")).value == "临江县人民政府办公室"


def test_signed_date_on_one_line_wins_over_the_page_date():
    body = ("一、概述 2011年全县政府信息公开工作稳步开展。 四、改进措施 进一步规范公开行为。 二○一二年二月二十日 "
            "附件1：临江县2011年政府信息公开情况统计表 指标名称 计量单位")
    ps = paras(*HEADER, body)
    published = find_published(ps)
    assert published.value == "2012-02-20"
    assert published.span.line == len(HEADER) + 1


def test_date_inside_a_sentence_is_not_the_signature():
    ps = paras("临江县人民政府2011年政府信息公开工作年度报告",
               "本报告所列数据的统计期限自2011年1月1日起至2011年12月31日。截至2011年12月14日，累计办结。")
    assert find_published(ps).value is None


def test_a_date_before_the_report_year_is_no_publication_date():
    ps = paras("临江县人民政府2015年政府信息公开工作年度报告", "正文。", "临江县人民政府", "2014年3月1日")
    assert find_published(ps).value is None


# -- an HTML page: <title> and <meta> ------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="临江县财政局2019年度政府信息公开工作年度报告"/>
<meta name="PubDate" content="2020-01-06 20:04"/>
<title>临江县财政局2019年度政府信息公开工作年度报告_政府信息公开年报_临江县人民政府</title></head>
<body><div class="nav"><a>首页</a> <a>政务公开</a></div>
<p>临江县财政局2019年度</p><p>政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2019年，在市政府办公室的指导下，我局认真贯彻落实《条例》。</p>
<p>六、其他需要报告的事项</p><p>无。</p>
<div class="footer"><p>主办单位：临江县人民政府办公室</p></div>
</body></html>"""


def test_html_meta_gives_title_and_page_date():
    r = govreport.parse(PAGE.encode("utf-8"))
    assert r.format == "html"
    assert r.meta.agency.value == "临江县财政局"
    assert r.meta.year.value == 2019
    assert r.meta.published.value == "2020-01-06"  # no signature: the page's date


def test_html_title_without_meta():
    page = PAGE.replace('<meta name="ArticleTitle" content="临江县财政局2019年度政府信息公开工作年度报告"/>', "")
    r = govreport.parse(page.encode("utf-8"))
    assert r.meta.agency.value == "临江县财政局"  # <title> up to its first "_"


def test_html_signature_wins_over_the_page_date():
    page = PAGE.replace("<p>无。</p>", "<p>无。</p><p>临江县财政局</p><p>2020年1月2日</p>")
    assert govreport.parse(page.encode("utf-8")).meta.published.value == "2020-01-02"


# -- a prose paragraph never becomes the agency ----------------------------------------------------

@pytest.mark.parametrize("opening", [
    "2019年，在省政府办公厅、省公开办的指导下，我区认真贯彻落实《条例》。",
    "2019年，我区以习近平新时代中国特色社会主义思想为指导，推进政务公开。",
    "2019年，认真贯彻落实新修订的《条例》和省里的部署要求。",
])
def test_prose_paragraph_is_not_the_agency(opening):
    ps = paras("2019年政府信息公开工作年度报告", "一、总体情况", opening)
    assert find_agency(ps).value is None


def test_sentence_subject_stops_at_the_name():
    ps = paras("2020年政府信息公开工作年度报告", "2020年，天水市市场监督管理局高度重视政府信息公开工作。")
    assert find_agency(ps).value == "天水市市场监督管理局"


def test_missing_agency_is_null_with_gr110():
    r = govreport.parse("2016年度政府信息公开工作报告\n一、概述\n2016年，在各方指导下，主动公开政府信息12条。\n")
    assert r.meta.agency.value is None
    assert any(d.code == "GR110" and "agency" in d.message for d in r.diagnostics)


@pytest.mark.parametrize("text,ok", [
    ("平潭综合实验区", True), ("东川区人民政府办公室", True), ("威海火炬高技术产业开发区市场监督管理局", True),
    ("在省政府办公厅", False), ("我区以习近平新时代中国特色社会", False), ("政府", False), ("1", False),
    ("认真落实的局", False), ("区管委会、县政府公开办", False), ("不足之处", False), ("临江县档案馆", True),
    ("临江县公安局城关派出所", True),
])
def test_looks_like_body(text, ok):
    assert looks_like_body(text) is ok


@pytest.mark.parametrize("text,iso", [("2021年1月27日", "2021-01-27"), ("二〇二一年一月二十七日", "2021-01-27"),
                                      ("二○一二年二月二十日", "2012-02-20"), ("2021年2月30日", None),
                                      ("发布于2021年1月27日", None)])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


# -- linear time -----------------------------------------------------------------------------------

def _seconds(fn, arg) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def _all_fields(text: str) -> None:
    ps = [Paragraph(text, 1), Paragraph(text, 2)]
    find_year(ps), find_agency(ps), find_published(ps)


@pytest.mark.parametrize("make", [
    lambda n: "2015" + " " * (10 * n) + "年" + " " * (10 * n) + "1月",  # spaces near a date
    lambda n: "发布时间" + " " * (10 * n) + ":2015-01-01",
    lambda n: "二〇一五" * (3 * n) + "年一月",  # a long run of numerals before 年
    lambda n: "现将" + "临江县" * (3 * n) + "2015年度报告",
    lambda n: "," * (10 * n) + "信息公开报告",
], ids=["spaces-date", "spaces-header", "cn-year-run", "opening", "commas"])
def test_metadata_is_read_in_linear_time(make):
    # Three tries: the machine is shared; a quadratic reader would take 16 times as long each time.
    for _ in range(3):
        small, large = _seconds(_all_fields, make(3000)), _seconds(_all_fields, make(12000))
        if large < 8 * small + 0.02:
            return
    pytest.fail(f"4 times the input took {large / small:.1f} times as long")


# -- the family, by a generator --------------------------------------------------------------------

_NAMES = ("临江县人民政府", "北河市生态环境局", "东川区人民政府办公室", "青州市交通运输局", "平潭综合实验区",
          "临江县人民政府办公室", "北河市发展和改革委员会", "青州高新技术产业开发区管委会", "东川区政务服务中心")
_CN = "〇一二三四五六七八九"


def _cn_date(d) -> str:
    def small(n: int) -> str:
        return _CN[n] if n < 10 else ("十" if n // 10 == 1 else _CN[n // 10] + "十") + (_CN[n % 10] if n % 10 else "")
    return "".join(_CN[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


@st.composite
def stated_metadata(draw):
    name, year = draw(st.sampled_from(_NAMES)), draw(st.integers(2008, 2023))
    signed = draw(st.dates(datetime.date(year + 1, 1, 1), datetime.date(year + 1, 4, 30)))
    page = draw(st.dates(signed, datetime.date(year + 1, 6, 30)))
    date_text = draw(st.sampled_from([f"{signed.year}年{signed.month}月{signed.day}日", _cn_date(signed)]))
    title = draw(st.sampled_from([f"{name}{year}年政府信息公开工作年度报告", f"{name}{year}年度政府信息公开工作年度报告",
                                  f"{year}年{name}政府信息公开工作年度报告"]))
    body = [f"{year}年，在上级部门的指导下，我单位认真贯彻落实《条例》。", "一、概述", "无其他需要报告的事项。"]
    form = draw(st.sampled_from(["lines", "crawler", "crawler-unsigned"]))
    if form == "lines":
        lines = [title, *body, name, date_text]
    else:
        header = [f"标题: {title}", f"发布时间: {page.isoformat()} 00:00", "发布机构: ", "==== 正文 ===="]
        tail = f" {date_text} 附件1：统计表" if form == "crawler" else ""
        lines = [*header, " ".join(body) + tail]
    published = page if form == "crawler-unsigned" else signed
    return name, year, published.isoformat(), lines


@given(stated_metadata())
def test_generated_metadata_reads_back(case):
    name, year, published, lines = case
    ps = paras(*lines)
    assert (find_agency(ps).value, find_year(ps).value, find_published(ps).value) == (name, year, published)
