// The monitor's cores joined to the AWS APIs: log groups of a service, the LogTail backend,
// and one metrics refresh (one GetMetricData call, plus the operations to mark deployments).
import type { AwsSession } from '../aws/sdk';
import type { OperationSummary, Service } from '../aws/types';
import type { CostOperation } from '../cost/estimate';
import type { ResolvedRates } from '../cost/rates';
import { buildCostView, CostInput, costActivity, costServiceOf, whatIf } from './cost';
import type { LogGroupRef, LogTailBackend } from './logTail';
import { buildMetricRequest, OperationInfo, serviceNameAndId, shapeMetrics } from './metrics';
import type { MetricRange, MetricsSnapshot, ServiceIdentity, WhatIfInput, WhatIfResult } from './protocol';

/** `/aws/apprunner/<name>/<id>/`: the prefix of both of a service's log groups. */
export function logGroupPrefix(serviceArn: string): string | undefined {
  const ids = serviceNameAndId(serviceArn);
  return ids ? `/aws/apprunner/${ids.serviceName}/${ids.serviceId}/` : undefined;
}

/** The service's application and service log groups that exist now. */
export async function findLogGroups(session: AwsSession, service: ServiceIdentity, signal?: AbortSignal): Promise<LogGroupRef[]> {
  const prefix = logGroupPrefix(service.arn);
  if (!prefix) throw new Error(`Not an App Runner service ARN: ${service.arn}`);
  const groups = await session.logs.describeLogGroups(service.region, prefix, signal);
  const refs: LogGroupRef[] = [];
  for (const kind of ['application', 'service'] as const) {
    const group = groups.find((g) => g.name === `${prefix}${kind}`);
    if (group) refs.push({ kind, name: group.name, arn: group.arn });
  }
  return refs;
}

export function logTailBackend(session: () => AwsSession, region: string): LogTailBackend {
  return {
    filterPage: (group, startTime, nextToken, signal) => session().logs.filterLogEvents(region, group.name, startTime, nextToken, signal),
    liveTail: (groups, signal) => {
      const tail = session().logs.startLiveTail(
        region,
        groups.map((g) => g.arn),
      );
      if (signal.aborted) tail.abort();
      else signal.addEventListener('abort', () => tail.abort(), { once: true });
      return tail;
    },
  };
}

interface ScalingBounds {
  min: number;
  max: number;
  name?: string;
}

/**
 * Reads metrics for one service. The auto scaling bounds are read once and again only when
 * the newest operation changes (an update may have changed them), so that a refresh costs one
 * GetMetricData and one ListOperations call.
 */
export class MetricsSource {
  private scaling?: ScalingBounds;
  private scalingReadFor?: string;
  /** DescribeService, read with the scaling bounds (for the cost: CPU, memory, source, status). */
  private described?: Service;
  /** What the last Cost view was computed from, for "what if". */
  private lastCost?: CostInput;

  constructor(
    private readonly session: () => AwsSession,
    private readonly service: ServiceIdentity,
    /** A sentence for something that could not be read beside the metrics. */
    private readonly warn: (what: string, iamAction: string, err: unknown) => string,
    /** The rates for a region (settings, Price List, shipped table), or what to do to get them. */
    private readonly costRates?: (region: string) => ResolvedRates | { message: string },
  ) {}

  async fetch(range: MetricRange, signal: AbortSignal): Promise<MetricsSnapshot> {
    const ids = serviceNameAndId(this.service.arn);
    if (!ids) throw new Error(`Not an App Runner service ARN: ${this.service.arn}`);
    const now = Date.now();
    const request = buildMetricRequest(ids, range, now);
    const notes: string[] = [];
    const session = this.session();
    const [results, operations] = await Promise.all([
      session.metrics.getMetricData(this.service.region, request, signal),
      session.appRunner.listOperations(this.service.region, this.service.arn, 20).catch((err: unknown): OperationSummary[] => {
        notes.push(this.warn('read the deployments', 'apprunner:ListOperations', err));
        return [];
      }),
    ]);
    const newest = operations[0];
    const scalingKey = newest ? `${newest.Id}:${newest.Status}` : 'none';
    if (this.scalingReadFor !== scalingKey) {
      try {
        this.scaling = await this.readScaling(session);
        this.scalingReadFor = scalingKey;
      } catch (err) {
        notes.push(this.warn('read the auto scaling bounds', 'apprunner:DescribeAutoScalingConfiguration', err));
      }
    }
    const ops: OperationInfo[] = operations.map((o) => ({
      id: o.Id,
      type: o.Type,
      status: o.Status,
      startedAt: o.StartedAt,
      endedAt: o.EndedAt,
    }));
    const snapshot: MetricsSnapshot = shapeMetrics(range, request, results, { operations: ops, scaling: this.scaling, fetchedAt: now });
    if (this.costRates) {
      const costOps: CostOperation[] = operations.map((o) => ({
        type: o.Type,
        status: o.Status,
        startedAt: o.StartedAt?.getTime(),
        endedAt: o.EndedAt?.getTime(),
      }));
      this.lastCost = {
        range,
        request,
        results,
        operations: costOps,
        service: this.described ? costServiceOf(this.described, this.scaling?.min) : undefined,
        rates: this.costRates(this.service.region),
        now,
      };
      snapshot.cost = buildCostView(this.lastCost);
    }
    return notes.length ? { ...snapshot, notes } : snapshot;
  }

  /** The month with another MinSize, size or activity, from the last refresh's data. */
  whatIf(input: WhatIfInput): WhatIfResult {
    const last = this.lastCost;
    if (!last?.service || !('rates' in last.rates))
      throw new Error('The cost has not been computed yet: wait for the metrics, or set the rates.');
    return whatIf(
      input,
      {
        service: last.service,
        rates: last.rates,
        activity: costActivity(last.request, last.results),
        operations: last.operations,
        start: last.request.startTime,
        end: Math.min(last.request.endTime, Math.floor(last.now / 60_000) * 60_000),
      },
      last.now,
    );
  }

  private async readScaling(session: AwsSession): Promise<ScalingBounds | undefined> {
    const service = await session.appRunner.describeService(this.service.region, this.service.arn);
    this.described = service;
    const arn = service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn;
    if (!arn) return undefined;
    const config = await session.appRunner.describeAutoScaling(this.service.region, arn);
    if (config?.MinSize === undefined || config.MaxSize === undefined) return undefined;
    return { min: config.MinSize, max: config.MaxSize, name: config.AutoScalingConfigurationName };
  }
}
