"""The one decoder: report bytes to text.

Every input route goes through :func:`decode`: ``parse``, ``parse_file`` and the batch
converter, text layouts and markup alike. No other module of govreport turns bytes into text
(the .docx plugin hands the XML bytes inside its zip to its XML parser, which reads the
encoding the XML declares: that is the XML parser's job, not a second text decoder).

The order:

1. a byte-order mark (UTF-8, UTF-16) decides;
2. markup that declares its charset (``<meta charset>``, ``http-equiv``, ``<?xml encoding?>``)
   is decoded with it, *checked*: a declared charset is taken only when it decodes the bytes
   cleanly, and a page whose bytes are clean UTF-8 (with non-ASCII in them) is UTF-8 whatever
   it declares, since GB18030 decodes almost any byte sequence into mojibake without an error
   while text in another encoding is practically never valid UTF-8. When the declaration does
   not fit, UTF-8 and GB18030 are tried and the one that fits wins, with diagnostic GR008;
3. otherwise UTF-8, then GB18030 (a superset of GBK and GB2312). UTF-8 with a few damaged
   bytes stays UTF-8 (GR009): GB18030 could decode it without an error, into mojibake.

A decoder with ``errors="replace"`` would hide a wrong charset behind a few replacement
characters, so nothing is decoded that way silently: when no candidate decodes cleanly, the
one with the fewest undecodable bytes is used only if they are rare (one in a thousand, or a
few in a short file),
their count and first line are reported (GR009, and a cell holding one reads as unreadable,
never as a number); otherwise :class:`~govreport.errors.DecodeError` says where decoding failed.
"""

from __future__ import annotations

import codecs
import re

import attrs

from .diagnostics import Diagnostic
from .errors import DecodeError

UTF8 = "utf-8"
GB18030 = "gb18030"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))
# <meta charset="gbk">, <meta http-equiv="Content-Type" content="text/html; charset=gbk">,
# <?xml version="1.0" encoding="gbk"?>: looked for in the first 4 KB, as browsers do (1 KB is
# their minimum; exported pages put long <title>s and scripts first).
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
                       rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_DECLARATION_WINDOW = 4096
# GBK and GB2312 pages are read as their superset: a GBK page often holds GB18030-only
# characters (rare names), and GB18030 decodes every GBK byte sequence the same way.
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "csgb2312", "euc-cn"}
#: At most this share of a file's bytes may be undecodable (replaced, and reported) before
#: the file counts as not text at all; a short file may have :data:`MIN_REPLACED_ALLOWED`
#: (a damaged character is up to three bytes: a few damaged characters), but never more than one
#: byte in twenty.
MAX_REPLACED_SHARE = 1 / 1000
MIN_REPLACED_ALLOWED = 16


def _rare(bad: int, size: int) -> bool:
    """Whether ``bad`` undecodable bytes among ``size`` are few enough to replace and report."""
    return bad <= max(MIN_REPLACED_ALLOWED, size * MAX_REPLACED_SHARE) and bad * 20 <= size


@attrs.frozen
class Decoded:
    """Decoded text and how it was decoded."""

    text: str
    #: The codec that decoded the bytes: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030`` or a
    #: declared one.
    encoding: str
    #: The charset the markup declared (as written), if it declared one.
    declared: str | None = None
    #: True when the declared charset did not fit the bytes and another one was used.
    declaration_overruled: bool = False
    #: Bytes that no candidate could decode, each replaced by U+FFFD.
    replaced: int = 0
    first_replaced_line: int | None = None

    @property
    def fallback(self) -> bool:
        """True when GB18030 was used without being declared (the GR001 case)."""
        return self.encoding == GB18030 and (self.declared is None or self.declaration_overruled)

    def diagnostics(self) -> list[Diagnostic]:
        """What decoding found worth saying (GR008, GR009); GR001 is the report builder's."""
        out = []
        if self.declaration_overruled:
            out.append(Diagnostic("GR008", f"the page declares charset {self.declared!r}, which does not fit its "
                                           f"bytes; decoded as {self.encoding}"))
        if self.replaced:
            out.append(Diagnostic("GR009", f"{self.replaced} byte(s) could not be decoded as {self.encoding} and "
                                           "were replaced; cells holding them are unreadable",
                                  line=self.first_replaced_line))
        return out


def declared_charset(data: bytes) -> str | None:
    """The charset markup declares in its first 4 KB, as written (``None`` if it declares none)."""
    if b"<" not in data[:_DECLARATION_WINDOW]:
        return None
    m = _DECLARED.search(data, 0, _DECLARATION_WINDOW)
    if m is None:
        return None
    return (m.group(1) or m.group(2)).decode("ascii")


def _codec(label: str) -> str | None:
    """The codec for a declared charset label, or ``None`` if Python knows no such codec."""
    name = label.strip().lower()
    if name in _GB_FAMILY:
        return GB18030
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec == GB18030 and "\x00" in text:  # GB18030 "decodes" binary data; NULs give it away
        return None
    return text


def decode(data: bytes, *, source: str | None = None) -> Decoded:
    """Decode report bytes (see the module docstring for the order); :class:`DecodeError` if
    they are not text in any supported encoding."""
    for bom, bom_codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(bom_codec), label)
            except UnicodeDecodeError as e:
                raise _decode_error(data, e, source, f"{label} text after its byte-order mark") from None
    declared = declared_charset(data)
    if declared is not None:
        codec = _codec(declared)
        if data.isascii():  # every charset a page can declare reads ASCII the same
            return Decoded(data.decode("ascii"), codec or UTF8, declared, codec is None)
        text = _strict(data, UTF8)
        if text is not None:
            return Decoded(text, UTF8, declared, codec != UTF8)
        if codec is not None and codec != UTF8:
            text = _strict(data, codec)
            if text is not None:
                return Decoded(text, codec, declared)
        mostly = _mostly_utf8(data, declared, overruled=codec != UTF8)
        if mostly is not None:
            return mostly
        if codec != GB18030:
            text = _strict(data, GB18030)
            if text is not None:
                return Decoded(text, GB18030, declared, True)
        return _lenient(data, source, declared, [c for c in (codec, UTF8, GB18030) if c])
    text = _strict(data, UTF8)
    if text is not None:
        return Decoded(text, UTF8)
    mostly = _mostly_utf8(data, None, overruled=False)
    if mostly is not None:
        return mostly
    text = _strict(data, GB18030)
    if text is not None:
        return Decoded(text, GB18030)
    return _lenient(data, source, None, [UTF8, GB18030])


def _replaced(data: bytes, codec: str) -> tuple[str, int]:
    """The text decoded with U+FFFD for what does not decode, and how many were replaced."""
    text = data.decode(codec, errors="replace")
    # U+FFFD written in the file itself (valid UTF-8 EF BF BD) is not a decoding error
    return text, text.count("\ufffd") - (data.count(b"\xef\xbf\xbd") if codec == UTF8 else 0)


def _with_replacements(text: str, codec: str, declared: str | None, overruled: bool, bad: int) -> Decoded:
    first = text.find("\ufffd")
    return Decoded(text, codec, declared, overruled, bad, text.count("\n", 0, first) + 1 if first >= 0 else None)


def _mostly_utf8(data: bytes, declared: str | None, *, overruled: bool) -> Decoded | None:
    """UTF-8 with a few broken bytes (a truncated or damaged file), if that is what the bytes are.

    Checked before GB18030, which may decode such bytes *without an error* into mojibake. The
    proof that it is UTF-8: the undecodable bytes are rare and the text decodes at least twenty
    non-ASCII characters for each of them (GBK bytes read as UTF-8 give almost none).
    """
    text, bad = _replaced(data, UTF8)
    if not bad or not _rare(bad, len(data)) or "\x00" in text:
        return None
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    if non_ascii < 20 * bad:
        return None
    return _with_replacements(text, UTF8, declared, overruled, bad)


def _lenient(data: bytes, source: str | None, declared: str | None, codecs_to_try: list[str]) -> Decoded:
    """The candidate with the fewest undecodable bytes, if they are rare; else DecodeError."""
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys(codecs_to_try):
        text, bad = _replaced(data, codec)
        if best is None or bad < best[0]:
            best = (bad, codec, text)
    assert best is not None
    bad, codec, text = best
    if not _rare(bad, len(data)) or "\x00" in text:
        what = f"{declared} (as declared), UTF-8 or GB18030 text" if declared else "UTF-8 or GB18030 text"
        for candidate in codecs_to_try:
            try:
                data.decode(candidate)
            except UnicodeDecodeError as e:
                raise _decode_error(data, e, source, what) from None
        raise DecodeError("the bytes hold NUL characters: binary data, not text", source=source, expected=what)
    return _with_replacements(text, codec, declared, declared is not None and _codec(declared) != codec, bad)


def _decode_error(data: bytes, err: UnicodeDecodeError, source: str | None, expected: str) -> DecodeError:
    line = data.count(b"\n", 0, err.start) + 1
    col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    return DecodeError(f"cannot decode byte 0x{data[err.start]:02x} at offset {err.start}",
                       source=source, line=line, column=col, expected=expected)
