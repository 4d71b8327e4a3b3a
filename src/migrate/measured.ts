// What the plan reads from the service's own metrics of the last day: the traffic the scaling
// estimate needs (requests per active instance-minute, mean latency) and App Runner's monthly
// cost from that day's activity (the cost estimator's per-minute rule, scaled to a 730-hour month).
// Pure: the adapter sends the request through the metrics API and passes the answer back.
import type { MetricStatQuery } from '../aws/types';
import { serviceArnParts } from '../aws/arn';
import { estimateWindow, ServiceCostConfig } from '../cost/estimate';
import { Amount, flat, formatDollars, parseRate, scale } from '../cost/money';
import type { ResolvedRates } from '../cost/rates';
import type { MigrationSource } from './plan';

const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;
const HOURS_PER_MONTH = 730n;

export interface MeasuredRequest {
  startTime: number;
  endTime: number;
  queries: MetricStatQuery[];
}

export interface MeasuredSeries {
  id: string;
  timestamps: number[];
  values: number[];
}

/** One GetMetricData request: Requests (Sum), RequestLatency (Average, ms) and ActiveInstances (Maximum) per minute over the last whole day. */
export function measuredRequest(serviceArn: string, now: number): MeasuredRequest | undefined {
  const parts = serviceArnParts(serviceArn);
  if (!parts) return undefined;
  const endTime = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const dimensions = [
    { name: 'ServiceName', value: parts.name },
    { name: 'ServiceID', value: parts.id },
  ];
  const query = (id: string, metricName: string, stat: string): MetricStatQuery => ({
    id,
    namespace: 'AWS/AppRunner',
    metricName,
    dimensions,
    periodSeconds: 60,
    stat,
  });
  return {
    startTime: endTime - DAY_MS,
    endTime,
    queries: [
      query('requests', 'Requests', 'Sum'),
      query('latency', 'RequestLatency', 'Average'),
      query('instances', 'ActiveInstances', 'Maximum'),
    ],
  };
}

function byMinute(series: MeasuredSeries | undefined): Map<number, number> {
  const map = new Map<number, number>();
  series?.timestamps.forEach((t, i) => {
    const v = series.values[i];
    if (Number.isFinite(v)) map.set(t, v);
  });
  return map;
}

/**
 * Requests per active instance per minute and the request-weighted mean latency, over the minutes
 * that had requests; undefined when there were none (the scaling estimate then says so).
 */
export function measuredTraffic(results: MeasuredSeries[]): MigrationSource['traffic'] {
  const requests = byMinute(results.find((r) => r.id === 'requests'));
  const latency = byMinute(results.find((r) => r.id === 'latency'));
  const instances = byMinute(results.find((r) => r.id === 'instances'));
  let total = 0;
  let instanceMinutes = 0;
  let latencyWeighted = 0;
  let latencyRequests = 0;
  for (const [minute, count] of requests) {
    if (count <= 0) continue;
    total += count;
    instanceMinutes += Math.max(1, instances.get(minute) ?? 1);
    const ms = latency.get(minute);
    if (ms !== undefined) {
      latencyWeighted += ms * count;
      latencyRequests += count;
    }
  }
  if (total === 0 || latencyRequests === 0) return undefined;
  return { requestsPerMinutePerInstance: total / instanceMinutes, meanLatencySeconds: latencyWeighted / latencyRequests / 1000 };
}

/** App Runner's monthly cost if the last day repeated: the day's cost × 730 / 24, plus the automatic-deployment fee. */
export function appRunnerMonthly(input: {
  config: ServiceCostConfig;
  rates: ResolvedRates;
  results: MeasuredSeries[];
  request: MeasuredRequest;
  pausedNow: boolean;
}): { amount: Amount; text: string; basis: string; averageInstances: number } {
  const instances = input.results.find((r) => r.id === 'instances');
  const day = estimateWindow({
    config: input.config,
    rates: input.rates,
    activity: { periodSeconds: 60, timestamps: instances?.timestamps ?? [], values: instances?.values ?? [] },
    operations: [],
    start: input.request.startTime,
    end: input.request.endTime,
    pausedNow: input.pausedNow,
  });
  const fee = input.config.automaticDeployments ? flat(parseRate(input.rates.rates.automaticDeploymentMonth)) : 0n;
  const amount = scale(day.breakdown.total, HOURS_PER_MONTH, 24n) + fee;
  const active = (instances?.values ?? []).filter(Number.isFinite);
  const averageInstances = active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
  const basis =
    `the last 24 hours of ActiveInstances × 730 / 24 (${input.rates.region} rates: ${input.rates.sources.vcpuHour})` +
    (day.minutesWithoutData
      ? `; ${day.minutesWithoutData} minute${day.minutesWithoutData === 1 ? '' : 's'} without data counted as MinSize idle instances`
      : '') +
    (fee ? '; with the automatic-deployments fee' : '');
  return { amount, text: formatDollars(amount), basis, averageInstances };
}
