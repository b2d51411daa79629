"""The headings that name a template's tables: which table a paragraph announces.

Each table of a template declares its heading (:attr:`govreport.schema.TableSpec.heading`, a
regular expression: the section number and words of the title; the national one unless the
template declares its own). The report assembly reads a paragraph that matches one as the
name of the table in the grids after it, in the template the report was told to be in.
"""

from __future__ import annotations

import re

from .errors import SchemaError
from .template.spec import TemplateSpec


class TableHeadings:
    """A template's table headings as one pattern (one named group per table)."""

    __slots__ = ("_pattern", "_tables")

    def __init__(self, spec: TemplateSpec) -> None:
        titled = [t for t in spec.tables if t.heading]
        # Named groups: a template's own pattern may hold groups of its own, which would shift
        # a numbered group's index; the outer named group is still the one that matched last.
        self._tables = {f"t{n}": t.id for n, t in enumerate(titled)}
        try:
            self._pattern = re.compile(
                "|".join(f"(?P<t{n}>{t.heading})" for n, t in enumerate(titled))) if titled else None
        except re.error as e:
            raise SchemaError(f"template {spec.id!r}: a table heading is not a regular expression ({e})",
                              expected="a regular expression per TableSpec.heading") from e

    def table_named(self, text: str) -> str | None:
        """The table (id) whose heading ``text`` starts with; None when it names none."""
        # Matched after the paragraph's leading spaces, not with a leading ``\s*``: a pattern
        # compiled at run time may be searched, and ``\s*`` restarts at each space of a run.
        m = self._pattern.match(text, len(text) - len(text.lstrip())) if self._pattern is not None else None
        return self._tables.get(m.lastgroup or "") if m else None
