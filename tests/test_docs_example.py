"""The plugin example of the docs (docs/examples/kv_plugin): installed, discovered, parses its
sample and gets its cells right. CI installs it; elsewhere its entry point is faked."""

import json
import os
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest

import govreport
from govreport.registry import ENTRY_POINT_GROUP, Registry, default_registry

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "kv_plugin"


def _installed() -> bool:
    return any(ep.name == "kv" for ep in entry_points(group=ENTRY_POINT_GROUP))


@pytest.fixture
def registry(monkeypatch):
    if _installed():
        return default_registry()
    if os.environ.get("CI"):
        pytest.fail("CI must install docs/examples/kv_plugin (see .ci/run)")
    monkeypatch.syspath_prepend(str(EXAMPLE))
    sys.modules.pop("govreport_kv", None)
    eps = [ep for ep in entry_points(group=ENTRY_POINT_GROUP)] + [EntryPoint("kv", "govreport_kv:KeyValuePlugin",
                                                                             ENTRY_POINT_GROUP)]
    return Registry(eps)


def test_example_plugin_is_discovered_and_scores_its_sample(registry):
    assert "kv" in registry.names()
    sample = EXAMPLE / "sample.txt"
    report = govreport.parse((sample).read_bytes(), registry=registry, source=str(sample))
    assert report.format == "kv"
    expected = json.loads((EXAMPLE / "sample.expected.json").read_text(encoding="utf-8"))
    for key, value in expected["meta"].items():
        assert report.meta.field(key).value == value, key
    for key, value in expected["cells"].items():
        assert report.value(key) == value, key


def test_example_plugin_refuses_other_layouts(registry, fixture_text):
    from govreport.normalize import normalize

    plugin = registry.get("kv").plugin
    for name in ("pipe_hant_2019.txt", "tsv_shift_2019.txt", "docx_2021_split.txt"):
        assert plugin.sniff(normalize(fixture_text(name)).text) < 0.2
