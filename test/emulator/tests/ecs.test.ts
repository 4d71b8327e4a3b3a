// The ECS Express Mode emulation (test/emulator/ecs.ts) driven by the real @aws-sdk/client-ecs and by
// the AWS CLI (botocore), under the contract check: validation and errors as the model has them, IAM
// propagation and trust of the roles, the service deployments' lifecycle, and (with Docker) the primary
// container run from the local registry behind the service's endpoint, with its secrets read by the
// execution role, and a failing deployment rolled back.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateExpressGatewayServiceCommand,
  CreateExpressGatewayServiceCommandInput,
  DeleteExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListClustersCommand,
  ListServiceDeploymentsCommand,
  ServiceDeployment,
  UpdateExpressGatewayServiceCommand,
} from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dockerUsable, readRegistryEnv } from '../dockerDeployer';
import type { RegistryAccess } from '../ecr';
import { DefaultEmulator, startDefaultEmulator } from '../index';
import { until } from '../../local/until';

const ACCOUNT = '123456789012';
const SAMPLE_APPS = path.resolve(__dirname, '../../../../test/fixtures/sample-apps');
const EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const INFRASTRUCTURE_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const clients = (emulator: DefaultEmulator) => ({
  ecs: new ECSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 }),
  iam: new IAMClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 }),
  secrets: new SecretsManagerClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 }),
});

async function control(emulator: DefaultEmulator, route: string, body: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `control ${route}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** Creates a role trusting `service` with one managed policy; returns its ARN. */
async function createRole(iam: IAMClient, name: string, service: string, policyArn: string): Promise<string> {
  const out = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  return out.Role!.Arn!;
}

async function createRoles(iam: IAMClient, prefix: string): Promise<{ executionRoleArn: string; infrastructureRoleArn: string }> {
  return {
    executionRoleArn: await createRole(iam, `${prefix}-execution`, 'ecs-tasks.amazonaws.com', EXECUTION_POLICY),
    infrastructureRoleArn: await createRole(iam, `${prefix}-infrastructure`, 'ecs.amazonaws.com', INFRASTRUCTURE_POLICY),
  };
}

async function deploymentsOf(ecs: ECSClient, serviceArn: string): Promise<ServiceDeployment[]> {
  const listed = await ecs.send(new ListServiceDeploymentsCommand({ service: serviceArn }));
  const arns = (listed.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn!);
  return arns.length
    ? ((await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns }))).serviceDeployments ?? [])
    : [];
}

/** The newest deployment once it is in one of `statuses`; every status it went through on the way is recorded. */
async function newestDeploymentIn(ecs: ECSClient, serviceArn: string, statuses: string[], seen: string[] = []): Promise<ServiceDeployment> {
  return until(`a deployment of ${serviceArn} in ${statuses.join('/')}`, async () => {
    const newest = (await deploymentsOf(ecs, serviceArn))[0];
    if (newest?.status && seen[seen.length - 1] !== newest.status) seen.push(newest.status);
    return newest && statuses.includes(newest.status!) ? newest : undefined;
  });
}

describe('ECS Express Mode emulator: API (no Docker)', () => {
  let emulator: DefaultEmulator;
  let ecs: ECSClient;
  let iam: IAMClient;

  before(async () => {
    emulator = await startDefaultEmulator({ port: 0 });
    ({ ecs, iam } = clients(emulator));
  });
  beforeEach(async () => {
    await control(emulator, 'reset', {});
  });
  after(async () => {
    ecs?.destroy();
    iam?.destroy();
    await emulator?.close();
  });

  function input(
    roles: { executionRoleArn: string; infrastructureRoleArn: string },
    name: string,
  ): CreateExpressGatewayServiceCommandInput {
    return {
      ...roles,
      serviceName: name,
      primaryContainer: { image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v1`, containerPort: 8080 },
      cpu: '1024',
      memory: '2048',
      healthCheckPath: '/health',
      scalingTarget: { minTaskCount: 1, maxTaskCount: 4, autoScalingMetric: 'REQUEST_COUNT_PER_TARGET', autoScalingTargetValue: 900 },
      tags: [{ key: 'team', value: 'payments' }],
    };
  }

  test('new roles cannot be assumed until IAM has propagated them; a role that trusts the wrong service never can', async () => {
    const roles = await createRoles(iam, 'fresh');
    await rejectsWith(
      ecs.send(new CreateExpressGatewayServiceCommand(input(roles, 'orders'))),
      'InvalidParameterException',
      /unable to assume the role '.*fresh-infrastructure'/,
    );
    const wrongTrust = await createRole(iam, 'wrong-trust', 'ecs.amazonaws.com', EXECUTION_POLICY);
    await control(emulator, 'ecs/config', { rolePropagationDelayMs: 0 });
    await rejectsWith(
      ecs.send(new CreateExpressGatewayServiceCommand(input({ ...roles, executionRoleArn: wrongTrust }, 'orders'))),
      'InvalidParameterException',
      /unable to assume the role '.*wrong-trust'.*ecs-tasks\.amazonaws\.com/,
    );
    await rejectsWith(
      ecs.send(
        new CreateExpressGatewayServiceCommand(input({ ...roles, executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/nobody` }, 'orders')),
      ),
      'InvalidParameterException',
      /unable to assume the role/,
    );
    const created = await ecs.send(new CreateExpressGatewayServiceCommand(input(roles, 'orders')));
    assert.equal(created.service?.serviceArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/orders`);
  });

  test('validates its input as ECS does', async () => {
    await control(emulator, 'ecs/config', { rolePropagationDelayMs: 0 });
    const roles = await createRoles(iam, 'valid');
    const cases: Array<[string, CreateExpressGatewayServiceCommandInput, string, RegExp]> = [
      [
        'no primary container',
        { ...input(roles, 'a'), primaryContainer: undefined },
        'InvalidParameterException',
        /primaryContainer is required/,
      ],
      ['no image', { ...input(roles, 'a'), primaryContainer: { image: '' } }, 'InvalidParameterException', /image is required/],
      [
        'a Fargate size that does not exist',
        { ...input(roles, 'a'), cpu: '256', memory: '4096' },
        'ClientException',
        /256 CPU, 4096 memory/,
      ],
      ['a bad name', input(roles, 'bad name!'), 'InvalidParameterException', /serviceName 'bad name!'/],
      ['a relative health check path', { ...input(roles, 'a'), healthCheckPath: 'health' }, 'InvalidParameterException', /healthCheckPath/],
      [
        'min above max',
        { ...input(roles, 'a'), scalingTarget: { minTaskCount: 5, maxTaskCount: 2 } },
        'InvalidParameterException',
        /minTaskCount/,
      ],
      ['an unknown cluster', { ...input(roles, 'a'), cluster: 'prod' }, 'ClusterNotFoundException', /Cluster not found/],
      [
        'a role that is not an ARN',
        { ...input(roles, 'a'), executionRoleArn: 'ecsTaskExecutionRole' },
        'InvalidParameterException',
        /executionRoleArn/,
      ],
      ['an aws: tag', { ...input(roles, 'a'), tags: [{ key: 'aws:x', value: '' }] }, 'InvalidParameterException', /tag key 'aws:x'/],
    ];
    for (const [what, given, name, message] of cases) {
      await rejectsWith(ecs.send(new CreateExpressGatewayServiceCommand(given)), name, message).catch((e) => {
        throw new Error(`${what}: ${(e as Error).message}`);
      });
    }
    await rejectsWith(ecs.send(new ListClustersCommand({})), 'UnknownOperationException');
  });

  test('a service deployment goes PENDING → IN_PROGRESS → SUCCESSFUL; update, name in use, delete, inactive', async () => {
    await control(emulator, 'ecs/config', { rolePropagationDelayMs: 0, deploymentDelayMs: 1200 });
    const roles = await createRoles(iam, 'life');
    const created = await ecs.send(new CreateExpressGatewayServiceCommand(input(roles, 'orders')));
    const service = created.service!;
    assert.equal(service.status?.statusCode, 'ACTIVE');
    assert.equal(service.cluster, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/default`);
    const configuration = service.activeConfigurations![0];
    assert.equal(configuration.primaryContainer?.containerPort, 8080);
    assert.equal(configuration.healthCheckPath, '/health');
    assert.match(configuration.ingressPaths![0].endpoint!, /^127\.0\.0\.1:\d+$/);
    assert.equal(configuration.ingressPaths![0].accessType, 'PUBLIC');
    assert.match(service.currentDeployment!, /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/default\/orders\/[\w-]{21}$/);

    const seen: string[] = [];
    const done = await newestDeploymentIn(ecs, service.serviceArn!, ['SUCCESSFUL'], seen);
    assert.deepEqual(seen, ['PENDING', 'IN_PROGRESS', 'SUCCESSFUL']);
    assert.equal(done.serviceDeploymentArn, service.currentDeployment);
    assert.equal(done.targetServiceRevision?.arn, configuration.serviceRevisionArn);
    assert.ok(done.finishedAt && done.startedAt && done.finishedAt >= done.startedAt);

    await rejectsWith(
      ecs.send(new CreateExpressGatewayServiceCommand(input(roles, 'orders'))),
      'InvalidParameterException',
      /not idempotent/,
    );

    const updated = await ecs.send(
      new UpdateExpressGatewayServiceCommand({
        serviceArn: service.serviceArn,
        primaryContainer: { image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v2`, containerPort: 8080 },
      }),
    );
    assert.equal(updated.service?.targetConfiguration?.primaryContainer?.image, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v2`);
    assert.equal(
      updated.service?.targetConfiguration?.ingressPaths?.[0].endpoint,
      configuration.ingressPaths![0].endpoint,
      'the endpoint stays',
    );
    const second = await newestDeploymentIn(ecs, service.serviceArn!, ['SUCCESSFUL']);
    assert.equal(second.sourceServiceRevisions?.[0].arn, configuration.serviceRevisionArn);
    assert.equal((await deploymentsOf(ecs, service.serviceArn!)).length, 2);

    const described = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: service.serviceArn, include: ['TAGS'] }));
    assert.deepEqual(described.service?.tags, [{ key: 'team', value: 'payments' }]);
    assert.equal(described.service?.activeConfigurations?.length, 1);
    assert.equal(
      described.service?.activeConfigurations?.[0].primaryContainer?.image,
      `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v2`,
    );

    const deleted = await ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn: service.serviceArn }));
    assert.equal(deleted.service?.status?.statusCode, 'DRAINING');
    await rejectsWith(ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn: service.serviceArn })), 'ServiceNotActiveException');
    await until('the service to become INACTIVE', async () => {
      const d = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: service.serviceArn }));
      return d.service?.status?.statusCode === 'INACTIVE' ? d : undefined;
    });
    await rejectsWith(
      ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: service.serviceArn, cpu: '512', memory: '1024' })),
      'ServiceNotActiveException',
    );
    // An inactive service's name may be used again.
    await ecs.send(new CreateExpressGatewayServiceCommand(input(roles, 'orders')));

    await rejectsWith(
      ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/nope` })),
      'ResourceNotFoundException',
    );
    await rejectsWith(ecs.send(new ListServiceDeploymentsCommand({ service: 'nope' })), 'ServiceNotFoundException');
    const missing = await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/default/nope/x`],
      }),
    );
    assert.deepEqual(
      missing.failures?.map((f) => f.reason),
      ['MISSING'],
    );
    assert.deepEqual(emulator.contractViolations(), []);
  });

  test('the AWS CLI (botocore) creates, describes and lists deployments of an Express service', async () => {
    await control(emulator, 'ecs/config', { rolePropagationDelayMs: 0 });
    const roles = await createRoles(iam, 'cli');
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ecs-cli-'));
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: path.join(work, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    const aws = (...args: string[]): Promise<any> =>
      new Promise((resolve, reject) =>
        execFile(
          'aws',
          ['--endpoint-url', emulator.url, '--output', 'json', 'ecs', ...args],
          { env, timeout: 120_000 },
          (error, stdout, stderr) => (error ? reject(new Error(`aws ecs ${args[0]} failed: ${stderr}`)) : resolve(JSON.parse(stdout))),
        ),
      );
    try {
      const created = await aws(
        'create-express-gateway-service',
        '--service-name',
        'cli-svc',
        '--execution-role-arn',
        roles.executionRoleArn,
        '--infrastructure-role-arn',
        roles.infrastructureRoleArn,
        '--primary-container',
        JSON.stringify({ image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v1`, containerPort: 8080 }),
      );
      const arn = created.service.serviceArn;
      assert.equal(arn, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/cli-svc`);
      const described = await aws('describe-express-gateway-service', '--service-arn', arn);
      assert.equal(described.service.activeConfigurations[0].healthCheckPath, '/ping', "ECS Express's default path");
      assert.equal(described.service.activeConfigurations[0].cpu, '256');
      const listed = await aws('list-service-deployments', '--service', arn);
      assert.equal(listed.serviceDeployments.length, 1);
      const detail = await aws(
        'describe-service-deployments',
        '--service-deployment-arns',
        listed.serviceDeployments[0].serviceDeploymentArn,
      );
      assert.equal(detail.serviceDeployments[0].serviceArn, arn);
      await aws('delete-express-gateway-service', '--service-arn', arn);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
});

function command(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

describe('ECS Express Mode emulator with Docker: the container behind the endpoint', { timeout: 240_000 }, () => {
  let registry: RegistryAccess;
  let emulator: DefaultEmulator;
  let ecs: ECSClient;
  let iam: IAMClient;
  let secrets: SecretsManagerClient;
  let dockerEnv: NodeJS.ProcessEnv;
  let dockerConfig: string;
  const pushed: string[] = [];

  async function docker(args: string[], input?: string): Promise<void> {
    const out = await command('docker', args, { env: dockerEnv, input });
    assert.equal(out.code, 0, `docker ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`);
  }

  async function pushSample(app: string): Promise<string> {
    const uri = `${registry.url}/ecs-test-${app}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}:v1`;
    await docker(['build', '--quiet', '-t', uri, path.join(SAMPLE_APPS, app)]);
    await docker(['push', uri]);
    pushed.push(uri);
    return uri;
  }

  before(async () => {
    const found = await readRegistryEnv();
    assert.ok(found, 'no registry.env in the state dir: run scripts/docker-up.sh first');
    assert.ok(await dockerUsable(), 'the Docker engine does not answer: run scripts/docker-up.sh first');
    registry = found;
    emulator = await startDefaultEmulator({ port: 0, registry });
    ({ ecs, iam, secrets } = clients(emulator));
    dockerConfig = await fs.mkdtemp(path.join(os.tmpdir(), 'ecs-test-docker-'));
    dockerEnv = { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '0' };
    await docker(['login', '--username', 'AWS', '--password-stdin', registry.url], registry.password);
    await control(emulator, 'ecs/config', { rolePropagationDelayMs: 0 });
  });
  after(async () => {
    ecs?.destroy();
    iam?.destroy();
    secrets?.destroy();
    await emulator?.close();
    if (pushed.length) await command('docker', ['rmi', '-f', ...pushed]);
    if (dockerConfig) await fs.rm(dockerConfig, { recursive: true, force: true });
  });

  test('runs the image with its environment and secrets (read by the execution role); a deployment that never listens rolls back', async () => {
    const envEcho = await pushSample('env-echo');
    const roles = await createRoles(iam, 'docker');
    const secret = await secrets.send(new CreateSecretCommand({ Name: 'orders/db-password', SecretString: 's3cret' }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'docker-execution',
        PolicyName: 'secrets',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secret.ARN] }],
        }),
      }),
    );
    const created = await ecs.send(
      new CreateExpressGatewayServiceCommand({
        ...roles,
        serviceName: 'echo',
        primaryContainer: {
          image: envEcho,
          containerPort: 80,
          environment: [{ name: 'GREETING', value: 'hello from ECS' }],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: secret.ARN! }],
        },
      }),
    );
    const arn = created.service!.serviceArn!;
    const endpoint = `http://${created.service!.activeConfigurations![0].ingressPaths![0].endpoint}`;
    await newestDeploymentIn(ecs, arn, ['SUCCESSFUL']);
    assert.equal(await (await fetch(`${endpoint}/env/GREETING`)).text(), 'hello from ECS');
    assert.equal(await (await fetch(`${endpoint}/env/DB_PASSWORD`)).text(), 's3cret');

    const noListen = await pushSample('no-listen');
    await control(emulator, 'ecs/config', { rollbackDurationMs: 500 });
    await ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: arn, primaryContainer: { image: noListen, containerPort: 80 } }));
    const seen: string[] = [];
    const rolledBack = await newestDeploymentIn(ecs, arn, ['ROLLBACK_SUCCESSFUL'], seen);
    assert.ok(seen.includes('IN_PROGRESS') && seen.includes('ROLLBACK_IN_PROGRESS'), seen.join(' → '));
    assert.match(rolledBack.statusReason!, /circuit breaker.*Health check failed/);
    assert.equal(await (await fetch(`${endpoint}/env/GREETING`)).text(), 'hello from ECS', 'the previous revision keeps serving');

    // Without the permission the execution role cannot read the secret: the first deployment stops.
    const unreadable = await ecs.send(
      new CreateExpressGatewayServiceCommand({
        ...roles,
        serviceName: 'no-secret',
        primaryContainer: {
          image: envEcho,
          containerPort: 80,
          secrets: [{ name: 'TOKEN', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/token` }],
        },
      }),
    );
    const stopped = await newestDeploymentIn(ecs, unreadable.service!.serviceArn!, ['STOPPED']);
    assert.match(
      stopped.statusReason!,
      /ResourceInitializationError: unable to pull secrets.*execution role .*docker-execution is not allowed to perform ssm:GetParameters/,
    );
    const unavailable = await fetch(`http://${unreadable.service!.activeConfigurations![0].ingressPaths![0].endpoint}/ping`);
    assert.equal(unavailable.status, 503, 'no healthy task: the load balancer answers 503');
    assert.deepEqual(emulator.contractViolations(), []);
  });
});
