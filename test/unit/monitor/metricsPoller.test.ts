import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsPoller } from '../../../src/monitor/metricsPoller';
import type { MetricRange, MetricsSnapshot } from '../../../src/monitor/protocol';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A poller with manual time and fetches that finish when the test says. */
function setup() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  const fetches: Array<{ range: MetricRange; signal: AbortSignal; resolve: () => void; reject: (e: Error) => void }> = [];
  const shown: MetricRange[] = [];
  const failures: string[] = [];
  const poller = new MetricsPoller(
    {
      fetch: (range, signal) =>
        new Promise<MetricsSnapshot>((resolve, reject) => {
          fetches.push({ range, signal, resolve: () => resolve({ range } as MetricsSnapshot), reject });
        }),
      loading: () => undefined,
      loaded: (s) => shown.push(s.range),
      failed: (_range, err) => failures.push((err as Error).message),
      now: () => now,
      setTimer: (fn, ms) => {
        const timer = { at: now + ms, fn, live: true };
        timers.push(timer);
        return { dispose: () => (timer.live = false) };
      },
    },
    '1h',
    60_000,
  );
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.live && x.at <= now)) {
      t.live = false;
      t.fn();
    }
    await flush();
  };
  const finish = async () => {
    fetches[fetches.length - 1].resolve();
    await flush();
  };
  return { poller, fetches, shown, failures, advance, finish };
}

test('one fetch per refresh, every minute after the last one ended', async () => {
  const s = setup();
  void s.poller.refresh();
  await s.finish();
  assert.equal(s.fetches.length, 1);
  await s.advance(59_000);
  assert.equal(s.fetches.length, 1);
  await s.advance(1_000);
  assert.equal(s.fetches.length, 2);
  await s.finish();
  await s.advance(60_000);
  assert.equal(s.fetches.length, 3);
  assert.deepEqual(s.shown, ['1h', '1h']);
});

test('a refresh asked for while one runs joins it instead of calling again', async () => {
  const s = setup();
  const a = s.poller.refresh();
  const b = s.poller.refresh();
  assert.equal(s.fetches.length, 1);
  await s.finish();
  await Promise.all([a, b]);
  assert.equal(s.fetches.length, 1);
});

test('a range change cancels the old request and shows only the new range', async () => {
  const s = setup();
  void s.poller.refresh();
  void s.poller.setRange('1w');
  assert.equal(s.fetches.length, 2);
  assert.equal(s.fetches[0].signal.aborted, true);
  s.fetches[0].resolve();
  await s.finish();
  assert.deepEqual(s.shown, ['1w']);
  assert.equal(s.poller.range, '1w');
});

test('a hidden panel makes no calls and catches up when shown again', async () => {
  const s = setup();
  void s.poller.refresh();
  await s.finish();
  s.poller.setVisible(false);
  await s.advance(5 * 60_000);
  assert.equal(s.fetches.length, 1);
  s.poller.setVisible(true);
  assert.equal(s.fetches.length, 2);
  await s.finish();
  s.poller.setVisible(false);
  await s.advance(10_000);
  s.poller.setVisible(true);
  assert.equal(s.fetches.length, 2, 'fresh data is not read again');
  await s.advance(50_000);
  assert.equal(s.fetches.length, 3);
});

test('a failed fetch is reported and the next minute tries again', async () => {
  const s = setup();
  void s.poller.refresh();
  s.fetches[0].reject(new Error('Rate exceeded'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(s.failures, ['Rate exceeded']);
  await s.advance(60_000);
  assert.equal(s.fetches.length, 2);
});

test('after dispose nothing more is fetched', async () => {
  const s = setup();
  void s.poller.refresh();
  s.poller.dispose();
  assert.equal(s.fetches[0].signal.aborted, true);
  await s.advance(120_000);
  assert.equal(s.fetches.length, 1);
});
