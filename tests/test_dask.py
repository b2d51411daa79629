"""The cluster path: govreport.dask on a real distributed.LocalCluster with two worker processes."""

from __future__ import annotations

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import dask
from distributed import Client, LocalCluster

import govreport
import govreport.dask as gdask
from factories import make_report
from govreport.render import render

N_GOOD = 1000
CORRUPT = {"corrupt-zeros.txt": b"\x00" * 64, "corrupt-zip.docx": b"PK\x03\x04 broken", "corrupt-empty.txt": b"  \n",
           "corrupt-binary.txt": bytes(range(256))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask") / "reports"
    root.mkdir()
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(N_GOOD):
        report = make_report("2019" if i % 2 else "2021", seed=i)
        (root / f"r{i:04d}.txt").write_text(render(report, layouts[i % 3]), encoding="utf-8")
    for name, data in CORRUPT.items():
        (root / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def test_a_thousand_reports_on_a_two_worker_cluster_to_parquet(corpus, client, tmp_path):
    import pyarrow.parquet as pq

    got = gdask.read_reports(str(corpus / "*"), shape="long", blocksize=100)
    assert len(got.files) == N_GOOD + len(CORRUPT)
    assert {c: str(t) for c, t in got.frame.dtypes.items()} == govreport.LONG_DTYPES  # the declared meta
    out = tmp_path / "records"
    written = got.frame.to_parquet(str(out), compute=False, write_index=False)
    _, failures = dask.compute(written, got.failures)
    table = pq.read_table(out)
    sources = set(table.column("source").to_pylist())
    assert sources == {str((corpus / f"r{i:04d}.txt").resolve()) for i in range(N_GOOD)}  # every good report
    assert set(failures["source"]) == {str((corpus / n).resolve()) for n in CORRUPT}  # every bad one, as a row
    assert (failures["code"] == "GR005").all() and failures["message"].str.len().min() > 0
    assert table.num_rows > 150 * N_GOOD
    frame = table.to_pandas()
    assert str(frame["value"].dtype) in ("float64", "Float64") and str(frame["line"].dtype) in ("int64", "Int64")


def test_wide_shape_has_the_published_dtypes_and_agrees_with_convert(corpus, client, tmp_path):
    files = sorted(corpus.glob("r00[0-4]*.txt"))
    got = gdask.read_reports(files, shape="wide", blocksize=7)
    wide = got.frame.compute()
    assert {c: str(t) for c, t in wide.dtypes.items()} == govreport.WIDE_DTYPES
    assert len(wide) == len(files)
    direct = govreport.to_dataframe([govreport.parse_file(p.resolve()) for p in files], "wide")
    assert wide.sort_values("source").reset_index(drop=True).equals(direct.sort_values("source").reset_index(drop=True))


def test_a_bad_blocksize_is_a_clear_error(corpus):
    with pytest.raises(govreport.GovReportError, match="blocksize"):
        gdask.read_reports(corpus, blocksize=0)


def test_the_to_sql_recipe_into_sqlite(corpus, client, tmp_path):
    # docs/cluster.md's recipe, with SQLite as the database (one writer at a time: parallel=False)
    pytest.importorskip("sqlalchemy")
    import sqlite3

    files = sorted(corpus.glob("r00[0-1]*.txt")) + [corpus / name for name in CORRUPT]
    got = gdask.read_reports(files, shape="long", blocksize=40)
    db = tmp_path / "records.sqlite"
    got.frame.to_sql("records", f"sqlite:///{db}", if_exists="append", index=False, parallel=False,
                     chunksize=10_000)
    reports = [govreport.parse_file(p.resolve()) for p in files if p.name.startswith("r")]
    con = sqlite3.connect(db)
    stored = dict(con.execute('SELECT "source", count(*) FROM records GROUP BY "source"').fetchall())
    assert stored == {r.source: len(r.to_records()) for r in reports}  # every good report whole, no bad one
    total = con.execute('SELECT sum("value") FROM records WHERE "table" = \'applications\' AND '
                        '"row" = \'new_received\' AND "column" = \'total\'').fetchone()[0]
    assert total == sum(r.get_applications().get("new_received", "total") for r in reports)
    kinds = dict(con.execute('SELECT typeof("line"), count(*) FROM records GROUP BY 1').fetchall())
    assert set(kinds) <= {"integer", "null"} and kinds.get("integer")  # a number, not text
    con.close()
