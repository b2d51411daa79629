"""The long fuzz run: millions of mutated inputs through the checker, findings kept.

    .venv/bin/python tests/fuzz/run.py --count 1000000 --seed 1 --jobs 2 --out fuzz-findings

Each job is a worker process checking the inputs ``mutant(seed, i)`` for its share of the
indices. A worker that hangs (no answer within ``--hang`` seconds: a faulthandler watchdog
ends it) or dies is replaced, and the input it was on is a finding. Findings go to
``OUT/findings.jsonl`` (seed, index, kind, detail) with the input itself beside it
(``OUT/SEED-INDEX.bin``/``.txt``), so each can be replayed: ``--replay SEED INDEX``.
A summary line is printed every ``--every`` inputs and at the end. The default test suite
runs a short version of the same loop (``tests/fuzz/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import multiprocessing as mp
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent / "src")]

from fuzz.checker import check  # noqa: E402
from fuzz.mutate import mutant  # noqa: E402


def _worker(job: int, seed: int, indices: range, current: Any, out: Any, hang: float) -> None:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for i in indices:
        current.value = i
        faulthandler.dump_traceback_later(hang, exit=True)  # a hang ends the process: the parent sees it
        data = mutant(seed, i)
        findings = check(data)
        faulthandler.cancel_dump_traceback_later()
        for f in findings:
            out.put(("finding", i, f.kind, f.detail))
    current.value = indices.stop
    out.put(("done", job, "", ""))


def _save(out_dir: Path, seed: int, index: int, kind: str, detail: str) -> None:
    data = mutant(seed, index)
    suffix = ".bin" if isinstance(data, bytes) else ".txt"
    path = out_dir / f"{seed}-{index}{suffix}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    with (out_dir / "findings.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"seed": seed, "index": index, "kind": kind, "detail": detail[:2000],
                            "input": path.name}, ensure_ascii=False) + "\n")


def run(count: int, seed: int, jobs: int, out_dir: Path, hang: float, every: int, start: int = 0) -> Counter[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = mp.get_context("fork")
    queue: Any = ctx.Queue()
    stop = start + count
    kinds: Counter[str] = Counter()
    # per job: the process, the index it is on, the indices it was given, inputs done before it
    workers: dict[int, tuple[Any, Any, range, int]] = {}

    def spawn(k: int, indices: range, before: int) -> None:
        current = ctx.Value("q", indices.start)
        p = ctx.Process(target=_worker, args=(k, seed, indices, current, queue, hang), daemon=True)
        p.start()
        workers[k] = (p, current, indices, before)

    for k in range(jobs):
        spawn(k, range(start + k, stop, jobs), 0)
    t0, finished, last_report = time.monotonic(), set(), 0
    while len(finished) < jobs:
        try:
            msg, i, kind, detail = queue.get(timeout=1.0)
        except Exception:  # queue.Empty: look after the workers below
            msg = ""
        if msg == "finding":
            kinds[kind] += 1
            _save(out_dir, seed, i, kind, detail)
        elif msg == "done":
            finished.add(i)
        for k, (p, current, indices, before) in list(workers.items()):
            if k in finished or p.is_alive() or p.exitcode == 0:
                continue
            bad = current.value  # the input the worker was on when it hung or died
            kinds["hang or crash"] += 1
            _save(out_dir, seed, bad, "hang or crash", f"worker exit code {p.exitcode} on this input")
            rest = range(bad + jobs, indices.stop, jobs)
            spawn(k, rest, before + (bad - indices.start) // jobs + 1)
        checked = sum(before + (cur.value - r.start) // jobs for _, cur, r, before in workers.values())
        if checked - last_report >= every:
            last_report = checked
            _summary(checked, kinds, time.monotonic() - t0)
    _summary(count, kinds, time.monotonic() - t0)
    return kinds


def _summary(checked: int, kinds: Counter[str], elapsed: float) -> None:
    found = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) or "no findings"
    print(f"fuzz: {checked:,} inputs in {elapsed:,.0f} s ({checked / max(elapsed, 1e-9):,.0f}/s): {found}",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="first index (to resume a run)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    ap.add_argument("--hang", type=float, default=60.0, help="seconds after which an input counts as a hang")
    ap.add_argument("--every", type=int, default=10_000, help="print a summary every N inputs")
    ap.add_argument("--replay", nargs=2, type=int, metavar=("SEED", "INDEX"), help="check one input and print it")
    args = ap.parse_args(argv)
    if args.replay:
        data = mutant(*args.replay)
        print(repr(data[:2000]))
        for f in check(data):
            print(f"{f.kind}: {f.detail}")
        return 0
    kinds = run(args.count, args.seed, args.jobs, args.out, args.hang, args.every, args.start)
    return 1 if kinds else 0


if __name__ == "__main__":
    sys.exit(main())
