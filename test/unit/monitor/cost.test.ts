import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { isResolved, resolveRates } from '../../../src/cost/rates';
import { buildCostView, costServiceOf, whatIf } from '../../../src/monitor/cost';
import { buildMetricRequest, MetricResult } from '../../../src/monitor/metrics';
import { isWebviewMessage } from '../../../src/monitor/protocol';

const ids = { serviceName: 'orders-api', serviceId: '8fe1e10304f84fd2b0df550fe98a71fa' };
const NOW = Date.UTC(2026, 10, 3, 12, 0, 30); // 3 Nov 2026, 12:00:30 UTC
const rates = resolveRates('us-east-1');
assert.ok(isResolved(rates));

const described = {
  Status: 'RUNNING',
  CreatedAt: new Date(Date.UTC(2026, 9, 1)),
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
  SourceConfiguration: { AutoDeploymentsEnabled: true, ImageRepository: { ImageIdentifier: 'x', ImageRepositoryType: 'ECR' } },
} as unknown as Service;

/** One active instance every minute of the request. */
function alwaysOne(request: ReturnType<typeof buildMetricRequest>): MetricResult[] {
  return request.queries
    .filter((q) => q.metricName === 'ActiveInstances')
    .map((q) => {
      const timestamps: number[] = [];
      for (let t = request.startTime; t + q.periodSeconds * 1000 <= NOW; t += q.periodSeconds * 1000) timestamps.push(t);
      return { id: q.id, timestamps, values: timestamps.map(() => 1) };
    });
}

test('the service configuration for the cost comes from DescribeService and the scaling bounds', () => {
  assert.deepEqual(costServiceOf(described, 2), {
    config: {
      cpuMilli: 1000,
      memoryMilliGb: 2000,
      minSize: 2,
      automaticDeployments: true,
      source: 'image',
      createdAt: Date.UTC(2026, 9, 1),
    },
    pausedNow: false,
  });
  assert.equal(costServiceOf({ ...described, InstanceConfiguration: {} } as Service, 1), undefined);
});

test('the month range shows the month so far and projected, with the rates, their sources and the assumptions', () => {
  const request = buildMetricRequest(ids, 'month', NOW);
  const view = buildCostView({
    range: 'month',
    request,
    results: alwaysOne(request),
    operations: [],
    service: costServiceOf(described, 1),
    rates,
    now: NOW,
  });
  // 60 hours so far at 2 GB × 0.007 + 1 vCPU × 0.064 = $0.078 an hour, plus the $1 fee; November: 720 hours.
  assert.equal(view.month?.soFar, '$5.68');
  assert.equal(view.month?.projected, '$57.16');
  assert.equal(view.perHour, '$0.08');
  assert.equal(view.perDay, '$1.87');
  assert.equal(view.bucketUnit, 'day');
  assert.equal(view.buckets?.length, 3);
  assert.equal(view.buckets?.[0].amount, '$1.87');
  assert.ok(view.rates?.every((r) => r.source.length > 0));
  assert.ok(view.assumptions?.some((a) => /deployment/i.test(a)));
  assert.ok(view.assumptions?.some((a) => /part of a minute/.test(a)));
});

test("a minute CloudWatch has not published yet counts as idle, not as the chart's hourly Maximum", () => {
  const request = buildMetricRequest(ids, 'month', NOW);
  const results = alwaysOne(request).map((r) =>
    r.id === 'instances' ? r : { ...r, timestamps: r.timestamps.slice(0, -1), values: r.values.slice(0, -1) },
  );
  const view = buildCostView({ range: 'month', request, results, operations: [], service: costServiceOf(described, 1), rates, now: NOW });
  assert.ok(
    view.assumptions?.some((a) => /^1 running minute had no ActiveInstances datapoint yet/.test(a)),
    view.assumptions?.join('\n'),
  );
  assert.ok(!view.assumptions?.some((a) => /older than 15 days/.test(a)));
});

test('without rates for the region the view says how to get them', () => {
  const request = buildMetricRequest(ids, '1h', NOW);
  const missing = resolveRates('ap-northeast-1');
  assert.ok(!isResolved(missing));
  const view = buildCostView({
    range: '1h',
    request,
    results: [],
    operations: [],
    service: costServiceOf(described, 1),
    rates: missing,
    now: NOW,
  });
  assert.match(view.error ?? '', /Price List.*apprunner\.cost\.rates/);
});

test('what if: MinSize 2 and a daily pattern, against the month as it is', () => {
  const request = buildMetricRequest(ids, '1d', NOW);
  const service = costServiceOf({ ...described, SourceConfiguration: {} } as unknown as Service, 1);
  assert.ok(service);
  const current = { service, rates, activity: [], operations: [], start: request.startTime, end: NOW };
  const result = whatIf(
    {
      minSize: 1,
      cpuMilli: 1000,
      memoryMilliGb: 2000,
      automaticDeployments: false,
      pattern: { kind: 'pattern', activeHoursPerDay: 24, activeInstances: 1 },
    },
    current,
    NOW,
  );
  assert.equal(result.monthly, '$56.16'); // 720 h × $0.078
  const bigger = whatIf(
    {
      minSize: 2,
      cpuMilli: 1000,
      memoryMilliGb: 2000,
      automaticDeployments: true,
      pattern: { kind: 'pattern', activeHoursPerDay: 24, activeInstances: 1 },
    },
    current,
    NOW,
  );
  assert.equal(bigger.monthly, '$67.24'); // + 720 h × 2 GB × 0.007 for the idle second instance + $1
  assert.match(bigger.difference, /^\+\$/);
});

test('the page may only ask what-ifs with sizes App Runner has', () => {
  const input = { minSize: 2, cpuMilli: 1000, memoryMilliGb: 2000, automaticDeployments: false, pattern: { kind: 'measured' } };
  assert.equal(isWebviewMessage({ type: 'whatIf', input }), true);
  assert.equal(isWebviewMessage({ type: 'whatIf', input: { ...input, minSize: 0 } }), false);
  assert.equal(
    isWebviewMessage({ type: 'whatIf', input: { ...input, pattern: { kind: 'pattern', activeHoursPerDay: 25, activeInstances: 1 } } }),
    false,
  );
  assert.equal(isWebviewMessage({ type: 'refreshRates' }), true);
});
