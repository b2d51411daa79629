"""The library's exception hierarchy.

Every error raised by govreport derives from [`GovReportError`][govreport.errors.GovReportError] and carries, where it
has one, the source (file name), the line and the column it refers to, plus what was expected.
Rule violations found in a parsed report are *not* exceptions: they are diagnostics
(see [`govreport.diagnostics`][govreport.diagnostics]).
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
    """A table cell's text is not a number the template allows.

    ``code`` is the diagnostic the builder reports for it: ``GR105`` (unreadable cell) unless
    the number parser knows better (``GR108`` no unit, ``GR150``-``GR159`` see
    :mod:`govreport.numbers`).
    """

    def __init__(self, message: str, *, expected: str | None = None, code: str = "GR105") -> None:
        super().__init__(message, expected=expected)
        self.code = code


class LimitExceeded(GovReportError):
    """The input went past one of the :class:`govreport.Limits` (size, nesting, time...).

    ``code`` is the limit's own code (``GR300``-``GR309``, see :mod:`govreport.limits`),
    ``limit`` the name of the :class:`~govreport.Limits` field and ``value`` what the input had
    (as far as it was read before stopping).
    """

    def __init__(self, message: str, *, code: str, limit: str, value: float | None = None,
                 source: str | None = None, line: int | None = None, expected: str | None = None) -> None:
        super().__init__(message, source=source, line=line, expected=expected)
        self.code = code
        self.limit = limit
        self.value = value

    def __reduce__(self) -> tuple[object, ...]:
        # picklable (worker processes send errors back): keyword-only arguments are not in args
        return (_limit_exceeded, (self.message, self.code, self.limit, self.value, self.source, self.line,
                                  self.expected))


def _limit_exceeded(message: str, code: str, limit: str, value: float | None, source: str | None,
                    line: int | None, expected: str | None) -> LimitExceeded:
    return LimitExceeded(message, code=code, limit=limit, value=value, source=source, line=line, expected=expected)


class SchemaError(GovReportError, KeyError):
    """A template, table, row or column identifier does not exist in the data contract."""


class OutputError(GovReportError):
    """An output cannot be written as asked: it exists, is locked by another convert, is not
    writable, or is damaged beyond what resume may repair."""


class MissingTableError(GovReportError, LookupError):
    """A report does not have the table asked for (it was not found in the source)."""
