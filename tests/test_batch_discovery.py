"""Discovery that streams (issue 18): the files found under the inputs are kept on disk
(``batch.SourceList``), read a chunk at a time by the worker pool and by the one-process loop,
and found in the order, the de-duplication and the skipped counts of the walk they replaced
(sorted ``Path.rglob``, one dict of every resolved path), which is kept here as the oracle."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport
from factories import make_report
from govreport.batch import EXTENSIONS, SourceList, find_sources
from govreport.pool import WorkerPool
from govreport.render import render
from govreport.writers import journal_lines


def _oracle(paths: list[str | os.PathLike[str]]) -> tuple[tuple[str, ...], dict[str, int]]:
    """What ``find_sources`` returned before it streamed: every path sorted in memory (hidden
    files and the files of hidden sub-folders left out)."""
    seen: dict[str, None] = {}
    skipped: Counter[str] = Counter()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()
                            and not any(part.startswith(".") for part in x.relative_to(p).parts)):
                ext = f.suffix.lower()
                head = f.read_bytes()[:4096] if not ext else b""
                if ext in EXTENSIONS or (not ext and b"\x00" not in head and bool(head.strip())):
                    seen.setdefault(str(f.resolve()), None)
                else:
                    skipped[ext or "(none)"] += 1
        else:
            seen.setdefault(str(p.resolve()), None)
    return tuple(seen), dict(skipped)


# Names chosen to tell orders apart: "a" < "a b" < "a.txt" < "a/..." as names, not as strings
# ("a b/x" sorts before "a/x" as a string), case, a dot at the end, non-ASCII, hidden ones.
NAMES = ["a", "a b", "a.txt", "a-1.md", "B.TXT", "b.html", "中文.txt", "n", "z.bin", "x.", ".h.txt", "r.docx",
         "a.txt.bak", "Z"]


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> dict[str, object]:
    """A folder: name -> None (a text file), b"" (a binary file) or a sub-folder (a dict)."""
    names = draw(st.lists(st.sampled_from(NAMES), max_size=6, unique=True))
    tree: dict[str, object] = {}
    for name in names:
        kind = draw(st.sampled_from(["file", "binary", "folder"] if depth < 3 else ["file", "binary"]))
        tree[name] = draw(trees(depth + 1)) if kind == "folder" else (None if kind == "file" else b"")
    return tree


def _make(root: Path, tree: dict[str, object]) -> list[Path]:
    files = []
    root.mkdir(parents=True, exist_ok=True)
    for name, what in tree.items():
        path = root / name
        if isinstance(what, dict):
            files += _make(path, what)
        else:
            path.write_bytes(b"\x00\x01" if what == b"" else f"{name}\n".encode())
            files.append(path)
    return files


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees(), links=st.lists(st.tuples(st.integers(0, 50), st.sampled_from(["l.txt", "l", "dir"])),
                                    max_size=3),
       extra=st.lists(st.sampled_from(["again", "relative", "file", "sub"]), max_size=3, unique=True))
def test_the_walk_finds_what_the_sorted_walk_found_in_the_same_order(tmp_path_factory, tree, links, extra):
    base = tmp_path_factory.mktemp("walk")
    root = base / "in"
    files = _make(root, tree)
    folders = sorted({p.parent for p in files} | {root})
    for n, (at, kind) in enumerate(links):  # symlinks: to a file (one source: its target), to a folder (not walked)
        folder = folders[at % len(folders)]
        target = folders[(at + 1) % len(folders)] if kind == "dir" else (files[at % len(files)] if files else None)
        if target is not None:
            (folder / f"link{n}-{kind}").symlink_to(target)
    inputs: list[str | os.PathLike[str]] = [root]
    cwd = os.getcwd()
    os.chdir(base)
    try:
        for e in extra:  # the same files again, by other spellings: each source once, where first found
            if e == "again":
                inputs.append(str(root.resolve()))
            elif e == "relative":
                inputs.append("in/../in")
            elif e == "file" and files:
                inputs.insert(0, files[-1])
            elif e == "sub" and len(folders) > 1:
                inputs.insert(0, folders[-1])
        with SourceList(inputs) as found:
            got = (tuple(found), found.skipped)
            assert len(found) == len(got[0])
            assert all(f in found for f in got[0]) and "/nowhere.txt" not in found
        assert got == _oracle(inputs)
    finally:
        os.chdir(cwd)


def test_a_name_that_is_not_utf8_is_found_and_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ok.txt").write_text(render(make_report("2021", seed=3), "pipe"), encoding="utf-8")
    odd = os.fsdecode(os.fsencode(str(inbox)) + b"/\xff\xfe.txt")  # a name in some legacy encoding
    Path(odd).write_text(render(make_report("2019", seed=4), "tsv"), encoding="utf-8")
    found = find_sources([inbox])
    assert found.files == _oracle([inbox])[0] and set(found.files) == {str(inbox / "ok.txt"), odd}
    assert [type(item).__name__ for item in govreport.iter_parse([inbox])] == ["Report", "Report"]


def test_hidden_sub_folders_are_passed_over_counted_and_read_when_named(tmp_path):
    """A tool's folders inside a folder of reports (.git, .venv, .ipynb_checkpoints) hold text
    files that are not reports: they are not walked, the summary says how many, and a hidden
    folder named as an input is read."""
    inbox = tmp_path / "inbox"
    for folder in ("", ".venv/lib", ".ipynb_checkpoints", "2021"):
        (inbox / folder).mkdir(parents=True, exist_ok=True)
    (inbox / "a.txt").write_text(render(make_report("2021", seed=1), "pipe"), encoding="utf-8")
    (inbox / "2021" / "b.txt").write_text(render(make_report("2021", seed=2), "tsv"), encoding="utf-8")
    (inbox / ".venv" / "lib" / "LICENSE.txt").write_text("MIT License\n", encoding="utf-8")
    (inbox / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("x\n", encoding="utf-8")
    with SourceList([inbox]) as found:
        assert tuple(found) == (str(inbox / "2021" / "b.txt"), str(inbox / "a.txt"))
        assert found.hidden_folders == 2 and found.skipped == {}
    with SourceList([inbox / ".ipynb_checkpoints"]) as named:
        assert tuple(named) == (str(inbox / ".ipynb_checkpoints" / "a-checkpoint.txt"),)
    summary = govreport.convert([inbox], tmp_path / "out.csv", jobs=1)
    assert summary.parsed == 2 and summary.failed == 0
    assert "2 hidden folder(s) not walked (name one to read it)" in summary.line()


def test_a_big_folder_is_sorted_as_a_whole(tmp_path):
    # Many entries in one folder, files and sub-folders mixed: no in-memory sort of the folder
    # is involved, the list orders them.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = [f"{i * 7919 % 3001:05d}" for i in range(3001)]
    for n, name in enumerate(names):
        if n % 50 == 0:
            (inbox / name).mkdir()
            (inbox / name / "inner.txt").write_text("x\n", encoding="utf-8")
        else:
            (inbox / f"{name}.txt").write_text("x\n", encoding="utf-8")
    (inbox / "skip.bin").write_bytes(b"\x00")
    with SourceList([inbox]) as found:
        assert tuple(found) == _oracle([inbox])[0]
        assert found.skipped == {".bin": 1} and len(found) == 3001


def test_marks_select_views_in_the_order_found(tmp_path):
    for name in ("c.txt", "a.txt", "b.txt", "d.txt"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    with SourceList([tmp_path]) as found:
        a, b, c, d = (str(tmp_path / f"{n}.txt") for n in "abcd")
        found.begin()
        found.mark(c, 2)
        found.mark(a, 2)
        found.mark(b, 1)
        found.mark(str(tmp_path / "not-there.txt"), 2)  # passed over
        found.commit()
        two = found.marked(2)
        assert list(two) == [a, c] and len(two) == 2 and a in two and b not in two and 3 not in two
        assert list(found.marked(0, 1)) == [b, d] and found.count(1) == 1
        assert list(found.marked()) == [] and len(found.marked()) == 0
        assert set(two) | {b} == {a, b, c}  # a set like any other


class _Counted:
    """A collection that counts how many of its items were read."""

    def __init__(self, n: int) -> None:
        self.n, self.read = n, 0

    def __len__(self) -> int:
        return self.n

    def __contains__(self, item: object) -> bool:
        return isinstance(item, int) and 0 <= item < self.n

    def __iter__(self):
        for i in range(self.n):
            self.read += 1
            yield i


def _double(x: int) -> int:
    return 2 * x


def test_the_pool_reads_its_tasks_a_chunk_at_a_time():
    tasks = _Counted(3000)
    pool: WorkerPool[int, int] = WorkerPool(2, _double, chunk=10)
    results = pool.run(tasks, lambda task, reason: -1)
    first = next(results)
    # two chunks in flight per worker (and the chunk being cut): never the whole collection
    assert tasks.read <= 2 * 2 * 10 + 10, tasks.read
    rest = list(results)
    assert sorted([first, *rest]) == [2 * i for i in range(3000)] and tasks.read == 3000


def test_the_pool_stops_when_tasks_run_out_before_their_length():
    class Short(_Counted):
        def __len__(self) -> int:
            return self.n + 5  # says more than it holds

    pool: WorkerPool[int, int] = WorkerPool(2, _double, chunk=4)
    assert sorted(pool.run(Short(30), lambda task, reason: -1)) == [2 * i for i in range(30)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_convert_reads_the_files_found_as_it_goes(tmp_path, monkeypatch, jobs):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(40):
        (inbox / f"r{i:02d}.txt").write_text(render(make_report("2021", seed=i), "pipe"), encoding="utf-8")
    read = []
    sources = SourceList._sources

    def counted(self, sql, params=()):
        for s in sources(self, sql, params):
            read.append(s)
            yield s

    monkeypatch.setattr(SourceList, "_sources", counted)
    at_first: list[int] = []

    def progress(n, total, summary):
        if n == 1:
            at_first.append(len(read))
        assert total == 40

    summary = govreport.convert([inbox], tmp_path / "out.csv", jobs=jobs, progress=progress)
    assert summary.parsed == 40 and summary.files == 40
    assert at_first[0] < 40  # the first file was written before the list was read to its end


def test_a_journal_is_read_up_to_a_given_end(tmp_path):
    j = tmp_path / "j.jsonl"
    j.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": 3}\n')
    assert [r for _, r in journal_lines(j, end=18)] == [{"a": 1}, {"b": 2}]
    assert [r for _, r in journal_lines(j, end=17)] == [{"a": 1}]
    assert len(list(journal_lines(j))) == 3
