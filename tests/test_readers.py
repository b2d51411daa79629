"""The HTML and .docx readers: linear work on every table shape, one reading whichever XML
parser reads a .docx, and a cold start that imports nothing the command does not use."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
import govreport_plugins.docx as docx_plugin
from fuzz import hostile_files as H
from govreport import LimitExceeded, Limits
from govreport.errors import GovReportError
from govreport.limits import enforced
from test_hostile import python_steps

_HEAD = "<html><body><p>二、主动公开政府信息情况</p>"


def _page(body: str) -> bytes:
    return f"{_HEAD}{body}</body></html>".encode()


# Table shapes a page may have in the thousands: each must cost the readers (and the table
# engine after them) work in proportion to its size. Reading a grid once took a scan of every
# position taken so far for each row, so n one-cell rows cost n^2 (40,000 rows ran 20 s).
TABLE_SHAPES: dict[str, Callable[[int], bytes]] = {
    "one-cell rows": lambda n: _page("<table>" + "".join(f"<tr><td>{i % 10}</td></tr>" for i in range(n))
                                     + "</table>"),
    "label rows": lambda n: _page("<table>" + "<tr><td>行政许可</td><td>3</td></tr>" * n + "</table>"),
    "rows in a tbody": lambda n: _page("<table><tbody>" + "".join(f"<tr><td>{i % 10}</td></tr>" for i in range(n))
                                       + "</tbody></table>"),
    "a rowspan over every row": lambda n: _page(f'<table><tr><td rowspan="{n}">规章</td><td>1</td></tr>'
                                                + "<tr><td>2</td></tr>" * (n - 1) + "</table>"),
    "colspans": lambda n: _page("<table>" + '<tr><td colspan="2">规章</td><td>1</td></tr><tr><td>1</td>'
                                "<td>2</td><td>3</td></tr>" * (n // 2) + "</table>"),
    "one-row tables": lambda n: _page("<table><tr><td>1</td></tr></table>" * n),
    "a layout table around them": lambda n: _page("<table><tr><td><table><tr><td>1</td></tr></table></td></tr>"
                                                  + "<tr><td><p>5</p></td></tr>" * n + "</table>"),
    "paragraphs in one cell": lambda n: _page("<table><tr><td>" + "<p>12</p>" * n + "</td></tr></table>"),
}


def _parse_or_error(data: object) -> None:
    try:
        govreport.parse(data)  # type: ignore[arg-type]
    except GovReportError:
        pass


@pytest.mark.parametrize("shape", TABLE_SHAPES)
def test_html_tables_cost_work_in_proportion_to_their_size(shape):
    make = TABLE_SHAPES[shape]
    n = 250
    _parse_or_error(make(n))  # imports, grammars and caches first
    small, large = python_steps(_parse_or_error, make(n)), python_steps(_parse_or_error, make(4 * n))
    assert large / small < 5, f"{shape}: {large / small:.1f}x the Python steps at 4x the size"


# -- .docx: lxml and the standard library read the same ------------------------------------

CONVERTED = Path(__file__).parent / "fixtures" / "converters"


def _blocks(data: bytes, *, lxml: bool, limits: Limits | None = None) -> list[tuple[str, int, object]]:
    """What the .docx plugin's walk makes of ``data``, with lxml or with the standard library."""
    pytest.importorskip("lxml")
    saved = docx_plugin._lxml_etree
    if not lxml:
        docx_plugin._lxml_etree = lambda: None
    try:
        with enforced(limits):
            root = docx_plugin._document_root(data)
    finally:
        docx_plugin._lxml_etree = saved
    assert type(root).__module__ == ("lxml.etree" if lxml else "xml.etree.ElementTree")
    body = root.find(f"{docx_plugin.W}body")
    walk = docx_plugin._BodyWalk()
    walk.container(body)
    return walk.blocks


def _generated_docx() -> list[bytes]:
    pytest.importorskip("docx")
    from factories import make_report
    from sources import Geometry, to_docx

    merged = Geometry(spanned_active=True, shifted_data=True, lead=2, trail=1, split_results=True)
    return [to_docx(make_report(template, seed=seed), geometry) for template in ("2019", "2021")
            for seed, geometry in ((1, Geometry()), (2, merged), (3, Geometry(lose=(("applications", 4, 1),))))]


def test_lxml_and_the_standard_library_read_every_docx_alike():
    files = [p.read_bytes() for p in sorted(CONVERTED.glob("*.docx"))] + _generated_docx()
    assert len(files) >= 8
    for data in files:
        assert _blocks(data, lxml=True) == _blocks(data, lxml=False)


def _outcome(data: bytes, *, lxml: bool, limits: Limits | None = None) -> str:
    try:
        return f"{len(_blocks(data, lxml=lxml, limits=limits))} blocks"
    except LimitExceeded as e:
        return e.code
    except GovReportError as e:
        return type(e).__name__


def _nested_sdt(depth: int) -> bytes:
    """A paragraph in a body whose markup is ``depth`` elements deep (document, body, the
    paragraph's run and text included)."""
    inner = "<w:sdt>" * (depth - 5) + "<w:p><w:r><w:t>1</w:t></w:r></w:p>" + "</w:sdt>" * (depth - 5)
    return H.docx_of(f'<w:document xmlns:w="{H.W_NS}"><w:body>{inner}</w:body></w:document>')


HOSTILE_DOCX = {
    "zip bomb": (lambda: H.zip_bomb_docx(4 * H.MiB), Limits(), "GR302"),
    "zip bomb, no ratio limit": (lambda: H.zip_bomb_docx(4 * H.MiB), Limits(max_ratio=None, max_member_bytes=H.MiB),
                                 "GR301"),
    "paragraphs past max_elements": (lambda: H.paragraphs_docx(2 * H.MiB), Limits(max_elements=20_000), "GR308"),
    "gridSpan 1e9": (H.grid_span_docx, Limits(), "GR304"),
    "cells past max_cells": (lambda: H.grid_span_docx(900), Limits(max_cells=500), "GR303"),
    "5,000 nested tables": (H.nested_tables_docx, Limits(), "GR305"),
    "markup 256 deep": (lambda: _nested_sdt(256), Limits(), "1 blocks"),
    "markup 257 deep": (lambda: _nested_sdt(257), Limits(), "GR305"),
    "XXE": (H.xxe_docx, Limits(), "FormatError"),
    "billion laughs": (H.billion_laughs_docx, Limits(), "FormatError"),
    "not XML": (lambda: H.docx_of(b"<w:document><w:body>"), Limits(), "FormatError"),
    "empty member": (lambda: H.docx_of(b""), Limits(), "FormatError"),
}


@pytest.mark.parametrize("case", HOSTILE_DOCX)
def test_the_limits_hold_alike_with_lxml_and_the_standard_library(case):
    make, limits, expected = HOSTILE_DOCX[case]
    data = make()
    assert _outcome(data, lxml=True, limits=limits) == expected
    assert _outcome(data, lxml=False, limits=limits) == expected


def test_a_text_past_libxml2s_bound_is_a_clear_error_with_lxml():
    # the 1 GB zip bomb is one run of whitespace: lxml stops at 10 MB of it (the standard
    # library at max_member_bytes); either way a library error, not a number or a hang
    with pytest.raises(GovReportError, match="longer than the XML parser reads"):
        _blocks(H.zip_bomb_docx(12 * H.MiB), lxml=True, limits=Limits(max_ratio=None))


def test_a_chunk_boundary_inside_an_end_tag_counts_no_element():
    xml = b"<a><b></b><c/></a>"
    for cut in range(1, len(xml)):
        first, second = xml[:cut], xml[cut:]
        assert docx_plugin._start_tags(first, b"") + docx_plugin._start_tags(second, first[-1:]) >= 3
    assert docx_plugin._start_tags(b"<a><b></b><c/></a>", b"") == 3
    assert docx_plugin._start_tags(b'<?xml version="1.0"?><!-- x --><a/>', b"") == 1



# -- HTML: lxml gathers plain cells' text, the walk only cells with breaks --------------------

_PIECES = st.sampled_from(["12", "524", "行政许可", " ", "\n", "\xa0", "&nbsp;", "<br>", "<br/>", "<span>", "</span>",
                           "<b>3</b>", "<p>", "</p>", "<div>7</div>", "<!-- 9 -->", "<script>8</script>", "<font>",
                           "</font>", "<em>4<br>5</em>", "<style>x</style>tail"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_a_cells_text_is_the_same_whichever_way_it_is_gathered(pieces):
    from lxml import etree

    import govreport_plugins.html as html_plugin
    from govreport.numbers import join_cell_lines

    page = f"<html><body><table><tr><td>{''.join(pieces)}</td></tr></table></body></html>"
    td = etree.fromstring(page, etree.HTMLParser()).find(".//td")
    walked = join_cell_lines(html_plugin._text_with_breaks(td).replace("\xa0", " ").split("\n"), "\n")
    assert html_plugin._cell_text(td) == walked


@pytest.mark.parametrize("depth,limit", [(10, 12), (12, 12), (13, 12), (40, 30), (200, 256)])
def test_html_nesting_past_max_depth_is_refused(depth, limit):
    # html, body and the divs: depth + 2 elements deep
    page = f"<html><body>{'<div>' * depth}2020年政府信息公开工作年度报告{'</div>' * depth}</body></html>".encode()
    outcome = _outcome_of(page, Limits(max_depth=limit))
    assert outcome == ("GR305" if depth + 2 > limit else "a Report")


def _outcome_of(data: bytes, limits: Limits) -> str:
    try:
        govreport.parse(data, limits=limits)
    except LimitExceeded as e:
        return e.code
    return "a Report"


def test_html_cells_and_spans_are_counted_before_the_walk():
    cells = "".join(f"<td>{i}</td>" for i in range(30))
    page = f"<html><body><table><tr>{cells}</tr><tr><td colspan='40' rowspan='5'>1</td></tr></table></body></html>"
    assert _outcome_of(page.encode(), Limits(max_cells=229)) == "GR303"  # 30 + 40 x 5
    assert _outcome_of(page.encode(), Limits(max_cells=230)) == "a Report"
    assert _outcome_of(page.encode(), Limits(max_span=39)) == "GR304"
    assert _outcome_of(page.encode(), Limits(max_elements=35)) == "GR308"  # html, body, table, 2 tr, 31 td
    assert _outcome_of(page.encode(), Limits(max_elements=36)) == "a Report"


# -- cold start: nothing imported that the command does not use -----------------------------

HEAVY = ("pandas", "pyarrow", "lxml", "duckdb", "dask", "pypdfium2", "docx", "numpy")
#: Modules a command that parses text files and prints records has no use for (the layout
#: writers of govreport.render it loads with the text plugins, which render as well as read).
NOT_FOR_RECORDS = (*HEAVY, "govreport.convert", "govreport.batch", "govreport.writers", "govreport.export",
                   "sqlite3", "xml.etree.ElementTree")


def _imported_after(code: str, names: tuple[str, ...], **env: str) -> list[str]:
    """Which of ``names`` are in ``sys.modules`` after ``code`` runs in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {names!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={**os.environ, **env}, cwd=Path(__file__).parent)
    return done.stdout.split()


def test_importing_govreport_and_its_cli_imports_no_heavy_library():
    assert _imported_after("import govreport", HEAVY) == []
    assert _imported_after("import govreport.cli", HEAVY) == []


def test_records_of_a_text_report_imports_only_what_it_uses(tmp_path):
    report = Path(__file__).parent / "fixtures" / "pipe_hant_2019.txt"
    code = ("import contextlib, io, govreport.cli\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    govreport.cli.main(['records', {str(report)!r}])")
    assert _imported_after(code, NOT_FOR_RECORDS, XDG_CACHE_HOME=str(tmp_path)) == []


def test_lazy_names_are_the_functions_whatever_was_imported_first():
    code = ("import govreport.render, govreport.convert, govreport.validate, govreport\n"
            "assert all(callable(getattr(govreport, n)) and getattr(govreport, n).__name__ == n\n"
            "           for n in ('render', 'convert', 'validate'))\n"
            "from govreport import *\n"
            "assert sorted(govreport.__all__) == sorted(set(govreport.__all__) & set(dir(govreport)))")
    _imported_after(code, ())


def test_every_public_name_loads():
    for name in govreport.__all__:
        assert getattr(govreport, name) is not None, name
    with pytest.raises(AttributeError):
        govreport.no_such_name  # noqa: B018


def test_parsers_are_cached_on_disk_and_a_damaged_cache_is_rebuilt(tmp_path):
    report = Path(__file__).parent / "fixtures" / "pipe_hant_2019.txt"
    code = f"import govreport\nprint(govreport.parse_file({str(report)!r}).to_json())"

    def records(**env: str) -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, **env}).stdout

    fresh = records(XDG_CACHE_HOME=str(tmp_path / "none"))
    caches = sorted((tmp_path / "none" / "govreport").glob("*.cache"))
    assert caches, "no parser was cached"
    assert oct(caches[0].parent.stat().st_mode & 0o777) == "0o700"
    assert records(XDG_CACHE_HOME=str(tmp_path / "none")) == fresh  # read from the cache
    for cache in caches:
        cache.write_bytes(b"damaged" + cache.read_bytes()[7:200])
    assert records(XDG_CACHE_HOME=str(tmp_path / "none")) == fresh  # rebuilt
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert records(XDG_CACHE_HOME=str(blocked)) == fresh  # no cache to be had: built every time


def test_every_lazy_name_is_public_and_every_public_name_is_lazy():
    assert sorted(govreport.__all__) == sorted([*govreport._HOMES, "__version__"])


def _inline_chain_page(scale: int) -> bytes:
    """``scale`` inline elements nested in one another, ``20 * scale`` inline siblings at the
    bottom and a paragraph after them: every level's "does it hold a block?" test looks past
    the siblings."""
    return ("<html><body>" + "<span>" * scale + "<b>x</b>" * (20 * scale) + "<p>2020年政府信息公开工作年度报告</p>"
            + "</span>" * scale + "</body></html>").encode()


def test_html_block_tests_on_deep_inline_markup_stay_linear():
    # Doubling both the depth and the width doubles the page; a block test scanning every
    # level's whole subtree in Python would make the work grow four times.
    pytest.importorskip("lxml")
    for n in (40, 80):
        govreport.parse(_inline_chain_page(n))  # imports and caches first
    small, large = (python_steps(govreport.parse, _inline_chain_page(n)) for n in (40, 80))
    assert large / small < 3
