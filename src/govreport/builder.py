"""The table builder's public names (the engine itself is :mod:`govreport.engine`).

Kept so that ``govreport.builder.build_report`` and friends go on working.
"""

from __future__ import annotations

from .engine.assemble import build_report, detect_template, find_sections
from .engine.rows import RowSplit, join_wrapped, split_row
from .engine.tables import TableBuilder

_join_wrapped = join_wrapped  # the name the tests used

__all__ = ["RowSplit", "TableBuilder", "build_report", "detect_template", "find_sections", "split_row"]
