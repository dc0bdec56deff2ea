#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS seconds each (default 60), starting from
# its seed corpus in fuzz/corpus/<target>/ (read only: new inputs go to a scratch directory).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); runs on stable Rust through
# RUSTC_BOOTSTRAP=1 (libFuzzer's sanitizer flags are nightly-only). Prints one line per
# target with its executions and CPU seconds; stops at the first crash, whose input libFuzzer
# leaves in fuzz/artifacts/<target>/ (turn it into a regression test).
set -euo pipefail
secs=${1:-60}
shift || true
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
# One build of every target (release, debug assertions on, AddressSanitizer).
cargo fuzz build -O --debug-assertions
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
TIMEFORMAT='%U %S' # what `time` prints: user and system CPU seconds
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t" "corpus/$t"
    log="$scratch/$t.log"
    if ! { time cargo fuzz run -O --debug-assertions "$t" "$scratch/$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; } 2>"$scratch/$t.time"; then
        tail -40 "$log"
        echo "fuzz: $t FAILED (input in fuzz/artifacts/$t/)" >&2
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$scratch/$t.time")
    echo "fuzz: $t ok: ${execs:-?} executions, $cpu CPU s"
done
