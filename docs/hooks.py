"""mkdocs hooks: pages that are generated from govreport itself, so they cannot drift.

* ``<!-- govreport:data-contract -->``: every template, table, row and column (from govreport.schema)
* ``<!-- govreport:codes -->``: every diagnostic code (from govreport.diagnostics.CODES)
* ``<!-- govreport:outputs -->``: every output table, column and type (from govreport.outputs)
* ``<!-- govreport:include PATH LANG -->``: a file of the repository, verbatim
* ``<!-- govreport:parse PATH -->``: a sample parsed by govreport, as records
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _data_contract() -> str:
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


def _codes() -> str:
    from govreport.diagnostics import CODES

    rows = ["| code | severity | title | meaning |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.title} | {c.description} |" for c in CODES.values()]
    return "\n".join(rows)


def _include(path: str, lang: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    return f"```{lang}\n{text.rstrip()}\n```"


def _parse(path: str) -> str:
    import govreport

    report = govreport.parse_file(ROOT / path)
    lines = [json.dumps({k: v for k, v in r.items() if k != "source"}, ensure_ascii=False)
             for r in report.to_records()[:14]]
    return "```json\n" + "\n".join(lines) + "\n…\n```"


def on_page_markdown(markdown: str, **_: object) -> str:
    markdown = markdown.replace("<!-- govreport:data-contract -->", _data_contract())
    markdown = markdown.replace("<!-- govreport:codes -->", _codes())
    if "<!-- govreport:outputs -->" in markdown:
        from govreport.outputs import schema_markdown

        markdown = markdown.replace("<!-- govreport:outputs -->", schema_markdown())
    markdown = re.sub(r"<!-- govreport:include (\S+) (\S+) -->", lambda m: _include(m.group(1), m.group(2)),
                      markdown)
    return re.sub(r"<!-- govreport:parse (\S+) -->", lambda m: _parse(m.group(1)), markdown)
