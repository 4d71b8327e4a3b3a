import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  detectLevel,
  displaySegments,
  parseJsonLine,
  plainLine,
  prettyJsonTokens,
  readableJson,
  ROW_MAX_CHARS,
  rowSegments,
  sourceLabel,
} from '../../../src/monitor/logFormat';

const text = (segments: Array<{ text: string }>) => segments.map((s) => s.text).join('');

test('levels come from words in the line or from the JSON level field', () => {
  assert.equal(detectLevel('2026-11-18 ERROR connection reset'), 'error');
  assert.equal(detectLevel('[warn] slow query'), 'warn');
  assert.equal(detectLevel('INFO GET /health 200'), 'info');
  assert.equal(detectLevel('DEBUG cache miss'), 'debug');
  assert.equal(detectLevel('Traceback: FATAL'), 'error');
  assert.equal(detectLevel('GET / 200 in 3ms'), 'none');
  assert.equal(detectLevel('no errors found'), 'none');
  assert.equal(detectLevel('<script>alert(1)</script>'), 'none');
  const pino = parseJsonLine('{"level":50,"msg":"boom"}');
  assert.equal(detectLevel('', pino), 'error');
  assert.equal(detectLevel('', parseJsonLine('{"severity":"WARNING","message":"x"}')), 'warn');
  assert.equal(detectLevel('', parseJsonLine('{"level":"info","msg":"ERROR in text only"}')), 'info');
});

test('only JSON objects count as JSON lines', () => {
  assert.deepEqual(parseJsonLine(' {"a":1}\n'), { a: 1 });
  assert.equal(parseJsonLine('[1,2]'), undefined);
  assert.equal(parseJsonLine('{not json}'), undefined);
  assert.equal(parseJsonLine('plain'), undefined);
});

test('a JSON line reads as its message followed by key=value fields', () => {
  assert.equal(
    readableJson({ level: 'info', msg: 'request served', status: 200, path: '/a b', nested: { x: 1 } }),
    'request served  level=info  status=200  path="/a b"  nested={"x":1}',
  );
  assert.equal(readableJson({ a: true }), 'a=true');
});

test('control characters, bidi overrides and lone surrogates become visible marks', () => {
  const segments = displaySegments('a\u0000b\u001b[31m\u007fc\u202egnp.exe\u202c\ud800z', { maxChars: 1000 });
  assert.equal(text(segments), 'aNULbESC[31mDELcU+202Egnp.exeU+202CU+D800z');
  assert.deepEqual(
    segments.filter((s) => s.mark).map((s) => s.text),
    ['NUL', 'ESC', 'DEL', 'U+202E', 'U+202C', 'U+D800'],
  );
  // Tabs, emoji (surrogate pairs, joiners) and markup stay as they are.
  assert.equal(text(displaySegments('\t👩‍💻 <b>x</b>', { maxChars: 100 })), '\t👩‍💻 <b>x</b>');
});

test('line breaks show as ↵ in a row and stay line breaks in the detail', () => {
  assert.equal(text(displaySegments('a\nb', { maxChars: 100 })), 'a↵b');
  assert.equal(text(displaySegments('a\nb', { maxChars: 100, keepNewlines: true })), 'a\nb');
  assert.equal(text(rowSegments('trailing newline\n')), 'trailing newline');
});

test('long lines are cut with a mark saying how much is left out, never inside a surrogate pair', () => {
  const long = 'x'.repeat(ROW_MAX_CHARS + 500);
  const segments = rowSegments(long);
  assert.equal(text(segments), `${'x'.repeat(ROW_MAX_CHARS)}… 500 more characters`);
  const pair = `${'y'.repeat(9)}😀tail`;
  // The cut falls inside 😀 (two UTF-16 units): it moves before it; 😀 and 'tail' are left out.
  assert.equal(text(displaySegments(pair, { maxChars: 10 })), `${'y'.repeat(9)}… 6 more characters`);
});

test('pretty JSON tokens put together give the pretty-printed JSON', () => {
  const value = { msg: 'he said "hi"', n: -1.5e3, ok: false, none: null, list: [1, 'two'], esc: '\u0007' };
  const tokens = prettyJsonTokens(value);
  assert.equal(tokens.map((t) => t.text).join(''), JSON.stringify(value, null, 2));
  assert.deepEqual(
    tokens.filter((t) => t.kind === 'key').map((t) => t.text),
    ['"msg"', '"n"', '"ok"', '"none"', '"list"', '"esc"'],
  );
  assert.ok(tokens.some((t) => t.kind === 'number' && t.text === '-1500'));
  assert.ok(tokens.some((t) => t.kind === 'literal' && t.text === 'null'));
});

test('sources are short: instance, lifecycle events, deployment', () => {
  assert.equal(sourceLabel('application', 'instance/4f1c2a9b7d6e5f4a3b2c1d0e9f8a7b6c'), 'app 4f1c2a9b');
  assert.equal(sourceLabel('service', 'events'), 'events');
  assert.equal(sourceLabel('service', 'deployment/1a2b3c4d-5e6f'), 'deploy 1a2b3c4d');
  assert.equal(sourceLabel('service', 'other'), 'service other');
});

test('copied and saved lines carry time, source and the original message', () => {
  assert.equal(
    plainLine(Date.UTC(2026, 10, 18, 10, 0, 0), '[application:instance/a]', '<b>\u0000</b>\n'),
    '2026-11-18T10:00:00.000Z [application:instance/a] <b>\u0000</b>',
  );
});
