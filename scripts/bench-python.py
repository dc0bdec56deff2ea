#!/usr/bin/env python3
"""Benchmark the Python binding (issue 21) against its floors, one core each.

usage: python scripts/bench-python.py [--size MB=100] [--log /tmp/hush-bench-py.log]

Run it with the Python of a venv holding the *release* wheel (`python/build-wheel --release`);
the `hush` command of that venv is the CLI compared against. Prints, best of 3 warm runs:
- `hush.redact` on the whole log (bytes and str) vs `hush redact -j 1` (the CLI on one core) and
  vs a three-pattern `re.sub` (SSN, AWS key id, email), as MB/s; target >= 0.8x the CLI;
- `RedactingFilter.filter` per 200-byte record, with no secret and with one (target < 5 us);
- `hush.load_vault` of a 200-entry key-file vault (target < 10 ms).
The log comes from scripts/gen_log.py and is never committed.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hush
import hush.logging

ROOT = Path(__file__).resolve().parent.parent


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--log", default="/tmp/hush-bench-py.log")
    args = ap.parse_args()
    log = Path(args.log)
    if not log.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts/gen_log.py"), str(log), str(args.size)],
                       check=True)
    os.sched_setaffinity(0, {0})  # one core, as the CLI's -j 1 below
    data = log.read_bytes()
    text = data.decode("utf-8", "replace")
    mb = len(data) / 1e6
    exe = shutil.which("hush") or sys.exit("no hush command on PATH")
    print(f"log: {log} ({mb:.0f} MB); one core (CPU 0)")

    def cli():
        with open(log, "rb") as f:
            subprocess.run(["taskset", "-c", "0", exe, "redact", "-j", "1"], stdin=f,
                           stdout=subprocess.DEVNULL, check=True)

    redactor = hush.Redactor()
    redactor.redact(data[:10000])
    t_cli = best(cli)
    t_bytes = best(lambda: redactor.redact(data))
    t_str = best(lambda: redactor.redact(text))
    patterns = [(re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{4}"), "[SSN]"),
                (re.compile(r"AKIA[0-9A-Z]{16}"), "[AWS]"),
                (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[EMAIL]")]

    def resub():
        out = text
        for rx, repl in patterns:
            out = rx.sub(repl, out)
        return out

    t_re = best(resub, runs=1)
    for name, t in [("hush redact -j 1 (CLI)", t_cli), ("hush.redact(bytes)", t_bytes),
                    ("hush.redact(str)", t_str), ("re.sub, 3 patterns (str)", t_re)]:
        print(f"{name:34} {t:7.2f} s {mb / t:8.1f} MB/s")
    print(f"hush.redact = {t_cli / t_bytes:.2f}x the CLI per core (bytes), {t_cli / t_str:.2f}x (str);"
          f" {t_re / t_bytes:.1f}x the speed of re.sub (target >= 0.8x the CLI)")

    # RedactingFilter: per 200-byte record.
    filt = hush.logging.RedactingFilter()
    body = "GET /v1/orders/8812 status=200 user=4412 took=12ms upstream=cart-svc shard=3 " \
           "replica=2 cache=hit retry=0 region=eu-west-1 trace=9f8e7d6c5b4a3928 span=1a2b3c4d " \
           "queue=orders batch=17 flush=ok"
    body = (body * 2)[:200]
    secret_body = body[:150] + " ana.lima@acmecorp.io"
    n = 50_000
    for label, msg in [("no secret", body), ("one email", secret_body)]:
        records = [logging.LogRecord("app", logging.INFO, "app.py", 1, msg, None, None)
                   for _ in range(n)]
        t0 = time.perf_counter()
        for r in records:
            filt.filter(r)
        per = (time.perf_counter() - t0) / n * 1e6
        print(f"RedactingFilter per 200-byte record, {label}: {per:.2f} us (target < 5 us)")
    records = [logging.LogRecord("app", logging.INFO, "app.py", 1, "%s %d", (body[:190], 7), None)
               for _ in range(n)]
    t0 = time.perf_counter()
    for r in records:
        filt.filter(r)
    print(f"RedactingFilter per record with %-args: {(time.perf_counter() - t0) / n * 1e6:.2f} us")

    # load_vault of a 200-entry vault.
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        plain = d / "plain.env"
        plain.write_text("".join(f"VAR_{i:03}=value-{i:03}-{os.urandom(12).hex()}\n"
                                 for i in range(200)))
        vault, key = d / ".env.vault", d / "vault.key"
        env = dict(os.environ, HUSH_VAULT_KEY="", XDG_CONFIG_HOME=str(d / "cfg"))
        for cmd in (["init"], ["import", str(plain), "--remove-plaintext"]):
            subprocess.run([exe, "vault", "--file", str(vault), "--keyfile", str(key), *cmd],
                           env=env, check=True, capture_output=True)
        times = []
        for _ in range(30):
            target = {}
            t0 = time.perf_counter()
            hush.load_vault(vault, keyfile=key, environ=target)
            times.append(time.perf_counter() - t0)
            assert len(target) == 200
        print(f"load_vault, 200 entries: median {statistics.median(times) * 1e3:.2f} ms, "
              f"best {min(times) * 1e3:.2f} ms (target < 10 ms)")


if __name__ == "__main__":
    main()
