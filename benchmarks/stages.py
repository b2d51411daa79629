"""Where the time goes: per-stage milliseconds per report for each layout.

``.venv/bin/python benchmarks/stages.py [--n 200]``

Each stage runs over every report before the next starts, so the results of earlier stages are
alive meanwhile; the stages run under ``govreport.batch_gc()`` so that the collector's passes
over those kept results do not inflate the later stages.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import govreport
from factories import make_report, with_prose
from govreport.builder import build_report
from govreport.normalize import normalize
from govreport.registry import default_registry
from govreport.render import render

PROSE = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 60


def corpus(layout: str, n: int) -> list[bytes]:
    templates = ["2019" if i % 2 else "2021" for i in range(n)]
    return [with_prose(render(make_report(t, seed=i), layout), t, PROSE).encode("utf-8")
            for i, t in enumerate(templates)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    n = ap.parse_args().n
    reg = default_registry()
    for layout in ("pipe", "tsv", "docx-export"):
        data = corpus(layout, n)
        plugin = reg.get(layout).plugin
        govreport.parse(data[0])
        best = [float("inf")] * 4
        for _ in range(3):  # the best of three runs: this machine's timings are noisy
            with govreport.batch_gc():
                ms = _stages(data, plugin, reg)
            best = [min(x, y) for x, y in zip(best, ms)]
        ms = best
        print(f"{layout:<12} normalize {ms[0]:.2f} ms  sniff {ms[1]:.2f} ms  read {ms[2]:.2f} ms  "
              f"build {ms[3]:.2f} ms  total {sum(ms):.2f} ms")


def _stages(data: list[bytes], plugin: object, reg: object) -> list[float]:
    """Milliseconds per report of each stage over ``data``."""
    n = len(data)
    t0 = time.perf_counter()
    texts = [normalize(d) for d in data]
    t1 = time.perf_counter()
    for t in texts:
        reg.guess(t.text)  # type: ignore[attr-defined]
    t2 = time.perf_counter()
    docs = [plugin.read(t.text) for t in texts]  # type: ignore[attr-defined]
    t3 = time.perf_counter()
    for d, t in zip(docs, texts):
        build_report(d, t)
    t4 = time.perf_counter()
    return [(b - a) / n * 1000 for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4))]


if __name__ == "__main__":
    main()
