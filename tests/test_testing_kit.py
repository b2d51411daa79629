"""The plugin test kit itself (govreport.testing): each check passes on a good plugin and fails,
naming the plugin and the input, on one that breaks the contract."""

import json

import pytest

import govreport
from govreport.registry import Registry
from govreport.render import render
from govreport.testing import (
    check_golden,
    check_placement_damage,
    check_plugin_contract,
    check_round_trip,
    expected_of,
    golden_files,
    golden_reading,
    make_report,
    read_golden,
    score_folder,
    write_golden,
)
from govreport.testing.goldens import GoldenUpdateRefused
from govreport_plugins.pipe import PipeTablePlugin
from govreport_plugins.tsv import TabSeparatedPlugin

pytest_plugins = ["pytester"]


def _registry(*plugins):
    reg = Registry([])
    for p in (PipeTablePlugin, TabSeparatedPlugin, *plugins):
        reg.register(p)
    return reg


class NanSniffer:
    name = "nan"

    def sniff(self, source):
        return float("nan")

    def read(self, source):
        return govreport.Document([])


class CrashingReader:
    name = "crash"

    def sniff(self, source):
        return 0.0

    def read(self, source):
        return source.split("\n")[99]  # IndexError on short inputs


class ZeroColumns:
    name = "zero-columns"

    def sniff(self, source):
        return 0.0

    def read(self, source):
        return govreport.Document([govreport.Grid([govreport.GridRow([govreport.GridCell("规章", 1, 0)], 1)])])


@pytest.mark.parametrize("plugin, complaint", [(NanSniffer, "not a finite number"),
                                               (CrashingReader, "IndexError"),
                                               (ZeroColumns, "1-based")])
def test_contract_check_catches_a_broken_plugin_and_names_it(plugin, complaint):
    with pytest.raises(AssertionError) as err:
        check_plugin_contract(plugin.name, registry=_registry(plugin))
    assert f"plugin {plugin.name!r}" in str(err.value) and complaint in str(err.value)


def test_contract_check_passes_on_a_built_in_plugin():
    check_plugin_contract("tsv", registry=_registry())


class LossyPipe(PipeTablePlugin):
    """Writes every value of 0 as a blank: the round trip must notice."""

    name = "lossy-pipe"
    priority = 1  # outranks pipe on equal scores, so sniffing picks it

    def render(self, report):
        return super().render(report).replace(" | 0 |", " |  |")


def test_round_trip_check_catches_a_lossy_writer():
    reg = _registry(LossyPipe)
    check_round_trip("pipe", registry=_registry(), max_examples=3)
    with pytest.raises(AssertionError, match="round trip changed values"):
        check_round_trip("lossy-pipe", registry=reg, max_examples=10, shrink=False)


class WrongCellWriter(PipeTablePlugin):
    """Writes blanks as 0: a blanked cell comes back as a number, the worst outcome."""

    name = "zero-filler"
    priority = 1

    def render(self, report):
        return super().render(report).replace(" |  |", " | 0 |")


def test_placement_damage_check_catches_a_writer_that_invents_values():
    reg = _registry(WrongCellWriter)
    check_placement_damage("pipe", registry=_registry(), max_examples=3)
    with pytest.raises(AssertionError, match="blanked cell"):
        check_placement_damage("zero-filler", registry=reg, max_examples=10, shrink=False)


def _golden(tmp_path, text):
    path = tmp_path / "r.golden"
    write_golden(path, text, golden_reading(text))
    return path


def test_golden_file_round_trip_and_mismatch_diff(tmp_path):
    text = render(make_report("2019", seed=2), "tsv")
    path = _golden(tmp_path, text)
    assert golden_files(tmp_path) == [path]
    assert read_golden(path)[0] == text
    check_golden(path)
    changed = path.read_text(encoding="utf-8").replace('"active.regulations.new_made": ', '"active.regulations.new_made": 9')
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(AssertionError) as err:
        check_golden(path)
    assert "active.regulations.new_made" in str(err.value) and "---" in str(err.value)


def test_update_goldens_rewrites_only_the_expected_part_and_is_refused_under_ci(tmp_path, monkeypatch):
    text = render(make_report("2021", seed=4), "pipe")
    path = tmp_path / "new.golden"
    path.write_text("---input---\n" + text, encoding="utf-8")  # a new golden: input only
    monkeypatch.setenv("CI", "true")
    with pytest.raises(AssertionError, match="--update-goldens"):
        check_golden(path)
    with pytest.raises(GoldenUpdateRefused):
        check_golden(path, update=True)
    monkeypatch.delenv("CI")
    with pytest.warns(UserWarning, match="golden file updated"):
        check_golden(path, update=True)
    got_input, expected = read_golden(path)
    assert got_input == text
    assert json.loads(expected)["format"] == "pipe"
    check_golden(path)


def test_a_golden_records_a_library_error_as_the_expected_reading(tmp_path):
    path = _golden(tmp_path, "hello\n")
    assert json.loads(read_golden(path)[1]) == {"error": "NoFormatError: no installed format plugin recognises "
                                                         "this text"}
    check_golden(path)


def test_update_goldens_option_is_refused_under_ci(pytester, monkeypatch):
    pytester.makepyfile("def test_nothing():\n    pass\n")
    monkeypatch.setenv("CI", "1")
    result = pytester.runpytest_subprocess("--update-goldens")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*--update-goldens is refused under CI*"])


def test_score_folder_counts_right_wrong_missing_and_crashed(tmp_path):
    expected = tmp_path / "expected"
    expected.mkdir()
    for n, layout in enumerate(["pipe", "tsv", "docx-export"]):
        report = make_report("2019", seed=n)
        (tmp_path / f"r{n}.txt").write_text(render(report, layout), encoding="utf-8")
        (expected / f"r{n}.json").write_text(json.dumps({"id": f"r{n}", **expected_of(report)}), encoding="utf-8")
    assert score_folder(tmp_path).perfect
    want = json.loads((expected / "r1.json").read_text(encoding="utf-8"))
    want["cells"]["active.regulations.new_made"] += 1  # the hand-checked value says otherwise
    want["cells"]["applications.denied.state_secret.nope"] = 3
    (expected / "r1.json").write_text(json.dumps(want), encoding="utf-8")
    (tmp_path / "r2.txt").write_bytes(b"\x00\x01 not a report")
    score = score_folder(tmp_path)
    assert (score.wrong, score.missing, score.crashed) == (1, 1, 1)
    assert "active.regulations.new_made: got" in score.report() and "r2: CRASH" in score.report()


def test_a_golden_without_diagnostics_compares_values_only(tmp_path):
    text = render(make_report("2019", seed=9), "tsv").replace("属于国家秘密", "属于国际秘密")  # a typo: GR101
    reading = golden_reading(text)
    assert reading["diagnostics"]
    del reading["diagnostics"]
    path = tmp_path / "values-only.golden"
    write_golden(path, text, reading)
    check_golden(path)
    reading["cells"]["active.regulations.new_made"] = -1
    write_golden(path, text, reading)
    with pytest.raises(AssertionError):
        check_golden(path)


class OldStyleBytes:
    """The older form: binary = True, sniff(bytes)/read(bytes); it must get bytes for text too."""

    name = "old-bytes"
    binary = True

    def sniff(self, data):
        assert isinstance(data, bytes), type(data)
        return 0.0

    def read(self, data):
        assert isinstance(data, bytes), type(data)
        return govreport.Document([])


def test_contract_check_gives_an_old_style_binary_plugin_bytes():
    check_plugin_contract("old-bytes", registry=_registry(OldStyleBytes))
