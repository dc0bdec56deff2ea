"""Redact a large log on every core of one machine with ``multiprocessing``.

    python redact_multiprocessing.py IN.log OUT.log [--workers N]

The file is cut into chunks at line boundaries (so a line is never split), each worker
process builds its ``hush.Redactor`` once and masks whole chunks, and the chunks are written
back in order: the output has the input's lines, in the input's order, masked. (Threads work
too, since hush releases the GIL; processes also spread the Python-side work.)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
from typing import Iterator, Optional

import hush

CHUNK = 8 << 20  # 8 MiB: large enough that per-chunk overhead vanishes

_redactor: Optional[hush.Redactor] = None


def _init(pii: bool) -> None:
    global _redactor
    _redactor = hush.Redactor(pii=pii)


def _redact(chunk: bytes) -> bytes:
    assert _redactor is not None
    return _redactor.redact(chunk)


def chunks(path: str, size: int = CHUNK) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at a newline (or at EOF)."""
    with open(path, "rb") as f:
        rest = b""
        while True:
            block = f.read(size)
            if not block:
                if rest:
                    yield rest
                return
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                rest = block
                continue
            rest = block[cut:]
            yield block[:cut]


def redact_file(src: str, dst: str, workers: Optional[int] = None, pii: bool = True,
                chunk_size: int = CHUNK) -> None:
    workers = workers or os.cpu_count() or 1
    with mp.get_context("spawn").Pool(workers, initializer=_init, initargs=(pii,)) as pool, \
            open(dst, "wb") as out:
        for masked in pool.imap(_redact, chunks(src, chunk_size)):
            out.write(masked)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--no-pii", action="store_true")
    args = ap.parse_args()
    redact_file(args.src, args.dst, args.workers, pii=not args.no_pii)


if __name__ == "__main__":
    main()
