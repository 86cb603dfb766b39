#!/usr/bin/env bash
# Memory per idle authenticated connection, embedded mode: starts the server pinned to core 0 with
# the run script's JVM settings, connects N clients from core 1 (scripts/bench/connect-storm.mjs,
# 200 handshakes at a time), and prints the connect time, RSS per connection (after a full GC),
# the heap histogram's growth per connection and the native memory summary's growth.
#   scripts/bench/idle-memory.sh [N=10000] [CONCURRENCY=200]
# Environment: JAVA_OPTS overrides the run script's JVM settings (e.g. JAVA_OPTS=" " for the JVM's
# own defaults); SOURCES=4 spreads the clients over the source addresses 127.0.0.1..127.0.0.4
# (needed past ~28,000 connections: one address has one ephemeral port range); KEEP=1 leaves the
# data dir; JAR=... measures another build; DATA=dir TOKENS=file reuse a data dir and the tokens
# minted for its development issuer (minting takes minutes for 100,000; the tokens name the issuer
# with its port, so give PORT of the run that minted them).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
CONCURRENCY=${2:-200}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
JAR=${JAR:-target/onrabble-server.jar}
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package
# One descriptor per connection on both sides (client and server share the machine).
WANT=$(( N * 2 + 10000 > 1048576 ? 1048576 : N * 2 + 10000 ))
ulimit -n "$WANT" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Raising the hard limit needs CAP_SYS_RESOURCE; without it the server's accepts fail past the limit.
[ "$(ulimit -n)" -ge "$WANT" ] || echo "warning: open files limited to $(ulimit -n) (hard limit), $WANT wanted" >&2
# shellcheck source=../jvm-options.sh
. scripts/jvm-options.sh
JAVA_OPTS=${JAVA_OPTS:-$ONRABBLE_JVM_OPTIONS}

DATA=${DATA:-$(mktemp -d)}
OUT=$(mktemp -d)
export ONRABBLE_DATA_DIR=$DATA ONRABBLE_HTTP_PORT=$PORT \
  ONRABBLE_MAX_CONNECTIONS=$((N + 1000)) ONRABBLE_WS_MAX_CONNECTIONS_PER_ADDRESS=$((N + 1000)) \
  ONRABBLE_WS_MAX_HANDSHAKES_PER_ADDRESS=$((CONCURRENCY + 100))
if [ -n "${TOKENS:-}" ]; then
  head -n "$N" "$TOKENS" > "$OUT/tokens.txt"   # tokens minted earlier for DATA's development issuer
else
  "$JAVA" -jar "$JAR" token bench --count "$N" --ttl 2h > "$OUT/tokens.txt"
fi

# shellcheck disable=SC2086
# JFR=1 records a profile of the whole run to $OUT/server.jfr (costs some memory: not for the RSS figures).
[ -z "${JFR:-}" ] || JAVA_OPTS="$JAVA_OPTS -XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile"
taskset -c 0 "$JAVA" $JAVA_OPTS -XX:NativeMemoryTracking=summary -jar "$JAR" serve \
  > "$OUT/server.log" 2>&1 &
SERVER=$!
CLIENT=
cleanup() {
  [ -n "$CLIENT" ] && kill "$CLIENT" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$DATA"
  echo "logs and histograms: $OUT"
}
trap cleanup EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { tail -5 "$OUT/server.log"; exit 1; }
  sleep 0.5
done

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
settle() { "$JCMD" "$SERVER" GC.run > /dev/null; sleep 2; "$JCMD" "$SERVER" GC.run > /dev/null; sleep 1; }

settle
RSS0=$(rss_kb)
"$JCMD" "$SERVER" GC.class_histogram > "$OUT/histogram-before.txt"
"$JCMD" "$SERVER" VM.native_memory baseline > /dev/null
echo "$(date -u +%FT%TZ) uptime: $(uptime)"
echo "idle server RSS: $((RSS0 / 1024)) MiB; JVM options: $JAVA_OPTS"

HOLD_SECONDS=100000 taskset -c 1 node --max-old-space-size=16384 \
  scripts/bench/connect-storm.mjs "ws://127.0.0.1:$PORT/ws" "$OUT/tokens.txt" "$CONCURRENCY" > "$OUT/storm.json" 2> "$OUT/storm.log" &
CLIENT=$!
PEAK=0
until [ -s "$OUT/storm.json" ]; do
  kill -0 "$CLIENT" 2>/dev/null || { echo "client failed:"; tail -5 "$OUT/storm.log"; exit 1; }
  r=$(rss_kb); [ "$r" -gt "$PEAK" ] && PEAK=$r
  sleep 0.2
done
echo "storm: $(cat "$OUT/storm.json")"
echo "RSS when all were live (before GC): $(( $(rss_kb) / 1024 )) MiB, peak while connecting: $((PEAK / 1024)) MiB"
settle
RSS1=$(rss_kb)
"$JCMD" "$SERVER" GC.class_histogram > "$OUT/histogram-after.txt"
"$JCMD" "$SERVER" VM.native_memory summary.diff > "$OUT/nmt-diff.txt"
echo "$(date -u +%FT%TZ) uptime: $(uptime)"
LIVE=$(sed -E 's/.*"live":([0-9]+).*/\1/' "$OUT/storm.json")
echo "RSS idle → $LIVE idle connections (after full GC): $((RSS0 / 1024)) → $((RSS1 / 1024)) MiB = $(( (RSS1 - RSS0) * 1024 / LIVE )) bytes per connection"
echo "heap histogram growth per connection (bytes, top 15):"
awk -v n="$LIVE" '
  FNR == NR && $1 ~ /^[0-9]+:$/ { before[$4] = $3; next }
  # G1/Serial filler arrays are free space, not objects
  $1 ~ /^[0-9]+:$/ && $4 !~ /FillerElement/ { d = $3 - before[$4]; if (d > 0) { total += d; printf "%10.0f %s\n", d / n, $4 } }
  END { printf "%10.0f total heap per connection\n", total / n }
' "$OUT/histogram-before.txt" "$OUT/histogram-after.txt" | sort -rn | head -16
echo "native memory growth (committed, KiB, over $N connections):"
grep -E '^-|^ *-' "$OUT/nmt-diff.txt" | grep -E 'committed=[0-9]+KB [+-]' | sed -E 's/\(reserved=[0-9]+KB [+-]?[0-9]*KB?, //' | head -20
