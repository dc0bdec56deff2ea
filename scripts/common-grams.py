#!/usr/bin/env python3
"""Prints the most common 4-byte grams of a source tree, most common first.

Usage: scripts/common-grams.py DIR [COUNT] > src/detect/common_grams.txt

A gram is four bytes with bit 5 of each set (ASCII case folded, as `grams_scan.rs` folds
them), printed as the 8 hex digits of its little-endian u32. hush's keyword search
(`src/detect/grams.rs`) represents each keyword by one of its grams and prefers one not
in this list: a common gram would send the search to check its keywords at every turn.
The shipped list was made from every tenth text file under ~/.cargo/registry/src, the
sources of about 230 crates.
"""
import collections
import os
import sys


def files(root):
    for base, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(base, name)


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    grams = collections.Counter()
    for n, path in enumerate(files(root)):
        if n % 10:
            continue
        try:
            with open(path, "rb") as f:
                data = f.read(1 << 20)
        except OSError:
            continue
        if b"\0" in data[:8000]:
            continue
        folded = bytes(b | 0x20 for b in data)
        grams.update(folded[i:i + 4] for i in range(len(folded) - 3))
    for gram, _ in grams.most_common(count):
        print("%08x" % int.from_bytes(gram, "little"))


if __name__ == "__main__":
    main()
