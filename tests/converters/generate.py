"""Write the converter fixtures' sources: the project's own generated reports as HTML pages,
each with the cells the converters' outputs must give back (``NAME.expected.json``).

Run by ``make.sh`` (``python tests/converters/generate.py OUTDIR``); the reports are made by
``tests/factories.py`` and written by ``tests/sources.py``'s HTML writer, so no real report's
prose is in them. The set covers both templates, the 2021 （六） split and its unsplit form,
blank cells (null, never 0), merged cells (every table has rowspan/colspan), a table long enough
to cross a page, a header that repeats on the next page, page headers and numbered footers, and a
prose-only report (no tables).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factories import make_report
from govreport.model import Report, Table
from govreport.render import render
from sources import to_html

#: name -> (template, seed, blank cells, split （六）, long prose before table 三)
REPORTS: dict[str, tuple[str, int, int, bool, bool]] = {
    "r2019-plain": ("2019", 11, 0, True, False),
    "r2019-blanks": ("2019", 12, 14, True, False),
    "r2021-split": ("2021", 21, 0, True, False),
    "r2021-unsplit": ("2021", 22, 0, False, False),
    "r2021-blanks": ("2021", 23, 12, True, False),
    "r2019-long": ("2019", 13, 4, True, True),
}


def blanked(report: Report, count: int, seed: int) -> Report:
    """The report with ``count`` cells made blank (null), chosen at random per table."""
    if not count:
        return report
    rng = random.Random(seed)
    keys = {c.key for c in rng.sample(list(report.cells()), count)}
    tables: dict[str, Table | None] = {}
    for name in ("active", "applications", "review_litigation"):
        t = report.table(name)
        assert t is not None
        cells = tuple(attrs.evolve(c, value=None) if c.key in keys else c for c in t)
        tables[name] = Table(t.id, t.template, cells)
    return attrs.evolve(report, **tables)


def expected(report: Report) -> dict[str, object]:
    """Every cell of the report by key, as the data contract writes values (money as text)."""
    return {c.key: (c.value if c.value is None or isinstance(c.value, int) else str(c.value)) for c in report.cells()}


def checks(report: Report) -> list[list[object]]:
    """What ``govreport check`` says of the report: each rule finding's code and cells, sorted."""
    return sorted([d.code, *d.cells] for d in report.validate())


def with_long_prose(page: bytes) -> bytes:
    """Push table 三 down the page so it crosses a page break in a PDF."""
    filler = "".join(f"<p>（{n}）本年度围绕重点领域持续推进公开工作，完善制度，规范流程，加强培训，提升质量。</p>"
                     for n in range(1, 31))
    marker = "三、收到和处理政府信息公开申请情况".encode()
    head, _, tail = page.partition(marker)
    return head + marker + b"</strong></p>" + filler.encode() + b"<p><strong>" + tail


def with_page_furniture(page: bytes) -> bytes:
    """A running page header and a page-number footer (LibreOffice reads ``<div title="header">``
    and ``<div title="footer">`` as the page's header and footer, ``<sdfield type=PAGE>`` as the page number)."""
    furniture = ('<div title="header"><p>政府信息公开工作年度报告</p></div>\n'
                 '<div title="footer"><p align="center">- <sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> -</p>'
                 "</div>\n")
    return page.replace(b"<body>\n", b"<body>\n" + furniture.encode(), 1)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (template, seed, blanks, split, long_prose) in REPORTS.items():
        report = blanked(make_report(template, seed, **({"split_other": split} if template == "2021" else {})),
                         blanks, seed)
        # A page-wide table, as report pages set it (LibreOffice would otherwise size the table to
        # its text and let it run off an A4 page).
        page = to_html(report).replace(b'<table border="1">', b'<table border="1" width="100%">')
        if long_prose:
            page = with_page_furniture(with_long_prose(page))
        (out / f"{name}.html").write_bytes(page)
        (out / f"{name}.expected.json").write_text(
            json.dumps({"template": report.template, "cells": expected(report), "check": checks(report)},
                       ensure_ascii=False, indent=0) + "\n",
            encoding="utf-8")
    legacy = make_report("legacy", 5)
    (out / "legacy-prose.txt").write_text(render(legacy, "narrative"), encoding="utf-8")
    (out / "legacy-prose.expected.json").write_text(
        json.dumps({"template": "legacy", "figures": legacy.legacy_values(), "meta": legacy.meta.values()},
                   ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def repeat_header(docx: Path, table: int, rows: int) -> None:
    """Mark the first ``rows`` rows of the ``table``-th table (1-based) of a .docx as header rows
    that repeat on every page the table reaches (Word's "repeat as header row", ``w:tblHeader``)."""
    import re
    import zipfile

    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    at = [m.start() for m in re.finditer(r"<w:tbl>", xml)][table - 1]
    head, tail = xml[:at], xml[at:]
    # LibreOffice writes every row with a (possibly empty) w:trPr: the flag goes first in it.
    tail = tail.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:tblHeader/>", rows)
    parts["word/document.xml"] = (head + tail).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def scanned(pdf: Path, out: Path) -> None:
    """An image-only PDF of ``pdf``'s first page (what a scanner gives: no text layer)."""
    import subprocess

    from PIL import Image

    png = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(png)], check=True)
    Image.open(f"{png}.png").convert("RGB").save(out, "PDF", resolution=60.0)
    Path(f"{png}.png").unlink()


if __name__ == "__main__":
    if sys.argv[1] == "repeat-header":
        repeat_header(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "scan":
        scanned(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]))
