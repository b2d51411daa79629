"""Peak memory and time of each hostile file at full size, under the default limits.

Run on demand (not part of the tests; ~2 minutes, a few hundred MB of disk in a temp dir):

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME] [--timeout 300]

Each file is generated once (``tests/fuzz/hostile_files.py``) and written to disk; a fresh
child process then reads it with ``govreport.parse_file`` and reports its own peak resident
memory (``VmHWM``, which includes the interpreter and the imports, ~35 MB) and the time
the parse took. The target (issue 23): every file ends in a clear error or a Report, with
peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzz import hostile_files as H  # noqa: E402

MiB = H.MiB
CASES = {
    "zip bomb (1 MB inflating to 1 GB)": lambda: H.zip_bomb_docx(1024 * MiB),
    "zip bomb whose headers lie": lambda: H.lying_size_docx(1024 * MiB),
    "256 MB of paragraphs": lambda: H.paragraphs_docx(256 * MiB),
    "8 MB of .docx paragraphs (under the limits)": lambda: H.paragraphs_docx(8 * MiB),
    "gridSpan 1e9": H.grid_span_docx,
    "5,000 nested tables (.docx)": H.nested_tables_docx,
    "XXE": H.xxe_docx,
    "billion laughs": H.billion_laughs_docx,
    "path-traversal names": H.path_traversal_docx,
    "200,000 zip members": H.many_members_zip,
    "38 KB HTML, huge colspan/rowspan": lambda: H.huge_spans_html(cells=1000, span=200),
    "colspan 1e9": H.huge_span_value_html,
    "100,000 nested tags": H.nested_tags_html,
    "5,000 nested HTML tables": H.nested_tables_html,
    "a line of 8 MB": H.long_line_text,
    "60 MB of report text": lambda: H.report_text(60 * MiB),
    "60 MB HTML page of paragraphs": lambda: H.paragraphs_html(60 * MiB),
    "4 MB HTML page of paragraphs (under the limits)": lambda: H.paragraphs_html(4 * MiB),
    "3.5 MB of report text (under max_text_chars)": lambda: H.report_text(7 * MiB // 2),
    "100,000 one-cell HTML rows": H.one_cell_rows_html,
    "40,000 one-cell HTML rows (within max_cells)": lambda: H.one_cell_rows_html(40_000),
}

_CHILD = """
import json, sys, time
import govreport
t = time.perf_counter()
try:
    r = govreport.parse_file(sys.argv[1])
    outcome = f"Report ({r.format}, {sum(1 for _ in r.cells())} cells)"
except govreport.GovReportError as e:
    outcome = f"{type(e).__name__} {getattr(e, 'code', '')}: {e.message}"
except BaseException as e:
    outcome = f"FOREIGN {type(e).__name__}: {e}"
# VmHWM, not ru_maxrss: on Linux the latter keeps the forking parent's high-water mark
hwm = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - t, "outcome": outcome, "peak_mb": hwm / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="run the cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            if args.only and args.only not in name:
                continue
            start = time.perf_counter()
            path = Path(tmp) / "input"
            path.write_bytes(make())
            size = path.stat().st_size
            made = time.perf_counter() - start
            try:
                out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                                     timeout=args.timeout, check=False)
                res = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else \
                    {"seconds": float("nan"), "peak_mb": float("nan"), "outcome": f"child failed: {out.stderr[-300:]}"}
            except subprocess.TimeoutExpired:
                res = {"seconds": args.timeout, "peak_mb": float("nan"), "outcome": f"TIMEOUT after {args.timeout} s"}
            worst = max(worst, res["peak_mb"] if res["peak_mb"] == res["peak_mb"] else 0.0)
            print(f"{name:<40} {size / MiB:9.2f} MB file (made in {made:4.1f} s)  parse {res['seconds']:6.2f} s  "
                  f"peak {res['peak_mb']:6.0f} MB  {res['outcome'][:110]}", flush=True)
    print(f"worst peak memory: {worst:.0f} MB (target: under 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
