import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ActivitySeries,
  estimateMonth,
  estimatePattern,
  estimateWindow,
  monthBounds,
  parseCpu,
  parseMemory,
  pausedIntervals,
  ServiceCostConfig,
} from '../../../src/cost/estimate';
import { flat, formatDollars, hourly, parseRate } from '../../../src/cost/money';
import { isResolved, resolveRates, ResolvedRates } from '../../../src/cost/rates';

function rates(region = 'us-east-1', overrides = {}): ResolvedRates {
  const r = resolveRates(region, overrides);
  assert.ok(isResolved(r), 'rates resolve');
  return r;
}

/** The reference's service: 1 vCPU / 2 GB, MinSize 1, an image service. */
const service: ServiceCostConfig = { cpuMilli: 1000, memoryMilliGb: 2000, minSize: 1, automaticDeployments: false, source: 'image' };
/** A 730-hour month, as AWS's pricing examples use. */
const MONTH_HOURS = 730;
/** A decimal number of dollars as an exact amount. */
const usd = (text: string) => flat(parseRate(text));

// Worked examples of ../shared/reference/operate-cost-migrate.md §3 (us-east-1: $0.064 per
// vCPU-hour, $0.007 per GB-hour, $1 per month for automatic deployments).

test('1 vCPU / 2 GB, MinSize 1, active 8 h a day: memory $10.22 + vCPU $15.57 = $25.79', () => {
  const cost = estimatePattern(service, rates(), { hours: MONTH_HOURS, activeHoursPerDay: 8, activeInstances: 1 });
  // memory 2 GB × 0.007 × 730 h (one instance always provisioned); vCPU 1 × 0.064 × 730/3 h active.
  assert.equal(cost.memory, usd('10.22'));
  assert.equal(formatDollars(cost.vcpu), '$15.57');
  assert.equal(cost.vcpu * 3n, usd('46.72'), 'vCPU is exactly a third of 730 h at $0.064');
  assert.equal(formatDollars(cost.total), '$25.79');
  assert.equal(cost.automaticDeployments, 0n);
});

test('fully active 24/7: $10.22 + $46.72 = $56.94', () => {
  const cost = estimatePattern(service, rates(), { hours: MONTH_HOURS, activeHoursPerDay: 24, activeInstances: 1 });
  assert.equal(cost.vcpu, usd('46.72'));
  assert.equal(cost.total, usd('56.94'));
  assert.equal(formatDollars(cost.total), '$56.94');
});

test('paused half the month (active 8 h a day while running): half of every part, $12.90', () => {
  const cost = estimatePattern(service, rates(), { hours: MONTH_HOURS, activeHoursPerDay: 8, activeInstances: 1, pausedShare: 0.5 });
  const full = estimatePattern(service, rates(), { hours: MONTH_HOURS, activeHoursPerDay: 8, activeInstances: 1 });
  assert.equal(cost.memory * 2n, full.memory);
  assert.equal(cost.vcpu * 2n, full.vcpu);
  assert.equal(cost.memory, usd('5.11'));
  assert.equal(formatDollars(cost.total), '$12.90');
});

test('with automatic deployments: $1 more a month, $26.79', () => {
  const cost = estimatePattern({ ...service, automaticDeployments: true }, rates(), {
    hours: MONTH_HOURS,
    activeHoursPerDay: 8,
    activeInstances: 1,
  });
  assert.equal(cost.automaticDeployments, usd('1'));
  assert.equal(formatDollars(cost.total), '$26.79');
});

test("the seed document's example: $77.51 from its own rates, and what App Runner's rule makes of them", () => {
  // The seed document's illustrative rates: $0.08 per vCPU-hour, $0.01 per GB-hour, $0.01 per
  // million requests, $0.09 per GB out; 1 vCPU / 2 GB for 730 h, 1 million requests, 50 GB out.
  const seedRates = rates('us-east-1', { 'us-east-1': { vcpuHour: '0.08', memoryGbHour: '0.01', provisionedMemoryGbHour: '0.01' } });
  const alwaysActive = estimatePattern(service, seedRates, { hours: MONTH_HOURS, activeHoursPerDay: 24, activeInstances: 1 });
  const requests = usd('0.01'); // 1 million requests × $0.01 per million
  const dataOut = hourly(parseRate('0.09'), 50_000n, 3600n); // 50 GB × $0.09
  assert.equal(alwaysActive.vcpu, usd('58.40'));
  assert.equal(alwaysActive.memory, usd('14.60'));
  assert.equal(formatDollars(alwaysActive.total + requests + dataOut), '$77.51');
  // App Runner's real rule differs in two ways: there is no request fee (data out is billed as
  // AWS data transfer, not by App Runner), and vCPU is billed only while instances are active.
  // The same rates for a service active 8 h a day: $14.60 memory + $19.47 vCPU = $34.07.
  const realRule = estimatePattern(service, seedRates, { hours: MONTH_HOURS, activeHoursPerDay: 8, activeInstances: 1 });
  assert.equal(formatDollars(realRule.total), '$34.07');
  assert.ok(realRule.total < alwaysActive.total);
});

test('MinSize instances are provisioned even when idle; active instances above MinSize add memory and vCPU', () => {
  const two = { ...service, minSize: 2 };
  const idle = estimatePattern(two, rates(), { hours: 10, activeHoursPerDay: 0, activeInstances: 0 });
  assert.equal(idle.memory, usd('0.28')); // 2 instances × 2 GB × $0.007 × 10 h
  assert.equal(idle.vcpu, 0n);
  const busy = estimatePattern(two, rates(), { hours: 10, activeHoursPerDay: 24, activeInstances: 3 });
  assert.equal(busy.memory, usd('0.42')); // 3 instances × 2 GB × 0.007 × 10 h
  assert.equal(busy.vcpu, usd('1.92')); // 3 × 0.064 × 10 h
});

const T0 = Date.UTC(2026, 10, 3, 0, 0); // 3 Nov 2026, 00:00 UTC
const MIN = 60_000;
const HOUR = 3_600_000;

/** A per-minute ActiveInstances series from a function of the minute index. */
function perMinute(start: number, minutes: number, value: (m: number) => number | undefined): ActivitySeries {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let m = 0; m < minutes; m++) {
    const v = value(m);
    if (v === undefined) continue;
    timestamps.push(start + m * MIN);
    values.push(v);
  }
  return { periodSeconds: 60, timestamps, values };
}

test('a measured day: per-minute ActiveInstances give the same figure as the hand computation, per hour', () => {
  // Active 8 h (09:00-17:00) with one instance, two instances 12:00-13:00, idle otherwise.
  const activity = perMinute(T0, 1440, (m) => (m >= 720 && m < 780 ? 2 : m >= 540 && m < 1020 ? 1 : 0));
  const est = estimateWindow({ config: service, rates: rates(), activity, operations: [], start: T0, end: T0 + 24 * HOUR });
  // memory: 2 GB × 0.007 × (24 h + 1 extra instance-hour) = 0.35; vCPU: 0.064 × (8 + 1) instance-hours = 0.576
  assert.equal(est.breakdown.memory, usd('0.35'));
  assert.equal(est.breakdown.vcpu, usd('0.576'));
  assert.equal(est.buckets.length, 24);
  assert.equal(est.buckets[0].total, usd('0.014')); // idle hour: 2 GB × 0.007
  assert.equal(est.buckets[12].total, usd('0.156')); // two active instances: 2 × 2 GB × 0.007 + 2 × 0.064
  assert.equal(
    est.buckets.reduce((s, b) => s + b.total, 0n),
    est.breakdown.total,
  );
  assert.equal(est.minutesWithoutData, 0);
  assert.equal(est.runningSeconds, 86_400);
});

test('paused minutes cost nothing; pause and resume come from ListOperations', () => {
  const activity = perMinute(T0, 600, (m) => (m < 120 || m >= 360 ? 1 : undefined));
  const operations = [
    { type: 'RESUME_SERVICE', status: 'SUCCEEDED', startedAt: T0 + 5.9 * HOUR, endedAt: T0 + 6 * HOUR },
    { type: 'PAUSE_SERVICE', status: 'SUCCEEDED', startedAt: T0 + 1.9 * HOUR, endedAt: T0 + 2 * HOUR },
  ];
  const est = estimateWindow({ config: service, rates: rates(), activity, operations, start: T0, end: T0 + 10 * HOUR });
  assert.equal(est.pausedSeconds, 4 * 3600);
  assert.equal(est.runningSeconds, 6 * 3600);
  assert.equal(est.breakdown.total, usd('0.078') * 6n); // 6 running hours × (2 GB × 0.007 + 0.064)
});

test('a pause older than the listed operations: paused since before them while the service is PAUSED', () => {
  assert.deepEqual(pausedIntervals([], true, T0), [{ from: -Infinity, to: Infinity }]);
  const resumeOnly = pausedIntervals([{ type: 'RESUME_SERVICE', status: 'SUCCEEDED', startedAt: T0, endedAt: T0 + MIN }], false, T0 + HOUR);
  assert.deepEqual(resumeOnly, [{ from: -Infinity, to: T0 + MIN }]);
});

test('a deployment doubles the provisioned instances while it runs (memory), and a source-code service pays build minutes', () => {
  const activity = perMinute(T0, 120, () => 1);
  const deploy = { type: 'START_DEPLOYMENT', status: 'SUCCEEDED', startedAt: T0 + 30 * MIN, endedAt: T0 + 40 * MIN };
  const image = estimateWindow({ config: service, rates: rates(), activity, operations: [deploy], start: T0, end: T0 + 2 * HOUR });
  assert.equal(image.deploymentMinutes, 10);
  assert.equal(image.breakdown.deployments, hourly(parseRate('0.007'), 2000n, 600n)); // one more 2 GB instance for 10 minutes
  assert.equal(image.breakdown.build, 0n);
  const code = estimateWindow({
    config: { ...service, source: 'code' },
    rates: rates(),
    activity,
    operations: [deploy],
    start: T0,
    end: T0 + 2 * HOUR,
  });
  assert.equal(code.buildMinutes, 10);
  assert.equal(code.breakdown.build, usd('0.05')); // 10 minutes × $0.005
});

test('a partial minute in a deployment counts whole; minutes before the service existed are not counted', () => {
  const activity = perMinute(T0, 60, () => 0);
  const deploy = { type: 'UPDATE_SERVICE', status: 'IN_PROGRESS', startedAt: T0 + 10 * MIN + 5000 };
  const est = estimateWindow({
    config: { ...service, createdAt: T0 + 5 * MIN + 1 },
    rates: rates(),
    activity,
    operations: [deploy],
    start: T0,
    end: T0 + HOUR,
  });
  assert.equal(est.runningSeconds, 55 * 60); // the minute the service was created in counts
  assert.equal(est.deploymentMinutes, 50); // still in progress: until the end of the window
});

test('a period longer than a minute gives its Maximum to each of its minutes (an upper bound)', () => {
  const activity: ActivitySeries = { periodSeconds: 300, timestamps: [T0, T0 + 5 * MIN], values: [2, 0] };
  const est = estimateWindow({ config: service, rates: rates(), activity, operations: [], start: T0, end: T0 + 10 * MIN });
  assert.equal(est.coarseMinutes, 10);
  assert.equal(est.breakdown.vcpu, hourly(parseRate('0.064'), 1000n, 2n * 300n));
});

test('minutes without a datapoint count as MinSize idle instances and are reported', () => {
  const est = estimateWindow({
    config: service,
    rates: rates(),
    activity: perMinute(T0, 60, () => undefined),
    operations: [],
    start: T0,
    end: T0 + HOUR,
  });
  assert.equal(est.minutesWithoutData, 60);
  assert.equal(est.breakdown.total, usd('0.014'));
});

test('the month so far and projected: the rest of the month like the running time so far, the fee whole', () => {
  const now = T0 + 12 * HOUR + 30_000; // 3 Nov 12:00:30: two whole days and 12 hours of November so far
  const { start, end } = monthBounds(now);
  assert.equal(start, Date.UTC(2026, 10, 1));
  assert.equal(end, Date.UTC(2026, 11, 1));
  const minutes = (now - start) / MIN;
  const activity = perMinute(start, Math.floor(minutes), () => 1);
  const est = estimateMonth({ config: { ...service, automaticDeployments: true }, rates: rates(), activity, operations: [], now });
  assert.equal(est.countedUntil, T0 + 12 * HOUR);
  const perHour = usd('0.078'); // always one active instance: 2 GB × 0.007 + 1 vCPU × 0.064
  assert.equal(est.soFar.total, perHour * 60n + usd('1'));
  assert.equal(est.projected.total, perHour * 720n + usd('1')); // November has 720 hours
  assert.equal(est.perHour, perHour);
  assert.equal(est.perDay, perHour * 24n);
  const paused = estimateMonth({ config: service, rates: rates(), activity, operations: [], now, pausedNow: true });
  assert.equal(paused.projected.total, paused.soFar.total, 'a paused service adds nothing for the rest of the month');
});

test("App Runner's Cpu and Memory in either form", () => {
  assert.equal(parseCpu('1024'), 1000);
  assert.equal(parseCpu('0.25 vCPU'), 250);
  assert.equal(parseCpu('256'), 250);
  assert.equal(parseMemory('2048'), 2000);
  assert.equal(parseMemory('0.5 GB'), 500);
  assert.equal(parseMemory('3072'), 3000);
  assert.equal(parseCpu('lots'), undefined);
});

test('several series, finest first: a minute takes the 1-minute value where there is one, the 5-minute Maximum elsewhere', () => {
  const fine: ActivitySeries = { periodSeconds: 60, timestamps: [T0 + 5 * MIN, T0 + 6 * MIN], values: [0, 1] };
  const coarse: ActivitySeries = { periodSeconds: 300, timestamps: [T0, T0 + 5 * MIN], values: [1, 3] };
  const est = estimateWindow({ config: service, rates: rates(), activity: [fine, coarse], operations: [], start: T0, end: T0 + 10 * MIN });
  // minutes 0-4: 1 (coarse); 5: 0 and 6: 1 (fine); 7-9: 3 (coarse) → 5 + 0 + 1 + 9 = 15 active instance-minutes
  assert.equal(est.breakdown.vcpu, hourly(parseRate('0.064'), 1000n, 15n * 60n));
  assert.equal(est.coarseMinutes, 8);
});
