"""PDF with a text layer (``pip install 'govreport[pdf]'``: pypdfium2).

Why pypdfium2: it is PDFium, the PDF engine of Chrome, as a wheel with no other dependency.
On this project's fixtures (LibreOffice PDFs of generated reports, 3-5 pages) it reads the
characters with their boxes and the page's drawn lines at ~60 pages/s on one core, where
pdfplumber (pdfminer.six, pure Python) reads words and lines at ~7 pages/s and its table finder
adds more; both read tables from the same ruling lines and characters, so the tables are as
faithful either way (every cell of every fixture right), and the faster one is used.
``benchmarks/bench_converters.py`` measures it.

How a document is read into blocks is :mod:`govreport_plugins.pdf_pages`, imported when a PDF
is first read: every input is sniffed by this plugin, and nearly none is a PDF.
"""

from __future__ import annotations

from govreport.blocks import Document
from govreport.plugin import FormatPlugin


class PdfPlugin(FormatPlugin):
    """Reads PDF files with a text layer: ruled tables, prose, tables across pages."""

    name = "pdf"
    aliases = ()
    description = "PDF with a text layer (pip install 'govreport[pdf]'): ruled tables, tables across pages"
    binary = True

    def sniff(self, data: bytes) -> float:  # type: ignore[override]
        # Sure of a PDF even without the extra installed: read() then says what to install,
        # which is better than a refusal about text layouts.
        return 0.99 if data[:1024].lstrip()[:5] == b"%PDF-" else 0.0

    def read(self, data: bytes) -> Document:  # type: ignore[override]
        from .pdf_pages import read_pdf  # see the module docstring

        return read_pdf(data)
