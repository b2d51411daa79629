"""The narrative plugin's quantity reading on long runs of numerals: work counted, not timed.

The work that costs is the grammar parse of a numeral (a Lark parse each, tens of
microseconds): a 200,000-character clause of numerals cost seconds when every numeral was
parsed whether a subject took it or not. Sizes n and 4n are compared by the number of parses
(a count that does not depend on the machine's load) and by the Python lines executed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import govreport_plugins.narrative_figures as narrative_figures
from govreport.blocks import Paragraph
from govreport_plugins.narrative_figures import read_figures
from test_hostile import python_steps


def _read(text: str) -> dict[str, object]:
    return {f.key: f.value for f in read_figures([Paragraph(text, 1)], 2015).figures}


def parses(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many numerals the grammar parses while the figures of ``text`` are read."""
    calls = 0
    real = narrative_figures.parse_quantity

    def counting(numeral: str) -> tuple[object, str]:
        nonlocal calls
        calls += 1
        return real(numeral)

    with monkeypatch.context() as m:
        m.setattr(narrative_figures, "parse_quantity", counting)
        _read(text)
    return calls


RUNS: list[tuple[str, Callable[[int], str]]] = [
    ("numerals after one subject", lambda n: "主动公开政府信息" + "一条" * n + "。"),
    ("ill-formed numerals after one subject", lambda n: "主动公开政府信息" + "十十条" * n + "。"),
    ("numerals with no subject", lambda n: "本年度" + "三万二千件" * n + "。"),
    ("numerals in money", lambda n: "收取费用" + "一万元" * n + "。"),
    ("one statement repeated", lambda n: "2015年主动公开政府信息一百四十七条。" * n),
    ("statements in one clause", lambda n: "主动公开政府信息两条" * n),
    ("numerals in clauses of another period", lambda n: "2010年以来，" + "收到申请一件，" * n),
]


@pytest.mark.parametrize("name,make", RUNS, ids=[r[0] for r in RUNS])
def test_grammar_parses_do_not_grow_with_numerals_no_subject_takes(name, make, monkeypatch):
    # Each numeral a subject takes is parsed once per report, whatever the report repeats;
    # the others are never parsed.
    small, large = parses(make(200), monkeypatch), parses(make(800), monkeypatch)
    assert large <= max(small, 1) <= 2, (name, small, large)


@pytest.mark.parametrize("name,make", RUNS, ids=[r[0] for r in RUNS])
def test_python_work_grows_linearly_on_runs_of_numerals(name, make):
    _read(make(50))  # grammar and imports first
    assert python_steps(_read, make(2000)) / python_steps(_read, make(500)) < 6, name


def test_distinct_numerals_are_parsed_once_each_and_only_when_taken(monkeypatch):
    numerals = ["一", "二", "三", "十二", "一百零五", "两千零一十", "三万二千"]
    text = "".join(f"主动公开政府信息{n}条，其中规章{n}件。" for n in numerals)
    assert parses(text, monkeypatch) == len(numerals)


def test_a_subject_never_skips_an_ill_formed_count_for_the_next_one():
    # 十十 is no number; the count after it in the same clause is another figure's, not this one's
    assert _read("主动公开政府信息十十条、规章5条。") == {}
    assert _read("主动公开政府信息" + "9" * 30 + "条、规章5条。") == {}
    assert _read("主动公开政府信息十二条、规章5条。") == {"active_disclosed": 12}


def test_counts_stay_what_the_grammar_reads():
    assert _read("主动公开政府信息一百四十七条。") == {"active_disclosed": 147}
    assert _read("全年共收到政府信息公开申请两件。") == {"applications_received": 2}
    assert _read("因政府信息公开共收取费用0.3万元。") == {"fees": 3000}
    assert _read("本年度主动公开各类政府信息1,204条。") == {"active_disclosed": 1204}
