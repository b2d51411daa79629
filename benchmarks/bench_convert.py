"""Batch conversion: throughput for 1..N jobs, peak memory, and cold start of one file.

``.venv/bin/python benchmarks/bench_convert.py [--n 10000]`` generates ``n`` reports (8–15 KB,
all three table layouts) in a temporary folder and runs ``govreport convert`` on them.
Peak memory is the largest resident set of the command or any of its workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import make_report
from govreport.render import render

BIN = Path(sys.executable).parent / "govreport"
PROSE = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 60


def generate(folder: Path, n: int) -> None:
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(n):
        report = make_report("2019" if i % 2 else "2021", seed=i)
        text = render(report, layouts[i % 3]).replace("一、总体情况\n", "一、总体情况\n" + PROSE + "\n")
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command (children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(BIN), *args], check=False, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    n = ap.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, n)
        print(f"generated {n} reports in {time.perf_counter() - t:.1f} s")
        one = str(next(folder.iterdir()))
        cold = min(run(["records", one])[0] for _ in range(5))
        print(f"cold start, govreport records one.txt: {cold * 1000:.0f} ms")
        for jobs in range(1, (os.cpu_count() or 1) + 1):
            out = Path(tmp) / f"out{jobs}.sqlite"
            wall, _ = run(["convert", str(folder), "-o", str(out), "--jobs", str(jobs)])
            print(f"convert --jobs {jobs}: {wall:.1f} s, {n / wall:.0f} reports/s")
        # peak memory in a fresh process, so earlier runs do not count
        code = (f"import resource, subprocess; subprocess.run([{str(BIN)!r}, 'convert', {str(folder)!r}, '-o', "
                f"{str(Path(tmp) / 'mem.sqlite')!r}], capture_output=True); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        peak = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout) / 1024
        print(f"peak memory of convert over {n} reports: {peak:.0f} MiB (largest single process)")


if __name__ == "__main__":
    main()
