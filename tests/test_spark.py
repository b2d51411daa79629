"""The Spark recipe (docs/cluster.md) on a local Spark session, when pyspark and Java are here."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from factories import make_report
from govreport.render import render


def _spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip("pyspark is not installed: the Spark recipe's live test needs it (pip install pyspark)")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: the Spark recipe's live test needs one")
    from pyspark.sql import SparkSession

    # the executors' Python must be this one, where govreport is installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return SparkSession.builder.master("local[2]").appName("govreport-test").getOrCreate()


def test_map_in_pandas_with_the_published_schema(tmp_path):
    spark = _spark()
    import govreport
    import govreport.spark as gs

    files = []
    for i in range(6):
        p = tmp_path / f"r{i}.txt"
        p.write_text(render(make_report("2019", seed=i), "pipe"), encoding="utf-8")
        files.append(str(p))
    paths = spark.createDataFrame([(p,) for p in files], "path string").repartition(2)
    records = paths.mapInPandas(gs.parse_paths("long"), schema=gs.spark_schema("long")).toPandas()
    assert set(records["source"]) == {str(__import__("pathlib").Path(f).resolve()) for f in files}
    want = sum(govreport.parse_file(f).get_applications().get("new_received", "total") for f in files)
    got = records[(records["table"] == "applications") & (records["row"] == "new_received")
                  & (records["column"] == "total")]["value"].sum()
    assert got == want
