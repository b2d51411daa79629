"""Batch conversion: reports/s per output format at jobs 1 and 2, Dask vs convert, peak memory.

``.venv/bin/python benchmarks/bench_convert.py [--n 10000] [--formats sqlite,csv] [--no-dask]``
generates ``n`` reports (8–15 KB, all three table layouts) in a temporary folder and runs
``govreport convert`` on them once per output format and jobs setting, then
``govreport.dask.read_reports(...).frame.to_parquet`` on a 2-worker ``distributed.LocalCluster``
over the same files. Peak memory is the largest resident set of any one process (the command
or one of its workers), measured for ``n`` and for ``n / 4`` files: flat means about equal.
Keep ``n`` modest on a shared machine; each run is one pass (no repetitions).
"""

from __future__ import annotations

import argparse
import os
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
FORMATS = ("sqlite", "duckdb", "parquet", "csv", "jsonl")


def generate(folder: Path, n: int) -> None:
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(n):
        report = make_report("2019" if i % 2 else "2021", seed=i)
        text = render(report, layouts[i % 3]).replace("一、总体情况\n", "一、总体情况\n" + PROSE + "\n")
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MiB) of the largest process of one command, in a fresh
    measuring process so that earlier runs do not count."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            f"p = subprocess.run({[str(BIN), *args]!r}, capture_output=True, text=True); "
            "w = time.perf_counter() - t; "
            "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode); "
            "sys.stderr.write(p.stderr[-2000:] if p.returncode > 1 else '')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    wall, rss, status = proc.stdout.split()
    if int(status) > 1:
        raise SystemExit(f"convert failed: {proc.stderr}")
    return float(wall), int(rss) / 1024


def dask_run(folder: Path, out: Path) -> float:
    code = f"""
import time, dask
from distributed import Client, LocalCluster
import govreport.dask as gd
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c):
    t = time.perf_counter()
    got = gd.read_reports({str(folder)!r}, blocksize=250)
    dask.compute(got.frame.to_parquet({str(out)!r}, write_index=False, compute=False), got.failures)
    print(time.perf_counter() - t)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"dask run failed: {proc.stderr[-2000:]}")
    return float(proc.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-dask", action="store_true")
    a = ap.parse_args()
    n, formats = a.n, a.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, n)
        print(f"generated {n} reports in {time.perf_counter() - t:.1f} s")
        print(f"{'format':<8} {'jobs 1':>14} {'jobs 2':>14} {'speed-up':>9}  peak MiB (1 / 2)")
        for fmt in formats:
            walls, peaks = [], []
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}.{fmt}"
                wall, peak = timed(["convert", str(folder), "-o", str(out), "--jobs", str(jobs)])
                walls.append(wall)
                peaks.append(peak)
            print(f"{fmt:<8} {n / walls[0]:>9.0f} rep/s {n / walls[1]:>9.0f} rep/s {walls[0] / walls[1]:>8.2f}x"
                  f"  {peaks[0]:.0f} / {peaks[1]:.0f}")
        # flat memory: the same command over a quarter of the files
        quarter = Path(tmp) / "quarter"
        quarter.mkdir()
        for f in sorted(folder.iterdir())[: n // 4]:
            os.link(f, quarter / f.name)
        _, small = timed(["convert", str(quarter), "-o", str(Path(tmp) / "q.sqlite"), "--jobs", "1"])
        _, large = timed(["convert", str(folder), "-o", str(Path(tmp) / "m.sqlite"), "--jobs", "1"])
        print(f"peak memory, sqlite --jobs 1: {small:.0f} MiB for {n // 4} files, {large:.0f} MiB for {n}")
        if not a.no_dask:
            wall = dask_run(folder, Path(tmp) / "dask-records")
            conv, _ = timed(["convert", str(folder), "-o", str(Path(tmp) / "c.parquet"), "--jobs", "2"])
            print(f"dask LocalCluster (2 workers) -> parquet: {n / wall:.0f} rep/s (cluster start not counted); "
                  f"convert --jobs 2 -> parquet: {n / conv:.0f} rep/s")


if __name__ == "__main__":
    main()
