"""The library's exception hierarchy.

Every error raised by govreport derives from :class:`GovReportError` and carries, where it
has one, the source (file name), the line and the column it refers to, plus what was expected.
Rule violations found in a parsed report are *not* exceptions: they are diagnostics
(see :mod:`govreport.diagnostics`).
"""

from __future__ import annotations


class GovReportError(Exception):
    """Base class of every error govreport raises."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.expected = expected

    def with_source(self, source: str) -> GovReportError:
        """Return this error with its source file filled in (keeps an existing one)."""
        if self.source is None:
            self.source = source
        return self

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class DecodeError(GovReportError):
    """The bytes could not be decoded as UTF-8, GB18030 or any supported encoding."""


class FormatError(GovReportError):
    """The text does not fit the layout the chosen plugin reads."""


class UnknownFormatError(GovReportError):
    """A format name was asked for that no installed plugin has."""


class NoFormatError(GovReportError):
    """No installed plugin recognised the text."""


class PluginError(GovReportError):
    """A plugin misbehaved (raised a foreign exception or returned the wrong type)."""


class CellValueError(GovReportError):
    """A table cell's text is not a number the template allows."""


class SchemaError(GovReportError, KeyError):
    """A template, table, row or column identifier does not exist in the data contract."""


class OutputError(GovReportError):
    """An output cannot be written as asked: it exists, is locked by another convert, is not
    writable, or is damaged beyond what resume may repair."""


class MissingTableError(GovReportError, LookupError):
    """A report does not have the table asked for (it was not found in the source)."""
