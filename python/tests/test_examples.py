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
