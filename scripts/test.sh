#!/usr/bin/env bash
# The whole test suite (README's test command). Uses the JDK 25 of this machine kind when present.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec mvn -B -ntp verify "$@"
