import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter, FilterSpec, LogBuffer, NewRow, RowFilter } from '../../../src/monitor/logBuffer';

function row(timestamp: number, message: string, kind: 'event' | 'notice' = 'event'): NewRow {
  return { kind, id: kind === 'event' ? `id-${message}` : '', timestamp, stream: 'instance/a', group: 'application', message };
}

function filter(spec: FilterSpec): RowFilter | undefined {
  const compiled = compileFilter(spec);
  assert.ok(!(compiled instanceof SyntaxError), String(compiled));
  return compiled;
}

const messages = (b: LogBuffer) => b.visibleRows().map((r) => r.message);

test('rows are kept in time order whatever order they arrive in; ties keep arrival order', () => {
  const b = new LogBuffer(100);
  b.add([row(10, 'c'), row(5, 'a')]);
  b.add([row(7, 'b'), row(20, 'e')]);
  b.add([row(10, 'd')]);
  assert.deepEqual(messages(b), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(b.indexOf(b.at(2)!), 2);
});

test('the oldest rows are dropped beyond capacity, filtered view included', () => {
  const b = new LogBuffer(5);
  b.setFilter(filter({ text: 'keep', regex: false, matchCase: false }));
  const { dropped } = b.add(Array.from({ length: 8 }, (_, i) => row(i, i % 2 ? `keep ${i}` : `skip ${i}`)));
  assert.equal(dropped, 3);
  assert.equal(b.totalRows, 5);
  assert.equal(b.eventRows, 5);
  assert.deepEqual(messages(b), ['keep 3', 'keep 5', 'keep 7']);
  assert.equal(b.visibleEventRows, 3);
  b.add([row(1, 'keep but too old')]);
  assert.equal(b.totalRows, 5);
  assert.ok(!messages(b).includes('keep but too old'));
});

test('a filter is a case-insensitive substring, or a regular expression; notices always show', () => {
  const b = new LogBuffer(100);
  b.add([row(1, 'GET /health'), row(2, 'POST /orders'), row(3, 'CloudWatch sampled', 'notice'), row(4, 'get /items')]);
  b.setFilter(filter({ text: 'get', regex: false, matchCase: false }));
  assert.deepEqual(messages(b), ['GET /health', 'CloudWatch sampled', 'get /items']);
  assert.deepEqual([b.visibleEventRows, b.eventRows], [2, 3], 'notices are not counted as lines');
  b.setFilter(filter({ text: 'get', regex: false, matchCase: true }));
  assert.deepEqual(messages(b), ['CloudWatch sampled', 'get /items']);
  b.setFilter(filter({ text: '^(GET|POST) /o', regex: true, matchCase: false }));
  assert.deepEqual(messages(b), ['POST /orders', 'CloudWatch sampled']);
  b.add([row(0, 'POST /old'), row(9, 'post /orders/2'), row(3, 'GET /x')]);
  assert.deepEqual(messages(b), ['POST /old', 'POST /orders', 'CloudWatch sampled', 'post /orders/2']);
  b.setFilter(undefined);
  assert.equal(b.length, 7);
});

test('an invalid regular expression is reported, not applied', () => {
  const result = compileFilter({ text: '(unclosed', regex: true, matchCase: false });
  assert.ok(result instanceof SyntaxError);
  assert.equal(compileFilter({ text: '', regex: true, matchCase: false }), undefined);
});

test('clear empties the buffer and the counts', () => {
  const b = new LogBuffer(10);
  b.add([row(1, 'a'), row(2, 'n', 'notice')]);
  b.clear();
  assert.equal(b.totalRows, 0);
  assert.equal(b.eventRows, 0);
  b.add([row(3, 'b')]);
  assert.deepEqual(messages(b), ['b']);
});

test('a filter with later verdicts: the view starts empty, passed rows join in time order, dropped ones never', () => {
  const b = new LogBuffer(6);
  b.add([row(1, 'a1'), row(2, 'b2'), row(3, 'n', 'notice'), row(4, 'a4')]);
  const waiting = b.startFilter((r) => r.kind === 'notice');
  assert.deepEqual(
    waiting.map((r) => r.message),
    ['a1', 'b2', 'n', 'a4'],
  );
  assert.equal(b.length, 0);
  // New rows pass the immediate test at once (notices) or wait like the others.
  const { added } = b.add([row(5, 'a5'), row(6, 'n2', 'notice')]);
  assert.deepEqual(messages(b), ['n2']);
  b.admit([added[0], waiting[3]]);
  assert.deepEqual(messages(b), ['a4', 'a5', 'n2']);
  assert.equal(b.visibleEventRows, 2);
  // a1 is dropped (capacity 6) before its verdict arrives.
  b.add([row(7, 'b7')]);
  b.admit([waiting[0], waiting[2]]);
  assert.deepEqual(messages(b), ['n', 'a4', 'a5', 'n2']);
  assert.equal(b.visibleEventRows, 2);
  b.clear();
  b.admit([waiting[3]]);
  assert.equal(b.length, 0, 'cleared rows do not come back');
});
