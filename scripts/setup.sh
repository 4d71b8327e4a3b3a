#!/usr/bin/env bash
# Installs everything the demo and the tests need, idempotently, on a fresh Debian 12 machine
# with Node.js 20 (run as root, or with sudo): the npm dependencies; botocore's service models for
# the emulator's contract check (verified, exported to .models/botocore); Chromium, ripgrep, build
# headers, code-server and playwright-core (test/harness/install.sh); the Docker engine, the
# registry and the base image, started (scripts/docker-up.sh). Re-running skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="${APPRUNNER_STATE_DIR:-$HOME/.cache/apprunner-vscode}"
mkdir -p "$STATE_DIR"
LOG="$STATE_DIR/setup.log"
say() { printf '[setup] %s\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund >>"$LOG" 2>&1 || { tail -n 30 "$LOG"; exit 1; }
else
  say "npm: node_modules up to date"
fi

# AWS's own service models (botocore) for the emulator's contract check, and the AWS CLI for its smoke test.
if python3 scripts/botocore-models.py >>"$LOG" 2>&1 && command -v aws >/dev/null; then
  say "botocore models exported to .models/botocore; $(aws --version 2>&1)"
else
  tail -n 5 "$LOG"
  say "botocore or the aws command is missing: install them with 'pip install awscli' (the emulator's contract check and CLI smoke test need them)"
  exit 1
fi

bash test/harness/install.sh

bash scripts/docker-up.sh
