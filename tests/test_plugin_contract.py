"""The plugin contract over every installed plugin, built-in or third-party (whatever this
environment has installed: CI installs the documentation's example plugins too)."""

import pytest

from govreport.registry import default_registry
from govreport.testing import check_placement_damage, check_plugin_contract, check_round_trip, fuzz_plugin_contract

INSTALLED = default_registry()
NAMES = [info.name for info in INSTALLED]
WRITERS = [info.name for info in INSTALLED.renderers()]
TABLE_WRITERS = [info.name for info in INSTALLED.renderers() if {"2019", "2021"} & set(info.render_templates)]


def test_names_are_unique_and_nothing_failed_to_load():
    assert len(NAMES) == len(set(NAMES))
    assert INSTALLED.failures == []


@pytest.mark.parametrize("name", NAMES)
def test_contract(name):
    check_plugin_contract(name)


@pytest.mark.parametrize("name", NAMES)
def test_contract_on_random_inputs(name):
    fuzz_plugin_contract(name, max_examples=30)


@pytest.mark.parametrize("name", WRITERS)
def test_round_trip(name):
    check_round_trip(name, max_examples=10)


@pytest.mark.parametrize("name", TABLE_WRITERS)
def test_placement_damage(name):
    check_placement_damage(name, max_examples=10)


def test_the_library_does_not_import_the_test_kit_or_its_tools():
    import subprocess
    import sys

    code = ("import sys, govreport; govreport.parse('2020年政府信息公开工作年度报告\\n规章\\t0\\t0\\t0\\n' * 6); "
            "print(sorted(m for m in ('hypothesis', 'pytest', 'govreport.testing') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
