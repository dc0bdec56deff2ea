#!/usr/bin/env bash
# Benchmark `hush scan` against the I/O + regex floor (`rg -c` of one literal) and ripsecrets.
#
# usage: scripts/bench-scan.sh [SIZE_MB=220] [TREE_DIR=/tmp/hush-bench-tree]
# Needs: python3, rg (apt-get install ripgrep), optionally ripsecrets on PATH
# (cargo install ripsecrets). Reports wall time, MB/s and peak RSS of each, best of 3 warm runs,
# plus hush's recall of the planted secrets. An existing TREE_DIR is scanned as it is (no
# generation, no recall check): `scripts/bench-scan.sh 0 ~/.cargo/registry/src/index.crates.io-*`
# measures real source.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-220}
tree=${2:-/tmp/hush-bench-tree}

cargo build --release --quiet
hush=$PWD/target/release/hush
if [ ! -d "$tree" ]; then
  python3 scripts/gen_tree.py "$tree" "$size"
fi
mb=$(du -sm --apparent-size "$tree" | cut -f1)
cat "$(find "$tree" -type f | head -2000)" >/dev/null 2>&1 || true
find "$tree" -type f -exec cat {} + >/dev/null   # warm the page cache

# best of 3 (RUNS): prints "seconds peak_kb". Wall time comes from bash's microsecond clock
# (GNU time rounds to 10 ms, too coarse for the rg floor); peak RSS from GNU time.
tfile=$(mktemp)
measure() {
  local best="" mem=
  for _ in $(seq "${RUNS:-3}"); do
    local out t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$tfile" -f "%M" "$@" >/dev/null 2>/dev/null || true
    t1=$EPOCHREALTIME
    local t m
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN{ printf "%.4f", b - a }')
    m=$(tail -1 "$tfile")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

report() {
  local name=$1 t=$2 m=$3
  awk -v n="$name" -v t="$t" -v m="$m" -v mb="$mb" \
    'BEGIN{ printf "%-34s %7.3f s %8.0f MB/s %7.1f MB peak\n", n, t, (t>0? mb/t : 0), m/1024 }'
}

echo "tree: $tree ($mb MB, $(find "$tree" -type f | wc -l) files), $(nproc) cores"
read -r t m < <(measure sh -c "find '$tree' -type f -print0 | xargs -0 cat")
report "cat (every file)" "$t" "$m"
read -r rg_t m < <(measure rg -c --no-ignore zqxjv_literal "$tree")
report "rg -c literal (floor)" "$rg_t" "$m"
read -r t m < <(measure "$hush" scan --format json "$tree")
report "hush scan (secrets)" "$t" "$m"
read -r hush_t m < <(measure "$hush" scan --pii --format json "$tree")
report "hush scan --pii (full rule set)" "$hush_t" "$m"
awk -v a="$rg_t" -v b="$hush_t" 'BEGIN{ printf "hush --pii throughput = %.0f%% of the rg floor (target >= 25%%)\n", 100*a/b }'
if command -v ripsecrets >/dev/null; then
  read -r t m < <(RUNS=1 measure ripsecrets "$tree")   # slow: one run
  report "ripsecrets" "$t" "$m"
fi

# Recall of the planted secrets.
planted="${tree%/}.planted.txt"
if [ -f "$planted" ]; then
  "$hush" scan --show-secrets --format jsonl "$tree" >/tmp/hush-bench-findings.jsonl || true
  python3 - "$planted" /tmp/hush-bench-findings.jsonl <<'PY'
import json, sys
planted = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
found = {(f["secret"], f["path"]) for f in map(json.loads, open(sys.argv[2]))}
found_values = {s for s, _ in found}
hit = sum(1 for v, p in planted if v in found_values)
print(f"recall: {hit}/{len(planted)} planted secrets found; {len(found)} findings in total")
PY
fi
