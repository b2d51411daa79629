"""Tests of the semicolon plugin (``python -m pytest tests`` in the plugin's folder)."""

from pathlib import Path

import pytest
from govreport_semicolon import SemicolonPlugin

import govreport
from govreport.normalize import normalize

HERE = Path(__file__).resolve().parents[1]
#: Reports in other layouts: govreport's own examples (the repository's examples/ folder).
EXAMPLES = sorted((HERE.parents[2] / "examples").glob("*.txt"))


def values(report: govreport.Report) -> dict[str, object]:
    """Every value of the report by its data-contract key (meta.year, applications.granted.total...)."""
    return {".".join(filter(None, (r["table"], r["row"], r["column"]))): r["value"] for r in report.to_records()}


def as_semicolons(report: govreport.Report) -> str:
    """The report written in the semicolon layout: govreport renders it as pipe tables, and the
    pipes (with the spaces around them) become semicolons."""
    pipe = govreport.render(report, "pipe")
    return "\n".join(line.replace(" | ", ";").replace(" |", ";").replace("| ", ";") for line in pipe.split("\n"))


def test_the_sample_is_sniffed_and_read_like_its_source():
    report = govreport.parse_file(HERE / "sample.txt")
    source = govreport.parse_file(HERE.parents[2] / "examples" / "dongchuan-2020-tsv.txt")
    assert report.format == "semicolon"
    assert values(report) == values(source)
    assert report.validate() == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_through_the_layout(example):
    original = govreport.parse_file(example)
    again = govreport.parse(as_semicolons(original))
    assert again.format == "semicolon"
    # The renderer writes simplified script, so the copy of a traditional-script report is "hans".
    assert values(again) == {**values(original), "meta.script": "hans"}


def test_a_sentence_with_a_semicolon_stays_prose():
    text = normalize("一、总体情况\n本年主动公开稳步推进；答复及时。\n规章;0;0;3\n").text
    blocks = SemicolonPlugin().read(text).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Grid"]
    assert [c.text for c in blocks[2].rows[0].cells] == ["规章", "0", "0", "3"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_other_layouts_are_left_to_their_plugins(example):
    assert SemicolonPlugin().sniff(normalize(example.read_bytes()).text) < 0.2
