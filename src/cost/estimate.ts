// What an App Runner service costs, from its configuration and its measured activity.
//
// App Runner's billing rule (AutoScalingConfiguration.MinSize in the API reference, and the
// pricing page): MinSize instances are always provisioned; memory is paid for every provisioned
// instance and vCPU only for the active ones; a deployment doubles the provisioned instances
// while it runs; a paused service has no compute; automatic deployments are a flat monthly fee;
// source-code services pay build minutes. Per minute, with A = ActiveInstances (Maximum):
//   memory × r_mem × max(MinSize, A) + vCPU × r_cpu × A   (each ÷ 60)
// Everything is counted in whole instance-seconds and multiplied by the rates once, so the
// figures are exact; rounding to the cent happens only when they are shown.
import { Amount, flat, hourly, parseRate, scale } from './money';
import type { ResolvedRates } from './rates';

export interface ServiceCostConfig {
  /** vCPU in thousandths: 0.25 vCPU = 250. */
  cpuMilli: number;
  /** Memory in thousandths of a GB: 0.5 GB = 500. */
  memoryMilliGb: number;
  minSize: number;
  automaticDeployments: boolean;
  source: 'image' | 'code';
  /** Epoch milliseconds; nothing is counted before the service existed. */
  createdAt?: number;
}

/** App Runner's Cpu ("1024", "1 vCPU", "0.25 vCPU") in thousandths of a vCPU. */
export function parseCpu(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? Math.round(n * 1000) : Math.round((n * 1000) / 1024);
}

/** App Runner's Memory ("2048", "2 GB", "0.5 GB") in thousandths of a GB. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? Math.round(n * 1000) : Math.round((n * 1000) / 1024);
}

/** ActiveInstances (statistic Maximum) as GetMetricData returns it. */
export interface ActivitySeries {
  periodSeconds: number;
  /** Start of each period, epoch milliseconds. */
  timestamps: number[];
  values: number[];
}

/** An App Runner operation from ListOperations. */
export interface CostOperation {
  type?: string;
  status?: string;
  /** Epoch milliseconds. */
  startedAt?: number;
  endedAt?: number;
}

export interface CostBreakdown {
  /** Memory of every provisioned instance (idle and active). */
  memory: Amount;
  /** vCPU of the active instances. */
  vcpu: Amount;
  /** The extra provisioned instances while a deployment runs (estimate). */
  deployments: Amount;
  /** The flat monthly fee, when automatic deployments are on. */
  automaticDeployments: Amount;
  /** Build minutes of a source-code service (estimate: the whole deployment counted as build). */
  build: Amount;
  total: Amount;
}

export interface CostBucket {
  /** Epoch milliseconds. */
  start: number;
  total: Amount;
}

export interface WindowEstimate {
  /** Without the monthly fee, which belongs to a month, not to a window. */
  breakdown: CostBreakdown;
  buckets: CostBucket[];
  /** Seconds the service existed and was not paused. */
  runningSeconds: number;
  pausedSeconds: number;
  /** Running minutes without an ActiveInstances datapoint (counted as MinSize idle instances). */
  minutesWithoutData: number;
  /** Running minutes whose value is the Maximum of a period longer than a minute (an upper bound). */
  coarseMinutes: number;
  deploymentMinutes: number;
  buildMinutes: number;
}

const MINUTE = 60_000;
/** The deployments that double the provisioned instances. */
const DEPLOYMENT_TYPES = new Set(['START_DEPLOYMENT', 'UPDATE_SERVICE']);
/** The operations that build a source-code service. */
const BUILD_TYPES = new Set(['CREATE_SERVICE', 'START_DEPLOYMENT', 'UPDATE_SERVICE']);

interface Interval {
  from: number;
  to: number;
}

function inAny(intervals: Interval[], from: number, to: number): boolean {
  return intervals.some((i) => i.from < to && i.to > from);
}

/**
 * Paused periods from the operations: from the end of a successful PAUSE_SERVICE to the end of
 * the next RESUME_SERVICE (capacity is back when the resume ends). A service paused now whose
 * pause is older than the listed operations is paused since before the first of them.
 */
export function pausedIntervals(operations: CostOperation[], pausedNow: boolean, end: number): Interval[] {
  const ops = operations
    .filter((o) => o.startedAt !== undefined && (o.type === 'PAUSE_SERVICE' || o.type === 'RESUME_SERVICE'))
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  const intervals: Interval[] = [];
  let pausedFrom: number | undefined;
  let first = true;
  for (const op of ops) {
    if (op.type === 'PAUSE_SERVICE' && op.status === 'SUCCEEDED') {
      pausedFrom ??= op.endedAt ?? op.startedAt ?? 0;
    } else if (op.type === 'RESUME_SERVICE' && op.status !== 'FAILED' && op.status !== 'ROLLBACK_SUCCEEDED') {
      const from = pausedFrom ?? (first ? -Infinity : undefined);
      if (from !== undefined) intervals.push({ from, to: op.endedAt ?? end });
      pausedFrom = undefined;
    }
    first = false;
  }
  if (pausedFrom !== undefined) intervals.push({ from: pausedFrom, to: Infinity });
  else if (pausedNow) {
    const newest = Math.max(-Infinity, ...operations.map((o) => o.endedAt ?? o.startedAt ?? -Infinity));
    intervals.push({ from: newest, to: Infinity });
  }
  return intervals;
}

function windows(operations: CostOperation[], types: Set<string>, end: number): Interval[] {
  return operations
    .filter((o) => o.type && types.has(o.type) && o.startedAt !== undefined)
    .map((o) => ({ from: o.startedAt as number, to: o.endedAt ?? end }));
}

interface Counters {
  idle: bigint;
  active: bigint;
  doubling: bigint;
  build: bigint;
}

function zero(): Counters {
  return { idle: 0n, active: 0n, doubling: 0n, build: 0n };
}

interface Rates {
  vcpu: bigint;
  memory: bigint;
  provisionedMemory: bigint;
  automaticDeployment: bigint;
  buildMinute: bigint;
}

function ratesOf(resolved: ResolvedRates): Rates {
  return {
    vcpu: parseRate(resolved.rates.vcpuHour),
    memory: parseRate(resolved.rates.memoryGbHour),
    provisionedMemory: parseRate(resolved.rates.provisionedMemoryGbHour),
    automaticDeployment: parseRate(resolved.rates.automaticDeploymentMonth),
    buildMinute: parseRate(resolved.rates.buildMinute),
  };
}

/** Counters (instance-seconds) → money. The monthly fee is added by the month estimate. */
function price(c: Counters, config: ServiceCostConfig, r: Rates): CostBreakdown {
  const cpu = BigInt(config.cpuMilli);
  const mem = BigInt(config.memoryMilliGb);
  const memory = hourly(r.provisionedMemory, mem, c.idle) + hourly(r.memory, mem, c.active);
  const vcpu = hourly(r.vcpu, cpu, c.active);
  const deployments = hourly(r.provisionedMemory, mem, c.doubling);
  // A rate per minute is 60 times the same rate per hour; one build counts as one unit (1000 milli).
  const build = hourly(r.buildMinute * 60n, 1000n, c.build);
  return { memory, vcpu, deployments, automaticDeployments: 0n, build, total: memory + vcpu + deployments + build };
}

export interface WindowInput {
  config: ServiceCostConfig;
  rates: ResolvedRates;
  /** One series, or several finest first: a minute takes its value from the finest series that has one. */
  activity: ActivitySeries | ActivitySeries[];
  operations: CostOperation[];
  /** Epoch milliseconds, whole minutes; start inclusive, end exclusive. */
  start: number;
  end: number;
  /** Whether the service is paused now (its status), for a pause older than the listed operations. */
  pausedNow?: boolean;
  /** Bucket length for the per-hour or per-day figures, in milliseconds (aligned to `start`). */
  bucketMs?: number;
}

/** The cost of every whole minute in [start, end). */
export function estimateWindow(input: WindowInput): WindowEstimate {
  const { config, activity } = input;
  const start = Math.floor(input.start / MINUTE) * MINUTE;
  const end = Math.floor(input.end / MINUTE) * MINUTE;
  const minutes = Math.max(0, (end - start) / MINUTE);
  // ActiveInstances per minute of the window; a period longer than a minute gives its Maximum to each of its minutes.
  const perMinute: Array<number | undefined> = new Array(minutes);
  const coarse: boolean[] = new Array(minutes).fill(false);
  const series = Array.isArray(activity) ? activity : [activity];
  const taken: boolean[] = new Array(minutes).fill(false);
  for (const s of series) {
    const filled: boolean[] = [];
    s.timestamps.forEach((t, i) => {
      const value = s.values[i];
      if (!Number.isFinite(value)) return;
      const from = Math.max(0, Math.floor((t - start) / MINUTE));
      const to = Math.min(minutes, Math.ceil((t + s.periodSeconds * 1000 - start) / MINUTE));
      for (let m = from; m < to; m++) {
        if (taken[m]) continue;
        perMinute[m] = Math.max(filled[m] ? (perMinute[m] ?? 0) : 0, Math.max(0, Math.round(value)));
        filled[m] = true;
        coarse[m] = s.periodSeconds > 60;
      }
    });
    filled.forEach((f, m) => (taken[m] ||= f));
  }
  const paused = pausedIntervals(input.operations, input.pausedNow ?? false, end);
  const deploying = windows(input.operations, DEPLOYMENT_TYPES, end);
  const building = config.source === 'code' ? windows(input.operations, BUILD_TYPES, end) : [];
  const bucketMs = input.bucketMs ?? 3_600_000;
  const bucketCounters: Counters[] = [];
  const total = zero();
  const minSize = Math.max(0, config.minSize);
  let runningSeconds = 0;
  let pausedSeconds = 0;
  let minutesWithoutData = 0;
  let coarseMinutes = 0;
  let deploymentMinutes = 0;
  let buildMinutes = 0;
  for (let m = 0; m < minutes; m++) {
    const from = start + m * MINUTE;
    const to = from + MINUTE;
    if (config.createdAt !== undefined && to <= config.createdAt) continue;
    if (inAny(paused, from, to)) {
      pausedSeconds += 60;
      continue;
    }
    runningSeconds += 60;
    const measured = perMinute[m];
    if (measured === undefined) minutesWithoutData++;
    else if (coarse[m]) coarseMinutes++;
    const active = measured ?? 0;
    const provisioned = Math.max(minSize, active);
    const b = Math.floor((from - start) / bucketMs);
    const bucket = (bucketCounters[b] ??= zero());
    const add = (key: keyof Counters, instanceSeconds: number) => {
      const v = BigInt(instanceSeconds);
      total[key] += v;
      bucket[key] += v;
    };
    add('idle', (provisioned - active) * 60);
    add('active', active * 60);
    if (inAny(deploying, from, to)) {
      deploymentMinutes++;
      add('doubling', provisioned * 60);
    }
    if (inAny(building, from, to)) {
      buildMinutes++;
      add('build', 60);
    }
  }
  const r = ratesOf(input.rates);
  const buckets: CostBucket[] = [];
  const bucketCount = Math.ceil((end - start) / bucketMs);
  for (let b = 0; b < bucketCount; b++) {
    buckets.push({ start: start + b * bucketMs, total: price(bucketCounters[b] ?? zero(), config, r).total });
  }
  return {
    breakdown: price(total, config, r),
    buckets,
    runningSeconds,
    pausedSeconds,
    minutesWithoutData,
    coarseMinutes,
    deploymentMinutes,
    buildMinutes,
  };
}

/** Start of the calendar month (UTC, as AWS bills) that `time` is in, and of the next one. */
export function monthBounds(time: number): { start: number; end: number } {
  const d = new Date(time);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

export interface MonthEstimate {
  monthStart: number;
  monthEnd: number;
  /** The end of the last whole minute counted. */
  countedUntil: number;
  soFar: CostBreakdown;
  projected: CostBreakdown;
  /** Average per hour and per day over the running time so far (compute, deployments, builds). */
  perHour: Amount;
  perDay: Amount;
  window: WindowEstimate;
}

function withFee(b: CostBreakdown, fee: Amount): CostBreakdown {
  return { ...b, automaticDeployments: fee, total: b.total + fee };
}

/**
 * This month so far, and the month projected: the rest of the month is assumed to look like the
 * running time so far (nothing more if the service is paused now). The automatic deployments
 * fee is counted whole in both.
 */
export function estimateMonth(input: Omit<WindowInput, 'start' | 'end' | 'bucketMs'> & { now: number }): MonthEstimate {
  const { start, end } = monthBounds(input.now);
  const countedUntil = Math.floor(input.now / MINUTE) * MINUTE;
  const window = estimateWindow({ ...input, start, end: countedUntil, bucketMs: 86_400_000 });
  const r = ratesOf(input.rates);
  const fee = input.config.automaticDeployments ? flat(r.automaticDeployment) : 0n;
  const restSeconds = BigInt(Math.max(0, (end - countedUntil) / 1000));
  const running = BigInt(window.runningSeconds);
  const b = window.breakdown;
  let rest: CostBreakdown;
  if (input.pausedNow) {
    rest = { memory: 0n, vcpu: 0n, deployments: 0n, automaticDeployments: 0n, build: 0n, total: 0n };
  } else if (running === 0n) {
    // Nothing measured yet: MinSize idle instances for the rest of the month.
    rest = price({ idle: BigInt(Math.max(0, input.config.minSize)) * restSeconds, active: 0n, doubling: 0n, build: 0n }, input.config, r);
  } else {
    const part = (a: Amount) => scale(a, restSeconds, running);
    rest = {
      memory: part(b.memory),
      vcpu: part(b.vcpu),
      deployments: part(b.deployments),
      automaticDeployments: 0n,
      build: part(b.build),
      total: 0n,
    };
    rest.total = rest.memory + rest.vcpu + rest.deployments + rest.build;
  }
  const projected: CostBreakdown = {
    memory: b.memory + rest.memory,
    vcpu: b.vcpu + rest.vcpu,
    deployments: b.deployments + rest.deployments,
    automaticDeployments: fee,
    build: b.build + rest.build,
    total: b.total + rest.total + fee,
  };
  return {
    monthStart: start,
    monthEnd: end,
    countedUntil,
    soFar: withFee(b, fee),
    projected,
    perHour: scale(b.total, 3600n, running),
    perDay: scale(b.total, 86_400n, running),
    window,
  };
}

/** An activity pattern for a "what if": how long the service runs and how busy it is. */
export interface ActivityPattern {
  /** Length of the period, in hours (a 730-hour month in AWS's examples). */
  hours: number;
  /** Hours a day with active instances (0-24). */
  activeHoursPerDay: number;
  /** Active instances during those hours. */
  activeInstances: number;
  /** Share of the period the service is paused (0-1). */
  pausedShare?: number;
}

/** The cost of a pattern over its period, with the monthly fee when automatic deployments are on. */
export function estimatePattern(config: ServiceCostConfig, rates: ResolvedRates, pattern: ActivityPattern): CostBreakdown {
  const running = Math.round(pattern.hours * 3600 * (1 - Math.min(1, Math.max(0, pattern.pausedShare ?? 0))));
  const activeWindow = Math.round((running * Math.min(24, Math.max(0, pattern.activeHoursPerDay))) / 24);
  const active = Math.max(0, Math.round(pattern.activeInstances));
  const minSize = Math.max(0, config.minSize);
  const provisionedWhileActive = Math.max(minSize, active);
  const counters: Counters = {
    idle: BigInt((provisionedWhileActive - active) * activeWindow + minSize * (running - activeWindow)),
    active: BigInt(active * activeWindow),
    doubling: 0n,
    build: 0n,
  };
  const r = ratesOf(rates);
  return withFee(price(counters, config, r), config.automaticDeployments ? flat(r.automaticDeployment) : 0n);
}
