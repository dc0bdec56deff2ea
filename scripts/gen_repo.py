#!/usr/bin/env python3
"""Write a `git fast-import` stream for a benchmark repository.

usage: gen_repo.py COMMITS FILES_PER_COMMIT [SEED] | git fast-import --quiet

Each commit rewrites FILES_PER_COMMIT source-like files (about 12 KB each) drawn from a pool of
800 paths, so every blob is distinct; about one commit in 40 plants a secret, and some later
commits delete a planted file again.
"""
import random
import string
import sys
import zlib

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
WORDS = ("user account handler request response config value result items index buffer parser "
         "session cache client server retry timeout count offset payload header status").split()


def ident(rng):
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def source(rng, size):
    lines, n = [], 0
    while n < size:
        line = rng.choice([
            f"    {ident(rng)} = {ident(rng)}({ident(rng)}, {rng.randint(0, 99999)})",
            f"def {ident(rng)}(self, {ident(rng)}):",
            f'    logger.info("{ident(rng)} took %d ms", {rng.randint(1, 10**6)})',
            f"    return {ident(rng)}",
            "",
        ])
        lines.append(line)
        n += len(line) + 1
    return "\n".join(lines) + "\n"


def token(rng):
    body = "".join(rng.choice(B62) for _ in range(30))
    v, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check = B62[v % 62] + check
        v //= 62
    return "ghp_" + body + check


def main():
    commits, per = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    out = sys.stdout.buffer
    paths = [f"src/pkg{i // 40}/mod{i}.py" for i in range(800)]
    planted = []
    for c in range(commits):
        msg = f"commit {c}\n".encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"committer Bench <bench@example.org> {1600000000 + c * 60} +0000\n".encode())
        out.write(f"data {len(msg)}\n".encode() + msg)
        for _ in range(per):
            data = source(rng, rng.randint(8_000, 16_000)).encode()
            out.write(f"M 100644 inline {rng.choice(paths)}\ndata {len(data)}\n".encode() + data + b"\n")
        if c % 40 == 7:
            path = f"config/secret{c}.env"
            data = f"GITHUB_TOKEN={token(rng)}\n".encode()
            out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
            planted.append(path)
        if c % 40 == 30 and planted:
            out.write(f"D {planted.pop(0)}\n".encode())
        out.write(b"\n")


if __name__ == "__main__":
    main()
