// CloudWatch Logs calls of the monitor: finding a service's log groups, FilterLogEvents pages
// and Live Tail sessions. Live Tail needs `disableHostPrefix` when the endpoint is overridden
// (the SDK would send it to `stream-<host>`); ClientFactory sets that on the logs client.
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ClientFactory } from './clients';

export interface LogGroupInfo {
  name: string;
  /** ARN without the trailing `:*`, as Live Tail and logGroupIdentifier want it. */
  arn: string;
}

export interface LogEventRecord {
  logStreamName?: string;
  timestamp?: number;
  message?: string;
  eventId?: string;
}

export interface LogEventsPage {
  events: LogEventRecord[];
  nextToken?: string;
}

export interface LiveTailRecord {
  logGroupIdentifier?: string;
  logStreamName?: string;
  timestamp?: number;
  message?: string;
}

export type LiveTailMessage = { kind: 'start' } | { kind: 'update'; sampled: boolean; results: LiveTailRecord[] };

/** A running Live Tail session: iterate it for messages; abort() ends it and its connection. */
export interface LiveTailSession extends AsyncIterable<LiveTailMessage> {
  abort(): void;
}

function streamError(name: string, message: string | undefined): Error {
  return Object.assign(new Error(message || name), { name });
}

export class LogsApi {
  constructor(private readonly clients: ClientFactory) {}

  private client(region: string) {
    return this.clients.get('logs', region);
  }

  /** Log groups whose name starts with `prefix` (every page). */
  async describeLogGroups(region: string, prefix: string, signal?: AbortSignal): Promise<LogGroupInfo[]> {
    const groups: LogGroupInfo[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }), {
        abortSignal: signal,
      });
      for (const g of out.logGroups ?? []) {
        if (g.logGroupName) groups.push({ name: g.logGroupName, arn: g.logGroupArn ?? (g.arn ?? '').replace(/:\*$/, '') });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return groups;
  }

  /** One page of FilterLogEvents from `startTime` (epoch ms) on, oldest first. */
  async filterLogEvents(
    region: string,
    logGroupName: string,
    startTime: number,
    nextToken?: string,
    signal?: AbortSignal,
  ): Promise<LogEventsPage> {
    const out = await this.client(region).send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken }), { abortSignal: signal });
    return { events: out.events ?? [], nextToken: out.nextToken };
  }

  startLiveTail(region: string, logGroupArns: string[]): LiveTailSession {
    const controller = new AbortController();
    const client = this.client(region);
    async function* messages(): AsyncGenerator<LiveTailMessage> {
      const out = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: logGroupArns }), { abortSignal: controller.signal });
      if (!out.responseStream) throw streamError('SessionStreamingException', 'StartLiveTail answered without an event stream');
      try {
        for await (const item of out.responseStream as AsyncIterable<StartLiveTailResponseStream>) {
          if (item.sessionStart) {
            yield { kind: 'start' };
          } else if (item.sessionUpdate) {
            yield {
              kind: 'update',
              sampled: item.sessionUpdate.sessionMetadata?.sampled === true,
              results: item.sessionUpdate.sessionResults ?? [],
            };
          } else if (item.SessionTimeoutException) {
            throw streamError('SessionTimeoutException', item.SessionTimeoutException.message);
          } else if (item.SessionStreamingException) {
            throw streamError('SessionStreamingException', item.SessionStreamingException.message);
          }
        }
      } finally {
        // Leaving the loop early (or by an error) must also close the connection.
        controller.abort();
      }
    }
    const iterable = messages();
    return {
      abort: () => controller.abort(),
      [Symbol.asyncIterator]: () => iterable,
    };
  }
}
