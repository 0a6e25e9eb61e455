#!/usr/bin/env bash
# Benchmarks of `promise serve` on the generated M plant (README, "Service"):
#   1. start-up from an existing database (import first, then three starts);
#   2. POST /quote with 8 connections (wrk + scripts/quote.lua): p50 / p99;
#   3. quotes (8 connections) while commits run (2 connections);
#   4. POST /orders with 8 connections and with 1 (scripts/commit.lua): commits/s;
#   5. plain quotes (2 connections) and commits (1) while 8 connections hammer
#      service-level quotes (scripts/sl_quote.lua): do they wait behind simulations?
#   6. start-up again, now replaying the commits of steps 3–4 on the base plan.
# Needs wrk (Debian: apt-get install wrk). Usage: scripts/loadtest.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}
PORT=${PORT:-18181}
URL=http://127.0.0.1:$PORT
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/promise
WORK=$(mktemp -d)
PID=
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" gen --size m --out "$WORK/m" >/dev/null
echo "load-$RANDOM$RANDOM-$RANDOM$RANDOM-$RANDOM" >"$WORK/token"
TOKEN=$(cat "$WORK/token")
export TOKEN
/usr/bin/time -f "import: %e s" "$BIN" import --data "$WORK/m" --db "$WORK/m.db" --quiet

start() {
    local t0 t1
    t0=$(date +%s%N)
    "$BIN" serve --db "$WORK/m.db" --as-of 2026-03-02 --listen "127.0.0.1:$PORT" \
        --token-file "$WORK/token" --quiet >"$WORK/serve.out" 2>&1 &
    PID=$!
    until curl -sf "$URL/health" >/dev/null; do sleep 0.01; done
    t1=$(date +%s%N)
    echo "start-up: $(((t1 - t0) / 1000000)) ms to the first answer ($(cat "$WORK/serve.out"))"
}
stop() {
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
}

echo "== start-up from the imported database (20,000 orders)"
for _ in 1 2 3; do start; stop; done

echo "== POST /quote, 8 connections, ${SECS}s"
start
wrk -t2 -c8 -d"${SECS}s" --latency -s scripts/quote.lua "$URL" | grep -E "50%|75%|90%|99%|Requests/sec"
echo "== mixed: POST /quote (8 connections) while POST /orders runs (2 connections), ${SECS}s"
RUN=C$RANDOM wrk -t1 -c2 -d"${SECS}s" --latency -s scripts/commit.lua "$URL" >"$WORK/mixed.txt" &
WRK=$!
wrk -t2 -c8 -d"${SECS}s" --latency -s scripts/quote.lua "$URL" | grep -E "50%|99%|Requests/sec"
wait "$WRK"
echo "   commits meanwhile:"
grep -E "50%|99%|Requests/sec" "$WORK/mixed.txt"
echo "== POST /orders, 8 connections, ${SECS}s"
RUN=A$RANDOM wrk -t2 -c8 -d"${SECS}s" --latency -s scripts/commit.lua "$URL" | grep -E "50%|99%|Requests/sec"
echo "== POST /orders, 1 connection (one fsync per commit), ${SECS}s"
RUN=B$RANDOM wrk -t1 -c1 -d"${SECS}s" --latency -s scripts/commit.lua "$URL" | grep -E "50%|99%|Requests/sec"
echo "== starvation: POST /quote (2 connections) and POST /orders (1) while 8 connections ask service-level quotes, ${SECS}s"
wrk -t2 -c8 -d"${SECS}s" --latency -s scripts/sl_quote.lua "$URL" >"$WORK/sl.txt" &
SL=$!
sleep 1
RUN=S$RANDOM wrk -t1 -c1 -d"$((SECS - 2))s" --latency -s scripts/commit.lua "$URL" >"$WORK/sl-commit.txt" &
CM=$!
wrk -t1 -c2 -d"$((SECS - 2))s" --latency -s scripts/quote.lua "$URL" | grep -E "50%|99%|Requests/sec"
wait "$CM"
echo "   commits meanwhile:"
grep -E "50%|99%|Requests/sec" "$WORK/sl-commit.txt"
wait "$SL"
echo "   service-level quotes (non-2xx: 503 from admission control):"
grep -E "50%|99%|Requests/sec|Non-2xx" "$WORK/sl.txt" || true
curl -sf "$URL/health"
echo
stop

echo "== start-up replaying the commits above on the base plan"
for _ in 1 2 3; do start; stop; done
