// Random (seeded, reproducible) mutations of valid and invalid files through the validator and the
// editor cores: nothing may throw, ranges must lie inside the text; speed is the benchmark's (npm run bench).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt } from '../../../src/config/completion';
import { hoverAt } from '../../../src/config/hover';
import { LineIndex } from '../../../src/config/lineIndex';
import { quickFixesFor } from '../../../src/config/quickFixes';
import type { Range } from '../../../src/config/types';
import { validateConfig } from '../../../src/config/validator';
import { applyEdits, fixture, fixtureNames } from './helpers';

const CASES = 3000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!tag ',
  '!!str ',
  '|',
  '>-',
  '"',
  "'",
  '#',
  ' # c',
  '---\n',
  '...\n',
  '\t',
  '\r\n',
  '\n',
  '%YAML 1.2\n',
  '? ',
  '<<: *a',
  'é',
  '🚀',
  '\u0000',
  '\uFEFF',
  '\\',
  '1.10',
  'nodejs20',
  'pre_run',
  'value-from: x',
  'env:\n  - name: PORT\n    value: 1\n',
  'secrets: [{name: A, value-from: "arn:aws:kms:x"}]',
  '  ',
  'null',
  '~',
  '0x1F',
];

type Mutation = (text: string, random: () => number) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];
const position = (text: string, random: () => number): number => Math.floor(random() * (text.length + 1));

const MUTATIONS: Mutation[] = [
  (text, random) => {
    const at = position(text, random);
    return text.slice(0, at) + pick(FRAGMENTS, random) + text.slice(at);
  },
  (text, random) => {
    const at = position(text, random);
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
  },
  (text, random) => {
    const at = position(text, random);
    return text.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + text.slice(at + 1);
  },
  (text, random) => text.slice(0, position(text, random)),
  (text, random) => {
    const lines = text.split('\n');
    const i = Math.floor(random() * lines.length);
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    lines.splice(Math.floor(random() * lines.length), 1);
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    const [i, j] = [Math.floor(random() * lines.length), Math.floor(random() * lines.length)];
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    const i = Math.floor(random() * lines.length);
    lines[i] = random() < 0.5 ? ' '.repeat(1 + Math.floor(random() * 3)) + lines[i] : lines[i].replace(/^ {1,3}/, '');
    return lines.join('\n');
  },
];

function assertInside(lines: LineIndex, range: Range, what: string): void {
  const { start, end } = range;
  assert.ok(start.line >= 0 && start.character >= 0, what);
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: start after end`);
  assert.ok(end.line < lines.lineCount, `${what}: line ${end.line} of ${lines.lineCount}`);
  assert.ok(
    start.character <= lines.lineText(start.line).length && end.character <= lines.lineText(end.line).length,
    `${what}: past the line end`,
  );
}

describe('fuzz', () => {
  const seeds = [
    ...fixtureNames('valid').map((name) => fixture(`valid/${name}`)),
    ...fixtureNames('invalid').map((name) => fixture(`invalid/${name}`)),
  ];

  it(`${CASES} mutated files: no throw, ranges inside the text`, () => {
    const random = randomGenerator(20261121);
    let withDiagnostics = 0;
    for (let n = 0; n < CASES; n++) {
      let text = pick(seeds, random);
      const steps = 1 + Math.floor(random() * 4);
      for (let s = 0; s < steps; s++) text = pick(MUTATIONS, random)(text, random);
      const label = `case ${n}: ${JSON.stringify(text)}`;
      const lines = new LineIndex(text);

      const diagnostics = validateConfig(text, { fileName: n % 7 === 0 ? 'apprunner.yml' : 'apprunner.yaml' });
      if (diagnostics.length > 0) withDiagnostics++;
      for (const diagnostic of diagnostics) {
        assertInside(lines, diagnostic.range, `${diagnostic.rule} in ${label}`);
        assert.ok(diagnostic.message.length > 0, label);
        for (const fix of quickFixesFor(text, diagnostic)) {
          for (const edit of fix.edits) assertInside(lines, edit.range, `fix ${fix.title} in ${label}`);
          assert.equal(typeof applyEdits(text, fix.edits), 'string');
        }
      }

      const line = Math.floor(random() * lines.lineCount);
      const cursor = { line, character: Math.floor(random() * (lines.lineText(line).length + 1)) };
      for (const entry of completeAt(text, cursor)) {
        assert.equal(entry.replaceRange.start.line, cursor.line, label);
      }
      const hover = hoverAt(text, cursor);
      if (hover) assertInside(lines, hover.range, `hover in ${label}`);
    }
    // Most mutations break something; a fuzzer that only produced valid files would test little.
    assert.ok(withDiagnostics > CASES / 2, `only ${withDiagnostics} of ${CASES} cases had diagnostics`);
  });

  it('the generator is deterministic', () => {
    const a = randomGenerator(7);
    const b = randomGenerator(7);
    assert.deepEqual(Array.from({ length: 5 }, a), Array.from({ length: 5 }, b));
  });
});
