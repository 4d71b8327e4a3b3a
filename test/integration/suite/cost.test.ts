// The Cost view inside a real VS Code against the emulator: for a service with a seeded, known
// activity history, the month's figures the page shows equal a hand computation from the
// emulator's own ActiveInstances and operations, and a refresh is still one GetMetricData call.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, emulator, emulatorSuite, emulatorUrl, waitFor } from './helpers';

const NAME = 'cost-known';

/** One call to the emulated AWS, as a client would send it (awsJson). */
async function aws(target: string, body: unknown, json = '1.0'): Promise<any> {
  const res = await fetch(emulatorUrl(), {
    method: 'POST',
    headers: { 'content-type': `application/x-amz-json-${json}`, 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  assert.strictEqual(res.status, 200, await res.clone().text());
  return res.json();
}

/** Whole cents of `units` sixty-millionths of a dollar, rounded half up. */
function cents(units: bigint): string {
  const c = (units * 100n + 30_000_000n) / 60_000_000n;
  return `$${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}

suite('Cost', () => {
  emulatorSuite(['us-east-1']);

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("this month's figures equal the hand computation from the emulator's metrics; one GetMetricData per refresh", async () => {
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: {
        services: [
          {
            region: 'us-east-1',
            name: NAME,
            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${NAME}:1`,
            cpu: '1 vCPU',
            memory: '2 GB',
            createdAt: '-40d',
            // One active instance 09:00-17:00 UTC every day; MinSize 1 (the default).
            activity: { fromHourUtc: 9, hours: 8, instances: 1 },
            operations: [
              { type: 'CREATE_SERVICE', status: 'SUCCEEDED', startedAt: '-40d', endedAt: '-40d+5m' },
              { type: 'START_DEPLOYMENT', status: 'SUCCEEDED', startedAt: '-90m', endedAt: '-90m+4m' },
            ],
          },
        ],
      },
    });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    const node = ext.catalog.services().find((s) => s.name === NAME);
    assert.ok(node, `${NAME} is not in the catalog`);
    await vscode.commands.executeCommand('apprunner.openMonitor', node);
    await waitFor('the monitor', async () => (await ext.monitor.probe(node.arn)).metricsFetchedAt, 30000);
    await ext.monitor.setRange(node.arn, 'month');
    const shown = await waitFor(
      "this month's figures",
      async () => {
        const figures = (await ext.monitor.probe(node.arn)).cost ?? {};
        return figures['month.soFar'] ? figures : undefined;
      },
      30000,
    );
    const countedUntil = Number(shown['month.countedUntil']);
    const d = new Date(countedUntil);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);

    // The hand computation, from what the emulator answers any client.
    const serviceId = /service\/[^/]+\/([^/]+)$/.exec(node.arn)?.[1] as string;
    const metric = async (period: number) =>
      (
        await aws('GraniteServiceVersion20100801.GetMetricData', {
          StartTime: monthStart / 1000,
          EndTime: countedUntil / 1000,
          MetricDataQueries: [
            {
              Id: 'a',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/AppRunner',
                  MetricName: 'ActiveInstances',
                  Dimensions: [
                    { Name: 'ServiceName', Value: NAME },
                    { Name: 'ServiceID', Value: serviceId },
                  ],
                },
                Period: period,
                Stat: 'Maximum',
              },
            },
          ],
        })
      ).MetricDataResults[0];
    const perMinute = new Map<number, number>();
    // Minutes older than 15 days have only 5-minute Maximums (CloudWatch's retention).
    const five = await metric(300);
    five.Timestamps.forEach((t: number, i: number) => {
      for (let m = 0; m < 5; m++) perMinute.set(t * 1000 + m * 60_000, five.Values[i]);
    });
    const one = await metric(60);
    one.Timestamps.forEach((t: number, i: number) => perMinute.set(t * 1000, one.Values[i]));
    const { OperationSummaryList: Operations } = await aws('AppRunner.ListOperations', { ServiceArn: node.arn }, '1.0');
    const deployments = (Operations as Array<{ Type: string; StartedAt: number; EndedAt?: number }>)
      .filter((o) => o.Type === 'START_DEPLOYMENT' || o.Type === 'UPDATE_SERVICE')
      .map((o) => [o.StartedAt * 1000, (o.EndedAt ?? countedUntil / 1000) * 1000]);
    const { Service } = await aws('AppRunner.DescribeService', { ServiceArn: node.arn }, '1.0');
    // Per minute, in sixty-millionths of a dollar: 2 GB × $0.007 per provisioned instance, $0.064 per active vCPU.
    let units = 0n;
    let minutes = 0n;
    for (let t = monthStart; t < countedUntil; t += 60_000) {
      const active = perMinute.get(t) ?? 0;
      const provisioned = Math.max(1, active);
      units += BigInt(14_000 * provisioned + 64_000 * active);
      if (deployments.some(([from, to]) => from < t + 60_000 && to > t)) units += BigInt(14_000 * provisioned);
      minutes++;
    }
    const fee = Service.SourceConfiguration.AutoDeploymentsEnabled ? 60_000_000n : 0n;
    assert.strictEqual(shown['month.soFar'], cents(units + fee), `so far: ${JSON.stringify(shown)}`);
    const monthMinutes = BigInt((monthEnd - monthStart) / 60_000);
    assert.strictEqual(shown['month.projected'], cents((units * monthMinutes) / minutes + fee), 'projected');

    await emulator('calls', undefined, 'DELETE');
    const before = (await ext.monitor.probe(node.arn)).metricsFetchedAt ?? 0;
    await ext.monitor.refreshMetrics(node.arn);
    await waitFor('the refreshed figures', async () => ((await ext.monitor.probe(node.arn)).metricsFetchedAt ?? 0) > before);
    const { calls } = await emulator('calls');
    const metricCalls = calls.filter((c: { operation: string }) => c.operation === 'GetMetricData').length;
    assert.strictEqual(metricCalls, 1, `GetMetricData calls per refresh: ${metricCalls}`);
  });
});
