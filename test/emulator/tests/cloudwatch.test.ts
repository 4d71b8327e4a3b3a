// The emulated CloudWatch metrics, driven through the real @aws-sdk/client-cloudwatch
// (awsJson1_0 with x-amzn-query-mode) over loopback HTTP. Bus events stand in for App Runner.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  MetricDataQuery,
  MetricDataResult,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { EmulatorBus, ServiceRef } from '../bus';
import { createCloudWatchModule } from '../cloudwatch';
import { Emulator, startEmulator } from '../server';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const MINUTE_MS = 60_000;
const ORDERS: ServiceRef = { account: ACCOUNT, region: REGION, serviceName: 'orders', serviceId: '0123456789abcdef0123456789abcdef' };
const SCALING = { minSize: 2, maxSize: 4, maxConcurrency: 5 };
const METRICS = [
  'Requests',
  '2xxStatusResponses',
  '4xxStatusResponses',
  '5xxStatusResponses',
  'RequestLatency',
  'ActiveInstances',
  'CPUUtilization',
  'MemoryUtilization',
  'Concurrency',
];

let emulator: Emulator;
let bus: EmulatorBus;
let cloudwatch: CloudWatchClient;

async function control(path: string, body: unknown = {}, method = 'POST'): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

/** The start of the current minute: every minute before it is complete. */
function currentMinuteMs(): number {
  return Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
}

function query(id: string, metricName: string, stat: string, service: ServiceRef = ORDERS, period = 60): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/AppRunner',
        MetricName: metricName,
        Dimensions: [
          { Name: 'ServiceName', Value: service.serviceName },
          { Name: 'ServiceID', Value: service.serviceId },
        ],
      },
      Period: period,
      Stat: stat,
    },
  };
}

async function results(input: GetMetricDataCommandInput): Promise<Map<string, MetricDataResult>> {
  const response = await cloudwatch.send(new GetMetricDataCommand(input));
  return new Map((response.MetricDataResults ?? []).map((r) => [r.Id!, r]));
}

/** Values by timestamp (epoch ms) of one result. */
function byTime(result: MetricDataResult | undefined): Map<number, number> {
  assert.ok(result);
  return new Map(result.Timestamps!.map((t, i) => [t.getTime(), result.Values![i]]));
}

function announce(service: ServiceRef, createdAt: number): void {
  bus.emit('service-created', { ...service, at: createdAt });
  bus.emit('operation-ended', {
    ...service,
    at: createdAt + 5 * MINUTE_MS,
    operationId: `${service.serviceId}-create`,
    type: 'CREATE_SERVICE',
    status: 'SUCCEEDED',
  });
}

before(async () => {
  bus = new EmulatorBus();
  // No publication delay unless a test sets one: the tests read up to the last complete minute.
  const module = createCloudWatchModule({
    bus,
    publishDelayMs: 0,
    services: (ref) => (ref.serviceId === ORDERS.serviceId ? SCALING : undefined),
  });
  emulator = await startEmulator({ modules: [module] });
  cloudwatch = new CloudWatchClient({
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

after(async () => {
  cloudwatch.destroy();
  await emulator.close();
});

beforeEach(async () => {
  await control('reset');
});

describe('GetMetricData for App Runner services', () => {
  test('answers every query with Id, Label, newest-first Timestamps, Values and Complete, in one call', async () => {
    announce(ORDERS, Date.now() - 3 * 60 * MINUTE_MS);
    const end = currentMinuteMs();
    const queries = METRICS.map((name, i) => query(`m${i}`, name, name === 'RequestLatency' ? 'p99' : 'Average'));
    queries[0].Label = 'Requests per minute';
    await control('calls', {}, 'DELETE');
    const response = await cloudwatch.send(
      new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(end - 60 * MINUTE_MS), EndTime: new Date(end) }),
    );
    const { calls } = await control('calls', {}, 'GET');
    assert.deepEqual(
      calls.map((c: any) => `${c.service}.${c.operation}`),
      ['monitoring.GetMetricData'],
    );

    assert.deepEqual(
      response.MetricDataResults?.map((r) => r.Id),
      queries.map((q) => q.Id),
    );
    assert.deepEqual(
      response.MetricDataResults?.map((r) => r.Label),
      ['Requests per minute', ...METRICS.slice(1)],
    );
    for (const result of response.MetricDataResults ?? []) {
      assert.equal(result.StatusCode, 'Complete');
      const times = result.Timestamps!.map((t) => t.getTime());
      assert.equal(times.length, 60, `${result.Label} has one datapoint per minute`);
      assert.equal(times[0], end - MINUTE_MS);
      assert.ok(
        times.every((t, i) => i === 0 || t === times[i - 1] - MINUTE_MS),
        'newest first, one minute apart',
      );
      assert.equal(result.Values!.length, 60);
    }
    assert.equal(response.NextToken, undefined);
  });

  test('the traffic model is consistent: status classes sum to Requests, instances stay within scaling bounds', async () => {
    announce(ORDERS, Date.now() - 5 * 60 * MINUTE_MS);
    const end = currentMinuteMs();
    const window = { StartTime: new Date(end - 4 * 60 * MINUTE_MS), EndTime: new Date(end) };
    const sums = await results({
      ...window,
      MetricDataQueries: ['Requests', '2xxStatusResponses', '4xxStatusResponses', '5xxStatusResponses'].map((name, i) =>
        query(`s${i}`, name, 'Sum', ORDERS, 300),
      ),
    });
    const requests = byTime(sums.get('s0'));
    assert.equal(requests.size, 48);
    for (const [t, total] of requests) {
      assert.ok(total > 0);
      assert.equal(byTime(sums.get('s1')).get(t)! + byTime(sums.get('s2')).get(t)! + byTime(sums.get('s3')).get(t)!, total);
    }

    const shape = await results({
      ...window,
      MetricDataQueries: [
        query('imin', 'ActiveInstances', 'Minimum'),
        query('imax', 'ActiveInstances', 'Maximum'),
        query('cpu', 'CPUUtilization', 'Maximum'),
        query('mem', 'MemoryUtilization', 'Minimum'),
        query('lmin', 'RequestLatency', 'Minimum', ORDERS, 300),
        query('p50', 'RequestLatency', 'p50', ORDERS, 300),
        query('p90', 'RequestLatency', 'p90', ORDERS, 300),
        query('p99', 'RequestLatency', 'p99', ORDERS, 300),
        query('lmax', 'RequestLatency', 'Maximum', ORDERS, 300),
        query('lavg', 'RequestLatency', 'Average', ORDERS, 300),
        query('lsum', 'RequestLatency', 'Sum', ORDERS, 300),
        query('lcount', 'RequestLatency', 'SampleCount', ORDERS, 300),
      ],
    });
    const instances = [...byTime(shape.get('imin')).values(), ...byTime(shape.get('imax')).values()];
    assert.ok(
      instances.every((n) => Number.isInteger(n) && n >= SCALING.minSize && n <= SCALING.maxSize),
      `instances ${instances}`,
    );
    assert.ok([...byTime(shape.get('cpu')).values(), ...byTime(shape.get('mem')).values()].every((p) => p >= 0 && p <= 100));
    const series = ['lmin', 'p50', 'p90', 'p99', 'lmax'].map((id) => byTime(shape.get(id)));
    for (const [t, count] of byTime(shape.get('lcount'))) {
      assert.equal(count, requests.get(t), 'one latency sample per request');
      const ordered = series.map((s) => s.get(t)!);
      assert.ok(
        ordered.every((v, i) => i === 0 || v >= ordered[i - 1]),
        `min <= p50 <= p90 <= p99 <= max at ${t}: ${ordered}`,
      );
      assert.ok(Math.abs(byTime(shape.get('lavg')).get(t)! * count - byTime(shape.get('lsum')).get(t)!) < 1e-6 * count * 1000);
    }
  });

  test('is deterministic per service id and differs between services', async () => {
    const other: ServiceRef = { ...ORDERS, serviceName: 'billing', serviceId: 'fedcba9876543210fedcba9876543210' };
    announce(ORDERS, Date.now() - 3 * 60 * MINUTE_MS);
    announce(other, Date.now() - 3 * 60 * MINUTE_MS);
    const end = currentMinuteMs();
    const input = {
      StartTime: new Date(end - 30 * MINUTE_MS),
      EndTime: new Date(end),
      MetricDataQueries: [query('a', 'Requests', 'Sum'), query('b', 'Requests', 'Sum', other)],
    };
    const first = await results(input);
    const second = await results(input);
    assert.deepEqual(first.get('a')?.Values, second.get('a')?.Values);
    assert.notDeepEqual(first.get('a')?.Values, first.get('b')?.Values);
  });

  test('paused minutes, deleted services and unknown services have no datapoints (gaps, not zeros); the current minute is not out yet', async () => {
    const now = currentMinuteMs();
    const pausedAt = now - 60 * MINUTE_MS;
    const resumedAt = now - 30 * MINUTE_MS;
    const deletedAt = now - 10 * MINUTE_MS;
    announce(ORDERS, now - 3 * 60 * MINUTE_MS);
    bus.emit('operation-ended', { ...ORDERS, at: pausedAt, operationId: 'p', type: 'PAUSE_SERVICE', status: 'SUCCEEDED' });
    bus.emit('operation-ended', { ...ORDERS, at: resumedAt, operationId: 'r', type: 'RESUME_SERVICE', status: 'SUCCEEDED' });
    bus.emit('operation-ended', { ...ORDERS, at: deletedAt, operationId: 'd', type: 'DELETE_SERVICE', status: 'SUCCEEDED' });
    bus.emit('service-deleted', { ...ORDERS, at: deletedAt });

    const got = await results({
      StartTime: new Date(now - 90 * MINUTE_MS),
      EndTime: new Date(now + 10 * MINUTE_MS),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        query('req', 'Requests', 'Sum'),
        query('inst', 'ActiveInstances', 'Average'),
        query('lat', 'RequestLatency', 'Average'),
        query('unknown', 'Requests', 'Sum', { ...ORDERS, serviceId: 'ffffffffffffffffffffffffffffffff' }),
      ],
    });
    const requests = byTime(got.get('req'));
    const instances = byTime(got.get('inst'));
    const latency = byTime(got.get('lat'));
    const minutes = Array.from({ length: 80 }, (_, i) => now - 90 * MINUTE_MS + i * MINUTE_MS);
    const running = minutes.filter((t) => t < pausedAt || t >= resumedAt);
    assert.deepEqual([...requests.keys()], running, 'no datapoints while paused; data stops at deletion');
    assert.deepEqual([...instances.keys()], running);
    assert.deepEqual([...latency.keys()], running);
    for (const value of [...requests.values(), ...instances.values()]) assert.ok(value > 0, `a running minute with ${value}`);
    assert.deepEqual(got.get('unknown')?.Values, []);
    assert.equal(got.get('unknown')?.StatusCode, 'Complete');
  });

  test('a minute is published after the configured delay', async () => {
    announce(ORDERS, Date.now() - 3 * 60 * MINUTE_MS);
    const end = currentMinuteMs();
    const newestMinute = async () => {
      const got = await results({
        StartTime: new Date(end - 10 * MINUTE_MS),
        EndTime: new Date(end + MINUTE_MS),
        MetricDataQueries: [query('r', 'Requests', 'Sum')],
      });
      return Math.max(...(got.get('r')?.Timestamps ?? []).map((t) => t.getTime()));
    };
    assert.equal(await newestMinute(), end - MINUTE_MS, 'without delay, the last complete minute');
    assert.deepEqual(await control('monitoring/config', { publishDelayMs: 3 * MINUTE_MS }), { publishDelayMs: 3 * MINUTE_MS });
    assert.ok((await newestMinute()) <= end - 3 * MINUTE_MS, 'three minutes late');
  });

  test('MaxDatapoints splits the answer into pages that add up to the whole', async () => {
    announce(ORDERS, Date.now() - 3 * 60 * MINUTE_MS);
    const end = currentMinuteMs();
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(end - 60 * MINUTE_MS),
      EndTime: new Date(end),
      MetricDataQueries: [query('a', 'Requests', 'Sum'), query('b', 'CPUUtilization', 'Average'), query('c', 'Concurrency', 'Maximum')],
    };
    const whole = await results(input);
    const collected = new Map<string, number[]>();
    const statuses: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await cloudwatch.send(new GetMetricDataCommand({ ...input, MaxDatapoints: 50, NextToken: nextToken }));
      pages++;
      for (const r of page.MetricDataResults ?? []) {
        collected.set(r.Id!, [...(collected.get(r.Id!) ?? []), ...r.Values!]);
        statuses.push(r.StatusCode!);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    assert.equal(pages, 4);
    assert.ok(statuses.includes('PartialData'));
    for (const id of ['a', 'b', 'c']) assert.deepEqual(collected.get(id), whole.get(id)?.Values);
  });
});

describe('errors', () => {
  const window = () => ({ StartTime: new Date(Date.now() - 60 * MINUTE_MS), EndTime: new Date() });

  test('invalid queries fail with the common ValidationError (GetMetricData declares only InvalidNextToken), query-compatible', async () => {
    const bad = query('m1', 'Requests', 'Sum');
    bad.MetricStat!.Period = 61;
    await assert.rejects(cloudwatch.send(new GetMetricDataCommand({ ...window(), MetricDataQueries: [bad] })), (e: any) => {
      assert.equal(e.name, 'ValidationException');
      assert.equal(e.Code, 'ValidationError');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.match(e.message, /Period must be a multiple of 60/);
      return true;
    });
    await assert.rejects(
      cloudwatch.send(new GetMetricDataCommand({ ...window(), MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }] })),
      { name: 'ValidationException', message: /does not support metric math/ },
    );
    await assert.rejects(cloudwatch.send(new GetMetricDataCommand({ ...window(), MetricDataQueries: [query('m1', 'Requests', 'tm99')] })), {
      name: 'ValidationException',
    });
    await assert.rejects(cloudwatch.send(new GetMetricDataCommand({ ...window(), MetricDataQueries: [query('M1', 'Requests', 'Sum')] })), {
      name: 'ValidationException',
    });
    await assert.rejects(
      cloudwatch.send(
        new GetMetricDataCommand({ ...window(), MetricDataQueries: [query('m1', 'Requests', 'Sum'), query('m1', 'Requests', 'Sum')] }),
      ),
      { name: 'ValidationException', message: /not unique/ },
    );
    await assert.rejects(
      cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(),
          EndTime: new Date(Date.now() - MINUTE_MS),
          MetricDataQueries: [query('m1', 'Requests', 'Sum')],
        }),
      ),
      { name: 'ValidationException' },
    );
    await assert.rejects(
      cloudwatch.send(
        new GetMetricDataCommand({ EndTime: new Date(), MetricDataQueries: [query('m1', 'Requests', 'Sum')] } as GetMetricDataCommandInput),
      ),
      (e: any) => {
        assert.equal(e.name, 'ValidationException');
        assert.equal(e.Code, 'ValidationError');
        return true;
      },
    );
  });

  test('the raw answer carries x-amzn-query-error', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData',
        'x-amzn-query-mode': 'true',
      },
      body: JSON.stringify({ MetricDataQueries: [query('m1', 'Requests', 'Sum')], StartTime: 1_700_000_000, EndTime: 1_700_000_000 }),
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-query-error'), 'ValidationError;Sender');
    assert.equal((await response.json()).__type, 'ValidationException');
  });
});

describe('PutMetricData and seed', () => {
  test('custom metrics come back aggregated; AWS/ namespaces are refused', async () => {
    const minute = currentMinuteMs() - 2 * MINUTE_MS;
    const dimensions = [{ Name: 'Queue', Value: 'jobs' }];
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Test/App',
        MetricData: [
          { MetricName: 'Depth', Dimensions: dimensions, Timestamp: new Date(minute), Values: [1, 5, 9], Counts: [1, 1, 2] },
          { MetricName: 'Depth', Dimensions: dimensions, Timestamp: new Date(minute + 1000), Value: 3 },
        ],
      }),
    );
    const metric = { Namespace: 'Test/App', MetricName: 'Depth', Dimensions: dimensions };
    const got = await results({
      StartTime: new Date(minute),
      EndTime: new Date(minute + MINUTE_MS),
      MetricDataQueries: ['Sum', 'SampleCount', 'Maximum', 'p50'].map((Stat) => ({
        Id: Stat.toLowerCase(),
        MetricStat: { Metric: metric, Period: 60, Stat },
      })),
    });
    assert.deepEqual(
      ['sum', 'samplecount', 'maximum', 'p50'].map((id) => got.get(id)?.Values),
      [[27], [5], [9], [5]],
    );
    await assert.rejects(
      cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/AppRunner', MetricData: [{ MetricName: 'Requests', Value: 1 }] })),
      { name: 'InvalidParameterValueException' },
    );
  });

  test('a seed declares services and their state history', async () => {
    await control('seed', {
      monitoring: {
        services: [
          {
            serviceName: 'seeded',
            serviceId: 'c'.repeat(32),
            states: [
              { ageMs: 2 * 60 * MINUTE_MS, state: 'RUNNING' },
              { ageMs: 20 * MINUTE_MS, state: 'PAUSED' },
            ],
          },
        ],
      },
    });
    const end = currentMinuteMs();
    const seeded: ServiceRef = { ...ORDERS, serviceName: 'seeded', serviceId: 'c'.repeat(32) };
    const requests = byTime(
      (
        await results({
          StartTime: new Date(end - 60 * MINUTE_MS),
          EndTime: new Date(end),
          MetricDataQueries: [query('r', 'Requests', 'Sum', seeded)],
        })
      ).get('r'),
    );
    const newest = [...requests.entries()].sort((a, b) => a[0] - b[0]);
    assert.ok(
      newest.slice(0, 35).every(([, v]) => v > 0),
      'running until about 20 minutes ago',
    );
    assert.ok(newest.length < 45, `paused for the last 20 minutes: no datapoints then (${newest.length} minutes with data)`);
    assert.ok(
      newest.every(([t]) => t < end - 19 * MINUTE_MS),
      'paused since',
    );
  });
});
