"""Datasets a data team can rely on: typed outputs with one schema, safe reruns, clear messages."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import govreport
from factories import make_report
from govreport import outputs
from govreport.cli import build_parser, main
from govreport.model import Cell, Table
from govreport.render import render
from outputs_reading import read_output

ALL = [".sqlite", ".csv", ".jsonl", ".parquet", ".duckdb"]


def _needs(ext: str) -> None:
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")


def _write(folder: Path, name: str, report, layout: str = "pipe") -> Path:
    path = folder / name
    path.write_text(render(report, layout), encoding="utf-8")
    return path


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "inbox"
    root.mkdir()
    for i, layout in enumerate(("pipe", "tsv", "docx-export")):
        _write(root, f"r{i}.txt", make_report("2019" if i % 2 else "2021", seed=i), layout)
    return root


def _with_cell(report, table_id: str, row: str, column: str, value):
    table = report.table(table_id)
    cells = tuple(Cell(c.table, c.row, c.column, value) if (c.row, c.column) == (row, column) else c
                  for c in table.cells)
    return attrs.evolve(report, **{table_id: Table(table.id, table.template, cells)})


# -- the published schema -------------------------------------------------------------------------

def test_every_output_table_declares_a_known_type_for_each_column():
    for table in outputs.TABLES.values():
        assert len(set(table.names)) == len(table.names)
        assert all(c.type in outputs.TYPES for c in table.columns)
        assert set(table.key) <= set(table.names)
    assert outputs.LONG.names == ("source", "table", "row", "column", "value", "text", "raw", "line")
    assert outputs.WIDE.names == govreport.WIDE_COLUMNS
    assert govreport.WIDE_DTYPES["applications.new_received.total"] == "Int64"
    assert govreport.WIDE_DTYPES["active.procurement.amount"] == "Float64"
    assert govreport.LONG_DTYPES["value"] == "Float64" and govreport.LONG_DTYPES["line"] == "Int64"


def test_schema_page_lists_every_table_and_type():
    page = outputs.schema_markdown()
    for table in outputs.TABLES.values():
        assert f"### `{table.name}`" in page
    for t in outputs.TYPES:
        assert outputs.DUCKDB_TYPES[t] in page and outputs.ARROW_TYPES[t] in page


def test_fit_keeps_exact_values_and_refuses_what_does_not_fit():
    assert outputs.fit_integer(2**63 - 1) == (2**63 - 1, None)
    assert outputs.fit_integer(10**19)[0] is None
    assert outputs.fit_decimal(785901.37) == (Decimal("785901.37"), None)
    assert outputs.fit_decimal(113095600.0) == (113095600, None)
    assert outputs.fit_decimal(0.0000001)[0] is None
    assert outputs.fit_decimal(float("nan"))[0] is None
    assert outputs.fit_decimal(Decimal(10) ** 32)[0] is None


@pytest.mark.parametrize("ext", [".sqlite", ".parquet", ".duckdb"])
def test_outputs_declare_the_published_types(inbox, tmp_path, ext):
    _needs(ext)
    out = tmp_path / f"out{ext}"
    govreport.convert([inbox], out, jobs=1)
    if ext == ".sqlite":
        db = sqlite3.connect(out)
        declared = {r[1]: r[2] for r in db.execute("PRAGMA table_info(records)")}
        assert declared == {c.name: outputs.SQLITE_TYPES[c.type] for c in outputs.LONG.columns}
        assert {r[0] for r in db.execute("SELECT DISTINCT typeof(value) FROM records")} <= {"integer", "real", "null"}
        assert {r[0] for r in db.execute("SELECT DISTINCT typeof(line) FROM records")} <= {"integer", "null"}
    elif ext == ".parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).schema == outputs.arrow_schema(outputs.LONG)
        assert pq.read_table(out / "_diagnostics").schema == outputs.arrow_schema(outputs.DIAGNOSTICS)
    else:
        import duckdb

        db = duckdb.connect(str(out), read_only=True)
        types = dict(db.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = 'records'").fetchall())
        assert types["value"] == "DECIMAL(38,6)" and types["line"] == "BIGINT" and types["raw"] == "VARCHAR"


def test_duckdb_sums_the_parquet_and_sqlite_outputs(inbox, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    govreport.convert([inbox], tmp_path / "o.parquet", jobs=1)
    govreport.convert([inbox], tmp_path / "o.sqlite", jobs=1)
    reports = [govreport.parse_file(p) for p in sorted(inbox.iterdir())]
    expected = sum(r.get_applications().get("new_received", "total") for r in reports)
    query = ('SELECT sum("value") FROM {} WHERE "table" = \'applications\' AND "row" = \'new_received\' '
             'AND "column" = \'total\'')
    db = duckdb.connect()
    assert db.execute(query.format(f"read_parquet('{tmp_path / 'o.parquet'}/*.parquet')")).fetchone()[0] == expected
    # the same SQL, unchanged, in SQLite
    assert sqlite3.connect(tmp_path / "o.sqlite").execute(query.format("records")).fetchone()[0] == expected
    if not _load_duckdb_sqlite(duckdb, db):
        pytest.skip(f"DuckDB {duckdb.__version__}'s sqlite extension cannot be had here: INSTALL needs DuckDB's "
                    "own download site, and the PyPI wheels that bundle it (duckdb-extension-sqlite-scanner) exist "
                    "only for DuckDB up to 1.5.5 (an extension loads only into its own version); the SQLite "
                    "file was summed by SQLite itself above")
    got = db.execute(query.format(f"sqlite_scan('{tmp_path / 'o.sqlite'}', 'records')")).fetchone()[0]
    assert got == expected


def _load_duckdb_sqlite(duckdb, db) -> bool:
    """Load DuckDB's sqlite extension: built in, installable, or from a wheel that bundles it for this version."""
    for attempt in ("LOAD sqlite", "INSTALL sqlite"):
        try:
            db.execute(attempt)
            db.execute("LOAD sqlite")
            return True
        except duckdb.Error:
            pass
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("duckdb_extension_sqlite_scanner")
    if spec is None or spec.origin is None:
        return False
    bundled = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" / "sqlite_scanner.duckdb_extension"
    if not bundled.exists():
        return False
    try:
        db.execute(f"LOAD '{bundled}'")
    except duckdb.Error:
        return False
    return True


@pytest.mark.parametrize("ext", ALL)
def test_a_20_digit_count_is_a_diagnostic_on_that_cell_and_the_batch_goes_on(tmp_path, ext):
    _needs(ext)
    inbox = tmp_path / "in"
    inbox.mkdir()
    huge = _with_cell(make_report("2019", seed=2), "applications", "new_received", "natural_person", 10**20)
    _write(inbox, "a-huge.txt", huge)
    _write(inbox, "b-fine.txt", make_report("2021", seed=3))
    out = tmp_path / f"out{ext}"
    summary = govreport.convert([inbox], out, jobs=1)
    assert (summary.parsed, summary.failed) == (2, 0)
    found = read_output(out)
    huge_source = str((inbox / "a-huge.txt").resolve())
    rows = [r for r in found["rows"] if r[0] == huge_source]
    cell = [r for r in rows if r[1:4] == ("applications", "new_received", "natural_person")]
    assert len(cell) == 1 and cell[0][4] in (None, "")  # null, not a wrong or rounded number
    assert cell[0][6] == str(10**20)  # the raw text keeps what the report said
    assert len(rows) == found["sources"][huge_source]["rows"] > 150  # the report's other rows are there
    # the number parser refuses it first (GR152: more digits than a count has); a value that
    # reached the writer and did not fit its column would be GR010: either way one diagnostic
    refused = [d for d in found["diagnostics"] if d[1] in ("GR010", "GR152")]
    assert len(refused) == 1 and "applications.new_received.natural_person" in refused[0][4]
    assert any(r[0] == str((inbox / "b-fine.txt").resolve()) for r in found["rows"])


def test_a_20_digit_count_in_the_wide_shape_is_null_with_gr010(tmp_path):
    huge = _with_cell(make_report("2019", seed=2), "applications", "granted", "total", 10**20)
    _write(tmp_path, "huge.txt", huge)
    out = tmp_path / "wide.sqlite"
    govreport.convert([tmp_path / "huge.txt"], out, shape="wide", jobs=1)
    db = sqlite3.connect(out)
    assert db.execute('SELECT "applications.granted.total" FROM reports_wide').fetchone() == (None,)
    assert db.execute("SELECT count(*) FROM diagnostics WHERE code IN ('GR010', 'GR152')").fetchone() == (1,)


# -- safe reruns -------------------------------------------------------------------------------

@pytest.mark.parametrize("ext", ALL)
def test_a_rerun_without_resume_or_overwrite_refuses_and_leaves_the_output_alone(inbox, tmp_path, ext, capsys):
    _needs(ext)
    out = tmp_path / f"out{ext}"
    assert main(["convert", str(inbox), "-o", str(out), "--jobs", "1"]) == 0
    before = read_output(out)
    assert main(["convert", str(inbox), "-o", str(out), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "already holds 3 source(s)" in err and "--resume" in err and "--overwrite" in err
    assert err.count("govreport:") == err.strip().count("\n") + 1  # one prefix per line, never doubled
    assert read_output(out) == before
    assert main(["convert", str(inbox), "-o", str(out), "--jobs", "1", "--overwrite"]) == 0
    assert sorted(read_output(out)["rows"]) == sorted(before["rows"])


@pytest.mark.parametrize("ext", ALL)
def test_the_same_files_by_three_spellings_are_stored_once(inbox, tmp_path, ext, monkeypatch):
    _needs(ext)
    out = tmp_path / f"out{ext}"
    monkeypatch.chdir(inbox.parent)
    govreport.convert(["inbox"], out, jobs=1)
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    again = govreport.convert(["../inbox"], out, jobs=1, resume=True)
    third = govreport.convert([str(inbox.resolve()), str(inbox / "r0.txt")], out, jobs=1, resume=True)
    assert (again.unchanged, again.parsed, third.unchanged, third.parsed) == (3, 0, 3, 0)
    found = read_output(out)
    assert len(found["sources"]) == 3
    assert len(found["rows"]) == len(set(found["rows"]))
    assert {r[0] for r in found["rows"]} == {str(p.resolve()) for p in inbox.iterdir()}


@pytest.mark.parametrize("ext", ALL)
def test_a_changed_file_is_parsed_again_and_replaces_its_rows(inbox, tmp_path, ext):
    _needs(ext)
    out = tmp_path / f"out{ext}"
    govreport.convert([inbox], out, jobs=1)
    changed = inbox / "r1.txt"
    _write(inbox, "r1.txt", make_report("2021", seed=99), "pipe")
    summary = govreport.convert([inbox], out, jobs=1, resume=True)
    assert (summary.unchanged, summary.replaced, summary.parsed) == (2, 1, 1)
    fresh = tmp_path / f"fresh{ext}"
    govreport.convert([inbox], fresh, jobs=1)
    assert sorted(read_output(out)["rows"]) == sorted(read_output(fresh)["rows"])
    assert read_output(out)["sources"][str(changed.resolve())]["sha256"] == \
        read_output(fresh)["sources"][str(changed.resolve())]["sha256"]


def test_long_and_wide_in_one_sqlite_keep_one_set_of_diagnostics(inbox, tmp_path):
    out = tmp_path / "both.sqlite"
    govreport.convert([inbox], out, jobs=1)
    db = sqlite3.connect(out)
    once = db.execute("SELECT count(*) FROM diagnostics").fetchone()[0]
    govreport.convert([inbox], out, shape="wide", jobs=1)  # another shape: not "already there"
    assert db.execute("SELECT count(*) FROM diagnostics").fetchone()[0] == once
    assert db.execute("SELECT shape, count(*) FROM sources GROUP BY 1 ORDER BY 1").fetchall() == [("long", 3),
                                                                                                 ("wide", 3)]


def test_resume_after_a_different_shape_or_format_is_refused_clearly(inbox, tmp_path):
    out = tmp_path / "o.csv"
    govreport.convert([inbox], out, jobs=1)
    with pytest.raises(govreport.OutputError, match="shape"):
        govreport.convert([inbox], out, jobs=1, shape="wide", resume=True)


def test_an_output_not_written_by_convert_is_never_appended_to(tmp_path, inbox):
    out = tmp_path / "foreign.csv"
    out.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(govreport.OutputError, match="no journal"):
        govreport.convert([inbox], out, jobs=1, resume=True)
    assert out.read_text(encoding="utf-8") == "a,b\n1,2\n"


# -- saying what happened ----------------------------------------------------------------------

def test_failures_get_a_line_each_and_skipped_files_are_counted_by_extension(inbox, tmp_path, capsys):
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "blob.bin").write_bytes(b"\x00" * 10)
    (inbox / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (inbox / "junk.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "o.sqlite"
    assert main(["convert", str(inbox), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    # .pdf is a report extension (the pdf plugin): a broken one fails like the broken .docx
    failed = [line for line in err if "broken.docx" in line or "junk.txt" in line or "scan.pdf" in line]
    assert len(failed) == 3 and all(line.startswith("govreport: /") for line in failed)
    summary = err[-1]
    assert "3 parsed" in summary and "3 failed" in summary
    assert "skipped 1 .bin" in summary and "diagnostics in" in summary and "o.sqlite" in summary
    assert not any("Traceback" in line or "internal error" in line for line in err)


def test_missing_inputs_and_unwritable_outputs_are_errors_before_any_work(inbox, tmp_path, capsys):
    out = tmp_path / "o.sqlite"
    assert main(["convert", str(inbox), str(tmp_path / "nope"), "-o", str(out)]) == 2
    assert "input not found" in capsys.readouterr().err and not out.exists()
    assert main(["convert", str(inbox), "-o", str(tmp_path / "nodir" / "o.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "internal error" not in err
    assert main(["convert", str(inbox), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert ".duckdb" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--jobs", "-1"], ["--jobs", "two"], ["--resume", "--overwrite"],
                                  ["--shape", "tall"]])
def test_argument_errors_come_from_argparse(inbox, tmp_path, argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["convert", str(inbox), "-o", str(tmp_path / "o.csv"), *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "usage: govreport convert" in err and "internal error" not in err


def test_every_argument_and_subcommand_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for choice in sub._choices_actions:
        assert choice.help, choice.dest
    for name, sp in sub.choices.items():
        for action in sp._actions:
            assert action.help, f"{name} {action.dest}"
    assert ".duckdb" in sub.choices["convert"].format_help() and ".parquet" in sub.choices["convert"].format_help()


def test_plain_progress_lines_without_a_terminal(monkeypatch):
    from govreport import progress

    monkeypatch.setattr(progress, "PLAIN_SECONDS", 0.0)
    stream = io.StringIO()
    show = progress.ConvertProgress("o.csv", stream, tty=False)
    summary = govreport.Summary(failed=1)
    show.start(10, summary, None)
    show.update(5, 10, summary)
    line = stream.getvalue().strip()
    assert line.startswith("govreport: o.csv: 5/10 files (50%)") and "files/s" in line and "ETA" in line
    assert "1 failed" in line


def test_ctrl_c_says_what_was_written_and_how_to_resume(inbox, tmp_path, monkeypatch, capsys):
    from govreport import progress

    def interrupt(self, n, total, summary):
        if n == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(progress.ConvertProgress, "update", interrupt)
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(inbox), "-o", str(out), "--jobs", "1"]) == 130
    err = capsys.readouterr().err
    assert "interrupted: 2 source(s) written" in err and f"-o {out} --resume" in err
    assert len(read_output(out)["sources"]) == 2


def test_a_closed_stdout_ends_quietly_with_the_conventional_status(tmp_path):
    files = [_write(tmp_path, f"r{i}.txt", make_report("2019", seed=i)) for i in range(20)]
    proc = subprocess.Popen([sys.executable, "-m", "govreport", "records", *map(str, files)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait() == 141
    assert json.loads(first)["table"] == "meta"
    assert err == ""


# -- embedding ---------------------------------------------------------------------------------

def test_iter_parse_yields_a_report_or_a_failure_per_source_in_order(inbox):
    (inbox / "zz-broken.txt").write_bytes(b"\x00\x01")
    items = list(govreport.iter_parse([inbox]))
    assert [type(i).__name__ for i in items] == ["Report", "Report", "Report", "Failure"]
    assert [Path(i.source).name for i in items] == ["r0.txt", "r1.txt", "r2.txt", "zz-broken.txt"]
    failure = items[-1]
    assert isinstance(failure, govreport.Failure) and failure.sha256 and "zz-broken.txt" in str(failure)


def test_parse_accepts_binary_file_objects(inbox):
    data = (inbox / "r0.txt").read_bytes()
    from_path = govreport.parse_file(inbox / "r0.txt")
    from_stream = govreport.parse_file(io.BytesIO(data))
    assert from_stream.source == "<stream>"
    assert [dict(r, source="") for r in from_stream.to_records()] == [dict(r, source="") for r in
                                                                      from_path.to_records()]
    with open(inbox / "r0.txt", "rb") as f:
        assert govreport.parse_file(f).source == str(inbox / "r0.txt")
    assert govreport.parse(io.BytesIO(data), source="x").source == "x"


def test_table_accessors_return_a_table_or_raise_a_clear_error():
    legacy = govreport.parse(render(make_report("legacy", seed=1), "narrative"))
    with pytest.raises(govreport.MissingTableError, match="applications"):
        legacy.get_applications()
    report = govreport.parse(render(make_report("2019", seed=1), "pipe"))
    assert isinstance(report.get_table("review_litigation"), govreport.Table)


def test_the_package_is_typed():
    assert (Path(govreport.__file__).parent / "py.typed").exists()


def test_mypy_strict_on_the_modules_of_the_dataset_side():
    pytest.importorskip("mypy")
    root = Path(__file__).resolve().parents[1] / "src" / "govreport"
    modules = ["outputs.py", "shaping.py", "batch.py", "writers", "lock.py", "pool.py", "convert.py", "progress.py",
               "cli.py", "export.py", "records.py", "model.py", "dask.py", "spark.py"]
    env = dict(os.environ, MYPY_CACHE_DIR=str(Path("/tmp") / "govreport-mypy-cache"))
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", *(str(root / m) for m in modules)],
                          capture_output=True, text=True, cwd=root.parents[1], env=env)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_the_sql_of_the_docs_runs_unchanged_in_sqlite_and_duckdb(inbox, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    (inbox / "junk.txt").write_bytes(b"\x00\x01")
    govreport.convert([inbox], tmp_path / "o.sqlite", jobs=1)
    govreport.convert([inbox], tmp_path / "o.duckdb", jobs=1)
    docs = Path(__file__).resolve().parents[1] / "docs"
    blocks = [b.split("```", 1)[0] for page in ("outputs.md", "embedding.md")
              for b in (docs / page).read_text(encoding="utf-8").split("```sql\n")[1:]]
    # statements end with ";"; a statement may start with a comment line
    statements = [s.strip() for b in blocks for s in b.split(";")
                  if any(line.strip() and not line.strip().startswith("--") for line in s.splitlines())]
    assert len(statements) >= 4
    lite = sqlite3.connect(tmp_path / "o.sqlite")
    duck = duckdb.connect(str(tmp_path / "o.duckdb"), read_only=True)
    for sql in statements:
        a = lite.execute(sql).fetchall()
        b = duck.execute(sql).fetchall()
        assert a, sql
        assert [tuple(float(v) if isinstance(v, Decimal) else v for v in r) for r in b] == \
            [tuple(float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in r)
             for r in a], sql


def test_an_output_path_that_is_a_folder_is_a_clear_error(inbox, tmp_path, capsys):
    (tmp_path / "o.csv").mkdir()
    assert main(["convert", str(inbox), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "o.csv" in err and "internal error" not in err and len(err.strip().splitlines()) == 1


def test_a_fifo_or_device_among_the_inputs_is_refused_without_reading(inbox, tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert main(["convert", str(inbox), str(fifo), "/dev/zero", "-o", str(tmp_path / "o.jsonl"), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("not a regular file") == 2 and "3 parsed" in err


def test_two_writers_on_one_output_in_one_process_are_refused_and_the_first_keeps_its_lock(tmp_path):
    out = tmp_path / "o.jsonl"
    first = govreport.open_writer(out)
    with pytest.raises(govreport.OutputError, match="another writer in this process"):
        govreport.open_writer(out, mode="resume")
    proc = subprocess.run([sys.executable, "-c", f"import govreport; govreport.open_writer({str(out)!r}, mode='resume')"],
                          capture_output=True, text=True)
    assert "being written by another convert" in proc.stderr  # the refused second writer did not drop the lock
    first.close()
    govreport.open_writer(out, mode="resume").close()


def test_an_unknown_format_name_is_one_error_before_any_work(inbox, tmp_path, capsys):
    out = tmp_path / "o.sqlite"
    assert main(["convert", str(inbox), "-o", str(out), "--format", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope" in err[0] and "pipe" in err[0] and not out.exists()
