// The monitor's Cost view, computed in the host from the same refresh as the charts: the
// service's configuration (DescribeService, read with the auto scaling bounds), the
// ActiveInstances series of the one GetMetricData request, the operations, and the rates.
// Figures leave here as text rounded to the cent (and dollars as numbers for the bars only).
import type { Service } from '../aws/types';
import {
  ActivitySeries,
  CostBreakdown,
  CostOperation,
  estimateMonth,
  estimatePattern,
  estimateWindow,
  monthBounds,
  parseCpu,
  parseMemory,
  ServiceCostConfig,
} from '../cost/estimate';
import { Amount, formatDollars, formatRate, parseRate, scale, toNumber } from '../cost/money';
import { RATE_KEYS, RateKey, ResolvedRates } from '../cost/rates';
import { MetricRequest, MetricResult, RANGE_SPECS } from './metrics';
import type { CostFigure, CostView, MetricRange, WhatIfInput, WhatIfResult } from './protocol';

export interface CostService {
  config: ServiceCostConfig;
  pausedNow: boolean;
}

/** The cost-relevant part of DescribeService; undefined when Cpu or Memory cannot be read. */
export function costServiceOf(service: Service, minSize: number | undefined): CostService | undefined {
  const cpuMilli = parseCpu(service.InstanceConfiguration?.Cpu ?? '');
  const memoryMilliGb = parseMemory(service.InstanceConfiguration?.Memory ?? '');
  if (cpuMilli === undefined || memoryMilliGb === undefined) return undefined;
  return {
    config: {
      cpuMilli,
      memoryMilliGb,
      minSize: minSize ?? 1,
      automaticDeployments: service.SourceConfiguration?.AutoDeploymentsEnabled === true,
      source: service.SourceConfiguration?.CodeRepository ? 'code' : 'image',
      ...(service.CreatedAt ? { createdAt: new Date(service.CreatedAt).getTime() } : {}),
    },
    pausedNow: service.Status === 'PAUSED',
  };
}

/** ActiveInstances of the request's answer, finest period first (see metrics.ts costQueries). */
export function costActivity(request: MetricRequest, results: MetricResult[]): ActivitySeries[] {
  return (
    request.queries
      // Per-minute series and the 5-minute one for old minutes; not a chart's hourly Maximum, which would stand in
      // for the newest minutes CloudWatch has not published yet.
      .filter(
        (q) => q.metricName === 'ActiveInstances' && q.stat === 'Maximum' && (q.periodSeconds === 60 || q.id === 'costPerFiveMinutes'),
      )
      .sort((a, b) => a.periodSeconds - b.periodSeconds)
      .map((q) => {
        const r = results.find((x) => x.id === q.id);
        return { periodSeconds: q.periodSeconds, timestamps: r?.timestamps ?? [], values: r?.values ?? [] };
      })
  );
}

const RATE_LABELS: Record<RateKey, string> = {
  vcpuHour: 'Active vCPU, per vCPU-hour',
  memoryGbHour: 'Active memory, per GB-hour',
  provisionedMemoryGbHour: 'Provisioned memory, per GB-hour',
  automaticDeploymentMonth: 'Automatic deployments, per month',
  buildMinute: 'Build, per minute',
};

function figures(b: CostBreakdown, config: ServiceCostConfig): CostFigure[] {
  const rows: CostFigure[] = [
    { label: 'Provisioned memory', amount: formatDollars(b.memory) },
    { label: 'Active vCPU', amount: formatDollars(b.vcpu) },
    { label: 'Deployments (doubled instances)', amount: formatDollars(b.deployments), estimate: true },
  ];
  if (config.automaticDeployments) rows.push({ label: 'Automatic deployments', amount: formatDollars(b.automaticDeployments) });
  if (config.source === 'code') rows.push({ label: 'Build minutes', amount: formatDollars(b.build), estimate: true });
  return rows;
}

function describeConfig(c: ServiceCostConfig): string {
  return `${c.cpuMilli / 1000} vCPU / ${c.memoryMilliGb / 1000} GB, MinSize ${c.minSize}`;
}

function monthName(time: number): string {
  return new Date(time).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export interface CostInput {
  range: MetricRange;
  request: MetricRequest;
  results: MetricResult[];
  operations: CostOperation[];
  service: CostService | undefined;
  /** The rates, or a sentence saying how to get them. */
  rates: ResolvedRates | { message: string };
  now: number;
}

/** The Cost view of one refresh. */
export function buildCostView(input: CostInput): CostView {
  const { service, rates } = input;
  if (!service) return { error: 'The cost needs the service’s CPU and memory (apprunner:DescribeService), which could not be read.' };
  if (!('rates' in rates)) return { error: rates.message, service: describeConfig(service.config) };
  const activity = costActivity(input.request, input.results);
  const byDay = input.range === '1w' || input.range === 'month';
  const end = Math.min(input.request.endTime, Math.floor(input.now / 60_000) * 60_000);
  const window = estimateWindow({
    config: service.config,
    rates,
    activity,
    operations: input.operations,
    pausedNow: service.pausedNow,
    start: input.request.startTime,
    end,
    bucketMs: byDay ? 86_400_000 : 3_600_000,
  });
  const running = BigInt(window.runningSeconds);
  const { start: monthStart, end: monthEnd } = monthBounds(input.now);
  const monthSeconds = BigInt((monthEnd - monthStart) / 1000);
  const fee = service.config.automaticDeployments ? parseRate(rates.rates.automaticDeploymentMonth) * 1000n * 3600n : 0n;
  const view: CostView = {
    service: `${describeConfig(service.config)}${service.config.automaticDeployments ? ', automatic deployments' : ''}, ${service.config.source === 'code' ? 'source code' : 'image'}${service.pausedNow ? ', paused' : ''}`,
    rangeLabel: RANGE_SPECS[input.range].label,
    bucketUnit: byDay ? 'day' : 'hour',
    buckets: window.buckets.map((b) => ({ start: b.start, amount: formatDollars(b.total), dollars: toNumber(b.total) })),
    rangeTotal: formatDollars(window.breakdown.total),
    rangeBreakdown: figures(window.breakdown, service.config),
    perHour: formatDollars(scale(window.breakdown.total, 3600n, running)),
    perDay: formatDollars(scale(window.breakdown.total, 86_400n, running)),
    // The range's pace over a whole month, as if it went on unchanged.
    monthAtThisPace: formatDollars(service.pausedNow ? fee : scale(window.breakdown.total, monthSeconds, running) + fee),
    rates: RATE_KEYS.map((key) => ({
      label: RATE_LABELS[key],
      value: `$${formatRate(parseRate(rates.rates[key]))}`,
      source: rates.sources[key],
      unverified: rates.unverified.includes(key),
    })),
    assumptions: assumptions(window, service, rates),
  };
  if (input.range === 'month') {
    const month = estimateMonth({
      config: service.config,
      rates,
      activity,
      operations: input.operations,
      pausedNow: service.pausedNow,
      now: input.now,
    });
    view.month = {
      label: monthName(input.now),
      soFar: formatDollars(month.soFar.total),
      projected: formatDollars(month.projected.total),
      soFarBreakdown: figures(month.soFar, service.config),
      projectedBreakdown: figures(month.projected, service.config),
      countedUntil: month.countedUntil,
    };
  }
  return view;
}

function assumptions(window: ReturnType<typeof estimateWindow>, service: CostService, rates: ResolvedRates): string[] {
  const list = [
    'App Runner bills memory for every provisioned instance (at least MinSize) and vCPU only for active ones; a paused service costs nothing.',
    'Each minute counts whole at its ActiveInstances Maximum: an instance active for part of a minute is counted for the minute.',
    `Deployments are estimated: while one runs (${window.deploymentMinutes} min in this range), the provisioned instances are counted twice (memory).`,
    'Pauses and deployments come from the 20 newest operations (ListOperations).',
  ];
  if (window.coarseMinutes > 0)
    list.push(
      `${window.coarseMinutes} minute${window.coarseMinutes === 1 ? '' : 's'} older than 15 days use the Maximum of 5 minutes (CloudWatch keeps 1-minute data 15 days): an upper bound.`,
    );
  if (window.minutesWithoutData > 0)
    list.push(
      `${window.minutesWithoutData} running minute${window.minutesWithoutData === 1 ? '' : 's'} had no ActiveInstances datapoint yet (CloudWatch publishes late) and count as MinSize idle instances.`,
    );
  if (service.config.source === 'code')
    list.push(`Build minutes are estimated as the whole length of each deployment (${window.buildMinutes} min in this range).`);
  if (service.config.automaticDeployments) list.push('The automatic deployments fee counts whole in any month the service has it on.');
  if (rates.unverified.length)
    list.push(`Not confirmed on an AWS page: ${rates.unverified.map((k) => RATE_LABELS[k].toLowerCase()).join(', ')}.`);
  list.push('The projection assumes the rest of the month runs like the running time so far; data transfer is billed separately by AWS.');
  return list;
}

/** What the month would cost with another configuration or activity, beside what it costs now. */
export function whatIf(
  input: WhatIfInput,
  current: {
    service: CostService;
    rates: ResolvedRates;
    activity: ActivitySeries[];
    operations: CostOperation[];
    start: number;
    end: number;
  },
  now: number,
): WhatIfResult {
  const { start, end } = monthBounds(now);
  const hours = (end - start) / 3_600_000;
  const changed: ServiceCostConfig = {
    ...current.service.config,
    minSize: Math.max(1, Math.min(25, Math.round(input.minSize))),
    cpuMilli: input.cpuMilli,
    memoryMilliGb: input.memoryMilliGb,
    automaticDeployments: input.automaticDeployments,
  };
  const monthly = (config: ServiceCostConfig): { total: Amount; breakdown: CostBreakdown } => {
    if (input.pattern.kind === 'pattern') {
      const b = estimatePattern(config, current.rates, {
        hours,
        activeHoursPerDay: input.pattern.activeHoursPerDay,
        activeInstances: input.pattern.activeInstances,
      });
      return { total: b.total, breakdown: b };
    }
    // As measured over the chosen range, carried over a whole month.
    const w = estimateWindow({
      config,
      rates: current.rates,
      activity: current.activity,
      operations: current.operations,
      start: current.start,
      end: current.end,
    });
    const running = BigInt(w.runningSeconds);
    const s = (a: Amount) => scale(a, BigInt(hours * 3600), running);
    const fee = config.automaticDeployments ? parseRate(current.rates.rates.automaticDeploymentMonth) * 1000n * 3600n : 0n;
    const b: CostBreakdown = {
      memory: s(w.breakdown.memory),
      vcpu: s(w.breakdown.vcpu),
      deployments: s(w.breakdown.deployments),
      build: s(w.breakdown.build),
      automaticDeployments: fee,
      total: 0n,
    };
    b.total = b.memory + b.vcpu + b.deployments + b.build + fee;
    return { total: b.total, breakdown: b };
  };
  const now_ = monthly(current.service.config);
  const then = monthly(changed);
  const delta = then.total - now_.total;
  return {
    monthly: formatDollars(then.total),
    current: formatDollars(now_.total),
    difference: `${delta < 0n ? '−' : '+'}${formatDollars(delta < 0n ? -delta : delta)}`,
    breakdown: figures(then.breakdown, changed),
    basis:
      input.pattern.kind === 'pattern'
        ? `A ${hours}-hour month with ${input.pattern.activeInstances} active instance(s) ${input.pattern.activeHoursPerDay} h a day; ${describeConfig(changed)}.`
        : `The activity measured over the chosen range, carried over a ${hours}-hour month; ${describeConfig(changed)}. With more vCPU per instance, fewer instances might be active: this keeps the measured count.`,
  };
}
