#!/usr/bin/env bash
# `hush vault merge` (the git merge driver) of two 1,000-entry vaults that each changed 50
# names since their common ancestor (target < 100 ms), beside the floor of `cat` of the same
# three files, and `vault get` on one of them for scale. Release build, key-file vaults.
# Uses hyperfine when installed, else a loop timed with `date +%s%N`.
# Runs in a temp dir with its own HOME/XDG_CONFIG_HOME; never touches the real config.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin hush
HUSH="${CARGO_TARGET_DIR:-$PWD/target}/release/hush"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
unset HUSH_VAULT_KEY HUSH_PASSPHRASE HUSH_PASSPHRASE_FILE
cd "$WORK"

for i in $(seq 1 1000); do printf 'SECRET_%04d=%s\n' "$i" "value-$i-$(printf '%040d' "$i")"; done > big.env
"$HUSH" vault init --file base.vault --keyfile "$WORK/k.key" 2>/dev/null
"$HUSH" vault import big.env --file base.vault --keyfile "$WORK/k.key" 2>/dev/null
cp base.vault ours.vault
cp base.vault theirs.vault
# Ours changes names 1-50, theirs 951-1000: a clean merge of 100 changes.
for i in $(seq 1 50); do printf 'SECRET_%04d=ours-%d\n' "$i" "$i"; done > ours.env
for i in $(seq 951 1000); do printf 'SECRET_%04d=theirs-%d\n' "$i" "$i"; done > theirs.env
"$HUSH" vault import ours.env --overwrite --file ours.vault --keyfile "$WORK/k.key" 2>/dev/null
"$HUSH" vault import theirs.env --overwrite --file theirs.vault --keyfile "$WORK/k.key" 2>/dev/null
cp ours.vault ours.orig
echo "vaults: $(wc -l < base.vault) lines, $(wc -c < base.vault) bytes each; $(nproc) cores"

# Each run merges into a fresh copy of ours (the driver rewrites %A in place).
MERGE="cp ours.orig ours.vault && $HUSH vault merge base.vault ours.vault theirs.vault --keyfile $WORK/k.key 2>/dev/null"
FLOOR="cp ours.orig ours.vault && cat base.vault ours.vault theirs.vault"
GET="$HUSH vault get SECRET_0500 --file base.vault --keyfile $WORK/k.key"

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs 50 -n 'merge, 2 x 1,000 entries' "$MERGE" -n 'floor: cp + cat of the 3 files' "$FLOOR" -n 'get, key file' "$GET" --output=pipe
else
    bench() { # name runs command
        local start end
        start=$(date +%s%N)
        for _ in $(seq 1 "$2"); do bash -c "$3" > /dev/null; done
        end=$(date +%s%N)
        echo "$1: $(( (end - start) / $2 / 1000 )) µs mean over $2 runs"
    }
    bench 'merge, 2 x 1,000 entries' 50 "$MERGE"
    bench 'floor: cp + cat of the 3 files' 50 "$FLOOR"
    bench 'get, key file' 50 "$GET"
fi
"$HUSH" vault get SECRET_0001 --file ours.vault --keyfile "$WORK/k.key" | grep -q '^ours-1$'
"$HUSH" vault get SECRET_1000 --file ours.vault --keyfile "$WORK/k.key" | grep -q '^theirs-1000$'
echo "merge result checked: ours' and theirs' changes both present"
