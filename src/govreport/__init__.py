"""govreport: Chinese government information-disclosure annual reports as data.

>>> import govreport
>>> report = govreport.parse_file("report.txt")          # doctest: +SKIP
>>> report.applications.cell("new_received", "total").value  # doctest: +SKIP
12
"""

from __future__ import annotations

__version__ = "0.1.0"

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
