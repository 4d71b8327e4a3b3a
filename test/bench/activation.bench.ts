// Activation cost: each sample is a fresh Node process that loads dist/extension.js and runs
// activate() against a stub `vscode`; prints the median, whether activation loaded the AWS SDK
// bundle, and the packaged .vsix size. The extension host has Node's built-in modules loaded
// long before any extension activates, so the main figure preloads the ones the bundle uses;
// the cold figure (built-ins loaded too) is printed beside it.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const SAMPLES = 15;

const HOST_BUILTINS = ['child_process', 'crypto', 'fs', 'os', 'path', 'events', 'util'];

function sampleOnce(preloadBuiltins: boolean): { ms: number; awsLoaded: boolean } {
  const script = `
    ${preloadBuiltins ? `${JSON.stringify(HOST_BUILTINS)}.forEach((m) => require(m));` : ''}
    require(${JSON.stringify(path.join(__dirname, 'vscodeStub.js'))}).installVscodeStub();
    const t0 = process.hrtime.bigint();
    const ext = require(${JSON.stringify(path.join(root, 'dist', 'extension.js'))});
    const context = { subscriptions: [], workspaceState: { get() { return undefined; }, update() { return Promise.resolve(); } },
      globalState: { get() { return undefined; }, update() { return Promise.resolve(); } }, extensionUri: {}, extensionPath: ${JSON.stringify(root)} };
    const api = ext.activate(context);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const awsLoaded = api.isAwsLoaded() || Object.keys(require.cache).some((k) => k.endsWith('aws.js') || k.includes('@aws-sdk'));
    process.stdout.write(JSON.stringify({ ms, awsLoaded }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Array.from({ length: SAMPLES }, () => sampleOnce(true));
const cold = Array.from({ length: SAMPLES }, () => sampleOnce(false));
const times = samples.map((s) => s.ms).sort((a, b) => a - b);
const vsix = path.join(root, 'dist', 'apprunner-vscode.vsix');
const vsixBytes = fs.existsSync(vsix) ? fs.statSync(vsix).size : NaN;
const bundleBytes = fs.statSync(path.join(root, 'dist', 'extension.js')).size;
// A zip's central directory holds the file names uncompressed.
const listing = fs.existsSync(vsix) ? fs.readFileSync(vsix).toString('latin1') : '';

console.log('activation');
console.log(
  `  bundle load + activate, median of ${SAMPLES}: ${median(times).toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[times.length - 1].toFixed(2)})`,
);
console.log(`  the same with Node built-ins loaded cold: ${median(cold.map((s) => s.ms)).toFixed(2)} ms`);
console.log(`  AWS SDK loaded by activation: ${[...samples, ...cold].some((s) => s.awsLoaded) ? 'YES' : 'no'}`);
console.log(`  dist/extension.js: ${(bundleBytes / 1024).toFixed(1)} KiB`);
console.log(
  `  .vsix: ${(vsixBytes / 1024).toFixed(1)} KiB (${(vsixBytes / 1048576).toFixed(3)} MiB), node_modules inside: ${listing.includes('extension/node_modules/') ? 'YES' : 'no'}`,
);
