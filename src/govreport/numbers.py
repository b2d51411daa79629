"""The one number parser for table cells.

Counts are integers; ``change`` (本年增/减) keeps its sign; money is returned in yuan whatever
unit the cell or its column header used. Blank cells (empty, ``&nbsp;``, ``/``, ``—``, ``-``
alone) are ``None``. Anything else raises [`CellValueError`][govreport.errors.CellValueError]: a cell is
never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .errors import CellValueError
from .normalize import fold_width
from .schema import COUNT, MONEY, SIGNED

BLANKS = frozenset({"", "/", "\\", "-", "--", "—", "——", "–", "－", "―", "&nbsp;", "&#160;", "nbsp",
                    "一", "／"})
# 一 alone is how some exports render a dash in a CJK font; a count of one is written 1.

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "萬元": Decimal(10000), "亿元": Decimal(10**8),
                "億元": Decimal(10**8)}
COUNT_UNITS = ("件", "条", "个", "项", "次", "人次", "起", "家", "篇", "份")

_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>[^\d\s].*)?$"
)
_UNIT_IN_HEADER = re.compile(r"[(（][^()（）]*?(万元|萬元|亿元|億元|元)[)）]|单位\s*[:：]?\s*(万元|萬元|亿元|億元|元)")
_INNER_SPACE = re.compile(r"(?<=\d)\s+(?=\d)")
_UNIT_WORDS = "|".join(sorted({*UNIT_FACTORS, *COUNT_UNITS, "人民币元", "%"}, key=len, reverse=True))
# A value cell: a number with at most a unit after it. "1.属于国家秘密" is a label, not 1.
_VALUE_LIKE = re.compile(r"^[+-]?\s*\d[\d,]*(?:\.\d+)?\s*(?:" + _UNIT_WORDS + r")?$")


@lru_cache(maxsize=4096)
def unit_from_header(label: str) -> str | None:
    """The money unit a column header declares: ``采购总金额（元）`` → ``元``."""
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


def _to_number(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def parse_cell(raw: str, kind: str = COUNT, *, unit: str | None = None) -> int | float | None:
    """Parse a cell's text.

    ``kind`` is ``count``, ``signed`` or ``money``; ``unit`` is the money unit declared by the
    column header or the template (``元``/``万元``), used when the cell itself states none.
    Returns ``None`` for a blank cell.
    """
    if raw.isascii() and raw.isdigit() and kind != MONEY:  # the common case: a plain count
        return int(raw)
    value = _parse_cached(raw, kind, unit)
    if isinstance(value, CellValueError):
        raise CellValueError(value.message, expected=value.expected)
    return value


@lru_cache(maxsize=16384)
def _parse_cached(raw: str, kind: str, unit: str | None) -> int | float | CellValueError | None:
    try:
        return _parse(raw, kind, unit)
    except CellValueError as e:
        return e


def _parse(raw: str, kind: str, unit: str | None) -> int | float | None:
    text = fold_width(raw).strip()
    if text in BLANKS or text.replace("\u00a0", "") in BLANKS:
        return None
    text = _INNER_SPACE.sub("", text).replace("，", ",")
    m = _NUMBER.match(text)
    if not m:
        raise CellValueError(f"cell {raw!r} is not a number", expected=_expected(kind))
    sign, int_part, frac, cell_unit = m.group("sign"), m.group("int"), m.group("frac"), m.group("unit")
    cell_unit = (cell_unit or "").strip()
    try:
        value = Decimal(int_part.replace(",", "") + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise CellValueError(f"cell {raw!r} is not a number", expected=_expected(kind)) from None
    if sign == "-":
        value = -value

    if kind == MONEY:
        chosen = cell_unit or unit
        if not chosen:
            raise CellValueError(f"amount {raw!r} states no unit", expected="an amount in 元 or 万元")
        chosen = chosen.replace("萬", "万").replace("億", "亿").replace("人民币", "")
        if chosen not in UNIT_FACTORS:
            raise CellValueError(f"amount {raw!r} has unknown unit {chosen!r}", expected="元 or 万元")
        return _to_number(value * UNIT_FACTORS[chosen])

    if cell_unit and cell_unit not in COUNT_UNITS:
        raise CellValueError(f"cell {raw!r} has unexpected text {cell_unit!r}", expected=_expected(kind))
    if frac and int(frac) != 0:
        raise CellValueError(f"count {raw!r} is not a whole number", expected=_expected(kind))
    if kind == COUNT and sign == "+":
        # '+3' in a count column is a change written in the wrong column; refuse to guess.
        raise CellValueError(f"count {raw!r} has a sign", expected=_expected(kind))
    return int(value)


def _expected(kind: str) -> str:
    return {COUNT: "a whole number", SIGNED: "a whole number with an optional sign",
            MONEY: "an amount"}.get(kind, "a number")
