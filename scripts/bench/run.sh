#!/usr/bin/env bash
# One benchmark run, copy-pasteable: starts a fresh embedded server pinned to core 0 (own data
# directory, the per-address caps raised since every client comes from 127.0.0.1), runs one
# scenario pinned to core 1, prints `uptime` before and after, the server's CPU over the scenario (the
# client's JVM start included) and its RSS (now and peak),
# stops the server. The server runs with scripts/jvm-options.sh, as scripts/run-embedded.sh runs it.
#   scripts/bench/run.sh connect 10000            # bench --connect-only, 200 concurrent handshakes
#   scripts/bench/run.sh connect-node 10000       # the same with the independent Node client (connect-storm.mjs)
#   scripts/bench/run.sh sweep 1000 [100]         # bench --sweep from 100 msg/s: 1000 subscribers, 10 publishers
#   scripts/bench/run.sh rate 1000 400            # bench at 400 msg/s: 1000 subscribers, 10 publishers, 20 s
#   scripts/bench/run.sh rate-node 1000 400       # the same with the independent Node client (fan-out.mjs)
# Extra arguments after these go to the bench command. Needs target/onrabble-server.jar
# (`mvn -B -ntp -q package -DskipTests`), taskset, and node 20+ for the -node scenarios.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:?scenario: connect, connect-node, sweep, rate or rate-node}; shift
clients=${1:-1000}; shift || true
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[ -x "$JAVA" ] || JAVA=java
JAR=${BENCH_JAR:-target/onrabble-server.jar}
work=$(mktemp -d)
export ONRABBLE_DATA_DIR=$work/data ONRABBLE_HTTP_PORT=${BENCH_PORT:-18480}
export ONRABBLE_WS_MAX_CONNECTIONS_PER_ADDRESS=1000000 ONRABBLE_WS_MAX_HANDSHAKES_PER_ADDRESS=1000000
url=ws://127.0.0.1:$ONRABBLE_HTTP_PORT/ws
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

. scripts/jvm-options.sh  # the run script's heap and GC settings (JAVA_OPTS replaces them), as users run it
# shellcheck disable=SC2086
taskset -c 0 "$JAVA" ${JAVA_OPTS:-$ONRABBLE_JVM_OPTIONS} -jar "$JAR" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$ONRABBLE_HTTP_PORT/healthz" >/dev/null && break; sleep 0.5; done

tokens() {  # $1 users named node-1..node-$1, and an admin token
  taskset -c 1 "$JAVA" -jar "$JAR" token node --count "$1" --ttl 2h >"$work/tokens.txt"
  taskset -c 1 "$JAVA" -jar "$JAR" token node-admin --admin --ttl 2h >"$work/admin.txt"
}
bench() { taskset -c 1 "$JAVA" -jar "$JAR" bench --url "$url" "$@"; }

echo "$(date -u +%FT%TZ) $scenario $clients $*  (server pid $server on core 0, client on core 1)"
case $scenario in
  connect-node|rate-node) tokens "$((clients + 10))" ;;
esac
echo "uptime before: $(uptime)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_before=$(cpu_ticks); started=$(date +%s.%N)
case $scenario in
  connect) bench --connect-only -n "$clients" -k 0 -c 200 "$@" ;;
  connect-node) taskset -c 1 node --experimental-websocket scripts/bench/connect-storm.mjs "$url" <(head -n "$clients" "$work/tokens.txt") 200 ;;
  sweep) rate=${1:-100}; shift || true; bench -n "$clients" -k 10 --sweep --rate "$rate" --duration 10s "$@" ;;
  rate) rate=${1:?rate}; shift; bench -n "$clients" -k 10 --rate "$rate" --duration 20s "$@" ;;
  rate-node) taskset -c 1 node scripts/bench/fan-out.mjs "$url" "$work/tokens.txt" "$work/admin.txt" "$clients" 10 "${1:?rate}" 20 ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac
echo "uptime after: $(uptime)"
echo "server CPU during the scenario: $(awk -v t="$(( $(cpu_ticks) - ticks_before ))" -v hz="$(getconf CLK_TCK)" \
  -v s="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" 'BEGIN {printf "%.0f %% of a core (%.1f s of %.1f s)", 100 * t / hz / s, t / hz, s}')"
echo "server VmRSS: $(grep VmRSS /proc/$server/status | awk '{print $2, $3}'), peak (VmHWM): $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
