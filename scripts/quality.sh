#!/usr/bin/env bash
# The quality harness, full run: every rule with a [rule.token] table, tokens generated from its
# formats, planted in ~30 file types with and without a telling key name, look-alikes (short,
# long, failing checksum, placeholder) and hard negatives (hashes, lock files, UUIDs, base64
# blobs, minified JS, documentation examples, templates). Prints recall, precision and the
# hard-negative rate per family and in total, for each seed.
#
# usage: scripts/quality.sh [TOKENS_PER_FORMAT=3] [SEEDS="1 2 3"] [extra `hush rules quality` flags]
# The test suite runs one small seed with the targets as thresholds (tests/quality.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
tokens=${1:-3}
seeds=${2:-"1 2 3"}
shift $(( $# > 2 ? 2 : $# ))
cargo build --release --quiet
for seed in $seeds; do
  echo "== seed $seed, $tokens tokens per format"
  ./target/release/hush rules quality --seed "$seed" --tokens "$tokens" "$@"
done
