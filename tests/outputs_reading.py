"""Read any govreport output back as plain Python, for tests that compare two runs."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from govreport.outputs import shape_table


def read_output(out: Path, shape: str = "long") -> dict[str, Any]:
    """``{"rows": [...], "diagnostics": [...], "sources": {source: entry}}``, rows as tuples."""
    table = shape_table(shape).name
    suffix = out.suffix
    if suffix in (".sqlite", ".duckdb"):
        if not out.exists():  # killed before the database was made
            return {"rows": [], "diagnostics": [], "sources": {}}
        if suffix == ".sqlite":
            db: Any = sqlite3.connect(out)
        else:
            import duckdb

            db = duckdb.connect(str(out), read_only=True)
        if suffix == ".sqlite":
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master").fetchall()}
        else:
            tables = {r[0] for r in db.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "sources" not in tables:  # killed before its tables were made: nothing committed
            db.close()
            return {"rows": [], "diagnostics": [], "sources": {}}
        rows = [tuple(r) for r in db.execute(f'SELECT * FROM "{table}"').fetchall()]
        diags = [tuple(r) for r in db.execute("SELECT * FROM diagnostics").fetchall()]
        sources = {r[0]: {"sha256": r[1], "status": r[2], "rows": r[3]} for r in db.execute(
            "SELECT source, sha256, status, rows FROM sources WHERE shape = ?", [shape]).fetchall()}
        db.close()
        return {"rows": rows, "diagnostics": diags, "sources": sources}
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        if not (out / "_diagnostics").exists():
            return {"rows": [], "diagnostics": [], "sources": {}}

        rows = [tuple(r.values()) for r in pq.read_table(out).to_pylist()]
        diags = [tuple(r.values()) for r in pq.read_table(out / "_diagnostics").to_pylist()]
        journal = out / "_journal.jsonl"
    else:
        side = out.with_name(f"{out.stem}.diagnostics{suffix}")
        if not (out.exists() and side.exists()):  # killed before its files were made: nothing committed
            return {"rows": [], "diagnostics": [], "sources": {}}
        journal = out.with_name(out.name + ".journal")
        # What a reader may trust: the bytes up to the journal's last commit (a killed run may
        # have appended part of a report after it; --resume cuts that off).
        data, side_data = _committed(out, journal, "data_end"), _committed(side, journal, "diag_end")
        if suffix == ".csv":
            rows = [tuple(r) for r in list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]]
            diags = [tuple(r) for r in list(csv.reader(io.StringIO(side_data.decode("utf-8-sig"), newline="")))[1:]]
        else:
            rows = [tuple(json.loads(x).values()) for x in data.decode("utf-8").splitlines()]
            diags = [tuple(json.loads(x).values()) for x in side_data.decode("utf-8").splitlines()]
    sources: dict[str, Any] = {}
    lines = journal.read_bytes().splitlines(keepends=True)[1:] if journal.exists() else []
    for line in lines:
        if not line.endswith(b"\n"):
            break  # a torn last line (a kill while it was written) was never a commit
        record = json.loads(line)
        for e in record.get("sources", ()):
            sources[e["source"]] = {"sha256": e["sha256"], "status": e["status"], "rows": e["rows"]}
        for s in record.get("removed", ()):
            sources.pop(s, None)
    return {"rows": rows, "diagnostics": diags, "sources": sources}


def integrity_problems(found: dict[str, Any], reference: dict[str, Any]) -> list[str]:
    """What differs from the reference run: lost, duplicated, partial or extra rows."""
    problems = []
    want, got = Counter(reference["rows"]), Counter(found["rows"])
    missing_sources = set(reference["sources"]) - set(found["sources"])
    if missing_sources:
        problems.append(f"{len(missing_sources)} source(s) lost: {sorted(missing_sources)[:3]}")
    extra = set(found["sources"]) - set(reference["sources"])
    if extra:
        problems.append(f"unexpected sources {sorted(extra)[:3]}")
    dup = [r for r, n in got.items() if n > 1]
    if dup:
        problems.append(f"{len(dup)} duplicated row(s), e.g. {dup[0]}")
    if want != got:
        lost_rows = want - got
        extra_rows = got - want
        problems.append(f"rows differ: {sum(lost_rows.values())} missing, {sum(extra_rows.values())} extra")
    if Counter(reference["diagnostics"]) != Counter(found["diagnostics"]):
        problems.append("diagnostics differ")
    per_source = Counter(r[0] for r in found["rows"])
    for source, entry in found["sources"].items():
        if per_source.get(source, 0) != entry["rows"]:
            problems.append(f"{source}: {per_source.get(source, 0)} rows, its entry says {entry['rows']} (partial)")
    return problems


def _committed(path: Path, journal: Path, key: str) -> bytes:
    """The bytes of ``path`` up to the last commit the journal records (``key``: its end in
    ``path``); the header alone when nothing was committed."""
    lines = journal.read_bytes().splitlines(keepends=True) if journal.exists() else []
    ends = []
    for n, line in enumerate(lines):
        if not line.endswith(b"\n"):
            break  # a torn last line was never a commit
        try:
            record = json.loads(line)
        except ValueError:
            break
        ends.append(record.get(key) if n else record.get(key.replace("_end", "_start")))
    data = path.read_bytes()
    end = next((e for e in reversed(ends) if e is not None), None)
    return data if end is None else data[:end]
