"""The example plugin's own tests, through govreport's plugin test kit (govreport.testing),
run from this package as a third party would run them."""

import json
from pathlib import Path

import pytest

import govreport
from govreport.testing import check_golden, check_plugin_contract, fuzz_plugin_contract, golden_files, score_report

HERE = Path(__file__).parent
PACKAGE = HERE.parent


def test_installed_through_its_entry_point():
    assert govreport.default_registry().get("kv").origin.startswith("govreport-kv ")


def test_contract():
    check_plugin_contract("kv")
    fuzz_plugin_contract("kv", max_examples=40)


@pytest.mark.parametrize("path", golden_files(HERE / "goldens"), ids=lambda p: p.name)
def test_golden(path, update_goldens):
    check_golden(path, update=update_goldens)


def test_sample_against_its_hand_checked_values():
    report = govreport.parse_file(PACKAGE / "sample.txt")
    expected = json.loads((PACKAGE / "sample.expected.json").read_text(encoding="utf-8"))
    score = score_report(report, expected, id="sample")
    assert report.format == "kv"
    assert not score.wrong and not score.missing, score.line()
