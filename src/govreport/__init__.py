"""govreport: Chinese government information-disclosure annual reports as data.

>>> import govreport
>>> report = govreport.parse_file("report.txt")          # doctest: +SKIP
>>> report.applications.cell("new_received", "total").value  # doctest: +SKIP
12
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import parse, parse_file
from .blocks import Document, Grid, GridCell, GridRow, Paragraph
from .diagnostics import CODES, Diagnostic
from .errors import (
    CellValueError,
    DecodeError,
    FormatError,
    GovReportError,
    NoFormatError,
    PluginError,
    SchemaError,
    UnknownFormatError,
)
from .model import Cell, Figure, Metadata, MetaField, Report, Section, Span, Table
from .plugin import FormatPlugin
from .registry import Registry, default_registry

__all__ = [
    "CODES",
    "Cell",
    "CellValueError",
    "DecodeError",
    "Diagnostic",
    "Document",
    "Figure",
    "FormatError",
    "FormatPlugin",
    "GovReportError",
    "Grid",
    "GridCell",
    "GridRow",
    "MetaField",
    "Metadata",
    "NoFormatError",
    "Paragraph",
    "PluginError",
    "Registry",
    "Report",
    "SchemaError",
    "Section",
    "Span",
    "Table",
    "UnknownFormatError",
    "__version__",
    "default_registry",
    "parse",
    "parse_file",
]
