#!/usr/bin/env bash
# Cost of the rule count: start-up (a scan of an empty file, which every pre-commit call
# pays), peak memory, and scan throughput against the `rg` floor, for the built-in rules plus
# N synthetic filler rules each (prefixed tokens with distinct keywords, like real provider
# rules). Each N is a separate build of a copy of this tree with a filler rule file embedded.
#
# usage: scripts/bench-rules.sh [TREE_DIR=/tmp/hush-bench-tree] [N...=0 150 550]
# Needs what scripts/bench-scan.sh needs (python3, rg, GNU time); generates TREE_DIR if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/tmp/hush-bench-tree}
shift || true
counts=("${@:-0 150 550}")
[ -d "$tree" ] || python3 scripts/gen_tree.py "$tree" 220
find "$tree" -type f -exec cat {} + >/dev/null   # warm the page cache
work=$(mktemp -d)
target=${CARGO_TARGET_DIR_FILLER:-/tmp/hush-filler-target}
empty="$work/empty"; : >"$empty"

filler() { # N -> a rule file with N prefixed-token rules
  python3 - "$1" <<'PY'
import random, string, sys
n = int(sys.argv[1]); rng = random.Random(7)
print("# synthetic filler rules for scripts/bench-rules.sh")
for i in range(n):
    kw = "".join(rng.choice(string.ascii_lowercase) for _ in range(5)) + str(i) + "_"
    print(f"""
[[rule]]
id = 'filler-{i}'
description = 'Filler rule {i}'
provider = 'Filler {i}'
kind = 'secret'
keywords = ['{kw}']
regex = '''\\b({kw}[A-Za-z0-9]{{32}})\\b'''
confidence = 'high'
examples = ['a', 'b']
negative_examples = ['c', 'd']

[rule.token]
format = ['{kw}{{alnum:32}}']""")
PY
}

best() { # best wall seconds of RUNS runs of a command; prints "seconds peak_kb"
  local best="" mem="" t0 t1 t
  for _ in $(seq "${RUNS:-5}"); do
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$work/time" -f "%M" "$@" >/dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN{ printf "%.4f", b - a }')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$(tail -1 "$work/time"); fi
  done
  echo "$best $mem"
}

printf '%-8s %10s %12s %12s %10s %12s\n' rules startup-ms startup-MB scan-s rg-s vs-floor
for n in ${counts[*]}; do
  copy="$work/src-$n"
  mkdir -p "$copy"
  git ls-files -z | xargs -0 cp --parents -t "$copy"
  if [ "$n" -gt 0 ]; then
    filler "$n" >"$copy/patterns/zz-filler.toml"
    python3 - "$copy/src/patterns/builtin.rs" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
s = s.replace('pub(crate) const FILES: &[(&str, &str)] = &[',
  'pub(crate) const FILES: &[(&str, &str)] = &[\n    ("zz-filler.toml", include_str!(concat!(env!("OUT_DIR"), "/zz-filler.json"))),', 1)
open(p, "w").write(s)
PY
  fi
  (cd "$copy" && CARGO_TARGET_DIR="$target" cargo build --release --quiet)
  bin="$work/hush-$n"; cp "$target/release/hush" "$bin"
  rules=$("$bin" rules list | wc -l)
  read -r st sm < <(RUNS=20 best "$bin" scan "$empty")
  read -r rg_t _ < <(best rg -c --no-ignore zqxjv_literal "$tree")
  read -r sc_t _ < <(RUNS=3 best "$bin" scan --format json "$tree")
  awk -v r="$rules" -v st="$st" -v sm="$sm" -v sc="$sc_t" -v rg="$rg_t" \
    'BEGIN{ printf "%-8d %10.1f %12.1f %12.3f %10.3f %11.0f%%\n", r, st*1000, sm/1024, sc, rg, 100*rg/sc }'
done
rm -rf "$work"
