"""Arithmetic checks (勾稽关系): exact diagnostics for single-cell mutations, and properties."""

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from factories import make_report
from govreport.cli import main
from govreport.model import Report
from govreport.render import render


def parsed(template="2019", seed=1, layout="tsv", **kw):
    report = make_report(template, seed=seed, **kw)
    text = render(report, layout)
    return govreport.parse(text), text


def mutate(text: str, report: Report, key: str, new: str) -> str:
    """Replace the source text of one cell (found by its span) with ``new``."""
    table, _, rest = key.partition(".")
    row, _, column = rest.rpartition(".")
    cell = report.table(table).cell(row, column)
    lines = text.split("\n")
    ln = lines[cell.span.line - 1]
    start = cell.span.column - 1
    assert ln[start:start + len(cell.raw)] == cell.raw
    lines[cell.span.line - 1] = ln[:start] + new + ln[start + len(cell.raw):]
    return "\n".join(lines)


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["tsv", "pipe", "docx-export"])
def test_consistent_reports_check_clean(template, layout):
    report, _ = parsed(template, seed=4, layout=layout)
    assert report.validate() == []


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_carried_forward_mutation(template):
    report, text = parsed(template, seed=2)
    col = "natural_person"
    old = report.applications.get("carried_forward", col)
    bad = govreport.parse(mutate(text, report, f"applications.carried_forward.{col}", str(old + 1)))
    diags = bad.validate()
    codes = sorted(d.code for d in diags)
    # the column no longer balances, and the row total no longer adds up
    assert codes == ["GR201", "GR203"]
    gr201 = next(d for d in diags if d.code == "GR201")
    a = bad.applications
    assert gr201.cells == (f"applications.new_received.{col}", f"applications.carried_over.{col}",
                           f"applications.total_handled.{col}", f"applications.carried_forward.{col}")
    assert gr201.values == (a.get("new_received", col), a.get("carried_over", col), a.get("total_handled", col),
                            old + 1)
    assert gr201.line == a.cell("new_received", col).span.line
    gr203 = next(d for d in diags if d.code == "GR203")
    assert gr203.cells[0] == "applications.carried_forward.total"
    assert gr203.line == a.cell("carried_forward", "total").span.line


@pytest.mark.parametrize("template,row", [("2019", "other_handling"), ("2021", "other_handling.unpaid_fee"),
                                          ("2019", "denied.state_secret")])
def test_result_row_mutation(template, row):
    report, text = parsed(template, seed=3)
    col = "commercial_enterprise"
    old = report.applications.get(row, col)
    bad = govreport.parse(mutate(text, report, f"applications.{row}.{col}", str(old + 2)))
    diags = bad.validate()
    assert sorted(d.code for d in diags) == ["GR202", "GR203"]
    gr202 = next(d for d in diags if d.code == "GR202")
    assert gr202.cells[0] == f"applications.total_handled.{col}"
    assert f"applications.{row}.{col}" in gr202.cells
    assert gr202.values[gr202.cells.index(f"applications.{row}.{col}")] == old + 2
    assert gr202.line == bad.applications.cell("total_handled", col).span.line


def test_2021_single_other_handling_row_is_summed():
    report, text = parsed("2021", seed=3, split_other=False)
    assert "other_handling" in report.applications.rows()
    assert report.validate() == []
    old = report.applications.get("other_handling", "natural_person")
    bad = govreport.parse(mutate(text, report, "applications.other_handling.natural_person", str(old + 1)))
    assert sorted(d.code for d in bad.validate()) == ["GR202", "GR203"]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_review_row_mutation(template):
    report, text = parsed(template, seed=5)
    old = report.review_litigation.get("litigation_direct", "pending")
    bad = govreport.parse(mutate(text, report, "review_litigation.litigation_direct.pending", str(old + 1)))
    [d] = bad.validate()
    assert d.code == "GR204"
    assert d.cells == tuple(f"review_litigation.litigation_direct.{c}"
                            for c in ("total", "upheld", "corrected", "other", "pending"))
    assert d.values[-1] == old + 1
    assert d.line == bad.review_litigation.cell("litigation_direct", "total").span.line


def test_active_2019_published_and_negative():
    report, text = parsed("2019", seed=6)
    total = report.active.get("normative_documents", "total_published")
    bad = govreport.parse(mutate(text, report, "active.normative_documents.new_published", str(total + 1)))
    [d] = bad.validate()
    assert d.code == "GR205" and d.values == (total + 1, total)
    assert d.line == bad.active.cell("normative_documents", "new_published").span.line
    neg = govreport.parse(mutate(text, report, "active.penalties.decisions", "-5"))
    [d] = neg.validate()
    assert d.code == "GR206" and d.cells == ("active.penalties.decisions",) and d.values == (-5,)
    # a negative change is fine
    ok = govreport.parse(mutate(text, report, "active.penalties.change", "-5"))
    assert ok.validate() == []


def test_2021_active_has_no_published_rule_but_negatives():
    report, text = parsed("2021", seed=6)
    bad = govreport.parse(mutate(text, report, "active.licensing.decisions", "-1"))
    assert [d.code for d in bad.validate()] == ["GR206"]


def test_blank_cells_count_as_zero_and_say_so():
    report, text = parsed("2019", seed=7)
    val = report.applications.get("granted", "natural_person")
    bad = govreport.parse(mutate(text, report, "applications.granted.natural_person", ""))
    diags = bad.validate()
    if val == 0:
        assert diags == []
    else:
        assert {d.code for d in diags} == {"GR202", "GR203"}
        assert all("blank cells counted as 0: applications.granted.natural_person" in d.message for d in diags)


# -- properties --------------------------------------------------------------------------------

TEMPLATES = st.sampled_from(["2019", "2021"])


@given(template=TEMPLATES, seed=st.integers(0, 10**6), split=st.booleans())
@settings(max_examples=40, deadline=None)
def test_property_consistent_reports_have_no_errors(template, seed, split):
    assert make_report(template, seed=seed, split_other=split).validate() == []


RULE_OF = {"new_received": {"GR201", "GR203"}, "carried_forward": {"GR201", "GR203"},
           "total_handled": {"GR201", "GR202", "GR203"}, "granted": {"GR202", "GR203"}}


@given(template=TEMPLATES, seed=st.integers(0, 10**6), delta=st.integers(1, 50),
       row=st.sampled_from(sorted(RULE_OF)), column=st.sampled_from(["natural_person", "other_org", "total"]))
@settings(max_examples=60, deadline=None)
def test_property_single_change_fires_its_rule(template, seed, delta, row, column):
    report = make_report(template, seed=seed)
    table = report.applications
    cells = tuple(attrs.evolve(c, value=c.value + delta) if (c.row, c.column) == (row, column) else c for c in table)
    bad = attrs.evolve(report, applications=attrs.evolve(table, cells=cells))
    fired = {d.code for d in bad.validate()}
    expected = set(RULE_OF[row])
    if column == "total":  # a total column's change breaks the row sum, and its own column's balance
        expected = {"GR203"} | ({"GR201"} if row != "granted" else {"GR202"})
    assert expected <= fired


def test_check_cli(tmp_path, capsys):
    report, text = parsed("2019", seed=2)
    good = tmp_path / "good.txt"
    good.write_text(text, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    old = report.review_litigation.get("review", "upheld")
    bad.write_text(mutate(text, report, "review_litigation.review.upheld", str(old + 3)), encoding="utf-8")
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:" in out and "error GR204 review_litigation row review" in out
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing to see\n", encoding="utf-8")
    assert main(["check", "--json", str(junk), str(bad)]) == 2
    import json

    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["parsed"] is False and lines[1]["errors"] == 1


def test_seeds_check_clean_when_present():
    """The five real seeds: none has an arithmetic error; their only findings are label variants
    (003: 上年项目数量, spaced labels, 属于国际秘密) and an empty-but-consistent 行政复议 row."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is not beside the repository")
    for path in sorted(seeds.glob("*.txt")):
        report = govreport.parse_file(path)
        assert report.validate() == [], path.name
        assert {d.code for d in report.diagnostics} <= {"GR002", "GR004", "GR101"}, path.name


def test_readme_documents_every_code():
    from pathlib import Path

    from govreport.diagnostics import CODES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- codes:start -->")[1].split("<!-- codes:end -->")[0]
    documented = {ln.split("|")[1].strip() for ln in table.strip().splitlines()[2:]}
    assert documented == set(CODES)
