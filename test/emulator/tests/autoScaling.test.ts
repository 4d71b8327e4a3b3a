// App Runner auto scaling configurations in the emulator (revisions, deletion rules, the services
// using one, the account's quotas), driven by the real @aws-sdk/client-apprunner over loopback HTTP;
// every answer passes the botocore contract check (close() rejects otherwise).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppRunnerClient,
  CreateAutoScalingConfigurationCommand,
  DeleteAutoScalingConfigurationCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeServiceCommand,
  ListAutoScalingConfigurationsCommand,
  ListServicesForAutoScalingConfigurationCommand,
  ListServicesCommand,
  UpdateServiceCommand,
  paginateListServicesForAutoScalingConfiguration,
} from '@aws-sdk/client-apprunner';
import { DefaultEmulator, startDefaultEmulator } from '../index';

const ACCOUNT = '123456789012';
const ASC_PREFIX = `arn:aws:apprunner:us-east-1:${ACCOUNT}:autoscalingconfiguration/`;
/** Operations never end by themselves: a test ends them by moving the emulator clock. */
const LONG_DELAY_MS = 60_000;

async function control(emulator: DefaultEmulator, route: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function rejectsWith(promise: Promise<unknown>, name: string, httpStatus: number, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, httpStatus);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('App Runner emulator: auto scaling configurations', () => {
  let emulator: DefaultEmulator;
  let client: AppRunnerClient;
  let serviceArns: string[];

  before(async () => {
    emulator = await startDefaultEmulator({ port: 0, operationDelayMs: LONG_DELAY_MS });
    client = new AppRunnerClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await emulator.close();
  });
  beforeEach(async () => {
    assert.equal((await control(emulator, 'reset')).status, 200);
    const image = (name: string) => `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${name}:v1`;
    const seeded = await control(emulator, 'seed', {
      apprunner: {
        services: [
          { region: 'us-east-1', name: 'orders-api', image: image('orders-api') },
          { region: 'us-east-1', name: 'billing-api', image: image('billing-api') },
        ],
      },
    });
    assert.equal(seeded.status, 200);
    serviceArns = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!.map((s) => s.ServiceArn!);
  });

  const createConfig = (name: string, minSize: number, maxSize: number, maxConcurrency?: number) =>
    client.send(
      new CreateAutoScalingConfigurationCommand({
        AutoScalingConfigurationName: name,
        MinSize: minSize,
        MaxSize: maxSize,
        MaxConcurrency: maxConcurrency,
      }),
    );

  test('the same name makes the next revision; the latest is the one a partial ARN names', async () => {
    const first = (await createConfig('burst', 2, 5)).AutoScalingConfiguration!;
    const second = (await createConfig('burst', 3, 10, 50)).AutoScalingConfiguration!;
    assert.deepEqual(
      [
        first.AutoScalingConfigurationRevision,
        first.Latest,
        first.Status,
        first.MaxConcurrency,
        first.HasAssociatedService,
        first.IsDefault,
      ],
      [1, true, 'ACTIVE', 100, false, false],
    );
    assert.match(second.AutoScalingConfigurationArn!, new RegExp(`^${ASC_PREFIX}burst/2/[0-9a-f]{32}$`));
    assert.deepEqual([second.MinSize, second.MaxSize, second.MaxConcurrency], [3, 10, 50]);
    const described = await client.send(new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: `${ASC_PREFIX}burst` }));
    assert.equal(described.AutoScalingConfiguration!.AutoScalingConfigurationRevision, 2);
    const revisionOne = await client.send(
      new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: first.AutoScalingConfigurationArn }),
    );
    assert.equal(revisionOne.AutoScalingConfiguration!.Latest, false);
    const listed = await client.send(new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'burst' }));
    assert.deepEqual(
      listed.AutoScalingConfigurationSummaryList!.map((c) => c.AutoScalingConfigurationRevision),
      [1, 2],
    );
    const defaults = (await client.send(new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: 'defaults' })))
      .AutoScalingConfiguration!;
    assert.deepEqual([defaults.MinSize, defaults.MaxSize, defaults.MaxConcurrency], [1, 25, 100], 'the model’s documented defaults');
  });

  test('refuses what the model refuses: name pattern, ranges, MaxSize below MinSize', async () => {
    await rejectsWith(createConfig('b!', 1, 2), 'InvalidRequestException', 400);
    await rejectsWith(createConfig('burst', 0, 2), 'InvalidRequestException', 400, /minSize/i);
    await rejectsWith(createConfig('burst', 26, 30), 'InvalidRequestException', 400, /minSize/i);
    await rejectsWith(createConfig('burst', 1, 2, 201), 'InvalidRequestException', 400, /maxConcurrency/i);
    await rejectsWith(
      createConfig('burst', 5, 2),
      'InvalidRequestException',
      400,
      /MaxSize \(2\) must be greater than or equal to MinSize \(5\)/,
    );
  });

  test('UpdateService associates a revision; ListServicesForAutoScalingConfiguration names the services using it', async () => {
    const burst = (await createConfig('burst', 2, 5)).AutoScalingConfiguration!;
    const updated = await client.send(
      new UpdateServiceCommand({ ServiceArn: serviceArns[0], AutoScalingConfigurationArn: burst.AutoScalingConfigurationArn }),
    );
    assert.equal(updated.Service!.AutoScalingConfigurationSummary!.AutoScalingConfigurationArn, burst.AutoScalingConfigurationArn);
    assert.equal(updated.Service!.Status, 'OPERATION_IN_PROGRESS');
    const users = await client.send(
      new ListServicesForAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: burst.AutoScalingConfigurationArn }),
    );
    assert.deepEqual(users.ServiceArnList, [serviceArns[0]]);
    const described = await client.send(
      new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: burst.AutoScalingConfigurationArn }),
    );
    assert.equal(described.AutoScalingConfiguration!.HasAssociatedService, true);

    // Pages, like every List operation with MaxResults 1-100.
    const defaultArn = `${ASC_PREFIX}DefaultConfiguration/1/00000000000000000000000000000001`;
    const pages: string[][] = [];
    for await (const page of paginateListServicesForAutoScalingConfiguration(
      { client, pageSize: 1 },
      { AutoScalingConfigurationArn: defaultArn },
    )) {
      pages.push(page.ServiceArnList!);
    }
    assert.deepEqual(pages, [[serviceArns[1]]]);
    await rejectsWith(
      client.send(new ListServicesForAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: `${ASC_PREFIX}nope` })),
      'ResourceNotFoundException',
      400,
    );
    await rejectsWith(
      client.send(new ListServicesForAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: defaultArn, MaxResults: 101 })),
      'InvalidRequestException',
      400,
    );
  });

  test('deletes unused revisions; refuses the default and one in use, saying why', async () => {
    const one = (await createConfig('burst', 2, 5)).AutoScalingConfiguration!;
    const two = (await createConfig('burst', 3, 6)).AutoScalingConfiguration!;
    await client.send(
      new UpdateServiceCommand({ ServiceArn: serviceArns[0], AutoScalingConfigurationArn: two.AutoScalingConfigurationArn }),
    );
    await rejectsWith(
      client.send(new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: two.AutoScalingConfigurationArn })),
      'InvalidRequestException',
      400,
      /burst revision 2 is used by 1 service\(s\): orders-api/,
    );
    await rejectsWith(
      client.send(new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: `${ASC_PREFIX}DefaultConfiguration` })),
      'InvalidRequestException',
      400,
      /can't delete the default/,
    );
    const deleted = await client.send(
      new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: one.AutoScalingConfigurationArn }),
    );
    assert.equal(deleted.AutoScalingConfiguration!.Status, 'INACTIVE');
    assert.ok(deleted.AutoScalingConfiguration!.DeletedAt instanceof Date);
    // Gone from the list; Describe still finds it by its full ARN, inactive; it can no longer be used.
    const listed = await client.send(new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'burst' }));
    assert.deepEqual(
      listed.AutoScalingConfigurationSummaryList!.map((c) => c.AutoScalingConfigurationRevision),
      [2],
    );
    const described = await client.send(
      new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: one.AutoScalingConfigurationArn }),
    );
    assert.equal(described.AutoScalingConfiguration!.Status, 'INACTIVE');
    await rejectsWith(
      client.send(new UpdateServiceCommand({ ServiceArn: serviceArns[1], AutoScalingConfigurationArn: one.AutoScalingConfigurationArn })),
      'InvalidRequestException',
      400,
    );
    await rejectsWith(
      client.send(new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: one.AutoScalingConfigurationArn })),
      'ResourceNotFoundException',
      400,
    );
  });

  test('DeleteAllRevisions takes only a partial ARN ending with the name, and deletes every revision', async () => {
    const one = (await createConfig('spare', 1, 2)).AutoScalingConfiguration!;
    await createConfig('spare', 1, 3);
    await rejectsWith(
      client.send(
        new DeleteAutoScalingConfigurationCommand({
          AutoScalingConfigurationArn: one.AutoScalingConfigurationArn,
          DeleteAllRevisions: true,
        }),
      ),
      'InvalidRequestException',
      400,
      /partial ARN/,
    );
    await client.send(
      new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: `${ASC_PREFIX}spare`, DeleteAllRevisions: true }),
    );
    const listed = await client.send(new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'spare' }));
    assert.deepEqual(listed.AutoScalingConfigurationSummaryList, []);
  });

  test('the account quota: 5 active revisions a name, 10 names; ServiceQuotaExceededException (402)', async () => {
    for (let i = 1; i <= 5; i++) await createConfig('burst', 1, i);
    await rejectsWith(
      createConfig('burst', 1, 6),
      'ServiceQuotaExceededException',
      402,
      /quota of 5 revisions for the auto scaling configuration burst/,
    );
    // Deleting a revision makes room again.
    await client.send(new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: `${ASC_PREFIX}burst/1` }));
    assert.equal((await createConfig('burst', 1, 6)).AutoScalingConfiguration!.AutoScalingConfigurationRevision, 6);
    // DefaultConfiguration and burst are 2 names; 8 more reach the quota of 10.
    for (let i = 0; i < 8; i++) await createConfig(`name-${i}`, 1, 2);
    await rejectsWith(
      createConfig('one-too-many', 1, 2),
      'ServiceQuotaExceededException',
      402,
      /quota of 10 auto scaling configuration names/,
    );
    // The quotas are switchable for tests.
    const config = await control(emulator, 'apprunner/config', { autoScalingNamesQuota: 11 });
    assert.equal(config.body.autoScalingNamesQuota, 11);
    await createConfig('one-too-many', 1, 2);
  });

  test('a service keeps its configuration until an update names another', async () => {
    const burst = (await createConfig('burst', 2, 5)).AutoScalingConfiguration!;
    await client.send(
      new UpdateServiceCommand({ ServiceArn: serviceArns[0], AutoScalingConfigurationArn: burst.AutoScalingConfigurationArn }),
    );
    await control(emulator, 'clock', { advanceMs: LONG_DELAY_MS });
    await createConfig('burst', 3, 6);
    const service = (await client.send(new DescribeServiceCommand({ ServiceArn: serviceArns[0] }))).Service!;
    assert.equal(service.Status, 'RUNNING');
    assert.equal(
      service.AutoScalingConfigurationSummary!.AutoScalingConfigurationRevision,
      1,
      'a new revision is not used until associated',
    );
  });
});
