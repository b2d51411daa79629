"""Reports per second per core for each table layout, on generated reports.

Run on demand: ``.venv/bin/python benchmarks/bench_parse.py [--n 300] [--rounds 3]``. Not part of the tests.
Each layout is timed with Python's default garbage-collector setting and under
``govreport.batch_gc()`` (what ``convert`` and its workers run with).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import govreport
from factories import make_report, with_prose
from govreport.render import render


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n, rounds = args.n, args.rounds
    prose = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 60
    for layout in ("pipe", "tsv", "docx-export"):
        texts = []
        for i in range(n):
            template = "2019" if i % 2 else "2021"
            text = with_prose(render(make_report(template, seed=i), layout), template, prose)
            texts.append(text.encode("utf-8"))
        govreport.parse(texts[0])  # build grammars and plugins once
        default = _best(texts, rounds)
        with govreport.batch_gc():  # the collector setting convert uses
            batch = _best(texts, rounds)
        size = sum(map(len, texts)) / len(texts) / 1024
        print(f"{layout:<12} {n / default:6.0f} reports/s  ({default / n * 1000:.2f} ms each; "
              f"{n / batch:.0f}/s under batch_gc)  {size:.1f} KB average")


def _best(texts: list[bytes], rounds: int) -> float:
    """Seconds for one pass over ``texts``, the best of ``rounds`` (this machine's timings are noisy)."""
    elapsed = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for data in texts:
            govreport.parse(data)
        elapsed = min(elapsed, time.perf_counter() - start)
    return elapsed

if __name__ == "__main__":
    main()
