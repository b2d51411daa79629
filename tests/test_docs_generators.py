"""The generated parts of the documentation site (docs/docsgen): the CLI reference reports
every gap, the API reference has each module once, the example plugins are discoverable."""

import argparse
import os
import sys
from importlib import metadata
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path.insert(0, str(DOCS))

from docsgen import api_pages, example_plugins  # noqa: E402
from docsgen.cli_reference import EXAMPLES, cli_reference  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tool", description="A tool.")
    sub = p.add_subparsers(dest="command")
    sp = sub.add_parser("parse", help="read files")
    sp.add_argument("files", nargs="+", metavar="FILE", help="the files")
    sp.add_argument("--indent", type=int)  # no help: a gap
    sub.add_parser("unknown", help="a command without an example")
    return p


def test_cli_reference_reports_options_without_help_and_commands_without_example():
    ran = []
    page, gaps = cli_reference(_parser(), lambda command: ran.append(command) or "output\n")
    assert sorted(map(str, gaps)) == [
        "tool parse: `--indent INDENT` has no help text (add help= in govreport/cli.py)",
        "tool unknown: no example (add one to docs/docsgen/cli_reference.py)",
    ]
    assert ran == [EXAMPLES["parse"]]
    assert f"$ {EXAMPLES['parse']}\noutput\n```" in page
    assert "| `FILE` ... | the files |" in page


def test_every_command_of_govreport_has_an_example():
    from govreport.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) == set(EXAMPLES)


def test_api_reference_has_every_public_module_once():
    names = [page.name for page in api_pages.module_pages()]
    assert len(names) == len(set(names))
    assert {"govreport.model", "govreport.blocks", "govreport.template"} <= set(names)
    assert not [n for n in names if any(part.startswith("_") for part in n.split("."))]
    assert "govreport" not in names  # the package's names are documented in their modules


def test_example_plugins_become_discoverable(monkeypatch):
    # setenv, not delenv: delenv of an unset variable records nothing to undo, and the marker
    # make_discoverable writes would outlive this test (the docs examples then found their
    # plugins "already discoverable" and could not import them)
    monkeypatch.setenv("GOVREPORT_DOCS_PLUGIN_PATH", "")
    monkeypatch.setattr(example_plugins, "_installed", lambda name: False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", "")
    added = example_plugins.make_discoverable()
    found = {ep.name: ep.value for ep in metadata.entry_points(group="govreport.formats")}
    assert found["semicolon"] == "govreport_semicolon:SemicolonPlugin"
    assert found["kv"] == "govreport_kv:KeyValuePlugin"
    assert added[-1] in sys.path and added[-1] in os.environ["PYTHONPATH"]


def test_example_plugins_are_put_back_on_a_path_that_lost_them(monkeypatch):
    # A marker left by an earlier call whose sys.path was given back since is no reason to
    # add nothing: the folders are added again.
    monkeypatch.setattr(example_plugins, "_installed", lambda name: False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", "")
    monkeypatch.setenv("GOVREPORT_DOCS_PLUGIN_PATH", os.pathsep.join(["/nowhere/semicolon_plugin", "/nowhere/meta"]))
    added = example_plugins.make_discoverable()
    assert added and all(folder in sys.path for folder in added)
    assert example_plugins.make_discoverable() == []  # and once on the path, idempotent


def test_sphinx_roles_become_cross_references_or_plain_code(tmp_path):
    griffe = __import__("pytest").importorskip("griffe", reason="the docs extra is not installed")
    from docsgen.griffe_sphinx_roles import SphinxRoles

    package = tmp_path / "govreport"
    package.mkdir()
    (package / "__init__.py").write_text('"""The package: :mod:`.model`."""\n', encoding="utf-8")
    (package / "model.py").write_text(
        'class Report:\n'
        '    """See :meth:`validate`, :class:`~govreport.model.Cell`, :func:`_hidden` and :class:`Nowhere`."""\n'
        '    def validate(self): ...\n'
        'class Cell: ...\n'
        'def _hidden(): ...\n', encoding="utf-8")
    loader = griffe.GriffeLoader(search_paths=[str(tmp_path)], extensions=griffe.load_extensions(SphinxRoles))
    pkg = loader.load("govreport")
    assert pkg.docstring.value == "The package: [`model`][govreport.model]."
    assert pkg["model.Report"].docstring.value == (
        "See [`validate`][govreport.model.Report.validate], [`Cell`][govreport.model.Cell], `_hidden` and `Nowhere`.")
