// The emulator driven by a client nobody here wrote: the AWS CLI (botocore), with dummy credentials
// from the environment, for App Runner, CloudWatch Logs (including Live Tail events), CloudWatch,
// ECR and IAM. botocore checks what it parses against AWS's models, and the emulator's contract
// check (on) fails close() on anything the models forbid.
//
// With --endpoint-url, botocore still prefixes StartLiveTail's host with `stream-` (the model's host
// prefix), which a loopback IP cannot take: AWS_DISABLE_HOST_PREFIX_INJECTION=true sends it to the
// endpoint as given, as it would to any single-endpoint emulator.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EmulatorBus } from '../bus';
import { createModules } from '../index';
import { Emulator, startEmulator } from '../server';
import { until } from '../../local/until';

const SEED = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'emulator', 'seeds', 'demo.json');
const ACCOUNT = '123456789012';

let emulator: Emulator;
let work: string;
let env: NodeJS.ProcessEnv;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('aws', ['--endpoint-url', emulator.url, '--output', 'json', ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs an `aws` command that must succeed and returns its JSON output. */
async function aws(...args: string[]): Promise<any> {
  const r = await run(args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

async function control(route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `control ${route}: ${response.status}`);
  return response.json();
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-cli-smoke-'));
  env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ACCESS_KEY_ID: 'AKIDSMOKETEST',
    AWS_SECRET_ACCESS_KEY: 'smoke-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(work, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    PYTHONUNBUFFERED: '1',
  };
  emulator = await startEmulator({
    modules: createModules({ bus: new EmulatorBus(), operationDelayMs: 300, registry: { url: '127.0.0.1:9', password: 'unused' } }),
  });
  await control('seed', JSON.parse(fs.readFileSync(SEED, 'utf8')));
});

after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  // Rejects, naming each one, when any answer broke AWS's models.
  await emulator.close();
});

describe('aws apprunner', () => {
  test('list-services, describe-service, list-operations, then create, pause, resume, start-deployment and delete', async () => {
    const listed = await aws('apprunner', 'list-services');
    const orders = listed.ServiceSummaryList.find((s: any) => s.ServiceName === 'orders-api');
    assert.equal(orders.Status, 'RUNNING');
    const described = await aws('apprunner', 'describe-service', '--service-arn', orders.ServiceArn);
    assert.equal(described.Service.SourceConfiguration.ImageRepository.ImageConfiguration.Port, '8080');
    const operations = await aws('apprunner', 'list-operations', '--service-arn', orders.ServiceArn);
    assert.ok(operations.OperationSummaryList.some((o: any) => o.Type === 'CREATE_SERVICE' && o.Status === 'SUCCEEDED'));

    const created = await aws(
      'apprunner',
      'create-service',
      '--service-name',
      'cli-smoke',
      '--source-configuration',
      JSON.stringify({
        ImageRepository: {
          ImageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
          ImageRepositoryType: 'ECR_PUBLIC',
          ImageConfiguration: { Port: '8000' },
        },
        AutoDeploymentsEnabled: false,
      }),
    );
    const arn = created.Service.ServiceArn;
    assert.equal(created.Service.Status, 'OPERATION_IN_PROGRESS');
    const statusIs = (status: string) => async () =>
      (await aws('apprunner', 'describe-service', '--service-arn', arn)).Service.Status === status ? true : undefined;
    await until('cli-smoke RUNNING', statusIs('RUNNING'));
    assert.ok((await aws('apprunner', 'pause-service', '--service-arn', arn)).OperationId);
    await until('cli-smoke PAUSED', statusIs('PAUSED'));

    // A wrong state, answered as the model declares for StartDeployment.
    const refused = await run(['apprunner', 'start-deployment', '--service-arn', arn]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /InvalidRequestException/);

    await aws('apprunner', 'resume-service', '--service-arn', arn);
    await until('cli-smoke RUNNING again', statusIs('RUNNING'));
    assert.match((await aws('apprunner', 'start-deployment', '--service-arn', arn)).OperationId, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    await until('the deployment to end', statusIs('RUNNING'));
    assert.equal((await aws('apprunner', 'delete-service', '--service-arn', arn)).Service.ServiceArn, arn);
  });

  test('errors come back with the code the CLI shows: a missing service, an operation that is not emulated', async () => {
    const missing = await run([
      'apprunner',
      'describe-service',
      '--service-arn',
      `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/ghost/0123456789abcdef0123456789abcdef`,
    ]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ResourceNotFoundException/);
    const unknown = await run(['apprunner', 'list-connections']);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /UnknownOperationException/);
  });
});

describe('aws logs', () => {
  const group = '/aws/apprunner/cli-smoke-logs/0123456789abcdef0123456789abcdef/application';
  const groupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`;

  test('filter-log-events reads what was written', async () => {
    await control('logs/put', {
      logGroupName: group,
      logStreamName: 'instance/a1',
      events: [{ message: 'GET /health 200' }, { message: 'GET /orders 500' }],
    });
    const found = await aws('logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', '500');
    assert.deepEqual(
      found.events.map((e: any) => [e.logStreamName, e.message]),
      [['instance/a1', 'GET /orders 500']],
    );
    const groups = await aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/aws/apprunner/cli-smoke-logs/');
    assert.deepEqual(
      groups.logGroups.map((g: any) => g.logGroupName),
      [group],
    );
  });

  test('start-live-tail prints the events written while it runs (the CLI needs the initial-response)', async () => {
    const tail = spawn('aws', ['--endpoint-url', emulator.url, 'logs', 'start-live-tail', '--log-group-identifiers', groupArn], { env });
    let stdout = '';
    let stderr = '';
    tail.stdout.on('data', (d) => (stdout += d));
    tail.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => tail.on('exit', (code) => resolve(code)));
    try {
      await until('the CLI to open its Live Tail session', async () => {
        if (tail.exitCode !== null) throw new Error(`aws logs start-live-tail exited (${tail.exitCode}): ${stderr}${stdout}`);
        const { sessions } = await control('logs/sessions');
        return sessions.some((s: any) => s.logGroupIdentifiers.includes(groupArn)) ? true : undefined;
      });
      await control('logs/put', {
        logGroupName: group,
        logStreamName: 'instance/a1',
        events: [{ message: 'live line one' }, { message: 'live line two' }],
      });
      await until('the CLI to print the live events', async () => (/live line one\nlive line two\n/.test(stdout) ? true : undefined));
    } finally {
      tail.kill('SIGINT');
      await exited;
    }
    assert.doesNotMatch(stdout + stderr, /initial-response|Traceback/);
  });
});

describe('aws cloudwatch', () => {
  test('get-metric-data returns the seeded service’s requests', async () => {
    const orders = (await aws('apprunner', 'list-services')).ServiceSummaryList.find((s: any) => s.ServiceName === 'orders-api');
    const end = Math.floor(Date.now() / 60_000) * 60;
    const result = await aws(
      'cloudwatch',
      'get-metric-data',
      '--start-time',
      String(end - 3600),
      '--end-time',
      String(end),
      '--metric-data-queries',
      JSON.stringify([
        {
          Id: 'requests',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/AppRunner',
              MetricName: 'Requests',
              Dimensions: [
                { Name: 'ServiceName', Value: orders.ServiceName },
                { Name: 'ServiceID', Value: orders.ServiceId },
              ],
            },
            Period: 300,
            Stat: 'Sum',
          },
        },
      ]),
    );
    const [series] = result.MetricDataResults;
    assert.equal(series.Id, 'requests');
    assert.equal(series.StatusCode, 'Complete');
    assert.ok(series.Values.length > 0, 'a RUNNING service has request data');
    assert.equal(series.Values.length, series.Timestamps.length);
  });
});

describe('aws ecr', () => {
  test('create-repository, describe-repositories, get-authorization-token', async () => {
    const created = await aws('ecr', 'create-repository', '--repository-name', 'cli-smoke/api');
    assert.equal(created.repository.repositoryName, 'cli-smoke/api');
    const described = await aws('ecr', 'describe-repositories', '--repository-names', 'cli-smoke/api');
    assert.equal(described.repositories[0].repositoryUri, created.repository.repositoryUri);
    const token = await aws('ecr', 'get-authorization-token');
    assert.match(Buffer.from(token.authorizationData[0].authorizationToken, 'base64').toString('utf8'), /^AWS:/);
    const duplicate = await run(['ecr', 'create-repository', '--repository-name', 'cli-smoke/api']);
    assert.match(duplicate.stderr, /RepositoryAlreadyExistsException/);
  });
});

describe('aws iam', () => {
  test('create-role, attach-role-policy, list-roles, list-attached-role-policies; a missing role is NoSuchEntity', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'build.apprunner.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const created = await aws('iam', 'create-role', '--role-name', 'CliSmokeRole', '--assume-role-policy-document', trust);
    assert.equal(created.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/CliSmokeRole`);
    const policy = 'arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess';
    await aws('iam', 'attach-role-policy', '--role-name', 'CliSmokeRole', '--policy-arn', policy);
    const roles = await aws('iam', 'list-roles');
    assert.ok(roles.Roles.some((r: any) => r.RoleName === 'CliSmokeRole'));
    const attached = await aws('iam', 'list-attached-role-policies', '--role-name', 'CliSmokeRole');
    assert.deepEqual(
      attached.AttachedPolicies.map((p: any) => p.PolicyArn),
      [policy],
    );
    const missing = await run(['iam', 'get-role', '--role-name', 'NoSuchRole']);
    assert.match(missing.stderr, /NoSuchEntity/);
  });
});
