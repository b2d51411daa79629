"""Run every fenced example of a page and compare its output with what the page shows.

Three kinds of block are examples:

* ``pycon``: a Python session (``>>>`` and ``...`` prompts, then the output), run with
  doctest (``...`` in an output line matches anything, as in doctest's ELLIPSIS);
* ``console``: shell commands after ``$``, each followed by its output (stdout and stderr); an
  output line that is exactly ``...`` stands for any number of lines, ``...`` within a line for
  any text;
* ``python``: code without shown output; it must run without an exception.

A page's blocks run in order, in one Python namespace and one working folder holding a copy of
the repository's ``examples/`` and ``docs/examples/``, so a page reads as a session: what a
block writes, a later block reads. A block right after the comment ``<!-- govreport:listing -->``
is only compiled (a sketch that needs the reader's own files). Other languages (``sh`` for
install commands, ``toml``, ``text``, ``json``...) are listings and are not run.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import ROOT

LISTING_MARK = "<!-- govreport:listing -->"
RUN_LANGUAGES = ("pycon", "console", "python")
#: Pages whose ``python`` blocks are sketches over the reader's own data (``paths``, a folder of
#: reports): compiled, not run. Their ``pycon`` and ``console`` examples are checked as everywhere.
SKETCH_PAGES = frozenset({"embedding.md", "plugins.md", "outputs.md", "cluster.md"})
#: Longest a single shown command may take before the page fails.
COMMAND_TIMEOUT_S = 120

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)"
                    r"^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Example:
    """One fenced block: its language, its text (dedented) and the page line of its first line."""

    language: str
    code: str
    line: int
    listing: bool


@dataclass(frozen=True)
class Failure:
    """An example whose run differs from the page."""

    page: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.what}"


def find_examples(markdown: str) -> list[Example]:
    """The page's fenced blocks of a language that is run, in order."""
    found = []
    for m in _FENCE.finditer(markdown):
        language = (m.group("info").split() or [""])[0].strip("{}.")
        if language not in RUN_LANGUAGES:
            continue
        indent = len(m.group("indent"))
        code = "".join(line[indent:] for line in m.group("body").splitlines(keepends=True))
        before = markdown[:m.start()].rstrip().rsplit("\n", 1)[-1].strip()
        found.append(Example(language, code, markdown.count("\n", 0, m.start()) + 2, before == LISTING_MARK))
    return found


def output_matches(expected: str, actual: str) -> bool:
    """``actual`` equals ``expected`` line by line (trailing spaces and blank lines aside), where an
    expected line ``...`` matches any number of lines and ``...`` within a line any text (a
    time, a path)."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line == "..." else _line_pattern(line) for line in _lines(expected))
    return re.fullmatch(pattern, "".join(line + "\n" for line in _lines(actual))) is not None


def _line_pattern(line: str) -> str:
    return r"[^\n]*".join(map(re.escape, line.split("..."))) + r"\n"


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.rstrip().splitlines()]
    return lines if any(lines) else []


def console_commands(code: str) -> Iterator[tuple[int, str, str]]:
    """``(offset, command, expected output)`` for each ``$`` line of a console block."""
    offset, command = 0, None
    output: list[str] = []
    for i, line in enumerate(code.splitlines()):
        if line.startswith("$ "):
            if command is not None:
                yield offset, command, "\n".join(output)
            offset, command, output = i, line[2:], []
        elif command is not None:
            output.append(line)
    if command is not None:
        yield offset, command, "\n".join(output)


class PageRun:
    """Runs one page's examples in order, in one namespace and one working folder."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.workdir = Path(tempfile.mkdtemp(prefix="govreport-docs-"))
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
        shutil.copytree(ROOT / "examples", self.workdir / "examples", ignore=ignore)
        shutil.copytree(ROOT / "docs" / "examples", self.workdir / "docs" / "examples", ignore=ignore)
        self.namespace: dict[str, object] = {"__name__": "__docs__"}
        bin_dir = str(Path(sys.executable).parent)
        self.env = {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
                    "PYTHONIOENCODING": "utf-8", "COLUMNS": "100", "LC_ALL": "C.UTF-8"}

    def run(self, markdown: str) -> list[Failure]:
        """Run every example of ``markdown``; the failures (empty when the page is right)."""
        failures: list[Failure] = []
        for example in find_examples(markdown):
            listing = example.listing or (example.language == "python" and self.page in SKETCH_PAGES)
            if listing:
                failures += self._compiles(example)
            elif example.language == "pycon":
                failures += self._pycon(example)
            elif example.language == "console":
                failures += self._console(example)
            else:
                failures += self._python(example)
        return failures

    @contextlib.contextmanager
    def _in_workdir(self) -> Iterator[None]:
        before = Path.cwd()
        os.chdir(self.workdir)
        try:
            yield
        finally:
            os.chdir(before)

    def _compiles(self, example: Example) -> list[Failure]:
        if example.language == "console":
            return []
        source = example.code
        if example.language == "pycon":
            source = "\n".join(e.source for e in doctest.DocTestParser().get_examples(example.code))
        try:
            compile(source, f"{self.page}:{example.line}", "exec")
        except SyntaxError as e:
            return [Failure(self.page, example.line + (e.lineno or 1) - 1, f"does not compile: {e.msg}")]
        return []

    def _pycon(self, example: Example) -> list[Failure]:
        test = doctest.DocTestParser().get_doctest(example.code, self.namespace, self.page, self.page,
                                                   example.line - 1)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
        report = io.StringIO()
        with self._in_workdir():
            result = runner.run(test, out=report.write, clear_globs=False)
        self.namespace.update(test.globs)  # DocTest works on a copy; later blocks see its names
        if not result.failed:
            return []
        return [Failure(self.page, example.line, "Python example differs from the page:\n" + report.getvalue())]

    def _console(self, example: Example) -> list[Failure]:
        failures = []
        for offset, command, expected in console_commands(example.code):
            actual = self.shell(command)
            if not output_matches(expected, actual):
                failures.append(Failure(self.page, example.line + offset,
                                        f"`$ {command}` printed\n{actual.rstrip()}\nbut the page shows\n{expected}"))
        return failures

    def shell(self, command: str) -> str:
        """Run a command line in the working folder; what it printed (stdout and stderr)."""
        try:
            done = subprocess.run(["bash", "-c", command], cwd=self.workdir, env=self.env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return f"<no output: still running after {COMMAND_TIMEOUT_S} s>"
        return done.stdout

    def _python(self, example: Example) -> list[Failure]:
        try:
            code = compile(example.code, f"{self.page}:{example.line}", "exec")
            with self._in_workdir(), contextlib.redirect_stdout(io.StringIO()):
                exec(code, self.namespace)
        except Exception:
            return [Failure(self.page, example.line, "Python example raised:\n" + traceback.format_exc(limit=-3))]
        return []

    def close(self) -> None:
        """Remove the working folder."""
        shutil.rmtree(self.workdir, ignore_errors=True)


def check_page(page: str, markdown: str) -> list[Failure]:
    """Run a page's examples in a fresh working folder; the failures."""
    run = PageRun(page)
    try:
        return run.run(markdown)
    finally:
        run.close()
