"""The format plugin interface.

A plugin is a small class, like a pygments lexer::

    class MyPlugin(govreport.FormatPlugin):
        name = "my-layout"                  # what --format takes; unique among installed plugins
        aliases = ("mine",)
        description = "one line for `govreport formats`"
        filenames = ("*.mine",)             # optional: file-name patterns that are this layout
        priority = 0                        # optional: breaks ties between equal scores

        def sniff(self, source: ReportInput) -> float: ...    # 0..1: is this my layout? total
        def read(self, source: ReportInput) -> Document: ...  # paragraphs and grids
        def render(self, report: Report) -> str | bytes: ...  # optional: write the layout

Every plugin sniffs and reads the same :class:`ReportInput`: the normalised text of the input
(it *is* that ``str``), with the original bytes, the decoded text before normalising (for
markup) and the file name as attributes. Plugins know layouts, never the template: the core
maps grids onto it.

Plugins are found through the ``govreport.formats`` entry-point group; the built-in ones are
registered there exactly like a third-party one. The older form, ``sniff(text)``/``read(text)``
with ``binary = True`` for plugins that wanted the bytes instead of the text, is still accepted
(:mod:`govreport.registry` adapts it); new plugins should not set ``binary``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from .blocks import Document
from .lines import TabLineCounts, count_tab_lines
from .template.spec import TABLE_TEMPLATES

if TYPE_CHECKING:
    from .model import Report
    from .normalize import NormalizedText


_T = TypeVar("_T")


class _once(Generic[_T]):
    """A property worked out on first use and then kept in the instance's ``__dict__`` (where
    later lookups find it without calling anything): ``functools.cached_property`` without its
    lock (Python 3.11 takes one on every first use; an input is sniffed by one thread)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _once[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> _T | _once[_T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


class ReportInput(str):
    """One input as every plugin sees it: the normalised text, plus what some layouts need.

    The object is the normalised text itself (decoded, line ends unified, export markers
    removed, full-width folded, traditional script converted), so a plugin that reads text
    uses it as a ``str``. It is the empty string when the bytes are not text at all (a zip
    container, say); such plugins look at :attr:`data`.

    Attributes:
        data: the bytes as given, or ``None`` when the caller gave text.
        decoded_text: the text before normalising (markup plugins parse this and normalise
            the texts they extract; normalising markup could fold ``＜`` into a tag).
        filename: the input's file name (no folder), or ``None``.
        normalized: what normalising did (script, encoding, markers removed): the core's.
    """

    data: bytes | None
    decoded_text: str
    filename: str | None
    normalized: NormalizedText

    def __new__(cls, normalized: NormalizedText, *, decoded_text: str, data: bytes | None = None,
                filename: str | None = None) -> ReportInput:
        self = super().__new__(cls, normalized.text)
        self.data = data
        self.decoded_text = decoded_text
        self.filename = filename
        self.normalized = normalized
        return self

    @property
    def text(self) -> str:
        """The normalised text as a plain ``str``."""
        return str.__str__(self)

    # Every installed plugin sniffs every input: the facts several sniffers read are worked out
    # once per input, when first asked for, instead of once per sniffer.

    @_once
    def lines(self) -> Sequence[str]:
        """The text's lines (split on ``"\\n"``), split once for every sniffer that reads lines.
        Shared by the plugins: read it, never change it."""
        return self.split("\n")

    @_once
    def tab_lines(self) -> TabLineCounts:
        """How the lines use tabs (:func:`govreport.lines.count_tab_lines`): what both the
        tab-separated and the docx-export sniffers weigh. Splits the lines (:attr:`lines`)
        only when the counts need them: when every tab opens its line (a docx export) they do
        not, and no other built-in sniffer splits such a text (splitting it is a fifth of
        what ranking the plugins for a docx export costs)."""
        return count_tab_lines(self, lambda: self.lines)

    @_once
    def encoded(self) -> bytes:
        """What a plugin that reads bytes is given: :attr:`data`, or for text given as ``str``
        the decoded text in UTF-8 (encoded once, however many such plugins sniff)."""
        return self.data if self.data is not None else self.decoded_text.encode("utf-8")


def lines_of(text: str) -> Sequence[str]:
    """``text``'s lines: the ones split once per input for a :class:`ReportInput`, else split
    here (a sniffer may be given a plain ``str``)."""
    return text.lines if isinstance(text, ReportInput) else text.split("\n")


class FormatPlugin:
    """Base class of format plugins (subclassing is optional: the registry duck-types)."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    #: File-name patterns (``fnmatch``, case-insensitive, matched against the name without its
    #: folder) that are this layout: the first tie-breaker between equal sniff scores.
    filenames: ClassVar[tuple[str, ...]] = ()
    #: The second tie-breaker between equal scores (higher first); the plugin's name is the last.
    priority: ClassVar[int] = 0

    def sniff(self, source: ReportInput) -> float:
        """Confidence, 0..1, that ``source`` is in this plugin's layout. Must not raise."""
        raise NotImplementedError

    def read(self, source: ReportInput) -> Document:
        """Turn the input into blocks; raise :class:`~govreport.errors.FormatError` if it cannot."""
        raise NotImplementedError


class RenderingPlugin(FormatPlugin):
    """A plugin that can also write its layout (``govreport render --to NAME``).

    ``render_templates`` names the templates it writes completely (``parse(render(report))``
    gives the report's cells back): the round-trip properties of :mod:`govreport.testing` run
    on those.
    """

    render_templates: ClassVar[tuple[str, ...]] = TABLE_TEMPLATES  # the national templates
    #: False for a layout that loses information (``flat`` loses cell boundaries): the round
    #: trip then allows nulls, never a different value.
    render_lossless: ClassVar[bool] = True

    def render(self, report: Report) -> str | bytes:
        """The report written in this layout."""
        raise NotImplementedError
