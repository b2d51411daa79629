"""The plugin test kit: test a format plugin the way govreport tests its own layouts.

Usable from a plugin package's own pytest (``pip install govreport[test]`` brings pytest and
Hypothesis; the library itself never imports them)::

    from pathlib import Path

    import pytest
    from govreport.testing import (check_golden, check_placement_damage, check_plugin_contract,
                                   check_round_trip, golden_files, score_folder)

    HERE = Path(__file__).parent

    def test_contract():
        check_plugin_contract("my-layout")           # sniff total and in 0..1, read gives Documents

    @pytest.mark.parametrize("path", golden_files(HERE / "goldens"), ids=lambda p: p.name)
    def test_golden(path, update_goldens):           # `pytest --update-goldens` rewrites them
        check_golden(path, update=update_goldens)

    def test_round_trip():                           # plugins that render(report)
        check_round_trip("my-layout")
        check_placement_damage("my-layout")

    def test_samples():
        score = score_folder(HERE / "samples")       # samples/<id>.txt + samples/expected/<id>.json
        assert score.wrong == 0, score.report()

What is where: :mod:`.contract` (the plugin contract), :mod:`.goldens` (golden files),
:mod:`.properties` (Hypothesis properties), :mod:`.scoring` (expected values),
:mod:`.reports` (random reports whose arithmetic balances), :mod:`.pytest_plugin` (the option).
"""

from __future__ import annotations

from typing import Any

from .contract import check_document, check_plugin_contract, standard_inputs
from .goldens import check_golden, golden_files, golden_reading, read_golden, write_golden
from .reports import cell_values, make_report, report_values
from .scoring import FolderScore, ReportScore, expected_of, score_folder, score_report

_NEEDS_HYPOTHESIS = {"check_round_trip": "properties", "check_placement_damage": "properties",
                     "reports": "properties", "fuzz_plugin_contract": "contract"}


def __getattr__(name: str) -> Any:
    # The Hypothesis-based checks are imported on first use, so scoring and golden files work
    # where Hypothesis is not installed.
    if name in _NEEDS_HYPOTHESIS:
        from importlib import import_module

        return getattr(import_module(f".{_NEEDS_HYPOTHESIS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FolderScore",
    "ReportScore",
    "cell_values",
    "check_document",
    "check_golden",
    "check_placement_damage",
    "check_plugin_contract",
    "check_round_trip",
    "expected_of",
    "fuzz_plugin_contract",
    "golden_files",
    "golden_reading",
    "make_report",
    "read_golden",
    "report_values",
    "reports",
    "score_folder",
    "score_report",
    "standard_inputs",
    "write_golden",
]
