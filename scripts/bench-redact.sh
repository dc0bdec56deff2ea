#!/usr/bin/env bash
# Benchmark `hush redact` (every rule, PII on) against `cat` and a three-pattern `sed -E`
# (SSN, AWS key id, email; each an s///g) on the same generated log, one core each.
#
# usage: [HUSH=BINARY] scripts/bench-redact.sh [SIZE_MB=540] [LOG=/tmp/hush-bench.log]
# Needs python3, sed, /usr/bin/time. Reports wall time, MB/s and peak RSS, best of 3 warm runs.
# The log is generated once (scripts/gen_log.py) and never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-540}
log=${2:-/tmp/hush-bench.log}

# HUSH=path/to/hush measures that binary instead of building this tree (before/after runs).
if [ -z "${HUSH:-}" ]; then
  cargo build --release --quiet
fi
hush=${HUSH:-${CARGO_TARGET_DIR:-$PWD/target}/release/hush}
if [ ! -f "$log" ]; then
  python3 scripts/gen_log.py "$log" "$size"
fi
mb=$(stat -c %s "$log" | awk '{ printf "%.0f", $1 / 1e6 }')   # MB = 10^6 bytes
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat "$log" >/dev/null   # warm the page cache

# best of 3, pinned to CPUS (default: core 0): prints "seconds peak_kb"
measure() {
  local best="" mem=""
  for _ in 1 2 3; do
    local out
    /usr/bin/time -f "%e %M" -o "$tmp" taskset -c "${CPUS:-0}" "$@" <"$log" >/dev/null 2>/dev/null || true
    out=$(tail -1 "$tmp")
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

report() {
  awk -v n="$1" -v t="$2" -v m="$3" -v mb="$mb" \
    'BEGIN{ printf "%-40s %7.2f s %8.0f MB/s %7.1f MB peak\n", n, t, (t>0? mb/t : 0), m/1024 }'
}

echo "log: $log ($mb MB, $(wc -l <"$log") lines); pinned to one core unless said"
read -r t m < <(measure cat)
report "cat" "$t" "$m"
ssn='[0-9]{3}-[0-9]{2}-[0-9]{4}'
aws='AKIA[0-9A-Z]{16}'
email='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
read -r sed_t m < <(measure sed -E -e "s/$ssn/[SSN]/g" -e "s/$aws/[AWS]/g" -e "s/$email/[EMAIL]/g")
report "sed -E (3 patterns)" "$sed_t" "$m"
read -r hush_t m < <(measure "$hush" redact)
report "hush redact (all rules, PII on)" "$hush_t" "$m"
all_cpus="0-$(($(nproc) - 1))"
read -r all_t m < <(CPUS=$all_cpus measure "$hush" redact)
report "hush redact, all $(nproc) cores (default -j)" "$all_t" "$m"
read -r t m < <(measure "$hush" redact --buffered)
report "hush redact --buffered" "$t" "$m"
read -r t m < <(measure "$hush" scan --pii --format json -)
report "hush scan --pii - (the detector alone)" "$t" "$m"
awk -v a="$sed_t" -v b="$hush_t" -v c="$all_t" 'BEGIN{ printf "hush redact = %.2fx the speed of sed on one core, %.2fx with every core (target >= 1.0)\n", a/b, a/c }'

# What was masked (sanity: about one value per 1,000 lines).
"$hush" redact --stats <"$log" 2>&1 >/dev/null | head -20
