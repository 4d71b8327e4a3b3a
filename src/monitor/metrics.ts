// App Runner metrics for the monitor: one GetMetricData request with every series of the six
// charts, the period per time range, and the shaping of the answer into aligned chart data.
//
// Periods keep every range at a few hundred points per series (fast to draw, well inside
// GetMetricData's 100,800-datapoint page, so one call always suffices) and are multiples of
// 60 s as standard metrics require: 1 h and 3 h at 1 min, 12 h and 1 d at 5 min, 1 w at 30 min.
import { serviceArnParts } from '../aws/arn';
import type { MetricStatQuery } from '../aws/types';
import type { ChartData, ChartSeries, DeploymentMark, MetricRange, MetricsSnapshot } from './protocol';

export const APP_RUNNER_NAMESPACE = 'AWS/AppRunner';

export const RANGE_SPECS: Record<MetricRange, { durationMs: number; periodSeconds: number; label: string }> = {
  '1h': { durationMs: 3_600_000, periodSeconds: 60, label: '1 hour' },
  '3h': { durationMs: 3 * 3_600_000, periodSeconds: 60, label: '3 hours' },
  '12h': { durationMs: 12 * 3_600_000, periodSeconds: 300, label: '12 hours' },
  '1d': { durationMs: 24 * 3_600_000, periodSeconds: 300, label: '1 day' },
  '1w': { durationMs: 7 * 24 * 3_600_000, periodSeconds: 1800, label: '1 week' },
  // This calendar month so far (UTC): the window starts on the 1st (durationMs is the longest month).
  month: { durationMs: 31 * 24 * 3_600_000, periodSeconds: 3600, label: 'This month' },
};

/** CloudWatch keeps 1-minute data for 15 days; older minutes are read as 5-minute Maximums. */
const ONE_MINUTE_DATA_MS = 15 * 24 * 3_600_000;

export type MetricQuery = MetricStatQuery;

export interface MetricRequest {
  queries: MetricQuery[];
  /** Epoch milliseconds; start inclusive, end exclusive, both on period boundaries. */
  startTime: number;
  endTime: number;
}

export interface MetricResult {
  id: string;
  /** Epoch milliseconds. */
  timestamps: number[];
  values: number[];
}

/** The series: [query id, metric name, statistic]. Counts are sums; the rest averages or peaks. */
const SERIES = [
  ['instances', 'ActiveInstances', 'Maximum'],
  ['requests', 'Requests', 'Sum'],
  ['status2xx', '2xxStatusResponses', 'Sum'],
  ['status4xx', '4xxStatusResponses', 'Sum'],
  ['status5xx', '5xxStatusResponses', 'Sum'],
  ['latencyAvg', 'RequestLatency', 'Average'],
  ['latencyP99', 'RequestLatency', 'p99'],
  ['cpu', 'CPUUtilization', 'Average'],
  ['memory', 'MemoryUtilization', 'Average'],
  ['concurrency', 'Concurrency', 'Average'],
] as const;

type SeriesId = (typeof SERIES)[number][0];

/** The ServiceName and ServiceID dimensions come from the service ARN …:service/<name>/<id>. */
export function serviceNameAndId(serviceArn: string): { serviceName: string; serviceId: string } | undefined {
  const parts = serviceArnParts(serviceArn);
  return parts ? { serviceName: parts.name, serviceId: parts.id } : undefined;
}

export function buildMetricRequest(service: { serviceName: string; serviceId: string }, range: MetricRange, now: number): MetricRequest {
  const { durationMs, periodSeconds } = RANGE_SPECS[range];
  const periodMs = periodSeconds * 1000;
  // The window ends with the period now is in (CloudWatch fills it as the minutes complete).
  const endTime = Math.ceil((now + 1) / periodMs) * periodMs;
  const monthStart = new Date(now);
  const startTime = range === 'month' ? Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), 1) : endTime - durationMs;
  const dimensions = [
    { name: 'ServiceName', value: service.serviceName },
    { name: 'ServiceID', value: service.serviceId },
  ];
  const queries: MetricQuery[] = SERIES.map(([id, metricName, stat]) => ({
    id,
    namespace: APP_RUNNER_NAMESPACE,
    metricName,
    dimensions,
    periodSeconds,
    stat,
  }));
  // The cost counts every minute: ActiveInstances (Maximum) per minute in the same request,
  // unless the chart's own series already is; 5-minute Maximums for minutes older than 15 days.
  const active = (id: string, seconds: number): MetricQuery => ({
    id,
    namespace: APP_RUNNER_NAMESPACE,
    metricName: 'ActiveInstances',
    dimensions,
    periodSeconds: seconds,
    stat: 'Maximum',
  });
  if (periodSeconds > 60) queries.push(active('costPerMinute', 60));
  if (startTime < now - ONE_MINUTE_DATA_MS) queries.push(active('costPerFiveMinutes', 300));
  return { startTime, endTime, queries };
}

export interface OperationInfo {
  id?: string;
  type?: string;
  status?: string;
  startedAt?: Date | number;
  endedAt?: Date | number;
}

function millis(value: Date | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : value.getTime();
}

/** Operations that overlap the window, oldest first, as marks for the time axis. */
export function deploymentMarks(operations: OperationInfo[], startTime: number, endTime: number): DeploymentMark[] {
  const marks: DeploymentMark[] = [];
  for (const op of operations) {
    const startedAt = millis(op.startedAt);
    if (startedAt === undefined || !op.id) continue;
    const endedAt = millis(op.endedAt);
    if (startedAt >= endTime || (endedAt ?? Infinity) < startTime) continue;
    marks.push({
      id: op.id,
      type: op.type ?? 'OPERATION',
      status: op.status ?? '',
      startedAt,
      ...(endedAt !== undefined ? { endedAt } : {}),
    });
  }
  return marks.sort((a, b) => a.startedAt - b.startedAt);
}

/** Puts the answer on the window's x axis (one x per period), null where there is no datapoint. */
export function shapeMetrics(
  range: MetricRange,
  request: MetricRequest,
  results: MetricResult[],
  extras: { operations: OperationInfo[]; scaling?: { min: number; max: number; name?: string }; fetchedAt: number },
): MetricsSnapshot {
  const periodSeconds = RANGE_SPECS[range].periodSeconds;
  const xs: number[] = [];
  for (let t = request.startTime; t < request.endTime; t += periodSeconds * 1000) xs.push(t / 1000);
  const first = xs[0] ?? 0;
  const aligned = (id: SeriesId, scale = 1): Array<number | null> => {
    const values: Array<number | null> = xs.map(() => null);
    const result = results.find((r) => r.id === id);
    result?.timestamps.forEach((ts, i) => {
      const index = Math.floor((ts / 1000 - first) / periodSeconds);
      const value = result.values[i];
      if (index >= 0 && index < values.length && Number.isFinite(value)) values[index] = value * scale;
    });
    return values;
  };
  const perMinute = 60 / periodSeconds;
  const constant = (value: number) => xs.map(() => value);
  const instanceSeries: ChartSeries[] = [{ label: 'Active instances', values: aligned('instances'), color: 'blue' }];
  if (extras.scaling) {
    instanceSeries.push(
      { label: `Min (${extras.scaling.min})`, values: constant(extras.scaling.min), color: 'foreground', dashed: true },
      { label: `Max (${extras.scaling.max})`, values: constant(extras.scaling.max), color: 'orange', dashed: true },
    );
  }
  const charts: ChartData[] = [
    { id: 'instances', title: 'Active instances', unit: 'instances', series: instanceSeries },
    {
      id: 'requests',
      title: 'Requests',
      unit: 'req/min',
      series: [
        { label: 'All', values: aligned('requests', perMinute), color: 'blue' },
        { label: '2xx', values: aligned('status2xx', perMinute), color: 'green' },
        { label: '4xx', values: aligned('status4xx', perMinute), color: 'yellow' },
        { label: '5xx', values: aligned('status5xx', perMinute), color: 'red' },
      ],
    },
    {
      id: 'latency',
      title: 'Request latency',
      unit: 'ms',
      series: [
        { label: 'Average', values: aligned('latencyAvg'), color: 'blue' },
        { label: 'p99', values: aligned('latencyP99'), color: 'purple' },
      ],
    },
    { id: 'cpu', title: 'CPU utilization', unit: '%', series: [{ label: 'Average', values: aligned('cpu'), color: 'green' }] },
    { id: 'memory', title: 'Memory utilization', unit: '%', series: [{ label: 'Average', values: aligned('memory'), color: 'purple' }] },
    {
      id: 'concurrency',
      title: 'Concurrency',
      unit: 'requests',
      series: [{ label: 'Average', values: aligned('concurrency'), color: 'orange' }],
    },
  ];
  return {
    range,
    periodSeconds,
    xs,
    charts,
    deployments: deploymentMarks(extras.operations, request.startTime, request.endTime),
    ...(extras.scaling ? { scaling: extras.scaling } : {}),
    fetchedAt: extras.fetchedAt,
  };
}
