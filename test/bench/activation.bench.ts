// Activation cost, two ways:
//   - in a real VS Code: each run starts code-server (test/harness) with the packaged .vsix and a
//     folder holding an apprunner.yaml (so the extension activates at start-up, through
//     workspaceContains), and activationProbe.ts reads what VS Code recorded: its extension-host
//     performance marks (load = the require of dist/extension.js, activate = activate() and its
//     result settling) and its Startup Performance table (Load Code + Call Activate, the figures of
//     "Developer: Show Running Extensions"), and which bundles and SDK modules were loaded;
//   - the Node stand-in: a fresh Node process loads dist/extension.js and runs activate() against
//     a stub `vscode` (built-ins preloaded as in the extension host; cold beside it).
// Prints figures; asserts nothing about time. APPRUNNER_BENCH_VSCODE_RUNS sets the number of
// code-server runs (default 7; 0 skips them); APPRUNNER_BENCH_VSIX measures another package there
// (e.g. an earlier build, for a before/after comparison on the same machine).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import type { ActivationSample } from './activationProbe';

const root = path.resolve(__dirname, '../../..');
const SAMPLES = 15;
const VSCODE_RUNS = Number(process.env.APPRUNNER_BENCH_VSCODE_RUNS ?? 7);

const HOST_BUILTINS = ['child_process', 'crypto', 'fs', 'os', 'path', 'events', 'util'];

function nodeSample(preloadBuiltins: boolean): { ms: number; awsLoaded: boolean } {
  const script = `
    ${preloadBuiltins ? `${JSON.stringify(HOST_BUILTINS)}.forEach((m) => require(m));` : ''}
    require(${JSON.stringify(path.join(__dirname, 'vscodeStub.js'))}).installVscodeStub();
    const t0 = process.hrtime.bigint();
    const ext = require(${JSON.stringify(path.join(root, 'dist', 'extension.js'))});
    const context = { subscriptions: [], workspaceState: { get() { return undefined; }, update() { return Promise.resolve(); } },
      globalState: { get() { return undefined; }, update() { return Promise.resolve(); } }, extensionUri: {}, extensionPath: ${JSON.stringify(root)} };
    ext.activate(context);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const awsLoaded = Object.keys(require.cache).some((k) => k.endsWith('aws.js') || k.includes('@aws-sdk'));
    process.stdout.write(JSON.stringify({ ms, awsLoaded }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** One start of code-server with the packaged extension; undefined (with the harness output shown) when the run failed. */
async function vscodeSample(vsix: string, run: number): Promise<ActivationSample | undefined> {
  // The harness is plain JavaScript outside the compiled tree.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runTests } = require(path.join(root, 'test', 'harness', 'run-tests.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-bench-'));
  const folder = path.join(dir, 'workspace');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'apprunner.yaml'), 'version: 1.0\nruntime: nodejs22\nrun:\n  command: node server.js\n');
  const out = path.join(dir, 'sample.json');
  let log = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      log += chunk;
      done();
    },
  });
  try {
    const code = await runTests({
      installExtensions: [vsix],
      extensionTestsPath: path.join(__dirname, 'activationProbe.js'),
      folder,
      env: { APPRUNNER_BENCH_OUT: out },
      timeoutSec: 300,
      stdout: sink,
      stderr: sink,
    });
    if (code !== 0 || !fs.existsSync(out)) {
      console.log(`  run ${run}: the harness failed (exit ${code}):\n${log.replace(/^/gm, '    ')}`);
      return undefined;
    }
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function codeServerVersion(): string {
  const home = process.env.VSCODE_HARNESS_HOME || path.join(os.homedir(), '.cache', 'vscode-harness');
  try {
    const cs = JSON.parse(fs.readFileSync(path.join(home, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    const vscode = JSON.parse(fs.readFileSync(path.join(home, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json'), 'utf8'));
    return `code-server ${cs.version}, VS Code ${vscode.version}`;
  } catch {
    return 'code-server';
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figure = (xs: number[], digits = 1) =>
  `median ${median(xs).toFixed(digits)} ms (min ${sorted(xs)[0].toFixed(digits)}, max ${sorted(xs)[xs.length - 1].toFixed(digits)})`;

async function main(): Promise<void> {
  const vsix = path.join(root, 'dist', 'apprunner-vscode.vsix');
  console.log('activation');
  const measured = process.env.APPRUNNER_BENCH_VSIX ? path.resolve(process.env.APPRUNNER_BENCH_VSIX) : vsix;

  if (VSCODE_RUNS > 0) {
    const samples: ActivationSample[] = [];
    for (let run = 1; run <= VSCODE_RUNS; run++) {
      const sample = await vscodeSample(measured, run);
      if (sample) samples.push(sample);
    }
    console.log(
      `  in ${codeServerVersion()}: ${samples.length} of ${VSCODE_RUNS} runs, start-up activation (workspaceContains:apprunner.yaml)`,
    );
    if (samples.length) {
      const own = samples.map((s) => s.marks.load + s.marks.activate);
      console.log(`    own cost (load + activate), from the extension host's performance marks: ${figure(own, 0)}; target 10 ms`);
      console.log(
        `      load dist/extension.js: ${figure(
          samples.map((s) => s.marks.load),
          0,
        )}`,
      );
      console.log(
        `      activate():             ${figure(
          samples.map((s) => s.marks.activate),
          0,
        )}`,
      );
      const stats = samples.flatMap((s) => (s.stats ? [s.stats] : []));
      if (stats.length) {
        console.log(
          `    Load Code + Call Activate, from Startup Performance (as Show Running Extensions reports them, ${stats.length} runs): ${figure(
            stats.map((s) => s.loadCode + s.callActivate),
            0,
          )}`,
        );
      }
      const bundles = [...new Set(samples.flatMap((s) => s.bundles))].sort();
      console.log(`    bundles loaded by activation: ${bundles.join(', ')}`);
      console.log(`    AWS SDK loaded by activation: ${samples.some((s) => s.sdkModules > 0) ? 'YES' : 'no'}`);
    }
  }

  const samples = Array.from({ length: SAMPLES }, () => nodeSample(true));
  const cold = Array.from({ length: SAMPLES }, () => nodeSample(false));
  const vsixBytes = fs.existsSync(vsix) ? fs.statSync(vsix).size : NaN;
  const bundleBytes = fs.statSync(path.join(root, 'dist', 'extension.js')).size;
  // A zip's central directory holds the file names uncompressed.
  const listing = fs.existsSync(vsix) ? fs.readFileSync(vsix).toString('latin1') : '';
  console.log(
    `  Node stand-in (stub vscode), bundle load + activate, ${SAMPLES} runs: ${figure(
      samples.map((s) => s.ms),
      2,
    )}`,
  );
  console.log(`    the same with Node built-ins loaded cold: median ${median(cold.map((s) => s.ms)).toFixed(2)} ms`);
  console.log(`    AWS SDK loaded by activation: ${[...samples, ...cold].some((s) => s.awsLoaded) ? 'YES' : 'no'}`);
  console.log(`  dist/extension.js: ${(bundleBytes / 1024).toFixed(1)} KiB`);
  console.log(
    `  .vsix: ${(vsixBytes / 1024).toFixed(1)} KiB (${(vsixBytes / 1048576).toFixed(3)} MiB), node_modules inside: ${listing.includes('extension/node_modules/') ? 'YES' : 'no'}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
