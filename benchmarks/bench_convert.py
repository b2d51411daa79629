"""``govreport convert`` end to end, its writers against their libraries, and the cluster path.

``.venv/bin/python benchmarks/bench_convert.py [--quick] [--n 10000] [--big 100000] [--formats sqlite,csv]
[--no-dask] [--profile] [--stalls]``

One run prints, side by side:

1. reports/s of ``govreport convert`` for each output format at ``--jobs 1`` and ``--jobs 2``
   (``n`` generated reports, 8-15 KB each, three table layouts) and the peak memory of the
   largest process (the command or one of its workers);
2. the writer-only cost of each format against its library used directly on the same typed
   rows (CPU ms per report, in one process: the rows are made first, then only writing is
   timed; for CSV and JSON lines the encoding counts, wherever it runs);
3. peak memory for ``n / 4`` and ``n`` files (flat means about equal; ``bench_memory.py``
   measures 10^4 against 10^5 files, fresh and resumed, the parent and its workers apart);
4. cold start: ``govreport records one.txt`` against ``python -c pass`` and
   ``python -c 'import lark, opencc'`` (best of 7, wall and CPU), with every module's byte code
   cached as an installed package has it, in the environment as it is, and after
   ``python -m compileall`` of govreport's packages (the README's setup; it writes their byte
   code into the source tree of an editable install);
5. a ``--big``-file run (10^5 by default) to SQLite and to CSV with the default jobs, extrapolated to 10^6;
6. Dask ``LocalCluster`` (2 workers) to Parquet against ``convert --jobs 2`` to Parquet, same files;
7. with ``--profile``: where the time goes in the writing process and in a worker (cProfile);
8. with ``--stalls``: at ``--jobs 2``, the wall time each worker spends blocked sending its
   results (the writing process not reading) or waiting for a chunk, per output format.

Files are generated once into a temporary folder (the big run's files too, ~1.2 GB for 10^5).
Wall-clock numbers need an idle machine; ``--quick`` (n 600, big 3,000) checks the script and
gives rough ratios on a busy one. Each measurement is one pass unless said otherwise.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import make_report, with_prose
from govreport.render import render

BIN = Path(sys.executable).parent / "govreport"
PROSE = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 60
FORMATS = ("sqlite", "duckdb", "parquet", "csv", "jsonl")


def generate(folder: Path, n: int, start: int = 0) -> None:
    """``n`` reports of realistic size (their tables and a page of prose) as text files."""
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(start, start + n):
        template = "2019" if i % 2 else "2021"
        text = with_prose(render(make_report(template, seed=i), layouts[i % 3]), template, PROSE)
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


@attrs.frozen
class Run:
    """One command's wall time, CPU time (the command's own process and its workers) and peak memory."""

    wall: float
    parent_cpu: float
    workers_cpu: float
    peak_mib: float

    def bound(self, cores: int = 2) -> float:
        """The shortest wall time this CPU work allows on ``cores`` idle cores: the writing
        process cannot go faster than its own CPU time, nor all of them than their sum / cores."""
        return max(self.parent_cpu, (self.parent_cpu + self.workers_cpu) / cores)


def timed(args: list[str]) -> Run:
    """Run ``govreport ARGS`` (its ``main``, in a fresh process so that earlier runs do not count)."""
    # The process's own peak is VmHWM (ru_maxrss of RUSAGE_SELF survives exec: it would be this
    # script's own peak); the workers' is RUSAGE_CHILDREN's, in KiB both.
    code = ("import resource, sys, time; from govreport.cli import main; "
            "t = time.perf_counter(); c = time.process_time(); "
            f"status = main({args!r}); "
            "w = time.perf_counter() - t; own = time.process_time() - c; "
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "me = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')); "
            "print(w, own, kids.ru_utime + kids.ru_stime, max(kids.ru_maxrss, me), status)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    try:
        wall, own, kids, rss, status = proc.stdout.split()[-5:]
    except ValueError:
        raise SystemExit(f"convert failed: {proc.stderr[-2000:]}") from None
    if int(status) > 1:
        raise SystemExit(f"convert failed: {proc.stderr[-2000:]}")
    return Run(float(wall), float(own), float(kids), int(rss) / 1024)


# -- 1. end to end --------------------------------------------------------------------------

def end_to_end(folder: Path, tmp: Path, n: int, formats: list[str]) -> None:
    print(f"\n1. convert, {n} files: reports/s (wall); CPU ms per report of the writing process + the workers;"
          "\n   the rate that CPU allows on 2 idle cores (what a loaded machine cannot show); peak MiB")
    print(f"{'format':<8} {'jobs':>4} {'wall r/s':>9} {'CPU ms/r parent + workers':>26} {'2-core bound':>13} "
          f"{'peak MiB':>9}")
    for fmt in formats:
        runs = []
        for jobs in (1, 2):
            out = tmp / f"out-{jobs}.{fmt}"
            run = timed(["convert", str(folder), "-o", str(out), "--jobs", str(jobs), "--overwrite"])
            runs.append(run)
            bound = run.parent_cpu + run.workers_cpu if jobs == 1 else run.bound()
            print(f"{fmt:<8} {jobs:>4} {n / run.wall:>9.0f} {run.parent_cpu / n * 1e3:>14.3f} + "
                  f"{run.workers_cpu / n * 1e3:<9.3f} {n / bound:>9.0f} r/s {run.peak_mib:>9.0f}")
        one, two = runs
        print(f"{'':<8} jobs 2 / jobs 1: {one.wall / two.wall:.2f}x wall, "
              f"{(one.parent_cpu + one.workers_cpu) / two.bound():.2f}x by CPU on 2 idle cores")


# -- 2. writers against their libraries ----------------------------------------------------

def typed_items(folder: Path, m: int) -> list[Any]:
    """The first ``m`` files parsed and shaped into typed rows (before any format's encoding)."""
    from govreport.convert import FileWork, batch_gc
    from govreport.writers import Preparer

    files = sorted(str(p) for p in folder.iterdir())[:m]
    work = FileWork("long", Preparer("parquet", "long"))  # Parquet's preparation leaves the rows as they are
    with batch_gc():
        return [attrs.evolve(work(f), prepared_for=None) for f in files]


def _cpu(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def writer_cost(fmt: str, items: list[Any], out: Path) -> tuple[float, float]:
    """CPU seconds of govreport's writer over ``items``: (all of it, the writing process's share)."""
    from govreport.writers import Preparer, open_writer

    prepare = Preparer(fmt, "long")
    prepared: list[Any] = []
    encode = _cpu(lambda: prepared.extend(prepare(i) for i in items))

    def write() -> None:
        w = open_writer(out, "long", mode="overwrite")
        for item in prepared:
            w.add(item)
            if w.pending >= 500:
                w.checkpoint()
        w.close()

    parent = _cpu(write)
    return encode + parent, parent


def library_cost(fmt: str, items: list[Any], out: Path) -> float:
    """CPU seconds of the library itself writing the same rows (one transaction, one table, one file)."""
    from govreport.outputs import DIAGNOSTICS, DUCKDB_TYPES, LONG, SQLITE_TYPES, arrow_schema
    from govreport.writers.sql import create_table_sql

    rows = [r for i in items for r in i.rows]
    diags = [d for i in items for d in i.diagnostics]
    for p in (out, out.with_name(out.name + "-wal")):
        p.unlink(missing_ok=True)

    def sqlite() -> None:
        db = sqlite3.connect(out, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(create_table_sql(LONG, SQLITE_TYPES, clustered=True))
        db.execute(create_table_sql(DIAGNOSTICS, SQLITE_TYPES))
        db.execute("BEGIN")
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [r if type(r[4]) is not Decimal else (*r[:4], float(r[4]), *r[5:]) for r in rows])
        db.executemany("INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?, ?)", diags)
        db.execute("COMMIT")
        db.close()

    def arrow_table(table: Any, data: list[Any]) -> Any:
        import pyarrow as pa

        schema = arrow_schema(table)
        columns = list(zip(*data)) if data else [() for _ in schema]
        return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)

    def parquet() -> None:
        import pyarrow.parquet as pq

        out.mkdir(exist_ok=True)
        pq.write_table(arrow_table(LONG, rows), out / "rows.parquet", compression="zstd")
        pq.write_table(arrow_table(DIAGNOSTICS, diags), out / "diagnostics.parquet", compression="zstd")

    def duckdb() -> None:
        import duckdb as ddb

        db = ddb.connect(str(out))
        db.execute(create_table_sql(LONG, DUCKDB_TYPES, unique=False))
        db.execute(create_table_sql(DIAGNOSTICS, DUCKDB_TYPES))
        for name, table, data in (("records", LONG, rows), ("diagnostics", DIAGNOSTICS, diags)):
            db.register("batch", arrow_table(table, data))
            db.execute(f"INSERT INTO {name} SELECT * FROM batch")
            db.unregister("batch")
        db.close()

    def csv_direct() -> None:
        with open(out, "w", newline="", encoding="utf-8", buffering=1 << 20) as f:
            csv.writer(f).writerows(rows)
        with open(out.with_suffix(".d.csv"), "w", newline="", encoding="utf-8", buffering=1 << 20) as f:
            csv.writer(f).writerows(diags)

    def jsonl_direct() -> None:
        def dump(f: io.TextIOBase, names: tuple[str, ...], data: list[Any]) -> None:
            for r in data:
                f.write(json.dumps(dict(zip(names, r)), ensure_ascii=False, default=float) + "\n")

        with open(out, "w", encoding="utf-8", buffering=1 << 20) as f:
            dump(f, LONG.names, rows)
        with open(out.with_suffix(".d.jsonl"), "w", encoding="utf-8", buffering=1 << 20) as f:
            dump(f, DIAGNOSTICS.names, diags)

    direct = {"sqlite": sqlite, "parquet": parquet, "duckdb": duckdb, "csv": csv_direct, "jsonl": jsonl_direct}
    return _cpu(direct[fmt])


def writers(folder: Path, tmp: Path, m: int, formats: list[str]) -> None:
    items = typed_items(folder, m)
    per = 1e3 / m
    print(f"\n2. writer-only cost, {m} reports ({sum(len(i.rows) for i in items) // m} rows each), CPU ms per report")
    print(f"{'format':<8} {'govreport':>10} {'of it, parent':>14} {'library':>9} {'ratio':>7}")
    for fmt in formats:
        if fmt in ("parquet", "duckdb"):  # the first use imports pyarrow/duckdb: not a cost per report
            writer_cost(fmt, items[:20], tmp / f"warm.{fmt}")
            library_cost(fmt, items[:20], tmp / f"warm-lib.{fmt}")
        total, parent = writer_cost(fmt, items, tmp / f"w.{fmt}")
        lib = library_cost(fmt, items, tmp / f"lib.{fmt}")
        print(f"{fmt:<8} {total * per:>10.3f} {parent * per:>14.3f} {lib * per:>9.3f} {total / lib:>6.2f}x")


# -- 3, 4. memory, cold start ---------------------------------------------------------------

def memory(folder: Path, tmp: Path, n: int) -> None:
    quarter = tmp / "quarter"
    quarter.mkdir(exist_ok=True)
    for f in sorted(folder.iterdir())[: n // 4]:
        if not (quarter / f.name).exists():
            os.link(f, quarter / f.name)
    small = timed(["convert", str(quarter), "-o", str(tmp / "q.sqlite"), "--jobs", "1", "--overwrite"]).peak_mib
    large = timed(["convert", str(folder), "-o", str(tmp / "m.sqlite"), "--jobs", "1", "--overwrite"]).peak_mib
    print(f"\n3. peak memory, sqlite --jobs 1: {small:.0f} MiB for {n // 4} files, {large:.0f} MiB for {n}")


def _best(cmd: list[str], env: dict[str, str] | None = None, rounds: int = 7) -> tuple[float, float]:
    """The shortest wall time and the least CPU time (user + system) of ``cmd`` over ``rounds`` runs."""
    wall = cpu = float("inf")
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        wall = min(wall, time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def _package_folders() -> list[Path]:
    """govreport's two packages' folders (the source tree for an editable install)."""
    import importlib.util

    specs = [importlib.util.find_spec(name) for name in ("govreport", "govreport_plugins")]
    return [Path(spec.origin).parent for spec in specs if spec is not None and spec.origin is not None]


def _compiled() -> bool:
    """Whether govreport's modules have byte code where an interpreter without a cache prefix reads it."""
    import importlib.util

    return all(os.path.exists(importlib.util.cache_from_source(str(folder / "__init__.py")))
               for folder in _package_folders())


def cold_start(folder: Path, tmp: Path) -> None:
    """``govreport records one.txt`` against ``python -c pass`` and ``import lark, opencc``, twice:

    * as an installed package runs: every module with its byte code cached (pip compiles a
      package's modules when it installs it; an editable install has none for govreport, and
      with ``PYTHONDONTWRITEBYTECODE`` set nothing is ever cached). Here each command runs once
      with byte code written into a private ``PYTHONPYCACHEPREFIX`` folder (the standard
      library's, lark's, opencc's and govreport's modules alike), then is timed reading it;
    * in this environment as it is (on this machine ``PYTHONDONTWRITEBYTECODE=1``: an editable
      install's modules are compiled from source on every start unless their byte code was
      written some other way; the line says whether it was; the dependencies' are cached);
    * after ``python -m compileall`` of govreport's two packages, as the README's setup runs it
      (byte code written next to the sources whatever ``PYTHONDONTWRITEBYTECODE`` says, and read
      on every start; a module edited since is compiled again in memory, its old byte code
      ignored). For an installed package this changes nothing: pip has compiled it."""
    one = str(sorted(folder.iterdir())[0])
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    commands = {"pass": [sys.executable, "-c", "pass"], "deps": [sys.executable, "-c", "import lark, opencc"],
                "records": [str(BIN), "records", one]}
    for cmd in commands.values():  # writes the byte code
        subprocess.run(cmd, capture_output=True, check=True, env=cached)
    print("\n4. cold start, best of 7: `govreport records one.txt` against `python -c pass` and "
          "`import lark, opencc` (target: records within 150 ms of the latter)")
    as_it_is = "this environment as it is" + ("" if _compiled() else " (no byte code for govreport)")
    runs: list[tuple[str, dict[str, str] | None, bool]] = [  # label, environment, compileall first
        ("byte code cached (as installed)", cached, False), (as_it_is, None, False),
        ("after compileall (README's setup)", None, True)]
    for label, env, compile_first in runs:
        if compile_first:
            subprocess.run([sys.executable, "-m", "compileall", "-q", *map(str, _package_folders())],
                           check=True, capture_output=True)
        best = {name: _best(cmd, env) for name, cmd in commands.items()}
        for i, what in ((0, "wall"), (1, "CPU")):
            records, floor, deps = (best[k][i] * 1e3 for k in ("records", "pass", "deps"))
            print(f"   {label:<54} {what:>4}: records {records:4.0f} ms, pass {floor:3.0f} ms, "
                  f"lark + opencc {deps:4.0f} ms: over that {records - deps:4.0f} ms")


# -- 5. the big run -------------------------------------------------------------------------

def big_run(tmp: Path, big: int) -> None:
    folder = tmp / "big"
    folder.mkdir(exist_ok=True)
    t = time.perf_counter()
    step = 5000
    for start in range(0, big, step):
        generate(folder, min(step, big - start), start)
    made = time.perf_counter() - t
    size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    for fmt in ("sqlite", "csv"):
        run = timed(["convert", str(folder), "-o", str(tmp / f"big.{fmt}"), "--overwrite"])
        rate, bound = big / run.wall, big / run.bound()
        print(f"\n5. {big} files ({size:.0f} MB, generated in {made:.0f} s) to {fmt}, default jobs: {run.wall:.1f} s, "
              f"{rate:.0f} reports/s, peak {run.peak_mib:.0f} MiB; 10^6 extrapolated: {1e6 / rate / 60:.1f} min "
              f"(target < 10); by CPU on 2 idle cores: {bound:.0f} reports/s, {1e6 / bound / 60:.1f} min")


# -- 6. dask ----------------------------------------------------------------------------------

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


def dask_vs_convert(folder: Path, tmp: Path, n: int) -> None:
    wall = dask_run(folder, tmp / "dask-records")
    conv = timed(["convert", str(folder), "-o", str(tmp / "c.parquet"), "--jobs", "2", "--overwrite"]).wall
    print(f"\n6. {n} files to Parquet: Dask LocalCluster (2 workers) {n / wall:.0f} reports/s (cluster start not "
          f"counted); convert --jobs 2 {n / conv:.0f} reports/s")


# -- 7. profiles --------------------------------------------------------------------------------

def profiles(folder: Path, tmp: Path) -> None:
    import govreport
    from govreport.convert import FileWork, batch_gc
    from govreport.writers import preparer

    files = sorted(str(p) for p in folder.iterdir())[:400]
    print("\n7. profile of the writing process, convert --jobs 2 to SQLite (cProfile, top 12 by own time)")
    prof = cProfile.Profile()
    prof.enable()
    govreport.convert(files, tmp / "prof.sqlite", jobs=2, overwrite=True)
    prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(12)
    print("   profile of one worker's work (the same step in this process), top 15 by cumulative time")
    work = FileWork("long", preparer(tmp / "prof.sqlite", "long"))
    prof = cProfile.Profile()
    with batch_gc():
        prof.enable()
        for f in files:
            work(f)
        prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumtime").print_stats(15)


# -- 8. stalls ---------------------------------------------------------------------------------

# Run in a fresh process: the pool's worker function is wrapped (before the workers fork) so that
# each worker times its sends and its waits for work and writes them to a file when it ends.
_STALLS = """
import glob, os, sys, time
import govreport, govreport.pool as pool
real, folder, out, report = pool._worker_main, sys.argv[1], sys.argv[2], sys.argv[3]

class Timed:
    def __init__(self, conn):
        self.conn, self.send_s, self.wait_s = conn, 0.0, 0.0
    def poll(self, timeout):
        t = time.perf_counter(); ready = self.conn.poll(timeout); self.wait_s += time.perf_counter() - t
        return ready
    def recv(self):
        t = time.perf_counter(); got = self.conn.recv(); self.wait_s += time.perf_counter() - t
        return got
    def send(self, obj):
        t = time.perf_counter(); self.conn.send(obj); self.send_s += time.perf_counter() - t

def timed_worker(conn, work, parent, initializer):
    timed, start = Timed(conn), time.perf_counter()
    try:
        real(timed, work, parent, initializer)
    finally:
        with open(f"{report}.{os.getpid()}", "w") as f:
            f.write(f"{time.perf_counter() - start} {timed.send_s} {timed.wait_s}")

pool._worker_main = timed_worker
govreport.convert([folder], out, jobs=2, overwrite=True)
"""


def stalls(folder: Path, tmp: Path, formats: list[str]) -> None:
    print("\n8. --jobs 2: wall seconds each worker spends blocked sending results / waiting for a chunk")
    for fmt in formats:
        report = tmp / f"stalls-{fmt}"
        subprocess.run([sys.executable, "-c", _STALLS, str(folder), str(tmp / f"stalls.{fmt}"), str(report)],
                       check=True, capture_output=True)
        parts = []
        for f in sorted(tmp.glob(f"stalls-{fmt}.*")):
            alive, send, wait = map(float, f.read_text().split())
            parts.append(f"{send:.2f} + {wait:.2f} of {alive:.1f} s ({100 * (send + wait) / alive:.0f} %)")
            f.unlink()
        print(f"{fmt:<8} " + "; ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: check the script, rough ratios")
    ap.add_argument("--n", type=int, default=None, help="files for the per-format runs (default 10,000)")
    ap.add_argument("--big", type=int, default=None, help="files for the extrapolated run (default 100,000; 0: skip)")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--profile", action="store_true", help="also profile the writing process and a worker")
    ap.add_argument("--stalls", action="store_true", help="also time the workers' waits on the writing process")
    a = ap.parse_args()
    n = a.n if a.n is not None else (600 if a.quick else 10_000)
    big = a.big if a.big is not None else (3_000 if a.quick else 100_000)
    formats = a.formats.split(",")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "reports"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, n)
        print(f"generated {n} reports in {time.perf_counter() - t:.1f} s")
        end_to_end(folder, tmp, n, formats)
        memory(folder, tmp, n)
        cold_start(folder, tmp)
        if big:
            big_run(tmp, big)
        if not a.no_dask:
            dask_vs_convert(folder, tmp, n)
        writers(folder, tmp, min(n, 1000), formats)  # in this process: after the runs it could inflate
        if a.profile:
            profiles(folder, tmp)
        if a.stalls:
            stalls(folder, tmp, formats)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
