"""The one decoder (govreport.decode): BOMs, declared charsets checked against the bytes, UTF-8,
GB18030, and no silent replacement characters."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
import strategies as gs
from factories import cell_values, make_report
from govreport.decode import declared_charset, decode
from govreport.errors import DecodeError
from govreport.render import render
from sources import to_html

ROOT = Path(__file__).resolve().parents[1]


def test_one_decoder_in_the_code_base():
    """No module but govreport/decode.py turns bytes into text (the .docx plugin hands XML
    bytes to its XML parser, which is not a text decoder)."""
    offenders = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]:
        if path.name == "decode.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.decode\(|codecs\.(?:decode|lookup|getdecoder)|TextIOWrapper", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_gbk_page_declaring_utf8_is_read_as_gb18030_with_a_diagnostic():
    report = make_report("2019", seed=4)
    page = to_html(report, charset="utf-8").decode("utf-8").encode("gb18030")
    decoded = decode(page)
    assert decoded.encoding == "gb18030" and decoded.declaration_overruled
    back = govreport.parse(page, source="page.html")
    assert cell_values(back) == cell_values(report)
    assert any(d.code == "GR008" and "'utf-8'" in d.message for d in back.diagnostics)


def test_utf8_page_declaring_gbk_is_read_as_utf8_with_a_diagnostic():
    report = make_report("2021", seed=5)
    page = to_html(report, charset="gbk").decode("gb18030").encode("utf-8")
    # Read as declared with errors="replace", these bytes are mojibake with a few U+FFFD in it.
    assert "\ufffd" in page.decode("gb18030", errors="replace")
    decoded = decode(page)
    assert decoded.encoding == "utf-8" and decoded.declaration_overruled
    back = govreport.parse(page, source="page.html")
    assert cell_values(back) == cell_values(report)
    assert any(d.code == "GR008" and "'gbk'" in d.message for d in back.diagnostics)


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312", "GB18030"])
def test_a_declared_charset_that_fits_gives_no_diagnostic(charset):
    report = make_report("2019", seed=6)
    back = govreport.parse(to_html(report, charset=charset), source="page.html")
    assert cell_values(back) == cell_values(report)
    assert not any(d.code in ("GR008", "GR009") for d in back.diagnostics)


@settings(max_examples=20, deadline=None)
@given(report=gs.reports(), actual=st.sampled_from(["utf-8", "gb18030"]),
       declared=st.sampled_from(["utf-8", "UTF8", "gbk", "gb2312", "gb18030", "big5", "no-such-charset", None]))
def test_any_declaration_on_any_encoding_gives_the_same_text(report, actual, declared):
    """The family: whatever a page declares, a page in UTF-8 or GB18030 decodes to its text."""
    text = render(report, "pipe")
    head = f'<meta charset="{declared}">\n' if declared else ""
    data = (head + text).encode(actual)
    assert decode(data).text == head + text


def test_declared_charset_is_looked_for_in_markup_only():
    assert declared_charset(b'<?xml version="1.0" encoding="GBK"?><a/>') == "GBK"
    assert declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=gb2312'>") == "gb2312"
    assert declared_charset("规章 charset=gbk\n".encode()) is None


def test_a_few_undecodable_bytes_are_replaced_and_reported_never_silently():
    report = make_report("2019", seed=7)
    text = render(report, "tsv")
    data = bytearray(text.encode("utf-8"))
    line = text.split("\n").index(next(ln for ln in text.split("\n") if ln.startswith("行政许可")))
    at = text.encode("utf-8").index("行政许可".encode()) + len("行政许可\t".encode())
    data[at] = 0xFF  # the first value of 行政许可 becomes undecodable
    back = govreport.parse(bytes(data), source="r.txt")
    [diag] = [d for d in back.diagnostics if d.code == "GR009"]
    assert diag.line == line + 1
    got, want = cell_values(back), cell_values(report)
    assert not {k for k, v in got.items() if v is not None and v != want.get(k)}  # null, never wrong


def test_many_undecodable_bytes_are_a_decode_error_with_position():
    with pytest.raises(DecodeError) as err:
        decode(b"ok\n\xff\xfe\xfd\x80\x80", source="bad.txt")
    assert err.value.line == 2 and err.value.source == "bad.txt"
    with pytest.raises(DecodeError):
        decode(b'<meta charset="utf-8">' + b"\xff\x80" * 100)  # in no candidate encoding


def test_boms():
    assert decode("\ufeff规章".encode()).encoding == "utf-8-sig"
    assert decode("规章".encode("utf-16")).text == "规章"
    with pytest.raises(DecodeError):
        decode(b"\xef\xbb\xbf\xff\xff")


@settings(max_examples=25, deadline=None)
@given(report=gs.reports(), layout=st.sampled_from(gs.LAYOUTS), encoding=st.sampled_from(["utf-8", "gb18030"]),
       declared=st.sampled_from([None, "utf-8", "gbk"]), damage=st.lists(st.floats(0, 1, exclude_max=True),
                                                                         min_size=1, max_size=3))
def test_damaged_bytes_keep_their_encoding_and_are_reported(report, layout, encoding, declared, damage):
    """The family of damaged files: a few bytes of a UTF-8 or GB18030 report (with or without a
    declared charset, right or wrong) replaced by 0xFF. The encoding stays the real one (GB18030
    would decode damaged UTF-8 into mojibake without an error), the damage is reported (GR009)
    with its line, and the report still parses."""
    head = f'<meta charset="{declared}">\n' if declared else ""
    data = bytearray((head + render(report, layout)).encode(encoding))
    for at in damage:
        data[len(head) + int(at * (len(data) - len(head)))] = 0xFF
    decoded = decode(bytes(data))
    assert decoded.encoding == encoding and decoded.replaced >= 1
    assert decoded.first_replaced_line == decoded.text[: decoded.text.index("\ufffd")].count("\n") + 1
    if not declared:
        back = govreport.parse(bytes(data), source="r.txt")
        assert any(d.code == "GR009" for d in back.diagnostics)
