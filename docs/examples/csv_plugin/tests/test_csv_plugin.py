"""The CSV plugin's tests, written the way any plugin package can: through govreport.testing,
against the plugin as installed (its entry point), among every other installed plugin."""

from pathlib import Path

import pytest

import govreport
from govreport.testing import (
    check_golden,
    check_placement_damage,
    check_plugin_contract,
    check_round_trip,
    fuzz_plugin_contract,
    golden_files,
    make_report,
    score_folder,
)

HERE = Path(__file__).parent


def test_installed_through_its_entry_point():
    info = govreport.default_registry().get("csv")
    assert info.origin.startswith("govreport-csv ")
    assert info.renders and info.filenames == ("*.csv",)


def test_contract():
    check_plugin_contract("csv")
    fuzz_plugin_contract("csv", max_examples=40)


def test_round_trip():
    check_round_trip("csv", max_examples=15)


def test_placement_damage():
    check_placement_damage("csv", max_examples=15)


@pytest.mark.parametrize("path", golden_files(HERE / "goldens"), ids=lambda p: p.name)
def test_golden(path, update_goldens):
    check_golden(path, update=update_goldens)


def test_samples_score_against_the_values_they_were_written_from():
    """GB18030 and UTF-8 files with CRLF line ends, scored like the project's own corpus."""
    score = score_folder(HERE / "samples")
    assert score.perfect and score.wrong == 0, score.report()


def test_comma_in_a_label_before_normalising_is_no_separator():
    text = govreport.render(make_report("2019", seed=3), "csv")
    assert "（区分处理的，只计这一情形，不计其他情形）" in text  # full-width commas stay inside the label
    assert govreport.parse(text).format == "csv"


def test_other_layouts_are_not_claimed():
    report = make_report("2021", seed=8)
    for layout in ("pipe", "tsv", "docx-export"):
        assert govreport.parse(govreport.render(report, layout)).format == layout
