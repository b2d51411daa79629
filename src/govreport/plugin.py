"""The format plugin interface.

A plugin is a small class, like a pygments lexer: a ``name``, optional ``aliases``, a one-line
``description``, ``sniff(text) -> float`` (how confident it is that the text is its layout,
0..1) and ``read(text) -> Document`` (paragraphs and grids of cell texts with their lines).
The core maps grids onto the template; a plugin never needs to know the template.

Plugins are found through the ``govreport.formats`` entry-point group; the built-in ones are
registered there exactly like a third-party one.
"""

from __future__ import annotations

from typing import ClassVar

from .blocks import Document


class FormatPlugin:
    """Base class of format plugins (subclassing is optional: the registry duck-types)."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    #: True for plugins that read bytes (.docx, HTML) rather than normalised text.
    binary: ClassVar[bool] = False

    def sniff(self, text: str) -> float:
        """Confidence, 0..1, that ``text`` (normalised) is in this plugin's layout."""
        raise NotImplementedError

    def read(self, text: str) -> Document:
        """Turn normalised text into blocks; raise [`FormatError`][govreport.errors.FormatError] if it cannot."""
        raise NotImplementedError
