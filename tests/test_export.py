"""Exports and batch conversion."""

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import govreport
from factories import make_report
from govreport import schema
from govreport.cli import main
from govreport.convert import convert, discover
from govreport.export import WIDE_COLUMNS, wide_row
from govreport.render import render


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for i, (template, layout) in enumerate([("2019", "pipe"), ("2021", "tsv"), ("2019", "docx-export"),
                                            ("legacy", "narrative")]):
        report = make_report(template, seed=i)
        folder = root / "sub" if i % 2 else root
        (folder / f"r{i}.txt").write_text(render(report, layout), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02 not a report")
    (root / "notes.md").write_text("just some notes\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    return root


def test_wide_columns_follow_the_data_contract():
    assert WIDE_COLUMNS[:7] == ("source", "format", "meta.agency", "meta.year", "meta.published", "meta.template",
                                "meta.script")
    cells = [c for c in WIDE_COLUMNS if not c.startswith(("meta.", "legacy.")) and c not in ("source", "format")]
    assert cells[: len(schema.cell_keys("2019"))] == schema.cell_keys("2019")
    assert set(cells) == set(schema.cell_keys("2019")) | set(schema.cell_keys("2021"))
    assert WIDE_COLUMNS[-5:] == tuple(f"legacy.{k}" for k in schema.LEGACY_KEYS)


def test_wide_row_values():
    report = govreport.parse(render(make_report("2021", seed=3), "tsv"), source="a.txt")
    row = wide_row(report)
    assert row["source"] == "a.txt" and row["meta.template"] == "2021"
    assert row["applications.new_received.total"] == report.applications.get("new_received", "total")
    assert row["active.procurement.amount"] is None  # a 2019-only cell
    assert row["legacy.fees"] is None


def test_discover_by_extension_and_content(corpus):
    found = {p.name for p in discover([corpus])}
    assert found == {"r0.txt", "r1.txt", "r2.txt", "r3.txt", "broken.txt", "notes.md"}


@pytest.mark.parametrize("ext", [".sqlite", ".jsonl", ".csv"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_convert_long(corpus, tmp_path, ext, jobs):
    out = tmp_path / f"out{ext}"
    summary = convert([corpus], out, jobs=jobs)
    assert (summary.parsed, summary.failed) == (4, 2)  # broken.txt and notes.md are not reports
    rows, diags = _read(out)
    assert {Path(r["source"]).name for r in rows} == {"r0.txt", "r1.txt", "r2.txt", "r3.txt"}
    failures = [d for d in diags if d["code"] == "GR005"]
    assert {Path(d["source"]).name for d in failures} == {"broken.txt", "notes.md"}
    assert all(d["message"] for d in failures)
    legacy = [r for r in rows if r["table"] == "legacy" and r["row"] == "active_disclosed"]
    assert len(legacy) == 1


def _read(out: Path):
    side = out.with_name(f"{out.stem}.diagnostics{out.suffix}")
    if out.suffix == ".sqlite":
        db = sqlite3.connect(out)
        db.row_factory = sqlite3.Row
        table = "records" if db.execute("select name from sqlite_master where name='records'").fetchone() \
            else "reports_wide"
        return [dict(r) for r in db.execute(f"select * from {table}")], \
            [dict(r) for r in db.execute("select * from diagnostics")]
    if out.suffix == ".jsonl":
        return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()], \
            [json.loads(x) for x in side.read_text(encoding="utf-8").splitlines()]
    with open(out, encoding="utf-8-sig", newline="") as f, open(side, encoding="utf-8-sig", newline="") as g:
        return list(csv.DictReader(f)), list(csv.DictReader(g))


def test_convert_wide_sqlite_and_query(corpus, tmp_path):
    out = tmp_path / "wide.sqlite"
    convert([corpus], out, shape="wide", jobs=1)
    db = sqlite3.connect(out)
    rows = db.execute('select "meta.template", count(*) from reports_wide group by 1 order by 1').fetchall()
    assert rows == [("2019", 2), ("2021", 1), ("legacy", 1)]


def test_csv_bom_for_excel(corpus, tmp_path):
    out = tmp_path / "out.csv"
    convert([corpus / "r0.txt"], out, bom=True, jobs=1)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_resume_skips_sources_already_written(corpus, tmp_path):
    out = tmp_path / "out.sqlite"
    first = convert([corpus / "r0.txt", corpus / "sub" / "r1.txt"], out, jobs=1)
    assert first.parsed == 2
    again = convert([corpus], out, jobs=1, resume=True)
    assert (again.unchanged, again.parsed, again.failed) == (2, 2, 2)
    rows, _ = _read(out)
    meta = [r for r in rows if r["table"] == "meta" and r["row"] == "agency"]
    assert len(meta) == 4  # every report once


def test_convert_cli_summary_and_exit(corpus, tmp_path, capsys):
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(corpus), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "4 parsed" in err and "2 failed" in err
    assert main(["convert", str(corpus / "r0.txt"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "cannot tell the output format" in capsys.readouterr().err


def test_to_dataframe_shapes(corpus):
    pd = pytest.importorskip("pandas")
    reports = [govreport.parse_file(p) for p in sorted(corpus.glob("r*.txt"))]
    long = govreport.to_dataframe(reports, "long")
    assert list(long.columns) == ["source", "table", "row", "column", "value", "text", "raw", "line"]
    assert {c: str(t) for c, t in long.dtypes.items()} == govreport.LONG_DTYPES
    wide = govreport.to_dataframe(reports, "wide")
    assert isinstance(wide, pd.DataFrame) and len(wide) == 2 and list(wide.columns) == list(WIDE_COLUMNS)
    assert {c: str(t) for c, t in wide.dtypes.items()} == govreport.WIDE_DTYPES


def test_library_import_does_not_import_pandas_or_pyarrow():
    code = "import sys, govreport; govreport.parse('x\\n' * 3, format='narrative'); " \
           "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_parquet_when_pyarrow_is_installed(corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    convert([corpus], out, jobs=1)
    table = pq.read_table(out)
    assert table.num_rows > 100 and "value" in table.column_names


@pytest.mark.parametrize("ext", [".sqlite", ".jsonl", ".csv"])
def test_interrupted_run_keeps_what_it_wrote_and_resume_finishes(corpus, tmp_path, ext):
    out = tmp_path / f"out{ext}"

    def interrupt_after_two(n, total, summary):
        if n == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert([corpus], out, jobs=1, progress=interrupt_after_two)
    rows, diags = _read(out)
    written = {r["source"] for r in rows} | {d["source"] for d in diags if d["code"] == "GR005"}
    assert len(written) == 2
    rest = convert([corpus], out, jobs=1, resume=True)
    assert rest.unchanged == 2 and rest.parsed + rest.failed == 4
    rows, diags = _read(out)
    assert len({r["source"] for r in rows}) == 4  # every report exactly once
    assert len([r for r in rows if r["table"] == "meta" and r["row"] == "agency"]) == 4


def test_convert_raises_the_gc_threshold_only_while_it_runs(corpus, tmp_path, monkeypatch):
    import gc

    module = sys.modules["govreport.convert"]  # the package's `convert` is the function
    seen = []
    real_work = module.FileWork.__call__
    monkeypatch.setattr(module.FileWork, "__call__",
                        lambda self, path: (seen.append(gc.get_threshold()[0]), real_work(self, path))[1])
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        convert([corpus], tmp_path / "out.jsonl", jobs=1)
        assert seen and all(t >= module.BATCH_GC_THRESHOLD for t in seen)
        assert gc.get_threshold() == (700, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_batch_gc_gives_the_threshold_back_even_after_an_error():
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(500, *before[1:])
        with pytest.raises(RuntimeError), govreport.batch_gc():
            assert gc.get_threshold()[0] >= 20_000
            raise RuntimeError("a failing loop body")
        assert gc.get_threshold() == (500, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_records_are_the_metadata_then_every_cell_of_the_report():
    from govreport.records import RECORD_FIELDS, record_values
    from govreport.schema import META_KEYS

    report = govreport.parse(render(make_report("2021", seed=3), "pipe"), source="r.txt")
    values = record_values(report)
    meta, cells = values[: len(META_KEYS)], values[len(META_KEYS):]
    assert [(v[1], v[2], v[4]) for v in meta] == [("meta", k, report.meta.field(k).value) for k in META_KEYS]
    assert len(cells) == len(list(report.cells())) > 150
    for v, c in zip(cells, report.cells()):
        assert v == ("r.txt", c.table, c.row, c.column, c.value, c.raw, c.span.line)
    assert report.to_records() == [dict(zip(RECORD_FIELDS, v)) for v in values]
