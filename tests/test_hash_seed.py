"""A report's reading does not depend on the interpreter's hash seed, nor on what was parsed
before it in the same process.

Set and dict iteration over strings follows ``PYTHONHASHSEED``, and the engine keeps memos
across reports: either could make a reading differ from run to run (a property test once
failed in one full-suite run and not with the same example again). The same inputs are
parsed in fresh interpreters with different hash seeds, one of them in the reverse order,
and the Reports, records and `govreport check` findings are compared as JSON.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from converters.layouts import fixed_width, libreoffice_text
from factories import blank_share, make_report
from govreport.render import render

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "converters"

_PARSE_ALL = r"""
import json, sys
import govreport
paths = json.loads(sys.argv[1])
out = {}
for p in (reversed(paths) if sys.argv[2] == "reversed" else paths):
    try:
        r = govreport.parse_file(p)
    except govreport.GovReportError as e:
        out[p] = ["error", type(e).__name__, str(e)]
        continue
    out[p] = [r.to_dict(), r.to_records(), [d.to_dict() for d in r.validate()]]
print(json.dumps(out, sort_keys=True, ensure_ascii=False, default=str))
"""


def _inputs(folder: Path) -> list[str]:
    """Generated reports with blanks (the cells the engine settles by arithmetic) in the text
    layouts, the converters' layouts among them, and the committed converter fixtures."""
    paths = []
    for seed in range(12):
        rng = random.Random(seed)
        report = blank_share(make_report(rng.choice(["2019", "2021"]), seed=seed, split_other=rng.random() < 0.5),
                          rng, rng.choice([0.05, 0.2, 0.5]))
        for layout, text in (("fixed-width", fixed_width(report, rng)), ("lo", libreoffice_text(report, rng)),
                             ("tsv", render(report, "tsv")), ("pipe", render(report, "pipe")),
                             ("docx-export", render(report, "docx-export"))):
            path = folder / f"{seed:02d}-{layout}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
    paths += sorted(str(p) for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return paths


def _read_in_fresh_interpreter(paths: list[str], hash_seed: str, order: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", _PARSE_ALL, json.dumps(paths), order], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_readings_do_not_depend_on_the_hash_seed_or_on_what_was_read_before(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    first = _read_in_fresh_interpreter(paths, "1", "forward")
    assert len(first) == len(paths)
    for hash_seed, order in (("2", "forward"), ("3", "reversed"), ("4091", "forward")):
        other = _read_in_fresh_interpreter(paths, hash_seed, order)
        differ = [p for p in paths if other[p] != first[p]]
        assert not differ, f"PYTHONHASHSEED={hash_seed} ({order}) reads these differently: {differ}"
