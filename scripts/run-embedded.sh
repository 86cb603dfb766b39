#!/usr/bin/env bash
# Builds the server jar (if needed) and runs it in embedded mode: no configuration, data in ./data.
# JVM settings: scripts/jvm-options.sh, or JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ ! -f target/onrabble-server.jar ] || [ -n "$(find src pom.xml -newer target/onrabble-server.jar -print -quit)" ]; then
  mvn -B -ntp -q -DskipTests package
fi
# One file descriptor per connection: raise the soft limit to the hard one (docs/operations.md, "Tuning").
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
. scripts/jvm-options.sh
# shellcheck disable=SC2086
exec "$JAVA" ${JAVA_OPTS:-$ONRABBLE_JVM_OPTIONS} -jar target/onrabble-server.jar "$@"
