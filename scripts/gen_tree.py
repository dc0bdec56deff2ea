#!/usr/bin/env python3
"""Generate a tree of source-like text with sparse planted secrets, for benchmarks.

usage: gen_tree.py OUT_DIR SIZE_MB [SEED]

Files mix Python, Rust, JS, YAML and .env styles. Lines are built from templates that
contain the words secret scanners trip on (token, password, secret, key, auth, @, long
digit runs, URLs) so the prefilter sees a realistic hit rate. About one planted secret per
400 KB. Writes OUT_DIR.planted.txt (beside the tree) listing what was planted (value, path) for recall checks.
"""
import os
import random
import string
import sys
import zlib

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
WORDS = ("user account handler request response config value result items index buffer parser "
         "session cache client server retry timeout count offset payload header status error "
         "message logger context width height total name path node tree queue worker").split()
# Words secret scanners key on; real code uses them, but not on every line.
SENSITIVE = "token tokenizer password_hash secret_name key_id auth api_key credentials".split()


def ident(rng):
    parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.03:
        parts[rng.randrange(len(parts))] = rng.choice(SENSITIVE)
    return "_".join(parts)


def rand62(rng, n):
    return "".join(rng.choice(B62) for _ in range(n))


def github_token(rng):
    body = rand62(rng, 30)
    v = zlib.crc32(body.encode())
    check = ""
    for _ in range(6):
        check = B62[v % 62] + check
        v //= 62
    return "ghp_" + body + check


def planted(rng):
    kind = rng.randrange(5)
    if kind == 0:
        tok = github_token(rng)
        return f'GITHUB_TOKEN = "{tok}"', tok
    if kind == 1:
        tok = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
        return f"aws_access_key_id = {tok}", tok
    if kind == 2:
        tok = "sk_live_" + rand62(rng, 24)
        return f"stripe.api_key = '{tok}'", tok
    if kind == 3:
        tok = "xoxb-" + "".join(rng.choice(string.digits) for _ in range(11)) + "-" + \
              "".join(rng.choice(string.digits) for _ in range(12)) + "-" + rand62(rng, 24)
        return f"SLACK_BOT_TOKEN={tok}", tok
    pw = rand62(rng, 20)
    return f'DATABASE_URL = "postgres://app:{pw}@db.internal:5432/prod"', pw


TEMPLATES = [
    lambda r: f"    {ident(r)} = {ident(r)}({ident(r)}, {r.randint(0, 99999)})",
    lambda r: f"def {ident(r)}(self, {ident(r)}, {ident(r)}=None):",
    lambda r: f"    # TODO: handle the {ident(r)} when the count exceeds {r.randint(2, 512)}",
    lambda r: f'    logger.info("{ident(r)} %s took %d ms", {ident(r)}, {r.randint(1, 10**6)})',
    lambda r: f"    let {ident(r)}: Vec<u8> = {ident(r)}.iter().map(|x| x * {r.randint(1, 9)}).collect();",
    lambda r: f'  "{ident(r)}": "{ident(r)}",',
    lambda r: f'    url = "https://api.{ident(r)}.com/v{r.randint(1, 3)}/items?id={r.randint(10**5, 10**9)}"',
    lambda r: f"{ident(r).upper()}_TIMEOUT={r.randint(1, 300)}",
    lambda r: f"  - name: {ident(r)}\n    image: registry.local/{ident(r)}:{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 99)}",
    lambda r: f"    const {ident(r)} = await fetch(`/api/{ident(r)}/${{id}}`, {{ headers }});",
    lambda r: f"    assert_eq!({ident(r)}.len(), {r.randint(0, 4096)});",
    lambda r: f"    ts = {r.randint(10**9, 2 * 10**9)}  # unix seconds, {r.randint(0, 999)} ms",
    lambda r: "",
    lambda r: "    }",
    lambda r: f"    return {ident(r)}",
]

# Lines that mention credentials or people without leaking anything: common in real code,
# but far from every line.
RARE_TEMPLATES = [
    lambda r: f"    if {ident(r)}.password_hash != hash({ident(r)}): raise AuthError()",
    lambda r: f"// Copyright 2024 {ident(r)} <{ident(r)}@{ident(r)}.org>",
    lambda r: f"    secret_name = os.environ.get(\"{ident(r).upper()}\")",
    lambda r: f"    token = request.headers.get(\"Authorization\", \"\")",
    lambda r: f"    api_key: str = field(default_factory=lambda: os.environ[\"API_KEY\"])",
]


def line_of(rng):
    if rng.random() < 0.02:
        return rng.choice(RARE_TEMPLATES)(rng)
    return rng.choice(TEMPLATES)(rng)


EXTS = [".py", ".rs", ".js", ".yaml", ".go", ".env"]


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    target = size_mb * 1_000_000
    written = 0
    n = 0
    plants = []
    next_plant = rng.randint(200_000, 600_000)
    while written < target:
        d = os.path.join(out, f"pkg{n // 100:03d}", f"mod{(n // 10) % 10}")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"file{n}{rng.choice(EXTS)}")
        fsize = rng.randint(4_000, 120_000)
        lines = []
        size = 0
        while size < fsize:
            if written + size >= next_plant:
                line, value = planted(rng)
                plants.append((value, os.path.relpath(path, out)))
                next_plant += rng.randint(200_000, 600_000)
            else:
                line = line_of(rng)
            lines.append(line)
            size += len(line) + 1
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        written += size
        n += 1
    with open(out.rstrip("/") + ".planted.txt", "w") as f:
        for value, path in plants:
            f.write(f"{value}\t{path}\n")
    print(f"{n} files, {written / 1e6:.0f} MB, {len(plants)} planted secrets", file=sys.stderr)


if __name__ == "__main__":
    main()
