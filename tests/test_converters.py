"""Layouts that real converters write, on fixtures made by ``tests/converters/make.sh``.

The fixtures are the project's own generated reports written as HTML and run through LibreOffice
(.docx, text export, PDF) and pandoc (gfm, markdown, plain); ``NAME.expected.json`` holds every
cell of the generated report (null where the cell is blank) and what ``govreport check`` must
say of it. These tests need neither LibreOffice nor pandoc; ``test_make_sh_live`` runs the
converters when they are installed.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
import govreport.blocks
import govreport.builder
import govreport.errors
import govreport.normalize
import govreport.registry
import strategies as gs
from converters.layouts import fixed_width, libreoffice_text
from factories import blank_share
from govreport.api import open_input
from govreport.model import Report, Table

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "converters"
REPORTS = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("r*.expected.json"))

# (file suffix, plugin that must read it, format to ask for or None to detect it)
LAYOUTS = [
    ("plain.txt", "fixed-width", None),
    ("lo.txt", "libreoffice-text", None),
    ("pandoc.md", "markdown", None),
    # gfm holds raw <table> blocks: the markdown plugin must win them from the HTML plugin by
    # its sniff score (one route: every plugin sniffs the same input)
    ("gfm.md", "markdown", None),
    ("grid.md", "markdown", None),  # grid tables, and raw <table> where cells merge
]


def expected(name: str) -> dict[str, object]:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def values(report: Report) -> dict[str, object]:
    """The report's cells as the expected file writes them (money as text)."""
    return {c.key: c.value if c.value is None or isinstance(c.value, int) else str(c.value) for c in report.cells()}


def same_value(got: object, want: object) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return Decimal(str(got)) == Decimal(str(want))  # an amount is a Decimal, written as text or a number


#: The table engine's refusal of a row that fits its columns in more than one way (a blank at
#: the row's end beside values that break its own total): the row's cells are null, never guessed.
REFUSED = "GR113"
#: A row with a blank end cell that reads one way as it stands and another with a cell lost
#: behind the blank, which nothing in the template tells apart: the cells they differ on are null.
UNDECIDED_END = "GR118"
#: A text row that breaks its own total beside a blank end, which no lost cell explains: read as
#: it stands (info).
READ_AS_IT_STANDS = "GR116"


#: A text row of a table with no rule across rows (二, 四) whose readings disagree: beside a blank
#: end it reads as it stands and as a row that lost a cell behind a surplus blank; the cells
#: they disagree on are null (warning), never guessed.
UNSETTLED = "GR118"
#: The cells of the fixtures (by report) that only GR118 nulls in the text layouts: r2019-blanks
#: leaves the last cell of table 二's first row blank, so "3126 | 88 | (blank)" reads as
#: "3126 | (lost) | 88" too. Cells outside these must be right.
UNSETTLED_CELLS = {"r2019-blanks": {"active.regulations.new_published"}}


def unsettled(report: Report, name: str, tables: tuple[str, ...] = ("active", "applications",
                                                                    "review_litigation")) -> set[str]:
    """The cells of ``report`` that a GR118 nulls, checked against :data:`UNSETTLED_CELLS`:
    each one null, and none of ``tables`` outside the fixture's list."""
    named = {c for d in report.diagnostics if d.code == UNSETTLED for c in d.cells}
    assert {c for c in named if c.split(".")[0] in tables} <= UNSETTLED_CELLS.get(name, set()), sorted(named)
    assert all(report.value(key) is None for key in named)
    return named


def assert_every_cell_right(report: Report, name: str) -> None:
    """Every cell right: null only where the source cell is blank, or where the row reads in
    several ways that nothing tells apart (:data:`UNSETTLED_CELLS`). No row is refused: the
    fixtures lost no cell in conversion, and a row whose own blanks break its total (the blanks
    fixtures) is read as it stands, in a cell stream and in the positioned layouts alike."""
    want = expected(name)
    assert report.template == want["template"]
    got = values(report)
    cells: dict[str, object] = want["cells"]  # type: ignore[assignment]
    assert set(got) == set(cells), f"cells missing: {sorted(set(cells) - set(got))[:5]}"
    null = unsettled(report, name)
    wrong = {k: (got[k], v) for k, v in cells.items() if not same_value(got[k], v) and k not in null}
    assert not wrong, f"{len(wrong)} cells differ (got, expected): {dict(list(wrong.items())[:5])}"
    if not null:  # (a null cell leaves a rule unchecked)
        # govreport check says what it says of the report itself
        assert sorted([d.code, *d.cells] for d in report.validate()) == want["check"]
    # and parsing found nothing to warn about
    assert [d.format() for d in report.diagnostics if d.severity != "info" and d.code != UNSETTLED] == []


@pytest.mark.parametrize("suffix,plugin,fmt", LAYOUTS, ids=[s for s, _, _ in LAYOUTS])
@pytest.mark.parametrize("name", REPORTS)
def test_converter_output_has_every_cell_right(name: str, suffix: str, plugin: str, fmt: str | None) -> None:
    report = govreport.parse_file(FIXTURES / f"{name}.{suffix}", format=fmt)
    assert report.format == plugin
    assert_every_cell_right(report, name)
    html = govreport.parse_file(FIXTURES / f"{name}.html")
    assert report.meta.values() == html.meta.values()
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    # `govreport check` says the same of both (and assert_every_cell_right: what it says of
    # the generated report itself), but for a text layout's own doubt about a row it read as
    # it stands (GR116: a blank end beside a row total its blanks break) or nulled (GR118: a
    # blank end on a row that reads in several ways); HTML knows the cells' columns, so it has
    # no such doubt.
    assert [c for c in _check(report) if c[0] not in (READ_AS_IT_STANDS, UNSETTLED)] == _check(html)


#: The layouts whose grids carry the source's geometry, by file suffix (PDF when its extra is in).
POSITIONED = ("html", "docx", "gfm.md", *(("pdf",) if importlib.util.find_spec("pypdfium2") else ()))


@pytest.mark.parametrize("name", REPORTS)
def test_records_are_the_same_in_the_cell_stream_and_every_positioned_layout(name: str, capsys) -> None:
    """`govreport records` of the LibreOffice text (a stream that writes every cell) and of each
    positioned layout give the same cells, which are the expected ones: a row whose own blank
    cells break its total (the blanks fixtures) is no reason to doubt the geometry."""
    from govreport.cli import main

    def records(suffix: str) -> dict[str, object]:
        assert main(["records", str(FIXTURES / f"{name}.{suffix}")]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return {f"{r['table']}.{r['row']}.{r['column']}": r["value"] for r in rows if r["table"] != "meta"}

    want: dict[str, object] = expected(name)["cells"]  # type: ignore[assignment]
    stream = records("lo.txt")
    assert {k: v for k, v in stream.items() if not same_value(v, want.get(k))} == {}
    assert set(stream) == set(want)
    for suffix in POSITIONED:
        got = records(suffix)
        null = unsettled(govreport.parse_file(FIXTURES / f"{name}.{suffix}"), name)  # gfm's pipe tables are text
        assert {k: (v, stream.get(k)) for k, v in got.items()
                if not same_value(v, stream.get(k)) and k not in null} == {}, suffix
        assert set(got) == set(stream), suffix


def _check(report: Report) -> list[list[object]]:
    """What `govreport check` reports: parse diagnostics and rule findings, by code and cells."""
    return sorted([d.code, *d.cells] for d in (*report.diagnostics, *report.validate()))


def test_markdown_sniff_scores_above_pipe_and_html() -> None:
    from govreport.registry import default_registry

    registry = default_registry()
    gfm = (FIXTURES / "r2021-split.gfm.md").read_text(encoding="utf-8")
    markdown = registry.get("markdown").plugin.sniff(gfm)
    assert markdown > registry.get("html").plugin.sniff(open_input(gfm.encode("utf-8"))[0])
    assert markdown > registry.get("pipe").plugin.sniff(gfm)
    # without its raw <table> blocks, a gfm text is found by sniffing like any text layout
    without_html = re.sub(r"<table>.*?</table>", "", gfm, flags=re.S)
    assert govreport.parse(without_html).format == "markdown"


@pytest.mark.parametrize("name", REPORTS)
def test_libreoffice_text_blank_cells_as_one_space(name: str) -> None:
    """Exports of real .docx files write a blank cell as a line holding one space."""
    text = (FIXTURES / f"{name}.lo.txt").read_text(encoding="utf-8-sig")
    spaced = "\n".join(line or " " for line in text.split("\n"))
    report = govreport.parse(spaced)
    assert report.format == "libreoffice-text"
    assert_every_cell_right(report, name)


def test_fixed_width_grid_table_with_a_merged_cell() -> None:
    text = "\n".join([
        "二、主动公开政府信息情况",
        "",
        "+--------------------+--------------+--------------+--------------+",
        "| 第二十条第（一）项" + " " * 46 + "|",
        "+--------------------+--------------+--------------+--------------+",
        "| 信息内容           | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "+--------------------+--------------+--------------+--------------+",
        "| 规章               | 12           |              | 30           |",
        "+--------------------+--------------+--------------+--------------+",
        "| 行政规范性文件     | 4            | 1            | 7            |",
        "| （其中：本级）     |              |              |              |",
        "+--------------------+--------------+--------------+--------------+",
    ])
    from govreport.normalize import normalize

    doc = govreport.registry.default_registry().get("fixed-width").plugin.read(normalize(text).text)
    (grid,) = doc.grids
    assert grid.positioned
    merged, _header, regulations, normative = grid.rows
    assert [(c.text, c.column, c.colspan) for c in merged.cells] == [("第二十条第(一)项", 1, 4)]
    assert [(c.text, c.column) for c in regulations.cells] == [("规章", 1), ("12", 2), ("", 3), ("30", 4)]
    assert normative.cells[0].text == "行政规范性文件(其中:本级)"
    assert [c.text for c in normative.cells[1:]] == ["4", "1", "7"]


# -- PDF -----------------------------------------------------------------------------------------

needs_pdf = pytest.mark.skipif(importlib.util.find_spec("pypdfium2") is None,
                               reason="pypdfium2 is not installed (pip install 'govreport[pdf]')")


@needs_pdf
@pytest.mark.parametrize("name", REPORTS)
def test_pdf_has_every_cell_right(name: str) -> None:
    report = govreport.parse_file(FIXTURES / f"{name}.pdf")
    assert report.format == "pdf"
    assert_every_cell_right(report, name)
    assert report.meta.values() == govreport.parse_file(FIXTURES / f"{name}.html").meta.values()


@needs_pdf
def test_pdf_table_across_pages_with_repeated_header_and_page_furniture() -> None:
    from govreport_plugins import pdf, pdf_pages

    data = (FIXTURES / "r2019-long.pdf").read_bytes()
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    pages = [pdf_pages._read_page(document[n]) for n in range(len(document))]
    document.close()
    tables_per_page = [[b for b in page.blocks if b.table is not None] for page in pages]
    # Table 三 starts on one page and goes on at the top of the next, which repeats its header rows.
    heads = [(n, t) for n, tables in enumerate(tables_per_page) for t in tables
             if any("申请人情况" in text for row in t.table for text, _ in row)]
    assert len(heads) >= 2 and heads[1][0] == heads[0][0] + 1
    assert all(any(b.text and b.text.strip("- ").isdigit() for b in page.blocks) for page in pages)  # page numbers

    doc = pdf.PdfPlugin().read(data)
    assert len(doc.grids) == 3  # tables 二 and 三 cross a page; each is one grid
    applications = doc.grids[1]
    assert sum("申请人情况" in c.text for row in applications.rows for c in row.cells) == 1
    assert applications.positioned
    texts = [p.text for p in doc.paragraphs]
    assert not [t for t in texts if t.strip("- ").isdigit()]  # page numbers dropped
    assert texts.count("政府信息公开工作年度报告") == 0  # the running header dropped
    # a merged cell keeps its span: the label spanning table 三's result rows
    results = [c for row in applications.rows for c in row.cells if c.text == "三、本年度办理结果"]
    assert len(results) == 1 and results[0].rowspan > 10


@needs_pdf
def test_pdf_scan_without_text_layer_is_an_error_naming_ocr() -> None:
    with pytest.raises(govreport.errors.FormatError, match="no text layer") as e:
        govreport.parse_file(FIXTURES / "scan.pdf")
    assert "OCR" in str(e.value) and "scan.pdf" in str(e.value)


@needs_pdf
def test_pdf_without_tables_is_read_as_prose() -> None:
    want = json.loads((FIXTURES / "legacy-prose.expected.json").read_text(encoding="utf-8"))
    report = govreport.parse_file(FIXTURES / "legacy-prose.pdf")
    assert report.format == "pdf" and report.template == "legacy"
    assert report.legacy_values() == want["figures"]
    assert report.meta.values() == want["meta"]


@needs_pdf
def test_pdf_table_drawn_as_one_rectangle_per_cell() -> None:
    """Producers that stroke each cell's rectangle (``re S``) instead of single lines."""
    from converters.minimal_pdf import make_pdf
    from govreport_plugins.pdf import PdfPlugin

    cells = [(100, 700, 200, "Header"), (100, 680, 100, "A"), (200, 680, 100, "12"),
             (100, 660, 100, "B"), (200, 660, 100, "")]
    ops = "0.5 w " + " ".join(f"{x} {y} {w} 20 re S" for x, y, w, _ in cells)
    ops += " " + " ".join(f"BT /F1 10 Tf {x + 5} {y + 6} Td ({t}) Tj ET" for x, y, _, t in cells if t)
    ops += " BT /F1 9 Tf 290 30 Td (- 1 -) Tj ET"  # a page number in the bottom margin
    doc = PdfPlugin().read(make_pdf(ops))
    assert doc.paragraphs == []
    (grid,) = doc.grids
    assert [[(c.text, c.column, c.colspan) for c in row.cells] for row in grid.rows] == [
        [("Header", 1, 2)], [("A", 1, 1), ("12", 2, 1)], [("B", 1, 1), ("", 2, 1)]]


def test_pdf_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pypdfium2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    with pytest.raises(govreport.errors.FormatError, match="PDF") as e:
        govreport.parse(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "govreport[pdf]" in str(e.value)


def test_fixture_set_covers_both_templates_the_split_and_blanks() -> None:
    assert len(REPORTS) >= 6
    templates = {expected(n)["template"] for n in REPORTS}
    assert templates == {"2019", "2021"}
    keys = [set(expected(n)["cells"]) for n in REPORTS if expected(n)["template"] == "2021"]  # type: ignore[arg-type]
    assert any("applications.other_handling.total" in k for k in keys)  # （六） as one row
    assert any("applications.other_handling.no_correction.total" in k for k in keys)  # （六） split
    assert sum(v is None for n in REPORTS for v in expected(n)["cells"].values()) >= 20  # type: ignore[union-attr]


# -- the layouts' families: any generated report, blanks anywhere ---------------------------------

# (the Hypothesis profiles, ci and thorough, are conftest.py's)


def _blanked(report: Report, rng: random.Random) -> Report:
    """The report with a random share of its cells blank (null). The cells are picked by a real
    PRNG seeded from ``rng``: Hypothesis may hand over a degenerate ``rng`` (always 0.0), which
    would blank every cell, and a table of nothing but blanks is no table in a text layout."""
    share = rng.choice([0.0, 0.05, 0.2, 0.5])
    return blank_share(report, random.Random(rng.randint(0, 2**32)), share)


def _assert_no_wrong_cell(back: Report, report: Report) -> None:
    """Every cell read is the generated one; a cell is missing only where GR140 says its row was
    ambiguous."""
    want = {c.key: c.value for c in report.cells()}
    got = {c.key: c.value for c in back.cells()}
    wrong = {k: (v, want.get(k)) for k, v in got.items() if v is not None and not same_value(v, want.get(k))}
    assert not wrong, wrong
    lost = [k for k, v in want.items() if v is not None and got.get(k) is None]
    ambiguous = [d for d in back.diagnostics if d.code in ("GR140", REFUSED)]
    assert not lost or ambiguous, (lost[:5], [d.format() for d in back.diagnostics])
    # an ambiguous row's values are not used: the row is missing (GR104, or GR109 at a table's
    # end) or its cells are null (GR113)
    allowed = {"GR140", "GR104", "GR109", REFUSED} if ambiguous else set()
    assert [d.format() for d in back.diagnostics if d.severity != "info" and d.code not in allowed] == []


@given(report=gs.reports(), rng=st.randoms(use_true_random=False))
def test_libreoffice_text_of_any_report_has_no_wrong_cell(report: Report, rng: random.Random) -> None:
    report = _blanked(report, rng)
    back = govreport.parse(libreoffice_text(report, rng))
    assert back.format == "libreoffice-text"
    _assert_no_wrong_cell(back, report)
    # the stream loses no cell: a row it cuts is never refused by the engine (only the cut
    # itself may be ambiguous, GR140)
    assert [d.format() for d in back.diagnostics if d.code == REFUSED] == []
    assert back.meta.values()["agency"] == report.meta.agency.value


@given(report=gs.reports(), rng=st.randoms(use_true_random=False))
def test_fixed_width_text_of_any_report_has_every_cell_right(report: Report, rng: random.Random) -> None:
    report = _blanked(report, rng)
    back = govreport.parse(fixed_width(report, rng))
    assert back.format == "fixed-width"
    got = {c.key: c.value for c in back.cells()}
    want = {c.key: c.value for c in report.cells()}
    assert set(got) == set(want)
    refused = {k for d in back.diagnostics if d.code in (REFUSED, UNDECIDED_END) for k in d.cells}
    # a line whose numbers fixed-width could not place (GR330) leaves its row's cells there null
    unplaced = {d.line for d in back.diagnostics if d.code == "GR330"}
    refused |= {c.key for c in back.cells() if c.span is not None and c.span.line in unplaced}
    assert {k: v for k, v in got.items() if not same_value(v, want[k]) and not (k in refused and v is None)} == {}
    assert [d.format() for d in back.diagnostics
            if d.severity != "info" and d.code not in (REFUSED, UNDECIDED_END, "GR330")] == []


# -- make.sh, live -------------------------------------------------------------------------------

CONVERTERS = ("soffice", "pandoc", "pdftoppm")


@pytest.mark.skipif(not all(shutil.which(t) for t in CONVERTERS),
                    reason="LibreOffice (soffice), pandoc or pdftoppm is not installed: "
                           "apt-get install libreoffice-writer-nogui pandoc poppler-utils fonts-noto-cjk")
def test_make_sh_live(tmp_path: Path) -> None:
    """The converters installed here give outputs that parse as the committed fixtures do."""
    pytest.importorskip("PIL", reason="make.sh makes its scanned page with Pillow (pip install 'govreport[pdf]')")
    subprocess.run([str(HERE / "converters" / "make.sh"), str(tmp_path)], check=True, capture_output=True,
                   timeout=600)
    for name in REPORTS:
        pdf = [("pdf", "pdf", None)] if importlib.util.find_spec("pypdfium2") else []
        for suffix, _plugin, fmt in [*LAYOUTS, *pdf]:
            assert_every_cell_right(govreport.parse_file(tmp_path / f"{name}.{suffix}", format=fmt), name)


# -- files no plugin reads -----------------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("suffix,data,says,todo", [
    (".doc", _OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "Word 97-2003", "--convert-to docx"),
    (".xls", _OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 64, "spreadsheet (.xls)", "tab-separated"),
    (".xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "spreadsheet (.xlsx)",
     "tab-separated"),
    (".ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
     "OpenDocument spreadsheet", "tab-separated"),
    (".odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     "OpenDocument text", "--convert-to docx"),
    (".png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image (PNG)", "OCR"),
    (".jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "image (JPEG)", "OCR"),
    (".gif", b"GIF89a" + b"\x00" * 100, "image (GIF)", "OCR"),
    (".tif", b"II*\x00" + b"\x00" * 100, "image (TIFF)", "OCR"),
    (".bmp", b"BM" + b"\x00" * 100, "image (BMP)", "OCR"),
    (".webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 100, "image (WebP)", "OCR"),
    (".ppt", _OLE2 + "PowerPoint Document".encode("utf-16-le") + b"\x00" * 64, "PowerPoint 97-2003", "--convert-to docx"),
    (".rtf", b"{\\rtf1\\ansi \\f0 2020\\par}", "RTF", "--convert-to docx"),
    (".ofd", _zip({"OFD.xml": b"<ofd:OFD/>"}), "OFD", "PDF or text"),
])
def test_a_file_no_plugin_reads_says_what_it_is_and_what_to_do(tmp_path: Path, suffix: str, data: bytes, says: str,
                                                                 todo: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(data)
    with pytest.raises(govreport.errors.FormatError) as e:
        govreport.parse_file(path)
    message = str(e.value)
    assert says in message and todo in message and str(path) in message


def test_file_types_leaves_docx_html_and_text_to_their_plugins() -> None:
    from govreport_plugins.file_types import FileTypesPlugin

    sniff = FileTypesPlugin().sniff
    assert sniff((FIXTURES / "r2019-plain.docx").read_bytes()) == 0
    assert sniff((FIXTURES / "r2019-plain.html").read_bytes()) == 0
    assert sniff((FIXTURES / "r2019-plain.pdf").read_bytes()) == 0
    assert sniff((FIXTURES / "r2019-plain.lo.txt").read_bytes()) == 0


# -- cell streams --------------------------------------------------------------------------------

def _stream(texts: list[str]) -> govreport.blocks.Document:
    from govreport.blocks import Document, Grid, GridCell, GridRow

    rows = [GridRow((GridCell(t, n),), n) for n, t in enumerate(texts, 1)]
    return Document([Grid(rows, cell_stream=True)])


def test_cell_stream_leftover_blanks_explained_by_the_next_rows_merged_label() -> None:
    from govreport.cellstream import regroup

    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    # （一）'s values begin and end with a blank; the blank after them is the covered cell of
    # 三、本年度办理结果 in （二）'s row, which does not restate it.
    doc, diagnostics = regroup(_stream(["三、本年度办理结果", "（一）予以公开", "", "1", "2", "3", "4", "5", "", "",
                                        partial, "1", "1", "1", "1", "1", "1", "6"]), "2019")
    assert diagnostics == []
    (grid,) = doc.grids
    assert [c.text for c in grid.rows[0].cells] == ["三、本年度办理结果", "（一）予以公开", "", "1", "2", "3", "4", "5", ""]
    assert [c.text for c in grid.rows[1].cells] == [partial, "1", "1", "1", "1", "1", "1", "6"]


def test_cell_stream_row_that_could_start_at_either_end_is_not_used() -> None:
    from govreport.cellstream import regroup

    # An unmerged empty label cell or a blank value? The next row restates no group, so no
    # covered cell explains the leftover blank: two placements fit.
    doc, diagnostics = regroup(_stream(["一、本年新收政府信息公开申请数量", "", "1", "2", "3", "4", "5", "", "",
                                        "二、上年结转政府信息公开申请数量", "1", "1", "1", "1", "1", "1", "6"]), "2019")
    assert [d.code for d in diagnostics] == ["GR140"]
    (grid,) = doc.grids
    assert [c.text for c in grid.rows[0].cells] == ["一、本年新收政府信息公开申请数量"]
    assert len(grid.rows[1].cells) == 8
    report = govreport.builder.build_report(_stream(["一、本年新收政府信息公开申请数量", "", "1", "2", "3", "4", "5", "", "",
                                                     "二、上年结转政府信息公开申请数量", "1", "1", "1", "1", "1", "1", "6"]),
                                            govreport.normalize.NormalizedText("", "hans", "str", 0))
    assert report.applications is not None and "new_received" not in report.applications.rows()
    assert "GR140" in [d.code for d in report.diagnostics]


@needs_pdf
def test_convert_walks_pdf_files_in_a_folder(tmp_path: Path) -> None:
    import sqlite3

    from govreport.convert import convert

    for name in ("r2019-plain.pdf", "r2021-split.lo.txt", "scan.pdf"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    out = tmp_path / "out.sqlite"
    convert([tmp_path], out)
    with sqlite3.connect(out) as db:
        sources = {Path(s).name for (s,) in db.execute("SELECT DISTINCT source FROM records")}
        failed = [(Path(s).name, m) for s, m in db.execute("SELECT source, message FROM diagnostics WHERE code = 'GR005'")]
    assert sources == {"r2019-plain.pdf", "r2021-split.lo.txt"}
    assert [name for name, _ in failed] == ["scan.pdf"] and "OCR" in failed[0][1]


def _blank_row_ends(report: Report, rng: random.Random) -> Report:
    """The report with the first or the last value cell of some rows blank (null): a row's
    blank end stands right before the next row's label in a LibreOffice cell stream, where
    nothing says where the row ends. The blanked cells' values are dropped, not moved, so the
    row's own arithmetic breaks as it does when a source leaves a figure out."""
    rng = random.Random(rng.randint(0, 2**32))  # a degenerate Hypothesis rng would blank every row
    share = rng.choice([0.1, 0.3, 0.6])
    tables = {}
    for name in ("active", "applications", "review_litigation"):
        t = report.table(name)
        assert t is not None
        rows: dict[str, list[str]] = {}
        for c in t:
            rows.setdefault(c.row, []).append(c.column)
        blank = set()
        for row, columns in rows.items():
            if rng.random() < share:
                blank.add((row, columns[-1]))
            if rng.random() < share / 2:
                blank.add((row, columns[0]))
        tables[name] = Table(t.id, t.template, tuple(attrs.evolve(c, value=None) if (c.row, c.column) in blank else c
                                                     for c in t))
    return attrs.evolve(report, **tables)


@given(report=gs.reports(), rng=st.randoms(use_true_random=False))
def test_libreoffice_text_rows_ending_in_blanks_before_the_next_label_are_read_right(
        report: Report, rng: random.Random) -> None:
    # The family of the r2019-long fixture's （七）总计 row: its total blank, the next row's label
    # right after it. A cell stream writes every cell, blanks too, so a row of its template
    # row's width lost none: each cell is read as it stands, no refusal, nothing guessed.
    report = _blank_row_ends(report, rng)
    back = govreport.parse(libreoffice_text(report, rng))
    assert back.format == "libreoffice-text"
    want = {c.key: c.value for c in report.cells()}
    got = {c.key: c.value for c in back.cells()}
    assert {k: (v, want.get(k)) for k, v in got.items() if not same_value(v, want.get(k))} == {}
    assert set(got) == set(want)
    assert [d.format() for d in back.diagnostics if d.code in (REFUSED, "GR140")] == []
    # what `govreport check` finds is what the report's own arithmetic breaks, as for the report itself
    assert sorted([d.code, *d.cells] for d in back.validate()) == sorted([d.code, *d.cells] for d in report.validate())


def test_markdown_raw_tables_are_not_normalised_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The one decoder and t2s run once per report: the core normalises the markdown, and the
    # raw <table> blocks inside it are read from that text, not normalised a second time.
    import govreport.api
    import govreport.normalize

    calls = {"text": 0, "pieces": 0}
    real_text, real_pieces = govreport.api.normalize_text, govreport.normalize.normalize_pieces

    def text(*args: object, **kwargs: object) -> object:
        calls["text"] += 1
        return real_text(*args, **kwargs)  # type: ignore[arg-type]

    def pieces(*args: object, **kwargs: object) -> object:
        calls["pieces"] += 1
        return real_pieces(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(govreport.api, "normalize_text", text)
    monkeypatch.setattr(govreport.normalize, "normalize_pieces", pieces)
    source = (FIXTURES / "r2019-blanks.gfm.md").read_text(encoding="utf-8")
    assert "<table" in source
    report = govreport.parse(source)
    assert report.format == "markdown" and report.applications is not None
    assert calls == {"text": 1, "pieces": 0}


def test_fixed_width_numbers_that_cannot_be_placed_are_null_with_a_warning() -> None:
    # Found by the fixed-width property (Hypothesis, now and then): （二）部分公开（区分处理的，…
    # wraps with five full-width characters folded before the row's only number, so the
    # readings of its position disagree. The number is left out, never put in a column; the
    # row's cells were then null with nothing to say why.
    report = govreport.parse_file(FIXTURES / "uncertain-columns.plain.txt")
    assert report.format == "fixed-width"
    [warning] = [d for d in report.diagnostics if d.code == "GR330"]
    assert warning.line == 60 and warning.severity == "warning"
    assert report.applications is not None
    assert report.applications.cell("partially_granted", "total").value is None  # the 8 is not guessed
    assert report.applications.cell("partially_granted", "total").span.line == warning.line  # type: ignore[union-attr]
