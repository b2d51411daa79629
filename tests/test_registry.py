import os
from importlib.metadata import EntryPoint

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport
from factories import cell_values, make_report
from govreport.api import open_input
from govreport.errors import GovReportError, NoFormatError, PluginError, UnknownFormatError
from govreport.registry import ENTRY_POINT_GROUP, PluginFailure, Registry, as_input
from govreport.render import render

TOY = "@toy\n2020年政府信息公开工作年度报告\n行政许可 = 3, 1, 9\n行政处罚 = 1, 0, 2\n"


def _ep(name, value):
    return EntryPoint(name, value, ENTRY_POINT_GROUP)


@pytest.fixture
def registry(monkeypatch):
    import sys
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).parent / "toy_plugin"))
    sys.modules.pop("govreport_toy", None)
    builtin = [_ep(n, v) for n, v in [("pipe", "govreport_plugins.pipe:PipeTablePlugin"),
                                       ("tsv", "govreport_plugins.tsv:TabSeparatedPlugin"),
                                       ("docx-export", "govreport_plugins.docx_export:DocxExportPlugin"),
                                       ("narrative", "govreport_plugins.narrative:NarrativePlugin")]]
    return Registry([*builtin, _ep("toy", "govreport_toy:ToyPlugin"), _ep("broken", "govreport_toy.broken:Nope")])


def test_builtins_come_from_entry_points():
    names = govreport.default_registry().names()
    assert {"pipe", "tsv", "docx-export", "narrative"} <= set(names)


def test_third_party_plugin_is_discovered_and_chosen_by_sniffing(registry):
    assert "toy" in registry.names()
    assert registry.guess(TOY).name == "toy"
    report = govreport.parse(TOY, registry=registry)
    assert report.format == "toy"
    assert report.active.row("licensing") == {"prev_items": 3, "change": 1, "decisions": 9}
    assert report.meta.year.value == 2020


def test_broken_plugin_is_skipped_and_reported(registry):
    assert "broken" not in registry.names()
    [failure] = registry.failures
    assert failure.name == "broken" and "broken on purpose" in failure.error
    report = govreport.parse(TOY, registry=registry)
    assert any(d.code == "GR003" and "broken" in d.message for d in report.diagnostics)


def test_named_format_overrides_and_unknown_name_lists_installed(registry):
    assert govreport.parse(TOY, format="toy-kv", registry=registry).format == "toy"
    with pytest.raises(UnknownFormatError) as err:
        govreport.parse(TOY, format="nope", registry=registry)
    assert "pipe" in str(err.value) and "toy" in str(err.value)


def test_nothing_recognised(registry):
    with pytest.raises(NoFormatError):
        govreport.parse("hello world\n", registry=registry)


def test_a_plugin_that_crashes_while_reading_becomes_a_plugin_error():
    class Crashing:
        name = "crash"

        def sniff(self, text):
            return 1.0

        def read(self, text):
            raise ZeroDivisionError("boom")

    reg = Registry([])
    reg.register(Crashing)
    with pytest.raises(PluginError) as err:
        govreport.parse("x", registry=reg, source="r.txt")
    assert "crash" in str(err.value) and "r.txt" in str(err.value)


def test_register_rejects_non_plugins():
    with pytest.raises(TypeError):
        Registry([]).register(object())


# --- one route, honest ranking, plugins that misbehave -------------------------------------

GOOD = render(make_report("2019", seed=1), "pipe")


def _plugin(name, score=0.0, read=None, **attrs):
    """A plugin class whose sniff returns ``score`` (or calls it) and whose read calls ``read``."""

    def sniff(self, source):
        return score(source) if callable(score) else score

    def read_(self, source):
        if read is None:
            return govreport.Document([])
        return read(source)

    return type(f"Plugin_{name}", (), {"name": name, "sniff": sniff, "read": read_, **attrs})


def _builtins():
    return Registry([_ep(n, v) for n, v in [("pipe", "govreport_plugins.pipe:PipeTablePlugin"),
                                             ("tsv", "govreport_plugins.tsv:TabSeparatedPlugin")]])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.5, 1.5, "0.9", None])
def test_a_sniff_that_is_no_score_counts_as_zero_and_is_reported(bad):
    reg = _builtins()
    reg.register(_plugin("liar", bad))
    report = govreport.parse(GOOD, registry=reg)
    assert report.format == "pipe"
    [diag] = [d for d in report.diagnostics if d.code == "GR007"]
    assert "'liar'" in diag.message and "counted as 0" in diag.message


def test_a_sniff_that_raises_is_recorded_with_the_plugins_name_and_the_others_still_work():
    def boom(source):
        raise RuntimeError("sniffer bug")

    reg = _builtins()
    reg.register(_plugin("crashy", boom))
    ranking = reg.rank(as_input(GOOD))
    [problem] = ranking.problems
    assert problem.plugin == "crashy" and "RuntimeError: sniffer bug" in problem.problem
    report = govreport.parse(GOOD, registry=reg)
    assert report.format == "pipe"
    assert any(d.code == "GR007" and "crashy" in d.message and "sniffer bug" in d.message for d in report.diagnostics)


def test_a_read_that_raises_hands_over_to_the_next_candidate_and_is_reported():
    def boom(source):
        raise KeyError("reader bug")

    reg = _builtins()
    reg.register(_plugin("greedy", 1.0, boom))
    report = govreport.parse(GOOD, registry=reg)
    assert report.format == "pipe"
    [diag] = [d for d in report.diagnostics if d.code == "GR007"]
    assert "'greedy'" in diag.message and "reader bug" in diag.message and "'pipe'" in diag.message


def test_a_read_that_returns_no_document_is_a_plugin_error_naming_it():
    reg = Registry([])
    reg.register(_plugin("wrong-type", 1.0, lambda source: {"blocks": []}))
    with pytest.raises(PluginError) as err:
        govreport.parse(GOOD, registry=reg, source="r.txt")
    assert "'wrong-type'" in str(err.value) and "dict" in str(err.value) and "r.txt" in str(err.value)


def test_two_plugins_with_one_name_keep_the_first_and_report_the_second(monkeypatch, tmp_path):
    import sys

    module = tmp_path / "dup_plugins.py"
    module.write_text("from govreport_plugins.pipe import PipeTablePlugin\n"
                      "class Impostor(PipeTablePlugin):\n    description = 'the impostor'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("dup_plugins", None)
    reg = Registry([_ep("pipe", "govreport_plugins.pipe:PipeTablePlugin"), _ep("zzz", "dup_plugins:Impostor")])
    assert reg.get("pipe").description != "the impostor"
    [failure] = reg.failures
    assert failure.kind == "duplicate" and failure.name == "pipe" and "dup_plugins:Impostor" in failure.origin
    report = govreport.parse(GOOD, registry=reg)
    assert any(d.code == "GR006" and "'pipe'" in d.message for d in report.diagnostics)
    with pytest.raises(ValueError):
        reg.register(_plugin("pipe"))


def test_ranking_score_then_file_name_then_priority_then_name():
    reg = Registry([])
    reg.register(_plugin("b-plain", 0.5))
    reg.register(_plugin("a-plain", 0.5))
    reg.register(_plugin("c-priority", 0.5, priority=5))
    reg.register(_plugin("d-named", 0.5, filenames=("*.KV",)))
    reg.register(_plugin("e-best", 0.6))

    def order(filename):
        inp = open_input("x\n", source=filename)[0]
        return [c.info.name for c in reg.rank(inp).candidates]

    assert order("report.kv") == ["e-best", "d-named", "c-priority", "a-plain", "b-plain"]
    assert order("report.txt") == ["e-best", "c-priority", "a-plain", "b-plain", "d-named"]
    assert order("<string>") == order("report.txt")


@given(st.lists(st.tuples(st.sampled_from([0.0, 0.3, 0.5, 0.5000001, 0.9, 1.0]), st.integers(-2, 2), st.booleans()),
                min_size=1, max_size=8),
       st.data())
def test_the_ranking_is_in_rank_key_order_whatever_the_registration_order(plugins, data):
    """The sort the ranking does (tie-break order made once, then a stable sort by score and
    file-name match) gives the order that Candidate.rank_key spells out, for plugins registered
    in any order, and again after one more is registered."""
    specs = [(f"p{n}", score, priority, ("*.kv",) if named else ()) for n, (score, priority, named) in enumerate(plugins)]
    order = data.draw(st.permutations(specs))
    reg = Registry([])
    for name, score, priority, filenames in order[:-1]:
        reg.register(_plugin(name, score, priority=priority, filenames=filenames))
    inp = open_input("x\n", source="report.kv")[0]
    if len(order) > 1:
        reg.rank(inp)  # a ranking before the last registration: the tie-break order is made again
    name, score, priority, filenames = order[-1]
    reg.register(_plugin(name, score, priority=priority, filenames=filenames))
    for source in ("report.kv", "<string>"):
        candidates = reg.rank(open_input("x\n", source=source)[0]).candidates
        assert list(candidates) == sorted(candidates, key=lambda c: c.rank_key())
        assert sorted(c.info.name for c in candidates) == sorted(s[0] for s in specs)


def test_every_plugin_sniffs_the_same_input_no_routing_before_sniffing():
    seen = []

    def record(source):
        seen.append((type(source).__name__, source.data, source.filename, str(source)))
        return 0.0

    reg = _builtins()
    reg.register(_plugin("spy", record))
    html_like = "<p>x</p>\n" + GOOD  # a text plugin still competes with markup in the text
    govreport.parse(html_like.encode("utf-8"), registry=reg, source="dir/r.txt")
    [(kind, data, filename, text)] = seen
    assert kind == "ReportInput" and data == html_like.encode("utf-8") and filename == "r.txt"
    assert text.startswith("<p>x</p>\n")


def test_old_style_plugins_still_work_text_and_bytes():
    class OldText:
        name = "old-text"

        def sniff(self, text):
            assert isinstance(text, str)
            return 0.99 if text.startswith("@old") else 0.0

        def read(self, text):
            return govreport.Document([govreport.Paragraph("2020年政府信息公开工作年度报告", 2)])

    class OldBytes:
        name = "old-bytes"
        binary = True

        def sniff(self, data):
            assert isinstance(data, bytes)
            return 0.99 if data.startswith(b"OLDB") else 0.0

        def read(self, data):
            assert isinstance(data, bytes)
            return govreport.Document([govreport.Paragraph("2021年政府信息公开工作年度报告", 1)])

    reg = Registry([])
    reg.register(OldText)
    reg.register(OldBytes)
    assert govreport.parse("@old\nx\n", registry=reg).meta.year.value == 2020
    assert govreport.parse(b"OLDB\x00\xff\xfe binary", registry=reg).meta.year.value == 2021
    assert govreport.parse("OLDB as text", registry=reg).format == "old-bytes"


def test_html_given_as_text_is_not_decoded_twice():
    from sources import to_html

    report = make_report("2019", seed=3)
    page = to_html(report, charset="gbk").decode("gb18030")  # text that says charset=gbk
    back = govreport.parse(page)
    assert back.format == "html"
    assert cell_values(back) == cell_values(report)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_parse_file_refuses_a_fifo_before_reading(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(GovReportError) as err:
        govreport.parse_file(fifo)  # would block for ever if it were opened for reading
    assert "FIFO" in str(err.value) and str(fifo) in str(err.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_parse_file_refuses_a_device_before_reading():
    with pytest.raises(GovReportError) as err:
        govreport.parse_file("/dev/zero")  # would read until memory runs out
    assert "character device" in str(err.value) and "/dev/zero" in str(err.value)


def test_parse_file_refuses_a_folder(tmp_path):
    with pytest.raises(GovReportError) as err:
        govreport.parse_file(tmp_path)
    assert "folder" in str(err.value)


def test_formats_command_shows_ranking_hints_renderers_and_problems(monkeypatch, capsys):
    from govreport import cli

    def boom(source):
        raise RuntimeError("sniffer bug")

    def bad_read(source):
        raise IndexError("reader bug")

    reg = _builtins()
    reg.failures.append(PluginFailure("pipe", "other-dist 1.0 (x:Y)", "the name 'pipe' is already taken",
                                      kind="duplicate"))
    reg.failures.append(PluginFailure("broken", "broken-dist 0.1 (b:B)", "ImportError: nope"))
    reg.failures.append(PluginFailure("province", "prov:SPEC", "it refines 'x', which is not registered",
                                      kind="template"))
    reg.register(_plugin("crashy", boom, filenames=("*.cr",), priority=3))
    reg.register(_plugin("bad-reader", 0.0, bad_read))
    monkeypatch.setattr(cli, "default_registry", lambda: reg)
    assert cli.main(["formats"]) == 0
    out = capsys.readouterr().out
    blocks = {b.split()[0]: b for b in out.split("\n") if b and not b.startswith(" ")}
    assert set(blocks) == {"pipe", "tsv", "crashy", "bad-reader", "broken", "province", "templates"}
    assert blocks["templates"].split()[1:] == ["2019,", "2021"]
    assert "TEMPLATE NOT USED: it refines 'x'" in blocks["province"]
    assert "*.cr" in out and "priority 3" in out and "writes (2019, 2021)" in out
    assert "DUPLICATE NAME" in out and "other-dist" in out
    assert "FAILED TO LOAD" in out and "nope" in out
    lines = out.split("\n")
    verdict = {lines[i].split()[0]: next(ln for ln in lines[i + 1:] if "contract" in ln.lower())
               for i, ln in enumerate(lines) if ln and not ln.startswith(" ") and "FAILED" not in ln
               and "DUPLICATE" not in ln and "TEMPLATE" not in ln and not ln.startswith("templates")}
    assert "contract: ok" in verdict["tsv"]
    assert "CONTRACT BROKEN" in verdict["pipe"] and "same name (other-dist" in verdict["pipe"]
    assert "CONTRACT BROKEN" in verdict["crashy"] and "sniff raised RuntimeError: sniffer bug" in verdict["crashy"]
    assert "CONTRACT BROKEN" in verdict["bad-reader"] and "IndexError: reader bug" in verdict["bad-reader"]
    assert cli.main(["formats", "--quick"]) == 0
    assert "contract" not in capsys.readouterr().out


class BytesWriter:
    name = "bytes-writer"
    render_templates = ("2019",)

    def sniff(self, source):
        return 0.0

    def read(self, source):
        return govreport.Document([])

    def render(self, report):
        return b"\x00binary " + report.meta.agency.value.encode("utf-8")


def test_render_lists_and_uses_any_plugin_that_writes(monkeypatch, capfdbinary, tmp_path):
    from govreport import cli

    reg = _builtins()
    reg.register(BytesWriter)
    monkeypatch.setattr(cli, "default_registry", lambda: reg)
    report = make_report("2019", seed=2)
    path = tmp_path / "r.txt"
    path.write_text(render(report, "tsv", registry=reg), encoding="utf-8")
    assert cli.main(["render", str(path), "--to", "pipe"]) == 0
    parsed = govreport.parse_file(path, registry=reg)
    assert capfdbinary.readouterr().out.decode("utf-8") == render(parsed, "pipe", registry=reg)
    assert cli.main(["render", str(path), "--to", "bytes-writer"]) == 0
    assert capfdbinary.readouterr().out == b"\x00binary " + report.meta.agency.value.encode("utf-8")
    assert cli.main(["render", str(path), "--to", "nope"]) == 2
    err = capfdbinary.readouterr().err.decode("utf-8")
    assert "bytes-writer, pipe, tsv" in err


def test_render_names_the_writers_when_a_layout_cannot_be_written():
    reg = _builtins()
    reg.register(_plugin("reader-only", 0.0))
    with pytest.raises(UnknownFormatError) as err:
        render(make_report("2019"), "reader-only", registry=reg)
    assert "pipe, tsv" in str(err.value)


def test_broken_third_party_plugins_through_entry_points_are_each_reported_and_the_others_work(monkeypatch, capsys):
    """The issue's 'done when': a sniff that raises, a read that raises and two plugins with one
    name, installed through entry points, are each named by `govreport formats` and on parsed
    reports, and every other plugin still works."""
    import sys
    from pathlib import Path

    from govreport import cli

    monkeypatch.syspath_prepend(str(Path(__file__).parent / "toy_plugin"))
    sys.modules.pop("govreport_toy", None)
    reg = Registry([_ep("pipe", "govreport_plugins.pipe:PipeTablePlugin"), _ep("toy", "govreport_toy:ToyPlugin"),
                    _ep("toy-sniff-raises", "govreport_toy:SniffRaises"),
                    _ep("toy-read-raises", "govreport_toy:ReadRaises"), _ep("toy2", "govreport_toy:SameName")])
    toy = govreport.parse(TOY, registry=reg)
    assert toy.format == "toy" and toy.active.row("licensing") == {"prev_items": 3, "change": 1, "decisions": 9}
    codes = {d.code: d.message for d in toy.diagnostics if d.code in ("GR006", "GR007")}
    messages = " ".join(d.message for d in toy.diagnostics)
    assert "toy-sniff-raises" in messages and "toy sniffer bug" in messages
    assert "toy-read-raises" in messages and "toy reader bug" in messages and "read by 'toy' instead" in messages
    assert "GR006" in codes and "'toy'" in codes["GR006"] and "govreport_toy:SameName" in codes["GR006"]
    pipe = govreport.parse(GOOD, registry=reg)
    assert pipe.format == "pipe" and cell_values(pipe) == cell_values(govreport.parse(GOOD))

    monkeypatch.setattr(cli, "default_registry", lambda: reg)
    assert cli.main(["formats"]) == 0
    out = capsys.readouterr().out
    assert "sniff raised RuntimeError: toy sniffer bug" in out
    assert "read raised ZeroDivisionError: toy reader bug" in out
    assert "DUPLICATE NAME" in out and "govreport_toy:SameName" in out


def test_a_lone_string_of_file_names_is_one_pattern_not_its_characters():
    reg = Registry([])
    info = reg.register(_plugin("md", 0.5, filenames="*.md", aliases="markdown-ish"))
    assert info.filenames == ("*.md",) and info.aliases == ("markdown-ish",)
    assert not info.matches_filename("report.txt") and info.matches_filename("REPORT.MD")


def test_when_every_candidate_fails_the_error_names_each_plugin():
    def boom(source):
        raise KeyError("reader bug")

    reg = Registry([])
    reg.register(_plugin("first", 0.9, boom))
    reg.register(_plugin("second", 0.5, lambda source: None))
    with pytest.raises(PluginError) as err:
        govreport.parse("some text\n", registry=reg, source="r.txt")
    message = str(err.value)
    assert "'first' failed: KeyError" in message and "'second' returned NoneType" in message and "r.txt" in message


def test_an_older_plugin_returning_a_report_still_parses_and_breaks_the_contract():
    from govreport.testing import check_plugin_contract

    made = make_report("2019", seed=4)

    class Finished:
        name = "finished"

        def sniff(self, text):
            return 0.9 if text.startswith("@finished") else 0.0

        def read(self, text):
            return made

    reg = Registry([])
    reg.register(Finished)
    assert govreport.parse("@finished\n", registry=reg) is made
    with pytest.raises(AssertionError, match="returned Report, not a Document"):
        check_plugin_contract("finished", registry=reg)
