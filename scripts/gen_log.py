#!/usr/bin/env python3
"""Generate a realistic application log for `scripts/bench-redact.sh`.

usage: gen_log.py OUT_FILE SIZE_MB [SEED]

Mixed lines: plain text access/app logs, key=value logs and JSON lines (about 40 %), with
about one secret or PII value per 1,000 lines (emails, SSNs, AWS key ids, GitHub tokens,
bearer tokens, passwords in query strings and JSON fields). Every value is synthetic.
"""
import json
import random
import string
import sys
import zlib

out_path, size_mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
target = size_mb * 1_000_000

WORDS = ("order user cart payment session cache worker queue retry upstream request response "
         "timeout connected closed shard replica index batch flush commit scheduler").split()
PATHS = ["/v1/orders", "/v1/users/{}", "/api/cart/{}/items", "/healthz", "/static/app.{}.js",
         "/v2/search?q={}&page=2", "/metrics", "/login", "/v1/payments/{}/capture"]
LEVELS = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]


def word():
    return rnd.choice(WORDS)


def ts(i):
    return f"2026-11-21T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z"


def rid():
    return "".join(rnd.choices("0123456789abcdef", k=16))


def path():
    return rnd.choice(PATHS).format(rnd.randint(1, 99999))


def clean(i):
    k = rnd.random()
    if k < 0.30:
        return (f'10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)} - - [{ts(i)}] '
                f'"GET {path()} HTTP/1.1" {rnd.choice([200, 200, 200, 304, 404, 500])} {rnd.randint(100, 90000)} '
                f'"-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"')
    if k < 0.60:
        return (f"{ts(i)} {rnd.choice(LEVELS)} [{word()}-worker-{rnd.randint(1, 16)}] {word()} {word()} "
                f"request_id={rid()} duration_ms={rnd.randint(1, 5000)} status=ok {word()} {word()}")
    return json.dumps({"ts": ts(i), "level": rnd.choice(LEVELS).lower(), "msg": f"{word()} {word()} {word()}",
                       "request_id": rid(), "path": path(), "status": rnd.choice([200, 201, 404]),
                       "duration_ms": rnd.randint(1, 5000), "user_id": rnd.randint(1, 10**6)})


def alnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(rnd.choices(alphabet, k=n))


BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def github_token():
    """A ghp_ token with a valid CRC32 checksum, as GitHub issues them."""
    body = alnum(30)
    v = zlib.crc32(body.encode())
    check = ""
    for _ in range(6):
        check = BASE62[v % 62] + check
        v //= 62
    return "ghp_" + body + check


def secret(i):
    k = rnd.randrange(8)
    if k == 0:
        return f"{ts(i)} INFO signup email={alnum(8).lower()}.{alnum(5).lower()}@mail{rnd.randint(1, 9)}.com ok"
    if k == 1:
        return f"{ts(i)} WARN kyc check ssn={rnd.randint(100, 665)}-{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)} pending"
    if k == 2:
        return f"{ts(i)} DEBUG aws client key_id=AKIA{alnum(16, string.ascii_uppercase + '234567')} region=eu-west-1"
    if k == 3:
        return f"{ts(i)} ERROR git push failed token={github_token()} remote=origin"
    if k == 4:
        return f"{ts(i)} DEBUG upstream headers Authorization: Bearer {alnum(40)}"
    if k == 5:
        return f'{ts(i)} INFO "GET /login?user=ana&password={alnum(10)} HTTP/1.1" 302'
    if k == 6:
        return json.dumps({"ts": ts(i), "level": "info", "msg": "login", "user": "ana", "password": alnum(12)})
    return json.dumps({"ts": ts(i), "level": "info", "msg": f"contact {alnum(7).lower()}@corp{rnd.randint(1, 9)}.io"})


# A pool of distinct clean lines, sampled (Python is too slow to format 3 million lines).
pool = [clean(i) for i in range(50_000)]
written = 0
i = 0
with open(out_path, "w") as f:
    while written < target:
        lines = rnd.choices(pool, k=10_000)
        for j in range(0, 10_000, 1000):
            lines[j + rnd.randrange(1000)] = secret(i + j)
        chunk = "\n".join(lines) + "\n"
        f.write(chunk)
        written += len(chunk)
        i += 10_000
print(f"{out_path}: {written / 1e6:.0f} MB, {i} lines", file=sys.stderr)
