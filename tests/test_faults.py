"""Fault injection: every output format survives SIGKILL, a full disk, a lost worker and a
concurrent convert with 0 reports lost, 0 duplicated and 0 partial, compared with a clean run.

The default run kills each format at a few random points; ``GOVREPORT_FAULTS=full`` (what
``.ci/run`` sets) kills each at 20 points. A kill is a real SIGKILL of a forked convert at a
random moment of its run, so it lands anywhere: mid-row, between a part's rename and its
journal line, inside a database commit.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import govreport
import govreport.convert
from factories import make_report
from govreport.render import render
from govreport.writers.parquet import ParquetDatasetWriter
from outputs_reading import integrity_problems, read_output

FORMATS = [".sqlite", ".csv", ".jsonl", ".parquet", ".duckdb"]
FULL = os.environ.get("GOVREPORT_FAULTS") == "full"
KILLS = 20 if FULL else 2
#: The default run covers these formats for the slower faults; the full run covers every format.
SOME = FORMATS if FULL else [".csv", ".parquet"]
N_FILES = 40


def _needs(ext: str) -> None:
    if ext == ".parquet":
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")
        pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults") / "corpus"
    root.mkdir()
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(N_FILES):
        report = make_report("2019" if i % 2 else "2021", seed=1000 + i)
        (root / f"r{i:03d}.txt").write_text(render(report, layouts[i % 3]), encoding="utf-8")
    for i in range(3):  # a few corrupt files: failures are part of the output too
        (root / f"broken{i}.txt").write_bytes(b"\x00\x01corrupt" * (i + 1))
    return root


@pytest.fixture
def small_commits(monkeypatch):
    # Commits and parts every few reports, so that a short run has many points to be killed at.
    monkeypatch.setattr(sys.modules["govreport.convert"], "COMMIT_REPORTS", 4)
    monkeypatch.setattr(ParquetDatasetWriter, "part_rows", 1500)


def _clean(corpus: Path, out: Path, shape: str = "long") -> dict:
    govreport.convert([corpus], out, jobs=1, shape=shape)
    return read_output(out, shape)


def _forked_convert(corpus: Path, out: Path, *, jobs: int, kill_after: float | None,
                    pids_file: Path | None = None) -> int:
    """Run convert --resume in a forked child, SIGKILLed after ``kill_after`` seconds; its exit status."""
    pid = os.fork()
    if pid == 0:  # the child: convert, then leave without running the parent's cleanups
        status = 0
        try:
            def record_pids(total, summary, pool):
                if pids_file is not None and pool is not None:
                    pids_file.write_text(" ".join(map(str, pool.pids())))

            govreport.convert([corpus], out, jobs=jobs, resume=True, on_start=record_pids)
        except BaseException:
            status = 1
        os._exit(status)
    if kill_after is not None:
        deadline = time.monotonic() + kill_after
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            time.sleep(0.002)
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def _run_seconds(corpus: Path, out: Path) -> float:
    start = time.monotonic()
    _forked_convert(corpus, out, jobs=1, kill_after=None)
    return time.monotonic() - start


@pytest.mark.parametrize("ext", FORMATS)
def test_sigkill_at_random_points_then_resume_is_exact(corpus, tmp_path, ext, small_commits):
    _needs(ext)
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    duration = _run_seconds(corpus, tmp_path / f"timing{ext}")
    rng = random.Random(f"kill{ext}{KILLS}")
    killed = 0
    for i in range(KILLS):
        out = tmp_path / f"killed{i}{ext}"
        # every other point: a second kill, during the resume that repairs the first
        for attempt in range(1 + i % 2):
            start = time.monotonic()
            status = _forked_convert(corpus, out, jobs=1, kill_after=rng.uniform(0.05, 0.85) * duration)
            killed += attempt == 0 and os.WIFSIGNALED(status)
            if attempt == 0 and not os.WIFSIGNALED(status):
                # the timing run was slowed (a loaded machine): the next points land inside a run
                duration = min(duration, time.monotonic() - start)
            # what a kill leaves holds no partial report: each committed source is whole
            for source, entry in read_output(out)["sources"].items():
                assert entry["rows"] == reference["sources"][source]["rows"], source
        govreport.convert([corpus], out, jobs=1, resume=True)
        assert integrity_problems(read_output(out), reference) == [], f"kill point {i}"
    assert killed >= max(1, KILLS * 2 // 3)  # the points were inside the runs, not after them


@pytest.mark.parametrize("ext", [".sqlite", ".duckdb"])
@pytest.mark.parametrize("written", [0, 100, 5000])
def test_a_kill_while_the_database_is_made_leaves_no_file_a_resume_cannot_open(
        corpus, tmp_path, ext, written, monkeypatch):
    # A random kill once landed while DuckDB wrote a new file's first pages: the file was no
    # database, and neither a reader nor a resume could open it. Here the kill lands there
    # every time: the engine has made the file and written only its first bytes.
    _needs(ext)
    engine = sqlite3 if ext == ".sqlite" else pytest.importorskip("duckdb")
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    out = tmp_path / f"killed{ext}"
    parent, real_connect = os.getpid(), engine.connect

    def connect_then_die(database, *args, **kwargs):
        db = real_connect(database, *args, **kwargs)
        if os.getpid() != parent and database:  # the forked convert's output ("": its list of files), not this test's reader
            db.execute("CREATE TABLE first_pages (a INTEGER)")
            db.close()
            os.truncate(database, written)
            os.kill(os.getpid(), signal.SIGKILL)
        return db

    monkeypatch.setattr(engine, "connect", connect_then_die)
    status = _forked_convert(corpus, out, jobs=1, kill_after=None)
    assert os.WIFSIGNALED(status)
    monkeypatch.setattr(engine, "connect", real_connect)
    assert read_output(out)["sources"] == {}  # absent, or a database holding nothing yet
    govreport.convert([corpus], out, jobs=1, resume=True)
    assert integrity_problems(read_output(out), reference) == []


@pytest.mark.parametrize("ext", SOME)
def test_killed_parent_takes_its_workers_with_it_and_resume_is_exact(corpus, tmp_path, ext, small_commits):
    _needs(ext)
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    out = tmp_path / f"killed{ext}"
    pids_file = tmp_path / "pids"
    _forked_convert(corpus, out, jobs=2, kill_after=0.35, pids_file=pids_file)
    if pids_file.exists():
        pids = [int(p) for p in pids_file.read_text().split()]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.05)
        assert not [p for p in pids if _alive(p)], "workers outlived their parent"
    govreport.convert([corpus], out, jobs=2, resume=True)
    assert integrity_problems(read_output(out), reference) == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            state = next(line for line in f if line.startswith("State:"))
        return "Z" not in state.split()[1]  # a zombie has died (it waits to be reaped)
    except (FileNotFoundError, StopIteration):
        return False
    except OSError:  # pragma: no cover - no /proc
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.mark.parametrize("ext", FORMATS if FULL else [".sqlite"])
def test_a_killed_worker_is_replaced_and_its_file_reported(corpus, tmp_path, ext):
    _needs(ext)
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    out = tmp_path / f"out{ext}"
    pools = []
    failures = []

    def kill_one_worker(n, total, summary):
        if n == 10 and pools and pools[0] is not None:
            os.kill(pools[0].pids()[0], signal.SIGKILL)

    summary = govreport.convert([corpus], out, jobs=2, on_start=lambda t, s, pool: pools.append(pool),
                                progress=kill_one_worker, on_failure=failures.append)
    assert summary.parsed + summary.failed + summary.lost == len(reference["sources"])
    assert pools[0].lost_workers == 1
    lost = [f for f in failures if f.entry.status == "lost"]
    assert len(lost) == summary.lost <= 1
    for item in lost:
        assert "GR011" == item.diagnostics[0][1] and "SIGKILL" in item.diagnostics[0][3]
    found = read_output(out)
    assert set(found["sources"]) == set(reference["sources"])  # the batch went on past the loss
    again = govreport.convert([corpus], out, jobs=2, resume=True)
    assert again.parsed + again.failed == summary.lost  # a lost file is tried again
    assert integrity_problems(read_output(out), reference) == []


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("ext", FORMATS)
def test_full_disk_stops_with_a_clear_error_and_resume_is_exact(corpus, tmp_path, ext, small_commits):
    _needs(ext)
    clean = tmp_path / f"clean{ext}"
    reference = _clean(corpus, clean)
    size = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith("clean"))
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, f"{max(16, size // 2 // 4096 * 4)}k"):  # room for about half the output
        pytest.skip("cannot mount a small tmpfs here (needs root): the full-disk test needs one")
    try:
        out = disk / f"out{ext}"
        with pytest.raises(govreport.GovReportError) as stop:
            govreport.convert([corpus], out, jobs=1)
        assert "space" in str(stop.value).lower() or "full" in str(stop.value).lower()
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        govreport.convert([corpus], out, jobs=1, resume=True)
        assert integrity_problems(read_output(out), reference) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


@pytest.mark.parametrize("ext", FORMATS)
def test_a_second_convert_on_a_locked_output_says_who_holds_it_and_stops(corpus, tmp_path, ext):
    _needs(ext)
    out = tmp_path / f"out{ext}"
    holder = govreport.open_writer(out, mode="resume")
    try:
        proc = subprocess.run([sys.executable, "-m", "govreport", "convert", str(corpus), "-o", str(out), "--resume"],
                              capture_output=True, text=True)
    finally:
        holder.close()
    assert proc.returncode == 2
    assert "being written by another convert" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("ext", FORMATS if FULL else [".jsonl"])
def test_two_concurrent_converts_write_every_report_once(corpus, tmp_path, ext):
    _needs(ext)
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    out = tmp_path / f"out{ext}"
    cmd = [sys.executable, "-m", "govreport", "convert", str(corpus), "-o", str(out), "--resume", "--jobs", "1"]
    first = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    errs = [p.communicate()[1] for p in (first, second)]
    assert any(p.returncode in (0, 1) for p in (first, second))
    for p, err in zip((first, second), errs):
        assert p.returncode in (0, 1) or "being written by another convert" in err, err
    govreport.convert([corpus], out, jobs=1, resume=True)
    assert integrity_problems(read_output(out), reference) == []


@pytest.mark.parametrize("ext", [".jsonl"])
def test_ctrl_c_with_workers_commits_what_was_finished_and_stops_them(corpus, tmp_path, ext):
    reference = _clean(corpus, tmp_path / f"clean{ext}")
    out = tmp_path / f"out{ext}"
    pools, workers = [], []

    def interrupt(n, total, summary):
        if n == 7:
            workers.extend(pools[0].pids())
            raise KeyboardInterrupt

    with pytest.raises(govreport.ConvertInterrupted) as stop:
        govreport.convert([corpus], out, jobs=2, on_start=lambda t, s, pool: pools.append(pool), progress=interrupt)
    assert stop.value.summary.written == 7
    assert len(workers) == 2 and not [p for p in workers if _alive(p)]  # stopped, none left behind
    found = read_output(out)
    assert len(found["sources"]) == 7
    for source, entry in found["sources"].items():
        assert entry["rows"] == reference["sources"][source]["rows"]
    govreport.convert([corpus], out, jobs=2, resume=True)
    assert integrity_problems(read_output(out), reference) == []
