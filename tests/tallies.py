"""The one way a property module shows what it counted (a null rate, a share recovered).

A property that allows nulls counts them, and the count is worth seeing in every run, not only
when a test fails: it is written on pytest's terminal after the module's tests, past the output
capture, so ``pytest -q`` shows it too.
"""

from __future__ import annotations

import pytest


def show_after_tests(request: pytest.FixtureRequest, line: str) -> None:
    """Write ``line`` on pytest's terminal (or standard output when run without one)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(line)
