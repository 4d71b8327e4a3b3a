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
  const dropped = b.add(Array.from({ length: 8 }, (_, i) => row(i, i % 2 ? `keep ${i}` : `skip ${i}`)));
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
