#!/usr/bin/env bash
# A soak of `promise serve` on the generated M plant, on loopback only, bounded in time
# (default 600 s): mixed clients (plain and service-level quotes, commits, change sets,
# status changes, a plan reader, abandoned simulations, half-open connections) driven by
# scripts/soak.py, which then checks that no acknowledged commit was lost, that no line-day
# is overbooked (examples/book_check boots the database as the service does), that memory
# stayed flat (resident memory sampled from /proc) and the database bounded, and prints
# p50/p99 per endpoint. Usage: nice scripts/soak.sh [SECONDS]  (report: $WORK/soak.json)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
cargo build --release --quiet --bin promise --example book_check
TARGET=${CARGO_TARGET_DIR:-$PWD/target}/release
BIN=$TARGET/promise
WORK=${WORK:-$(mktemp -d)}
PID=
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

"$BIN" gen --size m --out "$WORK/m" >/dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
"$BIN" import --data "$WORK/m" --db "$WORK/m.db" --quiet
"$BIN" serve --db "$WORK/m.db" --as-of 2026-03-02 --listen 127.0.0.1:0 \
    --token-file "$WORK/token" --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
until grep -q "listening on" "$WORK/serve.out" 2>/dev/null; do sleep 0.05; done
PORT=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
echo "soak: promise serve (pid $PID) on 127.0.0.1:$PORT for $SECS s; work in $WORK"
python3 scripts/soak.py --port "$PORT" --token "$(cat "$WORK/token")" --data "$WORK/m" \
    --db "$WORK/m.db" --pid "$PID" --seconds "$SECS" --check "$TARGET/examples/book_check" \
    --out "$WORK/soak.json"
PID=
