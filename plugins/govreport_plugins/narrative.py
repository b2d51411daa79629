"""Pre-2019 narrative reports (placeholder until the narrative reader lands)."""

from __future__ import annotations

from govreport.blocks import Document
from govreport.lines import paragraph
from govreport.plugin import FormatPlugin


class NarrativePlugin(FormatPlugin):
    name = "narrative"
    description = "pre-2019 reports stating their figures in prose"

    def sniff(self, text: str) -> float:
        return 0.0

    def read(self, text: str) -> Document:
        return Document([paragraph(n, ln) for n, ln in enumerate(text.split("\n"), 1) if ln.strip()],
                        narrative=True)
