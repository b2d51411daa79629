"""Text whose empty lines separate paragraphs, read as one cell per line: never a wrong number.

A PDF text extractor (pdftotext without its form feeds, a copy from a PDF viewer) writes each
text run as a paragraph with an empty line after it, and a blank cell writes nothing. It looks
like LibreOffice's one-cell-per-line text, where an empty line is a blank cell: read that way,
every value after the first separator lands in the wrong column (pdftotext's fixtures gave 130
wrong numbers once their form feeds were gone). The family: any generated report in the cell
stream layout, rewritten as paragraphs (every filled line followed by an empty line, blank cells
dropped); sniffed or read with ``--format libreoffice-text``, it gives no wrong number, and the
forced reading says why its tables were not read (GR013).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from converters.layouts import libreoffice_text
from factories import blank_share, cell_values, make_report, wrong_cells

FIXTURES = Path(__file__).parent / "fixtures" / "converters"


def as_paragraphs(text: str) -> str:
    """``text`` as a PDF extractor writes it: each filled line a paragraph, an empty line after
    it; an empty line of the source (a blank cell) writes nothing."""
    return "".join(f"{line}\n\n" for line in text.split("\n") if line.strip())


@settings(max_examples=40, deadline=None)
@given(template=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 10**6), blanks=st.sampled_from([0.0, 0.2, 0.5]))
def test_paragraph_separated_cells_give_no_wrong_number(template, seed, blanks):
    rng = random.Random(seed)
    report = make_report(template, seed=seed)
    if blanks:
        report = blank_share(report, rng, blanks)
    text = as_paragraphs(libreoffice_text(report, rng))
    assert not wrong_cells(govreport.parse(text), report)
    forced = govreport.parse(text, format="libreoffice-text")
    assert not wrong_cells(forced, report)
    assert "GR013" in {d.code for d in forced.diagnostics}


def test_the_cell_stream_itself_is_still_read():
    # The rule must not refuse the layout it guards: the same reports as LibreOffice writes them.
    for seed in range(6):
        rng = random.Random(seed)
        report = make_report("2019" if seed % 2 else "2021", seed=seed)
        parsed = govreport.parse(libreoffice_text(report, rng))
        assert parsed.format == "libreoffice-text"
        assert "GR013" not in {d.code for d in parsed.diagnostics}
        assert not wrong_cells(parsed, report)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.pdftotext.txt")), ids=lambda p: p.name)
def test_pdftotext_without_its_form_feeds_gives_no_wrong_number(path):
    import json

    want = json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text(encoding="utf-8"))["cells"]
    text = path.read_text(encoding="utf-8").replace("\f", "\n")
    for parsed in (govreport.parse(text), govreport.parse(text, format="libreoffice-text")):
        got = cell_values(parsed)
        assert not {k: (v, want.get(k)) for k, v in got.items() if v is not None and want.get(k) != v}
