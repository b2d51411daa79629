"""Files no format plugin reads, recognised so the error says what they are and what to do.

A user who hands govreport a Word 97-2003 ``.doc``, a spreadsheet, a photo of a page, an
OpenDocument or OFD file should not read "no installed format plugin recognises this text"
(the bytes decoded as if they were text). This plugin knows these files by their signatures,
scores them above every other plugin, and its ``read`` raises a
:class:`~govreport.errors.FormatError` naming the file type and the conversion that makes the
report readable. It reads nothing itself.
"""

from __future__ import annotations

import io
import zipfile

from govreport.blocks import Document
from govreport.errors import FormatError
from govreport.plugin import FormatPlugin

_TO_DOCX = "soffice --headless --convert-to docx FILE (LibreOffice), then parse the .docx"
_OCR = "the report's text: run OCR on the image first (for instance tesseract FILE out -l chi_sim)"
_SPREADSHEET = ("the report as .docx, HTML, PDF or text; a sheet saved as tab-separated text is read by the tsv "
                "layout (soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):9' FILE)")

_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"))
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Stream names (UTF-16LE in the compound file's directory) → (what the file is, what to do).
_OLE2_KINDS = (("WordDocument", "a Word 97-2003 document (.doc)", _TO_DOCX),
               ("Workbook", "an Excel 97-2003 spreadsheet (.xls)", _SPREADSHEET),
               ("Book", "an Excel 5 spreadsheet (.xls)", _SPREADSHEET),
               ("PowerPoint Document", "a PowerPoint 97-2003 presentation (.ppt)", _TO_DOCX))
#: A zip's member → (what the file is, what to do); .docx files are the docx plugin's.
_ZIP_KINDS = (("xl/workbook.xml", "an Excel spreadsheet (.xlsx)", _SPREADSHEET),
              ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)", _TO_DOCX),
              ("OFD.xml", "an OFD document (the Chinese fixed-layout format)",
               "the report exported as PDF or text from an OFD reader"))
_ODF = {b"application/vnd.oasis.opendocument.text": ("an OpenDocument text (.odt)", _TO_DOCX),
        b"application/vnd.oasis.opendocument.spreadsheet": ("an OpenDocument spreadsheet (.ods)", _SPREADSHEET)}


#: Every signature :func:`identify` knows opens with one of these (one test for the inputs
#: that are none of them: every input is sniffed by this plugin).
_OPENINGS = (*(magic for magic, _ in _IMAGES), b"RIFF", _OLE2, b"{\\rtf", b"PK\x03\x04")


def identify(data: bytes) -> tuple[str, str] | None:
    """``(what the file is, what to do)`` for a file type no plugin reads; None otherwise."""
    if not data.startswith(_OPENINGS):
        return None
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            return f"an image ({kind}): it holds no text", _OCR
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "an image (WebP): it holds no text", _OCR
    if data.startswith(_OLE2):
        head = data[:1 << 20]
        for stream, kind, todo in _OLE2_KINDS:
            if stream.encode("utf-16-le") in head:
                return kind, todo
        return "a Microsoft Office 97-2003 file", _TO_DOCX
    if data.startswith(b"{\\rtf"):
        return "an RTF document", _TO_DOCX
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names:
                return None
            for member, kind, todo in _ZIP_KINDS:
                if member in names:
                    return kind, todo
            if "mimetype" in names:
                return _ODF.get(z.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return None
    return None


class FileTypesPlugin(FormatPlugin):
    """Recognises .doc, spreadsheets, images, RTF, ODF and OFD files and says how to convert them."""

    name = "file-types"
    aliases = ()
    description = "recognises files no plugin reads (.doc, .xls(x), images, RTF, ODF, OFD) and says what to do"
    binary = True

    def sniff(self, data: bytes) -> float:  # type: ignore[override]
        return 0.98 if identify(data) is not None else 0.0

    def read(self, data: bytes) -> Document:  # type: ignore[override]
        found = identify(data)
        if found is None:
            raise FormatError("not a file type this plugin knows", expected="a report file")
        kind, todo = found
        raise FormatError(f"this is {kind}, which govreport does not read", expected=todo)
