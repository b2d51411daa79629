"""The entry points most users need: :func:`parse` and :func:`parse_file`.

One route for every input: bytes go through the one decoder (:mod:`govreport.decode`) and are
normalised once; every installed plugin sniffs the same :class:`~govreport.plugin.ReportInput`;
the best-ranked plugin reads it (:mod:`govreport.registry` says how plugins are ranked). A
plugin that fails while reading (a bug, not a library error) is reported on the report (GR007)
and the next confident candidate reads instead.
"""

from __future__ import annotations

import os
import stat
from operator import attrgetter
from pathlib import Path, PurePath
from typing import IO

from .blocks import Document
from .builder import build_report
from .decode import Decoded, decode
from .diagnostics import Diagnostic
from .errors import DecodeError, FormatError, GovReportError, LimitExceeded, NoFormatError, PluginError
from .limits import Limits, active, checkpoint, enforced
from .model import Report
from .normalize import NormalizedText, normalize_text, without_surrogates
from .plugin import ReportInput
from .registry import PluginInfo, Registry, default_registry

_CELLS = attrgetter("cells")


def open_input(data: str | bytes, *, source: str = "<string>") -> tuple[ReportInput, Decoded | GovReportError | None]:
    """``data`` as the input every plugin sniffs, and how its bytes were decoded: a
    :class:`~govreport.decode.Decoded`; a library error when the text cannot be given to text
    plugins (a :class:`DecodeError` when the bytes are not text, a
    :class:`~govreport.errors.LimitExceeded` when a line is longer than the limit): the input's
    text is then empty and a plugin that reads the bytes or the markup itself may still read
    it; or ``None`` for text given as ``str``."""
    filename = None if source.startswith("<") else PurePath(source).name
    if isinstance(data, str):
        text = without_surrogates(data)  # lone surrogates cannot be encoded, nor passed to t2s
        text = text[1:] if text.startswith("\ufeff") else text
        active().check("max_text_chars", len(text), "characters of text")
        normalized, refused = _normalized(text, "str")
        return ReportInput(normalized, decoded_text=text, filename=filename), refused
    try:
        decoded: Decoded | GovReportError = decode(data, source=source)
    except DecodeError as e:
        empty = NormalizedText("", "hans", "binary")
        return ReportInput(empty, decoded_text="", data=data, filename=filename), e
    assert isinstance(decoded, Decoded)
    active().check("max_text_chars", len(decoded.text), "characters of text")
    encoding = "gb18030" if decoded.fallback else (decoded.declared or decoded.encoding)
    normalized, refused = _normalized(decoded.text, encoding)
    return ReportInput(normalized, decoded_text=decoded.text, data=data, filename=filename), refused or decoded


def _normalized(text: str, encoding: str) -> tuple[NormalizedText, LimitExceeded | None]:
    # A line past the limit is refused to the text plugins only (their line-oriented readers are
    # what the limit protects); a page of markup on one line is still the HTML plugin's to read.
    try:
        return normalize_text(text, encoding=encoding), None
    except LimitExceeded as e:
        if e.code != "GR306":
            raise
        return NormalizedText("", "hans", encoding), e


def _read_stream(stream: IO[bytes], source: str, limits: Limits | None) -> bytes:
    """The bytes of a binary file object (``BytesIO``, an open file, an HTTP response), never
    more than the byte limit (+1 byte to tell) into memory."""
    cap = (limits or Limits()).max_bytes
    data = stream.read() if cap is None else stream.read(cap + 1)
    if not isinstance(data, bytes):
        raise FormatError(f"the file object gave {type(data).__name__}, not bytes", source=source,
                          expected="a binary file object (open(path, 'rb'), io.BytesIO)")
    return data


def parse(data: str | bytes | IO[bytes], format: str | None = None, *, source: str = "<string>",
          registry: Registry | None = None, limits: Limits | None = None) -> Report:
    """Parse one report given as text, bytes or a binary file object (``IO[bytes]``).

    ``format`` names a plugin (``"pipe"``, ``"tsv"``, ``"docx-export"``, ``"narrative"`` or
    any installed one); by default every plugin sniffs the input and the best-ranked one reads
    it. Raises a :class:`~govreport.errors.GovReportError` when the input cannot be read at all;
    everything else found is a diagnostic on the returned Report. ``limits`` bounds what the
    input may cost (:class:`~govreport.Limits`; the defaults when None): going past one raises
    :class:`~govreport.errors.LimitExceeded`.
    """
    if not isinstance(data, (str, bytes)):
        data = _read_stream(data, source, limits)
    with enforced(limits) as lim:
        try:
            lim.check("max_bytes", len(data), "input size in " + ("bytes" if isinstance(data, bytes) else "characters"))
            return _parse(data, format, source, registry)
        except GovReportError as e:
            raise e.with_source(source) from None


def _parse(data: str | bytes, format: str | None, source: str, registry: Registry | None) -> Report:
    reg = registry or default_registry()
    inp, decoded = open_input(data, source=source)
    checkpoint("normalising the text")
    notes = [Diagnostic("GR003", f"format plugin {f.name!r} ({f.origin}) failed to load: {f.error}")
             for f in reg.failures if f.kind == "load"]
    notes += [Diagnostic("GR006", f"format plugin {f.name!r} from {f.origin} is not used: {f.error}")
              for f in reg.failures if f.kind == "duplicate"]
    if isinstance(decoded, Decoded):
        notes += decoded.diagnostics()
    if not isinstance(decoded, GovReportError) and not inp.strip():
        raise FormatError("the report is empty", source=source, expected="the text of a report")
    if format:
        return _read(reg.get(format), inp, source, notes, decoded)
    ranking = reg.rank(inp)
    notes += [Diagnostic("GR007", f"format plugin {p.plugin!r}: {p.problem}; counted as 0")
              for p in ranking.problems]
    confident = ranking.confident()
    if not confident:
        raise _nothing_reads(inp, decoded, ranking.summary(), source)
    failed: list[str] = []
    for n, candidate in enumerate(confident):
        try:
            return _read(candidate.info, inp, source, notes, decoded)
        except PluginError as e:
            failed.append(e.message)
            if n + 1 < len(confident):
                notes.append(Diagnostic("GR007", f"{e.message}; read by {confident[n + 1].info.name!r} instead"))
    raise PluginError("; then ".join(failed), source=source,
                      expected="a plugin that reads the input without failing (every candidate failed)")


def _nothing_reads(inp: ReportInput, decoded: Decoded | GovReportError | None, tried: str, source: str) -> GovReportError:
    if inp.data is not None and inp.data.startswith(b"PK\x03\x04"):
        return FormatError("this is a zip file (a .docx?) and no installed plugin reads it", source=source,
                           expected=f"a container one of the plugins reads ({tried})")
    if isinstance(decoded, GovReportError):
        return decoded
    return NoFormatError("no installed format plugin recognises this text", source=source,
                         expected=f"a layout one of the plugins reads ({tried})")


def _read(info: PluginInfo, inp: ReportInput, source: str, notes: list[Diagnostic],
          decoded: Decoded | GovReportError | None) -> Report:
    checkpoint("choosing the layout")
    try:
        doc: Document | Report = info.read(inp)
    except GovReportError as e:
        raise e.with_source(source) from None
    checkpoint(f"reading the {info.name} layout")
    if isinstance(doc, Report):  # an older plugin that builds its Report itself: kept as it was
        return doc
    cells = 0
    for grid in doc.grids:
        cells += sum(map(len, map(_CELLS, grid.rows)))
    active().check("max_cells", cells, "table cells in the report")
    if isinstance(decoded, GovReportError) and doc.script is None and not doc.blocks and not doc.figures:
        # a text plugin given no text (bytes that are not text, a line past the limit): say
        # why, not an empty report (a plugin that read the bytes or markup itself sets script)
        raise decoded
    normalized = inp.normalized
    if doc.script is not None:  # the plugin normalised the texts it extracted itself (.docx, HTML)
        normalized = NormalizedText("", doc.script, doc.encoding or normalized.encoding, doc.markers_removed)
    return build_report(doc, normalized, source=source, format_name=info.name, diagnostics=notes)


def parse_file(path: str | os.PathLike[str] | IO[bytes], format: str | None = None, *,
               registry: Registry | None = None, limits: Limits | None = None) -> Report:
    """Parse the report in a file (see :func:`parse`); the Report's ``source`` is the path.
    A binary file object is read to its end; its ``name`` (when it has one) is the source.

    Only regular files are read: a FIFO, a device (``/dev/zero``), a socket or a folder is
    refused before anything is read from it, since reading one may block or never end.
    """
    if not isinstance(path, (str, os.PathLike)):
        source = str(getattr(path, "name", "<stream>"))
        return parse(_read_stream(path, source, limits), format, source=source, registry=registry, limits=limits)
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise GovReportError(f"cannot read file: {e.strerror or e}", source=str(p)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise GovReportError(f"not a regular file ({_file_kind(mode)}): refused before reading",
                             source=str(p), expected="a report file")
    with os.fdopen(fd, "rb") as f:
        try:
            # never more than the limit (+1 byte to tell) into memory, whatever the file's size
            cap = (limits or Limits()).max_bytes
            data = f.read() if cap is None else f.read(cap + 1)
        except OSError as e:
            raise GovReportError(f"cannot read file: {e.strerror or e}", source=str(p)) from None
    return parse(data, format, source=str(p), registry=registry, limits=limits)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((what for test, what in kinds if test(mode)), "not a file")
