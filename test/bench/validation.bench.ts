// apprunner.yaml validation time: median and 99th percentile of single validateConfig calls, after
// warm-up, for a typical file and for a generated 2,000-line file; plus completion and hover on the
// large file, which the editor runs on every keystroke or mouse move. The parser keeps its last
// result, so validation alternates two versions of each text (as typing does: every call parses),
// while hover and completion run on the text just validated (as in the editor).
import * as fs from 'fs';
import * as path from 'path';
import { completeAt } from '../../src/config/completion';
import { hoverAt } from '../../src/config/hover';
import { validateConfig } from '../../src/config/validator';

const root = path.resolve(__dirname, '../../..');
const WARM_UP = 200;

function largeConfig(lines: number): string {
  const head = ['version: 1.0', 'runtime: nodejs22', 'build:', '  commands:', '    build:'];
  const commands = Array.from({ length: 400 }, (_, i) => `      - echo "step ${i}" && npm run task-${i} # step ${i}`);
  const run = ['run:', '  runtime-version: 22.17.0', '  command: npm start', '  network:', '    port: 8080', '    env: APP_PORT', '  env:'];
  const body = [...head, ...commands, ...run];
  for (let i = 0; body.length + 2 <= lines; i++) body.push(`    - name: SETTING_${i}`, `      value: "value ${i}"`);
  return `${body.join('\n')}\n`;
}

function measure(samples: number, call: () => unknown): { median: number; p99: number } {
  for (let i = 0; i < WARM_UP; i++) call();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    call();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(samples / 2)], p99: times[Math.min(samples - 1, Math.ceil(samples * 0.99) - 1)] };
}

function report(label: string, { median, p99 }: { median: number; p99: number }): void {
  console.log(`  ${label.padEnd(44)} median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
}

const typical = fs.readFileSync(path.join(root, 'test/fixtures/apprunner-yaml/valid/all-keys.yaml'), 'utf8');
const large = largeConfig(2000);
const largeLines = large.split('\n').length - 1;
const now = new Date('2026-06-01');

console.log('apprunner.yaml validation');
/** Calls `fn` with `text` and a one-character edit of it in turn, so that no call reuses a parse. */
function edited(text: string, fn: (t: string) => unknown): () => unknown {
  const versions = [text, `${text} `];
  let i = 0;
  return () => fn(versions[i++ % 2]);
}

report(
  `typical file (${typical.split('\n').length - 1} lines)`,
  measure(
    2000,
    edited(typical, (t) => validateConfig(t, { now })),
  ),
);
report(
  `generated file (${largeLines} lines)`,
  measure(
    200,
    edited(large, (t) => validateConfig(t, { now })),
  ),
);
validateConfig(large, { now });
report(
  `completion in the generated file`,
  measure(200, () => completeAt(large, { line: 1500, character: 4 })),
);
report(
  `hover in the generated file`,
  measure(200, () => hoverAt(large, { line: 1500, character: 8 })),
);
console.log(`  diagnostics of the generated file: ${validateConfig(large, { now }).length}`);
