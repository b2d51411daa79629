"""Hostile and broken input: every file ends in a Report or a library error, within the limits.

The hostile files come from ``tests/fuzz/hostile_files.py`` (sizes chosen here to show the
failure mode quickly; ``benchmarks/bench_hostile.py`` runs the full sizes and measures peak
memory). Work that must grow linearly is compared at sizes n and 4n in one run, by a generous
relative factor (linear gives ~4, quadratic ~16), never by a wall-clock threshold.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import govreport
from fuzz import hostile_files as H
from govreport import LimitExceeded, Limits
from govreport.cli import main
from govreport.errors import FormatError, GovReportError
from govreport.limits import CODES, active, checkpoint, enforced
from govreport.normalize import normalize_pieces, normalize_text, without_surrogates
from timing import fastest

W = f'xmlns:w="{H.W_NS}"'


def _code(data: bytes | str, **limits: object) -> str:
    with pytest.raises(LimitExceeded) as e:
        govreport.parse(data, limits=Limits(**limits))  # type: ignore[arg-type]
    assert e.value.code == CODES[e.value.limit]
    assert "Limits(" in str(e.value) and e.value.limit in str(e.value)  # says which limit, and how to raise it
    return e.value.code


# -- the Limits object ----------------------------------------------------------------------

def test_limits_are_data_with_defaults_a_user_can_change():
    lim = Limits()
    assert lim == govreport.limits.DEFAULT
    assert attrs.evolve(lim, max_cells=10).max_cells == 10
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        lim.max_cells = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        Limits(max_depth=0)
    assert set(CODES) == {f.name for f in attrs.fields(Limits)}
    assert sorted(set(CODES.values())) == [f"GR30{i}" for i in range(len(set(CODES.values())))]
    for code in CODES.values():
        assert code in govreport.CODES


def test_limit_errors_survive_pickling():  # worker processes send them back
    import pickle

    e = Limits(max_cells=3).exceeded("max_cells", 10, "cells", line=4)
    e.with_source("a.html")
    back = pickle.loads(pickle.dumps(e))
    assert (back.code, back.limit, back.value, back.line, back.source, str(back)) == \
        ("GR303", "max_cells", 10, 4, "a.html", str(e))


def test_active_limits_are_those_of_the_running_parse():
    assert active() == Limits()
    mine = Limits(max_cells=7)
    with enforced(mine):
        assert active() is mine
        with enforced(Limits(max_cells=3)):
            assert active().max_cells == 3
        assert active() is mine
    assert active() == Limits()


def test_time_budget_is_enforced_cooperatively():
    with enforced(Limits(time_budget=0.01)):
        time.sleep(0.02)
        with pytest.raises(LimitExceeded) as e:
            checkpoint("waiting")
    assert e.value.code == "GR307" and "waiting" in str(e.value)
    with enforced(Limits(time_budget=None)):
        checkpoint("no budget")  # never raises


def test_a_report_over_its_time_budget_is_an_error(fixture_text):
    text = fixture_text("tsv_shift_2019.txt")
    assert _code(text, time_budget=1e-9) == "GR307"
    assert govreport.parse(text).applications is not None  # the default budget is ample


def test_cells_and_bytes_and_lines(fixture_text):
    text = fixture_text("tsv_shift_2019.txt")
    assert _code(text, max_cells=10) == "GR303"
    assert _code(text.encode(), max_bytes=100) == "GR300"
    assert _code(text, max_text_chars=100) == "GR300"
    assert _code(text.encode() * 2, max_text_chars=len(text) + 10) == "GR300"
    assert _code(text, max_line_length=20) == "GR306"
    assert govreport.parse(text, limits=Limits(max_cells=None, max_bytes=None, max_line_length=None)).applications


def test_parse_file_never_reads_more_than_the_byte_limit(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    reads: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd, *a, **kw):  # type: ignore[no-untyped-def]
        f = real_fdopen(fd, *a, **kw)
        real_read = f.read
        f.read = lambda n=-1: reads.append(n) or real_read(n)  # type: ignore[method-assign]
        return f

    monkeypatch.setattr(os, "fdopen", spy)  # parse_file opens by descriptor (a FIFO is refused first)
    with pytest.raises(LimitExceeded) as e:
        govreport.parse_file(big, limits=Limits(max_bytes=1000))
    assert e.value.code == "GR300" and e.value.source == str(big)
    assert reads == [1001]


def test_cli_flags_set_the_limits(fixture_text, tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(fixture_text("tsv_shift_2019.txt"), encoding="utf-8")
    assert main(["records", "--max-cells", "10", str(path)]) == 1
    err = capsys.readouterr().err
    assert "GR303" not in err and "over the limit of 10" in err and "--max-cells" in err
    assert main(["records", "--max-cells", "none", "--time-budget", "60", str(path)]) == 0
    assert main(["check", "--max-line-length", "5", str(path)]) == 2


# -- numbers from markup: paragraph and <br> boundaries stay visible ------------------------

_PAGE = """<html><body><p>2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>
<tr><td colspan="2">第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>
<tr><td>行政许可</td><td>{a}</td></tr><tr><td>行政处罚</td><td>{b}</td></tr></table></body></html>"""


@pytest.mark.parametrize("cell", ["<p>13</p><p>524</p>", "2<br>1", "2<br/>1", "<div>12</div><div>5</div>", "1&nbsp;2",
                                  "<p>1</p>\n<p>2</p>"])
def test_html_cell_lines_never_join_into_one_number(cell):
    r = govreport.parse(_PAGE.format(a=cell, b="7").encode())
    assert r.active.get("licensing", "decisions") is None
    assert r.active.get("penalties", "decisions") == 7
    assert any(d.code == "GR151" and "licensing" in d.message for d in r.diagnostics)


@pytest.mark.parametrize("cell", ["1<br>,234", "1,<br>234", "<p>1</p><p>.5</p>", "12.<br>5"])
def test_html_cell_lines_with_separators_never_join_either(cell):
    r = govreport.parse(_PAGE.format(a=cell, b="7").encode())
    cell_ = next((c for c in r.cells() if c.key == "active.licensing.decisions"), None)
    assert cell_ is None or cell_.value is None
    assert r.active.get("penalties", "decisions") == 7
    assert r.diagnostics


def test_html_label_lines_still_join():
    r = govreport.parse(_PAGE.format(a="8", b="7").replace("<td>行政许可</td>", "<td>行政<br>许可</td>").encode())
    assert r.active.get("licensing", "decisions") == 8


def _docx_page(a: str, b: str) -> bytes:
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"

    def p(t: str) -> str:
        return f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"

    table = ("<w:tbl>" + row('<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p("第二十条第（五）项"))
             + row(p("信息内容"), p("本年处理决定数量")) + row(p("行政许可"), a) + row(p("行政处罚"), b) + "</w:tbl>")
    return H.docx_of(f"<w:document {W}><w:body>{p('2021年政府信息公开工作年度报告')}{p('二、主动公开政府信息情况')}"
                     f"{table}</w:body></w:document>")


@pytest.mark.parametrize("cell", ["<w:p><w:r><w:t>13</w:t></w:r></w:p><w:p><w:r><w:t>524</w:t></w:r></w:p>",
                                  "<w:p><w:r><w:t>2</w:t><w:tab/><w:t>0</w:t></w:r></w:p>",
                                  "<w:p><w:r><w:t>2</w:t><w:br/><w:t>1</w:t></w:r></w:p>"])
def test_docx_cell_paragraphs_never_join_into_one_number(cell):
    r = govreport.parse(_docx_page(cell, "<w:p><w:r><w:t>7</w:t></w:r></w:p>"))
    assert r.format == "docx"
    assert r.active.get("licensing", "decisions") is None
    assert r.active.get("penalties", "decisions") == 7
    assert any(d.code == "GR151" for d in r.diagnostics)


def test_docx_label_paragraphs_still_join():
    label = "<w:p><w:r><w:t>行政</w:t></w:r></w:p><w:p><w:r><w:t>处罚</w:t></w:r></w:p>"
    data = _docx_page("<w:p><w:r><w:t>8</w:t></w:r></w:p>", "<w:p><w:r><w:t>7</w:t></w:r></w:p>")
    data = H.docx_of(_unzip(data).replace("<w:p><w:r><w:t>行政处罚</w:t></w:r></w:p>", label))
    assert govreport.parse(data).active.get("penalties", "decisions") == 7


def _unzip(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_money_is_exact_in_records_and_json():
    page = _PAGE.replace("第二十条第（五）项", "第二十条第（八）项")
    page = page.replace("本年处理决定数量", "本年收费金额（单位：万元）")
    page = page.replace("<td>行政许可</td>", "<td>行政事业性收费</td>", 1)
    r = govreport.parse(page.format(a="12345678901.2345", b="0").encode())
    amounts = [c for c in r.cells() if c.table == "active" and c.row == "fees"]
    assert amounts and amounts[0].value == govreport.numbers.Decimal("123456789012345")
    text = json.dumps(r.to_records(), allow_nan=False)
    assert "123456789012345" in text and "e+" not in text.lower()
    assert govreport.Report.from_dict(json.loads(r.to_json())) == r


def test_a_negative_amount_is_flagged_and_its_diagnostic_is_json():
    page = _PAGE.replace("第二十条第（五）项", "第二十条第（八）项")
    page = page.replace("本年处理决定数量", "本年收费金额（单位：万元）")
    page = page.replace("<td>行政许可</td>", "<td>行政事业性收费</td>", 1)
    r = govreport.parse(page.format(a="-1.5", b="0").encode())
    found = [d for d in r.validate() if d.code == "GR206"]
    assert found and json.loads(json.dumps([d.to_dict() for d in found], allow_nan=False))[0]["values"] == [-15000]
    assert govreport.Diagnostic.from_dict(found[0].to_dict()) == found[0]


# -- every input ends in a Report or a library error ----------------------------------------

def test_lone_surrogates_are_replaced_in_normalisation():
    assert without_surrogates("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert normalize_text("规章\ud83d").text == "规章\ufffd"
    for text in ("二、主动公开政府信息情况\n规章\t1\ud800\t2\n", "<html><body><p>\udc00</p></body></html>"):
        try:
            govreport.parse(text)
        except GovReportError:
            pass


@pytest.mark.parametrize("digits", [19, 5000])
def test_a_cell_of_thousands_of_digits_is_null_not_a_value_error(digits):
    # int() of more than 4,300 digits raises ValueError; a count past 18 digits is no count
    text = ("2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(五)项\n"
            "信息内容\t本年处理决定数量\n行政许可\t")
    r = govreport.parse(text + "1" * digits + "\n行政处罚\t7\n", format="tsv")
    assert r.active.get("licensing", "decisions") is None and r.active.get("penalties", "decisions") == 7
    assert any(d.code == "GR152" for d in r.diagnostics)


def test_normalising_no_pieces_is_no_pieces():
    assert normalize_pieces([])[0] == []
    with enforced(Limits(max_line_length=3)), pytest.raises(LimitExceeded):
        normalize_pieces(["ab", "abcd"])


REPORT, ERROR = "a Report", "a clear library error"  # ERROR: a corrupt zip, a refused DTD...
HOSTILE: list[tuple[str, Callable[[], bytes], Limits, set[str]]] = [
    # (name, generator at a size that shows the failure mode, limits, what may come out: a
    # LimitExceeded code, REPORT or ERROR)
    # full sizes (1 GB bombs, 256 MB of paragraphs) in benchmarks/bench_hostile.py; here a
    # smaller file against a proportionally smaller limit shows the same stop
    ("zip bomb", lambda: H.zip_bomb_docx(16 * H.MiB), Limits(), {"GR302"}),
    ("zip bomb, no ratio limit", lambda: H.zip_bomb_docx(16 * H.MiB), Limits(max_ratio=None, max_member_bytes=H.MiB * 4),
     {"GR301"}),
    ("zip bomb, headers lie", lambda: H.lying_size_docx(16 * H.MiB), Limits(), {"GR302", ERROR}),
    ("256 MB of paragraphs (here 6)", lambda: H.paragraphs_docx(6 * H.MiB), Limits(max_member_bytes=4 * H.MiB),
     {"GR301"}),
    ("gridSpan 1e9", H.grid_span_docx, Limits(), {"GR304"}),
    ("5,000 nested tables", H.nested_tables_docx, Limits(), {"GR305"}),
    ("many zip members", lambda: H.many_members_zip(12_000), Limits(), {"GR309"}),
    ("huge colspan/rowspan", H.huge_spans_html, Limits(), {"GR303"}),
    ("colspan 1e9", H.huge_span_value_html, Limits(), {"GR304"}),
    ("100,000 nested tags", H.nested_tags_html, Limits(), {REPORT}),
    ("5,000 nested HTML tables", H.nested_tables_html, Limits(), {REPORT}),
    ("a line of 8 MB", H.long_line_text, Limits(max_text_chars=None), {"GR306"}),
    ("8 MB of text", H.long_line_text, Limits(), {"GR300"}),
    ("a 12 MB page (here 6 MB against a 1 M character limit)", lambda: H.paragraphs_html(6 * H.MiB),
     Limits(max_text_chars=1_000_000), {"GR300"}),
]


@pytest.mark.parametrize("name,make,limits,allowed", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_end_in_a_clear_error_or_a_report(name, make, limits, allowed):
    try:
        report = govreport.parse(make(), limits=limits)
    except LimitExceeded as e:
        assert e.code in allowed, f"{name}: {e}"
        return
    except GovReportError as e:
        assert ERROR in allowed, f"{name}: {e}"
        return
    assert REPORT in allowed, f"{name} parsed"
    assert isinstance(report, govreport.Report)


def test_a_quadratic_table_still_stops_at_the_time_budget():
    # 20,000 one-cell rows is within max_cells; however fast the grid is read, the budget,
    # checked per row, ends a slow read with GR307 rather than a hang
    assert _code(H.one_cell_rows_html(20_000), time_budget=0.02) == "GR307"  # the read takes 0.1-0.5 s


def _html_with_spans(attr: str, value: str) -> tuple[object, bytes]:
    import re

    from factories import make_report
    from sources import to_html

    report = make_report("2019", seed=11)
    page = to_html(report).decode()
    assert f'{attr}="' in page
    return report, re.sub(rf'{attr}="\d+"', f'{attr}="{value}"', page).encode()


@pytest.mark.parametrize("attr", ["colspan", "rowspan"])
def test_spans_past_the_tables_extent_never_give_a_wrong_number(attr):
    from factories import cell_values

    report, page = _html_with_spans(attr, "999")
    got, want = cell_values(govreport.parse(page)), cell_values(report)
    assert not {k: v for k, v in got.items() if v is not None and v != want.get(k)}


# A colspan past the table's width is cut at its last column and every value reads back. (A
# rowspan past its end covers every row below, as a browser lays the table out: their cells
# are null, never wrong; the test above checks that.)
@pytest.mark.parametrize("attr", ["colspan"])
def test_spans_past_the_tables_extent_are_clamped(attr):
    from factories import cell_values

    report, page = _html_with_spans(attr, "999")
    assert cell_values(govreport.parse(page)) == cell_values(report)


@pytest.mark.parametrize("make", [H.xxe_docx, H.billion_laughs_docx])
def test_dtds_in_docx_are_refused(make):
    with pytest.raises(FormatError, match="DTD"):
        govreport.parse(make())


def test_xxe_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("2019年政府信息公开工作年度报告 SECRET", encoding="utf-8")
    data = H.xxe_docx(secret.as_uri())
    with pytest.raises(GovReportError) as e:
        govreport.parse(data)
    assert "SECRET" not in str(e.value)


def test_path_traversal_names_are_never_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = set(Path("/tmp").glob("govreport-*")) | set(tmp_path.rglob("*"))
    report = govreport.parse(H.path_traversal_docx())
    assert report.format == "docx" and report.meta.year.value == 2020
    assert set(Path("/tmp").glob("govreport-*")) | set(tmp_path.rglob("*")) == before


def test_hostile_files_fail_one_by_one_in_a_batch(tmp_path, capsys, fixture_text):
    (tmp_path / "bomb.docx").write_bytes(H.grid_span_docx())
    (tmp_path / "nest.docx").write_bytes(H.nested_tables_docx(400))
    good = tmp_path / "good.txt"
    good.write_text(fixture_text("tsv_shift_2019.txt"), encoding="utf-8")
    status = main(["records", str(tmp_path / "bomb.docx"), str(tmp_path / "nest.docx"), str(good)])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in err
    assert "gridSpan" in err and "nested" in err
    assert {json.loads(x)["source"] for x in out.splitlines()} == {str(good)}


def test_convert_records_a_limit_as_that_files_failure_and_goes_on(tmp_path, fixture_text):
    import sqlite3

    src = tmp_path / "in"
    src.mkdir()
    (src / "bomb.docx").write_bytes(H.grid_span_docx())
    (src / "good.txt").write_text(fixture_text("tsv_shift_2019.txt"), encoding="utf-8")
    summary = govreport.convert([src], tmp_path / "out.sqlite", jobs=1)
    assert summary.parsed == 1 and summary.failed == 1
    db = sqlite3.connect(tmp_path / "out.sqlite")
    codes = dict(db.execute("SELECT source, code FROM diagnostics WHERE severity = 'error'").fetchall())
    assert codes[str(src / "bomb.docx")] == "GR304"
    assert db.execute("SELECT count(*) FROM records WHERE source = ?", (str(src / "good.txt"),)).fetchone()[0] > 100


# -- linear time ----------------------------------------------------------------------------

def growth(make: Callable[[int], object], run: Callable[[object], object], n: int) -> float:
    """How many times longer ``run`` takes on ``make(4n)`` than on ``make(n)`` (linear: ~4)."""
    small, large = make(n), make(4 * n)
    run(small)  # warm caches and imports
    return fastest(lambda: run(large), 5) / max(fastest(lambda: run(small), 5), 1e-6)


def _parse_or_error(data: object) -> None:
    try:
        govreport.parse(data)  # type: ignore[arg-type]
    except GovReportError:
        pass


LINEAR_CASES: list[tuple[str, Callable[[int], object], Callable[[object], object], int]] = [
    # sizes keep 4n under ~64K characters: past the CPU caches a linear pass slows by itself
    ("unclosed export markers", lambda n: "[image:" * n, normalize_text, 2000),  # type: ignore[list-item]
    ("unclosed bookmark markers", lambda n: "二、主动公开政府信息情况\n" + "[bookmark: x " * n + "\n",
     _parse_or_error, 1000),
    ("a run of carriage returns", lambda n: "规章" + "\r" * n + "1", normalize_text, 10000),  # type: ignore[list-item]
    ("a cell of spaced digits", lambda n: "二、主动公开政府信息情况\n规章\t" + "1 " * n + "\t2\t3\n",
     _parse_or_error, 4000),
    ("a cell of commas and digits", lambda n: "二、主动公开政府信息情况\n规章\t" + "1," * n + "\t2\t3\n",
     _parse_or_error, 4000),
    ("deeply nested HTML cell", lambda n: ("<html><body><table><tr><td>" + "<span>" * n + "1" + "</span>" * n
                                           + "</td></tr></table></body></html>").encode(), _parse_or_error, 60),
]


@pytest.mark.parametrize("name,make,run,n", LINEAR_CASES, ids=[c[0] for c in LINEAR_CASES])
def test_work_grows_linearly(name, make, run, n):
    assert growth(make, run, n) < 9, name


def python_steps(run: Callable[[object], object], data: object) -> int:
    """Python lines executed (generator expressions' steps included) while ``run(data)`` runs:
    a count of work that does not depend on the machine's load. Work done in C (a regex, a
    str method) counts as one step, so the linear-time checks above still compare times too."""
    steps = 0

    def trace(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal steps
        steps += 1
        return trace

    sys.settrace(trace)
    try:
        run(data)
    finally:
        sys.settrace(None)
    return steps


def step_growth(make: Callable[[int], object], run: Callable[[object], object], n: int) -> float:
    run(make(n))  # imports, grammars and caches first
    return python_steps(run, make(4 * n)) / python_steps(run, make(n))


def test_html_grid_building_grows_linearly():
    assert step_growth(H.one_cell_rows_html, _parse_or_error, 300) < 6


@pytest.mark.parametrize("name,make,run,n", LINEAR_CASES, ids=[c[0] for c in LINEAR_CASES])
def test_python_work_grows_linearly(name, make, run, n):
    assert step_growth(make, run, n) < 6, name
