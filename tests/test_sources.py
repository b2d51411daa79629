"""HTML pages and .docx files: same cells as the text layouts, spans and merges included."""

import io
import zipfile

import pytest

import govreport
from factories import cell_values, make_report
from govreport.cli import main
from govreport.errors import GovReportError

pytest.importorskip("lxml")
pytest.importorskip("docx")
from sources import to_docx, to_html

CASES = [("2019", {}), ("2021", {"split_other": True}), ("2021", {"split_other": False})]


def same(back, report):
    assert cell_values(back) == cell_values(report)
    assert back.meta.values() == report.meta.values()


@pytest.mark.parametrize("template,kw", CASES)
@pytest.mark.parametrize("variant", ["plain", "navigation", "gbk", "layout-table"])
def test_html_round_trip(template, kw, variant):
    report = make_report(template, seed=21, **kw)
    data = to_html(report, navigation=variant in ("navigation", "layout-table"), charset="gbk" if variant == "gbk"
                   else "utf-8", layout_table=variant == "layout-table", unrelated_tables=2 if variant == "navigation"
                   else 0)
    back = govreport.parse(data)
    assert back.format == "html"
    same(back, report)
    assert not [d for d in back.diagnostics if d.severity != "info"]


@pytest.mark.parametrize("template,kw", CASES)
def test_docx_round_trip(template, kw):
    report = make_report(template, seed=22, **kw)
    back = govreport.parse(to_docx(report))
    assert back.format == "docx"
    same(back, report)
    assert not [d for d in back.diagnostics if d.severity != "info"]


def test_html_and_docx_match_the_text_layouts():
    from govreport.render import render

    report = make_report("2021", seed=23)
    texts = [govreport.parse(render(report, layout)) for layout in ("pipe", "tsv", "docx-export")]
    for back in [govreport.parse(to_html(report)), govreport.parse(to_docx(report)), *texts]:
        assert cell_values(back) == cell_values(report)


def test_unrelated_tables_inside_the_article_add_nothing_spurious():
    report = make_report("2019", seed=24)
    page = to_html(report).decode()
    extra = ("<table><tr><td>行政许可</td><td>4321</td></tr><tr><td>访问量</td><td>99</td></tr></table>"
             "<table><tr><td>栏目</td><td>文章数</td></tr><tr><td>通知公告</td><td>12</td></tr></table>")
    page = page.replace("<p><strong>一、总体情况</strong></p>", "<p><strong>一、总体情况</strong></p>" + extra)
    back = govreport.parse(page.encode())
    assert cell_values(back) == cell_values(report)


def test_html_as_text_and_plain_br_cells():
    page = """<html><body><p>北河市生态环境局</p><p>2021年政府信息公开工作年度报告</p>
    <p>二、主动公开政府信息情况</p><table>
    <tr><td colspan="2">第二十条第（五）项</td></tr>
    <tr><td>信息内容</td><td>本年处理<br>决定数量</td></tr>
    <tr><td>行政<br/>许可</td><td>1&nbsp;024</td></tr>
    <tr><td>行政处罚</td><td>&nbsp;</td></tr></table></body></html>"""
    r = govreport.parse(page)
    assert r.format == "html" and r.template == "2021"
    # 1&nbsp;024: a space between digits is never joined (one number or two?): null + GR151
    assert r.active.cell("licensing", "decisions").value is None
    assert any(d.code == "GR151" for d in r.diagnostics)
    assert r.active.cell("penalties", "decisions").value is None  # &nbsp; is blank, not 0


def test_parse_file_chooses_by_content_not_extension(tmp_path):
    report = make_report("2019", seed=25)
    (tmp_path / "a.txt").write_bytes(to_docx(report))
    (tmp_path / "b.bin").write_bytes(to_html(report))
    assert govreport.parse_file(tmp_path / "a.txt").format == "docx"
    assert govreport.parse_file(tmp_path / "b.bin").format == "html"


def test_corrupt_inputs_give_clear_errors_or_diagnostics(tmp_path):
    report = make_report("2019", seed=26)
    data = to_docx(report)
    with pytest.raises(GovReportError) as err:
        govreport.parse(data[: len(data) // 2], source="cut.docx")
    assert "cut.docx" in str(err.value) and "docx" in str(err.value)

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "no word here")
    with pytest.raises(GovReportError, match=r"word/document\.xml"):
        govreport.parse(buf.getvalue())

    import docx

    d = docx.Document()
    d.add_paragraph("2020年政府信息公开工作年度报告")
    d.add_paragraph("本年度无表格。")
    out = io.BytesIO()
    d.save(out)
    no_tables = govreport.parse(out.getvalue())
    assert no_tables.format == "docx" and [x.code for x in no_tables.diagnostics].count("GR103") == 3

    page = "<html><body><p>2020年政府信息公开工作年度报告</p><div>没有表格</div></body></html>"
    html_no_tables = govreport.parse(page.encode())
    assert html_no_tables.format == "html" and [x.code for x in html_no_tables.diagnostics].count("GR103") == 3

    with pytest.raises(GovReportError):
        govreport.parse(bytes(range(256)) * 4)


def test_cli_never_shows_a_traceback_for_corrupt_files(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04garbage")
    assert main(["records", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.docx" in err and "Traceback" not in err


def test_page_date_in_the_header_is_the_published_date_without_a_signature_date():
    import attrs

    report = make_report("2019", seed=27)
    no_date = attrs.evolve(report, meta=attrs.evolve(report.meta, published=None))
    page = to_html(no_date, navigation=True)  # the navigation says 发布时间：2020-03-01
    back = govreport.parse(page)
    assert back.meta.published.value == "2020-03-01"
    assert back.meta.agency.value == report.meta.agency.value


@pytest.mark.parametrize("name", ["pipe_hant_2019.txt", "tsv_shift_2019.txt", "docx_2021_split.txt"])
def test_each_text_fixture_as_html_and_docx_gives_the_same_cells(fixture_text, name):
    text_report = govreport.parse(fixture_text(name))
    for data, fmt in ((to_html(text_report), "html"), (to_docx(text_report), "docx")):
        back = govreport.parse(data)
        assert back.format == fmt
        assert cell_values(back) == cell_values(text_report)
        assert back.meta.values()["agency"] == text_report.meta.agency.value


def test_each_seed_as_html_and_docx_when_present():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is not beside the repository")
    for path in sorted(seeds.glob("*.txt")):
        report = govreport.parse_file(path)
        if report.template == "legacy":
            continue
        for data in (to_html(report), to_docx(report)):
            assert cell_values(govreport.parse(data)) == cell_values(report), path.name


def test_br_splits_paragraph_lines_but_joins_cell_lines():
    page = ("<html><body><p>临江县自然资源局<br>2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>"
            "<table><tr><td>信息内容</td><td>本年处理<br>决定数量</td></tr><tr><td>行政<br>许可</td><td>12</td></tr>"
            "</table><p>临江县自然资源局<br/>2022年1月5日</p></body></html>")
    r = govreport.parse(page.encode())
    assert r.meta.values()["agency"] == "临江县自然资源局" and r.meta.published.value == "2022-01-05"
    assert r.active.get("licensing", "decisions") == 12
