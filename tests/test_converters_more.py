"""Converter outputs from crawlers' and scrapers' tools, on the committed fixture pages and PDFs
(made by ``tests/converters/make.sh``): w3m and lynx dumps, pandoc straight from the page,
html2text, BeautifulSoup ``get_text``, pdftotext with and without ``-layout``.

The one rule for each: every cell right or null, never a wrong number; a null the source did
not have comes with a warning that says why. Each converter also has the cells it is known to
make readable, so a reader that loses them fails here.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
import strategies as gs
from converters.layouts import box_drawing
from factories import blank_share
from govreport.model import Report
from test_converters import unsettled

FIXTURES = Path(__file__).parent / "fixtures" / "converters"
REPORTS = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("r*.expected.json"))

# (file suffix, plugin that must win the sniff, tables whose every cell must be right)
ALL = ("active", "applications", "review_litigation")
CONVERTERS = [
    ("html-plain.txt", "fixed-width", ALL),  # pandoc -f html -t plain
    ("html-gfm.md", "markdown", ALL),  # pandoc -f html -t gfm
    ("w3m.txt", "box-drawing", ALL),  # w3m -dump: box-drawn grid tables, row-spanning labels
    ("lynx.txt", "narrative", ()),  # lynx -dump: space-aligned, no rules: no table read
    ("html2text.md", "markdown", ("active",)),  # one-cell header rows, <br> as hard breaks
    ("bs4-lines.txt", "libreoffice-text", ()),  # get_text("\n"): one text per line
    ("bs4-tabs.txt", "tsv", ()),  # get_text("\t")
    ("pdftotext.txt", "pdftotext", ()),  # tables refused (GR012)
    ("pdftotext-layout.txt", "pdftotext", ()),
]


def _same(got: object, want: object) -> bool:
    return Decimal(str(got)) == Decimal(str(want))


def _cells(report: Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


@pytest.mark.parametrize("suffix,plugin,complete", CONVERTERS, ids=[c[0] for c in CONVERTERS])
@pytest.mark.parametrize("name", REPORTS)
def test_every_cell_right_or_null(name: str, suffix: str, plugin: str, complete: tuple[str, ...]) -> None:
    import json

    want = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    report = govreport.parse_file(FIXTURES / f"{name}.{suffix}")
    assert report.format == plugin
    assert report.template == want["template"]
    got = _cells(report)
    cells: dict[str, object] = want["cells"]
    wrong = {k: (v, cells[k]) for k, v in got.items()
             if v is not None and (cells.get(k) is None or not _same(v, cells[k]))}
    assert wrong == {}, f"wrong numbers (got, expected): {dict(list(wrong.items())[:5])}"
    lost = [k for k, v in cells.items() if v is not None and got.get(k) is None]
    if lost:  # a cell the source has and the report lacks is said to be lost
        assert [d for d in report.diagnostics if d.severity in ("warning", "error")], lost[:5]
    null = unsettled(report, name, complete)  # a row read in several ways that nothing tells apart
    for table in complete:
        mine = {k: v for k, v in cells.items() if k.startswith(f"{table}.") and k not in null}
        assert {k: got.get(k) for k in mine if not (got.get(k) is None and mine[k] is None)
                and (got.get(k) is None or mine[k] is None or not _same(got[k], mine[k]))} == {}, table


@pytest.mark.parametrize("layout", ["pdftotext.txt", "pdftotext-layout.txt"])
@pytest.mark.parametrize("name", REPORTS)
def test_pdftotext_reads_the_prose_and_refuses_the_tables(name: str, layout: str) -> None:
    report = govreport.parse_file(FIXTURES / f"{name}.{layout}")
    html = govreport.parse_file(FIXTURES / f"{name}.html")
    assert report.meta.values() == html.meta.values()
    assert "GR012" in {d.code for d in report.diagnostics}
    assert list(report.cells()) == []


def test_pdftotext_sniff_needs_the_form_feed() -> None:
    """The page ends are what tells pdftotext's text: without them the text is sniffed as usual."""
    text = (FIXTURES / "r2021-split.pdftotext.txt").read_text(encoding="utf-8")
    assert govreport.parse(text).format == "pdftotext"
    assert govreport.parse(text.replace("\f", "")).format != "pdftotext"


BOX = "\n".join([
    "二、主动公开政府信息情况",
    "",
    "┌────────────────────────────────────────────────┐",
    "│第二十条第（一）项                              │",
    "├────────────┬───────────┬───────────┬───────────┤",
    "│信息内容    │本年制发件 │本年废止件 │现行有效件 │",
    "│            │数         │数         │数         │",
    "├────────────┼───────────┼───────────┼───────────┤",
    "│规章        │12         │           │30         │",
    "├────────────┼───────────┼───────────┼───────────┤",
    "│            │4          │1          │7          │",
    "│行政规范性  ├───────────┼───────────┼───────────┤",
    "│文件        │5          │2          │8          │",
    "└────────────┴───────────┴───────────┴───────────┘",
])


def test_box_drawn_table_takes_its_columns_from_every_border() -> None:
    """w3m's top border marks only the first row's cells: a first row across the table hides
    the columns, which the borders below it give; a partial border under a row-spanning cell's
    neighbours is no text."""
    from govreport.normalize import normalize
    from govreport.registry import default_registry

    registry = default_registry()
    plugin = registry.get("box-drawing").plugin
    assert plugin.sniff(BOX) > registry.get("fixed-width").plugin.sniff(BOX)
    (grid,) = plugin.read(normalize(BOX).text).grids
    assert grid.positioned
    merged, header, regulations, first, second = grid.rows
    assert [(c.text, c.column, c.colspan) for c in merged.cells] == [("第二十条第(一)项", 1, 4)]
    assert [c.text for c in header.cells] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [(c.text, c.column) for c in regulations.cells] == [("规章", 1), ("12", 2), ("", 3), ("30", 4)]
    # the label beside the partial border spans both rows; each row keeps its own numbers
    assert [(c.text, c.column, c.rowspan) for c in first.cells] == [
        ("行政规范性文件", 1, 2), ("4", 2, 1), ("1", 3, 1), ("7", 4, 1)]
    assert [(c.text, c.column) for c in second.cells] == [("5", 2), ("2", 3), ("8", 4)]


def test_text_without_box_drawing_is_not_sniffed() -> None:
    from govreport.registry import default_registry

    plugin = default_registry().get("box-drawing").plugin
    assert plugin.sniff("┼ a lone junction\n│ and a bar") == 0.0
    assert plugin.sniff((FIXTURES / "r2019-plain.plain.txt").read_text(encoding="utf-8")) == 0.0


# -- the box-drawing family: any generated report, drawn as w3m draws it -----------------------

@given(report=gs.reports(), rng=st.randoms(use_true_random=False))
def test_box_drawn_tables_of_any_report_have_every_cell_right(report: Report, rng: random.Random) -> None:
    """w3m's layout written from any generated report (spans, partial borders beside row-spanning
    labels, wrapped labels, blanks): every cell right, null only where the report has a blank."""
    share = rng.choice([0.0, 0.05, 0.2, 0.5])
    report = blank_share(report, random.Random(rng.randint(0, 2**32)), share)
    back = govreport.parse(box_drawing(report, rng))
    assert back.format == "box-drawing"
    want = {c.key: c.value for c in report.cells()}
    got = _cells(back)
    assert set(got) == set(want)
    assert {k: (v, want[k]) for k, v in got.items()
            if (v is None) != (want[k] is None) or (v is not None and not _same(v, want[k]))} == {}
    assert [d.format() for d in back.diagnostics if d.severity != "info"] == []
