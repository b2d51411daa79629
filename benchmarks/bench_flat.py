"""Time per flattened report: the split of run-together cells by the template's arithmetic.

Run on demand: ``.venv/bin/python benchmarks/bench_flat.py [--n 100]``. Not part of the tests.

Three sets: generated reports of both templates rendered flat (every count of table 三 a digit
run to split); the same with a third of the zero cells blank and some cell boundaries padded
(blanks multiply the readings); and the worst case: rows whose runs are long strings of
non-zero digits, which hit the enumeration bound (``recovery.MAX_STEPS`` steps per row,
``MAX_NODES`` search nodes per table) and are refused with GR133. CPU time, best of the rounds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import govreport
from factories import make_report
from flat_strategies import blank_some_zeros
from govreport import recovery, schema
from govreport.render import written_sections
from govreport_plugins.flat import FlatPlugin

FLAT = FlatPlugin()


def _padding(rng: random.Random, share: float) -> Callable[[str, str], str]:
    def pad(left: str, right: str) -> str:
        return " " if rng.random() < share else ""

    return pad


def generated(n: int, *, blanks: float = 0.0, padding: float = 0.0) -> list[str]:
    texts = []
    for i in range(n):
        rng = random.Random(i)
        report = make_report("2019" if i % 2 else "2021", seed=i)
        if blanks:
            report = blank_some_zeros(report, rng, blanks)
        texts.append(FLAT.render(report, pad=_padding(rng, padding)))
    return texts


def worst(n: int) -> list[str]:
    """Reports whose table 三 rows are runs of 12-40 non-zero digits: the bound decides."""
    texts = []
    table = schema.template("2019").table("applications")
    labels = [r.path[-1] for r in table.rows]
    sections = written_sections("2019")
    heading, after = sections[table.section - 1].heading, sections[table.section + 1].heading
    for i in range(n):
        rng = random.Random(i)
        rows = "".join(label + "".join(rng.choice("123456789") for _ in range(rng.randint(12, 40)))
                       for label in labels)
        texts.append("标题: 某县2020年政府信息公开工作年度报告\n发布时间: 2021-01-20\n"
                     f"报告 {heading}{table.column_bands[0]}{rows} {after}\n")
    return texts


def timed(texts: list[str], rounds: int) -> tuple[float, float]:
    """(mean, max) CPU seconds per report, the best round."""
    best: tuple[float, float] = (float("inf"), float("inf"))
    for _ in range(rounds):
        each = []
        for text in texts:
            start = time.process_time()
            govreport.parse(text, format="flat")
            each.append(time.process_time() - start)
        result = (sum(each) / len(each), max(each))
        best = min(best, result)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    govreport.parse(generated(1)[0])  # build plugins once
    print(f"bounds: {recovery.MAX_STEPS} steps and {recovery.MAX_READINGS} readings per row, "
          f"{recovery.MAX_NODES} search nodes per table")
    for name, texts in (("generated", generated(args.n)),
                        ("blanks+padding", generated(args.n, blanks=0.3, padding=0.2)),
                        ("worst case", worst(max(5, args.n // 10)))):
        mean, most = timed(texts, args.rounds)
        print(f"{name:<15} {mean * 1000:7.1f} ms per report (max {most * 1000:.1f} ms) over {len(texts)} reports")


if __name__ == "__main__":
    main()
