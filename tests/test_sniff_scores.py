"""Sniff scores are a contract: the speed work on the sniffers must not change any score.

``fixtures/sniff_scores.json`` holds every score the sniffers listed in :data:`PLUGINS` gave
before that work (written by running this module as a script on the tree before it), for every
fixture file, every example and generated reports rendered in every layout. A sniffer change
that moves a score for any of them fails here; a deliberate change rewrites the file.

    PYTHONPATH=src:plugins python tests/test_sniff_scores.py   # rewrite the recorded scores
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDED = Path(__file__).resolve().parent / "fixtures" / "sniff_scores.json"
#: The plugins whose sniffers read the shared facts of a ReportInput (lines, tab counts, bytes).
PLUGINS = ("narrative", "tsv", "pipe", "docx-export", "flat", "libreoffice-text", "fixed-width", "markdown", "pdf")
SEEDS = range(4)


def _inputs() -> Iterator[tuple[str, str | bytes]]:
    """Every fixture file and example (as bytes, as a user's file is read), then generated
    reports rendered by every built-in renderer in each template it writes (as they come),
    and as HTML pages and .docx files (tests/sources.py)."""
    import govreport
    from govreport.registry import default_registry
    from govreport.testing.reports import make_report

    for folder in ("tests/fixtures", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path != RECORDED:
                yield path.relative_to(ROOT).as_posix(), path.read_bytes()
    from sources import to_docx, to_html

    built_in = [info for info in default_registry().renderers() if info.origin.startswith("govreport ")]
    for info in sorted(built_in, key=lambda i: i.name):
        for template in info.render_templates:
            for seed in SEEDS:
                yield f"render:{info.name}:{template}:{seed}", govreport.render(make_report(template, seed=seed), info.name)
    for template in ("2019", "2021"):
        for seed in SEEDS:
            report = make_report(template, seed=seed)
            yield f"html:{template}:{seed}", to_html(report)
            yield f"docx:{template}:{seed}", to_docx(report)


def current_scores() -> dict[str, dict[str, float]]:
    """``{input: {plugin: raw sniff score}}`` for the plugins of :data:`PLUGINS`."""
    from govreport.api import open_input
    from govreport.errors import GovReportError
    from govreport.registry import default_registry

    reg = default_registry()
    infos = [reg.get(name) for name in PLUGINS]
    out: dict[str, dict[str, float]] = {}
    for key, data in _inputs():
        try:
            inp, _ = open_input(data, source=key.rpartition("/")[2])
        except GovReportError:
            continue  # refused before any sniffing (a limit): no scores to keep
        out[key] = {info.name: float(info.sniff(inp)) for info in infos}
    return out


def test_every_sniff_score_is_the_recorded_one() -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    current = current_scores()
    assert set(current) == set(recorded)
    changed = {(key, name): (recorded[key][name], score)
               for key, scores in current.items() for name, score in scores.items()
               if recorded[key][name] != score}
    assert not changed


@pytest.mark.parametrize("text", ["", "\t", "a\tb\n\tc\n", "x | y |\n | z |\n\u3000| w", "\n\n|\t|"])
def test_a_plain_str_is_sniffed_like_its_report_input(text: str) -> None:
    # Sniffers may be given a plain str (the PDF plugin hands its lines to the narrative one):
    # the facts they then work out themselves are the ones a ReportInput keeps.
    from govreport.registry import as_input, default_registry

    for name in PLUGINS:
        info = default_registry().get(name)
        if not info.reads_bytes:
            assert info.plugin.sniff(text) == info.plugin.sniff(as_input(text))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "tests"))
    RECORDED.write_text(json.dumps(current_scores(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                        encoding="utf-8")
