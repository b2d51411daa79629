import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.errors import DecodeError
from govreport.normalize import _WIDTH_TABLE, decode, fold_width, normalize
from govreport.registry import as_input

TEXT = "二、主动公开政府信息情况\n规章\t0\n"


def test_utf8_and_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == (TEXT, "utf-8-sig")


def test_gb18030_and_gbk_fallback():
    assert decode(TEXT.encode("gb18030")) == (TEXT, "gb18030")
    assert decode(TEXT.encode("gbk")) == (TEXT, "gb18030")


def test_utf16_with_bom():
    assert decode(TEXT.encode("utf-16"))[0] == TEXT


def test_undecodable_bytes_raise_with_position():
    with pytest.raises(DecodeError) as err:
        decode(b"ok\n\xff\xfe\xfd\x80\x80", source="bad.txt")
    e = err.value
    assert e.source == "bad.txt" and e.line is not None and "expected" in str(e)


def test_traditional_script_is_converted_and_remembered():
    n = normalize("行政許可 | 69 | 0 |\n屬于國家秘密 萬元 總計\n")
    assert "行政许可" in n.text and "属于国家秘密" in n.text and "万元" in n.text and "总计" in n.text
    assert n.script == "hant"
    assert normalize(TEXT).script == "hans"


def test_width_folding_markers_and_line_ends():
    n = normalize("（一）　予以公开\r\n\t[bookmark: _GoBack]８\r\n[image: IMG_1]\n")
    assert n.text == "(一) 予以公开\n\t8\n\n"
    assert n.markers_removed == 2
    assert n.text.count("\n") == 3  # line numbers are kept


def test_control_characters_are_dropped():
    assert normalize("a\x0cb\x00c\n").text == "abc\n"


def test_doubled_carriage_returns_are_one_line_break():
    # found by the property tests: CRLF converted twice must not split docx-export rows apart
    assert normalize("a\r\r\nb\r\nc\rd\n").text == "a\nb\nc\nd\n"


@given(st.text(alphabet=st.sampled_from(sorted(set("ab 1|\t\n规章（）：，；\u3000\u00a0\u200b\ufeff\u2212\x00\x0c\x7f"
                                                   + "".join(map(chr, range(0xFF01, 0xFF5F, 7))))))))
def test_fold_width_is_the_translation_table(text: str) -> None:
    # fold_width finds characters with a regex for speed; it must equal translating every character.
    assert fold_width(text) == text.translate(_WIDTH_TABLE)


@pytest.mark.parametrize("line, rows, single", [
    ("规章\t0\t0", 1, 0), ("\t0", 0, 1), ("  \t规章", 0, 1), ("\t\t", 1, 0), ("规章 \t", 1, 0), ("prose", 0, 0),
])
def test_count_tab_lines(line: str, rows: int, single: int) -> None:
    from govreport_plugins.tsv import count_tab_lines

    assert count_tab_lines(f"标题\n{line}\n结尾") == (rows, single)


def _reference_tab_counts(text: str) -> tuple[int, int]:
    rows = single = 0
    for line in text.split("\n"):
        if "\t" not in line:
            continue
        head = line[: line.index("\t")]
        if line.count("\t") >= 2 or head.strip():
            rows += 1
        elif not head.strip(" "):
            single += 1
    return rows, single


@given(st.lists(st.text(alphabet=st.sampled_from(["\t", " ", "a", "规", "\u2009"]), max_size=6), max_size=12))
def test_count_tab_lines_matches_a_line_by_line_count(lines: list[str]) -> None:
    from govreport_plugins.tsv import count_tab_lines

    text = "\n".join(lines)
    assert count_tab_lines(text) == _reference_tab_counts(text)
    shared = as_input(text)  # what the sniffers share: the same counts, from its split lines
    assert shared.tab_lines == _reference_tab_counts(text)


def test_the_shared_tab_counts_of_a_docx_export_do_not_split_its_lines() -> None:
    """Every tab opens its line: the counts need no lines, so ranking a docx export (whose
    other sniffers leave before splitting it) never splits its text."""
    every_tab_opens = as_input("标题\n\t规章\n\t0\n\n\t行政许可\n\t3")
    assert every_tab_opens.tab_lines == (0, 4)
    assert "lines" not in vars(every_tab_opens)
    tab_separated = as_input("规章\t0\t0\n\t行政许可")
    assert tab_separated.tab_lines == (1, 1)
    assert tab_separated.lines == ["规章\t0\t0", "\t行政许可"]  # split once, for the counts and the sniffers
