#!/usr/bin/env bash
# CI's fuzz step: builds every target in fuzz/ with libFuzzer's coverage instrumentation and
# runs each for SECONDS seconds (default 10) from its seed corpus, failing on the first crash.
#
#   scripts/fuzz-smoke.sh [SECONDS]
#
# Unlike scripts/fuzz.sh (the long runs, through cargo-fuzz with AddressSanitizer), this needs
# no cargo-fuzz and no nightly flags: the same instrumentation cargo-fuzz passes, on stable,
# without the sanitizer (whose rebuild of every dependency took most of half an hour here).
# Rust's own bounds and overflow checks (debug assertions on) still turn a bug into a crash.
set -euo pipefail
secs=${1:-10}
cd "$(dirname "$0")/../fuzz"
triple=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR="${HUSH_FUZZ_SMOKE_DIR:-$PWD/target}"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions"
# --target keeps RUSTFLAGS off build scripts, as cargo-fuzz does.
cargo build --release --bins --target "$triple" --quiet
bin="$CARGO_TARGET_DIR/$triple/release"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for src in fuzz_targets/*.rs; do
    t=$(basename "$src" .rs)
    mkdir -p "$scratch/$t" "corpus/$t"
    log="$scratch/$t.log"
    if ! "$bin/$t" "$scratch/$t" "corpus/$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$scratch/" >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz: $t FAILED" >&2
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $t ok: ${execs:-?} executions in ${secs} s"
done
