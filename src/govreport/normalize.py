"""Bytes to normalised text: decoding, export markers, width folding and t2s.

Normalisation never adds or removes line breaks, so line numbers in the normalised text are
the source's line numbers (``\\r\\n`` and lone ``\\r`` count as one break).
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs

from .errors import FormatError
from .limits import active as active_limits

HANS = "hans"
HANT = "hant"

# Full-width ASCII (U+FF01..U+FF5E) folds to ASCII; the ideographic space to a space.
# Chinese punctuation outside that block (、。“”《》) is kept: it carries meaning.
_WIDTH_TABLE: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: None,
                     0xFEFF: None, 0x2212: ord("-")})
# Other control characters (form feeds from exports, stray NULs) would only confuse layouts.
_WIDTH_TABLE.update({cp: None for cp in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)})
_WIDTH_TABLE.update({0x85: 0x20, 0x2028: 0x20, 0x2029: 0x20})

# [bookmark: _GoBack], [image: IMG_3910], [image: 照片 048] and the like from docx->text exports.
# The body stops at the next bracket as well as at "]": with only "]" and line ends stopping it,
# a long line of unclosed "[image:" markers was scanned to its end from each of them (quadratic).
EXPORT_MARKER = re.compile(r"\[(?:bookmark|image|comment|footnote|endnote|field)[ \t]*:[^\[\]\n]*\]", re.I)

# A run of carriage returns, and the line feed after it if there is one. The optional group
# always matches, so a long run of "\r" is consumed once ("\r+\n" rescanned it from each "\r").
_CR_RUN = re.compile(r"\r+(\n?)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@attrs.frozen
class NormalizedText:
    """The normalised text and what normalising it did."""

    text: str
    script: str  # hans or hant: the script of the source
    encoding: str  # utf-8, utf-8-sig, gb18030, or "str" when text was given
    markers_removed: int = 0


def decode(data: bytes, *, source: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of report bytes, by the one decoder (:func:`govreport.decode.decode`)."""
    from .decode import decode as decode_bytes  # here: decode reports diagnostics, which format numbers (a cycle)

    decoded = decode_bytes(data, source=source)
    return decoded.text, decoded.encoding


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


# str.translate looks every character up in the table (~50 ns each on CJK text); splitting on
# the few characters to fold and mapping only those is five times faster.
_FOLD = {chr(k): "" if v is None else chr(v) for k, v in _WIDTH_TABLE.items()}
_FOLDABLE = re.compile("([" + "".join(re.escape(c) for c in sorted(_FOLD)) + "])")


def fold_width(text: str) -> str:
    """Fold full-width ASCII and odd spaces to their plain forms."""
    parts = _FOLDABLE.split(text)
    if len(parts) == 1:
        return text
    fold = _FOLD
    parts[1::2] = [fold[c] for c in parts[1::2]]
    return "".join(parts)


def to_simplified(text: str) -> tuple[str, str]:
    """Convert to simplified script once for the whole text; return it and the source script."""
    converted = _t2s().convert(text)
    if converted == text:
        return text, HANS
    changed = sum(1 for a, b in zip(text, converted) if a != b) if len(converted) == len(text) else len(text)
    cjk = len(_CJK.findall(text)) or 1
    # A handful of characters differ even in simplified texts (variant forms); a traditional
    # source changes a large share of its characters.
    return converted, HANT if changed / cjk > 0.03 else HANS


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (U+D800-U+DFFF, which no encoding can write) replaced
    by U+FFFD: a ``str`` built from broken UTF-16 must not fail later stages."""
    try:
        text.encode("utf-8")  # the C encoder tells in a fraction of a regex scan's time
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _line_ends(m: re.Match[str]) -> str:
    # "\r\r\n" comes from converting line ends twice: still one line break; lone "\r"s are each one.
    return "\n" if m.group(1) else "\n" * (m.end() - m.start())


def check_line_length(text: str) -> None:
    """Raise ``GR306`` (:class:`~govreport.errors.LimitExceeded`) when a line of ``text`` is
    longer than the active :attr:`Limits.max_line_length <govreport.Limits.max_line_length>`."""
    bound = active_limits().max_line_length
    if bound is None or len(text) <= bound:  # the common case costs one comparison
        return
    start, line = 0, 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > bound:
            raise active_limits().exceeded("max_line_length", stop - start, f"line {line} length in characters",
                                           line=line)
        if end < 0:
            return
        start, line = end + 1, line + 1


def normalize_text(text: str, *, encoding: str = "str") -> NormalizedText:
    """Normalise decoded text: surrogates, line ends, export markers, width folding, t2s."""
    if encoding == "str":  # decoders never produce lone surrogates; a caller's str may hold them
        text = without_surrogates(text)
    if "\r" in text:
        text = _CR_RUN.sub(_line_ends, text)
    check_line_length(text)
    text, markers = EXPORT_MARKER.subn("", text)
    text = fold_width(text)
    text, script = to_simplified(text)
    return NormalizedText(text=text, script=script, encoding=encoding, markers_removed=markers)


def normalize(data: str | bytes, *, source: str | None = None) -> NormalizedText:
    """Decode (if bytes) and normalise a report."""
    if isinstance(data, bytes):
        text, encoding = decode(data, source=source)
    else:
        text, encoding = data, "str"
        if text.startswith("\ufeff"):
            text = text[1:]
    return normalize_text(text, encoding=encoding)


def normalize_pieces(pieces: list[str]) -> tuple[list[str], NormalizedText]:
    """Normalise many short texts (cells and paragraphs of a .docx or HTML page) in one pass.

    They are joined into one text, so t2s runs once per report, never per cell; each piece
    comes back on its own (line breaks inside a piece become spaces). A piece longer than
    :attr:`Limits.max_line_length <govreport.Limits.max_line_length>` raises ``GR306``.
    """
    if not pieces:  # a document with no text at all ("".split gives one piece, not none)
        return [], normalize_text("", encoding="binary")
    bound = active_limits().max_line_length
    if bound is not None:
        longest = max(map(len, pieces))
        if longest > bound:
            raise active_limits().exceeded("max_line_length", longest, "a paragraph or cell's length in characters")
    joined = "\n".join(pieces)
    if "\r" in joined or joined.count("\n") != len(pieces) - 1:  # a piece of more than one line (rare)
        joined = "\n".join(p.replace("\r", " ").replace("\n", " ") for p in pieces)
    joined = without_surrogates(joined)
    n = normalize_text(joined, encoding="binary")
    out = n.text.split("\n")
    if len(out) != len(pieces):  # normalisation keeps line breaks: this would be a bug, said plainly
        raise FormatError(f"normalising {len(pieces)} paragraphs and cells gave {len(out)} pieces",
                          expected="text that normalisation keeps piece by piece")
    return out, n
