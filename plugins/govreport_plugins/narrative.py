"""Pre-2019 reports that state their figures in sentences.

Why not one Lark grammar for whole sentences: the prose is open-ended, and LALR needs a
closed vocabulary. The plugin therefore splits the text into sentences and clauses, decides by
keywords which figure a clause is about (and whether it is a negation such as 未收到…申请),
and parses the quantity itself (``147条``, ``两起``, ``一百四十七条``, ``3.5万元``) with the
Lark grammar ``grammars/narrative.lark``.

Precision before recall: a figure is taken only from a clause about that figure, never from a
breakdown (``其中…``), a percentage, a year, a phone number, or a sentence about another year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lark import Transformer, v_args

from govreport.blocks import Document, Paragraph
from govreport.grammars import load_grammar
from govreport.lines import paragraph
from govreport.metadata import find_year
from govreport.model import Figure, Report, Span
from govreport.plugin import FormatPlugin, ReportInput
from govreport.render import format_value, framed_text
from govreport.schema import MONEY

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


class _Quantity(Transformer):  # type: ignore[type-arg]
    @v_args(inline=True)
    def arabic(self, tok):  # type: ignore[no-untyped-def]
        text = str(tok).replace(",", "")
        return float(text) if "." in text else int(text)

    def cn_digit(self, items):  # type: ignore[no-untyped-def]
        return str(items[0])

    def cn_number(self, chars):  # type: ignore[no-untyped-def]
        total, section, digit = 0, 0, None
        for ch in chars:
            if ch in _CN:
                digit = _CN[ch]
            elif ch == "万":
                section = (section + (digit or 0)) * 10000
                total, section, digit = total + section, 0, None
            else:
                section += (1 if digit is None else digit) * _CN_UNITS[ch]
                digit = None
        return total + section + (digit or 0)

    @v_args(inline=True)
    def quantity(self, number, measure=None):  # type: ignore[no-untyped-def]
        return number, (str(measure) if measure is not None else "")

    def start(self, items):  # type: ignore[no-untyped-def]
        return items[0]


_QUANTITY = re.compile(r"(?<![\d.\-—])(\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*"
                       r"(万元|元|件|条|起|次|项|个|份|篇|例)(?![\d%％])")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CLAUSE = re.compile(r"(?:[^，,：:]|(?<=\d),(?=\d{3}))+")  # "1,204" stays whole
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_NEGATION = re.compile(r"(?:没有|未|无|均无|并无|尚无|不存在)")

COUNTS = ("件", "条", "起", "次", "项", "个", "份", "篇", "例")


def _has_tables(text: str) -> bool:
    """Five or more table rows: lines with two "|", two tabs, or a leading tab."""
    if "|" not in text and "\t" not in text:
        return False
    if text.count("\n\t") >= 5:  # five lines that open with a tab
        return True
    rows = 0
    for line in text.split("\n"):
        if line.count("|") >= 2 or line.count("\t") >= 2 or line.startswith("\t"):
            rows += 1
            if rows >= 5:
                return True
    return False


def parse_quantity(text: str) -> tuple[float | int, str]:
    """``"两起"`` → ``(2, "起")`` with the narrative grammar."""
    return load_grammar("narrative", transformer=_Quantity()).parse(text)  # type: ignore[return-value]


class NarrativePlugin(FormatPlugin):
    """Reads legacy (pre-2019) reports: prose with the figures in sentences."""

    name = "narrative"
    aliases = ("legacy", "prose")
    description = "pre-2019 reports: figures stated in prose (主动公开…条, 收到…申请…件, 行政复议…件)"

    def sniff(self, text: ReportInput) -> float:
        if "信息公开" not in text or _has_tables(text):
            return 0.0
        lines = text.split("\n", 12)
        paragraphs = [paragraph(n, ln) for n, ln in enumerate(lines[:12], 1) if ln.strip()]
        year = find_year(paragraphs).value
        score = 0.45
        if year is not None and year <= 2018:
            score += 0.35
        if re.search(r"主动公开[^。]{0,30}?\d+\s*条", text):
            score += 0.1
        return score

    def read(self, text: str) -> Document:
        lines = text.split("\n")
        paragraphs = [paragraph(n, ln) for n, ln in enumerate(lines, 1) if ln.strip()]
        year = find_year(paragraphs).value
        return Document(paragraphs, figures=tuple(find_figures(paragraphs, year)), narrative=True)

    #: What :meth:`render` writes completely: a legacy report's figures (a table report's are
    #: derived and written too, but its cells are not).
    render_templates = ("legacy",)

    def render(self, report: Report) -> str:
        return framed_text(report, narrative_lines(report))


# -- figures -----------------------------------------------------------------------------------

def _sentences(paragraphs: list[Paragraph]) -> Iterator[tuple[str, Paragraph, int, str]]:
    """(sentence, paragraph, column, heading of the section it is in)."""
    heading = ""
    for p in paragraphs:
        if re.match(r"^\s*[一二三四五六七八九十]{1,3}\s*、", p.text) and len(p.text) <= 40:
            heading = p.text
        for m in _SENTENCE.finditer(p.text):
            yield m.group(0), p, p.column + m.start(), heading


def _other_year(clause: str, year: int | None) -> bool:
    return year is not None and any(int(y) != year for y in _YEAR.findall(clause))


def _quantities(clause: str, measures: tuple[str, ...]) -> list[tuple[float | int, int]]:
    out = []
    for m in _QUANTITY.finditer(clause):
        if m.group(2) not in measures:
            continue
        if m.end() < len(clause) and clause[m.end():m.end() + 1] in "年月日%％":
            continue
        value, _ = parse_quantity(m.group(0))
        out.append((value, m.start()))
    return out


def _figure(key: str, value: float | int | None, sentence: str, p: Paragraph, column: int) -> Figure:
    return Figure(key, value, sentence.strip(), Span(p.line, column))


def find_figures(paragraphs: list[Paragraph], year: int | None) -> list[Figure]:
    """The legacy figures stated in the prose (only those found; absent keys mean null)."""
    found: dict[str, Figure] = {}
    for sentence, p, col, heading in _sentences(paragraphs):
        for key, fig in _sentence_figures(sentence, heading, year):
            if key not in found:
                found[key] = _figure(key, fig, sentence, p, col)
    return list(found.values())


def _sentence_figures(sentence: str, heading: str, year: int | None) -> Iterator[tuple[str, float | int]]:
    about_disclosure = "信息公开" in sentence or "公开" in heading or "依申请" in sentence
    clauses = _CLAUSE.findall(sentence)

    # 主动公开政府信息147条（其中…49条）: the total in the clause that says 主动公开.
    for clause in clauses:
        if "主动公开" in clause and not clause.lstrip().startswith("其中") and not _other_year(clause, year):
            after = clause[clause.index("主动公开"):]
            qs = _quantities(after, ("条", "件", "项", "篇", "个"))
            if qs and "信息" in after[: qs[0][1] + 1]:
                yield "active_disclosed", qs[0][0]
                break

    # 收到…申请…件; 未收到…申请 → 0.
    if about_disclosure or "申请" in heading:
        for clause in clauses:
            if "申请" not in clause or re.search(r"投诉|举报|信访|复议|诉讼", clause) or _other_year(clause, year):
                continue
            received = re.search(r"收到|受理|接到|接收|接受", clause)
            if not received:
                continue
            if _NEGATION.search(clause[: received.start()]):
                yield "applications_received", 0
                break
            qs = _quantities(clause[received.start():], COUNTS)
            if qs and not clause.lstrip().startswith("其中"):
                yield "applications_received", qs[0][0]
                break

    # 行政复议 / 行政诉讼: a count in the clause naming it, or a negated sentence → 0.
    relevant = "信息公开" in sentence or "复议" in heading or "诉讼" in heading
    if relevant:
        for key, word in (("reviews", "行政复议"), ("lawsuits", "行政诉讼")):
            if word not in sentence:
                continue
            value = None
            for clause in clauses:
                if word in clause and not _other_year(clause, year):
                    qs = _quantities(clause[clause.index(word):], COUNTS)
                    if qs:
                        value = qs[0][0]
                        break
                    if re.search(r"(?:均为|为|共)\s*(?:0|零)(?:件|起|次)?", clause):
                        value = 0
                        break
            if value is None:
                neg = _NEGATION.search(sentence)
                if neg and neg.start() < sentence.index(word):
                    value = 0
            if value is not None:
                yield key, value

    # 收取费用…元; 未收取…费用 → 0. "原则上…减免" states no amount: nothing.
    if re.search(r"收费|费用|收取", sentence) and (about_disclosure or "收费" in heading):
        for clause in clauses:
            if not re.search(r"收费|费用|收取", clause) or _other_year(clause, year):
                continue
            qs = _quantities(clause, ("元", "万元"))
            if qs:
                m = _QUANTITY.search(clause[qs[0][1]:])
                value, unit = parse_quantity(m.group(0)) if m else (qs[0][0], "元")
                yield "fees", value * 10000 if unit == "万元" else value
                break
            if re.search(r"(?:未|没有|不|无|零)\s*(?:收取|收费)", clause) or re.search(r"收费\s*(?:为)?\s*(?:0|零)", clause):
                yield "fees", 0
                break


# -- writing -------------------------------------------------------------------------------------

def narrative_lines(report: Report) -> list[str]:
    """The report's legacy figures as the sentences of a pre-2019 report, one section each."""
    v = report.legacy_values()
    year = report.meta.year.value
    lead = f"{year}年，" if year else ""
    out = ["一、概述", f"{lead}我单位认真贯彻落实《中华人民共和国政府信息公开条例》。"]
    if v["active_disclosed"] is not None:
        out += ["二、主动公开政府信息情况", f"{lead}主动公开政府信息{v['active_disclosed']}条。"]
    if v["applications_received"] is not None:
        out += ["三、政府信息公开申请的办理情况", f"{lead}共收到政府信息公开申请{v['applications_received']}件。"]
    if v["fees"] is not None:
        out += ["四、政府信息公开的收费及减免情况", f"{lead}因政府信息公开收取费用{format_value(v['fees'], MONEY)}。"]
    parts = []
    if v["reviews"] is not None:
        parts.append(f"因政府信息公开申请提起行政复议{v['reviews']}件")
    if v["lawsuits"] is not None:
        parts.append(f"提起行政诉讼{v['lawsuits']}件")
    if parts:
        out += ["五、因政府信息公开申请提起行政复议、行政诉讼情况", f"{lead}{'，'.join(parts)}。"]
    return out
