"""Peak memory of ``govreport convert`` against the number of files (issue 18: it must not grow).

``.venv/bin/python benchmarks/bench_memory.py [--sizes 10000,100000] [--runs sqlite:1,csv:2] [--corpus DIR]``
``.venv/bin/python benchmarks/bench_memory.py --writer-only sqlite,csv,jsonl,parquet,duckdb [--rows]``
``.venv/bin/python benchmarks/bench_memory.py --discovery-only [--sizes 10000,100000,1000000 --copies 100]``

Builds a corpus once (``/tmp/govreport-memory-corpus`` by default, kept between runs): 10,000
generated reports of realistic size (those of ``bench_convert.py``: 8-15 KB, three table
layouts) in ``d0/``, and ``d1/`` … ``d9/`` of hard links to them, so that 10^5 distinct paths
cost 10^4 files' disk space and generation time. What a file costs the writer's bookkeeping
depends on its path and its ``sources`` entry, not on its text, so repeating the texts does not
change the memory measured; it does let the page cache hold the whole corpus.

For each size and each ``FORMAT:JOBS`` run it prints the peak resident memory (``VmHWM``) of
the ``convert`` process and the largest of its workers (``ru_maxrss`` of its children), first
for a fresh conversion (``--overwrite``), then for a ``--resume`` over the complete output
(every file unchanged: the run reads what the output holds, hashes the files, parses none).
Memory figures do not depend on the machine's load; the wall times printed beside them do.

``--writer-only FORMATS`` measures the writers' own bookkeeping without parsing anything (and
without the corpus): ``n`` sources written (failures; with ``--rows`` each with a generated
report's ~200 rows), then the output reopened for a resume and its sources read back as
``convert`` reads them.

``--discovery-only`` measures finding the files alone (no parsing, no output): the corpus
folders walked as ``convert`` walks them and every path read back in order (``SourceList``;
a tree without it: ``find_sources``, what ``convert`` called then), in a fresh process per size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DISTINCT = 10_000
COPIES = 10


def build_corpus(root: Path, copies: int = COPIES) -> None:
    """``d0`` with the generated reports, ``d1``… with hard links to them (made once)."""
    from bench_convert import generate

    first = root / "d0"
    first.mkdir(parents=True, exist_ok=True)
    have = len(list(first.iterdir()))
    if have < DISTINCT:
        t = time.perf_counter()
        generate(first, DISTINCT - have, have)
        print(f"generated {DISTINCT - have} reports in {time.perf_counter() - t:.0f} s", flush=True)
    names = sorted(p.name for p in first.iterdir())
    for c in range(1, copies):
        copy = root / f"d{c}"
        copy.mkdir(exist_ok=True)
        for name in names:
            if not (copy / name).exists():
                os.link(first / name, copy / name)


def folders(root: Path, files: int, copies: int = COPIES) -> list[str]:
    """The corpus folders holding ``files`` files (a multiple of 10,000)."""
    if files % DISTINCT or not 0 < files <= DISTINCT * copies:
        raise SystemExit(f"sizes are multiples of {DISTINCT} up to {DISTINCT * copies}, not {files}")
    return [str(root / f"d{c}") for c in range(files // DISTINCT)]


def measured(args: list[str]) -> tuple[float, float, float, str]:
    """Run ``govreport ARGS`` in a fresh process: (wall s, own peak MiB, largest worker's peak MiB,
    the summary line it printed)."""
    # VmHWM is the process's own peak (ru_maxrss of RUSAGE_SELF would also count the memory of
    # the process it was forked from); RUSAGE_CHILDREN's ru_maxrss is the largest worker's.
    code = ("import resource, time; from govreport.cli import main; t = time.perf_counter(); "
            f"status = main({args!r}); w = time.perf_counter() - t; "
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "me = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')); "
            "print('MEASURED', w, me, kids, status)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("MEASURED")), None)
    if line is None or int(line.split()[-1]) > 1:
        raise SystemExit(f"convert failed: {proc.stderr[-2000:]}")
    _, wall, me, kids, _ = line.split()
    summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    return float(wall), int(me) / 1024, int(kids) / 1024, summary.split(": ", 2)[-1]


WRITER_ONLY = """
import sys
import attrs
from govreport.batch import Failure
from govreport.writers import failure_converted, open_writer
out, n, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "rows"
if rows:  # one generated report's typed rows, given to each source (its name in the rows too)
    sys.path.insert(0, sys.argv[4])
    from factories import make_report
    from govreport.writers import converted_report
    base = converted_report(make_report("2021", seed=1), "long", "0" * 64, 10_000)
w = open_writer(out, "long", mode="overwrite")
for i in range(n):
    source = f"/data/reports/{i // 1000:04d}/report-{i:07d}.txt"
    if rows:
        entry = attrs.evolve(base.entry, source=source, sha256=f"{i:064x}")
        w.add(attrs.evolve(base, entry=entry, rows=[(source, *r[1:]) for r in base.rows],
                           diagnostics=[(source, *d[1:]) for d in base.diagnostics]))
    else:
        w.add(failure_converted(Failure(source, "cannot be read", sha256=f"{i:064x}", bytes=i), "failed"))
    if w.pending >= 500:
        w.checkpoint()
w.close()
written = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
w = open_writer(out, "long", mode="resume")
stream = getattr(w, "iter_committed", None)  # what a resume reads (older writers: committed())
found = sum(1 for _ in stream()) if stream is not None else len(w.committed())
w.close()
again = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
assert found == n, found
print("MEASURED", written, again)
"""


def writer_only(out: Path, sizes: list[int], formats: list[str], rows: bool) -> None:
    """The writers' own bookkeeping: ``n`` sources written (failures: one diagnostics row each;
    with ``rows``, each a generated report's ~200 rows), then the output reopened for a resume
    and its sources read back."""
    what = "a report's rows each" if rows else "one diagnostics row each"
    print(f"\nwriter only (n sources, {what}): peak MiB after writing / after reopening and "
          "reading its sources back; bytes per source between the sizes")
    tests = str(Path(__file__).resolve().parents[1] / "tests")
    for fmt in formats:
        peaks = []
        for n in sizes:
            proc = subprocess.run([sys.executable, "-c", WRITER_ONLY, str(out / f"writer-{n}.{fmt}"), str(n),
                                   "rows" if rows else "failures", tests], capture_output=True, text=True)
            line = next((x for x in proc.stdout.splitlines() if x.startswith("MEASURED")), None)
            if line is None:
                raise SystemExit(f"writer run failed: {proc.stderr[-2000:]}")
            peaks.append(tuple(int(v) / 1024 for v in line.split()[1:]))
        cells = "  ".join(f"{n}: {w:.0f} / {r:.0f}" for n, (w, r) in zip(sizes, peaks))
        per = (peaks[-1][1] - peaks[0][1]) * 1024 * 1024 / (sizes[-1] - sizes[0]) if len(sizes) > 1 else 0.0
        print(f"{fmt:<8} {cells}  ({per:.0f} B per source)", flush=True)


DISCOVERY_ONLY = """
import sys, time
from govreport import batch
folders = sys.argv[1:]
started = time.perf_counter()
if hasattr(batch, "SourceList"):  # what convert reads: the list on disk, streamed
    with batch.SourceList(folders) as found:
        n = sum(1 for _ in found)
else:  # a tree from before it: every path in memory
    n = len(batch.find_sources(folders).files)
peak = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
print("MEASURED", n, peak, time.perf_counter() - started)
"""


def discovery_only(root: Path, sizes: list[int], copies: int) -> None:
    """Peak memory of finding ``n`` files and reading their paths back, in a fresh process."""
    print("\ndiscovery only (walk the folders, read every path back in order): peak MiB, wall s")
    peaks = []
    for n in sizes:
        proc = subprocess.run([sys.executable, "-c", DISCOVERY_ONLY, *folders(root, n, copies)], capture_output=True,
                              text=True)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("MEASURED")), None)
        if line is None:
            raise SystemExit(f"discovery run failed: {proc.stderr[-2000:]}")
        found, peak, wall = int(line.split()[1]), int(line.split()[2]), float(line.split()[3])
        assert found == n, found
        peaks.append(peak / 1024)
        print(f"{n:>7} files: {peak / 1024:.1f} MiB, {wall:.1f} s", flush=True)
    if len(sizes) > 1:
        per = (peaks[-1] - peaks[0]) * 1024 * 1024 / (sizes[-1] - sizes[0])
        print(f"{per:.0f} B per file between {sizes[0]} and {sizes[-1]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=f"{DISTINCT},{DISTINCT * COPIES}", help="numbers of files")
    ap.add_argument("--runs", default="sqlite:1,csv:2", help="FORMAT:JOBS, comma-separated")
    ap.add_argument("--corpus", default="/tmp/govreport-memory-corpus")
    ap.add_argument("--out", default="/tmp/govreport-memory-out")
    ap.add_argument("--writer-only", default="", metavar="FORMATS",
                    help="only the writers' bookkeeping, for these formats (e.g. sqlite,csv,jsonl,parquet)")
    ap.add_argument("--rows", action="store_true", help="with --writer-only: each source with a report's rows")
    ap.add_argument("--discovery-only", action="store_true", help="only finding the files (no parsing, no output)")
    ap.add_argument("--copies", type=int, default=COPIES,
                    help="folders of links in the corpus (sizes up to this many times 10,000; 100 for 10^6)")
    a = ap.parse_args()
    root, out = Path(a.corpus), Path(a.out)
    sizes = [int(x) for x in a.sizes.split(",")]
    if a.writer_only:
        out.mkdir(parents=True, exist_ok=True)
        writer_only(out, sizes, a.writer_only.split(","), a.rows)
        return
    build_corpus(root, a.copies)
    if a.discovery_only:
        discovery_only(root, sizes, a.copies)
        return
    out.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    print(f"{'files':>7} {'format':<8} {'jobs':>4} {'run':<9} {'wall s':>7} {'convert MiB':>12} {'worker MiB':>11}"
          "  what convert said")
    for size in sizes:
        for run in a.runs.split(","):
            fmt, jobs = run.split(":")
            target = out / f"out-{size}.{fmt}"
            for mode in ("--overwrite", "--resume"):
                wall, me, kids, summary = measured(["convert", *folders(root, size, a.copies), "-o", str(target), "--jobs",
                                                    jobs, mode])
                worker = f"{kids:>11.0f}" if kids else f"{'-':>11}"
                print(f"{size:>7} {fmt:<8} {jobs:>4} {mode[2:]:<9} {wall:>7.1f} {me:>12.0f} {worker}  {summary}",
                      flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
