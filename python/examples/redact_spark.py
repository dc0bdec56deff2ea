"""Redact a column of a Spark DataFrame with hush, in local mode here and unchanged on a cluster.

    pip install hush-secrets pyspark pandas pyarrow     # and a Java runtime (JRE 17)
    python redact_spark.py

``mapInPandas`` hands each executor Python worker batches of rows as pandas DataFrames; the
worker builds its ``hush.Redactor`` once (module-level cache) and masks the column batch by
batch. Every executor needs the hush-secrets wheel installed (as for any Python dependency).

Not run in CI: pyspark alone is a 456 MB download (see the README's Python section).
"""

from __future__ import annotations

from typing import Iterator

import hush

_redactor = None


def _get_redactor() -> hush.Redactor:
    global _redactor
    if _redactor is None:
        _redactor = hush.Redactor()
    return _redactor


def redact_batches(batches: Iterator["pandas.DataFrame"], column: str) -> Iterator["pandas.DataFrame"]:
    redactor = _get_redactor()
    for batch in batches:
        batch[column] = [None if v is None else redactor.redact(v) for v in batch[column]]
        yield batch


def redact_column(df: "pyspark.sql.DataFrame", column: str) -> "pyspark.sql.DataFrame":
    """``df`` with ``column`` (strings) masked; schema and row order within partitions kept."""
    return df.mapInPandas(lambda it: redact_batches(it, column), schema=df.schema)


def main() -> None:
    import os
    import sys

    from pyspark.sql import SparkSession

    # Local mode: the workers use this interpreter (the one with hush installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    spark = SparkSession.builder.master("local[2]").appName("hush-redact").getOrCreate()
    try:
        rows = [(1, "login ok for user 4412"), (2, "contact ana.lima@acmecorp.io"),
                (3, "connect postgres://app:S3cr3tPassw0rdX9@db.acmecorp.io/app")]
        df = spark.createDataFrame(rows, "id INT, message STRING")
        for row in redact_column(df, "message").orderBy("id").collect():
            print(row.id, row.message)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
