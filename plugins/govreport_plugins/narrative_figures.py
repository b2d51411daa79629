"""Reading the legacy figures that a pre-2019 report states in its prose (the narrative
plugin's reader: :mod:`govreport_plugins.narrative` imports it when it first reads a report).

Why not one Lark grammar for whole sentences: the prose is open-ended, and LALR needs a
closed vocabulary. The reader therefore finds sentences by punctuation and section
enumerators (not by line breaks: a crawler's copy holds the whole article on one line),
splits them into clauses, and takes a figure only from a clause *about* it: one of the
subject's words (:mod:`govreport.template.legacy`) and, after it in the same clause, a count
with one of the subject's measure words, parsed by the grammar ``grammars/narrative.lark``.

Precision before recall, because a wrong number is worse than a null:

* a count spelled for something else is not a figure: ``七个部分`` counts parts, ``第十条``
  names an article, ``2011年``/``12月`` are dates, ``24336243`` a phone number, ``28.7%`` a share;
* negated statements (未收到…, 没有发生…, …均为零) are 0;
* totals are preferred over breakdowns: a count marked as a total (共, 全年, 我局) beats a plain
  one, which beats a part (其中… after a count of the same figure, 各乡镇…, a named office, a
  count followed by its share 占…%); parts are never used on their own;
* two clauses of the same rank that disagree give a null and a GR120 naming both;
* the statistics table (统计表) at the end of many legacy reports is a second source, read
  only where its cells can be told apart (GR122 where they cannot); the prose wins where both
  state a figure, and a GR121 says where they disagree.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import cast

import attrs
from lark import Token, Transformer
from lark.exceptions import LarkError

from govreport.blocks import Paragraph
from govreport.diagnostics import Diagnostic
from govreport.grammars import load_grammar
from govreport.limits import checkpoint
from govreport.metadata import find_agency
from govreport.model import Figure, Span
from govreport.template import bodies
from govreport.template import legacy as vocab
from govreport.template.legacy import LegacySubject

Number = int | Decimal

_CN_VALUE = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}


class _Quantity(Transformer):  # type: ignore[type-arg]
    """Values of the numeral rules; each rule is well formed by the grammar, so a value is
    the sum of its digits times their units."""

    def arabic(self, items: list[Token]) -> Number:
        text = str(items[0]).replace(",", "")
        return Decimal(text) if "." in text else int(text)

    def cn_zero(self, items: list[Token]) -> int:
        return 0

    def _positional_sum(self, items: Sequence[Token | int]) -> int:
        total, digit = 0, None
        for item in items:
            if isinstance(item, int):  # an inner rule's value (the part after 百, 千 or 万)
                total += item
            elif item.type in ("DIGIT", "LIANG"):
                digit = _CN_VALUE[str(item)]
            elif item.type == "ZERO":
                digit = None
            else:  # a unit: 十 alone is 10
                total += (1 if digit is None else digit) * _CN_UNIT[str(item)]
                digit = None
        return total + (digit or 0)

    def unit(self, items: list[Token]) -> int:
        return _CN_VALUE[str(items[0])]

    def ten(self, items: list[Token]) -> int:
        return self._positional_sum(items)

    inner_ten = hundred = thousand = ten

    def wan(self, items: list[Token | int]) -> int:
        # the part before 万 is a finished value (an int); the part after it is added
        head = cast(int, items[0])  # the grammar puts a finished section before 万
        return head * 10000 + self._positional_sum(items[2:])

    def positional(self, items: list[Token]) -> int:
        return int("".join(str(_CN_VALUE[str(t)]) for t in items))

    def quantity(self, items: list[Number | Token]) -> tuple[Number, str]:
        return cast(Number, items[0]), (str(items[1]) if len(items) > 1 else "")

    def start(self, items: list[tuple[Number, str]]) -> tuple[Number, str]:
        return items[0]


def parse_quantity(text: str) -> tuple[Number, str]:
    """``"两起"`` → ``(2, "起")``, ``"3.5万元"`` → ``(Decimal("3.5"), "万元")``, with the narrative
    grammar; a numeral that is not well formed (``十十``, ``12,3456``) raises :class:`ValueError`."""
    try:
        return load_grammar("narrative", transformer=_Quantity()).parse(text)  # type: ignore[return-value]
    except LarkError:
        raise ValueError(f"not a well-formed quantity: {text!r}") from None


_CN_CHARS = "零〇○一二两三四五六七八九十百千万"
_MEASURES = "万元|元|件次|件|条|起|次|项|个|份|篇|例|宗"
# A count and its measure word. Each alternative may only start where a run of its digits
# starts (the look-behinds), so a long run of numerals is scanned once, not once per position.
_QUANTITY = re.compile(
    r"(?:(?<![0-9.第\-－—])(?<![0-9],)(?P<arabic>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
    rf"|(?<![{_CN_CHARS}第])(?P<chinese>[{_CN_CHARS}]+))"
    rf"[ \t]{{0,2}}(?P<measure>{_MEASURES})(?![0-9%％])"
)
# Sentence ends (kept with the sentence) and the enumerators that open a section or an item
# (zero-width: the enumerator opens the next sentence). 一、 only after a break, so 统一、规范
# stays whole; 1. not inside a number.
_BOUNDARY = re.compile(
    r"[。！？；;!?\n]"
    r"|(?<![第0-9])(?=[(（][一二三四五六七八九十0-9]{1,3}[)）])"
    r"|(?<=[\s。；;:：!?！？>])(?=[一二三四五六七八九十]{1,3}、)"
    r"|(?<![0-9.第])(?=[0-9]{1,2}[.、][^0-9])"
)
_HEADING = re.compile(r"\s*[一二三四五六七八九十]{1,3}、\s?[^\s。]{1,40}")
# Clause breaks: commas (not a thousands separator), colons, and brackets (a parenthesis is a
# clause of its own: （其中…49条）).
_CLAUSE_BREAK = re.compile(r"[，:：]|(?<![0-9]),|,(?![0-9]{3}(?![0-9]))|(?=[(（])|[)）]")
_YEAR_MENTION = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ ]?年")
# A clause that is only a share (占28.7%) makes the count before it a part of the total; a
# share of something named (占制作总数的22.7%) does not.
_PERCENT_SHARE = re.compile(r"\s*占比?[ ]{0,2}[0-9]+(?:\.[0-9]+)?[ ]{0,2}[%％]")
_HAN = re.compile(r"[\u4e00-\u9fff]")

# How far around a subject its words are looked at (negations, scopes, the thing counted),
# the longest gap between a subject and its count, and the longest numeral that is a count.
_WINDOW = 40
_MAX_GAP = 24
_MAX_NUMERAL = 20



class Rank(enum.IntEnum):
    """How a statement of a figure ranks: the best rank stated wins."""

    PART = 0  # a breakdown: never used on its own
    PLAIN = 1
    TOTAL = 2  # marked as the total (共, 全年, 我局 …)



# -- where things are ---------------------------------------------------------------------------

class _Text:
    """The paragraphs as one string (joined by line breaks) and the way back from an offset
    in it to a line and column of the source."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = list(paragraphs)
        self.starts: list[int] = []
        pos = 0
        for p in self.paragraphs:
            self.starts.append(pos)
            pos += len(p.text) + 1
        self.text = "\n".join(p.text for p in self.paragraphs)

    def span(self, offset: int) -> Span:
        k = max(0, bisect.bisect_right(self.starts, offset) - 1)
        if not self.paragraphs:
            return Span(1, 1)
        p = self.paragraphs[k]
        return Span(p.line, p.column + offset - self.starts[k])


@attrs.frozen
class _Sentence:
    text: str
    start: int  # offset in the joined text
    heading: str  # the section heading it stands under ("" before the first)


@attrs.frozen
class _Clause:
    text: str
    start: int  # offset in the joined text


@attrs.frozen
class _Count:
    """A numeral and its measure word as the clause spells them. Its value is read only when
    a subject takes the count (:func:`_count_value`): a clause of many numerals would
    otherwise cost one grammar parse per numeral, used or not."""

    numeral: str
    arabic: bool
    measure: str
    start: int  # offset in the clause
    end: int


@attrs.frozen
class Candidate:
    """One statement of a figure: its value, how it ranks, and the sentence it is in."""

    key: str
    value: Number
    rank: Rank
    sentence: str
    offset: int  # of the sentence, in the joined text


@attrs.frozen
class Reading:
    """The figures read from a report and what the reader found on the way."""

    figures: tuple[Figure, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def _sentences(text: str, stop: int) -> Iterator[_Sentence]:
    """Sentences of ``text[:stop]`` with the section heading each stands under."""
    heading = ""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, stop):
        end = m.end()
        if end > start:
            yield from _sentence(text, start, end, heading)
            h = _HEADING.match(text, start, end)
            if h:
                heading = h.group(0).strip()
            start = end
    if start < stop:
        yield from _sentence(text, start, stop, heading)


def _sentence(text: str, start: int, end: int, heading: str) -> Iterator[_Sentence]:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        h = _HEADING.match(piece)
        yield _Sentence(stripped, start + piece.index(stripped[0]), h.group(0).strip() if h else heading)


def _clauses(sentence: _Sentence) -> list[_Clause]:
    out = []
    start = 0
    text = sentence.text
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            out.append(_Clause(text[start:m.start()], sentence.start + start))
        start = m.end() if m.end() > m.start() else m.start()
    if start < len(text):
        out.append(_Clause(text[start:], sentence.start + start))
    return out


def _counts(clause: str) -> list[_Count]:
    """Every numeral of the clause followed by a measure word, in order, values unread.

    A numeral that is too long or not well formed is still a count (of an unknown value),
    so a subject before it never skips it for the next, readable count of the clause."""
    checkpoint("reading the figures stated in prose")  # the time budget (govreport.Limits), per clause
    out = []
    for m in _QUANTITY.finditer(clause):
        arabic = m.group("arabic")
        numeral = arabic if arabic is not None else m.group("chinese")
        out.append(_Count(numeral, arabic is not None, m.group("measure"), m.start(), m.end()))
    return out


def _count_value(count: _Count, numerals: dict[str, Number | None]) -> Number | None:
    """The value of a count's numeral, or None when it is no number (too long for any figure,
    or not well formed). ``numerals`` holds the values already read in this report: a report
    that repeats one numeral many times parses it once."""
    if count.numeral in numerals:
        return numerals[count.numeral]
    value: Number | None = None
    if len(count.numeral) > _MAX_NUMERAL:
        pass  # no count of a report is that long: a run of digits is not a figure
    elif count.arabic:
        digits = count.numeral.replace(",", "")
        value = Decimal(digits) if "." in digits else int(digits)
    else:
        try:
            value, _ = parse_quantity(count.numeral)
        except ValueError:
            pass  # not a well-formed numeral: no value, never a part of one
    numerals[count.numeral] = value
    return value


# -- one clause -----------------------------------------------------------------------------

def _other_year(clause: str, year: int | None) -> bool:
    return year is not None and any(int(y) != year for y in _YEAR_MENTION.findall(clause))


@attrs.frozen
class _Mention:
    start: int
    end: int
    subject: LegacySubject


def _mentions(clause: str) -> list[_Mention]:
    """Every subject word in the clause, in order."""
    found = []
    for subject in vocab.SUBJECTS:
        for word in subject.words:
            at = clause.find(word)
            while at >= 0:
                found.append(_Mention(at, at + len(word), subject))
                at = clause.find(word, at + len(word))
    found.sort(key=lambda m: m.start)
    return found


def _is_negated(before: str) -> bool:
    """Whether the words before a subject (and the subject word) negate it."""
    if any(n in before for n in vocab.NEGATIONS):
        return True
    at = before.find("无")
    while at >= 0:
        if at == 0 or before[at - 1] in vocab.BARE_NEGATION_AFTER or not _HAN.match(before[at - 1]):
            return True
        at = before.find("无", at + 1)
    return False


def _scoped_to_part(prefix: str, agency: str | None) -> bool:
    """Whether the words before the subject name a part of the reporting body (各乡镇,
    区直各单位, 县政府公开办) rather than the body itself (我局, 全区, the agency)."""
    words = prefix[-_WINDOW:].strip()
    changed = True
    while changed and words:
        changed = False
        for filler in vocab.SCOPE_FILLERS:
            if words.endswith(filler):
                words = words[: -len(filler)].rstrip()
                changed = True
    if not words:
        return False
    last = re.split(r"[、和及与\s]", words)[-1]
    if not last or last.endswith(vocab.SELF_SCOPES) or last.endswith(vocab.CHANNEL_SCOPES):
        return False
    if agency and (agency.endswith(last) or last.endswith(agency)):
        return False
    if last in vocab.GOVERNMENT_SELF_SCOPES and (agency is None or agency.endswith(("政府", "管委会", "实验区"))):
        return False
    return last.endswith(vocab.PART_SCOPES) or last.endswith(bodies.AGENCY_ENDINGS) or "各" in last


def _count_fits(subject: LegacySubject, clause: str, word_end: int, count: _Count, word: str) -> bool:
    """Whether ``count`` is the subject's figure: near the subject, with its measure, nothing
    between them that makes it a share, a change or a sub-category, and the thing counted."""
    if count.start - word_end > _MAX_GAP or count.measure not in subject.measures:
        return False
    gap = clause[word_end:count.start]
    if any(stop in gap for stop in vocab.GAP_STOPS):
        return False
    if _YEAR_MENTION.search(gap) or any(ch.isspace() for ch in gap.strip()):
        return False  # a new statement starts in between (a heading run into the next sentence)
    after = clause[count.end:count.end + 8]
    if after.startswith(vocab.APPROXIMATE):
        return False
    if after and _HAN.match(after[0]) and not after.startswith(subject.counted):
        return False  # the count is of something else: 七个部分, 60个单位
    if subject.noun and subject.noun not in gap and subject.noun not in word \
            and not (after.startswith(subject.counted) and subject.noun in after):
        return False
    return True


@attrs.define
class _Reader:
    year: int | None
    agency: str | None
    candidates: dict[str, list[Candidate]] = attrs.Factory(dict)
    last_key: str | None = None  # the figure of the last count read (None: a count of something else)
    numerals: dict[str, Number | None] = attrs.Factory(dict)  # values read so far (see _count_value)

    def sentence(self, s: _Sentence) -> None:
        about_disclosure = any(w in s.text or w in s.heading for w in vocab.DISCLOSURE_WORDS)
        clauses = _clauses(s)
        breakdown = False  # a clause "其中" alone makes the next one a breakdown
        elsewhen = False  # a clause named another period (1990年以来，…): the rest of the sentence is in it
        for n, clause in enumerate(clauses):
            text = clause.text.strip(" 　(（")
            if text == "其中":
                breakdown = True
                continue
            starts_breakdown = breakdown or text.startswith("其中")
            breakdown = False
            if _other_year(text, self.year) or any(p in text for p in vocab.OTHER_PERIODS):
                elsewhen = True
            elif self.year is not None and f"{self.year}年" in text:
                elsewhen = False  # back to the report's year (与2010年相比，2011年…)
            if elsewhen:
                if _counts(text):
                    self.last_key = None
                continue
            share_follows = n + 1 < len(clauses) and _PERCENT_SHARE.match(clauses[n + 1].text) is not None
            self.clause(clause.text, s, about_disclosure, starts_breakdown, share_follows)

    def clause(self, clause: str, s: _Sentence, about_disclosure: bool, starts_breakdown: bool,
               share_follows: bool) -> None:
        counts = _counts(clause)
        mentions = _mentions(clause)
        count_starts = [c.start for c in counts]
        # Where the next mention of another figure starts, for each mention (one pass backwards:
        # a clause of many mentions costs no more than its length).
        limits = [len(clause)] * len(mentions)
        for i in range(len(mentions) - 2, -1, -1):
            nxt = mentions[i + 1]
            same = nxt.subject.key == mentions[i].subject.key
            limits[i] = limits[i + 1] if same else nxt.start
        excluded = {sub.key: any(x in clause for x in sub.excluded) for sub in vocab.SUBJECTS}
        used: set[int] = set()
        last_key = self.last_key
        for mention, limit in zip(mentions, limits):
            start, end, subject = mention.start, mention.end, mention.subject
            if (subject.needs_context and not about_disclosure) or excluded[subject.key]:
                continue
            word = clause[start:end]
            k = bisect.bisect_left(count_starts, end)
            if k < len(counts) and counts[k].start < limit:
                count = counts[k]
                if count.start in used or not _count_fits(subject, clause, end, count, word):
                    continue
                value = _count_value(count, self.numerals)
                if value is None:
                    continue  # the subject's count is no number: nothing is read from this clause
                used.add(count.start)
                before = clause[max(0, start - _WINDOW):start]
                rank = self._rank(before, clause[end:count.start], subject.key, starts_breakdown, share_follows,
                                  last_key)
                self._add(subject, value, count.measure, rank, s)
                self.last_key = subject.key
            elif k == len(counts):  # no count after the subject: a negated or zero statement?
                rest = clause[end:end + _WINDOW]
                noun_ok = not subject.noun or subject.noun in rest or subject.noun in word
                zero = _is_negated(clause[max(0, start - _WINDOW):end]) or any(z in rest for z in vocab.ZERO_STATEMENTS)
                if zero and noun_ok:
                    self._add(subject, 0, "", Rank.PLAIN, s)
        if counts and not used:
            self.last_key = None

    def _rank(self, prefix: str, gap: str, key: str, starts_breakdown: bool, share_follows: bool,
              last_key: str | None) -> Rank:
        if (starts_breakdown and last_key == key) or share_follows or _scoped_to_part(prefix, self.agency):
            return Rank.PART
        if any(t in prefix or t in gap for t in vocab.TOTAL_MARKERS) or any(w in prefix for w in vocab.SELF_SCOPES):
            return Rank.TOTAL
        return Rank.PLAIN

    def _add(self, subject: LegacySubject, value: Number, measure: str, rank: Rank, s: _Sentence) -> None:
        if subject.money and measure == "万元":
            value = value * 10000
        self.candidates.setdefault(subject.key, []).append(Candidate(subject.key, value, rank, s.text, s.start))


def _plain_number(value: Number) -> int | float:
    """A count as an int; an amount as an int when whole, else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# -- the statistics table -------------------------------------------------------------------

@attrs.frozen
class TableRow:
    """A figure read from a legacy statistics table (统计表)."""

    key: str
    value: Number | None  # None: the row is there but its cells run together
    raw: str
    offset: int


_STAT_HEADER = re.compile(r"指标|计量|单位")
_STAT_YEAR = re.compile(r"((?:19|20)[0-9]{2})[ ]?年[ ]?度?|本年度?|当年")
_STAT_VALUES = re.compile(r"[ \t]{0,3}(?P<unit>" + "|".join(vocab.STAT_UNITS) + r")[ \t]{0,3}"
                          r"(?P<values>[0-9]+(?:\.[0-9]+)?(?:[ \t]{1,3}[0-9]+(?:\.[0-9]+)?)*)(?P<after>.?)")


def find_statistics_table(text: str) -> int | None:
    """Where the statistics table at the end of a legacy report starts (its title's 统计表
    followed by a header naming 指标/计量单位), or None."""
    at = text.rfind(vocab.STAT_TABLE_TITLE)
    if at < 0 or not _STAT_HEADER.search(text, at, at + 40):
        return None
    return at


def _table_columns(header: str, year: int | None) -> list[str] | None:
    """The value columns in order ("year", "cumulative"), from the table's header."""
    columns: list[tuple[int, str]] = []
    m = _STAT_YEAR.search(header)
    if m:
        if m.group(1) and year is not None and int(m.group(1)) != year:
            return None  # a table of another year
        columns.append((m.start(), "year"))
    cumulative = header.find(vocab.STAT_CUMULATIVE)
    if cumulative >= 0:
        columns.append((cumulative, "cumulative"))
    columns.sort()
    kinds = [k for _, k in columns]
    return kinds if "year" in kinds else None


def _split_run(digits: str, columns: list[str]) -> list[int] | None:
    """The one way a run of digits with no separator splits into the columns' numbers (no
    leading zeros, the year's count not above the cumulative one), or None."""
    if len(columns) == 1:
        return [int(digits)] if digits == "0" or not digits.startswith("0") else None
    if len(columns) != 2:
        return None
    if len(digits) > 2 * _MAX_NUMERAL:
        return None
    ways = []
    for i in range(1, len(digits)):
        a, b = digits[:i], digits[i:]
        if (a.startswith("0") and a != "0") or (b.startswith("0") and b != "0"):
            continue
        first, second = int(a), int(b)
        year_value, cumulative = (first, second) if columns[0] == "year" else (second, first)
        if year_value > cumulative:
            continue
        ways.append([first, second])
        if len(ways) > 1:
            return None
    return ways[0] if ways else None


def read_statistics_table(table: str, offset: int, year: int | None) -> list[TableRow]:
    """The legacy figures a statistics table states, row by row (see :class:`TableRow`)."""
    header_end = min(len(table), 80)
    columns = _table_columns(table[:header_end], year)
    if columns is None:
        return []
    rows = []
    for subject in vocab.SUBJECTS:
        for label in subject.table_rows:
            at = table.find(label)
            if at < 0:
                continue
            before = table[max(0, at - 4):at]
            if "其中" in before or re.search(r"[0-9][.、．]$", before):
                continue  # a sub-row (其中：1.网站公开), not the figure's own row
            m = _STAT_VALUES.match(table, at + len(label))
            if not m:
                continue
            raw = table[at:m.end("values")]
            tokens = m.group("values").split()
            value: Number | None = None
            glued = m.group("after") in (".", "、", "．")  # the next row's number is glued on
            if any(len(t) > 2 * _MAX_NUMERAL for t in tokens):
                pass  # a run of digits no table cell holds: not read
            elif len(tokens) == len(columns) and not glued:
                number = tokens[columns.index("year")]
                value = Decimal(number) if "." in number else int(number)
            elif len(tokens) == 1 and tokens[0].isdigit() and not glued:
                split = _split_run(tokens[0], columns)
                value = split[columns.index("year")] if split else None
            if value is not None and subject.money and m.group("unit") == "万元":
                value = value * 10000
            rows.append(TableRow(subject.key, value, raw, offset + at))
            break
    return rows


# -- the whole report -----------------------------------------------------------------------

def read_figures(paragraphs: Sequence[Paragraph], year: int | None, *, agency: str | None = None) -> Reading:
    """The legacy figures a report states, with the diagnostics of disagreements and of
    statistics-table rows that cannot be read."""
    joined = _Text(paragraphs)
    text = joined.text
    table_at = find_statistics_table(text)
    prose_end = table_at if table_at is not None else len(text)
    reader = _Reader(year, agency)
    for s in _sentences(text, prose_end):
        reader.sentence(s)
    diagnostics: list[Diagnostic] = []
    figures: dict[str, Figure] = {}
    for key, found in reader.candidates.items():
        best = max(c.rank for c in found)
        top = [c for c in found if c.rank == best]
        values = sorted({c.value for c in top})
        if best == Rank.PART:
            continue  # only breakdowns were stated: the total is not known
        if len(values) == 1:
            c = top[0]
            figures[key] = Figure(key, _plain_number(c.value), c.sentence, joined.span(c.offset))
            continue
        first = top[0]
        other = next(c for c in top if c.value != first.value)
        span = joined.span(first.offset)
        diagnostics.append(Diagnostic(
            "GR120", f"legacy.{key}: the report states {_plain_number(first.value)} ({first.sentence!r}) and "
                     f"{_plain_number(other.value)} ({other.sentence!r}) as its {best.name.lower()} figure; "
                     "the figure is null",
            cells=[f"legacy.{key}"], values=[None], line=span.line, column=span.column))
        figures[key] = Figure(key, None, first.sentence, span)
    if table_at is not None:
        for row in read_statistics_table(text[table_at:], table_at, year):
            span = joined.span(row.offset)
            if row.value is None:
                diagnostics.append(Diagnostic(
                    "GR122", f"legacy.{row.key}: the statistics table's row {row.raw!r} runs its numbers together; "
                             "they cannot be told apart and were not used",
                    cells=[f"legacy.{row.key}"], line=span.line, column=span.column))
                continue
            prose = figures.get(row.key)
            if prose is None:
                figures[row.key] = Figure(row.key, _plain_number(row.value), row.raw, span)
            elif prose.value is not None and prose.value != row.value:
                diagnostics.append(Diagnostic(
                    "GR121", f"legacy.{row.key}: the prose states {prose.value} ({prose.raw!r}), the statistics "
                             f"table {_plain_number(row.value)} ({row.raw!r}); the prose's figure is kept",
                    cells=[f"legacy.{row.key}"], values=[prose.value], line=span.line, column=span.column))
    order = {k: n for n, k in enumerate(s.key for s in vocab.SUBJECTS)}
    return Reading(tuple(sorted(figures.values(), key=lambda f: order[f.key])), tuple(diagnostics))


def find_figures(paragraphs: list[Paragraph], year: int | None) -> list[Figure]:
    """The legacy figures stated in the prose (only those found; absent keys mean null)."""
    return list(read_figures(paragraphs, year, agency=find_agency(paragraphs).value).figures)
