"""The fuzz harness's short run (a few seconds in the default suite) and its regressions.

The long run is ``tests/fuzz/run.py`` (see ``docs/limits.md``): the same mutants and the same
checker, millions of them, findings kept. Each finding fixed becomes a regression below.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.checker import LEGACY_NOT_STATED, _figure_follows_raw, check
from fuzz.mutate import ALPHABET, HTML_SPLITS, RUN_PIECES, mutant

# Nothing is tolerated: a null cell's raw is the input's text too (a wrapped cell keeps its
# line breaks, so each of its lines is).
TOLERATED: set[str] = set()

FAST = int(os.environ.get("GOVREPORT_FUZZ_FAST", "80"))


def _serious(data: bytes | str) -> list[str]:
    return [f"{f.kind}: {f.detail}" for f in check(data) if f.kind not in TOLERATED]


def test_mutants_keep_every_invariant():
    bad = {i: found for i in range(FAST) if (found := _serious(mutant(1, i)))}
    assert not bad, bad


_TABLE = "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
_PIECES = ALPHABET + HTML_SPLITS + ["0", "1", "7", "12", "305", "4,096", "规章", "规范性文件", "\t", "\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join), min_size=3,
                      max_size=3),
       layout=st.sampled_from(["tsv", "pipe", "html"]))
def test_hostile_cells_in_a_real_row_keep_every_invariant(cells, layout):
    if layout == "tsv":
        data: bytes | str = "2021年政府信息公开工作年度报告\n" + _TABLE + "规章\t" + "\t".join(cells) + "\n"
    elif layout == "pipe":
        data = ("2021年政府信息公开工作年度报告\n" + _TABLE.replace("\t", " | ") + "规章 | " + " | ".join(cells)
                + " |\n")
    else:
        tds = "".join(f"<td>{c}</td>" for c in cells)
        data = ("<html><body><p>2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>"
                "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
                f"<tr><td>规章</td>{tds}</tr></table></body></html>").encode("utf-8", "surrogatepass")
    assert not _serious(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(piece=st.sampled_from(RUN_PIECES), times=st.sampled_from([100, 1000, 5000]), at=st.integers(0, 400))
def test_long_runs_keep_every_invariant(piece, times, at):
    text = mutant(7, at)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    i = at % (len(text) + 1)
    assert not _serious(text[:i] + piece * times + text[i:])


# -- regressions: inputs the fuzzer found, each fixed --------------------------------------
REGRESSIONS = {
    # docx-export joined a cell's wrapped line to it with nothing between: "395." + "721" was
    # read as 395.721万元 (3957210 yuan); now the join keeps a space and the cell is null.
    "wrapped decimal in docx-export": (2026, 6104),
    # a digit-looking superscript wrapped onto a digit: "²" + "1"
    "superscript wrapped onto a digit": (2026, 1655),
    # a table found with no cells is falsy: Report.to_dict wrote it as absent (no round trip)
    "empty table found": (3, 64),
    # docx-export: prose wrapped into a value cell, its lines run together in raw
    "prose wrapped into a docx-export cell": (7, 1959),
    # docx-export: "-百4" over "21", joined with a space the input does not have
    "number over number in a docx-export cell": (1, 5417),
    # markdown with a raw HTML table: the cell's text is the markup's, not the input's
    "raw HTML table inside markdown": (11, 4230),
    # a header's unit "万亿元" was read as 亿元: 395.721 became 39,572,100,000
    "unknown magnitude in a header's unit": (1, 193505),
    # a number wrapped onto a number ("…万元6" over "1"): the null cell's raw holds the space
    # join_cell_lines leaves between them, which is no text of the input (the checker tolerated
    # every null cell's raw before; now it compares each line without that mark, and tolerates nothing)
    "number wrapped onto a number, cell null": (2027, 27812),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_fuzz_regressions(name):
    assert not _serious(mutant(*REGRESSIONS[name])), name


@pytest.mark.parametrize("text", [
    "二、主动公开政府信息情况\n\n\t第二十条第(八)项\n\n\t信息内容\n\t本年收费金额（单位：万元）\n\n\t行政事业性收费\n\t395.\n721\n\n",
    "二、主动公开政府信息情况\n\n\t第二十条第(一)项\n\n\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n\t规章\n\t1\n2\n\t3\n\t4\n\n",
])
def test_wrapped_digits_in_docx_export_are_never_one_number(text: str) -> None:
    assert not _serious("2021年政府信息公开工作年度报告\n" + text)
    import govreport

    r = govreport.parse("2021年政府信息公开工作年度报告\n" + text, format="docx-export")
    assert 3957210 not in [c.value for c in r.cells()] and 12 not in [c.value for c in r.cells()]


@pytest.mark.parametrize("value,raw,stated", [
    (147, "主动公开政府信息147条。", True),
    (147, "全年共主动公开政府信息一百四十七条。", True),
    (3000, "因政府信息公开共收取费用0.3万元。", True),
    (30000, "因政府信息公开共收取费用三万元。", True),
    (12.5, "因政府信息公开共收取费用12.5元。", True),
    (1204, "本年度主动公开各类政府信息1,204条。", True),
    (0, "2015年未收到政府信息公开申请。", True),  # a negated statement states its 0
    (312, "主动公开信息数 条 312 1516", True),  # a statistics-table row
    (5, "主动公开政府信息3条。", False),
    (3457, "主动公开政府信息3条、规章457件。", False),  # digits of two numbers are no figure
    (20, "主动公开政府信息十十条。", False),  # an ill-formed numeral states nothing
])
def test_the_checker_finds_a_legacy_figure_its_sentence_does_not_state(value, raw, stated):
    import govreport

    found = _figure_follows_raw(govreport.Figure("active_disclosed", value, raw))
    assert [f.kind for f in found] == ([] if stated else [LEGACY_NOT_STATED])
