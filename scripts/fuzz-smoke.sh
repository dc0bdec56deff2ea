#!/usr/bin/env bash
# CI's fuzz step: builds every target in fuzz/ with libFuzzer's coverage instrumentation and
# runs each from its seed corpus for a fixed number of inputs (about 10 s each here), with a
# fixed seed, failing on the first crash.
#
#   scripts/fuzz-smoke.sh [SCALE]      # SCALE multiplies the inputs per target (default 1)
#
# Fixed seed and input counts make the run the same on every machine: CI fails on a change
# that breaks an invariant on these inputs, never on a new input found by luck (for that, run
# scripts/fuzz.sh for minutes or hours).
#
# Unlike scripts/fuzz.sh (the long runs, through cargo-fuzz with AddressSanitizer), this needs
# no cargo-fuzz and no nightly flags: the same instrumentation cargo-fuzz passes, on stable,
# without the sanitizer (whose rebuild of every dependency took most of half an hour here).
# Rust's own bounds and overflow checks (debug assertions on) still turn a bug into a crash.
set -euo pipefail
scale=${1:-1}
# Inputs per target: about 10 s each on the 2-core CI machines.
declare -A runs=(
    [config]=200000 [diff]=1000000 [dotenv]=800000 [redact_json]=15000
    [redact_text]=15000 [report]=250 [rules]=400000 [vault_file]=1000000
)
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
    n=$(( ${runs[$t]:-100000} * scale ))
    if ! "$bin/$t" "$scratch/$t" "corpus/$t" -seed=1 -runs="$n" -max_total_time=120 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$scratch/" >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz: $t FAILED" >&2
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $t ok: ${execs:-?} executions"
done
