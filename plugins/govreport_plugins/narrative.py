"""Pre-2019 reports that state their figures in sentences.

How the figures are found in the prose (sentences, clauses, subjects and their counts, the
statistics table) is :mod:`govreport_plugins.narrative_figures`, imported when a report is
first read as prose: every input is sniffed by this plugin, but a report with tables (nearly
all) never needs the reader, so a command that reads one of them does not pay for building it.

Reports of a year a template with tables is in force for (``govreport.template.catalog``: the
national templates' years, and those of any registered one) whose tables were lost are not
legacy reports: the plugin reads them as prose without figures and the core picks the template
from the year (GR103 for the tables).
"""

from __future__ import annotations

import re

from govreport.blocks import Document
from govreport.lines import paragraph
from govreport.metadata import find_agency, find_year
from govreport.model import Report
from govreport.plugin import FormatPlugin, lines_of
from govreport.render import format_value, framed_text
from govreport.schema import MONEY
from govreport.template import catalog
from govreport.template import legacy as vocab

# What a legacy report says early on and a table report does not (for sniffing only).
_STATED_ACTIVE = re.compile(r"主动公开[^。]{0,30}?[0-9]+[ ]{0,2}条")


def _has_tables(text: str) -> bool:
    """Five or more table rows: lines with two "|", two tabs, or a leading tab."""
    if "|" not in text and "\t" not in text:
        return False
    if text.count("\n\t") >= 5:  # five lines that open with a tab
        return True
    rows = 0
    for line in lines_of(text):
        if line.count("|") >= 2 or line.count("\t") >= 2 or line.startswith("\t"):
            rows += 1
            if rows >= 5:
                return True
    return False


class NarrativePlugin(FormatPlugin):
    """Reads legacy (pre-2019) reports: prose with the figures in sentences."""

    name = "narrative"
    aliases = ("legacy", "prose")
    description = "pre-2019 reports: the legacy figures stated in prose (…条, …件, …元)"

    def sniff(self, text: str) -> float:  # any text: the PDF reader asks about the lines it read
        if "信息公开" not in text or _has_tables(text):
            return 0.0
        lines = text.split("\n", 12)
        paragraphs = [paragraph(n, ln) for n, ln in enumerate(lines[:12], 1) if ln.strip()]
        year = find_year(paragraphs).value
        score = 0.45
        if year is not None and not catalog.in_force(year):  # a year no table template covers
            score += 0.35
        if _STATED_ACTIVE.search(text, 0, 200_000):
            score += 0.1
        return score

    def read(self, text: str) -> Document:
        lines = text.split("\n")
        paragraphs = [paragraph(n, ln) for n, ln in enumerate(lines, 1) if ln.strip()]
        year = find_year(paragraphs).value
        if year is not None and catalog.in_force(year):
            # Not a legacy report: its figures are the template's tables, which are missing.
            return Document(paragraphs, narrative=False)
        from .narrative_figures import read_figures  # see the module docstring

        agency = find_agency(paragraphs).value
        reading = read_figures(paragraphs, year, agency=agency)
        return Document(paragraphs, figures=reading.figures, narrative=True, diagnostics=reading.diagnostics)

    #: What :meth:`render` writes completely: a legacy report's figures (a table report's are
    #: derived and written too, but its cells are not).
    render_templates = ("legacy",)

    def render(self, report: Report) -> str:
        return framed_text(report, narrative_lines(report))


# -- writing -------------------------------------------------------------------------------------

def narrative_lines(report: Report) -> list[str]:
    """The report's legacy figures as the sentences of a pre-2019 report, one section each
    (the wording is the template package's: :data:`govreport.template.legacy.WRITTEN_SECTIONS`)."""
    v = report.legacy_values()
    year = report.meta.year.value
    lead = vocab.YEAR_LEAD.format(year) if year else ""
    out: list[str] = []
    for section in vocab.WRITTEN_SECTIONS:
        parts = [wording.format(_written_figure(key, v[key])) if key else wording
                 for key, wording in section.clauses if not key or v[key] is not None]
        if parts:
            out += [section.title, lead + vocab.CLAUSE_JOINER.join(parts) + vocab.SENTENCE_END]
    return out


def _written_figure(key: str, value: object) -> str:
    subject = next(s for s in vocab.SUBJECTS if s.key == key)
    return format_value(value, MONEY) if subject.money else str(value)  # type: ignore[arg-type]
