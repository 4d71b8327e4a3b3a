import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  detectLevel,
  displaySegments,
  formatJsonLine,
  parseJsonLine,
  plainLine,
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
    readableJson('{"level": "info", "msg": "request served", "status": 200, "path": "/a b", "nested": { "x": 1 }}'),
    'request served  level=info  status=200  path="/a b"  nested={"x":1}',
  );
  assert.equal(readableJson('{"a":true}'), 'a=true');
  assert.equal(
    readableJson('{"message":"m\\u00e9","msg":42}'),
    'mé  msg=42',
    'the message is the first of msg and message that is a string',
  );
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

test('formatted JSON tokens put together give the pretty-printed JSON', () => {
  const value = { msg: 'he said "hi"', n: -1.5e3, ok: false, none: null, list: [1, 'two'], empty: {}, esc: '\u0007' };
  const tokens = formatJsonLine(JSON.stringify(value))!;
  assert.equal(tokens.map((t) => t.text).join(''), JSON.stringify(value, null, 2));
  assert.deepEqual(
    tokens.filter((t) => t.kind === 'key').map((t) => t.text),
    ['"msg"', '"n"', '"ok"', '"none"', '"list"', '"empty"', '"esc"'],
  );
  assert.ok(tokens.some((t) => t.kind === 'number' && t.text === '-1500'));
  assert.ok(tokens.some((t) => t.kind === 'literal' && t.text === 'null'));
  assert.equal(formatJsonLine('{"a": [1, 2'), undefined, 'unterminated');
  assert.equal(formatJsonLine('{"a": 1]'), undefined, 'mismatched');
  assert.equal(formatJsonLine('plain text'), undefined);
});

test('the row and the formatted JSON show keys and values as logged: large integers keep their digits, repeated keys all show', () => {
  const line = '{"id": 12345678901234567890, "user": "a", "user": "b", "ratio": 1.000000000000000000001, "u": "caf\\u00e9"}';
  const parsed = parseJsonLine(line)!;
  assert.notEqual(String(parsed.id), '12345678901234567890', 'parsing rounds it (which is why the row and the detail do not parse)');
  assert.equal(text(rowSegments(line)), 'id=12345678901234567890  user=a  user=b  ratio=1.000000000000000000001  u=café');
  const formatted = formatJsonLine(line)!
    .map((t) => t.text)
    .join('');
  assert.equal(
    formatted,
    '{\n  "id": 12345678901234567890,\n  "user": "a",\n  "user": "b",\n  "ratio": 1.000000000000000000001,\n  "u": "caf\\u00e9"\n}',
  );
});

function nested(depth: number): string {
  return `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
}

test('deeply nested JSON is bounded: depth 10,000 and 4,000 neither throw nor blow up', () => {
  for (const depth of [4_000, 10_000]) {
    const line = nested(depth);
    // Rows: the summary caps nesting too.
    const row = text(rowSegments(line));
    assert.ok(row.length <= ROW_MAX_CHARS + 40, `row of depth ${depth}: ${row.length} characters`);
    const tokens = formatJsonLine(line)!;
    const out = tokens.map((t) => t.text).join('');
    // Indentation stops growing at the depth limit (64): at most two indented lines per level are added.
    assert.ok(out.length < line.length + 2 * 64 * (2 * 64 + 2) + 200, `depth ${depth}: ${out.length} characters`);
    assert.ok(out.replace(/[\s\n]/g, '').includes(`${'['.repeat(100)}1${']'.repeat(100)}`), 'the deep part is there, on one line');
    const marks = tokens.filter((t) => t.kind === 'mark');
    assert.equal(marks.length, 1);
    assert.match(marks[0].text, /nested deeper than 64 levels/);
  }
  assert.doesNotThrow(() => parseJsonLine(nested(10_000)));
  assert.equal(readableJson(nested(4_000)), `a=${'['.repeat(4_000)}1${']'.repeat(4_000)}`);
});

test('the formatted JSON stops at its character limit with a mark, and Raw keeps the whole line', () => {
  const line = JSON.stringify({ list: Array.from({ length: 5_000 }, (_, i) => i) });
  const tokens = formatJsonLine(line, { maxDepth: 64, maxChars: 1_000 })!;
  const out = tokens.map((t) => t.text).join('');
  assert.ok(out.length < 1_200, `${out.length} characters`);
  assert.match(tokens[tokens.length - 1].text, /formatted view stops at 1,000 characters; Raw shows the whole line/);
  assert.equal(tokens[tokens.length - 1].kind, 'mark');
});

test('invisible and formatting characters are marked: zero-width, tag characters, Hangul fillers, BOM', () => {
  const hidden = 'pay\u200bpal \u2060x\u00ady \ufeffz \u{e0041}\u{e0042}\u{e007f} \u115f\u1160\u3164\uffa0 end';
  const segments = displaySegments(hidden, { maxChars: 1000 });
  assert.deepEqual(
    segments.filter((s) => s.mark).map((s) => s.text),
    ['U+200B', 'U+2060', 'U+00AD', 'U+FEFF', 'U+E0041', 'U+E0042', 'U+E007F', 'U+115F', 'U+1160', 'U+3164', 'U+FFA0'],
  );
  assert.equal(text(segments), 'payU+200Bpal U+2060xU+00ADy U+FEFFz U+E0041U+E0042U+E007F U+115FU+1160U+3164U+FFA0 end');
  // A joiner inside an emoji sequence is part of the emoji; elsewhere it is hidden text.
  assert.equal(text(displaySegments('👩🏽‍💻 a\u200db \u200d', { maxChars: 100 })), '👩🏽‍💻 aU+200Db U+200D');
  // Marks inside the formatted JSON as well.
  const json = formatJsonLine('{"msg":"a\u200bb"}')!;
  assert.equal(text(displaySegments(json.find((t) => t.kind === 'string')!.text, { maxChars: 100 })), '"aU+200Bb"');
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
