// Reads the end of one CloudWatch Logs stream: the `deployment/<operation-id>` stream App Runner
// writes while it deploys, shown when a deployment fails.
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ClientFactory } from './clients';

export class DeployLogsApi {
  constructor(private readonly clients: ClientFactory) {}

  /** The last `limit` messages of the stream, oldest first. */
  async lastLines(region: string, logGroupName: string, logStreamName: string, limit: number): Promise<string[]> {
    // Without startFromHead, GetLogEvents returns the newest events, in time order.
    const out = await this.clients
      .get('logs', region)
      .send(new GetLogEventsCommand({ logGroupName, logStreamName, limit, startFromHead: false }));
    return (out.events ?? []).map((e) => e.message ?? '').filter((m) => m !== '');
  }
}
