"""The public building blocks for line layouts: run-of-lines grammars and LineBlocks."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.blocks import Grid, GridRow, Paragraph
from govreport.errors import FormatError
from govreport.lines import LineBlocks, parse_blocks, split_cells

GRAMMAR = """
%import gr_common (TABLE_RUN_PIPE, TEXT_RUN_PIPE)
start: _run*
_run: rows | text
rows: TABLE_RUN_PIPE
text: TEXT_RUN_PIPE
"""


class SemicolonRows(LineBlocks):
    def table_rows(self, lines, first_line):
        return [GridRow(split_cells(body.replace(";", "|"), first_line + n, "|"), first_line + n)
                for n, body in enumerate(lines)]


@pytest.fixture
def grammar(tmp_path):
    path = tmp_path / "semi.lark"
    path.write_text(GRAMMAR, encoding="utf-8")
    return path


def test_a_third_party_grammar_imports_the_shared_runs(grammar):
    text = "标题\n\n  说明文字\n规章 | 3\n\n行政许可 | 4 ; 5\n结尾"
    blocks = parse_blocks(grammar, text, SemicolonRows(), layout="semi")
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, Grid, Paragraph]
    assert blocks[1] == Paragraph("说明文字", 3, 3)
    grid = blocks[2]
    # the blank line between two table lines does not split the grid
    assert [(r.line, r.texts) for r in grid.rows] == [(4, ["规章", "3"]), (6, ["行政许可", "4", "5"])]
    assert grid.rows[1].cells[1].column == 8
    assert blocks[3].line == 7


def test_a_text_without_a_final_line_break_and_an_empty_text(grammar):
    assert parse_blocks(grammar, "", SemicolonRows(), layout="semi") == []
    assert parse_blocks(grammar, "a | 1", SemicolonRows(), layout="semi")[0].rows[0].texts == ["a", "1"]


def test_text_the_grammar_refuses_is_a_format_error_with_its_line(tmp_path):
    path = tmp_path / "strict.lark"
    path.write_text("start: LINE+\nLINE: /[a-z]+\\n/\n", encoding="utf-8")
    with pytest.raises(FormatError) as e:
        parse_blocks(path, "abc\nDEF\n", LineBlocks(), layout="strict")
    assert e.value.line == 2 and "strict" in str(e.value)


def _split_cells_by_hand(text, line, separator, drop_terminator=False):
    """The definition split_cells computes in C: each piece stripped, starting at its first
    non-space character (a blank piece where it ends)."""
    pieces = text.split(separator)
    if drop_terminator and len(pieces) > 1 and not pieces[-1].strip():
        pieces.pop()
    cells, col = [], 1
    for piece in pieces:
        unindented = piece.lstrip()
        end = col + len(piece)
        cells.append((unindented.rstrip(), line, end - len(unindented), 1, 1))
        col = end + len(separator)
    return cells


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(" \t|ab规章0１\u3000\u2009\xa0\x1f\x85\u200b\u2028")), max_size=40),
       separator=st.sampled_from(["\t", "|", " | "]), drop=st.booleans())
def test_split_cells_is_the_pieces_stripped_at_their_columns(text, separator, drop):
    got = [tuple(c) for c in split_cells(text, 7, separator, drop_terminator=drop)]
    assert got == _split_cells_by_hand(text, 7, separator, drop)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.text(alphabet=st.sampled_from(list(" \t|ab规章0１\u3000\u2009\xa0\x1f\x85\u200b\u2028")),
                              max_size=20), max_size=6),
       separator=st.sampled_from(["\t", "|", " | "]), first=st.integers(1, 500))
def test_split_rows_are_the_lines_split_one_by_one(lines, separator, first):
    """split_rows asks once of a whole run whether any cell holds whitespace: its rows are
    split_cells' of each line, whichever lines of the run hold some."""
    from govreport.blocks import GridRow
    from govreport.lines import split_rows

    lines = [ln.replace("\n", "") for ln in lines]
    expected = [GridRow(split_cells(body, first + n, separator), first + n) for n, body in enumerate(lines)]
    assert split_rows(lines, first, separator) == expected


def test_split_rows_of_a_clean_run_and_of_a_run_with_one_padded_cell():
    from govreport.lines import split_rows

    clean = split_rows(["a\t1\t\t2", "b\t3\t4\t"], 10, "\t")
    assert [[tuple(c) for c in r.cells] for r in clean] == [
        [("a", 10, 1, 1, 1), ("1", 10, 3, 1, 1), ("", 10, 5, 1, 1), ("2", 10, 6, 1, 1)],
        [("b", 11, 1, 1, 1), ("3", 11, 3, 1, 1), ("4", 11, 5, 1, 1), ("", 11, 7, 1, 1)]]
    padded = split_rows(["a\t1", "b\t 3 "], 1, "\t")  # one cell with spaces: stripped, at its first character
    assert [tuple(c) for c in padded[1].cells] == [("b", 2, 1, 1, 1), ("3", 2, 4, 1, 1)]
