import decimal
import json
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.errors import CellValueError
from govreport.numbers import (
    MAX_AMOUNT_DIGITS,
    MAX_COUNT_DIGITS,
    UNIT_FACTORS,
    from_plain,
    looks_numeric,
    parse_cell,
    plain_value,
    unit_from_header,
)
from govreport.schema import COUNT, MONEY, SIGNED


@pytest.mark.parametrize("raw,kind,unit,expected", [
    ("0", COUNT, None, 0),
    ("5361", COUNT, None, 5361),
    (" 12 ", COUNT, None, 12),
    ("１２", COUNT, None, 12),  # full-width digits
    ("1,234", COUNT, None, 1234),
    ("1，234", COUNT, None, 1234),
    ("12件", COUNT, None, 12),
    ("12 件", COUNT, None, 12),  # a space after the last digit splits nothing
    ("3.0", COUNT, None, 3),
    ("+44", SIGNED, None, 44),
    ("-3", SIGNED, None, -3),
    ("- 3", SIGNED, None, -3),  # a space before the first digit splits nothing
    ("−3", SIGNED, None, -3),  # unicode minus
    ("0", SIGNED, None, 0),
    ("11309.56万元", MONEY, None, Decimal(113095600)),
    ("395.721萬元", MONEY, None, Decimal(3957210)),
    ("785901.37", MONEY, "元", Decimal("785901.37")),
    ("251000元", MONEY, None, Decimal(251000)),
    ("1.5", MONEY, "万元", Decimal(15000)),
    ("0", MONEY, "万元", Decimal(0)),
    ("12万元", MONEY, "元", Decimal(120000)),  # the cell's own unit wins over the header's
    ("2亿元", MONEY, None, Decimal(200000000)),
    ("0.000001万元", MONEY, None, Decimal("0.01")),
])
def test_values(raw, kind, unit, expected):
    value = parse_cell(raw, kind, unit=unit)
    assert value == expected
    assert type(value) is type(expected)


def test_amounts_have_one_spelling():
    assert str(parse_cell("1.5", MONEY, unit="万元")) == "15000"  # not 15000.0 nor 1.5E+4
    assert str(parse_cell("785901.370元", MONEY)) == "785901.37"


@pytest.mark.parametrize("raw", ["", "  ", "/", "—", "-", "——", "&nbsp;", "\u00a0", "－"])
def test_blanks_are_none(raw):
    assert parse_cell(raw, COUNT) is None
    assert parse_cell(raw, MONEY, unit="元") is None


@pytest.mark.parametrize("raw,kind,unit", [
    ("abc", COUNT, None),
    ("12abc", COUNT, None),
    ("1.5", COUNT, None),  # a count is whole
    ("+3", COUNT, None),  # a sign where no change is expected
    ("12.5美元", MONEY, None),
    ("1.属于国家秘密", COUNT, None),
    ("2020年", COUNT, None),
    ("12%", COUNT, None),
])
def test_garbage_raises(raw, kind, unit):
    with pytest.raises(CellValueError) as e:
        parse_cell(raw, kind, unit=unit)
    assert e.value.code == "GR105"


def test_amount_without_unit_is_gr108():
    with pytest.raises(CellValueError) as e:
        parse_cell("12.5", MONEY)
    assert e.value.code == "GR108"


# -- digits joined across a space, tab, line break or paragraph boundary: GR151 -------------

@pytest.mark.parametrize("raw,kind,unit", [
    ("1 234", COUNT, None), ("53 61", COUNT, None), ("2\t0", COUNT, None), ("5 5", COUNT, None),
    ("13\n524", COUNT, None), ("2\n1", COUNT, None), ("1, 234", COUNT, None), ("1\u2009234", COUNT, None),
    ("1\u3000234", COUNT, None), ("12.12 5万元", MONEY, None), ("1 2", MONEY, "元"), ("-1 2", SIGNED, None),
    ("1 2件", COUNT, None),
])
def test_digits_split_by_space_are_never_joined(raw, kind, unit):
    with pytest.raises(CellValueError) as e:
        parse_cell(raw, kind, unit=unit)
    assert e.value.code == "GR151"


@given(st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=2, max_size=4),
       st.lists(st.sampled_from([" ", "\t", "\n", "\u3000", "\u00a0", "  ", " \n "]), min_size=3, max_size=3))
def test_property_no_two_digit_runs_are_ever_one_number(runs, seps):
    raw = runs[0] + "".join(sep + run for sep, run in zip(seps, runs[1:]))
    for kind, unit in ((COUNT, None), (SIGNED, None), (MONEY, "元")):
        with pytest.raises(CellValueError) as e:
            parse_cell(raw, kind, unit=unit)
        assert e.value.code == "GR151"


# -- digits of other scripts: GR150 --------------------------------------------------------

OTHER_DIGITS = [chr(c) for c in range(0x80, 0x30000)
                if chr(c).isdigit() and not (0xFF10 <= c <= 0xFF19)]  # full-width 0-9 fold to ASCII


def test_there_are_many_other_digits():
    assert len(OTHER_DIGITS) > 500 and "٣" in OTHER_DIGITS and "²" in OTHER_DIGITS and "①" in OTHER_DIGITS


@given(st.sampled_from(OTHER_DIGITS), st.text("0123456789", max_size=3), st.text("0123456789", max_size=3),
       st.sampled_from([COUNT, SIGNED, MONEY]))
def test_property_other_scripts_digits_are_text(digit, before, after, kind):
    raw = before + digit + after
    with pytest.raises(CellValueError) as e:
        parse_cell(raw, kind, unit="元")
    assert e.value.code == "GR150", unicodedata.name(digit, hex(ord(digit)))


def test_other_digits_still_look_like_a_value_so_the_cell_is_null_not_a_label():
    # The builder must treat such a cell as a value (then null + GR150), not as row text.
    assert looks_numeric("١٢") and looks_numeric("３")


# -- exactness: no float, no rounding, no digits beyond what a count or an amount holds ------

@given(st.integers(-(10**MAX_COUNT_DIGITS) + 1, 10**MAX_COUNT_DIGITS - 1))
def test_property_counts_are_exact_ints(n):
    raw = f"{n:+d}"
    assert parse_cell(raw, SIGNED) == n and type(parse_cell(raw, SIGNED)) is int


def test_long_numbers_are_refused_not_rounded():
    for raw, kind in (("1" * 19, COUNT), ("-" + "9" * 40, SIGNED), ("1" * 5000, COUNT),
                      ("1234567890123456.5元", MONEY), ("1" * 16 + "元", MONEY), ("1" * 12 + "万元", MONEY),
                      ("0." + "1" * 16 + "元", MONEY)):
        with pytest.raises(CellValueError) as e:
            parse_cell(raw, kind)
        assert e.value.code == "GR152", raw


def test_the_callers_decimal_context_changes_nothing():
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert parse_cell("123456.789万元", MONEY) == Decimal("1234567890")
        assert parse_cell("987654321012345元", MONEY) == Decimal("987654321012345")


@given(st.integers(0, 10**MAX_AMOUNT_DIGITS - 1), st.integers(0, 6), st.sampled_from(["元", "万元", "亿元"]))
def test_property_amounts_are_exact_and_survive_json(coefficient, scale, unit):
    digits = str(coefficient)
    raw = (digits[:-scale] or "0") + "." + digits[-scale:].rjust(scale, "0") if scale else digits
    factor = {"元": 0, "万元": 4, "亿元": 8}[unit]
    try:
        value = parse_cell(raw + unit, MONEY)
    except CellValueError as e:  # only for amounts of 10**15 元 and more
        assert e.code == "GR152"
        assert len(digits) - scale + factor > MAX_AMOUNT_DIGITS
        return
    assert isinstance(value, Decimal)
    assert value == Decimal(raw).scaleb(factor, decimal.Context(prec=60))
    plain = plain_value(value)
    back = json.loads(json.dumps(plain, allow_nan=False))
    assert from_plain(back) == value  # exact through JSON, both ways


def test_plain_value_leaves_other_values_alone():
    assert plain_value(3) == 3 and plain_value(None) is None and plain_value("x") == "x"
    assert type(plain_value(Decimal(15000))) is int and plain_value(Decimal("0.5")) == 0.5


def test_unit_from_header():
    assert unit_from_header("采购总金额（元）") == "元"
    assert unit_from_header("采购总金额(万元)") == "万元"
    assert unit_from_header("本年收费金额（单位：万元）") == "万元"
    assert unit_from_header("采购总金额") is None


@given(prefix=st.text(alphabet="万萬亿億千百十", min_size=1, max_size=3),
       form=st.sampled_from(["本年收费金额（单位：{}）", "本年收费金额(单位:{})", "金额（{}）", "金额 单位：{}"]))
def test_a_header_unit_is_read_whole_or_refused(prefix: str, form: str) -> None:
    """A unit word is read as written, magnitudes and all (found by the fuzz run: "万亿元" was
    read as 亿元, 395.721 as 39,572,100,000): a known unit converts, any other refuses."""
    unit = (prefix + "元").replace("萬", "万").replace("億", "亿")  # read in simplified script
    assert unit_from_header(form.format(prefix + "元")) == unit
    known = unit in ("万元", "亿元")
    if known:
        assert parse_cell("395.721", MONEY, unit=unit) == Decimal("395.721") * UNIT_FACTORS[unit]
    else:
        with pytest.raises(CellValueError):
            parse_cell("395.721", MONEY, unit=unit)


def test_looks_numeric_is_not_fooled_by_enumerated_labels():
    assert looks_numeric("0") and looks_numeric("+44") and looks_numeric("11309.56万元") and looks_numeric("")
    assert not looks_numeric("1.属于国家秘密")
    assert not looks_numeric("5. 要求行政机关确认或重新出具已获取信息")


# -- a cell's lines (paragraphs, <br> lines, wrapped lines) joined for the number parser ----

@given(st.lists(st.text("0123456789,.", min_size=1, max_size=5), min_size=2, max_size=4),
       st.sampled_from(["", "\n"]), st.sampled_from([COUNT, SIGNED, MONEY]))
def test_property_a_cells_lines_never_join_into_one_number(lines, joiner, kind):
    from govreport.numbers import join_cell_lines

    joined = join_cell_lines(lines, joiner).replace("\n", "")  # a layout may drop the joiner
    try:
        value = parse_cell(joined, kind, unit="元")
    except CellValueError:
        return
    assert value is None  # only when every line was a blank marker


def test_join_cell_lines_joins_wrapped_labels_and_keeps_digits_apart():
    from govreport.numbers import join_cell_lines

    assert join_cell_lines(["属于国家", "秘密"]) == "属于国家秘密"
    assert join_cell_lines(["13", "", " 524 "]) == "13 524"
    assert join_cell_lines(["2", "1"], "\n") == "2 \n1"
    assert join_cell_lines(["2019年", "12月"]) == "2019年12月"
    assert join_cell_lines([]) == ""


def test_a_refused_cell_keeps_no_parse_alive() -> None:
    """The parser memoises its refusals; a memoised error must not hold a traceback, whose frames
    hold their callers' (a whole report's parse per distinct bad cell text: 50 MB per 1,000
    fuzzed reports before)."""
    import gc
    import weakref

    class Marker:
        pass

    def parse_with_a_marker_alive(text: str) -> weakref.ref[Marker]:
        marker = Marker()  # a local of a caller's frame, as a Report being built is
        with pytest.raises(CellValueError):
            parse_cell(text, COUNT)
        return weakref.ref(marker)

    ref = parse_with_a_marker_alive("12 345 not a number, never seen before")
    gc.collect()
    assert ref() is None
