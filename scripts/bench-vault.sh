#!/usr/bin/env bash
# End-to-end timings of `hush vault` (release build) on a vault of 1,000 entries:
#   - `vault get` with a key file           (target < 10 ms)
#   - `vault get` with a passphrase          (dominated by Argon2id, m=64 MiB t=3 p=1)
#   - `vault set` with a key file            (target < 50 ms)
#   - `vault get` with a passphrase through `hush vault agent` (no Argon2id within its TTL)
# Uses hyperfine when installed, else a loop timed with `date +%s%N`.
# Runs in a temp dir with its own HOME/XDG_CONFIG_HOME; never touches the real config.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
HUSH="$PWD/target/release/hush"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
unset HUSH_VAULT_KEY HUSH_PASSPHRASE
cd "$WORK"

for i in $(seq 1 1000); do printf 'SECRET_%04d=%s\n' "$i" "value-$i-$(printf '%040d' "$i")"; done > big.env
"$HUSH" vault init --file key.vault --keyfile "$WORK/k.key" 2>/dev/null
"$HUSH" vault import big.env --file key.vault --keyfile "$WORK/k.key" 2>/dev/null
HUSH_PASSPHRASE=bench-walnut-orbit-lantern "$HUSH" vault init --passphrase --file pass.vault 2>/dev/null
HUSH_PASSPHRASE=bench-walnut-orbit-lantern "$HUSH" vault import big.env --file pass.vault 2>/dev/null
printf 'new value' > value.txt
echo "vault: $(wc -l < key.vault) lines, $(wc -c < key.vault) bytes; $(nproc) cores"

# The agent: started in the background, primed once, stopped on exit.
"$HUSH" vault agent --ttl 10m --socket "$WORK/run/agent.sock" > agent.out 2>/dev/null &
AGENT=$!
trap 'kill "$AGENT" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/run/agent.sock" ] && break; sleep 0.1; done
HUSH_AGENT_SOCK="$WORK/run/agent.sock" HUSH_PASSPHRASE=bench-walnut-orbit-lantern "$HUSH" vault get SECRET_0500 --file pass.vault >/dev/null

GET_KEY="$HUSH vault get SECRET_0500 --file key.vault --keyfile $WORK/k.key"
GET_PASS="env HUSH_PASSPHRASE=bench-walnut-orbit-lantern $HUSH vault get SECRET_0500 --file pass.vault"
SET_KEY="$HUSH vault set SECRET_0500 --file key.vault --keyfile $WORK/k.key < value.txt"
GET_AGENT="env HUSH_AGENT_SOCK=$WORK/run/agent.sock $HUSH vault get SECRET_0500 --file pass.vault"

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs 100 -n 'get, key file' "$GET_KEY" --output=pipe
    hyperfine --warmup 2 --runs 10 -n 'get, passphrase (Argon2id 64 MiB t=3)' "$GET_PASS" --output=pipe
    hyperfine --warmup 5 --runs 100 -n 'set, key file' "$SET_KEY" --output=pipe
    hyperfine -N --warmup 5 --runs 100 -n 'get, passphrase vault via the agent' "$GET_AGENT" --output=pipe
else
    bench() { # name runs command
        local start end
        start=$(date +%s%N)
        for _ in $(seq 1 "$2"); do bash -c "$3" > /dev/null; done
        end=$(date +%s%N)
        echo "$1: $(( (end - start) / $2 / 1000 )) µs mean over $2 runs"
    }
    bench 'get, key file' 100 "$GET_KEY"
    bench 'get, passphrase (Argon2id 64 MiB t=3)' 10 "$GET_PASS"
    bench 'set, key file' 100 "$SET_KEY"
    bench 'get, passphrase vault via the agent' 100 "$GET_AGENT"
fi
