"""Instructions per parse, trees side by side (callgrind): the measure issue 14's target is in.

    .venv/bin/python benchmarks/parse_instructions.py [--layouts tsv,pipe] TREE [TREE ...]

Each TREE is a source tree of govreport (this checkout, or an old commit unpacked with
``git archive COMMIT | tar -x -C /tmp/old``); all are run by this interpreter and its packages,
on the same inputs: 120 generated reports of both templates per layout, rendered once by this
checkout and given to every tree as UTF-8 bytes. Only the measured loops are counted: each runs
inside ``sys.call_tracing`` and callgrind collects inside that function alone
(``--toggle-collect``), one dump per loop, so nothing of the start-up is in the figures.

Printed per tree and layout: reports 1-60 with the default collector (after a warm-up parse of
the first report), then reports 61-120 with the collector off (the work alone). A tree's own
entry points are not installed here: plugins it lacks are reported as failing to load (GR003),
which adds a little to an old tree's figures.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
N = 60


def _inputs(path: Path, layouts: list[str]) -> None:
    sys.path.insert(0, str(HERE / "tests"))
    from factories import make_report
    from govreport.render import render

    texts = {layout: [_as_bytes(render(make_report("2019" if i % 2 else "2021", seed=i), layout))
                      for i in range(2 * N)] for layout in layouts}
    path.write_bytes(pickle.dumps(texts))


def _as_bytes(rendered: str | bytes) -> bytes:
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def _measured(inputs: str, layout: str) -> None:
    """Run under callgrind: the two measured loops, each inside sys.call_tracing."""
    import govreport

    texts = pickle.loads(Path(inputs).read_bytes())[layout]
    # Under valgrind the first parse is slow: no time budget (trees from before limits had none).
    unbounded = {"limits": govreport.Limits(time_budget=None)} if hasattr(govreport, "Limits") else {}
    govreport.parse(texts[0], **unbounded)

    def first() -> None:
        for t in texts[:N]:
            govreport.parse(t)

    def work() -> None:
        for t in texts[N:]:
            govreport.parse(t)

    sys.call_tracing(first, ())
    gc.collect()
    gc.disable()
    sys.call_tracing(work, ())


def _run(tree: Path, layout: str, inputs: Path, out: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": f"{tree}/src:{tree}/plugins", "XDG_CACHE_HOME": str(out.parent / "cache")}
    subprocess.run([sys.executable, "-c", "import govreport"], env=env, check=True)
    subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=sys_call_tracing",
                    "--dump-after=sys_call_tracing", f"--callgrind-out-file={out}",
                    sys.executable, __file__, "--measure", str(inputs), layout],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures = []
    for n in (1, 2):
        summary = next(line for line in Path(f"{out}.{n}").read_text().splitlines() if line.startswith("summary:"))
        figures.append(int(summary.split()[1]) / N / 1e6)
    return figures[0], figures[1]


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        _measured(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--layouts", default="tsv,pipe")
    args = ap.parse_args()
    layouts = args.layouts.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.pkl"
        _inputs(inputs, layouts)
        for layout in layouts:
            for tree in args.trees:
                first, work = _run(tree.resolve(), layout, inputs, Path(tmp) / f"cg.{layout}")
                print(f"{layout:<6} {tree}: {first:.3f} M per report (reports 1-60, default collector), "
                      f"{work:.3f} M (61-120, collector off)")


if __name__ == "__main__":
    main()
