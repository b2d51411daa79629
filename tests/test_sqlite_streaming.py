"""The SQLite writer inserts each source as it is added, inside the transaction the next commit
ends: a source that fails half-way leaves nothing of itself and takes nothing else with it, and
a transaction lost underneath the writer is an error, never a commit of sources without rows."""

from __future__ import annotations

import sqlite3

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import make_report
from govreport.errors import OutputError
from govreport.outputs import LONG
from govreport.writers import Converted, converted_report, open_writer
from outputs_reading import read_output

_AT_SOURCE = LONG.names.index("source")


def _item(i: int) -> Converted:
    report = attrs.evolve(make_report("2019" if i % 2 else "2021", seed=700 + i), source=f"/in/s{i}.txt")
    return converted_report(report, "long", f"{i}".ljust(64, "0"), 100 + i)


def _broken_at(item: Converted, where: int) -> Converted:
    """``item`` with its row ``where`` unstorable (a value SQLite cannot bind): the rows before it
    are inserted when the error comes."""
    rows = list(item.rows)
    rows[where] = (*rows[where][:4], object(), *rows[where][5:])
    return attrs.evolve(item, rows=rows)


def _held(out) -> tuple[set[str], dict[str, int]]:
    found = read_output(out)
    counts: dict[str, int] = {}
    for r in found["rows"]:
        counts[r[_AT_SOURCE]] = counts.get(r[_AT_SOURCE], 0) + 1
    return set(found["sources"]), counts


@settings(max_examples=15, deadline=None)
@given(plan=st.lists(st.tuples(st.booleans(), st.integers(0, 250), st.booleans()), min_size=1, max_size=6))
def test_a_source_that_fails_while_added_leaves_nothing_and_the_others_commit(tmp_path_factory, plan):
    # plan: per source (does it fail, at which of its rows, commit after it)
    out = tmp_path_factory.mktemp("stream") / "out.sqlite"
    want: dict[str, int] = {}
    with open_writer(out, "long") as w:
        for i, (fails, where, commit) in enumerate(plan):
            item = _item(i)
            if fails:
                with pytest.raises((sqlite3.Error, OverflowError, TypeError)):
                    w.add(_broken_at(item, where % len(item.rows)))
            else:
                w.add(item)
                want[item.entry.source] = len(item.rows)
            if commit:
                w.commit()
    sources, counts = _held(out)
    assert sources == set(want)
    assert counts == want  # every row of each committed source, none of a failed one


def test_a_transaction_lost_under_the_writer_is_an_error_not_a_commit_without_rows(tmp_path):
    out = tmp_path / "out.sqlite"
    w = open_writer(out, "long")
    try:
        w.add(_item(0))
        w.commit()
        w.add(_item(1))
        w._db.execute("ROLLBACK")  # what a full disk can do to the open transaction
        with pytest.raises(OutputError, match="lost with their transaction"):
            w.commit()
        w.add(_item(2))  # the writer goes on with a transaction of its own
    finally:
        w.close()
    sources, counts = _held(out)
    assert sources == {"/in/s0.txt", "/in/s2.txt"}
    assert set(counts) == sources


def test_rows_are_in_the_open_transaction_and_visible_to_others_only_when_committed(tmp_path):
    out = tmp_path / "out.sqlite"
    with open_writer(out, "long") as w:
        w.add(_item(0))
        reader = sqlite3.connect(out)
        try:
            assert reader.execute("SELECT count(*) FROM records").fetchone()[0] == 0
            assert reader.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
            w.commit()
            assert reader.execute("SELECT count(*) FROM records").fetchone()[0] == len(_item(0).rows)
            assert reader.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
        finally:
            reader.close()
