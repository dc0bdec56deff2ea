#!/usr/bin/env bash
# The leak harness, full run: a generated log with every rule's tokens (TOKENS per format),
# every rule's examples, passwords under sensitive names and PII_VALUES values of every PII
# family, redacted by `hush redact`'s logic; prints leaked / partly leaked values per rule and
# the over-redaction of ordinary tokens, for each seed. Exits 1 when anything leaked.
#
# usage: scripts/leaks.sh [TOKENS=3] [SEEDS="1 2 3"] [PII_VALUES=500] [extra `hush rules leaks` flags]
# The test suite runs one small seed with the targets (0 leaked, 0 partial) as thresholds
# (tests/leaks.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
tokens=${1:-3}
seeds=${2:-"1 2 3"}
pii=${3:-500}
shift $(( $# > 3 ? 3 : $# ))
if [ -z "${HUSH:-}" ]; then
  cargo build --release --quiet
fi
hush=${HUSH:-${CARGO_TARGET_DIR:-$PWD/target}/release/hush}
status=0
for seed in $seeds; do
  echo "== seed $seed, $tokens tokens per format, $pii values per PII family"
  "$hush" rules leaks --seed "$seed" --tokens "$tokens" --pii-values "$pii" "$@" || status=1
done
exit $status
