#!/usr/bin/env bash
# README's test command (npm test) and what .ci/run calls: set-up, build, lint, hermetic unit tests in
# plain Node, the emulator's own tests and the tests of local processes and Docker (layer `local`), the packaged extension's integration tests inside a real VS Code (code-server +
# Chromium) against the local AWS emulator, and the end-to-end browser tests. Ends with one
# line "total: N passed, N failed" and a non-zero exit if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

ART=".test-artifacts"
mkdir -p "$ART"
passed=0
failed=0
status=0

count() { # <log> <pass-regex> <fail-regex>: adds the numbers the runner printed
  local p f
  p=$(grep -aoE "$2" "$1" | grep -oE '[0-9]+' | tail -1)
  f=$(grep -aoE "$3" "$1" | grep -oE '[0-9]+' | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}

stage() { # <name> <command...>: runs a stage, keeps its log, marks the run failed on error
  local name="$1"
  shift
  echo "=== $name"
  if ! "$@" 2>&1 | tee "$ART/$name.log"; then
    echo "=== $name FAILED"
    status=1
    return 1
  fi
}

stage setup bash scripts/setup.sh || { echo "set-up failed; see $ART/setup.log"; exit 1; }
stage build npm run --silent build || exit 1
stage lint npm run --silent lint
stage unit node scripts/unit.mjs
count "$ART/unit.log" 'ℹ pass [0-9]+' 'ℹ fail [0-9]+'
stage local node scripts/unit.mjs --layer local
count "$ART/local.log" 'ℹ pass [0-9]+' 'ℹ fail [0-9]+'
stage package npm run --silent package || exit 1
stage integration node test/integration/run.js
count "$ART/integration.log" '[0-9]+ passing' '[0-9]+ failing'
if grep -aq 'FAILED (exit' "$ART/integration.log" && ! grep -aqE '[0-9]+ failing' "$ART/integration.log"; then
  failed=$((failed + 1)) # the harness itself failed before Mocha could report
fi
# The emulator's contract violations fail the run even when every test passed (env.js prints them).
violations=$(grep -aoE ', [0-9]+ violations' "$ART/integration.log" | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')
failed=$((failed + violations))
stage integration-untrusted node test/integration/run.js --untrusted
count "$ART/integration-untrusted.log" '[0-9]+ passing' '[0-9]+ failing'
if grep -aq 'FAILED (exit' "$ART/integration-untrusted.log" && ! grep -aqE '[0-9]+ failing' "$ART/integration-untrusted.log"; then
  failed=$((failed + 1))
fi
stage e2e node test/e2e/run.js
count "$ART/e2e.log" 'e2e result: [0-9]+ ok' 'e2e result: [0-9]+ ok, [0-9]+ not ok'

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
