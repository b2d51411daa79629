"""The fuzz harness's oracle: what must hold for every input, whatever it is.

:func:`check` parses one input and returns the list of :class:`Finding` (empty when all is
well). It asserts, on every input:

* **no foreign exception**: the input ends in a :class:`~govreport.Report` or a
  :class:`~govreport.GovReportError`; a ``PluginError`` that wraps a foreign exception counts
  as foreign too (it is a bug the plugin hid);
* **within the time budget**: no parse that costs more CPU time than the budget (the library's
  budget is wall-clock time, so a ``GR307`` on a loaded machine is timed again by the CPU time
  the parse takes: what the input costs, whatever else the machine runs);
* on every cell of a Report: **raw in input** (each line of the cell's ``raw`` is a substring
  of the normalised input: a cell whose text wrapped onto more lines keeps the line breaks),
  **value follows raw** (the number parser, given the raw text, gives the value: no other
  digits, no other sign, no float), **no invented digits** (a non-null value's raw holds only
  0-9 as digits and no space between two of them);
* on every legacy figure: its raw in the input, and a value other than 0 a numeral its raw
  states (**no legacy figure absent from the sentence it cites**);
* **records are strict JSON** (no NaN/Infinity, no Decimal left) and the Report round-trips
  through its dict.
"""

from __future__ import annotations

import functools
import json
import re
import time
from decimal import Decimal

import attrs

import govreport
from govreport import schema
from govreport.api import open_input
from govreport.errors import GovReportError, PluginError
from govreport.model import Report
from govreport.normalize import normalize, without_surrogates
from govreport.numbers import parse_cell, plain_value

FOREIGN = "foreign exception"
SLOW = "over the time budget"
RAW_NOT_IN_INPUT = "raw not in input"
# The same for a null cell: no number was read from it, but its raw text is not the input's.
NULL_RAW_NOT_IN_INPUT = "raw of a null cell not in input"
VALUE_NOT_FROM_RAW = "value does not follow raw"
INVENTED_DIGITS = "invented digits"
NOT_STRICT_JSON = "records not strict JSON"
NO_ROUND_TRIP = "report does not round-trip"
LEGACY_NOT_STATED = "legacy figure not stated in its raw"

_SPLIT = re.compile(r"[0-9][,.]?\s+[,.]?[0-9]")


@attrs.frozen
class Finding:
    kind: str
    detail: str


@functools.lru_cache(maxsize=4)
def _columns(template: str) -> dict[tuple[str, str, str], schema.ColumnSpec]:
    spec = schema.template(template)
    return {(t.id, r.id, c.id): c for t in spec.tables for r in t.rows for c in r.columns}


def _input_text(data: str | bytes, report: Report) -> str | None:
    """The normalised input a cell's raw must come from (None: the layout reads bytes itself)."""
    if report.format in ("docx", "html"):
        return None
    try:
        text = normalize(data).text
    except GovReportError:
        return None
    if report.format == "markdown" and "<" in text:
        # Raw HTML tables inside markdown are read as HTML: their cells' texts are the markup's
        # texts (entities decoded, tags dropped), as for an HTML page.
        text += "\n" + _binary_texts(data, report)
    return text


def _binary_texts(data: bytes | str, report: Report) -> str:
    """For .docx and HTML: every paragraph and cell text the plugin produced, one per line."""
    info = govreport.default_registry().get(report.format)
    raw = data if isinstance(data, bytes) else without_surrogates(data).encode("utf-8")
    doc = info.read(open_input(raw)[0])  # the one route's input, as parse gives it
    texts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, govreport.Paragraph):
            texts.append(block.text)
        else:
            texts.extend(c.text for row in block.rows for c in row.cells)
    return "\n".join(texts)


def check(data: str | bytes, *, limits: govreport.Limits | None = None) -> list[Finding]:
    """Parse ``data`` and return what is wrong (nothing, for almost every input)."""
    lim = limits or govreport.Limits()
    start = time.process_time()
    try:
        report = govreport.parse(data, limits=lim)
    except PluginError as e:
        if e.__cause__ is not None and not isinstance(e.__cause__, GovReportError):
            return [Finding(FOREIGN, f"{type(e.__cause__).__name__}: {e}")]
        return []
    except govreport.LimitExceeded as e:
        return _cpu_over_budget(data, lim, str(e)) if e.code == "GR307" else []
    except GovReportError:
        return []
    except RecursionError as e:
        return [Finding(FOREIGN, f"RecursionError: {e}")]
    except Exception as e:
        return [Finding(FOREIGN, f"{type(e).__name__}: {e}")]
    elapsed = time.process_time() - start
    findings: list[Finding] = []
    if lim.time_budget is not None and elapsed > lim.time_budget:
        findings.append(Finding(SLOW, f"{elapsed:.1f} s"))
    try:
        findings += check_report(data, report)
    except Exception as e:  # the report's own methods (records, JSON) failed on it: a bug too
        findings.append(Finding(FOREIGN, f"checking the report: {type(e).__name__}: {e}"))
    return findings


def _cpu_over_budget(data: str | bytes, lim: govreport.Limits, message: str) -> list[Finding]:
    """A parse that spent its wall-clock budget, timed again by CPU time with room to finish
    (four budgets of wall clock): a finding when the CPU time is over the budget."""
    assert lim.time_budget is not None
    start = time.process_time()
    try:
        govreport.parse(data, limits=attrs.evolve(lim, time_budget=4 * lim.time_budget))
    except govreport.LimitExceeded as e:
        if e.code == "GR307":
            return [Finding(SLOW, message)]
    except GovReportError:
        pass
    cpu = time.process_time() - start
    return [Finding(SLOW, f"{cpu:.1f} s of CPU time: {message}")] if cpu > lim.time_budget else []


def check_report(data: str | bytes, report: Report) -> list[Finding]:
    """The invariants of a parsed Report (see the module docstring)."""
    findings: list[Finding] = []
    text = _input_text(data, report)
    if text is None:
        try:
            text = _binary_texts(data, report)
        except GovReportError as e:  # the same bytes parsed a moment ago
            return [Finding(FOREIGN, f"second read failed: {e}")]
    columns = _columns(report.template) if report.template in (schema.TEMPLATE_2019, schema.TEMPLATE_2021) else {}
    for cell in report.cells():
        if cell.raw and not _raw_in(cell.raw, text):
            kind = RAW_NOT_IN_INPUT if cell.value is not None else NULL_RAW_NOT_IN_INPUT
            findings.append(Finding(kind, f"{cell.key}: {cell.raw!r}"))
        if cell.value is None:
            continue
        findings += _value_follows_raw(cell.key, cell.value, cell.raw, columns.get((cell.table, cell.row,
                                                                                     cell.column)))
    for fig in report.legacy:
        if fig.value is not None and fig.raw and not _raw_in(fig.raw, text):
            findings.append(Finding(RAW_NOT_IN_INPUT, f"legacy.{fig.key}: {fig.raw!r}"))
        findings += _figure_follows_raw(fig)
    try:
        json.dumps(report.to_records(), allow_nan=False, ensure_ascii=False)
        json.dumps(report.to_dict(), allow_nan=False, ensure_ascii=False)
        json.dumps([d.to_dict() for d in report.validate()], allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as e:
        findings.append(Finding(NOT_STRICT_JSON, str(e)))
    else:
        if Report.from_dict(json.loads(report.to_json())) != report:
            findings.append(Finding(NO_ROUND_TRIP, report.source))
    return findings


# A numeral as prose writes it: Arabic digits (with thousands commas and decimals) or Chinese ones.
_NUMERAL = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|[零〇○一二两三四五六七八九十百千万]+")


def _figure_follows_raw(fig: govreport.Figure) -> list[Finding]:
    """A legacy figure other than 0 (a negated statement: 未收到…申请) is a numeral its sentence
    (or statistics-table row) states, read by the narrative grammar, in 元 or 万元."""
    from govreport_plugins.narrative_figures import parse_quantity

    if fig.value is None or fig.value == 0:
        return []
    # An amount that is not whole is the float of its exact digits (numbers.plain_value's form),
    # so its shortest repr is the stated amount's digits.
    want = Decimal(repr(fig.value))
    for m in _NUMERAL.finditer(fig.raw):
        numeral = m.group()
        if len(numeral) > 40:
            continue  # no figure is read from a run that long
        for piece in {numeral, numeral.rstrip("万")}:  # 三万元: 三 in 万元, or 三万 in 元
            try:
                value, _ = parse_quantity(piece)
            except ValueError:
                continue
            if Decimal(value) in (want, want / 10000):
                return []
    return [Finding(LEGACY_NOT_STATED, f"legacy.{fig.key}: {fig.value!r} is not stated in {fig.raw!r}")]


def _raw_in(raw: str, text: str) -> bool:
    """Whether every line of ``raw`` stands in ``text`` (a wrapped cell's lines need not be
    adjacent there: a pipe row's rest is on the next table line)."""
    return all(line in text for line in raw.split("\n"))


def _value_follows_raw(key: str, value: object, raw: str, col: schema.ColumnSpec | None) -> list[Finding]:
    out: list[Finding] = []
    if isinstance(value, float):
        out.append(Finding(VALUE_NOT_FROM_RAW, f"{key}: a float {value!r} from {raw!r}"))
    if any(ch.isdigit() and not ch.isascii() for ch in raw) or _SPLIT.search(raw):
        out.append(Finding(INVENTED_DIGITS, f"{key}: {value!r} from {raw!r}"))
        return out
    if col is None:
        return out
    units = [None, "元", "万元"] if col.kind == schema.MONEY else [None]
    candidates = set()
    for unit in units:
        try:
            candidates.add(parse_cell(raw, col.kind, unit=unit))
        except GovReportError:
            pass
    if value not in candidates:
        out.append(Finding(VALUE_NOT_FROM_RAW, f"{key}: {value!r} from {raw!r} (parser gives {candidates})"))
    elif isinstance(value, Decimal):
        digits = format(value.normalize(), "f").replace(".", "").replace("-", "").strip("0")
        if digits and digits not in raw.replace(",", "").replace(".", "").strip("0"):
            out.append(Finding(INVENTED_DIGITS, f"{key}: {value!r} from {raw!r}"))
        if not isinstance(plain_value(value), (int, float)):
            out.append(Finding(NOT_STRICT_JSON, f"{key}: {value!r}"))
    elif isinstance(value, int) and str(abs(value)) not in raw.replace(",", "").lstrip("+-") and value != 0:
        out.append(Finding(INVENTED_DIGITS, f"{key}: {value!r} from {raw!r}"))
    return out
