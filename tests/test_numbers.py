import pytest

from govreport.errors import CellValueError
from govreport.numbers import looks_numeric, parse_cell, unit_from_header
from govreport.schema import COUNT, MONEY, SIGNED


@pytest.mark.parametrize("raw,kind,unit,expected", [
    ("0", COUNT, None, 0),
    ("5361", COUNT, None, 5361),
    (" 12 ", COUNT, None, 12),
    ("１２", COUNT, None, 12),  # full-width digits
    ("1,234", COUNT, None, 1234),
    ("1，234", COUNT, None, 1234),
    ("53 61", COUNT, None, 5361),  # a stray space inside a number
    ("12件", COUNT, None, 12),
    ("3.0", COUNT, None, 3),
    ("+44", SIGNED, None, 44),
    ("-3", SIGNED, None, -3),
    ("−3", SIGNED, None, -3),  # unicode minus
    ("0", SIGNED, None, 0),
    ("11309.56万元", MONEY, None, 113095600),
    ("395.721萬元", MONEY, None, 3957210),
    ("785901.37", MONEY, "元", 785901.37),
    ("251000元", MONEY, None, 251000),
    ("1.5", MONEY, "万元", 15000),
    ("0", MONEY, "万元", 0),
    ("12万元", MONEY, "元", 120000),  # the cell's own unit wins over the header's
    ("2亿元", MONEY, None, 200000000),
])
def test_values(raw, kind, unit, expected):
    value = parse_cell(raw, kind, unit=unit)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("raw", ["", "  ", "/", "—", "-", "——", "&nbsp;", "\u00a0", "－"])
def test_blanks_are_none(raw):
    assert parse_cell(raw, COUNT) is None
    assert parse_cell(raw, MONEY, unit="元") is None


@pytest.mark.parametrize("raw,kind,unit", [
    ("abc", COUNT, None),
    ("12abc", COUNT, None),
    ("1.5", COUNT, None),  # a count is whole
    ("+3", COUNT, None),  # a sign where no change is expected
    ("12.5", MONEY, None),  # an amount without any unit is not guessed
    ("12.5美元", MONEY, None),
    ("1.属于国家秘密", COUNT, None),
    ("2020年", COUNT, None),
    ("12%", COUNT, None),
])
def test_garbage_raises(raw, kind, unit):
    with pytest.raises(CellValueError):
        parse_cell(raw, kind, unit=unit)


def test_unit_from_header():
    assert unit_from_header("采购总金额（元）") == "元"
    assert unit_from_header("采购总金额(万元)") == "万元"
    assert unit_from_header("本年收费金额（单位：万元）") == "万元"
    assert unit_from_header("采购总金额") is None


def test_looks_numeric_is_not_fooled_by_enumerated_labels():
    assert looks_numeric("0") and looks_numeric("+44") and looks_numeric("11309.56万元") and looks_numeric("")
    assert not looks_numeric("1.属于国家秘密")
    assert not looks_numeric("5. 要求行政机关确认或重新出具已获取信息")
