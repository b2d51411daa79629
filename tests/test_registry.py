from importlib.metadata import EntryPoint

import pytest

import govreport
from govreport.errors import NoFormatError, PluginError, UnknownFormatError
from govreport.registry import ENTRY_POINT_GROUP, Registry

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
