#!/usr/bin/env bash
# `hush vault get` opened by an age identity (a recipient of a v3 vault), beside the same get
# with the owner's key file and beside `cat` of the file as a floor, on a vault of 1,000
# entries with 3 recipients (target < 10 ms). Release build; hyperfine when installed (else a
# `date +%s%N` loop), then callgrind instruction counts (repeatable under load) if valgrind is
# installed. Runs in a temp dir with its own HOME; never touches the real config.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin hush --example age-identity
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release"
HUSH="$BIN/hush"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
unset HUSH_VAULT_KEY HUSH_PASSPHRASE HUSH_IDENTITY
cd "$WORK"

for i in $(seq 1 1000); do printf 'SECRET_%04d=%s\n' "$i" "value-$i-$(printf '%040d' "$i")"; done > big.env
"$HUSH" vault init --file team.vault --keyfile "$WORK/k.key" 2>/dev/null
"$HUSH" vault import big.env --file team.vault --keyfile "$WORK/k.key" 2>/dev/null
# Identities from the `age-identity` example (the age crate; age-keygen is not installed here).
for n in 1 2 3; do "$BIN/examples/age-identity" > "id$n.txt"; done
chmod 600 id*.txt
for n in 1 2 3; do
    pub=$(sed -n 's/^# public key: //p' "id$n.txt")
    "$HUSH" vault recipients add "$pub" --name "member$n" --file team.vault --keyfile "$WORK/k.key" 2>/dev/null
done
echo "vault: $(wc -l < team.vault) lines, $(wc -c < team.vault) bytes, 3 recipients; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

FLOOR="cat team.vault"
GET_KEY="$HUSH vault get SECRET_0500 --file team.vault --keyfile $WORK/k.key"
GET_ID="$HUSH vault get SECRET_0500 --file team.vault --identity $WORK/id3.txt"
[ "$($GET_ID)" = "$($GET_KEY)" ] || { echo "identity and key file disagree" >&2; exit 1; }

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs 100 --output=pipe \
        -n 'cat (floor)' "$FLOOR" \
        -n 'get, owner key file' "$GET_KEY" \
        -n 'get, age identity (3rd recipient)' "$GET_ID"
else
    bench() { # name runs command
        local start end
        start=$(date +%s%N)
        for _ in $(seq 1 "$2"); do $3 > /dev/null; done
        end=$(date +%s%N)
        echo "$1: $(( (end - start) / $2 / 1000 )) µs mean over $2 runs"
    }
    bench 'cat (floor)' 100 "$FLOOR"
    bench 'get, owner key file' 100 "$GET_KEY"
    bench 'get, age identity (3rd recipient)' 100 "$GET_ID"
fi

if command -v valgrind >/dev/null; then
    for cmd in "$GET_KEY" "$GET_ID"; do
        valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null \
            | sed -n "s/.*Collected : /instructions ($(echo "$cmd" | grep -o -- '--[a-z]*file\|--identity' | tail -1)): /p"
    done
fi
