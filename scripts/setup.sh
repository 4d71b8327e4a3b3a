#!/usr/bin/env bash
# Installs everything the demo and the tests need, idempotently, on a fresh Debian 12 machine
# with Node.js 20 (run as root, or with sudo): Debian packages (Chromium, ripgrep, Docker
# engine, registry, build headers), the npm dependencies, code-server and playwright-core
# (test/harness/install.sh), and starts the Docker engine and the local registry
# (scripts/docker-up.sh). Re-running skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="${APPRUNNER_STATE_DIR:-$HOME/.cache/apprunner-vscode}"
mkdir -p "$STATE_DIR"
LOG="$STATE_DIR/setup.log"
say() { printf '[setup] %s\n' "$*"; }

APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3 pkg-config docker.io docker-registry apache2-utils)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >>"$LOG" 2>&1 || true
  $SUDO apt-get install -y -q "${missing[@]}" >>"$LOG" 2>&1 || { tail -n 30 "$LOG"; exit 1; }
else
  say "apt: all packages present"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund >>"$LOG" 2>&1 || { tail -n 30 "$LOG"; exit 1; }
else
  say "npm: node_modules up to date"
fi

SKIP_APT=1 bash test/harness/install.sh

if [ -f scripts/docker-up.sh ] && [ "${APPRUNNER_SKIP_DOCKER:-0}" != "1" ]; then
  bash scripts/docker-up.sh
fi
