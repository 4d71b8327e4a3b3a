#!/usr/bin/env node
// Makes sure AWS's service models are exported for the emulator's contract check (.models/botocore,
// git-ignored): runs scripts/botocore-models.py when the export is missing or older than that script.
// Used by scripts/unit.mjs, test/integration/env.js and scripts/bench.sh; setup.sh always re-exports.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');

function ensureBotocoreModels() {
  const out = path.join(root, '.models', 'botocore');
  const index = path.join(out, 'index.json');
  const script = path.join(root, 'scripts', 'botocore-models.py');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= fs.statSync(script).mtimeMs) {
    return out;
  }
  const r = spawnSync('python3', [script, out], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const why = r.error ? `python3 could not be run (${r.error.message})` : r.stderr.trim();
    throw new Error(
      `The emulator's contract check needs AWS's service models from botocore, and exporting them failed: ${why}\n` +
        'Install Python 3 and botocore with `pip install awscli`, or run scripts/setup.sh.',
    );
  }
  return out;
}

if (require.main === module) {
  try {
    console.log(`botocore models: ${ensureBotocoreModels()}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

module.exports = { ensureBotocoreModels };
