"""govreport: Chinese government information-disclosure annual reports as data.

>>> import govreport
>>> report = govreport.parse_file("report.txt")          # doctest: +SKIP
>>> report.applications.cell("new_received", "total").value  # doctest: +SKIP
12

The names below are loaded on first use: ``import govreport`` costs almost nothing, and a
command that parses one file never imports the writers, the batch converter or the dataset
exports (nor pandas, pyarrow or lxml, which only the code that needs them imports).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .api import parse, parse_file
    from .batch import Failure, iter_parse
    from .blocks import Document, Grid, GridCell, GridRow, Paragraph
    from .convert import ConvertInterrupted, Summary, batch_gc, convert
    from .diagnostics import CODES, Diagnostic
    from .errors import (
        CellValueError,
        DecodeError,
        FormatError,
        GovReportError,
        LimitExceeded,
        MissingTableError,
        NoFormatError,
        OutputError,
        PluginError,
        SchemaError,
        UnknownFormatError,
    )
    from .export import WIDE_COLUMNS, open_writer, to_dataframe, to_records, wide_row
    from .limits import Limits
    from .model import Cell, Figure, Metadata, MetaField, Report, Section, Span, Table
    from .outputs import LONG_DTYPES, WIDE_DTYPES
    from .plugin import FormatPlugin
    from .registry import Registry, default_registry
    from .render import render
    from .validate import validate

#: Each public name and the submodule that defines it.
_HOMES: dict[str, str] = {
    **dict.fromkeys(("parse", "parse_file"), "api"),
    **dict.fromkeys(("Failure", "iter_parse"), "batch"),
    **dict.fromkeys(("Document", "Grid", "GridCell", "GridRow", "Paragraph"), "blocks"),
    **dict.fromkeys(("ConvertInterrupted", "Summary", "batch_gc", "convert"), "convert"),
    **dict.fromkeys(("CODES", "Diagnostic"), "diagnostics"),
    **dict.fromkeys(("CellValueError", "DecodeError", "FormatError", "GovReportError", "LimitExceeded",
                     "MissingTableError", "NoFormatError", "OutputError", "PluginError", "SchemaError",
                     "UnknownFormatError"), "errors"),
    **dict.fromkeys(("WIDE_COLUMNS", "open_writer", "to_dataframe", "to_records", "wide_row"), "export"),
    "Limits": "limits",
    **dict.fromkeys(("Cell", "Figure", "Metadata", "MetaField", "Report", "Section", "Span", "Table"), "model"),
    **dict.fromkeys(("LONG_DTYPES", "WIDE_DTYPES"), "outputs"),
    "FormatPlugin": "plugin",
    **dict.fromkeys(("Registry", "default_registry"), "registry"),
    "render": "render",
    "validate": "validate",
}

__all__ = [
    "CODES",
    "LONG_DTYPES",
    "WIDE_COLUMNS",
    "WIDE_DTYPES",
    "Cell",
    "CellValueError",
    "ConvertInterrupted",
    "DecodeError",
    "Diagnostic",
    "Document",
    "Failure",
    "Figure",
    "FormatError",
    "FormatPlugin",
    "GovReportError",
    "Grid",
    "GridCell",
    "GridRow",
    "LimitExceeded",
    "Limits",
    "MetaField",
    "Metadata",
    "MissingTableError",
    "NoFormatError",
    "OutputError",
    "Paragraph",
    "PluginError",
    "Registry",
    "Report",
    "SchemaError",
    "Section",
    "Span",
    "Summary",
    "Table",
    "UnknownFormatError",
    "__version__",
    "batch_gc",
    "convert",
    "default_registry",
    "iter_parse",
    "open_writer",
    "parse",
    "parse_file",
    "render",
    "to_dataframe",
    "to_records",
    "validate",
    "wide_row",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


class _Package(types.ModuleType):
    """The package, whose ``convert``, ``render`` and ``validate`` stay the functions.

    Importing a submodule sets the package's attribute of that name to the submodule: loaded
    lazily, ``govreport.render`` would become the module :mod:`govreport.render` as soon as
    anything imported it. The functions of those names are what the package exports, so code
    inside the package imports names from those modules (``from .validate import X``), never
    the modules themselves through the package (``from . import validate`` is the function)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
