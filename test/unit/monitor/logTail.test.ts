import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyTailError, DEFAULT_TAIL_OPTIONS, LogGroupRef, LogTail, LogTailOptions } from '../../../src/monitor/logTail';
import { FakeClock, FakeLogs, Recorder } from './fakeLogs';

const APP: LogGroupRef = {
  kind: 'application',
  name: '/aws/apprunner/orders/0123/application',
  arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apprunner/orders/0123/application',
};
const SVC: LogGroupRef = {
  kind: 'service',
  name: '/aws/apprunner/orders/0123/service',
  arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apprunner/orders/0123/service',
};

function named(name: string): Error {
  return Object.assign(new Error(`${name} (test)`), { name });
}

function setup(groups: LogGroupRef[] = [APP, SVC], options: Partial<LogTailOptions> = {}) {
  const clock = new FakeClock();
  const logs = new FakeLogs(clock);
  const out = new Recorder();
  const tail = new LogTail([...groups], logs, clock, out, (e) => (e as Error).message, { ...DEFAULT_TAIL_OPTIONS, ...options });
  return { clock, logs, out, tail };
}

/** Ingests `count` lines into `group`, `everyMs` apart; returns their messages. */
async function produce(
  ctx: ReturnType<typeof setup>,
  group: LogGroupRef,
  prefix: string,
  count: number,
  everyMs: number,
): Promise<string[]> {
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = `${prefix}-${i}`;
    ctx.logs.ingest(group.name, message, { stream: group.kind === 'service' ? 'events' : 'instance/aaaa' });
    messages.push(message);
    await ctx.clock.advance(everyMs);
  }
  return messages;
}

function assertEachOnce(shown: string[], expected: string[]): void {
  assert.equal(
    new Set(shown).size,
    shown.length,
    `duplicates among ${shown.length} lines: ${shown.filter((m, i) => shown.indexOf(m) !== i).join(', ')}`,
  );
  assert.deepEqual([...shown].sort(), [...expected].sort());
}

test('shows the last minutes of both groups, then live events, each once and tagged with its group', async () => {
  const ctx = setup();
  ctx.logs.ingest(APP.name, 'too old', { timestamp: ctx.clock.now() - 10 * 60_000 });
  ctx.logs.ingest(APP.name, 'app two minutes ago', { timestamp: ctx.clock.now() - 2 * 60_000 });
  ctx.logs.ingest(SVC.name, 'service one minute ago', { stream: 'events', timestamp: ctx.clock.now() - 60_000 });
  ctx.tail.start();
  await ctx.clock.advance(100);
  const live = [...(await produce(ctx, APP, 'app', 5, 300)), ...(await produce(ctx, SVC, 'svc', 3, 400))];
  await ctx.clock.advance(2000);
  assertEachOnce(ctx.out.messages(), ['app two minutes ago', 'service one minute ago', ...live]);
  assert.deepEqual(
    ctx.out.shown.filter((l) => l.message.startsWith('svc') || l.message.startsWith('service')).map((l) => l.group),
    ['service', 'service', 'service', 'service'],
  );
  assert.equal(ctx.out.lastMode, 'live');
  assert.equal(ctx.logs.liveTailCalls, 1);
  await ctx.tail.stop();
  assert.equal(ctx.logs.openSessions, 0);
});

test('a dropped stream resumes by itself and fills the gap from FilterLogEvents, nothing missing or twice', async () => {
  const ctx = setup();
  // FilterLogEvents finds events only 2 s after ingestion, as CloudWatch does.
  ctx.logs.searchDelayMs = 2000;
  ctx.tail.start();
  await ctx.clock.advance(1500);
  const before = await produce(ctx, APP, 'before', 6, 250);
  assert.equal(ctx.tail.fillsPending, false, 'the backfill is done');
  ctx.logs.dropSessions();
  const during = await produce(ctx, APP, 'during', 8, 200);
  await ctx.clock.advance(500);
  const after = await produce(ctx, SVC, 'after', 4, 300);
  assert.equal(ctx.tail.fillsPending, true, 'the gap waits gapFillDelayMs after the new session started');
  await ctx.clock.advance(15_000);
  assert.equal(ctx.tail.fillsPending, false);
  assertEachOnce(ctx.out.messages(), [...before, ...during, ...after]);
  assert.ok(ctx.out.modes.includes('reconnecting'), `modes: ${ctx.out.modes.join(',')}`);
  assert.equal(ctx.out.lastMode, 'live');
  assert.ok(ctx.out.notices.some((n) => n.kind === 'resumed'));
  assert.equal(ctx.logs.liveTailCalls, 2);
  await ctx.tail.stop();
});

test('the three-hour session timeout starts a new session at once, with no gap and no duplicates', async () => {
  const ctx = setup();
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const first = await produce(ctx, APP, 'first', 5, 400);
  ctx.logs.timeOutSessions();
  const second = await produce(ctx, APP, 'second', 5, 150);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), [...first, ...second]);
  assert.ok(ctx.out.statuses.some((s) => s.mode === 'reconnecting' && /time limit/.test(s.detail)));
  assert.equal(ctx.logs.liveTailCalls, 2);
  await ctx.tail.stop();
});

test('repeated breaks in a row still show every event exactly once', async () => {
  const ctx = setup();
  ctx.logs.searchDelayMs = 1500;
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const expected: string[] = [];
  for (let round = 0; round < 4; round++) {
    expected.push(...(await produce(ctx, APP, `r${round}`, 5, 170)));
    if (round % 2) ctx.logs.timeOutSessions();
    else ctx.logs.dropSessions();
  }
  expected.push(...(await produce(ctx, SVC, 'end', 3, 500)));
  await ctx.clock.advance(40_000);
  assertEachOnce(ctx.out.messages(), expected);
  await ctx.tail.stop();
});

test('two identical lines in the same millisecond are two events, also across a gap fill', async () => {
  const ctx = setup();
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const at = ctx.clock.now();
  ctx.logs.ingest(APP.name, 'same line', { timestamp: at });
  ctx.logs.ingest(APP.name, 'same line', { timestamp: at });
  await ctx.clock.advance(1500);
  ctx.logs.dropSessions();
  ctx.logs.ingest(APP.name, 'same line', { timestamp: at });
  await ctx.clock.advance(15_000);
  assert.deepEqual(ctx.out.messages(), ['same line', 'same line', 'same line']);
  assert.equal(new Set(ctx.out.shown.map((l) => l.id)).size, 3);
  await ctx.tail.stop();
});

test('an event the fill finds before Live Tail delivers it is shown once, and the other way round', async () => {
  const ctx = setup([APP], { gapFillDelayMs: 0 });
  // The fill answers half a second after the new session started, before its first update.
  ctx.logs.filterLatencyMs = 500;
  ctx.logs.pageSize = 100;
  ctx.tail.start();
  await ctx.clock.advance(3000);
  ctx.logs.dropSessions();
  await ctx.clock.advance(1000);
  const raced: string[] = [];
  for (let i = 0; i < 12; i++) {
    raced.push(ctx.logs.ingest(APP.name, `raced-${i}`).message);
    await ctx.clock.advance(100);
  }
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), raced);
  await ctx.tail.stop();
});

test('when Live Tail is denied the tail polls FilterLogEvents and never tries Live Tail again', async () => {
  const ctx = setup();
  ctx.logs.startFailures.push(named('AccessDeniedException'));
  ctx.logs.ingest(APP.name, 'backfilled', { timestamp: ctx.clock.now() - 60_000 });
  ctx.tail.start();
  await ctx.clock.advance(500);
  const polled = await produce(ctx, APP, 'polled', 10, 700);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), ['backfilled', ...polled]);
  assert.equal(ctx.out.lastMode, 'polling');
  assert.ok(ctx.out.notices.some((n) => n.kind === 'fallback' && /AccessDeniedException/.test(n.text)));
  assert.equal(ctx.logs.liveTailCalls, 1);
  await ctx.tail.stop();
});

test('with too many Live Tail sessions the tail polls, then goes live again later', async () => {
  const ctx = setup([APP], { liveTailRetryMs: 30_000 });
  ctx.logs.startFailures.push(named('LimitExceededException'));
  ctx.tail.start();
  await ctx.clock.advance(500);
  const polled = await produce(ctx, APP, 'polled', 5, 1000);
  await ctx.clock.advance(30_000);
  const live = await produce(ctx, APP, 'live', 5, 300);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), [...polled, ...live]);
  assert.equal(ctx.logs.liveTailCalls, 2);
  assert.equal(ctx.out.lastMode, 'live');
  assert.match(ctx.out.notices.find((n) => n.kind === 'fallback')?.text ?? '', /concurrent Live Tail sessions as its quota allows/);
  await ctx.tail.stop();
});

test('a Live Tail endpoint that cannot be reached while FilterLogEvents answers means polling, and Live Tail again later', async () => {
  const ctx = setup([APP], { liveTailRetryMs: 60_000 });
  const unreachable = () => Object.assign(new Error('getaddrinfo ENOTFOUND stream-logs.example.internal'), { code: 'ENOTFOUND' });
  ctx.logs.startFailures.push(unreachable(), unreachable(), unreachable());
  ctx.tail.start();
  await ctx.clock.advance(8000);
  assert.equal(ctx.out.lastMode, 'polling');
  assert.ok(ctx.out.notices.some((n) => n.kind === 'fallback' && /could not start/.test(n.text)));
  const polled = await produce(ctx, APP, 'polled', 5, 1000);
  await ctx.clock.advance(60_000);
  const live = await produce(ctx, APP, 'live', 3, 400);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), [...polled, ...live]);
  assert.equal(ctx.out.lastMode, 'live');
  assert.equal(ctx.logs.liveTailCalls, 4);
  await ctx.tail.stop();
});

test('when nothing can be reached, the tail keeps reconnecting instead of polling', async () => {
  const ctx = setup([APP]);
  const down = () => new Error('connect ECONNREFUSED 127.0.0.1:443');
  ctx.logs.startFailures.push(down(), down(), down(), down());
  ctx.logs.filterFailures.push(down(), down(), down(), down(), down(), down());
  ctx.tail.start();
  await ctx.clock.advance(20_000);
  assert.ok(!ctx.out.modes.includes('polling'), ctx.out.modes.join(','));
  assert.equal(ctx.out.lastMode, 'live');
  await ctx.tail.stop();
});

test('a stream that goes silent is treated as lost: reconnect and fill', async () => {
  const ctx = setup();
  ctx.tail.start();
  await ctx.clock.advance(1000);
  ctx.logs.silent = true;
  const unheard = await produce(ctx, APP, 'unheard', 4, 1000);
  await ctx.clock.advance(14_000);
  ctx.logs.silent = false;
  await ctx.clock.advance(15_000);
  assertEachOnce(ctx.out.messages(), unheard);
  assert.ok(
    ctx.out.statuses.some((s) => /sent nothing/.test(s.detail)),
    ctx.out.statuses.map((s) => s.detail).join(' | '),
  );
  assert.ok(ctx.logs.liveTailCalls >= 2);
  await ctx.tail.stop();
});

test('after the computer slept, the tail reconnects and fills everything logged meanwhile', async () => {
  const ctx = setup();
  ctx.tail.start();
  await ctx.clock.advance(2000);
  const asleepAt = ctx.clock.now();
  ctx.clock.jump(2 * 3_600_000);
  // The old connection is dead: nothing more arrives on it.
  ctx.logs.silent = true;
  const meanwhile = ['slept-0', 'slept-1', 'slept-2'];
  meanwhile.forEach((m, i) => ctx.logs.ingest(APP.name, m, { timestamp: asleepAt + (i + 1) * 1_800_000 }));
  await ctx.clock.advance(2100);
  ctx.logs.silent = false;
  await ctx.clock.advance(15_000);
  assertEachOnce(ctx.out.messages(), meanwhile);
  assert.ok(ctx.out.statuses.some((s) => /asleep/.test(s.detail)));
  await ctx.tail.stop();
});

test('a sampled stream gets a visible mark, at most one per interval', async () => {
  const ctx = setup([APP], { sampledNoticeIntervalMs: 30_000 });
  ctx.tail.start();
  await ctx.clock.advance(1000);
  ctx.logs.ingest(APP.name, 'x');
  ctx.logs.markSampled();
  await ctx.clock.advance(1000);
  ctx.logs.markSampled();
  await ctx.clock.advance(1000);
  assert.equal(ctx.out.notices.filter((n) => n.kind === 'sampled').length, 1);
  await ctx.clock.advance(30_000);
  ctx.logs.markSampled();
  await ctx.clock.advance(1000);
  assert.equal(ctx.out.notices.filter((n) => n.kind === 'sampled').length, 2);
  await ctx.tail.stop();
});

test('a log group that appears later is followed, with its own backfill and no duplicates', async () => {
  const ctx = setup([SVC]);
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const service = await produce(ctx, SVC, 'svc', 3, 500);
  ctx.logs.ingest(APP.name, 'app before it was followed', { timestamp: ctx.clock.now() - 30_000 });
  ctx.tail.addGroup(APP);
  await ctx.clock.advance(1500);
  const app = await produce(ctx, APP, 'app', 3, 500);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), [...service, 'app before it was followed', ...app]);
  assert.equal(ctx.tail.groupCount, 2);
  await ctx.tail.stop();
});

test('a failed fill is retried until the gap is filled', async () => {
  const ctx = setup([APP]);
  ctx.logs.ingest(APP.name, 'backfill me', { timestamp: ctx.clock.now() - 1000 });
  ctx.logs.filterFailures.push(named('ServiceUnavailableException'));
  ctx.tail.start();
  await ctx.clock.advance(5000);
  assert.deepEqual(ctx.out.messages(), ['backfill me']);
  assert.ok(ctx.out.notices.some((n) => n.kind === 'error'));
  await ctx.tail.stop();
});

test('expired credentials are reported once and retried', async () => {
  const ctx = setup([APP]);
  ctx.logs.startFailures.push(named('ExpiredTokenException'), named('ExpiredTokenException'));
  ctx.tail.start();
  await ctx.clock.advance(5000);
  assert.equal(ctx.out.failures.length, 1);
  assert.ok(ctx.out.modes.includes('error'));
  assert.equal(ctx.out.lastMode, 'live');
  await ctx.tail.stop();
});

test('errors are classified by what they mean for the tail', () => {
  assert.equal(classifyTailError(named('SessionTimeoutException')), 'session-timeout');
  assert.equal(classifyTailError(named('AccessDeniedException')), 'unavailable');
  assert.equal(classifyTailError(named('UnknownOperationException')), 'unavailable');
  assert.equal(classifyTailError({ name: 'Whatever', $metadata: { httpStatusCode: 404 } }), 'unavailable');
  assert.equal(classifyTailError(named('LimitExceededException')), 'busy');
  assert.equal(classifyTailError(named('ExpiredTokenException')), 'fatal');
  assert.equal(classifyTailError(new Error('Could not load credentials from any providers')), 'fatal');
  assert.equal(classifyTailError(new Error('aborted')), 'transient');
  assert.equal(classifyTailError(named('SessionStreamingException')), 'transient');
  assert.equal(classifyTailError('socket hang up'), 'transient');
});

test('hidden past the grace period, the tail holds no session; shown again, it shows the hidden time exactly once', async () => {
  const ctx = setup([APP, SVC], { hiddenGraceMs: 10_000 });
  ctx.logs.searchDelayMs = 2000;
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const before = await produce(ctx, APP, 'before', 4, 250);
  ctx.tail.setVisible(false);
  const grace = await produce(ctx, APP, 'grace', 3, 1000);
  assert.equal(ctx.logs.openSessions, 1, 'the session stays during the grace period');
  await ctx.clock.advance(8000);
  assert.equal(ctx.logs.openSessions, 0);
  assert.equal(ctx.out.lastMode, 'paused');
  assert.equal(ctx.tail.isPaused, true);
  const calls = { live: ctx.logs.liveTailCalls, filter: ctx.logs.filterCalls };
  const hidden = [...(await produce(ctx, APP, 'hidden', 10, 30_000)), ...(await produce(ctx, SVC, 'hidden-svc', 3, 60_000))];
  assert.deepEqual({ live: ctx.logs.liveTailCalls, filter: ctx.logs.filterCalls }, calls, 'nothing is called while paused');
  assert.equal(ctx.out.messages().filter((m) => m.startsWith('hidden')).length, 0);
  ctx.tail.setVisible(true);
  await ctx.clock.advance(1500);
  const after = await produce(ctx, SVC, 'after', 3, 300);
  await ctx.clock.advance(15_000);
  assertEachOnce(ctx.out.messages(), [...before, ...grace, ...hidden, ...after]);
  assert.equal(ctx.out.lastMode, 'live');
  assert.equal(ctx.logs.liveTailCalls, 2);
  assert.equal(ctx.out.notices.filter((n) => n.kind === 'resumed').length, 1);
  assert.match(ctx.out.notices.find((n) => n.kind === 'resumed')?.text ?? '', /hidden/);
  await ctx.tail.stop();
});

test('hidden for less than the grace period, the tail keeps its session', async () => {
  const ctx = setup([APP], { hiddenGraceMs: 10_000 });
  ctx.tail.start();
  await ctx.clock.advance(1000);
  ctx.tail.setVisible(false);
  await ctx.clock.advance(9000);
  ctx.tail.setVisible(true);
  ctx.tail.setVisible(false);
  await ctx.clock.advance(9000);
  ctx.tail.setVisible(true);
  const live = await produce(ctx, APP, 'live', 3, 500);
  await ctx.clock.advance(30_000);
  assertEachOnce(ctx.out.messages(), live);
  assert.equal(ctx.logs.liveTailCalls, 1);
  assert.ok(!ctx.out.modes.includes('paused'));
  assert.equal(ctx.logs.openSessions, 1);
  await ctx.tail.stop();
  assert.equal(ctx.logs.openSessions, 0);
});

test('a polling tail stops polling while hidden and catches up once when shown', async () => {
  const ctx = setup([APP], { hiddenGraceMs: 0 });
  ctx.logs.startFailures.push(named('AccessDeniedException'));
  ctx.tail.start();
  await ctx.clock.advance(1000);
  const polled = await produce(ctx, APP, 'polled', 3, 1000);
  await ctx.clock.advance(4000);
  ctx.tail.setVisible(false);
  await ctx.clock.advance(1);
  const filterCalls = ctx.logs.filterCalls;
  const hidden = await produce(ctx, APP, 'hidden', 5, 20_000);
  assert.equal(ctx.logs.filterCalls, filterCalls);
  assert.equal(ctx.out.lastMode, 'paused');
  ctx.tail.setVisible(true);
  await ctx.clock.advance(10_000);
  assertEachOnce(ctx.out.messages(), [...polled, ...hidden]);
  assert.equal(ctx.out.lastMode, 'polling');
  assert.equal(ctx.logs.liveTailCalls, 1);
  await ctx.tail.stop();
});

test('a tail hidden before it starts opens no session until it is shown; stop while paused ends it', async () => {
  const ctx = setup([APP], { hiddenGraceMs: 0 });
  ctx.logs.ingest(APP.name, 'backfilled', { timestamp: ctx.clock.now() - 60_000 });
  ctx.tail.setVisible(false);
  await ctx.clock.advance(1);
  ctx.tail.start();
  await ctx.clock.advance(60_000);
  assert.equal(ctx.logs.liveTailCalls, 0);
  assert.equal(ctx.logs.filterCalls, 0);
  ctx.tail.setVisible(true);
  await ctx.clock.advance(3000);
  assert.deepEqual(ctx.out.messages(), ['backfilled']);
  assert.equal(ctx.logs.openSessions, 1);
  ctx.tail.setVisible(false);
  await ctx.clock.advance(1);
  assert.equal(ctx.logs.openSessions, 0);
  await ctx.tail.stop();
  assert.equal(ctx.tail.isPaused, true);
});
