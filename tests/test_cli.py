import json
import subprocess
import sys
from pathlib import Path

from govreport.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_records_shape_and_bad_file_does_not_stop_the_batch(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage" * 3)
    good = FIXTURES / "tsv_shift_2019.txt"
    status = main(["records", str(bad), str(good)])
    out, err = capsys.readouterr()
    assert status == 1
    recs = [json.loads(x) for x in out.splitlines()]
    assert recs and all(set(r) == {"source", "table", "row", "column", "value", "raw", "line"} for r in recs)
    assert {r["source"] for r in recs} == {str(good)}
    meta = {r["row"]: r["value"] for r in recs if r["table"] == "meta"}
    assert meta["year"] == 2020 and all(r["column"] == "" for r in recs if r["table"] == "meta")
    blank = [r for r in recs if r["table"] == "review_litigation" and r["row"] == "review"]
    assert len(blank) == 5 and all(r["value"] is None for r in blank)
    assert "bad.txt" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_is_one_clear_line(capsys):
    assert main(["parse", "/nonexistent/report.txt"]) == 1
    err = capsys.readouterr().err
    assert "/nonexistent/report.txt" in err and "Traceback" not in err


def test_unknown_format_lists_installed(capsys):
    assert main(["records", "--format", "nope", str(FIXTURES / "tsv_shift_2019.txt")]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "pipe" in err and "docx-export" in err


def test_debug_shows_traceback(capsys):
    main(["parse", "--debug", "/nonexistent/report.txt"])
    assert "Traceback" in capsys.readouterr().err


def test_parse_json_and_formats(capsys):
    assert main(["parse", str(FIXTURES / "pipe_hant_2019.txt")]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["format"] == "pipe" and d["meta"]["script"]["value"] == "hant"
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    assert "pipe" in out and "narrative" in out and "from govreport" in out


def test_python_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "govreport", "records", str(FIXTURES / "docx_2021_split.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 0
    assert any(json.loads(x)["row"] == "other_handling.no_correction" for x in proc.stdout.splitlines())
