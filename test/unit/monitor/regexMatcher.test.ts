import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { FilterSpec, LogBuffer, LogRow, RowFilter } from '../../../src/monitor/logBuffer';
import {
  answerMatchRequest,
  BudgetedRegexMatcher,
  MatchCallbacks,
  MatcherEnvironment,
  MatchReply,
  MatchRequest,
  MatchStarted,
  serveMatchRequest,
} from '../../../src/monitor/regexMatcher';

const regex = (text: string): FilterSpec => ({ text, regex: true, matchCase: false });

function rows(messages: string[]): LogRow[] {
  const b = new LogBuffer(100_000);
  return b.add(
    messages.map((message, i) => ({ kind: 'event', id: `e${i}`, timestamp: i, stream: 'instance/a', group: 'application', message })),
  ).added;
}

/** A worker that answers only when told to, and timers that fire only when told to. */
function fakeEnvironment() {
  const posted: MatchRequest[] = [];
  const timers = new Map<number, () => void>();
  let nextTimer = 0;
  let reply: (r: MatchStarted | MatchReply) => void = () => {};
  const state = { started: 0, terminated: 0 };
  const env: MatcherEnvironment = {
    startWorker(onReply) {
      state.started++;
      reply = onReply;
      return { post: (r) => posted.push(r), terminate: () => state.terminated++ };
    },
    setTimer(callback) {
      timers.set(++nextTimer, callback);
      return nextTimer;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  };
  const cache = new Map<string, RowFilter>();
  return {
    env,
    posted,
    timers,
    state,
    /** The worker begins the oldest request it has not begun and answers it. */
    answer(): void {
      const request = posted.shift();
      assert.ok(request, 'nothing was posted');
      serveMatchRequest(request, cache, reply);
    },
    /** The worker begins the oldest request it has not begun, and runs on. */
    begin(): MatchRequest {
      const request = posted.shift();
      assert.ok(request, 'nothing was posted');
      reply({ id: request.id, started: true });
      return request;
    },
    replyRaw: (r: MatchStarted | MatchReply) => reply(r),
    fireTimers(): void {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
    },
  };
}

function recorder() {
  const passed: string[] = [];
  const events: string[] = [];
  const callbacks: MatchCallbacks = {
    passed: (r) => passed.push(...r.map((x) => x.message)),
    tooSlow: (ms) => events.push(`too slow (${ms} ms)`),
    failed: (message) => events.push(`failed: ${message}`),
  };
  return { passed, events, callbacks };
}

test('the worker side applies the same rule as the page: message or stream, case, notices not involved', () => {
  const cache = new Map<string, RowFilter>();
  const lines = [
    { message: 'GET /health', stream: 'instance/a' },
    { message: 'post /orders', stream: 'instance/b' },
    { message: 'x', stream: 'instance/orders' },
  ];
  assert.deepEqual(answerMatchRequest({ id: 1, spec: regex('^(get|post) /o'), lines }, cache), { id: 1, passed: [1] });
  assert.deepEqual(answerMatchRequest({ id: 2, spec: regex('orders'), lines }, cache), { id: 2, passed: [1, 2] });
  assert.deepEqual(answerMatchRequest({ id: 3, spec: { text: 'GET', regex: true, matchCase: true }, lines }, cache), {
    id: 3,
    passed: [0],
  });
  const bad = answerMatchRequest({ id: 4, spec: regex('(unclosed'), lines }, cache);
  assert.ok('error' in bad && /Unterminated group/.test(bad.error));
});

test('rows go to the worker a chunk at a time, one chunk in flight, and matches come back as rows', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env, 1_000);
  const r = recorder();
  matcher.start(regex('keep'), r.callbacks);
  matcher.enqueue(rows(Array.from({ length: 1_200 }, (_, i) => (i % 100 === 0 ? `keep ${i}` : `drop ${i}`))));
  assert.equal(fake.posted.length, 1, 'one chunk at a time');
  assert.equal(fake.posted[0].lines.length, 500);
  assert.equal(fake.timers.size, 1, 'the chunk has a time to start');
  assert.ok(matcher.busy);
  fake.answer();
  fake.answer();
  fake.answer();
  assert.equal(fake.posted.length, 0);
  assert.equal(fake.timers.size, 0, 'no budget left running');
  assert.ok(!matcher.busy);
  assert.deepEqual(
    r.passed,
    Array.from({ length: 12 }, (_, i) => `keep ${i * 100}`),
  );
  assert.deepEqual(r.events, []);
  assert.equal(fake.state.started, 1, 'one worker for all chunks');
});

test('big lines make smaller chunks, so that a chunk’s time tracks the text it matches', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env);
  matcher.start(regex('x'), recorder().callbacks);
  matcher.enqueue(rows(Array.from({ length: 10 }, () => 'y'.repeat(100_000))));
  assert.equal(fake.posted[0].lines.length, 3);
});

test('a chunk that overruns its budget: the worker is terminated, the pattern reported too slow, nothing more is matched', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env, 750);
  const r = recorder();
  matcher.start(regex('(a+)+$'), r.callbacks);
  matcher.enqueue(rows([`${'a'.repeat(40)}!`, 'aaa']));
  const running = fake.begin();
  fake.fireTimers();
  assert.deepEqual(r.events, ['too slow (750 ms)']);
  assert.equal(fake.state.terminated, 1);
  assert.ok(!matcher.active && !matcher.busy);
  matcher.enqueue(rows(['aaa']));
  assert.equal(fake.posted.length, 0, 'the stopped pattern takes no new rows');
  // A late answer from the terminated worker changes nothing.
  fake.replyRaw({ id: running.id, passed: [0, 1] });
  assert.deepEqual(r.passed, []);
  // The next pattern gets a new worker.
  const next = recorder();
  matcher.start(regex('b'), next.callbacks);
  matcher.enqueue(rows(['abc', 'xyz']));
  assert.equal(fake.state.started, 2);
  fake.answer();
  assert.deepEqual(next.passed, ['abc']);
});

test('a new pattern drops the old one: a chunk still running is stopped with its worker, its answer ignored', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env);
  const old = recorder();
  matcher.start(regex('a'), old.callbacks);
  matcher.enqueue(rows(['a1', 'a2']));
  const stale = fake.posted.shift()!;
  const next = recorder();
  matcher.start(regex('b'), next.callbacks);
  assert.equal(fake.state.terminated, 1);
  assert.equal(fake.timers.size, 0);
  fake.replyRaw({ id: stale.id, passed: [0, 1] });
  assert.deepEqual(old.passed, []);
  matcher.enqueue(rows(['b1']));
  fake.answer();
  assert.deepEqual(next.passed, ['b1']);
});

test('the budget runs from when the worker begins a chunk: a worker slow to start is not a slow pattern', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env, 500);
  const r = recorder();
  matcher.start(regex('a'), r.callbacks);
  matcher.enqueue(rows(['a']));
  // Only the start timeout runs; when it fires, the worker is reported as not starting.
  fake.fireTimers();
  assert.equal(r.events.length, 1);
  assert.match(r.events[0], /^failed: the filter worker did not start within \d+ s$/);
  assert.equal(fake.state.terminated, 1);
});

test('a pattern the worker cannot run, or a worker that cannot start, is reported', () => {
  const fake = fakeEnvironment();
  const matcher = new BudgetedRegexMatcher(fake.env);
  const r = recorder();
  matcher.start(regex('x'), r.callbacks);
  matcher.enqueue(rows(['x']));
  fake.replyRaw({ id: fake.posted[0].id, error: 'Maximum call stack size exceeded' });
  assert.deepEqual(r.events, ['failed: Maximum call stack size exceeded']);
  assert.ok(!matcher.active);

  const broken = new BudgetedRegexMatcher({
    ...fake.env,
    startWorker: () => {
      throw new Error('worker-src refused');
    },
  });
  const b = recorder();
  broken.start(regex('x'), b.callbacks);
  broken.enqueue(rows(['x']));
  assert.deepEqual(b.events, ['failed: worker-src refused']);
  assert.ok(!broken.busy);
});

/** The matcher over a real worker thread running answerMatchRequest. */
function threadEnvironment(workers: Worker[]): MatcherEnvironment {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { serveMatchRequest } = require(workerData.module);
    const cache = new Map();
    parentPort.on('message', (request) => serveMatchRequest(request, cache, (m) => parentPort.postMessage(m)));`;
  return {
    startWorker(reply, fail) {
      const worker = new Worker(source, { eval: true, workerData: { module: require.resolve('../../../src/monitor/regexMatcher') } });
      workers.push(worker);
      worker.on('message', reply);
      worker.on('error', (err) => fail(err.message));
      return { post: (r) => worker.postMessage(r), terminate: () => void worker.terminate() };
    },
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

test('in a real worker thread: a catastrophic pattern is stopped mid-match and reported; a sane one then works', async () => {
  const workers: Worker[] = [];
  const matcher = new BudgetedRegexMatcher(threadEnvironment(workers), 300);
  const slow = new Promise<string>((resolve, reject) =>
    matcher.start(regex('(a+)+$'), {
      passed: () => reject(new Error('a verdict came back')),
      tooSlow: () => resolve('too slow'),
      failed: reject,
    }),
  );
  // 2^36 ways to split the a's: this match would run for hours.
  matcher.enqueue(rows([`${'a'.repeat(36)}!`]));
  const exited = once(workers[0], 'exit');
  assert.equal(await slow, 'too slow');
  await exited;
  const passed = new Promise<string[]>((resolve, reject) =>
    matcher.start(regex('^a+$'), {
      passed: (r) => resolve(r.map((x) => x.message)),
      tooSlow: () => reject(new Error('too slow')),
      failed: reject,
    }),
  );
  matcher.enqueue(rows(['aaaa', 'aab']));
  assert.deepEqual(await passed, ['aaaa']);
  assert.equal(workers.length, 2, 'a new worker for the new pattern');
  // An idle worker is kept for the next pattern; the test ends it.
  await workers[1].terminate();
});
