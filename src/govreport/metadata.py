"""Report metadata: agency, year and publication date, from every place real pages state them.

Where a report says who made it and when, in order of trust:

* **the title** (``平潭综合实验区2016年度政府信息公开工作年度报告``): the agency is what stands
  before the year (or, in ``2016年平潭县人民政府政府信息公开…``, between the year and the subject);
  the title is a short line near the top, a crawler's ``标题:`` header line, or the title of an
  HTML page (the HTML plugin gives its ``<title>``/``<meta>`` as the same header lines);
* **header lines** a crawler or a page writes above the article: ``发布机构:``, ``发布时间:``;
* **the signature block** at the end: the body's name and the signed date
  (``二○一二年二月二十日``), on lines of their own or, in a copy with the article on one line,
  standing alone between sentences;
* the opening sentence (``现将临江县自然资源局2016年度…报告如下``), or a sentence that opens
  with the year and has the body as its subject (``2020年，临江县自然资源局坚持…``).

An agency must look like the name of a body (:func:`govreport.template.bodies.looks_like_body`):
a fragment of prose is never the agency, it is null (the builder adds GR110). ``published`` is
the signed date at the end, else the date the page states; a date before the report's year is
no publication date.

Every pattern here is linear in the length of the text: whitespace runs are bounded, and the
digit runs of dates may only start where a run starts.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

import attrs

from .blocks import Paragraph
from .model import MetaField, Span
from .template.bodies import AGENCY_ENDINGS, looks_like_body

_YEAR_TITLE = re.compile(
    r"((?:19|20)[0-9]{2})[ ]{0,2}年[ ]{0,2}度?[ ]{0,2}(?:[^0-9\s。,，]{0,16}?)(?:政府信息公开|政务公开|信息公开)"
    r"[^。]{0,10}?报告"
)
_STAT_PERIOD = re.compile(r"统计(?:期限|时限|时间|期间|区间)[^。0-9]{0,8}((?:19|20)[0-9]{2})[ ]{0,2}年[ ]{0,2}1[ ]{0,2}月"
                          r"[ ]{0,2}1[ ]{0,2}日")
_OPENING = re.compile(r"(?:现将|现公布|现发布|特发布|现予公布|现向社会公布)[ ]{0,2}(?P<agency>[\u4e00-\u9fff()（）]{3,40}?)"
                      r"[ ]{0,2}(?:19|20)[0-9]{2}[ ]{0,2}年")
# A sentence that opens with the year and names the body as its subject: 2020年，临江县自然资源局坚持…
_SUBJECT = re.compile(r"^\s{0,4}(?:19|20)[0-9]{2}[ ]{0,2}年(?:度|以来)?[ ]{0,2}[,，][ ]{0,2}"
                      r"(?P<run>[\u4e00-\u9fff()（）]{2,30})")
# A crawler's (or a page head's) header line: 标题: …, 发布时间: …, 发布机构: …
_HEADER = re.compile(r"^\s{0,4}(?P<name>标题|题名|发布时间|发布日期|成文日期|发文日期|公开日期|发布机构|发文机关|来源)"
                     r"[ ]{0,2}[:：][ ]{0,2}(?P<value>.*?)\s*$")
_TITLE_HEADERS = ("标题", "题名")
_DATE_HEADERS = ("发布时间", "发布日期", "成文日期", "发文日期", "公开日期")
_ISSUER_HEADERS = ("发布机构", "发文机关")
_PAGE_DATE = re.compile(r"(?:发布日期|发布时间|成文日期|公开日期|发文日期)[ ]{0,2}[:：]?[ ]{0,2}((?:19|20)[0-9]{2})[ ]{0,2}"
                        r"[-/年.][ ]{0,2}([0-9]{1,2})[ ]{0,2}[-/月.][ ]{0,2}([0-9]{1,2})")
_ISO_DATE = re.compile(r"((?:19|20)[0-9]{2})[ ]{0,2}[-/年.][ ]{0,2}([0-9]{1,2})[ ]{0,2}[-/月.][ ]{0,2}([0-9]{1,2})")

# In a title that opens with the year: the body between the year and the subject.
_AFTER_YEAR = re.compile(r"[ ]{0,2}年[ ]{0,2}度?[ ]{0,2}(?P<name>[\u4e00-\u9fff()（）]{2,40}?)"
                         r"(?:政府信息公开|政务公开|信息公开)")
_CN_DIGITS = "〇零○Ｏ0一二三四五六七八九"
# A date written out: 2021年1月27日 or 二〇二一年一月二十七日. The year may only start where a run of
# digits starts, so a long run of numerals costs one scan.
_DATE = re.compile(
    r"(?:(?<![0-9])(?P<y>(?:19|20)[0-9]{2})[ ]{0,2}年[ ]{0,2}(?P<m>[0-9]{1,2})[ ]{0,2}月[ ]{0,2}(?P<d>[0-9]{1,2})"
    rf"|(?<![{_CN_DIGITS}])(?P<cy>[{_CN_DIGITS}]{{4}})[ ]{{0,2}}年[ ]{{0,2}}(?P<cm>[一二三四五六七八九十]{{1,3}})"
    r"[ ]{0,2}月[ ]{0,2}(?P<cd>[一二三四五六七八九十]{1,3}))[ ]{0,2}日"
)
# What may stand right before a signed date (a sentence or line break, a space after the
# signing body's name) and right after it (the end, a space, an attachment).
_SIGNED_BEFORE = "。！？；;!?.\n \t　"
_SIGNED_AFTER = ("附件", "附表", " ", "\t", "　", "\n")
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_small(text: str) -> int:
    """一..三十一 as an int."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def _iso(m: re.Match[str]) -> str | None:
    try:
        if m.group("y"):
            return _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group("cy")))
        return _dt.date(year, _cn_small(m.group("cm")), _cn_small(m.group("cd"))).isoformat()
    except (ValueError, KeyError):
        return None


def parse_date(text: str) -> str | None:
    """``2021年1月27日`` or ``二〇二一年一月二十七日`` (the whole text) → ``2021-01-27``; None otherwise."""
    stripped = text.strip()
    m = _DATE.fullmatch(stripped)
    return _iso(m) if m else None


def _field(value: object, p: Paragraph, column: int = 1) -> MetaField:
    return MetaField(value, p.text.strip(), Span(p.line, p.column + column - 1))


@attrs.frozen
class _Stated:
    """A text that states a metadata field and the paragraph it stands in."""

    text: str
    paragraph: Paragraph


@attrs.frozen
class _Signature:
    """The signed date at the end of a report and the piece of text before it (the signer)."""

    iso: str
    paragraph: Paragraph
    column: int
    signer: str
    signer_paragraph: Paragraph


def _headers(paragraphs: Sequence[Paragraph]) -> dict[str, _Stated]:
    """The header lines above the article (the first of each name), by name."""
    found: dict[str, _Stated] = {}
    for p in paragraphs[:16]:
        head = p.text[:12]
        if (":" not in head and "：" not in head) or len(p.text) > 200:
            continue  # most lines are no header line: a colon opens every one
        m = _HEADER.match(p.text)
        if m and m.group("value") and m.group("name") not in found:
            found[m.group("name")] = _Stated(m.group("value"), p)
    return found


def _title(paragraphs: Sequence[Paragraph]) -> _Stated | None:
    """The report's title: a 标题 header line, else the first short line naming a year's report."""
    headers = _headers(paragraphs)
    for name in _TITLE_HEADERS:
        if name in headers and _YEAR_TITLE.search(headers[name].text):
            return headers[name]
    head = paragraphs[:8]
    for n, p in enumerate(head):
        t = p.text.strip()
        if len(t) <= 60 and "报告" in t and _YEAR_TITLE.search(t) and not _HEADER.match(t):
            return _Stated(t, p)
        # a title broken over two lines (平潭综合实验区2019年 / 政府信息公开工作年度报告)
        nxt = head[n + 1].text.strip() if n + 1 < len(head) else ""
        if len(t) <= 40 and len(nxt) <= 30 and "年" in t and "报告" in nxt and _YEAR_TITLE.search(t + nxt):
            return _Stated(t + nxt, p)
    return None


def find_year(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The reported year: the title, else the statistics period, else a report-title mention."""
    title = _title(paragraphs)
    if title:
        m = _YEAR_TITLE.search(title.text)
        if m:
            return _field(int(m.group(1)), title.paragraph, title.paragraph.text.find(m.group(1)) + 1)
    for p in paragraphs[:40]:
        m = _STAT_PERIOD.search(p.text, 0, 20_000) if "统计" in p.text else None
        if m:
            return _field(int(m.group(1)), p, m.start(1) + 1)
    for p in paragraphs[:8]:
        m = _YEAR_TITLE.search(p.text, 0, 20_000) if "报告" in p.text else None
        if m:
            return _field(int(m.group(1)), p, m.start(1) + 1)
    return MetaField(None)


def agency_in_title(title: str) -> str | None:
    """The body a report's title names: what stands before the year, or between the year and
    the subject (``2016年平潭县人民政府政府信息公开…``); None when that is not a body's name."""
    m = _YEAR_TITLE.search(title)
    if not m:
        return None
    before = title[:m.start()].strip()
    before = before.split()[-1] if before.split() else ""
    if looks_like_body(before):
        return before
    between = _AFTER_YEAR.match(title, m.end(1))
    if between and looks_like_body(between.group("name")):
        return between.group("name")
    return None


def _signature(paragraphs: Sequence[Paragraph]) -> _Signature | None:
    """The signed date at the end, and the text before it on its line or, when the date
    stands alone, the line above (where the signing body's name stands)."""
    for k in range(len(paragraphs) - 1, -1, -1):
        p = paragraphs[k]
        text = p.text
        if "日" not in text:
            continue
        last = None
        for m in _DATE.finditer(text):
            before = text[max(0, m.start() - 1):m.start()]
            after = text[m.end():m.end() + 2]
            if (not before or before in _SIGNED_BEFORE) and (not after or after.startswith(_SIGNED_AFTER)):
                last = m
        if last is None:
            continue
        iso = _iso(last)
        if iso is None:
            continue
        head, signer_paragraph = text[:last.start()].rstrip(), p
        if not head and k > 0:
            head, signer_paragraph = paragraphs[k - 1].text, paragraphs[k - 1]
        # the signing body is the last piece before the date (after a sentence end or a space)
        signer = re.split(r"[。！？；;!?\s]", head.strip())[-1] if head.strip() else ""
        return _Signature(iso, p, last.start() + 1, signer, signer_paragraph)
    return None


def find_agency(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The reporting body: the title, a 发布机构 header, a name line at the top, the opening
    sentence, the signature, a sentence's subject; null when none looks like a body's name."""
    title = _title(paragraphs)
    if title:
        agency = agency_in_title(title.text)
        if agency:
            return _field(agency, title.paragraph, title.paragraph.text.find(agency) + 1)
    headers = _headers(paragraphs)
    for name in _ISSUER_HEADERS:
        if name in headers and looks_like_body(headers[name].text):
            issuer = headers[name]
            return _field(issuer.text.strip(), issuer.paragraph, issuer.paragraph.text.find(issuer.text.strip()) + 1)
    for p in paragraphs[:6]:
        t = p.text.strip()
        if len(t) > 60:
            break
        if looks_like_body(t):
            return _field(t, p, p.text.index(t) + 1)
    for p in paragraphs[:10]:
        m = _OPENING.search(p.text, 0, 20_000)
        if m and looks_like_body(m.group("agency")):
            return _field(m.group("agency"), p, m.start("agency") + 1)
    signature = _signature(paragraphs)
    if signature and looks_like_body(signature.signer):
        p = signature.signer_paragraph
        return _field(signature.signer, p, p.text.rfind(signature.signer) + 1)
    for p in paragraphs[:30]:
        m = _SUBJECT.match(p.text)
        subject = _body_prefix(m.group("run")) if m else None
        if m and subject:
            return _field(subject, p, m.start("run") + 1)
    return MetaField(None)


def _body_prefix(run: str) -> str | None:
    """The body's name a sentence opens with: the shortest start of ``run`` that is a body's
    name, extended only by further endings (平潭综合实验区 + 管委会 + 办公室), never by the words
    that follow (天水市市场监督管理局|高度重视政府…); None when no start is a name."""
    names = [run[:end] for end in range(2, len(run) + 1) if looks_like_body(run[:end])]
    if not names:
        return None
    name = names[0]
    for longer in names[1:]:
        if _only_endings(longer[len(name):]):
            name = longer
    return name


def _only_endings(text: str) -> bool:
    while text:
        ending = next((e for e in AGENCY_ENDINGS if text.startswith(e)), None)
        if ending is None:
            return False
        text = text[len(ending):]
    return True


def find_published(paragraphs: Sequence[Paragraph]) -> MetaField:
    """The date signed at the end, else the date the page states (发布时间…), else None; a
    date before the report's year is no publication date of it."""
    year = find_year(paragraphs).value
    signature = _signature(paragraphs)
    if signature and (year is None or int(signature.iso[:4]) >= year):
        return _field(signature.iso, signature.paragraph, signature.column)
    headers = _headers(paragraphs)
    for name in _DATE_HEADERS:
        if name in headers:
            stated = headers[name]
            m = _ISO_DATE.match(stated.text)
            iso = _checked_date(m) if m else None
            if iso and (year is None or int(iso[:4]) >= year):
                return _field(iso, stated.paragraph, stated.paragraph.text.find(stated.text) + 1)
    for p in paragraphs:
        m = _PAGE_DATE.search(p.text, 0, 20_000)
        page_date = _checked_date(m) if m else None
        if m and page_date and (year is None or int(page_date[:4]) >= year):
            return _field(page_date, p, m.start(1) + 1)
    return MetaField(None)


def _checked_date(m: re.Match[str]) -> str | None:
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
