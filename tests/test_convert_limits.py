"""``convert`` takes the same limits as ``records`` and ``check`` (issue 23), and its workers apply them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

import govreport
from factories import make_report
from govreport.cli import _resume_command, build_parser
from govreport.render import render

N = 6


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "inbox"
    root.mkdir()
    for i, layout in enumerate(("pipe", "tsv", "docx-export") * (N // 3)):
        text = render(make_report("2019" if i % 2 else "2021", seed=200 + i), layout)
        (root / f"r{i}.txt").write_text(text, encoding="utf-8")
    return root


def _statuses(out):
    db = sqlite3.connect(out)
    sources = dict(db.execute("SELECT source, status FROM sources").fetchall())
    codes = [r[0] for r in db.execute("SELECT code FROM diagnostics WHERE severity = 'error'").fetchall()]
    db.close()
    return sources, codes


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_limit_flag_reaches_every_file_of_convert(inbox, tmp_path, jobs):
    out = tmp_path / "out.sqlite"
    proc = subprocess.run([sys.executable, "-m", "govreport", "convert", str(inbox), "-o", str(out), "--jobs",
                           str(jobs), "--max-cells", "10"], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    sources, codes = _statuses(out)
    assert len(sources) == N and set(sources.values()) == {"failed"}
    assert codes.count("GR303") == N  # the limit's own code, one per file
    failures = [line for line in proc.stderr.splitlines() if "over the limit of 10" in line]
    assert len(failures) == N and all("--max-cells" in line for line in failures)
    assert f"0 parsed (0 with errors), {N} failed" in proc.stderr


def test_without_limit_flags_convert_parses_the_same_files(inbox, tmp_path):
    out = tmp_path / "out.sqlite"
    proc = subprocess.run([sys.executable, "-m", "govreport", "convert", str(inbox), "-o", str(out),
                           "--max-cells", "5000", "--time-budget", "none"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    sources, _ = _statuses(out)
    assert set(sources.values()) == {"parsed"} and len(sources) == N


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_api_passes_limits_to_the_workers(inbox, tmp_path, jobs):
    out = tmp_path / "out.jsonl"
    summary = govreport.convert([inbox], out, jobs=jobs, limits=govreport.Limits(max_line_length=5))
    assert summary.parsed == 0 and summary.failed == N
    codes = [json.loads(line)["code"] for line in (tmp_path / "out.diagnostics.jsonl").read_text().splitlines()]
    assert codes == ["GR306"] * N
    again = govreport.convert([inbox], tmp_path / "other.jsonl", jobs=jobs, limits=govreport.Limits())
    assert again.parsed == N


def test_the_resume_command_repeats_the_limits_given():
    args = build_parser().parse_args(["convert", "in", "-o", "o.sqlite", "--max-cells", "200000",
                                      "--max-bytes", "67108864", "--time-budget", "2.5", "--max-span", "none"])
    words = _resume_command(args).split()
    assert words[words.index("--max-cells") + 1] == "200000"
    assert words[words.index("--max-bytes") + 1] == "67108864"
    assert words[words.index("--time-budget") + 1] == "2.5"
    assert words[words.index("--max-span") + 1] == "none"
    assert "--max-depth" not in words  # only what was given
    again = build_parser().parse_args(words[1:])
    assert govreport.limits.from_arguments(again) == govreport.limits.from_arguments(args)
