#!/usr/bin/env bash
# README's demo command (npm run demo): installs what is missing, builds and packages the
# extension, then starts VS Code in the browser with it against the local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent build
node node_modules/typescript/bin/tsc -p tsconfig.test.json
npm run --silent package >/dev/null
exec node scripts/demo.js
