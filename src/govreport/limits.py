"""How much a single report may cost: bytes, decompressed size, cells, spans, depth, time.

govreport reads files scraped from the web and attachments nobody has checked. Every cost that
grows with the input is bounded by a :class:`Limits` field; going past one raises
:class:`~govreport.errors.LimitExceeded` (a :class:`~govreport.errors.GovReportError`) with
the limit's own code, so a hostile file ends in a clear error instead of a hang, a
``MemoryError`` or an exhausted machine, and a batch goes on with the next file.

The defaults are far above any real report (a report is 5-50 KB of text, ~300 cells, a
.docx's ``document.xml`` rarely over 2 MB) and low enough that one file cannot take more than
a few hundred MB or more than a few seconds. Change them per call::

    govreport.parse_file(path, limits=govreport.Limits(max_cells=200_000, time_budget=60))

or on the command line (``--max-cells 200000 --time-budget 60``). See ``docs/limits.md``.

While :func:`parse` runs, the limits in force are the *active* ones (:func:`active`): readers
deep in the pipeline (normalisation, the .docx and HTML plugins, a third-party plugin) ask for
them instead of having them passed down, and call :func:`checkpoint` between pieces of work so
the time budget is enforced cooperatively.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import attrs

from .errors import LimitExceeded

MiB = 1024 * 1024


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not value > 0:
        raise ValueError(f"Limits.{attribute.name} must be positive (or None for no limit), not {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds on what one report may cost. ``None`` switches a bound off.

    Each field has its own error code (:data:`CODES`), raised as
    :class:`~govreport.errors.LimitExceeded`.
    """

    #: GR300: bytes of one input file (or ``str`` given to :func:`govreport.parse`, in UTF-8).
    max_bytes: int | None = attrs.field(default=64 * MiB, validator=_positive)
    #: GR300 too: characters of decoded text handed to a text layout (its grammar builds a parse
    #: tree of ~25 bytes per character, and cannot be interrupted by the time budget), or of an
    #: HTML page (its tree and texts take ~10 bytes per character).
    max_text_chars: int | None = attrs.field(default=2_000_000, validator=_positive)
    #: GR301: decompressed bytes of one zip member (a .docx's ``word/document.xml``), counted
    #: while it is inflated, before the XML parser sees any of it.
    max_member_bytes: int | None = attrs.field(default=32 * MiB, validator=_positive)
    #: GR302: decompressed size over compressed size of a zip member (zip bombs inflate 1000x;
    #: Word XML 5-30x). Checked as the member streams, once 1 MiB has come out of it.
    max_ratio: float | None = attrs.field(default=200.0, validator=_positive)
    #: GR303: table cells in one report (all tables together), and elements in its XML.
    max_cells: int | None = attrs.field(default=50_000, validator=_positive)
    #: GR304: a ``colspan``/``rowspan``/``gridSpan`` value, or rows covered by one ``vMerge``.
    max_span: int | None = attrs.field(default=1_000, validator=_positive)
    #: GR305: nesting depth of the markup (elements inside elements) and of tables in tables.
    max_depth: int | None = attrs.field(default=256, validator=_positive)
    #: GR306: characters in one line of text, or in one paragraph or cell of a .docx or page.
    max_line_length: int | None = attrs.field(default=200_000, validator=_positive)
    #: GR307: seconds one report may take, checked between stages and pieces of work.
    time_budget: float | None = attrs.field(default=20.0, validator=_positive)
    #: GR308: elements (paragraphs, runs, rows, cells...) in one .docx or HTML document.
    max_elements: int | None = attrs.field(default=1_000_000, validator=_positive)
    #: GR309: members (files) in one zip: a .docx has a few dozen; each costs memory to list.
    max_members: int | None = attrs.field(default=10_000, validator=_positive)

    def exceeded(self, name: str, value: float, what: str, *, line: int | None = None) -> LimitExceeded:
        """The error for ``what`` having ``value`` where this limit's ``name`` allows less."""
        bound = getattr(self, name)
        shown = f"{value:,.0f}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.1f}"
        return LimitExceeded(f"{what}: {shown} is over the limit of {bound:,}", code=CODES[name], limit=name,
                             value=value, line=line,
                             expected=f"at most {bound:,} (govreport.Limits({name}=...) or --{_flag(name)})")

    def check(self, name: str, value: float, what: str, *, line: int | None = None) -> None:
        """Raise :meth:`exceeded` when ``value`` is over the limit ``name`` (a no-op when it is off)."""
        bound = getattr(self, name)
        if bound is not None and value > bound:
            raise self.exceeded(name, value, what, line=line)


#: Each limit's error code (see the code table in :mod:`govreport.diagnostics`).
CODES: dict[str, str] = {
    "max_bytes": "GR300", "max_text_chars": "GR300", "max_member_bytes": "GR301", "max_ratio": "GR302", "max_cells": "GR303",
    "max_span": "GR304", "max_depth": "GR305", "max_line_length": "GR306", "time_budget": "GR307",
    "max_elements": "GR308", "max_members": "GR309",
}

DEFAULT = Limits()


@attrs.frozen
class _Budget:
    limits: Limits
    deadline: float | None  # time.monotonic() after which checkpoint() raises


_ACTIVE: ContextVar[_Budget | None] = ContextVar("govreport_limits", default=None)


def active() -> Limits:
    """The limits of the :func:`govreport.parse` running now (the defaults outside one)."""
    budget = _ACTIVE.get()
    return budget.limits if budget is not None else DEFAULT


@contextmanager
def enforced(limits: Limits | None = None) -> Iterator[Limits]:
    """Make ``limits`` the active ones and start the time budget, for the ``with`` block."""
    lim = limits if limits is not None else DEFAULT
    deadline = time.monotonic() + lim.time_budget if lim.time_budget is not None else None
    token = _ACTIVE.set(_Budget(lim, deadline))
    try:
        yield lim
    finally:
        _ACTIVE.reset(token)


def checkpoint(stage: str) -> None:
    """Raise ``GR307`` when the active time budget is spent (cheap: call it between pieces of work).

    ``stage`` says what was being done, for the error message.
    """
    budget = _ACTIVE.get()
    if budget is None or budget.deadline is None:
        return
    now = time.monotonic()
    if now > budget.deadline:
        lim = budget.limits
        spent = now - budget.deadline + (lim.time_budget or 0.0)
        raise LimitExceeded(f"time budget spent while {stage}: {spent:.1f} s is over the limit of "
                            f"{lim.time_budget} s", code=CODES["time_budget"], limit="time_budget", value=spent,
                            expected=f"at most {lim.time_budget} s (govreport.Limits(time_budget=...) "
                                     f"or --{_flag('time_budget')})")


# -- command-line options -------------------------------------------------------------------

def _flag(name: str) -> str:
    return name.replace("_", "-")


_HELP = {
    "max_bytes": "bytes of one input file", "max_text_chars": "characters of text for a text layout",
    "max_member_bytes": "decompressed bytes of a zip member",
    "max_ratio": "compression ratio of a zip member", "max_cells": "table cells in one report",
    "max_span": "a colspan/rowspan/gridSpan value", "max_depth": "nesting depth of markup and tables",
    "max_line_length": "characters in one line, paragraph or cell", "time_budget": "seconds per report",
    "max_elements": "elements in one .docx or HTML document", "max_members": "files in one zip (.docx)",
}


def _bound(text: str) -> float | None:
    if text.lower() in ("none", "off"):
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r} (or 'none' for no limit)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one ``--max-...``/``--time-budget`` option per :class:`Limits` field to ``parser``."""
    group = parser.add_argument_group("limits (per report; 'none' switches one off; see docs/limits.md)")
    for field in attrs.fields(Limits):
        group.add_argument(f"--{_flag(field.name)}", dest=f"limit_{field.name}", type=_bound, default=argparse.SUPPRESS,
                           metavar="N", help=f"{_HELP[field.name]} (default {field.default})")


def from_arguments(args: argparse.Namespace) -> Limits:
    """The :class:`Limits` the options added by :func:`add_arguments` ask for (defaults elsewhere)."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(Limits):
        key = f"limit_{field.name}"
        if hasattr(args, key):
            value = getattr(args, key)
            is_float = field.name in ("max_ratio", "time_budget")
            changes[field.name] = value if value is None or is_float else int(value)
    return attrs.evolve(DEFAULT, **changes) if changes else DEFAULT
