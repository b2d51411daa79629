"""The CLI reference, written from ``govreport.cli.build_parser()`` when the site is built.

Every command gets its usage line, its options with their help texts, and one example that is
run at build time (the page shows what the command really prints). An option without a help
text, or a command without an example here, is a gap the build reports rather than hides.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

#: One example per command: the command line, run in a folder holding the repository's examples.
EXAMPLES: dict[str, str] = {
    "parse": "govreport parse examples/dongchuan-2020-tsv.txt --indent 2 | sed -n '1,12p'",
    "records": "govreport records examples/linjiang-2020-pipe.txt | sed -n '1,3p'",
    "check": "govreport check examples/linjiang-2020-pipe.txt",
    "render": "govreport render examples/dongchuan-2020-tsv.txt --to pipe | sed -n '20,26p'",
    "convert": "govreport convert examples/ -o reports.sqlite --jobs 1",
    "formats": "govreport formats",
}
#: Options every parser has, whose help argparse writes itself.
_IMPLICIT = ("-h", "--help", "--version")


@dataclass(frozen=True)
class Gap:
    """Something the reference cannot document: an option without help, a command without example."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return []


def _name(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The argument as ``--help`` writes it (``-o OUT, --output OUT``, ``--shape {long,wide}``, ``FILE``)."""
    written = parser._get_formatter()._format_action_invocation(action)
    return f"`{written}`" + (" ..." if action.nargs in ("+", "*") else "")


def _detail(action: argparse.Action) -> str:
    parts = []
    if action.choices is not None and not action.option_strings:
        parts.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        parts.append("required")
    if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings:
        parts.append(f"default `{action.default}`")
    return "; ".join(parts)


def _options(prog: str, parser: argparse.ArgumentParser, gaps: list[Gap]) -> list[str]:
    rows = ["| argument | what it does | values |", "|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if any(o in _IMPLICIT for o in action.option_strings):
            continue
        if not action.help:
            gaps.append(Gap(prog, f"{_name(parser, action)} has no help text (add help= in govreport/cli.py)"))
        rows.append(f"| {_name(parser, action)} | {(action.help or '').replace('|', '&#124;')} | {_detail(action)} |")
    return rows if len(rows) > 2 else []


def _usage(parser: argparse.ArgumentParser) -> str:
    return " ".join(parser.format_usage().removeprefix("usage: ").split())


def cli_reference(parser: argparse.ArgumentParser, run: Callable[[str], str]) -> tuple[str, list[Gap]]:
    """The reference's Markdown and the gaps found; ``run`` runs an example's command line and
    returns what it printed."""
    gaps: list[Gap] = []
    out = [f"```text\n{_usage(parser)}\n```\n", parser.description or "", ""]
    out += [*_options(parser.prog, parser, gaps), ""]
    for name, summary, sub in _subcommands(parser):
        out += [f"## `{parser.prog} {name}`\n", summary[:1].upper() + summary[1:] + ".\n",
                f"```text\n{_usage(sub)}\n```\n"]
        out += [*_options(sub.prog, sub, gaps), ""]
        if name not in EXAMPLES:
            gaps.append(Gap(sub.prog, "no example (add one to docs/docsgen/cli_reference.py)"))
            continue
        out += ["Example:\n", f"```console\n$ {EXAMPLES[name]}\n{run(EXAMPLES[name]).rstrip()}\n```\n"]
    return "\n".join(out), gaps
