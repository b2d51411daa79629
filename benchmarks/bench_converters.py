"""Speed of the converter layouts: reports per second per core for markdown, fixed-width and
LibreOffice text, pages per second for PDF.

Run on demand: ``.venv/bin/python benchmarks/bench_converters.py [--n 200] [--rounds 3]``. Not
part of the tests. The text layouts are timed on reports generated and written as each converter
lays them out (``tests/converters/layouts.py``) and on the converters' own outputs committed in
``tests/fixtures/converters/``; PDF on those fixtures (LibreOffice PDFs, 3-5 pages each), with
pdfplumber's reading of the same pages beside it when it is installed (the comparison behind the
choice of pypdfium2, see ``plugins/govreport_plugins/pdf.py``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import govreport
from converters.layouts import fixed_width, libreoffice_text
from factories import make_report

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "converters"


def _best(run: Callable[[], None], rounds: int) -> float:
    """Seconds for one call of ``run``, the best of ``rounds`` (this machine's timings are noisy)."""
    elapsed = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        elapsed = min(elapsed, time.perf_counter() - start)
    return elapsed


def _text_layout(name: str, texts: list[bytes], fmt: str | None, rounds: int) -> None:
    def run() -> None:
        for data in texts:
            report = govreport.parse(data, fmt)
            assert report.format == name, report.format

    run()  # grammars, plugins and caches built once
    seconds = _best(run, rounds)
    size = sum(map(len, texts)) / len(texts) / 1024
    print(f"{name:<17} {len(texts) / seconds:6.0f} reports/s  ({seconds / len(texts) * 1000:.2f} ms each)  "
          f"{size:.1f} KB average, {len(texts)} reports")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n, rounds = args.n, args.rounds

    print("generated reports (both templates, blanks), written as the converters lay them out:")
    rng = random.Random(0)
    reports = [make_report("2019" if i % 2 else "2021", seed=i) for i in range(n)]
    _text_layout("libreoffice-text", [libreoffice_text(r, rng).encode() for r in reports], None, rounds)
    _text_layout("fixed-width", [fixed_width(r, rng).encode() for r in reports], None, rounds)

    print("the converters' own outputs (tests/fixtures/converters), each parsed n / 6 times:")
    for suffix, name, fmt in (("lo.txt", "libreoffice-text", None), ("plain.txt", "fixed-width", None),
                              ("pandoc.md", "markdown", None), ("gfm.md", "markdown", "markdown")):
        files = [p.read_bytes() for p in sorted(FIXTURES.glob(f"r*.{suffix}"))]
        _text_layout(name, files * max(1, n // len(files)), fmt, rounds)

    pdfs = [p.read_bytes() for p in sorted(FIXTURES.glob("r*.pdf"))]
    try:
        import pypdfium2
    except ImportError:
        print("pdf: pypdfium2 is not installed (pip install 'govreport[pdf]')")
        return
    pages = sum(len(pypdfium2.PdfDocument(data)) for data in pdfs)

    def parse_pdfs() -> None:
        for data in pdfs:
            govreport.parse(data)

    parse_pdfs()
    seconds = _best(parse_pdfs, rounds)
    print(f"{'pdf':<17} {pages / seconds:6.1f} pages/s    ({len(pdfs) / seconds:.1f} reports/s, {pages} pages "
          f"in {len(pdfs)} reports)")
    try:
        import pdfplumber
    except ImportError:
        return

    def plumber() -> None:  # words, ruling lines and tables of every page: what a reader needs
        for path in sorted(FIXTURES.glob("r*.pdf")):
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    page.find_tables()

    seconds = _best(plumber, rounds)
    print(f"{'(pdfplumber)':<17} {pages / seconds:6.1f} pages/s    words, lines and find_tables of the same pages")


if __name__ == "__main__":
    main()
