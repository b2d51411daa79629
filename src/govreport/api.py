"""The entry points most users need: :func:`parse` and :func:`parse_file`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from .blocks import Document
from .builder import build_report
from .diagnostics import Diagnostic
from .errors import FormatError, GovReportError, PluginError
from .model import Report
from .normalize import NormalizedText, normalize
from .registry import Registry, default_registry


def _read_stream(stream: IO[bytes], source: str) -> bytes:
    """The bytes of a binary file object (``BytesIO``, an open file, an HTTP response)."""
    data = stream.read()
    if not isinstance(data, bytes):
        raise FormatError(f"the file object gave {type(data).__name__}, not bytes", source=source,
                          expected="a binary file object (open(path, 'rb'), io.BytesIO)")
    return data


def parse(data: str | bytes | IO[bytes], format: str | None = None, *, source: str = "<string>",
          registry: Registry | None = None) -> Report:
    """Parse one report given as text, bytes or a binary file object (``IO[bytes]``).

    ``format`` names a plugin (``"pipe"``, ``"tsv"``, ``"docx-export"``, ``"narrative"`` or
    any installed one); by default every plugin sniffs the text and the most confident parses.
    Raises a :class:`~govreport.errors.GovReportError` when the input cannot be read at all;
    everything else found is a diagnostic on the returned Report.
    """
    reg = registry or default_registry()
    if not isinstance(data, (str, bytes)):
        data = _read_stream(data, source)
    raw = data if isinstance(data, bytes) else None
    if raw is None and "<" in data[:4096]:  # HTML given as text: the HTML plugin reads bytes
        raw = data.encode("utf-8")
    if raw is not None:
        info = _binary_plugin(raw, format, reg)
        if info is not None:
            return _run(info, raw, None, source, reg)
    normalized = normalize(data, source=source)
    if not normalized.text.strip():
        raise FormatError("the report is empty", source=source, expected="the text of a report")
    info = reg.get(format) if format else reg.guess(normalized.text, source=source)
    return _run(info, normalized.text, normalized, source, reg)


def _binary_plugin(data: bytes, format: str | None, reg: Registry):  # type: ignore[no-untyped-def]
    if format:
        info = reg.get(format)
        return info if getattr(info.plugin, "binary", False) else None
    if data.startswith(b"PK\x03\x04") and not any(getattr(i.plugin, "binary", False) for i in reg):
        raise FormatError("this is a zip file (a .docx?) and no installed plugin reads it",
                          expected="a text report, or the docx plugin installed")
    scores = reg.scores(data, binary=True)  # type: ignore[arg-type]
    if scores and scores[0][0] >= 0.5:
        return scores[0][1]
    return None


def _run(info, text, normalized, source: str, reg: Registry) -> Report:  # type: ignore[no-untyped-def]
    try:
        doc = info.plugin.read(text)
    except GovReportError as e:
        raise e.with_source(source) from None
    except Exception as e:
        raise PluginError(f"format plugin {info.name!r} failed: {type(e).__name__}: {e}", source=source) from e
    if isinstance(doc, Report):
        return doc
    if not isinstance(doc, Document):
        raise PluginError(f"format plugin {info.name!r} returned {type(doc).__name__}, not a Document",
                          source=source)
    if normalized is None:
        normalized = NormalizedText("", doc.script or "hans", doc.encoding or "binary", doc.markers_removed)
    failures = tuple(Diagnostic("GR003", f"format plugin {f.name!r} ({f.origin}) failed to load: {f.error}")
                     for f in reg.failures)
    return build_report(doc, normalized, source=source, format_name=info.name, diagnostics=failures)


def parse_file(path: str | os.PathLike[str] | IO[bytes], format: str | None = None, *,
               registry: Registry | None = None) -> Report:
    """Parse the report in a file (see :func:`parse`); the Report's ``source`` is the path.
    A binary file object is read to its end; its ``name`` (when it has one) is the source."""
    if not isinstance(path, (str, os.PathLike)):
        source = str(getattr(path, "name", "<stream>"))
        return parse(_read_stream(path, source), format, source=source, registry=registry)
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise GovReportError(f"cannot read file: {e.strerror or e}", source=str(p)) from None
    return parse(data, format, source=str(p), registry=registry)
