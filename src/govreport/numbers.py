"""The one number parser for table cells.

Counts are ``int``; ``change`` (a signed column) keeps its sign; money is a :class:`decimal.Decimal`
in yuan whatever unit the cell or its column header used, computed from the cell's digits with
no float on the way. Blank cells (empty, ``&nbsp;``, ``/``, ``—``, ``-`` alone) are ``None``.
Anything else raises :class:`~govreport.errors.CellValueError`: a cell is never guessed.

What is never a number (each is a :class:`~govreport.errors.CellValueError` with its own code):

* digits other than ASCII ``0-9`` and their full-width forms (``GR150``): ``٣``, ``²``, ``①``
  are text, however Python's ``int`` would read them;
* two digit runs with whitespace between them (``GR151``): ``1 234``, ``2\t0``, and a cell whose
  paragraphs or ``<br>`` lines were ``13`` and ``524``: whether that is one number or two
  cannot be told;
* more digits than a count (18: a 64-bit integer) or an exact amount (15 significant digits:
  what a JSON number holds exactly) can have (``GR152``): a cell is null, not rounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .engine.memo import FunctionMemo
from .errors import CellValueError
from .normalize import fold_width
from .schema import COUNT, MONEY, SIGNED

BLANKS = frozenset({"", "/", "\\", "-", "--", "—", "——", "–", "－", "―", "&nbsp;", "&#160;", "nbsp",
                    "一", "／"})
# 一 alone is how some exports render a dash in a CJK font; a count of one is written 1.

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "萬元": Decimal(10000), "亿元": Decimal(10**8),
                "億元": Decimal(10**8)}
COUNT_UNITS = ("件", "条", "个", "项", "次", "人次", "起", "家", "篇", "份")

# Digits are ASCII only (full-width ones are folded to ASCII first): the pattern is compiled
# with re.ASCII so that \d and \s never take another script's digits or spaces.
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>[^\d\s].*)?$",
    re.ASCII | re.DOTALL,
)
# Any character Unicode calls a digit (Nd, and the superscript/circled ones str.isdigit takes),
# or a space of any kind: cells holding them get a closer look than the plain count.
_SUSPECT = re.compile(r"[^\x00-\x7f]|\s")
_ASCII_DIGIT = re.compile(r"[0-9]")
_SPACE = re.compile(r"\s")  # any kind of space, U+2009 and friends included
# Counts fit a 64-bit integer (SQLite, Parquet). An amount in yuan below 10**15 with at most 15
# significant digits is exact as a double, so as a JSON number, a SQLite REAL and a Parquet float.
MAX_COUNT_DIGITS = 18
MAX_AMOUNT_DIGITS = 15
# Enough precision that scaling an amount of MAX_AMOUNT_DIGITS by 10**8 is exact, whatever
# the caller set as decimal's default context.
_EXACT = Context(prec=MAX_AMOUNT_DIGITS + 20, traps=[InvalidOperation])
# The whole unit word a header declares, magnitudes and all: "万亿元" is read as itself (a unit
# no amount is converted by), never as the "亿元" or "元" at its end.
_UNIT_IN_HEADER = re.compile(r"[(（][^()（）]*?(?<![万萬亿億千百十])([万萬亿億千百十]*元)[)）]"
                             r"|单位\s*[:：]?\s*([万萬亿億千百十]*元)")
_INNER_SPACE = re.compile(r"(?<=\d)\s+(?=\d)")
_UNIT_WORDS = "|".join(sorted({*UNIT_FACTORS, *COUNT_UNITS, "人民币元", "%"}, key=len, reverse=True))
# A value cell: a number with at most a unit after it. "1.<label>" is a label, not 1.
_VALUE_LIKE = re.compile(r"^[+-]?\s*\d[\d,]*(?:\.\d+)?\s*(?:" + _UNIT_WORDS + r")?$")


@lru_cache(maxsize=4096)
def unit_from_header(label: str) -> str | None:
    """The money unit a column header declares: ``金额（元）`` → ``元``. A unit word the
    template does not know (``千元``, ``万亿元``) is returned as written, so that
    :func:`parse_cell` refuses the column's amounts instead of converting them by part of it."""
    m = _UNIT_IN_HEADER.search(fold_width(label))
    if not m:
        return None
    unit = m.group(1) or m.group(2)
    return unit.replace("萬", "万").replace("億", "亿")


def is_blank(text: str) -> bool:
    """True for the spellings of an empty cell."""
    return text in BLANKS or text.strip().replace("\u00a0", "") in BLANKS


@lru_cache(maxsize=16384)
def looks_numeric(text: str) -> bool:
    """True when the text is a blank marker or starts like a number (a cheap test for layouts)."""
    t = fold_width(text).strip()
    if t in BLANKS:
        return True
    return bool(_VALUE_LIKE.match(_INNER_SPACE.sub("", t)))


def parse_cell(raw: str, kind: str = COUNT, *, unit: str | None = None) -> int | Decimal | None:
    """Parse a cell's text.

    ``kind`` is ``count``, ``signed`` or ``money``; ``unit`` is the money unit declared by the
    column header or the template (``元``/``万元``), used when the cell itself states none.
    Returns ``None`` for a blank cell, an ``int`` for a count, a ``Decimal`` (yuan) for money.
    """
    if kind != MONEY and raw.isascii() and raw.isdigit() and len(raw) <= MAX_COUNT_DIGITS:
        return int(raw)  # the common case: a plain count
    value = _PARSED[raw, kind, unit]
    if isinstance(value, CellValueError):
        raise CellValueError(value.message, expected=value.expected, code=value.code)
    return value


def _value_or_refusal(cell: tuple[str, str, str | None]) -> int | Decimal | CellValueError | None:
    """What :func:`parse_cell` gives for ``(raw, kind, unit)``: the value, or the error it raises."""
    try:
        return _parse(*cell)
    except CellValueError as e:
        # A fresh error, never raised: the caught one holds its traceback, whose frames hold
        # their callers' (the whole parse of the report it came from), for as long as the memo
        # keeps it: 50 MB per 1,000 fuzzed reports before.
        return CellValueError(e.message, expected=e.expected, code=e.code)


# Reports repeat their cell texts (blanks, amounts, the same junk): each is parsed once per kind
# and unit, refusals included.
_PARSED: FunctionMemo[tuple[str, str, str | None], int | Decimal | CellValueError | None] = FunctionMemo(
    "the value (or the refusal) of each cell text, by kind and unit", 16_384, _value_or_refusal)


def _parse(raw: str, kind: str, unit: str | None) -> int | Decimal | None:
    text = fold_width(raw).strip()
    if text in BLANKS or text.replace("\u00a0", "") in BLANKS:
        return None
    text = text.replace("，", ",")
    if _SUSPECT.search(text):
        _refuse_suspect(raw, text, kind)
    m = _NUMBER.match(text)
    if not m:
        raise CellValueError(f"cell {raw!r} is not a number", expected=_expected(kind))
    sign, int_part, frac, cell_unit = m.group("sign"), m.group("int"), m.group("frac"), m.group("unit")
    digits = int_part.replace(",", "")
    cell_unit = (cell_unit or "").strip()

    if kind == MONEY:
        chosen = cell_unit or unit
        if not chosen:
            raise CellValueError(f"amount {raw!r} states no unit", expected="an amount in 元 or 万元", code="GR108")
        chosen = chosen.replace("萬", "万").replace("億", "亿").replace("人民币", "")
        if chosen not in UNIT_FACTORS:
            raise CellValueError(f"amount {raw!r} has unknown unit {chosen!r}", expected="元 or 万元")
        factor = UNIT_FACTORS[chosen]
        significant = len((digits + (frac or "")).strip("0"))
        whole_digits = len(digits.lstrip("0")) + len(str(factor)) - 1
        if significant > MAX_AMOUNT_DIGITS or whole_digits > MAX_AMOUNT_DIGITS:
            raise CellValueError(f"amount {raw!r} has more digits than an exact amount can have",
                                 expected=f"at most {MAX_AMOUNT_DIGITS} significant digits, below 10**15 元",
                                 code="GR152")
        value = Decimal(f"{sign}{digits}.{frac}" if frac else f"{sign}{digits}")
        return _canonical(_EXACT.multiply(value, factor))

    if cell_unit and cell_unit not in COUNT_UNITS:
        raise CellValueError(f"cell {raw!r} has unexpected text {cell_unit!r}", expected=_expected(kind))
    if frac and frac.strip("0"):
        raise CellValueError(f"count {raw!r} is not a whole number", expected=_expected(kind))
    if kind == COUNT and sign == "+":
        # '+3' in a count column is a change written in the wrong column; refuse to guess.
        raise CellValueError(f"count {raw!r} has a sign", expected=_expected(kind))
    if len(digits.lstrip("0")) > MAX_COUNT_DIGITS:
        raise CellValueError(f"count {raw!r} has more digits than any count", expected=f"at most {MAX_COUNT_DIGITS}",
                             code="GR152")
    count = int(digits)
    return -count if sign == "-" else count


def _refuse_suspect(raw: str, text: str, kind: str) -> None:
    """Raise for the texts that are never a number: other scripts' digits, digits split by space."""
    for ch in text:
        if ch.isdigit() and not ch.isascii():  # isdigit: Nd digits, superscripts, circled digits
            raise CellValueError(f"cell {raw!r} has the digit {ch!r} (U+{ord(ch):04X}), which is not 0-9",
                                 expected=_expected(kind) + " in the digits 0-9", code="GR150")
    first = _ASCII_DIGIT.search(text)
    last = len(text) - 1
    while last >= 0 and not ("0" <= text[last] <= "9"):
        last -= 1
    if first is not None and _SPACE.search(text, first.start(), last):
        raise CellValueError(f"cell {raw!r} has digits on both sides of a space or line break: one number or two?",
                             expected=_expected(kind) + " without spaces between its digits", code="GR151")


def _canonical(d: Decimal) -> Decimal:
    """One spelling per amount: ``15000`` for 1.5万元 (not ``15000.0``), ``785901.37`` for
    ``785901.370``; exact, whatever the default context."""
    if d == d.to_integral_value(context=_EXACT):
        return Decimal(int(d))
    return d.normalize(context=_EXACT)


def _expected(kind: str) -> str:
    return {COUNT: "a whole number", SIGNED: "a whole number with an optional sign",
            MONEY: "an amount"}.get(kind, "a number")


def plain_value(value: Any) -> Any:
    """A value as JSON, SQLite and Parquet hold it: an amount (``Decimal``) becomes an ``int``
    when it is whole, else the ``float`` whose shortest repr is the amount's own digits (exact:
    :func:`parse_cell` keeps amounts below 10**15 with at most 15 significant digits, which a
    double holds exactly). Every other value is returned as it is."""
    if type(value) is not Decimal:
        return value
    if value == value.to_integral_value(context=_EXACT):
        return int(value)
    return float(value)


def from_plain(value: Any) -> Any:
    """The inverse of :func:`plain_value` for a value read back from JSON: a float is the
    amount its repr spells (``785901.37`` → ``Decimal('785901.37')``), so a Report read back
    from its JSON equals the one written."""
    return Decimal(repr(value)) if type(value) is float else value


# Characters that may stand inside a number: a line boundary between two of them is kept visible.
_NUMBER_EDGE = frozenset("0123456789０１２３４５６７８９,.，．")


def join_cell_lines(lines: Iterable[str], joiner: str = "") -> str:
    """The lines of one table cell (its paragraphs, its ``<br>`` lines) as one text.

    Lines are stripped, empty ones dropped, and joined with ``joiner`` (nothing by default: a
    label wrapped in its cell, ``属于国家`` + ``秘密``, is one label) except where the line above
    ends and the line below starts like a number: there a space stands before ``joiner``, so
    ``13`` and ``524`` become ``13 524``, which :func:`parse_cell` refuses (``GR151``) instead of
    reading 13524. A layout that later drops ``joiner`` still keeps that space.
    """
    out: list[str] = []
    prev = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out:
            out.append(" " + joiner if prev[-1] in _NUMBER_EDGE and line[0] in _NUMBER_EDGE else joiner)
        out.append(line)
        prev = line
    return "".join(out)
