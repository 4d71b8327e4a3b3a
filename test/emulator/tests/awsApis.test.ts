// LogsApi and MetricsApi with the real SDK clients (from ClientFactory, endpoint overridden as a
// user's setting would) against the emulated CloudWatch Logs and CloudWatch on loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClientFactory } from '../../../src/aws/clients';
import { LiveTailMessage, LogsApi } from '../../../src/aws/logs';
import { MetricsApi } from '../../../src/aws/metrics';
import { buildMetricRequest } from '../../../src/monitor/metrics';
import { EmulatorBus } from '../bus';
import { createCloudWatchModule } from '../cloudwatch';
import { createLogsModule } from '../logs';
import { Emulator, startEmulator } from '../server';

const REGION = 'us-east-1';
const SERVICE = { account: '123456789012', region: REGION, serviceName: 'orders', serviceId: 'c'.repeat(32) };
const PREFIX = `/aws/apprunner/orders/${'c'.repeat(32)}/`;

let emulator: Emulator;
let clients: ClientFactory;
let logs: LogsApi;
let metrics: MetricsApi;

async function control(path: string, body: unknown = {}): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  return response.json();
}

before(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  const bus = new EmulatorBus();
  emulator = await startEmulator({
    modules: [createLogsModule({ bus, updateIntervalMs: 100, ingestionDelayMs: 0 }), createCloudWatchModule({ bus })],
  });
  bus.emit('service-created', { ...SERVICE, at: Date.now() - 3_600_000 });
  // The application group appears with the app's first output.
  bus.emit('application-log', { ...SERVICE, at: Date.now() - 3_500_000, instanceId: 'first', message: 'listening on port 8080' });
  bus.emit('operation-ended', { ...SERVICE, at: Date.now() - 3_500_000, operationId: 'op', type: 'CREATE_SERVICE', status: 'SUCCEEDED' });
  clients = new ClientFactory({ endpointUrl: emulator.url });
  logs = new LogsApi(clients);
  metrics = new MetricsApi(clients);
});

after(async () => {
  clients.destroy();
  await emulator.close();
});

/** Waits (bounded) until the emulator has closed every Live Tail session: closing is asynchronous on its side. */
async function sessionsClosed(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await control('logs/sessions')).sessions.length === 0) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail('the emulator still holds a Live Tail session');
}

test("a service's log groups come with their ARNs, without the trailing :*", async () => {
  const groups = await logs.describeLogGroups(REGION, PREFIX);
  assert.deepEqual(
    groups.map((g) => [g.name, g.arn]),
    [
      [`${PREFIX}application`, `arn:aws:logs:${REGION}:123456789012:log-group:${PREFIX}application`],
      [`${PREFIX}service`, `arn:aws:logs:${REGION}:123456789012:log-group:${PREFIX}service`],
    ],
  );
});

test('FilterLogEvents pages carry eventIds and a token while more remain', async () => {
  await control('logs/put', {
    logGroupName: `${PREFIX}service`,
    logStreamName: 'events',
    events: [
      { message: 'one', timestamp: 1000 },
      { message: 'two', timestamp: 2000 },
    ],
  });
  const page = await logs.filterLogEvents(REGION, `${PREFIX}service`, 0);
  assert.deepEqual(
    page.events.map((e) => e.message),
    ['one', 'two'],
  );
  assert.ok(page.events.every((e) => typeof e.eventId === 'string' && e.logStreamName === 'events'));
  assert.equal(page.nextToken, undefined);
});

test('Live Tail (through the endpoint override, no stream- prefix) yields start, then updates with results', async () => {
  const groups = await logs.describeLogGroups(REGION, PREFIX);
  const session = logs.startLiveTail(
    REGION,
    groups.map((g) => g.arn),
  );
  const seen: LiveTailMessage[] = [];
  for await (const message of session) {
    seen.push(message);
    if (message.kind === 'start') {
      await control('logs/put', { logGroupName: `${PREFIX}application`, logStreamName: 'instance/x', events: [{ message: 'live line' }] });
    }
    if (message.kind === 'update' && message.results.length > 0) break;
  }
  assert.equal(seen[0].kind, 'start');
  const last = seen[seen.length - 1];
  assert.ok(last.kind === 'update' && last.results[0].message === 'live line' && last.sampled === false);
  assert.match(String(last.kind === 'update' && last.results[0].logGroupIdentifier), /application$/);
  // Leaving the loop closed the session at the emulator.
  await sessionsClosed();
});

test('a session timeout surfaces as an error named SessionTimeoutException; abort ends a session', async () => {
  const groups = await logs.describeLogGroups(REGION, PREFIX);
  const timedOut = logs.startLiveTail(REGION, [groups[0].arn]);
  await assert.rejects(
    (async () => {
      for await (const message of timedOut) {
        if (message.kind === 'start') await control('logs/session-timeout');
      }
    })(),
    (err: Error) => err.name === 'SessionTimeoutException',
  );
  const aborted = logs.startLiveTail(REGION, [groups[0].arn]);
  await assert.rejects(
    (async () => {
      for await (const message of aborted) {
        if (message.kind === 'start') aborted.abort();
      }
    })(),
  );
  await sessionsClosed();
});

test('GetMetricData: the monitor request is one call and comes back per query id, times in ms', async () => {
  const request = buildMetricRequest({ serviceName: SERVICE.serviceName, serviceId: SERVICE.serviceId }, '1h', Date.now());
  const results = await metrics.getMetricData(REGION, request);
  assert.deepEqual(results.map((r) => r.id).sort(), request.queries.map((q) => q.id).sort());
  const requests = results.find((r) => r.id === 'requests');
  assert.ok(requests && requests.timestamps.length > 30, 'an hour of a running service has per-minute requests');
  assert.ok(requests.timestamps.every((t) => t >= request.startTime && t < request.endTime && t % 60_000 === 0));
  assert.deepEqual(
    [...requests.timestamps].sort((a, b) => a - b),
    requests.timestamps,
    'ascending',
  );
  const { calls } = await control('calls');
  assert.equal(calls.filter((c: { operation: string }) => c.operation === 'GetMetricData').length, 1);
});
