#!/usr/bin/env bash
# The whole test suite (README's test command): starts local PostgreSQL and Redis if needed, installs
# the deployment tools the tests run (scripts/tools.sh) and Chromium for the browser tests, runs
# every test with Maven, then checks that no log line written during the run carries a token.
# Uses the JDK 25 of this machine kind when present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
bash scripts/tools.sh
# The web app's browser tests drive Debian's headless Chromium through Debian's chromedriver.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
mvn -B -ntp verify "$@"

# Every server log line of the run is in the surefire output files; a JWT there is a leak.
if grep -lE 'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}' target/surefire-reports/*-output.txt 2>/dev/null; then
  echo "token text found in the log output of the files above" >&2
  exit 1
fi
echo "log check: no token text in any log line of the test run"
