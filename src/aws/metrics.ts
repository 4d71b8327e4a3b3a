// CloudWatch GetMetricData for the monitor: every query of a refresh goes in one request.
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from './clients';
import type { MetricStatQuery } from './types';

export interface MetricSeriesResult {
  id: string;
  /** Epoch milliseconds. */
  timestamps: number[];
  values: number[];
  statusCode?: string;
}

/** Pages only when a result exceeds 100,800 datapoints; the monitor's requests never do. */
const MAX_PAGES = 5;

export class MetricsApi {
  constructor(private readonly clients: ClientFactory) {}

  async getMetricData(
    region: string,
    request: { queries: MetricStatQuery[]; startTime: number; endTime: number },
    signal?: AbortSignal,
  ): Promise<MetricSeriesResult[]> {
    const queries: MetricDataQuery[] = request.queries.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metricName,
          Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        },
        Period: q.periodSeconds,
        Stat: q.stat,
      },
      ReturnData: true,
    }));
    const byId = new Map<string, MetricSeriesResult>();
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await this.clients.get('cloudwatch', region).send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(request.startTime),
          EndTime: new Date(request.endTime),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const r of out.MetricDataResults ?? []) {
        if (!r.Id) continue;
        const series = byId.get(r.Id) ?? { id: r.Id, timestamps: [], values: [] };
        (r.Timestamps ?? []).forEach((t, i) => {
          series.timestamps.push(t.getTime());
          series.values.push(r.Values?.[i] ?? NaN);
        });
        series.statusCode = r.StatusCode;
        byId.set(r.Id, series);
      }
      nextToken = out.NextToken;
    } while (nextToken && ++pages < MAX_PAGES);
    return [...byId.values()];
  }
}
