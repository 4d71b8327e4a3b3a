import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMetricRequest, deploymentMarks, RANGE_SPECS, serviceNameAndId, shapeMetrics } from '../../../src/monitor/metrics';
import { METRIC_RANGES } from '../../../src/monitor/protocol';

const ids = { serviceName: 'orders-api', serviceId: '8fe1e10304f84fd2b0df550fe98a71fa' };
const NOW = Date.UTC(2026, 10, 18, 12, 34, 56);

test('the service name and id come from the service ARN', () => {
  assert.deepEqual(serviceNameAndId('arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa'), ids);
  assert.equal(serviceNameAndId('arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/x/1/abc'), undefined);
});

test('one request holds every series of the six charts, with ServiceName and ServiceID', () => {
  const request = buildMetricRequest(ids, '1h', NOW);
  assert.deepEqual(
    request.queries.map((q) => `${q.metricName}:${q.stat}`),
    [
      'ActiveInstances:Maximum',
      'Requests:Sum',
      '2xxStatusResponses:Sum',
      '4xxStatusResponses:Sum',
      '5xxStatusResponses:Sum',
      'RequestLatency:Average',
      'RequestLatency:p99',
      'CPUUtilization:Average',
      'MemoryUtilization:Average',
      'Concurrency:Average',
    ],
  );
  for (const q of request.queries) {
    assert.match(q.id, /^[a-z][a-zA-Z0-9_]*$/);
    assert.equal(q.namespace, 'AWS/AppRunner');
    assert.deepEqual(q.dimensions, [
      { name: 'ServiceName', value: ids.serviceName },
      { name: 'ServiceID', value: ids.serviceId },
    ]);
  }
  assert.equal(new Set(request.queries.map((q) => q.id)).size, request.queries.length);
});

test('every range has a standard period, a window on period boundaries, and few enough datapoints for one page', () => {
  for (const now of [NOW, Date.UTC(2026, 11, 31, 23, 59, 30)]) {
    for (const range of METRIC_RANGES) {
      const { periodSeconds, durationMs } = RANGE_SPECS[range];
      const request = buildMetricRequest(ids, range, now);
      assert.equal(periodSeconds % 60, 0);
      if (range === 'month') {
        const d = new Date(now);
        assert.equal(request.startTime, Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), 'this month from the 1st (UTC)');
        assert.ok(request.endTime - request.startTime <= durationMs);
      } else {
        assert.equal(request.endTime - request.startTime, durationMs);
      }
      assert.equal(request.endTime % (periodSeconds * 1000), 0);
      assert.ok(request.endTime > now && request.endTime - now <= periodSeconds * 1000);
      const charts = request.queries.filter((q) => !q.id.startsWith('cost'));
      assert.ok((request.endTime - request.startTime) / 1000 / periodSeconds <= 744, `${range}: chart points`);
      assert.ok(charts.every((q) => q.periodSeconds === periodSeconds));
      const datapoints = request.queries.reduce((n, q) => n + (request.endTime - request.startTime) / 1000 / q.periodSeconds, 0);
      assert.ok(datapoints <= 100_800, `${range}: ${datapoints} datapoints in one page`);
    }
  }
  assert.deepEqual(
    METRIC_RANGES.map((r) => RANGE_SPECS[r].periodSeconds),
    [60, 60, 300, 300, 1800, 3600],
  );
});

test('the cost reads ActiveInstances (Maximum) per minute from the same request, and per 5 minutes past 15 days', () => {
  const cost = (range: (typeof METRIC_RANGES)[number], now: number) =>
    buildMetricRequest(ids, range, now)
      .queries.filter((q) => q.metricName === 'ActiveInstances')
      .map((q) => `${q.id}:${q.stat}:${q.periodSeconds}`);
  assert.deepEqual(cost('1h', NOW), ['instances:Maximum:60'], 'the chart series is already per minute');
  assert.deepEqual(cost('1d', NOW), ['instances:Maximum:300', 'costPerMinute:Maximum:60']);
  assert.deepEqual(cost('month', Date.UTC(2026, 10, 10)), ['instances:Maximum:3600', 'costPerMinute:Maximum:60']);
  assert.deepEqual(cost('month', Date.UTC(2026, 10, 20)), [
    'instances:Maximum:3600',
    'costPerMinute:Maximum:60',
    'costPerFiveMinutes:Maximum:300',
  ]);
});

test('results land on the x axis per period; gaps stay null; counts become per minute', () => {
  const request = buildMetricRequest(ids, '12h', NOW);
  const t0 = request.startTime;
  const snapshot = shapeMetrics(
    '12h',
    request,
    [
      { id: 'requests', timestamps: [t0, t0 + 600_000], values: [50, 100] },
      { id: 'cpu', timestamps: [t0 + 300_000], values: [42] },
      { id: 'status5xx', timestamps: [t0 - 300_000, request.endTime], values: [1, 1] },
    ],
    { operations: [], fetchedAt: NOW },
  );
  assert.equal(snapshot.xs.length, 144);
  assert.equal(snapshot.xs[0], t0 / 1000);
  assert.equal(snapshot.periodSeconds, 300);
  const requests = snapshot.charts.find((c) => c.id === 'requests')!;
  assert.equal(requests.unit, 'req/min');
  assert.deepEqual(requests.series[0].values.slice(0, 3), [10, null, 20]);
  assert.ok(
    requests.series[3].values.every((v) => v === null),
    'points outside the window are dropped',
  );
  assert.deepEqual(snapshot.charts.find((c) => c.id === 'cpu')!.series[0].values.slice(0, 2), [null, 42]);
  assert.deepEqual(
    snapshot.charts.map((c) => c.id),
    ['instances', 'requests', 'latency', 'cpu', 'memory', 'concurrency'],
  );
});

test('auto scaling bounds are drawn on the instances chart as dashed lines', () => {
  const request = buildMetricRequest(ids, '1h', NOW);
  const snapshot = shapeMetrics('1h', request, [], { operations: [], scaling: { min: 2, max: 10 }, fetchedAt: NOW });
  const instances = snapshot.charts.find((c) => c.id === 'instances')!;
  assert.deepEqual(
    instances.series.map((s) => [s.label, s.dashed ?? false, s.values[0]]),
    [
      ['Active instances', false, null],
      ['Min (2)', true, 2],
      ['Max (10)', true, 10],
    ],
  );
  assert.deepEqual(snapshot.scaling, { min: 2, max: 10 });
});

test('operations that overlap the window become marks, oldest first', () => {
  const marks = deploymentMarks(
    [
      { id: 'new', type: 'START_DEPLOYMENT', status: 'IN_PROGRESS', startedAt: new Date(900) },
      { id: 'old', type: 'UPDATE_SERVICE', status: 'SUCCEEDED', startedAt: 100, endedAt: 300 },
      { id: 'before', type: 'CREATE_SERVICE', status: 'SUCCEEDED', startedAt: 0, endedAt: 50 },
      { id: 'after', type: 'PAUSE_SERVICE', status: 'SUCCEEDED', startedAt: 2000 },
      { type: 'NO_ID', startedAt: 500 },
    ],
    200,
    1000,
  );
  assert.deepEqual(
    marks.map((m) => [m.id, m.startedAt, m.endedAt]),
    [
      ['old', 100, 300],
      ['new', 900, undefined],
    ],
  );
});
