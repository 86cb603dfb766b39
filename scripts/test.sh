#!/usr/bin/env bash
# The whole test suite (README's test command): starts local PostgreSQL and Redis if needed, then
# runs every test with Maven. Uses the JDK 25 of this machine kind when present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec mvn -B -ntp verify "$@"
