"""The plugin contract, checked: what every format plugin (built-in or third-party) must do.

1. Its name is a non-empty string no other installed plugin has (a duplicate is refused by the
   registry and reported; the contract check fails for both).
2. ``sniff`` is total: for any input (text, bytes that are not text, markup, other layouts'
   reports, the empty string) it returns a finite number in 0..1 and never raises.
3. ``read`` returns a valid :class:`~govreport.blocks.Document` or raises one of the library's
   errors (:class:`~govreport.errors.GovReportError`): paragraphs and grids whose cells carry
   text, a line >= 0 and a column >= 1 (and spans >= 1).
4. A plugin that renders returns ``str`` or ``bytes`` for every template it says it writes.

:func:`check_plugin_contract` runs all of it on one installed plugin with inputs of every kind
(including random reports rendered by every installed writer) and raises ``AssertionError``
naming the plugin and the input on the first breach. :func:`fuzz_plugin_contract` adds
Hypothesis-generated text and bytes (needs ``hypothesis``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from io import BytesIO

from .. import schema
from ..api import open_input
from ..blocks import Document, Grid, GridCell, GridRow, Paragraph
from ..errors import GovReportError
from ..model import Figure
from ..plugin import ReportInput
from ..registry import PluginInfo, Registry, default_registry, score_of
from ..render import written_sections
from .reports import make_report, written_templates


def _zip_bytes() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _first_row_label() -> str:
    """The label of table 二's first row in the first national template (a word every
    layout's reader knows)."""
    return schema.template(schema.TABLE_TEMPLATES[0]).table(schema.ACTIVE).rows[0].path[-1]


def _label_characters() -> str:
    """The characters of a few template labels (table 二's first rows, table 三's last column):
    random text made of them looks like a table to a sniffer often enough to test its reader."""
    spec = schema.template(schema.TABLE_TEMPLATES[0])
    words = [r.path[-1] for r in spec.table(schema.ACTIVE).rows[:3]]
    words.append(spec.table(schema.APPLICATIONS).header_columns[-1].label)
    return "".join(dict.fromkeys("".join(words)))


def standard_inputs(registry: Registry | None = None) -> list[tuple[str, str | bytes]]:
    """``(label, input)`` pairs of every kind a plugin may be shown: edge cases, non-text
    bytes, markup, and a report of each template in every layout an installed plugin writes."""
    reg = registry or default_registry()
    first_section = written_sections(schema.TABLE_TEMPLATES[0])[0].heading
    row = _first_row_label()
    inputs: list[tuple[str, str | bytes]] = [
        ("empty text", ""), ("blank lines", "\n\n\t\n"), ("one word", "报告"),
        ("prose", f"2020年政府信息公开工作年度报告\n{first_section}\n本年度工作稳步推进。\n"),
        ("pipes and tabs", "| | |\n\t\t\n|1|\t2\n" * 6), ("binary junk", bytes(range(256)) * 4),
        ("NULs", b"\x00" * 64), ("zip container", _zip_bytes()), ("truncated zip", _zip_bytes()[:40]),
        ("markup", f"<html><body><table><tr><td>{row}</td><td>0</td></tr></table></body></html>"),
        ("UTF-16", f"2020年报告\n{row}\t0\n".encode("utf-16")),
        # one line of 160,000 characters with a quote left open: a page minified onto one line, a
        # flattened scrape (the csv module, for one, refuses a field over 131,072 characters)
        ("a long line with an open quote", '2020年政府信息公开工作年度报告,"' + f"{row}, 0，1," * 20000),
    ]
    for info in reg.renderers():
        for template in written_templates(info):
            report = make_report(template, seed=7)
            try:
                rendered = info.plugin.render(report)
            except Exception:  # a writer's own failure is its contract check's business
                continue
            inputs.append((f"a {template} report written by {info.name!r}", rendered))
    return inputs


def check_document(doc: object, *, plugin: str = "", where: str = "") -> None:
    """Raise ``AssertionError`` unless ``doc`` is a valid Document (see the module)."""
    who = f"plugin {plugin!r}" + (f" on {where}" if where else "")
    assert isinstance(doc, Document), f"{who}: read returned {type(doc).__name__}, not a Document"
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert isinstance(block.text, str), f"{who}: a paragraph's text is {type(block.text).__name__}"
            assert isinstance(block.line, int) and block.line >= 0, f"{who}: paragraph line {block.line!r}"
            continue
        assert isinstance(block, Grid), f"{who}: a block is {type(block).__name__}, not a Paragraph or Grid"
        for row in block.rows:
            assert isinstance(row, GridRow), f"{who}: a grid row is {type(row).__name__}, not a GridRow"
            for cell in row.cells:
                assert isinstance(cell, GridCell), f"{who}: a cell is {type(cell).__name__}, not a GridCell"
                assert isinstance(cell.text, str), f"{who}: cell text {cell.text!r} is not a str"
                assert isinstance(cell.line, int) and cell.line >= 0, f"{who}: cell line {cell.line!r}"
                assert isinstance(cell.column, int) and cell.column >= 1, \
                    f"{who}: cell column {cell.column!r} (columns are 1-based)"
                assert cell.colspan >= 1 and cell.rowspan >= 1, f"{who}: cell spans {cell.colspan}x{cell.rowspan}"
    for figure in doc.figures:
        assert isinstance(figure, Figure), f"{who}: a figure is {type(figure).__name__}, not a Figure"


def _bytes_for_old_style(source: ReportInput) -> bytes:
    """What an old-style ``binary = True`` plugin is given (as the registry gives it)."""
    return source.data if source.data is not None else source.decoded_text.encode("utf-8")


def _check_one(info: PluginInfo, label: str, source: ReportInput) -> None:
    who = f"plugin {info.name!r} on {label}"
    try:
        raw = info.sniff(source)
    except Exception as e:
        raise AssertionError(f"{who}: sniff raised {type(e).__name__}: {e} (sniff must be total)") from e
    problem = score_of(raw)[1]
    assert problem is None, f"{who}: {problem}"
    try:
        # the plugin's own read, not PluginInfo.read: that one turns a bug into a PluginError
        doc = info.plugin.read(_bytes_for_old_style(source) if info.reads_bytes else source)
    except GovReportError:
        return
    except Exception as e:
        raise AssertionError(f"{who}: read raised {type(e).__name__}: {e}, not a govreport error") from e
    check_document(doc, plugin=info.name, where=label)


def check_plugin_contract(name: str, *, registry: Registry | None = None,
                          inputs: Iterable[tuple[str, str | bytes]] = ()) -> None:
    """Check the contract (see the module) for the installed plugin ``name`` over
    :func:`standard_inputs` and ``inputs`` (``(label, text or bytes)`` pairs of your own)."""
    reg = registry or default_registry()
    info = reg.get(name)
    assert isinstance(info.name, str) and info.name, f"{info!r}: a plugin needs a name"
    duplicates = [f for f in reg.failures if f.kind == "duplicate" and f.name == info.name]
    assert not duplicates, (f"plugin {info.name!r}: another installed plugin has the same name "
                            f"({duplicates[0].origin}); names must be unique")
    assert isinstance(info.description, str), f"plugin {info.name!r}: description must be a str"
    for label, data in [*standard_inputs(reg), *inputs]:
        source, _ = open_input(data, source=f"<{label}>")
        _check_one(info, label, source)
    if info.renders:
        for template in written_templates(info):
            out = info.plugin.render(make_report(template, seed=11))
            assert isinstance(out, (str, bytes)), \
                f"plugin {info.name!r}: render returned {type(out).__name__}, not str or bytes"


def fuzz_plugin_contract(name: str, *, registry: Registry | None = None, max_examples: int = 50) -> None:
    """Sniff and read random text and bytes (Hypothesis): the same contract as
    :func:`check_plugin_contract`, on inputs nobody thought of."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    reg = registry or default_registry()
    info = reg.get(name)
    alphabet = st.sampled_from(list(_label_characters() + "一二三四五|\t\n\r ,，:：0123456789.-+<>/万元\x00"))

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.one_of(st.text(alphabet, max_size=300), st.text(max_size=200), st.binary(max_size=300)))
    def sniff_and_read(data: str | bytes) -> None:
        source, _ = open_input(data, source="<fuzz>")
        _check_one(info, f"random input {data[:60]!r}", source)

    sniff_and_read()
