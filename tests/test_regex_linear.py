"""Every regular expression govreport uses scans a long run of one character in linear time.

A pattern such as ``[,，]+$`` or ``[^\\S\\n]*\\n``, searched for, restarts at each character
of a long run that the rest of the pattern then rejects: quadratic in the run. Two such
patterns survived review in ``labels.py`` (a 20,000-space label cell took 2.5 s). So this
test does not list patterns: it collects every pattern the library compiles (module and class
attributes of every module of ``govreport`` and the built-in plugins, and every pattern
compiled while the fixtures of every layout are parsed) and, for each character the pattern
names plus a few common ones, compares the time of ``findall`` on runs of n and 4n of it in
one run (linear: ~4, quadratic: ~16).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import govreport
import govreport_plugins
from govreport.errors import GovReportError
from timing import fastest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
COMMON = " \t\n1一,，。:：(（)）、|-"
_META = set("\\^$.|?*+()[]{}")


def _modules(package: Any) -> Iterator[Any]:
    yield package
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name.endswith(".__main__"):  # importing it runs the CLI
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra (pyspark, dask...) not installed here
            continue


#: The pattern methods that try a match at every position of the text.
SEARCHING = {"search", "sub", "subn", "findall", "finditer", "split"}
#: Anchored: one attempt at one position, whatever the text's length.
ANCHORED = {"match", "fullmatch"}
OURS = ("govreport", "govreport_plugins")


def _attribute_patterns() -> dict[re.Pattern[Any], set[str]]:
    """Module and class attributes, with the methods their module's source calls on them."""
    found: dict[re.Pattern[Any], set[str]] = {}
    for package in (govreport, govreport_plugins):
        for module in _modules(package):
            source = Path(module.__file__ or "").read_text(encoding="utf-8")
            named: list[tuple[str, re.Pattern[Any]]] = []
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    named.append((name, value))
                elif isinstance(value, type) and value.__module__ == module.__name__:
                    named.extend((n, v) for n, v in vars(value).items() if isinstance(v, re.Pattern))
            for name, pattern in named:
                used = set(re.findall(rf"\b{re.escape(name)}\.(\w+)\(", source))
                # Used where the source does not show it (passed around, imported): as searched.
                found.setdefault(pattern, set()).update(used & (SEARCHING | ANCHORED) or {"search"})
    return found


def _compiled_while_parsing() -> dict[re.Pattern[Any], set[str]]:
    """Patterns that govreport's own code compiles through ``re`` while the fixtures are parsed
    (``re.sub(r"...", ...)`` inside a function too), with the ``re`` function that compiled them."""
    found: dict[re.Pattern[Any], set[str]] = {}
    real = re._compile  # type: ignore[attr-defined]

    def recording(pattern: Any, flags: Any) -> Any:
        compiled = real(pattern, flags)
        frame = sys._getframe(1)
        method = "compile"
        while frame is not None and frame.f_globals.get("__name__") == "re":
            method, frame = frame.f_code.co_name, frame.f_back  # type: ignore[assignment]
        # Only the library's own patterns: lark's lexer matches its terminals anchored, once at
        # a token's start, and the standard library's patterns are not ours to change.
        if frame is not None and str(frame.f_globals.get("__name__", "")).startswith(OURS):
            found.setdefault(compiled, set()).add(method if method in ANCHORED else "search")
        return compiled

    re._compile = recording  # type: ignore[attr-defined]
    try:
        for path in [*sorted(FIXTURES.rglob("*")), *sorted(EXAMPLES.glob("*"))]:
            if path.is_file() and path.suffix not in (".json", ".pdf"):
                try:
                    govreport.parse_file(path)
                except GovReportError:
                    pass
    finally:
        re._compile = real  # type: ignore[attr-defined]
    return found


def _all_patterns() -> dict[re.Pattern[Any], set[str]]:
    found = _attribute_patterns()
    for pattern, used in _compiled_while_parsing().items():
        found.setdefault(pattern, set()).update(used)
    return found


def _source(pattern: re.Pattern[Any]) -> str:
    text = pattern.pattern
    return text.decode("latin-1") if isinstance(text, bytes) else text


def _characters(pattern: re.Pattern[Any]) -> list[str]:
    named = sorted({c for c in _source(pattern) if c not in _META and c.isprintable()} - set(COMMON))
    # A long character class (the width-folding table) names many characters that a pattern
    # treats alike: every k-th of them stands for the rest.
    return sorted(set(COMMON) | set(named[:: max(1, len(named) // 8)]))


def _runs(pattern: re.Pattern[Any], c: str) -> list[Callable[[int], Any]]:
    """Runs of ``c`` alone and of ``c`` with spaces, between characters that end a match."""
    def as_input(text: str) -> Any:
        return text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text

    return [lambda n: as_input("x" + c * n + "\x00"), lambda n: as_input("x" + (c + " ") * (n // 2) + "\x00")]


def _growth(scan: Callable[[Any], object], run_of: Callable[[int], Any], n: int) -> float:
    small, large = run_of(n), run_of(4 * n)
    return fastest(lambda: scan(large), 2) / max(fastest(lambda: scan(small), 2), 2e-6)


USES = _all_patterns()
PATTERNS = sorted(USES, key=lambda p: (_source(p), p.flags))


def test_the_collection_finds_the_library_s_patterns() -> None:
    # The collector must see patterns both ways: as attributes and compiled during a parse.
    texts = {_source(p) for p in PATTERNS}
    assert len(PATTERNS) > 50
    assert r"\s+" in texts


@pytest.mark.parametrize("pattern", PATTERNS, ids=[repr(p.pattern)[:60] for p in PATTERNS])
def test_a_long_run_of_any_character_is_scanned_in_linear_time(pattern: re.Pattern[Any]) -> None:
    # A pattern that is ever searched for is scanned as findall does (an attempt at every
    # position); one only ever matched at a start, as match does.
    scan = pattern.findall if USES[pattern] & SEARCHING or "search" in USES[pattern] else pattern.match
    for c in _characters(pattern):
        for run_of in _runs(pattern, c):
            # A pattern exponential in its run would hang the larger sizes: a short run first.
            assert fastest(functools.partial(scan, run_of(24)), 1) < 0.05, (pattern.pattern, c)
            # Small sizes keep the check cheap: quadratic work already shows at a thousand.
            if _growth(scan, run_of, 256) > 10 and _growth(scan, run_of, 768) > 10:  # confirmed twice
                pytest.fail(f"{pattern.pattern!r} ({scan.__name__}) is super-linear on a run of {run_of(4)!r}")
