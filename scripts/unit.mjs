// Compiles src/ and test/ with tsc (type-checks everything) and runs a layer of tests in plain
// Node with node's own test runner. Extra arguments are passed to `node --test`.
//   node scripts/unit.mjs                  the unit layer (test/unit): hermetic, enforced by test/hermetic.js
//   node scripts/unit.mjs --layer local    the emulator's own tests (test/emulator/tests) and tests that run
//                                          local processes, servers or Docker (test/local)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const args = process.argv.slice(2);
const layerAt = args.indexOf('--layer');
const layer = layerAt >= 0 ? args.splice(layerAt, 2)[1] : 'unit';
const LAYERS = { unit: ['out/test/unit'], local: ['out/test/emulator/tests', 'out/test/local'] };
if (!LAYERS[layer]) throw new Error(`unknown layer ${layer}: ${Object.keys(LAYERS).join(' or ')}`);

// A clean out/ so that a moved or deleted test never runs from its old compiled copy.
rmSync('out', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
// The emulator's contract check reads AWS's service models from .models/botocore (exported here when missing).
createRequire(import.meta.url)('./ensure-botocore-models.js').ensureBotocoreModels();

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) find(p, out);
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const files = LAYERS[layer].flatMap((dir) => find(dir)).sort();
const guard = layer === 'unit' ? ['--require', './test/hermetic.js'] : [];
const r = spawnSync(process.execPath, [...guard, '--test', '--test-reporter=spec', ...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
