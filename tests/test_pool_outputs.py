"""convert with worker processes stores exactly what one process stores, in every output format:
the pool hands results on in the order chunks finish (and reads ahead while the writer stores),
so only the order of rows may differ, never a row."""

from __future__ import annotations

from collections import Counter

import pytest

import govreport
from factories import make_report
from govreport.render import render
from outputs_reading import read_output

FORMATS = [".sqlite", ".csv", ".jsonl", ".parquet", ".duckdb"]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("pool-outputs") / "inbox"
    root.mkdir()
    layouts = ("pipe", "tsv", "docx-export")
    for i in range(36):
        report = make_report("2019" if i % 2 else "2021", seed=4000 + i)
        (root / f"r{i:03d}.txt").write_text(render(report, layouts[i % 3]), encoding="utf-8")
    for i in range(3):  # failures are rows of the output too
        (root / f"broken{i}.txt").write_bytes(b"\x00\x02not a report" * (i + 1))
    return root


def _as_multisets(found: dict) -> dict:
    return {"rows": Counter(found["rows"]), "diagnostics": Counter(found["diagnostics"]),
            "sources": found["sources"]}


@pytest.mark.parametrize("shape", ["long", "wide"])
@pytest.mark.parametrize("ext", FORMATS)
def test_two_workers_store_what_one_process_stores(inbox, tmp_path, ext, shape):
    if ext in (".parquet", ".duckdb"):
        pytest.importorskip("pyarrow")
    if ext == ".duckdb":
        pytest.importorskip("duckdb")
    one = govreport.convert([inbox], tmp_path / f"one{ext}", jobs=1, shape=shape)
    two = govreport.convert([inbox], tmp_path / f"two{ext}", jobs=2, shape=shape)
    assert (one.parsed, one.failed, one.written) == (two.parsed, two.failed, two.written) == (36, 3, 39)
    found = [_as_multisets(read_output(tmp_path / f"{name}{ext}", shape)) for name in ("one", "two")]
    assert found[0] == found[1]
    assert len(found[0]["sources"]) == 39 and found[0]["rows"]
