#!/usr/bin/env bash
# The write-heavy benchmark (docs/benchmarks.md), one mode after the other in one session:
#   scripts/bench/write-heavy.sh [modes...]   (default: embedded database valkey)
# Server pinned to core 0, load generator to core 1; PostgreSQL 127.0.0.1:5432 and Redis
# 127.0.0.1:6379 as for the tests. Workload: 5 subscribers, 50 publishers, 4 in flight each,
# 10 s warm-up, 20 s window (override with BENCH_ARGS="5 50 4 10 20").
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -ntp -q test-compile
mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(embedded database valkey)
for mode in "${modes[@]}"; do
  taskset -c 1 "$JAVA_HOME/bin/java" -Dbench.server.launcher="taskset -c 0" \
    -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" \
    io.onrabble.bench.WriteHeavyBenchmark ${BENCH_ARGS:-5 50 4 10 20} "$mode"
done
