"""The API reference: one page per public module of ``govreport``, found in the source tree.

A module added to the package appears in the reference (and its sidebar) without an edit to
``mkdocs.yml``; each module has exactly one entry.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from . import ROOT

PACKAGE = ROOT / "src" / "govreport"


@dataclass(frozen=True)
class ModulePage:
    """A module of the reference: its dotted name, its docstring's first line and its page."""

    name: str
    summary: str

    @property
    def path(self) -> str:
        return f"api/{self.name}.md"

    def markdown(self) -> str:
        return f"::: {self.name}\n    options:\n      show_root_heading: true\n      heading_level: 1\n"


def _summary(source: Path) -> str:
    doc = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ")


def module_pages(package: Path = PACKAGE) -> list[ModulePage]:
    """Every public module and subpackage under ``package``, in dotted-name order."""
    pages = []
    for source in sorted(package.rglob("*.py")):
        parts = source.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts) or len(parts) == 1:
            continue
        pages.append(ModulePage(".".join(parts), _summary(source)))
    return pages


def overview(pages: list[ModulePage]) -> str:
    """The reference's index: a table of the modules with their summaries."""
    rows = ["| module | what it is |", "|---|---|"]
    rows += [f"| [`{p.name}`][{p.name}] | {p.summary.replace('|', '&#124;')} |" for p in pages]
    return "\n".join(rows)
