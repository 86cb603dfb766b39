#!/usr/bin/env bash
# Installs (Debian packages) the tools the deployment tests run when they are missing: caddy (the
# real proxy in front of test servers, and `caddy validate`), promtool (package prometheus),
# docker-compose (`config` parses the stacks without an engine) and systemd-analyze (package systemd).
set -euo pipefail

missing=()
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
