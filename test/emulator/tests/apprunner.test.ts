// The App Runner emulator, driven by the real @aws-sdk/client-apprunner over loopback HTTP.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AppRunnerClient,
  CreateServiceCommand,
  CreateServiceCommandInput,
  DeleteServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeServiceCommand,
  ListAutoScalingConfigurationsCommand,
  ListConnectionsCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  PauseServiceCommand,
  ResumeServiceCommand,
  Service,
  StartDeploymentCommand,
  UpdateServiceCommand,
  paginateListServices,
} from '@aws-sdk/client-apprunner';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { createAppRunnerModule } from '../apprunner';
import { EmulatorBus, EmulatorEvents } from '../bus';
import { DefaultEmulator, startDefaultEmulator } from '../index';
import type { Deployer, DeploymentRequest, DeploymentResult } from '../types';

const ACCOUNT = '123456789012';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEMO_SEED = path.resolve(__dirname, '../../../../test/emulator/seeds/demo.json');
/** Short enough to keep the suite fast, long enough to observe OPERATION_IN_PROGRESS. */
const SHORT_DELAY_MS = 30;
/** Long enough that nothing ends unless a test moves the emulator clock. */
const LONG_DELAY_MS = 60_000;

function clientFor(emulator: DefaultEmulator, region = 'us-east-1', accessKeyId = 'test'): AppRunnerClient {
  return new AppRunnerClient({ region, endpoint: emulator.url, credentials: { accessKeyId, secretAccessKey: 'test' }, maxAttempts: 1 });
}

async function control(
  emulator: DefaultEmulator,
  route: string,
  body: unknown = {},
  method = 'POST',
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function imageService(
  name: string,
  region = 'us-east-1',
  image = `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${name}:v1`,
): CreateServiceCommandInput {
  return {
    ServiceName: name,
    SourceConfiguration: { ImageRepository: { ImageIdentifier: image, ImageRepositoryType: 'ECR' } },
  };
}

function codeRepository(
  configurationSource: 'API' | 'REPOSITORY',
): NonNullable<CreateServiceCommandInput['SourceConfiguration']>['CodeRepository'] {
  return {
    RepositoryUrl: 'https://github.com/example-org/web-frontend',
    SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
    CodeConfiguration: { ConfigurationSource: configurationSource },
  };
}

function imageRepository(identifier: string, type: string): CreateServiceCommandInput['SourceConfiguration'] {
  return { ImageRepository: { ImageIdentifier: identifier, ImageRepositoryType: type as 'ECR' } };
}

async function create(client: AppRunnerClient, input: CreateServiceCommandInput): Promise<{ service: Service; operationId: string }> {
  const out = await client.send(new CreateServiceCommand(input));
  return { service: out.Service!, operationId: out.OperationId! };
}

async function describe_(client: AppRunnerClient, arn: string): Promise<Service> {
  return (await client.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service!;
}

/** Polls DescribeService until `status` (bounded: fails after `timeoutMs`). */
async function waitForStatus(client: AppRunnerClient, arn: string, status: string, timeoutMs = 3000): Promise<Service> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const service = await describe_(client, arn);
    if (service.Status === status) {
      return service;
    }
    if (Date.now() > deadline) {
      assert.fail(`service ${service.ServiceName} is still ${service.Status}, expected ${status}`);
    }
    await sleep(5);
  }
}

/** Polls `condition` until it holds (bounded: fails after `timeoutMs`). */
async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function rejectsWith(promise: Promise<unknown>, name: string, httpStatus = 400, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, httpStatus);
    if (message) {
      assert.match(e.message, message);
    }
    return true;
  });
}

async function operationsOf(
  client: AppRunnerClient,
  arn: string,
): Promise<Array<{ Type?: string; Status?: string; StartedAt?: Date; EndedAt?: Date }>> {
  return (await client.send(new ListOperationsCommand({ ServiceArn: arn }))).OperationSummaryList!;
}

describe('App Runner emulator', () => {
  let emulator: DefaultEmulator;
  let east: AppRunnerClient;
  let west: AppRunnerClient;

  before(async () => {
    emulator = await startDefaultEmulator({ port: 0, operationDelayMs: SHORT_DELAY_MS });
    east = clientFor(emulator, 'us-east-1');
    west = clientFor(emulator, 'eu-west-1');
  });
  after(async () => {
    east.destroy();
    west.destroy();
    await emulator.close();
  });
  beforeEach(async () => {
    assert.equal((await control(emulator, 'reset')).status, 200);
  });

  test('pages through 45 services in two regions with paginateListServices, in creation order', async () => {
    const created: Record<string, string[]> = { 'us-east-1': [], 'eu-west-1': [] };
    for (let i = 0; i < 45; i++) {
      const region = i % 9 < 5 ? 'us-east-1' : 'eu-west-1';
      const name = `svc-${String(i).padStart(2, '0')}`;
      await create(region === 'us-east-1' ? east : west, imageService(name, region));
      created[region].push(name);
    }
    assert.equal(created['us-east-1'].length, 25);
    assert.equal(created['eu-west-1'].length, 20);

    for (const [region, client] of [
      ['us-east-1', east],
      ['eu-west-1', west],
    ] as const) {
      const pageSizes: number[] = [];
      const names: string[] = [];
      for await (const page of paginateListServices({ client, pageSize: 7 }, {})) {
        pageSizes.push(page.ServiceSummaryList!.length);
        names.push(...page.ServiceSummaryList!.map((s) => s.ServiceName!));
        assert.ok(page.ServiceSummaryList!.every((s) => s.ServiceArn!.startsWith(`arn:aws:apprunner:${region}:${ACCOUNT}:service/`)));
      }
      assert.deepEqual(names, created[region]);
      assert.deepEqual(pageSizes, region === 'us-east-1' ? [7, 7, 7, 4] : [7, 7, 6]);
    }
    // Without MaxResults everything comes in one page (the model's documented behaviour).
    const all = await east.send(new ListServicesCommand({}));
    assert.equal(all.ServiceSummaryList!.length, 25);
    assert.equal(all.NextToken, undefined);
  });

  test('a page token stays valid when services before it are deleted', async () => {
    const arns: string[] = [];
    for (const name of ['alpha-svc', 'bravo-svc', 'charlie-svc', 'delta-svc']) {
      arns.push((await create(east, imageService(name))).service.ServiceArn!);
    }
    await waitForStatus(east, arns[0], 'RUNNING');
    const first = await east.send(new ListServicesCommand({ MaxResults: 2 }));
    assert.deepEqual(
      first.ServiceSummaryList!.map((s) => s.ServiceName),
      ['alpha-svc', 'bravo-svc'],
    );
    await east.send(new DeleteServiceCommand({ ServiceArn: arns[0] }));
    await waitForStatus(east, arns[0], 'DELETED');
    const second = await east.send(new ListServicesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(
      second.ServiceSummaryList!.map((s) => s.ServiceName),
      ['charlie-svc', 'delta-svc'],
    );
    assert.equal(second.NextToken, undefined);
  });

  test('rejects MaxResults outside 1-20 and tokens from another listing', async () => {
    await rejectsWith(
      east.send(new ListServicesCommand({ MaxResults: 25 })),
      'InvalidRequestException',
      400,
      /maxResults.*less than or equal to 20/,
    );
    await rejectsWith(east.send(new ListServicesCommand({ MaxResults: 0 })), 'InvalidRequestException');
    const { service } = await create(east, imageService('orders-api'));
    await rejectsWith(east.send(new ListOperationsCommand({ ServiceArn: service.ServiceArn, MaxResults: 21 })), 'InvalidRequestException');
    await create(east, imageService('web-frontend'));
    const page = await east.send(new ListServicesCommand({ MaxResults: 1 }));
    assert.ok(page.NextToken);
    await rejectsWith(west.send(new ListServicesCommand({ NextToken: page.NextToken })), 'InvalidRequestException', 400, /NextToken/);
    await rejectsWith(east.send(new ListServicesCommand({ NextToken: 'not-a-token' })), 'InvalidRequestException', 400, /NextToken/);
  });

  test('CreateService answers a full Service in OPERATION_IN_PROGRESS that becomes RUNNING', async () => {
    const before = Date.now();
    const { service, operationId } = await create(east, { ...imageService('orders-api'), Tags: [{ Key: 'team', Value: 'checkout' }] });
    const after = Date.now();
    assert.match(operationId, UUID);
    assert.equal(service.Status, 'OPERATION_IN_PROGRESS');
    assert.match(service.ServiceId!, /^[0-9a-f]{32}$/);
    assert.equal(service.ServiceArn, `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/orders-api/${service.ServiceId}`);
    assert.match(service.ServiceUrl!, /^[a-z0-9]{10}\.us-east-1\.awsapprunner\.com$/);
    assert.ok(service.CreatedAt instanceof Date, 'CreatedAt is a date');
    assert.ok(before <= service.CreatedAt.getTime() && service.CreatedAt.getTime() <= after, 'CreatedAt is the moment of the call');
    assert.deepEqual(service.InstanceConfiguration, { Cpu: '1024', Memory: '2048' });
    assert.equal(service.SourceConfiguration!.ImageRepository!.ImageConfiguration!.Port, '8080');
    assert.equal(service.SourceConfiguration!.AutoDeploymentsEnabled, true);
    assert.deepEqual(service.HealthCheckConfiguration, {
      Protocol: 'TCP',
      Path: '/',
      Interval: 5,
      Timeout: 2,
      HealthyThreshold: 1,
      UnhealthyThreshold: 5,
    });
    assert.deepEqual(service.NetworkConfiguration, {
      EgressConfiguration: { EgressType: 'DEFAULT' },
      IngressConfiguration: { IsPubliclyAccessible: true },
      IpAddressType: 'IPV4',
    });
    assert.equal(service.AutoScalingConfigurationSummary!.AutoScalingConfigurationName, 'DefaultConfiguration');
    assert.equal(service.AutoScalingConfigurationSummary!.IsDefault, true);

    const running = await waitForStatus(east, service.ServiceArn!, 'RUNNING');
    assert.ok(running.UpdatedAt!.getTime() >= service.CreatedAt!.getTime() + SHORT_DELAY_MS);
    const [createOperation] = await operationsOf(east, service.ServiceArn!);
    assert.equal(createOperation.Type, 'CREATE_SERVICE');
    assert.equal(createOperation.Status, 'SUCCEEDED');
    assert.ok(createOperation.EndedAt!.getTime() >= createOperation.StartedAt!.getTime() + SHORT_DELAY_MS);
    const tags = await east.send(new ListTagsForResourceCommand({ ResourceArn: service.ServiceArn }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'checkout' }]);
  });

  test('pause, resume, deployment and delete walk through their statuses; ListOperations is newest first', async () => {
    const { service } = await create(east, imageService('billing-worker'));
    const arn = service.ServiceArn!;
    await waitForStatus(east, arn, 'RUNNING');

    const paused = await east.send(new PauseServiceCommand({ ServiceArn: arn }));
    assert.equal(paused.Service!.Status, 'OPERATION_IN_PROGRESS');
    assert.match(paused.OperationId!, UUID);
    await waitForStatus(east, arn, 'PAUSED');

    await east.send(new ResumeServiceCommand({ ServiceArn: arn }));
    await waitForStatus(east, arn, 'RUNNING');

    const deployment = await east.send(new StartDeploymentCommand({ ServiceArn: arn }));
    assert.match(deployment.OperationId!, UUID);
    await waitForStatus(east, arn, 'RUNNING');

    const deleted = await east.send(new DeleteServiceCommand({ ServiceArn: arn }));
    assert.equal(deleted.Service!.Status, 'OPERATION_IN_PROGRESS');
    const gone = await waitForStatus(east, arn, 'DELETED');
    assert.ok(gone.DeletedAt instanceof Date);
    const listed = await east.send(new ListServicesCommand({}));
    assert.deepEqual(listed.ServiceSummaryList, []);

    const operations = await operationsOf(east, arn);
    assert.deepEqual(
      operations.map((o) => `${o.Type}:${o.Status}`),
      [
        'DELETE_SERVICE:SUCCEEDED',
        'START_DEPLOYMENT:SUCCEEDED',
        'RESUME_SERVICE:SUCCEEDED',
        'PAUSE_SERVICE:SUCCEEDED',
        'CREATE_SERVICE:SUCCEEDED',
      ],
    );
    const page = await east.send(new ListOperationsCommand({ ServiceArn: arn, MaxResults: 3 }));
    assert.deepEqual(
      page.OperationSummaryList!.map((o) => o.Type),
      ['DELETE_SERVICE', 'START_DEPLOYMENT', 'RESUME_SERVICE'],
    );
    const rest = await east.send(new ListOperationsCommand({ ServiceArn: arn, MaxResults: 3, NextToken: page.NextToken }));
    assert.deepEqual(
      rest.OperationSummaryList!.map((o) => o.Type),
      ['PAUSE_SERVICE', 'CREATE_SERVICE'],
    );
    assert.equal(rest.NextToken, undefined);
  });

  test('answers InvalidStateException for mutations that do not fit the status', async () => {
    // Operations end only when the test moves the emulator clock past them.
    await control(emulator, 'apprunner/config', { operationDelayMs: LONG_DELAY_MS });
    const finishOperations = () => control(emulator, 'clock', { advanceMs: LONG_DELAY_MS });
    const { service } = await create(east, imageService('orders-api'));
    const arn = service.ServiceArn!;
    await rejectsWith(east.send(new PauseServiceCommand({ ServiceArn: arn })), 'InvalidStateException', 400, /in progress/);
    await rejectsWith(east.send(new DeleteServiceCommand({ ServiceArn: arn })), 'InvalidStateException');
    await finishOperations();
    assert.equal((await describe_(east, arn)).Status, 'RUNNING');
    await rejectsWith(east.send(new ResumeServiceCommand({ ServiceArn: arn })), 'InvalidStateException', 400, /RUNNING/);
    await east.send(new PauseServiceCommand({ ServiceArn: arn }));
    await finishOperations();
    assert.equal((await describe_(east, arn)).Status, 'PAUSED');
    await rejectsWith(east.send(new PauseServiceCommand({ ServiceArn: arn })), 'InvalidStateException', 400, /PAUSED/);
    // StartDeployment declares no InvalidStateException in the model.
    await rejectsWith(east.send(new StartDeploymentCommand({ ServiceArn: arn })), 'InvalidRequestException', 400, /PAUSED/);
    await rejectsWith(
      east.send(new UpdateServiceCommand({ ServiceArn: arn, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } })),
      'InvalidStateException',
    );
  });

  test('answers ResourceNotFoundException for unknown ARNs and InvalidRequestException for malformed ones', async () => {
    const unknown = `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/ghost/0123456789abcdef0123456789abcdef`;
    await rejectsWith(east.send(new DescribeServiceCommand({ ServiceArn: unknown })), 'ResourceNotFoundException');
    await rejectsWith(east.send(new PauseServiceCommand({ ServiceArn: unknown })), 'ResourceNotFoundException');
    await rejectsWith(east.send(new ListOperationsCommand({ ServiceArn: unknown })), 'ResourceNotFoundException');
    await rejectsWith(east.send(new ListTagsForResourceCommand({ ResourceArn: unknown })), 'ResourceNotFoundException');
    await rejectsWith(east.send(new DescribeServiceCommand({ ServiceArn: 'not-an-arn' })), 'InvalidRequestException');
    await rejectsWith(east.send(new DescribeServiceCommand({} as never)), 'InvalidRequestException', 400, /serviceArn.*must not be null/);
    // A service lives in one region only.
    const { service } = await create(east, imageService('orders-api'));
    await rejectsWith(west.send(new DescribeServiceCommand({ ServiceArn: service.ServiceArn })), 'ResourceNotFoundException');
  });

  test('validates CreateService input like App Runner, but accepts images from a loopback registry', async () => {
    const invalidInputs: Array<[string, CreateServiceCommandInput, RegExp]> = [
      ['short name', imageService('ab'), /serviceName/],
      ['name with a dot', imageService('orders.api'), /serviceName/],
      ['Cpu/Memory pair', { ...imageService('sizes-svc'), InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '4 GB' } }, /combination/],
      ['unknown Cpu', { ...imageService('sizes-svc'), InstanceConfiguration: { Cpu: '3 vCPU' } }, /cpu/],
      [
        'repository type',
        { ServiceName: 'type-svc', SourceConfiguration: imageRepository('localhost:5000/app:v1', 'DOCKER_HUB') },
        /imageRepositoryType/,
      ],
      ['Docker Hub image', imageService('hub-svc', 'us-east-1', 'docker.io/library/nginx:latest'), /imageIdentifier/],
      [
        'private image as ECR_PUBLIC',
        { ServiceName: 'pub-svc', SourceConfiguration: imageRepository(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:v1`, 'ECR_PUBLIC') },
        /ECR Public/,
      ],
      [
        'health check interval',
        { ...imageService('health-svc'), HealthCheckConfiguration: { Interval: 25 } },
        /interval.*less than or equal to 20/,
      ],
      [
        'both sources',
        {
          ServiceName: 'both-svc',
          SourceConfiguration: { ...imageService('x').SourceConfiguration, CodeRepository: codeRepository('REPOSITORY') },
        },
        /exactly one/,
      ],
      ['missing source', { ServiceName: 'nosource-svc' } as CreateServiceCommandInput, /sourceConfiguration.*must not be null/],
      [
        'API config without runtime',
        { ServiceName: 'code-svc', SourceConfiguration: { CodeRepository: codeRepository('API') } },
        /codeConfigurationValues/,
      ],
      ['reserved tag key', { ...imageService('tag-svc'), Tags: [{ Key: 'aws:owner', Value: 'x' }] }, /tags\.1\.key/],
    ];
    for (const [what, input, message] of invalidInputs) {
      await assert.rejects(east.send(new CreateServiceCommand(input)), (e: any) => {
        assert.equal(e.name, 'InvalidRequestException', what);
        assert.match(e.message, message, what);
        return true;
      });
    }
    assert.deepEqual((await east.send(new ListServicesCommand({}))).ServiceSummaryList, [], 'nothing invalid was created');

    const local = await create(east, imageService('local-svc', 'us-east-1', '127.0.0.1:5000/orders-api:20261121-ab12cd3'));
    assert.equal(local.service.SourceConfiguration!.ImageRepository!.ImageIdentifier, '127.0.0.1:5000/orders-api:20261121-ab12cd3');
    const digest = `localhost:5000/team/orders-api@sha256:${'a'.repeat(64)}`;
    await create(east, imageService('digest-svc', 'us-east-1', digest));
    const code = await create(east, {
      ServiceName: 'web-frontend',
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: 'https://github.com/example-org/web-frontend',
          SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
          CodeConfiguration: {
            ConfigurationSource: 'API',
            CodeConfigurationValues: { Runtime: 'NODEJS_22', StartCommand: 'npm start', Port: '3000' },
          },
        },
      },
      InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' },
    });
    assert.deepEqual(code.service.InstanceConfiguration, { Cpu: '256', Memory: '512' });
    await rejectsWith(east.send(new CreateServiceCommand(imageService('local-svc'))), 'InvalidRequestException', 400, /already exists/);
  });

  test('answers ServiceQuotaExceededException with HTTP 402 past the per-region quota', async () => {
    const config = await control(emulator, 'apprunner/config', { serviceQuotaPerRegion: 2 });
    assert.deepEqual(config.body, {
      operationDelayMs: SHORT_DELAY_MS,
      serviceQuotaPerRegion: 2,
      rolePropagationDelayMs: 10_000,
      rollbackDurationMs: 1000,
      autoScalingNamesQuota: 10,
      autoScalingRevisionsQuota: 5,
    });
    await create(east, imageService('first-svc'));
    await create(east, imageService('second-svc'));
    await rejectsWith(east.send(new CreateServiceCommand(imageService('third-svc'))), 'ServiceQuotaExceededException', 402);
    // The quota is per region.
    await create(west, imageService('third-svc', 'eu-west-1'));
    // A deleted service frees its slot.
    const [first] = (await east.send(new ListServicesCommand({}))).ServiceSummaryList!;
    await waitForStatus(east, first.ServiceArn!, 'RUNNING');
    await east.send(new DeleteServiceCommand({ ServiceArn: first.ServiceArn }));
    await waitForStatus(east, first.ServiceArn!, 'DELETED');
    await create(east, imageService('third-svc'));
    assert.equal((await control(emulator, 'apprunner/config', { serviceQuotaPerRegion: 0 })).status, 400);
  });

  test('an access role younger than the propagation delay cannot be assumed, as on AWS (IAM is eventually consistent)', async () => {
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'FreshAccessRole',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'build.apprunner.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    iam.destroy();
    const roleArn = created.Role!.Arn!;
    const withRole = (name: string): CreateServiceCommandInput => ({
      ...imageService(name),
      SourceConfiguration: { ...imageService(name).SourceConfiguration, AuthenticationConfiguration: { AccessRoleArn: roleArn } },
    });
    await rejectsWith(
      east.send(new CreateServiceCommand(withRole('fresh-role-svc'))),
      'InvalidRequestException',
      400,
      /^Error in assuming access role arn:aws:iam::123456789012:role\/FreshAccessRole$/,
    );
    // An existing service switched to the new role: UpdateService answers the same.
    const other = await create(east, imageService('other-svc'));
    await waitForStatus(east, other.service.ServiceArn!, 'RUNNING');
    await rejectsWith(
      east.send(
        new UpdateServiceCommand({ ServiceArn: other.service.ServiceArn, SourceConfiguration: withRole('other-svc').SourceConfiguration }),
      ),
      'InvalidRequestException',
      400,
      /Error in assuming access role/,
    );
    // Once the delay has passed on the emulator's clock, the role works.
    await control(emulator, 'clock', { advanceMs: 10_000 });
    assert.equal((await create(east, withRole('fresh-role-svc'))).service.ServiceName, 'fresh-role-svc');
    await control(emulator, 'apprunner/config', { rolePropagationDelayMs: 0 });
    assert.equal((await control(emulator, 'apprunner/config', { rolePropagationDelayMs: -1 })).status, 400);
  });

  test('turns injected faults into what the SDK sees from AWS', async () => {
    const list = () => east.send(new ListServicesCommand({}));
    await control(emulator, 'faults', { service: 'apprunner', operation: 'ListServices', kind: 'throttle', times: 1 });
    await rejectsWith(list(), 'ThrottlingException', 400);
    assert.deepEqual((await list()).ServiceSummaryList, [], 'a times:1 fault is used up');

    await control(emulator, 'faults', { service: 'apprunner', operation: '*', kind: 'error500', times: 1 });
    await assert.rejects(list(), (e: any) => {
      assert.equal(e.name, 'InternalServiceErrorException');
      assert.equal(e.$metadata.httpStatusCode, 500);
      assert.equal(e.$fault, 'server');
      return true;
    });

    // The latency counts on the emulator's clock: the answer waits until the clock is moved past it.
    await control(emulator, 'faults', { service: '*', operation: 'ListServices', kind: 'latency', latencyMs: 600_000, times: 1 });
    let answered = false;
    const delayed = list().then((out) => {
      answered = true;
      return out;
    });
    const callsNow = async () => (await control(emulator, 'calls', {}, 'GET')).body;
    await waitUntil('the delayed call to arrive', async () => (await callsNow()).inFlight === 1);
    await control(emulator, 'clock', { advanceMs: 300_000 });
    assert.deepEqual((await list()).ServiceSummaryList, [], 'a later call is answered meanwhile');
    assert.equal(answered, false, 'answered before its latency was over');
    assert.equal((await callsNow()).inFlight, 1);
    await control(emulator, 'clock', { advanceMs: 300_000 });
    assert.deepEqual((await delayed).ServiceSummaryList, []);

    await control(emulator, 'faults', { service: 'apprunner', operation: 'ListServices', kind: 'reset', times: 1 });
    await assert.rejects(list(), (e: any) => {
      assert.ok(e.code === 'ECONNRESET' || /socket hang up/.test(e.message), `a dropped connection, got ${e.name}: ${e.message}`);
      assert.equal(e.$metadata?.httpStatusCode, undefined, 'no HTTP answer');
      return true;
    });

    await control(emulator, 'faults', {
      service: 'apprunner',
      operation: 'CreateService',
      kind: 'error',
      code: 'ServiceQuotaExceededException',
      status: 402,
    });
    await rejectsWith(east.send(new CreateServiceCommand(imageService('orders-api'))), 'ServiceQuotaExceededException', 402);
    await control(emulator, 'faults', {}, 'DELETE');
    await create(east, imageService('orders-api'));

    // A rewrite shapes the answers like a hostile endpoint, until cleared; other faults still apply.
    await control(emulator, 'faults', {
      service: 'apprunner',
      operation: 'ListServices',
      kind: 'rewrite',
      from: 'orders-api',
      to: '[x](command:evil)',
    });
    const [shaped] = (await list()).ServiceSummaryList!;
    assert.equal(shaped.ServiceName, '[x](command:evil)');
    assert.match(shaped.ServiceArn!, /:service\/\[x\]\(command:evil\)\//);
    await control(emulator, 'faults', { service: 'apprunner', operation: 'ListServices', kind: 'throttle', times: 1 });
    await rejectsWith(list(), 'ThrottlingException', 400);
    assert.equal((await list()).ServiceSummaryList![0].ServiceName, '[x](command:evil)');
    await control(emulator, 'faults', {}, 'DELETE');
    assert.equal((await list()).ServiceSummaryList![0].ServiceName, 'orders-api');
  });

  test('seeds services; a seeded operation in progress ends after the delay and reads follow the clock', async () => {
    await control(emulator, 'apprunner/config', { operationDelayMs: LONG_DELAY_MS });
    const seeded = await control(emulator, 'seed', {
      apprunner: {
        services: [
          {
            region: 'us-east-1',
            name: 'orders-api',
            image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders-api:v7`,
            cpu: '2 vCPU',
            memory: '4 GB',
            port: 8081,
            env: { LOG_LEVEL: 'debug' },
            minSize: 2,
            maxSize: 8,
            maxConcurrency: 50,
            createdAt: '-10d',
            operations: [
              { type: 'START_DEPLOYMENT', status: 'SUCCEEDED', startedAt: '-2d' },
              { type: 'CREATE_SERVICE', status: 'SUCCEEDED', startedAt: '-10d', endedAt: '-10d+5m' },
              { type: 'UPDATE_SERVICE', status: 'ROLLBACK_SUCCEEDED', startedAt: '-1h' },
            ],
          },
          { region: 'us-east-1', name: 'notifications', status: 'OPERATION_IN_PROGRESS', image: 'public.ecr.aws/example/notifications:2' },
          {
            region: 'eu-west-1',
            name: 'billing-worker',
            status: 'PAUSED',
            codeRepository: 'https://github.com/example-org/billing',
            runtime: 'PYTHON_311',
          },
        ],
      },
    });
    assert.equal(seeded.status, 200);
    const services = (await east.send(new ListServicesCommand({}))).ServiceSummaryList!;
    assert.deepEqual(
      services.map((s) => `${s.ServiceName}:${s.Status}`),
      ['orders-api:RUNNING', 'notifications:OPERATION_IN_PROGRESS'],
    );

    // The in-flight operation first: it shows PENDING only during its first second.
    const notificationsArn = services[1].ServiceArn!;
    const [inFlight] = await operationsOf(east, notificationsArn);
    assert.equal(inFlight.Type, 'START_DEPLOYMENT');
    assert.equal(inFlight.Status, 'PENDING');
    assert.equal(inFlight.EndedAt, undefined);
    await control(emulator, 'clock', { advanceMs: 5_000 });
    assert.equal((await operationsOf(east, notificationsArn))[0].Status, 'IN_PROGRESS');
    await control(emulator, 'clock', { advanceMs: LONG_DELAY_MS });
    // No waiting: the read itself sees that the operation is due.
    assert.equal((await describe_(east, notificationsArn)).Status, 'RUNNING');
    assert.equal((await operationsOf(east, notificationsArn))[0].Status, 'SUCCEEDED');

    const orders = await describe_(east, services[0].ServiceArn!);
    assert.deepEqual(orders.InstanceConfiguration, { Cpu: '2048', Memory: '4096' });
    assert.equal(orders.SourceConfiguration!.ImageRepository!.ImageConfiguration!.Port, '8081');
    assert.equal(Math.round((Date.now() - orders.CreatedAt!.getTime()) / 86_400_000), 10);
    assert.equal(orders.AutoScalingConfigurationSummary!.AutoScalingConfigurationName, 'scaling-2-8-50');
    assert.deepEqual(
      (await operationsOf(east, orders.ServiceArn!)).map((o) => `${o.Type}:${o.Status}`),
      ['UPDATE_SERVICE:ROLLBACK_SUCCEEDED', 'START_DEPLOYMENT:SUCCEEDED', 'CREATE_SERVICE:SUCCEEDED'],
    );
    const paused = (await west.send(new ListServicesCommand({}))).ServiceSummaryList!;
    assert.deepEqual(
      paused.map((s) => `${s.ServiceName}:${s.Status}`),
      ['billing-worker:PAUSED'],
    );
    assert.deepEqual(
      (await operationsOf(west, paused[0].ServiceArn!)).map((o) => o.Type),
      ['PAUSE_SERVICE', 'CREATE_SERVICE'],
    );

    const invalidSeed = await control(emulator, 'seed', {
      apprunner: { services: [{ region: 'us-east-1', name: 'bad-seed', image: 'docker.io/nginx' }] },
    });
    assert.equal(invalidSeed.status, 400);
    assert.match(invalidSeed.body.message, /services\[0\].*imageIdentifier/);
  });

  test('loads the demo seed: eight services in two regions in several states', async () => {
    const demo = await startDefaultEmulator({ port: 0, seedFile: DEMO_SEED, operationDelayMs: LONG_DELAY_MS });
    const demoEast = clientFor(demo, 'us-east-1');
    const demoWest = clientFor(demo, 'eu-west-1');
    try {
      const eastServices = (await demoEast.send(new ListServicesCommand({}))).ServiceSummaryList!;
      const westServices = (await demoWest.send(new ListServicesCommand({}))).ServiceSummaryList!;
      assert.equal(eastServices.length + westServices.length, 8);
      const statuses = new Set([...eastServices, ...westServices].map((s) => s.Status));
      for (const status of ['RUNNING', 'PAUSED', 'CREATE_FAILED', 'OPERATION_IN_PROGRESS']) {
        assert.ok(statuses.has(status as never), `a ${status} service`);
      }
      const described = await Promise.all(westServices.map((s) => describe_(demoWest, s.ServiceArn!)));
      assert.ok(
        described.some((s) => s.SourceConfiguration!.CodeRepository),
        'a source-based service',
      );
      assert.ok(
        described.some((s) => s.SourceConfiguration!.ImageRepository),
        'an image-based service',
      );
      const configs = await demoEast.send(new ListAutoScalingConfigurationsCommand({}));
      assert.deepEqual(
        configs.AutoScalingConfigurationSummaryList!.map((c) => c.AutoScalingConfigurationName),
        ['DefaultConfiguration', 'orders-burst'],
      );
    } finally {
      demoEast.destroy();
      demoWest.destroy();
      await demo.close();
    }
    await assert.rejects(startDefaultEmulator({ port: 0, seedFile: path.join(__dirname, 'no-such-seed.json') }), /ENOENT/);
  });

  test('next-outcome forces failures: CREATE_FAILED, and a rolled-back update that keeps the old image', async () => {
    assert.equal((await control(emulator, 'apprunner/next-outcome', { serviceName: 'broken-svc', status: 'CREATE_FAILED' })).status, 200);
    const broken = await create(east, imageService('broken-svc'));
    await waitForStatus(east, broken.service.ServiceArn!, 'CREATE_FAILED');
    assert.equal((await operationsOf(east, broken.service.ServiceArn!))[0].Status, 'FAILED');
    // A failed creation is fixed with UpdateService.
    await east.send(
      new UpdateServiceCommand({ ServiceArn: broken.service.ServiceArn, InstanceConfiguration: { Cpu: '1 vCPU', Memory: '3 GB' } }),
    );
    assert.equal((await waitForStatus(east, broken.service.ServiceArn!, 'RUNNING')).InstanceConfiguration!.Memory, '3072');

    const { service } = await create(east, imageService('orders-api'));
    const arn = service.ServiceArn!;
    await waitForStatus(east, arn, 'RUNNING');
    await control(emulator, 'apprunner/next-outcome', { serviceName: 'orders-api', region: 'us-east-1', status: 'ROLLBACK_SUCCEEDED' });
    const newImage = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders-api:v2`;
    const updated = await east.send(
      new UpdateServiceCommand({
        ServiceArn: arn,
        SourceConfiguration: { ImageRepository: { ImageIdentifier: newImage, ImageRepositoryType: 'ECR' } },
      }),
    );
    assert.equal(updated.Service!.SourceConfiguration!.ImageRepository!.ImageIdentifier, newImage);
    const rolledBack = await waitForStatus(east, arn, 'RUNNING');
    assert.equal(
      rolledBack.SourceConfiguration!.ImageRepository!.ImageIdentifier,
      service.SourceConfiguration!.ImageRepository!.ImageIdentifier,
    );
    assert.equal((await operationsOf(east, arn))[0].Status, 'ROLLBACK_SUCCEEDED');

    await control(emulator, 'apprunner/next-outcome', { serviceName: 'orders-api', status: 'FAILED' });
    await east.send(new StartDeploymentCommand({ ServiceArn: arn }));
    await waitForStatus(east, arn, 'RUNNING');
    assert.deepEqual((await operationsOf(east, arn)).map((o) => `${o.Type}:${o.Status}`).slice(0, 2), [
      'START_DEPLOYMENT:ROLLBACK_SUCCEEDED',
      'UPDATE_SERVICE:ROLLBACK_SUCCEEDED',
    ]);
    await rejectsWith(
      east.send(new UpdateServiceCommand({ ServiceArn: arn, SourceConfiguration: { CodeRepository: codeRepository('REPOSITORY') } })),
      'InvalidRequestException',
      400,
      /switch/,
    );
    assert.equal((await control(emulator, 'apprunner/next-outcome', { serviceName: 'orders-api', status: 'EXPLODED' })).status, 400);
  });

  test('a failed deployment of a running service is ROLLBACK_IN_PROGRESS while it rolls back (the service busy); ROLLBACK_FAILED can be forced', async () => {
    await control(emulator, 'apprunner/config', { rollbackDurationMs: LONG_DELAY_MS });
    const { service } = await create(east, imageService('rolling-svc'));
    const arn = service.ServiceArn!;
    await waitForStatus(east, arn, 'RUNNING');
    const latest = async (): Promise<string> => `${(await operationsOf(east, arn))[0].Status}/${(await describe_(east, arn)).Status}`;
    for (const outcome of ['ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED']) {
      await control(emulator, 'apprunner/next-outcome', { serviceName: 'rolling-svc', status: outcome });
      await east.send(new StartDeploymentCommand({ ServiceArn: arn }));
      await waitUntil('a rollback in progress', async () => (await latest()) === 'ROLLBACK_IN_PROGRESS/OPERATION_IN_PROGRESS');
      await control(emulator, 'clock', { advanceMs: LONG_DELAY_MS });
      assert.equal(await latest(), `${outcome}/RUNNING`);
    }
    assert.equal((await control(emulator, 'apprunner/config', { rollbackDurationMs: -5 })).status, 400);
  });

  test('publishes service, deployment and operation events on the bus', async () => {
    const events: Array<{ kind: keyof EmulatorEvents; payload: any }> = [];
    for (const kind of ['service-created', 'service-deleted', 'service-event', 'deployment-log', 'operation-ended'] as const) {
      emulator.bus.on(kind, (payload) => events.push({ kind, payload }));
    }
    const { service, operationId } = await create(east, imageService('events-svc'));
    await waitForStatus(east, service.ServiceArn!, 'RUNNING');
    await east.send(new DeleteServiceCommand({ ServiceArn: service.ServiceArn }));
    await waitForStatus(east, service.ServiceArn!, 'DELETED');

    const mine = events.filter((e) => e.payload.serviceId === service.ServiceId);
    assert.ok(
      mine.every((e) => e.payload.serviceName === 'events-svc' && e.payload.region === 'us-east-1' && e.payload.account === ACCOUNT),
    );
    assert.deepEqual(
      mine.filter((e) => e.kind === 'service-created' || e.kind === 'service-deleted').map((e) => e.kind),
      ['service-created', 'service-deleted'],
    );
    const messages = mine.filter((e) => e.kind === 'service-event').map((e) => e.payload.message as string);
    assert.equal(messages[0], 'Service creation started.');
    assert.ok(messages.includes(`Deployment with ID : ${operationId} completed successfully.`));
    assert.ok(messages.includes('Service status is set to RUNNING.'));
    assert.ok(messages.includes('Delete service started.'));
    const deploymentLines = mine.filter((e) => e.kind === 'deployment-log');
    assert.ok(deploymentLines.length >= 2 && deploymentLines.every((e) => e.payload.operationId === operationId));
    assert.deepEqual(
      mine.filter((e) => e.kind === 'operation-ended').map((e) => `${e.payload.type}:${e.payload.status}`),
      ['CREATE_SERVICE:SUCCEEDED', 'DELETE_SERVICE:SUCCEEDED'],
    );
    const times = mine.map((e) => e.payload.at as number);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'events are in time order',
    );
  });

  test('lists and describes auto scaling configurations per region and account', async () => {
    const defaults = await east.send(new ListAutoScalingConfigurationsCommand({}));
    assert.equal(defaults.AutoScalingConfigurationSummaryList!.length, 1);
    const defaultArn = defaults.AutoScalingConfigurationSummaryList![0].AutoScalingConfigurationArn!;
    assert.equal(
      defaultArn,
      `arn:aws:apprunner:us-east-1:${ACCOUNT}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001`,
    );
    const described = await east.send(
      new DescribeAutoScalingConfigurationCommand({
        AutoScalingConfigurationArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:autoscalingconfiguration/DefaultConfiguration`,
      }),
    );
    assert.deepEqual(
      [
        described.AutoScalingConfiguration!.MinSize,
        described.AutoScalingConfiguration!.MaxSize,
        described.AutoScalingConfiguration!.MaxConcurrency,
        described.AutoScalingConfiguration!.Latest,
      ],
      [1, 25, 100, true],
    );
    await rejectsWith(
      east.send(
        new DescribeAutoScalingConfigurationCommand({
          AutoScalingConfigurationArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:autoscalingconfiguration/nope/1`,
        }),
      ),
      'ResourceNotFoundException',
    );
    const otherAccount = clientFor(emulator, 'us-east-1', 'AKID111111111111');
    try {
      const foreign = await otherAccount.send(new ListAutoScalingConfigurationsCommand({}));
      assert.match(foreign.AutoScalingConfigurationSummaryList![0].AutoScalingConfigurationArn!, /:111111111111:/);
      await create(east, imageService('orders-api'));
      assert.deepEqual((await otherAccount.send(new ListServicesCommand({}))).ServiceSummaryList, [], 'accounts do not share services');
    } finally {
      otherAccount.destroy();
    }
  });

  test('answers UnknownOperationException for operations it does not implement', async () => {
    await rejectsWith(east.send(new ListConnectionsCommand({})), 'UnknownOperationException', 400, /ListConnections/);
  });
});

/** Stands in for the Docker deployer: records calls and answers what the test queued. */
class RecordingDeployer implements Deployer {
  readonly deployments: DeploymentRequest[] = [];
  readonly stopped: string[] = [];
  readonly results: DeploymentResult[] = [];

  async deploy(req: DeploymentRequest, log: (line: string) => void): Promise<DeploymentResult> {
    this.deployments.push(req);
    log(`[Build] starting ${req.imageIdentifier}`);
    return this.results.shift() ?? { ok: true, url: `127.0.0.1:${41000 + this.deployments.length}` };
  }

  async stop(_account: string, _region: string, serviceId: string): Promise<void> {
    this.stopped.push(serviceId);
  }
}

describe('App Runner emulator with a deployer', () => {
  test('deploys image services through the deployer and follows its outcome', async () => {
    const deployer = new RecordingDeployer();
    const emulator = await startDefaultEmulator({ port: 0, operationDelayMs: SHORT_DELAY_MS, deployer });
    const client = clientFor(emulator);
    const deploymentLog: Array<{ operationId: string; message: string }> = [];
    emulator.bus.on('deployment-log', (e) => deploymentLog.push(e));
    try {
      const { service, operationId } = await create(client, {
        ServiceName: 'orders-api',
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: '127.0.0.1:5000/orders-api:v1',
            ImageRepositoryType: 'ECR',
            ImageConfiguration: { Port: '3000', RuntimeEnvironmentVariables: { MODE: 'demo' } },
          },
        },
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
      });
      const running = await waitForStatus(client, service.ServiceArn!, 'RUNNING');
      assert.equal(running.ServiceUrl, '127.0.0.1:41001');
      assert.deepEqual(deployer.deployments[0], {
        account: ACCOUNT,
        region: 'us-east-1',
        serviceName: 'orders-api',
        serviceId: service.ServiceId,
        operationId,
        imageIdentifier: '127.0.0.1:5000/orders-api:v1',
        port: '3000',
        env: { MODE: 'demo' },
        healthCheck: { protocol: 'HTTP', path: '/health' },
      });
      assert.ok(deploymentLog.some((l) => l.operationId === operationId && l.message === '[Build] starting 127.0.0.1:5000/orders-api:v1'));

      // A size change alone does not run a new revision.
      await client.send(
        new UpdateServiceCommand({ ServiceArn: service.ServiceArn, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } }),
      );
      await waitForStatus(client, service.ServiceArn!, 'RUNNING');
      assert.equal(deployer.deployments.length, 1);

      deployer.results.push({ ok: false, reason: 'the container exited with code 1' });
      await client.send(
        new UpdateServiceCommand({
          ServiceArn: service.ServiceArn,
          SourceConfiguration: { ImageRepository: { ImageIdentifier: '127.0.0.1:5000/orders-api:v2', ImageRepositoryType: 'ECR' } },
        }),
      );
      const rolledBack = await waitForStatus(client, service.ServiceArn!, 'RUNNING');
      assert.equal(rolledBack.SourceConfiguration!.ImageRepository!.ImageIdentifier, '127.0.0.1:5000/orders-api:v1');
      assert.equal(deployer.deployments[1].imageIdentifier, '127.0.0.1:5000/orders-api:v2');
      const [failedUpdate] = (await client.send(new ListOperationsCommand({ ServiceArn: service.ServiceArn }))).OperationSummaryList!;
      assert.equal(failedUpdate.Status, 'ROLLBACK_SUCCEEDED');
      assert.ok(deploymentLog.some((l) => l.operationId === failedUpdate.Id && /the container exited with code 1/.test(l.message)));

      await client.send(new PauseServiceCommand({ ServiceArn: service.ServiceArn }));
      await waitForStatus(client, service.ServiceArn!, 'PAUSED');
      assert.deepEqual(deployer.stopped, [service.ServiceId]);
      await client.send(new ResumeServiceCommand({ ServiceArn: service.ServiceArn }));
      assert.equal((await waitForStatus(client, service.ServiceArn!, 'RUNNING')).ServiceUrl, '127.0.0.1:41003');

      deployer.results.push({ ok: false, reason: 'image not found' });
      const failed = await create(client, imageService('ghost-api', 'us-east-1', '127.0.0.1:5000/ghost-api:v1'));
      await waitForStatus(client, failed.service.ServiceArn!, 'CREATE_FAILED');
    } finally {
      client.destroy();
      await emulator.close();
    }
  });
});

describe('App Runner module without a server', () => {
  test('tells other emulated services what it knows about a seeded service', () => {
    const bus = new EmulatorBus();
    const created: string[] = [];
    bus.on('service-created', (e) => created.push(e.serviceName));
    const module = createAppRunnerModule({ bus, operationDelayMs: LONG_DELAY_MS });
    const now = Date.UTC(2026, 10, 21, 12);
    const serviceId = '3f9b2a7c1d6e4f80a2b5c8d7e6f1a0b9';
    module.seed!(
      {
        services: [
          {
            region: 'eu-west-1',
            name: 'reporting-api',
            serviceId,
            status: 'PAUSED',
            image: 'localhost:5000/reporting:v1',
            minSize: 3,
            maxSize: 6,
            createdAt: '-1d',
          },
        ],
      },
      now,
    );
    assert.deepEqual(created, ['reporting-api']);
    assert.deepEqual(module.serviceInfo({ account: ACCOUNT, region: 'eu-west-1', serviceName: 'reporting-api', serviceId }), {
      status: 'PAUSED',
      createdAt: now - 86_400_000,
      minSize: 3,
      maxSize: 6,
      maxConcurrency: 100,
    });
    assert.equal(module.serviceInfo({ account: ACCOUNT, region: 'us-east-1', serviceName: 'reporting-api', serviceId }), undefined);
    assert.throws(
      () => module.seed!({ services: [{ region: 'eu-west-1', name: 'reporting-api', image: 'localhost:5000/x' }] }, now),
      /already exists/,
    );
  });
});
