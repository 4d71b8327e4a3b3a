// The emulated CloudWatch Logs, driven through the real @aws-sdk/client-cloudwatch-logs over
// loopback HTTP. Bus events stand in for the App Runner module.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  LiveTailSessionUpdate,
  StartLiveTailCommand,
  StartLiveTailResponseStream,
  paginateFilterLogEvents,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { EmulatorBus } from '../bus';
import { createLogsModule, generatedLogLine } from '../logs';
import { Emulator, startEmulator } from '../server';
import { until } from '../../local/until';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const SERVICE = { account: ACCOUNT, region: REGION, serviceName: 'orders', serviceId: 'a'.repeat(32) };
const SERVICE_GROUP = '/aws/apprunner/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/service';
const APPLICATION_GROUP = '/aws/apprunner/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/application';
const INSTANCE_ID = 'b'.repeat(32);

let emulator: Emulator;
let bus: EmulatorBus;
let logs: CloudWatchLogsClient;

function arnOf(groupName: string): string {
  return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${groupName}`;
}

async function control(path: string, body: unknown = {}): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

async function putEvents(
  logGroupName: string,
  logStreamName: string,
  events: Array<{ message: string; timestamp?: number }>,
): Promise<any> {
  return control('logs/put', { logGroupName, logStreamName, events });
}

/** Live Tail requests still open; aborted after each test (leaving the iterator keeps the connection). */
const liveTailAborts: AbortController[] = [];

async function liveTail(
  input: ConstructorParameters<typeof StartLiveTailCommand>[0],
): Promise<{ stream: AsyncIterator<StartLiveTailResponseStream>; abort: () => void }> {
  const abort = new AbortController();
  liveTailAborts.push(abort);
  const response = await logs.send(new StartLiveTailCommand(input), { abortSignal: abort.signal });
  assert.ok(response.responseStream);
  return { stream: response.responseStream[Symbol.asyncIterator](), abort: () => abort.abort() };
}

/** The next sessionUpdate that carries events (empty updates arrive every interval). */
async function nextNonEmptyUpdate(stream: AsyncIterator<StartLiveTailResponseStream>): Promise<LiveTailSessionUpdate> {
  for (;;) {
    const next = await stream.next();
    assert.ok(!next.done, 'the stream ended before an update with events arrived');
    const update = next.value.sessionUpdate;
    if (update && (update.sessionResults?.length ?? 0) > 0) return update;
  }
}

async function openSessions(): Promise<number> {
  return (await control('logs/sessions')).sessions.length;
}

/** Waits until `condition` holds (the emulator answers within milliseconds; 3 s is a hang). */
const waitFor = (condition: () => Promise<boolean>, what: string) => until(what, async () => (await condition()) || undefined, 3000, 20);

before(async () => {
  bus = new EmulatorBus();
  // Ingestion lag off unless a test turns it on (the feed's own test does).
  emulator = await startEmulator({ modules: [createLogsModule({ bus, ingestionDelayMs: 0 })] });
  logs = new CloudWatchLogsClient({
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    disableHostPrefix: true,
  });
});

after(async () => {
  logs.destroy();
  await emulator.close();
});

beforeEach(async () => {
  await control('reset');
});

afterEach(() => {
  liveTailAborts.splice(0).forEach((a) => a.abort());
});

describe('feed from App Runner bus events', () => {
  test('creates the service log group with the service, the application group with the first output, with App Runner stream names', async () => {
    const at = Date.now() - 60_000;
    bus.emit('service-created', { ...SERVICE, at });
    const groupNames = async (): Promise<string[]> =>
      ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/apprunner/orders/' }))).logGroups ?? []).map(
        (g) => g.logGroupName!,
      );
    assert.deepEqual(await groupNames(), [SERVICE_GROUP], 'no application group before the app wrote anything');
    bus.emit('service-event', { ...SERVICE, at: at + 1, message: 'Service creation started.' });
    bus.emit('deployment-log', { ...SERVICE, at: at + 2, operationId: 'op-1', message: '[AppRunner] Pulling image.' });
    bus.emit('application-log', { ...SERVICE, at: at + 3, instanceId: INSTANCE_ID, message: 'listening on 8080' });

    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/apprunner/orders/' }))).logGroups ?? [];
    assert.deepEqual(
      groups.map((g) => g.logGroupName),
      [APPLICATION_GROUP, SERVICE_GROUP],
    );
    for (const g of groups) {
      assert.equal(g.arn, `${arnOf(g.logGroupName!)}:*`);
      assert.equal(g.logGroupArn, arnOf(g.logGroupName!));
      assert.equal(g.creationTime, g.logGroupName === SERVICE_GROUP ? at : at + 3);
    }
    const serviceStreams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: SERVICE_GROUP }))).logStreams ?? [];
    assert.deepEqual(
      serviceStreams.map((s) => s.logStreamName),
      ['deployment/op-1', 'events'],
    );
    const appStreams = (await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: arnOf(APPLICATION_GROUP) }))).logStreams ?? [];
    assert.deepEqual(
      appStreams.map((s) => s.logStreamName),
      [`instance/${INSTANCE_ID}`],
    );
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: SERVICE_GROUP, logStreamName: 'events', startFromHead: true }));
    assert.deepEqual(
      events.events?.map((e) => [e.timestamp, e.message]),
      [[at + 1, 'Service creation started.']],
    );
  });

  test('ingestion lags: a line becomes readable (and tailed) only after the ingestion delay, with the time it happened', async () => {
    assert.equal((await control('logs/config', { ingestionDelayMs: 300 })).ingestionDelayMs, 300);
    const at = Date.now();
    bus.emit('service-created', { ...SERVICE, at });
    bus.emit('deployment-log', { ...SERVICE, at, operationId: 'op-2', message: '[AppRunner] Deployment failed.' });
    const read = async () =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName: SERVICE_GROUP, logStreamNamePrefix: 'deployment/' }))).events ?? [];
    assert.deepEqual(await read(), [], 'not readable at once');
    await waitFor(async () => (await read()).length === 1, 'the line to be ingested');
    const [event] = await read();
    assert.equal(event.timestamp, at);
    assert.equal(event.ingestionTime, at + 300);
    const bad = await fetch(`${emulator.url}/_emulator/logs/config`, { method: 'POST', body: JSON.stringify({ ingestionDelayMs: -1 }) });
    assert.equal(bad.status, 400);
  });
});

describe('DescribeLogGroups and DescribeLogStreams', () => {
  test('log groups page by name with a prefix', async () => {
    for (const name of ['/g/c', '/g/a', '/g/b', '/other']) await putEvents(name, 's', [{ message: 'x' }]);
    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/g/', limit: 2 }));
    assert.deepEqual(
      first.logGroups?.map((g) => g.logGroupName),
      ['/g/a', '/g/b'],
    );
    assert.ok(first.nextToken);
    const second = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/g/', limit: 2, nextToken: first.nextToken }));
    assert.deepEqual(
      second.logGroups?.map((g) => g.logGroupName),
      ['/g/c'],
    );
    assert.equal(second.nextToken, undefined);
  });

  test('log streams order by name or last event time, page, and reject a prefix with LastEventTime', async () => {
    await putEvents('/g', 's1', [{ message: 'x', timestamp: 3000 }]);
    await putEvents('/g', 's2', [
      { message: 'x', timestamp: 1000 },
      { message: 'y', timestamp: 1500 },
    ]);
    await putEvents('/g', 's3', [{ message: 'x', timestamp: 2000 }]);
    const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/g', orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(
      byTime.logStreams?.map((s) => s.logStreamName),
      ['s1', 's3', 's2'],
    );
    const s2 = byTime.logStreams?.[2];
    assert.equal(s2?.firstEventTimestamp, 1000);
    assert.equal(s2?.lastEventTimestamp, 1500);
    assert.equal(s2?.arn, `${arnOf('/g')}:log-stream:s2`);

    const page1 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/g', limit: 2 }));
    assert.deepEqual(
      page1.logStreams?.map((s) => s.logStreamName),
      ['s1', 's2'],
    );
    const page2 = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/g', limit: 2, nextToken: page1.nextToken }));
    assert.deepEqual(
      page2.logStreams?.map((s) => s.logStreamName),
      ['s3'],
    );
    assert.equal(page2.nextToken, undefined);

    await assert.rejects(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/g', orderBy: 'LastEventTime', logStreamNamePrefix: 's' })),
      { name: 'InvalidParameterException' },
    );
  });
});

describe('FilterLogEvents', () => {
  const base = 1_700_000_000_000;
  // 30 events over 3 streams; each stream is put separately, so ingestion order differs from time order.
  async function putThirty(): Promise<void> {
    for (const stream of [0, 1, 2]) {
      const events = [];
      for (let i = stream; i < 30; i += 3) {
        events.push({ message: `request ${i} ${i % 2 ? 'ERROR' : 'INFO'} user=u${i % 5}`, timestamp: base + i * 10 });
      }
      await putEvents('/app', `s${stream}`, events);
    }
  }

  test('pages through every event in time order with stable unique event ids', async () => {
    await putThirty();
    const pages = [];
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 7 }, { logGroupIdentifier: arnOf('/app') })) {
      pages.push(page);
    }
    assert.deepEqual(
      pages.map((p) => p.events?.length),
      [7, 7, 7, 7, 2],
    );
    const events = pages.flatMap((p) => p.events ?? []);
    assert.deepEqual(
      events.map((e) => e.timestamp),
      Array.from({ length: 30 }, (_, i) => base + i * 10),
    );
    assert.deepEqual(
      events.map((e) => e.logStreamName),
      Array.from({ length: 30 }, (_, i) => `s${i % 3}`),
    );
    assert.equal(new Set(events.map((e) => e.eventId)).size, 30);
    assert.deepEqual(
      pages[0].searchedLogStreams?.map((s) => s.logStreamName),
      ['s0', 's1', 's2'],
    );

    const again = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app', limit: 7 }));
    assert.deepEqual(
      again.events?.map((e) => e.eventId),
      pages[0].events?.map((e) => e.eventId),
    );
  });

  test('filters by terms, quoted phrases, ?alternatives, -exclusions, streams and time', async () => {
    await putThirty();
    const count = async (input: Partial<ConstructorParameters<typeof FilterLogEventsCommand>[0]>) =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName: '/app', ...input }))).events?.length;
    assert.equal(await count({ filterPattern: 'ERROR' }), 15);
    assert.equal(await count({ filterPattern: 'error' }), 0, 'terms are case-sensitive');
    assert.equal(await count({ filterPattern: '"1 ERROR"' }), 3); // 1, 11, 21
    assert.equal(await count({ filterPattern: 'ERROR user=u3' }), 3); // 3, 13, 23
    assert.equal(await count({ filterPattern: '?user=u0 ?user=u1' }), 12);
    assert.equal(await count({ filterPattern: 'ERROR -user=u3' }), 12);
    assert.equal(await count({ filterPattern: '%request 2[0-9] INFO%' }), 5);
    assert.equal(await count({ logStreamNames: ['s1'] }), 10);
    assert.equal(await count({ logStreamNamePrefix: 's' }), 30);
    assert.equal(await count({ startTime: base + 100, endTime: base + 190 }), 10);
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/app', filterPattern: '[ip, user]' })), {
      name: 'InvalidParameterException',
    });
  });

  test('JSON filter patterns compare fields, with wildcards and numbers', async () => {
    await putEvents('/json', 's', [
      { message: JSON.stringify({ level: 'error', status: 503 }) },
      { message: JSON.stringify({ level: 'error', status: 404 }) },
      { message: JSON.stringify({ level: 'info', status: 200 }) },
      { message: 'not json: level=error' },
    ]);
    const messages = async (filterPattern: string) =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName: '/json', filterPattern }))).events?.map(
        (e) => JSON.parse(e.message!).status,
      );
    assert.deepEqual(await messages('{ $.level = "err*" && $.status >= 500 }'), [503]);
    assert.deepEqual(await messages('{ $.status = 200 || $.status = 404 }'), [404, 200]);
    assert.deepEqual(await messages('{ $.level != "error" }'), [200]);
  });

  test('a page stops at 1 MB even when the limit allows more', async () => {
    const big = 'x'.repeat(300_000);
    await putEvents(
      '/big',
      's',
      Array.from({ length: 5 }, (_, i) => ({ message: `${i}${big}`, timestamp: base + i })),
    );
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/big' }));
    assert.equal(first.events?.length, 3);
    const second = await logs.send(new FilterLogEventsCommand({ logGroupName: '/big', nextToken: first.nextToken }));
    assert.deepEqual(
      second.events?.map((e) => e.message![0]),
      ['3', '4'],
    );
    assert.equal(second.nextToken, undefined);
  });
});

describe('GetLogEvents', () => {
  async function putTen(): Promise<void> {
    await putEvents(
      '/app',
      'web',
      Array.from({ length: 10 }, (_, i) => ({ message: `line ${i}`, timestamp: 1_700_000_000_000 + i })),
    );
  }

  test('the forward paginator ends on the echoed token (stopOnSameToken)', async () => {
    await putTen();
    const pages = [];
    for await (const page of paginateGetLogEvents(
      { client: logs, pageSize: 4, stopOnSameToken: true },
      { logGroupName: '/app', logStreamName: 'web', startFromHead: true },
    )) {
      pages.push(page);
    }
    assert.deepEqual(
      pages.map((p) => p.events?.length),
      [4, 4, 2, 0],
    );
    assert.deepEqual(
      pages.flatMap((p) => p.events ?? []).map((e) => e.message),
      Array.from({ length: 10 }, (_, i) => `line ${i}`),
    );
    const [, , third, last] = pages;
    assert.equal(last.nextForwardToken, third.nextForwardToken, 'at the end the same token comes back');

    // Polling from the final token picks up events written later.
    await putEvents('/app', 'web', [{ message: 'line 10', timestamp: 1_700_000_000_010 }]);
    const later = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'web', nextToken: last.nextForwardToken, startFromHead: true }),
    );
    assert.deepEqual(
      later.events?.map((e) => e.message),
      ['line 10'],
    );
  });

  test('without startFromHead it returns the newest events and pages backwards', async () => {
    await putTen();
    const seen: string[][] = [];
    let response = await logs.send(new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'web', limit: 3 }));
    seen.push((response.events ?? []).map((e) => e.message!));
    for (;;) {
      const token = response.nextBackwardToken;
      assert.ok(token);
      response = await logs.send(new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'web', limit: 3, nextToken: token }));
      if (response.events?.length === 0) {
        assert.equal(response.nextBackwardToken, token);
        assert.ok(response.nextForwardToken);
        break;
      }
      seen.push((response.events ?? []).map((e) => e.message!));
    }
    assert.deepEqual(seen, [['line 7', 'line 8', 'line 9'], ['line 4', 'line 5', 'line 6'], ['line 1', 'line 2', 'line 3'], ['line 0']]);
  });

  test('tokens are never null, even for an empty stream; a missing stream is ResourceNotFoundException', async () => {
    await putEvents('/app', 'empty', []);
    const empty = await logs.send(new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'empty' }));
    assert.deepEqual(empty.events, []);
    assert.equal(typeof empty.nextForwardToken, 'string');
    assert.equal(typeof empty.nextBackwardToken, 'string');
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'nope' })), {
      name: 'ResourceNotFoundException',
    });
  });
});

describe('errors', () => {
  test('have the CloudWatch Logs wire shape and SDK names', async () => {
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/missing' })), (e: any) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.message, 'The specified log group does not exist.');
      return true;
    });
    await putEvents('/g', 's', []);
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/g', logGroupIdentifier: arnOf('/g') })), {
      name: 'InvalidParameterException',
    });
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupIdentifier: `${arnOf('/g')}:*` })), {
      name: 'InvalidParameterException',
    });
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/g', limit: 0 })), { name: 'InvalidParameterException' });
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/g', nextToken: 'garbage' })), {
      name: 'InvalidParameterException',
    });

    const raw = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogStreams' },
      body: JSON.stringify({ logGroupName: '/missing' }),
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(await raw.json(), { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  });
});

describe('StartLiveTail', () => {
  beforeEach(async () => {
    await control('logs/config', { updateIntervalMs: 50 });
  });

  test('sends sessionStart, then updates with new matching events; aborting the request ends the session', async () => {
    bus.emit('service-created', { ...SERVICE, at: Date.now() });
    // The application group appears with the app's first output.
    bus.emit('application-log', { ...SERVICE, at: Date.now(), instanceId: INSTANCE_ID, message: 'INFO starting' });
    const { stream, abort } = await liveTail({ logGroupIdentifiers: [arnOf(APPLICATION_GROUP)], logEventFilterPattern: 'ERROR' });
    const start = (await stream.next()).value.sessionStart;
    assert.deepEqual(start?.logGroupIdentifiers, [arnOf(APPLICATION_GROUP)]);
    assert.equal(start?.logEventFilterPattern, 'ERROR');
    assert.match(start?.sessionId ?? '', /^[0-9a-f-]{36}$/);

    const at = Date.now();
    bus.emit('application-log', { ...SERVICE, at, instanceId: INSTANCE_ID, message: 'INFO fine' });
    bus.emit('application-log', { ...SERVICE, at, instanceId: INSTANCE_ID, message: 'ERROR boom' });
    const update = await nextNonEmptyUpdate(stream);
    assert.equal(update.sessionMetadata?.sampled, false);
    assert.deepEqual(update.sessionResults, [
      {
        logStreamName: `instance/${INSTANCE_ID}`,
        logGroupIdentifier: `${ACCOUNT}:${APPLICATION_GROUP}`,
        message: 'ERROR boom',
        timestamp: at,
        ingestionTime: at,
      },
    ]);

    // Leaving the iterator keeps the connection open; aborting the request closes it.
    assert.equal(await openSessions(), 1);
    abort();
    await waitFor(async () => (await openSessions()) === 0, 'the session to end after the client aborted');
  });

  test('logStreamNamePrefixes limit the session to matching streams', async () => {
    await putEvents('/app', 'instance/a', []);
    const { stream } = await liveTail({ logGroupIdentifiers: [arnOf('/app')], logStreamNamePrefixes: ['instance/b'] });
    assert.ok((await stream.next()).value.sessionStart);
    await putEvents('/app', 'instance/a', [{ message: 'from a' }]);
    await putEvents('/app', 'instance/b1', [{ message: 'from b1' }]);
    const update = await nextNonEmptyUpdate(stream);
    assert.deepEqual(
      update.sessionResults?.map((r) => [r.logStreamName, r.message]),
      [['instance/b1', 'from b1']],
    );
  });

  test('an update carries at most 500 events and says when it sampled', async () => {
    // One put is handled in one turn of the event loop, so all 1200 events land in one update.
    await control('logs/config', { updateIntervalMs: 200 });
    await putEvents('/busy', 's', []);
    const { stream } = await liveTail({ logGroupIdentifiers: [arnOf('/busy')] });
    assert.ok((await stream.next()).value.sessionStart);
    await putEvents(
      '/busy',
      's',
      Array.from({ length: 1200 }, (_, i) => ({ message: `line ${i}` })),
    );
    const update = await nextNonEmptyUpdate(stream);
    assert.equal(update.sessionMetadata?.sampled, true);
    const messages = update.sessionResults?.map((r) => r.message) ?? [];
    assert.equal(messages.length, 500);
    assert.equal(messages[0], 'line 0');
    const numbers = messages.map((m) => Number(m?.slice(5)));
    assert.ok(
      numbers.every((n, i) => i === 0 || n > numbers[i - 1]),
      'the sample keeps time order',
    );
    const quiet = (await stream.next()).value.sessionUpdate;
    assert.deepEqual(quiet, { sessionMetadata: { sampled: false }, sessionResults: [] });
  });

  test('a forced timeout surfaces as SessionTimeoutException from the iterator', async () => {
    await putEvents('/app', 's', []);
    const { stream } = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    assert.ok((await stream.next()).value.sessionStart);
    assert.deepEqual(await control('logs/session-timeout'), { ended: 1 });
    await assert.rejects(
      async () => {
        for (;;) if ((await stream.next()).done) return;
      },
      { name: 'SessionTimeoutException' },
    );
    assert.equal(await openSessions(), 0);
  });

  test('concurrent sessions per account are limited: one more answers LimitExceededException, another account still starts', async () => {
    assert.equal((await control('logs/config', { maxLiveTailSessions: 2 })).maxLiveTailSessions, 2);
    await putEvents('/app', 's', []);
    const first = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    const second = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    assert.ok((await first.stream.next()).value.sessionStart);
    assert.ok((await second.stream.next()).value.sessionStart);
    await assert.rejects(liveTail({ logGroupIdentifiers: [arnOf('/app')] }), (e: any) => {
      assert.equal(e.name, 'LimitExceededException');
      assert.equal(e.$metadata?.httpStatusCode, 400);
      assert.match(e.message, /2 concurrent Live Tail sessions/);
      return true;
    });
    const otherAccount = new CloudWatchLogsClient({
      region: REGION,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKID210987654321', secretAccessKey: 'test' },
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    const abort = new AbortController();
    liveTailAborts.push(abort);
    await control('logs/put', { account: '210987654321', logGroupName: '/app', logStreamName: 's', events: [] });
    const other = await otherAccount.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [`arn:aws:logs:${REGION}:210987654321:log-group:/app`] }),
      { abortSignal: abort.signal },
    );
    assert.ok(other.responseStream);
    first.abort();
    await waitFor(
      async () => (await control('logs/sessions')).sessions.filter((x: any) => x.account === ACCOUNT).length === 1,
      'a slot to free',
    );
    const third = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    assert.ok((await third.stream.next()).value.sessionStart);
    otherAccount.destroy();
  });

  test('the configured session timeout ends a session by itself, on the emulator clock', async () => {
    await control('logs/config', { liveTailSessionTimeoutMs: 600_000 });
    await putEvents('/app', 's', []);
    const { stream } = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    assert.ok((await stream.next()).value.sessionStart);
    await control('clock', { advanceMs: 300_000 });
    assert.equal(await openSessions(), 1, 'not before the timeout');
    await control('clock', { advanceMs: 300_000 });
    await assert.rejects(
      async () => {
        for (;;) if ((await stream.next()).done) return;
      },
      { name: 'SessionTimeoutException' },
    );
    assert.equal(await openSessions(), 0);
  });

  test('drop-streams cuts the connection and the iterator fails', async () => {
    await putEvents('/app', 's', []);
    const { stream } = await liveTail({ logGroupIdentifiers: [arnOf('/app')] });
    assert.ok((await stream.next()).value.sessionStart);
    assert.deepEqual(await control('logs/drop-streams'), { dropped: 1 });
    await assert.rejects(
      async () => {
        for (;;) if ((await stream.next()).done) return;
      },
      (e: any) => {
        assert.notEqual(e.name, 'SessionTimeoutException');
        return e instanceof Error;
      },
    );
  });

  test('validates its log groups before streaming', async () => {
    await putEvents('/a', 's', []);
    await putEvents('/b', 's', []);
    const rejects = (input: ConstructorParameters<typeof StartLiveTailCommand>[0], name: string) =>
      assert.rejects(logs.send(new StartLiveTailCommand(input)), { name });
    await rejects({ logGroupIdentifiers: ['/a'] }, 'InvalidParameterException');
    await rejects({ logGroupIdentifiers: [`${arnOf('/a')}:*`] }, 'InvalidParameterException');
    await rejects({ logGroupIdentifiers: [arnOf('/missing')] }, 'ResourceNotFoundException');
    await rejects({ logGroupIdentifiers: Array.from({ length: 11 }, () => arnOf('/a')) }, 'InvalidParameterException');
    await rejects({ logGroupIdentifiers: [arnOf('/a'), arnOf('/b')], logStreamNames: ['s'] }, 'InvalidParameterException');
    assert.equal(await openSessions(), 0);
  });
});

describe('load generator', () => {
  test('produces exactly the requested number of events, spread over the duration on the emulator clock', async () => {
    const startedAt = (await control('clock')).now;
    // 600 events over 10 minutes, which the test moves the emulator's clock through.
    const generating = control('logs/generate', { logGroupName: '/gen', streams: 4, ratePerSecond: 1, durationMs: 600_000 });
    const written = async () => (await control('logs/stats', { logGroupName: '/gen' })).events;
    await waitFor(async () => (await control('logs/stats', { logGroupName: '/gen' })).exists, 'the run to start');
    await control('clock', { advanceMs: 300_000 });
    await waitFor(async () => (await written()) >= 300, 'the first half of the run');
    assert.ok((await written()) < 600, 'the second half waits for its time');
    await control('clock', { advanceMs: 300_000 });
    const result = await generating;
    assert.equal(result.produced, 600);
    assert.ok(result.lastTimestamp - startedAt >= 600_000, 'the last events are written when the duration is over');
    assert.equal(new Set(result.eventIds).size, 600);

    const stats = await control('logs/stats', { logGroupName: '/gen' });
    assert.equal(stats.events, 600);
    assert.equal(stats.distinctEventIds, 600);
    assert.deepEqual(Object.values(stats.byStream), [150, 150, 150, 150]);

    const seen = [];
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: '/gen' })) seen.push(...(page.events ?? []));
    assert.deepEqual(new Set(seen.map((e) => e.eventId)), new Set(result.eventIds));
  });

  test('hostile text reaches the client exactly as stored, through every read path', async () => {
    const result = await control('logs/generate', { logGroupName: '/hostile', ratePerSecond: 12_000, durationMs: 100, hostile: true });
    assert.equal(result.produced, 1200);
    const expected = Array.from({ length: 1200 }, (_, n) => generatedLogLine(n, true));
    assert.ok(expected.some((m) => m.includes('<script>alert(1)</script>')));
    assert.ok(expected.some((m) => m.length === 102_400));
    assert.ok(expected.some((m) => m.includes('\u0000') && m.includes('\u007f')));
    assert.ok(
      expected.some((m) => /\ud800(?![\udc00-\udfff])/.test(m)),
      'a lone surrogate',
    );
    assert.ok(expected.some((m) => m.includes('\u202e')));
    assert.ok(
      expected.some((m) => m.includes('\u00c3(')),
      'invalid UTF-8 bytes decoded as latin1',
    );

    const filtered = [];
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: '/hostile' })) filtered.push(...(page.events ?? []));
    assert.deepEqual(
      filtered.map((e) => e.message),
      expected,
    );

    const [stream] = result.streams;
    const read = [];
    for await (const page of paginateGetLogEvents(
      { client: logs, stopOnSameToken: true },
      { logGroupName: '/hostile', logStreamName: stream, startFromHead: true },
    )) {
      read.push(...(page.events ?? []));
    }
    assert.deepEqual(
      read.map((e) => e.message),
      expected,
    );

    // On the wire: valid UTF-8 JSON, lone surrogates and C0 controls as escapes.
    const raw = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.FilterLogEvents' },
      body: JSON.stringify({ logGroupName: '/hostile', filterPattern: '"lone surrogates"', limit: 1 }),
    });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await raw.arrayBuffer());
    assert.match(text, /lone surrogates: \\ud800 and \\udfff/);

    await control('logs/config', { updateIntervalMs: 50 });
    const { stream: live } = await liveTail({ logGroupIdentifiers: [arnOf('/hostile')] });
    assert.ok((await live.next()).value.sessionStart);
    const hostileOnly = expected
      .filter((_, n) => n % 3 === 2)
      .slice(0, 13)
      .concat(expected[500]);
    await putEvents(
      '/hostile',
      stream,
      hostileOnly.map((message) => ({ message })),
    );
    const update = await nextNonEmptyUpdate(live);
    assert.deepEqual(
      update.sessionResults?.map((r) => r.message),
      hostileOnly,
    );
  });

  test('rejects unbounded runs with a 400', async () => {
    const response = await fetch(`${emulator.url}/_emulator/logs/generate`, {
      method: 'POST',
      body: JSON.stringify({ logGroupName: '/gen', ratePerSecond: 50_000, durationMs: 600_000 }),
    });
    assert.equal(response.status, 400);
    assert.match((await response.json()).message, /at most/);
  });
});

describe('seed', () => {
  test('loads groups whose events end at the seed time', async () => {
    const seededAt = Date.now();
    await control('seed', {
      logs: {
        logGroups: [{ logGroupName: '/seeded', streams: [{ logStreamName: 's', events: ['a', 'b', { message: 'c', ageMs: 500 }] }] }],
      },
    });
    const events =
      (await logs.send(new GetLogEventsCommand({ logGroupName: '/seeded', logStreamName: 's', startFromHead: true }))).events ?? [];
    assert.deepEqual(
      events.map((e) => e.message),
      ['a', 'b', 'c'],
    );
    assert.equal(events[1].timestamp! - events[0].timestamp!, 1000);
    assert.equal(events[2].timestamp! - events[1].timestamp!, 500);
    assert.ok(seededAt <= events[2].timestamp! + 500 && events[2].timestamp! + 500 <= Date.now(), 'the last event is at the seed time');

    const bad = await fetch(`${emulator.url}/_emulator/seed`, {
      method: 'POST',
      body: JSON.stringify({ logs: { logGroups: [{ logGroupName: '/x', streams: [{}] }] } }),
    });
    assert.equal(bad.status, 400);
  });
});
