#!/usr/bin/env bash
# Benchmark `hush seal` (issue 17): a 1 MB JSON config with 1,000 sensitive fields sealed and
# unsealed, one `seal get`, and a SQLite column migration of 100,000 rows (rows/s), beside
# `cat` of the same file as the floor. Key from a key file; best of 5 wall times.
#
# usage: scripts/bench-seal.sh [ROWS=100000]   (HUSH_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
if [ -z "${HUSH_BIN:-}" ]; then
    cargo build --release --quiet
fi
HUSH=${HUSH_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/hush}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > k.key
chmod 600 k.key
# 1,000 services, each with an api_key and ~1 KB of plaintext settings: ~1 MB.
python3 - <<'PY'
import json, random
random.seed(17)
doc = {"services": {}}
for i in range(1000):
    doc["services"][f"svc{i:04}"] = {
        "api_key": "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40)),
        "url": f"https://svc{i}.internal.example/api",
        "settings": {f"opt{j}": "x" * 40 for j in range(16)},
    }
open("config.json", "w").write(json.dumps(doc, indent=2) + "\n")
PY
"$HUSH" seal --keyfile k.key config.json > sealed.json 2>/dev/null
echo "config.json: $(wc -c < config.json) bytes, $(grep -c '"hush:v1:' sealed.json) sealed fields, $(nproc) cores"

best() { # name command...
    local name=$1 b=""
    shift
    for _ in 1 2 3 4 5; do
        local s e
        s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N)
        local t=$(( (e - s) / 1000 ))
        if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
    done
    awk -v n="$name" -v b="$b" 'BEGIN { printf "%-44s %8.1f ms\n", n, b / 1000 }'
}
best "cat config.json (floor)" cat config.json
best "seal (names only, --no-detect)" "$HUSH" seal --keyfile k.key --no-detect config.json
best "seal (names + detector)" "$HUSH" seal --keyfile k.key config.json
best "unseal" "$HUSH" unseal --keyfile k.key sealed.json
best "seal get services.svc0500.api_key" "$HUSH" seal get --keyfile k.key sealed.json services.svc0500.api_key
best "seal --check (no key)" "$HUSH" seal --check config.json

python3 - "$rows" <<'PY'
import sqlite3, sys, random
n = int(sys.argv[1])
con = sqlite3.connect("app.db")
con.execute("CREATE TABLE creds (id INTEGER PRIMARY KEY, name TEXT, token TEXT)")
con.executemany("INSERT INTO creds VALUES (?, ?, ?)",
                ((i, f"n{i}", "tok_%032x" % random.getrandbits(128)) for i in range(n)))
con.commit()
PY
s=$(date +%s%N)
"$HUSH" seal sqlite app.db --table creds --column token --id-column id --keyfile k.key 2>/dev/null
e=$(date +%s%N)
ms=$(( (e - s) / 1000000 ))
echo "seal sqlite: $rows rows in $ms ms = $(( rows * 1000 / (ms > 0 ? ms : 1) )) rows/s"
s=$(date +%s%N)
"$HUSH" unseal sqlite app.db --table creds --column token --id-column id --keyfile k.key 2>/dev/null
e=$(date +%s%N)
ms=$(( (e - s) / 1000000 ))
echo "unseal sqlite: $rows rows in $ms ms = $(( rows * 1000 / (ms > 0 ? ms : 1) )) rows/s"
