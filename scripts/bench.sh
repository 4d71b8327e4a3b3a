#!/usr/bin/env bash
# npm run bench: builds the production bundles and the .vsix, compiles the benchmarks, and runs
# every test/bench/*.bench.ts; each prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package >/dev/null
node node_modules/typescript/bin/tsc -p tsconfig.test.json
node scripts/ensure-botocore-models.js >/dev/null
for b in out/test/bench/*.bench.js; do
  node "$b"
done
