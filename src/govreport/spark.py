"""govreport on a Spark cluster through ``mapInPandas``, with the published schema.

A recipe rather than an integration: Spark is not a dependency, and everything here is
imported lazily. Each Spark task receives pandas batches of file paths and returns the typed
rows of those files; files that fail become rows of the diagnostics (GR005)::

    from pyspark.sql import SparkSession
    import govreport.spark as gs

    spark = SparkSession.builder.getOrCreate()
    paths = spark.createDataFrame([(p,) for p in files], "path string").repartition(64)
    records = paths.mapInPandas(gs.parse_paths("long"), schema=gs.spark_schema("long"))
    records.write.mode("overwrite").parquet("hdfs:///govreport/records")

Spark has no nullable 64-bit decimal path from pandas that keeps every row exact and fast, so
``decimal`` columns travel as doubles, as in pandas (:data:`govreport.LONG_DTYPES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .outputs import DECIMAL, INTEGER, OutputTable, shape_table


def spark_schema(shape: str = "long") -> Any:
    """The ``pyspark.sql.types.StructType`` of an output shape (or of any output table)."""
    from pyspark.sql import types as T

    table = shape if isinstance(shape, OutputTable) else shape_table(shape)
    kinds = {INTEGER: T.LongType(), DECIMAL: T.DoubleType()}
    return T.StructType([T.StructField(c.name, kinds.get(c.type, T.StringType()), True) for c in table.columns])


def parse_paths(shape: str = "long", format: str | None = None, *, column: str = "path"
                ) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A function for ``DataFrame.mapInPandas``: pandas batches of paths in, typed rows out."""
    table = shape_table(shape)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from .dask import parse_block

        for batch in batches:
            rows, _, _ = parse_block([str(p) for p in batch[column]], shape, format)
            yield rows.astype({c.name: ("float64" if c.type == DECIMAL else "Int64" if c.type == INTEGER else object)
                               for c in table.columns})

    return run
