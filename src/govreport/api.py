"""The entry points most users need: :func:`parse` and :func:`parse_file`."""

from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path

from .blocks import Document
from .builder import build_report
from .diagnostics import Diagnostic
from .errors import FormatError, GovReportError, PluginError
from .limits import Limits, active, checkpoint, enforced
from .model import Report
from .normalize import NormalizedText, normalize, without_surrogates
from .registry import Registry, default_registry

_CELLS = attrgetter("cells")


def parse(data: str | bytes, format: str | None = None, *, source: str = "<string>",
          registry: Registry | None = None, limits: Limits | None = None) -> Report:
    """Parse one report given as text or bytes.

    ``format`` names a plugin (``"pipe"``, ``"tsv"``, ``"docx-export"``, ``"narrative"`` or
    any installed one); by default every plugin sniffs the text and the most confident parses.
    Raises a :class:`~govreport.errors.GovReportError` when the input cannot be read at all;
    everything else found is a diagnostic on the returned Report. ``limits`` bounds what the
    input may cost (:class:`~govreport.Limits`; the defaults when None): going past one raises
    :class:`~govreport.errors.LimitExceeded`.
    """
    with enforced(limits) as lim:
        try:
            lim.check("max_bytes", len(data), "input size in " + ("bytes" if isinstance(data, bytes) else "characters"))
            return _parse(data, format, source, registry)
        except GovReportError as e:
            raise e.with_source(source) from None


def _parse(data: str | bytes, format: str | None, source: str, registry: Registry | None) -> Report:
    if isinstance(data, str):
        data = without_surrogates(data)  # lone surrogates cannot be encoded, nor passed to t2s
    reg = registry or default_registry()
    raw = data if isinstance(data, bytes) else None
    if raw is None and "<" in data[:4096]:  # HTML given as text: the HTML plugin reads bytes
        raw = data.encode("utf-8")
    if raw is not None:
        info = _binary_plugin(raw, format, reg)
        if info is not None:
            return _run(info, raw, None, source, reg)
    if isinstance(data, bytes):  # decoding cannot give fewer characters than a quarter of the bytes
        active().check("max_text_chars", len(data) // 4, "characters of text (at least)")
    normalized = normalize(data, source=source)
    active().check("max_text_chars", len(normalized.text), "characters of text")
    checkpoint("normalising the text")
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
    checkpoint("choosing the layout")
    try:
        doc = info.plugin.read(text)
    except GovReportError as e:
        raise e.with_source(source) from None
    except Exception as e:
        raise PluginError(f"format plugin {info.name!r} failed: {type(e).__name__}: {e}", source=source) from e
    checkpoint(f"reading the {info.name} layout")
    if isinstance(doc, Report):
        return doc
    if not isinstance(doc, Document):
        raise PluginError(f"format plugin {info.name!r} returned {type(doc).__name__}, not a Document",
                          source=source)
    cells = 0
    for grid in doc.grids:
        cells += sum(map(len, map(_CELLS, grid.rows)))
    active().check("max_cells", cells, "table cells in the report")
    if normalized is None:
        normalized = NormalizedText("", doc.script or "hans", doc.encoding or "binary", doc.markers_removed)
    failures = tuple(Diagnostic("GR003", f"format plugin {f.name!r} ({f.origin}) failed to load: {f.error}")
                     for f in reg.failures)
    return build_report(doc, normalized, source=source, format_name=info.name, diagnostics=failures)


def parse_file(path: str | os.PathLike[str], format: str | None = None, *,
               registry: Registry | None = None, limits: Limits | None = None) -> Report:
    """Parse the report in a file (see :func:`parse`); the Report's ``source`` is the path."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            # never more than the limit (+1 byte to tell) into memory, whatever the file's size
            cap = (limits or Limits()).max_bytes
            data = f.read() if cap is None else f.read(cap + 1)
    except OSError as e:
        raise GovReportError(f"cannot read file: {e.strerror or e}", source=str(p)) from None
    return parse(data, format, source=str(p), registry=registry, limits=limits)
