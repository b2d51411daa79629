"""pytest integration of the plugin test kit (loaded through the ``pytest11`` entry point).

Adds the ``--update-goldens`` option and the ``update_goldens`` fixture for
:func:`govreport.testing.check_golden`. The option is refused under CI (the ``CI`` environment
variable set): CI checks golden files, it never rewrites them.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("govreport").addoption(
        "--update-goldens", action="store_true", default=False,
        help="rewrite the ---expected--- part of govreport golden files from what is read now (refused under CI)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-goldens", default=False) and os.environ.get("CI"):
        raise pytest.UsageError("--update-goldens is refused under CI: golden files are checked there, not rewritten")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files (``--update-goldens``)."""
    return bool(request.config.getoption("--update-goldens"))
