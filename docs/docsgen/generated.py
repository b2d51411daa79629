"""Page markers replaced by content generated from govreport itself, so a page cannot drift:

* ``<!-- govreport:data-contract -->``: every template, table, row and column (``govreport.schema``)
* ``<!-- govreport:codes -->``: every diagnostic code with what to do about it
* ``<!-- govreport:include PATH LANG -->``: a file of the repository, verbatim
* ``<!-- govreport:parse PATH -->``: a sample parsed by govreport, as records
* ``<!-- govreport:outputs -->``: every output table, column and type (``govreport.outputs``)
* ``<!-- govreport:version -->``: the installed version
* ``<!-- govreport:api-modules -->``: the modules of the API reference with their summaries
* ``<!-- govreport:figure FILE "ALT" -->``: an SVG the page's examples wrote, embedded in the page
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from . import ROOT, api_pages
from .diagnostic_fixes import FIXES


def data_contract() -> str:
    from govreport import schema

    out = []
    for template_id, spec in schema.TEMPLATE_SPECS.items():
        out.append(f"### Template `{template_id}` ({spec.name}, report years {spec.years})\n")
        for table in spec.tables:
            out.append(f"#### `{table.id}`: {table.title}\n")
            out.append("| row | label | columns |")
            out.append("|---|---|---|")
            for row in table.rows:
                cols = "<br>".join(f"`{c.id}` {c.label}" + (f" ({c.kind}" + (f", {c.unit}" if c.unit else "") + ")"
                                                           if c.kind != "count" or c.unit else "")
                                   for c in row.columns)
                out.append(f"| `{row.id}` | {row.label} | {cols} |")
            out.append("")
    return "\n".join(out)


def codes(missing_fix: Callable[[str], None]) -> str:
    """The code table; ``missing_fix`` is told of every code without a fix in FIXES."""
    from govreport.diagnostics import CODES

    rows = ["| code | severity | title | meaning | what to do |", "|---|---|---|---|---|"]
    for c in CODES.values():
        if c.code not in FIXES:
            missing_fix(c.code)
        rows.append(f"| `{c.code}` | {c.severity} | {c.title} | {c.description} | {FIXES.get(c.code, '')} |")
    return "\n".join(rows)


def include(path: str, lang: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    return f"```{lang}\n{text.rstrip()}\n```"


def parse(path: str) -> str:
    import govreport

    report = govreport.parse_file(ROOT / path)
    lines = [json.dumps({k: v for k, v in r.items() if k != "source"}, ensure_ascii=False)
             for r in report.to_records()[:14]]
    return "```json\n" + "\n".join(lines) + "\n…\n```"


def version() -> str:
    import govreport

    return str(govreport.__version__)


def figure(workdir: Path, name: str, alt: str) -> str | None:
    """The SVG ``name`` written by the page's examples, as an image in the page; None if absent."""
    svg = workdir / name
    if not svg.is_file():
        return None
    data = base64.b64encode(svg.read_bytes()).decode("ascii")
    return f'<p class="govreport-figure"><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}"></p>'


_INCLUDE = re.compile(r"<!-- govreport:include (\S+) (\S+) -->")
_PARSE = re.compile(r"<!-- govreport:parse (\S+) -->")
FIGURE = re.compile(r'<!-- govreport:figure (\S+) "([^"]*)" -->')


def expand(markdown: str, *, missing_fix: Callable[[str], None]) -> str:
    """Replace every marker but ``figure`` (which needs the page's examples run first)."""
    if "<!-- govreport:data-contract -->" in markdown:
        markdown = markdown.replace("<!-- govreport:data-contract -->", data_contract())
    if "<!-- govreport:codes -->" in markdown:
        markdown = markdown.replace("<!-- govreport:codes -->", codes(missing_fix))
    if "<!-- govreport:outputs -->" in markdown:
        from govreport.outputs import schema_markdown  # type: ignore[import-not-found,import-untyped,unused-ignore]

        markdown = markdown.replace("<!-- govreport:outputs -->", schema_markdown())
    markdown = markdown.replace("<!-- govreport:version -->", version())
    if "<!-- govreport:api-modules -->" in markdown:
        markdown = markdown.replace("<!-- govreport:api-modules -->", api_pages.overview(api_pages.module_pages()))
    markdown = _INCLUDE.sub(lambda m: include(m.group(1), m.group(2)), markdown)
    return _PARSE.sub(lambda m: parse(m.group(1)), markdown)
