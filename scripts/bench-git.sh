#!/usr/bin/env bash
# Benchmark `hush git` against git's own floors on a generated history.
#
# usage: scripts/bench-git.sh [COMMITS=2200] [FILES_PER_COMMIT=4] [REPO=/tmp/hush-bench-repo]
# Reports wall time and peak RSS (best of 3) of:
#   git cat-file --batch-all-objects --batch   (the blob floor: every object read once)
#   git log -p --all                           (git producing every diff)
#   hush git --all, hush git HEAD~1000..HEAD, and hush git --staged on 400 files / 40,000 lines.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-2200}
per=${2:-4}
repo=${3:-/tmp/hush-bench-repo}

cargo build --release --quiet
hush=$PWD/target/release/hush
if [ ! -d "$repo/.git" ]; then
  git init -q -b main "$repo"
  python3 scripts/gen_repo.py "$commits" "$per" | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q main
  git -C "$repo" gc -q
fi
blob_mb=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '$1=="blob"{s+=$2} END{printf "%.0f", s/1e6}')
echo "repo: $repo, $(git -C "$repo" rev-list --all --count) commits, $blob_mb MB of distinct blobs, $(nproc) cores"

tfile=$(mktemp)
measure() {
  local best="" mem=""
  for _ in 1 2 3; do
    local out t m
    /usr/bin/time -o "$tfile" -f "%e %M" "$@" >/dev/null 2>/dev/null || true
    out=$(tail -1 "$tfile")
    t=${out% *}; m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}
report() { awk -v n="$1" -v t="$2" -v m="$3" 'BEGIN{ printf "%-40s %7.3f s %8.1f MB peak\n", n, t, m/1024 }'; }

read -r floor m < <(measure git -C "$repo" cat-file --batch-all-objects --batch)
report "git cat-file --batch-all-objects --batch" "$floor" "$m"
read -r logp m < <(measure git -C "$repo" log -p --all)
report "git log -p --all" "$logp" "$m"
read -r all m < <(measure "$hush" git --all --repo "$repo")
report "hush git --all" "$all" "$m"
read -r t m < <(measure "$hush" git HEAD~1000..HEAD --repo "$repo")
report "hush git HEAD~1000..HEAD" "$t" "$m"
awk -v a="$all" -v f="$floor" -v l="$logp" 'BEGIN{ printf "hush --all = %.2fx the blob floor (target <= 2x), %.2fx git log -p (target < 1x)\n", a/f, a/l }'
"$hush" git --all --repo "$repo" --format jsonl | wc -l | xargs echo "findings (--all):"

# --staged on a change of 400 files / 40,000 lines.
stage=$(mktemp -d)
git init -q -b main "$stage"
python3 - "$stage" <<'PY'
import os, random, sys
rng = random.Random(3)
root = sys.argv[1]
for i in range(400):
    d = os.path.join(root, "src", f"m{i // 20}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i}.py"), "w") as f:
        for j in range(100):
            f.write(f"    value_{j} = compute(item_{rng.randint(0, 999)}, {rng.randint(0, 10**6)})\n")
PY
git -C "$stage" add -A
read -r t m < <(measure "$hush" git --staged --repo "$stage")
report "hush git --staged (400 files, 40k lines)" "$t" "$m"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 30 "$hush git --staged --repo $stage" 2>/dev/null | grep -E "Time|Range" || true
fi
rm -rf "$stage"
