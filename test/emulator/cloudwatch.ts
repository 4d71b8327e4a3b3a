// Emulated CloudWatch metrics (awsJson1_0 with awsQuery-compatible errors, as the current
// @aws-sdk/client-cloudwatch speaks it; target prefix GraniteServiceVersion20100801.).
// GetMetricData answers MetricStat queries for the AWS/AppRunner service metrics from a
// deterministic synthetic traffic model per service, seeded by the service id, and for
// custom namespaces from what PutMetricData stored. Metric math (Expression) is refused
// with InvalidParameterValue. Legacy awsQuery (form-encoded) clients are not supported.
//
// The model, one sample per metric per minute while the service exists:
//   Requests = 2xxStatusResponses + 4xxStatusResponses + 5xxStatusResponses (whole numbers,
//   daily cycle, noise, rare 15-minute spikes and 10-minute 5xx incidents);
//   RequestLatency (ms) has Requests samples per minute from a shifted exponential
//   distribution (so percentiles are exact for the model); Concurrency = requests/s x mean
//   latency; ActiveInstances = ceil(Concurrency / MaxConcurrency) clamped to [MinSize, MaxSize];
//   CPUUtilization and MemoryUtilization (percent) follow the load per instance.
// Service state comes from the bus (service-created, operation-ended, service-deleted). As on
// AWS, no datapoint is stored where nothing was emitted: before CREATE_SERVICE succeeds, while
// PAUSED, after a failed creation or deletion there is no data (a gap, not zeros), and a running
// minute without requests has no request metrics (Requests, status counts, RequestLatency,
// Concurrency). A minute becomes readable `publishDelayMs` after it ended (App Runner's metrics
// arrive a minute or more late).
//
// Control route (POST /_emulator/monitoring/config): { publishDelayMs? } -> the current config.
//
// Seed (the `monitoring` key): { "services": [ { "serviceName": "...", "serviceId": "...",
//   "account"?: "...", "region"?: "...", "states"?: [ { "ageMs": 604800000, "state": "RUNNING" } ] } ] }
// `states` is the service's history, oldest first (state RUNNING | PAUSED | STARTING | FAILED |
// DELETED, starting ageMs before the seed time); the default is RUNNING for the last 7 days.
import type { EmulatorBus, ServiceRef } from './bus';
import { RequestContext, ServiceError, ServiceModule } from './types';

/** What the App Runner side knows about a service, for metrics. */
export interface MetricsServiceInfo {
  /** Auto scaling bounds (App Runner defaults: 1, 25, 100). */
  minSize?: number;
  maxSize?: number;
  maxConcurrency?: number;
  /** App Runner status; used only for services the bus never announced (e.g. seeded ones). */
  status?: string;
  /** Epoch milliseconds; with `status`, when the service's data starts (default: 7 days ago). */
  createdAt?: number;
  /** A known daily ActiveInstances pattern (seeded) instead of the traffic model's. */
  activity?: { fromHourUtc: number; hours: number; instances: number };
}

/** How long after a minute ends its App Runner datapoints become readable, unless configured. */
const DEFAULT_PUBLISH_DELAY_MS = 60_000;

export interface CloudWatchModuleOptions {
  bus: EmulatorBus;
  publishDelayMs?: number;
  /** Looks a service up on the App Runner side (auto scaling bounds, status). */
  services?: (ref: ServiceRef) => MetricsServiceInfo | undefined;
}

type ServiceState = 'STARTING' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'DELETED';

interface StateChange {
  from: number;
  state: ServiceState;
}

interface TrackedService {
  serviceName: string;
  /** Ordered by `from`. */
  history: StateChange[];
}

/** The samples of one metric in one minute. */
interface MinuteSample {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Exact samples as (value, weight), when known. */
  values?: Array<[number, number]>;
  /** Fraction of the samples <= v, for a continuous distribution. */
  cdf?: (v: number) => number;
}

interface Datapoints {
  timestamps: number[];
  values: number[];
}

/** The samples of one metric in a given minute (epoch minutes); undefined = no data. */
type MinuteSource = (minute: number) => MinuteSample | undefined;

interface QueryPlan {
  id: string;
  label: string;
  returnData: boolean;
  period: number;
  stat: string;
  /** Undefined when no such metric exists: the result has no datapoints, as on AWS. */
  source?: MinuteSource;
  /** Whether CloudWatch's retention by resolution applies (synthetic App Runner data). */
  retention: boolean;
}

const APP_RUNNER_NAMESPACE = 'AWS/AppRunner';
const APP_RUNNER_METRICS = new Set([
  'Requests',
  '2xxStatusResponses',
  '4xxStatusResponses',
  '5xxStatusResponses',
  'RequestLatency',
  'ActiveInstances',
  'CPUUtilization',
  'MemoryUtilization',
  'Concurrency',
]);
const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const DAY_S = 86_400;
const SEVEN_DAYS_MS = 7 * DAY_S * 1000;
const DEFAULT_MAX_DATAPOINTS = 100_800;
/** Bounds the work of one GetMetricData call (minutes x queries). */
const MAX_MINUTES_PER_REQUEST = 3_000_000;
const STATES: readonly ServiceState[] = ['STARTING', 'RUNNING', 'PAUSED', 'FAILED', 'DELETED'];

function invalidValue(message: string): ServiceError {
  return new ServiceError('InvalidParameterValueException', message, 400, 'InvalidParameterValue');
}

function missingParameter(name: string): ServiceError {
  return new ServiceError('MissingRequiredParameterException', `The parameter ${name} is required.`, 400, 'MissingParameter');
}

/**
 * GetMetricData's model declares only InvalidNextToken: its bad input is AWS's common validation error
 * (query code ValidationError), not PutMetricData's InvalidParameterValue.
 */
function asValidationError(e: unknown): unknown {
  const input = e instanceof ServiceError && ['InvalidParameterValueException', 'MissingRequiredParameterException'].includes(e.code);
  return input ? new ServiceError('ValidationException', e.message, 400, 'ValidationError') : e;
}

function badSeed(message: string): ServiceError {
  return new ServiceError('InvalidSeed', `monitoring seed: ${message}`);
}

function invalidToken(): ServiceError {
  return new ServiceError('InvalidNextToken', 'The service couldn\u2019t process the NextToken.', 400, 'InvalidNextToken');
}

/** FNV-1a, 32 bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic noise in [0, 1) for (seed, step, salt). */
function noise(seed: number, step: number, salt: number): number {
  let x = (seed ^ Math.imul(step | 0, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4_294_967_296;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function single(value: number): MinuteSample {
  return { count: 1, sum: value, min: value, max: value, values: [[value, 1]] };
}

interface TrafficProfile {
  seed: number;
  baseRps: number;
  latencyFloorMs: number;
  latencyScaleMs: number;
  clientErrorRate: number;
  serverErrorRate: number;
  memoryBase: number;
  phase: number;
}

function profileFor(serviceId: string): TrafficProfile {
  const seed = hash32(serviceId);
  const u = (salt: number) => noise(seed, 0, salt);
  return {
    seed,
    // Most services are small, a few are large enough to scale out.
    baseRps: 0.5 + 400 * u(1) ** 3,
    latencyFloorMs: 10 + 40 * u(2),
    latencyScaleMs: 15 + 100 * u(3),
    clientErrorRate: 0.01 + 0.04 * u(4),
    serverErrorRate: 0.001 + 0.009 * u(5),
    memoryBase: 20 + 30 * u(6),
    phase: 2 * Math.PI * u(7),
  };
}

interface Sizing {
  minSize: number;
  maxSize: number;
  maxConcurrency: number;
}

/** The model's numbers for one running minute. */
interface MinuteTraffic {
  requests: number;
  n4xx: number;
  n5xx: number;
  latencyFloorMs: number;
  latencyScaleMs: number;
  concurrency: number;
  instances: number;
  cpuPercent: number;
  memoryPercent: number;
}

function minuteTraffic(profile: TrafficProfile, minute: number, sizing: Sizing): MinuteTraffic {
  const { seed } = profile;
  const daily = 1 + 0.6 * Math.sin((2 * Math.PI * (minute % 1440)) / 1440 + profile.phase);
  const wobble = 0.85 + 0.3 * noise(seed, minute, 11);
  const spike = noise(seed, Math.floor(minute / 15), 12) > 0.97;
  const incident = noise(seed, Math.floor(minute / 10), 13) > 0.96;
  const requests = Math.round(profile.baseRps * 60 * daily * wobble * (spike ? 2.5 : 1));
  const n5xx = Math.round(requests * (incident ? 0.15 : profile.serverErrorRate * (0.5 + noise(seed, minute, 14))));
  const n4xx = Math.min(requests - n5xx, Math.round(requests * profile.clientErrorRate * (0.5 + noise(seed, minute, 15))));
  const slowdown = (incident ? 3 : 1) * (spike ? 1.5 : 1);
  const latencyFloorMs = profile.latencyFloorMs * slowdown * (0.9 + 0.2 * noise(seed, minute, 18));
  const latencyScaleMs = profile.latencyScaleMs * slowdown * (0.8 + 0.4 * noise(seed, minute, 19));
  // Little's law: requests in flight = arrival rate x mean time in the system.
  const concurrency = (requests / 60) * ((latencyFloorMs + latencyScaleMs) / 1000);
  const instances = clamp(Math.ceil(concurrency / sizing.maxConcurrency), sizing.minSize, sizing.maxSize);
  const load = concurrency / (instances * sizing.maxConcurrency);
  return {
    requests,
    n4xx,
    n5xx,
    latencyFloorMs,
    latencyScaleMs,
    concurrency,
    instances,
    cpuPercent: clamp(2 + 600 * load + 5 * noise(seed, minute, 16), 0, 100),
    memoryPercent: clamp(profile.memoryBase + 200 * load + 3 * noise(seed, minute, 17), 0, 100),
  };
}

/** Metrics App Runner emits only for minutes that had requests. */
const REQUEST_METRICS = new Set([
  'Requests',
  '2xxStatusResponses',
  '4xxStatusResponses',
  '5xxStatusResponses',
  'RequestLatency',
  'Concurrency',
]);

/** One App Runner metric of one running minute; undefined where App Runner emits nothing. */
function metricSample(metricName: string, traffic: MinuteTraffic): MinuteSample | undefined {
  const { requests, latencyFloorMs: floor, latencyScaleMs: scale } = traffic;
  if (requests === 0 && REQUEST_METRICS.has(metricName)) return undefined;
  switch (metricName) {
    case 'Requests':
      return single(requests);
    case '2xxStatusResponses':
      return single(requests - traffic.n4xx - traffic.n5xx);
    case '4xxStatusResponses':
      return single(traffic.n4xx);
    case '5xxStatusResponses':
      return single(traffic.n5xx);
    case 'RequestLatency':
      // Shifted exponential: quantile(p) = floor + scale * -ln(1 - p); min/max of `requests` draws.
      return {
        count: requests,
        sum: requests * (floor + scale),
        min: floor + scale * -Math.log(1 - 0.5 / requests),
        max: floor + scale * -Math.log(0.5 / requests),
        cdf: (v) => (v <= floor ? 0 : 1 - Math.exp(-(v - floor) / scale)),
      };
    case 'Concurrency':
      return single(traffic.concurrency);
    case 'ActiveInstances':
      return single(traffic.instances);
    case 'CPUUtilization':
      return single(traffic.cpuPercent);
    default:
      return single(traffic.memoryPercent);
  }
}

/** One statistic over the samples of a period; undefined when the statistic can't be computed. */
function aggregate(samples: MinuteSample[], stat: string): number | undefined {
  const count = samples.reduce((n, s) => n + s.count, 0);
  const sum = samples.reduce((n, s) => n + s.sum, 0);
  const min = Math.min(...samples.map((s) => s.min));
  const max = Math.max(...samples.map((s) => s.max));
  switch (stat) {
    case 'SampleCount':
      return count;
    case 'Sum':
      return sum;
    case 'Average':
      return count > 0 ? sum / count : undefined;
    case 'Minimum':
      return min;
    case 'Maximum':
      return max;
  }
  return percentile(samples, Number(stat.slice(1)) / 100, count, min, max);
}

function percentile(samples: MinuteSample[], p: number, count: number, min: number, max: number): number | undefined {
  if (samples.every((s) => s.values)) {
    // Nearest rank over the exact samples.
    const all = samples.flatMap((s) => s.values ?? []).sort((a, b) => a[0] - b[0]);
    const target = p * count;
    let seen = 0;
    for (const [value, weight] of all) {
      seen += weight;
      if (seen >= target) return value;
    }
    return max;
  }
  if (!samples.every((s) => s.values || s.cdf)) return undefined;
  // Mixture of distributions: bisect for the value below which a fraction p of samples lies.
  const below = (v: number) =>
    samples.reduce(
      (n, s) => n + (s.cdf ? s.count * s.cdf(v) : (s.values ?? []).reduce((w, [value, weight]) => w + (value <= v ? weight : 0), 0)),
      0,
    );
  let lo = min;
  let hi = max;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (below(mid) >= p * count) hi = mid;
    else lo = mid;
  }
  return clamp(hi, min, max);
}

function isStat(stat: unknown): stat is string {
  return (
    typeof stat === 'string' && (/^(SampleCount|Sum|Average|Minimum|Maximum)$/.test(stat) || /^p(\d{1,2}(\.\d{1,10})?|100)$/.test(stat))
  );
}

function serviceKey(account: string, region: string, serviceId: string): string {
  return `${account}|${region}|${serviceId}`;
}

function seriesKey(namespace: string, metricName: string, dimensions: Array<{ Name: string; Value: string }>): string {
  const dims = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => `${d.Name}=${d.Value}`);
  return JSON.stringify([namespace, metricName, dims]);
}

function stateFromStatus(status: string | undefined): ServiceState {
  switch (status) {
    case 'PAUSED':
      return 'PAUSED';
    case 'CREATE_FAILED':
      return 'FAILED';
    case 'DELETED':
      return 'DELETED';
    default:
      return 'RUNNING';
  }
}

export function createCloudWatchModule(opts: CloudWatchModuleOptions): ServiceModule {
  const tracked = new Map<string, TrackedService>();
  const config = { publishDelayMs: opts.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS };
  /** PutMetricData samples: series key -> minute -> samples. */
  const custom = new Map<string, Map<number, MinuteSample[]>>();

  function changeState(ref: ServiceRef, at: number, state: ServiceState): void {
    const service = tracked.get(serviceKey(ref.account, ref.region, ref.serviceId));
    if (!service) return;
    // Seeded services announce their past operations, not necessarily in time order.
    const history = service.history;
    const before = history.filter((c) => c.from <= at).pop();
    if (before?.state === state && history[history.length - 1].from <= at) return;
    history.push({ from: at, state });
    history.sort((a, b) => a.from - b.from);
  }

  opts.bus.on('service-created', (e) => {
    tracked.set(serviceKey(e.account, e.region, e.serviceId), { serviceName: e.serviceName, history: [{ from: e.at, state: 'STARTING' }] });
  });
  opts.bus.on('service-deleted', (e) => changeState(e, e.at, 'DELETED'));
  opts.bus.on('operation-ended', (e) => {
    if (e.status === 'SUCCEEDED') {
      if (e.type === 'PAUSE_SERVICE') changeState(e, e.at, 'PAUSED');
      else if (e.type === 'DELETE_SERVICE') changeState(e, e.at, 'DELETED');
      else changeState(e, e.at, 'RUNNING');
    } else if (e.type === 'CREATE_SERVICE') {
      changeState(e, e.at, 'FAILED');
    }
  });

  /** The service's history: from the bus, else from the App Runner lookup; undefined = unknown. */
  function historyOf(ref: ServiceRef, now: number): StateChange[] | undefined {
    const service = tracked.get(serviceKey(ref.account, ref.region, ref.serviceId));
    if (service) return service.serviceName === ref.serviceName ? service.history : undefined;
    const info = opts.services?.(ref);
    if (!info) return undefined;
    return [{ from: info.createdAt ?? now - SEVEN_DAYS_MS, state: stateFromStatus(info.status) }];
  }

  function stateAt(history: StateChange[], atMs: number): ServiceState | undefined {
    let state: ServiceState | undefined;
    for (const change of history) {
      if (change.from > atMs) break;
      state = change.state;
    }
    return state;
  }

  function sizingOf(ref: ServiceRef): Sizing {
    const info = opts.services?.(ref);
    const minSize = info?.minSize ?? 1;
    return { minSize, maxSize: Math.max(minSize, info?.maxSize ?? 25), maxConcurrency: info?.maxConcurrency ?? 100 };
  }

  function appRunnerSource(
    ctx: RequestContext,
    metricName: string,
    dimensions: Array<{ Name: string; Value: string }>,
  ): MinuteSource | undefined {
    const serviceName = dimensions.find((d) => d.Name === 'ServiceName')?.Value;
    const serviceId = dimensions.find((d) => d.Name === 'ServiceID')?.Value;
    if (dimensions.length !== 2 || serviceName === undefined || serviceId === undefined) return undefined;
    const ref: ServiceRef = { account: ctx.account, region: ctx.region, serviceName, serviceId };
    const history = historyOf(ref, ctx.now);
    if (!history) return undefined;
    const profile = profileFor(serviceId);
    const sizing = sizingOf(ref);
    const activity = metricName === 'ActiveInstances' ? opts.services?.(ref)?.activity : undefined;
    return (minute) => {
      // CloudWatch shows a minute some time after it is over.
      if ((minute + 1) * 60_000 + config.publishDelayMs > ctx.now) return undefined;
      // Nothing runs, nothing is emitted: a gap.
      if (stateAt(history, minute * 60_000) !== 'RUNNING') return undefined;
      if (activity) {
        const hourOfDay = Math.floor((minute % 1440) / 60);
        const active = (hourOfDay - activity.fromHourUtc + 24) % 24 < activity.hours;
        return single(active ? activity.instances : 0);
      }
      return metricSample(metricName, minuteTraffic(profile, minute, sizing));
    };
  }

  function customSource(
    namespace: string,
    metricName: string,
    dimensions: Array<{ Name: string; Value: string }>,
  ): MinuteSource | undefined {
    const series = custom.get(seriesKey(namespace, metricName, dimensions));
    if (!series) return undefined;
    return (minute) => {
      const samples = series.get(minute);
      if (!samples) return undefined;
      return {
        count: samples.reduce((n, s) => n + s.count, 0),
        sum: samples.reduce((n, s) => n + s.sum, 0),
        min: Math.min(...samples.map((s) => s.min)),
        max: Math.max(...samples.map((s) => s.max)),
        values: samples.every((s) => s.values) ? samples.flatMap((s) => s.values ?? []) : undefined,
      };
    };
  }

  function dimensionsOf(value: unknown, where: string): Array<{ Name: string; Value: string }> {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.length > 30)
      throw invalidValue(`The parameter ${where}.Dimensions must be a list of at most 30 dimensions.`);
    return value.map((d: any, i: number) => {
      if (typeof d?.Name !== 'string' || typeof d?.Value !== 'string' || d.Name === '') {
        throw invalidValue(`The parameter ${where}.Dimensions.member.${i + 1} needs a Name and a Value.`);
      }
      return { Name: d.Name, Value: d.Value };
    });
  }

  function epochSeconds(value: unknown, name: string): number {
    if (value === undefined || value === null) throw missingParameter(name);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidValue(`The parameter ${name} must be a timestamp.`);
    return value;
  }

  function getMetricData(input: any, ctx: RequestContext): unknown {
    const queries = input.MetricDataQueries;
    if (queries === undefined || queries === null) throw missingParameter('MetricDataQueries');
    if (!Array.isArray(queries) || queries.length < 1 || queries.length > 500) {
      throw invalidValue('The collection MetricDataQueries must have between 1 and 500 members.');
    }
    const startS = epochSeconds(input.StartTime, 'StartTime');
    const endS = epochSeconds(input.EndTime, 'EndTime');
    if (startS >= endS) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
    const scanBy = input.ScanBy ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
      throw invalidValue(`The value ${String(scanBy)} for parameter ScanBy is invalid.`);
    }
    const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
    if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1)
      throw invalidValue('The parameter MaxDatapoints must be a positive integer.');
    let offset = 0;
    if (input.NextToken !== undefined) {
      const m = typeof input.NextToken === 'string' ? /^dp-(\d+)$/.exec(input.NextToken) : null;
      if (!m) throw invalidToken();
      offset = Number(m[1]);
    }

    // StartTime is rounded down by the data's age: to the minute, 5 minutes or hour.
    const nowS = ctx.now / 1000;
    const age = nowS - startS;
    const alignment = age <= 15 * DAY_S ? 60 : age <= 63 * DAY_S ? 300 : 3600;
    const alignedStartS = Math.floor(startS / alignment) * alignment;

    const ids = new Set<string>();
    const plans: QueryPlan[] = queries.map((q: any, index: number): QueryPlan => {
      const where = `MetricDataQueries.member.${index + 1}`;
      if (typeof q?.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]{0,254}$/.test(q.Id)) {
        throw invalidValue(
          `The value ${String(q?.Id)} for parameter ${where}.Id is invalid: it must start with a lowercase letter and contain only letters, digits and _.`,
        );
      }
      if (ids.has(q.Id)) throw invalidValue(`The value ${q.Id} for parameter ${where}.Id is not unique.`);
      ids.add(q.Id);
      if (q.Expression !== undefined) {
        throw invalidValue(`The emulator does not support metric math: ${where}.Expression. Use MetricStat queries.`);
      }
      const stat = q.MetricStat;
      if (stat === undefined) throw missingParameter(`${where}.MetricStat`);
      const metric = stat.Metric;
      if (typeof metric?.Namespace !== 'string' || metric.Namespace === '') throw missingParameter(`${where}.MetricStat.Metric.Namespace`);
      if (typeof metric.MetricName !== 'string' || metric.MetricName === '')
        throw missingParameter(`${where}.MetricStat.Metric.MetricName`);
      const dimensions = dimensionsOf(metric.Dimensions, `${where}.MetricStat.Metric`);
      if (stat.Period === undefined) throw missingParameter(`${where}.MetricStat.Period`);
      if (!Number.isInteger(stat.Period) || stat.Period < 60 || stat.Period % 60 !== 0) {
        throw invalidValue(`The parameter ${where}.MetricStat.Period must be a multiple of 60 (the emulator has 1-minute data only).`);
      }
      if (stat.Stat === undefined) throw missingParameter(`${where}.MetricStat.Stat`);
      if (!isStat(stat.Stat)) {
        throw invalidValue(
          `The value ${String(stat.Stat)} for parameter ${where}.MetricStat.Stat is invalid (the emulator supports SampleCount, Sum, Average, Minimum, Maximum and pNN).`,
        );
      }
      const source =
        metric.Namespace === APP_RUNNER_NAMESPACE
          ? APP_RUNNER_METRICS.has(metric.MetricName)
            ? appRunnerSource(ctx, metric.MetricName, dimensions)
            : undefined
          : customSource(metric.Namespace, metric.MetricName, dimensions);
      return {
        id: q.Id,
        label: typeof q.Label === 'string' ? q.Label : metric.MetricName,
        returnData: q.ReturnData !== false,
        period: stat.Period,
        stat: stat.Stat,
        source,
        retention: metric.Namespace === APP_RUNNER_NAMESPACE,
      };
    });
    const work = plans.reduce((n, p) => n + (p.source ? (endS - alignedStartS) / 60 : 0), 0);
    if (work > MAX_MINUTES_PER_REQUEST) {
      throw invalidValue(`The emulator computes at most ${MAX_MINUTES_PER_REQUEST} metric-minutes per request; narrow StartTime..EndTime.`);
    }

    const series = plans
      .filter((p) => p.returnData)
      .map((p) => {
        const points: Datapoints = { timestamps: [], values: [] };
        if (p.source) {
          for (let bucketS = alignedStartS; bucketS < endS; bucketS += p.period) {
            if (p.retention && !retained(nowS - bucketS, p.period)) continue;
            const samples: MinuteSample[] = [];
            for (let minuteS = bucketS; minuteS < Math.min(bucketS + p.period, endS); minuteS += 60) {
              const sample = p.source(Math.floor(minuteS / 60));
              if (sample) samples.push(sample);
            }
            const value = samples.length > 0 ? aggregate(samples, p.stat) : undefined;
            if (value !== undefined) {
              points.timestamps.push(bucketS);
              points.values.push(value);
            }
          }
        }
        if (scanBy === 'TimestampDescending') {
          points.timestamps.reverse();
          points.values.reverse();
        }
        return { id: p.id, label: p.label, points };
      });

    // Pages cut the concatenation of all results' datapoints after MaxDatapoints.
    let skip = offset;
    let room = maxDatapoints;
    const total = series.reduce((n, s) => n + s.points.values.length, 0);
    const results = series.map((s) => {
      const from = Math.min(skip, s.points.values.length);
      skip -= from;
      const to = from + Math.min(room, s.points.values.length - from);
      room -= to - from;
      return {
        Id: s.id,
        Label: s.label,
        Timestamps: s.points.timestamps.slice(from, to),
        Values: s.points.values.slice(from, to),
        StatusCode: to < s.points.values.length ? 'PartialData' : 'Complete',
      };
    });
    const next = offset + maxDatapoints;
    return { MetricDataResults: results, Messages: [], NextToken: next < total ? `dp-${next}` : undefined };
  }

  /** CloudWatch keeps 1-minute data 15 days, 5-minute data 63 days, hourly data 455 days. */
  function retained(ageS: number, periodS: number): boolean {
    if (ageS > 455 * DAY_S) return false;
    if (ageS > 63 * DAY_S) return periodS >= 3600;
    if (ageS > 15 * DAY_S) return periodS >= 300;
    return true;
  }

  function putMetricData(input: any, ctx: RequestContext): unknown {
    const namespace = input.Namespace;
    if (namespace === undefined) throw missingParameter('Namespace');
    if (typeof namespace !== 'string' || namespace === '' || namespace.startsWith('AWS/')) {
      throw invalidValue(`The value ${String(namespace)} for parameter Namespace is invalid.`);
    }
    const data = input.MetricData;
    if (data === undefined) throw missingParameter('MetricData');
    if (!Array.isArray(data) || data.length < 1 || data.length > 1000)
      throw invalidValue('The collection MetricData must have between 1 and 1000 members.');
    data.forEach((d: any, index: number) => {
      const where = `MetricData.member.${index + 1}`;
      if (typeof d?.MetricName !== 'string' || d.MetricName === '') throw missingParameter(`${where}.MetricName`);
      const dimensions = dimensionsOf(d.Dimensions, where);
      const atS = d.Timestamp === undefined ? ctx.now / 1000 : epochSeconds(d.Timestamp, `${where}.Timestamp`);
      let sample: MinuteSample;
      if (typeof d.Value === 'number') {
        sample = single(d.Value);
      } else if (Array.isArray(d.Values) && d.Values.length > 0) {
        const counts: number[] = Array.isArray(d.Counts) ? d.Counts : d.Values.map(() => 1);
        if (counts.length !== d.Values.length)
          throw invalidValue(`The parameters ${where}.Values and ${where}.Counts must have the same length.`);
        const values: Array<[number, number]> = d.Values.map((v: number, i: number) => [v, counts[i]]);
        sample = {
          count: counts.reduce((a, b) => a + b, 0),
          sum: values.reduce((n, [v, c]) => n + v * c, 0),
          min: Math.min(...d.Values),
          max: Math.max(...d.Values),
          values,
        };
      } else if (d.StatisticValues) {
        const s = d.StatisticValues;
        if (![s.SampleCount, s.Sum, s.Minimum, s.Maximum].every((v) => typeof v === 'number')) {
          throw missingParameter(`${where}.StatisticValues (SampleCount, Sum, Minimum, Maximum)`);
        }
        sample = { count: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum };
      } else {
        throw missingParameter(`${where}.Value`);
      }
      const key = seriesKey(namespace, d.MetricName, dimensions);
      const series = custom.get(key) ?? new Map<number, MinuteSample[]>();
      custom.set(key, series);
      const minute = Math.floor(atS / 60);
      series.set(minute, [...(series.get(minute) ?? []), sample]);
    });
    return {};
  }

  function loadSeed(data: unknown, now: number): void {
    const services = (data as { services?: unknown })?.services;
    if (!Array.isArray(services)) throw badSeed('expected { services: [...] }');
    for (const s of services) {
      if (typeof s?.serviceName !== 'string' || typeof s?.serviceId !== 'string') {
        throw badSeed('every service needs serviceName and serviceId');
      }
      const states: Array<{ ageMs?: unknown; state?: unknown }> = s.states ?? [{ ageMs: SEVEN_DAYS_MS, state: 'RUNNING' }];
      const history = states.map((c) => {
        if (!STATES.includes(c.state as ServiceState) || typeof c.ageMs !== 'number') {
          throw badSeed(`bad state change ${JSON.stringify(c)} for ${s.serviceName}`);
        }
        return { from: now - c.ageMs, state: c.state as ServiceState };
      });
      history.sort((a, b) => a.from - b.from);
      tracked.set(serviceKey(s.account ?? DEFAULT_ACCOUNT, s.region ?? DEFAULT_REGION, s.serviceId), {
        serviceName: s.serviceName,
        history,
      });
    }
  }

  return {
    name: 'monitoring',
    targetPrefix: 'GraniteServiceVersion20100801.',
    signingName: 'monitoring',
    protocol: 'awsJson1_0',
    handle(input: any, ctx: RequestContext) {
      switch (ctx.operation) {
        case 'GetMetricData':
          try {
            return { body: getMetricData(input, ctx) };
          } catch (e) {
            throw asValidationError(e);
          }
        case 'PutMetricData':
          return { body: putMetricData(input, ctx) };
        default:
          throw new ServiceError(
            'UnknownOperationException',
            `The emulator does not implement CloudWatch ${ctx.operation}`,
            400,
            'InvalidAction',
          );
      }
    },
    reset() {
      tracked.clear();
      custom.clear();
      config.publishDelayMs = opts.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS;
    },
    control(path: string, body: any) {
      if (path !== 'config') return undefined;
      if (body?.publishDelayMs !== undefined) {
        const value = Number(body.publishDelayMs);
        if (!(Number.isInteger(value) && value >= 0))
          throw new ServiceError('InvalidControlRequest', 'monitoring control: publishDelayMs must be an integer >= 0');
        config.publishDelayMs = value;
      }
      return { ...config };
    },
    seed: loadSeed,
  };
}
