// Reads what a failed deployment left in CloudWatch Logs: the end of its `deployment/<operation-id>`
// stream in the service log group (App Runner's own lines), and the app's output during the
// deployment from the application log group (streams `instance/<id>` of the instances it started).
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ClientFactory } from './clients';

/** Bounds the read of a chatty app's output; the last lines are the ones that matter. */
const MAX_PAGES = 10;

export class DeployLogsApi {
  constructor(private readonly clients: ClientFactory) {}

  /** The last `limit` messages of the stream, oldest first; none while the stream does not exist (yet). */
  async lastLines(region: string, logGroupName: string, logStreamName: string, limit: number): Promise<string[]> {
    try {
      // Without startFromHead, GetLogEvents returns the newest events, in time order.
      const out = await this.clients
        .get('logs', region)
        .send(new GetLogEventsCommand({ logGroupName, logStreamName, limit, startFromHead: false }));
      return (out.events ?? []).map((e) => e.message ?? '').filter((m) => m !== '');
    } catch (e) {
      if (notFound(e)) {
        return [];
      }
      throw e;
    }
  }

  /**
   * The last `limit` messages, oldest first, that instances started at or after `startMs` wrote
   * until `endMs` (epoch ms): the output of a deployment's new instances, not of the revision
   * that kept serving. None while the group does not exist (it appears with the first output).
   */
  async linesSince(region: string, logGroupName: string, startMs: number, endMs: number, limit: number): Promise<string[]> {
    const client = this.clients.get('logs', region);
    try {
      const listed = await client.send(
        new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true, limit: 50 }),
      );
      const streams = (listed.logStreams ?? [])
        .filter((s) => (s.firstEventTimestamp ?? s.creationTime ?? 0) >= startMs)
        .map((s) => s.logStreamName!)
        .filter(Boolean);
      if (streams.length === 0) {
        return [];
      }
      const events: FilteredLogEvent[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await client.send(
          new FilterLogEventsCommand({ logGroupName, logStreamNames: streams, startTime: startMs, endTime: endMs, nextToken }),
        );
        events.push(...(out.events ?? []));
        nextToken = out.nextToken;
        if (!nextToken) {
          break;
        }
      }
      return events
        .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))
        .map((e) => e.message ?? '')
        .filter((m) => m !== '')
        .slice(-limit);
    } catch (e) {
      if (notFound(e)) {
        return [];
      }
      throw e;
    }
  }
}

function notFound(e: unknown): boolean {
  return (e as Error)?.name === 'ResourceNotFoundException';
}
