import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isResolved, resolveRates } from '../../../src/cost/rates';
import { appRunnerMonthly, measuredRequest, measuredTraffic } from '../../../src/migrate/measured';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/0123456789abcdef0123456789abcdef';
const NOW = Date.UTC(2026, 11, 1, 12, 30, 15);

function minutes(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i * 60_000);
}

describe('measuredRequest', () => {
  test('asks for Requests, RequestLatency and ActiveInstances per minute over the last whole day, by name and id', () => {
    const request = measuredRequest(ARN, NOW)!;
    assert.equal(request.endTime, Date.UTC(2026, 11, 1, 12, 30));
    assert.equal(request.endTime - request.startTime, 24 * 3600_000);
    assert.deepEqual(
      request.queries.map((q) => [q.id, q.metricName, q.stat, q.periodSeconds]),
      [
        ['requests', 'Requests', 'Sum', 60],
        ['latency', 'RequestLatency', 'Average', 60],
        ['instances', 'ActiveInstances', 'Maximum', 60],
      ],
    );
    assert.deepEqual(request.queries[0].dimensions, [
      { name: 'ServiceName', value: 'orders-api' },
      { name: 'ServiceID', value: '0123456789abcdef0123456789abcdef' },
    ]);
  });

  test('a malformed ARN gives no request', () => {
    assert.equal(measuredRequest('not-an-arn', NOW), undefined);
  });
});

describe('measuredTraffic', () => {
  test('requests per active instance-minute and the request-weighted latency in seconds', () => {
    const t = minutes(0, 2);
    const traffic = measuredTraffic([
      { id: 'requests', timestamps: t, values: [600, 200] },
      { id: 'latency', timestamps: t, values: [100, 300] },
      { id: 'instances', timestamps: t, values: [2, 2] },
    ]);
    assert.equal(traffic?.requestsPerMinutePerInstance, 800 / 4);
    assert.equal(traffic?.meanLatencySeconds, (600 * 0.1 + 200 * 0.3) / 800);
  });

  test('no requests: no traffic (the scaling estimate says so)', () => {
    assert.equal(measuredTraffic([{ id: 'requests', timestamps: [0], values: [0] }]), undefined);
  });
});

describe('appRunnerMonthly', () => {
  test('one active 1 vCPU / 2 GB instance all day: (0.064 + 2 × 0.007) $/h × 730 h', () => {
    const rates = resolveRates('us-east-1');
    assert.ok(isResolved(rates));
    const request = measuredRequest(ARN, NOW)!;
    const monthly = appRunnerMonthly({
      config: { cpuMilli: 1000, memoryMilliGb: 2000, minSize: 1, automaticDeployments: false, source: 'image' },
      rates,
      request,
      results: [{ id: 'instances', timestamps: minutes(request.startTime, 1440), values: new Array(1440).fill(1) }],
      pausedNow: false,
    });
    assert.equal(monthly.text, '$56.94');
    assert.equal(monthly.averageInstances, 1);
    assert.match(monthly.basis, /last 24 hours/);
  });
});
