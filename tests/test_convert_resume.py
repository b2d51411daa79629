"""What a resume makes of each source: the plan reads the output's sources as they come
(``Writer.iter_committed``) and looks each up among the files found, so every case of the
family is checked against a clean run over the same final files."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

import govreport
from factories import make_report
from govreport.batch import Failure
from govreport.cli import main
from govreport.render import render
from govreport.writers import LOST, failure_converted, open_writer
from outputs_reading import integrity_problems, read_output

FORMATS = [".sqlite", ".csv", ".jsonl", ".parquet", ".duckdb"]


def _needs(ext: str) -> None:
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")


def _write(folder: Path, name: str, seed: int) -> Path:
    path = folder / name
    path.write_text(render(make_report("2019" if seed % 2 else "2021", seed=seed), "pipe"), encoding="utf-8")
    return path


@pytest.mark.parametrize("ext", FORMATS)
def test_a_resume_over_some_of_the_inputs_handles_each_kind_of_source(tmp_path, ext):
    # Five files: one unchanged, one changed since, one whose worker died (a "lost" entry), one
    # new, and one in the output that this resume does not name (it must stay as it is).
    _needs(ext)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = [_write(inbox, f"r{i}.txt", seed=40 + i) for i in range(4)]
    out = tmp_path / f"out{ext}"
    govreport.convert(files[:3], out, jobs=1)  # r0, r1, r2 written
    with open_writer(out, mode="resume") as w:  # r3 recorded as lost, as a dead worker leaves it
        w.add(failure_converted(Failure(str(files[3].resolve()), "worker died", "WorkerLost", code="GR011"), LOST))
    _write(inbox, "r1.txt", seed=90)  # changed
    new = _write(inbox, "r4.txt", seed=44)
    named = [files[1], files[2], files[3], new]  # r0 is not named this time
    summary = govreport.convert(named, out, jobs=1, resume=True)
    assert (summary.unchanged, summary.replaced, summary.parsed, summary.failed) == (1, 1, 3, 0)
    reference = tmp_path / f"reference{ext}"
    govreport.convert([files[0], *named], reference, jobs=1)
    found, want = read_output(out), read_output(reference)
    assert integrity_problems(found, want) == []
    assert {s: e["sha256"] for s, e in found["sources"].items()} == {s: e["sha256"] for s, e in want["sources"].items()}
    again = govreport.convert([inbox], out, jobs=1, resume=True)  # now all of them: nothing left to do
    assert (again.unchanged, again.parsed) == (5, 0)


@pytest.mark.parametrize("ext", [".sqlite", ".duckdb"])
def test_both_shapes_in_one_database_keep_one_set_of_diagnostics_through_a_resume(tmp_path, ext):
    # The writer asks the database which sources the other shape holds (it keeps no set of
    # them): each source's diagnostics stay once, whichever shape wrote them last.
    _needs(ext)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = [_write(inbox, f"r{i}.txt", seed=60 + i) for i in range(3)]
    out = tmp_path / f"both{ext}"
    govreport.convert(files[:2], out, jobs=1)
    govreport.convert(files[1:], out, shape="wide", jobs=1)
    _write(inbox, "r1.txt", seed=95)  # changed: both shapes parse it again
    govreport.convert(files, out, jobs=1, resume=True)
    govreport.convert(files, out, shape="wide", jobs=1, resume=True)
    reference = tmp_path / f"reference{ext}"
    govreport.convert(files, reference, jobs=1)
    found, want = read_output(out), read_output(reference)
    assert integrity_problems(found, want) == []
    assert Counter(found["diagnostics"]) == Counter(want["diagnostics"])
    assert read_output(out, "wide")["sources"].keys() == want["sources"].keys()


@pytest.mark.parametrize("ext", FORMATS)
def test_changed_files_spread_over_many_commits_are_each_replaced(tmp_path, ext, monkeypatch):
    # The files to drop reach the writer as a view of convert's list on disk (never a set in
    # memory): Parquet settles one part at a time, the journal formats copy commit by commit.
    _needs(ext)
    import importlib

    from govreport.writers.parquet import ParquetDatasetWriter

    convert_module = importlib.import_module("govreport.convert")  # the module (govreport.convert is the function)

    monkeypatch.setattr(ParquetDatasetWriter, "part_sources", 3)
    monkeypatch.setattr(convert_module, "COMMIT_REPORTS", 3)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(12):
        _write(inbox, f"r{i:02d}.txt", seed=100 + i)
    out = tmp_path / f"out{ext}"
    govreport.convert([inbox], out, jobs=1)
    for i in (0, 1, 2, 5, 9, 10):  # a whole part, parts with one changed, the last part
        _write(inbox, f"r{i:02d}.txt", seed=300 + i)
    summary = govreport.convert([inbox], out, jobs=1, resume=True)
    assert (summary.unchanged, summary.replaced, summary.parsed) == (6, 6, 6)
    reference = tmp_path / f"reference{ext}"
    govreport.convert([inbox], reference, jobs=1)
    found, want = read_output(out), read_output(reference)
    assert integrity_problems(found, want) == []
    assert {s: e["sha256"] for s, e in found["sources"].items()} == {s: e["sha256"] for s, e in want["sources"].items()}
    again = govreport.convert([inbox], out, jobs=1, resume=True)
    assert (again.unchanged, again.parsed) == (12, 0)


def _byte_named(folder: Path, raw: bytes, seed: int) -> Path:
    """A report file whose name is the bytes ``raw`` (not valid UTF-8): Python sees it with
    lone surrogates, as os.fsdecode gives them."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw)))
    try:
        path.write_text(render(make_report("2021", seed=seed), "pipe"), encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take a file name that is not valid UTF-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("ext", FORMATS)
def test_a_file_name_that_is_not_utf8_fails_alone_and_the_batch_goes_on(tmp_path, ext, jobs, capsys):
    # No output can store a lone surrogate, and a stand-in name could be another file's: the
    # file is a failure the summary counts (and the CLI prints), never stored, tried again by a
    # resume; every other file of the batch is stored as usual.
    _needs(ext)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = [_write(inbox, f"r{i}.txt", seed=60 + i) for i in range(3)]
    _byte_named(inbox, b"bad\xff\xfe.txt", seed=70)
    out = tmp_path / f"out{ext}"
    summary = govreport.convert([inbox], out, jobs=jobs)
    assert (summary.parsed, summary.failed) == (3, 1)
    assert set(read_output(out)["sources"]) == {str(p.resolve()) for p in good}
    again = govreport.convert([inbox], out, jobs=jobs, resume=True)
    assert (again.unchanged, again.parsed, again.failed) == (3, 0, 1)
    assert main(["convert", str(inbox), "-o", str(out), "--resume", "--jobs", str(jobs)]) == 1
    err = capsys.readouterr().err
    assert "bad\\udcff\\udcfe.txt: its file name is not valid UTF-8" in err


def test_a_folder_that_cannot_be_read_is_named_in_the_summary(tmp_path, monkeypatch, capsys):
    # Its files are not found: the run must say so, not look complete. (As root every folder
    # is readable, so the refusal is the system call's.)
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    _write(inbox, "r0.txt", seed=80)
    _write(inbox / "locked", "r1.txt", seed=81)
    scandir = os.scandir

    def refusing(path):  # type: ignore[no-untyped-def]
        if os.fsdecode(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    out = tmp_path / "out.csv"
    assert main(["convert", str(inbox), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 parsed" in err
    assert f"1 folder(s) could not be read, their files not found (first: {inbox.resolve() / 'locked'}: " \
           "Permission denied)" in err
