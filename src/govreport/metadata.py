"""Report metadata found in the prose: agency, year and the date under the signature."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from .blocks import Paragraph
from .model import MetaField, Span

_YEAR_TITLE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?:[^\d\s。,，]{0,16}?)(?:政府信息公开|政务公开|信息公开)[^。]{0,10}?报告"
)
_STAT_PERIOD = re.compile(r"统计(?:期限|时限|时间|期间|区间)[^。\d]{0,8}((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_AGENCY_SUFFIX = r"(?:委员会|办公室|办公厅|办事处|人民政府|管理局|局|委|厅|院|政府|中心|署|办|所|站|队|处|会)"
_AGENCY = re.compile(r"[\u4e00-\u9fff()（）]{2,30}?" + _AGENCY_SUFFIX + r"(?:办公室|办公厅|办事处)?")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff()（）]{3,30}" + _AGENCY_SUFFIX + r"$")
_OPENING = re.compile(r"(?:现将|现公布|现发布|特发布|现予公布|现向社会公布)\s*(?P<agency>[\u4e00-\u9fff()（）]{3,40}?)\s*"
                      r"(?:19|20)\d{2}\s*年")
_SUBJECT = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度|以来)?\s*[,，]\s*(?P<agency>" + _AGENCY.pattern + ")")
_TITLE_PREFIX = re.compile(r"^(?P<agency>[\u4e00-\u9fff()（）]{3,40}?)\s*(?:19|20)\d{2}\s*年")

_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_CN_DATE = re.compile(r"^\s*([〇零一二三四五六七八九○Ｏ0]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日\s*$")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期|公开日期|发文日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})"
                        r"\s*[-/月.]\s*(\d{1,2})")
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_small(text: str) -> int:
    """一..三十一 as an int."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def parse_date(text: str) -> str | None:
    """``2021年1月27日`` or ``二〇二一年一月二十七日`` → ``2021-01-27``; None otherwise."""
    m = _DATE.match(text)
    try:
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        m = _CN_DATE.match(text)
        if m:
            year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
            return _dt.date(year, _cn_small(m.group(2)), _cn_small(m.group(3))).isoformat()
    except (ValueError, KeyError):
        return None
    return None


def _field(value: object, p: Paragraph, column: int = 1) -> MetaField:
    return MetaField(value, p.text.strip(), Span(p.line, column))


def find_year(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The reported year: the title line, else the statistics period, else a report-title mention."""
    head = [p for p in paragraphs[:8] if p.text.strip()]
    for p in head:
        if len(p.text.strip()) <= 60:
            m = _YEAR_TITLE.search(p.text)
            if m:
                return _field(int(m.group(1)), p, m.start(1) + 1)
    for p in paragraphs[:40]:
        m = _STAT_PERIOD.search(p.text)
        if m:
            return _field(int(m.group(1)), p, m.start(1) + 1)
    for p in head:
        m = _YEAR_TITLE.search(p.text)
        if m:
            return _field(int(m.group(1)), p, m.start(1) + 1)
    return MetaField(None)


def _clean_agency(text: str) -> str | None:
    text = text.strip()
    if len(text) < 4 or not _AGENCY_LINE.match(text):
        return None
    return text


def find_agency(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The reporting body: title lines, the opening sentence, the signature, a sentence subject."""
    head = [p for p in paragraphs[:6] if p.text.strip()]
    for p in head:
        t = p.text.strip()
        if len(t) > 60:
            break
        agency = _clean_agency(t)
        if agency:
            return _field(agency, p, p.text.index(agency) + 1)
        m = _TITLE_PREFIX.match(t)
        if m and _YEAR_TITLE.search(t):
            agency = _clean_agency(m.group("agency"))
            if agency:
                return _field(agency, p, p.text.index(agency) + 1)
    for p in paragraphs[:10]:
        m = _OPENING.search(p.text)
        if m:
            agency = _clean_agency(m.group("agency"))
            if agency:
                return _field(agency, p, m.start("agency") + 1)
    tail = [p for p in paragraphs[-25:] if p.text.strip()]
    for i in range(len(tail) - 1, -1, -1):
        if parse_date(tail[i].text) and i > 0:
            agency = _clean_agency(tail[i - 1].text)
            if agency:
                return _field(agency, tail[i - 1], tail[i - 1].text.index(agency) + 1)
    for p in paragraphs[:30]:
        m = _SUBJECT.match(p.text)
        if m:
            agency = _clean_agency(m.group("agency"))
            if agency:
                return _field(agency, p, m.start("agency") + 1)
    return MetaField(None)


def find_published(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The date under the signature, else a stated publication date, else None."""
    # Saved pages end with footer junk (打印本页, 浏览次数…), so look a little further up.
    tail = [p for p in paragraphs[-25:] if p.text.strip()]
    for p in reversed(tail):
        iso = parse_date(p.text)
        if iso:
            return _field(iso, p, len(p.text) - len(p.text.lstrip()) + 1)
    for p in paragraphs:
        m = _PUBLISHED.search(p.text)
        if m:
            try:
                iso = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
            return _field(iso, p, m.start(1) + 1)
    return MetaField(None)
