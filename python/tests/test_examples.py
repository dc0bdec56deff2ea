"""The scale-out examples in python/examples: multiprocessing on one machine."""

from __future__ import annotations

import sys
from pathlib import Path

import hush
from conftest import OTHER_TOKEN, TOKEN, assert_absent

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import redact_multiprocessing  # noqa: E402


def test_multiprocessing_matches_one_process(tmp_path):
    lines = []
    for i in range(20_000):
        if i % 997 == 0:
            lines.append(f"{i} auth token={TOKEN if i % 2 else OTHER_TOKEN} ok\n")
        elif i % 1499 == 0:
            lines.append(f'{{"n": {i}, "email": "ana.lima@acmecorp.io"}}\n')
        else:
            lines.append(f"{i} GET /v1/orders/{i} status=200 took={i % 97}ms\n")
    src, dst = tmp_path / "in.log", tmp_path / "out.log"
    src.write_text("".join(lines))
    # Small chunks, so many chunk edges fall inside the file.
    redact_multiprocessing.redact_file(str(src), str(dst), workers=2, chunk_size=64 << 10)
    out = dst.read_text()
    assert out == hush.redact(src.read_text())
    assert out.count("\n") == len(lines)
    assert_absent(out, TOKEN, "multiprocessing output")
    assert_absent(out, OTHER_TOKEN, "multiprocessing output")


def test_spark_local_mode_redacts_a_column():
    """Runs only where pyspark, pandas, pyarrow and a JRE are installed (not in CI: pyspark is a
    456 MB download; see the README)."""
    import os
    import shutil

    import pytest

    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if not shutil.which("java"):
        pytest.skip("no Java runtime")
    import redact_spark
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("hush-test").getOrCreate()
    # Ship the example module to the workers, as on a cluster.
    spark.sparkContext.addPyFile(redact_spark.__file__)
    try:
        rows = [(i, f"row {i} token {TOKEN}" if i % 3 == 0 else f"row {i} ok") for i in range(60)]
        df = spark.createDataFrame(rows, "id INT, message STRING").repartition(3)
        out = {r.id: r.message for r in redact_spark.redact_column(df, "message").collect()}
    finally:
        spark.stop()
    assert len(out) == 60
    for i, message in out.items():
        assert message == hush.redact(dict(rows)[i])
        assert_absent(message, TOKEN, "Spark output")
