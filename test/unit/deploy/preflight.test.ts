import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerUnavailableError } from '../../../src/deploy/docker';
import type { AppRunnerPort, DeployService, DockerPort } from '../../../src/deploy/ports';
import { AwsCallError } from '../../../src/aws/awsCall';
import { preflight, PreflightError, PreflightInput } from '../../../src/deploy/preflight';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/0123456789abcdef0123456789abcdef';

function svc(over: Partial<DeployService> = {}): DeployService {
  return {
    arn: ARN,
    name: 'orders-api',
    id: '0123456789abcdef0123456789abcdef',
    region: 'us-east-1',
    status: 'RUNNING',
    source: 'image',
    imageIdentifier: '127.0.0.1:5055/orders-api:v1',
    imageRepositoryType: 'ECR',
    port: 8080,
    healthCheck: { protocol: 'TCP' },
    accessRoleArn: 'arn:aws:iam::123456789012:role/AppRunnerECRAccessRole',
    ...over,
  };
}

function ports(opts: { dockerError?: Error; service?: DeployService | Error; existingName?: boolean } = {}) {
  const calls: string[] = [];
  const docker = {
    probe: async () => {
      calls.push('probe');
      if (opts.dockerError) {
        throw opts.dockerError;
      }
      return { flavor: 'docker' as const, versionText: '' };
    },
  } as unknown as DockerPort;
  const appRunner = {
    describe: async () => {
      calls.push('describe');
      if (opts.service instanceof Error) {
        throw opts.service;
      }
      return opts.service ?? svc();
    },
    findByName: async () => {
      calls.push('findByName');
      return opts.existingName ? svc() : undefined;
    },
  } as unknown as AppRunnerPort;
  return { calls, ports: { docker, appRunner } };
}

const input = (over: Partial<PreflightInput> = {}): PreflightInput => ({
  region: 'us-east-1',
  target: { kind: 'existing', arn: ARN },
  dockerfileText: 'FROM local/node:20\nEXPOSE 8080\n',
  dockerfileLabel: 'app/Dockerfile',
  trusted: true,
  ...over,
});

const problem = (kind: string, re: RegExp) => (e: unknown) => e instanceof PreflightError && e.problem === kind && re.test(e.message);

test('all good: account, port and no warnings', async () => {
  const p = ports();
  const r = await preflight(input(), p.ports);
  assert.deepEqual([r.account, r.port, r.warnings, r.portCheck.kind], ['123456789012', 8080, [], 'match']);
  assert.deepEqual(p.calls, ['probe', 'describe']);
});

test('checks stop at the first problem, cheapest first, and touch nothing after it', async () => {
  const untrusted = ports();
  await assert.rejects(preflight(input({ trusted: false }), untrusted.ports), problem('untrusted', /Trust this workspace/));
  assert.deepEqual(untrusted.calls, []);
  const missing = ports();
  await assert.rejects(
    preflight(input({ dockerfileText: undefined }), missing.ports),
    problem('no-dockerfile', /no Dockerfile at app\/Dockerfile/),
  );
  assert.deepEqual(missing.calls, []);
  const noDocker = ports({
    dockerError: new DockerUnavailableError('not-installed', 'Docker was not found: "docker" is not on the PATH.'),
  });
  await assert.rejects(preflight(input(), noDocker.ports), problem('docker', /not on the PATH/));
  assert.deepEqual(noDocker.calls, ['probe']);
});

test('service states that block a deploy', async () => {
  await assert.rejects(
    preflight(input(), ports({ service: svc({ status: 'OPERATION_IN_PROGRESS' }) }).ports),
    problem('service-busy', /busy with another operation/),
  );
  await assert.rejects(
    preflight(input(), ports({ service: svc({ status: 'PAUSED' }) }).ports),
    problem('service-state', /Resume it first/),
  );
  await assert.rejects(preflight(input(), ports({ service: svc({ source: 'code' }) }).ports), problem('code-service', /from source code/));
  await assert.rejects(
    preflight(input(), ports({ service: svc({ accessRoleArn: undefined, imageRepositoryType: 'ECR_PUBLIC' }) }).ports),
    problem('service-state', /no ECR access role/),
  );
  const gone = Object.assign(new Error('Service not found'), { name: 'ResourceNotFoundException' });
  await assert.rejects(preflight(input(), ports({ service: gone }).ports), problem('service-missing', /no longer exists/));
});

test('expired credentials surface as an AWS error with the action', async () => {
  const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
  await assert.rejects(
    preflight(input(), ports({ service: expired }).ports),
    (e: unknown) => e instanceof AwsCallError && e.action === 'apprunner:DescribeService' && e.error === expired,
  );
});

test('a new service: the name must be free; the port comes from the wizard', async () => {
  const settings = {
    name: 'orders-api',
    port: 3000,
    size: { cpu: '1 vCPU', memory: '2 GB' },
    env: {},
    autoDeployments: false,
    healthCheckPath: '',
    accessRole: { kind: 'existing' as const, arn: 'arn:aws:iam::210987654321:role/r' },
  };
  await assert.rejects(
    preflight(input({ target: { kind: 'new', settings } }), ports({ existingName: true }).ports),
    problem('name-taken', /already exists/),
  );
  const r = await preflight(input({ target: { kind: 'new', settings } }), ports().ports);
  assert.equal(r.account, '210987654321');
  assert.equal(r.portCheck.kind, 'mismatch');
  assert.match(r.warnings[0], /exposes port 8080.*port 3000/);
});
