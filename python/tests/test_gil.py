"""The GIL is released while hush works: other Python threads run meanwhile."""

from __future__ import annotations

import threading
import time

import hush
from conftest import TOKEN


def _big_text(mb: int) -> str:
    line = "2026-12-03T12:00:00Z INFO request handled path=/api/v1/items status=200 took=12ms\n"
    text = line * (mb * (1 << 20) // len(line))
    return text + f"auth {TOKEN}\n"


def test_python_threads_run_while_redacting():
    text = _big_text(4)
    redactor = hush.Redactor()
    done = threading.Event()
    spins = 0

    def work():
        redactor.redact(text)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    # If redact held the GIL, this loop would stall until it returned.
    while not done.is_set():
        spins += 1
    worker.join()
    assert spins > 1000, f"main thread barely ran ({spins} spins) while redacting"


def test_two_threads_redact_concurrently():
    text = _big_text(4)
    redactor = hush.Redactor()
    redactor.redact(text[:1000])
    intervals = []
    barrier = threading.Barrier(2)

    def work():
        barrier.wait()
        start = time.perf_counter()
        out = redactor.redact(text)
        intervals.append((start, time.perf_counter()))
        assert TOKEN not in out

    t0 = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = time.perf_counter() - t0
    t0 = time.perf_counter()
    redactor.redact(text)
    redactor.redact(text)
    serial = time.perf_counter() - t0
    (a0, a1), (b0, b1) = intervals
    assert max(a0, b0) < min(a1, b1), "the two redact calls did not overlap"
    print(f"two threads {parallel:.3f}s, serial {serial:.3f}s, ratio {serial / parallel:.2f}")
